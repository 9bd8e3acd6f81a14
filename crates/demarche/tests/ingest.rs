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

// ---- Every input format, and bad input, through `demarche ingest` ----

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ingest")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A WARC 1.1 record; `length: None` leaves out Content-Length (a malformed record).
fn warc_record(kind: &str, uri: &str, id: u32, block: &[u8], length: Option<usize>) -> Vec<u8> {
    let mut head = format!(
        "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Date: 2024-05-13T06:00:00Z\r\nWARC-Target-URI: {uri}\r\n\
         WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-{id:012}>\r\n\
         Content-Type: application/http; msgtype={kind}\r\n"
    );
    if let Some(n) = length {
        head.push_str(&format!("Content-Length: {n}\r\n"));
    }
    head.push_str("\r\n");
    let mut out = head.into_bytes();
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

fn http_response(html: &str) -> Vec<u8> {
    let mut out =
        format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n", html.len())
            .into_bytes();
    out.extend_from_slice(html.as_bytes());
    out
}

fn response(uri: &str, id: u32, html: &str) -> Vec<u8> {
    let block = http_response(html);
    warc_record("response", uri, id, &block, Some(block.len()))
}

/// A page whose date is only in its JSON-LD; the WARC-Date (13 May) is the crawl's.
const EXPULSION_PAGE: &str = r#"<html><head>
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Poland expels Belarusian diplomat", "datePublished": "2024-05-10T08:00:00Z",
 "publisher": {"@type": "Organization", "name": "Example Times"}}</script>
</head><body><nav><a href="/">Home</a></nav>
<article><p>Poland expelled a Belarusian diplomat on Friday, the foreign ministry in Warsaw said.</p></article>
</body></html>"#;

/// A crawl: warcinfo, the request, the response with the page.
fn write_warc(path: &Path) {
    let uri = "https://times.example.com/2024/05/10/expulsion";
    let mut w = warc_record("warcinfo", uri, 1, b"software: demarche tests\r\n", Some(26));
    let request = b"GET /2024/05/10/expulsion HTTP/1.1\r\nHost: times.example.com\r\n\r\n";
    w.extend(warc_record("request", uri, 2, request, Some(request.len())));
    w.extend(response(uri, 3, EXPULSION_PAGE));
    std::fs::write(path, w).unwrap();
}

fn gzip_to(src: &Path, dst: &Path) {
    use std::io::Write;
    let mut enc = flate2::write::GzEncoder::new(std::fs::File::create(dst).unwrap(), flate2::Compression::fast());
    enc.write_all(&std::fs::read(src).unwrap()).unwrap();
    enc.finish().unwrap();
}

type ArticleRow = (String, Option<String>, Option<String>, Option<String>, Option<String>);

/// Stored articles: (id, title, url, published, publisher), by id.
fn stored_articles(db: &Path) -> Vec<ArticleRow> {
    let st = Store::open_read_only(db).unwrap();
    let mut q =
        st.connection().prepare("SELECT ext_id, title, url, published, source FROM articles ORDER BY ext_id").unwrap();
    q.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn stored_ids(db: &Path) -> Vec<String> {
    stored_articles(db).into_iter().map(|a| a.0).collect()
}

fn row(id: &str, title: Option<&str>, url: Option<&str>, published: &str, source: Option<&str>) -> ArticleRow {
    let o = |s: Option<&str>| s.map(str::to_string);
    (id.into(), o(title), o(url), Some(published.into()), o(source))
}

/// The articles the fixtures hold, with the metadata each format gives.
fn expected_articles() -> Vec<ArticleRow> {
    let mut v = vec![
        // Plain text: the date from --published.
        row("accusation", None, None, "2024-05-06", None),
        // JSONL: one article per line.
        row("brief-1", Some("Iran warns Israel"), Some("https://news.example.org/briefs/1"), "2024-05-08", None),
        row("brief-2", Some("Maritime talks in Tokyo"), Some("https://news.example.org/briefs/2"), "2024-05-08", None),
        // HTML: og:title, canonical link, article:published_time (the publisher's day), og:site_name.
        row(
            "protest",
            Some("Japan protests coast guard incursion"),
            Some("https://news.example.org/2024/05/09/coast-guard"),
            "2024-05-09",
            Some("Example News"),
        ),
        // JSON: its fields.
        row(
            "signing",
            Some("France and Germany sign trade pact"),
            Some("https://news.example.org/2024/05/07/trade-pact"),
            "2024-05-07",
            Some("Example News"),
        ),
        // RSS items: guid, title, link, pubDate at the publisher's offset, the channel's title.
        row(
            "ew-1",
            Some("Turkey condemns Greece over fishermen"),
            Some("https://wire.example.org/2024/05/09/fishermen"),
            "2024-05-09",
            Some("Example Wire"),
        ),
        row(
            "ew-2",
            Some("India and Pakistan exchange fire"),
            Some("https://wire.example.org/2024/05/11/border-fire"),
            "2024-05-11",
            Some("Example Wire"),
        ),
        // Atom entries: published, else updated.
        row(
            "tag:dispatch.example.org,2024:aid",
            Some("Germany pledges aid to Ukraine"),
            Some("https://dispatch.example.org/2024/05/12/aid"),
            "2024-05-12",
            Some("Example Dispatch"),
        ),
        row(
            "tag:dispatch.example.org,2024:praise",
            Some("Brazil praises Argentina"),
            Some("https://dispatch.example.org/2024/05/10/praise"),
            "2024-05-10",
            Some("Example Dispatch"),
        ),
        // WARC: the record id, the target URI, the JSON-LD headline, date and publisher.
        row(
            "00000000-0000-4000-8000-000000000003",
            Some("Poland expels Belarusian diplomat"),
            Some("https://times.example.com/2024/05/10/expulsion"),
            "2024-05-10",
            Some("Example Times"),
        ),
    ];
    v.sort();
    v
}

/// Events as (article id, CAMEO code, sources, targets, date), from `demarche events`.
fn events_of(db: &Path) -> Vec<(String, String, String, String, String)> {
    let out = demarche(&["events", "--db", s(db), "--format", "jsonl"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let join =
        |v: &serde_json::Value| v.as_array().unwrap().iter().map(|c| c.as_str().unwrap()).collect::<Vec<_>>().join(";");
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let r: serde_json::Value = serde_json::from_str(l).unwrap();
            let text = |k: &str| r[k].as_str().unwrap_or_default().to_string();
            (text("article_id"), text("cameo"), join(&r["source"]), join(&r["target"]), text("date"))
        })
        .collect()
}

#[test]
fn every_input_format_and_its_gzip_through_ingest() {
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("plain");
    let gz = dir.path().join("gz");
    std::fs::create_dir_all(&plain).unwrap();
    std::fs::create_dir_all(&gz).unwrap();
    for f in std::fs::read_dir(fixtures()).unwrap() {
        let p = f.unwrap().path();
        std::fs::copy(&p, plain.join(p.file_name().unwrap())).unwrap();
    }
    write_warc(&plain.join("crawl.warc"));
    for f in std::fs::read_dir(&plain).unwrap() {
        let p = f.unwrap().path();
        gzip_to(&p, &gz.join(format!("{}.gz", p.file_name().unwrap().to_string_lossy())));
    }

    for (name, input) in [("plain", &plain), ("gz", &gz)] {
        let db = dir.path().join(format!("{name}.db"));
        let out = demarche(&["ingest", "--db", s(&db), "--published", "2024-05-06", s(input)]);
        let err = stderr(&out);
        assert!(out.status.success(), "{name}: {err}");
        assert!(err.contains("10 read, 10 added, 0 duplicate, 13 events, 0 failed"), "{name}: {err}");
        assert_eq!(stored_articles(&db), expected_articles(), "{name}");

        let events = events_of(&db);
        assert_eq!(events.len(), 13, "{name}: {events:#?}");
        let has = |id: &str, cameo: &str, src: &str, tgt: &str, date: &str| {
            let e = (id.to_string(), cameo.to_string(), src.to_string(), tgt.to_string(), date.to_string());
            assert!(events.contains(&e), "{name}: no {e:?} in {events:#?}");
        };
        // txt: an accusation dated by --published (a Monday).
        has("accusation", "1123", "RUS", "UKR", "2024-05-06");
        // json: a signing, both ways.
        has("signing", "057", "FRA", "DEU", "2024-05-07");
        has("signing", "057", "DEU", "FRA", "2024-05-07");
        // jsonl, HTML, RSS, Atom, WARC.
        has("brief-1", "130", "IRN", "ISR", "2024-05-08");
        has("protest", "114", "JPN", "CHN", "2024-05-09");
        has("ew-1", "111", "TUR", "GRC", "2024-05-09");
        has("tag:dispatch.example.org,2024:aid", "0332", "DEU", "UKR", "2024-05-12");
        has("00000000-0000-4000-8000-000000000003", "161", "POL", "BLR", "2024-05-10");
    }
}

/// An RSS feed whose second item breaks its XML.
const BROKEN_FEED: &str = r#"<?xml version="1.0"?>
<rss version="2.0"><channel><title>Broken Wire</title>
<item><guid>bw-1</guid><title>Talks resume</title>
<description>Egypt hosted talks between Israel and Hamas in Cairo on Friday.</description></item>
<item><guid>bw-2</guid><title>Cut</title>
<description>This item never closes.</descripton></item>
</channel></rss>
"#;

#[test]
fn bad_input_is_named_the_rest_is_stored_and_nothing_is_lost() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    // Stored before the bad run: it must survive it.
    let first = demarche(&["ingest", "--db", s(&db), s(&fixtures().join("signing.json"))]);
    assert!(first.status.success(), "{}", stderr(&first));
    let before = Store::open_read_only(&db).unwrap().counts().unwrap();
    assert_eq!(before.articles, 1);

    let bad = dir.path().join("in");
    std::fs::create_dir_all(&bad).unwrap();
    // A good file among the bad ones.
    std::fs::copy(fixtures().join("accusation.txt"), bad.join("accusation.txt")).unwrap();
    // Truncated gzip: the lines before the break are kept.
    let lines: String = (1..=40)
        .map(|i| format!("{{\"id\": \"cut-{i}\", \"text\": \"Envoys met for round {i} of the border talks.\"}}\n"))
        .collect();
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    std::io::Write::write_all(&mut enc, lines.as_bytes()).unwrap();
    let gz = enc.finish().unwrap();
    std::fs::write(bad.join("cut.jsonl.gz"), &gz[..gz.len() * 2 / 3]).unwrap();
    // A malformed WARC record (no Content-Length) between two good ones.
    let block = http_response("<p>Lost.</p>");
    let mut warc = response(
        "https://times.example.com/a",
        1,
        "<html><body><p>Brazil praised Argentina on Friday for its cooperation.</p></body></html>",
    );
    warc.extend(warc_record("response", "https://times.example.com/x", 2, &block, None));
    warc.extend(response(
        "https://times.example.com/b",
        3,
        "<html><body><p>Poland expelled a Belarusian diplomat on Tuesday.</p></body></html>",
    ));
    std::fs::write(bad.join("crawl.warc"), warc).unwrap();
    // HTML with no text.
    std::fs::write(
        bad.join("blank.html"),
        "<html><head><title>Index</title></head><body><nav><a href='/'>Home</a></nav></body></html>",
    )
    .unwrap();
    // A feed with broken XML.
    std::fs::write(bad.join("broken.rss"), BROKEN_FEED).unwrap();
    // A JSONL file with one bad line.
    std::fs::write(
        bad.join("notes.jsonl"),
        "{\"id\": \"note-1\", \"text\": \"Iran threatened Israel with retaliation.\"}\n{\"id\": \"note-2\", \"text\": \n{\"id\": \"note-3\", \"text\": \"Japan protested to China over a coast guard incursion.\"}\n",
    )
    .unwrap();

    let out = demarche(&["ingest", "--db", s(&db), s(&bad)]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let p = |name: &str| bad.join(name).display().to_string();
    let kept = gz_lines_kept(&gz[..gz.len() * 2 / 3]);
    assert!(kept > 0 && kept < 40, "{kept}");
    for expected in [
        format!("demarche: {}:{}: corrupt or truncated gzip data", p("cut.jsonl.gz"), kept + 1),
        format!("demarche: {}:2: record 2: no Content-Length header", p("crawl.warc")),
        format!("demarche: {}: no article text", p("blank.html")),
        format!("demarche: {}:6: broken feed XML: ", p("broken.rss")),
        "(the item before it was read)".to_string(),
        format!("demarche: {}:2: not a JSON object", p("notes.jsonl")),
    ] {
        assert!(err.contains(&expected), "no `{expected}` in:\n{err}");
    }
    // The counts: what was read and added, and how many inputs failed.
    let added = 1 + kept + 2 + 1 + 2;
    let summary = format!("{added} read, {added} added, 0 duplicate");
    assert!(err.contains(&summary), "no `{summary}` in:\n{err}");
    assert!(err.contains(", 5 failed |"), "{err}");
    assert!(err.contains("demarche: 5 input(s) failed"), "{err}");

    let ids = stored_ids(&db);
    for id in ["signing", "accusation", "bw-1", "note-1", "note-3", "cut-1", "00000000-0000-4000-8000-000000000001"] {
        assert!(ids.contains(&id.to_string()), "{id} not stored: {ids:?}");
    }
    assert!(ids.contains(&"00000000-0000-4000-8000-000000000003".to_string()), "{ids:?}");
    assert_eq!(ids.len(), 1 + added, "{ids:?}");
    let st = Store::open_read_only(&db).unwrap();
    assert_eq!(st.integrity_check().unwrap(), "ok");
    let after = st.counts().unwrap();
    assert!(after.events > before.events, "{after:?}");
}

/// How many whole lines a truncated gzip stream gives before it breaks.
fn gz_lines_kept(gz: &[u8]) -> usize {
    use std::io::Read;
    let mut text = Vec::new();
    let _ = flate2::read::GzDecoder::new(gz).read_to_end(&mut text);
    text.iter().filter(|&&b| b == b'\n').count()
}

/// The peak resident memory of a running process, in KiB (Linux).
fn peak_rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[test]
fn a_200_mb_file_is_refused_quickly_without_being_read_into_memory() {
    const SIZE: u64 = 200 * 1024 * 1024;
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    std::fs::copy(fixtures().join("accusation.txt"), input.join("accusation.txt")).unwrap();
    // Sparse files: 200 MB on paper, written in no time. A single-article format...
    std::fs::File::create(input.join("huge.txt")).unwrap().set_len(SIZE).unwrap();
    // ...a JSONL file whose second line runs to the end...
    std::fs::write(input.join("huge.jsonl"), "{\"id\": \"small\", \"text\": \"Iran threatened Israel.\"}\n").unwrap();
    std::fs::OpenOptions::new().append(true).open(input.join("huge.jsonl")).unwrap().set_len(SIZE).unwrap();
    // ...and a WARC record that says it is 200 MB.
    let head = format!(
        "WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:1>\r\nContent-Type: application/http\r\nContent-Length: {SIZE}\r\n\r\n"
    );
    std::fs::write(input.join("huge.warc"), &head).unwrap();
    std::fs::OpenOptions::new()
        .append(true)
        .open(input.join("huge.warc"))
        .unwrap()
        .set_len(head.len() as u64 + SIZE)
        .unwrap();

    let db = dir.path().join("t.db");
    let (out, elapsed, peak) = run_measured(&["ingest", "--db", s(&db), s(&input)], None);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let p = |name: &str| input.join(name).display().to_string();
    for expected in [
        format!("demarche: {}: record larger than 32 MiB", p("huge.txt")),
        format!("demarche: {}:2: record larger than 32 MiB", p("huge.jsonl")),
        format!("demarche: {}:1: record 1: record larger than 32 MiB", p("huge.warc")),
    ] {
        assert!(err.contains(&expected), "no `{expected}` in:\n{err}");
    }
    assert!(err.contains("2 read, 2 added, 0 duplicate") && err.contains(", 3 failed |"), "{err}");
    assert_eq!(stored_ids(&db), ["accusation", "small"]);
    // Generous bounds for a debug build on a busy machine; reading 600 MB into memory breaks both.
    // A hang guard, not a speed target: the memory bound above is the real check.
    assert!(elapsed < Duration::from_secs(600), "{elapsed:?}");
    assert!(peak < 150 * 1024, "peak RSS {peak} KiB");

    // The same through stdin: a good line, a 200 MB line, a good line.
    let stream = |w: &mut dyn std::io::Write| {
        w.write_all(b"{\"id\": \"s1\", \"text\": \"Iran threatened Israel.\"}\n")?;
        std::io::copy(&mut std::io::Read::take(std::io::repeat(b'x'), SIZE), w)?;
        w.write_all(b"\n{\"id\": \"s3\", \"text\": \"Japan protested to China.\"}\n")
    };
    let db = dir.path().join("stdin.db");
    let (out, elapsed, peak) = run_measured(&["ingest", "--db", s(&db), "-"], Some(&stream));
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("demarche: <stdin>:2: record larger than 32 MiB"), "{err}");
    assert!(err.contains("2 read, 2 added, 0 duplicate") && err.contains(", 1 failed |"), "{err}");
    assert_eq!(stored_ids(&db), ["s1", "s3"]);
    // A hang guard, not a speed target: the memory bound above is the real check.
    assert!(elapsed < Duration::from_secs(600), "{elapsed:?}");
    assert!(peak < 150 * 1024, "peak RSS {peak} KiB");
}

type Feed<'a> = &'a (dyn Fn(&mut dyn std::io::Write) -> std::io::Result<()> + Sync);

/// Runs demarche, feeding its stdin if asked; its output, how long it took and
/// its peak resident memory in KiB (0 where /proc has no VmHWM).
fn run_measured(args: &[&str], stdin: Option<Feed<'_>>) -> (Output, Duration, u64) {
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_demarche"))
        .args(args)
        .stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() })
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut pipe = child.stdin.take();
    let (out, peak) = std::thread::scope(|scope| {
        if let (Some(feed), Some(mut w)) = (stdin, pipe.take()) {
            // A broken pipe only means demarche stopped reading; its exit tells the rest.
            scope.spawn(move || {
                let _ = feed(&mut w);
            });
        }
        // VmHWM only grows: its last reading before the exit bounds what the run held.
        let mut peak = 0;
        while child.try_wait().unwrap().is_none() {
            peak = peak_rss_kib(child.id()).unwrap_or(0).max(peak);
            std::thread::sleep(Duration::from_millis(10));
        }
        (child.wait_with_output().unwrap(), peak)
    });
    (out, started.elapsed(), peak)
}

#[test]
#[cfg(feature = "parquet")]
fn export_parquet_writes_a_parquet_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    assert!(demarche(&["ingest", "--db", s(&db), "--published", "2024-05-06", s(&fixtures())]).status.success());
    let out = dir.path().join("e.parquet");
    let ex = demarche(&["export", "--db", s(&db), "--format", "parquet", "--out", s(&out)]);
    assert!(ex.status.success(), "{}", stderr(&ex));
    assert!(stderr(&ex).contains("exported 12 event(s)"), "{}", stderr(&ex));
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with(b"PAR1") && bytes.ends_with(b"PAR1"));
}

#[test]
#[cfg(not(feature = "parquet"))]
fn export_parquet_without_the_feature_says_how_to_turn_it_on() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    assert!(demarche(&["ingest", "--db", s(&db), s(&fixtures().join("signing.json"))]).status.success());
    let out = dir.path().join("e.parquet");
    let ex = demarche(&["export", "--db", s(&db), "--format", "parquet", "--out", s(&out)]);
    assert_eq!(ex.status.code(), Some(1));
    assert!(stderr(&ex).contains("cargo build --release --features parquet"), "{}", stderr(&ex));
    assert!(!out.exists());
}
