//! demarche-store: the embedded database (SQLite, one file, WAL).
//!
//! Articles are stored once (deduplicated by a hash of their normalized text
//! and by URL) with everything the pipeline found in them: sentences, actor
//! mentions, quotes and events with their provenance and the lexicon version
//! that coded them. Events that different articles report about the same
//! happening are grouped into clusters, GDELT's NumMentions/NumSources/
//! NumArticles. One writer; every article is written whole in a transaction,
//! so a crash loses at most the batch in flight and never leaves half an
//! article.

pub mod analysis;
mod cluster;
mod export;
mod query;
mod schema;
mod write;

pub use cluster::ClusterStats;
#[cfg(feature = "parquet")]
pub use export::export_parquet;
pub use export::{CSV_COLUMNS, ExportFormat, GDELT_COLUMNS, export};
pub use query::{EventFilter, StoredEvent};
pub use write::{Inserted, content_hash, normalize_url};

use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};

/// A store error, naming the database file.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path}: {source}")]
    Sql {
        path: String,
        #[source]
        source: rusqlite::Error,
    },
    #[error("{path}: schema version {found} is newer than this demarche knows ({known}); upgrade demarche")]
    TooNew { path: String, found: i64, known: i64 },
    #[error("{path}: {message}")]
    Invalid { path: String, message: String },
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// The database.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens (creating if needed) a store for reading and writing, and brings its
    /// schema up to date.
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        let path = path.as_ref().to_path_buf();
        let conn = Connection::open(&path).map_err(|e| sql_err(&path, e))?;
        let mut store = Store { conn, path };
        store.configure(false)?;
        store.migrate()?;
        Ok(store)
    }

    /// Opens an existing store read-only (the server, queries).
    pub fn open_read_only(path: impl AsRef<Path>) -> Result<Store> {
        let path = path.as_ref().to_path_buf();
        if !path.exists() {
            return Err(StoreError::Invalid {
                path: path.display().to_string(),
                message: "no such database (run `demarche ingest` first)".into(),
            });
        }
        let conn = Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI)
            .map_err(|e| sql_err(&path, e))?;
        let store = Store { conn, path };
        store.configure(true)?;
        let v = store.user_version()?;
        if v > schema::VERSION {
            return Err(StoreError::TooNew { path: store.path_str(), found: v, known: schema::VERSION });
        }
        if v < schema::VERSION {
            return Err(StoreError::Invalid {
                path: store.path_str(),
                message: format!(
                    "schema version {v} is older than {}: open it once with `demarche ingest` or `demarche recode` to migrate",
                    schema::VERSION
                ),
            });
        }
        Ok(store)
    }

    fn configure(&self, read_only: bool) -> Result<()> {
        let c = &self.conn;
        c.busy_timeout(std::time::Duration::from_secs(10)).map_err(|e| self.err(e))?;
        if !read_only {
            // WAL: readers never block the writer, and a killed writer leaves a consistent file.
            let mode: String = c.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0)).map_err(|e| self.err(e))?;
            if !mode.eq_ignore_ascii_case("wal") {
                return Err(StoreError::Invalid { path: self.path_str(), message: format!("cannot use WAL ({mode})") });
            }
            c.execute_batch("PRAGMA synchronous=NORMAL;").map_err(|e| self.err(e))?;
        }
        c.execute_batch("PRAGMA foreign_keys=ON;").map_err(|e| self.err(e))?;
        Ok(())
    }

    /// A cheap health check for pooled connections: the file still answers and
    /// holds the schema this code reads (a writer may have migrated it since).
    pub fn check(&self) -> Result<()> {
        let v = self.user_version()?;
        if v != schema::VERSION {
            return Err(StoreError::Invalid {
                path: self.path_str(),
                message: format!("schema version changed to {v} (this build reads {})", schema::VERSION),
            });
        }
        Ok(())
    }

    fn user_version(&self) -> Result<i64> {
        self.conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(|e| self.err(e))
    }

    fn migrate(&mut self) -> Result<()> {
        let v = self.user_version()?;
        if v > schema::VERSION {
            return Err(StoreError::TooNew { path: self.path_str(), found: v, known: schema::VERSION });
        }
        for (i, step) in schema::MIGRATIONS.iter().enumerate().skip(v as usize) {
            let tx = self.conn.transaction().map_err(|e| sql_err(&self.path, e))?;
            tx.execute_batch(step).map_err(|e| sql_err(&self.path, e))?;
            tx.pragma_update(None, "user_version", (i + 1) as i64).map_err(|e| sql_err(&self.path, e))?;
            tx.commit().map_err(|e| sql_err(&self.path, e))?;
        }
        Ok(())
    }

    /// `PRAGMA integrity_check`: "ok" or the problems SQLite found.
    pub fn integrity_check(&self) -> Result<String> {
        let mut st = self.conn.prepare("PRAGMA integrity_check").map_err(|e| self.err(e))?;
        let rows: Vec<String> = st
            .query_map([], |r| r.get(0))
            .map_err(|e| self.err(e))?
            .collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))?;
        Ok(rows.join("\n"))
    }

    /// Row counts of the main tables, for summaries and tests.
    pub fn counts(&self) -> Result<Counts> {
        let n = |t| self.rows(t);
        Ok(Counts {
            articles: n("articles")?,
            sentences: n("sentences")?,
            mentions: n("mentions")?,
            quotes: n("quotes")?,
            events: n("events")?,
            clusters: n("clusters")?,
        })
    }

    /// The number of rows in one of the store's tables (a name from this crate, never a user's).
    pub(crate) fn rows(&self, table: &str) -> Result<u64> {
        self.conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).map_err(|e| self.err(e))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Reclusters every event not yet in a cluster (and the keys they join): after a
    /// batch, and at the start of a run that follows a crash between insert and clustering.
    pub fn recluster_pending(&mut self) -> Result<ClusterStats> {
        let ids: Vec<i64> = {
            let mut st = self.conn.prepare("SELECT id FROM events WHERE cluster IS NULL").map_err(|e| self.err(e))?;
            let rows = st.query_map([], |r| r.get(0)).map_err(|e| self.err(e))?;
            rows.collect::<rusqlite::Result<_>>().map_err(|e| self.err(e))?
        };
        self.recluster(&ids)
    }

    /// The SQLite connection, for read-only analysis elsewhere (series, the server).
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    fn path_str(&self) -> String {
        self.path.display().to_string()
    }

    fn err(&self, e: rusqlite::Error) -> StoreError {
        sql_err(&self.path, e)
    }
}

fn sql_err(path: &Path, e: rusqlite::Error) -> StoreError {
    StoreError::Sql { path: path.display().to_string(), source: e }
}

/// Rows per table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct Counts {
    pub articles: u64,
    pub sentences: u64,
    pub mentions: u64,
    pub quotes: u64,
    pub events: u64,
    pub clusters: u64,
}
