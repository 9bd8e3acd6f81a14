//! A JSON writer for the records written by the million: `code --format jsonl`
//! and the store write every event as one JSON line.
//!
//! Going through serde_json cost a fifth of coding time: the output is about
//! twelve times the input (every event repeats its sentence), and serde escapes
//! key by key and byte by byte. This writer puts down the keys as literals and
//! skips eight clean bytes at a time. It writes the same bytes as serde_json
//! does for the same record, which the tests check on coded articles and on
//! arbitrary strings; serde stays the path for every other record.

/// What follows the backslash for each byte JSON needs escaped, 0 for none:
/// the quote, the backslash and the control characters, as serde_json escapes them.
static ESCAPE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = b'u';
        b += 1;
    }
    t[0x08] = b'b';
    t[0x09] = b't';
    t[0x0a] = b'n';
    t[0x0c] = b'f';
    t[0x0d] = b'r';
    t[b'"' as usize] = b'"';
    t[b'\\' as usize] = b'\\';
    t
};

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// Whether any of the eight bytes of `w` may need escaping. Exact when false;
/// a true is checked byte by byte.
#[inline(always)]
fn may_need_escape(w: u64) -> bool {
    let zero_byte = |x: u64| x.wrapping_sub(ONES) & !x & HIGHS;
    let control = w.wrapping_sub(ONES * 0x20) & !w & HIGHS;
    (control | zero_byte(w ^ (ONES * b'"' as u64)) | zero_byte(w ^ (ONES * b'\\' as u64))) != 0
}

/// `s` as a JSON string, quotes included.
pub fn string(out: &mut Vec<u8>, s: &str) {
    let b = s.as_bytes();
    out.reserve(b.len() + 2);
    out.push(b'"');
    let mut clean = 0; // start of the bytes not written yet, none needing escape
    let mut i = 0;
    while i < b.len() {
        if let Some(chunk) = b.get(i..i + 8) {
            let w = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
            if !may_need_escape(w) {
                i += 8;
                continue;
            }
        }
        let esc = ESCAPE[b[i] as usize];
        if esc != 0 {
            out.extend_from_slice(&b[clean..i]);
            escape(out, b[i], esc);
            clean = i + 1;
        }
        i += 1;
    }
    out.extend_from_slice(&b[clean..]);
    out.push(b'"');
}

#[cold]
fn escape(out: &mut Vec<u8>, byte: u8, esc: u8) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    if esc == b'u' {
        out.extend_from_slice(&[b'\\', b'u', b'0', b'0', HEX[(byte >> 4) as usize], HEX[(byte & 0xf) as usize]]);
    } else {
        out.extend_from_slice(&[b'\\', esc]);
    }
}

pub fn opt_string(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        Some(s) => string(out, s),
        None => out.extend_from_slice(b"null"),
    }
}

/// A JSON array of `items`, each written by `item`.
pub fn array<T>(out: &mut Vec<u8>, items: &[T], mut item: impl FnMut(&mut Vec<u8>, &T)) {
    out.push(b'[');
    for (k, x) in items.iter().enumerate() {
        if k > 0 {
            out.push(b',');
        }
        item(out, x);
    }
    out.push(b']');
}

pub fn strings<S: AsRef<str>>(out: &mut Vec<u8>, items: &[S]) {
    array(out, items, |out, s| string(out, s.as_ref()));
}

pub fn uint(out: &mut Vec<u8>, n: impl itoa::Integer) {
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

/// As serde_json writes an `f32` (with the same crate): shortest round-trip
/// digits, `null` when not finite.
pub fn float(out: &mut Vec<u8>, x: f32) {
    if x.is_finite() {
        out.extend_from_slice(zmij::Buffer::new().format_finite(x).as_bytes());
    } else {
        out.extend_from_slice(b"null");
    }
}

/// A date as a JSON string, as chrono writes it ("2022-01-09").
pub fn date(out: &mut Vec<u8>, d: chrono::NaiveDate) {
    use chrono::Datelike;
    let (y, m, day) = (d.year(), d.month(), d.day());
    if !(0..=9999).contains(&y) {
        // Five-digit and negative years take a sign; rare enough for the slow path.
        return string(out, &d.to_string());
    }
    let y = y as u32;
    let digit = |n: u32| b'0' + n as u8;
    out.extend_from_slice(&[
        b'"',
        digit(y / 1000),
        digit(y / 100 % 10),
        digit(y / 10 % 10),
        digit(y % 10),
        b'-',
        digit(m / 10),
        digit(m % 10),
        b'-',
        digit(day / 10),
        digit(day % 10),
        b'"',
    ]);
}

pub fn boolean(out: &mut Vec<u8>, b: bool) {
    out.extend_from_slice(if b { b"true" } else { b"false" });
}

pub fn pairs(out: &mut Vec<u8>, items: &[(usize, usize)]) {
    array(out, items, |out, &(a, b)| {
        out.push(b'[');
        uint(out, a);
        out.push(b',');
        uint(out, b);
        out.push(b']');
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ours(s: &str) -> String {
        let mut out = Vec::new();
        string(&mut out, s);
        String::from_utf8(out).expect("a JSON string of UTF-8 is UTF-8")
    }

    #[test]
    fn escapes_as_serde_json_does() {
        for s in [
            "",
            "plain",
            "\"quoted\" \\ back",
            "tab\there\nnew\rret\u{8}\u{c}\u{0}\u{1f}\u{7f}",
            "«Russie» — “no” 😀 \u{200b}\u{202e}",
            "exactly8",
            "sixteen bytes ok",
            "seven b\"",
            "1234567\"1234567\\",
        ] {
            assert_eq!(ours(s), serde_json::to_string(s).unwrap(), "{s:?}");
        }
    }

    #[test]
    fn floats_and_non_finite_as_serde_json() {
        for x in [0.0f32, -0.0, 4.0, -10.0, 3.4, 1e-7, 2.5e20, f32::NAN, f32::INFINITY] {
            let mut out = Vec::new();
            float(&mut out, x);
            assert_eq!(String::from_utf8(out).unwrap(), serde_json::to_string(&x).unwrap(), "{x}");
        }
    }

    #[test]
    fn dates_as_chrono_writes_them() {
        let mut d = chrono::NaiveDate::from_ymd_opt(-3, 1, 1).unwrap();
        let mut checked = 0;
        while d < chrono::NaiveDate::from_ymd_opt(10_001, 12, 31).unwrap() {
            let mut out = Vec::new();
            date(&mut out, d);
            assert_eq!(String::from_utf8(out).unwrap(), serde_json::to_string(&d).unwrap());
            // Every day of a few years at each end, and a stride through the rest.
            let step: u64 = if (5..9990).contains(&chrono::Datelike::year(&d)) { 37 } else { 1 };
            d = d + chrono::Days::new(step);
            checked += 1;
        }
        assert!(checked > 100_000);
    }

    proptest! {
        #[test]
        fn any_string_as_serde_json(s in "\\PC*|[\\x00-\\x7f]{0,40}|.{0,40}") {
            prop_assert_eq!(ours(&s), serde_json::to_string(&s).unwrap());
        }
    }
}
