//! What `smoke` reports: each check passed, failed or skipped, and the verdict (exit 1 unless
//! every check passed).

use crate::cli::report::{exit_when, Report};
use serde::Serialize;
use std::fmt::Write as _;
use std::process::ExitCode;

/// One check: passed, failed, or skipped because what it needs could not be fetched (a check
/// that did not run never says "ok", and a skipped check fails the smoke), or not asked for
/// (`passed` and `skipped`: the operator chose a weaker gate, and the report says so).
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct Check {
    pub name: String,
    pub passed: bool,
    pub skipped: bool,
    pub detail: String,
}

pub fn check(name: &str, passed: bool, detail: impl Into<String>) -> Check {
    Check {
        name: name.to_owned(),
        passed,
        skipped: false,
        detail: detail.into(),
    }
}

/// A check the operator chose not to run: it does not fail the smoke, and is listed as such.
pub fn not_asked(name: &str, reason: impl Into<String>) -> Check {
    Check {
        name: name.to_owned(),
        passed: true,
        skipped: true,
        detail: reason.into(),
    }
}

pub fn skipped(name: &str, reason: impl Into<String>) -> Check {
    Check {
        name: name.to_owned(),
        passed: false,
        skipped: true,
        detail: reason.into(),
    }
}

/// Every check run against one board.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct Smoke {
    /// The board's URL, credentials masked.
    pub url: String,
    pub passed: bool,
    pub checks: Vec<Check>,
}

impl Report for Smoke {
    fn text(&self, _colour: bool) -> String {
        let mut out = String::new();
        for c in &self.checks {
            let _ = if c.passed && c.skipped {
                writeln!(out, "skip  {} (not asked: {})", c.name, c.detail)
            } else if c.passed {
                writeln!(out, "ok    {}", c.name)
            } else if c.skipped {
                writeln!(out, "skip  {} (not run: {})", c.name, c.detail)
            } else {
                writeln!(out, "FAIL  {} ({})", c.name, c.detail)
            };
        }
        out.push_str(if self.passed {
            "Smoke passed.\n"
        } else {
            "Smoke failed.\n"
        });
        out
    }

    fn exit(&self) -> ExitCode {
        exit_when(self.passed)
    }
}
