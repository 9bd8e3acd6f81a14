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

impl Folded {
    pub fn new(original: &str) -> Folded {
        let mut text = String::with_capacity(original.len());
        let mut origin = Vec::with_capacity(original.len());
        let mut upper = Vec::with_capacity(original.len());
        let mut last_space = true;
        let push = |text: &mut String,
                    origin: &mut Vec<(u32, u32)>,
                    upper: &mut Vec<bool>,
                    ch: char,
                    range: (u32, u32),
                    up: bool| {
            let before = text.len();
            text.push(ch);
            for _ in before..text.len() {
                origin.push(range);
                upper.push(up);
            }
        };
        for (i, c) in original.char_indices() {
            // ASCII, most of any text, folds byte for byte: the same result as
            // `classify` gives it, without the general path's checks.
            if c.is_ascii() {
                let b = c as u8;
                let range = (i as u32, i as u32 + 1);
                if matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c) {
                    if !last_space {
                        text.push(' ');
                        origin.push(range);
                        upper.push(false);
                        last_space = true;
                    }
                } else {
                    text.push(if b == b'`' { '\'' } else { char::from(b.to_ascii_lowercase()) });
                    origin.push(range);
                    upper.push(b.is_ascii_uppercase());
                    last_space = false;
                }
                continue;
            }
            let range = (i as u32, (i + c.len_utf8()) as u32);
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

    #[test]
    fn ellipsis_and_invisible_chars() {
        let text = "a\u{2026}b\u{200B}c";
        let f = Folded::new(text);
        assert_eq!(f.as_str(), "a...bc");
        assert_eq!(f.original(1, 4).text(text), "\u{2026}");
    }
}
