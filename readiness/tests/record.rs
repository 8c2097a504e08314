//! The record: inputs in force over time and proofs as they became known. Replaying it gives the
//! board at every instant with the inputs then in force; an edit of the inputs that moves anything
//! is a change; and the list of changes only ever grows at its end, whatever is written later
//! (a proof stamped in the past, an env edit, a catalog edit).

use proptest::prelude::*;
use readiness::catalog_toml::parse_catalog;
use readiness::changes::{
    replay, uptime_of, Cause, InForce, InputSet, KnownProof, MotionEdit, Record, Replayer, State,
    Subject,
};
use readiness::{Catalog, Environment, Outcome, ProofRecord, ProofSource, Status};
use std::sync::Arc;
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

const T0: OffsetDateTime = datetime!(2026-10-01 00:00 UTC);
const SHIPPED: &str = include_str!("../../catalog/vendor-catalog.toml");

/// The shipped catalog, or (variant) one where the core runtime has a fallback and proofs last
/// five days: an edit that moves statuses, verdicts and expiries.
fn catalog(variant: bool) -> Arc<Catalog> {
    let text = if variant {
        SHIPPED
            .replacen("fallback = false", "fallback = true", 1)
            .replacen(
                "proof_evidence = \"Health",
                "proof_max_age_days = 5\nproof_evidence = \"Health",
                1,
            )
    } else {
        SHIPPED.to_owned()
    };
    Arc::new(parse_catalog("vendor-catalog.toml", &text).unwrap())
}

/// Every variable of the catalog, in catalog order (flags with their value).
fn variables(catalog: &Catalog) -> Vec<(String, String)> {
    catalog
        .systems()
        .iter()
        .flat_map(|s| s.groups.iter().flat_map(|g| g.labels.iter()))
        .map(|label| match label.split_once('=') {
            Some((name, value)) => (name.to_owned(), value.to_owned()),
            None => (label.to_string(), "secret-value-9".to_owned()),
        })
        .collect()
}

/// The input set of `variant` with the variables whose position is not in `unset`.
fn inputs(variant: bool, unset: &[usize]) -> Arc<InputSet> {
    let catalog = catalog(variant);
    let vars = variables(&catalog);
    let pairs = vars
        .iter()
        .enumerate()
        .filter(|(i, _)| !unset.contains(i))
        .map(|(_, (k, v))| (k.as_str(), v.as_str()));
    let env = Environment::from_pairs(&catalog, pairs);
    let sha = if variant { "variant" } else { "shipped" };
    Arc::new(InputSet::new(sha, catalog, &env))
}

fn proof(system: &str, pass: bool, at: OffsetDateTime, known: OffsetDateTime) -> KnownProof {
    let record = ProofRecord {
        system: readiness::SystemId::parse(system).unwrap(),
        outcome: if pass { Outcome::Pass } else { Outcome::Fail },
        recorded_at: at,
        evidence: String::new(),
        source: ProofSource::Cli,
    };
    KnownProof::new(record, Some(known))
}

/// The state the changes give at `at`: the stretch in force, then its changes up to `at`.
fn replayed_state(
    record: &Record,
    timeline: &readiness::changes::Timeline,
    at: OffsetDateTime,
) -> State {
    let k = timeline.stretches.partition_point(|s| s.from <= at).max(1) - 1;
    let stretch = &timeline.stretches[k];
    let catalog = &record.inputs()[stretch.input].inputs.catalog;
    let mut state = stretch.state.clone();
    let changes = timeline.changes.iter().skip(stretch.first_change);
    for change in changes.take_while(|c| c.at <= at) {
        state.apply(change, catalog);
    }
    state
}

const SYSTEMS: [&str; 7] = [
    "core-runtime",
    "support-email",
    "stripe-billing",
    "enterprise-identity",
    "hris-connectors",
    "official-issuers",
    "evidence-operations",
];

/// One write: a proof (system, pass, minutes its stamp lies before the write, possibly ahead of
/// it), or an edit of the inputs (variant, variables unset).
#[derive(Debug, Clone)]
enum Write {
    Proof(usize, bool, i64),
    Edit(bool, Vec<usize>),
}

fn write() -> impl Strategy<Value = Write> {
    prop_oneof![
        3 => (0usize..7, any::<bool>(), -30i64..(40 * 24 * 60)).prop_map(|(s, p, back)| Write::Proof(s, p, back)),
        1 => (any::<bool>(), prop::collection::vec(0usize..12, 0..3)).prop_map(|(v, u)| Write::Edit(v, u)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(120))]

    #[test]
    fn the_record_replays_to_the_board_then_and_the_changes_only_grow_at_their_end(
        writes in prop::collection::vec((1i64..(6 * 24 * 60), write()), 1..30),
        probes in prop::collection::vec(0u32..1000, 1..6),
    ) {
        let first = inputs(false, &[]);
        let mut edits = vec![InForce { from: T0, inputs: Arc::clone(&first) }];
        let mut proofs: Vec<KnownProof> = Vec::new();
        let mut now = T0;
        let mut published: Vec<readiness::changes::Change> = Vec::new();
        // The server's way: one record extended write by write, each read with a horizon just
        // after the write (later writes are stamped from it on), one replayer going on.
        let ms = Duration::milliseconds(1);
        let mut extended = Record::read(Arc::clone(&first), edits.clone(), Vec::new(), T0 + ms);
        let mut replayer = Replayer::new();
        for (gap, write) in &writes {
            now += Duration::minutes(*gap);
            let (mut new_edits, mut new_proofs) = (Vec::new(), Vec::new());
            match write {
                Write::Proof(s, pass, back) => {
                    new_proofs.push(proof(SYSTEMS[*s], *pass, now - Duration::minutes(*back), now));
                }
                Write::Edit(variant, unset) => new_edits.push(InForce { from: now, inputs: inputs(*variant, unset) }),
            }
            edits.extend(new_edits.iter().cloned());
            proofs.extend(new_proofs.iter().cloned());
            let record = Record::new(Arc::clone(&first), edits.clone(), proofs.clone());
            let timeline = replay(&record, now);
            let changes: Vec<_> = timeline.changes.iter().cloned().collect();
            prop_assert!(
                changes.starts_with(&published),
                "a published change moved or vanished after {:?}", write
            );
            extended = extended.extended(new_edits, new_proofs, now + ms).expect("written in order");
            let going_on = replayer.advance(&extended, now);
            prop_assert_eq!(&going_on.changes, &timeline.changes, "the replay that went on differs after {:?}", write);
            published = changes;
        }
        let end = now + Duration::days(60);
        let record = Record::new(Arc::clone(&first), edits, proofs);
        let timeline = replay(&record, end);
        let changes: Vec<_> = timeline.changes.iter().cloned().collect();
        prop_assert!(changes.starts_with(&published));
        let extended = extended.extended(Vec::new(), Vec::new(), end + ms).expect("a later horizon");
        prop_assert_eq!(&replayer.advance(&extended, end).changes, &timeline.changes);
        let starts = |t: &readiness::changes::Timeline| t.stretches.iter().map(|s| (s.from, s.input, s.first_change, s.state.clone())).collect::<Vec<_>>();
        prop_assert_eq!(starts(replayer.advance(&extended, end)), starts(&timeline));
        prop_assert_eq!(replayer.starts(), 1, "every write went on from the last place");
        for probe in probes {
            let at = T0 + (end - T0) * (f64::from(probe) / 1000.0);
            let at = readiness::canonical(at).unwrap();
            let expected = State::of(&record.board_at(at));
            prop_assert_eq!(&replayed_state(&record, &timeline, at), &expected, "at {}", at);
            // Both catalogs list the same systems, motions and claims in the same order, so the
            // changes alone, edits included, lead from the first state to the board then.
            let mut state = timeline.stretches[0].state.clone();
            for change in timeline.changes.iter().take_while(|c| c.at <= at) {
                state.apply(change, &first.catalog);
            }
            prop_assert_eq!(&state, &expected, "from the first state, at {}", at);
        }
        let (motions, systems) = uptime_of(&record, &timeline, T0, end);
        let current = &record.inputs_at(end).catalog;
        prop_assert_eq!(motions.len(), current.motions().len());
        prop_assert_eq!(systems.len(), current.systems().len());
    }
}

/// The reviewer's reproduction: a variable removed from the env file gates the motion it opened,
/// and the changes published before stay where they were.
#[test]
fn removing_a_variable_is_a_change_and_keeps_what_was_published() {
    let all = inputs(false, &[]);
    let core_vars = 0; // DATABASE_URL, a runtime variable of the core runtime
    let passed = T0 + Duration::hours(1);
    let proofs: Vec<KnownProof> = SYSTEMS
        .iter()
        .map(|s| proof(s, true, passed, passed))
        .collect();
    let before = replay(
        &Record::new(Arc::clone(&all), Vec::new(), proofs.clone()),
        T0 + Duration::hours(2),
    );
    assert!(!before.changes.is_empty());
    let edit = InForce {
        from: T0 + Duration::hours(3),
        inputs: inputs(false, &[core_vars]),
    };
    let start = InForce {
        from: T0,
        inputs: Arc::clone(&all),
    };
    let record = Record::new(all, vec![start, edit], proofs);
    let after = replay(&record, T0 + Duration::hours(4));
    let (before, after): (Vec<_>, Vec<_>) = (
        before.changes.iter().cloned().collect(),
        after.changes.iter().cloned().collect(),
    );
    assert!(after.starts_with(&before), "published changes stay");
    let edits: Vec<_> = after[before.len()..].to_vec();
    let core = edits
        .iter()
        .find(|c| matches!(&c.subject, Subject::System { system, .. } if system.as_str() == "core-runtime"))
        .expect("the core runtime's move is a change");
    assert!(matches!(
        core.subject,
        Subject::System {
            from: Status::Ready,
            to: Status::Blocked,
            cause: Cause::ConfigurationChanged,
            ..
        }
    ));
    assert!(
        core.text.contains("DATABASE_URL no longer set"),
        "{}",
        core.text
    );
    assert!(!core.text.contains("secret-value-9"));
    assert!(
        edits.iter().any(|c| matches!(
            c.subject,
            Subject::Motion {
                can_move: false,
                ..
            }
        )),
        "a motion the core runtime opened is gated again: {edits:#?}"
    );
    assert!(edits.iter().all(|c| c.at == T0 + Duration::hours(3)));
}

/// A proof stamped in the past counts from when it arrived: it adds nothing before then, and the
/// past view at an instant before it arrived is unchanged.
#[test]
fn a_backdated_proof_counts_from_when_it_arrived() {
    let all = inputs(false, &[]);
    let arrived = T0 + Duration::days(2);
    let proofs = vec![proof("stripe-billing", true, T0, arrived)];
    let record = Record::new(all, Vec::new(), proofs);
    let timeline = replay(&record, T0 + Duration::days(3));
    assert!(
        timeline.changes.iter().all(|c| c.at >= arrived),
        "{:#?}",
        timeline.changes
    );
    let ready_at = |at| {
        record
            .board_at(at)
            .system(&readiness::SystemId::parse("stripe-billing").unwrap())
            .unwrap()
            .status
    };
    assert_eq!(ready_at(T0 + Duration::days(1)), Status::ConfiguredUnproven);
    assert_eq!(ready_at(arrived), Status::Ready);
}

/// Found by attack: renaming a system or removing a motion in the catalog moved verdicts with
/// no change saying why. A system or motion the edit adds or removes is a change of its own.
#[test]
fn a_renamed_system_and_a_removed_motion_are_changes() {
    let all = inputs(false, &[]);
    let passed = T0 + Duration::hours(1);
    let proofs: Vec<KnownProof> = SYSTEMS
        .iter()
        .map(|s| proof(s, true, passed, passed))
        .collect();
    let renamed = SHIPPED.replace("\"core-runtime\"", "\"core-rt\"");
    let start = renamed
        .find("[[motion]]\nid = \"managed-private-beta\"")
        .unwrap();
    let end = start + 1 + renamed[start + 1..].find("[[motion]]").unwrap();
    let edited = format!("{}{}", &renamed[..start], &renamed[end..]);
    let catalog = Arc::new(parse_catalog("edited.toml", &edited).unwrap());
    let env = Environment::from_pairs(
        &catalog,
        variables(&catalog)
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str())),
    );
    let edit = InForce {
        from: T0 + Duration::hours(3),
        inputs: Arc::new(InputSet::new("edited", catalog, &env)),
    };
    let start_set = InForce {
        from: T0,
        inputs: Arc::clone(&all),
    };
    let record = Record::new(all, vec![start_set, edit], proofs);
    let timeline = replay(&record, T0 + Duration::hours(4));
    let changes = &timeline.changes;
    let at_edit: Vec<_> = changes
        .iter()
        .filter(|c| c.at == T0 + Duration::hours(3))
        .collect();
    let removed = at_edit
        .iter()
        .find(|c| matches!(&c.subject, Subject::System { system, cause: Cause::CatalogChanged, .. } if system.as_str() == "core-runtime"))
        .expect("the old id is removed");
    assert!(
        removed
            .text
            .contains("removed from the catalog (it was ready)"),
        "{}",
        removed.text
    );
    assert!(at_edit.iter().any(
        |c| matches!(&c.subject, Subject::System { system, .. } if system.as_str() == "core-rt")
    ));
    let motion = at_edit
        .iter()
        .find(|c| matches!(&c.subject, Subject::Motion { motion, can_move: false, .. } if motion.as_str() == "managed-private-beta"))
        .expect("the removed motion can no longer move");
    assert!(
        motion.text.contains("removed from the catalog"),
        "{}",
        motion.text
    );
}

/// A proof known before the horizon of the record a replay went through (a writer whose stamp
/// went below it cannot happen through the store, but a whole new read can hold one): the
/// record refuses to extend, the read gives a new record, and the replayer starts over from it
/// and gives what a whole replay gives. An earlier `until` takes nothing back.
#[test]
fn a_proof_known_before_the_replayed_instant_makes_the_replayer_start_over() {
    let all = inputs(false, &[]);
    let ms = Duration::milliseconds(1);
    let first = proof("core-runtime", true, T0, T0 + Duration::hours(1));
    let record = Record::read(
        Arc::clone(&all),
        Vec::new(),
        vec![first.clone()],
        T0 + Duration::hours(5),
    );
    let mut replayer = Replayer::new();
    let published = replayer.advance(&record, T0 + Duration::hours(9)).clone();
    assert!(
        published.changes.iter().all(|c| c.at < record.through()),
        "never up to the horizon"
    );
    let late = proof("support-email", true, T0, T0 + Duration::hours(2));
    let horizon = T0 + Duration::hours(6) + ms;
    assert!(record
        .extended(Vec::new(), vec![late.clone()], horizon)
        .is_none());
    let reread = Record::read(Arc::clone(&all), Vec::new(), vec![first, late], horizon);
    let going_on = replayer.advance(&reread, T0 + Duration::hours(6)).clone();
    assert_eq!(replayer.starts(), 2);
    assert_eq!(
        going_on.changes,
        replay(&reread, T0 + Duration::hours(6)).changes
    );
    let support = going_on
        .changes
        .iter()
        .find(|c| c.concerns_system(&readiness::SystemId::parse("support-email").unwrap()));
    assert_eq!(support.map(|c| c.at), Some(T0 + Duration::hours(2)));
    let back = replayer
        .advance(&reread, T0 + Duration::hours(1))
        .changes
        .len();
    assert_eq!(
        back,
        going_on.changes.len(),
        "a clock stepped back takes nothing back"
    );
}

/// Records extend only from their horizon on: a proof known before it, or inputs recorded when
/// none were, need a whole new read; a proof known after the new horizon waits aside and joins
/// when a later horizon passes it.
#[test]
fn a_record_extends_only_from_its_horizon() {
    let all = inputs(false, &[]);
    let h = |hours| T0 + Duration::hours(hours);
    let held = proof("core-runtime", true, T0, h(2));
    let record = Record::read(Arc::clone(&all), Vec::new(), vec![held], h(3));
    let earlier = proof("support-email", true, T0, h(1));
    assert!(record.extended(Vec::new(), vec![earlier], h(4)).is_none());
    let edit = InForce {
        from: h(4),
        inputs: inputs(true, &[]),
    };
    assert!(
        record
            .extended(vec![edit.clone()], Vec::new(), h(5))
            .is_none(),
        "none were recorded"
    );
    let ahead = proof("support-email", true, h(9), h(9));
    let now = proof("stripe-billing", true, h(4), h(4));
    let extended = record
        .extended(Vec::new(), vec![ahead, now], h(5))
        .expect("from the horizon on");
    assert_eq!(
        extended.proofs().len(),
        2,
        "the one stamped ahead waits aside"
    );
    assert_eq!(extended.next_after(h(5)), Some(h(9)));
    assert_eq!(
        extended.latest_at(h(10)).len(),
        3,
        "a view after it sees it"
    );
    let later = extended
        .extended(Vec::new(), Vec::new(), h(10))
        .expect("a later horizon");
    assert_eq!(later.proofs().len(), 3);
    assert!(later.same_lineage(&record));
    let start = InForce {
        from: T0,
        inputs: Arc::clone(&all),
    };
    let recorded = Record::read(all, vec![start], Vec::new(), h(3));
    let with_edit = recorded
        .extended(vec![edit], Vec::new(), h(5))
        .expect("later inputs extend");
    assert_eq!(with_edit.inputs().len(), 2);
}

/// Issue 22, found by a buyer: on a new install a system ready for two minutes showed "Ready 0 %
/// of the last 90 days" with an all-red bar, the 90 days before any record counted as downtime.
/// Uptime counts from the first record (before it: no data, neither up nor down), and each
/// stretch says what started it.
#[test]
fn uptime_counts_from_the_first_record_and_says_what_started_each_stretch() {
    let all = inputs(false, &[]);
    let first = vec![InForce {
        from: T0,
        inputs: Arc::clone(&all),
    }];
    let passed = T0 + Duration::minutes(1);
    let proofs: Vec<KnownProof> = SYSTEMS
        .iter()
        .map(|s| proof(s, true, passed, passed))
        .collect();
    let record = Record::new(all, first, proofs);
    let end = T0 + Duration::minutes(3);
    let timeline = replay(&record, end);
    let window = end - Duration::days(90);
    let (_, systems) = uptime_of(&record, &timeline, window, end);
    let core = &systems[0];
    let spans: Vec<_> = core
        .segments
        .iter()
        .map(|s| (s.from, s.to, s.on, s.recorded))
        .collect();
    assert_eq!(
        spans,
        [
            (window, T0, false, false),
            (T0, passed, false, true),
            (passed, end, true, true),
        ]
    );
    assert!((core.share - 2.0 / 3.0).abs() < 1e-9, "{core:?}");
    assert_eq!(core.segments[1].cause.as_deref(), Some("the record began"));
    let became_ready = timeline
        .changes
        .iter()
        .find(|c| matches!(&c.subject, Subject::System { system, .. } if system.as_str() == SYSTEMS[0]))
        .unwrap();
    assert_eq!(core.segments[2].cause.as_ref(), Some(&became_ready.text));
    // A window inside the record has no stretch of no data.
    let (_, inside) = uptime_of(&record, &timeline, T0 + Duration::seconds(30), end);
    assert!(inside[0].segments.iter().all(|s| s.recorded));
    assert_eq!(
        inside[0].segments[0].cause, None,
        "started before the window"
    );
}

/// Found by attack (issue 22, round 5): the buyer's lines were read from the board now, so an
/// edit of an offer's words rewrote what the past said, an offer renamed away lost its "Newly
/// listed", and a rename read as a withdrawal. Each change keeps the buyer's words of its own
/// instant; a rename has none.
#[test]
fn the_buyers_words_of_a_change_are_those_in_force_when_it_happened() {
    let all = inputs(false, &[]);
    let passed = T0 + Duration::hours(1);
    let proofs: Vec<KnownProof> = SYSTEMS
        .iter()
        .map(|s| proof(s, true, passed, passed))
        .collect();
    let old_words = "a managed private beta with our team";
    let edited = SHIPPED
        .replace(old_words, "EDITED words")
        .replace("\"self-serve-paid-launch\"", "\"self-serve-card\"");
    let catalog = Arc::new(parse_catalog("edited.toml", &edited).unwrap());
    let env = Environment::from_pairs(
        &catalog,
        variables(&catalog)
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str())),
    );
    let edit_at = T0 + Duration::hours(3);
    let edit = InForce {
        from: edit_at,
        inputs: Arc::new(InputSet::new("edited", catalog, &env)),
    };
    let start_set = InForce {
        from: T0,
        inputs: Arc::clone(&all),
    };
    let record = Record::new(all, vec![start_set, edit], proofs);
    let timeline = replay(&record, T0 + Duration::hours(4));
    let changes = &timeline.changes;
    let opened = changes
        .iter()
        .find(|c| c.at == passed && matches!(&c.subject, Subject::Motion { motion, can_move: true, .. } if motion.as_str() == "managed-private-beta"))
        .expect("the beta opened when the proofs passed");
    assert_eq!(
        opened.for_buyers.as_deref(),
        Some(format!("Became available: {old_words}").as_str()),
        "said in the words of its day"
    );
    let renamed: Vec<_> = changes
        .iter()
        .filter(|c| c.at == edit_at && matches!(&c.subject, Subject::Motion { motion, .. } if motion.as_str().starts_with("self-serve")))
        .collect();
    assert_eq!(renamed.len(), 2, "withdrawn and listed: {renamed:#?}");
    assert!(
        renamed.iter().all(|c| c.for_buyers.is_none()),
        "a rename is no news to a buyer: {renamed:#?}"
    );
    assert!(
        changes
            .iter()
            .filter(|c| c.at < edit_at)
            .any(|c| c.for_buyers.is_some()),
        "the changes before the edit keep their lines"
    );
}

/// Two offers swapping ids (issue 22, attack): each id's reword is a change of the team's
/// record, no buyer line says an offer moved (each offer's words kept their standing), and a
/// buyer who followed one id before the swap follows the other after it, once.
#[test]
fn two_offers_swapping_ids_is_recorded_and_is_no_news_to_a_buyer() {
    let passed = T0 + Duration::hours(1);
    let proofs: Vec<KnownProof> = SYSTEMS
        .iter()
        .map(|s| proof(s, true, passed, passed))
        .collect();
    let swapped = SHIPPED
        .replace("\"managed-private-beta\"", "\"swap-placeholder\"")
        .replace("\"invoice-led-paid-beta\"", "\"managed-private-beta\"")
        .replace("\"swap-placeholder\"", "\"invoice-led-paid-beta\"");
    // Evidence operations unset: the invoice-led offer is gated, the managed one available.
    let set = |text: &str, sha: &str| {
        let catalog = Arc::new(parse_catalog("c.toml", text).unwrap());
        let evidence = catalog.system(&readiness::SystemId::parse("evidence-operations").unwrap());
        let theirs: Vec<String> = (evidence.unwrap().groups.iter())
            .flat_map(|g| g.vars.iter().map(|v| v.to_string()))
            .collect();
        let vars = variables(&catalog);
        let pairs = (vars.iter())
            .filter(|(k, _)| !theirs.contains(k))
            .map(|(k, v)| (k.as_str(), v.as_str()));
        let env = Environment::from_pairs(&catalog, pairs);
        Arc::new(InputSet::new(sha, catalog, &env))
    };
    let (before, after) = (set(SHIPPED, "shipped"), set(&swapped, "swapped"));
    let edit_at = T0 + Duration::hours(3);
    let in_force = vec![
        InForce {
            from: T0,
            inputs: Arc::clone(&before),
        },
        InForce {
            from: edit_at,
            inputs: Arc::clone(&after),
        },
    ];
    let record = Record::new(before, in_force, proofs);
    let timeline = replay(&record, T0 + Duration::hours(4));
    let (changes, edits) = (&timeline.changes, readiness::followed::Edits::of(&timeline));
    let at_edit: Vec<_> = changes.iter().filter(|c| c.at == edit_at).collect();
    let reworded = |id: &str| {
        at_edit.iter().any(|c| matches!(&c.subject, Subject::Motion { motion, edit: Some(MotionEdit::Reworded { .. }), .. } if motion.as_str() == id))
    };
    assert!(
        reworded("managed-private-beta") && reworded("invoice-led-paid-beta"),
        "{at_edit:#?}"
    );
    let verdicts = (at_edit.iter())
        .filter(|c| matches!(&c.subject, Subject::Motion { edit: None, .. }))
        .count();
    assert_eq!(verdicts, 2, "each id's verdict moved: {at_edit:#?}");
    assert!(
        at_edit.iter().all(|c| c.for_buyers.is_none()),
        "no offer moved for a buyer: {at_edit:#?}"
    );
    let ids: std::collections::HashSet<_> = at_edit.iter().map(|c| &c.id).collect();
    assert_eq!(
        ids.len(),
        at_edit.len(),
        "a reword and a verdict have their own ids"
    );

    let board = readiness::evaluate(
        &after.catalog,
        &after.environment,
        &record.latest_at(edit_at),
        edit_at,
    );
    let follows = vec!["managed-private-beta".to_owned()];
    let ms = |at: OffsetDateTime| (at.unix_timestamp_nanos() / 1_000_000) as i64;
    let found = readiness::followed::renames(&board, &edits, &follows, ms(T0));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].to.as_str(), "invoice-led-paid-beta");
    let moved = readiness::followed::settled_now(&board, &edits, &follows, ms(T0));
    assert!(
        readiness::followed::renames(&board, &edits, &moved, ms(edit_at)).is_empty(),
        "moved once: a follower is not moved back by the same swap"
    );
    assert!(
        readiness::followed::renames(&board, &edits, &follows, ms(edit_at)).is_empty(),
        "who chose the id after the swap keeps it"
    );
}

/// A reword alone (the id keeps its offer, in new words) is one offer renamed for a buyer, and
/// its followers keep following it.
#[test]
fn a_reword_is_one_offer_renamed() {
    let all = inputs(false, &[]);
    let old_words = "a managed private beta with our team";
    let edited = SHIPPED.replace(old_words, "a private beta run with our team");
    let catalog = Arc::new(parse_catalog("edited.toml", &edited).unwrap());
    let vars = variables(&catalog);
    let env = Environment::from_pairs(&catalog, vars.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let edit_at = T0 + Duration::hours(3);
    let after = Arc::new(InputSet::new("edited", catalog, &env));
    let in_force = vec![
        InForce {
            from: T0,
            inputs: Arc::clone(&all),
        },
        InForce {
            from: edit_at,
            inputs: Arc::clone(&after),
        },
    ];
    let record = Record::new(all, in_force, Vec::new());
    let timeline = replay(&record, T0 + Duration::hours(4));
    let (changes, edits) = (&timeline.changes, readiness::followed::Edits::of(&timeline));
    let lines: Vec<_> = (changes.iter())
        .filter(|c| c.at == edit_at)
        .filter_map(|c| c.for_buyers.as_deref())
        .collect();
    assert_eq!(
        lines,
        ["Renamed: a private beta run with our team (was: a managed private beta with our team)"]
    );
    let board = readiness::evaluate(
        &after.catalog,
        &after.environment,
        &record.latest_at(edit_at),
        edit_at,
    );
    let follows = vec!["managed-private-beta".to_owned()];
    assert!(readiness::followed::renames(&board, &edits, &follows, 0).is_empty());
}

/// Found by attack (issue 22, round 11): a system whose expected day passed before the record
/// began got an "overdue" change dated that day, before the board ever ran. How the board
/// began is its first state, not a change; a day passing after it is one.
#[test]
fn a_day_passed_before_the_record_began_is_no_change_and_one_after_it_is() {
    let text = SHIPPED
        .replacen(
            "id = \"stripe-billing\"\n",
            "id = \"stripe-billing\"\nexpected = \"2026-09-01\"\n",
            1,
        )
        .replacen(
            "id = \"hris-connectors\"\n",
            "id = \"hris-connectors\"\nexpected = \"2026-10-10\"\n",
            1,
        );
    let catalog = Arc::new(parse_catalog("dated.toml", &text).unwrap());
    let env = Environment::from_pairs(&catalog, std::iter::empty::<(&str, &str)>());
    let set = Arc::new(InputSet::new("dated", catalog, &env));
    let start = InForce {
        from: T0,
        inputs: Arc::clone(&set),
    };
    let record = Record::new(set, vec![start], Vec::new());
    let changes = replay(&record, T0 + Duration::days(30)).changes;
    let days: Vec<_> = changes
        .iter()
        .filter(|c| matches!(c.subject, Subject::Expected { .. }))
        .collect();
    assert!(changes.iter().all(|c| c.at >= T0), "{changes:#?}");
    assert_eq!(days.len(), 1, "{days:#?}");
    assert!(days[0].text.contains("HRIS"), "{:?}", days[0].text);
}
