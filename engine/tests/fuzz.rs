//! Bounded random-program fuzzing: arbitrary bytes, grammar-generated
//! programs and byte mutations of them are fed to parse-and-run. The
//! engine must never panic or crash: every input ends as a value, a JS
//! exception, a syntax error, or (for runaway programs) a termination by
//! the watchdog.
//!
//! Every fourth program also runs as a module (from an in-memory loader).
//!
//! `WEFT_FUZZ_SECONDS` sets the budget (default 20); `WEFT_FUZZ_SEED` the
//! seed. A failure prints the program that caused it.

use std::sync::Arc;
use std::time::{Duration, Instant};

use weft::bytecode::Source;
use weft::engine::{Engine, EngineConfig};
use weft::heap::HeapConfig;
use weft::interpreter::{Host, Vm};
use weft::module::ModuleLoader;

struct Quiet;
impl Host for Quiet {
    fn print(&self, _: &str) {}
}

/// Serves one module, `fuzz.mjs`, which may import itself.
struct OneModule(String);
impl ModuleLoader for OneModule {
    fn resolve(&self, specifier: &str, _: Option<&str>) -> Result<String, String> {
        match specifier.trim_start_matches("./") {
            "fuzz.mjs" => Ok("fuzz.mjs".into()),
            other => Err(format!("no module {other}")),
        }
    }
    fn load(&self, _: &str) -> Result<String, String> {
        Ok(self.0.clone())
    }
}

/// xorshift64*: deterministic, dependency-free.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545F4914F6CDD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const IDENTS: &[&str] = &[
    "a",
    "b",
    "c",
    "o",
    "arr",
    "s",
    "f",
    "g",
    "x",
    "undefined",
    "NaN",
    "this",
    "globalThis",
];
const BUILTINS: &[&str] = &[
    "Object.keys(o)",
    "Object.freeze(o)",
    "Object.create(null)",
    "Object.defineProperty(o, 'k', {get(){ return 1 }})",
    "Array.from({length: 3})",
    "arr.map(x => x * 2)",
    "arr.sort()",
    "arr.reverse()",
    "arr.splice(1, 1)",
    "arr.concat(arr)",
    "arr.flat(2)",
    "arr.indexOf(1)",
    "arr.join('-')",
    "JSON.stringify(o)",
    "String(o)",
    "s.split('')",
    "s.replace(/a/g, 'b')",
    "s.padStart(10)",
    "s.at(-1)",
    "Math.max(a, b)",
    "parseInt(s)",
    "Number(s)",
    "new Map([[1, 2]])",
    "new Set(arr)",
    "Symbol('q')",
    "Reflect.ownKeys(o)",
    "new Proxy(o, {})",
    "Promise.resolve(a)",
    "new Error('e')",
    "typeof f",
    "BigInt(1) + 2n",
    "[...s]",
    "({...o})",
    "new Date(0)",
    "/x+/.exec(s)",
    "eval('1 + 1')",
    "f.call(o, a)",
    "f.bind(o)()",
];
const BINOPS: &[&str] = &[
    "+",
    "-",
    "*",
    "/",
    "%",
    "**",
    "==",
    "===",
    "!=",
    "<",
    ">=",
    "&&",
    "||",
    "??",
    "&",
    "|",
    "^",
    "<<",
    ">>",
    ">>>",
    "in",
    "instanceof",
    ",",
];
const UNOPS: &[&str] = &["!", "-", "+", "~", "typeof ", "void ", "delete "];

fn expr(r: &mut Rng, depth: usize) -> String {
    if depth > 4 {
        return match r.below(4) {
            0 => r.below(100).to_string(),
            1 => format!("'{}'", r.pick(IDENTS)),
            _ => r.pick(IDENTS).to_string(),
        };
    }
    match r.below(16) {
        0 => format!(
            "({} {} {})",
            expr(r, depth + 1),
            r.pick(BINOPS),
            expr(r, depth + 1)
        ),
        1 => format!("{}{}", r.pick(UNOPS), expr(r, depth + 1)),
        2 => format!("{}({})", r.pick(IDENTS), expr(r, depth + 1)),
        3 => r.pick(BUILTINS).to_string(),
        4 => format!("[{}, {}]", expr(r, depth + 1), expr(r, depth + 1)),
        5 => format!(
            "({{x: {}, [{}]: 1}})",
            expr(r, depth + 1),
            expr(r, depth + 1)
        ),
        6 => format!("(() => {})", expr(r, depth + 1)),
        7 => format!("function(q) {{ {} }}", stmt(r, depth + 1)),
        8 => format!("{} = {}", r.pick(IDENTS), expr(r, depth + 1)),
        9 => format!(
            "{}.{}",
            expr(r, depth + 1),
            r.pick(&[
                "length",
                "x",
                "constructor",
                "prototype",
                "__proto__",
                "toString"
            ])
        ),
        10 => format!("{}[{}]", expr(r, depth + 1), expr(r, depth + 1)),
        11 => format!(
            "({} ? {} : {})",
            expr(r, depth + 1),
            expr(r, depth + 1),
            expr(r, depth + 1)
        ),
        12 => format!(
            "new {}()",
            r.pick(&[
                "f", "Object", "Array", "Map", "Error", "Function", "g", "Date"
            ])
        ),
        13 => format!("`${{{}}}x`", expr(r, depth + 1)),
        14 => format!(
            "class extends {} {{ m() {{ return super.m?.() }} }}",
            r.pick(&["Object", "f", "null", "Array"])
        ),
        _ => format!("{}?.{}", expr(r, depth + 1), r.pick(IDENTS)),
    }
}

fn stmt(r: &mut Rng, depth: usize) -> String {
    if depth > 3 {
        return format!("{};", expr(r, depth));
    }
    match r.below(14) {
        0 => format!("var {} = {};", r.pick(IDENTS), expr(r, depth + 1)),
        1 => format!(
            "let {}{} = {};",
            r.pick(IDENTS),
            r.below(5),
            expr(r, depth + 1)
        ),
        2 => format!(
            "if ({}) {{ {} }} else {{ {} }}",
            expr(r, depth + 1),
            stmt(r, depth + 1),
            stmt(r, depth + 1)
        ),
        3 => format!(
            "for (let i = 0; i < {}; i++) {{ {} }}",
            r.below(50),
            stmt(r, depth + 1)
        ),
        4 => format!(
            "while ({}) {{ {} break; }}",
            expr(r, depth + 1),
            stmt(r, depth + 1)
        ),
        5 => format!(
            "try {{ {} }} catch (e) {{ {} }} finally {{ {} }}",
            stmt(r, depth + 1),
            stmt(r, depth + 1),
            stmt(r, depth + 1)
        ),
        6 => format!(
            "function {}(p, ...rest) {{ {} return {}; }}",
            r.pick(&["f", "g"]),
            stmt(r, depth + 1),
            expr(r, depth + 1)
        ),
        7 => format!(
            "for (const k in {}) {{ {} }}",
            expr(r, depth + 1),
            stmt(r, depth + 1)
        ),
        8 => format!(
            "for (const v of {}) {{ {} }}",
            expr(r, depth + 1),
            stmt(r, depth + 1)
        ),
        9 => format!(
            "switch ({}) {{ case 1: {} default: {} }}",
            expr(r, depth + 1),
            stmt(r, depth + 1),
            stmt(r, depth + 1)
        ),
        10 => format!("throw {};", expr(r, depth + 1)),
        11 => format!(
            "function* gen() {{ yield {}; yield* [{}]; }} [...gen()];",
            expr(r, depth + 1),
            expr(r, depth + 1)
        ),
        12 => format!(
            "(async () => {{ await {}; {} }})();",
            expr(r, depth + 1),
            stmt(r, depth + 1)
        ),
        _ => format!("{};", expr(r, depth + 1)),
    }
}

fn program(r: &mut Rng) -> String {
    let mut p = String::from(
        "var a = 1, b = 'two', c = null, o = {x: 1}, arr = [1, 2, 3], s = 'abc';\nfunction f(q) { return q; }\n",
    );
    for _ in 0..1 + r.below(8) {
        p.push_str(&stmt(r, 0));
        p.push('\n');
    }
    p
}

fn mutate(r: &mut Rng, text: &str) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for _ in 0..1 + r.below(4) {
        if bytes.is_empty() {
            break;
        }
        let i = r.below(bytes.len());
        match r.below(3) {
            0 => bytes[i] = (r.next() & 0x7f) as u8,
            1 => {
                bytes.remove(i);
            }
            _ => bytes.insert(i, b"{}()[];,.=+'\"`\\/*"[r.below(17)]),
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Parses and runs `text` (as a script, or as a module) with a watchdog;
/// Err(text) if the engine panicked.
fn run_one(text: String, module: bool) -> Result<(), String> {
    let handle = std::thread::Builder::new().stack_size(256 << 20).spawn({
        let text = text.clone();
        move || {
            let config = EngineConfig {
                heap: HeapConfig {
                    max_heap: 256 << 20,
                    ..HeapConfig::default()
                },
                ..EngineConfig::default()
            };
            let engine = Engine::new(config);
            engine.set_module_loader(Arc::new(OneModule(text.clone())));
            let watchdog_engine = engine.clone();
            let done = Arc::new(std::sync::atomic::AtomicBool::new(false));
            let watchdog_done = done.clone();
            let watchdog = std::thread::spawn(move || {
                let start = Instant::now();
                while !watchdog_done.load(std::sync::atomic::Ordering::Relaxed) {
                    if start.elapsed() > Duration::from_millis(300) {
                        watchdog_engine.interrupt();
                        break;
                    }
                    std::thread::sleep(Duration::from_millis(5));
                }
            });
            let mut vm = Vm::new(engine, Arc::new(Quiet));
            let result = if module {
                match vm.run_module("fuzz.mjs") {
                    Ok(_) => vm.run_jobs(),
                    Err(e) => Err(e.to_value(&mut vm)),
                }
            } else {
                vm.eval_script(Source::new("fuzz.js", text))
                    .and_then(|_| vm.run_jobs())
            };
            if let Err(e) = result {
                let _ = vm.describe_exception(e);
            }
            done.store(true, std::sync::atomic::Ordering::Relaxed);
            let _ = watchdog.join();
        }
    });
    match handle.map(|h| h.join()) {
        Ok(Ok(())) => Ok(()),
        _ => Err(text),
    }
}

#[test]
fn random_programs_never_crash_the_engine() {
    let seconds: u64 = std::env::var("WEFT_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    let seed: u64 = std::env::var("WEFT_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x005E_ED0F_3EF7);
    let mut rng = Rng(seed | 1);
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut runs = 0u64;
    while Instant::now() < deadline {
        let text = match runs % 4 {
            0 => (0..rng.below(200))
                .map(|_| (rng.next() & 0xff) as u8 as char)
                .collect(),
            1 => {
                let p = program(&mut rng);
                mutate(&mut rng, &p)
            }
            3 => format!(
                "import * as me from './fuzz.mjs';\nexport {{ a as ea, f }};\n{}\nexport let l = me.ea;\nawait f(me.l);\nexport default me;\n",
                program(&mut rng)
            ),
            _ => program(&mut rng),
        };
        if let Err(program) = run_one(text, runs % 4 == 3) {
            panic!("the engine panicked on this program (seed {seed}, run {runs}):\n{program}");
        }
        runs += 1;
    }
    eprintln!("fuzz: {runs} programs in {seconds}s, no crash");
    assert!(runs > 0);
}
