//! Exports: JSONL, CSV, and GDELT 2.0's event table layout.

use crate::{EventFilter, Result, Store, StoreError, StoredEvent};
use serde_json::Value;
use std::io::Write;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// One stored event per line, the record `demarche code` writes plus store ids and cluster counts.
    Jsonl,
    /// Flat columns with a header.
    Csv,
    /// GDELT 2.0 event columns, tab-separated, no header, one row per cluster (its canonical event).
    Gdelt,
}

/// GDELT 2.0 event table columns, in order.
pub const GDELT_COLUMNS: [&str; 61] = [
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
];

/// CSV columns.
pub const CSV_COLUMNS: [&str; 20] = [
    "event_id",
    "date",
    "source",
    "source_name",
    "target",
    "target_name",
    "cameo",
    "root",
    "plover",
    "goldstein",
    "quad_class",
    "cluster",
    "num_mentions",
    "num_articles",
    "num_sources",
    "article_id",
    "url",
    "sentence",
    "trigger",
    "entries",
];

fn s(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(x)) => x.clone(),
        Some(Value::Array(a)) => a.iter().map(|x| s(Some(x))).collect::<Vec<_>>().join(";"),
        Some(other) => other.to_string(),
    }
}

/// The first actor of a side: (CAMEO actor code, name, country, known group, type).
fn gdelt_actor(side: Option<&Value>) -> [String; 10] {
    let first = side.and_then(Value::as_array).and_then(|a| a.first());
    let code = s(first.and_then(|a| a.get("code")));
    let sector = s(first.and_then(|a| a.get("sector")));
    let name = s(first.and_then(|a| a.get("name")));
    let mut out: [String; 10] = Default::default();
    if code.is_empty() || code == "---" {
        return out;
    }
    // Three capitals: a state (ISO alpha-3, as CAMEO's country codes); anything else: a known group.
    let is_state = code.len() == 3 && code.chars().all(|c| c.is_ascii_uppercase()) && !matches!(code.as_str(), "IGO");
    out[0] = format!("{code}{sector}");
    out[1] = if name.is_empty() { code.clone() } else { name.to_uppercase() };
    if is_state {
        out[2] = code;
    } else {
        out[3] = code;
    }
    out[7] = sector;
    out
}

fn clean(x: String) -> String {
    x.replace(['\t', '\n', '\r'], " ")
}

fn gdelt_row(e: &StoredEvent) -> Vec<String> {
    let r = &e.record;
    let date = s(r.get("date"));
    let ymd = date.replace('-', "");
    let (year, month) = (date.get(..4).unwrap_or("").to_string(), date.get(5..7).unwrap_or("").to_string());
    let fraction =
        match (year.parse::<f64>(), month.parse::<f64>(), date.get(8..10).and_then(|d| d.parse::<f64>().ok())) {
            (Ok(y), Ok(m), Some(d)) => format!("{:.4}", y + ((m - 1.0) * 30.4375 + d) / 365.0),
            _ => String::new(),
        };
    let cameo = s(r.get("cameo"));
    let base = cameo.get(..3).unwrap_or(&cameo).to_string();
    let mut row = vec![e.event_id.to_string(), ymd.clone(), format!("{year}{month}"), year, fraction];
    row.extend(gdelt_actor(r.get("source_actors")));
    row.extend(gdelt_actor(r.get("target_actors")));
    row.push("1".into());
    row.push(cameo);
    row.push(base);
    row.push(s(r.get("root")));
    row.push(s(r.get("quad_class")));
    row.push(s(r.get("goldstein")));
    row.push(e.num_mentions.unwrap_or(1).to_string());
    row.push(e.num_sources.unwrap_or(1).to_string());
    row.push(e.num_articles.unwrap_or(1).to_string());
    row.push(String::new()); // AvgTone: demarche does not score tone.
    row.extend(std::iter::repeat_n(String::new(), 24)); // geography: not coded yet.
    row.push(ymd);
    row.push(e.url.clone().unwrap_or_default());
    row.into_iter().map(clean).collect()
}

fn csv_row(e: &StoredEvent) -> Vec<String> {
    let r = &e.record;
    vec![
        e.event_id.to_string(),
        s(r.get("date")),
        s(r.get("source")),
        s(r.get("source_name")),
        s(r.get("target")),
        s(r.get("target_name")),
        s(r.get("cameo")),
        s(r.get("root")),
        s(r.get("plover")),
        s(r.get("goldstein")),
        s(r.get("quad_class")),
        e.cluster.map(|c| c.to_string()).unwrap_or_default(),
        e.num_mentions.map(|c| c.to_string()).unwrap_or_default(),
        e.num_articles.map(|c| c.to_string()).unwrap_or_default(),
        e.num_sources.map(|c| c.to_string()).unwrap_or_default(),
        s(r.get("article_id")),
        e.url.clone().unwrap_or_default(),
        s(r.get("sentence")),
        s(r.get("trigger")),
        s(r.get("entries")),
    ]
}

/// Writes the events the filter selects; returns how many rows were written.
pub fn export(store: &Store, filter: &EventFilter, format: ExportFormat, out: &mut dyn Write) -> Result<u64> {
    let mut n = 0u64;
    let io = |e: std::io::Error| StoreError::Io(e);
    match format {
        ExportFormat::Jsonl => store.each_event(filter, |e| {
            serde_json::to_writer(&mut *out, &e).map_err(|e| StoreError::Io(e.into()))?;
            out.write_all(b"\n").map_err(io)?;
            n += 1;
            Ok(())
        })?,
        ExportFormat::Csv => {
            let mut w = csv::Writer::from_writer(&mut *out);
            w.write_record(CSV_COLUMNS).map_err(|e| StoreError::Io(e.into()))?;
            store.each_event(filter, |e| {
                w.write_record(csv_row(&e)).map_err(|e| StoreError::Io(e.into()))?;
                n += 1;
                Ok(())
            })?;
            w.flush().map_err(io)?;
        }
        ExportFormat::Gdelt => {
            let filter = EventFilter { canonical: true, ..filter.clone() };
            store.each_event(&filter, |e| {
                writeln!(out, "{}", gdelt_row(&e).join("\t")).map_err(io)?;
                n += 1;
                Ok(())
            })?;
        }
    }
    Ok(n)
}
