//! Properties of the engine and the catalog parser over generated inputs.

mod common;
use common::*;
use proptest::prelude::*;
use readiness::catalog_toml::parse_catalog;
use readiness::{evaluate, BoardFilter, LatestProofs, Outcome, Status};

/// A one-system catalog from generated parts: fallback, and per group its kind and variables.
fn system_toml(fallback: bool, groups: &[(bool, Vec<u8>)]) -> String {
    let mut toml = format!(
        "[[system]]\nid = \"s\"\nname = \"S\"\narea = \"A\"\nowner = \"O\"\nfallback = {fallback}\nif_missing = \"x\"\nproof_command = \"c\"\nproof_evidence = \"e\"\nproof_max_age_days = 10\n"
    );
    for (i, (runtime, vars)) in groups.iter().enumerate() {
        let kind = if *runtime { "runtime" } else { "fixture" };
        let vars: Vec<String> = vars.iter().map(|v| format!("\"V{v}\"")).collect();
        toml.push_str(&format!(
            "[[system.group]]\nname = \"g{i}\"\nkind = \"{kind}\"\nvars = [{}]\n",
            vars.join(", ")
        ));
    }
    toml
}

proptest! {
    #[test]
    fn status_never_exceeds_what_the_rules_allow(
        fallback in any::<bool>(),
        groups in prop::collection::vec((any::<bool>(), prop::collection::vec(0u8..6, 1..4)), 0..4),
        set in prop::collection::vec(0u8..6, 0..6),
        last_proof in prop::option::of((any::<bool>(), 0i64..20)),
    ) {
        let catalog = catalog(&system_toml(fallback, &groups));
        let names: Vec<String> = set.iter().map(|v| format!("V{v}")).collect();
        let pairs: Vec<(&str, &str)> = names.iter().map(|n| (n.as_str(), "x")).collect();
        let proofs = last_proof.map(|(pass, age)| proof("s", if pass { Outcome::Pass } else { Outcome::Fail }, days_ago(age)));
        let board = evaluate(&catalog, &env(&catalog, &pairs), &LatestProofs::from_records(proofs.clone()), now());
        let status = board.systems[0].status;

        let configured = |runtime: bool| groups.iter().filter(|(r, _)| *r == runtime).all(|(_, vars)| vars.iter().all(|v| set.contains(v)));
        if !configured(true) {
            prop_assert_eq!(status, if fallback { Status::ManualFallback } else { Status::Blocked });
        } else {
            prop_assert!(status >= Status::ConfiguredUnproven);
        }
        if status == Status::Ready {
            prop_assert!(configured(true) && configured(false));
            let (pass, age) = last_proof.expect("ready needs a proof");
            prop_assert!(pass && age < 10);
        }
        let s = board.summary;
        prop_assert_eq!(s.ready + s.configured_unproven + s.manual_fallback + s.blocked, s.systems);
    }

    #[test]
    fn filtering_never_invents_or_alters_systems(owner in prop::option::of("[A-Za-z ]{0,12}"), motion in prop::option::of("[a-z-]{0,30}"), pick in 0usize..12) {
        let catalog = seed_catalog();
        let board = evaluate(&catalog, &seed_env(&catalog), &LatestProofs::default(), now());
        // Half the time use real values, so matches are exercised as well as misses.
        let owner = if pick % 2 == 0 { board.owners.get(pick / 2).map(ToString::to_string).or(owner) } else { owner };
        let motion = if pick % 3 == 0 { board.motions.get(pick / 3).map(|m| m.id.to_string()).or(motion) } else { motion };
        let view = board.filtered(&BoardFilter::new(owner, motion));
        prop_assert!(view.systems.len() <= board.systems.len());
        for system in &view.systems {
            prop_assert_eq!(Some(system), board.system(&system.id));
        }
        for motion in &view.motions {
            prop_assert!(board.motions.contains(motion));
        }
        prop_assert_eq!(view.summary.systems, view.systems.len());
    }

    #[test]
    fn the_parser_never_panics_on_any_text(text in "\\PC{0,400}") {
        // Either a catalog, or every problem located and said.
        if let Err(errors) = parse_catalog("fuzz.toml", &text) {
            prop_assert!(!errors.0.is_empty());
            for e in &errors.0 {
                prop_assert!(e.line >= 1 && e.column >= 1 && !e.reason.is_empty(), "{:?}", e);
            }
        }
    }

    #[test]
    fn the_parser_never_panics_on_a_damaged_catalog(cut in 0usize..20_000, len in 0usize..200, insert in "[\\[\\]=\"a-z0-9\n ]{0,20}") {
        let original = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../catalog/vendor-catalog.toml")).unwrap();
        let mut start = cut.min(original.len());
        while !original.is_char_boundary(start) { start -= 1; }
        let mut end = (start + len).min(original.len());
        while !original.is_char_boundary(end) { end += 1; }
        let damaged = format!("{}{insert}{}", &original[..start], &original[end..]);
        if let Err(errors) = parse_catalog("damaged.toml", &damaged) {
            // Every problem is in the file as written, never in what a repair of its shape wrote
            // to check the rest (issue 23: every problem in one run).
            let lines = damaged.lines().count() + 1;
            for e in &errors.0 {
                prop_assert!(e.line >= 1 && e.line <= lines && e.column >= 1 && !e.reason.is_empty(), "{:?}", e);
            }
        }
    }

    /// Issue 23: one field misspelt or given a value of another kind, anywhere in the shipped
    /// catalog, is named at its own line, and nothing is said of a line that does not exist.
    #[test]
    fn a_field_misspelt_or_of_another_kind_is_named_at_its_line(pick in 0usize..10_000, how in 0usize..4) {
        let original = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../catalog/vendor-catalog.toml")).unwrap();
        let fields: Vec<(usize, &str)> = original.lines().enumerate()
            .filter(|(_, l)| !l.starts_with('#') && l.contains(" = ") && !l.trim_end().ends_with('['))
            .collect();
        let (at, line) = fields[pick % fields.len()];
        let (key, _) = line.split_once(" = ").unwrap();
        let changed = match how {
            0 => format!("{key}x = 1"),
            1 => format!("{key} = 12"),
            2 => format!("{key} = true"),
            _ => format!("{key} = {{ a = 1 }}"),
        };
        let damaged: Vec<String> = original.lines().enumerate()
            .map(|(i, l)| if i == at { changed.clone() } else { l.to_owned() })
            .collect();
        let damaged = damaged.join("\n");
        if let Err(errors) = parse_catalog("field.toml", &damaged) {
            let lines = damaged.lines().count();
            for e in &errors.0 {
                prop_assert!(e.line >= 1 && e.line <= lines && e.column >= 1, "{:?}", e);
            }
            prop_assert!(errors.0.iter().any(|e| e.line == at + 1), "{changed:?} at line {}: {:?}", at + 1, errors.0);
        }
    }
}
