use super::*;
use readiness::Environment;

fn shipped_board() -> (Board, Catalog) {
    let text = include_str!("../../../../../catalog/vendor-catalog.toml");
    let catalog = readiness::catalog_toml::parse_catalog("shipped", text).unwrap();
    let env = Environment::from_pairs(&catalog, std::iter::empty());
    let at = time::macros::datetime!(2026-12-01 12:00 UTC);
    (
        readiness::evaluate(&catalog, &env, &Default::default(), at),
        catalog,
    )
}

#[test]
fn the_shipped_board_gives_searches_beyond_names_and_two_claims_the_checker_finds() {
    let (board, catalog) = shipped_board();
    let seen = reading(&board, &catalog);
    let [(name, ids), (other, found)] = seen.searches.as_slice() else {
        panic!("{:?}", seen.searches)
    };
    let system = board.systems.iter().find(|s| *s.name == **name).unwrap();
    assert_eq!(ids, &[system.id.to_string()]);
    assert!(!found.is_empty(), "{other}");
    assert!(
        board
            .systems
            .iter()
            .all(|s| !s.name.contains(other.as_str())),
        "{other}"
    );
    let (copy, claims) = seen.claims.unwrap();
    assert_eq!(claims.len(), 2, "{claims:?}");
    let found = ClaimRules::all(&board).check(&copy);
    for claim in &claims {
        assert!(
            found.iter().any(|v| *v.claim == **claim),
            "{copy:?}: {found:?}"
        );
    }
    assert_eq!(seen.clean.as_deref(), Some(PLAIN_COPY));
}

#[test]
fn a_board_whose_claims_are_all_lifted_gives_no_claim_to_type() {
    let (mut board, catalog) = shipped_board();
    for claim in board.motions.iter_mut().flat_map(|m| &mut m.claims) {
        claim.lifted = true;
    }
    assert_eq!(reading(&board, &catalog).claims, None);
}
