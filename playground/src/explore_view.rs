//! The Explore view: `explore` runs every schedule of the program (within
//! two preemptions) in the engine's worker, with a progress line and Stop,
//! and lists every distinct outcome — the ones parallel runs never hit
//! too — as a jcstress-style table, each with *Replay*, which opens the
//! interleaving view at that schedule.

use yew::prelude::*;

use crate::engine_host::{ExploreProgress, ExploreReport};

/// A search, running or done.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Exploration {
    pub progress: ExploreProgress,
    pub report: Option<ExploreReport>,
    pub failure: Option<String>,
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub exploration: Option<Exploration>,
    /// Something runs (a run or the search).
    pub busy: bool,
    pub exploring: bool,
    pub on_explore: Callback<()>,
    pub on_stop: Callback<()>,
    pub on_replay: Callback<String>,
}

#[function_component(ExploreView)]
pub fn explore_view(props: &Props) -> Html {
    let explore = {
        let on = props.on_explore.clone();
        Callback::from(move |_: MouseEvent| on.emit(()))
    };
    let stop = {
        let on = props.on_stop.clone();
        Callback::from(move |_: MouseEvent| on.emit(()))
    };
    let head = html! {
        <div class="explore-controls">
            <button id="explore-button" class="primary" onclick={explore} disabled={props.busy}
                title="Run every interleaving of the program (up to two preemptions) and list what each can print">
                { "Explore all interleavings" }
            </button>
            <button id="explore-stop" onclick={stop} disabled={!props.exploring}>{ "■ Stop" }</button>
        </div>
    };
    let Some(x) = &props.exploration else {
        return html! {
            <div class="explore">
                { head }
                <p class="placeholder">{ "Explore runs the program under every schedule in turn — one thread at a time, switching at every shared access — and lists every outcome it can have, each with the schedule that reaches it." }</p>
            </div>
        };
    };
    let progress = match (&x.report, props.exploring) {
        (_, true) => html! {
            <p class="explore-progress" id="explore-progress" role="status">
                <progress max="1" aria-label="Exploring" />
                { format!(" {} schedules, {} outcomes so far…", x.progress.schedules, x.progress.outcomes) }
            </p>
        },
        (Some(r), false) => html! {
            <p class="explore-progress" id="explore-progress" role="status">{ r.to_string() }{ "." }</p>
        },
        (None, false) => Html::default(),
    };
    let rows = x.report.as_ref().map(|r| {
        let total = r.schedules.max(1) as f64;
        html! {
            <table class="outcome-table" id="explore-table">
                <thead><tr><th>{ "outcome" }</th><th>{ "schedules" }</th><th>{ "share" }</th><th></th></tr></thead>
                <tbody>
                    { for r.outcomes.iter().enumerate().map(|(i, o)| {
                        let replay = { let (on, s) = (props.on_replay.clone(), o.schedule.to_string()); Callback::from(move |_: MouseEvent| on.emit(s.clone())) };
                        html! {
                            <tr class={classes!(o.failed.then_some("failed"))} data-outcome={o.output.trim().to_string()}>
                                <td class="outcome"><pre>{ o.output.trim() }</pre></td>
                                <td>{ o.count }</td>
                                <td>{ format!("{:.1} %", o.count as f64 * 100.0 / total) }</td>
                                <td><button class="replay" id={format!("replay-{i}")} onclick={replay} disabled={props.busy}
                                    title={format!("Replay schedule {}", o.schedule)}>{ "Replay" }</button></td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        }
    });
    html! {
        <div class="explore">
            { head }
            { progress }
            if let Some(f) = &x.failure {
                <p class="notice error" role="alert">{ f }</p>
            }
            { rows.unwrap_or_default() }
        </div>
    }
}
