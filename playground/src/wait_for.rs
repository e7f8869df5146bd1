//! The wait-for graph: which thread waits for which (for a lock another
//! holds, or to join it), and the cycle that makes a deadlock. Built from
//! the timeline while a program runs, or from the engine's deadlock report
//! (the `DeadlockError` message) once the engine has named one; the report
//! is the authority, since it is taken at the moment the cycle closed.

use crate::timeline::{State, Timeline, Wait, thread_name};

/// One thread waiting: for another thread (`to`), or for something no
/// thread in particular will do (`to` is None: a notify, async work).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edge {
    pub from: u32,
    pub to: Option<u32>,
    /// "Lock #2", "join", "Condition #1", …
    pub label: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WaitForGraph {
    pub threads: Vec<u32>,
    pub edges: Vec<Edge>,
    /// The threads of a cycle in order (each waits for the next, the last
    /// for the first); empty when there is none.
    pub cycle: Vec<u32>,
}

impl WaitForGraph {
    /// The graph of who waits for whom in `timeline` now.
    pub fn from_timeline(timeline: &Timeline) -> WaitForGraph {
        let mut graph = WaitForGraph::default();
        for lane in timeline.lanes.values() {
            if lane.ended.is_none() {
                graph.threads.push(lane.thread);
            }
            let Some(State::Blocked(wait)) = lane.state() else {
                continue;
            };
            let (to, label) = match wait {
                Wait::Lock(id) => (
                    timeline.locks.get(&id).and_then(|l| l.owner),
                    format!("Lock #{id}"),
                ),
                Wait::Join(t) => (Some(t), "join".to_string()),
                Wait::Condition(id) => (None, format!("Condition #{id}")),
                Wait::Atomics => (None, "Atomics.wait".to_string()),
                Wait::EventLoop | Wait::Threads => continue,
            };
            graph.edges.push(Edge {
                from: lane.thread,
                to,
                label,
            });
        }
        graph.cycle = graph.find_cycle();
        graph
    }

    /// The graph a `DeadlockError` report describes ("thread 1 waits for
    /// Lock #2, held by thread 2", …), or None if `report` is not one.
    pub fn from_deadlock_report(report: &str) -> Option<WaitForGraph> {
        if !report.contains("deadlock:") {
            return None;
        }
        let mut graph = WaitForGraph::default();
        let mut in_cycle = report.contains("in a cycle:");
        for line in report.lines() {
            let line = line.trim();
            if line == "other threads:" {
                in_cycle = false;
                continue;
            }
            let Some((thread, rest)) = parse_thread(line) else {
                continue;
            };
            graph.threads.push(thread);
            if in_cycle {
                graph.cycle.push(thread);
            }
            let edge = if let Some(rest) = rest.strip_prefix("waits for Lock #") {
                let (id, holder) = rest.split_once(", held by ").unwrap_or((rest, ""));
                Some((parse_thread(holder).map(|(t, _)| t), format!("Lock #{id}")))
            } else if let Some(rest) = rest.strip_prefix("waits to join ") {
                Some((parse_thread(rest).map(|(t, _)| t), "join".to_string()))
            } else if let Some(rest) = rest.strip_prefix("waits on Condition #") {
                let id: String = rest.chars().take_while(char::is_ascii_digit).collect();
                Some((None, format!("Condition #{id}")))
            } else if rest.starts_with("waits in Atomics.wait") {
                Some((None, "Atomics.wait".to_string()))
            } else {
                None
            };
            if let Some((to, label)) = edge {
                graph.edges.push(Edge {
                    from: thread,
                    to,
                    label,
                });
            }
        }
        Some(graph)
    }

    /// A cycle of thread-to-thread edges, if there is one.
    fn find_cycle(&self) -> Vec<u32> {
        let next = |t: u32| self.edges.iter().find(|e| e.from == t).and_then(|e| e.to);
        for &start in &self.threads {
            let mut path = vec![start];
            let mut current = start;
            while let Some(n) = next(current) {
                if let Some(at) = path.iter().position(|&p| p == n) {
                    return path.split_off(at);
                }
                path.push(n);
                current = n;
            }
        }
        Vec::new()
    }

    /// Whether the edge from `from` is part of the cycle.
    pub fn on_cycle(&self, from: u32) -> bool {
        self.cycle.contains(&from)
    }

    /// "thread 1 → thread 2 → thread 1".
    pub fn describe_cycle(&self) -> Option<String> {
        let first = *self.cycle.first()?;
        let mut names: Vec<String> = self.cycle.iter().map(|&t| thread_name(t)).collect();
        names.push(thread_name(first));
        Some(names.join(" → "))
    }
}

/// "thread 3 rest…" or "thread 0 (main) rest…" → (3, "rest…").
fn parse_thread(text: &str) -> Option<(u32, &str)> {
    let rest = text.strip_prefix("thread ")?;
    let digits = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    let id = rest[..digits].parse().ok()?;
    let rest = rest[digits..].trim_start();
    let rest = rest.strip_prefix("(main)").unwrap_or(rest).trim_start();
    Some((id, rest))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timeline::TraceEvent;

    const REPORT: &str = "deadlock: these threads wait for each other in a cycle:
  thread 1 waits for Lock #2, held by thread 2
  thread 2 waits for Lock #1, held by thread 1
other threads:
  thread 0 (main) waits to join thread 1";

    #[test]
    fn a_deadlock_report_becomes_the_cycle_it_names() {
        let graph = WaitForGraph::from_deadlock_report(REPORT).expect("a report");
        assert_eq!(graph.cycle, [1, 2]);
        assert_eq!(graph.threads, [1, 2, 0]);
        assert_eq!(
            graph.edges,
            [
                Edge {
                    from: 1,
                    to: Some(2),
                    label: "Lock #2".into()
                },
                Edge {
                    from: 2,
                    to: Some(1),
                    label: "Lock #1".into()
                },
                Edge {
                    from: 0,
                    to: Some(1),
                    label: "join".into()
                },
            ]
        );
        assert_eq!(
            graph.describe_cycle().as_deref(),
            Some("thread 1 → thread 2 → thread 1")
        );
        assert!(graph.on_cycle(2) && !graph.on_cycle(0));
    }

    #[test]
    fn every_thread_blocked_on_a_condition_is_a_deadlock_without_a_cycle() {
        let report = "deadlock: every thread is blocked:
  thread 0 (main) waits to join thread 1
  thread 1 waits on Condition #4 (with Lock #3), and no thread is left to notify it";
        let graph = WaitForGraph::from_deadlock_report(report).expect("a report");
        assert!(graph.cycle.is_empty());
        assert_eq!(graph.edges[1].to, None);
        assert_eq!(graph.edges[1].label, "Condition #4");
        assert_eq!(WaitForGraph::from_deadlock_report("TypeError: x"), None);
    }

    #[test]
    fn the_live_graph_finds_a_cycle_through_lock_owners() {
        let json = r#"[
          {"kind":"lock-acquired","lock":1,"thread":1,"time":0},
          {"kind":"lock-acquired","lock":2,"thread":2,"time":1},
          {"kind":"blocked","reason":"lock","target":2,"thread":1,"time":2},
          {"kind":"blocked","reason":"lock","target":1,"thread":2,"time":3},
          {"kind":"blocked","reason":"join","target":1,"thread":0,"time":4}
        ]"#;
        let events: Vec<TraceEvent> = serde_json::from_str(json).expect("parses");
        let mut timeline = Timeline::default();
        timeline.apply_all(&events);
        let graph = WaitForGraph::from_timeline(&timeline);
        assert_eq!(graph.edges.len(), 3);
        let mut cycle = graph.cycle.clone();
        cycle.sort();
        assert_eq!(cycle, [1, 2]);
    }
}
