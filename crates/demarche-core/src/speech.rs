//! Quotes and their speakers: who said what.
//!
//! Direct quotes come from the text stage's paired quote marks; their
//! speaker is found the way a careful reader finds it: a reporting verb
//! after the quote ("…,” the diplomat concluded), before it (X said: “…”),
//! "the magazine quoted X as saying", "according to X", and otherwise the
//! speaker of the neighbouring sentence. Reported speech ("X said that …",
//! "According to him, …", "…, the organization noted.") gives indirect
//! quotes. Speakers that are pronouns or role nouns arrive already resolved
//! by the actors stage; first-person pronouns inside a quote ("we", "us")
//! are resolved here to the quote's speaker.

use crate::actors::{Actor, Actors, How, MentionKind};
use crate::lexicon::pattern::Tokens;
use crate::lexicon::{Lexicon, SpeechKind, TokenIds};
use crate::span::Span;
use crate::text::{MarkRole, Text, TokenKind, among};
use serde::Serialize;
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    Direct,
    Indirect,
}

/// How a quote's speaker was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Attribution {
    SaidVerb,
    AccordingTo,
    QuotedAsSaying,
    Neighbour,
    None,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Speaker {
    /// The words that name the speaker in the text ("the diplomat", "he").
    pub text: String,
    pub span: Span,
    /// Index into the actors stage's mentions, when a mention names the speaker.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mention: Option<usize>,
    pub actor: Actor,
    /// How the words were resolved to the actor (pronoun, description...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolved: Option<How>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quote {
    pub kind: QuoteKind,
    /// The quoted or reported words.
    pub span: Span,
    #[serde(skip)]
    pub tokens: Range<usize>,
    pub sentences: Range<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speaker: Option<Speaker>,
    pub attribution: Attribution,
    /// A source the speaker cites: "The publication, citing sources in NATO, stressed ...".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cited: Option<Speaker>,
    /// The reporting verb or phrase, and its lexicon entry.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cue: Option<Span>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cue_entry: Option<String>,
}

/// A reporting cue found in a sentence.
#[derive(Debug, Clone)]
struct Cue {
    kind: SpeechKind,
    start: usize,
    end: usize,
    entry: usize,
}

/// A sentence seen by the pattern matcher.
#[derive(Debug)]
pub struct SentenceTokens<'a> {
    pub text: &'a Text,
    pub actors: &'a Actors,
    pub range: Range<usize>,
}

impl Tokens for SentenceTokens<'_> {
    fn len(&self) -> usize {
        self.range.len()
    }
    fn norm(&self, i: usize) -> &str {
        self.text.norm(self.range.start + i)
    }
    fn barrier(&self, i: usize) -> bool {
        let t = self.range.start + i;
        let tok = &self.text.tokens[t];
        tok.is_quote() || tok.kind == TokenKind::Punct && matches!(self.text.norm(t), ";" | ":" | "." | "?" | "!")
    }
    fn actor_at(&self, i: usize) -> Option<usize> {
        let t = self.range.start + i;
        self.actors.starting_at(t).map(|m| m.tokens.end - self.range.start)
    }
}

const PREPOSITIONS: &[&str] = &[
    "in",
    "of",
    "from",
    "at",
    "on",
    "with",
    "to",
    "by",
    "for",
    "into",
    "near",
    "about",
    "against",
    "between",
    "among",
    "toward",
    "towards",
    "across",
    "through",
    "over",
    "under",
    "within",
    "without",
    "citing",
    "including",
    "like",
];

fn cues(text: &Text, lx: &Lexicon, ids: &[u32], actors: &Actors, range: Range<usize>) -> Vec<Cue> {
    let st = SentenceTokens { text, actors, range: range.clone() };
    let ids = &ids[range.clone()];
    debug_assert!(ids.iter().zip(range.clone()).all(|(&id, t)| id == lx.speech_patterns.word_id(text.norm(t))));
    let mut out: Vec<Cue> = lx
        .speech_patterns
        .find_all_ids(&st, ids)
        .into_iter()
        .map(|(k, m)| {
            let entry = lx.speech_patterns.patterns[k].0;
            Cue { kind: lx.speech[entry].kind, start: range.start + m.start, end: range.start + m.end, entry }
        })
        .collect();
    // Longest cue wins where cues overlap.
    out.sort_by_key(|c| (c.start, std::cmp::Reverse(c.end)));
    let mut kept: Vec<Cue> = Vec::new();
    for c in out {
        if kept.last().is_none_or(|k| c.start >= k.end) {
            kept.push(c);
        }
    }
    kept
}

struct Finder<'a> {
    original: &'a str,
    text: &'a Text,
    actors: &'a Actors,
}

const FIRST_PERSON: &[&str] = &["we", "us", "our", "i", "me", "my"];
const BE_FORMS: &[&str] = &["was", "were", "is", "are", "been", "being", "be"];
/// Words that may follow a reporting verb at the end of a sentence:
/// "..., the ministry said on Monday", "..., Sokolov told reporters".
const TAIL_WORDS: &[&str] = &[
    ",",
    ".",
    "on",
    "in",
    "at",
    "to",
    "after",
    "during",
    "late",
    "earlier",
    "later",
    "afterwards",
    "afterward",
    "citing",
    "via",
    "from",
    "today",
    "yesterday",
    "tonight",
    "reporters",
    "journalists",
    "the",
    "a",
    "an",
    "while",
    "when",
    "before",
    "following",
    "last",
    "this",
    "here",
    "there",
    "by",
    "ahead",
    "as",
    "without",
    "with",
    "speaking",
];
/// Words that can open the reported words of "X said ...".
const CLAUSE_OPENING: &[&str] = &[
    "the", "a", "an", "this", "these", "that", "those", "its", "their", "his", "her", "our", "it", "they", "he", "she",
    "we", "i", "there", "both", "all", "some", "no", "any", "each", "neither", "either", "several", "many",
];

impl Finder<'_> {
    fn speaker_from_mention(&self, m: usize) -> Speaker {
        let mention = &self.actors.mentions[m];
        let mut span = mention.span;
        // An unnamed speaker keeps the words that describe it: "a senior NATO official",
        // "one of the residents".
        if matches!(mention.kind, MentionKind::Agent | MentionKind::Title | MentionKind::Demonym)
            && mention.actor.name.is_none()
        {
            let s = self.text.sentences[mention.sentence].tokens.start;
            let mut k = mention.tokens.start;
            while k > s && mention.tokens.start - k < 4 {
                let prev = &self.text.tokens[k - 1];
                let w = self.text.norm(k - 1);
                if prev.kind != TokenKind::Word
                    || matches!(w, "said" | "says" | "that" | "and" | "but" | "according" | "to" | "by")
                {
                    break;
                }
                k -= 1;
            }
            span = Span::new(self.text.tokens[k].span.start, mention.span.end);
        }
        Speaker {
            text: span.text(self.original).to_string(),
            span,
            mention: Some(m),
            actor: mention.actor.clone(),
            resolved: matches!(mention.how, How::Pronoun | How::Description | How::Surname).then_some(mention.how),
        }
    }

    /// "The publication, citing sources in NATO, stressed": the cited source speaks.
    fn cited_before(&self, verb: usize, floor: usize) -> Option<usize> {
        if verb == 0 || self.text.norm(verb - 1) != "," {
            return None;
        }
        let open = (floor..verb - 1).rev().find(|&k| self.text.norm(k) == ",")?;
        if !matches!(self.text.norm(open + 1), "citing" | "quoting") {
            return None;
        }
        (open + 2..verb - 1)
            .rev()
            .find_map(|t| self.mention_at(t).filter(|&m| self.actors.mentions[m].kind != MentionKind::Adjective))
    }

    fn mention_at(&self, t: usize) -> Option<usize> {
        self.actors.owner.get(t).copied().flatten()
    }

    /// The subject before token `verb`: the nearest mention going back,
    /// skipping asides (", citing sources in NATO,") and objects of
    /// prepositions, but taking appositions (", Viktor Lebedev,").
    fn subject_before(&self, verb: usize, floor: usize) -> Option<usize> {
        let mut t = verb;
        let mut steps = 0;
        while t > floor {
            t -= 1;
            steps += 1;
            if steps > 40 {
                return None;
            }
            let tok = &self.text.tokens[t];
            if tok.is_quote() && self.text.marks[t] == MarkRole::Close {
                return None;
            }
            if tok.kind == TokenKind::Punct && self.text.norm(t) == "," {
                let no_words_after = self.text.tokens[t + 1..verb].iter().all(|x| x.kind != TokenKind::Word);
                if !no_words_after {
                    return None;
                }
                let open = (floor..t).rev().find(|&k| self.text.norm(k) == ",")?;
                let first = self.text.norm(open + 1);
                let aside = first.ends_with("ing") || PREPOSITIONS.contains(&first);
                if !aside {
                    // An apposition: the name between the commas is the subject.
                    if let Some(m) = (open + 1..t).rev().find_map(|k| self.mention_at(k)) {
                        if self.actors.mentions[m].kind != MentionKind::Adjective {
                            return Some(m);
                        }
                    }
                }
                // Go on before the aside's opening comma.
                t = open;
                continue;
            }
            if let Some(m) = self.mention_at(t) {
                let mention = &self.actors.mentions[m];
                let s = mention.tokens.start;
                let prep = s > 0 && PREPOSITIONS.contains(&self.text.norm(s - 1));
                if !prep && mention.kind != MentionKind::Adjective {
                    return Some(m);
                }
                t = s;
            }
        }
        None
    }

    /// The first mention at or after `t` (before `end`), not crossing a quote.
    fn mention_after(&self, t: usize, end: usize) -> Option<usize> {
        for k in t..end.min(t + 6) {
            if self.text.tokens[k].is_quote() {
                return None;
            }
            if let Some(m) = self.mention_at(k) {
                let mm = &self.actors.mentions[m];
                if mm.kind == MentionKind::Adjective || FIRST_PERSON.contains(&self.text.norm(mm.tokens.start)) {
                    continue;
                }
                return Some(m);
            }
        }
        None
    }

    /// A speaker phrase without a mention: the words between a comma and the verb.
    fn phrase_before(&self, verb: usize, floor: usize) -> Option<Speaker> {
        let start = (floor..verb)
            .rev()
            .find(|&k| matches!(self.text.norm(k), "," | "\"") || self.text.tokens[k].is_quote())
            .map_or(floor, |k| k + 1);
        if start >= verb || verb - start > 8 {
            return None;
        }
        let span = Span::new(self.text.tokens[start].span.start, self.text.tokens[verb - 1].span.end);
        Some(Speaker {
            text: span.text(self.original).to_string(),
            span,
            mention: None,
            actor: Actor::unknown(),
            resolved: None,
        })
    }

    /// The speaker of "X was quoted by Y as saying" (X) or "Y quoted X as saying" (X),
    /// given the "quoted" word.
    fn quoted_speaker(&self, quoted: usize, floor: usize, end: usize) -> Option<usize> {
        if quoted > floor && BE_FORMS.contains(&self.text.norm(quoted - 1)) {
            self.subject_before(quoted - 1, floor)
        } else {
            self.mention_after(quoted + 1, end)
        }
    }
}

/// Finds every direct and indirect quote with its speaker, and resolves
/// first-person pronouns inside quotes to their speaker.
pub fn analyze(original: &str, text: &Text, lx: &Lexicon, ids: &TokenIds, actors: &mut Actors) -> Vec<Quote> {
    let f = Finder { original, text, actors };
    let per_sentence: Vec<Vec<Cue>> =
        text.sentences.iter().map(|s| cues(text, lx, &ids.speech, actors, s.tokens.clone())).collect();
    let mut used_cue: Vec<Vec<bool>> = per_sentence.iter().map(|c| vec![false; c.len()]).collect();
    let mut quotes: Vec<Quote> = Vec::new();
    let cue_span = |c: &Cue| Span::new(text.tokens[c.start].span.start, text.tokens[c.end - 1].span.end);
    // "quoted" before an "as saying" cue, within a few words.
    let quoted_word =
        |at: usize, from: usize| (from..at).rev().take(8).find(|&k| matches!(text.norm(k), "quoted" | "cited"));

    // Direct quotes.
    for q in text.quotes.iter() {
        // A plan “B”, so-called “guarantees”: words set off, not speech.
        if q.scare {
            continue;
        }
        let s0 = text.sentence_of(q.open);
        let last_tok = q.close.unwrap_or(q.tokens.end.saturating_sub(1).max(q.open));
        let s1 = text.sentence_of(last_tok);
        let mut found: Option<(Speaker, Attribution, usize, usize)> = None; // speaker, how, sentence, cue
        // After the quote, in its last sentence.
        if let Some(close) = q.close {
            let end = text.sentences[s1].tokens.end;
            for (ci, c) in per_sentence[s1].iter().enumerate() {
                if c.start <= close || c.start > close + 16 {
                    continue;
                }
                let who = match c.kind {
                    SpeechKind::Quoted => f
                        .quoted_speaker(c.start, close + 1, end)
                        .map(|m| (f.speaker_from_mention(m), Attribution::QuotedAsSaying)),
                    SpeechKind::QuotedTail => quoted_word(c.start, close + 1)
                        .and_then(|qw| f.quoted_speaker(qw, close + 1, c.start))
                        .map(|m| (f.speaker_from_mention(m), Attribution::QuotedAsSaying)),
                    SpeechKind::Verb => f
                        .subject_before(c.start, close + 1)
                        .or_else(|| f.mention_after(c.end, end))
                        .map(|m| (f.speaker_from_mention(m), Attribution::SaidVerb))
                        .or_else(|| f.phrase_before(c.start, close + 1).map(|s| (s, Attribution::SaidVerb))),
                    _ => None,
                };
                if let Some((sp, how)) = who {
                    found = Some((sp, how, s1, ci));
                    break;
                }
            }
        }
        // Before the quote, in its first sentence.
        if found.is_none() {
            let start = text.sentences[s0].tokens.start;
            for (ci, c) in per_sentence[s0].iter().enumerate().rev() {
                if c.end > q.open || q.open - c.end > 8 {
                    continue;
                }
                let who = match c.kind {
                    SpeechKind::Source => {
                        f.mention_after(c.end, q.open).map(|m| (f.speaker_from_mention(m), Attribution::AccordingTo))
                    }
                    SpeechKind::Verb => f
                        .subject_before(c.start, start)
                        .or_else(|| f.mention_after(c.end, q.open))
                        .map(|m| (f.speaker_from_mention(m), Attribution::SaidVerb)),
                    _ => None,
                };
                if let Some((sp, how)) = who {
                    found = Some((sp, how, s0, ci));
                    break;
                }
            }
        }
        let (speaker, attribution, cue, cue_entry) = match found {
            Some((sp, how, si, ci)) => {
                // A partial quote at the end of reported words ("said the alliance had chosen to
                // “ignore ...”") leaves the reporting verb to the reported words as well.
                let c = &per_sentence[si][ci];
                let embedded =
                    c.end <= q.open && text.tokens[c.end..q.open].iter().filter(|t| t.is_word()).count() >= 3;
                if embedded {
                    let c = &per_sentence[si][ci];
                    let (cue, entry) = (Some(cue_span(c)), Some(lx.speech[c.entry].id.clone()));
                    quotes.push(Quote {
                        kind: QuoteKind::Direct,
                        span: q.span,
                        tokens: q.tokens.clone(),
                        sentences: s0..s1 + 1,
                        speaker: Some(sp),
                        attribution: how,
                        cited: None,
                        cue,
                        cue_entry: entry,
                    });
                    continue;
                }
                // The attribution's other cues ("quoted ... as saying", "in a statement") are spent too.
                let around = if si == s1 && q.close.is_some_and(|c| per_sentence[si][ci].start > c) {
                    q.close.unwrap_or(0)..text.sentences[si].tokens.end
                } else {
                    text.sentences[si].tokens.start..q.open
                };
                for (k, c) in per_sentence[si].iter().enumerate() {
                    if around.contains(&c.start) {
                        used_cue[si][k] = true;
                    }
                }
                used_cue[si][ci] = true;
                let c = &per_sentence[si][ci];
                (Some(sp), how, Some(cue_span(c)), Some(lx.speech[c.entry].id.clone()))
            }
            None => (None, Attribution::None, None, None),
        };
        quotes.push(Quote {
            kind: QuoteKind::Direct,
            span: q.span,
            tokens: q.tokens.clone(),
            sentences: s0..s1 + 1,
            speaker,
            attribution,
            cited: None,
            cue,
            cue_entry,
        });
    }

    // Reported speech, outside direct quotes.
    let in_direct = |t: usize| text.quotes.iter().any(|q| !q.scare && q.tokens.contains(&t));
    let date_or_channel = |k: usize, cues: &[Cue]| {
        actors.date_words.iter().any(|d| d.tokens.contains(&k) && d.target.role != crate::lexicon::NameRole::Number)
            || cues.iter().any(|c| c.kind == SpeechKind::Channel && (c.start..c.end).contains(&k))
            || text.tokens[k].kind == TokenKind::Number
    };
    for (si, s) in text.sentences.iter().enumerate() {
        let cs = &per_sentence[si];
        let has_verb = cs.iter().any(|c| c.kind == SpeechKind::Verb);
        for (ci, c) in cs.iter().enumerate() {
            if used_cue[si][ci] || in_direct(c.start) {
                continue;
            }
            let (start, end) = (s.tokens.start, s.tokens.end);
            let content_end = if end > start && text.tokens[end - 1].kind == TokenKind::Punct { end - 1 } else { end };
            // "..., the organization noted." / "..., Yonhap reported, citing the military."
            let tail_shape =
                c.start > start && text.norm(c.end - 1) != "that" && content_end.saturating_sub(c.end) <= 10 && {
                    // What follows the verb is an inverted subject ("said the minister"), a date,
                    // a channel, or nothing: not reported words.
                    let mut k = c.end;
                    if k < content_end && matches!(text.norm(k), "the" | "a" | "an") {
                        k += 1;
                    }
                    match f.mention_at(k).filter(|_| k < content_end) {
                        Some(m) => {
                            let after = actors.mentions[m].tokens.end;
                            after >= content_end
                                || matches!(text.norm(after), "," | "on" | "in" | "at" | "after" | "late")
                                || date_or_channel(after, cs)
                        }
                        None => {
                            k >= content_end
                                || (among(TAIL_WORDS, text.norm(k)) && !matches!(text.norm(k), "the" | "a" | "an"))
                                || date_or_channel(k, cs)
                        }
                    }
                };
            let comma_before = (start..c.start).rev().find(|&k| text.norm(k) == ",").filter(|&k| c.start - k <= 16);
            let mut cited = None;
            let (speaker, content, attribution) = match c.kind {
                SpeechKind::Source => {
                    let Some(m) = f.mention_after(c.end, end) else { continue };
                    let after = actors.mentions[m].tokens.end;
                    if c.start == start {
                        // "According to X, ..." opens the sentence: the rest is reported.
                        let Some(comma) = (after..end.min(after + 6)).find(|&k| text.norm(k) == ",") else { continue };
                        (Some(f.speaker_from_mention(m)), comma + 1..content_end, Attribution::AccordingTo)
                    } else if text.norm(c.start) == "according"
                        && !has_verb
                        && text.norm(c.start - 1) == ","
                        && after + 2 >= content_end
                    {
                        // "..., according to X." closes it: what came before is reported.
                        (Some(f.speaker_from_mention(m)), start..c.start - 1, Attribution::AccordingTo)
                    } else {
                        continue;
                    }
                }
                SpeechKind::QuotedTail | SpeechKind::Quoted if tail_shape && comma_before.is_some() => {
                    let k = comma_before.unwrap_or(start);
                    let qw = if c.kind == SpeechKind::Quoted { Some(c.start) } else { quoted_word(c.start, k + 1) };
                    let Some(m) = qw.and_then(|qw| f.quoted_speaker(qw, k + 1, content_end)) else { continue };
                    (Some(f.speaker_from_mention(m)), start..k, Attribution::QuotedAsSaying)
                }
                SpeechKind::Verb if tail_shape && comma_before.is_some() => {
                    let k = comma_before.unwrap_or(start);
                    let who = f
                        .subject_before(c.start, k + 1)
                        .or_else(|| f.mention_after(c.end, end))
                        .map(|m| f.speaker_from_mention(m))
                        .or_else(|| f.phrase_before(c.start, k + 1));
                    (who, start..k, Attribution::SaidVerb)
                }
                SpeechKind::Verb => {
                    cited = f.cited_before(c.start, start).map(|m| f.speaker_from_mention(m));
                    let Some(m) = f.subject_before(c.start, start) else {
                        continue;
                    };
                    let mut b = c.end;
                    let limit = (b + 8).min(content_end);
                    if text.norm(c.end - 1) == "that" {
                        // The cue itself ends with "that" ("noted that", "made clear that").
                    } else if let Some(that) = (b..limit).find(|&k| text.norm(k) == "that" && !in_direct(k)) {
                        b = that + 1;
                    } else if lx.speech[c.entry].bare {
                        // Skip what sits between the verb and the words: "on Monday", "reporters", "in a statement".
                        while b < content_end
                            && (date_or_channel(b, cs)
                                || matches!(text.norm(b), "," | "reporters" | "journalists" | "on" | "late"))
                        {
                            b += 1;
                        }
                        let opens = b < content_end
                            && (among(CLAUSE_OPENING, text.norm(b))
                                || f.mention_at(b).is_some()
                                || text.tokens[b].is_capitalized(&text.folded));
                        if !opens {
                            continue;
                        }
                    } else {
                        continue;
                    }
                    (Some(f.speaker_from_mention(m)), b..content_end, Attribution::SaidVerb)
                }
                _ => continue,
            };
            if content.is_empty() || text.tokens[content.clone()].iter().filter(|t| t.is_word()).count() < 3 {
                continue;
            }
            // Words that open with a direct quote are that quote, not reported speech;
            // a partial quote inside reported words is fine ("said X had chosen to “ignore ...”").
            if text.tokens[content.start].is_quote() || in_direct(content.start) {
                continue;
            }
            // "MOSCOW, March 2. /TASS/. Russia is ready ...": the dateline is not reported.
            let mut content = content;
            if let Some(d) = text.dateline {
                while content.start < content.end && text.tokens[content.start].span.start < d.end {
                    content.start += 1;
                }
            }
            if content.is_empty() {
                continue;
            }
            let span = Span::new(text.tokens[content.start].span.start, text.tokens[content.end - 1].span.end);
            quotes.push(Quote {
                kind: QuoteKind::Indirect,
                span,
                tokens: content,
                sentences: si..si + 1,
                speaker,
                attribution,
                cited,
                cue: Some(cue_span(c)),
                cue_entry: Some(lx.speech[c.entry].id.clone()),
            });
        }
    }
    // Neighbours: a direct quote without a speaker takes the speaker of the
    // quote or reporting sentence just before it.
    quotes.sort_by_key(|q| q.tokens.start);
    for i in 0..quotes.len() {
        if quotes[i].speaker.is_some() || quotes[i].kind != QuoteKind::Direct {
            continue;
        }
        let first = quotes[i].sentences.start;
        let prev = quotes[..i]
            .iter()
            .rev()
            .find(|p| p.speaker.is_some() && p.sentences.end + 2 >= first)
            .and_then(|p| p.speaker.clone());
        let prev = prev.or_else(|| {
            // The last person named in the sentence before.
            let s = first.checked_sub(1)?;
            actors
                .mentions
                .iter()
                .enumerate()
                .rev()
                .find(|(_, m)| m.sentence == s && m.person.is_some())
                .map(|(k, _)| f.speaker_from_mention(k))
        });
        if let Some(s) = prev {
            quotes[i].speaker = Some(s);
            quotes[i].attribution = Attribution::Neighbour;
        }
    }

    // A short unattributed quote is a title or a scare quote, not speech.
    quotes.retain(|q| {
        q.kind == QuoteKind::Indirect
            || q.speaker.is_some()
            || text.tokens[q.tokens.clone()].iter().filter(|t| t.is_word()).count() >= 8
    });

    // "we", "us", "our" inside a quote speak for the speaker's side; "it" and
    // "they" in reported speech stand for a speaker that is a state or body
    // ("Russia said it would respond").
    let updates: Vec<(usize, Actor)> = actors
        .mentions
        .iter()
        .enumerate()
        .filter(|(_, m)| m.kind == MentionKind::Pronoun && m.how == How::Unresolved)
        .filter_map(|(k, m)| {
            let q = quotes.iter().find(|q| q.tokens.contains(&m.tokens.start) && q.speaker.is_some())?;
            if matches!(text.norm(m.tokens.start), "it" | "they") {
                let sp = q.speaker.as_ref()?;
                let body = sp.mention.is_some_and(|x| actors.mentions[x].person.is_none());
                if q.kind != QuoteKind::Indirect || !body {
                    return None;
                }
            }
            let mut a = q.speaker.as_ref()?.actor.clone();
            if m.plural {
                a.name = None;
                a.role = None;
            }
            Some((k, a))
        })
        .collect();
    for (k, a) in updates {
        actors.mentions[k].actor = a;
        actors.mentions[k].how = How::Pronoun;
    }
    quotes
}
