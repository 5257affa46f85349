-- sitroom schema v1. Portable SQL: runs unchanged on SQLite and PostgreSQL.
-- Nested records (offsets, cuts' parents, mention and event bodies) are JSON text;
-- the columns beside them exist to be filtered and indexed.

CREATE TABLE documents (
    doc_id TEXT PRIMARY KEY,          -- sha256 of the original text
    name TEXT NOT NULL,
    source TEXT NOT NULL,
    url TEXT,
    title TEXT,
    outlet TEXT,
    published TEXT,                   -- ISO date, NULL when unknown
    published_source TEXT,
    language TEXT,
    fmt TEXT NOT NULL,
    original TEXT NOT NULL,
    text TEXT NOT NULL,
    offsets TEXT NOT NULL,            -- JSON OffsetMap
    signature TEXT,                   -- JSON MinHash signature
    near_dup_of TEXT,
    ingested_at TEXT NOT NULL
);
CREATE INDEX documents_name ON documents (name);
CREATE INDEX documents_published ON documents (published);

CREATE TABLE cuts (
    doc_id TEXT NOT NULL REFERENCES documents (doc_id),
    start_offset INTEGER NOT NULL,
    end_offset INTEGER NOT NULL,
    reason TEXT NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX cuts_doc ON cuts (doc_id);

CREATE TABLE rejections (
    source TEXT NOT NULL,
    code TEXT NOT NULL,
    reason TEXT NOT NULL,
    at TEXT NOT NULL
);

CREATE TABLE mentions (
    mention_id TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents (doc_id),
    event_type TEXT NOT NULL,
    sub_event_type TEXT NOT NULL,
    date_start TEXT,
    date_end TEXT,
    lat DOUBLE PRECISION,            -- REAL is single precision in PostgreSQL
    lon DOUBLE PRECISION,
    body TEXT NOT NULL                -- JSON Mention
);
CREATE INDEX mentions_doc ON mentions (doc_id);
CREATE INDEX mentions_date ON mentions (date_start);

-- Documents whose extraction finished: a re-run skips them, an interrupted one redoes them.
CREATE TABLE extracted (
    doc_id TEXT PRIMARY KEY REFERENCES documents (doc_id),
    extractor TEXT NOT NULL,          -- version of the extraction rules
    at TEXT NOT NULL
);

CREATE TABLE events (
    event_id TEXT PRIMARY KEY,
    event_type TEXT NOT NULL,
    sub_event_type TEXT NOT NULL,
    date_start TEXT,
    date_end TEXT,
    country TEXT,
    admin1 TEXT,
    place TEXT,
    lat DOUBLE PRECISION,            -- REAL is single precision in PostgreSQL
    lon DOUBLE PRECISION,
    actor1 TEXT,
    actor2 TEXT,
    fatalities_best INTEGER,
    body TEXT NOT NULL                -- JSON Event
);
CREATE INDEX events_date ON events (date_start);
CREATE INDEX events_type ON events (event_type);

CREATE TABLE event_mentions (
    event_id TEXT NOT NULL,
    mention_id TEXT NOT NULL,
    PRIMARY KEY (event_id, mention_id)
);
CREATE INDEX event_mentions_mention ON event_mentions (mention_id);

-- Analyst decisions that every later resolution run must respect.
CREATE TABLE overrides (
    seq INTEGER NOT NULL,
    action TEXT NOT NULL,             -- merge | split
    a TEXT NOT NULL,                  -- a mention id (ids of events are resolved to mentions when recorded)
    b TEXT,
    note TEXT,
    at TEXT NOT NULL
);
