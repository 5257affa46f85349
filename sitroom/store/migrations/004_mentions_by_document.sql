-- sitroom schema v4: resolution reads each document's mentions in (doc_id, mention_id) order, a page at
-- a time (resolve/twins.py); this index serves that order on SQLite and PostgreSQL alike.
CREATE INDEX mentions_doc_mention ON mentions (doc_id, mention_id);
