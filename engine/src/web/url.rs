//! URL and URLSearchParams (the WHATWG URL standard) over the `url` crate:
//! parsing with a base, `URL.canParse`/`URL.parse`, every component getter
//! and setter (the crate's `quirks` module implements the standard's
//! setters), and URLSearchParams over an
//! application/x-www-form-urlencoded list.
//!
//! A URL's parsed record is behind a mutex in its state, and so is a
//! URLSearchParams's list. A URL's `searchParams` object is made with the
//! URL and stays linked to it both ways: setting `search` or `href`
//! re-reads the list from the query, and every change to the list writes
//! the query back. The two locks are never held together, and neither is
//! held while JS runs.

use std::sync::atomic::{AtomicUsize, Ordering};

use parking_lot::Mutex;
use url::Url;
use url::form_urlencoded;

use super::{require_args, this_with, usv_string};
use crate::builtins::{arg, define_tag};
use crate::function::NativeFn;
use crate::heap::{Gc, Trace, Tracer};
use crate::interpreter::{ErrorKind, JsResult, Vm};
use crate::object::kind::BuiltinState;
use crate::object::{Attributes, JsObject, ObjectKind, PropertyKey};
use crate::realm::{Intrinsic, Realm};
use crate::string::atom::symbols;
use crate::value::{AtomicValue, Value};

/// A URL object: its record and its URLSearchParams object.
pub(crate) struct UrlState {
    url: Mutex<Url>,
    search_params: AtomicValue,
}

impl Trace for UrlState {
    fn trace(&self, tracer: &mut Tracer) {
        tracer.mark_value(self.search_params.load());
    }
}

impl BuiltinState for UrlState {
    fn class_name(&self) -> &'static str {
        "URL"
    }
    fn inspect_keys(&self) -> &'static [&'static str] {
        &[
            "href",
            "origin",
            "protocol",
            "username",
            "password",
            "host",
            "hostname",
            "port",
            "pathname",
            "search",
            "searchParams",
            "hash",
        ]
    }
}

/// A URLSearchParams object: its name-value list and the URL object it
/// belongs to (undefined if none).
pub(crate) struct SearchParams {
    list: Mutex<Vec<(String, String)>>,
    url: AtomicValue,
}

impl Trace for SearchParams {
    fn trace(&self, tracer: &mut Tracer) {
        tracer.mark_value(self.url.load());
    }
}

impl BuiltinState for SearchParams {
    fn class_name(&self) -> &'static str {
        "URLSearchParams"
    }
}

impl SearchParams {
    /// Its name-value pairs now (for `console.log`).
    pub(crate) fn pairs(&self) -> Vec<(String, String)> {
        self.list.lock().clone()
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum IterKind {
    Keys,
    Values,
    Entries,
}

/// A URLSearchParams iterator: the list is read afresh at each step.
pub(crate) struct ParamsIterator {
    params: Value,
    index: AtomicUsize,
    kind: IterKind,
}

impl Trace for ParamsIterator {
    fn trace(&self, tracer: &mut Tracer) {
        tracer.mark_value(self.params);
    }
}

impl BuiltinState for ParamsIterator {
    fn class_name(&self) -> &'static str {
        "URLSearchParams Iterator"
    }
}

/// The URL components with a getter (and a setter unless `None`).
macro_rules! components {
    ($($name:literal => $get:ident, $set:ident: |$u:ident, $v:ident| $body:expr;)*) => {
        $(
            fn $get(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
                let o = this_with::<UrlState>(vm, this, concat!("URL.", $name))?;
                let text = {
                    let u = url_state(&o).url.lock();
                    url::quirks::$get(&u).to_string()
                };
                Ok(vm.string_value(&text))
            }
            fn $set(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
                let o = this_with::<UrlState>(vm, this, concat!("URL.", $name))?;
                let $v = usv_string(vm, arg(args, 0))?;
                {
                    let mut $u = url_state(&o).url.lock();
                    let $u = &mut *$u;
                    let _ = $body;
                }
                Ok(Value::UNDEFINED)
            }
        )*
        const COMPONENTS: &[(&str, NativeFn, NativeFn)] = &[$(($name, $get, $set),)*];
    };
}

components! {
    "protocol" => protocol, set_protocol: |u, v| url::quirks::set_protocol(u, &v);
    "username" => username, set_username: |u, v| url::quirks::set_username(u, &v);
    "password" => password, set_password: |u, v| url::quirks::set_password(u, &v);
    "host" => host, set_host: |u, v| url::quirks::set_host(u, &v);
    "hostname" => hostname, set_hostname: |u, v| url::quirks::set_hostname(u, &v);
    "port" => port, set_port: |u, v| url::quirks::set_port(u, &v);
    "pathname" => pathname, set_pathname: |u, v| url::quirks::set_pathname(u, &v);
    "hash" => hash, set_hash: |u, v| url::quirks::set_hash(u, &v);
}

pub(crate) fn install(vm: &mut Vm, realm: Gc<Realm>, global: Gc<JsObject>) {
    let object_proto = realm.intrinsic(Intrinsic::ObjectPrototype);

    let url_proto = vm.alloc_object(Value::object(object_proto), ObjectKind::Ordinary);
    realm.set_intrinsic(Intrinsic::UrlPrototype, url_proto);
    let url_ctor = vm.define_constructor(global, "URL", 1, url_constructor, url_proto);
    vm.define_builtin(url_ctor, "canParse", 1, url_can_parse);
    vm.define_builtin(url_ctor, "parse", 1, url_parse);
    let accessor = |vm: &mut Vm, name: &str, get: NativeFn, set: Option<NativeFn>| {
        vm.define_builtin_accessor(
            url_proto,
            PropertyKey::from_text(name),
            Some(get),
            set,
            true,
        );
    };
    accessor(vm, "href", href, Some(set_href));
    accessor(vm, "origin", origin, None);
    for &(name, get, set) in COMPONENTS.iter().take(6) {
        accessor(vm, name, get, Some(set));
    }
    accessor(vm, "pathname", pathname, Some(set_pathname));
    accessor(vm, "search", search, Some(set_search));
    accessor(vm, "searchParams", search_params, None);
    accessor(vm, "hash", hash, Some(set_hash));
    vm.define_builtin(url_proto, "toString", 0, href);
    vm.define_builtin(url_proto, "toJSON", 0, href);
    define_tag(vm, url_proto, "URL");

    let sp_proto = vm.alloc_object(Value::object(object_proto), ObjectKind::Ordinary);
    realm.set_intrinsic(Intrinsic::UrlSearchParamsPrototype, sp_proto);
    vm.define_constructor(global, "URLSearchParams", 0, params_constructor, sp_proto);
    vm.define_builtin(sp_proto, "append", 2, params_append);
    vm.define_builtin(sp_proto, "delete", 1, params_delete);
    vm.define_builtin(sp_proto, "get", 1, params_get);
    vm.define_builtin(sp_proto, "getAll", 1, params_get_all);
    vm.define_builtin(sp_proto, "has", 1, params_has);
    vm.define_builtin(sp_proto, "set", 2, params_set);
    vm.define_builtin(sp_proto, "sort", 0, params_sort);
    let entries = vm.define_builtin(sp_proto, "entries", 0, params_entries);
    vm.define_builtin(sp_proto, "forEach", 1, params_for_each);
    vm.define_builtin(sp_proto, "keys", 0, params_keys);
    vm.define_builtin(sp_proto, "values", 0, params_values);
    sp_proto.define_own(
        PropertyKey::Atom(symbols::ITERATOR),
        Value::object(entries),
        Attributes::HIDDEN,
    );
    vm.define_builtin(sp_proto, "toString", 0, params_to_string);
    vm.define_builtin_accessor(
        sp_proto,
        PropertyKey::from_text("size"),
        Some(params_size),
        None,
        true,
    );
    define_tag(vm, sp_proto, "URLSearchParams");

    let iter_proto = vm.alloc_object(
        realm.intrinsic_value(Intrinsic::IteratorPrototype),
        ObjectKind::Ordinary,
    );
    realm.set_intrinsic(Intrinsic::UrlSearchParamsIteratorPrototype, iter_proto);
    vm.define_builtin(iter_proto, "next", 0, params_iterator_next);
    define_tag(vm, iter_proto, "URLSearchParams Iterator");
}

fn url_state(o: &Gc<JsObject>) -> &UrlState {
    o.kind.builtin::<UrlState>().expect("checked URL")
}

fn params_state(o: &Gc<JsObject>) -> &SearchParams {
    o.kind
        .builtin::<SearchParams>()
        .expect("checked URLSearchParams")
}

/// The API's parse: `url` against the optional `base` (both USVStrings);
/// Err(message) on failure.
fn parse(vm: &mut Vm, url: Value, base: Value) -> JsResult<Result<Url, String>> {
    let input = usv_string(vm, url)?;
    let base = if base.is_undefined() {
        None
    } else {
        let b = usv_string(vm, base)?;
        match Url::parse(&b) {
            Ok(u) => Some(u),
            Err(_) => return Ok(Err(format!("URL: Invalid base URL '{b}'"))),
        }
    };
    Ok(Url::options()
        .base_url(base.as_ref())
        .parse(&input)
        .map_err(|_| format!("URL: Invalid URL '{input}'")))
}

/// The name-value pairs of a query string.
fn parse_query(query: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(query.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

fn serialize(list: &[(String, String)]) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(list.iter())
        .finish()
}

/// A new URL object (and its URLSearchParams) with prototype `proto`.
fn new_url(vm: &mut Vm, proto: Gc<JsObject>, url: Url) -> Gc<JsObject> {
    let list = parse_query(url.query().unwrap_or(""));
    let sp_proto = vm
        .current_realm()
        .intrinsic(Intrinsic::UrlSearchParamsPrototype);
    let params = vm.alloc_object(
        Value::object(sp_proto),
        ObjectKind::Builtin(Box::new(SearchParams {
            list: Mutex::new(list),
            url: AtomicValue::new(Value::UNDEFINED),
        })),
    );
    let obj = vm.alloc_object(
        Value::object(proto),
        ObjectKind::Builtin(Box::new(UrlState {
            url: Mutex::new(url),
            search_params: AtomicValue::new(Value::object(params)),
        })),
    );
    params_state(&params).url.store(Value::object(obj));
    obj
}

fn url_constructor(vm: &mut Vm, _: Value, args: &[Value], new_target: Value) -> JsResult<Value> {
    if new_target.is_undefined() {
        return vm.throw(ErrorKind::Type, "URL: constructor requires 'new'");
    }
    require_args(vm, args, 1, "URL")?;
    let parsed = match parse(vm, arg(args, 0), arg(args, 1))? {
        Ok(u) => u,
        Err(message) => return vm.throw(ErrorKind::Type, &message),
    };
    let proto = vm.prototype_from_constructor(new_target, Intrinsic::UrlPrototype)?;
    Ok(Value::object(new_url(vm, proto, parsed)))
}

fn url_can_parse(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    require_args(vm, args, 1, "URL.canParse")?;
    Ok(Value::bool(parse(vm, arg(args, 0), arg(args, 1))?.is_ok()))
}

fn url_parse(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    require_args(vm, args, 1, "URL.parse")?;
    match parse(vm, arg(args, 0), arg(args, 1))? {
        Ok(u) => {
            let proto = vm.current_realm().intrinsic(Intrinsic::UrlPrototype);
            Ok(Value::object(new_url(vm, proto, u)))
        }
        Err(_) => Ok(Value::NULL),
    }
}

fn href(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let o = this_with::<UrlState>(vm, this, "URL.href")?;
    let text = url_state(&o).url.lock().as_str().to_string();
    Ok(vm.string_value(&text))
}

/// Changes URL `o` and re-reads its searchParams list from the new query,
/// as one step: the URL's lock is held throughout, and taken before the
/// list's (the order every path takes), so a racing append cannot write a
/// query from a list this change has replaced.
fn change_url(o: &Gc<JsObject>, change: impl FnOnce(&mut Url)) {
    let st = url_state(o);
    let mut url = st.url.lock();
    change(&mut url);
    if let Some(p) = st.search_params.load().as_object() {
        *params_state(&p).list.lock() = parse_query(url.query().unwrap_or(""));
    }
}

fn set_href(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let o = this_with::<UrlState>(vm, this, "URL.href")?;
    let v = usv_string(vm, arg(args, 0))?;
    let Ok(parsed) = Url::parse(&v) else {
        return vm.throw(ErrorKind::Type, &format!("URL.href: Invalid URL '{v}'"));
    };
    change_url(&o, |url| *url = parsed);
    Ok(Value::UNDEFINED)
}

fn origin(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let o = this_with::<UrlState>(vm, this, "URL.origin")?;
    let text = url::quirks::origin(&url_state(&o).url.lock());
    Ok(vm.string_value(&text))
}

fn search(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let o = this_with::<UrlState>(vm, this, "URL.search")?;
    let text = url::quirks::search(&url_state(&o).url.lock()).to_string();
    Ok(vm.string_value(&text))
}

fn set_search(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let o = this_with::<UrlState>(vm, this, "URL.search")?;
    let v = usv_string(vm, arg(args, 0))?;
    change_url(&o, |url| url::quirks::set_search(url, &v));
    Ok(Value::UNDEFINED)
}

fn search_params(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let o = this_with::<UrlState>(vm, this, "URL.searchParams")?;
    Ok(url_state(&o).search_params.load())
}

// ---------------------------------------------------------------------------
// URLSearchParams.

fn params_constructor(vm: &mut Vm, _: Value, args: &[Value], new_target: Value) -> JsResult<Value> {
    if new_target.is_undefined() {
        return vm.throw(
            ErrorKind::Type,
            "URLSearchParams: constructor requires 'new'",
        );
    }
    let init = arg(args, 0);
    let list = if init.is_undefined() {
        Vec::new()
    } else if let Some(o) = init.as_object() {
        if vm
            .get_method(init, PropertyKey::Atom(symbols::ITERATOR))?
            .is_some()
        {
            let mut list = Vec::new();
            for pair in vm.iterate_to_vec(init)? {
                if !pair.is_object() {
                    return vm.throw(
                        ErrorKind::Type,
                        "URLSearchParams: each pair must be an iterable [name, value]",
                    );
                }
                let items = vm.iterate_to_vec(pair)?;
                if items.len() != 2 {
                    return vm.throw(
                        ErrorKind::Type,
                        "URLSearchParams: each pair must have exactly two items",
                    );
                }
                let name = usv_string(vm, items[0])?;
                let value = usv_string(vm, items[1])?;
                list.push((name, value));
            }
            list
        } else {
            // A record<USVString, USVString>.
            let mut list: Vec<(String, String)> = Vec::new();
            for key in vm.own_property_keys(o)? {
                let Some(desc) = vm.get_own_property(o, key)? else {
                    continue;
                };
                if desc.enumerable != Some(true) {
                    continue;
                }
                let k = vm.key_to_value(key);
                let name = usv_string(vm, k)?;
                let v = vm.get(o, key)?;
                let value = usv_string(vm, v)?;
                list.push((name, value));
            }
            list
        }
    } else {
        let s = usv_string(vm, init)?;
        parse_query(s.strip_prefix('?').unwrap_or(&s))
    };
    let proto = vm.prototype_from_constructor(new_target, Intrinsic::UrlSearchParamsPrototype)?;
    let o = vm.alloc_object(
        Value::object(proto),
        ObjectKind::Builtin(Box::new(SearchParams {
            list: Mutex::new(list),
            url: AtomicValue::new(Value::UNDEFINED),
        })),
    );
    Ok(Value::object(o))
}

/// Changes the list of URLSearchParams `o` and runs its update steps (the
/// linked URL's query follows the list) as one step: with a linked URL,
/// its lock is taken first and held throughout, so two threads' changes
/// cannot interleave between a list and the query written from it.
fn change_list(o: &Gc<JsObject>, change: impl FnOnce(&mut Vec<(String, String)>)) {
    let st = params_state(o);
    let Some(u) = st.url.load().as_object() else {
        change(&mut st.list.lock());
        return;
    };
    let mut url = url_state(&u).url.lock();
    let mut list = st.list.lock();
    change(&mut list);
    let query = serialize(&list);
    url.set_query(if query.is_empty() { None } else { Some(&query) });
}

/// `this` as a URLSearchParams and its string arguments (`n` required,
/// `optional` more if present and not undefined).
fn params_args(
    vm: &mut Vm,
    this: Value,
    args: &[Value],
    n: usize,
    optional: usize,
    api: &str,
) -> JsResult<(Gc<JsObject>, Vec<String>)> {
    let o = this_with::<SearchParams>(vm, this, api)?;
    require_args(vm, args, n, api)?;
    let mut out = Vec::new();
    for (i, &a) in args.iter().enumerate().take(n + optional) {
        if i >= n && a.is_undefined() {
            break;
        }
        out.push(usv_string(vm, a)?);
    }
    Ok((o, out))
}

fn params_append(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (o, a) = params_args(vm, this, args, 2, 0, "URLSearchParams.append")?;
    let mut a = a.into_iter();
    let (name, value) = (a.next().unwrap_or_default(), a.next().unwrap_or_default());
    change_list(&o, |list| list.push((name, value)));
    Ok(Value::UNDEFINED)
}

fn params_delete(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (o, a) = params_args(vm, this, args, 1, 1, "URLSearchParams.delete")?;
    change_list(&o, |list| {
        list.retain(|(n, v)| !(*n == a[0] && a.get(1).is_none_or(|want| v == want)))
    });
    Ok(Value::UNDEFINED)
}

fn params_get(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (o, a) = params_args(vm, this, args, 1, 0, "URLSearchParams.get")?;
    let found = params_state(&o)
        .list
        .lock()
        .iter()
        .find(|(n, _)| *n == a[0])
        .map(|(_, v)| v.clone());
    Ok(match found {
        Some(v) => vm.string_value(&v),
        None => Value::NULL,
    })
}

fn params_get_all(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (o, a) = params_args(vm, this, args, 1, 0, "URLSearchParams.getAll")?;
    let values: Vec<String> = params_state(&o)
        .list
        .lock()
        .iter()
        .filter(|(n, _)| *n == a[0])
        .map(|(_, v)| v.clone())
        .collect();
    Ok(Value::object(vm.new_string_array(&values)?))
}

fn params_has(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (o, a) = params_args(vm, this, args, 1, 1, "URLSearchParams.has")?;
    let found = params_state(&o)
        .list
        .lock()
        .iter()
        .any(|(n, v)| *n == a[0] && a.get(1).is_none_or(|want| v == want));
    Ok(Value::bool(found))
}

fn params_set(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let (o, a) = params_args(vm, this, args, 2, 0, "URLSearchParams.set")?;
    change_list(&o, |list| match list.iter().position(|(n, _)| *n == a[0]) {
        Some(first) => {
            list[first].1 = a[1].clone();
            let mut i = 0;
            list.retain(|(n, _)| {
                i += 1;
                i - 1 <= first || *n != a[0]
            });
        }
        None => list.push((a[0].clone(), a[1].clone())),
    });
    Ok(Value::UNDEFINED)
}

fn params_sort(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let o = this_with::<SearchParams>(vm, this, "URLSearchParams.sort")?;
    // Stable, by the names' UTF-16 code units.
    change_list(&o, |list| {
        list.sort_by(|(a, _), (b, _)| a.encode_utf16().cmp(b.encode_utf16()))
    });
    Ok(Value::UNDEFINED)
}

fn params_to_string(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let o = this_with::<SearchParams>(vm, this, "URLSearchParams.toString")?;
    let text = serialize(&params_state(&o).list.lock());
    Ok(vm.string_value(&text))
}

fn params_size(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let o = this_with::<SearchParams>(vm, this, "URLSearchParams.size")?;
    Ok(Value::number(params_state(&o).list.lock().len() as f64))
}

fn params_for_each(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let o = this_with::<SearchParams>(vm, this, "URLSearchParams.forEach")?;
    let callback = arg(args, 0);
    if !vm.is_callable(callback) {
        return vm.throw(
            ErrorKind::Type,
            "URLSearchParams.forEach: the callback is not a function",
        );
    }
    let mut i = 0;
    loop {
        let entry = params_state(&o).list.lock().get(i).cloned();
        let Some((name, value)) = entry else { break };
        let (n, v) = (vm.string_value(&name), vm.string_value(&value));
        vm.call(callback, arg(args, 1), &[v, n, this])?;
        i += 1;
    }
    Ok(Value::UNDEFINED)
}

fn new_iterator(vm: &mut Vm, this: Value, kind: IterKind, api: &str) -> JsResult<Value> {
    this_with::<SearchParams>(vm, this, api)?;
    let proto = vm
        .current_realm()
        .intrinsic(Intrinsic::UrlSearchParamsIteratorPrototype);
    let it = vm.alloc_object(
        Value::object(proto),
        ObjectKind::Builtin(Box::new(ParamsIterator {
            params: this,
            index: AtomicUsize::new(0),
            kind,
        })),
    );
    Ok(Value::object(it))
}

fn params_entries(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    new_iterator(vm, this, IterKind::Entries, "URLSearchParams.entries")
}

fn params_keys(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    new_iterator(vm, this, IterKind::Keys, "URLSearchParams.keys")
}

fn params_values(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    new_iterator(vm, this, IterKind::Values, "URLSearchParams.values")
}

fn params_iterator_next(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let it = this_with::<ParamsIterator>(vm, this, "URLSearchParams Iterator.next")?;
    let st = it
        .kind
        .builtin::<ParamsIterator>()
        .expect("checked iterator");
    let params = st.params.as_object().expect("URLSearchParams");
    let i = st.index.fetch_add(1, Ordering::Relaxed);
    let entry = params_state(&params).list.lock().get(i).cloned();
    let Some((name, value)) = entry else {
        st.index.store(usize::MAX / 2, Ordering::Relaxed);
        return Ok(Value::object(vm.iter_result(Value::UNDEFINED, true)));
    };
    let result = match st.kind {
        IterKind::Keys => vm.string_value(&name),
        IterKind::Values => vm.string_value(&value),
        IterKind::Entries => {
            let pair = vm.new_string_array(&[name, value])?;
            Value::object(pair)
        }
    };
    Ok(Value::object(vm.iter_result(result, false)))
}
