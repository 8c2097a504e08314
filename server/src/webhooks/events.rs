//! From the list of changes to the events of one subscription: its changes (by motion and
//! system), grouped into bursts (each change within the burst window of the previous one, at
//! most 100 in one, spanning at most six windows), each burst one event once it is closed, i.e.
//! quiet for a whole window or cut by a limit. The grouping depends on the changes alone, so
//! every instance makes the same events.

use crate::store::webhooks::{OutboxEvent, Webhook};
use readiness::changes::{partition_point, Change, Changes};
use readiness::{MotionId, SystemId};
use sha2::{Digest, Sha256};
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};

/// Most changes one event carries, but for those of its last millisecond.
const MAX_PER_EVENT: usize = 100;

/// The burst window (10 s unless configured otherwise for tests).
#[derive(Debug, Clone, Copy)]
pub struct Burst(pub Duration);

/// The longest a burst spans, in windows: changes that never pause for a window still go out
/// (found by attack: a system flapping every 4 s sent nothing for as long as it flapped).
const MAX_SPAN_WINDOWS: i32 = 6;

/// What one subscription (a webhook, or an e-mail subscriber) follows, and from when.
pub struct Follows<'a> {
    /// Motion ids (with `systems` empty: everything).
    pub motions: &'a [String],
    pub systems: &'a [String],
    pub created_at_ms: i64,
    /// Changes up to this instant were sent already.
    pub enqueued_through_ms: i64,
}

impl Webhook {
    fn follows(&self) -> Follows<'_> {
        Follows {
            motions: &self.motions,
            systems: &self.systems,
            created_at_ms: self.created_at_ms,
            enqueued_through_ms: self.enqueued_through_ms,
        }
    }
}

/// The motions and systems a subscription follows, parsed once per pass (empty: everything).
struct Filter {
    motions: Vec<MotionId>,
    systems: Vec<SystemId>,
}

impl Filter {
    fn of(follows: &Follows<'_>) -> Self {
        Self {
            motions: follows
                .motions
                .iter()
                .filter_map(|m| MotionId::parse(m.clone()).ok())
                .collect(),
            systems: follows
                .systems
                .iter()
                .filter_map(|s| SystemId::parse(s.clone()).ok())
                .collect(),
        }
    }

    fn wants(&self, change: &Change) -> bool {
        self.motions.is_empty() && self.systems.is_empty()
            || self.motions.iter().any(|m| change.concerns_motion(m))
            || self.systems.iter().any(|s| change.concerns_system(s))
    }
}

/// The closed events of `hook` (see [`bursts`]), and the new watermark.
pub fn events_for(
    hook: &Webhook,
    changes: &Changes,
    now: OffsetDateTime,
    burst: Burst,
) -> (Vec<OutboxEvent>, i64) {
    let (bursts, watermark) = bursts(&hook.follows(), changes, now, burst);
    (bursts.iter().map(|b| event(b)).collect(), watermark)
}

/// The closed bursts of what `follows` wants after its watermark (the last change of the last
/// closed burst, or its creation), and the new watermark. `changes` are oldest first and only ever grow at
/// their end (a write is never placed before what was published), so the events before the
/// watermark were enqueued already: the cost follows what is new, never the whole history.
pub fn bursts<'c>(
    follows: &Follows<'_>,
    changes: &'c Changes,
    now: OffsetDateTime,
    burst: Burst,
) -> (Vec<Vec<&'c Change>>, i64) {
    let ms = crate::store::unix_ms;
    let filter = Filter::of(follows);
    let after = follows.enqueued_through_ms.max(follows.created_at_ms - 1);
    let relevant: Vec<&Change> = wanted_after(&filter, changes, after).collect();
    let mut events = Vec::new();
    let mut watermark = follows.enqueued_through_ms;
    let mut start = 0;
    while start < relevant.len() {
        let mut end = start + 1;
        let span_ends = relevant[start].at + burst.0 * MAX_SPAN_WINDOWS;
        while end < relevant.len()
            && end - start < MAX_PER_EVENT
            && relevant[end].at - relevant[end - 1].at <= burst.0
            && relevant[end].at <= span_ends
        {
            end += 1;
        }
        // Found by attack: the watermark is a millisecond, so an event never ends inside one
        // (the changes after the cut in the same millisecond were never sent).
        let same_ms = |a: &Change, b: &Change| ms(a.at) == ms(b.at);
        while end < relevant.len() && same_ms(relevant[end], relevant[end - 1]) {
            end += 1;
        }
        let last = relevant[end - 1].at;
        let quiet = now - last > burst.0 || now > span_ends;
        let closed = end - start >= MAX_PER_EVENT || end < relevant.len() || quiet;
        if !closed {
            break;
        }
        events.push(relevant[start..end].to_vec());
        watermark = ms(last);
        start = end;
    }
    (events, watermark)
}

/// The first change `follows` wants after the instant `through_ms`: the start of a burst still
/// open when [`bursts`] returned `through_ms` as its watermark.
pub fn first_after<'c>(
    follows: &Follows<'_>,
    changes: &'c Changes,
    through_ms: i64,
) -> Option<&'c Change> {
    wanted_after(&Filter::of(follows), changes, through_ms).next()
}

/// The changes `filter` wants after the instant `after_ms`, oldest first (found by a binary
/// search: what came before was read already).
fn wanted_after<'c, 'f>(
    filter: &'f Filter,
    changes: &'c Changes,
    after_ms: i64,
) -> impl Iterator<Item = &'c Change> + use<'c, 'f> {
    let start = partition_point(changes, |c| crate::store::unix_ms(c.at) <= after_ms);
    let after = changes.focus().narrow(start..).into_iter();
    after.filter(move |c| filter.wants(c))
}

/// One event: `{type, timestamp, data: {changes}}`, its id a digest of its change ids (the same
/// on every instance, so enqueuing it twice stores it once).
fn event(changes: &[&Change]) -> OutboxEvent {
    let mut digest = Sha256::new();
    for change in changes {
        digest.update(change.id.as_bytes());
    }
    let event_id = format!("msg_{}", &hex::encode(digest.finalize())[..32]);
    let timestamp = changes
        .last()
        .map(|c| c.at.format(&Rfc3339).unwrap_or_default())
        .unwrap_or_default();
    let payload = serde_json::json!({
        "type": "readiness.changed",
        "timestamp": timestamp,
        "data": { "changes": changes },
    })
    .to_string();
    let at_ms = changes.last().map_or(0, |c| crate::store::unix_ms(c.at));
    OutboxEvent {
        event_id,
        payload,
        at_ms,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use readiness::changes::Subject;

    fn hook() -> Webhook {
        Webhook {
            id: "wh".into(),
            url: "http://receiver.test/".into(),
            secret: "s".into(),
            motions: Vec::new(),
            systems: Vec::new(),
            created_at_ms: 0,
            enqueued_through_ms: 0,
            failing: false,
            disabled_at_ms: None,
            allow_private: false,
            pending: 0,
            retrying: 0,
        }
    }

    /// 150 changes, three per millisecond (a flapping system's status and two verdicts).
    fn flapping() -> Changes {
        let t0 = time::macros::datetime!(2026-12-01 08:00 UTC);
        (0..150)
            .map(|i| {
                let subject = Subject::Motion {
                    motion: MotionId::parse(format!("m{}", i % 3)).unwrap(),
                    can_move: (i / 3) % 2 == 0,
                    because: Vec::new(),
                    edit: None,
                };
                let at = t0 + Duration::milliseconds(100 * (i / 3) as i64);
                Change::new(at, subject, format!("change {i}"))
            })
            .collect()
    }

    /// Found by attack: a system flapping every 4 s (never quiet for the 10 s window) sent
    /// nothing for as long as it flapped. A burst spans at most six windows.
    #[test]
    fn changes_that_never_pause_still_go_out_within_six_windows() {
        let t0 = time::macros::datetime!(2026-12-01 08:00 UTC);
        let flap = |i: i64| {
            let subject = Subject::Motion {
                motion: MotionId::parse("m").unwrap(),
                can_move: i % 2 == 0,
                because: Vec::new(),
                edit: None,
            };
            Change::new(t0 + Duration::seconds(4 * i), subject, format!("flap {i}"))
        };
        let burst = Burst(Duration::seconds(10));
        // 70 s of flapping, still going: the first minute is one event already.
        let changes: Changes = (0..18).map(flap).collect();
        let now = changes.last().unwrap().at + Duration::seconds(1);
        let (events, _) = events_for(&hook(), &changes, now, burst);
        assert_eq!(events.len(), 1, "the first burst is cut at six windows");
        let payload: serde_json::Value = serde_json::from_str(&events[0].payload).unwrap();
        let sent = payload["data"]["changes"].as_array().unwrap();
        assert_eq!(sent.len(), 16, "the changes of its first 60 s");
        // And before a next change comes, once the span has passed.
        let changes: Changes = (0..16).map(flap).collect();
        let later = t0 + Duration::seconds(61);
        assert_eq!(events_for(&hook(), &changes, later, burst).0.len(), 1);
    }

    #[test]
    fn an_event_never_ends_inside_a_millisecond_so_every_change_is_sent_once() {
        let changes = flapping();
        let burst = Burst(Duration::seconds(10));
        let now = changes.last().unwrap().at + Duration::minutes(1);
        let mut hook = hook();
        let mut sent: Vec<String> = Vec::new();
        let mut instants: Vec<i64> = Vec::new();
        loop {
            let (events, through) = events_for(&hook, &changes, now, burst);
            if events.is_empty() {
                break;
            }
            for event in events {
                instants.push(event.at_ms);
                let payload: serde_json::Value = serde_json::from_str(&event.payload).unwrap();
                let ids = payload["data"]["changes"].as_array().unwrap().iter();
                sent.extend(ids.map(|c| c["id"].as_str().unwrap().to_owned()));
            }
            hook.enqueued_through_ms = through;
        }
        let all: Vec<String> = changes.iter().map(|c| c.id.clone()).collect();
        assert_eq!(sent, all, "every change once, in order");
        assert!(instants.len() > 1);
        assert!(
            instants.windows(2).all(|w| w[0] < w[1]),
            "events are delivered in the order of their instants: {instants:?}"
        );
    }
}
