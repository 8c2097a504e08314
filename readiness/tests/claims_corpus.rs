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
use readiness::claims::labelled::{LabelledSet, Score};
use readiness::ClaimRules;

/// A shipped set scored against every claim of the shipped catalog, with the claims' families
/// (`claims_families.toml`): the scoring `vendor-readiness claims test` prints.
fn score(file: &str) -> Score {
    let read = |name: &str| {
        let path = format!("{}/tests/{name}", env!("CARGO_MANIFEST_DIR"));
        LabelledSet::parse(&std::fs::read_to_string(path).unwrap()).unwrap()
    };
    let mut set = read("claims_families.toml");
    set.merge(read(file));
    let checker = ClaimRules::every_claim(&seed_catalog()).compile();
    let score = set.score(&checker).unwrap();
    for m in &score.mistakes {
        eprintln!(
            "{:?}\n  missed {:?}\n  wrongly flagged {:?}",
            m.text, m.missed, m.false_alarms
        );
    }
    score
}

fn assert_good_enough(file: &str) {
    assert_scores(file, &score(file));
}

fn assert_scores(file: &str, s: &Score) {
    let (recall, precision) = (s.recall(), s.precision());
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
    let mut all = Score::default();
    for file in files {
        all.add(&score(file));
    }
    assert_scores("all four sets", &all);
    let recall = score("claims_corpus_4.toml").recall();
    assert!(recall >= 0.9, "set 4: recall {recall:.3} is under 0.9");
}

/// A set once tuned on keeps the recall and precision the tuning reached, so a later change to
/// the concepts cannot quietly lose them.
fn keeps_what_tuning_reached(file: &str, min_recall: f64, min_precision: f64) {
    let s = score(file);
    let (recall, precision) = (s.recall(), s.precision());
    assert!(
        recall >= min_recall,
        "{file}: recall {recall:.3} is under {min_recall}"
    );
    assert!(
        precision >= min_precision,
        "{file}: precision {precision:.3} is under {min_precision}"
    );
}

/// Set 6 was written blind in styles the other sets lack (first run: recall 0.68, precision
/// 0.92), then the concepts were widened on it: this holds what that tuning reached, so a later
/// change to the concepts cannot quietly lose it. Its misses are mostly claims split over two
/// sentences ("Card in. Access on. Instantly.") and its false alarms claims of one family read
/// in another's words.
#[test]
fn the_sixth_set_written_blind_keeps_what_the_tuning_on_it_reached() {
    keeps_what_tuning_reached("claims_corpus_6.toml", 0.88, 0.96);
}

/// Set 5 was held out from 2026-12-03 (first run: recall 0.57, precision 0.81) until the
/// concepts were widened on it on 2026-12-06 (recall 0.95, precision 0.88): this holds what
/// that reached; the answers that deny (tuned on set 10) took its precision to 0.91.
#[test]
fn the_fifth_set_keeps_what_the_tuning_on_it_reached() {
    keeps_what_tuning_reached("claims_corpus_5.toml", 0.95, 0.93);
}

/// Set 7 was held out from 2026-12-06 (first run: recall 0.76, precision 0.82) until the
/// negation learnt denying headings and states ("Not automatic — …", "Roadmap: …", "not enabled
/// yet") on it (recall 0.82, precision 0.86): this holds what that reached.
#[test]
fn the_seventh_set_keeps_what_the_tuning_on_it_reached() {
    keeps_what_tuning_reached("claims_corpus_7.toml", 0.86, 0.91);
}

/// Set 8 was held out from 2026-12-06 (first run: recall 0.66, precision 0.81) until the
/// negation learnt, on it, what is not offered now (taken away, only weighed, waiting for a
/// state) and work done by the vendor's people (recall 0.66, precision 0.84, once narrowed
/// against two attacks): this holds what that reached. The thresholds of sets 5 to 7 are what the
/// same change brought them; the answers that deny (tuned on set 10, narrowed after an attack)
/// took set 8's precision to 0.86.
#[test]
fn the_eighth_set_keeps_what_the_tuning_on_it_reached() {
    keeps_what_tuning_reached("claims_corpus_8.toml", 0.72, 0.86);
}

/// Set 9 was held out from 2026-12-06 (first run: recall 0.60, precision 0.83) until set 13 was
/// written to hold out in its place (2026-12-07, thirteenth session); the built-in
/// `{nobody_needed}` was then drawn from it and sets 11 and 12 (recall 0.68, precision 0.90):
/// this holds what that reached.
#[test]
fn the_ninth_set_keeps_what_the_tuning_on_it_reached() {
    keeps_what_tuning_reached("claims_corpus_9.toml", 0.67, 0.92);
}

/// Set 10 was held out from 2026-12-07 (first run: recall 0.72, precision 0.77) until set 11 was
/// written to hold out in its place; the answers that deny were tuned on it (recall 0.77,
/// precision 0.83): this holds what that reached; later changes took it to recall 0.84,
/// precision 0.85.
#[test]
fn the_tenth_set_keeps_what_the_tuning_on_it_reached() {
    keeps_what_tuning_reached("claims_corpus_10.toml", 0.83, 0.84);
}

/// Set 11 was held out from 2026-12-07 (first run: recall 0.79, precision 0.84) until set 13;
/// `{nobody_needed}` took it to recall 0.84, precision 0.84: this holds what that reached.
#[test]
fn the_eleventh_set_keeps_what_the_tuning_on_it_reached() {
    keeps_what_tuning_reached("claims_corpus_11.toml", 0.83, 0.89);
}

/// Set 12 was held out from 2026-12-07 (tenth session; first run: recall 0.65, precision 0.84)
/// until set 13; `{nobody_needed}` took it to recall 0.72, precision 0.86, and the fifteenth
/// session's word classes to recall 0.75, precision 0.90: this holds what that reached.
#[test]
fn the_twelfth_set_keeps_what_the_tuning_on_it_reached() {
    keeps_what_tuning_reached("claims_corpus_12.toml", 0.74, 0.89);
}

/// Set 13 was held out from 2026-12-07 (thirteenth session; first run: recall 0.63, precision
/// 0.77; after `{nobody_needed}`: recall 0.66, precision 0.77) until set 14 was written to hold
/// out in its place (fourteenth session); the denied forms and the provisioning split were then
/// drawn from its false alarms and those of sets 10 to 12 (recall 0.66, precision 0.82), and
/// moved sets 5, 7, 8 and 9 too: every threshold holds what its set now reaches, less 0.01 (the
/// fifteenth session's word classes: recall 0.67, precision 0.82).
#[test]
fn the_thirteenth_set_keeps_what_it_reached() {
    keeps_what_tuning_reached("claims_corpus_13.toml", 0.66, 0.81);
}

/// Set 14 was held out from 2026-12-07 (fourteenth session; first run: recall 0.66, precision
/// 0.80; after the denied forms and provisioning: recall 0.66, precision 0.81) until set 15 was
/// written to hold out in its place (fifteenth session): from then a tuning set. What a card
/// payment switches on and the controls a buyer works alone (`claims_word_classes.rs`), drawn
/// from sets 9 to 14, took it to recall 0.68 (sets 10, 12 and 13 gained too), and a question
/// with emphasis answered no to precision 0.83: every threshold holds what its set reached, less
/// about 0.01.
#[test]
fn the_fourteenth_set_keeps_what_it_reached() {
    keeps_what_tuning_reached("claims_corpus_14.toml", 0.67, 0.82);
}

/// Set 15 was held out from 2026-12-07 (fifteenth session; first run: recall 0.68, precision
/// 0.78; after two word classes: recall 0.69, precision 0.78) until set 16 was written to hold
/// out in its place, the same session: from then a tuning set, held to what it reached, less
/// about 0.01.
#[test]
fn the_fifteenth_set_keeps_what_it_reached() {
    keeps_what_tuning_reached("claims_corpus_15.toml", 0.68, 0.77);
}

/// Set 16 is held out from 2026-12-07 (fifteenth session; first run: recall 0.72, precision
/// 0.85): written blind in styles no other set has (Welsh, Kenyan, Caribbean and Nigerian
/// English, tasting notes, a pundit's half-time chat, a tour guide, therapy notes, a military
/// briefing, a concierge, crossword notes, horoscopes, fortune cookies, a magician, a report
/// card, a parish newsletter, radio banter, a discharge letter, a safety briefing, a fairy tale),
/// never tuned on by the rules, in no threshold, but it must stay labelled copy the checker reads.
/// The shipped model of labelled copy was trained on it (with sets 1–15); set 17 is held out
/// from both (`claims_corpus_model.rs`).
#[test]
fn the_held_out_sixteenth_set_is_labelled_copy() {
    let s = score("claims_corpus_16.toml");
    assert!(s.recall() > 0.0 && s.precision() > 0.0);
}
