-- snowball schema v6 (PostgreSQL). The SQLite twin is migrations/sqlite/0006_clustered.sql;
-- keep them in step. There, the projections keyed by community are rebuilt in their key's
-- order (WITHOUT ROWID); PostgreSQL keeps rows in heap tables either way, so only the new index
-- is shared.

-- The digest counts the period's leaves from the joins they closed, and from the members with no
-- join row (there before snowball) who left.
CREATE INDEX joins_by_left ON joins (community_id, left_at);
CREATE INDEX members_left_unjoined ON members (community_id, left_at) WHERE join_count = 0;
