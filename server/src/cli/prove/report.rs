//! What `prove` says: whether a run really ran, the one-line summary, the report (text or
//! JSON) and the exit code.

use super::ProveResult;
use crate::cli::output::printable;
use crate::cli::report::{exit_when, Report};
use readiness::Outcome;
use std::fmt::Write as _;
use std::process::ExitCode;

/// Why a command that ran did not really run: the shell could not find or start it (exit 126 or
/// 127), or its output shows that the shell, `npm` or an interpreter could not find what the
/// command names (a typo masked by a pipe still exits 0). Such a run is an error, not a proof.
pub(super) fn could_not_run(exit_code: Option<i32>, output: &str) -> Option<String> {
    match exit_code {
        Some(127) => return Some("exit 127: command not found".to_owned()),
        Some(126) => return Some("exit 126: not executable".to_owned()),
        _ => {}
    }
    let shell_said = |line: &str| {
        let from_shell = line.starts_with("sh: ") || line.starts_with("bash: ");
        from_shell
            && [
                "not found",
                "can't cd to",
                "Syntax error",
                "cannot open",
                "No such file",
            ]
            .iter()
            .any(|sign| line.contains(sign))
    };
    let tool_said =
        |line: &str| line.contains("Missing script:") || line.contains(": can't open file ");
    output
        .lines()
        .find(|line| shell_said(line) || tool_said(line))
        .map(|line| {
            format!(
                "it printed {:?}",
                line.chars().take(200).collect::<String>()
            )
        })
}

pub(super) fn summary(result: &ProveResult) -> String {
    match (&result.error, result.outcome) {
        (Some(error), _) => format!("error: {error}"),
        (None, Some(outcome)) => format!(
            "{} ({}) in {:.1}s",
            outcome.as_str(),
            match (result.timed_out, result.exit_code) {
                (true, _) => "timed out".to_owned(),
                (false, Some(code)) => format!("exit status {code}"),
                (false, None) => "killed by a signal".to_owned(),
            },
            result.duration_ms as f64 / 1000.0
        ),
        (None, None) => "not run".to_owned(),
    }
}

/// Every proof run, in order (JSON: the array of results).
#[derive(serde::Serialize, schemars::JsonSchema)]
#[serde(transparent)]
pub(crate) struct Proven(pub Vec<ProveResult>);

impl Report for Proven {
    fn text(&self, _colour: bool) -> String {
        let mut out = String::new();
        for r in &self.0 {
            let word = r.outcome.map_or("error", Outcome::as_str);
            let _ = writeln!(out, "{}: {word}", r.system);
            if let Some(error) = &r.error {
                let _ = writeln!(out, "    {error}");
            }
            let lines: Vec<&str> = r.excerpt.lines().collect();
            for line in &lines[lines.len().saturating_sub(5)..] {
                let _ = writeln!(out, "    {}", printable(line));
            }
        }
        out
    }

    /// 2 when a command could not run (not a proof: input that cannot be used), 1 when a
    /// proof failed, 0 when every proof passed.
    fn exit(&self) -> ExitCode {
        let results = &self.0;
        if results.iter().any(|r| r.error.is_some()) {
            ExitCode::from(2)
        } else {
            exit_when(results.iter().all(|r| r.outcome == Some(Outcome::Pass)))
        }
    }
}
