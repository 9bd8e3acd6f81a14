//! The store: idempotent ingest, clusters across reports, queries, exports, recoding.
#![allow(clippy::unwrap_used)]

use chrono::NaiveDate;
use demarche_core::{Article, Coded, Pipeline};
use demarche_store::{EventFilter, ExportFormat, Inserted, Store};
use std::sync::OnceLock;

fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| Pipeline::builder().today(NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()).build().unwrap())
}

fn article(id: &str, source: &str, url: &str, text: &str) -> Article {
    let mut a = Article::new(id, text.to_string()).with_published(NaiveDate::from_ymd_opt(2024, 3, 6));
    a.source = Some(source.into());
    a.url = Some(url.into());
    a
}

/// The same expulsion told three ways by three outlets, and one unrelated report.
fn reports() -> Vec<Article> {
    vec![
        article(
            "wire-1",
            "Reuters",
            "https://example.com/reuters/1",
            "Russia expelled two Estonian diplomats on Monday, the Russian foreign ministry said.",
        ),
        article(
            "wire-2",
            "AFP",
            "https://example.org/afp/2",
            "Moscow expelled two diplomats from the Estonian embassy on Monday in a tit-for-tat move.",
        ),
        article(
            "wire-3",
            "AP",
            "https://example.net/ap/3",
            "Two Estonian diplomats were expelled by Russia on Monday, officials in Tallinn said.",
        ),
        article(
            "wire-4",
            "AP",
            "https://example.net/ap/4",
            "France and Germany signed a defence cooperation agreement in Paris on Tuesday.",
        ),
    ]
}

fn code(articles: &[Article]) -> Vec<Coded> {
    articles.iter().map(|a| pipeline().code(a)).collect()
}

fn version() -> String {
    pipeline().lexicon().version.clone()
}

fn temp_db() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    (dir, path)
}

#[test]
fn ingest_twice_adds_nothing() {
    let (_d, path) = temp_db();
    let mut s = Store::open(&path).unwrap();
    let (first, ids) = s.insert_batch(&code(&reports()), &version()).unwrap();
    assert!(first.iter().all(|i| matches!(i, Inserted::Added { .. })));
    assert!(!ids.is_empty());
    s.recluster(&ids).unwrap();
    let before = s.counts().unwrap();
    // The same articles again, one re-wrapped with different spacing and case: all duplicates.
    let mut again = reports();
    again[0].text = again[0].text.to_uppercase().replace(' ', "  ");
    again[0].url = None;
    let (second, ids2) = s.insert_batch(&code(&again), &version()).unwrap();
    assert!(second.iter().all(|i| *i == Inserted::Duplicate), "{second:?}");
    assert!(ids2.is_empty());
    assert_eq!(s.counts().unwrap(), before);
    // Same URL, new text (a corrected story): still the same article.
    let mut moved = reports()[1].clone();
    moved.text.push_str(" Estonia protested.");
    assert!(s.contains(&moved).unwrap());
    drop(s);
    // Reopening runs no migration twice and keeps everything.
    let s = Store::open(&path).unwrap();
    assert_eq!(s.counts().unwrap(), before);
    assert_eq!(s.integrity_check().unwrap(), "ok");
}

#[test]
fn three_reports_of_one_expulsion_are_one_cluster() {
    let (_d, path) = temp_db();
    let mut s = Store::open(&path).unwrap();
    let (_, ids) = s.insert_batch(&code(&reports()), &version()).unwrap();
    s.recluster(&ids).unwrap();
    let expulsions = s.events(&EventFilter { dyad: Some(("RUS".into(), "EST".into())), ..Default::default() }).unwrap();
    let articles: Vec<&str> = expulsions.iter().filter_map(|e| e.record["article_id"].as_str()).collect();
    assert_eq!(articles, ["wire-1", "wire-2", "wire-3"], "{expulsions:#?}");
    for e in &expulsions {
        assert_eq!(e.record["root"], "16");
        assert_eq!(e.record["date"], "2024-03-04");
    }
    let cluster = expulsions[0].cluster.unwrap();
    assert!(expulsions.iter().all(|e| e.cluster == Some(cluster)));
    assert_eq!(expulsions[0].num_articles, Some(3));
    assert_eq!(expulsions[0].num_sources, Some(3));
    assert_eq!(expulsions[0].num_mentions, Some(3));
    // The canonical event is the first report's.
    let canon = s
        .events(&EventFilter { dyad: Some(("RUS".into(), "EST".into())), canonical: true, ..Default::default() })
        .unwrap();
    assert_eq!(canon.len(), 1);
    assert_eq!(canon[0].record["article_id"], "wire-1");
    // The unrelated agreement is its own cluster.
    let other = s.events(&EventFilter { actor: Some("DEU".into()), ..Default::default() }).unwrap();
    assert!(!other.is_empty());
    assert!(other.iter().all(|e| e.cluster != Some(cluster)));
}

#[test]
fn filters_select_what_they_name() {
    let (_d, path) = temp_db();
    let mut s = Store::open(&path).unwrap();
    let (_, ids) = s.insert_batch(&code(&reports()), &version()).unwrap();
    s.recluster(&ids).unwrap();
    let n = |f: EventFilter| s.count_events(&f).unwrap();
    let all = n(EventFilter::default());
    assert!(all >= 4);
    assert_eq!(n(EventFilter { root: Some("16".into()), ..Default::default() }), 3);
    assert_eq!(n(EventFilter { code: Some("16".into()), ..Default::default() }), 3);
    assert_eq!(n(EventFilter { source: Some("RUS".into()), ..Default::default() }), 3);
    assert_eq!(n(EventFilter { target: Some("RUS".into()), ..Default::default() }), 0);
    assert_eq!(n(EventFilter { text: Some("tit-for-tat".into()), ..Default::default() }), 1);
    assert_eq!(n(EventFilter { text: Some("100%".into()), ..Default::default() }), 0);
    assert_eq!(n(EventFilter { from: Some("2024-03-05".into()), ..Default::default() }), all - 3);
    assert_eq!(n(EventFilter { to: Some("2024-03-04".into()), ..Default::default() }), 3);
    let page = s.events(&EventFilter { limit: Some(2), offset: 1, ..Default::default() }).unwrap();
    assert_eq!(page.len(), 2);
}

#[test]
fn exports_write_every_format() {
    let (_d, path) = temp_db();
    let mut s = Store::open(&path).unwrap();
    let (_, ids) = s.insert_batch(&code(&reports()), &version()).unwrap();
    s.recluster(&ids).unwrap();
    let all = s.count_events(&EventFilter::default()).unwrap();

    let mut jsonl = Vec::new();
    assert_eq!(demarche_store::export(&s, &EventFilter::default(), ExportFormat::Jsonl, &mut jsonl).unwrap(), all);
    for line in String::from_utf8(jsonl).unwrap().lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert!(v["event_id"].is_i64() && v["cameo"].is_string() && v["entries"].is_array());
    }

    let mut csv_out = Vec::new();
    demarche_store::export(&s, &EventFilter::default(), ExportFormat::Csv, &mut csv_out).unwrap();
    let mut r = csv::Reader::from_reader(csv_out.as_slice());
    assert_eq!(r.headers().unwrap().iter().collect::<Vec<_>>(), demarche_store::CSV_COLUMNS);
    assert_eq!(r.records().count() as u64, all);

    // GDELT: one row per cluster, 61 tab-separated columns in GDELT 2.0's order.
    let mut gd = Vec::new();
    let rows = demarche_store::export(&s, &EventFilter::default(), ExportFormat::Gdelt, &mut gd).unwrap();
    assert_eq!(rows, s.counts().unwrap().clusters);
    let text = String::from_utf8(gd).unwrap();
    let expel = text.lines().map(|l| l.split('\t').collect::<Vec<_>>()).find(|c| c[28] == "16").unwrap();
    assert_eq!(expel.len(), 61);
    let col = |name: &str| demarche_store::GDELT_COLUMNS.iter().position(|c| *c == name).unwrap();
    assert_eq!(expel[col("SQLDATE")], "20240304");
    assert_eq!(expel[col("Actor1CountryCode")], "RUS");
    assert_eq!(expel[col("Actor2CountryCode")], "EST");
    assert_eq!(expel[col("EventRootCode")], "16");
    assert_eq!(expel[col("QuadClass")], "4");
    assert_eq!(expel[col("NumArticles")], "3");
    assert_eq!(expel[col("NumSources")], "3");
    assert_eq!(expel[col("SOURCEURL")], "https://example.com/reuters/1");
}

#[test]
fn recode_replaces_the_coding_and_keeps_the_articles() {
    let (_d, path) = temp_db();
    let mut s = Store::open(&path).unwrap();
    let (_, ids) = s.insert_batch(&code(&reports()), "old-lexicon").unwrap();
    s.recluster(&ids).unwrap();
    let before = s.counts().unwrap();
    let todo = s.articles_to_recode(&version(), false, 0, 100).unwrap();
    assert_eq!(todo.len(), 4);
    let coded: Vec<(i64, Coded)> = todo.iter().map(|(id, a)| (*id, pipeline().code(a))).collect();
    s.replace_coding(&coded, &version()).unwrap();
    s.recluster_all().unwrap();
    assert_eq!(s.counts().unwrap(), before, "same articles, same coding: same rows");
    assert!(s.articles_to_recode(&version(), false, 0, 100).unwrap().is_empty());
    let stale = s.events(&EventFilter::default()).unwrap();
    assert!(stale.iter().all(|e| e.record["lexicon"] == version().as_str()));
}

#[test]
fn a_newer_schema_is_refused_by_name() {
    let (_d, path) = temp_db();
    drop(Store::open(&path).unwrap());
    let c = rusqlite::Connection::open(&path).unwrap();
    c.pragma_update(None, "user_version", 99).unwrap();
    drop(c);
    let e = Store::open(&path).unwrap_err().to_string();
    assert!(e.contains("t.db") && e.contains("newer"), "{e}");
    let e = Store::open_read_only(path.with_file_name("missing.db")).unwrap_err().to_string();
    assert!(e.contains("missing.db"), "{e}");
}
