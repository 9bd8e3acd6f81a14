//! Table tests for event coding: source and target assignment, negation,
//! conditions, passives, quotes (tests/cases/events.toml).
#![allow(clippy::unwrap_used)]

mod common;
use common::*;
use demarche_core::Article;
use demarche_core::events::Event;

fn strings(v: Option<&toml::Value>) -> Vec<String> {
    v.and_then(|x| x.as_array()).into_iter().flatten().filter_map(|x| x.as_str().map(str::to_string)).collect()
}

fn codes(v: &[demarche_core::actors::Actor]) -> Vec<String> {
    v.iter().map(|a| a.code.to_string()).collect()
}

fn fits(e: &Event, w: &toml::Table) -> bool {
    let root = s(w, "root");
    let mut roots = vec![root.to_string()];
    roots.extend(strings(w.get("alt")));
    let (src, tgt) = (strings(w.get("source")), strings(w.get("target")));
    let (es, et) = (codes(&e.source), codes(&e.target));
    let intersects = |a: &[String], b: &[String]| a.iter().any(|x| b.contains(x));
    let empty_target = |v: &[String]| v.is_empty() || v.iter().all(|c| c == "---");
    roots.iter().any(|r| *r == e.root)
        && intersects(&src, &es)
        && (intersects(&tgt, &et) || empty_target(&tgt) && empty_target(&et))
        && w.get("negated").and_then(|v| v.as_bool()).unwrap_or(false) == e.negated
}

#[test]
fn event_cases() {
    let cases = cases("events.toml");
    assert!(cases.len() >= 60);
    let mut failures = Vec::new();
    for c in &cases {
        let text = s(c, "text");
        let coded = pipeline().code(&Article::new(s(c, "name"), text).with_published(date(s(c, "published"))));
        // Negated events are kept, flagged; acts only named ("accused X of attacking") are not events.
        let got: Vec<&Event> = coded.events.iter().filter(|e| e.asserted).collect();
        let want: Vec<&toml::Table> = c["events"].as_array().unwrap().iter().map(|v| v.as_table().unwrap()).collect();
        let mut used = vec![false; got.len()];
        let mut problems = Vec::new();
        // Required first, then optional, each taking the first free fitting event.
        let mut order: Vec<&&toml::Table> = want.iter().collect();
        order.sort_by_key(|w| w.get("optional").and_then(|v| v.as_bool()).unwrap_or(false));
        for w in order {
            let optional = w.get("optional").and_then(|v| v.as_bool()).unwrap_or(false);
            match got.iter().enumerate().find(|(k, e)| !used[*k] && fits(e, w)) {
                Some((k, _)) => used[k] = true,
                None if optional => {}
                None => problems.push(format!(
                    "  missing {} {:?} -> {:?}{}",
                    s(w, "root"),
                    strings(w.get("source")),
                    strings(w.get("target")),
                    if w.get("negated").and_then(|v| v.as_bool()).unwrap_or(false) { " (negated)" } else { "" }
                )),
            }
        }
        for (k, e) in got.iter().enumerate() {
            if !used[k] {
                problems.push(format!(
                    "  extra {} {:?} -> {:?}{} [{}]",
                    e.cameo,
                    codes(&e.source),
                    codes(&e.target),
                    if e.negated { " negated" } else { "" },
                    e.entries.first().map_or("", |s| s.as_str())
                ));
            }
        }
        if !problems.is_empty() {
            failures.push(format!("{}: {text}\n{}", s(c, "name"), problems.join("\n")));
        }
    }
    report("event", cases.len(), &failures);
}
