//! Tokens: words, numbers, punctuation and quote marks with byte spans.

use super::fold::Folded;
use crate::span::Span;
use serde::Serialize;

/// Which way a quote mark leans by its shape alone. The pairing in
/// `quotes` decides what it really does; the shape is only a hint, because
/// real copy mixes them up (`1997, “the magazine` closes a quote).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum MarkShape {
    Open,
    Close,
    Neutral,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum TokenKind {
    Word,
    Number,
    Punct,
    /// A double quote mark (“ ” „ « » " `` '').
    Quote(MarkShape),
    /// A single quote mark that is not an apostrophe inside a word (‘ ’ ').
    SingleQuote(MarkShape),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Token {
    /// Bytes in the original text.
    pub span: Span,
    /// Bytes in the folded text.
    pub fstart: u32,
    pub fend: u32,
    pub kind: TokenKind,
    /// Whitespace (or the start of the text) comes right before the token.
    pub space_before: bool,
}

impl Token {
    /// The folded form: lowercase, no diacritics.
    pub fn norm<'a>(&self, folded: &'a Folded) -> &'a str {
        &folded.as_str()[self.fstart as usize..self.fend as usize]
    }

    pub fn is_word(&self) -> bool {
        self.kind == TokenKind::Word
    }

    pub fn is_quote(&self) -> bool {
        matches!(self.kind, TokenKind::Quote(_))
    }

    /// Whether the first letter is uppercase in the original text.
    pub fn is_capitalized(&self, folded: &Folded) -> bool {
        self.kind == TokenKind::Word && folded.is_upper(self.fstart as usize)
    }

    /// Whether every letter is uppercase in the original ("NATO", "MOSCOW").
    pub fn is_all_caps(&self, folded: &Folded) -> bool {
        let s = self.fstart as usize;
        let e = self.fend as usize;
        let text = folded.as_str();
        self.kind == TokenKind::Word && (s..e).all(|i| !text.as_bytes()[i].is_ascii_alphabetic() || folded.is_upper(i))
    }
}

fn shape_of(original: char) -> MarkShape {
    match original {
        '\u{201C}' | '\u{201E}' | '\u{00AB}' | '\u{2018}' | '\u{201A}' | '`' | '\u{301D}' => MarkShape::Open,
        '\u{201D}' | '\u{00BB}' | '\u{2019}' | '\u{301E}' => MarkShape::Close,
        _ => MarkShape::Neutral,
    }
}

const CLITICS: [&str; 6] = ["s", "re", "ll", "ve", "d", "m"];

/// The char at byte `i` of `f`, which must be a char boundary; ASCII answers
/// without decoding.
fn char_at(f: &str, i: usize) -> char {
    match f.as_bytes().get(i) {
        Some(&x) if x.is_ascii() => char::from(x),
        _ => f[i..].chars().next().unwrap_or(' '),
    }
}

/// Byte classes for the alphanumeric scan: ASCII digit, ASCII letter, the
/// first byte of a non-ASCII char (decoded to tell), anything else (0).
const DIGIT: u8 = 1;
const LETTER: u8 = 2;
const HIGH: u8 = 4;
static CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let x = b as u8;
        table[b] = if x.is_ascii_digit() {
            DIGIT
        } else if x.is_ascii_alphabetic() {
            LETTER
        } else if x.is_ascii() {
            0
        } else {
            HIGH
        };
        b += 1;
    }
    table
};

/// The end of the run of alphanumeric chars from byte `j` (a char
/// boundary); clears `all_digits` when one of them is not an ASCII digit.
fn alnum_end(f: &str, mut j: usize, all_digits: &mut bool) -> usize {
    let b = f.as_bytes();
    let mut seen = 0;
    loop {
        while let Some(&x) = b.get(j) {
            let class = CLASS[usize::from(x)];
            if class & (DIGIT | LETTER) == 0 {
                break;
            }
            seen |= class;
            j += 1;
        }
        match b.get(j) {
            Some(&x) if CLASS[usize::from(x)] == HIGH => match f[j..].chars().next() {
                Some(ch) if ch.is_alphanumeric() => {
                    seen |= LETTER;
                    j += ch.len_utf8();
                }
                _ => break,
            },
            _ => break,
        }
    }
    if seen & LETTER != 0 {
        *all_digits = false;
    }
    j
}

/// Splits the folded text into tokens.
pub fn tokenize(original: &str, folded: &Folded) -> Vec<Token> {
    let f = folded.as_str();
    let b = f.as_bytes();
    let mut tokens = Vec::with_capacity(f.len() / 5);
    let mut i = 0;
    let mut space_before = true;
    while i < b.len() {
        let c = char_at(f, i);
        if c == ' ' {
            space_before = true;
            i += 1;
            continue;
        }
        let start = i;
        let kind;
        if c.is_alphanumeric() {
            let mut j = i;
            let mut all_digits = true;
            loop {
                j = alnum_end(f, j, &mut all_digits);
                // Numbers keep their separators: 3.5, 1,200, 10:30.
                if all_digits && j + 1 < b.len() && matches!(b[j], b'.' | b',' | b':') && b[j + 1].is_ascii_digit() {
                    j += 1;
                    continue;
                }
                // Apostrophes: clitics split off ("Russia's", "don't"), names keep them ("O'Brien").
                if j + 1 < b.len() && b[j] == b'\'' && char_at(f, j + 1).is_alphanumeric() {
                    let k = alnum_end(f, j + 1, &mut true);
                    let rest = &f[j + 1..k];
                    if CLITICS.contains(&rest) {
                        break;
                    }
                    if rest == "t" && b[j - 1] == b'n' {
                        // "don't" -> "do" + "n't"; the second pass lands on "n't" itself.
                        if j - 1 > i {
                            j -= 1;
                        } else {
                            j = k;
                        }
                        break;
                    }
                    // A one-letter prefix ("d'Ivoire", "l'Orsay") or an inner apostrophe: one word.
                    j = k;
                    all_digits = false;
                    continue;
                }
                break;
            }
            i = j;
            kind = if all_digits { TokenKind::Number } else { TokenKind::Word };
        } else if c == '\'' {
            // "''" (PTB closing double quote) or a clitic or a single quote mark.
            if i + 1 < b.len() && b[i + 1] == b'\'' {
                i += 2;
                let orig = original[folded.original(start, start + 1).start..].chars().next().unwrap_or('\'');
                let shape = if orig == '`' { MarkShape::Open } else { MarkShape::Close };
                kind = TokenKind::Quote(shape);
            } else {
                let k = alnum_end(f, i + 1, &mut true);
                let rest = &f[i + 1..k];
                let after_word = !space_before && !tokens.is_empty();
                let clitic = after_word && (CLITICS.contains(&rest) || rest == "t");
                let negation =
                    rest == "t" && tokens.last().is_some_and(|t: &Token| t.fend as usize == i && b[i - 1] == b'n');
                if clitic || negation {
                    i = k;
                    kind = TokenKind::Word;
                } else {
                    i += 1;
                    let orig = original[folded.original(start, start + 1).start..].chars().next().unwrap_or('\'');
                    kind = TokenKind::SingleQuote(shape_of(orig));
                }
            }
        } else if c == '"' {
            i += 1;
            let orig = original[folded.original(start, start + 1).start..].chars().next().unwrap_or('"');
            kind = TokenKind::Quote(shape_of(orig));
        } else {
            i += c.len_utf8();
            kind = TokenKind::Punct;
        }
        let span = folded.original(start, i);
        tokens.push(Token { span, fstart: start as u32, fend: i as u32, kind, space_before });
        space_before = false;
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        let f = Folded::new(text);
        tokenize(text, &f).iter().map(|t| t.span.text(text).to_string()).collect()
    }

    #[test]
    fn splits_clitics_and_keeps_numbers() {
        assert_eq!(words("Russia's troops don't move"), ["Russia", "'s", "troops", "do", "n't", "move"]);
        assert_eq!(words("3.5 percent, $1,200 at 10:30."), ["3.5", "percent", ",", "$", "1,200", "at", "10:30", "."]);
        assert_eq!(words("O'Brien of Côte d'Ivoire"), ["O'Brien", "of", "Côte", "d'Ivoire"]);
        assert_eq!(words("Russia\u{2019}s"), ["Russia", "\u{2019}s"]);
    }

    #[test]
    fn non_ascii_letters_and_digits() {
        assert_eq!(
            words(
                "\u{dc}nal\u{2019}s \u{130}stanbul caf\u{e9}\u{2014}x \u{661}\u{662}3 n\u{e9}\u{2019}t l\u{2019}\u{c9}lys\u{e9}e \u{1f600}"
            ),
            [
                "\u{dc}nal",
                "\u{2019}s",
                "\u{130}stanbul",
                "caf\u{e9}",
                "\u{2014}",
                "x",
                "\u{661}\u{662}3",
                "n\u{e9}\u{2019}t",
                "l\u{2019}\u{c9}lys\u{e9}e",
                "\u{1f600}"
            ]
        );
        let text = "\u{661}\u{662} 12 1\u{e9}";
        let f = Folded::new(text);
        let kinds: Vec<TokenKind> = tokenize(text, &f).iter().map(|t| t.kind).collect();
        assert_eq!(kinds, [TokenKind::Word, TokenKind::Number, TokenKind::Word]);
    }

    #[test]
    fn quote_marks_have_shapes() {
        let text = "said:`` A lot'' and \u{201C}x\u{201D}";
        let f = Folded::new(text);
        let kinds: Vec<TokenKind> = tokenize(text, &f).iter().map(|t| t.kind).collect();
        assert_eq!(kinds[2], TokenKind::Quote(MarkShape::Open));
        assert_eq!(kinds[5], TokenKind::Quote(MarkShape::Close));
        assert_eq!(kinds[7], TokenKind::Quote(MarkShape::Open));
        assert_eq!(kinds[9], TokenKind::Quote(MarkShape::Close));
    }
}
