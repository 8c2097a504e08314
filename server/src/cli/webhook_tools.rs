//! `vendor-readiness webhook test | deliveries | redeliver`: what an operator needs when a
//! receiver says it got nothing. `test` sends a signed ping now and prints what came back;
//! `deliveries` lists the recent attempts (status, latency, why a failure failed); `redeliver`
//! makes an event due again, and the running server sends it.

use super::output::print_json;
use super::{CliError, InputArgs};
use crate::store::webhooks::{AttemptLog, Webhook};
use clap::Args;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct TestArgs {
    #[command(flatten)]
    pub inputs: InputArgs,
    /// The subscription's id (`wh_…`).
    pub id: String,
    /// Print the attempt as JSON.
    #[arg(long)]
    pub json: bool,
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
    /// Print the attempts as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct RedeliverArgs {
    #[command(flatten)]
    pub inputs: InputArgs,
    /// The event's id (`msg_…`, the `webhook-id` header the receiver got).
    pub event_id: String,
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
    let met = crate::webhooks::ping(&hook, now);
    if args.json {
        print_json(&met);
    } else {
        println!("{}", line(&met));
    }
    Ok(if met.outcome == "delivered" {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

pub fn deliveries(args: &DeliveriesArgs) -> Result<ExitCode, CliError> {
    subscription(&args.inputs, &args.id)?;
    let attempts = args
        .inputs
        .store_to_read()?
        .attempts(&args.id, args.limit)?;
    if args.json {
        print_json(&attempts);
    } else if attempts.is_empty() {
        println!("No delivery attempt yet.");
    } else {
        for attempt in &attempts {
            println!("{}", line(attempt));
        }
    }
    Ok(ExitCode::SUCCESS)
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
    let whom = if count == 1 {
        "1 subscription".to_owned()
    } else {
        format!("{count} subscriptions")
    };
    eprintln!(
        "{} is due again for {whom}: the running server sends it within seconds.",
        args.event_id
    );
    Ok(ExitCode::SUCCESS)
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
        "{at}  {}  {}  {status}  {} ms{cause}",
        attempt.event_id, attempt.outcome, attempt.latency_ms
    )
}
