//! The shipped catalog's claims against realistic sales copy: sentences written by hand and
//! labelled with the claim families they make, in three sets by different writers. Recall must
//! reach 0.9 and precision 0.95 on each, counted per (sentence, claim).
//!
//! Sets 2 and 3 were first run as held-out sets, before the catalog's concepts were tuned on
//! them: set 2 gave recall 0.54 and precision 1.00, set 3 (another writer, written after the
//! tuning on set 2) recall 0.80 and precision 0.88. Expect copy nobody has seen to fare like the
//! latter; docs/claims.md has the numbers and how to add sentences.

mod common;
use common::*;
use readiness::{evaluate, ClaimRules, LatestProofs};
use serde::Deserialize;
use std::collections::BTreeSet;

#[derive(Deserialize)]
struct Corpus {
    sentence: Vec<Sentence>,
}

#[derive(Deserialize)]
struct Sentence {
    text: String,
    families: Vec<String>,
    #[serde(default)]
    negated: bool,
}

/// Which of the shipped catalog's claims make each family of claim. Cancelling online is part
/// of an automated subscription lifecycle too.
fn claims_of(family: &str) -> &'static [&'static str] {
    match family {
        "checkout" => &["Self-serve checkout", "Public checkout", "Buy-now checkout"],
        "activation" => &["Card-backed activation"],
        "lifecycle" => &["Automated subscription lifecycle"],
        "cancellation" => &[
            "Automated cancellations until Stripe proof passes",
            "Automated subscription lifecycle",
        ],
        "identity" => &[
            "Hands-off SSO/SCIM",
            "Enterprise identity automation without fixture proof",
            "Self-serve SAML/OIDC",
        ],
        "hris" => &["Automatic HRIS sync"],
        "official" => &[
            "Direct official-source automation unless keyed and accepted",
            "Live official issuer automation without authority-specific approval",
        ],
        other => panic!("unknown family {other:?}"),
    }
}

struct Score {
    true_positives: usize,
    false_positives: usize,
    false_negatives: usize,
}

fn score(file: &str) -> Score {
    let path = format!("{}/tests/{file}", env!("CARGO_MANIFEST_DIR"));
    let corpus: Corpus = toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let catalog = seed_catalog();
    let board = evaluate(
        &catalog,
        &seed_env(&catalog),
        &LatestProofs::default(),
        now(),
    );
    let checker = ClaimRules::all(&board).compile();
    let mut s = Score {
        true_positives: 0,
        false_positives: 0,
        false_negatives: 0,
    };
    for sentence in &corpus.sentence {
        let expected: BTreeSet<&str> = match sentence.negated {
            true => BTreeSet::new(),
            false => sentence
                .families
                .iter()
                .flat_map(|f| claims_of(f))
                .copied()
                .collect(),
        };
        let checked = checker.check_at_most(&sentence.text, usize::MAX);
        let found: BTreeSet<&str> = checked
            .violations
            .iter()
            .filter(|v| !v.negated)
            .map(|v| &*v.claim)
            .collect();
        let missed: Vec<_> = expected.difference(&found).collect();
        let wrong: Vec<_> = found.difference(&expected).collect();
        if !missed.is_empty() || !wrong.is_empty() {
            eprintln!(
                "{:?}\n  missed {missed:?}\n  wrongly flagged {wrong:?}",
                sentence.text
            );
        }
        s.true_positives += expected.intersection(&found).count();
        s.false_negatives += missed.len();
        s.false_positives += wrong.len();
    }
    s
}

fn assert_good_enough(file: &str) {
    assert_scores(file, &score(file));
}

fn assert_scores(file: &str, s: &Score) {
    let recall = s.true_positives as f64 / (s.true_positives + s.false_negatives) as f64;
    let precision = s.true_positives as f64 / (s.true_positives + s.false_positives) as f64;
    eprintln!("{file}: recall {recall:.3}, precision {precision:.3}");
    assert!(recall >= 0.9, "{file}: recall {recall:.3} is under 0.9");
    assert!(
        precision >= 0.95,
        "{file}: precision {precision:.3} is under 0.95"
    );
}

#[test]
fn the_corpus_is_caught_with_few_false_alarms() {
    assert_good_enough("claims_corpus.toml");
}

#[test]
fn the_second_set_is_caught_with_few_false_alarms() {
    assert_good_enough("claims_corpus_2.toml");
}

#[test]
fn the_third_set_by_another_writer_is_caught_too() {
    assert_good_enough("claims_corpus_3.toml");
}

/// Set 4 is adversarial by construction (every sentence once fooled the checker), so it is held
/// to the thresholds together with the rest: the whole corpus of 200 sentences. Its remaining
/// false alarms are listed in docs/claims.md.
#[test]
fn the_whole_corpus_with_the_hostile_reviews_set_is_caught_with_few_false_alarms() {
    let files = [
        "claims_corpus.toml",
        "claims_corpus_2.toml",
        "claims_corpus_3.toml",
        "claims_corpus_4.toml",
    ];
    let mut all = Score {
        true_positives: 0,
        false_positives: 0,
        false_negatives: 0,
    };
    for file in files {
        let s = score(file);
        all.true_positives += s.true_positives;
        all.false_positives += s.false_positives;
        all.false_negatives += s.false_negatives;
    }
    assert_scores("all four sets", &all);
    let hostile = score("claims_corpus_4.toml");
    let recall =
        hostile.true_positives as f64 / (hostile.true_positives + hostile.false_negatives) as f64;
    assert!(recall >= 0.9, "set 4: recall {recall:.3} is under 0.9");
}
