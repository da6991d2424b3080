//! The `/` filter of a pane: what the user typed, and what it matches.
//!
//! `web` substring, `web-\d+` regex (both case-insensitive; a pattern that is not a valid regex
//! is taken literally), `!web` inverse, `-l app=web,tier!=db` label selector.
//!
//! Owns parsing and matching. Must not hold rows or decide selection.

use regex::{Regex, RegexBuilder};

use super::label_selector::{LabelSelector, SelectorError};
use crate::resources::Row;

/// A parsed `/` filter. The default filter shows every row.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    text: String,
    rule: Rule,
}

#[derive(Debug, Clone, Default)]
enum Rule {
    #[default]
    All,
    Text {
        pattern: Regex,
        /// The pattern in lower case when it is a plain ASCII word: matched without the regex
        /// engine in ASCII text (a filter keystroke looks at every row's texts).
        plain: Option<Box<[u8]>>,
        inverse: bool,
    },
    Labels(LabelSelector),
}

/// Why a filter could not be used; shown in the filter line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FilterError {
    #[error(transparent)]
    Selector(#[from] SelectorError),
    #[error("filter pattern is too large")]
    TooLarge,
}

impl Filter {
    /// Reads a filter as typed after `/` (without the slash).
    pub fn parse(text: &str) -> Result<Self, FilterError> {
        let trimmed = text.trim();
        let rule = if let Some(selector) = label_selector_text(trimmed) {
            let selector = LabelSelector::parse(selector)?;
            if selector.is_empty() {
                Rule::All
            } else {
                Rule::Labels(selector)
            }
        } else {
            let (inverse, pattern) = match trimmed.strip_prefix('!') {
                Some(rest) => (true, rest.trim_start()),
                None => (false, trimmed),
            };
            if pattern.is_empty() {
                Rule::All
            } else {
                Rule::Text {
                    plain: is_plain(pattern)
                        .then(|| pattern.to_ascii_lowercase().into_bytes().into()),
                    pattern: text_pattern(pattern)?,
                    inverse,
                }
            }
        };
        Ok(Self {
            text: text.to_owned(),
            rule,
        })
    }

    /// The filter exactly as the user typed it.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Whether this filter hides anything at all.
    pub fn is_active(&self) -> bool {
        !matches!(self.rule, Rule::All)
    }

    pub fn matches<R: Row>(&self, row: &R) -> bool {
        match &self.rule {
            Rule::All => true,
            Rule::Text {
                pattern,
                plain,
                inverse,
            } => {
                let found = |text: &str| match plain {
                    Some(word) if text.is_ascii() => contains_ignoring_case(text.as_bytes(), word),
                    _ => pattern.is_match(text),
                };
                row.any_filter_text(&mut |text| found(text)) != *inverse
            }
            Rule::Labels(selector) => selector.matches(row.labels()),
        }
    }

    /// Whether every row this filter keeps is also kept by `previous` (typing more of a plain
    /// word, or filtering where nothing was): the rows shown can then be narrowed down instead
    /// of filtering them all again.
    pub fn narrows(&self, previous: &Self) -> bool {
        match (&self.rule, &previous.rule) {
            (_, Rule::All) => true,
            (
                Rule::Text {
                    plain: Some(now),
                    inverse: false,
                    ..
                },
                Rule::Text {
                    plain: Some(before),
                    inverse: false,
                    ..
                },
            ) => contains_ignoring_case(now, before),
            _ => false,
        }
    }

    /// Whether two filters keep the same rows (so a rebuild is not needed).
    pub fn same_rule(&self, other: &Self) -> bool {
        match (&self.rule, &other.rule) {
            (Rule::All, Rule::All) => true,
            (
                Rule::Text {
                    pattern: a,
                    inverse: x,
                    ..
                },
                Rule::Text {
                    pattern: b,
                    inverse: y,
                    ..
                },
            ) => a.as_str() == b.as_str() && x == y,
            (Rule::Labels(a), Rule::Labels(b)) => a == b,
            _ => false,
        }
    }
}

fn label_selector_text(text: &str) -> Option<&str> {
    let rest = text.strip_prefix("-l")?;
    if rest.is_empty() || rest.starts_with(char::is_whitespace) {
        Some(rest.trim())
    } else {
        None
    }
}

/// A pattern that means the same as a regex and as a word to look for (no character that a
/// regex reads specially).
fn is_plain(pattern: &str) -> bool {
    pattern
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"-_/:@=,%~ ".contains(&b))
}

/// Whether `haystack` contains `word` (lower case), ignoring ASCII case.
fn contains_ignoring_case(haystack: &[u8], word: &[u8]) -> bool {
    let Some((&first, rest)) = word.split_first() else {
        return true;
    };
    if haystack.len() < word.len() {
        return false;
    }
    (0..=haystack.len() - word.len()).any(|i| {
        haystack[i].to_ascii_lowercase() == first
            && haystack[i + 1..i + word.len()].eq_ignore_ascii_case(rest)
    })
}

fn text_pattern(pattern: &str) -> Result<Regex, FilterError> {
    let build = |p: &str| {
        RegexBuilder::new(p)
            .case_insensitive(true)
            .size_limit(1 << 20)
            .build()
    };
    match build(pattern) {
        Ok(regex) => Ok(regex),
        Err(regex::Error::CompiledTooBig(_)) => Err(FilterError::TooLarge),
        Err(_) => build(&regex::escape(pattern)).map_err(|_| FilterError::TooLarge),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::{Labels, ObjKey, PodRow};

    fn pod(name: &str, status: &str, labels: &[(&str, &str)]) -> PodRow {
        PodRow {
            key: ObjKey::new("prod", name),
            status: status.into(),
            labels: Labels::from_pairs(labels.iter().copied()),
            ..PodRow::default()
        }
    }

    fn keeps(filter: &str, row: &PodRow) -> bool {
        Filter::parse(filter).unwrap().matches(row)
    }

    #[test]
    fn substring_is_case_insensitive_and_looks_at_status_too() {
        let row = pod("Web-7f9c", "CrashLoopBackOff", &[]);
        assert!(keeps("web", &row));
        assert!(keeps("crashloop", &row));
        assert!(!keeps("api", &row));
    }

    #[test]
    fn regex_and_invalid_regex_taken_literally() {
        assert!(keeps(r"web-\d+$", &pod("web-12", "Running", &[])));
        assert!(!keeps(r"web-\d+$", &pod("web-x", "Running", &[])));
        assert!(keeps("web(", &pod("web(1", "Running", &[])));
        assert!(!keeps("web(", &pod("web1", "Running", &[])));
    }

    #[test]
    fn plain_words_match_like_the_regex_would() {
        for (filter, name, keeps_it) in [
            ("WEB", "api-web-1", true),
            ("web-1", "Web-12", true),
            ("web-2", "web-1", false),
            ("b-1x", "web-1", false),
            ("ß", "STRASSE", false),
            ("k", "\u{212a}ube", true),
        ] {
            assert_eq!(
                keeps(filter, &pod(name, "Running", &[])),
                keeps_it,
                "{filter} in {name}"
            );
        }
    }

    #[test]
    fn inverse_hides_matches() {
        assert!(!keeps("!web", &pod("web-1", "Running", &[])));
        assert!(keeps("!web", &pod("api-1", "Running", &[])));
        assert!(
            !Filter::parse("!").unwrap().is_active(),
            "a lone ! filters nothing yet"
        );
    }

    #[test]
    fn label_selector_filters_on_labels_only() {
        let row = pod("api-1", "Running", &[("app", "web"), ("tier", "frontend")]);
        assert!(keeps("-l app=web,tier!=db", &row));
        assert!(!keeps("-l app=api", &row));
        assert!(!keeps("-l app", &pod("web", "Running", &[])));
        assert!(!Filter::parse("-l").unwrap().is_active());
        assert!(Filter::parse("-l app in (a").is_err());
        assert!(
            keeps("-lx", &pod("a-lx", "Running", &[])),
            "`-lx` is a plain substring"
        );
    }

    #[test]
    fn typing_more_of_a_plain_word_narrows() {
        let narrows = |now: &str, before: &str| {
            Filter::parse(now)
                .unwrap()
                .narrows(&Filter::parse(before).unwrap())
        };
        assert!(narrows("fron", "fro"));
        assert!(narrows("xFROx", "fro"), "case does not matter");
        assert!(narrows("web", ""));
        assert!(narrows("!web", ""));
        assert!(!narrows("fro", "fron"), "erasing widens");
        assert!(!narrows("web-1", "web-\\d"), "a regex is not a plain word");
        assert!(
            !narrows("!webx", "!web"),
            "inverse filters widen as they grow"
        );
        assert!(!narrows("", "web"));
    }

    #[test]
    fn empty_filter_shows_everything() {
        let f = Filter::parse("").unwrap();
        assert!(!f.is_active());
        assert!(f.matches(&pod("x", "y", &[])));
    }
}
