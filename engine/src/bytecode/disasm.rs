//! The disassembler: prints a code block and the functions it contains,
//! one instruction per line with source line numbers and constants
//! resolved (`weft --dump-bytecode FILE`).

use std::fmt::Write;

use super::{Code, Constant, Insn};

/// The disassembly of `code` and, recursively, its nested functions.
pub fn disassemble(code: &Code) -> String {
    let mut out = String::new();
    dump(code, &mut out, "");
    out
}

fn constant_text(code: &Code, index: u32) -> String {
    match code.constants.get(index as usize) {
        Some(Constant::Number(n)) => format!("{n}"),
        Some(Constant::String(a)) => format!("{:?}", a.to_rust_string()),
        Some(Constant::Utf16(u)) => format!("{:?}", String::from_utf16_lossy(u)),
        Some(Constant::BigInt(b)) => format!("{b}n"),
        Some(Constant::Function(f)) => format!("<function {}>", display_name(f)),
        Some(Constant::Scope(s)) => {
            let names: Vec<String> = s.names.iter().map(|a| a.to_rust_string()).collect();
            format!("<scope [{}]>", names.join(", "))
        }
        Some(Constant::Globals(g)) => format!(
            "<globals vars={} functions={} lexicals={}>",
            g.vars.len(),
            g.functions.len(),
            g.lexicals.len()
        ),
        Some(Constant::Template(t)) => format!("<template #{}>", t.id),
        None => "<bad constant>".into(),
    }
}

fn display_name(code: &Code) -> String {
    let name = code.name_string();
    if name.is_empty() {
        "(anonymous)".into()
    } else {
        name
    }
}

/// The constant indices an instruction refers to.
fn constants_of(insn: &Insn) -> Vec<u32> {
    use Insn::*;
    match *insn {
        LoadConst { index, .. }
        | MakeClosure { index, .. }
        | GetTemplateObject { index, .. }
        | DeclareGlobals { index } => {
            vec![index]
        }
        CheckTdz { name, .. }
        | GetEnvChecked { name, .. }
        | GetImport { name, .. }
        | SetEnvChecked { name, .. }
        | GetGlobal { name, .. }
        | TypeofGlobal { name, .. }
        | SetGlobal { name, .. }
        | InitGlobalLexical { name, .. }
        | DeleteGlobal { name, .. }
        | GetName { name, .. }
        | TypeofName { name, .. }
        | SetName { name, .. }
        | DeleteName { name, .. }
        | ResolveName { name, .. }
        | GetRef { name, .. }
        | SetRef { name, .. }
        | GetNameWithThis { name, .. }
        | GetProp { name, .. }
        | SetProp { name, .. }
        | DeleteProp { name, .. }
        | DefineOwnNamed { name, .. }
        | NewPrivateName { name, .. } => vec![name],
        PushEnv { scope } => vec![scope],
        NewRegExp { pattern, flags, .. } => vec![pattern, flags],
        ThrowError { message, .. } => vec![message],
        MakeClass { ctor, name, .. } => vec![ctor, name],
        CallEval { scope, .. } => vec![scope],
        _ => vec![],
    }
}

fn dump(code: &Code, out: &mut String, indent: &str) {
    let _ = writeln!(
        out,
        "{indent}function {} ({:?}, params {}, registers {}{}{}{})",
        display_name(code),
        code.kind,
        code.param_count,
        code.register_count,
        if code.flags.strict { ", strict" } else { "" },
        if code.flags.generator {
            ", generator"
        } else {
            ""
        },
        if code.flags.is_async { ", async" } else { "" },
    );
    let mut last_line = 0;
    for (pc, insn) in code.insns.iter().enumerate() {
        let line = code
            .position(pc)
            .map(|o| code.source.line_col(o).0)
            .unwrap_or(0);
        let line_text = if line != last_line && line != 0 {
            last_line = line;
            format!("{line:>4}")
        } else {
            "    ".into()
        };
        let refs: Vec<String> = constants_of(insn)
            .into_iter()
            .map(|i| constant_text(code, i))
            .collect();
        let comment = if refs.is_empty() {
            String::new()
        } else {
            format!("  ; {}", refs.join(", "))
        };
        let _ = writeln!(out, "{indent}{line_text} {pc:>5}  {insn:?}{comment}");
    }
    for h in &code.handlers {
        let _ = writeln!(
            out,
            "{indent}  handler [{}, {}) -> {}",
            h.start, h.end, h.target
        );
    }
    let inner = format!("{indent}  ");
    for c in &code.constants {
        if let Constant::Function(f) = c {
            let _ = writeln!(out);
            dump(f, out, &inner);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bytecode::Source;

    #[test]
    fn disassembly_names_functions_and_constants() {
        let code = crate::compiler::compile_script(Source::new(
            "t.js",
            "function add(a, b) { return a + b; }\nvar x = add(1, 2.5);",
        ))
        .expect("compiles");
        let text = disassemble(&code);
        assert!(text.contains("function add"), "{text}");
        assert!(text.contains("Binary { op: Add"), "{text}");
        assert!(text.contains("2.5"), "{text}");
        assert!(text.contains("\"add\""), "{text}");
    }
}
