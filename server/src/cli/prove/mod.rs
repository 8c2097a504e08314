//! `vendor-readiness prove`: runs systems' proof commands with the env file applied, shows
//! progress, enforces a timeout, and stores (or pushes) a record whose output is redacted.

use super::output::print_json;
use super::{CliError, InputArgs};
use crate::inputs::{process_pairs, public_flag_values};
use crate::proof_input::{ProofInput, MAX_EVIDENCE_BYTES};
use crate::redact::Redactor;
use clap::Args;
use readiness::{Catalog, Outcome, ProofSource, SystemId};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::process::{ExitCode, Stdio};
use std::time::{Duration, Instant};
use tokio::io::AsyncReadExt;

#[derive(Debug, Args)]
pub struct ProveArgs {
    #[command(flatten)]
    pub inputs: InputArgs,
    /// Systems to prove (repeatable); default every system.
    #[arg(long = "system")]
    pub systems: Vec<String>,
    /// Longest a proof command may run, e.g. 90s, 2m (default 120s).
    #[arg(long, default_value = "120s", value_parser = parse_duration)]
    pub timeout: Duration,
    /// Push records to this board (its base URL) instead of the local store.
    #[arg(long, requires = "token")]
    pub push: Option<String>,
    /// The bearer token for --push.
    #[arg(long, env = "VENDOR_READINESS_PUSH_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// Print the results as JSON.
    #[arg(long)]
    pub json: bool,
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
        "m" => n * 60,
        "h" => n * 3600,
        _ => return Err(format!("{text:?}: the unit must be s, m or h")),
    };
    if seconds == 0 {
        return Err("the timeout must be at least 1s".to_owned());
    }
    Ok(Duration::from_secs(seconds))
}

#[derive(Debug, Serialize)]
pub struct ProveResult {
    pub system: String,
    pub outcome: Outcome,
    pub exit_code: Option<i32>,
    pub timed_out: bool,
    pub duration_ms: u64,
    pub output_sha256: String,
    pub record_id: Option<i64>,
    /// The last lines of the output, every env-file value redacted.
    pub excerpt: String,
}

struct Ran {
    exit_code: Option<i32>,
    timed_out: bool,
    output: Vec<u8>,
    duration: Duration,
}

pub async fn run(args: &ProveArgs) -> Result<ExitCode, CliError> {
    let catalog = args.inputs.catalog()?;
    let systems = selected(&catalog, &args.systems)?;
    let (pairs, _) = args.inputs.environment(&catalog)?;
    // The command inherits this process's environment too: a catalog variable set there is as
    // secret as one in the env file, whether or not --process-env counts it as set.
    let names: std::collections::HashSet<&str> = catalog.var_names().map(|n| n.as_str()).collect();
    let inherited: Vec<(String, String)> = process_pairs()
        .filter(|(k, _)| names.contains(k.as_str()))
        .collect();
    let redactor = Redactor::new(
        pairs
            .iter()
            .chain(&inherited)
            .map(|(k, v)| (k.as_str(), v.as_str())),
        &public_flag_values(&catalog),
    );
    let store = if args.push.is_none() {
        Some(tokio::task::block_in_place(|| args.inputs.store())?)
    } else {
        None
    };

    let mut results = Vec::new();
    for (index, id) in systems.iter().enumerate() {
        let Some(system) = catalog.system(id) else {
            continue;
        };
        eprintln!(
            "[{}/{}] {id}: running proof command (timeout {}s)\u{2026}",
            index + 1,
            systems.len(),
            args.timeout.as_secs()
        );
        let ran = run_command(&system.proof_command, &pairs, args.timeout).await?;
        let redacted = redactor.redact(&String::from_utf8_lossy(&ran.output));
        let outcome = if ran.exit_code == Some(0) && !ran.timed_out {
            Outcome::Pass
        } else {
            Outcome::Fail
        };
        let excerpt = tail(&redacted, 2000);
        let how = match (ran.timed_out, ran.exit_code) {
            (true, _) => format!("timed out after {}s", args.timeout.as_secs()),
            (false, Some(code)) => format!("exit status {code}"),
            (false, None) => "killed by a signal".to_owned(),
        };
        let evidence = tail(
            &format!("{how}; output (redacted):\n{excerpt}"),
            MAX_EVIDENCE_BYTES - 64,
        );
        let digest = hex::encode(Sha256::digest(redacted.as_bytes()));
        let duration_ms = u64::try_from(ran.duration.as_millis()).unwrap_or(u64::MAX);
        let input = ProofInput {
            system: id.to_string(),
            outcome,
            evidence,
            recorded_at: None,
        };
        let record_id = match (&store, &args.push) {
            (Some(store), _) => {
                let record = input
                    .validate(&catalog, ProofSource::Cli, time::OffsetDateTime::now_utc())
                    .map_err(|e| CliError::Usage(e.to_string()))?;
                let stored = tokio::task::block_in_place(|| {
                    store.insert(&record, Some(duration_ms), Some(&digest))
                })?;
                Some(stored.id)
            }
            (None, Some(url)) => tokio::task::block_in_place(|| {
                push(url, args.token.as_deref().unwrap_or_default(), &input)
            })?,
            (None, None) => None,
        };
        eprintln!(
            "[{}/{}] {id}: {} ({how}) in {:.1}s",
            index + 1,
            systems.len(),
            outcome.as_str(),
            ran.duration.as_secs_f64()
        );
        results.push(ProveResult {
            system: id.to_string(),
            outcome,
            exit_code: ran.exit_code,
            timed_out: ran.timed_out,
            duration_ms,
            output_sha256: digest,
            record_id,
            excerpt,
        });
    }
    drop(pairs);
    let all_passed = results.iter().all(|r| r.outcome == Outcome::Pass);
    if args.json {
        print_json(&results);
    } else {
        for r in &results {
            println!("{}: {}", r.system, r.outcome.as_str());
            for line in r
                .excerpt
                .lines()
                .rev()
                .take(5)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
            {
                println!("    {line}");
            }
        }
    }
    Ok(if all_passed {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn selected(catalog: &Catalog, wanted: &[String]) -> Result<Vec<SystemId>, CliError> {
    if wanted.is_empty() {
        return Ok(catalog.systems().iter().map(|s| s.id.clone()).collect());
    }
    wanted
        .iter()
        .map(|w| {
            catalog.find_system(w).map(|s| s.id.clone()).ok_or_else(|| {
                CliError::Usage(format!("--system {w:?}: no such system in the catalog"))
            })
        })
        .collect()
}

/// Runs `command` in `sh -c` in its own process group, so a timeout kills everything it started.
async fn run_command(
    command: &str,
    pairs: &[(String, String)],
    timeout: Duration,
) -> Result<Ran, CliError> {
    let started = Instant::now();
    let mut child = tokio::process::Command::new("sh")
        .arg("-c")
        .arg(command)
        .envs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0)
        .kill_on_drop(true)
        .spawn()
        .map_err(CliError::io("cannot start sh for the proof command"))?;
    let group = child.id();
    let mut stdout = child.stdout.take();
    let mut stderr = child.stderr.take();
    let collect = async {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let read_out = async {
            if let Some(s) = stdout.as_mut() {
                let _ = s.read_to_end(&mut out).await;
            }
        };
        let read_err = async {
            if let Some(s) = stderr.as_mut() {
                let _ = s.read_to_end(&mut err).await;
            }
        };
        tokio::join!(read_out, read_err);
        let status = child.wait().await;
        out.extend_from_slice(&err);
        (status, out)
    };
    let finished = tokio::time::timeout(timeout, collect).await;
    match finished {
        Ok((status, output)) => {
            let status = status.map_err(CliError::io("waiting for the proof command"))?;
            Ok(Ran {
                exit_code: status.code(),
                timed_out: false,
                output,
                duration: started.elapsed(),
            })
        }
        Err(_) => {
            kill_group(group);
            let _ = child.wait().await;
            Ok(Ran {
                exit_code: None,
                timed_out: true,
                output: Vec::new(),
                duration: started.elapsed(),
            })
        }
    }
}

/// Kills the whole process group the proof command leads (it and everything it started).
fn kill_group(group: Option<u32>) {
    use nix::sys::signal::{killpg, Signal};
    use nix::unistd::Pid;
    if let Some(pid) = group.and_then(|g| i32::try_from(g).ok()) {
        if let Err(e) = killpg(Pid::from_raw(pid), Signal::SIGKILL) {
            tracing::warn!(error = %e, "could not kill the proof command's process group");
        }
    }
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

/// Pushes one record to a board's `POST /api/proofs`; returns the stored id.
fn push(base: &str, token: &str, input: &ProofInput) -> Result<Option<i64>, CliError> {
    let url = format!(
        "{}/api/proofs",
        base.trim_end_matches('/').trim_end_matches("/api/proofs")
    );
    let response = ureq::post(&url)
        .set("Authorization", &format!("Bearer {token}"))
        .timeout(Duration::from_secs(30))
        .send_json(input);
    match response {
        Ok(response) => {
            let body: serde_json::Value = response
                .into_json()
                .map_err(|e| CliError::Remote(format!("{url}: unreadable answer: {e}")))?;
            Ok(body["id"].as_i64())
        }
        Err(ureq::Error::Status(code, response)) => {
            let text = response.into_string().unwrap_or_default();
            Err(CliError::Remote(format!(
                "{url} refused the record: HTTP {code} {}",
                text.chars().take(300).collect::<String>()
            )))
        }
        Err(e) => Err(CliError::Remote(format!("{url}: {e}"))),
    }
}
