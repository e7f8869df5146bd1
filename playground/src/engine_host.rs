//! The playground's door to the engine: loads the engine's host module
//! (`engine-pkg/threads/host.mjs`, built by scripts/build-wasm.sh) at run
//! time and calls it. Owns no engine state; the engine lives in workers.

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(inline_js = r#"
export function import_module(path) {
  return import(new URL(path, document.baseURI).href);
}
export function is_cross_origin_isolated() {
  return globalThis.crossOriginIsolated === true;
}
"#)]
extern "C" {
    #[wasm_bindgen(catch)]
    fn import_module(path: &str) -> Result<js_sys::Promise, JsValue>;
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

/// Runs the shared-memory probe with `workers` workers adding `iterations`
/// each; resolves to the final count.
pub async fn run_probe(workers: u32, iterations: u32) -> Result<f64, String> {
    let module = JsFuture::from(import_module("engine-pkg/threads/host.mjs").map_err(describe)?)
        .await
        .map_err(describe)?;
    let run = js_sys::Reflect::get(&module, &"runProbe".into()).map_err(describe)?;
    let run: js_sys::Function = run.dyn_into().map_err(describe)?;
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &"workers".into(), &workers.into()).map_err(describe)?;
    js_sys::Reflect::set(&options, &"iterations".into(), &iterations.into()).map_err(describe)?;
    let promise: js_sys::Promise = run
        .call1(&JsValue::UNDEFINED, &options)
        .map_err(describe)?
        .dyn_into()
        .map_err(describe)?;
    let total = JsFuture::from(promise).await.map_err(describe)?;
    total
        .as_f64()
        .ok_or_else(|| "the probe returned no number".to_string())
}
