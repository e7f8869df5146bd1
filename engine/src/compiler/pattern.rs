//! Destructuring: binding patterns (declarations, parameters, catch) and
//! assignment patterns.

use oxc_ast::ast::{self};

use super::Unit;
use super::expr::{KeyRef, NameRef, Place, static_key};
use crate::bytecode::{Insn, Reg};
use crate::string::Atom;
use crate::syntax::SyntaxError;

type R<T = ()> = Result<T, SyntaxError>;

impl Unit<'_> {
    /// Binds `value` to a declaration pattern. `init` initializes the
    /// bindings (declarations); otherwise it assigns (var re-binding in
    /// for-in heads and the like behave the same).
    pub fn bind_pattern(&mut self, pattern: &ast::BindingPattern, value: Reg, init: bool) -> R {
        match pattern {
            ast::BindingPattern::BindingIdentifier(id) => {
                let name = self.resolve_binding_id(id);
                self.store_name(name, value, init);
                Ok(())
            }
            ast::BindingPattern::AssignmentPattern(a) => {
                let m = self.mark();
                let v = self.reg();
                self.emit(Insn::Mov { dst: v, src: value });
                let skip = self.emit(Insn::JumpIfNotUndefined { src: v, target: 0 });
                let name = match &a.left {
                    ast::BindingPattern::BindingIdentifier(id) => {
                        Some(Atom::intern_str(id.name.as_str()))
                    }
                    _ => None,
                };
                self.named_expr(&a.right, v, name)?;
                self.patch_here(skip);
                self.bind_pattern(&a.left, v, init)?;
                self.release(m);
                Ok(())
            }
            ast::BindingPattern::ObjectPattern(obj) => {
                self.at(obj.span.start);
                // The error names the first property (V8's wording).
                if let Some(first) = obj.properties.first()
                    && let ast::PropertyKey::StaticIdentifier(id) = &first.key
                {
                    self.note_callee(id.span);
                }
                self.emit(Insn::RequireObjectCoercible { src: value });
                let m = self.mark();
                let rest_keys = if obj.rest.is_some() {
                    Some(self.reg())
                } else {
                    None
                };
                if let Some(keys) = rest_keys {
                    self.emit(Insn::NewArray { dst: keys });
                }
                for prop in &obj.properties {
                    let pm = self.mark();
                    let key = self.property_key(&prop.key, prop.computed)?;
                    let v = self.reg();
                    self.get_key(value, key, v);
                    if let Some(keys) = rest_keys {
                        let k = self.key_reg(key);
                        self.emit(Insn::ArrayPush {
                            array: keys,
                            src: k,
                        });
                    }
                    self.bind_with_name_hint(&prop.value, v, init, static_key(&prop.key))?;
                    self.release(pm);
                }
                if let (Some(rest), Some(keys)) = (&obj.rest, rest_keys) {
                    let target = self.reg();
                    self.emit(Insn::NewObject { dst: target });
                    self.emit(Insn::CopyDataProperties {
                        dst: target,
                        src: value,
                        excluded: keys,
                    });
                    self.bind_pattern(&rest.argument, target, init)?;
                }
                self.release(m);
                Ok(())
            }
            ast::BindingPattern::ArrayPattern(arr) => {
                let m = self.mark();
                let iter = self.reg();
                let done = self.reg();
                self.at(arr.span.start);
                self.emit(Insn::GetIterator {
                    dst: iter,
                    src: value,
                    is_async: false,
                });
                self.emit(Insn::LoadBool {
                    dst: done,
                    value: false,
                });
                let start = self.here();
                for el in &arr.elements {
                    let em = self.mark();
                    let v = self.reg();
                    self.iterator_step(iter, done, v);
                    if let Some(el) = el {
                        self.bind_pattern(el, v, init)?;
                    }
                    self.release(em);
                }
                if let Some(rest) = &arr.rest {
                    let array = self.rest_array(iter, done);
                    self.bind_pattern(&rest.argument, array, init)?;
                }
                self.close_unless_done(iter, done);
                self.protect_iterator(start, iter, done);
                self.release(m);
                Ok(())
            }
        }
    }

    fn bind_with_name_hint(
        &mut self,
        pattern: &ast::BindingPattern,
        v: Reg,
        init: bool,
        key: Option<Atom>,
    ) -> R {
        // `{ f = function(){} }`: the default is named after the binding.
        let _ = key;
        self.bind_pattern(pattern, v, init)
    }

    /// The name reference a binding identifier declares.
    pub fn resolve_binding_id(&self, id: &ast::BindingIdentifier) -> NameRef {
        self.resolve(id.symbol_id.get(), Atom::intern_str(id.name.as_str()))
    }

    /// `dst = obj[key]`.
    pub fn get_key(&mut self, obj: Reg, key: KeyRef, dst: Reg) {
        match key {
            KeyRef::Static(atom) => {
                let name = self.const_atom(atom);
                let ic = self.ic();
                self.emit(Insn::GetProp { dst, obj, name, ic });
            }
            KeyRef::Computed(k) => {
                self.emit(Insn::GetElem { dst, obj, key: k });
            }
        }
    }

    /// One step of array destructuring: the next value, or undefined once
    /// the iterator is done.
    fn iterator_step(&mut self, iter: Reg, done: Reg, dst: Reg) {
        let skip = self.emit(Insn::JumpIfTrue {
            cond: done,
            target: 0,
        });
        self.emit(Insn::IteratorStep {
            value: dst,
            done,
            iter,
        });
        let end = self.jump();
        self.patch_here(skip);
        self.emit(Insn::LoadUndefined { dst });
        self.patch_here(end);
    }

    /// Collects the rest of an iterator into a new array.
    fn rest_array(&mut self, iter: Reg, done: Reg) -> Reg {
        let array = self.reg();
        let v = self.reg();
        self.emit(Insn::NewArray { dst: array });
        let top = self.here();
        let exit = self.emit(Insn::JumpIfTrue {
            cond: done,
            target: 0,
        });
        self.emit(Insn::IteratorStep {
            value: v,
            done,
            iter,
        });
        let exit2 = self.emit(Insn::JumpIfTrue {
            cond: done,
            target: 0,
        });
        self.emit(Insn::ArrayPush { array, src: v });
        let back = self.jump();
        self.patch(back, top);
        self.patch_here(exit);
        self.patch_here(exit2);
        array
    }

    fn close_unless_done(&mut self, iter: Reg, done: Reg) {
        let skip = self.emit(Insn::JumpIfTrue {
            cond: done,
            target: 0,
        });
        self.emit(Insn::IteratorClose { iter, quiet: false });
        self.patch_here(skip);
    }

    /// Guards `start..here` so that a throw closes the iterator (unless it
    /// is done or the throw came from the iterator itself) and rethrows.
    fn protect_iterator(&mut self, start: u32, iter: Reg, done: Reg) {
        let end = self.here();
        if end == start {
            return;
        }
        let over = self.jump();
        let handler = self.here();
        let exc = self.reg();
        self.emit(Insn::Catch { dst: exc });
        let skip = self.emit(Insn::JumpIfTrue {
            cond: done,
            target: 0,
        });
        self.emit(Insn::IteratorClose { iter, quiet: true });
        self.patch_here(skip);
        self.emit(Insn::Throw { src: exc });
        self.patch_here(over);
        self.f().handlers.push(crate::bytecode::Handler {
            start,
            end,
            target: handler,
        });
    }

    /// Destructuring assignment `[a, b] = value` / `({a} = value)`.
    pub fn assign_pattern(&mut self, pattern: &ast::AssignmentTargetPattern, value: Reg) -> R {
        match pattern {
            ast::AssignmentTargetPattern::ObjectAssignmentTarget(obj) => {
                self.at(obj.span.start);
                if let Some(ast::AssignmentTargetProperty::AssignmentTargetPropertyIdentifier(p)) =
                    obj.properties.first()
                {
                    self.note_callee(p.binding.span);
                }
                self.emit(Insn::RequireObjectCoercible { src: value });
                let m = self.mark();
                let rest_keys = if obj.rest.is_some() {
                    Some(self.reg())
                } else {
                    None
                };
                if let Some(keys) = rest_keys {
                    self.emit(Insn::NewArray { dst: keys });
                }
                for prop in &obj.properties {
                    let pm = self.mark();
                    match prop {
                        ast::AssignmentTargetProperty::AssignmentTargetPropertyIdentifier(p) => {
                            let atom = Atom::intern_str(p.binding.name.as_str());
                            let name = self.resolve_ref(&p.binding);
                            let v = self.reg();
                            self.get_key(value, KeyRef::Static(atom), v);
                            if let Some(keys) = rest_keys {
                                let k = self.key_reg(KeyRef::Static(atom));
                                self.emit(Insn::ArrayPush {
                                    array: keys,
                                    src: k,
                                });
                            }
                            if let Some(init) = &p.init {
                                let skip =
                                    self.emit(Insn::JumpIfNotUndefined { src: v, target: 0 });
                                self.named_expr(init, v, Some(atom))?;
                                self.patch_here(skip);
                            }
                            self.store_name(name, v, false);
                        }
                        ast::AssignmentTargetProperty::AssignmentTargetPropertyProperty(p) => {
                            let key = self.property_key(&p.name, p.computed)?;
                            if let Some(keys) = rest_keys {
                                let k = self.key_reg(key);
                                self.emit(Insn::ArrayPush {
                                    array: keys,
                                    src: k,
                                });
                            }
                            self.assign_maybe_default(&p.binding, value, Some(key))?;
                        }
                    }
                    self.release(pm);
                }
                if let (Some(rest), Some(keys)) = (&obj.rest, rest_keys) {
                    let place = self.target_place(&rest.target)?;
                    let target = self.reg();
                    self.emit(Insn::NewObject { dst: target });
                    self.emit(Insn::CopyDataProperties {
                        dst: target,
                        src: value,
                        excluded: keys,
                    });
                    self.assign_to(place, &rest.target, target)?;
                }
                self.release(m);
                Ok(())
            }
            ast::AssignmentTargetPattern::ArrayAssignmentTarget(arr) => {
                let m = self.mark();
                let iter = self.reg();
                let done = self.reg();
                self.at(arr.span.start);
                self.emit(Insn::GetIterator {
                    dst: iter,
                    src: value,
                    is_async: false,
                });
                self.emit(Insn::LoadBool {
                    dst: done,
                    value: false,
                });
                let start = self.here();
                for el in &arr.elements {
                    let em = self.mark();
                    match el {
                        Some(target) => {
                            // The target's reference is evaluated before the
                            // iterator steps.
                            let (inner, default) = match target {
                                ast::AssignmentTargetMaybeDefault::AssignmentTargetWithDefault(
                                    d,
                                ) => (&d.binding, Some(&d.init)),
                                other => (
                                    other.as_assignment_target().expect("assignment target"),
                                    None,
                                ),
                            };
                            let place = self.target_place(inner)?;
                            let v = self.reg();
                            self.iterator_step(iter, done, v);
                            if let Some(init) = default {
                                let skip =
                                    self.emit(Insn::JumpIfNotUndefined { src: v, target: 0 });
                                let name = simple_target_name(inner);
                                self.named_expr(init, v, name)?;
                                self.patch_here(skip);
                            }
                            self.assign_to(place, inner, v)?;
                        }
                        None => {
                            let v = self.reg();
                            self.iterator_step(iter, done, v);
                        }
                    }
                    self.release(em);
                }
                if let Some(rest) = &arr.rest {
                    let place = self.target_place(&rest.target)?;
                    let array = self.rest_array(iter, done);
                    self.assign_to(place, &rest.target, array)?;
                }
                self.close_unless_done(iter, done);
                self.protect_iterator(start, iter, done);
                self.release(m);
                Ok(())
            }
        }
    }

    /// For a property of an object assignment pattern: reads `value[key]`
    /// and assigns it (with default) to the target.
    fn assign_maybe_default(
        &mut self,
        target: &ast::AssignmentTargetMaybeDefault,
        value: Reg,
        key: Option<KeyRef>,
    ) -> R {
        let (inner, default) = match target {
            ast::AssignmentTargetMaybeDefault::AssignmentTargetWithDefault(d) => {
                (&d.binding, Some(&d.init))
            }
            other => (
                other.as_assignment_target().expect("assignment target"),
                None,
            ),
        };
        let place = self.target_place(inner)?;
        let v = self.reg();
        match key {
            Some(key) => self.get_key(value, key, v),
            None => {
                self.emit(Insn::Mov { dst: v, src: value });
            }
        }
        if let Some(init) = default {
            let skip = self.emit(Insn::JumpIfNotUndefined { src: v, target: 0 });
            self.named_expr(init, v, simple_target_name(inner))?;
            self.patch_here(skip);
        }
        self.assign_to(place, inner, v)
    }

    /// Evaluates the reference part of an assignment target (None for
    /// nested patterns, which are evaluated when assigned).
    fn target_place(&mut self, target: &ast::AssignmentTarget) -> R<Option<Place>> {
        match target.as_simple_assignment_target() {
            Some(simple) => Ok(Some(self.place(simple)?)),
            None => Ok(None),
        }
    }

    fn assign_to(&mut self, place: Option<Place>, target: &ast::AssignmentTarget, value: Reg) -> R {
        match place {
            Some(place) => {
                self.write_place(&place, value);
                Ok(())
            }
            None => {
                let pattern = target
                    .as_assignment_target_pattern()
                    .expect("pattern target");
                self.assign_pattern(pattern, value)
            }
        }
    }

    /// Assigns `value` to a for-in/for-of head target (a pattern or a
    /// simple target).
    pub fn assign_target(&mut self, target: &ast::AssignmentTarget, value: Reg) -> R {
        let place = self.target_place(target)?;
        self.assign_to(place, target, value)
    }
}

fn simple_target_name(target: &ast::AssignmentTarget) -> Option<Atom> {
    match target {
        ast::AssignmentTarget::AssignmentTargetIdentifier(id) => {
            Some(Atom::intern_str(id.name.as_str()))
        }
        _ => None,
    }
}
