//! The label selector string grammar: a lexer and a recursive-descent parser that produce
//! requirements with kube-apiserver's exact error messages.
//!
//! It must not evaluate selectors; that is `label`'s job.

use super::label::{Op, Requirement, key_error, new_requirement};
use std::collections::BTreeSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok {
    Error,
    End,
    ClosedPar,
    Comma,
    Bang,
    DoubleEquals,
    Equals,
    Gt,
    Ident,
    In,
    Lt,
    NotEquals,
    NotIn,
    OpenPar,
}

pub(super) struct Item {
    tok: Tok,
    lit: String,
}

fn keyword(s: &str) -> Option<Tok> {
    Some(match s {
        ")" => Tok::ClosedPar,
        "," => Tok::Comma,
        "!" => Tok::Bang,
        "==" => Tok::DoubleEquals,
        "=" => Tok::Equals,
        ">" => Tok::Gt,
        "in" => Tok::In,
        "<" => Tok::Lt,
        "!=" => Tok::NotEquals,
        "notin" => Tok::NotIn,
        "(" => Tok::OpenPar,
        _ => return None,
    })
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

fn is_special(b: u8) -> bool {
    matches!(b, b'=' | b'!' | b'(' | b')' | b',' | b'>' | b'<')
}

/// Tokenises byte-wise like the server, so that the same inputs split the same way and the
/// literals quoted in error messages are identical.
pub(super) fn lex(s: &str) -> Vec<Item> {
    let bytes = s.as_bytes();
    let mut pos = 0;
    let mut items = Vec::new();
    loop {
        while pos < bytes.len() && is_space(bytes[pos]) {
            pos += 1;
        }
        // The server's lexer reads NUL as end of input.
        if pos >= bytes.len() || bytes[pos] == 0 {
            items.push(Item {
                tok: Tok::End,
                lit: String::new(),
            });
            return items;
        }
        let item = if is_special(bytes[pos]) {
            scan_special(s, &mut pos)
        } else {
            scan_word(s, &mut pos)
        };
        items.push(item);
    }
}

fn scan_word(s: &str, pos: &mut usize) -> Item {
    let bytes = s.as_bytes();
    let start = *pos;
    while *pos < bytes.len()
        && bytes[*pos] != 0
        && !is_special(bytes[*pos])
        && !is_space(bytes[*pos])
    {
        *pos += 1;
    }
    let lit = s[start..*pos].to_owned();
    if *pos < bytes.len() && bytes[*pos] == 0 {
        // A NUL inside a word ends the word and is swallowed, as in the server.
        *pos += 1;
    }
    let tok = keyword(&lit).unwrap_or(Tok::Ident);
    Item { tok, lit }
}

/// Longest run of operator characters that still forms a known operator, e.g. `!=` but
/// `==` + `=` for `===`.
fn scan_special(s: &str, pos: &mut usize) -> Item {
    let bytes = s.as_bytes();
    let start = *pos;
    let mut last: Option<(Tok, usize)> = None;
    while *pos < bytes.len() && is_special(bytes[*pos]) {
        *pos += 1;
        if let Some(tok) = keyword(&s[start..*pos]) {
            last = Some((tok, *pos));
        } else if last.is_some() {
            *pos -= 1;
            break;
        }
    }
    match last {
        Some((tok, end)) => Item {
            tok,
            lit: s[start..end].to_owned(),
        },
        None => Item {
            tok: Tok::Error,
            lit: format!("error expected: keyword found '{}'", &s[start..*pos]),
        },
    }
}

// --- parser ----------------------------------------------------------------------------------

pub(super) struct Parser {
    pub(super) items: Vec<Item>,
    pub(super) pos: usize,
}

/// Inside a value list `in` and `notin` are ordinary words (`a in (in)` is legal).
fn in_context(tok: Tok, values: bool) -> Tok {
    if values && matches!(tok, Tok::In | Tok::NotIn) {
        Tok::Ident
    } else {
        tok
    }
}

impl Parser {
    fn peek(&self, values: bool) -> (Tok, &str) {
        self.items.get(self.pos).map_or((Tok::End, ""), |it| {
            (in_context(it.tok, values), it.lit.as_str())
        })
    }

    fn next(&mut self, values: bool) -> (Tok, String) {
        let (tok, lit) = self.peek(values);
        let lit = lit.to_owned();
        self.pos += 1;
        (tok, lit)
    }

    pub(super) fn parse(&mut self) -> Result<Vec<Requirement>, String> {
        let mut out = Vec::new();
        loop {
            let (tok, lit) = self.peek(true);
            match tok {
                Tok::Ident | Tok::Bang => {
                    let r = self
                        .parse_requirement()
                        .map_err(|e| format!("unable to parse requirement: {e}"))?;
                    out.push(r);
                    let (tok, lit) = self.next(true);
                    match tok {
                        Tok::End => return Ok(out),
                        Tok::Comma => {
                            let (tok, lit) = self.peek(true);
                            if tok != Tok::Ident && tok != Tok::Bang {
                                return Err(format!(
                                    "found '{lit}', expected: identifier after ','"
                                ));
                            }
                        }
                        _ => {
                            return Err(format!("found '{lit}', expected: ',' or 'end of string'"));
                        }
                    }
                }
                Tok::End => return Ok(out),
                _ => {
                    return Err(format!(
                        "found '{lit}', expected: !, identifier, or 'end of string'"
                    ));
                }
            }
        }
    }

    fn parse_requirement(&mut self) -> Result<Requirement, String> {
        let (key, op) = self.parse_key_and_infer_operator()?;
        if let Some(op @ (Op::Exists | Op::DoesNotExist)) = op {
            return new_requirement(&key, op, Vec::new(), false);
        }
        let op = self.parse_operator()?;
        let values = match op {
            Op::In | Op::NotIn => self.parse_values()?,
            _ => self.parse_exact_value()?,
        };
        new_requirement(&key, op, values, false)
    }

    fn parse_key_and_infer_operator(&mut self) -> Result<(String, Option<Op>), String> {
        let mut op = None;
        let (mut tok, mut lit) = self.next(true);
        if tok == Tok::Bang {
            op = Some(Op::DoesNotExist);
            (tok, lit) = self.next(true);
        }
        if tok != Tok::Ident {
            return Err(format!("found '{lit}', expected: identifier"));
        }
        // The server validates the key here with a nil field path, which prints as "<nil>".
        if let Some(e) = key_error(&lit, "<nil>") {
            return Err(e);
        }
        let (next, _) = self.peek(true);
        if matches!(next, Tok::End | Tok::Comma) && op.is_none() {
            op = Some(Op::Exists);
        }
        Ok((lit, op))
    }

    fn parse_operator(&mut self) -> Result<Op, String> {
        let (tok, lit) = self.next(false);
        Ok(match tok {
            Tok::In => Op::In,
            Tok::Equals => Op::Equals,
            Tok::DoubleEquals => Op::DoubleEquals,
            Tok::Gt => Op::GreaterThan,
            Tok::Lt => Op::LessThan,
            Tok::NotIn => Op::NotIn,
            Tok::NotEquals => Op::NotEquals,
            _ => {
                return Err(format!(
                    "found '{lit}', expected: in, notin, =, ==, !=, gt, lt"
                ));
            }
        })
    }

    fn parse_values(&mut self) -> Result<Vec<String>, String> {
        let (tok, lit) = self.next(true);
        if tok != Tok::OpenPar {
            return Err(format!("found '{lit}' expected: '('"));
        }
        let (tok, lit) = self.peek(true);
        let lit = lit.to_owned();
        match tok {
            Tok::Ident | Tok::Comma => {
                let set = self.parse_identifiers_list()?;
                let (tok, _) = self.next(true);
                if tok != Tok::ClosedPar {
                    // The server reports the token seen before the list, not the bad one.
                    return Err(format!("found '{lit}', expected: ')'"));
                }
                Ok(set.into_iter().collect())
            }
            Tok::ClosedPar => {
                self.next(true);
                Ok(vec![String::new()])
            }
            _ => Err(format!("found '{lit}', expected: ',', ')' or identifier")),
        }
    }

    fn parse_identifiers_list(&mut self) -> Result<BTreeSet<String>, String> {
        let mut set = BTreeSet::new();
        loop {
            let (tok, lit) = self.next(true);
            match tok {
                Tok::Ident => {
                    set.insert(lit);
                    let (tok, lit) = self.peek(true);
                    match tok {
                        Tok::Comma => {}
                        Tok::ClosedPar => return Ok(set),
                        _ => return Err(format!("found '{lit}', expected: ',' or ')'")),
                    }
                }
                Tok::Comma => {
                    // Empty items between commas stand for the empty value.
                    if set.is_empty() {
                        set.insert(String::new());
                    }
                    let (tok, _) = self.peek(true);
                    if tok == Tok::ClosedPar {
                        set.insert(String::new());
                        return Ok(set);
                    }
                    if tok == Tok::Comma {
                        self.next(true);
                        set.insert(String::new());
                    }
                }
                _ => return Err(format!("found '{lit}', expected: ',', or identifier")),
            }
        }
    }

    fn parse_exact_value(&mut self) -> Result<Vec<String>, String> {
        let (tok, _) = self.peek(true);
        if matches!(tok, Tok::End | Tok::Comma) {
            return Ok(vec![String::new()]);
        }
        let (tok, lit) = self.next(true);
        if tok == Tok::Ident {
            Ok(vec![lit])
        } else {
            Err(format!("found '{lit}', expected: identifier"))
        }
    }
}
