//! The mail loop of a server: every second, turn the closed bursts of changes each confirmed
//! subscriber follows into messages (the same ids on every instance, so two instances store
//! each once), then send what is due, one claim at a time under a lease, recording the outcome
//! only while the lease holds. A refused message (5xx) is given up; no answer or a 4xx is
//! retried with the webhooks' backoff until the give-up period has passed.

use super::compose::Letterhead;
use super::follow;
use super::{Mailer, SmtpError};
use crate::state::AppState;
use crate::store::mail::{ClaimedMail, MailOutcome};
use crate::store::unix_ms as ms;
use crate::store::StoreError;
use crate::webhooks::{backoff, Timing};
use std::time::{Duration, Instant};

/// A pass sends for this long at most, then enqueues again.
const TURN: Duration = Duration::from_secs(30);

/// Stale subscribers and old messages are purged every this many passes.
const PURGE_EVERY: u64 = 60;

pub async fn run(state: AppState, mailer: Mailer, timing: Timing) {
    tracing::info!(relay = %mailer.shown(), "e-mail updates are on");
    let mut outage = false;
    for pass_number in 0u64.. {
        tokio::time::sleep(Duration::from_secs(1)).await;
        let (state2, mailer2) = (state.clone(), mailer.clone());
        let purge = pass_number % PURGE_EVERY == 0;
        let result =
            tokio::task::spawn_blocking(move || pass(&state2, &mailer2, timing, purge)).await;
        match result {
            Ok(Ok(())) => outage = false,
            Ok(Err(e)) if !outage => {
                outage = true;
                tracing::warn!(error = %e, "mail: the store does not answer; messages wait in the outbox");
            }
            Ok(Err(_)) => {}
            Err(e) => tracing::error!(error = %e, "mail: a pass panicked"),
        }
    }
}

fn pass(state: &AppState, mailer: &Mailer, timing: Timing, purge: bool) -> Result<(), StoreError> {
    if purge {
        let now = ms(state.now());
        let gone = state.store.purge_mail(crate::store::mail::PurgeBefore {
            pending_ms: now - super::CONFIRM_WITHIN_MS,
            done_ms: now - super::KEEP_SENT_MS,
            notices_ms: now - 24 * 3_600_000,
        })?;
        if gone > 0 {
            tracing::info!(
                rows = gone,
                "mail: expired subscriptions and old messages purged"
            );
        }
    }
    enqueue(state, timing)?;
    let started = Instant::now();
    while started.elapsed() < TURN {
        let lease = crate::webhooks::new_id();
        let now = ms(state.now());
        let Some(claimed) = state.store.claim_mail(now, lease_ms(timing), &lease)? else {
            return Ok(());
        };
        let outcome = attempt(state, mailer, &claimed, timing);
        if !state.store.record_mail(&claimed, &outcome)? {
            tracing::warn!(message = %claimed.mail.id, "mail: the lease ran out during the attempt; another instance owns this message now");
        }
    }
    Ok(())
}

/// How long a claimed message is leased. The send timeout bounds each reply of the relay, not
/// the exchange: an SMTP exchange waits for up to ten replies (greeting, EHLO, STARTTLS, EHLO,
/// AUTH, MAIL, RCPT, DATA, the message, QUIT), so the lease outlasts them all (found by attack:
/// a relay slow to reply outlasted the lease, and two instances sent one message over and over).
pub(crate) fn lease_ms(timing: Timing) -> i64 {
    let exchange = timing
        .send_timeout_ms
        .saturating_mul(10)
        .saturating_add(5_000);
    timing.lease().max(exchange)
}

/// Sends one claimed message: what to record.
fn attempt(state: &AppState, mailer: &Mailer, c: &ClaimedMail, timing: Timing) -> MailOutcome {
    let (id, subscriber) = (&c.mail.id, &c.subscriber);
    let error = match mailer.send(c, &state.public_origin) {
        Ok(()) => {
            tracing::info!(message = %id, %subscriber, kind = c.mail.kind.as_str(), "mail sent");
            return MailOutcome::Sent {
                at_ms: ms(state.now()),
            };
        }
        Err(e @ (SmtpError::Refused(_) | SmtpError::Build(_))) => {
            tracing::warn!(message = %id, %subscriber, error = %e, "mail refused: given up");
            return MailOutcome::GiveUp {
                error: e.to_string(),
            };
        }
        Err(e) => e.to_string(),
    };
    let now = ms(state.now());
    if now - c.mail.created_at_ms >= timing.give_up_after_ms {
        tracing::error!(message = %id, %subscriber, error = %error, "mail given up after retrying for the whole period");
        return MailOutcome::GiveUp { error };
    }
    tracing::warn!(message = %id, %subscriber, error = %error, attempts = c.attempts + 1, "mail not sent; it will be retried");
    let next_ms = now.saturating_add(backoff(c.attempts, timing.retry_base_ms));
    MailOutcome::Retry { next_ms, error }
}

/// Enqueues a message for each new closed burst of what each confirmed subscriber follows.
fn enqueue(state: &AppState, timing: Timing) -> Result<(), StoreError> {
    let subscribers = state.store.confirmed_subscribers()?;
    let confirmed: Vec<_> = subscribers
        .iter()
        .filter_map(|s| s.confirmed_at_ms.map(|at| (s, at)))
        .collect();
    if confirmed.is_empty() {
        return Ok(());
    }
    let now = state.now();
    let snapshot = state.board.current(now);
    let head = Letterhead {
        title: &snapshot.board.page.title,
        origin: &state.public_origin,
    };
    // Where the snapshot's edits are, read once for every subscriber of the pass.
    let edits = readiness::followed::Edits::of(&snapshot.history);
    for (s, confirmed_at_ms) in confirmed {
        follow::enqueue_for(
            state,
            (&snapshot, &edits, &head),
            s,
            confirmed_at_ms,
            timing,
        )?;
    }
    Ok(())
}
