//! Intl.Collator and the locale-aware `String.prototype.localeCompare`:
//! ICU4X's `CollatorBorrowed` (the root collation and each locale's
//! tailoring), set up from ECMA-402's usage, sensitivity, ignorePunctuation,
//! numeric and caseFirst.

use std::cmp::Ordering;

use icu_collator::options::{AlternateHandling, CaseLevel, CollatorOptions, Strength};
use icu_collator::preferences::{CollationCaseFirst, CollationNumericOrdering, CollationType};
use icu_collator::{CollatorBorrowed, CollatorPreferences};

use super::{
    bool_value, canonicalize_locale_list, coerce_options, get_bool_option, get_string_option,
    is_unicode_type, put, put_str, resolve_locale,
};
use crate::builtins::arg;
use crate::heap::{Gc, Trace, Tracer};
use crate::interpreter::{ErrorKind, JsResult, Vm};
use crate::object::kind::BuiltinState;
use crate::object::{JsObject, ObjectKind, PropertyKey};
use crate::realm::{Intrinsic, Realm};
use crate::value::{AtomicValue, Value};

const API: &str = "Intl.Collator";

/// A Collator's state: resolved options, the ICU4X collator (immutable,
/// `Send + Sync`) and the bound `compare` once it was read.
pub struct CollatorState {
    locale: String,
    usage: String,
    sensitivity: String,
    ignore_punctuation: bool,
    numeric: bool,
    case_first: String,
    collator: CollatorBorrowed<'static>,
    bound_compare: AtomicValue,
}

impl Trace for CollatorState {
    fn trace(&self, tracer: &mut Tracer) {
        tracer.mark_value(self.bound_compare.load());
    }
}

impl BuiltinState for CollatorState {
    fn class_name(&self) -> &'static str {
        "Intl.Collator"
    }
}

pub fn install(vm: &mut Vm, realm: Gc<Realm>, intl: Gc<JsObject>) {
    let object_proto = realm.intrinsic(Intrinsic::ObjectPrototype);
    let proto = vm.alloc_object(Value::object(object_proto), ObjectKind::Ordinary);
    realm.set_intrinsic(Intrinsic::IntlCollatorPrototype, proto);
    let ctor = vm.define_constructor(intl, "Collator", 0, constructor, proto);
    vm.define_builtin(ctor, "supportedLocalesOf", 1, supported_locales_of);
    vm.define_builtin(proto, "resolvedOptions", 0, resolved_options);
    vm.define_builtin_accessor(
        proto,
        PropertyKey::from_text("compare"),
        Some(compare_getter),
        None,
        false,
    );
    super::super::define_tag(vm, proto, "Intl.Collator");
}

fn supported_locales_of(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    super::supported_locales_of(vm, args, "Intl.Collator.supportedLocalesOf")
}

fn constructor(vm: &mut Vm, _: Value, args: &[Value], new_target: Value) -> JsResult<Value> {
    let state = create(vm, arg(args, 0), arg(args, 1))?;
    let o = super::allocate(
        vm,
        new_target,
        Intrinsic::IntlCollatorPrototype,
        Box::new(state),
    )?;
    Ok(Value::object(o))
}

/// InitializeCollator.
pub fn create(vm: &mut Vm, locales: Value, options: Value) -> JsResult<CollatorState> {
    let requested = canonicalize_locale_list(vm, locales, API)?;
    let opts = coerce_options(vm, options)?;
    let usage = get_string_option(vm, opts, "usage", &["sort", "search"], Some("sort"), API)?
        .expect("defaulted");
    get_string_option(
        vm,
        opts,
        "localeMatcher",
        &["lookup", "best fit"],
        Some("best fit"),
        API,
    )?;
    let collation = get_string_option(vm, opts, "collation", &[], None, API)?;
    if let Some(c) = &collation
        && !is_unicode_type(c)
    {
        return vm.throw(
            ErrorKind::Range,
            &format!("{API}: invalid collation \"{c}\""),
        );
    }
    let numeric_option = get_bool_option(vm, opts, "numeric")?;
    let case_first_option = get_string_option(
        vm,
        opts,
        "caseFirst",
        &["upper", "lower", "false"],
        None,
        API,
    )?;
    let resolved = resolve_locale(&requested);
    // -u-kn and -u-kf apply unless an option says otherwise; the tag keeps
    // them only when they were used.
    let kn_ext = resolved
        .keyword("kn")
        .filter(|v| *v == "true" || *v == "false");
    let kf_ext = resolved
        .keyword("kf")
        .filter(|v| ["upper", "lower", "false"].contains(v));
    let numeric = numeric_option.unwrap_or(kn_ext == Some("true"));
    let case_first = case_first_option
        .clone()
        .or(kf_ext.map(String::from))
        .unwrap_or_else(|| "false".to_string());
    let mut keywords: Vec<(&str, String)> = Vec::new();
    if let Some(kf) = kf_ext
        && (case_first_option.is_none() || case_first_option.as_deref() == Some(kf))
    {
        keywords.push(("kf", kf.to_string()));
    }
    if let Some(kn) = kn_ext
        && (numeric_option.is_none() || numeric_option == Some(kn == "true"))
    {
        keywords.push(("kn", kn.to_string()));
    }
    let kw: Vec<(&str, &str)> = keywords.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let locale = super::locale_tag(&resolved.locale, &kw);

    let sensitivity = get_string_option(
        vm,
        opts,
        "sensitivity",
        &["base", "accent", "case", "variant"],
        Some("variant"),
        API,
    )?
    .expect("defaulted");
    let ignore_punctuation = get_bool_option(vm, opts, "ignorePunctuation")?
        .unwrap_or(resolved.locale.id.language.as_str() == "th");

    let mut prefs = CollatorPreferences::from(&resolved.locale);
    prefs.numeric_ordering = Some(if numeric {
        CollationNumericOrdering::True
    } else {
        CollationNumericOrdering::False
    });
    prefs.case_first = Some(match case_first.as_str() {
        "upper" => CollationCaseFirst::Upper,
        "lower" => CollationCaseFirst::Lower,
        _ => CollationCaseFirst::False,
    });
    if usage == "search" {
        prefs.collation_type = Some(CollationType::Search);
    }
    let mut copts = CollatorOptions::default();
    let (strength, case_level) = match sensitivity.as_str() {
        "base" => (Strength::Primary, CaseLevel::Off),
        "accent" => (Strength::Secondary, CaseLevel::Off),
        "case" => (Strength::Primary, CaseLevel::On),
        _ => (Strength::Tertiary, CaseLevel::Off),
    };
    copts.strength = Some(strength);
    copts.case_level = Some(case_level);
    copts.alternate_handling = Some(if ignore_punctuation {
        AlternateHandling::Shifted
    } else {
        AlternateHandling::NonIgnorable
    });
    let collator = match CollatorBorrowed::try_new(prefs, copts) {
        Ok(c) => c,
        Err(_) => {
            return vm.throw(
                ErrorKind::Range,
                &format!("{API}: no collation data for {locale}"),
            );
        }
    };
    Ok(CollatorState {
        locale,
        usage,
        sensitivity,
        ignore_punctuation,
        numeric,
        case_first,
        collator,
        bound_compare: AtomicValue::new(Value::UNDEFINED),
    })
}

fn this_collator(vm: &mut Vm, this: Value, method: &str) -> JsResult<Gc<JsObject>> {
    super::this_intl_object::<CollatorState>(vm, this, "Collator", method)
}

fn state(o: &Gc<JsObject>) -> &CollatorState {
    o.kind.builtin::<CollatorState>().expect("checked Collator")
}

fn ordering_value(o: Ordering) -> Value {
    Value::int(match o {
        Ordering::Less => -1,
        Ordering::Equal => 0,
        Ordering::Greater => 1,
    })
}

/// Compares two UTF-16 strings with a collator's rules.
pub fn compare_units(c: &CollatorState, a: &[u16], b: &[u16]) -> Value {
    ordering_value(c.collator.compare_utf16(a, b))
}

fn compare_getter(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let c = this_collator(vm, this, "compare")?;
    Ok(super::bound_once(
        vm,
        c,
        &state(&c).bound_compare,
        2,
        bound_compare,
    ))
}

fn bound_compare(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let c = vm.native_data(0).as_object().expect("bound to a Collator");
    let x = vm.to_string(arg(args, 0))?;
    let y = vm.to_string(arg(args, 1))?;
    Ok(compare_units(state(&c), x.units(), y.units()))
}

fn resolved_options(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let c = this_collator(vm, this, "resolvedOptions")?;
    let st = state(&c);
    let (locale, usage, sensitivity, ignore, numeric, case_first) = (
        st.locale.clone(),
        st.usage.clone(),
        st.sensitivity.clone(),
        st.ignore_punctuation,
        st.numeric,
        st.case_first.clone(),
    );
    let r = vm.new_object();
    put_str(vm, r, "locale", &locale)?;
    put_str(vm, r, "usage", &usage)?;
    put_str(vm, r, "sensitivity", &sensitivity)?;
    put(vm, r, "ignorePunctuation", bool_value(ignore))?;
    put_str(vm, r, "collation", "default")?;
    put(vm, r, "numeric", bool_value(numeric))?;
    put_str(vm, r, "caseFirst", &case_first)?;
    Ok(Value::object(r))
}

/// `String.prototype.localeCompare(that, locales, options)`.
pub fn locale_compare(
    vm: &mut Vm,
    a: &[u16],
    b: &[u16],
    locales: Value,
    options: Value,
) -> JsResult<Value> {
    let c = create(vm, locales, options)?;
    Ok(compare_units(&c, a, b))
}
