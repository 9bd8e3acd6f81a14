//! `demarche`: the command line. It parses flags into plain options, builds
//! the pipeline once, and wires inputs to outputs; all the work lives in the
//! library crates.

mod bench_cmd;
mod eval_cmd;
mod lexicon_cmd;
mod output;
mod serve_cmd;
mod store_cmd;

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};
use demarche_core::{Pipeline, records};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// See the `jemalloc` feature in Cargo.toml.
#[cfg(all(feature = "jemalloc", not(target_env = "msvc")))]
#[global_allocator]
static ALLOC: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// The global allocator, named in `demarche bench` reports.
const ALLOCATOR: &str = if cfg!(all(feature = "jemalloc", not(target_env = "msvc"))) { "jemalloc" } else { "system" };

#[derive(Parser, Debug)]
#[command(
    name = "demarche",
    version,
    about = "Event data from diplomacy and security news: who did what to whom, when, in which words"
)]
struct Cli {
    /// Lexicon folder layered over the built-in lexicons (repeatable).
    #[arg(long = "lexicons", global = true, value_name = "DIR")]
    lexicons: Vec<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Code articles: events (default), quotes or sentences.
    Code(CodeArgs),
    /// Show one article as the pipeline reads it.
    Explain {
        /// An article: .txt, .json or .jsonl (the first record).
        file: PathBuf,
        /// Publication date for plain text (YYYY-MM-DD).
        #[arg(long, value_parser = parse_date)]
        published: Option<NaiveDate>,
    },
    /// Score the coder against gold files (FORMAT.md).
    Eval(eval_cmd::EvalArgs),
    /// Code articles and store them in the database (deduplicated, resumable).
    Ingest(store_cmd::IngestArgs),
    /// Recode stored articles after a lexicon change.
    Recode(store_cmd::RecodeArgs),
    /// Query stored events.
    Events(store_cmd::EventsArgs),
    /// Export stored events: jsonl, csv, GDELT 2.0 columns, or Parquet (built with `--features parquet`).
    Export(store_cmd::ExportArgs),
    /// Serve the JSON API and the dashboard over a store (loopback, read-only).
    Serve(serve_cmd::ServeArgs),
    /// Daily series of a dyad or actor: counts per QuadClass, Goldstein, conflict score (CSV).
    Series(serve_cmd::SeriesArgs),
    /// Escalation alerts: days a dyad's conflict score leaves its trailing range (CSV).
    Alerts(serve_cmd::AlertsArgs),
    /// Write generated wire-style articles as JSONL (for benchmarks and load tests).
    Generate {
        /// How many articles.
        count: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Coding throughput on generated articles: per stage, 1 thread and all cores, against a bare scan.
    Bench(bench_cmd::BenchArgs),
    /// Check, dump or test the lexicons.
    Lexicon {
        #[command(subcommand)]
        action: lexicon_cmd::LexiconAction,
    },
}

#[derive(clap::Args, Debug)]
struct CodeArgs {
    /// Files, folders (read recursively) or `-` for stdin. Default: stdin.
    paths: Vec<PathBuf>,
    /// Publication date of plain-text input (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    published: Option<NaiveDate>,
    /// Which records to write.
    #[arg(long, value_enum, default_value = "events")]
    emit: Emit,
    /// Output format (default: a table on a terminal, JSONL otherwise).
    #[arg(long, value_enum)]
    format: Option<output::Format>,
    /// Also write negated and unasserted events (flagged).
    #[arg(long)]
    all_events: bool,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum Emit {
    Events,
    Quotes,
    Sentences,
}

pub(crate) fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| format!("`{s}` is not a YYYY-MM-DD date"))
}

pub(crate) fn pipeline(cli_lexicons: &[PathBuf]) -> Result<Pipeline> {
    let mut b = Pipeline::builder();
    for d in cli_lexicons {
        b = b.lexicon_dir(d);
    }
    match b.build() {
        Ok(p) => Ok(p),
        Err(errors) => bail!("the lexicons have {} error(s):\n{errors}", errors.0.len()),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("demarche: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Code(args) => code(&cli.lexicons, args),
        Command::Explain { file, published } => explain(&cli.lexicons, file, published),
        Command::Lexicon { action } => lexicon_cmd::run(&cli.lexicons, action),
        Command::Eval(args) => eval_cmd::run(&cli.lexicons, args),
        Command::Generate { count, seed } => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            match demarche_corpus::write_jsonl(seed, count, &mut out).and_then(|_| out.flush()) {
                Ok(()) => Ok(ExitCode::SUCCESS),
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
                Err(e) => Err(e.into()),
            }
        }
        Command::Ingest(args) => store_cmd::ingest(&cli.lexicons, args),
        Command::Recode(args) => store_cmd::recode(&cli.lexicons, args),
        Command::Events(args) => store_cmd::events(args),
        Command::Export(args) => store_cmd::export(args),
        Command::Bench(args) => bench_cmd::run(&cli.lexicons, args),
        Command::Serve(args) => serve_cmd::serve(args),
        Command::Series(args) => serve_cmd::series(args),
        Command::Alerts(args) => serve_cmd::alerts(args),
    }
}

fn code(lexicons: &[PathBuf], args: CodeArgs) -> Result<ExitCode> {
    let p = pipeline(lexicons)?;
    let paths = if args.paths.is_empty() { vec![PathBuf::from("-")] } else { args.paths };
    let format = output::Format::or_default(args.format);
    // Buffered: stdout alone is line-buffered, and JSON records are written in small pieces.
    let mut sink = output::Sink::new(std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock()), format);
    let mut failures = 0usize;
    let mut articles = 0usize;
    let mut write_error: Option<anyhow::Error> = None;
    demarche_ingest::read_paths(
        &paths,
        args.published,
        &mut |article| {
            if write_error.is_some() {
                return;
            }
            articles += 1;
            let coded = p.code(&article);
            let r = match args.emit {
                Emit::Sentences => sink.write_all(&records::sentences(&coded)),
                Emit::Quotes => sink.write_all(&records::quotes(&coded)),
                Emit::Events => sink.write_events(&records::events(&coded, &p.lexicon().version, args.all_events)),
            };
            if let Err(e) = r {
                write_error = Some(e);
            }
        },
        &mut |e| {
            failures += 1;
            eprintln!("demarche: {e}");
        },
    );
    // A closed pipe (`| head`) is not a failure of the input.
    let broken_pipe = |e: &anyhow::Error| {
        e.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    };
    if let Some(e) = write_error {
        if broken_pipe(&e) {
            return Ok(ExitCode::SUCCESS);
        }
        return Err(e);
    }
    match sink.finish() {
        Err(e) if broken_pipe(&e) => return Ok(ExitCode::SUCCESS),
        r => r?,
    }
    if failures > 0 {
        eprintln!("demarche: {failures} input(s) failed, {articles} article(s) coded");
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

fn explain(lexicons: &[PathBuf], file: PathBuf, published: Option<NaiveDate>) -> Result<ExitCode> {
    let p = pipeline(lexicons)?;
    let mut first = None;
    let mut errors = Vec::new();
    demarche_ingest::read_paths(
        std::slice::from_ref(&file),
        published,
        &mut |a| {
            if first.is_none() {
                first = Some(a);
            }
        },
        &mut |e| errors.push(e.to_string()),
    );
    for e in &errors {
        eprintln!("demarche: {e}");
    }
    let article = first.with_context(|| format!("no article in {}", file.display()))?;
    let coded = p.code(&article);
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(demarche_core::explain::render(&coded).as_bytes());
    Ok(if errors.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}
