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
use crate::lexicon::{Lexicon, ModifierKind, Precision, TokenIds};
use crate::ontology;
use crate::span::Span;
use crate::speech::{Quote, QuoteKind};
use crate::text::{Text, TokenKind, among};
use crate::time::DateMention;
use chrono::NaiveDate;
use serde::Serialize;
use smallvec::{SmallVec, smallvec};
use smol_str::SmolStr;
use std::ops::Range;

/// One coded event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    pub article_id: SmolStr,
    pub sentence: usize,
    pub sentence_span: Span,
    pub trigger: Span,
    pub source: Vec<Actor>,
    pub source_spans: Vec<Span>,
    pub target: Vec<Actor>,
    pub target_spans: Vec<Span>,
    /// CAMEO code as deep as the lexicon knows.
    pub cameo: SmolStr,
    pub root: SmolStr,
    pub plover: Option<&'static str>,
    pub goldstein: f32,
    pub quad_class: u8,
    pub date: Option<NaiveDate>,
    /// How the date was found: "sentence", "previous", "published", "reference" (the
    /// article's first dated day when it has no publication date), or "none".
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
    pub entries: Vec<SmolStr>,
    /// What is being negotiated: topics named in the sentence, else the article's main one.
    pub topics: Vec<SmolStr>,
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
    idx: &'a [usize],
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
    /// An actor slot takes a few describing words before the actor ("his Ukrainian
    /// counterpart", "two French citizens", "Chinese President Xi Jinping") and
    /// the actors coordinated with it ("Israel and Hamas").
    fn actor_at(&self, i: usize) -> Option<usize> {
        let usable = |m: &crate::actors::Mention| m.kind != MentionKind::Pronoun || m.actor.is_known();
        let mut j = i;
        let first = loop {
            let t = *self.idx.get(j)?;
            if let Some(m) = self.actors.starting_at(t).filter(|m| usable(m)) {
                break m;
            }
            let tok = &self.text.tokens[t];
            let w = self.text.norm(t);
            let describing = tok.kind == TokenKind::Number
                || tok.kind == TokenKind::Word
                    && !among(PREPOSITIONS, w)
                    && !matches!(w, "and" | "or" | "that" | "which" | "who" | "not" | "n't");
            if !describing || j >= i + 3 {
                return None;
            }
            j += 1;
        };
        let mut end = first.tokens.end;
        // "Israel and Hamas", "Russia, Ukraine and the Commission".
        loop {
            let mut k = end;
            while k < self.text.tokens.len()
                && matches!(self.text.norm(k), "and" | "," | "or" | "the")
                && !self.text.tokens[k].is_quote()
            {
                k += 1;
            }
            match self.actors.starting_at(k).filter(|m| k > end && usable(m)) {
                Some(m) => end = m.tokens.end,
                None => break,
            }
        }
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
const CLAUSE_OPENERS: &[&str] = &[
    "when", "if", "unless", "whether", "because", "although", "though", "while", "which", "who", "where", "whereas",
    "as",
];
/// Deontic words: "X should refuse" states what X ought to do, not what it did.
const DEONTIC: &[&str] = &["should", "must", "ought", "need", "needs"];
/// Roots that take another act as their content ("threatened to attack", "rejected calls for talks").
/// Verbs whose object is a topic: an act named right after them is not asserted.
const TOPIC_VERBS: &[&str] = &["discuss", "debate", "review", "regarding", "concerning"];

const GOVERNING: &[&str] = &["02", "03", "08", "10", "11", "12", "13"];
const BE: &[&str] = &["is", "are", "was", "were", "been", "being", "be", "'s", "'re", "got", "get", "gets"];
/// Verbs that take a person and an infinitive: the person is their object, not a subject.
const NEGATION_CONVERTS: &[&str] = &["03", "04", "05", "06", "07", "08"];

struct Ctx<'a> {
    text: &'a Text,
    lx: &'a Lexicon,
    actors: &'a Actors,
    quotes: &'a [Quote],
    dates: &'a [DateMention],
    published: Option<NaiveDate>,
    /// Most frequent actor codes of the article, for targets the sentence leaves implicit.
    salience: Vec<(&'a str, usize)>,
    /// For every token: whether a date mention covers it (asked per token, so kept flat).
    dated_token: Vec<bool>,
    /// For every token: whether it lies inside a reporting phrase (see [`Ctx::in_cue`]).
    cue_token: Vec<bool>,
    /// For every sentence: its date mentions (indices into `dates`, in text order).
    dates_in: Vec<Vec<usize>>,
    /// The tokens patterns match over (all but quote marks), in text order; any
    /// stretch of text is a sub-slice of it ([`Ctx::plain_in`]).
    plain: Vec<usize>,
    /// For every token of `plain`: its word id among the predicate and the modifier
    /// patterns ([`Lexicon::token_ids`], looked up once per article, not per stretch).
    plain_predicate: Vec<u32>,
    plain_modifier: Vec<u32>,
    /// For every token: one bit per [`ModifierKind`] with a pattern anchored on its word
    /// (quote marks, which modifier matching skips, have none).
    modifier_kinds: Vec<u8>,
}

/// Mention indices filling a slot: usually one or two.
type Mentions = SmallVec<[usize; 4]>;

/// Runs the events stage over one article.
pub fn analyze(
    article: &Article,
    text: &Text,
    lx: &Lexicon,
    ids: &TokenIds,
    actors: &Actors,
    quotes: &[Quote],
    dates: &[DateMention],
) -> Vec<Event> {
    // Article-level discards: terms of `article` scope seen twice.
    let mut article_hits: rustc_hash::FxHashMap<u32, usize> = rustc_hash::FxHashMap::default();
    for d in &actors.discards {
        if lx.discards[d.target.entry as usize].article {
            *article_hits.entry(d.target.entry).or_default() += 1;
        }
    }
    if article_hits.values().any(|&n| n >= 2) {
        return Vec::new();
    }
    let mut counts: rustc_hash::FxHashMap<&str, usize> = rustc_hash::FxHashMap::default();
    for m in &actors.mentions {
        if m.actor.is_known() && m.kind != MentionKind::Pronoun {
            *counts.entry(m.actor.code.as_str()).or_default() += 1;
        }
    }
    let mut salience: Vec<(&str, usize)> = counts.into_iter().collect();
    salience.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    // One per article: events share it (a long id is shared, not copied).
    let (article_id, published) = (&SmolStr::new(&article.id), article.published);
    let mut dated_token = vec![false; text.tokens.len()];
    for d in dates {
        for t in d.tokens.clone() {
            if let Some(x) = dated_token.get_mut(t) {
                *x = true;
            }
        }
    }
    let cue_token = cue_tokens(text, quotes);
    let mut dates_in = vec![Vec::new(); text.sentences.len()];
    for (i, d) in dates.iter().enumerate() {
        if let Some(v) = dates_in.get_mut(d.sentence) {
            v.push(i);
        }
    }
    debug_assert!((0..text.tokens.len()).all(|t| ids.predicate[t] == lx.predicate_patterns.word_id(text.norm(t))
        && ids.modifier[t] == lx.modifier_patterns.word_id(text.norm(t))));
    let modifier_kinds = ids
        .modifier
        .iter()
        .zip(&text.tokens)
        .map(|(&id, tok)| if tok.is_quote() { 0 } else { lx.modifier_kinds(id) })
        .collect();
    let plain: Vec<usize> = (0..text.tokens.len()).filter(|&t| !text.tokens[t].is_quote()).collect();
    let cx = Ctx {
        text,
        lx,
        actors,
        quotes,
        dates,
        published,
        salience,
        dated_token,
        cue_token,
        dates_in,
        plain_predicate: plain.iter().map(|&t| ids.predicate[t]).collect(),
        plain_modifier: plain.iter().map(|&t| ids.modifier[t]).collect(),
        plain,
        modifier_kinds,
    };
    let mut events: Vec<Event> = Vec::new();
    let mut found = Vec::new();
    for s in &text.sentences {
        let discarded = actors.discards.iter().any(|d| {
            !lx.discards[d.target.entry as usize].article
                && d.tokens.start >= s.tokens.start
                && d.tokens.end <= s.tokens.end
        });
        if discarded {
            continue;
        }
        cx.sentence(article_id, s.index, &mut found);
        for e in found.drain(..) {
            split_sources(e, &mut |e| match events.iter_mut().find(|x| same_fact(x, &e)) {
                Some(x) => x.mentions += 1,
                None => events.push(e),
            });
        }
    }
    let by_sentence = topics_by_sentence(text, actors);
    let main = main_topic(actors);
    for e in &mut events {
        let ids = by_sentence.get(e.sentence).filter(|v| !v.is_empty()).map(Vec::as_slice);
        let ids = ids.unwrap_or(main.as_slice());
        e.topics = ids.iter().filter_map(|&k| lx.topics.get(k as usize)).map(|t| SmolStr::new(&t.name)).collect();
    }
    events
}

/// For every token: whether a quote's reporting phrase holds it and is longer than it,
/// asked of every word of every predicate match, so worked out once per article.
fn cue_tokens(text: &Text, quotes: &[Quote]) -> Vec<bool> {
    let mut flags = vec![false; text.tokens.len()];
    // "alleged that", "pledged that": the verb is an act as well as a cue.
    let cues = quotes.iter().filter(|q| !q.cue_entry.as_deref().is_some_and(|e| e.ends_with("-that")));
    for c in cues.filter_map(|q| q.cue) {
        // Tokens are in text order: those inside the cue are one run.
        let first = text.tokens.partition_point(|tok| tok.span.start < c.start);
        for (t, tok) in text.tokens.iter().enumerate().skip(first) {
            if tok.span.start > c.end {
                break;
            }
            if c.contains(tok.span) && c.len() > tok.span.len() + 1 {
                flags[t] = true;
            }
        }
    }
    flags
}

/// The topic the article names most often (the first named on ties).
fn main_topic(actors: &Actors) -> Option<u32> {
    let mut counts: Vec<(u32, usize)> = Vec::new();
    for m in &actors.topics {
        match counts.iter_mut().find(|x| x.0 == m.target.entry) {
            Some(x) => x.1 += 1,
            None => counts.push((m.target.entry, 1)),
        }
    }
    // max_by_key keeps the last maximum; reversing keeps the first named.
    counts.into_iter().rev().max_by_key(|x| x.1).map(|x| x.0)
}

/// For every sentence, the topics it names (distinct, in text order): one pass over the
/// markers, not one per event.
fn topics_by_sentence(text: &Text, actors: &Actors) -> Vec<Vec<u32>> {
    let mut out = vec![Vec::new(); text.sentences.len()];
    for m in &actors.topics {
        let si = text.sentences.partition_point(|s| s.tokens.end <= m.tokens.start);
        if let (Some(s), Some(ids)) = (text.sentences.get(si), out.get_mut(si)) {
            if m.tokens.start >= s.tokens.start && m.tokens.end <= s.tokens.end && !ids.contains(&m.target.entry) {
                ids.push(m.target.entry);
            }
        }
    }
    out
}

/// One event per acting side: "US and British activists protested" is two protests, and
/// "Brazil and the United States seek a partnership" is each seeking it with the other.
/// Targets stay a list: one act aimed at several is one event.
/// Each resulting event goes to `emit` (events are large: passed on, not collected).
fn split_sources(e: Event, emit: &mut impl FnMut(Event)) {
    // One acting actor (most events) has nothing to split.
    if e.source.len() < 2 {
        return emit(e);
    }
    let distinct = codes(&e.source);
    let known: Vec<&str> = distinct.iter().copied().filter(|c| *c != "---").collect();
    if known.len() < 2 {
        return emit(e);
    }
    let spans_parallel = e.source_spans.len() == e.source.len();
    for &code in &known {
        emit({
            let mut x = e.clone();
            let keep: Vec<bool> = e.source.iter().map(|a| a.code == code).collect();
            x.source = e.source.iter().filter(|a| a.code == code).cloned().collect();
            if spans_parallel {
                x.source_spans = e.source_spans.iter().zip(&keep).filter(|(_, k)| **k).map(|(s, _)| *s).collect();
            }
            let others: Vec<usize> = (0..e.target.len()).filter(|&i| e.target[i].code != code).collect();
            if !others.is_empty() && others.len() < e.target.len() {
                let tparallel = e.target_spans.len() == e.target.len();
                x.target = others.iter().map(|&i| e.target[i].clone()).collect();
                if tparallel {
                    x.target_spans = others.iter().map(|&i| e.target_spans[i]).collect();
                }
            }
            x
        });
    }
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
    // Every new event is compared with every earlier one: the cheap tests first,
    // the code sets only for candidates.
    if a.root != b.root
        || a.negated != b.negated
        || a.asserted != b.asserted
        || !(a.date == b.date || a.date.is_none() || b.date.is_none())
    {
        return false;
    }
    // "We must put an end to NATO's advance. We must exclude Ukraine from joining NATO." is one demand.
    let shared = |x: &Actor, v: &[Actor]| v.iter().any(|y| y.code == x.code);
    let same_targets = same_codes(&a.target, &b.target)
        || a.quote.is_some() && a.quote == b.quote && a.target.iter().any(|x| x.code != "---" && shared(x, &b.target));
    same_targets && same_codes(&a.source, &b.source)
}

/// Whether two actor lists name the same set of codes (without building the sets:
/// asked for every pair of events of an article).
fn same_codes(a: &[Actor], b: &[Actor]) -> bool {
    let within = |x: &[Actor], y: &[Actor]| x.iter().all(|p| y.iter().any(|q| q.code == p.code));
    within(a, b) && within(b, a)
}

impl Ctx<'_> {
    fn norm(&self, t: usize) -> &str {
        self.text.norm(t)
    }

    /// Where the tokens of `range` that patterns match over lie in [`Ctx::plain`].
    fn plain_in(&self, range: Range<usize>) -> Range<usize> {
        let from = self.plain.partition_point(|&t| t < range.start);
        // An empty or reversed range gives an empty slice, not a panic.
        from..self.plain.partition_point(|&t| t < range.end).max(from)
    }

    fn mention_at(&self, t: usize) -> Option<usize> {
        self.actors.owner.get(t).copied().flatten()
    }

    fn usable(&self, m: usize) -> bool {
        let mm = &self.actors.mentions[m];
        mm.kind != MentionKind::Pronoun || mm.actor.is_known()
    }

    /// Appends the sentence's events to `out`.
    fn sentence(&self, article_id: &SmolStr, si: usize, out: &mut Vec<Event>) {
        let s = &self.text.sentences[si];
        let plain = self.plain_in(s.tokens.clone());
        let (idx, ids) = (&self.plain[plain.clone()], &self.plain_predicate[plain]);
        let words = Words { text: self.text, actors: self.actors, idx };
        let mut found: Vec<(usize, crate::lexicon::pattern::PatternMatch)> = self
            .lx
            .predicate_patterns
            .find_all_ids(&words, ids)
            .into_iter()
            .map(|(k, mut m)| {
                // Back to sentence token indices.
                for w in &mut m.words {
                    *w = words.idx[*w];
                }
                for (a, b) in &mut m.actors {
                    (*a, *b) = (words.idx[*a], words.idx.get(*b).copied().unwrap_or(s.tokens.end));
                }
                m.start = words.idx[m.start];
                m.end = words.idx.get(m.end).copied().unwrap_or(s.tokens.end);
                (k, m)
            })
            // A trigger word inside an actor or date ("Security and Cooperation", "Defence Ministry") is a
            // name; one inside a reporting phrase ("spoke to reporters") is attribution.
            // Only the anchor word must be free of names: "summoned the Lithuanian charge d'affaires"
            // may end in one, "Security and Cooperation" may not start a match.
            .filter(|(_, m)| {
                let anchor = m.words.first().copied().unwrap_or(m.start);
                self.mention_at(anchor).is_none() && m.words.iter().all(|&w| !self.in_date(w) && !self.in_cue(w))
            })
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
        let mut taken: SmallVec<[(usize, crate::lexicon::pattern::PatternMatch); 4]> = SmallVec::new();
        for (k, m) in found {
            if taken.iter().all(|(_, t)| t.words.iter().all(|w| !m.words.contains(w))) {
                taken.push((k, m));
            }
        }
        taken.sort_by_key(|(_, m)| m.start);
        // "threatened to attack", "rejected calls for talks": the governing act is the event.
        let root_of = |k: usize| ontology::root(&self.lx.predicates[self.lx.predicate_patterns.patterns[k].0].code);
        let mut keep: SmallVec<[bool; 8]> = smallvec![true; taken.len()];
        for i in 0..taken.len() {
            if !keep[i] || !GOVERNING.contains(&root_of(taken[i].0)) {
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
        for ((k, m), _) in taken.into_iter().zip(keep).filter(|(_, k)| *k) {
            let Some(e) = self.event(article_id, si, k, &m) else { continue };
            if let Some(acc) = self.accusation(&e) {
                out.push(acc);
            }
            if let Some(talks) = self.hosted_talks(&e, &m) {
                out.push(talks);
            }
            out.push(e);
        }
    }

    /// The named actor owning a nominal trigger ("Russia's continued attacks"), with at most
    /// two describing words between.
    fn possessor(&self, cstart: usize, trigger: usize) -> Option<usize> {
        let lo = trigger.saturating_sub(4).max(cstart);
        let mut k = trigger;
        while k > lo {
            k -= 1;
            if self.norm(k) == "'s" {
                let owner = self.mention_at(k.checked_sub(1)?)?;
                let known = self.usable(owner) && self.actors.mentions[owner].actor.is_known();
                return known.then_some(owner);
            }
            let tok = &self.text.tokens[k];
            if self.mention_at(k).is_some() || tok.kind != TokenKind::Word || tok.is_capitalized(&self.text.folded) {
                return None;
            }
        }
        None
    }

    /// Whether token `t` is part of a reporting phrase ("spoke to reporters") rather
    /// than the phrase's one word.
    fn in_cue(&self, t: usize) -> bool {
        self.cue_token.get(t).copied().unwrap_or(false)
    }

    fn in_date(&self, t: usize) -> bool {
        self.dated_token.get(t).copied().unwrap_or(false)
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
        let mut t = trigger;
        while t > start {
            t -= 1;
            let w = self.norm(t);
            if !(matches!(w, ";" | ":" | "that") || among(CLAUSE_OPENERS, w)) {
                continue;
            }
            // ", who chaired the meeting," closes before the trigger: a relative clause to step over.
            let closed = t > start && self.norm(t - 1) == "," && (t + 1..trigger).any(|k| self.norm(k) == ",");
            if closed && matches!(w, "who" | "which" | "whose") {
                t -= 1;
                continue;
            }
            return t + 1;
        }
        start
    }

    /// Whether token `t` is a verb as far as the lexicons can tell.
    fn verbish(&self, t: usize) -> bool {
        let tok = &self.text.tokens[t];
        let w = self.norm(t);
        tok.kind == TokenKind::Word
            && !tok.is_capitalized(&self.text.folded)
            && (self.lx.predicate_patterns.has_anchor(w)
                || self.lx.is_speech_word(w)
                || (w.len() > 4 && w.ends_with("ed")))
    }

    /// The subject of the trigger: the nearest actor before it in the clause
    /// that is not the object of a preposition or of another verb ("Syrian
    /// rebels engaged Filipino peacekeepers in a firefight"). An adjective
    /// ("Russian missiles struck") is the subject of last resort. An
    /// unresolved pronoun in subject position ("it is ready") hides the
    /// subject: `Err(())`. Objects passed on the way come back too.
    fn subject(&self, from: usize, trigger: usize) -> Result<(Option<usize>, Mentions), ()> {
        // "companies in third countries that help Moscow": a relative clause's subject is the
        // noun before "that" — an actor, or nothing.
        if from > 1 && from == trigger && matches!(self.norm(from - 1), "that" | "which" | "who") {
            return Ok((self.mention_at(from - 2).filter(|&m| self.usable(m)), Mentions::new()));
        }
        // "as tensions ... threatened to": a noun right before the trigger is its subject, and no actor.
        let mut k = trigger;
        while k > from {
            let w = self.norm(k - 1);
            let skip = matches!(
                w,
                "has"
                    | "have"
                    | "had"
                    | "will"
                    | "would"
                    | "could"
                    | "may"
                    | "might"
                    | "also"
                    | "not"
                    | "n't"
                    | "is"
                    | "was"
                    | "were"
                    | "are"
                    | "be"
                    | "been"
                    | "already"
                    | "then"
                    | "now"
                    | "again"
                    | "just"
                    | "still"
                    | "to"
                    | "can"
                    | "cannot"
                    | "should"
                    | "must"
                    | "did"
                    | "does"
                    | "do"
                    | "firmly"
            ) || w.ends_with("ly") && w.len() > 3
                || self.in_date(k - 1);
            if !skip {
                break;
            }
            k -= 1;
        }
        if k > from && self.mention_at(k - 1).is_none() {
            let tok = &self.text.tokens[k - 1];
            let w = self.norm(k - 1);
            let noun = tok.kind == TokenKind::Word
                && !tok.is_capitalized(&self.text.folded)
                && !among(PREPOSITIONS, w)
                && !matches!(
                    w,
                    "and"
                        | "or"
                        | "but"
                        | "it"
                        | "they"
                        | "he"
                        | "she"
                        | "we"
                        | "i"
                        | "who"
                        | "which"
                        | "that"
                        | "said"
                        | "says"
                        | "the"
                        | "a"
                        | "an"
                )
                && !self.verbish(k - 1);
            if noun {
                // Unless an actor word modifies that noun: "Russian missiles struck", "a Ukrainian
                // border post was shelled".
                let mut j = k - 1;
                let mut head = None;
                while j > from && k - 1 - j < 3 {
                    j -= 1;
                    if let Some(m) = self.mention_at(j).filter(|&m| self.usable(m)) {
                        head = Some(m);
                        break;
                    }
                    let tok = &self.text.tokens[j];
                    let w = self.norm(j);
                    if tok.kind != TokenKind::Word
                        || among(PREPOSITIONS, w)
                        || self.lx.is_speech_word(w)
                        || w.ends_with("ed")
                    {
                        break;
                    }
                }
                return Ok((head, Mentions::new()));
            }
        }
        let mut t = trigger;
        let mut candidate: Option<usize> = None;
        let mut adjective: Option<usize> = None;
        let mut objects = Mentions::new();
        while t > from {
            t -= 1;
            let Some(m) = self.mention_at(t) else { continue };
            let mm = &self.actors.mentions[m];
            let start = mm.tokens.start.max(from);
            t = start;
            let before = if start > from { Some(self.norm(start - 1)) } else { None };
            let prep = before.is_some_and(|b| PREPOSITIONS.contains(&b))
                || (matches!(before, Some("the" | "a" | "an"))
                    && start >= from + 2
                    && among(PREPOSITIONS, self.norm(start - 2)));
            // "thousands of Georgians rallied": a quantity's "of" is no preposition.
            let quantity = before == Some("of")
                && start >= from + 2
                && matches!(
                    self.norm(start - 2),
                    "thousands"
                        | "hundreds"
                        | "dozens"
                        | "millions"
                        | "tens"
                        | "scores"
                        | "some"
                        | "many"
                        | "most"
                        | "several"
                        | "groups"
                        | "crowds"
                );
            if !self.usable(m) {
                if candidate.is_none() && !prep && matches!(self.norm(start), "it" | "they") {
                    return Err(());
                }
                continue;
            }
            if prep && !quantity {
                continue;
            }
            if mm.kind == MentionKind::Adjective {
                adjective.get_or_insert(m);
                continue;
            }
            // Right after a verb (skipping an article or possessive) it is that verb's object.
            let mut k = start;
            while k > from
                && matches!(
                    self.norm(k - 1),
                    "the" | "a" | "an" | "its" | "their" | "his" | "her" | "two" | "three" | "several"
                )
            {
                k -= 1;
            }
            if k > from && self.verbish(k - 1) {
                objects.push(m);
                continue;
            }
            // "X and Y met", "Brazil and the United States": keep the first of a coordinated subject.
            candidate = Some(m);
            let det = usize::from(matches!(before, Some("the")));
            if start > from + 1 + det && self.norm(start - 1 - det) == "and" {
                if let Some(prev) = self.mention_at(start - 2 - det) {
                    if self.usable(prev) && self.actors.mentions[prev].kind != MentionKind::Adjective {
                        t = start - 1 - det;
                        continue;
                    }
                }
            }
            break;
        }
        Ok((candidate.or(adjective), objects))
    }

    /// The actors an actor slot matched, over token range `a..b`.
    fn slot_actors(&self, a: usize, b: usize) -> Mentions {
        let mut out = Mentions::new();
        for t in a..b {
            if let Some(x) = self.mention_at(t).filter(|&x| self.usable(x)) {
                if !out.contains(&x) {
                    out.push(x);
                }
            }
        }
        out
    }

    /// Actors in `range` joined by "and", ",", "or", "as well as" starting at `first`.
    fn coordinated(&self, first: usize, limit: usize) -> Mentions {
        let mut out = smallvec![first];
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
    fn targets_after(&self, from: usize, end: usize) -> Mentions {
        let mut t = from;
        let mut place: Option<usize> = None;
        let mut unknown: Option<Mentions> = None;
        while t < end {
            let w = self.norm(t);
            if among(CLAUSE_END, w) || self.text.tokens[t].kind == TokenKind::Punct && matches!(w, "." | "!" | "?") {
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
                // "in Geneva", "in the Kharkiv region", "in northeastern Nigeria".
                let mut k = start;
                while k > from
                    && k + 3 > start
                    && (self.norm(k - 1) == "the"
                        || self.norm(k - 1).ends_with("ern")
                            && !self.text.tokens[k - 1].is_capitalized(&self.text.folded))
                {
                    k -= 1;
                }
                let is_place =
                    matches!(mm.kind, MentionKind::State | MentionKind::Capital) && k > 0 && self.norm(k - 1) == "in";
                if !is_place {
                    let group = self.coordinated(m, end);
                    if group.iter().any(|&x| self.actors.mentions[x].actor.is_known()) {
                        return group;
                    }
                    // An unknown actor ("the mayor") may stand before the known one ("of Nablus").
                    let last = group.last().copied().unwrap_or(m);
                    unknown.get_or_insert(group);
                    t = self.actors.mentions[last].tokens.end.max(t + 1);
                    continue;
                }
                place.get_or_insert(m);
                t = mm.tokens.end;
                continue;
            }
            t += 1;
        }
        place.map(|m| smallvec![m]).or(unknown).unwrap_or_default()
    }

    /// The first modifier of `kind` matched in `range`.
    fn has_modifier(&self, range: Range<usize>, kind: ModifierKind) -> Option<SmolStr> {
        // A pattern is only tried at its anchor: with no anchor of this kind in the
        // stretch (most stretches) nothing can match, and nothing is built.
        if !self.modifier_kinds[range.clone()].iter().any(|&bits| bits & kind.bit() != 0) {
            return None;
        }
        let plain = self.plain_in(range);
        let words = Words { text: self.text, actors: self.actors, idx: &self.plain[plain.clone()] };
        let owner = |k: usize| &self.lx.modifiers[self.lx.modifier_patterns.patterns[k].0];
        let (k, _) = self
            .lx
            .modifier_patterns
            .find_first_ids(&words, &self.plain_modifier[plain], &|k| owner(k).kind == kind)?;
        Some(owner(k).id.clone())
    }

    fn event(
        &self,
        article_id: &SmolStr,
        si: usize,
        k: usize,
        m: &crate::lexicon::pattern::PatternMatch,
    ) -> Option<Event> {
        let s = &self.text.sentences[si];
        let (owner, _) = &self.lx.predicate_patterns.patterns[k];
        let pred = &self.lx.predicates[*owner];
        let trigger = *m.words.first()?;
        let trigger_end = *m.words.last()? + 1;
        let quote = self.quote_of(trigger);
        // Borrowed: most events never take the speaker's actor, and a clone is four strings.
        let speaker_actor: Option<&Actor> =
            quote.and_then(|q| self.quotes[q].speaker.as_ref()).map(|sp| &sp.actor).filter(|a| a.is_known());
        let speaker_mention = quote.and_then(|q| self.quotes[q].speaker.as_ref()).and_then(|sp| sp.mention);
        // Who holds a stance the text leaves unnamed: a cited source, else the speaker.
        let holder: Option<&Actor> = quote
            .and_then(|q| self.quotes[q].cited.as_ref())
            .map(|c| &c.actor)
            .filter(|a| a.is_known())
            .or(speaker_actor);
        let cstart = self.clause_start(si, trigger, quote);
        // Inside reported words the clause ends where they end (", ... officials said").
        let end = match quote {
            Some(q) if self.quotes[q].tokens.end > trigger => s.tokens.end.min(self.quotes[q].tokens.end),
            _ => s.tokens.end,
        };
        // The rule, then the actors' entries and any flags: room for the usual few.
        let mut entries = Vec::with_capacity(6);
        entries.push(pred.id.clone());

        // Passive: "<be> <trigger> by X" or "Rebuked by X, Y ...".
        // "by" and "from" may be the pattern's own last word ("received weapons from").
        let by = (trigger + 1..end.min(trigger_end + 3)).find(|&t| self.norm(t) == "by");
        // The first actor within a few words after a preposition ("from the Georgian government").
        let actor_after =
            |p: usize| (p + 1..(p + 4).min(end)).find_map(|t| self.mention_at(t).filter(|&x| self.usable(x)));
        // "is ready to respond ... by Azerbaijan" is no passive: an infinitive is active.
        let be_before = (cstart..trigger).rev().take(3).any(|t| among(BE, self.norm(t)))
            && !(trigger > cstart && self.norm(trigger - 1) == "to");
        let passive = by.is_some() && (be_before || trigger == s.tokens.start);
        let mut by_actor = by.and_then(actor_after);
        // "a mortar bomb was fired at it from the Gaza Strip": a passive act comes from "from X".
        let participle = self.norm(trigger).ends_with("ed") || self.norm(trigger).ends_with("en");
        let from_passive = be_before && participle && by.is_none();
        if from_passive {
            by_actor = (trigger + 1..end).find(|&t| self.norm(t) == "from").and_then(actor_after);
        }
        let passive = passive || from_passive && by_actor.is_some();

        let mut source = Mentions::new();
        let mut target = Mentions::new();
        let mut source_actor_override: Option<Actor> = None;
        let mut passed_objects = Mentions::new();
        if pred.swap || (passive && by_actor.is_some()) {
            // "Rebuked by Washington, Ankara ...": the comma closes the participle phrase.
            let by_end = if passive && trigger == s.tokens.start {
                (trigger..end).find(|&t| self.norm(t) == ",").unwrap_or(end)
            } else {
                end
            };
            if let Some(b) =
                by_actor.or_else(|| (trigger + 1..end).find(|&t| self.norm(t) == "from").and_then(actor_after))
            {
                source = self.coordinated(b, by_end);
            }
            if passive && trigger == s.tokens.start {
                // "Rebuked by X, Y ..." — the target is the main subject after the comma.
                if let Some(comma) = (trigger..end).find(|&t| self.norm(t) == ",") {
                    let after: Vec<usize> = (comma + 1..end).filter_map(|t| self.mention_at(t)).collect();
                    target.extend(after.into_iter().filter(|&x| self.usable(x)).take(1));
                }
            } else if let Ok((Some(subj), _)) = self.subject(cstart, trigger) {
                target = self.coordinated(subj, trigger);
            }
            // "fired at it from Gaza": the pattern's own actor slot names the target.
            if target.is_empty() {
                if let Some(&(a, b)) = m.actors.first() {
                    target = self.slot_actors(a, b);
                }
            }
        } else {
            let evaluative = pred.source_speaker && holder.is_some();
            // "The alliance should refuse ...", "Russia must withdraw": the speaker demands it of the subject.
            let deontic_demand = root_of_code(&pred.code) == "10" && among(DEONTIC, self.norm(trigger));
            if evaluative {
                source_actor_override = holder.cloned();
            } else {
                let (subject, objects) = match self.possessor(cstart, trigger) {
                    // "Russia's continued attacks on Ukraine": the possessor acts.
                    Some(p) => (Some(p), Mentions::new()),
                    None => match self.subject(cstart, trigger) {
                        Ok(found) => found,
                        // A subject the text hides behind an unresolved pronoun: no source.
                        Err(()) => return None,
                    },
                };
                // "engaged Filipino peacekeepers in a firefight": the object passed is the target.
                passed_objects = objects;
                match subject {
                    Some(subj) if deontic_demand && self.actors.mentions[subj].kind != MentionKind::Pronoun => {
                        source_actor_override = Some(speaker_actor?.clone());
                        target = self.coordinated(subj, trigger);
                    }
                    Some(subj) => {
                        source = self.coordinated(subj, trigger);
                        // A stance held by someone unnamed, in reported speech: the report's source holds it.
                        let stance = matches!(root_of_code(&pred.code), "11" | "12");
                        if stance && source.iter().all(|&x| !self.actors.mentions[x].actor.is_known()) {
                            if let Some(a) = holder.cloned() {
                                source.clear();
                                source_actor_override = Some(a);
                            }
                        }
                    }
                    None => {
                        // "Consultations between Russia, Ukraine and the Commission were held":
                        // the parties listed after "between" are all sides of it.
                        let between = (trigger_end..(trigger_end + 2).min(end))
                            .find(|&t| matches!(self.norm(t), "between" | "among"));
                        match between.and_then(|b| {
                            (b + 1..(b + 3).min(end)).find_map(|t| self.mention_at(t).filter(|&x| self.usable(x)))
                        }) {
                            Some(first) => {
                                source = self.coordinated(first, end);
                                target = source.clone();
                            }
                            // Whoever reports violence with no named perpetrator did not commit it.
                            None if matches!(root_of_code(&pred.code), "18" | "19" | "20") => {}
                            None => source_actor_override = speaker_actor.cloned(),
                        }
                    }
                }
            }
            if !pred.no_target && target.is_empty() {
                if let Some(&(a, b)) = m.actors.first() {
                    target = self.slot_actors(a, b);
                } else if evaluative {
                    // The other actors of the clause: what is judged.
                    let sp_code = speaker_actor.map_or("", |a| a.code.as_str());
                    let mut seen = Mentions::new();
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
                    let inside: Mentions = (trigger..trigger_end)
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
                    // A demand, appeal, rejection or threat concerns every actor it names
                    // ("exclude Ukraine from joining NATO").
                    if matches!(root_of_code(&pred.code), "02" | "10" | "11" | "12" | "13") && !target.is_empty() {
                        let mut k = trigger_end;
                        while k < end && !among(CLAUSE_END, self.norm(k)) && !matches!(self.norm(k), "." | "!" | "?") {
                            if let Some(x) = self.mention_at(k).filter(|&x| self.usable(x)) {
                                if !target.contains(&x) && self.actors.mentions[x].actor.is_known() {
                                    target.push(x);
                                }
                                k = self.actors.mentions[x].tokens.end.max(k + 1);
                                continue;
                            }
                            k += 1;
                        }
                    }
                    if target.is_empty() {
                        target = passed_objects.iter().rev().copied().collect();
                    }
                }
            }
        }
        let _ = speaker_mention;
        // "hosted talks between US and Ukrainian officials": the sides of the talks are the ones listed.
        if matches!(root_of_code(&pred.code), "04") {
            let between = (trigger_end.saturating_sub(1)..(trigger_end + 2).min(end))
                .find(|&t| matches!(self.norm(t), "between" | "among"));
            if let Some(first) = between
                .and_then(|b| (b + 1..(b + 4).min(end)).find_map(|t| self.mention_at(t).filter(|&x| self.usable(x))))
            {
                let sides = self.coordinated(first, end);
                if sides.len() > 1 {
                    // A host or mediator that is the subject stays the source.
                    if source.is_empty() && source_actor_override.is_none() {
                        source = sides.clone();
                    }
                    target = sides;
                }
            }
        }
        let mut source_actors: Vec<Actor> =
            source.iter().flat_map(|&x| self.actors.mentions[x].actors()).cloned().collect();
        let mut source_spans: Vec<Span> = source.iter().map(|&x| self.actors.mentions[x].span).collect();
        if let Some(a) = source_actor_override {
            if let Some(q) = quote {
                if let Some(sp) = &self.quotes[q].speaker {
                    source_spans = vec![sp.span];
                }
            }
            source_actors = vec![a];
        }
        let source_codes: SmallVec<[SmolStr; 4]> = source_actors.iter().map(|a| a.code.clone()).collect();
        let mut distinct: SmallVec<[&str; 4]> = source_codes.iter().map(SmolStr::as_str).collect();
        distinct.sort_unstable();
        distinct.dedup();
        // "Brazil and the United States ... deepen a partnership": each is the other's target.
        if distinct.len() > 1 && target.iter().all(|&x| source_codes.contains(&self.actors.mentions[x].actor.code)) {
            target.clear();
        }
        // A target that is the source itself only counts when nothing else is named, and
        // only as another part of it ("Georgian demonstrators ... the Georgian government").
        let mut target_idx = target.clone();
        let same_part = |x: usize| {
            // A state named as such ("attacks in Nigeria") is a target even of its own people.
            if matches!(self.actors.mentions[x].kind, MentionKind::State | MentionKind::Capital) {
                return false;
            }
            let t = &self.actors.mentions[x].actor;
            source_actors
                .iter()
                .any(|s| s.code == t.code && (s.sector.is_none() || t.sector.is_none() || s.sector == t.sector))
        };
        target_idx.retain(|x| !same_part(*x));
        // Unknown actors ("intelligence", "troops") only when no known one is named.
        if target_idx.iter().any(|&x| self.actors.mentions[x].actor.is_known()) {
            target_idx.retain(|x| self.actors.mentions[*x].actor.is_known());
        }
        // One actor per code: "NATO, NATO infrastructure, NATO capabilities" is one target.
        let mut seen_codes: SmallVec<[&str; 4]> = SmallVec::new();
        target_idx.retain(|x| {
            let c = self.actors.mentions[*x].actor.code.as_str();
            let fresh = !seen_codes.contains(&c);
            seen_codes.push(c);
            fresh
        });
        let mut target_actors: Vec<Actor> =
            target_idx.iter().flat_map(|&x| self.actors.mentions[x].actors()).cloned().collect();
        let target_spans: Vec<Span> = target_idx.iter().map(|&x| self.actors.mentions[x].span).collect();
        for &x in source.iter().chain(&target_idx) {
            for e in &self.actors.mentions[x].entries {
                if !entries.contains(e) {
                    entries.push(e.clone());
                }
            }
        }
        let violent = matches!(root_of_code(&pred.code), "18" | "19" | "20");
        // "Kyiv said Russian drones had attacked energy facilities": with no target named,
        // the side reporting an attack on it is the target.
        if violent && target_actors.iter().all(|a| !a.is_known()) {
            if let Some(q) = quote.map(|q| &self.quotes[q]).filter(|q| q.kind == QuoteKind::Indirect) {
                if let Some(sp) =
                    q.speaker.as_ref().filter(|sp| sp.actor.is_known() && !source_codes.contains(&sp.actor.code))
                {
                    target_actors = vec![Actor { code: sp.actor.code.clone(), ..Actor::default() }];
                }
            }
        }
        // Violence by someone unnamed against someone named is still an event ("a car bomb ...").
        let unnamed_violence = violent && target_actors.iter().any(Actor::is_known);
        if source_actors.is_empty() && unnamed_violence {
            source_actors = vec![Actor::unknown()];
        }
        if source_actors.is_empty() || source_actors.iter().all(|a| !a.is_known()) && !unnamed_violence {
            return None;
        }
        if target_actors.iter().all(|a| !a.is_known()) && !pred.no_target && distinct.len() > 1 {
            target_actors = source_actors.clone();
        }
        // Verbal events against someone unnamed in the sentence: the article's main counterpart.
        let root = ontology::root(&pred.code);
        let wants_target = matches!(root, "02" | "03" | "04" | "05" | "10" | "11" | "12" | "13" | "16");
        let unnamed = target_actors.iter().all(|a| !a.is_known());
        if unnamed && wants_target && !pred.no_target {
            if let Some((code, _)) = self.salience.iter().find(|(c, _)| !source_codes.iter().any(|s| s == c)) {
                target_actors = vec![Actor { code: SmolStr::new(code), ..Actor::default() }];
            }
        }
        // No target named: CAMEO's unknown actor.
        if target_actors.is_empty() && !pred.no_target {
            target_actors.push(Actor::unknown());
        }

        // Flags.
        let before = cstart..trigger;
        let near = trigger.saturating_sub(4).max(cstart)..trigger;
        let mut flag = |range: Range<usize>, kind| self.has_modifier(range, kind).map(|id| entries.push(id)).is_some();
        let mut negated = flag(near, ModifierKind::Negation);
        let hedged = flag(before.clone(), ModifierKind::Hedge);
        let future = flag(before, ModifierKind::Future);
        let conditional = flag(cstart..end, ModifierKind::Condition);
        // "accused Russia of attacking", "the prospect of deploying": named, not asserted.
        let gerund = trigger > s.tokens.start
            && matches!(self.norm(trigger - 1), "of" | "about" | "against" | "for" | "on")
            && self.norm(trigger).ends_with("ing")
            // "sanctions over arms sales to Taiwan": the reason given, not an act reported.
            || trigger > s.tokens.start && matches!(self.norm(trigger - 1), "over" | "amid" | "despite");
        // "the alliance should refuse to ...": what someone ought to do, unless it is itself a demand.
        let deontic = !matches!(ontology::root(&pred.code), "02" | "10")
            && (trigger.saturating_sub(2).max(cstart)..trigger).any(|t| among(DEONTIC, self.norm(t)));
        // "The leaders discussed the damage to cables": the act is the topic of talks, not reported here.
        let topic = (trigger.saturating_sub(3).max(cstart)..trigger).any(|t| {
            let w = self.norm(t);
            TOPIC_VERBS.iter().any(|v| w.starts_with(v)) && (t + 1..trigger).all(|k| self.mention_at(k).is_none())
        });
        let asserted = !(gerund || deontic || topic);

        let mut cameo = pred.code.as_str();
        // A government that "protests" complains officially (PLOVER: diplomatic protests are ACCUSE).
        if root == "14"
            && !source_actors.is_empty()
            && source_actors
                .iter()
                .all(|a| a.sector.as_deref() == Some("GOV") || a.sector.is_none() && a.name.is_none())
        {
            cameo = "114";
        }
        if negated && NEGATION_CONVERTS.contains(&root) {
            cameo = "120";
            negated = false;
        }
        let root = SmolStr::new(ontology::root(cameo));
        let (date, date_how) = self.date_for(si, trigger, quote);
        Some(Event {
            article_id: article_id.clone(),
            sentence: si,
            sentence_span: s.span,
            trigger: Span::new(self.text.tokens[trigger].span.start, self.text.tokens[trigger_end - 1].span.end),
            source: source_actors,
            source_spans,
            target: target_actors,
            target_spans,
            plover: ontology::plover(cameo),
            goldstein: ontology::goldstein(cameo),
            quad_class: ontology::quad_class(cameo),
            root,
            cameo: SmolStr::new(cameo),
            date,
            date_how,
            negated,
            hedged,
            future,
            conditional,
            asserted,
            quote,
            entries,
            topics: Vec::new(),
            mentions: 1,
        })
    }

    /// "Israel said a mortar bomb was fired at it from Gaza": reporting someone
    /// else's violence is an accusation (CAMEO 112) by the speaker, as the
    /// codebook codes nested reports of material conflict.
    fn accusation(&self, e: &Event) -> Option<Event> {
        let q = &self.quotes[e.quote?];
        if q.kind != QuoteKind::Indirect
            || q.attribution != crate::speech::Attribution::SaidVerb
            || !matches!(e.root.as_str(), "17" | "18" | "19" | "20")
            || !e.asserted
        {
            return None;
        }
        let speaker = q.speaker.as_ref()?;
        let accused: Vec<Actor> =
            e.source.iter().filter(|a| a.is_known() && a.code != speaker.actor.code).cloned().collect();
        if !speaker.actor.is_known() || accused.is_empty() {
            return None;
        }
        let cameo = SmolStr::new_static("112");
        Some(Event {
            source: vec![speaker.actor.clone()],
            source_spans: vec![speaker.span],
            target: accused,
            target_spans: e.source_spans.clone(),
            plover: ontology::plover(&cameo),
            goldstein: ontology::goldstein(&cameo),
            quad_class: ontology::quad_class(&cameo),
            root: "11".into(),
            entries: std::iter::once(SmolStr::new_static("rule/accusation-by-report"))
                .chain(e.entries.iter().cloned())
                .collect(),
            cameo,
            ..e.clone()
        })
    }

    /// "Saudi Arabia hosted talks between US and Ukrainian officials": the
    /// talks themselves are an event of their sides, beside the hosting.
    fn hosted_talks(&self, e: &Event, m: &crate::lexicon::pattern::PatternMatch) -> Option<Event> {
        if !matches!(e.cameo.as_str(), "043" | "045") || e.target.len() < 2 {
            return None;
        }
        let talks =
            m.words.iter().any(|&w| matches!(self.norm(w), "talks" | "negotiations" | "consultations" | "meeting"));
        let between =
            (m.end..(m.end + 2).min(self.text.tokens.len())).any(|t| matches!(self.norm(t), "between" | "among"));
        if !talks || !between {
            return None;
        }
        let cameo = SmolStr::new_static("040");
        Some(Event {
            source: e.target.clone(),
            source_spans: e.target_spans.clone(),
            plover: ontology::plover(&cameo),
            goldstein: ontology::goldstein(&cameo),
            quad_class: ontology::quad_class(&cameo),
            root: "04".into(),
            entries: std::iter::once(SmolStr::new_static("rule/hosted-talks"))
                .chain(e.entries.iter().cloned())
                .collect(),
            cameo,
            ..e.clone()
        })
    }

    /// A date in the sentence (nearest before the trigger, else the first);
    /// else the date last mentioned before; else the published date.
    fn date_for(&self, si: usize, trigger: usize, quote: Option<usize>) -> (Option<NaiveDate>, &'static str) {
        // Days (and weeks) date events; a month or a year ("since September 2022") is background.
        let dated = |d: &&DateMention| d.date.is_some() && matches!(d.precision, Precision::Day | Precision::Week);
        // "after the museum shooting last week" dates another event.
        let other_event = |d: &&&DateMention| {
            let s = self.text.sentences[si].tokens.start;
            // Not across a comma: "The day before, on December 16" dates this event.
            (d.tokens.start.saturating_sub(5).max(s)..d.tokens.start)
                .rev()
                .take_while(|&k| self.norm(k) != ",")
                .any(|k| matches!(self.norm(k), "after" | "before" | "since" | "following" | "until" | "ahead"))
        };
        let in_sentence: Vec<&DateMention> = self
            .dates_in
            .get(si)
            .into_iter()
            .flatten()
            .map(|&i| &self.dates[i])
            .filter(dated)
            .filter(|d| !other_event(&d))
            .collect();
        if let Some(d) = in_sentence.iter().rev().find(|d| d.tokens.start < trigger).or(in_sentence.first()) {
            return (d.date, "sentence");
        }
        // A quote over several sentences takes a date stated anywhere in it or its attribution.
        if let Some(q) = quote.map(|q| &self.quotes[q]) {
            if let Some(d) = self.dates.iter().filter(dated).find(|d| q.sentences.contains(&d.sentence)) {
                return (d.date, "sentence");
            }
        }
        let first = quote.map_or(si, |q| self.quotes[q].sentences.start.min(si));
        // A date carries on within its paragraph; a new paragraph of a wire report goes back
        // to the news of the day unless it names another.
        let para = self.text.sentences[first].paragraph;
        if let Some(d) = self
            .dates
            .iter()
            .filter(dated)
            .rev()
            .find(|d| d.sentence < first && self.text.sentences[d.sentence].paragraph == para)
        {
            return (d.date, "previous");
        }
        match self.published {
            Some(p) => (Some(p), "published"),
            // With no publication date, the article's first dated day stands for it.
            None => match self.dates.iter().filter(dated).find(|d| !other_event(&d)) {
                Some(d) => (d.date, "reference"),
                None => (None, "none"),
            },
        }
    }
}
