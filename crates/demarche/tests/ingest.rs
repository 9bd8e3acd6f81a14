//! `demarche ingest` as a user runs it: idempotent, resumable after `kill -9`,
//! queryable and exportable.
#![allow(clippy::unwrap_used)]

use demarche_store::Store;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn demarche(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_demarche")).args(args).current_dir(root()).output().unwrap()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn ingesting_the_examples_twice_adds_nothing_the_second_time() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("ex.db");
    let first = demarche(&["ingest", "--db", s(&db), "examples"]);
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    let c1 = Store::open_read_only(&db).unwrap().counts().unwrap();
    // Each example comes as .txt and as .json with the same text: stored once.
    assert_eq!(c1.articles, 6);
    assert!(c1.events > 20, "{c1:?}");
    let second = demarche(&["ingest", "--db", s(&db), "examples"]);
    assert!(second.status.success());
    assert!(String::from_utf8_lossy(&second.stderr).contains("0 added"), "{}", String::from_utf8_lossy(&second.stderr));
    assert_eq!(Store::open_read_only(&db).unwrap().counts().unwrap(), c1);

    // Queries and exports over what was stored.
    let ev = demarche(&["events", "--db", s(&db), "--dyad", "GBR-FIN", "--format", "jsonl"]);
    assert!(ev.status.success());
    let rows: Vec<serde_json::Value> =
        String::from_utf8(ev.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert!(rows.iter().any(|r| r["cameo"] == "040" && r["article_id"] == "readout-call"), "{rows:#?}");
    assert!(rows.iter().all(|r| r["source"].as_array().unwrap().contains(&"GBR".into())));
    let out = dir.path().join("g.tsv");
    let ex = demarche(&["export", "--db", s(&db), "--format", "gdelt", "--out", s(&out)]);
    assert!(ex.status.success());
    let gdelt = std::fs::read_to_string(&out).unwrap();
    assert!(gdelt.lines().count() > 10);
    assert!(gdelt.lines().all(|l| l.split('\t').count() == 61));
    let bad = demarche(&["events", "--db", s(&db), "--dyad", "RUS"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("not a dyad"));
}

#[test]
fn kill_9_during_ingest_loses_nothing_and_a_rerun_resumes() {
    const N: usize = 1500;
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus.jsonl");
    let mut f = std::fs::File::create(&corpus).unwrap();
    demarche_corpus::write_jsonl(11, N, &mut f).unwrap();
    drop(f);

    let killed = dir.path().join("killed.db");
    let mut child = Command::new(env!("CARGO_BIN_EXE_demarche"))
        .args(["ingest", "--db", s(&killed), s(&corpus), "-j", "2"])
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait for the first committed batches, then SIGKILL mid-run.
    let started = Instant::now();
    loop {
        std::thread::sleep(Duration::from_millis(50));
        let n = Store::open_read_only(&killed).ok().and_then(|st| st.counts().ok()).map_or(0, |c| c.articles);
        if n > 0 || started.elapsed() > Duration::from_secs(120) {
            break;
        }
    }
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();

    let st = Store::open(&killed).unwrap();
    assert_eq!(st.integrity_check().unwrap(), "ok");
    let partial = st.counts().unwrap();
    assert!(partial.articles > 0 && (partial.articles as usize) < N, "killed too late to test: {partial:?}");
    drop(st);

    let resumed = demarche(&["ingest", "--db", s(&killed), s(&corpus)]);
    assert!(resumed.status.success(), "{}", String::from_utf8_lossy(&resumed.stderr));
    let clean = dir.path().join("clean.db");
    assert!(demarche(&["ingest", "--db", s(&clean), s(&corpus)]).status.success());

    let (a, b) = (Store::open(&killed).unwrap(), Store::open(&clean).unwrap());
    assert_eq!(a.integrity_check().unwrap(), "ok");
    let (ca, cb) = (a.counts().unwrap(), b.counts().unwrap());
    assert_eq!(ca.articles as usize, N);
    assert_eq!(ca, cb, "a killed and resumed ingest stores exactly what a clean one does");
    let distinct: i64 =
        a.connection().query_row("SELECT count(DISTINCT ext_id) FROM articles", [], |r| r.get(0)).unwrap();
    assert_eq!(distinct as usize, N);
    let unclustered: i64 =
        a.connection().query_row("SELECT count(*) FROM events WHERE cluster IS NULL", [], |r| r.get(0)).unwrap();
    assert_eq!(unclustered, 0);
}
