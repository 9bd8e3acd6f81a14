//! Running the `examples` of lexicon entries (`demarche lexicon test`).

use crate::actors::MentionKind;
use crate::article::Article;
use crate::lexicon::spec::{EntrySpec, ExampleSpec, Located};
use crate::lexicon::validate::parse_date;
use crate::pipeline::{Coded, Pipeline};

/// One example that did not code as its entry says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFailure {
    pub id: String,
    pub origin: String,
    pub text: String,
    pub problem: String,
}

/// Counts and failures of a run over all examples.
#[derive(Debug, Clone, Default)]
pub struct ExampleReport {
    pub run: usize,
    pub failures: Vec<ExampleFailure>,
}

fn code_example(p: &Pipeline, ex: &ExampleSpec) -> Coded {
    let article = Article::new("example", ex.text.clone()).with_published(ex.date.as_deref().and_then(parse_date));
    p.code(&article)
}

fn check_actor(coded: &Coded, ex: &ExampleSpec, entry_code: &str) -> Option<String> {
    let mentions: Vec<_> = coded.actors.mentions.iter().filter(|m| m.kind != MentionKind::Pronoun).collect();
    let code = ex.code.clone().filter(|c| !c.is_empty());
    if ex.absent {
        let c = code.as_deref().unwrap_or(entry_code);
        return mentions.iter().any(|m| m.actor.code == c).then(|| format!("found a mention of {c}, expected none"));
    }
    let found = mentions.iter().any(|m| {
        code.as_deref().is_none_or(|c| m.actor.code == c)
            && ex.sector.as_deref().filter(|s| !s.is_empty()).is_none_or(|s| m.actor.sector.as_deref() == Some(s))
            && ex.person.as_deref().is_none_or(|n| m.actor.name.as_deref() == Some(n))
            && ex.role.as_deref().is_none_or(|r| m.actor.role.as_deref().is_some_and(|x| x.eq_ignore_ascii_case(r)))
    });
    if found {
        return None;
    }
    let got: Vec<String> = mentions
        .iter()
        .map(|m| format!("{:?}={}", m.span.text(&coded.article.text), crate::explain::actor_label(&m.actor)))
        .collect();
    Some(format!(
        "expected {}{}{}, got [{}]",
        code.as_deref().unwrap_or("any code"),
        ex.sector.as_deref().map(|s| format!(" {s}")).unwrap_or_default(),
        ex.person.as_deref().map(|s| format!(" ({s})")).unwrap_or_default(),
        got.join("; ")
    ))
}

fn check_predicate(coded: &Coded, ex: &ExampleSpec, id: &str, code: &str) -> Option<String> {
    let mine: Vec<_> = coded.events.iter().filter(|e| e.entries.first().is_some_and(|x| x == id)).collect();
    if ex.event == Some(false) {
        return (!mine.is_empty()).then(|| format!("fired {} time(s), expected no event from this entry", mine.len()));
    }
    let want_code = ex.code.as_deref().filter(|c| !c.is_empty()).unwrap_or(code);
    let want_source = ex.source.as_ref().map(|c| c.to_vec()).unwrap_or_default();
    let want_target = ex.target.as_ref().map(|c| c.to_vec()).unwrap_or_default();
    let ok = mine.iter().any(|e| {
        let codes = |v: &[crate::actors::Actor]| v.iter().map(|a| a.code.to_string()).collect::<Vec<_>>();
        let (s, t) = (codes(&e.source), codes(&e.target));
        e.cameo.starts_with(crate::ontology::root(want_code))
            && (want_source.is_empty() || want_source.iter().any(|c| s.contains(c)))
            && (want_target.is_empty() || want_target.iter().any(|c| t.contains(c)))
            && ex.negated.is_none_or(|n| n == e.negated)
    });
    if ok {
        return None;
    }
    let got: Vec<String> = coded
        .events
        .iter()
        .map(|e| {
            format!(
                "{} {:?}->{:?}{} ({})",
                e.cameo,
                e.source.iter().map(|a| a.code.as_str()).collect::<Vec<_>>(),
                e.target.iter().map(|a| a.code.as_str()).collect::<Vec<_>>(),
                if e.negated { " negated" } else { "" },
                e.entries.first().map_or("", smol_str::SmolStr::as_str)
            )
        })
        .collect();
    Some(format!("expected {want_code} {want_source:?}->{want_target:?}, got [{}]", got.join("; ")))
}

/// Runs every example of every entry (optionally only ids starting with `filter`).
pub fn run(p: &Pipeline, filter: Option<&str>) -> ExampleReport {
    let mut report = ExampleReport::default();
    let specs: Vec<&Located> =
        p.lexicon().specs.iter().filter(|l| filter.is_none_or(|f| l.entry.id().starts_with(f))).collect();
    for l in specs {
        for ex in l.entry.examples() {
            let problem = match &l.entry {
                EntrySpec::State(s) => check_actor(&code_example(p, ex), ex, &s.code),
                EntrySpec::Organization(o) => check_actor(&code_example(p, ex), ex, &o.code),
                EntrySpec::Institution(i) => check_actor(&code_example(p, ex), ex, i.code.as_deref().unwrap_or("")),
                EntrySpec::Agent(_) | EntrySpec::Title(_) | EntrySpec::Person(_) => {
                    check_actor(&code_example(p, ex), ex, "")
                }
                EntrySpec::Predicate(pr) => check_predicate(&code_example(p, ex), ex, &pr.id, &pr.code),
                EntrySpec::Discard(_) => {
                    let coded = code_example(p, ex);
                    (!coded.events.is_empty()).then(|| format!("{} event(s), expected none", coded.events.len()))
                }
                _ => continue,
            };
            report.run += 1;
            if let Some(problem) = problem {
                report.failures.push(ExampleFailure {
                    id: l.entry.id().to_string(),
                    origin: l.origin.to_string(),
                    text: ex.text.clone(),
                    problem,
                });
            }
        }
    }
    report
}
