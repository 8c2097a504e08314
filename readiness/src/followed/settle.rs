//! What a follower's choices read once the catalog moved under them: each followed offer under
//! the id its words reached, or kept as lost ([`super::Lost`]), each once, in the same order.

use super::{trails, Edits, Rename, Trail};
use crate::board::Board;
use time::OffsetDateTime;

/// `follows` once `through` is passed: each replaced by where its trail stood then (the trail
/// of `follows[i]` is `trails[i]`), each once, in the same order.
pub fn settled(follows: &[String], trails: &[Trail], through: OffsetDateTime) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(follows.len());
    for id in follows {
        let trail = trails.iter().find(|t| &t.from == id);
        let now = trail.map_or_else(|| id.clone(), |t| t.settled(through));
        if !out.contains(&now) {
            out.push(now);
        }
    }
    out
}

/// `follows` (chosen at `since_ms`) as they read on `board`, after every edit since.
pub fn settled_now(
    board: &Board,
    edits: &Edits<'_>,
    follows: &[String],
    since_ms: i64,
) -> Vec<String> {
    let trails = trails(board, edits, follows, since_ms);
    settled(follows, &trails, crate::instant::END)
}

/// Each id of `follows` (chosen at `since_ms`) whose words the edits since moved to another id
/// on `board`, with the id they reached.
pub fn renames(board: &Board, edits: &Edits<'_>, follows: &[String], since_ms: i64) -> Vec<Rename> {
    trails(board, edits, follows, since_ms)
        .iter()
        .filter_map(|t| t.rename_through(crate::instant::END))
        .collect()
}
