//! `demarche explain`: an article as a reader sees it through the pipeline.
//!
//! Each sentence is printed with its number, wrapped, and underlined: `~`
//! under quoted words, `^` under actor mentions, `-` under dates, `=` under
//! event triggers. Under the sentence come the quotes that start in it with
//! their speaker and how the speaker was found, the mentions with their
//! codes, the dates with how they were resolved, and the events with the
//! lexicon entries that fired.

use crate::actors::{Actor, How, Mention};
use crate::pipeline::Coded;
use crate::speech::{Attribution, QuoteKind};
use std::fmt::Write;

const WIDTH: usize = 100;

pub fn actor_label(a: &Actor) -> String {
    let mut s = String::new();
    if let Some(n) = &a.name {
        s.push_str(n);
        s.push(' ');
    }
    s.push_str(&a.code);
    if let Some(sec) = &a.sector {
        s.push(' ');
        s.push_str(sec);
    }
    if let Some(r) = &a.role {
        let _ = write!(s, ", {r}");
    }
    s
}

fn how_label(h: How) -> &'static str {
    match h {
        How::Lexicon => "lexicon",
        How::Context => "context",
        How::Composed => "composed",
        How::Title => "title",
        How::Apposition => "apposition",
        How::Surname => "surname",
        How::Pronoun => "pronoun",
        How::Description => "description",
        How::Unresolved => "unresolved",
    }
}

fn attribution_label(a: Attribution) -> &'static str {
    match a {
        Attribution::SaidVerb => "said-verb",
        Attribution::AccordingTo => "according-to",
        Attribution::QuotedAsSaying => "quoted-as-saying",
        Attribution::Neighbour => "neighbour",
        Attribution::None => "none",
    }
}

fn mention_line(raw: &str, m: &Mention) -> String {
    let mut s = format!("mention {:?} = {} [{}", m.span.text(raw), actor_label(&m.actor), how_label(m.how));
    if !m.entries.is_empty() {
        let _ = write!(s, "; {}", m.entries.join(", "));
    }
    s.push(']');
    s
}

fn event_line(raw: &str, e: &crate::events::Event) -> String {
    let list = |v: &[Actor]| v.iter().map(actor_label).collect::<Vec<_>>().join(" + ");
    let name = crate::ontology::lookup(&e.cameo).map_or("", |c| c.name);
    let mut s = format!(
        "event {} {} ({}, {}, Goldstein {}, quad {}) {:?}: [{}] -> [{}] on {}",
        e.cameo,
        name,
        e.plover.unwrap_or("no PLOVER type"),
        e.root,
        e.goldstein,
        e.quad_class,
        e.trigger.text(raw),
        list(&e.source),
        list(&e.target),
        e.date.map_or_else(|| "?".to_string(), |d| d.to_string()),
    );
    let flags: Vec<&str> = [
        (e.negated, "negated"),
        (e.hedged, "hedged"),
        (e.future, "future"),
        (e.conditional, "conditional"),
        (!e.asserted, "not asserted"),
    ]
    .iter()
    .filter(|(on, _)| *on)
    .map(|(_, n)| *n)
    .collect();
    if !flags.is_empty() {
        let _ = write!(s, " <{}>", flags.join(", "));
    }
    let _ = write!(s, " [date {}; {}]", e.date_how, e.entries.join(", "));
    s
}

fn date_line(raw: &str, d: &crate::time::DateMention) -> String {
    let value = match (d.date, d.year, d.month_day) {
        (Some(day), _, _) => day.to_string(),
        (None, Some(y), _) => y.to_string(),
        (None, None, Some((m, dd))) => format!("????-{m:02}-{dd:02}"),
        _ => "?".to_string(),
    };
    let how = serde_json::to_value(d.how).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
    let precision =
        serde_json::to_value(d.precision).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
    let mut s = format!("date {:?} = {value} ({precision}) [{how}", d.span.text(raw));
    if d.reported {
        s.push_str(", reported");
    }
    if !d.entries.is_empty() {
        let _ = write!(s, "; {}", d.entries.join(", "));
    }
    s.push(']');
    s
}

/// Underline marks for the chars of `span` within the sentence.
fn mark(marks: &mut [char], sent_start: usize, raw: &str, span: crate::Span, c: char) {
    let s = span.start.max(sent_start);
    if span.end <= s {
        return;
    }
    let from = raw[sent_start..s].chars().count();
    let n = raw[s..span.end].chars().count();
    let rank = |c: char| " ~-^=".find(c).unwrap_or(0);
    for m in marks.iter_mut().skip(from).take(n) {
        if rank(c) > rank(*m) {
            *m = c;
        }
    }
}

/// Renders the whole article.
pub fn render(coded: &Coded) -> String {
    let raw = coded.article.text.as_str();
    let mut out = String::new();
    let _ = write!(out, "article {}", coded.article.id);
    if let Some(p) = coded.article.published {
        let _ = write!(out, " (published {p})");
    }
    out.push('\n');
    for s in &coded.text.sentences {
        let text: String = s.span.text(raw).chars().map(|c| if c == '\n' || c == '\r' { ' ' } else { c }).collect();
        let mut marks: Vec<char> = vec![' '; text.chars().count()];
        for q in &coded.quotes {
            if q.kind == QuoteKind::Direct {
                mark(&mut marks, s.span.start, raw, q.span.intersect(s.span), '~');
            }
        }
        for m in coded.actors.mentions.iter().filter(|m| m.sentence == s.index) {
            mark(&mut marks, s.span.start, raw, m.span, '^');
        }
        for d in coded.dates.iter().filter(|d| d.sentence == s.index) {
            mark(&mut marks, s.span.start, raw, d.span, '-');
        }
        for e in coded.events.iter().filter(|e| e.sentence == s.index) {
            mark(&mut marks, s.span.start, raw, e.trigger, '=');
        }
        let _ = writeln!(out, "\n[{}]", s.index);
        let chars: Vec<char> = text.chars().collect();
        let mut start = 0;
        while start < chars.len() {
            let mut end = (start + WIDTH).min(chars.len());
            if end < chars.len() {
                if let Some(sp) = chars[start..end].iter().rposition(|c| *c == ' ') {
                    if sp > 0 {
                        end = start + sp + 1;
                    }
                }
            }
            let line: String = chars[start..end].iter().collect();
            let under: String = marks[start..end].iter().collect();
            let _ = writeln!(out, "    {}", line.trim_end());
            if !under.trim().is_empty() {
                let _ = writeln!(out, "    {}", under.trim_end());
            }
            start = end;
        }
        for q in coded.quotes.iter().filter(|q| q.sentences.start == s.index) {
            let kind = match q.kind {
                QuoteKind::Direct => "direct",
                QuoteKind::Indirect => "indirect",
            };
            let opening: String = q.span.text(raw).split_whitespace().take(8).collect::<Vec<_>>().join(" ");
            let _ = write!(
                out,
                "    quote ({kind}, sentences {}-{}) \"{opening} ...\"",
                q.sentences.start,
                q.sentences.end - 1
            );
            match &q.speaker {
                Some(sp) => {
                    let _ = write!(
                        out,
                        " <- {:?} = {} [{}",
                        sp.text,
                        actor_label(&sp.actor),
                        attribution_label(q.attribution)
                    );
                    if let Some(h) = sp.resolved {
                        let _ = write!(out, ", {}", how_label(h));
                    }
                    if let Some(e) = &q.cue_entry {
                        let _ = write!(out, "; {e}");
                    }
                    out.push(']');
                }
                None => out.push_str(" <- no speaker"),
            }
            out.push('\n');
        }
        for m in coded.actors.mentions.iter().filter(|m| m.sentence == s.index) {
            let _ = writeln!(out, "    {}", mention_line(raw, m));
        }
        for d in coded.dates.iter().filter(|d| d.sentence == s.index) {
            let _ = writeln!(out, "    {}", date_line(raw, d));
        }
        for e in coded.events.iter().filter(|e| e.sentence == s.index) {
            let _ = writeln!(out, "    {}", event_line(raw, e));
        }
    }
    out
}
