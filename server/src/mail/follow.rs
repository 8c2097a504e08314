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
use readiness::followed::{settled, trails, Edits, Trail};
use time::OffsetDateTime;

/// Enqueues the messages of the new closed bursts of what `s` follows, then moves its choices
/// to the ids their offers reached by the end of the bursts passed.
pub(super) fn enqueue_for(
    state: &AppState,
    (snapshot, edits, head): (&Snapshot, &Edits<'_>, &Letterhead<'_>),
    s: &Subscriber,
    confirmed_at_ms: i64,
    timing: Timing,
) -> Result<(), StoreError> {
    let changes = &snapshot.history.changes;
    let trails = trails(&snapshot.board, edits, &s.motions, s.motions_since_ms());
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
    if !found.is_empty()
        && followed_closely(&follows, changes, (&found, through), state.now(), timing)
    {
        return Ok(());
    }
    // Each offer's changes while it stood under an id, never that id's before (found by attack:
    // an id listed anew, then given the followed offer's words in a later burst, had its
    // listing e-mailed as the followed offer "Newly listed").
    if !found.is_empty() {
        let found = stood_under(found, &trails);
        let now = settled(&s.motions, &trails, readiness::instant::END);
        let scope = compose::scope(snapshot, &now);
        // The closed bursts in one message, read whole: its news is their net effect, beside
        // where things stand now. A message that means nothing to this buyer sends nothing,
        // but its bursts are passed all the same.
        let all: Vec<&Change> = found.concat();
        let whole = whole_instants(changes, &all);
        let mails: Vec<_> = (compose::changes(head, s, (&snapshot.board, &scope, &trails), &whole))
            .into_iter()
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

/// Whether a burst still open began right after the closed ones (within two windows), while
/// the first of them is younger than six windows: the message waits to tell them together
/// (found by attack: "Now available" was sent beside "where things stand: not available",
/// the burst that closed it having begun as the message was composed).
fn followed_closely(
    follows: &Follows<'_>,
    changes: &Changes,
    (found, through): (&[Vec<&Change>], i64),
    now: OffsetDateTime,
    timing: Timing,
) -> bool {
    let window = timing.burst.0;
    let (Some(first), Some(last)) = (found[0].first(), found[found.len() - 1].last()) else {
        return false;
    };
    let next = crate::webhooks::first_after(follows, changes, through);
    next.is_some_and(|next| next.at - last.at <= window * 2) && now - first.at < window * 6
}

/// The changes of `bursts` made while their motion carried an offer of `trails` (all of them
/// when `trails` is empty: the whole board is followed); the bursts left empty are dropped.
fn stood_under<'c>(bursts: Vec<Vec<&'c Change>>, trails: &[Trail]) -> Vec<Vec<&'c Change>> {
    let stood = |c: &&Change| match c.subject.motion() {
        Some(id) => {
            trails.is_empty() || trails.iter().any(|t| t.ids_at(c.at).contains(&id.as_str()))
        }
        None => true,
    };
    (bursts.into_iter())
        .map(|burst| burst.into_iter().filter(stood).collect::<Vec<_>>())
        .filter(|burst| !burst.is_empty())
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;
    use readiness::changes::Subject;
    use time::Duration;

    fn verdict(can_move: bool, at: OffsetDateTime) -> Change {
        let motion = readiness::MotionId::parse("self-serve-paid-launch").unwrap();
        let subject = Subject::Motion {
            motion,
            can_move,
            because: Vec::new(),
            edit: None,
        };
        Change::new(at, subject, format!("can move: {can_move}"))
    }

    #[test]
    fn a_burst_that_opens_right_after_the_closed_ones_holds_the_message() {
        let t0 = time::macros::datetime!(2026-12-06 06:00 UTC);
        let timing = Timing::default();
        let window = timing.burst.0;
        let (opened, closed) = (t0, t0 + window + Duration::milliseconds(20));
        let changes: Changes = [verdict(true, opened), verdict(false, closed)]
            .into_iter()
            .collect();
        let follows = Follows {
            motions: &[],
            systems: &[],
            created_at_ms: 0,
            enqueued_through_ms: 0,
        };
        let now = closed + Duration::milliseconds(10);
        let (found, through) = bursts(&follows, &changes, now, timing.burst);
        assert_eq!(found.len(), 1, "the first burst closed, the second is open");
        assert!(followed_closely(
            &follows,
            &changes,
            (&found, through),
            now,
            timing
        ));
        // Both closed: one message tells them together (their net effect: nothing).
        let later = closed + window * 2;
        let (found, through) = bursts(&follows, &changes, later, timing.burst);
        assert_eq!(found.len(), 2);
        assert!(!followed_closely(
            &follows,
            &changes,
            (&found, through),
            later,
            timing
        ));
        // Never held for long: a system flapping just slower than the window is told once
        // six windows have passed since the first burst began.
        let step = window + Duration::milliseconds(20);
        let flaps: Changes = (0..7)
            .map(|k: i32| verdict(k % 2 == 0, opened + step * k))
            .collect();
        let now = opened + step * 6 + Duration::milliseconds(10);
        let (found, through) = bursts(&follows, &flaps, now, timing.burst);
        assert!(!found.is_empty());
        assert!(
            crate::webhooks::first_after(&follows, &flaps, through).is_some(),
            "one still open"
        );
        assert!(!followed_closely(
            &follows,
            &flaps,
            (&found, through),
            now,
            timing
        ));
    }
}
