//! Small helpers for the portable SQL the store writes.

use chrono::{DateTime, TimeZone, Utc};

use crate::domain::Ts;

/// Unix milliseconds: how every timestamp is stored.
pub fn to_millis(t: Ts) -> i64 {
    t.timestamp_millis()
}

pub fn from_millis(ms: i64) -> Ts {
    Utc.timestamp_millis_opt(ms).single().unwrap_or(DateTime::<Utc>::MIN_UTC)
}

/// Bound parameters per multi-row statement. Both backends accept far more (SQLite 32766,
/// PostgreSQL 65535), but SQLite treats `$n` as a *named* parameter and finds each name by a
/// linear scan, so preparing and binding a statement costs O(parameters²): at 30000 a single
/// 700-row upsert took seconds (sqlx also looks every name up again at each execution). A few
/// hundred keeps that cost negligible while still writing a dozen rows or more per statement.
pub const MAX_PARAMS: usize = 400;

/// How many rows of `cols` columns fit in one multi-row statement.
pub fn rows_per_statement(cols: usize) -> usize {
    (MAX_PARAMS / cols.max(1)).max(1)
}

/// `($1, $2), ($3, $4)` for `rows` rows of `cols` columns.
pub fn values_placeholders(rows: usize, cols: usize) -> String {
    let mut s = String::with_capacity(rows * cols * 5);
    let mut n = 1;
    for r in 0..rows {
        if r > 0 {
            s.push_str(", ");
        }
        s.push('(');
        for c in 0..cols {
            if c > 0 {
                s.push_str(", ");
            }
            s.push('$');
            s.push_str(&n.to_string());
            n += 1;
        }
        s.push(')');
    }
    s
}

/// `$start, $start+1, …` for an `IN (…)` list of `count` values.
pub fn list_placeholders(start: usize, count: usize) -> String {
    (start..start + count).map(|n| format!("${n}")).collect::<Vec<_>>().join(", ")
}

pub fn flag(b: bool) -> i64 {
    i64::from(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_number_every_value() {
        assert_eq!(values_placeholders(2, 3), "($1, $2, $3), ($4, $5, $6)");
        assert_eq!(list_placeholders(3, 2), "$3, $4");
        assert_eq!(rows_per_statement(5), 80);
    }

    #[test]
    fn millis_round_trip() {
        let t = Utc.with_ymd_and_hms(2026, 11, 23, 8, 30, 0).unwrap();
        assert_eq!(from_millis(to_millis(t)), t);
    }
}
