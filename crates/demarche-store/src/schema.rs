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
    // 3: timelines. An actor's or a directed dyad's events in date order, with what
    // the series need, so a newest-first page or a daily series is one index range
    // instead of a sort of every event the actor has. Undated events have day ''.
    // Triggers keep them in step with event_actors and events, whoever writes.
    r#"
CREATE TABLE actor_timeline (
    code       TEXT NOT NULL,
    day        TEXT NOT NULL,
    event      INTEGER NOT NULL,
    quad_class INTEGER NOT NULL,
    goldstein  REAL NOT NULL,
    PRIMARY KEY (code, day, event)
) WITHOUT ROWID;

CREATE TABLE dyad_timeline (
    source     TEXT NOT NULL,
    target     TEXT NOT NULL,
    day        TEXT NOT NULL,
    event      INTEGER NOT NULL,
    quad_class INTEGER NOT NULL,
    goldstein  REAL NOT NULL,
    PRIMARY KEY (source, target, day, event)
) WITHOUT ROWID;

INSERT OR IGNORE INTO actor_timeline (code, day, event, quad_class, goldstein)
    SELECT x.code, coalesce(e.date, ''), e.id, e.quad_class, e.goldstein
    FROM event_actors x JOIN events e ON e.id = x.event;
INSERT OR IGNORE INTO dyad_timeline (source, target, day, event, quad_class, goldstein)
    SELECT x.code, y.code, coalesce(e.date, ''), e.id, e.quad_class, e.goldstein
    FROM event_actors x JOIN event_actors y ON y.event = x.event AND y.role = 'target'
    JOIN events e ON e.id = x.event
    WHERE x.role = 'source';

CREATE TRIGGER event_actors_timeline AFTER INSERT ON event_actors BEGIN
    INSERT OR IGNORE INTO actor_timeline (code, day, event, quad_class, goldstein)
        SELECT new.code, coalesce(e.date, ''), e.id, e.quad_class, e.goldstein FROM events e WHERE e.id = new.event;
    INSERT OR IGNORE INTO dyad_timeline (source, target, day, event, quad_class, goldstein)
        SELECT CASE new.role WHEN 'source' THEN new.code ELSE o.code END,
               CASE new.role WHEN 'source' THEN o.code ELSE new.code END,
               coalesce(e.date, ''), e.id, e.quad_class, e.goldstein
        FROM event_actors o JOIN events e ON e.id = o.event
        WHERE o.event = new.event AND o.role <> new.role;
END;

-- BEFORE: the event's actors are still there to name the rows to delete.
CREATE TRIGGER events_timeline_delete BEFORE DELETE ON events BEGIN
    DELETE FROM actor_timeline
        WHERE code IN (SELECT code FROM event_actors WHERE event = old.id)
          AND day = coalesce(old.date, '') AND event = old.id;
    DELETE FROM dyad_timeline
        WHERE source IN (SELECT code FROM event_actors WHERE event = old.id AND role = 'source')
          AND target IN (SELECT code FROM event_actors WHERE event = old.id AND role = 'target')
          AND day = coalesce(old.date, '') AND event = old.id;
END;

-- Dated newest-first pages under a root filter, without sorting the whole root.
CREATE INDEX events_root_date ON events(root, date);
"#,
];
