//! `using` and `await using` declarations.
//!
//! A statement list that declares `using` bindings (a block, a function
//! body, a module's top level, a `for` head, one iteration of a
//! `for (using x of …)`) is compiled like
//! `try { body } finally { dispose }` around a disposal scope: a register
//! holding a `DisposeState` (`builtins/disposable_stack.rs`) created on
//! entry. Each declaration adds its value to the scope (`DisposeAdd`).
//! Every exit (normal, throw, return, break, continue, a generator's
//! `return()`) reaches the finalizer through the ordinary finally routing
//! (`FinallyScope`). The finalizer disposes the resources newest first
//! with a `DisposeStep` loop; in a scope with `await using` each step may
//! produce a value to await, whose rejection is recorded (`DisposeError`)
//! as the SuppressedError chain grows. `DisposeEnd` throws the final error,
//! if any; otherwise the finally epilogue resumes the exit taken.

use oxc_ast::ast::{self, Statement};

use super::Unit;
use crate::bytecode::{Handler, Insn};
use crate::string::Atom;
use crate::syntax::SyntaxError;

type R<T = ()> = Result<T, SyntaxError>;

/// Whether `stmts` declare `using` bindings directly: `Some(true)` if any
/// is an `await using`.
pub(crate) fn using_kind(stmts: &[Statement]) -> Option<bool> {
    let mut found = None;
    for s in stmts {
        if let Statement::VariableDeclaration(d) = s {
            match d.kind {
                ast::VariableDeclarationKind::Using => found = Some(found.unwrap_or(false)),
                ast::VariableDeclarationKind::AwaitUsing => found = Some(true),
                _ => {}
            }
        }
    }
    found
}

/// Whether a declaration is `using` (`Some(false)`) or `await using`.
pub(crate) fn declaration_using_kind(d: &ast::VariableDeclaration) -> Option<bool> {
    match d.kind {
        ast::VariableDeclarationKind::Using => Some(false),
        ast::VariableDeclarationKind::AwaitUsing => Some(true),
        _ => None,
    }
}

impl Unit<'_> {
    /// The statements of a scope that is already open, disposing its
    /// `using` resources when it is left.
    pub fn scope_statements(&mut self, stmts: &[Statement]) -> R {
        match using_kind(stmts) {
            Some(is_async) => self.with_disposal(is_async, |u| u.statements(stmts)),
            None => self.statements(stmts),
        }
    }

    /// Compiles `body` inside a disposal scope (see the module docs).
    pub fn with_disposal(&mut self, is_async: bool, body: impl FnOnce(&mut Self) -> R) -> R {
        let m = self.mark();
        let scope = self.reg();
        self.emit(Insn::DisposeNew { dst: scope });
        let env_save = self.reg();
        self.emit(Insn::SaveEnv { dst: env_save });
        let kind_reg = self.reg();
        let value_reg = self.reg();
        self.begin_finally(kind_reg, value_reg);
        self.f().using_scopes.push(scope);
        let try_start = self.here();
        let result = body(self);
        self.f().using_scopes.pop();
        result?;
        let fin = self.enter_finally(try_start, kind_reg, value_reg, env_save);
        self.emit(Insn::DisposeBegin {
            scope,
            kind: kind_reg,
            value: value_reg,
        });
        let top = self.here();
        let awaited = self.reg();
        let step = self.emit(Insn::DisposeStep {
            dst: awaited,
            scope,
            target: 0,
        });
        if is_async {
            let await_start = self.here();
            self.emit(Insn::Await {
                dst: awaited,
                src: awaited,
            });
            let await_end = self.here();
            let back = self.jump();
            self.patch(back, top);
            let catch = self.here();
            self.emit(Insn::Catch { dst: awaited });
            self.emit(Insn::DisposeError {
                scope,
                error: awaited,
            });
            let back = self.jump();
            self.patch(back, top);
            self.f().handlers.push(Handler {
                start: await_start,
                end: await_end,
                target: catch,
            });
        } else {
            let back = self.jump();
            self.patch(back, top);
        }
        self.patch_here(step);
        self.emit(Insn::DisposeEnd { scope });
        self.finally_epilogue(fin);
        self.release(m);
        Ok(())
    }

    /// `using x = …, y = …;` / `await using …`: binds each value and adds it
    /// to the innermost disposal scope.
    pub fn using_declaration(&mut self, d: &ast::VariableDeclaration) -> R {
        let is_async = declaration_using_kind(d) == Some(true);
        let Some(&scope) = self.fr().using_scopes.last() else {
            return self.error("'using' declarations are not allowed here", d.span);
        };
        for decl in &d.declarations {
            let m = self.mark();
            let v = self.reg();
            let name = match &decl.id {
                ast::BindingPattern::BindingIdentifier(id) => {
                    Some(Atom::intern_str(id.name.as_str()))
                }
                _ => None,
            };
            match &decl.init {
                Some(init) => self.named_expr(init, v, name)?,
                None => {
                    self.emit(Insn::LoadUndefined { dst: v });
                }
            }
            self.at(decl.span.start);
            // The resource is added before the binding is initialized.
            self.emit(Insn::DisposeAdd {
                scope,
                value: v,
                is_async,
            });
            self.bind_pattern(&decl.id, v, true)?;
            self.release(m);
        }
        Ok(())
    }

    /// Binds a `for (using x of …)` head's value and adds it to the
    /// iteration's disposal scope.
    pub fn using_for_head(
        &mut self,
        d: &ast::VariableDeclaration,
        value: crate::bytecode::Reg,
    ) -> R {
        let is_async = declaration_using_kind(d) == Some(true);
        let decl = d
            .declarations
            .first()
            .expect("for head declares one binding");
        let Some(&scope) = self.fr().using_scopes.last() else {
            return self.error("'using' declarations are not allowed here", d.span);
        };
        self.emit(Insn::DisposeAdd {
            scope,
            value,
            is_async,
        });
        self.bind_pattern(&decl.id, value, true)
    }
}
