-- Manager bonuses on members' referral counts (recognition only: Discord's policy forbids
-- rewarding invites with perks). A log, so every count can be explained.
CREATE TABLE referral_bonuses (
    id           INTEGER PRIMARY KEY,
    community_id BIGINT NOT NULL REFERENCES communities (id),
    user_id      BIGINT NOT NULL,
    amount       BIGINT NOT NULL,
    reason       TEXT,
    granted_by   BIGINT,
    at           BIGINT NOT NULL,
    CHECK (amount BETWEEN -1000 AND 1000 AND amount <> 0),
    CHECK (reason IS NULL OR length(reason) <= 200)
);
CREATE INDEX referral_bonuses_by_user ON referral_bonuses (community_id, user_id);
