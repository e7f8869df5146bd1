//! Intl.PluralRules: cardinal and ordinal plural categories from ICU4X's
//! `PluralRules`, with ECMA-402's digit options applied first (through the
//! NumberFormat rounding, so `select(1.0)` with `minimumFractionDigits: 1`
//! sees "1.0").

use fixed_decimal::{Decimal, FloatPrecision};
use icu_plurals::{PluralCategory, PluralRuleType, PluralRules, PluralRulesOptions};

use super::number_format::{self, MathValue, NumberFormatState};
use super::{
    canonicalize_locale_list, coerce_options, get_string_option, put, put_str, resolve_locale,
};
use crate::builtins::arg;
use crate::heap::{Gc, Trace, Tracer};
use crate::interpreter::{ErrorKind, JsResult, Vm};
use crate::object::kind::BuiltinState;
use crate::object::{JsObject, ObjectKind, PropertyKey};
use crate::realm::{Intrinsic, Realm};
use crate::value::Value;

const API: &str = "Intl.PluralRules";

/// A PluralRules object's state.
pub struct PluralRulesState {
    locale: String,
    ordinal: bool,
    notation: String,
    compact_display: String,
    rules: PluralRules,
    /// The digit options, kept as a NumberFormat of the same locale.
    digits: NumberFormatState,
}

impl Trace for PluralRulesState {
    fn trace(&self, _: &mut Tracer) {}
}

impl BuiltinState for PluralRulesState {
    fn class_name(&self) -> &'static str {
        "Intl.PluralRules"
    }
}

pub fn install(vm: &mut Vm, realm: Gc<Realm>, intl: Gc<JsObject>) {
    let object_proto = realm.intrinsic(Intrinsic::ObjectPrototype);
    let proto = vm.alloc_object(Value::object(object_proto), ObjectKind::Ordinary);
    realm.set_intrinsic(Intrinsic::IntlPluralRulesPrototype, proto);
    let ctor = vm.define_constructor(intl, "PluralRules", 0, constructor, proto);
    vm.define_builtin(ctor, "supportedLocalesOf", 1, supported_locales_of);
    vm.define_builtin(proto, "select", 1, select);
    vm.define_builtin(proto, "selectRange", 2, select_range);
    vm.define_builtin(proto, "resolvedOptions", 0, resolved_options);
    super::super::define_tag(vm, proto, "Intl.PluralRules");
}

fn supported_locales_of(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    super::supported_locales_of(vm, args, "Intl.PluralRules.supportedLocalesOf")
}

fn constructor(vm: &mut Vm, _: Value, args: &[Value], new_target: Value) -> JsResult<Value> {
    if new_target.is_undefined() {
        return vm.throw(
            ErrorKind::Type,
            "Constructor Intl.PluralRules requires 'new'",
        );
    }
    let requested = canonicalize_locale_list(vm, arg(args, 0), API)?;
    let opts = coerce_options(vm, arg(args, 1))?;
    get_string_option(
        vm,
        opts,
        "localeMatcher",
        &["lookup", "best fit"],
        Some("best fit"),
        API,
    )?;
    let kind = get_string_option(
        vm,
        opts,
        "type",
        &["cardinal", "ordinal"],
        Some("cardinal"),
        API,
    )?
    .expect("defaulted");
    let notation = get_string_option(
        vm,
        opts,
        "notation",
        &["standard", "scientific", "engineering", "compact"],
        Some("standard"),
        API,
    )?
    .expect("defaulted");
    let compact_display = get_string_option(
        vm,
        opts,
        "compactDisplay",
        &["short", "long"],
        Some("short"),
        API,
    )?
    .expect("defaulted");
    let resolved = resolve_locale(&requested);
    // The digit options: SetNumberFormatDigitOptions, read through a
    // NumberFormat for the resolved locale with the same options object.
    let locale_value = vm.string_value(&resolved.locale.to_string());
    let digits_options = match opts {
        Some(o) => digits_only_options(vm, o, &notation)?,
        None => Value::UNDEFINED,
    };
    let digits = number_format::create(vm, locale_value, digits_options)?;
    let ordinal = kind == "ordinal";
    let mut popts = PluralRulesOptions::default();
    popts.rule_type = Some(if ordinal {
        PluralRuleType::Ordinal
    } else {
        PluralRuleType::Cardinal
    });
    let Ok(rules) = PluralRules::try_new((&resolved.locale).into(), popts) else {
        return vm.throw(ErrorKind::Range, &format!("{API}: no plural data"));
    };
    let state = PluralRulesState {
        locale: resolved.locale.to_string(),
        ordinal,
        notation,
        compact_display,
        rules,
        digits,
    };
    let o = super::allocate(
        vm,
        new_target,
        Intrinsic::IntlPluralRulesPrototype,
        Box::new(state),
    )?;
    Ok(Value::object(o))
}

/// A copy of the digit options only (so the NumberFormat made for them
/// reads each once, in the spec's order, and no style options).
fn digits_only_options(vm: &mut Vm, o: Gc<JsObject>, notation: &str) -> JsResult<Value> {
    let copy = vm.new_object();
    let n = vm.string_value(notation);
    vm.create_data_property(copy, PropertyKey::from_text("notation"), n)?;
    for name in [
        "minimumIntegerDigits",
        "minimumFractionDigits",
        "maximumFractionDigits",
        "minimumSignificantDigits",
        "maximumSignificantDigits",
        "roundingIncrement",
        "roundingMode",
        "roundingPriority",
        "trailingZeroDisplay",
    ] {
        let v = vm.get(o, PropertyKey::from_text(name))?;
        if !v.is_undefined() {
            vm.create_data_property(copy, PropertyKey::from_text(name), v)?;
        }
    }
    Ok(Value::object(copy))
}

fn this_plural_rules(vm: &mut Vm, this: Value, method: &str) -> JsResult<Gc<JsObject>> {
    super::this_intl_object::<PluralRulesState>(vm, this, "PluralRules", method)
}

fn state(o: &Gc<JsObject>) -> &PluralRulesState {
    o.kind
        .builtin::<PluralRulesState>()
        .expect("checked PluralRules")
}

fn category_name(c: PluralCategory) -> &'static str {
    match c {
        PluralCategory::Zero => "zero",
        PluralCategory::One => "one",
        PluralCategory::Two => "two",
        PluralCategory::Few => "few",
        PluralCategory::Many => "many",
        _ => "other",
    }
}

/// ResolvePlural: the category of `n` after the digit options.
fn resolve(pr: &PluralRulesState, n: f64) -> &'static str {
    if !n.is_finite() {
        return "other";
    }
    let text = number_format::format_parts(&pr.digits, &MathValue::Number(n.abs()))
        .runs
        .iter()
        .filter(|(k, _)| *k == "integer" || *k == "fraction" || *k == "decimal")
        .map(|(k, t)| if *k == "decimal" { "." } else { t.as_str() })
        .collect::<String>();
    let d = Decimal::try_from_str(&text)
        .or_else(|_| Decimal::try_from_f64(n.abs(), FloatPrecision::RoundTrip))
        .unwrap_or_default();
    category_name(pr.rules.category_for(&d))
}

fn select(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let pr = this_plural_rules(vm, this, "select")?;
    let n = vm.to_number(arg(args, 0))?;
    let name = resolve(state(&pr), n);
    Ok(vm.string_value(name))
}

fn select_range(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let pr = this_plural_rules(vm, this, "selectRange")?;
    let (start, end) = (arg(args, 0), arg(args, 1));
    if start.is_undefined() || end.is_undefined() {
        return vm.throw(
            ErrorKind::Type,
            "Intl.PluralRules.prototype.selectRange: start and end are required",
        );
    }
    let x = vm.to_number(start)?;
    let y = vm.to_number(end)?;
    if x.is_nan() || y.is_nan() {
        return vm.throw(
            ErrorKind::Range,
            "Intl.PluralRules.prototype.selectRange: start or end is NaN",
        );
    }
    // Without CLDR's range data loaded, the end's category (the rule for
    // most locales, English included).
    let name = resolve(state(&pr), y);
    Ok(vm.string_value(name))
}

fn resolved_options(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let pr = this_plural_rules(vm, this, "resolvedOptions")?;
    let st = state(&pr);
    let locale = st.locale.clone();
    let ordinal = st.ordinal;
    let notation = st.notation.clone();
    let compact_display = st.compact_display.clone();
    let categories: Vec<&'static str> = {
        let mut c: Vec<PluralCategory> = st.rules.categories().collect();
        let order = |c: &PluralCategory| match c {
            PluralCategory::Zero => 0,
            PluralCategory::One => 1,
            PluralCategory::Two => 2,
            PluralCategory::Few => 3,
            PluralCategory::Many => 4,
            _ => 5,
        };
        c.sort_by_key(order);
        c.into_iter().map(category_name).collect()
    };
    // The digit options as the NumberFormat resolved them.
    let nf_opts = number_format::resolved_digit_options(&st.digits);
    let r = vm.new_object();
    put_str(vm, r, "locale", &locale)?;
    put_str(vm, r, "type", if ordinal { "ordinal" } else { "cardinal" })?;
    put_str(vm, r, "notation", &notation)?;
    if notation == "compact" {
        put_str(vm, r, "compactDisplay", &compact_display)?;
    }
    let has_sig = nf_opts
        .iter()
        .any(|(n, _)| *n == "minimumSignificantDigits");
    let categories_after = if has_sig {
        "maximumSignificantDigits"
    } else {
        "maximumFractionDigits"
    };
    for (name, v) in nf_opts {
        match v {
            number_format::OptionValue::Int(n) => put(vm, r, name, Value::int(n as i32))?,
            number_format::OptionValue::Text(t) => put_str(vm, r, name, &t)?,
        }
        if name == categories_after {
            let names: Vec<String> = categories.iter().map(|s| s.to_string()).collect();
            let arr = vm.new_string_array(&names)?;
            put(vm, r, "pluralCategories", Value::object(arr))?;
        }
    }
    Ok(Value::object(r))
}
