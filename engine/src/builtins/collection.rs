//! Map, Set, WeakMap, WeakSet and the Map and Set iterators.
//!
//! A Map or Set keeps its entries in a `Table` behind a `parking_lot::Mutex`
//! in the object's internal state, so each built-in operation (`set`,
//! `delete`, `add`, …) is one atomic step per object (rule 6 of "What a
//! racy program may observe" in docs/threads.md). The lock is never held while JS runs: `forEach`, the
//! iterators and the Set methods re-lock for every step.
//!
//! A table is an insertion-ordered entry list with tombstones plus a hash
//! index. Iterations hold a shared cursor (`Arc<AtomicUsize>`) that the
//! table also knows weakly; compaction (which drops tombstones) moves every
//! live cursor, so iterators see entries added during iteration and skip
//! deleted ones.
//!
//! WeakMap and WeakSet keep `Value → Value` hash maps keyed by identity.
//! Their trace functions mark nothing: the collector's ephemeron phase
//! (`weak_ref::WeakRegistry`) marks a WeakMap value only once its key is
//! marked, and clears entries whose keys died.

use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Weak};

use parking_lot::Mutex;
use rustc_hash::{FxHashMap, FxHasher};
use smallvec::SmallVec;

use super::{arg, define_tag};
use crate::heap::{Gc, Trace, Tracer};
use crate::interpreter::{ErrorKind, JsResult, Vm, same_value_zero};
use crate::object::kind::BuiltinState;
use crate::object::{JsObject, ObjectKind, PropertyKey};
use crate::realm::{Intrinsic, Realm};
use crate::string::atom::{AtomKind, names, symbols};
use crate::value::{AtomicValue, Value};

// ---------------------------------------------------------------------------
// The ordered hash table.

/// -0 becomes +0 (CanonicalizeKeyedCollectionKey).
pub fn canonicalize_key(v: Value) -> Value {
    match v.as_number() {
        // Matches -0 too (float patterns compare with ==).
        Some(0.0) => Value::int(0),
        _ => v,
    }
}

fn hash_key(v: Value) -> u64 {
    let mut h = FxHasher::default();
    if let Some(s) = v.as_string() {
        1u8.hash(&mut h);
        s.units().hash(&mut h);
    } else if let Some(b) = v.as_bigint() {
        2u8.hash(&mut h);
        b.0.hash(&mut h);
    } else {
        0u8.hash(&mut h);
        canonicalize_key(v).to_bits().hash(&mut h);
    }
    h.finish()
}

/// Insertion-ordered entries (keys compared with SameValueZero).
#[derive(Default)]
pub struct Table {
    entries: Vec<Option<(Value, Value)>>,
    index: FxHashMap<u64, SmallVec<[u32; 1]>>,
    live: usize,
    /// Positions of iterations in progress.
    cursors: Vec<Weak<AtomicUsize>>,
    /// Cursor count after the last pruning of dead cursors.
    pruned_len: usize,
}

impl Table {
    pub fn len(&self) -> usize {
        self.live
    }

    fn find(&self, key: Value) -> Option<usize> {
        let bucket = self.index.get(&hash_key(key))?;
        bucket.iter().map(|&i| i as usize).find(|&i| {
            self.entries[i]
                .as_ref()
                .is_some_and(|(k, _)| same_value_zero(*k, key))
        })
    }

    pub fn has(&self, key: Value) -> bool {
        self.find(key).is_some()
    }

    pub fn get(&self, key: Value) -> Option<Value> {
        self.find(key)
            .and_then(|i| self.entries[i].as_ref().map(|(_, v)| *v))
    }

    /// Sets `key` (canonicalized) to `value`, appending if new.
    pub fn set(&mut self, key: Value, value: Value) {
        let key = canonicalize_key(key);
        if let Some(i) = self.find(key) {
            if let Some(e) = self.entries[i].as_mut() {
                e.1 = value;
            }
            return;
        }
        let i = self.entries.len() as u32;
        self.entries.push(Some((key, value)));
        self.index.entry(hash_key(key)).or_default().push(i);
        self.live += 1;
    }

    pub fn remove(&mut self, key: Value) -> bool {
        let Some(i) = self.find(key) else {
            return false;
        };
        self.entries[i] = None;
        let h = hash_key(key);
        if let Some(b) = self.index.get_mut(&h) {
            b.retain(|j| *j as usize != i);
            if b.is_empty() {
                self.index.remove(&h);
            }
        }
        self.live -= 1;
        let dead = self.entries.len() - self.live;
        if dead > 16 && dead > self.live {
            self.compact();
        }
        true
    }

    pub fn clear(&mut self) {
        self.entries.iter_mut().for_each(|e| *e = None);
        self.index.clear();
        self.live = 0;
        self.compact();
    }

    /// Drops tombstones, moving every live cursor to the same entry.
    fn compact(&mut self) {
        // before[i] = live entries before old index i.
        let mut before = Vec::with_capacity(self.entries.len() + 1);
        let mut n = 0usize;
        for e in &self.entries {
            before.push(n);
            if e.is_some() {
                n += 1;
            }
        }
        before.push(n);
        let old_len = self.entries.len();
        self.cursors.retain(|c| match c.upgrade() {
            Some(c) => {
                let p = c.load(Ordering::Relaxed).min(old_len);
                c.store(before[p], Ordering::Relaxed);
                true
            }
            None => false,
        });
        self.pruned_len = self.cursors.len();
        self.entries.retain(|e| e.is_some());
        self.index.clear();
        for (i, e) in self.entries.iter().enumerate() {
            if let Some((k, _)) = e {
                self.index.entry(hash_key(*k)).or_default().push(i as u32);
            }
        }
    }

    /// A cursor at the first entry, moved by compaction.
    pub fn new_cursor(&mut self) -> Arc<AtomicUsize> {
        if self.cursors.len() >= 2 * self.pruned_len.max(8) {
            self.cursors.retain(|c| c.strong_count() > 0);
            self.pruned_len = self.cursors.len();
        }
        let c = Arc::new(AtomicUsize::new(0));
        self.cursors.push(Arc::downgrade(&c));
        c
    }

    /// The next live entry at or after the cursor, advancing it.
    pub fn step(&self, cursor: &AtomicUsize) -> Option<(Value, Value)> {
        let mut p = cursor.load(Ordering::Relaxed);
        while p < self.entries.len() {
            if let Some(e) = self.entries[p] {
                cursor.store(p + 1, Ordering::Relaxed);
                return Some(e);
            }
            p += 1;
        }
        cursor.store(p, Ordering::Relaxed);
        None
    }

    /// Live keys in order.
    pub fn keys(&self) -> Vec<Value> {
        self.entries.iter().flatten().map(|(k, _)| *k).collect()
    }
}

impl Trace for Table {
    fn trace(&self, tracer: &mut Tracer) {
        for (k, v) in self.entries.iter().flatten() {
            tracer.mark_value(*k);
            tracer.mark_value(*v);
        }
    }
}

/// The internal state of a Map or a Set.
pub struct Collection {
    pub table: Mutex<Table>,
    pub is_set: bool,
}

impl Trace for Collection {
    fn trace(&self, tracer: &mut Tracer) {
        self.table.lock().trace(tracer);
    }
}

impl BuiltinState for Collection {
    fn class_name(&self) -> &'static str {
        if self.is_set { "Set" } else { "Map" }
    }
}

/// What a collection iterator yields.
#[derive(Clone, Copy, PartialEq, Eq)]
enum IterKind {
    Keys,
    Values,
    Entries,
}

/// A Map or Set iterator.
pub struct CollectionIterator {
    /// The collection; undefined once exhausted.
    target: AtomicValue,
    cursor: Arc<AtomicUsize>,
    kind: IterKind,
    is_set: bool,
}

impl Trace for CollectionIterator {
    fn trace(&self, tracer: &mut Tracer) {
        tracer.mark_value(self.target.load());
    }
}

impl BuiltinState for CollectionIterator {
    fn class_name(&self) -> &'static str {
        if self.is_set {
            "Set Iterator"
        } else {
            "Map Iterator"
        }
    }
}

// ---------------------------------------------------------------------------
// Weak collections.

/// The internal state of a WeakMap (`is_set` false) or WeakSet.
pub struct WeakCollection {
    /// Key → value (undefined for a WeakSet).
    pub entries: Mutex<FxHashMap<Value, Value>>,
    pub is_set: bool,
}

impl Trace for WeakCollection {
    /// Marks nothing: keys are weak, and WeakMap values are marked by the
    /// ephemeron phase once their key is.
    fn trace(&self, _: &mut Tracer) {}
}

impl BuiltinState for WeakCollection {
    fn class_name(&self) -> &'static str {
        if self.is_set { "WeakSet" } else { "WeakMap" }
    }
}

/// CanBeHeldWeakly: an object, or a symbol not in the Symbol.for registry.
pub fn can_be_held_weakly(v: Value) -> bool {
    if v.is_object() {
        return true;
    }
    match v.as_symbol() {
        Some(a) => !matches!(
            a.kind(),
            AtomKind::Symbol {
                registered: true,
                ..
            }
        ),
        None => false,
    }
}

// ---------------------------------------------------------------------------
// Installation.

pub fn install(vm: &mut Vm, realm: Gc<Realm>, global: Gc<JsObject>) {
    let object_proto = realm.intrinsic(Intrinsic::ObjectPrototype);
    let iter_proto = realm.intrinsic(Intrinsic::IteratorPrototype);

    // Map
    let map_proto = vm.alloc_object(Value::object(object_proto), ObjectKind::Ordinary);
    realm.set_intrinsic(Intrinsic::MapPrototype, map_proto);
    let map_ctor = vm.define_constructor(global, "Map", 0, map_constructor, map_proto);
    vm.define_builtin(map_ctor, "groupBy", 2, map_group_by);
    vm.define_builtin_accessor(
        map_ctor,
        PropertyKey::Atom(symbols::SPECIES),
        Some(species),
        None,
        false,
    );
    vm.define_builtin(map_proto, "clear", 0, map_clear);
    vm.define_builtin(map_proto, "delete", 1, map_delete);
    let entries = vm.define_builtin(map_proto, "entries", 0, map_entries);
    vm.define_builtin(map_proto, "forEach", 1, map_for_each);
    vm.define_builtin(map_proto, "get", 1, map_get);
    vm.define_builtin(map_proto, "getOrInsert", 2, map_get_or_insert);
    vm.define_builtin(
        map_proto,
        "getOrInsertComputed",
        2,
        map_get_or_insert_computed,
    );
    vm.define_builtin(map_proto, "has", 1, map_has);
    vm.define_builtin(map_proto, "keys", 0, map_keys);
    vm.define_builtin(map_proto, "set", 2, map_set);
    vm.define_builtin_accessor(
        map_proto,
        PropertyKey::from_text("size"),
        Some(map_size),
        None,
        false,
    );
    vm.define_builtin(map_proto, "values", 0, map_values);
    map_proto.define_own(
        PropertyKey::Atom(symbols::ITERATOR),
        Value::object(entries),
        crate::object::Attributes::HIDDEN,
    );
    define_tag(vm, map_proto, "Map");

    let map_iter_proto = vm.alloc_object(Value::object(iter_proto), ObjectKind::Ordinary);
    realm.set_intrinsic(Intrinsic::MapIteratorPrototype, map_iter_proto);
    vm.define_builtin(map_iter_proto, "next", 0, map_iterator_next);
    define_tag(vm, map_iter_proto, "Map Iterator");

    // Set
    let set_proto = vm.alloc_object(Value::object(object_proto), ObjectKind::Ordinary);
    realm.set_intrinsic(Intrinsic::SetPrototype, set_proto);
    let set_ctor = vm.define_constructor(global, "Set", 0, set_constructor, set_proto);
    vm.define_builtin_accessor(
        set_ctor,
        PropertyKey::Atom(symbols::SPECIES),
        Some(species),
        None,
        false,
    );
    vm.define_builtin(set_proto, "add", 1, set_add);
    vm.define_builtin(set_proto, "clear", 0, set_clear);
    vm.define_builtin(set_proto, "delete", 1, set_delete);
    vm.define_builtin(set_proto, "difference", 1, set_difference);
    vm.define_builtin(set_proto, "entries", 0, set_entries);
    vm.define_builtin(set_proto, "forEach", 1, set_for_each);
    vm.define_builtin(set_proto, "has", 1, set_has);
    vm.define_builtin(set_proto, "intersection", 1, set_intersection);
    vm.define_builtin(set_proto, "isDisjointFrom", 1, set_is_disjoint_from);
    vm.define_builtin(set_proto, "isSubsetOf", 1, set_is_subset_of);
    vm.define_builtin(set_proto, "isSupersetOf", 1, set_is_superset_of);
    vm.define_builtin_accessor(
        set_proto,
        PropertyKey::from_text("size"),
        Some(set_size),
        None,
        false,
    );
    vm.define_builtin(
        set_proto,
        "symmetricDifference",
        1,
        set_symmetric_difference,
    );
    vm.define_builtin(set_proto, "union", 1, set_union);
    let values = vm.define_builtin(set_proto, "values", 0, set_values);
    set_proto.define_own(
        PropertyKey::from_text("keys"),
        Value::object(values),
        crate::object::Attributes::HIDDEN,
    );
    set_proto.define_own(
        PropertyKey::Atom(symbols::ITERATOR),
        Value::object(values),
        crate::object::Attributes::HIDDEN,
    );
    define_tag(vm, set_proto, "Set");

    let set_iter_proto = vm.alloc_object(Value::object(iter_proto), ObjectKind::Ordinary);
    realm.set_intrinsic(Intrinsic::SetIteratorPrototype, set_iter_proto);
    vm.define_builtin(set_iter_proto, "next", 0, set_iterator_next);
    define_tag(vm, set_iter_proto, "Set Iterator");

    // WeakMap
    let wm_proto = vm.alloc_object(Value::object(object_proto), ObjectKind::Ordinary);
    realm.set_intrinsic(Intrinsic::WeakMapPrototype, wm_proto);
    vm.define_constructor(global, "WeakMap", 0, weak_map_constructor, wm_proto);
    vm.define_builtin(wm_proto, "delete", 1, weak_map_delete);
    vm.define_builtin(wm_proto, "get", 1, weak_map_get);
    vm.define_builtin(wm_proto, "getOrInsert", 2, weak_map_get_or_insert);
    vm.define_builtin(
        wm_proto,
        "getOrInsertComputed",
        2,
        weak_map_get_or_insert_computed,
    );
    vm.define_builtin(wm_proto, "has", 1, weak_map_has);
    vm.define_builtin(wm_proto, "set", 2, weak_map_set);
    define_tag(vm, wm_proto, "WeakMap");

    // WeakSet
    let ws_proto = vm.alloc_object(Value::object(object_proto), ObjectKind::Ordinary);
    realm.set_intrinsic(Intrinsic::WeakSetPrototype, ws_proto);
    vm.define_constructor(global, "WeakSet", 0, weak_set_constructor, ws_proto);
    vm.define_builtin(ws_proto, "add", 1, weak_set_add);
    vm.define_builtin(ws_proto, "delete", 1, weak_set_delete);
    vm.define_builtin(ws_proto, "has", 1, weak_set_has);
    define_tag(vm, ws_proto, "WeakSet");
}

fn species(_: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    Ok(this)
}

// ---------------------------------------------------------------------------
// Shared helpers.

fn this_collection(vm: &mut Vm, this: Value, is_set: bool, method: &str) -> JsResult<Gc<JsObject>> {
    match this.as_object() {
        Some(o)
            if o.kind
                .builtin::<Collection>()
                .is_some_and(|c| c.is_set == is_set) =>
        {
            Ok(o)
        }
        _ => {
            let class = if is_set { "Set" } else { "Map" };
            vm.throw(
                ErrorKind::Type,
                &format!("{class}.prototype.{method} called on an incompatible receiver"),
            )
        }
    }
}

/// The state of a checked Map or Set.
fn collection(o: &Gc<JsObject>) -> &Collection {
    o.kind.builtin::<Collection>().expect("checked collection")
}

fn new_collection(vm: &mut Vm, proto: Gc<JsObject>, is_set: bool, table: Table) -> Gc<JsObject> {
    vm.alloc_object(
        Value::object(proto),
        ObjectKind::Builtin(Box::new(Collection {
            table: Mutex::new(table),
            is_set,
        })),
    )
}

/// Runs `step` over the values of `iterable`, closing the iterator when
/// `step` fails.
fn for_each_of(
    vm: &mut Vm,
    iterable: Value,
    mut step: impl FnMut(&mut Vm, Value) -> JsResult<()>,
) -> JsResult<()> {
    let record = vm.get_iterator_value(iterable, false)?;
    vm.root(record);
    while let Some(v) = vm.iterator_step_value(record)? {
        if let Err(e) = step(vm, v) {
            vm.iterator_close_value(record, true)?;
            return Err(e);
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Map.

fn map_constructor(vm: &mut Vm, _: Value, args: &[Value], new_target: Value) -> JsResult<Value> {
    if new_target.is_undefined() {
        return vm.throw(ErrorKind::Type, "Constructor Map requires 'new'");
    }
    let proto = vm.prototype_from_constructor(new_target, Intrinsic::MapPrototype)?;
    let map = new_collection(vm, proto, false, Table::default());
    let iterable = arg(args, 0);
    if iterable.is_nullish() {
        return Ok(Value::object(map));
    }
    let adder = vm.get(map, PropertyKey::from_text("set"))?;
    if !vm.is_callable(adder) {
        return vm.throw(ErrorKind::Type, "Map.prototype.set is not a function");
    }
    add_entries_from_iterable(vm, Value::object(map), iterable, adder)?;
    Ok(Value::object(map))
}

/// AddEntriesFromIterable.
fn add_entries_from_iterable(
    vm: &mut Vm,
    target: Value,
    iterable: Value,
    adder: Value,
) -> JsResult<()> {
    for_each_of(vm, iterable, |vm, item| {
        let Some(o) = item.as_object() else {
            return vm.throw(ErrorKind::Type, "Iterator value is not an entry object");
        };
        let k = vm.get(o, PropertyKey::Index(0))?;
        let v = vm.get(o, PropertyKey::Index(1))?;
        vm.call(adder, target, &[k, v])?;
        Ok(())
    })
}

fn map_group_by(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let items = arg(args, 0);
    let callback = arg(args, 1);
    if items.is_nullish() {
        return vm.throw(ErrorKind::Type, "Map.groupBy called on null or undefined");
    }
    if !vm.is_callable(callback) {
        return vm.throw(ErrorKind::Type, "Map.groupBy callback is not a function");
    }
    let mut index = Table::default();
    let mut groups: Vec<(Value, Vec<Value>)> = Vec::new();
    let mut k: u64 = 0;
    for_each_of(vm, items, |vm, value| {
        if k >= (1u64 << 53) - 1 {
            return vm.throw(ErrorKind::Type, "Too many items");
        }
        let key = vm.call(
            callback,
            Value::UNDEFINED,
            &[value, Value::number(k as f64)],
        )?;
        let key = canonicalize_key(key);
        match index.get(key).and_then(|g| g.as_int()) {
            Some(g) => groups[g as usize].1.push(value),
            None => {
                index.set(key, Value::int(groups.len() as i32));
                groups.push((key, vec![value]));
            }
        }
        k += 1;
        Ok(())
    })?;
    let mut table = Table::default();
    for (key, values) in groups {
        let arr = vm.new_array_from(&values);
        table.set(key, Value::object(arr));
    }
    let proto = vm.current_realm().intrinsic(Intrinsic::MapPrototype);
    Ok(Value::object(new_collection(vm, proto, false, table)))
}

fn map_clear(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let m = this_collection(vm, this, false, "clear")?;
    collection(&m).table.lock().clear();
    Ok(Value::UNDEFINED)
}

fn map_delete(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let m = this_collection(vm, this, false, "delete")?;
    Ok(Value::bool(
        collection(&m).table.lock().remove(arg(args, 0)),
    ))
}

fn map_get(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let m = this_collection(vm, this, false, "get")?;
    Ok(collection(&m)
        .table
        .lock()
        .get(arg(args, 0))
        .unwrap_or(Value::UNDEFINED))
}

fn map_has(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let m = this_collection(vm, this, false, "has")?;
    Ok(Value::bool(collection(&m).table.lock().has(arg(args, 0))))
}

fn map_set(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let m = this_collection(vm, this, false, "set")?;
    collection(&m).table.lock().set(arg(args, 0), arg(args, 1));
    Ok(this)
}

fn map_get_or_insert(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let m = this_collection(vm, this, false, "getOrInsert")?;
    let (key, value) = (arg(args, 0), arg(args, 1));
    let mut t = collection(&m).table.lock();
    if let Some(v) = t.get(key) {
        return Ok(v);
    }
    t.set(key, value);
    Ok(value)
}

fn map_get_or_insert_computed(
    vm: &mut Vm,
    this: Value,
    args: &[Value],
    _: Value,
) -> JsResult<Value> {
    let m = this_collection(vm, this, false, "getOrInsertComputed")?;
    let callback = arg(args, 1);
    if !vm.is_callable(callback) {
        return vm.throw(
            ErrorKind::Type,
            "Map.prototype.getOrInsertComputed callback is not a function",
        );
    }
    let key = canonicalize_key(arg(args, 0));
    if let Some(v) = collection(&m).table.lock().get(key) {
        return Ok(v);
    }
    let value = vm.call(callback, Value::UNDEFINED, &[key])?;
    collection(&m).table.lock().set(key, value);
    Ok(value)
}

fn map_size(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let m = this_collection(vm, this, false, "size")?;
    Ok(Value::number(collection(&m).table.lock().len() as f64))
}

fn map_for_each(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let m = this_collection(vm, this, false, "forEach")?;
    for_each_entry(vm, m, this, args, false)
}

fn for_each_entry(
    vm: &mut Vm,
    m: Gc<JsObject>,
    this: Value,
    args: &[Value],
    is_set: bool,
) -> JsResult<Value> {
    let callback = arg(args, 0);
    if !vm.is_callable(callback) {
        return vm.throw(ErrorKind::Type, "forEach callback is not a function");
    }
    let this_arg = arg(args, 1);
    let cursor = collection(&m).table.lock().new_cursor();
    loop {
        let entry = collection(&m).table.lock().step(&cursor);
        let Some((k, v)) = entry else { break };
        // Another thread may delete the entry while the callback runs.
        vm.root(k);
        vm.root(v);
        if is_set {
            vm.call(callback, this_arg, &[k, k, this])?;
        } else {
            vm.call(callback, this_arg, &[v, k, this])?;
        }
    }
    Ok(Value::UNDEFINED)
}

fn create_iterator(vm: &mut Vm, m: Gc<JsObject>, kind: IterKind, is_set: bool) -> Value {
    let cursor = collection(&m).table.lock().new_cursor();
    let proto = vm.current_realm().intrinsic(if is_set {
        Intrinsic::SetIteratorPrototype
    } else {
        Intrinsic::MapIteratorPrototype
    });
    let state = CollectionIterator {
        target: AtomicValue::new(Value::object(m)),
        cursor,
        kind,
        is_set,
    };
    Value::object(vm.alloc_object(Value::object(proto), ObjectKind::Builtin(Box::new(state))))
}

fn map_entries(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let m = this_collection(vm, this, false, "entries")?;
    Ok(create_iterator(vm, m, IterKind::Entries, false))
}

fn map_keys(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let m = this_collection(vm, this, false, "keys")?;
    Ok(create_iterator(vm, m, IterKind::Keys, false))
}

fn map_values(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let m = this_collection(vm, this, false, "values")?;
    Ok(create_iterator(vm, m, IterKind::Values, false))
}

fn iterator_next(vm: &mut Vm, this: Value, is_set: bool) -> JsResult<Value> {
    let Some(it) = this.as_object().filter(|o| {
        o.kind
            .builtin::<CollectionIterator>()
            .is_some_and(|i| i.is_set == is_set)
    }) else {
        let class = if is_set { "Set" } else { "Map" };
        return vm.throw(
            ErrorKind::Type,
            &format!("next called on an object that is not a {class} Iterator"),
        );
    };
    let state = it.kind.builtin::<CollectionIterator>().expect("checked");
    let Some(target) = state.target.load().as_object() else {
        return Ok(Value::object(vm.iter_result(Value::UNDEFINED, true)));
    };
    let entry = collection(&target).table.lock().step(&state.cursor);
    let Some((k, v)) = entry else {
        state.target.store(Value::UNDEFINED);
        return Ok(Value::object(vm.iter_result(Value::UNDEFINED, true)));
    };
    let result = match (state.kind, is_set) {
        (IterKind::Keys, _) | (IterKind::Values, true) => k,
        (IterKind::Values, false) => v,
        (IterKind::Entries, true) => Value::object(vm.new_array_from(&[k, k])),
        (IterKind::Entries, false) => Value::object(vm.new_array_from(&[k, v])),
    };
    Ok(Value::object(vm.iter_result(result, false)))
}

/// What a Map or Set iterator has left to yield, without advancing it
/// (for inspection): the remaining items as a flat list (key, value
/// pairs for entry iterators), whether they are pairs, and whether it is
/// a Set iterator. None for other objects.
pub fn iterator_preview(o: &JsObject) -> Option<(Vec<Value>, bool, bool)> {
    let state = o.kind.builtin::<CollectionIterator>()?;
    let pairs = state.kind == IterKind::Entries;
    let mut items = Vec::new();
    if let Some(target) = state.target.load().as_object() {
        let table = collection(&target).table.lock();
        let cursor = AtomicUsize::new(state.cursor.load(Ordering::Relaxed));
        while let Some((k, v)) = table.step(&cursor) {
            match (state.kind, state.is_set) {
                (IterKind::Keys, _) | (IterKind::Values, true) => items.push(k),
                (IterKind::Values, false) => items.push(v),
                (IterKind::Entries, true) => items.extend([k, k]),
                (IterKind::Entries, false) => items.extend([k, v]),
            }
        }
    }
    Some((items, pairs, state.is_set))
}

fn map_iterator_next(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    iterator_next(vm, this, false)
}

fn set_iterator_next(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    iterator_next(vm, this, true)
}

// ---------------------------------------------------------------------------
// Set.

fn set_constructor(vm: &mut Vm, _: Value, args: &[Value], new_target: Value) -> JsResult<Value> {
    if new_target.is_undefined() {
        return vm.throw(ErrorKind::Type, "Constructor Set requires 'new'");
    }
    let proto = vm.prototype_from_constructor(new_target, Intrinsic::SetPrototype)?;
    let set = new_collection(vm, proto, true, Table::default());
    let iterable = arg(args, 0);
    if iterable.is_nullish() {
        return Ok(Value::object(set));
    }
    let adder = vm.get(set, PropertyKey::from_text("add"))?;
    if !vm.is_callable(adder) {
        return vm.throw(ErrorKind::Type, "Set.prototype.add is not a function");
    }
    let target = Value::object(set);
    for_each_of(vm, iterable, |vm, v| {
        vm.call(adder, target, &[v])?;
        Ok(())
    })?;
    Ok(target)
}

fn set_add(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let s = this_collection(vm, this, true, "add")?;
    let key = arg(args, 0);
    let mut t = collection(&s).table.lock();
    if !t.has(key) {
        t.set(key, Value::UNDEFINED);
    }
    Ok(this)
}

fn set_clear(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let s = this_collection(vm, this, true, "clear")?;
    collection(&s).table.lock().clear();
    Ok(Value::UNDEFINED)
}

fn set_delete(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let s = this_collection(vm, this, true, "delete")?;
    Ok(Value::bool(
        collection(&s).table.lock().remove(arg(args, 0)),
    ))
}

fn set_has(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let s = this_collection(vm, this, true, "has")?;
    Ok(Value::bool(collection(&s).table.lock().has(arg(args, 0))))
}

fn set_size(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let s = this_collection(vm, this, true, "size")?;
    Ok(Value::number(collection(&s).table.lock().len() as f64))
}

fn set_for_each(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let s = this_collection(vm, this, true, "forEach")?;
    for_each_entry(vm, s, this, args, true)
}

fn set_entries(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let s = this_collection(vm, this, true, "entries")?;
    Ok(create_iterator(vm, s, IterKind::Entries, true))
}

fn set_values(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let s = this_collection(vm, this, true, "values")?;
    Ok(create_iterator(vm, s, IterKind::Values, true))
}

/// A Set Record (GetSetRecord).
struct SetRecord {
    set: Value,
    size: f64,
    has: Value,
    keys: Value,
}

fn get_set_record(vm: &mut Vm, other: Value) -> JsResult<SetRecord> {
    let Some(o) = other.as_object() else {
        return vm.throw(ErrorKind::Type, "The argument is not an object");
    };
    let raw_size = vm.get(o, PropertyKey::from_text("size"))?;
    let num_size = vm.to_number(raw_size)?;
    if num_size.is_nan() {
        return vm.throw(ErrorKind::Type, "The 'size' property is not a number");
    }
    let size = vm.to_integer_or_infinity(Value::number(num_size))?;
    if size < 0.0 {
        return vm.throw(ErrorKind::Range, "The 'size' property is negative");
    }
    let has = vm.get(o, PropertyKey::from_text("has"))?;
    if !vm.is_callable(has) {
        return vm.throw(ErrorKind::Type, "The 'has' property is not a function");
    }
    let keys = vm.get(o, PropertyKey::from_text("keys"))?;
    if !vm.is_callable(keys) {
        return vm.throw(ErrorKind::Type, "The 'keys' property is not a function");
    }
    Ok(SetRecord {
        set: other,
        size,
        has,
        keys,
    })
}

/// GetIteratorFromMethod(record.set, record.keys) as an iterator record.
fn keys_iterator(vm: &mut Vm, rec: &SetRecord) -> JsResult<Value> {
    let it = vm.call(rec.keys, rec.set, &[])?;
    let Some(o) = it.as_object() else {
        return vm.throw(ErrorKind::Type, "keys() did not return an object");
    };
    let next = vm.get(o, PropertyKey::Atom(names::NEXT))?;
    let record = vm.make_iterator_record(it, next);
    vm.root(record);
    Ok(record)
}

/// The `this` Set and its Set Record for `other`.
fn set_op_start(
    vm: &mut Vm,
    this: Value,
    args: &[Value],
    method: &str,
) -> JsResult<(Gc<JsObject>, SetRecord)> {
    let s = this_collection(vm, this, true, method)?;
    let rec = get_set_record(vm, arg(args, 0))?;
    Ok((s, rec))
}

fn new_set_from(vm: &mut Vm, table: Table) -> Value {
    let proto = vm.current_realm().intrinsic(Intrinsic::SetPrototype);
    Value::object(new_collection(vm, proto, true, table))
}

/// A copy of the elements of `s`, each rooted (JS may delete them from
/// `s` while the copy is being built into a result).
fn copy_table(vm: &mut Vm, s: Gc<JsObject>) -> Table {
    let mut t = Table::default();
    let keys = collection(&s).table.lock().keys();
    for k in keys {
        vm.root(k);
        t.set(k, Value::UNDEFINED);
    }
    t
}

fn call_has(vm: &mut Vm, rec: &SetRecord, e: Value) -> JsResult<bool> {
    let r = vm.call(rec.has, rec.set, &[e])?;
    Ok(vm.to_boolean(r))
}

fn set_union(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (s, rec) = set_op_start(vm, this, args, "union")?;
    let iter = keys_iterator(vm, &rec)?;
    let mut result = copy_table(vm, s);
    // Values read so far are rooted by iterator_step_value.
    while let Some(next) = vm.iterator_step_value(iter)? {
        if !result.has(next) {
            result.set(next, Value::UNDEFINED);
        }
    }
    Ok(new_set_from(vm, result))
}

fn set_intersection(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (s, rec) = set_op_start(vm, this, args, "intersection")?;
    let mut result = Table::default();
    let this_size = collection(&s).table.lock().len() as f64;
    if this_size <= rec.size {
        let cursor = collection(&s).table.lock().new_cursor();
        loop {
            let entry = collection(&s).table.lock().step(&cursor);
            let Some((e, _)) = entry else { break };
            vm.root(e);
            if call_has(vm, &rec, e)? && !result.has(e) {
                result.set(e, Value::UNDEFINED);
            }
        }
    } else {
        let iter = keys_iterator(vm, &rec)?;
        while let Some(next) = vm.iterator_step_value(iter)? {
            let in_this = collection(&s).table.lock().has(next);
            if in_this && !result.has(next) {
                result.set(next, Value::UNDEFINED);
            }
        }
    }
    Ok(new_set_from(vm, result))
}

fn set_difference(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (s, rec) = set_op_start(vm, this, args, "difference")?;
    let mut result = copy_table(vm, s);
    let this_size = collection(&s).table.lock().len() as f64;
    if this_size <= rec.size {
        for e in result.keys() {
            if call_has(vm, &rec, e)? {
                result.remove(e);
            }
        }
    } else {
        // Keys of `result` are also in `s` or rooted: `result` only loses
        // entries here.
        let iter = keys_iterator(vm, &rec)?;
        while let Some(next) = vm.iterator_step_value(iter)? {
            result.remove(next);
        }
    }
    Ok(new_set_from(vm, result))
}

fn set_symmetric_difference(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (s, rec) = set_op_start(vm, this, args, "symmetricDifference")?;
    let iter = keys_iterator(vm, &rec)?;
    let mut result = copy_table(vm, s);
    while let Some(next) = vm.iterator_step_value(iter)? {
        let already = result.has(next);
        if collection(&s).table.lock().has(next) {
            if already {
                result.remove(next);
            }
        } else if !already {
            result.set(next, Value::UNDEFINED);
        }
    }
    Ok(new_set_from(vm, result))
}

fn set_is_subset_of(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (s, rec) = set_op_start(vm, this, args, "isSubsetOf")?;
    let this_size = collection(&s).table.lock().len() as f64;
    if this_size > rec.size {
        return Ok(Value::FALSE);
    }
    let cursor = collection(&s).table.lock().new_cursor();
    loop {
        let entry = collection(&s).table.lock().step(&cursor);
        let Some((e, _)) = entry else { break };
        vm.root(e);
        if !call_has(vm, &rec, e)? {
            return Ok(Value::FALSE);
        }
    }
    Ok(Value::TRUE)
}

fn set_is_superset_of(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (s, rec) = set_op_start(vm, this, args, "isSupersetOf")?;
    let this_size = collection(&s).table.lock().len() as f64;
    if this_size < rec.size {
        return Ok(Value::FALSE);
    }
    let iter = keys_iterator(vm, &rec)?;
    while let Some(next) = vm.iterator_step_value(iter)? {
        let has = collection(&s).table.lock().has(next);
        if !has {
            vm.iterator_close_value(iter, false)?;
            return Ok(Value::FALSE);
        }
    }
    Ok(Value::TRUE)
}

fn set_is_disjoint_from(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (s, rec) = set_op_start(vm, this, args, "isDisjointFrom")?;
    let this_size = collection(&s).table.lock().len() as f64;
    if this_size <= rec.size {
        let cursor = collection(&s).table.lock().new_cursor();
        loop {
            let entry = collection(&s).table.lock().step(&cursor);
            let Some((e, _)) = entry else { break };
            vm.root(e);
            if call_has(vm, &rec, e)? {
                return Ok(Value::FALSE);
            }
        }
    } else {
        let iter = keys_iterator(vm, &rec)?;
        while let Some(next) = vm.iterator_step_value(iter)? {
            let has = collection(&s).table.lock().has(next);
            if has {
                vm.iterator_close_value(iter, false)?;
                return Ok(Value::FALSE);
            }
        }
    }
    Ok(Value::TRUE)
}

// ---------------------------------------------------------------------------
// WeakMap and WeakSet.

fn this_weak(vm: &mut Vm, this: Value, is_set: bool, method: &str) -> JsResult<Gc<JsObject>> {
    match this.as_object() {
        Some(o)
            if o.kind
                .builtin::<WeakCollection>()
                .is_some_and(|c| c.is_set == is_set) =>
        {
            Ok(o)
        }
        _ => {
            let class = if is_set { "WeakSet" } else { "WeakMap" };
            vm.throw(
                ErrorKind::Type,
                &format!("{class}.prototype.{method} called on an incompatible receiver"),
            )
        }
    }
}

/// The state of a checked WeakMap or WeakSet.
fn weak(o: &Gc<JsObject>) -> &WeakCollection {
    o.kind
        .builtin::<WeakCollection>()
        .expect("checked weak collection")
}

fn new_weak(vm: &mut Vm, proto: Gc<JsObject>, is_set: bool) -> Gc<JsObject> {
    let o = vm.alloc_object(
        Value::object(proto),
        ObjectKind::Builtin(Box::new(WeakCollection {
            entries: Mutex::new(FxHashMap::default()),
            is_set,
        })),
    );
    vm.engine.weak.register(o);
    o
}

fn weak_map_constructor(
    vm: &mut Vm,
    _: Value,
    args: &[Value],
    new_target: Value,
) -> JsResult<Value> {
    if new_target.is_undefined() {
        return vm.throw(ErrorKind::Type, "Constructor WeakMap requires 'new'");
    }
    let proto = vm.prototype_from_constructor(new_target, Intrinsic::WeakMapPrototype)?;
    let map = new_weak(vm, proto, false);
    let iterable = arg(args, 0);
    if iterable.is_nullish() {
        return Ok(Value::object(map));
    }
    let adder = vm.get(map, PropertyKey::from_text("set"))?;
    if !vm.is_callable(adder) {
        return vm.throw(ErrorKind::Type, "WeakMap.prototype.set is not a function");
    }
    add_entries_from_iterable(vm, Value::object(map), iterable, adder)?;
    Ok(Value::object(map))
}

fn weak_map_delete(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let m = this_weak(vm, this, false, "delete")?;
    let key = arg(args, 0);
    if !can_be_held_weakly(key) {
        return Ok(Value::FALSE);
    }
    Ok(Value::bool(weak(&m).entries.lock().remove(&key).is_some()))
}

fn weak_map_get(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let m = this_weak(vm, this, false, "get")?;
    let key = arg(args, 0);
    if !can_be_held_weakly(key) {
        return Ok(Value::UNDEFINED);
    }
    Ok(weak(&m)
        .entries
        .lock()
        .get(&key)
        .copied()
        .unwrap_or(Value::UNDEFINED))
}

fn weak_map_has(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let m = this_weak(vm, this, false, "has")?;
    let key = arg(args, 0);
    if !can_be_held_weakly(key) {
        return Ok(Value::FALSE);
    }
    Ok(Value::bool(weak(&m).entries.lock().contains_key(&key)))
}

fn invalid_weak_key(vm: &mut Vm, what: &str) -> JsResult<Value> {
    vm.throw(ErrorKind::Type, &format!("Invalid value used {what}"))
}

fn weak_map_set(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let m = this_weak(vm, this, false, "set")?;
    let key = arg(args, 0);
    if !can_be_held_weakly(key) {
        return invalid_weak_key(vm, "as weak map key");
    }
    weak(&m).entries.lock().insert(key, arg(args, 1));
    Ok(this)
}

fn weak_map_get_or_insert(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let m = this_weak(vm, this, false, "getOrInsert")?;
    let key = arg(args, 0);
    if !can_be_held_weakly(key) {
        return invalid_weak_key(vm, "as weak map key");
    }
    Ok(*weak(&m).entries.lock().entry(key).or_insert(arg(args, 1)))
}

fn weak_map_get_or_insert_computed(
    vm: &mut Vm,
    this: Value,
    args: &[Value],
    _: Value,
) -> JsResult<Value> {
    let m = this_weak(vm, this, false, "getOrInsertComputed")?;
    let key = arg(args, 0);
    if !can_be_held_weakly(key) {
        return invalid_weak_key(vm, "as weak map key");
    }
    let callback = arg(args, 1);
    if !vm.is_callable(callback) {
        return vm.throw(
            ErrorKind::Type,
            "WeakMap.prototype.getOrInsertComputed callback is not a function",
        );
    }
    if let Some(v) = weak(&m).entries.lock().get(&key) {
        return Ok(*v);
    }
    let value = vm.call(callback, Value::UNDEFINED, &[key])?;
    weak(&m).entries.lock().insert(key, value);
    Ok(value)
}

fn weak_set_constructor(
    vm: &mut Vm,
    _: Value,
    args: &[Value],
    new_target: Value,
) -> JsResult<Value> {
    if new_target.is_undefined() {
        return vm.throw(ErrorKind::Type, "Constructor WeakSet requires 'new'");
    }
    let proto = vm.prototype_from_constructor(new_target, Intrinsic::WeakSetPrototype)?;
    let set = new_weak(vm, proto, true);
    let iterable = arg(args, 0);
    if iterable.is_nullish() {
        return Ok(Value::object(set));
    }
    let adder = vm.get(set, PropertyKey::from_text("add"))?;
    if !vm.is_callable(adder) {
        return vm.throw(ErrorKind::Type, "WeakSet.prototype.add is not a function");
    }
    let target = Value::object(set);
    for_each_of(vm, iterable, |vm, v| {
        vm.call(adder, target, &[v])?;
        Ok(())
    })?;
    Ok(target)
}

fn weak_set_add(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let s = this_weak(vm, this, true, "add")?;
    let key = arg(args, 0);
    if !can_be_held_weakly(key) {
        return invalid_weak_key(vm, "in weak set");
    }
    weak(&s).entries.lock().insert(key, Value::UNDEFINED);
    Ok(this)
}

fn weak_set_delete(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let s = this_weak(vm, this, true, "delete")?;
    let key = arg(args, 0);
    if !can_be_held_weakly(key) {
        return Ok(Value::FALSE);
    }
    Ok(Value::bool(weak(&s).entries.lock().remove(&key).is_some()))
}

fn weak_set_has(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let s = this_weak(vm, this, true, "has")?;
    let key = arg(args, 0);
    if !can_be_held_weakly(key) {
        return Ok(Value::FALSE);
    }
    Ok(Value::bool(weak(&s).entries.lock().contains_key(&key)))
}
