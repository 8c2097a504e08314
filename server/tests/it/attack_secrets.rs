//! Attacks on secrecy: a proof command that prints its whole environment and every encoding of
//! a secret, evidence pushed or added by hand with a secret in it, a raw token where its hash
//! belongs, credentials in URLs. No value may reach a stored record, a response or the terminal.

use crate::common;
use common::CliFixture;

use base64::Engine;
use serde_json::Value;

// Built with concat! so the source holds no string shaped like a real key.
const API_KEY: &str = concat!("k3y/", "with+odd\"chars=", "and-more-0123456789");
const INHERITED: [(&str, &str); 4] = [
    (
        "GITHUB_TOKEN",
        concat!("ghp_", "inheritedcanary000000000000000000000"),
    ),
    ("VENDOR_READINESS_PUSH_TOKEN", "inherited-push-token-canary"),
    ("PGPASSWORD", "inherited-pg-password-canary"),
    (
        "UNRELATED_DATABASE_URL",
        "postgres://app:inherited-url-password@db/x",
    ),
];

/// Prints the environment and the env file's key in every common encoding.
const LEAKY: &str = r#"env; printf '%s' "$API_KEY" | base64; printf '%s' "$API_KEY" | od -An -tx1 | tr -d ' \n'; echo; printf 'Authorization: Basic %s\n' "$(printf 'ops:%s' "$API_KEY" | base64 -w0)"; printf '%s%s%s' "$API_KEY" "$API_KEY" "$API_KEY" | base64 -w 20; python3 -c 'import json,os,urllib.parse; k=os.environ["API_KEY"]; print(urllib.parse.quote(k, safe="")); print(json.dumps({"k": k}))'; echo "$PASSED_ON""#;

/// A catalog of one system whose proof command leaks (`LEAKY`), `ops.env` holding `API_KEY`,
/// and every command run with the `INHERITED` variables of an operator's shell.
fn fixture() -> CliFixture {
    let catalog = format!(
        "[page]\ntitle = \"t\"\nheadline = \"h\"\nintro = \"i\"\nmotions_intro = \"m\"\n\n\
         [[system]]\nid = \"leaky\"\nname = \"Leaky\"\narea = \"A\"\nowner = \"O\"\n\
         if_missing = \"x\"\nproof_command = '''{LEAKY}'''\nproof_evidence = \"e\"\n\
         [[system.group]]\nname = \"g\"\nkind = \"runtime\"\nvars = [\"API_KEY\"]\n"
    );
    let env = format!("API_KEY='{API_KEY}'\n");
    CliFixture::with_catalog_text(&catalog, &[("ops.env", &env)]).with_environment(&INHERITED)
}

/// Every stored record's evidence, one after the other.
fn stored_evidence(f: &CliFixture) -> String {
    let output = f.cmd(&["proof", "list", "--json"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let records: Value = serde_json::from_slice(&output.stdout).unwrap();
    records
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["evidence"].as_str().unwrap().to_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every form of `value` an attacker could decode back.
fn forms(value: &str) -> Vec<String> {
    let b64 = base64::engine::general_purpose::STANDARD;
    vec![
        value.to_owned(),
        b64.encode(value),
        hex::encode(value),
        b64.encode(format!("ops:{value}")),
        serde_json::to_string(value)
            .unwrap()
            .trim_matches('"')
            .to_owned(),
        value
            .replace('/', "%2F")
            .replace('+', "%2B")
            .replace('"', "%22")
            .replace('=', "%3D"),
    ]
}

fn assert_clean(text: &str) {
    for (name, value) in INHERITED {
        assert!(!text.contains(value), "inherited {name} leaked:\n{text}");
    }
    for form in forms(API_KEY) {
        assert!(
            !text.contains(&form),
            "a form of API_KEY leaked ({form}):\n{text}"
        );
    }
    // The wrapped base64 of the key, three times: no 20-character line of it survives.
    let wrapped = base64::engine::general_purpose::STANDARD.encode(API_KEY.repeat(3));
    assert!(
        !text.contains(&wrapped[20..40]),
        "wrapped base64 leaked:\n{text}"
    );
}

#[test]
fn prove_with_a_command_that_prints_its_environment_stores_no_inherited_secret() {
    let f = fixture();
    let output = f
        .cmd(&[
            "prove",
            "--env-file",
            f.path("ops.env").to_str().unwrap(),
            "--json",
        ])
        .env("PASSED_ON", "explicitly-passed-value")
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let printed = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert_clean(&printed);
    let evidence = stored_evidence(&f);
    assert_clean(&evidence);
    assert!(
        evidence.contains("API_KEY=[REDACTED:API_KEY]"),
        "{evidence}"
    );
    assert!(
        evidence.contains("PATH="),
        "the allowlist reaches the command: {evidence}"
    );
    assert!(
        !evidence.contains("explicitly-passed-value"),
        "not passed without --pass-env: {evidence}"
    );
    assert!(
        evidence.contains("Authorization: Basic [REDACTED:API_KEY]"),
        "{evidence}"
    );
}

#[test]
fn pass_env_hands_one_named_variable_to_the_command_and_redacts_it() {
    let f = fixture();
    let output = f
        .cmd(&[
            "prove",
            "--env-file",
            f.path("ops.env").to_str().unwrap(),
            "--pass-env",
            "PASSED_ON",
        ])
        .env("PASSED_ON", "explicitly-passed-value")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let evidence = stored_evidence(&f);
    assert!(
        evidence.contains("PASSED_ON=[REDACTED:PASSED_ON]"),
        "{evidence}"
    );
    assert!(!evidence.contains("explicitly-passed-value"), "{evidence}");

    let missing = f
        .cmd(&["prove", "--pass-env", "NOT_SET_ANYWHERE"])
        .env_remove("NOT_SET_ANYWHERE")
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn evidence_added_by_hand_is_redacted_with_the_env_file_values() {
    let f = fixture();
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("ops:{API_KEY}"));
    let evidence = format!("curl -H 'Authorization: Basic {basic}' said ok; key {API_KEY}");
    let output = f
        .cmd(&[
            "proof",
            "add",
            "--system",
            "leaky",
            "--outcome",
            "pass",
            "--evidence",
            &evidence,
            "--env-file",
            f.path("ops.env").to_str().unwrap(),
            "--json",
        ])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_clean(&String::from_utf8_lossy(&output.stdout));
    let stored = stored_evidence(&f);
    assert_clean(&stored);
    assert!(stored.contains("key [REDACTED:API_KEY]"), "{stored}");
}

#[tokio::test]
async fn evidence_pushed_over_http_is_redacted_with_the_server_env_values() {
    use axum::http::StatusCode;
    let app = common::seed_app();
    // A value of the server's env file (catalog/demo.env), plainly and base64-encoded.
    let value = "placeholder-session-secret";
    let encoded = base64::engine::general_purpose::STANDARD.encode(value);
    let body = serde_json::json!({
        "system": "core-runtime",
        "outcome": "fail",
        "evidence": format!("SESSION_SECRET={value} b64={encoded}"),
    });
    let (status, stored) = common::send(
        &app,
        "POST",
        "/api/proofs",
        &[
            ("content-type", "application/json"),
            ("authorization", &format!("Bearer {}", common::PUSH_TOKEN)),
        ],
        body.to_string(),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let evidence = stored["evidence"].as_str().unwrap();
    assert_eq!(
        evidence,
        "SESSION_SECRET=[REDACTED:SESSION_SECRET] b64=[REDACTED:SESSION_SECRET]"
    );
    let history = app.state.store.history(None, 10).unwrap();
    assert!(history.iter().all(|r| !r.record.evidence.contains(value)));
    assert!(history
        .iter()
        .all(|r| !r.record.evidence.contains(&encoded)));
}

#[test]
fn a_raw_token_given_where_its_hash_belongs_is_never_echoed() {
    let raw = "my-raw-push-token-canary";
    for via_env in [false, true] {
        let mut cmd = common::vendor_readiness();
        cmd.args(["serve", "--addr", "127.0.0.1:0"]);
        if via_env {
            cmd.env("VENDOR_READINESS_PUSH_TOKEN_SHA256", raw);
        } else {
            cmd.args(["--push-token-sha256", raw]);
        }
        let output = cmd
            .timeout(std::time::Duration::from_secs(20))
            .output()
            .unwrap();
        let shown = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        assert_eq!(output.status.code(), Some(2), "{shown}");
        assert!(!shown.contains(raw), "the raw token was echoed: {shown}");
        assert!(shown.contains("64 hex characters"), "{shown}");
    }
}

#[test]
fn credentials_in_a_push_url_are_never_printed() {
    let f = fixture();
    let output = f
        .cmd(&[
            "prove",
            "--env-file",
            f.path("ops.env").to_str().unwrap(),
            "--push",
            "http://ops:url-password-canary@127.0.0.1:9/",
            "--token",
            "t",
        ])
        .output()
        .unwrap();
    let shown = String::from_utf8_lossy(&output.stderr);
    assert_ne!(output.status.code(), Some(0));
    assert!(!shown.contains("url-password-canary"), "{shown}");
    assert!(shown.contains("***@127.0.0.1"), "{shown}");
    assert!(
        !shown.contains("ops:"),
        "a web URL's user is masked too: {shown}"
    );
}

#[test]
fn the_store_url_password_is_never_printed() {
    let f = fixture();
    let output = common::vendor_readiness()
        .args(["status", "--catalog"])
        .arg(f.path("catalog.toml"))
        .args([
            "--db",
            "postgres://ops:db-password-canary@127.0.0.1:9/x?password=q-canary",
        ])
        .output()
        .unwrap();
    let shown = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2));
    assert!(!shown.contains("db-password-canary"), "{shown}");
    assert!(!shown.contains("q-canary"), "{shown}");
}

/// Found by attack: a libpq-style `--db` became a SQLite file named after its password, and
/// `--help` printed `VENDOR_READINESS_DB` with its password.
#[test]
fn a_database_password_is_never_shown_by_help_or_errors() {
    let f = fixture();
    let libpq = common::vendor_readiness()
        .args([
            "status",
            "--db",
            "host=db user=app password=libpq-canary",
            "--catalog",
        ])
        .arg(f.path("catalog.toml"))
        .output()
        .unwrap();
    let shown = format!(
        "{}{}",
        String::from_utf8_lossy(&libpq.stdout),
        String::from_utf8_lossy(&libpq.stderr)
    );
    assert_eq!(libpq.status.code(), Some(2), "{shown}");
    assert!(!shown.contains("libpq-canary"), "{shown}");
    assert!(!f
        .dir
        .path()
        .join("host=db user=app password=libpq-canary")
        .exists());
    let help = common::vendor_readiness()
        .args(["status", "--help"])
        .env("VENDOR_READINESS_DB", "postgres://app:help-canary@h/db")
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&help.stdout).contains("help-canary"));
}

/// Evidence stored without redaction (an older version, a pusher that did not know the value)
/// is redacted when listed or bundled by a command that knows the value.
#[test]
fn listing_and_bundling_redact_stored_evidence_again() {
    let f = fixture();
    let evidence = format!("saw {API_KEY} in the log");
    let added = f
        .cmd(&[
            "proof",
            "add",
            "--system",
            "leaky",
            "--outcome",
            "fail",
            "--evidence",
            &evidence,
        ])
        .output()
        .unwrap();
    assert_eq!(added.status.code(), Some(0));
    let env = f.path("ops.env");
    let listed = f
        .cmd(&[
            "proof",
            "list",
            "--full",
            "--env-file",
            env.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    let shown = String::from_utf8_lossy(&listed.stdout);
    assert!(
        shown.contains("saw [REDACTED:API_KEY] in the log"),
        "{shown}"
    );
    let out = f.path("bundle.json");
    let bundled = f
        .cmd(&[
            "bundle",
            "--env-file",
            env.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(
        bundled.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&bundled.stderr)
    );
    assert_clean(&std::fs::read_to_string(&out).unwrap());
}

/// Found by attack (round 3 on receipts): a catalog flag set to another switch word than the one
/// it asks for (`EVERIFY_INTEGRATION_APPROVED=false`) was taken for a secret, and every "false"
/// in evidence became a marker. A switch word is never a secret; any other value of a flag is.
#[test]
fn a_flag_set_to_another_switch_word_is_no_secret() {
    let text = std::fs::read_to_string(common::repo_path("catalog/vendor-catalog.toml")).unwrap();
    let catalog = readiness::catalog_toml::parse_catalog("c.toml", &text).unwrap();
    let public = server::inputs::public_flag_values(&catalog);
    let key = concat!("sk_", "live_", "flagtest123");
    let pairs = [
        ("EVERIFY_INTEGRATION_APPROVED", "false"),
        ("STRIPE_SECRET_KEY", key),
    ];
    let redactor = server::redact::Redactor::new(pairs, &public);
    assert_eq!(
        redactor.redact(&format!("approved: false, key {key}")),
        "approved: false, key [REDACTED:STRIPE_SECRET_KEY]"
    );
    let odd = [("EVERIFY_INTEGRATION_APPROVED", "tok_not_a_switch_99")];
    let redactor = server::redact::Redactor::new(odd, &public);
    assert!(redactor
        .redact("tok_not_a_switch_99")
        .contains("[REDACTED:"));
}
