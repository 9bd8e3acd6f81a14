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
use std::time::{Duration, Instant};

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
        self.code_with(article, None)
    }

    /// [`Pipeline::code`], adding each stage's time to `times` (for benchmarks).
    pub fn code_timed(&self, article: &Article, times: &mut StageTimes) -> Coded {
        self.code_with(article, Some(times))
    }

    fn code_with(&self, article: &Article, mut times: Option<&mut StageTimes>) -> Coded {
        // The clock is read only when timing, so `code` pays nothing for it.
        let mut clock = times.as_ref().map(|_| Instant::now());
        let mut lap = |slot: fn(&mut StageTimes) -> &mut Duration| {
            if let (Some(t), Some(c)) = (times.as_deref_mut(), clock.as_mut()) {
                let now = Instant::now();
                *slot(t) += now - *c;
                *c = now;
            }
        };
        let lx = &*self.lexicon;
        let raw = article.text.as_str();
        let text = Text::analyze(raw, lx);
        lap(|t| &mut t.text);
        let mut actors = actors::analyze(raw, &text, lx, article.published);
        lap(|t| &mut t.actors);
        // The pattern sets' word ids, for the speech and events stages.
        let ids = lx.token_ids(&text);
        let quotes = speech::analyze(raw, &text, lx, &ids, &mut actors);
        lap(|t| &mut t.speech);
        let dates = time::analyze(&text, lx, &actors, article.published, self.today);
        lap(|t| &mut t.time);
        let events = events::analyze(article, &text, lx, &ids, &actors, &quotes, &dates);
        lap(|t| &mut t.events);
        Coded { article: article.clone(), text, actors, quotes, dates, events }
    }
}

/// Time spent in each stage, summed over the articles coded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StageTimes {
    pub text: Duration,
    pub actors: Duration,
    pub speech: Duration,
    pub time: Duration,
    pub events: Duration,
}

impl StageTimes {
    /// The stages by name, in pipeline order.
    pub fn named(&self) -> [(&'static str, Duration); 5] {
        [
            ("text", self.text),
            ("actors", self.actors),
            ("speech", self.speech),
            ("time", self.time),
            ("events", self.events),
        ]
    }

    pub fn total(&self) -> Duration {
        self.named().iter().map(|(_, d)| *d).sum()
    }

    pub fn add(&mut self, other: &StageTimes) {
        self.text += other.text;
        self.actors += other.actors;
        self.speech += other.speech;
        self.time += other.time;
        self.events += other.events;
    }
}
