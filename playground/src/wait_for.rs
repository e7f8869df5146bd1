//! The wait-for graph: which thread waits for which (for a lock another
//! holds, or to join it), and the cycle that makes a deadlock. Built from
//! the timeline while a program runs, or from the engine's deadlock report
//! (the `DeadlockError`'s data) once the engine has named one; the report
//! is the authority, since it is taken at the moment the cycle closed.

use weft_vocabulary::{Deadlock, Waiting};

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

    /// The graph of the engine's deadlock report: who waits for what,
    /// and the cycle it named.
    pub fn from_deadlock(report: &Deadlock) -> WaitForGraph {
        let mut graph = WaitForGraph::default();
        for waiter in report.waiters() {
            graph.threads.push(waiter.thread);
            if let Some(wait) = &waiter.waiting
                && !matches!(wait, Waiting::AsyncOperation | Waiting::OtherThreads)
            {
                graph.edges.push(Edge {
                    from: waiter.thread,
                    to: wait.waits_for(),
                    label: wait.label(),
                });
            }
        }
        graph.cycle = report.cycle.iter().map(|w| w.thread).collect();
        graph
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timeline::TraceEvent;
    use weft_vocabulary::Waiter;

    fn waiter(thread: u32, waiting: Waiting) -> Waiter {
        Waiter {
            thread,
            waiting: Some(waiting),
        }
    }

    #[test]
    fn a_deadlock_report_becomes_the_cycle_it_names() {
        let report = Deadlock {
            cycle: vec![
                waiter(
                    1,
                    Waiting::Lock {
                        lock: 2,
                        holder: Some(2),
                    },
                ),
                waiter(
                    2,
                    Waiting::Lock {
                        lock: 1,
                        holder: Some(1),
                    },
                ),
            ],
            others: vec![waiter(0, Waiting::Join { thread: 1 })],
        };
        let graph = WaitForGraph::from_deadlock(&report);
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
        let report = Deadlock {
            cycle: vec![],
            others: vec![
                waiter(0, Waiting::Join { thread: 1 }),
                waiter(
                    1,
                    Waiting::Condition {
                        condition: 4,
                        lock: 3,
                    },
                ),
            ],
        };
        let graph = WaitForGraph::from_deadlock(&report);
        assert!(graph.cycle.is_empty());
        assert_eq!(graph.edges[1].to, None);
        assert_eq!(graph.edges[1].label, "Condition #4");
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
