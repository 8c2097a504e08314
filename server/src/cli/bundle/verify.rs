//! `vendor-readiness verify`: a launch proof bundle checked against its signer's public key:
//! the content hash, the signature and the expiry, then what it attests (the strict launch
//! check passed or failed); exit 1 unless it is valid and attests a pass (found by a new
//! operator: "valid" was printed for a bundle attesting a failed check).

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
    /// Exit 0 for a valid bundle that attests a failed launch check (it is still reported).
    #[arg(long)]
    pub accept_failed: bool,
    /// JSON: `{valid, problems, attests}`.
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
    let mut attests = None;
    let now = OffsetDateTime::now_utc();
    let parsed = launch_bundle::parse_bundle(&text);
    // An in-toto envelope (`bundle --envelope in-toto`): its signature, then its content.
    let envelope = match &parsed {
        Err(e) if !e.contains("duplicate key") => serde_json::from_str::<serde_json::Value>(&text)
            .ok()
            .filter(crate::in_toto::is_envelope),
        _ => None,
    };
    let problems = match (parsed, envelope) {
        (_, Some(envelope)) => match crate::in_toto::open(&envelope, &public) {
            Ok(content) => {
                attests = Some(Attests::of(&content));
                launch_bundle::content_problems(&content, now)
            }
            Err(problems) => problems,
        },
        (Ok(bundle), None) => {
            attests = Some(Attests::of(&bundle.content));
            launch_bundle::problems(&bundle, &public, now)
        }
        // Two values for one key: readers disagree on which counts, so it proves nothing.
        (Err(e), None) if e.contains("duplicate key") => {
            vec![format!("the bundle is ambiguous: {e}")]
        }
        (Err(e), None) => {
            return Err(CliError::Usage(format!(
                "{}: not a launch proof bundle: {e}",
                args.bundle.display()
            )))
        }
    };
    let verdict = Verdict {
        valid: problems.is_empty(),
        problems,
        attests,
        accept_failed: args.accept_failed,
        bundle: args.bundle.display().to_string(),
    };
    Ok(emit(&verdict, &args.output))
}

/// Whether the bundle checks out, every reason it does not, and what it attests.
#[derive(Serialize, schemars::JsonSchema)]
pub(crate) struct Verdict {
    valid: bool,
    problems: Vec<String>,
    /// What the content says of the launch check (`None`: the file is not a bundle at all).
    attests: Option<Attests>,
    #[serde(skip)]
    accept_failed: bool,
    #[serde(skip)]
    bundle: String,
}

/// The launch check a bundle's content records: which motions it held, and whether it passed.
#[derive(Serialize, schemars::JsonSchema)]
struct Attests {
    /// `--strict` was asked for when it was made.
    strict: bool,
    motions: Vec<String>,
    passed: bool,
    blockers: Vec<String>,
}

impl Attests {
    fn of(content: &serde_json::Value) -> Self {
        let strict = &content["strict"];
        let strings = |value: &serde_json::Value| -> Vec<String> {
            value
                .as_array()
                .map(|list| {
                    list.iter()
                        .filter_map(|v| v.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default()
        };
        // The motions by name, as the board in the bundle calls them.
        let name_of = |id: String| {
            content["board"]["motions"]
                .as_array()
                .and_then(|list| list.iter().find(|m| m["id"] == id.as_str()))
                .and_then(|m| m["name"].as_str().map(str::to_owned))
                .unwrap_or(id)
        };
        Self {
            strict: strict["requested"].as_bool().unwrap_or(false),
            motions: strings(&strict["motions"])
                .into_iter()
                .map(name_of)
                .collect(),
            // A bundle that does not say it passed attests no pass.
            passed: strict["passed"].as_bool().unwrap_or(false),
            blockers: strings(&strict["blockers"]),
        }
    }

    fn words(&self) -> String {
        let what = if self.strict {
            "a strict launch check"
        } else {
            "a launch check"
        };
        let of = match self.motions.is_empty() {
            true => String::new(),
            false => format!(" of {}", self.motions.join(", ")),
        };
        match self.passed {
            true => format!("it attests {what}{of} that passed"),
            false => format!("it attests {what}{of} that FAILED"),
        }
    }
}

impl Report for Verdict {
    fn text(&self, _colour: bool) -> String {
        if let (true, Some(attests)) = (self.valid, &self.attests) {
            let mut out = format!(
                "{}: valid (hash, signature and expiry check out); {}.\n",
                self.bundle,
                attests.words()
            );
            for blocker in &attests.blockers {
                let _ = writeln!(out, "  - {blocker}");
            }
            return out;
        }
        let mut out = format!("{}: NOT valid:\n", self.bundle);
        for p in &self.problems {
            let _ = writeln!(out, "  - {p}");
        }
        out
    }

    fn exit(&self) -> ExitCode {
        let passed = self.attests.as_ref().is_some_and(|a| a.passed);
        exit_when(self.valid && (passed || self.accept_failed))
    }
}

pub(super) fn read(path: &Path) -> Result<String, CliError> {
    std::fs::read_to_string(path).map_err(CliError::io(format!("cannot read {}", path.display())))
}
