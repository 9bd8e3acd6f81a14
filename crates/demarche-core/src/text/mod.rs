//! The text stage: folding, tokens, paragraphs, quote marks, sentences.
//!
//! It rewrites nothing: every span points into the original article bytes.
//! What it does not do: find speakers (that needs actors, see
//! [`crate::speech`]) or decide what a quote means.
//!
//! ```
//! use demarche_core::text::Text;
//! let text = "MOSCOW, December 23. /TASS/. Gen. Ivanov spoke. \u{201C}We act.\u{201D}";
//! let t = Text::analyze(text, &demarche_core::text::FnHints(|w| w == "said", |_| false));
//! let sentences: Vec<&str> = t.sentences.iter().map(|s| s.span.text(text)).collect();
//! assert_eq!(sentences, ["MOSCOW, December 23. /TASS/. Gen. Ivanov spoke.", "\u{201C}We act.\u{201D}"]);
//! ```

pub mod fold;
pub mod paragraphs;
pub mod quotes;
pub mod sentences;
pub mod tokens;

use crate::span::Span;
pub use fold::{Folded, fold_str};
pub use quotes::{MarkRole, QuoteSpan};
use regex::Regex;
use serde::Serialize;
use std::ops::Range;
use std::sync::LazyLock;
pub use tokens::{MarkShape, Token, TokenKind};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Paragraph {
    pub span: Span,
    pub tokens: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sentence {
    pub index: usize,
    pub span: Span,
    pub tokens: Range<usize>,
    pub paragraph: usize,
}

/// What the text stage may ask the lexicons about single folded words.
pub trait Hints {
    /// A reporting verb: "said", "concluded".
    fn is_speech(&self, word: &str) -> bool;
    /// The first word of a title, agent or institution: "army", "president".
    fn is_name_head(&self, word: &str) -> bool;
}

/// Hints from two closures, for tests and tools without lexicons.
pub struct FnHints<S: Fn(&str) -> bool, N: Fn(&str) -> bool>(pub S, pub N);

impl<S: Fn(&str) -> bool, N: Fn(&str) -> bool> std::fmt::Debug for FnHints<S, N> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FnHints")
    }
}

impl<S: Fn(&str) -> bool, N: Fn(&str) -> bool> Hints for FnHints<S, N> {
    fn is_speech(&self, word: &str) -> bool {
        (self.0)(word)
    }
    fn is_name_head(&self, word: &str) -> bool {
        (self.1)(word)
    }
}

/// A text as the later stages read it.
#[derive(Debug, Clone)]
pub struct Text {
    pub folded: Folded,
    pub tokens: Vec<Token>,
    pub paragraphs: Vec<Paragraph>,
    pub sentences: Vec<Sentence>,
    /// The role of every token that is a quote mark (`None` for other tokens).
    pub marks: Vec<MarkRole>,
    pub quotes: Vec<QuoteSpan>,
    /// "MOSCOW, December 23. /TASS/." at the head of the first paragraph.
    pub dateline: Option<Span>,
}

const DATE_RE: &str =
    r"(?:,?[\x20](?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?[\x20]\d{1,2}(?:,[\x20]\d{4})?)";
const AGENCY_RE: &str = r"(?:\.?[\x20]?/[A-Za-z\-]+/\.?|[\x20]?\([A-Za-z\-.\x20]+\))";
const DASH_RE: &str = r"(?:[\x20]?(?:--|[-–—]))";

static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    let city =
        r"[A-Z][A-Z'’.\-]{2,}(?:[\x20][A-Z][A-Z'’.\-]+){0,3}(?:,[\x20][A-Z][A-Za-z.]+(?:[\x20][A-Z][A-Za-z.]+){0,2})?";
    let pattern = format!(
        "^{city}(?:(?P<date>{DATE_RE})(?P<agency>{AGENCY_RE})?(?P<dash>{DASH_RE})?|{AGENCY_RE}{DASH_RE}?|{DASH_RE})"
    );
    Regex::new(&pattern).unwrap_or_else(|e| unreachable!("dateline pattern: {e}"))
});

/// The byte length of the dateline at the start of a paragraph, if it has one:
/// "MOSCOW, December 23. /TASS/.", "KYIV, Dec 23 (Reuters) -", "WASHINGTON (AP) —".
/// Whether `word` is one of `list`: what `list.contains(&word)` answers, for the
/// closed word lists the stages ask about nearly every token. Most entries differ
/// from the word in length or first byte, which is tested inline before the call
/// that compares bytes.
pub fn among(list: &[&str], word: &str) -> bool {
    let (n, first) = (word.len(), word.as_bytes().first());
    list.iter().any(|x| x.len() == n && x.as_bytes().first() == first && *x == word)
}

pub fn dateline(paragraph: &str) -> Option<usize> {
    // The pattern opens with an uppercase ASCII letter and two more of
    // [A-Z'’.\-]: most paragraphs fail here, without running it.
    let b = paragraph.as_bytes();
    let city = b.first().is_some_and(u8::is_ascii_uppercase)
        && b.get(1).is_some_and(|&x| x.is_ascii_uppercase() || matches!(x, b'\'' | b'.' | b'-' | 0xE2));
    if !city {
        return None;
    }
    let end = DATELINE.find(paragraph)?.end();
    // A match made of the city and the date alone (no agency, no dash) ends
    // with a digit; any other match ends with the agency's or the dash's
    // `/ . ) - – —`. So the last char tells, without resolving the groups.
    let date_only = !paragraph[..end].ends_with(['/', '.', ')', '-', '\u{2013}', '\u{2014}']);
    if date_only {
        // "MOSCOW, December 23. Russia said": the date must close with a full stop.
        return paragraph[end..].starts_with('.').then_some(end + 1);
    }
    Some(end)
}

impl Text {
    /// Runs the text stage. The hints recognise reporting verbs (to keep
    /// "“Why now?” he asked." one sentence) and the heads of titles (so
    /// "U.S. Army" is not split after "U.S.").
    pub fn analyze(text: &str, hints: &dyn Hints) -> Text {
        let folded = Folded::new(text);
        let tokens = tokens::tokenize(text, &folded);
        let mut paragraphs = Vec::new();
        let mut t = 0;
        for span in paragraphs::paragraphs(text) {
            while t < tokens.len() && tokens[t].span.start < span.start {
                t += 1;
            }
            let start = t;
            while t < tokens.len() && tokens[t].span.start < span.end {
                t += 1;
            }
            if start < t {
                paragraphs.push(Paragraph { span, tokens: start..t });
            }
        }
        let ranges: Vec<Range<usize>> = paragraphs.iter().map(|p| p.tokens.clone()).collect();
        let (marks, quotes) = quotes::pair(text, &folded, &tokens, &ranges);
        let mut dateline_span = None;
        let mut sentences = Vec::new();
        for (p, para) in paragraphs.iter().enumerate() {
            let mut dl_end = None;
            if p < 2 && dateline_span.is_none() {
                if let Some(end) = dateline(para.span.text(text)) {
                    let abs = para.span.start + end;
                    dateline_span = Some(Span::new(para.span.start, abs));
                    dl_end =
                        Some(para.tokens.clone().find(|&k| tokens[k].span.start >= abs).unwrap_or(para.tokens.end));
                }
            }
            for r in sentences::split(&folded, &tokens, &marks, para.tokens.clone(), dl_end, hints) {
                let span = Span::new(tokens[r.start].span.start, tokens[r.end - 1].span.end);
                sentences.push(Sentence { index: sentences.len(), span, tokens: r, paragraph: p });
            }
        }
        Text { folded, tokens, paragraphs, sentences, marks, quotes, dateline: dateline_span }
    }

    /// The sentence holding token `t`.
    pub fn sentence_of(&self, t: usize) -> usize {
        self.sentences.partition_point(|s| s.tokens.end <= t).min(self.sentences.len().saturating_sub(1))
    }

    /// The sentence holding byte `offset`.
    pub fn sentence_at(&self, offset: usize) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.span.end <= offset);
        self.sentences.get(i).filter(|s| s.span.start <= offset).map(|s| s.index)
    }

    /// The first token starting at or after byte `offset`.
    pub fn token_at(&self, offset: usize) -> usize {
        self.tokens.partition_point(|t| t.span.start < offset)
    }

    pub fn norm(&self, t: usize) -> &str {
        self.tokens[t].norm(&self.folded)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn among_is_contains() {
        let list = ["he", "him", "", "é", "in", "it", "into", "i"];
        for w in ["he", "hi", "him", "hin", "", "é", "e", "in", "it", "i", "into", "intO", "x", "ée"] {
            assert_eq!(among(&list, w), list.contains(&w), "{w:?}");
        }
        assert!(!among(&[], ""));
    }

    proptest::proptest! {
        #[test]
        fn among_agrees_with_contains(list in proptest::collection::vec("[a-c]{0,3}", 0..6), w in "[a-c]{0,3}") {
            let list: Vec<&str> = list.iter().map(String::as_str).collect();
            proptest::prop_assert_eq!(among(&list, &w), list.contains(&w.as_str()));
        }
    }

    #[test]
    fn datelines() {
        for (p, d) in [
            ("MOSCOW, December 23. /TASS/. Russia said", "MOSCOW, December 23. /TASS/."),
            ("KYIV, Dec 23 (Reuters) - Ukraine said", "KYIV, Dec 23 (Reuters) -"),
            ("WASHINGTON (AP) \u{2014} The", "WASHINGTON (AP) \u{2014}"),
            ("BEIJING, Dec. 5 (Xinhua) -- China", "BEIJING, Dec. 5 (Xinhua) --"),
            ("PARIS, March 3, 2022 (AFP) - France", "PARIS, March 3, 2022 (AFP) -"),
            ("UNITED NATIONS, Dec 3 (Reuters) - The", "UNITED NATIONS, Dec 3 (Reuters) -"),
        ] {
            assert_eq!(dateline(p).map(|e| &p[..e]), Some(d), "{p}");
        }
        assert_eq!(dateline("NATO said on Monday"), None);
        assert_eq!(dateline("US President Joe Biden"), None);
    }

    /// `dateline` as read from the pattern's groups, which the pre-check and
    /// the last-char test must agree with.
    fn dateline_by_groups(paragraph: &str) -> Option<usize> {
        let m = DATELINE.captures(paragraph)?;
        let end = m.get(0)?.end();
        let date_only = m.name("date").is_some() && m.name("agency").is_none() && m.name("dash").is_none();
        if date_only {
            return paragraph[end..].starts_with('.').then_some(end + 1);
        }
        Some(end)
    }

    #[test]
    fn datelines_agree_with_the_groups() {
        let cities = [
            "MOSCOW",
            "UNITED NATIONS",
            "N'DJAMENA",
            "A.B",
            "KY\u{2019}V",
            "WA--",
            "AB-",
            "PARIS, Texas",
            "X",
            "Moscow",
            "",
            "\u{c9}VRY",
            "US",
        ];
        let dates = [
            "",
            ", December 23",
            " Dec. 5",
            ", March 3, 2022",
            " Jan 1",
            ", Sept 30, 19",
            ", Dec \u{663}",
            ", May 12,",
        ];
        let agencies = ["", " /TASS/", ". /TASS/.", "/AP/", " (AP)", "(Reuters)", " (A.F.P)", " ()", " /-/."];
        let dashes = ["", " -", "--", " \u{2013}", "\u{2014}", " --", "-"];
        let tails = ["", ".", ". Russia", " Russia", ".5", "-x", ")"];
        let mut n = 0;
        for c in cities {
            for d in dates {
                for a in agencies {
                    for x in dashes {
                        for t in tails {
                            let p = format!("{c}{d}{a}{x}{t}");
                            assert_eq!(dateline(&p), dateline_by_groups(&p), "{p:?}");
                            n += 1;
                        }
                    }
                }
            }
        }
        assert!(n > 10_000);
    }
}
