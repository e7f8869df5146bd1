//! Shapes (hidden classes): which properties an object has, in which order,
//! with which attributes, in which slots.
//!
//! A shape is immutable once published and named by a 32-bit `ShapeId`
//! (an index into a process-wide append-only table), so an inline cache
//! entry (shape id, slot) fits in one 64-bit word. Transitions (add a
//! property, reconfigure one) are cached in a table under one lock; the
//! same sequence of additions from any thread yields the same shape.
//! Objects with many properties, or that delete properties, leave shapes
//! for a per-object dictionary (see `object/mod.rs`).

use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::{LazyLock, Mutex};

use rustc_hash::FxHashMap;

use super::property::{Attributes, PropertyKey};
use crate::segmented::SegmentedVec;

/// Past this many properties an object switches to dictionary mode.
pub const MAX_SHAPED_PROPERTIES: usize = 64;

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct ShapeId(pub u32);

impl ShapeId {
    /// The shape of an object with no properties.
    pub const EMPTY: ShapeId = ShapeId(0);
    /// Not a shape: the object keeps its properties in a dictionary.
    pub const DICTIONARY: ShapeId = ShapeId(u32::MAX);
    /// Ids from here up are dictionary mode: `DICTIONARY` itself, or a
    /// version of a versioned dictionary (`next_dictionary_version`).
    const FIRST_DICTIONARY: u32 = 0x8000_0000;
    /// The end of the version range; ids from here to `DICTIONARY` are
    /// never an object's shape, so inline caches use them as tags.
    pub const FIRST_TAG: u32 = 0xFFFF_FF00;

    /// Whether an object with this id keeps its properties in a
    /// dictionary (so `get` and `lookup` do not apply).
    #[inline]
    pub fn is_dictionary(self) -> bool {
        self.0 >= Self::FIRST_DICTIONARY
    }

    /// A fresh id for a versioned dictionary that changed. Versions come
    /// from one counter, so a cache keyed on an old version misses; the
    /// counter wraps after 2^31 changes to versioned dictionaries (only
    /// global objects are versioned, and they change rarely).
    pub fn next_dictionary_version() -> ShapeId {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        ShapeId(Self::FIRST_DICTIONARY + n % (Self::FIRST_TAG - Self::FIRST_DICTIONARY))
    }
}

/// Where a property lives and what it allows.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct SlotInfo {
    pub slot: u32,
    pub attrs: Attributes,
}

/// An ordered property table: shapes own one each (immutable), and
/// dictionary-mode objects own a mutable one under their lock.
#[derive(Clone, Default, Debug)]
pub struct PropertyTable {
    order: Vec<(PropertyKey, SlotInfo)>,
    /// key → position in `order`; built only past a few properties.
    index: Option<FxHashMap<PropertyKey, u32>>,
    /// Positions in `order` that were deleted (dictionary tables only).
    deleted: usize,
}

const INDEX_THRESHOLD: usize = 8;

impl PropertyTable {
    /// Whether both tables list the same keys, slots and attributes in
    /// the same order (realm snapshots compare dictionaries with it).
    pub fn same_entries(&self, other: &PropertyTable) -> bool {
        self.deleted == other.deleted && self.order == other.order
    }

    pub fn len(&self) -> usize {
        self.order.len() - self.deleted
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn position(&self, key: PropertyKey) -> Option<usize> {
        match &self.index {
            Some(index) => index.get(&key).map(|&p| p as usize),
            None => self
                .order
                .iter()
                .position(|(k, info)| *k == key && info.slot != u32::MAX),
        }
    }

    pub fn get(&self, key: PropertyKey) -> Option<SlotInfo> {
        self.position(key).map(|p| self.order[p].1)
    }

    pub fn insert(&mut self, key: PropertyKey, info: SlotInfo) {
        debug_assert!(self.get(key).is_none());
        let pos = self.order.len() as u32;
        self.order.push((key, info));
        if let Some(index) = &mut self.index {
            index.insert(key, pos);
        } else if self.order.len() > INDEX_THRESHOLD {
            self.index = Some(
                self.order
                    .iter()
                    .enumerate()
                    .filter(|(_, (_, info))| info.slot != u32::MAX)
                    .map(|(i, (k, _))| (*k, i as u32))
                    .collect(),
            );
        }
    }

    pub fn set_attrs(&mut self, key: PropertyKey, attrs: Attributes) {
        if let Some(p) = self.position(key) {
            self.order[p].1.attrs = attrs;
        }
    }

    /// Gives `key` a new slot and attributes, keeping its place in the
    /// order.
    pub fn relocate(&mut self, key: PropertyKey, info: SlotInfo) {
        if let Some(p) = self.position(key) {
            self.order[p].1 = info;
        }
    }

    /// Removes `key`, returning its slot (which must not be reused before
    /// the next collection: a racing reader may still be looking at it).
    pub fn remove(&mut self, key: PropertyKey) -> Option<u32> {
        let p = self.position(key)?;
        let slot = self.order[p].1.slot;
        self.order[p].1.slot = u32::MAX; // tombstone keeps positions stable
        self.deleted += 1;
        if let Some(index) = &mut self.index {
            index.remove(&key);
        }
        if self.deleted > 16 && self.deleted * 2 > self.order.len() {
            self.order.retain(|(_, info)| info.slot != u32::MAX);
            self.deleted = 0;
            if self.index.is_some() {
                self.index = Some(
                    self.order
                        .iter()
                        .enumerate()
                        .map(|(i, (k, _))| (*k, i as u32))
                        .collect(),
                );
            }
        }
        Some(slot)
    }

    /// Properties in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = (PropertyKey, SlotInfo)> + '_ {
        self.order
            .iter()
            .filter(|(_, info)| info.slot != u32::MAX)
            .copied()
    }
}

pub struct Shape {
    pub id: ShapeId,
    pub table: PropertyTable,
    /// Slots in use (the next new property gets this slot).
    pub slot_count: u32,
    /// Recent "add a named property with default attributes" transitions
    /// taken from this shape: hints read without the registry lock, so
    /// that constructors run on several threads do not serialize on it.
    add_cache: AddCache,
}

/// Lock-free hints for a shape's add transitions: `ADD_WAYS` words of
/// (atom << 32 | child id), or `NO_ADD`, each atom in the way its number
/// picks. Transitions are deterministic, so a racing overwrite only loses
/// a hint. Aligned to its own cache line: a hint written by one thread
/// must not evict the shape's table from the others' caches.
#[repr(align(64))]
struct AddCache([AtomicU64; ADD_WAYS]);

const ADD_WAYS: usize = 4;

impl AddCache {
    fn new() -> AddCache {
        AddCache(std::array::from_fn(|_| AtomicU64::new(NO_ADD)))
    }

    #[inline]
    fn way(&self, atom: u32) -> &AtomicU64 {
        &self.0[atom as usize % ADD_WAYS]
    }

    #[inline]
    fn get(&self, atom: u32) -> Option<ShapeId> {
        let hint = self.way(atom).load(Ordering::Relaxed);
        (hint != NO_ADD && (hint >> 32) as u32 == atom).then_some(ShapeId(hint as u32))
    }

    fn set(&self, atom: u32, child: ShapeId) {
        self.way(atom)
            .store(((atom as u64) << 32) | child.0 as u64, Ordering::Relaxed);
    }
}

const NO_ADD: u64 = u64::MAX;

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Transition {
    Add(PropertyKey, Attributes),
    Reconfigure(PropertyKey, Attributes),
}

struct ShapeRegistry {
    shapes: SegmentedVec<Shape>,
    /// Guards pushes to `shapes` too.
    transitions: Mutex<FxHashMap<(ShapeId, Transition), ShapeId>>,
}

static REGISTRY: LazyLock<ShapeRegistry> = LazyLock::new(|| {
    let registry = ShapeRegistry {
        shapes: SegmentedVec::new(),
        transitions: Mutex::new(FxHashMap::default()),
    };
    // SAFETY: nobody else can reach the registry before it is initialized.
    unsafe {
        registry.shapes.push(Shape {
            id: ShapeId::EMPTY,
            table: PropertyTable::default(),
            slot_count: 0,
            add_cache: AddCache::new(),
        })
    };
    registry
});

impl ShapeId {
    /// The shape itself. Shapes are never freed.
    #[inline]
    pub fn get(self) -> &'static Shape {
        REGISTRY
            .shapes
            .get(self.0 as usize)
            .expect("shape ids are only made by the registry")
    }

    /// The property `key` of this shape (None in dictionary mode: the
    /// object's own table must be consulted under its lock).
    #[inline]
    pub fn lookup(self, key: PropertyKey) -> Option<SlotInfo> {
        if self.is_dictionary() {
            return None;
        }
        self.get().table.get(key)
    }

    /// The shape with `key` added (with the next free slot).
    pub fn with_added(self, key: PropertyKey, attrs: Attributes) -> ShapeId {
        let cacheable = match key {
            PropertyKey::Atom(a) if attrs == Attributes::DEFAULT => Some(a.0),
            _ => None,
        };
        if let Some(atom) = cacheable
            && let Some(child) = self.get().add_cache.get(atom)
        {
            return child;
        }
        let child = self.transition(Transition::Add(key, attrs), |shape| {
            let mut table = shape.table.clone();
            table.insert(
                key,
                SlotInfo {
                    slot: shape.slot_count,
                    attrs,
                },
            );
            (table, shape.slot_count + 1)
        });
        if let Some(atom) = cacheable {
            self.get().add_cache.set(atom, child);
        }
        child
    }

    /// The shape with `key`'s attributes changed (same slot).
    pub fn with_attrs(self, key: PropertyKey, attrs: Attributes) -> ShapeId {
        self.transition(Transition::Reconfigure(key, attrs), |shape| {
            let mut table = shape.table.clone();
            table.set_attrs(key, attrs);
            (table, shape.slot_count)
        })
    }

    fn transition(
        self,
        t: Transition,
        make: impl FnOnce(&Shape) -> (PropertyTable, u32),
    ) -> ShapeId {
        let registry = &*REGISTRY;
        let mut transitions = registry
            .transitions
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        if let Some(&id) = transitions.get(&(self, t)) {
            return id;
        }
        let (table, slot_count) = make(self.get());
        let id = ShapeId(registry.shapes.len() as u32);
        // 2^31 shapes would take hundreds of gigabytes first.
        debug_assert!(!id.is_dictionary(), "shape ids run into dictionary ids");
        // SAFETY: pushes are serialized by the transitions lock, held here.
        unsafe {
            registry.shapes.push(Shape {
                id,
                table,
                slot_count,
                add_cache: AddCache::new(),
            })
        };
        transitions.insert((self, t), id);
        id
    }
}

/// How many shapes exist (for tests and statistics).
pub fn shape_count() -> usize {
    REGISTRY.shapes.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::string::Atom;

    fn key(s: &str) -> PropertyKey {
        PropertyKey::Atom(Atom::intern_str(s))
    }

    #[test]
    fn the_same_additions_give_the_same_shape() {
        let a = ShapeId::EMPTY
            .with_added(key("x"), Attributes::DEFAULT)
            .with_added(key("y"), Attributes::DEFAULT);
        let b = ShapeId::EMPTY
            .with_added(key("x"), Attributes::DEFAULT)
            .with_added(key("y"), Attributes::DEFAULT);
        assert_eq!(a, b);
        assert_eq!(a.lookup(key("y")).unwrap().slot, 1);
        let c = ShapeId::EMPTY.with_added(key("y"), Attributes::DEFAULT);
        assert_ne!(a, c);
        let keys: Vec<_> = a.get().table.iter().map(|(k, _)| k).collect();
        assert_eq!(keys, vec![key("x"), key("y")]);
    }

    #[test]
    fn reconfiguring_keeps_the_slot() {
        let a = ShapeId::EMPTY.with_added(key("p"), Attributes::DEFAULT);
        let frozen = a.with_attrs(key("p"), Attributes::FROZEN);
        assert_eq!(
            frozen.lookup(key("p")).unwrap(),
            SlotInfo {
                slot: 0,
                attrs: Attributes::FROZEN
            }
        );
    }

    #[test]
    fn tables_keep_order_through_index_and_removal() {
        let mut t = PropertyTable::default();
        for i in 0..20u32 {
            t.insert(
                PropertyKey::Index(i),
                SlotInfo {
                    slot: i,
                    attrs: Attributes::DEFAULT,
                },
            );
        }
        assert_eq!(t.remove(PropertyKey::Index(3)), Some(3));
        assert!(t.get(PropertyKey::Index(3)).is_none());
        assert_eq!(t.get(PropertyKey::Index(19)).unwrap().slot, 19);
        assert_eq!(t.len(), 19);
        assert_eq!(t.iter().nth(3).unwrap().0, PropertyKey::Index(4));
    }

    #[test]
    fn threads_racing_on_transitions_agree() {
        let results: Vec<_> = (0..4)
            .map(|_| {
                std::thread::spawn(|| {
                    let mut s = ShapeId::EMPTY;
                    for i in 0..50 {
                        s = s.with_added(key(&format!("race{i}")), Attributes::DEFAULT);
                    }
                    s
                })
            })
            .map(|h| h.join().unwrap())
            .collect();
        assert!(results.iter().all(|s| *s == results[0]));
    }
}
