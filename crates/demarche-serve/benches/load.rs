//! Load benchmark: the events and series endpoints on a store of 1M events,
//! under 20 concurrent clients on loopback. Prints latency figures; asserts
//! nothing about time (the machines are shared).
//!
//! `cargo bench -p demarche-serve --bench load` (env: LOAD_EVENTS, LOAD_CLIENTS,
//! LOAD_SECONDS, LOAD_DB to keep the built store between runs).
//!
//! The store: generated articles coded by the real pipeline, then their events
//! copied forward in time (each copy shifted by whole months, its record's date
//! too) until the store holds the target count, then clustered.

use demarche_core::Pipeline;
use demarche_corpus::Generator;
use demarche_serve::{AppState, serve};
use demarche_store::Store;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

fn env_num(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn build_store(path: &PathBuf, target: u64) -> Result<(), Box<dyn std::error::Error>> {
    let started = Instant::now();
    let p = Pipeline::builder().build()?;
    let mut store = Store::open(path)?;
    let mut generator = Generator::new(11);
    // Real coding for the first tenth, copies for the rest.
    let seed_events = (target / 10).max(1);
    while store.counts()?.events < seed_events {
        let batch: Vec<_> = (0..500).map(|_| p.code(&generator.article())).collect();
        store.insert_batch(&batch, &p.lexicon().version)?;
    }
    let coded = store.counts()?;
    eprintln!("coded {} articles, {} events in {:.1?}", coded.articles, coded.events, started.elapsed());
    copy_forward(&store, target)?;
    let stats = store.recluster_pending()?;
    let c = store.counts()?;
    eprintln!(
        "store ready: {} articles, {} events, {} clusters ({stats:?}) in {:.1?}",
        c.articles,
        c.events,
        c.clusters,
        started.elapsed()
    );
    Ok(())
}

/// Copies the coded events forward by two months at a time (dates in the row and
/// in the record) until the store holds `target` events; actors come along.
fn copy_forward(store: &Store, target: u64) -> Result<(), Box<dyn std::error::Error>> {
    type Row =
        (i64, i64, String, String, String, String, Option<String>, f64, i64, String, String, i64, String, String);
    let conn = store.connection();
    let originals: Vec<Row> = conn
        .prepare(
            "SELECT id, article, source_code, target_code, cameo, root, plover, goldstein, quad_class, date,
                    sentence_text, sentence, lexicon_version, record FROM events WHERE date IS NOT NULL ORDER BY id",
        )?
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
                r.get(8)?,
                r.get(9)?,
                r.get(10)?,
                r.get(11)?,
                r.get(12)?,
                r.get(13)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut actors: std::collections::HashMap<i64, Vec<(String, String)>> = Default::default();
    for row in conn
        .prepare("SELECT event, role, code FROM event_actors")?
        .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?
    {
        let (e, role, code) = row?;
        actors.entry(e).or_default().push((role, code));
    }
    let mut have = store.counts()?.events;
    let tx = conn.unchecked_transaction()?;
    {
        let mut ev = tx.prepare(
            "INSERT INTO events (article, sentence, source_code, target_code, cameo, root, plover, goldstein,
                                 quad_class, date, sentence_text, mentions, lexicon_version, record)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 1, ?12, ?13)",
        )?;
        let mut ea = tx.prepare("INSERT OR IGNORE INTO event_actors (event, role, code) VALUES (?1, ?2, ?3)")?;
        let mut k = 1u32;
        'copies: loop {
            for o in &originals {
                if have >= target {
                    break 'copies;
                }
                let Ok(d) = chrono::NaiveDate::parse_from_str(&o.9, "%Y-%m-%d") else { continue };
                let Some(d) = d.checked_add_months(chrono::Months::new(2 * k)) else { continue };
                let mut record: serde_json::Value = serde_json::from_str(&o.13)?;
                record["date"] = serde_json::Value::String(d.to_string());
                ev.execute(rusqlite::params![
                    o.1,
                    o.11,
                    o.2,
                    o.3,
                    o.4,
                    o.5,
                    o.6,
                    o.7,
                    o.8,
                    d.to_string(),
                    o.10,
                    o.12,
                    record.to_string()
                ])?;
                let id = tx.last_insert_rowid();
                for (role, code) in actors.get(&o.0).into_iter().flatten() {
                    ea.execute(rusqlite::params![id, role, code])?;
                }
                have += 1;
            }
            k += 1;
        }
    }
    tx.commit()?;
    Ok(())
}

/// The request mix of one client, chosen from the store's own actors and dyads.
fn requests(store: &Store) -> Result<Vec<(&'static str, String)>, Box<dyn std::error::Error>> {
    let actors = store.actors(&Default::default(), None, 30)?;
    let dyads = store.dyads(&Default::default(), 30)?;
    let last = store.meta()?.last_date.unwrap_or_else(|| "2024-01-01".into());
    let last = chrono::NaiveDate::parse_from_str(&last, "%Y-%m-%d")?;
    let year_ago = last - chrono::Duration::days(365);
    let month_ago = last - chrono::Duration::days(30);
    let mut out = Vec::new();
    out.push(("events", "/api/events".to_string()));
    out.push(("events", format!("/api/events?from={month_ago}&to={last}")));
    out.push(("events", "/api/events?root=19&page=3".to_string()));
    for a in actors.iter().take(10) {
        out.push(("events", format!("/api/events?actor={}", a.code)));
    }
    for d in dyads.iter().take(10) {
        out.push(("events", format!("/api/events?dyad={}-{}&per_page=100", d.source, d.target)));
        out.push(("series", format!("/api/series?dyad={}-{}&from={year_ago}&to={last}", d.source, d.target)));
    }
    for a in actors.iter().take(5) {
        out.push(("series", format!("/api/series?actor={}&from={month_ago}&to={last}", a.code)));
    }
    Ok(out)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let target = env_num("LOAD_EVENTS", 1_000_000);
    let clients = env_num("LOAD_CLIENTS", 20) as usize;
    let seconds = env_num("LOAD_SECONDS", 20);
    let path = std::env::var("LOAD_DB")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("../../target/load-{target}.db")));
    let existing = Store::open_read_only(&path).ok().map(|s| s.counts().map(|c| c.events).unwrap_or(0));
    if existing.is_none_or(|n| n < target) {
        let _ = std::fs::remove_file(&path);
        build_store(&path, target)?;
    }
    let store = Store::open_read_only(&path)?;
    let events = store.counts()?.events;
    let mix = Arc::new(requests(&store)?);
    drop(store);

    let rt = tokio::runtime::Runtime::new()?;
    let state = AppState::open(&path, 8)?;
    let (tx, rx) = std::sync::mpsc::channel();
    rt.spawn(async move {
        let _ = serve(state, "127.0.0.1:0".parse().expect("loopback address"), move |a| {
            let _ = tx.send(a);
        })
        .await;
    });
    let addr = rx.recv_timeout(Duration::from_secs(30))?;
    println!("load: {events} events, {clients} clients, {seconds} s, {} distinct requests, {addr}", mix.len());

    let stop = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    let handles: Vec<_> = (0..clients)
        .map(|c| {
            let mix = Arc::clone(&mix);
            let stop = Arc::clone(&stop);
            std::thread::spawn(move || {
                let agent = ureq::Agent::new_with_defaults();
                let mut lat: Vec<(&'static str, Duration, bool)> = Vec::new();
                let mut i = c * 7;
                while !stop.load(Ordering::Relaxed) {
                    let (kind, path) = &mix[i % mix.len()];
                    i += 1;
                    let t = Instant::now();
                    let ok = agent
                        .get(&format!("http://{addr}{path}"))
                        .call()
                        .and_then(|mut r| r.body_mut().read_to_vec())
                        .is_ok();
                    lat.push((kind, t.elapsed(), ok));
                }
                lat
            })
        })
        .collect();
    std::thread::sleep(Duration::from_secs(seconds));
    stop.store(true, Ordering::Relaxed);
    let mut all = Vec::new();
    for h in handles {
        all.extend(h.join().map_err(|_| "client thread failed")?);
    }
    let wall = started.elapsed();
    let failed = all.iter().filter(|x| !x.2).count();
    println!(
        "{:<8} {:>8} {:>9} {:>9} {:>9} {:>9} {:>9}",
        "endpoint", "requests", "req/s", "median", "p90", "p99", "max"
    );
    for kind in ["events", "series"] {
        let mut d: Vec<Duration> = all.iter().filter(|x| x.0 == kind && x.2).map(|x| x.1).collect();
        d.sort();
        println!(
            "{:<8} {:>8} {:>9.1} {:>9.1?} {:>9.1?} {:>9.1?} {:>9.1?}",
            kind,
            d.len(),
            d.len() as f64 / wall.as_secs_f64(),
            percentile(&d, 0.5),
            percentile(&d, 0.9),
            percentile(&d, 0.99),
            d.last().copied().unwrap_or_default()
        );
    }
    println!("failed requests: {failed}");
    rt.shutdown_timeout(Duration::from_secs(1));
    Ok(())
}
