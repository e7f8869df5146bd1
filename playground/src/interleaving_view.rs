//! The interleaving view of a scheduled run: its steps in order (thread,
//! line, what it did: `read counter.n → 41`), a scrubber over them (← and →
//! step), the shared memory as it stood after the chosen step, and the
//! lost updates and deadlock the steps show. In step mode it also asks who
//! goes next: one button per thread that can, with the line it is at and
//! what it will do, and an undo.

use weft_vocabulary::step::{self, LostUpdate};
use weft_vocabulary::{Pause, Step};
use yew::prelude::*;

use crate::engine_host::RunResult;
use crate::threads_view::thread_class;

/// Steps listed on each side of the chosen one (the log holds up to
/// 10,000; the scrubber reaches them all).
const LISTED_AROUND: usize = 150;

/// Lost updates named in full (the rest are counted).
const SHOWN_LOST: usize = 2;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub result: Option<RunResult>,
    /// The chosen step (clamped to the steps there are); `usize::MAX`
    /// before the learner chose one: then the first lost update's
    /// overwriting write (outside step mode), else the last step.
    pub index: usize,
    pub on_select: Callback<usize>,
    /// Step mode is on: the learner chooses who goes next.
    pub stepping: bool,
    /// Choices made so far in step mode.
    pub choices: usize,
    pub on_choose: Callback<u32>,
    pub on_undo: Callback<()>,
    pub on_stepping: Callback<bool>,
    pub running: bool,
}

/// The step shown for the chosen `index` (see `Props::index`) among
/// `steps`, and the lost updates they show.
pub fn shown_step(steps: &[Step], index: usize, stepping: bool) -> (usize, Vec<LostUpdate>) {
    let lost = step::lost_updates(steps);
    let shown = match (index, lost.first()) {
        (usize::MAX, Some(l)) if !stepping => l.write,
        (i, _) => i.min(steps.len().saturating_sub(1)),
    };
    (shown, lost)
}

#[function_component(InterleavingView)]
pub fn interleaving_view(props: &Props) -> Html {
    let steps: &[Step] = props
        .result
        .as_ref()
        .and_then(|r| r.steps.as_deref())
        .unwrap_or_default();
    let (index, lost) = shown_step(steps, props.index, props.stepping);
    // The chosen step stays in sight as it moves.
    use_effect_with((index, steps.len()), |_| scroll_to_current());
    let pause = props.result.as_ref().and_then(|r| r.pause.as_ref());
    let controls = step_mode_controls(props, pause);
    if steps.is_empty() {
        return html! {
            <div class="interleaving">
                { controls }
                <p class="placeholder">{ "Run in step by step mode to see every read, write and lock of each thread, in the order they happened — or press “Step by hand” and choose who goes next yourself." }</p>
            </div>
        };
    }
    let deadlock = props
        .result
        .as_ref()
        .filter(|r| r.deadlocked())
        .and_then(|r| r.error.as_ref());
    let select = |i: usize| {
        let on_select = props.on_select.clone();
        Callback::from(move |_: MouseEvent| on_select.emit(i))
    };
    let on_scrub = {
        let on_select = props.on_select.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>()
                && let Ok(i) = input.value().parse::<usize>()
            {
                on_select.emit(i);
            }
        })
    };
    let memory = step::memory_at(steps, index);
    let truncated = props.result.as_ref().is_some_and(|r| r.steps_truncated);
    let listed = index.saturating_sub(LISTED_AROUND)..(index + LISTED_AROUND + 1).min(steps.len());
    let (earlier, later) = (listed.start, steps.len() - listed.end);
    let in_lost = |i: usize| {
        lost.iter()
            .any(|l| l.read == i || l.overwritten == i || l.write == i)
    };
    html! {
        <div class="interleaving">
            { controls }
            { for lost.iter().take(SHOWN_LOST).map(|l| lost_banner(l, steps, &props.on_select)) }
            if lost.len() > SHOWN_LOST {
                <p class="banner lost-update">{ format!("… and {} more lost updates.", lost.len() - SHOWN_LOST) }</p>
            }
            if let Some(e) = deadlock {
                <p class="banner deadlock" id="deadlock-banner" role="status">
                    <strong>{ "Deadlock reached. " }</strong>{ e.message.lines().next().unwrap_or_default() }
                </p>
            }
            <div class="scrubber">
                <button id="step-prev" onclick={select(index.saturating_sub(1))} disabled={index == 0}
                    title="Previous step (←)" aria-label="Previous step">{ "◀" }</button>
                <input id="step-scrubber" type="range" min="0" max={(steps.len() - 1).to_string()}
                    value={index.to_string()} oninput={on_scrub} aria-label="Step" />
                <button id="step-next" onclick={select((index + 1).min(steps.len() - 1))}
                    disabled={index + 1 >= steps.len()} title="Next step (→)" aria-label="Next step">{ "▶" }</button>
                <span class="step-count" id="step-count">{ format!("step {} of {}", index + 1, steps.len()) }</span>
            </div>
            <div class="interleaving-panes">
                <ol class="step-list" id="step-list" aria-label="Steps">
                    if earlier > 0 {
                        <li class="more" onclick={select(earlier - 1)}>{ format!("… {earlier} earlier steps") }</li>
                    }
                    { for steps[listed.clone()].iter().zip(listed.clone()).map(|(s, i)| html! {
                        <li class={classes!(thread_class(s.thread), (i == index).then_some("current"),
                                (i > index).then_some("later"), in_lost(i).then_some("lost"))}
                            data-step={i.to_string()} onclick={select(i)}>
                            <span class="step-n">{ i + 1 }</span>
                            <span class="step-thread">{ format!("T{}", s.thread) }</span>
                            <span class="step-line">{ if s.line > 0 { format!("line {}", s.line) } else { String::new() } }</span>
                            <span class="step-what">{ s.action.to_string() }</span>
                        </li>
                    }) }
                    if later > 0 {
                        <li class="more" onclick={select(listed.end)}>{ format!("… {later} later steps") }</li>
                    }
                    if truncated && later == 0 {
                        <li class="more" id="steps-truncated">{ format!("The log stops here: a run records its first {} steps.", steps.len()) }</li>
                    }
                </ol>
                <section class="shared-memory" id="shared-memory" aria-label="Shared memory">
                    <h3>{ "Shared memory" }</h3>
                    if memory.is_empty() {
                        <p class="placeholder">{ "Nothing shared touched yet." }</p>
                    } else {
                        <table>
                            <thead><tr><th>{ "place" }</th><th>{ "value" }</th><th>{ "last" }</th></tr></thead>
                            <tbody>
                                { for memory.iter().map(|c| html! {
                                    <tr class={classes!((c.step == index).then_some("touched"))}>
                                        <td class="place">{ &c.place }</td>
                                        <td class="value">{ &c.value }</td>
                                        <td class={thread_class(steps[c.step].thread)}>
                                            { format!("{} by T{} (step {})", if c.written { "written" } else { "read" }, steps[c.step].thread, c.step + 1) }
                                        </td>
                                    </tr>
                                }) }
                            </tbody>
                        </table>
                    }
                </section>
            </div>
        </div>
    }
}

/// Scrolls the current step into sight (as little as it takes: the list
/// and the panel around it).
fn scroll_to_current() {
    if let Ok(Some(current)) = gloo::utils::document().query_selector("#step-list li.current") {
        let options = web_sys::ScrollIntoViewOptions::new();
        options.set_block(web_sys::ScrollLogicalPosition::Nearest);
        current.scroll_into_view_with_scroll_into_view_options(&options);
    }
}

/// "Lost update on counter.n: …" with a link to the overwriting step.
fn lost_banner(lost: &LostUpdate, steps: &[Step], on_select: &Callback<usize>) -> Html {
    let show = {
        let (on_select, at) = (on_select.clone(), lost.write);
        Callback::from(move |_: MouseEvent| on_select.emit(at))
    };
    html! {
        <p class="banner lost-update" role="status">
            <strong>{ "Lost update. " }</strong>{ lost.describe(steps) }{ " " }
            <button class="link" onclick={show}>{ "show" }</button>
        </p>
    }
}

/// The step mode switch, and in step mode the threads that can go next.
fn step_mode_controls(props: &Props, pause: Option<&Pause>) -> Html {
    let toggle = {
        let (on, now) = (props.on_stepping.clone(), props.stepping);
        Callback::from(move |_: MouseEvent| on.emit(!now))
    };
    let undo = {
        let on = props.on_undo.clone();
        Callback::from(move |_: MouseEvent| on.emit(()))
    };
    let toggle_button = html! {
        <button id="step-by-hand" class={classes!(props.stepping.then_some("primary"))} onclick={toggle}
            aria-pressed={props.stepping.to_string()} disabled={props.running}
            title="Choose which thread takes each next step">
            { if props.stepping { "Leave step by hand" } else { "Step by hand" } }
        </button>
    };
    if !props.stepping {
        return html! { <div class="step-controls">{ toggle_button }</div> };
    }
    let choices = match pause {
        Some(p) => html! {
            <div class="next-steps" role="group" aria-label="Who goes next">
                <span>{ "Who goes next?" }</span>
                { for p.next.iter().map(|s| {
                    let choose = { let (on, t) = (props.on_choose.clone(), s.thread); Callback::from(move |_: MouseEvent| on.emit(t)) };
                    let at = if s.line > 0 { format!(" · line {}", s.line) } else { String::new() };
                    html! {
                        <button class={classes!("next-step", thread_class(s.thread))} id={format!("next-thread-{}", s.thread)}
                            onclick={choose} disabled={props.running}>
                            <strong>{ format!("T{}", s.thread) }</strong>{ at }{ ": " }{ s.action.intent() }
                        </button>
                    }
                }) }
            </div>
        },
        None => html! {
            <p class="next-steps done">{ "The run has ended. Undo to choose differently." }</p>
        },
    };
    html! {
        <div class="step-controls stepping">
            { toggle_button }
            <button id="step-undo" onclick={undo} disabled={props.choices == 0 || props.running}>{ "↶ Undo" }</button>
            { choices }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use weft_vocabulary::Action;

    fn step(thread: u32, write: bool, value: &str) -> Step {
        let (place, value, at) = ("counter.n".to_string(), value.to_string(), 1);
        Step {
            thread,
            line: 8,
            column: 1,
            action: if write {
                Action::Write { place, value, at }
            } else {
                Action::Read { place, value, at }
            },
        }
    }

    #[test]
    fn a_replay_opens_at_the_write_that_lost_the_update_and_step_mode_at_its_end() {
        let steps = [
            step(1, false, "0"),
            step(2, false, "0"),
            step(1, true, "1"),
            step(2, true, "1"),
            step(0, false, "1"),
        ];
        assert_eq!(shown_step(&steps, usize::MAX, false).0, 3);
        assert_eq!(shown_step(&steps, usize::MAX, true).0, 4);
        assert_eq!(shown_step(&steps, 1, false).0, 1);
        assert_eq!(shown_step(&steps, 99, false).0, 4);
        assert_eq!(shown_step(&[], usize::MAX, false).0, 0);
    }
}
