//! Theme parsing, resolution and errors.

use super::*;

#[test]
fn every_builtin_theme_parses_and_resolves() {
    for builtin in BUILTIN_THEMES {
        let theme = Theme::builtin(builtin.name).unwrap();
        for meaning in Meaning::ALL {
            // Every meaning must look like something: a color or a modifier.
            let style = theme.style(*meaning);
            assert!(
                style.fg.is_some() || style.bg.is_some() || !style.add_modifier.is_empty(),
                "{} leaves {} unstyled",
                builtin.name,
                meaning.name()
            );
        }
    }
}

#[test]
fn default_theme_reads_as_written() {
    let theme = Theme::builtin("default").unwrap();
    let focused = theme.style(Meaning::UiBorderFocused);
    assert_eq!(focused.fg, Some(Color::Rgb(0x5f, 0xaf, 0xd7)));
    assert!(focused.add_modifier.contains(Modifier::BOLD));
    assert_eq!(theme.style(Meaning::StatusUnknown).fg, Some(Color::Magenta));
}

#[test]
fn extends_overrides_palette_and_entries() {
    let light = Theme::builtin("light").unwrap();
    let default = Theme::builtin("default").unwrap();
    assert_eq!(
        light.style(Meaning::StatusRunning).fg,
        Some(Color::Rgb(0, 0x5f, 0))
    );
    // The entry comes from default, its color from light's palette.
    let focused = light.style(Meaning::UiBorderFocused);
    assert_eq!(focused.fg, Some(Color::Rgb(0, 0x5f, 0x87)));
    assert_eq!(
        focused.add_modifier,
        default.style(Meaning::UiBorderFocused).add_modifier
    );
    // An entry light writes itself.
    assert_eq!(
        light.style(Meaning::UiMatch).bg,
        Some(Color::Rgb(0xff, 0xd7, 0x5f))
    );
    // Entries that use no palette color stay as default has them.
    assert_eq!(light.style(Meaning::UiBase), default.style(Meaning::UiBase));
}

#[test]
fn palette_entries_may_name_each_other_and_shadow_color_names() {
    let yaml = "palette:\n  blue: '#268bd2'\n  accent: blue\n  red: red\n\
                styles:\n  ui.key: accent\n  ui.border: red\n  ui.footer: blue\n";
    let theme = Theme::from_user_yaml("mine.yaml", yaml).unwrap();
    let blue = Some(Color::Rgb(0x26, 0x8b, 0xd2));
    assert_eq!(theme.style(Meaning::UiKey).fg, blue);
    assert_eq!(theme.style(Meaning::UiFooter).fg, blue);
    assert_eq!(theme.style(Meaning::UiBorder).fg, Some(Color::Red));
    let err = Theme::from_user_yaml("mine.yaml", "palette:\n  accent: blu\n").unwrap_err();
    assert_eq!(
        err.to_string(),
        "mine.yaml: palette entry `accent`: unknown color `blu` (not a color name, #rrggbb, \
         0-255, or palette entry)"
    );
    let err = Theme::from_user_yaml("mine.yaml", "palette:\n  a: b\n  b: a\n").unwrap_err();
    assert!(err.to_string().contains("unknown color `a`"), "{err}");
}

#[test]
fn user_theme_overlays_only_what_it_names() {
    let user = "extends: default\nstyles:\n  status.failed: { fg: '#ff0000', underlined: true }\n";
    let theme = Theme::from_user_yaml("mine.yaml", user).unwrap();
    let failed = theme.style(Meaning::StatusFailed);
    assert_eq!(failed.fg, Some(Color::Rgb(255, 0, 0)));
    assert!(failed.add_modifier.contains(Modifier::UNDERLINED));
    let default = Theme::builtin("default").unwrap();
    assert_eq!(
        theme.style(Meaning::UiBorder),
        default.style(Meaning::UiBorder)
    );
}

#[test]
fn bad_colors_name_the_entry() {
    let err = Theme::from_user_yaml("mine.yaml", "styles:\n  ui.border: '#12345'\n").unwrap_err();
    let err = err.to_string();
    assert!(err.contains("mine.yaml"), "{err}");
    assert!(err.contains("bad color `#12345`"), "{err}");
    assert!(err.contains("line 2"), "{err}");

    let err = Theme::from_user_yaml("mine.yaml", "styles:\n  ui.border: blu\n").unwrap_err();
    let err = err.to_string();
    assert!(err.contains("ui.border: unknown color `blu`"), "{err}");
}

#[test]
fn unknown_entries_and_fields_are_errors() {
    let err = Theme::from_user_yaml("mine.yaml", "styles:\n  ui.boarder: red\n").unwrap_err();
    assert!(
        err.to_string().contains("unknown theme entry `ui.boarder`"),
        "{err}"
    );
    let err = Theme::from_user_yaml(
        "mine.yaml",
        "styles:\n  ui.border: { fg: red, blink: true }\n",
    )
    .unwrap_err();
    assert!(err.to_string().contains("unknown field `blink`"), "{err}");
    let err = Theme::from_user_yaml("mine.yaml", "colours: {}\n").unwrap_err();
    assert!(err.to_string().contains("unknown field `colours`"), "{err}");
    assert!(matches!(
        Theme::builtin("solarized"),
        Err(ConfigError::UnknownName { .. })
    ));
}

#[test]
fn no_color_keeps_modifiers_and_a_visible_selection() {
    let plain = Theme::builtin("default").unwrap().without_colors();
    for meaning in Meaning::ALL {
        assert_eq!(plain.style(*meaning).fg, None);
        assert_eq!(plain.style(*meaning).bg, None);
    }
    assert!(
        plain
            .style(Meaning::UiSelected)
            .add_modifier
            .contains(Modifier::REVERSED)
    );
    assert!(
        plain
            .style(Meaning::StatusFailed)
            .add_modifier
            .contains(Modifier::BOLD)
    );
}
