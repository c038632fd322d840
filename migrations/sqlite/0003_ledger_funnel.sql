-- snowball schema v3 (SQLite): the value ledger, the funnel and impact return.
-- The PostgreSQL twin is migrations/postgres/0003_ledger_funnel.sql; keep them in step.

-- Who acted to create a value exchange (the thanker, the reactor, the answerer, the manager who
-- logged it). Anti-abuse limits (cooldown, daily cap) apply to the actor.
ALTER TABLE value_exchanges ADD COLUMN actor_id BIGINT;
CREATE INDEX value_by_actor ON value_exchanges (community_id, actor_id, at);

-- When the member was first seen acting (or joining): the engagement anchor for members who
-- were there before snowball, and their presence in period statistics.
ALTER TABLE members ADD COLUMN first_seen_at BIGINT;
-- Referral counts the ambassador rule reads (kept in step with `referrals`).
ALTER TABLE members ADD COLUMN referrals_validated BIGINT NOT NULL DEFAULT 0;
ALTER TABLE members ADD COLUMN referrals_customers BIGINT NOT NULL DEFAULT 0;

-- Projection: every counted referral (a member's first join credited to an inviter) and its
-- validation: pending until the invitee stayed `attribution.validation_days`, then validated;
-- `left` when the invitee left before that.
CREATE TABLE referrals (
    community_id BIGINT NOT NULL REFERENCES communities (id),
    user_id      BIGINT NOT NULL,
    inviter_id   BIGINT NOT NULL,
    joined_at    BIGINT NOT NULL,
    due_at       BIGINT NOT NULL,
    status       TEXT   NOT NULL,
    settled_at   BIGINT,
    PRIMARY KEY (community_id, user_id),
    CHECK (status IN ('pending', 'validated', 'left'))
);
CREATE INDEX referrals_pending ON referrals (community_id, due_at) WHERE status = 'pending';
CREATE INDEX referrals_by_inviter ON referrals (community_id, inviter_id);
CREATE INDEX referrals_by_settled ON referrals (community_id, settled_at);

-- Projection: leaderboard counters per board (referrals, helpers), bucket (all, m2026-11,
-- w2026-W47; UTC) and member, so a leaderboard is one index range scan at any size.
CREATE TABLE leaderboard_scores (
    community_id BIGINT NOT NULL REFERENCES communities (id),
    board        TEXT   NOT NULL,
    bucket       TEXT   NOT NULL,
    user_id      BIGINT NOT NULL,
    score        BIGINT NOT NULL,
    PRIMARY KEY (community_id, board, bucket, user_id)
);
CREATE INDEX leaderboard_by_score ON leaderboard_scores (community_id, board, bucket, score DESC, user_id);

CREATE INDEX messages_by_time ON messages (community_id, at);
CREATE INDEX customers_by_user ON customers (community_id, user_id);
