//! A test's front matter (the YAML between `/*---` and `---*/`), read with
//! just enough YAML for test262: flags, includes, features, negative.

/// What INTERPRETING.md says a test needs.
#[derive(Debug, Default, Clone)]
pub struct Metadata {
    pub includes: Vec<String>,
    pub flags: Vec<String>,
    pub features: Vec<String>,
    /// (phase, error type) of a negative test.
    pub negative: Option<(String, String)>,
}

impl Metadata {
    pub fn has_flag(&self, f: &str) -> bool {
        self.flags.iter().any(|x| x == f)
    }
}

fn list_items(value: &str) -> Vec<String> {
    let v = value.trim();
    let inner = v
        .strip_prefix('[')
        .and_then(|s| s.strip_suffix(']'))
        .unwrap_or(v);
    inner
        .split(',')
        .map(|s| s.trim().trim_matches(['"', '\'']).to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Parses the front matter of `source` (missing front matter: defaults).
pub fn parse(source: &str) -> Metadata {
    let mut meta = Metadata::default();
    let Some(start) = source.find("/*---") else {
        return meta;
    };
    let Some(end) = source[start..].find("---*/") else {
        return meta;
    };
    let yaml = &source[start + 5..start + end];
    let mut current: Option<String> = None;
    let mut in_negative = false;
    for line in yaml.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        let indented = line.starts_with(' ') || line.starts_with('\t');
        if !indented {
            in_negative = false;
            current = None;
            if let Some((key, value)) = trimmed.split_once(':') {
                let key = key.trim();
                match key {
                    "includes" => meta.includes = list_items(value),
                    "flags" => meta.flags = list_items(value),
                    "features" => meta.features = list_items(value),
                    "negative" => in_negative = true,
                    _ => {}
                }
                if value.trim().is_empty() {
                    current = Some(key.to_string());
                }
            }
            continue;
        }
        if in_negative {
            if let Some((k, v)) = trimmed.split_once(':') {
                let neg = meta
                    .negative
                    .get_or_insert_with(|| (String::new(), String::new()));
                match k.trim() {
                    "phase" => neg.0 = v.trim().to_string(),
                    "type" => neg.1 = v.trim().to_string(),
                    _ => {}
                }
            }
            continue;
        }
        if let (Some(key), Some(item)) = (&current, trimmed.strip_prefix("- ")) {
            let item = item.trim().to_string();
            match key.as_str() {
                "includes" => meta.includes.push(item),
                "flags" => meta.flags.push(item),
                "features" => meta.features.push(item),
                _ => {}
            }
        }
    }
    meta
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_inline_and_block_lists_and_negative() {
        let src = "/*---\nincludes: [propertyHelper.js, compareArray.js]\nflags: [onlyStrict]\nfeatures:\n  - Symbol\n  - class\nnegative:\n  phase: parse\n  type: SyntaxError\n---*/\nfoo();";
        let m = parse(src);
        assert_eq!(m.includes, vec!["propertyHelper.js", "compareArray.js"]);
        assert!(m.has_flag("onlyStrict"));
        assert_eq!(m.features, vec!["Symbol", "class"]);
        assert_eq!(m.negative, Some(("parse".into(), "SyntaxError".into())));
    }

    #[test]
    fn no_front_matter_is_defaults() {
        let m = parse("var x;");
        assert!(m.includes.is_empty() && m.negative.is_none());
    }
}
