//! The computed motions headline: which motion can move, which stay gated.

use crate::board::MotionView;
use crate::english::{mid_sentence, sentence_start};

/// "<short of the highest movable motion> can move. <shorts of the gated motions> stay gated."
/// Motions are listed from least to most ambitious, so the highest movable one is the last.
pub(crate) fn headline(motions: &[MotionView]) -> String {
    if motions.is_empty() {
        return "The catalog lists no motion.".to_owned();
    }
    let first = match motions.iter().rev().find(|m| m.can_move) {
        Some(motion) => format!("{} can move.", sentence_start(&motion.short)),
        None => "No motion can move yet.".to_owned(),
    };
    let gated: Vec<&str> = motions
        .iter()
        .filter(|m| !m.can_move)
        .map(|m| &*m.short)
        .collect();
    let second = match gated.as_slice() {
        [] => "No motion is gated.".to_owned(),
        [one] => format!("{} stays gated.", sentence_start(one)),
        [first, rest @ ..] => {
            let words: Vec<String> = std::iter::once(sentence_start(first))
                .chain(rest.iter().map(|short| mid_sentence(short)))
                .collect();
            format!("{} stay gated.", crate::english::and_list(&words))
        }
    };
    format!("{first} {second}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::MotionId;

    fn motion(short: &str, can_move: bool) -> MotionView {
        MotionView {
            id: MotionId::parse("m").unwrap(),
            name: short.into(),
            short: short.into(),
            offer: short.into(),
            paid: false,
            can_move,
            required_evidence: Vec::new().into(),
            claims: vec![],
            blockers: vec![],
            unlock: crate::Unlock {
                sentence: String::new(),
                steps: vec![],
                reachable: true,
            },
            depends_on: vec![],
            requires: vec![],
            expected: None,
            target: None,
        }
    }

    #[test]
    fn seed_shape_reads_as_the_seed() {
        let motions = [
            motion("Managed beta", true),
            motion("Invoice-led beta", true),
            motion("Self-serve", false),
            motion("Broad enterprise", false),
        ];
        assert_eq!(
            headline(&motions),
            "Invoice-led beta can move. Self-serve and broad enterprise stay gated."
        );
    }

    #[test]
    fn nothing_movable() {
        let motions = [motion("Self-serve", false)];
        assert_eq!(
            headline(&motions),
            "No motion can move yet. Self-serve stays gated."
        );
    }

    #[test]
    fn everything_movable() {
        let motions = [motion("Pilot", true), motion("Launch", true)];
        assert_eq!(headline(&motions), "Launch can move. No motion is gated.");
    }

    #[test]
    fn three_gated_use_commas_and_keep_acronyms() {
        let motions = [
            motion("Pilot", true),
            motion("Self-serve", false),
            motion("SSO rollout", false),
            motion("Broad enterprise", false),
        ];
        assert_eq!(
            headline(&motions),
            "Pilot can move. Self-serve, SSO rollout and broad enterprise stay gated."
        );
    }

    #[test]
    fn a_name_with_a_second_capital_is_kept_as_written() {
        let motions = [
            motion("Pilot", false),
            motion("Okta SSO", false),
            motion("Google Workspace sync", false),
        ];
        assert_eq!(
            headline(&motions),
            "No motion can move yet. Pilot, Okta SSO and Google Workspace sync stay gated."
        );
    }

    #[test]
    fn no_motions_at_all() {
        assert_eq!(headline(&[]), "The catalog lists no motion.");
    }
}
