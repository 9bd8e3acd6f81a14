//! demarche-core: news text in, coded events out.
//!
//! The pipeline is a chain of pure stages over one article:
//! text (sentences, tokens, quote marks) -> actors (mentions and coreference)
//! -> speech (quotes and their speakers) -> time (dates) -> events (CAMEO codes
//! with provenance). [`Pipeline`] is the one path through it that the CLI,
//! tests, store, server and benches share. Lexicons are data
//! ([`lexicon`]), loaded and validated once, then compiled to automata.
#![cfg_attr(test, allow(clippy::unwrap_used))]

pub mod actors;
pub mod article;
pub mod events;
pub mod examples;
pub mod explain;
pub mod lexicon;
pub mod ontology;
pub mod pipeline;
pub mod records;
pub mod span;
pub mod speech;
pub mod text;
pub mod time;

pub use article::Article;
pub use pipeline::{Coded, Pipeline, PipelineBuilder, StageTimes};
pub use span::Span;
