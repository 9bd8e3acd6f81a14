//! Exports: JSONL, CSV, GDELT 2.0's event table layout, and (with the
//! `parquet` cargo feature) Parquet with typed columns.

use crate::{EventFilter, Result, Store, StoreError, StoredEvent};
use serde_json::Value;
use std::io::Write;

#[cfg(feature = "parquet")]
pub use parquet_out::export_parquet;

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

/// Parquet: one row per event, typed columns, written in row groups as the
/// events stream out of the store.
#[cfg(feature = "parquet")]
mod parquet_out {
    use super::{EventFilter, Result, Store, StoreError, StoredEvent};
    use arrow_array::builder::{Date32Builder, Float64Builder, Int32Builder, Int64Builder, ListBuilder, StringBuilder};
    use arrow_array::{ArrayRef, RecordBatch};
    use arrow_schema::{DataType, Field, Schema, SchemaRef};
    use parquet::arrow::ArrowWriter;
    use parquet::basic::Compression;
    use parquet::file::properties::WriterProperties;
    use serde_json::Value;
    use std::io::Write;
    use std::sync::Arc;

    /// Events per Arrow batch handed to the writer.
    const BATCH_ROWS: usize = 8 * 1024;
    /// A row group is flushed at this many rows or bytes, whichever comes
    /// first: the writer holds one row group in memory, never the table.
    const ROW_GROUP_ROWS: usize = 128 * 1024;
    const ROW_GROUP_BYTES: usize = 64 * 1024 * 1024;

    /// The columns. Actor codes and lexicon entries are lists of strings
    /// (pandas reads them as arrays, polars and DuckDB as lists); dates are
    /// Parquet DATEs; CAMEO codes stay strings for their leading zeros.
    fn schema() -> SchemaRef {
        let utf8 = |name: &str| Field::new(name, DataType::Utf8, true);
        let int64 = |name: &str, nullable: bool| Field::new(name, DataType::Int64, nullable);
        // The item field ListBuilder makes by default, so batches match the schema.
        let list =
            |name: &str| Field::new(name, DataType::List(Arc::new(Field::new_list_field(DataType::Utf8, true))), true);
        Arc::new(Schema::new(vec![
            int64("event_id", false),
            Field::new("date", DataType::Date32, true),
            list("source"),
            utf8("source_name"),
            list("target"),
            utf8("target_name"),
            utf8("cameo"),
            utf8("root"),
            utf8("event_name"),
            utf8("plover"),
            Field::new("goldstein", DataType::Float64, true),
            Field::new("quad_class", DataType::Int32, true),
            int64("cluster", true),
            int64("num_mentions", true),
            int64("num_articles", true),
            int64("num_sources", true),
            int64("article", false),
            utf8("article_id"),
            utf8("url"),
            utf8("publisher"),
            utf8("sentence"),
            utf8("trigger"),
            list("entries"),
            utf8("lexicon"),
        ]))
    }

    fn err(e: impl std::error::Error + Send + Sync + 'static) -> StoreError {
        StoreError::Io(std::io::Error::other(e))
    }

    /// A string field of the record; numbers and booleans as their JSON text.
    fn text(v: Option<&Value>) -> Option<String> {
        match v? {
            Value::Null => None,
            Value::String(s) => Some(s.clone()),
            other => Some(other.to_string()),
        }
    }

    fn days_since_epoch(date: &str) -> Option<i32> {
        let d = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
        let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1)?;
        i32::try_from((d - epoch).num_days()).ok()
    }

    /// One builder per column, refilled batch after batch.
    #[derive(Default)]
    struct Columns {
        rows: usize,
        event_id: Int64Builder,
        date: Date32Builder,
        source: ListBuilder<StringBuilder>,
        source_name: StringBuilder,
        target: ListBuilder<StringBuilder>,
        target_name: StringBuilder,
        cameo: StringBuilder,
        root: StringBuilder,
        event_name: StringBuilder,
        plover: StringBuilder,
        goldstein: Float64Builder,
        quad_class: Int32Builder,
        cluster: Int64Builder,
        num_mentions: Int64Builder,
        num_articles: Int64Builder,
        num_sources: Int64Builder,
        article: Int64Builder,
        article_id: StringBuilder,
        url: StringBuilder,
        publisher: StringBuilder,
        sentence: StringBuilder,
        trigger: StringBuilder,
        entries: ListBuilder<StringBuilder>,
        lexicon: StringBuilder,
    }

    /// Appends a JSON array of strings as a list; anything else is null.
    fn list(b: &mut ListBuilder<StringBuilder>, v: Option<&Value>) {
        match v.and_then(Value::as_array) {
            Some(items) => {
                for item in items {
                    match item {
                        Value::String(s) => b.values().append_value(s),
                        other => b.values().append_value(other.to_string()),
                    }
                }
                b.append(true);
            }
            None => b.append(false),
        }
    }

    impl Columns {
        fn push(&mut self, e: &StoredEvent) {
            let r = &e.record;
            let t = |k: &str| text(r.get(k));
            self.rows += 1;
            self.event_id.append_value(e.event_id);
            self.date.append_option(r.get("date").and_then(Value::as_str).and_then(days_since_epoch));
            list(&mut self.source, r.get("source"));
            self.source_name.append_option(t("source_name"));
            list(&mut self.target, r.get("target"));
            self.target_name.append_option(t("target_name"));
            self.cameo.append_option(t("cameo"));
            self.root.append_option(t("root"));
            self.event_name.append_option(t("event_name"));
            self.plover.append_option(t("plover"));
            self.goldstein.append_option(r.get("goldstein").and_then(Value::as_f64));
            let quad = r.get("quad_class").and_then(Value::as_i64).and_then(|q| i32::try_from(q).ok());
            self.quad_class.append_option(quad);
            self.cluster.append_option(e.cluster);
            self.num_mentions.append_option(e.num_mentions);
            self.num_articles.append_option(e.num_articles);
            self.num_sources.append_option(e.num_sources);
            self.article.append_value(e.article);
            self.article_id.append_option(t("article_id"));
            self.url.append_option(e.url.as_deref());
            self.publisher.append_option(e.publisher.as_deref());
            self.sentence.append_option(t("sentence"));
            self.trigger.append_option(t("trigger"));
            list(&mut self.entries, r.get("entries"));
            self.lexicon.append_option(t("lexicon"));
        }

        /// The rows pushed so far as a batch; the builders start empty again.
        fn batch(&mut self, schema: &SchemaRef) -> Result<RecordBatch> {
            self.rows = 0;
            let columns: Vec<ArrayRef> = vec![
                Arc::new(self.event_id.finish()),
                Arc::new(self.date.finish()),
                Arc::new(self.source.finish()),
                Arc::new(self.source_name.finish()),
                Arc::new(self.target.finish()),
                Arc::new(self.target_name.finish()),
                Arc::new(self.cameo.finish()),
                Arc::new(self.root.finish()),
                Arc::new(self.event_name.finish()),
                Arc::new(self.plover.finish()),
                Arc::new(self.goldstein.finish()),
                Arc::new(self.quad_class.finish()),
                Arc::new(self.cluster.finish()),
                Arc::new(self.num_mentions.finish()),
                Arc::new(self.num_articles.finish()),
                Arc::new(self.num_sources.finish()),
                Arc::new(self.article.finish()),
                Arc::new(self.article_id.finish()),
                Arc::new(self.url.finish()),
                Arc::new(self.publisher.finish()),
                Arc::new(self.sentence.finish()),
                Arc::new(self.trigger.finish()),
                Arc::new(self.entries.finish()),
                Arc::new(self.lexicon.finish()),
            ];
            RecordBatch::try_new(schema.clone(), columns).map_err(err)
        }
    }

    /// Writes the events the filter selects as a Snappy-compressed Parquet
    /// file; returns how many rows were written. Memory stays bounded by a
    /// row group, whatever the number of events.
    pub fn export_parquet<W: Write + Send>(store: &Store, filter: &EventFilter, out: W) -> Result<u64> {
        write(store, filter, out, BATCH_ROWS, ROW_GROUP_ROWS)
    }

    fn write<W: Write + Send>(
        store: &Store,
        filter: &EventFilter,
        out: W,
        batch_rows: usize,
        row_group_rows: usize,
    ) -> Result<u64> {
        let schema = schema();
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_max_row_group_row_count(Some(row_group_rows))
            .set_max_row_group_bytes(Some(ROW_GROUP_BYTES))
            .build();
        let mut writer = ArrowWriter::try_new(out, schema.clone(), Some(props)).map_err(err)?;
        let mut cols = Columns::default();
        let mut n = 0u64;
        store.each_event(filter, |e| {
            cols.push(&e);
            n += 1;
            if cols.rows >= batch_rows {
                writer.write(&cols.batch(&schema)?).map_err(err)?;
            }
            Ok(())
        })?;
        if cols.rows > 0 {
            writer.write(&cols.batch(&schema)?).map_err(err)?;
        }
        writer.close().map_err(err)?;
        Ok(n)
    }

    #[cfg(test)]
    mod tests {
        #![allow(clippy::unwrap_used)]
        use super::*;
        use demarche_core::{Article, Pipeline};
        use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

        #[test]
        fn events_stream_out_in_row_groups() {
            let dir = tempfile::tempdir().unwrap();
            let mut store = Store::open(dir.path().join("t.db")).unwrap();
            let p = Pipeline::builder().build().unwrap();
            let texts = [
                "Russia expelled two Estonian diplomats on Monday.",
                "France and Germany signed a defence agreement on Tuesday.",
                "Iran threatened Israel with retaliation on Wednesday.",
                "Russia accused Ukraine of shelling a border village on Thursday.",
            ];
            let coded: Vec<_> =
                texts.iter().enumerate().map(|(i, t)| p.code(&Article::new(format!("a{i}"), t.to_string()))).collect();
            let (_, ids) = store.insert_batch(&coded, &p.lexicon().version).unwrap();
            store.recluster(&ids).unwrap();
            let all = store.count_events(&EventFilter::default()).unwrap();
            assert!(all >= 5, "{all}");

            // Batches of 2 rows into row groups of 3: several of each, nothing lost or repeated.
            let path = dir.path().join("e.parquet");
            let n = write(&store, &EventFilter::default(), std::fs::File::create(&path).unwrap(), 2, 3).unwrap();
            assert_eq!(n, all);
            let builder = ParquetRecordBatchReaderBuilder::try_new(std::fs::File::open(&path).unwrap()).unwrap();
            let groups: Vec<i64> = builder.metadata().row_groups().iter().map(|g| g.num_rows()).collect();
            assert_eq!(groups.len() as u64, all.div_ceil(3), "{groups:?}");
            assert!(groups.iter().all(|&g| g <= 3), "{groups:?}");
            let mut ids = Vec::new();
            for batch in builder.build().unwrap() {
                let batch = batch.unwrap();
                let col = batch.column(0).as_any().downcast_ref::<arrow_array::Int64Array>().unwrap();
                ids.extend(col.values().iter().copied());
            }
            let expected: Vec<i64> =
                store.events(&EventFilter::default()).unwrap().iter().map(|e| e.event_id).collect();
            assert_eq!(ids, expected);
        }
    }
}
