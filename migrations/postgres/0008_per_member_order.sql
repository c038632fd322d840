-- snowball schema v8 (PostgreSQL). The SQLite twin is migrations/sqlite/0008_per_member_order.sql;
-- keep them in step. A member's joins, stage changes and sales are read from their index in time
-- order (`ORDER BY at, id`), and `/campaign list` counts campaign joins from a partial index of
-- only those.

DROP INDEX joins_by_user;
CREATE INDEX joins_by_user ON joins (community_id, user_id, at, id);
DROP INDEX transitions_by_user;
CREATE INDEX transitions_by_user ON transitions (community_id, user_id, at, id);
DROP INDEX customers_by_user;
CREATE INDEX customers_by_user ON customers (community_id, user_id, at, id);
CREATE INDEX joins_by_campaign ON joins (community_id, campaign) WHERE campaign IS NOT NULL;

-- A Discord join through a member's personal invite looks the owner up by code: with only the
-- (community, user) key that walked every personal invite of the community, once per join.
CREATE INDEX personal_invites_by_code ON personal_invites (community_id, invite);

-- The digest leaves bots out of a period's joins, leaves and messages by asking whether the
-- row's person is one of the community's few bots: this partial index holds only those.
CREATE INDEX members_bots ON members (community_id, user_id) WHERE is_bot = 1;
