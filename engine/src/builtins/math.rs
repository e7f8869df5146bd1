//! Math.

use super::{arg, define_constant, define_tag};
use crate::heap::Gc;
use crate::interpreter::{ErrorKind, JsResult, Vm};
use crate::object::{Attributes, JsObject, PropertyKey};
use crate::realm::Realm;
use crate::value::Value;

pub fn install(vm: &mut Vm, _realm: Gc<Realm>, global: Gc<JsObject>) {
    let math = vm.new_object();
    global.define_own(
        PropertyKey::from_text("Math"),
        Value::object(math),
        Attributes::HIDDEN,
    );
    define_tag(vm, math, "Math");
    for (name, v) in [
        ("E", std::f64::consts::E),
        ("LN10", std::f64::consts::LN_10),
        ("LN2", std::f64::consts::LN_2),
        ("LOG10E", std::f64::consts::LOG10_E),
        ("LOG2E", std::f64::consts::LOG2_E),
        ("PI", std::f64::consts::PI),
        ("SQRT1_2", std::f64::consts::FRAC_1_SQRT_2),
        ("SQRT2", std::f64::consts::SQRT_2),
    ] {
        define_constant(math, name, Value::number(v));
    }
    macro_rules! unary {
        ($($name:literal => $f:expr,)*) => {$(
            vm.define_builtin(math, $name, 1, |vm, _, args, _| {
                let x = vm.to_number(arg(args, 0))?;
                let f: fn(f64) -> f64 = $f;
                Ok(Value::number(f(x)))
            });
        )*};
    }
    unary! {
        "abs" => f64::abs,
        "acos" => f64::acos,
        "acosh" => f64::acosh,
        "asin" => f64::asin,
        "asinh" => |x| if x == 0.0 { x } else { x.asinh() },
        "atan" => f64::atan,
        "atanh" => |x| if x == 0.0 { x } else { x.atanh() },
        "cbrt" => f64::cbrt,
        "ceil" => f64::ceil,
        "cos" => f64::cos,
        "cosh" => f64::cosh,
        "exp" => f64::exp,
        "expm1" => |x| if x == 0.0 { x } else { x.exp_m1() },
        "floor" => f64::floor,
        "fround" => |x| x as f32 as f64,
        "log" => f64::ln,
        "log1p" => |x| if x == 0.0 { x } else { x.ln_1p() },
        "log10" => f64::log10,
        "log2" => f64::log2,
        "round" => round,
        "f16round" => f16_round,
        "sign" => |x| if x.is_nan() || x == 0.0 { x } else { x.signum() },
        "sin" => f64::sin,
        "sinh" => |x| if x == 0.0 { x } else { x.sinh() },
        "sqrt" => f64::sqrt,
        "tan" => f64::tan,
        "tanh" => |x| if x == 0.0 { x } else { x.tanh() },
        "trunc" => f64::trunc,
    }
    vm.define_builtin(math, "atan2", 2, |vm, _, args, _| {
        let y = vm.to_number(arg(args, 0))?;
        let x = vm.to_number(arg(args, 1))?;
        Ok(Value::number(y.atan2(x)))
    });
    vm.define_builtin(math, "pow", 2, |vm, _, args, _| {
        let x = vm.to_number(arg(args, 0))?;
        let y = vm.to_number(arg(args, 1))?;
        Ok(Value::number(crate::interpreter::js_pow(x, y)))
    });
    vm.define_builtin(math, "clz32", 1, |vm, _, args, _| {
        let x = vm.to_uint32(arg(args, 0))?;
        Ok(Value::int(x.leading_zeros() as i32))
    });
    vm.define_builtin(math, "imul", 2, |vm, _, args, _| {
        let a = vm.to_uint32(arg(args, 0))?;
        let b = vm.to_uint32(arg(args, 1))?;
        Ok(Value::int(a.wrapping_mul(b) as i32))
    });
    vm.define_builtin(math, "max", 2, |vm, _, args, _| {
        let mut result = f64::NEG_INFINITY;
        let mut nan = false;
        for &a in args {
            let x = vm.to_number(a)?;
            if x.is_nan() {
                nan = true;
            } else if x > result || (x == 0.0 && result == 0.0 && !x.is_sign_negative()) {
                result = x;
            }
        }
        Ok(Value::number(if nan { f64::NAN } else { result }))
    });
    vm.define_builtin(math, "min", 2, |vm, _, args, _| {
        let mut result = f64::INFINITY;
        let mut nan = false;
        for &a in args {
            let x = vm.to_number(a)?;
            if x.is_nan() {
                nan = true;
            } else if x < result || (x == 0.0 && result == 0.0 && x.is_sign_negative()) {
                result = x;
            }
        }
        Ok(Value::number(if nan { f64::NAN } else { result }))
    });
    vm.define_builtin(math, "hypot", 2, |vm, _, args, _| {
        let mut values = Vec::with_capacity(args.len());
        for &a in args {
            values.push(vm.to_number(a)?);
        }
        if values.iter().any(|x| x.is_infinite()) {
            return Ok(Value::number(f64::INFINITY));
        }
        if values.iter().any(|x| x.is_nan()) {
            return Ok(Value::NAN);
        }
        let max = values.iter().fold(0.0f64, |m, x| m.max(x.abs()));
        if max == 0.0 {
            return Ok(Value::ZERO);
        }
        let sum: f64 = values.iter().map(|x| (x / max) * (x / max)).sum();
        Ok(Value::number(sum.sqrt() * max))
    });
    vm.define_builtin(math, "random", 0, |vm, _, _, _| {
        // Drawn from the schedule's seed in scheduled mode, for exact replay.
        Ok(Value::number(match &vm.engine.threads.scheduler {
            Some(s) => (s.random_u64() >> 11) as f64 / (1u64 << 53) as f64,
            None => random(),
        }))
    });
    vm.define_builtin(math, "sumPrecise", 1, sum_precise);
}

/// Math.round: the nearest integer, ties towards +∞ (without the
/// rounding error of `floor(x + 0.5)`).
fn round(x: f64) -> f64 {
    if x.is_nan() || x.is_infinite() || x == 0.0 {
        return x;
    }
    let floor = x.floor();
    let r = if x - floor >= 0.5 { floor + 1.0 } else { floor };
    if r == 0.0 && x < 0.0 { -0.0 } else { r }
}

/// `x * 2^k` exactly, for a result in the normal range or exactly
/// representable.
fn scale(mut x: f64, mut k: i32) -> f64 {
    while k != 0 {
        let step = k.clamp(-1000, 1000);
        x *= f64::from_bits(((1023 + step) as u64) << 52);
        k -= step;
    }
    x
}

/// Math.f16round: the nearest IEEE 754 binary16 value (ties to even).
fn f16_round(x: f64) -> f64 {
    if x.is_nan() || x.is_infinite() || x == 0.0 {
        return x;
    }
    let a = x.abs();
    // The exponent of `a`, at least binary16's smallest normal exponent.
    let e = (((a.to_bits() >> 52) & 0x7ff) as i32 - 1023).max(-14);
    // 10 fraction bits: the spacing of binary16 values near `a`.
    let r = scale(scale(a, 10 - e).round_ties_even(), e - 10);
    let r = if r > 65504.0 { f64::INFINITY } else { r };
    r.copysign(x)
}

/// An exact sum of doubles: a fixed-point integer in units of 2^-1074
/// (the smallest subnormal), in 32-bit limbs held in i64s so that carries
/// can wait.
struct ExactSum {
    limbs: Vec<i64>,
    pending: u32,
}

impl ExactSum {
    /// 2^-1074 .. 2^1024 plus 64 bits of headroom for the count.
    const LIMBS: usize = (1074 + 1024 + 64) / 32 + 2;

    fn new() -> ExactSum {
        ExactSum {
            limbs: vec![0; Self::LIMBS],
            pending: 0,
        }
    }

    /// Adds a finite double.
    fn add(&mut self, x: f64) {
        let bits = x.to_bits();
        let exp = ((bits >> 52) & 0x7ff) as usize;
        let frac = bits & ((1 << 52) - 1);
        let (mant, shift) = if exp == 0 {
            (frac, 0)
        } else {
            (frac | (1 << 52), exp - 1)
        };
        let wide = (mant as u128) << (shift % 32);
        let sign = if x < 0.0 { -1 } else { 1 };
        for i in 0..3 {
            let piece = ((wide >> (32 * i)) & 0xffff_ffff) as i64;
            self.limbs[shift / 32 + i] += sign * piece;
        }
        self.pending += 1;
        if self.pending >= 1 << 20 {
            self.normalize();
        }
    }

    /// Propagates carries: every limb but the top one in 0..2^32.
    fn normalize(&mut self) {
        let n = self.limbs.len();
        for i in 0..n - 1 {
            let carry = self.limbs[i] >> 32;
            self.limbs[i] -= carry << 32;
            self.limbs[i + 1] += carry;
        }
        self.pending = 0;
    }

    /// The sum rounded to the nearest double (ties to even).
    fn rounded(&mut self) -> f64 {
        self.normalize();
        let negative = self.limbs[self.limbs.len() - 1] < 0;
        if negative {
            for l in &mut self.limbs {
                *l = -*l;
            }
            self.normalize();
        }
        let Some(top) = self.limbs.iter().rposition(|&l| l != 0) else {
            return 0.0;
        };
        let bit = |i: usize| (self.limbs[i / 32] >> (i % 32)) & 1 == 1;
        let high = top * 32 + (63 - (self.limbs[top] as u64).leading_zeros() as usize);
        let magnitude = if high < 53 {
            let mut m = 0u64;
            for i in (0..=high).rev() {
                m = m << 1 | bit(i) as u64;
            }
            scale(m as f64, -1074)
        } else {
            let mut m = 0u64;
            for i in (high - 52..=high).rev() {
                m = m << 1 | bit(i) as u64;
            }
            let round = bit(high - 53);
            let sticky = (0..high - 53).any(bit);
            let mut high = high;
            if round && (sticky || m & 1 == 1) {
                m += 1;
                if m == 1 << 53 {
                    m >>= 1;
                    high += 1;
                }
            }
            if high >= 1074 + 1024 {
                f64::INFINITY
            } else {
                scale(m as f64, high as i32 - 52 - 1074)
            }
        };
        if negative { -magnitude } else { magnitude }
    }
}

/// Math.sumPrecise(items): the exact sum of an iterable of Numbers,
/// rounded once.
fn sum_precise(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let items = arg(args, 0);
    if items.is_undefined() || items.is_null() {
        return vm.throw(
            ErrorKind::Type,
            "Math.sumPrecise called on null or undefined",
        );
    }
    let record = vm.get_iterator_value(items, false)?;
    vm.root(record);
    #[derive(PartialEq)]
    enum State {
        MinusZero,
        Finite,
        PlusInfinity,
        MinusInfinity,
        NaN,
    }
    let mut state = State::MinusZero;
    let mut sum = ExactSum::new();
    while let Some(v) = vm.iterator_step_value(record)? {
        let Some(n) = v.as_number() else {
            let err = vm.make_error(ErrorKind::Type, "Math.sumPrecise: item is not a Number");
            vm.root(err);
            vm.iterator_close_value(record, true)?;
            return Err(err);
        };
        if state == State::NaN {
            continue;
        }
        if n.is_nan() {
            state = State::NaN;
        } else if n == f64::INFINITY {
            state = if state == State::MinusInfinity {
                State::NaN
            } else {
                State::PlusInfinity
            };
        } else if n == f64::NEG_INFINITY {
            state = if state == State::PlusInfinity {
                State::NaN
            } else {
                State::MinusInfinity
            };
        } else if !(n == 0.0 && n.is_sign_negative())
            && matches!(state, State::MinusZero | State::Finite)
        {
            state = State::Finite;
            sum.add(n);
        }
    }
    Ok(Value::number(match state {
        State::NaN => f64::NAN,
        State::PlusInfinity => f64::INFINITY,
        State::MinusInfinity => f64::NEG_INFINITY,
        State::MinusZero => -0.0,
        State::Finite => sum.rounded(),
    }))
}

/// A uniformly distributed double in [0, 1) from a per-thread xorshift
/// generator, seeded per thread from a counter, the clock (the host's on
/// wasm) and the thread's stack address.
fn random() -> f64 {
    use std::cell::Cell;
    use std::sync::atomic::{AtomicU64, Ordering};
    static SEEDS: AtomicU64 = AtomicU64::new(0x9E37_79B9_7F4A_7C15);
    thread_local! {
        static STATE: Cell<u64> = Cell::new({
            let seed = SEEDS.fetch_add(0x9E37_79B9_7F4A_7C15, Ordering::Relaxed)
                ^ crate::clock::now_ms().to_bits();
            let addr = &seed as *const u64 as u64;
            (seed ^ addr.rotate_left(32)) | 1
        });
    }
    STATE.with(|s| {
        let mut x = s.get();
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        s.set(x);
        (x >> 11) as f64 / (1u64 << 53) as f64
    })
}
