//! Composition: lexicon names and capitalized words into actor mentions.
//!
//! Rules, in the order a reader applies them:
//! - a title followed (within its tail) by a name makes a person, whose code
//!   comes from a state word right before the title or inside its tail
//!   ("US National Security Assistant Jake Sullivan", "Deputy Foreign
//!   Minister of Russia Sergei Ryabkov", "the head of the Russian delegation
//!   at the Vienna talks ... Konstantin Gavrilov");
//! - a name followed by ", the <title>" is a person too (apposition), and so
//!   is a name next to a reporting verb ("Kupfer said", "said Sokolov");
//! - a state word before a sector noun, or "of/in <state>" after it, makes an
//!   agent ("the Russian Foreign Ministry", "officials in Moscow");
//! - what is left is a state, capital, seat of power, organization or
//!   institution standing for itself.

use super::{Actor, Actors, Cand, How, Mention, MentionKind, Person, person_actor};
use crate::lexicon::{ActorEntry, ActorKind, Lexicon, NameRole, NameTarget};
use crate::text::{Text, TokenKind, among};
use chrono::NaiveDate;
use smol_str::SmolStr;
use std::ops::Range;
use std::sync::LazyLock;

/// Words that start sentences but never names.
const NOT_NAMES: &[&str] = &[
    "the",
    "a",
    "an",
    "in",
    "on",
    "at",
    "as",
    "after",
    "before",
    "when",
    "while",
    "however",
    "meanwhile",
    "but",
    "and",
    "according",
    "asked",
    "speaking",
    "earlier",
    "later",
    "last",
    "this",
    "that",
    "these",
    "those",
    "there",
    "it",
    "he",
    "she",
    "they",
    "we",
    "i",
    "his",
    "her",
    "their",
    "our",
    "its",
    "if",
    "since",
    "for",
    "with",
    "from",
    "by",
    "under",
    "during",
    "despite",
    "although",
    "both",
    "some",
    "many",
    "also",
    "then",
    "still",
    "yet",
    "such",
    "no",
    "one",
    "two",
    "several",
    "most",
    "other",
    "another",
    "each",
    "all",
    "what",
    "why",
    "how",
    "who",
    "let",
    "discussions",
    "therefore",
    "western",
    "eastern",
    "northern",
    "southern",
    "central",
    "european",
    "international",
    "today",
    "yesterday",
    "tomorrow",
    "mr",
    "mrs",
    "ms",
    "dr",
    "president",
    "minister",
    "general",
    "prime",
];
/// Whether `w` is in `NOT_NAMES`: asked of every capitalized word, so a set
/// built once from the list rather than a scan of it.
fn not_name(w: &str) -> bool {
    static SET: LazyLock<rustc_hash::FxHashSet<&str>> = LazyLock::new(|| NOT_NAMES.iter().copied().collect());
    SET.contains(w)
}

/// Lowercase particles inside names: "Osama bin Laden", "Ahmed al-Sharaa".
const PARTICLES: &[&str] = &[
    "bin", "ibn", "al", "el", "de", "da", "du", "van", "von", "der", "den", "la", "le", "di", "dos", "del", "abu",
    "bint",
];
/// Sector nouns that also modify other nouns: "military exercises", "police presence".
const MODIFIER_NOUNS: &[&str] = &[
    "military",
    "police",
    "security",
    "government",
    "opposition",
    "intelligence",
    "army",
    "navy",
    "defence",
    "defense",
    "border",
    "rebel",
    "militia",
    "media",
    "civilian",
    "diplomatic",
    "state",
];
/// Words that stop a title's tail before a name.
const TAIL_STOPS: &[&str] =
    &["who", "which", "that", "is", "was", "are", "were", "has", "had", "have", "will", "would", "and"];

struct Ctx<'a> {
    original: &'a str,
    text: &'a Text,
    lx: &'a Lexicon,
    date: Option<NaiveDate>,
    cands: Vec<Cand>,
    /// Per candidate: its primary reading (`Cand::primary`), read once.
    prim: Vec<Option<NameTarget>>,
    cand_at: Vec<Option<usize>>,
    /// Per token: the first person mention starting there, kept by `push`.
    person_at: Vec<Option<usize>>,
    used: Vec<bool>,
    covered: Vec<bool>,
    mentions: Vec<Mention>,
    persons: Vec<Person>,
    /// Per person (as far as computed): the folded words of the name.
    name_words: Vec<Vec<String>>,
}

pub(crate) fn build(
    original: &str,
    text: &Text,
    lx: &Lexicon,
    date: Option<NaiveDate>,
    cands: Vec<Cand>,
    out: &mut Actors,
) {
    let mut cand_at = vec![None; text.tokens.len()];
    for (i, c) in cands.iter().enumerate() {
        for t in c.tokens.clone() {
            cand_at[t] = Some(i);
        }
    }
    let mut covered = vec![false; text.tokens.len()];
    for m in &out.date_words {
        for t in m.tokens.clone() {
            covered[t] = true;
        }
    }
    let used = vec![false; cands.len()];
    let prim = cands.iter().map(|c| c.primary(lx).copied()).collect();
    let cands_len = cands.len();
    let mut cx = Ctx {
        original,
        text,
        lx,
        date,
        cands,
        prim,
        cand_at,
        person_at: vec![None; text.tokens.len()],
        used,
        covered,
        // Most candidates become one mention each.
        mentions: Vec::with_capacity(cands_len + 8),
        persons: Vec::new(),
        name_words: Vec::new(),
    };
    cx.lexicon_persons();
    cx.titles();
    cx.runs();
    cx.agents();
    cx.rest();
    cx.context_codes();
    cx.mentions.sort_by_key(|m| m.tokens.start);
    for (i, m) in cx.mentions.iter().enumerate() {
        for t in m.tokens.clone() {
            out.owner[t] = Some(i);
        }
    }
    out.mentions = cx.mentions;
    out.persons = cx.persons;
}

impl<'a> Ctx<'a> {
    /// The candidate's primary reading; borrowed from the lexicon, not from `self`.
    fn entry(&self, c: usize) -> Option<(&'a ActorEntry, NameRole)> {
        let t = self.prim[c]?;
        Some((&self.lx.actors[t.entry as usize], t.role))
    }

    fn entry_ids(&self, c: usize) -> Vec<SmolStr> {
        self.entry(c).map(|(e, _)| vec![e.id.clone()]).unwrap_or_default()
    }

    fn sentence_end(&self, t: usize) -> usize {
        self.text.sentences[self.text.sentence_of(t)].tokens.end
    }

    fn norm(&self, t: usize) -> &'a str {
        self.text.norm(t)
    }

    fn is_cap(&self, t: usize) -> bool {
        self.text.tokens[t].is_capitalized(&self.text.folded)
    }

    /// A state, organization or institution name or word: what can give a code.
    fn stateish(&self, c: usize) -> bool {
        self.entry(c).is_some_and(|(e, role)| {
            matches!(e.kind, ActorKind::State | ActorKind::Organization | ActorKind::Institution)
                && matches!(
                    role,
                    NameRole::Name | NameRole::Adjective | NameRole::Capital | NameRole::Seat | NameRole::Demonym
                )
        })
    }

    fn is_verbish(&self, t: usize) -> bool {
        let w = self.norm(t);
        self.lx.is_speech_word(w) || self.lx.predicate_patterns.has_anchor(w) || among(TAIL_STOPS, w)
    }

    /// Where a title's tail ends: punctuation, quotes, reporting and finite verbs.
    /// ("head of the Russian delegation at the Vienna talks on ... Gavrilov":
    /// nouns such as "talks" belong to the tail.)
    fn tail_stop(&self, t: usize) -> bool {
        let tok = &self.text.tokens[t];
        match tok.kind {
            TokenKind::Quote(_) | TokenKind::SingleQuote(_) => true,
            TokenKind::Punct => matches!(self.norm(t), "." | ";" | ":" | "!" | "?" | "(" | ")" | ","),
            TokenKind::Word => self.lx.is_speech_word(self.norm(t)) || among(TAIL_STOPS, self.norm(t)),
            TokenKind::Number => false,
        }
    }

    /// The actor a state/organization/institution candidate stands for.
    fn cand_actor(&self, c: usize) -> Option<(Actor, MentionKind)> {
        let t = self.prim[c]?;
        let e = &self.lx.actors[t.entry as usize];
        let mut actor =
            Actor { code: e.code.clone(), sector: e.sector.map(SmolStr::new_static), name: None, role: e.role.clone() };
        let kind = match (e.kind, t.role) {
            (ActorKind::State, NameRole::Capital) => {
                actor.sector = Some("GOV".into());
                MentionKind::Capital
            }
            (ActorKind::State, NameRole::Seat) => {
                actor.sector = Some(t.sector.unwrap_or("GOV").into());
                MentionKind::Seat
            }
            (ActorKind::State, NameRole::Adjective) => MentionKind::Adjective,
            (ActorKind::State, NameRole::Demonym) => {
                actor.sector = Some("CVL".into());
                MentionKind::Demonym
            }
            (ActorKind::State, _) => MentionKind::State,
            (ActorKind::Organization, NameRole::Description) | (ActorKind::Institution, NameRole::Description) => {
                MentionKind::Description
            }
            (ActorKind::Organization, _) => {
                actor.name = Some(e.role.clone().unwrap_or_else(|| e.name.clone()));
                MentionKind::Organization
            }
            (ActorKind::Institution, _) => {
                actor.name = Some(e.name.clone());
                if !e.offices.is_empty() {
                    let by_date = person_actor(&e.name, &e.offices, self.date);
                    actor.code = by_date.code;
                    actor.sector = by_date.sector.or(actor.sector);
                }
                MentionKind::Institution
            }
            _ => return None,
        };
        Some((actor, kind))
    }

    #[allow(clippy::too_many_arguments)] // one call per mention kind; a struct would only rename the fields
    fn push(
        &mut self,
        tokens: Range<usize>,
        kind: MentionKind,
        actor: Actor,
        entries: Vec<SmolStr>,
        how: How,
        person: Option<usize>,
        plural: bool,
    ) -> usize {
        let span = crate::span::Span::new(
            self.text.tokens[tokens.start].span.start,
            self.text.tokens[tokens.end - 1].span.end,
        );
        for t in tokens.clone() {
            self.covered[t] = true;
        }
        if kind == MentionKind::Person && self.person_at[tokens.start].is_none() {
            self.person_at[tokens.start] = Some(self.mentions.len());
        }
        self.mentions.push(Mention {
            span,
            sentence: self.text.sentence_of(tokens.start),
            tokens,
            kind,
            actor,
            entries,
            person,
            how,
            plural,
            group: Vec::new(),
        });
        self.mentions.len() - 1
    }

    fn new_person(
        &mut self,
        name: String,
        actor: Actor,
        gender: Option<char>,
        refer: Vec<String>,
        entry: Option<SmolStr>,
    ) -> usize {
        if let Some(k) = self.persons.iter().position(|p| p.name == name) {
            return k;
        }
        let gender = gender.or_else(|| {
            let first = name.split_whitespace().next()?;
            self.lx.given_names.get(&crate::text::fold_str(first)).copied()
        });
        self.persons.push(Person { name, actor, gender, refer, first: self.mentions.len(), entry });
        self.persons.len() - 1
    }

    fn name_text(&self, r: &Range<usize>) -> String {
        let s = self.text.tokens[r.start].span.start;
        let e = self.text.tokens[r.end - 1].span.end;
        self.original[s..e].split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// A run of capitalized words that can be a person's name, starting at `t`.
    fn name_run(&self, t: usize) -> Option<Range<usize>> {
        let tok = &self.text.tokens[t];
        if tok.kind != TokenKind::Word || !self.is_cap(t) || self.covered[t] || self.cand_at[t].is_some() {
            return None;
        }
        if not_name(self.norm(t)) || tok.is_all_caps(&self.text.folded) && self.norm(t).len() > 1 {
            return None;
        }
        let end = self.sentence_end(t);
        let free = |k: usize| k < end && !self.covered[k] && self.cand_at[k].is_none();
        let mut j = t + 1;
        while j < end {
            let tk = &self.text.tokens[j];
            let word = tk.kind == TokenKind::Word && self.is_cap(j) && free(j) && !not_name(self.norm(j));
            // An initial: "George W. Bush".
            let initial = self.norm(j) == "."
                && !tk.space_before
                && (self.text.tokens[j - 1].fend - self.text.tokens[j - 1].fstart) == 1
                && j + 1 < end
                && self.is_cap(j + 1)
                && free(j + 1);
            // "Osama bin Laden", "Ahmed al-Sharaa".
            let particle = tk.kind == TokenKind::Word
                && among(PARTICLES, self.norm(j))
                && j + 1 < end
                && (self.is_cap(j + 1) || self.norm(j + 1) == "-" && j + 2 < end && self.is_cap(j + 2));
            let hyphen = self.norm(j) == "-"
                && !tk.space_before
                && j + 1 < end
                && self.is_cap(j + 1)
                && free(j + 1)
                && !self.text.tokens[j + 1].space_before;
            if !(word || initial || particle || hyphen) {
                break;
            }
            j += 1;
        }
        while j > t + 1 && matches!(self.norm(j - 1), "." | "-") {
            j -= 1;
        }
        // "of Energy Jeffrey Kupfer": a run glued to a title's tail starts at its given name.
        let mut t = t;
        if t > 0 && matches!(self.norm(t - 1), "of" | "for" | "the") && j - t > 2 {
            if let Some(g) = (t + 1..j - 1).find(|&k| self.lx.given_names.contains_key(self.norm(k))) {
                t = g;
            }
        }
        Some(t..j)
    }

    /// The state or organization right before token `t` ("Russian", "US",
    /// "Russia's"), skipping nothing but a possessive.
    fn modifier_before(&self, t: usize, gap: usize) -> Option<usize> {
        let mut k = t;
        let mut skipped = 0;
        loop {
            if k == 0 {
                return None;
            }
            if self.norm(k - 1) == "'s" {
                k -= 1;
                continue;
            }
            if let Some(c) = self.cand_at[k - 1] {
                if !self.used[c] && self.stateish(c) && self.cands[c].tokens.end == k {
                    return Some(c);
                }
                return None;
            }
            let tok = &self.text.tokens[k - 1];
            if skipped < gap
                && (tok.kind == TokenKind::Word && !self.is_verbish(k - 1) && !among(&NOT_NAMES[..3], self.norm(k - 1))
                    || self.norm(k - 1) == "-")
            {
                skipped += 1;
                k -= 1;
                continue;
            }
            return None;
        }
    }

    /// "of Russia", "in Moscow", "from the United States" right after token `t`.
    fn of_after(&self, t: usize) -> Option<usize> {
        let end = self.sentence_end(t.saturating_sub(1));
        if t >= end || !matches!(self.norm(t), "of" | "in" | "from" | "at" | "for") {
            return None;
        }
        let mut k = t + 1;
        if k < end && self.norm(k) == "the" {
            k += 1;
        }
        // "from military-ruled Myanmar", "in the northern West Bank": a few describing words between.
        for _ in 0..4 {
            // "military-ruled": a sector word inside a hyphenated adjective describes.
            let cand_here = self.cand_at.get(k).copied().flatten().is_some();
            let hyphenated = cand_here && k + 1 < end && self.norm(k + 1) == "-";
            if (cand_here && !hyphenated) || k >= end {
                break;
            }
            if hyphenated {
                k += 1;
                continue;
            }
            let tok = &self.text.tokens[k];
            // The second half of "military-ruled" may look like a verb; it still describes.
            let after_hyphen = k > 0 && self.norm(k - 1) == "-";
            let describing = tok.kind == TokenKind::Word
                && !tok.is_capitalized(&self.text.folded)
                && (after_hyphen || !self.is_verbish(k))
                || self.norm(k) == "-";
            if !describing {
                return None;
            }
            k += 1;
        }
        let c = self.cand_at.get(k).copied().flatten()?;
        (self.cands[c].tokens.start == k && !self.used[c] && self.stateish(c)).then_some(c)
    }

    /// Lexicon people: coded by the office they held on the article's date.
    fn lexicon_persons(&mut self) {
        for c in 0..self.cands.len() {
            let Some((e, NameRole::Name)) = self.entry(c) else { continue };
            if e.kind != ActorKind::Person {
                continue;
            }
            // The entry is the lexicon's, not `self`'s: read in place, not cloned.
            let actor = person_actor(&e.name, &e.offices, self.date);
            // A person already named keeps what it has (`new_person` returns it
            // first thing): its refer nouns are only worked out for a new one.
            let p = match self.persons.iter().position(|p| p.name == e.name) {
                Some(k) => k,
                None => {
                    let refer = self.refer_for_role(actor.role.as_deref());
                    self.new_person(e.name.to_string(), actor.clone(), e.gender, refer, Some(e.id.clone()))
                }
            };
            self.used[c] = true;
            let r = self.cands[c].tokens.clone();
            self.push(r, MentionKind::Person, actor, vec![e.id.clone()], How::Lexicon, Some(p), false);
        }
    }

    /// Role nouns for a role given as text ("Foreign Minister" -> diplomat, minister).
    fn refer_for_role(&self, role: Option<&str>) -> Vec<String> {
        let Some(role) = role else { return Vec::new() };
        let folded = crate::text::fold_str(role);
        let mut out: Vec<String> = self.lx.title_refer(role).to_vec();
        if let Some(last) = folded.split_whitespace().last() {
            out.push(last.to_string());
        }
        out
    }

    /// Titles: with a name after them they make a person; alone, an official.
    fn titles(&mut self) {
        for c in 0..self.cands.len() {
            if self.used[c] {
                continue;
            }
            let Some((e, NameRole::Title)) = self.entry(c) else { continue };
            let r = self.cands[c].tokens.clone();
            let end = self.sentence_end(r.start);
            // The name this title introduces, within its tail.
            let mut name: Option<(Range<usize>, Option<usize>)> = None; // (tokens, lexicon person mention)
            let mut j = r.end;
            while j < end && j - r.end <= 16 {
                if let Some(m) = self.person_at(j) {
                    name = Some((self.mentions[m].tokens.clone(), Some(m)));
                    break;
                }
                // "at the Vienna talks": a capitalized word after a preposition or article is a place or thing.
                let after_function_word = j > 0
                    && matches!(
                        self.norm(j - 1),
                        "the" | "a" | "an" | "at" | "in" | "on" | "to" | "for" | "from" | "with" | "by" | "of"
                    );
                if let Some(run) = self.name_run(j).filter(|_| !after_function_word) {
                    name = Some((run, None));
                    break;
                }
                // "the Russian ambassador to the EU, Viktor Lebedev,": an apposition after a comma.
                if self.norm(j) == "," && j + 1 < end && j > r.end {
                    if let Some(run) = self.name_run(j + 1) {
                        if run.end < end && self.norm(run.end) == "," {
                            name = Some((run, None));
                            break;
                        }
                    }
                    if let Some(m) = self.person_at(j + 1) {
                        name = Some((self.mentions[m].tokens.clone(), Some(m)));
                        break;
                    }
                }
                if self.tail_stop(j)
                    || (self.cand_at[j].is_some_and(|k| self.entry(k).is_some_and(|(x, _)| x.kind == ActorKind::Title))
                        && j > r.end)
                {
                    break;
                }
                j += 1;
            }
            // Affiliation: right before the title, else the first state word in its tail.
            let tail_end = name.as_ref().map_or(r.end, |(n, _)| n.start);
            let before = self.modifier_before(r.start, 0).or_else(|| self.skip_the_before(r.start));
            let after = if before.is_none() {
                (r.end..tail_end)
                    .find_map(|k| {
                        self.cand_at[k]
                            .filter(|&x| !self.used[x] && self.stateish(x) && self.cands[x].tokens.start == k)
                    })
                    .or_else(|| self.of_after(r.end))
            } else {
                None
            };
            let aff = before.or(after);
            let mut actor = match aff.and_then(|a| self.cand_actor(a)) {
                Some((a, _)) => Actor { code: a.code, sector: None, name: None, role: None },
                None if !e.code.is_empty() => Actor { code: e.code.clone(), ..Actor::default() },
                None => Actor::unknown(),
            };
            actor.sector = e.sector.map(SmolStr::new_static);
            // A title without a sector of its own ("head of", "spokesperson") takes the sector
            // of the body in its tail or beside it ("head of the Russian delegation" -> GOV).
            if actor.sector.is_none() {
                let tail_end = name.as_ref().map_or(r.end + 4, |(n, _)| n.start).min(end);
                actor.sector = (r.start.saturating_sub(3)..tail_end)
                    .filter_map(|k| self.cand_at[k])
                    .find_map(|k| {
                        self.entry(k)
                            .filter(|(x, _)| matches!(x.kind, ActorKind::Agent | ActorKind::Institution))
                            .and_then(|(x, _)| x.sector)
                    })
                    .map(SmolStr::new_static);
            }
            actor.role = e.role.clone();
            // "former German Chancellor Angela Merkel": an elite, not the office.
            let lead = before.map_or(r.start, |b| self.cands[b].tokens.start);
            let former = lead > 0 && matches!(self.norm(lead - 1), "former" | "ex" | "-") && {
                let k = if self.norm(lead - 1) == "-" { lead.saturating_sub(2) } else { lead - 1 };
                matches!(self.norm(k), "former" | "ex")
            };
            if former {
                actor.sector = Some("ELI".into());
                actor.role = e.role.as_ref().map(|r| smol_str::format_smolstr!("former {r}"));
            }
            if let Some(a) = aff {
                self.used[a] = true;
            }
            self.used[c] = true;
            let mut entries = vec![e.id.clone()];
            if let Some(a) = aff {
                entries.extend(self.entry_ids(a));
            }
            match name {
                Some((_, Some(m))) => {
                    // A lexicon person: the lexicon's office wins, the text's title adds refer nouns.
                    if let Some(p) = self.mentions[m].person {
                        for r in &e.refer {
                            if !self.persons[p].refer.contains(r) {
                                self.persons[p].refer.push(r.clone());
                            }
                        }
                        if !self.mentions[m].actor.is_known()
                            || self.mentions[m].actor.sector.as_deref() == Some("ELI") && actor.is_known()
                            || former
                        {
                            self.mentions[m].actor =
                                Actor { name: self.mentions[m].actor.name.clone(), ..actor.clone() };
                            self.persons[p].actor = self.mentions[m].actor.clone();
                        }
                    }
                    self.mentions[m].entries.push(e.id.clone());
                }
                Some((run, None)) => {
                    if e.courtesy {
                        actor = Actor::unknown();
                    }
                    let full = self.name_text(&run);
                    actor.name = Some(SmolStr::new(&full));
                    let gender = match self.text.norm(r.start) {
                        "mr" => Some('m'),
                        "mrs" | "ms" => Some('f'),
                        _ => None,
                    };
                    // "President Bush": a lone surname under a title is the lexicon's person of that
                    // name in office on the date.
                    if run.len() == 1 {
                        if let Some((name, known, id, gender)) =
                            self.person_by_surname(self.norm(run.start), e.role.as_deref())
                        {
                            let p = self.new_person(name, known.clone(), gender, e.refer.clone(), Some(id.clone()));
                            entries.push(id);
                            self.push(run, MentionKind::Person, known, entries, How::Title, Some(p), false);
                            continue;
                        }
                    }
                    // "Lt. Gen. Mark Ellis, commander of US forces in Europe": the apposition names the side.
                    if !actor.is_known() {
                        if let Some(code) = self.code_after_apposition(run.end) {
                            actor.code = code;
                        }
                    }
                    let p = self.new_person(full, actor.clone(), gender, e.refer.clone(), None);
                    self.push(run, MentionKind::Person, actor, entries, How::Title, Some(p), false);
                }
                None if !e.courtesy
                    && aff.is_none()
                    && e.code.is_empty()
                    && r.start > 0
                    && matches!(self.norm(r.start - 1), "the" | "this")
                    && self.cands[c].targets.iter().any(|t| t.role == NameRole::Refer)
                    && self.someone_called(self.norm(r.end - 1)) =>
                {
                    // "the minister said": a title with nothing of its own refers back to its holder.
                    self.push(
                        r.start - 1..r.end,
                        MentionKind::Description,
                        Actor::unknown(),
                        Vec::new(),
                        How::Unresolved,
                        None,
                        false,
                    );
                }
                None if !e.courtesy => {
                    let mut span = r.clone();
                    if let Some(b) = before {
                        span.start = self.cands[b].tokens.start;
                    }
                    if let Some(a) = after {
                        if self.cands[a].tokens.start <= r.end + 2 {
                            span.end = self.cands[a].tokens.end;
                        }
                    }
                    self.push(span, MentionKind::Title, actor, entries, How::Composed, None, false);
                }
                None => {}
            }
        }
    }

    /// Whether a person named so far may later be called `noun` ("the diplomat").
    fn someone_called(&self, noun: &str) -> bool {
        // `r` ends with " {noun}": it ends with the noun, and a space comes right before.
        let ends =
            |r: &str| r.len() > noun.len() && r.ends_with(noun) && r.as_bytes()[r.len() - noun.len() - 1] == b' ';
        self.persons.iter().any(|p| p.refer.iter().any(|r| r == noun || ends(r)))
    }

    /// The first person mention starting at token `t`: what
    /// `self.mentions.iter().position(|m| m.tokens.start == t && m.kind == MentionKind::Person)`
    /// finds (mentions are only pushed here, and keep their kind and tokens).
    fn person_at(&self, t: usize) -> Option<usize> {
        let m = self.person_at[t];
        debug_assert_eq!(m, self.mentions.iter().position(|m| m.tokens.start == t && m.kind == MentionKind::Person));
        m
    }

    /// The lexicon person with this family name who held an office on the
    /// article's date (one whose role matches the title, if several).
    fn person_by_surname(&self, surname: &str, role: Option<&str>) -> Option<(String, Actor, SmolStr, Option<char>)> {
        let list = self.lx.surnames.get(surname)?;
        let date = self.date?;
        let holding: Vec<&ActorEntry> = list
            .iter()
            .map(|&k| &self.lx.actors[k as usize])
            .filter(|p| p.offices.iter().any(|o| o.holds_on(date)))
            .collect();
        let role_word = role.and_then(|r| r.split_whitespace().last()).map(|w| w.to_lowercase());
        let matches_role = |p: &&&ActorEntry| {
            role_word.as_ref().is_some_and(|w| {
                p.offices.iter().any(|o| {
                    o.holds_on(date) && o.role.as_deref().is_some_and(|r| r.to_lowercase().contains(w.as_str()))
                })
            })
        };
        let pick = holding.iter().find(matches_role).or_else(|| (holding.len() == 1).then(|| &holding[0]))?;
        let actor = person_actor(&pick.name, &pick.offices, Some(date));
        Some((pick.name.to_string(), actor, pick.id.clone(), pick.gender))
    }

    /// The state or organization named in an apposition after a name:
    /// ", commander of US forces in Europe," / ", the Russian ambassador,".
    fn code_after_apposition(&self, t: usize) -> Option<SmolStr> {
        if t >= self.text.tokens.len() || self.norm(t) != "," {
            return None;
        }
        let end = self.sentence_end(t);
        for k in t + 1..end.min(t + 12) {
            if matches!(self.norm(k), "," | "." | ";") || self.lx.is_speech_word(self.norm(k)) {
                return None;
            }
            if let Some(c) = self.cand_at[k].filter(|&c| self.stateish(c)) {
                return self.cand_actor(c).map(|(a, _)| a.code);
            }
        }
        None
    }

    /// The state most of the article is about, when one clearly is: at least
    /// two mentions and three in five of all state mentions.
    fn dominant_state(&self) -> Option<SmolStr> {
        let mut counts: rustc_hash::FxHashMap<&str, usize> = rustc_hash::FxHashMap::default();
        let mut total = 0;
        for c in 0..self.cands.len() {
            if let Some((e, role)) = self.entry(c) {
                let domestic = e.kind == ActorKind::Institution && e.code.len() == 3 && role == NameRole::Name;
                if (e.kind == ActorKind::State || domestic) && role != NameRole::Description {
                    *counts.entry(e.code.as_str()).or_default() += 1;
                    total += 1;
                }
            }
        }
        let (code, n) = counts.into_iter().max_by_key(|(c, n)| (*n, std::cmp::Reverse(*c)))?;
        (n >= 2 && n * 5 >= total * 3).then(|| SmolStr::new(code))
    }

    /// Officials, agents and people with no state of their own, in an article
    /// about one state, belong to it ("police said", "President X voted in Brazzaville").
    fn context_codes(&mut self) {
        let Some(code) = self.dominant_state() else { return };
        for m in &mut self.mentions {
            if matches!(m.kind, MentionKind::Agent | MentionKind::Title | MentionKind::Person) && !m.actor.is_known() {
                m.actor.code = code.clone();
                if m.how == How::Composed {
                    m.how = How::Context;
                }
            }
        }
        for p in &mut self.persons {
            if !p.actor.is_known() {
                p.actor.code = code.clone();
            }
        }
    }

    /// "the Russian" before a title: skips the article between.
    fn skip_the_before(&self, t: usize) -> Option<usize> {
        None.or_else(|| (t > 0 && self.norm(t - 1) == "the").then(|| self.modifier_before(t - 1, 0)).flatten())
    }

    /// Brings `name_words` up to the persons named so far (names never change).
    fn fold_names(&mut self) {
        for p in &self.persons[self.name_words.len()..] {
            self.name_words.push(p.name.split_whitespace().map(crate::text::fold_str).collect());
        }
    }

    /// Capitalized runs that are persons by apposition or by a reporting verb.
    fn runs(&mut self) {
        let mut t = 0;
        while t < self.text.tokens.len() {
            let Some(run) = self.name_run(t) else {
                t += 1;
                continue;
            };
            let end = self.sentence_end(t);
            let next = run.end;
            // Apposition: "Mark Ellis, the commander of US forces".
            let mut appos = None;
            if next < end && self.norm(next) == "," {
                let mut k = next + 1;
                if k < end && matches!(self.norm(k), "the" | "a" | "an") {
                    k += 1;
                }
                let modifier = self.cand_at.get(k).copied().flatten().filter(|&c| self.stateish(c) && !self.used[c]);
                if let Some(m) = modifier {
                    k = self.cands[m].tokens.end;
                    if k < end && self.norm(k) == "'s" {
                        k += 1;
                    }
                }
                if let Some(c) = self.cand_at.get(k).copied().flatten() {
                    if !self.used[c]
                        && self.entry(c).is_some_and(|(e, role)| role == NameRole::Title && e.kind == ActorKind::Title)
                    {
                        let after = self.of_after(self.cands[c].tokens.end);
                        appos = Some((c, modifier.or(after)));
                    }
                }
            }
            let speech_next = next < end && self.lx.is_speech_word(self.norm(next));
            let speech_before = run.start > 0
                && (self.lx.is_speech_word(self.norm(run.start - 1))
                    || run.start > 1 && self.norm(run.start - 1) == "to" && self.norm(run.start - 2) == "according");
            // "Sokolov said" opening a sentence, "…,” Sokolov said": a lone surname speaks.
            let lone_speaker = speech_next && {
                let s = self.text.sentences[self.text.sentence_of(run.start)].tokens.start;
                run.start == s
                    || matches!(self.norm(run.start - 1), "," | "\"")
                    || self.text.tokens[run.start - 1].is_quote()
            };
            // A lone surname of someone already named is left to coreference.
            // (Each person's name is split and folded once, not once per lone word.)
            let known_surname = run.len() == 1 && {
                self.fold_names();
                let w = self.norm(run.start);
                self.name_words.iter().any(|words| words.len() > 1 && words.iter().any(|part| part == w))
            };
            // A run opening with a known given name is a person: "Pyotr Orlov, who heads ...".
            let given = run.len() > 1 && self.lx.given_names.contains_key(self.norm(run.start));
            let multi = run.len() > 1 && (given || speech_next || speech_before) || lone_speaker && !known_surname;
            if let Some((c, aff)) = appos {
                let (e, _) = self.entry(c).unwrap_or_else(|| unreachable!("checked above"));
                let mut actor = match aff.and_then(|a| self.cand_actor(a)) {
                    Some((a, _)) => Actor { code: a.code, ..Actor::default() },
                    None if !e.code.is_empty() => Actor { code: e.code.clone(), ..Actor::default() },
                    None => Actor::unknown(),
                };
                actor.sector = e.sector.map(SmolStr::new_static);
                actor.role = e.role.clone();
                let full = self.name_text(&run);
                actor.name = Some(SmolStr::new(&full));
                self.used[c] = true;
                let mut entries = vec![e.id.clone()];
                if let Some(a) = aff {
                    self.used[a] = true;
                    entries.extend(self.entry_ids(a));
                }
                let p = self.new_person(full, actor.clone(), None, e.refer.clone(), None);
                self.push(run.clone(), MentionKind::Person, actor, entries, How::Apposition, Some(p), false);
            } else if multi {
                let full = self.name_text(&run);
                let actor = Actor { name: Some(SmolStr::new(&full)), ..Actor::unknown() };
                let p = self.new_person(full, actor.clone(), None, Vec::new(), None);
                self.push(run.clone(), MentionKind::Person, actor, Vec::new(), How::Unresolved, Some(p), false);
            }
            t = run.end.max(t + 1);
        }
    }

    /// Sector nouns with the state that owns them.
    fn agents(&mut self) {
        for c in 0..self.cands.len() {
            if self.used[c] {
                continue;
            }
            let Some((e, NameRole::Agent)) = self.entry(c) else { continue };
            let r = self.cands[c].tokens.clone();
            let before = self.modifier_before(r.start, 2);
            // "its ground troops from the Gaza Strip": a possessive owns the troops; "from" is where.
            let possessed = (r.start.saturating_sub(3)..r.start)
                .any(|k| matches!(self.norm(k), "its" | "their" | "his" | "her" | "our"));
            let after = if before.is_none() && !(possessed && self.norm(r.end) == "from") {
                self.of_after(r.end)
            } else {
                None
            };
            let aff = before.or(after);
            // "any military activity", "military exercises": a sector word used as an
            // adjective, with no state of its own, is no actor.
            let modifier_use = aff.is_none()
                && e.code.is_empty()
                && !e.plural
                && r.len() == 1
                && among(MODIFIER_NOUNS, self.norm(r.start))
                && self.text.tokens.get(r.end).is_some_and(|n| {
                    let w = self.norm(r.end);
                    n.kind == TokenKind::Word
                        && !n.is_capitalized(&self.text.folded)
                        && !self.lx.is_speech_word(w)
                        && !w.ends_with("ed")
                        && !w.starts_with('\'')
                        && !matches!(
                            w,
                            "and"
                                | "or"
                                | "of"
                                | "in"
                                | "on"
                                | "at"
                                | "to"
                                | "for"
                                | "from"
                                | "with"
                                | "by"
                                | "as"
                                | "that"
                                | "who"
                                | "which"
                                | "had"
                                | "have"
                                | "has"
                                | "is"
                                | "was"
                                | "were"
                                | "are"
                                | "will"
                                | "would"
                                | "could"
                                | "can"
                                | "did"
                                | "do"
                                | "does"
                                | "also"
                                | "then"
                                | "later"
                                | "not"
                        )
                });
            if modifier_use {
                continue;
            }
            // "the diplomat concluded": a sector noun with nothing of its own refers back to a person.
            let refers = aff.is_none()
                && e.code.is_empty()
                && r.start > 0
                && matches!(self.norm(r.start - 1), "the" | "this")
                && self.cands[c].targets.iter().any(|t| t.role == NameRole::Refer)
                && self.someone_called(self.norm(r.end - 1));
            if refers {
                self.used[c] = true;
                self.push(
                    r.start - 1..r.end,
                    MentionKind::Description,
                    Actor::unknown(),
                    Vec::new(),
                    How::Unresolved,
                    None,
                    false,
                );
                continue;
            }
            let mut span = r.clone();
            let mut actor = match aff.and_then(|a| self.cand_actor(a)) {
                Some((a, _)) => Actor { code: a.code, ..Actor::default() },
                None if !e.code.is_empty() => Actor { code: e.code.clone(), ..Actor::default() },
                None => Actor::unknown(),
            };
            actor.sector = e.sector.map(SmolStr::new_static);
            let mut entries = vec![e.id.clone()];
            if let Some(a) = aff {
                self.used[a] = true;
                entries.extend(self.entry_ids(a));
                let ar = self.cands[a].tokens.clone();
                span = span.start.min(ar.start)..span.end.max(ar.end);
                if let Some((a_actor, _)) = self.cand_actor(a) {
                    if actor.sector.is_none() {
                        actor.sector = a_actor.sector;
                    }
                }
            }
            self.used[c] = true;
            // "Kyrgyz and Tajik forces": the first state word shares the noun.
            if let Some(a) = before {
                let ar = self.cands[a].tokens.clone();
                if ar.start >= 2 && self.norm(ar.start - 1) == "and" {
                    if let Some(first) = self.cand_at[ar.start - 2].filter(|&f| !self.used[f] && self.stateish(f)) {
                        if let Some((fa, _)) = self.cand_actor(first) {
                            self.used[first] = true;
                            let fr = self.cands[first].tokens.clone();
                            let mut fentries = vec![e.id.clone()];
                            fentries.extend(self.entry_ids(first));
                            let factor = Actor { code: fa.code, sector: actor.sector.clone(), name: None, role: None };
                            self.push(fr, MentionKind::Agent, factor, fentries, How::Composed, None, e.plural);
                        }
                    }
                }
            }
            self.push(span, MentionKind::Agent, actor, entries, How::Composed, None, e.plural);
        }
    }

    /// Everything left standing for itself.
    fn rest(&mut self) {
        for c in 0..self.cands.len() {
            if self.used[c] {
                continue;
            }
            let r = self.cands[c].tokens.clone();
            if let Some(t) = self.prim[c] {
                if t.role == NameRole::Refer {
                    self.used[c] = true;
                    // Only "the diplomat", "this official" refer back; a bare noun is a common noun.
                    if r.start > 0 && matches!(self.norm(r.start - 1), "the" | "this") {
                        let span = r.start - 1..r.end;
                        self.push(
                            span,
                            MentionKind::Description,
                            Actor::unknown(),
                            Vec::new(),
                            How::Unresolved,
                            None,
                            false,
                        );
                    }
                    continue;
                }
            }
            let Some((actor, kind)) = self.cand_actor(c) else { continue };
            self.used[c] = true;
            // A description names its entry only once resolved.
            let entries = if kind == MentionKind::Description { Vec::new() } else { self.entry_ids(c) };
            let how =
                if self.cands[c].targets.iter().any(|t| t.ambiguity.is_some()) { How::Context } else { How::Lexicon };
            let how = if kind == MentionKind::Description { How::Unresolved } else { how };
            let plural = kind == MentionKind::Demonym;
            self.push(r, kind, actor, entries, how, None, plural);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_name_is_the_list() {
        for w in NOT_NAMES {
            assert!(not_name(w), "{w}");
        }
        for w in ["", "th", "thee", "The", "sergei", "ministers", "presiden", "of", "prim"] {
            assert_eq!(not_name(w), NOT_NAMES.contains(&w), "{w}");
        }
    }
}
