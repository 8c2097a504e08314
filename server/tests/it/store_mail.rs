//! The e-mail subscribers' store on both backends: one subscriber per address, each message
//! stored once, claimed under a lease and recorded only by its holder, nothing kept after an
//! erase, and at most five notices a day to one address however often it is typed in.

use crate::store_suite::{both_backends, postgres, sqlite, Fresh};
use server::mail::{subscribe, Address, Letterhead};
use server::store::mail::{Mail, MailKind, MailOutcome, Subscriber};
use server::store::ProofStore;

fn subscriber(id: &str, address: &str) -> Subscriber {
    Subscriber {
        id: id.to_owned(),
        address: address.to_owned(),
        token: server::mail::new_token(),
        motions: Vec::new(),
        created_at_ms: 1_000,
        confirmed_at_ms: None,
        enqueued_through_ms: 1_000,
        motions_set_at_ms: None,
    }
}

fn mail(id: &str) -> Mail {
    Mail {
        id: id.to_owned(),
        kind: MailKind::Changes,
        subject: "s".into(),
        body: "b".into(),
        created_at_ms: 1_000,
    }
}

fn a_message_is_stored_once_sent_once_and_gone_with_its_subscriber(fresh: Fresh) {
    let store = ProofStore::connect(&fresh.location).unwrap();
    let s = subscriber("sub_a", "buyer@example.com");
    assert!(store.add_subscriber(&s).unwrap());
    let twin = subscriber("sub_b", "buyer@example.com");
    assert!(
        !store.add_subscriber(&twin).unwrap(),
        "one subscriber per address"
    );
    assert_eq!(
        store
            .enqueue_mail(&s.id, &[mail("m1")], Some(5_000))
            .unwrap(),
        1
    );
    assert_eq!(
        store.enqueue_mail(&s.id, &[mail("m1")], None).unwrap(),
        0,
        "stored once"
    );
    assert_eq!(
        store
            .subscriber_by_token(&s.token)
            .unwrap()
            .unwrap()
            .enqueued_through_ms,
        5_000
    );

    let first = store.claim_mail(2_000, 60_000, "lease-a").unwrap().unwrap();
    assert_eq!(first.address, "buyer@example.com");
    assert!(
        store
            .claim_mail(2_001, 60_000, "lease-b")
            .unwrap()
            .is_none(),
        "leased"
    );
    // The first holder's lease ran out: another instance took it, and only it records.
    let second = store
        .claim_mail(70_000, 60_000, "lease-b")
        .unwrap()
        .unwrap();
    assert!(!store
        .record_mail(&first, &MailOutcome::Sent { at_ms: 70_001 })
        .unwrap());
    assert!(store
        .record_mail(&second, &MailOutcome::Sent { at_ms: 70_002 })
        .unwrap());
    assert!(
        store
            .claim_mail(900_000, 60_000, "lease-c")
            .unwrap()
            .is_none(),
        "sent once"
    );
    let kept = store.mail_of(&s.id).unwrap();
    assert_eq!(
        (kept.len(), kept[0].sent_at_ms, kept[0].attempts),
        (1, Some(70_002), 1)
    );

    assert!(store.remove_subscriber(&s.id).unwrap());
    assert!(store.mail_of(&s.id).unwrap().is_empty());
    assert!(store
        .subscriber_by_address("buyer@example.com")
        .unwrap()
        .is_none());
    assert_eq!(
        store.enqueue_mail(&s.id, &[mail("m2")], None).unwrap(),
        0,
        "nothing for the erased"
    );
}

fn a_retry_waits_and_a_pending_subscription_expires(fresh: Fresh) {
    let store = ProofStore::connect(&fresh.location).unwrap();
    let s = subscriber("sub_a", "buyer@example.com");
    store.add_subscriber(&s).unwrap();
    store.enqueue_mail(&s.id, &[mail("m1")], None).unwrap();
    let claimed = store.claim_mail(2_000, 60_000, "lease-a").unwrap().unwrap();
    let retry = MailOutcome::Retry {
        next_ms: 10_000,
        error: "refused".into(),
    };
    assert!(store.record_mail(&claimed, &retry).unwrap());
    assert!(
        store
            .claim_mail(9_999, 60_000, "lease-b")
            .unwrap()
            .is_none(),
        "not before its time"
    );
    assert_eq!(
        store
            .claim_mail(10_000, 60_000, "lease-b")
            .unwrap()
            .unwrap()
            .attempts,
        1
    );
    let confirmed = subscriber("sub_c", "other@example.com");
    store.add_subscriber(&confirmed).unwrap();
    assert!(store.confirm_subscriber(&confirmed.id, 3_000).unwrap());
    assert!(
        !store.confirm_subscriber(&confirmed.id, 4_000).unwrap(),
        "once"
    );
    let ids = |list: Vec<Subscriber>| list.into_iter().map(|s| s.id).collect::<Vec<_>>();
    assert_eq!(ids(store.subscribers().unwrap()), ["sub_a", "sub_c"]);
    assert_eq!(ids(store.confirmed_subscribers().unwrap()), ["sub_c"]);
    assert!(
        store
            .purge_mail(server::store::mail::PurgeBefore {
                pending_ms: 1_001,
                done_ms: 0,
                notices_ms: 0,
            })
            .unwrap()
            >= 2,
        "the pending one and its message"
    );
    assert!(store
        .subscriber_by_address("buyer@example.com")
        .unwrap()
        .is_none());
    assert!(
        store
            .subscriber_by_address("other@example.com")
            .unwrap()
            .is_some(),
        "confirmed stays"
    );
}

/// The seed board and a store at `fresh`: what [`subscribe::subscribe`] is called with.
fn subscribing(fresh: &Fresh) -> (std::sync::Arc<server::board_cache::Snapshot>, ProofStore) {
    let app = crate::common::seed_app();
    let snapshot = app.state.board.current(crate::common::NOW);
    (snapshot, ProofStore::connect(&fresh.location).unwrap())
}

const HEAD: Letterhead<'static> = Letterhead {
    title: "Board",
    origin: "https://board.example.com",
};

fn an_address_typed_in_often_gets_at_most_five_notices_a_day(fresh: Fresh) {
    let (board, store) = subscribing(&fresh);
    let head = HEAD;
    let address = Address::parse("Buyer@Example.com").unwrap();
    let minute = 60_000;
    // Twice within ten minutes is one notice; then one per ten minutes, five in the day.
    for at in [
        0,
        minute,
        11 * minute,
        22 * minute,
        33 * minute,
        44 * minute,
        55 * minute,
        66 * minute,
    ] {
        let chosen = vec!["managed-private-beta".to_owned()];
        subscribe::subscribe(&store, &board, &head, &address, chosen, 1_000_000 + at).unwrap();
    }
    let s = store
        .subscriber_by_address("buyer@example.com")
        .unwrap()
        .unwrap();
    let notices = store.mail_of(&s.id).unwrap();
    assert_eq!(notices.len(), 5, "{notices:?}");
    assert!(notices.iter().all(|m| m.kind == "confirm"));
    assert_eq!(s.motions, vec!["managed-private-beta".to_owned()]);
}

/// Found by attack: a fixed ten-minute slot let two notices through across its edge, and a
/// confirm message was followed within a minute by "you already get updates".
fn a_notice_waits_ten_minutes_across_a_slot_edge_and_after_confirming(fresh: Fresh) {
    let (board, store) = subscribing(&fresh);
    let head = HEAD;
    let address = Address::parse("buyer@example.com").unwrap();
    let at = |ms: i64| subscribe::subscribe(&store, &board, &head, &address, Vec::new(), ms);
    at(599_999).unwrap();
    at(600_001).unwrap();
    let s = store
        .subscriber_by_address("buyer@example.com")
        .unwrap()
        .unwrap();
    assert_eq!(
        store.mail_of(&s.id).unwrap().len(),
        1,
        "one notice across the edge"
    );
    assert!(store.confirm_subscriber(&s.id, 600_002).unwrap());
    at(700_000).unwrap();
    assert_eq!(
        store.mail_of(&s.id).unwrap().len(),
        1,
        "no 'already' right after confirming"
    );
    at(1_200_000).unwrap();
    let kinds: Vec<String> = store
        .mail_of(&s.id)
        .unwrap()
        .into_iter()
        .map(|m| m.kind)
        .collect();
    assert_eq!(kinds, ["confirm", "already"]);
    // Found by attack: unsubscribing (or an erase) cleared the count, and the next came at once.
    assert!(store.remove_subscriber(&s.id).unwrap());
    at(1_200_100).unwrap();
    let again = store
        .subscriber_by_address("buyer@example.com")
        .unwrap()
        .unwrap();
    assert!(
        store.mail_of(&again.id).unwrap().is_empty(),
        "the count outlives the subscriber"
    );
    at(1_800_100).unwrap();
    assert_eq!(
        store.mail_of(&again.id).unwrap().len(),
        1,
        "ten minutes later it is sent"
    );
}

/// Found by attack (issue 22): the mail loop's move of a follower, from a row read at the start
/// of its pass, undid a choice saved on the manage page meanwhile. A move applies only to the
/// choices it read; an old row (no "set at") is moved once.
fn a_move_applies_only_to_the_choices_it_read(fresh: Fresh) {
    let store = ProofStore::connect(&fresh.location).unwrap();
    let mut s = subscriber("sub_m", "mover@example.com");
    s.motions = vec!["a".to_owned()];
    assert!(store.add_subscriber(&s).unwrap());
    let read = store.subscriber_by_token(&s.token).unwrap().unwrap();
    assert_eq!(
        read.motions_set_at_ms, None,
        "a row as an older build wrote it"
    );
    assert!(
        store.set_motions(&s.id, &["c".to_owned()], 2_000).unwrap(),
        "saved"
    );
    assert!(!store.move_motions(&read, &["b".to_owned()], 1_500).unwrap());
    let now = store.subscriber_by_token(&s.token).unwrap().unwrap();
    assert_eq!(
        (now.motions.clone(), now.motions_set_at_ms),
        (vec!["c".to_owned()], Some(2_000))
    );
    assert!(
        store.move_motions(&now, &["d".to_owned()], 3_000).unwrap(),
        "read fresh"
    );
    assert!(
        !store.move_motions(&now, &["e".to_owned()], 4_000).unwrap(),
        "once"
    );
    let last = store.subscriber_by_token(&s.token).unwrap().unwrap();
    assert_eq!(
        (last.motions, last.motions_set_at_ms),
        (vec!["d".to_owned()], Some(3_000))
    );
    let mut old = read.clone();
    old.confirmed_at_ms = Some(1_200);
    old.enqueued_through_ms = 1_900;
    assert_eq!(
        old.motions_since_ms(),
        1_900,
        "an old row stands at its last burst passed"
    );
}

/// Found by attack (round 17): after a relay outage each message retried on its own backoff,
/// so a subscriber's newest message ("No longer available") arrived before an older one ("Now
/// available"), which then stood last and false. One subscriber's messages go out in order.
fn a_subscribers_messages_go_out_in_the_order_they_were_made(fresh: Fresh) {
    let store = ProofStore::connect(&fresh.location).unwrap();
    let (s, other) = (
        subscriber("sub_a", "buyer@example.com"),
        subscriber("sub_b", "other@example.com"),
    );
    store.add_subscriber(&s).unwrap();
    store.add_subscriber(&other).unwrap();
    let made = |id: &str, at: i64| Mail {
        created_at_ms: at,
        ..mail(id)
    };
    store
        .enqueue_mail(&s.id, &[made("old", 1_000)], None)
        .unwrap();
    store
        .enqueue_mail(&s.id, &[made("new", 3_000)], None)
        .unwrap();
    store
        .enqueue_mail(&other.id, &[made("theirs", 2_000)], None)
        .unwrap();
    let first = store.claim_mail(5_000, 60_000, "lease-a").unwrap().unwrap();
    assert_eq!(first.mail.id, "old");
    let retry = MailOutcome::Retry {
        next_ms: 20_000,
        error: "the relay is down".into(),
    };
    assert!(store.record_mail(&first, &retry).unwrap());
    // The newer one waits for the older; another subscriber's does not.
    let next = store.claim_mail(6_000, 60_000, "lease-b").unwrap().unwrap();
    assert_eq!(next.mail.id, "theirs");
    assert!(store
        .claim_mail(6_001, 60_000, "lease-c")
        .unwrap()
        .is_none());
    let again = store
        .claim_mail(20_000, 60_000, "lease-d")
        .unwrap()
        .unwrap();
    assert_eq!(again.mail.id, "old");
    // While the older one is out under a lease, the newer one waits too.
    assert!(store
        .claim_mail(20_001, 60_000, "lease-e")
        .unwrap()
        .is_none());
    let sent = MailOutcome::Sent { at_ms: 20_002 };
    assert!(store.record_mail(&again, &sent).unwrap());
    let last = store
        .claim_mail(20_003, 60_000, "lease-f")
        .unwrap()
        .unwrap();
    assert_eq!(last.mail.id, "new");
    // A message given up no longer holds the ones after it.
    store
        .enqueue_mail(&other.id, &[made("later", 4_000)], None)
        .unwrap();
    assert!(store
        .claim_mail(20_004, 60_000, "lease-g")
        .unwrap()
        .is_none());
    let refused = MailOutcome::GiveUp {
        error: "550 no such user".into(),
    };
    assert!(store.record_mail(&next, &refused).unwrap());
    let after = store
        .claim_mail(20_005, 60_000, "lease-h")
        .unwrap()
        .unwrap();
    assert_eq!(after.mail.id, "later");
}

both_backends!(
    a_subscribers_messages_go_out_in_the_order_they_were_made,
    a_move_applies_only_to_the_choices_it_read,
    a_notice_waits_ten_minutes_across_a_slot_edge_and_after_confirming,
    a_message_is_stored_once_sent_once_and_gone_with_its_subscriber,
    a_retry_waits_and_a_pending_subscription_expires,
    an_address_typed_in_often_gets_at_most_five_notices_a_day,
);
