//! Deduplication across reports: events of different articles that tell the
//! same happening form one cluster.
//!
//! Two events are candidates when they share the dyad (source and target codes),
//! the CAMEO root and the date. Among candidates, two are linked when they have
//! the same full CAMEO code or their sentences share enough content words
//! (Jaccard >= [`WORDING`]); clusters are the connected groups. The canonical
//! event is the one first stored (the earliest report). A cluster counts the
//! times it was stated (NumMentions), the articles (NumArticles) and the
//! distinct publishers (NumSources: the article's source, else its URL host).

use crate::{Result, Store, sql_err};
use rusqlite::params;
use std::collections::{BTreeSet, HashMap, HashSet};

/// Least share of content words two differently coded sentences need to be linked.
pub const WORDING: f64 = 0.25;

/// What a clustering pass did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct ClusterStats {
    pub keys: usize,
    pub clusters: usize,
}

const STOP: &[&str] = &[
    "the", "and", "for", "with", "that", "this", "from", "said", "says", "was", "were", "has", "have", "had", "its",
    "their", "his", "her", "will", "would", "are", "not", "but", "after", "over", "into", "about", "which", "who",
    "on", "in", "of", "to", "a", "an", "by", "at", "as", "it", "be", "is",
];

fn words(s: &str) -> HashSet<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() > 2)
        .map(str::to_lowercase)
        .filter(|w| !STOP.contains(&w.as_str()))
        .collect()
}

fn jaccard(a: &HashSet<String>, b: &HashSet<String>) -> f64 {
    let inter = a.intersection(b).count();
    let union = a.len() + b.len() - inter;
    if union == 0 { 0.0 } else { inter as f64 / union as f64 }
}

fn find(parent: &mut [usize], x: usize) -> usize {
    let mut r = x;
    while parent[r] != r {
        r = parent[r];
    }
    let mut y = x;
    while parent[y] != r {
        let next = parent[y];
        parent[y] = r;
        y = next;
    }
    r
}

type Key = (String, String, String, Option<String>);

struct Row {
    id: i64,
    article: i64,
    cameo: String,
    mentions: i64,
    publisher: String,
    words: HashSet<String>,
}

impl Store {
    /// Reclusters every key (dyad, root, date) the given events belong to.
    pub fn recluster(&mut self, event_ids: &[i64]) -> Result<ClusterStats> {
        let mut keys: BTreeSet<Key> = BTreeSet::new();
        {
            let mut st = self
                .conn
                .prepare_cached("SELECT source_code, target_code, root, date FROM events WHERE id = ?1")
                .map_err(|e| self.err(e))?;
            for id in event_ids {
                if let Ok(k) = st.query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))) {
                    keys.insert(k);
                }
            }
        }
        self.recluster_keys(keys.into_iter().collect())
    }

    /// Reclusters the whole store.
    pub fn recluster_all(&mut self) -> Result<ClusterStats> {
        let keys: Vec<Key> = {
            let mut st = self
                .conn
                .prepare("SELECT DISTINCT source_code, target_code, root, date FROM events")
                .map_err(|e| self.err(e))?;
            let rows =
                st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))).map_err(|e| self.err(e))?;
            rows.collect::<rusqlite::Result<_>>().map_err(|e| self.err(e))?
        };
        self.recluster_keys(keys)
    }

    fn recluster_keys(&mut self, keys: Vec<Key>) -> Result<ClusterStats> {
        let path = self.path.clone();
        let tx = self.conn.transaction().map_err(|e| sql_err(&path, e))?;
        let mut stats = ClusterStats { keys: keys.len(), clusters: 0 };
        (|| -> rusqlite::Result<()> {
            let mut load = tx.prepare_cached(
                "SELECT e.id, e.article, e.cameo, e.mentions, e.sentence_text,
                        COALESCE(a.source, substr(a.url, instr(a.url, '://') + 3), 'article ' || a.id)
                 FROM events e JOIN articles a ON a.id = e.article
                 WHERE e.source_code = ?1 AND e.target_code = ?2 AND e.root = ?3 AND e.date IS ?4
                 ORDER BY e.article, e.id",
            )?;
            let mut drop_clusters = tx.prepare_cached(
                "DELETE FROM clusters WHERE source_code = ?1 AND target_code = ?2 AND root = ?3 AND date IS ?4",
            )?;
            let mut add = tx.prepare_cached(
                "INSERT INTO clusters (canonical, source_code, target_code, root, date, num_mentions, num_articles, num_sources)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?;
            let mut set = tx.prepare_cached("UPDATE events SET cluster = ?2 WHERE id = ?1")?;
            for (src, tgt, root, date) in &keys {
                let rows: Vec<Row> = load
                    .query_map(params![src, tgt, root, date], |r| {
                        let publisher: String = r.get(5)?;
                        Ok(Row {
                            id: r.get(0)?,
                            article: r.get(1)?,
                            cameo: r.get(2)?,
                            mentions: r.get(3)?,
                            // "host/path": the host names the publisher.
                            publisher: publisher.split('/').next().unwrap_or_default().to_string(),
                            words: words(&r.get::<_, String>(4)?),
                        })
                    })?
                    .collect::<rusqlite::Result<_>>()?;
                drop_clusters.execute(params![src, tgt, root, date])?;
                let mut parent: Vec<usize> = (0..rows.len()).collect();
                for i in 0..rows.len() {
                    for j in i + 1..rows.len() {
                        if rows[i].cameo == rows[j].cameo || jaccard(&rows[i].words, &rows[j].words) >= WORDING {
                            let (a, b) = (find(&mut parent, i), find(&mut parent, j));
                            if a != b {
                                parent[b.max(a)] = a.min(b);
                            }
                        }
                    }
                }
                let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
                for i in 0..rows.len() {
                    let r = find(&mut parent, i);
                    groups.entry(r).or_default().push(i);
                }
                let mut roots: Vec<usize> = groups.keys().copied().collect();
                roots.sort_unstable();
                for g in roots {
                    let members = &groups[&g];
                    // Rows come in (article, id) order: the first is the earliest report.
                    let canonical = rows[members[0]].id;
                    let mentions: i64 = members.iter().map(|&i| rows[i].mentions).sum();
                    let articles: HashSet<i64> = members.iter().map(|&i| rows[i].article).collect();
                    let sources: HashSet<&str> = members.iter().map(|&i| rows[i].publisher.as_str()).collect();
                    add.execute(params![
                        canonical,
                        src,
                        tgt,
                        root,
                        date,
                        mentions,
                        articles.len() as i64,
                        sources.len() as i64
                    ])?;
                    let cid = tx.last_insert_rowid();
                    for &i in members {
                        set.execute(params![rows[i].id, cid])?;
                    }
                    stats.clusters += 1;
                }
            }
            Ok(())
        })()
        .map_err(|e| sql_err(&path, e))?;
        tx.commit().map_err(|e| sql_err(&path, e))?;
        Ok(stats)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wording_overlap() {
        let a = words("Russia expelled two Estonian diplomats on Monday, the foreign ministry said.");
        let b = words("Moscow expelled two diplomats from Estonia's embassy on Monday.");
        let c = words("Stocks fell sharply in early trading.");
        assert!(jaccard(&a, &b) >= WORDING, "{}", jaccard(&a, &b));
        assert!(jaccard(&a, &c) < WORDING);
    }
}
