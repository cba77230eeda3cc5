//! The two colour themes as tables of explicit colours, and the WCAG 2 contrast ratio that
//! `tests/reader_look.rs` holds every text style to (≥ 4.5 against the theme's background and
//! against the cursor row's tint).
//!
//! The terminal's own background is not painted: each theme states the background it assumes
//! (a dark one, a light one), and every colour of text is chosen against it. Nothing is drawn
//! with the DIM attribute: text without counterpart is drawn in a quieter colour that still
//! reads (contrast ≥ 4.5), and the gutter's `<`/`>` tells it apart.

use super::state::Theme;

/// An sRGB colour.
pub type Rgb = (u8, u8, u8);

/// A theme's colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Palette {
    /// The terminal background the theme assumes (not painted).
    pub background: Rgb,
    /// Shared text, titles, help text.
    pub text: Rgb,
    /// Quieter text that must still be read: text without counterpart, column headers,
    /// paragraph numbers, the gutter, hints, legends.
    pub quiet: Rgb,
    /// Left words not in the right (also struck through).
    pub deleted: Rgb,
    /// Right words not in the left (also bold).
    pub inserted: Rgb,
    /// Spelling variants (also underlined).
    pub variant: Rgb,
    /// Scores, headings, borders, keys in hints and help.
    pub accent: Rgb,
    /// Error messages.
    pub error: Rgb,
    /// A mark's sign and label.
    pub marked: Rgb,
    /// The background tint of the cursor row and the status bar.
    pub cursor_bg: Rgb,
    /// The coverage strip's sources: text colour on a background colour, one per source.
    pub strip: [(Rgb, Rgb); 6],
}

/// The dark theme: light text on a dark background (assumed #1e1e1e).
pub const DARK: Palette = Palette {
    background: (0x1e, 0x1e, 0x1e),
    text: (0xdc, 0xdc, 0xdc),
    quiet: (0xa8, 0xa8, 0xa8),
    deleted: (0xff, 0x87, 0x87),
    inserted: (0x87, 0xe0, 0x87),
    variant: (0xe8, 0xc8, 0x5a),
    accent: (0x6c, 0xcf, 0xf0),
    error: (0xff, 0x87, 0x87),
    marked: (0x87, 0xe0, 0x87),
    cursor_bg: (0x3a, 0x3a, 0x52),
    strip: [
        ((0, 0, 0), (0x6c, 0xcf, 0xf0)),
        ((0, 0, 0), (0xe0, 0x9c, 0xe8)),
        ((0, 0, 0), (0xe8, 0xc8, 0x5a)),
        ((0, 0, 0), (0x87, 0xe0, 0x87)),
        ((0, 0, 0), (0x9c, 0xb4, 0xff)),
        ((0, 0, 0), (0xff, 0x9c, 0x9c)),
    ],
};

/// The light theme: dark text on a light background (assumed #fafafa).
pub const LIGHT: Palette = Palette {
    background: (0xfa, 0xfa, 0xfa),
    text: (0x1c, 0x1c, 0x1c),
    quiet: (0x55, 0x55, 0x55),
    deleted: (0xb0, 0x00, 0x00),
    inserted: (0x00, 0x6e, 0x00),
    variant: (0x85, 0x4d, 0x00),
    accent: (0x00, 0x55, 0x99),
    error: (0xb0, 0x00, 0x00),
    marked: (0x00, 0x6e, 0x00),
    cursor_bg: (0xdc, 0xe0, 0xf0),
    strip: [
        ((0, 0, 0), (0x9a, 0xdc, 0xf0)),
        ((0, 0, 0), (0xe8, 0xb4, 0xf0)),
        ((0, 0, 0), (0xf0, 0xd8, 0x78)),
        ((0, 0, 0), (0xa8, 0xe6, 0xa8)),
        ((0, 0, 0), (0xb8, 0xc8, 0xff)),
        ((0, 0, 0), (0xff, 0xb4, 0xb4)),
    ],
};

impl Palette {
    pub fn of(theme: Theme) -> &'static Palette {
        match theme {
            Theme::Dark => &DARK,
            Theme::Light => &LIGHT,
        }
    }
}

/// Relative luminance of an sRGB colour (WCAG 2).
pub fn luminance((r, g, b): Rgb) -> f64 {
    let lin = |c: u8| {
        let c = c as f64 / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
}

/// WCAG 2 contrast ratio of two colours, from 1 to 21.
pub fn contrast(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}
