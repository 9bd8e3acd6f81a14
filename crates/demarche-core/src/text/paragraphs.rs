//! Paragraphs: blocks separated by blank lines, or lines when there are none.

use crate::span::Span;

/// Splits the text into paragraph spans (trimmed, never empty).
///
/// Wire copy comes in two shapes: one paragraph per line, or paragraphs
/// separated by blank lines with lines wrapped inside them. A text with any
/// blank line is read the second way, so a wrapped line never ends a quote.
pub fn paragraphs(text: &str) -> Vec<Span> {
    let mut lines = Vec::new();
    let mut start = 0;
    while let Some(n) = text[start..].find('\n') {
        lines.push(Span::new(start, start + n));
        start += n + 1;
    }
    lines.push(Span::new(start, text.len()));
    let blank = |s: &Span| s.text(text).trim().is_empty();
    let has_blank_separator = {
        let mut seen_text = false;
        let mut gap = false;
        let mut found = false;
        for l in &lines {
            if blank(l) {
                gap = seen_text;
            } else {
                if gap {
                    found = true;
                    break;
                }
                seen_text = true;
            }
        }
        found
    };
    let mut out = Vec::new();
    let mut current: Option<Span> = None;
    for l in &lines {
        if blank(l) {
            if let Some(c) = current.take() {
                out.push(c);
            }
            continue;
        }
        match current {
            Some(c) if has_blank_separator => current = Some(c.cover(*l)),
            Some(c) => {
                out.push(c);
                current = Some(*l);
            }
            None => current = Some(*l),
        }
    }
    if let Some(c) = current {
        out.push(c);
    }
    out.into_iter().filter_map(|s| trim(text, s)).collect()
}

/// The span without surrounding whitespace, or `None` when nothing is left.
pub fn trim(text: &str, span: Span) -> Option<Span> {
    let s = span.text(text);
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead == s.len() {
        return None;
    }
    Some(Span::new(span.start + lead, span.end - trail))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(t: &str) -> Vec<&str> {
        paragraphs(t).iter().map(|s| s.text(t)).collect()
    }

    #[test]
    fn one_paragraph_per_line_without_blank_lines() {
        assert_eq!(texts("A b.\nC d.\n"), ["A b.", "C d."]);
    }

    #[test]
    fn blank_lines_separate_and_wraps_join() {
        assert_eq!(texts("Title\n\nA b\nc d.\n\n  E f.  \n"), ["Title", "A b\nc d.", "E f."]);
    }
}
