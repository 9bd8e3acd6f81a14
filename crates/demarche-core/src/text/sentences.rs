//! Sentence boundaries.
//!
//! A boundary is a `.`, `?` or `!` (with any closing quotes and brackets
//! after it) followed by something that can start a sentence. The hard part
//! is the full stop that is not one: abbreviations (Mr., Gen., Lt. Col.,
//! Dec. 17, No. 10), initials (George W. Bush), dotted acronyms (U.S., U.N.,
//! a.m.) that may or may not end the sentence, and datelines
//! ("MOSCOW, December 23. /TASS/."). Quotes do not stop splitting: each
//! sentence inside a quote is a sentence, but "“Why now?” he asked." is one.

use super::Hints;
use super::among;
use super::fold::Folded;
use super::quotes::MarkRole;
use super::tokens::{Token, TokenKind};
use std::ops::Range;

/// Abbreviations that never end a sentence: titles and the like.
const TITLES: &[&str] = &[
    "mr", "mrs", "ms", "dr", "gen", "lt", "col", "maj", "capt", "cpt", "sgt", "adm", "cmdr", "cdr", "brig", "cpl",
    "pvt", "gov", "sen", "rep", "reps", "pres", "prof", "rev", "hon", "st", "mt", "ft", "messrs", "supt", "insp",
    "det", "atty", "amb", "vs", "dept", "univ", "gens", "sens", "lieut", "sr", "mme", "mlle", "fr",
];
/// Month abbreviations: not a boundary before a day number.
const MONTHS: &[&str] = &["jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"];
/// Abbreviations that end a sentence only when a sentence clearly starts next.
const SOMETIMES: &[&str] = &["inc", "corp", "ltd", "co", "jr", "etc", "al", "bros", "plc", "llc", "no", "nos"];
/// The byte length of the longest word in `TITLES`, `MONTHS` and `SOMETIMES`.
const LONGEST_ABBREVIATION: usize = {
    let lists = [TITLES, MONTHS, SOMETIMES];
    let mut longest = 0;
    let mut l = 0;
    while l < lists.len() {
        let mut w = 0;
        while w < lists[l].len() {
            if lists[l][w].len() > longest {
                longest = lists[l][w].len();
            }
            w += 1;
        }
        l += 1;
    }
    longest
};
/// Capitalized words that usually start a sentence; after "U.S." they decide.
const STARTERS: &[&str] = &[
    "the",
    "a",
    "an",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "you",
    "his",
    "her",
    "its",
    "their",
    "our",
    "this",
    "that",
    "these",
    "those",
    "there",
    "in",
    "on",
    "at",
    "but",
    "and",
    "or",
    "as",
    "after",
    "before",
    "when",
    "while",
    "however",
    "meanwhile",
    "earlier",
    "later",
    "last",
    "since",
    "according",
    "if",
    "asked",
    "speaking",
    "both",
    "some",
    "many",
    "also",
    "then",
    "still",
    "yet",
    "under",
    "over",
    "during",
    "for",
    "with",
    "without",
    "by",
    "from",
    "despite",
    "although",
    "though",
    "because",
    "separately",
    "officials",
    "what",
    "why",
    "how",
    "who",
    "such",
    "no",
    "one",
    "two",
    "several",
    "most",
    "more",
    "other",
    "another",
    "each",
    "all",
    "nor",
];

/// Whether the token is a `.`, `?` or `!` (one folded byte, no slicing).
fn is_terminator(folded: &Folded, t: &Token) -> bool {
    t.kind == TokenKind::Punct
        && t.fend == t.fstart + 1
        && matches!(folded.as_str().as_bytes().get(t.fstart as usize), Some(b'.' | b'?' | b'!'))
}

/// Splits one paragraph's tokens into sentence token ranges.
///
/// `dateline_end` is the token index where a dateline at the start of the
/// paragraph ends (no boundary inside it). `is_speech` tells reporting verbs,
/// so that "“We will act!” Sokolov said." stays one sentence.
pub fn split(
    folded: &Folded,
    tokens: &[Token],
    roles: &[MarkRole],
    paragraph: Range<usize>,
    dateline_end: Option<usize>,
    hints: &dyn Hints,
) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = paragraph.start;
    let end = paragraph.end;
    let mut i = paragraph.start;
    while i < end {
        if !is_terminator(folded, &tokens[i]) || dateline_end.is_some_and(|d| i < d) {
            i += 1;
            continue;
        }
        // The run of terminators ("...", "?!") and the closers after it.
        let mut j = i;
        while j + 1 < end && !tokens[j + 1].space_before && is_terminator(folded, &tokens[j + 1]) {
            j += 1;
        }
        let mut k = j;
        let mut closed_quote = false;
        while k + 1 < end && !tokens[k + 1].space_before {
            let n = &tokens[k + 1];
            let closer = matches!(n.norm(folded), ")" | "]")
                || (n.is_quote() && roles[k + 1] == MarkRole::Close)
                || matches!(n.kind, TokenKind::SingleQuote(_));
            if !closer {
                break;
            }
            closed_quote |= n.is_quote() || matches!(n.kind, TokenKind::SingleQuote(_));
            k += 1;
        }
        // "[...]" and "<…>" are elisions; "1." opening a sentence is a list marker.
        let elision = i > 0 && !tokens[i].space_before && matches!(tokens[i - 1].norm(folded), "[" | "<" | "(");
        let list_marker =
            i == start + 1 && tokens[start].kind == TokenKind::Number && tokens[start].fend - tokens[start].fstart <= 2;
        if !elision && !list_marker && boundary(folded, tokens, roles, i, j, k, end, closed_quote, hints) {
            out.push(start..k + 1);
            start = k + 1;
        }
        i = k + 1;
    }
    if start < end {
        out.push(start..end);
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn boundary(
    folded: &Folded,
    tokens: &[Token],
    roles: &[MarkRole],
    term: usize,
    last_term: usize,
    last: usize,
    end: usize,
    closed_quote: bool,
    hints: &dyn Hints,
) -> bool {
    let Some(next) = tokens.get(last + 1).filter(|_| last + 1 < end) else { return true };
    let next_norm = next.norm(folded);
    let dots = last_term - term + 1;
    // Glued to what follows ("U.S.-led", "google.com"): not a boundary.
    if !next.space_before && (!next.is_quote() || roles[last + 1] != MarkRole::Open) {
        return false;
    }
    let starts = match next.kind {
        TokenKind::Word => next.is_capitalized(folded),
        TokenKind::Number => true,
        TokenKind::Quote(_) => roles[last + 1] != MarkRole::Close,
        TokenKind::SingleQuote(_) => true,
        TokenKind::Punct => matches!(next_norm, "(" | "[" | "<" | "-" | "*" | "\u{2022}"),
    };
    if !starts {
        return false;
    }
    let single_stop = tokens[term].norm(folded) == "." && dots == 1;
    // "“We will act!” Sokolov said." and "“…,” said Sokolov.": attribution after a closed quote.
    if closed_quote && attribution_follows(folded, tokens, last + 1, end, hints) {
        return false;
    }
    if !single_stop || term == 0 || tokens[term - 1].space_before && tokens[term - 1].kind != TokenKind::Word {
        return true;
    }
    let prev = &tokens[term - 1];
    if prev.kind != TokenKind::Word || prev.span.end != tokens[term].span.start {
        return true;
    }
    let word = prev.norm(folded);
    // Asked only where it decides: most stops never need the list.
    let next_is_starter = || {
        next.kind == TokenKind::Word && STARTERS.contains(&next_norm)
            || next.is_quote()
            || matches!(next.kind, TokenKind::SingleQuote(_))
    };
    // Dotted acronyms: "U.S.", "a.m.", "D.C.".
    let dotted = term >= 3
        && !prev.space_before
        && tokens[term - 2].norm(folded) == "."
        && tokens[term - 3].kind == TokenKind::Word
        && tokens[term - 3].fend - tokens[term - 3].fstart <= 2
        && word.len() <= 2;
    if dotted {
        if next_is_starter() {
            return true;
        }
        let after = tokens.get(last + 2).filter(|_| last + 2 < end);
        if matches!(word, "m") && tokens[term - 3].norm(folded).len() == 1 {
            // "4 a.m. Firefighters ..." ends; "6 a.m. Moscow time", "9 a.m. GMT" do not.
            return next.kind == TokenKind::Word
                && !next.is_all_caps(folded)
                && after.is_none_or(|a| a.norm(folded) != "time");
        }
        // "the U.K. Canada joined": a capitalized word that heads no title and is
        // followed by a lowercase word starts a sentence; "U.S. Army said" does not.
        return next.kind == TokenKind::Word
            && !hints.is_name_head(next_norm)
            && after.is_some_and(|a| a.kind == TokenKind::Word && !a.is_capitalized(folded));
    }
    // A word longer than any abbreviation is in none of the lists.
    let short = word.len() <= LONGEST_ABBREVIATION;
    if short && among(TITLES, word) {
        return false;
    }
    if short && among(MONTHS, word) {
        return next.kind != TokenKind::Number;
    }
    if short && among(SOMETIMES, word) {
        if word == "no" || word == "nos" {
            return next.kind != TokenKind::Number;
        }
        return next_is_starter();
    }
    // An initial: "George W. Bush", "J. D. Vance"; but "a plan B. The".
    if word.chars().count() == 1 && prev.is_capitalized(folded) {
        let before_is_name = term >= 2
            && (tokens[term - 2].is_capitalized(folded)
                || (tokens[term - 2].norm(folded) == "."
                    && term >= 3
                    && tokens[term - 3].fend - tokens[term - 3].fstart == 1));
        if before_is_name && next.kind == TokenKind::Word && !next_is_starter() {
            return false;
        }
    }
    true
}

/// Whether the words after a closed quote are an attribution that ends the
/// sentence ("Sokolov said.", "said the minister.", "the diplomat concluded
/// in a statement."), rather than a new sentence that starts with a name.
fn attribution_follows(folded: &Folded, tokens: &[Token], from: usize, end: usize, hints: &dyn Hints) -> bool {
    let ends = |t: &Token| t.kind == TokenKind::Punct && matches!(t.norm(folded), "." | "!" | "?" | ";");
    let window = &tokens[from..end];
    let Some(verb) = window.iter().take(7).position(|t| t.kind == TokenKind::Word && hints.is_speech(t.norm(folded)))
    else {
        return false;
    };
    if window[..verb].iter().any(|t| ends(t) || t.is_quote()) {
        return false;
    }
    for t in window[verb + 1..].iter().take(8) {
        if ends(t) {
            return true;
        }
        if t.is_quote() || t.norm(folded) == "that" {
            return false;
        }
    }
    window.len() <= verb + 8
}
