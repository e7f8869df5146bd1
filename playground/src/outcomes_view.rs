//! The race outcomes view: the histogram of a "run N times" as a jcstress
//! table (result, samples, frequency, expectation, possible one at a time)
//! with a bar per distinct result (or per range, for many totals), the
//! gallery's description of each outcome below; each row links to the
//! first run that produced it (its console).

use yew::prelude::*;

use crate::outcomes::Outcomes;

/// Rows shown at most (a racy counter can give every run its own result).
const MAX_ROWS: usize = 40;

#[derive(Properties, PartialEq)]
pub struct OutcomesViewProps {
    pub outcomes: Option<Outcomes>,
    /// Shows the console of run number N.
    pub on_show_run: Callback<u32>,
}

fn expectation_class(expect: &str) -> &'static str {
    match expect {
        "acceptable" => "acceptable",
        "interesting" => "interesting",
        "forbidden" => "forbidden",
        _ => "unknown",
    }
}

#[function_component(OutcomesView)]
pub fn outcomes_view(props: &OutcomesViewProps) -> Html {
    let Some(tally) = &props.outcomes else {
        return html! {
            <p class="placeholder">
                { "Run a program many times (the “Run ×N” button) to see how its results spread. \
                   Try the racy counter, then its fixes, and the litmus tests." }
            </p>
        };
    };
    let (rows, range) = tally.plotted();
    let max = rows.iter().map(|r| r.samples).max().unwrap_or(1);
    let shown = rows.len().min(MAX_ROWS);
    let summary = format!(
        "{} of {} runs{}, {} distinct outcome{}",
        tally.done,
        tally.planned,
        if tally.running() { " so far" } else { "" },
        tally.distinct(),
        if tally.distinct() == 1 { "" } else { "s" },
    );
    let row_views = rows[..shown].iter().map(|row| {
        let note = tally.annotation(&row.result);
        let frequency = 100.0 * f64::from(row.samples) / f64::from(tally.done.max(1));
        let on_click = {
            let (cb, run) = (props.on_show_run.clone(), row.first_run);
            Callback::from(move |_| cb.emit(run))
        };
        html! {
            <tr class={classes!("outcome-row", note.map(|n| expectation_class(n.expect)))} title={note.map(|n| n.description)}>
                <th scope="row" class="result"><code>{ &row.result }</code></th>
                <td class="bar-cell">
                    <span class="bar" style={format!("width: {:.1}%", 100.0 * f64::from(row.samples) / f64::from(max))}></span>
                </td>
                <td class="num">{ row.samples }</td>
                <td class="num">{ format!("{frequency:.1}%") }</td>
                <td>{ note.map_or("—", |n| n.expect) }</td>
                <td>{ note.map_or("—", |n| if n.sc { "yes" } else { "no" }) }</td>
                <td><button class="link" onclick={on_click} title="Show the console of the first run that ended this way">{ format!("#{}", row.first_run) }</button></td>
            </tr>
        }
    });
    let unseen = tally.unseen().into_iter().map(|note| {
        html! {
            <tr class={classes!("outcome-row", "unseen", expectation_class(note.expect))} title={note.description}>
                <th scope="row" class="result"><code>{ note.result }</code></th>
                <td class="bar-cell"></td>
                <td class="num">{ 0 }</td>
                <td class="num">{ "0.0%" }</td>
                <td>{ note.expect }</td>
                <td>{ if note.sc { "yes" } else { "no" } }</td>
                <td></td>
            </tr>
        }
    });
    html! {
        <div class="outcomes-view">
            <p class="outcome-summary" id="outcome-summary">
                { tally.title.map(|t| format!("{t}: ")).unwrap_or_default() }{ summary }
                if let Some(why) = &tally.interrupted { { format!(" ({why})") } }
            </p>
            if tally.running() {
                <progress max={tally.planned.to_string()} value={tally.done.to_string()} aria-label="Runs done"></progress>
            }
            <div class="table-scroll">
                <table class="outcomes-table">
                    <thead><tr>
                        <th>{ "Result" }</th><th>{ "Histogram" }</th><th>{ "Samples" }</th><th>{ "Frequency" }</th>
                        <th>{ "Expectation" }</th><th title="Possible when the threads run one at a time (sequential consistency)">{ "One at a time?" }</th>
                        <th>{ "Run" }</th>
                    </tr></thead>
                    <tbody>{ for row_views }{ for unseen }</tbody>
                </table>
            </div>
            if let Some(width) = range {
                <p class="note">{ format!("{} distinct results, plotted in ranges of {width}.", tally.distinct()) }</p>
            }
            if rows.len() > shown {
                <p class="note">{ format!("{} rarer results are not listed.", rows.len() - shown) }</p>
            }
            if !tally.annotations.is_empty() {
                <dl class="outcome-notes">
                    { for tally.annotations.iter().map(|n| html! {
                        <>
                            <dt class={expectation_class(n.expect)}>
                                <code>{ if n.result == "*" { "any other result" } else { n.result } }</code>
                                { format!(" — {}{}", n.expect, if n.sc { "" } else { ", impossible one at a time" }) }
                            </dt>
                            <dd>{ n.description }</dd>
                        </>
                    }) }
                </dl>
            }
        </div>
    }
}
