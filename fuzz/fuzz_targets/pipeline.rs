//! The whole pipeline on arbitrary text with the built-in lexicons: no panic,
//! and every span and index it returns points into the article.
#![no_main]

use chrono::NaiveDate;
use demarche_core::{Article, Pipeline, Span};
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

static PIPELINE: LazyLock<Pipeline> = LazyLock::new(|| {
    let today = NaiveDate::from_ymd_opt(2024, 6, 1).expect("valid date");
    Pipeline::builder().today(today).build().expect("built-in lexicons compile")
});

fn check(text: &str, span: Span, what: &str) {
    assert!(span.start <= span.end && span.end <= text.len(), "{what} {span:?} out of bounds ({})", text.len());
    assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end), "{what} {span:?} splits a char");
}

fuzz_target!(
    // Compile the lexicons before the first input, outside libFuzzer's per-input timeout.
    init: {
        LazyLock::force(&PIPELINE);
    },
    |data: &[u8]| {
        // Non-UTF-8 bytes become U+FFFD rather than being thrown away, so every input codes something.
        let text = String::from_utf8_lossy(data);
        // Alternate with and without a publication date: both paths of date inference.
        let published = data.len().is_multiple_of(2).then(|| NaiveDate::from_ymd_opt(2021, 12, 23).expect("valid date"));
        let article = Article::new("fuzz", text.as_ref()).with_published(published);
        let coded = PIPELINE.code(&article);
        let t = &coded.text;
        let raw = article.text.as_str();
        for tok in &t.tokens {
            check(raw, tok.span, "token");
        }
        for p in &t.paragraphs {
            check(raw, p.span, "paragraph");
            assert!(p.tokens.end <= t.tokens.len());
        }
        for s in &t.sentences {
            check(raw, s.span, "sentence");
            assert!(s.tokens.end <= t.tokens.len() && s.paragraph < t.paragraphs.len().max(1));
        }
        for q in &t.quotes {
            check(raw, q.span, "quote span");
        }
        for m in &coded.actors.mentions {
            check(raw, m.span, "mention");
            assert!(m.sentence < t.sentences.len(), "mention in sentence {} of {}", m.sentence, t.sentences.len());
        }
        for q in &coded.quotes {
            check(raw, q.span, "quote");
            for s in q.speaker.iter().chain(&q.cited) {
                check(raw, s.span, "speaker");
            }
            if let Some(c) = q.cue {
                check(raw, c, "cue");
            }
        }
        for d in &coded.dates {
            check(raw, d.span, "date");
        }
        for e in &coded.events {
            check(raw, e.sentence_span, "event sentence");
            check(raw, e.trigger, "trigger");
            for &s in e.source_spans.iter().chain(&e.target_spans) {
                check(raw, s, "actor span");
            }
            assert!(e.sentence < t.sentences.len(), "event in sentence {} of {}", e.sentence, t.sentences.len());
            assert!(e.quote.is_none_or(|q| q < coded.quotes.len()), "event in quote {:?} of {}", e.quote, coded.quotes.len());
            assert!(!e.cameo.is_empty() && e.cameo.starts_with(e.root.as_str()), "cameo {} root {}", e.cameo, e.root);
        }
        // The fast JSON writer of `code --format jsonl` writes what serde_json writes.
        for r in demarche_core::records::events(&coded, &PIPELINE.lexicon().version, true) {
            assert_eq!(r.to_json(), serde_json::to_string(&r).expect("a record serializes"), "JSON writer");
        }
    }
);
