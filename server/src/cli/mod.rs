//! The `vendor-readiness` command line: `serve` (the default) and its shared input flags.

pub mod serve;

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "vendor-readiness",
    version,
    about = "Vendor readiness board: which external systems can be sold."
)]
#[command(
    long_about = "Vendor readiness board: which external systems can be sold, which sales motions may \
go ahead and which claims must stay out of scope.\n\nWith no command it serves the embedded default: the \
shipped catalog, catalog/demo.env and demo proof records, on http://127.0.0.1:3000."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the board, its JSON API and health checks.
    Serve(serve::ServeArgs),
}

/// The inputs every command reads: the catalog, where variable names come from, the proof store.
#[derive(Debug, Clone, Args)]
pub struct InputArgs {
    /// The vendor catalog (TOML, format v1).
    #[arg(
        long,
        env = "VENDOR_READINESS_CATALOG",
        default_value = "catalog/vendor-catalog.toml"
    )]
    pub catalog: PathBuf,
    /// An env file whose variable names count as set (values are compared for NAME=value flags, never kept).
    #[arg(long, env = "VENDOR_READINESS_ENV_FILE")]
    pub env_file: Option<PathBuf>,
    /// Also count the names set in this process's environment.
    #[arg(long)]
    pub process_env: bool,
    /// The SQLite file holding proof records (created if missing).
    #[arg(
        long,
        env = "VENDOR_READINESS_DB",
        default_value = "vendor-readiness.db"
    )]
    pub db: PathBuf,
}
