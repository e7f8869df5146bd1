//! BigInt: the function (not a constructor), asIntN/asUintN, and
//! BigInt.prototype.

use num_bigint::BigInt;
use num_traits::{One, Zero};

use super::{arg, define_tag};
use crate::heap::Gc;
use crate::interpreter::{ErrorKind, Hint, JsResult, Vm};
use crate::object::{JsObject, ObjectKind};
use crate::realm::{Intrinsic, Realm};
use crate::value::Value;

pub fn install(vm: &mut Vm, realm: Gc<Realm>, global: Gc<JsObject>) {
    let object_proto = realm.intrinsic(Intrinsic::ObjectPrototype);
    let proto = vm.alloc_object(Value::object(object_proto), ObjectKind::Ordinary);
    realm.set_intrinsic(Intrinsic::BigIntPrototype, proto);
    let ctor = vm.define_constructor(global, "BigInt", 1, constructor, proto);
    vm.define_builtin(ctor, "asIntN", 2, as_int_n);
    vm.define_builtin(ctor, "asUintN", 2, as_uint_n);
    vm.define_builtin(proto, "toString", 0, to_string);
    vm.define_builtin(proto, "toLocaleString", 0, to_locale_string);
    vm.define_builtin(proto, "valueOf", 0, value_of);
    define_tag(vm, proto, "BigInt");
}

/// ToBigInt.
pub fn to_bigint(vm: &mut Vm, v: Value) -> JsResult<BigInt> {
    let p = vm.to_primitive(v, Hint::Number)?;
    if let Some(b) = p.as_bigint() {
        return Ok(b.0.clone());
    }
    if let Some(b) = p.as_bool() {
        return Ok(if b { BigInt::one() } else { BigInt::zero() });
    }
    if let Some(s) = p.as_string() {
        return match crate::interpreter::string_to_bigint(s.units()) {
            Some(n) => Ok(n),
            None => vm.throw(
                ErrorKind::Syntax,
                &format!("Cannot convert {} to a BigInt", s.to_rust_string()),
            ),
        };
    }
    if p.is_number() {
        return vm.throw(ErrorKind::Type, "Cannot convert a Number to a BigInt");
    }
    let what = vm.describe_for_error(p);
    vm.throw(
        ErrorKind::Type,
        &format!("Cannot convert {what} to a BigInt"),
    )
}

fn constructor(vm: &mut Vm, _: Value, args: &[Value], new_target: Value) -> JsResult<Value> {
    if !new_target.is_undefined() {
        return vm.throw(ErrorKind::Type, "BigInt is not a constructor");
    }
    let prim = vm.to_primitive(arg(args, 0), Hint::Number)?;
    if let Some(n) = prim.as_number() {
        if !n.is_finite() || n.trunc() != n {
            return vm.throw(
                ErrorKind::Range,
                &format!(
                    "The number {} cannot be converted to a BigInt because it is not an integer",
                    crate::value::number::number_to_string(n)
                ),
            );
        }
        let b: BigInt = num_traits::FromPrimitive::from_f64(n).unwrap_or_default();
        return Ok(vm.bigint_value(b));
    }
    let b = to_bigint(vm, prim)?;
    Ok(vm.bigint_value(b))
}

fn bits_arg(vm: &mut Vm, v: Value) -> JsResult<u64> {
    Ok(vm.to_index(v)? as u64)
}

fn as_uint_n(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let bits = bits_arg(vm, arg(args, 0))?;
    let b = to_bigint(vm, arg(args, 1))?;
    if bits > 1 << 20 && b.sign() != num_bigint::Sign::Minus {
        return Ok(vm.bigint_value(b));
    }
    let modulus = BigInt::one() << bits as usize;
    let r = ((b % &modulus) + &modulus) % &modulus;
    Ok(vm.bigint_value(r))
}

fn as_int_n(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let bits = bits_arg(vm, arg(args, 0))?;
    let b = to_bigint(vm, arg(args, 1))?;
    if bits == 0 {
        return Ok(vm.bigint_value(BigInt::zero()));
    }
    if bits > 1 << 20 {
        return Ok(vm.bigint_value(b));
    }
    let modulus = BigInt::one() << bits as usize;
    let r = ((b % &modulus) + &modulus) % &modulus;
    let half = BigInt::one() << (bits - 1) as usize;
    let r = if r >= half { r - modulus } else { r };
    Ok(vm.bigint_value(r))
}

fn this_bigint(vm: &mut Vm, this: Value) -> JsResult<BigInt> {
    if let Some(b) = this.as_bigint() {
        return Ok(b.0.clone());
    }
    if let Some(o) = this.as_object()
        && let ObjectKind::BigInt(b) = &o.kind
    {
        return Ok(b.0.clone());
    }
    vm.throw(
        ErrorKind::Type,
        "BigInt.prototype method called on incompatible receiver",
    )
}

fn to_string(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let b = this_bigint(vm, this)?;
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
    Ok(vm.string_value(&b.to_str_radix(r as u32)))
}

fn to_locale_string(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let b = this_bigint(vm, this)?;
    #[cfg(feature = "intl")]
    {
        super::intl::number_format::bigint_to_locale_string(
            vm,
            &b.to_string(),
            super::arg(args, 0),
            super::arg(args, 1),
        )
    }
    #[cfg(not(feature = "intl"))]
    {
        let _ = args;
        Ok(vm.string_value(&b.to_string()))
    }
}

fn value_of(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let b = this_bigint(vm, this)?;
    Ok(vm.bigint_value(b))
}
