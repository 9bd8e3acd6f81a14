//! RSS and Atom feeds (through `feed-rs`): one article per item.
//!
//! The text of an item is its content, else its summary / description, as
//! text (markup stripped by the HTML text extractor). A feed whose XML breaks
//! is one error with the line where it broke; the items that closed before
//! the break are still read.

use crate::html::{html_to_text, parse_date_loose, plain_paragraphs};
use crate::{InputError, stem};
use chrono::{DateTime, NaiveDateTime, Utc};
use demarche_core::Article;
use feed_rs::model::{Entry, Feed};
use quick_xml::events::Event;

/// Deeper XML is refused before it reaches the feed parser.
const MAX_DEPTH: usize = 512;

/// Where and why a feed's XML breaks, from a quick pass over it.
struct Break {
    /// Byte offset of the break.
    at: usize,
    message: String,
    /// The end of the last `</item>` or `</entry>` before the break.
    last_item_end: Option<usize>,
    too_deep: bool,
}

/// Checks the XML is well formed; the first break found, if any.
fn prescan(bytes: &[u8]) -> Option<Break> {
    let mut reader = quick_xml::Reader::from_reader(bytes);
    let mut stack: Vec<String> = Vec::new();
    let mut last_item_end = None;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => {
                stack.push(e.name().as_ref().to_string());
                if stack.len() > MAX_DEPTH {
                    let at = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
                    let message = format!("elements nested deeper than {MAX_DEPTH}");
                    return Some(Break { at, message, last_item_end, too_deep: true });
                }
            }
            Ok(Event::End(e)) => {
                stack.pop();
                if matches!(e.local_name().as_ref(), "item" | "entry") {
                    last_item_end = usize::try_from(reader.buffer_position()).ok();
                }
            }
            Ok(Event::Eof) => {
                let open = stack.last()?;
                let message = format!("the file ends inside <{open}>");
                return Some(Break { at: bytes.len(), message, last_item_end, too_deep: false });
            }
            Ok(_) => {}
            Err(e) => {
                let at = usize::try_from(reader.error_position()).unwrap_or(usize::MAX);
                return Some(Break { at, message: e.to_string(), last_item_end, too_deep: false });
            }
        }
    }
}

/// The first `end` bytes of a feed with its open elements closed: the items before a break.
fn repair(bytes: &[u8], end: usize) -> Option<Vec<u8>> {
    let head = bytes.get(..end)?;
    let mut reader = quick_xml::Reader::from_reader(head);
    let mut stack: Vec<String> = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => stack.push(e.name().as_ref().to_string()),
            Ok(Event::End(_)) => {
                stack.pop();
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(_) => return None,
        }
    }
    let mut out = head.to_vec();
    for name in stack.iter().rev() {
        out.extend_from_slice(b"</");
        out.extend_from_slice(name.as_bytes());
        out.push(b'>');
    }
    Some(out)
}

fn line_of(bytes: &[u8], at: usize) -> usize {
    bytes.iter().take(at).filter(|&&b| b == b'\n').count() + 1
}

/// A feed's timestamp at the publisher's wall-clock time (feed-rs would turn
/// it to UTC, moving late-evening items to the next day).
fn local_time(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    let fixed = DateTime::parse_from_rfc3339(s)
        .or_else(|_| DateTime::parse_from_rfc2822(s))
        .or_else(|e| s.split_once(',').map_or(Err(e), |(_, rest)| DateTime::parse_from_rfc2822(rest.trim())));
    if let Ok(t) = fixed {
        return Some(t.naive_local().and_utc());
    }
    for f in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S"] {
        if let Ok(t) = NaiveDateTime::parse_and_remainder(s, f) {
            return Some(t.0.and_utc());
        }
    }
    parse_date_loose(s).map(|d| d.and_time(chrono::NaiveTime::MIN).and_utc())
}

fn parse(bytes: &[u8]) -> Result<Feed, String> {
    let parsed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        feed_rs::parser::Builder::new()
            .id_generator(|_, _, _| String::new())
            .timestamp_parser(local_time)
            .build()
            .parse(bytes)
    }));
    match parsed {
        Ok(Ok(feed)) => Ok(feed),
        Ok(Err(e)) => Err(e.to_string()),
        Err(_) => Err("the feed parser failed on this input".into()),
    }
}

/// Text from feed markup: HTML when it looks like it, else plain lines.
fn to_text(s: &str) -> String {
    if s.contains('<') || s.contains('&') { html_to_text(s) } else { plain_paragraphs(s) }
}

fn one_line(s: &str) -> String {
    to_text(s).lines().collect::<Vec<_>>().join(" ")
}

/// Reads one feed file.
pub(crate) fn read(
    name: &str,
    bytes: &[u8],
    on_article: &mut dyn FnMut(Article),
    on_error: &mut dyn FnMut(InputError),
) {
    let err = |line: Option<usize>, message: String| InputError { file: name.to_string(), line, message };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return on_error(err(None, "empty: no feed".into()));
    }
    let broken = prescan(bytes);
    let feed = match &broken {
        Some(b) if b.too_deep => Err(b.message.clone()),
        _ => parse(bytes),
    };
    let feed = match feed {
        Ok(feed) => feed,
        Err(e) => {
            let Some(b) = broken else { return on_error(err(None, format!("not a readable RSS or Atom feed: {e}"))) };
            let recovered = match b.last_item_end.filter(|_| !b.too_deep).and_then(|end| repair(bytes, end)) {
                Some(head) => parse(&head).map_or(0, |feed| emit(name, feed, on_article, on_error)),
                None => 0,
            };
            let read = match recovered {
                0 => String::new(),
                1 => " (the item before it was read)".into(),
                k => format!(" (the {k} items before it were read)"),
            };
            return on_error(err(Some(line_of(bytes, b.at)), format!("broken feed XML: {}{read}", b.message)));
        }
    };
    if feed.entries.is_empty() {
        return on_error(err(None, "feed has no items".into()));
    }
    emit(name, feed, on_article, on_error);
}

/// Hands on the items of a feed; how many became articles.
fn emit(name: &str, feed: Feed, on_article: &mut dyn FnMut(Article), on_error: &mut dyn FnMut(InputError)) -> usize {
    let file_stem = stem(name);
    let source = feed.title.as_ref().map(|t| one_line(&t.content)).filter(|t| !t.is_empty());
    let mut count = 0;
    for (i, entry) in feed.entries.into_iter().enumerate() {
        match article(entry, i + 1, &file_stem, &source) {
            Ok(a) => {
                count += 1;
                on_article(a);
            }
            Err(m) => on_error(InputError { file: name.to_string(), line: None, message: m }),
        }
    }
    count
}

fn article(entry: Entry, index: usize, file_stem: &str, source: &Option<String>) -> Result<Article, String> {
    let id = match entry.id.trim() {
        "" => format!("{file_stem}-{index}"),
        id => id.to_string(),
    };
    let content = entry.content.and_then(|c| c.body).map(|b| to_text(&b)).filter(|t| !t.is_empty());
    let text = content.or_else(|| entry.summary.map(|s| to_text(&s.content)).filter(|t| !t.is_empty()));
    let Some(text) = text else {
        return Err(format!("item {index} (`{id}`): no text (no content, summary or description)"));
    };
    let url = entry
        .links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r.eq_ignore_ascii_case("alternate")))
        .or(entry.links.first())
        .map(|l| l.href.trim().to_string())
        .filter(|u| !u.is_empty());
    Ok(Article {
        id,
        source: source.clone(),
        url,
        published: entry.published.or(entry.updated).map(|t| t.date_naive()),
        title: entry.title.map(|t| one_line(&t.content)).filter(|t| !t.is_empty()),
        text,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wall_clock_dates() {
        let day = |s: &str| local_time(s).map(|t| t.date_naive().to_string());
        assert_eq!(day("Tue, 05 Mar 2024 23:30:00 -0500").as_deref(), Some("2024-03-05"));
        assert_eq!(day("2024-03-05T00:30:00+01:00").as_deref(), Some("2024-03-05"));
        assert_eq!(day("Wed, 05 Mar 2024 08:00:00 GMT").as_deref(), Some("2024-03-05"));
        assert_eq!(day("2024-03-05 08:00:00").as_deref(), Some("2024-03-05"));
        assert_eq!(day("soon"), None);
    }

    #[test]
    fn prescan_finds_the_break() {
        let xml = b"<rss>\n<channel>\n<item><title>a</title></item>\n<item><title>b</oops></item>\n</channel></rss>";
        let b = prescan(xml).unwrap();
        assert_eq!(line_of(xml, b.at), 4);
        let end = b.last_item_end.unwrap();
        assert_eq!(
            String::from_utf8(repair(xml, end).unwrap()).unwrap(),
            "<rss>\n<channel>\n<item><title>a</title></item></channel></rss>"
        );
        assert!(prescan(b"<rss><channel></channel></rss>").is_none());
        assert!(prescan(&b"<a>".repeat(MAX_DEPTH + 1)).unwrap().too_deep);
    }
}
