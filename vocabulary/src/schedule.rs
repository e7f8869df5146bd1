//! A scheduled run's choices, and their text form (share links, `--schedule`).

use serde::{Deserialize, Serialize};

/// A run's choices: the thread picked at each decision, in order. Its text
/// form lists runs of one thread: `0x5.1x3.0` is thread 0 five times,
/// thread 1 three times, thread 0 once; `-` is no decision at all.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub struct Schedule(pub Vec<u32>);

impl From<Schedule> for String {
    fn from(s: Schedule) -> String {
        s.to_string()
    }
}

impl TryFrom<String> for Schedule {
    type Error = String;
    fn try_from(s: String) -> Result<Schedule, String> {
        s.parse()
    }
}

impl std::fmt::Display for Schedule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.0.is_empty() {
            return f.write_str("-");
        }
        let mut i = 0;
        while i < self.0.len() {
            let t = self.0[i];
            let run = self.0[i..].iter().take_while(|&&x| x == t).count();
            if i > 0 {
                f.write_str(".")?;
            }
            if run == 1 {
                write!(f, "{t}")?;
            } else {
                write!(f, "{t}x{run}")?;
            }
            i += run;
        }
        Ok(())
    }
}

impl std::str::FromStr for Schedule {
    type Err = String;
    fn from_str(s: &str) -> Result<Schedule, String> {
        let s = s.trim();
        let mut out = Vec::new();
        if s == "-" {
            return Ok(Schedule(out));
        }
        for (i, token) in s.split('.').enumerate() {
            let bad = || {
                format!(
                    "not a schedule: part {} ('{token}') should be THREAD or THREADxCOUNT, as in 0x5.1x3.0",
                    i + 1
                )
            };
            let (t, n) = match token.split_once('x') {
                Some((t, n)) => (
                    t,
                    n.parse::<usize>().ok().filter(|&n| n > 0).ok_or_else(bad)?,
                ),
                None => (token, 1),
            };
            let t = t.parse::<u32>().map_err(|_| bad())?;
            if out.len() + n > 100_000_000 {
                return Err("not a schedule: more than 100,000,000 decisions".into());
            }
            out.extend(std::iter::repeat_n(t, n));
        }
        Ok(Schedule(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedules_round_trip_through_text() {
        let s = Schedule(vec![0, 0, 0, 1, 2, 2, 0]);
        assert_eq!(s.to_string(), "0x3.1.2x2.0");
        assert_eq!("0x3.1.2x2.0".parse::<Schedule>().unwrap(), s);
        assert_eq!("-".parse::<Schedule>().unwrap(), Schedule::default());
        assert_eq!(Schedule::default().to_string(), "-");
    }

    #[test]
    fn a_bad_schedule_names_the_bad_part() {
        let e = "0x3.banana".parse::<Schedule>().unwrap_err();
        assert!(e.contains("part 2 ('banana')"), "{e}");
        assert!("0x0".parse::<Schedule>().is_err());
    }

    #[test]
    fn a_schedule_is_a_string_in_json() {
        let s = Schedule(vec![1, 1, 0]);
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(json, "\"1x2.0\"");
        assert_eq!(serde_json::from_str::<Schedule>(&json).unwrap(), s);
        assert!(serde_json::from_str::<Schedule>("\"zz\"").is_err());
    }
}
