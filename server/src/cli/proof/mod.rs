//! `vendor-readiness proof add | list | import`: proof records by hand, listed, or from JSON lines.

pub(crate) mod report;

use super::output::parse_instant;
use super::report::{emit, FormatArg};
use super::{CliError, InputArgs};
use crate::proof_input::ProofInput;
use crate::wire::Proof;
use clap::{Args, Subcommand};
use readiness::{Outcome, ProofRecord, ProofSource};
use report::{Imported, Listed, Shown, Stored};
use std::path::PathBuf;
use std::process::ExitCode;
use time::OffsetDateTime;

#[derive(Debug, Subcommand)]
pub enum ProofCommand {
    /// Record one proof result.
    Add(AddArgs),
    /// List proof records, newest first.
    List(ListArgs),
    /// One record's receipt: the record, its evidence redacted, and what it stands for on the
    /// board now (as `GET /proofs/{id}` shows it).
    Show(ShowArgs),
    /// Import records from a JSON-lines file ({system, outcome, evidence, recorded_at?} a line).
    /// All lines are checked first: one bad line imports nothing.
    Import(ImportArgs),
}

#[derive(Debug, Args)]
pub struct AddArgs {
    #[command(flatten)]
    pub inputs: InputArgs,
    /// The system the proof is about (its catalog id).
    #[arg(long)]
    pub system: String,
    /// `pass` or `fail`.
    #[arg(long, value_parser = parse_outcome)]
    pub outcome: Outcome,
    /// What was checked and what it showed (required; secret values are redacted).
    #[arg(long)]
    pub evidence: String,
    /// When the proof ran (RFC 3339, 2000 to 9900); default now.
    #[arg(long, value_parser = checked_instant)]
    pub recorded_at: Option<String>,
    #[command(flatten)]
    pub output: FormatArg,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub inputs: InputArgs,
    /// Only this system's records.
    #[arg(long)]
    pub system: Option<String>,
    /// At most this many records.
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
    /// Print each record's whole evidence, not its first line.
    #[arg(long)]
    pub full: bool,
    #[command(flatten)]
    pub output: FormatArg,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    #[command(flatten)]
    pub inputs: InputArgs,
    /// The record's id (as `proof list` and the board's receipt links give it).
    pub id: i64,
    #[command(flatten)]
    pub output: FormatArg,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    #[command(flatten)]
    pub inputs: InputArgs,
    /// The JSON-lines file.
    pub file: PathBuf,
    #[command(flatten)]
    pub output: FormatArg,
}

/// Checks an instant flag and keeps its text: [`ProofInput`] parses it.
fn checked_instant(text: &str) -> Result<String, String> {
    parse_instant(text).map(|_| text.to_owned())
}

fn parse_outcome(text: &str) -> Result<Outcome, String> {
    Outcome::parse(text).ok_or_else(|| format!("{text:?}: expected pass or fail"))
}

pub fn run(command: &ProofCommand) -> Result<ExitCode, CliError> {
    match command {
        ProofCommand::Add(args) => add(args),
        ProofCommand::List(args) => list(args),
        ProofCommand::Show(args) => show(args),
        ProofCommand::Import(args) => import(args),
    }
}

fn add(args: &AddArgs) -> Result<ExitCode, CliError> {
    let (loaded, _) = args.inputs.load()?;
    let catalog = &*loaded.catalog;
    let input = ProofInput {
        system: args.system.clone(),
        outcome: args.outcome,
        evidence: args.evidence.clone(),
        recorded_at: args.recorded_at.clone(),
        duration_ms: None,
        output_sha256: None,
    };
    let record = input
        .validate(
            catalog,
            ProofSource::Cli,
            OffsetDateTime::now_utc(),
            &loaded.redactor,
        )
        .map_err(|e| match e.field {
            "system" => super::unknown_id(
                "--system",
                &args.system,
                catalog.systems().iter().map(|s| s.id.as_str()),
                &args.inputs.catalog_label(),
            ),
            _ => CliError::Usage(e.to_string()),
        })?;
    let store = args.inputs.store_recording(&loaded, "proof add")?;
    let stored = store.insert(&record, None, None)?;
    Ok(emit(
        &Stored(crate::wire::Proof::of(&stored, true)),
        &args.output,
    ))
}

fn list(args: &ListArgs) -> Result<ExitCode, CliError> {
    let (loaded, _) = args.inputs.load()?;
    let catalog = &*loaded.catalog;
    let system = match &args.system {
        Some(text) => {
            let found = catalog.find_system(text).map(|s| s.id.clone());
            Some(found.ok_or_else(|| {
                super::unknown_id(
                    "--system",
                    text,
                    catalog.systems().iter().map(|s| s.id.as_str()),
                    &args.inputs.catalog_label(),
                )
            })?)
        }
        None => None,
    };
    let mut records = args
        .inputs
        .store_to_read()?
        .history(system.as_ref(), args.limit)?;
    // Evidence stored before (or by a pusher that did not know these values) is shown redacted.
    for r in &mut records {
        r.record.evidence = loaded.redactor.redact(&r.record.evidence);
    }
    let listed = Listed {
        proofs: records.iter().map(|r| Proof::of(r, true)).collect(),
        system: system.map(|s| s.to_string()),
        full: args.full,
    };
    Ok(emit(&listed, &args.output))
}

fn show(args: &ShowArgs) -> Result<ExitCode, CliError> {
    let (loaded, _) = args.inputs.load()?;
    let store = args.inputs.store_to_read()?;
    let unknown = || CliError::Usage(format!("no proof record has the id {}", args.id));
    let stored = match args.id {
        id if id > 0 => store.proof(id)?.ok_or_else(unknown)?,
        _ => return Err(unknown()),
    };
    let now = OffsetDateTime::now_utc();
    let (_, board) = super::board::board_from(&loaded, &store, now)?;
    let proof = Proof::redacted(&stored, &loaded.redactor);
    let next_at = store.stamped_ahead(&proof.system, proof.id, now)?;
    let record = readiness::receipt::Stored {
        next_at,
        ..proof.as_stored()
    };
    let shown = Shown {
        standing: readiness::receipt::standing(&board, &record, now),
        name: board.system(&proof.system).map(|s| s.name.to_string()),
        proof,
    };
    Ok(emit(&shown, &args.output))
}

fn import(args: &ImportArgs) -> Result<ExitCode, CliError> {
    let (loaded, _) = args.inputs.load()?;
    let catalog = &*loaded.catalog;
    let text = std::fs::read_to_string(&args.file)
        .map_err(CliError::io(format!("cannot read {}", args.file.display())))?;
    let now = OffsetDateTime::now_utc();
    let redactor = &loaded.redactor;
    let mut records: Vec<ProofRecord> = Vec::new();
    let mut problems = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let parsed = serde_json::from_str::<ProofInput>(line)
            .map_err(|e| e.to_string())
            .and_then(|input| {
                // Refused, not dropped: an import stores records without run details.
                if input.duration_ms.is_some() || input.output_sha256.is_some() {
                    return Err("duration_ms and output_sha256 are taken by POST /api/proofs and prove, not by proof import: remove them".to_owned());
                }
                input
                    .validate(catalog, ProofSource::Cli, now, redactor)
                    .map_err(|e| e.to_string())
            });
        match parsed {
            Ok(record) => records.push(record),
            Err(reason) => {
                problems.push(format!("{}:{}: {reason}", args.file.display(), index + 1))
            }
        }
    }
    if !problems.is_empty() {
        return Err(CliError::Usage(format!(
            "nothing imported:\n{}",
            problems.join("\n")
        )));
    }
    let store = args.inputs.store_recording(&loaded, "proof import")?;
    let stored = store.insert_all(&records)?;
    let imported = Imported {
        imported: stored.len(),
        ids: stored,
        file: args.file.display().to_string(),
    };
    Ok(emit(&imported, &args.output))
}
