//! The claim rules of a board: the still-disallowed claims of the chosen motions, one rule per
//! claim text, with the motions that may not make it.

use super::{ClaimRule, ClaimRules, MotionRef, MotionVerdict, UnknownMotion};
use crate::board::{Board, MotionView};

impl ClaimRules {
    /// The claims of `motion` that are still disallowed (lifted claims may be made).
    pub fn for_motion(board: &Board, motion: &str) -> Result<Self, UnknownMotion> {
        Self::for_motions(board, &[motion])
    }

    /// A "safe" verdict for each checked motion, for checks to count into.
    pub fn clean_verdicts(&self) -> Vec<MotionVerdict> {
        let clean = |m: &MotionRef| MotionVerdict {
            motion: m.id.clone(),
            name: m.name.clone(),
            safe: true,
            violations: 0,
            negated: 0,
            doubted: 0,
        };
        self.motions.iter().map(clean).collect()
    }

    /// Every claim of `catalog`, as if nothing were ready (no variable set, no proof): the rules
    /// labelled copy is measured against, whatever a board's state lifts.
    pub fn every_claim(catalog: &crate::Catalog) -> Self {
        let env = crate::Environment::from_pairs(catalog, std::iter::empty());
        let at = time::OffsetDateTime::UNIX_EPOCH;
        Self::all(&crate::evaluate(catalog, &env, &Default::default(), at))
    }

    /// The still-disallowed claims of every motion on the board.
    pub fn all(board: &Board) -> Self {
        Self::from_views(board, board.motions.iter())
    }

    /// The still-disallowed claims of the named motions (all of them when `motions` is empty).
    pub fn for_motions(board: &Board, motions: &[&str]) -> Result<Self, UnknownMotion> {
        if motions.is_empty() {
            return Ok(Self::all(board));
        }
        if let Some(unknown) = motions
            .iter()
            .find(|id| !board.motions.iter().any(|m| m.id.as_str() == **id))
        {
            return Err(UnknownMotion((*unknown).to_owned()));
        }
        let chosen = board
            .motions
            .iter()
            .filter(|m| motions.contains(&m.id.as_str()));
        Ok(Self::from_views(board, chosen))
    }

    fn from_views<'a>(board: &Board, views: impl Iterator<Item = &'a MotionView>) -> Self {
        let system_name = |id: &crate::SystemId| {
            board
                .system(id)
                .map_or_else(|| id.to_string(), |s| s.name.to_string())
        };
        let mut out = ClaimRules {
            motions: Vec::new(),
            rules: Vec::new(),
        };
        for view in views {
            let position = out.motions.len();
            out.motions.push(MotionRef {
                id: view.id.to_string(),
                name: view.name.to_string(),
            });
            for claim in view.claims.iter().filter(|c| !c.lifted) {
                let lifted_by: Vec<String> = claim.until_ready.iter().map(system_name).collect();
                let same = out
                    .rules
                    .iter_mut()
                    .find(|r| *r.claim == *claim.text && r.lifted_by == lifted_by);
                match same {
                    Some(rule) => rule.motions.push(position),
                    None => out.rules.push(ClaimRule {
                        claim: claim.text.to_string(),
                        patterns: claim.patterns.clone(),
                        lifted_by,
                        instead: claim.instead.as_deref().map(str::to_owned),
                        motions: vec![position],
                    }),
                }
            }
        }
        out
    }
}

/// What lifts a claim, in words (defined once for page, API, CLI, SARIF and Vale): "nothing lifts
/// it", "lifted when this is ready: Stripe", "lifted when these are ready: A and B". The names
/// go after a colon: "HRIS source connectors is ready" read wrong (found by an operator).
pub fn lifted_when(systems: &[String]) -> String {
    match systems {
        [] => "nothing lifts it".to_owned(),
        [one] => format!("lifted when this is ready: {one}"),
        many => format!(
            "lifted when these are ready: {}",
            crate::english::and_list(many)
        ),
    }
}

/// [`lifted_when`] as a sentence: "Lifted when this is ready: Stripe."
pub fn lifted_when_sentence(systems: &[String]) -> String {
    let mut words = lifted_when(systems);
    if let Some(first) = words.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    words.push('.');
    words
}
