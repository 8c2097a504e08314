//! `vendor-readiness report-schema COMMAND`: the JSON Schema of a command's `--json` report,
//! generated (schemars) from the very types the command serializes, so it cannot drift from
//! what the command prints; the tests validate each command's real output against it.

use super::{bundle, catalog, claims, preflight, proof, prove, smoke, subscribers, webhook};
use schemars::{schema_for, Schema};
use std::process::ExitCode;

/// A command that prints a JSON report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Reporting {
    Preflight,
    Prove,
    ProofAdd,
    ProofList,
    ProofShow,
    ProofImport,
    Status,
    Bundle,
    Verify,
    Keygen,
    ClaimsCheck,
    ClaimsTest,
    ClaimsTrain,
    Smoke,
    CatalogCheck,
    WebhookAdd,
    WebhookList,
    WebhookRemove,
    WebhookEnable,
    WebhookTest,
    WebhookDeliveries,
    WebhookRedeliver,
    SubscribersList,
    SubscribersExport,
    SubscribersErase,
}

#[derive(Debug, clap::Args)]
pub struct ReportSchemaArgs {
    /// The command whose `--json` report to describe (`proof add` is `proof-add`).
    #[arg(value_enum)]
    pub command: Reporting,
}

/// The schema of `command`'s `--json` report.
pub fn schema_of(command: Reporting) -> Schema {
    use Reporting as R;
    match command {
        R::Preflight => schema_for!(preflight::Preflight),
        R::Prove => schema_for!(prove::report::Proven),
        R::ProofAdd => schema_for!(proof::report::Stored),
        R::ProofList => schema_for!(proof::report::Listed),
        R::ProofShow => schema_for!(proof::report::Shown),
        R::ProofImport => schema_for!(proof::report::Imported),
        R::Status => schema_for!(readiness::Board),
        R::Bundle => schema_for!(bundle::written::Written),
        R::Verify => schema_for!(bundle::verify::Verdict),
        R::Keygen => schema_for!(bundle::keys::Keys),
        R::ClaimsCheck => schema_for!(claims::format::Report<'static>),
        R::ClaimsTest => schema_for!(claims::labelled::Tested),
        R::ClaimsTrain => schema_for!(claims::train::TrainReport),
        R::Smoke => schema_for!(smoke::report::Smoke),
        R::CatalogCheck => schema_for!(catalog::check::Checks),
        R::WebhookAdd => schema_for!(webhook::Added),
        R::WebhookList => schema_for!(webhook::list::Subscriptions),
        R::WebhookRemove | R::WebhookEnable => schema_for!(webhook::Done),
        R::WebhookTest => schema_for!(webhook::tools::Ping),
        R::WebhookDeliveries => schema_for!(webhook::tools::Attempts),
        R::WebhookRedeliver => schema_for!(webhook::tools::Redelivered),
        R::SubscribersList | R::SubscribersExport => schema_for!(subscribers::Listed),
        R::SubscribersErase => schema_for!(subscribers::Erased),
    }
}

/// Prints the schema.
pub fn run(args: &ReportSchemaArgs) -> ExitCode {
    super::output::print_json(&schema_of(args.command));
    ExitCode::SUCCESS
}
