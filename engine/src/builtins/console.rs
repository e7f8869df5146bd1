//! The `console` object (log, info, debug, error, warn, trace, dir,
//! table, time/timeLog/timeEnd, count/countReset, group/groupCollapsed/
//! groupEnd, assert) and the `print` global, formatting as Node does
//! (`crate::inspect`). Output goes to the host (stdout natively, the
//! page's console panel in the playground).
//!
//! Counters, timers and the group indentation belong to the console
//! object of a realm, which every JS thread of the realm shares: they sit
//! behind the object's own mutex, held only to read or update them,
//! never while formatting (formatting may call into JS).

use std::collections::HashMap;

use parking_lot::Mutex;

use super::arg;
use crate::heap::{Gc, Trace, Tracer};
use crate::inspect::{InspectOptions, format_args, inspect};
use crate::interpreter::{ErrorKind, JsResult, Vm};
use crate::object::kind::BuiltinState;
use crate::object::{Attributes, JsObject, ObjectKind, PropertyKey};
use crate::realm::{Intrinsic, Realm};
use crate::string::Atom;
use crate::value::Value;

/// The per-realm state of `console`.
pub struct ConsoleState {
    inner: Mutex<ConsoleInner>,
}

#[derive(Default)]
struct ConsoleInner {
    counts: HashMap<String, u64>,
    /// Label → start time (`Engine::monotonic_ms`).
    timers: HashMap<String, f64>,
    /// Spaces before every line (two per open group).
    group_indent: usize,
}

impl Trace for ConsoleState {
    fn trace(&self, _: &mut Tracer) {}
}

impl BuiltinState for ConsoleState {
    fn class_name(&self) -> &'static str {
        "console"
    }
    fn pristine(&self) -> crate::object::kind::Pristine {
        crate::object::kind::Pristine::Resettable
    }
    fn reset_pristine(&self) {
        *self.inner.lock() = ConsoleInner::default();
    }
}

type Method = fn(&mut Vm, Value, &[Value], Value) -> JsResult<Value>;

pub fn install(vm: &mut Vm, realm: Gc<Realm>, global: Gc<JsObject>) {
    let object_proto = realm.intrinsic(Intrinsic::ObjectPrototype);
    let console = vm.alloc_object(
        Value::object(object_proto),
        ObjectKind::Builtin(Box::new(ConsoleState {
            inner: Mutex::new(ConsoleInner::default()),
        })),
    );
    vm.define_value(
        global,
        PropertyKey::from_text("console"),
        Value::object(console),
        Attributes::HIDDEN,
    );
    let methods: [(&str, Method); 19] = [
        ("log", log),
        ("warn", warn),
        ("dir", dir),
        ("time", time),
        ("timeEnd", time_end),
        ("timeLog", time_log),
        ("trace", trace),
        ("assert", assert),
        ("clear", clear),
        ("count", count),
        ("countReset", count_reset),
        ("group", group),
        ("groupEnd", group_end),
        ("table", table),
        ("debug", log),
        ("info", log),
        ("dirxml", log),
        ("error", warn),
        ("groupCollapsed", group),
    ];
    // Like Node's, the methods are own enumerable properties that work
    // detached from `console` (`const { log } = console`).
    for (name, f) in methods {
        let method = vm.new_native(
            Atom::intern_str(name),
            0,
            f,
            false,
            &[Value::object(console)],
        );
        vm.define_value(
            console,
            PropertyKey::from_text(name),
            Value::object(method),
            Attributes::DEFAULT,
        );
    }
    super::define_tag(vm, console, "console");
    let print = vm.new_native(
        Atom::intern_str("print"),
        0,
        log,
        false,
        &[Value::object(console)],
    );
    vm.define_value(
        global,
        PropertyKey::from_text("print"),
        Value::object(print),
        Attributes::HIDDEN,
    );
}

/// The console the running method belongs to.
fn state(vm: &Vm) -> Option<Gc<JsObject>> {
    vm.native_data(0)
        .as_object()
        .filter(|o| o.kind.builtin::<ConsoleState>().is_some())
}

fn with_state<R>(vm: &Vm, f: impl FnOnce(&mut ConsoleInner) -> R) -> Option<R> {
    let console = state(vm)?;
    let s = console.kind.builtin::<ConsoleState>()?;
    let mut inner = s.inner.lock();
    Some(f(&mut inner))
}

/// Writes console text through the host, indented for the open groups
/// (every line of it), tagged with the thread, and records it in the
/// trace.
fn emit(vm: &mut Vm, text: String, error: bool) {
    let indent = with_state(vm, |s| s.group_indent).unwrap_or(0);
    let text = if indent == 0 {
        text
    } else {
        let pad = " ".repeat(indent);
        format!("{pad}{}", text.replace('\n', &format!("\n{pad}")))
    };
    vm.host.clone().print_from(vm.thread.id, &text, error);
    vm.trace_event(crate::trace::EventKind::Console { text, error });
}

/// A Node-style process warning (Node prefixes it with `(node:PID)`).
fn warning(vm: &mut Vm, text: &str) {
    emit(vm, format!("Warning: {text}"), true);
}

fn log(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let text = format_args(vm, args)?;
    emit(vm, text, false);
    Ok(Value::UNDEFINED)
}

fn warn(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let text = format_args(vm, args)?;
    emit(vm, text, true);
    Ok(Value::UNDEFINED)
}

fn clear(_: &mut Vm, _: Value, _: &[Value], _: Value) -> JsResult<Value> {
    Ok(Value::UNDEFINED)
}

/// `console.dir(value, options)`: inspect with the given options.
fn dir(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let options = InspectOptions {
        custom_inspect: false,
        ..InspectOptions::default()
    }
    .read_from(vm, arg(args, 1))?;
    let text = inspect(vm, arg(args, 0), &options)?;
    emit(vm, text, false);
    Ok(Value::UNDEFINED)
}

/// A label argument: `'default'` when absent, else its string (a symbol
/// is a TypeError, as in a template literal).
fn label(vm: &mut Vm, args: &[Value], method: &str) -> JsResult<String> {
    let v = arg(args, 0);
    if v.is_undefined() {
        return Ok("default".into());
    }
    if v.is_symbol() {
        return vm.throw(
            ErrorKind::Type,
            &format!("console.{method}: cannot convert a Symbol label to a string"),
        );
    }
    vm.to_rust_string(v)
}

fn time(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let label = label(vm, args, "time")?;
    let now = vm.engine.monotonic_ms();
    let existed = with_state(vm, |s| {
        if s.timers.contains_key(&label) {
            true
        } else {
            s.timers.insert(label.clone(), now);
            false
        }
    });
    if existed == Some(true) {
        warning(
            vm,
            &format!("Label '{label}' already exists for console.time()"),
        );
    }
    Ok(Value::UNDEFINED)
}

fn time_end(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let label = label(vm, args, "timeEnd")?;
    let start = with_state(vm, |s| s.timers.remove(&label)).flatten();
    time_report(vm, "timeEnd", label, start, &[])
}

fn time_log(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let label = label(vm, args, "timeLog")?;
    let start = with_state(vm, |s| s.timers.get(&label).copied()).flatten();
    let data = args.get(1..).unwrap_or(&[]);
    time_report(vm, "timeLog", label, start, data)
}

/// Logs `label: <elapsed>` and any extra data, or warns about an
/// unknown label.
fn time_report(
    vm: &mut Vm,
    method: &str,
    label: String,
    start: Option<f64>,
    data: &[Value],
) -> JsResult<Value> {
    let Some(start) = start else {
        warning(
            vm,
            &format!("No such label '{label}' for console.{method}()"),
        );
        return Ok(Value::UNDEFINED);
    };
    let elapsed = format_time(vm.engine.monotonic_ms() - start);
    let mut text = format!("{label}: {elapsed}");
    if !data.is_empty() {
        text.push(' ');
        text.push_str(&format_args(vm, data)?);
    }
    emit(vm, text, false);
    Ok(Value::UNDEFINED)
}

/// Node's `formatTime`: `1.234ms`, `1.234s`, `1:02.345 (m:ss.mmm)`, or
/// `1:02:03.456 (h:mm:ss.mmm)`.
pub(crate) fn format_time(ms: f64) -> String {
    const SECOND: f64 = 1000.0;
    const MINUTE: f64 = 60.0 * SECOND;
    const HOUR: f64 = 60.0 * MINUTE;
    let (mut hours, mut minutes, mut seconds, mut ms) = (0.0, 0.0, 0.0, ms);
    if ms >= SECOND {
        if ms >= MINUTE {
            if ms >= HOUR {
                hours = (ms / HOUR).floor();
                ms %= HOUR;
            }
            minutes = (ms / MINUTE).floor();
            ms %= MINUTE;
        }
        seconds = ms / SECOND;
    }
    if hours != 0.0 || minutes != 0.0 {
        let fixed = format!("{seconds:.3}");
        let (secs, millis) = fixed.split_once('.').unwrap_or((&fixed, "000"));
        let res = if hours != 0.0 {
            format!("{hours}:{minutes:02}")
        } else {
            format!("{minutes}")
        };
        return format!(
            "{res}:{secs:0>2}.{millis} ({}m:ss.mmm)",
            if hours != 0.0 { "h:m" } else { "" }
        );
    }
    if seconds != 0.0 {
        return format!("{seconds:.3}s");
    }
    let rounded: f64 = format!("{ms:.3}").parse().unwrap_or(ms);
    format!("{}ms", crate::value::number::number_to_string(rounded))
}

fn count(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let label = label(vm, args, "count")?;
    let n = with_state(vm, |s| {
        let c = s.counts.entry(label.clone()).or_insert(0);
        *c += 1;
        *c
    })
    .unwrap_or(1);
    emit(vm, format!("{label}: {n}"), false);
    Ok(Value::UNDEFINED)
}

fn count_reset(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let label = label(vm, args, "countReset")?;
    let found = with_state(vm, |s| s.counts.remove(&label).is_some()).unwrap_or(false);
    if !found {
        warning(vm, &format!("Count for '{label}' does not exist"));
    }
    Ok(Value::UNDEFINED)
}

fn group(vm: &mut Vm, this: Value, args: &[Value], nt: Value) -> JsResult<Value> {
    if !args.is_empty() {
        log(vm, this, args, nt)?;
    }
    with_state(vm, |s| s.group_indent += 2);
    Ok(Value::UNDEFINED)
}

fn group_end(vm: &mut Vm, _: Value, _: &[Value], _: Value) -> JsResult<Value> {
    with_state(vm, |s| s.group_indent = s.group_indent.saturating_sub(2));
    Ok(Value::UNDEFINED)
}

/// `console.assert(condition, ...data)`: when the condition is falsy,
/// `Assertion failed` (`: ` and the data) to stderr.
fn assert(vm: &mut Vm, this: Value, args: &[Value], nt: Value) -> JsResult<Value> {
    if vm.to_boolean(arg(args, 0)) {
        return Ok(Value::UNDEFINED);
    }
    let mut rest: Vec<Value> = args.get(1..).unwrap_or(&[]).to_vec();
    if rest.is_empty() {
        rest.push(vm.string_value("Assertion failed"));
    } else {
        let first = if rest[0].is_symbol() {
            return vm.throw(
                ErrorKind::Type,
                "console.assert: cannot convert a Symbol to a string",
            );
        } else {
            vm.to_rust_string(rest[0])?
        };
        rest[0] = vm.string_value(&format!("Assertion failed: {first}"));
    }
    warn(vm, this, &rest, nt)
}

/// `console.trace(...data)`: `Trace: <data>` and the JS stack, to stderr.
fn trace(vm: &mut Vm, _: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let message = format_args(vm, args)?;
    let mut text = if message.is_empty() {
        "Trace".to_string()
    } else {
        format!("Trace: {message}")
    };
    for frame in vm.stack_trace() {
        text.push_str("\n    ");
        text.push_str(&frame.to_string());
    }
    emit(vm, text, true);
    Ok(Value::UNDEFINED)
}

// ---------------------------------------------------------------------------
// console.table

/// One column of a table: cells by row (None prints empty).
type Column = Vec<Option<String>>;

fn set_cell(column: &mut Column, row: usize, text: String) {
    if column.len() <= row {
        column.resize(row + 1, None);
    }
    column[row] = Some(text);
}

/// How a table cell shows a value: one level (none for objects with more
/// than two keys), at most three array items, on one line.
fn table_cell(vm: &mut Vm, v: Value) -> JsResult<String> {
    let mut depth = 0.0;
    if let Some(o) = v.as_object()
        && !matches!(o.kind, ObjectKind::Array)
        && !crate::builtins::typed_array::is_typed_array(o)
    {
        let keys = enumerable_string_keys(vm, o)?;
        if keys.len() > 2 {
            depth = -1.0;
        }
    }
    let options = InspectOptions {
        depth,
        max_array_length: 3,
        break_length: usize::MAX,
        ..InspectOptions::default()
    };
    inspect(vm, v, &options)
}

/// `Object.keys(o)`.
fn enumerable_string_keys(vm: &mut Vm, o: Gc<JsObject>) -> JsResult<Vec<PropertyKey>> {
    let mut out = Vec::new();
    for k in vm.own_property_keys(o)? {
        if k.is_symbol() || matches!(k, PropertyKey::Atom(a) if a.is_private()) {
            continue;
        }
        if let Some(d) = vm.get_own_property(o, k)?
            && d.enumerable == Some(true)
        {
            out.push(k);
        }
    }
    Ok(out)
}

/// `console.table(data, properties)`: Node's box-drawing table of the
/// rows of an array, object, Map or Set.
fn table(vm: &mut Vm, this: Value, args: &[Value], nt: Value) -> JsResult<Value> {
    let data = arg(args, 0);
    let properties = arg(args, 1);
    let properties: Option<Vec<Value>> = if properties.is_undefined() {
        None
    } else {
        match properties.as_object() {
            Some(p) if matches!(p.kind, ObjectKind::Array) => {
                Some(vm.list_from_array_like(properties)?)
            }
            _ => {
                return vm.throw(
                    ErrorKind::Type,
                    "console.table: the \"properties\" argument must be an array",
                );
            }
        }
    };
    let Some(o) = data.as_object() else {
        return log(vm, this, &[data], nt);
    };
    if let Some(col) = o.kind.builtin::<crate::builtins::collection::Collection>() {
        let mut items = Vec::new();
        {
            let t = col.table.lock();
            let cursor = std::sync::atomic::AtomicUsize::new(0);
            while let Some(e) = t.step(&cursor) {
                items.push(e);
            }
        }
        for &(k, v) in &items {
            vm.root(k);
            vm.root(v);
        }
        let mut index = Column::new();
        let mut keys = Column::new();
        let mut values = Column::new();
        for (i, &(k, v)) in items.iter().enumerate() {
            index.push(Some(i.to_string()));
            if col.is_set {
                values.push(Some(table_cell(vm, k)?));
            } else {
                keys.push(Some(table_cell(vm, k)?));
                values.push(Some(table_cell(vm, v)?));
            }
        }
        let text = if col.is_set {
            render_table(
                &["(iteration index)".into(), "Values".into()],
                &[index, values],
            )
        } else {
            render_table(
                &["(iteration index)".into(), "Key".into(), "Values".into()],
                &[index, keys, values],
            )
        };
        emit(vm, text, false);
        return Ok(Value::UNDEFINED);
    }
    let row_keys = enumerable_string_keys(vm, o)?;
    let mut columns: Vec<(String, Column)> = Vec::new();
    let mut primitives = Column::new();
    let mut has_primitives = false;
    let mut index = Column::new();
    for (i, &rk) in row_keys.iter().enumerate() {
        index.push(Some(rk.to_rust_string()));
        let item = vm.get(o, rk)?;
        vm.root(item);
        let primitive = !item.is_object();
        if properties.is_none() && primitive {
            has_primitives = true;
            set_cell(&mut primitives, i, table_cell(vm, item)?);
            continue;
        }
        let keys: Vec<PropertyKey> = match &properties {
            Some(p) => {
                let mut ks = Vec::new();
                for &v in p {
                    ks.push(vm.to_property_key(v)?);
                }
                ks
            }
            None => match item.as_object() {
                Some(io) => enumerable_string_keys(vm, io)?,
                None => Vec::new(),
            },
        };
        for key in keys {
            let name = key.to_rust_string();
            let pos = match columns.iter().position(|(n, _)| *n == name) {
                Some(p) => p,
                None => {
                    columns.push((name, Column::new()));
                    columns.len() - 1
                }
            };
            let own = match item.as_object() {
                Some(io) if !primitive => vm.get_own_property(io, key)?.is_some(),
                _ => false,
            };
            let text = if !own {
                String::new()
            } else {
                let io = item.as_object().expect("object row");
                let v = vm.get(io, key)?;
                table_cell(vm, v)?
            };
            set_cell(&mut columns[pos].1, i, text);
        }
    }
    // The columns are the keys of a null-prototype object: array indices
    // first, ascending, then the others in insertion order.
    let mut ordered: Vec<(String, Column)> = Vec::new();
    let mut indexed: Vec<(u32, String, Column)> = Vec::new();
    for (name, col) in columns {
        match PropertyKey::from_text(&name) {
            PropertyKey::Index(i) => indexed.push((i, name, col)),
            _ => ordered.push((name, col)),
        }
    }
    indexed.sort_by_key(|(i, _, _)| *i);
    let mut head = vec!["(index)".to_string()];
    let mut body = vec![index];
    for (_, name, col) in indexed {
        head.push(name);
        body.push(col);
    }
    for (name, col) in ordered {
        head.push(name);
        body.push(col);
    }
    if has_primitives {
        head.push("Values".into());
        body.push(primitives);
    }
    let text = render_table(&head, &body);
    emit(vm, text, false);
    Ok(Value::UNDEFINED)
}

/// Node's `internal/cli_table`: a box around the header row and the rows,
/// cells left-aligned.
fn render_table(head: &[String], columns: &[Column]) -> String {
    use crate::inspect::string_width;
    let mut widths: Vec<usize> = head.iter().map(|h| string_width(h)).collect();
    let rows = columns.iter().map(|c| c.len()).max().unwrap_or(0);
    let mut cells: Vec<Vec<String>> = vec![Vec::with_capacity(head.len()); rows];
    for (i, column) in columns.iter().enumerate() {
        for (j, row) in cells.iter_mut().enumerate() {
            let text = column.get(j).cloned().flatten().unwrap_or_default();
            widths[i] = widths[i].max(string_width(&text));
            row.push(text);
        }
    }
    let render_row = |row: &[String]| {
        let mut out = "│ ".to_string();
        for (i, cell) in row.iter().enumerate() {
            out.push_str(cell);
            out.push_str(&" ".repeat(widths[i] - string_width(cell) + 1));
            if i != row.len() - 1 {
                out.push_str("│ ");
            }
        }
        out.push('│');
        out
    };
    let divider: Vec<String> = widths.iter().map(|w| "─".repeat(w + 2)).collect();
    let mut out = format!("┌{}┐\n", divider.join("┬"));
    out.push_str(&render_row(head));
    out.push('\n');
    out.push_str(&format!("├{}┤\n", divider.join("┼")));
    for row in &cells {
        out.push_str(&render_row(row));
        out.push('\n');
    }
    out.push_str(&format!("└{}┘", divider.join("┴")));
    out
}

#[cfg(test)]
mod tests {
    use super::format_time;

    #[test]
    fn times_format_like_node() {
        assert_eq!(format_time(1.23456), "1.235ms");
        assert_eq!(format_time(0.5), "0.5ms");
        assert_eq!(format_time(1500.0), "1.500s");
        assert_eq!(format_time(62_345.0), "1:02.345 (m:ss.mmm)");
        assert_eq!(format_time(3_723_456.0), "1:02:03.456 (h:mm:ss.mmm)");
    }
}
