//! `GET /api/changes`, `GET /feed.atom` (parsed with a real XML parser) and the forecast in the
//! board JSON: what a pushed proof changes, filters, the cursor, ETags, and stable ids.

use crate::common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::*;
use serde_json::Value;

fn ids(page: &Value) -> Vec<String> {
    page["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_failed_proof_is_a_status_change_and_a_verdict_change_newest_first() {
    let app = moving_app();
    let (_, before) = get_json(&app, "/api/changes").await;
    push_later(&app, "core-runtime", "fail").await;
    let (status, page) = get_json(&app, "/api/changes").await;
    assert_eq!(status, StatusCode::OK);
    let changes = page["changes"].as_array().unwrap();
    assert!(changes.len() > before["changes"].as_array().unwrap().len());
    let newest = &changes[0];
    let system = changes
        .iter()
        .find(|c| {
            c["kind"] == "system" && c["system"] == "core-runtime" && c["cause"] == "proof_failed"
        })
        .expect("the status change");
    assert_eq!(system["from"], "ready");
    assert_eq!(system["to"], "configured_unproven");
    assert!(
        system["text"]
            .as_str()
            .unwrap()
            .contains("became configured unproven: proof failed at"),
        "{system}"
    );
    assert!(
        changes.iter().any(|c| c["kind"] == "motion"
            && c["can_move"] == false
            && c["because"][0] == "core-runtime"),
        "a verdict moved: {page}"
    );
    assert!(
        newest["at"].as_str().unwrap() >= changes.last().unwrap()["at"].as_str().unwrap(),
        "newest first"
    );
}

#[tokio::test]
async fn filters_and_the_cursor_page_through_every_change_once() {
    let app = moving_app();
    for outcome in ["fail", "pass", "fail"] {
        push_later(&app, "core-runtime", outcome).await;
    }
    let (_, all) = get_json(&app, "/api/changes?limit=500").await;
    let every = ids(&all);
    assert!(every.len() >= 4, "{all}");
    let mut paged = Vec::new();
    let mut uri = "/api/changes?limit=1".to_owned();
    loop {
        let (status, page) = get_json(&app, &uri).await;
        assert_eq!(status, StatusCode::OK);
        paged.extend(ids(&page));
        match page["next"].as_str() {
            Some(next) => uri = format!("/api/changes?limit=1&before={next}"),
            None => break,
        }
    }
    assert_eq!(paged, every, "paging gives every change once, in order");

    let (_, only) = get_json(&app, "/api/changes?system=core-runtime&limit=500").await;
    assert!(only["changes"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["system"] == "core-runtime"
            || c["because"]
                .as_array()
                .is_some_and(|b| b.iter().any(|s| s == "core-runtime"))));
    let (_, motion) = get_json(&app, "/api/changes?motion=invoice-led-paid-beta&limit=500").await;
    assert!(motion["changes"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["motion"] == "invoice-led-paid-beta"));
    for (uri, code) in [
        ("/api/changes?system=nope", StatusCode::NOT_FOUND),
        ("/api/changes?motion=nope", StatusCode::NOT_FOUND),
        ("/api/changes?since=yesterday", StatusCode::BAD_REQUEST),
        ("/api/changes?before=nope", StatusCode::BAD_REQUEST),
        ("/api/changes?color=red", StatusCode::BAD_REQUEST),
        ("/api/changes?limit=0", StatusCode::BAD_REQUEST),
        ("/feed.atom?limit=1", StatusCode::BAD_REQUEST),
        ("/changes?foo=x", StatusCode::BAD_REQUEST),
        ("/changes?motion=nope", StatusCode::NOT_FOUND),
    ] {
        assert_eq!(get(&app, uri).await.0, code, "{uri}");
    }
    let (_, later) = get_json(&app, "/api/changes?since=2099-01-01T00:00:00Z").await;
    assert!(later["changes"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn the_atom_feed_parses_and_its_entries_are_the_changes() {
    let app = moving_app();
    push_later(&app, "core-runtime", "fail").await;
    let (status, text, headers) = get(&app, "/feed.atom").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        headers["content-type"],
        "application/atom+xml; charset=utf-8"
    );
    let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
    let atom = "http://www.w3.org/2005/Atom";
    let root = doc.root_element();
    assert!(root.has_tag_name((atom, "feed")), "{text}");
    let child = |node: roxmltree::Node<'_, '_>, name: &str| {
        node.children()
            .find(|n| n.has_tag_name((atom, name)))
            .map(|n| n.text().unwrap_or("").to_owned())
    };
    assert!(child(root, "id").unwrap().ends_with("/feed.atom"));
    time::OffsetDateTime::parse(
        &child(root, "updated").unwrap(),
        &time::format_description::well_known::Rfc3339,
    )
    .expect("updated is RFC 3339");
    assert!(root
        .children()
        .any(|n| n.has_tag_name((atom, "link")) && n.attribute("rel") == Some("self")));
    let entries: Vec<_> = root
        .children()
        .filter(|n| n.has_tag_name((atom, "entry")))
        .collect();
    let (_, page) = get_json(&app, "/api/changes").await;
    let expected: Vec<String> = ids(&page)
        .iter()
        .map(|id| format!("urn:vendor-readiness:change:{id}"))
        .collect();
    let got: Vec<String> = entries.iter().map(|e| child(*e, "id").unwrap()).collect();
    assert_eq!(got, expected, "entry ids are the change ids, newest first");
    for entry in &entries {
        assert!(!child(*entry, "title").unwrap().is_empty());
        // The feed keeps the team's words: its entries open the team's record, where each is.
        let link = entry
            .children()
            .find(|n| n.has_tag_name((atom, "link")))
            .and_then(|n| n.attribute("href"))
            .unwrap();
        assert!(link.contains("/changes?view=operator#change-"), "{link}");
        time::OffsetDateTime::parse(
            &child(*entry, "updated").unwrap(),
            &time::format_description::well_known::Rfc3339,
        )
        .unwrap();
    }

    let etag = headers["etag"].to_str().unwrap().to_owned();
    let request = Request::get("/feed.atom")
        .header("if-none-match", &etag)
        .body(Body::empty())
        .unwrap();
    assert_eq!(call(&app, request).await.0, StatusCode::NOT_MODIFIED);
    let any = Request::get("/feed.atom")
        .header("if-none-match", "*")
        .body(Body::empty())
        .unwrap();
    assert_eq!(
        call(&app, any).await.0,
        StatusCode::NOT_MODIFIED,
        "If-None-Match: * matches a feed that exists"
    );
    push_later(&app, "core-runtime", "pass").await;
    let (_, _, after) = get(&app, "/feed.atom").await;
    assert_ne!(
        after["etag"].to_str().unwrap(),
        etag,
        "a new change, a new tag"
    );

    let (_, one, _) = get(&app, "/feed.atom?system=core-runtime").await;
    roxmltree::Document::parse(&one).unwrap();
    assert_eq!(
        get(&app, "/feed.atom?motion=nope").await.0,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_board_json_forecasts_expiries_and_reports_uptime() {
    let app = moving_app();
    let (_, board) = get_json(&app, "/api/vendor-readiness").await;
    let upcoming = board["upcoming"].as_array().unwrap();
    let core = upcoming
        .iter()
        .find(|u| u["system"] == "core-runtime")
        .expect("the demo proof expires within 30 days");
    assert!(
        core["text"]
            .as_str()
            .unwrap()
            .starts_with("Core runtime and trust infrastructure's proof expires on "),
        "{core}"
    );
    let gates = core["gates"].as_array().unwrap();
    for motion in board["motions"].as_array().unwrap() {
        let relies = motion["blockers"].as_array().unwrap().is_empty()
            && motion["depends_on"]
                .as_array()
                .unwrap()
                .iter()
                .any(|s| s == "core-runtime");
        if gates.iter().any(|g| g == &motion["id"]) {
            assert!(
                relies,
                "{} is gated by the expiry but does not rely on it",
                motion["id"]
            );
        }
    }
    let uptime = &board["uptime"];
    assert_eq!(
        uptime["motions"].as_array().unwrap().len(),
        board["motions"].as_array().unwrap().len()
    );
    for u in uptime["motions"]
        .as_array()
        .unwrap()
        .iter()
        .chain(uptime["systems"].as_array().unwrap())
    {
        let share = u["share"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&share), "{u}");
    }
}

/// Issue 26 point 3: a push reads only what was stored since the last read and replays only
/// from where the last board stopped (never the whole history), and what it serves is what a
/// whole new read and replay of the same store give.
#[tokio::test]
async fn a_push_replays_only_what_is_new_and_gives_what_a_whole_replay_gives() {
    let app = moving_app();
    let pushes = [
        ("core-runtime", "fail"),
        ("core-runtime", "pass"),
        ("support-email", "fail"),
        ("stripe-billing", "pass"),
        ("support-email", "pass"),
    ];
    for (system, outcome) in pushes {
        push_later(&app, system, outcome).await;
    }
    let replays = app.state.board.replays_from_start().get();
    assert_eq!(replays, 1, "only the start-up read replayed everything");
    let (_, metrics, _) = get(&app, "/metrics").await;
    assert!(
        metrics.contains("vendor_readiness_history_replays_from_start_total 1"),
        "{metrics}"
    );
    let now = app.state.now();
    let served = app.state.board.current(now);
    let own = std::sync::Arc::clone(&app.state.board.own().set);
    let whole = app.state.store.view(&own).unwrap();
    assert_eq!(whole.record.proofs().len(), served.record.proofs().len());
    let replayed = readiness::changes::replay(&whole.record, now);
    let ids = |changes: &readiness::changes::Changes| {
        changes
            .iter()
            .map(|c| (c.id.clone(), c.at))
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&served.history.changes), ids(&replayed.changes));
    assert!(
        served.history.changes.len() >= pushes.len(),
        "each push moved something"
    );
}

/// Issue 21: a past view (`?as_of=`) is as complete as the current board, computed by the same
/// function: the forecast from then and uptime up to then; at the board's own instant it is the
/// current board's.
#[tokio::test]
async fn a_past_view_carries_the_forecast_and_uptime_of_its_instant() {
    let app = moving_app();
    push_later(&app, "core-runtime", "fail").await;
    let (_, now) = get_json(&app, "/api/vendor-readiness").await;
    let as_of = now["as_of"].as_str().unwrap().to_owned();
    let (status, same) = get_json(&app, &format!("/api/vendor-readiness?as_of={as_of}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(same["upcoming"], now["upcoming"]);
    assert_eq!(same["uptime"], now["uptime"]);
    // Between the demo proofs (at start) and the failed push a minute later.
    let at = readiness::parse_instant(&as_of).unwrap() - time::Duration::seconds(30);
    let before = at
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    let (_, then) = get_json(&app, &format!("/api/vendor-readiness?as_of={before}")).await;
    let to = readiness::parse_instant(then["uptime"]["to"].as_str().unwrap()).unwrap();
    assert_eq!(to, at, "uptime up to the instant viewed");
    assert!(
        !then["upcoming"].as_array().unwrap().is_empty(),
        "the demo proofs were due to expire within 30 days then"
    );
    assert_ne!(then["uptime"], now["uptime"]);
}

/// A pass of the core runtime that expires `after` from now, stored through the app's store.
fn store_expiring_pass(app: &TestApp, after: time::Duration) {
    let catalog = app.state.board.catalog();
    let core = catalog.find_system("core-runtime").unwrap();
    let max_age = time::Duration::days(i64::from(core.proof_max_age_days));
    let record = readiness::ProofRecord {
        system: core.id.clone(),
        outcome: readiness::Outcome::Pass,
        recorded_at: app.state.now() - max_age + after,
        evidence: "backdated".into(),
        source: readiness::ProofSource::Api,
    };
    app.state.store.insert(&record, None, None).unwrap();
}

fn published(app: &TestApp) -> Vec<(String, time::OffsetDateTime)> {
    let snapshot = app.state.board.current(app.state.now());
    let changes = snapshot.history.changes.iter();
    changes.map(|c| (c.id.clone(), c.at)).collect()
}

/// Lets time pass up to 10 s before the demo pass of the core runtime expires and reads the
/// store then; returns the core runtime's id.
async fn read_just_before_the_core_expires(app: &TestApp) -> readiness::SystemId {
    let catalog = app.state.board.catalog();
    let core = catalog.find_system("core-runtime").unwrap();
    let max_age = time::Duration::days(i64::from(core.proof_max_age_days));
    let_time_pass(max_age - time::Duration::seconds(10));
    app.state.sync_from_store().await.unwrap();
    core.id.clone()
}

/// Issue 26, found by attack: a write whose clock is behind what a board already published (a
/// writer that waited on a lock, a slow clock) made a published expiry vanish. A board's read
/// moves the store's horizon past its instant, and every later write is known after it.
#[tokio::test]
async fn a_write_stamped_behind_what_was_published_never_takes_it_back() {
    let app = moving_app();
    // Up to 10 s before the demo pass of the core runtime expires, then 20 s on.
    read_just_before_the_core_expires(&app).await;
    let_time_pass(time::Duration::seconds(20));
    app.state.sync_from_store().await.unwrap();
    let before = published(&app);
    let expired = app
        .state
        .board
        .current(app.state.now())
        .history
        .changes
        .iter()
        .any(|c| {
            matches!(
                c.subject,
                readiness::changes::Subject::System {
                    cause: readiness::changes::Cause::ProofExpired,
                    ..
                }
            )
        });
    assert!(expired, "the expiry is published");
    // Another writer on the same file whose clock is 20 s behind: a pass that would have
    // replaced the proof before it expired, had it been known then.
    let behind = app.state.now() - time::Duration::seconds(20);
    let writer = server::store::ProofStore::open(&app.db_path())
        .unwrap()
        .with_clock(std::sync::Arc::new(move || behind));
    let record = readiness::ProofRecord {
        system: readiness::SystemId::parse("core-runtime").unwrap(),
        outcome: readiness::Outcome::Pass,
        recorded_at: behind,
        evidence: "late".into(),
        source: readiness::ProofSource::Cli,
    };
    writer.insert(&record, None, None).unwrap();
    let_time_pass(time::Duration::seconds(1));
    app.state.sync_from_store().await.unwrap();
    let after = published(&app);
    assert!(
        after.len() > before.len(),
        "the late pass is a change of its own"
    );
    assert_eq!(
        after[..before.len()],
        before[..],
        "nothing published moved or vanished"
    );
}

/// Issue 26, found by attack (round 3): while the store was stalled, the board went on to the
/// clock's instant and showed an expiry that a push waiting on the lock, stamped before it, then
/// took back. A board shows only what the store's horizon covers: it moves on with each read.
#[tokio::test]
async fn a_board_read_while_the_store_stalls_is_never_taken_back_by_a_waiting_write() {
    let app = moving_app();
    let core = read_just_before_the_core_expires(&app).await;
    // The store stalls: the clock passes the expiry and no read gets through.
    let_time_pass(time::Duration::seconds(20));
    let (_, shown) = get_json(&app, "/api/vendor-readiness").await;
    let status_of = |board: &Value| {
        let systems = board["systems"].as_array().unwrap();
        let core = systems.iter().find(|s| s["id"] == "core-runtime").unwrap();
        core["status"].clone()
    };
    let before = published(&app);
    // The push that waited on the lock, stamped when it arrived: before the expiry.
    let arrived = app.state.now() - time::Duration::seconds(15);
    let writer = server::store::ProofStore::open(&app.db_path())
        .unwrap()
        .with_clock(std::sync::Arc::new(move || arrived));
    let record = readiness::ProofRecord {
        system: core.clone(),
        outcome: readiness::Outcome::Pass,
        recorded_at: arrived,
        evidence: "waited on the lock".into(),
        source: readiness::ProofSource::Api,
    };
    writer.insert(&record, None, None).unwrap();
    app.state.sync_from_store().await.unwrap();
    let as_of = shown["as_of"].as_str().unwrap();
    let (code, then) = get_json(&app, &format!("/api/vendor-readiness?as_of={as_of}")).await;
    assert_eq!(code, StatusCode::OK);
    assert_eq!(
        status_of(&then),
        status_of(&shown),
        "the board shown at {as_of}"
    );
    let after = published(&app);
    assert_eq!(
        after[..before.len()],
        before[..],
        "nothing published vanished"
    );
}

/// Issue 26, found by attack: one record stamped ahead of the clock (allowed, up to minutes)
/// made every later write re-read and replay the whole history until it came due. It waits
/// aside instead, and joins when the horizon passes it.
#[tokio::test]
async fn a_record_stamped_ahead_never_makes_later_writes_read_everything() {
    let app = moving_app();
    store_expiring_pass(&app, time::Duration::days(1));
    let ahead = readiness::ProofRecord {
        system: readiness::SystemId::parse("support-email").unwrap(),
        outcome: readiness::Outcome::Fail,
        recorded_at: app.state.now() + time::Duration::minutes(4),
        evidence: "ahead".into(),
        source: readiness::ProofSource::Api,
    };
    app.state.store.insert(&ahead, None, None).unwrap();
    app.state.sync_from_store().await.unwrap();
    for outcome in ["pass", "fail", "pass"] {
        push_later(&app, "stripe-billing", outcome).await;
    }
    assert_eq!(
        app.state.board.replays_from_start().get(),
        1,
        "no write read everything again"
    );
    let_time_pass(time::Duration::minutes(2));
    app.state.sync_from_store().await.unwrap();
    let snapshot = app.state.board.current(app.state.now());
    let support = snapshot.board.system(&ahead.system).unwrap();
    let outcome = support.proof.as_ref().map(|p| p.outcome);
    assert_eq!(
        outcome,
        Some(readiness::Outcome::Fail),
        "the record stamped ahead counts once due"
    );
    assert_eq!(app.state.board.replays_from_start().get(), 1);
}

/// Issue 26: a past view after what the board last published needs the store to settle it
/// first: it is read then (and the view answered); while the store is locked, 503 within two
/// seconds with Retry-After, never a board the store could still take back.
#[tokio::test]
async fn a_past_view_beyond_the_horizon_reads_the_store_or_says_it_cannot() {
    let app = moving_app();
    let (_, board) = get_json(&app, "/api/vendor-readiness").await;
    let published = readiness::parse_instant(board["as_of"].as_str().unwrap()).unwrap();
    let at = published + time::Duration::seconds(30);
    let_time_pass(time::Duration::seconds(30));
    let at = at
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    let locker = rusqlite::Connection::open(app.db_path()).unwrap();
    locker.execute_batch("BEGIN IMMEDIATE").unwrap();
    let started = std::time::Instant::now();
    let (status, _, headers) = get(&app, &format!("/api/vendor-readiness?as_of={at}")).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(started.elapsed() < std::time::Duration::from_secs(4));
    assert!(headers.contains_key("retry-after"));
    locker.execute_batch("ROLLBACK").unwrap();
    // The read given up on finishes on its own; then the view is answered.
    let (status, board) = answered(&app, &format!("/api/vendor-readiness?as_of={at}")).await;
    assert_eq!(status, StatusCode::OK, "{board}");
    assert_eq!(board["as_of"], at.as_str());
}

/// Found by review (issue 26): during a store stall each `?as_of=` beyond the last board queued
/// a store read of its own, and all of them ran once the store answered. Requests waiting for
/// the same instant share one read.
#[tokio::test]
async fn past_views_waiting_for_the_store_share_one_read() {
    let app = std::sync::Arc::new(moving_app());
    let (_, board) = get_json(&app, "/api/vendor-readiness").await;
    let published = readiness::parse_instant(board["as_of"].as_str().unwrap()).unwrap();
    let_time_pass(time::Duration::seconds(30));
    let at = (published + time::Duration::seconds(30))
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    let locker = rusqlite::Connection::open(app.db_path()).unwrap();
    locker.execute_batch("BEGIN IMMEDIATE").unwrap();
    let boards_before = app.state.board.recomputations().get();
    let waiting: Vec<_> = (0..20)
        .map(|_| {
            let (app, at) = (std::sync::Arc::clone(&app), at.clone());
            tokio::spawn(async move {
                get(&app, &format!("/api/vendor-readiness?as_of={at}"))
                    .await
                    .0
            })
        })
        .collect();
    for request in waiting {
        assert_eq!(request.await.unwrap(), StatusCode::SERVICE_UNAVAILABLE);
    }
    locker.execute_batch("ROLLBACK").unwrap();
    tokio::time::sleep(std::time::Duration::from_secs(4)).await;
    assert_eq!(app.state.board.recomputations().get() - boards_before, 1);
}

/// Issue 26, found by attack (round 4): a past board's `catalog.changed_at` was the catalog
/// file's modification time, so touching the file, an edit, or another instance's copy changed
/// what `?as_of=` said of the past. It is read off the record: when that catalog came into force.
#[tokio::test]
async fn a_boards_catalog_time_is_read_off_the_record_never_off_a_file() {
    let app = moving_app();
    let (_, first) = get_json(&app, "/api/vendor-readiness").await;
    let since = &first["inputs"]["in_force_since"];
    assert_eq!(
        first["catalog"]["changed_at"], *since,
        "the catalog came into force with the first set"
    );
    // New names set, the same catalog: the catalog's time stays.
    let dir = tempfile::tempdir().unwrap();
    let env = dir.path().join("other.env");
    std::fs::write(&env, "DATABASE_URL=postgres://x\n").unwrap();
    let sources = server::inputs::EnvSources {
        env_file: Some(env),
        ..Default::default()
    };
    let catalog = repo_path("catalog/vendor-catalog.toml");
    let (names_edit, _) = server::loaded::Loaded::read(Some(&catalog), &sources).unwrap();
    let_time_pass(time::Duration::seconds(5));
    app.state
        .store
        .put_in_force(&names_edit.set, &names_edit.toml, "test")
        .unwrap();
    let_time_pass(time::Duration::seconds(5));
    app.state.sync_from_store().await.unwrap();
    let (_, second) = get_json(&app, "/api/vendor-readiness").await;
    assert_ne!(second["inputs"]["in_force_since"], *since);
    assert_eq!(
        second["catalog"]["changed_at"],
        first["catalog"]["changed_at"]
    );
    // Another catalog: its time is when it came into force; the past says what it said.
    let edited = dir.path().join("catalog.toml");
    let text = std::fs::read_to_string(&catalog).unwrap() + "\n# edited\n";
    std::fs::write(&edited, text).unwrap();
    let (catalog_edit, _) = server::loaded::Loaded::read(Some(&edited), &sources).unwrap();
    let_time_pass(time::Duration::seconds(5));
    app.state
        .store
        .put_in_force(&catalog_edit.set, &catalog_edit.toml, "test")
        .unwrap();
    let_time_pass(time::Duration::seconds(5));
    app.state.sync_from_store().await.unwrap();
    let (_, third) = get_json(&app, "/api/vendor-readiness").await;
    assert_eq!(
        third["catalog"]["changed_at"],
        third["inputs"]["in_force_since"]
    );
    let at = first["as_of"].as_str().unwrap();
    let (_, then) = get_json(&app, &format!("/api/vendor-readiness?as_of={at}")).await;
    assert_eq!(
        then["catalog"], first["catalog"],
        "the past board's catalog block"
    );
}

/// Issue 26, found by attack (round 5): a board of an instant before the record begins said its
/// inputs and catalog were in force "since" a later instant than its own. It says none was
/// recorded yet, in the JSON and on the page.
#[tokio::test]
async fn a_board_before_the_record_begins_says_no_inputs_were_recorded_yet() {
    let app = moving_app();
    let (_, first) = get_json(&app, "/api/vendor-readiness").await;
    let begins =
        readiness::parse_instant(first["inputs"]["in_force_since"].as_str().unwrap()).unwrap();
    let before = (begins - time::Duration::milliseconds(1))
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    let (status, then) = get_json(&app, &format!("/api/vendor-readiness?as_of={before}")).await;
    assert_eq!(status, StatusCode::OK, "{then}");
    assert!(then["inputs"].is_null(), "{}", then["inputs"]);
    // Said, not left out (round 6: a client reading `inputs` found no key).
    assert!(then.as_object().unwrap().contains_key("inputs"));
    assert!(
        then["catalog"]["changed_at"].is_null(),
        "{}",
        then["catalog"]
    );
    let (_, page, _) = get(&app, &format!("/?as_of={before}&view=operator")).await;
    assert!(page.contains("No inputs (catalog and configured names) were recorded yet"));
    // From the first instant of the record on, the board says since when.
    let at = begins
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    let (_, from) = get_json(&app, &format!("/api/vendor-readiness?as_of={at}")).await;
    assert_eq!(from["inputs"], first["inputs"]);
}

/// Issue 26, found by attack (round 4): during a store stall `/api/changes?since=T` answered an
/// empty list, and after it the same query listed changes dated before that answer, so a client
/// polling "since my last poll" lost them. Each answer says up to when it is complete
/// (`through`), and a `since` after it needs the store first (503 while it does not answer).
#[tokio::test]
async fn changes_say_up_to_when_they_are_complete_and_wait_for_the_store_beyond() {
    let app = moving_app();
    let (_, first) = get_json(&app, "/api/changes").await;
    let through = readiness::parse_instant(first["through"].as_str().unwrap()).unwrap();
    assert_eq!(through, app.state.board.last().published);
    let_time_pass(time::Duration::seconds(30));
    let since = (through + time::Duration::seconds(10))
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    let locker = rusqlite::Connection::open(app.db_path()).unwrap();
    locker.execute_batch("BEGIN IMMEDIATE").unwrap();
    let (status, _) = get_json(&app, &format!("/api/changes?since={since}")).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    locker.execute_batch("ROLLBACK").unwrap();
    let (status, page) = answered(&app, &format!("/api/changes?since={since}")).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let later = readiness::parse_instant(page["through"].as_str().unwrap()).unwrap();
    assert!(later >= readiness::parse_instant(&since).unwrap(), "{page}");
}

/// Issue 21, D3: the changes of a snapshot are selected with that snapshot's own catalog. Read
/// apart (the catalog under one lock, the snapshot under another), a reload in between paired a
/// snapshot with the next catalog: a system only the new catalog has was accepted as a filter of
/// the old changes, and one the reload removed was refused for changes that name it.
#[tokio::test]
async fn changes_are_selected_with_the_catalog_their_snapshot_was_computed_from() {
    use server::routes::changes::{select, ChangesQuery};
    let app = moving_app();
    let before = app.state.board.last();
    let dir = tempfile::tempdir().unwrap();
    let edited = dir.path().join("catalog.toml");
    let text = std::fs::read_to_string(repo_path("catalog/vendor-catalog.toml")).unwrap();
    let added = "\n[[system]]\nid = \"audit-export\"\nname = \"Audit log export\"\narea = \"Compliance\"\nowner = \"Operator\"\nfallback = true\nif_missing = \"Export audit logs by hand.\"\nproof_command = \"npm run check:audit-export\"\nproof_evidence = \"An exported audit log.\"\n\n[[system.group]]\nname = \"Audit export\"\nkind = \"runtime\"\nvars = [\"AUDIT_EXPORT_TOKEN\"]\n";
    std::fs::write(&edited, text + added).unwrap();
    let sources = server::inputs::EnvSources::default();
    let (loaded, _) = server::loaded::Loaded::read(Some(&edited), &sources).unwrap();
    let_time_pass(time::Duration::seconds(5));
    app.state
        .store
        .put_in_force(&loaded.set, &loaded.toml, "test")
        .unwrap();
    let_time_pass(time::Duration::seconds(5));
    app.state.sync_from_store().await.unwrap();
    let after = app.state.board.last();
    assert!(after.in_force.catalog.find_system("audit-export").is_some());

    let query = ChangesQuery::for_page(None, Some("audit-export".into()), false);
    let old = select(&before, &query);
    assert!(
        matches!(old, Err(server::error::AppError::NotFound(_))),
        "the old snapshot's catalog has no such system: {old:?}"
    );
    let (new, _) = select(&after, &query).expect("the new snapshot's catalog has it");
    assert!(
        !new.is_empty(),
        "the catalog edit added the system: a change names it"
    );
    // The old snapshot still answers for the systems its own catalog had.
    let kept = ChangesQuery::for_page(None, Some("core-runtime".into()), false);
    assert!(!select(&before, &kept).unwrap().0.is_empty());
}

/// Issue 21, shape 1b: a past view is computed by the one function that computes the board now,
/// so the board asked for at the instant it was published is the same document, version
/// included (past views had no version: it was added by the server's snapshot only).
#[tokio::test]
async fn the_board_asked_for_at_its_own_instant_is_the_same_document() {
    let app = moving_app();
    let (_, now) = get_json(&app, "/api/vendor-readiness").await;
    let at = now["as_of"].as_str().unwrap();
    let (status, then) = get_json(&app, &format!("/api/vendor-readiness?as_of={at}")).await;
    assert_eq!(status, StatusCode::OK, "{then}");
    assert!(now["version"].is_string(), "{}", now["version"]);
    assert_eq!(then, now);
}

/// Found by attack (issue 22, round 5): a past view's `version` moved with every later write
/// (it hashed the count of the store's writes), so the record of a past instant changed after
/// the fact; `/changes?system=` took an id in one case only, and a NUL in an id went into the
/// page.
#[tokio::test]
async fn a_past_view_stays_the_same_document_and_ids_are_taken_in_any_case() {
    let app = moving_app();
    let past = format!("/api/vendor-readiness?as_of={}", "2026-11-26T09:00:00Z");
    let (status, before) = get_json(&app, &past).await;
    assert_eq!(status, StatusCode::OK, "{before}");
    push_later(&app, "core-runtime", "fail").await;
    let (_, after) = get_json(&app, &past).await;
    assert_eq!(
        before, after,
        "a past view is the same document after a write"
    );
    for uri in [
        "/changes?system=CORE-RUNTIME",
        "/api/changes?system=Core-Runtime",
    ] {
        assert_eq!(get(&app, uri).await.0, StatusCode::OK, "{uri}");
    }
    let (status, page, _) = get(&app, "/changes?motion=%00x%E2%80%AE").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(
        !page.contains('\u{0}') && !page.contains('\u{202e}') && page.contains("\u{201c}x\u{201d}"),
        "{page}"
    );
}

/// Found by attack (issue 22, round 6): a motion removed from the catalog lost its changes'
/// filter and feed (`/changes?motion=<old id>` and its feed were 404s), so a poller filtered on
/// it never saw "No longer offered". An id the history knows is still a filter.
#[tokio::test]
async fn a_removed_motion_keeps_its_filter_and_its_feed() {
    let app = moving_app();
    let dir = tempfile::tempdir().unwrap();
    let edited = dir.path().join("catalog.toml");
    let text = std::fs::read_to_string(repo_path("catalog/vendor-catalog.toml")).unwrap();
    let start = text
        .find("[[motion]]\nid = \"broad-enterprise-expansion\"")
        .unwrap();
    let end = start + text[start..].find("# ----").unwrap();
    std::fs::write(&edited, format!("{}{}", &text[..start], &text[end..])).unwrap();
    let sources = server::inputs::EnvSources::default();
    let (loaded, _) = server::loaded::Loaded::read(Some(&edited), &sources).unwrap();
    let_time_pass(time::Duration::seconds(5));
    let store = &app.state.store;
    store
        .put_in_force(&loaded.set, &loaded.toml, "test")
        .unwrap();
    let_time_pass(time::Duration::seconds(5));
    app.state.sync_from_store().await.unwrap();
    let (status, page) = get_json(&app, "/api/changes?motion=Broad-Enterprise-Expansion").await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let removed = &page["changes"][0];
    assert_eq!(removed["motion"], "broad-enterprise-expansion", "{page}");
    assert_eq!(
        removed["for_buyers"],
        "No longer offered: enterprise rollout with single sign-on"
    );
    let (status, feed, _) = get(&app, "/feed.atom?motion=broad-enterprise-expansion").await;
    assert_eq!(status, StatusCode::OK, "{feed}");
    let (status, html, _) = get(&app, "/changes?motion=broad-enterprise-expansion").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("No longer offered: enterprise rollout"),
        "{html}"
    );
    assert_eq!(
        get(&app, "/changes?motion=never-listed").await.0,
        StatusCode::NOT_FOUND
    );
}

/// `GET uri` again every 100 ms until it is no longer 503 (a read given up on finishes on its
/// own), for at most 10 s: no fixed wait.
async fn answered(app: &TestApp, uri: &str) -> (StatusCode, serde_json::Value) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let (status, body) = get_json(app, uri).await;
        if status != StatusCode::SERVICE_UNAVAILABLE || std::time::Instant::now() > deadline {
            return (status, body);
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}
