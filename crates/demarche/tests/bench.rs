//! `demarche bench` runs end to end on a small generated corpus and prints
//! the figures the benchmark report quotes. No timing is asserted here:
//! timings belong to benchmarks, not tests.

use std::process::Command;

#[test]
fn bench_prints_the_table_and_the_ratio_to_the_scan() {
    let out = Command::new(env!("CARGO_BIN_EXE_demarche"))
        .args(["bench", "--articles", "50", "--repeat", "1", "--threads", "2"])
        .output()
        .expect("run demarche bench");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("corpus: 50 generated articles"), "{stdout}");
    // Figures are only comparable with the allocator known.
    let allocator = if cfg!(all(feature = "jemalloc", not(target_env = "msvc"))) { "jemalloc" } else { "system" };
    assert!(stdout.contains(&format!("; {allocator} allocator")), "{stdout}");
    for row in ["bare Aho-Corasick scan", "code + JSONL, 1 thread", "code + JSONL, 2 threads", "ratio pipeline/scan: "]
    {
        assert!(stdout.contains(row), "no `{row}` in:\n{stdout}");
    }
    for stage in ["text", "actors", "speech", "time", "events"] {
        assert!(stdout.lines().any(|l| l.starts_with(stage)), "no stage `{stage}` in:\n{stdout}");
    }
}
