//! Which editor to run and how: `$KUBE_EDITOR`, `$VISUAL`, `$EDITOR` (the first one set), else
//! `vi`; the value split into a program and its arguments the way a shell splits words (quotes
//! and backslashes), but without running a shell.
//!
//! Owns choosing and splitting only. Must not run anything.

use std::fmt;

/// The editor program and the arguments before the file name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditorCommand {
    pub program: String,
    pub args: Vec<String>,
    /// The variable it came from (`vi` when none was set), for messages.
    pub source: &'static str,
}

/// The variables looked at, in order.
pub const VARIABLES: [&str; 3] = ["KUBE_EDITOR", "VISUAL", "EDITOR"];

/// Why an editor setting cannot be used; `Display` is what the user reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadEditor {
    pub variable: &'static str,
    pub reason: &'static str,
}

impl fmt::Display for BadEditor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "${} cannot be used as an editor: {}",
            self.variable, self.reason
        )
    }
}

impl std::error::Error for BadEditor {}

impl EditorCommand {
    /// The editor from the environment.
    pub fn from_env() -> Result<Self, BadEditor> {
        Self::choose(|name| std::env::var(name).ok())
    }

    /// The editor from the first of `VARIABLES` that `get` finds non-blank, else `vi`.
    pub fn choose(get: impl Fn(&str) -> Option<String>) -> Result<Self, BadEditor> {
        for variable in VARIABLES {
            let Some(value) = get(variable).filter(|v| !v.trim().is_empty()) else {
                continue;
            };
            let mut words = split(&value).map_err(|reason| BadEditor { variable, reason })?;
            let program = words.remove(0);
            return Ok(Self {
                program,
                args: words,
                source: variable,
            });
        }
        Ok(Self {
            program: "vi".to_owned(),
            args: Vec::new(),
            source: "vi",
        })
    }
}

/// Splits `line` into words as a POSIX shell would (without expanding anything): blanks
/// separate words; `'…'` is literal; `"…"` keeps blanks, and a backslash in it escapes only
/// `"`, `\`, `$` and a backquote; elsewhere a backslash escapes the next character.
pub fn split(line: &str) -> Result<Vec<String>, &'static str> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' | '\n' => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(c) => word.push(c),
                        None => return Err("a single quote is not closed"),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(c @ ('"' | '\\' | '$' | '`')) => word.push(c),
                            Some(c) => {
                                word.push('\\');
                                word.push(c);
                            }
                            None => return Err("a double quote is not closed"),
                        },
                        Some(c) => word.push(c),
                        None => return Err("a double quote is not closed"),
                    }
                }
            }
            '\\' => {
                in_word = true;
                match chars.next() {
                    Some(c) => word.push(c),
                    None => return Err("it ends with a lone backslash"),
                }
            }
            c => {
                in_word = true;
                word.push(c);
            }
        }
    }
    if in_word {
        words.push(word);
    }
    if words.is_empty() {
        return Err("it names no program");
    }
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_quotes_and_escapes() {
        assert_eq!(split("vim").unwrap(), ["vim"]);
        assert_eq!(split("  code   --wait ").unwrap(), ["code", "--wait"]);
        assert_eq!(
            split(r#""/Applications/Sublime Text/subl" -w"#).unwrap(),
            ["/Applications/Sublime Text/subl", "-w"]
        );
        assert_eq!(
            split("emacs -nw '+set ft=yaml'").unwrap(),
            ["emacs", "-nw", "+set ft=yaml"]
        );
        assert_eq!(split(r"my\ editor a\\b").unwrap(), ["my editor", r"a\b"]);
        assert_eq!(split(r#""a \"b\" \n""#).unwrap(), [r#"a "b" \n"#]);
        assert_eq!(
            split("x ''").unwrap(),
            ["x", ""],
            "an empty quoted word is a word"
        );
        assert_eq!(
            split("nano; rm -rf /").unwrap(),
            ["nano;", "rm", "-rf", "/"],
            "no shell"
        );
    }

    #[test]
    fn broken_settings_are_refused() {
        assert!(split("'vim").is_err());
        assert!(split("\"vim").is_err());
        assert!(split("vim\\").is_err());
        assert!(split("   ").is_err());
    }

    #[test]
    fn the_first_variable_set_wins_then_vi() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| (*v).to_owned())
            }
        };
        let cmd = EditorCommand::choose(env(&[("EDITOR", "nano"), ("VISUAL", "code --wait")]));
        assert_eq!(
            cmd.unwrap(),
            EditorCommand {
                program: "code".into(),
                args: vec!["--wait".into()],
                source: "VISUAL"
            }
        );
        let cmd = EditorCommand::choose(env(&[("KUBE_EDITOR", "hx"), ("EDITOR", "nano")])).unwrap();
        assert_eq!((cmd.program.as_str(), cmd.source), ("hx", "KUBE_EDITOR"));
        let cmd = EditorCommand::choose(env(&[("KUBE_EDITOR", " "), ("EDITOR", "nano")])).unwrap();
        assert_eq!(cmd.program, "nano", "blank values are skipped");
        assert_eq!(EditorCommand::choose(env(&[])).unwrap().program, "vi");
        let err = EditorCommand::choose(env(&[("EDITOR", "'vim")])).unwrap_err();
        assert_eq!(
            err.to_string(),
            "$EDITOR cannot be used as an editor: a single quote is not closed"
        );
    }
}
