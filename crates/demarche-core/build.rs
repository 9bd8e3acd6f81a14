//! Embeds the built-in lexicons (`lexicons/en/*.toml`) so the binary works
//! from any folder.

use std::path::{Path, PathBuf};

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let dir = manifest.join("../../lexicons/en");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "toml")).collect()
        })
        .unwrap_or_default();
    files.sort();
    let mut out = String::from("&[\n");
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let name = Path::new("lexicons/en").join(f.file_name().expect("file name"));
        let abs = f.canonicalize().expect("lexicon path");
        out.push_str(&format!(
            "    ({:?}, include_str!({:?})),\n",
            name.display().to_string(),
            abs.display().to_string()
        ));
    }
    out.push(']');
    let dest = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("builtin_lexicons.rs");
    std::fs::write(dest, out).expect("write builtin_lexicons.rs");
}
