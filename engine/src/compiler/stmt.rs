//! Statements.

use oxc_ast::ast::{self, Statement};
use oxc_span::GetSpan;

use super::{
    COMPLETION_NORMAL, COMPLETION_RETURN, COMPLETION_THROW, FinallyScope, JumpScope, Unit,
};
use crate::bytecode::{BinOp, Handler, Insn, Reg, UnpackValue};
use crate::string::Atom;
use crate::syntax::SyntaxError;

type R<T = ()> = Result<T, SyntaxError>;

impl Unit<'_> {
    /// Opens a finally scope: exits from here on route through its code,
    /// their completion kind in `kind_reg` and value in `value_reg`.
    pub(crate) fn begin_finally(&mut self, kind_reg: Reg, value_reg: Reg) {
        let fin = FinallyScope {
            kind_reg,
            value_reg,
            entries: Vec::new(),
            exits: Vec::new(),
            has_return: false,
            env_level: self.fr().env_level,
            jump_depth: self.fr().jumps.len(),
        };
        self.f().finallies.push(fin);
    }

    /// Ends the region protected by the innermost finally (begun at
    /// `try_start`): a normal exit and a throw (caught into `value_reg`,
    /// with the environment restored from `env_save`) both continue into
    /// the finally code emitted next, their completion kind in `kind_reg`,
    /// as do the jumps routed through it. Returns the finally scope.
    pub(crate) fn enter_finally(
        &mut self,
        try_start: u32,
        kind_reg: Reg,
        value_reg: Reg,
        env_save: Reg,
    ) -> FinallyScope {
        let protected_end = self.here();
        self.emit(Insn::LoadInt {
            dst: kind_reg,
            value: COMPLETION_NORMAL,
        });
        let to_finally = self.jump();
        let throw_target = self.here();
        self.emit(Insn::Catch { dst: value_reg });
        self.emit(Insn::LoadInt {
            dst: kind_reg,
            value: COMPLETION_THROW,
        });
        self.emit(Insn::RestoreEnv { src: env_save });
        self.f().handlers.push(Handler {
            start: try_start,
            end: protected_end,
            target: throw_target,
        });
        let mut fin = self.f().finallies.pop().expect("finally scope");
        for entry in std::mem::take(&mut fin.entries) {
            self.patch_here(entry);
        }
        self.patch_here(to_finally);
        fin
    }

    pub fn statements(&mut self, stmts: &[Statement]) -> R {
        for s in stmts {
            self.statement(s)?;
        }
        Ok(())
    }

    /// Instantiates the function declarations directly in `stmts` (they
    /// are hoisted to the start of their scope).
    pub fn hoist_functions(&mut self, stmts: &[Statement]) -> R {
        for s in stmts {
            let func = match s {
                Statement::FunctionDeclaration(f) => f,
                Statement::ExportDeclaration(e) => match &e.declaration {
                    ast::Declaration::FunctionDeclaration(f) => f,
                    _ => continue,
                },
                Statement::ExportDefaultDeclaration(e) => match &e.declaration {
                    ast::ExportDefaultDeclarationKind::FunctionDeclaration(f) if f.id.is_some() => {
                        f
                    }
                    _ => continue,
                },
                _ => continue,
            };
            let Some(id) = &func.id else { continue };
            let m = self.mark();
            let r = self.reg();
            let index = self.function(func, None)?;
            self.emit(Insn::MakeClosure { dst: r, index });
            let name = self.resolve_binding_id(id);
            self.store_name(name, r, true);
            self.release(m);
        }
        Ok(())
    }

    pub fn statement(&mut self, s: &Statement) -> R {
        self.enter(s.span())?;
        let result = self.statement_inner(s);
        self.leave();
        result
    }

    fn statement_inner(&mut self, s: &Statement) -> R {
        if !matches!(s, Statement::LabeledStatement(_)) {
            // Labels apply only to the statement right after them.
            if !s.is_iteration_statement() {
                self.f().pending_labels.clear();
            }
        }
        match s {
            Statement::EmptyStatement(_) | Statement::DebuggerStatement(_) => {}
            Statement::ExpressionStatement(e) => {
                self.at(e.span.start);
                match self.completion_reg() {
                    Some(c) => self.expr(&e.expression, c)?,
                    None => {
                        let m = self.mark();
                        self.expr_temp(&e.expression)?;
                        self.release(m);
                    }
                }
            }
            Statement::BlockStatement(b) => self.block(b)?,
            Statement::VariableDeclaration(d) => self.variable_declaration(d)?,
            Statement::FunctionDeclaration(_) => {}
            Statement::ClassDeclaration(c) => {
                let m = self.mark();
                let r = self.reg();
                self.class(c, r, None)?;
                if let Some(id) = &c.id {
                    let name = self.resolve_binding_id(id);
                    self.store_name(name, r, true);
                }
                self.release(m);
            }
            Statement::IfStatement(i) => {
                self.reset_completion();
                let m = self.mark();
                let test = self.expr_temp(&i.test)?;
                let to_else = self.emit(Insn::JumpIfFalse {
                    cond: test,
                    target: 0,
                });
                self.release(m);
                self.statement(&i.consequent)?;
                if let Some(alt) = &i.alternate {
                    let to_end = self.jump();
                    self.patch_here(to_else);
                    self.statement(alt)?;
                    self.patch_here(to_end);
                } else {
                    self.patch_here(to_else);
                }
            }
            Statement::WhileStatement(w) => {
                self.reset_completion();
                let top = self.here();
                let scope = self.push_loop();
                let m = self.mark();
                let test = self.expr_temp(&w.test)?;
                let exit = self.emit(Insn::JumpIfFalse {
                    cond: test,
                    target: 0,
                });
                self.release(m);
                self.statement(&w.body)?;
                let back = self.jump();
                self.patch(back, top);
                self.pop_loop(scope, top);
                self.patch_here(exit);
            }
            Statement::DoWhileStatement(d) => {
                self.reset_completion();
                let top = self.here();
                let scope = self.push_loop();
                self.statement(&d.body)?;
                let cont = self.here();
                let m = self.mark();
                let test = self.expr_temp(&d.test)?;
                let back = self.emit(Insn::JumpIfTrue {
                    cond: test,
                    target: 0,
                });
                self.patch(back, top);
                self.release(m);
                self.pop_loop(scope, cont);
            }
            Statement::ForStatement(f) => self.for_statement(f)?,
            Statement::ForInStatement(f) => self.for_in(f)?,
            Statement::ForOfStatement(f) => self.for_of(f)?,
            Statement::ContinueStatement(c) => {
                let target = self.find_jump(
                    c.label.as_ref().map(|l| Atom::intern_str(l.name.as_str())),
                    true,
                );
                match target {
                    Some(t) => self.jump_out(t, true),
                    None => return self.error("Illegal continue statement", c.span),
                }
            }
            Statement::BreakStatement(b) => {
                let target = self.find_jump(
                    b.label.as_ref().map(|l| Atom::intern_str(l.name.as_str())),
                    false,
                );
                match target {
                    Some(t) => self.jump_out(t, false),
                    None => return self.error("Illegal break statement", b.span),
                }
            }
            Statement::ReturnStatement(r) => {
                let m = self.mark();
                let v = self.reg();
                match &r.argument {
                    Some(arg) => self.expr(arg, v)?,
                    None => {
                        self.emit(Insn::LoadUndefined { dst: v });
                    }
                }
                if self.fr().flags.is_async && !self.fr().flags.generator && r.argument.is_some() {
                    // `return x` in an async function resolves with x; an
                    // await here makes a rejection catchable by try.
                }
                if self.fr().flags.is_async && self.fr().flags.generator && r.argument.is_some() {
                    self.emit(Insn::Await { dst: v, src: v });
                }
                self.at(r.span.start);
                self.emit_return(v);
                self.release(m);
            }
            Statement::ThrowStatement(t) => {
                let m = self.mark();
                let v = self.expr_temp(&t.argument)?;
                self.at(t.span.start);
                self.emit(Insn::Throw { src: v });
                self.release(m);
            }
            Statement::TryStatement(t) => self.try_statement(t)?,
            Statement::SwitchStatement(s) => self.switch(s)?,
            Statement::LabeledStatement(l) => {
                let label = Atom::intern_str(l.label.name.as_str());
                if l.body.is_iteration_statement() {
                    self.f().pending_labels.push(label);
                    self.statement(&l.body)?;
                } else if let Statement::LabeledStatement(_) = &l.body {
                    self.f().pending_labels.push(label);
                    self.statement(&l.body)?;
                } else {
                    let mut labels = std::mem::take(&mut self.f().pending_labels);
                    labels.push(label);
                    let scope = JumpScope {
                        labels,
                        is_loop: false,
                        is_block: true,
                        breaks: Vec::new(),
                        continues: Vec::new(),
                        env_level: self.fr().env_level,
                        finally_depth: self.fr().finallies.len(),
                        iterator: None,
                    };
                    self.f().jumps.push(scope);
                    self.statement(&l.body)?;
                    let scope = self.f().jumps.pop().expect("pushed");
                    for j in scope.breaks {
                        self.patch_here(j);
                    }
                }
            }
            Statement::WithStatement(w) => {
                self.reset_completion();
                let m = self.mark();
                let obj = self.expr_temp(&w.object)?;
                self.at(w.span.start);
                self.emit(Insn::PushWith { object: obj });
                self.f().env_level += 1;
                let was_dynamic = std::mem::replace(&mut self.f().dynamic_names, true);
                let floor = self.fr().scopes.len();
                let outer_floor = self.f().with_floor.replace(floor);
                self.statement(&w.body)?;
                self.f().with_floor = outer_floor;
                self.f().dynamic_names = was_dynamic;
                self.emit(Insn::PopEnv);
                self.f().env_level -= 1;
                self.release(m);
            }
            Statement::ImportDeclaration(_) => {}
            Statement::ExportDeclaration(e) => match &e.declaration {
                ast::Declaration::VariableDeclaration(d) => self.variable_declaration(d)?,
                ast::Declaration::FunctionDeclaration(_) => {}
                ast::Declaration::ClassDeclaration(c) => {
                    let m = self.mark();
                    let r = self.reg();
                    self.class(c, r, None)?;
                    if let Some(id) = &c.id {
                        let name = self.resolve_binding_id(id);
                        self.store_name(name, r, true);
                    }
                    self.release(m);
                }
                other => return self.error("TypeScript syntax is not JavaScript", other.span()),
            },
            Statement::ExportNamedDeclaration(_) | Statement::ExportFromDeclaration(_) => {}
            Statement::ExportDefaultDeclaration(e) => self.export_default(e)?,
            Statement::ExportAllDeclaration(_) => {}
            other => return self.error("unsupported syntax", other.span()),
        }
        Ok(())
    }

    /// The register tracking the completion value (scripts and eval).
    pub fn completion_reg(&self) -> Option<Reg> {
        self.completion
    }

    /// Statements whose completion is "empty → undefined" start by
    /// resetting the completion value.
    fn reset_completion(&mut self) {
        if let Some(c) = self.completion {
            self.emit(Insn::LoadUndefined { dst: c });
        }
    }

    pub fn variable_declaration(&mut self, d: &ast::VariableDeclaration) -> R {
        use ast::VariableDeclarationKind as K;
        if matches!(d.kind, K::Using | K::AwaitUsing) {
            return self.using_declaration(d);
        }
        for decl in &d.declarations {
            let m = self.mark();
            match &decl.init {
                Some(init) => {
                    let v = self.reg();
                    let name = match &decl.id {
                        ast::BindingPattern::BindingIdentifier(id) => {
                            Some(Atom::intern_str(id.name.as_str()))
                        }
                        _ => None,
                    };
                    self.named_expr(init, v, name)?;
                    self.at(decl.span.start);
                    self.bind_pattern(&decl.id, v, d.kind != K::Var)?;
                }
                None if d.kind != K::Var => {
                    let v = self.reg();
                    self.emit(Insn::LoadUndefined { dst: v });
                    self.bind_pattern(&decl.id, v, true)?;
                }
                None => {}
            }
            self.release(m);
        }
        Ok(())
    }

    fn push_loop(&mut self) -> usize {
        let labels = std::mem::take(&mut self.f().pending_labels);
        let scope = JumpScope {
            labels,
            is_loop: true,
            is_block: false,
            breaks: Vec::new(),
            continues: Vec::new(),
            env_level: self.fr().env_level,
            finally_depth: self.fr().finallies.len(),
            iterator: None,
        };
        self.f().jumps.push(scope);
        self.fr().jumps.len() - 1
    }

    /// Closes a loop: continues go to `continue_target`, breaks to here.
    fn pop_loop(&mut self, index: usize, continue_target: u32) {
        debug_assert_eq!(index + 1, self.fr().jumps.len());
        let scope = self.f().jumps.pop().expect("loop scope");
        for j in scope.continues {
            self.patch(j, continue_target);
        }
        for j in scope.breaks {
            self.patch_here(j);
        }
    }

    /// Finds the jump scope a break/continue targets.
    fn find_jump(&self, label: Option<Atom>, is_continue: bool) -> Option<usize> {
        let jumps = &self.fr().jumps;
        for (i, j) in jumps.iter().enumerate().rev() {
            match label {
                Some(l) if j.labels.contains(&l) => {
                    return if is_continue && !j.is_loop {
                        None
                    } else {
                        Some(i)
                    };
                }
                Some(_) => continue,
                None if j.is_block => continue,
                None if is_continue && !j.is_loop => continue,
                None => return Some(i),
            }
        }
        None
    }

    fn for_statement(&mut self, f: &ast::ForStatement) -> R {
        self.reset_completion();
        self.open_scope(f.scope_id.get(), false)?;
        if let Some(ast::ForStatementInit::VariableDeclaration(d)) = &f.init
            && let Some(is_async) = super::using::declaration_using_kind(d)
        {
            // `for (using x = …; …)`: disposed when the loop ends.
            self.with_disposal(is_async, |u| u.for_statement_rest(f))?;
        } else {
            self.for_statement_rest(f)?;
        }
        self.close_scope();
        Ok(())
    }

    fn for_statement_rest(&mut self, f: &ast::ForStatement) -> R {
        let has_env = self
            .fr()
            .scopes
            .last()
            .is_some_and(|s| s.env_level.is_some());
        if let Some(init) = &f.init {
            match init {
                ast::ForStatementInit::VariableDeclaration(d) => self.variable_declaration(d)?,
                other => {
                    let m = self.mark();
                    self.expr_temp(other.as_expression().expect("init expression"))?;
                    self.release(m);
                }
            }
        }
        if has_env {
            self.emit(Insn::CopyEnv);
        }
        let top = self.here();
        let scope = self.push_loop();
        let mut exit = None;
        if let Some(test) = &f.test {
            let m = self.mark();
            let t = self.expr_temp(test)?;
            exit = Some(self.emit(Insn::JumpIfFalse { cond: t, target: 0 }));
            self.release(m);
        }
        self.statement(&f.body)?;
        let cont = self.here();
        if has_env {
            self.emit(Insn::CopyEnv);
        }
        if let Some(update) = &f.update {
            let m = self.mark();
            self.expr_temp(update)?;
            self.release(m);
        }
        let back = self.jump();
        self.patch(back, top);
        self.pop_loop(scope, cont);
        if let Some(exit) = exit {
            self.patch_here(exit);
        }
        Ok(())
    }

    /// Binds the value of one iteration to a for-in/of head.
    fn for_head_bind(&mut self, left: &ast::ForStatementLeft, value: Reg) -> R {
        match left {
            ast::ForStatementLeft::VariableDeclaration(d) => {
                let decl = d
                    .declarations
                    .first()
                    .expect("for head declares one binding");
                self.bind_pattern(&decl.id, value, d.kind != ast::VariableDeclarationKind::Var)
            }
            other => self.assign_target(
                other.as_assignment_target().expect("for head target"),
                value,
            ),
        }
    }

    /// Evaluates the head expression of a for-in/of, with the head's
    /// lexical bindings in their TDZ (so `for (let x of x)` throws).
    fn for_head_expr(
        &mut self,
        f_scope: Option<oxc_syntax::scope::ScopeId>,
        left: &ast::ForStatementLeft,
        right: &ast::Expression,
    ) -> R<Reg> {
        let lexical = matches!(left, ast::ForStatementLeft::VariableDeclaration(d) if d.kind != ast::VariableDeclarationKind::Var);
        let v = self.reg();
        if lexical {
            self.open_scope(f_scope, false)?;
            self.expr(right, v)?;
            self.close_scope_keep_regs();
        } else {
            if let ast::ForStatementLeft::VariableDeclaration(d) = left
                && let Some(decl) = d.declarations.first()
                && let Some(init) = &decl.init
            {
                // Annex B: `for (var x = init in obj)`.
                let iv = self.reg();
                self.expr(init, iv)?;
                self.bind_pattern(&decl.id, iv, false)?;
            }
            self.expr(right, v)?;
        }
        Ok(v)
    }

    fn for_in(&mut self, f: &ast::ForInStatement) -> R {
        self.reset_completion();
        let m = self.mark();
        let obj = self.for_head_expr(f.scope_id.get(), &f.left, &f.right)?;
        let iter = self.reg();
        self.at(f.span.start);
        self.emit(Insn::ForInStart { dst: iter, obj });
        let key = self.reg();
        let top = self.here();
        let scope = self.push_loop();
        let next = self.emit(Insn::ForInNext {
            dst: key,
            iter,
            target: 0,
        });
        self.open_scope(f.scope_id.get(), false)?;
        self.for_head_bind(&f.left, key)?;
        self.statement(&f.body)?;
        self.close_scope();
        let back = self.jump();
        self.patch(back, top);
        self.pop_loop(scope, top);
        self.patch_here(next);
        self.release(m);
        Ok(())
    }

    fn for_of(&mut self, f: &ast::ForOfStatement) -> R {
        self.reset_completion();
        let m = self.mark();
        let iterable = self.for_head_expr(f.scope_id.get(), &f.left, &f.right)?;
        let iter = self.reg();
        self.at(f.right.span().start);
        self.note_callee(f.right.span());
        self.emit(Insn::GetIterator {
            dst: iter,
            src: iterable,
            is_async: f.r#await,
        });
        let result = self.reg();
        let done = self.reg();
        let value = self.reg();
        let top = self.here();
        let scope = self.push_loop();
        self.emit(Insn::IteratorNext { dst: result, iter });
        if f.r#await {
            self.emit(Insn::Await {
                dst: result,
                src: result,
            });
        }
        self.emit(Insn::IteratorUnpack {
            done,
            value,
            result,
            read: UnpackValue::WhileNotDone,
        });
        let exit = self.emit(Insn::JumpIfTrue {
            cond: done,
            target: 0,
        });
        // From here a throw (or an early exit) closes the iterator.
        self.f().jumps[scope].iterator = Some((iter, f.r#await));
        let body_start = self.here();
        self.open_scope(f.scope_id.get(), false)?;
        match &f.left {
            ast::ForStatementLeft::VariableDeclaration(d)
                if let Some(is_async) = super::using::declaration_using_kind(d) =>
            {
                // Each iteration's resource is disposed at its end.
                self.with_disposal(is_async, |u| {
                    u.using_for_head(d, value)?;
                    u.statement(&f.body)
                })?;
            }
            _ => {
                self.for_head_bind(&f.left, value)?;
                self.statement(&f.body)?;
            }
        }
        self.close_scope();
        let body_end = self.here();
        let back = self.jump();
        self.patch(back, top);
        // Throws inside the body close the iterator, then propagate.
        let handler = self.here();
        let exc = self.reg();
        self.emit(Insn::Catch { dst: exc });
        self.emit(Insn::IteratorClose { iter, quiet: true });
        if f.r#await {
            // Async iterator's return() result is awaited before rethrow.
        }
        self.emit(Insn::Throw { src: exc });
        self.f().handlers.push(Handler {
            start: body_start,
            end: body_end,
            target: handler,
        });
        self.f().jumps[scope].iterator = None;
        self.pop_loop(scope, top);
        self.patch_here(exit);
        self.release(m);
        Ok(())
    }

    fn switch(&mut self, s: &ast::SwitchStatement) -> R {
        self.reset_completion();
        let m = self.mark();
        let disc = self.expr_temp(&s.discriminant)?;
        self.open_scope(s.scope_id.get(), false)?;
        let labels = std::mem::take(&mut self.f().pending_labels);
        let jump = JumpScope {
            labels,
            is_loop: false,
            is_block: false,
            breaks: Vec::new(),
            continues: Vec::new(),
            env_level: self.fr().env_level,
            finally_depth: self.fr().finallies.len(),
            iterator: None,
        };
        self.f().jumps.push(jump);
        for case in &s.cases {
            self.hoist_functions(&case.consequent)?;
        }
        let test = self.reg();
        let mut case_jumps = Vec::new();
        for case in &s.cases {
            if let Some(t) = &case.test {
                let cm = self.mark();
                let v = self.expr_temp(t)?;
                self.binary(BinOp::StrictEq, test, disc, v);
                case_jumps.push(Some(self.emit(Insn::JumpIfTrue {
                    cond: test,
                    target: 0,
                })));
                self.release(cm);
            } else {
                case_jumps.push(None);
            }
        }
        let to_default = self.jump();
        let mut default_target = None;
        for (case, j) in s.cases.iter().zip(case_jumps) {
            match j {
                Some(j) => self.patch_here(j),
                None => default_target = Some(self.here()),
            }
            self.statements(&case.consequent)?;
        }
        match default_target {
            Some(t) => self.patch(to_default, t),
            None => self.patch_here(to_default),
        }
        let jump = self.f().jumps.pop().expect("switch scope");
        for j in jump.breaks {
            self.patch_here(j);
        }
        self.close_scope();
        self.release(m);
        Ok(())
    }

    pub fn block(&mut self, b: &ast::BlockStatement) -> R {
        self.open_scope(b.scope_id.get(), false)?;
        self.hoist_functions(&b.body)?;
        self.scope_statements(&b.body)?;
        self.close_scope();
        Ok(())
    }

    fn try_statement(&mut self, t: &ast::TryStatement) -> R {
        self.reset_completion();
        let m = self.mark();
        let env_save = self.reg();
        self.emit(Insn::SaveEnv { dst: env_save });
        let finally = t.finalizer.as_ref().map(|_| (self.reg(), self.reg()));
        if let Some((kind_reg, value_reg)) = finally {
            self.begin_finally(kind_reg, value_reg);
        }
        let try_start = self.here();
        self.block(&t.block)?;
        let try_end = self.here();
        if let Some(handler) = &t.handler {
            let over = self.jump();
            let target = self.here();
            let exc = self.reg();
            self.emit(Insn::Catch { dst: exc });
            self.emit(Insn::RestoreEnv { src: env_save });
            self.f().handlers.push(Handler {
                start: try_start,
                end: try_end,
                target,
            });
            // The parameter may live in the clause's scope or the body's
            // (oxc shares them): bind it once both are open.
            self.open_scope(handler.scope_id.get(), false)?;
            let body_scope = handler
                .body
                .scope_id
                .get()
                .filter(|s| Some(*s) != handler.scope_id.get());
            self.open_scope(body_scope, false)?;
            if let Some(param) = &handler.param {
                self.bind_pattern(&param.pattern, exc, true)?;
            }
            self.hoist_functions(&handler.body.body)?;
            self.scope_statements(&handler.body.body)?;
            self.close_scope();
            self.close_scope();
            self.patch_here(over);
        }
        if let (Some((kind_reg, value_reg)), Some(finalizer)) = (finally, &t.finalizer) {
            let fin = self.enter_finally(try_start, kind_reg, value_reg, env_save);
            // The finally block's own completion does not replace the
            // try's unless it breaks out; keep the completion register.
            let saved_completion = self.completion.map(|c| {
                let r = self.reg();
                self.emit(Insn::Mov { dst: r, src: c });
                (c, r)
            });
            self.block(finalizer)?;
            if let Some((c, r)) = saved_completion {
                self.emit(Insn::Mov { dst: c, src: r });
            }
            self.finally_epilogue(fin);
        }
        self.release(m);
        Ok(())
    }

    /// The end of a finally block: continues with the completion that
    /// entered it (a throw, a return, a break or continue out of it, or
    /// normal).
    pub(crate) fn finally_epilogue(&mut self, fin: FinallyScope) {
        let (kind_reg, value_reg) = (fin.kind_reg, fin.value_reg);
        let test = self.reg();
        let k = self.reg();
        self.emit(Insn::LoadInt {
            dst: k,
            value: COMPLETION_THROW,
        });
        self.binary(BinOp::StrictEq, test, kind_reg, k);
        let not_throw = self.emit(Insn::JumpIfFalse {
            cond: test,
            target: 0,
        });
        self.emit(Insn::Throw { src: value_reg });
        self.patch_here(not_throw);
        if fin.has_return {
            self.emit(Insn::LoadInt {
                dst: k,
                value: COMPLETION_RETURN,
            });
            self.binary(BinOp::StrictEq, test, kind_reg, k);
            let not_return = self.emit(Insn::JumpIfFalse {
                cond: test,
                target: 0,
            });
            self.emit_return(value_reg);
            self.patch_here(not_return);
        }
        for (i, (target, is_continue)) in fin.exits.iter().enumerate() {
            self.emit(Insn::LoadInt {
                dst: k,
                value: 3 + i as i32,
            });
            self.binary(BinOp::StrictEq, test, kind_reg, k);
            let skip = self.emit(Insn::JumpIfFalse {
                cond: test,
                target: 0,
            });
            self.jump_out(*target, *is_continue);
            self.patch_here(skip);
        }
    }

    fn export_default(&mut self, e: &ast::ExportDefaultDeclaration) -> R {
        let m = self.mark();
        let v = self.reg();
        match &e.declaration {
            ast::ExportDefaultDeclarationKind::FunctionDeclaration(f) => {
                if f.id.is_some() || self.is_module {
                    return Ok(()); // hoisted
                }
                let index = self.function(f, Some(crate::string::atom::names::DEFAULT))?;
                self.emit(Insn::MakeClosure { dst: v, index });
            }
            ast::ExportDefaultDeclarationKind::ClassDeclaration(c) => {
                self.class(c, v, Some(crate::string::atom::names::DEFAULT))?;
                if let Some(id) = &c.id {
                    // `export default class C {}` exports the binding C.
                    let name = self.resolve_binding_id(id);
                    self.store_name(name, v, true);
                    self.release(m);
                    return Ok(());
                }
            }
            other => {
                let expr = other.as_expression().expect("default export expression");
                self.named_expr(expr, v, Some(crate::string::atom::names::DEFAULT))?;
            }
        }
        self.store_default_export(v);
        self.release(m);
        Ok(())
    }
}
