//! The iterator protocol (GetIterator, IteratorStep, IteratorClose) and
//! for-in enumeration.

use crate::bytecode::{Insn, UnpackValue};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use super::{ErrorKind, JsResult, Vm};
use crate::heap::Gc;
use crate::heap::{Trace, Tracer};
use crate::object::kind::BuiltinState;
use crate::object::{JsObject, ObjectKind, PropertyKey};
use crate::string::atom::{names, symbols};
use crate::value::Value;

/// An iterator record: the iterator and its `next` method, read once.
pub struct IteratorRecord {
    pub iterator: Value,
    pub next: Value,
    pub done: AtomicBool,
}

impl Trace for IteratorRecord {
    fn trace(&self, tracer: &mut Tracer) {
        tracer.mark_value(self.iterator);
        tracer.mark_value(self.next);
    }
}

impl BuiltinState for IteratorRecord {
    fn class_name(&self) -> &'static str {
        "IteratorRecord"
    }
}

/// A for-in enumeration in progress.
struct ForInState {
    object: Value,
    keys: Vec<Value>,
    index: AtomicUsize,
}

impl Trace for ForInState {
    fn trace(&self, tracer: &mut Tracer) {
        tracer.mark_value(self.object);
        for k in &self.keys {
            tracer.mark_value(*k);
        }
    }
}

impl BuiltinState for ForInState {
    fn class_name(&self) -> &'static str {
        "ForInIterator"
    }
}

impl Vm {
    fn record(&mut self, v: Value) -> JsResult<Gc<JsObject>> {
        match v.as_object() {
            Some(o) if o.kind.builtin::<IteratorRecord>().is_some() => Ok(o),
            _ => Err(self.make_error(ErrorKind::Type, "not an iterator record")),
        }
    }

    /// The TypeError for iterating `v`, in V8's words: the expression as
    /// written when bytecode iterates it (`for (x of o)`, `[...o]`), else
    /// the value (`number 5 is not iterable (cannot read property
    /// Symbol(Symbol.iterator))`).
    fn not_iterable(&mut self, v: Value) -> Value {
        let named = self.current_site_text(|insn| {
            matches!(insn, Insn::GetIterator { .. } | Insn::ArraySpread { .. })
        });
        let message = match named {
            Some(text) => format!("{text} is not iterable"),
            None => {
                let shown = match v.as_object() {
                    Some(_) if self.is_callable(v) => "function".to_string(),
                    Some(_) => "object".to_string(),
                    None if v.is_nullish() => self.describe_for_error(v),
                    None => {
                        let ty = self.typeof_value(v).to_rust_string();
                        let text = self.value_label(v);
                        format!("{ty} {text}")
                    }
                };
                format!("{shown} is not iterable (cannot read property Symbol(Symbol.iterator))")
            }
        };
        self.make_error(ErrorKind::Type, &message)
    }

    /// GetIterator: an iterator record (as an internal object).
    pub fn get_iterator_value(&mut self, v: Value, is_async: bool) -> JsResult<Value> {
        let (iterator, next) = if is_async {
            match self.get_method(v, PropertyKey::Atom(symbols::ASYNC_ITERATOR))? {
                Some(m) => {
                    let it = self.call(m, v, &[])?;
                    if !it.is_object() {
                        return Err(self.make_error(
                            ErrorKind::Type,
                            "Result of the Symbol.asyncIterator method is not an object",
                        ));
                    }
                    let next = self.get_value(it, PropertyKey::Atom(names::NEXT))?;
                    (it, next)
                }
                None => {
                    let sync = self.get_iterator_value(v, false)?;
                    return crate::builtins::promise::async_from_sync_iterator(self, sync);
                }
            }
        } else {
            if v.is_nullish() {
                return Err(self.not_iterable(v));
            }
            let method = self.get_method(v, PropertyKey::Atom(symbols::ITERATOR))?;
            let Some(m) = method else {
                return Err(self.not_iterable(v));
            };
            let it = self.call(m, v, &[])?;
            if !it.is_object() {
                return Err(self.make_error(
                    ErrorKind::Type,
                    "Result of the Symbol.iterator method is not an object",
                ));
            }
            let next = self.get_value(it, PropertyKey::Atom(names::NEXT))?;
            (it, next)
        };
        Ok(self.make_iterator_record(iterator, next))
    }

    /// (iterator, next) of an iterator record.
    pub fn record_parts(&mut self, record: Value) -> JsResult<(Value, Value)> {
        let r = self.record(record)?;
        let rec = r.kind.builtin::<IteratorRecord>().expect("record");
        Ok((rec.iterator, rec.next))
    }

    pub fn make_iterator_record(&mut self, iterator: Value, next: Value) -> Value {
        let record = IteratorRecord {
            iterator,
            next,
            done: AtomicBool::new(false),
        };
        let o = self.alloc_object(Value::NULL, ObjectKind::Builtin(Box::new(record)));
        Value::object(o)
    }

    /// IteratorNext: the result object.
    pub fn iterator_next_result(&mut self, record: Value) -> JsResult<Value> {
        let r = self.record(record)?;
        let rec = r.kind.builtin::<IteratorRecord>().expect("record");
        let (next, it) = (rec.next, rec.iterator);
        let result = self.call(next, it, &[])?;
        if !result.is_object() {
            rec.done.store(true, Ordering::Relaxed);
            return Err(self.make_error(ErrorKind::Type, "Iterator result is not an object"));
        }
        Ok(result)
    }

    /// (done, value) of an iterator result object.
    /// `done` of an iterator result, and its `value` when `read` says
    /// (else undefined).
    pub fn iterator_unpack(&mut self, result: Value, read: UnpackValue) -> JsResult<(bool, Value)> {
        let Some(o) = result.as_object() else {
            return Err(self.make_error(ErrorKind::Type, "Iterator result is not an object"));
        };
        let done = self.get(o, PropertyKey::Atom(names::DONE))?;
        let done = self.to_boolean(done);
        let wanted = match read {
            UnpackValue::WhileNotDone => !done,
            UnpackValue::WhenDone => done,
            UnpackValue::Always => true,
        };
        if !wanted {
            return Ok((done, Value::UNDEFINED));
        }
        let value = self.get(o, PropertyKey::Atom(names::VALUE))?;
        Ok((done, value))
    }

    /// IteratorStepValue: Some(value), or None when done.
    pub fn iterator_step_value(&mut self, record: Value) -> JsResult<Option<Value>> {
        let r = self.record(record)?;
        let result = match self.iterator_next_result(record) {
            Ok(v) => v,
            Err(e) => {
                r.kind
                    .builtin::<IteratorRecord>()
                    .expect("record")
                    .done
                    .store(true, Ordering::Relaxed);
                return Err(e);
            }
        };
        let o = result.as_object().expect("checked object");
        let done = match self.get(o, PropertyKey::Atom(names::DONE)) {
            Ok(d) => self.to_boolean(d),
            Err(e) => {
                r.kind
                    .builtin::<IteratorRecord>()
                    .expect("record")
                    .done
                    .store(true, Ordering::Relaxed);
                return Err(e);
            }
        };
        if done {
            r.kind
                .builtin::<IteratorRecord>()
                .expect("record")
                .done
                .store(true, Ordering::Relaxed);
            return Ok(None);
        }
        match self.get(o, PropertyKey::Atom(names::VALUE)) {
            Ok(v) => Ok(Some(v)),
            Err(e) => {
                r.kind
                    .builtin::<IteratorRecord>()
                    .expect("record")
                    .done
                    .store(true, Ordering::Relaxed);
                Err(e)
            }
        }
    }

    /// IteratorClose. `quiet`: a throw is propagating, so errors from
    /// `return` (and a non-object result) are ignored.
    pub fn iterator_close_value(&mut self, record: Value, quiet: bool) -> JsResult<()> {
        let r = self.record(record)?;
        let rec = r.kind.builtin::<IteratorRecord>().expect("record");
        if rec.done.swap(true, Ordering::Relaxed) {
            return Ok(());
        }
        let it = rec.iterator;
        let ret = match self.get_method(it, PropertyKey::Atom(names::RETURN)) {
            Ok(m) => m,
            Err(e) => return if quiet { Ok(()) } else { Err(e) },
        };
        let Some(ret) = ret else { return Ok(()) };
        let result = self.call(ret, it, &[]);
        if quiet {
            return Ok(());
        }
        let result = result?;
        if !result.is_object() {
            return Err(self.make_error(ErrorKind::Type, "Iterator result is not an object"));
        }
        Ok(())
    }

    /// The call of AsyncIteratorClose (normal completion): `return`'s
    /// result, or None when the iterator is done or has no `return`.
    pub(crate) fn async_iterator_return(&mut self, record: Value) -> JsResult<Option<Value>> {
        let r = self.record(record)?;
        let rec = r.kind.builtin::<IteratorRecord>().expect("record");
        if rec.done.swap(true, Ordering::Relaxed) {
            return Ok(None);
        }
        let it = rec.iterator;
        let Some(ret) = self.get_method(it, PropertyKey::Atom(names::RETURN))? else {
            return Ok(None);
        };
        self.call(ret, it, &[]).map(Some)
    }

    /// All values of an iterable (each rooted until the caller's
    /// instruction or native function ends).
    pub fn iterate_to_vec(&mut self, iterable: Value) -> JsResult<Vec<Value>> {
        let record = self.get_iterator_value(iterable, false)?;
        self.root(record);
        let mut out = Vec::new();
        while let Some(v) = self.iterator_step_value(record)? {
            self.root(v);
            out.push(v);
        }
        Ok(out)
    }

    /// One step of `yield*`: forwards the resumption `kind` (0 next, 1
    /// throw, 2 return) with `received` to the inner iterator; returns its
    /// result object.
    pub(crate) fn yield_star_step(
        &mut self,
        record: Value,
        received: Value,
        kind: Value,
    ) -> JsResult<Value> {
        let r = self.record(record)?;
        let rec = r.kind.builtin::<IteratorRecord>().expect("record");
        let (it, next) = (rec.iterator, rec.next);
        let kind = kind.as_int().unwrap_or(0);
        let result = match kind {
            0 => self.call(next, it, &[received])?,
            1 => match self.get_method(it, PropertyKey::Atom(names::THROW))? {
                Some(t) => self.call(t, it, &[received])?,
                None => {
                    self.iterator_close_value(record, false)?;
                    return Err(self.make_error(
                        ErrorKind::Type,
                        "The iterator does not provide a 'throw' method",
                    ));
                }
            },
            _ => match self.get_method(it, PropertyKey::Atom(names::RETURN))? {
                Some(ret) => self.call(ret, it, &[received])?,
                None => return Ok(Value::object(self.iter_result(received, true))),
            },
        };
        if !result.is_object() {
            return Err(self.make_error(ErrorKind::Type, "Iterator result is not an object"));
        }
        Ok(result)
    }

    /// CreateIterResultObject.
    pub fn iter_result(&mut self, value: Value, done: bool) -> Gc<JsObject> {
        let o = self.new_object();
        o.define_own(
            PropertyKey::Atom(names::VALUE),
            value,
            crate::object::Attributes::DEFAULT,
        );
        o.define_own(
            PropertyKey::Atom(names::DONE),
            Value::bool(done),
            crate::object::Attributes::DEFAULT,
        );
        o
    }

    // ----- for-in -----

    pub(crate) fn for_in_start(&mut self, v: Value) -> JsResult<Value> {
        let mut keys = Vec::new();
        if !v.is_nullish() {
            let obj = self.to_object(v)?;
            let mut seen = rustc_hash::FxHashSet::default();
            let mut current = Some(obj);
            while let Some(o) = current {
                for key in self.own_property_keys(o)? {
                    if key.is_symbol() || !seen.insert(key) {
                        continue;
                    }
                    if let Some(desc) = self.get_own_property(o, key)?
                        && desc.enumerable == Some(true)
                    {
                        let kv = self.key_to_value(key);
                        keys.push(kv);
                    }
                }
                current = self.get_prototype_of(o)?.as_object();
            }
            let state = ForInState {
                object: Value::object(obj),
                keys,
                index: AtomicUsize::new(0),
            };
            return Ok(Value::object(
                self.alloc_object(Value::NULL, ObjectKind::Builtin(Box::new(state))),
            ));
        }
        let state = ForInState {
            object: Value::UNDEFINED,
            keys,
            index: AtomicUsize::new(0),
        };
        Ok(Value::object(self.alloc_object(
            Value::NULL,
            ObjectKind::Builtin(Box::new(state)),
        )))
    }

    pub(crate) fn for_in_next(&mut self, iter: Value) -> JsResult<Option<Value>> {
        let o = iter.as_object().expect("for-in state");
        let state = o.kind.builtin::<ForInState>().expect("for-in state");
        loop {
            let i = state.index.fetch_add(1, Ordering::Relaxed);
            let Some(&k) = state.keys.get(i) else {
                return Ok(None);
            };
            // Skip keys deleted since the enumeration started.
            if let Some(obj) = state.object.as_object() {
                let key = self.to_property_key(k)?;
                if !self.has_property(obj, key)? {
                    continue;
                }
            }
            return Ok(Some(k));
        }
    }
}
