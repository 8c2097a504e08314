//! `[page]` and `[[proof_command]]` as the catalog file writes them: a misspelt field is refused
//! with "did you mean", never ignored (found by a property test of issue 23: `titel = …` was
//! dropped in silence, and only the missing `title` was said). The board's own types stay open
//! to fields a newer server adds.

use crate::catalog::{PageText, ProofCommand};
use serde::Deserialize;

/// Page text shown above the computed board.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "PageText"))]
#[serde(deny_unknown_fields)]
pub(crate) struct RawPage {
    title: String,
    headline: String,
    intro: String,
    motions_intro: String,
}

impl From<RawPage> for PageText {
    fn from(raw: RawPage) -> Self {
        Self {
            title: raw.title,
            headline: raw.headline,
            intro: raw.intro,
            motions_intro: raw.motions_intro,
        }
    }
}

/// A named proof command listed on the page for operators.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "ProofCommand"))]
#[serde(deny_unknown_fields)]
pub(crate) struct RawProofCommand {
    name: String,
    purpose: String,
    command: String,
}

impl From<RawProofCommand> for ProofCommand {
    fn from(raw: RawProofCommand) -> Self {
        Self {
            name: raw.name,
            purpose: raw.purpose,
            command: raw.command,
        }
    }
}
