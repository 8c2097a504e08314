//! Readiness rules for the vendor readiness board, free of any web framework or IO.
//!
//! `Catalog` + `Environment` + `LatestProofs` + an instant go into [`evaluate`], a [`Board`]
//! comes out. The page, the JSON API and the CLI all read that one `Board`.

pub mod answer;
mod audience;
pub mod board;
pub mod buyer;
#[cfg(feature = "history")]
pub mod buyer_line;
#[cfg(feature = "history")]
pub mod buyer_news;
mod buyer_system;
pub mod catalog;
mod catalog_check;
#[cfg(feature = "catalog-toml")]
mod catalog_claims;
#[cfg(feature = "catalog-toml")]
mod catalog_days;
#[cfg(feature = "catalog-toml")]
mod catalog_error;
#[cfg(feature = "catalog-toml")]
mod catalog_page;
#[cfg(feature = "catalog-toml")]
mod catalog_reach;
#[cfg(feature = "schema")]
mod catalog_repair;
#[cfg(feature = "schema")]
mod catalog_shape;
#[cfg(feature = "catalog-toml")]
pub mod catalog_toml;
#[cfg(feature = "history")]
pub mod changes;
pub mod claims;
mod engine;
pub mod english;
pub mod environment;
pub mod expected;
pub mod filter;
mod filter_apply;
pub mod filter_index;
mod filter_index_text;
#[cfg(feature = "history")]
pub mod followed;
mod headline;
pub mod ids;
pub mod instant;
pub mod listing;
#[cfg(feature = "history")]
pub mod offer_moves;
pub mod over_time;
pub mod proof;
pub mod proof_problem;
pub mod receipt;
pub mod status;
#[cfg(feature = "catalog-toml")]
pub mod suggest;
#[cfg(feature = "synthetic")]
pub mod synthetic;
mod text;
mod text_form;
pub mod unlock;
mod waits;

pub use board::{
    Blocker, Board, BoundaryView, CatalogInfo, ClaimView, Deployment, GroupView, InputsInfo,
    MotionView, ProofView, RequirementView, Summary, SystemView, Unlock, UnlockStep,
};
pub use catalog::{Catalog, CatalogIssue, Text};
pub use claims::{
    check_copy, default_normalize, Allowed, Checked, ClaimChecker, ClaimRule, ClaimRules, Evidence,
    MotionRef, MotionVerdict, Suppressed, UnknownMotion, Violation,
};
pub use engine::evaluate;
pub use environment::Environment;
pub use filter::BoardFilter;
pub use filter_index::{FilterIndex, FilterOutcome};
pub use ids::{IdError, MotionId, SystemId, VarName};
pub use instant::{canonical, display_instant, parse_instant, InstantError};
pub use proof::{LatestProofs, Outcome, ProofRecord, ProofSource};
pub use status::Status;
