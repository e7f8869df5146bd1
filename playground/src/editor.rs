//! The code editor: CodeMirror 6, bundled from playground/js/editor.mjs into
//! `editor.js` by scripts/build-playground.sh and loaded at run time. This
//! module is the typed handle the app holds; the editor itself (its text,
//! undo history, markers) lives in JavaScript. `marks_of` turns a run into
//! the marks it lays over the code (threads' lines, races' accesses).

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use yew::prelude::{hook, use_effect_with};

#[wasm_bindgen(inline_js = r#"
export async function create_editor(parent, doc, dark, compact, on_change) {
  const { createEditor } = await import(new URL('editor.js', document.baseURI).href);
  return createEditor(parent, { doc, dark, compact, onChange: (text) => on_change(text) });
}
"#)]
extern "C" {
    #[wasm_bindgen(catch)]
    fn create_editor(
        parent: &web_sys::Element,
        doc: &str,
        dark: bool,
        compact: bool,
        on_change: &Closure<dyn FnMut(String)>,
    ) -> Result<js_sys::Promise, JsValue>;

    /// A live editor.
    #[derive(Clone)]
    pub type Editor;
    #[wasm_bindgen(method, js_name = getDoc)]
    pub fn text(this: &Editor) -> String;
    #[wasm_bindgen(method, js_name = setDoc)]
    pub fn set_text(this: &Editor, text: &str);
    /// Marks an error at 1-based `line` and `column`.
    #[wasm_bindgen(method, js_name = markError)]
    pub fn mark_error(this: &Editor, line: u32, column: u32, message: &str);
    #[wasm_bindgen(method, js_name = clearError)]
    pub fn clear_error(this: &Editor);
    /// Marks threads' current lines and races' accesses (both JSON lists,
    /// see editor.mjs `markLines`).
    #[wasm_bindgen(method, js_name = markLines)]
    pub fn mark_lines(this: &Editor, threads: &str, races: &str);
    #[wasm_bindgen(method, js_name = setDark)]
    pub fn set_dark(this: &Editor, dark: bool);
}

/// Creates an editor in `parent` holding `text`; `on_change` gets the text
/// after every edit (for as long as the page lives).
pub async fn create(
    parent: &web_sys::Element,
    text: &str,
    dark: bool,
    compact: bool,
    on_change: impl FnMut(String) + 'static,
) -> Result<Editor, String> {
    let on_change = Closure::new(on_change);
    let promise = create_editor(parent, text, dark, compact, &on_change)
        .map_err(|e| format!("the editor failed to load: {e:?}"))?;
    let editor = JsFuture::from(promise)
        .await
        .map_err(|e| format!("the editor failed to load: {e:?}"))?;
    // The editor calls it for its whole life, which is the page's.
    on_change.forget();
    Ok(editor.unchecked_into())
}

/// Lays `marks` (`marks_of`) over the code whenever they change.
#[hook]
pub fn use_line_marks(editor: crate::EditorSlot, marks: (String, String)) {
    use_effect_with(marks, move |(threads, races)| {
        if let Some(e) = editor.borrow().as_ref() {
            e.mark_lines(threads, races);
        }
    });
}

/// Each thread's line at the step the interleaving view shows for `index`
/// (the line of its latest step so far), and every race's two accesses:
/// the editor's marks, as the JSON editor.mjs `markLines` takes.
pub fn marks_of(
    result: Option<&crate::engine_host::RunResult>,
    index: usize,
    stepping: bool,
) -> (String, String) {
    let mut threads: Vec<serde_json::Value> = Vec::new();
    if let Some(steps) = result
        .and_then(|r| r.steps.as_deref())
        .filter(|s| !s.is_empty())
    {
        let (index, _) = crate::interleaving_view::shown_step(steps, index, stepping);
        let mut latest = std::collections::BTreeMap::new();
        for s in steps[..=index].iter().filter(|s| s.line > 0) {
            latest.insert(s.thread, s);
        }
        for (thread, s) in latest {
            threads.push(serde_json::json!({
                "line": s.line,
                "thread": thread,
                "text": format!("thread {thread}: {}", s.action),
            }));
        }
    }
    let mut races: Vec<serde_json::Value> = Vec::new();
    for race in result.and_then(|r| r.races.as_deref()).unwrap_or_default() {
        for access in [&race.first, &race.second] {
            if let Some((line, column)) = access.line_column() {
                races.push(serde_json::json!({
                    "line": line,
                    "column": column,
                    "text": race.headline(),
                }));
            }
        }
    }
    (
        serde_json::Value::Array(threads).to_string(),
        serde_json::Value::Array(races).to_string(),
    )
}
