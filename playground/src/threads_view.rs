//! The threads view: one swimlane per thread on a shared time axis, drawn
//! as SVG from the timeline — segments coloured by state, thread starts,
//! lock hand-offs, joins and notifies as arrows between lanes, collections
//! as grey bands. Every segment and arrow carries a description (what it
//! waited for, how long) shown on hover.

use yew::prelude::*;

use crate::timeline::{Arrow, ArrowKind, Ending, Segment, State, Timeline, thread_name};

const LABEL_WIDTH: f64 = 78.0;
const LANE_HEIGHT: f64 = 22.0;
const LANE_GAP: f64 = 10.0;
const AXIS_HEIGHT: f64 = 24.0;
const RIGHT_PAD: f64 = 14.0;
/// Segments narrower than this many pixels merge with their neighbours.
const MIN_SEGMENT_PX: f64 = 2.0;
/// Arrows drawn at most (the rest are counted in the note below).
const MAX_DRAWN_ARROWS: usize = 400;

/// The CSS class that colours everything of `thread` (lane label, console).
pub fn thread_class(thread: u32) -> String {
    format!("thread-color-{}", thread % 8)
}

/// "0.42 ms", "12.3 ms", "1.25 s".
pub fn format_ms(ms: f64) -> String {
    if ms >= 1000.0 {
        format!("{:.2} s", ms / 1000.0)
    } else if ms >= 10.0 {
        format!("{ms:.1} ms")
    } else {
        format!("{ms:.2} ms")
    }
}

/// A tick label: as many decimals as the step needs.
fn format_tick(t: f64, step: f64) -> String {
    if step >= 1000.0 {
        format!("{} s", t / 1000.0)
    } else if step >= 1.0 {
        format!("{t:.0} ms")
    } else {
        let decimals = (-step.log10()).ceil() as usize;
        format!("{t:.decimals$} ms")
    }
}

/// A tick step of 1, 2 or 5 × 10^k giving about `ticks` ticks over `span`.
fn tick_step(span: f64, ticks: f64) -> f64 {
    let raw = (span / ticks).max(1e-6);
    let magnitude = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|step| *step >= raw)
        .unwrap_or(10.0 * magnitude)
}

/// How alarming a state is: a merged run of segments shows the worst.
fn severity(state: State) -> u8 {
    match state {
        State::Blocked(crate::timeline::Wait::Lock(_)) => 5,
        State::Blocked(_) => 4,
        State::Running => 3,
        State::Untraced | State::Turn => 2,
        State::Starting => 1,
    }
}

/// A rectangle to draw: pixels, state and tooltip.
struct Bar {
    x0: f64,
    x1: f64,
    state: State,
    tip: String,
}

/// The lane's segments in pixels, neighbours narrower than
/// `MIN_SEGMENT_PX` merged (a thread that takes a lock 100,000 times is
/// thousands of slivers per pixel).
fn bars(segments: &[Segment], thread: u32, x: &dyn Fn(f64) -> f64) -> Vec<Bar> {
    let mut out: Vec<Bar> = Vec::new();
    let mut merged = 0usize;
    for s in segments {
        let (x0, x1) = (x(s.start), x(s.end));
        if let Some(last) = out.last_mut()
            && x1 - last.x0 < MIN_SEGMENT_PX
        {
            merged += 1;
            last.x1 = x1;
            if severity(s.state) > severity(last.state) {
                last.state = s.state;
            }
            last.tip = format!(
                "{}: {} short stretches, the longest kind {}",
                thread_name(thread),
                merged + 1,
                last.state.describe()
            );
            continue;
        }
        merged = 0;
        out.push(Bar {
            x0,
            x1,
            state: s.state,
            tip: format!(
                "{} {} for {} ({} – {})",
                thread_name(thread),
                s.state.describe(),
                format_ms(s.end - s.start),
                format_ms(s.start),
                format_ms(s.end)
            ),
        });
    }
    out
}

fn arrow_tip(a: &Arrow) -> String {
    let (from, to) = (thread_name(a.from.0), thread_name(a.to.0));
    let took = format_ms(a.to.1 - a.from.1);
    match a.kind {
        ArrowKind::Spawn => format!("{from} started {to} (it began running {took} later)"),
        ArrowKind::HandOff(lock) => {
            format!("Lock #{lock} passed from {from} to {to} ({took} from release to acquire)")
        }
        ArrowKind::Join => format!("{from} finished; {to}'s join returned {took} later"),
        ArrowKind::Notify(cond) => {
            format!("{from} notified Condition #{cond}; {to} woke {took} later")
        }
        ArrowKind::Race => format!(
            "data race: {from} and {to} touched the same place {took} apart, with nothing ordering them"
        ),
    }
}

/// The width in pixels of the element at `node`, less `inset`, kept up to
/// date as the window resizes (`initial` until it has been measured).
#[hook]
pub fn use_width(node: NodeRef, initial: f64, inset: f64) -> f64 {
    let width = use_state(|| initial);
    {
        let width = width.clone();
        use_effect(move || {
            let measure = move || {
                if let Some(el) = node.cast::<web_sys::Element>() {
                    let w = f64::from(el.client_width()) - inset;
                    if w > 0.0 && (w - *width).abs() > 1.0 {
                        width.set(w);
                    }
                }
            };
            measure();
            let listener =
                gloo::events::EventListener::new(&gloo::utils::window(), "resize", move |_| {
                    measure()
                });
            move || drop(listener)
        });
    }
    *width
}

#[derive(Properties, PartialEq)]
pub struct ThreadsViewProps {
    /// The timeline and its "now", as of this render.
    pub timeline: Timeline,
    pub now: f64,
    /// The drawing's width in pixels.
    pub width: f64,
}

/// The swimlanes. Hovering a segment or arrow names it in the line below
/// the chart (and in the native tooltip).
#[function_component(ThreadsView)]
pub fn threads_view(props: &ThreadsViewProps) -> Html {
    let hovered = use_state(String::new);
    let timeline = &props.timeline;
    if timeline.lanes.is_empty() {
        return html! {
            <p class="placeholder">{ "Run a program to see its threads: one lane each, coloured by what it is doing." }</p>
        };
    }
    let width = props.width.max(320.0);
    let span = props.now.max(timeline.last).max(0.001);
    let track = width - LABEL_WIDTH - RIGHT_PAD;
    let x = move |t: f64| LABEL_WIDTH + (t / span).clamp(0.0, 1.0) * track;
    let lanes: Vec<u32> = timeline.threads().collect();
    let lane_y = |thread: u32| {
        let i = lanes.iter().position(|&t| t == thread).unwrap_or(0) as f64;
        AXIS_HEIGHT + i * (LANE_HEIGHT + LANE_GAP)
    };
    let height = AXIS_HEIGHT + lanes.len() as f64 * (LANE_HEIGHT + LANE_GAP) + 4.0;

    let step = tick_step(span, (track / 90.0).max(2.0));
    let ticks = (0..=((span / step).floor() as usize)).map(|k| {
        let t = k as f64 * step;
        html! {
            <g class="tick">
                <line x1={x(t).to_string()} x2={x(t).to_string()} y1="16" y2={(height - 4.0).to_string()} />
                <text x={x(t).to_string()} y="12">{ format_tick(t, step) }</text>
            </g>
        }
    });

    let collections = timeline.collections.iter().map(|&(start, end)| {
        let end = end.unwrap_or(props.now);
        let tip = format!("garbage collection, {}", format_ms(end - start));
        html! {
            <rect class="gc-band" x={x(start).to_string()} y={AXIS_HEIGHT.to_string()}
                width={(x(end) - x(start)).max(1.0).to_string()} height={(height - AXIS_HEIGHT).to_string()}
                data-tip={tip.clone()}><title>{ tip }</title></rect>
        }
    });

    let lane_views = timeline.lanes.values().map(|lane| {
        let y = lane_y(lane.thread);
        let mut segments = lane.segments.clone();
        if let Some((state, start)) = lane.current {
            segments.push(Segment { start, end: props.now.max(start), state });
        }
        let rects = bars(&segments, lane.thread, &x).into_iter().map(|b| {
            html! {
                <rect class={classes!("segment", b.state.class())} x={b.x0.to_string()} y={y.to_string()}
                    width={(b.x1 - b.x0).max(1.0).to_string()} height={LANE_HEIGHT.to_string()}
                    data-tip={b.tip.clone()}><title>{ b.tip }</title></rect>
            }
        });
        let ending = lane.ended.map(|(ending, at)| {
            let (class, mark, tip) = match ending {
                Ending::Finished => ("end finished", "✓", format!("{} finished at {}", thread_name(lane.thread), format_ms(at))),
                Ending::Failed => ("end failed", "✕", format!("{} failed at {} (an uncaught exception)", thread_name(lane.thread), format_ms(at))),
                Ending::Cut => ("end cut", "⏹", format!("{} was still going when the run ended at {}", thread_name(lane.thread), format_ms(at))),
            };
            html! {
                <text class={class} x={(x(at) + 3.0).to_string()} y={(y + LANE_HEIGHT - 6.0).to_string()} data-tip={tip.clone()}>
                    { mark }<title>{ tip }</title>
                </text>
            }
        });
        html! {
            <g class={classes!("lane", thread_class(lane.thread))} data-thread={lane.thread.to_string()}>
                <rect class="lane-key" x="0" y={y.to_string()} width="6" height={LANE_HEIGHT.to_string()} />
                <text class="lane-label" x="12" y={(y + LANE_HEIGHT / 2.0 + 4.0).to_string()}>{ thread_name(lane.thread) }</text>
                { for rects }
                { for ending }
            </g>
        }
    });

    let drawn = timeline.arrows.len().min(MAX_DRAWN_ARROWS);
    let arrows = timeline.arrows[..drawn].iter().map(|a| {
        let (x1, y1) = (x(a.from.1), lane_y(a.from.0) + LANE_HEIGHT / 2.0);
        let (x2, y2) = (x(a.to.1), lane_y(a.to.0) + LANE_HEIGHT / 2.0);
        let bend = ((y2 - y1) / 2.0).abs().max(8.0);
        let path = format!("M{x1:.1},{y1:.1} C{:.1},{:.1} {:.1},{:.1} {x2:.1},{y2:.1}", x1 + bend * 0.3, y1, x2 - bend * 0.3, y2);
        let tip = arrow_tip(a);
        html! {
            <path class={classes!("arrow", a.kind.class())} d={path} marker-end="url(#arrowhead)" data-tip={tip.clone()}>
                <title>{ tip }</title>
            </path>
        }
    });
    let hidden_arrows = timeline.arrows.len() - drawn + timeline.arrows_dropped;

    let thinned = timeline.thinned_at.map(|t| {
        html! {
            <g class="thinned">
                <line x1={x(t).to_string()} x2={x(t).to_string()} y1={AXIS_HEIGHT.to_string()} y2={height.to_string()} />
                <text x={(x(t) + 4.0).to_string()} y={(AXIS_HEIGHT - 2.0).to_string()}>{ "trace thinned" }</text>
            </g>
        }
    });

    let on_hover = {
        let hovered = hovered.clone();
        Callback::from(move |e: MouseEvent| {
            let tip = e
                .target_dyn_into::<web_sys::Element>()
                .and_then(|el| el.closest("[data-tip]").ok().flatten())
                .and_then(|el| el.get_attribute("data-tip"));
            if let Some(tip) = tip {
                hovered.set(tip);
            }
        })
    };

    html! {
        <div class="threads-view">
            <svg class="swimlanes" width={width.to_string()} height={height.to_string()}
                role="img" aria-label={format!("{} threads over {}", lanes.len(), format_ms(span))}
                onmouseover={on_hover}>
                { arrowhead("arrowhead") }
                { for ticks }
                { for collections }
                { for lane_views }
                { for arrows }
                { for thinned }
            </svg>
            <p class="hover-detail" aria-live="polite">
                { if hovered.is_empty() { "Hover a segment or an arrow to see what it was.".to_string() } else { (*hovered).clone() } }
            </p>
            { legend() }
            if hidden_arrows > 0 {
                <p class="note">{ format!("{hidden_arrows} more hand-offs and joins are not drawn.") }</p>
            }
            if timeline.thinned_at.is_some() {
                <p class="note">{ "The trace was thinned after 20,000 events: past the dashed line only thread starts and ends are recorded." }</p>
            }
        </div>
    }
}

/// An SVG arrowhead marker named `id`, for `marker-end="url(#id)"`.
pub fn arrowhead(id: &'static str) -> Html {
    html! {
        <defs>
            <marker id={id} viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                <path d="M0,0 L8,4 L0,8 z" />
            </marker>
        </defs>
    }
}

fn legend() -> Html {
    let states = [
        ("running", "running"),
        ("starting", "starting"),
        ("turn", "waiting its turn"),
        ("blocked-lock", "blocked on a lock"),
        ("blocked-join", "join"),
        ("blocked-condition", "condition wait"),
        ("blocked-atomics", "Atomics.wait"),
        ("waiting", "waiting for async work"),
    ];
    let arrows = [
        ("spawn", "start"),
        ("handoff", "lock hand-off"),
        ("join", "join"),
        ("notify", "notify"),
        ("race", "data race"),
    ];
    html! {
        <ul class="legend" aria-label="Legend">
            { for states.iter().map(|(class, label)| html! {
                <li><span class={classes!("swatch", *class)}></span>{ *label }</li>
            }) }
            { for arrows.iter().map(|(class, label)| html! {
                <li><span class={classes!("arrow-swatch", *class)}></span>{ *label }</li>
            }) }
        </ul>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timeline::Wait;

    #[test]
    fn ticks_are_round_numbers() {
        assert_eq!(tick_step(100.0, 5.0), 20.0);
        assert_eq!(tick_step(7.0, 6.0), 2.0);
        assert_eq!(tick_step(3000.0, 4.0), 1000.0);
        assert_eq!(format_tick(0.0, 20.0), "0 ms");
        assert_eq!(format_tick(0.4, 0.2), "0.4 ms");
        assert_eq!(format_tick(2000.0, 1000.0), "2 s");
    }

    #[test]
    fn slivers_merge_and_show_the_most_alarming_state() {
        let mut segments = Vec::new();
        for i in 0..100 {
            let t = i as f64 * 0.01;
            segments.push(Segment {
                start: t,
                end: t + 0.005,
                state: State::Running,
            });
            segments.push(Segment {
                start: t + 0.005,
                end: t + 0.01,
                state: State::Blocked(Wait::Lock(1)),
            });
        }
        segments.push(Segment {
            start: 1.0,
            end: 100.0,
            state: State::Running,
        });
        // 100 ms over 1000 px: the first millisecond is 10 px of slivers.
        let x = |t: f64| t * 10.0;
        let drawn = bars(&segments, 1, &x);
        assert!(drawn.len() < 20, "{} bars", drawn.len());
        assert!(
            drawn
                .iter()
                .any(|b| b.state == State::Blocked(Wait::Lock(1)))
        );
        let last = drawn.last().expect("bars");
        assert_eq!(last.state, State::Running);
        assert!(last.tip.contains("running for 99.0 ms"), "{}", last.tip);
    }

    #[test]
    fn a_blocked_segment_names_what_it_waited_for_and_how_long() {
        let segments = [Segment {
            start: 2.0,
            end: 5.5,
            state: State::Blocked(Wait::Lock(3)),
        }];
        let drawn = bars(&segments, 2, &|t| t * 100.0);
        assert_eq!(
            drawn[0].tip,
            "thread 2 blocked on Lock #3 for 3.50 ms (2.00 ms – 5.50 ms)"
        );
    }
}
