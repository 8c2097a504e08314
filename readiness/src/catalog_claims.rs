//! A catalog claim's matching, read from TOML: its head, its patterns with `[concepts]`
//! resolved and its suggested wording; a bad pattern is an error at its file:line.

use crate::catalog::{Claim, Text};
use crate::catalog_error::{CatalogError, Locator};
use crate::claims::pattern::{self, Concepts};
use crate::ids::SystemId;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::Arc;
use toml::Spanned;

/// A claim as the catalog file writes it.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct RawClaim {
    /// The claim, as sales must not make it.
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub text: Spanned<String>,
    /// Systems whose readiness lifts the claim.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(with = "Vec<String>"))]
    pub until_ready: Vec<Spanned<String>>,
    /// What the claim claims, without its condition; by default the text before "until",
    /// "unless" or "without".
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub head: Option<Spanned<String>>,
    /// Extra patterns that find the claim: {concept}, {a|b} and "X near Y within N words".
    #[serde(default, rename = "match")]
    #[cfg_attr(feature = "schema", schemars(with = "Vec<String>"))]
    pub matches: Vec<Spanned<String>>,
    /// A compliant wording to suggest instead.
    pub instead: Option<String>,
}

type RawConcepts = BTreeMap<String, Spanned<Vec<Spanned<String>>>>;

/// The `[concepts]` table: each name checked, each phrase checked.
pub(crate) fn concepts(
    raw: &RawConcepts,
    at: &Locator,
    errors: &mut Vec<CatalogError>,
) -> Concepts {
    let mut concepts = Concepts::default();
    for (name, phrases) in raw {
        if !pattern::is_concept_name(name) {
            errors.push(at.error(phrases.span(), format!(
                "concept name {name:?}: use lower-case letters, digits and _, starting with a letter"
            )));
        }
        if phrases.get_ref().is_empty() {
            errors.push(at.error(phrases.span(), format!("concept {name:?} lists no phrase")));
        }
        for phrase in phrases.get_ref() {
            if let Err(reason) = pattern::check_phrase(phrase.get_ref()) {
                errors.push(at.error(phrase.span(), format!("concept {name:?}: {reason}")));
            }
        }
        let list = phrases
            .get_ref()
            .iter()
            .map(|p| Text::from(p.get_ref().trim()));
        concepts.insert(name.clone(), list.collect());
    }
    concepts
}

/// The head a claim has when the catalog gives none: its text up to its condition
/// ("Automated cancellations until Stripe proof passes" claims "Automated cancellations").
pub fn default_head(text: &str) -> &str {
    let lower = text.to_lowercase();
    let cut = [" until ", " unless ", " without "]
        .iter()
        .filter_map(|word| lower.find(word))
        .min()
        .filter(|&at| text.is_char_boundary(at));
    cut.map_or(text, |at| &text[..at]).trim()
}

/// One claim, or `None` with its problems pushed to `errors`.
pub(crate) fn claim(
    raw: &Spanned<RawClaim>,
    until_ready: Arc<[SystemId]>,
    concepts: &Concepts,
    at: &Locator,
    errors: &mut Vec<CatalogError>,
) -> Claim {
    let c = raw.get_ref();
    // The head as written, or the text before its condition; a problem points at either.
    let (head_text, span, what) = match &c.head {
        Some(head) => (head.get_ref().trim(), head.span(), "head"),
        // At the text itself (found by a new operator: it pointed at the claim's header).
        None => (default_head(c.text.get_ref()), c.text.span(), "claim text"),
    };
    let head = pattern::literal(head_text)
        .map_err(|reason| errors.push(at.error(span, format!("{what}: {reason}"))));
    let mut patterns: Vec<_> = head.into_iter().collect();
    for source in &c.matches {
        match pattern::parse(source.get_ref(), concepts) {
            Ok(p) => patterns.push(p),
            Err(reason) => errors.push(at.error(source.span(), format!("match: {reason}"))),
        }
    }
    // A claim with a bad pattern is kept with its good ones: the catalog is refused all the
    // same, and the checks across pieces still run, so their problems come in the same run
    // (found by an operator: a bad pattern hid an unknown system id until it was fixed).
    Claim {
        text: c.text.get_ref().as_str().into(),
        head: head_text.into(),
        until_ready,
        matches: c
            .matches
            .iter()
            .map(|m| m.get_ref().as_str().into())
            .collect(),
        patterns: patterns.into(),
        instead: c.instead.as_deref().map(Text::from),
    }
}
