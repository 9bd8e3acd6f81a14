//! A small streaming WARC (1.0/1.1) reader: the HTML responses of a web archive.
//!
//! A record is a `WARC/1.x` line, header lines up to a blank line,
//! `Content-Length` bytes of block and CRLF CRLF. `response` records holding
//! an HTTP response with an HTML body (and `resource` records holding HTML)
//! become articles; other records are skipped. A malformed record is reported
//! with its number (counted from 1) and reading resumes at the next line that
//! starts with `WARC/`.

use crate::html::{self, find};
use crate::{InputError, MAX_RECORD_BYTES, TOO_LARGE, io_message, read_line_bounded, stem};
use demarche_core::Article;
use std::io::{self, BufRead, Read};

/// The longest header line read (WARC or HTTP).
const MAX_LINE: usize = 64 * 1024;
/// The most header bytes of one record.
const MAX_HEADER: usize = 1024 * 1024;

type Headers = Vec<(String, String)>;

/// The value of a header (names compared case-insensitively).
fn header<'a>(headers: &'a Headers, name: &str) -> Option<&'a str> {
    headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
}

enum HeaderFail {
    Bad(String),
    Eof,
    Io(io::Error),
}

/// What went wrong at the end of a record, or reading the next.
enum Step {
    /// Go on with the next record.
    Next,
    /// Look for the next `WARC/` line first.
    Resync,
    /// Nothing more can be read.
    Stop,
}

/// Shortens a line for a message.
fn shown(line: &[u8]) -> String {
    let s = String::from_utf8_lossy(line);
    let s = s.trim_end();
    match s.char_indices().nth(60) {
        Some((k, _)) => format!("{}...", &s[..k]),
        None => s.to_string(),
    }
}

fn trim_eol(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// The next line that is not blank (without its line break); `None` at the end.
fn next_line<R: BufRead>(r: &mut R, buf: &mut Vec<u8>) -> io::Result<Option<Vec<u8>>> {
    loop {
        if read_line_bounded(r, buf, MAX_LINE)?.is_none() {
            return Ok(None);
        }
        let line = trim_eol(buf);
        if !line.iter().all(u8::is_ascii_whitespace) {
            return Ok(Some(line.to_vec()));
        }
    }
}

/// Skips to the next line starting with `WARC/` and returns it.
fn resync<R: BufRead>(r: &mut R, buf: &mut Vec<u8>) -> io::Result<Option<Vec<u8>>> {
    while let Some(line) = next_line(r, buf)? {
        if line.starts_with(b"WARC/") {
            return Ok(Some(line));
        }
    }
    Ok(None)
}

/// Header lines up to a blank line; folded lines are joined to the one before.
fn read_headers<R: BufRead>(r: &mut R, buf: &mut Vec<u8>) -> Result<Headers, HeaderFail> {
    let mut headers: Headers = Vec::new();
    let mut total = 0usize;
    loop {
        match read_line_bounded(r, buf, MAX_LINE) {
            Ok(None) => return Err(HeaderFail::Eof),
            Ok(Some(true)) => return Err(HeaderFail::Bad("header line longer than 64 KiB".into())),
            Ok(Some(false)) => {}
            Err(e) => return Err(HeaderFail::Io(e)),
        }
        total += buf.len();
        if total > MAX_HEADER {
            return Err(HeaderFail::Bad("header larger than 1 MiB".into()));
        }
        let line = trim_eol(buf);
        if line.is_empty() {
            return Ok(headers);
        }
        let text = String::from_utf8_lossy(line);
        if line[0] == b' ' || line[0] == b'\t' {
            match headers.last_mut() {
                Some((_, v)) => {
                    v.push(' ');
                    v.push_str(text.trim());
                    continue;
                }
                None => return Err(HeaderFail::Bad(format!("bad header line `{}`", shown(line)))),
            }
        }
        match text.split_once(':') {
            Some((name, value))
                if !name.is_empty() && name.bytes().all(|b| b.is_ascii_graphic() && b != b'"' && b != b',') =>
            {
                headers.push((name.to_string(), value.trim().to_string()));
            }
            _ => return Err(HeaderFail::Bad(format!("bad header line `{}`", shown(line)))),
        }
    }
}

/// After a block: consumes the CRLF CRLF; whether line breaks (or the end) followed.
fn read_trailer<R: BufRead>(r: &mut R) -> io::Result<bool> {
    let mut breaks = 0;
    loop {
        let (n, more) = {
            let avail = match r.fill_buf() {
                Ok(a) => a,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if avail.is_empty() {
                return Ok(true);
            }
            let n = avail.iter().take_while(|b| matches!(b, b'\r' | b'\n')).count();
            (n, n == avail.len())
        };
        r.consume(n);
        breaks += n;
        if !more {
            return Ok(breaks > 0);
        }
    }
}

/// Reads a WARC stream; `gz` names read errors as broken gzip data.
pub(crate) fn read<R: BufRead>(
    name: &str,
    mut r: R,
    gz: bool,
    on_article: &mut dyn FnMut(Article),
    on_error: &mut dyn FnMut(InputError),
) {
    let err = |n: usize, message: String| InputError {
        file: name.to_string(),
        line: Some(n),
        message: format!("record {n}: {message}"),
    };
    let file_stem = stem(name);
    let mut buf = Vec::new();
    let mut pending: Option<Vec<u8>> = None;
    let mut n = 0usize;
    loop {
        let first = match pending.take() {
            Some(line) => line,
            None => match next_line(&mut r, &mut buf) {
                Ok(Some(line)) => line,
                Ok(None) => break,
                Err(e) => {
                    on_error(err(n + 1, io_message(&e, gz)));
                    break;
                }
            },
        };
        n += 1;
        let step = if first.starts_with(b"WARC/") {
            read_record(&mut r, &mut buf, n, &file_stem, gz, &err, on_article, on_error)
        } else {
            on_error(err(n, format!("expected a WARC/1.x version line, found `{}`", shown(&first))));
            Step::Resync
        };
        match step {
            Step::Next => {}
            Step::Stop => break,
            Step::Resync => match resync(&mut r, &mut buf) {
                Ok(Some(line)) => pending = Some(line),
                Ok(None) => break,
                Err(e) => {
                    on_error(err(n + 1, io_message(&e, gz)));
                    break;
                }
            },
        }
    }
    if n == 0 {
        on_error(InputError { file: name.to_string(), line: None, message: "empty: no WARC records".into() });
    }
}

/// Reads the rest of record `n` (its version line read) and hands on what it holds.
#[allow(clippy::too_many_arguments)]
fn read_record<R: BufRead>(
    r: &mut R,
    buf: &mut Vec<u8>,
    n: usize,
    file_stem: &str,
    gz: bool,
    err: &dyn Fn(usize, String) -> InputError,
    on_article: &mut dyn FnMut(Article),
    on_error: &mut dyn FnMut(InputError),
) -> Step {
    let headers = match read_headers(r, buf) {
        Ok(h) => h,
        Err(HeaderFail::Bad(m)) => {
            on_error(err(n, m));
            return Step::Resync;
        }
        Err(HeaderFail::Eof) => {
            on_error(err(n, "truncated: the file ends inside the record header".into()));
            return Step::Stop;
        }
        Err(HeaderFail::Io(e)) => {
            on_error(err(n, io_message(&e, gz)));
            return Step::Stop;
        }
    };
    let len = match header(&headers, "Content-Length").map(|v| v.parse::<u64>()) {
        Some(Ok(len)) => len,
        Some(Err(_)) => {
            let v = header(&headers, "Content-Length").unwrap_or_default();
            on_error(err(n, format!("bad Content-Length `{}`", shown(v.as_bytes()))));
            return Step::Resync;
        }
        None => {
            on_error(err(n, "no Content-Length header".into()));
            return Step::Resync;
        }
    };
    if len > MAX_RECORD_BYTES {
        on_error(err(n, TOO_LARGE.into()));
        return match io::copy(&mut r.by_ref().take(len), &mut io::sink()) {
            Ok(skipped) if skipped == len => Step::Next,
            Ok(_) => Step::Stop,
            Err(e) => {
                on_error(err(n, io_message(&e, gz)));
                Step::Stop
            }
        };
    }
    let mut block = Vec::new();
    if let Err(e) = r.by_ref().take(len).read_to_end(&mut block) {
        on_error(err(n, io_message(&e, gz)));
        return Step::Stop;
    }
    if (block.len() as u64) < len {
        let left = block.len();
        on_error(err(n, format!("Content-Length {len} runs past the end of the file ({left} bytes left)")));
        return Step::Stop;
    }
    match read_trailer(r) {
        Ok(true) => {}
        Ok(false) => {
            on_error(err(n, format!("no CRLF CRLF after the block: Content-Length {len} is wrong")));
            return Step::Resync;
        }
        Err(e) => {
            // The record itself is whole: use it before giving up.
            handle(&headers, &block, n, file_stem, err, on_article, on_error);
            on_error(err(n + 1, io_message(&e, gz)));
            return Step::Stop;
        }
    }
    handle(&headers, &block, n, file_stem, err, on_article, on_error);
    Step::Next
}

fn is_html_type(content_type: &str) -> bool {
    let mime = content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    mime == "text/html" || mime == "application/xhtml+xml"
}

/// The `charset=` parameter of a content type.
fn charset(content_type: &str) -> Option<&str> {
    content_type.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim().eq_ignore_ascii_case("charset").then(|| v.trim().trim_matches(['"', '\'']))
    })
}

/// Turns a whole record into an article when it holds an HTML page.
fn handle(
    headers: &Headers,
    block: &[u8],
    n: usize,
    file_stem: &str,
    err: &dyn Fn(usize, String) -> InputError,
    on_article: &mut dyn FnMut(Article),
    on_error: &mut dyn FnMut(InputError),
) {
    let Some(kind) = header(headers, "WARC-Type") else {
        return on_error(err(n, "no WARC-Type header".into()));
    };
    let record_type = header(headers, "Content-Type").unwrap_or_default();
    let page = match kind.to_ascii_lowercase().as_str() {
        "response"
            if record_type.to_ascii_lowercase().starts_with("application/http")
                || (record_type.trim().is_empty() && block.starts_with(b"HTTP/")) =>
        {
            match http_html(block) {
                Ok(Some(page)) => page,
                Ok(None) => return,
                Err(m) => return on_error(err(n, m)),
            }
        }
        "response" | "resource" if is_html_type(record_type) => {
            match html::decode_html_bytes(block, charset(record_type)) {
                Some(s) => s,
                None => return on_error(err(n, "binary data (NUL bytes), not HTML".into())),
            }
        }
        _ => return,
    };
    let target =
        header(headers, "WARC-Target-URI").map(|u| u.trim().trim_start_matches('<').trim_end_matches('>').trim());
    let extracted = match html::extract(&page) {
        Ok(e) => e,
        Err(too_deep) => return on_error(err(n, too_deep.to_string())),
    };
    if extracted.text.is_empty() {
        let at = target.map(|t| format!(" ({t})")).unwrap_or_default();
        return on_error(err(n, format!("no article text{at}")));
    }
    let id = header(headers, "WARC-Record-ID")
        .map(|id| {
            let id = id.trim().trim_start_matches('<').trim_end_matches('>');
            id.strip_prefix("urn:uuid:").unwrap_or(id).to_string()
        })
        .filter(|id| !id.is_empty())
        .unwrap_or_else(|| format!("{file_stem}-{n}"));
    let crawled = header(headers, "WARC-Date").and_then(crate::parse_published);
    on_article(Article {
        id,
        source: extracted.source,
        url: target.filter(|t| !t.is_empty()).map(str::to_string).or(extracted.url),
        published: extracted.published.or(crawled),
        title: extracted.title,
        text: extracted.text,
    });
}

/// The decoded HTML of an HTTP response; `None` when it is not a successful HTML response.
fn http_html(block: &[u8]) -> Result<Option<String>, String> {
    let crlf = find(block, b"\r\n\r\n").map(|k| (k, 4));
    let lf = find(block, b"\n\n").map(|k| (k, 2));
    let (end, sep) = match (crlf, lf) {
        (Some(a), Some(b)) => {
            if a.0 <= b.0 {
                a
            } else {
                b
            }
        }
        (Some(a), None) => a,
        (None, Some(b)) => b,
        (None, None) => (block.len(), 0),
    };
    let head = String::from_utf8_lossy(&block[..end]);
    let body = block.get(end + sep..).unwrap_or_default();
    let mut lines = head.lines();
    let status_line = lines.next().unwrap_or_default().trim();
    let mut parts = status_line.split_whitespace();
    let status = match (parts.next(), parts.next().map(str::parse::<u16>)) {
        (Some(v), Some(Ok(code))) if v.starts_with("HTTP/") => code,
        _ => return Err(format!("bad HTTP status line `{}`", shown(status_line.as_bytes()))),
    };
    if !(200..300).contains(&status) {
        return Ok(None);
    }
    let headers: Headers =
        lines.filter_map(|l| l.split_once(':')).map(|(k, v)| (k.trim().to_string(), v.trim().to_string())).collect();
    let content_type = header(&headers, "Content-Type").unwrap_or_default();
    let html = if content_type.trim().is_empty() {
        let start = String::from_utf8_lossy(body.get(..512).unwrap_or(body)).to_ascii_lowercase();
        start.contains("<html") || start.contains("<!doctype html")
    } else {
        is_html_type(content_type)
    };
    if !html {
        return Ok(None);
    }
    let mut body = body.to_vec();
    if header(&headers, "Transfer-Encoding").is_some_and(|t| t.to_ascii_lowercase().contains("chunked")) {
        body = dechunk(&body)?;
    }
    let coding = header(&headers, "Content-Encoding").unwrap_or_default().trim().to_ascii_lowercase();
    let body = match coding.as_str() {
        "" | "identity" => body,
        // Some archivers store the decoded body and keep the header: trust the bytes.
        "gzip" | "x-gzip" if !body.starts_with(&[0x1f, 0x8b]) => body,
        "gzip" | "x-gzip" => inflate(flate2::read::MultiGzDecoder::new(body.as_slice()))?,
        "deflate" => match inflate(flate2::read::ZlibDecoder::new(body.as_slice())) {
            Ok(b) => b,
            Err(_) => inflate(flate2::read::DeflateDecoder::new(body.as_slice()))?,
        },
        other => return Err(format!("unsupported Content-Encoding `{}`", shown(other.as_bytes()))),
    };
    match html::decode_html_bytes(&body, charset(content_type)) {
        Some(s) => Ok(Some(s)),
        None => Err("binary data (NUL bytes), not HTML".into()),
    }
}

/// A compressed HTTP body, decompressed within the record bound.
fn inflate(r: impl Read) -> Result<Vec<u8>, String> {
    match crate::read_bounded(r) {
        Ok(b) => Ok(b),
        Err(crate::ReadFail::TooLarge) => Err(format!("{TOO_LARGE} (decompressed HTTP body)")),
        Err(crate::ReadFail::Io(e)) => Err(format!("corrupt compressed HTTP body: {e}")),
    }
}

/// Decodes `Transfer-Encoding: chunked`. A body that does not start with a
/// chunk size was stored decoded: it is returned as is.
fn dechunk(body: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let mut rest = body;
    let mut first = true;
    loop {
        let Some(nl) = rest.iter().position(|&b| b == b'\n') else {
            if first {
                return Ok(body.to_vec());
            }
            return Err("chunked body ends without a last (0) chunk".into());
        };
        let line = String::from_utf8_lossy(&rest[..nl]);
        let size = line.split(';').next().unwrap_or_default().trim();
        let size = match u64::from_str_radix(size, 16) {
            Ok(s) => s,
            Err(_) if first => return Ok(body.to_vec()),
            Err(_) => return Err(format!("bad chunk size `{}`", shown(size.as_bytes()))),
        };
        first = false;
        rest = &rest[nl + 1..];
        if size == 0 {
            return Ok(out);
        }
        let Some(chunk) = usize::try_from(size).ok().and_then(|s| rest.get(..s)) else {
            return Err("a chunk runs past the end of the body".into());
        };
        out.extend_from_slice(chunk);
        rest = &rest[chunk.len()..];
        rest = rest.strip_prefix(b"\r\n").or_else(|| rest.strip_prefix(b"\n")).unwrap_or(rest);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: &str, extra: &str, block: &[u8]) -> Vec<u8> {
        let mut r = format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Date: 2024-02-01T10:00:00Z\r\n{extra}Content-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        r.extend_from_slice(block);
        r.extend_from_slice(b"\r\n\r\n");
        r
    }

    fn run(bytes: &[u8]) -> (Vec<Article>, Vec<String>) {
        let (mut arts, mut errs) = (Vec::new(), Vec::new());
        read("t.warc", bytes, false, &mut |a| arts.push(a), &mut |e| errs.push(e.to_string()));
        (arts, errs)
    }

    const PAGE: &str = "<html><body><article><p>Envoys met in Bern on Friday.</p></article></body></html>";

    #[test]
    fn chunked_gzipped_response() {
        use std::io::Write;
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all(PAGE.as_bytes()).unwrap();
        let gz = enc.finish().unwrap();
        let (a, b) = gz.split_at(10);
        let mut http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n".to_vec();
        for part in [a, b] {
            http.extend_from_slice(format!("{:x}\r\n", part.len()).as_bytes());
            http.extend_from_slice(part);
            http.extend_from_slice(b"\r\n");
        }
        http.extend_from_slice(b"0\r\n\r\n");
        let warc = record(
            "response",
            "WARC-Record-ID: <urn:uuid:1234>\r\nWARC-Target-URI: https://example.org/a\r\nContent-Type: application/http; msgtype=response\r\n",
            &http,
        );
        let (arts, errs) = run(&warc);
        assert!(errs.is_empty(), "{errs:?}");
        assert_eq!(arts[0].id, "1234");
        assert_eq!(arts[0].text, "Envoys met in Bern on Friday.");
        assert_eq!(arts[0].url.as_deref(), Some("https://example.org/a"));
        assert_eq!(arts[0].published, chrono::NaiveDate::from_ymd_opt(2024, 2, 1));
    }

    #[test]
    fn non_html_and_failed_responses_are_skipped() {
        let ctype = "Content-Type: application/http; msgtype=response\r\n";
        let mut warc = record("response", ctype, b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG");
        warc.extend(record("response", ctype, b"HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\n<p>gone</p>"));
        warc.extend(record("resource", "Content-Type: text/html\r\n", PAGE.as_bytes()));
        warc.extend(record("response", ctype, b"garbage\r\n\r\n"));
        let (arts, errs) = run(&warc);
        assert_eq!(arts.len(), 1);
        assert_eq!(arts[0].id, "t-3");
        assert_eq!(errs, ["t.warc:4: record 4: bad HTTP status line `garbage`"]);
    }

    #[test]
    fn malformed_records_resync() {
        let ctype = "Content-Type: text/html\r\n";
        let good = record("resource", ctype, PAGE.as_bytes());
        let mut warc = b"junk before\r\n".to_vec();
        warc.extend(&good);
        warc.extend(b"WARC/1.0\r\nWARC-Type: resource\r\nno colon here\r\n\r\n<p>x</p>\r\n\r\n");
        warc.extend(&good);
        warc.extend(b"WARC/1.0\r\nWARC-Type: resource\r\nContent-Length: 3\r\n\r\nabcdef\r\n\r\n");
        warc.extend(&good);
        warc.extend(b"WARC/1.0\r\nWARC-Type: resource\r\nContent-Length: 999\r\n\r\nshort");
        let (arts, errs) = run(&warc);
        assert_eq!(arts.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(), ["t-2", "t-4", "t-6"]);
        assert_eq!(
            errs,
            [
                "t.warc:1: record 1: expected a WARC/1.x version line, found `junk before`",
                "t.warc:3: record 3: bad header line `no colon here`",
                "t.warc:5: record 5: no CRLF CRLF after the block: Content-Length 3 is wrong",
                "t.warc:7: record 7: Content-Length 999 runs past the end of the file (5 bytes left)",
            ]
        );
    }

    #[test]
    fn oversize_block_is_skipped_by_length() {
        let mut warc =
            format!("WARC/1.0\r\nWARC-Type: resource\r\nContent-Length: {}\r\n\r\n", MAX_RECORD_BYTES + 1).into_bytes();
        warc.resize(warc.len() + MAX_RECORD_BYTES as usize + 1, b'x');
        warc.extend(b"\r\n\r\n");
        warc.extend(record("resource", "Content-Type: text/html\r\n", PAGE.as_bytes()));
        let (arts, errs) = run(&warc);
        assert_eq!(arts.len(), 1);
        assert_eq!(errs, ["t.warc:1: record 1: record larger than 32 MiB"]);
    }

    #[test]
    fn chunks() {
        assert_eq!(dechunk(b"3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n").unwrap(), b"abcde");
        assert_eq!(dechunk(b"<html>").unwrap(), b"<html>");
        assert!(dechunk(b"5\r\nab").is_err());
        assert!(dechunk(b"ffffffffffffffffff\r\nab").is_ok_and(|b| b.starts_with(b"fff")));
    }

    #[test]
    fn empty_input() {
        assert_eq!(run(b"\r\n").1, ["t.warc: empty: no WARC records"]);
    }
}
