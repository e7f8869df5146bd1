//! Compiling a module: the module environment's layout, the top-level
//! function declarations (instantiated at link time), the import and
//! export entries, and whether the body awaits at its top level.
//!
//! The body is compiled like a script's top level with two differences:
//! its bindings live in the module environment, which the linker creates
//! (the body does not push it), and import bindings are `Loc::Import`, read
//! through the exporting module's environment (`GetImport`).

use std::sync::Arc;

use oxc_allocator::Allocator;
use oxc_ast::ast::{self, Statement};
use oxc_ast_visit::Visit;
use oxc_ecmascript::BoundNames;
use oxc_syntax::scope::ScopeFlags;
use oxc_syntax::symbol::{SymbolFlags, SymbolId};
use rustc_hash::FxHashSet;

use super::{Binding, Loc, Scope, Unit, UnitKind};
use crate::bytecode::module::{
    ImportEntry, ImportName, IndirectExport, LocalExport, ModuleCode, ModuleRequest,
};
use crate::bytecode::{Constant, ScopeInfo, Source};
use crate::string::Atom;
use crate::string::atom::names;
use crate::syntax::{self, Goal, SyntaxError};

type R<T = ()> = Result<T, SyntaxError>;

/// The name of the binding `export default <expression>` initializes.
pub const DEFAULT_BINDING: &str = "*default*";

/// What compiling a module's top level produced besides the body.
#[derive(Default)]
pub(crate) struct ModuleOutput {
    pub scope: Option<Arc<ScopeInfo>>,
    pub functions: Vec<(u16, Arc<crate::bytecode::Code>)>,
    pub has_tla: bool,
}

/// Compiles module source text.
pub fn compile_module(source: Arc<Source>) -> Result<Arc<ModuleCode>, SyntaxError> {
    let allocator = Allocator::default();
    let text: &str = allocator.alloc_str(&source.text);
    let parsed = syntax::parse(&allocator, text, Goal::Module)?;
    let program = parsed.program;
    let scoping = parsed.semantic.scoping();
    let kind = UnitKind::Module;
    let mut unit = Unit::new(source.clone(), scoping, program, &kind);
    unit.module = Some(ModuleOutput {
        has_tla: has_top_level_await(program),
        ..ModuleOutput::default()
    });
    let body = unit.compile_program(program, &kind)?;
    let out = unit.module.take().expect("set above");
    let scope = out.scope.expect("the module scope was opened");
    let mut code = ModuleCode {
        body,
        scope,
        functions: out.functions,
        requests: Vec::new(),
        imports: Vec::new(),
        local_exports: Vec::new(),
        indirect_exports: Vec::new(),
        star_exports: Vec::new(),
        has_tla: out.has_tla,
        json: None,
    };
    collect_entries(program, &mut code)?;
    Ok(Arc::new(code))
}

/// A JSON module (`import data from './x.json' with { type: 'json' }`):
/// checks the text parses as JSON at load time is left to evaluation,
/// which parses it with JSON.parse and stores the value as the default
/// export.
pub fn compile_json_module(source: Arc<Source>) -> Result<Arc<ModuleCode>, SyntaxError> {
    let text = source.text.clone();
    let stub = Source::new(source.name.clone(), "export default undefined;");
    let compiled = compile_module(stub)?;
    let code = Arc::try_unwrap(compiled).unwrap_or_else(|_| unreachable!("fresh module code"));
    Ok(Arc::new(ModuleCode {
        json: Some(text),
        ..code
    }))
}

impl Unit<'_> {
    /// Opens the module's top scope: every binding gets a slot of the
    /// module environment (level 1), which the linker creates; nothing is
    /// pushed at run time.
    pub(crate) fn open_module_scope(&mut self, program: &ast::Program) -> R {
        let mark = self.mark();
        self.f().scopes.push(Scope {
            reg_mark: mark,
            ..Scope::default()
        });
        let namespace_imports = namespace_import_symbols(program);
        let scoping = self.scoping;
        let mut symbols: Vec<(SymbolId, Atom)> = scoping
            .get_bindings(self.top_scope)
            .iter()
            .map(|(name, &sym)| (sym, Atom::intern_str(name.as_str())))
            .collect();
        symbols.sort_by_key(|(s, _)| s.index());
        let level = 1;
        let mut info = ScopeInfo {
            is_function_scope: true,
            ..ScopeInfo::default()
        };
        let mut bindings = Vec::new();
        for (symbol, name) in symbols {
            let flags = scoping.symbol_flags(symbol);
            if !flags.intersects(SymbolFlags::Value | SymbolFlags::Import) {
                continue;
            }
            let slot = info.names.len() as u16;
            let import = flags.contains(SymbolFlags::Import);
            let (loc, lexical, constant) = if import && !namespace_imports.contains(&symbol) {
                (Loc::Import { level, slot }, true, true)
            } else if import {
                (Loc::Env { level, slot }, true, true)
            } else {
                let lexical = flags
                    .intersects(SymbolFlags::BlockScopedVariable | SymbolFlags::Class)
                    && !flags.contains(SymbolFlags::Function);
                (
                    Loc::Env { level, slot },
                    lexical,
                    flags.contains(SymbolFlags::ConstVariable),
                )
            };
            info.names.push(name);
            info.lexical.push(lexical);
            info.constant.push(constant);
            bindings.push((
                symbol,
                Binding {
                    loc,
                    name,
                    lexical: lexical && !import,
                    constant,
                    immutable_silent: false,
                },
            ));
        }
        if needs_default_binding(program) {
            let slot = info.names.len() as u16;
            let name = Atom::intern_str(DEFAULT_BINDING);
            info.names.push(name);
            info.lexical.push(true);
            info.constant.push(false);
            self.default_export = Some(Binding {
                loc: Loc::Env { level, slot },
                name,
                lexical: true,
                constant: false,
                immutable_silent: false,
            });
        }
        let scope_info = Arc::new(info);
        let index = self.constant(Constant::Scope(scope_info.clone()));
        let f = self.f();
        f.env_level = level;
        f.function_scope = Some(index);
        let scope = f.scopes.last_mut().expect("just pushed");
        scope.env_level = Some(level);
        scope.bindings.extend(bindings);
        if let Some(out) = &mut self.module {
            out.scope = Some(scope_info);
        }
        Ok(())
    }

    /// Compiles the top-level function declarations; the linker
    /// instantiates them into their slots.
    pub(crate) fn hoist_module_functions(&mut self, body: &[Statement]) -> R {
        for s in body {
            let (func, slot) = match s {
                Statement::FunctionDeclaration(f) => (f, None),
                Statement::ExportDeclaration(e) => match &e.declaration {
                    ast::Declaration::FunctionDeclaration(f) => (f, None),
                    _ => continue,
                },
                Statement::ExportDefaultDeclaration(e) => match &e.declaration {
                    ast::ExportDefaultDeclarationKind::FunctionDeclaration(f) => {
                        let default_slot = match (&f.id, self.default_export) {
                            (
                                None,
                                Some(Binding {
                                    loc: Loc::Env { slot, .. },
                                    ..
                                }),
                            ) => Some(slot),
                            _ => None,
                        };
                        (f, default_slot)
                    }
                    _ => continue,
                },
                _ => continue,
            };
            let slot = match (&func.id, slot) {
                (_, Some(slot)) => slot,
                (Some(id), None) => {
                    let symbol = id.symbol_id.get();
                    match symbol.and_then(|s| self.lookup(s)) {
                        Some(Binding {
                            loc: Loc::Env { slot, .. },
                            ..
                        }) => slot,
                        _ => continue,
                    }
                }
                (None, None) => continue,
            };
            let hint = func.id.is_none().then_some(names::DEFAULT);
            let index = self.function(func, hint)?;
            let Some(Constant::Function(code)) = self.fr().constants.get(index as usize) else {
                unreachable!("function() returns a function constant")
            };
            let code = code.clone();
            if let Some(out) = &mut self.module {
                out.functions.push((slot, code));
            }
        }
        Ok(())
    }
}

/// Whether the module needs a `*default*` binding: `export default` of an
/// expression, an anonymous function or an anonymous class.
fn needs_default_binding(program: &ast::Program) -> bool {
    program.body.iter().any(|s| match s {
        Statement::ExportDefaultDeclaration(e) => match &e.declaration {
            ast::ExportDefaultDeclarationKind::FunctionDeclaration(f) => f.id.is_none(),
            ast::ExportDefaultDeclarationKind::ClassDeclaration(c) => c.id.is_none(),
            _ => true,
        },
        _ => false,
    })
}

/// The local symbols of `import * as ns` declarations.
fn namespace_import_symbols(program: &ast::Program) -> FxHashSet<SymbolId> {
    let mut out = FxHashSet::default();
    for s in &program.body {
        if let Statement::ImportDeclaration(d) = s
            && let Some(specifiers) = &d.specifiers
        {
            for spec in specifiers {
                if let ast::ImportDeclarationSpecifier::ImportNamespaceSpecifier(n) = spec
                    && let Some(sym) = n.local.symbol_id.get()
                {
                    out.insert(sym);
                }
            }
        }
    }
    out
}

fn export_name(n: &ast::ModuleExportName) -> Atom {
    match n {
        ast::ModuleExportName::IdentifierName(i) => Atom::intern_str(i.name.as_str()),
        ast::ModuleExportName::IdentifierReference(i) => Atom::intern_str(i.name.as_str()),
        ast::ModuleExportName::StringLiteral(s) => Atom::intern_str(s.value.as_str()),
    }
}

fn attributes(with: &Option<oxc_allocator::Box<ast::WithClause>>) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = with
        .iter()
        .flat_map(|w| w.with_entries.iter())
        .map(|a| {
            let key = match &a.key {
                ast::ImportAttributeKey::Identifier(i) => i.name.as_str().to_string(),
                ast::ImportAttributeKey::StringLiteral(s) => s.value.as_str().to_string(),
            };
            (key, a.value.value.as_str().to_string())
        })
        .collect();
    out.sort();
    out
}

/// The index of a request, added if new.
fn request(
    code: &mut ModuleCode,
    source: &ast::StringLiteral,
    with: &Option<oxc_allocator::Box<ast::WithClause>>,
) -> usize {
    let req = ModuleRequest {
        specifier: source.value.as_str().to_string(),
        attributes: attributes(with),
        offset: source.span.start,
    };
    if let Some(i) = code
        .requests
        .iter()
        .position(|r| r.specifier == req.specifier && r.attributes == req.attributes)
    {
        return i;
    }
    code.requests.push(req);
    code.requests.len() - 1
}

/// ParseModule's entry lists (imports first: exports of imported names
/// become indirect exports).
fn collect_entries(program: &ast::Program, code: &mut ModuleCode) -> R {
    for s in &program.body {
        match s {
            Statement::ImportDeclaration(d) => {
                let req = request(code, &d.source, &d.with_clause);
                for spec in d.specifiers.iter().flatten() {
                    let (import, local, offset) = match spec {
                        ast::ImportDeclarationSpecifier::ImportSpecifier(s) => (
                            ImportName::Name(export_name(&s.imported)),
                            &s.local,
                            s.span.start,
                        ),
                        ast::ImportDeclarationSpecifier::ImportDefaultSpecifier(s) => {
                            (ImportName::Name(names::DEFAULT), &s.local, s.span.start)
                        }
                        ast::ImportDeclarationSpecifier::ImportNamespaceSpecifier(s) => {
                            (ImportName::Namespace, &s.local, s.span.start)
                        }
                    };
                    let local = Atom::intern_str(local.name.as_str());
                    let slot = slot_of(code, local, offset)?;
                    code.imports.push(ImportEntry {
                        request: req,
                        import,
                        local,
                        slot,
                        offset,
                    });
                }
            }
            Statement::ExportFromDeclaration(d) => {
                let req = request(code, &d.source, &d.with_clause);
                for spec in &d.specifiers {
                    code.indirect_exports.push(IndirectExport {
                        export: export_name(&spec.exported),
                        request: req,
                        import: ImportName::Name(export_name(&spec.local)),
                        offset: spec.span.start,
                    });
                }
            }
            Statement::ExportAllDeclaration(d) => {
                let req = request(code, &d.source, &d.with_clause);
                match &d.exported {
                    Some(name) => code.indirect_exports.push(IndirectExport {
                        export: export_name(name),
                        request: req,
                        import: ImportName::Namespace,
                        offset: d.span.start,
                    }),
                    None => code.star_exports.push(req),
                }
            }
            _ => {}
        }
    }
    for s in &program.body {
        match s {
            Statement::ExportDeclaration(d) => {
                let mut locals = Vec::new();
                d.declaration
                    .bound_names(&mut |id| locals.push(Atom::intern_str(id.name.as_str())));
                for local in locals {
                    add_local_export(code, local, local, d.span.start)?;
                }
            }
            Statement::ExportNamedDeclaration(d) => {
                for spec in &d.specifiers {
                    add_local_export(
                        code,
                        export_name(&spec.exported),
                        export_name(&spec.local),
                        spec.span.start,
                    )?;
                }
            }
            Statement::ExportDefaultDeclaration(d) => {
                let local = match &d.declaration {
                    ast::ExportDefaultDeclarationKind::FunctionDeclaration(f) => f.id.as_ref(),
                    ast::ExportDefaultDeclarationKind::ClassDeclaration(c) => c.id.as_ref(),
                    _ => None,
                };
                let local = local.map_or_else(
                    || Atom::intern_str(DEFAULT_BINDING),
                    |id| Atom::intern_str(id.name.as_str()),
                );
                add_local_export(code, names::DEFAULT, local, d.span.start)?;
            }
            _ => {}
        }
    }
    Ok(())
}

/// The slot of a top-level binding an entry names.
fn slot_of(code: &ModuleCode, local: Atom, offset: u32) -> R<u16> {
    code.slot_of(local).ok_or_else(|| SyntaxError {
        message: format!(
            "Export '{}' is not defined in module",
            local.to_rust_string()
        ),
        offset,
    })
}

/// `export { local as export }`: a local export, or an indirect one when
/// `local` is itself an import (of a namespace too: re-exporting one
/// namespace through two paths is then not ambiguous).
fn add_local_export(code: &mut ModuleCode, export: Atom, local: Atom, offset: u32) -> R {
    if let Some(imp) = code.imports.iter().find(|i| i.local == local) {
        let (request, import) = (imp.request, imp.import);
        code.indirect_exports.push(IndirectExport {
            export,
            request,
            import,
            offset,
        });
        return Ok(());
    }
    let slot = slot_of(code, local, offset)?;
    code.local_exports.push(LocalExport {
        export,
        local,
        slot,
    });
    Ok(())
}

/// Whether the module body awaits outside any function (`await`,
/// `for await`, `await using`).
pub fn has_top_level_await(program: &ast::Program) -> bool {
    struct Finder(bool);
    impl<'a> Visit<'a> for Finder {
        fn visit_function(&mut self, _: &ast::Function<'a>, _: ScopeFlags) {}
        fn visit_arrow_function_expression(&mut self, _: &ast::ArrowFunctionExpression<'a>) {}
        fn visit_await_expression(&mut self, _: &ast::AwaitExpression<'a>) {
            self.0 = true;
        }
        fn visit_for_of_statement(&mut self, it: &ast::ForOfStatement<'a>) {
            if it.r#await {
                self.0 = true;
            }
            oxc_ast_visit::walk::walk_for_of_statement(self, it);
        }
        fn visit_variable_declaration(&mut self, it: &ast::VariableDeclaration<'a>) {
            if it.kind == ast::VariableDeclarationKind::AwaitUsing {
                self.0 = true;
            }
            oxc_ast_visit::walk::walk_variable_declaration(self, it);
        }
    }
    let mut finder = Finder(false);
    finder.visit_program(program);
    finder.0
}
