//! Light and dark themes: the choice is the `data-theme` attribute of the
//! page's root (www/style.css keys its colours on it), remembered in local
//! storage; the first visit follows the system's preference.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r#"
export function initial_dark() {
  const saved = (() => { try { return localStorage.getItem('weft-theme'); } catch { return null; } })();
  if (saved) return saved === 'dark';
  return matchMedia('(prefers-color-scheme: dark)').matches;
}
export function apply_theme(dark, remember) {
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
  if (remember) try { localStorage.setItem('weft-theme', dark ? 'dark' : 'light'); } catch {}
}
"#)]
extern "C" {
    fn initial_dark() -> bool;
    fn apply_theme(dark: bool, remember: bool);
}

/// Whether the page starts dark.
pub fn starts_dark() -> bool {
    initial_dark()
}

/// Shows the page in the dark (or light) theme; `remember` keeps the
/// choice for later visits (a user's toggle, not the first default).
pub fn apply(dark: bool, remember: bool) {
    apply_theme(dark, remember);
}
