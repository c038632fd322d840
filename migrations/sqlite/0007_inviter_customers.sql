-- snowball schema v7 (SQLite): the members-by-inviter index also holds `customer_at`.
-- The PostgreSQL twin is migrations/postgres/0007_inviter_customers.sql; keep them in step.
--
-- `/me` and `/member` count the customers a member brought (`inviter_id = ? AND customer_at IS
-- NOT NULL`). Since v6 stores members in key order, SQLite's planner (with no statistics, as in
-- a deployment nobody ANALYZEs) preferred walking the community's whole primary key to the
-- inviter index, which would have needed a second lookup per row for `customer_at`: 7 ms per
-- command at 100k members, ~170 ms at 1M (issue 8). With the column in the index the count is
-- answered from the index alone, and the planner takes it.

DROP INDEX members_by_inviter;
CREATE INDEX members_by_inviter ON members (community_id, inviter_id, customer_at);
