//! The examples gallery: the programs in examples/, with their titles,
//! lines of explanation and outcome annotations, compiled in from
//! examples/manifest.json by build.rs.

/// What an outcome of "run N times" means (jcstress's expectation columns).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// The result line, or "*" for any other.
    pub result: &'static str,
    /// Whether some one-at-a-time interleaving produces it.
    pub sc: bool,
    /// "acceptable", "interesting" or "forbidden".
    pub expect: &'static str,
    pub description: &'static str,
}

/// One example program.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Example {
    pub file: &'static str,
    pub title: &'static str,
    /// The gallery's line of explanation.
    pub about: &'static str,
    /// Whether it is meant to be run many times (its result is a race).
    pub histogram: bool,
    pub source: &'static str,
    pub outcomes: &'static [Outcome],
}

include!(concat!(env!("OUT_DIR"), "/gallery.rs"));

/// The example whose source is exactly `source`, if any.
pub fn find_by_source(source: &str) -> Option<&'static Example> {
    EXAMPLES.iter().find(|e| e.source == source)
}

/// The annotation of `result` in `outcomes`: its own row, else the "*" row.
pub fn annotation(outcomes: &'static [Outcome], result: &str) -> Option<&'static Outcome> {
    outcomes
        .iter()
        .find(|o| o.result == result)
        .or_else(|| outcomes.iter().find(|o| o.result == "*"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_gallery_has_every_example_the_issue_names() {
        let titles: Vec<&str> = EXAMPLES.iter().map(|e| e.title).collect();
        for needle in [
            "Parallel map",
            "Shared cache",
            "Cancellation",
            "racy counter",
            "Lock",
            "Atomics.add",
            "deadlock",
            "Producer/consumer",
            "store buffering",
            "message passing",
        ] {
            assert!(
                titles
                    .iter()
                    .any(|t| t.to_lowercase().contains(&needle.to_lowercase())),
                "{needle} missing from {titles:?}"
            );
        }
        for e in EXAMPLES {
            assert!(
                !e.about.is_empty() && e.source.contains("Thread"),
                "{}",
                e.file
            );
        }
    }

    #[test]
    fn outcomes_are_annotated_by_their_own_row_or_the_catch_all() {
        let sb = EXAMPLES
            .iter()
            .find(|e| e.file == "store_buffering.js")
            .expect("store buffering");
        let weak = annotation(sb.outcomes, "r1=0 r2=0").expect("annotated");
        assert!(!weak.sc && weak.expect == "interesting");
        let racy = EXAMPLES
            .iter()
            .find(|e| e.file == "racy_counter.js")
            .expect("racy");
        assert_eq!(
            annotation(racy.outcomes, "counter: 123456").map(|o| o.result),
            Some("*")
        );
    }
}
