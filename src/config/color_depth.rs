//! How many colors the terminal can show, and themes mapped down to them: 24-bit colors become
//! the nearest of the 256-color palette or of the 16 ANSI colors.
//!
//! Owns detection from `COLORTERM`/`TERM` (handed in, not read here) and the nearest-color
//! mapping. Must not decide what a color means.

use ratatui::style::Color;

use super::settings::ColorMode;
use super::theme::Theme;

/// The colors a terminal shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorDepth {
    TrueColor,
    Indexed256,
    Ansi16,
    /// `NO_COLOR` or `colors: none`: modifiers only.
    Monochrome,
}

impl ColorDepth {
    /// What the terminal says it can do: `COLORTERM=truecolor|24bit` is 24-bit; a `TERM` with
    /// `256color` (or `direct`) is 256; anything else gets the 16 colors every terminal has.
    pub fn detect(colorterm: Option<&str>, term: Option<&str>) -> Self {
        let colorterm = colorterm.unwrap_or_default().to_ascii_lowercase();
        let term = term.unwrap_or_default().to_ascii_lowercase();
        if colorterm == "truecolor" || colorterm == "24bit" || term.ends_with("-direct") {
            Self::TrueColor
        } else if term.contains("256color") {
            Self::Indexed256
        } else {
            Self::Ansi16
        }
    }

    /// The depth a `colors:` setting asks for, with `Auto` meaning `detected`.
    pub fn from_mode(mode: ColorMode, detected: Self) -> Self {
        match mode {
            ColorMode::Auto => detected,
            ColorMode::TrueColor => Self::TrueColor,
            ColorMode::Indexed256 => Self::Indexed256,
            ColorMode::Ansi16 => Self::Ansi16,
            ColorMode::None => Self::Monochrome,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::TrueColor => "truecolor",
            Self::Indexed256 => "256",
            Self::Ansi16 => "16",
            Self::Monochrome => "none",
        }
    }

    /// `theme` as this terminal can show it.
    pub fn apply(self, theme: &Theme) -> Theme {
        match self {
            Self::TrueColor => theme.clone(),
            Self::Indexed256 => theme.map_colors(to_256),
            Self::Ansi16 => theme.map_colors(to_16),
            Self::Monochrome => theme.without_colors(),
        }
    }
}

/// The six levels of each channel in the 6×6×6 cube of the 256-color palette.
const CUBE: [u8; 6] = [0, 0x5f, 0x87, 0xaf, 0xd7, 0xff];

/// The 16 ANSI colors as xterm draws them by default.
const ANSI: [(Color, [u8; 3]); 16] = [
    (Color::Black, [0, 0, 0]),
    (Color::Red, [0xcd, 0, 0]),
    (Color::Green, [0, 0xcd, 0]),
    (Color::Yellow, [0xcd, 0xcd, 0]),
    (Color::Blue, [0, 0, 0xee]),
    (Color::Magenta, [0xcd, 0, 0xcd]),
    (Color::Cyan, [0, 0xcd, 0xcd]),
    (Color::Gray, [0xe5, 0xe5, 0xe5]),
    (Color::DarkGray, [0x7f, 0x7f, 0x7f]),
    (Color::LightRed, [0xff, 0, 0]),
    (Color::LightGreen, [0, 0xff, 0]),
    (Color::LightYellow, [0xff, 0xff, 0]),
    (Color::LightBlue, [0x5c, 0x5c, 0xff]),
    (Color::LightMagenta, [0xff, 0, 0xff]),
    (Color::LightCyan, [0, 0xff, 0xff]),
    (Color::White, [0xff, 0xff, 0xff]),
];

fn distance(a: [u8; 3], b: [u8; 3]) -> u32 {
    // Weighted for the eye's sensitivity (green most, blue least): cheap and good enough.
    let d = |i: usize, w: u32| {
        let x = u32::from(a[i].abs_diff(b[i]));
        w * x * x
    };
    d(0, 3) + d(1, 4) + d(2, 2)
}

/// The RGB value of a 256-color index.
fn rgb_of_index(index: u8) -> [u8; 3] {
    match index {
        0..=15 => ANSI[usize::from(index)].1,
        16..=231 => {
            let i = index - 16;
            [
                CUBE[usize::from(i / 36)],
                CUBE[usize::from(i / 6 % 6)],
                CUBE[usize::from(i % 6)],
            ]
        }
        _ => {
            let level = 8 + (index - 232) * 10;
            [level, level, level]
        }
    }
}

/// The nearest 256-color index to an RGB value (cube or gray ramp, never the 16 colors whose
/// look the user's terminal may have changed).
fn nearest_256(rgb: [u8; 3]) -> u8 {
    let cube_level = |v: u8| -> u8 {
        (0..6u8)
            .min_by_key(|&i| CUBE[usize::from(i)].abs_diff(v))
            .unwrap_or(0)
    };
    let cube = 16 + 36 * cube_level(rgb[0]) + 6 * cube_level(rgb[1]) + cube_level(rgb[2]);
    let average = (u16::from(rgb[0]) + u16::from(rgb[1]) + u16::from(rgb[2])) / 3;
    let gray = 232 + ((average.saturating_sub(3)) / 10).min(23) as u8;
    if distance(rgb_of_index(gray), rgb) < distance(rgb_of_index(cube), rgb) {
        gray
    } else {
        cube
    }
}

fn nearest_16(rgb: [u8; 3]) -> Color {
    ANSI.iter()
        .min_by_key(|(_, c)| distance(*c, rgb))
        .map_or(Color::Reset, |(color, _)| *color)
}

fn to_256(color: Color) -> Color {
    match color {
        Color::Rgb(r, g, b) => Color::Indexed(nearest_256([r, g, b])),
        other => other,
    }
}

fn to_16(color: Color) -> Color {
    match color {
        Color::Rgb(r, g, b) => nearest_16([r, g, b]),
        Color::Indexed(i) if i < 16 => ANSI[usize::from(i)].0,
        Color::Indexed(i) => nearest_16(rgb_of_index(i)),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Meaning;

    #[test]
    fn detection_follows_colorterm_then_term() {
        let d = ColorDepth::detect;
        assert_eq!(
            d(Some("truecolor"), Some("xterm-256color")),
            ColorDepth::TrueColor
        );
        assert_eq!(d(Some("24bit"), None), ColorDepth::TrueColor);
        assert_eq!(d(None, Some("xterm-direct")), ColorDepth::TrueColor);
        assert_eq!(d(None, Some("tmux-256color")), ColorDepth::Indexed256);
        assert_eq!(d(Some(""), Some("xterm")), ColorDepth::Ansi16);
        assert_eq!(d(None, None), ColorDepth::Ansi16);
        assert_eq!(
            ColorDepth::from_mode(ColorMode::Ansi16, ColorDepth::TrueColor),
            ColorDepth::Ansi16
        );
        assert_eq!(
            ColorDepth::from_mode(ColorMode::Auto, ColorDepth::Indexed256),
            ColorDepth::Indexed256
        );
    }

    #[test]
    fn colors_map_to_their_nearest() {
        assert_eq!(to_256(Color::Rgb(0x5f, 0xaf, 0xd7)), Color::Indexed(74));
        assert_eq!(to_256(Color::Rgb(0xff, 0, 0)), Color::Indexed(196));
        assert_eq!(to_256(Color::Rgb(0x30, 0x30, 0x30)), Color::Indexed(236));
        assert_eq!(to_256(Color::Cyan), Color::Cyan, "named colors stay");
        assert_eq!(to_16(Color::Rgb(0xff, 0x55, 0x55)), Color::LightRed);
        assert_eq!(to_16(Color::Rgb(0x28, 0x2a, 0x36)), Color::Black);
        assert_eq!(to_16(Color::Rgb(0xf8, 0xf8, 0xf2)), Color::White);
        assert_eq!(to_16(Color::Indexed(196)), Color::LightRed);
        assert_eq!(to_16(Color::Indexed(4)), Color::Blue);
        for i in 0..=255u8 {
            // Every index maps onto itself in the 256 palette (cube and ramp only).
            if i >= 16 {
                let [r, g, b] = rgb_of_index(i);
                assert_eq!(rgb_of_index(nearest_256([r, g, b])), [r, g, b], "index {i}");
            }
        }
    }

    #[test]
    fn themes_lose_only_what_the_terminal_cannot_show() {
        let theme = Theme::builtin("dracula").unwrap();
        let failed = theme.style(Meaning::StatusFailed);
        assert_eq!(ColorDepth::TrueColor.apply(&theme), theme);
        let indexed = ColorDepth::Indexed256
            .apply(&theme)
            .style(Meaning::StatusFailed);
        assert!(matches!(indexed.fg, Some(Color::Indexed(_))), "{indexed:?}");
        assert_eq!(indexed.add_modifier, failed.add_modifier);
        let ansi = ColorDepth::Ansi16.apply(&theme);
        for meaning in Meaning::ALL {
            let style = ansi.style(*meaning);
            for color in [style.fg, style.bg].into_iter().flatten() {
                assert!(
                    !matches!(color, Color::Rgb(..) | Color::Indexed(_)),
                    "{} keeps {color:?}",
                    meaning.name()
                );
            }
        }
        let mono = ColorDepth::Monochrome
            .apply(&theme)
            .style(Meaning::UiSelected);
        assert_eq!((mono.fg, mono.bg), (None, None));
    }
}
