//! Every source file of the engine starts with a `//!` doc saying what it
//! owns (comments and blank lines may come before it, code may not), so
//! the next engineer can find their way by reading the top of a file.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("engine/src is readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Whether the first line that is not blank or a plain comment is a `//!`
/// doc line.
fn starts_with_module_doc(text: &str) -> bool {
    text.lines()
        .map(str::trim_start)
        .find(|l| !l.is_empty() && (!l.starts_with("//") || l.starts_with("//!")))
        .is_some_and(|l| l.starts_with("//!"))
}

#[test]
fn every_engine_source_file_has_a_module_doc() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    assert!(
        files.len() > 50,
        "found only {} files under {}",
        files.len(),
        root.display()
    );
    let missing: Vec<String> = files
        .iter()
        .filter(|f| !starts_with_module_doc(&std::fs::read_to_string(f).expect("readable")))
        .map(|f| f.strip_prefix(&root).unwrap_or(f).display().to_string())
        .collect();
    assert!(
        missing.is_empty(),
        "these files under engine/src have no `//!` doc at the top: {missing:?}"
    );
}

#[test]
fn the_check_sees_a_missing_doc() {
    assert!(starts_with_module_doc("//! Owns X.\nuse y;"));
    assert!(starts_with_module_doc("// SPDX\n\n//! Owns X.\n"));
    assert!(!starts_with_module_doc("use y;\n//! Owns X.\n"));
    assert!(!starts_with_module_doc(
        "/// An item doc, not a module doc.\nfn f() {}"
    ));
}
