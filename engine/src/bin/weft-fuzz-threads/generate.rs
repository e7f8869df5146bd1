//! Random racing programs: 2–8 threads share a pool of objects, arrays,
//! Maps, Sets, strings, typed arrays over a SharedArrayBuffer, prototypes
//! and closures, and run random mixes of operations on them. Besides the
//! free-for-all on the pool, each thread does disciplined work whose end
//! state the memory model fixes (docs/threads.md): Lock-protected and
//! Atomics counters are exact, pushes to one array and additions of
//! distinct properties to one object are never lost, and every value read
//! anywhere is some value of a legal type (no torn or invented values).
//!
//! A program is its statements per thread (`Program::bodies`), so that a
//! failure can be reduced by deleting statements; the expected totals are
//! recomputed from what is left.

/// xorshift64*: deterministic, dependency-free.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// Objects, arrays, Maps and Sets in the shared pool.
const POOL: usize = 4;
/// Property names the chaos operations use.
const KEYS: &[&str] = &["a", "b", "c", "n", "x0", "length2", "0", "1", "7"];

/// One statement of a thread's body, with what it adds to the totals the
/// final checks expect.
#[derive(Clone, Debug)]
pub struct Statement {
    pub text: String,
    pub effect: Effect,
}

/// What a statement contributes to the disciplined totals.
#[derive(Clone, Copy, Debug, Default)]
pub struct Effect {
    pub locked: u64,
    pub atomic: u64,
    pub typed: u64,
    pub pushes: u64,
    pub map_sets: u64,
    /// The statement starts asynchronous work (a promise it adds to its
    /// thread's `pending`), so the main thread must not block in `join`.
    pub is_async: bool,
    /// A property `t<thread>_<index>` added to `P.adds`.
    pub added: Option<u64>,
}

/// A generated program: one body per thread (body 0 runs on the main
/// thread while the others run).
#[derive(Clone, Debug)]
pub struct Program {
    pub seed: u64,
    pub bodies: Vec<Vec<Statement>>,
}

impl Program {
    pub fn generate(seed: u64) -> Program {
        let mut rng = Rng::new(seed);
        let threads = 2 + rng.below(7);
        let bodies = (0..threads)
            .map(|t| {
                let n = 5 + rng.below(40);
                let mut added = 0;
                (0..n).map(|_| statement(&mut rng, t, &mut added)).collect()
            })
            .collect();
        Program { seed, bodies }
    }

    /// How many statements it has.
    pub fn size(&self) -> usize {
        self.bodies.iter().map(Vec::len).sum()
    }

    /// The program's source text.
    pub fn render(&self) -> String {
        let mut total = Effect::default();
        let mut added = Vec::new();
        for (t, body) in self.bodies.iter().enumerate() {
            for s in body {
                total.locked += s.effect.locked;
                total.atomic += s.effect.atomic;
                total.typed += s.effect.typed;
                total.pushes += s.effect.pushes;
                total.map_sets += s.effect.map_sets;
                total.is_async |= s.effect.is_async;
                if let Some(k) = s.effect.added {
                    added.push(format!("t{t}_{k}"));
                }
            }
        }
        let mut out = String::new();
        out.push_str(&format!(
            "// weft-fuzz-threads program, seed {}: {} threads.\n",
            self.seed,
            self.bodies.len()
        ));
        out.push_str(PRELUDE);
        for (t, body) in self.bodies.iter().enumerate() {
            // A body's asynchronous work settles into `pending`; a thread
            // has finished only once that work is done, so `join` waits
            // for it on the other threads, and the main thread awaits it.
            out.push_str(&format!("function body{t}(P) {{\n  const pending = [];\n"));
            for s in body {
                out.push_str("  try { ");
                out.push_str(&s.text);
                out.push_str(" } catch (e) { expected(e); }\n");
            }
            out.push_str("  return Promise.all(pending);\n}\n");
        }
        let others: Vec<String> = (1..self.bodies.len())
            .map(|t| format!("new Thread(body{t}, P)"))
            .collect();
        let check = format!(
            "check({}, {}, {}, {}, {}, {})",
            total.locked,
            total.atomic,
            total.typed,
            total.pushes,
            total.map_sets,
            js_array(&added)
        );
        out.push_str(&format!(
            "const threads = [{}];\nconst mainDone = body0(P);\n",
            others.join(", ")
        ));
        if total.is_async {
            // The main thread may have been granted `P.alock` for work its
            // event loop has not run yet: blocking in `join` on a thread
            // that waits for that lock would deadlock, so join without
            // blocking.
            out.push_str(&format!(
                "Promise.all([mainDone, ...threads.map((t) => t.asyncJoin().catch(expected))]).then(() => {check});\n"
            ));
        } else {
            out.push_str(&format!(
                "for (const t of threads) {{ try {{ t.join(); }} catch (e) {{ expected(e); }} }}\nmainDone.then(() => {check});\n"
            ));
        }
        out
    }
}

fn js_array(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| format!("'{s}'")).collect();
    format!("[{}]", quoted.join(", "))
}

/// The shared pool, the value checks and the final checks. A check that
/// fails prints a line starting `FUZZ FAIL:` and throws.
const PRELUDE: &str = r#""use strict";
function fail(what) { print("FUZZ FAIL: " + what); throw new Error("FUZZ FAIL: " + what); }
// Every value a program can write or build: small integers (and NaN),
// short lowercase strings, booleans, undefined, null, objects and
// functions. A torn or invented value would be none of these.
function legal(v) {
  switch (typeof v) {
    case "undefined": case "boolean": case "object": case "function": return true;
    // (NaN: Atomics.add on a property that held undefined or a string.)
    case "number": return Number.isNaN(v) || (Number.isInteger(v) && v >= -100000 && v <= 10000000);
    case "string": return v.length <= 4096 && /^[a-z0-9_,:{}\[\]"\-. ]*$/.test(v);
    default: return false;
  }
}
function int32(v, where) { if (!Number.isInteger(v) || v < -2147483648 || v > 4294967295) fail("illegal typed value " + String(v) + " read from " + where); return v; }
function chk(v, where) { if (!legal(v)) fail("illegal value " + String(v) + " read from " + where); return v; }
// Exceptions the operations may throw on purpose (frozen objects, cycles,
// misuse of Lock and Condition, a thread that throws): only Errors.
function expected(e) { if (!(e instanceof Error) || String(e.message).startsWith("FUZZ FAIL")) throw e; }
const P = {
  o: [], a: [], m: [], s: [], str: "s",
  ta: new Int32Array(new SharedArrayBuffer(64)),
  lock: new Lock(), cond: new Condition(),
  // Hand-offs: hlock is only ever held briefly and synchronously; alock is
  // only ever taken asynchronously, so no thread blocks on it.
  hlock: new Lock(), hcond: new Condition(),
  // alocked.n counts increments made holding alock; aexpect.n the
  // asyncHold requests that will make one, counted once a request is
  // made (a statement can fail before, if the system refuses a thread).
  alock: new Lock(), acond: new Condition(), alocked: { n: 0 }, aexpect: { n: 0 },
  // Never held: waiting on xcond with it is always a mistake.
  xlock: new Lock(), xcond: new Condition(),
  locked: { n: 0 }, atomic: { n: 0 }, pushes: [], adds: {}, map: new Map(),
  protos: [{ p: 1 }, { p: 2 }, Object.create(null)],
  fns: [],
};
for (let i = 0; i < 4; i++) {
  P.o.push({ a: i, b: "s" + i, n: 0 });
  P.a.push([i, i + 1, i + 2]);
  P.m.push(new Map([[i, "v" + i]]));
  P.s.push(new Set([i]));
  const k = i;
  P.fns.push(() => k + 1);
}
function check(locked, atomic, typed, pushes, mapSets, added) {
  if (P.alocked.n !== P.aexpect.n) fail("asyncHold-protected counter " + P.alocked.n + ", expected " + P.aexpect.n);
  for (let k = 0; k < 15; k++) int32(Atomics.load(P.ta, k), "typed element " + k);
  if (P.locked.n !== locked) fail("Lock-protected counter " + P.locked.n + ", expected " + locked);
  if (P.atomic.n !== atomic) fail("Atomics.add counter " + P.atomic.n + ", expected " + atomic);
  if (Atomics.load(P.ta, 15) !== typed) fail("typed-array counter " + Atomics.load(P.ta, 15) + ", expected " + typed);
  if (P.pushes.length !== pushes) fail("pushes " + P.pushes.length + ", expected " + pushes);
  for (const v of P.pushes) if (typeof v !== "number") fail("pushed value " + String(v));
  if (P.map.size !== mapSets) fail("Map size " + P.map.size + ", expected " + mapSets);
  for (const k of added) if (P.adds[k] !== k) fail("added property " + k + " is " + String(P.adds[k]));
  if (Object.keys(P.adds).length !== added.length) fail("P.adds has " + Object.keys(P.adds).length + " keys, expected " + added.length);
  for (const group of [P.o, P.a, P.protos]) {
    for (const o of group) {
      for (const key of Reflect.ownKeys(o)) {
        const d = Object.getOwnPropertyDescriptor(o, key);
        if (!d) continue;
        if ("value" in d) chk(d.value, "property " + String(key));
        else if ((d.get !== undefined && typeof d.get !== "function") || (d.set !== undefined && typeof d.set !== "function")) fail("accessor parts of " + String(key));
      }
    }
  }
  for (const a of P.a) {
    if (!Number.isInteger(a.length) || a.length < 0) fail("array length " + a.length);
    for (let i = 0; i < Math.min(a.length, 2000); i++) chk(a[i], "element " + i);
  }
  for (const m of P.m) { for (const [k, v] of m) { chk(k, "map key"); chk(v, "map value"); } }
  for (const s of P.s) { for (const v of s) chk(v, "set value"); }
  chk(P.str, "P.str");
  print("fuzz ok");
}
"#;

/// One random statement for thread `t`.
fn statement(rng: &mut Rng, t: usize, added: &mut u64) -> Statement {
    let mut effect = Effect::default();
    let i = rng.below(POOL);
    let j = rng.below(POOL);
    let key = KEYS[rng.below(KEYS.len())];
    let v = value(rng);
    let text = match rng.below(40) {
        0 => format!("P.o[{i}]{} = {v};", access(key)),
        1 => format!("chk(P.o[{i}][\"{key}\"], \"o.{key}\");"),
        2 => format!("delete P.o[{i}][\"{key}\"];"),
        3 => format!(
            "Object.defineProperty(P.o[{i}], \"{key}\", {{ value: {v}, writable: true, configurable: true, enumerable: true }});"
        ),
        4 => format!(
            "Object.defineProperty(P.o[{i}], \"{key}\", {{ get() {{ return {v}; }}, set(x) {{ chk(x, \"setter\"); }}, configurable: true }});"
        ),
        5 => match rng.below(3) {
            0 => format!("Object.freeze(P.o[{i}]);"),
            1 => format!("Object.seal(P.a[{i}]);"),
            _ => format!("Object.preventExtensions(P.o[{i}]);"),
        },
        6 => format!(
            "Object.setPrototypeOf(P.o[{i}], {});",
            if rng.chance(30) {
                "null".to_string()
            } else {
                format!("P.protos[{}]", rng.below(3))
            }
        ),
        7 => format!("P.a[{i}].push({v});"),
        8 => format!("chk(P.a[{i}].pop(), \"pop\");"),
        9 => format!("chk(P.a[{i}].shift(), \"shift\");"),
        10 => format!(
            "P.a[{i}].splice({}, {}, {v}, {});",
            rng.below(4),
            rng.below(3),
            value(rng)
        ),
        11 => format!("P.a[{i}].sort((x, y) => String(x) < String(y) ? -1 : 1);"),
        12 => format!("P.a[{i}].length = {};", rng.below(8)),
        13 => format!("P.a[{i}][{}] = {v};", rng.below(40)),
        14 => format!("chk(P.a[{i}][{}], \"a[k]\");", rng.below(10)),
        15 => format!("P.m[{i}].set({}, {v});", rng.below(8)),
        16 => format!("P.m[{i}].delete({});", rng.below(8)),
        17 => format!(
            "for (const [k, x] of P.m[{i}]) {{ chk(k, \"map key\"); chk(x, \"map value\"); }}"
        ),
        18 => format!("P.s[{i}].add({v}); P.s[{j}].delete({});", rng.below(8)),
        19 => format!("for (const x of P.s[{i}]) chk(x, \"set value\");"),
        20 => "P.str = P.str.length > 400 ? \"s\" : P.str + \"_\" + String(P.str.length);".into(),
        21 => format!("chk(JSON.parse(JSON.stringify(P.o[{i}])), \"JSON\");"),
        22 => format!("Atomics.add(P.o[{i}], \"n\", 1);"),
        23 => format!(
            "Atomics.store(P.ta, {}, {});",
            rng.below(15),
            rng.below(100)
        ),
        24 => {
            let k = 1 + rng.below(20) as u64;
            effect.locked = k;
            format!("for (let q = 0; q < {k}; q++) P.lock.hold(() => {{ P.locked.n++; }});")
        }
        25 => {
            let k = 1 + rng.below(20) as u64;
            effect.atomic = k;
            format!("for (let q = 0; q < {k}; q++) Atomics.add(P.atomic, \"n\", 1);")
        }
        26 => {
            let k = 1 + rng.below(20) as u64;
            effect.typed = k;
            format!("for (let q = 0; q < {k}; q++) Atomics.add(P.ta, 15, 1);")
        }
        27 => {
            let k = 1 + rng.below(10) as u64;
            effect.pushes = k;
            format!("for (let q = 0; q < {k}; q++) P.pushes.push(q);")
        }
        28 => {
            effect.map_sets = 1;
            let key = format!("t{t}_{}", *added);
            effect.added = Some(*added);
            *added += 1;
            format!("P.adds[\"{key}\"] = \"{key}\"; P.map.set(\"{key}\", {v});")
        }
        29 => match rng.below(3) {
            // Misuse: waiting on a condition without holding its lock.
            0 => "P.cond.wait(P.lock);".into(),
            1 => "P.lock.hold(() => { P.cond.notifyAll(); });".into(),
            _ => "P.lock.hold(() => { chk(P.o[0].a, \"in hold\"); });".into(),
        },
        30 => match rng.below(3) {
            0 => format!("new Thread(() => {{ P.o[{i}].b = {v}; }}).join();"),
            1 => {
                "new Thread(() => { throw new RangeError(\"thrown on purpose\"); }).join();".into()
            }
            _ => format!("new Thread((o) => chk(o.a, \"thread arg\"), P.o[{i}]).join();"),
        },
        31 => format!(
            "{{ const junk = []; for (let q = 0; q < {}; q++) junk.push({{ q, s: \"s\" + q, a: [q] }}); P.o[{i}].c = junk.length; }}",
            50 + rng.below(400)
        ),
        32 => format!("P.fns[{i}] = ((k) => () => k)({v}); chk(P.fns[{j}](), \"closure\");"),
        33 => format!(
            "chk(Object.keys(P.o[{i}]).length, \"keys\"); chk(\"{key}\" in P.o[{j}], \"in\");"
        ),
        // Views of other types over the shared buffer, kept off the
        // counter in element 15 (bytes 60..64).
        34 => match rng.below(4) {
            0 => format!(
                "{{ const u8 = new Uint8Array(P.ta.buffer, 0, 60); u8[{}] = {}; int32(u8[{}], \"u8 view\"); }}",
                rng.below(60),
                rng.below(256),
                rng.below(60)
            ),
            1 => format!(
                "{{ const dv = new DataView(P.ta.buffer, 0, 60); dv.setInt16({}, {}); int32(dv.getUint16({}, true), \"DataView\"); }}",
                rng.below(58),
                rng.below(3000),
                rng.below(58)
            ),
            2 => format!(
                "{{ const h = new Int16Array(P.ta.buffer, 0, 30); h.fill({}, {}, {}); h.copyWithin(0, {}); int32(h.subarray(2, 9).reduce((x, y) => x + y, 0), \"Int16 sum\"); }}",
                rng.below(500),
                rng.below(10),
                10 + rng.below(20),
                rng.below(30)
            ),
            _ => format!(
                "{{ const b = new BigInt64Array(P.ta.buffer, 0, 7); Atomics.add(b, {}, 1n); if (typeof Atomics.load(b, {}) !== \"bigint\") fail(\"BigInt64 view\"); }}",
                rng.below(7),
                rng.below(7)
            ),
        },
        35 => format!(
            "P.ta.set([{}, {}], {}); int32(P.ta.slice(0, 15).sort()[{}], \"sorted copy\");",
            rng.below(100),
            rng.below(100),
            rng.below(13),
            rng.below(15)
        ),
        // A correct synchronous hand-off through a Condition.
        36 => {
            let n = rng.below(100);
            format!(
                "{{ const box = {{ v: undefined }}; const h = new Thread(() => P.hlock.hold(() => {{ box.v = {n}; P.hcond.notifyAll(); }})); P.hlock.hold(() => {{ while (box.v === undefined) P.hcond.wait(P.hlock); }}); h.join(); if (box.v !== {n}) fail(\"hand-off got \" + box.v); }}"
            )
        }
        // The same hand-off asynchronously: asyncHold and asyncWait.
        37 => {
            let n = rng.below(100);
            effect.is_async = true;
            format!(
                "{{ const box = {{ v: undefined }}; pending.push(new Thread(() => {{ P.alock.asyncHold(() => {{ box.v = {n}; P.acond.notifyAll(); }}); }}).asyncJoin()); pending.push(P.alock.asyncHold(async () => {{ while (box.v === undefined) await P.acond.asyncWait(P.alock); if (box.v !== {n}) fail(\"async hand-off got \" + box.v); P.alocked.n++; }}).catch((e) => fail(\"async hand-off rejected: \" + e))); Atomics.add(P.aexpect, \"n\", 1); }}"
            )
        }
        // asyncHold() without a function resolves to a release function.
        38 => {
            effect.is_async = true;
            "pending.push(P.alock.asyncHold().then((release) => { P.alocked.n++; release(); }).catch((e) => fail(\"asyncHold() rejected: \" + e))); Atomics.add(P.aexpect, \"n\", 1);"
                .into()
        }
        // Misuse: asyncWait without holding the lock. (Not `P.alock`: a
        // thread owns a lock from the moment its asyncHold is granted, even
        // before its callback runs, and may then wait legally.)
        _ => {
            effect.is_async = true;
            "pending.push(P.xcond.asyncWait(P.xlock).then(() => fail(\"asyncWait without the lock resolved\"), expected));".into()
        }
    };
    Statement { text, effect }
}

/// `.key`, or `["key"]` for a name that is not an identifier.
fn access(key: &str) -> String {
    if key.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) {
        format!(".{key}")
    } else {
        format!("[\"{key}\"]")
    }
}

/// A random legal value expression.
fn value(rng: &mut Rng) -> String {
    match rng.below(8) {
        0 | 1 => rng.below(100).to_string(),
        2 => format!("\"s{}\"", rng.below(10)),
        3 => "true".into(),
        4 => "undefined".into(),
        5 => format!("P.o[{}]", rng.below(POOL)),
        6 => format!("P.a[{}]", rng.below(POOL)),
        _ => "null".into(),
    }
}
