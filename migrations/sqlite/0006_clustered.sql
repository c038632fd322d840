-- snowball schema v6 (SQLite): the projections keyed by community are stored in their key's
-- order (WITHOUT ROWID), and leaves are indexed by time.
-- The PostgreSQL twin is migrations/postgres/0006_clustered.sql; keep them in step.
--
-- In a rowid table a composite primary key is a second B-tree: every lookup by key descends
-- the key's index and then the table, and a community's rows lie scattered through the table,
-- so reading every member of a community (the digest's counts, the funnel) was one random
-- lookup per member (issue 8: 1.7 µs per member, 3 s per digest at 100k members). Stored in
-- key order, a community's members are contiguous and a lookup is one descent. The tables'
-- rows are small, as SQLite's documentation asks of a WITHOUT ROWID table.

CREATE TABLE members_v6 (
    community_id        BIGINT NOT NULL REFERENCES communities (id),
    user_id             BIGINT NOT NULL,
    name                TEXT,
    is_bot              BIGINT NOT NULL DEFAULT 0,
    platform_role       TEXT   NOT NULL DEFAULT 'member',
    professional        BIGINT NOT NULL DEFAULT 0,
    customer_role       BIGINT NOT NULL DEFAULT 0,
    first_joined_at     BIGINT,
    joined_at           BIGINT,
    left_at             BIGINT,
    join_count          BIGINT NOT NULL DEFAULT 0,
    source              TEXT,
    confidence          TEXT,
    inviter_id          BIGINT,
    campaign            TEXT,
    last_active_at      BIGINT,
    messages            BIGINT NOT NULL DEFAULT 0,
    early_messages      BIGINT NOT NULL DEFAULT 0,
    stage               TEXT   NOT NULL DEFAULT 'newcomer',
    stage_at            BIGINT,
    customer_at         BIGINT,
    value_given         BIGINT NOT NULL DEFAULT 0,
    value_received      BIGINT NOT NULL DEFAULT 0,
    forgotten           BIGINT NOT NULL DEFAULT 0,
    first_seen_at       BIGINT,
    referrals_validated BIGINT NOT NULL DEFAULT 0,
    referrals_customers BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (community_id, user_id),
    CHECK (name IS NULL OR length(name) <= 256),
    CHECK (messages >= 0 AND early_messages >= 0 AND join_count >= 0)
) WITHOUT ROWID;
INSERT INTO members_v6 (community_id, user_id, name, is_bot, platform_role, professional, customer_role,
    first_joined_at, joined_at, left_at, join_count, source, confidence, inviter_id, campaign, last_active_at,
    messages, early_messages, stage, stage_at, customer_at, value_given, value_received, forgotten,
    first_seen_at, referrals_validated, referrals_customers)
SELECT community_id, user_id, name, is_bot, platform_role, professional, customer_role,
    first_joined_at, joined_at, left_at, join_count, source, confidence, inviter_id, campaign, last_active_at,
    messages, early_messages, stage, stage_at, customer_at, value_given, value_received, forgotten,
    first_seen_at, referrals_validated, referrals_customers
FROM members;
DROP TABLE members;
ALTER TABLE members_v6 RENAME TO members;
CREATE INDEX members_by_inviter ON members (community_id, inviter_id);

CREATE TABLE messages_v6 (
    community_id BIGINT NOT NULL REFERENCES communities (id),
    message_id   BIGINT NOT NULL,
    author_id    BIGINT NOT NULL,
    at           BIGINT NOT NULL,
    question     BIGINT NOT NULL DEFAULT 0,
    deleted      BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (community_id, message_id)
) WITHOUT ROWID;
INSERT INTO messages_v6 (community_id, message_id, author_id, at, question, deleted)
SELECT community_id, message_id, author_id, at, question, deleted FROM messages;
DROP TABLE messages;
ALTER TABLE messages_v6 RENAME TO messages;
CREATE INDEX messages_by_time ON messages (community_id, at);

CREATE TABLE leaderboard_scores_v6 (
    community_id BIGINT NOT NULL REFERENCES communities (id),
    board        TEXT   NOT NULL,
    bucket       TEXT   NOT NULL,
    user_id      BIGINT NOT NULL,
    score        BIGINT NOT NULL,
    PRIMARY KEY (community_id, board, bucket, user_id)
) WITHOUT ROWID;
INSERT INTO leaderboard_scores_v6 (community_id, board, bucket, user_id, score)
SELECT community_id, board, bucket, user_id, score FROM leaderboard_scores;
DROP TABLE leaderboard_scores;
ALTER TABLE leaderboard_scores_v6 RENAME TO leaderboard_scores;
CREATE INDEX leaderboard_by_score ON leaderboard_scores (community_id, board, bucket, score DESC, user_id);

CREATE TABLE leaderboard_counts_v6 (
    community_id BIGINT NOT NULL REFERENCES communities (id),
    board        TEXT   NOT NULL,
    bucket       TEXT   NOT NULL,
    score        BIGINT NOT NULL,
    members      BIGINT NOT NULL,
    PRIMARY KEY (community_id, board, bucket, score)
) WITHOUT ROWID;
INSERT INTO leaderboard_counts_v6 (community_id, board, bucket, score, members)
SELECT community_id, board, bucket, score, members FROM leaderboard_counts;
DROP TABLE leaderboard_counts;
ALTER TABLE leaderboard_counts_v6 RENAME TO leaderboard_counts;

-- The digest counts the period's leaves from the joins they closed, and from the members with no
-- join row (there before snowball) who left.
CREATE INDEX joins_by_left ON joins (community_id, left_at);
CREATE INDEX members_left_unjoined ON members (community_id, left_at) WHERE join_count = 0;
