//! The proof record store: append-only history behind one trait, with two backends: embedded
//! SQLite (the default) and PostgreSQL for several instances sharing one database.

mod migrations;
mod postgres;
mod sqlite;

use readiness::{Outcome, ProofRecord, ProofSource, SystemId};
use std::fmt;
use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use time::OffsetDateTime;

pub use postgres::PostgresStore;
pub use sqlite::SqliteStore;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("proof store: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("proof store (PostgreSQL): {0}")]
    Postgres(#[from] ::postgres::Error),
    #[error("proof store: cannot create the folder for {path}: {source}")]
    Folder {
        path: String,
        source: std::io::Error,
    },
    #[error("proof store holds an unreadable record #{id}: {reason}")]
    Corrupt { id: i64, reason: String },
    #[error("proof store lock was poisoned by a panic")]
    Poisoned,
}

/// A proof record as stored, with its id and the operator-side details.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredProof {
    pub id: i64,
    pub record: ProofRecord,
    pub duration_ms: Option<u64>,
    pub output_sha256: Option<String>,
}

impl StoredProof {
    /// The record as JSON. Public history leaves out evidence, duration and digest.
    pub fn to_json(&self, full: bool) -> serde_json::Value {
        let recorded_at = self
            .record
            .recorded_at
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default();
        let mut value = serde_json::json!({
            "id": self.id,
            "system": self.record.system,
            "outcome": self.record.outcome,
            "recorded_at": recorded_at,
            "source": self.record.source,
        });
        if full {
            value["evidence"] = self.record.evidence.clone().into();
            value["duration_ms"] = self.duration_ms.into();
            value["output_sha256"] = self.output_sha256.clone().into();
        }
        value
    }
}

/// What every backend does. Records are only ever appended.
pub trait ProofBackend: Send + Sync {
    /// Appends a record and returns it with its id.
    fn insert(
        &self,
        record: &ProofRecord,
        duration_ms: Option<u64>,
        output_sha256: Option<&str>,
    ) -> Result<StoredProof, StoreError>;
    /// Appends all records in one transaction: all are stored or none. Returns their ids.
    fn insert_all(&self, records: &[ProofRecord]) -> Result<Vec<i64>, StoreError>;
    /// The newest record at or before `as_of` for each system, one indexed lookup per system.
    fn latest(
        &self,
        systems: &[SystemId],
        as_of: OffsetDateTime,
    ) -> Result<Vec<StoredProof>, StoreError>;
    /// Records newest first, optionally of one system, at most `limit`.
    fn history(
        &self,
        system: Option<&SystemId>,
        limit: usize,
    ) -> Result<Vec<StoredProof>, StoreError>;
    fn count(&self) -> Result<u64, StoreError>;
    /// A cheap query proving the database answers.
    fn ping(&self) -> Result<(), StoreError>;
    /// A number that changes whenever any process adds a record (the highest id).
    fn version(&self) -> Result<i64, StoreError>;
}

/// Where proof records live: a SQLite file, or a PostgreSQL URL.
#[derive(Clone, PartialEq, Eq)]
pub enum StoreLocation {
    Sqlite(PathBuf),
    Postgres(String),
}

impl std::str::FromStr for StoreLocation {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        if text.starts_with("postgres://") || text.starts_with("postgresql://") {
            Ok(StoreLocation::Postgres(text.to_owned()))
        } else if text.is_empty() {
            Err("the store location is empty".to_owned())
        } else {
            Ok(StoreLocation::Sqlite(PathBuf::from(text)))
        }
    }
}

/// Shows where the store is without the password a PostgreSQL URL may carry.
impl fmt::Display for StoreLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreLocation::Sqlite(path) => write!(f, "{}", path.display()),
            StoreLocation::Postgres(url) => {
                let (scheme, rest) = url.split_once("://").unwrap_or(("postgres", url));
                match rest.split_once('@') {
                    Some((user, host)) => {
                        let user = user.split(':').next().unwrap_or_default();
                        write!(f, "{scheme}://{user}:***@{host}")
                    }
                    None => write!(f, "{scheme}://{rest}"),
                }
            }
        }
    }
}

impl fmt::Debug for StoreLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "StoreLocation({self})")
    }
}

/// A handle to the store; clones share one backend.
#[derive(Clone)]
pub struct ProofStore(Arc<dyn ProofBackend>);

impl ProofStore {
    /// Opens the store at `location`, creating and migrating it as needed.
    pub fn connect(location: &StoreLocation) -> Result<Self, StoreError> {
        match location {
            StoreLocation::Sqlite(path) => Self::open(path),
            StoreLocation::Postgres(url) => Ok(Self(Arc::new(PostgresStore::connect(url)?))),
        }
    }

    /// Opens (creating if needed) the SQLite file at `path`.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        Ok(Self(Arc::new(SqliteStore::open(path)?)))
    }

    pub fn open_in_memory() -> Result<Self, StoreError> {
        Ok(Self(Arc::new(SqliteStore::open_in_memory()?)))
    }

    /// The latest proof of each catalog system at or before `as_of`, as the engine takes them.
    pub fn latest_proofs(
        &self,
        catalog: &readiness::Catalog,
        as_of: OffsetDateTime,
    ) -> Result<readiness::LatestProofs, StoreError> {
        let ids: Vec<SystemId> = catalog.systems().iter().map(|s| s.id.clone()).collect();
        let latest = self.latest(&ids, as_of)?;
        Ok(readiness::LatestProofs::from_records(
            latest.into_iter().map(|p| p.record),
        ))
    }
}

impl Deref for ProofStore {
    type Target = dyn ProofBackend;
    fn deref(&self) -> &Self::Target {
        &*self.0
    }
}

pub(super) struct RawRow {
    pub(super) id: i64,
    pub(super) system: String,
    pub(super) outcome: String,
    pub(super) recorded_at_ms: i64,
    pub(super) duration_ms: Option<i64>,
    pub(super) evidence: String,
    pub(super) output_sha256: Option<String>,
    pub(super) source: String,
}

impl RawRow {
    pub(super) fn into_stored(self) -> Result<StoredProof, StoreError> {
        let corrupt = |reason: String| StoreError::Corrupt {
            id: self.id,
            reason,
        };
        let system = SystemId::parse(self.system.clone()).map_err(|e| corrupt(e.to_string()))?;
        let outcome = Outcome::parse(&self.outcome)
            .ok_or_else(|| corrupt(format!("outcome {:?}", self.outcome)))?;
        let source = ProofSource::parse(&self.source)
            .ok_or_else(|| corrupt(format!("source {:?}", self.source)))?;
        let recorded_at =
            OffsetDateTime::from_unix_timestamp_nanos(i128::from(self.recorded_at_ms) * 1_000_000)
                .map_err(|e| corrupt(e.to_string()))?;
        Ok(StoredProof {
            id: self.id,
            record: ProofRecord {
                system,
                outcome,
                recorded_at,
                evidence: self.evidence,
                source,
            },
            duration_ms: self.duration_ms.map(|d| d.max(0) as u64),
            output_sha256: self.output_sha256,
        })
    }
}

pub(super) fn unix_ms(at: OffsetDateTime) -> i64 {
    (at.unix_timestamp_nanos() / 1_000_000) as i64
}

#[cfg(test)]
mod tests {
    use super::StoreLocation;

    #[test]
    fn locations_parse_and_never_print_a_password() {
        let pg: StoreLocation = "postgres://board:s3cret-pw@db.internal:5432/readiness"
            .parse()
            .unwrap();
        assert_eq!(
            pg.to_string(),
            "postgres://board:***@db.internal:5432/readiness"
        );
        assert!(!format!("{pg:?}").contains("s3cret"));
        let no_password: StoreLocation = "postgresql://db.internal/readiness".parse().unwrap();
        assert_eq!(
            no_password.to_string(),
            "postgresql://db.internal/readiness"
        );
        let file: StoreLocation = "data/proofs.db".parse().unwrap();
        assert_eq!(file, StoreLocation::Sqlite("data/proofs.db".into()));
        assert!("".parse::<StoreLocation>().is_err());
    }
}
