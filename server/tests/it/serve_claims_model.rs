//! Issue 23: `serve --claims-model` joins a model of labelled copy with the board's claim rules,
//! and `claims check --board-url` reads it from the board, so CI finds what the board finds; a
//! file that is not a model stops `serve` before a store is made.

use crate::common;
use common::repo_path;
use serde_json::Value;

/// Copy no rule reads as checkout and the shipped model does (blind set 17).
const COPY: &str = "Once payment is done by card on the website itself, workspace is getting activated automatically, no need to talk to any sales person.\n";

struct Board {
    dir: tempfile::TempDir,
    server: common::ServerProcess,
}

impl Board {
    /// A board of the shipped catalog started with `flags`.
    fn start(flags: &[&str]) -> Board {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("served.env"), "UNRELATED_NAME=1\n").unwrap();
        std::fs::write(dir.path().join("copy.md"), COPY).unwrap();
        let server = common::ServerProcess::start(|cmd| {
            cmd.args(Board::inputs(dir.path())).args(flags);
        });
        Board { dir, server }
    }

    fn inputs(dir: &std::path::Path) -> Vec<String> {
        let catalog = repo_path("catalog/vendor-catalog.toml");
        let at = |name: &str| dir.join(name).display().to_string();
        let catalog = catalog.display().to_string();
        [
            "--catalog",
            &catalog,
            "--env-file",
            &at("served.env"),
            "--db",
            &at("served.db"),
        ]
        .map(str::to_owned)
        .to_vec()
    }

    /// `claims check --json` of the copy, with `args`: its report and standard error.
    fn check(&self, args: &[&str]) -> (Value, String) {
        let out = common::vendor_readiness()
            .current_dir(self.dir.path())
            .args(["claims", "check", "--json", "copy.md"])
            .args(args)
            .output()
            .unwrap();
        let report = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
        (report, String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

/// The evidence of each finding of the report's one file.
fn evidence(report: &Value) -> Vec<String> {
    let found = report["files"][0]["violations"].as_array().unwrap().iter();
    found
        .map(|v| v["evidence"].as_str().unwrap_or("phrase").to_owned())
        .collect()
}

#[test]
fn a_served_model_joins_the_boards_checks_and_a_ci_check_of_the_board_reads_it() {
    let model = repo_path("catalog/claims-model.json").display().to_string();
    let board = Board::start(&["--claims-model", &model]);
    let (remote, err) = board.check(&["--board-url", &board.server.base]);
    assert!(
        err.contains("joined with the model of labelled copy the board joins"),
        "{err}"
    );
    assert!(
        evidence(&remote).contains(&"sentence".to_owned()),
        "{remote}"
    );
    let model = repo_path("catalog/claims-model.json").display().to_string();
    let mut local = Board::inputs(board.dir.path());
    local.extend(["--claims-model".to_owned(), model]);
    let local: Vec<&str> = local.iter().map(String::as_str).collect();
    let (local, _) = board.check(&local);
    assert_eq!(
        remote, local,
        "the board's check is the local one with the same model"
    );
    let answer: Value = ureq::post(&format!("{}/api/claims/check", board.server.base))
        .send_json(serde_json::json!({ "text": COPY }))
        .unwrap()
        .into_json()
        .unwrap();
    assert_eq!(answer["model"], true, "{answer}");
    let api = answer["violations"].as_array().unwrap();
    let api: Vec<_> = api
        .iter()
        .map(|v| (&v["claim"], &v["text"], &v["evidence"]))
        .collect();
    let cli = remote["files"][0]["violations"].as_array().unwrap();
    let cli: Vec<_> = cli
        .iter()
        .map(|v| (&v["claim"], &v["text"], &v["evidence"]))
        .collect();
    assert_eq!(api, cli, "the API finds what the CLI finds");
}

#[test]
fn the_shipped_catalog_is_joined_with_the_shipped_model_unless_told_otherwise() {
    let found_by_model = |board: &Board| {
        let (remote, err) = board.check(&["--board-url", &board.server.base]);
        let joined = err.contains("joined with the model");
        assert_eq!(
            joined,
            evidence(&remote).contains(&"sentence".to_owned()),
            "{err}{remote}"
        );
        joined
    };
    assert!(found_by_model(&Board::start(&[])), "joined by default");
    assert!(!found_by_model(&Board::start(&["--no-claims-model"])));
}

/// The shipped model joins only the catalog it was trained for: a reload to another catalog is
/// put in force and checked by its rules alone (it had refused a reload renaming a claim, for a
/// model nobody asked for), and a reload back joins it again.
#[test]
fn the_shipped_model_is_left_behind_by_a_reload_to_another_catalog() {
    let dir = tempfile::tempdir().unwrap();
    let catalog = dir.path().join("catalog.toml");
    let shipped = std::fs::read_to_string(repo_path("catalog/vendor-catalog.toml")).unwrap();
    std::fs::write(&catalog, &shipped).unwrap();
    std::fs::write(dir.path().join("served.env"), "UNRELATED_NAME=1\n").unwrap();
    let server = common::ServerProcess::start(|cmd| {
        cmd.arg("--catalog").arg(&catalog);
        cmd.arg("--env-file").arg(dir.path().join("served.env"));
        cmd.arg("--db").arg(dir.path().join("served.db"));
    });
    let model_status = || match ureq::get(&format!("{}/api/claims/model", server.base)).call() {
        Ok(answer) => answer.status(),
        Err(ureq::Error::Status(status, _)) => status,
        Err(e) => panic!("{e}"),
    };
    let until = |status: u16| {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while model_status() != status {
            assert!(
                std::time::Instant::now() < deadline,
                "the model is not {status}"
            );
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
    };
    assert_eq!(model_status(), 200);
    let renamed = shipped.replace(
        "text = \"Self-serve checkout\"",
        "text = \"Self-serve checkout renamed\"",
    );
    std::fs::write(&catalog, renamed).unwrap();
    until(404);
    let answer: Value = ureq::post(&format!("{}/api/claims/check", server.base))
        .send_json(serde_json::json!({ "text": COPY }))
        .unwrap()
        .into_json()
        .unwrap();
    assert_eq!(answer["model"], false, "{answer}");
    std::fs::write(&catalog, &shipped).unwrap();
    until(200);
}

#[test]
fn serve_refuses_a_file_that_is_not_a_model_before_making_a_store() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("served.env"), "UNRELATED_NAME=1\n").unwrap();
    std::fs::write(dir.path().join("model.json"), "{\"format\": 1}").unwrap();
    let out = common::vendor_readiness()
        .arg("serve")
        .args(["--addr", "127.0.0.1:0"])
        .args(Board::inputs(dir.path()))
        .args(["--claims-model", "model.json"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("model.json: not a model written by `claims train`"),
        "{err}"
    );
    assert!(!dir.path().join("served.db").exists(), "no store was made");
}

/// Found by attack: a reload that renamed a claim left the model speaking for the old name, and
/// copy that made the claim was called safe. A catalog the model does not serve is refused on
/// reload, as at start-up; a catalog it serves is put in force.
#[test]
fn a_reload_to_a_catalog_the_model_does_not_serve_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let catalog = dir.path().join("catalog.toml");
    let shipped = std::fs::read_to_string(repo_path("catalog/vendor-catalog.toml")).unwrap();
    std::fs::write(&catalog, &shipped).unwrap();
    std::fs::write(dir.path().join("served.env"), "UNRELATED_NAME=1\n").unwrap();
    let log = dir.path().join("server.log");
    let server = common::ServerProcess::start(|cmd| {
        cmd.arg("--catalog").arg(&catalog);
        cmd.arg("--env-file").arg(dir.path().join("served.env"));
        cmd.arg("--db").arg(dir.path().join("served.db"));
        cmd.arg("--claims-model")
            .arg(repo_path("catalog/claims-model.json"));
        cmd.stderr(std::fs::File::create(&log).unwrap());
    });
    let claims = || -> Vec<String> {
        let rules: Value = ureq::get(&format!("{}/api/claims/rules", server.base))
            .call()
            .unwrap()
            .into_json()
            .unwrap();
        let rules = rules["rules"].as_array().unwrap().iter();
        rules
            .map(|r| r["claim"].as_str().unwrap().to_owned())
            .collect()
    };
    let renamed = shipped.replace(
        "text = \"Self-serve checkout\"",
        "text = \"Self-serve checkout renamed\"",
    );
    std::fs::write(&catalog, renamed).unwrap();
    std::thread::sleep(std::time::Duration::from_secs(3));
    assert!(
        claims().contains(&"Self-serve checkout".to_owned()),
        "the last good catalog stays"
    );
    let served = shipped.replace(
        "name = \"Core runtime and trust infrastructure\"",
        "name = \"Core runtime, renamed\"",
    );
    std::fs::write(&catalog, served).unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let board: Value = ureq::get(&format!("{}/api/vendor-readiness", server.base))
            .call()
            .unwrap()
            .into_json()
            .unwrap();
        if board.to_string().contains("Core runtime, renamed") {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "a catalog the model serves is put in force"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    // A reload to a catalog other than the one the model was trained for says so, as start-up
    // does (found by attack: two claims' names swapped, every name still there, passed in
    // silence while the model's lines spoke for the other claim).
    let said = std::fs::read_to_string(&log).unwrap();
    assert!(said.contains("trained for another catalog"), "{said}");
}
