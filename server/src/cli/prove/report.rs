//! What `prove` says: whether a run really ran, the one-line summary, the report (text or
//! JSON) and the exit code.

use super::ProveResult;
use crate::cli::output::{print_json, printable};
use readiness::Outcome;
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

pub(super) fn report(results: &[ProveResult], json: bool) {
    if json {
        print_json(&results);
        return;
    }
    for r in results {
        let word = r.outcome.map_or("error", Outcome::as_str);
        println!("{}: {word}", r.system);
        if let Some(error) = &r.error {
            println!("    {error}");
        }
        let lines: Vec<&str> = r.excerpt.lines().collect();
        for line in &lines[lines.len().saturating_sub(5)..] {
            println!("    {}", printable(line));
        }
    }
}

/// 2 when a command could not run, 1 when a proof failed, 0 when every proof passed.
pub(super) fn exit_code(results: &[ProveResult]) -> ExitCode {
    if results.iter().any(|r| r.error.is_some()) {
        ExitCode::from(2)
    } else if results.iter().all(|r| r.outcome == Some(Outcome::Pass)) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
