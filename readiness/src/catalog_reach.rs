//! Rules of a valid catalog that can never be met: a motion that requires a system at `ready`
//! that can never be proven (it has no proof command) can never move, and a claim that waits for
//! such a system stays disallowed for good, as a boundary lifted by one stays in force; two
//! motions offering the same words read as one offer to a buyer. The catalog is valid (the
//! board shows these truthfully); `catalog check` warns so an operator sees it before a buyer
//! or a strict bundle does (found by a new operator: a strict bundle that could never pass said
//! nothing until run).

use crate::catalog::{Catalog, CatalogIssue, Position};
use crate::Status;

impl Catalog {
    /// Every rule of this catalog that can never be met, at the requirement or claim that
    /// names the system which cannot reach what the rule needs.
    pub fn never_met(&self) -> Vec<CatalogIssue> {
        let mut issues = Vec::new();
        for (m, motion) in self.motions().iter().enumerate() {
            for (r, requirement) in motion.requires.iter().enumerate() {
                let Some(system) = self.system(&requirement.system) else {
                    continue;
                };
                if requirement.at_least > system.ceiling() {
                    issues.push(CatalogIssue {
                        at: Position::Requirement {
                            motion: m,
                            requirement: r,
                        },
                        reason: format!(
                            "motion {:?} can never move: it requires {:?} {}, {}; require {} or give the system a proof_command",
                            motion.id.as_str(),
                            system.id.as_str(),
                            requirement.at_least.as_str(),
                            UNPROVABLE,
                            system.ceiling().as_str()
                        ),
                    });
                }
            }
            for (c, claim) in motion.claims.iter().enumerate() {
                for (s, id) in claim.until_ready.iter().enumerate() {
                    let Some(system) = self.system(id) else {
                        continue;
                    };
                    if system.ceiling() < Status::Ready {
                        issues.push(CatalogIssue {
                            at: Position::ClaimSystem {
                                motion: m,
                                claim: c,
                                system: s,
                            },
                            reason: format!(
                                "claim {:?} of motion {:?} stays disallowed for good: it waits for {:?} to be ready, {}",
                                claim.text,
                                motion.id.as_str(),
                                system.id.as_str(),
                                UNPROVABLE
                            ),
                        });
                    }
                }
            }
        }
        issues.extend(self.boundaries_in_force_for_good());
        issues.extend(self.offers_in_the_same_words());
        issues
    }

    /// Each motion whose offer reads as an earlier one's, at the later: buyers, their e-mail
    /// and their `/changes` follow an offer by its words, so two in the same words read as one.
    fn offers_in_the_same_words(&self) -> Vec<CatalogIssue> {
        let motions = self.motions();
        // Read as a buyer reads them: case and spacing aside (found by attack: "A managed…"
        // beside "a managed…", a double space or a no-break space, passed unwarned and showed
        // the same choice twice).
        let words = |m: &crate::catalog::Motion| m.offer_or_name().to_string();
        let read = |m: &crate::catalog::Motion| {
            let words = words(m).to_lowercase().replace(INVISIBLE, "");
            words.split_whitespace().collect::<Vec<_>>().join(" ")
        };
        let same = |(m, motion): (usize, &crate::catalog::Motion)| {
            let earlier = motions[..m].iter().find(|e| read(e) == read(motion))?;
            Some(CatalogIssue {
                at: Position::Motion(m),
                reason: format!(
                    "motion {:?} offers {:?}, as motion {:?} does ({:?}): buyers follow an offer by its words, so the two read as one; give each its own offer",
                    motion.id.as_str(),
                    words(motion),
                    earlier.id.as_str(),
                    words(earlier)
                ),
            })
        };
        motions.iter().enumerate().filter_map(same).collect()
    }

    /// Each boundary lifted only by systems all ready, one of which never can be: in force for
    /// good, at that system.
    fn boundaries_in_force_for_good(&self) -> Vec<CatalogIssue> {
        let mut issues = Vec::new();
        for (b, boundary) in self.boundaries().iter().enumerate() {
            for (s, id) in boundary.lifted_by.iter().enumerate() {
                let Some(system) = self.system(id) else {
                    continue;
                };
                if system.ceiling() < Status::Ready {
                    issues.push(CatalogIssue {
                        at: Position::BoundarySystem {
                            boundary: b,
                            system: s,
                        },
                        reason: format!(
                            "boundary {:?} stays in force for good: it is lifted when {:?} is ready, {}",
                            boundary.text,
                            system.id.as_str(),
                            UNPROVABLE
                        ),
                    });
                }
            }
        }
        issues
    }
}

/// Characters a reader never sees: zero-width spaces and joiners, the word joiner, the byte
/// order mark (found by attack: "…invoice\u{200b}" passed as other words than "…invoice").
const INVISIBLE: [char; 6] = [
    '\u{200b}', '\u{200c}', '\u{200d}', '\u{2060}', '\u{feff}', '\u{00ad}',
];

/// Why a system can never be ready, in words.
const UNPROVABLE: &str = "which has no proof_command, so it can never be proven ready";
