//! The reference article (../shared/corpus/seed-security-guarantees.txt):
//! sentences, quotes and speakers, actors, dates and events as a careful
//! reader and coder see them.
#![allow(clippy::unwrap_used)]

mod common;
use common::*;
use demarche_core::actors::MentionKind;
use demarche_core::speech::{Attribution, QuoteKind};
use demarche_core::{Article, Coded};

fn seed(published: Option<&str>) -> Coded {
    let text = std::fs::read_to_string(shared("corpus/seed-security-guarantees.txt")).unwrap();
    let article = Article::new("seed-security-guarantees", text).with_published(published.and_then(date));
    pipeline().code(&article)
}

fn sentence_with(c: &Coded, needle: &str) -> usize {
    c.text
        .sentences
        .iter()
        .position(|s| s.span.text(&c.article.text).contains(needle))
        .unwrap_or_else(|| panic!("no sentence with {needle:?}"))
}

#[test]
fn sentences_split_as_a_reader_splits_them() {
    let c = seed(None);
    let got: Vec<&str> = c.text.sentences.iter().map(|s| s.span.text(&c.article.text)).collect();
    assert_eq!(got.len(), 20, "{got:#?}");
    assert!(got[1].starts_with("\u{201C}We must put an end") && got[1].ends_with("further east."));
    assert_eq!(got[2], "We must exclude Ukraine from joining NATO.");
    assert!(got[3].ends_with("the International Life magazine quoted Ryabkov as saying."));
    assert_eq!(
        got[6],
        "Therefore, as before, we are awaiting a concrete response from the American side when it is ready to launch a bilateral dialogue with us."
    );
    assert!(got[7].starts_with("<\u{2026}> Let\u{2019}s deal"));
    assert!(got[17].starts_with("At the same time, the head of the Russian delegation"));
}

#[test]
fn direct_quotes_are_ryabkovs() {
    let c = seed(None);
    let direct: Vec<_> = c.quotes.iter().filter(|q| q.kind == QuoteKind::Direct).collect();
    assert_eq!(direct.len(), 2, "the plan \u{201C}B\u{201D} is a scare quote, not a quote");
    let raw = &c.article.text;
    assert!(direct[0].span.text(raw).starts_with("We must put an end to the advancement of NATO"));
    assert!(direct[1].span.text(raw).starts_with("Discussions and conversations should be followed by concrete steps"));
    for q in &direct {
        let sp = q.speaker.as_ref().unwrap();
        assert_eq!(sp.actor.name.as_deref(), Some("Sergei Ryabkov"));
        assert_eq!(sp.actor.code, "RUS");
    }
    assert_eq!(direct[0].attribution, Attribution::QuotedAsSaying);
    assert_eq!(direct[1].speaker.as_ref().unwrap().text, "the diplomat");
    assert_eq!(direct[1].attribution, Attribution::SaidVerb);
}

#[test]
fn reported_speech_is_attributed() {
    let c = seed(None);
    let raw = &c.article.text;
    let indirect = |start: &str| {
        c.quotes
            .iter()
            .find(|q| q.kind == QuoteKind::Indirect && q.span.text(raw).starts_with(start))
            .unwrap_or_else(|| panic!("no reported speech starting {start:?}"))
            .speaker
            .as_ref()
            .and_then(|s| s.actor.name.clone())
    };
    assert_eq!(indirect("the American side is aware").as_deref(), Some("Sergei Ryabkov"));
    assert_eq!(indirect("drawing Ukraine into NATO").as_deref(), Some("Sergei Ryabkov"));
    assert_eq!(indirect("the United States expects Russia").as_deref(), Some("Victoria Nuland"));
    assert_eq!(indirect("the United States, together with European countries").as_deref(), Some("Victoria Nuland"));
    assert_eq!(indirect("Russia has a plan").as_deref(), Some("Konstantin Gavrilov"));
}

#[test]
fn people_come_out_with_codes_and_roles() {
    let c = seed(None);
    let person =
        |name: &str| c.actors.persons.iter().find(|p| p.name == name).unwrap_or_else(|| panic!("no person {name}"));
    for (name, code) in [
        ("Sergei Ryabkov", "RUS"),
        ("Jake Sullivan", "USA"),
        ("Victoria Nuland", "USA"),
        ("Konstantin Gavrilov", "RUS"),
    ] {
        let p = person(name);
        assert_eq!(p.actor.code, code, "{name}");
        assert_eq!(p.actor.sector.as_deref(), Some("GOV"), "{name}");
        assert!(p.actor.role.is_some(), "{name} has a role");
    }
    assert_eq!(person("Sergei Ryabkov").actor.role.as_deref(), Some("Deputy Foreign Minister"));
    assert!(person("Konstantin Gavrilov").actor.role.as_deref().unwrap().to_lowercase().contains("delegation"));
    assert_eq!(c.actors.persons.len(), 4, "{:?}", c.actors.persons.iter().map(|p| &p.name).collect::<Vec<_>>());
}

#[test]
fn actors_resolve() {
    let c = seed(None);
    let raw = &c.article.text;
    let find = |text: &str| {
        c.actors
            .mentions
            .iter()
            .find(|m| m.span.text(raw).contains(text))
            .unwrap_or_else(|| panic!("no mention {text:?}"))
    };
    let is = |text: &str, code: &str, sector: Option<&str>| {
        let m = find(text);
        assert_eq!(m.actor.code, code, "{text}");
        if let Some(s) = sector {
            assert_eq!(m.actor.sector.as_deref(), Some(s), "{text}");
        }
    };
    is("NATO", "NATO", None);
    is("OSCE", "OSCE", None);
    is("Russian Foreign Ministry", "RUS", Some("GOV"));
    is("White House", "USA", Some("GOV"));
    is("American side", "USA", None);
    is("Washington", "USA", None);
    is("Moscow", "RUS", None);
    is("States", "USA", None);
    is("Financial Times", "GBR", Some("MED"));
    let alliance = c.actors.mentions.iter().filter(|m| m.span.text(raw) == "the alliance").collect::<Vec<_>>();
    assert!(!alliance.is_empty());
    assert!(alliance.iter().all(|m| m.actor.code == "NATO" && m.kind == MentionKind::Description));
    assert_eq!(find("the diplomat").actor.name.as_deref(), Some("Sergei Ryabkov"));
    assert_eq!(find("The publication").actor.code, "GBR");
}

#[test]
fn dates_attach_to_their_sentences_without_a_published_date() {
    let c = seed(None);
    let on = |needle: &str| -> Vec<String> {
        let s = sentence_with(&c, needle);
        c.dates.iter().filter(|d| d.sentence == s).filter_map(|d| d.date.map(|x| x.to_string())).collect()
    };
    assert_eq!(on("spoke about the goals"), ["2021-12-23"]);
    assert_eq!(on("published draft agreements"), ["2021-12-17"]);
    assert_eq!(on("Victoria Nuland noted"), ["2021-12-16", "2021-12-16"], "\"the day before\" and \"December 16\"");
    assert_eq!(on("As reported on December 20"), ["2021-12-20"]);
    assert_eq!(on("Konstantin Gavrilov said"), ["2021-12-21"]);
    assert_eq!(on("reported that it is ready"), ["2021-12-21"]);
    let day_before = c.dates.iter().find(|d| d.span.text(&c.article.text) == "The day before").unwrap();
    assert_eq!(day_before.how, demarche_core::time::DateHow::FromPrevious);
}

#[test]
fn explain_snapshot() {
    let c = seed(Some("2021-12-23"));
    insta::assert_snapshot!("seed_explain", demarche_core::explain::render(&c));
}
