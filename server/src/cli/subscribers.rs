//! `vendor-readiness subscribers list | export | erase`: the e-mail subscribers. Their
//! addresses are personal data: the operator can list them, hand a person everything the board
//! keeps about them, and erase them. A link token (a capability) is never printed.

use super::report::{emit, FormatArg, Report};
use super::{CliError, InputArgs};
use crate::store::mail::{MailRecord, Subscriber};
use clap::{Args, Subcommand};
use serde::Serialize;
use std::fmt::Write as _;
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum SubscribersCommand {
    /// Every subscriber: address, pending or confirmed, what it follows.
    List(ListArgs),
    /// Everything kept about subscribers (all, or one address), with every message sent.
    Export(ExportArgs),
    /// Erase a subscriber (by address or `sub_…` id) and every message to it.
    Erase(EraseArgs),
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub inputs: InputArgs,
    #[command(flatten)]
    pub output: FormatArg,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub inputs: InputArgs,
    /// Only this address.
    #[arg(long)]
    pub address: Option<String>,
    #[command(flatten)]
    pub output: FormatArg,
}

#[derive(Debug, Args)]
pub struct EraseArgs {
    #[command(flatten)]
    pub inputs: InputArgs,
    /// The subscriber's address or id.
    pub who: String,
    #[command(flatten)]
    pub output: FormatArg,
}

pub fn run(command: &SubscribersCommand) -> Result<ExitCode, CliError> {
    match command {
        SubscribersCommand::List(args) => {
            let all = args.inputs.store_to_read()?.subscribers()?;
            let listed = Listed(all.iter().map(|s| Listing::of(s, Vec::new())).collect());
            Ok(emit(&listed, &args.output))
        }
        SubscribersCommand::Export(args) => export(args),
        SubscribersCommand::Erase(args) => erase(args),
    }
}

fn export(args: &ExportArgs) -> Result<ExitCode, CliError> {
    let store = args.inputs.store_to_read()?;
    let wanted = args.address.as_deref().map(spelt);
    let mut exported = Vec::new();
    for s in store.subscribers()? {
        if wanted.as_ref().is_some_and(|w| *w != s.address) {
            continue;
        }
        let messages = store.mail_of(&s.id)?;
        exported.push(Listing::of(&s, messages));
    }
    if wanted.is_some() && exported.is_empty() {
        return Err(CliError::Usage("no subscriber has this address".into()));
    }
    Ok(emit(&Listed(exported), &args.output))
}

fn erase(args: &EraseArgs) -> Result<ExitCode, CliError> {
    let store = args.inputs.store_to_read()?;
    let who = spelt(&args.who);
    let found = store
        .subscribers()?
        .into_iter()
        .find(|s| s.id == who || s.address == who);
    let Some(subscriber) = found else {
        return Err(CliError::Usage(
            "no subscriber has this address or id (`subscribers list` shows them)".into(),
        ));
    };
    store.remove_subscriber(&subscriber.id)?;
    Ok(emit(&Erased { id: subscriber.id }, &args.output))
}

/// An address as the board keeps it (an internationalized domain in punycode: found by attack,
/// `erase 'var@exämple.com'` found nothing), or the text as given (a `sub_…` id).
fn spelt(given: &str) -> String {
    crate::mail::Address::parse(given)
        .map(|a| a.to_string())
        .unwrap_or_else(|_| given.trim().to_lowercase())
}

/// One subscriber as listed or exported (instants in Unix milliseconds).
#[derive(Serialize, schemars::JsonSchema)]
pub(crate) struct Listing {
    id: String,
    address: String,
    /// `pending` (its confirm link not followed yet) or `confirmed`.
    status: &'static str,
    /// The motions it follows; empty: the whole board. One whose offer was lost (two ids
    /// swapped while it got new words) reads `id@unix-ms`: the id it stood under, and when.
    motions: Vec<String>,
    created_at_ms: i64,
    confirmed_at_ms: Option<i64>,
    /// Every message kept for it (export only; sent ones are kept 30 days).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    messages: Vec<MailRecord>,
}

impl Listing {
    fn of(s: &Subscriber, messages: Vec<MailRecord>) -> Self {
        Self {
            id: s.id.clone(),
            address: s.address.clone(),
            status: if s.confirmed_at_ms.is_some() {
                "confirmed"
            } else {
                "pending"
            },
            motions: s.motions.clone(),
            created_at_ms: s.created_at_ms,
            confirmed_at_ms: s.confirmed_at_ms,
            messages,
        }
    }
}

/// The subscribers (JSON: the array).
#[derive(Serialize, schemars::JsonSchema)]
#[serde(transparent)]
pub(crate) struct Listed(Vec<Listing>);

impl Report for Listed {
    fn text(&self, _colour: bool) -> String {
        if self.0.is_empty() {
            return "No subscriber.\n".to_owned();
        }
        let mut out = String::new();
        for s in &self.0 {
            let scope = match s.motions.is_empty() {
                true => "the whole board".to_owned(),
                false => s.motions.join(", "),
            };
            let _ = writeln!(out, "{}  {}  {}  ({scope})", s.id, s.address, s.status);
            for m in &s.messages {
                let state = match (m.sent_at_ms, m.gave_up) {
                    (Some(_), _) => "sent",
                    (None, true) => "given up",
                    (None, false) => "waiting",
                };
                let _ = writeln!(out, "    {} {}: {}", m.kind, state, m.subject);
            }
        }
        out
    }
}

/// What `erase` did.
#[derive(Serialize, schemars::JsonSchema)]
pub(crate) struct Erased {
    id: String,
}

impl Report for Erased {
    fn text(&self, _colour: bool) -> String {
        format!("Erased {} and every message to it.\n", self.id)
    }
}
