//! The model of labelled copy: trained the same way every time, learning a claim's words,
//! joined with the rules by its thresholds, and refused when it cannot serve the catalog.

mod common;

use readiness::claims::labelled::LabelledSet;
use readiness::claims::model::train::{train, Example, Options, TrainError};
use readiness::claims::model::{
    ClaimModel, Head, ModelError, Reader, Thresholds, Trained, Vocabulary, FORMAT,
};
use readiness::claims::Evidence;
use readiness::{default_normalize, Checked, ClaimChecker, ClaimRules};
use std::sync::Arc;

const CHECKOUT: &str = "Self-serve checkout";

fn example(text: &str, labelled: &[&str]) -> Example {
    Example {
        text: text.to_owned(),
        labelled: labelled.iter().map(|c| c.to_string()).collect(),
        ..Example::default()
    }
}

/// Twelve sentences that make the checkout claim in new words, twelve that make none.
fn copy() -> Vec<Example> {
    let yes = [
        "Grab a licence with your Visa in a couple of clicks",
        "Pop your Visa in and the licence is yours",
        "Visa or Mastercard, the licence is yours in a minute",
        "A licence is two clicks and a Visa away",
        "Buy the licence with a Visa, no phone call",
        "Your Visa gets you a licence before lunch",
        "Licences go on your Visa right from the pricing page",
        "Put the licence on a Visa and carry on",
        "Visa holders get a licence at once",
        "Use Visa, get the licence, done",
        "The licence takes a Visa and thirty seconds",
        "Any Visa buys a licence here",
    ];
    let no = [
        "Our office is in Leeds",
        "The team meets on Tuesdays",
        "The office dog is called Rex",
        "We publish a newsletter every month",
        "Support answers in English and Welsh",
        "The roadmap is on our blog",
        "Our founders met at university",
        "The release notes list every change",
        "Leeds has good trains to London",
        "The team likes long lunches",
        "Newsletters go out on Fridays",
        "Our blog covers security news",
    ];
    let yes = yes.iter().map(|t| example(t, &[CHECKOUT]));
    yes.chain(no.iter().map(|t| example(t, &[]))).collect()
}

fn trained(examples: &[Example]) -> ClaimModel {
    let options = Options {
        folds: 3,
        ..Options::default()
    };
    train(examples, "sha", &options, default_normalize, &mut |_| {}).expect("trains")
}

fn chance(model: &ClaimModel, sentence: &str) -> f64 {
    let reader = Reader::new(model.clone(), default_normalize).expect("fits");
    let chances = reader.chances(sentence);
    chances
        .iter()
        .find(|(c, _)| *c == CHECKOUT)
        .map(|c| c.1)
        .unwrap_or(0.0)
}

#[test]
fn training_learns_a_claims_words_and_gives_the_same_model_every_time() {
    let model = trained(&copy());
    assert_eq!(model, trained(&copy()), "the same copy, the same weights");
    assert_eq!(model.heads.len(), 1);
    assert_eq!(model.heads[0].claims, [CHECKOUT]);
    assert!(chance(&model, "Get a licence with a Visa") > 0.8);
    assert!(chance(&model, "The office is closed on Tuesdays") < 0.2);
    assert!(model.trained.sentences == 24 && model.trained.floor_met);
    assert!(model.trained.precision >= 0.9, "{:?}", model.trained);
}

#[test]
fn claims_labelled_in_the_same_sentences_share_one_line() {
    let both = |e: Example| {
        let mut e = e;
        if !e.labelled.is_empty() {
            e.labelled.insert("Public checkout".to_owned());
        }
        e
    };
    let model = trained(&copy().into_iter().map(both).collect::<Vec<_>>());
    assert_eq!(model.heads.len(), 1);
    assert_eq!(model.heads[0].claims, ["Public checkout", CHECKOUT]);
}

#[test]
fn nothing_labelled_or_too_few_sentences_cannot_be_trained() {
    let none: Vec<Example> = copy()
        .into_iter()
        .filter(|e| e.labelled.is_empty())
        .collect();
    let options = Options::default();
    let error = train(&none, "sha", &options, default_normalize, &mut |_| {});
    assert_eq!(error, Err(TrainError::NothingLabelled));
    let few = &copy()[..3];
    let error = train(few, "sha", &options, default_normalize, &mut |_| {});
    assert_eq!(
        error,
        Err(TrainError::TooFew {
            sentences: 3,
            folds: 5
        })
    );
}

/// A model by hand: "card" speaks for checkout, "invoic" against it.
fn by_hand() -> ClaimModel {
    ClaimModel {
        format: FORMAT,
        trained: Trained {
            catalog_sha256: "sha".to_owned(),
            sentences: 0,
            recall: 1.0,
            precision: 1.0,
            floor_met: true,
        },
        thresholds: Thresholds {
            add: 0.9,
            keep: 0.2,
        },
        vocabulary: Vocabulary {
            terms: vec!["card".to_owned(), "invoic".to_owned()],
            idf: vec![1.0, 1.0],
        },
        heads: vec![Head {
            claims: vec![CHECKOUT.to_owned()],
            bias: 0.0,
            weights: vec![8.0, -8.0],
        }],
    }
}

/// The seed catalog's every claim, checked with the rules joined to `model`.
fn checker_with(model: ClaimModel) -> ClaimChecker {
    let catalog = common::seed_catalog();
    let reader = Reader::new(model, default_normalize).expect("fits");
    ClaimRules::every_claim(&catalog)
        .compile()
        .with_model(Arc::new(reader))
}

/// Each finding as (claim, evidence, negated, text).
fn findings(checked: &Checked) -> Vec<(&str, Evidence, bool, &str)> {
    let v = checked.violations.iter();
    v.map(|v| (&*v.claim, v.evidence, v.negated, v.text.as_str()))
        .collect()
}

#[test]
fn the_model_finds_a_sentence_no_rule_matched_and_it_counts() {
    let checker = checker_with(by_hand());
    let copy = "Nothing to sign. Settle it by card and off you go.";
    let checked = checker.check_at_most(copy, 10);
    let sentence = "Settle it by card and off you go";
    assert_eq!(
        findings(&checked),
        [(CHECKOUT, Evidence::Sentence, false, sentence)]
    );
    assert_eq!(
        &copy[checked.violations[0].start..checked.violations[0].end],
        sentence
    );
    assert_eq!((checked.phrases, checked.claims), (1, 1));
    assert!(checked.verdicts.iter().any(|v| !v.safe));
    let json = serde_json::to_value(&checked.violations[0]).unwrap();
    assert_eq!(json["evidence"], "sentence");
}

#[test]
fn a_phrase_the_model_doubts_is_listed_and_still_counts() {
    let rules_alone = ClaimRules::every_claim(&common::seed_catalog()).compile();
    let copy = "Self-serve checkout is live, for invoices.";
    let plain = rules_alone.check_at_most(copy, 10);
    assert!(findings(&plain).contains(&(CHECKOUT, Evidence::Phrase, false, "Self-serve checkout")));
    let checked = checker_with(by_hand()).check_at_most(copy, 10);
    let doubted = (
        CHECKOUT,
        Evidence::DoubtedPhrase,
        false,
        "Self-serve checkout",
    );
    assert!(
        findings(&checked).contains(&doubted),
        "{:?}",
        findings(&checked)
    );
    let json = serde_json::to_value(&checked.violations).unwrap();
    assert!(json
        .as_array()
        .unwrap()
        .iter()
        .any(|v| v["evidence"] == "doubted_phrase"));
    // The model may add to a verdict, never clear one (found by attack: padding made it doubt a
    // real claim, and copy that made it was called safe).
    assert_eq!(checked.claims, plain.claims, "{checked:?}");
    // Each verdict as the rules' own, and says how many of its phrases the model doubts: the
    // motions the doubted checkout claim is not allowed for.
    let doubting: Vec<&str> = checked
        .violations
        .iter()
        .filter(|v| v.evidence == Evidence::DoubtedPhrase)
        .flat_map(|v| v.motions.iter().map(String::as_str))
        .collect();
    assert!(!doubting.is_empty());
    for (joined, plain) in checked.verdicts.iter().zip(&plain.verdicts) {
        let doubted = usize::from(doubting.contains(&joined.motion.as_str()));
        assert_eq!((joined.doubted, plain.doubted), (doubted, 0), "{joined:?}");
        let same = readiness::MotionVerdict {
            doubted: 0,
            ..joined.clone()
        };
        assert_eq!(&same, plain);
    }
    // Other checkout claims have no line in this model: the rules' phrases stand for them.
    assert!(findings(&checked)
        .iter()
        .any(|f| f.0 != CHECKOUT && f.1 == Evidence::Phrase));
}

/// A labelled set scores what the checker reads (a doubted phrase is not read as made) and,
/// apart, what a verdict counts (it is).
#[test]
fn a_score_counts_a_doubted_phrase_apart_as_verdicts_do() {
    let set = LabelledSet::parse(
        "[[sentence]]\ntext = \"Self-serve checkout is live, for invoices.\"\nclaims = []\n",
    )
    .unwrap();
    let checker = checker_with(by_hand());
    let checked = checker.check_at_most("Self-serve checkout is live, for invoices.", 10);
    let counted = checked.violations.iter().filter(|v| v.counts()).count();
    let read = checked
        .violations
        .iter()
        .filter(|v| v.read_as_made())
        .count();
    assert!(counted > read, "a doubted phrase: {checked:?}");
    let score = set.score(&checker).unwrap();
    let claims = |pick: fn(&readiness::Violation) -> bool| {
        let found = checked.violations.iter().filter(|v| pick(v));
        found
            .map(|v| v.claim.to_string())
            .collect::<std::collections::BTreeSet<_>>()
            .len()
    };
    assert_eq!(
        score.counts.false_alarms,
        claims(readiness::Violation::read_as_made)
    );
    assert_eq!(
        score.as_counted.false_alarms,
        claims(readiness::Violation::counts)
    );
    assert!(score.as_counted.false_alarms > score.counts.false_alarms);
    // Without a model, the two are one.
    let alone = set
        .score(&ClaimRules::every_claim(&common::seed_catalog()).compile())
        .unwrap();
    assert_eq!(alone.as_counted, alone.counts);
}

#[test]
fn the_model_finds_no_claim_in_a_heading_a_list_of_names_or_a_question_cut_off() {
    // Found by attack: fragments of topic words read as whole claims by the model.
    let checker = checker_with(by_hand());
    for copy in [
        "Card",
        "Card payments?",
        "Card, Visa, Mastercard, Amex",
        "Pay · card · today",
    ] {
        let checked = checker.check_at_most(copy, 10);
        let by_model = findings(&checked)
            .into_iter()
            .filter(|f| f.1 == Evidence::Sentence);
        assert_eq!(by_model.count(), 0, "{copy}: {:?}", findings(&checked));
    }
    let stated = checker.check_at_most("We take a card here.", 10);
    assert_eq!(
        findings(&stated),
        [(CHECKOUT, Evidence::Sentence, false, "We take a card here")]
    );
}

#[test]
fn the_model_never_finds_a_claim_the_rules_read_as_denied() {
    let checked =
        checker_with(by_hand()).check_at_most("We do not offer self-serve checkout by card.", 10);
    let all = findings(&checked);
    assert!(!all.is_empty(), "the rules read the denial");
    assert!(
        all.iter().all(|f| f.2 && f.1 == Evidence::Phrase),
        "{all:?}"
    );
    assert!(!checked.verdicts.is_empty() && checked.verdicts.iter().all(|v| v.safe));
    let clean = checker_with(by_hand()).check_at_most("Hello there. Our office is in Leeds.", 10);
    assert!(clean.violations.is_empty());
}

#[test]
fn a_model_for_other_claims_another_format_or_damaged_is_refused() {
    let claims = [CHECKOUT, "Public checkout"];
    assert_eq!(by_hand().validate(claims), Ok(()));
    let error = by_hand().validate(["Public checkout"]);
    assert_eq!(error, Err(ModelError::UnknownClaim(CHECKOUT.to_owned())));
    let mut later = by_hand();
    later.format = FORMAT + 1;
    assert_eq!(later.validate(claims), Err(ModelError::Format(FORMAT + 1)));
    let mut short = by_hand();
    short.heads[0].weights.pop();
    assert!(matches!(
        short.validate(claims),
        Err(ModelError::Damaged(_))
    ));
    // A model that would go against its own reading, or that is not what `claims train`
    // writes, is refused (found by attack: such models silenced every rule).
    let refused = |change: &dyn Fn(&mut ClaimModel)| {
        let mut model = by_hand();
        change(&mut model);
        matches!(model.validate(claims), Err(ModelError::Damaged(_)))
    };
    assert!(refused(&|m| m.thresholds.add = 1.5));
    assert!(
        refused(&|m| m.thresholds.add = 0.3),
        "adds what it finds unlikely"
    );
    assert!(
        refused(&|m| m.thresholds.keep = 0.6),
        "doubts what it finds likely"
    );
    assert!(refused(&|m| m.heads.clear()), "no lines");
    assert!(refused(&|m| m.heads[0].bias = f32::NAN));
    assert!(refused(&|m| m.vocabulary.idf[1] = -1.0));
    assert!(
        refused(&|m| m.vocabulary.terms[1] = "card".to_owned()),
        "a term twice"
    );
    assert!(
        refused(&|m| {
            let twin = m.heads[0].clone();
            m.heads.push(twin)
        }),
        "a claim in two lines"
    );
    assert!(
        refused(&|m| m.heads[0].weights[0] = 51.0),
        "a weight no training gives"
    );
    assert!(
        refused(&|m| m.heads[0].bias = -1000.0),
        "a bias that silences every rule"
    );
    let even = Thresholds {
        add: 0.5,
        keep: 0.5,
    };
    assert!(!refused(&|m| m.thresholds = even));
    // A reader is only made of a model that fits itself (its lookups would panic otherwise).
    let mut short = by_hand();
    short.vocabulary.idf.pop();
    assert!(matches!(
        Reader::new(short, default_normalize),
        Err(ModelError::Damaged(_))
    ));
}

#[test]
fn a_labelled_set_is_scored_with_the_rules_joined_to_a_model() {
    let catalog = common::seed_catalog();
    let labelled = LabelledSet::parse(
        r#"
        [[sentence]]
        text = "Settle it by card and off you go"
        claims = ["Self-serve checkout"]
        [[sentence]]
        text = "Pay by invoice"
        "#,
    )
    .expect("parses");
    let rules = labelled
        .score(&ClaimRules::every_claim(&catalog).compile())
        .expect("scores");
    let mut model = by_hand();
    model.thresholds.keep = 0.0;
    let checker = checker_with(model);
    let joined = labelled.score(&checker).expect("scores");
    assert_eq!(
        (rules.counts.found, rules.counts.missed),
        (0, 1),
        "{rules:?}"
    );
    assert_eq!(
        (joined.counts.found, joined.counts.missed),
        (1, 0),
        "{joined:?}"
    );
    assert_eq!(joined.counts.false_alarms, rules.counts.false_alarms);
    // What a model learns from is the rules' findings alone, whatever model the checker has.
    let examples = labelled.examples(&checker).expect("examples");
    assert!(examples[0].by_rules.is_empty(), "{:?}", examples[0]);
}
