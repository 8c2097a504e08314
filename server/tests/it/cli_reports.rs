//! Issue 21, one report shape: every command that prints a report takes `--format text|json`
//! and `--json` (the same as `--format json`); the JSON parses, both spellings print the same
//! bytes, and the exit code does not depend on the format. Each command's JSON conforms to the
//! schema `report-schema` prints for it (generated from the types it serializes).

use crate::common;

use common::repo_path;
use serde_json::Value;
use std::process::Output;

fn run(args: &[String], format: &[&str]) -> Output {
    common::vendor_readiness()
        .args(args)
        .args(format)
        .env("NO_COLOR", "1")
        .env_remove("VENDOR_READINESS_ENV_FILE")
        .env_remove("VENDOR_READINESS_CATALOG")
        .output()
        .unwrap()
}

/// What keeps `report` from conforming to the schema `report-schema` prints for `command`.
fn violations(command: &str, report: &Value) -> Vec<String> {
    let schema = run(&words(&["report-schema", command]), &[]);
    assert_eq!(schema.status.code(), Some(0), "{command}: {schema:?}");
    let schema: Value = serde_json::from_slice(&schema.stdout).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    validator
        .iter_errors(report)
        .map(|e| e.to_string())
        .collect()
}

/// A command's `--json` output conforms to its schema; the command's words joined by `-`
/// (`proof add` is `proof-add`).
fn conforms(args: &[String], json: &[u8]) -> Value {
    let nested = ["proof", "catalog", "webhook", "claims"].contains(&args[0].as_str());
    let command = match nested {
        true => format!("{}-{}", args[0], args[1]),
        false => args[0].clone(),
    };
    let report: Value = serde_json::from_slice(json)
        .unwrap_or_else(|e| panic!("{command}: {e}: {}", String::from_utf8_lossy(json)));
    let wrong = violations(&command, &report);
    assert!(wrong.is_empty(), "{command}: {wrong:?}\n{report}");
    report
}

fn words(args: &[&str]) -> Vec<String> {
    args.iter().map(|a| a.to_string()).collect()
}

/// `--catalog`, `--env-file` (the shipped ones) and `--db` a store in `dir`.
fn inputs(dir: &std::path::Path) -> Vec<String> {
    let path = |p: std::path::PathBuf| p.to_str().unwrap().to_owned();
    vec![
        "--catalog".into(),
        path(repo_path("catalog/vendor-catalog.toml")),
        "--env-file".into(),
        path(repo_path("catalog/demo.env")),
        "--db".into(),
        path(dir.join("p.db")),
    ]
}

#[test]
fn every_report_prints_as_text_or_json_and_json_two_ways() {
    let dir = tempfile::tempdir().unwrap();
    let owned = inputs(dir.path());
    let inputs: Vec<&str> = owned.iter().map(String::as_str).collect();
    let (catalog, db) = (inputs[1], inputs[5]);
    let key = dir.path().join("signing.key");
    let key = key.to_str().unwrap();
    let bundle = dir.path().join("bundle.json");
    let bundle = bundle.to_str().unwrap();
    let add = [&["proof", "add", "--system", "core-runtime"][..], &inputs]
        .concat()
        .into_iter()
        .chain(["--outcome", "pass", "--evidence", "checked"])
        .map(str::to_owned)
        .collect::<Vec<_>>();
    let added = conforms(&add, &run(&add, &["--format", "json"]).stdout);
    assert_eq!(added["system"], "core-runtime", "{added}");
    let keygen = words(&["keygen", "--out", key]);
    let keys = conforms(&keygen, &run(&keygen, &["--format", "json"]).stdout);
    // The schema says what a report must hold: one without its public key does not conform.
    let mut half = keys.clone();
    half.as_object_mut().unwrap().remove("public_key");
    assert_eq!(violations("keygen", &half).len(), 1, "{half}");
    assert_eq!(keys["secret_key"], key, "paths only, never a key: {keys}");
    let hook_add = words(&[
        "webhook",
        "add",
        "--db",
        db,
        "--url",
        "http://127.0.0.1:9/h",
    ]);
    let hook = run(&hook_add, &["--allow-private-targets", "--json"]);
    let hook = conforms(&hook_add, &hook.stdout);
    let hook_id = hook["id"].as_str().unwrap().to_owned();
    let mut bundle_args = words(&["bundle", "--out", bundle, "--force", "--sign-key", key]);
    bundle_args.extend(words(&inputs));
    let written = run(&bundle_args, &["--json"]);
    assert_eq!(written.status.code(), Some(0), "{written:?}");
    conforms(&bundle_args, &written.stdout);
    let public = format!("{key}.pub");

    let copy = dir.path().join("copy.md");
    std::fs::write(
        &copy,
        "Our SSO is generally available, and we are SOC 2 certified.\n",
    )
    .unwrap();
    let copy = copy.to_str().unwrap();
    let families = repo_path("readiness/tests/claims_families.toml");
    let (families, corpus) = (
        families.display().to_string(),
        repo_path("readiness/tests/claims_corpus_2.toml")
            .display()
            .to_string(),
    );
    let deterministic: Vec<Vec<String>> = vec![
        [&["preflight"][..], &inputs[..4]]
            .concat()
            .into_iter()
            .map(str::to_owned)
            .collect(),
        [&["proof", "list"][..], &inputs]
            .concat()
            .into_iter()
            .map(str::to_owned)
            .collect(),
        [&["proof", "show", &added["id"].to_string()][..], &inputs]
            .concat()
            .into_iter()
            .map(str::to_owned)
            .collect(),
        words(&["catalog", "check", catalog]),
        words(&["webhook", "list", "--db", db]),
        words(&["webhook", "deliveries", &hook_id, "--db", db]),
        words(&["verify", bundle, "--public-key", &public]),
        words(&["claims", "check", copy, "--catalog", catalog, "--db", db]),
        words(&["claims", "test", &families, &corpus, "--catalog", catalog]),
        words(&[
            "claims",
            "train",
            &families,
            &corpus,
            "--catalog",
            catalog,
            "--out",
            dir.path().join("model.json").to_str().unwrap(),
            "--force",
        ]),
    ];
    for args in &deterministic {
        let (text, json, short) = (
            run(args, &["--format", "text"]),
            run(args, &["--format", "json"]),
            run(args, &["--json"]),
        );
        assert_eq!(json.stdout, short.stdout, "{args:?}");
        assert_eq!(text.status.code(), json.status.code(), "{args:?}");
        assert_eq!(json.status.code(), short.status.code(), "{args:?}");
        conforms(args, &json.stdout);
        assert!(!text.stdout.is_empty(), "{args:?}");
        let as_json: Result<Value, _> = serde_json::from_slice(&text.stdout);
        assert!(as_json.is_err(), "{args:?}: text is not JSON");
    }
    // The board moves with the clock: its JSON parses and says the same systems either way.
    let status = [&["status"][..], &inputs]
        .concat()
        .into_iter()
        .map(str::to_owned)
        .collect::<Vec<_>>();
    let board = conforms(&status, &run(&status, &["--format", "json"]).stdout);
    let text = String::from_utf8(run(&status, &[]).stdout).unwrap();
    for system in board["systems"].as_array().unwrap() {
        assert!(text.contains(system["id"].as_str().unwrap()), "{text}");
    }
}

#[test]
fn a_format_that_does_not_exist_is_a_usage_error() {
    let out = run(
        &words(&["catalog", "check", "x.toml"]),
        &["--format", "yaml"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("text"));
}

/// Issue 26, found by attack (round 6): `status --as-of` before the record begins said nothing
/// of it, and its note named inputs "in force" at an instant before any.
#[test]
fn a_board_before_the_record_begins_says_so_in_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = inputs(dir.path());
    let mut add = words(&[
        "proof",
        "add",
        "--system",
        "core-runtime",
        "--outcome",
        "pass",
    ]);
    add.extend(words(&["--evidence", "checked"]));
    add.extend(inputs.iter().cloned());
    assert_eq!(run(&add, &[]).status.code(), Some(0));
    let mut status = words(&["status", "--as-of", "2020-01-01T00:00:00Z"]);
    status.extend(inputs.iter().cloned());
    let board: Value = serde_json::from_slice(&run(&status, &["--json"]).stdout).unwrap();
    assert!(board["inputs"].is_null(), "{}", board["inputs"]);
    let text = run(&status, &[]);
    let (out, err) = (
        String::from_utf8_lossy(&text.stdout),
        String::from_utf8_lossy(&text.stderr),
    );
    assert!(
        out.contains(readiness::board::NO_INPUTS_RECORDED_YET),
        "{out}"
    );
    assert!(
        err.contains("no inputs were recorded yet at that instant"),
        "{err}"
    );
}
