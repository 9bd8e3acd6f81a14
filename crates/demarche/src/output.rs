//! Record sinks: JSONL, TSV and a readable table.

use anyhow::Result;
use clap::ValueEnum;
use comfy_table::{ContentArrangement, Table};
use demarche_core::records::{EventRecord, EventRow};
use serde::Serialize;
use std::io::Write;

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Jsonl,
    Tsv,
    Table,
}

impl Format {
    /// The format asked for, else a table on a terminal and JSONL otherwise.
    pub fn or_default(asked: Option<Format>) -> Format {
        use std::io::IsTerminal;
        asked.unwrap_or(if std::io::stdout().is_terminal() { Format::Table } else { Format::Jsonl })
    }
}

pub struct Sink<W: Write> {
    out: W,
    format: Format,
    tsv_header: bool,
    table: Option<Table>,
    rows: usize,
    /// One JSON line, built in memory and written whole: serde_json writes a record
    /// in dozens of small pieces, and a `Vec` takes them cheaper than any writer.
    line: Vec<u8>,
}

/// One cell's text: strings bare, the rest as JSON.
fn cell(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(a) => a.iter().map(cell).collect::<Vec<_>>().join(","),
        other => other.to_string(),
    }
}

/// TSV cells hold no tabs or newlines.
fn tsv_cell(v: &serde_json::Value) -> String {
    cell(v).replace(['\t', '\n', '\r'], " ")
}

impl<W: Write> Sink<W> {
    pub fn new(out: W, format: Format) -> Self {
        Sink { out, format, tsv_header: false, table: None, rows: 0, line: Vec::new() }
    }

    pub fn write_all<T: Serialize>(&mut self, records: &[T]) -> Result<()> {
        for r in records {
            self.write(r)?;
        }
        Ok(())
    }

    /// Event records; as JSONL through their own writer (`EventRecord::write_json`),
    /// which writes serde's bytes faster, the whole batch in one piece.
    pub fn write_events(&mut self, records: &[EventRecord<'_>]) -> Result<()> {
        match self.format {
            Format::Jsonl => {
                self.line.clear();
                for r in records {
                    r.write_json(&mut self.line);
                    self.line.push(b'\n');
                }
                self.rows += records.len();
                self.out.write_all(&self.line)?;
            }
            Format::Tsv | Format::Table => {
                self.write_all(&records.iter().map(EventRow::from).collect::<Vec<_>>())?;
            }
        }
        Ok(())
    }

    pub fn write<T: Serialize>(&mut self, record: &T) -> Result<()> {
        self.rows += 1;
        match self.format {
            Format::Jsonl => {
                self.line.clear();
                serde_json::to_writer(&mut self.line, record)?;
                self.line.push(b'\n');
                self.out.write_all(&self.line)?;
            }
            Format::Tsv => {
                let v = serde_json::to_value(record)?;
                let Some(obj) = v.as_object() else { return Ok(()) };
                if !self.tsv_header {
                    writeln!(self.out, "{}", obj.keys().cloned().collect::<Vec<_>>().join("\t"))?;
                    self.tsv_header = true;
                }
                writeln!(self.out, "{}", obj.values().map(tsv_cell).collect::<Vec<_>>().join("\t"))?;
            }
            Format::Table => {
                let v = serde_json::to_value(record)?;
                let Some(obj) = v.as_object() else { return Ok(()) };
                let table = self.table.get_or_insert_with(|| {
                    let mut t = Table::new();
                    t.set_content_arrangement(ContentArrangement::Dynamic);
                    t.set_header(obj.keys().cloned().collect::<Vec<_>>());
                    t
                });
                table.add_row(obj.values().map(|c| {
                    let s = cell(c);
                    if s.chars().count() > 120 { format!("{}…", s.chars().take(119).collect::<String>()) } else { s }
                }));
            }
        }
        Ok(())
    }

    pub fn finish(mut self) -> Result<()> {
        if let Some(t) = self.table.take() {
            writeln!(self.out, "{t}")?;
        } else if self.format == Format::Table && self.rows == 0 {
            writeln!(self.out, "(no records)")?;
        }
        self.out.flush()?;
        Ok(())
    }
}
