//! Test support: a fresh, migrated store per test on SQLite and (when
//! `SNOWBALL_TEST_POSTGRES_URL` is set) on PostgreSQL, so tests run in parallel without
//! sharing state. Used by the crate's own tests, integration tests and benchmarks.

use std::sync::atomic::{AtomicU64, Ordering};

use sqlx::{AssertSqlSafe, Connection, Executor};

use super::{Backend, Store};

/// The variable that points the PostgreSQL half of the store suite at a server.
pub const POSTGRES_ENV: &str = "SNOWBALL_TEST_POSTGRES_URL";

/// A store that cleans up after itself: the SQLite file's directory or the PostgreSQL
/// database is removed when this is dropped.
pub struct TestStore {
    pub store: Store,
    /// The database's URL, for a second connection (another process, a proxy in front).
    pub url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    Sqlite(#[allow(dead_code)] tempfile::TempDir),
    Postgres { admin_url: String, database: String },
}

impl std::ops::Deref for TestStore {
    type Target = Store;
    fn deref(&self) -> &Store {
        &self.store
    }
}

impl TestStore {
    /// A new SQLite store in a temporary directory.
    pub async fn sqlite() -> TestStore {
        let dir = tempfile::tempdir().expect("temporary directory");
        let url = format!("sqlite://{}/snowball.db", dir.path().display());
        let store = Store::connect(&url, 4).await.expect("SQLite test store");
        TestStore { store, url, cleanup: Cleanup::Sqlite(dir) }
    }

    /// A new PostgreSQL database, or `None` (after saying so) when the variable is unset.
    pub async fn postgres() -> Option<TestStore> {
        let Ok(admin_url) = std::env::var(POSTGRES_ENV) else {
            eprintln!(
                "NOTE: {POSTGRES_ENV} is not set: the PostgreSQL half of the store suite did NOT run \
                 (set it, e.g. postgres://postgres@127.0.0.1:5432/test, or use .ci/run)"
            );
            return None;
        };
        Some(Self::postgres_at(&admin_url).await)
    }

    /// A new database on the PostgreSQL server at `admin_url` (dropped with the store).
    ///
    /// # Panics
    /// When the server is unreachable.
    pub async fn postgres_at(admin_url: &str) -> TestStore {
        let admin_url = admin_url.to_string();
        sqlx::any::install_default_drivers();
        let database = unique_name();
        // The admin connection may be the first `Any` connection of the process.
        sqlx::any::install_default_drivers();
        let mut admin = sqlx::AnyConnection::connect(&admin_url)
            .await
            .unwrap_or_else(|e| panic!("{POSTGRES_ENV} is set but PostgreSQL is unreachable: {e}"));
        admin
            .execute(AssertSqlSafe(format!("CREATE DATABASE \"{database}\"")))
            .await
            .expect("create the test database");
        admin.close().await.ok();
        let url = with_database(&admin_url, &database);
        let store = Store::connect(&url, 4).await.expect("PostgreSQL test store");
        TestStore { store, url, cleanup: Cleanup::Postgres { admin_url, database } }
    }

    /// A store of the given backend (`None` for PostgreSQL when it is not configured).
    pub async fn new(backend: Backend) -> Option<TestStore> {
        match backend {
            Backend::Sqlite => Some(Self::sqlite().await),
            Backend::Postgres => Self::postgres().await,
        }
    }
}

impl Drop for TestStore {
    fn drop(&mut self) {
        if let Cleanup::Postgres { admin_url, database } = &self.cleanup {
            let (admin_url, database, store) = (admin_url.clone(), database.clone(), self.store.clone());
            // Drop runs outside async; do the cleanup on a thread with its own runtime.
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().ok()?;
                rt.block_on(async move {
                    store.close().await;
                    let mut admin = sqlx::AnyConnection::connect(&admin_url).await.ok()?;
                    admin
                        .execute(AssertSqlSafe(format!("DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)")))
                        .await
                        .ok()?;
                    Some(())
                })
            })
            .join();
        }
    }
}

fn unique_name() -> String {
    static N: AtomicU64 = AtomicU64::new(0);
    let nanos =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
    format!("snowball_test_{}_{}_{}", std::process::id(), N.fetch_add(1, Ordering::Relaxed), nanos)
}

fn with_database(url: &str, database: &str) -> String {
    let mut u = url::Url::parse(url).expect("a postgres:// URL");
    u.set_path(&format!("/{database}"));
    u.to_string()
}

/// Runs each listed `async fn(Store)` as two tests, `<name>::sqlite` and `<name>::postgres`.
/// The PostgreSQL one says plainly that it did not run when the server is not configured.
#[macro_export]
macro_rules! store_tests {
    ($($name:ident),+ $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    let db = $crate::store::testing::TestStore::sqlite().await;
                    super::$name(db.store.clone()).await;
                }
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    if let Some(db) = $crate::store::testing::TestStore::postgres().await {
                        super::$name(db.store.clone()).await;
                    }
                }
            }
        )+
    };
}
