//! Objects: header, shape, slots, elements, and the storage-level property
//! operations every JS object shares.
//!
//! Layout: a shape id, a small per-object lock,
//! inline slots, out-of-line slots in chunks behind a spine that only ever
//! grows (`slots.rs`), and indexed elements in the same kind of storage with
//! an atomic length. Reading and writing an existing property takes no lock;
//! adding, deleting or reconfiguring one takes the object's lock and
//! publishes a new shape with one atomic store, after the slot it needs
//! exists. Objects that delete properties or grow past
//! `MAX_SHAPED_PROPERTIES` move to dictionary mode: the property table
//! becomes the object's own, read and changed under its lock, while values
//! stay in the same slots (so a racing write is never lost to the switch).
//!
//! This module knows nothing of the interpreter: the spec's internal
//! methods (with getters, setters, proxies and exotic objects) are built on
//! it in `object/ops.rs`.

pub mod image;
pub mod kind;
pub mod ops;
pub mod property;
pub mod shape;
pub mod slots;

pub use kind::ObjectKind;
pub use property::{Attributes, PropertyDescriptor, PropertyKey};
pub use shape::ShapeId;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU8, AtomicU32, Ordering};

use parking_lot::{Mutex, MutexGuard};

use crate::heap::{Gc, Trace, Tracer};
use crate::value::{AtomicValue, Value};
use shape::{MAX_SHAPED_PROPERTIES, PropertyTable, SlotInfo};
use slots::SlotStorage;

/// Slots stored in the object itself.
pub const INLINE_SLOTS: usize = 4;
/// Dense elements never grow past this many holes beyond the length in one
/// write; a farther write makes the elements sparse.
const MAX_DENSE_GAP: u32 = 1024;

/// A getter/setter pair: the content of an accessor property's slot.
pub struct AccessorPair {
    pub getter: AtomicValue,
    pub setter: AtomicValue,
}

impl Trace for AccessorPair {
    fn trace(&self, tracer: &mut Tracer) {
        tracer.mark_value(self.getter.load());
        tracer.mark_value(self.setter.load());
    }
}

/// What the object's lock guards.
#[derive(Default)]
struct Locked {
    /// The property table, in dictionary mode.
    dictionary: Option<Box<PropertyTable>>,
    /// Elements with attributes other than the default, or far apart.
    sparse: Option<BTreeMap<u32, (Value, Attributes)>>,
    /// The next unused slot, in dictionary mode.
    next_slot: u32,
    /// The thread a `Thread.restrict`ed object belongs to.
    owner: u32,
    /// Whether every change to the dictionary's keys or attributes gives
    /// the object a fresh shape id (`use_versioned_dictionary`).
    versioned: bool,
}

/// Why an atomic update of an own property could not happen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AtomicUpdateError {
    Missing,
    Accessor,
    ReadOnly,
}

/// Per-object flags.
pub mod flags {
    pub const EXTENSIBLE: u8 = 1;
    /// Array `length` is not writable.
    pub const LENGTH_READONLY: u8 = 2;
    /// Elements are sparse (in the locked map), not dense.
    pub const SPARSE: u8 = 4;
    /// A class constructor (calling it without `new` throws).
    pub const CLASS_CONSTRUCTOR: u8 = 8;
    /// Derived class constructor (`this` starts uninitialized).
    pub const DERIVED: u8 = 16;
    /// Owned by one thread (`Thread.restrict`).
    pub const RESTRICTED: u8 = 32;
    /// An `[[IsHTMLDDA]]`-like object for test262's `$262.IsHTMLDDA`.
    pub const HTMLDDA: u8 = 64;
    /// An immutable prototype exotic object (Object.prototype).
    pub const IMMUTABLE_PROTO: u8 = 128;
}

pub struct JsObject {
    /// Published with Release after the slots it names exist (the shape
    /// protocol; a `crate::sync` atomic so the loom tests can check it).
    shape: crate::sync::AtomicU32,
    flags: AtomicU8,
    lock: Mutex<Locked>,
    proto: AtomicValue,
    slots: SlotStorage<INLINE_SLOTS>,
    /// Array length for arrays; for other objects one past the highest
    /// dense element ever stored.
    length: AtomicU32,
    elements: SlotStorage<0>,
    pub kind: ObjectKind,
}

impl Trace for JsObject {
    fn trace(&self, tracer: &mut Tracer) {
        tracer.mark_value(self.proto.load());
        self.slots.trace(tracer);
        self.elements.trace(tracer);
        if let Some(sparse) = &self.lock.lock().sparse {
            for (v, _) in sparse.values() {
                tracer.mark_value(*v);
            }
        }
        self.kind.trace(tracer);
    }

    fn external_bytes(&self) -> usize {
        self.slots.external_bytes() + self.elements.external_bytes()
    }
}

/// The outcome of writing an existing own data property.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum OwnWrite {
    Written,
    /// The property exists but is read-only (or an accessor: see `slot`).
    ReadOnly,
    Accessor(Value),
    Absent,
}

impl JsObject {
    pub fn new(proto: Value, kind: ObjectKind) -> JsObject {
        JsObject::with_shape(proto, kind, ShapeId::EMPTY)
    }

    /// A new object whose properties are given by `shape` (all slots
    /// undefined until written): object literals and `new` use this with a
    /// cached shape to skip transitions.
    pub fn with_shape(proto: Value, kind: ObjectKind, shape: ShapeId) -> JsObject {
        let obj = JsObject {
            shape: crate::sync::AtomicU32::new(shape.0),
            flags: AtomicU8::new(flags::EXTENSIBLE),
            lock: Mutex::new(Locked::default()),
            proto: AtomicValue::new(proto),
            slots: SlotStorage::new(Value::UNDEFINED),
            length: AtomicU32::new(0),
            elements: SlotStorage::new(Value::HOLE),
            kind,
        };
        if shape != ShapeId::EMPTY {
            obj.slots
                .ensure(shape.get().slot_count as usize, Value::UNDEFINED);
        }
        obj
    }

    // ----- header -----

    #[inline]
    pub fn shape(&self) -> ShapeId {
        ShapeId(self.shape.load(Ordering::Acquire))
    }
    #[inline]
    pub fn flags(&self) -> u8 {
        self.flags.load(Ordering::Acquire)
    }
    #[inline]
    pub fn has_flag(&self, flag: u8) -> bool {
        self.flags() & flag != 0
    }
    pub fn set_flag(&self, flag: u8, on: bool) {
        if on {
            self.flags.fetch_or(flag, Ordering::AcqRel);
        } else {
            self.flags.fetch_and(!flag, Ordering::AcqRel);
        }
    }
    #[inline]
    pub fn is_extensible(&self) -> bool {
        self.has_flag(flags::EXTENSIBLE)
    }
    pub fn prevent_extensions(&self) {
        let _guard = self.lock.lock();
        self.set_flag(flags::EXTENSIBLE, false);
    }
    #[inline]
    pub fn proto(&self) -> Value {
        self.proto.load()
    }
    pub fn set_proto(&self, proto: Value) {
        self.proto.store(proto);
    }

    /// The slot `i` (for inline caches that found it through the shape).
    #[inline]
    pub fn slot(&self, i: u32) -> Option<&AtomicValue> {
        self.slots.get(i as usize)
    }

    /// Runs `f` holding the object's lock (for built-ins whose one call
    /// must be atomic per object, such as a Map's `set`).
    pub fn with_lock<R>(&self, f: impl FnOnce() -> R) -> R {
        let _guard = self.lock.lock();
        f()
    }

    // ----- named properties -----

    /// The slot and attributes of own property `key` (not elements).
    fn find(&self, key: PropertyKey) -> Option<SlotInfo> {
        let shape = self.shape();
        if !shape.is_dictionary() {
            return shape.lookup(key);
        }
        self.lock
            .lock()
            .dictionary
            .as_ref()
            .and_then(|d| d.get(key))
    }

    /// Own property `key`: its raw slot value (an `AccessorPair` cell for
    /// accessors) and attributes.
    pub fn get_own(&self, key: PropertyKey) -> Option<(Value, Attributes)> {
        if let PropertyKey::Index(i) = key {
            return self.get_element(i);
        }
        let info = self.find(key)?;
        Some((self.slots.load(info.slot as usize), info.attrs))
    }

    /// Writes own data property `key` if it exists and is writable. No lock:
    /// the slot never moves.
    pub fn write_own(&self, key: PropertyKey, value: Value) -> OwnWrite {
        if let PropertyKey::Index(i) = key {
            return self.write_element(i, value);
        }
        let Some(info) = self.find(key) else {
            return OwnWrite::Absent;
        };
        if info.attrs.is_accessor() {
            return OwnWrite::Accessor(self.slots.load(info.slot as usize));
        }
        if !info.attrs.writable() {
            return OwnWrite::ReadOnly;
        }
        if let Some(slot) = self.slots.get(info.slot as usize) {
            slot.store(value);
        }
        OwnWrite::Written
    }

    /// Creates or redefines own property `key` with a raw slot value and
    /// attributes. Does not check extensibility or configurability: the
    /// spec-level `define_own_property` does that first.
    pub fn define_own(&self, key: PropertyKey, value: Value, attrs: Attributes) {
        if let PropertyKey::Index(i) = key {
            return self.define_element(i, value, attrs);
        }
        let mut locked = self.lock.lock();
        let shape = self.shape();
        if !shape.is_dictionary() {
            let found = shape.lookup(key);
            if let Some(info) = found
                && info.attrs.is_accessor() == attrs.is_accessor()
            {
                if info.attrs != attrs {
                    let next = shape.with_attrs(key, attrs);
                    self.slots
                        .get(info.slot as usize)
                        .expect("shaped slot exists")
                        .store(value);
                    self.shape.store(next.0, Ordering::Release);
                } else {
                    self.slots
                        .get(info.slot as usize)
                        .expect("shaped slot exists")
                        .store(value);
                }
                return;
            }
            // A property changing between data and accessor moves to a new
            // slot, in dictionary mode (below).
            if found.is_none() && shape.get().table.len() < MAX_SHAPED_PROPERTIES {
                let next = shape.with_added(key, attrs);
                let slot = next.get().slot_count as usize - 1;
                // The slot must exist, holding the value, before the shape
                // that names it is published.
                self.slots.ensure(slot + 1, Value::UNDEFINED);
                self.slots.get(slot).expect("ensured").store(value);
                self.shape.store(next.0, Ordering::Release);
                return;
            }
            self.enter_dictionary_mode(&mut locked, shape);
        }
        let locked = &mut *locked;
        let dict = locked.dictionary.as_mut().expect("dictionary mode");
        let existing = dict.get(key);
        if let Some(info) = existing
            && info.attrs.is_accessor() == attrs.is_accessor()
        {
            self.slots
                .get(info.slot as usize)
                .expect("dictionary slot exists")
                .store(value);
            if info.attrs != attrs {
                dict.set_attrs(key, attrs);
                self.dictionary_changed(locked);
            }
        } else if existing.is_some() {
            // Data to accessor or back: a new slot, so that a racing reader
            // that still has the old attributes reads the old kind of
            // content from the old slot (an accessor pair is never read as
            // a value, nor a value as an accessor pair).
            let slot = locked.next_slot;
            locked.next_slot += 1;
            self.slots.ensure(slot as usize + 1, Value::UNDEFINED);
            self.slots.get(slot as usize).expect("ensured").store(value);
            dict.relocate(key, SlotInfo { slot, attrs });
            self.dictionary_changed(locked);
        } else {
            // Slots are never reused: a deleted slot may still be read by a
            // racing thread that found it through an older table.
            let slot = locked.next_slot;
            locked.next_slot += 1;
            self.slots.ensure(slot as usize + 1, Value::UNDEFINED);
            self.slots.get(slot as usize).expect("ensured").store(value);
            dict.insert(key, SlotInfo { slot, attrs });
            self.dictionary_changed(locked);
        }
    }

    fn enter_dictionary_mode(&self, locked: &mut MutexGuard<'_, Locked>, shape: ShapeId) {
        let s = shape.get();
        locked.dictionary = Some(Box::new(s.table.clone()));
        locked.next_slot = s.slot_count;
        self.shape.store(ShapeId::DICTIONARY.0, Ordering::Release);
        self.dictionary_changed(locked);
    }

    /// Gives a versioned dictionary a fresh shape id after a change to its
    /// keys or attributes (called under the object's lock).
    fn dictionary_changed(&self, locked: &Locked) {
        if locked.versioned {
            self.shape
                .store(ShapeId::next_dictionary_version().0, Ordering::Release);
        }
    }

    /// Moves the object to a versioned dictionary: its shape id changes
    /// with every added or deleted property and every attribute change,
    /// so an inline cache can key (shape id, slot) on it as on a shape.
    /// For the global object, which has too many properties for shapes
    /// and is read on every global name lookup.
    pub fn use_versioned_dictionary(&self) {
        let mut locked = self.lock.lock();
        let shape = self.shape();
        if !shape.is_dictionary() {
            self.enter_dictionary_mode(&mut locked, shape);
        }
        locked.versioned = !self.has_flag(flags::RESTRICTED);
        self.dictionary_changed(&locked);
    }

    /// Makes inline caches keyed on the object's current shape id miss
    /// (a global `let` now shadows a property of this global object).
    pub fn invalidate_caches(&self) {
        let mut locked = self.lock.lock();
        let shape = self.shape();
        if shape.is_dictionary() {
            self.dictionary_changed(&locked);
        } else {
            self.enter_dictionary_mode(&mut locked, shape);
        }
    }

    /// The shape id and slot of own named property `key`, for an inline
    /// cache: None unless the id names the property's slot and attributes
    /// for as long as it stays the object's id (a shape, or a versioned
    /// dictionary read under the lock).
    pub fn cacheable_slot(&self, key: PropertyKey) -> Option<(ShapeId, SlotInfo)> {
        let shape = self.shape();
        if !shape.is_dictionary() {
            return shape.lookup(key).map(|info| (shape, info));
        }
        let locked = self.lock.lock();
        if !locked.versioned {
            return None;
        }
        let info = locked.dictionary.as_ref()?.get(key)?;
        Some((self.shape(), info))
    }

    /// Deletes own property `key` (configurability is checked by the
    /// caller). Returns whether it existed.
    pub fn delete_own(&self, key: PropertyKey) -> bool {
        if let PropertyKey::Index(i) = key {
            return self.delete_element(i);
        }
        let mut locked = self.lock.lock();
        let shape = self.shape();
        if !shape.is_dictionary() {
            if shape.lookup(key).is_none() {
                return false;
            }
            self.enter_dictionary_mode(&mut locked, shape);
        }
        let dict = locked.dictionary.as_mut().expect("dictionary mode");
        match dict.remove(key) {
            Some(slot) => {
                if let Some(s) = self.slots.get(slot as usize) {
                    s.store(Value::UNDEFINED);
                }
                self.dictionary_changed(&locked);
                true
            }
            None => false,
        }
    }

    /// Own named (non-index) keys in insertion order, strings first then
    /// symbols (OrdinaryOwnPropertyKeys' order for them).
    pub fn own_named_keys(&self) -> Vec<PropertyKey> {
        let collect = |table: &PropertyTable| {
            let mut strings = Vec::with_capacity(table.len());
            let mut symbols = Vec::new();
            for (k, _) in table.iter() {
                match k {
                    PropertyKey::Atom(a) if a.is_private() => {}
                    k if k.is_symbol() => symbols.push(k),
                    k => strings.push(k),
                }
            }
            strings.extend(symbols);
            strings
        };
        let shape = self.shape();
        if !shape.is_dictionary() {
            return collect(&shape.get().table);
        }
        let locked = self.lock.lock();
        locked
            .dictionary
            .as_deref()
            .map(collect)
            .unwrap_or_default()
    }

    /// All own keys in the spec's order: indices ascending, then strings,
    /// then symbols, each in insertion order.
    pub fn own_keys(&self) -> Vec<PropertyKey> {
        let mut keys: Vec<PropertyKey> = self
            .element_indices()
            .into_iter()
            .map(PropertyKey::Index)
            .collect();
        keys.extend(self.own_named_keys());
        keys
    }

    /// Whether every own property is non-configurable (and, with
    /// `frozen`, every data property non-writable).
    pub fn all_properties_locked_down(&self, frozen: bool) -> bool {
        self.own_keys().into_iter().all(|k| match self.get_own(k) {
            Some((_, a)) => !a.configurable() && (!frozen || a.is_accessor() || !a.writable()),
            None => true,
        })
    }

    // ----- elements -----

    /// For arrays, the array length; for others one past the highest
    /// dense element.
    #[inline]
    pub fn length(&self) -> u32 {
        self.length.load(Ordering::Acquire)
    }

    #[inline]
    fn is_sparse(&self) -> bool {
        self.has_flag(flags::SPARSE)
    }

    /// Whether the object has no element (no index-keyed own property).
    pub fn has_no_elements(&self) -> bool {
        !self.is_sparse() && self.length() == 0
    }

    pub fn get_element(&self, i: u32) -> Option<(Value, Attributes)> {
        if !self.is_sparse() {
            if i >= self.length() {
                return None;
            }
            let v = self.elements.load(i as usize);
            // A racing switch to sparse mode may have moved the element.
            if !v.is_hole() || !self.is_sparse() {
                return if v.is_hole() {
                    None
                } else {
                    Some((v, Attributes::DEFAULT))
                };
            }
        }
        self.lock
            .lock()
            .sparse
            .as_ref()
            .and_then(|m| m.get(&i).copied())
    }

    /// Writes an existing element. Dense in-bounds writes take no lock.
    pub fn write_element(&self, i: u32, value: Value) -> OwnWrite {
        if !self.is_sparse() && i < self.length() {
            let slot = self
                .elements
                .get(i as usize)
                .expect("dense elements exist below length");
            if slot.load().is_hole() {
                return OwnWrite::Absent;
            }
            slot.store(value);
            // Write-then-validate: if the object went sparse meanwhile, the
            // switch may have copied the old value; write it there too.
            if !self.is_sparse() {
                return OwnWrite::Written;
            }
        }
        let mut locked = self.lock.lock();
        if !self.is_sparse() {
            drop(locked);
            return if i < self.length() {
                self.write_element(i, value)
            } else {
                OwnWrite::Absent
            };
        }
        match locked.sparse.as_mut().and_then(|m| m.get_mut(&i)) {
            None => OwnWrite::Absent,
            Some((v, a)) if a.is_accessor() => OwnWrite::Accessor(*v),
            Some((_, a)) if !a.writable() => OwnWrite::ReadOnly,
            Some((v, _)) => {
                *v = value;
                OwnWrite::Written
            }
        }
    }

    /// Creates or redefines element `i` (attributes are not checked).
    pub fn define_element(&self, i: u32, value: Value, attrs: Attributes) {
        let mut locked = self.lock.lock();
        let len = self.length();
        let dense_ok = !self.is_sparse() && attrs == Attributes::DEFAULT && !value.is_internal();
        if dense_ok && (i < len || i - len <= MAX_DENSE_GAP) {
            if i >= len {
                self.elements.ensure(i as usize + 1, Value::HOLE);
                self.elements.get(i as usize).expect("ensured").store(value);
                self.length.store(i + 1, Ordering::Release);
            } else {
                self.elements
                    .get(i as usize)
                    .expect("dense below length")
                    .store(value);
            }
            return;
        }
        self.make_sparse(&mut locked);
        locked
            .sparse
            .as_mut()
            .expect("sparse")
            .insert(i, (value, attrs));
        if self.kind.is_array() {
            if i >= self.length() {
                self.length.store(i + 1, Ordering::Release);
            }
        } else if i >= self.length() {
            self.length.store(i + 1, Ordering::Release);
        }
    }

    fn make_sparse(&self, locked: &mut MutexGuard<'_, Locked>) {
        if self.is_sparse() {
            return;
        }
        // Flip the mode first, then copy: a racing dense writer either sees
        // the flag (and rewrites under the lock) or wrote before the copy.
        self.flags.fetch_or(flags::SPARSE, Ordering::SeqCst);
        let mut map = BTreeMap::new();
        let len = self.length() as usize;
        for i in 0..len.min(self.elements.capacity()) {
            let v = self.elements.load(i);
            if !v.is_hole() {
                map.insert(i as u32, (v, Attributes::DEFAULT));
            }
        }
        locked.sparse = Some(map);
    }

    pub fn delete_element(&self, i: u32) -> bool {
        let mut locked = self.lock.lock();
        if !self.is_sparse() {
            if i >= self.length() {
                return false;
            }
            let slot = self.elements.get(i as usize).expect("dense below length");
            return !slot.swap(Value::HOLE).is_hole();
        }
        locked
            .sparse
            .as_mut()
            .is_some_and(|m| m.remove(&i).is_some())
    }

    /// Indices of present elements, ascending.
    pub fn element_indices(&self) -> Vec<u32> {
        if !self.is_sparse() {
            let len = self.length();
            let mut out = Vec::new();
            for i in 0..len {
                if !self.elements.load(i as usize).is_hole() {
                    out.push(i);
                }
            }
            if !self.is_sparse() {
                return out;
            }
        }
        self.lock
            .lock()
            .sparse
            .as_ref()
            .map(|m| m.keys().copied().collect())
            .unwrap_or_default()
    }

    /// Appends `value` at the array's length (one indivisible step per
    /// call: `push` from many threads keeps every element).
    pub fn push_element(&self, value: Value) -> u32 {
        let locked = self.lock.lock();
        let i = self.length();
        if !self.is_sparse() && !value.is_internal() && i < u32::MAX - 1 {
            self.elements.ensure(i as usize + 1, Value::HOLE);
            self.elements.get(i as usize).expect("ensured").store(value);
            self.length.store(i + 1, Ordering::Release);
            return i + 1;
        }
        drop(locked);
        self.define_element(i, value, Attributes::DEFAULT);
        i + 1
    }

    /// Sets the array length, deleting elements at and above `new_len`
    /// that are configurable. Returns the length actually reached (higher
    /// than asked when a non-configurable element stopped the deletion).
    pub fn set_array_length(&self, new_len: u32) -> u32 {
        let mut locked = self.lock.lock();
        let old = self.length();
        if new_len >= old {
            if !self.is_sparse() && new_len - old > MAX_DENSE_GAP {
                self.make_sparse(&mut locked);
            }
            if !self.is_sparse() {
                self.elements.ensure(new_len as usize, Value::HOLE);
            }
            self.length.store(new_len, Ordering::Release);
            return new_len;
        }
        if !self.is_sparse() {
            for i in new_len..old {
                if let Some(slot) = self.elements.get(i as usize) {
                    slot.store(Value::HOLE);
                }
            }
            self.length.store(new_len, Ordering::Release);
            return new_len;
        }
        let map = locked.sparse.as_mut().expect("sparse");
        let doomed: Vec<u32> = map.range(new_len..).map(|(k, _)| *k).collect();
        let mut reached = new_len;
        for k in doomed.into_iter().rev() {
            if !map[&k].1.configurable() {
                reached = k + 1;
                break;
            }
            map.remove(&k);
        }
        self.length.store(reached, Ordering::Release);
        reached
    }

    /// Forces the length word (array creation with a preset length).
    pub fn init_length(&self, len: u32) {
        let mut locked = self.lock.lock();
        if len > MAX_DENSE_GAP {
            self.make_sparse(&mut locked);
        } else {
            self.elements.ensure(len as usize, Value::HOLE);
        }
        self.length.store(len, Ordering::Release);
    }
}

impl JsObject {
    /// Restricts the object to thread `owner` (`Thread.restrict`). It moves
    /// to dictionary mode, so that no inline cache skips the owner check
    /// on the slow path.
    pub fn restrict_to(&self, owner: u32) {
        let mut locked = self.lock.lock();
        let shape = self.shape();
        if !shape.is_dictionary() {
            self.enter_dictionary_mode(&mut locked, shape);
        }
        // No inline cache may key on it any more.
        locked.versioned = false;
        self.shape.store(ShapeId::DICTIONARY.0, Ordering::Release);
        locked.owner = owner;
        self.set_flag(flags::RESTRICTED, true);
    }

    /// The owning thread of a restricted object.
    pub fn restricted_owner(&self) -> Option<u32> {
        if !self.has_flag(flags::RESTRICTED) {
            return None;
        }
        Some(self.lock.lock().owner)
    }

    /// One sequentially consistent read-modify-write of own data property
    /// `key` (Atomics on properties): `f` gets the current value and gives
    /// the new one, or None to leave it; it may run more than once when
    /// another thread writes in between. Returns the value before. With
    /// `writes`, a read-only property is an error.
    pub fn update_own_atomically(
        &self,
        key: PropertyKey,
        writes: bool,
        f: &mut dyn FnMut(Value) -> Option<Value>,
    ) -> Result<Value, AtomicUpdateError> {
        fn cas_loop(
            slot: &AtomicValue,
            f: &mut dyn FnMut(Value) -> Option<Value>,
        ) -> Result<Value, AtomicUpdateError> {
            loop {
                let old = slot.load_seq_cst();
                if old.is_hole() {
                    return Err(AtomicUpdateError::Missing);
                }
                match f(old) {
                    None => return Ok(old),
                    Some(new) => {
                        if slot.compare_exchange(old, new).is_ok() {
                            return Ok(old);
                        }
                    }
                }
            }
        }
        if let PropertyKey::Index(i) = key {
            // Under the lock, so the elements cannot switch to sparse
            // mode in the middle; the CAS keeps it atomic against plain
            // lock-free writes.
            let mut locked = self.lock.lock();
            if !self.is_sparse() {
                if i >= self.length() {
                    return Err(AtomicUpdateError::Missing);
                }
                let slot = self
                    .elements
                    .get(i as usize)
                    .ok_or(AtomicUpdateError::Missing)?;
                return cas_loop(slot, f);
            }
            let (v, attrs) = locked
                .sparse
                .as_mut()
                .and_then(|m| m.get_mut(&i))
                .ok_or(AtomicUpdateError::Missing)?;
            if attrs.is_accessor() {
                return Err(AtomicUpdateError::Accessor);
            }
            if writes && !attrs.writable() {
                return Err(AtomicUpdateError::ReadOnly);
            }
            let old = *v;
            if let Some(new) = f(old) {
                *v = new;
            }
            return Ok(old);
        }
        let info = self.find(key).ok_or(AtomicUpdateError::Missing)?;
        if info.attrs.is_accessor() {
            return Err(AtomicUpdateError::Accessor);
        }
        if writes && !info.attrs.writable() {
            return Err(AtomicUpdateError::ReadOnly);
        }
        let slot = self
            .slots
            .get(info.slot as usize)
            .ok_or(AtomicUpdateError::Missing)?;
        cas_loop(slot, f)
    }
}

/// Convenience for `Gc<JsObject>`.
pub type ObjectRef = Gc<JsObject>;
