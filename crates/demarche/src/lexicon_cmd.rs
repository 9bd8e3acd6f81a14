//! `demarche lexicon check|dump|test`.

use anyhow::Result;
use clap::Subcommand;
use demarche_core::lexicon::spec::{EntrySpec, Located};
use demarche_core::lexicon::{Lexicon, LexiconSource};
use serde_json::{Value, json};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Subcommand, Debug)]
pub enum LexiconAction {
    /// Validate the lexicons (the built-ins, plus DIR layered on top); report every error.
    Check {
        dir: Option<PathBuf>,
        /// Check DIR alone, without the built-ins.
        #[arg(long)]
        alone: bool,
    },
    /// Every compiled entry as JSONL.
    Dump,
    /// Run the examples of every entry.
    Test {
        /// Only entries whose id starts with this.
        #[arg(long)]
        only: Option<String>,
    },
}

pub fn run(layers: &[PathBuf], action: LexiconAction) -> Result<ExitCode> {
    match action {
        LexiconAction::Check { dir, alone } => {
            let mut dirs = layers.to_vec();
            dirs.extend(dir);
            let source = LexiconSource { builtin: !alone, dirs };
            match Lexicon::load(&source) {
                Ok(lx) => {
                    println!("ok: {} entries, lexicon version {}", lx.entry_count(), lx.version);
                    Ok(ExitCode::SUCCESS)
                }
                Err(errors) => {
                    for e in &errors.0 {
                        eprintln!("{e}");
                    }
                    eprintln!("{} error(s)", errors.0.len());
                    Ok(ExitCode::FAILURE)
                }
            }
        }
        LexiconAction::Dump => {
            let p = crate::pipeline(layers)?;
            let mut out = std::io::stdout().lock();
            for l in &p.lexicon().specs {
                if writeln!(out, "{}", dump(l)).is_err() {
                    break;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        LexiconAction::Test { only } => {
            let p = crate::pipeline(layers)?;
            let report = demarche_core::examples::run(&p, only.as_deref());
            for f in &report.failures {
                println!("FAIL {} ({}): {:?}\n     {}", f.id, f.origin, f.text, f.problem);
            }
            println!("{} example(s) run, {} failed", report.run, report.failures.len());
            Ok(if report.failures.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
        }
    }
}

/// One entry as a JSON object: id, kind, code, sector, names and the rest.
fn dump(l: &Located) -> Value {
    let mut v = match &l.entry {
        EntrySpec::State(s) => json!({
            "code": s.code, "sector": null, "name": s.name, "status": s.status,
            "names": s.names, "adjectives": s.adjectives, "demonyms": s.demonyms, "capitals": s.capitals,
            "seats": s.seats.iter().map(|x| json!({"name": x.name, "sector": x.sector})).collect::<Vec<_>>(),
            "ambiguous": s.ambiguous.iter().map(|a| a.name.clone()).collect::<Vec<_>>(),
        }),
        EntrySpec::Organization(o) => json!({
            "code": o.code, "sector": o.sector.clone().unwrap_or_else(|| "IGO".into()), "name": o.name, "role": o.role,
            "names": o.names, "descriptions": o.descriptions,
        }),
        EntrySpec::Institution(i) => json!({
            "code": i.code, "sector": i.sector, "name": i.name, "names": i.names, "descriptions": i.descriptions,
        }),
        EntrySpec::Agent(a) => {
            json!({"code": a.default_code, "sector": a.sector, "names": a.names, "plural": a.plural})
        }
        EntrySpec::Title(t) => {
            json!({"code": t.default_code, "sector": t.sector, "role": t.role, "names": t.names, "refer": t.refer})
        }
        EntrySpec::Person(p) => json!({
            "code": p.offices.first().map(|o| o.code.clone()),
            "sector": p.offices.first().and_then(|o| o.sector.clone()),
            "name": p.name, "names": std::iter::once(p.name.clone()).chain(p.aliases.iter().cloned()).collect::<Vec<_>>(),
            "offices": p.offices.iter().map(|o| json!({"code": o.code, "sector": o.sector, "role": o.role, "from": o.from, "to": o.to})).collect::<Vec<_>>(),
        }),
        EntrySpec::Month(m) | EntrySpec::Weekday(m) => json!({"number": m.number, "names": m.names}),
        EntrySpec::Relative(r) => {
            json!({"days": r.days, "anchor": r.anchor, "precision": r.precision, "names": r.names})
        }
        EntrySpec::Number(n) => json!({"value": n.value, "names": n.names}),
        EntrySpec::Given(g) => json!({"gender": g.gender, "names": g.names}),
        EntrySpec::Speech(s) => json!({"speech_kind": s.kind, "names": s.patterns}),
        EntrySpec::Predicate(p) => json!({"code": p.code, "cameo": p.code, "names": p.patterns, "swap": p.swap}),
        EntrySpec::Discard(d) => json!({"scope": d.scope, "names": d.terms}),
        EntrySpec::Topic(t) => json!({"topic": t.name, "names": t.terms}),
        EntrySpec::Modifier(m) => json!({"modifier": m.kind, "names": m.patterns}),
    };
    if let Value::Object(o) = &mut v {
        o.insert("id".into(), json!(l.entry.id()));
        o.insert("kind".into(), json!(l.entry.kind()));
        o.insert("file".into(), json!(l.origin.file));
        o.insert("line".into(), json!(l.origin.line));
        o.entry("sector").or_insert(Value::Null);
        o.entry("code").or_insert(Value::Null);
    }
    v
}
