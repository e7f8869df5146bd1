//! Share links: the editor's code and mode in the URL fragment, compressed
//! (playground/js/share.js), kept up to date as the code changes, so the
//! address bar is always a link to what is on screen.

use serde::Deserialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(inline_js = r#"
let module = null;
const share = () => (module ??= import(new URL('share.js', document.baseURI).href));
let timer = null;
export function remember_state(code, mode) {
  clearTimeout(timer);
  timer = setTimeout(async () => {
    const fragment = await (await share()).encodeState({ code, mode });
    history.replaceState(history.state, '', `#${fragment}`);
  }, 300);
}
export async function link_to(code, mode, schedule, embed) {
  const url = new URL(location.href);
  url.search = embed ? '?embed' : '';
  url.hash = await (await share()).encodeState({ code, mode, schedule: schedule || null });
  return url.href;
}
export async function initial_state() {
  return JSON.stringify(await (await share()).decodeState(location.hash));
}
export async function copy_text(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
"#)]
extern "C" {
    fn remember_state(code: &str, mode: &str);
    #[wasm_bindgen(catch)]
    fn link_to(
        code: &str,
        mode: &str,
        schedule: &str,
        embed: bool,
    ) -> Result<js_sys::Promise, JsValue>;
    #[wasm_bindgen(catch)]
    fn initial_state() -> Result<js_sys::Promise, JsValue>;
    #[wasm_bindgen(catch)]
    fn copy_text(text: &str) -> Result<js_sys::Promise, JsValue>;
}

/// What a link holds.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
pub struct SharedState {
    pub code: Option<String>,
    pub mode: String,
    /// One exact interleaving to show: a schedule to replay, or step
    /// mode's choices (`step:1.2.1`).
    #[serde(default)]
    pub schedule: Option<String>,
    /// Why the link's code could not be read, when it could not.
    pub error: Option<String>,
}

/// Puts `code` and `mode` in the address bar (debounced).
pub fn remember(code: &str, mode: &str) {
    remember_state(code, mode);
}

async fn string_of(promise: Result<js_sys::Promise, JsValue>) -> Option<String> {
    JsFuture::from(promise.ok()?).await.ok()?.as_string()
}

/// A link to this page (or its embed mode) holding `code`, `mode` and,
/// when given, the schedule that replays one run.
pub async fn link(code: &str, mode: &str, schedule: Option<&str>, embed: bool) -> Option<String> {
    string_of(link_to(code, mode, schedule.unwrap_or(""), embed)).await
}

/// The state in the page's own URL fragment, if it holds any.
pub async fn from_location() -> Option<SharedState> {
    let text = string_of(initial_state()).await?;
    serde_json::from_str::<Option<SharedState>>(&text).ok()?
}

/// Copies `text` to the clipboard; false where the page may not.
pub async fn copy(text: &str) -> bool {
    let Ok(promise) = copy_text(text) else {
        return false;
    };
    JsFuture::from(promise)
        .await
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}
