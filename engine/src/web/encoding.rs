//! TextEncoder and TextDecoder (the Encoding standard), on `encoding_rs`:
//! every encoding the standard names (labels resolved by
//! `Encoding::for_label`), BOM handling per `ignoreBOM`, `fatal` errors as
//! TypeErrors, and streaming decode (`{ stream: true }`) that keeps a
//! partial sequence in the decoder between calls. The decoder lives behind
//! the object's own mutex; the input bytes are copied out before it is
//! taken, so no lock is held while JS runs.

use encoding_rs::{DecoderResult, Encoding};
use parking_lot::Mutex;

use super::{bool_member, buffer_source, new_uint8_array, require_args, this_with};
use crate::builtins::{arg, define_tag, typed_array};
use crate::heap::{Gc, Trace, Tracer};
use crate::interpreter::{ErrorKind, JsResult, Vm};
use crate::object::kind::BuiltinState;
use crate::object::{JsObject, ObjectKind, PropertyKey};
use crate::realm::{Intrinsic, Realm};
use crate::value::Value;

/// A TextEncoder has no state beyond its identity.
pub(crate) struct TextEncoder;

impl Trace for TextEncoder {
    fn trace(&self, _: &mut Tracer) {}
}

impl BuiltinState for TextEncoder {
    fn class_name(&self) -> &'static str {
        "TextEncoder"
    }
    fn inspect_keys(&self) -> &'static [&'static str] {
        &["encoding"]
    }
}

/// A TextDecoder: its encoding, flags, and the decoder of a stream in
/// progress (None between streams).
pub(crate) struct TextDecoder {
    encoding: &'static Encoding,
    fatal: bool,
    ignore_bom: bool,
    stream: Mutex<Option<encoding_rs::Decoder>>,
}

impl Trace for TextDecoder {
    fn trace(&self, _: &mut Tracer) {}
}

impl BuiltinState for TextDecoder {
    fn class_name(&self) -> &'static str {
        "TextDecoder"
    }
    fn inspect_keys(&self) -> &'static [&'static str] {
        &["encoding", "fatal", "ignoreBOM"]
    }
}

impl TextDecoder {
    fn new_decoder(&self) -> encoding_rs::Decoder {
        if self.ignore_bom {
            self.encoding.new_decoder_without_bom_handling()
        } else {
            self.encoding.new_decoder_with_bom_removal()
        }
    }
}

pub(crate) fn install(vm: &mut Vm, realm: Gc<Realm>, global: Gc<JsObject>) {
    let object_proto = realm.intrinsic(Intrinsic::ObjectPrototype);

    let enc_proto = vm.alloc_object(Value::object(object_proto), ObjectKind::Ordinary);
    realm.set_intrinsic(Intrinsic::TextEncoderPrototype, enc_proto);
    vm.define_constructor(global, "TextEncoder", 0, encoder_constructor, enc_proto);
    vm.define_builtin(enc_proto, "encode", 0, encode);
    vm.define_builtin(enc_proto, "encodeInto", 2, encode_into);
    vm.define_builtin_accessor(
        enc_proto,
        PropertyKey::from_text("encoding"),
        Some(encoder_encoding),
        None,
        true,
    );
    define_tag(vm, enc_proto, "TextEncoder");

    let dec_proto = vm.alloc_object(Value::object(object_proto), ObjectKind::Ordinary);
    realm.set_intrinsic(Intrinsic::TextDecoderPrototype, dec_proto);
    vm.define_constructor(global, "TextDecoder", 0, decoder_constructor, dec_proto);
    vm.define_builtin(dec_proto, "decode", 0, decode);
    for (name, getter) in [
        ("encoding", decoder_encoding as crate::function::NativeFn),
        ("fatal", decoder_fatal),
        ("ignoreBOM", decoder_ignore_bom),
    ] {
        vm.define_builtin_accessor(
            dec_proto,
            PropertyKey::from_text(name),
            Some(getter),
            None,
            true,
        );
    }
    define_tag(vm, dec_proto, "TextDecoder");
}

fn encoder_constructor(vm: &mut Vm, _: Value, _: &[Value], new_target: Value) -> JsResult<Value> {
    if new_target.is_undefined() {
        return vm.throw(ErrorKind::Type, "TextEncoder: constructor requires 'new'");
    }
    let proto = vm.prototype_from_constructor(new_target, Intrinsic::TextEncoderPrototype)?;
    let o = vm.alloc_object(
        Value::object(proto),
        ObjectKind::Builtin(Box::new(TextEncoder)),
    );
    Ok(Value::object(o))
}

fn encoder_encoding(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    this_with::<TextEncoder>(vm, this, "TextEncoder.encoding")?;
    Ok(vm.string_value("utf-8"))
}

fn encode(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    this_with::<TextEncoder>(vm, this, "TextEncoder.encode")?;
    let input = match arg(args, 0) {
        v if v.is_undefined() => String::new(),
        v => super::usv_string(vm, v)?,
    };
    Ok(Value::object(new_uint8_array(vm, input.as_bytes())?))
}

fn encode_into(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    this_with::<TextEncoder>(vm, this, "TextEncoder.encodeInto")?;
    require_args(vm, args, 2, "TextEncoder.encodeInto")?;
    let source = vm.to_string(arg(args, 0))?;
    let dest = arg(args, 1);
    let st = match dest.as_object().and_then(typed_array::state_of) {
        Some(st) if st.elem == typed_array::Elem::U8 => st,
        _ => {
            return vm.throw(
                ErrorKind::Type,
                "TextEncoder.encodeInto: the destination is not a Uint8Array",
            );
        }
    };
    let room = st.len().unwrap_or(0);
    let mut read = 0usize;
    let mut written = 0usize;
    let mut buf = [0u8; 4];
    for c in char::decode_utf16(source.units().iter().copied()) {
        let (c, units) = match c {
            Ok(c) => (c, c.len_utf16()),
            Err(_) => (char::REPLACEMENT_CHARACTER, 1),
        };
        let bytes = c.encode_utf8(&mut buf).as_bytes();
        if written + bytes.len() > room {
            break;
        }
        for &b in bytes {
            st.write(written, b as u64);
            written += 1;
        }
        read += units;
    }
    let result = vm.new_object();
    result.define_own(
        PropertyKey::from_text("read"),
        Value::number(read as f64),
        crate::object::Attributes::DEFAULT,
    );
    result.define_own(
        PropertyKey::from_text("written"),
        Value::number(written as f64),
        crate::object::Attributes::DEFAULT,
    );
    Ok(Value::object(result))
}

fn decoder_constructor(
    vm: &mut Vm,
    _: Value,
    args: &[Value],
    new_target: Value,
) -> JsResult<Value> {
    if new_target.is_undefined() {
        return vm.throw(ErrorKind::Type, "TextDecoder: constructor requires 'new'");
    }
    let label = match arg(args, 0) {
        v if v.is_undefined() => "utf-8".to_string(),
        v => vm.to_rust_string(v)?,
    };
    let options = arg(args, 1);
    let fatal = bool_member(vm, options, "fatal", "TextDecoder")?;
    let ignore_bom = bool_member(vm, options, "ignoreBOM", "TextDecoder")?;
    let encoding = match Encoding::for_label(label.as_bytes()) {
        Some(e) if e != encoding_rs::REPLACEMENT => e,
        _ => {
            return vm.throw(
                ErrorKind::Range,
                &format!("TextDecoder: the encoding label '{label}' is not supported"),
            );
        }
    };
    let proto = vm.prototype_from_constructor(new_target, Intrinsic::TextDecoderPrototype)?;
    let state = TextDecoder {
        encoding,
        fatal,
        ignore_bom,
        stream: Mutex::new(None),
    };
    let o = vm.alloc_object(Value::object(proto), ObjectKind::Builtin(Box::new(state)));
    Ok(Value::object(o))
}

fn decoder_state(o: &Gc<JsObject>) -> &TextDecoder {
    o.kind
        .builtin::<TextDecoder>()
        .expect("checked TextDecoder")
}

fn decoder_encoding(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let o = this_with::<TextDecoder>(vm, this, "TextDecoder.encoding")?;
    let name = decoder_state(&o).encoding.name().to_ascii_lowercase();
    Ok(vm.string_value(&name))
}

fn decoder_fatal(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let o = this_with::<TextDecoder>(vm, this, "TextDecoder.fatal")?;
    Ok(Value::bool(decoder_state(&o).fatal))
}

fn decoder_ignore_bom(vm: &mut Vm, this: Value, _: &[Value], _: Value) -> JsResult<Value> {
    let o = this_with::<TextDecoder>(vm, this, "TextDecoder.ignoreBOM")?;
    Ok(Value::bool(decoder_state(&o).ignore_bom))
}

fn decode(vm: &mut Vm, this: Value, args: &[Value], _: Value) -> JsResult<Value> {
    let o = this_with::<TextDecoder>(vm, this, "TextDecoder.decode")?;
    let input = arg(args, 0);
    let bytes = if input.is_undefined() {
        Vec::new()
    } else {
        match buffer_source(input) {
            Some(view) => view.to_vec(),
            None => {
                return vm.throw(
                    ErrorKind::Type,
                    "TextDecoder.decode: the input is not an ArrayBuffer, a typed array or a DataView",
                );
            }
        }
    };
    let stream = bool_member(vm, arg(args, 1), "stream", "TextDecoder.decode")?;
    let st = decoder_state(&o);
    let decoded = {
        let mut slot = st.stream.lock();
        let mut decoder = slot.take().unwrap_or_else(|| st.new_decoder());
        let last = !stream;
        let cap = decoder
            .max_utf16_buffer_length(bytes.len())
            .unwrap_or(usize::MAX / 4)
            .max(4);
        let mut out = vec![0u16; cap];
        let ok = if st.fatal {
            let (result, _read, written) =
                decoder.decode_to_utf16_without_replacement(&bytes, &mut out, last);
            out.truncate(written);
            !matches!(result, DecoderResult::Malformed(..))
        } else {
            let (_, _read, written, _) = decoder.decode_to_utf16(&bytes, &mut out, last);
            out.truncate(written);
            true
        };
        // A finished or failed stream starts afresh next time.
        if stream && ok {
            *slot = Some(decoder);
        }
        ok.then_some(out)
    };
    match decoded {
        Some(units) => Ok(Value::string(vm.alloc_string(units))),
        None => vm.throw(
            ErrorKind::Type,
            &format!(
                "TextDecoder.decode: the encoded data is not valid {}",
                st.encoding.name()
            ),
        ),
    }
}
