//! Property tests: no panic, spans in bounds and on char boundaries,
//! deterministic output, for arbitrary strings.
#![allow(clippy::unwrap_used)]

mod common;
use demarche_core::text::{FnHints, Text};
use demarche_core::{Article, Span};
use proptest::prelude::*;

fn on_boundaries(text: &str, s: Span) -> bool {
    s.start <= s.end && s.end <= text.len() && text.is_char_boundary(s.start) && text.is_char_boundary(s.end)
}

/// Strings that look like news copy more often than uniform noise does.
fn newsish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("Russia".to_string()),
        Just(" said".to_string()),
        Just(" \u{201C}We".to_string()),
        Just("\u{201D}".to_string()),
        Just("\"".to_string()),
        Just(". ".to_string()),
        Just("U.S.".to_string()),
        Just(" Dec. 17".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just(", ".to_string()),
        Just("MOSCOW, December 23. /TASS/. ".to_string()),
        Just("<\u{2026}>".to_string()),
        Just("\u{AB}".to_string()),
        Just("\u{200B}".to_string()),
        Just("\u{5E9}\u{5DC}\u{5D5}\u{5DD}".to_string()),
        Just("\u{1F600}".to_string()),
        Just("''".to_string()),
        Just("``".to_string()),
        Just("\u{2019}s".to_string()),
        Just("n't".to_string()),
        "[a-zA-Z ]{0,12}",
        any::<String>(),
    ];
    prop::collection::vec(piece, 0..24).prop_map(|v| v.concat())
}

fn check_text(text: &str) -> Result<(), TestCaseError> {
    let hints = FnHints(|w: &str| w == "said", |w: &str| w == "army");
    let t = Text::analyze(text, &hints);
    for tok in &t.tokens {
        prop_assert!(on_boundaries(text, tok.span), "token {:?}", tok.span);
    }
    let mut last_end = 0;
    for s in &t.sentences {
        prop_assert!(on_boundaries(text, s.span));
        prop_assert!(s.span.start >= last_end, "sentences overlap");
        last_end = s.span.end;
    }
    for q in &t.quotes {
        prop_assert!(on_boundaries(text, q.span));
    }
    let again = Text::analyze(text, &hints);
    prop_assert_eq!(t.sentences, again.sentences);
    prop_assert_eq!(t.quotes, again.quotes);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, .. ProptestConfig::default() })]

    #[test]
    fn text_stage_on_any_string(text in any::<String>()) {
        check_text(&text)?;
    }

    #[test]
    fn text_stage_on_newsish_strings(text in newsish()) {
        check_text(&text)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, .. ProptestConfig::default() })]

    #[test]
    fn pipeline_on_newsish_strings(text in newsish()) {
        let p = common::pipeline();
        let coded = p.code(&Article::new("p", text.clone()));
        for m in &coded.actors.mentions {
            prop_assert!(on_boundaries(&text, m.span));
        }
        for q in &coded.quotes {
            prop_assert!(on_boundaries(&text, q.span));
        }
        for d in &coded.dates {
            prop_assert!(on_boundaries(&text, d.span));
        }
        for e in &coded.events {
            prop_assert!(on_boundaries(&text, e.trigger));
            prop_assert!(on_boundaries(&text, e.sentence_span));
        }
        for r in demarche_core::records::events(&coded, &p.lexicon().version, true) {
            prop_assert_eq!(r.to_json(), serde_json::to_string(&r).unwrap());
        }
        let again = p.code(&Article::new("p", text.clone()));
        prop_assert_eq!(coded.events, again.events);
        prop_assert_eq!(coded.quotes, again.quotes);
    }
}
