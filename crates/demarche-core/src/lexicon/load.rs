//! Loading: TOML files into located spec entries, every error kept.

use super::spec::*;
use serde::Deserialize;
use std::fmt;
use std::path::Path;
use toml::Spanned;

/// A problem in a lexicon file, with where it is and which entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexiconError {
    pub origin: Origin,
    pub id: Option<String>,
    pub message: String,
}

impl fmt::Display for LexiconError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.id {
            Some(id) => write!(f, "{}: {}: {}", self.origin, id, self.message),
            None => write!(f, "{}: {}", self.origin, self.message),
        }
    }
}

/// All the errors of a lexicon set, reported together.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct LexiconErrors(pub Vec<LexiconError>);

impl fmt::Display for LexiconErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

#[derive(Deserialize, Default)]
struct RawFile {
    #[serde(default)]
    state: Vec<Spanned<toml::Table>>,
    #[serde(default)]
    organization: Vec<Spanned<toml::Table>>,
    #[serde(default)]
    institution: Vec<Spanned<toml::Table>>,
    #[serde(default)]
    agent: Vec<Spanned<toml::Table>>,
    #[serde(default)]
    title: Vec<Spanned<toml::Table>>,
    #[serde(default)]
    person: Vec<Spanned<toml::Table>>,
    #[serde(default)]
    month: Vec<Spanned<toml::Table>>,
    #[serde(default)]
    weekday: Vec<Spanned<toml::Table>>,
    #[serde(default)]
    relative: Vec<Spanned<toml::Table>>,
    #[serde(default)]
    number: Vec<Spanned<toml::Table>>,
    #[serde(default)]
    given: Vec<Spanned<toml::Table>>,
    #[serde(default)]
    speech: Vec<Spanned<toml::Table>>,
    #[serde(default)]
    predicate: Vec<Spanned<toml::Table>>,
    #[serde(default)]
    discard: Vec<Spanned<toml::Table>>,
    #[serde(default)]
    topic: Vec<Spanned<toml::Table>>,
    #[serde(default)]
    modifier: Vec<Spanned<toml::Table>>,
}

const KINDS: &[&str] = &[
    "state",
    "organization",
    "institution",
    "agent",
    "title",
    "person",
    "month",
    "weekday",
    "relative",
    "number",
    "given",
    "speech",
    "predicate",
    "discard",
    "topic",
    "modifier",
    "inflections",
    "meta",
];

/// The parsed content of one file.
#[derive(Debug, Default)]
pub struct ParsedFile {
    pub entries: Vec<Located>,
    pub inflections: Vec<(Origin, Inflections)>,
    pub errors: Vec<LexiconError>,
}

fn line_of(src: &str, offset: usize) -> usize {
    src.as_bytes()[..offset.min(src.len())].iter().filter(|&&b| b == b'\n').count() + 1
}

/// Parses one lexicon file's text. `name` is how errors name the file.
pub fn parse_file(name: &str, src: &str, layer: usize) -> ParsedFile {
    let mut out = ParsedFile::default();
    let at = |line: usize| Origin { file: name.to_string(), line };
    let table: toml::Table = match toml::from_str(src) {
        Ok(t) => t,
        Err(e) => {
            let line = e.span().map_or(1, |s| line_of(src, s.start));
            out.errors.push(LexiconError { origin: at(line), id: None, message: e.message().trim().to_string() });
            return out;
        }
    };
    for key in table.keys() {
        if !KINDS.contains(&key.as_str()) {
            let line = src.find(key.as_str()).map_or(1, |o| line_of(src, o));
            out.errors.push(LexiconError {
                origin: at(line),
                id: None,
                message: format!("unknown table `{key}` (expected one of: {})", KINDS.join(", ")),
            });
        }
    }
    if let Some(infl) = table.get("inflections") {
        let line = src.find("[inflections]").map_or(1, |o| line_of(src, o));
        match infl.clone().try_into::<Inflections>() {
            Ok(i) => out.inflections.push((at(line), i)),
            Err(e) => out.errors.push(LexiconError {
                origin: at(line),
                id: None,
                message: format!("bad [inflections]: {}", e.message().trim()),
            }),
        }
    }
    let raw: RawFile = match toml::from_str(src) {
        Ok(r) => r,
        Err(e) => {
            let line = e.span().map_or(1, |s| line_of(src, s.start));
            out.errors.push(LexiconError { origin: at(line), id: None, message: e.message().trim().to_string() });
            return out;
        }
    };
    let groups: [(&str, Vec<Spanned<toml::Table>>); 16] = [
        ("state", raw.state),
        ("organization", raw.organization),
        ("institution", raw.institution),
        ("agent", raw.agent),
        ("title", raw.title),
        ("person", raw.person),
        ("month", raw.month),
        ("weekday", raw.weekday),
        ("relative", raw.relative),
        ("number", raw.number),
        ("given", raw.given),
        ("speech", raw.speech),
        ("predicate", raw.predicate),
        ("discard", raw.discard),
        ("topic", raw.topic),
        ("modifier", raw.modifier),
    ];
    for (kind, items) in groups {
        for item in items {
            let line = line_of(src, item.span().start);
            let table = item.into_inner();
            let id = table.get("id").and_then(|v| v.as_str()).map(str::to_string);
            match to_entry(kind, table) {
                Ok(entry) => out.entries.push(Located { origin: at(line), entry, layer }),
                Err(message) => out.errors.push(LexiconError { origin: at(line), id, message }),
            }
        }
    }
    out
}

fn to_entry(kind: &str, table: toml::Table) -> Result<EntrySpec, String> {
    let v = toml::Value::Table(table);
    let msg = |e: toml::de::Error| format!("bad {kind}: {}", e.message().trim());
    Ok(match kind {
        "state" => EntrySpec::State(v.try_into().map_err(msg)?),
        "organization" => EntrySpec::Organization(v.try_into().map_err(msg)?),
        "institution" => EntrySpec::Institution(v.try_into().map_err(msg)?),
        "agent" => EntrySpec::Agent(v.try_into().map_err(msg)?),
        "title" => EntrySpec::Title(v.try_into().map_err(msg)?),
        "person" => EntrySpec::Person(v.try_into().map_err(msg)?),
        "month" => EntrySpec::Month(v.try_into().map_err(msg)?),
        "weekday" => EntrySpec::Weekday(v.try_into().map_err(msg)?),
        "relative" => EntrySpec::Relative(v.try_into().map_err(msg)?),
        "number" => EntrySpec::Number(v.try_into().map_err(msg)?),
        "given" => EntrySpec::Given(v.try_into().map_err(msg)?),
        "speech" => EntrySpec::Speech(v.try_into().map_err(msg)?),
        "predicate" => EntrySpec::Predicate(v.try_into().map_err(msg)?),
        "discard" => EntrySpec::Discard(v.try_into().map_err(msg)?),
        "topic" => EntrySpec::Topic(v.try_into().map_err(msg)?),
        "modifier" => EntrySpec::Modifier(v.try_into().map_err(msg)?),
        other => return Err(format!("unknown kind `{other}`")),
    })
}

/// The built-in lexicon files, embedded at build time from `lexicons/en/`.
pub fn builtin_files() -> &'static [(&'static str, &'static str)] {
    include!(concat!(env!("OUT_DIR"), "/builtin_lexicons.rs"))
}

/// Reads every `*.toml` file under `dir` (recursively, in name order).
pub fn read_dir(dir: &Path) -> Result<Vec<(String, String)>, LexiconError> {
    let mut files = Vec::new();
    let err = |p: &Path, e: std::io::Error| LexiconError {
        origin: Origin { file: p.display().to_string(), line: 0 },
        id: None,
        message: format!("cannot read: {e}"),
    };
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let rd = std::fs::read_dir(&d).map_err(|e| err(&d, e))?;
        for entry in rd {
            let entry = entry.map_err(|e| err(&d, e))?;
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "toml") {
                let src = std::fs::read_to_string(&path).map_err(|e| err(&path, e))?;
                files.push((path.display().to_string(), src));
            }
        }
    }
    files.sort();
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_carry_their_lines_and_errors_are_all_kept() {
        let src = "[[state]]\nid = \"state/aaa\"\ncode = \"AAA\"\nname = \"A\"\n\n[[state]]\nid = \"state/bbb\"\nname = 3\n\n[[agent]]\nid = \"agent/x\"\nsector = \"GOV\"\nnames = [\"x\"]\nbogus = 1\n[other]\n";
        let parsed = parse_file("t.toml", src, 1);
        assert_eq!(parsed.entries.len(), 1);
        assert_eq!(parsed.entries[0].origin.line, 1);
        let lines: Vec<usize> = parsed.errors.iter().map(|e| e.origin.line).collect();
        assert_eq!(lines, [15, 6, 10], "{:#?}", parsed.errors);
        assert_eq!(parsed.errors[1].id.as_deref(), Some("state/bbb"));
    }
}
