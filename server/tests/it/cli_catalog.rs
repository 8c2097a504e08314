//! `catalog init | check | schema`, completions, the man page, JSON logs, and the binary run
//! from an empty folder (everything it needs is inside it): the real binary on real files.

use crate::common;
use assert_cmd::Command;
use common::repo_path;
use serde_json::Value;

fn bin(dir: &std::path::Path) -> Command {
    let mut cmd = common::vendor_readiness();
    cmd.current_dir(dir).env_remove("VENDOR_READINESS_CATALOG");
    cmd
}

fn schema() -> Value {
    serde_json::from_str(
        &std::fs::read_to_string(repo_path("catalog/vendor-catalog.schema.json")).unwrap(),
    )
    .unwrap()
}

/// A TOML catalog as the JSON value a schema validator reads.
fn toml_as_json(text: &str) -> Value {
    toml::from_str::<Value>(text).unwrap()
}

#[test]
fn the_committed_schema_is_the_one_the_binary_prints() {
    let dir = tempfile::tempdir().unwrap();
    let out = bin(dir.path())
        .args(["catalog", "schema"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let committed =
        std::fs::read_to_string(repo_path("catalog/vendor-catalog.schema.json")).unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        committed,
        "catalog/vendor-catalog.schema.json is out of date: run vendor-readiness catalog schema > catalog/vendor-catalog.schema.json"
    );
}

#[test]
fn the_schema_accepts_the_shipped_and_starter_catalogs_and_refuses_unknown_fields() {
    let validator = jsonschema::validator_for(&schema()).unwrap();
    for file in ["catalog/vendor-catalog.toml", "catalog/starter.toml"] {
        let catalog = toml_as_json(&std::fs::read_to_string(repo_path(file)).unwrap());
        let errors: Vec<String> = validator
            .iter_errors(&catalog)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{file}: {errors:?}");
    }
    let typo = toml_as_json("[page]\ntitle = \"t\"\nheadline = \"h\"\nintro = \"i\"\nmotions_intro = \"m\"\n[[system]]\nid = \"x\"\nnmae = \"X\"\n");
    assert!(
        !validator.is_valid(&typo),
        "a misspelt field must not validate"
    );
    let wrong_kind = toml_as_json("[page]\ntitle = 1\n");
    assert!(!validator.is_valid(&wrong_kind));
}

#[test]
fn init_writes_a_starter_that_checks_clean_and_never_overwrites_by_surprise() {
    let dir = tempfile::tempdir().unwrap();
    bin(dir.path()).args(["catalog", "init"]).assert().success();
    let written = std::fs::read_to_string(dir.path().join("vendor-catalog.toml")).unwrap();
    assert!(written.starts_with("#:schema ./vendor-catalog.schema.json\n"));
    let schema_beside =
        std::fs::read_to_string(dir.path().join("vendor-catalog.schema.json")).unwrap();
    assert_eq!(
        serde_json::from_str::<Value>(&schema_beside).unwrap(),
        schema()
    );
    let out = bin(dir.path())
        .args(["catalog", "check", "vendor-catalog.toml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "vendor-catalog.toml: valid (1 system, 1 motion)\n"
    );

    std::fs::write(dir.path().join("vendor-catalog.toml"), "# mine\n").unwrap();
    let again = bin(dir.path()).args(["catalog", "init"]).output().unwrap();
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists: pass --force"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("vendor-catalog.toml")).unwrap(),
        "# mine\n"
    );
    bin(dir.path())
        .args(["catalog", "init", "--force"])
        .assert()
        .success();
    assert_eq!(
        std::fs::read_to_string(dir.path().join("vendor-catalog.toml")).unwrap(),
        written
    );
}

/// Issue 23 (found by a helper's audit): the starter's status printed its motion line as
/// `self-serve-checkoutgated: …`, the id column sized for system ids only.
#[test]
fn the_starters_status_reads_as_sentences_and_columns() {
    let dir = tempfile::tempdir().unwrap();
    bin(dir.path()).args(["catalog", "init"]).assert().success();
    let with = ["--catalog", "vendor-catalog.toml", "--db", "s.db"];
    bin(dir.path())
        .args(["proof", "add", "--system", "billing", "--outcome", "fail"])
        .args(["--evidence", "sandbox checkout declined"])
        .args(with)
        .assert()
        .success();
    let out = bin(dir.path()).arg("status").args(with).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("No motion can move yet. Self-serve checkout stays gated."),
        "{text}"
    );
    let line = text
        .lines()
        .find(|l| l.starts_with("self-serve-checkout"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(line.starts_with("self-serve-checkout  gated"), "{line}");
}

#[test]
fn check_names_every_problem_with_file_line_and_column_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let starter = std::fs::read_to_string(repo_path("catalog/starter.toml")).unwrap();
    let broken = starter
        .replace("system = \"billing\"", "system = \"biling\"")
        .replace("owner = \"Finance\"", "owner = \"\"");
    std::fs::write(dir.path().join("broken.toml"), &broken).unwrap();
    let line_of = |needle: &str| broken.lines().position(|l| l.contains(needle)).unwrap() + 1;
    let out = bin(dir.path())
        .args(["catalog", "check", "broken.toml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(&format!("broken.toml:{}:", line_of("system = \"biling\""))),
        "{text}"
    );
    assert!(text.contains("unknown system \"biling\""), "{text}");
    assert!(
        text.lines().count() >= 2,
        "every problem, not the first: {text}"
    );

    let json = bin(dir.path())
        .args(["catalog", "check", "--json", "broken.toml", "missing.toml"])
        .output()
        .unwrap();
    assert_eq!(json.status.code(), Some(2));
    let report: Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(report["valid"], false);
    let files = report["files"].as_array().unwrap();
    assert_eq!(files.len(), 2);
    assert!(files[0]["problems"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["line"] == line_of("system = \"biling\"") as u64));
    assert!(files[1]["problems"][0]["reason"]
        .as_str()
        .unwrap()
        .contains("cannot read catalog"));
}

/// Issue 23: a misspelt field (which the parser stops at) and a misspelt id (which only the
/// checks across pieces see) come in one run, each with "did you mean".
#[test]
fn check_finds_a_misspelt_field_and_a_misspelt_id_in_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let starter = std::fs::read_to_string(repo_path("catalog/starter.toml")).unwrap();
    let broken = starter
        .replace("system = \"billing\"", "system = \"biling\"")
        .replacen("owner = ", "ownr = ", 1);
    std::fs::write(dir.path().join("broken.toml"), &broken).unwrap();
    let line_of = |needle: &str| broken.lines().position(|l| l.contains(needle)).unwrap() + 1;
    let out = bin(dir.path())
        .args(["catalog", "check", "broken.toml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8_lossy(&out.stdout);
    let field = format!(
        "broken.toml:{}:1: unknown field `ownr` (did you mean `owner`?)",
        line_of("ownr = ")
    );
    assert!(text.contains(&field), "{text}");
    assert!(
        text.contains(&format!("broken.toml:{}:", line_of("system = \"biling\"")))
            && text.contains("unknown system \"biling\" (did you mean `billing`?)"),
        "{text}"
    );
}

#[test]
fn completions_and_man_page_come_from_the_command_definition() {
    let dir = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish"] {
        let out = bin(dir.path())
            .args(["completions", shell])
            .output()
            .unwrap();
        assert!(out.status.success(), "{shell}");
        let text = String::from_utf8_lossy(&out.stdout);
        for word in ["catalog", "claims", "push-token-sha256"] {
            assert!(text.contains(word), "{shell} completion lacks {word}");
        }
    }
    let man = bin(dir.path()).arg("man").output().unwrap();
    let text = String::from_utf8_lossy(&man.stdout);
    assert!(text.contains(".TH vendor-readiness 1"), "{text}");
    assert!(text.contains("catalog"));
    // One page per command and subcommand, each with its own flags (found by a new operator:
    // only the top-level command had one).
    let pages = dir.path().join("man");
    let out = bin(dir.path())
        .args(["man", "--out-dir"])
        .arg(&pages)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", common::text(&out));
    let listed = String::from_utf8_lossy(&out.stdout);
    for (page, flag) in [
        ("vendor-readiness-proof-add.1", "outcome"),
        ("vendor-readiness-serve.1", "push\\-token\\-sha256"),
        ("vendor-readiness-catalog-check.1", "FILES"),
        ("vendor-readiness.1", "webhook"),
    ] {
        let path = pages.join(page);
        assert!(
            listed.contains(&path.display().to_string()),
            "{page}: {listed}"
        );
        let roff = std::fs::read_to_string(&path).unwrap();
        let title = page.trim_end_matches(".1");
        assert!(roff.contains(&format!(".TH {title} 1")), "{page}: {roff}");
        assert!(roff.contains(flag), "{page} lacks {flag}: {roff}");
    }
    assert_eq!(
        bin(dir.path())
            .args(["completions", "tcsh"])
            .output()
            .unwrap()
            .status
            .code(),
        Some(2)
    );
}

/// From a folder with nothing in it, the binary reads the shipped catalog and demo env it carries.
#[test]
fn commands_run_from_an_empty_folder_on_the_embedded_catalog() {
    let dir = tempfile::tempdir().unwrap();
    // A command that only reads never creates a store: it names the missing one instead.
    let out = bin(dir.path())
        .args(["status", "--json", "--db", "x.db"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no store at x.db"));
    assert!(!dir.path().join("x.db").exists(), "nothing was created");
    server::store::ProofStore::open(&dir.path().join("x.db")).unwrap();
    let out = bin(dir.path())
        .args(["status", "--json", "--db", "x.db"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let board: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(board["summary"]["systems"], 7);
    let shipped = std::fs::read(repo_path("catalog/vendor-catalog.toml")).unwrap();
    use sha2::Digest;
    assert_eq!(
        board["catalog"]["sha256"],
        hex::encode(sha2::Sha256::digest(&shipped))
    );
}

/// `--log-format json`: every line the server logs at start is one JSON object.
#[test]
fn json_logs_are_one_object_per_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("vendor-readiness"))
        .current_dir(dir.path())
        .args([
            "--log-format",
            "json",
            "--addr",
            "127.0.0.1:0",
            "--db",
            "x.db",
        ])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let mut lines = std::io::BufRead::lines(std::io::BufReader::new(stderr));
    let mut seen = Vec::new();
    for line in lines.by_ref().take(4) {
        let line = line.unwrap();
        let object: Value = serde_json::from_str(&line).unwrap_or_else(|e| panic!("{e}: {line}"));
        seen.push(object["message"].as_str().unwrap_or("").to_owned());
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(seen.iter().any(|m| m == "inputs loaded"), "{seen:?}");
}

/// A FIFO named as a catalog is refused at once, never read (the read would block forever).
#[test]
fn a_catalog_that_is_not_a_regular_file_is_refused_without_blocking() {
    let dir = tempfile::tempdir().unwrap();
    nix::unistd::mkfifo(&dir.path().join("fifo.toml"), nix::sys::stat::Mode::S_IRWXU).unwrap();
    let out = bin(dir.path())
        .args(["catalog", "check", "fifo.toml"])
        .timeout(std::time::Duration::from_secs(10))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stdout).contains("not a regular file"));
}

/// `--log-format` goes anywhere; a serving flag before another command is refused, not ignored.
#[test]
fn log_format_goes_before_or_after_a_command_and_serving_flags_before_one_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        &["--log-format", "json", "catalog", "schema"][..],
        &["catalog", "schema", "--log-format", "json"],
    ] {
        let out = bin(dir.path()).args(args).output().unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let out = bin(dir.path())
        .args(["--addr", "127.0.0.1:1", "status"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("--addr before `status`"), "{stderr}");
}

/// `status` ends with the proofs that expire in the next 30 days and what each will gate.
#[test]
fn status_forecasts_the_coming_expiries() {
    let dir = tempfile::tempdir().unwrap();
    let env = repo_path("catalog/demo.env");
    let env = env.to_str().unwrap();
    let add = bin(dir.path())
        .args([
            "proof",
            "add",
            "--system",
            "core-runtime",
            "--outcome",
            "pass",
            "--evidence",
            "ok",
        ])
        .args(["--db", "x.db", "--env-file", env])
        .output()
        .unwrap();
    assert!(
        add.status.success(),
        "{}",
        String::from_utf8_lossy(&add.stderr)
    );
    let out = bin(dir.path())
        .args(["status", "--db", "x.db", "--env-file", env])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(text.contains("Upcoming (next 30 days):"), "{text}");
    assert!(
        text.contains("Core runtime and trust infrastructure's proof expires on"),
        "{text}"
    );
    assert!(text.contains("would be gated"), "{text}");
    let json = bin(dir.path())
        .args(["status", "--json", "--db", "x.db", "--env-file", env])
        .output()
        .unwrap();
    let board: Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(board["upcoming"][0]["system"], "core-runtime");
}

/// Found by a new operator (issue 23): `--catalog --env-file --db` on every command. A
/// `vendor-readiness.toml` in the folder (or `--config PATH`) gives them once, paths counted from
/// the file's folder; a flag, then an environment variable, wins over it; an unknown key is
/// refused with the keys there are.
#[test]
fn a_settings_file_gives_the_inputs_once_and_flags_and_the_environment_win() {
    let own = repo_path("server/tests/fixtures/cli-catalog.toml");
    let shipped = repo_path("catalog/vendor-catalog.toml");
    let settings = "catalog = \"own.toml\"\nenv-file = \"ops.env\"\ndb = \"proofs.db\"\n";
    let f = common::cli::CliFixture::new(
        &own,
        &[
            ("own.toml", &std::fs::read_to_string(&own).unwrap()),
            ("ops.env", "STRIPE_SECRET_KEY=x\nPAY_MODE=live\n"),
            ("vendor-readiness.toml", settings),
        ],
    );
    let systems = |cmd: &mut Command| -> Vec<(String, String)> {
        let out = cmd.output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", common::text(&out));
        let board: Value = serde_json::from_slice(&out.stdout).unwrap();
        let systems = board["systems"].as_array().unwrap().iter();
        let pair = |s: &Value| {
            (
                s["id"].as_str().unwrap().to_owned(),
                s["status"].as_str().unwrap().to_owned(),
            )
        };
        systems.map(pair).collect()
    };
    let in_folder = |args: &[&str]| {
        let mut cmd = bin(f.dir.path());
        cmd.args(args);
        cmd
    };
    let from_file = systems(&mut in_folder(&["status", "--json"]));
    assert_eq!(
        from_file[0],
        ("pay".to_owned(), "configured_unproven".to_owned()),
        "{from_file:?}"
    );
    assert_eq!(from_file.len(), 3, "{from_file:?}");

    let mut flag = in_folder(&["status", "--json", "--catalog"]);
    let flag_wins = systems(flag.arg(&shipped));
    assert!(
        flag_wins.iter().any(|(id, _)| id == "stripe-billing"),
        "{flag_wins:?}"
    );
    let mut environment = in_folder(&["status", "--json"]);
    let environment_wins = systems(environment.env("VENDOR_READINESS_CATALOG", &shipped));
    assert!(
        environment_wins
            .iter()
            .any(|(id, _)| id == "stripe-billing"),
        "{environment_wins:?}"
    );

    // From another folder, with --config: the paths still count from the file's folder.
    let elsewhere = tempfile::tempdir().unwrap();
    let mut configured = bin(elsewhere.path());
    configured
        .args(["status", "--json", "--config"])
        .arg(f.path("vendor-readiness.toml"));
    assert_eq!(systems(&mut configured), from_file);

    std::fs::write(f.path("vendor-readiness.toml"), "catalgo = \"own.toml\"\n").unwrap();
    let refused = in_folder(&["status", "--json"]).output().unwrap();
    assert_eq!(refused.status.code(), Some(2), "{}", common::text(&refused));
    let said = common::text(&refused);
    assert!(
        said.contains("unknown key `catalgo` (did you mean `catalog`?)")
            && said.contains("env-file"),
        "{said}"
    );
}
