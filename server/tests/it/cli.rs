//! The real `vendor-readiness` binary against temp stores and env files.

use crate::common;
use common::{text, CliFixture};

use serde_json::Value;
use std::path::Path;

// Built with concat! so the source holds no string shaped like a real key.
const SECRET: &str = concat!("sk_", "live_", "canary0123456789abcdef");
const MAIL_SECRET: &str = "mail-canary-42";

/// The CLI test catalog, an env file holding secrets (`ops.env`) and one setting nothing.
pub(crate) fn fixture() -> CliFixture {
    let catalog = repo_catalog();
    let ops = format!("STRIPE_SECRET_KEY={SECRET}\nPAY_MODE=live\nMAIL_TOKEN={MAIL_SECRET}\n");
    CliFixture::new(
        &catalog,
        &[("ops.env", &ops), ("empty.env", "# nothing set\n")],
    )
}

#[test]
fn help_exists_for_every_command() {
    for command in [
        "serve",
        "preflight",
        "prove",
        "proof",
        "status",
        "bundle",
        "verify",
        "keygen",
        "smoke",
        "claims",
    ] {
        let output = common::vendor_readiness()
            .args([command, "--help"])
            .output()
            .unwrap();
        assert!(output.status.success(), "{command} --help");
        assert!(
            String::from_utf8_lossy(&output.stdout).contains("Usage:"),
            "{command}"
        );
    }
}

#[test]
fn preflight_names_missing_variables_never_values() {
    let f = fixture();
    let env = f.path("ops.env");
    let output = f
        .cmd(&["preflight", "--env-file", env.to_str().unwrap()])
        .output()
        .unwrap();
    let shown = text(&output);
    assert_eq!(output.status.code(), Some(0), "{shown}");
    assert!(
        shown.contains("STRIPE_SECRET_KEY: Stripe live-mode key"),
        "{shown}"
    );
    assert!(
        !shown.contains(SECRET) && !shown.contains("canary") && !shown.contains(MAIL_SECRET),
        "{shown}"
    );

    let json = f.json(&[
        "preflight",
        "--env-file",
        f.path("empty.env").to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(json["ok"], false);
    assert_eq!(
        json["systems"][0]["missing"],
        serde_json::json!(["STRIPE_SECRET_KEY", "PAY_MODE=live"])
    );
    let output = f
        .cmd(&[
            "preflight",
            "--env-file",
            f.path("empty.env").to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(1),
        "a non-fallback system is unconfigured"
    );
}

#[test]
fn preflight_reports_a_bad_env_file_with_its_line() {
    let f = fixture();
    std::fs::write(f.path("bad.env"), format!("A=1\njust {SECRET} here\n")).unwrap();
    let output = f
        .cmd(&[
            "preflight",
            "--env-file",
            f.path("bad.env").to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let shown = text(&output);
    assert!(shown.contains("bad.env:2:"), "{shown}");
    assert!(!shown.contains(SECRET), "{shown}");
}

#[test]
fn prove_redacts_env_values_from_output_store_and_json() {
    let f = fixture();
    let env = f.path("ops.env");
    let output = f
        .cmd(&[
            "prove",
            "--system",
            "pay",
            "--system",
            "mail",
            "--env-file",
            env.to_str().unwrap(),
            "--json",
        ])
        .output()
        .unwrap();
    let shown = text(&output);
    assert_eq!(output.status.code(), Some(1), "mail's proof fails: {shown}");
    assert!(
        !shown.contains(SECRET) && !shown.contains(MAIL_SECRET),
        "{shown}"
    );
    assert!(
        shown.contains("[1/2] pay") && shown.contains("[2/2] mail"),
        "progress lines: {shown}"
    );
    let results: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(results[0]["outcome"], "pass");
    assert!(results[0]["excerpt"]
        .as_str()
        .unwrap()
        .contains("charging with [REDACTED:STRIPE_SECRET_KEY]"));
    assert!(
        results[0]["excerpt"]
            .as_str()
            .unwrap()
            .contains("mode=live"),
        "declared flag values are not secrets"
    );
    assert_eq!(
        (
            results[1]["outcome"].as_str(),
            results[1]["exit_code"].as_i64()
        ),
        (Some("fail"), Some(3))
    );
    assert!(results[1]["excerpt"]
        .as_str()
        .unwrap()
        .contains("token [REDACTED:MAIL_TOKEN]"));

    let listed = f.json(&["proof", "list", "--json"]);
    assert_eq!(listed.as_array().map(Vec::len), Some(2));
    assert!(listed[0]["output_sha256"]
        .as_str()
        .is_some_and(|d| d.len() == 64));
    let db = std::fs::read(f.path("proofs.db")).unwrap();
    let wal = std::fs::read(f.path("proofs.db-wal")).unwrap_or_default();
    for bytes in [&db, &wal] {
        let haystack = String::from_utf8_lossy(bytes);
        assert!(
            !haystack.contains(SECRET) && !haystack.contains(MAIL_SECRET),
            "a secret reached the SQLite file"
        );
    }
}

#[test]
fn prove_enforces_the_timeout_and_kills_the_whole_command() {
    let f = fixture();
    let started = std::time::Instant::now();
    let output = f
        .cmd(&["prove", "--system", "slow", "--timeout", "1s", "--json"])
        .output()
        .unwrap();
    assert!(
        started.elapsed() < std::time::Duration::from_secs(20),
        "the timeout did not stop the command"
    );
    assert_eq!(output.status.code(), Some(1));
    let results: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        (
            results[0]["timed_out"].as_bool(),
            results[0]["outcome"].as_str()
        ),
        (Some(true), Some("fail"))
    );
}

#[test]
fn prove_rejects_an_unknown_system() {
    let f = fixture();
    let output = f.cmd(&["prove", "--system", "ghost"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output).contains("--system \"ghost\""));
}

#[test]
fn proof_add_list_and_status_as_of() {
    let f = fixture();
    let env = f.path("ops.env");
    f.cmd(&[
        "proof",
        "add",
        "--env-file",
        env.to_str().unwrap(),
        "--system",
        "pay",
        "--outcome",
        "pass",
        "--evidence",
        "manual run",
        "--recorded-at",
        "2026-11-01T10:00:00Z",
    ])
    .assert()
    .success();
    f.cmd(&[
        "proof",
        "add",
        "--env-file",
        env.to_str().unwrap(),
        "--system",
        "pay",
        "--outcome",
        "fail",
        "--evidence",
        "webhook check failed",
        "--recorded-at",
        "2026-11-10T10:00:00Z",
    ])
    .assert()
    .success();
    let future = f
        .cmd(&["status", "--as-of", "2099-01-01T00:00:00Z"])
        .output()
        .unwrap();
    assert_eq!(
        future.status.code(),
        Some(2),
        "a board of the future is refused"
    );
    assert!(
        text(&future).contains("is in the future"),
        "{}",
        text(&future)
    );
    let output = f
        .cmd(&["proof", "add", "--system", "pay", "--outcome", "maybe"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));

    let at = |instant: &str| {
        f.json(&[
            "status",
            "--json",
            "--env-file",
            env.to_str().unwrap(),
            "--as-of",
            instant,
        ])
    };
    // The records were added today, stamped in November: the past does not change after the
    // fact, so November shows no proof; the board now shows the newest stamp, the failure.
    let before_added = at("2026-11-12T00:00:00Z");
    assert_eq!(before_added["systems"][0]["reason"], "No proof yet.");
    let now = f.json(&["status", "--json", "--env-file", env.to_str().unwrap()]);
    assert_eq!(now["systems"][0]["status"], "configured_unproven");
    // The same document as the server's (issue 21): uptime and the forecast included.
    let uptime = now["uptime"]["systems"]
        .as_array()
        .expect("status --json carries uptime");
    assert_eq!(uptime.len(), now["systems"].as_array().unwrap().len());
    assert!(now["upcoming"].is_array());
    assert_eq!(
        now["systems"][0]["reason"],
        "Last proof failed at 2026-11-10 10:00 UTC."
    );

    f.cmd(&[
        "proof",
        "add",
        "--env-file",
        env.to_str().unwrap(),
        "--system",
        "pay",
        "--outcome",
        "pass",
        "--evidence",
        "re-run",
    ])
    .assert()
    .success();
    let table = f
        .cmd(&["status", "--env-file", env.to_str().unwrap()])
        .output()
        .unwrap();
    let table = String::from_utf8(table.stdout).unwrap();
    assert!(table.contains("Paid launch can move."), "{table}");
    assert!(
        table
            .lines()
            .any(|l| l.starts_with("pay") && l.contains("ready") && l.contains("1/1")),
        "{table}"
    );
    assert!(!table.contains("\u{1b}["), "no colour when not a TTY");
}

#[test]
fn proof_import_is_all_or_nothing() {
    let f = fixture();
    std::fs::write(
        f.path("good.jsonl"),
        "{\"system\":\"pay\",\"outcome\":\"pass\",\"evidence\":\"a\"}\n\n{\"system\":\"mail\",\"outcome\":\"fail\",\"evidence\":\"b\",\"recorded_at\":\"2026-11-01T00:00:00Z\"}\n",
    )
    .unwrap();
    std::fs::write(
        f.path("bad.jsonl"),
        "{\"system\":\"pay\",\"outcome\":\"pass\"}\n{\"system\":\"ghost\",\"outcome\":\"pass\"}\nnot json\n",
    )
    .unwrap();
    let output = f
        .cmd(&["proof", "import", f.path("bad.jsonl").to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let shown = text(&output);
    assert!(
        shown.contains("bad.jsonl:2: system: unknown system \"ghost\"")
            && shown.contains("bad.jsonl:3:"),
        "{shown}"
    );
    assert_eq!(
        f.json(&["proof", "list", "--json"]),
        serde_json::json!([]),
        "nothing was imported"
    );

    let imported = f.json(&[
        "proof",
        "import",
        f.path("good.jsonl").to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(imported["imported"], 2);
    assert_eq!(
        f.json(&["proof", "list", "--system", "mail", "--json"])[0]["evidence"],
        "b"
    );
}

/// Issue 21, found by review: one bundle read the catalog twice and the env file three times (and
/// opened the store twice), so an edit between two reads could mix two catalogs in one bundle.
/// Every command reads each input once.
#[test]
fn a_command_reads_each_input_once() {
    let f = fixture();
    let env = f.path("ops.env");
    let env = env.to_str().unwrap();
    let add = [
        "proof",
        "add",
        "--env-file",
        env,
        "--system",
        "pay",
        "--outcome",
        "pass",
    ];
    f.cmd(&add).args(["--evidence", "ok"]).assert().success();
    let out = f.path("bundle.json");
    let copy = f.path("copy.md");
    std::fs::write(&copy, "Pay by card.\n").unwrap();
    let commands: [&[&str]; 4] = [
        &["bundle", "--env-file", env, "--out", out.to_str().unwrap()],
        &["preflight", "--env-file", env],
        &["status", "--env-file", env],
        &["claims", "check", "--env-file", env, copy.to_str().unwrap()],
    ];
    for command in commands {
        let output = f
            .cmd(command)
            .env("RUST_LOG", "server=debug")
            .output()
            .unwrap();
        let log = String::from_utf8_lossy(&output.stderr);
        assert!(
            output.status.code().is_some_and(|c| c < 2),
            "{command:?}: {log}"
        );
        assert_eq!(log.matches("catalog read").count(), 1, "{command:?}: {log}");
        assert_eq!(
            log.matches("env file read").count(),
            1,
            "{command:?}: {log}"
        );
    }
}

#[test]
fn bundle_round_trip_then_a_tampered_byte_fails() {
    let f = fixture();
    let env = f.path("ops.env");
    let key = f.path("signing.key");
    f.bare(&["keygen", "--out", key.to_str().unwrap()])
        .assert()
        .success();
    let again = f
        .bare(&["keygen", "--out", key.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2), "no silent overwrite");
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&key).unwrap().permissions().mode() & 0o777,
        0o600
    );
    f.cmd(&[
        "proof",
        "add",
        "--env-file",
        env.to_str().unwrap(),
        "--system",
        "pay",
        "--outcome",
        "pass",
        "--evidence",
        "fixture passed",
    ])
    .assert()
    .success();

    let out = f.path("bundle.json");
    let output = f
        .cmd(&[
            "bundle",
            "--env-file",
            env.to_str().unwrap(),
            "--include-fixtures",
            "--strict",
            "--out",
            out.to_str().unwrap(),
            "--sign-key",
            key.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output));
    let bundle_text = std::fs::read_to_string(&out).unwrap();
    assert!(
        !bundle_text.contains(SECRET) && !bundle_text.contains(MAIL_SECRET),
        "a secret reached the bundle"
    );
    let bundle: Value = serde_json::from_str(&bundle_text).unwrap();
    assert_eq!(bundle["content"]["strict"]["passed"], true);
    assert_eq!(bundle["content"]["board"]["systems"][0]["status"], "ready");
    assert_eq!(bundle["signature"]["algorithm"], "ed25519");

    let public = format!("{}.pub", key.display());
    let verify = |path: &Path| {
        f.bare(&["verify", path.to_str().unwrap(), "--public-key", &public])
            .output()
            .unwrap()
    };
    let ok = verify(&out);
    assert_eq!(ok.status.code(), Some(0), "{}", text(&ok));

    let tampered = f.path("tampered.json");
    let changed = bundle_text.replacen("\"status\": \"ready\"", "\"status\": \"blocked\"", 1);
    assert_ne!(changed, bundle_text, "the tamper must change the bundle");
    std::fs::write(&tampered, changed).unwrap();
    let bad = verify(&tampered);
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        text(&bad).contains("the bundle was changed"),
        "{}",
        text(&bad)
    );

    // A second "content_sha256" after the real one: one reader would check the first, another
    // the last. Found by attack: verify must refuse the ambiguity, not pick one.
    let doubled = f.path("doubled.json");
    let extra = bundle_text.replacen(
        "\"content_sha256\":",
        "\"content_sha256\": \"00\", \"content_sha256\":",
        1,
    );
    assert_ne!(extra, bundle_text);
    std::fs::write(&doubled, extra).unwrap();
    let ambiguous = verify(&doubled);
    assert_eq!(ambiguous.status.code(), Some(1), "{}", text(&ambiguous));
    assert!(
        text(&ambiguous).contains("duplicate key \"content_sha256\""),
        "{}",
        text(&ambiguous)
    );
}

#[test]
fn strict_bundle_lists_every_paid_blocker() {
    let f = fixture();
    let out = f.path("bundle.json");
    let output = f
        .cmd(&[
            "bundle",
            "--env-file",
            f.path("empty.env").to_str().unwrap(),
            "--strict",
            "--out",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let shown = text(&output);
    assert!(
        shown.contains("Paid launch: Payments is blocked, needs ready. Invoice only."),
        "{shown}"
    );
    assert!(
        shown.contains("Paid launch: Payments has no proof."),
        "{shown}"
    );
    let without_strict = f
        .cmd(&[
            "bundle",
            "--env-file",
            f.path("empty.env").to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--force",
        ])
        .output()
        .unwrap();
    assert_eq!(
        without_strict.status.code(),
        Some(0),
        "blockers are reported but only --strict fails"
    );
}

#[test]
fn smoke_fails_clearly_when_nothing_answers() {
    let f = fixture();
    let output = f
        .cmd(&["smoke", "--url", "http://127.0.0.1:9", "--json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let result: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(result["passed"], false);
    assert_eq!(result["checks"][0]["passed"], false);
}

/// The real server on the test catalog, accepting pushes with `token`.
pub(crate) fn start_server(f: &CliFixture, token: &str) -> common::ServerProcess {
    use sha2::{Digest, Sha256};
    common::ServerProcess::start(|command| {
        command
            .arg("--catalog")
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cli-catalog.toml"))
            .arg("--db")
            .arg(f.path("server.db"))
            .arg("--push-token-sha256")
            .arg(hex::encode(Sha256::digest(token.as_bytes())));
    })
}

#[test]
fn prove_push_sends_redacted_records_to_a_real_server() {
    let f = fixture();
    let server = start_server(&f, "ops-token");
    let env = f.path("ops.env");
    let env = env.to_str().unwrap();

    let wrong = f
        .cmd(&[
            "prove",
            "--system",
            "pay",
            "--env-file",
            env,
            "--push",
            &server.base,
            "--token",
            "nope",
        ])
        .output()
        .unwrap();
    assert_eq!(
        wrong.status.code(),
        Some(2),
        "a refused push is an error: {}",
        text(&wrong)
    );
    assert!(
        text(&wrong).contains("refused the push token (401); nothing was run"),
        "{}",
        text(&wrong)
    );
    assert!(
        !text(&wrong).contains("running proof command"),
        "the token is checked before any proof runs: {}",
        text(&wrong)
    );

    let pushed = f
        .cmd(&[
            "prove",
            "--system",
            "pay",
            "--env-file",
            env,
            "--push",
            &server.base,
            "--token",
            "ops-token",
            "--json",
        ])
        .output()
        .unwrap();
    assert_eq!(pushed.status.code(), Some(0), "{}", text(&pushed));
    let results: Value = serde_json::from_slice(&pushed.stdout).unwrap();
    assert!(results[0]["record_id"].as_i64().is_some());
    let local = server::store::ProofStore::open(&f.path("proofs.db")).unwrap();
    assert_eq!(local.count().unwrap(), 0, "--push writes nothing locally");

    let board: Value = ureq::get(&format!("{}/api/vendor-readiness", server.base))
        .call()
        .unwrap()
        .into_json()
        .unwrap();
    assert_eq!(board["systems"][0]["proof"]["outcome"], "pass");
    assert_eq!(board["systems"][0]["proof"]["source"], "api");
    let body = ureq::get(&format!("{}/api/proofs?system=pay", server.base))
        .call()
        .unwrap()
        .into_string()
        .unwrap();
    assert!(!body.contains(SECRET), "{body}");
    assert!(f.path("server.db").exists());
    let stored = String::from_utf8_lossy(&std::fs::read(f.path("server.db")).unwrap()).into_owned()
        + &String::from_utf8_lossy(&std::fs::read(f.path("server.db-wal")).unwrap_or_default());
    assert!(
        !stored.contains(SECRET),
        "a secret reached the server's store"
    );
}

#[test]
fn claims_check_reads_copy_and_exits_1_on_a_violation() {
    let f = fixture();
    let output = f
        .cmd(&["claims", "check", "--motion", "paid-launch"])
        .write_stdin("Hello.\nClick BUY-NOW to start.\n")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    let shown = String::from_utf8(output.stdout).unwrap();
    assert!(shown.contains("-:2:7: error: \u{201c}BUY-NOW\u{201d} claims \u{201c}Buy now\u{201d}, which Paid launch may not make (lifted when this is ready: Payments)."), "{shown}");
    let clean = f
        .cmd(&["claims", "check", "--motion", "paid-launch", "--json"])
        .write_stdin("Order forms only.")
        .output()
        .unwrap();
    assert_eq!(clean.status.code(), Some(0));
    let result: Value = serde_json::from_slice(&clean.stdout).unwrap();
    assert_eq!(result["files"][0]["violations"], serde_json::json!([]));
    assert_eq!(result["safe"], true);
    let unknown = f
        .cmd(&["claims", "check", "--motion", "nope"])
        .write_stdin("x")
        .output()
        .unwrap();
    assert_eq!(unknown.status.code(), Some(2));
}

/// Issue 26 point 1, commands that write: on a store only commands write to, each writer's
/// inputs are in force from its write (an env edit between two runs is an edit of the record);
/// while a server is live on the store, a writer with another env file is told the board keeps
/// the server's inputs, and they stay.
#[test]
fn writers_record_their_inputs_unless_a_server_is_live() {
    let f = fixture();
    let (ops, empty) = (f.path("ops.env"), f.path("empty.env"));
    let on = |db: &Path, args: &[&str]| {
        let mut cmd = common::vendor_readiness();
        cmd.args(args).arg("--catalog");
        cmd.arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cli-catalog.toml"));
        cmd.arg("--db").arg(db).env("NO_COLOR", "1");
        cmd.env_remove("VENDOR_READINESS_ENV_FILE")
            .output()
            .unwrap()
    };
    let add = |env: &Path, db: &Path| {
        let env = env.to_str().unwrap();
        let args = [
            "proof",
            "add",
            "--system",
            "pay",
            "--outcome",
            "pass",
            "--evidence",
            "ok",
        ];
        on(db, &[&args[..], &["--env-file", env]].concat())
    };
    let status = |db: &Path| {
        let output = on(
            db,
            &["status", "--json", "--env-file", ops.to_str().unwrap()],
        );
        serde_json::from_slice::<Value>(&output.stdout).unwrap()["inputs"]["id"].clone()
    };
    let db = f.path("proofs.db");
    let first = add(&ops, &db);
    assert!(first.status.success(), "{}", text(&first));
    assert!(
        text(&first).contains("are in force in the store's record from now"),
        "{}",
        text(&first)
    );
    let with_ops = status(&db);
    assert!(with_ops.is_string(), "the board names its inputs");
    let again = add(&ops, &db);
    assert!(
        !text(&again).contains("note:"),
        "same inputs, nothing to say: {}",
        text(&again)
    );
    let edited = add(&empty, &db);
    assert!(text(&edited).contains("are in force"), "{}", text(&edited));
    assert_ne!(
        status(&db),
        with_ops,
        "the edit between two runs is in the record"
    );

    let served = f.path("server.db");
    let server = start_server(&f, "ops-token");
    let live = || -> Option<usize> {
        let readyz: Value = ureq::get(&format!("{}/readyz", server.base))
            .call()
            .ok()?
            .into_json()
            .ok()?;
        Some(readyz["inputs"]["live"].as_array()?.len())
    };
    let started = std::time::Instant::now();
    while live().unwrap_or(0) == 0 && started.elapsed() < std::time::Duration::from_secs(20) {
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert_eq!(live(), Some(1), "the server says it is live");
    let shown = status(&served);
    let other = add(&ops, &served);
    assert!(other.status.success(), "{}", text(&other));
    assert!(
        text(&other).contains("live instance(s) serve this store"),
        "{}",
        text(&other)
    );
    assert_eq!(
        status(&served),
        shown,
        "a writer's env file never changes a served board"
    );
}

/// Issue 23 (found by a new operator): `verify` printed "valid (hash, signature and expiry
/// check out)" for a bundle whose content said the strict check failed. It says what the bundle
/// attests, and exits 1 when that is a failure unless `--accept-failed` is given.
#[test]
fn verify_says_what_a_bundle_attests_and_fails_a_failed_launch_check() {
    let f = fixture();
    let key = f.path("signing.key");
    f.bare(&["keygen", "--out", key.to_str().unwrap()])
        .assert()
        .success();
    let out = f.path("bundle.json");
    let made = f
        .cmd(&[
            "bundle",
            "--env-file",
            f.path("empty.env").to_str().unwrap(),
            "--strict",
            "--out",
            out.to_str().unwrap(),
            "--sign-key",
            key.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(made.status.code(), Some(1), "{}", text(&made));
    let public = format!("{}.pub", key.display());
    let verify = |extra: &[&str]| {
        let mut args = vec!["verify", out.to_str().unwrap(), "--public-key", &public];
        args.extend_from_slice(extra);
        f.bare(&args).output().unwrap()
    };
    let failed = verify(&[]);
    assert_eq!(failed.status.code(), Some(1), "{}", text(&failed));
    let shown = text(&failed);
    assert!(
        shown.contains("valid (hash, signature and expiry check out)"),
        "{shown}"
    );
    assert!(
        shown.contains("it attests a strict launch check of Paid launch that FAILED"),
        "{shown}"
    );
    assert!(
        shown.contains("Paid launch: Payments has no proof."),
        "{shown}"
    );
    let accepted = verify(&["--accept-failed"]);
    assert_eq!(accepted.status.code(), Some(0), "{}", text(&accepted));
    let json = verify(&["--json"]);
    let verdict: Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(verdict["valid"], true);
    assert_eq!(verdict["attests"]["passed"], false);
    assert_eq!(verdict["attests"]["strict"], true);
}

/// Issue 23 (found by a new operator): the binary run with flags and no command against one's
/// own catalog seeded the shipped catalog's demo record into the operator's append-only store.
/// Demo data comes only with the embedded default or `--demo`, and only for the shipped
/// catalog's systems.
#[test]
fn ones_own_catalog_never_gets_demo_records() {
    let dir = tempfile::tempdir().unwrap();
    let own = common::repo_path("server/tests/fixtures/cli-catalog.toml");
    // An edited copy of the shipped catalog has the demo's ids, but is one's own too.
    let shipped =
        std::fs::read_to_string(common::repo_path("catalog/vendor-catalog.toml")).unwrap();
    let edited = dir.path().join("edited.toml");
    std::fs::write(
        &edited,
        shipped.replace("Vendor readiness", "Acme readiness"),
    )
    .unwrap();
    let cases = [
        (&own, &[][..]),
        (&own, &["serve", "--demo"][..]),
        (&edited, &["serve", "--demo"][..]),
    ];
    for (n, (catalog, extra)) in cases.into_iter().enumerate() {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let db = dir.path().join(format!("own-{n}.db"));
        let mut child =
            std::process::Command::new(assert_cmd::cargo::cargo_bin("vendor-readiness"))
                .args(extra)
                .arg("--catalog")
                .arg(catalog)
                .arg("--db")
                .arg(&db)
                .args(["--addr", &format!("127.0.0.1:{port}")])
                .env_remove("VENDOR_READINESS_ENV_FILE")
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap();
        let base = format!("http://127.0.0.1:{port}");
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while ureq::get(&format!("{base}/readyz")).call().is_err() {
            assert!(std::time::Instant::now() < deadline, "not ready");
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let board: Value = ureq::get(&format!("{base}/api/vendor-readiness"))
            .call()
            .unwrap()
            .into_json()
            .unwrap();
        let proofs: Value = ureq::get(&format!("{base}/api/proofs"))
            .call()
            .unwrap()
            .into_json()
            .unwrap();
        let _ = child.kill();
        let _ = child.wait();
        assert_eq!(board["demo_data"], false, "{n}");
        assert_eq!(proofs["records"], serde_json::json!([]), "{n}");
        if extra.is_empty() {
            assert_eq!(
                board["deployment"], "live",
                "one's own catalog is not a demo"
            );
        }
    }
}

/// Issue 21 (found by review): `status --json` is "the same document as GET
/// /api/vendor-readiness", but the CLI's board always said `live`: a store the demo seeded is a
/// demo in both.
#[test]
fn status_of_a_demo_store_says_demo_as_the_server_does() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    let served: serde_json::Value = {
        let server = common::ServerProcess::start(|cmd| {
            cmd.arg("--db").arg(&db).arg("--demo");
        });
        let answer = ureq::get(&format!("{}/api/vendor-readiness", server.base))
            .call()
            .unwrap();
        serde_json::from_reader(answer.into_reader()).unwrap()
    };
    assert_eq!(served["deployment"], "demo");
    let status = common::vendor_readiness()
        .args(["status", "--json", "--db", db.to_str().unwrap()])
        .env_remove("VENDOR_READINESS_ENV_FILE")
        .env_remove("VENDOR_READINESS_CATALOG")
        .output()
        .unwrap();
    let shown: serde_json::Value = serde_json::from_slice(&status.stdout).unwrap();
    assert_eq!(shown["deployment"], served["deployment"]);
    // One document (shape 1b): the same fields, and the same version, since the same store
    // holds the same record and nothing a reader sees differs but the instant.
    let keys = |v: &serde_json::Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(&shown), keys(&served));
    assert!(served["version"].is_string(), "{}", served["version"]);
    assert_eq!(shown["version"], served["version"]);
    // A store holding only real records is live, in the CLI too.
    let real = dir.path().join("real.db");
    let cli = |args: &[&str]| {
        common::vendor_readiness()
            .args(args)
            .args(["--db", real.to_str().unwrap()])
            .env_remove("VENDOR_READINESS_ENV_FILE")
            .env_remove("VENDOR_READINESS_CATALOG")
            .output()
            .unwrap()
    };
    let added = cli(&[
        "proof",
        "add",
        "--system",
        "core-runtime",
        "--outcome",
        "pass",
        "--evidence",
        "ok",
    ]);
    assert_eq!(added.status.code(), Some(0), "{added:?}");
    let live: serde_json::Value =
        serde_json::from_slice(&cli(&["status", "--json"]).stdout).unwrap();
    assert_eq!(live["deployment"], "live");
}

/// Found by a new operator (issue 23): a motion that needs a system without a proof command only
/// configured can move on the board, yet every strict bundle holding it failed ("has no proof"),
/// and `catalog check` said `valid` of rules that can never be met. Strict holds a motion to its
/// own requirements; the check warns, at the field, of a motion that can never move, a claim
/// disallowed for good and a boundary in force for good.
#[test]
fn a_strict_bundle_holds_a_motion_to_its_own_requirements_and_check_warns_of_rules_never_met() {
    let catalog = r#"[page]
title = "t"
headline = "h"
intro = "i"
motions_intro = "m"

[[system]]
id = "sms"
name = "SMS"
area = "Messaging"
owner = "Ops"
if_missing = "No texts."
[[system.group]]
name = "SMS API"
kind = "runtime"
vars = ["SMS_TOKEN"]

[[motion]]
id = "texts"
name = "Text reminders"
short = "Texts"
paid = true
requires = [{ system = "sms", at_least = "configured_unproven" }]
[[motion.claim]]
text = "Reminders by text"
until_ready = ["sms"]

[[motion]]
id = "never"
name = "Never"
short = "Never"
offer = "text\u00a0remind\u200bers "
requires = [{ system = "sms", at_least = "ready" }]

[[boundary]]
text = "No texts to customers."
lifted_by = ["sms"]
"#;
    let f = CliFixture::with_catalog_text(catalog, &[("sms.env", "SMS_TOKEN=x\n")])
        .with_env_file("sms.env");
    let strict = |motion: &str| {
        let out = f.path(&format!("{motion}.json"));
        let out = out.to_str().unwrap();
        let args = ["bundle", "--strict", "--motion", motion, "--out", out];
        f.cmd(&args).output().unwrap()
    };
    let passes = strict("texts");
    assert_eq!(passes.status.code(), Some(0), "{}", text(&passes));
    let fails = strict("never");
    assert_eq!(fails.status.code(), Some(1), "{}", text(&fails));
    assert!(
        text(&fails).contains("SMS has no proof"),
        "{}",
        text(&fails)
    );

    let line_of = |needle: &str| catalog.lines().position(|l| l.contains(needle)).unwrap() + 1;
    let checked = f
        .bare(&["catalog", "check"])
        .arg(f.path("catalog.toml"))
        .output()
        .unwrap();
    assert_eq!(checked.status.code(), Some(0), "{}", text(&checked));
    let said = text(&checked);
    // Each warning is on the line of the field that names the system.
    let warned_at = |needle: &str, words: &str| {
        let shown = said.lines().find(|l| l.contains(words)).unwrap_or_default();
        let at = format!("catalog.toml:{}:", line_of(needle));
        assert!(
            shown.contains(&at) && shown.contains("warning: "),
            "{words}: {said}"
        );
    };
    assert!(said.contains("valid (1 system, 2 motions)"), "{said}");
    warned_at(
        "at_least = \"ready\"",
        "motion \"never\" can never move: it requires \"sms\" ready, which has no proof_command",
    );
    warned_at(
        "until_ready",
        "claim \"Reminders by text\" of motion \"texts\" stays disallowed for good",
    );
    warned_at(
        "lifted_by",
        "boundary \"No texts to customers.\" stays in force for good: it is lifted when \"sms\" is ready",
    );
    // Found by attack (issue 22): two motions offering the same words read as one offer to a
    // buyer following it by its words.
    warned_at(
        "id = \"never\"",
        "motion \"never\" offers \"text\\u{a0}remind\\u{200b}ers\", as motion \"texts\" does (\"Text reminders\")",
    );
    assert_eq!(said.matches("warning:").count(), 4, "{said}");

    let json = f
        .bare(&["catalog", "check", "--json"])
        .arg(f.path("catalog.toml"))
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let warnings = report["files"][0]["warnings"].as_array().unwrap();
    let lines: Vec<u64> = warnings
        .iter()
        .map(|w| w["line"].as_u64().unwrap())
        .collect();
    assert_eq!(
        lines,
        [
            line_of("until_ready") as u64,
            line_of("at_least = \"ready\"") as u64,
            line_of("lifted_by") as u64,
            line_of("id = \"never\"") as u64
        ]
    );
}

/// Found by a new operator (issue 23): without `--catalog`, commands used the shipped example
/// catalog and offered its ids for an id of one's own, without saying which catalog they read.
#[test]
fn an_unknown_id_names_the_catalog_it_was_looked_for_in() {
    let f = fixture();
    let own = f
        .cmd(&["proof", "list", "--system", "payments"])
        .output()
        .unwrap();
    assert_eq!(own.status.code(), Some(2), "{}", text(&own));
    let catalog = format!("no such id in {}", repo_catalog().display());
    assert!(
        text(&own).contains(&catalog) && text(&own).contains("valid: pay, mail, slow"),
        "{}",
        text(&own)
    );
    let db = f.path("proofs.db");
    let shipped = f
        .bare(&["proof", "list", "--system", "pay", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert_eq!(shipped.status.code(), Some(2), "{}", text(&shipped));
    let said = text(&shipped);
    assert!(
        said.contains("no such id in the shipped catalog (embedded)"),
        "{said}"
    );
}

fn repo_catalog() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cli-catalog.toml")
}

/// Issue 22: `bundle --envelope in-toto` writes an in-toto Statement v1 in a DSSE envelope,
/// signed with the bundle's key. `verify` checks it, and so does the in-toto reference
/// implementation (Python, `scripts/verify-in-toto.py`, installed by `scripts/setup.sh` and named
/// by `VENDOR_READINESS_TEST_PYTHON`); a changed payload, another key, an unsigned request and a
/// doubled key are refused.
#[test]
fn an_in_toto_bundle_is_verified_here_and_by_the_in_toto_reference_implementation() {
    let python = std::env::var("VENDOR_READINESS_TEST_PYTHON").expect(
        "VENDOR_READINESS_TEST_PYTHON is not set: run the tests with `bash scripts/test.sh`, which installs in-toto",
    );
    let f = fixture();
    let env = f.path("ops.env");
    let (key, other) = (f.path("signing.key"), f.path("other.key"));
    for path in [&key, &other] {
        f.bare(&["keygen", "--out", path.to_str().unwrap()])
            .assert()
            .success();
    }
    let out = f.path("bundle.intoto.json");
    let bundle = |extra: &[&str]| {
        let mut args = vec![
            "bundle",
            "--env-file",
            env.to_str().unwrap(),
            "--envelope",
            "in-toto",
        ];
        args.extend_from_slice(extra);
        f.cmd(&args).output().unwrap()
    };
    let unsigned = bundle(&["--out", out.to_str().unwrap()]);
    assert_eq!(unsigned.status.code(), Some(2), "{}", text(&unsigned));
    assert!(
        text(&unsigned).contains("--sign-key"),
        "{}",
        text(&unsigned)
    );
    assert!(!out.exists(), "nothing written");
    let made = bundle(&[
        "--out",
        out.to_str().unwrap(),
        "--sign-key",
        key.to_str().unwrap(),
    ]);
    assert!(made.status.success(), "{}", text(&made));
    let written = std::fs::read_to_string(&out).unwrap();
    let envelope: Value = serde_json::from_str(&written).unwrap();
    assert_eq!(envelope["payloadType"], "application/vnd.in-toto+json");
    assert!(!written.contains(SECRET) && !written.contains(MAIL_SECRET));

    let public = format!("{}.pub", key.display());
    let verify = |path: &Path, public: &str| {
        f.bare(&[
            "verify",
            path.to_str().unwrap(),
            "--public-key",
            public,
            "--accept-failed",
        ])
        .output()
        .unwrap()
    };
    let ok = verify(&out, &public);
    assert_eq!(ok.status.code(), Some(0), "{}", text(&ok));
    let reference = std::process::Command::new(&python)
        .arg(common::repo_path("scripts/verify-in-toto.py"))
        .arg(&out)
        .arg(&public)
        .output()
        .unwrap();
    assert_eq!(reference.status.code(), Some(0), "{}", text(&reference));
    let said: Value = serde_json::from_slice(&reference.stdout).unwrap();
    assert_eq!(said["verified"], true);
    assert_eq!(said["format"], "vendor-readiness-bundle/v2");
    assert_eq!(
        said["keyid"], envelope["signatures"][0]["keyid"],
        "the key id securesystemslib computes"
    );
    assert_eq!(
        said["subject"][0]["digest"]["sha256"]
            .as_str()
            .unwrap()
            .len(),
        64
    );

    // Another signer's key: refused by both.
    let other_public = format!("{}.pub", other.display());
    assert_eq!(verify(&out, &other_public).status.code(), Some(1));
    let refused = std::process::Command::new(&python)
        .arg(common::repo_path("scripts/verify-in-toto.py"))
        .args([out.as_os_str(), std::ffi::OsStr::new(&other_public)])
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(1), "{}", text(&refused));
    // A payload changed after signing (the statement re-encoded with a pass): refused.
    use base64::Engine;
    let engine = base64::engine::general_purpose::STANDARD;
    let payload = engine
        .decode(envelope["payload"].as_str().unwrap())
        .unwrap();
    let changed = String::from_utf8(payload)
        .unwrap()
        .replace("\"passed\":false", "\"passed\":true");
    let mut tampered = envelope.clone();
    tampered["payload"] = Value::String(engine.encode(changed));
    assert_ne!(tampered, envelope, "the tamper must change the payload");
    let tampered_path = f.path("tampered.json");
    std::fs::write(&tampered_path, tampered.to_string()).unwrap();
    let bad = verify(&tampered_path, &public);
    assert_eq!(bad.status.code(), Some(1), "{}", text(&bad));
    assert!(
        text(&bad).contains("no signature of the envelope verifies"),
        "{}",
        text(&bad)
    );
    // Two payloads in one envelope: ambiguous, refused.
    let doubled = written.replacen("\"payload\":", "\"payload\": \"e30=\", \"payload\":", 1);
    std::fs::write(&tampered_path, doubled).unwrap();
    let ambiguous = verify(&tampered_path, &public);
    assert_eq!(ambiguous.status.code(), Some(1), "{}", text(&ambiguous));
    assert!(
        text(&ambiguous).contains("duplicate key"),
        "{}",
        text(&ambiguous)
    );
}

/// Issue 22: `proof show ID` is the receipt on the command line: the record, its evidence
/// redacted, and what it stands for on the board now, in the receipt page's words; an id no
/// record has is a usage error naming it.
#[test]
fn proof_show_says_what_a_record_stands_for_and_never_a_secret() {
    let f = fixture();
    let env = f.path("ops.env");
    let env = env.to_str().unwrap();
    let add = |outcome: &str, evidence: &str| {
        let args = [
            "proof",
            "add",
            "--env-file",
            env,
            "--system",
            "pay",
            "--outcome",
            outcome,
            "--evidence",
            evidence,
            "--json",
        ];
        let out = f.cmd(&args).output().unwrap();
        assert!(out.status.success(), "{}", text(&out));
        serde_json::from_slice::<Value>(&out.stdout).unwrap()["id"]
            .as_i64()
            .unwrap()
    };
    let first = add("fail", &format!("failed with {SECRET}"));
    let second = add("pass", "fixture passed");
    let show = |id: i64| {
        f.cmd(&["proof", "show", &id.to_string(), "--env-file", env])
            .output()
            .unwrap()
    };
    let old = show(first);
    assert_eq!(old.status.code(), Some(0), "{}", text(&old));
    assert!(
        text(&old).contains("has replaced this one"),
        "{}",
        text(&old)
    );
    assert!(
        text(&old).contains("[REDACTED:STRIPE_SECRET_KEY]"),
        "{}",
        text(&old)
    );
    assert!(!text(&old).contains(SECRET));
    let new = show(second);
    assert!(
        text(&new).contains("This is the proof that makes"),
        "{}",
        text(&new)
    );
    let missing = show(second + 10);
    assert_eq!(missing.status.code(), Some(2), "{}", text(&missing));
    assert!(text(&missing).contains(&format!("no proof record has the id {}", second + 10)));
}
