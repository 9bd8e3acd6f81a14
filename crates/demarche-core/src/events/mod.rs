//! The events stage: predicates -> CAMEO/PLOVER events with provenance.
//!
//! For every predicate pattern matched in a sentence, the stage decides, as a
//! careful coder would without a parser:
//! - the **source**: the grammatical subject before the trigger inside its
//!   clause (in reported speech, the clause after "said that"); for
//!   evaluations ("unacceptable", "a plan B") and first-person quotes, the
//!   speaker; in the passive ("was attacked by X") the actor after "by";
//! - the **targets**: the actor slot of the pattern, else the actors after the
//!   trigger inside its clause (objects and "with", "to", "from", "against",
//!   "on"), kept as one list; for evaluations, the other actors in the clause;
//! - the **date**: a date in the sentence, else the date last mentioned, else
//!   the published date;
//! - **flags**: negated ("did not threaten"), hedged ("may"), future ("will"),
//!   conditional ("if ... then"), and not asserted (a gerund after a
//!   preposition: "accused Russia of attacking");
//! - **provenance**: sentence, trigger span, actor spans, quote, and every
//!   lexicon entry that fired.
//!
//! A negated offer, agreement or permission becomes a rejection (CAMEO 12),
//! as the codebook says; other negated events are kept but flagged. The same
//! fact told twice in one article is one event.

use crate::actors::{Actor, Actors, MentionKind};
use crate::article::Article;
use crate::lexicon::pattern::Tokens;
use crate::lexicon::{Lexicon, ModifierKind};
use crate::ontology;
use crate::span::Span;
use crate::speech::Quote;
use crate::text::{Text, TokenKind};
use crate::time::DateMention;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::HashMap;
use std::ops::Range;

/// One coded event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    pub article_id: String,
    pub sentence: usize,
    pub sentence_span: Span,
    pub trigger: Span,
    pub source: Vec<Actor>,
    pub source_spans: Vec<Span>,
    pub target: Vec<Actor>,
    pub target_spans: Vec<Span>,
    /// CAMEO code as deep as the lexicon knows.
    pub cameo: String,
    pub root: String,
    pub plover: Option<&'static str>,
    pub goldstein: f32,
    pub quad_class: u8,
    pub date: Option<NaiveDate>,
    /// How the date was found: "sentence", "previous", "published", or none.
    pub date_how: &'static str,
    pub negated: bool,
    pub hedged: bool,
    pub future: bool,
    pub conditional: bool,
    /// False for an act named but not asserted ("accused Russia of attacking").
    pub asserted: bool,
    /// Index of the quote (in the article's quotes) the event sits in.
    pub quote: Option<usize>,
    /// Lexicon entries that fired: the predicate first, then actors and modifiers.
    pub entries: Vec<String>,
    /// How many times the article states it.
    pub mentions: u32,
}

impl Event {
    /// Whether the event counts as a coded event (not negated, asserted).
    pub fn is_reportable(&self) -> bool {
        !self.negated && self.asserted
    }
}

/// A sentence's tokens without quote marks, for pattern matching.
struct Words<'a> {
    text: &'a Text,
    actors: &'a Actors,
    idx: Vec<usize>,
}

impl Tokens for Words<'_> {
    fn len(&self) -> usize {
        self.idx.len()
    }
    fn norm(&self, i: usize) -> &str {
        self.text.norm(self.idx[i])
    }
    fn barrier(&self, i: usize) -> bool {
        let t = self.idx[i];
        self.text.tokens[t].kind == TokenKind::Punct && matches!(self.text.norm(t), ";" | ":" | "." | "?" | "!")
    }
    fn actor_at(&self, i: usize) -> Option<usize> {
        let m = self.actors.starting_at(self.idx[i])?;
        if m.kind == MentionKind::Pronoun && !m.actor.is_known() {
            return None;
        }
        let end = m.tokens.end;
        Some(self.idx.iter().position(|&t| t >= end).unwrap_or(self.idx.len()))
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
    "around",
    "including",
    "like",
    "than",
    "onto",
    "upon",
    "via",
    "despite",
    "after",
    "before",
    "during",
    "behind",
    "beside",
    "amid",
    "outside",
];
/// Words that end a clause for target search.
const CLAUSE_END: &[&str] =
    &[";", ":", "said", "says", "while", "whereas", "but", "which", "who", "because", "although"];
/// Words that open a subordinate clause: the subject of a trigger is after them.
const CLAUSE_OPENERS: &[&str] =
    &["when", "if", "unless", "whether", "because", "although", "though", "while", "which", "who", "where", "whereas"];
/// Deontic words: "X should refuse" states what X ought to do, not what it did.
const DEONTIC: &[&str] = &["should", "must", "ought", "need", "needs"];
/// Roots that take another act as their content ("threatened to attack", "rejected calls for talks").
const GOVERNING: &[&str] = &["02", "03", "10", "12", "13"];
const BE: &[&str] = &["is", "are", "was", "were", "been", "being", "be", "'s", "'re", "got", "get", "gets"];
/// Verbs that take a person and an infinitive: the person is their object, not a subject.
const NEGATION_CONVERTS: &[&str] = &["03", "04", "05", "06", "07", "08"];

struct Ctx<'a> {
    raw: &'a str,
    text: &'a Text,
    lx: &'a Lexicon,
    actors: &'a Actors,
    quotes: &'a [Quote],
    dates: &'a [DateMention],
    published: Option<NaiveDate>,
    /// Most frequent actor codes of the article, for targets the sentence leaves implicit.
    salience: Vec<(String, usize)>,
}

/// Runs the events stage over one article.
pub fn analyze(
    article: &Article,
    text: &Text,
    lx: &Lexicon,
    actors: &Actors,
    quotes: &[Quote],
    dates: &[DateMention],
) -> Vec<Event> {
    // Article-level discards: terms of `article` scope seen twice.
    let mut article_hits: HashMap<u32, usize> = HashMap::new();
    for d in &actors.discards {
        if lx.discards[d.target.entry as usize].article {
            *article_hits.entry(d.target.entry).or_default() += 1;
        }
    }
    if article_hits.values().any(|&n| n >= 2) {
        return Vec::new();
    }
    let mut counts: HashMap<String, usize> = HashMap::new();
    for m in &actors.mentions {
        if m.actor.is_known() && m.kind != MentionKind::Pronoun {
            *counts.entry(m.actor.code.clone()).or_default() += 1;
        }
    }
    let mut salience: Vec<(String, usize)> = counts.into_iter().collect();
    salience.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let (article_id, raw, published) = (article.id.as_str(), article.text.as_str(), article.published);
    let cx = Ctx { raw, text, lx, actors, quotes, dates, published, salience };
    let mut events: Vec<Event> = Vec::new();
    for s in &text.sentences {
        let discarded = actors.discards.iter().any(|d| {
            !lx.discards[d.target.entry as usize].article
                && d.tokens.start >= s.tokens.start
                && d.tokens.end <= s.tokens.end
        });
        if discarded {
            continue;
        }
        for e in cx.sentence(article_id, s.index) {
            match events.iter_mut().find(|x| same_fact(x, &e)) {
                Some(x) => x.mentions += 1,
                None => events.push(e),
            }
        }
    }
    events
}

fn root_of_code(code: &str) -> &str {
    ontology::root(code)
}

fn codes(v: &[Actor]) -> Vec<&str> {
    let mut c: Vec<&str> = v.iter().map(|a| a.code.as_str()).collect();
    c.sort_unstable();
    c.dedup();
    c
}

/// Two events state the same fact: same dyad, root and date, same flags.
fn same_fact(a: &Event, b: &Event) -> bool {
    a.root == b.root
        && codes(&a.source) == codes(&b.source)
        && codes(&a.target) == codes(&b.target)
        && (a.date == b.date || a.date.is_none() || b.date.is_none())
        && a.negated == b.negated
        && a.asserted == b.asserted
}

impl Ctx<'_> {
    fn norm(&self, t: usize) -> &str {
        self.text.norm(t)
    }

    fn mention_at(&self, t: usize) -> Option<usize> {
        self.actors.owner.get(t).copied().flatten()
    }

    fn usable(&self, m: usize) -> bool {
        let mm = &self.actors.mentions[m];
        mm.kind != MentionKind::Pronoun || mm.actor.is_known()
    }

    fn sentence(&self, article_id: &str, si: usize) -> Vec<Event> {
        let s = &self.text.sentences[si];
        let idx: Vec<usize> = s.tokens.clone().filter(|&t| !self.text.tokens[t].is_quote()).collect();
        let words = Words { text: self.text, actors: self.actors, idx };
        let mut found: Vec<(usize, crate::lexicon::pattern::PatternMatch)> = self
            .lx
            .predicate_patterns
            .find_all(&words)
            .into_iter()
            .map(|(k, mut m)| {
                // Back to sentence token indices.
                m.words = m.words.iter().map(|&w| words.idx[w]).collect();
                m.actors = m
                    .actors
                    .iter()
                    .map(|&(a, b)| (words.idx[a], words.idx.get(b).copied().unwrap_or(s.tokens.end)))
                    .collect();
                m.start = words.idx[m.start];
                m.end = words.idx.get(m.end).copied().unwrap_or(s.tokens.end);
                (k, m)
            })
            // A trigger word inside an actor or date ("Security and Cooperation", "Defence Ministry") is a name.
            .filter(|(_, m)| m.words.iter().all(|&w| self.mention_at(w).is_none() && !self.in_date(w)))
            .collect();
        // Prefer patterns that cover more words, then deeper codes; drop the overlapped.
        found.sort_by(|a, b| {
            let (pa, pb) = (&self.lx.predicate_patterns.patterns[a.0], &self.lx.predicate_patterns.patterns[b.0]);
            let ca = self.lx.predicates[pa.0].code.len();
            let cb = self.lx.predicates[pb.0].code.len();
            b.1.words
                .len()
                .cmp(&a.1.words.len())
                .then(cb.cmp(&ca))
                .then((b.1.end - b.1.start).cmp(&(a.1.end - a.1.start)))
                .then(a.1.start.cmp(&b.1.start))
        });
        let mut taken: Vec<(usize, crate::lexicon::pattern::PatternMatch)> = Vec::new();
        for (k, m) in found {
            if taken.iter().all(|(_, t)| t.words.iter().all(|w| !m.words.contains(w))) {
                taken.push((k, m));
            }
        }
        taken.sort_by_key(|(_, m)| m.start);
        // "threatened to attack", "rejected calls for talks": the governing act is the event.
        let root_of =
            |k: usize| ontology::root(&self.lx.predicates[self.lx.predicate_patterns.patterns[k].0].code).to_string();
        let mut keep = vec![true; taken.len()];
        for i in 0..taken.len() {
            if !keep[i] || !GOVERNING.contains(&root_of(taken[i].0).as_str()) {
                continue;
            }
            let a_end = taken[i].1.words.last().map_or(taken[i].1.end, |w| w + 1);
            for j in i + 1..taken.len() {
                let b_start = taken[j].1.words.first().copied().unwrap_or(taken[j].1.start);
                let gap = b_start.saturating_sub(a_end);
                let boundary = (a_end..b_start).any(|t| matches!(self.norm(t), "," | ";" | ":" | "." | "and" | "but"));
                if gap <= 3 && !boundary {
                    keep[j] = false;
                }
            }
        }
        taken
            .into_iter()
            .zip(keep)
            .filter(|(_, k)| *k)
            .filter_map(|((k, m), _)| self.event(article_id, si, k, &m))
            .collect()
    }

    fn in_date(&self, t: usize) -> bool {
        self.dates.iter().any(|d| d.tokens.contains(&t))
    }

    /// The quote (direct or indirect) holding token `t`, innermost first.
    fn quote_of(&self, t: usize) -> Option<usize> {
        let mut best: Option<usize> = None;
        for (i, q) in self.quotes.iter().enumerate() {
            if q.tokens.contains(&t) && best.is_none_or(|b| self.quotes[b].tokens.len() > q.tokens.len()) {
                best = Some(i);
            }
        }
        best
    }

    /// The clause around the trigger: from the last boundary before it.
    fn clause_start(&self, si: usize, trigger: usize, quote: Option<usize>) -> usize {
        let s = &self.text.sentences[si];
        let mut start = s.tokens.start;
        if let Some(q) = quote {
            start = start.max(self.quotes[q].tokens.start);
        }
        for t in (start..trigger).rev() {
            let w = self.norm(t);
            if matches!(w, ";" | ":" | "that") || CLAUSE_OPENERS.contains(&w) {
                return t + 1;
            }
        }
        start
    }

    /// The subject of the trigger: the nearest actor before it in the clause
    /// that is not the object of a preposition or of another verb. An
    /// unresolved pronoun ("it is ready") hides the subject: `Err(())`.
    fn subject(&self, from: usize, trigger: usize) -> Result<Option<usize>, ()> {
        let mut t = trigger;
        let mut candidate: Option<usize> = None;
        while t > from {
            t -= 1;
            let Some(m) = self.mention_at(t) else { continue };
            let mm = &self.actors.mentions[m];
            let start = mm.tokens.start.max(from);
            t = start;
            if !self.usable(m) {
                let before = if start > from { self.norm(start - 1) } else { "" };
                if candidate.is_none() && !PREPOSITIONS.contains(&before) && matches!(self.norm(start), "it" | "they") {
                    return Err(());
                }
                continue;
            }
            let before = if start > from { Some(self.norm(start - 1)) } else { None };
            // "the Russian building", "Russia's troops": a possessive or adjective modifies a noun.
            if mm.kind == MentionKind::Adjective {
                continue;
            }
            let prep = before.is_some_and(|b| PREPOSITIONS.contains(&b))
                || (before == Some("the") && start >= from + 2 && PREPOSITIONS.contains(&self.norm(start - 2)));
            if prep {
                continue;
            }
            // "X and Y met": keep the first of a coordinated subject.
            candidate = Some(m);
            if before.is_some_and(|b| b == "and") && start > from + 1 {
                if let Some(prev) = self.mention_at(start - 2) {
                    if self.usable(prev) && self.actors.mentions[prev].kind != MentionKind::Adjective {
                        t = start - 1;
                        continue;
                    }
                }
            }
            break;
        }
        Ok(candidate)
    }

    /// Actors in `range` joined by "and", ",", "or", "as well as" starting at `first`.
    fn coordinated(&self, first: usize, limit: usize) -> Vec<usize> {
        let mut out = vec![first];
        let mut t = self.actors.mentions[first].tokens.end;
        loop {
            let mut k = t;
            while k < limit
                && matches!(self.norm(k), "and" | "," | "or" | "as" | "well" | "the" | "both" | "together" | "with")
            {
                k += 1;
            }
            if k == t || k >= limit {
                break;
            }
            match self.mention_at(k) {
                Some(m) if self.usable(m) && self.actors.mentions[m].tokens.start == k => {
                    out.push(m);
                    t = self.actors.mentions[m].tokens.end;
                }
                _ => break,
            }
        }
        out
    }

    /// Targets after the trigger, inside the clause. Places after "in" ("talks
    /// in Geneva", "the situation in Ukraine") count only when nothing else does.
    fn targets_after(&self, from: usize, end: usize) -> Vec<usize> {
        let mut t = from;
        let mut place: Option<usize> = None;
        while t < end {
            let w = self.norm(t);
            if CLAUSE_END.contains(&w) || self.text.tokens[t].kind == TokenKind::Punct && matches!(w, "." | "!" | "?") {
                break;
            }
            if self.lx.is_speech_word(w) && t > from {
                break;
            }
            if let Some(m) = self.mention_at(t) {
                let mm = &self.actors.mentions[m];
                let start = mm.tokens.start;
                if start < from || !self.usable(m) {
                    t = mm.tokens.end.max(t + 1);
                    continue;
                }
                let before = if start > 0 { self.norm(start - 1) } else { "" };
                let before2 = if start > 1 { self.norm(start - 2) } else { "" };
                let is_place = matches!(mm.kind, MentionKind::State | MentionKind::Capital)
                    && (before == "in" || before == "the" && before2 == "in");
                if !is_place {
                    return self.coordinated(m, end);
                }
                place.get_or_insert(m);
                t = mm.tokens.end;
                continue;
            }
            t += 1;
        }
        place.map(|m| vec![m]).unwrap_or_default()
    }

    fn has_modifier(&self, range: Range<usize>, kind: ModifierKind) -> Option<String> {
        if range.is_empty() {
            return None;
        }
        let idx: Vec<usize> = range.clone().filter(|&t| !self.text.tokens[t].is_quote()).collect();
        let words = Words { text: self.text, actors: self.actors, idx };
        self.lx.modifier_patterns.find_all(&words).into_iter().find_map(|(k, _)| {
            let owner = self.lx.modifier_patterns.patterns[k].0;
            (self.lx.modifiers[owner].kind == kind).then(|| self.lx.modifiers[owner].id.clone())
        })
    }

    fn event(&self, article_id: &str, si: usize, k: usize, m: &crate::lexicon::pattern::PatternMatch) -> Option<Event> {
        let s = &self.text.sentences[si];
        let (owner, _) = &self.lx.predicate_patterns.patterns[k];
        let pred = &self.lx.predicates[*owner];
        let trigger = *m.words.first()?;
        let trigger_end = *m.words.last()? + 1;
        let quote = self.quote_of(trigger);
        let speaker_actor =
            quote.and_then(|q| self.quotes[q].speaker.as_ref()).map(|sp| sp.actor.clone()).filter(Actor::is_known);
        let speaker_mention = quote.and_then(|q| self.quotes[q].speaker.as_ref()).and_then(|sp| sp.mention);
        // Who holds a stance the text leaves unnamed: a cited source, else the speaker.
        let holder = quote
            .and_then(|q| self.quotes[q].cited.as_ref())
            .map(|c| c.actor.clone())
            .filter(Actor::is_known)
            .or_else(|| speaker_actor.clone());
        let cstart = self.clause_start(si, trigger, quote);
        let end = s.tokens.end;
        let mut entries = vec![pred.id.clone()];

        // Passive: "<be> <trigger> by X" or "Rebuked by X, Y ...".
        let by = (trigger_end..end.min(trigger_end + 3)).find(|&t| self.norm(t) == "by");
        let be_before = (cstart..trigger).rev().take(3).any(|t| BE.contains(&self.norm(t)));
        let passive = by.is_some() && (be_before || trigger == s.tokens.start);
        let by_actor = by.and_then(|b| self.mention_at(b + 1).filter(|&x| self.usable(x)));

        let mut source: Vec<usize> = Vec::new();
        let mut target: Vec<usize> = Vec::new();
        let mut source_actor_override: Option<Actor> = None;
        if pred.swap || (passive && by_actor.is_some()) {
            if let Some(b) = by_actor.or_else(|| {
                (trigger_end..end)
                    .find(|&t| self.norm(t) == "from")
                    .and_then(|f| self.mention_at(f + 1).filter(|&x| self.usable(x)))
            }) {
                source = self.coordinated(b, end);
            }
            if passive && trigger == s.tokens.start {
                // "Rebuked by X, Y ..." — the target is the main subject after the comma.
                if let Some(comma) = (trigger..end).find(|&t| self.norm(t) == ",") {
                    let after: Vec<usize> = (comma + 1..end).filter_map(|t| self.mention_at(t)).collect();
                    target.extend(after.into_iter().filter(|&x| self.usable(x)).take(1));
                }
            } else if let Ok(Some(subj)) = self.subject(cstart, trigger) {
                target = self.coordinated(subj, trigger);
            }
        } else {
            let evaluative = pred.source_speaker && holder.is_some();
            // "The alliance should refuse ...", "Russia must withdraw": the speaker demands it of the subject.
            let deontic_demand = root_of_code(&pred.code) == "10" && DEONTIC.contains(&self.norm(trigger));
            if evaluative {
                source_actor_override = holder.clone();
            } else {
                match self.subject(cstart, trigger) {
                    Ok(Some(subj)) if deontic_demand && self.actors.mentions[subj].kind != MentionKind::Pronoun => {
                        source_actor_override = Some(speaker_actor.clone()?);
                        target = self.coordinated(subj, trigger);
                    }
                    Ok(Some(subj)) => {
                        source = self.coordinated(subj, trigger);
                        // A stance held by someone unnamed, in reported speech: the report's source holds it.
                        let stance = matches!(root_of_code(&pred.code), "11" | "12");
                        if stance && source.iter().all(|&x| !self.actors.mentions[x].actor.is_known()) {
                            if let Some(a) = holder.clone() {
                                source.clear();
                                source_actor_override = Some(a);
                            }
                        }
                    }
                    // A subject the text hides behind an unresolved pronoun: no source.
                    Err(()) => return None,
                    Ok(None) => source_actor_override = speaker_actor.clone(),
                }
            }
            if !pred.no_target && target.is_empty() {
                if let Some(&(a, _)) = m.actors.first() {
                    if let Some(x) = self.mention_at(a) {
                        target = self.coordinated(x, end);
                    }
                } else if evaluative {
                    // The other actors of the clause: what is judged.
                    let sp_code = speaker_actor.as_ref().map(|a| a.code.clone()).unwrap_or_default();
                    let mut seen = Vec::new();
                    for t in cstart..end {
                        if let Some(x) = self.mention_at(t) {
                            if self.usable(x) && !seen.contains(&x) && self.actors.mentions[x].actor.code != sp_code {
                                seen.push(x);
                            }
                        }
                    }
                    target = seen;
                } else {
                    // Actors inside the trigger's gaps ("a platform for NATO-Russia talks") come first.
                    let inside: Vec<usize> = (trigger..trigger_end)
                        .filter(|t| !m.words.contains(t))
                        .filter_map(|t| self.mention_at(t))
                        .filter(|&x| self.usable(x) && self.actors.mentions[x].tokens.start >= trigger)
                        .collect();
                    target = inside;
                    target.dedup();
                    for x in self.targets_after(trigger_end, end) {
                        if !target.contains(&x) {
                            target.push(x);
                        }
                    }
                }
            }
        }
        let _ = speaker_mention;
        let mut source_actors: Vec<Actor> = source.iter().map(|&x| self.actors.mentions[x].actor.clone()).collect();
        let mut source_spans: Vec<Span> = source.iter().map(|&x| self.actors.mentions[x].span).collect();
        if let Some(a) = source_actor_override {
            if let Some(q) = quote {
                if let Some(sp) = &self.quotes[q].speaker {
                    source_spans = vec![sp.span];
                }
            }
            source_actors = vec![a];
        }
        let source_codes: Vec<String> = source_actors.iter().map(|a| a.code.clone()).collect();
        // A target that is the source itself only counts when nothing else is named.
        let mut target_idx: Vec<usize> = target.clone();
        if target_idx.iter().any(|&x| !source_codes.contains(&self.actors.mentions[x].actor.code)) {
            target_idx.retain(|&x| !source_codes.contains(&self.actors.mentions[x].actor.code));
        }
        // Unknown actors ("intelligence", "troops") only when no known one is named.
        if target_idx.iter().any(|&x| self.actors.mentions[x].actor.is_known()) {
            target_idx.retain(|&x| self.actors.mentions[x].actor.is_known());
        }
        // One actor per code: "NATO, NATO infrastructure, NATO capabilities" is one target.
        let mut seen_codes: Vec<String> = Vec::new();
        target_idx.retain(|&x| {
            let c = self.actors.mentions[x].actor.code.clone();
            let fresh = !seen_codes.contains(&c);
            seen_codes.push(c);
            fresh
        });
        let mut target_actors: Vec<Actor> = target_idx.iter().map(|&x| self.actors.mentions[x].actor.clone()).collect();
        let target_spans: Vec<Span> = target_idx.iter().map(|&x| self.actors.mentions[x].span).collect();
        for &x in source.iter().chain(&target_idx) {
            for e in &self.actors.mentions[x].entries {
                if !entries.contains(e) {
                    entries.push(e.clone());
                }
            }
        }
        if source_actors.is_empty() || source_actors.iter().all(|a| !a.is_known()) {
            return None;
        }
        // Verbal events against someone unnamed in the sentence: the article's main counterpart.
        let root = ontology::root(&pred.code).to_string();
        let wants_target = matches!(root.as_str(), "02" | "03" | "04" | "05" | "10" | "11" | "12" | "13" | "16");
        if target_actors.is_empty() && wants_target && !pred.no_target {
            if let Some((code, _)) = self.salience.iter().find(|(c, _)| !source_codes.contains(c)) {
                target_actors.push(Actor { code: code.clone(), ..Actor::default() });
            }
        }
        // No target named: CAMEO's unknown actor.
        if target_actors.is_empty() && !pred.no_target {
            target_actors.push(Actor::unknown());
        }

        // Flags.
        let before = cstart..trigger;
        let near = trigger.saturating_sub(4).max(cstart)..trigger;
        let mut negated = false;
        if let Some(id) = self.has_modifier(near.clone(), ModifierKind::Negation) {
            negated = true;
            entries.push(id);
        }
        let hedged =
            self.has_modifier(before.clone(), ModifierKind::Hedge).inspect(|id| entries.push(id.clone())).is_some();
        let future =
            self.has_modifier(before.clone(), ModifierKind::Future).inspect(|id| entries.push(id.clone())).is_some();
        let conditional =
            self.has_modifier(cstart..end, ModifierKind::Condition).inspect(|id| entries.push(id.clone())).is_some();
        // "accused Russia of attacking", "the prospect of deploying": named, not asserted.
        let gerund = trigger > s.tokens.start
            && matches!(self.norm(trigger - 1), "of" | "about" | "against" | "for" | "on")
            && self.norm(trigger).ends_with("ing");
        // "the alliance should refuse to ...": what someone ought to do, unless it is itself a demand.
        let deontic = !matches!(ontology::root(&pred.code), "02" | "10")
            && (trigger.saturating_sub(2).max(cstart)..trigger).any(|t| DEONTIC.contains(&self.norm(t)));
        let asserted = !(gerund || deontic);

        let mut cameo = pred.code.clone();
        if negated && NEGATION_CONVERTS.contains(&root.as_str()) {
            cameo = "120".into();
            negated = false;
        }
        let root = ontology::root(&cameo).to_string();
        let (date, date_how) = self.date_for(si, trigger, quote);
        Some(Event {
            article_id: article_id.to_string(),
            sentence: si,
            sentence_span: s.span,
            trigger: Span::new(self.text.tokens[trigger].span.start, self.text.tokens[trigger_end - 1].span.end),
            source: source_actors,
            source_spans,
            target: target_actors,
            target_spans,
            plover: ontology::plover(&cameo),
            goldstein: ontology::goldstein(&cameo),
            quad_class: ontology::quad_class(&cameo),
            root,
            cameo,
            date,
            date_how,
            negated,
            hedged,
            future,
            conditional,
            asserted,
            quote,
            entries,
            mentions: 1,
        })
    }

    /// A date in the sentence (nearest before the trigger, else the first);
    /// else the date last mentioned before; else the published date.
    fn date_for(&self, si: usize, trigger: usize, quote: Option<usize>) -> (Option<NaiveDate>, &'static str) {
        let in_sentence: Vec<&DateMention> =
            self.dates.iter().filter(|d| d.sentence == si && d.date.is_some()).collect();
        if let Some(d) = in_sentence.iter().rev().find(|d| d.tokens.start < trigger).or(in_sentence.first()) {
            return (d.date, "sentence");
        }
        // A quote over several sentences takes a date stated anywhere in it or its attribution.
        if let Some(q) = quote.map(|q| &self.quotes[q]) {
            if let Some(d) = self.dates.iter().find(|d| q.sentences.contains(&d.sentence) && d.date.is_some()) {
                return (d.date, "sentence");
            }
        }
        let first = quote.map_or(si, |q| self.quotes[q].sentences.start.min(si));
        if let Some(d) = self.dates.iter().rev().find(|d| d.sentence < first && d.date.is_some()) {
            return (d.date, "previous");
        }
        let _ = self.raw;
        match self.published {
            Some(p) => (Some(p), "published"),
            None => (None, "none"),
        }
    }
}
