//! Table tests for dates and actors (tests/cases/dates.toml, actors.toml).
#![allow(clippy::unwrap_used)]

mod common;
use chrono::Datelike;
use common::*;
use demarche_core::actors::MentionKind;
use demarche_core::lexicon::Precision;
use demarche_core::{Article, Pipeline};

fn pipeline_today(today: &str) -> Pipeline {
    if today.is_empty() || today == TODAY {
        return pipeline().clone();
    }
    Pipeline::builder()
        .lexicon(std::sync::Arc::new(pipeline().lexicon().clone()))
        .today(date(today).unwrap())
        .build()
        .unwrap()
}

#[test]
fn date_cases() {
    let cases = cases("dates.toml");
    assert!(cases.len() >= 60);
    let mut failures = Vec::new();
    for c in &cases {
        let text = s(c, "text");
        let p = pipeline_today(s(c, "today"));
        let coded = p.code(&Article::new(s(c, "name"), text).with_published(date(s(c, "published"))));
        let want = c["dates"].as_array().unwrap();
        let mut problems = Vec::new();
        let mut used = vec![false; coded.dates.len()];
        for w in want {
            let w = w.as_table().unwrap();
            let wt = s(w, "text");
            let found = coded.dates.iter().enumerate().find(|(k, d)| !used[*k] && d.span.text(text) == wt);
            let Some((k, d)) = found else {
                problems.push(format!("  missing {wt:?}"));
                continue;
            };
            used[k] = true;
            let precision = match s(w, "precision") {
                "week" => Precision::Week,
                "month" => Precision::Month,
                "year" => Precision::Year,
                _ => Precision::Day,
            };
            let ok = match (s(w, "date"), precision) {
                ("", Precision::Year) | ("", _) if w.get("year").is_some() => {
                    d.year == w["year"].as_integer().map(|y| y as i32)
                }
                ("", _) if !s(w, "month_day").is_empty() => {
                    d.date.is_none()
                        && d.month_day.map(|(m, dd)| format!("{m:02}-{dd:02}")).as_deref() == Some(s(w, "month_day"))
                }
                ("", _) => d.date.is_none(),
                (day, Precision::Week) => {
                    let want = date(day).unwrap();
                    d.date.is_some_and(|g| g.iso_week() == want.iso_week())
                }
                (day, Precision::Month) => {
                    let want = date(day).unwrap();
                    d.date.is_some_and(|g| g.year() == want.year() && g.month() == want.month())
                }
                (day, _) => d.date == date(day),
            };
            if !ok || d.precision != precision {
                problems.push(format!(
                    "  {wt:?}: want {} {precision:?}, got {:?} {:?} year={:?} md={:?} ({:?})",
                    s(w, "date"),
                    d.date,
                    d.precision,
                    d.year,
                    d.month_day,
                    d.how
                ));
            }
        }
        for (k, d) in coded.dates.iter().enumerate() {
            if !used[k] {
                problems.push(format!("  extra {:?} = {:?}", d.span.text(text), d.date));
            }
        }
        if !problems.is_empty() {
            failures.push(format!("{}: {text}\n{}", s(c, "name"), problems.join("\n")));
        }
    }
    report("date", cases.len(), &failures);
}

#[test]
fn actor_cases() {
    let cases = cases("actors.toml");
    assert!(cases.len() >= 80);
    let mut failures = Vec::new();
    for c in &cases {
        let text = s(c, "text");
        let coded = pipeline().code(&Article::new(s(c, "name"), text).with_published(date(s(c, "published"))));
        let mut problems = Vec::new();
        let label = |m: &demarche_core::actors::Mention| {
            format!("{:?}={}", m.span.text(text), demarche_core::explain::actor_label(&m.actor))
        };
        for w in c.get("mentions").and_then(|v| v.as_array()).into_iter().flatten() {
            let w = w.as_table().unwrap();
            let wt = s(w, "text");
            let Some(at) = find_word(text, wt) else {
                problems.push(format!("  case error: {wt:?} not in text"));
                continue;
            };
            let span = demarche_core::Span::new(at, at + wt.len());
            let overlapping: Vec<_> = coded.actors.mentions.iter().filter(|m| m.span.overlaps(span)).collect();
            if overlapping.is_empty() {
                problems.push(format!("  no mention at {wt:?}"));
                continue;
            }
            // Any mention over the words may carry the reading ("Iran's Revolutionary Guards").
            let ok = overlapping.iter().any(|m| {
                let code_ok = s(w, "code").is_empty() || m.actor.code == s(w, "code");
                let sector_ok = s(w, "sector").is_empty() || m.actor.sector.as_deref() == Some(s(w, "sector"));
                let role_ok =
                    s(w, "role").is_empty() || m.actor.role.as_deref().is_some_and(|r| same_role(r, s(w, "role")));
                let person_ok = s(w, "person").is_empty()
                    || m.actor.name.as_deref().is_some_and(|n| fold(n) == fold(s(w, "person")));
                code_ok && sector_ok && role_ok && person_ok
            });
            if !ok {
                problems.push(format!(
                    "  {wt:?}: want {} {} {} {}, got {}",
                    s(w, "code"),
                    s(w, "sector"),
                    s(w, "role"),
                    s(w, "person"),
                    overlapping.iter().map(|m| label(m)).collect::<Vec<_>>().join(" | ")
                ));
            }
        }
        for a in c.get("absent").and_then(|v| v.as_array()).into_iter().flatten() {
            let a = a.as_str().unwrap();
            let Some(at) = find_word(text, a) else { continue };
            let span = demarche_core::Span::new(at, at + a.len());
            if let Some(m) = coded
                .actors
                .mentions
                .iter()
                .find(|m| m.span.overlaps(span) && m.kind != MentionKind::Person && m.actor.is_known())
            {
                problems.push(format!("  {a:?} must not be coded, got {}", label(m)));
            }
        }
        if !problems.is_empty() {
            failures.push(format!("{}: {text}\n{}", s(c, "name"), problems.join("\n")));
        }
    }
    report("actor", cases.len(), &failures);
}

fn fold(s: &str) -> String {
    demarche_core::text::Folded::new(s).as_str().to_string()
}

/// Roles are free text: they agree when they share a content word
/// ("spokeswoman" / "Foreign Ministry Spokesperson" share none, so the
/// spokes- stem counts too).
fn same_role(got: &str, want: &str) -> bool {
    let words = |s: &str| -> Vec<String> {
        fold(s)
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.len() >= 4 && !matches!(*w, "the" | "of" | "for" | "and" | "deputy" | "head"))
            .map(|w| if w.starts_with("spokes") { "spokes".to_string() } else { w.trim_end_matches('s').to_string() })
            .collect()
    };
    let (g, w) = (words(got), words(want));
    g.iter().any(|x| w.contains(x)) || fold(got).contains(&fold(want)) || fold(want).contains(&fold(got))
}

/// The first whole-word occurrence of `w` in `text`.
fn find_word(text: &str, w: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(k) = text[from..].find(w) {
        let at = from + k;
        let before = text[..at].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
        let after = text[at + w.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric());
        if before && after {
            return Some(at);
        }
        from = at + w.len().max(1);
    }
    None
}
