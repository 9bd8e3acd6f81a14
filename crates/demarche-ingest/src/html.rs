//! The main article text and metadata of an HTML page.
//!
//! The text is taken from the most specific article container the page marks
//! (`[itemprop=articleBody]`, then `<article>`, then `<main>`), unless the
//! element holding the most paragraph text (with its sibling paragraph
//! groups) has more than twice as much; pages without paragraphs give the
//! text of their body, and pages without any text the JSON-LD `articleBody`.
//! Navigation, headers, footers, asides, forms, scripts, styles, figures,
//! headings, hidden elements and elements whose class or id name them as ads,
//! comments, share bars, related links and the like are left out, and so are
//! blocks that are mostly links. Each block (paragraph, list item, quote...)
//! becomes one line of the text, its whitespace collapsed; entities are
//! decoded by the parser.
//!
//! ```
//! let page = demarche_ingest::html::extract(
//!     "<html><head><title>Talks</title></head><body><nav><a href='/'>Home</a></nav>\
//!      <article><p>Envoys met in  Vienna.</p><p>They agreed to meet again.</p></article></body></html>",
//! )
//! .unwrap();
//! assert_eq!(page.title.as_deref(), Some("Talks"));
//! assert_eq!(page.text, "Envoys met in Vienna.\nThey agreed to meet again.");
//! ```

use chrono::{DateTime, NaiveDate};
use ego_tree::NodeId;
use ego_tree::iter::Edge;
use encoding_rs::Encoding;
use scraper::node::Element;
use scraper::{ElementRef, Html, Node};
use serde_json::{Map, Value};
use std::collections::HashMap;

/// What [`extract`] finds in a page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HtmlPage {
    /// `og:title`, else the JSON-LD `headline`, else `<title>`, else
    /// `twitter:title`, else the first `<h1>`.
    pub title: Option<String>,
    /// From `article:published_time`-like meta tags, `<time pubdate>`, JSON-LD
    /// `datePublished` (also inside `@graph`), else the first `<time datetime>`.
    pub published: Option<NaiveDate>,
    /// `<link rel=canonical>`, else `og:url`, else the JSON-LD `url`.
    pub url: Option<String>,
    /// `og:site_name`, else the JSON-LD `publisher.name`.
    pub source: Option<String>,
    /// The main text, one paragraph a line; empty when the page has none.
    pub text: String,
}

/// The deepest element nesting [`extract`] takes: the HTML parser slows
/// down with the square of the depth, and real pages stay far below it.
pub const MAX_NESTING: usize = 1000;

/// A page nested deeper than [`MAX_NESTING`] elements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("HTML nested deeper than {MAX_NESTING} elements")]
pub struct TooDeep;

/// Extracts the main article text and metadata of an HTML page.
pub fn extract(html: &str) -> Result<HtmlPage, TooDeep> {
    if nesting_depth(html) > MAX_NESTING {
        return Err(TooDeep);
    }
    let doc = Html::parse_document(html);
    let meta = Meta::collect(&doc);
    let ld = JsonLd::collect(&meta.ld_scripts);

    let mut text = main_text(&doc, true);
    if text.is_empty() {
        // Class names can mislead ("has-comments" on the article body): retry without them.
        text = main_text(&doc, false);
    }
    if text.is_empty() {
        if let Some(body) = &ld.body {
            text = plain_paragraphs(body);
        }
    }

    let first =
        |keys: &[&str]| keys.iter().find_map(|k| meta.tags.get(*k)).map(|v| collapse(v)).filter(|v| !v.is_empty());
    let title = first(&["og:title"])
        .or_else(|| ld.headline.as_deref().map(collapse).filter(|t| !t.is_empty()))
        .or_else(|| meta.title.clone())
        .or_else(|| first(&["twitter:title"]))
        .or_else(|| meta.h1.clone());
    let published = DATE_KEYS
        .iter()
        .filter_map(|k| meta.tags.get(*k))
        .chain(meta.pub_time.iter())
        .chain(ld.published.iter())
        .chain(meta.article_time.iter())
        .chain(meta.first_time.iter())
        .find_map(|d| parse_date_loose(d));
    let url = meta.canonical.clone().or_else(|| first(&["og:url"])).or_else(|| ld.url.clone());
    let source = first(&["og:site_name"]).or_else(|| ld.publisher.as_deref().map(collapse).filter(|s| !s.is_empty()));
    Ok(HtmlPage { title, published, url, source, text })
}

/// Elements without an end tag, or whose end tag is usually left out.
const UNCLOSED: &[&[u8]] = &[
    b"area",
    b"base",
    b"br",
    b"col",
    b"embed",
    b"hr",
    b"img",
    b"input",
    b"link",
    b"meta",
    b"source",
    b"track",
    b"wbr",
    b"param",
    b"keygen",
    b"p",
    b"li",
    b"dt",
    b"dd",
    b"tr",
    b"td",
    b"th",
    b"option",
    b"optgroup",
    b"rb",
    b"rt",
    b"rp",
    b"tbody",
    b"thead",
    b"tfoot",
    b"colgroup",
    b"caption",
    b"html",
    b"head",
    b"body",
];

/// An estimate of the deepest element nesting of a page, from its tags.
fn nesting_depth(html: &str) -> usize {
    let b = html.as_bytes();
    let (mut depth, mut max, mut i) = (0usize, 0usize, 0usize);
    while let Some(k) = b.get(i..).and_then(|rest| rest.iter().position(|&c| c == b'<')) {
        i += k + 1;
        let close = b.get(i) == Some(&b'/');
        if close {
            i += 1;
        }
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_alphanumeric) {
            i += 1;
        }
        let name = b[start..i].to_ascii_lowercase();
        if name.is_empty() || !name[0].is_ascii_alphabetic() || UNCLOSED.contains(&name.as_slice()) {
            continue;
        }
        if close {
            depth = depth.saturating_sub(1);
        } else {
            depth += 1;
            max = max.max(depth);
        }
    }
    max
}

/// The text of an HTML fragment (a feed item's content): one block a line,
/// whitespace collapsed, entities decoded, markup, scripts, styles and
/// elements classed as ads, share bars and the like gone.
pub fn html_to_text(fragment: &str) -> String {
    if nesting_depth(fragment) > MAX_NESTING {
        // Too deep to parse in good time: drop the tags crudely.
        let mut text = String::new();
        let mut in_tag = false;
        for c in fragment.chars() {
            match c {
                '<' => in_tag = true,
                '>' if in_tag => {
                    in_tag = false;
                    text.push(' ');
                }
                _ if !in_tag => text.push(c),
                _ => {}
            }
        }
        return collapse(&text);
    }
    let doc = Html::parse_fragment(fragment);
    let strict = blocks_of(doc.root_element(), true);
    if strict.is_empty() { blocks_of(doc.root_element(), false) } else { strict }.join("\n")
}

/// Decodes a page's bytes: by its BOM, else as UTF-8 when they are valid
/// UTF-8 (saved pages often keep a stale `<meta charset>`), else by `charset`
/// (from an HTTP header) or a `<meta charset>` near the start, else as
/// Windows-1252. `None` for binary data (NUL bytes without a UTF-16 BOM).
pub fn decode_html_bytes(bytes: &[u8], charset: Option<&str>) -> Option<String> {
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        return Some(enc.decode_without_bom_handling(bytes.get(bom..).unwrap_or_default()).0.into_owned());
    }
    if crate::has_nul(bytes) {
        return None;
    }
    let head = bytes.get(..4096).unwrap_or(bytes);
    let label = charset.map(str::to_string).or_else(|| meta_charset(head));
    let declared = label.and_then(|l| Encoding::for_label(l.trim().as_bytes()));
    // ISO-2022-JP is 7-bit: valid UTF-8 that still needs decoding.
    if let Some(enc) = declared.filter(|e| *e == encoding_rs::ISO_2022_JP) {
        return Some(enc.decode_without_bom_handling(bytes).0.into_owned());
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Some(s.to_string());
    }
    // A page that says UTF-16 without a BOM is ASCII-compatible in practice.
    let enc = match declared {
        Some(e) if e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE => encoding_rs::WINDOWS_1252,
        Some(e) => e,
        None => encoding_rs::WINDOWS_1252,
    };
    Some(enc.decode_without_bom_handling(bytes).0.into_owned())
}

/// The `charset=` of a `<meta>` tag (either form) in the first bytes of a page.
fn meta_charset(head: &[u8]) -> Option<String> {
    let lower = head.to_ascii_lowercase();
    let mut from = 0;
    while let Some(k) = find(&lower[from..], b"charset") {
        let at = from + k + b"charset".len();
        from = at;
        let rest = lower.get(at..)?;
        let rest = &rest[rest.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(rest.len())..];
        let Some(rest) = rest.strip_prefix(b"=") else { continue };
        let start = rest.iter().position(|b| !b.is_ascii_whitespace() && *b != b'"' && *b != b'\'')?;
        let label: Vec<u8> = rest[start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.'))
            .copied()
            .collect();
        if !label.is_empty() {
            return String::from_utf8(label).ok();
        }
    }
    None
}

/// The first occurrence of `needle` in `hay`.
pub(crate) fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Parses a date as pages write it: ISO 8601 / RFC 3339 (the publisher's
/// local day), RFC 2822, `2024/03/05`, `20240305`, `March 5, 2024`, `5 March 2024`.
pub fn parse_date_loose(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if let Some(d) = crate::parse_published(s) {
        return Some(d);
    }
    if let Ok(d) = DateTime::parse_from_rfc2822(s) {
        return Some(d.date_naive());
    }
    if let Some((_, rest)) = s.split_once(',') {
        if let Ok(d) = DateTime::parse_from_rfc2822(rest.trim()) {
            return Some(d.date_naive());
        }
    }
    if s.len() >= 8 && s.as_bytes()[..8].iter().all(u8::is_ascii_digit) {
        if let Some(d) = s.get(..8).and_then(|p| NaiveDate::parse_from_str(p, "%Y%m%d").ok()) {
            return Some(d);
        }
    }
    ["%Y/%m/%d", "%Y.%m.%d", "%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%A, %B %d, %Y", "%A %d %B %Y"]
        .iter()
        .find_map(|f| NaiveDate::parse_and_remainder(s, f).ok().map(|(d, _)| d))
}

/// Meta tags giving the publication date, most specific first.
const DATE_KEYS: &[&str] = &[
    "article:published_time",
    "og:published_time",
    "og:article:published_time",
    "datepublished",
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "dc.date.issued",
    "dc.date",
    "dcterms.date",
    "dcterms.created",
    "sailthru.date",
    "parsely-pub-date",
];

/// Collapses runs of whitespace (including no-break spaces) to one space and trims.
fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Plain text into paragraphs: one non-empty line each, whitespace collapsed.
pub(crate) fn plain_paragraphs(s: &str) -> String {
    s.lines().map(collapse).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n")
}

/// The text of an element and its descendants, as is.
fn text_of(node: ElementRef<'_>) -> String {
    node.text().collect()
}

/// What the head and body say about the page, gathered in one pass.
#[derive(Default)]
struct Meta {
    /// `<meta>` contents by lowercased property / name / itemprop; the first wins.
    tags: HashMap<String, String>,
    canonical: Option<String>,
    title: Option<String>,
    h1: Option<String>,
    ld_scripts: Vec<String>,
    /// `<time pubdate>` or `<time itemprop=datePublished>`.
    pub_time: Option<String>,
    /// The first `<time datetime>` inside an `<article>`.
    article_time: Option<String>,
    /// The first `<time datetime>` outside navigation, asides and footers.
    first_time: Option<String>,
}

impl Meta {
    fn collect(doc: &Html) -> Meta {
        let mut m = Meta::default();
        // Open ancestors of interest, counted in one walk (nesting can be deep).
        let (mut in_furniture, mut in_article, mut in_svg) = (0usize, 0usize, 0usize);
        for edge in doc.root_element().traverse() {
            let (node, open) = match edge {
                Edge::Open(n) => (n, true),
                Edge::Close(n) => (n, false),
            };
            let Some(el) = ElementRef::wrap(node) else { continue };
            let e = el.value();
            let counter = match e.name() {
                "nav" | "aside" | "footer" => Some(&mut in_furniture),
                "article" => Some(&mut in_article),
                "svg" | "math" => Some(&mut in_svg),
                _ => None,
            };
            if let Some(c) = counter {
                *c = if open { *c + 1 } else { c.saturating_sub(1) };
            }
            if !open {
                continue;
            }
            match e.name() {
                "meta" => {
                    let Some(content) = e.attr("content") else { continue };
                    for key in ["property", "name", "itemprop"] {
                        if let Some(k) = e.attr(key) {
                            m.tags.entry(k.trim().to_ascii_lowercase()).or_insert_with(|| content.to_string());
                        }
                    }
                }
                "link" => {
                    let canonical = e
                        .attr("rel")
                        .is_some_and(|r| r.split_whitespace().any(|t| t.eq_ignore_ascii_case("canonical")));
                    if canonical && m.canonical.is_none() {
                        m.canonical = e.attr("href").map(str::trim).filter(|h| !h.is_empty()).map(str::to_string);
                    }
                }
                "title" if m.title.is_none() && in_svg == 0 => {
                    m.title = Some(collapse(&text_of(el))).filter(|t| !t.is_empty());
                }
                "h1" if m.h1.is_none() => m.h1 = Some(collapse(&text_of(el))).filter(|t| !t.is_empty()),
                "script" if e.attr("type").is_some_and(|t| t.to_ascii_lowercase().contains("ld+json")) => {
                    m.ld_scripts.push(text_of(el));
                }
                "time" => {
                    let marked = e.attr("pubdate").is_some()
                        || e.attr("itemprop").is_some_and(|p| p.eq_ignore_ascii_case("datepublished"));
                    if marked && m.pub_time.is_none() {
                        m.pub_time = Some(e.attr("datetime").map_or_else(|| text_of(el), str::to_string));
                    }
                    let Some(when) = e.attr("datetime") else { continue };
                    if in_furniture > 0 {
                        continue;
                    }
                    if m.article_time.is_none() && in_article > 0 {
                        m.article_time = Some(when.to_string());
                    }
                    if m.first_time.is_none() {
                        m.first_time = Some(when.to_string());
                    }
                }
                _ => {}
            }
        }
        m
    }
}

/// What the JSON-LD of a page says about the article.
#[derive(Default)]
struct JsonLd {
    headline: Option<String>,
    published: Option<String>,
    publisher: Option<String>,
    url: Option<String>,
    body: Option<String>,
}

impl JsonLd {
    fn collect(scripts: &[String]) -> JsonLd {
        let values: Vec<Value> = scripts
            .iter()
            .filter_map(|s| {
                let s = s.trim().trim_start_matches("<!--").trim_end_matches("-->").trim().trim_end_matches(';');
                serde_json::from_str(s).ok()
            })
            .collect();
        let mut objects = Vec::new();
        for v in &values {
            gather_objects(v, &mut objects, 0);
        }
        let has = |o: &Map<String, Value>, k: &str| o.get(k).and_then(first_string).is_some();
        let article = objects
            .iter()
            .find(|o| is_article_type(o) && (has(o, "headline") || has(o, "datePublished") || has(o, "articleBody")))
            .or_else(|| objects.iter().find(|o| has(o, "headline") || has(o, "datePublished")));
        let Some(a) = article else { return JsonLd::default() };
        let publisher = a.get("publisher").and_then(|p| name_of(p, &objects));
        JsonLd {
            headline: a.get("headline").and_then(first_string),
            published: a.get("datePublished").and_then(first_string),
            publisher,
            url: a.get("url").and_then(first_string),
            body: a.get("articleBody").and_then(first_string),
        }
    }
}

/// Every object in a JSON-LD value (`@graph` arrays, nested entities...), in document order.
fn gather_objects<'a>(v: &'a Value, out: &mut Vec<&'a Map<String, Value>>, depth: usize) {
    if depth > 64 {
        return;
    }
    match v {
        Value::Array(items) => items.iter().for_each(|i| gather_objects(i, out, depth + 1)),
        Value::Object(o) => {
            out.push(o);
            o.values().for_each(|i| gather_objects(i, out, depth + 1));
        }
        _ => {}
    }
}

fn is_article_type(o: &Map<String, Value>) -> bool {
    let article = |t: &str| t.ends_with("Article") || t.ends_with("BlogPosting") || t == "Report";
    match o.get("@type") {
        Some(Value::String(t)) => article(t),
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).any(article),
        _ => false,
    }
}

fn first_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Array(items) => items.iter().find_map(first_string),
        _ => None,
    }
}

/// The name of a publisher: a string, an object with a name, one with an
/// `@id` naming another object of the graph, or a list of those.
fn name_of(v: &Value, objects: &[&Map<String, Value>]) -> Option<String> {
    match v {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Array(items) => items.iter().find_map(|i| name_of(i, objects)),
        Value::Object(o) => o.get("name").and_then(first_string).or_else(|| {
            let id = o.get("@id")?.as_str()?;
            objects
                .iter()
                .filter(|x| x.get("@id").and_then(Value::as_str) == Some(id))
                .find_map(|x| x.get("name").and_then(first_string))
        }),
        _ => None,
    }
}

/// Elements never part of the text.
const SKIP_TAGS: &[&str] = &[
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "object",
    "embed",
    "svg",
    "canvas",
    "math",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "button",
    "select",
    "textarea",
    "input",
    "option",
    "label",
    "figure",
    "figcaption",
    "picture",
    "video",
    "audio",
    "source",
    "dialog",
    "menu",
    "head",
    "title",
    "meta",
    "link",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
];

/// ARIA roles of page furniture.
const SKIP_ROLES: &[&str] =
    &["navigation", "banner", "contentinfo", "complementary", "menu", "menubar", "dialog", "alert", "search"];

/// Words in a class or id that mark page furniture (compared with whole words
/// of the name, split at punctuation and camelCase).
const SKIP_WORDS: &[&str] = &[
    "ad",
    "ads",
    "adv",
    "advert",
    "adverts",
    "advertisement",
    "advertising",
    "adslot",
    "adunit",
    "dfp",
    "sponsor",
    "sponsored",
    "promo",
    "promoted",
    "promotion",
    "outbrain",
    "taboola",
    "newsletter",
    "subscribe",
    "signup",
    "cookie",
    "cookies",
    "consent",
    "gdpr",
    "comment",
    "comments",
    "disqus",
    "replies",
    "share",
    "sharing",
    "sharebar",
    "social",
    "related",
    "recommended",
    "recommendations",
    "trending",
    "mostread",
    "popular",
    "breadcrumb",
    "breadcrumbs",
    "nav",
    "navbar",
    "navigation",
    "menu",
    "header",
    "footer",
    "masthead",
    "sidebar",
    "banner",
    "popup",
    "modal",
    "overlay",
    "widget",
    "byline",
    "caption",
    "credit",
    "tags",
    "pagination",
    "pager",
    "hidden",
    "sronly",
];

/// Words of a class or id: lowercase, split at non-alphanumerics and lower-to-upper case changes.
fn name_words(s: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in s.chars() {
        if !c.is_alphanumeric() {
            if !cur.is_empty() {
                words.push(std::mem::take(&mut cur));
            }
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower && !cur.is_empty() {
            words.push(std::mem::take(&mut cur));
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        cur.extend(c.to_lowercase());
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    // "sr-only" and "most-read" are written both ways.
    let joined: Vec<String> = words.windows(2).map(|w| format!("{}{}", w[0], w[1])).collect();
    words.extend(joined);
    words
}

/// Whether an element is left out of the text. `by_class`: also judge by class and id.
fn is_skipped(e: &Element, by_class: bool) -> bool {
    if SKIP_TAGS.contains(&e.name()) {
        return true;
    }
    if e.attr("hidden").is_some() || e.attr("aria-hidden").is_some_and(|v| v.trim().eq_ignore_ascii_case("true")) {
        return true;
    }
    if let Some(style) = e.attr("style") {
        let style: String = style.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
        if style.contains("display:none") || style.contains("visibility:hidden") {
            return true;
        }
    }
    if e.attr("role").is_some_and(|r| SKIP_ROLES.contains(&r.trim().to_ascii_lowercase().as_str())) {
        return true;
    }
    if by_class && !matches!(e.name(), "html" | "body" | "main" | "article") {
        let names = [e.attr("class"), e.attr("id")];
        return names.iter().flatten().any(|n| name_words(n).iter().any(|w| SKIP_WORDS.contains(&w.as_str())));
    }
    false
}

/// Elements that start and end a block of text.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "blockquote"
            | "pre"
            | "table"
            | "thead"
            | "tbody"
            | "tr"
            | "td"
            | "th"
            | "br"
            | "hr"
            | "address"
            | "center"
            | "details"
            | "summary"
            | "body"
            | "html"
    )
}

/// Blocks that are boilerplate whatever their markup.
const STOP_BLOCKS: &[&str] = &[
    "advertisement",
    "sponsored",
    "sponsored content",
    "share",
    "share this article",
    "share this story",
    "read more",
    "continue reading",
    "skip to content",
    "skip to main content",
    "story continues below advertisement",
];

/// The text blocks under `root` (itself included, never skipped), in document order.
fn blocks_of(root: ElementRef<'_>, by_class: bool) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut link_chars = 0usize;
    let mut in_link = 0usize;
    let mut skip: Option<NodeId> = None;
    let flush = |cur: &mut String, link_chars: &mut usize, out: &mut Vec<String>| {
        let text = collapse(cur);
        cur.clear();
        let links = std::mem::take(link_chars);
        let chars = text.chars().filter(|c| !c.is_whitespace()).count();
        if chars == 0 || links * 2 > chars {
            return;
        }
        let bare = text.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
        if !STOP_BLOCKS.contains(&bare.as_str()) {
            out.push(text);
        }
    };
    for edge in root.traverse() {
        match edge {
            Edge::Open(node) => {
                if skip.is_some() {
                    continue;
                }
                match node.value() {
                    Node::Text(t) => {
                        cur.push_str(t);
                        if in_link > 0 {
                            link_chars += t.chars().filter(|c| !c.is_whitespace()).count();
                        }
                    }
                    Node::Element(e) => {
                        if node.id() != root.id() && is_skipped(e, by_class) {
                            skip = Some(node.id());
                            continue;
                        }
                        if e.name() == "a" {
                            in_link += 1;
                        }
                        if is_block(e.name()) {
                            flush(&mut cur, &mut link_chars, &mut out);
                        }
                    }
                    _ => {}
                }
            }
            Edge::Close(node) => {
                if let Some(id) = skip {
                    if id == node.id() {
                        skip = None;
                    }
                    continue;
                }
                if let Node::Element(e) = node.value() {
                    if e.name() == "a" {
                        in_link = in_link.saturating_sub(1);
                    }
                    if is_block(e.name()) {
                        flush(&mut cur, &mut link_chars, &mut out);
                    }
                }
            }
        }
    }
    flush(&mut cur, &mut link_chars, &mut out);
    out
}

fn text_len(blocks: &[String]) -> usize {
    blocks.iter().map(|b| b.chars().count()).sum()
}

/// The main text of a document (see the module doc).
fn main_text(doc: &Html, by_class: bool) -> String {
    let root = doc.root_element();
    let marked: [&dyn Fn(&Element) -> bool; 3] = [
        &|e| e.attr("itemprop").is_some_and(|p| p.split_whitespace().any(|t| t.eq_ignore_ascii_case("articlebody"))),
        &|e| e.name() == "article" || e.attr("role").is_some_and(|r| r.trim().eq_ignore_ascii_case("article")),
        &|e| e.name() == "main" || e.attr("role").is_some_and(|r| r.trim().eq_ignore_ascii_case("main")),
    ];
    let mut preferred = Vec::new();
    for is_marked in marked {
        let best = outermost(root, is_marked, by_class)
            .into_iter()
            .map(|el| blocks_of(el, by_class))
            .max_by_key(|b| text_len(b));
        if let Some(b) = best.filter(|b| !b.is_empty()) {
            preferred = b;
            break;
        }
    }
    let scored = densest_text(root, by_class);
    let chosen = if !preferred.is_empty() && text_len(&preferred) * 2 >= text_len(&scored) {
        preferred
    } else if !scored.is_empty() {
        scored
    } else {
        // No paragraphs anywhere: whatever text the body has.
        let body = root.child_elements().find(|e| e.value().name() == "body").unwrap_or(root);
        blocks_of(body, by_class)
    };
    chosen.join("\n")
}

/// The outermost elements under `root` that `wanted` picks, leaving out page
/// furniture (but not `<form>`, which may wrap a whole page), in document order.
fn outermost<'a>(root: ElementRef<'a>, wanted: &dyn Fn(&Element) -> bool, by_class: bool) -> Vec<ElementRef<'a>> {
    let mut out = Vec::new();
    let mut skip: Option<NodeId> = None;
    for edge in root.traverse() {
        match edge {
            Edge::Open(node) => {
                let Some(el) = ElementRef::wrap(node) else { continue };
                if skip.is_some() {
                    continue;
                }
                let e = el.value();
                if wanted(e) {
                    out.push(el);
                    skip = Some(node.id());
                } else if e.name() != "form" && is_skipped(e, by_class) {
                    skip = Some(node.id());
                }
            }
            Edge::Close(node) => {
                if skip == Some(node.id()) {
                    skip = None;
                }
            }
        }
    }
    out
}

/// The text of the element with the most paragraph text in its own `<p>`
/// children (half for grandchildren), with those of its siblings that hold
/// paragraphs too (an article split by ad slots), in document order.
fn densest_text(root: ElementRef<'_>, by_class: bool) -> Vec<String> {
    let mut scores: HashMap<NodeId, usize> = HashMap::new();
    for p in outermost(root, &|e| matches!(e.name(), "p" | "pre"), by_class) {
        let len = text_len(&blocks_of(p, by_class));
        if len < 25 {
            continue;
        }
        let mut up = p.ancestors();
        if let Some(parent) = up.next() {
            *scores.entry(parent.id()).or_default() += len * 2;
        }
        if let Some(grand) = up.next() {
            *scores.entry(grand.id()).or_default() += len;
        }
    }
    // The first of the best, in document order.
    let mut best: Option<(ElementRef<'_>, usize)> = None;
    for el in root.descendants().filter_map(ElementRef::wrap) {
        if let Some(&s) = scores.get(&el.id()) {
            if best.is_none_or(|(_, b)| s > b) {
                best = Some((el, s));
            }
        }
    }
    let Some((top, top_score)) = best else { return Vec::new() };
    let Some(parent) = top.parent() else { return blocks_of(top, by_class) };
    let mut out = Vec::new();
    for sibling in parent.children().filter_map(ElementRef::wrap) {
        if sibling.id() == top.id() {
            out.extend(blocks_of(top, by_class));
            continue;
        }
        if is_skipped(sibling.value(), by_class) {
            continue;
        }
        let scored = scores.get(&sibling.id()).is_some_and(|&s| s * 5 >= top_score);
        let blocks = if scored || sibling.value().name() == "p" { blocks_of(sibling, by_class) } else { Vec::new() };
        if scored || text_len(&blocks) >= 80 {
            out.extend(blocks);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_the_forms_pages_use() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day);
        assert_eq!(parse_date_loose("2024-03-05T23:30:00-05:00"), d(2024, 3, 5));
        assert_eq!(parse_date_loose("Tue, 05 Mar 2024 08:00:00 GMT"), d(2024, 3, 5));
        assert_eq!(parse_date_loose("Mon, 05 Mar 2024 08:00:00 +0100"), d(2024, 3, 5));
        assert_eq!(parse_date_loose("2024/03/05 10:00"), d(2024, 3, 5));
        assert_eq!(parse_date_loose("20240305"), d(2024, 3, 5));
        assert_eq!(parse_date_loose("March 5, 2024"), d(2024, 3, 5));
        assert_eq!(parse_date_loose("5 March 2024"), d(2024, 3, 5));
        assert_eq!(parse_date_loose("yesterday"), None);
        assert_eq!(parse_date_loose(""), None);
    }

    #[test]
    fn class_words() {
        assert_eq!(
            name_words("adContainer top-ad"),
            ["ad", "container", "top", "ad", "adcontainer", "containertop", "topad"]
        );
        let skipped = |class: &str| {
            let doc = Html::parse_fragment(&format!("<div class=\"{class}\">x</div>"));
            let div = doc.root_element().descendants().filter_map(ElementRef::wrap).find(|e| e.value().name() == "div");
            is_skipped(div.unwrap().value(), true)
        };
        assert!(skipped("article-comments"));
        assert!(skipped("sr-only"));
        assert!(skipped("ad-slot"));
        assert!(!skipped("shadow lead article-body"));
        assert!(!skipped("subheader-free download"));
    }

    #[test]
    fn densest_container_without_article_markup() {
        let html = r#"<html><body>
            <div class="top"><a href="/">Home</a> <a href="/world">World</a></div>
            <div id="content">
              <div class="story">
                <p>The foreign ministers of both countries met in Oslo on Tuesday.</p>
                <p>They discussed a prisoner exchange, officials said afterwards.</p>
              </div>
              <div class="slot-x"><p>Buy now!</p></div>
              <div class="story">
                <p>A further round of talks is planned for next month in Helsinki.</p>
              </div>
            </div>
            <div class="teasers"><p><a href="/a">Another story about something else entirely</a></p></div>
        </body></html>"#;
        let page = extract(html).unwrap();
        assert_eq!(
            page.text,
            "The foreign ministers of both countries met in Oslo on Tuesday.\n\
             They discussed a prisoner exchange, officials said afterwards.\n\
             A further round of talks is planned for next month in Helsinki."
        );
    }

    #[test]
    fn article_teaser_loses_to_the_real_body() {
        let body: String = (0..6)
            .map(|i| format!("<p>Paragraph {i} of the report on the ceasefire negotiations in Doha.</p>"))
            .collect();
        let html = format!("<body><article><p>A teaser about trade talks.</p></article><div>{body}</div></body>");
        let page = extract(&html).unwrap();
        assert!(page.text.starts_with("Paragraph 0 of the report"), "{}", page.text);
        assert_eq!(page.text.lines().count(), 6);
    }

    #[test]
    fn fragments_and_charsets() {
        assert_eq!(
            html_to_text("<p>Talks &amp; more</p><p>In <b>Geneva</b>.<script>x()</script></p>"),
            "Talks & more\nIn Geneva."
        );
        assert_eq!(html_to_text("plain &lt;text&gt;"), "plain <text>");
        let latin = b"<html><head><meta charset=\"iso-8859-1\"></head><body><p>Caf\xe9 talks</p></body></html>";
        assert!(decode_html_bytes(latin, None).unwrap().contains("Café talks"));
        let http = decode_html_bytes(b"<p>Caf\xe9</p>", Some("windows-1252")).unwrap();
        assert_eq!(http, "<p>Café</p>");
        assert_eq!(decode_html_bytes(b"<p>Caf\xe9</p>", None).unwrap(), "<p>Café</p>");
        assert_eq!(decode_html_bytes(b"a\0b", None), None);
        let stale = "<meta charset=\"iso-8859-1\"><p>Café</p>";
        assert_eq!(decode_html_bytes(stale.as_bytes(), None).unwrap(), stale);
        let utf16: Vec<u8> =
            [0xff, 0xfe].into_iter().chain("<p>Hi</p>".encode_utf16().flat_map(u16::to_le_bytes)).collect();
        assert_eq!(decode_html_bytes(&utf16, None).unwrap(), "<p>Hi</p>");
    }

    #[test]
    fn json_ld_graph_and_publisher_reference() {
        let html = r##"<html><head><script type="application/ld+json">
            {"@context": "https://schema.org", "@graph": [
              {"@type": "Organization", "@id": "#org", "name": "Harbour Wire"},
              {"@type": "WebPage", "@id": "#page", "url": "https://example.org/p"},
              {"@type": ["NewsArticle"], "headline": "Envoys meet", "datePublished": "2023-11-02T09:00:00+09:00",
               "publisher": {"@id": "#org"}, "articleBody": "Envoys met.\nThey talked."}
            ]}</script></head><body><nav>Menu</nav></body></html>"##;
        let page = extract(html).unwrap();
        assert_eq!(page.title.as_deref(), Some("Envoys meet"));
        assert_eq!(page.published, NaiveDate::from_ymd_opt(2023, 11, 2));
        assert_eq!(page.source.as_deref(), Some("Harbour Wire"));
        assert_eq!(page.text, "Envoys met.\nThey talked.");
    }

    #[test]
    fn deep_nesting_is_refused_quickly() {
        let html = "<div>".repeat(MAX_NESTING) + "<p>Deep text about a summit.</p>";
        assert_eq!(extract(&html).unwrap().text, "Deep text about a summit.");
        for open in ["<div>", "<span>", "<ul><li>", "<article>", "<pre>", "<time datetime=2024-01-01>"] {
            let html = open.repeat(200_000) + "<p>Deep text about a summit.</p>";
            let start = std::time::Instant::now();
            assert_eq!(extract(&html), Err(TooDeep));
            assert!(html_to_text(&html).ends_with("Deep text about a summit."));
            // A hang guard, not a speed target (those live in the benchmarks).
            assert!(start.elapsed().as_secs() < 120);
        }
        // Unclosed paragraphs and list items do not count as nesting.
        let html = "<body>".to_string() + &"<p>Envoys met again. <br><img src=x>".repeat(5000);
        assert_eq!(extract(&html).unwrap().text.lines().count(), 5000);
    }

    #[test]
    fn nesting_just_under_the_bound_is_linear_in_our_code() {
        // Our own passes over the tree must not be quadratic in depth.
        for open in ["<article>", "<pre>", "<time datetime=2024-01-01>", "<span>"] {
            let html = open.repeat(MAX_NESTING - 2) + &"<p>Text of the statement issued in Rome.</p>".repeat(50);
            let start = std::time::Instant::now();
            assert!(!extract(&html).unwrap().text.is_empty());
            // A hang guard: quadratic passes take far longer than this on any machine.
            assert!(start.elapsed().as_secs() < 120, "{open}");
        }
    }
}
