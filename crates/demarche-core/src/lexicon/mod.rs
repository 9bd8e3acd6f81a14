//! Lexicons: load -> validate -> compile.
//!
//! The files under `lexicons/en/` (embedded in the binary) are the built-in
//! layer; `--lexicons DIR` adds layers on top, where an entry with a known
//! id replaces the built-in one. [`Lexicon::load`] parses every file,
//! validates the merged set and reports every problem at once, then compiles
//! all names into one Aho-Corasick automaton and all patterns into indexed
//! token matchers. Nothing here is global: a `Lexicon` is a value.

pub mod load;
pub mod pattern;
pub mod spec;
pub mod validate;

use crate::text::Text;
use crate::text::fold::{Folded, fold_pattern, fold_str};
use chrono::NaiveDate;
use daachorse::DoubleArrayAhoCorasick;
pub use load::{LexiconError, LexiconErrors};
use pattern::{Pattern, PatternSet};
use rustc_hash::{FxHashMap, FxHashSet};
use smol_str::SmolStr;
use spec::*;
use std::path::PathBuf;
use validate::{SECTORS, parse_date};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ActorKind {
    State,
    Organization,
    Institution,
    Agent,
    Title,
    Person,
}

/// An office held over a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Office {
    pub code: SmolStr,
    pub sector: Option<&'static str>,
    pub role: Option<SmolStr>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl Office {
    pub fn holds_on(&self, date: NaiveDate) -> bool {
        self.from.is_none_or(|f| f <= date) && self.to.is_none_or(|t| date <= t)
    }
}

/// A name that needs the article's context to count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ambiguity {
    pub name: String,
    pub veto: Vec<String>,
    pub context: Vec<String>,
    pub default: bool,
    pub role: NameRole,
}

/// A compiled actor entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorEntry {
    pub id: SmolStr,
    pub kind: ActorKind,
    /// State or organization code; empty for agents and titles without a default.
    pub code: SmolStr,
    pub sector: Option<&'static str>,
    pub name: SmolStr,
    pub role: Option<SmolStr>,
    /// Folded descriptions: "the alliance".
    pub descriptions: Vec<String>,
    /// Folded nouns a holder of this title is later called by: "diplomat".
    pub refer: Vec<String>,
    pub offices: Vec<Office>,
    pub plural: bool,
    pub courtesy: bool,
    pub gender: Option<char>,
    pub parent: Option<String>,
    pub ambiguous: Vec<Ambiguity>,
}

/// What a matched name means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum NameRole {
    Name,
    Adjective,
    Demonym,
    Capital,
    Seat,
    Description,
    Agent,
    Title,
    /// "the diplomat": index into [`Lexicon::refer_nouns`].
    Refer,
    Month,
    Weekday,
    Relative,
    Number,
    Discard,
    Topic,
}

/// A name's reading, with the folded byte offsets that must be uppercase in the text
/// (kept beside the target so a target copies without allocating).
type Reading = (NameTarget, Box<[u16]>);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NameTarget {
    /// Index into the table the role points to (actors, date words, discards, refer nouns).
    pub entry: u32,
    pub role: NameRole,
    /// For seats of power: the seat's own sector.
    pub sector: Option<&'static str>,
    /// Index into the entry's `ambiguous` list when the name is ambiguous.
    pub ambiguity: Option<u16>,
}

/// A name found in a text, with every reading its case allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameMatch {
    /// Folded byte range.
    pub fstart: usize,
    pub fend: usize,
    /// Most names have one or two readings: kept inline, a match costs no allocation.
    pub targets: NameTargets,
}

/// The readings of one name match.
pub type NameTargets = smallvec::SmallVec<[NameTarget; 2]>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateWordKind {
    Month(u32),
    Weekday(u32),
    Relative { days: i64, from_previous: bool, precision: Precision },
    Number(i64),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    #[default]
    Day,
    Week,
    Month,
    Year,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateWord {
    pub id: String,
    pub kind: DateWordKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Predicate {
    pub id: SmolStr,
    pub code: String,
    pub swap: bool,
    pub no_target: bool,
    pub source_speaker: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SpeechKind {
    Verb,
    Source,
    Quoted,
    QuotedTail,
    Channel,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Speech {
    pub id: String,
    pub kind: SpeechKind,
    /// Takes reported words without "that".
    pub bare: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ModifierKind {
    Negation,
    Hedge,
    Future,
    Condition,
}

impl ModifierKind {
    /// The kind's bit in a set of kinds ([`Lexicon::modifier_kinds`]).
    pub fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Modifier {
    pub id: SmolStr,
    pub kind: ModifierKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discard {
    pub id: String,
    pub article: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Topic {
    pub id: String,
    pub name: String,
}

/// The compiled lexicons: the one value every stage reads.
#[derive(Debug, Clone)]
pub struct Lexicon {
    pub actors: Vec<ActorEntry>,
    pub dates: Vec<DateWord>,
    pub predicates: Vec<Predicate>,
    pub speech: Vec<Speech>,
    pub modifiers: Vec<Modifier>,
    pub discards: Vec<Discard>,
    /// Topic entries' ids and names, indexed by [`NameTarget::entry`].
    pub topics: Vec<Topic>,
    pub refer_nouns: Vec<String>,
    /// Folded given name -> gender ('m' or 'f').
    pub given_names: FxHashMap<String, char>,
    /// Folded family name -> people of the lexicon with it ("bush" -> both presidents).
    pub surnames: FxHashMap<String, Vec<u32>>,
    /// Folded agent name -> its entry ("government", "army").
    pub agent_names: FxHashMap<String, u32>,
    /// ASCII-lowercased role of title entries -> their refer nouns, in entry order.
    title_refer: FxHashMap<String, Vec<String>>,
    /// Refer noun -> the title entries (indices into `actors`) whose holders it names.
    titles_by_refer: FxHashMap<String, Vec<u32>>,
    /// Folded description less one leading "the " -> (index into `actors`,
    /// whether the description had the "the "), in entry order.
    described_by: FxHashMap<String, Vec<(u32, bool)>>,
    pub predicate_patterns: PatternSet,
    pub speech_patterns: PatternSet,
    pub modifier_patterns: PatternSet,
    /// Per modifier word id: the [`ModifierKind::bit`]s of the patterns anchored on it.
    modifier_kinds: Vec<u8>,
    /// Every word form of the three pattern sets -> its id in each (predicate,
    /// modifier, speech): one lookup per token serves them all.
    word_ids: FxHashMap<String, [u32; 3]>,
    /// Single folded words that are reporting verbs ("said", "concluded").
    speech_words: FxHashSet<String>,
    /// First words of titles, agents and institutions ("army", "president").
    name_heads: FxHashSet<String>,
    /// The name automaton (a double-array Aho-Corasick: one array lookup per byte
    /// where the pointer-based NFA follows sparse transitions); its values are
    /// pattern ids.
    names: NameAutomaton,
    /// The folded names in `names`, by pattern id.
    name_patterns: Vec<String>,
    /// Per name pattern: its readings.
    name_targets: Vec<Vec<Reading>>,
    /// The entries as written, in load order, for dump and test.
    pub specs: Vec<Located>,
    pub inflections: Inflections,
    /// A digest of every file's content: stored with coded events.
    pub version: String,
    by_id: FxHashMap<String, usize>,
}

/// Where lexicon files come from.
#[derive(Debug, Clone, Default)]
pub struct LexiconSource {
    /// Include the built-in files.
    pub builtin: bool,
    /// User folders layered on top, in order.
    pub dirs: Vec<PathBuf>,
}

fn static_sector(s: &str) -> Option<&'static str> {
    SECTORS.iter().copied().find(|x| *x == s)
}

fn fnv(h: &mut u64, bytes: &[u8]) {
    for b in bytes {
        *h ^= u64::from(*b);
        *h = h.wrapping_mul(0x100000001b3);
    }
}

impl Lexicon {
    /// The built-in lexicons alone.
    pub fn builtin() -> Result<Lexicon, LexiconErrors> {
        Lexicon::load(&LexiconSource { builtin: true, dirs: Vec::new() })
    }

    /// Loads, validates and compiles. Every problem is reported at once.
    pub fn load(source: &LexiconSource) -> Result<Lexicon, LexiconErrors> {
        let mut files: Vec<(String, String, usize)> = Vec::new();
        if source.builtin {
            files.extend(load::builtin_files().iter().map(|(n, s)| (n.to_string(), s.to_string(), 0)));
        }
        let mut errors = Vec::new();
        for (i, dir) in source.dirs.iter().enumerate() {
            match load::read_dir(dir) {
                Ok(fs) => files.extend(fs.into_iter().map(|(n, s)| (n, s, i + 1))),
                Err(e) => errors.push(e),
            }
        }
        Lexicon::from_files(&files, errors)
    }

    /// Compiles from (file name, content, layer) triples.
    pub fn from_files(
        files: &[(String, String, usize)],
        mut errors: Vec<LexiconError>,
    ) -> Result<Lexicon, LexiconErrors> {
        let mut entries: Vec<Located> = Vec::new();
        let mut inflections = Inflections::new();
        let mut hash = 0xcbf29ce484222325u64;
        for (name, src, layer) in files {
            fnv(&mut hash, name.as_bytes());
            fnv(&mut hash, src.as_bytes());
            let parsed = load::parse_file(name, src, *layer);
            errors.extend(parsed.errors);
            for (origin, infl) in parsed.inflections {
                for (k, v) in infl {
                    match inflections.get(&k) {
                        Some(old) if *old != v && *layer == 0 => errors.push(LexiconError {
                            origin: origin.clone(),
                            id: None,
                            message: format!("inflections of `{k}` differ from an earlier file: {old:?} vs {v:?}"),
                        }),
                        _ => {
                            inflections.insert(k, v);
                        }
                    }
                }
            }
            entries.extend(parsed.entries);
        }
        // Layering: a later layer replaces an id; the same id twice in one layer is an error.
        let mut by_id: FxHashMap<String, usize> = FxHashMap::default();
        let mut merged: Vec<Option<Located>> = Vec::new();
        for l in entries {
            let id = l.entry.id().to_string();
            match by_id.get(&id) {
                Some(&k) => {
                    let prev = merged[k].as_ref().map(|p| (p.layer, p.origin.clone()));
                    match prev {
                        Some((layer, origin)) if layer == l.layer => errors.push(LexiconError {
                            origin: l.origin.clone(),
                            id: Some(id),
                            message: format!("duplicate id (first at {origin})"),
                        }),
                        _ => merged[k] = Some(l),
                    }
                }
                None => {
                    by_id.insert(id, merged.len());
                    merged.push(Some(l));
                }
            }
        }
        let specs: Vec<Located> = merged.into_iter().flatten().collect();
        validate::validate(&specs, &inflections, &mut errors);
        if !errors.is_empty() {
            errors.sort_by(|a, b| (&a.origin.file, a.origin.line).cmp(&(&b.origin.file, b.origin.line)));
            errors.dedup();
            return Err(LexiconErrors(errors));
        }
        Lexicon::compile(specs, inflections, format!("en-{hash:016x}"))
    }

    fn compile(specs: Vec<Located>, inflections: Inflections, version: String) -> Result<Lexicon, LexiconErrors> {
        let mut lx = Lexicon {
            actors: Vec::new(),
            dates: Vec::new(),
            predicates: Vec::new(),
            speech: Vec::new(),
            modifiers: Vec::new(),
            discards: Vec::new(),
            topics: Vec::new(),
            refer_nouns: Vec::new(),
            given_names: FxHashMap::default(),
            surnames: FxHashMap::default(),
            agent_names: FxHashMap::default(),
            title_refer: FxHashMap::default(),
            titles_by_refer: FxHashMap::default(),
            described_by: FxHashMap::default(),
            predicate_patterns: PatternSet::default(),
            speech_patterns: PatternSet::default(),
            modifier_patterns: PatternSet::default(),
            modifier_kinds: Vec::new(),
            word_ids: FxHashMap::default(),
            speech_words: Default::default(),
            name_heads: Default::default(),
            names: NameAutomaton(DoubleArrayAhoCorasick::new(["\u{0}"]).unwrap_or_else(|e| unreachable!("{e}"))),
            name_patterns: Vec::new(),
            name_targets: Vec::new(),
            specs: Vec::new(),
            inflections,
            version,
            by_id: FxHashMap::default(),
        };
        let mut names = NameTable::default();
        for (k, l) in specs.iter().enumerate() {
            lx.by_id.insert(l.entry.id().to_string(), k);
            lx.add(&l.entry, &mut names);
        }
        for (pattern, targets) in names.patterns.iter().zip(&names.targets) {
            if targets.iter().any(|(t, _)| {
                matches!(t.role, NameRole::Title | NameRole::Agent)
                    || t.role == NameRole::Name
                        && lx.actors.get(t.entry as usize).is_some_and(|a| a.kind == ActorKind::Institution)
            }) {
                if let Some(first) = pattern.split([' ', '.']).next() {
                    lx.name_heads.insert(first.to_string());
                }
            }
        }
        // Names are deduplicated and never empty, so only a lexicon too large for
        // the double array's 32-bit offsets can fail here.
        lx.names = NameAutomaton(automaton(&names.patterns).map_err(|e| {
            // Not one entry's fault: named after the first file, line 0.
            let file = specs.first().map_or_else(|| "lexicon".to_string(), |l| l.origin.file.clone());
            let origin = Origin { file, line: 0 };
            LexiconErrors(vec![LexiconError { origin, id: None, message: format!("building the name automaton: {e}") }])
        })?);
        lx.name_patterns = names.patterns;
        lx.name_targets = names.targets;
        for (k, a) in lx.actors.iter().enumerate() {
            if a.kind == ActorKind::Title {
                if let Some(role) = &a.role {
                    lx.title_refer.entry(role.to_ascii_lowercase()).or_default().extend(a.refer.iter().cloned());
                }
                for r in &a.refer {
                    let list = lx.titles_by_refer.entry(r.clone()).or_default();
                    if list.last() != Some(&(k as u32)) {
                        list.push(k as u32);
                    }
                }
            }
            for d in &a.descriptions {
                let (key, the) = d.strip_prefix("the ").map_or((d.as_str(), false), |rest| (rest, true));
                lx.described_by.entry(key.to_string()).or_default().push((k as u32, the));
            }
        }
        lx.modifier_kinds = (0..lx.modifier_patterns.vocab_len() as u32)
            .map(|id| {
                let anchored = lx.modifier_patterns.anchored_on(id);
                anchored.iter().fold(0, |bits, &k| bits | lx.modifiers[lx.modifier_patterns.patterns[k].0].kind.bit())
            })
            .collect();
        for (j, set) in [&lx.predicate_patterns, &lx.modifier_patterns, &lx.speech_patterns].into_iter().enumerate() {
            for form in set.forms() {
                lx.word_ids.entry(form.to_string()).or_insert([pattern::UNKNOWN; 3])[j] = set.word_id(form);
            }
        }
        lx.specs = specs;
        Ok(lx)
    }

    /// Each token's word ids in the predicate, modifier and speech pattern sets
    /// (as their `word_id` gives them), with one lookup per token.
    pub fn token_ids(&self, text: &Text) -> TokenIds {
        let n = text.tokens.len();
        let mut ids = TokenIds {
            predicate: Vec::with_capacity(n),
            modifier: Vec::with_capacity(n),
            speech: Vec::with_capacity(n),
        };
        for t in 0..n {
            let [p, m, s] = self.word_ids.get(text.norm(t)).copied().unwrap_or([pattern::UNKNOWN; 3]);
            ids.predicate.push(p);
            ids.modifier.push(m);
            ids.speech.push(s);
        }
        ids
    }

    /// The kinds of modifier pattern anchored on a modifier word id
    /// ([`PatternSet::word_id`] of `modifier_patterns`), as [`ModifierKind::bit`]s.
    pub fn modifier_kinds(&self, id: u32) -> u8 {
        self.modifier_kinds.get(id as usize).copied().unwrap_or(0)
    }

    fn add(&mut self, entry: &EntrySpec, names: &mut NameTable) {
        let actor_index = self.actors.len() as u32;
        let offices = |v: &[OfficeSpec]| -> Vec<Office> {
            v.iter()
                .map(|o| Office {
                    code: SmolStr::new(&o.code),
                    sector: o.sector.as_deref().and_then(static_sector),
                    role: o.role.as_deref().filter(|r| !r.is_empty()).map(SmolStr::new),
                    from: o.from.as_deref().and_then(parse_date),
                    to: o.to.as_deref().and_then(parse_date),
                })
                .collect()
        };
        let ambiguities = |amb: &[AmbiguousSpec]| -> Vec<Ambiguity> {
            amb.iter()
                .map(|a| Ambiguity {
                    name: a.name.clone(),
                    veto: a.veto.iter().map(|v| fold_str(v)).collect(),
                    context: a.context.iter().map(|v| fold_str(v)).collect(),
                    default: a.default,
                    role: match a.kind.as_deref() {
                        Some("adjective") => NameRole::Adjective,
                        Some("demonym") => NameRole::Demonym,
                        Some("capital") => NameRole::Capital,
                        _ => NameRole::Name,
                    },
                })
                .collect()
        };
        let fold_all = |v: &[String]| v.iter().map(|d| fold_str(d)).collect::<Vec<_>>();
        let mut actor = ActorEntry {
            id: SmolStr::new(entry.id()),
            kind: ActorKind::State,
            code: SmolStr::default(),
            sector: None,
            name: SmolStr::default(),
            role: None,
            descriptions: Vec::new(),
            refer: Vec::new(),
            offices: Vec::new(),
            plural: false,
            courtesy: false,
            gender: None,
            parent: None,
            ambiguous: Vec::new(),
        };
        let plain = |names: &mut NameTable, list: &[String], role: NameRole| {
            for n in list {
                names.add(n, NameTarget::new(actor_index, role));
            }
        };
        match entry {
            EntrySpec::State(s) => {
                actor.code = SmolStr::new(&s.code);
                actor.name = SmolStr::new(&s.name);
                actor.ambiguous = ambiguities(&s.ambiguous);
                // The display name counts as a name unless it is one of the ambiguous ones.
                if !s.ambiguous.iter().any(|a| fold_pattern(&a.name).0 == fold_pattern(&s.name).0) {
                    names.add(&s.name, NameTarget::new(actor_index, NameRole::Name));
                }
                plain(names, &s.names, NameRole::Name);
                plain(names, &s.adjectives, NameRole::Adjective);
                plain(names, &s.demonyms, NameRole::Demonym);
                plain(names, &s.capitals, NameRole::Capital);
                for seat in &s.seats {
                    let mut t = NameTarget::new(actor_index, NameRole::Seat);
                    t.sector = static_sector(&seat.sector);
                    names.add(&seat.name, t);
                }
            }
            EntrySpec::Organization(o) => {
                actor.kind = ActorKind::Organization;
                actor.code = SmolStr::new(&o.code);
                actor.name = SmolStr::new(&o.name);
                actor.role = o.role.as_deref().map(SmolStr::new);
                actor.sector = static_sector(o.sector.as_deref().unwrap_or("IGO"));
                actor.descriptions = fold_all(&o.descriptions);
                actor.parent = o.parent.clone();
                actor.ambiguous = ambiguities(&o.ambiguous);
                names.add(&o.name, NameTarget::new(actor_index, NameRole::Name));
                plain(names, &o.names, NameRole::Name);
                plain(names, &o.adjectives, NameRole::Adjective);
                plain(names, &o.descriptions, NameRole::Description);
            }
            EntrySpec::Institution(i) => {
                actor.kind = ActorKind::Institution;
                actor.code = SmolStr::new(i.code.as_deref().unwrap_or_default());
                actor.sector = i.sector.as_deref().and_then(static_sector);
                actor.name = SmolStr::new(&i.name);
                actor.descriptions = fold_all(&i.descriptions);
                actor.offices = offices(&i.valid);
                actor.ambiguous = ambiguities(&i.ambiguous);
                names.add(&i.name, NameTarget::new(actor_index, NameRole::Name));
                plain(names, &i.names, NameRole::Name);
                plain(names, &i.descriptions, NameRole::Description);
            }
            EntrySpec::Agent(a) => {
                actor.kind = ActorKind::Agent;
                actor.code = SmolStr::new(a.default_code.as_deref().unwrap_or_default());
                actor.sector = static_sector(&a.sector);
                actor.name = SmolStr::new(a.names.first().map_or("", String::as_str));
                actor.plural = a.plural;
                plain(names, &a.names, NameRole::Agent);
                for n in &a.names {
                    self.agent_names.entry(fold_str(n)).or_insert(actor_index);
                }
            }
            EntrySpec::Title(t) => {
                actor.kind = ActorKind::Title;
                actor.code = SmolStr::new(t.default_code.as_deref().unwrap_or_default());
                actor.sector = static_sector(&t.sector);
                actor.name = SmolStr::new(&t.role);
                actor.role = Some(SmolStr::new(&t.role)).filter(|r| !r.is_empty());
                actor.courtesy = t.courtesy;
                actor.refer = fold_all(&t.refer);
                plain(names, &t.names, NameRole::Title);
                for r in &actor.refer {
                    let k = match self.refer_nouns.iter().position(|x| x == r) {
                        Some(k) => k,
                        None => {
                            self.refer_nouns.push(r.clone());
                            self.refer_nouns.len() - 1
                        }
                    };
                    // The noun alone: "the" is checked in context, so "the mayor of Nablus"
                    // stays a title while "the diplomat concluded" refers back.
                    if names.targets_of(r).is_none_or(|ts| !ts.iter().any(|(t, _)| t.role == NameRole::Refer)) {
                        names.add(r, NameTarget::new(k as u32, NameRole::Refer));
                    }
                }
            }
            EntrySpec::Person(p) => {
                actor.kind = ActorKind::Person;
                actor.name = SmolStr::new(&p.name);
                actor.offices = offices(&p.offices);
                actor.code = actor.offices.first().map(|o| o.code.clone()).unwrap_or_default();
                actor.gender = p.gender.as_deref().and_then(|g| g.chars().next());
                names.add(&p.name, NameTarget::new(actor_index, NameRole::Name));
                plain(names, &p.aliases, NameRole::Name);
                for n in std::iter::once(&p.name).chain(&p.aliases) {
                    if let Some(last) = n.split_whitespace().last().filter(|_| n.split_whitespace().count() > 1) {
                        let list = self.surnames.entry(fold_str(last)).or_default();
                        if !list.contains(&actor_index) {
                            list.push(actor_index);
                        }
                    }
                }
            }
            EntrySpec::Month(m) | EntrySpec::Weekday(m) => {
                let kind = if matches!(entry, EntrySpec::Month(_)) {
                    DateWordKind::Month(m.number as u32)
                } else {
                    DateWordKind::Weekday(m.number as u32)
                };
                let role = if matches!(kind, DateWordKind::Month(_)) { NameRole::Month } else { NameRole::Weekday };
                let k = self.dates.len() as u32;
                for n in &m.names {
                    names.add(n, NameTarget::new(k, role));
                }
                self.dates.push(DateWord { id: m.id.clone(), kind });
                return;
            }
            EntrySpec::Relative(r) => {
                let precision = match r.precision.as_deref() {
                    Some("week") => Precision::Week,
                    Some("month") => Precision::Month,
                    Some("year") => Precision::Year,
                    _ => Precision::Day,
                };
                let kind = DateWordKind::Relative {
                    days: r.days,
                    from_previous: r.anchor.as_deref() == Some("previous"),
                    precision,
                };
                let k = self.dates.len() as u32;
                for n in &r.names {
                    names.add(n, NameTarget::new(k, NameRole::Relative));
                }
                self.dates.push(DateWord { id: r.id.clone(), kind });
                return;
            }
            EntrySpec::Number(n) => {
                let k = self.dates.len() as u32;
                for name in &n.names {
                    names.add(name, NameTarget::new(k, NameRole::Number));
                }
                self.dates.push(DateWord { id: n.id.clone(), kind: DateWordKind::Number(n.value) });
                return;
            }
            EntrySpec::Given(g) => {
                let gender = if g.gender == "f" { 'f' } else { 'm' };
                for n in &g.names {
                    self.given_names.insert(fold_str(n), gender);
                }
                return;
            }
            EntrySpec::Speech(s) => {
                let kind = match s.kind.as_deref() {
                    Some("source") => SpeechKind::Source,
                    Some("quoted") => SpeechKind::Quoted,
                    Some("quoted-tail") => SpeechKind::QuotedTail,
                    Some("channel") => SpeechKind::Channel,
                    _ => SpeechKind::Verb,
                };
                let k = self.speech.len();
                for p in &s.patterns {
                    if let Ok(pat) = Pattern::parse(p, &self.inflections) {
                        if kind == SpeechKind::Verb && pat.items.len() == 1 {
                            for a in pat.anchors() {
                                self.speech_words.insert(a.to_string());
                            }
                        }
                        self.speech_patterns.push(k, pat);
                    }
                }
                self.speech.push(Speech { id: s.id.clone(), kind, bare: s.bare });
                return;
            }
            EntrySpec::Predicate(p) => {
                let k = self.predicates.len();
                for pat in &p.patterns {
                    if let Ok(pat) = Pattern::parse(pat, &self.inflections) {
                        self.predicate_patterns.push(k, pat);
                    }
                }
                self.predicates.push(Predicate {
                    id: SmolStr::new(&p.id),
                    code: if p.code.len() == 2 { format!("{}0", p.code) } else { p.code.clone() },
                    swap: p.swap,
                    no_target: p.target.as_deref() == Some("none"),
                    source_speaker: p.source.as_deref() == Some("speaker"),
                });
                return;
            }
            EntrySpec::Modifier(m) => {
                let kind = match m.kind.as_str() {
                    "negation" => ModifierKind::Negation,
                    "hedge" => ModifierKind::Hedge,
                    "future" => ModifierKind::Future,
                    _ => ModifierKind::Condition,
                };
                let k = self.modifiers.len();
                for p in &m.patterns {
                    if let Ok(pat) = Pattern::parse(p, &self.inflections) {
                        self.modifier_patterns.push(k, pat);
                    }
                }
                self.modifiers.push(Modifier { id: SmolStr::new(&m.id), kind });
                return;
            }
            EntrySpec::Discard(d) => {
                let k = self.discards.len() as u32;
                for t in &d.terms {
                    names.add(t, NameTarget::new(k, NameRole::Discard));
                }
                self.discards.push(Discard { id: d.id.clone(), article: d.scope.as_deref() == Some("article") });
                return;
            }
            EntrySpec::Topic(t) => {
                let k = self.topics.len() as u32;
                for term in &t.terms {
                    names.add(term, NameTarget::new(k, NameRole::Topic));
                }
                self.topics.push(Topic { id: t.id.clone(), name: t.name.clone() });
                return;
            }
        }
        for (i, a) in actor.ambiguous.iter().enumerate() {
            let mut t = NameTarget::new(actor_index, a.role);
            t.ambiguity = Some(i as u16);
            names.add(&a.name, t);
        }
        self.actors.push(actor);
    }

    /// Every name of the lexicons found in a folded text, overlapping,
    /// filtered by word boundaries and by case.
    pub fn find_names(&self, folded: &Folded) -> Vec<NameMatch> {
        let text = folded.as_str();
        // Whether the char ending at / starting at byte `i` is alphanumeric. An ASCII
        // byte is a whole char, and for it `char::is_alphanumeric` is
        // `u8::is_ascii_alphanumeric`: it is judged on the byte; any other byte
        // goes through char decoding, as before.
        #[inline(always)]
        fn alnum_before(text: &str, i: usize) -> bool {
            match i.checked_sub(1).map(|k| text.as_bytes()[k]) {
                None => false,
                Some(b) if b.is_ascii() => b.is_ascii_alphanumeric(),
                Some(_) => text[..i].chars().next_back().is_some_and(char::is_alphanumeric),
            }
        }
        #[inline(always)]
        fn alnum_at(text: &str, i: usize) -> bool {
            match text.as_bytes().get(i) {
                None => false,
                Some(b) if b.is_ascii() => b.is_ascii_alphanumeric(),
                Some(_) => text[i..].chars().next().is_some_and(char::is_alphanumeric),
            }
        }
        // About one name in twenty bytes of news text: grown a few times at most.
        let mut out = Vec::with_capacity(text.len() / 16);
        for m in self.names.0.find_overlapping_iter(text) {
            let (s, e) = (m.start(), m.end());
            debug_assert!(out.last().is_none_or(|l: &NameMatch| (l.fend, l.fstart) < (e, s)), "by end, then start");
            // Word boundaries, judged only where the name itself starts or ends with a word char
            // (the name's first char is the one at `s`, its last the one before `e`).
            if (alnum_before(text, s) && alnum_at(text, s)) || (alnum_at(text, e) && alnum_before(text, e)) {
                continue;
            }
            let mut targets = NameTargets::new();
            for (t, upper) in &self.name_targets[m.value() as usize] {
                if upper.iter().all(|&u| folded.is_upper(s + u as usize)) {
                    targets.push(*t);
                }
            }
            if !targets.is_empty() {
                out.push(NameMatch { fstart: s, fend: e, targets });
            }
        }
        out
    }

    /// The refer nouns of the title entries whose role is `role` (ASCII case
    /// ignored), in entry order: "Foreign Minister" -> diplomat, minister.
    pub fn title_refer(&self, role: &str) -> &[String] {
        self.title_refer.get(&role.to_ascii_lowercase()).map_or(&[], Vec::as_slice)
    }

    /// The title entries (indices into `actors`, in order) whose holders a
    /// refer noun names: "minister" -> the foreign minister, the defence minister...
    pub fn titles_referred_by(&self, noun: &str) -> &[u32] {
        self.titles_by_refer.get(noun).map_or(&[], Vec::as_slice)
    }

    /// The entries (indices into `actors`, in order, each once) with a
    /// description that is the folded `phrase`, or is it with "the " put
    /// before or taken off the front: "the alliance" and "alliance" both find
    /// an entry described as "the alliance"; "the alliance" does not find one
    /// described as "alliance".
    pub fn described_as(&self, phrase: &str) -> Vec<usize> {
        let (key, with_the) = phrase.strip_prefix("the ").map_or((phrase, false), |rest| (rest, true));
        let mut out: Vec<usize> = self
            .described_by
            .get(key)
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .filter(|&&(_, the)| the || !with_the)
            .map(|&(k, _)| k as usize)
            .collect();
        out.dedup();
        out
    }

    /// The benchmarks' bare scan: an automaton built like the name automaton
    /// over every string of [`Lexicon::scan_patterns`], and how many there are.
    pub fn scan_automaton(&self) -> Result<(DoubleArrayAhoCorasick<u32>, usize), daachorse::errors::DaachorseError> {
        let patterns = self.scan_patterns();
        Ok((automaton(&patterns)?, patterns.len()))
    }

    /// Every string the lexicons search text for: the folded names of the
    /// name automaton and each word form of the predicate, speech and
    /// modifier patterns. The benchmark's bare scan uses them all.
    pub fn scan_patterns(&self) -> Vec<String> {
        let mut out = self.name_patterns.clone();
        for set in [&self.predicate_patterns, &self.speech_patterns, &self.modifier_patterns] {
            out.extend(set.forms().map(str::to_string));
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Whether a folded single word is a reporting verb ("said", "concluded").
    pub fn is_speech_word(&self, word: &str) -> bool {
        self.speech_words.contains(word)
    }

    pub fn is_name_head(&self, word: &str) -> bool {
        self.name_heads.contains(word)
    }

    /// The spec of an entry by id.
    pub fn spec(&self, id: &str) -> Option<&Located> {
        self.by_id.get(id).map(|&k| &self.specs[k])
    }

    pub fn entry_count(&self) -> usize {
        self.specs.len()
    }
}

impl NameTarget {
    fn new(entry: u32, role: NameRole) -> NameTarget {
        NameTarget { entry, role, sector: None, ambiguity: None }
    }
}

/// Per token of a text: its word id in each pattern set ([`pattern::UNKNOWN`]
/// where the set does not name it), from [`Lexicon::token_ids`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TokenIds {
    pub predicate: Vec<u32>,
    pub modifier: Vec<u32>,
    pub speech: Vec<u32>,
}

/// An automaton over `patterns` whose values are pattern ids, for overlapping
/// search (the standard match kind: every match, not only the leftmost).
fn automaton(patterns: &[String]) -> Result<DoubleArrayAhoCorasick<u32>, daachorse::errors::DaachorseError> {
    daachorse::DoubleArrayAhoCorasickBuilder::new().match_kind(daachorse::MatchKind::Standard).build(patterns)
}

/// The name automaton, with a `Debug` that gives its size, not its arrays.
#[derive(Clone)]
struct NameAutomaton(DoubleArrayAhoCorasick<u32>);

impl std::fmt::Debug for NameAutomaton {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "NameAutomaton({} bytes)", self.0.heap_bytes())
    }
}

/// Names being collected for the automaton, deduplicated by folded form.
#[derive(Default)]
struct NameTable {
    patterns: Vec<String>,
    targets: Vec<Vec<Reading>>,
    index: FxHashMap<String, usize>,
}

impl NameTable {
    fn add(&mut self, name: &str, target: NameTarget) {
        let (folded, upper) = fold_pattern(name);
        if folded.is_empty() {
            return;
        }
        let upper: Box<[u16]> = upper.iter().enumerate().filter(|(_, u)| **u).map(|(i, _)| i as u16).collect();
        let k = *self.index.entry(folded.clone()).or_insert_with(|| {
            self.patterns.push(folded);
            self.targets.push(Vec::new());
            self.patterns.len() - 1
        });
        let reading = (target, upper);
        if !self.targets[k].contains(&reading) {
            self.targets[k].push(reading);
        }
    }

    fn targets_of(&self, name: &str) -> Option<&Vec<Reading>> {
        let (folded, _) = fold_pattern(name);
        self.index.get(&folded).map(|&k| &self.targets[k])
    }
}

impl crate::text::Hints for Lexicon {
    fn is_speech(&self, word: &str) -> bool {
        self.is_speech_word(word)
    }
    fn is_name_head(&self, word: &str) -> bool {
        Lexicon::is_name_head(self, word)
    }
}
