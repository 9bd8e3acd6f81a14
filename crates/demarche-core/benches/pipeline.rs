//! Lexicon load+compile time, and coding throughput on the reference article
//! and the bundled examples. Run: `cargo bench -p demarche-core --bench pipeline`.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use demarche_core::lexicon::Lexicon;
use demarche_core::{Article, Pipeline};
use std::hint::black_box;

fn articles() -> Vec<Article> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let mut out = Vec::new();
    for e in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.extension().is_some_and(|x| x == "txt") {
            if let Ok(text) = std::fs::read_to_string(&p) {
                out.push(Article::new(
                    p.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default(),
                    text,
                ));
            }
        }
    }
    out
}

fn bench(c: &mut Criterion) {
    c.bench_function("lexicon load + validate + compile (built-ins)", |b| {
        b.iter(|| black_box(Lexicon::builtin().map(|l| l.entry_count()).unwrap_or(0)))
    });
    let Ok(p) = Pipeline::builder().build() else { return };
    let arts = articles();
    let bytes: usize = arts.iter().map(|a| a.text.len()).sum();
    let mut g = c.benchmark_group("code");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("examples/*.txt", |b| {
        b.iter(|| {
            for a in &arts {
                black_box(p.code(a).events.len());
            }
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
