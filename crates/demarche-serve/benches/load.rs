//! Load benchmark: the events and series endpoints on a store of 1M events,
//! under 20 concurrent clients on loopback. Prints latency figures; asserts
//! nothing about time (the machines are shared).
//!
//! `cargo bench -p demarche-serve --bench load` (env: LOAD_EVENTS, LOAD_CLIENTS,
//! LOAD_SECONDS, LOAD_DB to keep the built store between runs).
//!
//! The store: generated articles (a year of them) coded by the real pipeline,
//! stored and clustered in batches as `demarche ingest` does, until it holds the
//! target count; built once and kept (about 62,000 articles for 1M events).
//! Each client walks the request mix from its own offset and varies the page.

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
    // Batches as `demarche ingest` writes them: coded, stored, clustered.
    let mut have = 0;
    while have < target {
        let batch: Vec<_> = (0..500).map(|_| p.code(&generator.article())).collect();
        store.insert_batch(&batch, &p.lexicon().version)?;
        store.recluster_pending()?;
        have = store.counts()?.events;
        eprint!("\rbuilding the store: {have} events in {:.0?}   ", started.elapsed());
    }
    let c = store.counts()?;
    eprintln!(
        "\nstore ready: {} articles, {} events, {} clusters in {:.1?}",
        c.articles,
        c.events,
        c.clusters,
        started.elapsed()
    );
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
                    // Pages 1-5 of event lists: not the same request over and over.
                    let path = if *kind == "events" && !path.contains("page=") {
                        format!("{path}{}page={}", if path.contains('?') { '&' } else { '?' }, 1 + (i / mix.len()) % 5)
                    } else {
                        path.clone()
                    };
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
