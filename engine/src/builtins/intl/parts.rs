//! `formatToParts`: collecting ICU4X's annotated output (`writeable`'s
//! parts) into ECMA-402's `{ type, value }` list.

use std::fmt;

use writeable::{Part, PartsWrite, Writeable};

use crate::interpreter::{JsResult, Vm};
use crate::object::PropertyKey;
use crate::value::Value;

/// A formatted string cut into typed runs.
#[derive(Default)]
pub struct Parts {
    pub runs: Vec<(&'static str, String)>,
}

impl Parts {
    /// Appends `text` as a run of `kind`, merging with a run of the same kind.
    pub fn push(&mut self, kind: &'static str, text: &str) {
        if text.is_empty() {
            return;
        }
        match self.runs.last_mut() {
            Some((k, t)) if *k == kind && kind != "literal" => t.push_str(text),
            Some((k, t)) if *k == kind => t.push_str(text),
            _ => self.runs.push((kind, text.to_string())),
        }
    }

    /// Appends the parts of `w`, each run named by the outermost part of
    /// `category` around it (or the innermost part, or "literal").
    pub fn extend_from(&mut self, w: &impl Writeable, category: &'static str) {
        let mut sink = Sink {
            parts: self,
            stack: Vec::new(),
            category,
        };
        let _ = w.write_to_parts(&mut sink);
    }

    pub fn text(&self) -> String {
        self.runs.iter().map(|(_, t)| t.as_str()).collect()
    }

    /// The JS array of `{ type, value }` objects.
    pub fn to_array(&self, vm: &mut Vm) -> JsResult<Value> {
        let arr = vm.new_array_from(&[]);
        for (i, (kind, text)) in self.runs.iter().enumerate() {
            let o = vm.new_object();
            let k = vm.string_value(kind);
            vm.create_data_property(o, PropertyKey::from_text("type"), k)?;
            let t = vm.string_value(text);
            vm.create_data_property(o, PropertyKey::from_text("value"), t)?;
            vm.create_data_property(arr, Vm::index_key(i as u64), Value::object(o))?;
        }
        Ok(Value::object(arr))
    }
}

struct Sink<'a> {
    parts: &'a mut Parts,
    stack: Vec<Part>,
    category: &'static str,
}

impl Sink<'_> {
    fn kind(&self) -> &'static str {
        if let Some(p) = self
            .stack
            .iter()
            .rev()
            .find(|p| p.category == self.category)
        {
            return p.value;
        }
        self.stack.last().map_or("literal", |p| p.value)
    }
}

impl fmt::Write for Sink<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let kind = self.kind();
        self.parts.push(kind, s);
        Ok(())
    }
}

impl PartsWrite for Sink<'_> {
    type SubPartsWrite = Self;

    fn with_part(
        &mut self,
        part: Part,
        mut f: impl FnMut(&mut Self::SubPartsWrite) -> fmt::Result,
    ) -> fmt::Result {
        self.stack.push(part);
        let r = f(self);
        self.stack.pop();
        r
    }
}
