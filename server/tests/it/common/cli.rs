//! The `vendor-readiness` command line for tests: one base command (no colour, none of the
//! tester's own input variables) and one fixture folder holding a catalog, env files and an
//! empty store, with the commands that use them. Issue 24: the fixture was written three times
//! and the base command 23.

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// `vendor-readiness`, with no colour and none of the tester's `VENDOR_READINESS_*` inputs,
/// given at most two minutes, reading input files left alone for a tenth of a second (issue 24:
/// the default second was most of many tests; the tests of settling unset it, see
/// [`SETTLE_MS`]).
pub fn vendor_readiness() -> Command {
    let mut cmd = Command::cargo_bin("vendor-readiness").unwrap();
    cmd.env("NO_COLOR", "1")
        .env(SETTLE_MS, "100")
        .env_remove("VENDOR_READINESS_ENV_FILE")
        .env_remove("VENDOR_READINESS_CATALOG")
        .env_remove("VENDOR_READINESS_CLAIMS_MODEL")
        .timeout(Duration::from_secs(120));
    cmd
}

/// The variable that shortens the time an input file must be left alone before it is read
/// (`--settle-ms`); a test of reading a file saved in parts removes it to keep the default.
pub const SETTLE_MS: &str = "VENDOR_READINESS_SETTLE_MS";

/// What a command printed, standard output then standard error.
pub fn text(output: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// A temporary folder with a catalog, files, and an empty store `proofs.db`.
pub struct CliFixture {
    pub dir: tempfile::TempDir,
    catalog: PathBuf,
    env_file: Option<PathBuf>,
    environment: Vec<(String, String)>,
}

impl CliFixture {
    /// Reading the catalog at `catalog`, with `files` (name, text) written in the folder.
    pub fn new(catalog: &Path, files: &[(&str, &str)]) -> Self {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        // Commands that only read never create a store: this one exists, empty.
        server::store::ProofStore::open(&dir.path().join("proofs.db")).unwrap();
        Self {
            dir,
            catalog: catalog.to_path_buf(),
            env_file: None,
            environment: Vec::new(),
        }
    }

    /// Reading a catalog of `text`, written as `catalog.toml` in the folder.
    pub fn with_catalog_text(text: &str, files: &[(&str, &str)]) -> Self {
        let mut fixture = Self::new(Path::new("catalog.toml"), files);
        fixture.catalog = fixture.path("catalog.toml");
        std::fs::write(&fixture.catalog, text).unwrap();
        fixture
    }

    /// Every command also reads the env file `name` of the folder.
    pub fn with_env_file(mut self, name: &str) -> Self {
        self.env_file = Some(self.path(name));
        self
    }

    /// Every command also runs with these variables set.
    pub fn with_environment(mut self, variables: &[(&str, &str)]) -> Self {
        self.environment = (variables.iter())
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        self
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// `vendor-readiness <args> --catalog C --db proofs.db [--env-file E]`.
    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = vendor_readiness();
        cmd.args(args)
            .arg("--catalog")
            .arg(&self.catalog)
            .arg("--db")
            .arg(self.path("proofs.db"));
        if let Some(env_file) = &self.env_file {
            cmd.arg("--env-file").arg(env_file);
        }
        cmd.envs(self.environment.iter().map(|(k, v)| (k, v)));
        cmd
    }

    /// `vendor-readiness <args>` alone, for commands that read no catalog or store.
    pub fn bare(&self, args: &[&str]) -> Command {
        let mut cmd = vendor_readiness();
        cmd.args(args);
        cmd
    }

    /// What `cmd(args)` prints, read as JSON.
    pub fn json(&self, args: &[&str]) -> Value {
        let output = self.cmd(args).output().unwrap();
        let text = String::from_utf8(output.stdout).unwrap();
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}): {text}"))
    }

    /// How many records `proof list` shows.
    pub fn stored(&self) -> usize {
        let output = self.cmd(&["proof", "list", "--json"]).output().unwrap();
        assert_eq!(output.status.code(), Some(0), "{}", text(&output));
        let records: Value = serde_json::from_slice(&output.stdout).unwrap();
        records.as_array().unwrap().len()
    }
}
