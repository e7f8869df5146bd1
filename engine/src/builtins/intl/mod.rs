//! ECMA-402 (`Intl`) through ICU4X with its compiled CLDR data: the `Intl`
//! object, `Intl.getCanonicalLocales`, `Intl.supportedValuesOf`, locale
//! negotiation (CanonicalizeLocaleList, the lookup ResolveLocale,
//! SupportedLocales) and option reading (CoerceOptionsToObject, GetOption,
//! GetNumberOption), which every constructor shares. One file per
//! constructor; each keeps its ICU4X formatter (`Send + Sync`, immutable)
//! in its object's built-in state, so a call never takes a lock.
//!
//! The data is ICU4X's compiled data, so every locale CLDR's "modern"
//! coverage has is available. The default locale is `en-US`; the time
//! zone is UTC, the local time zone of weft's `Date`.

pub(crate) mod collator;
pub(crate) mod date_time_format;
pub(crate) mod number_format;
pub(crate) mod parts;
pub(crate) mod plural_rules;

use icu_locale::LocaleCanonicalizer;
use icu_locale::{Locale, subtags::Language};
use icu_provider::prelude::*;

use super::arg;
use crate::heap::Gc;
use crate::interpreter::{ErrorKind, JsResult, Vm};
use crate::object::{Attributes, JsObject, ObjectKind, PropertyKey};
use crate::realm::{Intrinsic, Realm};
use crate::value::Value;

/// The locale used when none of the requested ones is available.
pub const DEFAULT_LOCALE: &str = "en-US";

pub fn install(vm: &mut Vm, realm: Gc<Realm>, global: Gc<JsObject>) {
    let object_proto = realm.intrinsic(Intrinsic::ObjectPrototype);
    let intl = vm.alloc_object(Value::object(object_proto), ObjectKind::Ordinary);
    super::define_tag(vm, intl, "Intl");
    global.define_own(
        PropertyKey::from_text("Intl"),
        Value::object(intl),
        Attributes::HIDDEN,
    );
    vm.define_builtin(intl, "getCanonicalLocales", 1, get_canonical_locales);
    vm.define_builtin(intl, "supportedValuesOf", 1, supported_values_of);
    collator::install(vm, realm, intl);
    date_time_format::install(vm, realm, intl);
    number_format::install(vm, realm, intl);
    plural_rules::install(vm, realm, intl);
}

fn get_canonical_locales(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let list = canonicalize_locale_list(vm, arg(args, 0), "Intl.getCanonicalLocales")?;
    let tags: Vec<String> = list.iter().map(|l| l.to_string()).collect();
    Ok(Value::object(vm.new_string_array(&tags)?))
}

fn supported_values_of(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let key = vm.to_string(arg(args, 0))?.to_rust_string();
    let values: &[&str] = match key.as_str() {
        "calendar" => &["gregory", "iso8601"],
        "collation" => &["default"],
        "currency" => &number_format::KNOWN_CURRENCIES,
        "numberingSystem" => &["latn"],
        "timeZone" => &["UTC"],
        "unit" => &number_format::SANCTIONED_UNITS,
        _ => {
            return vm.throw(
                ErrorKind::Range,
                &format!("Intl.supportedValuesOf: invalid key \"{key}\""),
            );
        }
    };
    let mut values: Vec<String> = values.iter().map(|s| s.to_string()).collect();
    values.sort();
    Ok(Value::object(vm.new_string_array(&values)?))
}

/// Parses and canonicalizes one language tag, or a RangeError naming `api`.
pub fn canonical_locale(vm: &mut Vm, tag: &str, api: &str) -> JsResult<Locale> {
    // ICU4X also accepts `_` separators and a private-use-only tag; BCP 47
    // as ECMA-402 uses it does not.
    let valid_shape = !tag.is_empty()
        && tag.is_ascii()
        && !tag.contains('_')
        && !tag.to_ascii_lowercase().starts_with("x-")
        && tag.split('-').all(|s| !s.is_empty() && s.len() <= 8);
    let parsed = if valid_shape {
        Locale::try_from_str(tag).ok()
    } else {
        None
    };
    let Some(mut locale) = parsed.filter(|l| has_no_duplicate_subtags(l, tag)) else {
        return vm.throw(
            ErrorKind::Range,
            &format!("{api}: invalid language tag \"{tag}\""),
        );
    };
    LocaleCanonicalizer::new_extended().canonicalize(&mut locale);
    Ok(locale)
}

/// The duplicate variants and singletons ECMA-402 rejects.
fn has_no_duplicate_subtags(locale: &Locale, tag: &str) -> bool {
    let variants = &locale.id.variants;
    let mut seen: Vec<String> = Vec::new();
    for v in variants.iter() {
        let v = v.to_string();
        if seen.contains(&v) {
            return false;
        }
        seen.push(v);
    }
    // Singletons before any private-use part appear once.
    let lower = tag.to_ascii_lowercase();
    let mut singletons: Vec<&str> = Vec::new();
    for s in lower.split('-').skip(1) {
        if s == "x" {
            break;
        }
        if s.len() == 1 {
            if singletons.contains(&s) {
                return false;
            }
            singletons.push(s);
        }
    }
    true
}

/// CanonicalizeLocaleList.
pub fn canonicalize_locale_list(vm: &mut Vm, locales: Value, api: &str) -> JsResult<Vec<Locale>> {
    let mut seen: Vec<Locale> = Vec::new();
    if locales.is_undefined() {
        return Ok(seen);
    }
    let items: Vec<Value> = if locales.is_string() {
        vec![locales]
    } else {
        let o = vm.to_object(locales)?;
        let len_v = vm.get(o, PropertyKey::from_text("length"))?;
        let len = vm.to_length(len_v)?;
        let mut items = Vec::new();
        for k in 0..len as u64 {
            let key = Vm::index_key(k);
            if vm.has_property(o, key)? {
                let v = vm.get(o, key)?;
                if !v.is_string() && !v.is_object() {
                    return vm.throw(
                        ErrorKind::Type,
                        &format!("{api}: a locale must be a string or an object"),
                    );
                }
                items.push(v);
            }
        }
        items
    };
    for v in items {
        let tag = vm.to_string(v)?.to_rust_string();
        let locale = canonical_locale(vm, &tag, api)?;
        if !seen.contains(&locale) {
            seen.push(locale);
        }
    }
    Ok(seen)
}

/// Whether the compiled data has `locale`'s language (falling back to a
/// parent locale, as the formatters do, but not to the root). The test is
/// the wide Gregorian month names, which no language shares with the root
/// (number symbols and plural rules often do, so those are deduplicated
/// into the root's data).
pub fn is_available(locale: &Locale) -> bool {
    if locale.id.language == Language::UNKNOWN {
        return false;
    }
    let data_locale = DataLocale::from(locale);
    let req = DataRequest {
        id: DataIdentifierBorrowed::for_marker_attributes_and_locale(
            DataMarkerAttributes::from_str_or_panic("5"),
            &data_locale,
        ),
        ..Default::default()
    };
    let loaded: Result<
        DataResponse<icu_datetime::provider::names::DatetimeNamesMonthGregorianV1>,
        _,
    > = icu_datetime::provider::Baked.load(req);
    match loaded {
        Ok(resp) => resp
            .metadata
            .locale
            .is_none_or(|l| l.language != Language::UNKNOWN),
        Err(_) => false,
    }
}

/// BestAvailableLocale (without extensions) of one requested locale.
fn best_available(requested: &Locale) -> Option<Locale> {
    let mut candidate = Locale::from(requested.id.clone());
    loop {
        if is_available(&candidate) {
            return Some(candidate);
        }
        let id = &mut candidate.id;
        if !id.variants.is_empty() {
            id.variants = Default::default();
        } else if id.region.is_some() {
            id.region = None;
        } else if id.script.is_some() {
            id.script = None;
        } else {
            return None;
        }
    }
}

/// The outcome of ResolveLocale: the available locale (no extensions) and
/// the Unicode extension keywords the request carried.
pub struct ResolvedLocale {
    pub locale: Locale,
    /// The `-u-` keywords of the matched request, as (key, value) text.
    pub keywords: Vec<(String, String)>,
}

impl ResolvedLocale {
    /// The request's value of keyword `key` (`"true"` for a bare key).
    pub fn keyword(&self, key: &str) -> Option<&str> {
        self.keywords
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| if v.is_empty() { "true" } else { v.as_str() })
    }
}

/// ResolveLocale with the lookup matcher (ICU4X's fallback is the "best
/// fit" here too).
pub fn resolve_locale(requested: &[Locale]) -> ResolvedLocale {
    for r in requested {
        if let Some(locale) = best_available(r) {
            let keywords = r
                .extensions
                .unicode
                .keywords
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            return ResolvedLocale { locale, keywords };
        }
    }
    ResolvedLocale {
        locale: Locale::try_from_str(DEFAULT_LOCALE).expect("the default locale parses"),
        keywords: Vec::new(),
    }
}

/// A resolved locale's tag with the extension keywords it uses.
pub fn locale_tag(locale: &Locale, keywords: &[(&str, &str)]) -> String {
    let mut tag = locale.to_string();
    if !keywords.is_empty() {
        tag.push_str("-u");
        for (k, v) in keywords {
            tag.push('-');
            tag.push_str(k);
            if !v.is_empty() && *v != "true" {
                tag.push('-');
                tag.push_str(v);
            }
        }
    }
    tag
}

/// `supportedLocalesOf` of every constructor: SupportedLocales.
pub fn supported_locales_of(vm: &mut Vm, args: &[Value], api: &str) -> JsResult<Value> {
    let requested = canonicalize_locale_list(vm, arg(args, 0), api)?;
    let options = arg(args, 1);
    if !options.is_undefined() {
        let o = vm.to_object(options)?;
        get_string_option(
            vm,
            Some(o),
            "localeMatcher",
            &["lookup", "best fit"],
            None,
            api,
        )?;
    }
    let tags: Vec<String> = requested
        .iter()
        .filter(|r| best_available(r).is_some())
        .map(|r| r.to_string())
        .collect();
    Ok(Value::object(vm.new_string_array(&tags)?))
}

/// CoerceOptionsToObject: undefined reads as no options.
/// `this` if it is an `Intl.<ctor>` object (its state a `T`), else the
/// TypeError naming `Intl.<ctor>.prototype.<method>`.
pub fn this_intl_object<T: 'static>(
    vm: &mut Vm,
    this: Value,
    ctor: &str,
    method: &str,
) -> JsResult<Gc<JsObject>> {
    match this.as_object() {
        Some(o) if o.kind.builtin::<T>().is_some() => Ok(o),
        _ => vm.throw(
            ErrorKind::Type,
            &format!("Intl.{ctor}.prototype.{method} called on an incompatible receiver"),
        ),
    }
}

pub fn coerce_options(vm: &mut Vm, options: Value) -> JsResult<Option<Gc<JsObject>>> {
    if options.is_undefined() {
        Ok(None)
    } else {
        Ok(Some(vm.to_object(options)?))
    }
}

fn read_option(vm: &mut Vm, options: Option<Gc<JsObject>>, name: &str) -> JsResult<Value> {
    match options {
        Some(o) => vm.get(o, PropertyKey::from_text(name)),
        None => Ok(Value::UNDEFINED),
    }
}

/// GetOption for a string option: `allowed` (when not empty) lists the
/// valid values; anything else is a RangeError.
pub fn get_string_option(
    vm: &mut Vm,
    options: Option<Gc<JsObject>>,
    name: &str,
    allowed: &[&str],
    default: Option<&str>,
    api: &str,
) -> JsResult<Option<String>> {
    let v = read_option(vm, options, name)?;
    if v.is_undefined() {
        return Ok(default.map(String::from));
    }
    let s = vm.to_string(v)?.to_rust_string();
    if !allowed.is_empty() && !allowed.contains(&s.as_str()) {
        return vm.throw(
            ErrorKind::Range,
            &format!("{api}: invalid value \"{s}\" for option {name}"),
        );
    }
    Ok(Some(s))
}

/// GetOption for a boolean option.
pub fn get_bool_option(
    vm: &mut Vm,
    options: Option<Gc<JsObject>>,
    name: &str,
) -> JsResult<Option<bool>> {
    let v = read_option(vm, options, name)?;
    if v.is_undefined() {
        return Ok(None);
    }
    Ok(Some(vm.to_boolean(v)))
}

/// DefaultNumberOption: undefined gives `default`; otherwise an integral
/// number in `min..=max` or a RangeError.
pub fn default_number_option(
    vm: &mut Vm,
    v: Value,
    min: u32,
    max: u32,
    default: Option<u32>,
    name: &str,
    api: &str,
) -> JsResult<Option<u32>> {
    if v.is_undefined() {
        return Ok(default);
    }
    let n = vm.to_number(v)?;
    if n.is_nan() || n < min as f64 || n > max as f64 {
        return vm.throw(
            ErrorKind::Range,
            &format!("{api}: option {name} must be between {min} and {max}"),
        );
    }
    Ok(Some(n.floor() as u32))
}

/// GetNumberOption.
pub fn get_number_option(
    vm: &mut Vm,
    options: Option<Gc<JsObject>>,
    name: &str,
    min: u32,
    max: u32,
    default: Option<u32>,
    api: &str,
) -> JsResult<Option<u32>> {
    let v = read_option(vm, options, name)?;
    default_number_option(vm, v, min, max, default, name, api)
}

/// Reads an option's raw value (for options read before validation).
pub fn get_raw_option(vm: &mut Vm, options: Option<Gc<JsObject>>, name: &str) -> JsResult<Value> {
    read_option(vm, options, name)
}

/// Whether `s` is a Unicode `type` sequence (3–8 alphanumerics, by `-`),
/// the shape `numberingSystem`, `calendar` and `collation` options need.
pub fn is_unicode_type(s: &str) -> bool {
    !s.is_empty()
        && s.split('-')
            .all(|p| (3..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Defines `name: v` on a resolvedOptions result.
pub fn put(vm: &mut Vm, o: Gc<JsObject>, name: &str, v: Value) -> JsResult<()> {
    vm.create_data_property(o, PropertyKey::from_text(name), v)?;
    Ok(())
}

/// Defines `name: "text"` on a resolvedOptions result.
pub fn put_str(vm: &mut Vm, o: Gc<JsObject>, name: &str, text: &str) -> JsResult<()> {
    let v = vm.string_value(text);
    put(vm, o, name, v)
}

pub fn bool_value(b: bool) -> Value {
    if b { Value::TRUE } else { Value::FALSE }
}

/// The object a constructor allocates: its prototype from `new_target`,
/// falling back to the realm's `fallback`.
/// The function a `format` or `compare` getter returns: made once per
/// object, bound to it (its native data), and cached in `slot`.
pub fn bound_once(
    vm: &mut Vm,
    o: Gc<JsObject>,
    slot: &crate::value::AtomicValue,
    length: u32,
    func: crate::function::NativeFn,
) -> Value {
    let cached = slot.load();
    if !cached.is_undefined() {
        return cached;
    }
    let name = crate::string::Atom::intern_str("");
    let f = Value::object(vm.new_native(name, length, func, false, &[Value::object(o)]));
    slot.store(f);
    f
}

pub fn allocate(
    vm: &mut Vm,
    new_target: Value,
    fallback: Intrinsic,
    state: Box<dyn crate::object::kind::BuiltinState>,
) -> JsResult<Gc<JsObject>> {
    // Called as a function, the legacy constructors construct anyway (from
    // the active function, as ECMA-402 says).
    let new_target = if new_target.is_undefined() {
        vm.active_native()
    } else {
        new_target
    };
    let proto = vm.prototype_from_constructor(new_target, fallback)?;
    Ok(vm.alloc_object(Value::object(proto), ObjectKind::Builtin(state)))
}
