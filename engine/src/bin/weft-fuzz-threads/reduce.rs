//! Delta debugging over a failing program's statements: remove whole
//! threads, then chunks of statements (halves, quarters, … single
//! statements), keeping a removal when the smaller program still fails the
//! same way. Races do not fail every run, so a candidate counts as failing
//! if any of `TRIES` runs fails; the whole reduction has a time budget.

use std::path::Path;
use std::time::{Duration, Instant};

use super::generate::Program;
use super::{Config, Verdict, run};

const TRIES: usize = 4;
const BUDGET: Duration = Duration::from_secs(120);

/// What kind of failure `why` is, so a reduction keeps the same bug (the
/// text before its first digit: numbers differ from run to run).
fn kind(why: &str) -> &str {
    let end = why.find(|c: char| c.is_ascii_digit()).unwrap_or(why.len());
    &why[..end]
}

fn fails_the_same(
    program: &Program,
    why: &str,
    config: Config,
    weft: &Path,
    scratch: &Path,
) -> bool {
    let text = program.render();
    (0..TRIES).any(|_| match run(weft, &text, config, scratch) {
        Verdict::Failed(w) => kind(&w) == kind(why),
        Verdict::Ok { .. } => false,
    })
}

/// A smaller program that still fails as `program` did (`why`).
pub fn reduce(
    program: &Program,
    why: &str,
    config: Config,
    weft: &Path,
    scratch: &Path,
) -> Program {
    let started = Instant::now();
    let mut best = program.clone();
    // Whole threads first (body 0 is the main thread's).
    let mut t = best.bodies.len();
    while t > 1 && started.elapsed() < BUDGET {
        t -= 1;
        let mut candidate = best.clone();
        candidate.bodies.remove(t);
        if fails_the_same(&candidate, why, config, weft, scratch) {
            best = candidate;
        }
    }
    // Then chunks of statements, per body.
    for b in 0..best.bodies.len() {
        let mut chunk = best.bodies[b].len().div_ceil(2).max(1);
        loop {
            let mut at = 0;
            while at < best.bodies[b].len() && started.elapsed() < BUDGET {
                let mut candidate = best.clone();
                let end = (at + chunk).min(candidate.bodies[b].len());
                candidate.bodies[b].drain(at..end);
                if fails_the_same(&candidate, why, config, weft, scratch) {
                    best = candidate;
                } else {
                    at += chunk;
                }
            }
            if chunk == 1 || started.elapsed() >= BUDGET {
                break;
            }
            chunk = chunk.div_ceil(2);
        }
    }
    best
}
