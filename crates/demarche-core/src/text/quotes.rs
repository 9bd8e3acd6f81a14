//! Direct quotes: quote marks paired across sentences and paragraphs.
//!
//! The shape of a mark is only a hint. Copy from agencies mixes “ and ”,
//! puts a space on the wrong side, or uses « » and „ “; so marks are paired
//! by order within a paragraph, and a quote still open at the end of a
//! paragraph continues when the next paragraph opens with a mark (the wire
//! convention for a quote over several paragraphs) and ends there otherwise.

use super::fold::Folded;
use super::tokens::{MarkShape, Token, TokenKind};
use crate::span::Span;
use serde::Serialize;
use std::ops::Range;

/// What a quote mark does once paired.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
pub enum MarkRole {
    #[default]
    None,
    Open,
    Close,
    /// Opens a paragraph that continues a quote from the paragraph before.
    Continue,
}

/// A span of quoted words, before attribution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuoteSpan {
    /// The quoted words, without the marks.
    pub span: Span,
    /// Tokens inside the marks.
    pub tokens: Range<usize>,
    /// The opening mark's token, and the closing one when there is one.
    pub open: usize,
    pub close: Option<usize>,
    pub paragraphs: Range<usize>,
    /// Few words and no punctuation of speech: a plan “B”, so-called “guarantees”.
    pub scare: bool,
    /// Number of words inside.
    pub words: usize,
}

/// Pairs the quote marks of a text. `paragraphs` holds the token range of
/// each paragraph.
pub fn pair(
    text: &str,
    folded: &Folded,
    tokens: &[Token],
    paragraphs: &[Range<usize>],
) -> (Vec<MarkRole>, Vec<QuoteSpan>) {
    let mut roles = vec![MarkRole::None; tokens.len()];
    let mut quotes = Vec::new();
    let mut open: Option<(usize, usize)> = None; // (token, first paragraph)
    for (p, range) in paragraphs.iter().enumerate() {
        for i in range.clone() {
            let TokenKind::Quote(shape) = tokens[i].kind else { continue };
            if roles[i] == MarkRole::Continue {
                continue;
            }
            match open {
                None => {
                    let stray_close = shape == MarkShape::Close
                        && !tokens[i].space_before
                        && tokens.get(i + 1).is_none_or(|n| n.space_before || n.kind == TokenKind::Punct);
                    if stray_close && i > range.start {
                        continue;
                    }
                    roles[i] = MarkRole::Open;
                    open = Some((i, p));
                }
                Some((o, first)) => {
                    roles[i] = MarkRole::Close;
                    quotes.push(make(text, folded, tokens, o, Some(i), first..p + 1, i));
                    open = None;
                }
            }
        }
        if let Some((o, first)) = open {
            let next_opens = paragraphs.get(p + 1).is_some_and(|n| !n.is_empty() && tokens[n.start].is_quote());
            if next_opens {
                roles[paragraphs[p + 1].start] = MarkRole::Continue;
            } else {
                quotes.push(make(text, folded, tokens, o, None, first..p + 1, range.end));
                open = None;
            }
        }
    }
    single_quotes(text, folded, tokens, paragraphs, &roles, &mut quotes);
    quotes.sort_by_key(|q| q.open);
    (roles, quotes)
}

fn make(
    text: &str,
    folded: &Folded,
    tokens: &[Token],
    open: usize,
    close: Option<usize>,
    paragraphs: Range<usize>,
    end_token: usize,
) -> QuoteSpan {
    let inner = open + 1..end_token;
    let start = tokens[open].span.end;
    let end = match close {
        Some(c) => tokens[c].span.start,
        None => tokens.get(end_token.saturating_sub(1)).map_or(start, |t| t.span.end.max(start)),
    };
    let span = super::paragraphs::trim(text, Span::new(start, end)).unwrap_or(Span::new(start, start));
    let words = tokens[inner.clone()].iter().filter(|t| t.kind == TokenKind::Word).count();
    let last_inner = inner.clone().rev().find(|&k| !tokens[k].is_quote());
    let ends_like_speech =
        last_inner.is_some_and(|k| matches!(tokens[k].norm(folded), "," | "." | "?" | "!" | ";" | ":"));
    QuoteSpan { span, tokens: inner, open, close, paragraphs, scare: words <= 3 && !ends_like_speech, words }
}

/// British-style ‘single quotes’, outside double quotes, within a paragraph.
fn single_quotes(
    text: &str,
    folded: &Folded,
    tokens: &[Token],
    paragraphs: &[Range<usize>],
    roles: &[MarkRole],
    quotes: &mut Vec<QuoteSpan>,
) {
    let doubles: Vec<Range<usize>> = quotes.iter().map(|q| q.tokens.clone()).collect();
    let inside_double = |i: usize| doubles.iter().any(|r| r.contains(&i));
    for (p, range) in paragraphs.iter().enumerate() {
        let mut i = range.start;
        while i < range.end {
            let t = &tokens[i];
            let opener = matches!(t.kind, TokenKind::SingleQuote(MarkShape::Open | MarkShape::Neutral))
                && t.space_before
                && tokens.get(i + 1).is_some_and(|n| n.kind == TokenKind::Word && !n.space_before)
                && roles[i] == MarkRole::None
                && !inside_double(i);
            if !opener {
                i += 1;
                continue;
            }
            let close = (i + 1..range.end).find(|&k| {
                matches!(tokens[k].kind, TokenKind::SingleQuote(MarkShape::Close | MarkShape::Neutral))
                    && !tokens[k].space_before
                    && tokens.get(k + 1).is_none_or(|n| n.space_before || n.kind == TokenKind::Punct)
            });
            match close {
                Some(c) if tokens[i + 1..c].iter().filter(|t| t.is_word()).count() >= 2 => {
                    quotes.push(make(text, folded, tokens, i, Some(c), p..p + 1, c));
                    i = c + 1;
                }
                _ => i += 1,
            }
        }
    }
}
