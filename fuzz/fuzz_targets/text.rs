//! The text stage on arbitrary UTF-8: no panic; token, paragraph, sentence
//! and quote spans in bounds and on char boundaries, token ranges valid.
#![no_main]

use demarche_core::Span;
use demarche_core::text::{FnHints, Text};
use libfuzzer_sys::fuzz_target;

fn check(text: &str, s: Span, what: &str) {
    assert!(s.start <= s.end && s.end <= text.len(), "{what} {s:?} out of bounds ({})", text.len());
    assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end), "{what} {s:?} splits a char");
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let t = Text::analyze(text, &FnHints(|w: &str| w == "said", |w: &str| w == "army"));
    for tok in &t.tokens {
        check(text, tok.span, "token");
    }
    for p in &t.paragraphs {
        check(text, p.span, "paragraph");
        assert!(p.tokens.start <= p.tokens.end && p.tokens.end <= t.tokens.len());
    }
    for s in &t.sentences {
        check(text, s.span, "sentence");
        assert!(s.tokens.start <= s.tokens.end && s.tokens.end <= t.tokens.len());
    }
    assert_eq!(t.marks.len(), t.tokens.len(), "one mark role per token");
    for q in &t.quotes {
        check(text, q.span, "quote");
        assert!(q.tokens.end <= t.tokens.len() && q.open < t.tokens.len());
    }
    if let Some(d) = t.dateline {
        check(text, d, "dateline");
    }
});
