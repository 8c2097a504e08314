//! The board's version: a short hash of everything a reader sees, so open pages poll it to stay
//! live. Every field counts but an explicit list of those that move with the clock alone: a new
//! field reaches open pages without anyone remembering to add it here.

use readiness::Board;
use sha2::{Digest, Sha256};

/// Board fields that move with the clock alone (recomputed at least once a minute): they never
/// make an open page fetch the board again; and the version itself.
const MOVE_WITH_THE_CLOCK: [&str; 3] = ["as_of", "uptime", "version"];

/// A short hash of the board but [`MOVE_WITH_THE_CLOCK`]: what a reader sees, and only that, so
/// a past view keeps its version whatever is written later (found by attack, issue 22 round 5:
/// it hashed the store's write counter too, so a write moved the version of every past board).
pub fn version_of(board: &Board) -> String {
    match serde_json::to_value(board) {
        Ok(value) => version_of_value(value),
        Err(e) => {
            tracing::error!(error = %e, "the board did not serialize for its version");
            "unserializable".to_owned()
        }
    }
}

fn version_of_value(mut value: serde_json::Value) -> String {
    if let Some(fields) = value.as_object_mut() {
        for field in MOVE_WITH_THE_CLOCK {
            fields.remove(field);
        }
    }
    let mut digest = Sha256::new();
    digest.update(value.to_string());
    hex::encode(&digest.finalize()[..12])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn board() -> serde_json::Value {
        let catalog = readiness::catalog_toml::parse_catalog(
            "shipped",
            include_str!("../../catalog/vendor-catalog.toml"),
        )
        .unwrap();
        let env = readiness::Environment::from_pairs(&catalog, std::iter::empty());
        let at = time::macros::datetime!(2026-12-01 12:00 UTC);
        let board = readiness::evaluate(&catalog, &env, &readiness::LatestProofs::default(), at);
        serde_json::to_value(&board).unwrap()
    }

    #[test]
    fn every_field_a_reader_sees_moves_the_version_and_the_clock_alone_does_not() {
        let value = board();
        let before = version_of_value(value.clone());
        let fields: Vec<String> = value.as_object().unwrap().keys().cloned().collect();
        assert!(fields.len() > 10, "the board has its fields: {fields:?}");
        for field in &fields {
            let mut edited = value.clone();
            edited[field.as_str()] = serde_json::json!({ "edited": true });
            let after = version_of_value(edited);
            if MOVE_WITH_THE_CLOCK.contains(&field.as_str()) {
                assert_eq!(after, before, "{field} moves with the clock alone");
            } else {
                assert_ne!(after, before, "a change of {field} reaches open pages");
            }
        }
        assert_eq!(
            version_of_value(value),
            before,
            "the same board, the same version"
        );
    }
}
