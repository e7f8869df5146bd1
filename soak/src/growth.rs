//! The leak verdict: does a series of memory samples keep growing?
//!
//! Memory rises while a process warms up (allocator arenas per thread, the
//! collector's threshold, interned names) and then should level off.
//! Warm-up lasts the first quarter of the samples, and at least until
//! every job has run in every mode (before that, each new job brings
//! memory of its own); of the rest, the last third must not sit wholly
//! above the first third by more than 5 % plus a fixed slack. On an hour's run with a 100 MiB process and 8 MiB of
//! slack, a leak of a megabyte a minute fails; a plateau with noise
//! passes.

/// Why `samples` (bytes, one a minute) look like a leak, or `None`;
/// `warm_from` is the first sample taken once every job had run (the
/// number of samples if that never happened). Fewer than eight samples,
/// or six after warm-up, are too few to say.
pub fn keeps_growing(what: &str, samples: &[u64], slack: u64, warm_from: usize) -> Option<String> {
    if samples.len() < 8 {
        return None;
    }
    let settled = &samples[(samples.len() / 4).max(warm_from).min(samples.len())..];
    if settled.len() < 6 {
        return None;
    }
    let third = settled.len() / 3;
    let early_max = *settled[..third].iter().max()?;
    let late_min = *settled[settled.len() - third..].iter().min()?;
    let limit = early_max + early_max / 20 + slack;
    (late_min > limit).then(|| {
        format!(
            "{what} keeps growing: at least {} MiB in the last third, at most {} MiB in the first third after warm-up",
            late_min >> 20,
            early_max >> 20
        )
    })
}

#[cfg(test)]
mod tests {
    use super::keeps_growing;

    const MIB: u64 = 1 << 20;

    #[test]
    fn a_plateau_with_noise_passes() {
        let samples: Vec<u64> = (0..60)
            .map(|i| if i < 5 { 50 + i * 10 } else { 100 + (i * 7) % 9 } * MIB)
            .collect();
        assert_eq!(keeps_growing("rss", &samples, 8 * MIB, 0), None);
    }

    #[test]
    fn a_steady_leak_fails() {
        let samples: Vec<u64> = (0..60).map(|i| (100 + i) * MIB).collect();
        let verdict = keeps_growing("rss", &samples, 8 * MIB, 0).expect("a leak");
        assert!(verdict.starts_with("rss keeps growing"), "{verdict}");
        // Still a leak when warm-up took a third of the run.
        assert!(keeps_growing("rss", &samples, 8 * MIB, 20).is_some());
    }

    #[test]
    fn memory_that_rises_until_every_job_ran_is_warm_up() {
        // Each of the first 12 samples brings a new job's memory; then flat.
        let samples: Vec<u64> = (0..24).map(|i| (100 + 30 * i.min(12)) * MIB).collect();
        assert!(keeps_growing("rss", &samples, 8 * MIB, 0).is_some());
        assert_eq!(keeps_growing("rss", &samples, 8 * MIB, 12), None);
        // A run that never finished its first pass says nothing.
        assert_eq!(keeps_growing("rss", &samples, 8 * MIB, samples.len()), None);
    }

    #[test]
    fn too_few_samples_say_nothing() {
        let samples: Vec<u64> = (0..7).map(|i| (100 + i * 50) * MIB).collect();
        assert_eq!(keeps_growing("rss", &samples, 0, 0), None);
    }
}
