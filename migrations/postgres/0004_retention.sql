-- Data retention (privacy.retain_events_days): raw events older than the limit are deleted.
-- The projections keep their totals; recompute then refuses, since the log no longer holds
-- the whole history. This marks the oldest time the log still covers.
ALTER TABLE communities ADD COLUMN events_pruned_before BIGINT;
