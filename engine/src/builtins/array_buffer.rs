//! ArrayBuffer (fixed and resizable) and SharedArrayBuffer (fixed and
//! growable), and the byte storage that typed arrays, DataView and Atomics
//! read and write.
//!
//! Storage is a boxed slice of `AtomicU64` words that never moves once
//! allocated: resizable and growable buffers allocate `maxByteLength` up
//! front, and detaching only marks the buffer (the storage lives until the
//! buffer object is collected). Every access is bounds-checked against the
//! storage, so no race between threads (or with detach/resize) can touch
//! memory outside it; elements are read and written with relaxed atomics
//! of their own width (typed-array elements are always aligned), unaligned
//! accesses byte by byte. Atomics use sequentially consistent operations.

use std::sync::atomic::Ordering::{Relaxed, SeqCst};
use std::sync::atomic::{AtomicBool, AtomicU8, AtomicU16, AtomicU32, AtomicU64, AtomicUsize};

use super::{arg, define_tag};
use crate::heap::{Gc, Trace, Tracer};
use crate::interpreter::{ErrorKind, JsResult, Vm};
use crate::object::kind::BuiltinState;
use crate::object::{JsObject, ObjectKind, PropertyKey};
use crate::realm::{Intrinsic, Realm};
use crate::string::atom::symbols;
use crate::value::Value;

/// The byte storage of a buffer: `cap` bytes in 8-byte words.
pub struct Bytes {
    words: Box<[AtomicU64]>,
    cap: usize,
}

impl Bytes {
    /// Zeroed storage of `cap` bytes, or None if it cannot be allocated.
    pub fn new(cap: usize) -> Option<Bytes> {
        let n = cap.div_ceil(8);
        let mut v: Vec<AtomicU64> = Vec::new();
        v.try_reserve_exact(n).ok()?;
        v.resize_with(n, || AtomicU64::new(0));
        Some(Bytes {
            words: v.into_boxed_slice(),
            cap,
        })
    }

    pub fn capacity(&self) -> usize {
        self.cap
    }

    /// The address of the storage (stable for the buffer's lifetime).
    pub fn address(&self) -> usize {
        self.words.as_ptr() as usize
    }

    fn base(&self) -> *const u8 {
        self.words.as_ptr() as *const u8
    }

    /// The byte at `i`; every caller checks `i < cap` first.
    fn byte(&self, i: usize) -> &AtomicU8 {
        debug_assert!(i < self.cap);
        // SAFETY: callers ensure i < cap <= words.len() * 8 (load/store
        // check `fits`, load_byte/store_byte check i < cap), so the byte lies inside the
        // words' allocation, which lives as long as `self`; the words are
        // atomics (interior mutability), and AtomicU8 has alignment 1.
        unsafe { &*(self.base().add(i) as *const AtomicU8) }
    }

    fn atomic<T>(&self, i: usize, width: usize) -> &T {
        debug_assert!(self.fits(i, width) && i.is_multiple_of(width));
        // SAFETY: the range [i, i + width) lies inside the allocation and i
        // is a multiple of width (every caller checks `fits` and alignment
        // before calling; see load, store and rmw); the base is 8-aligned
        // (it is an AtomicU64 slice), so the pointer is aligned for an atomic of
        // `width` bytes; T is that atomic type (callers pass matching
        // width), and the memory is only ever accessed through atomics
        // (racing accesses of different widths, e.g. a DataView byte read
        // against an Int32Array element write, are each atomic in hardware
        // on every target weft builds for; the worst outcome is a
        // JS-visible mix of old and new bytes in the wider read, which the
        // memory model allows for racy non-Atomics accesses to shared bytes).
        unsafe { &*(self.base().add(i) as *const T) }
    }

    /// Whether [i, i + width) lies inside the storage.
    pub fn fits(&self, i: usize, width: usize) -> bool {
        i.checked_add(width).is_some_and(|e| e <= self.cap)
    }

    /// Reads `width` bytes at `i` as a native-endian integer (relaxed;
    /// one atomic access when aligned). Out of the storage reads 0.
    pub fn load(&self, i: usize, width: usize) -> u64 {
        if !self.fits(i, width) {
            return 0;
        }
        if i.is_multiple_of(width) {
            match width {
                1 => return self.byte(i).load(Relaxed) as u64,
                2 => return self.atomic::<AtomicU16>(i, 2).load(Relaxed) as u64,
                4 => return self.atomic::<AtomicU32>(i, 4).load(Relaxed) as u64,
                _ => return self.atomic::<AtomicU64>(i, 8).load(Relaxed),
            }
        }
        let mut b = [0u8; 8];
        for (k, slot) in b.iter_mut().enumerate().take(width) {
            *slot = self.byte(i + k).load(Relaxed);
        }
        from_ne(&b[..width])
    }

    /// Writes the low `width` bytes of `v` (native-endian) at `i`.
    pub fn store(&self, i: usize, width: usize, v: u64) {
        if !self.fits(i, width) {
            return;
        }
        if i.is_multiple_of(width) {
            match width {
                1 => self.byte(i).store(v as u8, Relaxed),
                2 => self.atomic::<AtomicU16>(i, 2).store(v as u16, Relaxed),
                4 => self.atomic::<AtomicU32>(i, 4).store(v as u32, Relaxed),
                _ => self.atomic::<AtomicU64>(i, 8).store(v, Relaxed),
            }
            return;
        }
        let b = to_ne(v, width);
        for (k, &byte) in b.iter().enumerate().take(width) {
            self.byte(i + k).store(byte, Relaxed);
        }
    }

    pub fn load_byte(&self, i: usize) -> u8 {
        if i >= self.cap {
            return 0;
        }
        self.byte(i).load(Relaxed)
    }

    pub fn store_byte(&self, i: usize, v: u8) {
        if i < self.cap {
            self.byte(i).store(v, Relaxed)
        }
    }

    /// A sequentially consistent atomic operation on the aligned element
    /// of `width` bytes at `i`; returns the old value (0 out of storage).
    pub fn rmw(&self, i: usize, width: usize, op: RmwOp) -> u64 {
        if !self.fits(i, width) || !i.is_multiple_of(width) {
            return 0;
        }
        macro_rules! apply {
            ($t:ty, $a:ty) => {{
                let a = self.atomic::<$a>(i, width);
                (match op {
                    RmwOp::Add(v) => a.fetch_add(v as $t, SeqCst),
                    RmwOp::Sub(v) => a.fetch_sub(v as $t, SeqCst),
                    RmwOp::And(v) => a.fetch_and(v as $t, SeqCst),
                    RmwOp::Or(v) => a.fetch_or(v as $t, SeqCst),
                    RmwOp::Xor(v) => a.fetch_xor(v as $t, SeqCst),
                    RmwOp::Exchange(v) => a.swap(v as $t, SeqCst),
                    RmwOp::CompareExchange(e, r) => {
                        match a.compare_exchange(e as $t, r as $t, SeqCst, SeqCst) {
                            Ok(x) | Err(x) => x,
                        }
                    }
                    RmwOp::Load => a.load(SeqCst),
                    RmwOp::Store(v) => {
                        a.store(v as $t, SeqCst);
                        v as $t
                    }
                }) as u64
            }};
        }
        match width {
            1 => apply!(u8, AtomicU8),
            2 => apply!(u16, AtomicU16),
            4 => apply!(u32, AtomicU32),
            _ => apply!(u64, AtomicU64),
        }
    }
}

/// An atomic operation on an element (raw, native-endian bits).
#[derive(Clone, Copy)]
pub enum RmwOp {
    Add(u64),
    Sub(u64),
    And(u64),
    Or(u64),
    Xor(u64),
    Exchange(u64),
    CompareExchange(u64, u64),
    Load,
    Store(u64),
}

fn from_ne(b: &[u8]) -> u64 {
    let mut w = [0u8; 8];
    if cfg!(target_endian = "little") {
        w[..b.len()].copy_from_slice(b);
    } else {
        w[8 - b.len()..].copy_from_slice(b);
    }
    u64::from_ne_bytes(w)
}

fn to_ne(v: u64, width: usize) -> [u8; 8] {
    let w = v.to_ne_bytes();
    let mut out = [0u8; 8];
    if cfg!(target_endian = "little") {
        out[..width].copy_from_slice(&w[..width]);
    } else {
        out[..width].copy_from_slice(&w[8 - width..]);
    }
    out
}

/// The state of an ArrayBuffer or SharedArrayBuffer.
pub struct BufferState {
    pub shared: bool,
    pub bytes: Bytes,
    len: AtomicUsize,
    /// maxByteLength for resizable/growable buffers.
    pub max: Option<usize>,
    detached: AtomicBool,
}

impl Trace for BufferState {
    fn trace(&self, _: &mut Tracer) {}
}

impl BuiltinState for BufferState {
    fn class_name(&self) -> &'static str {
        if self.shared {
            "SharedArrayBuffer"
        } else {
            "ArrayBuffer"
        }
    }
}

impl BufferState {
    /// The current byte length (0 when detached).
    pub fn len(&self) -> usize {
        if self.detached.load(SeqCst) {
            0
        } else {
            self.len.load(SeqCst).min(self.bytes.cap)
        }
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    pub fn is_detached(&self) -> bool {
        self.detached.load(SeqCst)
    }
    /// Resizable (ArrayBuffer) or growable (SharedArrayBuffer).
    pub fn is_resizable(&self) -> bool {
        self.max.is_some()
    }
    /// Whether typed arrays on it have a fixed length (IsFixedLengthArrayBuffer).
    pub fn is_fixed_length(&self) -> bool {
        self.max.is_none()
    }
    pub fn detach(&self) {
        self.detached.store(true, SeqCst);
        self.len.store(0, SeqCst);
    }
}

/// The buffer state of `v`, if it is an ArrayBuffer or SharedArrayBuffer.
pub fn buffer_state(v: Value) -> Option<&'static BufferState> {
    let o = v.as_object()?;
    let st = o.kind.builtin::<BufferState>()?;
    // SAFETY: the state lives inside the object's cell; callers only use the
    // reference while the object is reachable (rooted or held by a rooted
    // typed array / DataView), and cells never move. The 'static lifetime
    // only avoids tying the borrow to the `Gc` handle.
    Some(unsafe { &*(st as *const BufferState) })
}

pub fn buffer_of(o: Gc<JsObject>) -> Option<&'static BufferState> {
    buffer_state(Value::object(o))
}

/// AllocateArrayBuffer / AllocateSharedArrayBuffer with a prototype.
pub fn allocate_buffer(
    vm: &mut Vm,
    proto: Gc<JsObject>,
    len: usize,
    max: Option<usize>,
    shared: bool,
) -> JsResult<Gc<JsObject>> {
    let cap = max.unwrap_or(len).max(len);
    if cap > isize::MAX as usize / 2 || !vm.engine.heap.can_allocate(cap) {
        return vm.throw(ErrorKind::Range, "Array buffer allocation failed");
    }
    let Some(bytes) = Bytes::new(cap) else {
        return vm.throw(ErrorKind::Range, "Array buffer allocation failed");
    };
    vm.engine
        .heap
        .account_external(vm.heap_access().state(), cap);
    let state = BufferState {
        shared,
        bytes,
        len: AtomicUsize::new(len),
        max,
        detached: AtomicBool::new(false),
    };
    Ok(vm.alloc_object(Value::object(proto), ObjectKind::Builtin(Box::new(state))))
}

/// A new ArrayBuffer of the current realm.
pub fn new_array_buffer(vm: &mut Vm, len: usize, max: Option<usize>) -> JsResult<Gc<JsObject>> {
    let proto = vm
        .current_realm()
        .intrinsic(Intrinsic::ArrayBufferPrototype);
    allocate_buffer(vm, proto, len, max, false)
}

pub fn install(vm: &mut Vm, realm: Gc<Realm>, global: Gc<JsObject>) {
    let object_proto = realm.intrinsic(Intrinsic::ObjectPrototype);

    let proto = vm.alloc_object(Value::object(object_proto), ObjectKind::Ordinary);
    realm.set_intrinsic(Intrinsic::ArrayBufferPrototype, proto);
    let ctor = vm.define_constructor(global, "ArrayBuffer", 1, ab_constructor, proto);
    realm.set_intrinsic(Intrinsic::ArrayBufferConstructor, ctor);
    vm.define_builtin(ctor, "isView", 1, is_view);
    vm.define_builtin_accessor(
        ctor,
        PropertyKey::Atom(symbols::SPECIES),
        Some(species),
        None,
        false,
    );
    for (name, getter) in [
        ("byteLength", ab_byte_length as crate::function::NativeFn),
        ("maxByteLength", ab_max_byte_length),
        ("resizable", ab_resizable),
        ("detached", ab_detached),
    ] {
        vm.define_builtin_accessor(
            proto,
            PropertyKey::from_text(name),
            Some(getter),
            None,
            false,
        );
    }
    vm.define_builtin(proto, "resize", 1, ab_resize);
    vm.define_builtin(proto, "slice", 2, ab_slice);
    vm.define_builtin(proto, "transfer", 0, ab_transfer);
    vm.define_builtin(proto, "transferToFixedLength", 0, ab_transfer_fixed);
    define_tag(vm, proto, "ArrayBuffer");

    let proto = vm.alloc_object(Value::object(object_proto), ObjectKind::Ordinary);
    realm.set_intrinsic(Intrinsic::SharedArrayBufferPrototype, proto);
    let ctor = vm.define_constructor(global, "SharedArrayBuffer", 1, sab_constructor, proto);
    realm.set_intrinsic(Intrinsic::SharedArrayBufferConstructor, ctor);
    vm.define_builtin_accessor(
        ctor,
        PropertyKey::Atom(symbols::SPECIES),
        Some(species),
        None,
        false,
    );
    for (name, getter) in [
        ("byteLength", sab_byte_length as crate::function::NativeFn),
        ("maxByteLength", sab_max_byte_length),
        ("growable", sab_growable),
    ] {
        vm.define_builtin_accessor(
            proto,
            PropertyKey::from_text(name),
            Some(getter),
            None,
            false,
        );
    }
    vm.define_builtin(proto, "grow", 1, sab_grow);
    vm.define_builtin(proto, "slice", 2, sab_slice);
    define_tag(vm, proto, "SharedArrayBuffer");
}

fn species(_: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    Ok(this)
}

fn is_view(_: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let v = arg(args, 0);
    let view = v.as_object().is_some_and(|o| {
        super::typed_array::is_typed_array(o) || super::data_view::is_data_view(o)
    });
    Ok(Value::bool(view))
}

/// GetArrayBufferMaxByteLengthOption.
fn max_byte_length_option(vm: &mut Vm, options: Value) -> JsResult<Option<usize>> {
    let Some(o) = options.as_object() else {
        return Ok(None);
    };
    let m = vm.get(o, PropertyKey::from_text("maxByteLength"))?;
    if m.is_undefined() {
        return Ok(None);
    }
    Ok(Some(vm.to_index(m)?))
}

fn construct_buffer(
    vm: &mut Vm,
    args: &[Value],
    new_target: Value,
    shared: bool,
) -> JsResult<Value> {
    let name = if shared {
        "SharedArrayBuffer"
    } else {
        "ArrayBuffer"
    };
    if new_target.is_undefined() {
        return vm.throw(
            ErrorKind::Type,
            &format!("Constructor {name} requires 'new'"),
        );
    }
    // ToIndex, with V8's wording for a negative or too large length.
    let n = vm.to_integer_or_infinity(arg(args, 0))?;
    if !(0.0..=9_007_199_254_740_991.0).contains(&n) {
        return vm.throw(ErrorKind::Range, "Invalid array buffer length");
    }
    let len = n as usize;
    let max = max_byte_length_option(vm, arg(args, 1))?;
    if let Some(m) = max
        && len > m
    {
        return vm.throw(
            ErrorKind::Range,
            &format!("{name}: byte length exceeds maxByteLength"),
        );
    }
    let fallback = if shared {
        Intrinsic::SharedArrayBufferPrototype
    } else {
        Intrinsic::ArrayBufferPrototype
    };
    let proto = vm.prototype_from_constructor(new_target, fallback)?;
    Ok(Value::object(allocate_buffer(vm, proto, len, max, shared)?))
}

fn ab_constructor(vm: &mut Vm, _: Value, args: &[Value], new_target: Value) -> JsResult<Value> {
    construct_buffer(vm, args, new_target, false)
}

fn sab_constructor(vm: &mut Vm, _: Value, args: &[Value], new_target: Value) -> JsResult<Value> {
    construct_buffer(vm, args, new_target, true)
}

fn this_buffer(
    vm: &mut Vm,
    this: Value,
    shared: bool,
    method: &str,
) -> JsResult<&'static BufferState> {
    match buffer_state(this) {
        Some(b) if b.shared == shared => Ok(b),
        _ => vm.throw(
            ErrorKind::Type,
            &format!("{method} called on incompatible receiver"),
        ),
    }
}

fn ab_byte_length(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let b = this_buffer(vm, this, false, "ArrayBuffer.prototype.byteLength")?;
    Ok(Value::number(b.len() as f64))
}

fn ab_max_byte_length(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let b = this_buffer(vm, this, false, "ArrayBuffer.prototype.maxByteLength")?;
    if b.is_detached() {
        return Ok(Value::ZERO);
    }
    Ok(Value::number(b.max.unwrap_or(b.len()) as f64))
}

fn ab_resizable(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let b = this_buffer(vm, this, false, "ArrayBuffer.prototype.resizable")?;
    Ok(Value::bool(b.is_resizable()))
}

fn ab_detached(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let b = this_buffer(vm, this, false, "ArrayBuffer.prototype.detached")?;
    Ok(Value::bool(b.is_detached()))
}

fn ab_resize(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let b = this_buffer(vm, this, false, "ArrayBuffer.prototype.resize")?;
    let Some(max) = b.max else {
        return vm.throw(
            ErrorKind::Type,
            "ArrayBuffer.prototype.resize: buffer is not resizable",
        );
    };
    let new_len = vm.to_index(arg(args, 0))?;
    if b.is_detached() {
        return vm.throw(ErrorKind::Type, "ArrayBuffer is detached");
    }
    if new_len > max {
        return vm.throw(
            ErrorKind::Range,
            "ArrayBuffer.prototype.resize: length exceeds maxByteLength",
        );
    }
    let old = b.len.load(SeqCst);
    if new_len > old {
        // Bytes past the old length read as zero once they come back into
        // range.
        for i in old..new_len {
            b.bytes.store_byte(i, 0);
        }
    }
    b.len.store(new_len, SeqCst);
    Ok(Value::UNDEFINED)
}

/// Relative start/end arguments against `len` (slice-style).
pub fn relative_range(
    vm: &mut Vm,
    start: Value,
    end: Value,
    len: usize,
) -> JsResult<(usize, usize)> {
    let rel = |n: f64| -> usize {
        if n < 0.0 {
            (len as f64 + n).max(0.0) as usize
        } else {
            n.min(len as f64) as usize
        }
    };
    let s = vm.to_integer_or_infinity(start)?;
    let first = rel(s);
    let last = if end.is_undefined() {
        len
    } else {
        let e = vm.to_integer_or_infinity(end)?;
        rel(e)
    };
    Ok((first, last))
}

fn slice_impl(vm: &mut Vm, this: Value, args: &[Value], shared: bool) -> JsResult<Value> {
    let name = if shared {
        "SharedArrayBuffer"
    } else {
        "ArrayBuffer"
    };
    let b = this_buffer(vm, this, shared, &format!("{name}.prototype.slice"))?;
    if b.is_detached() {
        return vm.throw(ErrorKind::Type, "ArrayBuffer is detached");
    }
    let len = b.len();
    let (first, last) = relative_range(vm, arg(args, 0), arg(args, 1), len)?;
    let new_len = last.saturating_sub(first);
    let o = this.as_object().expect("buffer");
    let default_ctor = vm.current_realm().intrinsic_value(if shared {
        Intrinsic::SharedArrayBufferConstructor
    } else {
        Intrinsic::ArrayBufferConstructor
    });
    let c = super::promise::species_constructor(vm, o, default_ctor)?;
    let new = vm.construct(c, &[Value::number(new_len as f64)], None)?;
    let nb = match buffer_state(new) {
        Some(nb) if nb.shared == shared => nb,
        _ => {
            return vm.throw(
                ErrorKind::Type,
                &format!("{name} species constructor did not return a {name}"),
            );
        }
    };
    if nb.is_detached() {
        return vm.throw(ErrorKind::Type, "ArrayBuffer is detached");
    }
    if new == this {
        return vm.throw(
            ErrorKind::Type,
            &format!("{name} species constructor returned the same buffer"),
        );
    }
    if nb.len() < new_len {
        return vm.throw(
            ErrorKind::Type,
            &format!("{name} species constructor returned a too small buffer"),
        );
    }
    if b.is_detached() {
        return vm.throw(ErrorKind::Type, "ArrayBuffer is detached");
    }
    let cur = b.len();
    let first = first.min(cur);
    let end = last.min(cur);
    let count = end.saturating_sub(first).min(nb.len());
    for k in 0..count {
        nb.bytes.store_byte(k, b.bytes.load_byte(first + k));
    }
    Ok(new)
}

fn ab_slice(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    slice_impl(vm, this, args, false)
}

fn sab_slice(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    slice_impl(vm, this, args, true)
}

/// ArrayBufferCopyAndDetach.
fn copy_and_detach(vm: &mut Vm, this: Value, new_length: Value, preserve: bool) -> JsResult<Value> {
    let b = this_buffer(vm, this, false, "ArrayBuffer.prototype.transfer")?;
    let new_len = if new_length.is_undefined() {
        b.len()
    } else {
        vm.to_index(new_length)?
    };
    if b.is_detached() {
        return vm.throw(ErrorKind::Type, "ArrayBuffer is detached");
    }
    let max = if preserve { b.max } else { None };
    if let Some(m) = max
        && new_len > m
    {
        return vm.throw(ErrorKind::Range, "transfer: length exceeds maxByteLength");
    }
    let new = new_array_buffer(vm, new_len, max)?;
    let nb = buffer_of(new).expect("buffer");
    let count = new_len.min(b.len());
    for k in 0..count {
        nb.bytes.store_byte(k, b.bytes.load_byte(k));
    }
    b.detach();
    Ok(Value::object(new))
}

fn ab_transfer(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    copy_and_detach(vm, this, arg(args, 0), true)
}

fn ab_transfer_fixed(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    copy_and_detach(vm, this, arg(args, 0), false)
}

fn sab_byte_length(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let b = this_buffer(vm, this, true, "SharedArrayBuffer.prototype.byteLength")?;
    Ok(Value::number(b.len() as f64))
}

fn sab_max_byte_length(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let b = this_buffer(vm, this, true, "SharedArrayBuffer.prototype.maxByteLength")?;
    Ok(Value::number(b.max.unwrap_or(b.len()) as f64))
}

fn sab_growable(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let b = this_buffer(vm, this, true, "SharedArrayBuffer.prototype.growable")?;
    Ok(Value::bool(b.is_resizable()))
}

fn sab_grow(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let b = this_buffer(vm, this, true, "SharedArrayBuffer.prototype.grow")?;
    let Some(max) = b.max else {
        return vm.throw(
            ErrorKind::Type,
            "SharedArrayBuffer.prototype.grow: buffer is not growable",
        );
    };
    let new_len = vm.to_index(arg(args, 0))?;
    if new_len > max {
        return vm.throw(
            ErrorKind::Range,
            "SharedArrayBuffer.prototype.grow: length exceeds maxByteLength",
        );
    }
    let mut cur = b.len.load(SeqCst);
    loop {
        if new_len < cur {
            return vm.throw(
                ErrorKind::Range,
                "SharedArrayBuffer.prototype.grow: cannot shrink",
            );
        }
        match b.len.compare_exchange(cur, new_len, SeqCst, SeqCst) {
            Ok(_) => return Ok(Value::UNDEFINED),
            Err(actual) => cur = actual,
        }
    }
}

/// DetachArrayBuffer: false if `v` is not a (non-shared) ArrayBuffer.
pub fn detach(v: Value) -> bool {
    match buffer_state(v) {
        Some(b) if !b.shared => {
            b.detach();
            true
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::{Bytes, RmwOp};
    use std::sync::Arc;

    #[test]
    fn concurrent_atomic_adds_are_not_lost() {
        let bytes = Arc::new(Bytes::new(16).expect("allocation"));
        let threads: Vec<_> = (0..4)
            .map(|_| {
                let b = bytes.clone();
                std::thread::spawn(move || {
                    for _ in 0..10_000 {
                        b.rmw(4, 4, RmwOp::Add(1));
                        b.rmw(8, 8, RmwOp::Add(2));
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().expect("thread");
        }
        assert_eq!(bytes.load(4, 4), 40_000);
        assert_eq!(bytes.load(8, 8), 80_000);
    }

    #[test]
    fn unaligned_and_out_of_range_accesses() {
        let b = Bytes::new(10).expect("allocation");
        b.store(1, 8, 0x0102_0304_0506_0708);
        assert_eq!(b.load(1, 8), 0x0102_0304_0506_0708);
        b.store(9, 4, u64::MAX);
        assert_eq!(b.load(9, 4), 0);
        assert_eq!(b.load_byte(100), 0);
        assert_eq!(b.rmw(12, 4, RmwOp::Load), 0);
        assert!(Bytes::new(0).is_some());
    }
}
