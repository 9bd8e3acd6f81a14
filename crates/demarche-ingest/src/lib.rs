//! demarche-ingest: files, folders and streams into [`Article`]s.
//!
//! It reads plain text (`.txt`), one article object (`.json`), one object per
//! line (`.jsonl`) in the shape of the gold format, HTML pages (`.html`,
//! `.htm`: the main article text, see [`html`]), web archives (`.warc`: the
//! HTML responses in them) and RSS/Atom feeds (`.rss`, `.atom`, `.xml`,
//! `.feed`: one article per item), each optionally gzipped (`.gz`), from
//! files, folders (recursively, in name order) or stdin. It does no language
//! work. Every problem is reported with the file and line (or WARC record) it
//! concerns and the rest of the input is still read. No single record may be
//! larger than [`MAX_RECORD_BYTES`].
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

mod feed;
pub mod html;
mod warc;

use chrono::NaiveDate;
use demarche_core::Article;
use serde::Deserialize;
use std::fmt;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// The largest record read: a `.txt`/`.json`/`.html`/feed file (after
/// decompression), one `.jsonl` line, one WARC record block.
pub const MAX_RECORD_BYTES: u64 = 32 * 1024 * 1024;

/// The message for a record over [`MAX_RECORD_BYTES`].
const TOO_LARGE: &str = "record larger than 32 MiB";

/// A problem with one input record.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct InputError {
    pub file: String,
    /// The line (text formats) or the record number (WARC) concerned.
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
    /// Plain text: the whole file is one article.
    Text,
    /// One article object.
    Json,
    /// One article object per line.
    Jsonl,
    /// An HTML page: its main article text and metadata.
    Html,
    /// A WARC web archive: every HTML `response` record is an article.
    Warc,
    /// An RSS (0.9x, 1.0, 2.0) or Atom feed: every item is an article.
    Feed,
}

impl Format {
    /// The format a file name implies, looking through a `.gz` suffix
    /// (`a.txt.gz` is [`Format::Text`]); `None` for files a folder walk skips.
    pub fn of(path: &Path) -> Option<Format> {
        let name = path.file_name()?.to_string_lossy().to_lowercase();
        let name = name.strip_suffix(".gz").unwrap_or(&name);
        match name.rsplit_once('.')?.1 {
            "jsonl" | "ndjson" => Some(Format::Jsonl),
            "json" => Some(Format::Json),
            "txt" => Some(Format::Text),
            "html" | "htm" | "xhtml" => Some(Format::Html),
            "warc" => Some(Format::Warc),
            "rss" | "atom" | "xml" | "feed" => Some(Format::Feed),
            _ => None,
        }
    }
}

/// Whether a file name says it is gzipped (`.gz`): such files are
/// decompressed on the fly and read in the format of their inner extension.
pub fn is_gzipped(path: &Path) -> bool {
    path.file_name().is_some_and(|n| n.to_string_lossy().to_lowercase().ends_with(".gz"))
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

/// `s` without the ASCII suffix `suffix`, compared case-insensitively.
fn strip_suffix_ci<'a>(s: &'a str, suffix: &str) -> Option<&'a str> {
    let k = s.len().checked_sub(suffix.len())?;
    let tail = s.get(k..)?;
    if tail.eq_ignore_ascii_case(suffix) { s.get(..k) } else { None }
}

/// The file name without folders, `.gz` and its format extension: the default id.
fn stem(name: &str) -> String {
    let base = Path::new(name).file_name().map_or(name.to_string(), |f| f.to_string_lossy().to_string());
    let base = strip_suffix_ci(&base, ".gz").map(str::to_string).unwrap_or(base);
    let base = base.strip_suffix(".gold.json").map(str::to_string).unwrap_or(base);
    match base.rfind('.') {
        Some(k) if k > 0 => base[..k].to_string(),
        _ => base,
    }
}

/// Checks raw bytes: UTF-8, not binary, not empty.
fn decode(bytes: Vec<u8>) -> Result<String, String> {
    if has_nul(&bytes) {
        return Err("binary file (NUL bytes), not text".into());
    }
    let text = String::from_utf8(bytes)
        .map_err(|e| format!("not valid UTF-8 (first bad byte at offset {})", e.utf8_error().valid_up_to()))?;
    if text.trim().is_empty() {
        return Err("empty: no text".into());
    }
    Ok(text)
}

fn has_nul(bytes: &[u8]) -> bool {
    bytes.iter().take(8192).any(|&b| b == 0)
}

/// Why a bounded read failed.
enum ReadFail {
    TooLarge,
    Io(io::Error),
}

/// Reads a whole record, refusing (without reading further) one over [`MAX_RECORD_BYTES`].
fn read_bounded(reader: impl Read) -> Result<Vec<u8>, ReadFail> {
    let mut bytes = Vec::new();
    reader.take(MAX_RECORD_BYTES + 1).read_to_end(&mut bytes).map_err(ReadFail::Io)?;
    if bytes.len() as u64 > MAX_RECORD_BYTES { Err(ReadFail::TooLarge) } else { Ok(bytes) }
}

/// The message for a read error; in a gzipped file most are a broken stream.
fn io_message(e: &io::Error, gz: bool) -> String {
    if gz { format!("corrupt or truncated gzip data: {e}") } else { format!("cannot read: {e}") }
}

/// Reads one line (through `\n`) into `buf`, keeping at most `max` bytes of
/// it and discarding the rest. `Ok(None)` at the end of input; otherwise
/// whether the line was longer than `max` (not counting its line break).
pub(crate) fn read_line_bounded<R: BufRead>(r: &mut R, buf: &mut Vec<u8>, max: usize) -> io::Result<Option<bool>> {
    buf.clear();
    let keep = max.saturating_add(2);
    let mut over = false;
    let mut any = false;
    loop {
        let (done, used) = {
            let avail = match r.fill_buf() {
                Ok(a) => a,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if avail.is_empty() {
                break;
            }
            any = true;
            let (done, used) = match avail.iter().position(|&b| b == b'\n') {
                Some(i) => (true, i + 1),
                None => (false, avail.len()),
            };
            let room = keep.saturating_sub(buf.len());
            buf.extend_from_slice(&avail[..used.min(room)]);
            over |= used > room;
            (done, used)
        };
        r.consume(used);
        if done {
            break;
        }
    }
    if !any {
        return Ok(None);
    }
    let content = buf.strip_suffix(b"\n").unwrap_or(buf);
    let content = content.strip_suffix(b"\r").unwrap_or(content);
    Ok(Some(over || content.len() > max))
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
            let file = std::fs::File::open(&path).map_err(|e| err(format!("text_file `{}`: {e}", path.display())))?;
            let bytes = read_bounded(file).map_err(|f| {
                err(match f {
                    ReadFail::TooLarge => format!("text_file `{}`: {TOO_LARGE}", path.display()),
                    ReadFail::Io(e) => format!("text_file `{}`: {e}", path.display()),
                })
            })?;
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
    read_reader(name, content.as_bytes(), format, false, published, None, on_article, on_error);
}

/// Reads articles from bytes already in memory; they are gunzipped first
/// when `name` ends in `.gz` (see [`is_gzipped`]).
pub fn read_bytes(
    name: &str,
    content: &[u8],
    format: Format,
    published: Option<NaiveDate>,
    on_article: &mut dyn FnMut(Article),
    on_error: &mut dyn FnMut(InputError),
) {
    let gz = is_gzipped(Path::new(name));
    read_reader(name, content, format, gz, published, None, on_article, on_error);
}

/// Reads one input of a known format, gunzipping it first if `gz`.
#[allow(clippy::too_many_arguments)]
fn read_reader(
    name: &str,
    reader: impl Read,
    format: Format,
    gz: bool,
    published: Option<NaiveDate>,
    base_dir: Option<&Path>,
    on_article: &mut dyn FnMut(Article),
    on_error: &mut dyn FnMut(InputError),
) {
    if gz {
        let reader = flate2::read::MultiGzDecoder::new(reader);
        read_format(name, reader, format, true, published, base_dir, on_article, on_error);
    } else {
        read_format(name, reader, format, false, published, base_dir, on_article, on_error);
    }
}

#[allow(clippy::too_many_arguments)]
fn read_format(
    name: &str,
    reader: impl Read,
    format: Format,
    gz: bool,
    published: Option<NaiveDate>,
    base_dir: Option<&Path>,
    on_article: &mut dyn FnMut(Article),
    on_error: &mut dyn FnMut(InputError),
) {
    let err = |line: Option<usize>, message: String| InputError { file: name.to_string(), line, message };
    match format {
        Format::Jsonl => read_jsonl(name, reader, gz, base_dir, on_article, on_error),
        Format::Warc => warc::read(name, BufReader::new(reader), gz, on_article, on_error),
        Format::Json | Format::Text | Format::Html | Format::Feed => {
            let bytes = match read_bounded(reader) {
                Ok(b) => b,
                Err(ReadFail::TooLarge) => return on_error(err(None, TOO_LARGE.into())),
                Err(ReadFail::Io(e)) => return on_error(err(None, io_message(&e, gz))),
            };
            match format {
                Format::Html => read_html(name, &bytes, published, on_article, on_error),
                Format::Feed => feed::read(name, &bytes, on_article, on_error),
                _ => read_text_or_json(name, bytes, format, published, base_dir, on_article, on_error),
            }
        }
    }
}

fn read_jsonl(
    name: &str,
    reader: impl Read,
    gz: bool,
    base_dir: Option<&Path>,
    on_article: &mut dyn FnMut(Article),
    on_error: &mut dyn FnMut(InputError),
) {
    let err = |line: Option<usize>, message: String| InputError { file: name.to_string(), line, message };
    let mut any = false;
    let mut reader = BufReader::new(reader);
    let mut buf = Vec::new();
    let mut n = 0;
    loop {
        let over = match read_line_bounded(&mut reader, &mut buf, MAX_RECORD_BYTES as usize) {
            Ok(None) => break,
            Ok(Some(over)) => over,
            Err(e) => {
                on_error(err(Some(n + 1), io_message(&e, gz)));
                any = true;
                break;
            }
        };
        n += 1;
        if over {
            any = true;
            on_error(err(Some(n), TOO_LARGE.into()));
            continue;
        }
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

fn read_text_or_json(
    name: &str,
    bytes: Vec<u8>,
    format: Format,
    published: Option<NaiveDate>,
    base_dir: Option<&Path>,
    on_article: &mut dyn FnMut(Article),
    on_error: &mut dyn FnMut(InputError),
) {
    let err = |line: Option<usize>, message: String| InputError { file: name.to_string(), line, message };
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

/// One HTML page: its main text; `published` stands in for a page without a date.
fn read_html(
    name: &str,
    bytes: &[u8],
    published: Option<NaiveDate>,
    on_article: &mut dyn FnMut(Article),
    on_error: &mut dyn FnMut(InputError),
) {
    let err = |message: &str| InputError { file: name.to_string(), line: None, message: message.to_string() };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return on_error(err("empty: no text"));
    }
    let page = match html::decode_html_bytes(bytes, None).map(|s| html::extract(&s)) {
        Some(Ok(page)) => page,
        Some(Err(too_deep)) => return on_error(err(&too_deep.to_string())),
        None => return on_error(err("binary file (NUL bytes), not HTML")),
    };
    if page.text.is_empty() {
        return on_error(err("no article text"));
    }
    on_article(Article {
        id: stem(name),
        source: page.source,
        url: page.url,
        published: page.published.or(published),
        title: page.title,
        text: page.text,
    })
}

/// Reads every input path: files, folders (recursively) and `-` for stdin.
/// Plain-text input takes `published` as its publication date, and so does
/// an HTML page that gives none.
pub fn read_paths(
    paths: &[PathBuf],
    published: Option<NaiveDate>,
    on_article: &mut dyn FnMut(Article),
    on_error: &mut dyn FnMut(InputError),
) {
    for p in paths {
        if p.as_os_str() == "-" {
            read_stdin(published, on_article, on_error);
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

/// A stream with its first bytes read and put back.
type Peeked<R> = io::Chain<io::Cursor<Vec<u8>>, R>;

/// The first bytes of a stream (up to `n`), and the stream with them put back.
fn peek<R: Read>(mut r: R, n: usize) -> io::Result<(Vec<u8>, Peeked<R>)> {
    let mut head = Vec::with_capacity(n);
    (&mut r).take(n as u64).read_to_end(&mut head)?;
    Ok((head.clone(), io::Cursor::new(head).chain(r)))
}

/// A reader that fails once with the error it holds, then ends.
struct FailingReader(Option<io::Error>);

impl Read for FailingReader {
    fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
        match self.0.take() {
            Some(e) => Err(e),
            None => Ok(0),
        }
    }
}

/// The format of stdin, from its first bytes.
fn sniff(head: &[u8]) -> Format {
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let start = head.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(head.len());
    let head = &head[start..];
    let lower = String::from_utf8_lossy(head).to_ascii_lowercase();
    if head.starts_with(b"WARC/") {
        Format::Warc
    } else if head.starts_with(b"{") {
        Format::Jsonl
    } else if head.starts_with(b"<") {
        if ["<rss", "<feed", "<rdf:rdf"].iter().any(|t| lower.contains(t)) { Format::Feed } else { Format::Html }
    } else {
        Format::Text
    }
}

fn read_stdin(published: Option<NaiveDate>, on_article: &mut dyn FnMut(Article), on_error: &mut dyn FnMut(InputError)) {
    let stdin_err =
        |e: io::Error| InputError { file: "<stdin>".into(), line: None, message: format!("cannot read: {e}") };
    let stdin = io::stdin().lock();
    let (head, rest) = match peek(stdin, 2) {
        Ok(p) => p,
        Err(e) => return on_error(stdin_err(e)),
    };
    let gz = head.starts_with(&[0x1f, 0x8b]);
    let input: Box<dyn Read> = if gz { Box::new(flate2::read::MultiGzDecoder::new(rest)) } else { Box::new(rest) };
    let (head, input) = match peek(input, 1024) {
        Ok(p) => p,
        Err(e) => return on_error(InputError { file: "<stdin>".into(), line: None, message: io_message(&e, gz) }),
    };
    let mut format = sniff(&head);
    if format == Format::Jsonl {
        // One JSON object (perhaps over several lines) or one per line. Only an
        // input within the record bound can be one object: read no more than
        // that, and stream anything longer as lines.
        let mut bytes = Vec::new();
        let mut input = input;
        if let Err(e) = (&mut input).take(MAX_RECORD_BYTES + 1).read_to_end(&mut bytes) {
            // Keep the lines read before the break; the error is reported where it happened.
            let rest = FailingReader(Some(e));
            return read_jsonl("<stdin>", bytes.as_slice().chain(rest), gz, None, on_article, on_error);
        }
        if bytes.len() as u64 > MAX_RECORD_BYTES {
            return read_jsonl("<stdin>", bytes.as_slice().chain(input), gz, None, on_article, on_error);
        }
        if serde_json::from_slice::<serde_json::Value>(&bytes).is_ok() {
            format = Format::Json;
        }
        return read_format("<stdin>", bytes.as_slice(), format, false, published, None, on_article, on_error);
    }
    let name = match format {
        Format::Html => "stdin.html",
        Format::Feed => "stdin.xml",
        Format::Warc => "stdin.warc",
        _ => "stdin.txt",
    };
    read_format(name, input, format, gz, published, None, on_article, on_error);
}

fn read_file(
    path: &Path,
    format: Format,
    published: Option<NaiveDate>,
    on_article: &mut dyn FnMut(Article),
    on_error: &mut dyn FnMut(InputError),
) {
    let name = path.display().to_string();
    let gz = is_gzipped(path);
    match std::fs::File::open(path) {
        Ok(f) => {
            let single = matches!(format, Format::Text | Format::Json | Format::Html | Format::Feed);
            if single && !gz && f.metadata().is_ok_and(|m| m.len() > MAX_RECORD_BYTES) {
                return on_error(InputError { file: name, line: None, message: TOO_LARGE.into() });
            }
            read_reader(&name, f, format, gz, published, path.parent(), on_article, on_error)
        }
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
        collect_from(name, content, format)
    }

    fn collect_from(name: &str, content: impl Read, format: Format) -> (Vec<Article>, Vec<String>) {
        let mut arts = Vec::new();
        let mut errs = Vec::new();
        let gz = is_gzipped(Path::new(name));
        read_reader(name, content, format, gz, None, None, &mut |a| arts.push(a), &mut |e| errs.push(e.to_string()));
        (arts, errs)
    }

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        use std::io::Write;
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(bytes).unwrap();
        enc.finish().unwrap()
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

    #[test]
    fn formats_and_stems_look_through_gz() {
        let of = |n: &str| Format::of(Path::new(n));
        assert_eq!(of("a.txt.gz"), Some(Format::Text));
        assert_eq!(of("b.JSONL.gz"), Some(Format::Jsonl));
        assert_eq!(of("page.htm"), Some(Format::Html));
        assert_eq!(of("x.warc.gz"), Some(Format::Warc));
        assert_eq!(of("news.rss"), Some(Format::Feed));
        assert_eq!(of("feed.atom"), Some(Format::Feed));
        assert_eq!(of("sitemap.xml"), Some(Format::Feed));
        assert_eq!(of("notes.gz"), None);
        assert_eq!(of("archive.tar.gz"), None);
        assert!(is_gzipped(Path::new("dir/a.TXT.GZ")));
        assert!(!is_gzipped(Path::new("a.txt")));
        assert_eq!(stem("dir/page.html.gz"), "page");
        assert_eq!(stem("b.jsonl.GZ"), "b");
        assert_eq!(stem("x.gold.json"), "x");
        assert_eq!(stem("plain"), "plain");
    }

    #[test]
    fn bounded_lines() {
        let mut r = io::Cursor::new(b"abc\r\nabcdef\nxy".to_vec());
        let mut buf = Vec::new();
        assert_eq!(read_line_bounded(&mut r, &mut buf, 3).unwrap(), Some(false));
        assert_eq!(buf, b"abc\r\n");
        assert_eq!(read_line_bounded(&mut r, &mut buf, 3).unwrap(), Some(true));
        assert_eq!(read_line_bounded(&mut r, &mut buf, 3).unwrap(), Some(false));
        assert_eq!(buf, b"xy");
        assert_eq!(read_line_bounded(&mut r, &mut buf, 3).unwrap(), None);
    }

    #[test]
    fn gzipped_text_and_truncated_jsonl() {
        let (arts, errs) = collect("a.txt.gz", &gzip(b"Ankara said on Monday."), Format::Text);
        assert!(errs.is_empty(), "{errs:?}");
        assert_eq!(arts[0].id, "a");
        assert_eq!(arts[0].text, "Ankara said on Monday.");

        let lines: String = (1..=200).map(|i| format!("{{\"id\": \"r{i}\", \"text\": \"Record {i}.\"}}\n")).collect();
        let gz = gzip(lines.as_bytes());
        let (arts, errs) = collect("b.jsonl.gz", &gz[..gz.len() / 2], Format::Jsonl);
        assert!(!arts.is_empty() && arts.len() < 200, "{}", arts.len());
        assert_eq!(arts.last().unwrap().id, format!("r{}", arts.len()));
        assert_eq!(errs.len(), 1, "{errs:?}");
        let line = arts.len() + 1;
        assert!(errs[0].starts_with(&format!("b.jsonl.gz:{line}: corrupt or truncated gzip data")), "{errs:?}");

        let (arts, errs) = collect("c.txt.gz", b"not gzip at all", Format::Text);
        assert!(arts.is_empty());
        assert!(errs[0].starts_with("c.txt.gz: corrupt or truncated gzip data"), "{errs:?}");
    }

    #[test]
    fn oversize_records_are_refused() {
        let big = || io::repeat(b'a').take(MAX_RECORD_BYTES + 10);
        let (arts, errs) = collect_from("big.txt", big(), Format::Text);
        assert!(arts.is_empty());
        assert_eq!(errs, ["big.txt: record larger than 32 MiB"]);
        let (_, errs) = collect_from("big.html", big(), Format::Html);
        assert_eq!(errs, ["big.html: record larger than 32 MiB"]);

        let line = io::Cursor::new(b"{\"id\": \"a\", \"text\": \"A.\"}\n{\"text\": \"".to_vec())
            .chain(big())
            .chain(io::Cursor::new(b"\"}\n{\"id\": \"c\", \"text\": \"C.\"}\n".to_vec()));
        let (arts, errs) = collect_from("big.jsonl", line, Format::Jsonl);
        assert_eq!(arts.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(), ["a", "c"]);
        assert_eq!(errs, ["big.jsonl:2: record larger than 32 MiB"]);

        // Exactly at the bound is fine.
        let (arts, errs) = collect_from("max.txt", io::repeat(b'a').take(MAX_RECORD_BYTES), Format::Text);
        assert!(errs.is_empty());
        assert_eq!(arts[0].text.len() as u64, MAX_RECORD_BYTES);
    }

    #[test]
    fn oversize_gzipped_single_article() {
        use std::io::Write;
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        let chunk = vec![b'a'; 1 << 20];
        for _ in 0..33 {
            enc.write_all(&chunk).unwrap();
        }
        let gz = enc.finish().unwrap();
        assert!(gz.len() < 1 << 20);
        let (arts, errs) = collect("bomb.txt.gz", &gz, Format::Text);
        assert!(arts.is_empty());
        assert_eq!(errs, ["bomb.txt.gz: record larger than 32 MiB"]);
    }

    #[test]
    fn stdin_sniffing() {
        assert_eq!(sniff(b"WARC/1.1\r\n"), Format::Warc);
        assert_eq!(sniff(b"  {\"id\": 1}"), Format::Jsonl);
        assert_eq!(sniff(b"\xef\xbb\xbf<?xml version=\"1.0\"?><rss version=\"2.0\">"), Format::Feed);
        assert_eq!(sniff(b"<!DOCTYPE html><html>"), Format::Html);
        assert_eq!(sniff(b"Moscow said."), Format::Text);
    }
}
