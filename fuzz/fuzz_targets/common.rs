//! Shared checks for the ingest targets (included with `#[path]`, not a target itself).
#![allow(dead_code)]

use demarche_ingest::{Format, read_bytes};

/// Reads `data` as `format` under `name` and checks what comes out: every
/// error names the input, every article has text. A panic fails by itself.
pub fn ingest(name: &str, data: &[u8], format: Format) {
    let mut articles = Vec::new();
    let mut errors = Vec::new();
    read_bytes(name, data, format, None, &mut |a| articles.push(a), &mut |e| errors.push(e));
    for e in &errors {
        assert_eq!(e.file, name, "error names another input: {e}");
        assert!(!e.message.is_empty(), "empty error message");
    }
    for a in &articles {
        assert!(!a.text.trim().is_empty(), "article {:?} without text", a.id);
    }
    // A one-article format gives the article or says why not; WARC and feeds
    // may legitimately hold no articles (request records, empty channels).
    let single = matches!(format, Format::Text | Format::Json | Format::Html);
    if single {
        assert!(articles.len() + errors.len() >= 1, "input silently dropped");
        assert!(articles.len() <= 1, "one-article format gave {}", articles.len());
    }
}
