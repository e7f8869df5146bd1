//! Bytecode: the instruction set, and code blocks (one per function).
//!
//! A register machine: every instruction names frame registers (`Reg`),
//! constants (`ConstIdx`) or jump targets (instruction indices). A code
//! block is immutable once compiled and shared by every thread (`Arc`);
//! inline-cache entries live beside it in `ic`, each one atomic word.
//! `disasm.rs` prints it (`weft --dump-bytecode`).

pub mod disasm;
pub mod module;

use std::sync::Arc;
use std::sync::atomic::Ordering;

use crate::string::Atom;

pub type Reg = u16;

/// When `IteratorUnpack` reads an iterator result's `value` (each read is
/// observable, so each user reads exactly what the spec does).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnpackValue {
    /// Iteration: the value of each step, never the final one.
    WhileNotDone,
    /// `yield*` in a generator: the final value is the expression's; the
    /// other results are yielded as they are.
    WhenDone,
    /// `yield*` in an async generator, which yields the values.
    Always,
}
pub type ConstIdx = u32;
pub type Target = u32;

/// Binary operators with the spec's semantics.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Rem,
    Exp,
    BitAnd,
    BitOr,
    BitXor,
    Shl,
    Sar,
    Shr,
    Eq,
    Ne,
    StrictEq,
    StrictNe,
    Lt,
    Le,
    Gt,
    Ge,
    InstanceOf,
    In,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnOp {
    Neg,
    Plus,
    Not,
    BitNot,
    TypeOf,
    Void,
    ToNumeric,
    Inc,
    Dec,
    ToPropertyKey,
    ToString,
    ToObject,
}

/// Errors the compiler decides to throw at a spot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ThrowKind {
    /// Assignment to a const binding (the constant names it).
    ConstAssign,
    /// A reference that can never be valid (`1 = 2` at runtime).
    ReferenceError,
    TypeError,
    SyntaxError,
}

/// Function kinds, as closures need them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FunctionKind {
    Normal,
    Arrow,
    Method,
    Getter,
    Setter,
    ClassConstructor,
    DerivedConstructor,
    /// Class field initializers and static blocks.
    ClassInitializer,
    Script,
    Module,
    Eval,
}

/// How a code block's body runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct CodeFlags {
    pub strict: bool,
    pub generator: bool,
    pub is_async: bool,
    /// Has a `this` of its own (not an arrow, script-level code uses global).
    pub has_own_this: bool,
    /// Creates an arguments object at entry into this register.
    pub arguments_reg: Option<Reg>,
    pub mapped_arguments: bool,
    /// Parameters are simple (no defaults, patterns, rest).
    pub simple_params: bool,
}

/// One instruction.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Insn {
    Nop,
    Mov {
        dst: Reg,
        src: Reg,
    },
    LoadUndefined {
        dst: Reg,
    },
    LoadNull {
        dst: Reg,
    },
    LoadBool {
        dst: Reg,
        value: bool,
    },
    LoadInt {
        dst: Reg,
        value: i32,
    },
    LoadConst {
        dst: Reg,
        index: ConstIdx,
    },
    /// The TDZ marker.
    LoadUninitialized {
        dst: Reg,
    },
    LoadThis {
        dst: Reg,
    },
    LoadNewTarget {
        dst: Reg,
    },
    LoadCallee {
        dst: Reg,
    },
    /// `import.meta`.
    LoadImportMeta {
        dst: Reg,
    },
    /// Rest parameter: an array of the arguments from `from` on.
    LoadRest {
        dst: Reg,
        from: u16,
    },
    /// Throws a ReferenceError if `src` holds the TDZ marker.
    CheckTdz {
        src: Reg,
        name: ConstIdx,
    },
    /// Throws if `this` is still uninitialized (derived constructors).
    CheckThisInitialized,

    Binary {
        op: BinOp,
        dst: Reg,
        lhs: Reg,
        rhs: Reg,
    },
    Unary {
        op: UnOp,
        dst: Reg,
        src: Reg,
    },

    Jump {
        target: Target,
    },
    JumpIfTrue {
        cond: Reg,
        target: Target,
    },
    JumpIfFalse {
        cond: Reg,
        target: Target,
    },
    JumpIfNullish {
        src: Reg,
        target: Target,
    },
    JumpIfNotNullish {
        src: Reg,
        target: Target,
    },
    JumpIfUndefined {
        src: Reg,
        target: Target,
    },
    JumpIfNotUndefined {
        src: Reg,
        target: Target,
    },

    /// Enters a new environment with `slots` slots (all uninitialized or
    /// undefined per `scope`), child of the current one.
    PushEnv {
        scope: ConstIdx,
    },
    PopEnv,
    /// Replaces the current environment by a copy (per-iteration `let`).
    CopyEnv,
    SaveEnv {
        dst: Reg,
    },
    RestoreEnv {
        src: Reg,
    },
    GetEnv {
        dst: Reg,
        depth: u16,
        slot: u16,
    },
    /// GetEnv that throws a ReferenceError on the TDZ marker.
    GetEnvChecked {
        dst: Reg,
        depth: u16,
        slot: u16,
        name: ConstIdx,
    },
    SetEnv {
        src: Reg,
        depth: u16,
        slot: u16,
    },
    /// Reads an import binding of a module: the slot `depth` levels up
    /// holds an import cell (or a namespace object), through which the
    /// exporting module's binding is read, live; a ReferenceError in its
    /// TDZ.
    GetImport {
        dst: Reg,
        depth: u16,
        slot: u16,
        name: ConstIdx,
    },
    /// SetEnv that throws on the TDZ marker (assignment before init).
    SetEnvChecked {
        src: Reg,
        depth: u16,
        slot: u16,
        name: ConstIdx,
    },

    /// Global (or dynamically scoped) name lookups.
    GetGlobal {
        dst: Reg,
        name: ConstIdx,
        ic: u32,
    },
    /// `typeof name`: undefined instead of a ReferenceError.
    TypeofGlobal {
        dst: Reg,
        name: ConstIdx,
    },
    SetGlobal {
        src: Reg,
        name: ConstIdx,
        ic: u32,
    },
    /// Initializes a global lexical binding (`let`/`const`/`class` at top).
    InitGlobalLexical {
        src: Reg,
        name: ConstIdx,
    },
    DeleteGlobal {
        dst: Reg,
        name: ConstIdx,
    },
    /// GlobalDeclarationInstantiation / EvalDeclarationInstantiation.
    DeclareGlobals {
        index: ConstIdx,
    },
    /// Dynamic name resolution through `with` objects and eval-created vars.
    GetName {
        dst: Reg,
        name: ConstIdx,
    },
    TypeofName {
        dst: Reg,
        name: ConstIdx,
    },
    SetName {
        src: Reg,
        name: ConstIdx,
    },
    DeleteName {
        dst: Reg,
        name: ConstIdx,
    },
    /// Resolves `name` once for a compound assignment or update, so the
    /// read and the write reach the same binding even if the read changes
    /// what the name would resolve to (a getter deleting a `with` object's
    /// property, an eval declaring a var): `dst` gets the object or
    /// environment the name was found on, or null to look it up again.
    ResolveName {
        dst: Reg,
        name: ConstIdx,
    },
    /// Reads `name` through a reference made by `ResolveName`.
    GetRef {
        dst: Reg,
        reference: Reg,
        name: ConstIdx,
    },
    /// Writes `name` through a reference made by `ResolveName`.
    SetRef {
        reference: Reg,
        name: ConstIdx,
        src: Reg,
    },
    /// Resolves `name` for a call: `this` becomes the `with` object if the
    /// name was found on one, else undefined.
    GetNameWithThis {
        dst: Reg,
        this: Reg,
        name: ConstIdx,
    },
    /// Enters a `with` object environment.
    PushWith {
        object: Reg,
    },

    GetProp {
        dst: Reg,
        obj: Reg,
        name: ConstIdx,
        ic: u32,
    },
    SetProp {
        obj: Reg,
        name: ConstIdx,
        src: Reg,
        ic: u32,
    },
    GetElem {
        dst: Reg,
        obj: Reg,
        key: Reg,
    },
    SetElem {
        obj: Reg,
        key: Reg,
        src: Reg,
    },
    DeleteProp {
        dst: Reg,
        obj: Reg,
        name: ConstIdx,
    },
    DeleteElem {
        dst: Reg,
        obj: Reg,
        key: Reg,
    },
    /// `super[key]` / `super.key` (home object's prototype, with this).
    GetSuper {
        dst: Reg,
        key: Reg,
    },
    SetSuper {
        key: Reg,
        src: Reg,
    },
    GetPrivate {
        dst: Reg,
        obj: Reg,
        name: Reg,
    },
    SetPrivate {
        obj: Reg,
        name: Reg,
        src: Reg,
    },
    /// Adds a private field (throws if present).
    DefinePrivate {
        obj: Reg,
        name: Reg,
        src: Reg,
    },
    /// Installs a private method or accessor on `obj`: `getter` and the
    /// register after it hold the method/getter and the setter (either may
    /// be undefined). The entry is read-only.
    DefinePrivateMethod {
        obj: Reg,
        name: Reg,
        getter: Reg,
    },
    /// `#x in obj`.
    HasPrivate {
        dst: Reg,
        obj: Reg,
        name: Reg,
    },
    /// CreateDataPropertyOrThrow (object and array literals).
    DefineOwn {
        obj: Reg,
        key: Reg,
        src: Reg,
    },
    DefineOwnNamed {
        obj: Reg,
        name: ConstIdx,
        src: Reg,
    },
    /// Defines an accessor half (`get`/`set` in literals and classes);
    /// `enumerable` is true in object literals.
    DefineGetter {
        obj: Reg,
        key: Reg,
        func: Reg,
        enumerable: bool,
    },
    DefineSetter {
        obj: Reg,
        key: Reg,
        func: Reg,
        enumerable: bool,
    },
    /// Defines a method (non-enumerable when `enumerable` is false) and
    /// makes `obj` its home object.
    DefineMethod {
        obj: Reg,
        key: Reg,
        func: Reg,
        enumerable: bool,
    },
    /// Sets the function's home object (for `super` in methods).
    SetHomeObject {
        func: Reg,
        home: Reg,
    },
    /// Sets a function's `name` from a key (anonymous function naming).
    SetFunctionName {
        func: Reg,
        key: Reg,
        prefix: u8,
    },
    /// `{...src}` and object rest: copies own enumerable properties of
    /// `src` into `dst`, skipping the keys in the array `excluded`.
    CopyDataProperties {
        dst: Reg,
        src: Reg,
        excluded: Reg,
    },
    /// `__proto__: value` in an object literal.
    SetProtoLiteral {
        obj: Reg,
        src: Reg,
    },
    NewObject {
        dst: Reg,
    },
    NewArray {
        dst: Reg,
    },
    ArrayPush {
        array: Reg,
        src: Reg,
    },
    ArrayPushHole {
        array: Reg,
    },
    /// Appends every value of `iterable` to `array`.
    ArraySpread {
        array: Reg,
        iterable: Reg,
    },
    NewRegExp {
        dst: Reg,
        pattern: ConstIdx,
        flags: ConstIdx,
    },
    /// The template object for a tagged template site.
    GetTemplateObject {
        dst: Reg,
        index: ConstIdx,
    },

    MakeClosure {
        dst: Reg,
        index: ConstIdx,
    },
    /// Creates a class: constructor from `ctor` closure, heritage in
    /// `parent` (or the hole for no `extends`); writes the constructor to
    /// `dst` and its prototype to `proto`.
    MakeClass {
        dst: Reg,
        proto: Reg,
        ctor: ConstIdx,
        parent: Reg,
        has_parent: bool,
        name: ConstIdx,
    },
    /// Creates a fresh private name with description `name`.
    NewPrivateName {
        dst: Reg,
        name: ConstIdx,
    },
    /// Stores the field-initializer function on the class constructor.
    SetClassFields {
        ctor: Reg,
        init: Reg,
    },
    /// Runs the instance field initializer of the active function's
    /// class on `this` (base constructors at entry, derived after super).
    InitFields,

    Call {
        dst: Reg,
        callee: Reg,
        this: Reg,
        args: Reg,
        argc: u16,
    },
    /// Call with an array of arguments (spread).
    CallArray {
        dst: Reg,
        callee: Reg,
        this: Reg,
        args: Reg,
    },
    /// A call that is a direct eval if `callee` is the realm's eval.
    CallEval {
        dst: Reg,
        callee: Reg,
        args: Reg,
        argc: u16,
        scope: ConstIdx,
    },
    New {
        dst: Reg,
        callee: Reg,
        args: Reg,
        argc: u16,
    },
    NewWithArray {
        dst: Reg,
        callee: Reg,
        args: Reg,
    },
    SuperCall {
        dst: Reg,
        args: Reg,
        argc: u16,
    },
    SuperCallArray {
        dst: Reg,
        args: Reg,
    },
    /// `import(specifier, options)`.
    ImportCall {
        dst: Reg,
        specifier: Reg,
        options: Reg,
    },
    Return {
        src: Reg,
    },
    Throw {
        src: Reg,
    },
    ThrowError {
        kind: ThrowKind,
        message: ConstIdx,
    },

    GetIterator {
        dst: Reg,
        src: Reg,
        is_async: bool,
    },
    /// Calls the iterator's `next`; writes the result object.
    IteratorNext {
        dst: Reg,
        iter: Reg,
    },
    /// Reads `done` of an iterator result (throws TypeError if it is not
    /// an object), and `value` when `read` says.
    IteratorUnpack {
        done: Reg,
        value: Reg,
        result: Reg,
        read: UnpackValue,
    },
    /// IteratorClose when leaving a loop or destructuring early. `quiet`
    /// (a throw is already propagating) ignores errors from `return`.
    IteratorClose {
        iter: Reg,
        quiet: bool,
    },
    /// AsyncIteratorClose's call: unless the iterator is done or has no
    /// `return`, calls it, writes the result to `dst` (to be awaited and
    /// checked by `IteratorResultCheck`) and sets `called`.
    AsyncIteratorReturn {
        dst: Reg,
        called: Reg,
        iter: Reg,
    },
    /// Throws a TypeError if an iterator's `return` result is not an object.
    IteratorResultCheck {
        src: Reg,
    },
    /// Throws a TypeError for null and undefined (destructuring).
    RequireObjectCoercible {
        src: Reg,
    },
    /// Creates the arguments object of the running function.
    CreateArguments {
        dst: Reg,
        mapped: bool,
    },
    /// Reads the next value of an iterator for array destructuring: writes
    /// undefined and sets `done` once exhausted.
    IteratorStep {
        value: Reg,
        done: Reg,
        iter: Reg,
    },
    ForInStart {
        dst: Reg,
        obj: Reg,
    },
    /// Next key of a for-in, or jumps to `target` when done.
    ForInNext {
        dst: Reg,
        iter: Reg,
        target: Target,
    },

    /// Suspends a generator yielding `src`; on resume writes the sent value
    /// to `dst` and the resumption kind (0 next, 1 throw, 2 return) to
    /// `kind`. `delegate`: `src` is already an iterator result (`yield*`).
    Yield {
        dst: Reg,
        kind: Reg,
        src: Reg,
        delegate: bool,
    },
    /// The first suspension of a generator (after parameters).
    GeneratorStart,
    Await {
        dst: Reg,
        src: Reg,
    },
    /// `yield*` step: delegates one resumption to `iter`; writes the
    /// inner result and whether it is done.
    YieldStar {
        dst: Reg,
        iter: Reg,
        received: Reg,
        kind: Reg,
    },
    /// In async generators: await then yield.
    AsyncGeneratorYield {
        dst: Reg,
        kind: Reg,
        src: Reg,
    },

    /// A new disposal scope for a block's `using` declarations.
    DisposeNew {
        dst: Reg,
    },
    /// AddDisposableResource of `value` for `using` (or `await using`).
    DisposeAdd {
        scope: Reg,
        value: Reg,
        is_async: bool,
    },
    /// Starts disposing: `kind` is the completion kind the scope is left
    /// with (for a throw, `value` is the error).
    DisposeBegin {
        scope: Reg,
        kind: Reg,
        value: Reg,
    },
    /// Disposes resources until one needs an await: writes the value to
    /// await to `dst`, or jumps to `target` once all are disposed.
    DisposeStep {
        dst: Reg,
        scope: Reg,
        target: Target,
    },
    /// An awaited disposal threw `error`.
    DisposeError {
        scope: Reg,
        error: Reg,
    },
    /// Ends disposing: throws the completion's error, if it is a throw.
    DisposeEnd {
        scope: Reg,
    },

    /// At a catch handler: moves the thrown value into `dst`.
    Catch {
        dst: Reg,
    },
    /// Starts a finally block's bookkeeping: nothing at runtime.
    Debugger,
}

/// A constant in a code block's pool.
#[derive(Clone, Debug)]
pub enum Constant {
    Number(f64),
    String(Atom),
    /// A string with lone surrogates (not interned).
    Utf16(Arc<[u16]>),
    BigInt(Arc<str>),
    Function(Arc<Code>),
    Scope(Arc<ScopeInfo>),
    Globals(Arc<GlobalDecls>),
    Template(Arc<TemplateSite>),
}

/// What an environment created by `PushEnv` holds.
#[derive(Clone, Debug, Default)]
pub struct ScopeInfo {
    /// Slot names (for eval and debugging); index = slot.
    pub names: Vec<Atom>,
    /// Slots that start in the TDZ (let/const/class).
    pub lexical: Vec<bool>,
    /// Slots that are const (assignment throws).
    pub constant: Vec<bool>,
    /// Slots some code assigns after their initialization (empty: not
    /// known, so any may be). A binding nobody reassigns cannot race, so
    /// the step log leaves out reading it.
    pub assigned: Vec<bool>,
    /// Function-scope environment of sloppy code with direct eval: eval may
    /// add var bindings to it.
    pub dynamic_vars: bool,
    /// The scope's own `this`/function boundary (for eval inside it).
    pub is_function_scope: bool,
}

/// Declarations a script or eval instantiates before running.
#[derive(Clone, Debug, Default)]
pub struct GlobalDecls {
    /// `var` names (created as undefined if absent).
    pub vars: Vec<Atom>,
    /// Function declarations: name and the closure's function index.
    pub functions: Vec<(Atom, ConstIdx)>,
    /// `let`/`const`/`class` names (global lexical record), and constness.
    pub lexicals: Vec<(Atom, bool)>,
    /// Eval code: the declarations are made in the caller's var scope.
    pub is_eval: bool,
    pub strict: bool,
}

/// A tagged template's strings.
#[derive(Clone, Debug)]
pub struct TemplateSite {
    pub cooked: Vec<Option<Arc<[u16]>>>,
    pub raw: Vec<Arc<[u16]>>,
    /// Unique per site: the realm caches the template object under it.
    pub id: u64,
}

/// A try block's handler.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Handler {
    pub start: u32,
    pub end: u32,
    pub target: u32,
}

/// A source file shared by its code blocks.
pub struct Source {
    pub name: String,
    pub text: String,
    line_starts: Vec<u32>,
}

impl Source {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Arc<Source> {
        let text = text.into();
        let mut line_starts = vec![0];
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => line_starts.push(i as u32 + 1),
                b'\r' => {
                    if bytes.get(i + 1) == Some(&b'\n') {
                        i += 1;
                    }
                    line_starts.push(i as u32 + 1);
                }
                0xE2 if bytes.get(i + 1) == Some(&0x80)
                    && matches!(bytes.get(i + 2), Some(0xA8 | 0xA9)) =>
                {
                    i += 2;
                    line_starts.push(i as u32 + 1);
                }
                _ => {}
            }
            i += 1;
        }
        Arc::new(Source {
            name: name.into(),
            text,
            line_starts,
        })
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: u32) -> (u32, u32) {
        let line = self.line_starts.partition_point(|&s| s <= offset).max(1);
        let start = self.line_starts[line - 1] as usize;
        let end = (offset as usize).min(self.text.len());
        let col = self
            .text
            .get(start..end)
            .map_or(end - start, |s| s.chars().count());
        (line as u32, col as u32 + 1)
    }

    /// The text of a 1-based line (without its terminator).
    pub fn line_text(&self, line: u32) -> &str {
        let i = (line as usize).saturating_sub(1);
        let start = self.line_starts.get(i).copied().unwrap_or(0) as usize;
        let end = self
            .line_starts
            .get(i + 1)
            .map_or(self.text.len(), |&e| e as usize);
        self.text
            .get(start..end)
            .unwrap_or("")
            .trim_end_matches(['\n', '\r'])
    }
}

impl std::fmt::Debug for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Source({})", self.name)
    }
}

/// A compiled function (or script, module, eval body).
#[derive(Debug)]
pub struct Code {
    pub name: Atom,
    pub kind: FunctionKind,
    pub flags: CodeFlags,
    pub insns: Vec<Insn>,
    pub constants: Vec<Constant>,
    pub handlers: Vec<Handler>,
    /// Registers in a frame (parameters first).
    pub register_count: u16,
    /// Declared parameters (before any rest), for the frame layout.
    pub param_count: u16,
    /// `length` of the function object.
    pub length: u16,
    /// (instruction index, source byte offset), ascending.
    pub positions: Vec<(u32, u32)>,
    /// (call or `new` instruction, start and end of its callee in the
    /// source), ascending: error messages name the callee.
    pub callee_spans: Box<[(u32, u32, u32)]>,
    pub source: Arc<Source>,
    /// Byte range of the function in the source (for Function.prototype.toString).
    pub span: (u32, u32),
    /// Inline cache words, one per IC site (see `InlineCache`).
    pub ic: Box<[InlineCache]>,
    /// The scope of the function body itself, if it needs an environment.
    pub function_scope: Option<ConstIdx>,
}

impl Code {
    /// The source offset of instruction `pc`.
    pub fn position(&self, pc: usize) -> Option<u32> {
        let i = self.positions.partition_point(|&(p, _)| p as usize <= pc);
        if i == 0 {
            self.positions.first().map(|p| p.1)
        } else {
            Some(self.positions[i - 1].1)
        }
    }

    /// The source text of the callee of call instruction `pc`, if known.
    pub fn callee_source(&self, pc: usize) -> Option<&str> {
        let i = self
            .callee_spans
            .binary_search_by_key(&(pc as u32), |&(p, _, _)| p)
            .ok()?;
        let (_, start, end) = self.callee_spans[i];
        self.source.text.get(start as usize..end as usize)
    }

    pub fn name_string(&self) -> String {
        self.name.to_rust_string()
    }

    /// The source text of this function.
    pub fn source_text(&self) -> &str {
        self.source
            .text
            .get(self.span.0 as usize..self.span.1 as usize)
            .unwrap_or("")
    }
}

/// One inline-cache entry: (shape id, slot) packed in one atomic word, so a
/// racing reader sees the old entry or the new one, never half of each.
#[derive(Debug)]
pub struct InlineCache(crate::sync::AtomicU64);

impl Default for InlineCache {
    fn default() -> Self {
        InlineCache::new()
    }
}

impl InlineCache {
    const EMPTY: u64 = u64::MAX;

    pub fn new() -> InlineCache {
        InlineCache(crate::sync::AtomicU64::new(Self::EMPTY))
    }

    #[inline]
    pub fn get(&self) -> Option<(u32, u32)> {
        let w = self.0.load(Ordering::Relaxed);
        if w == Self::EMPTY {
            None
        } else {
            Some(((w >> 32) as u32, w as u32))
        }
    }

    #[inline]
    pub fn set(&self, shape: u32, slot: u32) {
        self.0
            .store(((shape as u64) << 32) | slot as u64, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_of_offsets() {
        let s = Source::new("t.js", "ab\ncdé\r\nx");
        assert_eq!(s.line_col(0), (1, 1));
        assert_eq!(s.line_col(3), (2, 1));
        assert_eq!(s.line_col(7), (2, 4)); // after 'é' (2 bytes): column counts chars
        assert_eq!(s.line_col(9), (3, 1));
        assert_eq!(s.line_text(2), "cdé");
    }

    #[test]
    fn inline_cache_words_round_trip() {
        let ic = InlineCache::new();
        assert_eq!(ic.get(), None);
        ic.set(7, 3);
        assert_eq!(ic.get(), Some((7, 3)));
    }

    #[test]
    fn instructions_stay_small() {
        assert!(
            std::mem::size_of::<Insn>() <= 16,
            "{}",
            std::mem::size_of::<Insn>()
        );
    }
}
