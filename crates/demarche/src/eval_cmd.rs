//! `demarche eval`: code gold articles (or read predictions) and score them.

use anyhow::{Context, Result};
use demarche_core::{Article, records};
use demarche_eval::{GoldArticle, PredictedPerson, PredictedQuote, Prediction};
use std::io::BufRead;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct EvalArgs {
    /// Gold files: .json (one article) or .jsonl (one per line).
    #[arg(required = true)]
    gold: Vec<PathBuf>,
    /// Score these predictions (JSONL) instead of coding the articles.
    #[arg(long)]
    pred: Option<PathBuf>,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
    /// Code the articles without their published date (dates from the text alone).
    #[arg(long)]
    ignore_published: bool,
    /// Exit with status 1 when strict F1 falls below this floor (for CI).
    #[arg(long, value_name = "F1")]
    min_f1: Option<f64>,
}

pub fn run(lexicons: &[PathBuf], args: EvalArgs) -> Result<ExitCode> {
    let mut gold: Vec<GoldArticle> = Vec::new();
    for g in &args.gold {
        gold.extend(demarche_eval::read_gold(g)?);
    }
    let (preds, people, quotes) = match &args.pred {
        Some(path) => (read_predictions(path)?, None, None),
        None => {
            let p = crate::pipeline(lexicons)?;
            let mut preds = Vec::new();
            let mut people = Vec::new();
            let mut quotes = Vec::new();
            for g in &gold {
                let published = if args.ignore_published {
                    None
                } else {
                    g.published.as_deref().and_then(demarche_ingest::parse_published)
                };
                let article = Article {
                    id: g.id.clone(),
                    source: g.source.clone(),
                    url: g.url.clone(),
                    published,
                    title: g.title.clone(),
                    text: g.text.clone().unwrap_or_default(),
                };
                let coded = p.code(&article);
                for e in records::events(&coded, &p.lexicon().version, false) {
                    preds.push(Prediction {
                        article_id: e.article_id.to_string(),
                        source: e.source.iter().map(|c| c.to_string()).collect(),
                        target: e.target.iter().map(|c| c.to_string()).collect(),
                        cameo: e.cameo.to_string(),
                        date: e.date.map(|d| d.to_string()),
                        sentence: Some(e.sentence.to_string()),
                        source_name: e.source_name,
                    });
                }
                for person in &coded.actors.persons {
                    people.push(PredictedPerson {
                        article_id: g.id.clone(),
                        name: person.name.clone(),
                        actor: person.actor.code.to_string(),
                    });
                }
                for q in records::quotes(&coded) {
                    if let Some(sp) = q.speaker {
                        quotes.push(PredictedQuote { article_id: g.id.clone(), speaker: sp, text: q.text });
                    }
                }
            }
            (preds, Some(people), Some(quotes))
        }
    };
    let report = demarche_eval::score(&gold, &preds, people.as_deref(), quotes.as_deref());
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", report.render());
    }
    if let Some(floor) = args.min_f1 {
        if report.strict.f1 < floor {
            eprintln!("error: strict F1 {:.3} is below the floor {floor:.3}", report.strict.f1);
            return Ok(ExitCode::FAILURE);
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn read_predictions(path: &PathBuf) -> Result<Vec<Prediction>> {
    let f = std::fs::File::open(path).with_context(|| format!("{}: cannot open", path.display()))?;
    let mut out = Vec::new();
    for (i, line) in std::io::BufReader::new(f).lines().enumerate() {
        let line = line.with_context(|| format!("{}:{}: cannot read", path.display(), i + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        let p: Prediction =
            serde_json::from_str(&line).with_context(|| format!("{}:{}: not a prediction", path.display(), i + 1))?;
        out.push(p);
    }
    Ok(out)
}
