//! Token patterns: the small language of predicate, speech and modifier
//! entries ("call+ on|upon ACTOR to", "put+ an end to", "[not] ready to host").
//!
//! A pattern is compiled to items matched token by token against a
//! sentence. The first item is the anchor: every form it can take goes into
//! one hash index, so a sentence is scanned once for all patterns.

use super::spec::Inflections;
use crate::text::{Folded, fold_str, tokens::tokenize};
use rustc_hash::FxBuildHasher;
use smallvec::SmallVec;
use std::collections::HashMap;

/// How many words a `*` may skip.
pub const GAP: usize = 6;

/// One position of a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// Alternatives, each a sequence of token forms (every token has its set of forms).
    Words { alts: Vec<Vec<Vec<String>>>, optional: bool },
    /// Up to [`GAP`] tokens inside the clause.
    Gap,
    /// An actor mention.
    Actor,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    pub text: String,
    pub items: Vec<Item>,
}

/// Splits an item like "de-escalate+" into folded tokens, the last inflected when asked.
fn words(item: &str, irregular: &Inflections) -> Result<Vec<Vec<String>>, String> {
    let (body, inflect) = match item.strip_suffix('+') {
        Some(b) => (b, true),
        None => (item, false),
    };
    if body.is_empty() {
        return Err(format!("empty word in `{item}`"));
    }
    let folded = Folded::new(body);
    let toks: Vec<String> = tokenize(body, &folded).iter().map(|t| t.norm(&folded).to_string()).collect();
    if toks.is_empty() {
        return Err(format!("no word in `{item}`"));
    }
    let n = toks.len();
    Ok(toks
        .into_iter()
        .enumerate()
        .map(|(i, t)| if inflect && i + 1 == n { inflect_word(&t, irregular) } else { vec![t] })
        .collect())
}

/// The forms of a word: itself, plural / third person, past, gerund; or the
/// irregular forms listed for it.
pub fn inflect_word(word: &str, irregular: &Inflections) -> Vec<String> {
    let mut forms = vec![word.to_string()];
    if let Some(extra) = irregular.get(word) {
        for f in extra {
            let f = fold_str(f);
            if !forms.contains(&f) {
                forms.push(f);
            }
        }
        return forms;
    }
    let bytes = word.as_bytes();
    let last = bytes.last().copied().unwrap_or(b' ');
    let before = if bytes.len() >= 2 { bytes[bytes.len() - 2] } else { b' ' };
    let vowel = |b: u8| matches!(b, b'a' | b'e' | b'i' | b'o' | b'u');
    let stem_y = &word[..word.len().saturating_sub(1)];
    let s = if word.ends_with('s')
        || word.ends_with('x')
        || word.ends_with('z')
        || word.ends_with("ch")
        || word.ends_with("sh")
    {
        format!("{word}es")
    } else if last == b'y' && !vowel(before) {
        format!("{stem_y}ies")
    } else {
        format!("{word}s")
    };
    let ed = if last == b'e' {
        format!("{word}d")
    } else if last == b'y' && !vowel(before) {
        format!("{stem_y}ied")
    } else {
        format!("{word}ed")
    };
    let ing = if let Some(stem) = word.strip_suffix("ie") {
        format!("{stem}ying")
    } else if last == b'e' && !matches!(before, b'e' | b'y' | b'o') && word.len() > 2 {
        format!("{}ing", &word[..word.len() - 1])
    } else {
        format!("{word}ing")
    };
    for f in [s, ed, ing] {
        if !forms.contains(&f) {
            forms.push(f);
        }
    }
    forms
}

impl Pattern {
    pub fn parse(text: &str, irregular: &Inflections) -> Result<Pattern, String> {
        let mut items = Vec::new();
        for raw in text.split_whitespace() {
            let item = if raw == "*" {
                Item::Gap
            } else if raw == "ACTOR" {
                Item::Actor
            } else {
                let (inner, optional) = match raw.strip_prefix('[') {
                    Some(rest) => (rest.strip_suffix(']').ok_or_else(|| format!("unclosed `[` in `{raw}`"))?, true),
                    None => (raw, false),
                };
                if inner.contains('[') || inner.contains(']') {
                    return Err(format!("stray bracket in `{raw}`"));
                }
                let alts = inner.split('|').map(|a| words(a, irregular)).collect::<Result<Vec<_>, _>>()?;
                Item::Words { alts, optional }
            };
            items.push(item);
        }
        match items.first() {
            None => return Err("empty pattern".into()),
            Some(Item::Words { optional: false, .. }) => {}
            Some(_) => return Err(format!("pattern `{text}` must start with a word (not `*`, `[..]` or ACTOR)")),
        }
        if matches!(items.last(), Some(Item::Gap)) {
            return Err(format!("pattern `{text}` ends with `*`"));
        }
        Ok(Pattern { text: text.to_string(), items })
    }

    /// The folded forms the first token can take.
    pub fn anchors(&self) -> Vec<&str> {
        match &self.items[0] {
            Item::Words { alts, .. } => alts.iter().flat_map(|a| a[0].iter().map(String::as_str)).collect(),
            _ => Vec::new(),
        }
    }

    /// Number of word items (its specificity).
    pub fn weight(&self) -> usize {
        self.items.iter().filter(|i| matches!(i, Item::Words { optional: false, .. })).count()
    }
}

/// What a sentence offers a pattern matcher.
pub trait Tokens {
    fn len(&self) -> usize;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    fn norm(&self, i: usize) -> &str;
    /// A token a gap may not cross (";", ":", a quote mark).
    fn barrier(&self, i: usize) -> bool;
    /// The end (exclusive) of an actor mention starting at token `i`.
    fn actor_at(&self, i: usize) -> Option<usize>;
}

/// A successful match: token range and the tokens that matched words.
///
/// Inline up to a typical pattern's size: matches are made and copied for every
/// predicate and cue found, and a heap block for each cost more than the match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternMatch {
    pub start: usize,
    pub end: usize,
    pub words: SmallVec<[usize; 6]>,
    /// Actor slots filled, as token ranges.
    pub actors: SmallVec<[(usize, usize); 2]>,
}

impl PatternMatch {
    fn at(start: usize) -> PatternMatch {
        PatternMatch { start, end: start, words: SmallVec::new(), actors: SmallVec::new() }
    }
}

impl Pattern {
    /// Matches the pattern starting at token `start` (whose form is an anchor).
    pub fn match_at(&self, toks: &dyn Tokens, start: usize) -> Option<PatternMatch> {
        let mut m = PatternMatch::at(start);
        if self.step(toks, 0, start, &mut m) { Some(m) } else { None }
    }

    fn step(&self, toks: &dyn Tokens, item: usize, pos: usize, m: &mut PatternMatch) -> bool {
        let Some(it) = self.items.get(item) else {
            m.end = pos;
            return true;
        };
        match it {
            Item::Gap => {
                for p in pos..=pos + GAP {
                    let (w, a) = (m.words.len(), m.actors.len());
                    if self.step(toks, item + 1, p, m) {
                        return true;
                    }
                    m.words.truncate(w);
                    m.actors.truncate(a);
                    if p >= toks.len() || toks.barrier(p) {
                        return false;
                    }
                }
                false
            }
            Item::Actor => {
                if pos >= toks.len() {
                    return false;
                }
                let Some(end) = toks.actor_at(pos) else { return false };
                m.actors.push((pos, end));
                if self.step(toks, item + 1, end, m) {
                    return true;
                }
                m.actors.pop();
                false
            }
            Item::Words { alts, optional } => {
                for alt in alts {
                    if pos + alt.len() > toks.len() {
                        continue;
                    }
                    if alt.iter().enumerate().all(|(k, forms)| forms.iter().any(|f| f == toks.norm(pos + k))) {
                        let w = m.words.len();
                        m.words.extend(pos..pos + alt.len());
                        if self.step(toks, item + 1, pos + alt.len(), m) {
                            return true;
                        }
                        m.words.truncate(w);
                    }
                }
                *optional && self.step(toks, item + 1, pos, m)
            }
        }
    }
}

/// Many patterns, indexed by their anchor forms.
///
/// Matching runs on word ids, not strings: every form any pattern names gets
/// an id, a sentence's tokens are looked up once, and a pattern is only tried
/// when each of its required words occurs somewhere in the sentence. Both are
/// exact shortcuts (a form outside the vocabulary can match no item), so the
/// matches are those of [`Pattern::match_at`] on every anchor.
#[derive(Debug, Clone, Default)]
pub struct PatternSet {
    /// (owner entry index, pattern)
    pub patterns: Vec<(usize, Pattern)>,
    /// Every form named by a pattern item -> its id. FxHash: looked up once per
    /// token, and SipHash's resistance to chosen keys buys nothing for lexicon words.
    vocab: HashMap<String, u32, FxBuildHasher>,
    /// Patterns anchored on each id.
    anchored: Vec<Vec<usize>>,
    compiled: Vec<Compiled>,
    /// `anchored` and each pattern's `required` laid out flat, built at the first
    /// scan: a scan checks many patterns per anchor, and chasing each one's
    /// vectors was half the scan's time in cache misses.
    flat: std::sync::OnceLock<Flat>,
}

/// For each id, its anchored patterns with their required ids, in one array:
/// `data[start[id]..start[id + 1]]` holds, per pattern, `k`, the length of
/// the rest of its entry, then each required item as its count and its ids.
#[derive(Debug, Clone, Default)]
struct Flat {
    start: Vec<u32>,
    data: Vec<u32>,
}

impl Flat {
    fn new(anchored: &[Vec<usize>], compiled: &[Compiled]) -> Flat {
        let mut start = Vec::with_capacity(anchored.len() + 1);
        let mut data = Vec::new();
        for list in anchored {
            start.push(data.len() as u32);
            for &k in list {
                data.push(k as u32);
                let len_at = data.len();
                data.push(0);
                for forms in &compiled[k].required {
                    data.push(forms.len() as u32);
                    data.extend_from_slice(forms);
                }
                data[len_at] = (data.len() - len_at - 1) as u32;
            }
        }
        start.push(data.len() as u32);
        Flat { start, data }
    }
}

/// A pattern item over word ids.
#[derive(Debug, Clone)]
enum Step {
    Words { alts: Vec<Vec<Vec<u32>>>, optional: bool },
    Gap,
    Actor,
}

#[derive(Debug, Clone)]
struct Compiled {
    steps: Vec<Step>,
    /// For each required word item, the ids its alternatives can start with:
    /// one of them must occur in the sentence for the pattern to match. The
    /// first item's are the pattern's anchors, so they are left out: a pattern
    /// is only tried at a token holding one of them.
    required: Vec<Vec<u32>>,
}

/// The [`PatternSet::word_id`] of a word no pattern names.
pub const UNKNOWN: u32 = u32::MAX;

thread_local! {
    static PRESENT: std::cell::RefCell<Vec<u64>> = const { std::cell::RefCell::new(Vec::new()) };
}

impl PatternSet {
    fn id(&mut self, form: &str) -> u32 {
        if let Some(&id) = self.vocab.get(form) {
            return id;
        }
        let id = self.anchored.len() as u32;
        self.vocab.insert(form.to_string(), id);
        self.anchored.push(Vec::new());
        id
    }

    pub fn push(&mut self, owner: usize, pattern: Pattern) {
        let k = self.patterns.len();
        let mut steps = Vec::with_capacity(pattern.items.len());
        let mut required = Vec::new();
        for (n, item) in pattern.items.iter().enumerate() {
            steps.push(match item {
                Item::Gap => Step::Gap,
                Item::Actor => Step::Actor,
                Item::Words { alts, optional } => {
                    let alts: Vec<Vec<Vec<u32>>> = alts
                        .iter()
                        .map(|alt| alt.iter().map(|forms| forms.iter().map(|f| self.id(f)).collect()).collect())
                        .collect();
                    if !optional && n > 0 {
                        let mut firsts: Vec<u32> = alts.iter().flat_map(|a| a[0].iter().copied()).collect();
                        firsts.sort_unstable();
                        firsts.dedup();
                        required.push(firsts);
                    }
                    Step::Words { alts, optional: *optional }
                }
            });
        }
        for a in pattern.anchors() {
            let id = self.id(a);
            let list = &mut self.anchored[id as usize];
            if !list.contains(&k) {
                list.push(k);
            }
        }
        self.compiled.push(Compiled { steps, required });
        self.patterns.push((owner, pattern));
        self.flat = std::sync::OnceLock::new();
    }

    /// A word's id in this set's vocabulary, for [`PatternSet::find_all_ids`].
    pub fn word_id(&self, norm: &str) -> u32 {
        self.vocab.get(norm).copied().unwrap_or(UNKNOWN)
    }

    /// Every match in `toks`: (pattern index, match), given each token's
    /// [`PatternSet::word_id`] (the pipeline looks them up once per article, for
    /// all the pattern sets at once: [`crate::lexicon::Lexicon::token_ids`]).
    pub fn find_all_ids(&self, toks: &dyn Tokens, ids: &[u32]) -> Vec<(usize, PatternMatch)> {
        let mut out = Vec::new();
        self.scan(
            toks,
            ids,
            |_| true,
            |k, m| {
                out.push((k, m.clone()));
                false
            },
        );
        out
    }

    /// The first match (in [`PatternSet::find_all_ids`] order) of a pattern that
    /// `accept` takes; the others are not even tried.
    pub fn find_first_ids(
        &self,
        toks: &dyn Tokens,
        ids: &[u32],
        accept: &dyn Fn(usize) -> bool,
    ) -> Option<(usize, PatternMatch)> {
        let mut first = None;
        self.scan(toks, ids, accept, |k, m| {
            first = Some((k, m.clone()));
            true
        });
        first
    }

    /// Tries every accepted pattern at each of its anchors, in token order, and hands
    /// each match to `found`, which returns true to stop.
    fn scan(
        &self,
        toks: &dyn Tokens,
        ids: &[u32],
        accept: impl Fn(usize) -> bool,
        mut found: impl FnMut(usize, &PatternMatch) -> bool,
    ) {
        debug_assert_eq!(ids.len(), toks.len());
        if !ids.iter().any(|&id| id != UNKNOWN && !self.anchored[id as usize].is_empty()) {
            return;
        }
        // Which vocabulary words occur in the sentence, one bit each. The bitset spans the
        // whole vocabulary, so it is kept per thread and cleared bit by bit, not zeroed
        // and allocated for every stretch (a nested call gets a fresh one).
        PRESENT.with(|cell| match cell.try_borrow_mut() {
            Ok(mut present) => self.scan_with(&mut present, toks, ids, &accept, &mut found),
            Err(_) => self.scan_with(&mut Vec::new(), toks, ids, &accept, &mut found),
        })
    }

    fn scan_with(
        &self,
        present: &mut Vec<u64>,
        toks: &dyn Tokens,
        ids: &[u32],
        accept: &impl Fn(usize) -> bool,
        found: &mut impl FnMut(usize, &PatternMatch) -> bool,
    ) {
        let words = self.anchored.len().div_ceil(64);
        if present.len() < words {
            present.resize(words, 0);
        }
        for &id in ids.iter().filter(|&&id| id != UNKNOWN) {
            present[id as usize / 64] |= 1 << (id % 64);
        }
        let occurs = |id: u32| present[id as usize / 64] & (1 << (id % 64)) != 0;
        let sentence = Sentence { toks, ids };
        let Flat { start, data } = self.flat.get_or_init(|| Flat::new(&self.anchored, &self.compiled));
        // One scratch match for every attempt: most attempts fail, and a failed one
        // should not cost an allocation.
        let mut m = PatternMatch::at(0);
        'tokens: for (i, &id) in ids.iter().enumerate() {
            let Some(&[from, to]) = start.get(id as usize..id as usize + 2) else { continue };
            let mut entry = &data[from as usize..to as usize];
            while let [k, len, rest @ ..] = entry {
                let (k, len) = (*k as usize, *len as usize);
                let (mut required, next) = rest.split_at(len);
                entry = next;
                if !accept(k) {
                    continue;
                }
                let mut all = true;
                while let [n, tail @ ..] = required {
                    let (forms, after) = tail.split_at(*n as usize);
                    if !forms.iter().any(|&f| occurs(f)) {
                        all = false;
                        break;
                    }
                    required = after;
                }
                if !all {
                    continue;
                }
                m.start = i;
                m.end = i;
                m.words.clear();
                m.actors.clear();
                if self.compiled[k].step(&sentence, 0, i, &mut m) && found(k, &m) {
                    break 'tokens;
                }
            }
        }
        // Cleared as it was set, for the next stretch.
        for &id in ids.iter().filter(|&&id| id != UNKNOWN) {
            present[id as usize / 64] = 0;
        }
    }

    /// How many word forms the patterns name (ids run from 0 to this).
    pub fn vocab_len(&self) -> usize {
        self.anchored.len()
    }

    /// The patterns anchored on a word id (none for [`UNKNOWN`]).
    pub fn anchored_on(&self, id: u32) -> &[usize] {
        self.anchored.get(id as usize).map_or(&[], Vec::as_slice)
    }

    /// Whether a pattern anchored on this form exists.
    pub fn has_anchor(&self, form: &str) -> bool {
        self.vocab.get(form).is_some_and(|&id| !self.anchored[id as usize].is_empty())
    }

    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// Every word form the patterns name.
    pub fn forms(&self) -> impl Iterator<Item = &str> {
        self.vocab.keys().map(String::as_str)
    }
}

/// A sentence with its tokens' vocabulary ids.
struct Sentence<'a> {
    toks: &'a dyn Tokens,
    ids: &'a [u32],
}

impl Compiled {
    /// [`Pattern::step`] over ids: the same search in the same order.
    fn step(&self, s: &Sentence, item: usize, pos: usize, m: &mut PatternMatch) -> bool {
        let Some(it) = self.steps.get(item) else {
            m.end = pos;
            return true;
        };
        match it {
            Step::Gap => {
                for p in pos..=pos + GAP {
                    let (w, a) = (m.words.len(), m.actors.len());
                    if self.step(s, item + 1, p, m) {
                        return true;
                    }
                    m.words.truncate(w);
                    m.actors.truncate(a);
                    if p >= s.ids.len() || s.toks.barrier(p) {
                        return false;
                    }
                }
                false
            }
            Step::Actor => {
                if pos >= s.ids.len() {
                    return false;
                }
                let Some(end) = s.toks.actor_at(pos) else { return false };
                m.actors.push((pos, end));
                if self.step(s, item + 1, end, m) {
                    return true;
                }
                m.actors.pop();
                false
            }
            Step::Words { alts, optional } => {
                for alt in alts {
                    let Some(here) = s.ids.get(pos..pos + alt.len()) else { continue };
                    if alt.iter().zip(here).all(|(forms, id)| forms.contains(id)) {
                        let w = m.words.len();
                        for p in pos..pos + alt.len() {
                            m.words.push(p);
                        }
                        if self.step(s, item + 1, pos + alt.len(), m) {
                            return true;
                        }
                        m.words.truncate(w);
                    }
                }
                *optional && self.step(s, item + 1, pos, m)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Words(Vec<String>);
    impl Tokens for Words {
        fn len(&self) -> usize {
            self.0.len()
        }
        fn norm(&self, i: usize) -> &str {
            &self.0[i]
        }
        fn barrier(&self, i: usize) -> bool {
            self.0[i] == ";"
        }
        fn actor_at(&self, i: usize) -> Option<usize> {
            (self.0[i] == "nato").then_some(i + 1)
        }
    }
    fn w(s: &str) -> Words {
        let f = Folded::new(s);
        Words(tokenize(s, &f).iter().map(|t| t.norm(&f).to_string()).collect())
    }

    #[test]
    fn inflections() {
        let irr = Inflections::from([("meet".to_string(), vec!["met".to_string(), "meeting".into(), "meets".into()])]);
        assert_eq!(inflect_word("demand", &irr), ["demand", "demands", "demanded", "demanding"]);
        assert_eq!(inflect_word("urge", &irr), ["urge", "urges", "urged", "urging"]);
        assert_eq!(inflect_word("deny", &irr), ["deny", "denies", "denied", "denying"]);
        assert_eq!(inflect_word("meet", &irr), ["meet", "met", "meeting", "meets"]);
        assert_eq!(inflect_word("vow", &irr), ["vow", "vows", "vowed", "vowing"]);
    }

    #[test]
    fn gaps_options_and_actor_slots() {
        let irr = Inflections::new();
        let p = Pattern::parse("call+ on|upon ACTOR to", &irr).unwrap();
        assert!(p.match_at(&w("called on NATO to stop"), 0).is_some());
        assert!(p.match_at(&w("called on Russia to stop"), 0).is_none());
        let p = Pattern::parse("launch+ * attack+", &irr).unwrap();
        let m = p.match_at(&w("launched a massive drone attack"), 0).unwrap();
        assert_eq!((m.start, m.end, m.words.to_vec()), (0, 5, vec![0, 4]));
        assert!(p.match_at(&w("launched a bid; the attack"), 0).is_none());
        let p = Pattern::parse("[not] ready to host", &irr);
        assert!(p.is_err());
        let p = Pattern::parse("ready [to] host", &irr).unwrap();
        assert!(p.match_at(&w("ready host"), 0).is_some());
        let p = Pattern::parse("de-escalate+", &irr).unwrap();
        assert!(p.match_at(&w("de-escalating"), 0).is_some());
    }
}
