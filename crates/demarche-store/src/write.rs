//! Writing coded articles: one transaction per batch, each article whole.

use crate::{Result, Store, sql_err};
use demarche_core::{Article, Coded, records};
use rusqlite::{OptionalExtension, Transaction, params};
use std::collections::BTreeSet;

/// What storing one article did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Inserted {
    /// Stored, with this many events.
    Added { events: usize },
    /// The same text (or URL) is already stored.
    Duplicate,
}

/// The dedup key of an article: a 128-bit hash of its words, lowercased, with
/// punctuation and spacing ignored, so a re-encoded or re-wrapped copy matches.
pub fn content_hash(text: &str) -> String {
    let mut norm = String::with_capacity(text.len());
    for word in text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        if !norm.is_empty() {
            norm.push(' ');
        }
        norm.extend(word.chars().flat_map(char::to_lowercase));
    }
    format!("{:032x}", xxhash_rust::xxh3::xxh3_128(norm.as_bytes()))
}

/// A URL as a dedup key: no fragment, no trailing slash, scheme and host lowercased.
pub fn normalize_url(url: &str) -> Option<String> {
    let u = url.trim();
    if u.is_empty() {
        return None;
    }
    let u = u.split('#').next().unwrap_or(u);
    let (scheme_host, rest) = match u.find("://") {
        Some(k) => {
            let after = &u[k + 3..];
            let host_end = after.find('/').map_or(u.len(), |h| k + 3 + h);
            (u[..host_end].to_lowercase(), &u[host_end..])
        }
        None => (String::new(), u),
    };
    let rest = rest.trim_end_matches('/');
    Some(format!("{scheme_host}{rest}"))
}

fn codes_key(codes: &[&str]) -> String {
    let set: BTreeSet<&str> = codes.iter().copied().collect();
    set.into_iter().collect::<Vec<_>>().join(";")
}

fn enum_str<T: serde::Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

impl Store {
    /// Whether an article with this text or URL is stored already.
    pub fn contains(&self, article: &Article) -> Result<bool> {
        let hash = content_hash(&article.text);
        let url = article.url.as_deref().and_then(normalize_url);
        let found: Option<i64> = self
            .conn
            .query_row(
                "SELECT id FROM articles WHERE content_hash = ?1 OR (?2 IS NOT NULL AND url = ?2) LIMIT 1",
                params![hash, url],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.err(e))?;
        Ok(found.is_some())
    }

    /// Stores a batch of coded articles in one transaction. Returns, per article,
    /// whether it was added, and the ids of the events added (for clustering).
    pub fn insert_batch(&mut self, batch: &[Coded], lexicon_version: &str) -> Result<(Vec<Inserted>, Vec<i64>)> {
        let path = self.path.clone();
        let tx = self.conn.transaction().map_err(|e| sql_err(&path, e))?;
        let mut out = Vec::with_capacity(batch.len());
        let mut event_ids = Vec::new();
        for coded in batch {
            out.push(insert_one(&tx, coded, lexicon_version, &mut event_ids).map_err(|e| sql_err(&path, e))?);
        }
        tx.commit().map_err(|e| sql_err(&path, e))?;
        Ok((out, event_ids))
    }

    /// Replaces what the pipeline found in stored articles with a new coding,
    /// keeping the articles themselves. Returns the ids of the new events.
    pub fn replace_coding(&mut self, batch: &[(i64, Coded)], lexicon_version: &str) -> Result<Vec<i64>> {
        let path = self.path.clone();
        let tx = self.conn.transaction().map_err(|e| sql_err(&path, e))?;
        let mut event_ids = Vec::new();
        for (id, coded) in batch {
            (|| -> rusqlite::Result<()> {
                for t in ["events", "sentences", "mentions", "quotes"] {
                    tx.execute(&format!("DELETE FROM {t} WHERE article = ?1"), [id])?;
                }
                tx.execute("UPDATE articles SET lexicon_version = ?2 WHERE id = ?1", params![id, lexicon_version])?;
                write_derived(&tx, *id, coded, lexicon_version, &mut event_ids)
            })()
            .map_err(|e| sql_err(&path, e))?;
        }
        tx.commit().map_err(|e| sql_err(&path, e))?;
        Ok(event_ids)
    }

    /// Stored articles coded with another lexicon version (all of them with `all`),
    /// in id order from `after`, at most `limit`.
    pub fn articles_to_recode(
        &self,
        lexicon_version: &str,
        all: bool,
        after: i64,
        limit: usize,
    ) -> Result<Vec<(i64, Article)>> {
        let mut st = self
            .conn
            .prepare(
                "SELECT id, ext_id, source, url, title, published, text FROM articles
                 WHERE id > ?1 AND (?2 OR lexicon_version <> ?3) ORDER BY id LIMIT ?4",
            )
            .map_err(|e| self.err(e))?;
        let rows = st
            .query_map(params![after, all, lexicon_version, limit as i64], |r| {
                let published: Option<String> = r.get(5)?;
                Ok((
                    r.get::<_, i64>(0)?,
                    Article {
                        id: r.get(1)?,
                        source: r.get(2)?,
                        url: r.get(3)?,
                        title: r.get(4)?,
                        published: published.and_then(|p| chrono::NaiveDate::parse_from_str(&p, "%Y-%m-%d").ok()),
                        text: r.get(6)?,
                    },
                ))
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>().map_err(|e| self.err(e))
    }
}

fn insert_one(
    tx: &Transaction<'_>,
    coded: &Coded,
    lexicon_version: &str,
    event_ids: &mut Vec<i64>,
) -> rusqlite::Result<Inserted> {
    let a = &coded.article;
    let hash = content_hash(&a.text);
    let url = a.url.as_deref().and_then(normalize_url);
    let dup: Option<i64> = tx
        .query_row(
            "SELECT id FROM articles WHERE content_hash = ?1 OR (?2 IS NOT NULL AND url = ?2) LIMIT 1",
            params![hash, url],
            |r| r.get(0),
        )
        .optional()?;
    if dup.is_some() {
        return Ok(Inserted::Duplicate);
    }
    tx.execute(
        "INSERT INTO articles (ext_id, source, url, title, published, content_hash, text, lexicon_version, ingested_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
        params![a.id, a.source, url, a.title, a.published.map(|d| d.to_string()), hash, a.text, lexicon_version],
    )?;
    let id = tx.last_insert_rowid();
    let before = event_ids.len();
    write_derived(tx, id, coded, lexicon_version, event_ids)?;
    Ok(Inserted::Added { events: event_ids.len() - before })
}

fn write_derived(
    tx: &Transaction<'_>,
    article: i64,
    coded: &Coded,
    lexicon_version: &str,
    event_ids: &mut Vec<i64>,
) -> rusqlite::Result<()> {
    {
        let mut st = tx.prepare_cached(
            "INSERT INTO sentences (article, idx, paragraph, start, end) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for s in &coded.text.sentences {
            st.execute(params![article, s.index, s.paragraph, s.span.start, s.span.end])?;
        }
    }
    {
        let mut st = tx.prepare_cached(
            "INSERT INTO mentions (article, sentence, start, end, kind, code, sector, name, role, entries)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?;
        for m in &coded.actors.mentions {
            st.execute(params![
                article,
                m.sentence,
                m.span.start,
                m.span.end,
                enum_str(&m.kind),
                m.actor.code.as_str(),
                m.actor.sector.as_deref(),
                m.actor.name.as_deref(),
                m.actor.role.as_deref(),
                m.entries.join(",")
            ])?;
        }
    }
    {
        let mut st = tx.prepare_cached(
            "INSERT INTO quotes (article, idx, kind, start, end, text, speaker, speaker_code, attribution)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?;
        for (i, q) in records::quotes(coded).iter().enumerate() {
            st.execute(params![
                article,
                i,
                enum_str(&q.kind),
                q.start,
                q.end,
                q.text,
                q.speaker,
                q.speaker_code,
                enum_str(&q.attribution)
            ])?;
        }
    }
    let mut ev = tx.prepare_cached(
        "INSERT INTO events (article, sentence, source_code, target_code, cameo, root, plover, goldstein, quad_class,
                             date, sentence_text, mentions, lexicon_version, record)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?;
    let mut actor = tx.prepare_cached("INSERT OR IGNORE INTO event_actors (event, role, code) VALUES (?1, ?2, ?3)")?;
    for r in records::events(coded, lexicon_version, false) {
        let record = r.to_json();
        ev.execute(params![
            article,
            r.sentence_index,
            codes_key(&r.source),
            codes_key(&r.target),
            r.cameo,
            r.root,
            r.plover,
            r.goldstein,
            r.quad_class,
            r.date.map(|d| d.to_string()),
            r.sentence,
            r.mentions,
            lexicon_version,
            record
        ])?;
        let id = tx.last_insert_rowid();
        for c in &r.source {
            actor.execute(params![id, "source", c])?;
        }
        for c in &r.target {
            actor.execute(params![id, "target", c])?;
        }
        event_ids.push(id);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_ignores_case_spacing_and_punctuation() {
        assert_eq!(content_hash("Russia said: “No.”\n"), content_hash("russia  said no"));
        assert_ne!(content_hash("Russia said no"), content_hash("Russia said yes"));
    }

    #[test]
    fn urls_normalize() {
        assert_eq!(normalize_url("HTTPS://Example.COM/a/b/#x").as_deref(), Some("https://example.com/a/b"));
        assert_eq!(normalize_url("  "), None);
    }
}
