//! `vendor-readiness webhook add | list | enable | remove`: subscriptions, in the same store as
//! proofs.
//! `add` prints the signing secret once; nothing else ever prints or serves it.

pub(crate) mod list;
pub(crate) mod tools;

use super::report::{emit, FormatArg, Report};
use super::{unknown_id, CliError, InputArgs};
use crate::store::webhooks::Webhook;
use clap::{Args, Subcommand};
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum WebhookCommand {
    /// Subscribe a URL to changes (every change, or those of the motions and systems given).
    Add(AddArgs),
    /// The subscriptions: URL, filters, failing or not, events waiting (never the secret).
    List(ListArgs),
    /// Remove a subscription and the events waiting for it.
    Remove(RemoveArgs),
    /// Send to a subscription again after its receiver answered 410 Gone (what changed
    /// meanwhile is sent; the event it refused stays given up: `redeliver` sends it).
    Enable(RemoveArgs),
    /// Send a signed ping to a subscription now and say what came back.
    Test(tools::TestArgs),
    /// The recent delivery attempts of a subscription: status, latency, cause of failure.
    Deliveries(tools::DeliveriesArgs),
    /// Deliver an event again (delivered or given up) to every subscription that had it.
    Redeliver(tools::RedeliverArgs),
}

#[derive(Debug, Args)]
pub struct AddArgs {
    #[command(flatten)]
    pub inputs: InputArgs,
    /// The receiver: an http:// or https:// URL (redirects are not followed).
    #[arg(long)]
    pub url: String,
    /// Only changes of this motion (repeatable).
    #[arg(long = "motion", value_name = "ID")]
    pub motions: Vec<String>,
    /// Only changes of this system, and verdicts it moved (repeatable).
    #[arg(long = "system", value_name = "ID")]
    pub systems: Vec<String>,
    /// Allow a receiver on a loopback, private or link-local address (refused by default: the
    /// board would post signed requests into its own network).
    #[arg(long)]
    pub allow_private_targets: bool,
    /// JSON: `{id, secret}`.
    #[command(flatten)]
    pub output: FormatArg,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub inputs: InputArgs,
    #[command(flatten)]
    pub output: FormatArg,
}

#[derive(Debug, Args)]
pub struct RemoveArgs {
    #[command(flatten)]
    pub inputs: InputArgs,
    /// The subscription's id (`wh_…`).
    pub id: String,
    #[command(flatten)]
    pub output: FormatArg,
}

/// What `remove` and `enable` say of an id no subscription has.
fn no_such_webhook(id: &str) -> CliError {
    CliError::Usage(format!("no webhook has the id {id:?}"))
}

pub fn run(command: &WebhookCommand) -> Result<ExitCode, CliError> {
    match command {
        WebhookCommand::Add(args) => add(args),
        WebhookCommand::List(args) => list::run(args),
        WebhookCommand::Test(args) => tools::test(args),
        WebhookCommand::Deliveries(args) => tools::deliveries(args),
        WebhookCommand::Redeliver(args) => tools::redeliver(args),
        WebhookCommand::Remove(args) => {
            if !args.inputs.store_to_read()?.remove_webhook(&args.id)? {
                return Err(no_such_webhook(&args.id));
            }
            Ok(Done::new(&args.id, "removed").acknowledge(&args.output))
        }
        WebhookCommand::Enable(args) => {
            let store = args.inputs.store_to_read()?;
            let hooks = store.subscriptions()?;
            let Some(hook) = hooks.iter().find(|h| h.id == args.id) else {
                return Err(no_such_webhook(&args.id));
            };
            if hook.disabled_at_ms.is_none() {
                return Ok(Done::new(&args.id, "not_disabled").acknowledge(&args.output));
            }
            if !store.enable_webhook(&args.id)? {
                return Err(no_such_webhook(&args.id));
            }
            Ok(Done::new(&args.id, "enabled").acknowledge(&args.output))
        }
    }
}

fn add(args: &AddArgs) -> Result<ExitCode, CliError> {
    let refuse = |reason: String| {
        CliError::Usage(format!(
            "--url {}: {reason}",
            crate::redact::mask_url(&args.url)
        ))
    };
    let url = crate::webhooks::target::parse(&args.url).map_err(refuse)?;
    let netloc = crate::webhooks::target::netloc(&url);
    crate::webhooks::target::addresses(&netloc, args.allow_private_targets).map_err(refuse)?;
    let catalog = args.inputs.catalog()?;
    for motion in &args.motions {
        if !catalog.motions().iter().any(|m| m.id.as_str() == motion) {
            return Err(unknown_id(
                "--motion",
                motion,
                catalog.motions().iter().map(|m| m.id.as_str()),
                &args.inputs.catalog_label(),
            ));
        }
    }
    for system in &args.systems {
        if catalog.find_system(system).is_none() {
            return Err(unknown_id(
                "--system",
                system,
                catalog.systems().iter().map(|s| s.id.as_str()),
                &args.inputs.catalog_label(),
            ));
        }
    }
    let now = readiness::canonical(time::OffsetDateTime::now_utc())
        .unwrap_or(time::OffsetDateTime::now_utc());
    let now_ms = crate::store::unix_ms(now);
    let hook = Webhook {
        id: crate::webhooks::new_id(),
        url: args.url.clone(),
        secret: crate::webhooks::new_secret(),
        motions: args.motions.clone(),
        systems: args.systems.clone(),
        created_at_ms: now_ms,
        enqueued_through_ms: now_ms,
        failing: false,
        allow_private: args.allow_private_targets,
        disabled_at_ms: None,
        pending: 0,
        retrying: 0,
    };
    args.inputs.store()?.add_webhook(&hook)?;
    keep_private(&args.inputs)?;
    if !args.output.is_json() {
        eprintln!("Keep the secret now: it is shown only once. Verify each delivery's webhook-signature with it (Standard Webhooks).");
    }
    let added = Added {
        id: hook.id,
        secret: hook.secret,
    };
    Ok(emit(&added, &args.output))
}

/// A new subscription: its id, and its signing secret, shown this once.
#[derive(serde::Serialize, schemars::JsonSchema)]
pub(crate) struct Added {
    id: String,
    secret: String,
}

impl Report for Added {
    fn text(&self, _colour: bool) -> String {
        format!("id:     {}\nsecret: {}\n", self.id, self.secret)
    }
}

/// What `remove` or `enable` did to a subscription.
#[derive(serde::Serialize, schemars::JsonSchema)]
pub(crate) struct Done {
    id: String,
    /// `removed`, `enabled` or `not_disabled`.
    outcome: &'static str,
}

impl Done {
    fn new(id: &str, outcome: &'static str) -> Self {
        Self {
            id: id.to_owned(),
            outcome,
        }
    }
}

impl Done {
    /// JSON on stdout, or the acknowledgement on stderr (as every command acknowledges).
    fn acknowledge(&self, format: &FormatArg) -> ExitCode {
        let id = &self.id;
        if format.is_json() {
            super::output::print_json(self);
        } else {
            match self.outcome {
                "removed" => eprintln!("removed {id}"),
                "enabled" => {
                    eprintln!("enabled {id}: what changed since it was disabled is sent next")
                }
                _ => eprintln!("{id} is not disabled: nothing to do"),
            }
        }
        ExitCode::SUCCESS
    }
}

/// A SQLite store now holds a signing secret: only its owner may read the file.
fn keep_private(inputs: &InputArgs) -> Result<(), CliError> {
    use std::os::unix::fs::PermissionsExt;
    if let crate::store::StoreLocation::Sqlite(path) = inputs.store_location()? {
        for suffix in ["", "-wal", "-shm"] {
            let file = std::path::PathBuf::from(format!("{}{suffix}", path.display()));
            if file.exists() {
                std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).map_err(
                    CliError::io(format!("cannot make {} private", file.display())),
                )?;
            }
        }
    }
    Ok(())
}
