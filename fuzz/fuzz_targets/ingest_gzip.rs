//! Gzipped ingest: the first byte picks the inner format and whether the rest
//! is gzipped here (a valid stream, so the readers behind the decoder run) or
//! passed as is (corrupt and truncated streams). No panic, errors name the file.
#![no_main]

use demarche_ingest::Format;
use libfuzzer_sys::fuzz_target;
use std::io::Write;

#[path = "common.rs"]
mod common;

const FORMATS: [(Format, &str); 6] = [
    (Format::Text, "x.txt.gz"),
    (Format::Json, "x.json.gz"),
    (Format::Jsonl, "x.jsonl.gz"),
    (Format::Html, "x.html.gz"),
    (Format::Warc, "x.warc.gz"),
    (Format::Feed, "x.rss.gz"),
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else { return };
    let (format, name) = FORMATS[usize::from(pick & 0x7f) % FORMATS.len()];
    if pick & 0x80 != 0 {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(rest).expect("writing to a Vec");
        common::ingest(name, &enc.finish().expect("writing to a Vec"), format);
    } else {
        common::ingest(name, rest, format);
    }
});
