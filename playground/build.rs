//! Compiles examples/manifest.json into the gallery (`$OUT_DIR/gallery.rs`):
//! every example's title, line of explanation, outcome annotations and
//! source (by `include_str!`), so the gallery cannot drift from the files
//! the native and wasm tests run.

use std::fmt::Write as _;
use std::path::PathBuf;

fn main() {
    let examples = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"))
        .join("../examples")
        .canonicalize()
        .expect("examples/ exists");
    let manifest_path = examples.join("manifest.json");
    println!("cargo::rerun-if-changed={}", manifest_path.display());
    let text = std::fs::read_to_string(&manifest_path).expect("manifest readable");
    let manifest: serde_json::Value = serde_json::from_str(&text).expect("manifest is JSON");
    let mut out = String::from("pub const EXAMPLES: &[Example] = &[\n");
    for e in manifest["examples"].as_array().expect("examples") {
        let file = e["file"].as_str().expect("file");
        let path = examples.join(file);
        println!("cargo::rerun-if-changed={}", path.display());
        let text = |key: &str| e[key].as_str().unwrap_or_default().to_string();
        let mut outcomes = String::new();
        for o in e["outcomes"].as_array().into_iter().flatten() {
            let _ = write!(
                outcomes,
                "Outcome {{ result: {:?}, sc: {}, expect: {:?}, description: {:?} }}, ",
                o["result"].as_str().expect("result"),
                o["sc"].as_bool().expect("sc"),
                o["expect"].as_str().expect("expect"),
                o["description"].as_str().expect("description"),
            );
        }
        let _ = writeln!(
            out,
            "    Example {{ file: {file:?}, title: {:?}, about: {:?}, histogram: {}, source: include_str!({:?}), outcomes: &[{outcomes}] }},",
            text("title"),
            text("about"),
            e["histogram"].as_bool().unwrap_or(false),
            path.display().to_string(),
        );
    }
    out.push_str("];\n");
    let dest = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets it")).join("gallery.rs");
    std::fs::write(dest, out).expect("OUT_DIR writable");
}
