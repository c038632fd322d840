-- How many members have each score, per board and bucket: a member's rank is then a sum over
-- the distinct scores above theirs (a few hundred rows at most) instead of a count over every
-- member above them, which grew with the community (issue 8: own rank at 1M members).
-- The SQLite twin is migrations/sqlite/0005_leaderboard_counts.sql; keep them in step.
CREATE TABLE leaderboard_counts (
    community_id BIGINT NOT NULL REFERENCES communities (id),
    board        TEXT   NOT NULL,
    bucket       TEXT   NOT NULL,
    score        BIGINT NOT NULL,
    members      BIGINT NOT NULL,
    PRIMARY KEY (community_id, board, bucket, score)
);

INSERT INTO leaderboard_counts (community_id, board, bucket, score, members)
SELECT community_id, board, bucket, score, COUNT(*) FROM leaderboard_scores WHERE score > 0
GROUP BY community_id, board, bucket, score;
