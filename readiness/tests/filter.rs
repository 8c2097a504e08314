//! Filtering the seed board by owner and motion never invents systems and explains empty results.

mod common;
use common::*;
use readiness::BoardFilter;

fn filter(owner: Option<&str>, motion: Option<&str>) -> BoardFilter {
    BoardFilter::new(owner.map(Into::into), motion.map(Into::into))
}

fn ids(board: &readiness::Board) -> Vec<&str> {
    board.systems.iter().map(|s| s.id.as_str()).collect()
}

#[test]
fn no_filter_is_the_whole_board() {
    let board = seed_board();
    assert_eq!(board.filtered(&BoardFilter::default()), board);
}

#[test]
fn by_owner_case_insensitive() {
    let view = seed_board().filtered(&filter(Some("finance"), None));
    assert_eq!(ids(&view), vec!["stripe-billing"]);
    assert_eq!(view.summary.systems, 1);
    assert_eq!(view.summary.blocked, 1);
    let motions: Vec<_> = view.motions.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(
        motions,
        vec![
            "managed-private-beta",
            "invoice-led-paid-beta",
            "self-serve-paid-launch"
        ]
    );
    let info = view.filter.unwrap();
    assert_eq!(
        (info.matched_systems, info.total_systems, info.no_match),
        (1, 7, None)
    );
}

#[test]
fn by_motion_shows_it_and_its_systems() {
    let view = seed_board().filtered(&filter(None, Some("self-serve-paid-launch")));
    assert_eq!(view.motions.len(), 1);
    assert_eq!(&*view.motions[0].name, "Self-serve paid launch");
    assert_eq!(
        ids(&view),
        vec!["core-runtime", "stripe-billing", "enterprise-identity"]
    );
}

#[test]
fn by_owner_and_motion() {
    let view = seed_board().filtered(&filter(Some("Operator"), Some("invoice-led-paid-beta")));
    assert_eq!(
        ids(&view),
        vec!["core-runtime", "support-email", "evidence-operations"]
    );
    assert_eq!(view.motions.len(), 1);
}

#[test]
fn unknown_owner_says_so() {
    let view = seed_board().filtered(&filter(Some("Nobody"), None));
    assert!(view.systems.is_empty() && view.motions.is_empty());
    assert_eq!(
        view.filter.unwrap().no_match.as_deref(),
        Some("No system is owned by \u{201c}Nobody\u{201d}.")
    );
}

#[test]
fn unknown_motion_says_so() {
    let view = seed_board().filtered(&filter(None, Some("moonshot")));
    assert!(view.systems.is_empty());
    assert_eq!(
        view.filter.unwrap().no_match.as_deref(),
        Some("No offer has the id \u{201c}moonshot\u{201d}.")
    );
}

#[test]
fn owner_and_motion_without_overlap() {
    let view = seed_board().filtered(&filter(Some("Customer"), Some("self-serve-paid-launch")));
    assert!(view.systems.is_empty() && view.motions.is_empty());
    assert!(view.filter.unwrap().no_match.unwrap().contains("both"));
}

#[test]
fn filtering_never_invents_or_changes_systems() {
    let board = seed_board();
    for owner in [None, Some("Operator"), Some("Finance"), Some("x")] {
        for motion in [
            None,
            Some("managed-private-beta"),
            Some("broad-enterprise-expansion"),
            Some("y"),
        ] {
            let view = board.filtered(&filter(owner, motion));
            for system in &view.systems {
                assert_eq!(board.system(&system.id), Some(system));
            }
            assert!(view.systems.len() <= board.systems.len());
        }
    }
}

fn full(
    owner: Option<&str>,
    motion: Option<&str>,
    status: Option<&str>,
    text: Option<&str>,
) -> BoardFilter {
    filter(owner, motion)
        .with_status(status.map(Into::into))
        .with_text(text.map(Into::into))
}

#[test]
fn by_status() {
    let view = seed_board().filtered(&full(None, None, Some("blocked"), None));
    assert_eq!(ids(&view), vec!["stripe-billing", "enterprise-identity"]);
    let info = view.filter.unwrap();
    assert_eq!((info.matched_systems, info.total_systems), (2, 7));
    assert_eq!(info.status.as_deref(), Some("blocked"));
}

#[test]
fn text_matches_names_areas_owners_variables_and_claims_case_insensitively() {
    let board = seed_board();
    let by = |text: &str| ids(&board.filtered(&full(None, None, None, Some(text)))).join(",");
    assert_eq!(by("STRIPE_WEBHOOK"), "stripe-billing", "a variable name");
    assert_eq!(by("hris"), "hris-connectors", "an area or name");
    assert_eq!(
        by("{identity} near"),
        "enterprise-identity",
        "a claim's pattern"
    );
    assert_eq!(
        by("self-serve saml"),
        "enterprise-identity",
        "a claim's text"
    );
}

#[test]
fn all_filters_combine() {
    let view = seed_board().filtered(&full(
        Some("finance"),
        Some("self-serve-paid-launch"),
        Some("blocked"),
        Some("stripe"),
    ));
    assert_eq!(ids(&view), vec!["stripe-billing"]);
    assert_eq!(view.motions.len(), 1);
}

#[test]
fn the_empty_state_names_the_filter_that_excluded_everything() {
    let board = seed_board();
    let why = |f: BoardFilter| board.filtered(&f).filter.unwrap().no_match.unwrap();
    assert_eq!(
        why(full(None, None, None, Some("zebra"))),
        "No system matches text \u{201c}zebra\u{201d}."
    );
    assert_eq!(
        why(full(Some("Finance"), None, Some("ready"), None)),
        "No system matches both owner \u{201c}Finance\u{201d} and status \u{201c}ready\u{201d}."
    );
    assert_eq!(
        why(full(None, None, Some("sellable"), None)),
        "\u{201c}sellable\u{201d} is not a status: use ready, configured_unproven, manual_fallback or blocked."
    );
}

#[test]
fn status_is_case_insensitive_like_owner() {
    let board = seed_board();
    let lower = board.filtered(&BoardFilter::default().with_status(Some("blocked".into())));
    let upper = board.filtered(&BoardFilter::default().with_status(Some("BLOCKED".into())));
    assert_eq!(ids(&lower), vec!["stripe-billing", "enterprise-identity"]);
    assert_eq!(ids(&upper), ids(&lower));
    assert_eq!(upper.filter.and_then(|f| f.no_match), None);
}

/// The browser gets the index as text with the page and filters with it: the copy must show
/// exactly what the server shows, with the same counts and the same no-match words.
#[test]
fn the_index_sent_to_the_browser_filters_like_the_server() {
    let board = seed_board();
    let index = readiness::FilterIndex::of(&board);
    let copy = readiness::FilterIndex::decode(&index.encode()).expect("decodes");
    assert_eq!(copy, index);
    let filters = [
        BoardFilter::default().with_text(Some("STRIPE_WEBHOOK".into())),
        BoardFilter::default().with_text(Some("checkout".into())),
        BoardFilter::default().with_text(Some("zebra".into())),
        filter(Some("Operator"), Some("broad-enterprise-expansion")),
        filter(Some("Nobody"), None),
        filter(None, Some("no-such-motion")),
        BoardFilter::default().with_status(Some("Manual_Fallback".into())),
        BoardFilter::default().with_status(Some("green".into())),
    ];
    for wanted in filters {
        let server = board.filtered(&wanted);
        let browser = copy.apply(&wanted);
        let shown: Vec<&str> = browser
            .systems
            .iter()
            .map(|&at| copy.systems[at].id.as_str())
            .collect();
        assert_eq!(shown, ids(&server), "{wanted:?}");
        let motions: Vec<&str> = browser
            .motions
            .iter()
            .map(|&at| copy.motions[at].id.as_str())
            .collect();
        let server_motions: Vec<&str> = server.motions.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(motions, server_motions, "{wanted:?}");
        assert_eq!(browser.summary, server.summary, "{wanted:?}");
        assert_eq!(
            Some(browser.no_match),
            server.filter.map(|f| f.no_match),
            "{wanted:?}"
        );
    }
    // A claim's words find the systems that lift it, not only names and variables.
    let by_claim = copy.apply(&BoardFilter::default().with_text(Some("checkout".into())));
    assert!(!by_claim.systems.is_empty());
}

mod index_text {
    use proptest::prelude::*;
    use readiness::filter_index::{FilterIndex, IndexedMotion, IndexedSystem};
    use readiness::Status;

    fn text() -> impl Strategy<Value = String> {
        // Tabs, newlines, carriage returns and backslashes are what the encoding must escape.
        "[a-z\\\\\t\n\r\u{1f} \u{201c}é]{0,8}"
    }

    fn index() -> impl Strategy<Value = FilterIndex> {
        let system = (
            text(),
            text(),
            0usize..4,
            prop::collection::vec(text(), 0..4),
        );
        (
            prop::collection::vec(text(), 0..3),
            prop::collection::vec(system, 0..4),
            prop::collection::vec(prop::collection::vec(text(), 0..3), 0..3),
            prop::collection::vec(text(), 0..3),
        )
            .prop_map(|(owners, systems, claims, motions)| {
                let n = systems.len();
                let c = claims.len();
                FilterIndex {
                    owners,
                    systems: systems
                        .into_iter()
                        .enumerate()
                        .map(|(at, (id, owner, status, text))| IndexedSystem {
                            id,
                            owner,
                            status: Status::ALL[status],
                            text,
                            claims: (0..c).filter(|k| (k + at) % 2 == 0).collect(),
                        })
                        .collect(),
                    motions: motions
                        .into_iter()
                        .map(|id| IndexedMotion {
                            id,
                            systems: (0..n).collect(),
                        })
                        .collect(),
                    claims,
                }
            })
    }

    proptest! {
        #[test]
        fn any_index_survives_its_text_form(index in index()) {
            prop_assert_eq!(FilterIndex::decode(&index.encode()), Some(index));
        }

        #[test]
        fn any_text_decodes_or_is_refused_without_panicking(text in "[OSMC\t\n\u{1f},0-9a-z\\\\]{0,40}") {
            if let Some(index) = FilterIndex::decode(&text) {
                // What is accepted points only inside itself.
                let systems = index.systems.len();
                prop_assert!(index.motions.iter().all(|m| m.systems.iter().all(|&s| s < systems)));
            }
        }
    }

    #[test]
    fn an_out_of_range_position_is_refused() {
        assert_eq!(
            FilterIndex::decode("S\ta\tb\tready\t\t\nM\tm\t\u{1f}3\n"),
            None
        );
        assert_eq!(FilterIndex::decode("X\tunknown line\n"), None);
        assert!(FilterIndex::decode("S\ta\tb\tready\t\t\u{1f}x\nM\tm\t\u{1f}0\n").is_some());
    }
}

/// Found by attack (issue 22): a motion that rests on no system was never shown by the index,
/// so its card vanished once the page's wasm ran. Unfiltered, every motion shows; a filter on
/// systems shows only the motions that touch what it shows.
#[test]
fn a_motion_on_no_system_shows_unfiltered_and_hides_under_a_system_filter() {
    let board = seed_board();
    let mut index = readiness::FilterIndex::of(&board);
    index.motions[0].systems.clear();
    let all = index.apply(&BoardFilter::default());
    assert_eq!(all.motions, (0..index.motions.len()).collect::<Vec<_>>());
    let finance = index.apply(&filter(Some("Finance"), None));
    assert!(!finance.motions.contains(&0), "{:?}", finance.motions);
    let chosen = index.apply(&filter(None, Some(index.motions[0].id.as_str())));
    assert_eq!(chosen.motions, [0]);
}

#[test]
fn a_page_is_the_teams_when_asked_for_or_a_known_motions_view_and_the_buyers_otherwise() {
    let board = seed_board();
    let filter = |motion: &str| filter(None, Some(motion));
    assert!(!BoardFilter::default().is_team_view(&board, false));
    assert!(BoardFilter::default().is_team_view(&board, true));
    let known = filter("SELF-SERVE-PAID-LAUNCH");
    assert_eq!(
        known.chosen_motion(&board).map(|m| m.id.as_str()),
        Some("self-serve-paid-launch"),
        "any case"
    );
    assert!(known.is_team_view(&board, false));
    let unknown = filter("moonshot");
    assert!(unknown.chosen_motion(&board).is_none());
    assert!(!unknown.is_team_view(&board, false));
}
