//! Days in a catalog file (issue 22, "when?"): a system's `expected` day and note, a motion's
//! `target`. A day is exactly `YYYY-MM-DD` from 2000 to 9899, written as a string or as a bare
//! TOML date (`expected = 2027-01-15`); anything else is an error at its line.

use crate::catalog_error::{CatalogError, Locator};
use serde::{Deserialize, Deserializer};
use time::Date;
use toml::Spanned;

/// A day as the file writes it: its text, whether quoted or a bare TOML date (found by a new
/// operator: `expected = 2027-01-05` failed with serde's "invalid type: map").
#[derive(Debug, Clone)]
pub(crate) struct RawDay(String);

impl<'de> Deserialize<'de> for RawDay {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match toml::Value::deserialize(deserializer)? {
            toml::Value::String(text) => Ok(Self(text)),
            // A date with a time or an offset keeps them, and fails the shape check by name.
            toml::Value::Datetime(day) => Ok(Self(day.to_string())),
            other => Err(serde::de::Error::custom(format!(
                "a day is written YYYY-MM-DD, not a {}",
                other.type_str()
            ))),
        }
    }
}

/// The longest `expected_note` (found by attack: a 1 MB note made every board a megabyte).
const MAX_NOTE_CHARS: usize = 200;

/// The day `raw` gives for `field`, or an error at its line.
pub(crate) fn day_of(
    raw: &Spanned<RawDay>,
    field: &str,
    at: &Locator,
    errors: &mut Vec<CatalogError>,
) -> Option<Date> {
    // Exactly YYYY-MM-DD in ASCII digits (found by attack: "+2027-01-05" and padded days passed).
    let text = &raw.get_ref().0;
    let shaped = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let parsed = shaped
        .then(|| Date::parse(text, format).ok())
        .flatten()
        .filter(|d| (2000..9900).contains(&d.year()));
    if parsed.is_none() {
        let reason =
            format!("{field} {text:?} is not a day from 2000-01-01 to 9899-12-31 (YYYY-MM-DD)");
        errors.push(at.error(raw.span(), reason));
    }
    parsed
}

/// A system's expected day and note: a note needs a day and is a few words.
pub(crate) fn expected_of(
    id: &Spanned<String>,
    day: Option<&Spanned<RawDay>>,
    note: Option<&str>,
    at: &Locator,
    errors: &mut Vec<CatalogError>,
) -> Option<crate::expected::Expected> {
    let Some(raw) = day else {
        if note.is_some() {
            let reason = format!(
                "system {:?}: expected_note needs expected (the day it is about)",
                id.get_ref()
            );
            errors.push(at.error(id.span(), reason));
        }
        return None;
    };
    let on = day_of(raw, "expected", at, errors)?;
    let note = note.map(str::trim).filter(|n| !n.is_empty());
    if note.is_some_and(|n| n.chars().count() > MAX_NOTE_CHARS) {
        let reason =
            format!("expected_note is longer than {MAX_NOTE_CHARS} characters: a few words");
        errors.push(at.error(raw.span(), reason));
        return None;
    }
    Some(crate::expected::Expected {
        on,
        note: note.map(Into::into),
    })
}
