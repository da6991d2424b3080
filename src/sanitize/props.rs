//! Property tests of the sanitizer over seeded random text made of the characters that cause
//! trouble (controls, escapes, bidi controls, joiners, selectors, modifiers, wide and combining
//! characters) mixed with plain text and arbitrary code points.

use unicode_segmentation::UnicodeSegmentation as _;
use unicode_width::UnicodeWidthStr;

use super::tests::laid_out_width;
use super::*;
use crate::testing::Rng;

const CASES: usize = 4000;

const TROUBLE: &[char] = &[
    '\u{0}',
    '\u{7}',
    '\u{8}',
    '\t',
    '\n',
    '\r',
    '\u{1b}',
    '[',
    ']',
    ';',
    '\\',
    '\u{7f}',
    '\u{85}',
    '\u{9b}',
    '\u{9c}',
    '\u{9d}',
    '\u{ad}',
    '\u{301}',
    '\u{34f}',
    '\u{600}',
    '\u{61c}',
    '\u{644}',
    '\u{627}',
    '\u{5d0}',
    '\u{93e}',
    '\u{d4e}',
    '\u{1100}',
    '\u{1161}',
    '\u{11a8}',
    '\u{200b}',
    '\u{200c}',
    '\u{200d}',
    '\u{200e}',
    '\u{200f}',
    '\u{2028}',
    '\u{202a}',
    '\u{202e}',
    '\u{2066}',
    '\u{2069}',
    '\u{20e3}',
    '\u{2764}',
    '\u{263a}',
    '\u{3099}',
    '\u{3164}',
    '\u{fe0e}',
    '\u{fe0f}',
    '\u{feff}',
    '\u{ff76}',
    '\u{ff9e}',
    '\u{1f1fa}',
    '\u{1f1f8}',
    '\u{1f3fd}',
    '\u{1f44d}',
    '\u{1f468}',
    '\u{1f469}',
    '\u{1f680}',
    '\u{e0041}',
    '\u{e007f}',
    '\u{e0100}',
    '日',
    'é',
    'a',
    '1',
    ' ',
];

fn random_text(rng: &mut Rng) -> String {
    let len = rng.below(24);
    (0..len)
        .map(|_| match rng.below(10) {
            0 => char::from_u32(rng.below(0x11_0000) as u32).unwrap_or('?'),
            1 => char::from_u32(rng.below(0x3000) as u32).unwrap_or('?'),
            _ => *rng.pick(TROUBLE),
        })
        .collect()
}

/// Checks every property on one input; the message names the input.
fn check(input: &str) {
    let out = sanitize(input);
    assert!(
        !out.chars().any(needs_escape),
        "{input:?} -> {out:?} keeps a control, bidi or invisible character"
    );
    assert!(
        !out.contains(['\u{1b}', '\u{7f}']),
        "{input:?} -> {out:?} keeps ESC or DEL"
    );
    assert!(
        matches!(sanitize(&out), Cow::Borrowed(again) if again == out),
        "{input:?} -> {out:?}: sanitizing again changes it"
    );
    let clusters: usize = out.graphemes(true).map(UnicodeWidthStr::width).sum();
    assert_eq!(
        display_width(&out),
        clusters,
        "{input:?} -> {out:?}: clusters and characters disagree"
    );
    assert_eq!(
        display_width(&out),
        laid_out_width(&out),
        "{input:?} -> {out:?}: the cell layout disagrees"
    );
}

#[test]
fn random_hostile_text_comes_out_safe_idempotent_and_measurable() {
    let mut rng = Rng::new(0x5eed_0010);
    for _ in 0..CASES {
        check(&random_text(&mut rng));
    }
}

#[test]
fn every_single_character_comes_out_safe_and_measurable() {
    for c in (0..=0x10_ffffu32).filter_map(char::from_u32) {
        let s = c.to_string();
        let out = sanitize(&s);
        assert!(!out.chars().any(needs_escape), "{c:?}");
        assert!(out.graphemes(true).all(layout::agrees), "{c:?} -> {out:?}");
        if let Cow::Borrowed(_) = out {
            assert!(layout::agrees(&s), "{c:?} left alone but ambiguous");
        }
    }
}

#[test]
fn plain_characters_never_join_their_neighbours() {
    let mut rng = Rng::new(7);
    let plain: Vec<char> = (0..0x1_0000u32)
        .filter_map(char::from_u32)
        .filter(|&c| is_plain(c))
        .collect();
    for _ in 0..CASES {
        let s: String = (0..8).map(|_| *rng.pick(&plain)).collect();
        assert_eq!(s.graphemes(true).count(), 8, "{s:?}");
        check(&s);
    }
}
