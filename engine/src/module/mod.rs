//! ES modules at run time: module records and the per-realm module map,
//! loading through the host's `ModuleLoader`, linking (ResolveExport,
//! InitializeEnvironment), evaluation in post order with cycles and
//! top-level await (the spec's InnerModuleEvaluation and its
//! async-evaluation algorithm), dynamic `import()` and `import.meta`.
//!
//! A module's bindings live in one environment (`Env`), created when the
//! module is loaded. An import binding's slot holds an `ImportCell` naming
//! the exporting module's environment and slot, so reads are live (the
//! compiler emits `GetImport` for them); a namespace import's slot holds
//! the namespace object itself. Records are heap cells kept alive by their
//! realm's `ModuleMap`; everything they hold is traced from there.
//!
//! Loading is synchronous (the loader returns source text), which the spec
//! allows; linking and evaluation follow the spec's algorithms step by
//! step, so the order of evaluation, of errors and of promise settlement
//! is the spec's.
//!
//! Files: `mod.rs` records, loading, linking, evaluation, `import()` and
//! `import.meta`; `namespace.rs` module namespace objects; `loader.rs` the
//! loader trait, the file-system loader and an in-memory one.

pub mod loader;
pub mod namespace;

pub use loader::{FsLoader, MemoryLoader, ModuleLoader};

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use parking_lot::Mutex;
use rustc_hash::FxHashMap;

use crate::bytecode::Source;
use crate::bytecode::module::{ImportName, ModuleCode};
use crate::compiler::module::DEFAULT_BINDING;
use crate::function::Env;
use crate::heap::{Gc, Trace, Tracer};
use crate::interpreter::{ErrorKind, JsResult, Vm};
use crate::object::{ObjectKind, PropertyKey};
use crate::realm::Realm;
use crate::string::Atom;
use crate::string::atom::names;
use crate::syntax::SyntaxError;
use crate::value::{AtomicValue, Value};

/// Where a module is in its life (the spec's [[Status]]; "new" and
/// "unlinked" are one state here: loading is synchronous).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Unlinked,
    Linking,
    Linked,
    Evaluating,
    EvaluatingAsync,
    Evaluated,
}

/// [[AsyncEvaluationOrder]].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum AsyncOrder {
    Unset,
    Order(u64),
    Done,
}

/// IncrementModuleAsyncEvaluationCount's counter (only the order matters).
static ASYNC_EVALUATION_COUNT: AtomicU64 = AtomicU64::new(1);

/// The mutable part of a module record.
struct State {
    status: Status,
    dfs_index: u32,
    dfs_ancestor: u32,
    /// The records of `code.requests`, once loaded.
    requested: Vec<Option<Gc<ModuleRecord>>>,
    cycle_root: Option<Gc<ModuleRecord>>,
    /// The value evaluation threw (the same value for every importer).
    error: Option<Value>,
    async_order: AsyncOrder,
    pending_async: u32,
    async_parents: Vec<Gc<ModuleRecord>>,
    /// [[TopLevelCapability]]: promise, resolve, reject.
    capability: Option<[Value; 3]>,
}

/// A module: its compiled code, environment and evaluation state.
pub struct ModuleRecord {
    /// The loader's key (also the name of its source).
    pub key: String,
    pub realm: Gc<Realm>,
    pub code: Arc<ModuleCode>,
    /// The module environment (all top-level bindings).
    pub env: Gc<Env>,
    state: Mutex<State>,
    namespace: AtomicValue,
    meta: AtomicValue,
}

impl Trace for ModuleRecord {
    fn trace(&self, tracer: &mut Tracer) {
        tracer.mark(self.realm);
        tracer.mark(self.env);
        tracer.mark_value(self.namespace.load());
        tracer.mark_value(self.meta.load());
        let st = self.state.lock();
        for m in st.requested.iter().flatten() {
            tracer.mark(*m);
        }
        if let Some(m) = st.cycle_root {
            tracer.mark(m);
        }
        if let Some(e) = st.error {
            tracer.mark_value(e);
        }
        for m in &st.async_parents {
            tracer.mark(*m);
        }
        for v in st.capability.iter().flatten() {
            tracer.mark_value(*v);
        }
    }
}

impl ModuleRecord {
    pub fn status(&self) -> Status {
        self.state.lock().status
    }

    fn set_status(&self, status: Status) {
        self.state.lock().status = status;
    }

    /// The loaded module of request `i`.
    fn requested(&self, i: usize) -> Gc<ModuleRecord> {
        self.state.lock().requested[i].expect("requested modules are loaded before linking")
    }

    fn requested_all(&self) -> Vec<Gc<ModuleRecord>> {
        self.state
            .lock()
            .requested
            .iter()
            .map(|m| m.expect("requested modules are loaded before linking"))
            .collect()
    }

    fn specifier(&self, request: usize) -> &str {
        &self.code.requests[request].specifier
    }

    /// The module's `file:line:col` at a source offset (for messages).
    fn location(&self, offset: u32) -> String {
        let (line, col) = self.code.body.source.line_col(offset);
        format!("{}:{line}:{col}", self.key)
    }

    fn error(&self) -> Option<Value> {
        self.state.lock().error
    }

    fn cycle_root(&self) -> Gc<ModuleRecord> {
        self.state
            .lock()
            .cycle_root
            .expect("evaluated modules have a cycle root")
    }

    fn has_tla(&self) -> bool {
        self.code.has_tla
    }
}

/// An import binding's target: slot `slot` of environment `env`.
pub struct ImportCell {
    pub env: Gc<Env>,
    pub slot: u16,
}

impl Trace for ImportCell {
    fn trace(&self, tracer: &mut Tracer) {
        tracer.mark(self.env);
    }
}

impl ImportCell {
    fn load(&self) -> Value {
        self.env.slots[self.slot as usize].load()
    }
}

/// The value of an import binding slot: the exporting module's binding
/// (the TDZ marker while it is uninitialized), or the namespace object a
/// namespace import holds.
#[inline]
pub fn read_import_slot(v: Value) -> Value {
    // SAFETY: `GetImport` reads only import slots, which hold an
    // `ImportCell` (internal), a namespace object, or the TDZ marker.
    match unsafe { v.as_internal::<ImportCell>() } {
        Some(cell) => cell.load(),
        None => v,
    }
}

/// The import cell an environment slot holds, if it holds one (slots of
/// other environments never hold internal values).
pub fn import_cell(v: Value) -> Option<Gc<ImportCell>> {
    if !v.is_internal() {
        return None;
    }
    // SAFETY: internal values are cells; the type name check below makes
    // sure this one is an ImportCell before it is used as one.
    let cell = unsafe { v.as_internal::<ImportCell>() }?;
    (cell.header().type_name() == std::any::type_name::<ImportCell>()).then_some(cell)
}

/// A realm's module map: loader key → module.
#[derive(Default)]
pub struct ModuleMap {
    map: Mutex<FxHashMap<String, Gc<ModuleRecord>>>,
}

impl ModuleMap {
    pub fn get(&self, key: &str) -> Option<Gc<ModuleRecord>> {
        self.map.lock().get(key).copied()
    }

    fn insert(&self, key: String, m: Gc<ModuleRecord>) {
        self.map.lock().insert(key, m);
    }

    pub fn trace(&self, tracer: &mut Tracer) {
        for m in self.map.lock().values() {
            tracer.mark(*m);
        }
    }

    /// Forgets every module (a realm put back as installed).
    pub(crate) fn clear(&self) {
        self.map.lock().clear();
    }
}

/// Why a module could not be loaded, linked or evaluated.
#[derive(Debug)]
pub enum ModuleError {
    /// The loader could not resolve or read a module.
    NotFound {
        specifier: String,
        referrer: Option<String>,
        message: String,
    },
    /// A module's source text has a syntax error.
    Syntax {
        source: Arc<Source>,
        error: SyntaxError,
    },
    /// A JavaScript exception (a link error, an invalid JSON module, …).
    Thrown(Value),
}

impl ModuleError {
    /// The error as a JavaScript value (what `import()` rejects with).
    pub fn to_value(&self, vm: &mut Vm) -> Value {
        match self {
            ModuleError::Thrown(v) => *v,
            ModuleError::Syntax { source, error } => {
                let (line, col) = source.line_col(error.offset);
                let text = format!("{} ({}:{line}:{col})", error.message, source.name);
                vm.make_error(ErrorKind::Syntax, &text)
            }
            ModuleError::NotFound { .. } => {
                let text = self.not_found_message();
                vm.make_error(ErrorKind::Type, &text)
            }
        }
    }

    fn not_found_message(&self) -> String {
        let ModuleError::NotFound {
            specifier,
            referrer,
            message,
        } = self
        else {
            return String::new();
        };
        match referrer {
            Some(r) => format!("Cannot load module '{specifier}' imported from {r}: {message}"),
            None => format!("Cannot load module '{specifier}': {message}"),
        }
    }

    /// A one-line description for hosts that report it as text (not for
    /// `Thrown`, which the host describes as an exception).
    pub fn message(&self) -> String {
        match self {
            ModuleError::NotFound { .. } => self.not_found_message(),
            ModuleError::Syntax { source, error } => {
                let (line, col) = source.line_col(error.offset);
                format!(
                    "{}:{line}:{col}: SyntaxError: {}",
                    source.name, error.message
                )
            }
            ModuleError::Thrown(_) => "uncaught exception".into(),
        }
    }
}

// ----- loading -----

/// The key of a JSON module in the module map (a JSON and a JS import of
/// one file are different modules).
fn map_key(key: &str, json: bool) -> String {
    if json {
        format!("{key}\u{0}json")
    } else {
        key.to_string()
    }
}

impl Vm {
    /// Resolves `specifier` against `referrer` and returns its module in
    /// `realm`, loading and compiling it if the realm has none yet (its
    /// dependencies are not loaded: see `load_requested`).
    fn load_one(
        &mut self,
        realm: Gc<Realm>,
        specifier: &str,
        referrer: Option<&str>,
        module_type: Option<&str>,
    ) -> Result<Gc<ModuleRecord>, ModuleError> {
        let not_found = |message: String| ModuleError::NotFound {
            specifier: specifier.to_string(),
            referrer: referrer.map(String::from),
            message,
        };
        let json = match module_type {
            None => false,
            Some("json") => true,
            Some(other) => {
                let e = self.make_error(
                    ErrorKind::Type,
                    &format!("Unsupported module type '{other}' for '{specifier}'"),
                );
                return Err(ModuleError::Thrown(e));
            }
        };
        let loader = self
            .engine
            .module_loader()
            .ok_or_else(|| not_found("this host cannot load modules".into()))?;
        let key = loader.resolve(specifier, referrer).map_err(not_found)?;
        let mkey = map_key(&key, json);
        if let Some(m) = realm.modules.get(&mkey) {
            return Ok(m);
        }
        let text = loader.load(&key).map_err(not_found)?;
        let source = Source::new(key.clone(), text);
        let compiled = if json {
            crate::compiler::compile_json_module(source.clone())
        } else {
            crate::compiler::compile_module(source.clone())
        };
        let code = compiled.map_err(|error| ModuleError::Syntax { source, error })?;
        let record = self.new_module_record(realm, key, code);
        if json {
            self.init_json_module(record).map_err(ModuleError::Thrown)?;
        }
        realm.modules.insert(mkey, record);
        Ok(record)
    }

    /// A record and its environment (bindings uninitialized or undefined).
    fn new_module_record(
        &mut self,
        realm: Gc<Realm>,
        key: String,
        code: Arc<ModuleCode>,
    ) -> Gc<ModuleRecord> {
        let slots = code
            .scope
            .lexical
            .iter()
            .map(|&lexical| {
                AtomicValue::new(if lexical {
                    Value::UNINITIALIZED
                } else {
                    Value::UNDEFINED
                })
            })
            .collect();
        let env = self.alloc_cell(Env {
            parent: Value::UNDEFINED,
            scope: Some(code.scope.clone()),
            slots,
            with_object: Value::UNDEFINED,
            dynamic: None,
        });
        let requested = vec![None; code.requests.len()];
        self.alloc_cell(ModuleRecord {
            key,
            realm,
            code,
            env,
            state: Mutex::new(State {
                status: Status::Unlinked,
                dfs_index: 0,
                dfs_ancestor: 0,
                requested,
                cycle_root: None,
                error: None,
                async_order: AsyncOrder::Unset,
                pending_async: 0,
                async_parents: Vec::new(),
                capability: None,
            }),
            namespace: AtomicValue::new(Value::UNDEFINED),
            meta: AtomicValue::new(Value::UNDEFINED),
        })
    }

    /// ParseJSONModule: the default export is JSON.parse(text).
    fn init_json_module(&mut self, m: Gc<ModuleRecord>) -> JsResult<()> {
        let text = m.code.json.clone().unwrap_or_default();
        let text = self.string_value(&text);
        let saved = std::mem::replace(&mut self.realm, m.realm);
        let parsed = crate::builtins::json::parse_text(self, text);
        self.realm = saved;
        let value = parsed?;
        let slot = m
            .code
            .slot_of(Atom::intern_str(DEFAULT_BINDING))
            .expect("JSON modules have a default binding");
        m.env.slots[slot as usize].store(value);
        Ok(())
    }

    /// LoadRequestedModules: loads every module `root` depends on,
    /// directly or not.
    fn load_requested(&mut self, root: Gc<ModuleRecord>) -> Result<(), ModuleError> {
        let mut seen = rustc_hash::FxHashSet::default();
        let mut work = vec![root];
        seen.insert(root);
        while let Some(m) = work.pop() {
            for (i, req) in m.code.requests.iter().enumerate() {
                let loaded = m.state.lock().requested[i];
                let dep = match loaded {
                    Some(d) => d,
                    None => {
                        let d = self.load_one(
                            m.realm,
                            &req.specifier,
                            Some(&m.key),
                            req.type_attribute(),
                        )?;
                        m.state.lock().requested[i] = Some(d);
                        d
                    }
                };
                if seen.insert(dep) {
                    work.push(dep);
                }
            }
        }
        Ok(())
    }

    /// Loads the module `specifier` (resolved with no referrer) and
    /// everything it imports into this thread's realm.
    pub fn load_module(&mut self, specifier: &str) -> Result<Gc<ModuleRecord>, ModuleError> {
        let realm = self.realm;
        let m = self.load_one(realm, specifier, None, None)?;
        self.load_requested(m)?;
        Ok(m)
    }

    /// Compiles `text` as the module `key` of this thread's realm (not
    /// asking the loader for it; an earlier module of that key is
    /// replaced) and loads everything it imports, resolved against `key`.
    pub fn load_module_text(
        &mut self,
        key: &str,
        text: &str,
    ) -> Result<Gc<ModuleRecord>, ModuleError> {
        let realm = self.realm;
        let source = Source::new(key, text);
        let code = crate::compiler::compile_module(source.clone())
            .map_err(|error| ModuleError::Syntax { source, error })?;
        let m = self.new_module_record(realm, key.to_string(), code);
        realm.modules.insert(key.to_string(), m);
        self.load_requested(m)?;
        Ok(m)
    }

    /// Runs source text as a module named `key` (see `load_module_text`);
    /// returns the promise of its evaluation, like `run_module`.
    pub fn run_module_text(&mut self, key: &str, text: &str) -> Result<Value, ModuleError> {
        let m = self.load_module_text(key, text)?;
        self.link_module(m).map_err(ModuleError::Thrown)?;
        Ok(self.evaluate_module(m))
    }

    /// Loads, links and evaluates the module `specifier` in this thread's
    /// realm. Returns the promise of its evaluation (settled already
    /// unless the module graph awaits at top level; run the job queue).
    pub fn run_module(&mut self, specifier: &str) -> Result<Value, ModuleError> {
        let m = self.load_module(specifier)?;
        self.link_module(m).map_err(ModuleError::Thrown)?;
        Ok(self.evaluate_module(m))
    }

    // ----- linking -----

    /// Link(): links `m` and its dependencies, or throws (a SyntaxError
    /// for an import that does not resolve) leaving them unlinked.
    pub fn link_module(&mut self, m: Gc<ModuleRecord>) -> JsResult<()> {
        let mut stack = Vec::new();
        if let Err(e) = self.inner_link(m, &mut stack, 0) {
            for s in stack {
                s.set_status(Status::Unlinked);
            }
            return Err(e);
        }
        Ok(())
    }

    fn inner_link(
        &mut self,
        m: Gc<ModuleRecord>,
        stack: &mut Vec<Gc<ModuleRecord>>,
        mut index: u32,
    ) -> JsResult<u32> {
        if m.status() != Status::Unlinked {
            return Ok(index);
        }
        {
            let mut st = m.state.lock();
            st.status = Status::Linking;
            st.dfs_index = index;
            st.dfs_ancestor = index;
        }
        index += 1;
        stack.push(m);
        for required in m.requested_all() {
            index = self.inner_link(required, stack, index)?;
            let (status, ancestor) = {
                let st = required.state.lock();
                (st.status, st.dfs_ancestor)
            };
            if status == Status::Linking {
                let mut st = m.state.lock();
                st.dfs_ancestor = st.dfs_ancestor.min(ancestor);
            }
        }
        self.initialize_environment(m)?;
        let (dfs_index, ancestor) = {
            let st = m.state.lock();
            (st.dfs_index, st.dfs_ancestor)
        };
        if ancestor == dfs_index {
            while let Some(s) = stack.pop() {
                s.set_status(Status::Linked);
                if s == m {
                    break;
                }
            }
        }
        Ok(index)
    }

    /// InitializeEnvironment: checks indirect exports, binds imports and
    /// instantiates the top-level functions.
    fn initialize_environment(&mut self, m: Gc<ModuleRecord>) -> JsResult<()> {
        for e in &m.code.indirect_exports {
            if let Resolution::NotFound | Resolution::Ambiguous =
                resolve_export(m, e.export, &mut Vec::new())
            {
                let text = format!(
                    "{}: the module '{}' does not provide an export named '{}'",
                    m.location(e.offset),
                    m.specifier(e.request),
                    match e.import {
                        ImportName::Name(n) => n.to_rust_string(),
                        ImportName::Namespace => e.export.to_rust_string(),
                    }
                );
                return Err(self.make_error(ErrorKind::Syntax, &text));
            }
        }
        for imp in &m.code.imports {
            let imported = m.requested(imp.request);
            let value = match imp.import {
                ImportName::Namespace => self.module_namespace(imported)?,
                ImportName::Name(name) => match resolve_export(imported, name, &mut Vec::new()) {
                    Resolution::Found(target, Binding::Namespace) => {
                        self.module_namespace(target)?
                    }
                    Resolution::Found(target, Binding::Slot(slot)) => {
                        Value::internal(self.alloc_cell(ImportCell {
                            env: target.env,
                            slot,
                        }))
                    }
                    unresolved => {
                        let why = if let Resolution::Ambiguous = unresolved {
                            "has conflicting star exports named"
                        } else {
                            "does not provide an export named"
                        };
                        let text = format!(
                            "{}: the module '{}' {why} '{}'",
                            m.location(imp.offset),
                            m.specifier(imp.request),
                            name.to_rust_string()
                        );
                        return Err(self.make_error(ErrorKind::Syntax, &text));
                    }
                },
            };
            m.env.slots[imp.slot as usize].store(value);
        }
        let env = Value::internal(m.env);
        for (slot, code) in &m.code.functions {
            let f = self.new_closure(
                code.clone(),
                env,
                m.realm,
                Value::UNDEFINED,
                Value::UNDEFINED,
                Value::UNDEFINED,
                Value::UNDEFINED,
            );
            m.env.slots[*slot as usize].store(Value::object(f));
        }
        Ok(())
    }

    /// GetModuleNamespace: the module's namespace object (made once).
    pub fn module_namespace(&mut self, m: Gc<ModuleRecord>) -> JsResult<Value> {
        let ns = m.namespace.load();
        if !ns.is_undefined() {
            return Ok(ns);
        }
        let mut exports = Vec::new();
        for name in exported_names(m, &mut Vec::new()) {
            if let Resolution::Found(target, binding) = resolve_export(m, name, &mut Vec::new()) {
                exports.push((name, target, binding));
            }
        }
        let ns = namespace::create(self, m, exports);
        m.namespace.store(ns);
        Ok(ns)
    }

    // ----- evaluation -----

    /// Evaluate(): runs `m` and its dependencies (once); returns the
    /// promise of its evaluation.
    pub fn evaluate_module(&mut self, m: Gc<ModuleRecord>) -> Value {
        let m = match m.status() {
            Status::EvaluatingAsync | Status::Evaluated => m.cycle_root(),
            _ => m,
        };
        if let Some([promise, ..]) = m.state.lock().capability {
            return promise;
        }
        let saved = std::mem::replace(&mut self.realm, m.realm);
        let (promise, resolve, reject) = crate::builtins::promise::new_intrinsic_capability(self);
        self.realm = saved;
        m.state.lock().capability = Some([promise, resolve, reject]);
        let mut stack = Vec::new();
        match self.inner_evaluate(m, &mut stack, 0) {
            Err(e) => {
                for s in stack {
                    let mut st = s.state.lock();
                    st.status = Status::Evaluated;
                    st.error = Some(e);
                    // A module that failed before its component was
                    // complete is its own cycle root (a later Evaluate
                    // starts from it and finds the error).
                    st.cycle_root.get_or_insert(s);
                }
                let _ = self.call(reject, Value::UNDEFINED, &[e]);
            }
            Ok(_) => {
                if m.state.lock().async_order == AsyncOrder::Unset {
                    let _ = self.call(resolve, Value::UNDEFINED, &[Value::UNDEFINED]);
                }
            }
        }
        promise
    }

    fn inner_evaluate(
        &mut self,
        m: Gc<ModuleRecord>,
        stack: &mut Vec<Gc<ModuleRecord>>,
        mut index: u32,
    ) -> JsResult<u32> {
        match m.status() {
            Status::EvaluatingAsync | Status::Evaluated => {
                return match m.error() {
                    None => Ok(index),
                    Some(e) => Err(e),
                };
            }
            Status::Evaluating => return Ok(index),
            _ => {}
        }
        {
            let mut st = m.state.lock();
            st.status = Status::Evaluating;
            st.dfs_index = index;
            st.dfs_ancestor = index;
            st.pending_async = 0;
        }
        index += 1;
        stack.push(m);
        for required in m.requested_all() {
            index = self.inner_evaluate(required, stack, index)?;
            let (status, ancestor) = {
                let st = required.state.lock();
                (st.status, st.dfs_ancestor)
            };
            let required = if status == Status::Evaluating {
                let mut st = m.state.lock();
                st.dfs_ancestor = st.dfs_ancestor.min(ancestor);
                required
            } else {
                let root = required.cycle_root();
                if let Some(e) = root.error() {
                    return Err(e);
                }
                root
            };
            let is_async = matches!(required.state.lock().async_order, AsyncOrder::Order(_));
            if is_async {
                m.state.lock().pending_async += 1;
                required.state.lock().async_parents.push(m);
            }
        }
        let (pending, tla) = (m.state.lock().pending_async, m.has_tla());
        if pending > 0 || tla {
            let order = ASYNC_EVALUATION_COUNT.fetch_add(1, Ordering::Relaxed);
            m.state.lock().async_order = AsyncOrder::Order(order);
            if pending == 0 {
                self.execute_async_module(m);
            }
        } else {
            self.execute_module(m)?;
        }
        let (dfs_index, ancestor) = {
            let st = m.state.lock();
            (st.dfs_index, st.dfs_ancestor)
        };
        if ancestor == dfs_index {
            while let Some(s) = stack.pop() {
                let mut st = s.state.lock();
                st.status = if st.async_order == AsyncOrder::Unset {
                    Status::Evaluated
                } else {
                    Status::EvaluatingAsync
                };
                st.cycle_root = Some(m);
                drop(st);
                if s == m {
                    break;
                }
            }
        }
        Ok(index)
    }

    /// ExecuteModule of a module without top-level await: runs its body.
    fn execute_module(&mut self, m: Gc<ModuleRecord>) -> JsResult<()> {
        if m.code.json.is_some() {
            return Ok(());
        }
        // Entering a module body is a safepoint, like a function entry.
        self.safepoint()?;
        self.run_code(
            m.code.body.clone(),
            Value::internal(m.env),
            Value::UNDEFINED,
            Value::UNDEFINED,
            Value::UNDEFINED,
            m.realm,
        )?;
        Ok(())
    }

    /// ExecuteAsyncModule: starts the body of a module that awaits; its
    /// completion settles a promise whose reactions continue evaluation.
    fn execute_async_module(&mut self, m: Gc<ModuleRecord>) {
        let saved = std::mem::replace(&mut self.realm, m.realm);
        let (promise, resolve, reject) = crate::builtins::promise::new_intrinsic_capability(self);
        let data = [Value::internal(m)];
        let on_fulfilled = self.new_native(names::EMPTY, 1, async_module_fulfilled, false, &data);
        let on_rejected = self.new_native(names::EMPTY, 1, async_module_rejected, false, &data);
        self.realm = saved;
        crate::builtins::promise::then_native(
            self,
            promise,
            Value::object(on_fulfilled),
            Value::object(on_rejected),
        );
        let r = self.safepoint().and_then(|_| {
            self.start_async_code(
                m.code.body.clone(),
                Value::internal(m.env),
                m.realm,
                [promise, resolve, reject],
            )
        });
        if let Err(e) = r {
            // Only a stack overflow gets here (the body's own errors
            // reject the promise).
            let _ = self.call(reject, Value::UNDEFINED, &[e]);
        }
    }

    /// AsyncModuleExecutionFulfilled.
    fn async_module_execution_fulfilled(&mut self, m: Gc<ModuleRecord>) {
        {
            let mut st = m.state.lock();
            if st.status == Status::Evaluated {
                return;
            }
            st.async_order = AsyncOrder::Done;
            st.status = Status::Evaluated;
        }
        self.resolve_top_level(m);
        let mut exec = Vec::new();
        gather_available_ancestors(m, &mut exec);
        exec.sort_by_key(|a| match a.state.lock().async_order {
            AsyncOrder::Order(n) => n,
            _ => u64::MAX,
        });
        for a in exec {
            if a.status() == Status::Evaluated {
                continue;
            }
            if a.has_tla() {
                self.execute_async_module(a);
                continue;
            }
            match self.execute_module(a) {
                Err(e) => self.async_module_execution_rejected(a, e),
                Ok(()) => {
                    {
                        let mut st = a.state.lock();
                        st.async_order = AsyncOrder::Done;
                        st.status = Status::Evaluated;
                    }
                    self.resolve_top_level(a);
                }
            }
        }
    }

    /// Resolves a module's [[TopLevelCapability]], if it has one.
    fn resolve_top_level(&mut self, m: Gc<ModuleRecord>) {
        let cap = m.state.lock().capability;
        if let Some([_, resolve, _]) = cap {
            let _ = self.call(resolve, Value::UNDEFINED, &[Value::UNDEFINED]);
        }
    }

    /// AsyncModuleExecutionRejected.
    fn async_module_execution_rejected(&mut self, m: Gc<ModuleRecord>, error: Value) {
        let (parents, cap) = {
            let mut st = m.state.lock();
            if st.status == Status::Evaluated {
                return;
            }
            st.error = Some(error);
            st.status = Status::Evaluated;
            st.async_order = AsyncOrder::Done;
            (st.async_parents.clone(), st.capability)
        };
        if let Some([_, _, reject]) = cap {
            let _ = self.call(reject, Value::UNDEFINED, &[error]);
        }
        for p in parents {
            self.async_module_execution_rejected(p, error);
        }
    }

    // ----- import() and import.meta -----

    /// The module whose code is running (not counting eval code), or the
    /// name of the running script.
    fn active_script_or_module(&self) -> (Option<Gc<ModuleRecord>>, Option<String>) {
        let frame = self
            .frames
            .iter()
            .rev()
            .find(|f| f.code.kind != crate::bytecode::FunctionKind::Eval)
            .or_else(|| self.frames.last());
        let Some(frame) = frame else {
            return (None, None);
        };
        let source = &frame.code.source;
        if let Some(m) = frame.realm.modules.get(&source.name)
            && Arc::ptr_eq(&m.code.body.source, source)
        {
            return (Some(m), Some(m.key.clone()));
        }
        (None, Some(source.name.clone()))
    }

    /// `import.meta`: an object made once per module, with `url` when the
    /// loader gives one.
    pub(crate) fn import_meta(&mut self) -> JsResult<Value> {
        let (Some(m), _) = self.active_script_or_module() else {
            return self.throw(ErrorKind::Syntax, "import.meta is only valid in modules");
        };
        let meta = m.meta.load();
        if !meta.is_undefined() {
            return Ok(meta);
        }
        let obj = self.alloc_object(Value::NULL, ObjectKind::Ordinary);
        if let Some(url) = self.engine.module_loader().and_then(|l| l.url(&m.key)) {
            let v = self.string_value(&url);
            obj.define_own(
                PropertyKey::from_text("url"),
                v,
                crate::object::Attributes::DEFAULT,
            );
        }
        let v = Value::object(obj);
        m.meta.store(v);
        Ok(v)
    }

    /// `import(specifier, options)`: a promise of the module's namespace.
    pub(crate) fn dynamic_import(&mut self, specifier: Value, options: Value) -> JsResult<Value> {
        let realm = self.current_realm();
        let (promise, resolve, reject) = crate::builtins::promise::new_intrinsic_capability(self);
        let (_, referrer) = self.active_script_or_module();
        let request = self
            .to_rust_string(specifier)
            .and_then(|s| Ok((s, self.import_options(options)?)));
        let (specifier, module_type) = match request {
            Ok(r) => r,
            Err(e) => {
                self.call(reject, Value::UNDEFINED, &[e])?;
                return Ok(promise);
            }
        };
        let loaded = self
            .load_one(
                realm,
                &specifier,
                referrer.as_deref(),
                module_type.as_deref(),
            )
            .and_then(|m| self.load_requested(m).map(|_| m));
        match loaded {
            Err(e) => {
                let v = e.to_value(self);
                self.call(reject, Value::UNDEFINED, &[v])?;
            }
            Ok(m) => {
                // ContinueDynamicImport runs once the (already settled)
                // loading promise's reaction job does.
                let job = self.new_native(
                    names::EMPTY,
                    0,
                    continue_dynamic_import,
                    false,
                    &[Value::internal(m), resolve, reject],
                );
                self.jobs.push_back(crate::interpreter::Job {
                    func: Value::object(job),
                    args: Vec::new(),
                });
            }
        }
        Ok(promise)
    }

    /// The import attributes of `import(x, options)`: the `type`, if any.
    fn import_options(&mut self, options: Value) -> JsResult<Option<String>> {
        if options.is_undefined() {
            return Ok(None);
        }
        let Some(o) = options.as_object() else {
            return self.throw(
                ErrorKind::Type,
                "The second argument of import() must be an object",
            );
        };
        let with = self.get(o, PropertyKey::from_text("with"))?;
        if with.is_undefined() {
            return Ok(None);
        }
        let Some(w) = with.as_object() else {
            return self.throw(
                ErrorKind::Type,
                "The 'with' option of import() must be an object",
            );
        };
        let mut module_type = None;
        for key in self.own_property_keys(w)? {
            if key.is_symbol() {
                continue;
            }
            let Some(desc) = self.get_own_property(w, key)? else {
                continue;
            };
            if desc.enumerable != Some(true) {
                continue;
            }
            let v = self.get(w, key)?;
            let Some(s) = v.as_string() else {
                return self.throw(ErrorKind::Type, "Import attribute values must be strings");
            };
            if key.to_rust_string() == "type" {
                module_type = Some(s.to_rust_string());
            }
        }
        Ok(module_type)
    }
}

/// ContinueDynamicImport after loading: link, evaluate, then settle.
fn continue_dynamic_import(vm: &mut Vm, _: Value, _: &[Value], _: Value) -> JsResult<Value> {
    // SAFETY: the job's first datum is the module record it was made with.
    let m = unsafe { vm.native_data(0).as_internal::<ModuleRecord>() }.expect("module record");
    let (resolve, reject) = (vm.native_data(1), vm.native_data(2));
    if let Err(e) = vm.link_module(m) {
        vm.call(reject, Value::UNDEFINED, &[e])?;
        return Ok(Value::UNDEFINED);
    }
    let evaluated = vm.evaluate_module(m);
    let data = [Value::internal(m), resolve, reject];
    let on_fulfilled = vm.new_native(names::EMPTY, 0, dynamic_import_fulfilled, false, &data);
    let on_rejected = vm.new_native(names::EMPTY, 1, dynamic_import_rejected, false, &data);
    crate::builtins::promise::then_native(
        vm,
        evaluated,
        Value::object(on_fulfilled),
        Value::object(on_rejected),
    );
    Ok(Value::UNDEFINED)
}

fn dynamic_import_fulfilled(vm: &mut Vm, _: Value, _: &[Value], _: Value) -> JsResult<Value> {
    // SAFETY: the first datum is the module record.
    let m = unsafe { vm.native_data(0).as_internal::<ModuleRecord>() }.expect("module record");
    let (resolve, reject) = (vm.native_data(1), vm.native_data(2));
    match vm.module_namespace(m) {
        Ok(ns) => vm.call(resolve, Value::UNDEFINED, &[ns])?,
        Err(e) => vm.call(reject, Value::UNDEFINED, &[e])?,
    };
    Ok(Value::UNDEFINED)
}

fn dynamic_import_rejected(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let reject = vm.native_data(2);
    let e = args.first().copied().unwrap_or(Value::UNDEFINED);
    vm.call(reject, Value::UNDEFINED, &[e])?;
    Ok(Value::UNDEFINED)
}

fn async_module_fulfilled(vm: &mut Vm, _: Value, _: &[Value], _: Value) -> JsResult<Value> {
    // SAFETY: the first datum is the module record.
    let m = unsafe { vm.native_data(0).as_internal::<ModuleRecord>() }.expect("module record");
    vm.async_module_execution_fulfilled(m);
    Ok(Value::UNDEFINED)
}

fn async_module_rejected(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    // SAFETY: the first datum is the module record.
    let m = unsafe { vm.native_data(0).as_internal::<ModuleRecord>() }.expect("module record");
    let e = args.first().copied().unwrap_or(Value::UNDEFINED);
    vm.async_module_execution_rejected(m, e);
    Ok(Value::UNDEFINED)
}

/// GatherAvailableAncestors.
fn gather_available_ancestors(m: Gc<ModuleRecord>, exec: &mut Vec<Gc<ModuleRecord>>) {
    let parents = m.state.lock().async_parents.clone();
    for p in parents {
        if exec.contains(&p) || p.cycle_root().error().is_some() {
            continue;
        }
        let ready = {
            let mut st = p.state.lock();
            st.pending_async = st.pending_async.saturating_sub(1);
            st.pending_async == 0
        };
        if ready {
            exec.push(p);
            if !p.has_tla() {
                gather_available_ancestors(p, exec);
            }
        }
    }
}

// ----- export resolution -----

/// Where an export resolves: a slot of the module's environment, or the
/// module's namespace (`export * as ns`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Binding {
    Slot(u16),
    Namespace,
}

enum Resolution {
    NotFound,
    Ambiguous,
    Found(Gc<ModuleRecord>, Binding),
}

/// ResolveExport(exportName, resolveSet).
fn resolve_export(
    m: Gc<ModuleRecord>,
    name: Atom,
    resolve_set: &mut Vec<(Gc<ModuleRecord>, Atom)>,
) -> Resolution {
    if resolve_set.iter().any(|&(r, n)| r == m && n == name) {
        return Resolution::NotFound; // a circular import request
    }
    resolve_set.push((m, name));
    if let Some(e) = m.code.local_exports.iter().find(|e| e.export == name) {
        return Resolution::Found(m, Binding::Slot(e.slot));
    }
    if let Some(e) = m.code.indirect_exports.iter().find(|e| e.export == name) {
        let imported = m.requested(e.request);
        return match e.import {
            ImportName::Namespace => Resolution::Found(imported, Binding::Namespace),
            ImportName::Name(n) => resolve_export(imported, n, resolve_set),
        };
    }
    if name == names::DEFAULT {
        return Resolution::NotFound;
    }
    let mut star: Option<(Gc<ModuleRecord>, Binding)> = None;
    for &req in &m.code.star_exports {
        let imported = m.requested(req);
        match resolve_export(imported, name, resolve_set) {
            Resolution::Ambiguous => return Resolution::Ambiguous,
            Resolution::NotFound => {}
            Resolution::Found(module, binding) => match star {
                None => star = Some((module, binding)),
                Some((sm, sb)) => {
                    if sm != module || sb != binding {
                        return Resolution::Ambiguous;
                    }
                }
            },
        }
    }
    match star {
        Some((module, binding)) => Resolution::Found(module, binding),
        None => Resolution::NotFound,
    }
}

/// GetExportedNames(exportStarSet).
fn exported_names(m: Gc<ModuleRecord>, star_set: &mut Vec<Gc<ModuleRecord>>) -> Vec<Atom> {
    if star_set.contains(&m) {
        return Vec::new();
    }
    star_set.push(m);
    let mut out: Vec<Atom> = m.code.local_exports.iter().map(|e| e.export).collect();
    out.extend(m.code.indirect_exports.iter().map(|e| e.export));
    for &req in &m.code.star_exports {
        let imported = m.requested(req);
        for n in exported_names(imported, star_set) {
            if n != names::DEFAULT && !out.contains(&n) {
                out.push(n);
            }
        }
    }
    out
}
