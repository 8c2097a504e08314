//! `vendor-readiness bundle | verify | keygen`: the launch proof bundle, its check, its keys.

pub(crate) mod keys;
pub(crate) mod verify;
pub(crate) mod written;

pub use keys::{run_keygen, KeygenArgs};
pub use verify::{run_verify, VerifyArgs};

use super::board::board_from;
use super::preflight::preflight;
use super::report::{emit, FormatArg};
use super::{CliError, InputArgs};
use crate::launch_bundle::{self, FORMAT};
use clap::Args;
use readiness::{Board, Status, SystemId};
use serde_json::json;
use sha2::Digest;
use std::path::PathBuf;
use std::process::ExitCode;
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};
use written::Written;

/// How the bundle is written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Envelope {
    /// `{content, content_sha256, signature?}`.
    #[default]
    Json,
    /// An in-toto Statement v1 in a DSSE envelope (needs --sign-key).
    InToto,
}

/// A bundle is valid this long at most; sooner if an included passing proof expires first.
const MAX_VALIDITY: Duration = Duration::days(7);

#[derive(Debug, Args)]
pub struct BundleArgs {
    #[command(flatten)]
    pub inputs: InputArgs,
    /// Count fixture groups in the preflight section.
    #[arg(long)]
    pub include_fixtures: bool,
    /// Exit 1 and list every blocker when a held motion (the paid ones, or those named with
    /// --motion) is gated or a proof it needs is missing, failed or expired.
    #[arg(long)]
    pub strict: bool,
    /// Hold these motions in --strict instead of the catalog's paid ones (repeatable).
    #[arg(long = "motion", value_name = "ID")]
    pub motions: Vec<String>,
    /// Where to write the bundle.
    #[arg(long)]
    pub out: PathBuf,
    /// Replace an existing bundle at --out.
    #[arg(long)]
    pub force: bool,
    /// Sign with this Ed25519 key (written by `vendor-readiness keygen`).
    #[arg(long)]
    pub sign_key: Option<PathBuf>,
    /// The file written: the JSON bundle, or an in-toto Statement (v1) in a DSSE envelope
    /// signed with --sign-key (`--format` already names the report's format, text or json).
    #[arg(long, value_enum, default_value_t, value_name = "json|in-toto")]
    pub envelope: Envelope,
    /// JSON: `{out, content_sha256, signed, strict_blockers}`.
    #[command(flatten)]
    pub output: FormatArg,
}

/// The motions a strict bundle holds: those named, else the paid ones. Refuses an unknown name,
/// and refuses to hold nothing (a strict bundle that checks nothing would pass silently).
fn paid_motions(board: &Board) -> Vec<String> {
    board
        .motions
        .iter()
        .filter(|m| m.paid)
        .map(|m| m.id.to_string())
        .collect()
}

pub fn held_motions(
    board: &Board,
    named: &[String],
    catalog_name: &str,
) -> Result<Vec<String>, CliError> {
    if named.is_empty() {
        let paid = paid_motions(board);
        if paid.is_empty() {
            return Err(CliError::Usage(
                "no motion is marked paid; strict has nothing to hold (name motions with --motion ID)"
                    .to_owned(),
            ));
        }
        return Ok(paid);
    }
    for name in named {
        if !board.motions.iter().any(|m| m.id.as_str() == name) {
            return Err(super::unknown_id(
                "--motion",
                name,
                board.motions.iter().map(|m| m.id.as_str()),
                catalog_name,
            ));
        }
    }
    Ok(named.to_vec())
}

/// Every reason a strict launch is blocked: gated held motions, and the proofs of the systems
/// they need `ready`.
pub fn strict_blockers(board: &Board, held: &[String]) -> Vec<String> {
    let mut blockers = Vec::new();
    for motion in board
        .motions
        .iter()
        .filter(|m| held.iter().any(|h| h == m.id.as_str()))
    {
        for b in &motion.blockers {
            blockers.push(format!(
                "{}: {} is {}, needs {}. {}",
                motion.name,
                b.system_name,
                b.status.label(),
                b.needs.label(),
                b.if_missing
            ));
        }
        // A proof only where the motion needs `ready` (found by a new operator: a motion that
        // needs a system only configured, which can move on the board, failed every strict
        // bundle for a proof the system can never have).
        let proven = motion
            .requires
            .iter()
            .filter(|r| r.at_least == Status::Ready);
        for requirement in proven {
            let Some(system) = board.system(&requirement.system) else {
                continue;
            };
            if let Some(problem) = system.proof_problem() {
                let (motion, system) = (&motion.name, &system.name);
                blockers.push(format!("{motion}: {system} {}.", problem.words()));
            }
        }
    }
    blockers
}

pub fn run_bundle(args: &BundleArgs) -> Result<ExitCode, CliError> {
    let now = OffsetDateTime::now_utc();
    let key = match &args.sign_key {
        Some(path) => Some(
            launch_bundle::signing_key_from_hex(&verify::read(path)?).ok_or_else(|| {
                CliError::Usage(format!(
                    "{}: not an Ed25519 secret key (64 hex characters)",
                    path.display()
                ))
            })?,
        ),
        None => None,
    };
    if args.envelope == Envelope::InToto && key.is_none() {
        let hint =
            "--envelope in-toto writes a signed DSSE envelope: give --sign-key KEY (see keygen)";
        return Err(CliError::Usage(hint.to_owned()));
    }
    // Every part of the bundle from one read of each input (found by review: the catalog was
    // read twice, the env file three times and the store opened twice).
    let (loaded, values) = args.inputs.load()?;
    let store = args.inputs.store_to_read()?;
    let (_, board) = board_from(&loaded, &store, now)?;
    let preflight = preflight(&loaded, values, args.include_fixtures);
    // The proofs of the systems the board shows: the board is the one place that says which.
    let ids: Vec<SystemId> = board.systems.iter().map(|s| s.id.clone()).collect();
    let latest = store.latest(&ids, now)?;
    let redactor = &loaded.redactor;
    let held = if args.strict || !args.motions.is_empty() {
        held_motions(&board, &args.motions, &args.inputs.catalog_label())?
    } else {
        paid_motions(&board)
    };
    let blockers = strict_blockers(&board, &held);
    let expires_at = board
        .next_expiry()
        .map_or(now + MAX_VALIDITY, |e| e.min(now + MAX_VALIDITY));
    let catalog_sha256 = board.catalog.as_ref().map(|c| c.sha256.clone());
    let content = json!({
        "format": FORMAT,
        "generated_at": now.format(&Rfc3339).unwrap_or_default(),
        "expires_at": expires_at.format(&Rfc3339).unwrap_or_default(),
        "catalog": { "path": args.inputs.catalog_label(), "sha256": catalog_sha256 },
        "preflight": preflight,
        "board": board,
        // Anything a pusher could not redact is redacted here, before buyers get it.
        "latest_proofs": latest.iter().map(|p| crate::wire::Proof::redacted(p, redactor)).collect::<Vec<_>>(),
        "strict": { "requested": args.strict, "motions": held, "passed": blockers.is_empty(), "blockers": blockers },
    });
    // The content hashed once: by `seal` for the JSON bundle, here for the envelope.
    let (file, content_sha256) = match (args.envelope, &key) {
        (Envelope::InToto, Some(key)) => {
            let digest = hex::encode(sha2::Sha256::digest(launch_bundle::canonical_bytes(
                &content,
            )));
            let (label, catalog) = (
                args.inputs.catalog_label(),
                catalog_sha256.unwrap_or_default(),
            );
            (
                crate::in_toto::envelope(content, &label, &catalog, key),
                digest,
            )
        }
        _ => {
            let bundle = launch_bundle::seal(content, key.as_ref());
            let digest = bundle.content_sha256.clone();
            let file = serde_json::to_value(bundle).map_err(|e| CliError::Usage(e.to_string()))?;
            (file, digest)
        }
    };
    let text = serde_json::to_string_pretty(&file).map_err(|e| CliError::Usage(e.to_string()))?;
    super::files::write_file(&args.out, text.as_bytes(), 0o644, args.force)?;
    let written = Written {
        out: args.out.display().to_string(),
        content_sha256,
        signed: key.is_some(),
        strict_blockers: blockers,
        held,
        strict: args.strict,
    };
    Ok(emit(&written, &args.output))
}
