//! The actors stage: mentions of states, organizations, institutions and
//! people, with codes, sectors and roles, and coreference.
//!
//! It works on the lexicon's name matches plus a few rules a careful reader
//! applies: a title before a name makes a person ("Deputy Foreign Minister
//! of Russia Sergei Ryabkov"), a state word before a sector noun makes an
//! agent ("the Russian Foreign Ministry", "officials in Moscow"), a name that
//! needs context gets it from the article ("Georgia", "Congo"), and later
//! mentions ("Ryabkov", "he", "the diplomat", "the alliance") resolve back to
//! what they name. What it does not do: decide who speaks (see
//! [`crate::speech`]) or who acts (see [`crate::events`]).

mod compose;
mod resolve;

use crate::lexicon::{ActorKind, Lexicon, NameRole, NameTarget, Office};
use crate::span::Span;
use crate::text::Text;
use chrono::NaiveDate;
use serde::Serialize;
use smol_str::SmolStr;
use std::ops::Range;

/// Who an actor is, in the field's codes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Actor {
    /// ISO alpha-3 for states, acronym for organizations, `---` when unknown.
    pub code: SmolStr,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sector: Option<SmolStr>,
    /// The named person or body, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<SmolStr>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<SmolStr>,
}

impl Actor {
    pub fn unknown() -> Actor {
        Actor { code: "---".into(), ..Actor::default() }
    }

    pub fn is_known(&self) -> bool {
        !self.code.is_empty() && self.code != "---"
    }

    /// The CAMEO-style compound code: "RUSGOV".
    pub fn cameo(&self) -> String {
        format!("{}{}", self.code, self.sector.as_deref().unwrap_or(""))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MentionKind {
    State,
    Capital,
    Seat,
    Adjective,
    Demonym,
    Organization,
    Institution,
    Agent,
    Title,
    Person,
    Pronoun,
    Description,
}

/// How a mention got its actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum How {
    Lexicon,
    Context,
    Composed,
    Title,
    Apposition,
    Surname,
    Pronoun,
    Description,
    Unresolved,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mention {
    pub span: Span,
    #[serde(skip)]
    pub tokens: Range<usize>,
    pub sentence: usize,
    pub kind: MentionKind,
    pub actor: Actor,
    /// Lexicon entry ids that fired.
    pub entries: Vec<SmolStr>,
    /// The person this mention names, when it names one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub person: Option<usize>,
    pub how: How,
    /// A group rather than a body ("troops", "rebels").
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub plural: bool,
    /// Several actors named at once: "the two countries", "both leaders", "they".
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub group: Vec<Actor>,
}

impl Mention {
    /// The actors the mention stands for: its group, or its one actor.
    pub fn actors(&self) -> &[Actor] {
        if self.group.is_empty() { std::slice::from_ref(&self.actor) } else { &self.group }
    }
}

/// A person named in the article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Person {
    pub name: String,
    pub actor: Actor,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gender: Option<char>,
    /// Nouns a later sentence may call this person by ("diplomat").
    #[serde(skip)]
    pub refer: Vec<String>,
    /// The mention that introduced the person.
    pub first: usize,
    #[serde(skip)]
    pub entry: Option<SmolStr>,
}

/// A date word or discard term found while scanning names; later stages read them.
#[derive(Debug, Clone, PartialEq)]
pub struct Marker {
    pub tokens: Range<usize>,
    pub target: NameTarget,
}

/// The output of the actors stage.
#[derive(Debug, Clone, Default)]
pub struct Actors {
    pub mentions: Vec<Mention>,
    pub persons: Vec<Person>,
    /// For every token: the mention covering it.
    pub owner: Vec<Option<usize>>,
    pub date_words: Vec<Marker>,
    pub discards: Vec<Marker>,
    /// Topic terms ("security guarantees"), for negotiation threads.
    pub topics: Vec<Marker>,
}

impl Actors {
    /// The mention starting at token `t`, if any.
    pub fn starting_at(&self, t: usize) -> Option<&Mention> {
        self.owner.get(t).copied().flatten().map(|m| &self.mentions[m]).filter(|m| m.tokens.start == t)
    }

    /// Mentions inside a token range.
    pub fn within(&self, r: Range<usize>) -> impl Iterator<Item = (usize, &Mention)> {
        // Mentions are sorted by start: jump to the range instead of scanning the whole
        // article for every sentence (quadratic on long articles).
        debug_assert!(self.mentions.windows(2).all(|w| w[0].tokens.start <= w[1].tokens.start));
        let first = self.mentions.partition_point(|m| m.tokens.start < r.start);
        self.mentions[first..]
            .iter()
            .enumerate()
            .map(move |(i, m)| (first + i, m))
            .take_while(move |(_, m)| m.tokens.start < r.end)
            .filter(move |(_, m)| m.tokens.end <= r.end)
    }
}

/// A candidate from the lexicon, before composition.
#[derive(Debug, Clone)]
pub(crate) struct Cand {
    pub tokens: Range<usize>,
    pub targets: crate::lexicon::NameTargets,
}

impl Cand {
    /// The reading that matters most for actor work.
    pub fn primary(&self, lx: &Lexicon) -> Option<&NameTarget> {
        let rank = |t: &NameTarget| -> u8 {
            match t.role {
                NameRole::Name if lx.actors[t.entry as usize].kind == ActorKind::Person => 0,
                NameRole::Title => 1,
                NameRole::Name => 2,
                NameRole::Seat => 3,
                NameRole::Capital => 4,
                NameRole::Agent => 5,
                NameRole::Adjective => 6,
                NameRole::Demonym => 7,
                NameRole::Description => 8,
                NameRole::Refer => 9,
                _ => 10,
            }
        };
        self.targets.iter().filter(|t| rank(t) < 10).min_by_key(|t| rank(t))
    }
}

/// Codes a person by the office held on `date`: on a date outside every
/// office, the nearest office's code with sector ELI and no role.
pub fn person_actor(name: &str, offices: &[Office], date: Option<NaiveDate>) -> Actor {
    let Some(first) = offices.first() else { return Actor { name: Some(SmolStr::new(name)), ..Actor::unknown() } };
    let office = match date {
        None => offices.iter().find(|o| o.to.is_none()).unwrap_or(first),
        Some(d) => match offices.iter().find(|o| o.holds_on(d)) {
            Some(o) => o,
            None => {
                let distance = |o: &Office| -> i64 {
                    let before = o.from.map_or(0, |f| (f - d).num_days().max(0));
                    let after = o.to.map_or(0, |t| (d - t).num_days().max(0));
                    before + after
                };
                let nearest = offices.iter().min_by_key(|o| distance(o)).unwrap_or(first);
                return Actor {
                    code: nearest.code.clone(),
                    sector: Some("ELI".into()),
                    name: Some(SmolStr::new(name)),
                    role: nearest.role.as_ref().map(|r| smol_str::format_smolstr!("former {r}")),
                };
            }
        },
    };
    Actor {
        code: office.code.clone(),
        sector: office.sector.map(SmolStr::new_static),
        name: Some(SmolStr::new(name)),
        role: office.role.clone(),
    }
}

/// Runs the actors stage.
pub fn analyze(original: &str, text: &Text, lx: &Lexicon, date: Option<NaiveDate>) -> Actors {
    let mut cands = Vec::new();
    let mut out = Actors { owner: vec![None; text.tokens.len()], ..Actors::default() };
    let mut hint = 0;
    for m in lx.find_names(&text.folded) {
        let Some(tokens) = align(text, m.fstart, m.fend, &mut hint) else { continue };
        let mut targets = m.targets;
        // Date words, discards and topics become markers; the rest are actor readings.
        // (A match with no marker reading keeps every reading: the retain is skipped, not changed.)
        let marker = |r: NameRole| {
            matches!(
                r,
                NameRole::Month
                    | NameRole::Weekday
                    | NameRole::Relative
                    | NameRole::Number
                    | NameRole::Discard
                    | NameRole::Topic
            )
        };
        if targets.iter().any(|t| marker(t.role)) {
            targets.retain(|t| {
                let t = *t;
                let list = match t.role {
                    NameRole::Month | NameRole::Weekday | NameRole::Relative | NameRole::Number => &mut out.date_words,
                    NameRole::Discard => &mut out.discards,
                    NameRole::Topic => &mut out.topics,
                    _ => return true,
                };
                list.push(Marker { tokens: tokens.clone(), target: t });
                false
            });
        }
        if !targets.is_empty() {
            cands.push(Cand { tokens, targets });
        }
    }
    sort_stable_by_key(&mut out.date_words, |m| (m.tokens.start, std::cmp::Reverse(m.tokens.end)));
    resolve::ambiguity(text, lx, &mut cands);
    let picked = select(cands);
    compose::build(original, text, lx, date, picked, &mut out);
    resolve::coreference(text, lx, &mut out);
    out
}

/// The tokens exactly covered by a folded byte range, if it aligns.
///
/// Token offsets grow with the index, so each bound is the one point where a
/// test on the tokens turns from true to false (what `partition_point` finds).
/// It is walked to from `hint`, the last range's end: names come by end, so the
/// walk is a step or two, not a search of the article.
fn align(text: &Text, fstart: usize, fend: usize, hint: &mut usize) -> Option<Range<usize>> {
    let toks = &text.tokens;
    let mut b = (*hint).min(toks.len());
    while b < toks.len() && toks[b].fend as usize <= fend {
        b += 1;
    }
    while b > 0 && toks[b - 1].fend as usize > fend {
        b -= 1;
    }
    *hint = b;
    let mut a = b.min(toks.len());
    while a > 0 && toks[a - 1].fstart as usize >= fstart {
        a -= 1;
    }
    while a < toks.len() && (toks[a].fstart as usize) < fstart {
        a += 1;
    }
    debug_assert_eq!(a, toks.partition_point(|t| (t.fstart as usize) < fstart));
    debug_assert_eq!(b, toks.partition_point(|t| (t.fend as usize) <= fend));
    (a < b && toks[a].fstart as usize == fstart && toks[b - 1].fend as usize == fend).then_some(a..b)
}

/// Longest candidates first; shorter ones only where they do not overlap.
fn select(cands: Vec<Cand>) -> Vec<Cand> {
    // The order is taken through (length, start, index) keys, not by moving the
    // candidates: the index breaks every tie as a stable sort would.
    let mut order: Vec<(std::cmp::Reverse<usize>, usize, usize)> =
        cands.iter().enumerate().map(|(i, c)| (std::cmp::Reverse(c.tokens.len()), c.tokens.start, i)).collect();
    order.sort_unstable();
    // Tokens already taken, so each candidate is checked in its own length, not
    // against every earlier pick (quadratic on long articles).
    let mut used = vec![false; cands.iter().map(|c| c.tokens.end).max().unwrap_or(0)];
    let mut take = vec![false; cands.len()];
    for &(_, _, i) in &order {
        let c = &cands[i];
        if c.tokens.clone().all(|t| !used[t]) {
            used[c.tokens.clone()].fill(true);
            take[i] = true;
        }
    }
    let mut taken: Vec<Cand> = cands.into_iter().zip(take).filter_map(|(c, t)| t.then_some(c)).collect();
    // Taken candidates do not overlap, so their starts differ and order them fully;
    // the lexicon reports names by end, which for them is already by start.
    sort_stable_by_key(&mut taken, |c| c.tokens.start);
    taken
}

/// `v.sort_by_key(key)` (a stable sort), skipped when `v` is already in order
/// (a stable sort leaves such a vector as it is): it then costs no scratch buffer.
pub(crate) fn sort_stable_by_key<T, K: Ord>(v: &mut [T], key: impl Fn(&T) -> K) {
    if !v.windows(2).all(|w| key(&w[0]) <= key(&w[1])) {
        v.sort_by_key(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_as_a_stable_sort() {
        let mut v = vec![(3, 'a'), (1, 'b'), (3, 'c'), (1, 'd'), (2, 'e')];
        let mut w = v.clone();
        sort_stable_by_key(&mut v, |x| x.0);
        w.sort_by_key(|x| x.0);
        assert_eq!(v, w);
    }
}
