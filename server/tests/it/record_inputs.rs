//! Issue "a history that never changes after the fact", point 1, on the real binary: the inputs
//! (catalog and configured names) are part of the record. An env edit that moves a status is a
//! change of its own (`configuration_changed`, naming the variable) in the API and the feed;
//! what was published before stays, with the same ids and instants; a past view and
//! `status --as-of` use the inputs then in force; two instances running different inputs are
//! visible in `/readyz`, a metric and a log line, and both show the set in force.

use crate::common;
use common::{repo_path, ServerProcess, PUSH_TOKEN};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

struct Board {
    dir: tempfile::TempDir,
    server: ServerProcess,
}

fn token_hash() -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(PUSH_TOKEN.as_bytes()))
}

fn start(dir: &Path, env: &str, log: &str) -> ServerProcess {
    let log = std::fs::File::create(dir.join(log)).unwrap();
    let (catalog, env, db) = (dir.join("catalog.toml"), dir.join(env), dir.join("p.db"));
    ServerProcess::start(|cmd| {
        cmd.arg("--catalog").arg(&catalog);
        cmd.arg("--env-file").arg(&env);
        cmd.arg("--db").arg(&db);
        cmd.args(["--push-token-sha256", &token_hash()]);
        cmd.env("RUST_LOG", "info").stderr(log.try_clone().unwrap());
    })
}

impl Board {
    fn start() -> Self {
        let dir = tempfile::tempdir().unwrap();
        std::fs::copy(
            repo_path("catalog/vendor-catalog.toml"),
            dir.path().join("catalog.toml"),
        )
        .unwrap();
        std::fs::copy(repo_path("catalog/demo.env"), dir.path().join("board.env")).unwrap();
        let server = start(dir.path(), "board.env", "server.log");
        Board { dir, server }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn get(&self, path: &str) -> Value {
        get(&self.server, path)
    }
}

fn get(server: &ServerProcess, path: &str) -> Value {
    ureq::get(&format!("{}{path}", server.base))
        .call()
        .unwrap()
        .into_json()
        .unwrap()
}

fn status_of(board: &Value, id: &str) -> String {
    let systems = board["systems"].as_array().unwrap();
    let system = systems.iter().find(|s| s["id"] == id).unwrap();
    system["status"].as_str().unwrap().to_owned()
}

fn ids(changes: &Value) -> Vec<String> {
    let list = changes["changes"].as_array().unwrap();
    list.iter()
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect()
}

fn wait_for(limit: Duration, mut done: impl FnMut() -> bool, what: &str) {
    let started = Instant::now();
    while !done() {
        assert!(started.elapsed() < limit, "{what} within {limit:?}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn push_pass(server: &ServerProcess, system: &str) {
    let body = format!(r#"{{"system":"{system}","outcome":"pass","evidence":"ok"}}"#);
    let response = ureq::post(&format!("{}/api/proofs", server.base))
        .set("authorization", &format!("Bearer {PUSH_TOKEN}"))
        .set("content-type", "application/json")
        .send_string(&body)
        .unwrap();
    assert_eq!(response.status(), 201);
}

/// Saves as an editor does: a new file renamed over the old one.
fn save(path: &Path, text: &str) {
    let tmp = path.with_extension("swp");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

#[test]
fn an_env_edit_is_a_change_and_never_rewrites_the_past() {
    let board = Board::start();
    push_pass(&board.server, "core-runtime");
    wait_for(
        Duration::from_secs(3),
        || status_of(&board.get("/api/vendor-readiness"), "core-runtime") == "ready",
        "the pass is on the board",
    );
    let before = board.get("/api/vendor-readiness");
    let published = board.get("/api/changes");
    assert!(!ids(&published).is_empty(), "the pass made changes");
    std::thread::sleep(Duration::from_millis(20));
    let before_edit = time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    std::thread::sleep(Duration::from_millis(20));

    let env = std::fs::read_to_string(board.path("board.env")).unwrap();
    let values: Vec<String> = env
        .lines()
        .filter_map(|l| l.split_once('=').map(|(_, v)| v.trim().to_owned()))
        .filter(|v| v.len() > 3)
        .collect();
    let edited: String = env
        .lines()
        .filter(|l| !l.starts_with("DATABASE_URL="))
        .map(|l| format!("{l}\n"))
        .collect();
    save(&board.path("board.env"), &edited);
    wait_for(
        Duration::from_secs(3),
        || status_of(&board.get("/api/vendor-readiness"), "core-runtime") == "blocked",
        "the edit is in force",
    );

    let after = board.get("/api/vendor-readiness");
    assert_ne!(
        after["inputs"]["id"], before["inputs"]["id"],
        "the board says which inputs"
    );
    let changes = board.get("/api/changes");
    let (old, new) = (ids(&published), ids(&changes));
    assert!(
        new.ends_with(&old),
        "published changes stay, same ids, same order"
    );
    assert_eq!(
        changes["changes"].as_array().unwrap()[new.len() - old.len()..],
        published["changes"].as_array().unwrap()[..],
        "and the same instants and words"
    );
    let edit = changes["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == "system" && c["system"] == "core-runtime" && c["to"] == "blocked")
        .expect("the env edit is a change");
    assert_eq!(edit["cause"], "configuration_changed");
    let text = edit["text"].as_str().unwrap();
    assert!(text.contains("DATABASE_URL no longer set"), "{text}");
    assert!(
        changes["changes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["kind"] == "motion" && c["can_move"] == false),
        "a motion the runtime opened is gated again"
    );
    let feed = ureq::get(&format!("{}/feed.atom", board.server.base))
        .call()
        .unwrap()
        .into_string()
        .unwrap();
    assert!(feed.contains("DATABASE_URL no longer set"));
    let everything = format!("{changes}{feed}{after}");
    for value in &values {
        assert!(!everything.contains(value.as_str()), "a value leaked");
    }

    // The past is computed with the inputs then in force.
    let then = board.get(&format!("/api/vendor-readiness?as_of={before_edit}"));
    assert_eq!(status_of(&then, "core-runtime"), "ready");
    assert_eq!(then["inputs"]["id"], before["inputs"]["id"]);
    let cli = common::vendor_readiness()
        .arg("status")
        .arg("--json")
        .arg("--catalog")
        .arg(board.path("catalog.toml"))
        .arg("--env-file")
        .arg(board.path("board.env"))
        .arg("--db")
        .arg(board.path("p.db"))
        .args(["--as-of", &before_edit])
        .output()
        .unwrap();
    assert!(
        cli.status.success(),
        "{}",
        String::from_utf8_lossy(&cli.stderr)
    );
    let cli: Value = serde_json::from_slice(&cli.stdout).unwrap();
    assert_eq!(
        status_of(&cli, "core-runtime"),
        "ready",
        "status --as-of uses the inputs then in force"
    );
}

#[test]
fn two_instances_with_different_inputs_are_visible() {
    let board = Board::start();
    let env = std::fs::read_to_string(board.path("board.env")).unwrap();
    let fewer: String = env
        .lines()
        .filter(|l| !l.starts_with("DATABASE_URL="))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(board.path("other.env"), fewer).unwrap();
    let second = start(board.dir.path(), "other.env", "second.log");
    wait_for(
        Duration::from_secs(15),
        || {
            get(&board.server, "/readyz")["inputs"]["live"]
                .as_array()
                .map(Vec::len)
                == Some(2)
        },
        "the first instance sees two input sets live",
    );
    // The first instance shows the set the second put in force once it has read the store
    // again (its watcher's next read: found flaky under a loaded machine when read at once).
    wait_for(
        Duration::from_secs(15),
        || {
            let ready = get(&board.server, "/readyz");
            ready["inputs"]["this_instance"] != ready["inputs"]["shown"]
        },
        "the first instance shows the inputs in force, not its own",
    );
    let first_ready = get(&board.server, "/readyz");
    assert_ne!(
        first_ready["inputs"]["this_instance"],
        first_ready["inputs"]["shown"]
    );
    let metrics = ureq::get(&format!("{}/metrics", board.server.base))
        .call()
        .unwrap()
        .into_string()
        .unwrap();
    assert!(
        metrics.contains("vendor_readiness_input_sets_live 2"),
        "{metrics}"
    );
    wait_for(
        Duration::from_secs(15),
        || {
            let log = std::fs::read_to_string(board.path("server.log")).unwrap_or_default();
            log.contains("instances run different inputs")
        },
        "one log line says so, once two checks in a row see it",
    );
    // Both serve the set in force in the record: the one recorded last.
    wait_for(
        Duration::from_secs(3),
        || {
            let (a, b) = (
                get(&board.server, "/api/vendor-readiness"),
                get(&second, "/api/vendor-readiness"),
            );
            a["inputs"] == b["inputs"] && status_of(&a, "core-runtime") == "blocked"
        },
        "both instances show the same inputs",
    );
    // Found by attack: once the instance whose inputs are in force stops, a survivor puts its
    // own in force (after a liveness window) instead of showing a dead instance's for good.
    drop(second);
    let own = first_ready["inputs"]["this_instance"].clone();
    wait_for(
        Duration::from_secs(40),
        || get(&board.server, "/api/vendor-readiness")["inputs"]["id"] == own,
        "the survivor's inputs are in force again",
    );
    assert_eq!(
        status_of(&get(&board.server, "/api/vendor-readiness"), "core-runtime"),
        "configured_unproven"
    );
}

/// Issue 22, "when": an edit that gives or moves the expected day of a system that is not ready
/// is a change of its own, in the API and the feed, at the edit's instant; a day already passed
/// is said to be overdue then, never as a change dated in the past.
#[test]
fn an_edit_of_an_expected_day_is_a_change_in_the_api_and_the_feed() {
    let board = Board::start();
    let catalog = board.path("catalog.toml");
    let text = std::fs::read_to_string(&catalog).unwrap();
    let with_day = |day: &str| {
        text.replacen(
            "id = \"stripe-billing\"\n",
            &format!("id = \"stripe-billing\"\nexpected = \"{day}\"\n"),
            1,
        )
    };
    let name = board.get("/api/vendor-readiness")["systems"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "stripe-billing")
        .unwrap()["name"]
        .as_str()
        .unwrap()
        .to_owned();
    let when_changes = |board: &Board| -> Vec<Value> {
        board.get("/api/changes?limit=500")["changes"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["kind"] == "expected")
            .cloned()
            .collect()
    };
    let edited_at = time::OffsetDateTime::now_utc();
    save(&catalog, &with_day("2027-01-15"));
    wait_for(
        Duration::from_secs(5),
        || !when_changes(&board).is_empty(),
        "the new day",
    );
    save(&catalog, &with_day("2020-03-01"));
    wait_for(
        Duration::from_secs(5),
        || when_changes(&board).len() == 2,
        "the moved day",
    );
    let changes = when_changes(&board);
    // Newest first.
    assert_eq!(
        changes[1]["text"],
        format!("{name} is now expected 15 January 2027")
    );
    assert_eq!(changes[1]["to"], "2027-01-15");
    assert!(changes[1]["from"].is_null());
    assert_eq!(
        changes[0]["text"],
        format!("{name} was expected 1 March 2020 (moved from 15 January 2027) and is not ready: overdue")
    );
    assert_eq!(changes[0]["overdue"], true);
    for change in &changes {
        let at = time::OffsetDateTime::parse(
            change["at"].as_str().unwrap(),
            &time::format_description::well_known::Rfc3339,
        )
        .unwrap();
        assert!(at >= edited_at - time::Duration::seconds(1), "{change}");
    }
    let feed = ureq::get(&format!("{}/feed.atom", board.server.base))
        .call()
        .unwrap()
        .into_string()
        .unwrap();
    assert!(
        feed.contains("was expected 1 March 2020 (moved from 15 January 2027)"),
        "{feed}"
    );
}
