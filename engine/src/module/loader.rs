//! The host's half of module loading: turning a specifier into a module
//! key, and a key into source text.
//!
//! The engine asks the loader the embedder installed
//! (`Engine::set_module_loader`); each realm's module map is keyed by what
//! `resolve` returns, so two specifiers that resolve to the same key share
//! one module instance. `FsLoader` is the native host's loader (paths
//! relative to the importing file); `MemoryLoader` serves modules from
//! memory with the same path rules (for hosts without files, such as wasm).

use std::path::{Component, Path, PathBuf};
use std::sync::RwLock;

use rustc_hash::FxHashMap;

/// Resolves and loads modules for the engine. Called on the thread that
/// imports; must be callable from any thread.
pub trait ModuleLoader: Send + Sync {
    /// The key of the module `specifier` names, imported from `referrer`
    /// (the importing module's key, a script's name, or None for an entry
    /// point). Keys name modules: equal keys are the same module.
    fn resolve(&self, specifier: &str, referrer: Option<&str>) -> Result<String, String>;

    /// The source text of module `key`.
    fn load(&self, key: &str) -> Result<String, String>;

    /// `import.meta.url` of module `key`, if the host has URLs.
    fn url(&self, key: &str) -> Option<String> {
        let _ = key;
        None
    }
}

/// Loads modules from the file system. Keys are paths, normalized
/// lexically (`.` and `..` removed without following symbolic links),
/// relative to `base` unless the path was absolute; specifiers starting
/// with `./`, `../` or `/` are relative to the importing file's directory
/// (or to `base` for a script without a directory).
pub struct FsLoader {
    base: PathBuf,
}

impl FsLoader {
    /// A loader whose relative keys are read relative to `base`.
    pub fn new(base: impl Into<PathBuf>) -> FsLoader {
        FsLoader { base: base.into() }
    }
}

/// Path-like resolution shared by the loaders: `./` and `../` specifiers
/// (and any specifier of an entry point) are relative to the referrer's
/// directory, absolute ones stay; the result is normalized.
pub fn resolve_path(specifier: &str, referrer: Option<&str>) -> Result<String, String> {
    let relative = specifier.starts_with("./") || specifier.starts_with("../");
    let path = Path::new(specifier);
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else if relative || referrer.is_none() {
        let dir = referrer
            .map(|r| Path::new(r).parent().unwrap_or(Path::new("")).to_path_buf())
            .unwrap_or_default();
        dir.join(path)
    } else {
        return Err(format!(
            "bare specifier '{specifier}' (only paths starting with './', '../' or '/' are supported)"
        ));
    };
    Ok(normalize(&joined).to_string_lossy().into_owned())
}

impl ModuleLoader for FsLoader {
    fn resolve(&self, specifier: &str, referrer: Option<&str>) -> Result<String, String> {
        resolve_path(specifier, referrer)
    }

    fn load(&self, key: &str) -> Result<String, String> {
        std::fs::read_to_string(self.base.join(key)).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => "no such file".to_string(),
            _ => e.to_string(),
        })
    }

    fn url(&self, key: &str) -> Option<String> {
        let path = std::path::absolute(self.base.join(key)).ok()?;
        Some(format!("file://{}", normalize(&path).display()))
    }
}

/// Serves modules from memory: keys are normalized paths (as `FsLoader`'s),
/// sources are added with `insert`.
#[derive(Default)]
pub struct MemoryLoader {
    sources: RwLock<FxHashMap<String, String>>,
}

impl MemoryLoader {
    pub fn new() -> MemoryLoader {
        MemoryLoader::default()
    }

    /// Adds (or replaces) the module at `path`.
    pub fn insert(&self, path: &str, text: impl Into<String>) {
        let key = normalize(Path::new(path)).to_string_lossy().into_owned();
        self.sources
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .insert(key, text.into());
    }
}

impl ModuleLoader for MemoryLoader {
    fn resolve(&self, specifier: &str, referrer: Option<&str>) -> Result<String, String> {
        resolve_path(specifier, referrer)
    }

    fn load(&self, key: &str) -> Result<String, String> {
        self.sources
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .get(key)
            .cloned()
            .ok_or_else(|| "no such module".to_string())
    }
}

/// Removes `.` components and folds `dir/..` pairs (keeping leading `..`).
pub fn normalize(path: &Path) -> PathBuf {
    let mut out: Vec<Component> = Vec::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => match out.last() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir) | Some(Component::Prefix(_)) => {}
                _ => out.push(c),
            },
            other => out.push(other),
        }
    }
    out.iter().map(|c| c.as_os_str()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specifiers_resolve_against_the_importer() {
        let l = FsLoader::new(".");
        assert_eq!(l.resolve("main.mjs", None).unwrap(), "main.mjs");
        assert_eq!(l.resolve("./main.mjs", None).unwrap(), "main.mjs");
        assert_eq!(
            l.resolve("./b.mjs", Some("lib/a.mjs")).unwrap(),
            "lib/b.mjs"
        );
        assert_eq!(
            l.resolve("../main.mjs", Some("lib/a.mjs")).unwrap(),
            "main.mjs"
        );
        assert_eq!(
            l.resolve("../x.mjs", Some("../p/a.mjs")).unwrap(),
            "../x.mjs"
        );
        assert_eq!(
            l.resolve("/abs/./x.mjs", Some("a.mjs")).unwrap(),
            "/abs/x.mjs"
        );
        assert!(l.resolve("lodash", Some("a.mjs")).is_err());
    }

    #[test]
    fn the_memory_loader_serves_what_was_inserted() {
        let l = MemoryLoader::new();
        l.insert("./lib/a.mjs", "export const a = 1;");
        let key = l.resolve("./a.mjs", Some("lib/main.mjs")).unwrap();
        assert_eq!(l.load(&key).unwrap(), "export const a = 1;");
        assert!(l.load("lib/b.mjs").is_err());
    }
}
