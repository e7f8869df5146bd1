//! Atoms: interned property names and symbols, identified by 32-bit ids.
//!
//! Property keys that are not array indices are atoms, so shapes and inline
//! caches compare keys as integers and never hold heap pointers. Symbols
//! are atoms too (a symbol value's payload is its atom id); their
//! description is the atom's text. The table is process-wide and
//! append-only: an atom's text lives, unmoved, for the process's life.
//! (Symbols and dynamically computed keys are never freed; see
//! ARCHITECTURE.md.)

use std::collections::HashMap;

use rustc_hash::FxHashMap;
use std::sync::{LazyLock, Mutex, OnceLock};

use crate::heap::Gc;
use crate::string::JsString;

use crate::segmented::SegmentedVec;

/// An interned string or a symbol.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Atom(pub u32);

struct AtomEntry {
    text: Box<[u16]>,
    kind: AtomKind,
    /// The permanent string cell with this text (made on first use).
    cell: OnceLock<Gc<JsString>>,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum AtomKind {
    String,
    /// A symbol; `described` is false for `Symbol()` (description
    /// undefined); `private` for a class's private name (never a property
    /// key visible to reflection).
    Symbol {
        described: bool,
        registered: bool,
        private: bool,
    },
}

const SHARDS: usize = 16;

struct AtomTable {
    entries: SegmentedVec<AtomEntry>,
    /// Serializes pushes to `entries`.
    push_lock: Mutex<()>,
    /// String text → atom, sharded by hash to spread contention.
    shards: [Mutex<FxHashMap<Box<[u16]>, Atom>>; SHARDS],
    /// Symbol.for registry: key text → symbol atom.
    registry: Mutex<HashMap<Box<[u16]>, Atom>>,
}

static TABLE: LazyLock<AtomTable> = LazyLock::new(|| {
    let table = AtomTable {
        entries: SegmentedVec::new(),
        push_lock: Mutex::new(()),
        shards: std::array::from_fn(|_| Mutex::new(FxHashMap::default())),
        registry: Mutex::new(HashMap::new()),
    };
    for (i, text) in PREDEFINED.iter().enumerate() {
        let units: Vec<u16> = text.encode_utf16().collect();
        let atom = table.push(AtomEntry {
            text: units.clone().into(),
            kind: AtomKind::String,
            cell: OnceLock::new(),
        });
        debug_assert_eq!(atom.0 as usize, i);
        table
            .shard(&units)
            .lock()
            .unwrap()
            .insert(units.into(), atom);
    }
    for (i, name) in WELL_KNOWN_SYMBOLS.iter().enumerate() {
        let text: Vec<u16> = format!("Symbol.{name}").encode_utf16().collect();
        let atom = table.push(AtomEntry {
            text: text.into(),
            kind: AtomKind::Symbol {
                described: true,
                registered: false,
                private: false,
            },
            cell: OnceLock::new(),
        });
        debug_assert_eq!(atom.0 as usize, PREDEFINED.len() + i);
    }
    table
});

fn hash_units(units: &[u16]) -> usize {
    // FNV-1a: cheap and good enough to pick a shard.
    let mut h: u32 = 0x811c9dc5;
    for &u in units {
        h = (h ^ u as u32).wrapping_mul(0x01000193);
    }
    h as usize
}

impl AtomTable {
    fn push(&self, entry: AtomEntry) -> Atom {
        let _guard = self.push_lock.lock().unwrap_or_else(|p| p.into_inner());
        // SAFETY: pushes are serialized by push_lock.
        Atom(unsafe { self.entries.push(entry) } as u32)
    }
    fn shard(&self, units: &[u16]) -> &Mutex<FxHashMap<Box<[u16]>, Atom>> {
        &self.shards[hash_units(units) % SHARDS]
    }
    fn entry(&self, atom: Atom) -> &AtomEntry {
        self.entries
            .get(atom.0 as usize)
            .expect("atom ids are only made by the table")
    }
}

impl Atom {
    /// The atom for this string text (interning it on first use).
    pub fn intern(units: &[u16]) -> Atom {
        let table = &*TABLE;
        let mut shard = table.shard(units).lock().unwrap_or_else(|p| p.into_inner());
        if let Some(&atom) = shard.get(units) {
            return atom;
        }
        let atom = table.push(AtomEntry {
            text: units.into(),
            kind: AtomKind::String,
            cell: OnceLock::new(),
        });
        shard.insert(units.into(), atom);
        atom
    }

    pub fn intern_str(s: &str) -> Atom {
        // Built-in names are short: no allocation for them.
        let mut buffer = [0u16; 64];
        if s.len() <= buffer.len() {
            let mut n = 0;
            for unit in s.encode_utf16() {
                buffer[n] = unit;
                n += 1;
            }
            return Atom::intern(&buffer[..n]);
        }
        let units: Vec<u16> = s.encode_utf16().collect();
        Atom::intern(&units)
    }

    /// A new, unique symbol.
    pub fn new_symbol(description: Option<&[u16]>) -> Atom {
        TABLE.push(AtomEntry {
            text: description.unwrap_or(&[]).into(),
            kind: AtomKind::Symbol {
                described: description.is_some(),
                registered: false,
                private: false,
            },
            cell: OnceLock::new(),
        })
    }

    /// A new private name (`#x` of one class evaluation).
    pub fn new_private(description: &[u16]) -> Atom {
        TABLE.push(AtomEntry {
            text: description.into(),
            kind: AtomKind::Symbol {
                described: true,
                registered: false,
                private: true,
            },
            cell: OnceLock::new(),
        })
    }

    pub fn is_private(self) -> bool {
        matches!(self.kind(), AtomKind::Symbol { private: true, .. })
    }

    /// The permanent string cell holding this atom's text.
    pub fn js_string(self) -> Gc<JsString> {
        *TABLE
            .entry(self)
            .cell
            .get_or_init(|| crate::heap::alloc_permanent(JsString::from_atom(self)))
    }

    /// `Symbol.for(key)`: the registered symbol for `key`.
    pub fn registered_symbol(key: &[u16]) -> Atom {
        let table = &*TABLE;
        let mut registry = table.registry.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(&atom) = registry.get(key) {
            return atom;
        }
        let atom = table.push(AtomEntry {
            text: key.into(),
            kind: AtomKind::Symbol {
                described: true,
                registered: true,
                private: false,
            },
            cell: OnceLock::new(),
        });
        registry.insert(key.into(), atom);
        atom
    }

    /// The atom's text: a string's characters, or a symbol's description.
    pub fn text(self) -> &'static [u16] {
        &TABLE.entry(self).text
    }

    pub fn kind(self) -> AtomKind {
        TABLE.entry(self).kind
    }

    pub fn is_symbol(self) -> bool {
        matches!(self.kind(), AtomKind::Symbol { .. })
    }

    /// A symbol's description (None when undefined); None for strings.
    pub fn description(self) -> Option<&'static [u16]> {
        match self.kind() {
            AtomKind::Symbol {
                described: true, ..
            } => Some(self.text()),
            _ => None,
        }
    }

    pub fn to_rust_string(self) -> String {
        String::from_utf16_lossy(self.text())
    }
}

impl std::fmt::Debug for Atom {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.is_symbol() {
            write!(f, "Symbol({})", self.to_rust_string())
        } else {
            write!(f, "{:?}", self.to_rust_string())
        }
    }
}

macro_rules! predefined_atoms {
    ($($name:ident = $text:literal,)*) => {
        const PREDEFINED: &[&str] = &[$($text,)*];
        #[allow(non_camel_case_types, clippy::upper_case_acronyms)]
        #[repr(u32)]
        enum PredefinedIndex { $($name,)* Count }
        /// Atoms for names the engine uses itself, interned at start-up.
        pub mod names {
            use super::Atom;
            $(pub const $name: Atom = Atom(super::PredefinedIndex::$name as u32);)*
        }
    };
}

macro_rules! well_known_symbols {
    ($($name:ident = $text:literal,)*) => {
        const WELL_KNOWN_SYMBOLS: &[&str] = &[$($text,)*];
        #[allow(non_camel_case_types, clippy::upper_case_acronyms)]
        #[repr(u32)]
        enum SymbolIndex { $($name,)* }
        /// The well-known symbols (`Symbol.iterator`, …).
        pub mod symbols {
            use super::Atom;
            $(pub const $name: Atom = Atom(super::PredefinedIndex::Count as u32 + super::SymbolIndex::$name as u32);)*
        }
    };
}

predefined_atoms! {
    EMPTY = "",
    LENGTH = "length",
    PROTOTYPE = "prototype",
    CONSTRUCTOR = "constructor",
    NAME = "name",
    MESSAGE = "message",
    STACK = "stack",
    CAUSE = "cause",
    ERRORS = "errors",
    TO_STRING = "toString",
    VALUE_OF = "valueOf",
    TO_JSON = "toJSON",
    VALUE = "value",
    DONE = "done",
    NEXT = "next",
    RETURN = "return",
    THROW = "throw",
    GET = "get",
    SET = "set",
    WRITABLE = "writable",
    ENUMERABLE = "enumerable",
    CONFIGURABLE = "configurable",
    CALLEE = "callee",
    CALLER = "caller",
    ARGUMENTS = "arguments",
    THEN = "then",
    UNDEFINED = "undefined",
    NULL = "null",
    TRUE = "true",
    FALSE = "false",
    NAN = "NaN",
    INFINITY = "Infinity",
    OBJECT = "object",
    FUNCTION = "function",
    STRING = "string",
    NUMBER = "number",
    BOOLEAN = "boolean",
    SYMBOL = "symbol",
    BIGINT = "bigint",
    DEFAULT = "default",
    INDEX = "index",
    INPUT = "input",
    GROUPS = "groups",
    INDICES = "indices",
    LAST_INDEX = "lastIndex",
    SOURCE = "source",
    FLAGS = "flags",
    GLOBAL = "global",
    RAW = "raw",
    ANONYMOUS = "anonymous",
    EVAL = "eval",
    GLOBAL_THIS = "globalThis",
    PROTO = "__proto__",
    JOIN = "join",
    ADD = "add",
    HAS = "has",
    KEYS = "keys",
    SIZE = "size",
    RESOLVE = "resolve",
    STATUS = "status",
    REASON = "reason",
}

well_known_symbols! {
    ASYNC_DISPOSE = "asyncDispose",
    ASYNC_ITERATOR = "asyncIterator",
    DISPOSE = "dispose",
    HAS_INSTANCE = "hasInstance",
    IS_CONCAT_SPREADABLE = "isConcatSpreadable",
    ITERATOR = "iterator",
    MATCH = "match",
    MATCH_ALL = "matchAll",
    REPLACE = "replace",
    SEARCH = "search",
    SPECIES = "species",
    SPLIT = "split",
    TO_PRIMITIVE = "toPrimitive",
    TO_STRING_TAG = "toStringTag",
    UNSCOPABLES = "unscopables",
}

/// Every well-known symbol with its short name (`"iterator"`, …), in order.
pub fn well_known_symbols() -> impl Iterator<Item = (&'static str, Atom)> {
    WELL_KNOWN_SYMBOLS
        .iter()
        .enumerate()
        .map(|(i, name)| (*name, Atom(PredefinedIndex::Count as u32 + i as u32)))
}

/// Makes sure the table (and so the predefined atoms) exists.
pub fn init() {
    LazyLock::force(&TABLE);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn predefined_atoms_have_their_text() {
        init();
        assert_eq!(names::LENGTH.to_rust_string(), "length");
        assert_eq!(Atom::intern_str("length"), names::LENGTH);
        assert!(symbols::ITERATOR.is_symbol());
        assert_eq!(symbols::ITERATOR.to_rust_string(), "Symbol.iterator");
        assert_eq!(symbols::UNSCOPABLES.to_rust_string(), "Symbol.unscopables");
    }

    #[test]
    fn interning_is_stable_and_symbols_are_unique() {
        let a = Atom::intern_str("some-key");
        assert_eq!(a, Atom::intern_str("some-key"));
        assert!(!a.is_symbol());
        let s1 = Atom::new_symbol(Some(&[0x61]));
        let s2 = Atom::new_symbol(Some(&[0x61]));
        assert_ne!(s1, s2);
        assert_eq!(s1.description(), Some(&[0x61][..]));
        assert_eq!(Atom::new_symbol(None).description(), None);
        let r = Atom::registered_symbol(&[0x62]);
        assert_eq!(r, Atom::registered_symbol(&[0x62]));
    }

    #[test]
    fn threads_interning_the_same_names_agree() {
        let handles: Vec<_> = (0..4)
            .map(|_| {
                std::thread::spawn(|| {
                    (0..if cfg!(miri) { 100 } else { 2000 })
                        .map(|i| Atom::intern_str(&format!("k{i}")))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        let results: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
        for r in &results[1..] {
            assert_eq!(r, &results[0]);
        }
    }
}
