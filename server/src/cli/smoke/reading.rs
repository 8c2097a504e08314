//! What smoke's reader types into the page's islands, and what a working board answers, worked
//! out by the engine from the board's JSON and the catalog: a real system's name in the search
//! (exactly the systems the board's own filter finds must stay on screen), a claim the board
//! still disallows in the claim checker (it must be found), then plain copy (found clean).
//! Found by attack (round 23): a search missing real matches, a checker calling all copy safe
//! and an island answering only once passed probes that typed text matching nothing.

use readiness::{Board, BoardFilter, Catalog, ClaimRules, FilterIndex};

/// Copy a working claim checker finds clean, for any catalog whose rules find nothing in it.
const PLAIN_COPY: &str = "Smoke check: plain words.";

/// What the reader types, and what must answer it.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Reading {
    /// Text searched for, and the ids of the systems a working search keeps on screen, sorted.
    pub search: Option<(String, Vec<String>)>,
    /// Copy typed in the claim checker, and the (still disallowed) claim it must find there.
    pub claim: Option<(String, String)>,
    /// Copy in which a working checker finds no disallowed claim.
    pub clean: Option<String>,
}

/// The reading of `board` (as its JSON says), with claim patterns from `catalog`, the one the
/// board was checked against.
pub fn reading(board: &Board, catalog: &Catalog) -> Reading {
    let rules = ClaimRules::every_claim(catalog).compile();
    let finds = |copy: &str, claim: &str| {
        let found = rules.check_at_most(copy, usize::MAX).violations;
        found.iter().any(|v| &*v.claim == claim && !v.negated)
    };
    let claim = board
        .motions
        .iter()
        .flat_map(|m| &m.claims)
        .filter(|c| !c.lifted)
        .find_map(|c| {
            [&*c.head, &*c.text]
                .into_iter()
                .find(|copy| finds(copy, &c.text))
                .map(|copy| (copy.to_owned(), c.text.to_string()))
        });
    let clean = rules
        .check_at_most(PLAIN_COPY, 1)
        .violations
        .is_empty()
        .then(|| PLAIN_COPY.to_owned());
    Reading {
        search: search(board),
        claim,
        clean,
    }
}

/// The system name that, searched for, keeps the fewest systems on screen, and those systems.
fn search(board: &Board) -> Option<(String, Vec<String>)> {
    let index = FilterIndex::of(board);
    board
        .systems
        .iter()
        .map(|system| {
            let name = system.name.to_string();
            let filter = BoardFilter::new(None, None).with_text(Some(name.clone()));
            let found = index.apply(&filter).systems.into_iter();
            let mut ids: Vec<String> = found.map(|at| board.systems[at].id.to_string()).collect();
            ids.sort();
            (name, ids)
        })
        .min_by_key(|(_, ids)| ids.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use readiness::Environment;

    #[test]
    fn the_shipped_board_gives_a_name_found_alone_and_a_claim_the_checker_finds() {
        let text = include_str!("../../../../catalog/vendor-catalog.toml");
        let catalog = readiness::catalog_toml::parse_catalog("shipped", text).unwrap();
        let env = Environment::from_pairs(&catalog, std::iter::empty());
        let at = time::macros::datetime!(2026-12-01 12:00 UTC);
        let board = readiness::evaluate(&catalog, &env, &Default::default(), at);
        let seen = reading(&board, &catalog);
        let (name, ids) = seen.search.unwrap();
        assert_eq!(ids.len(), 1, "{name} finds {ids:?}");
        let system = board.systems.iter().find(|s| *s.name == *name).unwrap();
        assert_eq!(ids, [system.id.to_string()]);
        let (copy, claim) = seen.claim.unwrap();
        let found = ClaimRules::all(&board).check(&copy);
        assert!(
            found.iter().any(|v| *v.claim == *claim),
            "{copy:?}: {found:?}"
        );
        assert_eq!(seen.clean.as_deref(), Some(PLAIN_COPY));
    }

    #[test]
    fn a_board_whose_claims_are_all_lifted_gives_no_claim_to_type() {
        let text = include_str!("../../../../catalog/vendor-catalog.toml");
        let catalog = readiness::catalog_toml::parse_catalog("shipped", text).unwrap();
        let env = Environment::from_pairs(&catalog, std::iter::empty());
        let at = time::macros::datetime!(2026-12-01 12:00 UTC);
        let mut board = readiness::evaluate(&catalog, &env, &Default::default(), at);
        for claim in board.motions.iter_mut().flat_map(|m| &mut m.claims) {
            claim.lifted = true;
        }
        assert_eq!(reading(&board, &catalog).claim, None);
    }
}
