//! The schema-driven decoder: one protobuf message to the JSON Go's `encoding/json` would
//! print, following each field's type and presence rule, with the special encodings of
//! `metav1.Time`, `IntOrString`, `resource.Quantity`, `FieldsV1` and `[]byte`.
//!
//! It must not know any particular kind: the schemas are data in the sibling files.

use super::wire::{Reader, WIRE_LEN, WIRE_VARINT, as_i32, as_i64, lossy};
use super::{F, Ty};
use crate::sim::protobuf::Pres::{Always as A, Null as N, Omit as O, Ptr as P};
use crate::sim::protobuf::Ty::{
    Bool, Bytes, FieldsV1, I32, I64, Inline, IntStr, Map as M, Msg, Quantity, Str, StrList, Time,
};
use serde_json::{Map, Number, Value};

/// A decoding failure with the JSON path (innermost last) of the field being decoded.
pub(super) struct DecodeError {
    path: Vec<&'static str>,
    msg: String,
}

impl DecodeError {
    pub(super) fn new(msg: String) -> Self {
        DecodeError {
            path: Vec::new(),
            msg,
        }
    }

    pub(super) fn within(mut self, name: &'static str) -> Self {
        if !name.is_empty() {
            self.path.push(name);
        }
        self
    }

    pub(super) fn render(self, kind: &str) -> String {
        if self.path.is_empty() {
            return format!("{kind}: {}", self.msg);
        }
        let path: Vec<&str> = self.path.into_iter().rev().collect();
        format!("{kind}: {}: {}", path.join("."), self.msg)
    }
}

impl From<String> for DecodeError {
    fn from(msg: String) -> Self {
        DecodeError::new(msg)
    }
}

/// Decodes one message; absent fields get the value Go's JSON encoding would print.
pub(super) fn decode_message(buf: &[u8], fields: &[F]) -> Result<Map<String, Value>, DecodeError> {
    let mut slots: Vec<Option<Value>> = vec![None; fields.len()];
    let mut r = Reader::new(buf);
    while !r.done() {
        let (num, wire) = r.tag()?;
        let Some(idx) = fields.iter().position(|fd| fd.num == num) else {
            r.skip(num, wire, 0)?;
            continue;
        };
        let fd = fields[idx];
        read_field(&mut r, wire, fd, &mut slots[idx]).map_err(|e| e.within(fd.name))?;
    }
    let mut out = Map::new();
    for (fd, slot) in fields.iter().zip(slots) {
        if let Inline(schema) = fd.ty {
            let inner = match slot {
                Some(Value::Object(m)) => m,
                _ => decode_message(&[], schema)?,
            };
            out.extend(inner);
            continue;
        }
        let collection = fd.rep || matches!(fd.ty, M(_));
        let slot = slot.filter(|v| !(collection && is_zero(v)));
        let value = match (slot, fd.pres) {
            (Some(v), O) if is_zero(&v) => continue,
            (Some(v), _) => v,
            (None, O | P) => continue,
            (None, N) => Value::Null,
            (None, A) if collection => Value::Null,
            (None, A) => zero_value(fd.ty)?,
        };
        out.insert(fd.name.to_owned(), value);
    }
    Ok(out)
}

fn read_field(
    r: &mut Reader<'_>,
    wire: u8,
    fd: F,
    slot: &mut Option<Value>,
) -> Result<(), DecodeError> {
    match fd.ty {
        M(value_ty) => {
            let (key, value) = read_map_entry(r.bytes_of(wire)?, *value_ty)?;
            if let Some(Value::Object(m)) = slot {
                m.insert(key, value);
            } else {
                *slot = Some(Value::Object(Map::from_iter([(key, value)])));
            }
        }
        Inline(schema) => {
            let inner = decode_message(r.bytes_of(wire)?, schema)?;
            match slot {
                Some(Value::Object(m)) => m.extend(inner),
                _ => *slot = Some(Value::Object(inner)),
            }
        }
        ty if fd.rep => {
            let mut items = Vec::new();
            if wire == WIRE_LEN && matches!(ty, I32 | I64 | Bool) {
                // Packed repeated scalars.
                let mut packed = Reader::new(r.bytes()?);
                while !packed.done() {
                    items.push(read_value(&mut packed, WIRE_VARINT, ty)?);
                }
            } else {
                items.push(read_value(r, wire, ty)?);
            }
            if let Some(Value::Array(a)) = slot {
                a.extend(items);
            } else {
                *slot = Some(Value::Array(items));
            }
        }
        ty => *slot = Some(read_value(r, wire, ty)?),
    }
    Ok(())
}

fn read_value(r: &mut Reader<'_>, wire: u8, ty: Ty) -> Result<Value, DecodeError> {
    let want_varint = matches!(ty, I32 | I64 | Bool);
    if want_varint && wire != WIRE_VARINT {
        return Err(DecodeError::new(format!(
            "wire type {wire}, expected 0 (varint)"
        )));
    }
    Ok(match ty {
        I32 => Value::from(as_i32(r.varint()?)),
        I64 => Value::from(as_i64(r.varint()?)),
        Bool => Value::Bool(r.varint()? != 0),
        Str => Value::String(lossy(r.bytes_of(wire)?)),
        Bytes => Value::String(base64(r.bytes_of(wire)?)),
        Msg(schema) => Value::Object(decode_message(r.bytes_of(wire)?, schema)?),
        Time => decode_time(r.bytes_of(wire)?)?,
        IntStr => decode_int_or_string(r.bytes_of(wire)?)?,
        Quantity => decode_quantity(r.bytes_of(wire)?)?,
        FieldsV1 => decode_fields_v1(r.bytes_of(wire)?)?,
        StrList => decode_str_list(r.bytes_of(wire)?)?,
        Inline(_) | M(_) => {
            return Err(DecodeError::new(
                "map or inline value nested in a map".to_owned(),
            ));
        }
    })
}

fn read_map_entry(buf: &[u8], value_ty: Ty) -> Result<(String, Value), DecodeError> {
    let mut key = String::new();
    let mut value = None;
    let mut r = Reader::new(buf);
    while !r.done() {
        match r.tag()? {
            (1, w) => key = lossy(r.bytes_of(w)?),
            (2, w) => value = Some(read_value(&mut r, w, value_ty)?),
            (n, w) => r.skip(n, w, 0)?,
        }
    }
    let value = match value {
        Some(v) => v,
        // A map value that is absent on the wire is the zero value; Go's gogo decoder keeps
        // an empty []byte non-nil, so JSON shows "" rather than null.
        None if matches!(value_ty, Bytes) => Value::String(String::new()),
        None => zero_value(value_ty)?,
    };
    Ok((key, value))
}

/// The JSON Go prints for a zero value of a non-pointer field of this type.
fn zero_value(ty: Ty) -> Result<Value, DecodeError> {
    Ok(match ty {
        Str => Value::String(String::new()),
        I32 | I64 | IntStr => Value::from(0),
        Bool => Value::Bool(false),
        Quantity => Value::String("0".to_owned()),
        Msg(schema) => Value::Object(decode_message(&[], schema)?),
        Inline(_) | Bytes | Time | FieldsV1 | StrList | M(_) => Value::Null,
    })
}

fn is_zero(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Bool(b) => !b,
        Value::Number(n) => n.as_i64() == Some(0),
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(m) => m.is_empty(),
    }
}

/// `metav1.Time`: empty message is the zero time (`null`); otherwise whole seconds (the
/// apiserver ignores `nanos` for `Time`), printed as RFC 3339 in UTC.
fn decode_time(buf: &[u8]) -> Result<Value, DecodeError> {
    if buf.is_empty() {
        return Ok(Value::Null);
    }
    let mut seconds = 0i64;
    let mut r = Reader::new(buf);
    while !r.done() {
        match r.tag()? {
            (1, WIRE_VARINT) => seconds = as_i64(r.varint()?),
            (1, w) => return Err(DecodeError::new(format!("time seconds: wire type {w}"))),
            (n, w) => r.skip(n, w, 0)?,
        }
    }
    rfc3339(seconds)
        .map(Value::String)
        .map_err(DecodeError::new)
}

fn rfc3339(seconds: i64) -> Result<String, String> {
    let days = seconds.div_euclid(86_400);
    let secs_of_day = seconds.rem_euclid(86_400);
    // Civil-from-days (proleptic Gregorian), after Howard Hinnant's algorithm.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    if !(0..=9_999).contains(&year) {
        return Err(format!(
            "time {seconds}s: year {year} outside of range [0,9999]"
        ));
    }
    Ok(format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        secs_of_day / 3_600,
        secs_of_day % 3_600 / 60,
        secs_of_day % 60
    ))
}

/// `intstr.IntOrString`: `type` 1 means string, anything else int.
fn decode_int_or_string(buf: &[u8]) -> Result<Value, DecodeError> {
    let (mut kind, mut int_val, mut str_val) = (0u64, 0i32, String::new());
    let mut r = Reader::new(buf);
    while !r.done() {
        match r.tag()? {
            (1, WIRE_VARINT) => kind = r.varint()?,
            (2, WIRE_VARINT) => int_val = as_i32(r.varint()?),
            (3, w) => str_val = lossy(r.bytes_of(w)?),
            (n @ (1 | 2), w) => {
                return Err(DecodeError::new(format!(
                    "IntOrString field {n}: wire type {w}"
                )));
            }
            (n, w) => r.skip(n, w, 0)?,
        }
    }
    Ok(if kind == 1 {
        Value::String(str_val)
    } else {
        Value::Number(Number::from(int_val))
    })
}

/// `resource.Quantity`: its canonical string; the zero quantity prints as "0".
fn decode_quantity(buf: &[u8]) -> Result<Value, DecodeError> {
    let mut s = String::new();
    let mut r = Reader::new(buf);
    while !r.done() {
        match r.tag()? {
            (1, w) => s = lossy(r.bytes_of(w)?),
            (n, w) => r.skip(n, w, 0)?,
        }
    }
    if s.is_empty() {
        s.push('0');
    }
    Ok(Value::String(s))
}

/// `metav1.FieldsV1`: field 1 holds raw JSON, printed as is (`null` when empty).
fn decode_fields_v1(buf: &[u8]) -> Result<Value, DecodeError> {
    let mut raw: &[u8] = &[];
    let mut r = Reader::new(buf);
    while !r.done() {
        match r.tag()? {
            (1, w) => raw = r.bytes_of(w)?,
            (n, w) => r.skip(n, w, 0)?,
        }
    }
    if raw.is_empty() {
        return Ok(Value::Null);
    }
    serde_json::from_slice(raw).map_err(|e| DecodeError::new(format!("FieldsV1 is not JSON: {e}")))
}

/// A message `{repeated string items = 1}` printed as a bare array.
fn decode_str_list(buf: &[u8]) -> Result<Value, DecodeError> {
    let mut items = Vec::new();
    let mut r = Reader::new(buf);
    while !r.done() {
        match r.tag()? {
            (1, w) => items.push(Value::String(lossy(r.bytes_of(w)?))),
            (n, w) => r.skip(n, w, 0)?,
        }
    }
    Ok(if items.is_empty() {
        Value::Null
    } else {
        Value::Array(items)
    })
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
#[path = "decode_tests.rs"]
mod tests;
