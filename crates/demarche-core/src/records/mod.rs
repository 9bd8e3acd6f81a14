//! Flat output records: what `demarche code --emit ...` writes, one per line.

use crate::actors::Actor;
use crate::ontology;
use crate::pipeline::Coded;
use crate::speech::{Attribution, QuoteKind};
use chrono::NaiveDate;
use serde::Serialize;
use smol_str::SmolStr;

pub mod json;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SentenceRecord {
    pub article_id: String,
    pub index: usize,
    pub paragraph: usize,
    pub start: usize,
    pub end: usize,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuoteRecord {
    pub article_id: String,
    pub kind: QuoteKind,
    pub text: String,
    pub start: usize,
    pub end: usize,
    /// First and last sentence index.
    pub sentence: usize,
    pub sentence_end: usize,
    /// The speaker as written ("the diplomat").
    pub speaker_text: Option<String>,
    /// The named person or body it resolves to ("Sergei Ryabkov").
    pub speaker: Option<String>,
    pub speaker_code: Option<String>,
    pub speaker_sector: Option<String>,
    pub speaker_role: Option<String>,
    pub attribution: Attribution,
    /// How the speaker words were resolved (surname, pronoun, description).
    pub resolved: Option<String>,
    pub cue: Option<String>,
    pub cue_entry: Option<String>,
}

pub fn sentences(c: &Coded) -> Vec<SentenceRecord> {
    let raw = c.article.text.as_str();
    c.text
        .sentences
        .iter()
        .map(|s| SentenceRecord {
            article_id: c.article.id.clone(),
            index: s.index,
            paragraph: s.paragraph,
            start: s.span.start,
            end: s.span.end,
            text: s.span.text(raw).to_string(),
        })
        .collect()
}

pub fn quotes(c: &Coded) -> Vec<QuoteRecord> {
    let raw = c.article.text.as_str();
    c.quotes
        .iter()
        .map(|q| {
            let sp = q.speaker.as_ref();
            QuoteRecord {
                article_id: c.article.id.clone(),
                kind: q.kind,
                text: q.span.text(raw).to_string(),
                start: q.span.start,
                end: q.span.end,
                sentence: q.sentences.start,
                sentence_end: q.sentences.end.saturating_sub(1),
                speaker_text: sp.map(|s| s.text.clone()),
                speaker: sp.map(|s| s.actor.name.as_deref().unwrap_or(&s.text).to_string()),
                speaker_code: sp.map(|s| s.actor.code.to_string()),
                speaker_sector: sp.and_then(|s| s.actor.sector.as_deref().map(str::to_string)),
                speaker_role: sp.and_then(|s| s.actor.role.as_deref().map(str::to_string)),
                attribution: q.attribution,
                resolved: sp.and_then(|s| s.resolved).map(|h| {
                    serde_json::to_value(h).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
                }),
                cue: q.cue.map(|c| c.text(raw).to_string()),
                cue_entry: q.cue_entry.clone(),
            }
        })
        .collect()
}

/// One event in the FORMAT.md "Predictions" shape, plus provenance. It borrows from
/// the coded article: writing a record copies no string it does not have to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventRecord<'a> {
    pub article_id: &'a str,
    /// Actor codes (ISO alpha-3 or organization acronym; `---` unknown).
    pub source: Vec<&'a str>,
    pub target: Vec<&'a str>,
    pub cameo: &'a str,
    pub root: &'a str,
    pub event_name: &'static str,
    pub plover: Option<&'static str>,
    pub goldstein: f32,
    pub quad_class: u8,
    pub date: Option<NaiveDate>,
    pub date_how: &'static str,
    pub sentence: &'a str,
    pub source_name: Option<String>,
    pub target_name: Option<String>,
    pub source_actors: &'a [Actor],
    pub target_actors: &'a [Actor],
    pub trigger: &'a str,
    pub trigger_start: usize,
    pub trigger_end: usize,
    pub sentence_index: usize,
    pub sentence_start: usize,
    pub sentence_end: usize,
    pub source_spans: Vec<(usize, usize)>,
    pub target_spans: Vec<(usize, usize)>,
    /// The words of the quote the event sits in, and who said them.
    pub quote: Option<&'a str>,
    pub quote_speaker: Option<&'a str>,
    pub negated: bool,
    pub hedged: bool,
    pub future: bool,
    pub conditional: bool,
    pub asserted: bool,
    /// Lexicon entries that fired: the predicate first.
    pub entries: &'a [SmolStr],
    /// What is being negotiated: topics named in the sentence, else the article's main one.
    pub topics: &'a [SmolStr],
    pub mentions: u32,
    pub ontology: &'static str,
    pub lexicon: &'a str,
}

impl EventRecord<'_> {
    /// The record as one line of JSON, newline not included: the bytes
    /// `serde_json::to_writer` writes, in a fraction of the time (see [`json`]).
    pub fn write_json(&self, out: &mut Vec<u8>) {
        use json::*;
        out.extend_from_slice(b"{\"article_id\":");
        string(out, self.article_id);
        out.extend_from_slice(b",\"source\":");
        strings(out, &self.source);
        out.extend_from_slice(b",\"target\":");
        strings(out, &self.target);
        out.extend_from_slice(b",\"cameo\":");
        string(out, self.cameo);
        out.extend_from_slice(b",\"root\":");
        string(out, self.root);
        out.extend_from_slice(b",\"event_name\":");
        string(out, self.event_name);
        out.extend_from_slice(b",\"plover\":");
        opt_string(out, self.plover);
        out.extend_from_slice(b",\"goldstein\":");
        float(out, self.goldstein);
        out.extend_from_slice(b",\"quad_class\":");
        uint(out, self.quad_class);
        out.extend_from_slice(b",\"date\":");
        match self.date {
            Some(d) => date(out, d),
            None => out.extend_from_slice(b"null"),
        }
        out.extend_from_slice(b",\"date_how\":");
        string(out, self.date_how);
        out.extend_from_slice(b",\"sentence\":");
        string(out, self.sentence);
        out.extend_from_slice(b",\"source_name\":");
        opt_string(out, self.source_name.as_deref());
        out.extend_from_slice(b",\"target_name\":");
        opt_string(out, self.target_name.as_deref());
        out.extend_from_slice(b",\"source_actors\":");
        actors_json(out, self.source_actors);
        out.extend_from_slice(b",\"target_actors\":");
        actors_json(out, self.target_actors);
        out.extend_from_slice(b",\"trigger\":");
        string(out, self.trigger);
        out.extend_from_slice(b",\"trigger_start\":");
        uint(out, self.trigger_start);
        out.extend_from_slice(b",\"trigger_end\":");
        uint(out, self.trigger_end);
        out.extend_from_slice(b",\"sentence_index\":");
        uint(out, self.sentence_index);
        out.extend_from_slice(b",\"sentence_start\":");
        uint(out, self.sentence_start);
        out.extend_from_slice(b",\"sentence_end\":");
        uint(out, self.sentence_end);
        out.extend_from_slice(b",\"source_spans\":");
        pairs(out, &self.source_spans);
        out.extend_from_slice(b",\"target_spans\":");
        pairs(out, &self.target_spans);
        out.extend_from_slice(b",\"quote\":");
        opt_string(out, self.quote);
        out.extend_from_slice(b",\"quote_speaker\":");
        opt_string(out, self.quote_speaker);
        out.extend_from_slice(b",\"negated\":");
        boolean(out, self.negated);
        out.extend_from_slice(b",\"hedged\":");
        boolean(out, self.hedged);
        out.extend_from_slice(b",\"future\":");
        boolean(out, self.future);
        out.extend_from_slice(b",\"conditional\":");
        boolean(out, self.conditional);
        out.extend_from_slice(b",\"asserted\":");
        boolean(out, self.asserted);
        out.extend_from_slice(b",\"entries\":");
        strings(out, self.entries);
        out.extend_from_slice(b",\"topics\":");
        strings(out, self.topics);
        out.extend_from_slice(b",\"mentions\":");
        uint(out, self.mentions);
        out.extend_from_slice(b",\"ontology\":");
        string(out, self.ontology);
        out.extend_from_slice(b",\"lexicon\":");
        string(out, self.lexicon);
        out.push(b'}');
    }

    /// [`EventRecord::write_json`] into a new string.
    pub fn to_json(&self) -> String {
        let mut out = Vec::with_capacity(1024);
        self.write_json(&mut out);
        // Only whole UTF-8 strings and ASCII go into `out`.
        String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }
}

/// Actors as `Actor`'s `Serialize` writes them: the code, then each part it has.
fn actors_json(out: &mut Vec<u8>, actors: &[Actor]) {
    json::array(out, actors, |out, a| {
        out.extend_from_slice(b"{\"code\":");
        json::string(out, &a.code);
        for (key, part) in [(&b",\"sector\":"[..], &a.sector), (b",\"name\":", &a.name), (b",\"role\":", &a.role)] {
            if let Some(v) = part {
                out.extend_from_slice(key);
                json::string(out, v);
            }
        }
        out.push(b'}');
    });
}

fn name_of(actors: &[Actor]) -> Option<String> {
    let names: Vec<&str> = actors.iter().filter_map(|a| a.name.as_deref()).collect();
    (!names.is_empty()).then(|| names.join("; "))
}

/// The events of an article; `all` includes negated and unasserted ones.
pub fn events<'a>(c: &'a Coded, lexicon_version: &'a str, all: bool) -> Vec<EventRecord<'a>> {
    let raw = c.article.text.as_str();
    c.events
        .iter()
        .filter(|e| all || e.is_reportable())
        .map(|e| {
            let quote = e.quote.map(|q| &c.quotes[q]);
            EventRecord {
                article_id: &e.article_id,
                source: e.source.iter().map(|a| a.code.as_str()).collect(),
                target: e.target.iter().map(|a| a.code.as_str()).collect(),
                cameo: &e.cameo,
                root: &e.root,
                event_name: ontology::lookup(&e.cameo).map_or("", |x| x.name),
                plover: e.plover,
                goldstein: e.goldstein,
                quad_class: e.quad_class,
                date: e.date,
                date_how: e.date_how,
                sentence: e.sentence_span.text(raw),
                source_name: name_of(&e.source),
                target_name: name_of(&e.target),
                source_actors: &e.source,
                target_actors: &e.target,
                trigger: e.trigger.text(raw),
                trigger_start: e.trigger.start,
                trigger_end: e.trigger.end,
                sentence_index: e.sentence,
                sentence_start: e.sentence_span.start,
                sentence_end: e.sentence_span.end,
                source_spans: e.source_spans.iter().map(|s| (s.start, s.end)).collect(),
                target_spans: e.target_spans.iter().map(|s| (s.start, s.end)).collect(),
                quote: quote.map(|q| q.span.text(raw)),
                quote_speaker: quote
                    .and_then(|q| q.speaker.as_ref())
                    .map(|s| s.actor.name.as_deref().unwrap_or(&s.text)),
                negated: e.negated,
                hedged: e.hedged,
                future: e.future,
                conditional: e.conditional,
                asserted: e.asserted,
                entries: &e.entries,
                topics: &e.topics,
                mentions: e.mentions,
                ontology: ontology::ONTOLOGY_VERSION,
                lexicon: lexicon_version,
            }
        })
        .collect()
}

/// GDELT-style flat row for TSV and tables.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventRow {
    pub date: String,
    pub source_code: String,
    pub source_name: String,
    pub target_code: String,
    pub target_name: String,
    pub event_code: String,
    pub root: String,
    pub quad_class: u8,
    pub goldstein: f32,
    pub article_id: String,
    pub sentence: String,
    pub entries: String,
}

impl From<&EventRecord<'_>> for EventRow {
    fn from(r: &EventRecord<'_>) -> EventRow {
        let cameo_codes = |v: &[Actor]| v.iter().map(Actor::cameo).collect::<Vec<_>>().join(";");
        EventRow {
            date: r.date.map(|d| d.to_string()).unwrap_or_default(),
            source_code: cameo_codes(r.source_actors),
            source_name: r.source_name.clone().unwrap_or_default(),
            target_code: cameo_codes(r.target_actors),
            target_name: r.target_name.clone().unwrap_or_default(),
            event_code: r.cameo.to_string(),
            root: r.root.to_string(),
            quad_class: r.quad_class,
            goldstein: r.goldstein,
            article_id: r.article_id.to_string(),
            sentence: r.sentence.to_string(),
            entries: r.entries.join(","),
        }
    }
}
