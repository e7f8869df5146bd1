//! The console: what the program printed, line by line, each keyed to its
//! thread's colour (the lanes' colours), with a filter per thread; then how
//! the run ended (an uncaught exception with its JS stack, a deadlock, a
//! stop, step mode's pause); then the data races it found, each opening to
//! both accesses' stacks.

use yew::prelude::*;

use crate::engine_host::{ConsoleLine, RunResult};
use crate::threads_view::{format_ms, thread_class};
use crate::timeline::thread_name;

#[derive(Properties, PartialEq)]
pub struct ConsoleViewProps {
    pub lines: Vec<ConsoleLine>,
    pub dropped: usize,
    pub result: Option<RunResult>,
    /// The engine could not run the program at all.
    pub failure: Option<String>,
    pub running: bool,
    pub elapsed: f64,
}

#[function_component(ConsoleView)]
pub fn console_view(props: &ConsoleViewProps) -> Html {
    let filter = use_state(|| None::<u32>);
    let mut threads: Vec<u32> = props.lines.iter().map(|l| l.thread).collect();
    threads.sort_unstable();
    threads.dedup();
    let chip = |thread: Option<u32>| {
        let filter = filter.clone();
        let pressed = *filter == thread;
        let label = thread.map_or_else(|| "all".to_string(), thread_name);
        html! {
            <button class={classes!("chip", thread.map(thread_class))} aria-pressed={pressed.to_string()}
                onclick={Callback::from(move |_| filter.set(thread))}>{ label }</button>
        }
    };
    let lines = props
        .lines
        .iter()
        .filter(|l| filter.is_none_or(|t| l.thread == t))
        .map(|l| {
            html! {
                <div class={classes!("line", thread_class(l.thread), l.error.then_some("error"))} data-thread={l.thread.to_string()}>
                    <span class="who">{ thread_name(l.thread) }</span>
                    <span class="text">{ &l.text }</span>
                </div>
            }
        });
    let ending = match (&props.result, &props.failure) {
        (_, Some(failure)) => html! { <div class="ending error">{ failure }</div> },
        (Some(result), None) => match (result.status.as_str(), &result.error) {
            ("error", Some(e)) => {
                let stack = e.stack.trim();
                let deadlock = e.kind.as_deref() == Some("deadlock");
                html! {
                    <div class={classes!("ending", "error", deadlock.then_some("deadlock"))} id="run-error">
                        <strong>{ format!("{}: ", e.name) }</strong>{ &e.message }
                        if !stack.is_empty() && !e.message.contains(stack) { <pre class="stack">{ stack }</pre> }
                    </div>
                }
            }
            ("paused", _) => {
                html! { <div class="ending paused">{ "Paused: choose which thread takes the next step." }</div> }
            }
            ("stopped", _) => {
                html! { <div class="ending stopped">{ format!("Stopped after {}.", format_ms(props.elapsed)) }</div> }
            }
            _ => {
                html! { <div class="ending ok">{ format!("Finished in {}.", format_ms(props.elapsed)) }</div> }
            }
        },
        (None, None) if props.running => html! { <div class="ending running">{ "Running…" }</div> },
        _ => Html::default(),
    };
    html! {
        <section class="console-pane" aria-label="Console">
            <div class="console-head">
                <h2>{ "Console" }</h2>
                if threads.len() > 1 {
                    <div class="chips" role="group" aria-label="Show the output of">
                        { chip(None) }
                        { for threads.iter().map(|&t| chip(Some(t))) }
                    </div>
                }
            </div>
            <div class="console" id="console" role="log" aria-live="polite" tabindex="0">
                { for lines }
                if props.dropped > 0 {
                    <div class="line note">{ format!("… and {} more lines", props.dropped) }</div>
                }
                { ending }
            </div>
            { races(props.result.as_ref()) }
        </section>
    }
}

/// The data races a run found, under the console: each one's first line,
/// opening to both accesses' stacks.
fn races(result: Option<&RunResult>) -> Html {
    let races = result.and_then(|r| r.races.as_deref()).unwrap_or_default();
    if races.is_empty() {
        return Html::default();
    }
    html! {
        <section class="races" aria-label="Data races">
            <h3>{ format!("Data races ({})", races.len()) }</h3>
            <ul id="races">
                { for races.iter().map(|race| html! {
                    <li>
                        <details>
                            <summary>{ race.headline() }</summary>
                            <pre class="stack">{ race.to_string() }</pre>
                        </details>
                    </li>
                }) }
            </ul>
        </section>
    }
}
