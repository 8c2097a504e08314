//! `vendor-readiness webhook test | deliveries | redeliver`: what an operator needs when a
//! receiver says it got nothing. `test` sends a signed ping now and prints what came back;
//! `deliveries` lists the recent attempts (status, latency, why a failure failed); `redeliver`
//! makes an event due again, and the running server sends it.

use crate::cli::report::{emit, exit_when, FormatArg, Report};
use crate::cli::{CliError, InputArgs};
use crate::store::webhooks::{AttemptLog, Webhook};
use clap::Args;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct TestArgs {
    #[command(flatten)]
    pub inputs: InputArgs,
    /// The subscription's id (`wh_…`).
    pub id: String,
    #[command(flatten)]
    pub output: FormatArg,
}

#[derive(Debug, Args)]
pub struct DeliveriesArgs {
    #[command(flatten)]
    pub inputs: InputArgs,
    /// The subscription's id (`wh_…`).
    pub id: String,
    /// How many attempts, newest first.
    #[arg(long, default_value = "20")]
    pub limit: usize,
    #[command(flatten)]
    pub output: FormatArg,
}

#[derive(Debug, Args)]
pub struct RedeliverArgs {
    #[command(flatten)]
    pub inputs: InputArgs,
    /// The event's id (`msg_…`, the `webhook-id` header the receiver got).
    pub event_id: String,
    #[command(flatten)]
    pub output: FormatArg,
}

fn subscription(inputs: &InputArgs, id: &str) -> Result<Webhook, CliError> {
    let hooks = inputs.store_to_read()?.webhooks()?;
    hooks.into_iter().find(|h| h.id == id).ok_or_else(|| {
        CliError::Usage(format!("no webhook has the id {id:?} (see `webhook list`)"))
    })
}

pub fn test(args: &TestArgs) -> Result<ExitCode, CliError> {
    let hook = subscription(&args.inputs, &args.id)?;
    let now = readiness::canonical(time::OffsetDateTime::now_utc())
        .unwrap_or(time::OffsetDateTime::now_utc());
    Ok(emit(&Ping(crate::webhooks::ping(&hook, now)), &args.output))
}

/// What the ping met; exit 1 unless it was delivered.
#[derive(serde::Serialize, schemars::JsonSchema)]
#[serde(transparent)]
pub(crate) struct Ping(AttemptLog);

impl Report for Ping {
    fn text(&self, _colour: bool) -> String {
        line(&self.0)
    }

    fn exit(&self) -> ExitCode {
        exit_when(self.0.outcome == "delivered")
    }
}

pub fn deliveries(args: &DeliveriesArgs) -> Result<ExitCode, CliError> {
    subscription(&args.inputs, &args.id)?;
    let attempts = args
        .inputs
        .store_to_read()?
        .attempts(&args.id, args.limit)?;
    Ok(emit(&Attempts(attempts), &args.output))
}

/// The recent attempts, newest first (JSON: the array).
#[derive(serde::Serialize, schemars::JsonSchema)]
#[serde(transparent)]
pub(crate) struct Attempts(Vec<AttemptLog>);

impl Report for Attempts {
    fn text(&self, _colour: bool) -> String {
        if self.0.is_empty() {
            return "No delivery attempt yet.\n".to_owned();
        }
        self.0.iter().map(line).collect()
    }
}

pub fn redeliver(args: &RedeliverArgs) -> Result<ExitCode, CliError> {
    let now = crate::store::unix_ms(time::OffsetDateTime::now_utc());
    let count = args
        .inputs
        .store_to_read()?
        .redeliver(&args.event_id, now)?;
    if count == 0 {
        return Err(CliError::Usage(format!(
            "no subscription has the event {:?} (see `webhook deliveries ID`)",
            args.event_id
        )));
    }
    let due = Redelivered {
        event_id: args.event_id.clone(),
        subscriptions: count,
    };
    Ok(emit(&due, &args.output))
}

/// The event made due again, and for how many subscriptions.
#[derive(serde::Serialize, schemars::JsonSchema)]
pub(crate) struct Redelivered {
    event_id: String,
    subscriptions: usize,
}

impl Report for Redelivered {
    fn text(&self, _colour: bool) -> String {
        let whom = match self.subscriptions {
            1 => "1 subscription".to_owned(),
            n => format!("{n} subscriptions"),
        };
        format!(
            "{} is due again for {whom}: the running server sends it within seconds.\n",
            self.event_id
        )
    }
}

/// `2026-12-02 14:02:11 UTC  msg_…  delivered  200  35 ms`, or the cause of a failure.
fn line(attempt: &AttemptLog) -> String {
    let at = readiness::instant::from_unix_ms(attempt.at_ms)
        .map(readiness::display_instant)
        .unwrap_or_default();
    let status = attempt
        .status
        .map_or_else(|| "no answer".to_owned(), |s| s.to_string());
    let cause = attempt
        .error
        .as_deref()
        .map(|e| format!("  ({e})"))
        .unwrap_or_default();
    format!(
        "{at}  {}  {}  {status}  {} ms{cause}\n",
        attempt.event_id, attempt.outcome, attempt.latency_ms
    )
}
