//! `demarche bench`: coding throughput on a generated corpus, end to end and
//! per stage, on one thread and on all cores, next to a bare Aho-Corasick
//! scan of the same text with every lexicon pattern. Everything is measured
//! in one run, so the ratios hold on a busy machine even when the absolute
//! figures wander. BENCHMARKS.md explains the method.

use crate::output::{Format, Sink};
use anyhow::{Context, Result};
use demarche_core::{Article, Pipeline, StageTimes, records};
use rayon::prelude::*;
use std::hint::black_box;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

#[derive(clap::Args, Debug)]
pub struct BenchArgs {
    /// How many generated articles to code.
    #[arg(long, default_value_t = 2000)]
    articles: usize,
    /// Seed of the corpus generator.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Worker threads of the parallel run (default: every core).
    #[arg(long)]
    threads: Option<usize>,
    /// Runs of each measurement; the fastest counts (other work on the machine only slows a run down).
    #[arg(long, default_value_t = 3)]
    repeat: usize,
}

/// The corpus measured, and what it holds.
struct Corpus {
    articles: Vec<Article>,
    bytes: usize,
    words: usize,
}

/// How long a measurement took: on the clock, and on the CPU (Linux), which
/// leaves out the time other processes on a shared machine held the cores.
#[derive(Clone, Copy, Debug)]
struct Took {
    wall: Duration,
    cpu: Option<Duration>,
}

impl Took {
    /// The smaller of each figure over several runs.
    fn best(self, other: Took) -> Took {
        Took {
            wall: self.wall.min(other.wall),
            cpu: match (self.cpu, other.cpu) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            },
        }
    }
}

/// One line of the table.
struct Row {
    name: String,
    took: Took,
    /// Threads the work ran on, to give per-core figures.
    threads: usize,
}

/// CPU time from a schedstat file: its first field is nanoseconds on a CPU.
fn schedstat_ns(path: &str) -> Option<u64> {
    std::fs::read_to_string(path).ok()?.split_whitespace().next()?.parse().ok()
}

/// CPU time of the calling thread.
fn thread_cpu() -> Option<Duration> {
    schedstat_ns("/proc/thread-self/schedstat").map(Duration::from_nanos)
}

/// CPU time of every thread of the process (the rayon workers included).
fn process_cpu() -> Option<Duration> {
    let mut total = 0;
    for task in std::fs::read_dir("/proc/self/task").ok()?.flatten() {
        total += schedstat_ns(&format!("{}/schedstat", task.path().display())).unwrap_or(0);
    }
    Some(Duration::from_nanos(total))
}

/// Runs `f` once, timing it on the clock and with `cpu`.
fn timed(cpu: fn() -> Option<Duration>, f: impl FnOnce()) -> Took {
    let c0 = cpu();
    let t = Instant::now();
    f();
    let wall = t.elapsed();
    let cpu = match (c0, cpu()) {
        (Some(a), Some(b)) if b > a => Some(b - a),
        _ => None,
    };
    Took { wall, cpu }
}

/// Codes one article and writes its events as the CLI does (`code --format jsonl`).
fn code_jsonl<W: Write>(p: &Pipeline, a: &Article, sink: &mut Sink<W>) -> Result<()> {
    let coded = p.code(a);
    sink.write_events(&records::events(&coded, &p.lexicon().version, false))
}

/// A JSONL sink that throws the bytes away after buffering them like stdout would be.
fn null_sink() -> Sink<BufWriter<std::io::Sink>> {
    Sink::new(BufWriter::new(std::io::sink()), Format::Jsonl)
}

pub fn run(lexicons: &[PathBuf], args: BenchArgs) -> Result<ExitCode> {
    let threads = args.threads.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().context("starting the thread pool")?;

    let t = Instant::now();
    let p = crate::pipeline(lexicons)?;
    let load = t.elapsed();
    let t = Instant::now();
    let articles: Vec<Article> = demarche_corpus::Generator::new(args.seed).take(args.articles).collect();
    let generate = t.elapsed();
    let corpus = Corpus {
        bytes: articles.iter().map(|a| a.text.len()).sum(),
        words: articles.iter().map(|a| a.text.split_whitespace().count()).sum(),
        articles,
    };
    let arts = &corpus.articles;
    // The bare scan: every lexicon string, built like the name automaton, overlapping matches.
    let (ac, npatterns) =
        p.lexicon().scan_automaton().map_err(|e| anyhow::anyhow!("building the scan automaton: {e}"))?;

    // The runs interleave (scan, stages, 1 thread, all threads, then again), so
    // a burst of load from elsewhere does not fall on one measurement only.
    let mut best: Option<[Took; 4]> = None;
    let mut stages = StageTimes::default();
    let mut failed = None;
    for _ in 0..args.repeat.max(1) {
        let scan = timed(thread_cpu, || {
            let n: usize = arts.iter().map(|a| ac.find_overlapping_iter(a.text.as_str()).count()).sum();
            black_box(n);
        });
        let mut times = StageTimes::default();
        let staged = timed(thread_cpu, || {
            for a in arts {
                black_box(p.code_timed(a, &mut times).events.len());
            }
        });
        if stages == StageTimes::default() || times.total() < stages.total() {
            stages = times;
        }
        let single = timed(thread_cpu, || {
            let mut sink = null_sink();
            for a in arts {
                if let Err(e) = code_jsonl(&p, a, &mut sink) {
                    failed = Some(e);
                }
            }
            if let Err(e) = sink.finish() {
                failed = Some(e);
            }
        });
        let parallel = timed(process_cpu, || {
            pool.install(|| {
                // Chunks, so each worker fills its own output buffer.
                arts.par_chunks(64).for_each(|chunk| {
                    let mut sink = null_sink();
                    for a in chunk {
                        let _ = code_jsonl(&p, a, &mut sink);
                    }
                    let _ = sink.finish();
                });
            })
        });
        let run = [scan, staged, single, parallel];
        best = Some(match best {
            None => run,
            Some(b) => [b[0].best(run[0]), b[1].best(run[1]), b[2].best(run[2]), b[3].best(run[3])],
        });
    }
    if let Some(e) = failed {
        return Err(e.context("writing JSONL"));
    }
    let Some([scan, staged, single, parallel]) = best else { return Ok(ExitCode::SUCCESS) };
    let rows = [
        Row { name: format!("bare Aho-Corasick scan ({npatterns} patterns)"), took: scan, threads: 1 },
        Row { name: "code, all stages (no output)".into(), took: staged, threads: 1 },
        Row { name: "code + JSONL, 1 thread".into(), took: single, threads: 1 },
        Row { name: format!("code + JSONL, {threads} threads"), took: parallel, threads },
    ];
    print_report(&corpus, &args, threads, load, generate, &rows, &stages);
    Ok(ExitCode::SUCCESS)
}

fn per_s(n: f64, d: Duration) -> f64 {
    let s = d.as_secs_f64();
    if s > 0.0 { n / s } else { f64::INFINITY }
}

/// 1234567.8 -> "1,234,568".
fn thousands(x: f64) -> String {
    if !x.is_finite() {
        return "inf".into();
    }
    let digits = format!("{x:.0}");
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn print_report(
    corpus: &Corpus,
    args: &BenchArgs,
    threads: usize,
    load: Duration,
    generate: Duration,
    rows: &[Row],
    stages: &StageTimes,
) {
    let mb = corpus.bytes as f64 / 1e6;
    let n = corpus.articles.len() as f64;
    let words = corpus.words as f64;
    println!(
        "corpus: {} generated articles (seed {}), {:.2} MB of text, {} words; best of {} runs; {} threads; {} allocator",
        corpus.articles.len(),
        args.seed,
        mb,
        thousands(words),
        args.repeat.max(1),
        threads,
        crate::ALLOCATOR
    );
    println!(
        "lexicon load + compile: {:.3} s; corpus generation: {:.3} s (neither counted below)",
        load.as_secs_f64(),
        generate.as_secs_f64()
    );
    println!("wall: elapsed time; cpu: time on a CPU summed over threads (per core figures use it)");
    println!();
    println!(
        "{:<44} {:>8} {:>8} {:>9} {:>10} {:>12} {:>12} {:>7}",
        "measurement", "wall s", "cpu s", "MB/s", "MB/s/core", "articles/s", "words/s", "x scan"
    );
    let scan = &rows[0].took;
    for r in rows {
        // Per core: bytes per CPU-second when the CPU time is known, else per wall-second and thread.
        let per_core = match r.took.cpu {
            Some(c) => per_s(mb, c),
            None => per_s(mb, r.took.wall) / r.threads as f64,
        };
        println!(
            "{:<44} {:>8.3} {:>8} {:>9.2} {:>10.2} {:>12} {:>12} {:>7.1}",
            r.name,
            r.took.wall.as_secs_f64(),
            r.took.cpu.map_or_else(|| "-".to_string(), |c| format!("{:.3}", c.as_secs_f64())),
            per_s(mb, r.took.wall),
            per_core,
            thousands(per_s(n, r.took.wall)),
            thousands(per_s(words, r.took.wall)),
            ratio(&r.took, scan)
        );
    }
    println!();
    println!("{:<44} {:>8} {:>9} {:>7}", "stage (1 thread, wall)", "wall s", "MB/s", "share");
    let total = stages.total().as_secs_f64().max(1e-9);
    for (name, d) in stages.named() {
        println!(
            "{:<44} {:>8.3} {:>9.2} {:>6.1}%",
            name,
            d.as_secs_f64(),
            per_s(mb, d),
            100.0 * d.as_secs_f64() / total
        );
    }
    println!();
    let single = &rows[2].took;
    let parallel = &rows[3].took;
    println!(
        "ratio pipeline/scan: {:.1}x (code + JSONL on 1 thread vs the bare scan, {}; target <= 10x)",
        ratio(single, scan),
        if single.cpu.is_some() && scan.cpu.is_some() { "CPU time" } else { "wall time" }
    );
    let core = |t: &Took, threads: usize| t.cpu.map_or(per_s(mb, t.wall) / threads as f64, |c| per_s(mb, c));
    println!(
        "code + JSONL per core: {:.2} MB/s on 1 thread, {:.2} MB/s per core on {threads} (target >= 20 MB/s)",
        core(single, 1),
        core(parallel, threads)
    );
    println!(
        "parallel speed-up (wall): {:.2}x on {threads} threads",
        single.wall.as_secs_f64() / parallel.wall.as_secs_f64().max(1e-9)
    );
}

/// How many times longer `t` took than `base`: by CPU time when both have it.
fn ratio(t: &Took, base: &Took) -> f64 {
    match (t.cpu, base.cpu) {
        (Some(a), Some(b)) => a.as_secs_f64() / b.as_secs_f64().max(1e-9),
        _ => t.wall.as_secs_f64() / base.wall.as_secs_f64().max(1e-9),
    }
}
