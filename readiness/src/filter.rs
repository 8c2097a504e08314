//! Filtering a computed board by owner and motion; the same code runs on the server and in wasm.

use crate::board::{Board, FilterInfo, MotionView, Summary};
use crate::ids::SystemId;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// What a viewer asked to see. Empty or blank values mean "any".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardFilter {
    pub owner: Option<String>,
    pub motion: Option<String>,
}

/// Longest filter value kept; longer input is cut (it cannot match a catalog value anyway).
const MAX_VALUE_CHARS: usize = 200;

fn clean(value: Option<String>) -> Option<String> {
    value
        .map(|v| v.trim().chars().take(MAX_VALUE_CHARS).collect::<String>())
        .filter(|v| !v.is_empty())
}

impl BoardFilter {
    pub fn new(owner: Option<String>, motion: Option<String>) -> Self {
        Self {
            owner: clean(owner),
            motion: clean(motion),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.owner.is_none() && self.motion.is_none()
    }

    /// `owner=Finance&motion=invoice-led-paid-beta`, percent-encoded, empty when nothing is set.
    pub fn to_query(&self) -> String {
        let mut parts = Vec::new();
        if let Some(owner) = &self.owner {
            parts.push(format!("owner={}", encode(owner)));
        }
        if let Some(motion) = &self.motion {
            parts.push(format!("motion={}", encode(motion)));
        }
        parts.join("&")
    }
}

fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(byte as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

impl Board {
    /// The board restricted to `filter`: systems of that owner, the chosen motion and the
    /// systems it depends on, with the summary counted over what is shown. Never adds anything.
    pub fn filtered(&self, filter: &BoardFilter) -> Board {
        if filter.is_empty() {
            return self.clone();
        }
        let owner_matches = |owner: &str| {
            filter
                .owner
                .as_ref()
                .is_none_or(|o| o.eq_ignore_ascii_case(owner))
        };
        let motion = filter
            .motion
            .as_ref()
            .map(|id| self.motions.iter().find(|m| m.id.as_str() == id));
        let chosen_depends: Option<HashSet<&SystemId>> =
            motion.flatten().map(|m| m.depends_on.iter().collect());
        let systems: Vec<_> = self
            .systems
            .iter()
            .filter(|s| owner_matches(&s.owner))
            .filter(|s| match (motion, &chosen_depends) {
                (None, _) => true,
                (Some(_), Some(depends)) => depends.contains(&s.id),
                (Some(_), None) => false,
            })
            .cloned()
            .collect();
        // Hash sets keep this linear in the size of the board, however many systems match.
        let shown: HashSet<&SystemId> = systems.iter().map(|s| &s.id).collect();
        let touches_shown = |m: &MotionView| m.depends_on.iter().any(|id| shown.contains(id));
        let motions = self
            .motions
            .iter()
            .filter(|m| match motion {
                Some(chosen) => chosen.is_some_and(|c| c.id == m.id),
                None => touches_shown(m),
            })
            .filter(|m| filter.owner.is_none() || touches_shown(m))
            .cloned()
            .collect();
        let known_owner = filter
            .owner
            .as_ref()
            .is_none_or(|o| self.owners.iter().any(|k| k.eq_ignore_ascii_case(o)));
        let no_match = if !known_owner {
            Some(format!(
                "No system is owned by \u{201c}{}\u{201d}.",
                filter.owner.as_deref().unwrap_or_default()
            ))
        } else if matches!(motion, Some(None)) {
            Some(format!(
                "No motion has the id \u{201c}{}\u{201d}.",
                filter.motion.as_deref().unwrap_or_default()
            ))
        } else if systems.is_empty() {
            Some("No system matches both the owner and the motion chosen.".to_owned())
        } else {
            None
        };
        Board {
            summary: Summary::count(systems.iter().map(|s| s.status)),
            filter: Some(FilterInfo {
                owner: filter.owner.clone(),
                motion: filter.motion.clone(),
                total_systems: self.systems.len(),
                matched_systems: systems.len(),
                no_match,
            }),
            systems,
            motions,
            ..self.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_values_mean_any() {
        let filter = BoardFilter::new(Some("  ".into()), Some(String::new()));
        assert!(filter.is_empty());
        assert_eq!(filter.to_query(), "");
    }

    #[test]
    fn query_is_percent_encoded() {
        let filter = BoardFilter::new(Some("R&D team".into()), Some("self-serve".into()));
        assert_eq!(filter.to_query(), "owner=R%26D+team&motion=self-serve");
    }

    #[test]
    fn overlong_values_are_cut() {
        let filter = BoardFilter::new(Some("x".repeat(10_000)), None);
        assert_eq!(filter.owner.map(|o| o.len()), Some(MAX_VALUE_CHARS));
    }
}
