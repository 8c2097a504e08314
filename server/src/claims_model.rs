//! The model of labelled copy a board joins with its claim rules (`serve --claims-model`): read
//! and checked once at start-up, shared by every check of the API and the page, and served to
//! other checkers (`GET /api/claims/model`) as the JSON `claims train` wrote. Without a flag, the
//! shipped model joins the shipped catalog ([`crate::model_in_force`]).

use readiness::claims::model::{ClaimModel, Reader};
use readiness::{ClaimChecker, ClaimRules};
use std::sync::Arc;

/// A board's model, ready to join its rules.
pub struct BoardModel {
    reader: Arc<Reader>,
    /// The model as JSON, written once.
    json: bytes::Bytes,
    /// A strong validator of `json` ([`crate::conditional::etag_of`]).
    etag: String,
}

impl BoardModel {
    /// `model`, once it is checked to fit itself (the caller has checked it against the
    /// catalog's claims).
    pub fn new(model: ClaimModel) -> Result<Self, readiness::claims::model::ModelError> {
        // Checked first: a model that fits itself holds finite numbers only, so it writes.
        let reader = Reader::new(model, readiness::default_normalize)?;
        let json = serde_json::to_vec(reader.model()).unwrap_or_default();
        let etag = crate::conditional::etag_of(&json);
        Ok(BoardModel {
            reader: Arc::new(reader),
            json: bytes::Bytes::from(json),
            etag,
        })
    }

    /// `rules` compiled and joined with this model.
    pub fn checker(&self, rules: ClaimRules) -> ClaimChecker {
        rules.compile().with_model(Arc::clone(&self.reader))
    }

    /// Whether this model serves `catalog` (whose sha256 is `sha256`), at start-up and on every
    /// reload: refused when it names a claim the catalog does not make; said in the log when it
    /// was trained for another catalog (a claim's name may now mean another claim: found by
    /// attack, two names swapped).
    pub fn serves(
        &self,
        catalog: &readiness::Catalog,
        sha256: &str,
    ) -> Result<(), readiness::claims::model::ModelError> {
        let rules = ClaimRules::every_claim(catalog).rules;
        self.model()
            .validate(rules.iter().map(|r| r.claim.as_str()))?;
        let trained_for = &self.model().trained.catalog_sha256;
        if trained_for != sha256 {
            tracing::warn!(trained_for = %trained_for, "the claims model was trained for another catalog: it speaks only for claims this catalog makes; train it again when their meaning changed");
        }
        Ok(())
    }

    pub fn reader(&self) -> &Arc<Reader> {
        &self.reader
    }

    pub fn model(&self) -> &ClaimModel {
        self.reader.model()
    }

    pub fn json(&self) -> bytes::Bytes {
        self.json.clone()
    }

    pub fn etag(&self) -> &str {
        &self.etag
    }
}

/// `rules` compiled, and joined with the board's model when it has one.
pub fn checker(model: Option<&BoardModel>, rules: ClaimRules) -> ClaimChecker {
    match model {
        Some(model) => model.checker(rules),
        None => rules.compile(),
    }
}
