//! Number: the constructor, its constants and predicates, and the
//! formatting methods (toString(radix), toFixed, toExponential,
//! toPrecision) with exact decimal rounding.

use num_bigint::BigInt;
use num_traits::{One, ToPrimitive, Zero};

use super::{arg, define_constant};
use crate::heap::Gc;
use crate::interpreter::{ErrorKind, JsResult, Numeric, Vm};
use crate::object::{Attributes, JsObject, ObjectKind, PropertyKey};
use crate::realm::{Intrinsic, Realm};
use crate::value::Value;
use crate::value::number::{number_to_string, number_to_string_radix};

pub fn install(vm: &mut Vm, realm: Gc<Realm>, global: Gc<JsObject>) {
    let object_proto = realm.intrinsic(Intrinsic::ObjectPrototype);
    let proto = vm.alloc_object(Value::object(object_proto), ObjectKind::Number(0.0));
    realm.set_intrinsic(Intrinsic::NumberPrototype, proto);
    let ctor = vm.define_constructor(global, "Number", 1, constructor, proto);
    define_constant(ctor, "EPSILON", Value::number(f64::EPSILON));
    define_constant(ctor, "MAX_SAFE_INTEGER", Value::number(9007199254740991.0));
    define_constant(ctor, "MIN_SAFE_INTEGER", Value::number(-9007199254740991.0));
    define_constant(ctor, "MAX_VALUE", Value::number(f64::MAX));
    define_constant(ctor, "MIN_VALUE", Value::number(5e-324));
    define_constant(ctor, "NaN", Value::NAN);
    define_constant(ctor, "NEGATIVE_INFINITY", Value::number(f64::NEG_INFINITY));
    define_constant(ctor, "POSITIVE_INFINITY", Value::number(f64::INFINITY));
    vm.define_builtin(ctor, "isFinite", 1, is_finite);
    vm.define_builtin(ctor, "isInteger", 1, is_integer);
    vm.define_builtin(ctor, "isNaN", 1, is_nan);
    vm.define_builtin(ctor, "isSafeInteger", 1, is_safe_integer);
    vm.define_builtin(proto, "toString", 1, to_string);
    vm.define_builtin(proto, "toLocaleString", 0, to_locale_string);
    vm.define_builtin(proto, "valueOf", 0, value_of);
    vm.define_builtin(proto, "toFixed", 1, to_fixed);
    vm.define_builtin(proto, "toExponential", 1, to_exponential);
    vm.define_builtin(proto, "toPrecision", 1, to_precision);
}

/// Links Number.parseInt/parseFloat to the globals (installed later).
pub fn link_parse_functions(global: Gc<JsObject>, ctor: Gc<JsObject>) {
    for name in ["parseInt", "parseFloat"] {
        if let Some((f, _)) = global.get_own(PropertyKey::from_text(name)) {
            ctor.define_own(PropertyKey::from_text(name), f, Attributes::HIDDEN);
        }
    }
}

fn constructor(vm: &mut Vm, _: Value, args: &[Value], new_target: Value) -> JsResult<Value> {
    let n = if args.is_empty() {
        0.0
    } else {
        match vm.to_numeric(args[0])? {
            Numeric::Number(n) => n,
            Numeric::BigInt(b) => b.to_f64().unwrap_or(f64::NAN),
        }
    };
    if new_target.is_undefined() {
        return Ok(Value::number(n));
    }
    let proto = vm.prototype_from_constructor(new_target, Intrinsic::NumberPrototype)?;
    Ok(Value::object(
        vm.alloc_object(Value::object(proto), ObjectKind::Number(n)),
    ))
}

fn is_finite(_: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    Ok(Value::bool(
        arg(args, 0).as_number().is_some_and(f64::is_finite),
    ))
}

fn is_integer(_: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    Ok(Value::bool(
        arg(args, 0)
            .as_number()
            .is_some_and(|n| n.is_finite() && n.trunc() == n),
    ))
}

fn is_nan(_: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    Ok(Value::bool(
        arg(args, 0).as_number().is_some_and(f64::is_nan),
    ))
}

fn is_safe_integer(_: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    Ok(Value::bool(arg(args, 0).as_number().is_some_and(|n| {
        n.is_finite() && n.trunc() == n && n.abs() <= 9007199254740991.0
    })))
}

/// thisNumberValue.
fn this_number(vm: &mut Vm, this: Value) -> JsResult<f64> {
    if let Some(n) = this.as_number() {
        return Ok(n);
    }
    if let Some(o) = this.as_object()
        && let ObjectKind::Number(n) = &o.kind
    {
        return Ok(*n);
    }
    vm.throw(
        ErrorKind::Type,
        "Number.prototype method called on incompatible receiver",
    )
}

fn to_string(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let x = this_number(vm, this)?;
    let radix = arg(args, 0);
    let r = if radix.is_undefined() {
        10.0
    } else {
        vm.to_integer_or_infinity(radix)?
    };
    if !(2.0..=36.0).contains(&r) {
        return vm.throw(
            ErrorKind::Range,
            "toString() radix argument must be between 2 and 36",
        );
    }
    let s = if r == 10.0 {
        number_to_string(x)
    } else {
        number_to_string_radix(x, r as u32)
    };
    Ok(vm.string_value(&s))
}

fn to_locale_string(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let x = this_number(vm, this)?;
    #[cfg(feature = "intl")]
    {
        super::intl::number_format::number_to_locale_string(
            vm,
            x,
            super::arg(args, 0),
            super::arg(args, 1),
        )
    }
    #[cfg(not(feature = "intl"))]
    {
        let _ = args;
        Ok(vm.string_value(&number_to_string(x)))
    }
}

fn value_of(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    Ok(Value::number(this_number(vm, this)?))
}

/// The exact value of a finite double as numerator / 2^shift.
fn exact(x: f64) -> (BigInt, u32) {
    let bits = x.abs().to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    let frac = bits & ((1 << 52) - 1);
    let (mantissa, e) = if exp == 0 {
        (frac, -1074)
    } else {
        (frac | (1 << 52), exp - 1075)
    };
    if e >= 0 {
        (BigInt::from(mantissa) << e as usize, 0)
    } else {
        (BigInt::from(mantissa), (-e) as u32)
    }
}

/// round_half_up(|x| * 10^p) for p possibly negative, exactly.
fn scaled_round(x: f64, p: i32) -> BigInt {
    let (num, shift) = exact(x);
    let ten = BigInt::from(10);
    let (mut n, mut d) = (num, BigInt::one() << shift as usize);
    if p >= 0 {
        n *= num_traits::pow(ten, p as usize);
    } else {
        d *= num_traits::pow(ten, (-p) as usize);
    }
    let q = &n / &d;
    let r = &n - &q * &d;
    if r * 2 >= d { q + 1 } else { q }
}

fn to_fixed(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let x = this_number(vm, this)?;
    let f = vm.to_integer_or_infinity(arg(args, 0))?;
    if !(0.0..=100.0).contains(&f) {
        return vm.throw(
            ErrorKind::Range,
            "toFixed() digits argument must be between 0 and 100",
        );
    }
    if !x.is_finite() {
        return Ok(vm.string_value(&number_to_string(x)));
    }
    if x.abs() >= 1e21 {
        return Ok(vm.string_value(&number_to_string(x)));
    }
    let f = f as usize;
    let n = scaled_round(x, f as i32);
    let mut digits = n.to_string();
    if f > 0 {
        if digits.len() <= f {
            digits = format!("{}{}", "0".repeat(f + 1 - digits.len()), digits);
        }
        digits.insert(digits.len() - f, '.');
    }
    let neg = x < 0.0 && !(n.is_zero());
    let neg = neg || (x < 0.0 && x != 0.0);
    Ok(vm.string_value(&if neg { format!("-{digits}") } else { digits }))
}

/// The `p` significant digits of |x| and its decimal exponent, rounded
/// half up exactly.
fn significant_digits(x: f64, p: usize) -> (String, i32) {
    // Start at or below the true exponent (log10 may round up to it) and
    // move up: the first exponent giving p digits is the closest.
    let mut e = x.abs().log10().floor() as i32 - 1;
    loop {
        let n = scaled_round(x, p as i32 - 1 - e);
        let s = n.to_string();
        if s.len() > p {
            e += 1;
            continue;
        }
        if s.len() < p {
            e -= 1;
            continue;
        }
        return (s, e);
    }
}

fn to_exponential(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let x = this_number(vm, this)?;
    let fv = arg(args, 0);
    let f = vm.to_integer_or_infinity(fv)?;
    if !x.is_finite() {
        return Ok(vm.string_value(&number_to_string(x)));
    }
    if !(0.0..=100.0).contains(&f) {
        return vm.throw(
            ErrorKind::Range,
            "toExponential() argument must be between 0 and 100",
        );
    }
    let (digits, e) = if x == 0.0 {
        (
            "0".repeat(if fv.is_undefined() { 1 } else { f as usize + 1 }),
            0,
        )
    } else if fv.is_undefined() {
        // As many digits as needed to round-trip.
        let shortest = number_to_string(x.abs());
        let mantissa: String = shortest
            .split('e')
            .next()
            .unwrap_or("")
            .chars()
            .filter(|c| c.is_ascii_digit())
            .collect();
        let trimmed = mantissa.trim_start_matches('0').trim_end_matches('0');
        let p = trimmed.len().max(1);
        significant_digits(x, p)
    } else {
        significant_digits(x, f as usize + 1)
    };
    let mut m = digits[..1].to_string();
    if digits.len() > 1 {
        m.push('.');
        m.push_str(&digits[1..]);
    }
    let sign = if e >= 0 { "+" } else { "-" };
    let s = format!("{}{m}e{sign}{}", if x < 0.0 { "-" } else { "" }, e.abs());
    Ok(vm.string_value(&s))
}

fn to_precision(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let x = this_number(vm, this)?;
    let pv = arg(args, 0);
    if pv.is_undefined() {
        return Ok(vm.string_value(&number_to_string(x)));
    }
    let p = vm.to_integer_or_infinity(pv)?;
    if !x.is_finite() {
        return Ok(vm.string_value(&number_to_string(x)));
    }
    if !(1.0..=100.0).contains(&p) {
        return vm.throw(
            ErrorKind::Range,
            "toPrecision() argument must be between 1 and 100",
        );
    }
    let p = p as usize;
    let sign = if x < 0.0 { "-" } else { "" };
    let (digits, e) = if x == 0.0 {
        ("0".repeat(p), 0)
    } else {
        significant_digits(x, p)
    };
    let s = if e < -6 || e >= p as i32 {
        let mut m = digits[..1].to_string();
        if p > 1 {
            m.push('.');
            m.push_str(&digits[1..]);
        }
        format!("{sign}{m}e{}{}", if e >= 0 { "+" } else { "-" }, e.abs())
    } else if e >= 0 {
        let (int, frac) = digits.split_at(e as usize + 1);
        if frac.is_empty() {
            format!("{sign}{int}")
        } else {
            format!("{sign}{int}.{frac}")
        }
    } else {
        format!("{sign}0.{}{digits}", "0".repeat((-e - 1) as usize))
    };
    Ok(vm.string_value(&s))
}
