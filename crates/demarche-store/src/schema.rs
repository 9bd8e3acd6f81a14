//! The schema, as numbered migrations; `PRAGMA user_version` says how many ran.

/// The schema version this code writes.
pub const VERSION: i64 = MIGRATIONS.len() as i64;

pub const MIGRATIONS: &[&str] = &[
    // 1: articles and what the pipeline found in them.
    r#"
CREATE TABLE articles (
    id              INTEGER PRIMARY KEY,
    ext_id          TEXT NOT NULL,
    source          TEXT,
    url             TEXT,
    title           TEXT,
    published       TEXT,
    content_hash    TEXT NOT NULL UNIQUE,
    text            TEXT NOT NULL,
    lexicon_version TEXT NOT NULL,
    ingested_at     TEXT NOT NULL
);
CREATE UNIQUE INDEX articles_url ON articles(url) WHERE url IS NOT NULL;
CREATE INDEX articles_published ON articles(published);

CREATE TABLE sentences (
    article   INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx       INTEGER NOT NULL,
    paragraph INTEGER NOT NULL,
    start     INTEGER NOT NULL,
    end       INTEGER NOT NULL,
    PRIMARY KEY (article, idx)
) WITHOUT ROWID;

CREATE TABLE mentions (
    article  INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    sentence INTEGER NOT NULL,
    start    INTEGER NOT NULL,
    end      INTEGER NOT NULL,
    kind     TEXT NOT NULL,
    code     TEXT NOT NULL,
    sector   TEXT,
    name     TEXT,
    role     TEXT,
    entries  TEXT NOT NULL
);
CREATE INDEX mentions_article ON mentions(article);
CREATE INDEX mentions_code ON mentions(code);

CREATE TABLE quotes (
    article      INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx          INTEGER NOT NULL,
    kind         TEXT NOT NULL,
    start        INTEGER NOT NULL,
    end          INTEGER NOT NULL,
    text         TEXT NOT NULL,
    speaker      TEXT,
    speaker_code TEXT,
    attribution  TEXT NOT NULL,
    PRIMARY KEY (article, idx)
) WITHOUT ROWID;

CREATE TABLE clusters (
    id           INTEGER PRIMARY KEY,
    canonical    INTEGER NOT NULL,
    source_code  TEXT NOT NULL,
    target_code  TEXT NOT NULL,
    root         TEXT NOT NULL,
    date         TEXT,
    num_mentions INTEGER NOT NULL,
    num_articles INTEGER NOT NULL,
    num_sources  INTEGER NOT NULL
);

CREATE TABLE events (
    id              INTEGER PRIMARY KEY,
    article         INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    sentence        INTEGER NOT NULL,
    -- sorted codes joined by ';' ("NATO;USA"): the dyad key
    source_code     TEXT NOT NULL,
    target_code     TEXT NOT NULL,
    cameo           TEXT NOT NULL,
    root            TEXT NOT NULL,
    plover          TEXT,
    goldstein       REAL NOT NULL,
    quad_class      INTEGER NOT NULL,
    date            TEXT,
    sentence_text   TEXT NOT NULL,
    mentions        INTEGER NOT NULL,
    lexicon_version TEXT NOT NULL,
    cluster         INTEGER,
    -- the full event record as `demarche code` writes it (spans, entries, flags...)
    record          TEXT NOT NULL
);
CREATE INDEX events_article ON events(article);
CREATE INDEX events_key ON events(source_code, target_code, root, date);
CREATE INDEX events_date ON events(date);
CREATE INDEX events_root ON events(root, cameo);
CREATE INDEX events_cluster ON events(cluster);

-- one row per actor code on each side, for actor filters over lists
CREATE TABLE event_actors (
    event INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    role  TEXT NOT NULL CHECK (role IN ('source', 'target')),
    code  TEXT NOT NULL,
    PRIMARY KEY (event, role, code)
) WITHOUT ROWID;
CREATE INDEX event_actors_code ON event_actors(code, role);
"#,
    // 2: clusters are replaced per key on every batch; without this index each
    // replacement scanned the whole table, and ingest slowed as the store grew.
    r#"
CREATE INDEX clusters_key ON clusters(source_code, target_code, root, date);
"#,
];
