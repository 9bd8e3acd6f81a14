//! The time stage: date expressions resolved to days.
//!
//! Explicit dates in the usual forms ("December 17", "Dec. 17, 2021",
//! "17 December", "2021-12-17", "Thursday, December 23"), weekdays, and
//! relative expressions ("yesterday", "the day before", "two days later",
//! "last week"). A missing year comes from the published date (the nearest
//! such date not after it, or not before it when the sentence speaks of the
//! future); with no published date, a weekday fixes the year (the latest
//! year, not after today, in which that day fell on that weekday), and other
//! dates take the year of the article's reference date. "The day before" and
//! "two days later" count from the date last mentioned. Every date keeps its
//! span, the lexicon entries that fired, and how it was resolved.

use crate::actors::Actors;
use crate::lexicon::{DateWordKind, Lexicon, NameRole, Precision};
use crate::span::Span;
use crate::text::{Text, TokenKind, among};
use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::Serialize;
use std::ops::Range;

/// How a date was fixed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DateHow {
    /// Day, month and year are all in the text.
    Explicit,
    /// The year comes from the published date.
    YearFromPublished,
    /// The year is the latest in which the day fell on the stated weekday.
    YearFromWeekday,
    /// The year comes from the article's reference date (its first dated day).
    YearFromContext,
    /// Counted from the published date ("yesterday", "on Monday").
    FromPublished,
    /// Counted from the date last mentioned ("the day before").
    FromPrevious,
    /// The text does not fix the day.
    Unresolved,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DateMention {
    pub span: Span,
    #[serde(skip)]
    pub tokens: Range<usize>,
    pub sentence: usize,
    /// The day; for week and month precision, the day the expression points at.
    pub date: Option<NaiveDate>,
    pub precision: Precision,
    /// Year alone ("in 1997"), when only the year is known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    /// Month and day when the year cannot be fixed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub month_day: Option<(u32, u32)>,
    pub how: DateHow,
    pub entries: Vec<String>,
    /// "As reported on December 20 by ...": the date of a report.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub reported: bool,
}

/// A month-day expression before its year is fixed.
struct Partial {
    month: u32,
    day: Option<u32>,
    year: Option<i32>,
    weekday: Option<u32>,
    precision: Precision,
}

/// Common irregular past forms: a sentence holding one reports the past.
const PAST: &[&str] = &[
    "was",
    "were",
    "had",
    "said",
    "told",
    "met",
    "held",
    "took",
    "gave",
    "made",
    "came",
    "went",
    "sent",
    "spoke",
    "saw",
    "led",
    "began",
    "fought",
    "struck",
    "hit",
    "shot",
    "fell",
    "rose",
    "won",
    "lost",
    "left",
    "kept",
    "brought",
    "thought",
    "sought",
    "ran",
    "wrote",
    "became",
    "did",
    "knew",
    "found",
    "felt",
    "stood",
    "ago",
    "yesterday",
    "last",
];

/// "the 20th anniversary of [the] <date>": the number of years back.
fn anniversary_before(sc: &Scan, first: usize) -> Option<i32> {
    let mut k = first;
    if k > 0 && sc.norm(k - 1) == "the" {
        k -= 1;
    }
    if k < 3 || sc.norm(k - 1) != "of" || sc.norm(k - 2) != "anniversary" {
        return None;
    }
    let n = sc.norm(k - 3);
    let digits = ["st", "nd", "rd", "th"].iter().find_map(|s| n.strip_suffix(s)).unwrap_or(n);
    digits.parse().ok().filter(|y: &i32| (1..=200).contains(y))
}

/// Words before a date that put it in the future: "will meet on Monday".
const FUTURE: &[&str] = &[
    "will",
    "would",
    "'ll",
    "shall",
    "scheduled",
    "expected",
    "plans",
    "plan",
    "planned",
    "next",
    "upcoming",
    "due",
    "set",
];

struct Scan<'a> {
    text: &'a Text,
    lx: &'a Lexicon,
    /// Token -> (date word index, role) for lexicon date words starting there.
    word_at: Vec<Option<(usize, NameRole, usize)>>,
}

impl Scan<'_> {
    fn norm(&self, t: usize) -> &str {
        if t < self.text.tokens.len() { self.text.norm(t) } else { "" }
    }

    fn month_at(&self, t: usize) -> Option<(u32, usize, &str)> {
        let (k, role, end) = self.word_at.get(t).copied().flatten()?;
        match (role, self.lx.dates[k].kind) {
            (NameRole::Month, DateWordKind::Month(m)) => Some((m, end, &self.lx.dates[k].id)),
            _ => None,
        }
    }

    fn weekday_at(&self, t: usize) -> Option<(u32, usize, &str)> {
        let (k, role, end) = self.word_at.get(t).copied().flatten()?;
        match (role, self.lx.dates[k].kind) {
            (NameRole::Weekday, DateWordKind::Weekday(w)) => Some((w, end, &self.lx.dates[k].id)),
            _ => None,
        }
    }

    fn number_at(&self, t: usize) -> Option<(i64, usize)> {
        let tok = self.text.tokens.get(t)?;
        if tok.kind == TokenKind::Number {
            return self.norm(t).parse().ok().map(|n| (n, t + 1));
        }
        let (k, role, end) = self.word_at.get(t).copied().flatten()?;
        match (role, self.lx.dates[k].kind) {
            (NameRole::Number, DateWordKind::Number(n)) => Some((n, end)),
            _ => None,
        }
    }

    fn day_at(&self, t: usize) -> Option<(u32, usize)> {
        let tok = self.text.tokens.get(t)?;
        let w = self.norm(t);
        // Asked of every token: a day starts with a digit, whatever its kind.
        if !w.as_bytes().first().is_some_and(u8::is_ascii_digit) {
            return None;
        }
        // "15th" is one word token; "15" a number.
        let digits = match tok.kind {
            TokenKind::Number => w,
            TokenKind::Word => ["st", "nd", "rd", "th"]
                .iter()
                .find_map(|s| w.strip_suffix(s))
                .filter(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))?,
            _ => return None,
        };
        let d: u32 = digits.parse().ok()?;
        let mut end = t + 1;
        // "17th", "1st": the suffix is a separate word token glued to the number.
        if let Some(n) = self.text.tokens.get(end) {
            if !n.space_before && matches!(self.norm(end), "st" | "nd" | "rd" | "th") {
                end += 1;
            }
        }
        (1..=31).contains(&d).then_some((d, end))
    }

    fn year_at(&self, t: usize) -> Option<(i32, usize)> {
        let tok = self.text.tokens.get(t)?;
        let w = self.norm(t);
        (tok.kind == TokenKind::Number && w.len() == 4)
            .then(|| w.parse().ok())
            .flatten()
            .filter(|y| (1800..=2200).contains(y))
            .map(|y| (y, t + 1))
    }
}

fn weekday_of(n: u32) -> Weekday {
    match n {
        1 => Weekday::Mon,
        2 => Weekday::Tue,
        3 => Weekday::Wed,
        4 => Weekday::Thu,
        5 => Weekday::Fri,
        6 => Weekday::Sat,
        _ => Weekday::Sun,
    }
}

fn add_days(d: NaiveDate, n: i64) -> Option<NaiveDate> {
    if n >= 0 { d.checked_add_days(Days::new(n as u64)) } else { d.checked_sub_days(Days::new(n.unsigned_abs())) }
}

/// The latest year, not after `today`, in which month/day fell on `weekday`.
pub fn year_from_weekday(month: u32, day: u32, weekday: u32, today: NaiveDate) -> Option<NaiveDate> {
    (today.year() - 60..=today.year())
        .rev()
        .filter_map(|y| NaiveDate::from_ymd_opt(y, month, day))
        .find(|d| *d <= today && d.weekday() == weekday_of(weekday))
}

/// The first day of the month nearest to `anchor`, either way ("in January"
/// written in December is next month).
fn nearest_month(month: u32, anchor: NaiveDate) -> Option<NaiveDate> {
    let here = anchor.year() * 12 + anchor.month0() as i32;
    (anchor.year() - 1..=anchor.year() + 1)
        .filter_map(|y| NaiveDate::from_ymd_opt(y, month, 1))
        .min_by_key(|d| (d.year() * 12 + d.month0() as i32 - here).abs())
}

/// The month/day nearest to `anchor`: not after it for past events, not before for future ones.
fn nearest(month: u32, day: u32, anchor: NaiveDate, future: bool) -> Option<NaiveDate> {
    let this = NaiveDate::from_ymd_opt(anchor.year(), month, day);
    if future {
        match this {
            Some(d) if d >= anchor || (day == 1 && month == anchor.month()) => Some(d),
            _ => NaiveDate::from_ymd_opt(anchor.year() + 1, month, day),
        }
    } else {
        match this {
            Some(d) if d <= anchor => Some(d),
            _ => NaiveDate::from_ymd_opt(anchor.year() - 1, month, day),
        }
    }
}

/// Runs the time stage.
pub fn analyze(
    text: &Text,
    lx: &Lexicon,
    actors: &Actors,
    published: Option<NaiveDate>,
    today: NaiveDate,
) -> Vec<DateMention> {
    let mut word_at = vec![None; text.tokens.len()];
    for m in &actors.date_words {
        if word_at[m.tokens.start].is_none() {
            word_at[m.tokens.start] = Some((m.target.entry as usize, m.target.role, m.tokens.end));
        }
    }
    let sc = Scan { text, lx, word_at };
    let mut out: Vec<DateMention> = Vec::new();
    let mut ctx = Context { published, reference: published, previous: published, today };
    let mut previous_at = 0;
    for (si, s) in text.sentences.iter().enumerate() {
        // "The day before" counts from a date given in the last few sentences; one given in
        // passing much earlier is stale, and the news of the day is the anchor again.
        if si > previous_at + STALE_AFTER {
            ctx.previous = ctx.reference;
        }
        // Past tense: a past form of the list, or an -ed verb right after its subject
        // ("Russia attacked", "he accused"); "exiled dissidents" and "scheduled to" are not.
        // Asked only of sentences holding a date: most hold none.
        let toks = &text.tokens[s.tokens.clone()];
        let past = || {
            toks.iter().enumerate().any(|(i, tok)| {
                let w = tok.norm(&text.folded);
                let after_subject = i > 0 && {
                    let p = &toks[i - 1];
                    p.is_capitalized(&text.folded)
                        || matches!(p.norm(&text.folded), "he" | "she" | "it" | "they" | "we" | "i")
                };
                tok.kind == TokenKind::Word
                    && (among(PAST, w)
                        || after_subject
                            && w.len() > 4
                            && w.ends_with("ed")
                            && !matches!(w, "scheduled" | "expected" | "planned" | "supposed"))
            })
        };
        let mut t = s.tokens.start;
        while t < s.tokens.end {
            let Some((found, stop, entries)) = parse_found(&sc, t, s.tokens.end) else {
                t += 1;
                continue;
            };
            // "in 1997" is the date "1997"; "last Thursday" keeps its "last".
            let first = match found {
                Found::Year(_) => t + 1,
                Found::Weekday { shift: Shift::Last | Shift::Next, .. } if t > s.tokens.start => t - 1,
                _ => t,
            };
            // "early next week", "late last month".
            let first = if first > s.tokens.start
                && matches!(found, Found::Relative { .. })
                && matches!(sc.norm(first - 1), "early" | "late")
            {
                first - 1
            } else {
                first
            };
            let span = Span::new(text.tokens[first].span.start, text.tokens[stop - 1].span.end);
            // Future when a future word comes shortly before the date, in its clause.
            let future = (first.saturating_sub(12).max(s.tokens.start)..first)
                .rev()
                .take_while(|&k| !matches!(sc.norm(k), "." | ";" | "said" | "says"))
                .any(|k| {
                    among(FUTURE, sc.norm(k))
                        && (!matches!(sc.norm(k), "expected" | "due" | "set" | "plans" | "planned")
                            || sc.norm(k + 1) == "to"
                            || sc.norm(k + 1) == "for")
                });
            // "in the early hours of Sunday": the weekday is the date.
            if matches!(found, Found::Relative { .. })
                && sc.norm(stop) == "of"
                && (sc.weekday_at(stop + 1).is_some() || sc.month_at(stop + 1).is_some())
            {
                t = stop;
                continue;
            }
            let mut m = ctx.resolve(found, future, past());
            // "the 20th anniversary of the Sept. 11 attacks": twenty years before.
            // The anniversary itself is the nearest such day, either way, of the reference.
            if let Some(n) = anniversary_before(&sc, first) {
                let anchor = ctx.reference;
                m.date = m.date.and_then(|d| {
                    let near = anchor.and_then(|a| {
                        (a.year() - 1..=a.year() + 1)
                            .filter_map(|y| NaiveDate::from_ymd_opt(y, d.month(), d.day()))
                            .min_by_key(|x| (*x - a).num_days().abs())
                    });
                    let d = near.unwrap_or(d);
                    NaiveDate::from_ymd_opt(d.year() - n, d.month(), d.day())
                });
            }
            let at = first;
            m.span = span;
            m.tokens = at..stop;
            m.sentence = si;
            m.entries = entries;
            m.reported = at >= 1 && matches!(sc.norm(at - 1), "reported" | "published")
                || at >= 2
                    && matches!(sc.norm(at - 1), "on" | "of")
                    && matches!(sc.norm(at - 2), "reported" | "published");
            if let Some(d) = m.date {
                ctx.previous = Some(d);
                previous_at = si;
            }
            out.push(m);
            t = stop;
        }
    }
    out
}

/// Sentences after which a mentioned date no longer anchors "the day before".
const STALE_AFTER: usize = 5;

/// What a parse found, before its year or anchor is fixed.
enum Found {
    Calendar(Partial),
    Relative { days: i64, from_previous: bool, precision: Precision },
    Weekday { weekday: u32, shift: Shift },
    Year(i32),
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Shift {
    /// "on Monday": the nearest, on or before the anchor (after it for the future).
    Nearest,
    /// "last Monday": strictly before.
    Last,
    /// "next Monday": strictly after.
    Next,
}

struct Context {
    published: Option<NaiveDate>,
    /// The published date, or the first day the text fixes by itself.
    reference: Option<NaiveDate>,
    /// The date last mentioned.
    previous: Option<NaiveDate>,
    today: NaiveDate,
}

impl Context {
    fn resolve(&mut self, found: Found, future: bool, past: bool) -> DateMention {
        let mut m = DateMention {
            span: Span::default(),
            tokens: 0..0,
            sentence: 0,
            date: None,
            precision: Precision::Day,
            year: None,
            month_day: None,
            how: DateHow::Unresolved,
            entries: Vec::new(),
            reported: false,
        };
        match found {
            Found::Year(y) => {
                m.precision = Precision::Year;
                m.year = Some(y);
            }
            Found::Calendar(p) => {
                m.precision = p.precision;
                let day = p.day.unwrap_or(1);
                if let Some(y) = p.year {
                    m.date = NaiveDate::from_ymd_opt(y, p.month, day);
                    m.how = DateHow::Explicit;
                } else if let Some(pubd) = self.published {
                    m.date = if p.precision == Precision::Month && !future {
                        nearest_month(p.month, pubd)
                    } else {
                        nearest(p.month, day, pubd, future)
                    };
                    m.how = DateHow::YearFromPublished;
                } else if let Some(w) = p.weekday.filter(|_| p.day.is_some()) {
                    m.date = year_from_weekday(p.month, day, w, self.today);
                    m.how = DateHow::YearFromWeekday;
                } else if let Some(r) = self.reference {
                    m.date = nearest(p.month, day, r, future);
                    m.how = DateHow::YearFromContext;
                }
                if m.date.is_none() {
                    m.month_day = Some((p.month, day));
                    m.how = DateHow::Unresolved;
                }
                if p.precision == Precision::Month {
                    m.date = m.date.and_then(|d| d.with_day(1));
                }
                if self.reference.is_none() && m.date.is_some() && m.precision == Precision::Day {
                    self.reference = m.date;
                }
            }
            Found::Relative { days, from_previous, precision } => {
                m.precision = precision;
                let anchor = if from_previous { self.previous.or(self.reference) } else { self.reference };
                m.date = anchor.and_then(|a| match precision {
                    // "last month" is the month before; the day is its first.
                    Precision::Month => {
                        let months = (days as f64 / 30.0).round() as i32;
                        let total = a.year() * 12 + a.month0() as i32 + months;
                        NaiveDate::from_ymd_opt(total.div_euclid(12), total.rem_euclid(12) as u32 + 1, 1)
                    }
                    Precision::Year => None,
                    _ => add_days(a, days),
                });
                if precision == Precision::Year {
                    m.year = anchor.map(|a| a.year() + (days as f64 / 365.0).round() as i32);
                }
                m.how = match (m.date.or(m.year.map(|_| NaiveDate::MIN)), from_previous) {
                    (None, _) => DateHow::Unresolved,
                    (Some(_), true) => DateHow::FromPrevious,
                    (Some(_), false) => DateHow::FromPublished,
                };
            }
            Found::Weekday { weekday, shift } => {
                let Some(anchor) = self.reference else { return m };
                let target = weekday_of(weekday).num_days_from_monday() as i64;
                let here = anchor.weekday().num_days_from_monday() as i64;
                let back = (here - target).rem_euclid(7);
                let ahead = (target - here).rem_euclid(7);
                let offset = match (shift, future) {
                    (Shift::Last, _) => -(if back == 0 { 7 } else { back }),
                    (Shift::Next, _) => {
                        if ahead == 0 {
                            7
                        } else {
                            ahead
                        }
                    }
                    (Shift::Nearest, true) => ahead,
                    // Nothing in the sentence is past ("The ceremony on Saturday marks ..."): the coming day.
                    (Shift::Nearest, false) if !past && (1..=2).contains(&ahead) => ahead,
                    (Shift::Nearest, false) => -back,
                };
                m.date = add_days(anchor, offset);
                m.how = DateHow::FromPublished;
            }
        }
        m
    }
}

const UNITS: &[(&str, i64)] =
    &[("day", 1), ("days", 1), ("week", 7), ("weeks", 7), ("month", 30), ("months", 30), ("year", 365), ("years", 365)];
const PART_OF_MONTH: &[&str] = &["mid", "early", "late", "end", "beginning", "middle", "start"];

/// Whether a date can start at token `t`: asked of every token, so it tests only
/// what [`parse_at`]'s paths begin with (a number, a lexicon date word, a digit,
/// a part of a month, a preposition before a year, "a"/"an"/"one" before a unit).
fn could_start(sc: &Scan, t: usize) -> bool {
    let Some(tok) = sc.text.tokens.get(t) else { return false };
    let w = sc.norm(t);
    tok.kind == TokenKind::Number
        || sc.word_at.get(t).is_some_and(Option::is_some)
        || w.as_bytes().first().is_some_and(u8::is_ascii_digit)
        || among(PART_OF_MONTH, w)
        || matches!(w, "in" | "since" | "until" | "by" | "from" | "to" | "between" | "and" | "of" | "a" | "an" | "one")
}

fn parse_found(sc: &Scan, t: usize, end: usize) -> Option<(Found, usize, Vec<String>)> {
    if !could_start(sc, t) {
        // Every test run checks that the shortcut loses no date.
        debug_assert!(parse_at(sc, t, end).is_none(), "could_start turned away a date at token {t}");
        return None;
    }
    parse_at(sc, t, end)
}

fn parse_at(sc: &Scan, t: usize, end: usize) -> Option<(Found, usize, Vec<String>)> {
    let text = sc.text;
    let tok = &text.tokens[t];
    let glued = |k: usize| k < end && !text.tokens[k].space_before;
    // ISO: 2021-12-17.
    if let Some((y, e)) = sc.year_at(t) {
        if e + 3 < end
            && sc.norm(e) == "-"
            && glued(e)
            && glued(e + 1)
            && sc.norm(e + 2) == "-"
            && glued(e + 2)
            && glued(e + 3)
        {
            let mo: u32 = sc.norm(e + 1).parse().ok()?;
            let d: u32 = sc.norm(e + 3).parse().ok()?;
            if NaiveDate::from_ymd_opt(y, mo, d).is_some() {
                let p = Partial { month: mo, day: Some(d), year: Some(y), weekday: None, precision: Precision::Day };
                return Some((Found::Calendar(p), e + 4, Vec::new()));
            }
        }
    }
    // "Thursday, December 23" and other weekday-led dates.
    if let Some((w, we, wid)) = sc.weekday_at(t) {
        let mut k = we;
        if k < end && sc.norm(k) == "," {
            k += 1;
        }
        if let Some((Found::Calendar(mut p), stop, mut entries)) = calendar(sc, k, end) {
            p.weekday = Some(w);
            entries.insert(0, wid.to_string());
            return Some((Found::Calendar(p), stop, entries));
        }
        let shift = match t.checked_sub(1).map(|p| sc.norm(p)) {
            Some("last" | "past") => Shift::Last,
            Some("next" | "coming") => Shift::Next,
            _ => Shift::Nearest,
        };
        let _ = tok;
        return Some((Found::Weekday { weekday: w, shift }, we, vec![wid.to_string()]));
    }
    if let Some(r) = calendar(sc, t, end) {
        return Some(r);
    }
    // "in 1997", "since 2014".
    if matches!(sc.norm(t), "in" | "since" | "until" | "by" | "from" | "to" | "between" | "and" | "of") {
        if let Some((y, e)) = sc.year_at(t + 1) {
            if e >= end || sc.month_at(e).is_none() {
                return Some((Found::Year(y), e, Vec::new()));
            }
        }
    }
    // Lexicon relatives: "yesterday", "the day before", "last week".
    if let Some((k, NameRole::Relative, e)) = sc.word_at.get(t).copied().flatten() {
        if let DateWordKind::Relative { days, from_previous, precision } = sc.lx.dates[k].kind {
            return Some((Found::Relative { days, from_previous, precision }, e, vec![sc.lx.dates[k].id.clone()]));
        }
    }
    // "two days later", "a week earlier", "three days ago".
    let (n, ne, nid) = match sc.number_at(t) {
        Some((n, e)) => (n, e, sc.word_at.get(t).copied().flatten().map(|(k, _, _)| sc.lx.dates[k].id.clone())),
        None if matches!(sc.norm(t), "a" | "an" | "one") => (1, t + 1, None),
        None => return None,
    };
    let unit = UNITS.iter().find(|(u, _)| *u == sc.norm(ne)).map(|(_, d)| *d)?;
    let dir = sc.norm(ne + 1);
    let standalone = matches!(sc.norm(ne + 2), "," | "." | ";" | "" | "that" | "when");
    let (sign, from_previous) = match dir {
        "later" | "afterwards" | "afterward" => (1, true),
        "earlier" => (-1, true),
        // "a week after the call" counts from an event, not a date: only "two days after," stands alone.
        "after" if standalone => (1, true),
        "before" | "prior" if standalone => (-1, true),
        "ago" => (-1, false),
        _ => return None,
    };
    if ne + 1 >= end {
        return None;
    }
    let precision = if unit == 1 {
        Precision::Day
    } else if unit == 7 {
        Precision::Week
    } else if unit == 30 {
        Precision::Month
    } else {
        Precision::Year
    };
    Some((Found::Relative { days: sign * n * unit, from_previous, precision }, ne + 2, nid.into_iter().collect()))
}

/// Month-led and day-led calendar dates: "Dec. 17, 2021", "17 December 2021",
/// "December 2021", "mid-December", "December 20-21".
fn calendar(sc: &Scan, t: usize, end: usize) -> Option<(Found, usize, Vec<String>)> {
    let glued = |k: usize| k < end && !sc.text.tokens[k].space_before;
    // Day first: "17 December [2021]".
    if let Some((d, de)) = sc.day_at(t) {
        let mut k = de;
        // "20-21 December": a range keeps its first day.
        if k + 1 < end && sc.norm(k) == "-" && sc.day_at(k + 1).is_some() {
            k += 2;
        }
        let (mo, me, id) = sc.month_at(k)?;
        let (year, stop) = match sc.year_at(me) {
            Some((y, e)) => (Some(y), e),
            None => (None, me),
        };
        let p = Partial { month: mo, day: Some(d), year, weekday: None, precision: Precision::Day };
        return Some((Found::Calendar(p), stop, vec![id.to_string()]));
    }
    // Part of a month: "mid-December", "early December", "the end of December".
    let (mut start_month, mut precision_hint) = (t, None);
    if among(PART_OF_MONTH, sc.norm(t)) {
        let mut k = t + 1;
        if k < end && sc.norm(k) == "-" && glued(k) {
            k += 1;
        }
        if k < end && sc.norm(k) == "of" {
            k += 1;
        }
        if sc.month_at(k).is_some() {
            start_month = k;
            precision_hint = Some(Precision::Month);
        }
    }
    let (mo, me, id) = sc.month_at(start_month)?;
    let month_word = sc.norm(start_month).to_string();
    let mut stop = me;
    let mut day = None;
    if precision_hint.is_none() {
        if let Some((d, de)) = sc.day_at(me) {
            day = Some(d);
            stop = de;
            if stop + 1 < end && sc.norm(stop) == "-" && sc.day_at(stop + 1).is_some() {
                stop += 2;
            }
        }
    }
    let mut year = None;
    let mut k = stop;
    if day.is_some() && k < end && sc.norm(k) == "," {
        k += 1;
    }
    if let Some((y, ye)) = sc.year_at(k) {
        year = Some(y);
        stop = ye;
    }
    if day.is_none() && year.is_none() && precision_hint.is_none() {
        // A bare month name: "in March", "since May"; "May" and "March" alone are words.
        let prev = t.checked_sub(1).map(|p| sc.norm(p)).unwrap_or("");
        let bare_ok = matches!(
            prev,
            "in" | "since" | "until" | "by" | "last" | "next" | "this" | "of" | "from" | "early" | "late"
        ) && !matches!(month_word.as_str(), "may");
        if !bare_ok {
            return None;
        }
        precision_hint = Some(Precision::Month);
    }
    let precision = if day.is_some() { Precision::Day } else { precision_hint.unwrap_or(Precision::Month) };
    let p = Partial { month: mo, day, year, weekday: None, precision };
    Some((Found::Calendar(p), stop, vec![id.to_string()]))
}
