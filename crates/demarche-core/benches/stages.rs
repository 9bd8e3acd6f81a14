//! Each stage alone on generated articles, and the bare Aho-Corasick scan of
//! the same text with every lexicon string, so a change shows up in the stage
//! it touches. Run: `cargo bench -p demarche-core --bench stages`.
//! `demarche bench` gives the end-to-end figures (BENCHMARKS.md).

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use demarche_core::text::Text;
use demarche_core::{Article, Pipeline, actors, events, speech, time};
use std::hint::black_box;

/// Enough articles to cover every template, few enough to keep a run short.
const ARTICLES: usize = 100;

fn bench(c: &mut Criterion) {
    let Ok(p) = Pipeline::builder().build() else { return };
    let lx = p.lexicon();
    let arts: Vec<Article> = demarche_corpus::Generator::new(1).take(ARTICLES).collect();
    let bytes: u64 = arts.iter().map(|a| a.text.len() as u64).sum();
    // The inputs of each stage, computed once.
    let coded: Vec<_> = arts.iter().map(|a| p.code(a)).collect();
    // Speech refines the actors it is given: it starts from the actors stage's own output.
    let before_speech: Vec<_> =
        arts.iter().zip(&coded).map(|(a, c)| actors::analyze(&a.text, &c.text, lx, a.published)).collect();
    let Ok((scan, _)) = lx.scan_automaton() else { return };

    let mut g = c.benchmark_group("stages");
    g.throughput(Throughput::Bytes(bytes));
    g.sample_size(10);
    g.bench_function("bare scan", |b| {
        b.iter(|| arts.iter().map(|a| scan.find_overlapping_iter(a.text.as_str()).count()).sum::<usize>())
    });
    g.bench_function("text", |b| {
        b.iter(|| arts.iter().map(|a| Text::analyze(&a.text, lx).tokens.len()).sum::<usize>())
    });
    g.bench_function("actors", |b| {
        b.iter(|| {
            arts.iter()
                .zip(&coded)
                .map(|(a, c)| actors::analyze(&a.text, &c.text, lx, a.published).mentions.len())
                .sum::<usize>()
        })
    });
    g.bench_function("speech", |b| {
        b.iter_batched(
            || before_speech.clone(),
            |mut actors| {
                for ((a, c), act) in arts.iter().zip(&coded).zip(actors.iter_mut()) {
                    // The pipeline looks the pattern word ids up here, and counts it as speech.
                    let ids = lx.token_ids(&c.text);
                    black_box(speech::analyze(&a.text, &c.text, lx, &ids, act));
                }
            },
            BatchSize::LargeInput,
        )
    });
    g.bench_function("time", |b| {
        b.iter(|| {
            arts.iter()
                .zip(&coded)
                .map(|(a, c)| time::analyze(&c.text, lx, &c.actors, a.published, p.today()).len())
                .sum::<usize>()
        })
    });
    let ids: Vec<_> = coded.iter().map(|c| lx.token_ids(&c.text)).collect();
    g.bench_function("events", |b| {
        b.iter(|| {
            arts.iter()
                .zip(&coded)
                .zip(&ids)
                .map(|((a, c), ids)| events::analyze(a, &c.text, lx, ids, &c.actors, &c.quotes, &c.dates).len())
                .sum::<usize>()
        })
    });
    g.bench_function("code (all stages)", |b| b.iter(|| arts.iter().map(|a| p.code(a).events.len()).sum::<usize>()));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
