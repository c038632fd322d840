//! The rows of the CSV exports, streamed so a large community never sits in memory.
//! Columns are documented in `docs/exports.md`.

use futures::TryStreamExt;
use sqlx::{AssertSqlSafe, Row};

use super::{CommunityId, Store, StoreError};
use crate::domain::UserId;

/// What can be exported.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportTable {
    Members,
    Joins,
    Value,
    Customers,
}

/// A cell: text or a number (timestamps are Unix milliseconds; the writer formats them).
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Null,
    Int(i64),
    Text(String),
    /// Unix milliseconds.
    Time(i64),
}

impl ExportTable {
    /// `(column, is_time)` in file order.
    pub fn columns(self) -> &'static [(&'static str, bool)] {
        match self {
            ExportTable::Members => &[
                ("user_id", false),
                ("name", false),
                ("role", false),
                ("professional", false),
                ("stage", false),
                ("stage_at", true),
                ("first_joined_at", true),
                ("joined_at", true),
                ("left_at", true),
                ("source", false),
                ("confidence", false),
                ("inviter_id", false),
                ("campaign", false),
                ("messages", false),
                ("last_active_at", true),
                ("value_given", false),
                ("value_received", false),
                ("customer_at", true),
            ],
            ExportTable::Joins => &[
                ("user_id", false),
                ("at", true),
                ("source", false),
                ("confidence", false),
                ("inviter_id", false),
                ("candidates", false),
                ("invite", false),
                ("campaign", false),
                ("self_invite", false),
                ("rejoin", false),
                ("suspect", false),
                ("left_at", true),
            ],
            ExportTable::Value => &[
                ("at", true),
                ("giver_id", false),
                ("giver_role", false),
                ("receiver_id", false),
                ("receiver_role", false),
                ("kind", false),
                ("weight", false),
                ("origin", false),
                ("message_id", false),
                ("note", false),
                ("withdrawn_at", true),
            ],
            ExportTable::Customers => &[
                ("user_id", false),
                ("at", true),
                ("amount_minor", false),
                ("currency", false),
                ("source", false),
                ("inviter_id", false),
                ("campaign", false),
                ("influenced", false),
                ("marked_by", false),
            ],
        }
    }

    fn sql(self, one_user: bool) -> String {
        let (table, select, order) = match self {
            ExportTable::Members => (
                "members",
                "user_id, name, platform_role AS role, professional, stage, stage_at, first_joined_at, joined_at, \
                 left_at, source, confidence, inviter_id, campaign, messages, last_active_at, value_given, \
                 value_received, customer_at",
                "user_id",
            ),
            ExportTable::Joins => (
                "joins",
                "user_id, at, source, confidence, inviter_id, candidates, invite, campaign, self_invite, rejoin, \
                 suspect, left_at",
                "at, id",
            ),
            ExportTable::Value => (
                "value_exchanges",
                "at, giver_id, giver_role, receiver_id, receiver_role, kind, weight, origin, message_id, note, \
                 withdrawn_at",
                "at, id",
            ),
            ExportTable::Customers => (
                "customers",
                "user_id, at, amount_minor, currency, source, inviter_id, campaign, influenced, marked_by",
                "at, id",
            ),
        };
        let rows = |id: &str, cond: &str| format!("SELECT {id}{select} FROM {table} WHERE community_id = $1{cond}");
        let sql = match (self, one_user) {
            (_, false) => rows("", ""),
            // What the member gave, then what others gave them, each from its member index:
            // asked with one `OR`, SQLite's planner walked a community-wide index whole
            // (tests/query_plans.rs).
            (ExportTable::Value, true) => format!(
                "SELECT {select} FROM ({} UNION ALL {}) mine",
                rows("id, ", " AND giver_id = $2"),
                rows("id, ", " AND receiver_id = $2 AND giver_id <> $2")
            ),
            (_, true) => rows("", " AND user_id = $2"),
        };
        format!("{sql} ORDER BY {order}")
    }
}

impl Store {
    /// Streams the rows of an export (only one member's rows with `user`).
    pub async fn export_rows<F>(
        &self,
        community: CommunityId,
        table: ExportTable,
        user: Option<UserId>,
        mut f: F,
    ) -> Result<u64, StoreError>
    where
        F: FnMut(Vec<Cell>) -> Result<(), StoreError>,
    {
        let sql = table.sql(user.is_some());
        let mut q = sqlx::query(AssertSqlSafe(sql)).bind(community);
        if let Some(u) = user {
            q = q.bind(u);
        }
        let mut rows = q.fetch(self.pool().await?);
        let columns = table.columns();
        let mut n = 0;
        while let Some(r) = rows.try_next().await? {
            let mut cells = Vec::with_capacity(columns.len());
            for (i, (_, is_time)) in columns.iter().enumerate() {
                let cell = if let Ok(v) = r.try_get::<Option<i64>, _>(i) {
                    match (v, is_time) {
                        (None, _) => Cell::Null,
                        (Some(v), true) => Cell::Time(v),
                        (Some(v), false) => Cell::Int(v),
                    }
                } else {
                    r.try_get::<Option<String>, _>(i)?.map_or(Cell::Null, Cell::Text)
                };
                cells.push(cell);
            }
            f(cells)?;
            n += 1;
        }
        Ok(n)
    }
}
