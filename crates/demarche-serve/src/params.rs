//! Query parameters: parsed once, validated and bounded, and every one
//! accounted for, so a typo is an error instead of a silently wider query.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use demarche_store::analysis::MAX_RANGE_DAYS;
use demarche_store::{EventFilter, StoreError};
use serde::Serialize;

pub const MAX_PAGE_SIZE: u64 = 500;
const MAX_QUERY_BYTES: usize = 4096;
const MAX_TEXT_CHARS: usize = 200;

/// An error answer: `{"error": {"status", "param", "message"}}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: StatusCode,
    pub param: Option<String>,
    pub message: String,
}

impl ApiError {
    pub fn bad(param: &str, message: impl Into<String>) -> ApiError {
        ApiError { status: StatusCode::BAD_REQUEST, param: Some(param.to_string()), message: message.into() }
    }
    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError { status: StatusCode::NOT_FOUND, param: None, message: message.into() }
    }
    pub fn unavailable(message: impl Into<String>) -> ApiError {
        ApiError { status: StatusCode::SERVICE_UNAVAILABLE, param: None, message: message.into() }
    }
    pub fn internal(message: impl Into<String>) -> ApiError {
        ApiError { status: StatusCode::INTERNAL_SERVER_ERROR, param: None, message: message.into() }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        ApiError::internal(e.to_string())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        #[derive(Serialize)]
        struct Body<'a> {
            status: u16,
            param: Option<&'a str>,
            message: &'a str,
        }
        #[derive(Serialize)]
        struct Envelope<'a> {
            error: Body<'a>,
        }
        let body = Envelope {
            error: Body { status: self.status.as_u16(), param: self.param.as_deref(), message: &self.message },
        };
        (self.status, Json(body)).into_response()
    }
}

/// The request's parameters; each getter removes what it reads.
#[derive(Debug)]
pub struct Params {
    pairs: Vec<(String, String)>,
}

impl Params {
    pub fn parse(raw: Option<&str>) -> Result<Params, ApiError> {
        let raw = raw.unwrap_or("");
        if raw.len() > MAX_QUERY_BYTES {
            return Err(ApiError::bad("query", format!("query string longer than {MAX_QUERY_BYTES} bytes")));
        }
        let pairs: Vec<(String, String)> =
            serde_urlencoded::from_str(raw).map_err(|e| ApiError::bad("query", format!("malformed query: {e}")))?;
        for (i, (k, _)) in pairs.iter().enumerate() {
            if pairs[..i].iter().any(|(k2, _)| k2 == k) {
                return Err(ApiError::bad(k, format!("{k} given twice")));
            }
        }
        Ok(Params { pairs })
    }

    fn take(&mut self, name: &str) -> Option<String> {
        let i = self.pairs.iter().position(|(k, _)| k == name)?;
        Some(self.pairs.remove(i).1)
    }

    /// Fails on any parameter no getter asked for.
    pub fn finish(self) -> Result<(), ApiError> {
        match self.pairs.first() {
            Some((k, _)) => Err(ApiError::bad(k, format!("unknown parameter {k}"))),
            None => Ok(()),
        }
    }

    /// An actor code: upper-case letters, digits, `_` and `-`, 1 to 32 of them.
    pub fn code(&mut self, name: &str) -> Result<Option<String>, ApiError> {
        let Some(v) = self.take(name) else { return Ok(None) };
        let v = v.trim().to_ascii_uppercase();
        if v.is_empty() || v.len() > 32 || !v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-') {
            return Err(ApiError::bad(name, format!("{name} must be an actor code (1-32 of A-Z, 0-9, _ and -)")));
        }
        Ok(Some(v))
    }

    /// `dyad=SRC-TGT`.
    pub fn dyad(&mut self) -> Result<Option<(String, String)>, ApiError> {
        let Some(v) = self.take("dyad") else { return Ok(None) };
        let v = v.trim().to_ascii_uppercase();
        let ok = |c: &str| !c.is_empty() && c.len() <= 32 && c.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
        match v.split_once('-') {
            Some((s, t)) if ok(s) && ok(t) => Ok(Some((s.to_string(), t.to_string()))),
            _ => Err(ApiError::bad("dyad", "dyad must be SOURCE-TARGET actor codes, e.g. RUS-USA")),
        }
    }

    pub fn root(&mut self, name: &str) -> Result<Option<String>, ApiError> {
        let Some(v) = self.take(name) else { return Ok(None) };
        match v.parse::<u8>() {
            Ok(n) if (1..=20).contains(&n) && v.len() == 2 => Ok(Some(v)),
            _ => Err(ApiError::bad(name, "root must be a two-digit CAMEO root, 01 to 20")),
        }
    }

    pub fn cameo(&mut self, name: &str) -> Result<Option<String>, ApiError> {
        let Some(v) = self.take(name) else { return Ok(None) };
        if v.is_empty() || v.len() > 4 || !v.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ApiError::bad(name, "code must be a CAMEO code or prefix: 1 to 4 digits"));
        }
        Ok(Some(v))
    }

    pub fn plover(&mut self) -> Result<Option<String>, ApiError> {
        let Some(v) = self.take("plover") else { return Ok(None) };
        let v = v.trim().to_ascii_uppercase();
        if v.is_empty() || v.len() > 32 || !v.bytes().all(|b| b.is_ascii_uppercase() || b == b'_') {
            return Err(ApiError::bad("plover", "plover must be a PLOVER type such as DEMAND"));
        }
        Ok(Some(v))
    }

    pub fn text(&mut self, name: &str) -> Result<Option<String>, ApiError> {
        let Some(v) = self.take(name) else { return Ok(None) };
        let n = v.chars().count();
        if n == 0 || n > MAX_TEXT_CHARS || v.chars().any(char::is_control) {
            return Err(ApiError::bad(name, format!("{name} must be 1 to {MAX_TEXT_CHARS} characters of text")));
        }
        Ok(Some(v))
    }

    pub fn date(&mut self, name: &str) -> Result<Option<NaiveDate>, ApiError> {
        let Some(v) = self.take(name) else { return Ok(None) };
        NaiveDate::parse_from_str(&v, "%Y-%m-%d")
            .ok()
            .filter(|d| v.len() == 10 && (1800..=2200).contains(&chrono::Datelike::year(d)))
            .map(Some)
            .ok_or_else(|| ApiError::bad(name, format!("{name} must be a date YYYY-MM-DD")))
    }

    /// `from` and `to`, ordered and at most about ten years apart.
    pub fn date_range(&mut self) -> Result<(Option<NaiveDate>, Option<NaiveDate>), ApiError> {
        let from = self.date("from")?;
        let to = self.date("to")?;
        if let (Some(f), Some(t)) = (from, to) {
            if f > t {
                return Err(ApiError::bad("from", "from is after to"));
            }
            if (t - f).num_days() >= MAX_RANGE_DAYS {
                return Err(ApiError::bad("to", format!("the date range may span at most {MAX_RANGE_DAYS} days")));
            }
        }
        Ok((from, to))
    }

    /// `from` and `to` as the strings an [`EventFilter`] takes.
    pub fn range(&mut self) -> Result<(Option<String>, Option<String>), ApiError> {
        let (f, t) = self.date_range()?;
        Ok((f.map(|d| d.to_string()), t.map(|d| d.to_string())))
    }

    pub fn int(&mut self, name: &str, min: u64, max: u64, default: u64) -> Result<u64, ApiError> {
        let Some(v) = self.take(name) else { return Ok(default) };
        v.parse::<u64>()
            .ok()
            .filter(|n| (min..=max).contains(n))
            .ok_or_else(|| ApiError::bad(name, format!("{name} must be an integer between {min} and {max}")))
    }

    pub fn float(&mut self, name: &str, min: f64, max: f64, default: f64) -> Result<f64, ApiError> {
        let Some(v) = self.take(name) else { return Ok(default) };
        v.parse::<f64>()
            .ok()
            .filter(|n| n.is_finite() && (min..=max).contains(n))
            .ok_or_else(|| ApiError::bad(name, format!("{name} must be a number between {min} and {max}")))
    }

    pub fn flag(&mut self, name: &str) -> Result<bool, ApiError> {
        match self.take(name).as_deref() {
            None | Some("false") | Some("0") => Ok(false),
            Some("true") | Some("1") | Some("") => Ok(true),
            Some(_) => Err(ApiError::bad(name, format!("{name} must be true or false"))),
        }
    }

    /// The filters `demarche events` takes.
    pub fn event_filter(&mut self) -> Result<EventFilter, ApiError> {
        let mut f = EventFilter {
            actor: self.code("actor")?,
            source: self.code("source")?,
            target: self.code("target")?,
            dyad: self.dyad()?,
            code: self.cameo("code")?,
            root: self.root("root")?,
            plover: self.plover()?,
            text: self.text("q")?,
            ..EventFilter::default()
        };
        (f.from, f.to) = self.range()?;
        Ok(f)
    }
}
