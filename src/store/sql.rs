//! Small helpers for the portable SQL the store writes.

use chrono::{DateTime, TimeZone, Utc};

use super::Backend;
use crate::domain::Ts;

/// Unix milliseconds: how every timestamp is stored.
pub fn to_millis(t: Ts) -> i64 {
    t.timestamp_millis()
}

pub fn from_millis(ms: i64) -> Ts {
    Utc.timestamp_millis_opt(ms).single().unwrap_or(DateTime::<Utc>::MIN_UTC)
}

/// How a statement writes its bound parameters depends on the backend.
///
/// PostgreSQL needs numbered `$n`. SQLite accepts those too, but as *named* parameters: sqlx
/// asks SQLite for every parameter's name at every execution and SQLite finds it by a linear
/// scan, so a multi-row statement costs O(parameters²) to bind (a quarter of the ingest's CPU on
/// SQLite). Plain `?` is positional and has no name to look up. sqlx does not allow the two
/// styles in one statement, so a statement is written whole for one backend by [`Params`].
impl Backend {
    pub fn of(conn: &sqlx::AnyConnection) -> Self {
        if conn.backend_name().eq_ignore_ascii_case("postgresql") { Backend::Postgres } else { Backend::Sqlite }
    }

    /// Bound parameters per multi-row statement. Both backends accept far more (SQLite 32766,
    /// PostgreSQL 65535), but the sweet spots differ (measured with `snowball-bench ingest`):
    /// SQLite gains from fewer, larger statements (each is a handoff to sqlx's worker thread;
    /// 2000 made the raw batched insert 1.3 × faster than 400), while on PostgreSQL a statement's
    /// cost grows faster than its size (2000 made the raw batched insert 18 × slower than 400).
    pub fn max_params(self) -> usize {
        match self {
            Backend::Sqlite => 2000,
            Backend::Postgres => 400,
        }
    }

    /// How many rows of `cols` columns fit in one multi-row statement.
    pub fn rows_per_statement(self, cols: usize) -> usize {
        (self.max_params() / cols.max(1)).max(1)
    }
}

/// Makes PostgreSQL plan each statement of the current transaction with its values.
///
/// sqlx keeps each statement prepared on its connection, and PostgreSQL settles a prepared
/// statement on one generic plan after five runs. A plan chosen while a table was nearly empty
/// outlives the table's growth: the ingest's `message_id IN (…)` lookup kept scanning every
/// message of the community by the time index (0.14 s a batch at 75k messages; ingest 2.5k →
/// 5.6k events/s with this). Only the writer's transactions do this: for the commands' small
/// reads the generic plans are right and planning every run made `/leaderboard` 3 × slower.
pub(crate) async fn plan_each_run(conn: &mut sqlx::AnyConnection) -> Result<(), sqlx::Error> {
    if Backend::of(conn) == Backend::Postgres {
        sqlx::Executor::execute(&mut *conn, "SET LOCAL plan_cache_mode = force_custom_plan").await?;
    }
    Ok(())
}

/// Writes a statement's placeholders in bind order: `$1, $2, …` on PostgreSQL, `?` on SQLite.
/// Every placeholder written must be bound once, in the order written.
#[derive(Debug)]
pub struct Params {
    dialect: Backend,
    next: usize,
}

impl Params {
    pub fn new(dialect: Backend) -> Self {
        Self { dialect, next: 1 }
    }

    /// Numbered placeholders (`$n` on both backends) following `$1…$taken` written by hand in
    /// the same statement (a statement cannot mix them with SQLite's `?`; keep such lists short,
    /// as SQLite binds `$n` by name).
    pub fn numbered_after(taken: usize) -> Self {
        Self { dialect: Backend::Postgres, next: taken + 1 }
    }

    /// The next placeholder.
    pub fn one(&mut self) -> String {
        let mut s = String::with_capacity(6);
        self.push(&mut s);
        s
    }

    fn push(&mut self, s: &mut String) {
        match self.dialect {
            Backend::Postgres => {
                s.push('$');
                s.push_str(&self.next.to_string());
            }
            Backend::Sqlite => s.push('?'),
        }
        self.next += 1;
    }

    fn push_list(&mut self, s: &mut String, count: usize) {
        for i in 0..count {
            if i > 0 {
                s.push_str(", ");
            }
            self.push(s);
        }
    }

    /// `(…), (…)` for `rows` rows of `cols` columns.
    pub fn values(&mut self, rows: usize, cols: usize) -> String {
        let mut s = String::with_capacity(rows * (cols * 4 + 4));
        for r in 0..rows {
            if r > 0 {
                s.push_str(", ");
            }
            s.push('(');
            self.push_list(&mut s, cols);
            s.push(')');
        }
        s
    }

    /// `…, …` for an `IN (…)` list of `count` values.
    pub fn list(&mut self, count: usize) -> String {
        let mut s = String::with_capacity(count * 4);
        self.push_list(&mut s, count);
        s
    }
}

pub fn flag(b: bool) -> i64 {
    i64::from(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_hold_whole_rows() {
        assert_eq!(Backend::Sqlite.rows_per_statement(5), 400);
        assert_eq!(Backend::Postgres.rows_per_statement(5), 80);
        assert_eq!(Backend::Postgres.rows_per_statement(401), 1);
    }

    #[test]
    fn params_follow_the_dialect() {
        let mut pg = Params::new(Backend::Postgres);
        assert_eq!(pg.one(), "$1");
        assert_eq!(pg.list(2), "$2, $3");
        assert_eq!(pg.values(2, 2), "($4, $5), ($6, $7)");
        let mut lite = Params::new(Backend::Sqlite);
        assert_eq!(lite.one(), "?");
        assert_eq!(lite.values(2, 2), "(?, ?), (?, ?)");
        assert_eq!(Params::numbered_after(2).list(2), "$3, $4");
    }

    #[test]
    fn millis_round_trip() {
        let t = Utc.with_ymd_and_hms(2026, 11, 23, 8, 30, 0).unwrap();
        assert_eq!(from_millis(to_millis(t)), t);
    }
}
