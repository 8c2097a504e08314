//! One report shape for every command: a command computes a value and hands it to [`emit`],
//! which prints it as text for a person or as JSON for a tool (`--format text|json`; `--json`
//! is `--format json`), and takes the exit code from it: the same values either way.

use super::output::{colour_enabled, print_json};
use std::process::ExitCode;

/// How a command prints its report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// Lines for a person (colour on a terminal, never with NO_COLOR).
    #[default]
    Text,
    /// One JSON document for a tool: the same values as the text.
    Json,
}

/// `--format text|json` and its short form `--json`, flattened into every command's flags.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct FormatArg {
    /// Print the report as text (for a person) or JSON (for a tool).
    #[arg(long, value_enum, default_value_t, value_name = "text|json")]
    pub format: OutputFormat,
    /// Print JSON: the same as `--format json`.
    #[arg(long)]
    pub json: bool,
}

impl FormatArg {
    pub fn is_json(&self) -> bool {
        self.json || self.format == OutputFormat::Json
    }
}

/// What a command found, ready to print either way.
pub trait Report: serde::Serialize + schemars::JsonSchema {
    /// The text a person reads, each line ending with a newline.
    fn text(&self, colour: bool) -> String;

    /// The exit code: 0, or 1 when the report says no (a blocker, an unsafe claim, a failed
    /// check). Usage errors (2) and failures to run (1) are `CliError`s, never reports.
    fn exit(&self) -> ExitCode {
        ExitCode::SUCCESS
    }
}

/// Prints `report` in the format asked for and returns its exit code.
pub fn emit(report: &impl Report, format: &FormatArg) -> ExitCode {
    if format.is_json() {
        print_json(report);
    } else {
        print!("{}", report.text(colour_enabled()));
    }
    report.exit()
}

/// `0` when `ok`, else `1`: the rule for a report that can say no.
pub fn exit_when(ok: bool) -> ExitCode {
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
