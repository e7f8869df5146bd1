//! Intl.NumberFormat and the locale-aware `Number.prototype.toLocaleString`
//! and `BigInt.prototype.toLocaleString`.
//!
//! Digits, grouping and the locale's signs come from ICU4X's
//! `DecimalFormatter`; rounding (ECMA-402's digit options, rounding modes
//! and increments) is done on `fixed_decimal::Decimal` here, starting from
//! the shortest decimal that round-trips the Number, as ICU does. Percent,
//! currency, unit and scientific notation are put around the number here
//! with English patterns (the compiled data has no currency or unit
//! patterns without ICU4X's experimental crate).

use fixed_decimal::{
    Decimal, FloatPrecision, RoundingIncrement, Sign, SignedRoundingMode, UnsignedRoundingMode,
};
use icu_decimal::options::{DecimalFormatterOptions, GroupingStrategy};
use icu_decimal::preferences::NumberingSystem;
use icu_decimal::{DecimalFormatter, DecimalFormatterPreferences};
use icu_locale::Locale;
use icu_provider::prelude::*;

use super::parts::Parts;
use super::{
    ResolvedLocale, bool_value, canonicalize_locale_list, coerce_options, default_number_option,
    get_number_option, get_raw_option, get_string_option, is_unicode_type, put, put_str,
    resolve_locale,
};
use crate::builtins::arg;
use crate::heap::{Gc, Trace, Tracer};
use crate::interpreter::{ErrorKind, JsResult, Numeric, Vm};
use crate::object::kind::BuiltinState;
use crate::object::{JsObject, ObjectKind, PropertyKey};
use crate::realm::{Intrinsic, Realm};
use crate::value::{AtomicValue, Value};

/// Currencies `Intl.supportedValuesOf("currency")` lists: those with an
/// English symbol or name here.
pub const KNOWN_CURRENCIES: [&str; 12] = [
    "AUD", "BRL", "CAD", "CHF", "CNY", "EUR", "GBP", "INR", "JPY", "KRW", "MXN", "USD",
];

/// ECMA-402's sanctioned simple unit identifiers.
pub const SANCTIONED_UNITS: [&str; 45] = [
    "acre",
    "bit",
    "byte",
    "celsius",
    "centimeter",
    "day",
    "degree",
    "fahrenheit",
    "fluid-ounce",
    "foot",
    "gallon",
    "gigabit",
    "gigabyte",
    "gram",
    "hectare",
    "hour",
    "inch",
    "kilobit",
    "kilobyte",
    "kilogram",
    "kilometer",
    "liter",
    "megabit",
    "megabyte",
    "meter",
    "microsecond",
    "mile",
    "mile-scandinavian",
    "milliliter",
    "millimeter",
    "millisecond",
    "minute",
    "month",
    "nanosecond",
    "ounce",
    "percent",
    "petabyte",
    "pound",
    "second",
    "stone",
    "terabit",
    "terabyte",
    "week",
    "yard",
    "year",
];

const API: &str = "Intl.NumberFormat";

#[derive(Clone, Copy, PartialEq)]
enum Style {
    Decimal,
    Percent,
    Currency,
    Unit,
}

#[derive(Clone, Copy, PartialEq)]
enum RoundingType {
    FractionDigits,
    SignificantDigits,
    MorePrecision,
    LessPrecision,
}

/// The resolved options of a NumberFormat.
#[derive(Clone)]
pub struct NumberOptions {
    locale: String,
    numbering_system: String,
    style: Style,
    currency: Option<String>,
    currency_display: String,
    currency_sign: String,
    unit: Option<String>,
    unit_display: String,
    min_int: u32,
    min_frac: u32,
    max_frac: u32,
    min_sig: u32,
    max_sig: u32,
    rounding_type: RoundingType,
    rounding_priority: &'static str,
    rounding_increment: u32,
    rounding_mode: String,
    trailing_zero_display: String,
    /// None for `useGrouping: false`.
    use_grouping: Option<String>,
    notation: String,
    compact_display: String,
    sign_display: String,
}

/// A NumberFormat's state: its options, the ICU4X formatter, and the
/// bound `format` function once it was read.
pub struct NumberFormatState {
    options: NumberOptions,
    formatter: DecimalFormatter,
    bound_format: AtomicValue,
}

impl Trace for NumberFormatState {
    fn trace(&self, tracer: &mut Tracer) {
        tracer.mark_value(self.bound_format.load());
    }
}

impl BuiltinState for NumberFormatState {
    fn class_name(&self) -> &'static str {
        "Intl.NumberFormat"
    }
}

pub fn install(vm: &mut Vm, realm: Gc<Realm>, intl: Gc<JsObject>) {
    let object_proto = realm.intrinsic(Intrinsic::ObjectPrototype);
    let proto = vm.alloc_object(Value::object(object_proto), ObjectKind::Ordinary);
    realm.set_intrinsic(Intrinsic::IntlNumberFormatPrototype, proto);
    let ctor = vm.define_constructor(intl, "NumberFormat", 0, constructor, proto);
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
    super::super::define_tag(vm, proto, "Intl.NumberFormat");
}

fn supported_locales_of(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    super::supported_locales_of(vm, args, "Intl.NumberFormat.supportedLocalesOf")
}

fn constructor(vm: &mut Vm, _: Value, args: &[Value], new_target: Value) -> JsResult<Value> {
    let state = create(vm, arg(args, 0), arg(args, 1))?;
    let o = super::allocate(
        vm,
        new_target,
        Intrinsic::IntlNumberFormatPrototype,
        Box::new(state),
    )?;
    Ok(Value::object(o))
}

/// The currency's minor-unit digits (ISO 4217).
fn currency_digits(code: &str) -> u32 {
    match code {
        "BHD" | "IQD" | "JOD" | "KWD" | "LYD" | "OMR" | "TND" => 3,
        "BIF" | "CLP" | "DJF" | "GNF" | "ISK" | "JPY" | "KMF" | "KRW" | "PYG" | "RWF" | "UGX"
        | "UYI" | "VND" | "VUV" | "XAF" | "XOF" | "XPF" => 0,
        _ => 2,
    }
}

fn is_well_formed_unit(unit: &str) -> bool {
    if SANCTIONED_UNITS.contains(&unit) {
        return true;
    }
    match unit.split_once("-per-") {
        Some((a, b)) => SANCTIONED_UNITS.contains(&a) && SANCTIONED_UNITS.contains(&b),
        None => false,
    }
}

/// Numbering systems with digits in the compiled data.
const NUMBERING_SYSTEMS: [&str; 22] = [
    "arab", "arabext", "bali", "beng", "deva", "fullwide", "gujr", "guru", "hanidec", "khmr",
    "knda", "laoo", "latn", "limb", "mlym", "mong", "mymr", "orya", "tamldec", "telu", "thai",
    "tibt",
];

/// InitializeNumberFormat: reads `options` in the spec's order.
pub fn create(vm: &mut Vm, locales: Value, options: Value) -> JsResult<NumberFormatState> {
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
    let nu_option = get_string_option(vm, opts, "numberingSystem", &[], None, API)?;
    if let Some(nu) = &nu_option
        && !is_unicode_type(nu)
    {
        return vm.throw(
            ErrorKind::Range,
            &format!("{API}: invalid numberingSystem \"{nu}\""),
        );
    }
    let resolved: ResolvedLocale = resolve_locale(&requested);

    // SetNumberFormatUnitOptions.
    let style_s = get_string_option(
        vm,
        opts,
        "style",
        &["decimal", "percent", "currency", "unit"],
        Some("decimal"),
        API,
    )?
    .expect("defaulted");
    let style = match style_s.as_str() {
        "percent" => Style::Percent,
        "currency" => Style::Currency,
        "unit" => Style::Unit,
        _ => Style::Decimal,
    };
    let currency = get_string_option(vm, opts, "currency", &[], None, API)?;
    if let Some(c) = &currency
        && !(c.len() == 3 && c.bytes().all(|b| b.is_ascii_alphabetic()))
    {
        return vm.throw(
            ErrorKind::Range,
            &format!("{API}: invalid currency \"{c}\""),
        );
    }
    let currency_display = get_string_option(
        vm,
        opts,
        "currencyDisplay",
        &["code", "symbol", "narrowSymbol", "name"],
        Some("symbol"),
        API,
    )?
    .expect("defaulted");
    let currency_sign = get_string_option(
        vm,
        opts,
        "currencySign",
        &["standard", "accounting"],
        Some("standard"),
        API,
    )?
    .expect("defaulted");
    let unit = get_string_option(vm, opts, "unit", &[], None, API)?;
    if let Some(u) = &unit
        && !is_well_formed_unit(u)
    {
        return vm.throw(ErrorKind::Range, &format!("{API}: invalid unit \"{u}\""));
    }
    let unit_display = get_string_option(
        vm,
        opts,
        "unitDisplay",
        &["short", "narrow", "long"],
        Some("short"),
        API,
    )?
    .expect("defaulted");
    if style == Style::Currency && currency.is_none() {
        return vm.throw(
            ErrorKind::Type,
            &format!("{API}: style \"currency\" needs a currency option"),
        );
    }
    if style == Style::Unit && unit.is_none() {
        return vm.throw(
            ErrorKind::Type,
            &format!("{API}: style \"unit\" needs a unit option"),
        );
    }
    let currency = currency.map(|c| c.to_ascii_uppercase());

    let notation = get_string_option(
        vm,
        opts,
        "notation",
        &["standard", "scientific", "engineering", "compact"],
        Some("standard"),
        API,
    )?
    .expect("defaulted");
    let (mnfd_default, mxfd_default) = match (style, &currency) {
        (Style::Currency, Some(c)) if notation == "standard" => {
            (currency_digits(c), currency_digits(c))
        }
        (Style::Percent, _) => (0, 0),
        _ => (0, if notation == "compact" { 0 } else { 3 }),
    };

    // SetNumberFormatDigitOptions.
    let min_int = get_number_option(vm, opts, "minimumIntegerDigits", 1, 21, Some(1), API)?
        .expect("defaulted");
    let mnfd = get_raw_option(vm, opts, "minimumFractionDigits")?;
    let mxfd = get_raw_option(vm, opts, "maximumFractionDigits")?;
    let mnsd = get_raw_option(vm, opts, "minimumSignificantDigits")?;
    let mxsd = get_raw_option(vm, opts, "maximumSignificantDigits")?;
    let rounding_increment =
        get_number_option(vm, opts, "roundingIncrement", 1, 5000, Some(1), API)?
            .expect("defaulted");
    const INCREMENTS: [u32; 15] = [
        1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000,
    ];
    if !INCREMENTS.contains(&rounding_increment) {
        return vm.throw(
            ErrorKind::Range,
            &format!("{API}: invalid roundingIncrement {rounding_increment}"),
        );
    }
    let rounding_mode = get_string_option(
        vm,
        opts,
        "roundingMode",
        &[
            "ceil",
            "floor",
            "expand",
            "trunc",
            "halfCeil",
            "halfFloor",
            "halfExpand",
            "halfTrunc",
            "halfEven",
        ],
        Some("halfExpand"),
        API,
    )?
    .expect("defaulted");
    let rounding_priority = get_string_option(
        vm,
        opts,
        "roundingPriority",
        &["auto", "morePrecision", "lessPrecision"],
        Some("auto"),
        API,
    )?
    .expect("defaulted");
    let trailing_zero_display = get_string_option(
        vm,
        opts,
        "trailingZeroDisplay",
        &["auto", "stripIfInteger"],
        Some("auto"),
        API,
    )?
    .expect("defaulted");
    let mxfd_default = if rounding_increment != 1 {
        mnfd_default
    } else {
        mxfd_default
    };
    let has_sd = !mnsd.is_undefined() || !mxsd.is_undefined();
    let has_fd = !mnfd.is_undefined() || !mxfd.is_undefined();
    let mut need_sd = true;
    let mut need_fd = true;
    if rounding_priority == "auto" {
        need_sd = has_sd;
        if need_sd || (!has_fd && notation == "compact") {
            need_fd = false;
        }
    }
    let (mut min_sig, mut max_sig) = (1, 21);
    if need_sd && has_sd {
        min_sig = default_number_option(vm, mnsd, 1, 21, Some(1), "minimumSignificantDigits", API)?
            .expect("defaulted");
        max_sig = default_number_option(
            vm,
            mxsd,
            min_sig,
            21,
            Some(21),
            "maximumSignificantDigits",
            API,
        )?
        .expect("defaulted");
    }
    let (mut min_frac, mut max_frac) = (mnfd_default, mxfd_default);
    if need_fd && has_fd {
        let lo = default_number_option(vm, mnfd, 0, 100, None, "minimumFractionDigits", API)?;
        let hi = default_number_option(vm, mxfd, 0, 100, None, "maximumFractionDigits", API)?;
        match (lo, hi) {
            (None, Some(hi)) => {
                min_frac = mnfd_default.min(hi);
                max_frac = hi;
            }
            (Some(lo), None) => {
                min_frac = lo;
                max_frac = mxfd_default.max(lo);
            }
            (Some(lo), Some(hi)) => {
                if lo > hi {
                    return vm.throw(
                        ErrorKind::Range,
                        &format!(
                            "{API}: minimumFractionDigits {lo} is more than maximumFractionDigits {hi}"
                        ),
                    );
                }
                min_frac = lo;
                max_frac = hi;
            }
            (None, None) => {}
        }
    }
    let (rounding_type, computed_priority) = if !need_sd && !need_fd {
        min_frac = 0;
        max_frac = 0;
        min_sig = 1;
        max_sig = 2;
        (RoundingType::MorePrecision, "morePrecision")
    } else if rounding_priority == "auto" {
        if need_sd {
            (RoundingType::SignificantDigits, "auto")
        } else {
            (RoundingType::FractionDigits, "auto")
        }
    } else if rounding_priority == "morePrecision" {
        (RoundingType::MorePrecision, "morePrecision")
    } else {
        (RoundingType::LessPrecision, "lessPrecision")
    };
    if rounding_increment != 1 {
        if rounding_type != RoundingType::FractionDigits {
            return vm.throw(
                ErrorKind::Type,
                &format!("{API}: roundingIncrement needs fraction-digit rounding"),
            );
        }
        if max_frac != min_frac {
            return vm.throw(
                ErrorKind::Range,
                &format!(
                    "{API}: roundingIncrement needs equal minimum and maximum fraction digits"
                ),
            );
        }
    }

    let compact_display = get_string_option(
        vm,
        opts,
        "compactDisplay",
        &["short", "long"],
        Some("short"),
        API,
    )?
    .expect("defaulted");
    let default_grouping = if notation == "compact" {
        "min2"
    } else {
        "auto"
    };
    let use_grouping = {
        let v = get_raw_option(vm, opts, "useGrouping")?;
        if v.is_undefined() {
            Some(default_grouping.to_string())
        } else if v == Value::TRUE {
            Some("always".to_string())
        } else if !vm.to_boolean(v) {
            None
        } else {
            let s = vm.to_string(v)?.to_rust_string();
            match s.as_str() {
                "true" | "false" => Some(default_grouping.to_string()),
                "min2" | "auto" | "always" => Some(s),
                _ => {
                    return vm.throw(
                        ErrorKind::Range,
                        &format!("{API}: invalid value \"{s}\" for option useGrouping"),
                    );
                }
            }
        }
    };
    let sign_display = get_string_option(
        vm,
        opts,
        "signDisplay",
        &["auto", "never", "always", "exceptZero", "negative"],
        Some("auto"),
        API,
    )?
    .expect("defaulted");

    // The numbering system: the option, else the locale's -u-nu-, if the
    // data has its digits.
    let nu_ext = resolved.keyword("nu").map(String::from);
    let nu_requested = nu_option
        .clone()
        .or(nu_ext.clone())
        .filter(|n| NUMBERING_SYSTEMS.contains(&n.as_str()));
    let mut prefs = DecimalFormatterPreferences::from(&resolved.locale);
    if let Some(n) = &nu_requested
        && let Ok(ns) = NumberingSystem::try_from(
            icu_locale::extensions::unicode::Value::try_from_str(n)
                .expect("a listed numbering system is a valid value"),
        )
    {
        prefs.numbering_system = Some(ns);
    }
    let numbering_system = nu_requested
        .clone()
        .unwrap_or_else(|| default_numbering_system(&resolved.locale));
    // The tag keeps -u-nu- only when it came from the tag and was used.
    let keep_nu = nu_ext.is_some() && nu_ext == nu_requested && nu_option.is_none()
        || nu_option.is_some() && nu_ext == nu_option && nu_requested.is_some();
    let locale = if keep_nu {
        super::locale_tag(&resolved.locale, &[("nu", numbering_system.as_str())])
    } else {
        resolved.locale.to_string()
    };

    let mut dopts = DecimalFormatterOptions::default();
    dopts.grouping_strategy = Some(match use_grouping.as_deref() {
        None => GroupingStrategy::Never,
        Some("always") => GroupingStrategy::Always,
        Some("min2") => GroupingStrategy::Min2,
        Some(_) => GroupingStrategy::Auto,
    });
    let formatter = match DecimalFormatter::try_new(prefs, dopts) {
        Ok(f) => f,
        Err(_) => {
            return vm.throw(
                ErrorKind::Range,
                &format!("{API}: no number data for locale {locale}"),
            );
        }
    };
    Ok(NumberFormatState {
        options: NumberOptions {
            locale,
            numbering_system,
            style,
            currency,
            currency_display,
            currency_sign,
            unit,
            unit_display,
            min_int,
            min_frac,
            max_frac,
            min_sig,
            max_sig,
            rounding_type,
            rounding_priority: computed_priority,
            rounding_increment,
            rounding_mode,
            trailing_zero_display,
            use_grouping,
            notation,
            compact_display,
            sign_display,
        },
        formatter,
        bound_format: AtomicValue::new(Value::UNDEFINED),
    })
}

/// The numbering system the locale's number symbols use.
fn default_numbering_system(locale: &Locale) -> String {
    let data_locale = DataLocale::from(locale);
    let req = DataRequest {
        id: DataIdentifierBorrowed::for_locale(&data_locale),
        ..Default::default()
    };
    let loaded: Result<DataResponse<icu_decimal::provider::DecimalSymbolsV1>, _> =
        icu_decimal::provider::Baked.load(req);
    match loaded {
        Ok(r) => r.payload.get().numsys().to_string(),
        Err(_) => "latn".to_string(),
    }
}

fn this_number_format(vm: &mut Vm, this: Value, method: &str) -> JsResult<Gc<JsObject>> {
    super::this_intl_object::<NumberFormatState>(vm, this, "NumberFormat", method)
}

fn state(o: &Gc<JsObject>) -> &NumberFormatState {
    o.kind
        .builtin::<NumberFormatState>()
        .expect("checked NumberFormat")
}

/// A value to format: a Number, or the exact decimal of a BigInt or string.
pub enum MathValue {
    Number(f64),
    Exact(Decimal),
}

/// ToIntlMathematicalValue.
fn to_math_value(vm: &mut Vm, v: Value) -> JsResult<MathValue> {
    let prim = vm.to_primitive(v, crate::interpreter::Hint::Number)?;
    if let Some(b) = prim.as_bigint() {
        let text = b.to_string();
        return Ok(MathValue::Exact(
            Decimal::try_from_str(&text).unwrap_or_default(),
        ));
    }
    if let Some(s) = prim.as_string() {
        let text = s.to_rust_string();
        let t = text.trim();
        // A plain decimal literal keeps all its digits.
        let plain = !t.is_empty()
            && t.trim_start_matches(['-', '+'])
                .bytes()
                .all(|b| b.is_ascii_digit() || b == b'.')
            && t.trim_start_matches(['-', '+'])
                .bytes()
                .any(|b| b.is_ascii_digit())
            && t.bytes().filter(|&b| b == b'.').count() <= 1
            && !t.starts_with('+');
        if plain && let Ok(d) = Decimal::try_from_str(t) {
            return Ok(MathValue::Exact(d));
        }
    }
    match vm.to_numeric(prim)? {
        Numeric::Number(n) => Ok(MathValue::Number(n)),
        Numeric::BigInt(b) => Ok(MathValue::Exact(
            Decimal::try_from_str(&b.to_string()).unwrap_or_default(),
        )),
    }
}

fn format_getter(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let nf = this_number_format(vm, this, "format")?;
    Ok(super::bound_once(
        vm,
        nf,
        &state(&nf).bound_format,
        1,
        bound_format,
    ))
}

fn bound_format(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let nf = vm
        .native_data(0)
        .as_object()
        .expect("bound to a NumberFormat");
    let x = to_math_value(vm, arg(args, 0))?;
    let text = format_parts(state(&nf), &x).text();
    Ok(vm.string_value(&text))
}

fn format_to_parts(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let nf = this_number_format(vm, this, "formatToParts")?;
    let x = to_math_value(vm, arg(args, 0))?;
    let parts = format_parts(state(&nf), &x);
    parts.to_array(vm)
}

fn resolved_options(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let nf = this_number_format(vm, this, "resolvedOptions")?;
    let o = state(&nf).options.clone();
    let r = vm.new_object();
    put_str(vm, r, "locale", &o.locale)?;
    put_str(vm, r, "numberingSystem", &o.numbering_system)?;
    let style = match o.style {
        Style::Decimal => "decimal",
        Style::Percent => "percent",
        Style::Currency => "currency",
        Style::Unit => "unit",
    };
    put_str(vm, r, "style", style)?;
    if o.style == Style::Currency {
        put_str(vm, r, "currency", o.currency.as_deref().unwrap_or(""))?;
        put_str(vm, r, "currencyDisplay", &o.currency_display)?;
        put_str(vm, r, "currencySign", &o.currency_sign)?;
    }
    if o.style == Style::Unit {
        put_str(vm, r, "unit", o.unit.as_deref().unwrap_or(""))?;
        put_str(vm, r, "unitDisplay", &o.unit_display)?;
    }
    put(vm, r, "minimumIntegerDigits", Value::int(o.min_int as i32))?;
    if o.rounding_type != RoundingType::SignificantDigits {
        put(
            vm,
            r,
            "minimumFractionDigits",
            Value::int(o.min_frac as i32),
        )?;
        put(
            vm,
            r,
            "maximumFractionDigits",
            Value::int(o.max_frac as i32),
        )?;
    }
    if o.rounding_type != RoundingType::FractionDigits {
        put(
            vm,
            r,
            "minimumSignificantDigits",
            Value::int(o.min_sig as i32),
        )?;
        put(
            vm,
            r,
            "maximumSignificantDigits",
            Value::int(o.max_sig as i32),
        )?;
    }
    match &o.use_grouping {
        Some(g) => put_str(vm, r, "useGrouping", g)?,
        None => put(vm, r, "useGrouping", bool_value(false))?,
    }
    put_str(vm, r, "notation", &o.notation)?;
    if o.notation == "compact" {
        put_str(vm, r, "compactDisplay", &o.compact_display)?;
    }
    put_str(vm, r, "signDisplay", &o.sign_display)?;
    put(
        vm,
        r,
        "roundingIncrement",
        Value::int(o.rounding_increment as i32),
    )?;
    put_str(vm, r, "roundingMode", &o.rounding_mode)?;
    put_str(vm, r, "roundingPriority", o.rounding_priority)?;
    put_str(vm, r, "trailingZeroDisplay", &o.trailing_zero_display)?;
    Ok(Value::object(r))
}

/// A resolved option's value.
pub enum OptionValue {
    Int(u32),
    Text(String),
}

/// The digit options as resolvedOptions reports them (PluralRules shares
/// them), in the spec's order.
pub fn resolved_digit_options(nf: &NumberFormatState) -> Vec<(&'static str, OptionValue)> {
    let o = &nf.options;
    let mut out = vec![("minimumIntegerDigits", OptionValue::Int(o.min_int))];
    if o.rounding_type != RoundingType::SignificantDigits {
        out.push(("minimumFractionDigits", OptionValue::Int(o.min_frac)));
        out.push(("maximumFractionDigits", OptionValue::Int(o.max_frac)));
    }
    if o.rounding_type != RoundingType::FractionDigits {
        out.push(("minimumSignificantDigits", OptionValue::Int(o.min_sig)));
        out.push(("maximumSignificantDigits", OptionValue::Int(o.max_sig)));
    }
    out.push(("roundingIncrement", OptionValue::Int(o.rounding_increment)));
    out.push(("roundingMode", OptionValue::Text(o.rounding_mode.clone())));
    out.push((
        "roundingPriority",
        OptionValue::Text(o.rounding_priority.to_string()),
    ));
    out.push((
        "trailingZeroDisplay",
        OptionValue::Text(o.trailing_zero_display.clone()),
    ));
    out
}

/// `Number.prototype.toLocaleString(locales, options)`.
pub fn number_to_locale_string(
    vm: &mut Vm,
    x: f64,
    locales: Value,
    options: Value,
) -> JsResult<Value> {
    let nf = create(vm, locales, options)?;
    let text = format_parts(&nf, &MathValue::Number(x)).text();
    Ok(vm.string_value(&text))
}

/// `BigInt.prototype.toLocaleString(locales, options)`.
pub fn bigint_to_locale_string(
    vm: &mut Vm,
    decimal_text: &str,
    locales: Value,
    options: Value,
) -> JsResult<Value> {
    let nf = create(vm, locales, options)?;
    let d = Decimal::try_from_str(decimal_text).unwrap_or_default();
    let text = format_parts(&nf, &MathValue::Exact(d)).text();
    Ok(vm.string_value(&text))
}

fn rounding_mode(name: &str, negative: bool) -> SignedRoundingMode {
    use SignedRoundingMode as S;
    use UnsignedRoundingMode as U;
    // The decimal is rounded as a magnitude; ceil and floor flip for
    // negative numbers.
    match (name, negative) {
        ("ceil", false) | ("floor", true) => S::Unsigned(U::Expand),
        ("ceil", true) | ("floor", false) => S::Unsigned(U::Trunc),
        ("expand", _) => S::Unsigned(U::Expand),
        ("trunc", _) => S::Unsigned(U::Trunc),
        ("halfCeil", false) | ("halfFloor", true) => S::Unsigned(U::HalfExpand),
        ("halfCeil", true) | ("halfFloor", false) => S::Unsigned(U::HalfTrunc),
        ("halfTrunc", _) => S::Unsigned(U::HalfTrunc),
        ("halfEven", _) => S::Unsigned(U::HalfEven),
        _ => S::Unsigned(U::HalfExpand),
    }
}

/// Rounds a non-negative decimal to fraction digits.
fn round_fraction(d: &Decimal, o: &NumberOptions, negative: bool) -> Decimal {
    let mut d = d.clone();
    let mode = rounding_mode(&o.rounding_mode, negative);
    let pos = -(o.max_frac as i16);
    let (shift, inc) = match o.rounding_increment {
        2 => (0, RoundingIncrement::MultiplesOf2),
        5 => (0, RoundingIncrement::MultiplesOf5),
        10 => (1, RoundingIncrement::MultiplesOf1),
        20 => (1, RoundingIncrement::MultiplesOf2),
        25 => (0, RoundingIncrement::MultiplesOf25),
        50 => (1, RoundingIncrement::MultiplesOf5),
        100 => (2, RoundingIncrement::MultiplesOf1),
        200 => (2, RoundingIncrement::MultiplesOf2),
        250 => (1, RoundingIncrement::MultiplesOf25),
        500 => (2, RoundingIncrement::MultiplesOf5),
        1000 => (3, RoundingIncrement::MultiplesOf1),
        2000 => (3, RoundingIncrement::MultiplesOf2),
        2500 => (2, RoundingIncrement::MultiplesOf25),
        5000 => (3, RoundingIncrement::MultiplesOf5),
        _ => (0, RoundingIncrement::MultiplesOf1),
    };
    d.round_with_mode_and_increment(pos + shift, mode, inc);
    d.absolute.pad_end(-(o.min_frac as i16));
    if pos + shift > 0 {
        // Keep the rounded-away integer digits as zeros.
        d.absolute.pad_end(0);
    }
    d
}

/// Rounds a non-negative decimal to significant digits.
fn round_significant(d: &Decimal, o: &NumberOptions, negative: bool) -> Decimal {
    let mut d = d.clone();
    let mode = rounding_mode(&o.rounding_mode, negative);
    let top = d.absolute.nonzero_magnitude_start();
    d.round_with_mode(top - o.max_sig as i16 + 1, mode);
    let top = d.absolute.nonzero_magnitude_start();
    let min_pos = top - o.min_sig as i16 + 1;
    d.absolute.pad_end(min_pos.min(0));
    d
}

/// The lowest digit position a rounded decimal shows.
fn lowest_position(d: &Decimal) -> i16 {
    let s = d.absolute.to_string();
    match s.find('.') {
        Some(i) => -((s.len() - i - 1) as i16),
        None => 0,
    }
}

fn round(d: &Decimal, o: &NumberOptions, negative: bool) -> Decimal {
    let mut r = match o.rounding_type {
        RoundingType::FractionDigits => round_fraction(d, o, negative),
        RoundingType::SignificantDigits => round_significant(d, o, negative),
        RoundingType::MorePrecision | RoundingType::LessPrecision => {
            let sig = round_significant(d, o, negative);
            let frac = round_fraction(d, o, negative);
            // The one that rounds at the lower (more precision) or higher
            // position; significant digits win a tie.
            let sig_pos = d.absolute.nonzero_magnitude_start() - o.max_sig as i16 + 1;
            let frac_pos = -(o.max_frac as i16);
            let pick_sig = if o.rounding_type == RoundingType::MorePrecision {
                sig_pos <= frac_pos
            } else {
                sig_pos >= frac_pos
            };
            if pick_sig { sig } else { frac }
        }
    };
    if o.trailing_zero_display == "stripIfInteger" && lowest_position(&r) < 0 {
        let mut t = r.clone();
        t.absolute.trim_end();
        if lowest_position(&t) == 0 {
            r = t;
        }
    }
    r.absolute.pad_start(o.min_int as i16);
    r
}

fn currency_symbol(code: &str, display: &str) -> String {
    let narrow = display == "narrowSymbol";
    let s = match code {
        "USD" => "$",
        "EUR" => "€",
        "GBP" => "£",
        "JPY" => "¥",
        "INR" => "₹",
        "KRW" => "₩",
        "CNY" if narrow => "¥",
        "CNY" => "CN¥",
        "CAD" if narrow => "$",
        "CAD" => "CA$",
        "AUD" if narrow => "$",
        "AUD" => "A$",
        "MXN" if narrow => "$",
        "MXN" => "MX$",
        "BRL" => "R$",
        _ => return code.to_string(),
    };
    s.to_string()
}

fn currency_name(code: &str, one: bool) -> String {
    let (singular, plural) = match code {
        "USD" => ("US dollar", "US dollars"),
        "EUR" => ("euro", "euros"),
        "GBP" => ("British pound", "British pounds"),
        "JPY" => ("Japanese yen", "Japanese yen"),
        "INR" => ("Indian rupee", "Indian rupees"),
        "KRW" => ("South Korean won", "South Korean won"),
        "CNY" => ("Chinese yuan", "Chinese yuan"),
        "CAD" => ("Canadian dollar", "Canadian dollars"),
        "AUD" => ("Australian dollar", "Australian dollars"),
        "MXN" => ("Mexican peso", "Mexican pesos"),
        "BRL" => ("Brazilian real", "Brazilian reals"),
        "CHF" => ("Swiss franc", "Swiss francs"),
        _ => return code.to_string(),
    };
    if one { singular } else { plural }.to_string()
}

/// The English short, narrow and long forms of a simple unit.
fn unit_forms(unit: &str) -> (&'static str, &'static str, &'static str, &'static str) {
    // (short, narrow, long singular, long plural)
    match unit {
        "percent" => ("%", "%", "percent", "percent"),
        "kilometer" => (" km", "km", "kilometer", "kilometers"),
        "meter" => (" m", "m", "meter", "meters"),
        "centimeter" => (" cm", "cm", "centimeter", "centimeters"),
        "millimeter" => (" mm", "mm", "millimeter", "millimeters"),
        "mile" => (" mi", "mi", "mile", "miles"),
        "foot" => (" ft", "′", "foot", "feet"),
        "inch" => (" in", "″", "inch", "inches"),
        "yard" => (" yd", "yd", "yard", "yards"),
        "kilogram" => (" kg", "kg", "kilogram", "kilograms"),
        "gram" => (" g", "g", "gram", "grams"),
        "pound" => (" lb", "#", "pound", "pounds"),
        "ounce" => (" oz", "oz", "ounce", "ounces"),
        "liter" => (" L", "L", "liter", "liters"),
        "milliliter" => (" mL", "mL", "milliliter", "milliliters"),
        "second" => (" sec", "s", "second", "seconds"),
        "minute" => (" min", "m", "minute", "minutes"),
        "hour" => (" hr", "h", "hour", "hours"),
        "day" => (" days", "d", "day", "days"),
        "week" => (" wks", "w", "week", "weeks"),
        "month" => (" mths", "m", "month", "months"),
        "year" => (" yrs", "y", "year", "years"),
        "millisecond" => (" ms", "ms", "millisecond", "milliseconds"),
        "byte" => (" byte", "B", "byte", "bytes"),
        "kilobyte" => (" kB", "kB", "kilobyte", "kilobytes"),
        "megabyte" => (" MB", "MB", "megabyte", "megabytes"),
        "gigabyte" => (" GB", "GB", "gigabyte", "gigabytes"),
        "terabyte" => (" TB", "TB", "terabyte", "terabytes"),
        "celsius" => ("°C", "°C", "degree Celsius", "degrees Celsius"),
        "fahrenheit" => ("°F", "°", "degree Fahrenheit", "degrees Fahrenheit"),
        "degree" => (" deg", "°", "degree", "degrees"),
        _ => ("", "", "", ""),
    }
}

/// Formats `x` with `nf`'s options into typed parts.
pub fn format_parts(nf: &NumberFormatState, x: &MathValue) -> Parts {
    let o = &nf.options;
    let mut parts = Parts::default();
    let (negative, magnitude) = match x {
        MathValue::Number(n) if n.is_nan() => (false, None),
        MathValue::Number(n) if n.is_infinite() => (*n < 0.0, None),
        MathValue::Number(n) => (
            n.is_sign_negative(),
            Some(Decimal::try_from_f64(n.abs(), FloatPrecision::RoundTrip).unwrap_or_default()),
        ),
        MathValue::Exact(d) => {
            let mut abs = d.clone();
            abs.sign = Sign::None;
            (d.sign == Sign::Negative, Some(abs))
        }
    };
    let is_nan = matches!(x, MathValue::Number(n) if n.is_nan());

    // Scale, round, and find the exponent for scientific notation.
    let mut exponent: Option<i16> = None;
    let rounded = magnitude.map(|mut d| {
        if o.style == Style::Percent {
            d.multiply_pow10(2);
        }
        if o.notation == "scientific" || o.notation == "engineering" {
            let step = if o.notation == "engineering" { 3 } else { 1 };
            let top = if d.absolute.is_zero() {
                0
            } else {
                d.absolute.nonzero_magnitude_start()
            };
            let mut e = top.div_euclid(step) * step;
            d.multiply_pow10(-e);
            let mut r = round(&d, o, negative);
            let top = r.absolute.nonzero_magnitude_start();
            if !r.absolute.is_zero() && top >= step {
                // Rounding carried into a new digit (9.99 → 10.0).
                r.multiply_pow10(-step);
                r.absolute.pad_end(-(o.min_frac as i16).min(0));
                e += step;
            }
            exponent = Some(e);
            r
        } else {
            round(&d, o, negative)
        }
    });
    let is_zero = rounded.as_ref().is_some_and(|d| d.absolute.is_zero());
    let sign = if is_nan {
        match o.sign_display.as_str() {
            "always" => Sign::Positive,
            _ => Sign::None,
        }
    } else {
        match o.sign_display.as_str() {
            "never" => Sign::None,
            "always" if negative => Sign::Negative,
            "always" => Sign::Positive,
            "exceptZero" if is_zero => Sign::None,
            "exceptZero" if negative => Sign::Negative,
            "exceptZero" => Sign::Positive,
            "negative" if negative && !is_zero => Sign::Negative,
            "negative" => Sign::None,
            _ if negative => Sign::Negative,
            _ => Sign::None,
        }
    };
    let accounting =
        o.style == Style::Currency && o.currency_sign == "accounting" && sign == Sign::Negative;

    // The locale's sign text, from formatting a signed one.
    let mut sign_parts = Parts::default();
    if sign != Sign::None && !accounting {
        let mut one = Decimal::from(1);
        one.sign = sign;
        let mut all = Parts::default();
        all.extend_from(&nf.formatter.format(&one), "decimal");
        for (k, t) in all.runs {
            if k == "minusSign" || k == "plusSign" {
                sign_parts.push(k, &t);
            }
        }
    }

    let currency = o.currency.clone().unwrap_or_default();
    if accounting {
        parts.push("literal", "(");
    }
    let mut currency_after = false;
    if o.style == Style::Currency {
        match o.currency_display.as_str() {
            "code" => {
                for (k, t) in &sign_parts.runs {
                    parts.push(k, t);
                }
                parts.push("currency", &currency);
                parts.push("literal", "\u{a0}");
            }
            "name" => {
                for (k, t) in &sign_parts.runs {
                    parts.push(k, t);
                }
                currency_after = true;
            }
            display => {
                for (k, t) in &sign_parts.runs {
                    parts.push(k, t);
                }
                let symbol = currency_symbol(&currency, display);
                parts.push("currency", &symbol);
                if symbol.len() == 3 && symbol.bytes().all(|b| b.is_ascii_uppercase()) {
                    parts.push("literal", "\u{a0}");
                }
            }
        }
    } else {
        for (k, t) in &sign_parts.runs {
            parts.push(k, t);
        }
    }

    match &rounded {
        None if is_nan => parts.push("nan", "NaN"),
        None => parts.push("infinity", "∞"),
        Some(d) => {
            let mut unsigned = d.clone();
            unsigned.sign = Sign::None;
            parts.extend_from(&nf.formatter.format(&unsigned), "decimal");
        }
    }
    if let Some(e) = exponent {
        parts.push("exponentSeparator", "E");
        if e < 0 {
            parts.push("exponentMinusSign", "-");
        }
        parts.push("exponentInteger", &e.unsigned_abs().to_string());
    }

    match o.style {
        Style::Percent => parts.push("percentSign", "%"),
        Style::Currency if currency_after => {
            let one = rounded
                .as_ref()
                .is_some_and(|d| d.absolute.to_string() == "1");
            parts.push("literal", " ");
            parts.push("currency", &currency_name(&currency, one));
        }
        Style::Unit => {
            let unit = o.unit.clone().unwrap_or_default();
            let one = rounded
                .as_ref()
                .is_some_and(|d| d.absolute.to_string() == "1");
            let (a, b) = match unit.split_once("-per-") {
                Some((a, b)) => (a.to_string(), Some(b.to_string())),
                None => (unit.clone(), None),
            };
            let (short, narrow, long1, long_n) = unit_forms(&a);
            match o.unit_display.as_str() {
                "long" => {
                    parts.push("literal", " ");
                    let name = if one { long1 } else { long_n };
                    parts.push("unit", if name.is_empty() { &a } else { name });
                    if let Some(b) = &b {
                        let (_, _, per, _) = unit_forms(b);
                        parts.push("literal", " per ");
                        parts.push("unit", if per.is_empty() { b } else { per });
                    }
                }
                display => {
                    let form = if display == "narrow" { narrow } else { short };
                    let form = if form.is_empty() { a.as_str() } else { form };
                    let trimmed = form.trim_start();
                    if trimmed.len() != form.len() {
                        parts.push("literal", " ");
                    }
                    if let Some(b) = &b {
                        let (bs, _, _, _) = unit_forms(b);
                        let bs = bs.trim_start();
                        let unit_text = match (a.as_str(), b.as_str()) {
                            ("kilometer", "hour") => "km/h".to_string(),
                            ("mile", "hour") => "mph".to_string(),
                            _ => format!("{trimmed}/{}", if bs.is_empty() { b } else { bs }),
                        };
                        parts.push("unit", &unit_text);
                    } else {
                        parts.push("unit", trimmed);
                    }
                }
            }
        }
        _ => {}
    }
    if accounting {
        parts.push("literal", ")");
    }
    parts
}
