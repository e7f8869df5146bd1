//! Slot storage that grows without ever moving a slot.
//!
//! `INLINE` slots live in the owner; the rest live in chunks reached through
//! a spine: chunk k holds `BASE << k` slots, and its pointer in the spine is
//! written once, before any shape or length that makes its slots reachable
//! is published. So a racing write to an existing slot always lands in
//! memory that every later reader sees (invariant "no lost structure"), and
//! readers need no lock. Growth (`ensure`) is done under the owner's lock.

use std::sync::atomic::Ordering;

use crate::sync::AtomicPtr;

use crate::heap::Tracer;
use crate::value::{AtomicValue, Value};

const BASE: usize = 8;
const CHUNKS: usize = 29; // BASE * (2^29 - 1) > u32::MAX slots

struct Spine {
    chunks: [AtomicPtr<AtomicValue>; CHUNKS],
}

pub struct SlotStorage<const INLINE: usize> {
    inline: [AtomicValue; INLINE],
    spine: AtomicPtr<Spine>,
}

#[inline]
fn locate(j: usize) -> (usize, usize) {
    let k = (usize::BITS - 1 - (j / BASE + 1).leading_zeros()) as usize;
    (k, j - BASE * ((1 << k) - 1))
}

#[inline]
fn chunk_len(k: usize) -> usize {
    BASE << k
}

impl<const INLINE: usize> Default for SlotStorage<INLINE> {
    fn default() -> Self {
        Self::new(Value::UNDEFINED)
    }
}

impl<const INLINE: usize> SlotStorage<INLINE> {
    pub fn new(fill: Value) -> Self {
        SlotStorage {
            inline: std::array::from_fn(|_| AtomicValue::new(fill)),
            spine: AtomicPtr::new(std::ptr::null_mut()),
        }
    }

    /// The slot at `i`, if storage for it exists.
    #[inline]
    pub fn get(&self, i: usize) -> Option<&AtomicValue> {
        if i < INLINE {
            return Some(&self.inline[i]);
        }
        let spine = self.spine.load(Ordering::Acquire);
        if spine.is_null() {
            return None;
        }
        let (k, off) = locate(i - INLINE);
        // SAFETY: a non-null spine is never freed before the storage.
        let chunk = unsafe { (*spine).chunks.get(k)?.load(Ordering::Acquire) };
        if chunk.is_null() {
            return None;
        }
        // SAFETY: chunk k has chunk_len(k) slots and off < chunk_len(k);
        // chunks live as long as the storage.
        Some(unsafe { &*chunk.add(off) })
    }

    #[inline]
    pub fn load(&self, i: usize) -> Value {
        self.get(i).map_or(Value::HOLE, |s| s.load())
    }

    /// Makes slots `0..n` exist, new ones holding `fill`. The caller holds
    /// the owner's lock (growth is serialized; reads are not).
    pub fn ensure(&self, n: usize, fill: Value) {
        if n <= INLINE {
            return;
        }
        let mut spine = self.spine.load(Ordering::Acquire);
        if spine.is_null() {
            let fresh = Box::into_raw(Box::new(Spine {
                chunks: std::array::from_fn(|_| AtomicPtr::new(std::ptr::null_mut())),
            }));
            self.spine.store(fresh, Ordering::Release);
            spine = fresh;
        }
        let (last, _) = locate(n - 1 - INLINE);
        for k in 0..=last {
            // SAFETY: the spine is live (see get).
            let slot = unsafe { &(*spine).chunks[k] };
            if slot.load(Ordering::Acquire).is_null() {
                let chunk: Box<[AtomicValue]> =
                    (0..chunk_len(k)).map(|_| AtomicValue::new(fill)).collect();
                slot.store(Box::into_raw(chunk) as *mut AtomicValue, Ordering::Release);
            }
        }
    }

    /// Whether slots `0..saved.len()` exist and hold exactly `saved` (bit
    /// for bit). Walks the chunks in order instead of locating each slot.
    pub fn holds(&self, saved: &[Value]) -> bool {
        let same = |slot: &AtomicValue, v: &Value| slot.load().to_bits() == v.to_bits();
        let inline = saved.len().min(INLINE);
        if !self.inline[..inline]
            .iter()
            .zip(&saved[..inline])
            .all(|(s, v)| same(s, v))
        {
            return false;
        }
        let mut rest = &saved[inline..];
        if rest.is_empty() {
            return true;
        }
        let spine = self.spine.load(Ordering::Acquire);
        if spine.is_null() {
            return false;
        }
        for k in 0..CHUNKS {
            // SAFETY: the spine and its chunks are live (see get).
            let chunk = unsafe { (*spine).chunks[k].load(Ordering::Acquire) };
            if chunk.is_null() {
                return false;
            }
            let n = chunk_len(k).min(rest.len());
            // SAFETY: chunk k holds chunk_len(k) >= n initialized slots.
            let slots = unsafe { std::slice::from_raw_parts(chunk, n) };
            if !slots.iter().zip(&rest[..n]).all(|(s, v)| same(s, v)) {
                return false;
            }
            rest = &rest[n..];
            if rest.is_empty() {
                return true;
            }
        }
        false
    }

    /// How many slots exist.
    pub fn capacity(&self) -> usize {
        let spine = self.spine.load(Ordering::Acquire);
        if spine.is_null() {
            return INLINE;
        }
        let mut cap = INLINE;
        for k in 0..CHUNKS {
            // SAFETY: the spine is live.
            if unsafe { (*spine).chunks[k].load(Ordering::Acquire) }.is_null() {
                break;
            }
            cap += chunk_len(k);
        }
        cap
    }

    /// Bytes held outside the owner (for heap accounting).
    pub fn external_bytes(&self) -> usize {
        (self.capacity() - INLINE) * 8
    }

    pub fn trace(&self, tracer: &mut Tracer) {
        for slot in &self.inline {
            tracer.mark_value(slot.load());
        }
        let spine = self.spine.load(Ordering::Acquire);
        if spine.is_null() {
            return;
        }
        for k in 0..CHUNKS {
            // SAFETY: the spine and its chunks are live.
            let chunk = unsafe { (*spine).chunks[k].load(Ordering::Acquire) };
            if chunk.is_null() {
                break;
            }
            for off in 0..chunk_len(k) {
                // SAFETY: off < chunk_len(k).
                tracer.mark_value(unsafe { &*chunk.add(off) }.load());
            }
        }
    }
}

impl<const INLINE: usize> Drop for SlotStorage<INLINE> {
    fn drop(&mut self) {
        // Exclusive (`&mut self`): no other thread can store to it.
        let spine = self.spine.load(Ordering::Relaxed);
        if spine.is_null() {
            return;
        }
        // SAFETY: we own the spine and its chunks; each chunk was a boxed
        // slice of chunk_len(k) AtomicValues.
        unsafe {
            let spine = Box::from_raw(spine);
            for (k, chunk) in spine.chunks.iter().enumerate() {
                let chunk = chunk.load(Ordering::Relaxed);
                if !chunk.is_null() {
                    drop(Box::from_raw(std::ptr::slice_from_raw_parts_mut(
                        chunk,
                        chunk_len(k),
                    )));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    #[test]
    fn slots_exist_after_ensure_and_keep_their_values() {
        let s = SlotStorage::<4>::default();
        assert!(s.get(3).is_some());
        assert!(s.get(4).is_none());
        s.ensure(1000, Value::HOLE);
        assert!(s.capacity() >= 1000);
        s.get(999).unwrap().store(Value::int(7));
        s.get(2).unwrap().store(Value::int(2));
        s.ensure(5000, Value::HOLE);
        assert_eq!(s.load(999), Value::int(7));
        assert_eq!(s.load(2), Value::int(2));
        assert_eq!(s.load(4000), Value::HOLE);
    }

    #[test]
    fn holds_compares_every_slot_across_chunks() {
        let s = SlotStorage::<4>::default();
        let saved: Vec<Value> = (0..100).map(Value::int).collect();
        assert!(!s.holds(&saved), "slots 4.. do not exist yet");
        s.ensure(100, Value::UNDEFINED);
        for (i, v) in saved.iter().enumerate() {
            s.get(i).unwrap().store(*v);
        }
        assert!(s.holds(&saved) && s.holds(&saved[..3]) && s.holds(&[]));
        for i in [0, 3, 4, 11, 12, 99] {
            s.get(i).unwrap().store(Value::int(-1));
            assert!(!s.holds(&saved), "slot {i} changed");
            s.get(i).unwrap().store(saved[i]);
        }
        assert!(s.holds(&saved));
    }

    #[test]
    fn a_write_racing_with_growth_is_never_lost() {
        // One thread keeps growing the storage while others write to slots
        // that already exist; every write must be visible afterwards.
        // Miri interprets every step: one smaller round there.
        let (reps, slots, rounds) = if cfg!(miri) {
            (1, 1_000, 10)
        } else {
            (20, 20_000, 500)
        };
        for _ in 0..reps {
            let s = Arc::new(SlotStorage::<0>::new(Value::HOLE));
            let lock = Arc::new(Mutex::new(()));
            s.ensure(64, Value::HOLE);
            let grower = {
                let (s, lock) = (s.clone(), lock.clone());
                std::thread::spawn(move || {
                    for n in (64..slots).step_by(97) {
                        let _g = lock.lock().unwrap();
                        s.ensure(n, Value::HOLE);
                    }
                })
            };
            let writers: Vec<_> = (0..2)
                .map(|t| {
                    let s = s.clone();
                    std::thread::spawn(move || {
                        for round in 0..rounds {
                            for i in (t..64).step_by(2) {
                                s.get(i).unwrap().store(Value::int(round * 100 + i as i32));
                            }
                        }
                    })
                })
                .collect();
            grower.join().unwrap();
            for w in writers {
                w.join().unwrap();
            }
            for i in 0..64 {
                assert_eq!(s.load(i), Value::int((rounds - 1) * 100 + i as i32));
            }
        }
    }
}
