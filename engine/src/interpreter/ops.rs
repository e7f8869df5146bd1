//! Operators and type conversions (ECMA-262 §7.1, §7.2, §13).

use num_bigint::BigInt;
use num_traits::{ToPrimitive, Zero};

use super::{ErrorKind, JsResult, Vm};
use crate::bytecode::{BinOp, UnOp};
use crate::heap::Gc;
use crate::object::{JsObject, ObjectKind, PropertyKey};
use crate::string::atom::{names, symbols};
use crate::string::{Atom, JsString};
use crate::value::number::{self, JsBigInt};
use crate::value::{Value, ValueType};

/// The preferred type of ToPrimitive.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Hint {
    Default,
    Number,
    String,
}

/// A number or a BigInt (ToNumeric's result).
pub enum Numeric {
    Number(f64),
    BigInt(BigInt),
}

impl Vm {
    pub fn to_boolean(&self, v: Value) -> bool {
        if let Some(o) = v.as_object() {
            return !o.has_flag(crate::object::flags::HTMLDDA);
        }
        v.truthy()
    }

    /// ToPrimitive.
    pub fn to_primitive(&mut self, v: Value, hint: Hint) -> JsResult<Value> {
        let Some(obj) = v.as_object() else {
            return Ok(v);
        };
        let exotic = self.get(obj, PropertyKey::Atom(symbols::TO_PRIMITIVE))?;
        if !exotic.is_nullish() {
            if !self.is_callable(exotic) {
                return Err(
                    self.make_error(ErrorKind::Type, "Symbol.toPrimitive is not a function")
                );
            }
            let h = match hint {
                Hint::Default => names::DEFAULT,
                Hint::Number => names::NUMBER,
                Hint::String => names::STRING,
            };
            let hv = self.atom_value(h);
            let result = self.call(exotic, v, &[hv])?;
            if result.is_object() {
                return Err(
                    self.make_error(ErrorKind::Type, "Cannot convert object to primitive value")
                );
            }
            return Ok(result);
        }
        let order = if hint == Hint::String {
            [names::TO_STRING, names::VALUE_OF]
        } else {
            [names::VALUE_OF, names::TO_STRING]
        };
        for name in order {
            let method = self.get(obj, PropertyKey::Atom(name))?;
            if self.is_callable(method) {
                let result = self.call(method, v, &[])?;
                if !result.is_object() {
                    return Ok(result);
                }
            }
        }
        Err(self.make_error(ErrorKind::Type, "Cannot convert object to primitive value"))
    }

    /// ToNumber.
    pub fn to_number(&mut self, v: Value) -> JsResult<f64> {
        if let Some(n) = v.as_number() {
            return Ok(n);
        }
        match v.value_type() {
            ValueType::Undefined => Ok(f64::NAN),
            ValueType::Null => Ok(0.0),
            ValueType::Boolean => Ok(if v == Value::TRUE { 1.0 } else { 0.0 }),
            ValueType::String => Ok(number::string_to_number(
                v.as_string().expect("string").units(),
            )),
            ValueType::Symbol => {
                Err(self.make_error(ErrorKind::Type, "Cannot convert a Symbol value to a number"))
            }
            ValueType::BigInt => {
                Err(self.make_error(ErrorKind::Type, "Cannot convert a BigInt value to a number"))
            }
            ValueType::Object => {
                let p = self.to_primitive(v, Hint::Number)?;
                self.to_number(p)
            }
            _ => Ok(f64::NAN),
        }
    }

    /// ToNumeric.
    pub fn to_numeric(&mut self, v: Value) -> JsResult<Numeric> {
        let p = self.to_primitive(v, Hint::Number)?;
        if let Some(b) = p.as_bigint() {
            return Ok(Numeric::BigInt(b.0.clone()));
        }
        Ok(Numeric::Number(self.to_number(p)?))
    }

    pub fn to_integer_or_infinity(&mut self, v: Value) -> JsResult<f64> {
        let n = self.to_number(v)?;
        Ok(if n.is_nan() { 0.0 } else { n.trunc() + 0.0 })
    }

    pub fn to_int32(&mut self, v: Value) -> JsResult<i32> {
        if let Some(i) = v.as_int() {
            return Ok(i);
        }
        Ok(number::to_int32(self.to_number(v)?))
    }

    pub fn to_uint32(&mut self, v: Value) -> JsResult<u32> {
        Ok(number::to_uint32(self.to_number(v)?))
    }

    /// ToLength.
    pub fn to_length(&mut self, v: Value) -> JsResult<f64> {
        let n = self.to_integer_or_infinity(v)?;
        Ok(n.clamp(0.0, 9007199254740991.0))
    }

    /// ToIndex.
    pub fn to_index(&mut self, v: Value) -> JsResult<usize> {
        if v.is_undefined() {
            return Ok(0);
        }
        let n = self.to_integer_or_infinity(v)?;
        if !(0.0..=9007199254740991.0).contains(&n) {
            return Err(self.make_error(ErrorKind::Range, "Invalid index"));
        }
        Ok(n as usize)
    }

    /// ToString, as a string cell.
    pub fn to_string(&mut self, v: Value) -> JsResult<Gc<JsString>> {
        if let Some(s) = v.as_string() {
            return Ok(s);
        }
        let atom = match v.value_type() {
            ValueType::Undefined => Some(names::UNDEFINED),
            ValueType::Null => Some(names::NULL),
            ValueType::Boolean => Some(if v == Value::TRUE {
                names::TRUE
            } else {
                names::FALSE
            }),
            _ => None,
        };
        if let Some(a) = atom {
            return Ok(a.js_string());
        }
        match v.value_type() {
            ValueType::Number => {
                let n = v.as_number().expect("number");
                if let Some(i) = v.as_int()
                    && (0..10).contains(&i)
                {
                    return Ok(Atom::intern_str(&i.to_string()).js_string());
                }
                Ok(self.alloc_string_str(&number::number_to_string(n)))
            }
            ValueType::Symbol => {
                Err(self.make_error(ErrorKind::Type, "Cannot convert a Symbol value to a string"))
            }
            ValueType::BigInt => {
                let s = v.as_bigint().expect("bigint").to_string();
                Ok(self.alloc_string_str(&s))
            }
            ValueType::Object => {
                let p = self.to_primitive(v, Hint::String)?;
                self.to_string(p)
            }
            _ => Ok(names::EMPTY.js_string()),
        }
    }

    /// ToString as a Rust string (lossy for lone surrogates).
    pub fn to_rust_string(&mut self, v: Value) -> JsResult<String> {
        Ok(self.to_string(v)?.to_rust_string())
    }

    /// ToObject.
    pub fn to_object(&mut self, v: Value) -> JsResult<Gc<JsObject>> {
        if let Some(o) = v.as_object() {
            return Ok(o);
        }
        if v.is_nullish() {
            return Err(self.make_error(
                ErrorKind::Type,
                "Cannot convert undefined or null to object",
            ));
        }
        Ok(self.wrap_primitive(v))
    }

    /// ToPropertyKey.
    pub fn to_property_key(&mut self, v: Value) -> JsResult<PropertyKey> {
        if let Some(i) = v.as_int()
            && i >= 0
        {
            return Ok(PropertyKey::Index(i as u32));
        }
        if let Some(s) = v.as_string() {
            return Ok(string_key(s));
        }
        if let Some(a) = v.as_symbol() {
            return Ok(PropertyKey::Atom(a));
        }
        let p = self.to_primitive(v, Hint::String)?;
        if let Some(a) = p.as_symbol() {
            return Ok(PropertyKey::Atom(a));
        }
        let s = self.to_string(p)?;
        Ok(string_key(s))
    }

    /// A property key as a JS value (string or symbol).
    pub fn key_to_value(&mut self, key: PropertyKey) -> Value {
        match key {
            PropertyKey::Index(i) => {
                let s = i.to_string();
                Value::string(self.alloc_string_str(&s))
            }
            PropertyKey::Atom(a) if a.is_symbol() => Value::symbol(a),
            PropertyKey::Atom(a) => Value::string(a.js_string()),
        }
    }

    pub fn typeof_value(&self, v: Value) -> Atom {
        match v.value_type() {
            ValueType::Undefined => names::UNDEFINED,
            ValueType::Null => names::OBJECT,
            ValueType::Boolean => names::BOOLEAN,
            ValueType::Number => names::NUMBER,
            ValueType::String => names::STRING,
            ValueType::Symbol => names::SYMBOL,
            ValueType::BigInt => names::BIGINT,
            ValueType::Object => {
                let o = v.as_object().expect("object");
                if o.has_flag(crate::object::flags::HTMLDDA) {
                    names::UNDEFINED
                } else if self.is_callable(v) {
                    names::FUNCTION
                } else {
                    names::OBJECT
                }
            }
            ValueType::Internal => names::UNDEFINED,
        }
    }

    pub(crate) fn unary_op(&mut self, op: UnOp, v: Value) -> JsResult<Value> {
        Ok(match op {
            UnOp::Not => Value::bool(!self.to_boolean(v)),
            UnOp::TypeOf => {
                let t = self.typeof_value(v);
                self.atom_value(t)
            }
            UnOp::Void => Value::UNDEFINED,
            UnOp::Plus => Value::number(self.to_number(v)?),
            UnOp::Neg => match self.to_numeric(v)? {
                Numeric::Number(n) => Value::number(-n),
                Numeric::BigInt(b) => self.bigint_value(-b),
            },
            UnOp::BitNot => match self.to_numeric(v)? {
                Numeric::Number(n) => Value::int(!number::to_int32(n)),
                Numeric::BigInt(b) => self.bigint_value(-b - 1),
            },
            UnOp::ToNumeric => match self.to_numeric(v)? {
                Numeric::Number(n) => Value::number(n),
                Numeric::BigInt(b) => self.bigint_value(b),
            },
            UnOp::Inc | UnOp::Dec => {
                let d = if op == UnOp::Inc { 1 } else { -1 };
                if let Some(i) = v.as_int()
                    && let Some(r) = i.checked_add(d)
                {
                    return Ok(Value::int(r));
                }
                match self.to_numeric(v)? {
                    Numeric::Number(n) => Value::number(n + d as f64),
                    Numeric::BigInt(b) => self.bigint_value(b + d),
                }
            }
            UnOp::ToPropertyKey => {
                if v.is_string() || v.is_symbol() || v.as_int().is_some_and(|i| i >= 0) {
                    v
                } else {
                    let k = self.to_property_key(v)?;
                    self.key_to_value(k)
                }
            }
            UnOp::ToString => Value::string(self.to_string(v)?),
            UnOp::ToObject => Value::object(self.to_object(v)?),
        })
    }

    pub(crate) fn binary_op(&mut self, op: BinOp, a: Value, b: Value) -> JsResult<Value> {
        match op {
            BinOp::Add => self.add(a, b),
            BinOp::StrictEq => Ok(Value::bool(strict_equals(a, b))),
            BinOp::StrictNe => Ok(Value::bool(!strict_equals(a, b))),
            BinOp::Eq => Ok(Value::bool(self.loose_equals(a, b)?)),
            BinOp::Ne => Ok(Value::bool(!self.loose_equals(a, b)?)),
            BinOp::Lt => Ok(Value::bool(self.less_than(a, b, true)? == Some(true))),
            BinOp::Gt => Ok(Value::bool(self.less_than(b, a, false)? == Some(true))),
            BinOp::Le => Ok(Value::bool(self.less_than(b, a, false)? == Some(false))),
            BinOp::Ge => Ok(Value::bool(self.less_than(a, b, true)? == Some(false))),
            BinOp::InstanceOf => Ok(Value::bool(self.instance_of(a, b)?)),
            BinOp::In => {
                let Some(obj) = b.as_object() else {
                    let (key, target) = (self.value_label(a), self.value_label(b));
                    return Err(self.make_error(
                        ErrorKind::Type,
                        &format!("Cannot use 'in' operator to search for '{key}' in {target}"),
                    ));
                };
                let key = self.to_property_key(a)?;
                Ok(Value::bool(self.has_property(obj, key)?))
            }
            _ => self.numeric_op(op, a, b),
        }
    }

    fn add(&mut self, a: Value, b: Value) -> JsResult<Value> {
        if let (Some(x), Some(y)) = (a.as_number(), b.as_number()) {
            return Ok(Value::number(x + y));
        }
        if let (Some(x), Some(y)) = (a.as_string(), b.as_string()) {
            return self.concat(x, y);
        }
        let pa = self.to_primitive(a, Hint::Default)?;
        let pb = self.to_primitive(b, Hint::Default)?;
        if pa.is_string() || pb.is_string() {
            let sa = self.to_string(pa)?;
            let sb = self.to_string(pb)?;
            return self.concat(sa, sb);
        }
        self.numeric_op(BinOp::Add, pa, pb)
    }

    /// String concatenation.
    pub fn concat(&mut self, a: Gc<JsString>, b: Gc<JsString>) -> JsResult<Value> {
        if a.is_empty() {
            return Ok(Value::string(b));
        }
        if b.is_empty() {
            return Ok(Value::string(a));
        }
        if a.len() + b.len() > crate::string::MAX_LENGTH {
            return Err(self.make_error(ErrorKind::Range, "Invalid string length"));
        }
        let mut units = Vec::with_capacity(a.len() + b.len());
        units.extend_from_slice(a.units());
        units.extend_from_slice(b.units());
        Ok(Value::string(self.alloc_string(units)))
    }

    fn numeric_op(&mut self, op: BinOp, a: Value, b: Value) -> JsResult<Value> {
        let na = self.to_numeric(a)?;
        let nb = self.to_numeric(b)?;
        match (na, nb) {
            (Numeric::Number(x), Numeric::Number(y)) => Ok(number_op(op, x, y)),
            (Numeric::BigInt(x), Numeric::BigInt(y)) => self.bigint_op(op, x, y),
            _ => Err(self.make_error(
                ErrorKind::Type,
                "Cannot mix BigInt and other types, use explicit conversions",
            )),
        }
    }

    fn bigint_op(&mut self, op: BinOp, x: BigInt, y: BigInt) -> JsResult<Value> {
        let r = match op {
            BinOp::Add => x + y,
            BinOp::Sub => x - y,
            BinOp::Mul => x * y,
            BinOp::Div => {
                if y.is_zero() {
                    return Err(self.make_error(ErrorKind::Range, "Division by zero"));
                }
                x / y
            }
            BinOp::Rem => {
                if y.is_zero() {
                    return Err(self.make_error(ErrorKind::Range, "Division by zero"));
                }
                x % y
            }
            BinOp::Exp => {
                if y.sign() == num_bigint::Sign::Minus {
                    return Err(self.make_error(ErrorKind::Range, "Exponent must be non-negative"));
                }
                let Some(e) = y.to_u32() else {
                    return Err(self.make_error(ErrorKind::Range, "Maximum BigInt size exceeded"));
                };
                num_traits::pow(x, e as usize)
            }
            BinOp::BitAnd => x & y,
            BinOp::BitOr => x | y,
            BinOp::BitXor => x ^ y,
            BinOp::Shl | BinOp::Sar => {
                let Some(s) = y.to_i64() else {
                    return Err(self.make_error(ErrorKind::Range, "Maximum BigInt size exceeded"));
                };
                let s = if op == BinOp::Sar { -s } else { s };
                if s >= 0 {
                    if s > 1 << 24 {
                        return Err(
                            self.make_error(ErrorKind::Range, "Maximum BigInt size exceeded")
                        );
                    }
                    x << s as usize
                } else {
                    // Arithmetic shift right rounds toward -infinity.
                    let d = num_traits::pow(BigInt::from(2), (-s).min(1 << 24) as usize);
                    num_integer::Integer::div_floor(&x, &d)
                }
            }
            BinOp::Shr => {
                return Err(self.make_error(
                    ErrorKind::Type,
                    "BigInts have no unsigned right shift, use >> instead",
                ));
            }
            _ => unreachable!("not a numeric operator"),
        };
        Ok(self.bigint_value(r))
    }

    /// IsLooselyEqual.
    pub fn loose_equals(&mut self, a: Value, b: Value) -> JsResult<bool> {
        let (ta, tb) = (a.value_type(), b.value_type());
        if ta == tb {
            return Ok(strict_equals(a, b));
        }
        let html_dda = |v: Value| {
            v.as_object()
                .is_some_and(|o| o.has_flag(crate::object::flags::HTMLDDA))
        };
        if (a.is_nullish() && (b.is_nullish() || html_dda(b))) || (b.is_nullish() && html_dda(a)) {
            return Ok(true);
        }
        match (ta, tb) {
            (ValueType::Number, ValueType::String) => {
                let n = self.to_number(b)?;
                Ok(a.as_number() == Some(n))
            }
            (ValueType::String, ValueType::Number) => {
                let n = self.to_number(a)?;
                Ok(b.as_number() == Some(n))
            }
            (ValueType::BigInt, ValueType::String) | (ValueType::String, ValueType::BigInt) => {
                let (big, s) = if ta == ValueType::BigInt {
                    (a, b)
                } else {
                    (b, a)
                };
                match string_to_bigint(s.as_string().expect("string").units()) {
                    Some(n) => Ok(big.as_bigint().expect("bigint").0 == n),
                    None => Ok(false),
                }
            }
            (ValueType::Boolean, _) => {
                let n = Value::number(self.to_number(a)?);
                self.loose_equals(n, b)
            }
            (_, ValueType::Boolean) => {
                let n = Value::number(self.to_number(b)?);
                self.loose_equals(a, n)
            }
            (
                ValueType::Number | ValueType::String | ValueType::BigInt | ValueType::Symbol,
                ValueType::Object,
            ) => {
                let p = self.to_primitive(b, Hint::Default)?;
                self.loose_equals(a, p)
            }
            (
                ValueType::Object,
                ValueType::Number | ValueType::String | ValueType::BigInt | ValueType::Symbol,
            ) => {
                let p = self.to_primitive(a, Hint::Default)?;
                self.loose_equals(p, b)
            }
            (ValueType::BigInt, ValueType::Number) | (ValueType::Number, ValueType::BigInt) => {
                let (big, n) = if ta == ValueType::BigInt {
                    (a, b)
                } else {
                    (b, a)
                };
                Ok(bigint_equals_number(
                    &big.as_bigint().expect("bigint").0,
                    n.as_number().expect("number"),
                ))
            }
            _ => Ok(false),
        }
    }

    /// IsLessThan: Some(true/false), or None for undefined (NaN).
    fn less_than(&mut self, a: Value, b: Value, left_first: bool) -> JsResult<Option<bool>> {
        if let (Some(x), Some(y)) = (a.as_number(), b.as_number()) {
            return Ok(if x.is_nan() || y.is_nan() {
                None
            } else {
                Some(x < y)
            });
        }
        let (pa, pb) = if left_first {
            let pa = self.to_primitive(a, Hint::Number)?;
            (pa, self.to_primitive(b, Hint::Number)?)
        } else {
            let pb = self.to_primitive(b, Hint::Number)?;
            (self.to_primitive(a, Hint::Number)?, pb)
        };
        if let (Some(x), Some(y)) = (pa.as_string(), pb.as_string()) {
            return Ok(Some(x.units() < y.units()));
        }
        if let (Some(x), Some(s)) = (pa.as_bigint(), pb.as_string()) {
            return Ok(string_to_bigint(s.units()).map(|y| x.0 < y));
        }
        if let (Some(s), Some(y)) = (pa.as_string(), pb.as_bigint()) {
            return Ok(string_to_bigint(s.units()).map(|x| x < y.0));
        }
        let na = self.to_numeric(pa)?;
        let nb = self.to_numeric(pb)?;
        Ok(match (na, nb) {
            (Numeric::Number(x), Numeric::Number(y)) => {
                if x.is_nan() || y.is_nan() {
                    None
                } else {
                    Some(x < y)
                }
            }
            (Numeric::BigInt(x), Numeric::BigInt(y)) => Some(x < y),
            (Numeric::BigInt(x), Numeric::Number(y)) => {
                compare_bigint_number(&x, y).map(|o| o == std::cmp::Ordering::Less)
            }
            (Numeric::Number(x), Numeric::BigInt(y)) => {
                compare_bigint_number(&y, x).map(|o| o == std::cmp::Ordering::Greater)
            }
        })
    }

    /// InstanceofOperator.
    pub fn instance_of(&mut self, v: Value, target: Value) -> JsResult<bool> {
        let Some(t) = target.as_object() else {
            return Err(self.make_error(
                ErrorKind::Type,
                "Right-hand side of 'instanceof' is not an object",
            ));
        };
        let handler = self.get(t, PropertyKey::Atom(symbols::HAS_INSTANCE))?;
        if !handler.is_nullish() {
            let r = self.call(handler, target, &[v])?;
            return Ok(self.to_boolean(r));
        }
        if !self.is_callable(target) {
            return Err(self.make_error(
                ErrorKind::Type,
                "Right-hand side of 'instanceof' is not callable",
            ));
        }
        self.ordinary_has_instance(target, v)
    }

    /// OrdinaryHasInstance.
    pub fn ordinary_has_instance(&mut self, c: Value, v: Value) -> JsResult<bool> {
        if !self.is_callable(c) {
            return Ok(false);
        }
        let cobj = c.as_object().expect("callable is an object");
        if let ObjectKind::Bound(b) = &cobj.kind {
            let target = b.target;
            return self.instance_of(v, target);
        }
        let Some(mut o) = v.as_object() else {
            return Ok(false);
        };
        let proto = self.get(cobj, PropertyKey::Atom(names::PROTOTYPE))?;
        let Some(proto) = proto.as_object() else {
            return Err(self.make_error(
                ErrorKind::Type,
                "Function has non-object prototype in instanceof check",
            ));
        };
        loop {
            let p = self.get_prototype_of(o)?;
            match p.as_object() {
                None => return Ok(false),
                Some(p) if p == proto => return Ok(true),
                Some(p) => o = p,
            }
        }
    }

    /// A BigInt value.
    pub fn bigint_value(&mut self, b: BigInt) -> Value {
        let cell = self
            .engine
            .heap
            .alloc(self.heap_access().state(), JsBigInt(b));
        Value::bigint(cell)
    }
}

/// The key for a string's text.
pub fn string_key(s: Gc<JsString>) -> PropertyKey {
    let units = s.units();
    if let Some(&c) = units.first()
        && (b'0' as u16..=b'9' as u16).contains(&c)
        && let Some(i) = crate::object::property::array_index(units)
    {
        return PropertyKey::Index(i);
    }
    PropertyKey::Atom(s.atom())
}

/// IsStrictlyEqual.
pub fn strict_equals(a: Value, b: Value) -> bool {
    if let (Some(x), Some(y)) = (a.as_number(), b.as_number()) {
        return x == y;
    }
    if let (Some(x), Some(y)) = (a.as_string(), b.as_string()) {
        return x == y || x.units() == y.units();
    }
    if let (Some(x), Some(y)) = (a.as_bigint(), b.as_bigint()) {
        return x.0 == y.0;
    }
    a == b
}

/// SameValue.
pub fn same_value(a: Value, b: Value) -> bool {
    if let (Some(x), Some(y)) = (a.as_number(), b.as_number()) {
        return (x.is_nan() && y.is_nan())
            || (x == y && x.is_sign_negative() == y.is_sign_negative());
    }
    strict_equals(a, b)
}

/// SameValueZero.
pub fn same_value_zero(a: Value, b: Value) -> bool {
    if let (Some(x), Some(y)) = (a.as_number(), b.as_number()) {
        return (x.is_nan() && y.is_nan()) || x == y;
    }
    strict_equals(a, b)
}

fn number_op(op: BinOp, x: f64, y: f64) -> Value {
    match op {
        BinOp::Add => Value::number(x + y),
        BinOp::Sub => Value::number(x - y),
        BinOp::Mul => Value::number(x * y),
        BinOp::Div => Value::number(x / y),
        BinOp::Rem => {
            if y.is_infinite() && x.is_finite() {
                Value::number(x)
            } else {
                Value::number(x % y)
            }
        }
        BinOp::Exp => Value::number(js_pow(x, y)),
        BinOp::BitAnd => Value::int(number::to_int32(x) & number::to_int32(y)),
        BinOp::BitOr => Value::int(number::to_int32(x) | number::to_int32(y)),
        BinOp::BitXor => Value::int(number::to_int32(x) ^ number::to_int32(y)),
        BinOp::Shl => Value::int(number::to_int32(x).wrapping_shl(number::to_uint32(y) & 31)),
        BinOp::Sar => Value::int(number::to_int32(x) >> (number::to_uint32(y) & 31)),
        BinOp::Shr => Value::number((number::to_uint32(x) >> (number::to_uint32(y) & 31)) as f64),
        _ => unreachable!("not a numeric operator"),
    }
}

/// Number::exponentiate (differs from powf for ±1 ** ±Infinity and NaN).
pub fn js_pow(x: f64, y: f64) -> f64 {
    if y.is_nan() {
        return f64::NAN;
    }
    if y == 0.0 {
        return 1.0;
    }
    if (x == 1.0 || x == -1.0) && y.is_infinite() {
        return f64::NAN;
    }
    x.powf(y)
}

/// StringToBigInt.
pub fn string_to_bigint(units: &[u16]) -> Option<BigInt> {
    let t = number::trim_js(units);
    let s = String::from_utf16(t).ok()?;
    if s.is_empty() {
        return Some(BigInt::zero());
    }
    let (radix, digits) = match s.get(..2) {
        Some("0x") | Some("0X") => (16, &s[2..]),
        Some("0o") | Some("0O") => (8, &s[2..]),
        Some("0b") | Some("0B") => (2, &s[2..]),
        _ => (10, &s[..]),
    };
    if radix != 10 && digits.is_empty() {
        return None;
    }
    let (neg, digits) = if radix == 10 {
        match digits.as_bytes().first() {
            Some(b'-') => (true, &digits[1..]),
            Some(b'+') => (false, &digits[1..]),
            _ => (false, digits),
        }
    } else {
        (false, digits)
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let v = BigInt::parse_bytes(digits.as_bytes(), radix)?;
    Some(if neg { -v } else { v })
}

fn bigint_equals_number(b: &BigInt, n: f64) -> bool {
    compare_bigint_number(b, n) == Some(std::cmp::Ordering::Equal)
}

/// Compares a BigInt with a Number exactly.
pub fn compare_bigint_number(b: &BigInt, n: f64) -> Option<std::cmp::Ordering> {
    use std::cmp::Ordering::*;
    if n.is_nan() {
        return None;
    }
    if n == f64::INFINITY {
        return Some(Less);
    }
    if n == f64::NEG_INFINITY {
        return Some(Greater);
    }
    let floor = n.floor();
    let fb = num_bigint::BigInt::from_f64_exact(floor);
    match b.cmp(&fb) {
        Equal if n > floor => Some(Less),
        o => Some(o),
    }
}

trait FromF64Exact {
    fn from_f64_exact(f: f64) -> BigInt;
}

impl FromF64Exact for BigInt {
    fn from_f64_exact(f: f64) -> BigInt {
        num_traits::FromPrimitive::from_f64(f).unwrap_or_default()
    }
}
