//! `vendor-readiness proof add | list | import`: proof records by hand, listed, or from JSON lines.

use super::output::{parse_instant, print_json, printable};
use super::{CliError, InputArgs};
use crate::proof_input::ProofInput;
use clap::{Args, Subcommand};
use readiness::{Outcome, ProofRecord, ProofSource};
use std::path::PathBuf;
use std::process::ExitCode;
use time::OffsetDateTime;

#[derive(Debug, Subcommand)]
pub enum ProofCommand {
    /// Record one proof result.
    Add(AddArgs),
    /// List proof records, newest first.
    List(ListArgs),
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
    /// Print the stored record as JSON.
    #[arg(long)]
    pub json: bool,
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
    /// Print the records as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    #[command(flatten)]
    pub inputs: InputArgs,
    /// The JSON-lines file.
    pub file: PathBuf,
    /// Print what was imported as JSON.
    #[arg(long)]
    pub json: bool,
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
            ),
            _ => CliError::Usage(e.to_string()),
        })?;
    let store = args.inputs.store_recording(&loaded, "proof add")?;
    let stored = store.insert(&record, None, None)?;
    if args.json {
        print_json(&crate::wire::Proof::of(&stored, true));
    } else {
        println!(
            "Stored proof #{} for {}: {}.",
            stored.id,
            record.system,
            record.outcome.as_str()
        );
    }
    Ok(ExitCode::SUCCESS)
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
    if args.json {
        let full = |r| crate::wire::Proof::of(r, true);
        print_json(&records.iter().map(full).collect::<Vec<_>>());
    } else if records.is_empty() {
        println!(
            "No proof records{}.",
            system.map(|s| format!(" for {s}")).unwrap_or_default()
        );
    } else {
        for r in &records {
            let at = readiness::display_instant(r.record.recorded_at);
            println!(
                "#{:<6} {at}  {:<24} {:<5} {:<5} {}",
                r.id,
                r.record.system.as_str(),
                r.record.outcome.as_str(),
                r.record.source.as_str(),
                first_line(&r.record.evidence)
            );
            if args.full {
                for line in r.record.evidence.lines() {
                    println!("        {}", printable(line));
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn first_line(text: &str) -> String {
    let line = printable(text.lines().next().unwrap_or_default());
    if line.chars().count() > 80 {
        format!("{}\u{2026}", line.chars().take(79).collect::<String>())
    } else {
        line.to_owned()
    }
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
    if args.json {
        print_json(&serde_json::json!({ "imported": stored.len(), "ids": stored }));
    } else {
        println!(
            "Imported {} proof records from {}.",
            stored.len(),
            args.file.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}
