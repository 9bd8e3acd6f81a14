//! The input record: one news article.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One article as it enters the pipeline. Ingest fills it; nothing here is
/// derived from the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Article {
    pub id: String,
    /// Publisher name, when known.
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    /// Publication date: the anchor for relative dates and missing years.
    #[serde(default)]
    pub published: Option<NaiveDate>,
    #[serde(default)]
    pub title: Option<String>,
    pub text: String,
}

impl Article {
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Self {
        Article { id: id.into(), text: text.into(), ..Article::default() }
    }

    pub fn with_published(mut self, published: Option<NaiveDate>) -> Self {
        self.published = published;
        self
    }
}
