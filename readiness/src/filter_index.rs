//! The compact table a [`crate::BoardFilter`] is applied to: ids, owners, statuses, motions and search
//! text of a board. The server filters through it and the browser gets a copy with the page (in
//! the compact text form of [`FilterIndex::encode`]: no JSON decoder in the wasm), so both apply
//! the same rules to the same values and can never disagree about what a filter shows.

use crate::board::{Board, Summary};
use crate::status::Status;

/// What filtering needs of a board, and nothing else (no evidence, commands or proofs).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FilterIndex {
    /// Distinct owners in catalog order.
    pub owners: Vec<String>,
    pub systems: Vec<IndexedSystem>,
    pub motions: Vec<IndexedMotion>,
    /// Each claim's lower-cased text and other phrasings; systems refer to them by position.
    pub claims: Vec<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexedSystem {
    pub id: String,
    pub owner: String,
    pub status: Status,
    /// Lower-cased id, name, area, owner and variable names: what free text is matched against.
    pub text: Vec<String>,
    /// Claims lifted when this system is ready (free text matching one shows this system).
    pub claims: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexedMotion {
    pub id: String,
    /// Positions of the systems the motion rests on.
    pub systems: Vec<usize>,
}

/// What a filter shows: positions in the index, in board order, and the counts over them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FilterOutcome {
    pub systems: Vec<usize>,
    pub motions: Vec<usize>,
    pub summary: Summary,
    /// Why nothing matched, in words, when nothing did.
    pub no_match: Option<String>,
}

impl FilterIndex {
    /// The index of a whole (unfiltered) board, for the team: free text matches variable names
    /// and claims too.
    pub fn of(board: &Board) -> Self {
        Self::build(board, true)
    }

    /// The index the buyer's page carries and filters with: free text matches a system's id,
    /// name, area and owner only (found by attack: the buyer's page carried every variable name
    /// and the team's claim rules, and `?q=session_secret` told which variables exist).
    pub fn for_buyers(board: &Board) -> Self {
        Self::build(board, false)
    }

    fn build(board: &Board, team: bool) -> Self {
        let position = |id: &crate::SystemId| board.systems.iter().position(|s| &s.id == id);
        let mut claims: Vec<Vec<String>> = Vec::new();
        let mut systems: Vec<IndexedSystem> = board
            .systems
            .iter()
            .map(|s| {
                let vars = s.groups.iter().filter(|_| team).flat_map(|g| g.vars.iter());
                let text = [&s.id.as_str(), &&*s.name, &&*s.area, &&*s.owner]
                    .into_iter()
                    .map(|t| t.to_lowercase())
                    .chain(vars.map(|v| v.to_lowercase()))
                    .collect();
                IndexedSystem {
                    id: s.id.to_string(),
                    owner: s.owner.to_string(),
                    status: s.status,
                    text,
                    claims: Vec::new(),
                }
            })
            .collect();
        for claim in board
            .motions
            .iter()
            .filter(|_| team)
            .flat_map(|m| &m.claims)
        {
            let at = claims.len();
            claims.push(
                std::iter::once(&claim.text)
                    .chain(claim.matches.iter())
                    .map(|t| t.to_lowercase())
                    .collect(),
            );
            for system in claim.until_ready.iter().filter_map(position) {
                systems[system].claims.push(at);
            }
        }
        let motions = board
            .motions
            .iter()
            .map(|m| IndexedMotion {
                id: m.id.to_string(),
                systems: m.depends_on.iter().filter_map(position).collect(),
            })
            .collect();
        FilterIndex {
            owners: board.owners.iter().map(|o| o.to_string()).collect(),
            systems,
            motions,
            claims,
        }
    }

    /// The status a filter value names: its JSON spelling, in any case.
    pub fn status_named(text: &str) -> Option<Status> {
        Status::ALL
            .into_iter()
            .find(|s| s.as_str().eq_ignore_ascii_case(text))
    }
}
