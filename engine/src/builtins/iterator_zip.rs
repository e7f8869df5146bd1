//! Joint iteration: `Iterator.zip(iterables, options)` and
//! `Iterator.zipKeyed(iterables, options)` (IteratorZip). The iterator they
//! return is an Iterator Helper whose kind is `HelperKind::Zip`; this file
//! owns its state and its steps.

use super::iterator::{HelperKind, close, get_iterator_flattenable, new_helper, step_value};
use crate::heap::Tracer;
use crate::interpreter::{ErrorKind, JsResult, Vm};
use crate::object::{ObjectKind, PropertyKey};
use crate::string::atom::names;
use crate::value::Value;

/// How a zip ends when its iterators do not all end together.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum ZipMode {
    Shortest,
    Longest,
    Strict,
}

/// The state of a zip helper.
#[derive(Clone)]
pub struct ZipState {
    /// Each underlying iterator and its next method.
    records: Vec<(Value, Value)>,
    /// Whether `records[i]` still yields (longest mode pads the others).
    active: Vec<bool>,
    /// Indices of the iterators not yet done or closed (openIters).
    open: Vec<usize>,
    mode: ZipMode,
    padding: Vec<Value>,
    /// zipKeyed's keys (results are null-prototype objects), or None for
    /// zip (results are arrays).
    keys: Option<Vec<PropertyKey>>,
}

impl ZipState {
    pub fn trace(&self, tracer: &mut Tracer) {
        for &(it, next) in &self.records {
            tracer.mark_value(it);
            tracer.mark_value(next);
        }
        for &v in &self.padding {
            tracer.mark_value(v);
        }
    }

    /// The iterators still open, in order.
    pub fn open_iterators(&self) -> Vec<Value> {
        self.open.iter().map(|&i| self.records[i].0).collect()
    }

    /// Forgets every open iterator (the helper is finished).
    pub fn close_all_open(&mut self) {
        self.open.clear();
    }
}

/// IteratorCloseAll: closes `iters` last to first; with `err` (a throw
/// completion) every close is quiet and `err` is returned, otherwise the
/// first error from a close is, and the closes after it are quiet.
pub fn close_all(vm: &mut Vm, iters: &[Value], err: Option<Value>) -> JsResult<()> {
    let mut err = err;
    if let Some(e) = err {
        vm.root(e);
    }
    for &it in iters.iter().rev() {
        match err {
            Some(_) => close(vm, it, true)?,
            None => {
                if let Err(e) = close(vm, it, false) {
                    vm.root(e);
                    err = Some(e);
                }
            }
        }
    }
    match err {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// The options shared by zip and zipKeyed: (mode, padding option).
fn read_options(vm: &mut Vm, options: Value) -> JsResult<(ZipMode, Value)> {
    if options.is_undefined() {
        return Ok((ZipMode::Shortest, Value::UNDEFINED));
    }
    let Some(o) = options.as_object() else {
        return vm.throw(ErrorKind::Type, "options must be an object");
    };
    let mode = vm.get(o, PropertyKey::from_text("mode"))?;
    let mode = if mode.is_undefined() {
        ZipMode::Shortest
    } else {
        match mode.as_string().map(|s| s.to_rust_string()).as_deref() {
            Some("shortest") => ZipMode::Shortest,
            Some("longest") => ZipMode::Longest,
            Some("strict") => ZipMode::Strict,
            _ => {
                return vm.throw(
                    ErrorKind::Type,
                    "mode must be \"shortest\", \"longest\" or \"strict\"",
                );
            }
        }
    };
    let mut padding = Value::UNDEFINED;
    if mode == ZipMode::Longest {
        padding = vm.get(o, PropertyKey::from_text("padding"))?;
        if !padding.is_undefined() && !padding.is_object() {
            return vm.throw(ErrorKind::Type, "padding must be an object");
        }
    }
    Ok((mode, padding))
}

fn make_zip(
    vm: &mut Vm,
    records: Vec<(Value, Value)>,
    mode: ZipMode,
    padding: Vec<Value>,
    keys: Option<Vec<PropertyKey>>,
) -> Value {
    let n = records.len();
    let state = ZipState {
        records,
        active: vec![true; n],
        open: (0..n).collect(),
        mode,
        padding,
        keys,
    };
    new_helper(
        vm,
        HelperKind::Zip(Box::new(state)),
        Value::UNDEFINED,
        Value::UNDEFINED,
    )
}

/// Iterator.zip(iterables, options).
pub fn zip(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let iterables = super::arg(args, 0);
    if !iterables.is_object() {
        return vm.throw(ErrorKind::Type, "Iterator.zip: iterables is not an object");
    }
    let (mode, padding_option) = read_options(vm, super::arg(args, 1))?;
    let input = vm.get_iterator_value(iterables, false)?;
    let (input_iter, input_next) = vm.record_parts(input)?;
    let mut records: Vec<(Value, Value)> = Vec::new();
    loop {
        let next = match step_value(vm, input_iter, input_next) {
            Ok(n) => n,
            Err(e) => {
                let iters: Vec<Value> = records.iter().map(|r| r.0).collect();
                return close_all(vm, &iters, Some(e)).map(|_| Value::UNDEFINED);
            }
        };
        let Some(v) = next else { break };
        match get_iterator_flattenable(vm, v, false) {
            Ok(r) => records.push(r),
            Err(e) => {
                let mut iters = vec![input_iter];
                iters.extend(records.iter().map(|r| r.0));
                return close_all(vm, &iters, Some(e)).map(|_| Value::UNDEFINED);
            }
        }
    }
    let n = records.len();
    let mut padding = Vec::with_capacity(n);
    if mode == ZipMode::Longest {
        if padding_option.is_undefined() {
            padding.resize(n, Value::UNDEFINED);
        } else {
            let iters: Vec<Value> = records.iter().map(|r| r.0).collect();
            let (pad_iter, pad_next) = match vm
                .get_iterator_value(padding_option, false)
                .and_then(|r| vm.record_parts(r))
            {
                Ok(r) => r,
                Err(e) => return close_all(vm, &iters, Some(e)).map(|_| Value::UNDEFINED),
            };
            let mut using = true;
            for _ in 0..n {
                if using {
                    match step_value(vm, pad_iter, pad_next) {
                        Ok(Some(v)) => padding.push(v),
                        Ok(None) => using = false,
                        Err(e) => {
                            return close_all(vm, &iters, Some(e)).map(|_| Value::UNDEFINED);
                        }
                    }
                }
                if !using {
                    padding.push(Value::UNDEFINED);
                }
            }
            if using && let Err(e) = close(vm, pad_iter, false) {
                return close_all(vm, &iters, Some(e)).map(|_| Value::UNDEFINED);
            }
        }
    }
    Ok(make_zip(vm, records, mode, padding, None))
}

/// Iterator.zipKeyed(iterables, options).
pub fn zip_keyed(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let iterables = super::arg(args, 0);
    let Some(source) = iterables.as_object() else {
        return vm.throw(
            ErrorKind::Type,
            "Iterator.zipKeyed: iterables is not an object",
        );
    };
    let (mode, padding_option) = read_options(vm, super::arg(args, 1))?;
    let all_keys = vm.own_property_keys(source)?;
    let mut records: Vec<(Value, Value)> = Vec::new();
    let mut keys = Vec::new();
    for key in all_keys {
        let step = (|| -> JsResult<Option<(Value, Value)>> {
            let Some(desc) = vm.get_own_property(source, key)? else {
                return Ok(None);
            };
            if desc.enumerable != Some(true) {
                return Ok(None);
            }
            let value = vm.get(source, key)?;
            if value.is_undefined() {
                return Ok(None);
            }
            get_iterator_flattenable(vm, value, false).map(Some)
        })();
        match step {
            Ok(Some(r)) => {
                records.push(r);
                keys.push(key);
            }
            Ok(None) => {}
            Err(e) => {
                let iters: Vec<Value> = records.iter().map(|r| r.0).collect();
                return close_all(vm, &iters, Some(e)).map(|_| Value::UNDEFINED);
            }
        }
    }
    let n = records.len();
    let mut padding = Vec::with_capacity(n);
    if mode == ZipMode::Longest {
        match padding_option.as_object() {
            None => padding.resize(n, Value::UNDEFINED),
            Some(p) => {
                for &key in &keys {
                    match vm.get(p, key) {
                        Ok(v) => padding.push(v),
                        Err(e) => {
                            let iters: Vec<Value> = records.iter().map(|r| r.0).collect();
                            return close_all(vm, &iters, Some(e)).map(|_| Value::UNDEFINED);
                        }
                    }
                }
            }
        }
    }
    Ok(make_zip(vm, records, mode, padding, Some(keys)))
}

/// What a zip step works on: a copy of the state taken under the helper's
/// lock, so that no lock is held while JS runs (`update` takes back what
/// the step changed).
pub type ZipView = ZipState;

impl ZipState {
    pub fn view(&self) -> ZipView {
        self.clone()
    }

    /// Takes back what a step changed.
    pub fn update(&mut self, view: &ZipView) {
        self.active.clone_from(&view.active);
        self.open.clone_from(&view.open);
    }
}

impl ZipView {
    fn remove_open(&mut self, i: usize) {
        self.open.retain(|&k| k != i);
    }

    /// Ends the zip: closes the open iterators, with `err` or a normal
    /// completion.
    fn finish<T>(&mut self, vm: &mut Vm, err: Option<Value>, done: T) -> JsResult<T> {
        let iters = self.open_iterators();
        self.open.clear();
        close_all(vm, &iters, err)?;
        Ok(done)
    }

    /// One step of IteratorZip: the next result, or None when done. The
    /// caller stores `self` back into the state afterwards, also on error.
    pub fn step(&mut self, vm: &mut Vm) -> JsResult<Option<Value>> {
        let n = self.records.len();
        if n == 0 {
            return Ok(None);
        }
        let mut results = Vec::with_capacity(n);
        for i in 0..n {
            if !self.active[i] {
                results.push(self.padding[i]);
                continue;
            }
            let (it, next) = self.records[i];
            let value = match step_value(vm, it, next) {
                Ok(v) => v,
                Err(e) => {
                    self.remove_open(i);
                    return self.finish(vm, Some(e), None);
                }
            };
            if let Some(v) = value {
                results.push(v);
                continue;
            }
            self.remove_open(i);
            match self.mode {
                ZipMode::Shortest => return self.finish(vm, None, None),
                ZipMode::Strict => {
                    if i != 0 {
                        let err = vm.make_error(
                            ErrorKind::Type,
                            "Iterator.zip: iterators have different lengths (strict mode)",
                        );
                        return self.finish(vm, Some(err), None);
                    }
                    for k in 1..n {
                        let (it, next) = self.records[k];
                        match iterator_step(vm, it, next) {
                            Err(e) => {
                                self.remove_open(k);
                                return self.finish(vm, Some(e), None);
                            }
                            Ok(true) => self.remove_open(k),
                            Ok(false) => {
                                let err = vm.make_error(
                                    ErrorKind::Type,
                                    "Iterator.zip: iterators have different lengths (strict mode)",
                                );
                                return self.finish(vm, Some(err), None);
                            }
                        }
                    }
                    return Ok(None);
                }
                ZipMode::Longest => {
                    if self.open.is_empty() {
                        return Ok(None);
                    }
                    self.active[i] = false;
                    results.push(self.padding[i]);
                }
            }
        }
        Ok(Some(match &self.keys {
            None => Value::object(vm.new_array_from(&results)),
            Some(keys) => {
                let o = vm.alloc_object(Value::NULL, ObjectKind::Ordinary);
                for (&key, &v) in keys.iter().zip(&results) {
                    vm.create_data_property_or_throw(Value::object(o), key, v)?;
                }
                Value::object(o)
            }
        }))
    }
}

/// IteratorStep: whether the iterator is done (its value is not read).
fn iterator_step(vm: &mut Vm, it: Value, next: Value) -> JsResult<bool> {
    let r = vm.call(next, it, &[])?;
    let Some(o) = r.as_object() else {
        return vm.throw(ErrorKind::Type, "Iterator result is not an object");
    };
    let done = vm.get(o, PropertyKey::Atom(names::DONE))?;
    Ok(vm.to_boolean(done))
}
