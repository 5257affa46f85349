-- sitroom schema v3: overrides in one format, and undoable.
-- Portable SQL: runs unchanged on SQLite and PostgreSQL.
-- a and b hold JSON arrays of mention ids. Older web pages stored a bare mention id: it becomes
-- a one-id array here (mention ids are hex digests, so no quoting is needed).
UPDATE overrides SET a = '["' || a || '"]' WHERE substr(a, 1, 1) <> '[';
UPDATE overrides SET b = '["' || b || '"]' WHERE b IS NOT NULL AND substr(b, 1, 1) <> '[';
-- An undone override is kept (who decided what, and when it was taken back) but no longer applied.
ALTER TABLE overrides ADD COLUMN undone_at TEXT;
