//! Two server instances on one PostgreSQL agree: a record pushed to one shows on the other
//! within a second, in its JSON and on its page.

use crate::common;
use common::ServerProcess;

use sha2::{Digest, Sha256};
use std::path::Path;
use std::time::{Duration, Instant};

const TOKEN: &str = "two-instance-token";

fn start(url: &str) -> ServerProcess {
    ServerProcess::start(|command| {
        command
            .args(["--db", url])
            .arg("--catalog")
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("../catalog/vendor-catalog.toml"))
            .arg("--env-file")
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("../catalog/demo.env"))
            .arg("--push-token-sha256")
            .arg(hex::encode(Sha256::digest(TOKEN.as_bytes())));
    })
}

fn push(instance: &ServerProcess, system: &str, outcome: &str) {
    let response = ureq::post(&format!("{}/api/proofs", instance.base))
        .set("Authorization", &format!("Bearer {TOKEN}"))
        .send_json(serde_json::json!({ "system": system, "outcome": outcome, "evidence": "two instances" }))
        .unwrap();
    assert_eq!(response.status(), 201);
}

/// How long until `instance` shows `system` with `status`; panics after 1 s.
fn seen_within_a_second(instance: &ServerProcess, system: &str, status: &str) -> Duration {
    let started = Instant::now();
    loop {
        let board: serde_json::Value =
            ureq::get(&format!("{}/api/vendor-readiness", instance.base))
                .call()
                .unwrap()
                .into_json()
                .unwrap();
        let shown = board["systems"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"] == system)
            .map(|s| s["status"].clone());
        if shown.as_ref().and_then(|s| s.as_str()) == Some(status) {
            return started.elapsed();
        }
        assert!(
            started.elapsed() < Duration::from_secs(1),
            "{system} is still {shown:?} on the other instance after 1 s"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_record_pushed_to_one_instance_shows_on_the_other_within_a_second() {
    let url = common::fresh_postgres_database();
    let a = start(&url);
    let b = start(&url);
    let before: serde_json::Value = ureq::get(&format!("{}/api/vendor-readiness", b.base))
        .call()
        .unwrap()
        .into_json()
        .unwrap();
    assert_eq!(
        before["systems"][0]["status"], "configured_unproven",
        "no proof yet on either"
    );

    push(&a, "core-runtime", "pass");
    let lag = seen_within_a_second(&b, "core-runtime", "ready");
    println!("instance B saw A's push after {lag:?}");

    push(&b, "core-runtime", "fail");
    seen_within_a_second(&a, "core-runtime", "configured_unproven");
    let page = ureq::get(&format!("{}/?view=operator", a.base))
        .call()
        .unwrap()
        .into_string()
        .unwrap();
    assert!(
        page.contains("Last proof failed at"),
        "A's page shows B's record too"
    );
}
