//! Issue 23: `claims train` writes a model of labelled copy, with progress and a report (text
//! or JSON), never over a file unless told; `--claims-model` joins it with the rules; a
//! model that is not one, or was trained for claims the catalog does not make, is refused.

use crate::common;

use common::repo_path;
use serde_json::Value;

struct Run {
    code: i32,
    out: String,
    err: String,
}

fn run(args: &[&str]) -> Run {
    let catalog = repo_path("catalog/vendor-catalog.toml");
    let out = common::vendor_readiness()
        .args(args)
        .args(["--catalog", catalog.to_str().unwrap()])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    Run {
        code: out.status.code().unwrap_or(-1),
        out: text(&out.stdout),
        err: text(&out.stderr),
    }
}

/// The run was refused as bad input (exit 2), saying `said`.
fn refused(run: &Run, said: &str) {
    assert_eq!(run.code, 2, "{}", run.err);
    assert!(run.err.contains(said), "{}", run.err);
}

fn set(name: &str) -> String {
    repo_path(&format!("readiness/tests/{name}"))
        .display()
        .to_string()
}

/// Trains on sets 2 and 3 into `out`.
fn train(out: &str, more: &[&str]) -> Run {
    let (families, two, three) = (
        set("claims_families.toml"),
        set("claims_corpus_2.toml"),
        set("claims_corpus_3.toml"),
    );
    let args = [
        &["claims", "train", &families, &two, &three, "--out", out][..],
        more,
    ]
    .concat();
    run(&args)
}

#[test]
fn training_writes_a_model_with_progress_and_never_over_a_file_unless_told() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("model.json");
    let model = model.to_str().unwrap();
    let trained = train(model, &[]);
    assert_eq!(trained.code, 0, "{}{}", trained.out, trained.err);
    assert!(
        trained
            .err
            .contains("training on 75 sentences from 2 files"),
        "{}",
        trained.err
    );
    assert!(
        trained.err.contains("42 of 42 fits done"),
        "{}",
        trained.err
    );
    assert!(
        trained.out.contains("trained on 75 sentences from 2 files"),
        "{}",
        trained.out
    );
    assert!(
        trained
            .out
            .contains("7 groups of claims labelled alike (12 claims)"),
        "{}",
        trained.out
    );
    assert!(
        trained.out.contains(&format!("wrote {model} (")),
        "{}",
        trained.out
    );
    let written: Value = serde_json::from_slice(&std::fs::read(model).unwrap()).unwrap();
    assert_eq!(written["format"], 1);
    assert_eq!(written["trained"]["sentences"], 75);
    let again = train(model, &[]);
    refused(&again, "already exists: pass --force to replace it");
    assert!(
        !again.err.contains("training on"),
        "refused before training: {}",
        again.err
    );
    let forced = train(model, &["--force", "--json", "--precision", "0.95"]);
    assert_eq!(forced.code, 0, "{}", forced.err);
    let report: Value = serde_json::from_str(&forced.out).unwrap();
    assert_eq!(report["precision_asked"], 0.95);
    assert_eq!(report["sentences"], 75);
    assert_eq!(report["groups"].as_array().map(Vec::len), Some(7));
    assert_eq!(
        report["bytes"].as_u64(),
        std::fs::metadata(model).ok().map(|m| m.len())
    );
}

/// Scores of `claims test` on set 16, with the model or without.
fn tested(model: Option<&str>) -> Value {
    let (families, three) = (set("claims_families.toml"), set("claims_corpus_16.toml"));
    let mut args = vec![
        "claims",
        "test",
        families.as_str(),
        three.as_str(),
        "--json",
    ];
    match model {
        Some(model) => args.extend(["--claims-model", model]),
        None => args.push("--no-claims-model"),
    }
    let tested = run(&args);
    assert_eq!(tested.code, 0, "{}{}", tested.out, tested.err);
    serde_json::from_str(&tested.out).unwrap()
}

#[test]
fn a_model_is_joined_with_the_rules_when_testing() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("model.json");
    let model = model.to_str().unwrap();
    let (families, sixteen) = (set("claims_families.toml"), set("claims_corpus_16.toml"));
    let trained = run(&[
        "claims",
        "train",
        &families,
        &sixteen,
        "--out",
        model,
        "--precision",
        "0.9",
    ]);
    assert_eq!(trained.code, 0, "{}", trained.err);
    let (rules, joined) = (tested(None), tested(Some(model)));
    // The shipped catalog's own model joined by default is named, and scored as verdicts
    // count (found by attack: neither was said).
    let (families, sixteen) = (set("claims_families.toml"), set("claims_corpus_16.toml"));
    let default = run(&["claims", "test", &families, &sixteen]);
    assert!(default.out.contains("as verdicts count"), "{}", default.out);
    let default = run(&["claims", "test", &families, &sixteen, "--json"]);
    let default: Value = serde_json::from_str(&default.out).unwrap();
    assert_eq!(default["model"], "the shipped model");
    assert_eq!(rules["model"], Value::Null);
    assert_eq!(joined["model"], model);
    // On its own training copy the model finds what the rules missed, and drops false alarms.
    let count = |v: &Value, what: &str| v["total"][what].as_u64().unwrap();
    assert!(
        count(&joined, "found") > count(&rules, "found") + 20,
        "{rules}\n{joined}"
    );
    assert!(
        count(&joined, "false_alarms") < count(&rules, "false_alarms"),
        "{joined}"
    );
    // As verdicts count them, the doubted phrases count again: as many false alarms as the
    // rules', the model's own added.
    let counted = |v: &Value, what: &str| v["total"]["as_counted"][what].as_u64().unwrap();
    assert_eq!(
        counted(&rules, "false_alarms"),
        count(&rules, "false_alarms")
    );
    assert!(
        counted(&joined, "false_alarms") >= count(&rules, "false_alarms"),
        "{joined}"
    );
    assert!(
        counted(&joined, "false_alarms") > count(&joined, "false_alarms"),
        "{joined}"
    );
    let (families, sixteen) = (set("claims_families.toml"), set("claims_corpus_16.toml"));
    let text = run(&[
        "claims",
        "test",
        &families,
        &sixteen,
        "--claims-model",
        model,
    ]);
    let said = "as verdicts count (a phrase the model doubts still counts): recall";
    assert_eq!(text.out.matches(said).count(), 1, "{}", text.out);
}

#[test]
fn a_file_that_is_not_a_model_or_serves_other_claims_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("model.json");
    let model = path.to_str().unwrap();
    let (families, three) = (set("claims_families.toml"), set("claims_corpus_3.toml"));
    let test = |model: &str| run(&["claims", "test", &families, &three, "--claims-model", model]);
    std::fs::write(&path, "{\"weights\": []}").unwrap();
    refused(&test(model), "not a model written by `claims train`");
    assert_eq!(train(model, &["--force"]).code, 0);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("\"Card-backed activation\"", "\"Teleportation\""),
    )
    .unwrap();
    let said =
        "the model was trained for the claim \"Teleportation\", which the catalog does not make";
    refused(&test(model), said);
    let missing = test(dir.path().join("none.json").to_str().unwrap());
    assert_eq!(missing.code, 2, "{}", missing.err);
    assert!(missing.err.contains("none.json"), "{}", missing.err);
}

/// Two sentences of set 17: one the rules miss and the shipped model finds (a cancellation),
/// one the rules flag and the model doubts (an order form, read as a plan change).
const JOINED_COPY: &str = "The dame wanted out, so she cancelled the subscription herself at 3 a.m., and nobody at the company saw it coming.\n\nIf you're a bigger org, ask for an order form — invoice route, their team sets up the account for you, which is fine tbh.\n";

#[test]
fn claims_check_joins_the_model_in_every_format_from_a_flag_the_environment_or_the_config() {
    let copy = crate::cli_claims::Copy::new();
    std::fs::write(copy.path("copy.md"), JOINED_COPY).unwrap();
    let shipped = repo_path("catalog/claims-model.json").display().to_string();
    let (code, out, err) = copy.run(&["claims", "check", "copy.md", "--no-claims-model"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(!out.contains("The dame"), "the rules alone miss it: {out}");
    // Without a flag, the shipped catalog is joined with the shipped model.
    let (code, default, err) = copy.run(&["claims", "check", "copy.md"]);
    assert_eq!(code, 1, "{default}{err}");
    assert!(err.contains("joined with the shipped model"), "{err}");
    assert!(
        default.contains("copy.md:1:1: error: \u{201c}The dame wanted out"),
        "{default}"
    );
    let both = [
        "claims",
        "check",
        "copy.md",
        "--no-claims-model",
        "--claims-model",
        "m.json",
    ];
    // `--no-claims-model` wins, over a flag or a model the variable or the configuration names
    // (found by attack: a CI job could not opt out of a model set for every command).
    let (code, rules, err) = copy.run(&both);
    assert_eq!(code, 1, "both flags: {err}");
    assert!(
        err.contains("note: the rules alone (--no-claims-model)"),
        "{err}"
    );
    assert!(!rules.contains("The dame"), "{rules}");
    let mut by_variable = copy.cmd(&["claims", "check", "copy.md", "--no-claims-model"]);
    by_variable.env("VENDOR_READINESS_CLAIMS_MODEL", "m.json");
    let by_variable = by_variable.output().unwrap();
    assert_eq!(by_variable.status.code(), Some(1));
    assert!(!String::from_utf8_lossy(&by_variable.stdout).contains("The dame"));
    assert!(
        out.lines()
            .any(|l| l.starts_with("copy.md:3:") && l.contains(": error: ")),
        "{out}"
    );
    let (code, out, err) = copy.run(&["claims", "check", "copy.md", "--claims-model", &shipped]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        err.contains("joined with the model") && err.contains("2150 sentences"),
        "{err}"
    );
    let sentence = "copy.md:1:1: error: \u{201c}The dame wanted out";
    assert!(out.contains(sentence), "{out}");
    assert!(
        out.contains("Found by the model of labelled copy in the whole sentence"),
        "{out}"
    );
    // A phrase the model doubts still counts (an error), with a note to check it.
    assert!(
        out.lines()
            .any(|l| l.starts_with("copy.md:3:") && l.contains(": error: ")),
        "{out}"
    );
    assert!(
        out.contains("finds the claim unlikely in its sentence: check it (it still counts)."),
        "{out}"
    );
    assert!(
        out.contains("(1 doubted by the model of labelled copy, to check)"),
        "{out}"
    );
    assert!(!err.contains("another catalog"), "{err}");
    let (_, json, _) = copy.run(&[
        "claims",
        "check",
        "copy.md",
        "--json",
        "--claims-model",
        &shipped,
    ]);
    let json: Value = serde_json::from_str(&json).unwrap();
    let evidence: Vec<&str> = json["files"][0]["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["evidence"].as_str().unwrap_or("phrase"))
        .collect();
    assert!(
        evidence.contains(&"sentence") && evidence.contains(&"doubted_phrase"),
        "{json}"
    );
    let (_, sarif, _) = copy.run(&[
        "claims",
        "check",
        "copy.md",
        "--format",
        "sarif",
        "--claims-model",
        &shipped,
    ]);
    let sarif: Value = serde_json::from_str(&sarif).unwrap();
    let levels: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["level"].as_str().unwrap())
        .collect();
    assert!(
        levels.iter().all(|l| *l == "error"),
        "doubts count: {levels:?}"
    );
    // The environment and the configuration file name it as the flag does.
    let by_env = copy
        .cmd(&["claims", "check", "copy.md"])
        .env("VENDOR_READINESS_CLAIMS_MODEL", &shipped)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&by_env.stdout).contains(sentence));
    std::fs::copy(&shipped, copy.path("m.json")).unwrap();
    std::fs::write(
        copy.path("vendor-readiness.toml"),
        "claims-model = \"m.json\"\n",
    )
    .unwrap();
    let (_, out, err) = copy.run(&["claims", "check", "copy.md"]);
    assert!(out.contains(sentence), "{out}{err}");
}

#[test]
fn a_model_saved_with_a_byte_order_mark_or_for_another_catalog_is_read_and_said_so() {
    let copy = crate::cli_claims::Copy::new();
    std::fs::write(copy.path("copy.md"), JOINED_COPY).unwrap();
    let shipped = std::fs::read_to_string(repo_path("catalog/claims-model.json")).unwrap();
    std::fs::write(copy.path("bom.json"), format!("\u{feff}{shipped}")).unwrap();
    let (code, out, err) = copy.run(&["claims", "check", "copy.md", "--claims-model", "bom.json"]);
    assert_eq!(code, 1, "{err}");
    assert!(out.contains("Found by the model"), "{out}{err}");
    let sha: Value = serde_json::from_str(&shipped).unwrap();
    let sha = sha["trained"]["catalog_sha256"]
        .as_str()
        .unwrap()
        .to_owned();
    std::fs::write(
        copy.path("other.json"),
        shipped.replace(&sha, &"0".repeat(64)),
    )
    .unwrap();
    let (code, _, err) = copy.run(&["claims", "check", "copy.md", "--claims-model", "other.json"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("the model was trained for another catalog (sha256 0000"),
        "{err}"
    );
}

#[test]
fn totals_of_nothing_labelled_or_nothing_found_say_so_instead_of_a_share() {
    let copy = crate::cli_claims::Copy::new();
    let clean = "[[sentence]]\ntext = \"Our office is in Leeds.\"\nclaims = []\n";
    std::fs::write(copy.path("clean.toml"), clean).unwrap();
    let (code, out, err) = copy.run(&["claims", "test", "clean.toml"]);
    assert_eq!(code, 0, "{err}");
    let said =
        "clean.toml: 1 sentence, recall – (no claims labelled), precision – (nothing found)\n";
    assert!(out.contains(said), "{out}");
}

/// Found by review: the model was checked against the claims the chosen motions disallow, so
/// `--motion` (or a claim the board had lifted) refused the shipped model.
#[test]
fn a_model_is_checked_against_every_claim_of_the_catalog_whatever_the_motions() {
    let copy = crate::cli_claims::Copy::new();
    std::fs::write(copy.path("copy.md"), JOINED_COPY).unwrap();
    let shipped = repo_path("catalog/claims-model.json").display().to_string();
    let args = [
        "claims",
        "check",
        "copy.md",
        "--motion",
        "managed-private-beta",
    ];
    let (code, out, err) = copy.run(&[&args[..], &["--claims-model", &shipped]].concat());
    assert_ne!(code, 2, "{out}{err}");
    assert!(err.contains("joined with the model"), "{err}");
}
