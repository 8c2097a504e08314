//! The webhook loop of a server: every second, enqueue the closed events of every subscription
//! from the current list of changes, then deliver what is due. A non-2xx answer or a timeout is
//! retried with exponential backoff for at least a day, then the event is given up and the
//! subscription marked failing. Redirects are never followed; a receiver's body is never read.

use super::{events_for, sign, Burst};
use crate::state::AppState;
use crate::store::unix_ms as ms;
use crate::store::webhooks::{Attempt, Delivery};
use std::collections::HashSet;
use std::time::Duration as StdDuration;
use time::{Duration, OffsetDateTime};

/// The delays between attempts, in units of the base delay (5 s): 5 s, 30 s, 2 min, 10 min,
/// 30 min, 1 h, 2 h, 4 h, then every 8 h.
const SCHEDULE: [i64; 9] = [1, 6, 24, 120, 360, 720, 1440, 2880, 5760];

/// The loop's timings (shorter in tests).
#[derive(Debug, Clone, Copy)]
pub struct Timing {
    pub burst: Burst,
    pub retry_base_ms: i64,
    pub give_up_after_ms: i64,
    /// How long a claimed delivery is leased to the instance that claimed it (longer than a
    /// delivery can take: an instance killed mid-delivery holds it this long at most).
    pub lease_ms: i64,
}

impl Default for Timing {
    fn default() -> Self {
        Self {
            burst: Burst(Duration::seconds(10)),
            retry_base_ms: 5_000,
            give_up_after_ms: 24 * 3_600_000,
            lease_ms: 60_000,
        }
    }
}

/// The delay before the attempt after `attempts` failed ones.
pub fn backoff(attempts: i64, base_ms: i64) -> i64 {
    let step = usize::try_from(attempts)
        .unwrap_or(usize::MAX)
        .min(SCHEDULE.len() - 1);
    SCHEDULE[step].saturating_mul(base_ms)
}

pub async fn run(state: AppState, timing: Timing) {
    let agent = ureq::AgentBuilder::new()
        .redirects(0)
        .timeout(StdDuration::from_secs(10))
        .build();
    let mut outage = false;
    let known = std::sync::Arc::new(std::sync::Mutex::new(HashSet::new()));
    loop {
        tokio::time::sleep(StdDuration::from_secs(1)).await;
        let (state2, agent2, known2) =
            (state.clone(), agent.clone(), std::sync::Arc::clone(&known));
        let result = tokio::task::spawn_blocking(move || {
            let mut known = known2.lock().unwrap_or_else(|p| p.into_inner());
            pass(&state2, &agent2, timing, &mut known)
        })
        .await;
        match result {
            Ok(Ok(())) => outage = false,
            Ok(Err(e)) if !outage => {
                outage = true;
                tracing::warn!(error = %e, "webhooks: the store does not answer; events wait in the outbox");
            }
            Ok(Err(_)) => {}
            Err(e) => tracing::error!(error = %e, "webhooks: the delivery pass panicked"),
        }
    }
}

/// One pass: enqueue, then deliver what is due.
/// Events this process has put in the outbox (or found there), by subscription and id: they
/// are not offered again. Bounded: cleared when it grows past this many.
const KNOWN_LIMIT: usize = 200_000;

fn pass(
    state: &AppState,
    agent: &ureq::Agent,
    timing: Timing,
    known: &mut HashSet<(String, String)>,
) -> Result<(), crate::store::StoreError> {
    let hooks = state.store.webhooks()?;
    if hooks.is_empty() {
        return Ok(());
    }
    let now = state.now();
    let snapshot = state.board.current(now);
    for hook in &hooks {
        let (events, through) = events_for(hook, &snapshot.history.changes, now, timing.burst);
        let new: Vec<_> = events
            .into_iter()
            .filter(|e| !known.contains(&(hook.id.clone(), e.event_id.clone())))
            .collect();
        if !new.is_empty() {
            let added =
                state
                    .store
                    .enqueue(&hook.id, &new, through.max(hook.enqueued_through_ms))?;
            if added > 0 {
                tracing::info!(webhook = %hook.id, events = added, "webhook events enqueued");
            }
            if known.len() + new.len() > KNOWN_LIMIT {
                known.clear();
            }
            known.extend(new.into_iter().map(|e| (hook.id.clone(), e.event_id)));
        }
    }
    for delivery in state.store.claim_due(ms(now), timing.lease_ms, 16)? {
        let Some(hook) = hooks.iter().find(|h| h.id == delivery.webhook) else {
            continue;
        };
        let attempt = send(
            agent,
            &hook.url,
            &hook.secret,
            &delivery,
            state.now(),
            timing,
        );
        state.metrics.count_webhook(attempt);
        state
            .store
            .record_attempt(&delivery, attempt, ms(state.now()))?;
    }
    Ok(())
}

/// POSTs one event and says what to do next.
fn send(
    agent: &ureq::Agent,
    url: &str,
    secret: &str,
    delivery: &Delivery,
    now: OffsetDateTime,
    timing: Timing,
) -> Attempt {
    let timestamp = now.unix_timestamp();
    let status = match sign(secret, &delivery.event_id, timestamp, &delivery.payload) {
        None => None,
        Some(signature) => {
            let answer = agent
                .post(url)
                .set("content-type", "application/json")
                .set("webhook-id", &delivery.event_id)
                .set("webhook-timestamp", &timestamp.to_string())
                .set("webhook-signature", &signature)
                .send_string(&delivery.payload);
            match answer {
                Ok(response) => Some(response.status()),
                Err(ureq::Error::Status(code, _)) => Some(code),
                Err(ureq::Error::Transport(_)) => None,
            }
        }
    };
    if let Some(code @ 200..=299) = status {
        return Attempt::Delivered { status: code };
    }
    tracing::warn!(webhook = %delivery.webhook, event = %delivery.event_id, status = ?status, attempts = delivery.attempts + 1, "webhook delivery failed; it will be retried");
    if ms(now) - delivery.created_at_ms >= timing.give_up_after_ms {
        tracing::error!(webhook = %delivery.webhook, event = %delivery.event_id, "webhook delivery given up after retrying for the whole period; the subscription is marked failing");
        return Attempt::GiveUp { status };
    }
    Attempt::Retry {
        status,
        next_ms: ms(now).saturating_add(backoff(delivery.attempts, timing.retry_base_ms)),
    }
}
