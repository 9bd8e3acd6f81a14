//! Validation: every problem in a lexicon set, found at once.

use super::load::LexiconError;
use super::pattern::Pattern;
use super::spec::*;
use crate::ontology;
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};

pub const SECTORS: &[&str] = &[
    "GOV", "MIL", "COP", "SPY", "LEG", "JUD", "OPP", "REB", "PTY", "MED", "BUS", "NGO", "CVL", "LAB", "EDU", "REL",
    "ELI", "IGO", "UNK", "REF", "HLH", "AGR", "CRM", "DEV", "ENV", "HRI", "PRE", "UAF", "SEP", "INS", "JRN", "SPC",
];

pub fn valid_sector(s: &str) -> bool {
    SECTORS.contains(&s)
}

pub fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// Checks a merged set of entries (already layered: one entry per id).
pub fn validate(entries: &[Located], inflections: &Inflections, errors: &mut Vec<LexiconError>) {
    let err = |errors: &mut Vec<LexiconError>, l: &Located, message: String| {
        errors.push(LexiconError { origin: l.origin.clone(), id: Some(l.entry.id().to_string()), message });
    };
    // Codes that actors may refer to.
    let mut known: HashSet<String> = HashSet::from(["---".to_string()]);
    for l in entries {
        match &l.entry {
            EntrySpec::State(s) => {
                known.insert(s.code.clone());
            }
            EntrySpec::Organization(o) => {
                known.insert(o.code.clone());
            }
            _ => {}
        }
    }
    let check_code = |code: &str| -> Option<String> {
        (!known.contains(code)).then(|| format!("unknown code `{code}` (not a state or organization in the lexicons)"))
    };
    let check_sector = |s: &str| -> Option<String> { (!valid_sector(s)).then(|| format!("unknown sector `{s}`")) };
    let mut names: HashMap<String, (String, String, String)> = HashMap::new(); // name -> (code, id, origin)
    let mut given: HashMap<String, (String, String)> = HashMap::new(); // folded given name -> (gender, id)
    let mut patterns: HashMap<String, String> = HashMap::new();
    for l in entries {
        let id = l.entry.id();
        if id.trim().is_empty() {
            err(errors, l, "empty id".into());
        }
        let mut plain: Vec<&str> = Vec::new(); // names that must be unique across actor entries
        let mut code_of = String::new();
        match &l.entry {
            EntrySpec::State(s) => {
                if !(s.code.len() == 3 && s.code.bytes().all(|b| b.is_ascii_uppercase())) {
                    err(errors, l, format!("state code `{}` is not ISO 3166-1 alpha-3", s.code));
                }
                for seat in &s.seats {
                    if let Some(m) = check_sector(&seat.sector) {
                        err(errors, l, format!("seat `{}`: {m}", seat.name));
                    }
                }
                plain.extend(
                    s.names.iter().chain(&s.adjectives).chain(&s.demonyms).chain(&s.capitals).map(String::as_str),
                );
                plain.extend(s.seats.iter().map(|x| x.name.as_str()));
                code_of = s.code.clone();
                check_ambiguous(l, &s.ambiguous, errors);
            }
            EntrySpec::Organization(o) => {
                if o.code.is_empty()
                    || !o.code.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-')
                {
                    err(errors, l, format!("organization code `{}` must be an acronym in capitals", o.code));
                }
                if let Some(m) = o.sector.as_deref().and_then(check_sector) {
                    err(errors, l, m);
                }
                if let Some(m) = o.parent.as_deref().and_then(check_code) {
                    err(errors, l, format!("parent: {m}"));
                }
                plain.extend(o.names.iter().chain(&o.adjectives).map(String::as_str));
                code_of = o.code.clone();
                check_ambiguous(l, &o.ambiguous, errors);
            }
            EntrySpec::Institution(i) => {
                match (&i.code, i.valid.is_empty()) {
                    (None, true) => err(errors, l, "institution needs `code` or `valid`".into()),
                    (Some(c), _) => {
                        if let Some(m) = check_code(c) {
                            err(errors, l, m);
                        }
                    }
                    _ => {}
                }
                if let Some(m) = i.sector.as_deref().and_then(check_sector) {
                    err(errors, l, m);
                }
                check_offices(l, &i.valid, &check_code, &check_sector, errors);
                plain.push(&i.name);
                plain.extend(i.names.iter().map(String::as_str));
                code_of = i.code.clone().or_else(|| i.valid.first().map(|v| v.code.clone())).unwrap_or_default();
                check_ambiguous(l, &i.ambiguous, errors);
            }
            EntrySpec::Agent(a) => {
                if let Some(m) = check_sector(&a.sector) {
                    err(errors, l, m);
                }
                if let Some(m) = a.default_code.as_deref().filter(|c| !c.is_empty()).and_then(check_code) {
                    err(errors, l, m);
                }
                plain.extend(a.names.iter().map(String::as_str));
                code_of = format!("agent:{}", a.sector);
            }
            EntrySpec::Title(t) => {
                if !t.sector.is_empty() {
                    if let Some(m) = check_sector(&t.sector) {
                        err(errors, l, m);
                    }
                }
                if let Some(m) = t.default_code.as_deref().filter(|c| !c.is_empty()).and_then(check_code) {
                    err(errors, l, m);
                }
                plain.extend(t.names.iter().map(String::as_str));
                code_of = format!("title:{}", t.id);
            }
            EntrySpec::Person(p) => {
                if p.offices.is_empty() {
                    err(errors, l, "person without offices".into());
                }
                if let Some(g) = p.gender.as_deref().filter(|g| !matches!(*g, "m" | "f" | "")) {
                    err(errors, l, format!("gender `{g}` must be m, f or empty"));
                }
                check_offices(l, &p.offices, &check_code, &check_sector, errors);
                plain.push(&p.name);
                plain.extend(p.aliases.iter().map(String::as_str));
                code_of = format!("person:{}", p.id);
            }
            EntrySpec::Month(m) => {
                if !(1..=12).contains(&m.number) {
                    err(errors, l, format!("month number {} is not 1..12", m.number));
                }
                empty_names(l, &m.names, errors);
            }
            EntrySpec::Weekday(w) => {
                if !(1..=7).contains(&w.number) {
                    err(errors, l, format!("weekday number {} is not 1..7 (Monday is 1)", w.number));
                }
                empty_names(l, &w.names, errors);
            }
            EntrySpec::Relative(r) => {
                if let Some(a) = r.anchor.as_deref().filter(|a| !matches!(*a, "published" | "previous")) {
                    err(errors, l, format!("anchor `{a}` must be published or previous"));
                }
                if let Some(p) = r.precision.as_deref().filter(|p| !matches!(*p, "day" | "week" | "month" | "year")) {
                    err(errors, l, format!("precision `{p}` must be day, week, month or year"));
                }
                empty_names(l, &r.names, errors);
            }
            EntrySpec::Number(n) => empty_names(l, &n.names, errors),
            EntrySpec::Given(g) => {
                if !matches!(g.gender.as_str(), "m" | "f") {
                    err(errors, l, format!("gender `{}` must be m or f", g.gender));
                }
                empty_names(l, &g.names, errors);
                for n in &g.names {
                    let key = crate::text::fold_str(n);
                    match given.get(&key) {
                        Some((gender, other)) if *gender != g.gender => {
                            err(errors, l, format!("given name `{n}` is also listed with gender {gender} in {other}"))
                        }
                        _ => {
                            given.insert(key, (g.gender.clone(), id.to_string()));
                        }
                    }
                }
            }
            EntrySpec::Speech(s) => {
                if let Some(k) = s
                    .kind
                    .as_deref()
                    .filter(|k| !matches!(*k, "verb" | "source" | "quoted" | "quoted-tail" | "channel"))
                {
                    err(errors, l, format!("speech kind `{k}` must be verb, source, quoted, quoted-tail or channel"));
                }
                check_patterns(l, &s.patterns, inflections, None, errors);
            }
            EntrySpec::Predicate(p) => {
                if ontology::lookup(&p.code).is_none() {
                    err(errors, l, format!("unknown CAMEO code `{}`", p.code));
                }
                if let Some(t) = p.target.as_deref().filter(|t| *t != "none") {
                    err(errors, l, format!("target `{t}` must be none (or absent)"));
                }
                if let Some(s) = p.source.as_deref().filter(|s| *s != "speaker") {
                    err(errors, l, format!("source `{s}` must be speaker (or absent)"));
                }
                check_patterns(l, &p.patterns, inflections, Some(&mut patterns), errors);
            }
            EntrySpec::Discard(d) => {
                if let Some(s) = d.scope.as_deref().filter(|s| !matches!(*s, "sentence" | "article")) {
                    err(errors, l, format!("scope `{s}` must be sentence or article"));
                }
                if d.terms.is_empty() {
                    err(errors, l, "discard without terms".into());
                }
                empty_names(l, &d.terms, errors);
            }
            EntrySpec::Topic(t) => {
                if t.name.trim().is_empty() {
                    err(errors, l, "topic without a name".into());
                }
                if t.terms.is_empty() {
                    err(errors, l, "topic without terms".into());
                }
                empty_names(l, &t.terms, errors);
            }
            EntrySpec::Modifier(m) => {
                if !matches!(m.kind.as_str(), "negation" | "hedge" | "future" | "condition") {
                    err(errors, l, format!("modifier kind `{}` must be negation, hedge, future or condition", m.kind));
                }
                check_patterns(l, &m.patterns, inflections, None, errors);
            }
        }
        empty_names(l, &plain.iter().map(|s| s.to_string()).collect::<Vec<_>>(), errors);
        let mut seen_here = HashSet::new();
        for n in plain {
            let key = name_key(n);
            if key.is_empty() || !seen_here.insert(key.clone()) {
                continue;
            }
            match names.get(&key) {
                Some((code, other, origin)) if *code != code_of || other != id => {
                    err(errors, l, format!("conflicting alias `{n}`: also in {other} ({origin})"));
                }
                Some(_) => {}
                None => {
                    names.insert(key, (code_of.clone(), id.to_string(), l.origin.to_string()));
                }
            }
        }
        for ex in l.entry.examples() {
            if ex.text.trim().is_empty() {
                err(errors, l, "example with empty text".into());
            }
            if let Some(d) = ex.date.as_deref().filter(|d| parse_date(d).is_none()) {
                err(errors, l, format!("example date `{d}` is not YYYY-MM-DD"));
            }
            if let Some(s) = ex.sector.as_deref().filter(|s| !s.is_empty()).and_then(check_sector) {
                err(errors, l, format!("example: {s}"));
            }
            // A predicate example's `code` is a CAMEO code; elsewhere it is an actor code.
            let is_predicate = matches!(l.entry, EntrySpec::Predicate(_));
            if let Some(c) =
                ex.code.as_deref().filter(|c| is_predicate && !c.is_empty() && ontology::lookup(c).is_none())
            {
                err(errors, l, format!("example: unknown CAMEO code `{c}`"));
            }
            let codes = ex
                .code
                .iter()
                .filter(|_| !is_predicate)
                .cloned()
                .chain(ex.source.iter().flat_map(Codes::to_vec))
                .chain(ex.target.iter().flat_map(Codes::to_vec));
            for c in codes.filter(|c| !c.is_empty()) {
                if let Some(m) = check_code(&c) {
                    err(errors, l, format!("example: {m}"));
                }
            }
        }
    }
}

/// The key under which two names conflict: folded, with its case marks.
fn name_key(name: &str) -> String {
    let (folded, upper) = crate::text::fold::fold_pattern(name);
    let folded = folded.strip_prefix("the ").unwrap_or(&folded).to_string();
    let offset = if upper.len() > folded.len() { upper.len() - folded.len() } else { 0 };
    folded
        .char_indices()
        .map(|(i, c)| if upper.get(i + offset).copied().unwrap_or(false) { c.to_ascii_uppercase() } else { c })
        .collect()
}

fn empty_names(l: &Located, names: &[String], errors: &mut Vec<LexiconError>) {
    for n in names {
        if n.trim().is_empty() {
            errors.push(LexiconError {
                origin: l.origin.clone(),
                id: Some(l.entry.id().to_string()),
                message: "empty name".into(),
            });
        }
    }
}

fn check_ambiguous(l: &Located, amb: &[AmbiguousSpec], errors: &mut Vec<LexiconError>) {
    for a in amb {
        if a.name.trim().is_empty() {
            errors.push(LexiconError {
                origin: l.origin.clone(),
                id: Some(l.entry.id().to_string()),
                message: "empty ambiguous name".into(),
            });
        }
        if let Some(k) = a.kind.as_deref().filter(|k| !matches!(*k, "name" | "adjective" | "demonym" | "capital")) {
            errors.push(LexiconError {
                origin: l.origin.clone(),
                id: Some(l.entry.id().to_string()),
                message: format!("ambiguous `{}`: kind `{k}` must be name, adjective, demonym or capital", a.name),
            });
        }
    }
}

fn check_offices(
    l: &Located,
    offices: &[OfficeSpec],
    check_code: &dyn Fn(&str) -> Option<String>,
    check_sector: &dyn Fn(&str) -> Option<String>,
    errors: &mut Vec<LexiconError>,
) {
    let mut e = |m: String| {
        errors.push(LexiconError { origin: l.origin.clone(), id: Some(l.entry.id().to_string()), message: m })
    };
    for o in offices {
        if let Some(m) = check_code(&o.code) {
            e(m);
        }
        if let Some(m) = o.sector.as_deref().and_then(check_sector) {
            e(m);
        }
        let from = o.from.as_deref().map(|d| (d, parse_date(d)));
        let to = o.to.as_deref().map(|d| (d, parse_date(d)));
        for (d, p) in from.iter().chain(to.iter()) {
            if p.is_none() {
                e(format!("bad date `{d}` (expected YYYY-MM-DD)"));
            }
        }
        if let (Some((_, Some(f))), Some((_, Some(t)))) = (from, to) {
            if f > t {
                e(format!("office `{}` ends ({t}) before it starts ({f})", o.role.as_deref().unwrap_or(&o.code)));
            }
        }
    }
}

fn check_patterns(
    l: &Located,
    pats: &[String],
    inflections: &Inflections,
    mut seen: Option<&mut HashMap<String, String>>,
    errors: &mut Vec<LexiconError>,
) {
    let mut e = |m: String| {
        errors.push(LexiconError { origin: l.origin.clone(), id: Some(l.entry.id().to_string()), message: m })
    };
    if pats.is_empty() {
        e("no patterns".into());
    }
    for p in pats {
        if let Err(m) = Pattern::parse(p, inflections) {
            e(format!("pattern `{p}`: {m}"));
        }
        if let Some(seen) = seen.as_deref_mut() {
            let key = p.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
            match seen.get(&key) {
                Some(other) if other != l.entry.id() => e(format!("pattern `{p}` also in {other}")),
                _ => {
                    seen.insert(key, l.entry.id().to_string());
                }
            }
        }
    }
}
