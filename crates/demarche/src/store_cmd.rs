//! `demarche ingest`, `recode`, `events` and `export`: the store's commands.

use crate::output;
use anyhow::{Context, Result};
use chrono::NaiveDate;
use clap::ValueEnum;
use demarche_core::{Article, Coded, Pipeline};
use demarche_store::{EventFilter, ExportFormat, Inserted, Store, StoredEvent};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

/// Articles coded in parallel and written in one transaction.
const BATCH: usize = 256;

#[derive(clap::Args, Debug)]
pub struct DbArg {
    /// The database file.
    #[arg(long, default_value = "demarche.db", value_name = "PATH")]
    pub db: PathBuf,
}

#[derive(clap::Args, Debug)]
pub struct IngestArgs {
    #[command(flatten)]
    pub db: DbArg,
    /// Files, folders (recursively) or `-` for stdin: .txt, .json, .jsonl, .html, .warc,
    /// .rss/.atom/.xml, each optionally .gz.
    pub paths: Vec<PathBuf>,
    /// Publication date of plain-text input (YYYY-MM-DD).
    #[arg(long, value_parser = crate::parse_date)]
    pub published: Option<NaiveDate>,
    /// Coding threads (default: all cores).
    #[arg(long, short = 'j')]
    pub jobs: Option<usize>,
}

#[derive(clap::Args, Debug)]
pub struct RecodeArgs {
    #[command(flatten)]
    pub db: DbArg,
    /// Recode every article, not only those coded with another lexicon version.
    #[arg(long)]
    pub all: bool,
    #[arg(long, short = 'j')]
    pub jobs: Option<usize>,
}

#[derive(clap::Args, Debug, Clone, Default)]
pub struct FilterArgs {
    /// An actor code on either side (RUS, NATO).
    #[arg(long)]
    pub actor: Option<String>,
    #[arg(long)]
    pub source: Option<String>,
    #[arg(long)]
    pub target: Option<String>,
    /// A directed dyad: SOURCE-TARGET (RUS-UKR).
    #[arg(long, value_parser = parse_dyad)]
    pub dyad: Option<(String, String)>,
    /// A CAMEO code or prefix (10, 1012).
    #[arg(long)]
    pub code: Option<String>,
    /// A CAMEO root (01-20).
    #[arg(long)]
    pub root: Option<String>,
    /// A PLOVER event type (DEMAND, THREATEN...).
    #[arg(long)]
    pub plover: Option<String>,
    /// First day (YYYY-MM-DD), inclusive.
    #[arg(long, value_parser = crate::parse_date)]
    pub from: Option<NaiveDate>,
    /// Last day (YYYY-MM-DD), inclusive.
    #[arg(long, value_parser = crate::parse_date)]
    pub to: Option<NaiveDate>,
    /// Words the event's sentence contains.
    #[arg(long)]
    pub text: Option<String>,
    /// Only each cluster's canonical event (one per happening).
    #[arg(long)]
    pub canonical: bool,
    #[arg(long)]
    pub limit: Option<usize>,
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
}

pub(crate) fn parse_dyad(s: &str) -> Result<(String, String), String> {
    match s.split_once(['-', ',', ':']) {
        Some((a, b)) if !a.trim().is_empty() && !b.trim().is_empty() => {
            Ok((a.trim().to_uppercase(), b.trim().to_uppercase()))
        }
        _ => Err(format!("`{s}` is not a dyad: write SOURCE-TARGET, e.g. RUS-UKR")),
    }
}

impl FilterArgs {
    pub fn filter(&self) -> EventFilter {
        let up = |v: &Option<String>| v.as_ref().map(|s| s.trim().to_uppercase());
        EventFilter {
            actor: up(&self.actor),
            source: up(&self.source),
            target: up(&self.target),
            dyad: self.dyad.clone(),
            code: self.code.clone(),
            root: self.root.clone(),
            plover: self.plover.clone(),
            from: self.from.map(|d| d.to_string()),
            to: self.to.map(|d| d.to_string()),
            text: self.text.clone(),
            canonical: self.canonical,
            limit: self.limit,
            offset: self.offset,
            ..EventFilter::default()
        }
    }
}

#[derive(clap::Args, Debug)]
pub struct EventsArgs {
    #[command(flatten)]
    pub db: DbArg,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Output format (default: a table on a terminal, JSONL otherwise).
    #[arg(long, value_enum)]
    pub format: Option<output::Format>,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportKind {
    Jsonl,
    Csv,
    Gdelt,
    /// Typed columns, one row per event (needs a build with `--features parquet`).
    Parquet,
}

#[derive(clap::Args, Debug)]
pub struct ExportArgs {
    #[command(flatten)]
    pub db: DbArg,
    #[command(flatten)]
    pub filter: FilterArgs,
    #[arg(long, value_enum, default_value = "jsonl")]
    pub format: ExportKind,
    /// Output file (default: stdout).
    #[arg(long, short)]
    pub out: Option<PathBuf>,
}

fn thread_pool(jobs: Option<usize>) -> Result<rayon::ThreadPool> {
    let mut b = rayon::ThreadPoolBuilder::new();
    if let Some(j) = jobs {
        b = b.num_threads(j.max(1));
    }
    b.build().context("cannot start coding threads")
}

fn progress() -> ProgressBar {
    let bar = if std::io::stderr().is_terminal() { ProgressBar::new_spinner() } else { ProgressBar::hidden() };
    bar.set_style(
        ProgressStyle::with_template("{spinner} {elapsed_precise} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    bar
}

#[derive(Default)]
struct Tally {
    read: u64,
    added: u64,
    duplicates: u64,
    events: u64,
    failures: u64,
}

impl Tally {
    fn message(&self, started: Instant) -> String {
        let secs = started.elapsed().as_secs_f64().max(1e-9);
        format!(
            "{} read, {} added, {} duplicate, {} events, {} failed | {:.0} articles/s, {:.0} events/s",
            self.read,
            self.added,
            self.duplicates,
            self.events,
            self.failures,
            self.added as f64 / secs,
            self.events as f64 / secs
        )
    }
}

/// Codes and stores one batch: already-stored articles are skipped before coding.
fn flush(
    store: &mut Store,
    p: &Pipeline,
    pool: &rayon::ThreadPool,
    batch: &mut Vec<Article>,
    t: &mut Tally,
) -> Result<()> {
    if batch.is_empty() {
        return Ok(());
    }
    let mut fresh = Vec::with_capacity(batch.len());
    for a in batch.drain(..) {
        if store.contains(&a)? {
            t.duplicates += 1;
        } else {
            fresh.push(a);
        }
    }
    let coded: Vec<Coded> = pool.install(|| fresh.par_iter().map(|a| p.code(a)).collect());
    let version = p.lexicon().version.clone();
    let (inserted, _) = store.insert_batch(&coded, &version)?;
    for i in inserted {
        match i {
            Inserted::Added { events } => {
                t.added += 1;
                t.events += events as u64;
            }
            Inserted::Duplicate => t.duplicates += 1,
        }
    }
    store.recluster_pending()?;
    Ok(())
}

pub fn ingest(lexicons: &[PathBuf], args: IngestArgs) -> Result<ExitCode> {
    let p = crate::pipeline(lexicons)?;
    let mut store = Store::open(&args.db.db)?;
    // A run killed between storing a batch and clustering it left events unclustered.
    store.recluster_pending()?;
    let pool = thread_pool(args.jobs)?;
    let paths = if args.paths.is_empty() { vec![PathBuf::from("-")] } else { args.paths };
    let started = Instant::now();
    let bar = progress();
    let mut t = Tally::default();
    let mut batch: Vec<Article> = Vec::with_capacity(BATCH);
    let mut fatal: Option<anyhow::Error> = None;
    let mut failures = 0u64;
    demarche_ingest::read_paths(
        &paths,
        args.published,
        &mut |a| {
            if fatal.is_some() {
                return;
            }
            t.read += 1;
            batch.push(a);
            if batch.len() >= BATCH {
                if let Err(e) = flush(&mut store, &p, &pool, &mut batch, &mut t) {
                    fatal = Some(e);
                }
                bar.set_message(t.message(started));
            }
        },
        &mut |e| {
            failures += 1;
            bar.suspend(|| eprintln!("demarche: {e}"));
        },
    );
    t.failures = failures;
    if fatal.is_none() {
        if let Err(e) = flush(&mut store, &p, &pool, &mut batch, &mut t) {
            fatal = Some(e);
        }
    }
    bar.finish_and_clear();
    if let Some(e) = fatal {
        return Err(e.context(format!(
            "{}: ingest stopped; everything stored before this point is kept",
            args.db.db.display()
        )));
    }
    let c = store.counts()?;
    eprintln!(
        "demarche: {} in {:.1}s; store {}: {} articles, {} events in {} clusters",
        t.message(started),
        started.elapsed().as_secs_f64(),
        args.db.db.display(),
        c.articles,
        c.events,
        c.clusters
    );
    if t.failures > 0 {
        eprintln!("demarche: {} input(s) failed", t.failures);
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

pub fn recode(lexicons: &[PathBuf], args: RecodeArgs) -> Result<ExitCode> {
    let p = crate::pipeline(lexicons)?;
    let mut store = Store::open(&args.db.db)?;
    let pool = thread_pool(args.jobs)?;
    let version = p.lexicon().version.clone();
    let started = Instant::now();
    let bar = progress();
    let (mut articles, mut events, mut after) = (0u64, 0u64, 0i64);
    loop {
        let todo = store.articles_to_recode(&version, args.all, after, BATCH)?;
        let Some(last) = todo.last().map(|(id, _)| *id) else { break };
        after = last;
        let coded: Vec<(i64, Coded)> = pool.install(|| todo.par_iter().map(|(id, a)| (*id, p.code(a))).collect());
        let ids = store.replace_coding(&coded, &version)?;
        articles += coded.len() as u64;
        events += ids.len() as u64;
        bar.set_message(format!("{articles} articles recoded, {events} events"));
    }
    bar.finish_and_clear();
    let stats = store.recluster_all()?;
    eprintln!(
        "demarche: recoded {articles} article(s) with lexicon {version}: {events} events, {} clusters, in {:.1}s",
        stats.clusters,
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

/// A readable row of a stored event, for tables and TSV.
#[derive(serde::Serialize)]
struct StoredRow {
    event_id: i64,
    date: String,
    source: String,
    target: String,
    cameo: String,
    root: String,
    goldstein: String,
    articles: String,
    article_id: String,
    sentence: String,
}

fn field(e: &StoredEvent, k: &str) -> String {
    match e.record.get(k) {
        None | Some(serde_json::Value::Null) => String::new(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Array(a)) => {
            a.iter().map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string)).collect::<Vec<_>>().join(";")
        }
        Some(v) => v.to_string(),
    }
}

impl From<&StoredEvent> for StoredRow {
    fn from(e: &StoredEvent) -> Self {
        StoredRow {
            event_id: e.event_id,
            date: field(e, "date"),
            source: field(e, "source"),
            target: field(e, "target"),
            cameo: field(e, "cameo"),
            root: field(e, "root"),
            goldstein: field(e, "goldstein"),
            articles: e.num_articles.map(|n| n.to_string()).unwrap_or_default(),
            article_id: field(e, "article_id"),
            sentence: field(e, "sentence"),
        }
    }
}

pub fn events(args: EventsArgs) -> Result<ExitCode> {
    let store = Store::open_read_only(&args.db.db)?;
    let format = output::Format::or_default(args.format);
    let stdout = std::io::stdout();
    let mut sink = output::Sink::new(stdout.lock(), format);
    let filter = args.filter.filter();
    let r = store.each_event(&filter, |e| {
        let w = if format == output::Format::Jsonl { sink.write(&e) } else { sink.write(&StoredRow::from(&e)) };
        w.map_err(|e| demarche_store::StoreError::Io(std::io::Error::other(e.to_string())))
    });
    if let Err(e) = r {
        if e.to_string().contains("Broken pipe") {
            return Ok(ExitCode::SUCCESS);
        }
        return Err(e.into());
    }
    sink.finish()?;
    Ok(ExitCode::SUCCESS)
}

/// What `--format parquet` says in a build without the feature.
#[cfg(not(feature = "parquet"))]
const NO_PARQUET: &str = "this demarche was built without Parquet support: build it with \
     `cargo build --release --features parquet` (or `cargo install --path crates/demarche --features parquet`); \
     or use --format csv or jsonl";

pub fn export(args: ExportArgs) -> Result<ExitCode> {
    let format = match args.format {
        ExportKind::Jsonl => ExportFormat::Jsonl,
        ExportKind::Csv => ExportFormat::Csv,
        ExportKind::Gdelt => ExportFormat::Gdelt,
        ExportKind::Parquet => return export_parquet(&args),
    };
    let store = Store::open_read_only(&args.db.db)?;
    let filter = args.filter.filter();
    let n = match &args.out {
        Some(path) => {
            let f = std::fs::File::create(path).with_context(|| format!("{}: cannot create", path.display()))?;
            let mut w = std::io::BufWriter::new(f);
            let n = demarche_store::export(&store, &filter, format, &mut w)?;
            w.flush().with_context(|| format!("{}: cannot write", path.display()))?;
            n
        }
        None => {
            let mut w = std::io::BufWriter::new(std::io::stdout().lock());
            let n = demarche_store::export(&store, &filter, format, &mut w)?;
            let _ = w.flush();
            n
        }
    };
    eprintln!("demarche: exported {n} event(s)");
    Ok(ExitCode::SUCCESS)
}

#[cfg(not(feature = "parquet"))]
fn export_parquet(_: &ExportArgs) -> Result<ExitCode> {
    anyhow::bail!(NO_PARQUET)
}

#[cfg(feature = "parquet")]
fn export_parquet(args: &ExportArgs) -> Result<ExitCode> {
    let store = Store::open_read_only(&args.db.db)?;
    let filter = args.filter.filter();
    let n = match &args.out {
        Some(path) => {
            let f = std::fs::File::create(path).with_context(|| format!("{}: cannot create", path.display()))?;
            let mut w = std::io::BufWriter::new(f);
            let n = demarche_store::export_parquet(&store, &filter, &mut w)
                .with_context(|| format!("{}: cannot write", path.display()))?;
            w.flush().with_context(|| format!("{}: cannot write", path.display()))?;
            n
        }
        None => {
            // Binary data on a terminal helps no one.
            if std::io::stdout().is_terminal() {
                anyhow::bail!("Parquet is binary: give a file with --out, or redirect stdout");
            }
            let mut w = std::io::BufWriter::new(std::io::stdout());
            let n = demarche_store::export_parquet(&store, &filter, &mut w).context("cannot write to stdout")?;
            w.flush().context("cannot write to stdout")?;
            n
        }
    };
    eprintln!("demarche: exported {n} event(s)");
    Ok(ExitCode::SUCCESS)
}
