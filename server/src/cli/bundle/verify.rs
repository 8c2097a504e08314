//! `vendor-readiness verify`: a launch proof bundle checked against its signer's public key:
//! the content hash, the signature and the expiry; exit 1 unless it is valid.

use crate::cli::report::{emit, exit_when, FormatArg, Report};
use crate::cli::CliError;
use crate::launch_bundle;
use clap::Args;
use serde::Serialize;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use time::OffsetDateTime;

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The bundle file.
    pub bundle: PathBuf,
    /// The signer's public key file (KEY.pub).
    #[arg(long)]
    pub public_key: PathBuf,
    /// JSON: `{valid, problems}`.
    #[command(flatten)]
    pub output: FormatArg,
}

pub fn run_verify(args: &VerifyArgs) -> Result<ExitCode, CliError> {
    let public =
        launch_bundle::verifying_key_from_hex(&read(&args.public_key)?).ok_or_else(|| {
            CliError::Usage(format!(
                "{}: not an Ed25519 public key (64 hex characters)",
                args.public_key.display()
            ))
        })?;
    let text = read(&args.bundle)?;
    let problems = match launch_bundle::parse_bundle(&text) {
        Ok(bundle) => launch_bundle::problems(&bundle, &public, OffsetDateTime::now_utc()),
        // Two values for one key: readers disagree on which counts, so it proves nothing.
        Err(e) if e.contains("duplicate key") => vec![format!("the bundle is ambiguous: {e}")],
        Err(e) => {
            return Err(CliError::Usage(format!(
                "{}: not a launch proof bundle: {e}",
                args.bundle.display()
            )))
        }
    };
    let verdict = Verdict {
        valid: problems.is_empty(),
        problems,
        bundle: args.bundle.display().to_string(),
    };
    Ok(emit(&verdict, &args.output))
}

/// Whether the bundle checks out, and every reason it does not.
#[derive(Serialize)]
struct Verdict {
    valid: bool,
    problems: Vec<String>,
    #[serde(skip)]
    bundle: String,
}

impl Report for Verdict {
    fn text(&self, _colour: bool) -> String {
        if self.valid {
            return format!(
                "{}: valid (hash, signature and expiry check out).\n",
                self.bundle
            );
        }
        let mut out = format!("{}: NOT valid:\n", self.bundle);
        for p in &self.problems {
            let _ = writeln!(out, "  - {p}");
        }
        out
    }

    fn exit(&self) -> ExitCode {
        exit_when(self.valid)
    }
}

pub(super) fn read(path: &Path) -> Result<String, CliError> {
    std::fs::read_to_string(path).map_err(CliError::io(format!("cannot read {}", path.display())))
}
