//! `GET /changes`: every change, filterable by offer and system without JavaScript, in the
//! buyer's words (`?view=operator`: the team's record).

use super::page_input::{BadPage, ChangesForm, PageQuery};
use super::pages::{line, render_light};
use crate::state::AppState;
use app::Page;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use readiness::BoardFilter;
use std::sync::Arc;

/// `GET /changes[?motion=ID][&system=ID]`: the full timeline, filterable without JavaScript
/// (an empty choice in the form means "any").
pub async fn changes_page(
    State(state): State<AppState>,
    PageQuery(form): PageQuery<ChangesForm>,
    request: Request,
) -> Response {
    let motion = form.motion.filter(|m| !m.is_empty());
    let system = form.system.filter(|s| !s.is_empty());
    let team = form
        .view
        .as_deref()
        .is_some_and(BoardFilter::is_operator_view);
    let query = super::changes::ChangesQuery::for_page(motion.clone(), system.clone(), !team);
    let snapshot = state.board.current(state.now());
    let changes = match super::changes::select(&snapshot, &query) {
        Ok((changes, _)) => changes,
        Err(crate::error::AppError::NotFound(_)) => {
            // In the page's words, as the board's own filter says it.
            // Said without control characters (found by attack: a NUL went into the page).
            // Nor a bidirectional override or mark, which could turn the page's words around.
            let shown = |id: &str| {
                id.chars()
                    .filter(|c| !c.is_control() && !crate::cli::output::is_direction_control(*c))
                    .collect::<String>()
            };
            let text = match (&motion, &system) {
                (Some(id), _) if super::changes::motion_id(&snapshot, id).is_none() => {
                    format!("No offer has the id \u{201c}{}\u{201d}.", shown(id))
                }
                (_, Some(id)) => format!("No system has the id \u{201c}{}\u{201d}.", shown(id)),
                _ => "Nothing has this id.".to_owned(),
            };
            return BadPage::new(text)
                .with_status(StatusCode::NOT_FOUND)
                .into_response();
        }
        Err(e) => return BadPage::new(format!("{e}.")).into_response(),
    };
    let feed_query = super::changes::feed_scope(motion.as_deref(), system.as_deref());
    let board = &snapshot.board;
    // A buyer reads the record in the buyer's words, as on the board (found by attack: the
    // page the buyer's "Every change" opened spoke of motions, gated and variables).
    let lines = changes.iter().filter_map(|change| match team {
        true => Some(line(change)),
        false => readiness::buyer_line::change_line(change).map(|text| app::ChangeLine {
            text: text.to_owned(),
            ..line(change)
        }),
    });
    let data = Page::Changes {
        board: Arc::clone(board),
        changes: app::ChangesPage {
            changes: lines.collect(),
            motion,
            system,
            feed_query,
            team,
        },
    };
    render_light(&state, data, request).await
}
