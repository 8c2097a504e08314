//! Where proof records live: a SQLite file or a PostgreSQL URL, read from `--db`, and shown
//! without the password a URL may carry.

use std::fmt;
use std::path::PathBuf;

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
        } else if text.contains('=') && text.contains(' ') {
            // `host=… password=…` would become a SQLite file named after the password.
            Err("this looks like a libpq connection string; give a postgres:// URL".to_owned())
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
            StoreLocation::Postgres(url) => f.write_str(&crate::redact::mask_url(url)),
        }
    }
}

impl fmt::Debug for StoreLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "StoreLocation({self})")
    }
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
        let in_query: StoreLocation = "postgres://db/r?password=s3cret".parse().unwrap();
        assert_eq!(in_query.to_string(), "postgres://db/r?password=***");
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
