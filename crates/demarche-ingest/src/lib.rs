//! demarche-ingest: files, folders and streams into [`Article`]s.
//!
//! It reads plain text (`.txt`), one article object (`.json`) and one
//! object per line (`.jsonl`) in the shape of the gold format, from files,
//! folders (recursively, in name order) or stdin. It does no language work.
//! Every problem is reported with the file and line it concerns and the rest
//! of the input is still read.
//!
//! ```
//! use demarche_ingest::{read_str, Format};
//! let (mut ids, mut errors) = (Vec::new(), Vec::new());
//! read_str("notes.jsonl", "{\"id\": \"a\", \"text\": \"Moscow said.\"}\nnot json\n", Format::Jsonl, None,
//!     &mut |a| ids.push(a.id), &mut |e| errors.push(e.to_string()));
//! assert_eq!(ids, ["a"]);
//! assert_eq!(errors, ["notes.jsonl:2: not a JSON object: expected ident at line 1 column 2"]);
//! ```
#![cfg_attr(test, allow(clippy::unwrap_used))]

use chrono::NaiveDate;
use demarche_core::Article;
use serde::Deserialize;
use std::fmt;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// A problem with one input record.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct InputError {
    pub file: String,
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{}: {}", self.file, l, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Jsonl,
}

impl Format {
    /// The format a file name implies; `None` for files a folder walk skips.
    pub fn of(path: &Path) -> Option<Format> {
        let name = path.file_name()?.to_string_lossy().to_lowercase();
        if name.ends_with(".jsonl") || name.ends_with(".ndjson") {
            Some(Format::Jsonl)
        } else if name.ends_with(".json") {
            Some(Format::Json)
        } else if name.ends_with(".txt") {
            Some(Format::Text)
        } else {
            None
        }
    }
}

/// The article object of FORMAT.md; other fields (gold events...) are ignored.
#[derive(Debug, Deserialize)]
struct ArticleRecord {
    #[serde(default)]
    id: Option<serde_json::Value>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    text_file: Option<String>,
    #[serde(default)]
    published: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    url: Option<String>,
}

/// Parses a publication date: "2021-12-23", or the date part of an RFC 3339 time.
pub fn parse_published(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    NaiveDate::parse_from_str(s.get(..10).unwrap_or(s), "%Y-%m-%d").ok()
}

fn stem(name: &str) -> String {
    let base = Path::new(name).file_name().map_or(name.to_string(), |f| f.to_string_lossy().to_string());
    let base = base.strip_suffix(".gold.json").map(str::to_string).unwrap_or(base);
    match base.rfind('.') {
        Some(k) if k > 0 => base[..k].to_string(),
        _ => base,
    }
}

/// Checks raw bytes: UTF-8, not binary, not empty.
fn decode(bytes: Vec<u8>) -> Result<String, String> {
    if bytes.iter().take(8192).any(|&b| b == 0) {
        return Err("binary file (NUL bytes), not text".into());
    }
    let text = String::from_utf8(bytes)
        .map_err(|e| format!("not valid UTF-8 (first bad byte at offset {})", e.utf8_error().valid_up_to()))?;
    if text.trim().is_empty() {
        return Err("empty: no text".into());
    }
    Ok(text)
}

fn record_to_article(
    rec: ArticleRecord,
    file: &str,
    line: Option<usize>,
    base_dir: Option<&Path>,
    default_id: String,
) -> Result<Article, InputError> {
    let err = |message: String| InputError { file: file.to_string(), line, message };
    let text = match (rec.text, rec.text_file) {
        (Some(t), _) if !t.trim().is_empty() => t,
        (_, Some(tf)) => {
            let path = base_dir.map_or_else(|| PathBuf::from(&tf), |d| d.join(&tf));
            let bytes = std::fs::read(&path).map_err(|e| err(format!("text_file `{}`: {e}", path.display())))?;
            decode(bytes).map_err(|m| err(format!("text_file `{}`: {m}", path.display())))?
        }
        (Some(_), None) => return Err(err("field `text` is empty".into())),
        (None, None) => return Err(err("no `text` or `text_file` field".into())),
    };
    let published = match rec.published.as_deref().filter(|p| !p.trim().is_empty()) {
        Some(p) => {
            Some(parse_published(p).ok_or_else(|| err(format!("field `published`: `{p}` is not a YYYY-MM-DD date")))?)
        }
        None => None,
    };
    let id = match rec.id {
        Some(serde_json::Value::String(s)) if !s.is_empty() => s,
        Some(serde_json::Value::Number(n)) => n.to_string(),
        _ => default_id,
    };
    Ok(Article { id, source: rec.source, url: rec.url, published, title: rec.title, text })
}

/// Reads articles from a string already in memory.
pub fn read_str(
    name: &str,
    content: &str,
    format: Format,
    published: Option<NaiveDate>,
    on_article: &mut dyn FnMut(Article),
    on_error: &mut dyn FnMut(InputError),
) {
    read_reader(name, content.as_bytes(), format, published, None, on_article, on_error);
}

fn read_reader(
    name: &str,
    reader: impl Read,
    format: Format,
    published: Option<NaiveDate>,
    base_dir: Option<&Path>,
    on_article: &mut dyn FnMut(Article),
    on_error: &mut dyn FnMut(InputError),
) {
    let err = |line: Option<usize>, message: String| InputError { file: name.to_string(), line, message };
    match format {
        Format::Jsonl => {
            let mut any = false;
            let mut reader = BufReader::new(reader);
            let mut buf = Vec::new();
            let mut n = 0;
            loop {
                buf.clear();
                match reader.read_until(b'\n', &mut buf) {
                    Ok(0) => break,
                    Ok(_) => {}
                    Err(e) => {
                        on_error(err(Some(n + 1), format!("cannot read: {e}")));
                        break;
                    }
                }
                n += 1;
                let line = match std::str::from_utf8(&buf) {
                    Ok(l) => l.trim(),
                    Err(e) => {
                        on_error(err(Some(n), format!("not valid UTF-8 (byte {} of the line)", e.valid_up_to())));
                        continue;
                    }
                };
                if line.is_empty() {
                    continue;
                }
                any = true;
                match serde_json::from_str::<ArticleRecord>(line) {
                    Ok(rec) => match record_to_article(rec, name, Some(n), base_dir, format!("{}-{n}", stem(name))) {
                        Ok(a) => on_article(a),
                        Err(e) => on_error(e),
                    },
                    Err(e) => on_error(err(Some(n), format!("not a JSON object: {e}"))),
                }
            }
            if !any {
                on_error(err(None, "empty: no records".into()));
            }
        }
        Format::Json | Format::Text => {
            let mut bytes = Vec::new();
            let mut reader = reader;
            if let Err(e) = reader.read_to_end(&mut bytes) {
                on_error(err(None, format!("cannot read: {e}")));
                return;
            }
            let text = match decode(bytes) {
                Ok(t) => t,
                Err(m) => return on_error(err(None, m)),
            };
            if format == Format::Text {
                let mut a = Article::new(stem(name), text);
                a.published = published;
                on_article(a);
                return;
            }
            match serde_json::from_str::<ArticleRecord>(&text) {
                Ok(rec) => match record_to_article(rec, name, None, base_dir, stem(name)) {
                    Ok(a) => on_article(a),
                    Err(e) => on_error(e),
                },
                Err(e) => on_error(err(Some(e.line()), format!("not a JSON article object: {e}"))),
            }
        }
    }
}

/// Reads every input path: files, folders (recursively) and `-` for stdin.
/// Plain-text input takes `published` as its publication date.
pub fn read_paths(
    paths: &[PathBuf],
    published: Option<NaiveDate>,
    on_article: &mut dyn FnMut(Article),
    on_error: &mut dyn FnMut(InputError),
) {
    for p in paths {
        if p.as_os_str() == "-" {
            let mut bytes = Vec::new();
            if let Err(e) = std::io::stdin().read_to_end(&mut bytes) {
                on_error(InputError { file: "<stdin>".into(), line: None, message: format!("cannot read: {e}") });
                continue;
            }
            let first = bytes.iter().find(|b| !b.is_ascii_whitespace()).copied();
            let format = match first {
                Some(b'{') => {
                    let one = serde_json::from_slice::<serde_json::Value>(&bytes).is_ok();
                    if one { Format::Json } else { Format::Jsonl }
                }
                _ => Format::Text,
            };
            let name = if format == Format::Text { "stdin.txt" } else { "<stdin>" };
            read_reader(name, bytes.as_slice(), format, published, None, on_article, on_error);
            continue;
        }
        if p.is_dir() {
            let mut files = Vec::new();
            walk(p, &mut files, on_error);
            files.sort();
            for f in files {
                if let Some(format) = Format::of(&f) {
                    read_file(&f, format, published, on_article, on_error);
                }
            }
            continue;
        }
        let format = Format::of(p).unwrap_or(Format::Text);
        read_file(p, format, published, on_article, on_error);
    }
}

fn read_file(
    path: &Path,
    format: Format,
    published: Option<NaiveDate>,
    on_article: &mut dyn FnMut(Article),
    on_error: &mut dyn FnMut(InputError),
) {
    let name = path.display().to_string();
    match std::fs::File::open(path) {
        Ok(f) => read_reader(&name, f, format, published, path.parent(), on_article, on_error),
        Err(e) => on_error(InputError { file: name, line: None, message: format!("cannot open: {e}") }),
    }
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>, on_error: &mut dyn FnMut(InputError)) {
    match std::fs::read_dir(dir) {
        Ok(rd) => {
            for e in rd.flatten() {
                let p = e.path();
                if p.is_dir() {
                    walk(&p, out, on_error);
                } else {
                    out.push(p);
                }
            }
        }
        Err(e) => on_error(InputError {
            file: dir.display().to_string(),
            line: None,
            message: format!("cannot read folder: {e}"),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(name: &str, content: &[u8], format: Format) -> (Vec<Article>, Vec<String>) {
        let mut arts = Vec::new();
        let mut errs = Vec::new();
        read_reader(name, content, format, None, None, &mut |a| arts.push(a), &mut |e| errs.push(e.to_string()));
        (arts, errs)
    }

    #[test]
    fn bad_records_are_named_and_the_rest_is_read() {
        let input = b"{\"id\": \"a\", \"text\": \"A.\", \"published\": \"2021-12-23\"}\n\n[1,2]\n{\"id\": \"b\"}\n{\"id\": \"c\", \"text\": \"C.\", \"published\": \"Dec 23\"}\n{\"text\": \"D.\", \"events\": []}\n";
        let (arts, errs) = collect("x.jsonl", input, Format::Jsonl);
        assert_eq!(arts.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(), ["a", "x-6"]);
        assert_eq!(arts[0].published, NaiveDate::from_ymd_opt(2021, 12, 23));
        assert_eq!(errs.len(), 3, "{errs:?}");
        assert!(errs[0].starts_with("x.jsonl:3: not a JSON object"));
        assert_eq!(errs[1], "x.jsonl:4: no `text` or `text_file` field");
        assert!(errs[2].starts_with("x.jsonl:5: field `published`"));
    }

    #[test]
    fn binary_invalid_and_empty_text() {
        assert_eq!(collect("b.txt", b"ab\0cd", Format::Text).1, ["b.txt: binary file (NUL bytes), not text"]);
        assert_eq!(
            collect("u.txt", b"ok \xff\xfe", Format::Text).1,
            ["u.txt: not valid UTF-8 (first bad byte at offset 3)"]
        );
        assert_eq!(collect("e.txt", b"  \n", Format::Text).1, ["e.txt: empty: no text"]);
        assert_eq!(collect("e.jsonl", b"\n", Format::Jsonl).1, ["e.jsonl: empty: no records"]);
        let (arts, errs) = collect("dir/a.txt", b"Moscow said.", Format::Text);
        assert!(errs.is_empty());
        assert_eq!(arts[0].id, "a");
    }

    #[test]
    fn missing_text_file_is_named() {
        let (_, errs) = collect("g.json", br#"{"id": "g", "text_file": "nope.txt"}"#, Format::Json);
        assert!(errs[0].starts_with("g.json: text_file `nope.txt`:"), "{errs:?}");
    }
}
