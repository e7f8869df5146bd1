//! The one heap that every JS thread shares.
//!
//! Owns cell allocation, the `Gc<T>` pointer type, the `Trace` protocol and
//! the collector (`collector.rs`). Cells never move: a `Gc<T>` stays valid
//! across threads (and in JIT code) for as long as the cell is reachable.
//!
//! Allocation takes no lock: each mutator (a thread with heap access) links
//! its new cells into its own list and counts its own bytes. Collection is
//! stop-the-world at safepoints (see `collector.rs`); between safepoints a
//! mutator may hold `Gc`s in Rust locals freely. Code that may reach a
//! safepoint while holding one (it calls into JS, or blocks) must root it
//! first (the interpreter's handle stack).

mod collector;

pub use collector::{HeapAccess, MutatorState};

use std::alloc::Layout;
use std::cell::UnsafeCell;
use std::marker::PhantomData;
use std::ptr::NonNull;
use std::sync::atomic::{AtomicBool as StdAtomicBool, AtomicU8, AtomicU32, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use crate::sync::{AtomicBool, Condvar, Mutex as WorldMutex};

use crate::value::Value;

/// Everything the heap needs to know about a cell's type.
pub struct CellVTable {
    pub trace: unsafe fn(*const GcHeader, &mut Tracer),
    pub external_bytes: unsafe fn(*const GcHeader) -> usize,
    pub drop: unsafe fn(*mut GcHeader),
    pub layout: Layout,
    pub name: fn() -> &'static str,
}

/// The header in front of every cell.
#[repr(C)]
pub struct GcHeader {
    vtable: &'static CellVTable,
    /// The next cell in its owner's allocation list. Written by the owning
    /// mutator while it allocates, and by the collector while the world is
    /// stopped; never both at once.
    next: UnsafeCell<*mut GcHeader>,
    mark: AtomicU8,
}

impl GcHeader {
    pub fn type_name(&self) -> &'static str {
        (self.vtable.name)()
    }
    /// Whether the current collection marked this cell (meaningful only
    /// while the world is stopped, after marking).
    pub fn is_marked(&self) -> bool {
        self.mark.load(Ordering::Relaxed) != 0
    }
}

/// A cell: the header followed by the value.
#[repr(C)]
pub struct GcBox<T> {
    header: GcHeader,
    value: T,
}

/// Implemented by every type that lives in the heap or holds heap pointers.
///
/// `trace` must report every `Gc`/`Value` the object holds, and may be
/// called on any thread while the world is stopped, so it reads shared
/// fields with atomic loads like everyone else.
pub trait Trace: Send + Sync + 'static {
    fn trace(&self, tracer: &mut Tracer);

    /// Bytes this cell owns outside itself (string text, slot chunks), so
    /// that the live size the collector measures, and `max_heap`, count
    /// them.
    fn external_bytes(&self) -> usize {
        0
    }
}

/// A pointer to a cell. Copy, and valid while the cell is reachable.
pub struct Gc<T> {
    ptr: NonNull<GcBox<T>>,
    marker: PhantomData<T>,
}

impl<T> Clone for Gc<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Gc<T> {}
impl<T> PartialEq for Gc<T> {
    fn eq(&self, other: &Self) -> bool {
        self.ptr == other.ptr
    }
}
impl<T> Eq for Gc<T> {}
impl<T> std::hash::Hash for Gc<T> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.ptr.hash(state)
    }
}
impl<T: std::fmt::Display> std::fmt::Display for Gc<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        (**self).fmt(f)
    }
}

impl<T> std::fmt::Debug for Gc<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Gc({:p})", self.ptr)
    }
}

// SAFETY: cells are shared between threads by design; every `T: Trace` is
// `Send + Sync`, and all mutation of shared cell state goes through atomics
// or locks inside `T`.
unsafe impl<T: Trace> Send for Gc<T> {}
// SAFETY: as above.
unsafe impl<T: Trace> Sync for Gc<T> {}

impl<T> Gc<T> {
    /// The cell's address (its header), as stored in a `Value`.
    #[inline]
    pub fn addr(self) -> *mut u8 {
        self.ptr.as_ptr() as *mut u8
    }

    /// # Safety
    /// `addr` must be the address of a live cell holding a `T`.
    #[inline]
    pub unsafe fn from_addr(addr: *mut u8) -> Gc<T> {
        Gc {
            // SAFETY: the caller guarantees a live cell, so non-null.
            ptr: unsafe { NonNull::new_unchecked(addr as *mut GcBox<T>) },
            marker: PhantomData,
        }
    }

    #[inline]
    pub fn ptr_eq(a: Gc<T>, b: Gc<T>) -> bool {
        a.ptr == b.ptr
    }

    #[inline]
    pub fn header(&self) -> &GcHeader {
        // SAFETY: a Gc always points at a live cell.
        unsafe { &self.ptr.as_ref().header }
    }
}

impl<T> std::ops::Deref for Gc<T> {
    type Target = T;
    #[inline]
    fn deref(&self) -> &T {
        // SAFETY: a Gc points at a live, initialized cell; the collector
        // frees a cell only when no Gc to it is reachable from roots, and
        // mutators hold Gcs only between safepoints or rooted.
        unsafe { &self.ptr.as_ref().value }
    }
}

impl<T: Trace> Trace for Gc<T> {
    fn trace(&self, tracer: &mut Tracer) {
        tracer.mark(*self);
    }
}
impl Trace for Value {
    fn trace(&self, tracer: &mut Tracer) {
        tracer.mark_value(*self);
    }
}
impl<T: Trace> Trace for Option<T> {
    fn trace(&self, tracer: &mut Tracer) {
        if let Some(v) = self {
            v.trace(tracer);
        }
    }
}
impl<T: Trace> Trace for Vec<T> {
    fn trace(&self, tracer: &mut Tracer) {
        for v in self {
            v.trace(tracer);
        }
    }
}
impl<T: Trace> Trace for Box<[T]> {
    fn trace(&self, tracer: &mut Tracer) {
        for v in self.iter() {
            v.trace(tracer);
        }
    }
}
impl<T: Trace> Trace for Mutex<T> {
    fn trace(&self, tracer: &mut Tracer) {
        // The world is stopped: no mutator holds this lock across a
        // safepoint, so it is free (a poisoned lock still holds data).
        match self.lock() {
            Ok(guard) => guard.trace(tracer),
            Err(poisoned) => poisoned.into_inner().trace(tracer),
        }
    }
}
impl<T: Trace> Trace for parking_lot::Mutex<T> {
    fn trace(&self, tracer: &mut Tracer) {
        self.lock().trace(tracer);
    }
}
impl Trace for crate::value::AtomicValue {
    fn trace(&self, tracer: &mut Tracer) {
        tracer.mark_value(self.load());
    }
}
impl Trace for () {
    fn trace(&self, _: &mut Tracer) {}
}
impl<A: Trace, B: Trace> Trace for (A, B) {
    fn trace(&self, tracer: &mut Tracer) {
        self.0.trace(tracer);
        self.1.trace(tracer);
    }
}

/// The marking state of one collection: a worklist of grey cells.
pub struct Tracer {
    grey: Vec<*const GcHeader>,
    marked_cells: usize,
    marked_bytes: usize,
    /// Set for a walk (`reachable_cells`), which records what it visits
    /// here instead of in the cells' mark bits.
    visited: Option<rustc_hash::FxHashSet<*const GcHeader>>,
}

impl Tracer {
    #[inline]
    pub fn mark_value(&mut self, v: Value) {
        if let Some(h) = v.as_cell_header() {
            self.mark_header(h);
        }
    }

    /// Marks the cell `g` points to.
    #[inline]
    pub fn mark<T>(&mut self, g: Gc<T>) {
        self.mark_header(g.ptr.as_ptr() as *const GcHeader);
    }

    #[inline]
    fn mark_header(&mut self, header: *const GcHeader) {
        if let Some(visited) = &mut self.visited {
            if visited.insert(header) {
                self.grey.push(header);
            }
            return;
        }
        // SAFETY: `header` came from a live Gc or Value (the only callers
        // are `mark` and `mark_value`); the world is stopped, so the cell
        // cannot be freed under us.
        let h = unsafe { &*header };
        if h.mark.swap(1, Ordering::Relaxed) == 0 {
            self.marked_cells += 1;
            // SAFETY: the vtable matches the cell (see mark_header's
            // contract above).
            self.marked_bytes +=
                h.vtable.layout.size() + unsafe { (h.vtable.external_bytes)(header) };
            self.grey.push(header);
        }
    }

    fn drain(&mut self) {
        while let Some(h) = self.grey.pop() {
            // SAFETY: grey cells are live; their vtable knows their type.
            unsafe { ((*h).vtable.trace)(h, self) };
        }
    }
}

impl Tracer {
    pub(crate) fn for_collection() -> Tracer {
        Tracer {
            grey: Vec::with_capacity(1024),
            marked_cells: 0,
            marked_bytes: 0,
            visited: None,
        }
    }
}

/// Every cell reachable from `root` (itself a cell's contents or a root
/// set), in the order first reached. Touches no mark bit, so it may run
/// outside collections: the caller must have heap access and must not
/// reach a safepoint meanwhile (nothing it walks can be freed), and no
/// other thread may change what it walks (realm snapshots take it before
/// the program's first thread starts).
pub fn reachable_cells(root: &dyn Trace) -> Vec<CellRef> {
    let mut tracer = Tracer {
        grey: Vec::new(),
        marked_cells: 0,
        marked_bytes: 0,
        visited: Some(rustc_hash::FxHashSet::default()),
    };
    root.trace(&mut tracer);
    let mut order = Vec::new();
    while let Some(h) = tracer.grey.pop() {
        order.push(CellRef(h));
        // SAFETY: `h` came from a live Gc or Value reached from `root`,
        // and nothing is freed during the walk (see above).
        unsafe { ((*h).vtable.trace)(h, &mut tracer) };
    }
    order
}

/// A cell found by `reachable_cells`, of a type not known statically.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct CellRef(*const GcHeader);

impl CellRef {
    /// The cell's Rust type name.
    pub fn type_name(self) -> &'static str {
        // SAFETY: a CellRef is made only from a live cell's header, and is
        // used only while that cell is reachable.
        unsafe { (*self.0).type_name() }
    }

    /// The cell as a `Gc<T>`, if it holds a `T`.
    pub fn downcast<T: Trace>(self) -> Option<Gc<T>> {
        // SAFETY: as in `type_name`.
        let vtable = unsafe { (*self.0).vtable };
        (vtable.layout == Layout::new::<GcBox<T>>()
            && (vtable.name)() == std::any::type_name::<T>())
        .then(|| Gc {
            // SAFETY: a header pointer is never null, and the cell holds a
            // T: its vtable was made for a T (same name and layout).
            ptr: unsafe { NonNull::new_unchecked(self.0 as *mut GcBox<T>) },
            marker: PhantomData,
        })
    }
}

// SAFETY: a CellRef is an address of a shared cell, usable on any thread
// like a Gc (cells are Send + Sync).
unsafe impl Send for CellRef {}
// SAFETY: as above.
unsafe impl Sync for CellRef {}

/// Whether `v` is not a cell, or a cell the current collection marked
/// (meaningful only while the world is stopped, after marking: weak
/// containers use it to tell live keys and targets from dead ones).
pub fn value_is_marked(v: Value) -> bool {
    match v.as_cell_header() {
        // SAFETY: the header belongs to a cell the caller holds a value of;
        // the world is stopped, so it is not freed while we read its mark.
        Some(h) => unsafe { (*h).is_marked() },
        None => true,
    }
}

/// Something that holds roots outside the heap: each thread's frames and
/// handles, and the engine's globals.
pub trait RootSet {
    fn trace_roots(&self, tracer: &mut Tracer);
    /// Called repeatedly after the main marking until it returns false:
    /// marks what weak containers keep alive given what is marked so far
    /// (ephemerons: a WeakMap value whose key is marked). Returns whether it
    /// marked anything new.
    fn mark_weak_round(&self, _tracer: &mut Tracer) -> bool {
        false
    }
    /// Called once marking is complete, before sweeping: the place to clear
    /// weak references to cells that were not marked.
    fn after_marking(&self) {}
    /// Bytes held outside cells by the global roots, counted as live.
    fn external_bytes(&self) -> usize {
        0
    }
}

const fn vtable_for<T: Trace>() -> &'static CellVTable {
    &CellVTableFor::<T>::VTABLE
}

struct CellVTableFor<T>(PhantomData<T>);
impl<T: Trace> CellVTableFor<T> {
    const VTABLE: CellVTable = CellVTable {
        trace: {
            unsafe fn trace<T: Trace>(h: *const GcHeader, tracer: &mut Tracer) {
                // SAFETY: the vtable is only installed on cells holding a T.
                let cell = unsafe { &*(h as *const GcBox<T>) };
                cell.value.trace(tracer);
            }
            trace::<T>
        },
        external_bytes: {
            unsafe fn external<T: Trace>(h: *const GcHeader) -> usize {
                // SAFETY: the vtable is only installed on cells holding a T.
                let cell = unsafe { &*(h as *const GcBox<T>) };
                cell.value.external_bytes()
            }
            external::<T>
        },
        drop: {
            unsafe fn drop_cell<T: Trace>(h: *mut GcHeader) {
                // SAFETY: the vtable is only installed on cells holding a T;
                // the sweeper drops each unreachable cell exactly once.
                unsafe {
                    std::ptr::drop_in_place(h as *mut GcBox<T>);
                    if cfg!(debug_assertions) {
                        // Poison freed cells so a use after free fails loudly
                        // (GC stress tests run debug builds).
                        std::ptr::write_bytes(h as *mut u8, 0xDD, Layout::new::<GcBox<T>>().size());
                    }
                    std::alloc::dealloc(h as *mut u8, Layout::new::<GcBox<T>>());
                }
            }
            drop_cell::<T>
        },
        layout: Layout::new::<GcBox<T>>(),
        name: std::any::type_name::<T>,
    };
}

/// Heap-wide tuning, fixed when the engine is created.
#[derive(Clone, Debug)]
pub struct HeapConfig {
    /// Collect when this many bytes were allocated since the last
    /// collection (grows with the live size).
    pub initial_threshold: usize,
    /// Past this many live bytes after a collection, allocation reports
    /// out-of-memory (as a catchable RangeError at the next safepoint).
    pub max_heap: usize,
    /// GC stress: request a collection at every Nth allocation.
    pub stress_every: Option<u32>,
}

impl Default for HeapConfig {
    fn default() -> Self {
        HeapConfig {
            initial_threshold: 8 << 20,
            max_heap: if cfg!(target_pointer_width = "64") {
                8 << 30
            } else {
                768 << 20
            },
            stress_every: std::env::var("WEFT_GC_STRESS")
                .ok()
                .and_then(|s| s.parse().ok()),
        }
    }
}

/// Counters a program or a benchmark can read.
#[derive(Clone, Copy, Debug, Default)]
pub struct HeapStats {
    pub collections: u64,
    pub live_bytes: usize,
    pub live_cells: usize,
    pub freed_cells: u64,
}

/// The shared heap.
pub struct Heap {
    config: HeapConfig,
    /// Set when a collection is wanted; polled at every safepoint.
    gc_requested: AtomicBool,
    /// Bytes allocated since the last collection (mutators flush into it).
    allocated_since_gc: AtomicUsize,
    /// Bytes ever allocated and flushed, including what mutators had not
    /// flushed when they detached (`allocated_total`).
    allocated_total: AtomicUsize,
    threshold: AtomicUsize,
    stress_counter: AtomicU32,
    /// Set when live data exceeds `max_heap`: the next safepoint throws.
    out_of_memory: StdAtomicBool,
    sync: WorldMutex<collector::WorldState>,
    world_changed: Condvar,
    stats: Mutex<HeapStats>,
}

impl Heap {
    pub fn new(config: HeapConfig) -> Arc<Heap> {
        let threshold = config.initial_threshold;
        Arc::new(Heap {
            config,
            gc_requested: AtomicBool::new(false),
            allocated_since_gc: AtomicUsize::new(0),
            allocated_total: AtomicUsize::new(0),
            threshold: AtomicUsize::new(threshold),
            stress_counter: AtomicU32::new(0),
            out_of_memory: StdAtomicBool::new(false),
            sync: WorldMutex::new(collector::WorldState::default()),
            world_changed: Condvar::new(),
            stats: Mutex::new(HeapStats::default()),
        })
    }

    pub fn config(&self) -> &HeapConfig {
        &self.config
    }

    pub fn stats(&self) -> HeapStats {
        *self.stats.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Asks for a collection at the next safepoint of every mutator.
    pub fn request_collection(&self) {
        self.gc_requested.store(true, Ordering::Release);
    }

    #[inline]
    pub fn collection_requested(&self) -> bool {
        self.gc_requested.load(Ordering::Relaxed)
    }

    /// Takes the pending out-of-memory condition, if any.
    pub fn take_out_of_memory(&self) -> bool {
        self.out_of_memory.load(Ordering::Relaxed)
            && self.out_of_memory.swap(false, Ordering::Relaxed)
    }

    /// Whether `bytes` more could be allocated without passing `max_heap`
    /// (checked before large allocations such as array buffers).
    pub fn can_allocate(&self, bytes: usize) -> bool {
        let live = self.stats.lock().map(|s| s.live_bytes).unwrap_or(0);
        live.saturating_add(self.allocated_since_gc.load(Ordering::Relaxed))
            .saturating_add(bytes)
            <= self.config.max_heap
    }

    /// Records `bytes` of memory owned by cells outside the cells
    /// themselves (buffers, tables), so that they count toward collection.
    pub fn account_external(&self, mutator: &MutatorState, bytes: usize) {
        mutator.note_allocation(self, bytes);
    }

    /// Allocates a cell holding `value` on behalf of `mutator`, which must
    /// be the calling thread's own state, with heap access.
    pub fn alloc<T: Trace>(&self, mutator: &MutatorState, value: T) -> Gc<T> {
        let layout = Layout::new::<GcBox<T>>();
        // SAFETY: the layout is non-zero-sized (it contains the header).
        let raw = unsafe { std::alloc::alloc(layout) } as *mut GcBox<T>;
        if raw.is_null() {
            std::alloc::handle_alloc_error(layout);
        }
        // SAFETY: `raw` is freshly allocated with GcBox<T>'s layout.
        unsafe {
            raw.write(GcBox {
                header: GcHeader {
                    vtable: vtable_for::<T>(),
                    next: UnsafeCell::new(std::ptr::null_mut()),
                    mark: AtomicU8::new(0),
                },
                value,
            });
            mutator.link(raw as *mut GcHeader);
        }
        mutator.note_allocation(self, layout.size());
        if let Some(n) = self.config.stress_every
            && self
                .stress_counter
                .fetch_add(1, Ordering::Relaxed)
                .is_multiple_of(n.max(1))
        {
            self.request_collection();
        }
        Gc {
            // SAFETY: checked non-null above.
            ptr: unsafe { NonNull::new_unchecked(raw) },
            marker: PhantomData,
        }
    }
}

/// Where a heap's collection trigger stands (`Heap::accounting`).
#[derive(Clone, Copy, Debug)]
pub struct HeapAccounting {
    allocated_since_gc: usize,
    /// The saving mutator's bytes not yet added to the total.
    unflushed: usize,
    stress_counter: u32,
}

impl HeapAccounting {
    /// The saving mutator's bytes not yet flushed.
    pub fn unflushed(&self) -> usize {
        self.unflushed
    }
}

impl Heap {
    /// Bytes allocated since the heap was made, as flushed by mutators
    /// (each flushes at least when it detaches).
    pub fn allocated_total(&self) -> usize {
        self.allocated_total.load(Ordering::Relaxed)
    }

    /// The collection trigger's state as `mutator` (the calling thread's
    /// own state) sees it: saved with a realm snapshot, so that a run on
    /// the reused realm collects at the same allocations as a run on a
    /// freshly installed one.
    pub fn accounting(&self, mutator: &MutatorState) -> HeapAccounting {
        HeapAccounting {
            allocated_since_gc: self.allocated_since_gc.load(Ordering::Relaxed),
            unflushed: mutator.unflushed(),
            stress_counter: self.stress_counter.load(Ordering::Relaxed),
        }
    }

    /// Puts the collection trigger back to `saved`, with `mutator` (the
    /// calling thread's own state) as the saving mutator, no collection
    /// requested and the first threshold. Called between runs, when
    /// `mutator` is the only one with heap access.
    pub fn restore_accounting(&self, mutator: &MutatorState, saved: &HeapAccounting) {
        self.allocated_since_gc
            .store(saved.allocated_since_gc, Ordering::Relaxed);
        mutator.set_unflushed(saved.unflushed);
        self.stress_counter
            .store(saved.stress_counter, Ordering::Relaxed);
        self.threshold
            .store(self.config.initial_threshold, Ordering::Relaxed);
        self.out_of_memory.store(false, Ordering::Relaxed);
        self.gc_requested.store(false, Ordering::Release);
    }
}

/// Allocates a cell that is never collected (no heap owns it): for leaf
/// cells shared process-wide, such as the string of an atom. It is born
/// marked, so collectors skip it, and it must hold no heap pointers.
pub fn alloc_permanent<T: Trace>(value: T) -> Gc<T> {
    let boxed = Box::new(GcBox {
        header: GcHeader {
            vtable: vtable_for::<T>(),
            next: UnsafeCell::new(std::ptr::null_mut()),
            mark: AtomicU8::new(1),
        },
        value,
    });
    Gc {
        ptr: NonNull::from(Box::leak(boxed)),
        marker: PhantomData,
    }
}
