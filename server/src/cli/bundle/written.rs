//! What `bundle` reports: where the bundle went, its hash, whether it is signed, and in
//! `--strict` every blocker of the held motions (exit 1 when there is one).

use crate::cli::report::{exit_when, Report};
use serde::Serialize;
use std::fmt::Write as _;
use std::process::ExitCode;

#[derive(Serialize, schemars::JsonSchema)]
pub struct Written {
    pub out: String,
    pub content_sha256: String,
    pub signed: bool,
    pub strict_blockers: Vec<String>,
    /// The motions held (`--strict`, or the paid ones).
    #[serde(skip)]
    pub held: Vec<String>,
    #[serde(skip)]
    pub strict: bool,
}

impl Report for Written {
    fn text(&self, _colour: bool) -> String {
        let signed = if self.signed { "signed" } else { "unsigned" };
        let mut out = format!(
            "Wrote {} ({signed}; sha256 {}).\n",
            self.out, self.content_sha256
        );
        if !self.strict_blockers.is_empty() {
            let _ = writeln!(out, "Launch of {} is blocked:", self.held.join(", "));
            for b in &self.strict_blockers {
                let _ = writeln!(out, "  - {b}");
            }
        }
        out
    }

    fn exit(&self) -> ExitCode {
        exit_when(!self.strict || self.strict_blockers.is_empty())
    }
}
