//! `vendor-readiness catalog init | check | schema`: start, validate and describe a catalog.

pub(crate) mod check;

use super::CliError;
use clap::{Args, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// A commented starter catalog (valid as it is; a test checks it).
pub const STARTER: &str = include_str!("../../../../catalog/starter.toml");

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
    /// JSON: `{valid, files:[{file, valid, systems, motions, problems:[{file, line, column, reason}]}]}`.
    #[command(flatten)]
    pub output: super::report::FormatArg,
}

pub fn run(command: &CatalogCommand) -> Result<ExitCode, CliError> {
    match command {
        CatalogCommand::Init(args) => init(args),
        CatalogCommand::Check(args) => Ok(check::run(args)),
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
