//! The words of each kind of change: a system's move, a claim lifted or disallowed again, a
//! motion's verdict ("… is gated: waiting on Stripe self-serve billing").

use super::{Cause, Change, Subject};
use crate::catalog::Catalog;
use crate::status::Status;
use time::OffsetDateTime;

/// A system's move, with its words.
pub(super) fn system_change(
    at: OffsetDateTime,
    system: crate::ids::SystemId,
    (from, to, cause): (Status, Status, Cause),
    text: String,
) -> Change {
    let subject = Subject::System {
        system,
        from,
        to,
        cause,
    };
    Change::new(at, subject, text)
}

/// System `system` (its position in `catalog`) moved by a proof or its expiry, with its words.
pub(super) fn proof_moved(
    catalog: &Catalog,
    at: OffsetDateTime,
    system: usize,
    (from, to, cause): (Status, Status, Cause),
) -> Change {
    let system = &catalog.systems()[system];
    let (name, when) = (&system.name, crate::instant::display_instant(at));
    let text = match cause {
        Cause::ProofExpired => format!("{name} is no longer ready: its proof expired at {when}"),
        _ => format!("{name} became {}: {} at {when}", to.label(), cause.words()),
    };
    system_change(at, system.id.clone(), (from, to, cause), text)
}

/// A claim lifted or disallowed again, with its words.
pub(super) fn claim_change(
    at: OffsetDateTime,
    motion: &crate::catalog::Motion,
    claim: &crate::catalog::Text,
    lifted: bool,
) -> Change {
    let words = if lifted {
        "may now be made"
    } else {
        "is disallowed again"
    };
    let text = format!("{}: \u{201c}{claim}\u{201d} {words}", motion.name);
    let subject = Subject::Claim {
        motion: motion.id.clone(),
        claim: claim.clone(),
        lifted,
    };
    Change::new(at, subject, text)
}

/// "Self-serve paid launch can move", or "… is gated: waiting on Stripe self-serve billing".
pub(super) fn verdict_words(
    catalog: &Catalog,
    motion: &crate::catalog::Motion,
    statuses: &[Status],
    can_move: bool,
) -> String {
    if can_move {
        return format!("{} can move", motion.name);
    }
    let waiting: Vec<&str> = motion
        .requires
        .iter()
        .filter(|r| {
            catalog
                .system_position(&r.system)
                .is_some_and(|s| statuses[s] < r.at_least)
        })
        .filter_map(|r| catalog.system(&r.system).map(|s| &*s.name))
        .collect();
    format!(
        "{} is gated: waiting on {}",
        motion.name,
        waiting.join(", ")
    )
}
