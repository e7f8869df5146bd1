//! A data race, as the race detector of `scheduled` mode reports it.

use serde::{Deserialize, Serialize};

/// One access, as a report shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Access {
    pub thread: u32,
    pub write: bool,
    /// `file:line:column` of the access.
    pub position: String,
    /// The JS stack, one "at …" line per frame, innermost first.
    pub stack: String,
    /// When, on the engine's clock (the virtual clock of scheduled mode).
    #[serde(default)]
    pub time: f64,
}

impl Access {
    /// "read" or "write".
    pub fn verb(&self) -> &'static str {
        if self.write { "write" } else { "read" }
    }

    /// The line and column of `position` (`file:line:column`).
    pub fn line_column(&self) -> Option<(u32, u32)> {
        let mut parts = self.position.rsplitn(3, ':');
        let column = parts.next()?.parse().ok()?;
        let line = parts.next()?.parse().ok()?;
        Some((line, column))
    }
}

/// A data race: `first` happened earlier in the run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Race {
    /// What both accessed: `counter.n`, `total`, `items[3]`.
    pub place: String,
    pub first: Access,
    pub second: Access,
}

impl Race {
    /// The report's first line.
    pub fn headline(&self) -> String {
        format!(
            "data race on {}: a {} by thread {} at {} and a {} by thread {} at {}, with nothing ordering them",
            self.place,
            self.first.verb(),
            self.first.thread,
            self.first.position,
            self.second.verb(),
            self.second.thread,
            self.second.position
        )
    }
}

impl std::fmt::Display for Race {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "{}", self.headline())?;
        for (label, a) in [("earlier", &self.first), ("later", &self.second)] {
            writeln!(f, "  {label}: {} by thread {}", a.verb(), a.thread)?;
            for line in a.stack.lines() {
                writeln!(f, "    {line}")?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_access_knows_its_line_and_column() {
        let a = Access {
            thread: 1,
            write: true,
            position: "C:/dir/main.js:7:31".into(),
            stack: String::new(),
            time: 0.0,
        };
        assert_eq!(a.line_column(), Some((7, 31)));
        assert_eq!(a.verb(), "write");
    }
}
