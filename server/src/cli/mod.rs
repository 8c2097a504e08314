//! The `vendor-readiness` command line: `serve` (the default) and the operator commands.

pub mod board;
pub mod bundle;
pub mod catalog;
pub mod claims;
pub mod config;
pub mod files;
pub mod output;
pub mod preflight;
pub mod proof;
pub mod prove;
pub mod report;
pub mod report_schema;
pub mod serve;
pub mod smoke;
pub mod status;
pub mod subscribers;
pub mod webhook;

mod error;
mod input_args;
mod man;

pub use error::{board_base_url, unknown_id, CliError};
pub use input_args::InputArgs;

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "vendor-readiness",
    version,
    about = "Vendor readiness board: which external systems can be sold."
)]
#[command(
    long_about = "Vendor readiness board: which external systems can be sold, which sales motions may \
go ahead and which claims must stay out of scope.\n\nWith no command it serves the embedded default: the \
shipped catalog, the demo env file and demo proof records (all embedded in the binary, as is the site), on http://127.0.0.1:3000.\n\nExit codes: 0 success, \
1 a check did not pass (preflight, prove, strict bundle, verify, smoke), 2 bad input or usage."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Without a command: serve, with `serve`'s flags (and the embedded default's demo env file
    /// and demo proofs unless --env-file or --process-env is given).
    #[command(flatten)]
    pub serve: serve::ServeArgs,
    /// Log lines as text or as one JSON object per line.
    #[arg(
        long,
        global = true,
        value_enum,
        default_value_t,
        env = "VENDOR_READINESS_LOG_FORMAT"
    )]
    pub log_format: LogFormat,
    /// Settings file (TOML: the flags' long names as keys, e.g. `catalog = "catalog.toml"`);
    /// default: `vendor-readiness.toml` in the current folder, when there is one. Flags and
    /// environment variables win over it.
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// How long an input file (the catalog, an env file) must be left alone before it is read,
    /// and how long a read that is recorded is watched for a save made in parts, in milliseconds
    /// (100 to 60000). Shorten it only where input files are saved by renaming a whole new file
    /// over the old one.
    #[arg(
        long,
        global = true,
        env = "VENDOR_READINESS_SETTLE_MS",
        value_name = "MS",
        default_value_t = crate::lease::settle::DEFAULT_MS,
        value_parser = clap::value_parser!(u64).range(crate::lease::settle::SHORTEST_MS..=60_000)
    )]
    pub settle_ms: u64,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the board, its JSON API and health checks.
    Serve(serve::ServeArgs),
    /// Which variable groups an env file configures, per system (names only, never values).
    Preflight(preflight::PreflightArgs),
    /// Run systems' proof commands and store (or push) the results.
    Prove(prove::ProveArgs),
    /// Add, list or import proof records.
    #[command(subcommand)]
    Proof(proof::ProofCommand),
    /// The board in the terminal, now or as of a past instant.
    Status(status::StatusArgs),
    /// Write the launch proof bundle (optionally signed; `--strict` fails on any paid blocker).
    Bundle(bundle::BundleArgs),
    /// Check a bundle's hash, signature and expiry.
    Verify(bundle::VerifyArgs),
    /// Write an Ed25519 key pair for signing bundles: KEY and KEY.pub.
    Keygen(bundle::KeygenArgs),
    /// Check sales copy for claims a motion may not make.
    #[command(subcommand)]
    Claims(claims::ClaimsCommand),
    /// Check a deployed board: pages, JSON, health, agreement and no secret in sight.
    Smoke(smoke::SmokeArgs),
    /// Start, validate or describe a catalog (init, check, schema).
    #[command(subcommand)]
    Catalog(catalog::CatalogCommand),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions(CompletionsArgs),
    /// Print the man page (roff), e.g. `vendor-readiness man > vendor-readiness.1`, or write
    /// one page per command and subcommand with `--out-dir DIR`.
    Man(ManArgs),
    /// Add, list or remove webhook subscriptions (signed with Standard Webhooks).
    #[command(subcommand)]
    Webhook(webhook::WebhookCommand),
    /// List, export or erase e-mail subscribers (personal data).
    #[command(subcommand)]
    Subscribers(subscribers::SubscribersCommand),
    /// Print the JSON Schema of a command's `--json` report, e.g. `report-schema smoke`.
    ReportSchema(report_schema::ReportSchemaArgs),
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write one page per command and subcommand into DIR (created if missing), e.g.
    /// `vendor-readiness-proof-add.1`, and list them, instead of printing the top page.
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
}

/// How log lines are written to standard error.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines.
    #[default]
    Text,
    /// One JSON object per line (for log collectors).
    Json,
}

impl Cli {
    /// Parses the command line. Serving flags given before a command would be silently ignored,
    /// so they are refused (clap's own `args_conflicts_with_subcommands` would also refuse the
    /// global `--log-format` there).
    pub fn parse_args() -> Cli {
        use clap::parser::ValueSource;
        use clap::{CommandFactory, FromArgMatches};
        let command = Cli::command();
        let matches = command.clone().get_matches();
        if let Some((name, _)) = matches.subcommand() {
            // Serving arguments only: not a flattened group's own id, nor a global flag
            // (`--log-format`, `--config`, `--settle-ms`), which goes anywhere.
            let serving = |id: &str| {
                command
                    .get_arguments()
                    .any(|a| a.get_id() == id && !a.is_global_set())
            };
            let misplaced: Vec<String> = matches
                .ids()
                .map(|id| id.as_str())
                .filter(|id| serving(id))
                .filter(|id| matches.value_source(id) == Some(ValueSource::CommandLine))
                .map(|id| format!("--{}", id.replace('_', "-")))
                .collect();
            if !misplaced.is_empty() {
                let message = format!(
                    "{} before `{name}`: serving flags go after `serve` (or with no command); a command's own flags go after its name",
                    misplaced.join(", ")
                );
                Cli::command()
                    .error(clap::error::ErrorKind::ArgumentConflict, message)
                    .exit();
            }
        }
        Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
    }
}

/// Runs one command to its exit code.
pub async fn run(cli: Cli) -> Result<ExitCode, CliError> {
    match cli.command {
        None => serve::run(cli.serve.with_embedded_defaults()).await,
        Some(Command::Serve(args)) => serve::run(args).await,
        Some(Command::Prove(args)) => prove::run(&args).await,
        Some(Command::Preflight(args)) => blocking(move || preflight::run(&args)).await,
        Some(Command::Proof(command)) => blocking(move || proof::run(&command)).await,
        Some(Command::Status(args)) => blocking(move || status::run(&args)).await,
        Some(Command::Bundle(args)) => blocking(move || bundle::run_bundle(&args)).await,
        Some(Command::Verify(args)) => blocking(move || bundle::run_verify(&args)).await,
        Some(Command::Keygen(args)) => blocking(move || bundle::run_keygen(&args)).await,
        Some(Command::Smoke(args)) => blocking(move || smoke::run(&args)).await,
        Some(Command::Claims(command)) => blocking(move || claims::run(&command)).await,
        Some(Command::Catalog(command)) => catalog::run(&command),
        Some(Command::Webhook(command)) => blocking(move || webhook::run(&command)).await,
        Some(Command::Subscribers(command)) => blocking(move || subscribers::run(&command)).await,
        Some(Command::Completions(args)) => {
            use clap::CommandFactory;
            let mut command = Cli::command();
            clap_complete::generate(
                args.shell,
                &mut command,
                "vendor-readiness",
                &mut std::io::stdout(),
            );
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::ReportSchema(args)) => Ok(report_schema::run(&args)),
        Some(Command::Man(args)) => man::man(&args),
    }
}

/// Runs a synchronous command on a blocking thread: store clients and HTTP calls block.
async fn blocking(
    command: impl FnOnce() -> Result<ExitCode, CliError> + Send + 'static,
) -> Result<ExitCode, CliError> {
    tokio::task::spawn_blocking(command)
        .await
        .map_err(|e| CliError::Serve(format!("the command panicked: {e}")))?
}

#[cfg(test)]
mod tests {
    use super::Cli;
    use clap::CommandFactory;

    /// Every flag of every command says what it does in `--help`.
    #[test]
    fn every_flag_has_a_help_line() {
        fn walk(command: &clap::Command, path: &str, missing: &mut Vec<String>) {
            for arg in command.get_arguments() {
                let id = arg.get_id().as_str();
                if id == "help" || id == "version" {
                    continue;
                }
                if arg.get_help().is_none() && arg.get_long_help().is_none() {
                    missing.push(format!("{path} --{}", arg.get_long().unwrap_or(id)));
                }
            }
            for sub in command.get_subcommands() {
                walk(sub, &format!("{path} {}", sub.get_name()), missing);
            }
        }
        let mut missing = Vec::new();
        walk(&Cli::command(), "vendor-readiness", &mut missing);
        assert!(
            missing.is_empty(),
            "flags without a help line: {missing:#?}"
        );
    }

    #[test]
    fn a_board_base_url_is_http_without_query_or_fragment() {
        let base = |url| super::board_base_url("--url", url).map_err(|e| e.to_string());
        assert_eq!(
            base("https://board.example.com/"),
            Ok("https://board.example.com")
        );
        assert_eq!(
            base("http://127.0.0.1:3000/board"),
            Ok("http://127.0.0.1:3000/board")
        );
        for refused in [
            "board.example.com",
            "file:///etc/passwd",
            "https://x/?a=1",
            "https://x/#f",
            "http://",
        ] {
            assert!(base(refused).is_err(), "{refused}");
        }
    }
}
