//! Reading events back with filters.

use crate::{Result, Store};
use rusqlite::types::Value;

/// Which events to read. Every field narrows; the default reads everything.
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    /// An actor code on either side.
    pub actor: Option<String>,
    pub source: Option<String>,
    pub target: Option<String>,
    /// A directed dyad: source code, target code.
    pub dyad: Option<(String, String)>,
    /// A CAMEO code or prefix ("1", "10", "1012").
    pub code: Option<String>,
    /// A CAMEO root ("10").
    pub root: Option<String>,
    /// A PLOVER event type ("DEMAND").
    pub plover: Option<String>,
    /// Inclusive ISO dates.
    pub from: Option<String>,
    pub to: Option<String>,
    /// Words the sentence contains (case-insensitive).
    pub text: Option<String>,
    /// Only each cluster's canonical event.
    pub canonical: bool,
    /// Only these event ids.
    pub ids: Option<Vec<i64>>,
    /// Any of these CAMEO roots.
    pub roots: Option<Vec<String>>,
    /// Only QuadClass this or higher (3: the conflict classes).
    pub quad_min: Option<u8>,
    /// Newest first (date, then id), as a timeline reads; oldest first otherwise.
    pub newest_first: bool,
    pub limit: Option<usize>,
    pub offset: usize,
}

/// One stored event: the record `demarche code` writes, plus store ids and its cluster's counts.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct StoredEvent {
    pub event_id: i64,
    pub article: i64,
    pub cluster: Option<i64>,
    pub num_mentions: Option<i64>,
    pub num_articles: Option<i64>,
    pub num_sources: Option<i64>,
    pub url: Option<String>,
    pub publisher: Option<String>,
    #[serde(flatten)]
    pub record: serde_json::Map<String, serde_json::Value>,
}

/// Where a page of events is read from: the events table, or an actor's or a
/// dyad's timeline when the filter names one (see schema migration 3).
#[derive(Debug, PartialEq)]
enum Driver {
    Events,
    Actor,
    Dyad,
}

impl EventFilter {
    /// The WHERE clause and its parameters, over `events e`.
    pub fn sql(&self) -> (String, Vec<Value>) {
        let (conds, args) = self.conds(&Driver::Events);
        (where_clause(&conds), args)
    }

    /// How to read a newest-first page of events. Every condition starts with
    /// the alias it reads, `e.` (events) or `t.` (a timeline).
    fn page(&self) -> Page {
        let driver = if self.dyad.is_some() {
            Driver::Dyad
        } else if self.actor.is_some() {
            Driver::Actor
        } else {
            Driver::Events
        };
        let (conds, args) = self.conds(&driver);
        let reads_events = conds.iter().any(|c| c.starts_with("e."));
        let timeline = match driver {
            Driver::Actor => Some("actor_timeline"),
            Driver::Dyad => Some("dyad_timeline"),
            Driver::Events => None,
        };
        Page { timeline, clause: where_clause(&conds), args, reads_events }
    }

    fn conds(&self, driver: &Driver) -> (Vec<String>, Vec<Value>) {
        let mut conds: Vec<String> = Vec::new();
        let mut args: Vec<Value> = Vec::new();
        let arg = |v: String, args: &mut Vec<Value>| {
            args.push(Value::Text(v));
            format!("?{}", args.len())
        };
        if let Some(a) = &self.actor {
            let p = arg(a.clone(), &mut args);
            if *driver == Driver::Actor {
                conds.push(format!("t.code = {p}"));
            } else {
                // IN over the (code, role) index: the actor's events, not a probe per event.
                conds.push(format!("e.id IN (SELECT x.event FROM event_actors x WHERE x.code = {p})"));
            }
        }
        for (role, v) in [("source", &self.source), ("target", &self.target)] {
            if let Some(c) = v {
                let p = arg(c.clone(), &mut args);
                conds.push(format!(
                    "e.id IN (SELECT x.event FROM event_actors x WHERE x.code = {p} AND x.role = '{role}')"
                ));
            }
        }
        if let Some((s, t)) = &self.dyad {
            let ps = arg(s.clone(), &mut args);
            let pt = arg(t.clone(), &mut args);
            if *driver == Driver::Dyad {
                conds.push(format!("t.source = {ps} AND t.target = {pt}"));
            } else {
                conds.push(format!(
                    "e.id IN (SELECT x.event FROM event_actors x JOIN event_actors y
                              ON y.event = x.event AND y.role = 'target' AND y.code = {pt}
                              WHERE x.code = {ps} AND x.role = 'source')"
                ));
            }
        }
        if let Some(c) = &self.code {
            let p = arg(format!("{}%", c.replace(['%', '_'], "")), &mut args);
            conds.push(format!("e.cameo LIKE {p}"));
        }
        if let Some(r) = &self.root {
            let p = arg(r.clone(), &mut args);
            conds.push(format!("e.root = {p}"));
        }
        if let Some(pl) = &self.plover {
            let p = arg(pl.to_uppercase(), &mut args);
            conds.push(format!("e.plover = {p}"));
        }
        for (op, d) in [(">=", &self.from), ("<=", &self.to)] {
            if let Some(d) = d {
                let p = arg(d.clone(), &mut args);
                if *driver == Driver::Events {
                    conds.push(format!("e.date {op} {p}"));
                } else {
                    // The timeline's key narrows its index range; undated events have day ''.
                    conds.push(format!("t.day {op} {p} AND t.day > ''"));
                }
            }
        }
        if let Some(t) = &self.text {
            // LIKE with the wildcards of the user's words escaped.
            let escaped = t.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
            let p = arg(format!("%{escaped}%"), &mut args);
            conds.push(format!("e.sentence_text LIKE {p} ESCAPE '\\'"));
        }
        if self.canonical {
            conds.push("e.id IN (SELECT canonical FROM clusters)".into());
        }
        if let Some(ids) = &self.ids {
            let ps: Vec<String> = ids
                .iter()
                .map(|&i| {
                    args.push(Value::Integer(i));
                    format!("?{}", args.len())
                })
                .collect();
            conds.push(format!("e.id IN ({})", ps.join(", ")));
        }
        if let Some(roots) = &self.roots {
            let ps: Vec<String> = roots.iter().map(|r| arg(r.clone(), &mut args)).collect();
            conds.push(format!("e.root IN ({})", ps.join(", ")));
        }
        if let Some(q) = self.quad_min {
            conds.push(format!("e.quad_class >= {}", q));
        }
        (conds, args)
    }
}

/// A newest-first page's plan: [`EventFilter::page`].
struct Page {
    /// The timeline table that drives the page, if the filter names an actor or dyad.
    timeline: Option<&'static str>,
    clause: String,
    args: Vec<Value>,
    /// Whether a condition reads the events table (else a timeline alone can count).
    reads_events: bool,
}

impl Page {
    fn from(&self) -> String {
        match self.timeline {
            Some(t) => format!("{t} t JOIN events e ON e.id = t.event"),
            None => "events e".into(),
        }
    }

    fn order(&self) -> &'static str {
        // A timeline's primary key is in this order, one row per event: no sort, no duplicates.
        // Over events, NULL dates sort last in DESC already; a bare column lets the date index order.
        if self.timeline.is_some() { "ORDER BY t.day DESC, t.event DESC" } else { "ORDER BY e.date DESC, e.id DESC" }
    }
}

fn where_clause(conds: &[String]) -> String {
    if conds.is_empty() { String::new() } else { format!("WHERE {}", conds.join(" AND ")) }
}

impl Store {
    /// Events matching the filter, by date then id.
    pub fn events(&self, f: &EventFilter) -> Result<Vec<StoredEvent>> {
        let mut out = Vec::new();
        self.each_event(f, |e| {
            out.push(e);
            Ok(())
        })?;
        Ok(out)
    }

    /// Streams events matching the filter, by date then id, without holding them all.
    pub fn each_event(&self, f: &EventFilter, mut each: impl FnMut(StoredEvent) -> Result<()>) -> Result<()> {
        let limit = f.limit.map_or(-1, |l| l as i64);
        let (from, clause, args, order) = if f.newest_first {
            let p = f.page();
            let (from, order) = (p.from(), p.order());
            (from, p.clause, p.args, order)
        } else {
            let (clause, args) = f.sql();
            ("events e".to_string(), clause, args, "ORDER BY e.date IS NULL, e.date, e.id")
        };
        let sql = format!(
            "SELECT e.id, e.article, e.cluster, c.num_mentions, c.num_articles, c.num_sources, a.url, a.source, e.record
             FROM {from} JOIN articles a ON a.id = e.article LEFT JOIN clusters c ON c.id = e.cluster
             {clause} {order} LIMIT {limit} OFFSET {}",
            f.offset
        );
        let mut st = self.conn.prepare(&sql).map_err(|e| self.err(e))?;
        let mut rows = st.query(rusqlite::params_from_iter(args)).map_err(|e| self.err(e))?;
        while let Some(r) = rows.next().map_err(|e| self.err(e))? {
            let record: String = r.get(8).map_err(|e| self.err(e))?;
            let record = match serde_json::from_str::<serde_json::Value>(&record) {
                Ok(serde_json::Value::Object(m)) => m,
                _ => serde_json::Map::new(),
            };
            let get_err = |e| self.err(e);
            each(StoredEvent {
                event_id: r.get(0).map_err(get_err)?,
                article: r.get(1).map_err(get_err)?,
                cluster: r.get(2).map_err(get_err)?,
                num_mentions: r.get(3).map_err(get_err)?,
                num_articles: r.get(4).map_err(get_err)?,
                num_sources: r.get(5).map_err(get_err)?,
                url: r.get(6).map_err(get_err)?,
                publisher: r.get(7).map_err(get_err)?,
                record,
            })?;
        }
        Ok(())
    }

    /// How many events match the filter (limit and offset ignored).
    pub fn count_events(&self, f: &EventFilter) -> Result<u64> {
        let (clause, args) = f.sql();
        let sql = format!("SELECT count(*) FROM events e {clause}");
        self.conn.query_row(&sql, rusqlite::params_from_iter(args), |r| r.get(0)).map_err(|e| self.err(e))
    }

    /// How many events match the filter, counting no further than `cap`: a pager
    /// needs "more than 10,000", not the cost of counting a million rows on
    /// every request. Returns the count and whether it is exact (below the cap).
    pub fn count_events_upto(&self, f: &EventFilter, cap: u64) -> Result<(u64, bool)> {
        let p = f.page();
        let from = match p.timeline {
            // Only the timeline's own columns are asked: count its index alone.
            Some(t) if !p.reads_events => format!("{t} t"),
            _ => p.from(),
        };
        let sql = format!("SELECT count(*) FROM (SELECT 1 FROM {from} {} LIMIT {})", p.clause, cap.saturating_add(1));
        let args = p.args;
        let n: u64 =
            self.conn.query_row(&sql, rusqlite::params_from_iter(args), |r| r.get(0)).map_err(|e| self.err(e))?;
        Ok(if n > cap { (cap, false) } else { (n, true) })
    }
}
