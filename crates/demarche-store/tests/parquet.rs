//! The Parquet export (`--features parquet`), read back with the parquet crate's own reader.
#![cfg(feature = "parquet")]
#![allow(clippy::unwrap_used)]

use arrow_array::cast::AsArray;
use arrow_array::types::{Date32Type, Float64Type, Int32Type, Int64Type};
use arrow_array::{Array, RecordBatch};
use arrow_schema::DataType;
use chrono::NaiveDate;
use demarche_core::{Article, Pipeline};
use demarche_store::{EventFilter, Store};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

fn article(id: &str, source: &str, url: &str, text: &str) -> Article {
    let mut a = Article::new(id, text.to_string()).with_published(NaiveDate::from_ymd_opt(2024, 3, 6));
    a.source = Some(source.into());
    a.url = Some(url.into());
    a
}

/// One column of a batch as strings (nulls as `None`).
fn strings(b: &RecordBatch, name: &str) -> Vec<Option<String>> {
    let c = b.column_by_name(name).unwrap().as_string::<i32>();
    (0..c.len()).map(|i| c.is_valid(i).then(|| c.value(i).to_string())).collect()
}

/// A list-of-strings column as vectors.
fn lists(b: &RecordBatch, name: &str) -> Vec<Vec<String>> {
    let c = b.column_by_name(name).unwrap().as_list::<i32>();
    (0..c.len())
        .map(|i| {
            let items = c.value(i);
            let items = items.as_string::<i32>();
            (0..items.len()).map(|k| items.value(k).to_string()).collect()
        })
        .collect()
}

#[test]
fn parquet_rows_read_back_with_typed_columns() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("t.db")).unwrap();
    let p = Pipeline::builder().today(NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()).build().unwrap();
    let articles = [
        article(
            "wire-1",
            "Reuters",
            "https://example.com/reuters/1",
            "Russia expelled two Estonian diplomats on Monday, the Russian foreign ministry said.",
        ),
        article(
            "wire-2",
            "AFP",
            "https://example.org/afp/2",
            "Moscow expelled two diplomats from the Estonian embassy on Monday in a tit-for-tat move.",
        ),
        article(
            "wire-4",
            "AP",
            "https://example.net/ap/4",
            "France and Germany signed a defence cooperation agreement in Paris on Tuesday.",
        ),
    ];
    let coded: Vec<_> = articles.iter().map(|a| p.code(a)).collect();
    let (_, ids) = store.insert_batch(&coded, &p.lexicon().version).unwrap();
    store.recluster(&ids).unwrap();
    let stored = store.events(&EventFilter::default()).unwrap();
    assert!(stored.len() >= 4, "{stored:#?}");

    let path = dir.path().join("events.parquet");
    let file = std::fs::File::create(&path).unwrap();
    let n = demarche_store::export_parquet(&store, &EventFilter::default(), file).unwrap();
    assert_eq!(n as usize, stored.len());

    let builder = ParquetRecordBatchReaderBuilder::try_new(std::fs::File::open(&path).unwrap()).unwrap();
    assert_eq!(builder.metadata().file_metadata().num_rows() as usize, stored.len());
    let schema = builder.schema().clone();
    let ty = |name: &str| schema.field_with_name(name).unwrap().data_type().clone();
    assert_eq!(ty("event_id"), DataType::Int64);
    assert_eq!(ty("date"), DataType::Date32);
    assert_eq!(ty("goldstein"), DataType::Float64);
    assert_eq!(ty("quad_class"), DataType::Int32);
    assert!(matches!(ty("source"), DataType::List(f) if f.data_type() == &DataType::Utf8));
    let batches: Vec<RecordBatch> = builder.build().unwrap().map(Result::unwrap).collect();
    // A few rows: one batch of the reader's 1024.
    assert_eq!(batches.len(), 1);
    let batch = &batches[0];
    assert_eq!(batch.num_rows(), stored.len());

    let event_ids = batch.column_by_name("event_id").unwrap().as_primitive::<Int64Type>();
    let dates = batch.column_by_name("date").unwrap().as_primitive::<Date32Type>();
    let goldstein = batch.column_by_name("goldstein").unwrap().as_primitive::<Float64Type>();
    let quad = batch.column_by_name("quad_class").unwrap().as_primitive::<Int32Type>();
    let articles_col = batch.column_by_name("num_articles").unwrap().as_primitive::<Int64Type>();
    let (cameo, root, url, publisher) =
        (strings(batch, "cameo"), strings(batch, "root"), strings(batch, "url"), strings(batch, "publisher"));
    let (source, target) = (lists(batch, "source"), lists(batch, "target"));

    // Every row is the stored event of the same id, in the same order.
    for (i, e) in stored.iter().enumerate() {
        assert_eq!(event_ids.value(i), e.event_id);
        assert_eq!(cameo[i].as_deref(), e.record["cameo"].as_str());
        assert_eq!(root[i].as_deref(), e.record["root"].as_str());
        assert_eq!(Some(goldstein.value(i)), e.record["goldstein"].as_f64());
        assert_eq!(Some(i64::from(quad.value(i))), e.record["quad_class"].as_i64());
        let codes: Vec<String> = serde_json::from_value(e.record["source"].clone()).unwrap();
        assert_eq!(source[i], codes);
        assert_eq!(url[i], e.url);
        assert_eq!(publisher[i], e.publisher);
    }

    // The expulsion: Monday 4 March 2024 as a DATE, reported by two articles.
    let k = (0..batch.num_rows()).find(|&i| root[i].as_deref() == Some("16")).unwrap();
    assert_eq!(source[k], ["RUS"]);
    assert_eq!(target[k], ["EST"]);
    assert_eq!(dates.value_as_date(k), NaiveDate::from_ymd_opt(2024, 3, 4));
    assert_eq!(articles_col.value(k), 2);
    assert!(goldstein.value(k) < 0.0);
    // The signing: both sides are states, the code keeps its leading zero.
    let k = (0..batch.num_rows()).find(|&i| cameo[i].as_deref() == Some("057")).unwrap();
    assert_eq!(url[k].as_deref(), Some("https://example.net/ap/4"));
    assert_eq!(publisher[k].as_deref(), Some("AP"));
    assert_eq!(quad.value(k), 1);
}

#[test]
fn an_empty_selection_is_a_valid_file_with_the_schema() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("t.db")).unwrap();
    let path = dir.path().join("none.parquet");
    let mut out = std::fs::File::create(&path).unwrap();
    assert_eq!(demarche_store::export_parquet(&store, &EventFilter::default(), &mut out).unwrap(), 0);
    let builder = ParquetRecordBatchReaderBuilder::try_new(std::fs::File::open(&path).unwrap()).unwrap();
    assert_eq!(builder.metadata().file_metadata().num_rows(), 0);
    assert_eq!(builder.schema().fields().len(), 24);
}
