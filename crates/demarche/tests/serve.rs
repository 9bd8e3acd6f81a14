//! `serve`, `series` and `alerts` through the binary, over a store of the examples.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_demarche"))
}

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

fn store(dir: &Path) -> PathBuf {
    let db = dir.join("ex.db");
    let mut cmd = bin();
    cmd.arg("ingest").arg("--db").arg(&db);
    for name in ["reuters-sanctions", "tass-gas-transit", "ap-border-clash"] {
        cmd.arg(examples().join(format!("{name}.json")));
    }
    let out = cmd.output().expect("run ingest");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    db
}

fn run(args: &[&str], db: &Path) -> (bool, String, String) {
    let out = bin().args(args).arg("--db").arg(db).output().expect("run demarche");
    (out.status.success(), String::from_utf8_lossy(&out.stdout).into(), String::from_utf8_lossy(&out.stderr).into())
}

#[test]
fn series_as_csv() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = store(dir.path());
    let (ok, out, err) = run(&["series", "--dyad", "CHN-EU", "--from", "2023-06-20", "--to", "2023-06-25"], &db);
    assert!(ok, "{err}");
    let mut rdr = csv::Reader::from_reader(out.as_bytes());
    let header: Vec<String> = rdr.headers().expect("header").iter().map(String::from).collect();
    assert_eq!(header[..3], ["date", "articles", "events"]);
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.expect("row")).collect();
    assert_eq!(rows.len(), 6, "one row per day: {out}");
    let day = rows.iter().find(|r| &r[0] == "2023-06-23").expect("the day of the sanctions package");
    // Beijing accused, rejected and threatened: three verbal-conflict events.
    assert_eq!(&day[2], "3", "{out}");
    assert_eq!(&day[5], "3", "QuadClass 3: {out}");
    assert_eq!(&day[1], "1", "one article published that day: {out}");
    let conflict: f64 = day[9].parse().expect("conflict");
    assert!(conflict > 6.0, "{out}");
    assert!(rows.iter().filter(|r| &r[0] != "2023-06-23").all(|r| &r[2] == "0"), "{out}");

    let (ok, out, _) = run(&["series", "--actor", "kgz", "--format", "jsonl"], &db);
    assert!(ok);
    let days: Vec<serde_json::Value> = out.lines().map(|l| serde_json::from_str(l).expect("json")).collect();
    assert_eq!(days.first().map(|d| d["date"].clone()), Some("2023-05-15".into()), "{out}");

    let (ok, _, err) = run(&["series", "--dyad", "CHN-EU", "--from", "2023-06-25", "--to", "2023-06-20"], &db);
    assert!(!ok);
    assert!(err.contains("after"), "{err}");
    let (ok, _, err) = run(&["series", "--dyad", "CHN"], &db);
    assert!(!ok);
    assert!(err.contains("dyad"), "{err}");
}

#[test]
fn alerts_as_csv_and_bad_input() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = store(dir.path());
    let (ok, out, err) = run(&["alerts", "--from", "2019-01-01", "--to", "2023-12-31"], &db);
    assert!(ok, "{err}");
    let mut rdr = csv::Reader::from_reader(out.as_bytes());
    assert_eq!(rdr.headers().expect("header").iter().collect::<Vec<_>>()[..3], ["date", "source", "target"]);
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.expect("row")).collect();
    // The border clash: both sides shelled each other on a quiet dyad.
    assert!(rows.iter().any(|r| &r[0] == "2023-05-16" && &r[1] == "KGZ" && &r[2] == "TJK"), "{out}");
    assert!(rows.iter().any(|r| &r[0] == "2023-05-16" && &r[1] == "TJK" && &r[2] == "KGZ"), "{out}");
    for r in &rows {
        let z: f64 = r[6].parse().expect("z");
        assert!(z >= 2.0, "{out}");
    }
    let (ok, out, _) = run(&["alerts", "--from", "2019-01-01", "--to", "2023-12-31", "--threshold", "10"], &db);
    assert!(ok);
    assert_eq!(out.lines().count(), 1, "only the header at ten sigma: {out}");

    let (ok, _, err) = run(&["alerts", "--window", "3"], &db);
    assert!(!ok);
    assert!(err.contains("window"), "{err}");
    let missing = dir.path().join("missing.db");
    let (ok, _, err) = run(&["alerts"], &missing);
    assert!(!ok);
    assert!(err.contains("missing.db"), "{err}");
}

#[test]
fn serve_answers_on_loopback() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = store(dir.path());
    let mut child = bin()
        .args(["serve", "--port", "0", "--db"])
        .arg(&db)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start serve");
    let mut first = String::new();
    BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut first).expect("first line");
    let base = first.trim().strip_prefix("listening on ").map(str::to_string);
    let result = std::panic::catch_unwind(|| {
        let base = base.expect("the address line");
        assert!(base.starts_with("http://127.0.0.1:"), "{base}");
        let meta: serde_json::Value =
            ureq::get(format!("{base}/api/meta")).call().expect("meta").body_mut().read_json().expect("json");
        assert_eq!(meta["articles"], 3);
        let err = ureq::get(format!("{base}/api/events?per_page=9999")).call().expect_err("bad page size");
        assert!(matches!(err, ureq::Error::StatusCode(400)), "{err}");
        let page = ureq::get(format!("{base}/")).call().expect("dashboard").body_mut().read_to_string().expect("html");
        assert!(page.contains("<html") || page.contains("<!doctype") || page.contains("<!DOCTYPE"), "{page}");
    });
    let _ = child.kill();
    let _ = child.wait();
    if let Err(e) = result {
        std::panic::resume_unwind(e);
    }

    let out = bin().args(["serve", "--port", "0", "--db"]).arg(dir.path().join("none.db")).output().expect("run");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("none.db"));
}
