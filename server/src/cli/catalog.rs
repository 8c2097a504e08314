//! `vendor-readiness catalog init | check | schema`: start, validate and describe a catalog.

use super::CliError;
use clap::{Args, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// A commented starter catalog (valid as it is; a test checks it).
pub const STARTER: &str = include_str!("../../../catalog/starter.toml");

/// The file name the starter's `#:schema` line points at, written beside it.
const SCHEMA_FILE: &str = "vendor-catalog.schema.json";

#[derive(Debug, Subcommand)]
pub enum CatalogCommand {
    /// Write a commented starter catalog, and its JSON Schema beside it for editors.
    Init(InitArgs),
    /// Validate catalogs: every problem with file:line:column (exit 0 valid, 2 not).
    Check(CheckArgs),
    /// Print the catalog format's JSON Schema (draft 2020-12).
    Schema,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Where to write the catalog (`-` for standard output, without the schema file).
    #[arg(default_value = "vendor-catalog.toml")]
    pub file: PathBuf,
    /// Replace files that already exist.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The catalog files to check.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Print one JSON object: `{valid, files:[{file, valid, systems, motions, problems:[{file, line, column, reason}]}]}`.
    #[arg(long)]
    pub json: bool,
}

pub fn run(command: &CatalogCommand) -> Result<ExitCode, CliError> {
    match command {
        CatalogCommand::Init(args) => init(args),
        CatalogCommand::Check(args) => Ok(check(args)),
        CatalogCommand::Schema => {
            print!("{}", readiness::catalog_toml::catalog_schema());
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn init(args: &InitArgs) -> Result<ExitCode, CliError> {
    if args.file.as_os_str() == "-" {
        print!("{STARTER}");
        return Ok(ExitCode::SUCCESS);
    }
    let schema = args
        .file
        .parent()
        .unwrap_or(Path::new(""))
        .join(SCHEMA_FILE);
    // Check both first: nothing is written unless both may be.
    for path in [&args.file, &schema] {
        if std::fs::symlink_metadata(path).is_ok() && !args.force {
            return Err(CliError::Usage(format!(
                "{} already exists: pass --force to replace it",
                path.display()
            )));
        }
    }
    let schema_text = readiness::catalog_toml::catalog_schema();
    super::files::write_file(&args.file, STARTER.as_bytes(), 0o644, args.force)?;
    super::files::write_file(&schema, schema_text.as_bytes(), 0o644, args.force)?;
    eprintln!(
        "wrote {} (and {}); check it with: vendor-readiness catalog check {}",
        args.file.display(),
        schema.display(),
        args.file.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn check(args: &CheckArgs) -> ExitCode {
    let reports: Vec<serde_json::Value> = args.files.iter().map(|f| check_one(f)).collect();
    let valid = reports.iter().all(|r| r["valid"] == true);
    if args.json {
        super::output::print_json(&serde_json::json!({ "valid": valid, "files": reports }));
    } else {
        for report in &reports {
            print_report(report);
        }
    }
    if valid {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    }
}

fn check_one(path: &Path) -> serde_json::Value {
    let file = path.display().to_string();
    match crate::inputs::load_catalog(Some(path)) {
        Ok((catalog, _)) => serde_json::json!({
            "file": file, "valid": true, "problems": [],
            "systems": catalog.systems().len(), "motions": catalog.motions().len(),
        }),
        Err(crate::inputs::InputError::Catalog(errors)) => serde_json::json!({
            "file": file, "valid": false,
            "problems": errors.0.iter().map(|e| serde_json::json!({
                "file": e.file, "line": e.line, "column": e.column, "reason": e.reason,
            })).collect::<Vec<_>>(),
        }),
        Err(other) => serde_json::json!({
            "file": file, "valid": false,
            "problems": [{ "file": file, "line": 0, "column": 0, "reason": other.to_string() }],
        }),
    }
}

fn print_report(report: &serde_json::Value) {
    let file = report["file"].as_str().unwrap_or("");
    if report["valid"] == true {
        println!(
            "{file}: valid ({} systems, {} motions)",
            report["systems"], report["motions"]
        );
        return;
    }
    for problem in report["problems"].as_array().into_iter().flatten() {
        let reason = problem["reason"].as_str().unwrap_or("");
        match problem["line"].as_u64() {
            Some(line) if line > 0 => println!(
                "{}:{line}:{}: {}",
                problem["file"].as_str().unwrap_or(file),
                problem["column"],
                super::output::printable(reason)
            ),
            _ => println!("{file}: {}", super::output::printable(reason)),
        }
    }
}
