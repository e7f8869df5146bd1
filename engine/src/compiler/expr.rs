//! Expressions.

use oxc_ast::ast::{self, Expression};
use oxc_span::GetSpan;
use oxc_syntax::operator::{
    AssignmentOperator, BinaryOperator, LogicalOperator, UnaryOperator, UpdateOperator,
};

use super::{Binding, Loc, Unit};
use crate::bytecode::{BinOp, Constant, Insn, Reg, TemplateSite, ThrowKind, UnOp, UnpackValue};
use crate::string::Atom;
use crate::string::atom::names;
use crate::syntax::SyntaxError;

type R<T = ()> = Result<T, SyntaxError>;

/// Where a name resolved to.
#[derive(Clone, Copy, Debug)]
pub(crate) enum NameRef {
    Bound(Binding),
    /// Not declared anywhere visible: global (or dynamic) by name.
    Free(Atom),
    /// Resolved dynamically by name (inside `with` or reach of eval).
    Dynamic(Atom),
}

/// A reference to something assignable, evaluated up to the point of
/// reading or writing it.
pub(crate) enum Place {
    Name(NameRef),
    /// A dynamic name resolved once (`ResolveName`) into `reference`, for
    /// a read-modify-write.
    ResolvedName {
        name: Atom,
        reference: Reg,
    },
    Prop {
        obj: Reg,
        name: Atom,
    },
    Elem {
        obj: Reg,
        key: Reg,
    },
    Private {
        obj: Reg,
        name: Reg,
    },
    Super {
        key: Reg,
    },
}

pub(crate) fn binop(op: BinaryOperator) -> BinOp {
    match op {
        BinaryOperator::Equality => BinOp::Eq,
        BinaryOperator::Inequality => BinOp::Ne,
        BinaryOperator::StrictEquality => BinOp::StrictEq,
        BinaryOperator::StrictInequality => BinOp::StrictNe,
        BinaryOperator::LessThan => BinOp::Lt,
        BinaryOperator::LessEqualThan => BinOp::Le,
        BinaryOperator::GreaterThan => BinOp::Gt,
        BinaryOperator::GreaterEqualThan => BinOp::Ge,
        BinaryOperator::Addition => BinOp::Add,
        BinaryOperator::Subtraction => BinOp::Sub,
        BinaryOperator::Multiplication => BinOp::Mul,
        BinaryOperator::Division => BinOp::Div,
        BinaryOperator::Remainder => BinOp::Rem,
        BinaryOperator::Exponential => BinOp::Exp,
        BinaryOperator::ShiftLeft => BinOp::Shl,
        BinaryOperator::ShiftRight => BinOp::Sar,
        BinaryOperator::ShiftRightZeroFill => BinOp::Shr,
        BinaryOperator::BitwiseOR => BinOp::BitOr,
        BinaryOperator::BitwiseXOR => BinOp::BitXor,
        BinaryOperator::BitwiseAnd => BinOp::BitAnd,
        BinaryOperator::In => BinOp::In,
        BinaryOperator::Instanceof => BinOp::InstanceOf,
    }
}

fn assign_binop(op: AssignmentOperator) -> Option<BinOp> {
    Some(match op {
        AssignmentOperator::Addition => BinOp::Add,
        AssignmentOperator::Subtraction => BinOp::Sub,
        AssignmentOperator::Multiplication => BinOp::Mul,
        AssignmentOperator::Division => BinOp::Div,
        AssignmentOperator::Remainder => BinOp::Rem,
        AssignmentOperator::Exponential => BinOp::Exp,
        AssignmentOperator::ShiftLeft => BinOp::Shl,
        AssignmentOperator::ShiftRight => BinOp::Sar,
        AssignmentOperator::ShiftRightZeroFill => BinOp::Shr,
        AssignmentOperator::BitwiseOR => BinOp::BitOr,
        AssignmentOperator::BitwiseXOR => BinOp::BitXor,
        AssignmentOperator::BitwiseAnd => BinOp::BitAnd,
        _ => return None,
    })
}

/// A string literal's value as UTF-16, decoding oxc's lone-surrogate escape.
pub(crate) fn string_literal_units(lit: &ast::StringLiteral) -> Vec<u16> {
    decode_lossy_escapes(lit.value.as_str(), lit.lone_surrogates)
}

pub(crate) fn decode_lossy_escapes(s: &str, lone_surrogates: bool) -> Vec<u16> {
    if !lone_surrogates {
        return s.encode_utf16().collect();
    }
    let mut out = Vec::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\u{FFFD}' {
            let hex: String = chars.by_ref().take(4).collect();
            out.push(u16::from_str_radix(&hex, 16).unwrap_or(0xFFFD));
        } else {
            let mut buf = [0u16; 2];
            out.extend_from_slice(c.encode_utf16(&mut buf));
        }
    }
    out
}

impl Unit<'_> {
    /// Evaluates `e` into a fresh register.
    pub fn expr_temp(&mut self, e: &Expression) -> R<Reg> {
        let r = self.reg();
        self.expr(e, r)?;
        Ok(r)
    }

    /// Evaluates `e` into `dst`.
    pub fn expr(&mut self, e: &Expression, dst: Reg) -> R {
        self.enter(e.span())?;
        let result = self.expr_inner(e, dst);
        self.leave();
        result
    }

    fn expr_inner(&mut self, e: &Expression, dst: Reg) -> R {
        match e {
            Expression::BooleanLiteral(b) => {
                self.emit(Insn::LoadBool {
                    dst,
                    value: b.value,
                });
            }
            Expression::NullLiteral(_) => {
                self.emit(Insn::LoadNull { dst });
            }
            Expression::NumericLiteral(n) => self.load_number(dst, n.value),
            Expression::BigIntLiteral(b) => {
                let index = self.constant(Constant::BigInt(b.value.as_str().into()));
                self.emit(Insn::LoadConst { dst, index });
            }
            Expression::StringLiteral(s) => {
                let units = string_literal_units(s);
                self.load_string(dst, &units);
            }
            Expression::RegExpLiteral(re) => {
                self.at(re.span.start);
                let pattern = self.const_str(re.regex.pattern.text.as_str());
                let flags = self.const_str(&re.regex.flags.to_string());
                self.emit(Insn::NewRegExp {
                    dst,
                    pattern,
                    flags,
                });
            }
            Expression::TemplateLiteral(t) => self.template_literal(t, dst)?,
            Expression::Identifier(id) => {
                self.at(id.span.start);
                let name = self.resolve_ref(id);
                self.load_name(name, dst, id.span)?;
            }
            Expression::ThisExpression(t) => {
                self.at(t.span.start);
                self.emit(Insn::LoadThis { dst });
            }
            Expression::ParenthesizedExpression(p) => self.expr(&p.expression, dst)?,
            Expression::SequenceExpression(seq) => {
                for (i, item) in seq.expressions.iter().enumerate() {
                    if i + 1 == seq.expressions.len() {
                        self.expr(item, dst)?;
                    } else {
                        let m = self.mark();
                        self.expr_temp(item)?;
                        self.release(m);
                    }
                }
            }
            Expression::ArrayExpression(arr) => self.array_literal(arr, dst)?,
            Expression::ObjectExpression(obj) => self.object_literal(obj, dst)?,
            Expression::FunctionExpression(func) => {
                let index = self.function(func, None)?;
                self.at(func.span.start);
                self.emit(Insn::MakeClosure { dst, index });
            }
            Expression::ArrowFunctionExpression(arrow) => {
                let index = self.arrow_function(arrow, None)?;
                self.emit(Insn::MakeClosure { dst, index });
            }
            Expression::ClassExpression(class) => self.class(class, dst, None)?,
            Expression::UnaryExpression(u) => self.unary(u, dst)?,
            Expression::UpdateExpression(u) => self.update(u, dst)?,
            Expression::BinaryExpression(b) => {
                let m = self.mark();
                let lhs = self.expr_temp(&b.left)?;
                let rhs = self.expr_temp(&b.right)?;
                self.at(b.span.start);
                self.binary(binop(b.operator), dst, lhs, rhs);
                self.release(m);
            }
            Expression::PrivateInExpression(p) => {
                let m = self.mark();
                let name = self.private_name_reg(p.left.name.as_str(), p.left.span)?;
                let obj = self.expr_temp(&p.right)?;
                self.at(p.span.start);
                self.emit(Insn::HasPrivate { dst, obj, name });
                self.release(m);
            }
            Expression::LogicalExpression(l) => self.logical(l, dst)?,
            Expression::ConditionalExpression(c) => {
                let m = self.mark();
                let test = self.expr_temp(&c.test)?;
                let to_else = self.emit(Insn::JumpIfFalse {
                    cond: test,
                    target: 0,
                });
                self.release(m);
                self.expr(&c.consequent, dst)?;
                let to_end = self.jump();
                self.patch_here(to_else);
                self.expr(&c.alternate, dst)?;
                self.patch_here(to_end);
            }
            Expression::AssignmentExpression(a) => self.assignment(a, dst)?,
            Expression::StaticMemberExpression(_)
            | Expression::ComputedMemberExpression(_)
            | Expression::PrivateFieldExpression(_) => {
                let member = e.as_member_expression().expect("member expression");
                self.member(member, dst, &mut None)?;
            }
            Expression::ChainExpression(chain) => {
                let mut exits = Some(Vec::new());
                match &chain.expression {
                    ast::ChainElement::CallExpression(call) => self.call(call, dst, &mut exits)?,
                    ast::ChainElement::TSNonNullExpression(_) => {
                        return self.error("TypeScript syntax is not JavaScript", chain.span);
                    }
                    other => {
                        let member = other.as_member_expression().expect("member in chain");
                        self.member(member, dst, &mut exits)?;
                    }
                }
                let exits = exits.unwrap_or_default();
                if !exits.is_empty() {
                    let done = self.jump();
                    for j in exits {
                        self.patch_here(j);
                    }
                    self.emit(Insn::LoadUndefined { dst });
                    self.patch_here(done);
                }
            }
            Expression::CallExpression(call) => self.call(call, dst, &mut None)?,
            Expression::NewExpression(n) => {
                let m = self.mark();
                let callee = self.expr_temp(&n.callee)?;
                match self.arguments(&n.arguments)? {
                    Args::Regs(args, argc) => {
                        self.at(n.span.start);
                        self.note_callee(n.callee.span());
                        self.emit(Insn::New {
                            dst,
                            callee,
                            args,
                            argc,
                        });
                    }
                    Args::Array(args) => {
                        self.at(n.span.start);
                        self.note_callee(n.callee.span());
                        self.emit(Insn::NewWithArray { dst, callee, args });
                    }
                }
                self.release(m);
            }
            Expression::TaggedTemplateExpression(t) => self.tagged_template(t, dst)?,
            Expression::Super(s) => return self.error("'super' keyword unexpected here", s.span),
            Expression::AwaitExpression(a) => {
                let m = self.mark();
                let v = self.expr_temp(&a.argument)?;
                self.at(a.span.start);
                self.emit(Insn::Await { dst, src: v });
                self.release(m);
            }
            Expression::YieldExpression(y) => self.yield_expr(y, dst)?,
            Expression::ImportExpression(i) => {
                let m = self.mark();
                let specifier = self.expr_temp(&i.source)?;
                let options = match &i.options {
                    Some(options) => self.expr_temp(options)?,
                    None => {
                        let r = self.reg();
                        self.emit(Insn::LoadUndefined { dst: r });
                        r
                    }
                };
                self.at(i.span.start);
                self.emit(Insn::ImportCall {
                    dst,
                    specifier,
                    options,
                });
                self.release(m);
            }
            Expression::ImportMeta(_) => {
                self.emit(Insn::LoadImportMeta { dst });
            }
            Expression::NewTarget(_) => {
                self.emit(Insn::LoadNewTarget { dst });
            }
            Expression::JSXElement(x) => return self.error("JSX is not JavaScript", x.span),
            Expression::JSXFragment(x) => return self.error("JSX is not JavaScript", x.span),
            other => return self.error("TypeScript syntax is not JavaScript", other.span()),
        }
        Ok(())
    }

    pub fn load_number(&mut self, dst: Reg, n: f64) {
        if n.fract() == 0.0 && n.abs() < 2147483648.0 && !(n == 0.0 && n.is_sign_negative()) {
            self.emit(Insn::LoadInt {
                dst,
                value: n as i32,
            });
        } else {
            let index = self.const_number(n);
            self.emit(Insn::LoadConst { dst, index });
        }
    }

    pub fn load_string(&mut self, dst: Reg, units: &[u16]) {
        let index = if String::from_utf16(units).is_ok() {
            self.const_atom(Atom::intern(units))
        } else {
            self.constant(Constant::Utf16(units.into()))
        };
        self.emit(Insn::LoadConst { dst, index });
    }

    pub fn load_atom(&mut self, dst: Reg, atom: Atom) {
        let index = self.const_atom(atom);
        self.emit(Insn::LoadConst { dst, index });
    }

    // ----- names -----

    /// Resolves an identifier reference.
    pub fn resolve_ref(&self, id: &ast::IdentifierReference) -> NameRef {
        let name = Atom::intern_str(id.name.as_str());
        let symbol = id
            .reference_id
            .get()
            .and_then(|r| self.scoping.get_reference(r).symbol_id());
        self.resolve(symbol, name)
    }

    pub fn resolve(&self, symbol: Option<oxc_syntax::symbol::SymbolId>, name: Atom) -> NameRef {
        if let Some(symbol) = symbol
            && let Some(binding) = self.lookup(symbol)
        {
            if self.fr().dynamic_names && !self.is_in_current_function(symbol) {
                return NameRef::Dynamic(name);
            }
            if matches!(binding.loc, Loc::Global) && self.fr().dynamic_names {
                return NameRef::Dynamic(name);
            }
            return NameRef::Bound(binding);
        }
        if name == names::ARGUMENTS
            && let Some(binding) = self.arguments_binding()
        {
            return NameRef::Bound(binding);
        }
        if self.fr().dynamic_names {
            NameRef::Dynamic(name)
        } else {
            NameRef::Free(name)
        }
    }

    /// Whether `symbol` is bound in the current function where no `with`
    /// object can shadow it.
    fn is_in_current_function(&self, symbol: oxc_syntax::symbol::SymbolId) -> bool {
        let f = self.fr();
        f.scopes[f.with_floor.unwrap_or(0)..]
            .iter()
            .any(|s| s.bindings.contains_key(&symbol))
    }

    pub fn load_name(&mut self, name: NameRef, dst: Reg, span: oxc_span::Span) -> R {
        match name {
            NameRef::Bound(b) => self.load_binding(b, dst),
            NameRef::Free(atom) => {
                let name = self.const_atom(atom);
                let ic = self.ic();
                self.emit(Insn::GetGlobal { dst, name, ic });
            }
            NameRef::Dynamic(atom) => {
                let name = self.const_atom(atom);
                self.emit(Insn::GetName { dst, name });
            }
        }
        let _ = span;
        Ok(())
    }

    pub fn load_binding(&mut self, b: Binding, dst: Reg) {
        match b.loc {
            Loc::Reg(r) => {
                if b.lexical {
                    let name = self.const_atom(b.name);
                    self.emit(Insn::CheckTdz { src: r, name });
                }
                if r != dst {
                    self.emit(Insn::Mov { dst, src: r });
                }
            }
            Loc::Env { level, slot } => {
                let depth = self.env_depth(level);
                if b.lexical {
                    let name = self.const_atom(b.name);
                    self.emit(Insn::GetEnvChecked {
                        dst,
                        depth,
                        slot,
                        name,
                    });
                } else {
                    self.emit(Insn::GetEnv { dst, depth, slot });
                }
            }
            Loc::Global => {
                let name = self.const_atom(b.name);
                let ic = self.ic();
                self.emit(Insn::GetGlobal { dst, name, ic });
            }
            Loc::Import { level, slot } => {
                let depth = self.env_depth(level);
                let name = self.const_atom(b.name);
                self.emit(Insn::GetImport {
                    dst,
                    depth,
                    slot,
                    name,
                });
            }
        }
    }

    /// Stores `src` into a name. `init` initializes a declaration (no TDZ
    /// or const checks).
    pub fn store_name(&mut self, name: NameRef, src: Reg, init: bool) {
        match name {
            NameRef::Bound(b) => self.store_binding(b, src, init),
            NameRef::Free(atom) => {
                let name = self.const_atom(atom);
                let ic = self.ic();
                self.emit(Insn::SetGlobal { src, name, ic });
            }
            NameRef::Dynamic(atom) => {
                let name = self.const_atom(atom);
                self.emit(Insn::SetName { src, name });
            }
        }
    }

    pub fn store_binding(&mut self, b: Binding, src: Reg, init: bool) {
        if let Loc::Import { .. } = b.loc {
            // Import bindings are immutable and always initialized: no
            // TDZ check comes first.
            self.throw_error(ThrowKind::ConstAssign, "Assignment to constant variable.");
            return;
        }
        if !init && b.immutable_silent {
            if self.fr().flags.strict {
                self.throw_error(ThrowKind::ConstAssign, "Assignment to constant variable.");
            }
            return;
        }
        if !init && b.constant {
            // TDZ first (a ReferenceError), then the const TypeError.
            let tmp = self.reg();
            self.load_binding(b, tmp);
            self.release(tmp);
            self.throw_error(ThrowKind::ConstAssign, "Assignment to constant variable.");
            return;
        }
        match b.loc {
            Loc::Reg(r) => {
                if b.lexical && !init {
                    let name = self.const_atom(b.name);
                    self.emit(Insn::CheckTdz { src: r, name });
                }
                if r != src {
                    self.emit(Insn::Mov { dst: r, src });
                }
            }
            Loc::Env { level, slot } => {
                let depth = self.env_depth(level);
                if b.lexical && !init {
                    let name = self.const_atom(b.name);
                    self.emit(Insn::SetEnvChecked {
                        src,
                        depth,
                        slot,
                        name,
                    });
                } else {
                    self.emit(Insn::SetEnv { src, depth, slot });
                }
            }
            Loc::Import { .. } => unreachable!("handled above"),
            Loc::Global => {
                let name = self.const_atom(b.name);
                if init && b.lexical {
                    self.emit(Insn::InitGlobalLexical { src, name });
                } else {
                    let ic = self.ic();
                    self.emit(Insn::SetGlobal { src, name, ic });
                }
            }
        }
    }

    // ----- places (assignment targets) -----

    /// Evaluates the parts of a simple assignment target.
    pub fn place(&mut self, target: &ast::SimpleAssignmentTarget) -> R<Place> {
        match target {
            ast::SimpleAssignmentTarget::AssignmentTargetIdentifier(id) => {
                Ok(Place::Name(self.resolve_ref(id)))
            }
            ast::SimpleAssignmentTarget::StaticMemberExpression(m) => {
                if matches!(m.object, Expression::Super(_)) {
                    let key = self.reg();
                    self.load_atom(key, Atom::intern_str(m.property.name.as_str()));
                    return Ok(Place::Super { key });
                }
                let obj = self.expr_temp(&m.object)?;
                Ok(Place::Prop {
                    obj,
                    name: Atom::intern_str(m.property.name.as_str()),
                })
            }
            ast::SimpleAssignmentTarget::ComputedMemberExpression(m) => {
                if matches!(m.object, Expression::Super(_)) {
                    let key = self.expr_temp(&m.expression)?;
                    self.emit(Insn::Unary {
                        op: UnOp::ToPropertyKey,
                        dst: key,
                        src: key,
                    });
                    return Ok(Place::Super { key });
                }
                let obj = self.expr_temp(&m.object)?;
                let key = self.expr_temp(&m.expression)?;
                Ok(Place::Elem { obj, key })
            }
            ast::SimpleAssignmentTarget::PrivateFieldExpression(p) => {
                let obj = self.expr_temp(&p.object)?;
                let name = self.private_name_reg(p.field.name.as_str(), p.field.span)?;
                Ok(Place::Private { obj, name })
            }
            other => self.error("TypeScript syntax is not JavaScript", other.span()),
        }
    }

    pub fn read_place(&mut self, place: &Place, dst: Reg, span: oxc_span::Span) -> R {
        match *place {
            Place::Name(name) => self.load_name(name, dst, span)?,
            Place::ResolvedName { name, reference } => {
                let name = self.const_atom(name);
                self.emit(Insn::GetRef {
                    dst,
                    reference,
                    name,
                });
            }
            Place::Prop { obj, name } => {
                let name = self.const_atom(name);
                let ic = self.ic();
                self.emit(Insn::GetProp { dst, obj, name, ic });
            }
            Place::Elem { obj, key } => {
                self.emit(Insn::GetElem { dst, obj, key });
            }
            Place::Private { obj, name } => {
                self.emit(Insn::GetPrivate { dst, obj, name });
            }
            Place::Super { key } => {
                self.emit(Insn::GetSuper { dst, key });
            }
        }
        Ok(())
    }

    pub fn write_place(&mut self, place: &Place, src: Reg) {
        match *place {
            Place::Name(name) => self.store_name(name, src, false),
            Place::ResolvedName { name, reference } => {
                let name = self.const_atom(name);
                self.emit(Insn::SetRef {
                    reference,
                    name,
                    src,
                });
            }
            Place::Prop { obj, name } => {
                let name = self.const_atom(name);
                let ic = self.ic();
                self.emit(Insn::SetProp { obj, name, src, ic });
            }
            Place::Elem { obj, key } => {
                self.emit(Insn::SetElem { obj, key, src });
            }
            Place::Private { obj, name } => {
                self.emit(Insn::SetPrivate { obj, name, src });
            }
            Place::Super { key } => {
                self.emit(Insn::SetSuper { key, src });
            }
        }
    }

    /// For a read-modify-write: an element's key is converted to a
    /// property key once, before the read (so a key's toString runs once),
    /// and a dynamic name is resolved once, so the write reaches the
    /// binding the read came from.
    fn prepare_place_for_update(&mut self, place: &mut Place) {
        match *place {
            Place::Elem { key, .. } => {
                self.emit(Insn::Unary {
                    op: UnOp::ToPropertyKey,
                    dst: key,
                    src: key,
                });
            }
            Place::Name(NameRef::Dynamic(_)) => self.resolve_place_name(place),
            _ => {}
        }
    }

    /// Resolves a dynamic name once (`ResolveName`), so the write after it
    /// reaches the binding it names now.
    fn resolve_place_name(&mut self, place: &mut Place) {
        if let Place::Name(NameRef::Dynamic(name)) = *place {
            let reference = self.reg();
            let index = self.const_atom(name);
            self.emit(Insn::ResolveName {
                dst: reference,
                name: index,
            });
            *place = Place::ResolvedName { name, reference };
        }
    }

    // ----- operators -----

    fn unary(&mut self, u: &ast::UnaryExpression, dst: Reg) -> R {
        let op = match u.operator {
            UnaryOperator::UnaryPlus => UnOp::Plus,
            UnaryOperator::UnaryNegation => UnOp::Neg,
            UnaryOperator::LogicalNot => UnOp::Not,
            UnaryOperator::BitwiseNot => UnOp::BitNot,
            UnaryOperator::Void => UnOp::Void,
            UnaryOperator::Typeof => {
                if let Expression::Identifier(id) = u.argument.without_parentheses() {
                    match self.resolve_ref(id) {
                        NameRef::Free(atom) => {
                            let name = self.const_atom(atom);
                            self.emit(Insn::TypeofGlobal { dst, name });
                            return Ok(());
                        }
                        NameRef::Dynamic(atom) => {
                            let name = self.const_atom(atom);
                            self.emit(Insn::TypeofName { dst, name });
                            return Ok(());
                        }
                        NameRef::Bound(_) => {}
                    }
                }
                UnOp::TypeOf
            }
            UnaryOperator::Delete => return self.delete(&u.argument, dst),
        };
        let m = self.mark();
        let src = self.expr_temp(&u.argument)?;
        self.at(u.span.start);
        self.emit(Insn::Unary { op, dst, src });
        self.release(m);
        Ok(())
    }

    fn delete(&mut self, arg: &Expression, dst: Reg) -> R {
        let m = self.mark();
        match arg.without_parentheses() {
            Expression::Identifier(id) => match self.resolve_ref(id) {
                NameRef::Free(atom) => {
                    let name = self.const_atom(atom);
                    self.emit(Insn::DeleteGlobal { dst, name });
                }
                NameRef::Dynamic(atom) => {
                    let name = self.const_atom(atom);
                    self.emit(Insn::DeleteName { dst, name });
                }
                NameRef::Bound(b) if matches!(b.loc, Loc::Global) => {
                    let name = self.const_atom(b.name);
                    self.emit(Insn::DeleteGlobal { dst, name });
                }
                NameRef::Bound(_) => {
                    self.emit(Insn::LoadBool { dst, value: false });
                }
            },
            Expression::StaticMemberExpression(mem)
                if !matches!(mem.object, Expression::Super(_)) =>
            {
                let obj = self.expr_temp(&mem.object)?;
                let name = self.const_str(mem.property.name.as_str());
                self.at(mem.span.start);
                self.emit(Insn::DeleteProp { dst, obj, name });
            }
            Expression::ComputedMemberExpression(mem)
                if !matches!(mem.object, Expression::Super(_)) =>
            {
                let obj = self.expr_temp(&mem.object)?;
                let key = self.expr_temp(&mem.expression)?;
                self.at(mem.span.start);
                self.emit(Insn::DeleteElem { dst, obj, key });
            }
            Expression::StaticMemberExpression(_) | Expression::ComputedMemberExpression(_) => {
                // delete super.x: evaluate nothing observable, then throw.
                if let Expression::ComputedMemberExpression(mem) = arg.without_parentheses() {
                    self.expr_temp(&mem.expression)?;
                }
                self.emit(Insn::LoadThis { dst });
                self.throw_error(
                    ThrowKind::ReferenceError,
                    "Unsupported reference to 'super'",
                );
            }
            Expression::ChainExpression(_) => {
                // delete a?.b: evaluate the chain for effects, true if it
                // short-circuits, else delete the last member.
                self.delete_chain(arg.without_parentheses(), dst)?;
            }
            other => {
                self.expr_temp(other)?;
                self.emit(Insn::LoadBool { dst, value: true });
            }
        }
        self.release(m);
        Ok(())
    }

    fn delete_chain(&mut self, e: &Expression, dst: Reg) -> R {
        let Expression::ChainExpression(chain) = e else {
            unreachable!()
        };
        let mut exits = Some(Vec::new());
        match &chain.expression {
            ast::ChainElement::StaticMemberExpression(mem) => {
                let obj = self.reg();
                self.chain_object(&mem.object, obj, mem.optional, &mut exits)?;
                let name = self.const_str(mem.property.name.as_str());
                self.emit(Insn::DeleteProp { dst, obj, name });
            }
            ast::ChainElement::ComputedMemberExpression(mem) => {
                let obj = self.reg();
                self.chain_object(&mem.object, obj, mem.optional, &mut exits)?;
                let key = self.expr_temp(&mem.expression)?;
                self.emit(Insn::DeleteElem { dst, obj, key });
            }
            _ => {
                let tmp = self.reg();
                self.expr(e, tmp)?;
                self.emit(Insn::LoadBool { dst, value: true });
            }
        }
        let exits = exits.unwrap_or_default();
        if !exits.is_empty() {
            let done = self.jump();
            for j in exits {
                self.patch_here(j);
            }
            self.emit(Insn::LoadBool { dst, value: true });
            self.patch_here(done);
        }
        Ok(())
    }

    fn update(&mut self, u: &ast::UpdateExpression, dst: Reg) -> R {
        let m = self.mark();
        let mut place = self.place(&u.argument)?;
        self.prepare_place_for_update(&mut place);
        let old = self.reg();
        self.read_place(&place, old, u.span)?;
        self.at(u.span.start);
        self.emit(Insn::Unary {
            op: UnOp::ToNumeric,
            dst: old,
            src: old,
        });
        let new = self.reg();
        let op = if u.operator == UpdateOperator::Increment {
            UnOp::Inc
        } else {
            UnOp::Dec
        };
        self.emit(Insn::Unary {
            op,
            dst: new,
            src: old,
        });
        self.write_place(&place, new);
        self.emit(Insn::Mov {
            dst,
            src: if u.prefix { new } else { old },
        });
        self.release(m);
        Ok(())
    }

    fn logical(&mut self, l: &ast::LogicalExpression, dst: Reg) -> R {
        self.expr(&l.left, dst)?;
        let skip = match l.operator {
            LogicalOperator::And => self.emit(Insn::JumpIfFalse {
                cond: dst,
                target: 0,
            }),
            LogicalOperator::Or => self.emit(Insn::JumpIfTrue {
                cond: dst,
                target: 0,
            }),
            LogicalOperator::Coalesce => self.emit(Insn::JumpIfNotNullish {
                src: dst,
                target: 0,
            }),
        };
        self.expr(&l.right, dst)?;
        self.patch_here(skip);
        Ok(())
    }

    fn assignment(&mut self, a: &ast::AssignmentExpression, dst: Reg) -> R {
        let m = self.mark();
        if let Some(pattern) = a.left.as_assignment_target_pattern() {
            let value = self.expr_temp(&a.right)?;
            self.assign_pattern(pattern, value)?;
            self.emit(Insn::Mov { dst, src: value });
            self.release(m);
            return Ok(());
        }
        let target = a.left.as_simple_assignment_target().expect("simple target");
        let mut place = self.place(target)?;
        match a.operator {
            AssignmentOperator::Assign => {
                // The name is resolved before the value is computed, which
                // may change what it would resolve to.
                self.resolve_place_name(&mut place);
                let value = self.reg();
                self.named_expr(&a.right, value, self.place_name(&place))?;
                self.at(a.span.start);
                self.write_place(&place, value);
                self.emit(Insn::Mov { dst, src: value });
            }
            AssignmentOperator::LogicalAnd
            | AssignmentOperator::LogicalOr
            | AssignmentOperator::LogicalNullish => {
                self.prepare_place_for_update(&mut place);
                let value = self.reg();
                self.read_place(&place, value, a.span)?;
                let skip = match a.operator {
                    AssignmentOperator::LogicalAnd => self.emit(Insn::JumpIfFalse {
                        cond: value,
                        target: 0,
                    }),
                    AssignmentOperator::LogicalOr => self.emit(Insn::JumpIfTrue {
                        cond: value,
                        target: 0,
                    }),
                    _ => self.emit(Insn::JumpIfNotNullish {
                        src: value,
                        target: 0,
                    }),
                };
                self.named_expr(&a.right, value, self.place_name(&place))?;
                self.at(a.span.start);
                self.write_place(&place, value);
                self.patch_here(skip);
                self.emit(Insn::Mov { dst, src: value });
            }
            op => {
                self.prepare_place_for_update(&mut place);
                let old = self.reg();
                self.read_place(&place, old, a.span)?;
                let rhs = self.expr_temp(&a.right)?;
                self.at(a.span.start);
                let value = self.reg();
                self.binary(
                    assign_binop(op).expect("compound operator"),
                    value,
                    old,
                    rhs,
                );
                self.write_place(&place, value);
                self.emit(Insn::Mov { dst, src: value });
            }
        }
        self.release(m);
        Ok(())
    }

    /// The name an anonymous function gets when assigned to `place`.
    fn place_name(&self, place: &Place) -> Option<Atom> {
        match place {
            Place::Name(NameRef::Bound(b)) => Some(b.name),
            Place::Name(NameRef::Free(a))
            | Place::Name(NameRef::Dynamic(a))
            | Place::ResolvedName { name: a, .. } => Some(*a),
            _ => None,
        }
    }

    /// Evaluates `e`, naming it `name` if it is an anonymous function or
    /// class (NamedEvaluation).
    pub fn named_expr(&mut self, e: &Expression, dst: Reg, name: Option<Atom>) -> R {
        let Some(name) = name else {
            return self.expr(e, dst);
        };
        match e {
            Expression::FunctionExpression(f) if f.id.is_none() => {
                let index = self.function(f, Some(name))?;
                self.emit(Insn::MakeClosure { dst, index });
                Ok(())
            }
            Expression::ArrowFunctionExpression(arrow) => {
                let index = self.arrow_function(arrow, Some(name))?;
                self.emit(Insn::MakeClosure { dst, index });
                Ok(())
            }
            Expression::ClassExpression(c) if c.id.is_none() => self.class(c, dst, Some(name)),
            Expression::ParenthesizedExpression(p)
                if p.expression.is_anonymous_function_definition() =>
            {
                self.named_expr(&p.expression, dst, Some(name))
            }
            _ => self.expr(e, dst),
        }
    }

    // ----- members and calls -----

    /// Evaluates the object of a member in an optional chain, jumping to
    /// the chain's exit if `optional` and it is nullish.
    fn chain_object(
        &mut self,
        object: &Expression,
        dst: Reg,
        optional: bool,
        exits: &mut Option<Vec<usize>>,
    ) -> R {
        self.chain_part(object, dst, exits)?;
        if optional {
            let j = self.emit(Insn::JumpIfNullish {
                src: dst,
                target: 0,
            });
            exits.get_or_insert_with(Vec::new).push(j);
        }
        Ok(())
    }

    /// Evaluates a part of a chain (continuing the same chain's exits).
    fn chain_part(&mut self, e: &Expression, dst: Reg, exits: &mut Option<Vec<usize>>) -> R {
        if exits.is_some() {
            match e {
                Expression::CallExpression(call) => return self.call(call, dst, exits),
                Expression::StaticMemberExpression(_)
                | Expression::ComputedMemberExpression(_)
                | Expression::PrivateFieldExpression(_) => {
                    return self.member(e.as_member_expression().expect("member"), dst, exits);
                }
                _ => {}
            }
        }
        self.expr(e, dst)
    }

    pub fn member(
        &mut self,
        m: &ast::MemberExpression,
        dst: Reg,
        exits: &mut Option<Vec<usize>>,
    ) -> R {
        let mark = self.mark();
        match m {
            ast::MemberExpression::StaticMemberExpression(s) => {
                if matches!(s.object, Expression::Super(_)) {
                    let key = self.reg();
                    self.load_atom(key, Atom::intern_str(s.property.name.as_str()));
                    self.at(s.span.start);
                    self.emit(Insn::GetSuper { dst, key });
                } else {
                    let obj = self.reg();
                    self.chain_object(&s.object, obj, s.optional, exits)?;
                    let name = self.const_str(s.property.name.as_str());
                    let ic = self.ic();
                    self.at(s.property.span.start);
                    self.emit(Insn::GetProp { dst, obj, name, ic });
                }
            }
            ast::MemberExpression::ComputedMemberExpression(c) => {
                if matches!(c.object, Expression::Super(_)) {
                    let key = self.expr_temp(&c.expression)?;
                    self.emit(Insn::Unary {
                        op: UnOp::ToPropertyKey,
                        dst: key,
                        src: key,
                    });
                    self.at(c.span.start);
                    self.emit(Insn::GetSuper { dst, key });
                } else {
                    let obj = self.reg();
                    self.chain_object(&c.object, obj, c.optional, exits)?;
                    let key = self.expr_temp(&c.expression)?;
                    self.at(c.span.start);
                    self.emit(Insn::GetElem { dst, obj, key });
                }
            }
            ast::MemberExpression::PrivateFieldExpression(p) => {
                let obj = self.reg();
                self.chain_object(&p.object, obj, p.optional, exits)?;
                let name = self.private_name_reg(p.field.name.as_str(), p.field.span)?;
                self.at(p.span.start);
                self.emit(Insn::GetPrivate { dst, obj, name });
            }
        }
        self.release(mark);
        Ok(())
    }

    pub fn call(
        &mut self,
        call: &ast::CallExpression,
        dst: Reg,
        exits: &mut Option<Vec<usize>>,
    ) -> R {
        let m = self.mark();
        if let Expression::Super(_) = call.callee {
            let args = self.arguments(&call.arguments)?;
            self.at(call.span.start);
            match args {
                Args::Regs(args, argc) => self.emit(Insn::SuperCall { dst, args, argc }),
                Args::Array(args) => self.emit(Insn::SuperCallArray { dst, args }),
            };
            self.release(m);
            return Ok(());
        }
        let callee = self.reg();
        let this = self.reg();
        let callee_expr = call.callee.without_parentheses();
        let mut is_direct_eval_candidate = false;
        match callee_expr {
            Expression::StaticMemberExpression(s) if !matches!(s.object, Expression::Super(_)) => {
                self.chain_object(&s.object, this, s.optional, exits)?;
                let name = self.const_str(s.property.name.as_str());
                let ic = self.ic();
                self.at(s.property.span.start);
                self.emit(Insn::GetProp {
                    dst: callee,
                    obj: this,
                    name,
                    ic,
                });
            }
            Expression::ComputedMemberExpression(c)
                if !matches!(c.object, Expression::Super(_)) =>
            {
                self.chain_object(&c.object, this, c.optional, exits)?;
                let key = self.expr_temp(&c.expression)?;
                self.at(c.span.start);
                self.emit(Insn::GetElem {
                    dst: callee,
                    obj: this,
                    key,
                });
            }
            Expression::PrivateFieldExpression(p) => {
                self.chain_object(&p.object, this, p.optional, exits)?;
                let name = self.private_name_reg(p.field.name.as_str(), p.field.span)?;
                self.emit(Insn::GetPrivate {
                    dst: callee,
                    obj: this,
                    name,
                });
            }
            Expression::StaticMemberExpression(_) | Expression::ComputedMemberExpression(_) => {
                // super.method(): this is the current this.
                self.expr(callee_expr, callee)?;
                self.emit(Insn::LoadThis { dst: this });
            }
            Expression::Identifier(id) => {
                let name = self.resolve_ref(id);
                if let NameRef::Dynamic(atom) = name {
                    let name = self.const_atom(atom);
                    self.emit(Insn::GetNameWithThis {
                        dst: callee,
                        this,
                        name,
                    });
                } else {
                    self.load_name(name, callee, id.span)?;
                    self.emit(Insn::LoadUndefined { dst: this });
                }
                is_direct_eval_candidate = id.name.as_str() == "eval"
                    && !matches!(name, NameRef::Bound(Binding { .. }) if false);
            }
            other => {
                self.chain_part(&call.callee, callee, exits)?;
                let _ = other;
                self.emit(Insn::LoadUndefined { dst: this });
            }
        }
        if call.optional {
            let j = self.emit(Insn::JumpIfNullish {
                src: callee,
                target: 0,
            });
            exits.get_or_insert_with(Vec::new).push(j);
        }
        let args = self.arguments(&call.arguments)?;
        self.at(call.span.start);
        self.note_callee(call.callee.span());
        match args {
            Args::Regs(args, argc) if is_direct_eval_candidate && !call.optional => {
                let scope = self.eval_scope_constant();
                self.emit(Insn::CallEval {
                    dst,
                    callee,
                    args,
                    argc,
                    scope,
                });
            }
            Args::Regs(args, argc) => {
                self.emit(Insn::Call {
                    dst,
                    callee,
                    this,
                    args,
                    argc,
                });
            }
            Args::Array(args) => {
                self.emit(Insn::CallArray {
                    dst,
                    callee,
                    this,
                    args,
                });
            }
        }
        self.release(m);
        Ok(())
    }

    /// Evaluates call arguments: consecutive registers, or an array when
    /// any is spread.
    pub fn arguments(&mut self, args: &[ast::Argument]) -> R<Args> {
        if args.iter().any(|a| a.is_spread()) {
            let array = self.reg();
            self.emit(Insn::NewArray { dst: array });
            for arg in args {
                let m = self.mark();
                match arg {
                    ast::Argument::SpreadElement(s) => {
                        let v = self.expr_temp(&s.argument)?;
                        self.at(s.span.start);
                        self.note_callee(s.argument.span());
                        self.emit(Insn::ArraySpread { array, iterable: v });
                    }
                    other => {
                        let v =
                            self.expr_temp(other.as_expression().expect("expression argument"))?;
                        self.emit(Insn::ArrayPush { array, src: v });
                    }
                }
                self.release(m);
            }
            return Ok(Args::Array(array));
        }
        let first = self.regs(args.len() as u16);
        for (i, arg) in args.iter().enumerate() {
            let m = self.mark();
            self.expr(
                arg.as_expression().expect("expression argument"),
                first + i as u16,
            )?;
            self.release(m);
        }
        Ok(Args::Regs(first, args.len() as u16))
    }

    // ----- literals -----

    fn template_literal(&mut self, t: &ast::TemplateLiteral, dst: Reg) -> R {
        let m = self.mark();
        let acc = self.reg();
        let first = t
            .quasis
            .first()
            .and_then(|q| q.value.cooked.as_ref())
            .map(|c| decode_lossy_escapes(c.as_str(), t.quasis[0].lone_surrogates))
            .unwrap_or_default();
        self.load_string(acc, &first);
        for (i, e) in t.expressions.iter().enumerate() {
            let v = self.expr_temp(e)?;
            self.at(e.span().start);
            self.emit(Insn::Unary {
                op: UnOp::ToString,
                dst: v,
                src: v,
            });
            self.binary(BinOp::Add, acc, acc, v);
            if let Some(q) = t.quasis.get(i + 1) {
                let text = q
                    .value
                    .cooked
                    .as_ref()
                    .map(|c| decode_lossy_escapes(c.as_str(), q.lone_surrogates))
                    .unwrap_or_default();
                if !text.is_empty() {
                    let s = self.reg();
                    self.load_string(s, &text);
                    self.binary(BinOp::Add, acc, acc, s);
                }
            }
        }
        self.emit(Insn::Mov { dst, src: acc });
        self.release(m);
        Ok(())
    }

    fn tagged_template(&mut self, t: &ast::TaggedTemplateExpression, dst: Reg) -> R {
        let m = self.mark();
        let callee = self.reg();
        let this = self.reg();
        match t.tag.without_parentheses() {
            Expression::StaticMemberExpression(s) if !matches!(s.object, Expression::Super(_)) => {
                self.expr(&s.object, this)?;
                let name = self.const_str(s.property.name.as_str());
                let ic = self.ic();
                self.emit(Insn::GetProp {
                    dst: callee,
                    obj: this,
                    name,
                    ic,
                });
            }
            Expression::ComputedMemberExpression(c)
                if !matches!(c.object, Expression::Super(_)) =>
            {
                self.expr(&c.object, this)?;
                let key = self.expr_temp(&c.expression)?;
                self.emit(Insn::GetElem {
                    dst: callee,
                    obj: this,
                    key,
                });
            }
            _ => {
                self.expr(&t.tag, callee)?;
                self.emit(Insn::LoadUndefined { dst: this });
            }
        }
        let site = TemplateSite {
            cooked: t
                .quasi
                .quasis
                .iter()
                .map(|q| {
                    q.value
                        .cooked
                        .as_ref()
                        .map(|c| decode_lossy_escapes(c.as_str(), q.lone_surrogates).into())
                })
                .collect(),
            raw: t
                .quasi
                .quasis
                .iter()
                .map(|q| {
                    q.value
                        .raw
                        .as_str()
                        .encode_utf16()
                        .collect::<Vec<_>>()
                        .into()
                })
                .collect(),
            id: Unit::template_id(),
        };
        let index = self.constant(Constant::Template(std::sync::Arc::new(site)));
        let argc = 1 + t.quasi.expressions.len() as u16;
        let args = self.regs(argc);
        self.emit(Insn::GetTemplateObject { dst: args, index });
        for (i, e) in t.quasi.expressions.iter().enumerate() {
            self.expr(e, args + 1 + i as u16)?;
        }
        self.at(t.span.start);
        self.note_callee(t.tag.span());
        self.emit(Insn::Call {
            dst,
            callee,
            this,
            args,
            argc,
        });
        self.release(m);
        Ok(())
    }

    fn array_literal(&mut self, arr: &ast::ArrayExpression, dst: Reg) -> R {
        let m = self.mark();
        let array = self.reg();
        self.emit(Insn::NewArray { dst: array });
        for el in &arr.elements {
            let em = self.mark();
            match el {
                ast::ArrayExpressionElement::SpreadElement(s) => {
                    let v = self.expr_temp(&s.argument)?;
                    self.at(s.span.start);
                    self.note_callee(s.argument.span());
                    self.emit(Insn::ArraySpread { array, iterable: v });
                }
                ast::ArrayExpressionElement::Elision(_) => {
                    self.emit(Insn::ArrayPushHole { array });
                }
                other => {
                    let v = self.expr_temp(other.as_expression().expect("expression element"))?;
                    self.emit(Insn::ArrayPush { array, src: v });
                }
            }
            self.release(em);
        }
        self.emit(Insn::Mov { dst, src: array });
        self.release(m);
        Ok(())
    }

    /// A property key: a static name, or a register holding a computed key.
    pub fn property_key(&mut self, key: &ast::PropertyKey, computed: bool) -> R<KeyRef> {
        if !computed && let Some(atom) = static_key(key) {
            return Ok(KeyRef::Static(atom));
        }
        let e = key.as_expression().expect("computed key expression");
        let r = self.expr_temp(e)?;
        self.at(e.span().start);
        self.emit(Insn::Unary {
            op: UnOp::ToPropertyKey,
            dst: r,
            src: r,
        });
        Ok(KeyRef::Computed(r))
    }

    pub fn key_reg(&mut self, key: KeyRef) -> Reg {
        match key {
            KeyRef::Computed(r) => r,
            KeyRef::Static(atom) => {
                let r = self.reg();
                self.load_atom(r, atom);
                r
            }
        }
    }

    fn object_literal(&mut self, obj: &ast::ObjectExpression, dst: Reg) -> R {
        let m = self.mark();
        let o = self.reg();
        self.emit(Insn::NewObject { dst: o });
        for prop in &obj.properties {
            let pm = self.mark();
            match prop {
                ast::ObjectPropertyKind::SpreadProperty(s) => {
                    let v = self.expr_temp(&s.argument)?;
                    let excluded = self.reg();
                    self.emit(Insn::LoadUndefined { dst: excluded });
                    self.at(s.span.start);
                    self.emit(Insn::CopyDataProperties {
                        dst: o,
                        src: v,
                        excluded,
                    });
                }
                ast::ObjectPropertyKind::ObjectProperty(p) => {
                    let is_proto_setter = !p.computed
                        && !p.shorthand
                        && !p.method
                        && p.kind == ast::PropertyKind::Init
                        && static_key(&p.key) == Some(names::PROTO);
                    if is_proto_setter {
                        let v = self.expr_temp(&p.value)?;
                        self.emit(Insn::SetProtoLiteral { obj: o, src: v });
                        self.release(pm);
                        continue;
                    }
                    let key = self.property_key(&p.key, p.computed)?;
                    match p.kind {
                        ast::PropertyKind::Init if p.method => {
                            let Expression::FunctionExpression(f) = &p.value else {
                                return self.error("method without function", p.span);
                            };
                            let func = self.reg();
                            let index = self.method_function(
                                f,
                                key_name(key),
                                crate::bytecode::FunctionKind::Method,
                                p.span.start,
                            )?;
                            self.emit(Insn::MakeClosure { dst: func, index });
                            let key = self.key_reg(key);
                            if key_name(KeyRef::Computed(key)).is_none() && p.computed {
                                self.emit(Insn::SetFunctionName {
                                    func,
                                    key,
                                    prefix: 0,
                                });
                            }
                            self.emit(Insn::DefineMethod {
                                obj: o,
                                key,
                                func,
                                enumerable: true,
                            });
                        }
                        ast::PropertyKind::Init => {
                            let v = self.reg();
                            match key {
                                KeyRef::Static(atom) => {
                                    self.named_expr(&p.value, v, Some(atom))?;
                                    let name = self.const_atom(atom);
                                    self.emit(Insn::DefineOwnNamed {
                                        obj: o,
                                        name,
                                        src: v,
                                    });
                                }
                                KeyRef::Computed(k) => {
                                    self.expr(&p.value, v)?;
                                    if p.value.is_anonymous_function_definition() {
                                        self.emit(Insn::SetFunctionName {
                                            func: v,
                                            key: k,
                                            prefix: 0,
                                        });
                                    }
                                    self.emit(Insn::DefineOwn {
                                        obj: o,
                                        key: k,
                                        src: v,
                                    });
                                }
                            }
                        }
                        ast::PropertyKind::Get | ast::PropertyKind::Set => {
                            let Expression::FunctionExpression(f) = &p.value else {
                                return self.error("accessor without function", p.span);
                            };
                            let is_get = p.kind == ast::PropertyKind::Get;
                            let kind = if is_get {
                                crate::bytecode::FunctionKind::Getter
                            } else {
                                crate::bytecode::FunctionKind::Setter
                            };
                            let func = self.reg();
                            let index =
                                self.method_function(f, key_name(key), kind, p.span.start)?;
                            self.emit(Insn::MakeClosure { dst: func, index });
                            let computed = matches!(key, KeyRef::Computed(_));
                            let key = self.key_reg(key);
                            if computed {
                                self.emit(Insn::SetFunctionName {
                                    func,
                                    key,
                                    prefix: if is_get { 1 } else { 2 },
                                });
                            }
                            if is_get {
                                self.emit(Insn::DefineGetter {
                                    obj: o,
                                    key,
                                    func,
                                    enumerable: true,
                                });
                            } else {
                                self.emit(Insn::DefineSetter {
                                    obj: o,
                                    key,
                                    func,
                                    enumerable: true,
                                });
                            }
                        }
                    }
                }
            }
            self.release(pm);
        }
        self.emit(Insn::Mov { dst, src: o });
        self.release(m);
        Ok(())
    }

    fn yield_expr(&mut self, y: &ast::YieldExpression, dst: Reg) -> R {
        let m = self.mark();
        let value = self.reg();
        match &y.argument {
            Some(arg) => self.expr(arg, value)?,
            None => {
                self.emit(Insn::LoadUndefined { dst: value });
            }
        }
        self.at(y.span.start);
        if y.delegate {
            self.yield_star(value, dst)?;
        } else {
            let kind = self.reg();
            if self.fr().flags.is_async {
                self.emit(Insn::Await {
                    dst: value,
                    src: value,
                });
                self.emit(Insn::AsyncGeneratorYield {
                    dst,
                    kind,
                    src: value,
                });
            } else {
                self.emit(Insn::Yield {
                    dst,
                    kind,
                    src: value,
                    delegate: false,
                });
            }
            self.resume_dispatch(dst, kind);
        }
        self.release(m);
        Ok(())
    }

    /// After a suspension: kind 1 throws the received value, kind 2
    /// returns it (through finally blocks).
    pub fn resume_dispatch(&mut self, value: Reg, kind: Reg) {
        let one = self.reg();
        let test = self.reg();
        self.emit(Insn::LoadInt { dst: one, value: 1 });
        self.binary(BinOp::StrictEq, test, kind, one);
        let not_throw = self.emit(Insn::JumpIfFalse {
            cond: test,
            target: 0,
        });
        self.emit(Insn::Throw { src: value });
        self.patch_here(not_throw);
        self.emit(Insn::LoadInt { dst: one, value: 2 });
        self.binary(BinOp::StrictEq, test, kind, one);
        let not_return = self.emit(Insn::JumpIfFalse {
            cond: test,
            target: 0,
        });
        if self.fr().flags.is_async {
            // An async generator's return awaits the value first.
            self.emit(Insn::Await {
                dst: value,
                src: value,
            });
        }
        self.emit_return(value);
        self.patch_here(not_return);
        self.release(one);
    }

    /// `yield* iterable`: forwards each resumption to the inner iterator
    /// until it is done; the expression's value is the inner return value.
    fn yield_star(&mut self, iterable: Reg, dst: Reg) -> R {
        let is_async = self.fr().flags.is_async;
        let iter = self.reg();
        self.emit(Insn::GetIterator {
            dst: iter,
            src: iterable,
            is_async,
        });
        let received = self.reg();
        let kind = self.reg();
        let result = self.reg();
        let done = self.reg();
        self.emit(Insn::LoadUndefined { dst: received });
        self.emit(Insn::LoadInt {
            dst: kind,
            value: 0,
        });
        let top = self.here();
        // YieldStar calls next/throw/return on the inner iterator per
        // `kind`, and writes its result object.
        self.emit(Insn::YieldStar {
            dst: result,
            iter,
            received,
            kind,
        });
        if is_async {
            self.emit(Insn::Await {
                dst: result,
                src: result,
            });
        }
        let value = self.reg();
        self.emit(Insn::IteratorUnpack {
            done,
            value,
            result,
            read: if is_async {
                UnpackValue::Always
            } else {
                UnpackValue::WhenDone
            },
        });
        let not_done = self.emit(Insn::JumpIfFalse {
            cond: done,
            target: 0,
        });
        // Done: if we were forwarding a return, return the value.
        let two = self.reg();
        let test = self.reg();
        self.emit(Insn::LoadInt { dst: two, value: 2 });
        self.binary(BinOp::StrictEq, test, kind, two);
        let not_return = self.emit(Insn::JumpIfFalse {
            cond: test,
            target: 0,
        });
        self.emit_return(value);
        self.patch_here(not_return);
        self.emit(Insn::Mov { dst, src: value });
        let end = self.jump();
        self.patch_here(not_done);
        // Not done: yield the inner result as is (sync) or its value (async).
        if is_async {
            self.emit(Insn::AsyncGeneratorYield {
                dst: received,
                kind,
                src: value,
            });
        } else {
            self.emit(Insn::Yield {
                dst: received,
                kind,
                src: result,
                delegate: true,
            });
        }
        let back = self.jump();
        self.patch(back, top);
        self.patch_here(end);
        Ok(())
    }
}

/// Call arguments as compiled.
pub(crate) enum Args {
    Regs(Reg, u16),
    Array(Reg),
}

/// A property key known statically, or computed into a register.
#[derive(Clone, Copy)]
pub(crate) enum KeyRef {
    Static(Atom),
    Computed(Reg),
}

pub(crate) fn key_name(key: KeyRef) -> Option<Atom> {
    match key {
        KeyRef::Static(a) => Some(a),
        KeyRef::Computed(_) => None,
    }
}

/// The static name of a non-computed property key.
pub(crate) fn static_key(key: &ast::PropertyKey) -> Option<Atom> {
    match key {
        ast::PropertyKey::StaticIdentifier(id) => Some(Atom::intern_str(id.name.as_str())),
        ast::PropertyKey::StringLiteral(s) => Some(Atom::intern(&string_literal_units(s))),
        ast::PropertyKey::NumericLiteral(n) => Some(Atom::intern_str(
            &crate::value::number::number_to_string(n.value),
        )),
        ast::PropertyKey::BigIntLiteral(b) => Some(Atom::intern_str(b.value.as_str())),
        ast::PropertyKey::TemplateLiteral(t) if t.expressions.is_empty() => t
            .quasis
            .first()
            .and_then(|q| q.value.cooked.as_ref())
            .map(|c| Atom::intern_str(c.as_str())),
        _ => None,
    }
}
