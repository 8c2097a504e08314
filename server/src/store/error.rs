//! What can go wrong in the proof record store, one enum for both backends, and which errors
//! mean "retry later" (unreachable, busy, a write in doubt) rather than a bad request.

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("proof store: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("proof store (PostgreSQL): {0}")]
    Postgres(::postgres::Error),
    /// The database cannot be reached now (connection lost, pool timed out): retry later.
    #[error("proof store unreachable: {0}")]
    Unavailable(String),
    /// Writes would be lost: the SQLite file was removed, replaced or made read-only.
    #[error("proof store cannot keep writes: {0}")]
    Lost(String),
    /// An `Idempotency-Key` came back with a different request.
    #[error("this Idempotency-Key was already used for a different record")]
    KeyReused,
    #[error("proof store: cannot create the folder for {path}: {source}")]
    Folder {
        path: String,
        source: std::io::Error,
    },
    #[error("proof store holds an unreadable record #{id}: {reason}")]
    Corrupt { id: i64, reason: String },
    #[error("proof store lock was poisoned by a panic")]
    Poisoned,
    /// The connection broke after the commit was sent, and the store cannot say yet whether
    /// the write was kept: retry with the same `Idempotency-Key` to find out.
    #[error("proof store: the connection broke as a write was committed, and whether it was kept is not known yet")]
    InDoubt,
}

impl From<::postgres::Error> for StoreError {
    /// An error the database answered is the query's; any other (I/O, closed) means unreachable.
    fn from(e: ::postgres::Error) -> Self {
        if e.code() == Some(&::postgres::error::SqlState::LOCK_NOT_AVAILABLE) {
            StoreError::Unavailable("the store is busy: a lock was held for 5 s".into())
        } else if e.as_db_error().is_some() {
            StoreError::Postgres(e)
        } else {
            StoreError::Unavailable(e.to_string())
        }
    }
}

impl From<r2d2::Error> for StoreError {
    fn from(e: r2d2::Error) -> Self {
        StoreError::Unavailable(e.to_string())
    }
}

impl StoreError {
    /// Will the same request succeed once the database is back (or no longer busy)?
    pub fn is_unavailable(&self) -> bool {
        let busy = matches!(
            self,
            StoreError::Sqlite(rusqlite::Error::SqliteFailure(e, _))
                if matches!(e.code, rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
        );
        busy || matches!(
            self,
            StoreError::Unavailable(_) | StoreError::Lost(_) | StoreError::InDoubt
        )
    }
}
