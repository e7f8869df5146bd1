//! Numbers and BigInts: formatting, parsing and the BigInt cell.
//!
//! Number-to-string follows ECMAScript's Number::toString (shortest
//! round-trip digits, via the `ryu-js` crate made for exactly this);
//! string-to-number follows StringToNumber.

use num_bigint::BigInt;

use crate::heap::{Trace, Tracer};

/// A BigInt value's cell. Immutable.
pub struct JsBigInt(pub BigInt);

impl Trace for JsBigInt {
    fn trace(&self, _: &mut Tracer) {}
}

impl JsBigInt {
    pub fn is_zero(&self) -> bool {
        self.0.sign() == num_bigint::Sign::NoSign
    }
}

impl std::fmt::Display for JsBigInt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Number::toString(10).
pub fn number_to_string(n: f64) -> String {
    if n.is_nan() {
        return "NaN".into();
    }
    if n == 0.0 {
        return "0".into();
    }
    if n.is_infinite() {
        return if n > 0.0 {
            "Infinity".into()
        } else {
            "-Infinity".into()
        };
    }
    let mut buf = ryu_js::Buffer::new();
    buf.format_finite(n).to_string()
}

/// Number::toString(radix) for radix 2..=36 other than 10.
pub fn number_to_string_radix(mut n: f64, radix: u32) -> String {
    if n.is_nan() {
        return "NaN".into();
    }
    if n.is_infinite() {
        return if n > 0.0 {
            "Infinity".into()
        } else {
            "-Infinity".into()
        };
    }
    if n == 0.0 {
        return "0".into();
    }
    let negative = n < 0.0;
    if negative {
        n = -n;
    }
    let digit = |d: u32| std::char::from_digit(d, radix).unwrap_or('0');
    let mut int_part = n.trunc();
    let mut frac = n - int_part;
    let mut int_digits = Vec::new();
    if int_part == 0.0 {
        int_digits.push('0');
    }
    while int_part >= 1.0 {
        let d = (int_part % radix as f64) as u32;
        int_digits.push(digit(d));
        int_part = ((int_part - d as f64) / radix as f64).trunc();
    }
    int_digits.reverse();
    let mut out: String = int_digits.into_iter().collect();
    if frac > 0.0 {
        out.push('.');
        // Emit digits until the fraction is exhausted or more digits cannot
        // change the double (52 bits of mantissa bound the useful length).
        let mut delta = 0.5 * (f64::from_bits(n.to_bits() + 1) - n).max(f64::MIN_POSITIVE);
        loop {
            frac *= radix as f64;
            delta *= radix as f64;
            let d = frac.trunc() as u32;
            frac -= d as f64;
            out.push(digit(d));
            if frac <= delta || out.len() > 1100 {
                break;
            }
            if 1.0 - frac <= delta {
                // Round up the last digit (carrying as needed).
                let mut chars: Vec<char> = out.chars().collect();
                let mut i = chars.len() - 1;
                loop {
                    if chars[i] == '.' {
                        i -= 1;
                        continue;
                    }
                    let v = chars[i].to_digit(radix).unwrap_or(0) + 1;
                    if v < radix {
                        chars[i] = digit(v);
                        break;
                    }
                    chars[i] = '0';
                    if i == 0 {
                        chars.insert(0, '1');
                        break;
                    }
                    i -= 1;
                }
                out = chars.into_iter().collect();
                break;
            }
        }
        while out.ends_with('0') {
            out.pop();
        }
        if out.ends_with('.') {
            out.pop();
        }
    }
    if negative { format!("-{out}") } else { out }
}

fn is_js_whitespace(c: u16) -> bool {
    matches!(
        c,
        0x09 | 0x0A | 0x0B | 0x0C | 0x0D | 0x20 | 0xA0 | 0x1680 | 0x2000
            ..=0x200A | 0x2028 | 0x2029 | 0x202F | 0x205F | 0x3000 | 0xFEFF
    )
}

/// Trims JS whitespace and line terminators from both ends.
pub fn trim_js(units: &[u16]) -> &[u16] {
    let start = units
        .iter()
        .position(|&c| !is_js_whitespace(c))
        .unwrap_or(units.len());
    let end = units
        .iter()
        .rposition(|&c| !is_js_whitespace(c))
        .map_or(start, |e| e + 1);
    &units[start..end]
}

pub fn is_whitespace_unit(c: u16) -> bool {
    is_js_whitespace(c)
}

/// StringToNumber.
pub fn string_to_number(units: &[u16]) -> f64 {
    let t = trim_js(units);
    if t.is_empty() {
        return 0.0;
    }
    let Ok(s) = String::from_utf16(t) else {
        return f64::NAN;
    };
    let radix = match s.get(..2) {
        Some("0x") | Some("0X") => 16,
        Some("0o") | Some("0O") => 8,
        Some("0b") | Some("0B") => 2,
        _ => 10,
    };
    if radix != 10 {
        let digits = &s[2..];
        if digits.is_empty() {
            return f64::NAN;
        }
        let mut v = 0f64;
        for c in digits.chars() {
            match c.to_digit(radix) {
                Some(d) => v = v * radix as f64 + d as f64,
                None => return f64::NAN,
            }
        }
        return v;
    }
    parse_decimal_literal(&s).unwrap_or(f64::NAN)
}

/// A StrDecimalLiteral (sign, Infinity, digits, '.', exponent), or None.
fn parse_decimal_literal(s: &str) -> Option<f64> {
    let (sign, rest) = match s.as_bytes().first() {
        Some(b'+') => (1.0, &s[1..]),
        Some(b'-') => (-1.0, &s[1..]),
        _ => (1.0, s),
    };
    if rest == "Infinity" {
        return Some(sign * f64::INFINITY);
    }
    let b = rest.as_bytes();
    let mut i = 0;
    let mut digits = 0;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
        digits += 1;
    }
    if i < b.len() && b[i] == b'.' {
        i += 1;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
            digits += 1;
        }
    }
    if digits == 0 {
        return None;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        let mut j = i + 1;
        if j < b.len() && (b[j] == b'+' || b[j] == b'-') {
            j += 1;
        }
        let exp_start = j;
        while j < b.len() && b[j].is_ascii_digit() {
            j += 1;
        }
        if j == exp_start {
            return None;
        }
        i = j;
    }
    if i != b.len() {
        return None;
    }
    rest.parse::<f64>().ok().map(|v| sign * v)
}

/// The longest prefix of `s` that is a StrDecimalLiteral, as parseFloat
/// reads it; NaN when there is none.
pub fn parse_float_prefix(units: &[u16]) -> f64 {
    let t = trim_js(units);
    let s: String = t
        .iter()
        .take_while(|&&c| c < 128)
        .map(|&c| c as u8 as char)
        .collect();
    let (sign_len, rest) = match s.as_bytes().first() {
        Some(b'+') | Some(b'-') => (1, &s[1..]),
        _ => (0, &s[..]),
    };
    let sign = if s.starts_with('-') { -1.0 } else { 1.0 };
    if rest.starts_with("Infinity") {
        return sign * f64::INFINITY;
    }
    let _ = sign_len;
    let b = rest.as_bytes();
    let mut end = 0;
    let mut i = 0;
    let mut seen_digit = false;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
        seen_digit = true;
        end = i;
    }
    if i < b.len() && b[i] == b'.' {
        i += 1;
        if seen_digit {
            end = i;
        }
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
            seen_digit = true;
            end = i;
        }
    }
    if !seen_digit {
        return f64::NAN;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        let mut j = i + 1;
        if j < b.len() && (b[j] == b'+' || b[j] == b'-') {
            j += 1;
        }
        let exp_start = j;
        while j < b.len() && b[j].is_ascii_digit() {
            j += 1;
        }
        if j > exp_start {
            end = j;
        }
    }
    let text = rest[..end].trim_end_matches('.');
    text.parse::<f64>().map(|v| sign * v).unwrap_or(f64::NAN)
}

/// ToInt32 of a number.
pub fn to_int32(n: f64) -> i32 {
    if n.is_finite() && n.abs() < 2147483648.0 {
        return n as i32;
    }
    to_uint32(n) as i32
}

/// ToUint32 of a number.
pub fn to_uint32(n: f64) -> u32 {
    if !n.is_finite() {
        return 0;
    }
    let t = n.trunc();
    let m = t.rem_euclid(4294967296.0);
    m as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::string::utf16;

    #[test]
    fn number_to_string_matches_the_spec_examples() {
        assert_eq!(number_to_string(1.0), "1");
        assert_eq!(number_to_string(-0.0), "0");
        assert_eq!(number_to_string(0.1), "0.1");
        assert_eq!(number_to_string(1e21), "1e+21");
        assert_eq!(number_to_string(1e-7), "1e-7");
        assert_eq!(
            number_to_string(123456789012345680000.0),
            "123456789012345680000"
        );
        assert_eq!(number_to_string(f64::NAN), "NaN");
        assert_eq!(number_to_string(-f64::INFINITY), "-Infinity");
    }

    #[test]
    fn radix_formatting() {
        assert_eq!(number_to_string_radix(255.0, 16), "ff");
        assert_eq!(number_to_string_radix(-8.0, 2), "-1000");
        assert_eq!(number_to_string_radix(0.5, 2), "0.1");
        assert_eq!(number_to_string_radix(35.0, 36), "z");
    }

    #[test]
    fn string_to_number_follows_the_grammar() {
        let n = |s: &str| string_to_number(&utf16(s));
        assert_eq!(n("  12  "), 12.0);
        assert_eq!(n(""), 0.0);
        assert_eq!(n("0x1F"), 31.0);
        assert_eq!(n("0b101"), 5.0);
        assert_eq!(n("-Infinity"), f64::NEG_INFINITY);
        assert_eq!(n(".5e1"), 5.0);
        assert!(n("1e").is_nan());
        assert!(n("12px").is_nan());
        assert!(n("-0x10").is_nan());
        assert!(n("infinity").is_nan());
    }

    #[test]
    fn parse_float_reads_the_longest_prefix() {
        let p = |s: &str| parse_float_prefix(&utf16(s));
        assert_eq!(p("2.5abc"), 2.5);
        assert_eq!(p("  -2e3x"), -2000.0);
        assert_eq!(p("1e"), 1.0);
        assert_eq!(p(".5"), 0.5);
        assert!(p("abc").is_nan());
        assert_eq!(p("Infinityx"), f64::INFINITY);
    }

    #[test]
    fn int32_conversions_wrap() {
        assert_eq!(to_int32(4294967296.0 + 5.0), 5);
        assert_eq!(to_int32(2147483648.0), i32::MIN);
        assert_eq!(to_uint32(-1.0), u32::MAX);
        assert_eq!(to_int32(f64::NAN), 0);
        assert_eq!(to_int32(-3.7), -3);
    }
}
