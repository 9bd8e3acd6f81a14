//! The pipeline: the one path from an article to coded output.

use crate::actors::{self, Actors};
use crate::article::Article;
use crate::events::{self, Event};
use crate::lexicon::{Lexicon, LexiconErrors, LexiconSource};
use crate::speech::{self, Quote};
use crate::text::Text;
use crate::time::{self, DateMention};
use chrono::NaiveDate;
use std::path::PathBuf;
use std::sync::Arc;

/// Everything the pipeline found in one article.
#[derive(Debug, Clone)]
pub struct Coded {
    pub article: Article,
    pub text: Text,
    pub actors: Actors,
    pub quotes: Vec<Quote>,
    pub dates: Vec<DateMention>,
    pub events: Vec<Event>,
}

/// Runs the stages over articles. Cheap to clone; share one across threads.
#[derive(Debug, Clone)]
pub struct Pipeline {
    lexicon: Arc<Lexicon>,
    today: NaiveDate,
}

/// Configures a [`Pipeline`].
#[derive(Debug, Clone)]
pub struct PipelineBuilder {
    source: LexiconSource,
    lexicon: Option<Arc<Lexicon>>,
    today: Option<NaiveDate>,
}

impl Default for PipelineBuilder {
    fn default() -> Self {
        PipelineBuilder { source: LexiconSource { builtin: true, dirs: Vec::new() }, lexicon: None, today: None }
    }
}

impl PipelineBuilder {
    /// Layers a user's lexicon folder over the built-ins.
    pub fn lexicon_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.source.dirs.push(dir.into());
        self
    }

    /// Uses an already compiled lexicon.
    pub fn lexicon(mut self, lexicon: Arc<Lexicon>) -> Self {
        self.lexicon = Some(lexicon);
        self
    }

    /// The day "today" is for year inference without a published date
    /// (defaults to the system date; tests pin it).
    pub fn today(mut self, today: NaiveDate) -> Self {
        self.today = Some(today);
        self
    }

    pub fn build(self) -> Result<Pipeline, LexiconErrors> {
        let lexicon = match self.lexicon {
            Some(l) => l,
            None => Arc::new(Lexicon::load(&self.source)?),
        };
        let today = self.today.unwrap_or_else(|| chrono::Local::now().date_naive());
        Ok(Pipeline { lexicon, today })
    }
}

impl Pipeline {
    pub fn builder() -> PipelineBuilder {
        PipelineBuilder::default()
    }

    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    pub fn today(&self) -> NaiveDate {
        self.today
    }

    /// Codes one article: a pure function of the article and the lexicons.
    pub fn code(&self, article: &Article) -> Coded {
        let lx = &*self.lexicon;
        let raw = article.text.as_str();
        let text = Text::analyze(raw, lx);
        let mut actors = actors::analyze(raw, &text, lx, article.published);
        let quotes = speech::analyze(raw, &text, lx, &mut actors);
        let dates = time::analyze(&text, lx, &actors, article.published, self.today);
        let events = events::analyze(article, &text, lx, &actors, &quotes, &dates);
        Coded { article: article.clone(), text, actors, quotes, dates, events }
    }
}
