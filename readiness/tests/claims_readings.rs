//! The model's reading of copy as data (`Readings`): a checker holding only the reading (the
//! browser's) finds exactly what the checker holding the weights finds (the server's), on
//! every labelled set, once it has the reading of that copy; a sentence it has not read is
//! left to the rules; the text form reads back, and text that is not one is refused.

mod common;
use common::*;
use readiness::claims::model::{ClaimModel, Reader, Readings};
use readiness::{default_normalize, ClaimChecker, ClaimRules};
use std::sync::Arc;

fn read(name: &str) -> String {
    std::fs::read_to_string(format!("{}/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn shipped_model() -> ClaimModel {
    serde_json::from_str(&read("../catalog/claims-model.json")).expect("the shipped model parses")
}

fn rules() -> ClaimRules {
    ClaimRules::every_claim(&seed_catalog())
}

fn with_weights() -> ClaimChecker {
    let reader = Reader::new(shipped_model(), default_normalize).expect("fits");
    rules().compile().with_model(Arc::new(reader))
}

/// The labelled sentences of the project's sets and the attack set, as one copy.
fn copy() -> String {
    let sets = [
        "claims_corpus_16.toml",
        "claims_corpus_17.toml",
        "claims_attack_model.toml",
    ];
    let mut copy = String::new();
    for set in sets {
        for line in read(&format!("tests/{set}")).lines() {
            if let Some(text) = line.strip_prefix("text = ") {
                copy.push_str(text.trim_matches('"'));
                copy.push_str("\n\n");
            }
        }
    }
    copy
}

#[test]
fn the_reading_of_copy_joins_the_rules_as_the_weights_do() {
    let (weights, copy) = (with_weights(), copy());
    let readings = weights.readings(&copy).expect("weights read");
    let sent = Readings::decode(&readings.encode()).expect("reads back");
    assert_eq!(sent, readings);
    let by_reading = rules().compile().with_readings(Arc::new(sent));
    let (server, browser) = (
        weights.check_at_most(&copy, usize::MAX),
        by_reading.check_at_most(&copy, usize::MAX),
    );
    let by_model = |c: &readiness::Checked| {
        c.violations
            .iter()
            .filter(|v| !v.evidence.is_phrase())
            .count()
    };
    assert!(
        by_model(&server) > 20,
        "the copy exercises the model: {}",
        by_model(&server)
    );
    assert_eq!(server, browser);
    assert!(
        readings.len() < copy.matches("\n\n").count(),
        "only the sentences a join needs"
    );
}

#[test]
fn a_sentence_not_read_is_left_to_the_rules() {
    let weights = with_weights();
    let read = "Once payment is done by card on the website itself, workspace is getting activated automatically, no need to talk to any sales person.";
    let readings = Arc::new(weights.readings(read).unwrap());
    let by_reading = rules().compile().with_readings(readings);
    let found = by_reading.check_at_most(read, 100);
    assert!(
        found.violations.iter().any(|v| !v.evidence.is_phrase()),
        "{found:?}"
    );
    let edited = read.replace("sales person", "salesperson");
    let alone = rules().compile().check_at_most(&edited, 100);
    assert_eq!(
        by_reading.check_at_most(&edited, 100),
        alone,
        "an edited sentence is unread"
    );
}

#[test]
fn readings_merge_and_text_that_is_not_a_reading_is_refused() {
    let weights = with_weights();
    let one = "Chuck your card in on the website and off you go, no sales bloke ringing you back.";
    let two = "Rippling provisions users automatically over SCIM; Thesmios does not.";
    let mut merged = weights.readings(one).unwrap();
    merged.merge(weights.readings(two).unwrap());
    assert_eq!(merged, weights.readings(&format!("{one} {two}")).unwrap());
    for bad in ["X\tfoo", "S\tnot-hex\t012", "S\t12"] {
        assert_eq!(Readings::decode(bad), None, "{bad:?}");
    }
    let other = Readings::new(vec![vec!["Another claim".to_owned()]]);
    merged.merge(other.clone());
    assert_eq!(merged, other, "a reading by another model replaces it");
}
