//! Primitive values as Node prints them: string quoting and escapes
//! (`strEscape`), numbers (`-0`), bigints, symbols, and property keys.

use super::{InspectOptions, Style};
use crate::string::Atom;

/// Node's escape for each code unit below 0xA0 that needs one ("" = none).
fn meta(unit: u16) -> Option<String> {
    let named = match unit {
        0x08 => "\\b",
        0x09 => "\\t",
        0x0a => "\\n",
        0x0c => "\\f",
        0x0d => "\\r",
        0x27 => "\\'",
        0x5c => "\\\\",
        _ => "",
    };
    if !named.is_empty() {
        return Some(named.to_string());
    }
    if unit < 0x20 || (0x7f..0xa0).contains(&unit) {
        return Some(format!("\\x{unit:02X}"));
    }
    None
}

/// Quotes a string as `util.inspect` does: single quotes, or double quotes
/// when it contains a single quote (backticks when it contains both and
/// no backtick or `${`), escaping control characters, the chosen quote,
/// backslashes and lone surrogates.
pub fn quote_string(units: &[u16]) -> String {
    let has = |c: u8| units.contains(&(c as u16));
    let mut quote = b'\'';
    if has(b'\'') {
        if !has(b'"') {
            quote = b'"';
        } else if !has(b'`') && !units.windows(2).any(|w| w == [b'$' as u16, b'{' as u16]) {
            quote = b'`';
        }
    }
    let mut out = String::with_capacity(units.len() + 2);
    out.push(quote as char);
    let mut i = 0;
    while i < units.len() {
        let u = units[i];
        if (u == 0x27 && quote == b'\'') || u == 0x5c || u < 0x20 || (0x7f..0xa0).contains(&u) {
            out.push_str(&meta(u).unwrap_or_default());
        } else if (0xd800..=0xdfff).contains(&u) {
            if u <= 0xdbff && i + 1 < units.len() && (0xdc00..=0xdfff).contains(&units[i + 1]) {
                let c = char::decode_utf16([u, units[i + 1]]).next();
                if let Some(Ok(c)) = c {
                    out.push(c);
                }
                i += 2;
                continue;
            }
            out.push_str(&format!("\\u{u:x}"));
        } else if let Some(c) = char::from_u32(u as u32) {
            out.push(c);
        }
        i += 1;
    }
    out.push(quote as char);
    out
}

/// Escapes a key or symbol description the way Node's
/// `strEscapeSequencesReplacer` does (no quotes added; quotes escaped).
pub(crate) fn escape_unquoted(units: &[u16]) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < units.len() {
        let u = units[i];
        if u == 0x27 || u == 0x5c || u < 0x20 || (0x7f..0xa0).contains(&u) {
            out.push_str(&meta(u).unwrap_or_default());
        } else if (0xd800..=0xdfff).contains(&u) {
            if u <= 0xdbff && i + 1 < units.len() && (0xdc00..=0xdfff).contains(&units[i + 1]) {
                if let Some(Ok(c)) = char::decode_utf16([u, units[i + 1]]).next() {
                    out.push(c);
                }
                i += 2;
                continue;
            }
            out.push_str(&format!("\\u{u:x}"));
        } else if let Some(c) = char::from_u32(u as u32) {
            out.push(c);
        }
        i += 1;
    }
    out
}

/// A number as Node prints it (`-0` keeps its sign).
pub(crate) fn number_text(n: f64) -> String {
    if n == 0.0 && n.is_sign_negative() {
        "-0".into()
    } else {
        crate::value::number::number_to_string(n)
    }
}

/// `Symbol(description)`.
pub(crate) fn symbol_text(a: Atom) -> String {
    String::from_utf16_lossy(&crate::builtins::symbol::descriptive_string(a))
}

/// Wraps `text` in the colour of `style` when colours are on.
pub(crate) fn stylize(opts: &InspectOptions, text: &str, style: Style) -> String {
    if !opts.colors {
        return text.to_string();
    }
    let (open, close) = style.codes();
    format!("\u{1b}[{open}m{text}\u{1b}[{close}m")
}

/// Whether a key prints bare (`/^[a-zA-Z_][a-zA-Z_0-9]*$/`).
pub(crate) fn is_identifier_key(units: &[u16]) -> bool {
    let Some(&first) = units.first() else {
        return false;
    };
    let alpha = |u: u16| {
        (b'a' as u16..=b'z' as u16).contains(&u)
            || (b'A' as u16..=b'Z' as u16).contains(&u)
            || u == b'_' as u16
    };
    alpha(first)
        && units
            .iter()
            .all(|&u| alpha(u) || (b'0' as u16..=b'9' as u16).contains(&u))
}

/// A string value, cut at `max_string_length` and split after newlines
/// into `'…' +` lines when it is longer than the line (Node's
/// `formatPrimitive` for strings).
pub(crate) fn string_text(opts: &InspectOptions, units: &[u16], indentation: usize) -> String {
    let mut trailer = String::new();
    let mut units = units;
    if units.len() > opts.max_string_length {
        let remaining = units.len() - opts.max_string_length;
        units = &units[..opts.max_string_length];
        trailer = format!(
            "... {remaining} more character{}",
            if remaining > 1 { "s" } else { "" }
        );
    }
    if opts.compact != super::Compact::Legacy
        && units.len() > 16
        && (units.len() as isize)
            > opts.break_length.min(isize::MAX as usize) as isize - indentation as isize - 4
    {
        let mut pieces = Vec::new();
        let mut start = 0;
        for (i, &u) in units.iter().enumerate() {
            if u == b'\n' as u16 && i + 1 < units.len() {
                pieces.push(&units[start..=i]);
                start = i + 1;
            }
        }
        pieces.push(&units[start..]);
        let sep = format!(" +\n{}", " ".repeat(indentation + 2));
        let lines: Vec<String> = pieces
            .into_iter()
            .map(|p| stylize(opts, &quote_string(p), Style::String))
            .collect();
        return lines.join(&sep) + &trailer;
    }
    stylize(opts, &quote_string(units), Style::String) + &trailer
}
