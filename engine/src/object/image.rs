//! An object's complete storage-level state, saved so that it can be put
//! back: a realm snapshot (`realm/snapshot.rs`) keeps one per built-in
//! object and restores the ones a run changed.
//!
//! The image holds everything the object layer stores: shape id, flags,
//! prototype, slot values, elements (dense and sparse), and the locked
//! part (dictionary table, next slot, owner, versioning). Internal state
//! of the object's kind is the kind's business (`BuiltinState::pristine`).
//! Saving, comparing and restoring happen while no JS thread runs, so
//! nothing here races with a reader.

use std::collections::BTreeMap;
use std::sync::atomic::Ordering;

use super::shape::{PropertyTable, ShapeId};
use super::{JsObject, Locked, flags};
use crate::heap::Tracer;
use crate::object::Attributes;
use crate::value::Value;

/// What `JsObject::image` saved.
pub struct ObjectImage {
    shape: u32,
    flags: u8,
    proto: Value,
    /// Slots `0..n` (n: the shape's slot count, or the dictionary's next
    /// slot).
    slots: Box<[Value]>,
    length: u32,
    /// Dense elements `0..length` (empty when sparse).
    elements: Box<[Value]>,
    dictionary: Option<Box<PropertyTable>>,
    sparse: Option<BTreeMap<u32, (Value, Attributes)>>,
    next_slot: u32,
    owner: u32,
    versioned: bool,
}

impl ObjectImage {
    pub fn trace(&self, tracer: &mut Tracer) {
        tracer.mark_value(self.proto);
        for v in self.slots.iter().chain(self.elements.iter()) {
            tracer.mark_value(*v);
        }
        if let Some(sparse) = &self.sparse {
            for (v, _) in sparse.values() {
                tracer.mark_value(*v);
            }
        }
    }

    /// Whether comparing with this image needs the object's lock: its
    /// dictionary can change without a new shape id (not versioned), or
    /// its elements are sparse.
    fn needs_lock(&self) -> bool {
        (ShapeId(self.shape).is_dictionary() && !self.versioned) || self.sparse.is_some()
    }
}

impl JsObject {
    /// The object's storage as it is now.
    pub fn image(&self) -> ObjectImage {
        let locked = self.lock.lock();
        let shape = self.shape();
        let slot_count = if shape.is_dictionary() {
            locked.next_slot
        } else {
            shape.get().slot_count
        };
        let sparse = self.has_flag(flags::SPARSE);
        let length = self.length();
        ObjectImage {
            shape: shape.0,
            flags: self.flags(),
            proto: self.proto(),
            slots: (0..slot_count as usize)
                .map(|i| self.slots.load(i))
                .collect(),
            length,
            elements: if sparse {
                Box::new([])
            } else {
                (0..length as usize)
                    .map(|i| self.elements.load(i))
                    .collect()
            },
            dictionary: locked.dictionary.clone(),
            sparse: locked.sparse.clone(),
            next_slot: locked.next_slot,
            owner: locked.owner,
            versioned: locked.versioned,
        }
    }

    /// Whether the object's storage is still exactly `image`.
    pub fn matches_image(&self, image: &ObjectImage) -> bool {
        if self.shape.load(Ordering::Acquire) != image.shape
            || self.flags() != image.flags
            || self.proto().to_bits() != image.proto.to_bits()
            || self.length() != image.length
        {
            return false;
        }
        if !self.slots.holds(&image.slots) || !self.elements.holds(&image.elements) {
            return false;
        }
        if image.needs_lock() {
            let locked = self.lock.lock();
            let same_dictionary = match (&locked.dictionary, &image.dictionary) {
                (Some(a), Some(b)) => a.same_entries(b),
                (None, None) => true,
                _ => false,
            };
            let same_sparse = match (&locked.sparse, &image.sparse) {
                (Some(a), Some(b)) => {
                    a.len() == b.len()
                        && a.iter().zip(b.iter()).all(|((i, (v, at)), (j, (w, bt)))| {
                            i == j && v.to_bits() == w.to_bits() && at == bt
                        })
                }
                (None, None) => true,
                _ => false,
            };
            return same_dictionary
                && same_sparse
                && locked.next_slot == image.next_slot
                && locked.owner == image.owner;
        }
        true
    }

    /// Puts the object's storage back to `image`. Slots and elements past
    /// the image's are cleared (so they keep nothing alive); storage never
    /// shrinks. A versioned dictionary gets a fresh version, so no inline
    /// cache keyed on an id it had since the image was taken can hit.
    pub fn restore_image(&self, image: &ObjectImage) {
        let mut locked = self.lock.lock();
        *locked = Locked {
            dictionary: image.dictionary.clone(),
            sparse: image.sparse.clone(),
            next_slot: image.next_slot,
            owner: image.owner,
            versioned: image.versioned,
        };
        for i in 0..self.slots.capacity() {
            let v = image.slots.get(i).copied().unwrap_or(Value::UNDEFINED);
            if let Some(slot) = self.slots.get(i) {
                slot.store(v);
            }
        }
        for i in 0..self.elements.capacity() {
            let v = image.elements.get(i).copied().unwrap_or(Value::HOLE);
            if let Some(slot) = self.elements.get(i) {
                slot.store(v);
            }
        }
        self.length.store(image.length, Ordering::Release);
        self.proto.store(image.proto);
        self.flags.store(image.flags, Ordering::Release);
        let shape = if image.versioned {
            ShapeId::next_dictionary_version().0
        } else {
            image.shape
        };
        self.shape.store(shape, Ordering::Release);
    }
}
