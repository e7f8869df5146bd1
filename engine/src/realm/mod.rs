//! Realms: a global object, its global lexical bindings and the intrinsic
//! objects (%Object.prototype%, %Array%, …) that built-ins refer to.
//!
//! A realm is a heap cell, kept alive by the engine. Intrinsics are
//! indexed by `Intrinsic`; `builtins::install` creates them. A realm may
//! keep a snapshot of its built-ins as installed (`snapshot.rs`), so that
//! it can be put back and reused for another run.

pub mod snapshot;

use parking_lot::{Mutex, RwLock};
use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::OnceLock;

use crate::heap::{Gc, Trace, Tracer};
use crate::object::JsObject;
use crate::segmented::SegmentedVec;
use crate::string::Atom;
use crate::value::{AtomicValue, Value};

macro_rules! intrinsics {
    ($($name:ident,)*) => {
        /// The intrinsic objects of a realm.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[repr(usize)]
        pub enum Intrinsic { $($name,)* }
        pub const INTRINSIC_COUNT: usize = [$(Intrinsic::$name,)*].len();
    };
}

intrinsics! {
    ObjectPrototype,
    FunctionPrototype,
    ArrayPrototype,
    StringPrototype,
    NumberPrototype,
    BooleanPrototype,
    SymbolPrototype,
    BigIntPrototype,
    ErrorPrototype,
    TypeErrorPrototype,
    RangeErrorPrototype,
    SyntaxErrorPrototype,
    ReferenceErrorPrototype,
    EvalErrorPrototype,
    UriErrorPrototype,
    AggregateErrorPrototype,
    IteratorPrototype,
    AsyncIteratorPrototype,
    ArrayIteratorPrototype,
    StringIteratorPrototype,
    MapIteratorPrototype,
    SetIteratorPrototype,
    RegExpStringIteratorPrototype,
    GeneratorPrototype,
    GeneratorFunctionPrototype,
    AsyncFunctionPrototype,
    AsyncGeneratorPrototype,
    AsyncGeneratorFunctionPrototype,
    AsyncFromSyncIteratorPrototype,
    PromisePrototype,
    MapPrototype,
    SetPrototype,
    WeakMapPrototype,
    WeakSetPrototype,
    WeakRefPrototype,
    FinalizationRegistryPrototype,
    RegExpPrototype,
    DatePrototype,
    ArrayBufferPrototype,
    SharedArrayBufferPrototype,
    DataViewPrototype,
    TypedArrayPrototype,
    Int8ArrayPrototype,
    Uint8ArrayPrototype,
    Uint8ClampedArrayPrototype,
    Int16ArrayPrototype,
    Uint16ArrayPrototype,
    Int32ArrayPrototype,
    Uint32ArrayPrototype,
    Float32ArrayPrototype,
    Float64ArrayPrototype,
    BigInt64ArrayPrototype,
    BigUint64ArrayPrototype,
    ProxyConstructor,
    ObjectConstructor,
    FunctionConstructor,
    ArrayConstructor,
    PromiseConstructor,
    TypedArrayConstructor,
    Eval,
    ThrowTypeError,
    ArrayPrototypeValues,
    ForInIteratorPrototype,
    FinalizationRegistryCleanupJob,
    IteratorConstructor,
    IteratorHelperPrototype,
    WrapForValidIteratorPrototype,
    Float16ArrayPrototype,
    ArrayBufferConstructor,
    SharedArrayBufferConstructor,
    Int8ArrayConstructor,
    Uint8ArrayConstructor,
    Uint8ClampedArrayConstructor,
    Int16ArrayConstructor,
    Uint16ArrayConstructor,
    Int32ArrayConstructor,
    Uint32ArrayConstructor,
    Float16ArrayConstructor,
    Float32ArrayConstructor,
    Float64ArrayConstructor,
    BigInt64ArrayConstructor,
    BigUint64ArrayConstructor,
    ConcurrentAccessErrorPrototype,
    ThreadPrototype,
    LockPrototype,
    ConditionPrototype,
    ThreadLocalPrototype,
    SuppressedErrorPrototype,
    DisposableStackPrototype,
    AsyncDisposableStackPrototype,
    // The web platform APIs (web/).
    DomExceptionPrototype,
    TextEncoderPrototype,
    TextDecoderPrototype,
    UrlPrototype,
    UrlSearchParamsPrototype,
    UrlSearchParamsIteratorPrototype,
    EventPrototype,
    CustomEventPrototype,
    EventTargetPrototype,
    AbortControllerPrototype,
    AbortSignalPrototype,
    IntlCollatorPrototype,
    IntlDateTimeFormatPrototype,
    IntlNumberFormatPrototype,
    IntlPluralRulesPrototype,
}

pub struct Realm {
    intrinsics: Box<[AtomicValue]>,
    global: AtomicValue,
    /// Global `let`/`const`/`class` bindings of scripts: name → index
    /// in `lexical_cells`. Writers (declarations) hold it to append.
    lexicals: RwLock<FxHashMap<Atom, u32>>,
    /// The global lexical cells in declaration order. Never shrinks, so an
    /// inline cache may hold an index and read it without a lock.
    lexical_cells: SegmentedVec<Gc<GlobalLexical>>,
    /// Tagged template objects, by template site id.
    pub templates: Mutex<FxHashMap<u64, Value>>,
    /// The modules loaded into this realm, by loader key.
    pub modules: crate::module::ModuleMap,
    /// The addresses of the objects every thread shares through the
    /// built-ins (`record_builtins`), which `Thread.restrict` refuses.
    builtin_objects: OnceLock<FxHashSet<usize>>,
    /// The built-ins as installed, once `take_snapshot` saved them.
    snapshot: OnceLock<Box<snapshot::RealmSnapshot>>,
}

/// One global lexical binding.
pub struct GlobalLexical {
    pub name: Atom,
    pub value: AtomicValue,
    pub constant: bool,
}

impl Trace for GlobalLexical {
    fn trace(&self, tracer: &mut Tracer) {
        tracer.mark_value(self.value.load());
    }
}

impl Trace for Realm {
    fn trace(&self, tracer: &mut Tracer) {
        for v in self.intrinsics.iter() {
            tracer.mark_value(v.load());
        }
        tracer.mark_value(self.global.load());
        for i in 0..self.lexical_cells.len() {
            if let Some(cell) = self.lexical_cells.get(i) {
                tracer.mark(*cell);
            }
        }
        for v in self.templates.lock().values() {
            tracer.mark_value(*v);
        }
        self.modules.trace(tracer);
        if let Some(snapshot) = self.snapshot.get() {
            snapshot.trace(tracer);
        }
    }
}

impl Default for Realm {
    fn default() -> Self {
        Realm::empty()
    }
}

impl Realm {
    /// A realm with no intrinsics yet (`builtins::install` fills it).
    pub fn empty() -> Realm {
        Realm {
            intrinsics: (0..INTRINSIC_COUNT)
                .map(|_| AtomicValue::new(Value::UNDEFINED))
                .collect(),
            global: AtomicValue::new(Value::UNDEFINED),
            lexicals: RwLock::new(FxHashMap::default()),
            lexical_cells: SegmentedVec::new(),
            templates: Mutex::new(FxHashMap::default()),
            modules: crate::module::ModuleMap::default(),
            builtin_objects: OnceLock::new(),
            snapshot: OnceLock::new(),
        }
    }

    #[inline]
    pub fn intrinsic(&self, which: Intrinsic) -> Gc<JsObject> {
        self.intrinsics[which as usize]
            .load()
            .as_object()
            .unwrap_or_else(|| panic!("intrinsic {which:?} not installed"))
    }

    pub fn intrinsic_value(&self, which: Intrinsic) -> Value {
        self.intrinsics[which as usize].load()
    }

    pub fn set_intrinsic(&self, which: Intrinsic, obj: Gc<JsObject>) {
        self.intrinsics[which as usize].store(Value::object(obj));
    }

    pub fn global(&self) -> Gc<JsObject> {
        self.global
            .load()
            .as_object()
            .expect("global object installed")
    }

    /// Installs the global object. It is kept as a versioned dictionary,
    /// so global name lookups hit inline caches (`interpreter/env.rs`).
    pub fn set_global(&self, obj: Gc<JsObject>) {
        obj.use_versioned_dictionary();
        self.global.store(Value::object(obj));
    }

    /// Records the built-in objects, once the built-ins are installed: the
    /// global object, the intrinsics, every object the global object
    /// holds (constructors, namespaces such as Math) and their
    /// `prototype`s.
    pub fn record_builtins(&self) {
        let mut set = FxHashSet::default();
        let global = self.global();
        set.insert(global.addr() as usize);
        let prototype = crate::object::PropertyKey::from_text("prototype");
        let held = global
            .own_keys()
            .into_iter()
            .filter_map(|k| global.get_own(k))
            .map(|(v, _)| v)
            .chain(self.intrinsics.iter().map(AtomicValue::load));
        for obj in held.filter_map(|v| v.as_object()) {
            set.insert(obj.addr() as usize);
            if let Some(p) = obj.get_own(prototype).and_then(|(v, _)| v.as_object()) {
                set.insert(p.addr() as usize);
            }
        }
        let _ = self.builtin_objects.set(set);
    }

    /// Whether `obj` is one of this realm's built-in objects.
    pub fn is_builtin(&self, obj: Gc<JsObject>) -> bool {
        self.builtin_objects
            .get()
            .is_some_and(|set| set.contains(&(obj.addr() as usize)))
    }

    /// The global lexical binding `name`, with its index for
    /// `lexical_at`.
    pub fn lexical_entry(&self, name: Atom) -> Option<(u32, Gc<GlobalLexical>)> {
        let index = *self.lexicals.read().get(&name)?;
        Some((index, self.lexical_at(index)?))
    }

    pub fn lexical(&self, name: Atom) -> Option<Gc<GlobalLexical>> {
        self.lexical_entry(name).map(|(_, cell)| cell)
    }

    /// The global lexical cell at `index`, without a lock.
    #[inline]
    pub fn lexical_at(&self, index: u32) -> Option<Gc<GlobalLexical>> {
        self.lexical_cells.get(index as usize).copied()
    }

    pub fn has_lexical(&self, name: Atom) -> bool {
        self.lexicals.read().contains_key(&name)
    }

    /// Declares a global lexical binding. It may shadow a property of the
    /// global object, so caches of global object properties are
    /// invalidated after it is visible.
    pub fn add_lexical(&self, cell: Gc<GlobalLexical>) {
        {
            let mut lexicals = self.lexicals.write();
            // SAFETY: pushes are serialized by the `lexicals` write lock,
            // held here.
            let index = unsafe { self.lexical_cells.push(cell) };
            lexicals.insert(cell.name, index as u32);
        }
        if let Some(global) = self.global.load().as_object() {
            global.invalidate_caches();
        }
    }

    /// Saves the built-ins as they are now (right after installing them,
    /// before any program ran), so that `restore_pristine` can put them
    /// back. The caller has heap access and no other thread uses the
    /// realm. Fails if the realm holds state a snapshot cannot restore.
    pub fn take_snapshot(realm: Gc<Realm>) -> Result<(), String> {
        let taken = snapshot::RealmSnapshot::take(realm)?;
        realm
            .snapshot
            .set(Box::new(taken))
            .map_err(|_| "the realm already has a snapshot".to_string())
    }

    /// Puts the realm back as its snapshot saved it: every built-in
    /// object (properties, prototype, extensibility, elements, built-in
    /// state) and no global lexical binding, template object or module.
    /// Returns how many built-in objects had changed, or None without a
    /// snapshot.
    ///
    /// # Safety
    /// No JS thread may run in the realm or hold a reference into it
    /// (between runs, with no engine alive on its heap).
    pub unsafe fn restore_pristine(&self) -> Option<usize> {
        let snapshot = self.snapshot.get()?;
        {
            let mut lexicals = self.lexicals.write();
            lexicals.clear();
            // SAFETY: the caller guarantees nobody reads the cells now;
            // the write lock serializes it with declarations anyway.
            unsafe { self.lexical_cells.clear() };
        }
        self.templates.lock().clear();
        self.modules.clear();
        Some(snapshot.restore(self))
    }
}
