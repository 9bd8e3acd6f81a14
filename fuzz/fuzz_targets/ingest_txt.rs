//! Ingest of arbitrary bytes as `.txt` (Format::Text): no panic, errors name the file.
#![no_main]

use demarche_ingest::Format;
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| common::ingest("x.txt", data, Format::Text));
