//! What the user looks for in a log: the `/` search pattern (highlighted, `n`/`N`), and the
//! line filter that shows only matching lines (regex, `!` inverse, `key=value` fields of JSON
//! lines, `-C N` context lines around each match, as `grep -C`), kept up to date as lines
//! arrive.
//!
//! Owns parsing and matching. Must not store lines or decide scrolling.

use std::collections::VecDeque;

use regex::{Regex, RegexBuilder};

use super::buffer::LogBuffer;
use super::json;

/// Case-insensitive regex; text that is not a valid regex is matched literally.
fn pattern(text: &str) -> Result<Regex, String> {
    let build = |p: &str| {
        RegexBuilder::new(p)
            .case_insensitive(true)
            .size_limit(1 << 20)
            .build()
    };
    build(text)
        .or_else(|_| build(&regex::escape(text)))
        .map_err(|_| "pattern is too large".to_owned())
}

/// The `/` search.
#[derive(Debug, Clone)]
pub struct LinePattern {
    text: String,
    regex: Regex,
}

impl LinePattern {
    /// `None` for an empty search.
    pub fn parse(text: &str) -> Result<Option<Self>, String> {
        if text.is_empty() {
            return Ok(None);
        }
        Ok(Some(Self {
            text: text.to_owned(),
            regex: pattern(text)?,
        }))
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn is_match(&self, line: &str) -> bool {
        self.regex.is_match(line)
    }

    /// Byte ranges of every match in `line`.
    pub fn ranges(&self, line: &str) -> Vec<std::ops::Range<usize>> {
        self.regex
            .find_iter(line)
            .filter(|m| !m.is_empty())
            .map(|m| m.range())
            .collect()
    }
}

#[derive(Debug, Clone)]
enum Rule {
    Pattern(Regex),
    /// `key=value` (or `key!=value`): a field of a JSON line; in other lines the literal text.
    Field {
        key: String,
        value: String,
        literal: Regex,
    },
}

/// The line filter.
#[derive(Debug, Clone)]
pub struct LineFilter {
    text: String,
    rule: Rule,
    inverse: bool,
    /// Lines shown before and after each match.
    pub context: usize,
}

impl LineFilter {
    /// Reads `[-C N] [!]pattern` or `[-C N] key=value` / `key!=value`. `None` when empty.
    pub fn parse(text: &str) -> Result<Option<Self>, String> {
        let mut rest = text.trim();
        let mut context = 0;
        if let Some(after) = rest.strip_prefix("-C") {
            let after = after.trim_start();
            let digits = after.chars().take_while(char::is_ascii_digit).count();
            if digits == 0 {
                return Err("-C needs a number of context lines, e.g. `-C 2 error`".to_owned());
            }
            context = after[..digits]
                .parse::<usize>()
                .map_err(|_| "too many context lines".to_owned())?
                .min(100);
            rest = after[digits..].trim_start();
        }
        let (mut inverse, body) = match rest.strip_prefix('!') {
            Some(r) => (true, r.trim_start()),
            None => (false, rest),
        };
        if body.is_empty() {
            return Ok(None);
        }
        let rule = match field_filter(body) {
            Some((key, negate, value)) => {
                inverse ^= negate;
                Rule::Field {
                    key: key.to_owned(),
                    value: value.to_owned(),
                    literal: pattern(&regex::escape(&format!("{key}={value}")))?,
                }
            }
            None => Rule::Pattern(pattern(body)?),
        };
        Ok(Some(Self {
            text: text.trim().to_owned(),
            rule,
            inverse,
            context,
        }))
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn matches(&self, line: &str) -> bool {
        let hit = match &self.rule {
            Rule::Pattern(regex) => regex.is_match(line),
            Rule::Field {
                key,
                value,
                literal,
            } => match json::parse(line) {
                Some(object) => {
                    json::field(&object, key).is_some_and(|v| v.eq_ignore_ascii_case(value))
                }
                None => literal.is_match(line),
            },
        };
        hit != self.inverse
    }
}

/// `level=error` → (`level`, false, `error`); `level!=info` → (`level`, true, `info`).
fn field_filter(text: &str) -> Option<(&str, bool, &str)> {
    let eq = text.find('=')?;
    let (key, negate) = match text[..eq].strip_suffix('!') {
        Some(k) => (k, true),
        None => (&text[..eq], false),
    };
    let value = &text[eq + 1..];
    let key_ok = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-' | '@'));
    let value_ok = !value.is_empty() && !value.contains(char::is_whitespace);
    (key_ok && value_ok).then_some((key, negate, value))
}

/// The sequence numbers of the lines a filter shows (matches and their context), kept up to
/// date line by line so a long tail never re-scans the buffer.
#[derive(Debug, Clone, Default)]
pub struct ShownLines {
    seqs: VecDeque<u64>,
    /// Context lines still to show after the last match.
    after_left: usize,
}

impl ShownLines {
    /// Scans the whole buffer (a new filter).
    pub fn build(filter: &LineFilter, buffer: &LogBuffer) -> Self {
        let mut shown = Self::default();
        for (seq, _) in buffer.iter() {
            shown.add(filter, buffer, seq);
        }
        shown
    }

    /// Considers the line `seq`, just appended to `buffer`.
    pub fn add(&mut self, filter: &LineFilter, buffer: &LogBuffer, seq: u64) {
        let Some(line) = buffer.get(seq) else {
            return;
        };
        if line.notice || filter.matches(&line.text) {
            let from = seq
                .saturating_sub(filter.context as u64)
                .max(buffer.first_seq());
            let after_last = self.seqs.back().map_or(0, |s| s + 1);
            for s in from.max(after_last)..=seq {
                self.seqs.push_back(s);
            }
            self.after_left = if line.notice { 0 } else { filter.context };
        } else if self.after_left > 0 {
            self.after_left -= 1;
            self.seqs.push_back(seq);
        }
    }

    /// Forgets lines numbered `seq` and later (the buffer took them back to reorder them).
    pub fn truncate_from(&mut self, seq: u64) {
        while self.seqs.back().is_some_and(|s| *s >= seq) {
            self.seqs.pop_back();
        }
        self.after_left = 0;
    }

    /// Forgets lines the buffer dropped.
    pub fn prune(&mut self, first_seq: u64) {
        while self.seqs.front().is_some_and(|s| *s < first_seq) {
            self.seqs.pop_front();
        }
    }

    pub fn len(&self) -> usize {
        self.seqs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.seqs.is_empty()
    }

    pub fn get(&self, index: usize) -> Option<u64> {
        self.seqs.get(index).copied()
    }

    /// The index of the first shown line numbered `seq` or later.
    pub fn index_of(&self, seq: u64) -> usize {
        self.seqs.partition_point(|s| *s < seq)
    }
}

#[cfg(test)]
mod tests {
    use super::super::buffer::StoredLine;
    use super::*;

    fn buffer(lines: &[&str]) -> LogBuffer {
        let mut b = LogBuffer::new(100);
        for l in lines {
            b.push(StoredLine {
                source: 0,
                time: None,
                text: (*l).into(),
                notice: false,
            });
        }
        b
    }

    #[test]
    fn search_is_case_insensitive_and_falls_back_to_literal_text() {
        let p = LinePattern::parse("GET /api").unwrap().unwrap();
        assert!(p.is_match("get /api/v1"));
        assert_eq!(p.ranges("GET /api and get /api"), vec![0..8, 13..21]);
        let literal = LinePattern::parse("a[1").unwrap().unwrap();
        assert!(literal.is_match("x a[1 y"));
        assert!(LinePattern::parse("").unwrap().is_none());
    }

    #[test]
    fn filters_read_inverse_fields_and_context() {
        let f = LineFilter::parse("!debug").unwrap().unwrap();
        assert!(f.matches("INFO start") && !f.matches("DEBUG x"));
        let f = LineFilter::parse("-C 2 level=error").unwrap().unwrap();
        assert_eq!(f.context, 2);
        assert!(f.matches(r#"{"level":"ERROR","msg":"x"}"#));
        assert!(
            !f.matches(r#"{"level":"info","msg":"level=error"}"#),
            "the field, not the text"
        );
        assert!(
            f.matches("ts=1 level=error msg=x"),
            "logfmt lines match literally"
        );
        let f = LineFilter::parse("level!=info").unwrap().unwrap();
        assert!(f.matches(r#"{"level":"warn"}"#) && !f.matches(r#"{"level":"info"}"#));
        let f = LineFilter::parse("status=5\\d\\d").unwrap().unwrap();
        assert!(
            !f.matches(r#"{"status":503}"#),
            "field values compare literally"
        );
        assert!(LineFilter::parse("-C x").is_err());
        assert!(LineFilter::parse("  ").unwrap().is_none());
    }

    #[test]
    fn shown_lines_include_context_without_repeats() {
        let b = buffer(&[
            "a", "b", "ERR 1", "c", "d", "e", "ERR 2", "ERR 3", "f", "g", "h",
        ]);
        let f = LineFilter::parse("-C 1 err").unwrap().unwrap();
        let shown = ShownLines::build(&f, &b);
        let seqs: Vec<u64> = (0..shown.len()).map(|i| shown.get(i).unwrap()).collect();
        assert_eq!(seqs, vec![1, 2, 3, 5, 6, 7, 8]);
        assert_eq!(shown.index_of(5), 3);
        assert_eq!(shown.index_of(4), 3);
    }

    #[test]
    fn shown_lines_follow_appends_and_drops() {
        let mut b = LogBuffer::new(3);
        let f = LineFilter::parse("x").unwrap().unwrap();
        let mut shown = ShownLines::default();
        for text in ["x1", "y", "x2", "x3", "y"] {
            let seq = b.push(StoredLine {
                source: 0,
                time: None,
                text: text.into(),
                notice: false,
            });
            shown.prune(b.first_seq());
            shown.add(&f, &b, seq);
        }
        let seqs: Vec<u64> = (0..shown.len()).map(|i| shown.get(i).unwrap()).collect();
        assert_eq!(seqs, vec![2, 3]);
    }
}
