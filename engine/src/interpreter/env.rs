//! Environments, names and globals at run time.

use std::sync::Arc;

use super::{ErrorKind, JsResult, Vm};
use crate::bytecode::{Code, ConstIdx, Constant, InlineCache};
use crate::function::{Env, EnvBinding};
use crate::heap::Gc;
use crate::object::{Attributes, JsObject, PropertyDescriptor, PropertyKey};
use crate::realm::{GlobalLexical, Realm};
use crate::string::Atom;
use crate::string::atom::symbols;
use crate::value::{AtomicValue, Value};

/// The tag of an inline-cache entry for a global lexical binding: the
/// entry's other half is the binding's index in the realm
/// (`Realm::lexical_at`). No object ever has this shape id.
const GLOBAL_LEXICAL_TAG: u32 = crate::object::ShapeId::FIRST_TAG;

/// A global binding found without a lock.
enum GlobalBinding {
    Lexical(Gc<GlobalLexical>),
    /// A data slot of the global object, from a cache entry whose id is
    /// still the global object's (so the slot exists, as on `GetProp`'s
    /// cache hit).
    Slot(Gc<JsObject>, u32),
}

/// The global binding `cache` names, if the entry still holds; else the
/// global lexical `atom`, which is then cached. None: a property of the
/// global object not (or no longer) cached, for the caller's slow path.
/// A lexical entry's index is checked against the name, so it is right in
/// any realm; a slot entry is keyed on the global object's versioned id.
fn cached_global_binding(realm: &Realm, cache: &InlineCache, atom: Atom) -> Option<GlobalBinding> {
    match cache.get() {
        Some((GLOBAL_LEXICAL_TAG, index)) => {
            if let Some(cell) = realm.lexical_at(index)
                && cell.name == atom
            {
                return Some(GlobalBinding::Lexical(cell));
            }
        }
        Some((tag, index)) => {
            let global = realm.global();
            if global.shape().0 == tag {
                return Some(GlobalBinding::Slot(global, index));
            }
        }
        None => {}
    }
    let (index, cell) = realm.lexical_entry(atom)?;
    cache.set(GLOBAL_LEXICAL_TAG, index);
    Some(GlobalBinding::Lexical(cell))
}

impl Vm {
    fn current_env(&self) -> Option<Gc<Env>> {
        // SAFETY: frame environments only ever hold Env cells.
        unsafe { self.frames.last().expect("frame").env.as_internal::<Env>() }
    }

    pub(crate) fn push_env(&mut self, code: &Code, scope: ConstIdx) {
        let Some(Constant::Scope(info)) = code.constants.get(scope as usize) else {
            unreachable!("PushEnv names a scope constant")
        };
        let slots: Box<[AtomicValue]> = info
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
        let parent = self.frames.last().expect("frame").env;
        let env = Env {
            parent,
            scope: Some(info.clone()),
            slots,
            with_object: Value::UNDEFINED,
            dynamic: info
                .dynamic_vars
                .then(|| parking_lot::Mutex::new(Vec::new())),
        };
        let cell = self.alloc_cell(env);
        self.frames.last_mut().expect("frame").env = Value::internal(cell);
    }

    pub(crate) fn push_with(&mut self, obj: Gc<JsObject>) {
        let parent = self.frames.last().expect("frame").env;
        let env = Env {
            parent,
            scope: None,
            slots: Box::new([]),
            with_object: Value::object(obj),
            dynamic: None,
        };
        let cell = self.alloc_cell(env);
        self.frames.last_mut().expect("frame").env = Value::internal(cell);
    }

    pub(crate) fn pop_env(&mut self) {
        let env = self.current_env().expect("an environment to pop");
        self.frames.last_mut().expect("frame").env = env.parent;
    }

    /// CreatePerIterationEnvironment: a copy of the current environment.
    pub(crate) fn copy_env(&mut self) {
        let env = self.current_env().expect("an environment to copy");
        let copy = Env {
            parent: env.parent,
            scope: env.scope.clone(),
            slots: env
                .slots
                .iter()
                .map(|s| AtomicValue::new(s.load()))
                .collect(),
            with_object: Value::UNDEFINED,
            dynamic: None,
        };
        let cell = self.alloc_cell(copy);
        self.frames.last_mut().expect("frame").env = Value::internal(cell);
    }

    /// The slot `slot` of the environment `depth` levels up.
    #[inline]
    /// The environment `depth` levels up from the running frame's.
    pub(crate) fn env_at_depth(&self, depth: u16) -> Gc<Env> {
        let mut env = self.current_env().expect("compiler-tracked environment");
        for _ in 0..depth {
            env = env
                .parent_env()
                .expect("compiler-tracked environment depth");
        }
        env
    }

    pub(crate) fn env_slot(&self, depth: u16, slot: u16) -> &AtomicValue {
        let mut env = self.current_env().expect("compiler-tracked environment");
        for _ in 0..depth {
            env = env
                .parent_env()
                .expect("compiler-tracked environment depth");
        }
        // SAFETY: environments are heap cells alive while referenced from
        // the frame; the reference does not outlive this borrow of self.
        let env: &Env = unsafe { &*(&*env as *const Env) };
        &env.slots[slot as usize]
    }

    pub(crate) fn constant_atom(&self, code: &Code, index: ConstIdx) -> Atom {
        match code.constants.get(index as usize) {
            Some(Constant::String(a)) => *a,
            other => unreachable!("expected a string constant, got {other:?}"),
        }
    }

    pub(crate) fn constant_key(&self, code: &Code, index: ConstIdx) -> PropertyKey {
        let atom = self.constant_atom(code, index);
        let text = atom.text();
        if let Some(&c) = text.first()
            && (b'0' as u16..=b'9' as u16).contains(&c)
            && let Some(i) = crate::object::property::array_index(text)
        {
            return PropertyKey::Index(i);
        }
        PropertyKey::Atom(atom)
    }

    pub(crate) fn load_constant(&mut self, code: &Code, index: ConstIdx) -> JsResult<Value> {
        Ok(match &code.constants[index as usize] {
            Constant::Number(n) => Value::number(*n),
            Constant::String(a) => Value::string(a.js_string()),
            Constant::Utf16(u) => Value::string(self.alloc_string(u.to_vec())),
            Constant::BigInt(digits) => {
                let b = num_bigint::BigInt::parse_bytes(digits.as_bytes(), 10).unwrap_or_default();
                self.bigint_value(b)
            }
            other => unreachable!("LoadConst of {other:?}"),
        })
    }

    pub(crate) fn tdz_error(&mut self, code: &Code, name: ConstIdx) -> Value {
        let atom = self.constant_atom(code, name);
        self.tdz_error_named(atom)
    }

    /// The ReferenceError for reading `name` in its temporal dead zone.
    fn tdz_error_named(&mut self, name: Atom) -> Value {
        let text = format!(
            "Cannot access '{}' before initialization",
            name.to_rust_string()
        );
        self.make_error(ErrorKind::Reference, &text)
    }

    /// The TypeError for assigning to the constant `name`.
    fn const_error_named(&mut self, _name: Atom) -> Value {
        // V8's wording, which learners search for.
        self.make_error(ErrorKind::Type, "Assignment to constant variable.")
    }

    // ----- globals -----

    /// The value of global lexical `cell`, or its TDZ error.
    fn read_global_lexical(&mut self, cell: Gc<GlobalLexical>) -> JsResult<Value> {
        let v = cell.value.load();
        if v.is_uninitialized() {
            return Err(self.tdz_error_named(cell.name));
        }
        Ok(v)
    }

    pub(crate) fn get_global(&mut self, code: &Code, name: ConstIdx, ic: u32) -> JsResult<Value> {
        let atom = self.constant_atom(code, name);
        let realm = self.current_realm();
        let cache = &code.ic[ic as usize];
        match cached_global_binding(&realm, cache, atom) {
            Some(GlobalBinding::Lexical(cell)) => return self.read_global_lexical(cell),
            Some(GlobalBinding::Slot(global, slot)) => {
                return Ok(global.slot(slot).map_or(Value::UNDEFINED, |s| s.load()));
            }
            None => {}
        }
        let global = realm.global();
        let key = PropertyKey::Atom(atom);
        if let Some((shape, info)) = global.cacheable_slot(key)
            && !info.attrs.is_accessor()
            && let Some(s) = global.slot(info.slot)
        {
            cache.set(shape.0, info.slot);
            return Ok(s.load());
        }
        if !self.has_property(global, key)? {
            return Err(self.make_error(
                ErrorKind::Reference,
                &format!("{} is not defined", atom.to_rust_string()),
            ));
        }
        self.get(global, key)
    }

    pub(crate) fn typeof_global(&mut self, code: &Code, name: ConstIdx) -> JsResult<Value> {
        let atom = self.constant_atom(code, name);
        let realm = self.current_realm();
        let v = if let Some(cell) = realm.lexical(atom) {
            let v = cell.value.load();
            if v.is_uninitialized() {
                return Err(self.tdz_error_named(atom));
            }
            v
        } else {
            let global = realm.global();
            let key = PropertyKey::Atom(atom);
            if !self.has_property(global, key)? {
                Value::UNDEFINED
            } else {
                self.get(global, key)?
            }
        };
        let t = self.typeof_value(v);
        Ok(self.atom_value(t))
    }

    pub(crate) fn set_global(
        &mut self,
        code: &Code,
        name: ConstIdx,
        ic: u32,
        v: Value,
    ) -> JsResult<()> {
        let atom = self.constant_atom(code, name);
        let realm = self.current_realm();
        let cache = &code.ic[ic as usize];
        match cached_global_binding(&realm, cache, atom) {
            Some(GlobalBinding::Lexical(cell)) => {
                if cell.value.load().is_uninitialized() {
                    return Err(self.tdz_error_named(atom));
                }
                if cell.constant {
                    return Err(self.const_error_named(atom));
                }
                cell.value.store(v);
                return Ok(());
            }
            Some(GlobalBinding::Slot(global, slot)) => {
                if let Some(s) = global.slot(slot) {
                    s.store(v);
                }
                return Ok(());
            }
            None => {}
        }
        let global = realm.global();
        let key = PropertyKey::Atom(atom);
        if code.flags.strict && !self.has_property(global, key)? {
            return Err(self.make_error(
                ErrorKind::Reference,
                &format!("{} is not defined", atom.to_rust_string()),
            ));
        }
        let ok = self.set(global, key, v, Value::object(global))?;
        if !ok && code.flags.strict {
            return Err(self.make_error(
                ErrorKind::Type,
                &format!(
                    "Cannot assign to read only property '{}'",
                    atom.to_rust_string()
                ),
            ));
        }
        if let Some((shape, info)) = global.cacheable_slot(key)
            && !info.attrs.is_accessor()
            && info.attrs.writable()
        {
            cache.set(shape.0, info.slot);
        }
        Ok(())
    }

    pub(crate) fn init_global_lexical(&mut self, code: &Code, name: ConstIdx, v: Value) {
        let atom = self.constant_atom(code, name);
        if let Some(cell) = self.current_realm().lexical(atom) {
            cell.value.store(v);
        }
    }

    pub(crate) fn delete_global(&mut self, code: &Code, name: ConstIdx) -> JsResult<Value> {
        let atom = self.constant_atom(code, name);
        let realm = self.current_realm();
        if realm.has_lexical(atom) {
            return Ok(Value::FALSE);
        }
        let global = realm.global();
        Ok(Value::bool(
            self.delete_property(global, PropertyKey::Atom(atom))?,
        ))
    }

    /// GlobalDeclarationInstantiation (scripts) and the var part of
    /// EvalDeclarationInstantiation (sloppy direct eval).
    pub(crate) fn declare_globals(&mut self, code: &Code, index: ConstIdx) -> JsResult<()> {
        let Some(Constant::Globals(decls)) = code.constants.get(index as usize) else {
            unreachable!("DeclareGlobals names a globals constant")
        };
        let decls = decls.clone();
        if decls.is_eval {
            return self.declare_eval_vars(code, &decls);
        }
        let realm = self.current_realm();
        let global = realm.global();
        for &(name, _) in &decls.lexicals {
            if realm.has_lexical(name) {
                return Err(self.make_error(
                    ErrorKind::Syntax,
                    &format!(
                        "Identifier '{}' has already been declared",
                        name.to_rust_string()
                    ),
                ));
            }
            if let Some((_, attrs)) = self
                .get_own_property(global, PropertyKey::Atom(name))?
                .map(|d| ((), d))
                && attrs.configurable == Some(false)
            {
                return Err(self.make_error(
                    ErrorKind::Syntax,
                    &format!(
                        "Identifier '{}' has already been declared",
                        name.to_rust_string()
                    ),
                ));
            }
        }
        for &name in decls
            .vars
            .iter()
            .chain(decls.functions.iter().map(|(n, _)| n))
        {
            if realm.has_lexical(name) {
                return Err(self.make_error(
                    ErrorKind::Syntax,
                    &format!(
                        "Identifier '{}' has already been declared",
                        name.to_rust_string()
                    ),
                ));
            }
        }
        for &(name, _) in &decls.functions {
            let existing = self.get_own_property(global, PropertyKey::Atom(name))?;
            let can_declare = match existing {
                None => global.is_extensible(),
                Some(d) => {
                    d.configurable == Some(true)
                        || (d.is_data_descriptor()
                            && d.writable == Some(true)
                            && d.enumerable == Some(true))
                }
            };
            if !can_declare {
                return Err(self.make_error(
                    ErrorKind::Type,
                    &format!("Cannot declare global function '{}'", name.to_rust_string()),
                ));
            }
        }
        for &name in &decls.vars {
            if self
                .get_own_property(global, PropertyKey::Atom(name))?
                .is_none()
                && !global.is_extensible()
            {
                return Err(self.make_error(
                    ErrorKind::Type,
                    &format!("Cannot declare global variable '{}'", name.to_rust_string()),
                ));
            }
        }
        for &(name, func_index) in &decls.functions {
            let f = self.make_closure(code, func_index)?;
            let key = PropertyKey::Atom(name);
            let existing = self.get_own_property(global, key)?;
            let desc = if existing.is_none_or(|d| d.configurable == Some(true)) {
                PropertyDescriptor::data(f, Attributes::new(true, true, false))
            } else {
                PropertyDescriptor {
                    value: Some(f),
                    ..Default::default()
                }
            };
            self.define_property_or_throw(global, key, desc)?;
        }
        for &name in &decls.vars {
            let key = PropertyKey::Atom(name);
            if self.get_own_property(global, key)?.is_none() {
                self.define_property_or_throw(
                    global,
                    key,
                    PropertyDescriptor::data(Value::UNDEFINED, Attributes::new(true, true, false)),
                )?;
            }
        }
        for &(name, constant) in &decls.lexicals {
            let cell = self.alloc_cell(GlobalLexical {
                name,
                value: AtomicValue::new(Value::UNINITIALIZED),
                constant,
            });
            realm.add_lexical(cell);
        }
        Ok(())
    }

    /// Sloppy direct eval: `var`s and functions go to the caller's var
    /// scope (the nearest function environment, or the global object).
    fn declare_eval_vars(
        &mut self,
        code: &Code,
        decls: &Arc<crate::bytecode::GlobalDecls>,
    ) -> JsResult<()> {
        // Find the var environment and check for conflicts with lexical
        // bindings between here and there.
        let mut env = self.current_env();
        let names: Vec<Atom> = decls
            .vars
            .iter()
            .copied()
            .chain(decls.functions.iter().map(|(n, _)| *n))
            .collect();
        let var_env = loop {
            match env {
                None => break None,
                Some(e) => {
                    if let Some(scope) = &e.scope {
                        for &n in &names {
                            if let Some(i) = scope.names.iter().position(|&x| x == n)
                                && scope.lexical.get(i).copied().unwrap_or(false)
                                && !scope.is_function_scope
                            {
                                return Err(self.make_error(
                                    ErrorKind::Syntax,
                                    &format!(
                                        "Identifier '{}' has already been declared",
                                        n.to_rust_string()
                                    ),
                                ));
                            }
                        }
                        if scope.is_function_scope {
                            break Some(e);
                        }
                    }
                    env = e.parent_env();
                }
            }
        };
        match var_env {
            Some(e) => {
                for &(name, idx) in &decls.functions {
                    let f = self.make_closure(code, idx)?;
                    self.env_declare_dynamic(e, name, Some(f));
                }
                for &name in &decls.vars {
                    self.env_declare_dynamic(e, name, None);
                }
            }
            None => {
                let realm = self.current_realm();
                let global = realm.global();
                for &n in &names {
                    if realm.has_lexical(n) {
                        return Err(self.make_error(
                            ErrorKind::Syntax,
                            &format!(
                                "Identifier '{}' has already been declared",
                                n.to_rust_string()
                            ),
                        ));
                    }
                }
                for &(name, idx) in &decls.functions {
                    let f = self.make_closure(code, idx)?;
                    let key = PropertyKey::Atom(name);
                    let existing = self.get_own_property(global, key)?;
                    let desc = if existing.is_none_or(|d| d.configurable == Some(true)) {
                        PropertyDescriptor::data(f, Attributes::DEFAULT)
                    } else {
                        PropertyDescriptor {
                            value: Some(f),
                            ..Default::default()
                        }
                    };
                    self.define_property_or_throw(global, key, desc)?;
                }
                for &name in &decls.vars {
                    let key = PropertyKey::Atom(name);
                    if self.get_own_property(global, key)?.is_none() {
                        self.define_property_or_throw(
                            global,
                            key,
                            PropertyDescriptor::data(Value::UNDEFINED, Attributes::DEFAULT),
                        )?;
                    }
                }
            }
        }
        Ok(())
    }

    /// Declares (or, for functions, sets) an eval-introduced var.
    fn env_declare_dynamic(&mut self, env: Gc<Env>, name: Atom, value: Option<Value>) {
        if let Some(scope) = &env.scope
            && let Some(i) = scope.names.iter().position(|&n| n == name)
        {
            if let Some(v) = value {
                env.slots[i].store(v);
            }
            return;
        }
        if let Some(d) = &env.dynamic {
            let mut d = d.lock();
            match d.iter_mut().find(|(n, _)| *n == name) {
                Some(entry) => {
                    if let Some(v) = value {
                        entry.1 = v;
                    }
                }
                None => d.push((name, value.unwrap_or(Value::UNDEFINED))),
            }
        }
    }

    // ----- dynamic names (with, eval) -----

    /// Where a name resolves dynamically.
    fn resolve_dynamic(&mut self, name: Atom) -> JsResult<Resolved> {
        let mut env = self.current_env();
        while let Some(e) = env {
            if let Some(obj) = e.with_object.as_object() {
                let key = PropertyKey::Atom(name);
                if self.has_property(obj, key)? {
                    let unscopables = self.get(obj, PropertyKey::Atom(symbols::UNSCOPABLES))?;
                    let blocked = match unscopables.as_object() {
                        Some(u) => {
                            let b = self.get(u, key)?;
                            self.to_boolean(b)
                        }
                        None => false,
                    };
                    if !blocked {
                        return Ok(Resolved::Object(obj));
                    }
                }
            } else {
                match e.lookup_own(name) {
                    Some(EnvBinding::Slot(_, _)) | Some(EnvBinding::Dynamic) => {
                        return Ok(Resolved::Env(e));
                    }
                    None => {}
                }
            }
            env = e.parent_env();
        }
        let realm = self.current_realm();
        if let Some(cell) = realm.lexical(name) {
            return Ok(Resolved::Lexical(cell));
        }
        let global = realm.global();
        if self.has_property(global, PropertyKey::Atom(name))? {
            return Ok(Resolved::Object(global));
        }
        Ok(Resolved::Unresolvable)
    }

    fn env_read(&mut self, e: Gc<Env>, name: Atom) -> JsResult<Value> {
        match e.lookup_own(name) {
            Some(EnvBinding::Slot(slot, _)) => {
                let mut v = slot.load();
                if let Some(cell) = crate::module::import_cell(v) {
                    // A module's import binding: read through to the
                    // exporting module.
                    v = crate::module::read_import_slot(Value::internal(cell));
                }
                if v.is_uninitialized() {
                    return Err(self.tdz_error_named(name));
                }
                Ok(v)
            }
            Some(EnvBinding::Dynamic) => {
                let d = e.dynamic.as_ref().expect("dynamic binding").lock();
                Ok(d.iter()
                    .find(|(n, _)| *n == name)
                    .map_or(Value::UNDEFINED, |(_, v)| *v))
            }
            None => Ok(Value::UNDEFINED),
        }
    }

    /// GetName / GetNameWithThis: the value, and the `this` for a call.
    pub(crate) fn get_name(
        &mut self,
        code: &Code,
        name: ConstIdx,
        _with_this: bool,
    ) -> JsResult<(Value, Value)> {
        let atom = self.constant_atom(code, name);
        let resolved = self.resolve_dynamic(atom)?;
        self.read_resolved(code, atom, resolved)
    }

    /// Reads `atom` where it was resolved; also gives the `this` of a
    /// call (the `with` object the name was found on).
    fn read_resolved(
        &mut self,
        code: &Code,
        atom: Atom,
        resolved: Resolved,
    ) -> JsResult<(Value, Value)> {
        match resolved {
            Resolved::Env(e) => Ok((self.env_read(e, atom)?, Value::UNDEFINED)),
            Resolved::Lexical(cell) => {
                let v = cell.value.load();
                if v.is_uninitialized() {
                    return Err(self.tdz_error_named(atom));
                }
                Ok((v, Value::UNDEFINED))
            }
            Resolved::Object(obj) => {
                let is_global = obj == self.current_realm().global();
                let key = PropertyKey::Atom(atom);
                if !is_global && !self.has_property(obj, key)? {
                    // The binding went away between resolution and read.
                    return if code.flags.strict {
                        Err(self.make_error(
                            ErrorKind::Reference,
                            &format!("{} is not defined", atom.to_rust_string()),
                        ))
                    } else {
                        Ok((Value::UNDEFINED, Value::UNDEFINED))
                    };
                }
                let v = self.get(obj, key)?;
                Ok((
                    v,
                    if is_global {
                        Value::UNDEFINED
                    } else {
                        Value::object(obj)
                    },
                ))
            }
            Resolved::Unresolvable => Err(self.make_error(
                ErrorKind::Reference,
                &format!("{} is not defined", atom.to_rust_string()),
            )),
        }
    }

    pub(crate) fn typeof_name(&mut self, code: &Code, name: ConstIdx) -> JsResult<Value> {
        let atom = self.constant_atom(code, name);
        let v = match self.resolve_dynamic(atom)? {
            Resolved::Unresolvable => Value::UNDEFINED,
            _ => self.get_name(code, name, false)?.0,
        };
        let t = self.typeof_value(v);
        Ok(self.atom_value(t))
    }

    pub(crate) fn set_name(&mut self, code: &Code, name: ConstIdx, v: Value) -> JsResult<()> {
        let atom = self.constant_atom(code, name);
        let resolved = self.resolve_dynamic(atom)?;
        self.write_resolved(code, atom, resolved, v)
    }

    /// Writes `atom` where it was resolved.
    fn write_resolved(
        &mut self,
        code: &Code,
        atom: Atom,
        resolved: Resolved,
        v: Value,
    ) -> JsResult<()> {
        match resolved {
            Resolved::Env(e) => match e.lookup_own(atom) {
                Some(EnvBinding::Slot(slot, constant)) => {
                    if slot.load().is_uninitialized() {
                        return Err(self.tdz_error_named(atom));
                    }
                    if constant {
                        return Err(self.const_error_named(atom));
                    }
                    slot.store(v);
                    Ok(())
                }
                Some(EnvBinding::Dynamic) => {
                    let mut d = e.dynamic.as_ref().expect("dynamic binding").lock();
                    if let Some(entry) = d.iter_mut().find(|(n, _)| *n == atom) {
                        entry.1 = v;
                    }
                    Ok(())
                }
                None => Ok(()),
            },
            Resolved::Lexical(cell) => {
                if cell.value.load().is_uninitialized() {
                    return Err(self.tdz_error_named(atom));
                }
                if cell.constant {
                    return Err(self.const_error_named(atom));
                }
                cell.value.store(v);
                Ok(())
            }
            Resolved::Object(obj) => {
                let key = PropertyKey::Atom(atom);
                let ok = self.set(obj, key, v, Value::object(obj))?;
                if !ok && code.flags.strict {
                    return Err(self.make_error(
                        ErrorKind::Type,
                        &format!(
                            "Cannot assign to read only property '{}'",
                            atom.to_rust_string()
                        ),
                    ));
                }
                Ok(())
            }
            Resolved::Unresolvable => {
                if code.flags.strict {
                    return Err(self.make_error(
                        ErrorKind::Reference,
                        &format!("{} is not defined", atom.to_rust_string()),
                    ));
                }
                let global = self.current_realm().global();
                self.set(global, PropertyKey::Atom(atom), v, Value::object(global))?;
                Ok(())
            }
        }
    }

    /// `ResolveName`: the object or environment `name` resolves to now, as
    /// a value (null: a global lexical or nothing, looked up again when
    /// used, since neither can be removed from under the reference).
    pub(crate) fn resolve_name(&mut self, code: &Code, name: ConstIdx) -> JsResult<Value> {
        let atom = self.constant_atom(code, name);
        Ok(match self.resolve_dynamic(atom)? {
            Resolved::Env(e) => Value::internal(e),
            Resolved::Object(obj) => Value::object(obj),
            Resolved::Lexical(_) | Resolved::Unresolvable => Value::NULL,
        })
    }

    /// What a `ResolveName` reference names.
    fn resolved_from(&mut self, reference: Value, atom: Atom) -> JsResult<Resolved> {
        if let Some(obj) = reference.as_object() {
            return Ok(Resolved::Object(obj));
        }
        // SAFETY: `resolve_name` makes internal references only from Env
        // cells.
        match unsafe { reference.as_internal::<Env>() } {
            Some(e) => Ok(Resolved::Env(e)),
            None => self.resolve_dynamic(atom),
        }
    }

    pub(crate) fn get_ref(
        &mut self,
        code: &Code,
        reference: Value,
        name: ConstIdx,
    ) -> JsResult<Value> {
        let atom = self.constant_atom(code, name);
        let resolved = self.resolved_from(reference, atom)?;
        Ok(self.read_resolved(code, atom, resolved)?.0)
    }

    pub(crate) fn set_ref(
        &mut self,
        code: &Code,
        reference: Value,
        name: ConstIdx,
        v: Value,
    ) -> JsResult<()> {
        let atom = self.constant_atom(code, name);
        let resolved = self.resolved_from(reference, atom)?;
        // An object's binding deleted since it was resolved: strict code
        // may not create it again (the object environment's
        // SetMutableBinding).
        if let Resolved::Object(obj) = resolved
            && code.flags.strict
            && !self.has_property(obj, PropertyKey::Atom(atom))?
        {
            return Err(self.make_error(
                ErrorKind::Reference,
                &format!("{} is not defined", atom.to_rust_string()),
            ));
        }
        self.write_resolved(code, atom, resolved, v)
    }

    pub(crate) fn delete_name(&mut self, code: &Code, name: ConstIdx) -> JsResult<Value> {
        let atom = self.constant_atom(code, name);
        Ok(Value::bool(match self.resolve_dynamic(atom)? {
            Resolved::Env(e) => match (&e.dynamic, e.lookup_own(atom)) {
                (Some(d), Some(EnvBinding::Dynamic)) => {
                    d.lock().retain(|(n, _)| *n != atom);
                    true
                }
                _ => false,
            },
            Resolved::Lexical(_) => false,
            Resolved::Object(obj) => self.delete_property(obj, PropertyKey::Atom(atom))?,
            Resolved::Unresolvable => true,
        }))
    }

    /// The template object of a tagged template site (cached per realm).
    pub(crate) fn template_object(&mut self, code: &Code, index: ConstIdx) -> Value {
        let Some(Constant::Template(site)) = code.constants.get(index as usize) else {
            unreachable!("GetTemplateObject names a template constant")
        };
        let realm = self.current_realm();
        if let Some(&v) = realm.templates.lock().get(&site.id) {
            return v;
        }
        let cooked: Vec<Value> = site
            .cooked
            .iter()
            .map(|c| match c {
                Some(units) => Value::string(self.alloc_string(units.to_vec())),
                None => Value::UNDEFINED,
            })
            .collect();
        let raw: Vec<Value> = site
            .raw
            .iter()
            .map(|u| Value::string(self.alloc_string(u.to_vec())))
            .collect();
        let raw_array = self.new_array_from(&raw);
        let array = self.new_array_from(&cooked);
        array.define_own(
            PropertyKey::Atom(crate::string::atom::names::RAW),
            Value::object(raw_array),
            Attributes::FROZEN,
        );
        for a in [raw_array, array] {
            freeze_array(a);
        }
        let v = Value::object(array);
        realm.templates.lock().insert(site.id, v);
        v
    }
}

/// Where a dynamically resolved name lives.
enum Resolved {
    Env(Gc<Env>),
    Lexical(Gc<GlobalLexical>),
    Object(Gc<JsObject>),
    Unresolvable,
}

fn freeze_array(a: Gc<JsObject>) {
    for i in 0..a.length() {
        if let Some((v, _)) = a.get_element(i) {
            a.define_own(
                PropertyKey::Index(i),
                v,
                Attributes::new(false, true, false),
            );
        }
    }
    a.set_flag(crate::object::flags::LENGTH_READONLY, true);
    a.prevent_extensions();
}
