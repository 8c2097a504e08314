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

use crate::inputs::{load_catalog, EnvSources, InputError};
use crate::loaded::{Loaded, Values};
use crate::store::{ProofStore, StoreError, StoreLocation};
use clap::{Args, Parser, Subcommand};
use readiness::Catalog;
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

/// The inputs every command reads: the catalog, where variable names come from, the proof store.
#[derive(Debug, Clone, Args)]
pub struct InputArgs {
    /// The vendor catalog (TOML, format v1); default: the shipped catalog, embedded in the binary.
    #[arg(long, env = "VENDOR_READINESS_CATALOG")]
    pub catalog: Option<PathBuf>,
    /// An env file whose variable names count as set (values are compared for NAME=value flags, never kept).
    #[arg(long, env = "VENDOR_READINESS_ENV_FILE")]
    pub env_file: Option<PathBuf>,
    /// Also count the names set in this process's environment.
    #[arg(long)]
    pub process_env: bool,
    /// The proof store: a SQLite file path (created if missing) or a `postgres://` URL.
    #[arg(
        long,
        env = "VENDOR_READINESS_DB",
        default_value = "vendor-readiness.db",
        hide_env_values = true
    )]
    pub db: String,
}

impl InputArgs {
    pub fn sources(&self) -> EnvSources {
        EnvSources {
            env_file: self.env_file.clone(),
            process_env: self.process_env,
            demo_env: false,
            refuse_blank: false,
        }
    }

    pub fn catalog(&self) -> Result<Catalog, CliError> {
        Ok(load_catalog(self.catalog.as_deref())?.0)
    }

    /// The catalog's path, or "the shipped catalog (embedded)".
    pub fn catalog_label(&self) -> String {
        crate::inputs::catalog_label(self.catalog.as_deref())
    }

    /// The catalog and the env sources, each read once, for the whole command (see
    /// [`Loaded`]); the values read with them, for the few parts that use them.
    pub fn load(&self) -> Result<(Loaded, Values), CliError> {
        Ok(Loaded::read(self.catalog.as_deref(), &self.sources())?)
    }

    /// The store for a command that writes: created if there is none.
    pub fn store(&self) -> Result<ProofStore, CliError> {
        Ok(ProofStore::connect(&self.store_location()?)?)
    }

    /// [`InputArgs::store`], with this command's inputs put in force unless a server is live
    /// on the store: a store only commands write to has the inputs they ran with in its record
    /// (an env edit between two runs is a change), while a served board keeps the inputs its
    /// instances run, whatever the env file of the machine a command runs on. Says which.
    /// Refused when the inputs changed within a second of being read (found by attack, round
    /// 15: a command run between two parts of a save recorded the first): nothing is recorded.
    pub fn store_recording(&self, inputs: &Loaded, command: &str) -> Result<ProofStore, CliError> {
        if inputs
            .changed_since(self.catalog.as_deref(), &self.sources())?
            .is_some()
        {
            return Err(CliError::Usage(format!(
                "the catalog or env file changed while `{command}` read it (a save in parts?): nothing was recorded; run it again once the save is done"
            )));
        }
        let store = self.store()?;
        let short = |id: &str| id.chars().take(12).collect::<String>();
        let since = store.now_ms() - crate::live_inputs::LIVE_FOR_MS;
        let live = store.live_instances(since)?;
        if live.is_empty() {
            let by = crate::inputs::recorder(command);
            if store.put_in_force(&inputs.set, &inputs.toml, &by)? {
                eprintln!(
                    "note: this command's catalog and configured names (set {}…) are in force in the store's record from now",
                    short(&inputs.set.id)
                );
            }
        } else if let Some(shown) = store.inputs_in_force()?.last() {
            if shown.inputs.id != inputs.set.id {
                eprintln!(
                    "note: {} live instance(s) serve this store: the board keeps their inputs (set {}…), not this command's catalog and env file (set {}…)",
                    live.len(),
                    short(&shown.inputs.id),
                    short(&inputs.set.id)
                );
            }
        }
        Ok(store)
    }

    /// The store for a command that only reads: never created, so a mistyped `--db` is an
    /// error instead of an empty board.
    pub fn store_to_read(&self) -> Result<ProofStore, CliError> {
        let location = self.store_location()?;
        if let StoreLocation::Sqlite(path) = &location {
            if !path.exists() {
                return Err(CliError::Usage(format!(
                    "no store at {}; `serve` or `proof add` creates one",
                    path.display()
                )));
            }
        }
        Ok(ProofStore::connect(&location)?)
    }

    /// The store to read, or (when there is none) an empty one in memory, said on standard
    /// error: what the claim checker uses, so a CI job without a store still checks copy.
    pub fn store_or_empty(&self) -> Result<ProofStore, CliError> {
        match self.store_to_read() {
            Err(CliError::Usage(reason)) if reason.starts_with("no store at") => {
                eprintln!("note: {reason}: checking against a board with no proof recorded (claims that wait on a proof are disallowed)");
                Ok(ProofStore::open_in_memory()?)
            }
            other => other,
        }
    }

    /// `--db` parsed here, not by clap, so an error never repeats the text (it may hold a
    /// password).
    pub fn store_location(&self) -> Result<StoreLocation, CliError> {
        self.db
            .parse()
            .map_err(|reason| CliError::Usage(format!("--db / VENDOR_READINESS_DB: {reason}")))
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Input(#[from] InputError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0}")]
    Usage(String),
    #[error("{context}: {source}")]
    Io {
        context: String,
        source: std::io::Error,
    },
    #[error("{0}")]
    Remote(String),
    #[error("{0}")]
    Serve(String),
}

impl CliError {
    pub fn io(context: impl Into<String>) -> impl FnOnce(std::io::Error) -> CliError {
        let context = context.into();
        move |source| CliError::Io { context, source }
    }

    /// Bad input and usage exit 2; a server that could not run exits 1.
    pub fn exit_code(&self) -> ExitCode {
        match self {
            CliError::Serve(_) => ExitCode::from(1),
            _ => ExitCode::from(2),
        }
    }
}

/// An id given on the command line that the catalog does not have: exit 2, the catalog it was
/// looked for in (found by a new operator: without `--catalog`, the shipped example's ids were
/// offered), the valid ids, and the closest one when it is close (a typo).
pub fn unknown_id<'a>(
    flag: &str,
    given: &str,
    valid: impl IntoIterator<Item = &'a str>,
    catalog: &str,
) -> CliError {
    let valid: Vec<&str> = valid.into_iter().collect();
    let closest = readiness::suggest::closest(given, valid.iter().copied())
        .map(|v| format!(" (did you mean {v:?}?)"))
        .unwrap_or_default();
    CliError::Usage(format!(
        "{flag} {given:?}: no such id in {catalog}{closest}; valid: {}",
        valid.join(", ")
    ))
}

/// A board's base URL given as `flag`: http(s), no query or fragment (which would send checks
/// to other pages), shown masked in the error.
pub fn board_base_url<'a>(flag: &str, url: &'a str) -> Result<&'a str, CliError> {
    let parsed = url::Url::parse(url).ok();
    let base = parsed.as_ref().is_some_and(|u| {
        matches!(u.scheme(), "http" | "https")
            && u.has_host()
            && u.query().is_none()
            && u.fragment().is_none()
    });
    if !base {
        return Err(CliError::Usage(format!(
            "{flag} {}: expected the board's base URL, starting with http:// or https://, without a query or fragment",
            crate::redact::mask_url(url)
        )));
    }
    Ok(url.trim_end_matches('/'))
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
            // Argument ids only (a flattened group has an id of its own).
            let is_arg = |id: &str| command.get_arguments().any(|a| a.get_id() == id);
            let misplaced: Vec<String> = matches
                .ids()
                .map(|id| id.as_str())
                .filter(|id| !matches!(*id, "log_format" | "config") && is_arg(id))
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
        Some(Command::Man(args)) => man(&args),
    }
}

/// The man page on standard output, or one page per command written into `--out-dir`, each
/// listed (found by a new operator: only the top-level command had a page).
fn man(args: &ManArgs) -> Result<ExitCode, CliError> {
    use clap::CommandFactory;
    let Some(dir) = &args.out_dir else {
        clap_mangen::Man::new(Cli::command())
            .render(&mut std::io::stdout())
            .map_err(CliError::io("cannot write the man page"))?;
        return Ok(ExitCode::SUCCESS);
    };
    let cannot = || CliError::io(format!("cannot write the man pages in {}", dir.display()));
    std::fs::create_dir_all(dir).map_err(cannot())?;
    // As `clap_mangen::generate_to`, keeping each file's path: built first, so each page is
    // named for its whole command (`vendor-readiness-proof-add.1`).
    let mut command = Cli::command().disable_help_subcommand(true);
    command.build();
    let mut written = Vec::new();
    write_pages(command, dir, &mut written).map_err(cannot())?;
    for page in written {
        println!("{}", page.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes the page of `command` and of each of its subcommands into `dir`.
fn write_pages(
    command: clap::Command,
    dir: &std::path::Path,
    written: &mut Vec<PathBuf>,
) -> std::io::Result<()> {
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        write_pages(sub.clone(), dir, written)?;
    }
    written.push(clap_mangen::Man::new(command).generate_to(dir)?);
    Ok(())
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
