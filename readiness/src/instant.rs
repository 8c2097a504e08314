//! Instants as the board accepts them at every edge (pushed records, imports, `?as_of=`, flags):
//! converted to UTC, cut to whole milliseconds (the precision the stores keep, so memory and
//! store never disagree), and between 2000 and 9900, so that no arithmetic on them (an expiry
//! up to [`MAX_PROOF_AGE_DAYS`] later) can overflow and no formatting can fail.

use time::format_description::well_known::Rfc3339;
use time::macros::{datetime, format_description};
use time::{OffsetDateTime, UtcOffset};

/// The earliest instant accepted.
pub const EARLIEST: OffsetDateTime = datetime!(2000-01-01 00:00 UTC);
/// The first instant no longer accepted.
pub const END: OffsetDateTime = datetime!(9900-01-01 00:00 UTC);
/// The longest `proof_max_age_days` a catalog may set (ten years).
pub const MAX_PROOF_AGE_DAYS: u32 = 3650;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InstantError {
    #[error("{0:?} is not an RFC 3339 instant such as 2026-11-26T09:00:00Z")]
    Syntax(String),
    #[error("instants must lie between 2000-01-01 and 9900-01-01 (UTC)")]
    OutOfRange,
}

/// `at` in canonical form: UTC, whole milliseconds, within [`EARLIEST`, [`END`]).
pub fn canonical(at: OffsetDateTime) -> Result<OffsetDateTime, InstantError> {
    let utc = at
        .checked_to_offset(UtcOffset::UTC)
        .ok_or(InstantError::OutOfRange)?;
    if utc < EARLIEST || utc >= END {
        return Err(InstantError::OutOfRange);
    }
    utc.replace_millisecond(utc.millisecond())
        .map_err(|_| InstantError::OutOfRange)
}

/// Parses RFC 3339 text into a canonical instant.
pub fn parse_instant(text: &str) -> Result<OffsetDateTime, InstantError> {
    let at = OffsetDateTime::parse(text.trim(), &Rfc3339)
        .map_err(|_| InstantError::Syntax(text.chars().take(64).collect()))?;
    canonical(at)
}

/// A canonical instant from Unix milliseconds, as the stores keep them.
pub fn from_unix_ms(ms: i64) -> Result<OffsetDateTime, InstantError> {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .map_err(|_| InstantError::OutOfRange)
        .and_then(canonical)
}

/// How an instant appears in JSON (RFC 3339 text), for the generated schemas.
#[cfg(feature = "schema")]
pub struct InstantSchema;

#[cfg(feature = "schema")]
impl schemars::JsonSchema for InstantSchema {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Instant".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string", "format": "date-time" })
    }
}

/// `2026-11-26 08:15 UTC`: minutes are enough for a person; the JSON keeps the exact instant.
pub fn display_instant(at: OffsetDateTime) -> String {
    let Some(utc) = at.checked_to_offset(time::UtcOffset::UTC) else {
        return at.to_string();
    };
    utc.format(format_description!(
        "[year]-[month]-[day] [hour]:[minute] UTC"
    ))
    .unwrap_or_else(|_| utc.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_are_normalized_and_precision_is_milliseconds() {
        let at = parse_instant("2026-11-26T10:00:00.123456789+01:00").unwrap();
        assert_eq!(at, datetime!(2026-11-26 09:00:00.123 UTC));
        assert_eq!(at.offset(), UtcOffset::UTC);
    }

    #[test]
    fn hostile_instants_are_refused_without_panicking() {
        for text in [
            "0000-01-01T00:00:00+00:01",
            "9999-12-31T23:59:59-23:59",
            "9999-12-31T23:59:59Z",
            "1999-12-31T23:59:59Z",
            "-0001-01-01T00:00:00Z",
        ] {
            assert!(parse_instant(text).is_err(), "{text} was accepted");
        }
        assert!(matches!(
            parse_instant("yesterday"),
            Err(InstantError::Syntax(_))
        ));
        assert!(from_unix_ms(i64::MAX).is_err());
        assert!(from_unix_ms(i64::MIN).is_err());
    }

    #[test]
    fn the_latest_instant_plus_the_longest_proof_age_does_not_overflow() {
        let last = END - time::Duration::milliseconds(1);
        assert!(canonical(last).is_ok());
        assert!(last
            .checked_add(time::Duration::days(i64::from(MAX_PROOF_AGE_DAYS)))
            .is_some());
    }
}
