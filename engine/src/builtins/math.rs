//! Math.

use super::{arg, define_constant, define_tag};
use crate::heap::Gc;
use crate::interpreter::Vm;
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
        "round" => |x| if x.is_nan() || x.is_infinite() || x == 0.0 { x } else if (-0.5..0.0).contains(&x) { -0.0 } else { (x + 0.5).floor() },
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
    vm.define_builtin(math, "random", 0, |_, _, _, _| Ok(Value::number(random())));
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
