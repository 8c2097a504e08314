//! Which model of labelled copy joins a board's claim rules, and the one in force: chosen once
//! from the flags (`--claims-model FILE`, the shipped model by default, `--no-claims-model`) and
//! applied to every catalog put in force, at start and on each reload, so a reload to another
//! catalog leaves the shipped model behind instead of being refused for it.

use crate::claims_model::BoardModel;
use readiness::claims::model::{ClaimModel, ModelError};
use std::sync::{Arc, RwLock};

/// The model of the shipped catalog's labelled copy (`catalog/claims-model.json`), built in: a
/// board and the CLI join it by default when the catalog in force is the one it was trained for.
pub const SHIPPED_MODEL: &str = include_str!("../../catalog/claims-model.json");

/// The shipped model, read.
pub fn shipped() -> Result<ClaimModel, serde_json::Error> {
    serde_json::from_str(SHIPPED_MODEL)
}

/// Whether the shipped `model` joins a catalog of sha256 `sha256` by default: only the one it
/// was trained for (a board's and the CLI's default alike).
pub fn joins_by_default(model: &ClaimModel, sha256: &str) -> bool {
    model.trained.catalog_sha256 == sha256
}

/// Which model a board joins, chosen once from its flags and applied to every catalog put in
/// force (at start and on each reload).
#[derive(Clone)]
pub enum ModelChoice {
    /// `--claims-model FILE`: joined with every catalog it serves; one it does not is refused.
    Given(Arc<BoardModel>),
    /// The default: the shipped model, joined only with the catalog it was trained for (same
    /// sha256); any other catalog is checked by its rules alone.
    Shipped(Arc<BoardModel>),
    /// `--no-claims-model`: the rules alone.
    RulesAlone,
}

impl ModelChoice {
    /// The model to join with `catalog` (sha256 `sha256`), or none; an error when a given model
    /// does not serve it.
    pub fn for_catalog(
        &self,
        catalog: &readiness::Catalog,
        sha256: &str,
    ) -> Result<Option<Arc<BoardModel>>, ModelError> {
        match self {
            ModelChoice::Given(model) => {
                model.serves(catalog, sha256)?;
                Ok(Some(Arc::clone(model)))
            }
            ModelChoice::Shipped(model) if joins_by_default(model.model(), sha256) => {
                Ok(Some(Arc::clone(model)))
            }
            ModelChoice::Shipped(_) | ModelChoice::RulesAlone => Ok(None),
        }
    }
}

/// The choice, and the model it gives for the catalog in force.
pub struct InForce {
    choice: ModelChoice,
    current: RwLock<Option<Arc<BoardModel>>>,
}

impl InForce {
    /// `choice`, with `current` the model it gave for the catalog put in force at start.
    pub fn new(choice: ModelChoice, current: Option<Arc<BoardModel>>) -> Self {
        InForce {
            choice,
            current: RwLock::new(current),
        }
    }

    /// The rules alone, whatever the catalog (the state's default until `serve` chooses).
    pub fn rules_alone() -> Self {
        InForce::new(ModelChoice::RulesAlone, None)
    }

    /// The model joined with the catalog in force, if any.
    pub fn current(&self) -> Option<Arc<BoardModel>> {
        self.current
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// The model the choice gives for `catalog`: checked before a reload puts it in force.
    pub fn for_catalog(
        &self,
        catalog: &readiness::Catalog,
        sha256: &str,
    ) -> Result<Option<Arc<BoardModel>>, ModelError> {
        self.choice.for_catalog(catalog, sha256)
    }

    /// Puts `model` in force, with the catalog it was chosen for.
    pub fn put(&self, model: Option<Arc<BoardModel>>) {
        *self.current.write().unwrap_or_else(|p| p.into_inner()) = model;
    }
}
