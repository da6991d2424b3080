//! What each part of a line of YAML (or of describe text) is: a key, a string, a number, a
//! comment, punctuation. The ui maps these classes to theme meanings.
//!
//! Owns a line-based reading of the block YAML that `serde_yaml` writes (block scalars carry
//! over lines). Must not style: classes only, as byte ranges of the line.

/// What a piece of a line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    Key,
    String,
    /// Numbers, booleans and null.
    Number,
    Comment,
    /// `-`, `:`, `|`, `{}` and the like.
    Punctuation,
}

/// A classified byte range of a line; bytes not covered are plain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub class: Class,
}

/// The tokens of every line of a YAML text.
pub fn yaml_lines<S: AsRef<str>>(lines: &[S]) -> Vec<Vec<Token>> {
    // Inside a block scalar (`key: |`), lines indented deeper than the key are its text.
    let mut block_parent: Option<usize> = None;
    lines
        .iter()
        .map(|line| {
            let line = line.as_ref();
            let indent = line.len() - line.trim_start_matches(' ').len();
            if let Some(parent) = block_parent {
                if line.trim().is_empty() || indent > parent {
                    return vec![token(indent, line.len(), Class::String)];
                }
                block_parent = None;
            }
            let (tokens, block) = yaml_line(line, indent);
            block_parent = block;
            tokens
        })
        .collect()
}

fn token(start: usize, end: usize, class: Class) -> Token {
    Token { start, end, class }
}

/// One line outside block scalars; also returns the key column when a block scalar starts.
fn yaml_line(line: &str, indent: usize) -> (Vec<Token>, Option<usize>) {
    let mut tokens = Vec::new();
    let mut pos = indent;
    while line[pos..].starts_with("- ") || &line[pos..] == "-" {
        tokens.push(token(pos, pos + 1, Class::Punctuation));
        pos = (pos + 2).min(line.len());
    }
    let rest = &line[pos..];
    if rest.starts_with('#') {
        tokens.push(token(pos, line.len(), Class::Comment));
        return (tokens, None);
    }
    let Some(colon) = key_end(rest) else {
        push_value(&mut tokens, line, pos);
        return (tokens, None);
    };
    tokens.push(token(pos, pos + colon, Class::Key));
    tokens.push(token(pos + colon, pos + colon + 1, Class::Punctuation));
    let value_start = pos + colon + 1;
    let value = line[value_start..].trim();
    let block = value.starts_with('|') || value.starts_with('>');
    push_value(&mut tokens, line, value_start);
    (tokens, block.then_some(pos))
}

/// Where the `:` ending a mapping key is, if the text starts with a key.
fn key_end(rest: &str) -> Option<usize> {
    let after_quote = match rest.chars().next() {
        Some(q @ ('"' | '\'')) => rest[1..].find(q).map(|i| i + 2)?,
        _ => 0,
    };
    let tail = &rest[after_quote..];
    let colon = tail
        .find(": ")
        .or_else(|| tail.ends_with(':').then(|| tail.len() - 1))?;
    let key = &rest[..after_quote + colon];
    // A flow collection or a quoted scalar is a value, not a key.
    (!key.is_empty() && !key.starts_with(['{', '['])).then_some(after_quote + colon)
}

fn push_value(tokens: &mut Vec<Token>, line: &str, from: usize) {
    let raw = &line[from..];
    let start = from + (raw.len() - raw.trim_start().len());
    let value = line[start..].trim_end();
    if value.is_empty() {
        return;
    }
    let end = start + value.len();
    let class = if value.starts_with('#') {
        Class::Comment
    } else if value.starts_with(['|', '>']) || matches!(value, "{}" | "[]") {
        Class::Punctuation
    } else if value.starts_with(['"', '\'']) {
        Class::String
    } else if is_literal(value) {
        Class::Number
    } else {
        Class::String
    };
    tokens.push(token(start, end, class));
}

/// Numbers, booleans and null as YAML 1.2 (core schema) reads them.
fn is_literal(value: &str) -> bool {
    matches!(
        value,
        "true" | "false" | "null" | "~" | ".inf" | "-.inf" | ".nan"
    ) || (value.parse::<f64>().is_ok()
        && value.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '.'))
}

/// The tokens of every line of describe text: `Field:` labels, `<none>`, table headers.
pub fn describe_lines<S: AsRef<str>>(lines: &[S]) -> Vec<Vec<Token>> {
    lines
        .iter()
        .map(|line| {
            let line = line.as_ref();
            let indent = line.len() - line.trim_start().len();
            let mut tokens = Vec::new();
            let label_end = line[indent..].find(':').map(|i| indent + i).filter(|&end| {
                let label = &line[indent..end];
                let after = &line[end + 1..];
                !label.is_empty()
                    && label.split(' ').count() <= 4
                    && !label.contains(['=', '/', '(', '"'])
                    && (after.is_empty() || after.starts_with(' '))
            });
            if let Some(end) = label_end {
                tokens.push(token(indent, end + 1, Class::Key));
            }
            let mut from = label_end.map_or(indent, |e| e + 1);
            while let Some(i) = line[from..].find("<none>") {
                tokens.push(token(from + i, from + i + 6, Class::Comment));
                from += i + 6;
            }
            tokens
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classes(line: &str) -> Vec<(&str, Class)> {
        yaml_lines(&[line])[0]
            .iter()
            .map(|t| (&line[t.start..t.end], t.class))
            .collect()
    }

    #[test]
    fn keys_values_and_literals() {
        use Class::{Comment, Key, Number, Punctuation, String};
        assert_eq!(
            classes("  name: web"),
            [("name", Key), (":", Punctuation), ("web", String)]
        );
        assert_eq!(
            classes("  replicas: 3"),
            [("replicas", Key), (":", Punctuation), ("3", Number)]
        );
        assert_eq!(
            classes("- containerPort: 8080"),
            [
                ("-", Punctuation),
                ("containerPort", Key),
                (":", Punctuation),
                ("8080", Number)
            ]
        );
        assert_eq!(
            classes("    ready: false"),
            [("ready", Key), (":", Punctuation), ("false", Number)]
        );
        assert_eq!(classes("# note"), [("# note", Comment)]);
        assert_eq!(
            classes("  version: '1.0'"),
            [("version", Key), (":", Punctuation), ("'1.0'", String)]
        );
        assert_eq!(
            classes("  url: http://x:80/a"),
            [("url", Key), (":", Punctuation), ("http://x:80/a", String)]
        );
        assert_eq!(classes("  - -v"), [("-", Punctuation), ("-v", String)]);
        assert_eq!(classes("  labels:"), [("labels", Key), (":", Punctuation)]);
        assert_eq!(
            classes("  data: {}"),
            [("data", Key), (":", Punctuation), ("{}", Punctuation)]
        );
    }

    #[test]
    fn block_scalars_carry_over_lines() {
        let lines = ["  script: |", "    echo: hi", "", "    done", "  next: 1"];
        let tokens = yaml_lines(&lines);
        assert_eq!(tokens[1], [token(4, 12, Class::String)], "not a key");
        assert_eq!(tokens[3][0].class, Class::String);
        assert_eq!(tokens[4][0], token(2, 6, Class::Key), "the block ended");
    }

    #[test]
    fn describe_labels_and_none() {
        let lines = [
            "Name:         web-1",
            "Labels:       <none>",
            "    Image:    nginx:1.27",
            "  Normal  Pulled  5m  kubelet  pulled image: nginx",
        ];
        let tokens = describe_lines(&lines);
        assert_eq!(tokens[0], [token(0, 5, Class::Key)]);
        assert_eq!(tokens[1][1], token(14, 20, Class::Comment));
        assert_eq!(tokens[2], [token(4, 10, Class::Key)]);
        assert!(
            tokens[3].is_empty(),
            "a message is not a label: {:?}",
            tokens[3]
        );
    }
}
