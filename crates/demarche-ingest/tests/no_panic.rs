//! Garbage in, errors out: no reader panics, whatever the bytes.
#![allow(clippy::unwrap_used)]

use demarche_ingest::{Format, read_bytes};
use proptest::prelude::*;
use std::io::Write;
use std::path::Path;

const FORMATS: [(Format, &str); 6] = [
    (Format::Text, "x.txt"),
    (Format::Json, "x.json"),
    (Format::Jsonl, "x.jsonl"),
    (Format::Html, "x.html"),
    (Format::Warc, "x.warc"),
    (Format::Feed, "x.rss"),
];

fn fixtures() -> Vec<(Format, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let read = |rel: &str| std::fs::read(dir.join(rel)).unwrap();
    vec![
        (Format::Html, read("html/border-talks.html")),
        (Format::Warc, read("warc/crawl.warc")),
        (Format::Feed, read("feeds/wire.rss")),
        (Format::Feed, read("feeds/dispatch.atom")),
        (Format::Feed, read("feeds/broken.xml")),
        (Format::Jsonl, b"{\"id\": \"a\", \"text\": \"Envoys met.\", \"published\": \"2024-01-02\"}\n".repeat(3)),
    ]
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

/// Reads `bytes` as every format, plain and as a `.gz` name; counts what came out.
fn read_all(bytes: &[u8]) -> usize {
    let (mut articles, mut errors) = (0, 0);
    for (format, name) in FORMATS {
        for name in [name.to_string(), format!("{name}.gz")] {
            read_bytes(&name, bytes, format, None, &mut |_| articles += 1, &mut |e| {
                assert!(!e.file.is_empty());
                errors += 1;
            });
        }
    }
    articles + errors
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        // Every input gives at least one article or one error per format.
        prop_assert!(read_all(&bytes) >= 2 * FORMATS.len());
    }

    #[test]
    fn random_bytes_gzipped(bytes in proptest::collection::vec(any::<u8>(), 0..2048), cut in 0usize..4096) {
        let gz = gzip(&bytes);
        let gz = &gz[..cut.min(gz.len())];
        read_all(gz);
    }

    #[test]
    fn mutated_fixtures(
        which in 0usize..6,
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..12),
        cut in any::<prop::sample::Index>(),
        gz in any::<bool>(),
    ) {
        let (format, mut bytes) = fixtures().swap_remove(which);
        if !bytes.is_empty() {
            for (at, b) in &edits {
                let k = at.index(bytes.len());
                bytes[k] = *b;
            }
            // Cut in the second half: a cut before the first article-bearing record
            // leaves a well-formed file that holds no article (a WARC with only its
            // warcinfo record, an empty JSONL file), for which no output at all is
            // right. Every fixture's first article starts in its first half.
            if edits.len() % 3 == 0 {
                let half = bytes.len() / 2;
                bytes.truncate(half + cut.index(bytes.len() - half + 1));
            }
        }
        let (name, data) = if gz { ("m.x.gz", gzip(&bytes)) } else { ("m.x", bytes) };
        let (mut articles, mut errors) = (0, 0);
        read_bytes(name, &data, format, None, &mut |_| articles += 1, &mut |_| errors += 1);
        prop_assert!(articles + errors > 0);
    }

    #[test]
    fn markup_soup(parts in proptest::collection::vec(prop::sample::select(vec![
        "<div>", "</div>", "<p>", "</p>", "<article>", "<script>", "</script>", "<b>", "</i>", "<table><td>",
        "<!--", "-->", "&amp;", "&#xFFFFFF;", "<![CDATA[", "]]>", "<item>", "</item>", "<rss version=\"2.0\">",
        "<channel>", "<feed>", "<entry>", "<title>", "</title>", "WARC/1.0\r\n", "Content-Length: 5\r\n", "\r\n",
        "WARC-Type: response\r\n", "Content-Type: application/http\r\n", "HTTP/1.1 200 OK\r\n",
        "Transfer-Encoding: chunked\r\n", "Content-Encoding: gzip\r\n", "ffff\r\n", "0\r\n", "text ", "{\"text\":",
        "\"a\"}", "\n", "\u{0}", "\u{feff}", "é",
    ]), 0..200)) {
        read_all(parts.concat().as_bytes());
    }
}
