//! `--claims-model FILE` (or `VENDOR_READINESS_CLAIMS_MODEL`, or `claims-model` in
//! `vendor-readiness.toml`): a model written by `claims train`, read once, checked against the
//! rules' claims and joined with them in every check of `claims check` and `claims test`.
//! Without it, the shipped model joins the shipped catalog; `--no-claims-model`: the rules alone.

use super::super::CliError;
use crate::claims_model::BoardModel;
use crate::model_in_force::{InForce, ModelChoice};
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
    /// Without one, the shipped model (`catalog/claims-model.json`, built in) is joined when
    /// the catalog is the one it was trained for.
    #[arg(long, env = "VENDOR_READINESS_CLAIMS_MODEL", value_name = "FILE")]
    pub claims_model: Option<PathBuf>,
    /// Check with the catalog's rules alone, joining no model of labelled copy (not even the
    /// shipped one, nor one named by the variable or the configuration: this wins).
    #[arg(long)]
    pub no_claims_model: bool,
}

/// What a model is checked against: every claim of the catalog (whatever the board lifts
/// today, or `--motion` chooses) and the catalog's sha256. None for the rules of a deployed
/// board, whose catalog this command does not read: the model then speaks for the claims those
/// rules check and no others.
pub struct Catalog {
    pub claims: Vec<String>,
    pub sha256: String,
}

impl Catalog {
    pub fn of(catalog: &readiness::Catalog, sha256: &str) -> Self {
        let rules = readiness::ClaimRules::every_claim(catalog).rules;
        let claims = rules.into_iter().map(|r| r.claim).collect();
        Catalog {
            claims,
            sha256: sha256.to_owned(),
        }
    }
}

impl ModelArg {
    /// `checker`, joined with the model when one is given; says which on standard error, and
    /// when the model was trained for another catalog (it is used for the claims this catalog
    /// makes; one naming a claim the catalog does not make is refused).
    pub fn attach(
        &self,
        checker: ClaimChecker,
        catalog: Option<&Catalog>,
    ) -> Result<ClaimChecker, CliError> {
        let path = match &self.claims_model {
            Some(path) if !self.no_claims_model => path,
            _ => return self.attach_shipped(checker, catalog),
        };
        let model = load_model(path, catalog.map(|c| c.claims.as_slice()))?;
        eprintln!(
            "note: joined with the model {} (trained on {} sentences)",
            path.display(),
            model.trained.sentences
        );
        let trained_for = &model.trained.catalog_sha256;
        if catalog.is_some_and(|c| &c.sha256 != trained_for) {
            eprintln!("note: the model was trained for another catalog (sha256 {trained_for}); it speaks only for claims this catalog makes, but train it again on your labelled copy when the claims' meaning changed");
        }
        let name = path.display();
        let reader = Reader::new(model, readiness::default_normalize)
            .map_err(|e| CliError::Usage(format!("{name}: {e}")))?;
        Ok(checker.with_model(Arc::new(reader)))
    }
}

impl ModelArg {
    /// `checker` joined with the shipped model when the catalog is the one it was trained for
    /// (and `--no-claims-model` was not given); says which on standard error.
    fn attach_shipped(
        &self,
        checker: ClaimChecker,
        catalog: Option<&Catalog>,
    ) -> Result<ClaimChecker, CliError> {
        if self.no_claims_model {
            eprintln!("note: the rules alone (--no-claims-model)");
            return Ok(checker);
        }
        let model = shipped()?;
        let joins = |c: &Catalog| crate::model_in_force::joins_by_default(&model, &c.sha256);
        if !catalog.is_some_and(joins) {
            eprintln!("note: the rules alone (the shipped model of labelled copy serves only the shipped catalog; claims train writes one for yours)");
            return Ok(checker);
        }
        eprintln!(
            "note: joined with the shipped model of labelled copy (trained on {} sentences for this catalog; --no-claims-model for the rules alone)",
            model.trained.sentences
        );
        let reader = Reader::new(model, readiness::default_normalize)
            .map_err(|e| CliError::Usage(format!("the shipped model: {e}")))?;
        Ok(checker.with_model(Arc::new(reader)))
    }
}

/// The shipped model, read.
fn shipped() -> Result<ClaimModel, CliError> {
    crate::model_in_force::shipped()
        .map_err(|e| CliError::Usage(format!("the shipped model cannot be read: {e}")))
}

impl ModelArg {
    /// The model `serve` joins with the board's rules in every check, read and checked against
    /// `catalog` (sha256 `sha256`) once ([`crate::claims_model::BoardModel::serves`], as every
    /// reload checks it); says which in the log.
    pub fn board_model(
        &self,
        catalog: &readiness::Catalog,
        sha256: &str,
    ) -> Result<InForce, CliError> {
        // `--no-claims-model` wins over a model named by the variable or the configuration
        // (found by attack: a CI job could not opt out of one set for every command).
        let choice = match (&self.claims_model, self.no_claims_model) {
            (_, true) => ModelChoice::RulesAlone,
            (Some(path), false) => ModelChoice::Given(Arc::new(self.given(path)?)),
            (None, false) => {
                let model = BoardModel::new(shipped()?)
                    .map_err(|e| CliError::Usage(format!("the shipped model: {e}")))?;
                ModelChoice::Shipped(Arc::new(model))
            }
        };
        let name = self.claims_model.as_ref().map(|p| p.display().to_string());
        let name = name.unwrap_or_else(|| "the shipped model".to_owned());
        let joined = choice
            .for_catalog(catalog, sha256)
            .map_err(|e| CliError::Usage(format!("{name}: {e}")))?;
        match &joined {
            Some(model) => {
                let sentences = model.model().trained.sentences;
                tracing::info!(model = %name, sentences, "claim checks are joined with a model of labelled copy");
            }
            None => tracing::info!("claim checks use the catalog's rules alone (no model of labelled copy was trained for this catalog, or --no-claims-model)"),
        }
        Ok(InForce::new(choice, joined))
    }

    /// The model of `--claims-model`, read and checked to fit itself.
    fn given(&self, path: &Path) -> Result<BoardModel, CliError> {
        let model = load_model(path, None)?;
        BoardModel::new(model).map_err(|e| CliError::Usage(format!("{}: {e}", path.display())))
    }
}

/// Reads a model written by `claims train` and checks it fits itself and, given the catalog's
/// claims, speaks for no other.
pub fn load_model(path: &Path, claims: Option<&[String]>) -> Result<ClaimModel, CliError> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(CliError::io(name.clone()))?;
    // A byte-order mark, as some editors save JSON, is not the model's content.
    let json = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&bytes);
    let model: ClaimModel = serde_json::from_slice(json).map_err(|e| {
        CliError::Usage(format!(
            "{name}: not a model written by `claims train`: {e}"
        ))
    })?;
    let checked = match claims {
        Some(claims) => model.validate(claims.iter().map(String::as_str)),
        None => model.check_shape(),
    };
    checked.map_err(|e| CliError::Usage(format!("{name}: {e}")))?;
    Ok(model)
}
