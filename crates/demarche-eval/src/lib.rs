//! demarche-eval: scoring coded events against gold files.
//!
//! Implements the scoring of `eval/FORMAT.md` (gold format v1): a predicted
//! event matches a gold event when the CAMEO root matches (`cameo` or
//! `cameo_alt`), the source sets intersect, the target sets intersect (or
//! both are empty) and the dates agree (or the gold date is null). Within an
//! article, predictions and gold events are paired by a maximum matching,
//! required gold events first, then optional ones; optional matches count
//! neither way. Lenient scoring drops the target and date conditions. It
//! also scores people (normalized name and actor code) and quotes (speaker
//! and opening words). It does no coding itself: callers pass predictions.
#![cfg_attr(test, allow(clippy::unwrap_used))]

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// One gold event.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
pub struct GoldEvent {
    #[serde(default)]
    pub sentence: String,
    #[serde(default, deserialize_with = "codes")]
    pub source: Vec<String>,
    #[serde(default)]
    pub source_name: Option<String>,
    #[serde(default, deserialize_with = "codes")]
    pub target: Vec<String>,
    pub cameo: String,
    #[serde(default)]
    pub cameo_alt: Vec<String>,
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub optional: bool,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
pub struct GoldPerson {
    pub name: String,
    pub actor: String,
    #[serde(default)]
    pub title: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
pub struct GoldQuote {
    pub speaker: String,
    #[serde(default)]
    pub actor: Option<String>,
    pub starts_with: String,
}

/// A gold article: the article fields plus what a coder extracts.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
pub struct GoldArticle {
    pub id: String,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub published: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub text_file: Option<String>,
    #[serde(default)]
    pub events: Vec<GoldEvent>,
    /// `None` when the file does not annotate people (then they are not scored).
    #[serde(default)]
    pub people: Option<Vec<GoldPerson>>,
    #[serde(default)]
    pub quotes: Option<Vec<GoldQuote>>,
}

/// A string or a list of strings.
fn codes<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
        Null,
    }
    Ok(match Option::<OneOrMany>::deserialize(d)? {
        Some(OneOrMany::One(s)) => vec![s],
        Some(OneOrMany::Many(v)) => v,
        Some(OneOrMany::Null) | None => Vec::new(),
    })
}

/// A prediction in the FORMAT.md shape (more fields are ignored).
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
pub struct Prediction {
    pub article_id: String,
    #[serde(default, deserialize_with = "codes")]
    pub source: Vec<String>,
    #[serde(default, deserialize_with = "codes")]
    pub target: Vec<String>,
    pub cameo: String,
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub sentence: Option<String>,
    #[serde(default)]
    pub source_name: Option<String>,
}

/// A predicted person or quote, for the people and quote scores.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PredictedPerson {
    pub article_id: String,
    pub name: String,
    pub actor: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PredictedQuote {
    pub article_id: String,
    pub speaker: String,
    pub text: String,
}

#[derive(Debug, thiserror::Error)]
pub enum GoldError {
    #[error("{file}: cannot read: {source}")]
    Read { file: String, source: std::io::Error },
    #[error("{file}:{line}: not a gold article: {message}")]
    Parse { file: String, line: usize, message: String },
    #[error("{file}:{line}: text_file `{path}`: {source}")]
    TextFile { file: String, line: usize, path: String, source: std::io::Error },
    #[error("{file}:{line}: article `{id}` has neither text nor text_file")]
    NoText { file: String, line: usize, id: String },
}

/// Reads gold articles from a `.json` (one object) or `.jsonl` file,
/// resolving `text_file` against the file's folder.
pub fn read_gold(path: &Path) -> Result<Vec<GoldArticle>, GoldError> {
    let file = path.display().to_string();
    let src = std::fs::read_to_string(path).map_err(|source| GoldError::Read { file: file.clone(), source })?;
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."));
    let jsonl = path.extension().is_some_and(|e| e == "jsonl");
    let mut out = Vec::new();
    let records: Vec<(usize, &str)> = if jsonl {
        src.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()).map(|(i, l)| (i + 1, l)).collect()
    } else {
        vec![(1, src.as_str())]
    };
    for (line, rec) in records {
        let mut g: GoldArticle = serde_json::from_str(rec).map_err(|e| GoldError::Parse {
            file: file.clone(),
            line: if jsonl { line } else { e.line() },
            message: e.to_string(),
        })?;
        if g.text.as_deref().is_none_or(|t| t.trim().is_empty()) {
            match &g.text_file {
                Some(tf) => {
                    let p = dir.join(tf);
                    let text = std::fs::read_to_string(&p).map_err(|source| GoldError::TextFile {
                        file: file.clone(),
                        line,
                        path: p.display().to_string(),
                        source,
                    })?;
                    g.text = Some(text);
                }
                None => return Err(GoldError::NoText { file: file.clone(), line, id: g.id.clone() }),
            }
        }
        out.push(g);
    }
    Ok(out)
}

/// Precision, recall, F1 with their counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Prf {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Prf {
    pub fn new(tp: usize, fp: usize, fn_: usize) -> Prf {
        let precision = if tp + fp == 0 { 0.0 } else { tp as f64 / (tp + fp) as f64 };
        let recall = if tp + fn_ == 0 { 0.0 } else { tp as f64 / (tp + fn_) as f64 };
        let f1 = if precision + recall == 0.0 { 0.0 } else { 2.0 * precision * recall / (precision + recall) };
        // An article set with nothing to find and nothing found is perfect.
        if tp + fp + fn_ == 0 {
            return Prf { tp, fp, fn_, precision: 1.0, recall: 1.0, f1: 1.0 };
        }
        Prf { tp, fp, fn_, precision, recall, f1 }
    }
}

/// A gold event not found, or a prediction not in the gold.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Miss {
    pub article_id: String,
    pub sentence: String,
    pub cameo: String,
    pub source: Vec<String>,
    pub target: Vec<String>,
    pub date: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct Report {
    pub articles: usize,
    pub gold_events: usize,
    pub gold_required: usize,
    pub predictions: usize,
    pub strict: Prf,
    pub lenient: Prf,
    /// Strict scores per gold/predicted root.
    pub per_root: BTreeMap<String, Prf>,
    /// (gold root, predicted root or "none") -> count, pairing by sentence and source.
    pub confusion: BTreeMap<String, BTreeMap<String, usize>>,
    pub misses: Vec<Miss>,
    pub extras: Vec<Miss>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub people: Option<Prf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quotes: Option<Prf>,
}

fn root(code: &str) -> String {
    code.chars().take(2).collect()
}

fn intersects(a: &[String], b: &[String]) -> bool {
    a.iter().any(|x| b.contains(x))
}

fn matches(g: &GoldEvent, p: &Prediction, strict: bool) -> bool {
    let r = root(&p.cameo);
    let root_ok = root(&g.cameo) == r || g.cameo_alt.iter().any(|a| root(a) == r);
    if !root_ok || !intersects(&g.source, &p.source) {
        return false;
    }
    if !strict {
        return true;
    }
    let target_ok = (g.target.is_empty() && p.target.is_empty()) || intersects(&g.target, &p.target);
    let date_ok = match g.date.as_deref() {
        None | Some("") => true,
        Some(d) => p.date.as_deref() == Some(d),
    };
    target_ok && date_ok
}

/// Maximum bipartite matching (Kuhn). `edges[g]` lists the predictions gold `g` may take.
fn max_matching(edges: &[Vec<usize>], n_pred: usize, taken: &mut [Option<usize>]) -> Vec<Option<usize>> {
    fn augment(g: usize, edges: &[Vec<usize>], seen: &mut [bool], owner: &mut [Option<usize>]) -> bool {
        for &p in &edges[g] {
            if seen[p] {
                continue;
            }
            seen[p] = true;
            if owner[p].is_none_or(|o| augment(o, edges, seen, owner)) {
                owner[p] = Some(g);
                return true;
            }
        }
        false
    }
    let _ = n_pred;
    for g in 0..edges.len() {
        let mut seen: Vec<bool> = taken.iter().map(|t| t.is_some_and(|o| o == usize::MAX)).collect();
        augment(g, edges, &mut seen, taken);
    }
    let mut by_gold = vec![None; edges.len()];
    for (p, o) in taken.iter().enumerate() {
        if let Some(g) = *o {
            if g != usize::MAX {
                by_gold[g] = Some(p);
            }
        }
    }
    by_gold
}

/// Pairs one article's predictions with its gold events: (matched required, matched optional, predictions used).
fn pair(gold: &[GoldEvent], preds: &[&Prediction], strict: bool) -> (Vec<Option<usize>>, Vec<bool>) {
    let required: Vec<usize> = (0..gold.len()).filter(|&i| !gold[i].optional).collect();
    let optional: Vec<usize> = (0..gold.len()).filter(|&i| gold[i].optional).collect();
    let edges = |set: &[usize]| -> Vec<Vec<usize>> {
        set.iter().map(|&g| (0..preds.len()).filter(|&p| matches(&gold[g], preds[p], strict)).collect()).collect()
    };
    let mut owner: Vec<Option<usize>> = vec![None; preds.len()];
    let req = max_matching(&edges(&required), preds.len(), &mut owner);
    // Predictions used by required events are closed to optional ones.
    let mut owner2: Vec<Option<usize>> = owner.iter().map(|o| o.map(|_| usize::MAX)).collect();
    let opt = max_matching(&edges(&optional), preds.len(), &mut owner2);
    let mut result = vec![None; gold.len()];
    for (k, &g) in required.iter().enumerate() {
        result[g] = req[k];
    }
    for (k, &g) in optional.iter().enumerate() {
        result[g] = opt[k];
    }
    let mut used = vec![false; preds.len()];
    for p in result.iter().flatten() {
        used[*p] = true;
    }
    (result, used)
}

fn norm_name(s: &str) -> String {
    s.to_lowercase().split_whitespace().collect::<Vec<_>>().join(" ")
}

fn norm_words(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace())
        .collect::<String>()
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Scores predictions against gold articles.
pub fn score(
    gold: &[GoldArticle],
    preds: &[Prediction],
    people: Option<&[PredictedPerson]>,
    quotes: Option<&[PredictedQuote]>,
) -> Report {
    let mut by_article: HashMap<&str, Vec<&Prediction>> = HashMap::new();
    for p in preds {
        by_article.entry(p.article_id.as_str()).or_default().push(p);
    }
    let mut r = Report { articles: gold.len(), ..Report::default() };
    let (mut stp, mut sfp, mut sfn, mut ltp, mut lfp, mut lfn) = (0, 0, 0, 0, 0, 0);
    let mut per_root: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    for g in gold {
        let ps: Vec<&Prediction> = by_article.get(g.id.as_str()).cloned().unwrap_or_default();
        r.gold_events += g.events.len();
        r.gold_required += g.events.iter().filter(|e| !e.optional).count();
        r.predictions += ps.len();
        let (sm, sused) = pair(&g.events, &ps, true);
        let (lm, lused) = pair(&g.events, &ps, false);
        for (i, e) in g.events.iter().enumerate() {
            if e.optional {
                continue;
            }
            let entry = per_root.entry(root(&e.cameo)).or_default();
            if sm[i].is_some() {
                stp += 1;
                entry.0 += 1;
            } else {
                sfn += 1;
                entry.2 += 1;
                r.misses.push(Miss {
                    article_id: g.id.clone(),
                    sentence: e.sentence.clone(),
                    cameo: e.cameo.clone(),
                    source: e.source.clone(),
                    target: e.target.clone(),
                    date: e.date.clone(),
                    note: e.note.clone(),
                });
            }
            if lm[i].is_some() {
                ltp += 1;
            } else {
                lfn += 1;
            }
            // Confusion: the matched prediction's root, or one on the same sentence with the same source.
            let predicted = match lm[i] {
                Some(p) => root(&ps[p].cameo),
                None => ps
                    .iter()
                    .find(|p| {
                        intersects(&e.source, &p.source)
                            && p.sentence.as_deref().is_some_and(|s| s.trim() == e.sentence.trim())
                    })
                    .map_or_else(|| "none".to_string(), |p| root(&p.cameo)),
            };
            *r.confusion.entry(root(&e.cameo)).or_default().entry(predicted).or_default() += 1;
        }
        for (k, p) in ps.iter().enumerate() {
            if !sused[k] {
                sfp += 1;
                per_root.entry(root(&p.cameo)).or_default().1 += 1;
                r.extras.push(Miss {
                    article_id: g.id.clone(),
                    sentence: p.sentence.clone().unwrap_or_default(),
                    cameo: p.cameo.clone(),
                    source: p.source.clone(),
                    target: p.target.clone(),
                    date: p.date.clone(),
                    note: p.source_name.clone(),
                });
            }
            if !lused[k] {
                lfp += 1;
            }
        }
    }
    r.strict = Prf::new(stp, sfp, sfn);
    r.lenient = Prf::new(ltp, lfp, lfn);
    r.per_root = per_root.into_iter().map(|(k, (tp, fp, fn_))| (k, Prf::new(tp, fp, fn_))).collect();
    if let Some(people) = people {
        let (mut tp, mut fp, mut fn_) = (0, 0, 0);
        let mut any = false;
        for g in gold {
            let Some(gp) = &g.people else { continue };
            any = true;
            let mine: Vec<&PredictedPerson> = people.iter().filter(|p| p.article_id == g.id).collect();
            let hit =
                |x: &GoldPerson| mine.iter().any(|p| norm_name(&p.name) == norm_name(&x.name) && p.actor == x.actor);
            let found = gp.iter().filter(|x| hit(x)).count();
            tp += found;
            fn_ += gp.len() - found;
            fp += mine
                .iter()
                .filter(|p| !gp.iter().any(|x| norm_name(&x.name) == norm_name(&p.name) && x.actor == p.actor))
                .count();
        }
        if any {
            r.people = Some(Prf::new(tp, fp, fn_));
        }
    }
    if let Some(quotes) = quotes {
        let (mut tp, mut fn_) = (0, 0);
        let mut any = false;
        for g in gold {
            let Some(gq) = &g.quotes else { continue };
            any = true;
            let mine: Vec<&PredictedQuote> = quotes.iter().filter(|q| q.article_id == g.id).collect();
            for x in gq {
                let ok = mine.iter().any(|q| {
                    norm_name(&q.speaker) == norm_name(&x.speaker)
                        && norm_words(&q.text).starts_with(&norm_words(&x.starts_with))
                });
                if ok { tp += 1 } else { fn_ += 1 }
            }
        }
        // Gold quotes list only the direct quotes worth checking: score recall alone.
        if any {
            r.quotes = Some(Prf::new(tp, 0, fn_));
        }
    }
    r
}

impl Report {
    /// The readable report printed by `demarche eval`.
    pub fn render(&self) -> String {
        use std::fmt::Write;
        let mut s = String::new();
        let line = |name: &str, p: &Prf| {
            format!(
                "{name:<8} P {:.3}  R {:.3}  F1 {:.3}   (TP {}, FP {}, FN {})",
                p.precision, p.recall, p.f1, p.tp, p.fp, p.fn_
            )
        };
        let _ = writeln!(
            s,
            "{} article(s), {} gold events ({} required), {} predictions",
            self.articles, self.gold_events, self.gold_required, self.predictions
        );
        let _ = writeln!(s, "{}", line("strict", &self.strict));
        let _ = writeln!(s, "{}", line("lenient", &self.lenient));
        if let Some(p) = &self.people {
            let _ = writeln!(s, "{}", line("people", p));
        }
        if let Some(q) = &self.quotes {
            let _ = writeln!(s, "quotes   recall {:.3}   ({} of {})", q.recall, q.tp, q.tp + q.fn_);
        }
        let _ = writeln!(s, "\nper root (strict)\n  root  TP  FP  FN     P      R      F1");
        for (root, p) in &self.per_root {
            let _ = writeln!(
                s,
                "  {root:>4} {:>3} {:>3} {:>3}  {:.3}  {:.3}  {:.3}",
                p.tp, p.fp, p.fn_, p.precision, p.recall, p.f1
            );
        }
        let _ = writeln!(s, "\nconfusion (gold root -> predicted root, lenient pairing)");
        for (g, row) in &self.confusion {
            let cells: Vec<String> = row.iter().map(|(p, n)| format!("{p}:{n}")).collect();
            let _ = writeln!(s, "  {g} -> {}", cells.join("  "));
        }
        let mut articles: Vec<&str> = self.misses.iter().chain(&self.extras).map(|m| m.article_id.as_str()).collect();
        articles.sort_unstable();
        articles.dedup();
        for a in articles {
            let _ = writeln!(s, "\n{a}");
            for m in self.misses.iter().filter(|m| m.article_id == a) {
                let _ = writeln!(
                    s,
                    "  MISS  {} {:?} -> {:?} {}\n        {}",
                    m.cameo,
                    m.source,
                    m.target,
                    m.date.as_deref().unwrap_or("-"),
                    m.sentence
                );
            }
            for m in self.extras.iter().filter(|m| m.article_id == a) {
                let _ = writeln!(
                    s,
                    "  EXTRA {} {:?} -> {:?} {}\n        {}",
                    m.cameo,
                    m.source,
                    m.target,
                    m.date.as_deref().unwrap_or("-"),
                    m.sentence
                );
            }
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(cameo: &str, s: &[&str], t: &[&str], date: Option<&str>, optional: bool) -> GoldEvent {
        GoldEvent {
            sentence: String::new(),
            source: s.iter().map(|x| x.to_string()).collect(),
            source_name: None,
            target: t.iter().map(|x| x.to_string()).collect(),
            cameo: cameo.into(),
            cameo_alt: vec![],
            date: date.map(str::to_string),
            optional,
            note: None,
        }
    }

    fn p(cameo: &str, s: &[&str], t: &[&str], date: Option<&str>) -> Prediction {
        Prediction {
            article_id: "a".into(),
            source: s.iter().map(|x| x.to_string()).collect(),
            target: t.iter().map(|x| x.to_string()).collect(),
            cameo: cameo.into(),
            date: date.map(str::to_string),
            sentence: None,
            source_name: None,
        }
    }

    fn article(events: Vec<GoldEvent>) -> GoldArticle {
        GoldArticle {
            id: "a".into(),
            source: None,
            url: None,
            published: None,
            title: None,
            text: Some("x".into()),
            text_file: None,
            events,
            people: None,
            quotes: None,
        }
    }

    #[test]
    fn strict_and_lenient_with_optional_and_matching() {
        let gold = article(vec![
            g("10", &["RUS"], &["NATO", "USA"], Some("2021-12-23"), false),
            g("12", &["USA"], &["RUS"], None, false),
            g("01", &["RUS"], &["USA"], Some("2021-12-23"), true),
        ]);
        let preds = vec![
            p("1012", &["RUS"], &["NATO"], Some("2021-12-23")), // TP
            p("120", &["USA"], &["UKR"], Some("2021-12-01")),   // lenient only
            p("010", &["RUS"], &["USA"], Some("2021-12-23")),   // optional: neither way
            p("190", &["RUS"], &["UKR"], None),                 // FP
        ];
        let r = score(&[gold], &preds, None, None);
        assert_eq!((r.strict.tp, r.strict.fp, r.strict.fn_), (1, 2, 1));
        assert_eq!((r.lenient.tp, r.lenient.fp, r.lenient.fn_), (2, 1, 0));
        assert_eq!(r.misses.len(), 1);
        assert_eq!(r.extras.len(), 2);
    }

    #[test]
    fn maximum_matching_does_not_depend_on_order() {
        // The first prediction could take either gold event; the second only the first.
        let gold = article(vec![g("10", &["RUS"], &["USA"], None, false), g("10", &["RUS"], &["NATO"], None, false)]);
        let preds = vec![p("100", &["RUS"], &["USA", "NATO"], None), p("100", &["RUS"], &["USA"], None)];
        let r = score(std::slice::from_ref(&gold), &preds, None, None);
        assert_eq!(r.strict.tp, 2);
        let rev: Vec<Prediction> = preds.into_iter().rev().collect();
        assert_eq!(score(&[gold], &rev, None, None).strict.tp, 2);
    }

    #[test]
    fn empty_target_sets_match_each_other() {
        let gold = article(vec![g("14", &["RWA"], &[], None, false)]);
        assert_eq!(score(std::slice::from_ref(&gold), &[p("140", &["RWA"], &[], None)], None, None).strict.tp, 1);
        assert_eq!(score(&[gold], &[p("140", &["RWA"], &["USA"], None)], None, None).strict.tp, 0);
    }
}
