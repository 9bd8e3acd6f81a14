//! Shared helpers for the table tests: one pipeline, the case files.
#![allow(dead_code, clippy::unwrap_used)]

use chrono::NaiveDate;
use demarche_core::Pipeline;
use std::sync::OnceLock;

/// "Today" for every test: year inference must not depend on the clock.
pub const TODAY: &str = "2026-11-29";

pub fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| {
        Pipeline::builder()
            .today(date(TODAY).unwrap())
            .build()
            .unwrap_or_else(|e| panic!("built-in lexicons do not load:\n{e}"))
    })
}

pub fn date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

pub fn cases(name: &str) -> Vec<toml::Table> {
    let path = format!("{}/tests/cases/{name}", env!("CARGO_MANIFEST_DIR"));
    let src = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let t: toml::Table = toml::from_str(&src).unwrap_or_else(|e| panic!("{path}: {e}"));
    t["case"].as_array().unwrap().iter().map(|c| c.as_table().unwrap().clone()).collect()
}

pub fn s<'a>(t: &'a toml::Table, k: &str) -> &'a str {
    t.get(k).and_then(|v| v.as_str()).unwrap_or("")
}

/// Fails with every failure listed, after running all cases.
pub fn report(what: &str, total: usize, failures: &[String]) {
    if !failures.is_empty() {
        panic!("{} of {total} {what} cases failed:\n\n{}", failures.len(), failures.join("\n\n"));
    }
}

/// The path of a file in ../shared, or a clear message when it is absent.
pub fn shared(rel: &str) -> std::path::PathBuf {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared").join(rel);
    assert!(
        p.exists(),
        "{} is missing: these tests need the shared reference material checked out next to the repository (../shared)",
        p.display()
    );
    p
}
