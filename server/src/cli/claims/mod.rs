//! `vendor-readiness claims check [--motion ID]... [FILE|DIR|GLOB|-]...`: lints sales copy
//! (Markdown, HTML text, plain text) for claims the motions may not make, as text, JSON, SARIF
//! or GitHub annotations; `claims test FILE...` scores the checker on labelled copy, and
//! `claims train FILE... --out MODEL` trains a model of it to join with the rules;
//! `claims vale-style --out DIR` writes the same rules as a Vale style.

mod allowances;
mod deployed;
pub(crate) mod format;
pub(crate) mod labelled;
mod markup;
pub(crate) mod model_arg;
mod phrases;
mod sarif;
mod sources;
mod suppressed;
mod tested_text;
pub(crate) mod train;
mod vale;

use super::board::board_from;
use super::{CliError, InputArgs};
use clap::{Args, Subcommand, ValueEnum};
use readiness::{Allowed, Checked, ClaimChecker, ClaimRules};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Subcommand)]
pub enum ClaimsCommand {
    /// Check copy for claims the motions may not make. Exit 0 clean, 1 violations, 2 bad input.
    Check(CheckArgs),
    /// Score the checker on labelled copy (sentences and the claims each makes, see
    /// docs/claims.md): recall, precision, each miss and false alarm. Exit 1 under a minimum.
    Test(labelled::TestArgs),
    /// Train a model of labelled copy to join with the rules (see docs/claims.md); measure it
    /// with `claims test --claims-model`.
    Train(train::TrainArgs),
    /// Write a Vale style that enforces the board's disallowed claims (see docs/claims.md).
    ValeStyle(ValeArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// file:line:col: lines, like a compiler, then a verdict per motion.
    Text,
    /// One JSON document: every file's violations and the verdicts.
    Json,
    /// SARIF 2.1.0, for code-scanning UIs.
    Sarif,
    /// GitHub Actions workflow annotations (::error / ::warning).
    Github,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub inputs: InputArgs,
    /// A motion whose disallowed claims to look for (repeatable; default: every motion).
    #[arg(long = "motion", value_name = "ID")]
    pub motions: Vec<String>,
    /// Files, folders (searched recursively), glob patterns, or - for standard input (default).
    #[arg(value_name = "PATH")]
    pub paths: Vec<String>,
    /// Also read this file (kept for older scripts; same as a PATH).
    #[arg(long, value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// Which files to read in folders (repeatable; default: *.md, *.markdown, *.html, *.htm, *.txt).
    #[arg(long = "glob", value_name = "PATTERN")]
    pub globs: Vec<String>,
    /// Also check files that links inside a folder lead to outside it (skipped by default, so
    /// a link cannot put another file's lines into a CI log).
    #[arg(long)]
    pub follow_outside: bool,
    /// Check against the rules of the board deployed at this base URL (its JSON): no env file
    /// or store needed, and the catalog and store flags are not read.
    #[arg(long, value_name = "URL")]
    pub board_url: Option<String>,
    /// How to print the result.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Same as --format json.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub model: model_arg::ModelArg,
}

#[derive(Debug, Args)]
pub struct ValeArgs {
    #[command(flatten)]
    pub inputs: InputArgs,
    /// The folder to write the style into (created; its VendorReadiness/ folder is replaced).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
}

/// One checked document: its name, its text, and what was found in it.
pub struct CheckedFile {
    pub path: String,
    pub text: String,
    pub checked: Checked,
    /// The wordings its comments accept; a suppression names its allowance by position here.
    pub allowances: Vec<allowances::Allowance>,
}

/// The rules of the board this command computes from its own inputs and the store, and the
/// catalog's claims and sha256 (what a model is checked against).
fn local_rules(args: &CheckArgs) -> Result<(ClaimRules, Option<model_arg::Catalog>), CliError> {
    let (loaded, _) = args.inputs.load()?;
    let store = args.inputs.store_or_empty()?;
    let (_, board) = board_from(&loaded, &store, time::OffsetDateTime::now_utc())?;
    let motions: Vec<&str> = args.motions.iter().map(String::as_str).collect();
    let rules = ClaimRules::for_motions(&board, &motions).map_err(|e| {
        super::unknown_id(
            "--motion",
            &e.0,
            board.motions.iter().map(|m| m.id.as_str()),
            &args.inputs.catalog_label(),
        )
    });
    let catalog = model_arg::Catalog::of(&loaded.catalog, &loaded.info.sha256);
    Ok((rules?, Some(catalog)))
}

pub fn run(command: &ClaimsCommand) -> Result<ExitCode, CliError> {
    match command {
        ClaimsCommand::Check(args) => check(args),
        ClaimsCommand::Test(args) => labelled::run(args),
        ClaimsCommand::Train(args) => train::run(args),
        ClaimsCommand::ValeStyle(args) => vale::run(args),
    }
}

fn check(args: &CheckArgs) -> Result<ExitCode, CliError> {
    let (rules, catalog) = match &args.board_url {
        Some(url) => (deployed::rules_at(url, &args.motions)?, None),
        None => local_rules(args)?,
    };
    let source = deployed::rules_source(args.board_url.as_deref(), &args.inputs.catalog_label());
    eprintln!("note: the rules of {source}");
    let checker = match (&args.board_url, &args.model.claims_model) {
        (Some(url), None) if !args.model.no_claims_model => {
            deployed::join_board_model(url, rules.compile())?
        }
        _ => args.model.attach(rules.compile(), catalog.as_ref())?,
    };
    let mut paths = args.paths.clone();
    paths.extend(args.file.iter().map(|f| f.display().to_string()));
    let documents = sources::read_all(&paths, &args.globs, args.follow_outside)?;
    let checked: Vec<CheckedFile> = documents
        .into_iter()
        .map(|doc| check_one(&checker, doc))
        .collect();
    let format = if args.json { Format::Json } else { args.format };
    let report = format::Report::new(checker.rules(), &checked);
    match format {
        Format::Text => format::print_text(&report, checker.rules()),
        Format::Json => super::output::print_json(&report),
        Format::Sarif => super::output::print_json(&sarif::document(checker.rules(), &report)),
        Format::Github => format::print_github(&report, checker.rules()),
    }
    Ok(match report.safe() {
        true => ExitCode::SUCCESS,
        false => ExitCode::from(1),
    })
}

/// Violations listed per file at most (the API's bound); `total` counts them all.
pub const LISTED_PER_FILE: usize = 1000;

fn check_one(checker: &ClaimChecker, doc: sources::Document) -> CheckedFile {
    let wordings: Vec<&str> = doc.allowances.iter().map(|a| a.wording.as_str()).collect();
    let allowed = Allowed::new(&wordings, readiness::default_normalize);
    let mut checked = checker.check_allowing(&doc.searchable, LISTED_PER_FILE, &allowed);
    // The phrase as the file has it (markup included), not as it was read.
    let suppressed = checked.suppressed.iter_mut().map(|s| &mut s.violation);
    for v in checked.violations.iter_mut().chain(suppressed) {
        v.text = doc.text[v.start..v.end].to_owned();
    }
    CheckedFile {
        path: doc.path,
        text: doc.text,
        checked,
        allowances: doc.allowances,
    }
}
