//! The event writer of `code --format jsonl` and the store writes exactly what
//! serde_json writes for the same record.
#![allow(clippy::unwrap_used)]

mod common;
use demarche_core::{Article, records};

/// Checks every event of the article, reportable or not; returns how many.
fn check(article: &Article) -> usize {
    let p = common::pipeline();
    let coded = p.code(article);
    let recs = records::events(&coded, &p.lexicon().version, true);
    for r in &recs {
        let expected = serde_json::to_string(r).unwrap();
        assert_eq!(r.to_json(), expected, "article {}", article.id);
    }
    recs.len()
}

#[test]
fn generated_articles_write_as_serde_json() {
    let mut events = 0;
    for (k, a) in demarche_corpus::Generator::new(7).take(300).enumerate() {
        // Every third article with the bytes JSON must escape in its sentences.
        let text = match k % 3 {
            0 => a.text.clone(),
            1 => a.text.replace(", ", ",\t").replace(" the ", " \"the\\ "),
            _ => a.text.replace(' ', " \u{1}").replace('.', ".\r"),
        };
        events += check(&Article { text, ..a });
    }
    assert!(events > 300, "the corpus gave only {events} events");
}

#[test]
fn reference_article_writes_as_serde_json() {
    let text = std::fs::read_to_string(common::shared("corpus/seed-security-guarantees.txt")).unwrap();
    let article = Article::new("seed", text).with_published(common::date("2022-01-09"));
    assert!(check(&article) >= 5);
}
