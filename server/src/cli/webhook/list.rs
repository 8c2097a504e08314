//! `vendor-readiness webhook list`: every subscription, its URL (credentials masked), filters,
//! state and events waiting; never its secret.

use super::ListArgs;
use crate::cli::report::{emit, Report};
use crate::cli::CliError;
use crate::store::webhooks::Webhook;
use serde::Serialize;
use std::fmt::Write as _;
use std::process::ExitCode;

pub fn run(args: &ListArgs) -> Result<ExitCode, CliError> {
    let hooks = args.inputs.store_to_read()?.webhooks()?;
    let rows = Subscriptions(hooks.iter().map(Subscription::of).collect());
    Ok(emit(&rows, &args.output))
}

/// One subscription as listed.
#[derive(Serialize, schemars::JsonSchema)]
struct Subscription {
    id: String,
    /// The receiver's URL with any credentials masked.
    url: String,
    motions: Vec<String>,
    systems: Vec<String>,
    failing: bool,
    pending: i64,
    retrying: i64,
    /// When a 410 Gone disabled it (RFC 3339).
    disabled_at: Option<String>,
}

impl Subscription {
    fn of(h: &Webhook) -> Self {
        Self {
            id: h.id.clone(),
            url: crate::redact::mask_url(&h.url),
            motions: h.motions.clone(),
            systems: h.systems.clone(),
            failing: h.failing,
            pending: h.pending,
            retrying: h.retrying,
            disabled_at: h.disabled_at_ms.and_then(instant_text),
        }
    }

    /// What it is sent: every change, or the motions and systems it follows.
    fn scope(&self) -> String {
        if self.motions.is_empty() && self.systems.is_empty() {
            return "every change".to_owned();
        }
        [self.motions.join(", "), self.systems.join(", ")]
            .iter()
            .filter(|s| !s.is_empty())
            .cloned()
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn state(&self) -> String {
        match (&self.disabled_at, self.failing, self.retrying) {
            (Some(at), ..) => format!("DISABLED (410 Gone at {at}; `webhook enable {}`)", self.id),
            (None, true, _) => "FAILING".to_owned(),
            (None, false, 0) => "ok".to_owned(),
            (None, false, n) => format!("RETRYING {n}"),
        }
    }
}

/// Every subscription (JSON: the array).
#[derive(Serialize, schemars::JsonSchema)]
#[serde(transparent)]
pub(crate) struct Subscriptions(Vec<Subscription>);

impl Report for Subscriptions {
    fn text(&self, _colour: bool) -> String {
        if self.0.is_empty() {
            return "No webhook. Add one with: vendor-readiness webhook add --url URL\n".to_owned();
        }
        let mut out = String::new();
        for h in &self.0 {
            let (state, scope) = (h.state(), h.scope());
            let _ = writeln!(
                out,
                "{}  {}  {state}  {} waiting  ({scope})",
                h.id, h.url, h.pending
            );
        }
        out
    }
}

/// An instant stored in milliseconds, as RFC 3339.
fn instant_text(ms: i64) -> Option<String> {
    let at = readiness::instant::from_unix_ms(ms).ok()?;
    at.format(&time::format_description::well_known::Rfc3339)
        .ok()
}
