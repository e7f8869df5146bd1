//! The embed widget (`?embed`): what a documentation page shows in an
//! iframe (playground/js/embed.js makes them from `<pre data-weft>` blocks)
//! — a compact editor holding the code from the URL fragment, Run and
//! Stop, the console, the threads' lanes once it has run, and a link to
//! open the code in the full playground; with `data-weft-mode="step"`, the
//! step-by-step view inline (who goes next, the steps, shared memory). It reports its height to the
//! embedding page so the iframe fits it.

use wasm_bindgen::prelude::*;
use yew::prelude::*;

use crate::console_view::ConsoleView;
use crate::engine_host::{self, EngineInfo, Scheduling};
use crate::interleaving_view::InterleavingView;
use crate::session::use_session;
use crate::step_mode::StepMode;
use crate::threads_view::ThreadsView;
use crate::{EditorSlot, editor, editor_text, install_shortcuts, mark_error_in, share, theme};

#[wasm_bindgen(inline_js = r#"
export function report_height() {
  if (window.parent === window) return;
  const send = () => window.parent.postMessage({ kind: 'weft-embed-height', height: document.documentElement.scrollHeight }, '*');
  new ResizeObserver(send).observe(document.body);
  send();
}
"#)]
extern "C" {
    fn report_height();
}

#[function_component(EmbedApp)]
pub fn embed_app() -> Html {
    let session = use_session();
    let editor: EditorSlot = use_mut_ref(|| None);
    let editor_host = use_node_ref();
    let width_ref = use_node_ref();
    let mode = use_state(|| "parallel".to_string());
    let info = use_state(|| None::<EngineInfo>);
    // `data-weft-mode="step"`: step mode inline, from the link's choices.
    let choices = use_state(|| None::<Vec<u32>>);
    let linked_steps = use_state(|| None::<Vec<u32>>);
    let step_index = use_state(|| usize::MAX);
    // The lanes are as wide as the widget, less the panel's padding.
    let width = crate::threads_view::use_width(width_ref.clone(), 480.0, 24.0);

    {
        let (editor, editor_host, mode, info, linked_steps) = (
            editor.clone(),
            editor_host.clone(),
            mode.clone(),
            info.clone(),
            linked_steps.clone(),
        );
        use_effect_with((), move |_| {
            let dark = theme::starts_dark();
            theme::apply(dark, false);
            report_height();
            let shortcuts = install_shortcuts();
            wasm_bindgen_futures::spawn_local(async move {
                let state = share::from_location().await.unwrap_or_default();
                let text = state.code.unwrap_or_else(|| {
                    state
                        .error
                        .map_or_else(String::new, |e| format!("// {e}\n"))
                });
                if !state.mode.is_empty() {
                    mode.set(state.mode);
                }
                if let Some(list) = state
                    .schedule
                    .as_deref()
                    .and_then(|s| s.strip_prefix("step:"))
                {
                    let list = list.parse::<weft_vocabulary::Schedule>().map(|s| s.0);
                    linked_steps.set(Some(list.unwrap_or_default()));
                }
                if let Some(host) = editor_host.cast::<web_sys::Element>()
                    && let Ok(e) = editor::create(&host, &text, dark, true, |_| {}).await
                {
                    *editor.borrow_mut() = Some(e);
                }
                let loaded = engine_host::info().await;
                // One core can only interleave threads: every run is scheduled.
                if loaded.interleaved() {
                    mode.set("scheduled".to_string());
                }
                info.set(Some(loaded));
            });
            move || drop(shortcuts)
        });
    }
    let on_run = {
        let (session, editor, mode) = (session.clone(), editor.clone(), mode.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(e) = editor.borrow().as_ref() {
                e.clear_error();
            }
            session.run(
                editor_text(&editor),
                (*mode).clone(),
                Scheduling::fresh(),
                mark_error_in(&editor),
            );
        })
    };
    let step_mode = {
        let (session, editor, mode, step_index) = (
            session.clone(),
            editor.clone(),
            mode.clone(),
            step_index.clone(),
        );
        StepMode::new(choices.clone(), move |list| {
            mode.set("scheduled".to_string());
            step_index.set(usize::MAX);
            session.run(
                editor_text(&editor),
                "scheduled".to_string(),
                Scheduling::step(list),
                mark_error_in(&editor),
            );
        })
    };
    {
        let (linked, step_mode) = (linked_steps.clone(), step_mode.clone());
        use_effect_with(
            (info.is_some(), (*linked_steps).clone()),
            move |(loaded, list)| {
                if let (true, Some(list)) = (*loaded, list.clone()) {
                    linked.set(None);
                    step_mode.set(Some(list));
                }
            },
        );
    }
    let on_select_step = {
        let step_index = step_index.clone();
        Callback::from(move |i: usize| step_index.set(i))
    };
    editor::use_line_marks(
        editor.clone(),
        editor::marks_of(
            session.get().result.as_ref(),
            *step_index,
            step_mode.active(),
        ),
    );
    let on_stop = {
        let session = session.clone();
        Callback::from(move |_: MouseEvent| session.stop())
    };
    let on_open = {
        let (editor, mode) = (editor.clone(), mode.clone());
        Callback::from(move |_: MouseEvent| {
            let (text, mode) = (editor_text(&editor), (*mode).clone());
            wasm_bindgen_futures::spawn_local(async move {
                if let Some(link) = share::link(&text, &mode, None, false).await {
                    let _ = gloo::utils::window().open_with_url_and_target(&link, "_blank");
                }
            });
        })
    };

    let running = session.running();
    let s = session.get();
    html! {
        <div class="embed" ref={width_ref} data-run={s.marker()}>
            <div class="embed-bar" role="toolbar" aria-label="Run controls">
                <button id="run-button" class="primary" onclick={on_run} disabled={running} title="Run (Ctrl+Enter)">{ "▶ Run" }</button>
                <button id="stop-button" onclick={on_stop} disabled={!running} title="Stop (Escape)">{ "■ Stop" }</button>
                <span class="mode-badge" title="The mode this example runs in">{ crate::mode_label(&mode).to_string() }</span>
                <span class="run-status" id="run-status" aria-live="polite">{ crate::status_line(&session) }</span>
                <button class="link open-playground" onclick={on_open}>{ "Open in the playground ↗" }</button>
            </div>
            { crate::threads_notice(&info) }
            <div class="editor compact" ref={editor_host}></div>
            <ConsoleView lines={s.console.clone()} dropped={s.console_dropped} result={s.result.clone()}
                failure={s.failure.clone()} running={running} elapsed={s.elapsed()} />
            if step_mode.active() {
                <InterleavingView result={s.result.clone()} index={*step_index} on_select={on_select_step}
                    stepping=true choices={step_mode.made()} on_choose={step_mode.on_choose()}
                    on_undo={step_mode.on_undo()} on_stepping={step_mode.on_toggle()} running={running} />
            }
            if !s.timeline.lanes.is_empty() {
                <details class="embed-threads">
                    <summary>{ format!("Threads ({})", s.timeline.lanes.len()) }</summary>
                    <ThreadsView timeline={s.timeline.clone()} now={s.timeline_now()} width={width} />
                </details>
            }
        </div>
    }
}
