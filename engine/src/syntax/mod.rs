//! The front end: source text → oxc AST, with early errors.
//!
//! Parsing is done by `oxc_parser` (a spec-complete ECMAScript parser) and
//! early errors by `oxc_semantic`'s checker. This module owns the glue:
//! options, turning diagnostics into `SyntaxError`s with a byte offset (the
//! caller maps it to line and column), and a nesting-depth guard so that a
//! pathologically nested input is a SyntaxError, not a stack overflow in
//! the recursive-descent parser or in the compiler.

pub(crate) mod call_printer;

use oxc_allocator::Allocator;
use oxc_ast::ast::Program;
use oxc_parser::{ParseOptions, Parser};
use oxc_semantic::{Semantic, SemanticBuilder};
use oxc_span::SourceType;

/// Brackets may nest this deep before the input is refused.
pub const MAX_NESTING: usize = 1500;

/// A syntax error at a byte offset of the source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub message: String,
    pub offset: u32,
}

/// What the source text is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Goal {
    Script,
    Module,
}

/// A parsed program and its semantic analysis (scopes, symbols, resolved
/// references), borrowing `allocator` and the text.
pub struct Parsed<'a> {
    pub program: &'a Program<'a>,
    pub semantic: Semantic<'a>,
}

/// Parses `text` and runs the early-error checks.
pub fn parse<'a>(
    allocator: &'a Allocator,
    text: &'a str,
    goal: Goal,
) -> Result<Parsed<'a>, SyntaxError> {
    parse_allowing(allocator, text, goal, &|_, _| false)
}

/// Like `parse`, but an early error for which `allowed(program, error)`
/// holds is not one: eval code may use `new.target` and `super` where its
/// caller could, which a parse of the text alone cannot know.
pub fn parse_allowing<'a>(
    allocator: &'a Allocator,
    text: &'a str,
    goal: Goal,
    allowed: &dyn Fn(&Program, &SyntaxError) -> bool,
) -> Result<Parsed<'a>, SyntaxError> {
    check_nesting(text)?;
    let source_type = match goal {
        Goal::Script => SourceType::cjs().with_script(true),
        Goal::Module => SourceType::mjs(),
    };
    let options = ParseOptions {
        parse_regular_expression: true,
        ..ParseOptions::default()
    };
    let ret = Parser::new(allocator, text, source_type)
        .with_options(options)
        .parse();
    if ret.panicked {
        let first = ret.diagnostics.errors().next();
        return Err(first.map(to_syntax_error).unwrap_or_else(|| SyntaxError {
            message: "unexpected end of input".into(),
            offset: text.len() as u32,
        }));
    }
    let program = allocator.alloc(ret.program);
    if let Some(err) = ret
        .diagnostics
        .errors()
        .map(to_syntax_error)
        .find(|e| !allowed(program, e))
    {
        return Err(err);
    }
    let built = SemanticBuilder::new()
        .with_check_syntax_error(true)
        .build(program);
    if let Some(err) = built
        .diagnostics
        .errors()
        .map(to_syntax_error)
        .find(|e| !allowed(program, e))
    {
        return Err(err);
    }
    Ok(Parsed {
        program,
        semantic: built.semantic,
    })
}

fn to_syntax_error(d: &oxc_diagnostics::OxcDiagnostic) -> SyntaxError {
    let offset = d.labels.first().map_or(0, |l| l.offset());
    SyntaxError {
        message: d.message.to_string(),
        offset,
    }
}

/// Refuses input whose brackets nest deeper than `MAX_NESTING` (outside
/// strings and comments, approximately: a template or regex may fool it,
/// which only makes the guard more conservative).
fn check_nesting(text: &str) -> Result<(), SyntaxError> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'(' | b'[' | b'{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Err(SyntaxError {
                        message: format!("nesting is deeper than {MAX_NESTING} levels"),
                        offset: i as u32,
                    });
                }
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            q @ (b'"' | b'\'') => {
                i += 1;
                while i < bytes.len() && bytes[i] != q && bytes[i] != b'\n' {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i + 1 < bytes.len() && !(bytes[i] == b'*' && bytes[i + 1] == b'/') {
                    i += 1;
                }
                i += 1;
            }
            _ => {}
        }
        i += 1;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_syntax_error_carries_its_offset() {
        let alloc = Allocator::default();
        let err = parse(&alloc, "let x = 1;\nlet = ;", Goal::Script)
            .err()
            .unwrap();
        assert!(err.offset >= 11, "{err:?}");
    }

    #[test]
    fn early_errors_are_reported() {
        let alloc = Allocator::default();
        assert!(parse(&alloc, "let a; let a;", Goal::Script).is_err());
        assert!(parse(&alloc, "'use strict'; with (a) {}", Goal::Script).is_err());
        assert!(parse(&alloc, "var a; var a;", Goal::Script).is_ok());
    }

    #[test]
    fn deep_nesting_is_a_syntax_error_not_a_crash() {
        let alloc = Allocator::default();
        let text = "(".repeat(100_000);
        let err = parse(&alloc, &text, Goal::Script).err().unwrap();
        assert!(err.message.contains("nesting"));
    }
}
