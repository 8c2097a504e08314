//! `vendor-readiness prove`: runs systems' proof commands in a cleared environment (see
//! [`environment`]), shows progress, enforces a timeout, and stores (or pushes) a record whose
//! output is redacted. A command that could not run is an error, never a failed proof.

mod capture;
mod command;
mod environment;
mod push;
pub(crate) mod report;

use super::report::{emit, FormatArg};
use report::{could_not_run, summary, Proven};

use super::{CliError, InputArgs};
use crate::inputs::public_flag_values;
use crate::proof_input::{ProofInput, MAX_EVIDENCE_BYTES};
use crate::redact::Redactor;
use clap::Args;
use readiness::catalog::System;
use readiness::{Catalog, Outcome, ProofSource};
use serde::Serialize;
use std::process::ExitCode;
use std::time::Duration;

#[derive(Debug, Args)]
pub struct ProveArgs {
    #[command(flatten)]
    pub inputs: InputArgs,
    /// Systems to prove (repeatable); default every system that has a proof command.
    #[arg(long = "system")]
    pub systems: Vec<String>,
    /// Longest a proof command may run, e.g. 90s, 2m (default 120s).
    #[arg(long, default_value = "120s", value_parser = parse_duration)]
    pub timeout: Duration,
    /// Also give the proof commands this variable of your environment (repeatable); by default
    /// they see only the env file, the catalog's variables, PATH, HOME, LANG, LC_*, TZ and TMPDIR.
    #[arg(long = "pass-env", value_name = "NAME")]
    pub pass_env: Vec<String>,
    /// Push records to this board (its base URL) instead of the local store.
    #[arg(long, requires = "token")]
    pub push: Option<String>,
    /// The bearer token for --push.
    #[arg(long, env = "VENDOR_READINESS_PUSH_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    #[command(flatten)]
    pub output: FormatArg,
}

pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let (number, unit) = text.split_at(
        text.find(|c: char| !c.is_ascii_digit())
            .unwrap_or(text.len()),
    );
    let n: u64 = number
        .parse()
        .map_err(|_| format!("{text:?}: expected a duration such as 90s or 2m"))?;
    let seconds = match unit {
        "" | "s" => n,
        "m" => n.saturating_mul(60),
        "h" => n.saturating_mul(3600),
        _ => return Err(format!("{text:?}: the unit must be s, m or h")),
    };
    if seconds == 0 || seconds > 24 * 3600 {
        return Err("the timeout must be between 1s and 24h".to_owned());
    }
    Ok(Duration::from_secs(seconds))
}

#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct ProveResult {
    pub system: String,
    /// `pass` or `fail`; absent when the command could not run (then `error` says why).
    pub outcome: Option<Outcome>,
    pub error: Option<String>,
    pub exit_code: Option<i32>,
    pub timed_out: bool,
    pub duration_ms: u64,
    pub output_bytes: u64,
    pub output_sha256: String,
    pub record_id: Option<i64>,
    /// The first and last lines of the output, every secret value redacted.
    pub excerpt: String,
}

/// One selected system, its command ready to run.
struct Planned<'c> {
    system: &'c System,
    command: String,
}

pub async fn run(args: &ProveArgs) -> Result<ExitCode, CliError> {
    let (loaded, values) = args.inputs.load()?;
    let catalog = &*loaded.catalog;
    let env = environment::command_env(catalog, values.file, &args.pass_env)?;
    let mut secrets = env.secrets.clone();
    if let Some(token) = &args.token {
        secrets.push(("VENDOR_READINESS_PUSH_TOKEN".to_owned(), token.clone()));
    }
    // The command can read what this process inherited (/proc/$PPID/environ): redact it too.
    secrets.extend(crate::inputs::inherited_secrets());
    let redactor = Redactor::new(
        secrets.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        &public_flag_values(catalog),
    );
    let plan = plan(
        catalog,
        &args.systems,
        &env.vars,
        &args.inputs.catalog_label(),
    )?;
    let target = match &args.push {
        Some(url) => {
            let url = url.clone();
            let token = args.token.clone().unwrap_or_default();
            let pusher = tokio::task::spawn_blocking(move || push::Pusher::connect(&url, &token))
                .await
                .map_err(|e| CliError::Serve(format!("the push check panicked: {e}")))??;
            Target::Push(pusher)
        }
        None => Target::Store(tokio::task::block_in_place(|| {
            args.inputs.store_recording(&loaded, "prove")
        })?),
    };
    let mut results = Vec::new();
    for (index, planned) in plan.iter().enumerate() {
        let step = format!("[{}/{}] {}", index + 1, plan.len(), planned.system.id);
        eprintln!(
            "{step}: running proof command (timeout {}s)\u{2026}",
            args.timeout.as_secs()
        );
        let ran = command::run(&planned.command, &env.vars, args.timeout, &redactor)
            .await
            .map_err(|e| CliError::Usage(e.to_string()))?;
        let result = record(
            catalog,
            planned.system,
            ran,
            args.timeout,
            &target,
            &redactor,
        )
        .await?;
        eprintln!("{step}: {}", summary(&result));
        results.push(result);
    }
    Ok(emit(&Proven(results), &args.output))
}

fn plan<'c>(
    catalog: &'c Catalog,
    wanted: &[String],
    vars: &[(String, String)],
    catalog_name: &str,
) -> Result<Vec<Planned<'c>>, CliError> {
    let systems: Vec<&System> = if wanted.is_empty() {
        let (provable, skipped): (Vec<&System>, Vec<&System>) = catalog
            .systems()
            .iter()
            .partition(|s| !s.proof_command.trim().is_empty());
        for s in skipped {
            eprintln!(
                "skipped {}: it has no proof command, so it cannot be proven",
                s.id
            );
        }
        provable
    } else {
        let mut chosen = Vec::new();
        for w in wanted {
            let system = catalog.find_system(w).ok_or_else(|| {
                super::unknown_id(
                    "--system",
                    w,
                    catalog.systems().iter().map(|s| s.id.as_str()),
                    catalog_name,
                )
            })?;
            if system.proof_command.trim().is_empty() {
                return Err(CliError::Usage(format!(
                    "--system {w}: it has no proof command in the catalog, so it cannot be proven"
                )));
            }
            chosen.push(system);
        }
        chosen
    };
    let mut problems = Vec::new();
    let mut plan = Vec::new();
    for system in systems {
        match environment::fill_placeholders(&system.proof_command, vars)
            .and_then(|command| syntax_ok(&command).map(|()| command))
        {
            Ok(command) => plan.push(Planned { system, command }),
            Err(reason) => problems.push(format!("{}: {reason}", system.id)),
        }
    }
    if problems.is_empty() {
        Ok(plan)
    } else {
        Err(CliError::Usage(format!(
            "cannot run the proof commands (nothing was run or stored):\n  {}",
            problems.join("\n  ")
        )))
    }
}

/// `sh -n`: does the command parse? A syntax error is a broken catalog, not a failed proof.
fn syntax_ok(command: &str) -> Result<(), String> {
    let checked = std::process::Command::new("sh")
        .args(["-n", "-c", command])
        .env_clear()
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .map_err(|e| format!("cannot start sh: {e}"))?;
    if checked.success() {
        Ok(())
    } else {
        Err("the proof command is not valid shell syntax".to_owned())
    }
}

enum Target {
    Store(crate::store::ProofStore),
    Push(push::Pusher),
}

/// Turns a run into a result, storing or pushing a record when the command did run.
async fn record(
    catalog: &Catalog,
    system: &System,
    ran: command::Ran,
    timeout: Duration,
    target: &Target,
    redactor: &Redactor,
) -> Result<ProveResult, CliError> {
    let duration_ms = u64::try_from(ran.duration.as_millis()).unwrap_or(u64::MAX);
    let mut result = ProveResult {
        system: system.id.to_string(),
        outcome: None,
        error: None,
        exit_code: ran.exit_code,
        timed_out: ran.timed_out,
        duration_ms,
        output_bytes: ran.output_bytes,
        output_sha256: ran.output_sha256.clone(),
        record_id: None,
        excerpt: ran.excerpt.clone(),
    };
    if let Some(reason) = could_not_run(ran.exit_code, &ran.excerpt) {
        result.error = Some(format!(
            "the command could not run ({reason}); nothing was stored"
        ));
        return Ok(result);
    }
    let outcome = if ran.exit_code == Some(0) && !ran.timed_out {
        Outcome::Pass
    } else {
        Outcome::Fail
    };
    let how = match (ran.timed_out, ran.exit_code) {
        (true, _) => format!("timed out after {}s", timeout.as_secs()),
        (false, Some(code)) => format!("exit status {code}"),
        (false, None) => "killed by a signal".to_owned(),
    };
    let evidence = tail(
        &format!("{how}; output (redacted):\n{}", ran.excerpt),
        MAX_EVIDENCE_BYTES - 64,
    );
    let input = ProofInput {
        system: system.id.to_string(),
        outcome,
        evidence,
        recorded_at: None,
        duration_ms: Some(duration_ms),
        output_sha256: Some(ran.output_sha256.clone()),
    };
    result.record_id = match target {
        Target::Store(store) => {
            let record = input
                .validate(
                    catalog,
                    ProofSource::Cli,
                    time::OffsetDateTime::now_utc(),
                    redactor,
                )
                .map_err(|e| CliError::Usage(format!("{}: {e}", system.id)))?;
            let digest = ran.output_sha256.clone();
            let stored = tokio::task::block_in_place(|| {
                store.insert(&record, Some(duration_ms), Some(&digest))
            })?;
            Some(stored.id)
        }
        Target::Push(pusher) => tokio::task::block_in_place(|| pusher.push(&input))?,
    };
    result.outcome = Some(outcome);
    Ok(result)
}

/// The last `max` bytes of `text`, cut on a character boundary.
fn tail(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_owned();
    }
    let mut start = text.len() - max;
    while !text.is_char_boundary(start) {
        start += 1;
    }
    format!("\u{2026}{}", &text[start..])
}
