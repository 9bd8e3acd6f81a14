//! A user lexicon file with arbitrary content, through the loader users hit
//! (`Lexicon::from_files`: parse, layer, validate, compile). It must give a
//! lexicon or errors that name the file, never panic; a lexicon that compiles
//! must also code an article without panicking.
#![no_main]

use demarche_core::lexicon::Lexicon;
use demarche_core::{Article, Pipeline};
use libfuzzer_sys::fuzz_target;

const NAME: &str = "user/fuzz.toml";

fuzz_target!(|data: &[u8]| {
    // The directory loader reads files with read_to_string: non-UTF-8 never gets here.
    let Ok(src) = std::str::from_utf8(data) else { return };
    let files = [(NAME.to_string(), src.to_string(), 1)];
    match Lexicon::from_files(&files, Vec::new()) {
        Ok(lexicon) => {
            let pipeline = Pipeline::builder()
                .lexicon(std::sync::Arc::new(lexicon))
                .today(chrono::NaiveDate::from_ymd_opt(2024, 6, 1).expect("valid date"))
                .build()
                .expect("a compiled lexicon builds");
            let text = "Russia accused Ukraine on Monday of attacking \"the pipeline\", the minister said.";
            pipeline.code(&Article::new("a", text));
        }
        Err(errors) => {
            for e in &errors.0 {
                assert_eq!(e.origin.file, NAME, "error names another file: {e}");
            }
        }
    }
});
