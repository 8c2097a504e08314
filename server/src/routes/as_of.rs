//! `?as_of=RFC3339`: the one reading of a past instant, shared by the page and the JSON API.

use time::OffsetDateTime;

/// The last `as_of` in the query, as written and as an instant; `Err` says why it is not an
/// instant, or that it is after `now` (the board cannot know the proofs of the future). Absent,
/// or blank where it is given last, means "now" (a repeated key means its last value).
pub fn as_of(
    pairs: &[(String, String)],
    now: OffsetDateTime,
) -> Result<Option<(String, OffsetDateTime)>, String> {
    let Some(text) = pairs
        .iter()
        .rev()
        .find(|(k, _)| k == "as_of")
        .map(|(_, v)| v.trim())
        .filter(|v| !v.is_empty())
    else {
        return Ok(None);
    };
    let at = readiness::parse_instant(text).map_err(|e| format!("as_of: {e}"))?;
    if at > now {
        return Err(format!(
            "as_of: {text} is in the future; the board can only be computed for an instant that has passed (the proof expiries ahead are listed in the team's view, /?view=operator, under Upcoming)"
        ));
    }
    Ok(Some((text.to_owned(), at)))
}
