//! The inputs every command reads (the catalog, where variable names come from, the proof
//! store), resolved once into what the commands use.

use super::CliError;
use crate::inputs::{load_catalog, EnvSources};
use crate::loaded::{Loaded, Values};
use crate::store::{ProofStore, StoreLocation};
use clap::Args;
use readiness::Catalog;
use std::path::PathBuf;

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
