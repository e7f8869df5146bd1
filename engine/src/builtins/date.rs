//! Date: the constructor, Date.now/parse/UTC, every getter and setter,
//! the string forms and Annex B's getYear/setYear/toGMTString. The day and
//! time arithmetic follows ECMA-262 §21.4.1 (MakeDay, MakeTime, TimeClip).
//! The local time zone is UTC (offset 0).

use std::sync::atomic::{AtomicU64, Ordering};

use super::arg;
use crate::heap::{Gc, Trace, Tracer};
use crate::interpreter::{ErrorKind, Hint, JsResult, Vm};
use crate::object::kind::BuiltinState;
use crate::object::{Attributes, JsObject, ObjectKind, PropertyKey};
use crate::realm::{Intrinsic, Realm};
use crate::string::atom::{names, symbols};
use crate::value::Value;

/// A Date's [[DateValue]] (f64 bits).
pub struct DateState(AtomicU64);

impl Trace for DateState {
    fn trace(&self, _: &mut Tracer) {}
}

impl BuiltinState for DateState {
    fn class_name(&self) -> &'static str {
        "Date"
    }
}

impl DateState {
    fn get(&self) -> f64 {
        f64::from_bits(self.0.load(Ordering::Relaxed))
    }
    fn set(&self, v: f64) {
        self.0.store(v.to_bits(), Ordering::Relaxed);
    }
}

/// The [[DateValue]] of `o`, if it is a Date (structuredClone reads it).
pub fn time_value(o: Gc<JsObject>) -> Option<f64> {
    o.kind.builtin::<DateState>().map(DateState::get)
}

/// A new Date of the current realm holding `tv` (structuredClone).
pub fn new_date(vm: &mut Vm, tv: f64) -> Gc<JsObject> {
    let proto = vm.current_realm().intrinsic(Intrinsic::DatePrototype);
    vm.alloc_object(
        Value::object(proto),
        ObjectKind::Builtin(Box::new(DateState(AtomicU64::new(tv.to_bits())))),
    )
}

// ----- day and time arithmetic (§21.4.1) -----

const MS_PER_DAY: f64 = 86_400_000.0;
const MS_PER_HOUR: f64 = 3_600_000.0;
const MS_PER_MINUTE: f64 = 60_000.0;
const MS_PER_SECOND: f64 = 1000.0;

fn day(t: f64) -> f64 {
    (t / MS_PER_DAY).floor()
}

fn time_within_day(t: f64) -> f64 {
    t.rem_euclid(MS_PER_DAY)
}

fn day_from_year(y: f64) -> f64 {
    365.0 * (y - 1970.0) + ((y - 1969.0) / 4.0).floor() - ((y - 1901.0) / 100.0).floor()
        + ((y - 1601.0) / 400.0).floor()
}

fn time_from_year(y: f64) -> f64 {
    MS_PER_DAY * day_from_year(y)
}

fn is_leap(y: f64) -> bool {
    (y % 4.0 == 0.0 && y % 100.0 != 0.0) || y % 400.0 == 0.0
}

fn year_from_time(t: f64) -> f64 {
    let mut y = (t / (MS_PER_DAY * 365.2425)).floor() + 1970.0;
    while time_from_year(y) > t {
        y -= 1.0;
    }
    while time_from_year(y + 1.0) <= t {
        y += 1.0;
    }
    y
}

/// Cumulative days before each month (non-leap).
const MONTH_START: [f64; 13] = [
    0.0, 31.0, 59.0, 90.0, 120.0, 151.0, 181.0, 212.0, 243.0, 273.0, 304.0, 334.0, 365.0,
];

fn month_start(m: usize, leap: bool) -> f64 {
    MONTH_START[m] + if leap && m >= 2 { 1.0 } else { 0.0 }
}

/// (year, month 0-11, date 1-31) of a finite time value.
fn year_month_date(t: f64) -> (f64, f64, f64) {
    let y = year_from_time(t);
    let leap = is_leap(y);
    let d = day(t) - day_from_year(y);
    let mut m = 0;
    while m < 11 && d >= month_start(m + 1, leap) {
        m += 1;
    }
    (y, m as f64, d - month_start(m, leap) + 1.0)
}

fn week_day(t: f64) -> f64 {
    (day(t) + 4.0).rem_euclid(7.0)
}

fn hour_from_time(t: f64) -> f64 {
    (t / MS_PER_HOUR).floor().rem_euclid(24.0)
}

fn min_from_time(t: f64) -> f64 {
    (t / MS_PER_MINUTE).floor().rem_euclid(60.0)
}

fn sec_from_time(t: f64) -> f64 {
    (t / MS_PER_SECOND).floor().rem_euclid(60.0)
}

fn ms_from_time(t: f64) -> f64 {
    t.rem_euclid(MS_PER_SECOND)
}

fn to_integer(n: f64) -> f64 {
    if n.is_nan() { 0.0 } else { n.trunc() + 0.0 }
}

fn make_time(hour: f64, min: f64, sec: f64, ms: f64) -> f64 {
    if !(hour.is_finite() && min.is_finite() && sec.is_finite() && ms.is_finite()) {
        return f64::NAN;
    }
    let h = to_integer(hour);
    let m = to_integer(min);
    let s = to_integer(sec);
    let milli = to_integer(ms);
    h * MS_PER_HOUR + m * MS_PER_MINUTE + s * MS_PER_SECOND + milli
}

fn make_day(year: f64, month: f64, date: f64) -> f64 {
    if !(year.is_finite() && month.is_finite() && date.is_finite()) {
        return f64::NAN;
    }
    let y = to_integer(year);
    let m = to_integer(month);
    let dt = to_integer(date);
    let ym = y + (m / 12.0).floor();
    if !ym.is_finite() || ym.abs() > 1e9 {
        return f64::NAN;
    }
    let mn = m.rem_euclid(12.0) as usize;
    let days = day_from_year(ym) + month_start(mn.min(11), is_leap(ym));
    days + dt - 1.0
}

fn make_date(day: f64, time: f64) -> f64 {
    if !(day.is_finite() && time.is_finite()) {
        return f64::NAN;
    }
    let tv = day * MS_PER_DAY + time;
    if !tv.is_finite() {
        return f64::NAN;
    }
    tv
}

fn time_clip(t: f64) -> f64 {
    if !t.is_finite() || t.abs() > 8.64e15 {
        return f64::NAN;
    }
    to_integer(t)
}

/// MakeFullYear (two-digit years are 1900s).
fn make_full_year(y: f64) -> f64 {
    if y.is_nan() {
        return y;
    }
    let yi = to_integer(y);
    if (0.0..=99.0).contains(&yi) {
        1900.0 + yi
    } else {
        y
    }
}

// ----- the objects -----

pub fn install(vm: &mut Vm, realm: Gc<Realm>, global: Gc<JsObject>) {
    let object_proto = realm.intrinsic(Intrinsic::ObjectPrototype);
    let proto = vm.alloc_object(Value::object(object_proto), ObjectKind::Ordinary);
    realm.set_intrinsic(Intrinsic::DatePrototype, proto);
    let ctor = vm.define_constructor(global, "Date", 7, constructor, proto);
    vm.define_builtin(ctor, "now", 0, now);
    vm.define_builtin(ctor, "parse", 1, parse);
    vm.define_builtin(ctor, "UTC", 7, utc);

    let getters: [(&str, crate::function::NativeFn); 20] = [
        ("getDate", get_date),
        ("getDay", get_day),
        ("getFullYear", get_full_year),
        ("getHours", get_hours),
        ("getMilliseconds", get_milliseconds),
        ("getMinutes", get_minutes),
        ("getMonth", get_month),
        ("getSeconds", get_seconds),
        ("getTime", get_time),
        ("getTimezoneOffset", get_timezone_offset),
        ("getUTCDate", get_date),
        ("getUTCDay", get_day),
        ("getUTCFullYear", get_full_year),
        ("getUTCHours", get_hours),
        ("getUTCMilliseconds", get_milliseconds),
        ("getUTCMinutes", get_minutes),
        ("getUTCMonth", get_month),
        ("getUTCSeconds", get_seconds),
        ("getYear", get_year),
        ("valueOf", get_time),
    ];
    for (name, f) in getters {
        vm.define_builtin(proto, name, 0, f);
    }
    let setters: [(&str, u32, crate::function::NativeFn); 16] = [
        ("setDate", 1, set_date),
        ("setFullYear", 3, set_full_year),
        ("setHours", 4, set_hours),
        ("setMilliseconds", 1, set_milliseconds),
        ("setMinutes", 3, set_minutes),
        ("setMonth", 2, set_month),
        ("setSeconds", 2, set_seconds),
        ("setTime", 1, set_time),
        ("setUTCDate", 1, set_date),
        ("setUTCFullYear", 3, set_full_year),
        ("setUTCHours", 4, set_hours),
        ("setUTCMilliseconds", 1, set_milliseconds),
        ("setUTCMinutes", 3, set_minutes),
        ("setUTCMonth", 2, set_month),
        ("setUTCSeconds", 2, set_seconds),
        ("setYear", 1, set_year),
    ];
    for (name, len, f) in setters {
        vm.define_builtin(proto, name, len, f);
    }
    let strings: [(&str, crate::function::NativeFn); 9] = [
        ("toDateString", to_date_string),
        ("toISOString", to_iso_string),
        ("toLocaleDateString", to_locale_date_string),
        ("toLocaleString", to_locale_string),
        ("toLocaleTimeString", to_locale_time_string),
        ("toString", to_string),
        ("toTimeString", to_time_string),
        ("toUTCString", to_utc_string),
        ("toJSON", to_json),
    ];
    for (name, f) in strings {
        let len = if name == "toJSON" { 1 } else { 0 };
        let func = vm.define_builtin(proto, name, len, f);
        if name == "toUTCString" {
            proto.define_own(
                PropertyKey::from_text("toGMTString"),
                Value::object(func),
                Attributes::HIDDEN,
            );
        }
    }
    let f = vm.new_native(
        crate::string::Atom::intern_str("[Symbol.toPrimitive]"),
        1,
        to_primitive,
        false,
        &[],
    );
    proto.define_own(
        PropertyKey::Atom(symbols::TO_PRIMITIVE),
        Value::object(f),
        Attributes::CONFIGURABLE_ONLY,
    );
}

/// thisTimeValue.
fn this_time(vm: &mut Vm, this: Value) -> JsResult<f64> {
    if let Some(o) = this.as_object()
        && let Some(d) = o.kind.builtin::<DateState>()
    {
        return Ok(d.get());
    }
    vm.throw(ErrorKind::Type, "this is not a Date object.")
}

fn set_this_time(this: Value, v: f64) {
    if let Some(o) = this.as_object()
        && let Some(d) = o.kind.builtin::<DateState>()
    {
        d.set(v);
    }
}

fn now_value(vm: &Vm) -> f64 {
    time_clip(vm.engine.now_ms().floor())
}

fn constructor(vm: &mut Vm, _: Value, args: &[Value], new_target: Value) -> JsResult<Value> {
    if new_target.is_undefined() {
        let s = to_date_string_value(now_value(vm));
        return Ok(vm.string_value(&s));
    }
    let tv = match args.len() {
        0 => now_value(vm),
        1 => {
            let v = args[0];
            let existing = v
                .as_object()
                .and_then(|o| o.kind.builtin::<DateState>().map(|d| d.get()));
            let tv = match existing {
                Some(t) => t,
                None => {
                    let p = vm.to_primitive(v, Hint::Default)?;
                    if let Some(s) = p.as_string() {
                        parse_date(&s.to_rust_string())
                    } else {
                        vm.to_number(p)?
                    }
                }
            };
            time_clip(tv)
        }
        _ => {
            let fields = components(vm, args)?;
            time_clip(fields)
        }
    };
    let proto = vm.prototype_from_constructor(new_target, Intrinsic::DatePrototype)?;
    let obj = vm.alloc_object(
        Value::object(proto),
        ObjectKind::Builtin(Box::new(DateState(AtomicU64::new(tv.to_bits())))),
    );
    Ok(Value::object(obj))
}

/// The time value of (year, month[, date, hours, minutes, seconds, ms])
/// arguments (the constructor's and Date.UTC's shared steps).
fn components(vm: &mut Vm, args: &[Value]) -> JsResult<f64> {
    let defaults = [f64::NAN, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0];
    let mut f = defaults;
    for (i, slot) in f.iter_mut().enumerate() {
        if i == 0 || i < args.len() {
            *slot = vm.to_number(arg(args, i))?;
        }
    }
    let yr = make_full_year(f[0]);
    Ok(make_date(
        make_day(yr, f[1], f[2]),
        make_time(f[3], f[4], f[5], f[6]),
    ))
}

fn now(vm: &mut Vm, _: Value, _: &[Value], _: Value) -> JsResult<Value> {
    Ok(Value::number(now_value(vm)))
}

fn parse(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let s = vm.to_rust_string(arg(args, 0))?;
    Ok(Value::number(time_clip(parse_date(&s))))
}

fn utc(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let t = components(vm, args)?;
    Ok(Value::number(time_clip(t)))
}

// ----- getters -----

fn getter(vm: &mut Vm, this: Value, f: fn(f64) -> f64) -> JsResult<Value> {
    let t = this_time(vm, this)?;
    if t.is_nan() {
        return Ok(Value::NAN);
    }
    Ok(Value::number(f(t)))
}

fn get_date(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    getter(vm, this, |t| year_month_date(t).2)
}
fn get_day(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    getter(vm, this, week_day)
}
fn get_full_year(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    getter(vm, this, year_from_time)
}
fn get_year(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    getter(vm, this, |t| year_from_time(t) - 1900.0)
}
fn get_hours(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    getter(vm, this, hour_from_time)
}
fn get_milliseconds(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    getter(vm, this, ms_from_time)
}
fn get_minutes(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    getter(vm, this, min_from_time)
}
fn get_month(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    getter(vm, this, |t| year_month_date(t).1)
}
fn get_seconds(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    getter(vm, this, sec_from_time)
}
fn get_time(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    Ok(Value::number(this_time(vm, this)?))
}
fn get_timezone_offset(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    getter(vm, this, |_| 0.0)
}

// ----- setters -----

/// The shared steps of the setters: `first` is the index of the first
/// field set among (year, month, date, hours, minutes, seconds, ms) and
/// `max` how many fields the method takes.
fn set_fields(
    vm: &mut Vm,
    this: Value,
    args: &[Value],
    first: usize,
    max: usize,
) -> JsResult<Value> {
    let t = this_time(vm, this)?;
    let mut given = [None; 7];
    for i in 0..max {
        if i == 0 || i < args.len() {
            given[first + i] = Some(vm.to_number(arg(args, i))?);
        }
    }
    let t = if t.is_nan() {
        if first != 0 {
            return Ok(Value::NAN);
        }
        0.0
    } else {
        t
    };
    let (y, m, d) = year_month_date(t);
    let mut f = [
        y,
        m,
        d,
        hour_from_time(t),
        min_from_time(t),
        sec_from_time(t),
        ms_from_time(t),
    ];
    for (slot, g) in f.iter_mut().zip(given) {
        if let Some(v) = g {
            *slot = v;
        }
    }
    let u = time_clip(make_date(
        make_day(f[0], f[1], f[2]),
        make_time(f[3], f[4], f[5], f[6]),
    ));
    set_this_time(this, u);
    Ok(Value::number(u))
}

fn set_date(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    set_fields(vm, this, args, 2, 1)
}
fn set_full_year(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    set_fields(vm, this, args, 0, 3)
}
fn set_hours(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    set_fields(vm, this, args, 3, 4)
}
fn set_milliseconds(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    set_fields(vm, this, args, 6, 1)
}
fn set_minutes(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    set_fields(vm, this, args, 4, 3)
}
fn set_month(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    set_fields(vm, this, args, 1, 2)
}
fn set_seconds(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    set_fields(vm, this, args, 5, 2)
}

fn set_time(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    this_time(vm, this)?;
    let t = vm.to_number(arg(args, 0))?;
    let v = time_clip(t);
    set_this_time(this, v);
    Ok(Value::number(v))
}

fn set_year(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let t = this_time(vm, this)?;
    let y = vm.to_number(arg(args, 0))?;
    let t = if t.is_nan() { 0.0 } else { t };
    let yyyy = make_full_year(y);
    if yyyy.is_nan() {
        set_this_time(this, f64::NAN);
        return Ok(Value::NAN);
    }
    let (_, m, d) = year_month_date(t);
    let date = make_date(make_day(yyyy, m, d), time_within_day(t));
    let u = time_clip(date);
    set_this_time(this, u);
    Ok(Value::number(u))
}

// ----- string forms -----

const WEEKDAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn year_string(y: f64) -> String {
    if y >= 0.0 {
        format!("{:04}", y as i64)
    } else {
        format!("-{:04}", (-y) as i64)
    }
}

/// DateString: "Www Mmm DD YYYY".
fn date_string(t: f64) -> String {
    let (y, m, d) = year_month_date(t);
    format!(
        "{} {} {:02} {}",
        WEEKDAYS[week_day(t) as usize % 7],
        MONTHS[m as usize % 12],
        d as i64,
        year_string(y)
    )
}

/// TimeString and TimeZoneString: "HH:MM:SS GMT+0000 (…)".
fn time_string(t: f64) -> String {
    format!(
        "{:02}:{:02}:{:02} GMT+0000 (Coordinated Universal Time)",
        hour_from_time(t) as i64,
        min_from_time(t) as i64,
        sec_from_time(t) as i64
    )
}

fn to_date_string_value(tv: f64) -> String {
    if tv.is_nan() {
        return "Invalid Date".to_string();
    }
    format!("{} {}", date_string(tv), time_string(tv))
}

fn to_string(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let t = this_time(vm, this)?;
    Ok(vm.string_value(&to_date_string_value(t)))
}

fn to_date_string(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let t = this_time(vm, this)?;
    if t.is_nan() {
        return Ok(vm.string_value("Invalid Date"));
    }
    Ok(vm.string_value(&date_string(t)))
}

fn to_time_string(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let t = this_time(vm, this)?;
    if t.is_nan() {
        return Ok(vm.string_value("Invalid Date"));
    }
    Ok(vm.string_value(&time_string(t)))
}

#[cfg(feature = "intl")]
fn to_locale_string(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    use super::intl::date_time_format::{Fields, date_to_locale_string};
    let t = this_time(vm, this)?;
    date_to_locale_string(vm, t, arg(args, 0), arg(args, 1), Fields::Any, Fields::All)
}

#[cfg(feature = "intl")]
fn to_locale_date_string(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    use super::intl::date_time_format::{Fields, date_to_locale_string};
    let t = this_time(vm, this)?;
    date_to_locale_string(
        vm,
        t,
        arg(args, 0),
        arg(args, 1),
        Fields::Date,
        Fields::Date,
    )
}

#[cfg(feature = "intl")]
fn to_locale_time_string(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    use super::intl::date_time_format::{Fields, date_to_locale_string};
    let t = this_time(vm, this)?;
    date_to_locale_string(
        vm,
        t,
        arg(args, 0),
        arg(args, 1),
        Fields::Time,
        Fields::Time,
    )
}

#[cfg(not(feature = "intl"))]
use {
    to_date_string as to_locale_date_string, to_string as to_locale_string,
    to_time_string as to_locale_time_string,
};

fn to_utc_string(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let t = this_time(vm, this)?;
    if t.is_nan() {
        return Ok(vm.string_value("Invalid Date"));
    }
    let (y, m, d) = year_month_date(t);
    let s = format!(
        "{}, {:02} {} {} {:02}:{:02}:{:02} GMT",
        WEEKDAYS[week_day(t) as usize % 7],
        d as i64,
        MONTHS[m as usize % 12],
        year_string(y),
        hour_from_time(t) as i64,
        min_from_time(t) as i64,
        sec_from_time(t) as i64
    );
    Ok(vm.string_value(&s))
}

pub(crate) fn to_iso_string(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let t = this_time(vm, this)?;
    if !t.is_finite() {
        return vm.throw(ErrorKind::Range, "Invalid time value");
    }
    let (y, m, d) = year_month_date(t);
    let year = if (0.0..=9999.0).contains(&y) {
        format!("{:04}", y as i64)
    } else if y < 0.0 {
        format!("-{:06}", (-y) as i64)
    } else {
        format!("+{:06}", y as i64)
    };
    let s = format!(
        "{}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        year,
        m as i64 + 1,
        d as i64,
        hour_from_time(t) as i64,
        min_from_time(t) as i64,
        sec_from_time(t) as i64,
        ms_from_time(t) as i64
    );
    Ok(vm.string_value(&s))
}

fn to_json(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let o = vm.to_object(this)?;
    let tv = vm.to_primitive(Value::object(o), Hint::Number)?;
    if let Some(n) = tv.as_number()
        && !n.is_finite()
    {
        return Ok(Value::NULL);
    }
    let f = vm.get(o, PropertyKey::from_text("toISOString"))?;
    if !vm.is_callable(f) {
        return vm.throw(ErrorKind::Type, "toISOString is not a function");
    }
    vm.call(f, Value::object(o), &[])
}

fn to_primitive(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let Some(o) = this.as_object() else {
        return vm.throw(
            ErrorKind::Type,
            "Date.prototype[Symbol.toPrimitive] called on non-object",
        );
    };
    let hint = arg(args, 0);
    let order = match hint.as_string().map(|s| s.to_rust_string()).as_deref() {
        Some("string") | Some("default") => [names::TO_STRING, names::VALUE_OF],
        Some("number") => [names::VALUE_OF, names::TO_STRING],
        _ => return vm.throw(ErrorKind::Type, "Invalid hint"),
    };
    for name in order {
        let method = vm.get(o, PropertyKey::Atom(name))?;
        if vm.is_callable(method) {
            let result = vm.call(method, this, &[])?;
            if !result.is_object() {
                return Ok(result);
            }
        }
    }
    vm.throw(ErrorKind::Type, "Cannot convert object to primitive value")
}

// ----- Date.parse -----

/// Parses the ISO format, then the toString/toUTCString forms and a few
/// common variants. NaN when unrecognised.
fn parse_date(s: &str) -> f64 {
    let s = s.trim();
    if let Some(t) = parse_iso(s.as_bytes()) {
        return t;
    }
    parse_fallback(s).unwrap_or(f64::NAN)
}

struct Cursor<'a> {
    b: &'a [u8],
    i: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }
    fn eat(&mut self, c: u8) -> bool {
        if self.peek() == Some(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }
    /// Exactly `n` digits.
    fn digits(&mut self, n: usize) -> Option<f64> {
        let mut v = 0.0;
        for _ in 0..n {
            let c = self.peek()?;
            if !c.is_ascii_digit() {
                return None;
            }
            v = v * 10.0 + (c - b'0') as f64;
            self.i += 1;
        }
        Some(v)
    }
}

fn days_in_month(y: f64, m: usize) -> f64 {
    month_start(m + 1, is_leap(y)) - month_start(m, is_leap(y))
}

fn parse_iso(b: &[u8]) -> Option<f64> {
    let mut c = Cursor { b, i: 0 };
    let year = match c.peek()? {
        sign @ (b'+' | b'-') => {
            c.i += 1;
            let y = c.digits(6)?;
            if sign == b'-' {
                if y == 0.0 {
                    return None;
                }
                -y
            } else {
                y
            }
        }
        _ => c.digits(4)?,
    };
    let mut month = 1.0;
    let mut dayv = 1.0;
    if c.eat(b'-') {
        month = c.digits(2)?;
        if c.eat(b'-') {
            dayv = c.digits(2)?;
        }
    }
    if !(1.0..=12.0).contains(&month)
        || dayv < 1.0
        || dayv > days_in_month(year, month as usize - 1)
    {
        return None;
    }
    let (mut h, mut mi, mut sec, mut ms) = (0.0, 0.0, 0.0, 0.0);
    let mut offset = 0.0;
    if c.eat(b'T') || c.eat(b't') {
        h = c.digits(2)?;
        if !c.eat(b':') {
            return None;
        }
        mi = c.digits(2)?;
        if c.eat(b':') {
            sec = c.digits(2)?;
            if c.eat(b'.') || c.eat(b',') {
                let start = c.i;
                let mut scale = 100.0;
                while let Some(d) = c.peek().filter(u8::is_ascii_digit) {
                    ms += (d - b'0') as f64 * scale;
                    scale /= 10.0;
                    c.i += 1;
                }
                if c.i == start {
                    return None;
                }
                ms = ms.floor();
            }
        }
        if h > 24.0 || mi > 59.0 || sec > 59.0 || (h == 24.0 && (mi > 0.0 || sec > 0.0 || ms > 0.0))
        {
            return None;
        }
        match c.peek() {
            Some(b'Z') | Some(b'z') => c.i += 1,
            Some(sign @ (b'+' | b'-')) => {
                c.i += 1;
                let oh = c.digits(2)?;
                if !c.eat(b':') {
                    return None;
                }
                let om = c.digits(2)?;
                if oh > 23.0 || om > 59.0 {
                    return None;
                }
                offset = (oh * 60.0 + om) * MS_PER_MINUTE;
                if sign == b'-' {
                    offset = -offset;
                }
            }
            _ => {} // local time, which is UTC here
        }
    }
    if c.i != b.len() {
        return None;
    }
    let t = make_date(make_day(year, month - 1.0, dayv), make_time(h, mi, sec, ms)) - offset;
    Some(time_clip(t))
}

/// The toString / toUTCString forms and similar human-readable dates:
/// tokens are month and weekday names, numbers, times (h:m[:s]), a time
/// zone (GMT/UTC/Z with an optional ±hhmm) and ignored parentheticals.
fn parse_fallback(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let mut i = 0;
    let mut month: Option<f64> = None;
    let mut numbers: Vec<f64> = Vec::new();
    let mut time: Option<(f64, f64, f64)> = None;
    let mut offset: f64 = 0.0;
    let mut pm: Option<bool> = None;
    let mut slash_date = false;
    while i < b.len() {
        let ch = b[i];
        if ch == b'(' {
            let mut depth = 0;
            while i < b.len() {
                if b[i] == b'(' {
                    depth += 1;
                } else if b[i] == b')' {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                i += 1;
            }
            i += 1;
            continue;
        }
        if ch.is_ascii_alphabetic() {
            let start = i;
            while i < b.len() && (b[i].is_ascii_alphabetic() || b[i] == b'.') {
                i += 1;
            }
            let word = s[start..i].trim_end_matches('.').to_ascii_lowercase();
            if word.len() >= 3
                && let Some(m) = MONTHS
                    .iter()
                    .position(|n| word.starts_with(&n.to_ascii_lowercase()))
            {
                month = Some(m as f64);
            } else if word.len() >= 3
                && WEEKDAYS
                    .iter()
                    .any(|n| word.starts_with(&n.to_ascii_lowercase()))
            {
            } else if matches!(word.as_str(), "gmt" | "utc" | "ut" | "z") {
                // The offset may follow.
                if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
                    let neg = b[i] == b'-';
                    i += 1;
                    let start = i;
                    while i < b.len() && (b[i].is_ascii_digit() || b[i] == b':') {
                        i += 1;
                    }
                    let digits: String = s[start..i].chars().filter(|c| *c != ':').collect();
                    let v: f64 = digits.parse().ok()?;
                    let (oh, om) = if digits.len() <= 2 {
                        (v, 0.0)
                    } else {
                        ((v / 100.0).floor(), v % 100.0)
                    };
                    offset = (oh * 60.0 + om) * MS_PER_MINUTE;
                    if neg {
                        offset = -offset;
                    }
                }
            } else if word == "am" || word == "pm" {
                pm = Some(word == "pm");
            } else if word == "t" {
            } else {
                return None;
            }
            continue;
        }
        if ch.is_ascii_digit()
            || ((ch == b'-' || ch == b'+')
                && b.get(i + 1).is_some_and(u8::is_ascii_digit)
                && month.is_some())
        {
            let neg = ch == b'-';
            if !ch.is_ascii_digit() {
                i += 1;
            }
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            let v: f64 = s[start..i].parse().ok()?;
            if i < b.len() && b[i] == b':' {
                // A time.
                let mut parts = vec![v];
                while i < b.len() && b[i] == b':' {
                    i += 1;
                    let st = i;
                    while i < b.len() && b[i].is_ascii_digit() {
                        i += 1;
                    }
                    parts.push(s[st..i].parse().ok()?);
                }
                if i < b.len() && b[i] == b'.' {
                    i += 1;
                    while i < b.len() && b[i].is_ascii_digit() {
                        i += 1;
                    }
                }
                if parts.len() > 3 {
                    return None;
                }
                time = Some((parts[0], parts[1], parts.get(2).copied().unwrap_or(0.0)));
            } else if i < b.len() && b[i] == b'/' {
                slash_date = true;
                numbers.push(v);
                i += 1;
            } else {
                numbers.push(if neg { -v } else { v });
            }
            continue;
        }
        if matches!(ch, b' ' | b',' | b'\t' | b'-' | b'/') {
            i += 1;
            continue;
        }
        return None;
    }
    let (year, mon, date) = if let Some(m) = month {
        match numbers.as_slice() {
            [d, y] => {
                if *d <= 31.0 && *d >= 0.0 {
                    (*y, m, *d)
                } else {
                    (*d, m, *y)
                }
            }
            [y] => (*y, m, 1.0),
            _ => return None,
        }
    } else if slash_date {
        match numbers.as_slice() {
            [mo, d, y] => (*y, *mo - 1.0, *d),
            _ => return None,
        }
    } else {
        return None;
    };
    let (mut h, mi, sec) = time.unwrap_or((0.0, 0.0, 0.0));
    if let Some(p) = pm {
        if h > 12.0 {
            return None;
        }
        if h == 12.0 {
            h = 0.0;
        }
        if p {
            h += 12.0;
        }
    }
    if h > 24.0 || mi > 59.0 || sec > 59.0 || !(0.0..12.0).contains(&mon) || date > 31.0 {
        return None;
    }
    Some(make_date(make_day(year, mon, date), make_time(h, mi, sec, 0.0)) - offset)
}
