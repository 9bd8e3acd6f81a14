//! Spec types: the lexicon files as written, before validation.
//!
//! These mirror the TOML one to one (see LEXICONS.md); the compiled,
//! matching-ready forms live in [`super::compile`].

use serde::Deserialize;
use std::collections::BTreeMap;

/// An example attached to an entry, run by `demarche lexicon test`.
#[derive(Debug, Clone, Deserialize, Default, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ExampleSpec {
    pub text: String,
    /// Publication date for the example ("YYYY-MM-DD").
    #[serde(default)]
    pub date: Option<String>,
    /// Actor entries: the expected code and sector of a mention.
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default)]
    pub sector: Option<String>,
    #[serde(default)]
    pub role: Option<String>,
    #[serde(default)]
    pub person: Option<String>,
    /// Actor entries: no mention of this entry's code may be found.
    #[serde(default)]
    pub absent: bool,
    /// Predicates: expected source and target codes (a string or a list).
    #[serde(default)]
    pub source: Option<Codes>,
    #[serde(default)]
    pub target: Option<Codes>,
    /// Predicates: `false` asserts the entry does not fire.
    #[serde(default)]
    pub event: Option<bool>,
    #[serde(default)]
    pub negated: Option<bool>,
    #[serde(default)]
    pub note: Option<String>,
}

/// One code or a list of codes.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum Codes {
    One(String),
    Many(Vec<String>),
}

impl Codes {
    pub fn to_vec(&self) -> Vec<String> {
        match self {
            Codes::One(c) => vec![c.clone()],
            Codes::Many(v) => v.clone(),
        }
    }
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SeatSpec {
    pub name: String,
    pub sector: String,
}

#[derive(Debug, Clone, Deserialize, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct AmbiguousSpec {
    pub name: String,
    /// Terms whose presence in the article rules this reading out.
    #[serde(default)]
    pub veto: Vec<String>,
    /// Terms whose presence in the article favours this reading.
    #[serde(default)]
    pub context: Vec<String>,
    /// The reading kept when no context decides.
    #[serde(default)]
    pub default: bool,
    /// Which kind of name this is: name (default), adjective, demonym, capital.
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Deserialize, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct StateSpec {
    pub id: String,
    pub code: String,
    pub name: String,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub names: Vec<String>,
    #[serde(default)]
    pub adjectives: Vec<String>,
    #[serde(default)]
    pub demonyms: Vec<String>,
    #[serde(default)]
    pub capitals: Vec<String>,
    #[serde(default)]
    pub seats: Vec<SeatSpec>,
    #[serde(default)]
    pub ambiguous: Vec<AmbiguousSpec>,
    #[serde(default)]
    pub examples: Vec<ExampleSpec>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Deserialize, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct OrganizationSpec {
    pub id: String,
    pub code: String,
    pub name: String,
    #[serde(default)]
    pub role: Option<String>,
    #[serde(default)]
    pub names: Vec<String>,
    #[serde(default)]
    pub adjectives: Vec<String>,
    #[serde(default)]
    pub descriptions: Vec<String>,
    #[serde(default)]
    pub sector: Option<String>,
    #[serde(default)]
    pub parent: Option<String>,
    #[serde(default)]
    pub ambiguous: Vec<AmbiguousSpec>,
    #[serde(default)]
    pub examples: Vec<ExampleSpec>,
    #[serde(default)]
    pub note: Option<String>,
}

/// An office held over a period: people's offices, institutions' affiliations.
#[derive(Debug, Clone, Deserialize, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct OfficeSpec {
    pub code: String,
    #[serde(default)]
    pub sector: Option<String>,
    #[serde(default)]
    pub role: Option<String>,
    #[serde(default)]
    pub from: Option<String>,
    #[serde(default)]
    pub to: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Deserialize, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct InstitutionSpec {
    pub id: String,
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default)]
    pub sector: Option<String>,
    pub name: String,
    #[serde(default)]
    pub names: Vec<String>,
    #[serde(default)]
    pub descriptions: Vec<String>,
    #[serde(default)]
    pub valid: Vec<OfficeSpec>,
    #[serde(default)]
    pub ambiguous: Vec<AmbiguousSpec>,
    #[serde(default)]
    pub examples: Vec<ExampleSpec>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Deserialize, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct AgentSpec {
    pub id: String,
    pub sector: String,
    pub names: Vec<String>,
    #[serde(default)]
    pub plural: bool,
    #[serde(default)]
    pub default_code: Option<String>,
    #[serde(default)]
    pub examples: Vec<ExampleSpec>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Deserialize, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct TitleSpec {
    pub id: String,
    #[serde(default)]
    pub sector: String,
    #[serde(default)]
    pub role: String,
    pub names: Vec<String>,
    #[serde(default)]
    pub refer: Vec<String>,
    #[serde(default)]
    pub default_code: Option<String>,
    #[serde(default)]
    pub courtesy: bool,
    #[serde(default)]
    pub examples: Vec<ExampleSpec>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Deserialize, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct PersonSpec {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub gender: Option<String>,
    #[serde(default)]
    pub offices: Vec<OfficeSpec>,
    #[serde(default)]
    pub examples: Vec<ExampleSpec>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Deserialize, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct CalendarWordSpec {
    pub id: String,
    pub number: i64,
    pub names: Vec<String>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Deserialize, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct RelativeSpec {
    pub id: String,
    pub names: Vec<String>,
    #[serde(default)]
    pub days: i64,
    #[serde(default)]
    pub anchor: Option<String>,
    #[serde(default)]
    pub precision: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Deserialize, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct NumberSpec {
    pub id: String,
    pub value: i64,
    pub names: Vec<String>,
    #[serde(default)]
    pub note: Option<String>,
}

/// Given names with a gender, so "he" and "she" find the right person.
#[derive(Debug, Clone, Deserialize, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct GivenSpec {
    pub id: String,
    pub gender: String,
    pub names: Vec<String>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Deserialize, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct SpeechSpec {
    pub id: String,
    pub patterns: Vec<String>,
    #[serde(default)]
    pub kind: Option<String>,
    /// Takes reported words without "that": "X said Russia would ...".
    #[serde(default)]
    pub bare: bool,
    #[serde(default)]
    pub examples: Vec<ExampleSpec>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Deserialize, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct PredicateSpec {
    pub id: String,
    pub code: String,
    pub patterns: Vec<String>,
    #[serde(default)]
    pub swap: bool,
    #[serde(default)]
    pub target: Option<String>,
    /// "speaker": the source is the speaker or evaluator, never a subject
    /// inside the clause ("X is an unacceptable threat").
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub examples: Vec<ExampleSpec>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Deserialize, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct DiscardSpec {
    pub id: String,
    #[serde(default)]
    pub scope: Option<String>,
    #[serde(default)]
    pub terms: Vec<String>,
    #[serde(default)]
    pub examples: Vec<ExampleSpec>,
    #[serde(default)]
    pub note: Option<String>,
}

/// A subject of negotiation ("security guarantees", "gas transit"): events whose
/// sentence names it are chained into one thread per dyad and topic.
#[derive(Debug, Clone, Deserialize, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct TopicSpec {
    pub id: String,
    /// The label shown to users.
    pub name: String,
    #[serde(default)]
    pub terms: Vec<String>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Deserialize, PartialEq, Default)]
#[serde(deny_unknown_fields)]
pub struct ModifierSpec {
    pub id: String,
    pub kind: String,
    pub patterns: Vec<String>,
    #[serde(default)]
    pub examples: Vec<ExampleSpec>,
    #[serde(default)]
    pub note: Option<String>,
}

/// Irregular inflections: lemma -> its other forms.
pub type Inflections = BTreeMap<String, Vec<String>>;

/// Every kind of entry, as parsed from one file.
#[derive(Debug, Clone, PartialEq)]
pub enum EntrySpec {
    State(StateSpec),
    Organization(OrganizationSpec),
    Institution(InstitutionSpec),
    Agent(AgentSpec),
    Title(TitleSpec),
    Person(PersonSpec),
    Month(CalendarWordSpec),
    Weekday(CalendarWordSpec),
    Relative(RelativeSpec),
    Number(NumberSpec),
    Given(GivenSpec),
    Speech(SpeechSpec),
    Predicate(PredicateSpec),
    Discard(DiscardSpec),
    Topic(TopicSpec),
    Modifier(ModifierSpec),
}

impl EntrySpec {
    pub fn id(&self) -> &str {
        match self {
            EntrySpec::State(s) => &s.id,
            EntrySpec::Organization(s) => &s.id,
            EntrySpec::Institution(s) => &s.id,
            EntrySpec::Agent(s) => &s.id,
            EntrySpec::Title(s) => &s.id,
            EntrySpec::Person(s) => &s.id,
            EntrySpec::Month(s) | EntrySpec::Weekday(s) => &s.id,
            EntrySpec::Relative(s) => &s.id,
            EntrySpec::Number(s) => &s.id,
            EntrySpec::Given(s) => &s.id,
            EntrySpec::Speech(s) => &s.id,
            EntrySpec::Predicate(s) => &s.id,
            EntrySpec::Discard(s) => &s.id,
            EntrySpec::Topic(s) => &s.id,
            EntrySpec::Modifier(s) => &s.id,
        }
    }

    /// The table name this kind is written under.
    pub fn kind(&self) -> &'static str {
        match self {
            EntrySpec::State(_) => "state",
            EntrySpec::Organization(_) => "organization",
            EntrySpec::Institution(_) => "institution",
            EntrySpec::Agent(_) => "agent",
            EntrySpec::Title(_) => "title",
            EntrySpec::Person(_) => "person",
            EntrySpec::Month(_) => "month",
            EntrySpec::Weekday(_) => "weekday",
            EntrySpec::Relative(_) => "relative",
            EntrySpec::Number(_) => "number",
            EntrySpec::Given(_) => "given",
            EntrySpec::Speech(_) => "speech",
            EntrySpec::Predicate(_) => "predicate",
            EntrySpec::Discard(_) => "discard",
            EntrySpec::Topic(_) => "topic",
            EntrySpec::Modifier(_) => "modifier",
        }
    }

    pub fn examples(&self) -> &[ExampleSpec] {
        match self {
            EntrySpec::State(s) => &s.examples,
            EntrySpec::Organization(s) => &s.examples,
            EntrySpec::Institution(s) => &s.examples,
            EntrySpec::Agent(s) => &s.examples,
            EntrySpec::Title(s) => &s.examples,
            EntrySpec::Person(s) => &s.examples,
            EntrySpec::Speech(s) => &s.examples,
            EntrySpec::Predicate(s) => &s.examples,
            EntrySpec::Discard(s) => &s.examples,
            EntrySpec::Modifier(s) => &s.examples,
            EntrySpec::Month(_)
            | EntrySpec::Weekday(_)
            | EntrySpec::Relative(_)
            | EntrySpec::Number(_)
            | EntrySpec::Topic(_)
            | EntrySpec::Given(_) => &[],
        }
    }
}

/// Where an entry was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub file: String,
    pub line: usize,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// One parsed entry and where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Located {
    pub origin: Origin,
    pub entry: EntrySpec,
    /// 0 for the built-in layer, 1.. for user layers.
    pub layer: usize,
}
