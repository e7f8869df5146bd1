//! Model checks of the engine's own lock-free protocols with `loom`, which
//! runs each model under every interleaving (up to a preemption bound) and
//! every result the C11 memory model allows for its atomics. The protocols
//! are the engine's real code: under `--cfg loom` their atomics, locks and
//! condition variables come from loom (`weft::sync`).
//!
//! Run with (scripts/test.sh does, in its own target directory):
//!   RUSTFLAGS="--cfg loom" cargo test -p weft-engine --test loom
//! In a normal build this file is empty.
#![cfg(loom)]

use std::sync::Arc;

use loom::thread;
use weft::bytecode::InlineCache;
use weft::heap::{Gc, Heap, HeapConfig, RootSet, Trace, Tracer};
use weft::object::slots::SlotStorage;
use weft::object::{Attributes, JsObject, ObjectKind, PropertyKey};
use weft::value::Value;

fn model(f: impl Fn() + Sync + Send + 'static) {
    let mut builder = loom::model::Builder::new();
    builder.preemption_bound = Some(3);
    builder.check(f);
}

/// Spine growth: a write to a slot that exists, racing with growth that
/// allocates new chunks, is never lost, and a reader that finds a new slot
/// finds it initialized.
#[test]
fn spine_growth_never_loses_a_racing_write() {
    model(|| {
        let storage = Arc::new(SlotStorage::<1>::new(Value::HOLE));
        storage.ensure(2, Value::HOLE);
        let grower = {
            let storage = storage.clone();
            // Growth is serialized by the owner's lock; one grower here.
            thread::spawn(move || storage.ensure(30, Value::HOLE))
        };
        let writer = {
            let storage = storage.clone();
            thread::spawn(move || {
                storage.get(1).expect("slot 1 exists").store(Value::int(7));
                // A slot the grower adds is either absent or initialized.
                if let Some(slot) = storage.get(20) {
                    assert_eq!(slot.load(), Value::HOLE);
                }
            })
        };
        grower.join().unwrap();
        writer.join().unwrap();
        assert_eq!(storage.load(1), Value::int(7));
        assert_eq!(storage.load(29), Value::HOLE);
    });
}

/// Spine publication: a reader racing with the first growth of an empty
/// storage sees either no slot or an initialized one.
#[test]
fn a_new_spine_is_published_after_it_is_built() {
    model(|| {
        let storage = Arc::new(SlotStorage::<1>::new(Value::HOLE));
        let grower = {
            let storage = storage.clone();
            thread::spawn(move || storage.ensure(12, Value::HOLE))
        };
        for i in [3, 11] {
            if let Some(slot) = storage.get(i) {
                assert_eq!(slot.load(), Value::HOLE);
            }
        }
        grower.join().unwrap();
        assert_eq!(storage.capacity(), 1 + 8 + 16);
    });
}

/// Shape publication and inline-cache entries: a thread adds a property
/// (its slot in the spine, past the inline slots) and caches (shape, slot)
/// as the interpreter does; a racing reader that takes the inline-cache
/// fast path (entry's shape == object's shape) must find the slot, holding
/// the value that was stored before the shape was published.
#[test]
fn an_inline_cache_hit_finds_its_slot_and_value() {
    let keys: Vec<PropertyKey> = ["a", "b", "c", "d", "e"]
        .iter()
        .map(|k| PropertyKey::from_text(k))
        .collect();
    model(move || {
        let obj = Arc::new(JsObject::new(Value::NULL, ObjectKind::Ordinary));
        for (i, &k) in keys[..4].iter().enumerate() {
            obj.define_own(k, Value::int(i as i32), Attributes::DEFAULT);
        }
        let cache = Arc::new(InlineCache::new());
        let added = keys[4];
        let writer = {
            let (obj, cache) = (obj.clone(), cache.clone());
            thread::spawn(move || {
                obj.define_own(added, Value::int(42), Attributes::DEFAULT);
                let (shape, info) = obj.cacheable_slot(added).expect("a shaped property");
                cache.set(shape.0, info.slot);
            })
        };
        let reader = {
            let (obj, cache) = (obj.clone(), cache.clone());
            thread::spawn(move || {
                if let Some((shape, slot)) = cache.get()
                    && obj.shape().0 == shape
                {
                    let slot = obj.slot(slot).expect("a cached slot exists");
                    assert_eq!(slot.load(), Value::int(42));
                }
            })
        };
        writer.join().unwrap();
        reader.join().unwrap();
        assert_eq!(obj.get_own(added).map(|(v, _)| v), Some(Value::int(42)));
    });
}

/// A cell for the heap model.
struct Cell(u32);

impl Trace for Cell {
    fn trace(&self, _tracer: &mut Tracer) {}
}

/// One mutator's roots: the cell it keeps.
struct Roots(Gc<Cell>);

impl RootSet for Roots {
    fn trace_roots(&self, tracer: &mut Tracer) {
        tracer.mark(self.0);
    }
}

struct NoGlobals;

impl RootSet for NoGlobals {
    fn trace_roots(&self, _tracer: &mut Tracer) {}
}

/// The heap-access hand-off: two mutators allocate (a kept cell and
/// garbage), request a collection, meet at safepoints, park and unpark.
/// The collector asserts that no other mutator has heap access while it
/// marks and that no sweep is pending (debug assertions in
/// `heap/collector.rs`); loom reports any interleaving that deadlocks; and
/// each thread's kept cell survives every collection intact.
#[test]
fn collections_wait_for_heap_access_and_keep_roots() {
    model(|| {
        let heap = Heap::new(HeapConfig::default());
        let mutators: Vec<_> = (0..2u32)
            .map(|i| {
                let heap = heap.clone();
                thread::spawn(move || {
                    let access = heap.attach();
                    let me = access.state();
                    let kept = heap.alloc(me, Cell(i));
                    let roots = Roots(kept);
                    // SAFETY: `roots` outlives its registration (cleared
                    // below, before it is dropped).
                    unsafe { me.set_roots(Some(&roots as &dyn RootSet as *const dyn RootSet)) };
                    heap.alloc(me, Cell(100 + i)); // garbage
                    heap.request_collection();
                    heap.safepoint(me, &NoGlobals);
                    assert_eq!(kept.0, i);
                    heap.blocking(me, || {});
                    heap.safepoint(me, &NoGlobals);
                    assert_eq!(kept.0, i);
                    // SAFETY: clears the registration made above.
                    unsafe { me.set_roots(None) };
                })
            })
            .collect();
        for m in mutators {
            m.join().unwrap();
        }
    });
}

/// Sweeps end before marking: a mutator stays parked through two
/// collections made by another; the second collector must sweep the list
/// the first one left pending before it marks (a stale mark would keep
/// the marker from tracing a live cell). The parked thread's kept cell
/// survives, and its sweep happens once.
#[test]
fn a_list_left_pending_by_a_parked_mutator_is_swept_before_marking() {
    model(|| {
        let heap = Heap::new(HeapConfig::default());
        let collected_twice = Arc::new(loom::sync::atomic::AtomicBool::new(false));
        let parked = {
            let (heap, collected_twice) = (heap.clone(), collected_twice.clone());
            thread::spawn(move || {
                let access = heap.attach();
                let me = access.state();
                let kept = heap.alloc(me, Cell(1));
                let roots = Roots(kept);
                // SAFETY: `roots` outlives its registration.
                unsafe { me.set_roots(Some(&roots as &dyn RootSet as *const dyn RootSet)) };
                heap.alloc(me, Cell(2)); // garbage
                heap.blocking(me, || {
                    while !collected_twice.load(std::sync::atomic::Ordering::Acquire) {
                        thread::yield_now();
                    }
                });
                assert_eq!(kept.0, 1);
                // SAFETY: clears the registration made above.
                unsafe { me.set_roots(None) };
            })
        };
        let collector = {
            let heap = heap.clone();
            thread::spawn(move || {
                let access = heap.attach();
                let me = access.state();
                let before = heap.stats().collections;
                while heap.stats().collections < before + 2 {
                    heap.alloc(me, Cell(3)); // garbage
                    heap.request_collection();
                    heap.safepoint(me, &NoGlobals);
                    thread::yield_now();
                }
                collected_twice.store(true, std::sync::atomic::Ordering::Release);
            })
        };
        collector.join().unwrap();
        parked.join().unwrap();
    });
}
