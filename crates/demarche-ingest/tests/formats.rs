//! The real-world formats, read from the fixtures through the public API.
#![allow(clippy::unwrap_used)]

use chrono::NaiveDate;
use demarche_core::Article;
use demarche_ingest::{Format, InputError, MAX_RECORD_BYTES, read_bytes, read_paths};
use std::path::{Path, PathBuf};

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(rel)
}

fn read(paths: &[PathBuf]) -> (Vec<Article>, Vec<InputError>) {
    let (mut arts, mut errs) = (Vec::new(), Vec::new());
    read_paths(paths, None, &mut |a| arts.push(a), &mut |e| errs.push(e));
    (arts, errs)
}

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn ids(arts: &[Article]) -> Vec<&str> {
    arts.iter().map(|a| a.id.as_str()).collect()
}

#[test]
fn html_page_main_text_and_metadata() {
    let (arts, errs) = read(&[fixture("html/border-talks.html")]);
    assert!(errs.is_empty(), "{errs:?}");
    let a = &arts[0];
    assert_eq!(a.id, "border-talks");
    assert_eq!(
        a.text.lines().collect::<Vec<_>>(),
        [
            "LAKEVILLE, May 15 (Harbour Wire) \u{2013} The foreign ministers of Norland and Estovia agreed late on \
             Tuesday to resume talks on their disputed border, ending a pause of nearly two years.",
            "\u{201c}We have chosen dialogue over confrontation,\u{201d} Norland\u{2019}s foreign minister told \
             reporters after the meeting in Lakeville, adding that a first round would be held in June.",
            "The Estovian side said it would send a delegation led by its deputy foreign minister & a team of map \
             experts.",
            "Neither government gave details of the agenda. Diplomats in the region said the question of grazing \
             rights would be on the table.",
        ]
    );
    assert_eq!(a.title.as_deref(), Some("Foreign ministers agree to resume border talks"));
    // The publisher's local day, not the UTC one (2024-05-14T22:10Z).
    assert_eq!(a.published, date(2024, 5, 15));
    assert_eq!(a.url.as_deref(), Some("https://wire.example.org/world/2024/05/14/border-talks"));
    assert_eq!(a.source.as_deref(), Some("Harbour Wire"));
}

#[test]
fn html_without_article_text_is_an_error() {
    let (mut arts, mut errs) = (Vec::new(), Vec::new());
    let page = b"<html><head><title>Index</title><script>x()</script></head><body><nav><a href='/'>Home</a></nav></body></html>";
    read_bytes("dir/index.html", page, Format::Html, None, &mut |a| arts.push(a), &mut |e| errs.push(e.to_string()));
    assert!(arts.is_empty());
    assert_eq!(errs, ["dir/index.html: no article text"]);
}

fn check_crawl(name: &str) {
    let (arts, errs) = read(&[fixture(name)]);
    assert_eq!(ids(&arts), ["00000000-0000-4000-8000-000000000003", "00000000-0000-4000-8000-000000000006"]);
    let first = &arts[0];
    assert_eq!(first.url.as_deref(), Some("https://dispatch.example.net/world/grain-corridor-talks"));
    assert_eq!(first.title.as_deref(), Some("Envoys open grain corridor talks - Lakeside Dispatch"));
    assert_eq!(first.source.as_deref(), Some("Lakeside Dispatch"));
    assert_eq!(first.published, date(2024, 6, 3));
    assert_eq!(
        first.text,
        "GENEVA, June 3 (Lakeside Dispatch) - Envoys from three Black Sea states opened talks on Monday on a \
         corridor for grain shipments, a United Nations spokeswoman said.\n\
         The talks are expected to last two days and will also cover the inspection of vessels."
    );
    // No date in the page: the day of WARC-Date; the body was chunked.
    let second = &arts[1];
    assert_eq!(second.published, date(2024, 6, 9));
    assert_eq!(second.url.as_deref(), Some("https://dispatch.example.net/world/mediators-shuttle"));
    assert_eq!(second.title.as_deref(), Some("Mediators shuttle between capitals"));
    assert_eq!(
        second.text,
        "Mediators travelled between the two capitals on Sunday in an effort to secure a ceasefire before the start \
         of the holiday, officials on both sides said.\nNo date has been set for a meeting of the two leaders."
    );
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert_eq!(errs[0].line, Some(5));
    assert!(errs[0].file.ends_with(name));
    assert_eq!(errs[0].message, "record 5: no Content-Length header");
}

#[test]
fn warc_responses_skipped_records_and_a_malformed_one() {
    check_crawl("warc/crawl.warc");
}

#[test]
fn warc_gzipped_per_record() {
    check_crawl("warc/crawl-per-record.warc.gz");
}

#[test]
fn warc_gzip_cut_short() {
    let bytes = std::fs::read(fixture("warc/crawl-per-record.warc.gz")).unwrap();
    let (mut arts, mut errs) = (Vec::new(), Vec::new());
    let cut = &bytes[..bytes.len() - 40];
    read_bytes("cut.warc.gz", cut, Format::Warc, None, &mut |a| arts.push(a), &mut |e| errs.push(e.to_string()));
    assert_eq!(arts.len(), 1);
    assert_eq!(errs.len(), 2, "{errs:?}");
    assert!(errs[1].starts_with("cut.warc.gz:6: record 6: corrupt or truncated gzip data"), "{errs:?}");
}

#[test]
fn rss_feed() {
    let (arts, errs) = read(&[fixture("feeds/wire.rss")]);
    assert!(errs.is_empty(), "{errs:?}");
    assert_eq!(ids(&arts), ["hw-2024-0412-001", "wire-2"]);
    let a = &arts[0];
    assert_eq!(a.title.as_deref(), Some("Envoys extend truce talks by a week"));
    assert_eq!(a.source.as_deref(), Some("Harbour Wire \u{2013} World"));
    assert_eq!(a.url.as_deref(), Some("https://wire.example.org/world/truce-talks-extended"));
    assert_eq!(a.published, date(2024, 4, 12), "the publisher's day, not UTC's");
    assert_eq!(
        a.text,
        "Negotiators meeting in Port Alder agreed on Friday to extend truce talks by a week, the mediators said in \
         a statement.\nThe two delegations will meet again on Monday & report to their governments."
    );
    let b = &arts[1];
    assert_eq!(b.title.as_deref(), Some("Ambassador recalled & trade visit cancelled"));
    assert_eq!(b.published, date(2024, 4, 13));
    assert_eq!(
        b.text,
        "The government recalled its ambassador on Saturday and cancelled a planned trade visit.\n\
         A spokeswoman gave no reason."
    );
}

#[test]
fn atom_feed() {
    let (arts, errs) = read(&[fixture("feeds/dispatch.atom")]);
    assert!(errs.is_empty(), "{errs:?}");
    assert_eq!(
        ids(&arts),
        ["tag:dispatch.example.net,2024:summit-postponed", "tag:dispatch.example.net,2024:prisoners"]
    );
    let a = &arts[0];
    assert_eq!(a.title.as_deref(), Some("Summit postponed over venue row"));
    assert_eq!(a.source.as_deref(), Some("Lakeside Dispatch"));
    assert_eq!(a.url.as_deref(), Some("https://dispatch.example.net/world/summit-postponed"));
    assert_eq!(a.published, date(2024, 3, 1));
    assert_eq!(
        a.text,
        "A regional summit planned for next week was postponed on Friday after the hosts and two member states \
         failed to agree on a venue.\nA new date will be set by the foreign ministers."
    );
    let b = &arts[1];
    assert_eq!(b.published, date(2024, 3, 2), "updated stands in for published");
    assert_eq!(b.url.as_deref(), Some("https://dispatch.example.net/world/prisoners"));
    assert_eq!(
        b.text,
        "International observers welcomed the release of forty prisoners on Saturday.\n\
         Both sides called it a step towards talks."
    );
}

#[test]
fn broken_feed_names_file_and_line_and_keeps_earlier_items() {
    let (arts, errs) = read(&[fixture("feeds/broken.xml")]);
    assert_eq!(ids(&arts), ["cc-1", "cc-2"]);
    assert_eq!(arts[0].source.as_deref(), Some("Coastal Courier"));
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(errs[0].file.ends_with("broken.xml"));
    assert_eq!(errs[0].line, Some(19));
    assert!(errs[0].message.starts_with("broken feed XML: "), "{}", errs[0].message);
    assert!(errs[0].message.ends_with("(the 2 items before it were read)"), "{}", errs[0].message);

    let (mut arts, mut errs) = (Vec::new(), Vec::new());
    read_bytes("x.rss", b"<html><body>not a feed", Format::Feed, None, &mut |a| arts.push(a), &mut |e| {
        errs.push(e.to_string())
    });
    assert!(arts.is_empty());
    assert_eq!(errs.len(), 1);
    assert!(errs[0].starts_with("x.rss:1: broken feed XML: the file ends inside <body>"), "{errs:?}");
}

#[test]
fn truncated_jsonl_gz_keeps_the_records_before_the_break() {
    let (arts, errs) = read(&[fixture("jsonl/briefings-truncated.jsonl.gz")]);
    let k = arts.len();
    assert!(k > 10 && k < 60, "{k}");
    let expected: Vec<String> = (1..=k).map(|i| format!("brief-{i}")).collect();
    assert_eq!(ids(&arts), expected);
    assert_eq!(arts[0].published, date(2024, 4, 2));
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(errs[0].file.ends_with("briefings-truncated.jsonl.gz"));
    assert_eq!(errs[0].line, Some(k + 1));
    assert!(errs[0].message.starts_with("corrupt or truncated gzip data"), "{}", errs[0].message);
}

#[test]
fn gzipped_text() {
    let (arts, errs) = read(&[fixture("text/statement.txt.gz")]);
    assert!(errs.is_empty(), "{errs:?}");
    assert_eq!(arts[0].id, "statement");
    assert!(arts[0].text.starts_with("The ministry of foreign affairs summoned the ambassador"));
}

#[test]
fn folder_walk_picks_up_every_format() {
    let (arts, errs) = read(&[fixture("")]);
    // border-talks; 2 + 2 WARC responses; 2 Atom + 2 broken-feed + 2 RSS items; the briefings; the statement.
    assert!(ids(&arts).contains(&"border-talks"));
    assert!(ids(&arts).contains(&"statement"));
    assert!(ids(&arts).contains(&"wire-2"));
    let briefings = arts.iter().filter(|a| a.id.starts_with("brief-")).count();
    assert_eq!(arts.len(), 1 + 4 + 6 + briefings + 1, "{:?}", ids(&arts));
    // The malformed WARC record twice, the broken feed, the truncated gzip; make_fixtures.py is skipped.
    assert_eq!(errs.len(), 4, "{errs:?}");
}

/// A scratch folder under the target directory, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("demarche-ingest-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn oversize_files_are_refused_without_reading_them() {
    let scratch = Scratch::new("oversize");
    // Sparse files: 32 MiB and a byte, written in no time.
    for name in ["big.txt", "big.html", "big.json", "big.rss"] {
        let f = std::fs::File::create(scratch.0.join(name)).unwrap();
        f.set_len(MAX_RECORD_BYTES + 1).unwrap();
    }
    let f = std::fs::File::create(scratch.0.join("big.jsonl")).unwrap();
    f.set_len(MAX_RECORD_BYTES + 1).unwrap();
    let (arts, errs) = read(std::slice::from_ref(&scratch.0));
    assert!(arts.is_empty());
    let mut shown: Vec<String> = errs
        .iter()
        .map(|e| format!("{}:{:?}: {}", Path::new(&e.file).file_name().unwrap().to_string_lossy(), e.line, e.message))
        .collect();
    shown.sort();
    assert_eq!(
        shown,
        [
            "big.html:None: record larger than 32 MiB",
            "big.json:None: record larger than 32 MiB",
            "big.jsonl:Some(1): record larger than 32 MiB",
            "big.rss:None: record larger than 32 MiB",
            "big.txt:None: record larger than 32 MiB",
        ]
    );
}
