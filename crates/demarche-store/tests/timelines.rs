//! The actor and dyad timelines (schema migration 3): kept in step with the
//! events by triggers, built for stores made before them, and read by pages and
//! series with the same answers as the events table gives.
#![allow(clippy::unwrap_used)]

use chrono::NaiveDate;
use demarche_core::{Article, Pipeline};
use demarche_corpus::Generator;
use demarche_store::analysis::SeriesQuery;
use demarche_store::{EventFilter, Store};
use std::collections::BTreeSet;

type Rows = BTreeSet<(String, String, String, i64, i64, i64)>;

/// The timelines as stored, and as they should be from events and event_actors.
fn timelines(s: &Store) -> (Rows, Rows) {
    let read = |sql: &str| -> Rows {
        let c = s.connection();
        let mut st = c.prepare(sql).unwrap();
        st.query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, (r.get::<_, f64>(5)? * 10.0).round() as i64))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
    };
    let stored = read(
        "SELECT 'A', code, day, event, quad_class, goldstein FROM actor_timeline
         UNION ALL SELECT source, target, day, event, quad_class, goldstein FROM dyad_timeline",
    );
    let expected = read(
        "SELECT DISTINCT 'A', x.code, coalesce(e.date, ''), e.id, e.quad_class, e.goldstein
           FROM event_actors x JOIN events e ON e.id = x.event
         UNION ALL
         SELECT DISTINCT x.code, y.code, coalesce(e.date, ''), e.id, e.quad_class, e.goldstein
           FROM event_actors x JOIN event_actors y ON y.event = x.event AND y.role = 'target'
           JOIN events e ON e.id = x.event WHERE x.role = 'source'",
    );
    (stored, expected)
}

/// Generated articles; every tenth has no publication date, so some events are undated.
fn corpus(n: usize, seed: u64) -> Vec<Article> {
    let mut g = Generator::new(seed);
    (0..n)
        .map(|i| {
            let mut a = g.article();
            if i % 10 == 0 {
                a.published = None;
            }
            a
        })
        .collect()
}

fn filled(n: usize) -> (tempfile::TempDir, Store, Pipeline) {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(dir.path().join("t.db")).unwrap();
    let p = Pipeline::builder().build().unwrap();
    let coded: Vec<_> = corpus(n, 5).iter().map(|a| p.code(a)).collect();
    s.insert_batch(&coded, &p.lexicon().version).unwrap();
    (dir, s, p)
}

#[test]
fn triggers_keep_timelines_in_step_through_insert_and_recode() {
    let (_d, mut s, p) = filled(120);
    let (stored, expected) = timelines(&s);
    assert!(expected.len() > 1000, "the corpus should give many rows: {}", expected.len());
    assert!(expected.iter().any(|r| r.2.is_empty()), "some events are undated");
    assert_eq!(stored, expected);

    // Recode the first 40 articles as if published a year later: their events move.
    let ids: Vec<(i64, String)> = s
        .connection()
        .prepare("SELECT id, text FROM articles ORDER BY id LIMIT 40")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let batch: Vec<_> = ids
        .iter()
        .map(|(id, text)| {
            let a = Article::new(format!("re-{id}"), text.clone()).with_published(NaiveDate::from_ymd_opt(2031, 5, 4));
            (*id, p.code(&a))
        })
        .collect();
    s.replace_coding(&batch, "other").unwrap();
    let (stored, expected) = timelines(&s);
    assert!(expected.iter().any(|r| r.2.starts_with("2031")), "recoded events carry the new dates");
    assert_eq!(stored, expected);

    // Deleting an article's events (as a recode does) removes their timeline rows.
    s.connection().execute("DELETE FROM events WHERE article = ?1", [ids[1].0]).unwrap();
    let (stored, expected) = timelines(&s);
    assert_eq!(stored, expected);
}

#[test]
fn a_store_made_before_the_timelines_gets_them_on_open() {
    let (dir, s, _p) = filled(60);
    let (_, expected) = timelines(&s);
    s.connection()
        .execute_batch(
            "DROP TRIGGER event_actors_timeline; DROP TRIGGER events_timeline_delete;
             DROP TABLE actor_timeline; DROP TABLE dyad_timeline; DROP INDEX events_root_date;
             PRAGMA user_version = 2;",
        )
        .unwrap();
    drop(s);
    let s = Store::open(dir.path().join("t.db")).unwrap();
    let (stored, again) = timelines(&s);
    assert_eq!(again, expected);
    assert_eq!(stored, expected);
}

/// A newest-first page must be the same events whichever table drives it.
#[test]
fn pages_from_timelines_equal_pages_from_events() {
    let (_d, s, _p) = filled(150);
    let top = s.actors(&EventFilter::default(), None, 3).unwrap();
    let dyads = s.dyads(&EventFilter::default(), 3).unwrap();
    let mut filters = Vec::new();
    for a in &top {
        filters.push(EventFilter { actor: Some(a.code.clone()), ..Default::default() });
        filters.push(EventFilter {
            actor: Some(a.code.clone()),
            from: Some("2024-01-01".into()),
            to: Some("2024-12-31".into()),
            ..Default::default()
        });
        filters.push(EventFilter { actor: Some(a.code.clone()), root: Some("11".into()), ..Default::default() });
    }
    for d in &dyads {
        filters.push(EventFilter { dyad: Some((d.source.clone(), d.target.clone())), ..Default::default() });
        filters.push(EventFilter {
            dyad: Some((d.source.clone(), d.target.clone())),
            to: Some("2024-06-30".into()),
            ..Default::default()
        });
    }
    for f in filters {
        // Oldest first reads the events table; reversed, it is the newest-first order.
        let mut all: Vec<i64> = s.events(&f).unwrap().iter().map(|e| e.event_id).collect();
        all.reverse();
        // Undated events come last either way.
        let dated = |id: &i64| {
            s.connection().query_row("SELECT date IS NOT NULL FROM events WHERE id = ?1", [id], |r| r.get::<_, bool>(0))
        };
        let (mut with, without): (Vec<i64>, Vec<i64>) = all.into_iter().partition(|i| dated(i).unwrap());
        with.extend(without.iter().rev());
        assert!(!with.is_empty(), "{f:?} selects nothing");
        let newest = EventFilter { newest_first: true, limit: Some(7), offset: 3, ..f.clone() };
        let page: Vec<i64> = s.events(&newest).unwrap().iter().map(|e| e.event_id).collect();
        assert_eq!(page, with.iter().skip(3).take(7).copied().collect::<Vec<_>>(), "{f:?}");
        let n = s.count_events(&f).unwrap();
        assert_eq!(n as usize, with.len(), "{f:?}");
        assert_eq!(s.count_events_upto(&f, 10_000).unwrap(), (n, true), "{f:?}");
        assert_eq!(s.count_events_upto(&f, 2).unwrap(), (2, false), "{f:?}");
    }
}

/// Series from the timelines against a sum over the events the filter selects.
#[test]
fn series_count_what_the_event_filter_selects() {
    let (_d, s, _p) = filled(150);
    let d = &s.dyads(&EventFilter::default(), 1).unwrap()[0];
    let a = &s.actors(&EventFilter::default(), None, 1).unwrap()[0];
    let cases = [
        (
            SeriesQuery { dyad: Some((d.source.clone(), d.target.clone())), ..Default::default() },
            EventFilter { dyad: Some((d.source.clone(), d.target.clone())), ..Default::default() },
        ),
        (
            SeriesQuery { actor: Some(a.code.clone()), ..Default::default() },
            EventFilter { actor: Some(a.code.clone()), ..Default::default() },
        ),
    ];
    for (q, f) in cases {
        let series = s.series(&q).unwrap();
        let events = s.events(&f).unwrap();
        let dated: Vec<_> = events.iter().filter(|e| e.record["date"].is_string()).collect();
        let total: u64 = series.days.iter().map(|d| d.events).sum();
        assert_eq!(total as usize, dated.len(), "{q:?}");
        let conflict: f64 = series.days.iter().map(|d| d.conflict).sum();
        let expected: f64 = dated
            .iter()
            .filter(|e| e.record["quad_class"].as_u64() >= Some(3))
            .map(|e| e.record["goldstein"].as_f64().unwrap().abs())
            .sum();
        assert!(
            (conflict - expected).abs() < 0.05 * series.days.len() as f64 + 0.01,
            "{q:?}: {conflict} vs {expected}"
        );
    }
}
