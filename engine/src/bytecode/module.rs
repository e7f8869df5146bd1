//! A compiled module: its body's code, the layout of its environment and
//! the import and export entries the linker reads (the static half of the
//! spec's Source Text Module Record; the run-time half is in
//! `crate::module`).
//!
//! Every top-level binding of a module lives in one environment whose slots
//! are described by `scope`. Entries name bindings by slot, so the linker
//! never looks names up.

use std::sync::Arc;

use super::{Code, ScopeInfo};
use crate::string::Atom;

/// What an import (or an indirect export) takes from the other module.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportName {
    /// One export, by name (`import { x }`, `import x` = "default").
    Name(Atom),
    /// The whole namespace (`import * as ns`, `export * as ns from`).
    Namespace,
}

/// A module specifier with its import attributes, in source order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModuleRequest {
    pub specifier: String,
    /// `with { type: "json" }` and friends, sorted by key.
    pub attributes: Vec<(String, String)>,
    /// Where it first appears (for error messages).
    pub offset: u32,
}

impl ModuleRequest {
    /// The `type` attribute, if given.
    pub fn type_attribute(&self) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(k, _)| k == "type")
            .map(|(_, v)| v.as_str())
    }
}

/// `import … from request`: binds `slot` of this module's environment.
#[derive(Clone, Debug)]
pub struct ImportEntry {
    /// Index into `ModuleCode::requests`.
    pub request: usize,
    pub import: ImportName,
    pub local: Atom,
    pub slot: u16,
    pub offset: u32,
}

/// `export { local as export }` of a binding of this module.
#[derive(Clone, Debug)]
pub struct LocalExport {
    pub export: Atom,
    pub local: Atom,
    pub slot: u16,
}

/// `export { import as export } from request` (and re-exports of imports).
#[derive(Clone, Debug)]
pub struct IndirectExport {
    pub export: Atom,
    pub request: usize,
    pub import: ImportName,
    pub offset: u32,
}

/// A compiled module.
#[derive(Debug)]
pub struct ModuleCode {
    /// The module body: runs with the module environment as its
    /// environment (it pushes none of its own for the top level).
    pub body: Arc<Code>,
    /// The module environment's slots.
    pub scope: Arc<ScopeInfo>,
    /// Function declarations of the top level, instantiated when the
    /// module is linked (so modules of a cycle can call them early):
    /// (slot, code).
    pub functions: Vec<(u16, Arc<Code>)>,
    pub requests: Vec<ModuleRequest>,
    pub imports: Vec<ImportEntry>,
    pub local_exports: Vec<LocalExport>,
    pub indirect_exports: Vec<IndirectExport>,
    /// `export * from request`: request indices.
    pub star_exports: Vec<usize>,
    /// The body awaits at its top level: it runs as an async body.
    pub has_tla: bool,
    /// A JSON module: the body is absent in effect; the linker stores the
    /// parsed value (this text) in the `*default*` binding when the module
    /// is evaluated.
    pub json: Option<String>,
}

impl ModuleCode {
    /// The slot of local binding `name`, if the module has one.
    pub fn slot_of(&self, name: Atom) -> Option<u16> {
        self.scope
            .names
            .iter()
            .position(|&n| n == name)
            .map(|i| i as u16)
    }
}
