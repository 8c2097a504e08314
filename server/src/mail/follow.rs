//! One confirmed subscriber's turn of the mail loop: where each offer it follows went (a rename
//! or a swap moves it to another id), the closed bursts of those offers read whole, one message
//! each, and its choices moved to the new ids once the burst of the move is passed.

use super::compose::{self, Letterhead};
use crate::board_cache::Snapshot;
use crate::state::AppState;
use crate::store::mail::Subscriber;
use crate::store::unix_ms as ms;
use crate::store::StoreError;
use crate::webhooks::{bursts, Follows, Timing};
use readiness::changes::{at_instant, Change, Changes};
use readiness::followed::{settled, trails, Trail};
use time::OffsetDateTime;

/// Enqueues the messages of the new closed bursts of what `s` follows, then moves its choices
/// to the ids their offers reached by the end of the bursts passed.
pub(super) fn enqueue_for(
    state: &AppState,
    (snapshot, head): (&Snapshot, &Letterhead<'_>),
    s: &Subscriber,
    confirmed_at_ms: i64,
    timing: Timing,
) -> Result<(), StoreError> {
    let changes = &snapshot.history.changes;
    let trails = trails(&snapshot.board, changes, &s.motions, s.motions_since_ms());
    // The bursts are read for every id the offers stood under, so a move is seen as one.
    let mut watch: Vec<String> = Vec::new();
    for id in trails.iter().flat_map(Trail::ids) {
        if !watch.iter().any(|w| w == id) {
            watch.push(id.to_owned());
        }
    }
    // A day given, moved or passed for a system an offer waits on is a change of the offer's
    // own (found by attack: only the whole board's followers heard of it).
    let follows = Follows {
        motions: &watch,
        systems: &[],
        created_at_ms: confirmed_at_ms,
        enqueued_through_ms: s.enqueued_through_ms,
    };
    let (found, through) = bursts(&follows, changes, state.now(), timing.burst);
    if !found.is_empty() {
        let now = settled(&s.motions, &trails, readiness::instant::END);
        let scope = compose::scope(snapshot, &now);
        // A burst that means nothing to this buyer sends nothing, but is passed all the same.
        let mails: Vec<_> = found
            .iter()
            .filter_map(|burst| {
                let whole = whole_instants(changes, burst);
                compose::changes(head, s, (&snapshot.board, &scope, &trails), &whole)
            })
            .collect();
        let added = state.store.enqueue_mail(&s.id, &mails, Some(through))?;
        if added > 0 {
            tracing::info!(subscriber = %s.id, messages = added, "mail: changes enqueued");
        }
    }
    // Moved to the new ids once the burst of the move is passed (before, the burst would read
    // the new id's listing alone, as news), and from the move's instant on.
    let passed = readiness::instant::from_unix_ms(through.max(confirmed_at_ms));
    let Ok(passed) = passed else {
        return Ok(());
    };
    // Its choices stand at the offers' last move passed: to another id, into new words, or
    // lost (kept as such, never as the id that carries another offer now).
    let moved_at = trails.iter().filter_map(|t| t.moved_through(passed)).max();
    if let Some(at) = moved_at {
        let moved = settled(&s.motions, &trails, passed);
        if state.store.move_motions(s, &moved, ms(at))? && moved != s.motions {
            tracing::info!(subscriber = %s.id, "mail: a followed offer moved, and its choices with it");
        }
    }
    Ok(())
}

/// Every change of the instants `burst` touches: an edit is read whole (found by attack: three
/// ids moved in a cycle, read for two of them, were e-mailed as one offer withdrawn and
/// another listed).
fn whole_instants<'c>(changes: &'c Changes, burst: &[&'c Change]) -> Vec<&'c Change> {
    let mut instants: Vec<OffsetDateTime> = burst.iter().map(|c| c.at).collect();
    instants.dedup();
    let mut out = Vec::new();
    for at in instants {
        out.extend(at_instant(changes, at));
    }
    out
}
