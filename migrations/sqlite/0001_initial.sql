-- snowball schema v1 (SQLite). Timestamps are Unix milliseconds (UTC); flags are 0/1 integers.
-- The PostgreSQL twin is migrations/postgres/0001_initial.sql; keep them in step.

CREATE TABLE communities (
    id          INTEGER PRIMARY KEY,
    platform    TEXT    NOT NULL,
    external_id TEXT    NOT NULL,
    name        TEXT,
    settings    TEXT    NOT NULL DEFAULT '{}',
    created_at  BIGINT  NOT NULL,
    UNIQUE (platform, external_id)
);

-- The append-only log: the source of truth. source_id makes ingest idempotent.
CREATE TABLE events (
    id           INTEGER PRIMARY KEY,
    community_id BIGINT  NOT NULL REFERENCES communities (id),
    source_id    TEXT    NOT NULL,
    kind         TEXT    NOT NULL,
    at           BIGINT  NOT NULL,
    payload      TEXT    NOT NULL,
    UNIQUE (community_id, source_id),
    CHECK (length(source_id) BETWEEN 1 AND 200)
);
CREATE INDEX events_by_time ON events (community_id, at);

-- Projection: one row per person ever seen in a community.
CREATE TABLE members (
    community_id     BIGINT NOT NULL REFERENCES communities (id),
    user_id          BIGINT NOT NULL,
    name             TEXT,
    is_bot           BIGINT NOT NULL DEFAULT 0,
    platform_role    TEXT   NOT NULL DEFAULT 'member',
    professional     BIGINT NOT NULL DEFAULT 0,
    customer_role    BIGINT NOT NULL DEFAULT 0,
    first_joined_at  BIGINT,
    joined_at        BIGINT,
    left_at          BIGINT,
    join_count       BIGINT NOT NULL DEFAULT 0,
    source           TEXT,
    confidence       TEXT,
    inviter_id       BIGINT,
    campaign         TEXT,
    last_active_at   BIGINT,
    messages         BIGINT NOT NULL DEFAULT 0,
    early_messages   BIGINT NOT NULL DEFAULT 0,
    stage            TEXT   NOT NULL DEFAULT 'newcomer',
    stage_at         BIGINT,
    customer_at      BIGINT,
    value_given      BIGINT NOT NULL DEFAULT 0,
    value_received   BIGINT NOT NULL DEFAULT 0,
    forgotten        BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (community_id, user_id),
    CHECK (name IS NULL OR length(name) <= 256),
    CHECK (messages >= 0 AND early_messages >= 0 AND join_count >= 0)
);
CREATE INDEX members_by_inviter ON members (community_id, inviter_id);

-- Projection: every join with its attribution and quality flags.
CREATE TABLE joins (
    id            INTEGER PRIMARY KEY,
    community_id  BIGINT NOT NULL REFERENCES communities (id),
    event_id      BIGINT NOT NULL,
    user_id       BIGINT NOT NULL,
    at            BIGINT NOT NULL,
    source        TEXT   NOT NULL,
    confidence    TEXT   NOT NULL,
    inviter_id    BIGINT,
    candidates    TEXT,
    invite        TEXT,
    campaign      TEXT,
    self_invite   BIGINT NOT NULL DEFAULT 0,
    rejoin        BIGINT NOT NULL DEFAULT 0,
    suspect       BIGINT NOT NULL DEFAULT 0,
    left_at       BIGINT
);
CREATE INDEX joins_by_time ON joins (community_id, at);
CREATE INDEX joins_by_inviter ON joins (community_id, inviter_id);
CREATE INDEX joins_by_user ON joins (community_id, user_id);

-- Tracked links: campaigns (paid/organic) and members' personal invites.
CREATE TABLE campaigns (
    id           INTEGER PRIMARY KEY,
    community_id BIGINT NOT NULL REFERENCES communities (id),
    name         TEXT   NOT NULL,
    paid         BIGINT NOT NULL DEFAULT 0,
    invite       TEXT,
    created_by   BIGINT,
    created_at   BIGINT NOT NULL,
    UNIQUE (community_id, name)
);

CREATE TABLE personal_invites (
    community_id BIGINT NOT NULL REFERENCES communities (id),
    user_id      BIGINT NOT NULL,
    invite       TEXT   NOT NULL,
    created_at   BIGINT NOT NULL,
    PRIMARY KEY (community_id, user_id)
);

-- The last known invite snapshot (Discord), so a restart can diff against it.
CREATE TABLE invites (
    community_id BIGINT NOT NULL REFERENCES communities (id),
    code         TEXT   NOT NULL,
    inviter_id   BIGINT,
    uses         BIGINT NOT NULL DEFAULT 0,
    max_uses     BIGINT NOT NULL DEFAULT 0,
    expires_at   BIGINT,
    temporary    BIGINT NOT NULL DEFAULT 0,
    deleted_at   BIGINT,
    updated_at   BIGINT NOT NULL,
    PRIMARY KEY (community_id, code)
);

-- The message -> author map (reactions do not say whose message it was on Telegram).
CREATE TABLE messages (
    community_id BIGINT NOT NULL REFERENCES communities (id),
    message_id   BIGINT NOT NULL,
    author_id    BIGINT NOT NULL,
    at           BIGINT NOT NULL,
    question     BIGINT NOT NULL DEFAULT 0,
    deleted      BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (community_id, message_id)
);

-- Projection: the value ledger.
CREATE TABLE value_exchanges (
    id            INTEGER PRIMARY KEY,
    community_id  BIGINT NOT NULL REFERENCES communities (id),
    event_id      BIGINT NOT NULL,
    at            BIGINT NOT NULL,
    giver_id      BIGINT NOT NULL,
    receiver_id   BIGINT NOT NULL,
    giver_role    TEXT   NOT NULL,
    receiver_role TEXT   NOT NULL,
    kind          TEXT   NOT NULL,
    weight        BIGINT NOT NULL,
    origin        TEXT   NOT NULL,
    message_id    BIGINT,
    note          TEXT,
    withdrawn_at  BIGINT,
    CHECK (weight BETWEEN 1 AND 100),
    CHECK (note IS NULL OR length(note) <= 500)
);
CREATE INDEX value_by_time ON value_exchanges (community_id, at);
CREATE INDEX value_by_giver ON value_exchanges (community_id, giver_id, at);
CREATE INDEX value_by_receiver ON value_exchanges (community_id, receiver_id, at);
CREATE INDEX value_by_message ON value_exchanges (community_id, message_id);

-- Projection: funnel transitions.
CREATE TABLE transitions (
    id           INTEGER PRIMARY KEY,
    community_id BIGINT NOT NULL REFERENCES communities (id),
    user_id      BIGINT NOT NULL,
    at           BIGINT NOT NULL,
    from_stage   TEXT   NOT NULL,
    to_stage     TEXT   NOT NULL,
    reason       TEXT   NOT NULL
);
CREATE INDEX transitions_by_time ON transitions (community_id, at);
CREATE INDEX transitions_by_user ON transitions (community_id, user_id);

-- Projection: sales, credited to the member's source at the time of the sale.
CREATE TABLE customers (
    id            INTEGER PRIMARY KEY,
    community_id  BIGINT NOT NULL REFERENCES communities (id),
    event_id      BIGINT NOT NULL,
    user_id       BIGINT NOT NULL,
    at            BIGINT NOT NULL,
    amount_minor  BIGINT,
    currency      TEXT,
    source        TEXT   NOT NULL,
    inviter_id    BIGINT,
    campaign      TEXT,
    influenced    BIGINT NOT NULL DEFAULT 0,
    marked_by     BIGINT,
    CHECK (amount_minor IS NULL OR amount_minor >= 0)
);
CREATE INDEX customers_by_time ON customers (community_id, at);

-- Digests: one row per community and period, claimed before it is built, so it posts once.
CREATE TABLE digests (
    community_id BIGINT NOT NULL REFERENCES communities (id),
    period       TEXT   NOT NULL,
    claimed_by   TEXT   NOT NULL,
    claimed_at   BIGINT NOT NULL,
    posted_at    BIGINT,
    payload      TEXT,
    PRIMARY KEY (community_id, period)
);
