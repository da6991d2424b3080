//! The protobuf wire format: wire types, a bounds-checked reader of varints, tags and
//! length-delimited fields, and skipping of unknown fields (including nested groups).
//!
//! It knows no schema and must not build JSON; every failure is an `Err(String)`.

use super::MAX_GROUP_DEPTH;

pub(super) const WIRE_VARINT: u8 = 0;
pub(super) const WIRE_I64: u8 = 1;
pub(super) const WIRE_LEN: u8 = 2;
pub(super) const WIRE_SGROUP: u8 = 3;
pub(super) const WIRE_EGROUP: u8 = 4;
pub(super) const WIRE_I32: u8 = 5;

pub(super) struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub(super) fn new(buf: &'a [u8]) -> Self {
        Reader { buf, pos: 0 }
    }

    pub(super) fn done(&self) -> bool {
        self.pos >= self.buf.len()
    }

    pub(super) fn varint(&mut self) -> Result<u64, String> {
        let start = self.pos;
        let mut value: u64 = 0;
        for shift in (0..70).step_by(7) {
            let Some(&b) = self.buf.get(self.pos) else {
                return Err(format!("truncated varint at byte {start}"));
            };
            self.pos += 1;
            if shift == 63 && b > 1 {
                return Err(format!("varint overflows 64 bits at byte {start}"));
            }
            value |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(format!("varint longer than 10 bytes at byte {start}"))
    }

    pub(super) fn tag(&mut self) -> Result<(u64, u8), String> {
        let at = self.pos;
        let key = self.varint()?;
        let num = key >> 3;
        if num == 0 {
            return Err(format!("invalid field number 0 at byte {at}"));
        }
        let wire = u8::try_from(key & 7).unwrap_or(u8::MAX);
        if wire > WIRE_I32 {
            return Err(format!(
                "invalid wire type {wire} for field {num} at byte {at}"
            ));
        }
        Ok((num, wire))
    }

    pub(super) fn take(&mut self, n: usize, what: &str) -> Result<&'a [u8], String> {
        let start = self.pos;
        let end = start
            .checked_add(n)
            .filter(|&end| end <= self.buf.len())
            .ok_or_else(|| {
                format!(
                    "truncated {what} at byte {start}: needs {n} bytes, {} left",
                    self.buf.len() - start
                )
            })?;
        self.pos = end;
        Ok(&self.buf[start..end])
    }

    pub(super) fn bytes(&mut self) -> Result<&'a [u8], String> {
        let len = self.varint()?;
        let len = usize::try_from(len).map_err(|_| format!("length {len} too large"))?;
        self.take(len, "length-delimited field")
    }

    /// Reads a length-delimited value, checking the wire type first.
    pub(super) fn bytes_of(&mut self, wire: u8) -> Result<&'a [u8], String> {
        if wire != WIRE_LEN {
            return Err(format!("wire type {wire}, expected 2 (length-delimited)"));
        }
        self.bytes()
    }

    /// Skips one field's value; `num` is the field number (needed to match a group's end).
    pub(super) fn skip(&mut self, num: u64, wire: u8, depth: usize) -> Result<(), String> {
        match wire {
            WIRE_VARINT => self.varint().map(drop),
            WIRE_I64 => self.take(8, "fixed64 field").map(drop),
            WIRE_LEN => self.bytes().map(drop),
            WIRE_I32 => self.take(4, "fixed32 field").map(drop),
            WIRE_SGROUP => {
                if depth >= MAX_GROUP_DEPTH {
                    return Err("groups nested too deeply".to_owned());
                }
                loop {
                    if self.done() {
                        return Err(format!("truncated group {num}"));
                    }
                    let (n, w) = self.tag()?;
                    if w == WIRE_EGROUP {
                        if n == num {
                            return Ok(());
                        }
                        return Err(format!("group {num} closed by end-group {n}"));
                    }
                    self.skip(n, w, depth + 1)?;
                }
            }
            _ => Err(format!("unexpected end-group for field {num}")),
        }
    }
}

pub(super) fn lossy(bytes: &[u8]) -> String {
    // Go's encoding/json replaces invalid UTF-8 with U+FFFD; do the same.
    String::from_utf8_lossy(bytes).into_owned()
}

/// Protobuf `int32` is sent as a sign-extended 64-bit varint; keep the low 32 bits.
#[allow(clippy::cast_possible_truncation, clippy::cast_possible_wrap)]
pub(super) fn as_i32(v: u64) -> i32 {
    v as u32 as i32
}

#[allow(clippy::cast_possible_wrap)]
pub(super) fn as_i64(v: u64) -> i64 {
    v as i64
}
