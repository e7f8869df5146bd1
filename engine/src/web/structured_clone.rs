//! `structuredClone(value, { transfer })` (HTML's StructuredSerialize and
//! StructuredDeserialize, fused: the copy is made as the value is walked,
//! within the one heap every thread shares).
//!
//! Copied: primitives, plain objects and arrays (own enumerable string
//! keys, so holes and extra properties survive; getters are invoked),
//! Boolean/Number/String/BigInt wrappers, Date, RegExp (lastIndex reset),
//! ArrayBuffer (resizable too), typed arrays and DataView (their buffer
//! cloned once, however many views share it), Map, Set, the standard Error
//! types (name, message, cause, stack) and DOMException. A
//! SharedArrayBuffer is shared, not copied: the clone *is* the same
//! object, since all threads already share the heap. Anything else with
//! internal state (functions, symbols, Proxy, Promise, WeakMap, …) is a
//! `DataCloneError`. Cycles and shared references are kept through the
//! memory map. Transferred ArrayBuffers are copied into new buffers and
//! the originals detached once the clone succeeded.
//!
//! The walk is depth first with an explicit stack of pending objects, in
//! the spec's order (an object's properties are read before its next
//! sibling's), so deep structures cost no Rust stack.

use parking_lot::Mutex;
use rustc_hash::FxHashMap;

use super::dom_exception::{DomException, dom_exception_from, throw_dom};
use super::{dictionary_member, new_typed_array, require_args};
use crate::builtins::array_buffer::{allocate_buffer, buffer_of};
use crate::builtins::collection::{Collection, Table};
use crate::builtins::data_view::DataViewState;
use crate::builtins::regexp::{RegExpState, regexp_create};
use crate::builtins::{arg, date, typed_array};
use crate::heap::Gc;
use crate::interpreter::{JsResult, Vm};
use crate::object::{Attributes, JsObject, ObjectKind, PropertyKey};
use crate::realm::{Intrinsic, Realm};
use crate::string::atom::names;
use crate::value::Value;

pub(crate) fn install(vm: &mut Vm, _realm: Gc<Realm>, global: Gc<JsObject>) {
    vm.define_builtin(global, "structuredClone", 1, structured_clone);
}

/// Work left on an object whose copy exists but is not filled yet.
enum Pending {
    /// Copy `keys` of `from` into `to`, from `next` on.
    Properties {
        from: Gc<JsObject>,
        to: Gc<JsObject>,
        keys: Vec<PropertyKey>,
        next: usize,
    },
    /// Copy the entries of a Map (`values` Some) or Set into `to`; `key`
    /// is the copied key of the entry in progress.
    Entries {
        to: Gc<JsObject>,
        keys: Vec<Value>,
        values: Option<Vec<Value>>,
        next: usize,
        key: Option<Value>,
    },
}

struct Cloner {
    /// Original → copy.
    memory: FxHashMap<Value, Value>,
    pending: Vec<Pending>,
}

/// V8's message: the value (a function's source, `#<Promise>`), then
/// "could not be cloned.".
fn data_clone_error<T>(vm: &mut Vm, what: &str) -> JsResult<T> {
    throw_dom(
        vm,
        "DataCloneError",
        &format!("{what} could not be cloned."),
    )
}

fn structured_clone(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    require_args(vm, args, 1, "structuredClone")?;
    let transfer = dictionary_member(vm, arg(args, 1), "transfer", "structuredClone")?;
    let transfer_list = if transfer.is_undefined() {
        Vec::new()
    } else {
        if !transfer.is_object() {
            return vm.throw(
                crate::interpreter::ErrorKind::Type,
                "structuredClone: the transfer option is not a sequence",
            );
        }
        vm.iterate_to_vec(transfer)?
    };
    let mut cloner = Cloner {
        memory: FxHashMap::default(),
        pending: Vec::new(),
    };
    // Transferred buffers: each a non-shared, attached ArrayBuffer, once.
    let mut transferred = Vec::new();
    for &t in &transfer_list {
        if !t.is_object() {
            return vm.throw(
                crate::interpreter::ErrorKind::Type,
                "structuredClone: a transfer list entry is not an object",
            );
        }
        let buffer = match buffer_of(t.as_object().expect("object")) {
            Some(b) if !b.shared => b,
            _ => {
                return throw_dom(
                    vm,
                    "DataCloneError",
                    "structuredClone: only ArrayBuffers can be transferred",
                );
            }
        };
        if cloner.memory.contains_key(&t) {
            return throw_dom(
                vm,
                "DataCloneError",
                "structuredClone: an ArrayBuffer is listed twice in the transfer list",
            );
        }
        if buffer.is_detached() {
            return throw_dom(
                vm,
                "DataCloneError",
                "structuredClone: a detached ArrayBuffer cannot be transferred",
            );
        }
        let copy = copy_array_buffer(vm, t.as_object().expect("object"))?;
        cloner.memory.insert(t, Value::object(copy));
        transferred.push(t);
    }
    let result = cloner.clone_value(vm, arg(args, 0))?;
    while let Some(top) = cloner.pending.last_mut() {
        match top {
            Pending::Properties {
                from,
                to,
                keys,
                next,
            } => {
                let (from, to) = (*from, *to);
                let Some(&key) = keys.get(*next) else {
                    cloner.pending.pop();
                    continue;
                };
                *next += 1;
                if !vm.has_own_property(from, key)? {
                    continue;
                }
                let v = vm.get(from, key)?;
                let copy = cloner.clone_value(vm, v)?;
                if matches!(to.kind, ObjectKind::Error) {
                    // An error's cause is not enumerable, as when created.
                    to.define_own(key, copy, Attributes::HIDDEN);
                } else {
                    vm.create_data_property(to, key, copy)?;
                }
            }
            Pending::Entries {
                to,
                keys,
                values,
                next,
                key,
            } => {
                let to = *to;
                let Some(&k) = keys.get(*next) else {
                    cloner.pending.pop();
                    continue;
                };
                let value = values.as_ref().map(|vs| vs[*next]);
                let copied_key = key.take();
                let idx = cloner.pending.len() - 1;
                match (value, copied_key) {
                    // A Set entry.
                    (None, _) => {
                        if let Pending::Entries { next, .. } = &mut cloner.pending[idx] {
                            *next += 1;
                        }
                        let copy = cloner.clone_value(vm, k)?;
                        collection_of(&to).table.lock().set(copy, Value::UNDEFINED);
                    }
                    // A Map entry: its key first; its value next round,
                    // once the key's own contents are copied.
                    (Some(_), None) => {
                        let copy = cloner.clone_value(vm, k)?;
                        if let Pending::Entries { key, .. } = &mut cloner.pending[idx] {
                            *key = Some(copy);
                        }
                    }
                    (Some(v), Some(copied_key)) => {
                        if let Pending::Entries { next, .. } = &mut cloner.pending[idx] {
                            *next += 1;
                        }
                        let copy = cloner.clone_value(vm, v)?;
                        collection_of(&to).table.lock().set(copied_key, copy);
                    }
                }
            }
        }
    }
    for t in transferred {
        crate::builtins::array_buffer::detach(t);
    }
    Ok(result)
}

fn collection_of(o: &Gc<JsObject>) -> &Collection {
    o.kind.builtin::<Collection>().expect("a Map or Set copy")
}

/// A new ArrayBuffer with the bytes (and resizability) of `from`.
fn copy_array_buffer(vm: &mut Vm, from: Gc<JsObject>) -> JsResult<Gc<JsObject>> {
    let b = buffer_of(from).expect("an ArrayBuffer");
    let len = b.len();
    let proto = vm
        .current_realm()
        .intrinsic(Intrinsic::ArrayBufferPrototype);
    let copy = allocate_buffer(vm, proto, len, b.max, false)?;
    let to = buffer_of(copy).expect("new buffer");
    for i in 0..len {
        to.bytes.store_byte(i, b.bytes.load_byte(i));
    }
    Ok(copy)
}

/// The prototype a copied error gets from its name.
fn error_prototype(name: &str) -> Intrinsic {
    match name {
        "EvalError" => Intrinsic::EvalErrorPrototype,
        "RangeError" => Intrinsic::RangeErrorPrototype,
        "ReferenceError" => Intrinsic::ReferenceErrorPrototype,
        "SyntaxError" => Intrinsic::SyntaxErrorPrototype,
        "TypeError" => Intrinsic::TypeErrorPrototype,
        "URIError" => Intrinsic::UriErrorPrototype,
        _ => Intrinsic::ErrorPrototype,
    }
}

impl Cloner {
    /// The copy of `v`: primitives as they are, objects from the memory
    /// map or new (their contents possibly still pending).
    fn clone_value(&mut self, vm: &mut Vm, v: Value) -> JsResult<Value> {
        if v.is_symbol() {
            let what = vm.describe_for_error(v);
            return data_clone_error(vm, &what);
        }
        let Some(o) = v.as_object() else {
            return Ok(v);
        };
        if let Some(&copy) = self.memory.get(&v) {
            return Ok(copy);
        }
        let copy = self.new_copy(vm, o)?;
        self.memory.insert(v, Value::object(copy));
        Ok(Value::object(copy))
    }

    /// Allocates the copy of `o`, queueing the work of filling it.
    fn new_copy(&mut self, vm: &mut Vm, o: Gc<JsObject>) -> JsResult<Gc<JsObject>> {
        let realm = vm.current_realm();
        let object_proto = realm.intrinsic_value(Intrinsic::ObjectPrototype);
        match &o.kind {
            ObjectKind::Boolean(b) => return Ok(vm.wrap_primitive(Value::bool(*b))),
            ObjectKind::Number(n) => return Ok(vm.wrap_primitive(Value::number(*n))),
            ObjectKind::String(s) => return Ok(vm.wrap_primitive(Value::string(*s))),
            ObjectKind::BigInt(b) => return Ok(vm.wrap_primitive(Value::bigint(*b))),
            ObjectKind::Symbol(_) => return data_clone_error(vm, "#<Symbol>"),
            ObjectKind::Function(_) | ObjectKind::Native(_) | ObjectKind::Bound(_) => {
                let source = crate::builtins::function::source_text(vm, Value::object(o))?;
                return data_clone_error(vm, &source);
            }
            ObjectKind::Error => return self.copy_error(vm, o),
            ObjectKind::Array => {
                let proto = realm.intrinsic_value(Intrinsic::ArrayPrototype);
                let copy = vm.alloc_object(proto, ObjectKind::Array);
                copy.set_array_length(o.length());
                self.queue_properties(vm, o, copy)?;
                return Ok(copy);
            }
            ObjectKind::Ordinary | ObjectKind::Arguments => {
                let copy = vm.alloc_object(object_proto, ObjectKind::Ordinary);
                self.queue_properties(vm, o, copy)?;
                return Ok(copy);
            }
            ObjectKind::Builtin(_) => {}
        }
        if let Some(tv) = date::time_value(o) {
            return Ok(date::new_date(vm, tv));
        }
        if let Some(re) = o.kind.builtin::<RegExpState>() {
            let source = Value::string(re.source);
            let flags = vm.string_value(&re.flags.clone());
            let copy = regexp_create(vm, source, flags)?;
            return Ok(copy.as_object().expect("a RegExp"));
        }
        if let Some(b) = buffer_of(o) {
            if b.shared {
                return Ok(o);
            }
            if b.is_detached() {
                return data_clone_error(vm, "a detached ArrayBuffer");
            }
            return copy_array_buffer(vm, o);
        }
        if let Some(st) = typed_array::state_of(o) {
            if st.len().is_none() {
                return data_clone_error(vm, "a typed array on a detached buffer");
            }
            let buffer = self.clone_value(vm, Value::object(st.buffer))?;
            let buffer = buffer.as_object().expect("buffer copy");
            return Ok(new_typed_array(vm, st.elem, buffer, st.offset, st.length));
        }
        if let Some(&dv) = o.kind.builtin::<DataViewState>() {
            if super::buffer_source(Value::object(o)).is_none_or(|v| v.buffer.is_detached()) {
                return data_clone_error(vm, "a DataView on a detached buffer");
            }
            let buffer = self.clone_value(vm, Value::object(dv.buffer))?;
            let proto = realm.intrinsic_value(Intrinsic::DataViewPrototype);
            let state = DataViewState {
                buffer: buffer.as_object().expect("buffer copy"),
                ..dv
            };
            return Ok(vm.alloc_object(proto, ObjectKind::Builtin(Box::new(state))));
        }
        if let Some(c) = o.kind.builtin::<Collection>() {
            let (keys, values) = {
                let table = c.table.lock();
                let keys = table.keys();
                let values = (!c.is_set).then(|| {
                    keys.iter()
                        .map(|&k| table.get(k).unwrap_or(Value::UNDEFINED))
                        .collect::<Vec<_>>()
                });
                (keys, values)
            };
            // Rooted while the entries are copied.
            for &k in &keys {
                vm.root(k);
            }
            for &v in values.iter().flatten() {
                vm.root(v);
            }
            let proto = realm.intrinsic_value(if c.is_set {
                Intrinsic::SetPrototype
            } else {
                Intrinsic::MapPrototype
            });
            let copy = vm.alloc_object(
                proto,
                ObjectKind::Builtin(Box::new(Collection {
                    table: Mutex::new(Table::default()),
                    is_set: c.is_set,
                })),
            );
            self.pending.push(Pending::Entries {
                to: copy,
                keys,
                values,
                next: 0,
                key: None,
            });
            return Ok(copy);
        }
        if let Some(d) = o.kind.builtin::<DomException>() {
            let proto = realm.intrinsic(Intrinsic::DomExceptionPrototype);
            let (name, message) = (d.name.clone(), d.message.clone());
            return Ok(dom_exception_from(vm, proto, name, message));
        }
        let what = if crate::builtins::proxy::is_proxy(o) {
            "#<Object>".to_string()
        } else {
            match &o.kind {
                ObjectKind::Builtin(b) => format!("#<{}>", b.class_name()),
                _ => vm.object_label(o),
            }
        };
        data_clone_error(vm, &what)
    }

    /// Queues the copy of `from`'s own enumerable string-keyed properties.
    fn queue_properties(
        &mut self,
        vm: &mut Vm,
        from: Gc<JsObject>,
        to: Gc<JsObject>,
    ) -> JsResult<()> {
        let mut keys = Vec::new();
        for key in vm.own_property_keys(from)? {
            if key.is_symbol() {
                continue;
            }
            if let Some(desc) = vm.get_own_property(from, key)?
                && desc.enumerable == Some(true)
            {
                keys.push(key);
            }
        }
        self.pending.push(Pending::Properties {
            from,
            to,
            keys,
            next: 0,
        });
        Ok(())
    }

    /// An Error's copy: its name (one of the standard ones, else "Error"),
    /// message, stack, and cause (queued).
    fn copy_error(&mut self, vm: &mut Vm, o: Gc<JsObject>) -> JsResult<Gc<JsObject>> {
        let name = vm.get(o, PropertyKey::Atom(names::NAME))?;
        let name = name.as_string().map(|s| s.to_rust_string());
        let proto = error_prototype(name.as_deref().unwrap_or("Error"));
        let message = match vm.get_own_property(o, PropertyKey::Atom(names::MESSAGE))? {
            Some(d) if d.is_data_descriptor() => {
                let m = d.value.unwrap_or(Value::UNDEFINED);
                Some(vm.to_string(m)?)
            }
            _ => None,
        };
        let proto = vm.current_realm().intrinsic_value(proto);
        let copy = vm.alloc_object(proto, ObjectKind::Error);
        if let Some(m) = message {
            copy.define_own(
                PropertyKey::Atom(names::MESSAGE),
                Value::string(m),
                Attributes::HIDDEN,
            );
        }
        if let Some((stack, attrs)) = o.get_own(PropertyKey::Atom(names::STACK))
            && !attrs.is_accessor()
            && stack.is_string()
        {
            copy.define_own(PropertyKey::Atom(names::STACK), stack, Attributes::HIDDEN);
        }
        let cause = PropertyKey::from_text("cause");
        if vm.has_own_property(o, cause)? {
            self.pending.push(Pending::Properties {
                from: o,
                to: copy,
                keys: vec![cause],
                next: 0,
            });
        }
        Ok(copy)
    }
}
