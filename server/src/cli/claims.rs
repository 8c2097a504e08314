//! `vendor-readiness claims check --motion ID < copy.txt`: the claims a motion may not make,
//! found in draft copy, with where they are and what would lift them.

use super::output::print_json;
use super::status::compute_board;
use super::{CliError, InputArgs};
use clap::{Args, Subcommand};
use readiness::check_copy;
use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum ClaimsCommand {
    /// Check copy (standard input, or --file) against the claims a motion may not make.
    /// Exits 1 when it makes any.
    Check(CheckArgs),
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub inputs: InputArgs,
    /// The motion whose disallowed claims to look for.
    #[arg(long)]
    pub motion: String,
    /// Read the copy from this file instead of standard input.
    #[arg(long)]
    pub file: Option<PathBuf>,
    /// Print the violations as JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run(command: &ClaimsCommand) -> Result<ExitCode, CliError> {
    let ClaimsCommand::Check(args) = command;
    let copy = match &args.file {
        Some(path) => {
            std::fs::read(path).map_err(CliError::io(format!("cannot read {}", path.display())))?
        }
        None => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .map_err(CliError::io("cannot read standard input"))?;
            bytes
        }
    };
    let copy = String::from_utf8_lossy(&copy);
    let (_, board) = compute_board(&args.inputs, time::OffsetDateTime::now_utc())?;
    let violations = check_copy(&board, &args.motion, &copy).map_err(|_| {
        super::unknown_id(
            "--motion",
            &args.motion,
            board.motions.iter().map(|m| m.id.as_str()),
        )
    })?;
    if args.json {
        print_json(&serde_json::json!({ "motion": args.motion, "violations": violations }));
    } else if violations.is_empty() {
        println!("No disallowed claim for {} found.", args.motion);
    } else {
        for v in &violations {
            let before = &copy[..v.start];
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            let lift = if v.lifted_by.is_empty() {
                "nothing lifts it".to_owned()
            } else {
                format!(
                    "lifted when {} {} ready",
                    v.lifted_by.join(" and "),
                    if v.lifted_by.len() > 1 { "are" } else { "is" }
                )
            };
            println!("{line}:{column}: \u{201c}{}\u{201d} makes the disallowed claim \u{201c}{}\u{201d} ({lift})", v.text, v.claim);
        }
        println!(
            "{} disallowed claim(s) for {}.",
            violations.len(),
            args.motion
        );
    }
    Ok(if violations.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
