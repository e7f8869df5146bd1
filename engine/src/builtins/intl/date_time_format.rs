//! Intl.DateTimeFormat and the locale-aware `Date.prototype.toLocaleString`,
//! `toLocaleDateString` and `toLocaleTimeString`.
//!
//! The component options map onto ICU4X's `DateTimeFieldBag` (which
//! mirrors ECMA-402's options bag) and `dateStyle`/`timeStyle` onto a
//! field-set builder with a length; ICU4X then picks the locale's pattern.
//! The calendar is Gregorian. Time zones: UTC (weft's `Date` local time
//! zone, and the default) and fixed offsets (`+05:30`); weft has no time
//! zone database, so other IANA names are a RangeError.

use icu_calendar::{Gregorian, Iso};
use icu_datetime::fieldbag::DateTimeFieldBag;
use icu_datetime::fieldbag::field;
use icu_datetime::fieldsets::builder::{DateFields, FieldSetBuilder, ZoneStyle};
use icu_datetime::fieldsets::enums::CompositeFieldSet;
use icu_datetime::options::{Length, TimePrecision, YearStyle};
use icu_datetime::{DateTimeFormatterPreferences, FixedCalendarDateTimeFormatter};
use icu_locale::preferences::extensions::unicode::keywords::{CalendarAlgorithm, HourCycle};
use icu_time::zone::UtcOffset;
use icu_time::{DateTime, TimeZone, TimeZoneInfo, ZonedDateTime};

use super::parts::Parts;
use super::{
    bool_value, canonicalize_locale_list, coerce_options, get_bool_option, get_number_option,
    get_raw_option, get_string_option, is_unicode_type, put, put_str, resolve_locale,
};
use crate::builtins::arg;
use crate::heap::{Gc, Trace, Tracer};
use crate::interpreter::{ErrorKind, JsResult, Vm};
use crate::object::kind::BuiltinState;
use crate::object::{JsObject, ObjectKind, PropertyKey};
use crate::realm::{Intrinsic, Realm};
use crate::value::{AtomicValue, Value};

const API: &str = "Intl.DateTimeFormat";

/// Which fields the caller requires and which it defaults (ECMA-402's
/// required/defaults of CreateDateTimeFormat).
#[derive(Clone, Copy, PartialEq)]
pub enum Fields {
    Date,
    Time,
    Any,
    All,
}

/// The component options in ECMA-402's table order, with their values.
const COMPONENTS: [(&str, &[&str]); 10] = [
    ("weekday", &["narrow", "short", "long"]),
    ("era", &["narrow", "short", "long"]),
    ("year", &["2-digit", "numeric"]),
    ("month", &["2-digit", "numeric", "narrow", "short", "long"]),
    ("day", &["2-digit", "numeric"]),
    ("dayPeriod", &["narrow", "short", "long"]),
    ("hour", &["2-digit", "numeric"]),
    ("minute", &["2-digit", "numeric"]),
    ("second", &["2-digit", "numeric"]),
    (
        "timeZoneName",
        &[
            "short",
            "long",
            "shortOffset",
            "longOffset",
            "shortGeneric",
            "longGeneric",
        ],
    ),
];

/// A DateTimeFormat's state.
pub struct DateTimeFormatState {
    locale: String,
    time_zone: String,
    offset_seconds: i32,
    hour_cycle: Option<&'static str>,
    /// Resolved component options, in table order (fractionalSecondDigits
    /// as its digit count).
    components: Vec<(&'static str, String)>,
    date_style: Option<String>,
    time_style: Option<String>,
    /// Gregorian only: a formatter for any calendar would link every
    /// calendar's names and patterns into the binary.
    formatter: FixedCalendarDateTimeFormatter<Gregorian, CompositeFieldSet>,
    bound_format: AtomicValue,
}

impl Trace for DateTimeFormatState {
    fn trace(&self, tracer: &mut Tracer) {
        tracer.mark_value(self.bound_format.load());
    }
}

impl BuiltinState for DateTimeFormatState {
    fn class_name(&self) -> &'static str {
        "Intl.DateTimeFormat"
    }
}

pub fn install(vm: &mut Vm, realm: Gc<Realm>, intl: Gc<JsObject>) {
    let object_proto = realm.intrinsic(Intrinsic::ObjectPrototype);
    let proto = vm.alloc_object(Value::object(object_proto), ObjectKind::Ordinary);
    realm.set_intrinsic(Intrinsic::IntlDateTimeFormatPrototype, proto);
    let ctor = vm.define_constructor(intl, "DateTimeFormat", 0, constructor, proto);
    vm.define_builtin(ctor, "supportedLocalesOf", 1, supported_locales_of);
    vm.define_builtin(proto, "formatToParts", 1, format_to_parts);
    vm.define_builtin(proto, "resolvedOptions", 0, resolved_options);
    vm.define_builtin_accessor(
        proto,
        PropertyKey::from_text("format"),
        Some(format_getter),
        None,
        false,
    );
    super::super::define_tag(vm, proto, "Intl.DateTimeFormat");
}

fn supported_locales_of(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    super::supported_locales_of(vm, args, "Intl.DateTimeFormat.supportedLocalesOf")
}

fn constructor(vm: &mut Vm, _: Value, args: &[Value], new_target: Value) -> JsResult<Value> {
    let state = create(vm, arg(args, 0), arg(args, 1), Fields::Any, Fields::Date)?;
    let o = super::allocate(
        vm,
        new_target,
        Intrinsic::IntlDateTimeFormatPrototype,
        Box::new(state),
    )?;
    Ok(Value::object(o))
}

/// A time zone option: the canonical name and its offset in seconds.
fn resolve_time_zone(name: &str) -> Option<(String, i32)> {
    let upper = name.to_ascii_uppercase();
    const UTC_NAMES: [&str; 13] = [
        "UTC",
        "ETC/UTC",
        "ETC/GMT",
        "GMT",
        "ETC/UCT",
        "UCT",
        "ETC/UNIVERSAL",
        "UNIVERSAL",
        "ETC/ZULU",
        "ZULU",
        "ETC/GMT0",
        "GMT0",
        "ETC/GREENWICH",
    ];
    if UTC_NAMES.contains(&upper.as_str()) || upper == "ETC/GMT+0" || upper == "ETC/GMT-0" {
        return Some(("UTC".to_string(), 0));
    }
    // An offset: ±HH, ±HHMM or ±HH:MM.
    let (sign, rest) = match name.as_bytes().first() {
        Some(b'+') => (1, &name[1..]),
        Some(b'-') => (-1, &name[1..]),
        _ => return None,
    };
    let digits: String = rest.chars().filter(|c| *c != ':').collect();
    let colon_ok = match rest.find(':') {
        Some(2) => rest.len() == 5,
        Some(_) => false,
        None => true,
    };
    if !colon_ok || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (h, m) = match digits.len() {
        2 => (digits.parse::<i32>().ok()?, 0),
        4 => (
            digits[..2].parse::<i32>().ok()?,
            digits[2..].parse::<i32>().ok()?,
        ),
        _ => return None,
    };
    if h > 23 || m > 59 {
        return None;
    }
    let total = sign * (h * 3600 + m * 60);
    let canonical = if total == 0 {
        "+00:00".to_string()
    } else {
        format!("{}{:02}:{:02}", if sign < 0 { '-' } else { '+' }, h, m)
    };
    Some((canonical, total))
}

/// CreateDateTimeFormat: reads `options` in the spec's order.
pub fn create(
    vm: &mut Vm,
    locales: Value,
    options: Value,
    required: Fields,
    defaults: Fields,
) -> JsResult<DateTimeFormatState> {
    let requested = canonicalize_locale_list(vm, locales, API)?;
    let opts = coerce_options(vm, options)?;
    get_string_option(
        vm,
        opts,
        "localeMatcher",
        &["lookup", "best fit"],
        Some("best fit"),
        API,
    )?;
    for name in ["calendar", "numberingSystem"] {
        if let Some(v) = get_string_option(vm, opts, name, &[], None, API)?
            && !is_unicode_type(&v)
        {
            return vm.throw(ErrorKind::Range, &format!("{API}: invalid {name} \"{v}\""));
        }
    }
    let hour12 = get_bool_option(vm, opts, "hour12")?;
    let mut hour_cycle_option = get_string_option(
        vm,
        opts,
        "hourCycle",
        &["h11", "h12", "h23", "h24"],
        None,
        API,
    )?;
    if hour12.is_some() {
        hour_cycle_option = None;
    }
    let resolved = resolve_locale(&requested);

    let tz_value = get_raw_option(vm, opts, "timeZone")?;
    let (time_zone, offset_seconds) = if tz_value.is_undefined() {
        ("UTC".to_string(), 0)
    } else {
        let name = vm.to_string(tz_value)?.to_rust_string();
        match resolve_time_zone(&name) {
            Some(tz) => tz,
            None => {
                return vm.throw(
                    ErrorKind::Range,
                    &format!(
                        "{API}: unsupported time zone \"{name}\" (weft knows UTC and fixed offsets)"
                    ),
                );
            }
        }
    };

    let mut components: Vec<(&'static str, String)> = Vec::new();
    for (name, values) in COMPONENTS {
        if name == "timeZoneName" {
            // fractionalSecondDigits comes before timeZoneName.
            if let Some(n) = get_number_option(vm, opts, "fractionalSecondDigits", 1, 3, None, API)?
            {
                components.push(("fractionalSecondDigits", n.to_string()));
            }
        }
        if let Some(v) = get_string_option(vm, opts, name, values, None, API)? {
            components.push((name, v));
        }
    }
    get_string_option(
        vm,
        opts,
        "formatMatcher",
        &["basic", "best fit"],
        Some("best fit"),
        API,
    )?;
    let styles = ["full", "long", "medium", "short"];
    let date_style = get_string_option(vm, opts, "dateStyle", &styles, None, API)?;
    let time_style = get_string_option(vm, opts, "timeStyle", &styles, None, API)?;
    let has = |components: &Vec<(&str, String)>, names: &[&str]| {
        components.iter().any(|(n, _)| names.contains(n))
    };
    if date_style.is_some() || time_style.is_some() {
        if !components.is_empty() {
            return vm.throw(
                ErrorKind::Type,
                &format!("{API}: dateStyle and timeStyle cannot be used with component options"),
            );
        }
        if required == Fields::Date && time_style.is_some() {
            return vm.throw(
                ErrorKind::Type,
                "Date.prototype.toLocaleDateString: timeStyle is not allowed",
            );
        }
        if required == Fields::Time && date_style.is_some() {
            return vm.throw(
                ErrorKind::Type,
                "Date.prototype.toLocaleTimeString: dateStyle is not allowed",
            );
        }
    } else {
        let date_names = ["weekday", "year", "month", "day"];
        let time_names = [
            "dayPeriod",
            "hour",
            "minute",
            "second",
            "fractionalSecondDigits",
        ];
        let mut need_defaults = true;
        if matches!(required, Fields::Date | Fields::Any) && has(&components, &date_names) {
            need_defaults = false;
        }
        if matches!(required, Fields::Time | Fields::Any) && has(&components, &time_names) {
            need_defaults = false;
        }
        if need_defaults {
            let mut added: Vec<(&'static str, String)> = Vec::new();
            if matches!(defaults, Fields::Date | Fields::All) {
                for n in ["year", "month", "day"] {
                    added.push((n, "numeric".to_string()));
                }
            }
            if matches!(defaults, Fields::Time | Fields::All) {
                for n in ["hour", "minute", "second"] {
                    added.push((n, "numeric".to_string()));
                }
            }
            components.extend(added);
            let order = |n: &str| {
                [
                    "weekday",
                    "era",
                    "year",
                    "month",
                    "day",
                    "dayPeriod",
                    "hour",
                    "minute",
                    "second",
                    "fractionalSecondDigits",
                    "timeZoneName",
                ]
                .iter()
                .position(|x| *x == n)
                .unwrap_or(99)
            };
            components.sort_by_key(|(n, _)| order(n));
        }
    }

    // The hour cycle: hour12, else hourCycle, else -u-hc-, else the
    // locale's (h12 for English and most 12-hour locales).
    let has_hour = has(&components, &["hour"]) || time_style.is_some();
    let locale_default_12 = {
        let lang = resolved.locale.id.language.as_str();
        let region = resolved.locale.id.region.map(|r| r.to_string());
        matches!(lang, "en" | "hi" | "ar" | "ko" | "bn" | "ur" | "fil")
            && !matches!(region.as_deref(), Some("GB" | "IE" | "150" | "001"))
    };
    let hc_ext = resolved
        .keyword("hc")
        .filter(|v| ["h11", "h12", "h23", "h24"].contains(v));
    let hour_cycle: Option<&'static str> = if has_hour {
        let hc = match hour12 {
            Some(true) => {
                if resolved.locale.id.language.as_str() == "ja" {
                    "h11"
                } else {
                    "h12"
                }
            }
            Some(false) => "h23",
            None => match hour_cycle_option.as_deref().or(hc_ext) {
                Some("h11") => "h11",
                Some("h12") => "h12",
                Some("h24") => "h24",
                Some(_) => "h23",
                None if locale_default_12 => "h12",
                None => "h23",
            },
        };
        Some(hc)
    } else {
        None
    };
    let keep_hc = has_hour
        && hour12.is_none()
        && hc_ext.is_some()
        && (hour_cycle_option.is_none() || hour_cycle_option.as_deref() == hc_ext);
    let locale = if keep_hc {
        super::locale_tag(&resolved.locale, &[("hc", hc_ext.unwrap_or_default())])
    } else {
        resolved.locale.to_string()
    };

    let mut prefs = DateTimeFormatterPreferences::from(&resolved.locale);
    prefs.calendar_algorithm = Some(CalendarAlgorithm::Gregory);
    prefs.hour_cycle = hour_cycle.map(|hc| match hc {
        "h11" => HourCycle::H11,
        "h12" => HourCycle::H12,
        _ => HourCycle::H23,
    });
    let field_set = if date_style.is_some() || time_style.is_some() {
        style_field_set(date_style.as_deref(), time_style.as_deref())
    } else {
        bag_field_set(&components, hour_cycle)
    };
    let formatter =
        match field_set.and_then(|fs| FixedCalendarDateTimeFormatter::try_new(prefs, fs).ok()) {
            Some(f) => f,
            None => {
                return vm.throw(
                    ErrorKind::Range,
                    &format!("{API}: this combination of options has no pattern"),
                );
            }
        };
    Ok(DateTimeFormatState {
        locale,
        time_zone,
        offset_seconds,
        hour_cycle,
        components,
        date_style,
        time_style,
        formatter,
        bound_format: AtomicValue::new(Value::UNDEFINED),
    })
}

fn style_field_set(date: Option<&str>, time: Option<&str>) -> Option<CompositeFieldSet> {
    let mut b = FieldSetBuilder::default();
    let length = |s: &str| match s {
        "full" | "long" => Length::Long,
        "medium" => Length::Medium,
        _ => Length::Short,
    };
    // ICU4X's length applies to the whole; the date's wins.
    b.length = Some(length(date.or(time).unwrap_or("short")));
    if let Some(d) = date {
        b.date_fields = Some(if d == "full" {
            DateFields::YMDE
        } else {
            DateFields::YMD
        });
        if d != "short" {
            b.year_style = Some(YearStyle::Full);
        }
    }
    if let Some(t) = time {
        b.time_precision = Some(if t == "short" {
            TimePrecision::Minute
        } else {
            TimePrecision::Second
        });
        b.zone_style = match t {
            "full" => Some(ZoneStyle::SpecificLong),
            "long" => Some(ZoneStyle::SpecificShort),
            _ => None,
        };
    }
    b.build_composite().ok()
}

fn bag_field_set(
    components: &[(&'static str, String)],
    hour_cycle: Option<&str>,
) -> Option<CompositeFieldSet> {
    let mut bag = DateTimeFieldBag::default();
    for (name, v) in components {
        let v = v.as_str();
        match *name {
            "weekday" => {
                bag.weekday = Some(match v {
                    "narrow" => field::Weekday::Narrow,
                    "short" => field::Weekday::Short,
                    _ => field::Weekday::Long,
                })
            }
            "era" => {
                bag.era = Some(match v {
                    "narrow" => field::Era::Narrow,
                    "short" => field::Era::Short,
                    _ => field::Era::Long,
                })
            }
            "year" => {
                bag.year = Some(if v == "2-digit" {
                    field::Year::TwoDigit
                } else {
                    field::Year::Numeric
                })
            }
            "month" => {
                bag.month = Some(match v {
                    "2-digit" => field::Month::TwoDigit,
                    "numeric" => field::Month::Numeric,
                    "narrow" => field::Month::Narrow,
                    "short" => field::Month::Short,
                    _ => field::Month::Long,
                })
            }
            "day" => {
                bag.day = Some(if v == "2-digit" {
                    field::Day::TwoDigit
                } else {
                    field::Day::Numeric
                })
            }
            "dayPeriod" => {
                bag.day_period = Some(match v {
                    "narrow" => field::DayPeriod::FlexibleNarrow,
                    "short" => field::DayPeriod::FlexibleShort,
                    _ => field::DayPeriod::FlexibleLong,
                })
            }
            "hour" => {
                bag.hour = Some(if v == "2-digit" {
                    field::Hour::TwoDigit
                } else {
                    field::Hour::Numeric
                })
            }
            "minute" => {
                bag.minute = Some(if v == "2-digit" {
                    field::Minute::TwoDigit
                } else {
                    field::Minute::Numeric
                })
            }
            "second" => {
                bag.second = Some(if v == "2-digit" {
                    field::Second::TwoDigit
                } else {
                    field::Second::Numeric
                })
            }
            "fractionalSecondDigits" => {
                bag.fractional_second_digits = Some(match v {
                    "1" => field::FractionalSecondDigits::F1,
                    "2" => field::FractionalSecondDigits::F2,
                    _ => field::FractionalSecondDigits::F3,
                })
            }
            "timeZoneName" => {
                bag.time_zone_name = Some(match v {
                    "long" => field::TimeZoneName::LongSpecific,
                    "shortOffset" => field::TimeZoneName::ShortOffset,
                    "longOffset" => field::TimeZoneName::LongOffset,
                    "shortGeneric" => field::TimeZoneName::ShortGeneric,
                    "longGeneric" => field::TimeZoneName::LongGeneric,
                    _ => field::TimeZoneName::ShortSpecific,
                })
            }
            _ => {}
        }
    }
    if bag.hour.is_some() {
        bag.hour_kind = Some(match hour_cycle {
            Some("h11" | "h12") => field::HourKind::Clock12,
            _ => field::HourKind::Clock24,
        });
    }
    Some(bag.to_composite_field_set())
}

fn this_date_time_format(vm: &mut Vm, this: Value, method: &str) -> JsResult<Gc<JsObject>> {
    super::this_intl_object::<DateTimeFormatState>(vm, this, "DateTimeFormat", method)
}

fn state(o: &Gc<JsObject>) -> &DateTimeFormatState {
    o.kind
        .builtin::<DateTimeFormatState>()
        .expect("checked DateTimeFormat")
}

/// The time value of a `format` argument: undefined is now; TimeClip; NaN
/// is a RangeError.
fn time_value(vm: &mut Vm, v: Value, api: &str) -> JsResult<i64> {
    let t = if v.is_undefined() {
        vm.engine.now_ms()
    } else {
        vm.to_number(v)?
    };
    if !t.is_finite() || t.abs() > 8.64e15 {
        return vm.throw(ErrorKind::Range, &format!("{api}: invalid time value"));
    }
    Ok(t.trunc() as i64)
}

/// Formats a time value (ms since the epoch) into typed parts.
pub fn format_parts(dtf: &DateTimeFormatState, ms: i64) -> Parts {
    let offset = UtcOffset::from_seconds_unchecked(dtf.offset_seconds);
    let local = ZonedDateTime::<Iso, UtcOffset>::from_epoch_milliseconds_and_utc_offset(ms, offset);
    let date_time = DateTime {
        date: local.date,
        time: local.time,
    };
    let zone = if dtf.time_zone == "UTC" {
        TimeZoneInfo::utc()
    } else {
        TimeZone::UNKNOWN.with_offset(Some(offset))
    };
    let zoned = ZonedDateTime {
        date: date_time.date.to_calendar(Gregorian),
        time: date_time.time,
        zone: zone.at_date_time(date_time),
    };
    let mut parts = Parts::default();
    parts.extend_from(&dtf.formatter.format(&zoned), "datetime");
    // ECMA-402 names the fraction of a second on its own.
    let mut out = Parts::default();
    for (k, t) in parts.runs {
        let k: &'static str = match k {
            "hour" | "minute" | "second" | "weekday" | "year" | "month" | "day" | "era"
            | "dayPeriod" | "timeZoneName" | "literal" => k,
            "relatedYear" | "yearName" | "extendedYear" => "year",
            _ => "literal",
        };
        if k == "second"
            && let Some((s, frac)) = t.split_once('.')
        {
            out.push("second", s);
            out.push("literal", ".");
            out.push("fractionalSecond", frac);
            continue;
        }
        out.push(k, &t);
    }
    // CLDR puts U+202F before "AM"/"PM"; browsers and Node print a plain
    // space there, which is what web pages compare against.
    for (_, t) in &mut out.runs {
        if t.contains('\u{202f}') {
            *t = t.replace('\u{202f}', " ");
        }
    }
    out
}

fn format_getter(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let dtf = this_date_time_format(vm, this, "format")?;
    Ok(super::bound_once(
        vm,
        dtf,
        &state(&dtf).bound_format,
        1,
        bound_format,
    ))
}

fn bound_format(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let dtf = vm
        .native_data(0)
        .as_object()
        .expect("bound to a DateTimeFormat");
    let ms = time_value(vm, arg(args, 0), "Intl.DateTimeFormat.prototype.format")?;
    let text = format_parts(state(&dtf), ms).text();
    Ok(vm.string_value(&text))
}

fn format_to_parts(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let dtf = this_date_time_format(vm, this, "formatToParts")?;
    let ms = time_value(
        vm,
        arg(args, 0),
        "Intl.DateTimeFormat.prototype.formatToParts",
    )?;
    let parts = format_parts(state(&dtf), ms);
    parts.to_array(vm)
}

fn resolved_options(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let dtf = this_date_time_format(vm, this, "resolvedOptions")?;
    let st = state(&dtf);
    let locale = st.locale.clone();
    let time_zone = st.time_zone.clone();
    let hour_cycle = st.hour_cycle;
    let components = st.components.clone();
    let (date_style, time_style) = (st.date_style.clone(), st.time_style.clone());
    let r = vm.new_object();
    put_str(vm, r, "locale", &locale)?;
    put_str(vm, r, "calendar", "gregory")?;
    put_str(vm, r, "numberingSystem", "latn")?;
    put_str(vm, r, "timeZone", &time_zone)?;
    if let Some(hc) = hour_cycle {
        put_str(vm, r, "hourCycle", hc)?;
        put(vm, r, "hour12", bool_value(hc == "h11" || hc == "h12"))?;
    }
    for (name, v) in &components {
        if *name == "fractionalSecondDigits" {
            put(vm, r, name, Value::int(v.parse::<i32>().unwrap_or(3)))?;
        } else {
            put_str(vm, r, name, v)?;
        }
    }
    if let Some(d) = date_style {
        put_str(vm, r, "dateStyle", &d)?;
    }
    if let Some(t) = time_style {
        put_str(vm, r, "timeStyle", &t)?;
    }
    Ok(Value::object(r))
}

/// `Date.prototype.toLocaleString` and its date and time forms: `t` is the
/// date's time value (NaN gives "Invalid Date").
pub fn date_to_locale_string(
    vm: &mut Vm,
    t: f64,
    locales: Value,
    options: Value,
    required: Fields,
    defaults: Fields,
) -> JsResult<Value> {
    if t.is_nan() {
        return Ok(vm.string_value("Invalid Date"));
    }
    let dtf = create(vm, locales, options, required, defaults)?;
    let text = format_parts(&dtf, t as i64).text();
    Ok(vm.string_value(&text))
}
