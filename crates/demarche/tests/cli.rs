//! The command line as a user runs it: score floors on the reference material,
//! coded output on the bundled examples, and errors on bad input.
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn shared(rel: &str) -> PathBuf {
    root().join("../shared").join(rel)
}

fn demarche(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_demarche")).args(args).current_dir(root()).output().unwrap()
}

fn strict_f1(args: &[&str]) -> f64 {
    let out = demarche(args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    report["strict"]["f1"].as_f64().unwrap()
}

#[test]
fn seed_scores_above_the_floor_with_and_without_a_published_date() {
    let gold = shared("corpus/seed-security-guarantees.gold.json");
    let gold = gold.to_str().unwrap();
    let with_date = strict_f1(&["eval", "--json", gold]);
    let bare = strict_f1(&["eval", "--json", "--ignore-published", gold]);
    assert!(with_date >= 0.80, "seed strict F1 with the published date: {with_date:.3}");
    assert!(bare >= 0.80, "seed strict F1 from the bare text: {bare:.3}");
}

#[test]
fn petrarch_validation_scores_above_the_floor() {
    let gold = shared("eval/petrarch-validation.visible.jsonl");
    let f1 = strict_f1(&["eval", "--json", gold.to_str().unwrap()]);
    assert!(f1 >= 0.60, "petrarch validation strict F1: {f1:.3}");
}

#[test]
fn min_f1_fails_below_the_floor() {
    let gold = shared("corpus/seed-security-guarantees.gold.json");
    let out = demarche(&["eval", "--min-f1", "1.01", gold.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("below the floor"));
}

#[test]
fn code_emits_events_of_the_bundled_examples() {
    let out = demarche(&["code", "--format", "jsonl", "examples/readout-call.json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let events: Vec<serde_json::Value> =
        String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let consult = events.iter().find(|e| e["cameo"] == "040").expect("Starmer spoke to Stubb");
    assert_eq!(consult["source"], serde_json::json!(["GBR"]));
    assert_eq!(consult["target"], serde_json::json!(["FIN"]));
    assert_eq!(consult["date"], "2025-01-08");
}

#[test]
fn bad_input_is_named_and_the_rest_is_coded() {
    let dir = std::env::temp_dir().join(format!("demarche-cli-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("good.txt"), "Russia accused Ukraine of shelling Donetsk on Monday.").unwrap();
    std::fs::write(dir.join("bad.jsonl"), "{\"id\": \"a\", \"text\": \"France condemned the attack.\"}\nnot json\n")
        .unwrap();
    let out = demarche(&["code", "--format", "jsonl", dir.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("bad.jsonl:2"), "{stderr}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("\"good\""), "{stdout}");
    std::fs::remove_dir_all(&dir).unwrap();
}
