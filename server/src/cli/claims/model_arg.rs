//! `--claims-model FILE` (or `VENDOR_READINESS_CLAIMS_MODEL`, or `claims-model` in
//! `vendor-readiness.toml`): a model written by `claims train`, read once, checked against the
//! rules' claims and joined with them in every check of `claims check` and `claims test`.

use super::super::CliError;
use clap::Args;
use readiness::claims::model::{ClaimModel, Reader};
use readiness::ClaimChecker;
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(Debug, Clone, Args)]
pub struct ModelArg {
    /// A model of labelled copy written by `claims train`, joined with the rules: the phrases it
    /// doubts are listed for you to judge, and the claims it is sure of where no rule matched
    /// are found for their sentence (docs/claims.md).
    #[arg(long, env = "VENDOR_READINESS_CLAIMS_MODEL", value_name = "FILE")]
    pub claims_model: Option<PathBuf>,
}

impl ModelArg {
    /// `checker`, joined with the model when one is given; says which on standard error, and
    /// when the model was trained for another catalog than `catalog_sha256` (its claims are
    /// this catalog's, or it is refused).
    pub fn attach(
        &self,
        checker: ClaimChecker,
        catalog_sha256: Option<&str>,
    ) -> Result<ClaimChecker, CliError> {
        let Some(path) = &self.claims_model else {
            return Ok(checker);
        };
        let model = load_model(path, &checker)?;
        eprintln!(
            "note: joined with the model {} (trained on {} sentences)",
            path.display(),
            model.trained.sentences
        );
        let trained_for = &model.trained.catalog_sha256;
        if catalog_sha256.is_some_and(|sha| sha != trained_for) {
            eprintln!("note: the model was trained for another catalog (sha256 {trained_for}); it speaks only for claims this catalog makes, but train it again on your labelled copy when the claims' meaning changed");
        }
        let reader = Reader::new(model, readiness::default_normalize);
        Ok(checker.with_model(Arc::new(reader)))
    }
}

/// Reads a model written by `claims train` and checks it serves `checker`'s claims.
pub fn load_model(path: &Path, checker: &ClaimChecker) -> Result<ClaimModel, CliError> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(CliError::io(name.clone()))?;
    // A byte-order mark, as some editors save JSON, is not the model's content.
    let json = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&bytes);
    let model: ClaimModel = serde_json::from_slice(json).map_err(|e| {
        CliError::Usage(format!(
            "{name}: not a model written by `claims train`: {e}"
        ))
    })?;
    let claims = checker.rules().rules.iter().map(|r| r.claim.as_str());
    model
        .validate(claims)
        .map_err(|e| CliError::Usage(format!("{name}: {e}")))?;
    Ok(model)
}
