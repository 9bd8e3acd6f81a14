//! The text stage on arbitrary bytes: no panic, spans in bounds.
#![no_main]

use demarche_core::text::{FnHints, Text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let t = Text::analyze(text, &FnHints(|w: &str| w == "said", |w: &str| w == "army"));
    for s in &t.sentences {
        assert!(s.span.end <= text.len() && text.is_char_boundary(s.span.start) && text.is_char_boundary(s.span.end));
    }
    for q in &t.quotes {
        assert!(q.span.end <= text.len() && text.is_char_boundary(q.span.start) && text.is_char_boundary(q.span.end));
    }
});
