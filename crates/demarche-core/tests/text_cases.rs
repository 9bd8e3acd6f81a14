//! Table tests for segmentation and attribution (tests/cases/*.toml).
#![allow(clippy::unwrap_used)]

mod common;
use common::*;
use demarche_core::Article;
use demarche_core::speech::QuoteKind;

#[test]
fn sentence_cases() {
    let cases = cases("sentences.toml");
    assert!(cases.len() >= 40);
    let mut failures = Vec::new();
    for c in &cases {
        let text = s(c, "text");
        let want: Vec<&str> = c["sentences"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
        let coded = pipeline().code(&Article::new(s(c, "name"), text));
        let got: Vec<&str> = coded.text.sentences.iter().map(|x| x.span.text(text)).collect();
        if got != want {
            failures.push(format!("{}:\n  want {want:#?}\n  got  {got:#?}", s(c, "name")));
        }
    }
    report("sentence", cases.len(), &failures);
}

/// A name as compared: folded (case, diacritics), without a leading "the".
fn norm_name(s: &str) -> String {
    let f = demarche_core::text::Folded::new(s.trim());
    let s = f.as_str().trim_start_matches(['"']);
    s.strip_prefix("the ").unwrap_or(s).to_string()
}

/// The speaker matches the name a reader gives when the resolved name, the
/// words in the text or the actor code agree, or one name starts the other
/// ("Yonhap" for "Yonhap news agency").
fn same_speaker(sp: &demarche_core::speech::Speaker, want: &str) -> bool {
    let w = norm_name(want);
    let names = [sp.actor.name.as_deref().unwrap_or(""), sp.text.as_str(), sp.actor.code.as_str()];
    names.iter().map(|n| norm_name(n)).filter(|n| !n.is_empty()).any(|n| {
        n == w || n.starts_with(&format!("{w} ")) || w.starts_with(&format!("{n} ")) && sp.actor.name.is_some()
    })
}

#[test]
fn quote_cases() {
    let cases = cases("quotes.toml");
    assert!(cases.len() >= 40);
    let mut failures = Vec::new();
    for c in &cases {
        let text = s(c, "text");
        let article = Article::new(s(c, "name"), text).with_published(date(s(c, "published")));
        let coded = pipeline().code(&article);
        let want = c["quotes"].as_array().unwrap();
        let mut problems = Vec::new();
        let mut matched = vec![false; coded.quotes.len()];
        for w in want {
            let w = w.as_table().unwrap();
            let start = s(w, "starts_with");
            let kind = if s(w, "kind") == "indirect" { QuoteKind::Indirect } else { QuoteKind::Direct };
            let found = coded.quotes.iter().enumerate().find(|(k, q)| {
                !matched[*k]
                    && q.kind == kind
                    && q.span.text(text).trim_start_matches(['"', '\u{201C}']).starts_with(start)
            });
            let Some((k, q)) = found else {
                problems.push(format!("  missing {kind:?} quote {start:?}"));
                continue;
            };
            matched[k] = true;
            let speaker = s(w, "speaker");
            let ok = q.speaker.as_ref().is_some_and(|sp| same_speaker(sp, speaker));
            if !ok {
                let got = q.speaker.as_ref().map(|sp| format!("{:?} = {:?}", sp.text, sp.actor.name));
                problems.push(format!("  {start:?}: speaker want {speaker:?}, got {got:?}"));
            }
        }
        for (k, q) in coded.quotes.iter().enumerate() {
            if !matched[k] {
                problems.push(format!(
                    "  extra {:?} quote {:?}",
                    q.kind,
                    q.span.text(text).chars().take(60).collect::<String>()
                ));
            }
        }
        if !problems.is_empty() {
            failures.push(format!("{}:\n{}", s(c, "name"), problems.join("\n")));
        }
    }
    report("quote", cases.len(), &failures);
}
