//! The locks view: every Lock and Condition the trace has seen, with its
//! owner and waiters, and the wait-for graph (threads as nodes, "waits
//! for" as arrows) with a deadlock's cycle drawn in red and named.

use yew::prelude::*;

use crate::threads_view::{arrowhead, thread_class};
use crate::timeline::{Timeline, thread_name};
use crate::wait_for::WaitForGraph;

fn names(threads: impl IntoIterator<Item = u32>) -> String {
    let list: Vec<String> = threads.into_iter().map(thread_name).collect();
    if list.is_empty() {
        "—".to_string()
    } else {
        list.join(", ")
    }
}

#[derive(Properties, PartialEq)]
pub struct LocksViewProps {
    pub timeline: Timeline,
    /// The graph to draw: from the deadlock report when there is one.
    pub graph: WaitForGraph,
    /// Whether the engine ended the run with a DeadlockError.
    pub deadlock: bool,
}

#[function_component(LocksView)]
pub fn locks_view(props: &LocksViewProps) -> Html {
    let timeline = &props.timeline;
    let graph = &props.graph;
    let banner = if props.deadlock {
        let cycle = graph.describe_cycle().map_or_else(
            || "every thread is blocked".to_string(),
            |c| format!("the cycle {c}"),
        );
        html! {
            <p class="deadlock-banner" role="alert">
                <strong>{ "Deadlock" }</strong>{ format!(": {cycle}. weft named it instead of hanging.") }
            </p>
        }
    } else {
        Html::default()
    };
    let locks = timeline.locks.iter().map(|(id, lock)| {
        html! {
            <tr class={classes!(graph.edges.iter().any(|e| graph.on_cycle(e.from) && e.label == format!("Lock #{id}")).then_some("on-cycle"))}>
                <th scope="row">{ format!("Lock #{id}") }</th>
                <td>{ lock.owner.map_or_else(|| "free".to_string(), thread_name) }</td>
                <td>{ names(lock.waiters.iter().copied()) }</td>
                <td class="num">{ lock.acquisitions }</td>
                <td class="num">{ lock.contended }</td>
            </tr>
        }
    });
    let conditions = timeline.conditions.iter().map(|(id, c)| {
        html! {
            <tr>
                <th scope="row">{ format!("Condition #{id}") }</th>
                <td>{ names(c.waiters.iter().copied()) }</td>
                <td class="num">{ c.notifies }</td>
                <td class="num">{ c.woken }</td>
            </tr>
        }
    });
    html! {
        <div class="locks-view">
            { banner }
            <h3>{ "Wait-for graph" }</h3>
            { graph_svg(graph) }
            <h3>{ "Locks" }</h3>
            if timeline.locks.is_empty() {
                <p class="placeholder">{ "No Lock has been taken yet." }</p>
            } else {
                <table class="locks-table">
                    <thead><tr><th>{ "Lock" }</th><th>{ "Owner" }</th><th>{ "Waiting" }</th><th>{ "Taken" }</th><th>{ "Had to wait" }</th></tr></thead>
                    <tbody>{ for locks }</tbody>
                </table>
            }
            if !timeline.conditions.is_empty() {
                <h3>{ "Conditions" }</h3>
                <table class="locks-table">
                    <thead><tr><th>{ "Condition" }</th><th>{ "Waiting" }</th><th>{ "Notifies" }</th><th>{ "Woken" }</th></tr></thead>
                    <tbody>{ for conditions }</tbody>
                </table>
            }
        </div>
    }
}

/// Threads on a circle, an arrow per wait; the cycle's arrows in red.
fn graph_svg(graph: &WaitForGraph) -> Html {
    if graph.edges.is_empty() {
        return html! { <p class="placeholder">{ "No thread is waiting for another right now." }</p> };
    }
    let mut nodes: Vec<u32> = graph.threads.clone();
    for e in &graph.edges {
        for t in std::iter::once(e.from).chain(e.to) {
            if !nodes.contains(&t) {
                nodes.push(t);
            }
        }
    }
    let (size, radius) = (300.0_f64, 105.0_f64);
    let center = size / 2.0;
    let at = |t: u32| {
        let i = nodes.iter().position(|&n| n == t).unwrap_or(0) as f64;
        let angle = -std::f64::consts::FRAC_PI_2 + i * std::f64::consts::TAU / nodes.len() as f64;
        (center + radius * angle.cos(), center + radius * angle.sin())
    };
    const NODE_R: f64 = 24.0;
    let edges = graph.edges.iter().map(|e| {
        let (x1, y1) = at(e.from);
        let cycle = graph.on_cycle(e.from) && e.to.is_some_and(|t| graph.on_cycle(t));
        let (x2, y2, label_at) = match e.to {
            Some(to) => {
                let (x2, y2) = at(to);
                let (dx, dy) = (x2 - x1, y2 - y1);
                let len = (dx * dx + dy * dy).sqrt().max(1.0);
                let (ux, uy) = (dx / len, dy / len);
                // Offset sideways so that two opposite arrows do not overlap.
                let (ox, oy) = (-uy * 6.0, ux * 6.0);
                (x2 - ux * (NODE_R + 4.0) + ox, y2 - uy * (NODE_R + 4.0) + oy, ((x1 + x2) / 2.0 + ox * 2.5, (y1 + y2) / 2.0 + oy * 2.5))
            }
            // A wait on no thread: a short arrow outwards.
            None => {
                let (dx, dy) = (x1 - center, y1 - center);
                let len = (dx * dx + dy * dy).sqrt().max(1.0);
                let (x2, y2) = (x1 + dx / len * 44.0, y1 + dy / len * 44.0);
                (x2, y2, (x2, y2 + 12.0))
            }
        };
        let (sx, sy) = match e.to {
            Some(to) => {
                let (tx, ty) = at(to);
                let (dx, dy) = (tx - x1, ty - y1);
                let len = (dx * dx + dy * dy).sqrt().max(1.0);
                (x1 + dx / len * NODE_R - dy / len * 6.0, y1 + dy / len * NODE_R + dx / len * 6.0)
            }
            None => (x1, y1),
        };
        let target = e.to.map_or_else(|| e.label.clone(), thread_name);
        let tip = format!("{} waits for {} ({})", thread_name(e.from), target, e.label);
        html! {
            <g class={classes!("wait-edge", cycle.then_some("on-cycle"))} data-tip={tip.clone()}>
                <title>{ tip }</title>
                <line x1={sx.to_string()} y1={sy.to_string()} x2={x2.to_string()} y2={y2.to_string()} marker-end="url(#wait-arrow)" />
                <text x={label_at.0.to_string()} y={label_at.1.to_string()}>{ &e.label }</text>
            </g>
        }
    });
    let node_views = nodes.iter().map(|&t| {
        let (x, y) = at(t);
        html! {
            <g class={classes!("wait-node", thread_class(t), graph.on_cycle(t).then_some("on-cycle"))}>
                <circle cx={x.to_string()} cy={y.to_string()} r={NODE_R.to_string()} />
                <text x={x.to_string()} y={(y + 4.0).to_string()}>{ if t == 0 { "main".to_string() } else { format!("T{t}") } }</text>
            </g>
        }
    });
    html! {
        <svg class="wait-for-graph" viewBox={format!("0 0 {size} {size}")} width="300" height="300" role="img"
            aria-label={graph.describe_cycle().map_or_else(|| "who waits for whom".to_string(), |c| format!("deadlock cycle: {c}"))}>
            { arrowhead("wait-arrow") }
            { for edges }
            { for node_views }
        </svg>
    }
}
