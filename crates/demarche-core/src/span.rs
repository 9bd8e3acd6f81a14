//! Byte spans into the original article text.

use serde::{Deserialize, Serialize};

/// A half-open byte range `[start, end)` into the original article text.
///
/// Spans never point into a rewritten copy: every stage maps its offsets back
/// to the bytes the user gave us, so a span can always be shown in context.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end, "span start after end: {start} > {end}");
        Span { start, end }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The text this span covers.
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }

    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The part of this span inside `other` (empty when they do not meet).
    pub fn intersect(&self, other: Span) -> Span {
        let s = self.start.max(other.start);
        let e = self.end.min(other.end).max(s);
        Span::new(s, e)
    }

    /// The smallest span covering both.
    pub fn cover(&self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}
