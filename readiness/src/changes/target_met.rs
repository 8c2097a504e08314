//! A target met late (attack round 11, E5): a motion that can move reads "met" of its target
//! day only if it could move when the day ended; one that opened after it says since when.

use super::{partition_point, Changes, Subject};
use crate::board::Board;
use crate::expected::{display_day, passes_at, TargetState};
use time::OffsetDateTime;

/// Rewords the met targets of `board` whose motion opened after the target day, read from
/// `changes` (the record's, through the board's instant at least) after that day only.
pub fn mark_late(board: &mut Board, changes: &Changes) {
    let as_of = board.as_of;
    for motion in &mut board.motions {
        let Some(target) = motion.target.as_mut() else {
            continue;
        };
        let Some(ended) = passes_at(target.on).filter(|ended| *ended <= as_of) else {
            continue;
        };
        if target.state != TargetState::Met {
            continue;
        }
        if let Some(since) = opened_after(changes, &motion.id, ended, as_of) {
            target.words = format!(
                "target {}, met late: available since {}",
                display_day(target.on),
                display_day(since.date())
            );
        }
    }
}

/// When motion `id`, which can move at `as_of`, last opened, if it could not move at `ended`:
/// its first verdict change after `ended` opened it (a closing one says it was open then).
fn opened_after(
    changes: &Changes,
    id: &crate::MotionId,
    ended: OffsetDateTime,
    as_of: OffsetDateTime,
) -> Option<OffsetDateTime> {
    let from = partition_point(changes, |c| c.at < ended);
    let verdicts = changes.focus().narrow(from..).into_iter();
    let verdicts = verdicts
        .take_while(|c| c.at <= as_of)
        .filter_map(|c| match &c.subject {
            Subject::Motion {
                motion, can_move, ..
            } if motion == id => Some((c.at, *can_move)),
            _ => None,
        });
    let mut opened = None;
    for (i, (at, can_move)) in verdicts.enumerate() {
        if i == 0 && !can_move {
            return None;
        }
        if can_move {
            opened = Some(at);
        }
    }
    opened
}
