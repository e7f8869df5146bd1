//! Stop-the-world collection across every mutator.
//!
//! Protocol (the invariant "a collection never waits for a blocked thread"):
//! - Every thread that touches the heap is a *mutator* with a
//!   `MutatorState`, registered with the heap while it lives.
//! - `WorldState::running` counts mutators that have heap access. A thread
//!   about to block gives up access first (`Heap::park`) and takes it back
//!   on waking (`Heap::unpark`), waiting if a collection is in progress.
//! - A mutator polls `Heap::collection_requested` at safepoints (function
//!   entry, loop back-edges). The first to see the request under the lock
//!   becomes the collector: it waits until it is the only running mutator,
//!   marks from every mutator's roots and the engine's global roots, runs
//!   the global roots' weak rounds (`RootSet::mark_weak_round`: ephemeron
//!   marking of WeakMap values) until one marks nothing, lets them clear
//!   weak references to unmarked cells (`after_marking`), sweeps the
//!   lists of detached mutators, marks every mutator's list *sweep
//!   pending*, and lets the world go. Others park until then.
//! - Sweeping is parallel: each mutator sweeps its own pending list as it
//!   leaves the collection (or `unpark`s), before it runs JS again, so its
//!   cells go back to its own allocator arena. The invariant "sweeps end
//!   before marking": a list still pending when the next collection stops
//!   the world (its owner was parked throughout) is swept by that
//!   collector before it marks, because a stale mark would stop the marker
//!   from tracing a live cell's children.
//! - While the world is stopped the collector may read every mutator's
//!   roots and allocation list; outside collections only the owner does.

use std::cell::UnsafeCell;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::{GcHeader, Heap, RootSet, Tracer};
use crate::sync::{AtomicBool, MutexGuard};

/// Bytes a mutator counts locally before adding them to the heap's total.
const FLUSH_BYTES: usize = 64 << 10;

/// One thread's part of the heap.
pub struct MutatorState {
    /// Head of the list of cells this thread allocated. Touched by the
    /// owner when allocating, and by the collector while the world is
    /// stopped.
    head: UnsafeCell<*mut GcHeader>,
    unflushed: AtomicUsize,
    has_access: AtomicBool,
    /// Set by the collector after marking; the list's dead cells are
    /// freed by whoever clears it (`Heap::sweep_pending`).
    sweep_pending: AtomicBool,
    /// The thread's roots (its frames and handles), set by its VM.
    roots: UnsafeCell<Option<*const dyn RootSet>>,
}

// SAFETY: the UnsafeCells are accessed only by the owning thread or by the
// collector while the owner is stopped (see the module protocol); the
// world lock orders those accesses.
unsafe impl Send for MutatorState {}
// SAFETY: as above.
unsafe impl Sync for MutatorState {}

impl MutatorState {
    /// # Safety
    /// `cell` must be a freshly allocated cell, and the caller must be the
    /// thread that owns this state, with heap access.
    pub(super) unsafe fn link(&self, cell: *mut GcHeader) {
        // SAFETY: owner thread with access: no collector runs concurrently.
        unsafe {
            *(*cell).next.get() = *self.head.get();
            *self.head.get() = cell;
        }
    }

    pub(super) fn unflushed(&self) -> usize {
        self.unflushed.load(Ordering::Relaxed)
    }

    pub(super) fn set_unflushed(&self, bytes: usize) {
        self.unflushed.store(bytes, Ordering::Relaxed);
    }

    pub(super) fn note_allocation(&self, heap: &Heap, bytes: usize) {
        let pending = self.unflushed.load(Ordering::Relaxed) + bytes;
        if pending < FLUSH_BYTES {
            self.unflushed.store(pending, Ordering::Relaxed);
            return;
        }
        self.unflushed.store(0, Ordering::Relaxed);
        heap.allocated_total.fetch_add(pending, Ordering::Relaxed);
        let total = heap
            .allocated_since_gc
            .fetch_add(pending, Ordering::Relaxed)
            + pending;
        if total >= heap.threshold.load(Ordering::Relaxed) {
            heap.request_collection();
        }
    }

    /// Installs the thread's root set.
    ///
    /// # Safety
    /// `roots` must stay valid (not moved or dropped) until
    /// `set_roots(None)` or until this mutator detaches, and may only be
    /// mutated by the owner between safepoints.
    pub unsafe fn set_roots(&self, roots: Option<*const dyn RootSet>) {
        // SAFETY: called by the owner with heap access, so no collector is
        // reading the field.
        unsafe { *self.roots.get() = roots };
    }

    pub fn has_access(&self) -> bool {
        self.has_access.load(Ordering::Relaxed)
    }
}

/// Registry and stop-the-world state, under the heap's world lock.
#[derive(Default)]
pub(super) struct WorldState {
    mutators: Vec<Arc<MutatorState>>,
    /// Mutators with heap access right now.
    running: usize,
    collecting: bool,
    /// Cells of mutators that have detached.
    orphans: Vec<*mut GcHeader>,
}

// SAFETY: the raw pointers in `orphans` are cell lists that only the
// collector touches, under the world lock.
unsafe impl Send for WorldState {}

/// A thread's membership of the heap: detaches (handing its cells to the
/// heap) when dropped.
pub struct HeapAccess {
    heap: Arc<Heap>,
    state: Arc<MutatorState>,
}

impl HeapAccess {
    pub fn state(&self) -> &MutatorState {
        &self.state
    }
    pub fn heap(&self) -> &Arc<Heap> {
        &self.heap
    }
}

impl Drop for HeapAccess {
    fn drop(&mut self) {
        self.heap
            .allocated_total
            .fetch_add(self.state.unflushed(), Ordering::Relaxed);
        let mut world = self.heap.lock_world();
        // The world lock is held and no marking runs (a collector marks
        // only after every mutator stopped), so the list is ours to sweep;
        // an orphan list must carry no stale marks.
        self.heap.sweep_pending(&self.state);
        if self.state.has_access.swap(false, Ordering::Relaxed) {
            world.running -= 1;
        }
        world.mutators.retain(|m| !Arc::ptr_eq(m, &self.state));
        // SAFETY: we hold the world lock and no longer have access, so no
        // collector is sweeping and nobody else touches our list.
        let head = unsafe { std::mem::replace(&mut *self.state.head.get(), std::ptr::null_mut()) };
        // SAFETY: as above; the roots pointer is about to dangle.
        unsafe { *self.state.roots.get() = None };
        if !head.is_null() {
            world.orphans.push(head);
        }
        drop(world);
        self.heap.world_changed.notify_all();
    }
}

impl Heap {
    fn lock_world(&self) -> MutexGuard<'_, WorldState> {
        self.sync.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn wait_world<'a>(&self, guard: MutexGuard<'a, WorldState>) -> MutexGuard<'a, WorldState> {
        self.world_changed
            .wait(guard)
            .unwrap_or_else(|p| p.into_inner())
    }

    /// Registers the calling thread as a mutator with heap access (waiting
    /// out a collection in progress).
    pub fn attach(self: &Arc<Heap>) -> HeapAccess {
        let state = Arc::new(MutatorState {
            head: UnsafeCell::new(std::ptr::null_mut()),
            unflushed: AtomicUsize::new(0),
            has_access: AtomicBool::new(true),
            sweep_pending: AtomicBool::new(false),
            roots: UnsafeCell::new(None),
        });
        let mut world = self.lock_world();
        while world.collecting {
            world = self.wait_world(world);
        }
        world.running += 1;
        world.mutators.push(state.clone());
        HeapAccess {
            heap: self.clone(),
            state,
        }
    }

    /// Gives up heap access before blocking. Between `park` and `unpark`
    /// the thread must not touch any cell, and its roots must be in its
    /// root set (not only in Rust locals).
    pub fn park(&self, mutator: &MutatorState) {
        let mut world = self.lock_world();
        if mutator.has_access.swap(false, Ordering::Relaxed) {
            world.running -= 1;
        }
        drop(world);
        self.world_changed.notify_all();
    }

    /// Takes heap access back after blocking, waiting out a collection.
    pub fn unpark(&self, mutator: &MutatorState) {
        let mut world = self.lock_world();
        while world.collecting {
            world = self.wait_world(world);
        }
        if !mutator.has_access.swap(true, Ordering::Relaxed) {
            world.running += 1;
        }
        drop(world);
        self.sweep_pending(mutator);
    }

    /// Sweeps `mutator`'s list if a collection left it pending. Called by
    /// the owner with heap access before it touches the heap again, or
    /// with the world lock held while the owner cannot run (it has no
    /// access, or the world is stopped): either way nobody else touches
    /// the list and no marking runs.
    fn sweep_pending(&self, mutator: &MutatorState) {
        if !mutator.sweep_pending.swap(false, Ordering::Relaxed) {
            return;
        }
        // SAFETY: see above: the caller has exclusive use of the list.
        let head = unsafe { &mut *mutator.head.get() };
        let freed = sweep_list(head);
        let mut stats = self.stats.lock().unwrap_or_else(|p| p.into_inner());
        stats.freed_cells += freed;
    }

    /// Runs `f` (which blocks) without heap access.
    pub fn blocking<R>(&self, mutator: &MutatorState, f: impl FnOnce() -> R) -> R {
        self.park(mutator);
        let result = f();
        self.unpark(mutator);
        result
    }

    /// A safepoint: if a collection was requested, take part in it (as the
    /// collector, or by parking until it is over). `globals` are the
    /// engine's roots shared by all threads.
    #[inline]
    pub fn safepoint(&self, mutator: &MutatorState, globals: &dyn RootSet) {
        if self.collection_requested() {
            self.safepoint_slow(mutator, globals);
        }
    }

    #[cold]
    fn safepoint_slow(&self, mutator: &MutatorState, globals: &dyn RootSet) {
        let mut world = self.lock_world();
        if world.collecting {
            // Someone else collects: stop here until it is done.
            world.running -= 1;
            mutator.has_access.store(false, Ordering::Relaxed);
            self.world_changed.notify_all();
            while world.collecting {
                world = self.wait_world(world);
            }
            world.running += 1;
            mutator.has_access.store(true, Ordering::Relaxed);
            drop(world);
            self.sweep_pending(mutator);
            return;
        }
        if !self.gc_requested.load(Ordering::Acquire) {
            return; // collected while we waited for the lock
        }
        world.collecting = true;
        while world.running > 1 {
            world = self.wait_world(world);
        }
        self.collect_stopped(&mut world, globals);
        self.gc_requested.store(false, Ordering::Release);
        world.collecting = false;
        drop(world);
        self.world_changed.notify_all();
        self.sweep_pending(mutator);
    }

    /// Marks and sweeps. The world is stopped: every mutator but the
    /// caller is parked or waiting in a safepoint.
    fn collect_stopped(&self, world: &mut WorldState, globals: &dyn RootSet) {
        // Sweeps end before marking: lists whose owners stayed parked
        // since the last collection are swept here.
        for m in &world.mutators {
            self.sweep_pending(m);
        }
        // The world is stopped: at most one mutator (the collector, if it
        // is a mutator) has heap access.
        debug_assert!(
            world
                .mutators
                .iter()
                .filter(|m| m.has_access.load(Ordering::Relaxed))
                .count()
                <= 1,
            "a collection with another mutator running"
        );
        debug_assert!(
            world
                .mutators
                .iter()
                .all(|m| !m.sweep_pending.load(Ordering::Relaxed)),
            "marking before every sweep ended"
        );
        let mut tracer = Tracer::for_collection();
        globals.trace_roots(&mut tracer);
        for m in &world.mutators {
            // SAFETY: the world is stopped, so each owner is not touching its
            // roots; set_roots' contract keeps the pointer valid.
            if let Some(roots) = unsafe { *m.roots.get() } {
                // SAFETY: as above.
                unsafe { (*roots).trace_roots(&mut tracer) };
            }
            tracer.drain();
        }
        tracer.drain();
        while globals.mark_weak_round(&mut tracer) {
            tracer.drain();
        }
        globals.after_marking();

        for m in &world.mutators {
            m.unflushed.store(0, Ordering::Relaxed);
            m.sweep_pending.store(true, Ordering::Relaxed);
        }
        let mut freed = 0u64;
        let mut kept_orphans = Vec::new();
        for mut head in std::mem::take(&mut world.orphans) {
            freed += sweep_list(&mut head);
            if !head.is_null() {
                kept_orphans.push(head);
            }
        }
        world.orphans = kept_orphans;

        let live_bytes = tracer.marked_bytes + globals.external_bytes();
        self.allocated_since_gc.store(0, Ordering::Relaxed);
        self.threshold.store(
            live_bytes.max(self.config.initial_threshold),
            Ordering::Relaxed,
        );
        if live_bytes > self.config.max_heap {
            self.out_of_memory.store(true, Ordering::Relaxed);
        }
        let mut stats = self.stats.lock().unwrap_or_else(|p| p.into_inner());
        stats.collections += 1;
        stats.live_bytes = live_bytes;
        stats.live_cells = tracer.marked_cells;
        stats.freed_cells += freed;
    }
}

/// Frees the unmarked cells of one list and clears the marks of the rest.
/// Returns how many were freed. The caller has exclusive use of the list,
/// and the marks are those of the last marking (no marking runs now).
fn sweep_list(head: &mut *mut GcHeader) -> u64 {
    let mut freed = 0;
    let mut link: *mut *mut GcHeader = head;
    // SAFETY: the caller owns the list (see above); an unmarked cell is
    // unreachable from every live cell and root, so no thread can be
    // using it, and it is freed only after it is unlinked.
    unsafe {
        while !(*link).is_null() {
            let cell = *link;
            if (*cell).mark.swap(0, Ordering::Relaxed) == 1 {
                link = (*cell).next.get();
            } else {
                *link = *(*cell).next.get();
                ((*cell).vtable.drop)(cell);
                freed += 1;
            }
        }
    }
    freed
}

impl Drop for Heap {
    fn drop(&mut self) {
        // Every mutator has detached (each held an Arc to the heap), so
        // all cells are orphans now: free them.
        let mut world = self.sync.lock().unwrap_or_else(|p| p.into_inner());
        for head in std::mem::take(&mut world.orphans) {
            let mut cell = head;
            while !cell.is_null() {
                // SAFETY: nobody else can reach the heap any more; each
                // cell is freed exactly once, after reading its next link.
                unsafe {
                    let next = *(*cell).next.get();
                    ((*cell).vtable.drop)(cell);
                    cell = next;
                }
            }
        }
    }
}
