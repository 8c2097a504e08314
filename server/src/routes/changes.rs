//! `GET /api/changes` (newest first, filtered, with a cursor) and `GET /feed.atom` (RFC 4287):
//! both read the changes computed with the current board, never per request.

pub use super::changes_ids::motion_id;
use super::changes_ids::{offer_lineage, system_id};
use super::extract::AppQuery;
use crate::board_cache::Snapshot;
use crate::error::AppError;
use crate::state::AppState;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Json;
use readiness::changes::Change;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// Most changes one answer lists; the feed lists the newest this many too.
pub const MAX_LIMIT: usize = 500;
const DEFAULT_LIMIT: usize = 50;

#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangesQuery {
    /// RFC 3339: only changes at or after this instant.
    since: Option<String>,
    motion: Option<String>,
    system: Option<String>,
    /// At most this many (1–500, default 50).
    limit: Option<usize>,
    /// The cursor: changes older than the change with this id (the previous answer's `next`).
    before: Option<String>,
    /// Only changes with a buyer's line (the buyer's `/changes`), counted before the limit.
    #[serde(skip)]
    #[schemars(skip)]
    buyers_only: bool,
}

impl ChangesQuery {
    /// `since`, read as an instant.
    fn since(&self) -> Result<Option<OffsetDateTime>, AppError> {
        let read = |text: &String| readiness::parse_instant(text);
        let since = self.since.as_ref().map(read).transpose();
        since.map_err(|e| AppError::BadRequest(format!("since: {e}")))
    }

    /// What the `/changes` page shows: every change kept (up to the limit) of one motion or
    /// system; for a buyer, those with a buyer's line, so the team's many never push them off
    /// the page (found by attack: 80 pushes made 500 changes, most of them claims).
    pub fn for_page(motion: Option<String>, system: Option<String>, buyers_only: bool) -> Self {
        Self {
            motion,
            system,
            limit: Some(MAX_LIMIT),
            buyers_only,
            ..Self::default()
        }
    }
}

#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct ChangesPage {
    pub changes: Vec<Change>,
    /// Every change up to this instant is known for good and listed here or on an older page;
    /// later ones may still come in. Poll again with `since` set to it, never to your clock.
    #[serde(with = "time::serde::rfc3339")]
    #[schemars(with = "readiness::instant::InstantSchema")]
    pub through: OffsetDateTime,
    /// Pass as `before` for the next (older) page; absent on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

/// The changes of `snapshot` a query selects, newest first, and the cursor to the rest.
pub fn select(
    snapshot: &Snapshot,
    query: &ChangesQuery,
) -> Result<(Vec<Change>, Option<String>), AppError> {
    // The snapshot's own catalog and history: read apart from it, a reload in between could
    // pair the changes with another catalog's ids.
    let motion = match &query.motion {
        Some(id) => Some(
            motion_id(snapshot, id)
                .ok_or_else(|| AppError::NotFound(format!("unknown motion {id:?}")))?,
        ),
        None => None,
    };
    let system = match &query.system {
        Some(id) => Some(
            system_id(snapshot, id)
                .ok_or_else(|| AppError::NotFound(format!("unknown system {id:?}")))?,
        ),
        None => None,
    };
    // A buyer reads one offer's changes under each id it stood under (its ids renamed or
    // swapped); the team and the API read one id's.
    let lineage = match (&motion, query.buyers_only) {
        (Some(id), true) => Some(offer_lineage(snapshot, id)),
        _ => None,
    };
    let concerns = |change: &Change, id: &readiness::MotionId| match &lineage {
        Some(lineage) => (lineage.id_at(change.at)).is_some_and(|id| change.concerns_motion(id)),
        None => change.concerns_motion(id),
    };
    let since = query.since()?;
    let all = &snapshot.history.changes;
    let end = match &query.before {
        Some(id) => all.iter().position(|c| &c.id == id).ok_or_else(|| {
            AppError::BadRequest(
                "before: no change has this id (it may be older than the history kept)".into(),
            )
        })?,
        None => all.len(),
    };
    if query.limit == Some(0) {
        return Err(AppError::BadRequest(
            "limit: give at least 1 (at most 500)".into(),
        ));
    }
    let limit = query.limit.unwrap_or(DEFAULT_LIMIT).min(MAX_LIMIT);
    let mut picked: Vec<Change> = Vec::new();
    let mut more = false;
    for change in all.focus().narrow(..end).into_iter().rev() {
        if since.is_some_and(|s| change.at < s) {
            break;
        }
        let wanted = motion.as_ref().is_none_or(|m| concerns(change, m))
            && system.as_ref().is_none_or(|s| change.concerns_system(s))
            && (!query.buyers_only || change.for_buyers.is_some());
        if !wanted {
            continue;
        }
        if picked.len() == limit {
            more = true;
            break;
        }
        picked.push(change.clone());
    }
    let next = more.then(|| picked.last().map(|c| c.id.clone())).flatten();
    Ok((picked, next))
}

pub async fn changes_json(
    State(state): State<AppState>,
    AppQuery(query): AppQuery<ChangesQuery>,
) -> Result<Response, AppError> {
    // A `since` after what the board published: the store settles it first, or 503 (found by
    // attack: an empty answer during a store stall, later filled with changes dated before it).
    if let Some(since) = query.since()? {
        state.settled_through(since).await?;
    }
    let snapshot = state.board.current(state.now());
    let (changes, next) = select(&snapshot, &query)?;
    let through = snapshot.published;
    let mut response = Json(ChangesPage {
        changes,
        next,
        through,
    })
    .into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    Ok(response)
}

/// `?motion=ID` or `?system=ID` (or nothing): the feed of one motion, one system, or all.
pub fn feed_scope(motion: Option<&str>, system: Option<&str>) -> String {
    match (motion, system) {
        (Some(m), _) => format!("?motion={m}"),
        (None, Some(s)) => format!("?system={s}"),
        (None, None) => String::new(),
    }
}

/// What a feed may be narrowed to: one motion or one system (a feed has no paging).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeedQuery {
    motion: Option<String>,
    system: Option<String>,
}

/// `GET /feed.atom[?motion=ID|system=ID]`: the newest changes as an Atom feed, with an ETag.
pub async fn feed(
    State(state): State<AppState>,
    headers: HeaderMap,
    AppQuery(FeedQuery { motion, system }): AppQuery<FeedQuery>,
) -> Result<Response, AppError> {
    let scope = feed_scope(motion.as_deref(), system.as_deref());
    let query = ChangesQuery {
        motion,
        system,
        limit: Some(DEFAULT_LIMIT),
        ..ChangesQuery::default()
    };
    let snapshot = state.board.current(state.now());
    let (changes, _) = select(&snapshot, &query)?;
    let text = super::atom::document(&state.public_origin, &scope, &snapshot.board, &changes);
    let etag = crate::conditional::etag_of(text.as_bytes());
    let cache = Some("public, max-age=60, must-revalidate");
    let atom = [(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")];
    let body = || (atom, text).into_response();
    Ok(crate::conditional::tagged(&headers, &etag, cache, body))
}
