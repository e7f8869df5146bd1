//! The playground's door to the engine: loads the engine package's entry
//! (`engine-pkg/index.mjs`, built by scripts/build-wasm.sh) at run time and
//! uses its embedding API (`createEngine`, `engine.run`). Owns no engine
//! state; the engine lives in workers.

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(inline_js = r#"
let engine = null;
export async function run_program(source) {
  const { createEngine } = await import(new URL('engine-pkg/index.mjs', document.baseURI).href);
  engine ??= await createEngine({ mode: 'parallel' });
  const console = [];
  const result = await engine.run(source, { onConsole: (line) => console.push(line.text) }).done;
  return { ...result, console, threads: engine.threads, threadsUnavailable: engine.threadsUnavailable };
}
export function is_cross_origin_isolated() {
  return globalThis.crossOriginIsolated === true;
}
"#)]
extern "C" {
    #[wasm_bindgen(catch)]
    fn run_program(source: &str) -> Result<js_sys::Promise, JsValue>;
    fn is_cross_origin_isolated() -> bool;
}

/// Whether the page may use shared memory (and so real threads).
pub fn cross_origin_isolated() -> bool {
    is_cross_origin_isolated()
}

fn describe(error: JsValue) -> String {
    js_sys::Reflect::get(&error, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .unwrap_or_else(|| format!("{error:?}"))
}

/// How a run ended, as the page shows it.
#[derive(Clone, PartialEq)]
pub struct RunResult {
    /// "ok", "error" or "stopped".
    pub status: String,
    pub console: Vec<String>,
    /// The error's "Name: message", when it failed.
    pub error: Option<String>,
}

fn field(object: &JsValue, name: &str) -> JsValue {
    js_sys::Reflect::get(object, &name.into()).unwrap_or(JsValue::UNDEFINED)
}

/// Runs `source` on the page's engine (created on first use).
pub async fn run(source: &str) -> Result<RunResult, String> {
    let result = JsFuture::from(run_program(source).map_err(describe)?)
        .await
        .map_err(describe)?;
    let console = js_sys::Array::from(&field(&result, "console"))
        .iter()
        .filter_map(|line| line.as_string())
        .collect();
    let error = field(&result, "error");
    let error = (!error.is_undefined() && !error.is_null()).then(|| {
        let text = |n| field(&error, n).as_string().unwrap_or_default();
        format!("{}: {}", text("name"), text("message"))
    });
    Ok(RunResult {
        status: field(&result, "status").as_string().unwrap_or_default(),
        console,
        error,
    })
}
