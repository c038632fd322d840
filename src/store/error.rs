/// What can go wrong in the store. Callers decide between retrying (see
/// [`StoreError::is_transient`]) and giving up.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot connect to the database at {url}")]
    Connect {
        url: String,
        #[source]
        source: sqlx::Error,
    },
    #[error("database error")]
    Database(#[from] sqlx::Error),
    #[error("database migration failed")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("{0}")]
    Config(String),
    #[error("stored data could not be read: {0}")]
    Corrupt(String),
    #[error("the database is unreachable (failing fast until it answers again)")]
    Unavailable,
}

impl StoreError {
    /// Whether trying again later may succeed (database down, locked or overloaded), as
    /// opposed to an error in the data or the SQL.
    pub fn is_transient(&self) -> bool {
        match self {
            StoreError::Connect { .. } | StoreError::Unavailable => true,
            StoreError::Database(e) => is_transient(e),
            _ => false,
        }
    }
}

fn is_transient(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Io(_)
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::WorkerCrashed
        | sqlx::Error::Tls(_)
        | sqlx::Error::Protocol(_) => true,
        sqlx::Error::Database(db) => {
            let code = db.code().unwrap_or_default();
            // SQLite: 5 BUSY, 6 LOCKED (and extended codes ending in them).
            // PostgreSQL: class 08 connection, 53 resources, 57P admin shutdown, 40001/40P01.
            let sqlite_busy = code.parse::<i64>().is_ok_and(|c| c & 0xff == 5 || c & 0xff == 6);
            sqlite_busy
                || code.starts_with("08")
                || code.starts_with("53")
                || code.starts_with("57P")
                || code == "40001"
                || code == "40P01"
        }
        _ => false,
    }
}
