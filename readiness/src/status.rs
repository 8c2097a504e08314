//! The four readiness statuses, ordered from least to most sellable.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A system's readiness. The derived order is the rule order:
/// `Blocked < ManualFallback < ConfiguredUnproven < Ready`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Blocked,
    ManualFallback,
    ConfiguredUnproven,
    Ready,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::Ready,
        Status::ConfiguredUnproven,
        Status::ManualFallback,
        Status::Blocked,
    ];

    /// The spelling used in JSON, URLs and the catalog (`configured_unproven`).
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Blocked => "blocked",
            Status::ManualFallback => "manual_fallback",
            Status::ConfiguredUnproven => "configured_unproven",
            Status::Ready => "ready",
        }
    }

    /// What the status means to a buyer, for the page's legend.
    pub fn meaning(self) -> &'static str {
        match self {
            Status::Ready => "set up and recently proven: can be sold",
            Status::ConfiguredUnproven => "set up, not yet proven: not sold as working",
            Status::ManualFallback => "done by hand: sold only that way",
            Status::Blocked => "missing what it needs: cannot be sold",
        }
    }

    /// What the status means to a buyer (found by attack: the buyer's legend said "can be
    /// sold", the seller's words).
    pub fn meaning_for_buyers(self) -> &'static str {
        match self {
            Status::Ready => "set up and recently proven: you can rely on it",
            Status::ConfiguredUnproven => "set up, not yet proven: not offered as working yet",
            Status::ManualFallback => "done by hand by our team for now",
            Status::Blocked => "missing what it needs: not available",
        }
    }

    /// The words a person reads on the page (`configured unproven`).
    pub fn label(self) -> &'static str {
        match self {
            Status::Blocked => "blocked",
            Status::ManualFallback => "manual fallback",
            Status::ConfiguredUnproven => "configured unproven",
            Status::Ready => "ready",
        }
    }

    pub fn parse(text: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

/// What a "motion" is, for the legend beside the motions.
pub const MOTION_MEANING: &str = "a way of selling (a private beta, a paid launch…): it can move, that is be sold, only when every system it rests on is ready enough; until then it is gated";

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_follows_the_rules() {
        assert!(Status::Blocked < Status::ManualFallback);
        assert!(Status::ManualFallback < Status::ConfiguredUnproven);
        assert!(Status::ConfiguredUnproven < Status::Ready);
    }

    #[test]
    fn spelling_round_trips() {
        for status in Status::ALL {
            assert_eq!(Status::parse(status.as_str()), Some(status));
        }
        assert_eq!(Status::parse("Ready"), None);
        assert_eq!(Status::parse("manual fallback"), None);
    }
}
