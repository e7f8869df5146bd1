//! The weft playground (Yew): a code editor, run / stop / mode, and live
//! views of what the program's threads do — swimlanes, locks and the
//! wait-for graph, the outcomes of running it many times, the console per
//! thread — with an examples gallery, share links and themes. `?embed` in
//! the URL shows the compact widget documentation sites put in an iframe
//! (embed.rs).
//!
//! The app itself is plain wasm32 (no atomics), so it loads in any page;
//! the engine is a separate module (`engine-pkg/…`) loaded at run time,
//! threaded where the page is cross-origin isolated (engine_host.rs).

mod console_view;
mod editor;
mod embed;
mod engine_host;
mod explore_view;
mod gallery;
mod interleaving_view;
mod locks_view;
mod outcomes;
mod outcomes_view;
mod session;
mod share;
mod step_mode;
mod theme;
mod threads_view;
mod timeline;
mod wait_for;

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::EventListener;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::console_view::ConsoleView;
use crate::editor::Editor;
use crate::engine_host::{EngineInfo, RunResult, Scheduling};
use crate::explore_view::ExploreView;
use crate::interleaving_view::InterleavingView;
use crate::locks_view::LocksView;
use crate::outcomes_view::OutcomesView;
use crate::session::{SessionHandle, use_session};
use crate::step_mode::StepMode;
use crate::threads_view::ThreadsView;
use crate::wait_for::WaitForGraph;

/// The example shown on a first visit: the race the playground teaches.
const FIRST_EXAMPLE: &str = "racy_counter.js";

/// How many runs "Run ×N" makes unless the user says otherwise.
const DEFAULT_RUNS: u32 = 50;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Threads,
    Interleaving,
    Locks,
    Outcomes,
    Explore,
}

impl Tab {
    const ALL: [Tab; 5] = [
        Tab::Threads,
        Tab::Interleaving,
        Tab::Locks,
        Tab::Outcomes,
        Tab::Explore,
    ];

    fn name(self) -> &'static str {
        match self {
            Tab::Threads => "Threads",
            Tab::Interleaving => "Interleaving",
            Tab::Locks => "Locks",
            Tab::Outcomes => "Outcomes",
            Tab::Explore => "Explore",
        }
    }

    fn id(self) -> &'static str {
        match self {
            Tab::Threads => "threads",
            Tab::Interleaving => "interleaving",
            Tab::Locks => "locks",
            Tab::Outcomes => "outcomes",
            Tab::Explore => "explore",
        }
    }
}

/// How the mode switch names a mode.
pub fn mode_label(mode: &str) -> &str {
    match mode {
        "scheduled" => "step by step",
        other => other,
    }
}

/// The editor, once CodeMirror has loaded.
pub type EditorSlot = Rc<RefCell<Option<Editor>>>;

/// The editor's text ("" before it has loaded).
pub fn editor_text(slot: &EditorSlot) -> String {
    slot.borrow().as_ref().map(Editor::text).unwrap_or_default()
}

/// What `on_end` of a run does in the editor: marks the error's position.
pub fn mark_error_in(slot: &EditorSlot) -> impl FnOnce(&RunResult) + 'static {
    let slot = slot.clone();
    move |result: &RunResult| {
        let (Some(editor), Some(error)) = (slot.borrow().clone(), result.error.clone()) else {
            return;
        };
        if let Some(line) = error.line {
            let message = format!("{}: {}", error.name, error.message);
            editor.mark_error(line, error.column.unwrap_or(1), &message);
        }
    }
}

/// Ctrl/Cmd+Enter runs and Escape stops, wherever the focus is: the
/// shortcuts press the page's own Run and Stop buttons.
pub fn install_shortcuts() -> EventListener {
    let document = gloo::utils::document();
    let options = gloo::events::EventListenerOptions::enable_prevent_default();
    EventListener::new_with_options(&document, "keydown", options, |event| {
        let Some(key) = event.dyn_ref::<web_sys::KeyboardEvent>() else {
            return;
        };
        // Arrows step through the interleaving, unless typing.
        let typing = || {
            key.target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|e| e.closest(".cm-editor, input, textarea").ok().flatten())
                .is_some()
        };
        let button = match key.key().as_str() {
            "Enter" if key.ctrl_key() || key.meta_key() => "run-button",
            "Escape" => "stop-button",
            "ArrowLeft" if !typing() => "step-prev",
            "ArrowRight" if !typing() => "step-next",
            _ => return,
        };
        // A disabled button (nothing to stop) leaves the key to the page.
        if let Some(b) = gloo::utils::document()
            .get_element_by_id(button)
            .filter(|b| !b.has_attribute("disabled"))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            key.prevent_default();
            b.click();
        }
    })
}

/// The notice shown when the page cannot have real threads.
pub fn threads_notice(info: &Option<EngineInfo>) -> Html {
    match info.as_ref().and_then(|i| i.unavailable.clone()) {
        Some(reason) => html! {
            <p class="notice" id="threads-notice" role="status">
                <strong>{ "Threads take turns on one core here: " }</strong>{ reason }{ ". " }
                { "Thread, Lock and Condition work, interleaved by the scheduler: every run is in scheduled mode, and its schedule replays exactly." }
            </p>
        },
        None => Html::default(),
    }
}

/// The run buttons' status line: what is happening, for screen readers too.
pub fn status_line(session: &SessionHandle) -> String {
    let s = session.get();
    match (&s.status, &s.result, &s.failure) {
        (session::Status::Running, _, _) => match &s.outcomes {
            Some(t) => format!("Running {} of {}…", t.done + 1, t.planned),
            None => "Running…".to_string(),
        },
        (_, _, Some(failure)) => failure.clone(),
        (_, Some(r), _) if r.status == "ok" => "Finished.".to_string(),
        (_, Some(r), _) if r.status == "stopped" => "Stopped.".to_string(),
        (_, Some(r), _) if r.status == "paused" => "Paused: who goes next?".to_string(),
        (_, Some(r), _) => r
            .error
            .as_ref()
            .map_or_else(|| "Failed.".to_string(), |e| format!("Failed: {}", e.name)),
        _ => "Ready. Ctrl+Enter runs, Escape stops.".to_string(),
    }
}

/// Whether the window is wide enough to keep the gallery open beside the
/// editor (on a phone it starts folded above it).
fn wide_screen() -> bool {
    gloo::utils::window()
        .inner_width()
        .ok()
        .and_then(|w| w.as_f64())
        .is_some_and(|w| w > 760.0)
}

#[function_component(App)]
fn app() -> Html {
    let session = use_session();
    let editor: EditorSlot = use_mut_ref(|| None);
    let editor_host = use_node_ref();
    let views_ref = use_node_ref();
    let mode = use_state(|| "parallel".to_string());
    // The same mode for the editor's change callback, which is made once
    // and so cannot read later states.
    let mode_now = use_mut_ref(|| "parallel".to_string());
    let dark = use_state(theme::starts_dark);
    let tab = use_state(|| Tab::Threads);
    let runs = use_state(|| DEFAULT_RUNS);
    let share_link = use_state(|| None::<(String, bool)>);
    let info = use_state(|| None::<EngineInfo>);
    // A link whose code could not be read, or an editor that failed to load.
    let page_problem = use_state(|| None::<String>);
    // The interleaving view's chosen step (past the end: the last), step
    // mode's choices (None: off), and the search of the Explore tab.
    let step_index = use_state(|| usize::MAX);
    let choices = use_state(|| None::<Vec<u32>>);
    let exploration = use_state(|| None::<explore_view::Exploration>);
    let exploring = use_state(|| false);
    // A link's schedule, shown once the engine has loaded.
    let linked_schedule = use_state(|| None::<String>);
    // The swimlanes are as wide as their panel, less its padding.
    let views_width = threads_view::use_width(views_ref.clone(), 600.0, 24.0);

    // Once: theme, shortcuts, the code from the link (or the first
    // example), the editor, and the engine (loaded early, so the first run
    // starts at once).
    {
        let (editor, editor_host, mode, mode_now, info, page_problem, dark, linked_schedule) = (
            editor.clone(),
            editor_host.clone(),
            mode.clone(),
            mode_now.clone(),
            info.clone(),
            page_problem.clone(),
            *dark,
            linked_schedule.clone(),
        );
        use_effect_with((), move |_| {
            theme::apply(dark, false);
            let shortcuts = install_shortcuts();
            wasm_bindgen_futures::spawn_local(async move {
                let first = gallery::EXAMPLES
                    .iter()
                    .find(|e| e.file == FIRST_EXAMPLE)
                    .map_or("", |e| e.source);
                let mut text = first.to_string();
                if let Some(state) = share::from_location().await {
                    if let Some(code) = state.code {
                        text = code;
                    }
                    page_problem.set(state.error);
                    linked_schedule.set(state.schedule);
                    *mode_now.borrow_mut() = state.mode.clone();
                    mode.set(state.mode);
                }
                if let Some(host) = editor_host.cast::<web_sys::Element>() {
                    let mode_now = mode_now.clone();
                    let on_change = move |text: String| share::remember(&text, &mode_now.borrow());
                    match editor::create(&host, &text, dark, false, on_change).await {
                        Ok(e) => *editor.borrow_mut() = Some(e),
                        Err(message) => page_problem.set(Some(message)),
                    }
                }
                let loaded = engine_host::info().await;
                // One core can only interleave threads: every run is scheduled.
                if loaded.interleaved() {
                    *mode_now.borrow_mut() = "scheduled".to_string();
                    mode.set("scheduled".to_string());
                }
                info.set(Some(loaded));
            });
            move || drop(shortcuts)
        });
    }

    // Runs the editor's program with `scheduling` (in `mode`); a deadlock
    // outside step mode opens the Locks tab.
    let start_run = {
        let (session, editor, tab, step_index) = (
            session.clone(),
            editor.clone(),
            tab.clone(),
            step_index.clone(),
        );
        Rc::new(
            move |mode: String, scheduling: Scheduling, stepping: bool| {
                let text = editor_text(&editor);
                if let Some(e) = editor.borrow().as_ref() {
                    e.clear_error();
                }
                step_index.set(usize::MAX);
                let mark_error = mark_error_in(&editor);
                let tab = tab.clone();
                session.run(text, mode, scheduling, move |result| {
                    mark_error(result);
                    // A deadlock is best seen as its cycle.
                    if result.deadlocked() && !stepping {
                        tab.set(Tab::Locks);
                    }
                });
            },
        )
    };
    let on_run = {
        let (start_run, editor, mode, choices) = (
            start_run.clone(),
            editor.clone(),
            mode.clone(),
            choices.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            share::remember(&editor_text(&editor), &mode);
            choices.set(None);
            start_run((*mode).clone(), Scheduling::fresh(), false);
        })
    };
    // Step mode: every choice re-runs the program with the choices so far.
    let step_mode = {
        let (start_run, mode, mode_now, tab) = (
            start_run.clone(),
            mode.clone(),
            mode_now.clone(),
            tab.clone(),
        );
        StepMode::new(choices.clone(), move |list| {
            *mode_now.borrow_mut() = "scheduled".to_string();
            mode.set("scheduled".to_string());
            tab.set(Tab::Interleaving);
            start_run("scheduled".to_string(), Scheduling::step(list), true);
        })
    };
    let on_select_step = {
        let step_index = step_index.clone();
        Callback::from(move |i: usize| step_index.set(i))
    };
    let on_replay = {
        let (start_run, mode, mode_now, tab, choices) = (
            start_run.clone(),
            mode.clone(),
            mode_now.clone(),
            tab.clone(),
            choices.clone(),
        );
        Callback::from(move |schedule: String| {
            *mode_now.borrow_mut() = "scheduled".to_string();
            mode.set("scheduled".to_string());
            choices.set(None);
            tab.set(Tab::Interleaving);
            start_run(
                "scheduled".to_string(),
                Scheduling::replay(&schedule),
                false,
            );
        })
    };
    let on_explore = {
        let (editor, exploration, exploring) =
            (editor.clone(), exploration.clone(), exploring.clone());
        Callback::from(move |()| {
            let text = editor_text(&editor);
            exploring.set(true);
            let started = explore_view::Exploration {
                example: gallery::find_by_source(&text),
                ..explore_view::Exploration::default()
            };
            exploration.set(Some(started.clone()));
            let (exploration, exploring) = (exploration.clone(), exploring.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let progress = Rc::new(RefCell::new(started));
                let shown = {
                    let (progress, exploration) = (progress.clone(), exploration.clone());
                    move |p| {
                        progress.borrow_mut().progress = p;
                        exploration.set(Some(progress.borrow().clone()));
                    }
                };
                let result = engine_host::explore(&text, shown).await;
                let mut done = progress.borrow().clone();
                match result {
                    Ok(report) => done.report = Some(report),
                    Err(message) => done.failure = Some(message),
                }
                exploration.set(Some(done));
                exploring.set(false);
            });
        })
    };
    let on_stop_explore = Callback::from(|()| engine_host::stop());
    // A link with a schedule opens at that interleaving, once the engine
    // and the editor are there.
    {
        let (linked, on_replay, step_mode) = (
            linked_schedule.clone(),
            on_replay.clone(),
            step_mode.clone(),
        );
        use_effect_with(
            (info.is_some(), (*linked_schedule).clone()),
            move |(loaded, schedule)| {
                if let (true, Some(schedule)) = (*loaded, schedule.clone()) {
                    linked.set(None);
                    match schedule.strip_prefix("step:") {
                        Some(list) => {
                            let choices = list
                                .parse::<weft_vocabulary::Schedule>()
                                .map(|s| s.0)
                                .unwrap_or_default();
                            step_mode.set(Some(choices));
                        }
                        None => on_replay.emit(schedule),
                    }
                }
            },
        );
    }
    let on_explore_tab = {
        let (on_explore, tab) = (on_explore.clone(), tab.clone());
        Callback::from(move |_: MouseEvent| {
            tab.set(Tab::Explore);
            on_explore.emit(());
        })
    };
    let on_run_many = {
        let (session, editor, mode, runs, tab) = (
            session.clone(),
            editor.clone(),
            mode.clone(),
            runs.clone(),
            tab.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            if let Some(e) = editor.borrow().as_ref() {
                e.clear_error();
            }
            tab.set(Tab::Outcomes);
            session.run_many(editor_text(&editor), (*mode).clone(), *runs);
        })
    };
    let on_stop = {
        let session = session.clone();
        Callback::from(move |_: MouseEvent| session.stop())
    };
    let on_runs_input = {
        let runs = runs.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>()
                && let Ok(n) = input.value().trim().parse::<u32>()
            {
                runs.set(n.clamp(1, 10_000));
            }
        })
    };
    let set_mode = |m: &'static str| {
        let (mode, mode_now, editor) = (mode.clone(), mode_now.clone(), editor.clone());
        Callback::from(move |_: MouseEvent| {
            *mode_now.borrow_mut() = m.to_string();
            mode.set(m.to_string());
            share::remember(&editor_text(&editor), m);
        })
    };
    let on_share = {
        let (editor, mode, share_link, session, choices) = (
            editor.clone(),
            mode.clone(),
            share_link.clone(),
            session.clone(),
            choices.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let (text, mode, share_link) =
                (editor_text(&editor), (*mode).clone(), share_link.clone());
            // A scheduled run's link replays it: step mode's choices, or
            // the schedule the last run took.
            let schedule = match &*choices {
                Some(list) => Scheduling::step(list).strategy,
                None if mode == "scheduled" => session
                    .get()
                    .result
                    .as_ref()
                    .and_then(|r| r.schedule.as_ref())
                    .map(ToString::to_string),
                None => None,
            };
            wasm_bindgen_futures::spawn_local(async move {
                if let Some(link) = share::link(&text, &mode, schedule.as_deref(), false).await {
                    let copied = share::copy(&link).await;
                    share_link.set(Some((link, copied)));
                }
            });
        })
    };
    let on_theme = {
        let (dark, editor) = (dark.clone(), editor.clone());
        Callback::from(move |_: MouseEvent| {
            let next = !*dark;
            theme::apply(next, true);
            if let Some(e) = editor.borrow().as_ref() {
                e.set_dark(next);
            }
            dark.set(next);
        })
    };
    let pick_example = |example: &'static gallery::Example| {
        let (editor, mode, tab) = (editor.clone(), mode.clone(), tab.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(e) = editor.borrow().as_ref() {
                e.set_text(example.source);
                e.clear_error();
            }
            share::remember(example.source, &mode);
            if example.histogram {
                tab.set(Tab::Outcomes);
            } else if *tab == Tab::Outcomes {
                tab.set(Tab::Threads);
            }
        })
    };
    let on_show_run = {
        let session = session.clone();
        Callback::from(move |run: u32| session.show_outcome_run(run))
    };

    let running = session.running();
    let interleaved = info.as_ref().is_some_and(EngineInfo::interleaved);
    let s = session.get();
    let deadlock = s
        .result
        .as_ref()
        .and_then(|r| r.error.as_ref())
        .filter(|e| e.kind.as_deref() == Some("deadlock"));
    let graph = deadlock
        .and_then(|e| e.deadlock.as_ref().map(WaitForGraph::from_deadlock))
        .unwrap_or_else(|| WaitForGraph::from_timeline(&s.timeline));
    let error_line = s.result.as_ref().and_then(|r| r.error.as_ref()).map(|e| {
        let at = e
            .line
            .map(|l| format!(" (line {l}, column {})", e.column.unwrap_or(1)))
            .unwrap_or_default();
        format!(
            "{}: {}{at}",
            e.name,
            e.message.lines().next().unwrap_or_default()
        )
    });
    let tab_panel = match *tab {
        Tab::Threads => html! {
            <ThreadsView timeline={s.timeline.clone()} now={s.timeline_now()} width={views_width} />
        },
        Tab::Interleaving => html! {
            <InterleavingView result={s.result.clone()} index={*step_index} on_select={on_select_step}
                stepping={step_mode.active()} choices={step_mode.made()}
                on_choose={step_mode.on_choose()} on_undo={step_mode.on_undo()} on_stepping={step_mode.on_toggle()}
                running={running} />
        },
        Tab::Explore => html! {
            <ExploreView exploration={(*exploration).clone()} busy={running || *exploring}
                exploring={*exploring} on_explore={on_explore} on_stop={on_stop_explore} on_replay={on_replay}
                runs={s.outcomes.clone()} />
        },
        Tab::Locks => html! {
            <LocksView timeline={s.timeline.clone()} graph={graph} deadlock={deadlock.is_some()} />
        },
        Tab::Outcomes => html! {
            <OutcomesView outcomes={s.outcomes.clone()} on_show_run={on_show_run} />
        },
    };
    let current_source = editor_text(&editor);
    editor::use_line_marks(
        editor.clone(),
        editor::marks_of(s.result.as_ref(), *step_index, step_mode.active()),
    );

    html! {
        <div class="app" data-run={s.marker()}
            data-schedule={s.result.as_ref().and_then(|r| r.schedule.as_ref()).map(ToString::to_string)}>
            <header class="toolbar">
                <h1><span class="logo" aria-hidden="true">{ "≋" }</span>{ "weft" }</h1>
                <span class="tagline">{ "JavaScript threads that share one heap" }</span>
                <div class="controls" role="toolbar" aria-label="Run controls">
                    <button id="run-button" class="primary" onclick={on_run} disabled={running}
                        title="Run (Ctrl+Enter)">{ "▶ Run" }</button>
                    <button id="stop-button" onclick={on_stop} disabled={!running}
                        title="Stop (Escape)">{ "■ Stop" }</button>
                    <div class="mode-switch" role="radiogroup" aria-label="Mode">
                        { for ["parallel", "locked", "scheduled"].into_iter().map(|m| html! {
                            <button role="radio" id={format!("mode-{m}")} aria-checked={(*mode == m).to_string()}
                                onclick={set_mode(m)} disabled={interleaved && m != "scheduled"}
                                title={match m {
                                    "parallel" => "Threads run at once, on every core",
                                    "locked" => "One thread runs at a time (a global lock)",
                                    _ => "One thread at a time, switched at every shared access: see each step, choose them by hand, explore them all, replay any",
                                }}>
                                { mode_label(m) }
                            </button>
                        }) }
                    </div>
                    <span class="repeat">
                        <button id="repeat-button" onclick={on_run_many} disabled={running}
                            title="Run the program many times and plot its outcomes">{ format!("Run ×{}", *runs) }</button>
                        <input id="runs-input" type="number" min="1" max="10000" value={runs.to_string()}
                            aria-label="How many runs" oninput={on_runs_input} />
                    </span>
                    <button id="explore-toolbar-button" onclick={on_explore_tab} disabled={running || *exploring}
                        title="Run every interleaving of the program and list every outcome it can have">{ "Explore" }</button>
                    <button id="share-button" onclick={on_share} title="Copy a link to this code">{ "Share" }</button>
                    <button id="theme-button" onclick={on_theme}
                        aria-label={if *dark { "Switch to the light theme" } else { "Switch to the dark theme" }}>
                        { if *dark { "☀" } else { "☾" } }
                    </button>
                </div>
            </header>
            { threads_notice(&info) }
            if let Some(problem) = &*page_problem {
                <p class="notice error" role="alert">{ problem }</p>
            }
            if let Some((link, copied)) = &*share_link {
                <p class="share-line">
                    { if *copied { "Link copied: " } else { "Link: " } }
                    <input id="share-link" readonly=true value={link.clone()} aria-label="Share link" />
                </p>
            }
            <main class="workspace">
                <nav class="gallery" aria-label="Examples">
                    <details open={wide_screen()}>
                        <summary><h2>{ "Examples" }</h2></summary>
                        <ul>
                            { for gallery::EXAMPLES.iter().map(|e| html! {
                                <li>
                                    <button class={classes!("example", (e.source == current_source).then_some("current"))}
                                        data-file={e.file} onclick={pick_example(e)}>
                                        <strong>{ e.title }</strong>
                                        <span>{ e.about }</span>
                                    </button>
                                </li>
                            }) }
                        </ul>
                    </details>
                </nav>
                <section class="editor-pane" aria-label="Program">
                    <div class="editor" ref={editor_host}></div>
                    <p class="run-status" id="run-status" aria-live="polite">{ status_line(&session) }</p>
                    if let Some(line) = error_line {
                        <p class="error-line" id="error-line">{ line }</p>
                    }
                </section>
                <section class="views" ref={views_ref}>
                    <div class="tabs" role="tablist" aria-label="Views">
                        { for Tab::ALL.into_iter().map(|t| {
                            let select = { let tab = tab.clone(); Callback::from(move |_: MouseEvent| tab.set(t)) };
                            html! {
                                <button role="tab" id={format!("tab-{}", t.id())} aria-selected={(*tab == t).to_string()}
                                    aria-controls="view-panel" onclick={select}>{ t.name() }</button>
                            }
                        }) }
                    </div>
                    <div class="view-panel" id="view-panel" role="tabpanel" aria-labelledby={format!("tab-{}", tab.id())}>
                        { tab_panel }
                    </div>
                    <ConsoleView lines={s.console.clone()} dropped={s.console_dropped} result={s.result.clone()}
                        failure={s.failure.clone()} running={running} elapsed={s.elapsed()} />
                </section>
            </main>
        </div>
    }
}

fn main() {
    let embed = gloo::utils::window()
        .location()
        .search()
        .is_ok_and(|q| q.trim_start_matches('?').split('&').any(|p| p == "embed"));
    if embed {
        yew::Renderer::<embed::EmbedApp>::new().render();
    } else {
        yew::Renderer::<App>::new().render();
    }
}
