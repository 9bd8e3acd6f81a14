//! Folding: the matching form of a text, with a map back to the original.
//!
//! Lexicon names and patterns are matched against a folded copy of the text:
//! lowercase, diacritics removed, every quote, apostrophe and dash unified,
//! runs of whitespace collapsed to one space and invisible characters dropped.
//! Every folded byte remembers the original character it came from, so a
//! match in the folded text maps back to exact original bytes.

use crate::span::Span;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// A folded text and its map to the original.
#[derive(Debug, Clone, Default)]
pub struct Folded {
    text: String,
    /// For every folded byte: the original byte range of the char that produced it.
    origin: Vec<(u32, u32)>,
    /// For every folded byte: whether the producing original char was uppercase.
    upper: Vec<bool>,
    original_len: usize,
}

/// How one original character folds.
enum Fold {
    Skip,
    Space,
    One(char),
    Many,
}

fn classify(c: char) -> Fold {
    match c {
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' => Fold::Skip,
        c if c.is_whitespace() => Fold::Space,
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '`' | '\u{00B4}' | '\u{02BC}' => {
            Fold::One('\'')
        }
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{00AB}' | '\u{00BB}' | '\u{2033}' | '\u{301D}'
        | '\u{301E}' | '\u{FF02}' => Fold::One('"'),
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}' | '\u{2212}' | '\u{FE58}'
        | '\u{FE63}' | '\u{FF0D}' => Fold::One('-'),
        c if c.is_ascii() => Fold::One(c.to_ascii_lowercase()),
        _ => Fold::Many,
    }
}

/// ASCII whitespace as the folding sees it (`char::is_whitespace` on ASCII:
/// space, and `\t \n 0x0b 0x0c \r`, the bytes 9 to 13).
fn is_ascii_space(b: u8) -> bool {
    b == b' ' || b.wrapping_sub(b'\t') < 5
}

/// The folded byte of an ASCII byte: lowercase, a backtick is an apostrophe,
/// whitespace a space. Branch-free, so that a run folds in vector steps.
fn fold_ascii(b: u8) -> u8 {
    let lower = if b.is_ascii_uppercase() { b | 0x20 } else { b };
    let quoted = if b == b'`' { b'\'' } else { lower };
    if is_ascii_space(b) { b' ' } else { quoted }
}

/// Whether an ASCII run goes on over all of `block`, given the byte before it:
/// no non-ASCII byte, no whitespace right after whitespace. Branch-free, so
/// that a block is tested in vector steps.
fn plain_block(before: &[u8; 16], block: &[u8; 16]) -> bool {
    let mut stop = 0u8;
    for (&p, &c) in before.iter().zip(block) {
        stop |= (c >> 7) | u8::from(is_ascii_space(c) & is_ascii_space(p));
    }
    stop == 0
}

impl Folded {
    pub fn new(original: &str) -> Folded {
        let bytes = original.as_bytes();
        let mut text: Vec<u8> = Vec::with_capacity(original.len());
        let mut origin = Vec::with_capacity(original.len());
        let mut upper = Vec::with_capacity(original.len());
        let mut last_space = true;
        let push = |text: &mut Vec<u8>,
                    origin: &mut Vec<(u32, u32)>,
                    upper: &mut Vec<bool>,
                    ch: char,
                    range: (u32, u32),
                    up: bool| {
            let mut buf = [0u8; 4];
            let s = ch.encode_utf8(&mut buf);
            text.extend_from_slice(s.as_bytes());
            for _ in 0..s.len() {
                origin.push(range);
                upper.push(up);
            }
        };
        let mut i = 0;
        while i < bytes.len() {
            // ASCII, most of any text, folds byte for byte: a run of it up to a
            // whitespace that collapses into the one before (or opens the text)
            // or a non-ASCII char is copied in bulk, the same result as
            // `classify` gives byte by byte.
            let run_start = i;
            let mut space = last_space;
            if let Some(&b) = bytes.get(i) {
                // The first byte of a run is weighed against `last_space`, the
                // next ones against the byte before them, 16 at a time first.
                if b.is_ascii() && !(space && is_ascii_space(b)) {
                    i += 1;
                    while let (Some(before), Some(block)) = (bytes.get(i - 1..i + 15), bytes.get(i..i + 16)) {
                        let (Ok(before), Ok(block)) = (before.try_into(), block.try_into()) else { break };
                        if !plain_block(before, block) {
                            break;
                        }
                        i += 16;
                    }
                    space = is_ascii_space(bytes[i - 1]);
                }
            }
            while let Some(&b) = bytes.get(i) {
                if !b.is_ascii() {
                    break;
                }
                let s = is_ascii_space(b);
                if s && space {
                    break;
                }
                space = s;
                i += 1;
            }
            if i > run_start {
                let run = &bytes[run_start..i];
                text.extend(run.iter().map(|&b| fold_ascii(b)));
                origin.extend((run_start as u32..i as u32).map(|k| (k, k + 1)));
                upper.extend(run.iter().map(u8::is_ascii_uppercase));
                last_space = space;
            }
            let Some(&b) = bytes.get(i) else { break };
            if b.is_ascii() {
                // Whitespace after whitespace: dropped.
                i += 1;
                continue;
            }
            let Some(c) = original[i..].chars().next() else { break };
            let range = (i as u32, (i + c.len_utf8()) as u32);
            i += c.len_utf8();
            match classify(c) {
                Fold::Skip => {}
                Fold::Space => {
                    if !last_space {
                        push(&mut text, &mut origin, &mut upper, ' ', range, false);
                        last_space = true;
                    }
                }
                Fold::One(f) => {
                    push(&mut text, &mut origin, &mut upper, f, range, c.is_uppercase());
                    last_space = false;
                }
                Fold::Many => {
                    if c == '\u{2026}' {
                        for _ in 0..3 {
                            push(&mut text, &mut origin, &mut upper, '.', range, false);
                        }
                        last_space = false;
                        continue;
                    }
                    let up = c.is_uppercase();
                    let mut any = false;
                    for l in c.to_lowercase() {
                        for d in l.nfd().filter(|d| !is_combining_mark(*d)) {
                            push(&mut text, &mut origin, &mut upper, d, range, up);
                            any = true;
                        }
                    }
                    // A char made only of combining marks still occupies a byte in the map.
                    if any {
                        last_space = false;
                    }
                }
            }
        }
        // Only whole chars were written, so this cannot fail.
        let text = String::from_utf8(text).unwrap_or_else(|e| unreachable!("folded text is UTF-8: {e}"));
        Folded { text, origin, upper, original_len: original.len() }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn len(&self) -> usize {
        self.text.len()
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// The original span that the folded byte range `[start, end)` came from.
    pub fn original(&self, start: usize, end: usize) -> Span {
        if start >= self.origin.len() {
            return Span::new(self.original_len, self.original_len);
        }
        let s = self.origin[start].0 as usize;
        let e = if end == 0 { s } else { self.origin[(end - 1).min(self.origin.len() - 1)].1 as usize };
        Span::new(s, e.max(s))
    }

    /// Whether the original char behind folded byte `i` was uppercase.
    pub fn is_upper(&self, i: usize) -> bool {
        self.upper.get(i).copied().unwrap_or(false)
    }

    /// The folded byte offset of the first folded byte produced at or after
    /// original offset `orig`.
    pub fn folded_offset(&self, orig: usize) -> usize {
        self.origin.partition_point(|&(s, _)| (s as usize) < orig)
    }
}

/// The folded form of `s` alone: `Folded::new(s).as_str()` as an owned string,
/// for lexicon words and names that need no map back. A plain ASCII string (no
/// whitespace but single spaces between words, none leading) folds byte for
/// byte, lowercase and a backtick an apostrophe, exactly as `Folded::new`
/// folds such a run: that case skips building the offset maps.
pub fn fold_str(s: &str) -> String {
    // A space first counts as a space after a space: dropped by the folding.
    let mut space = true;
    let plain = s.bytes().all(|c| {
        let ok = c.is_ascii() && !(9..=13).contains(&c) && !(c == b' ' && space);
        space = c == b' ';
        ok
    });
    if !plain {
        return Folded::new(s).as_str().to_string();
    }
    let mut out = s.to_ascii_lowercase();
    if out.contains('`') {
        out = out.replace('`', "'");
    }
    debug_assert_eq!(out, Folded::new(s).as_str());
    out
}

/// Folds a lexicon name the way article text is folded, and returns which
/// folded bytes must be uppercase in the text (the name's own uppercase letters).
pub fn fold_pattern(name: &str) -> (String, Vec<bool>) {
    let folded = Folded::new(name.trim());
    let upper = folded.upper.clone();
    (folded.text, upper)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_quotes_dashes_and_spaces_keeping_offsets() {
        let text = "Russia\u{2019}s  \u{201C}T\u{fc}rkiye\u{201D} \u{2014} Elys\u{e9}e";
        let f = Folded::new(text);
        assert_eq!(f.as_str(), "russia's \"turkiye\" - elysee");
        let at = f.as_str().find("turkiye").unwrap();
        let span = f.original(at, at + "turkiye".len());
        assert_eq!(span.text(text), "T\u{fc}rkiye");
        assert!(f.is_upper(at));
        assert!(!f.is_upper(at + 1));
    }

    /// The folding rules applied char by char through `classify`, the plain
    /// form the byte-run path of `Folded::new` must agree with.
    fn reference(original: &str) -> Folded {
        let mut text = String::new();
        let mut origin = Vec::new();
        let mut upper = Vec::new();
        let mut last_space = true;
        let mut push = |ch: char, range: (u32, u32), up: bool| {
            let before = text.len();
            text.push(ch);
            for _ in before..text.len() {
                origin.push(range);
                upper.push(up);
            }
        };
        for (i, c) in original.char_indices() {
            let range = (i as u32, (i + c.len_utf8()) as u32);
            match classify(c) {
                Fold::Skip => {}
                Fold::Space => {
                    if !last_space {
                        push(' ', range, false);
                        last_space = true;
                    }
                }
                Fold::One(f) => {
                    push(f, range, c.is_uppercase());
                    last_space = false;
                }
                Fold::Many if c == '\u{2026}' => {
                    for _ in 0..3 {
                        push('.', range, false);
                    }
                    last_space = false;
                }
                Fold::Many => {
                    for d in c.to_lowercase().flat_map(|l| l.nfd()).filter(|d| !is_combining_mark(*d)) {
                        push(d, range, c.is_uppercase());
                        last_space = false;
                    }
                }
            }
        }
        Folded { text, origin, upper, original_len: original.len() }
    }

    fn assert_same(text: &str) {
        let fast = Folded::new(text);
        let slow = reference(text);
        assert_eq!(fast.text, slow.text, "{text:?}");
        assert_eq!(fast.origin, slow.origin, "{text:?}");
        assert_eq!(fast.upper, slow.upper, "{text:?}");
        assert_eq!(fast.original_len, slow.original_len, "{text:?}");
    }

    /// Pieces that fold in every way there is: ASCII and Unicode whitespace
    /// (runs, at the start and end), invisible chars, quotes, dashes, the
    /// ellipsis, uppercase with a longer lowercase, ligatures, combining marks,
    /// control chars, emoji, right-to-left text.
    #[rustfmt::skip]
    const PIECES: &[&str] = &[
        "a", "Z", "Moscow", "NATO", " ", "  ", "\t", "\n", "\r\n", "\u{0b}", "\u{0c}", "\u{1c}", "\u{1f}", "\u{7f}",
        "\0", "`", "``", "''", "'", "\"", "-", ".", "\u{a0}", "\u{2009}", "\u{3000}", "\u{2028}", "\u{85}",
        "\u{1680}", "\u{200b}", "\u{200d}", "\u{feff}", "\u{ad}", "\u{2060}", "\u{2018}", "\u{2019}", "\u{201c}",
        "\u{201d}", "\u{201e}", "\u{ab}", "\u{bb}", "\u{b4}", "\u{2bc}", "\u{2032}", "\u{2033}", "\u{301d}",
        "\u{ff02}", "\u{2013}", "\u{2014}", "\u{2212}", "\u{2026}", "\u{e9}", "\u{c9}", "e\u{301}", "\u{301}",
        "\u{308}\u{301}", "\u{130}", "\u{131}", "\u{df}", "\u{1e9e}", "\u{fb01}", "\u{fb03}", "\u{23a}", "\u{212a}",
        "\u{2126}", "\u{212b}", "\u{149}", "\u{1f0}", "\u{1c5}", "\u{1f08}", "\u{345}", "\u{41c}\u{41e}\u{421}",
        "\u{391}\u{3b8}", "\u{5e9}\u{5dc}\u{5d5}\u{5dd}", "\u{645}\u{631}", "\u{663}", "\u{ff21}", "\u{2160}",
        "\u{1f600}", "\u{1f1fa}\u{1f1f8}", "\u{fffd}", "\u{10ffff}",
    ];

    #[test]
    fn byte_runs_fold_like_char_by_char() {
        for a in PIECES {
            assert_same(a);
            for b in PIECES {
                assert_same(&format!("{a}{b}"));
                for c in [" ", "x", "\u{a0}", "\u{200b}", "\u{301}"] {
                    assert_same(&format!("{c}{a}{b}{c}"));
                    assert_same(&format!("{a}{c}{b}"));
                }
            }
        }
        // Inside long ASCII runs, at every offset of a 16-byte block.
        let long = "The Foreign Ministry said on Monday THAT talks\twould resume `soon' in GENEVA.";
        for a in PIECES.iter().chain(&["  ", " \t", "\n\n", "\r\n "]) {
            for at in 0..=long.len() {
                assert_same(&format!("{}{a}{}", &long[..at], &long[at..]));
                assert_same(&format!("{}{a}{}{a}", &long[..at], &long[at..]));
            }
        }
        assert_same("");
        assert_same(
            "  MOSCOW, Dec. 23 (TASS) \u{2014} Russia\u{2019}s  \u{201c}T\u{fc}rkiye\u{201d}\u{2026}\r\n\r\n\tDONE ",
        );
    }

    #[test]
    fn byte_runs_fold_like_char_by_char_on_random_text() {
        use proptest::prelude::*;
        use proptest::test_runner::{Config, TestRunner};
        let piece = prop_oneof![
            3 => proptest::sample::select(PIECES).prop_map(str::to_string),
            1 => any::<char>().prop_map(String::from),
            2 => "[ -~\t\n\r]{0,12}",
        ];
        let mut runner = TestRunner::new(Config { cases: 2000, failure_persistence: None, ..Config::default() });
        runner
            .run(&proptest::collection::vec(piece, 0..24), |parts| {
                let text = parts.concat();
                let fast = Folded::new(&text);
                let slow = reference(&text);
                prop_assert_eq!(&fast.text, &slow.text);
                prop_assert_eq!(&fast.origin, &slow.origin);
                prop_assert_eq!(&fast.upper, &slow.upper);
                Ok(())
            })
            .unwrap_or_else(|e| panic!("{e}"));
    }

    #[test]
    fn ellipsis_and_invisible_chars() {
        let text = "a\u{2026}b\u{200B}c";
        let f = Folded::new(text);
        assert_eq!(f.as_str(), "a...bc");
        assert_eq!(f.original(1, 4).text(text), "\u{2026}");
    }

    #[test]
    fn fold_str_is_folding() {
        for s in [
            "Foreign Minister",
            "Sergei",
            " Lead",
            "two  spaces",
            "tab\there",
            "O`Neil",
            "Lavrov ",
            "Škoda",
            "José Ramos-Horta",
            "",
            "Mc\u{00A0}Cain",
        ] {
            assert_eq!(fold_str(s), Folded::new(s).as_str(), "{s:?}");
        }
    }
}
