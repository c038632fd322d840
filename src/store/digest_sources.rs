//! Joins per source in consecutive time windows (the digest chart's weeks), counted the way the
//! digest counts them: joins of humans, by the time they happened.

use sqlx::{AssertSqlSafe, Row};

use super::{CommunityId, Store, StoreError, to_millis};
use crate::domain::{Source, Ts, Word};

impl Store {
    /// Joins in each window of `windows` (`[from, to)`, consecutive, oldest first), by source:
    /// `(index of the window, source, joins)`, only counts above zero.
    #[tracing::instrument(skip(self, windows), fields(windows = windows.len()))]
    pub async fn joins_by_source(
        &self,
        community: CommunityId,
        windows: &[(Ts, Ts)],
    ) -> Result<Vec<(usize, Source, i64)>, StoreError> {
        let (Some(first), Some(last)) = (windows.first(), windows.last()) else { return Ok(Vec::new()) };
        // The window of a join: the first one whose end is after it ($4 onwards are the ends).
        let mut bucket = String::from("CAST(CASE");
        for i in 0..windows.len() {
            bucket.push_str(&format!(" WHEN j.at < ${} THEN {i}", i + 4));
        }
        bucket.push_str(" END AS BIGINT)");
        let human = super::digest::human("j", "user_id");
        let sql = format!(
            "SELECT {bucket} AS bucket, j.source, COUNT(*) AS n FROM joins j \
             WHERE j.community_id = $1 AND j.at >= $2 AND j.at < $3 AND {human} \
             GROUP BY 1, j.source ORDER BY 1, j.source"
        );
        let mut q = sqlx::query(AssertSqlSafe(sql)).bind(community).bind(to_millis(first.0)).bind(to_millis(last.1));
        for (_, to) in windows {
            q = q.bind(to_millis(*to));
        }
        let mut out = Vec::new();
        for r in q.fetch_all(self.pool().await?).await? {
            let bucket: i64 = r.try_get("bucket")?;
            let word: String = r.try_get("source")?;
            let source = Source::from_word(&word).ok_or_else(|| StoreError::Corrupt(format!("source = `{word}`")))?;
            let index = usize::try_from(bucket).map_err(|_| StoreError::Corrupt(format!("window {bucket}")))?;
            out.push((index, source, r.try_get("n")?));
        }
        Ok(out)
    }
}
