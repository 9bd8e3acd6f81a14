//! Hostile and broken inputs (tests/bad-input, README there): each one gives a
//! clear error naming the file (and line) or a sane result; never a panic, a
//! hang or unbounded memory. Every run has a deadline and, on Unix, a cap on
//! its address space, so a hang or a runaway allocation fails the test.
#![allow(clippy::unwrap_used)]

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn bad(name: &str) -> PathBuf {
    root().join("tests/bad-input").join(name)
}

/// Address space a run may take: the 32 MiB record bound plus the coder's own
/// needs, far below what reading a 40 MiB bomb or a 50 MB line whole would cost
/// alongside its copies.
const MEMORY_CAP_KIB: u64 = 1024 * 1024;

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Runs the CLI with a deadline; a run past it is killed and fails the test.
fn demarche(args: &[&str], deadline: Duration) -> Run {
    let exe = env!("CARGO_BIN_EXE_demarche");
    let mut cmd = if cfg!(unix) {
        // `ulimit -v` turns unbounded memory into a failed allocation (abort, non-zero exit).
        let mut c = Command::new("sh");
        c.arg("-c").arg(format!("ulimit -v {MEMORY_CAP_KIB} && exec \"$0\" \"$@\"")).arg(exe);
        c
    } else {
        Command::new(exe)
    };
    let mut child = cmd.args(args).current_dir(root()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    // Drain both pipes on threads so a chatty child cannot block on a full pipe.
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out_t = std::thread::spawn(move || {
        let mut s = Vec::new();
        out.read_to_end(&mut s).unwrap();
        s
    });
    let err_t = std::thread::spawn(move || {
        let mut s = Vec::new();
        err.read_to_end(&mut s).unwrap();
        s
    });
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > deadline {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("demarche {args:?} still running after {deadline:?}: a hang");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let stdout = String::from_utf8(out_t.join().unwrap()).unwrap();
    let stderr = String::from_utf8_lossy(&err_t.join().unwrap()).into_owned();
    assert!(!stderr.contains("panicked"), "demarche {args:?} panicked:\n{stderr}");
    Run { code: status.code(), stdout, stderr }
}

/// Generous: debug builds on a loaded CI machine are slow, and a real hang
/// (see the ignored test at the end) runs for many minutes.
const DEADLINE: Duration = Duration::from_secs(120);

fn code(path: &Path) -> Run {
    demarche(&["code", path.to_str().unwrap(), "--format", "jsonl"], DEADLINE)
}

fn events(run: &Run) -> Vec<serde_json::Value> {
    run.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

/// Exit 1 and exactly these error lines (`<path>[:line]: message` prefixes), no output.
fn assert_refused(run: &Run, errors: &[String]) {
    assert_eq!(run.code, Some(1), "stderr: {}", run.stderr);
    let lines: Vec<&str> = run.stderr.lines().filter(|l| !l.contains("input(s) failed")).collect();
    assert_eq!(lines.len(), errors.len(), "stderr: {}", run.stderr);
    for (line, want) in lines.iter().zip(errors) {
        assert!(line.starts_with(&format!("demarche: {want}")), "got `{line}`, want `demarche: {want}...`");
    }
}

fn refused_file(name: &str, message: &str) {
    let path = bad(name);
    let run = code(&path);
    assert_refused(&run, &[format!("{}: {message}", path.display())]);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
}

/// `(article_id, source, cameo, target)` of every event.
fn dyads(evs: &[serde_json::Value]) -> Vec<(String, String, String, String)> {
    evs.iter()
        .map(|e| {
            let s = |k: &str| e[k].as_str().map_or_else(|| e[k].to_string(), str::to_string);
            let codes =
                |k: &str| e[k].as_array().unwrap().iter().map(|c| c.as_str().unwrap()).collect::<Vec<_>>().join(";");
            (s("article_id"), codes("source"), s("cameo"), codes("target"))
        })
        .collect()
}

/// Every span of every event lies in `text`, on char boundaries, and the
/// sentence and trigger fields are the text they point at.
fn assert_spans(evs: &[serde_json::Value], text: &str) {
    let span = |a: &serde_json::Value, b: &serde_json::Value| {
        let (a, b) = (a.as_u64().unwrap() as usize, b.as_u64().unwrap() as usize);
        assert!(a <= b && b <= text.len(), "span {a}..{b} outside {} bytes", text.len());
        assert!(text.is_char_boundary(a) && text.is_char_boundary(b), "span {a}..{b} splits a character");
        &text[a..b]
    };
    for e in evs {
        assert_eq!(span(&e["sentence_start"], &e["sentence_end"]), e["sentence"].as_str().unwrap());
        assert_eq!(span(&e["trigger_start"], &e["trigger_end"]), e["trigger"].as_str().unwrap());
        for s in e["source_spans"].as_array().unwrap().iter().chain(e["target_spans"].as_array().unwrap()) {
            span(&s[0], &s[1]);
        }
    }
}

/// A text file that codes cleanly: exit 0, valid spans, and the embedded
/// "Russia criticized Ukraine" comes out as RUS 111 UKR.
fn codes_the_english_sentence(name: &str) -> Vec<serde_json::Value> {
    let path = bad(name);
    let run = code(&path);
    assert_eq!(run.code, Some(0), "stderr: {}", run.stderr);
    let evs = events(&run);
    if name.ends_with(".txt") {
        assert_spans(&evs, &std::fs::read_to_string(&path).unwrap());
    }
    let id = name.split('.').next().unwrap();
    let want = (id.to_string(), "RUS".to_string(), "111".to_string(), "UKR".to_string());
    assert!(dyads(&evs).contains(&want), "{:?}", dyads(&evs));
    evs
}

#[test]
fn invalid_and_foreign_encodings_in_text_are_refused_with_the_offset() {
    refused_file("invalid-utf8.txt", "not valid UTF-8 (first bad byte at offset 42)");
    refused_file("windows-1252-mixed.txt", "not valid UTF-8 (first bad byte at offset 46)");
    // A UTF-16 text file is refused as binary: its NUL bytes are checked first (see README).
    refused_file("utf16-bom.txt", "binary file (NUL bytes), not text");
    refused_file("nul-bytes.txt", "binary file (NUL bytes), not text");
}

#[test]
fn html_is_decoded_by_its_bom_or_as_windows_1252() {
    codes_the_english_sentence("utf16-bom.html");
    let evs = codes_the_english_sentence("windows-1252-mixed.html");
    // The curly quotes (0x93, 0x94) were read as Windows-1252, not dropped.
    assert!(evs[0]["sentence"].as_str().unwrap().starts_with("\u{201c}Russia criticized"), "{}", evs[0]["sentence"]);
}

#[test]
fn a_bad_jsonl_line_is_named_and_the_others_are_coded() {
    for (name, message) in [
        ("nul-bytes.jsonl", "not a JSON object: control character (\\u0000-\\u001F) found"),
        ("windows-1252-mixed.jsonl", "not valid UTF-8 (byte 28 of the line)"),
    ] {
        let path = bad(name);
        let run = code(&path);
        assert_refused(&run, &[format!("{}:2: {message}", path.display())]);
        let got = dyads(&events(&run));
        let want = [("ok-1", "RUS", "111", "UKR"), ("ok-3", "CHN", "051", "FRA")];
        let want: Vec<_> =
            want.iter().map(|(a, b, c, d)| (a.to_string(), b.to_string(), c.to_string(), d.to_string())).collect();
        assert_eq!(got, want, "{name}");
    }
}

#[test]
fn empty_files_say_they_are_empty() {
    for name in ["empty.txt", "whitespace-only.txt", "empty.json", "empty.html"] {
        refused_file(name, "empty: no text");
    }
    for name in ["empty.jsonl", "blank-lines.jsonl"] {
        refused_file(name, "empty: no records");
    }
}

#[test]
fn deep_nesting_is_refused_or_skipped_without_overflowing_the_stack() {
    let path = bad("deep-nested.json");
    let run = code(&path);
    let want = format!("{}:1: not a JSON article object: recursion limit exceeded", path.display());
    assert_refused(&run, &[want]);
    refused_file("nested-divs.html", "HTML nested deeper than 1000 elements");
    // An unknown field nested 20,000 deep is skipped (serde_json skips it
    // without recursing); the record still codes.
    let run = demarche(&["code", bad("deep-nested.jsonl").to_str().unwrap(), "--emit", "sentences"], DEADLINE);
    assert_eq!(run.code, Some(0), "stderr: {}", run.stderr);
    let ids: Vec<String> = events(&run).iter().map(|s| s["article_id"].as_str().unwrap().to_string()).collect();
    assert_eq!(ids, ["ok-1", "deep"]);
}

#[test]
fn gzip_bombs_stop_at_the_record_bound() {
    // 40 KB expanding to 40 MiB: refused once 32 MiB are read, under the memory cap.
    refused_file("bomb.txt.gz", "record larger than 32 MiB");
    let path = bad("bomb.jsonl.gz");
    let run = code(&path);
    assert_refused(&run, &[format!("{}:2: record larger than 32 MiB", path.display())]);
    assert_eq!(dyads(&events(&run)), [("a".into(), "RUS".into(), "111".into(), "UKR".into())]);
    // The store path reads the same way: the good record is stored, the bomb named.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("bad.db");
    // Two threads: the address-space cap must not depend on how many cores the machine has.
    let run = demarche(&["ingest", "--jobs", "2", "--db", db.to_str().unwrap(), path.to_str().unwrap()], DEADLINE);
    assert_eq!(run.code, Some(1), "stderr: {}", run.stderr);
    assert!(run.stderr.contains(&format!("{}:2: record larger than 32 MiB", path.display())), "{}", run.stderr);
    assert!(run.stderr.contains(" 1 articles, 1 events"), "{}", run.stderr);
}

#[test]
fn scripts_and_invisible_characters_keep_spans_on_char_boundaries() {
    for name in ["emoji.txt", "rtl.txt", "zero-width-bidi.txt", "control-chars.txt"] {
        codes_the_english_sentence(name);
    }
}

#[test]
fn nested_and_unbalanced_quotes_code_the_plain_sentence() {
    codes_the_english_sentence("nested-quotes.txt");
    codes_the_english_sentence("unbalanced-quotes.txt");
}

/// Writes `bytes` in chunks to a new file in `dir`.
fn write_file(dir: &Path, name: &str, chunks: impl Iterator<Item = Vec<u8>>) -> PathBuf {
    let path = dir.join(name);
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    for c in chunks {
        f.write_all(&c).unwrap();
    }
    f.flush().unwrap();
    path
}

#[test]
fn a_50_mb_single_line_is_refused_by_the_size_bound_as_text_and_as_jsonl() {
    let dir = tempfile::tempdir().unwrap();
    let clause = b"Russia criticized Ukraine on Monday, ";
    let n = 50 * 1024 * 1024 / clause.len() + 1;
    let line = write_file(dir.path(), "line.txt", (0..n).map(|_| clause.to_vec()));
    let run = code(&line);
    assert_refused(&run, &[format!("{}: record larger than 32 MiB", line.display())]);
    // JSONL: a valid line, a 50 MB string, a valid line: only the middle one fails.
    let ok = |id: &str, text: &str| format!("{{\"id\": \"{id}\", \"text\": \"{text}\"}}\n").into_bytes();
    let chunks = std::iter::once(ok("ok-1", "Russia criticized Ukraine on Monday."))
        .chain(std::iter::once(b"{\"id\": \"huge\", \"text\": \"".to_vec()))
        .chain((0..n).map(|_| clause.to_vec()))
        .chain(std::iter::once(b"\"}\n".to_vec()))
        .chain(std::iter::once(ok("ok-3", "China praised France on Tuesday.")));
    let jsonl = write_file(dir.path(), "huge-string.jsonl", chunks);
    let run = code(&jsonl);
    assert_refused(&run, &[format!("{}:2: record larger than 32 MiB", jsonl.display())]);
    let ids: Vec<String> = events(&run).iter().map(|e| e["article_id"].as_str().unwrap().to_string()).collect();
    assert_eq!(ids, ["ok-1", "ok-3"]);
}

/// `n`, or a tenth of it in a debug build (the coder is ~20x slower there);
/// `cargo test --release` runs the full size.
fn scaled(n: usize) -> usize {
    if cfg!(debug_assertions) { n / 10 } else { n }
}

#[test]
fn a_long_line_under_the_bound_is_coded() {
    // 1 MB (100 KB in debug) without a sentence end: one huge "sentence".
    let dir = tempfile::tempdir().unwrap();
    let words = "the talks went on and on ".repeat(scaled(1024 * 1024) / 25);
    let text = format!("{words}\n\nRussia criticized Ukraine.\n");
    let path = write_file(dir.path(), "words.txt", std::iter::once(text.clone().into_bytes()));
    let run = code(&path);
    assert_eq!(run.code, Some(0), "stderr: {}", run.stderr);
    let evs = events(&run);
    assert_spans(&evs, &text);
    assert_eq!(dyads(&evs), [("words".into(), "RUS".into(), "111".into(), "UKR".into())]);
}

/// Sentences of an article: mostly filler, one political sentence in a hundred.
fn many_sentences(count: usize) -> String {
    let filler = ["The talks continued.", "Officials met in Geneva.", "It rained all week.", "Prices rose sharply."];
    let mut s = String::new();
    for i in 0..count {
        s.push_str(if i % 100 == 0 { "Russia criticized Ukraine on Monday." } else { filler[i % 4] });
        // A paragraph break every 20 sentences, as articles have.
        s.push_str(if i % 20 == 19 { "\n\n" } else { " " });
    }
    s
}

#[test]
fn a_100k_sentence_article_is_coded_within_the_deadline() {
    let dir = tempfile::tempdir().unwrap();
    let text = many_sentences(scaled(100_000));
    let path = write_file(dir.path(), "long.txt", std::iter::once(text.clone().into_bytes()));
    let run = code(&path);
    assert_eq!(run.code, Some(0), "stderr: {}", run.stderr);
    let evs = events(&run);
    assert_spans(&evs, &text);
    // Repeats of one statement are one event with a mention count.
    assert_eq!(dyads(&evs), [("long".into(), "RUS".into(), "111".into(), "UKR".into())]);
    assert_eq!(evs[0]["mentions"].as_u64(), Some(scaled(100_000) as u64 / 100));
}

/// Once quadratic in the mentions of an article (every sentence scanned every
/// date and mention): 100k sentences that each name two actors and a date took
/// minutes. Full size, every build.
#[test]
fn a_100k_sentence_article_of_events_is_coded_within_the_deadline() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Russia criticized Ukraine on Monday. ".repeat(100_000);
    let path = write_file(dir.path(), "dense.txt", std::iter::once(text.into_bytes()));
    let run = code(&path);
    assert_eq!(run.code, Some(0), "stderr: {}", run.stderr);
    assert_eq!(events(&run)[0]["mentions"].as_u64(), Some(100_000));
}
