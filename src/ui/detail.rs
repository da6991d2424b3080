//! The YAML and describe views: the object's text over the dashboard's body, highlighted by
//! class (keys, strings, numbers, comments) with search matches marked, and a title saying what
//! is hidden and where the search stands.
//!
//! Owns these views' look and their footer hints. Must not mutate state.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph, Widget, Wrap};

use super::footer::labelled_hints;
use super::text::thousands;
use crate::config::{Action, Keymap, Meaning, Section, Theme};
use crate::manifest::highlight::{Class, Token};
use crate::sanitize::sanitize;
use crate::state::{DetailContent, DetailMode, DetailView};

pub fn draw_detail(buf: &mut Buffer, area: Rect, view: &DetailView, theme: &Theme) {
    let block = Block::bordered()
        .border_type(BorderType::Thick)
        .border_style(theme.style(Meaning::UiBorderFocused))
        .title(title(view))
        .title_bottom(Line::from(position(view, area)).alignment(Alignment::Right));
    let inner = block.inner(area);
    block.render(area, buf);
    let message = match &view.content {
        DetailContent::Loading => Some(("loading…".to_owned(), Meaning::PaneLoading)),
        DetailContent::Failed(message) => Some((
            format!("error: {}", sanitize(message)),
            Meaning::PaneForbidden,
        )),
        DetailContent::Loaded { .. } => None,
    };
    if let Some((text, meaning)) = message {
        Paragraph::new(text)
            .style(theme.style(meaning))
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true })
            .render(
                Rect::new(inner.x, inner.y + inner.height / 2, inner.width, 3).intersection(inner),
                buf,
            );
        return;
    }
    let query = view.search.as_deref().unwrap_or_default();
    let current = view
        .current_match
        .and_then(|i| view.matches.get(i))
        .copied();
    for (row, index) in (view.scroll..view.lines.len())
        .take(usize::from(inner.height))
        .enumerate()
    {
        let y = inner.y + row as u16;
        let tokens = view.tokens.get(index).map_or(&[][..], Vec::as_slice);
        let mut line = styled_line(&view.lines[index], tokens, query, theme);
        if current == Some(index) {
            line = line.patch_style(theme.style(Meaning::UiSelected));
        }
        line.render(
            Rect::new(inner.x + 1, y, inner.width.saturating_sub(1), 1),
            buf,
        );
    }
}

fn title(view: &DetailView) -> String {
    let what = match view.mode {
        DetailMode::Yaml(_) => "YAML",
        DetailMode::Describe => "Describe",
    };
    let kind = view.kind.plural().trim_end_matches('s');
    let mut parts = vec![format!(
        "{what} · {kind} {}",
        sanitize(&view.key.to_string())
    )];
    if let DetailMode::Yaml(options) = view.mode {
        if !options.show_managed_fields {
            parts.push("managedFields hidden".to_owned());
        }
        if view.is_secret() {
            parts.push(if options.reveal_secrets {
                "secret values shown".to_owned()
            } else {
                "secret values masked".to_owned()
            });
        }
    }
    if view.mode == DetailMode::Describe {
        parts.push("live".to_owned());
    }
    if let Some(query) = view.search.as_deref() {
        let found = match view.current_match {
            Some(i) => format!("{}/{}", i + 1, view.matches.len()),
            None => view.matches.len().to_string(),
        };
        parts.push(format!("/{} {found}", sanitize(query)));
    }
    format!(" {} ", parts.join(" · "))
}

/// " 41-76 of 212 " at the bottom right.
fn position(view: &DetailView, area: Rect) -> String {
    if view.lines.is_empty() {
        return String::new();
    }
    let rows = usize::from(area.height.saturating_sub(2));
    let last = (view.scroll + rows).min(view.lines.len());
    format!(
        " {}-{} of {} ",
        view.scroll + 1,
        last,
        thousands(view.lines.len())
    )
}

fn class_style(theme: &Theme, class: Class) -> Style {
    theme.style(match class {
        Class::Key => Meaning::YamlKey,
        Class::String => Meaning::YamlString,
        Class::Number => Meaning::YamlNumber,
        Class::Comment => Meaning::YamlComment,
        Class::Punctuation => Meaning::UiBorder,
    })
}

/// The line in spans: each class in its style, search matches over them, all sanitized.
pub fn styled_line(line: &str, tokens: &[Token], query: &str, theme: &Theme) -> Line<'static> {
    let mut styles: Vec<Style> = vec![Style::default(); line.len()];
    for t in tokens {
        let end = t.end.min(line.len());
        for s in styles.iter_mut().take(end).skip(t.start) {
            *s = class_style(theme, t.class);
        }
    }
    if !query.is_empty() {
        let lower = line.to_ascii_lowercase();
        let query = query.to_ascii_lowercase();
        let matched = theme.style(Meaning::UiMatch);
        let mut from = 0;
        while let Some(i) = lower[from..].find(&query) {
            let start = from + i;
            for s in &mut styles[start..start + query.len()] {
                *s = s.patch(matched);
            }
            from = start + query.len().max(1);
        }
    }
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut run = String::new();
    let mut run_style = None;
    for (i, c) in line.char_indices() {
        let style = styles[i];
        if run_style != Some(style) {
            if let Some(s) = run_style {
                spans.push(Span::styled(sanitize(&run).into_owned(), s));
            }
            run.clear();
            run_style = Some(style);
        }
        run.push(c);
    }
    if let Some(s) = run_style {
        spans.push(Span::styled(sanitize(&run).into_owned(), s));
    }
    Line::from(spans)
}

/// The keys of the view, in the footer.
pub fn draw_detail_footer(
    buf: &mut Buffer,
    area: Rect,
    view: &DetailView,
    theme: &Theme,
    keymap: &Keymap,
) {
    let mut items: Vec<(Action, &str)> = vec![
        (Action::Search, "search"),
        (Action::SearchNext, "next"),
        (Action::Edit, "edit"),
    ];
    match view.mode {
        DetailMode::Yaml(options) => {
            items.push((
                Action::ToggleManagedFields,
                if options.show_managed_fields {
                    "hide managedFields"
                } else {
                    "managedFields"
                },
            ));
            if view.is_secret() {
                items.push((
                    Action::ToggleSecrets,
                    if options.reveal_secrets {
                        "mask"
                    } else {
                        "reveal"
                    },
                ));
            }
            items.push((Action::Describe, "describe"));
        }
        DetailMode::Describe => items.push((Action::Yaml, "yaml")),
    }
    items.extend([
        (Action::Copy, "copy"),
        (Action::Save, "save"),
        (Action::Back, "back"),
        (Action::Help, "help"),
    ]);
    buf.set_style(area, theme.style(Meaning::UiFooter));
    let sections = [view.section(), Section::Global];
    labelled_hints(&items, &sections, usize::from(area.width), theme, keymap).render(area, buf);
}
