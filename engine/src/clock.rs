//! The wall clock, in milliseconds since the epoch.
//!
//! Natively this reads `SystemTime`. On wasm (`target_family = "wasm"`),
//! where `SystemTime::now()` panics, it calls the function the host set
//! with `set_clock`, or gives NaN when none was set.

use std::sync::RwLock;

static CLOCK: RwLock<Option<fn() -> f64>> = RwLock::new(None);

/// Sets the clock function used on wasm targets.
pub fn set_clock(f: fn() -> f64) {
    if let Ok(mut c) = CLOCK.write() {
        *c = Some(f);
    }
}

/// The current time in milliseconds since 1970-01-01T00:00:00Z.
#[cfg(not(target_family = "wasm"))]
pub fn now_ms() -> f64 {
    use std::time::{SystemTime, UNIX_EPOCH};
    match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(d) => d.as_secs_f64() * 1000.0,
        Err(e) => -e.duration().as_secs_f64() * 1000.0,
    }
}

/// The current time in milliseconds since 1970-01-01T00:00:00Z, from the
/// function set by `set_clock` (NaN if none).
#[cfg(target_family = "wasm")]
pub fn now_ms() -> f64 {
    match CLOCK.read() {
        Ok(c) => c.map_or(f64::NAN, |f| f()),
        Err(_) => f64::NAN,
    }
}

/// The function set by `set_clock`, if any.
pub fn host_clock() -> Option<fn() -> f64> {
    CLOCK.read().ok().and_then(|c| *c)
}

/// A monotonic clock in milliseconds (for timeouts and traces), from an
/// arbitrary origin. Natively `Instant`; on wasm the host clock (where
/// `Instant::now` panics).
#[cfg(not(target_family = "wasm"))]
pub fn monotonic_ms() -> f64 {
    use std::sync::OnceLock;
    use std::time::Instant;
    static ORIGIN: OnceLock<Instant> = OnceLock::new();
    ORIGIN.get_or_init(Instant::now).elapsed().as_secs_f64() * 1000.0
}

/// A monotonic clock in milliseconds: the host clock on wasm (0 if none).
#[cfg(target_family = "wasm")]
pub fn monotonic_ms() -> f64 {
    let t = now_ms();
    if t.is_nan() { 0.0 } else { t }
}
