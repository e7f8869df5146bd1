//! The bytecode compiler: oxc AST (with oxc_semantic's scopes) → `Code`.
//!
//! Owns variable placement and code generation. Placement: a binding lives
//! in a frame register unless a nested function (or class body) refers to
//! it, in which case it lives in an environment slot; top-level script
//! bindings are global. A unit that contains direct `eval` or `with` puts
//! every binding in an environment, with names, so eval code and `with`
//! bodies can find them by name at run time.
//!
//! Files: `mod.rs` the per-function state (registers, scopes, jumps,
//! finally routing) and entry points; `expr.rs` expressions; `stmt.rs`
//! statements; `using.rs` `using` declarations and their disposal;
//! `pattern.rs` destructuring; `function.rs` functions and classes.

mod expr;
mod function;
pub mod module;

pub use function::eval_context;
pub use module::{compile_json_module, compile_module};
mod pattern;
mod stmt;
mod using;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use oxc_allocator::Allocator;
use oxc_ast::ast;
use oxc_semantic::Scoping;
use oxc_syntax::scope::{ScopeFlags, ScopeId};
use oxc_syntax::symbol::{SymbolFlags, SymbolId};
use rustc_hash::{FxHashMap, FxHashSet};

use crate::bytecode::{
    BinOp, Code, CodeFlags, ConstIdx, Constant, FunctionKind, Handler, InlineCache, Insn, Reg,
    ScopeInfo, Source, Target, ThrowKind,
};
use crate::string::Atom;
use crate::syntax::{self, Goal, SyntaxError};

/// How code being compiled was reached.
#[derive(Clone, Debug)]
pub enum UnitKind {
    Script,
    Module,
    /// Direct or indirect eval. `strict` is the caller's strictness (for
    /// direct eval); `in_function`, `in_method`, `in_derived_ctor` say what
    /// the calling context allows (`new.target`, `super`).
    Eval {
        strict: bool,
        direct: bool,
        in_function: bool,
        in_method: bool,
        in_class_field: bool,
        /// Called from a function's parameter initializers, where the
        /// eval code may not declare a var named `arguments`.
        in_parameters: bool,
    },
}

/// Compiles a script.
pub fn compile_script(source: Arc<Source>) -> Result<Arc<Code>, SyntaxError> {
    compile(source, UnitKind::Script)
}

/// Compiles source text as `kind`.
pub fn compile(source: Arc<Source>, kind: UnitKind) -> Result<Arc<Code>, SyntaxError> {
    if let UnitKind::Module = kind {
        return compile_module(source).map(|m| m.body.clone());
    }
    let allocator = Allocator::default();
    let text: &str = allocator.alloc_str(&source.text);
    let goal = if matches!(kind, UnitKind::Module) {
        Goal::Module
    } else {
        Goal::Script
    };
    let allowed =
        |program: &ast::Program, error: &SyntaxError| allowed_in_eval(program, error, &kind);
    let parsed = syntax::parse_allowing(&allocator, text, goal, &allowed)?;
    check_eval_context(parsed.program, &kind)?;
    if let UnitKind::Eval { strict: true, .. } = kind {
        check_strict_eval(text, parsed.program, &allowed)?;
    }
    if let UnitKind::Eval {
        strict: false,
        in_parameters: true,
        ..
    } = kind
    {
        check_parameter_eval(&parsed)?;
    }
    let scoping = parsed.semantic.scoping();
    let mut unit = Unit::new(source.clone(), scoping, parsed.program, &kind);
    unit.compile_program(parsed.program, &kind)
}

/// Checks that `text`, built by a dynamic-function constructor from
/// `params` and `body`, is exactly one function expression (so that the
/// parameters or body cannot close the function early and inject code).
pub fn check_single_function(
    text: &str,
    prefix: &str,
    params: &str,
    body: &str,
) -> Result<(), String> {
    let allocator = Allocator::default();
    let parsed = syntax::parse(&allocator, text, Goal::Script).map_err(|e| e.message)?;
    let ok = parsed.program.body.len() == 1
        && matches!(&parsed.program.body[0], ast::Statement::ExpressionStatement(s)
            if matches!(s.expression.without_parentheses(), ast::Expression::FunctionExpression(f)
                if f.span.end as usize == text.len() - 1));
    if !ok {
        return Err("Invalid function body or parameters".into());
    }
    // Each part must also stand alone: the body must parse as a function
    // body and the parameters as a parameter list.
    // (`prefix`: `function`, `function*`, `async function`, …).
    let body_text = format!("({prefix}(){{\n{body}\n}})");
    syntax::parse(&Allocator::default(), &body_text, Goal::Script).map_err(|e| e.message)?;
    let params_text = format!("({prefix}({params}\n){{}})");
    syntax::parse(&Allocator::default(), &params_text, Goal::Script).map_err(|e| e.message)?;
    Ok(())
}

/// Direct eval from strict code is strict code, but oxc only knows strict
/// mode from a directive or the module goal: the text is checked again as
/// if it began with "use strict" (after a hashbang line, which must stay
/// first; an offset past the inserted directive maps back by its length).
fn check_strict_eval(
    text: &str,
    program: &ast::Program,
    allowed: &dyn Fn(&ast::Program, &SyntaxError) -> bool,
) -> Result<(), SyntaxError> {
    if program
        .directives
        .iter()
        .any(|d| d.directive.as_str() == "use strict")
    {
        return Ok(());
    }
    const PREFIX: &str = "'use strict';";
    let at = if text.starts_with("#!") {
        match text.find(['\n', '\r', '\u{2028}', '\u{2029}']) {
            Some(end) => end + 1,
            // All of it is the hashbang comment.
            None => return Ok(()),
        }
    } else {
        0
    };
    let strict_text = format!("{}{PREFIX}{}", &text[..at], &text[at..]);
    match syntax::parse_allowing(&Allocator::default(), &strict_text, Goal::Script, allowed) {
        Ok(_) => Ok(()),
        Err(e) => {
            let (at, len) = (at as u32, PREFIX.len() as u32);
            let offset = match e.offset {
                o if o >= at + len => o - len,
                o => o.min(at),
            };
            Err(SyntaxError {
                message: e.message,
                offset,
            })
        }
    }
}

/// Sloppy eval code called from parameter initializers may not declare a
/// var (or function) named `arguments`: it would land in the function's
/// parameter scope, where `arguments` is being set up.
fn check_parameter_eval(parsed: &syntax::Parsed) -> Result<(), SyntaxError> {
    let scoping = parsed.semantic.scoping();
    let declared = scoping
        .get_bindings(scoping.root_scope_id())
        .iter()
        .find(|(name, sym)| {
            name.as_str() == "arguments"
                && scoping
                    .symbol_flags(**sym)
                    .intersects(SymbolFlags::FunctionScopedVariable | SymbolFlags::Function)
        });
    match declared {
        Some((_, &sym)) => Err(SyntaxError {
            message: "eval in parameters cannot declare 'arguments'".into(),
            offset: scoping.symbol_span(sym).start,
        }),
        None => Ok(()),
    }
}

/// Whether `error` is oxc's refusal of a `new.target` or `super` property
/// at the top level of eval code whose caller allows it.
fn allowed_in_eval(program: &ast::Program, error: &SyntaxError, kind: &UnitKind) -> bool {
    let UnitKind::Eval {
        in_function,
        in_method,
        ..
    } = *kind
    else {
        return false;
    };
    let mut finder = function::ContextFinder::default();
    finder.scan_program(program);
    (in_function && finder.new_targets.contains(&error.offset))
        || (in_method && finder.super_properties.contains(&error.offset))
}

/// Early errors of eval code that depend on where eval was called.
fn check_eval_context(program: &ast::Program, kind: &UnitKind) -> Result<(), SyntaxError> {
    let UnitKind::Eval {
        in_function,
        in_method,
        in_class_field,
        ..
    } = *kind
    else {
        return Ok(());
    };
    let mut finder = function::ContextFinder::default();
    finder.scan_program(program);
    if let Some(offset) = finder.new_target
        && !in_function
    {
        return Err(SyntaxError {
            message: "new.target is not allowed here".into(),
            offset,
        });
    }
    if let Some(offset) = finder.super_property
        && !in_method
    {
        return Err(SyntaxError {
            message: "'super' keyword unexpected here".into(),
            offset,
        });
    }
    if let Some(offset) = finder.super_call {
        return Err(SyntaxError {
            message: "'super' call unexpected here".into(),
            offset,
        });
    }
    if let Some(offset) = finder.arguments
        && in_class_field
    {
        return Err(SyntaxError {
            message: "'arguments' is not allowed in class field initializer".into(),
            offset,
        });
    }
    Ok(())
}

static TEMPLATE_IDS: AtomicU64 = AtomicU64::new(1);

/// Where a binding lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Loc {
    Reg(Reg),
    /// Environment slot: `level` is the absolute depth of its environment.
    Env {
        level: u32,
        slot: u16,
    },
    /// A global (script top level): looked up by name.
    Global,
    /// A module's import binding: the slot holds an import cell through
    /// which the exporting module's binding is read (`GetImport`).
    Import {
        level: u32,
        slot: u16,
    },
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct Binding {
    pub loc: Loc,
    pub name: Atom,
    /// Starts uninitialized (let, const, class): reads check the TDZ.
    pub lexical: bool,
    pub constant: bool,
    /// A function expression's own name: assignment is ignored (sloppy)
    /// or throws (strict), and it is never in the TDZ.
    pub immutable_silent: bool,
}

/// A compile-time scope (a block, a function body, …).
#[derive(Default)]
pub(crate) struct Scope {
    pub bindings: FxHashMap<SymbolId, Binding>,
    /// The runtime environment this scope pushed, if any: its level.
    pub env_level: Option<u32>,
    /// Registers to release when the scope ends.
    pub reg_mark: Reg,
}

/// What `break`/`continue` can target.
pub(crate) struct JumpScope {
    pub labels: Vec<Atom>,
    pub is_loop: bool,
    /// A plain labelled block (only `break label` targets it).
    pub is_block: bool,
    pub breaks: Vec<usize>,
    pub continues: Vec<usize>,
    pub env_level: u32,
    pub finally_depth: usize,
    /// A for-of's iterator: closed when a jump leaves the loop (awaiting
    /// its `return` for `for await`, the bool).
    pub iterator: Option<(Reg, bool)>,
}

/// A try-finally being compiled: exits route through its finally block.
pub(crate) struct FinallyScope {
    pub kind_reg: Reg,
    pub value_reg: Reg,
    /// Jumps to the finally block (patched when it is emitted).
    pub entries: Vec<usize>,
    /// Non-local exits taken through this finally: (jump-scope index,
    /// is_continue), numbered from 3 in the completion kind.
    pub exits: Vec<(usize, bool)>,
    pub has_return: bool,
    pub env_level: u32,
    /// Jump scopes open when the try started.
    pub jump_depth: usize,
}

/// Completion kinds stored in a finally's kind register.
pub(crate) const COMPLETION_NORMAL: i32 = 0;
pub(crate) const COMPLETION_THROW: i32 = 1;
pub(crate) const COMPLETION_RETURN: i32 = 2;

/// One function being compiled.
pub(crate) struct Func {
    pub kind: FunctionKind,
    pub flags: CodeFlags,
    pub name: Atom,
    pub insns: Vec<Insn>,
    pub constants: Vec<Constant>,
    atom_consts: FxHashMap<Atom, ConstIdx>,
    number_consts: FxHashMap<u64, ConstIdx>,
    pub handlers: Vec<Handler>,
    pub positions: Vec<(u32, u32)>,
    /// (call instruction, callee source span) for error messages.
    pub callee_spans: Vec<(u32, u32, u32)>,
    pub ic_count: u32,
    pub next_reg: Reg,
    pub max_reg: Reg,
    pub scopes: Vec<Scope>,
    pub env_level: u32,
    pub jumps: Vec<JumpScope>,
    pub finallies: Vec<FinallyScope>,
    pub param_count: u16,
    pub length: u16,
    pub span: (u32, u32),
    /// Names resolve dynamically (inside `with`, or sloppy eval reach).
    pub dynamic_names: bool,
    pub function_scope: Option<ConstIdx>,
    /// The register holding the generator/async "received" values.
    pub is_class_field_init: bool,
    /// Labels waiting for the next loop statement.
    pub pending_labels: Vec<Atom>,
    /// This function's `arguments` object binding, if it has one.
    pub arguments: Option<Binding>,
    /// Compiling the parameter initializers (a direct eval there may not
    /// declare `arguments`).
    pub in_parameters: bool,
    /// Inside a `with` body: the number of scopes open when it began. Only
    /// bindings of scopes opened after it are resolved statically; the
    /// `with` object may shadow any other.
    pub with_floor: Option<usize>,
    /// Registers of the disposal scopes of enclosing `using` blocks,
    /// innermost last.
    pub using_scopes: Vec<Reg>,
}

impl Func {
    pub fn new(kind: FunctionKind, name: Atom, flags: CodeFlags, env_level: u32) -> Func {
        Func {
            kind,
            flags,
            name,
            insns: Vec::new(),
            constants: Vec::new(),
            atom_consts: FxHashMap::default(),
            number_consts: FxHashMap::default(),
            handlers: Vec::new(),
            positions: Vec::new(),
            callee_spans: Vec::new(),
            ic_count: 0,
            next_reg: 0,
            max_reg: 0,
            scopes: Vec::new(),
            env_level,
            jumps: Vec::new(),
            finallies: Vec::new(),
            param_count: 0,
            length: 0,
            span: (0, 0),
            dynamic_names: false,
            function_scope: None,
            is_class_field_init: false,
            pending_labels: Vec::new(),
            arguments: None,
            in_parameters: false,
            with_floor: None,
            using_scopes: Vec::new(),
        }
    }
}

/// State shared by every function of one compilation unit.
pub(crate) struct Unit<'s> {
    pub source: Arc<Source>,
    pub scoping: &'s Scoping,
    /// Symbols that must live in environments.
    pub captured: FxHashSet<SymbolId>,
    /// The unit contains direct eval or `with`: every binding is captured.
    pub all_captured: bool,
    pub funcs: Vec<Func>,
    /// Symbols of the script's top level (globals).
    pub top_scope: ScopeId,
    pub is_module: bool,
    pub is_eval: bool,
    /// Nesting depth of expressions, to refuse pathological input.
    pub depth: u32,
    /// Scopes that are class bodies.
    pub class_scopes: FxHashSet<ScopeId>,
    /// The completion-value register of script or eval top level.
    pub completion: Option<Reg>,
    /// Parameter symbols that live in their argument registers (consumed
    /// by the next `open_scope`).
    pub preassigned: FxHashMap<SymbolId, Reg>,
    /// A class declaration's name, to bind again inside its class scope
    /// (consumed by the next `open_scope`): oxc gives the declaration one
    /// symbol, but the class body must see its own immutable binding,
    /// initialized before static fields run, not the outer one.
    pub class_inner_name: Option<SymbolId>,
    /// The next function scope needs an `arguments` binding (true: in the
    /// environment).
    pub pending_arguments: Option<bool>,
    /// Private names of the enclosing class bodies, innermost last.
    pub private_scopes: Vec<FxHashMap<Atom, Binding>>,
    /// For eval code: the eval-context bits of its caller.
    pub eval_outer_context: u32,
    /// Symbols `open_scope` must not declare (already global).
    pub skip_symbols: FxHashSet<SymbolId>,
    /// A module's `*default*` binding.
    pub default_export: Option<Binding>,
    /// Compiling a module: what its top level produced besides the body.
    pub module: Option<module::ModuleOutput>,
}

const MAX_DEPTH: u32 = 3000;

impl<'s> Unit<'s> {
    fn new(
        source: Arc<Source>,
        scoping: &'s Scoping,
        program: &ast::Program,
        kind: &UnitKind,
    ) -> Unit<'s> {
        let top_scope = program
            .scope_id
            .get()
            .expect("semantic analysis assigns scopes");
        let mut unit = Unit {
            source,
            scoping,
            captured: FxHashSet::default(),
            all_captured: false,
            funcs: Vec::new(),
            top_scope,
            is_module: matches!(kind, UnitKind::Module),
            is_eval: matches!(kind, UnitKind::Eval { .. }),
            depth: 0,
            class_scopes: FxHashSet::default(),
            completion: None,
            preassigned: FxHashMap::default(),
            class_inner_name: None,
            pending_arguments: None,
            private_scopes: Vec::new(),
            eval_outer_context: 0,
            skip_symbols: FxHashSet::default(),
            default_export: None,
            module: None,
        };
        function::collect_class_scopes(program, &mut unit.class_scopes);
        unit.analyze_captures();
        unit
    }

    /// Finds the symbols that a nested function or class body refers to.
    fn analyze_captures(&mut self) {
        let scoping = self.scoping;
        for scope in scoping.scope_descendants_from_root() {
            if scoping
                .scope_flags(scope)
                .intersects(ScopeFlags::DirectEval | ScopeFlags::With)
            {
                self.all_captured = true;
            }
        }
        for symbol in scoping.symbol_ids() {
            if self.all_captured {
                self.captured.insert(symbol);
                continue;
            }
            let home = self.boundary_of(scoping.symbol_scope_id(symbol));
            for &reference in scoping.get_resolved_reference_ids(symbol) {
                let from = scoping.get_reference(reference).scope_id();
                if self.boundary_of(from) != home {
                    self.captured.insert(symbol);
                    break;
                }
            }
        }
    }

    /// The scope whose frame owns code running in `scope`: the nearest
    /// function, static block, top level, or class body (field initializers
    /// are compiled as functions of their own).
    pub fn boundary_of(&self, mut scope: ScopeId) -> ScopeId {
        loop {
            let flags = self.scoping.scope_flags(scope);
            if flags
                .intersects(ScopeFlags::Function | ScopeFlags::Top | ScopeFlags::ClassStaticBlock)
                || self.is_class_scope(scope)
            {
                return scope;
            }
            match self.scoping.scope_parent_id(scope) {
                Some(parent) => scope = parent,
                None => return scope,
            }
        }
    }

    fn is_class_scope(&self, scope: ScopeId) -> bool {
        self.class_scopes_contains(scope)
    }

    fn class_scopes_contains(&self, scope: ScopeId) -> bool {
        self.class_scopes.contains(&scope)
    }

    pub fn f(&mut self) -> &mut Func {
        self.funcs.last_mut().expect("a function is being compiled")
    }
    pub fn fr(&self) -> &Func {
        self.funcs.last().expect("a function is being compiled")
    }

    // ----- emission -----

    pub fn emit(&mut self, insn: Insn) -> usize {
        let f = self.f();
        f.insns.push(insn);
        f.insns.len() - 1
    }

    pub fn here(&self) -> Target {
        self.fr().insns.len() as Target
    }

    /// Records that the next instruction calls (or constructs) the callee
    /// at `span`, so that its error can name it (`o.bar is not a function`).
    pub fn note_callee(&mut self, span: oxc_span::Span) {
        let pc = self.here();
        self.f().callee_spans.push((pc, span.start, span.end));
    }

    /// Records that the next instructions come from `offset` in the source.
    pub fn at(&mut self, offset: u32) {
        let pc = self.here();
        let f = self.f();
        match f.positions.last_mut() {
            Some(last) if last.0 == pc => last.1 = offset,
            Some(last) if last.1 == offset => {}
            _ => f.positions.push((pc, offset)),
        }
    }

    pub fn patch(&mut self, at: usize, target: Target) {
        match &mut self.f().insns[at] {
            Insn::Jump { target: t }
            | Insn::JumpIfTrue { target: t, .. }
            | Insn::JumpIfFalse { target: t, .. }
            | Insn::JumpIfNullish { target: t, .. }
            | Insn::JumpIfNotNullish { target: t, .. }
            | Insn::JumpIfUndefined { target: t, .. }
            | Insn::JumpIfNotUndefined { target: t, .. }
            | Insn::ForInNext { target: t, .. }
            | Insn::DisposeStep { target: t, .. } => *t = target,
            other => panic!("patching a non-jump {other:?}"),
        }
    }

    pub fn patch_here(&mut self, at: usize) {
        let here = self.here();
        self.patch(at, here);
    }

    pub fn jump(&mut self) -> usize {
        self.emit(Insn::Jump { target: 0 })
    }

    pub fn ic(&mut self) -> u32 {
        let f = self.f();
        f.ic_count += 1;
        f.ic_count - 1
    }

    // ----- constants -----

    pub fn const_atom(&mut self, atom: Atom) -> ConstIdx {
        let f = self.f();
        if let Some(&i) = f.atom_consts.get(&atom) {
            return i;
        }
        let i = f.constants.len() as ConstIdx;
        f.constants.push(Constant::String(atom));
        f.atom_consts.insert(atom, i);
        i
    }

    pub fn const_str(&mut self, s: &str) -> ConstIdx {
        self.const_atom(Atom::intern_str(s))
    }

    pub fn const_number(&mut self, n: f64) -> ConstIdx {
        let f = self.f();
        if let Some(&i) = f.number_consts.get(&n.to_bits()) {
            return i;
        }
        let i = f.constants.len() as ConstIdx;
        f.constants.push(Constant::Number(n));
        f.number_consts.insert(n.to_bits(), i);
        i
    }

    pub fn constant(&mut self, c: Constant) -> ConstIdx {
        let f = self.f();
        f.constants.push(c);
        (f.constants.len() - 1) as ConstIdx
    }

    pub fn template_id() -> u64 {
        TEMPLATE_IDS.fetch_add(1, Ordering::Relaxed)
    }

    // ----- registers -----

    pub fn reg(&mut self) -> Reg {
        let f = self.f();
        let r = f.next_reg;
        f.next_reg = f.next_reg.checked_add(1).expect("too many registers");
        f.max_reg = f.max_reg.max(f.next_reg);
        r
    }

    /// `n` consecutive registers.
    pub fn regs(&mut self, n: u16) -> Reg {
        let first = self.fr().next_reg;
        for _ in 0..n {
            self.reg();
        }
        first
    }

    pub fn mark(&self) -> Reg {
        self.fr().next_reg
    }

    pub fn release(&mut self, mark: Reg) {
        self.f().next_reg = mark;
    }

    // ----- errors -----

    pub fn error<T>(
        &self,
        message: impl Into<String>,
        span: oxc_span::Span,
    ) -> Result<T, SyntaxError> {
        Err(SyntaxError {
            message: message.into(),
            offset: span.start,
        })
    }

    pub fn enter(&mut self, span: oxc_span::Span) -> Result<(), SyntaxError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return self.error("expression is nested too deeply", span);
        }
        Ok(())
    }

    pub fn leave(&mut self) {
        self.depth -= 1;
    }

    // ----- scopes and bindings -----

    /// Opens a scope declaring every binding oxc put in `scope_id`.
    /// Registers and environment slots are assigned here; an environment is
    /// pushed if any binding is captured. Lexical bindings start in the
    /// TDZ; `var`s and parameters start undefined.
    pub fn open_scope(
        &mut self,
        scope_id: Option<ScopeId>,
        is_function_scope: bool,
    ) -> Result<(), SyntaxError> {
        let mark = self.mark();
        self.f().scopes.push(Scope {
            reg_mark: mark,
            ..Scope::default()
        });
        let inner_class = self.class_inner_name.take();
        let Some(scope_id) = scope_id else {
            return Ok(());
        };
        let scoping = self.scoping;
        let mut symbols: Vec<(SymbolId, Atom)> = scoping
            .get_bindings(scope_id)
            .iter()
            .map(|(name, &sym)| (sym, Atom::intern_str(name.as_str())))
            .collect();
        symbols.sort_by_key(|(s, _)| s.index());
        let mut env_names = Vec::new();
        let mut env_lexical = Vec::new();
        let mut env_const = Vec::new();
        let mut env_assigned = Vec::new();
        let level = self.fr().env_level + 1;
        if let Some(symbol) = inner_class
            && !symbols.iter().any(|&(s, _)| s == symbol)
        {
            symbols.push((symbol, Atom::intern_str(scoping.symbol_name(symbol))));
        }
        for (symbol, name) in symbols {
            let is_inner_class = inner_class == Some(symbol);
            if self.skip_symbols.contains(&symbol) && !is_inner_class {
                continue;
            }
            let flags = scoping.symbol_flags(symbol);
            if !flags
                .intersects(SymbolFlags::Value | SymbolFlags::Import | SymbolFlags::CatchVariable)
            {
                continue;
            }
            let lexical = flags.intersects(SymbolFlags::BlockScopedVariable | SymbolFlags::Class)
                && !flags.contains(SymbolFlags::Function);
            let constant = flags.contains(SymbolFlags::ConstVariable) || is_inner_class;
            let immutable_silent = flags.contains(SymbolFlags::FunctionExpression);
            let loc = if let Some(&r) = self.preassigned.get(&symbol) {
                Loc::Reg(r)
            } else if self.captured.contains(&symbol) || self.unit_top_is_env(scope_id) {
                let slot = env_names.len() as u16;
                env_names.push(name);
                env_lexical.push(lexical);
                env_const.push(constant);
                // Direct eval may assign any binding in reach.
                env_assigned.push(scoping.symbol_is_mutated(symbol) || self.all_captured);
                Loc::Env { level, slot }
            } else {
                Loc::Reg(self.reg())
            };
            self.f()
                .scopes
                .last_mut()
                .expect("just pushed")
                .bindings
                .insert(
                    symbol,
                    Binding {
                        loc,
                        name,
                        lexical,
                        constant,
                        immutable_silent,
                    },
                );
        }
        if is_function_scope && let Some(in_env) = self.pending_arguments.take() {
            let name = crate::string::atom::names::ARGUMENTS;
            let loc = if in_env {
                let slot = env_names.len() as u16;
                env_names.push(name);
                env_lexical.push(false);
                env_const.push(false);
                env_assigned.push(true);
                Loc::Env { level, slot }
            } else {
                Loc::Reg(self.reg())
            };
            self.f().arguments = Some(Binding {
                loc,
                name,
                lexical: false,
                constant: false,
                immutable_silent: false,
            });
        }
        let dynamic_vars = is_function_scope && self.all_captured && !self.fr().flags.strict;
        if !env_names.is_empty() || dynamic_vars {
            let info = ScopeInfo {
                names: env_names,
                lexical: env_lexical,
                constant: env_const,
                assigned: env_assigned,
                dynamic_vars,
                is_function_scope,
            };
            let index = self.constant(Constant::Scope(Arc::new(info)));
            self.emit(Insn::PushEnv { scope: index });
            let f = self.f();
            f.env_level = level;
            f.scopes.last_mut().expect("just pushed").env_level = Some(level);
            if is_function_scope {
                f.function_scope = Some(index);
            }
        }
        // Registers of lexical bindings start in the TDZ.
        let regs: Vec<(Reg, bool)> = self
            .fr()
            .scopes
            .last()
            .expect("just pushed")
            .bindings
            .values()
            .filter_map(|b| {
                if let Loc::Reg(r) = b.loc {
                    Some((r, b.lexical))
                } else {
                    None
                }
            })
            .collect();
        for (r, lexical) in regs {
            if lexical {
                self.emit(Insn::LoadUninitialized { dst: r });
            } else if !is_function_scope {
                self.emit(Insn::LoadUndefined { dst: r });
            }
        }
        Ok(())
    }

    /// Module top-level bindings live in the module environment.
    fn unit_top_is_env(&self, scope: ScopeId) -> bool {
        self.is_module && scope == self.top_scope
    }

    /// Closes the innermost scope, popping its environment.
    pub fn close_scope(&mut self) {
        let scope = self.f().scopes.pop().expect("scope open");
        if scope.env_level.is_some() {
            self.emit(Insn::PopEnv);
            self.f().env_level -= 1;
        }
        self.release(scope.reg_mark.max(self.mark().min(scope.reg_mark)));
    }

    /// Like `close_scope` but keeps registers allocated (the scope's
    /// registers may still be read, e.g. completion values).
    pub fn close_scope_keep_regs(&mut self) {
        let scope = self.f().scopes.pop().expect("scope open");
        if scope.env_level.is_some() {
            self.emit(Insn::PopEnv);
            self.f().env_level -= 1;
        }
    }

    /// The binding of a resolved symbol, searching outward through
    /// enclosing functions.
    pub fn lookup(&self, symbol: SymbolId) -> Option<Binding> {
        for func in self.funcs.iter().rev() {
            for scope in func.scopes.iter().rev() {
                if let Some(b) = scope.bindings.get(&symbol) {
                    return Some(*b);
                }
            }
        }
        None
    }

    pub fn env_depth(&self, level: u32) -> u16 {
        (self.fr().env_level - level) as u16
    }

    // ----- jumps through finally blocks -----

    /// Emits the jumps that leave to jump scope `target` (a break or a
    /// continue), closing iterators and routing through finally blocks.
    pub fn jump_out(&mut self, target: usize, is_continue: bool) {
        let finally_depth = self.fr().jumps[target].finally_depth;
        // A break closes the target loop's own iterator too; a continue
        // keeps iterating it.
        let first_closed = if is_continue { target + 1 } else { target };
        if self.fr().finallies.len() > finally_depth {
            // Route through the innermost finally; its epilogue continues.
            let fi = self.fr().finallies.len() - 1;
            self.close_iterators_down_to(self.fr().finallies[fi].jump_depth.max(first_closed));
            let exit = {
                let fin = &mut self.f().finallies[fi];
                let pos = fin
                    .exits
                    .iter()
                    .position(|&e| e == (target, is_continue))
                    .unwrap_or_else(|| {
                        fin.exits.push((target, is_continue));
                        fin.exits.len() - 1
                    });
                3 + pos as i32
            };
            let (kind_reg, env_level) = {
                let fin = &self.fr().finallies[fi];
                (fin.kind_reg, fin.env_level)
            };
            self.emit(Insn::LoadInt {
                dst: kind_reg,
                value: exit,
            });
            self.pop_envs_to(env_level);
            let j = self.jump();
            self.f().finallies[fi].entries.push(j);
            return;
        }
        self.close_iterators_down_to(first_closed);
        let level = self.fr().jumps[target].env_level;
        self.pop_envs_to(level);
        let j = self.jump();
        let scope = &mut self.f().jumps[target];
        if is_continue {
            scope.continues.push(j)
        } else {
            scope.breaks.push(j)
        }
    }

    /// Closes the iterators of for-of loops in jump scopes `from..`.
    fn close_iterators_down_to(&mut self, from: usize) {
        let iters: Vec<(Reg, bool)> = self.fr().jumps[from.min(self.fr().jumps.len())..]
            .iter()
            .rev()
            .filter_map(|j| j.iterator)
            .collect();
        for (iter, is_async) in iters {
            if is_async {
                // AsyncIteratorClose: the result of `return` is awaited.
                let m = self.mark();
                let result = self.reg();
                let called = self.reg();
                self.emit(Insn::AsyncIteratorReturn {
                    dst: result,
                    called,
                    iter,
                });
                let skip = self.emit(Insn::JumpIfFalse {
                    cond: called,
                    target: 0,
                });
                self.emit(Insn::Await {
                    dst: result,
                    src: result,
                });
                self.emit(Insn::IteratorResultCheck { src: result });
                self.patch_here(skip);
                self.release(m);
            } else {
                self.emit(Insn::IteratorClose { iter, quiet: false });
            }
        }
    }

    /// Emits PopEnv until the runtime environment is at `level` (the
    /// compile-time level is unchanged: code after a jump is unreachable
    /// through this path).
    pub fn pop_envs_to(&mut self, level: u32) {
        let current = self.fr().env_level;
        for _ in level..current {
            self.emit(Insn::PopEnv);
        }
    }

    /// Emits a `return` of `value`, through any finally blocks.
    pub fn emit_return(&mut self, value: Reg) {
        if let Some(fi) = self.fr().finallies.len().checked_sub(1) {
            let jump_depth = self.fr().finallies[fi].jump_depth;
            self.close_iterators_down_to(jump_depth);
            let (kind_reg, value_reg, env_level) = {
                let fin = &mut self.f().finallies[fi];
                fin.has_return = true;
                (fin.kind_reg, fin.value_reg, fin.env_level)
            };
            self.emit(Insn::Mov {
                dst: value_reg,
                src: value,
            });
            self.emit(Insn::LoadInt {
                dst: kind_reg,
                value: COMPLETION_RETURN,
            });
            self.pop_envs_to(env_level);
            let j = self.jump();
            self.f().finallies[fi].entries.push(j);
            return;
        }
        self.close_iterators_down_to(0);
        self.emit(Insn::Return { src: value });
    }

    /// Compiles the whole program.
    fn compile_program(
        &mut self,
        program: &ast::Program,
        kind: &UnitKind,
    ) -> Result<Arc<Code>, SyntaxError> {
        let strict = program.source_type.is_module()
            || program
                .directives
                .iter()
                .any(|d| d.directive.as_str() == "use strict")
            || matches!(kind, UnitKind::Eval { strict: true, .. });
        let fkind = match kind {
            UnitKind::Script => FunctionKind::Script,
            UnitKind::Module => FunctionKind::Module,
            UnitKind::Eval { .. } => FunctionKind::Eval,
        };
        let flags = CodeFlags {
            strict,
            is_async: self.module.as_ref().is_some_and(|m| m.has_tla),
            ..CodeFlags::default()
        };
        self.funcs.push(Func::new(
            fkind,
            crate::string::atom::names::EMPTY,
            flags,
            0,
        ));
        self.f().span = (program.span.start, program.span.end);
        if matches!(kind, UnitKind::Eval { direct: true, .. }) || self.all_captured {
            self.f().dynamic_names = matches!(kind, UnitKind::Eval { .. });
        }
        self.compile_toplevel(program, kind)?;
        let func = self.funcs.pop().expect("pushed above");
        Ok(self.finish(func))
    }

    /// Turns a finished `Func` into code.
    pub fn finish(&self, f: Func) -> Arc<Code> {
        Arc::new(Code {
            name: f.name,
            kind: f.kind,
            flags: f.flags,
            insns: f.insns,
            constants: f.constants,
            handlers: f.handlers,
            register_count: f.max_reg.max(f.param_count),
            param_count: f.param_count,
            length: f.length,
            positions: f.positions,
            callee_spans: f.callee_spans.into(),
            source: self.source.clone(),
            span: f.span,
            ic: (0..f.ic_count).map(|_| InlineCache::new()).collect(),
            function_scope: f.function_scope,
        })
    }

    /// Emits a throw of a compile-time-known error.
    pub fn throw_error(&mut self, kind: ThrowKind, message: &str) {
        let message = self.const_str(message);
        self.emit(Insn::ThrowError { kind, message });
    }

    /// `dst = lhs op rhs`.
    pub fn binary(&mut self, op: BinOp, dst: Reg, lhs: Reg, rhs: Reg) {
        self.emit(Insn::Binary { op, dst, lhs, rhs });
    }
}
