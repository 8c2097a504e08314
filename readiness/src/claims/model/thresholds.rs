//! Choosing the two thresholds that join a model with the rules: every pair on a grid of 0.05
//! is scored on the cross-validated chances, and the best F1 at the precision asked for wins.

use super::join::{decide, Decision};
use super::train::Example;
use super::Thresholds;
use crate::claims::labelled::Tally;
use std::collections::BTreeSet;

/// The tally of rules and model joined at `t`, over examples with their chances per group and
/// whether each states something (see [`super::join::states`]).
fn tally(
    (examples, stated): (&[Example], &[bool]),
    chances: &[Vec<f64>],
    groups: &[Vec<String>],
    t: Thresholds,
) -> Tally {
    let mut tally = Tally::default();
    for ((example, stated), chances) in examples.iter().zip(stated).zip(chances) {
        let mut found = BTreeSet::new();
        for (claims, &c) in groups.iter().zip(chances) {
            for claim in claims {
                let (ruled, denied) = (
                    example.by_rules.contains(claim),
                    example.denied.contains(claim),
                );
                if matches!(
                    decide(Some(c), ruled, !denied && *stated, t),
                    Decision::Kept | Decision::Added
                ) {
                    found.insert(claim.as_str());
                }
            }
        }
        let grouped = |c: &&String| groups.iter().any(|g| g.contains(c));
        found.extend(
            example
                .by_rules
                .iter()
                .filter(|c| !grouped(c))
                .map(String::as_str),
        );
        let labelled = example.labelled.iter().map(String::as_str).collect();
        tally.count(&labelled, &found);
    }
    tally
}

/// The thresholds with the best F1 at `precision` or more (else the most precise), and their
/// tally, and whether the precision was met. Searched on a grid of 0.05.
pub(super) fn choose(
    examples: (&[Example], &[bool]),
    chances: &[Vec<f64>],
    groups: &[Vec<String>],
    precision: f64,
) -> (Thresholds, Tally, bool) {
    let grid = |from: u32, to: u32| (from..=to).map(|n| n as f32 / 20.0);
    let mut best: Option<(bool, f64, Thresholds, Tally)> = None;
    // A claim added at a chance under even, or a finding doubted over it, would go against
    // the model's own reading: the validation of a model refuses both.
    // Among equals, the most cautious pair wins: the highest `add`, then the lowest `keep`
    // (found by review: the first, the least cautious, did).
    for add in grid(10, 20).rev() {
        for keep in grid(0, 10) {
            let t = Thresholds { add, keep };
            let tally = tally(examples, chances, groups, t);
            let (r, p) = (tally.recall(), tally.precision());
            let met = p >= precision;
            let merit = if met {
                2.0 * r * p / (r + p).max(f64::MIN_POSITIVE)
            } else {
                p
            };
            if best.as_ref().is_none_or(|b| (met, merit) > (b.0, b.1)) {
                best = Some((met, merit, t, tally));
            }
        }
    }
    let (met, _, t, tally) = best.unwrap_or((
        false,
        0.0,
        Thresholds {
            add: 1.0,
            keep: 0.0,
        },
        Tally::default(),
    ));
    (t, tally, met)
}
