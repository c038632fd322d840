-- snowball schema v8 (SQLite): a member's own rows come from their index in time order.
-- The PostgreSQL twin is migrations/postgres/0008_per_member_order.sql; keep them in step.
--
-- `/me`, `/member` and `/me export` read one member's joins, stage changes and sales
-- `ORDER BY at, id`. With the member indexes on (community, user) alone, SQLite's planner (no
-- statistics) preferred the community's time index, which gives that order without a sort, and
-- walked every join, transition or sale of the community to find one member's
-- (tests/query_plans.rs found it). With `at` in the member index both the filter and the order
-- come from it (the row id, which breaks ties, is part of every index entry).
--
-- `/campaign list` counted each campaign's joins by walking every join of the community; the
-- partial index holds only the joins that came through a campaign.

DROP INDEX joins_by_user;
CREATE INDEX joins_by_user ON joins (community_id, user_id, at);
DROP INDEX transitions_by_user;
CREATE INDEX transitions_by_user ON transitions (community_id, user_id, at);
DROP INDEX customers_by_user;
CREATE INDEX customers_by_user ON customers (community_id, user_id, at);
CREATE INDEX joins_by_campaign ON joins (community_id, campaign) WHERE campaign IS NOT NULL;

-- A Discord join through a member's personal invite looks the owner up by code: with only the
-- (community, user) key that walked every personal invite of the community, once per join.
CREATE INDEX personal_invites_by_code ON personal_invites (community_id, invite);

-- The digest leaves bots out of a period's joins, leaves and messages by asking whether the
-- row's person is one of the community's few bots: this partial index holds only those.
CREATE INDEX members_bots ON members (community_id, user_id) WHERE is_bot = 1;
