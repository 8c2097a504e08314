//! The webhook loop of a server: every second, enqueue the closed events of every subscription
//! from the changes after its watermark (so the cost follows what is new, not the history), then
//! start a worker for each subscription with a delivery due. Each worker claims one delivery at a
//! time, its subscription's oldest pending one (events go out in the order they happened; a later
//! one waits while an earlier one is retried), under a lease longer than the attempt can take, sends it, and records the outcome only if
//! its lease token still holds (fencing), so no event is sent twice by two instances and a slow
//! receiver only delays itself. A non-2xx answer or a timeout is retried with backoff for at
//! least a day (never sooner than a receiver's `Retry-After`, up to an hour), then given up
//! and the subscription marked failing; a 410 Gone gives up at once and disables the subscription
//! until `webhook enable` (nothing new is sent to it meanwhile). Redirects are never followed,
//! a receiver's body is never read, and only addresses the target check allows are connected to.

use super::timing::{backoff, retry_after_ms, Timing};
use super::{events_for, sign, target};
use crate::state::AppState;
use crate::store::unix_ms as ms;
use crate::store::webhooks::{Attempt, AttemptLog, Delivery, Recorded, Webhook};
use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::{Duration as StdDuration, Instant};
use time::OffsetDateTime;

/// Most subscriptions delivered to at once by one instance (each on a blocking thread).
const MAX_WORKERS: usize = 32;

/// A worker hands its subscription back after this long, so others get their turn.
const WORKER_TURN: StdDuration = StdDuration::from_secs(30);

pub async fn run(state: AppState, timing: Timing) {
    let busy: Arc<Mutex<HashSet<String>>> = Arc::default();
    let mut outage = false;
    loop {
        tokio::time::sleep(StdDuration::from_secs(1)).await;
        let state2 = state.clone();
        let result = tokio::task::spawn_blocking(move || pass(&state2, timing)).await;
        let due = match result {
            Ok(Ok(due)) => {
                outage = false;
                due
            }
            Ok(Err(e)) => {
                if !outage {
                    outage = true;
                    tracing::warn!(error = %e, "webhooks: the store does not answer; events wait in the outbox");
                }
                continue;
            }
            Err(e) => {
                tracing::error!(error = %e, "webhooks: the enqueue pass panicked");
                continue;
            }
        };
        for hook in due {
            let mut held = busy.lock().unwrap_or_else(|p| p.into_inner());
            if held.len() >= MAX_WORKERS || !held.insert(hook.id.clone()) {
                continue;
            }
            drop(held);
            let (state2, busy2) = (state.clone(), Arc::clone(&busy));
            tokio::task::spawn_blocking(move || {
                let id = hook.id.clone();
                if let Err(e) = deliver(&state2, &hook, timing) {
                    tracing::warn!(webhook = %id, error = %e, "webhooks: delivery stopped; it resumes on the next pass");
                }
                busy2.lock().unwrap_or_else(|p| p.into_inner()).remove(&id);
            });
        }
    }
}

/// Enqueues the new closed events of every subscription; returns those with a delivery due.
fn pass(state: &AppState, timing: Timing) -> Result<Vec<Webhook>, crate::store::StoreError> {
    let mut hooks = state.store.subscriptions()?;
    // A disabled subscription gets nothing: its watermark stays, so what changed meanwhile is
    // sent once it is enabled again.
    hooks.retain(|hook| hook.disabled_at_ms.is_none());
    if hooks.is_empty() {
        return Ok(hooks);
    }
    let now = state.now();
    let snapshot = state.board.current(now);
    for hook in &hooks {
        let (events, through) = events_for(hook, &snapshot.history.changes, now, timing.burst);
        if events.is_empty() {
            continue;
        }
        let added = state.store.enqueue(&hook.id, &events, through)?;
        if added > 0 {
            tracing::info!(webhook = %hook.id, events = added, "webhook events enqueued");
        }
    }
    let due: HashSet<String> = state.store.due_webhooks(ms(now))?.into_iter().collect();
    Ok(hooks.into_iter().filter(|h| due.contains(&h.id)).collect())
}

/// Sends the due deliveries of one subscription, one claim at a time, for one turn at most.
fn deliver(
    state: &AppState,
    hook: &Webhook,
    timing: Timing,
) -> Result<(), crate::store::StoreError> {
    let agent = agent(hook.allow_private, timing);
    let started = Instant::now();
    while started.elapsed() < WORKER_TURN {
        let token = super::new_id();
        let now = ms(state.now());
        let Some(delivery) = state
            .store
            .claim_next(&hook.id, now, timing.lease(), &token)?
        else {
            return Ok(());
        };
        let (attempt, log) = send(&agent, hook, &delivery, state.now(), timing);
        state.metrics.count_webhook(attempt);
        match state.store.record_attempt(&delivery, attempt, &log)? {
            Recorded::Held if matches!(attempt, Attempt::GiveUp { gone: true, .. }) => {
                return Ok(());
            }
            Recorded::Held => {}
            Recorded::LeaseLost => {
                tracing::warn!(webhook = %hook.id, event = %delivery.event_id, "webhooks: the lease ran out during the attempt; another instance owns this delivery now");
            }
            Recorded::Removed => {
                tracing::info!(webhook = %hook.id, event = %delivery.event_id, "webhooks: the subscription was removed during the attempt; its deliveries stop");
                return Ok(());
            }
        }
    }
    Ok(())
}

/// An HTTP client for one subscription: no redirects, a timeout per attempt, and a resolver
/// that hands out only addresses the target check allows (what was checked is what is used).
fn agent(allow_private: bool, timing: Timing) -> ureq::Agent {
    let timeout = StdDuration::from_millis(u64::try_from(timing.send_timeout_ms).unwrap_or(10_000));
    ureq::AgentBuilder::new()
        .redirects(0)
        .timeout(timeout)
        .resolver(move |netloc: &str| {
            target::addresses(netloc, allow_private)
                .map_err(|e| std::io::Error::new(std::io::ErrorKind::PermissionDenied, e))
        })
        .build()
}

/// Sends a signed `webhook.test` ping to `hook` now (`webhook test`): what came back.
pub fn ping(hook: &Webhook, now: OffsetDateTime) -> AttemptLog {
    let timing = Timing::default();
    let event_id = format!("msg_test_{}", super::new_id().trim_start_matches("wh_"));
    let timestamp = now
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default();
    let payload =
        serde_json::json!({"type": "webhook.test", "timestamp": timestamp, "data": {}}).to_string();
    post(
        &agent(hook.allow_private, timing),
        hook,
        &event_id,
        &payload,
        now,
    )
    .0
}

/// POSTs one signed event: what the attempt met (outcome `delivered` or `failed`), and the
/// receiver's `Retry-After` when it failed with one.
fn post(
    agent: &ureq::Agent,
    hook: &Webhook,
    event_id: &str,
    payload: &str,
    now: OffsetDateTime,
) -> (AttemptLog, Option<String>) {
    let timestamp = now.unix_timestamp();
    let started = Instant::now();
    let (status, error, retry_after) = match sign(&hook.secret, event_id, timestamp, payload) {
        None => (
            None,
            Some("the signing secret is unreadable".to_owned()),
            None,
        ),
        Some(signature) => {
            let answer = agent
                .post(&hook.url)
                .set("content-type", "application/json")
                .set("webhook-id", event_id)
                .set("webhook-timestamp", &timestamp.to_string())
                .set("webhook-signature", &signature)
                .send_string(payload);
            match answer {
                Ok(response) => (Some(response.status()), None, None),
                Err(ureq::Error::Status(code, response)) => {
                    let asked = response.header("retry-after").map(str::to_owned);
                    (Some(code), None, asked)
                }
                Err(ureq::Error::Transport(t)) => (None, Some(transport_cause(&t)), None),
            }
        }
    };
    let delivered = matches!(status, Some(200..=299));
    let log = AttemptLog {
        event_id: event_id.to_owned(),
        at_ms: ms(now),
        status,
        latency_ms: i64::try_from(started.elapsed().as_millis()).unwrap_or(i64::MAX),
        outcome: if delivered { "delivered" } else { "failed" }.to_owned(),
        error,
    };
    (log, retry_after)
}

/// POSTs one claimed delivery and says what to do next, with what the attempt met.
fn send(
    agent: &ureq::Agent,
    hook: &Webhook,
    delivery: &Delivery,
    now: OffsetDateTime,
    timing: Timing,
) -> (Attempt, AttemptLog) {
    let (met, retry_after) = post(agent, hook, &delivery.event_id, &delivery.payload, now);
    let status = met.status;
    let log = |outcome: &str| AttemptLog {
        outcome: outcome.to_owned(),
        ..met.clone()
    };
    if let Some(code @ 200..=299) = status {
        return (Attempt::Delivered { status: code }, log("delivered"));
    }
    let cause = met
        .error
        .clone()
        .unwrap_or_else(|| format!("answered {}", status.unwrap_or(0)));
    if status == Some(410) {
        // Standard Webhooks: 410 Gone means the endpoint is gone for good (found by attack: it
        // was retried for a day, then new events were still tried). The event is given up and
        // the subscription disabled until an operator enables it.
        tracing::warn!(webhook = %delivery.webhook, event = %delivery.event_id, "the receiver answered 410 Gone: the event is given up and the subscription disabled (`vendor-readiness webhook enable` sends again)");
        return (Attempt::GiveUp { status, gone: true }, log("given_up"));
    }
    tracing::warn!(webhook = %delivery.webhook, event = %delivery.event_id, cause = %cause, attempts = delivery.attempts + 1, "webhook delivery failed; it will be retried");
    if ms(now) - delivery.created_at_ms >= timing.give_up_after_ms {
        tracing::error!(webhook = %delivery.webhook, event = %delivery.event_id, "webhook delivery given up after retrying for the whole period; the subscription is marked failing");
        return (
            Attempt::GiveUp {
                status,
                gone: false,
            },
            log("given_up"),
        );
    }
    let wait = backoff(delivery.attempts, timing.retry_base_ms);
    let asked = retry_after.as_deref().and_then(|v| retry_after_ms(v, now));
    let next_ms = ms(now).saturating_add(wait.max(asked.unwrap_or(0)));
    (Attempt::Retry { status, next_ms }, log("retry"))
}

/// Why an attempt got no answer, in words (never the URL, which may carry a token in its path).
fn transport_cause(error: &ureq::Transport) -> String {
    use ureq::ErrorKind;
    match error.kind() {
        ErrorKind::Dns => "the host does not resolve, or resolves to a refused address".into(),
        ErrorKind::ConnectionFailed => "the connection was refused or failed".into(),
        ErrorKind::Io => "no answer in time (timed out or the connection dropped)".into(),
        ErrorKind::TooManyRedirects => "a redirect (never followed)".into(),
        other => format!("{other}"),
    }
}
