//! Kubernetes label selectors, as typed after `/-l`: `app=web,tier!=db`, `env in (a,b)`,
//! `env notin (c)`, `release` (exists), `!canary` (does not exist).
//!
//! Owns parsing (with a message naming what is wrong) and matching against a row's labels.
//! Must not know about rows or panes beyond `Labels`.

use std::fmt;

use crate::resources::Labels;

/// A parsed label selector: every requirement must hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelSelector {
    requirements: Vec<Requirement>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Requirement {
    Equals(String, String),
    NotEquals(String, String),
    In(String, Vec<String>),
    NotIn(String, Vec<String>),
    Exists(String),
    DoesNotExist(String),
}

/// Why a label selector could not be read; the text is shown to the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("label selector `{requirement}`: {problem}")]
pub struct SelectorError {
    pub requirement: String,
    pub problem: &'static str,
}

impl LabelSelector {
    pub fn parse(text: &str) -> Result<Self, SelectorError> {
        let requirements = split_requirements(text)
            .into_iter()
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(parse_requirement)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self { requirements })
    }

    pub fn matches(&self, labels: &Labels) -> bool {
        self.requirements.iter().all(|r| r.matches(labels))
    }

    pub fn is_empty(&self) -> bool {
        self.requirements.is_empty()
    }
}

impl Requirement {
    fn matches(&self, labels: &Labels) -> bool {
        match self {
            Self::Equals(k, v) => labels.get(k) == Some(v.as_str()),
            Self::NotEquals(k, v) => labels.get(k) != Some(v.as_str()),
            Self::In(k, vs) => labels.get(k).is_some_and(|l| vs.iter().any(|v| v == l)),
            Self::NotIn(k, vs) => labels.get(k).is_none_or(|l| vs.iter().all(|v| v != l)),
            Self::Exists(k) => labels.get(k).is_some(),
            Self::DoesNotExist(k) => labels.get(k).is_none(),
        }
    }
}

impl fmt::Display for LabelSelector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, r) in self.requirements.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            match r {
                Requirement::Equals(k, v) => write!(f, "{k}={v}")?,
                Requirement::NotEquals(k, v) => write!(f, "{k}!={v}")?,
                Requirement::In(k, vs) => write!(f, "{k} in ({})", vs.join(","))?,
                Requirement::NotIn(k, vs) => write!(f, "{k} notin ({})", vs.join(","))?,
                Requirement::Exists(k) => write!(f, "{k}")?,
                Requirement::DoesNotExist(k) => write!(f, "!{k}")?,
            }
        }
        Ok(())
    }
}

/// Splits on commas that are not inside a `( … )` value list.
fn split_requirements(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                parts.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

fn parse_requirement(req: &str) -> Result<Requirement, SelectorError> {
    let fail = |problem| SelectorError {
        requirement: req.to_owned(),
        problem,
    };
    if let Some(key) = req.strip_prefix('!') {
        return valid_key(key.trim())
            .map(Requirement::DoesNotExist)
            .map_err(fail);
    }
    if req.contains('=') {
        return parse_comparison(req).map_err(fail);
    }
    // `key in (…)` and `key notin (…)`: the key ends at the first space or parenthesis.
    let Some(key_end) = req.find(|c: char| c.is_whitespace() || c == '(') else {
        return valid_key(req).map(Requirement::Exists).map_err(fail);
    };
    let key = valid_key(&req[..key_end]).map_err(fail)?;
    let operator_and_values = req[key_end..].trim_start();
    let (negate, values) = if let Some(v) = operator_and_values.strip_prefix("notin") {
        (true, v.trim_start())
    } else if let Some(v) = operator_and_values.strip_prefix("in") {
        (false, v.trim_start())
    } else {
        return Err(fail(
            "expected `in`, `notin`, `=`, `==` or `!=` after the key",
        ));
    };
    if !values.starts_with('(') {
        return Err(fail(
            "expected `in`, `notin`, `=`, `==` or `!=` after the key",
        ));
    }
    let values = parse_values(values).map_err(fail)?;
    Ok(if negate {
        Requirement::NotIn(key, values)
    } else {
        Requirement::In(key, values)
    })
}

fn parse_comparison(req: &str) -> Result<Requirement, &'static str> {
    if let Some((k, v)) = req.split_once("!=") {
        return Ok(Requirement::NotEquals(
            valid_key(k.trim())?,
            valid_value(v.trim())?,
        ));
    }
    if let Some((k, v)) = req.split_once("==").or_else(|| req.split_once('=')) {
        return Ok(Requirement::Equals(
            valid_key(k.trim())?,
            valid_value(v.trim())?,
        ));
    }
    Err("expected `=`, `==` or `!=`")
}

fn parse_values(text: &str) -> Result<Vec<String>, &'static str> {
    let inner = text
        .strip_prefix('(')
        .and_then(|t| t.strip_suffix(')'))
        .ok_or("values must be a list in parentheses, like `(a,b)`")?;
    inner.split(',').map(|v| valid_value(v.trim())).collect()
}

fn valid_key(key: &str) -> Result<String, &'static str> {
    if key.is_empty() {
        return Err("missing label key");
    }
    if !key
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
    {
        return Err("a label key has only letters, digits, `-`, `_`, `.` and `/`");
    }
    Ok(key.to_owned())
}

fn valid_value(value: &str) -> Result<String, &'static str> {
    if !value
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    {
        return Err("a label value has only letters, digits, `-`, `_` and `.`");
    }
    Ok(value.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels() -> Labels {
        Labels::from_pairs([("app", "web"), ("tier", "frontend"), ("env", "prod")])
    }

    fn matches(selector: &str) -> bool {
        LabelSelector::parse(selector).unwrap().matches(&labels())
    }

    #[test]
    fn equality_operators() {
        assert!(matches("app=web"));
        assert!(matches("app==web"));
        assert!(!matches("app=api"));
        assert!(matches("tier!=db"));
        assert!(matches("missing!=x"), "!= holds when the label is absent");
        assert!(matches("app=web,tier!=db"));
        assert!(!matches("app=web,tier!=frontend"));
    }

    #[test]
    fn set_operators() {
        assert!(matches("env in (prod,staging)"));
        assert!(matches("env in (staging, prod)"));
        assert!(!matches("env in (dev)"));
        assert!(matches("env notin (dev,staging)"));
        assert!(!matches("env notin (prod)"));
        assert!(
            matches("missing notin (a)"),
            "notin holds when the label is absent"
        );
        assert!(matches("env in (prod,staging),app=web"));
    }

    #[test]
    fn existence_operators() {
        assert!(matches("app"));
        assert!(!matches("canary"));
        assert!(matches("!canary"));
        assert!(!matches("!app"));
    }

    #[test]
    fn errors_name_the_requirement() {
        let err = LabelSelector::parse("app=web,env in (a").unwrap_err();
        assert_eq!(err.requirement, "env in (a");
        assert!(err.to_string().contains("parentheses"), "{err}");
        assert!(LabelSelector::parse("env within (a)").is_err());
        assert!(LabelSelector::parse("=web").is_err());
        assert!(LabelSelector::parse("app=we b").is_err());
    }

    #[test]
    fn round_trips_to_text() {
        let s = LabelSelector::parse("app=web, tier!=db,env in (a,b),!canary").unwrap();
        assert_eq!(s.to_string(), "app=web,tier!=db,env in (a,b),!canary");
    }
}
