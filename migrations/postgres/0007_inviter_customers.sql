-- snowball schema v7 (PostgreSQL). The SQLite twin is migrations/sqlite/0007_inviter_customers.sql;
-- keep them in step. The members-by-inviter index also holds `customer_at`, so counting the
-- customers a member brought (`/me`, `/member`) reads the index alone.

DROP INDEX members_by_inviter;
CREATE INDEX members_by_inviter ON members (community_id, inviter_id, customer_at);
