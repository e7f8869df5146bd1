//! Node's line-breaking rules: whether the entries of an object fit on
//! one line (`isBelowBreakLength`, `reduceToSingleString`) and the
//! column layout of long arrays (`groupArrayElements`).

use super::{Compact, InspectOptions, string_width, visible_len};

/// Which kind of entries are being joined (Node's `kObjectType` …).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Extras {
    Object,
    Array,
}

/// The layout state shared by a whole inspection.
pub(crate) struct Layout<'a> {
    pub opts: &'a InspectOptions,
    pub indentation: usize,
    pub current_depth: usize,
}

impl Layout<'_> {
    /// `isBelowBreakLength`: the entries plus separators fit in
    /// `breakLength`, and `base` has no line break.
    fn is_below_break_length(&self, output: &[String], start: usize, base: &str) -> bool {
        let mut total = output.len() + start;
        if total + output.len() > self.opts.break_length {
            return false;
        }
        for entry in output {
            total += visible_len(entry);
            if total > self.opts.break_length {
                return false;
            }
        }
        base.is_empty() || !base.contains('\n')
    }

    /// Node's `reduceToSingleString`. `numeric` says whether the array
    /// being grouped holds only numbers and bigints (they align right).
    pub fn reduce_to_single_string(
        &self,
        mut output: Vec<String>,
        base: &str,
        braces: (&str, &str),
        extras: Extras,
        recurse_times: usize,
        numeric: bool,
    ) -> String {
        let (open, close) = braces;
        let base_sp = if base.is_empty() {
            String::new()
        } else {
            format!("{base} ")
        };
        match self.opts.compact {
            Compact::Levels(compact) => {
                if compact >= 1 {
                    let entries = output.len();
                    if extras == Extras::Array && entries > 6 {
                        output = self.group_array_elements(output, numeric);
                    }
                    if self.current_depth.saturating_sub(recurse_times) < compact as usize
                        && entries == output.len()
                    {
                        // Node counts the braces and base in UTF-16 units, colour codes
                        // included.
                        let start = output.len()
                            + self.indentation
                            + open.encode_utf16().count()
                            + base.encode_utf16().count()
                            + 10;
                        if self.is_below_break_length(&output, start, base) {
                            let joined = output.join(", ");
                            if !joined.contains('\n') {
                                return format!("{base_sp}{open} {joined} {close}");
                            }
                        }
                    }
                }
                let indentation = format!("\n{}", " ".repeat(self.indentation));
                format!(
                    "{base_sp}{open}{indentation}  {}{indentation}{close}",
                    output.join(&format!(",{indentation}  "))
                )
            }
            Compact::Legacy => {
                if self.is_below_break_length(&output, 0, base) {
                    let b = if base.is_empty() {
                        String::new()
                    } else {
                        format!(" {base}")
                    };
                    return format!("{open}{b} {} {close}", output.join(", "));
                }
                let indentation = " ".repeat(self.indentation);
                let ln = if base.is_empty() && open.encode_utf16().count() == 1 {
                    " ".to_string()
                } else {
                    let b = if base.is_empty() {
                        String::new()
                    } else {
                        format!(" {base}")
                    };
                    format!("{b}\n{indentation}  ")
                };
                format!(
                    "{open}{ln}{} {close}",
                    output.join(&format!(",\n{indentation}  "))
                )
            }
        }
    }

    /// Node's `groupArrayElements`: many short entries are laid out in
    /// columns (numbers padded to the right edge, others to the left).
    fn group_array_elements(&self, output: Vec<String>, numeric: bool) -> Vec<String> {
        let mut total_length = 0usize;
        let mut max_length = 0usize;
        let mut output_length = output.len();
        // The "... more items" entry is not laid out.
        if self.opts.max_array_length < output.len() {
            output_length -= 1;
        }
        let separator_space = 2;
        let mut data_len = Vec::with_capacity(output_length);
        for entry in &output[..output_length] {
            let len = string_width(entry);
            data_len.push(len);
            total_length += len + separator_space;
            if max_length < len {
                max_length = len;
            }
        }
        let actual_max = max_length + separator_space;
        if actual_max * 3 + self.indentation < self.opts.break_length
            && (total_length as f64 / actual_max as f64 > 5.0 || max_length <= 6)
        {
            let approx_char_heights = 2.5;
            let average_bias =
                (actual_max as f64 - total_length as f64 / output.len() as f64).sqrt();
            let biased_max = (actual_max as f64 - 3.0 - average_bias).max(1.0);
            let compact = match self.opts.compact {
                Compact::Levels(n) => n as f64,
                Compact::Legacy => 0.0,
            };
            let columns = ((approx_char_heights * biased_max * output_length as f64).sqrt()
                / biased_max)
                .round()
                .min(
                    ((self.opts.break_length - self.indentation) as f64 / actual_max as f64)
                        .floor(),
                )
                .min(compact * 4.0)
                .min(15.0);
            if columns <= 1.0 || columns.is_nan() {
                return output;
            }
            let columns = columns as usize;
            let mut max_line_length = Vec::with_capacity(columns);
            for i in 0..columns {
                let mut line_max = 0;
                let mut j = i;
                while j < output_length {
                    line_max = line_max.max(data_len[j]);
                    j += columns;
                }
                max_line_length.push(line_max + separator_space);
            }
            let mut grouped = Vec::new();
            let mut i = 0;
            while i < output_length {
                let max = (i + columns).min(output_length);
                let mut line = String::new();
                let mut j = i;
                while j < max - 1 {
                    let cell = format!("{}, ", output[j]);
                    let padding = max_line_length[j - i] + output[j].len() - data_len[j];
                    pad(&mut line, &cell, padding, numeric);
                    j += 1;
                }
                if numeric {
                    let padding =
                        max_line_length[j - i] + output[j].len() - data_len[j] - separator_space;
                    pad(&mut line, &output[j], padding, true);
                } else {
                    line.push_str(&output[j]);
                }
                grouped.push(line);
                i += columns;
            }
            if self.opts.max_array_length < output.len() {
                grouped.push(output[output_length].clone());
            }
            return grouped;
        }
        output
    }
}

/// Appends `text` padded with spaces to `width` (in bytes of `text`, as
/// Node pads by UTF-16 length plus colour codes), at the start when
/// `start`, else at the end.
fn pad(out: &mut String, text: &str, width: usize, start: bool) {
    let len = text.len();
    let fill = " ".repeat(width.saturating_sub(len));
    if start {
        out.push_str(&fill);
        out.push_str(text);
    } else {
        out.push_str(text);
        out.push_str(&fill);
    }
}
