//! Functions, arrows, methods and classes; the script/eval top level.

use std::sync::Arc;

use oxc_ast::ast::{self, Expression, Statement};
use oxc_ast_visit::{Visit, walk};
use oxc_syntax::scope::{ScopeFlags, ScopeId};
use oxc_syntax::symbol::SymbolId;
use rustc_hash::{FxHashMap, FxHashSet};

use super::expr::{KeyRef, key_name, static_key};
use super::{Binding, Func, Loc, Unit, UnitKind};
use crate::bytecode::{
    CodeFlags, ConstIdx, Constant, FunctionKind, GlobalDecls, Insn, Reg, ScopeInfo, ThrowKind,
};
use crate::string::Atom;
use crate::string::atom::names;
use crate::syntax::SyntaxError;

type R<T = ()> = Result<T, SyntaxError>;

/// Records the scopes of every class in the program.
pub(crate) fn collect_class_scopes(program: &ast::Program, set: &mut FxHashSet<ScopeId>) {
    struct Collector<'s>(&'s mut FxHashSet<ScopeId>);
    impl<'a> Visit<'a> for Collector<'_> {
        fn visit_class(&mut self, class: &ast::Class<'a>) {
            if let Some(s) = class.scope_id.get() {
                self.0.insert(s);
            }
            walk::walk_class(self, class);
        }
    }
    Collector(set).visit_program(program);
}

/// Finds `new.target`, `super` and `arguments` at the top level of eval
/// code (outside nested non-arrow functions).
#[derive(Default)]
pub(crate) struct ContextFinder {
    pub new_target: Option<u32>,
    pub super_property: Option<u32>,
    pub super_call: Option<u32>,
    pub arguments: Option<u32>,
    /// Every `new.target` and `super` property found (their offsets).
    pub new_targets: Vec<u32>,
    pub super_properties: Vec<u32>,
}

impl ContextFinder {
    pub fn scan_program(&mut self, program: &ast::Program) {
        self.visit_program(program);
    }
}

impl<'a> Visit<'a> for ContextFinder {
    fn visit_function(&mut self, _: &ast::Function<'a>, _: ScopeFlags) {}
    fn visit_class(&mut self, class: &ast::Class<'a>) {
        if let Some(h) = &class.heritage {
            self.visit_expression(&h.expression);
        }
    }
    fn visit_new_target(&mut self, it: &ast::NewTarget) {
        self.new_target.get_or_insert(it.span.start);
        self.new_targets.push(it.span.start);
    }
    fn visit_call_expression(&mut self, it: &ast::CallExpression<'a>) {
        if let Expression::Super(s) = &it.callee {
            self.super_call.get_or_insert(s.span.start);
        }
        walk::walk_call_expression(self, it);
    }
    fn visit_super(&mut self, it: &ast::Super) {
        self.super_property.get_or_insert(it.span.start);
        self.super_properties.push(it.span.start);
    }
    fn visit_identifier_reference(&mut self, it: &ast::IdentifierReference<'a>) {
        if it.name.as_str() == "arguments" {
            self.arguments.get_or_insert(it.span.start);
        }
    }
}

/// Bits of the eval-context constant passed by `CallEval`.
pub mod eval_context {
    pub const STRICT: u32 = 1;
    pub const IN_FUNCTION: u32 = 2;
    pub const IN_METHOD: u32 = 4;
    pub const IN_CLASS_FIELD: u32 = 8;
    /// Called from a function's parameter initializers.
    pub const IN_PARAMETERS: u32 = 16;
}

/// The pieces of any function-like node.
struct FunctionParts<'x, 'a> {
    params: &'x ast::FormalParameters<'a>,
    body: Option<&'x ast::FunctionBody<'a>>,
    expression_body: Option<&'x Expression<'a>>,
    scope: Option<ScopeId>,
    span: oxc_span::Span,
    kind: FunctionKind,
    name: Atom,
    is_async: bool,
    generator: bool,
    /// A named function expression's own name, bound inside it to the
    /// function itself.
    own_name: Option<SymbolId>,
}

impl Unit<'_> {
    /// Compiles a function declaration or expression; returns the constant
    /// index of its code.
    pub fn function(&mut self, f: &ast::Function, name_hint: Option<Atom>) -> R<ConstIdx> {
        let name =
            f.id.as_ref()
                .map(|id| Atom::intern_str(id.name.as_str()))
                .or(name_hint)
                .unwrap_or(names::EMPTY);
        self.method_like(f, name, FunctionKind::Normal)
    }

    /// Compiles a method, getter or setter; its source text (toString)
    /// starts at `start`, the start of the MethodDefinition.
    pub fn method_function(
        &mut self,
        f: &ast::Function,
        key: Option<Atom>,
        kind: FunctionKind,
        start: u32,
    ) -> R<ConstIdx> {
        let base = key.unwrap_or(names::EMPTY);
        let name = match kind {
            FunctionKind::Getter if key.is_some() => prefixed("get ", base),
            FunctionKind::Setter if key.is_some() => prefixed("set ", base),
            _ => base,
        };
        let start = start.min(f.span.start);
        self.method_like_spanning(f, name, kind, oxc_span::Span::new(start, f.span.end))
    }

    /// Where a class element's MethodDefinition starts: after `static`
    /// and the whitespace and comments that follow it.
    pub fn method_definition_start(&self, md: &ast::MethodDefinition) -> u32 {
        let start = md.span.start;
        if !md.r#static {
            return start;
        }
        let text = self.source.text.as_bytes();
        let mut i = start as usize;
        if text.get(i..i + 6) == Some(b"static") {
            i += 6;
        }
        loop {
            match text.get(i..) {
                Some([b'/', b'*', ..]) => {
                    let rest = &self.source.text[i + 2..];
                    match rest.find("*/") {
                        Some(end) => i += 2 + end + 2,
                        None => break,
                    }
                }
                Some([b'/', b'/', ..]) => {
                    let rest = &self.source.text[i..];
                    match rest.find(['\n', '\r', '\u{2028}', '\u{2029}']) {
                        Some(end) => i += end,
                        None => break,
                    }
                }
                Some([c, ..]) if c.is_ascii_whitespace() => i += 1,
                Some(_) if self.source.text[i..].starts_with(|c: char| c.is_whitespace()) => {
                    i += self.source.text[i..]
                        .chars()
                        .next()
                        .map_or(1, char::len_utf8);
                }
                _ => break,
            }
        }
        i as u32
    }

    fn method_like(&mut self, f: &ast::Function, name: Atom, kind: FunctionKind) -> R<ConstIdx> {
        self.method_like_spanning(f, name, kind, f.span)
    }

    /// `span` is the source text the function's toString shows (a class
    /// constructor shows the whole class).
    fn method_like_spanning(
        &mut self,
        f: &ast::Function,
        name: Atom,
        kind: FunctionKind,
        span: oxc_span::Span,
    ) -> R<ConstIdx> {
        let Some(body) = &f.body else {
            return self.error("function has no body", f.span);
        };
        self.compile_function(FunctionParts {
            params: &f.params,
            body: Some(body),
            expression_body: None,
            scope: f.scope_id.get(),
            span,
            kind,
            name,
            is_async: f.r#async,
            generator: f.generator,
            own_name: f
                .is_expression()
                .then(|| f.id.as_ref().and_then(|id| id.symbol_id.get()))
                .flatten(),
        })
    }

    pub fn arrow_function(
        &mut self,
        a: &ast::ArrowFunctionExpression,
        name_hint: Option<Atom>,
    ) -> R<ConstIdx> {
        let (body, expression_body) = match &a.body {
            ast::ArrowFunctionBody::FunctionBody(b) => (Some(&**b), None),
            other => (None, other.as_expression()),
        };
        self.compile_function(FunctionParts {
            params: &a.params,
            body,
            expression_body,
            scope: a.scope_id.get(),
            span: a.span,
            kind: FunctionKind::Arrow,
            name: name_hint.unwrap_or(names::EMPTY),
            is_async: a.r#async,
            generator: false,
            own_name: None,
        })
    }

    fn compile_function(&mut self, p: FunctionParts) -> R<ConstIdx> {
        let parent_strict = self.fr().flags.strict;
        let strict = parent_strict
            || matches!(
                p.kind,
                FunctionKind::ClassConstructor
                    | FunctionKind::DerivedConstructor
                    | FunctionKind::ClassInitializer
            )
            || p.body.is_some_and(|b| {
                b.directives
                    .iter()
                    .any(|d| d.directive.as_str() == "use strict")
            });
        let is_arrow = p.kind == FunctionKind::Arrow;
        let flags = CodeFlags {
            strict,
            generator: p.generator,
            is_async: p.is_async,
            has_own_this: !is_arrow,
            simple_params: p.params.items.iter().all(|i| {
                i.initializer.is_none()
                    && matches!(i.pattern, ast::BindingPattern::BindingIdentifier(_))
            }) && p.params.rest.is_none(),
            ..CodeFlags::default()
        };
        let parent_dynamic = self.fr().dynamic_names;
        let parent_level = self.fr().env_level;
        let mut func = Func::new(p.kind, p.name, flags, parent_level);
        func.span = (p.span.start, p.span.end);
        func.dynamic_names = parent_dynamic || (self.all_captured && !strict);
        self.funcs.push(func);
        let saved_completion = self.completion.take();
        let result = self.function_body(&p);
        self.completion = saved_completion;
        let func = self.funcs.pop().expect("pushed");
        result?;
        let code = self.finish(func);
        Ok(self.constant(Constant::Function(code)))
    }

    fn function_body(&mut self, p: &FunctionParts) -> R {
        let params = p.params;
        let param_count = params.items.len() as u16;
        let length = params
            .items
            .iter()
            .position(|i| {
                i.initializer.is_some()
                    || matches!(i.pattern, ast::BindingPattern::AssignmentPattern(_))
            })
            .unwrap_or(params.items.len()) as u16;
        {
            let f = self.f();
            f.param_count = param_count;
            f.length = length;
        }
        self.regs(param_count);
        // Simple parameters that nothing captures live in their argument
        // registers.
        let mut preassigned = FxHashMap::default();
        for (i, item) in params.items.iter().enumerate() {
            if let ast::BindingPattern::BindingIdentifier(id) = &item.pattern
                && item.initializer.is_none()
                && let Some(sym) = id.symbol_id.get()
                && !self.captured.contains(&sym)
            {
                preassigned.insert(sym, i as Reg);
            }
        }
        let arguments = self.arguments_need(p.scope, p.kind);
        self.preassigned = preassigned;
        self.pending_arguments = arguments;
        self.open_scope(p.scope, true)?;
        self.preassigned.clear();
        if let Some(binding) = p.own_name.and_then(|s| self.lookup(s)) {
            let r = self.reg();
            if binding.name == names::ARGUMENTS {
                // `function arguments() {}`: the arguments object shadows
                // the function's own name (references resolve to the name).
                self.emit(Insn::CreateArguments {
                    dst: r,
                    mapped: !self.fr().flags.strict && self.fr().flags.simple_params,
                });
            } else {
                self.emit(Insn::LoadCallee { dst: r });
            }
            self.store_binding(binding, r, true);
        }
        if let Some(binding) = self.fr().arguments {
            let r = self.reg();
            self.emit(Insn::CreateArguments {
                dst: r,
                mapped: !self.fr().flags.strict && self.fr().flags.simple_params,
            });
            self.store_binding(binding, r, true);
        }
        // An arrow has no arguments object: its eval may declare
        // `arguments` unless a parameter has that name.
        self.f().in_parameters = p.kind != FunctionKind::Arrow
            || params.items.iter().any(|item| {
                item.pattern
                    .get_binding_identifiers()
                    .iter()
                    .any(|id| id.name.as_str() == "arguments")
            });
        for (i, item) in params.items.iter().enumerate() {
            let arg = i as Reg;
            if let Some(init) = &item.initializer {
                let skip = self.emit(Insn::JumpIfNotUndefined {
                    src: arg,
                    target: 0,
                });
                let name = match &item.pattern {
                    ast::BindingPattern::BindingIdentifier(id) => {
                        Some(Atom::intern_str(id.name.as_str()))
                    }
                    _ => None,
                };
                self.named_expr(init, arg, name)?;
                self.patch_here(skip);
            }
            let already_there = matches!(&item.pattern, ast::BindingPattern::BindingIdentifier(id)
                if id.symbol_id.get().is_some_and(|s| self.is_local_register_at(s, arg)));
            if !already_there {
                self.bind_pattern(&item.pattern, arg, true)?;
            }
        }
        if let Some(rest) = &params.rest {
            let r = self.reg();
            self.emit(Insn::LoadRest {
                dst: r,
                from: param_count,
            });
            self.bind_pattern(&rest.rest.argument, r, true)?;
        }
        self.f().in_parameters = false;
        if let Some(body) = p.body {
            self.hoist_functions(&body.statements)?;
        }
        if p.generator {
            self.emit(Insn::GeneratorStart);
        }
        if p.kind == FunctionKind::ClassConstructor {
            self.emit(Insn::InitFields);
        }
        if let Some(body) = p.body {
            self.scope_statements(&body.statements)?;
            let r = self.reg();
            self.emit(Insn::LoadUndefined { dst: r });
            self.emit_return(r);
        } else if let Some(e) = p.expression_body {
            let r = self.reg();
            self.expr(e, r)?;
            self.emit_return(r);
        }
        self.close_scope_keep_regs();
        Ok(())
    }

    fn is_local_register_at(&self, symbol: SymbolId, reg: Reg) -> bool {
        self.fr().scopes.iter().any(|s| matches!(s.bindings.get(&symbol), Some(Binding { loc: Loc::Reg(r), .. }) if *r == reg))
    }

    /// Whether the function with scope `scope` needs an arguments object,
    /// and whether a nested arrow (or eval) reaches it (so it must live in
    /// the environment).
    fn arguments_need(&self, scope: Option<ScopeId>, kind: FunctionKind) -> Option<bool> {
        if matches!(kind, FunctionKind::Arrow | FunctionKind::ClassInitializer) {
            return None;
        }
        let scope = scope?;
        let scoping = self.scoping;
        if scoping
            .get_bindings(scope)
            .iter()
            .any(|(name, _)| name.as_str() == "arguments")
        {
            return None;
        }
        if self.all_captured && self.function_has_eval(scope) {
            return Some(true);
        }
        let mut needed = None;
        if let Some(refs) = scoping.root_unresolved_references().get("arguments") {
            for &r in refs {
                let from = scoping.get_reference(r).scope_id();
                if self.arguments_owner(from) == Some(scope) {
                    let captured = self.boundary_of(from) != scope;
                    needed = Some(needed.unwrap_or(false) || captured || self.all_captured);
                }
            }
        }
        needed
    }

    /// The nearest non-arrow function scope around `scope`.
    fn arguments_owner(&self, mut scope: ScopeId) -> Option<ScopeId> {
        loop {
            let flags = self.scoping.scope_flags(scope);
            if flags.contains(ScopeFlags::Function) && !flags.contains(ScopeFlags::Arrow) {
                return Some(scope);
            }
            if flags.contains(ScopeFlags::ClassStaticBlock) || self.class_scopes.contains(&scope) {
                return None;
            }
            scope = self.scoping.scope_parent_id(scope)?;
        }
    }

    fn function_has_eval(&self, function_scope: ScopeId) -> bool {
        self.scoping.scope_descendants_from_root().any(|s| {
            self.scoping.scope_flags(s).contains(ScopeFlags::DirectEval)
                && (s == function_scope || self.arguments_owner(s) == Some(function_scope))
        })
    }

    /// The binding of `arguments` visible from the current function.
    pub fn arguments_binding(&self) -> Option<Binding> {
        for func in self.funcs.iter().rev() {
            if func.kind == FunctionKind::Arrow {
                continue;
            }
            return func.arguments;
        }
        None
    }

    /// The eval-context constant for a `CallEval` here.
    pub fn eval_scope_constant(&mut self) -> ConstIdx {
        use eval_context::*;
        let mut bits = 0;
        if self.fr().flags.strict {
            bits |= STRICT;
        }
        if self.fr().in_parameters {
            bits |= IN_PARAMETERS;
        }
        for func in self.funcs.iter().rev() {
            match func.kind {
                FunctionKind::Arrow => continue,
                FunctionKind::Script | FunctionKind::Module => {}
                FunctionKind::Eval => bits |= self.eval_outer_context,
                FunctionKind::ClassInitializer => bits |= IN_FUNCTION | IN_METHOD | IN_CLASS_FIELD,
                FunctionKind::Method
                | FunctionKind::Getter
                | FunctionKind::Setter
                | FunctionKind::ClassConstructor
                | FunctionKind::DerivedConstructor => bits |= IN_FUNCTION | IN_METHOD,
                FunctionKind::Normal => bits |= IN_FUNCTION,
            }
            break;
        }
        self.const_number(bits as f64)
    }

    // ----- private names -----

    /// Loads the private name `#name` (declared by an enclosing class) into
    /// a fresh register.
    pub fn private_name_reg(&mut self, name: &str, span: oxc_span::Span) -> R<Reg> {
        let atom = Atom::intern_str(name);
        let binding = self
            .private_scopes
            .iter()
            .rev()
            .find_map(|s| s.get(&atom).copied());
        let Some(binding) = binding else {
            return self.error(
                format!("Private field '#{name}' must be declared in an enclosing class"),
                span,
            );
        };
        let r = self.reg();
        self.load_binding(binding, r);
        Ok(r)
    }

    // ----- classes -----

    pub fn class(&mut self, class: &ast::Class, dst: Reg, name_hint: Option<Atom>) -> R {
        let m = self.mark();
        let class_name = class
            .id
            .as_ref()
            .map(|id| Atom::intern_str(id.name.as_str()))
            .or(name_hint)
            .unwrap_or(names::EMPTY);
        self.class_inner_name = class.id.as_ref().and_then(|id| id.symbol_id.get());
        self.open_scope(class.scope_id.get(), false)?;
        let class_scope = self.fr().scopes.len() - 1;
        let strict_saved = std::mem::replace(&mut self.f().flags.strict, true);

        // The class environment: private names, private methods, computed
        // field keys.
        let mut hidden: Vec<Atom> = Vec::new();
        let mut privates: FxHashMap<Atom, Binding> = FxHashMap::default();
        let mut private_values: FxHashMap<Atom, (u16, u16)> = FxHashMap::default();
        let mut private_slots: FxHashMap<Atom, u16> = FxHashMap::default();
        for el in &class.body.body {
            let key = match el {
                ast::ClassElement::MethodDefinition(md) => &md.key,
                ast::ClassElement::PropertyDefinition(pd) => &pd.key,
                ast::ClassElement::AccessorProperty(ap) => &ap.key,
                _ => continue,
            };
            if let ast::PropertyKey::PrivateIdentifier(pid) = key {
                let atom = Atom::intern_str(pid.name.as_str());
                if let std::collections::hash_map::Entry::Vacant(slot) = privates.entry(atom) {
                    private_slots.insert(atom, hidden.len() as u16);
                    slot.insert(Binding {
                        loc: Loc::Global,
                        name: atom,
                        lexical: false,
                        constant: true,
                        immutable_silent: false,
                    });
                    hidden.push(prefixed("#", atom));
                }
                if let ast::ClassElement::MethodDefinition(_) = el {
                    let entry = private_values.entry(atom).or_insert((u16::MAX, u16::MAX));
                    let slot = hidden.len() as u16;
                    hidden.push(prefixed("#fn ", atom));
                    let ast::ClassElement::MethodDefinition(md) = el else {
                        unreachable!()
                    };
                    if md.kind == ast::MethodDefinitionKind::Set {
                        entry.1 = slot
                    } else {
                        entry.0 = slot
                    }
                }
            }
        }
        let computed_fields: Vec<usize> = class
            .body
            .body
            .iter()
            .enumerate()
            .filter_map(|(i, el)| match el {
                ast::ClassElement::PropertyDefinition(pd) if pd.computed => Some(i),
                ast::ClassElement::AccessorProperty(ap) if ap.computed => Some(i),
                _ => None,
            })
            .collect();
        let mut computed_slots: FxHashMap<usize, u16> = FxHashMap::default();
        for &i in &computed_fields {
            computed_slots.insert(i, hidden.len() as u16);
            hidden.push(Atom::intern_str(&format!("#key{i}")));
        }
        let class_env_level = if hidden.is_empty() {
            None
        } else {
            let info = ScopeInfo {
                names: hidden.clone(),
                lexical: vec![false; hidden.len()],
                constant: vec![false; hidden.len()],
                assigned: Vec::new(),
                dynamic_vars: false,
                is_function_scope: false,
            };
            let index = self.constant(Constant::Scope(Arc::new(info)));
            self.emit(Insn::PushEnv { scope: index });
            self.f().env_level += 1;
            Some(self.fr().env_level)
        };
        if let Some(level) = class_env_level {
            for (atom, binding) in privates.iter_mut() {
                let slot = private_slots[atom];
                binding.loc = Loc::Env { level, slot };
                let r = self.reg();
                let name = self.const_atom(*atom);
                self.emit(Insn::NewPrivateName { dst: r, name });
                self.store_binding(*binding, r, true);
            }
        }
        self.private_scopes.push(privates);

        // Heritage.
        let parent = self.reg();
        let has_parent = class.heritage.is_some();
        match &class.heritage {
            Some(h) => self.expr(&h.expression, parent)?,
            None => {
                self.emit(Insn::LoadUndefined { dst: parent });
            }
        }

        // Constructor.
        let ctor_def = class.body.body.iter().find_map(|el| match el {
            ast::ClassElement::MethodDefinition(md)
                if md.kind == ast::MethodDefinitionKind::Constructor =>
            {
                Some(md)
            }
            _ => None,
        });
        let ctor_kind = if has_parent {
            FunctionKind::DerivedConstructor
        } else {
            FunctionKind::ClassConstructor
        };
        let ctor_index = match ctor_def {
            Some(md) => self.method_like_spanning(&md.value, class_name, ctor_kind, class.span)?,
            None => self.default_constructor(class, class_name, has_parent),
        };
        let ctor = self.reg();
        let proto = self.reg();
        let name_const = self.const_atom(class_name);
        self.at(class.span.start);
        self.emit(Insn::MakeClass {
            dst: ctor,
            proto,
            ctor: ctor_index,
            parent,
            has_parent,
            name: name_const,
        });

        // Methods and accessors, in order; fields are collected.
        let mut instance_fields: Vec<(usize, &ast::ClassElement)> = Vec::new();
        let mut static_elements: Vec<(usize, &ast::ClassElement)> = Vec::new();
        let mut instance_private_methods: Vec<Atom> = Vec::new();
        let mut instance_private_seen: FxHashSet<Atom> = FxHashSet::default();
        for (i, el) in class.body.body.iter().enumerate() {
            let em = self.mark();
            match el {
                ast::ClassElement::MethodDefinition(md)
                    if md.kind == ast::MethodDefinitionKind::Constructor => {}
                ast::ClassElement::MethodDefinition(md) => {
                    let target = if md.r#static { ctor } else { proto };
                    let kind = match md.kind {
                        ast::MethodDefinitionKind::Get => FunctionKind::Getter,
                        ast::MethodDefinitionKind::Set => FunctionKind::Setter,
                        _ => FunctionKind::Method,
                    };
                    if let ast::PropertyKey::PrivateIdentifier(pid) = &md.key {
                        let atom = Atom::intern_str(pid.name.as_str());
                        let func = self.reg();
                        let start = self.method_definition_start(md);
                        let index = self.method_function(
                            &md.value,
                            Some(prefixed("#", atom)),
                            kind,
                            start,
                        )?;
                        self.emit(Insn::MakeClosure { dst: func, index });
                        self.emit(Insn::SetHomeObject { func, home: target });
                        let (get_slot, set_slot) = private_values[&atom];
                        let slot = if kind == FunctionKind::Setter {
                            set_slot
                        } else {
                            get_slot
                        };
                        let level = class_env_level.expect("class env exists");
                        let depth = self.env_depth(level);
                        self.emit(Insn::SetEnv {
                            src: func,
                            depth,
                            slot,
                        });
                        if md.r#static {
                            static_elements.push((i, el));
                        } else if instance_private_seen.insert(atom) {
                            instance_private_methods.push(atom);
                        }
                    } else {
                        let key = self.property_key(&md.key, md.computed)?;
                        let func = self.reg();
                        let start = self.method_definition_start(md);
                        let index = self.method_function(&md.value, key_name(key), kind, start)?;
                        self.emit(Insn::MakeClosure { dst: func, index });
                        let computed = matches!(key, KeyRef::Computed(_));
                        let key = self.key_reg(key);
                        let prefix = match kind {
                            FunctionKind::Getter => 1,
                            FunctionKind::Setter => 2,
                            _ => 0,
                        };
                        if computed {
                            self.emit(Insn::SetFunctionName { func, key, prefix });
                        }
                        match kind {
                            FunctionKind::Getter => self.emit(Insn::DefineGetter {
                                obj: target,
                                key,
                                func,
                                enumerable: false,
                            }),
                            FunctionKind::Setter => self.emit(Insn::DefineSetter {
                                obj: target,
                                key,
                                func,
                                enumerable: false,
                            }),
                            _ => self.emit(Insn::DefineMethod {
                                obj: target,
                                key,
                                func,
                                enumerable: false,
                            }),
                        };
                    }
                }
                ast::ClassElement::PropertyDefinition(pd) => {
                    if pd.computed {
                        let key = self.property_key(&pd.key, true)?;
                        let key = self.key_reg(key);
                        let level = class_env_level.expect("class env exists");
                        let depth = self.env_depth(level);
                        self.emit(Insn::SetEnv {
                            src: key,
                            depth,
                            slot: computed_slots[&i],
                        });
                    }
                    if pd.r#static {
                        static_elements.push((i, el))
                    } else {
                        instance_fields.push((i, el))
                    }
                }
                ast::ClassElement::StaticBlock(_) => static_elements.push((i, el)),
                ast::ClassElement::AccessorProperty(ap) => {
                    return self.error(
                        "auto-accessors (decorators proposal) are not supported",
                        ap.span,
                    );
                }
                ast::ClassElement::TSIndexSignature(t) => {
                    return self.error("TypeScript syntax is not JavaScript", t.span);
                }
            }
            self.release(em);
        }

        // Instance fields and private methods: an initializer run at
        // construction with `this` the new object.
        if !instance_fields.is_empty() || !instance_private_methods.is_empty() {
            let index = self.field_initializer(
                &instance_fields,
                &instance_private_methods,
                &private_values,
                &computed_slots,
                class,
                class_env_level,
            )?;
            let init = self.reg();
            self.emit(Insn::MakeClosure { dst: init, index });
            self.emit(Insn::SetHomeObject {
                func: init,
                home: proto,
            });
            self.emit(Insn::SetClassFields { ctor, init });
        }

        // The inner class binding.
        if let Some(id) = &class.id
            && let Some(sym) = id.symbol_id.get()
            && let Some(&b) = self.fr().scopes[class_scope].bindings.get(&sym)
        {
            self.store_binding(b, ctor, true);
        }

        // Static fields, static private methods and static blocks, in order.
        if !static_elements.is_empty() {
            let index = self.static_initializer(
                &static_elements,
                &private_values,
                &computed_slots,
                class,
                class_env_level,
            )?;
            let init = self.reg();
            self.emit(Insn::MakeClosure { dst: init, index });
            self.emit(Insn::SetHomeObject {
                func: init,
                home: ctor,
            });
            let r = self.reg();
            self.emit(Insn::Call {
                dst: r,
                callee: init,
                this: ctor,
                args: r,
                argc: 0,
            });
        }

        self.emit(Insn::Mov { dst, src: ctor });
        self.private_scopes.pop();
        if class_env_level.is_some() {
            self.emit(Insn::PopEnv);
            self.f().env_level -= 1;
        }
        self.f().flags.strict = strict_saved;
        self.close_scope();
        self.release(m);
        Ok(())
    }

    fn default_constructor(&mut self, class: &ast::Class, name: Atom, derived: bool) -> ConstIdx {
        let kind = if derived {
            FunctionKind::DerivedConstructor
        } else {
            FunctionKind::ClassConstructor
        };
        let flags = CodeFlags {
            strict: true,
            has_own_this: true,
            simple_params: true,
            ..CodeFlags::default()
        };
        let mut func = Func::new(kind, name, flags, self.fr().env_level);
        func.span = (class.span.start, class.span.end);
        self.funcs.push(func);
        if derived {
            let args = self.reg();
            let result = self.reg();
            self.emit(Insn::LoadRest { dst: args, from: 0 });
            self.emit(Insn::SuperCallArray { dst: result, args });
            self.emit(Insn::LoadUndefined { dst: result });
            self.emit(Insn::Return { src: result });
        } else {
            let r = self.reg();
            self.emit(Insn::InitFields);
            self.emit(Insn::LoadUndefined { dst: r });
            self.emit(Insn::Return { src: r });
        }
        let func = self.funcs.pop().expect("pushed");
        let code = self.finish(func);
        self.constant(Constant::Function(code))
    }

    /// Starts a class initializer function (fields, static blocks).
    fn begin_initializer(&mut self, class: &ast::Class, name: Atom) {
        let flags = CodeFlags {
            strict: true,
            has_own_this: true,
            simple_params: true,
            ..CodeFlags::default()
        };
        let mut func = Func::new(
            FunctionKind::ClassInitializer,
            name,
            flags,
            self.fr().env_level,
        );
        func.span = (class.span.start, class.span.end);
        func.is_class_field_init = true;
        self.funcs.push(func);
        self.f().scopes.push(super::Scope::default());
    }

    fn end_initializer(&mut self) -> ConstIdx {
        let r = self.reg();
        self.emit(Insn::LoadUndefined { dst: r });
        self.emit(Insn::Return { src: r });
        let func = self.funcs.pop().expect("pushed");
        let code = self.finish(func);
        self.constant(Constant::Function(code))
    }

    /// Defines one field on `this` inside an initializer.
    fn field_definition(
        &mut self,
        i: usize,
        pd: &ast::PropertyDefinition,
        computed_slots: &FxHashMap<usize, u16>,
        class_env_level: Option<u32>,
    ) -> R {
        let m = self.mark();
        let this = self.reg();
        self.emit(Insn::LoadThis { dst: this });
        let value = self.reg();
        match &pd.key {
            ast::PropertyKey::PrivateIdentifier(pid) => {
                let name = self.private_name_reg(pid.name.as_str(), pid.span)?;
                match &pd.value {
                    Some(v) => self.named_expr(
                        v,
                        value,
                        Some(prefixed("#", Atom::intern_str(pid.name.as_str()))),
                    )?,
                    None => {
                        self.emit(Insn::LoadUndefined { dst: value });
                    }
                }
                self.at(pd.span.start);
                self.emit(Insn::DefinePrivate {
                    obj: this,
                    name,
                    src: value,
                });
            }
            key => {
                let key_reg = self.reg();
                let static_name = if pd.computed { None } else { static_key(key) };
                match static_name {
                    Some(atom) => self.load_atom(key_reg, atom),
                    None => {
                        let level = class_env_level.expect("class env exists");
                        let depth = self.env_depth(level);
                        self.emit(Insn::GetEnv {
                            dst: key_reg,
                            depth,
                            slot: computed_slots[&i],
                        });
                    }
                }
                match &pd.value {
                    Some(v) => {
                        self.named_expr(v, value, static_name)?;
                        if static_name.is_none() && v.is_anonymous_function_definition() {
                            self.emit(Insn::SetFunctionName {
                                func: value,
                                key: key_reg,
                                prefix: 0,
                            });
                        }
                    }
                    None => {
                        self.emit(Insn::LoadUndefined { dst: value });
                    }
                }
                self.at(pd.span.start);
                self.emit(Insn::DefineOwn {
                    obj: this,
                    key: key_reg,
                    src: value,
                });
            }
        }
        self.release(m);
        Ok(())
    }

    /// Installs private methods/accessors `names` on `this`.
    fn install_private_methods(
        &mut self,
        atoms: &[Atom],
        private_values: &FxHashMap<Atom, (u16, u16)>,
        class_env_level: Option<u32>,
    ) -> R {
        for &atom in atoms {
            let m = self.mark();
            let this = self.reg();
            self.emit(Insn::LoadThis { dst: this });
            let name = self.private_name_reg(&atom.to_rust_string(), oxc_span::Span::default())?;
            let (get_slot, set_slot) = private_values[&atom];
            let level = class_env_level.expect("class env exists");
            let depth = self.env_depth(level);
            let getter = self.reg();
            let setter = self.reg();
            if get_slot != u16::MAX {
                self.emit(Insn::GetEnv {
                    dst: getter,
                    depth,
                    slot: get_slot,
                });
            } else {
                self.emit(Insn::LoadUndefined { dst: getter });
            }
            if set_slot != u16::MAX {
                self.emit(Insn::GetEnv {
                    dst: setter,
                    depth,
                    slot: set_slot,
                });
            } else {
                self.emit(Insn::LoadUndefined { dst: setter });
            }
            // A private method or accessor: DefinePrivate with the pair in
            // consecutive registers (getter, setter) marks it read-only.
            self.emit(Insn::DefinePrivateMethod {
                obj: this,
                name,
                getter,
            });
            self.release(m);
        }
        Ok(())
    }

    fn field_initializer(
        &mut self,
        fields: &[(usize, &ast::ClassElement)],
        private_methods: &[Atom],
        private_values: &FxHashMap<Atom, (u16, u16)>,
        computed_slots: &FxHashMap<usize, u16>,
        class: &ast::Class,
        class_env_level: Option<u32>,
    ) -> R<ConstIdx> {
        self.begin_initializer(class, names::EMPTY);
        let result = (|| {
            self.install_private_methods(private_methods, private_values, class_env_level)?;
            for &(i, el) in fields {
                let ast::ClassElement::PropertyDefinition(pd) = el else {
                    continue;
                };
                self.field_definition(i, pd, computed_slots, class_env_level)?;
            }
            Ok(())
        })();
        let index = self.end_initializer();
        result.map(|_| index)
    }

    fn static_initializer(
        &mut self,
        elements: &[(usize, &ast::ClassElement)],
        private_values: &FxHashMap<Atom, (u16, u16)>,
        computed_slots: &FxHashMap<usize, u16>,
        class: &ast::Class,
        class_env_level: Option<u32>,
    ) -> R<ConstIdx> {
        self.begin_initializer(class, names::EMPTY);
        let result = (|| {
            let mut installed: Vec<Atom> = Vec::new();
            let mut seen: FxHashSet<Atom> = FxHashSet::default();
            for &(_, el) in elements {
                if let ast::ClassElement::MethodDefinition(md) = el
                    && let ast::PropertyKey::PrivateIdentifier(pid) = &md.key
                {
                    let atom = Atom::intern_str(pid.name.as_str());
                    if seen.insert(atom) {
                        installed.push(atom);
                    }
                }
            }
            self.install_private_methods(&installed, private_values, class_env_level)?;
            for &(i, el) in elements {
                match el {
                    ast::ClassElement::PropertyDefinition(pd) => {
                        self.field_definition(i, pd, computed_slots, class_env_level)?
                    }
                    ast::ClassElement::StaticBlock(block) => {
                        // A static block is a function body of its own.
                        let m = self.mark();
                        let f = self.reg();
                        let index = self.static_block(block, class)?;
                        self.emit(Insn::MakeClosure { dst: f, index });
                        let this = self.reg();
                        self.emit(Insn::LoadThis { dst: this });
                        let home = self.reg();
                        self.emit(Insn::LoadCallee { dst: home });
                        self.emit(Insn::Call {
                            dst: home,
                            callee: f,
                            this,
                            args: home,
                            argc: 0,
                        });
                        self.release(m);
                    }
                    _ => {}
                }
            }
            Ok(())
        })();
        let index = self.end_initializer();
        result.map(|_| index)
    }

    fn static_block(&mut self, block: &ast::StaticBlock, class: &ast::Class) -> R<ConstIdx> {
        self.begin_initializer(class, names::EMPTY);
        self.f().scopes.pop();
        let result = (|| {
            self.open_scope(block.scope_id.get(), true)?;
            self.hoist_functions(&block.body)?;
            self.scope_statements(&block.body)?;
            self.close_scope_keep_regs();
            Ok(())
        })();
        let index = self.end_initializer();
        result.map(|_| index)
    }

    // ----- the top level -----

    pub(crate) fn compile_toplevel(&mut self, program: &ast::Program, kind: &UnitKind) -> R {
        if let UnitKind::Eval {
            strict,
            in_function,
            in_method,
            in_class_field,
            in_parameters,
            ..
        } = *kind
        {
            use eval_context::*;
            let mut bits = 0;
            if strict {
                bits |= STRICT;
            }
            if in_function {
                bits |= IN_FUNCTION;
            }
            if in_method {
                bits |= IN_METHOD;
            }
            if in_class_field {
                bits |= IN_CLASS_FIELD;
            }
            if in_parameters {
                bits |= IN_PARAMETERS;
            }
            self.eval_outer_context = bits;
        }
        let completion = self.reg();
        self.emit(Insn::LoadUndefined { dst: completion });
        self.completion = Some(completion);
        // A directive prologue is made of expression statements too: its
        // last string is the completion value of `eval('"a"')`.
        if let Some(last) = program.directives.last() {
            let units = super::expr::string_literal_units(&last.expression);
            self.load_string(completion, &units);
        }
        let strict = self.fr().flags.strict;
        let top = self.top_scope;
        let scoping = self.scoping;
        let is_eval = self.is_eval;

        // Which top-level symbols are global (var/function of scripts and
        // sloppy eval) and which live in an environment.
        let mut decls = GlobalDecls {
            is_eval,
            strict,
            ..GlobalDecls::default()
        };
        let mut globals = FxHashMap::default();
        if !self.is_module {
            let mut bindings: Vec<(SymbolId, Atom)> = scoping
                .get_bindings(top)
                .iter()
                .map(|(n, &s)| (s, Atom::intern_str(n.as_str())))
                .collect();
            bindings.sort_by_key(|(s, _)| s.index());
            for (sym, name) in bindings {
                let flags = scoping.symbol_flags(sym);
                let lexical = flags.intersects(
                    oxc_syntax::symbol::SymbolFlags::BlockScopedVariable
                        | oxc_syntax::symbol::SymbolFlags::Class,
                );
                let constant = flags.contains(oxc_syntax::symbol::SymbolFlags::ConstVariable);
                if lexical {
                    if is_eval {
                        continue; // eval's lexicals live in its own environment
                    }
                    decls.lexicals.push((name, constant));
                    globals.insert(
                        sym,
                        Binding {
                            loc: Loc::Global,
                            name,
                            lexical: true,
                            constant,
                            immutable_silent: false,
                        },
                    );
                } else if is_eval && strict {
                    continue; // strict eval: vars are local too
                } else {
                    if !flags.contains(oxc_syntax::symbol::SymbolFlags::Function) {
                        decls.vars.push(name);
                    }
                    globals.insert(
                        sym,
                        Binding {
                            loc: Loc::Global,
                            name,
                            lexical: false,
                            constant: false,
                            immutable_silent: false,
                        },
                    );
                }
            }
        }
        // Function declarations at the top: created by DeclareGlobals.
        let mut hoisted_here = Vec::new();
        if !(self.is_module || is_eval && strict) {
            self.f().scopes.push(super::Scope {
                bindings: globals,
                ..Default::default()
            });
            for s in &program.body {
                if let Statement::FunctionDeclaration(f) = s
                    && let Some(id) = &f.id
                {
                    let index = self.function(f, None)?;
                    decls
                        .functions
                        .push((Atom::intern_str(id.name.as_str()), index));
                }
            }
            let index = self.constant(Constant::Globals(Arc::new(decls)));
            self.emit(Insn::DeclareGlobals { index });
            // Remaining top-level symbols (eval lexicals) get a scope.
            self.open_scope_filtered(Some(top))?;
        } else if self.is_module {
            // Modules: the linker creates the environment and the
            // top-level functions.
            self.open_module_scope(program)?;
            self.hoist_module_functions(&program.body)?;
        } else {
            // Strict eval: the top level is an ordinary scope.
            self.open_scope(Some(top), is_eval)?;
            hoisted_here.push(());
            self.hoist_functions(&program.body)?;
        }
        self.scope_statements(&program.body)?;
        let c = completion;
        self.emit(Insn::Return { src: c });
        Ok(())
    }

    /// Opens the top scope for the symbols not already declared as globals.
    fn open_scope_filtered(&mut self, scope: Option<ScopeId>) -> R {
        let declared: FxHashSet<SymbolId> = self
            .fr()
            .scopes
            .last()
            .map(|s| s.bindings.keys().copied().collect())
            .unwrap_or_default();
        self.skip_symbols = declared;
        let result = self.open_scope(scope, false);
        self.skip_symbols.clear();
        result
    }

    /// `export default <expr>`: stores into the module's default binding.
    pub fn store_default_export(&mut self, value: Reg) {
        match self.default_export {
            Some(b) => self.store_binding(b, value, true),
            None => self.throw_error(ThrowKind::SyntaxError, "export default outside a module"),
        }
    }
}

fn prefixed(prefix: &str, atom: Atom) -> Atom {
    let mut units: Vec<u16> = prefix.encode_utf16().collect();
    units.extend_from_slice(atom.text());
    Atom::intern(&units)
}
