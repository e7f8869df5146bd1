//! The Explore view: `explore` runs every schedule of the program (within
//! two preemptions) in the engine's worker, with a progress line and Stop,
//! and lists every distinct outcome as a jcstress-style table: how many
//! schedules reach it, the gallery's expectation for it, and how often
//! "Run ×N" hit it (often never), each with *Replay*, which opens the
//! interleaving view at that schedule.

use yew::prelude::*;

use crate::engine_host::{ExploreProgress, ExploreReport};
use crate::gallery;
use crate::outcomes::Outcomes;

/// A search, running or done.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Exploration {
    pub progress: ExploreProgress,
    pub report: Option<ExploreReport>,
    pub failure: Option<String>,
    /// The gallery example explored, if it is one (its title and outcome
    /// annotations).
    pub example: Option<&'static gallery::Example>,
}

/// An explored outcome as "Run ×N" counts it: its last line, or the
/// error it failed with.
fn result_key(output: &str, failed: bool) -> String {
    if failed {
        let name = if output.contains("deadlock:") {
            "DeadlockError"
        } else {
            output
                .lines()
                .last()
                .and_then(|l| l.split(':').next())
                .unwrap_or("Error")
        };
        return format!("error: {}", name.trim_start_matches("Uncaught ").trim());
    }
    output
        .trim()
        .lines()
        .last()
        .unwrap_or("(no output)")
        .to_string()
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
    /// The last "Run ×N" tally, to show which outcomes it hit.
    pub runs: Option<Outcomes>,
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
    let annotations = x.example.map_or(&[][..], |e| e.outcomes);
    // "Run ×N" of the same example, if it was run.
    let runs = props
        .runs
        .as_ref()
        .filter(|t| t.title.is_some() && t.title == x.example.map(|e| e.title));
    let rows = x.report.as_ref().map(|r| {
        let total = r.schedules.max(1) as f64;
        html! {
            <table class="outcome-table" id="explore-table">
                <thead><tr>
                    <th>{ "outcome" }</th><th>{ "schedules" }</th><th>{ "share" }</th>
                    if !annotations.is_empty() { <th>{ "expectation" }</th> }
                    if let Some(t) = runs { <th title="How many of the last “Run ×N” runs ended this way">{ format!("in {} runs", t.done) }</th> }
                    <th></th>
                </tr></thead>
                <tbody>
                    { for r.outcomes.iter().enumerate().map(|(i, o)| {
                        let replay = { let (on, s) = (props.on_replay.clone(), o.schedule.to_string()); Callback::from(move |_: MouseEvent| on.emit(s.clone())) };
                        let key = result_key(&o.output, o.failed);
                        let note = gallery::annotation(annotations, &key);
                        let hits = runs.map(|t| t.rows.iter().filter(|row| row.result == key).map(|row| row.samples).sum::<u32>());
                        html! {
                            <tr class={classes!(o.failed.then_some("failed"))} data-outcome={o.output.trim().to_string()}
                                title={note.map(|n| n.description)}>
                                <td class="outcome"><pre>{ o.output.trim() }</pre></td>
                                <td>{ o.count }</td>
                                <td>{ format!("{:.1} %", o.count as f64 * 100.0 / total) }</td>
                                if !annotations.is_empty() { <td>{ note.map_or("—", |n| n.expect) }</td> }
                                if let Some(h) = hits { <td class={classes!((h == 0).then_some("never"))}>{ if h == 0 { "never".to_string() } else { h.to_string() } }</td> }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_explored_outcome_reads_as_run_n_times_counts_it() {
        assert_eq!(result_key("a\ncounter: 3\n", false), "counter: 3");
        assert_eq!(result_key("", false), "(no output)");
        let deadlock =
            "weft: deadlock: these threads wait for each other in a cycle:\n  thread 1 waits";
        assert_eq!(result_key(deadlock, true), "error: DeadlockError");
        assert_eq!(
            result_key("x\nUncaught TypeError: boom", true),
            "error: TypeError"
        );
    }
}
