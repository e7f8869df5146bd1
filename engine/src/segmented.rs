//! An append-only vector whose elements never move.
//!
//! Readers index it without a lock while a writer appends (writers are
//! serialized by a lock the owner keeps). Segments double in size and are
//! never reallocated, so a reference to an element stays valid for the
//! vector's life. Used for the atom table and the shape table: both are
//! read on every property access from every thread.

use std::sync::atomic::{AtomicPtr, AtomicUsize, Ordering};

const BASE: usize = 64;
const SEGMENTS: usize = 26; // BASE * (2^26 - 1) elements: far beyond any need

pub struct SegmentedVec<T> {
    segments: [AtomicPtr<T>; SEGMENTS],
    len: AtomicUsize,
}

/// The segment holding element `i`, and its offset there.
#[inline]
fn locate(i: usize) -> (usize, usize) {
    let k = (usize::BITS - 1 - (i / BASE + 1).leading_zeros()) as usize;
    (k, i - BASE * ((1 << k) - 1))
}

fn segment_len(k: usize) -> usize {
    BASE << k
}

impl<T> Default for SegmentedVec<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T> SegmentedVec<T> {
    pub fn new() -> Self {
        SegmentedVec {
            segments: std::array::from_fn(|_| AtomicPtr::new(std::ptr::null_mut())),
            len: AtomicUsize::new(0),
        }
    }

    #[inline]
    pub fn len(&self) -> usize {
        self.len.load(Ordering::Acquire)
    }

    #[inline]
    pub fn get(&self, i: usize) -> Option<&T> {
        if i >= self.len() {
            return None;
        }
        let (k, off) = locate(i);
        let seg = self.segments[k].load(Ordering::Acquire);
        // SAFETY: i < len, and len is published (Release) only after the
        // segment pointer and element i were written, so both are visible
        // and initialized; elements are never moved or dropped before the
        // vector is.
        Some(unsafe { &*seg.add(off) })
    }

    /// Appends `value` and returns its index.
    ///
    /// # Safety
    /// Callers must serialize `push` (hold the owner's lock); `get` may run
    /// concurrently.
    pub unsafe fn push(&self, value: T) -> usize {
        let i = self.len.load(Ordering::Relaxed);
        let (k, off) = locate(i);
        assert!(k < SEGMENTS, "segmented vector is full");
        let mut seg = self.segments[k].load(Ordering::Acquire);
        if seg.is_null() {
            let mut storage: Vec<std::mem::MaybeUninit<T>> = Vec::with_capacity(segment_len(k));
            // SAFETY: MaybeUninit needs no initialization.
            unsafe { storage.set_len(segment_len(k)) };
            seg = Box::into_raw(storage.into_boxed_slice()) as *mut T;
            self.segments[k].store(seg, Ordering::Release);
        }
        // SAFETY: slot `off` of segment k is in bounds and unwritten (only
        // one pusher at a time, and len has not reached it).
        unsafe { seg.add(off).write(value) };
        self.len.store(i + 1, Ordering::Release);
        i
    }
}

impl<T> SegmentedVec<T> {
    /// Drops every element; segments stay allocated for later pushes.
    ///
    /// # Safety
    /// Nothing may use the vector concurrently, and no reference from
    /// `get` may be held across the call.
    pub unsafe fn clear(&self) {
        let len = self.len.swap(0, Ordering::AcqRel);
        for i in 0..len {
            let (k, off) = locate(i);
            let seg = self.segments[k].load(Ordering::Acquire);
            // SAFETY: element i < len was written by push and is dropped
            // once (len is already 0, and the caller excludes other users).
            unsafe { std::ptr::drop_in_place(seg.add(off)) };
        }
    }
}

impl<T> Drop for SegmentedVec<T> {
    fn drop(&mut self) {
        let len = *self.len.get_mut();
        for k in 0..SEGMENTS {
            let seg = *self.segments[k].get_mut();
            if seg.is_null() {
                continue;
            }
            let start = BASE * ((1 << k) - 1);
            let initialized = len.saturating_sub(start).min(segment_len(k));
            // SAFETY: the first `initialized` elements of the segment were
            // written by push; the segment was a boxed slice of
            // segment_len(k) MaybeUninit<T>.
            unsafe {
                for off in 0..initialized {
                    std::ptr::drop_in_place(seg.add(off));
                }
                drop(Box::from_raw(std::ptr::slice_from_raw_parts_mut(
                    seg as *mut std::mem::MaybeUninit<T>,
                    segment_len(k),
                )));
            }
        }
    }
}

// SAFETY: elements are shared by reference across threads (T: Sync) and
// handed over on push (T: Send).
unsafe impl<T: Send + Sync> Sync for SegmentedVec<T> {}
// SAFETY: as above.
unsafe impl<T: Send> Send for SegmentedVec<T> {}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    #[test]
    fn locate_covers_indices_contiguously() {
        let mut expect = (0, 0);
        for i in 0..100_000 {
            assert_eq!(locate(i), expect, "index {i}");
            expect.1 += 1;
            if expect.1 == segment_len(expect.0) {
                expect = (expect.0 + 1, 0);
            }
        }
    }

    #[test]
    fn clear_drops_every_element_and_pushes_start_again_at_zero() {
        let v = SegmentedVec::<Arc<()>>::new();
        let item = Arc::new(());
        for _ in 0..200 {
            // SAFETY: one thread, no reference held.
            unsafe { v.push(item.clone()) };
        }
        assert_eq!(Arc::strong_count(&item), 201);
        // SAFETY: as above.
        unsafe { v.clear() };
        assert_eq!((v.len(), Arc::strong_count(&item)), (0, 1));
        assert!(v.get(0).is_none());
        // SAFETY: as above.
        assert_eq!(unsafe { v.push(item.clone()) }, 0);
        assert!(Arc::ptr_eq(v.get(0).unwrap(), &item));
        drop(v);
        assert_eq!(Arc::strong_count(&item), 1);
    }

    #[test]
    fn readers_see_every_pushed_element_while_a_writer_appends() {
        // Miri interprets every step: fewer pushes there.
        const PUSHES: usize = if cfg!(miri) { 60 } else { 20_000 };
        let v = Arc::new(SegmentedVec::<String>::new());
        let lock = Arc::new(Mutex::new(()));
        let writer = {
            let (v, lock) = (v.clone(), lock.clone());
            std::thread::spawn(move || {
                for i in 0..PUSHES {
                    let _g = lock.lock().unwrap();
                    // SAFETY: pushes are serialized by `lock`.
                    unsafe { v.push(format!("e{i}")) };
                }
            })
        };
        let readers: Vec<_> = (0..3)
            .map(|_| {
                let v = v.clone();
                std::thread::spawn(move || {
                    let mut seen = 0;
                    while seen < PUSHES {
                        let len = v.len();
                        for i in seen..len {
                            assert_eq!(v.get(i).unwrap(), &format!("e{i}"));
                        }
                        seen = len;
                    }
                })
            })
            .collect();
        writer.join().unwrap();
        for r in readers {
            r.join().unwrap();
        }
        assert!(v.get(PUSHES).is_none());
    }
}
