//! A follower whose offer's words went, by a swap, to an id listed anew within the same burst
//! (issue 22, attack round 15, `i9.py`): it is told its offer's own news, in its words, never
//! "Newly listed" and never the other offer's day.

mod common;

use common::input_set;
use readiness::buyer_news::news_for;
use readiness::changes::{replay, Change, InForce, KnownProof, Record};
use readiness::followed::trails;
use readiness::{Outcome, ProofRecord, ProofSource, SystemId};
use std::sync::Arc;
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

const T0: OffsetDateTime = datetime!(2026-10-01 00:00 UTC);
const SHIPPED: &str = include_str!("../../catalog/vendor-catalog.toml");
const ENTERPRISE: &str = "enterprise rollout with single sign-on";

fn dated() -> String {
    let mut text = SHIPPED.to_owned();
    for (system, day) in [
        ("stripe-billing", "2027-01-15"),
        ("enterprise-identity", "2027-06-01"),
        ("hris-connectors", "2027-06-01"),
        ("official-issuers", "2027-06-01"),
    ] {
        let line = format!("id = \"{system}\"\n");
        text = text.replacen(&line, &format!("{line}expected = \"{day}\"\n"), 1);
    }
    text
}

#[test]
fn an_offer_swapped_onto_an_id_listed_anew_in_the_burst_is_told_as_itself() {
    let first = dated();
    let renamed = first
        .replace("\"self-serve-paid-launch\"", "\"self-serve-web\"")
        .replace("self-serve plans paid by card", "web plans");
    let swapped = renamed
        .replace(ENTERPRISE, "@@")
        .replace(
            "offer = \"web plans\"",
            &format!("offer = \"{ENTERPRISE}\""),
        )
        .replace("@@", "web plans");
    let edits = [(0, &first), (1, &renamed), (5, &swapped)].map(|(s, text)| InForce {
        from: T0 + Duration::seconds(s),
        inputs: input_set(text),
    });
    let core = ProofRecord {
        system: SystemId::parse("core-runtime").unwrap(),
        outcome: Outcome::Pass,
        recorded_at: T0,
        evidence: String::new(),
        source: ProofSource::Cli,
    };
    let proofs = vec![KnownProof::new(core, Some(T0))];
    let record = Record::new(Arc::clone(&edits[0].inputs), edits.to_vec(), proofs);
    let end = T0 + Duration::seconds(30);
    let timeline = replay(&record, end);
    let changes = &timeline.changes;
    let board = record.board_at(end);
    // Edits are read from the stretch starts (issue 21): every edit of an offer is at one.
    let edited = (changes.iter()).filter(|c| {
        matches!(
            c.subject,
            readiness::changes::Subject::Motion { edit: Some(_), .. }
        )
    });
    let starts: Vec<_> = timeline.stretches.iter().map(|s| s.from).collect();
    assert_eq!(edited.clone().count(), 4, "added, removed, two reworded");
    assert!(edited.clone().all(|c| starts.contains(&c.at)));
    let follows = vec!["broad-enterprise-expansion".to_owned()];
    let since = (T0.unix_timestamp_nanos() / 1_000_000) as i64;
    let trail = &trails(
        &board,
        &readiness::followed::Edits::of(&timeline),
        &follows,
        since,
    )[0];
    assert_eq!(
        trail.ids().collect::<Vec<_>>(),
        ["broad-enterprise-expansion", "self-serve-web"]
    );
    let burst: Vec<&Change> = changes.iter().filter(|c| c.at > T0).collect();
    let told = news_for(&board, |w: &str| trail.follows(w), &burst);
    assert_eq!(
        told,
        [format!(
            "Now expected by 15 January 2027 (was 1 June 2027): {ENTERPRISE}."
        )]
    );
    let everything = readiness::buyer_news::burst_news(&board, &[], &burst);
    assert_eq!(
        everything,
        [
            "Newly listed, not available yet: web plans, expected by 1 June 2027.".to_owned(),
            "No longer offered: self-serve plans paid by card.".to_owned(),
            format!("Now expected by 15 January 2027 (was 1 June 2027): {ENTERPRISE}."),
        ]
    );
}
