//! The callee of a failed call, as the error message names it: `o.bar is
//! not a function`, `arr[0].f is not a function`, `f(...) is not a
//! function`. The wording follows V8's `CallPrinter` (what Node, Deno and
//! Chromium print), since learners search for those messages.
//!
//! The compiler records only the callee's source span per call site
//! (`Code::callee_spans`); the text is parsed again here when a call
//! fails, so successful programs pay nothing for it.

use oxc_allocator::Allocator;
use oxc_ast::ast::{
    ArrayExpressionElement, BinaryExpression, ComputedMemberExpression, Expression,
    LogicalExpression, MemberExpression, UnaryOperator,
};
use oxc_parser::Parser;
use oxc_span::SourceType;

/// What V8 prints for a part it cannot name.
const INTERMEDIATE: &str = "(intermediate value)";

/// How a call's callee is named in its error message, from the callee's
/// source text; None when the text does not parse as an expression on its
/// own (then the message names the value instead).
pub(crate) fn callee_text(source: &str) -> Option<String> {
    let allocator = Allocator::default();
    let expr = Parser::new(&allocator, source, SourceType::mjs())
        .parse_expression()
        .ok()?;
    let mut out = String::new();
    print(&expr, &mut out);
    Some(out)
}

fn print(e: &Expression, out: &mut String) {
    match e {
        Expression::Identifier(id) => out.push_str(id.name.as_str()),
        Expression::ThisExpression(_) => out.push_str("this"),
        Expression::ParenthesizedExpression(p) => print(&p.expression, out),
        Expression::StringLiteral(s) => quoted(s.value.as_str(), out),
        Expression::NumericLiteral(n) => out.push_str(&number(n.value)),
        Expression::BooleanLiteral(b) => out.push_str(if b.value { "true" } else { "false" }),
        Expression::NullLiteral(_) => out.push_str("null"),
        Expression::TemplateLiteral(t) if t.expressions.is_empty() => {
            let cooked = t.quasis.first().and_then(|q| q.value.cooked.as_ref());
            quoted(cooked.map_or("", |c| c.as_str()), out)
        }
        Expression::StaticMemberExpression(_)
        | Expression::ComputedMemberExpression(_)
        | Expression::PrivateFieldExpression(_) => {
            member(e.as_member_expression().expect("a member expression"), out)
        }
        Expression::ChainExpression(c) => match c.expression.as_member_expression() {
            Some(m) => member(m, out),
            None => match &c.expression {
                oxc_ast::ast::ChainElement::CallExpression(call) => {
                    print(&call.callee, out);
                    out.push_str("(...)");
                }
                _ => out.push_str(INTERMEDIATE),
            },
        },
        Expression::CallExpression(call) => {
            print(&call.callee, out);
            out.push_str("(...)");
        }
        Expression::ArrayExpression(a) => {
            out.push('[');
            for (i, el) in a.elements.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                match el {
                    ArrayExpressionElement::Elision(_) => {}
                    ArrayExpressionElement::SpreadElement(s) => {
                        out.push_str("...");
                        print(&s.argument, out);
                    }
                    other => match other.as_expression() {
                        Some(e) => print(e, out),
                        None => out.push_str(INTERMEDIATE),
                    },
                }
            }
            out.push(']');
        }
        Expression::ObjectExpression(o) if o.properties.is_empty() => out.push_str("{}"),
        // V8 names each of the three parts it cannot print.
        Expression::ConditionalExpression(_) => {
            (0..3).for_each(|_| out.push_str(INTERMEDIATE));
        }
        Expression::BinaryExpression(b) => binary(b, out),
        Expression::LogicalExpression(l) => logical(l, out),
        Expression::SequenceExpression(s) => {
            out.push('(');
            for (i, e) in s.expressions.iter().enumerate() {
                if i > 0 {
                    out.push_str(" , ");
                }
                print(e, out);
            }
            out.push(')');
        }
        Expression::UnaryExpression(u) => {
            if u.operator == UnaryOperator::UnaryNegation
                && let Expression::NumericLiteral(n) = &u.argument
            {
                out.push_str(&number(-n.value));
                return;
            }
            out.push('(');
            out.push_str(u.operator.as_str());
            if u.operator.is_keyword() {
                out.push(' ');
            }
            print(&u.argument, out);
            out.push(')');
        }
        Expression::AssignmentExpression(a) => match a.left.as_simple_assignment_target() {
            Some(t) => match t.as_member_expression() {
                Some(m) => member(m, out),
                None => match t {
                    oxc_ast::ast::SimpleAssignmentTarget::AssignmentTargetIdentifier(id) => {
                        out.push_str(id.name.as_str())
                    }
                    _ => out.push_str(INTERMEDIATE),
                },
            },
            None => out.push_str(INTERMEDIATE),
        },
        _ => out.push_str(INTERMEDIATE),
    }
}

fn member(m: &MemberExpression, out: &mut String) {
    match m {
        MemberExpression::StaticMemberExpression(m) => {
            print(&m.object, out);
            out.push_str(if m.optional { "?." } else { "." });
            out.push_str(m.property.name.as_str());
        }
        MemberExpression::ComputedMemberExpression(m) => computed(m, out),
        MemberExpression::PrivateFieldExpression(p) => {
            print(&p.object, out);
            out.push_str(if p.optional { "?.#" } else { ".#" });
            out.push_str(p.field.name.as_str());
        }
    }
}

/// `o[k]`, or `o.name` when the key is a string (V8 prints string keys
/// as names, unquoted).
fn computed(m: &ComputedMemberExpression, out: &mut String) {
    print(&m.object, out);
    let name = match &m.expression {
        Expression::StringLiteral(s) => Some(s.value.as_str()),
        Expression::TemplateLiteral(t) if t.expressions.is_empty() => t
            .quasis
            .first()
            .and_then(|q| q.value.cooked.as_ref())
            .map(|c| c.as_str()),
        _ => None,
    };
    match name {
        Some(name) => {
            out.push_str(if m.optional { "?." } else { "." });
            out.push_str(name);
        }
        None => {
            out.push_str(if m.optional { "?.[" } else { "[" });
            print(&m.expression, out);
            out.push(']');
        }
    }
}

fn binary(b: &BinaryExpression, out: &mut String) {
    out.push('(');
    print(&b.left, out);
    out.push(' ');
    out.push_str(b.operator.as_str());
    out.push(' ');
    print(&b.right, out);
    out.push(')');
}

fn logical(l: &LogicalExpression, out: &mut String) {
    out.push('(');
    print(&l.left, out);
    out.push(' ');
    out.push_str(l.operator.as_str());
    out.push(' ');
    print(&l.right, out);
    out.push(')');
}

fn quoted(s: &str, out: &mut String) {
    out.push('"');
    out.push_str(s);
    out.push('"');
}

fn number(n: f64) -> String {
    crate::value::number::number_to_string(n)
}

#[cfg(test)]
mod tests {
    use super::callee_text;

    #[test]
    fn names_callees_as_v8_does() {
        let cases = [
            ("o.bar", "o.bar"),
            ("arr[0].f", "arr[0].f"),
            ("o['a b']", "o.a b"),
            ("o?.[k]", "o?.[k]"),
            ("f(1)(2)", "f(...)(...)"),
            ("(0, o.bar)", "(0 , o.bar)"),
            ("arr[i + 1]", "arr[(i + 1)]"),
            ("(void 0)", "(void 0)"),
            ("o[-1]", "o[-1]"),
            ("new Date().x", "(intermediate value).x"),
        ];
        for (source, want) in cases {
            assert_eq!(callee_text(source).as_deref(), Some(want), "{source}");
        }
        assert_eq!(callee_text("o."), None);
    }
}
