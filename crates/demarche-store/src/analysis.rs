//! Reading the store as an analyst does: one event in its article, actors and
//! dyads ranked, daily dyad series, escalation alerts and negotiation threads.
//!
//! Everything here is read-only and bounded by its caller's filter; the server
//! and the `series`/`alerts` commands share it.

use crate::query::EventFilter;
use crate::{Result, Store, StoredEvent};
use chrono::{Duration, NaiveDate};
use rusqlite::types::Value;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// The longest date range a series or alert scan covers (about ten years).
pub const MAX_RANGE_DAYS: i64 = 3660;

/// What the store holds, for a dashboard header.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Meta {
    pub articles: u64,
    pub events: u64,
    pub clusters: u64,
    pub first_date: Option<String>,
    pub last_date: Option<String>,
    pub lexicon: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ArticleInfo {
    pub id: i64,
    pub ext_id: String,
    pub title: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
    pub published: Option<String>,
    pub text: String,
}

/// A piece of an event's sentence; `mark` says which role it plays, if any.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Segment {
    pub text: String,
    pub mark: Option<&'static str>,
}

/// Another report of the same happening.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ClusterReport {
    pub event_id: i64,
    pub article: i64,
    pub publisher: Option<String>,
    pub date: Option<String>,
    pub sentence: String,
}

/// One event with its article, its sentence cut at the spans, and its cluster.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EventDetail {
    pub event: StoredEvent,
    pub article: ArticleInfo,
    pub segments: Vec<Segment>,
    pub cluster: Vec<ClusterReport>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ActorCount {
    pub code: String,
    pub events: u64,
    pub as_source: u64,
    pub as_target: u64,
    pub goldstein_sum: f64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DyadCount {
    pub source: String,
    pub target: String,
    pub events: u64,
    pub goldstein_sum: f64,
    /// Events per QuadClass 1..4.
    pub quad: [u64; 4],
}

/// Which events a series counts.
#[derive(Debug, Clone, Default)]
pub struct SeriesQuery {
    /// A directed dyad (source, target).
    pub dyad: Option<(String, String)>,
    /// An actor on either side (used when no dyad is given).
    pub actor: Option<String>,
    /// Count both directions of the dyad.
    pub undirected: bool,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Day {
    pub date: String,
    /// Stored articles published that day: the normalizer.
    pub articles: u64,
    pub events: u64,
    pub quad: [u64; 4],
    pub goldstein_sum: f64,
    pub goldstein_mean: f64,
    /// Conflict score: the summed |Goldstein| of QuadClass 3 and 4 events.
    pub conflict: f64,
    pub conflict_per_100_articles: f64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Series {
    pub dyad: Option<String>,
    pub actor: Option<String>,
    pub undirected: bool,
    pub from: Option<String>,
    pub to: Option<String>,
    pub days: Vec<Day>,
}

/// Which dyads to watch and how sensitive the alerts are.
#[derive(Debug, Clone)]
pub struct AlertQuery {
    pub actor: Option<String>,
    pub dyad: Option<(String, String)>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// Trailing days the day is compared with.
    pub window: u32,
    /// Standard deviations above the trailing mean.
    pub threshold: f64,
    pub limit: usize,
}

impl Default for AlertQuery {
    fn default() -> Self {
        AlertQuery { actor: None, dyad: None, from: None, to: None, window: 28, threshold: 2.0, limit: 100 }
    }
}

/// The floor under the trailing standard deviation, in |Goldstein| units: a quiet
/// dyad then needs more than one accusation (2) to alert, but a first threat
/// (4 and up) or any use of force does.
pub const SD_FLOOR: f64 = 2.0;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Alert {
    pub date: String,
    pub source: String,
    pub target: String,
    /// The day's conflict score.
    pub score: f64,
    pub trailing_mean: f64,
    pub trailing_sd: f64,
    pub z: f64,
    /// Conflict events that day.
    pub events: u64,
}

/// The role of an event in a negotiation.
pub fn step_kind(cameo: &str) -> Option<&'static str> {
    let root = cameo.get(..2)?;
    Some(match root {
        "10" => "demand",
        "02" => "appeal",
        "03" if cameo.starts_with("036") || cameo.starts_with("039") => "proposal",
        "03" => "offer",
        "05" | "08" => "agreement",
        "12" => "rejection",
        "13" => "threat",
        "04" => "talks",
        "01" | "11" | "14" | "16" => "response",
        _ => return None,
    })
}

const THREAD_ROOTS: &[&str] = &["01", "02", "03", "04", "05", "08", "10", "11", "12", "13", "14", "16"];
/// Events read to build threads: the newest this many.
const THREAD_SCAN: usize = 20_000;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Step {
    pub event_id: i64,
    pub date: Option<String>,
    pub source: String,
    pub target: String,
    pub cameo: String,
    pub event_name: String,
    pub plover: Option<String>,
    pub kind: &'static str,
    pub sentence: String,
    pub quote: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Thread {
    /// The two sides, sorted.
    pub actors: [String; 2],
    /// `None` when neither the sentences nor the article name a topic.
    pub topic: Option<String>,
    pub steps: Vec<Step>,
}

impl Store {
    pub fn meta(&self) -> Result<Meta> {
        // Three counts, not `counts()`: sentences and mentions are the largest tables.
        let n = |t| self.rows(t);
        let (first_date, last_date): (Option<String>, Option<String>) = self
            .conn
            .query_row("SELECT min(date), max(date) FROM events", [], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(|e| self.err(e))?;
        let lexicon: Option<String> = self
            .conn
            .query_row("SELECT lexicon_version FROM articles ORDER BY id DESC LIMIT 1", [], |r| r.get(0))
            .map(Some)
            .or_else(|e| if e == rusqlite::Error::QueryReturnedNoRows { Ok(None) } else { Err(e) })
            .map_err(|e| self.err(e))?;
        Ok(Meta {
            articles: n("articles")?,
            events: n("events")?,
            clusters: n("clusters")?,
            first_date,
            last_date,
            lexicon,
        })
    }

    /// One event, its article and its sentence cut at the spans; `None` if there is no such event.
    pub fn event_detail(&self, id: i64) -> Result<Option<EventDetail>> {
        let mut found = self.events(&EventFilter { ids: Some(vec![id]), ..EventFilter::default() })?;
        let Some(event) = found.pop() else { return Ok(None) };
        let article = self
            .conn
            .query_row(
                "SELECT id, ext_id, title, source, url, published, text FROM articles WHERE id = ?1",
                [event.article],
                |r| {
                    Ok(ArticleInfo {
                        id: r.get(0)?,
                        ext_id: r.get(1)?,
                        title: r.get(2)?,
                        source: r.get(3)?,
                        url: r.get(4)?,
                        published: r.get(5)?,
                        text: r.get(6)?,
                    })
                },
            )
            .map_err(|e| self.err(e))?;
        let segments = segments(&article.text, &event.record);
        let mut cluster = Vec::new();
        if let Some(c) = event.cluster {
            let mut st = self
                .conn
                .prepare(
                    "SELECT e.id, e.article, a.source, e.date, e.sentence_text FROM events e
                     JOIN articles a ON a.id = e.article WHERE e.cluster = ?1 AND e.id != ?2 ORDER BY e.id LIMIT 100",
                )
                .map_err(|e| self.err(e))?;
            let rows = st
                .query_map([c, id], |r| {
                    Ok(ClusterReport {
                        event_id: r.get(0)?,
                        article: r.get(1)?,
                        publisher: r.get(2)?,
                        date: r.get(3)?,
                        sentence: r.get(4)?,
                    })
                })
                .map_err(|e| self.err(e))?;
            for r in rows {
                cluster.push(r.map_err(|e| self.err(e))?);
            }
        }
        Ok(Some(EventDetail { event, article, segments, cluster }))
    }

    /// Actors by number of events; `prefix` narrows the codes.
    pub fn actors(&self, f: &EventFilter, prefix: Option<&str>, limit: usize) -> Result<Vec<ActorCount>> {
        let (clause, mut args) = f.sql();
        let mut clause = clause;
        if let Some(p) = prefix {
            args.push(Value::Text(format!("{}%", p.replace(['%', '_'], ""))));
            let cond = format!("x.code LIKE ?{}", args.len());
            clause = if clause.is_empty() { format!("WHERE {cond}") } else { format!("{clause} AND {cond}") };
        }
        let sql = format!(
            "SELECT x.code, count(DISTINCT x.event), sum(x.role = 'source'), sum(x.role = 'target'), sum(e.goldstein)
             FROM event_actors x JOIN events e ON e.id = x.event {clause}
             GROUP BY x.code ORDER BY 2 DESC, 1 LIMIT {limit}"
        );
        let mut st = self.conn.prepare(&sql).map_err(|e| self.err(e))?;
        let rows = st
            .query_map(rusqlite::params_from_iter(args), |r| {
                Ok(ActorCount {
                    code: r.get(0)?,
                    events: r.get(1)?,
                    as_source: r.get(2)?,
                    as_target: r.get(3)?,
                    goldstein_sum: round2(r.get::<_, Option<f64>>(4)?.unwrap_or(0.0)),
                })
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<_>>().map_err(|e| self.err(e))
    }

    /// Directed dyads by number of events: the actor network's weighted edges.
    pub fn dyads(&self, f: &EventFilter, limit: usize) -> Result<Vec<DyadCount>> {
        let (clause, args) = f.sql();
        let sql = format!(
            "SELECT s.code, t.code, count(*), sum(e.goldstein),
                    sum(e.quad_class = 1), sum(e.quad_class = 2), sum(e.quad_class = 3), sum(e.quad_class = 4)
             FROM events e
             JOIN event_actors s ON s.event = e.id AND s.role = 'source'
             JOIN event_actors t ON t.event = e.id AND t.role = 'target'
             {clause} {} s.code != '---' AND t.code != '---'
             GROUP BY s.code, t.code ORDER BY 3 DESC, 1, 2 LIMIT {limit}",
            if clause.is_empty() { "WHERE" } else { "AND" }
        );
        let mut st = self.conn.prepare(&sql).map_err(|e| self.err(e))?;
        let rows = st
            .query_map(rusqlite::params_from_iter(args), |r| {
                Ok(DyadCount {
                    source: r.get(0)?,
                    target: r.get(1)?,
                    events: r.get(2)?,
                    goldstein_sum: round2(r.get::<_, Option<f64>>(3)?.unwrap_or(0.0)),
                    quad: [r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?],
                })
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<_>>().map_err(|e| self.err(e))
    }

    /// Daily counts by QuadClass, Goldstein sum and mean, and the conflict score of a
    /// dyad or an actor, with every day of the range present.
    pub fn series(&self, q: &SeriesQuery) -> Result<Series> {
        let (rows_sql, args) = series_source(q);
        let mut per_day: BTreeMap<String, (u64, [u64; 4], f64, f64)> = BTreeMap::new();
        let sql = format!(
            "SELECT day, count(*), sum(quad_class = 1), sum(quad_class = 2), sum(quad_class = 3),
                    sum(quad_class = 4), sum(goldstein),
                    sum(CASE WHEN quad_class >= 3 THEN abs(goldstein) ELSE 0 END)
             FROM ({rows_sql}) GROUP BY day"
        );
        let mut st = self.conn.prepare(&sql).map_err(|e| self.err(e))?;
        let mut rows = st.query(rusqlite::params_from_iter(args)).map_err(|e| self.err(e))?;
        while let Some(r) = rows.next().map_err(|e| self.err(e))? {
            let day: String = r.get(0).map_err(|e| self.err(e))?;
            let count = |i| r.get::<_, i64>(i).map(|v| v.max(0) as u64).map_err(|e| self.err(e));
            let n = count(1)?;
            let quad = [count(2)?, count(3)?, count(4)?, count(5)?];
            let g: f64 = r.get::<_, Option<f64>>(6).map_err(|e| self.err(e))?.unwrap_or(0.0);
            let c: f64 = r.get::<_, Option<f64>>(7).map_err(|e| self.err(e))?.unwrap_or(0.0);
            per_day.insert(day, (n, quad, g, c));
        }
        let first = q.from.or_else(|| per_day.keys().next().and_then(|d| parse_day(d)));
        let last = q.to.or_else(|| per_day.keys().next_back().and_then(|d| parse_day(d)));
        let mut series = Series {
            dyad: q.dyad.as_ref().map(|(s, t)| format!("{s}-{t}")),
            actor: if q.dyad.is_some() { None } else { q.actor.clone() },
            undirected: q.undirected,
            from: first.map(|d| d.to_string()),
            to: last.map(|d| d.to_string()),
            days: Vec::new(),
        };
        let (Some(mut first), Some(last)) = (first, last) else { return Ok(series) };
        if (last - first).num_days() >= MAX_RANGE_DAYS {
            first = last - Duration::days(MAX_RANGE_DAYS - 1);
            series.from = Some(first.to_string());
        }
        let articles = self.articles_per_day(first, last)?;
        let mut d = first;
        while d <= last {
            let key = d.to_string();
            let n_articles = articles.get(&key).copied().unwrap_or(0);
            let (n, quad, g, c) = per_day.get(&key).copied().unwrap_or((0, [0; 4], 0.0, 0.0));
            series.days.push(Day {
                date: key,
                articles: n_articles,
                events: n,
                quad,
                goldstein_sum: round2(g),
                goldstein_mean: if n > 0 { round2(g / n as f64) } else { 0.0 },
                conflict: round2(c),
                conflict_per_100_articles: if n_articles > 0 { round2(c * 100.0 / n_articles as f64) } else { 0.0 },
            });
            d += Duration::days(1);
        }
        Ok(series)
    }

    fn articles_per_day(&self, from: NaiveDate, to: NaiveDate) -> Result<HashMap<String, u64>> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT published, count(*) FROM articles WHERE published BETWEEN ?1 AND ?2 GROUP BY published",
            )
            .map_err(|e| self.err(e))?;
        let rows = st
            .query_map([from.to_string(), to.to_string()], |r| Ok((r.get::<_, String>(0)?, r.get::<_, u64>(1)?)))
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<_>>().map_err(|e| self.err(e))
    }

    /// Days on which a dyad's conflict score leaves its trailing range (see DESIGN.md,
    /// "Escalation alerts"): newest first, strongest first within a day.
    pub fn alerts(&self, q: &AlertQuery) -> Result<Vec<Alert>> {
        let window = i64::from(q.window.max(1));
        let to = match q.to {
            Some(d) => Some(d),
            None => self.meta()?.last_date.as_deref().and_then(parse_day),
        };
        let Some(to) = to else { return Ok(Vec::new()) };
        let from = q.from.unwrap_or(to - Duration::days(365)).max(to - Duration::days(MAX_RANGE_DAYS - 1));
        let scan_from = from - Duration::days(window);
        let mut f = EventFilter {
            actor: q.actor.clone(),
            dyad: q.dyad.clone(),
            from: Some(scan_from.to_string()),
            to: Some(to.to_string()),
            canonical: true,
            ..EventFilter::default()
        };
        f.quad_min = Some(3);
        let (clause, args) = f.sql();
        let sql = format!(
            "SELECT s.code, t.code, e.date, count(*), sum(abs(e.goldstein))
             FROM events e
             JOIN event_actors s ON s.event = e.id AND s.role = 'source'
             JOIN event_actors t ON t.event = e.id AND t.role = 'target'
             {clause} AND s.code != '---' AND t.code != '---' AND s.code != t.code
             GROUP BY s.code, t.code, e.date"
        );
        let mut by_dyad: HashMap<(String, String), BTreeMap<NaiveDate, (u64, f64)>> = HashMap::new();
        {
            let mut st = self.conn.prepare(&sql).map_err(|e| self.err(e))?;
            let mut rows = st.query(rusqlite::params_from_iter(args)).map_err(|e| self.err(e))?;
            while let Some(r) = rows.next().map_err(|e| self.err(e))? {
                let s: String = r.get(0).map_err(|e| self.err(e))?;
                let t: String = r.get(1).map_err(|e| self.err(e))?;
                let d: String = r.get(2).map_err(|e| self.err(e))?;
                let n: u64 = r.get(3).map_err(|e| self.err(e))?;
                let score: f64 = r.get::<_, Option<f64>>(4).map_err(|e| self.err(e))?.unwrap_or(0.0);
                if let Some(d) = parse_day(&d) {
                    by_dyad.entry((s, t)).or_default().insert(d, (n, score));
                }
            }
        }
        let mut alerts = Vec::new();
        for ((s, t), days) in &by_dyad {
            for (&d, &(n, score)) in days.range(from..=to) {
                let trailing: Vec<f64> =
                    (1..=window).map(|k| days.get(&(d - Duration::days(k))).map_or(0.0, |x| x.1)).collect();
                let mean = trailing.iter().sum::<f64>() / window as f64;
                let var = trailing.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / window as f64;
                let sd = var.sqrt();
                let z = (score - mean) / sd.max(SD_FLOOR);
                if z >= q.threshold {
                    alerts.push(Alert {
                        date: d.to_string(),
                        source: s.clone(),
                        target: t.clone(),
                        score: round2(score),
                        trailing_mean: round2(mean),
                        trailing_sd: round2(sd),
                        z: round2(z),
                        events: n,
                    });
                }
            }
        }
        alerts.sort_by(|a, b| {
            b.date.cmp(&a.date).then(b.z.total_cmp(&a.z)).then(a.source.cmp(&b.source)).then(a.target.cmp(&b.target))
        });
        alerts.truncate(q.limit);
        Ok(alerts)
    }

    /// Negotiation threads: per unordered dyad and topic, the demands, offers,
    /// proposals, rejections, threats and responses in time order. Threads need two
    /// steps; the busiest come first. A `dyad` in the filter is read as an unordered
    /// pair: a thread follows both sides, whoever speaks.
    pub fn threads(&self, f: &EventFilter, limit: usize) -> Result<Vec<Thread>> {
        let mut f = f.clone();
        let pair = f.dyad.take();
        if let Some((a, _)) = &pair {
            f.actor = Some(a.clone());
        }
        f.canonical = true;
        f.roots = Some(THREAD_ROOTS.iter().map(|r| r.to_string()).collect());
        f.newest_first = true;
        f.limit = Some(THREAD_SCAN);
        f.offset = 0;
        let mut threads: HashMap<([String; 2], Option<String>), Vec<Step>> = HashMap::new();
        self.each_event(&f, |e| {
            let rec = &e.record;
            let cameo = rec.get("cameo").and_then(|v| v.as_str()).unwrap_or_default();
            let Some(kind) = step_kind(cameo) else { return Ok(()) };
            let list = |k: &str| -> Vec<String> {
                rec.get(k)
                    .and_then(|v| v.as_array())
                    .map(|a| a.iter().filter_map(|x| x.as_str()).filter(|c| *c != "---").map(String::from).collect())
                    .unwrap_or_default()
            };
            let mut topics: Vec<Option<String>> = list("topics").into_iter().map(Some).collect();
            if topics.is_empty() {
                topics.push(None);
            }
            let text = |k: &str| rec.get(k).and_then(|v| v.as_str()).map(String::from);
            for s in list("source") {
                for t in list("target") {
                    if s == t {
                        continue;
                    }
                    let pair = if s < t { [s.clone(), t.clone()] } else { [t.clone(), s.clone()] };
                    for topic in &topics {
                        threads.entry((pair.clone(), topic.clone())).or_default().push(Step {
                            event_id: e.event_id,
                            date: text("date"),
                            source: s.clone(),
                            target: t.clone(),
                            cameo: cameo.to_string(),
                            event_name: text("event_name").unwrap_or_default(),
                            plover: text("plover"),
                            kind,
                            sentence: text("sentence").unwrap_or_default(),
                            quote: text("quote"),
                        });
                    }
                }
            }
            Ok(())
        })?;
        let mut out: Vec<Thread> = threads
            .into_iter()
            .filter(|(_, steps)| steps.len() >= 2)
            .filter(|((actors, _), _)| pair.as_ref().is_none_or(|(a, b)| actors.contains(a) && actors.contains(b)))
            .map(|((actors, topic), mut steps)| {
                steps.sort_by(|a, b| a.date.cmp(&b.date).then(a.event_id.cmp(&b.event_id)));
                Thread { actors, topic, steps }
            })
            .collect();
        out.sort_by(|a, b| {
            b.steps
                .len()
                .cmp(&a.steps.len())
                .then_with(|| b.steps.last().map(|s| &s.date).cmp(&a.steps.last().map(|s| &s.date)))
                .then_with(|| a.actors.cmp(&b.actors))
                .then_with(|| a.topic.cmp(&b.topic))
        });
        out.truncate(limit);
        Ok(out)
    }
}

/// The event ids a series counts, as a sub-select, and its parameters.
/// The dated events a series counts, as rows (event, day, quad_class, goldstein),
/// read from the dyad's or actor's timeline when there is one.
fn series_source(q: &SeriesQuery) -> (String, Vec<Value>) {
    let range = range_sql("day", q.from, q.to);
    let cols = "event, day, quad_class, goldstein";
    match (&q.dyad, &q.actor) {
        (Some((s, t)), _) => {
            let one = format!("SELECT {cols} FROM dyad_timeline WHERE source = ?1 AND target = ?2 AND day > ''{range}");
            // UNION, not UNION ALL: an event with both actors on both sides counts once.
            let sql = if q.undirected {
                format!(
                    "{one} UNION SELECT {cols} FROM dyad_timeline WHERE source = ?2 AND target = ?1 AND day > ''{range}"
                )
            } else {
                one
            };
            (sql, vec![Value::Text(s.clone()), Value::Text(t.clone())])
        }
        (None, Some(a)) => (
            format!("SELECT {cols} FROM actor_timeline WHERE code = ?1 AND day > ''{range}"),
            vec![Value::Text(a.clone())],
        ),
        (None, None) => (
            format!(
                "SELECT id AS event, date AS day, quad_class, goldstein FROM events WHERE date IS NOT NULL{}",
                range_sql("date", q.from, q.to)
            ),
            Vec::new(),
        ),
    }
}

fn range_sql(column: &str, from: Option<NaiveDate>, to: Option<NaiveDate>) -> String {
    // Dates are validated NaiveDates, so formatting them into the SQL is safe.
    let mut s = String::new();
    if let Some(f) = from {
        s.push_str(&format!(" AND {column} >= '{f}'"));
    }
    if let Some(t) = to {
        s.push_str(&format!(" AND {column} <= '{t}'"));
    }
    s
}

fn parse_day(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Cuts the event's sentence at its source, target and trigger spans (byte offsets
/// into the article). Overlapping or out-of-range spans are dropped, so the pieces
/// always concatenate back to the sentence.
pub fn segments(text: &str, record: &serde_json::Map<String, serde_json::Value>) -> Vec<Segment> {
    let num = |k: &str| record.get(k).and_then(|v| v.as_u64()).map(|v| v as usize);
    let (Some(start), Some(end)) = (num("sentence_start"), num("sentence_end")) else { return Vec::new() };
    let Some(sentence) = text.get(start..end) else { return Vec::new() };
    let mut marks: Vec<(usize, usize, &'static str)> = Vec::new();
    let spans = |k: &str| -> Vec<(usize, usize)> {
        record
            .get(k)
            .and_then(|v| v.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|p| {
                        let p = p.as_array()?;
                        Some((p.first()?.as_u64()? as usize, p.get(1)?.as_u64()? as usize))
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    if let (Some(s), Some(e)) = (num("trigger_start"), num("trigger_end")) {
        marks.push((s, e, "trigger"));
    }
    marks.extend(spans("source_spans").into_iter().map(|(s, e)| (s, e, "source")));
    marks.extend(spans("target_spans").into_iter().map(|(s, e)| (s, e, "target")));
    marks.retain(|&(s, e, _)| s >= start && e <= end && s < e && text.is_char_boundary(s) && text.is_char_boundary(e));
    marks.sort_by_key(|m| (m.0, std::cmp::Reverse(m.1)));
    let mut out = Vec::new();
    let mut at = start;
    for (s, e, mark) in marks {
        if s < at {
            continue;
        }
        if s > at {
            out.push(Segment { text: text[at..s].to_string(), mark: None });
        }
        out.push(Segment { text: text[s..e].to_string(), mark: Some(mark) });
        at = e;
    }
    if at < end {
        out.push(Segment { text: text[at..end].to_string(), mark: None });
    }
    debug_assert_eq!(out.iter().map(|s| s.text.as_str()).collect::<String>(), sentence);
    out
}
