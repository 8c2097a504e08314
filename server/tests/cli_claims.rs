//! `vendor-readiness claims check` on files, folders and globs in every format, and
//! `claims vale-style`: real files, the real binary, the shipped catalog with nothing proven.

mod common;
use assert_cmd::Command;
use common::repo_path;
use serde_json::Value;
use std::path::Path;

struct Copy {
    dir: tempfile::TempDir,
}

const MARKDOWN: &str = "# Pricing\n\nTalk to sales.\n\n- Pay online with your card\n- SSO works out of the box\n\n```\nbuy now (code is not copy)\n```\n";
const HTML: &str = "<html><head><style>.buy-now{}</style></head><body>\n<p>Our team <b>onboards</b> you.</p>\n<p>Employee records sync with <em>Workday</em> every night.</p></body></html>\n";
const CLEAN: &str = "We invoice annually; our team sets up SSO with you.\n";

impl Copy {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("site/deep")).unwrap();
        std::fs::write(dir.path().join("site/pricing.md"), MARKDOWN).unwrap();
        std::fs::write(dir.path().join("site/deep/hr.html"), HTML).unwrap();
        std::fs::write(dir.path().join("site/clean.txt"), CLEAN).unwrap();
        std::fs::write(dir.path().join("site/notes.rs"), "// buy now\n").unwrap();
        std::fs::write(dir.path().join("empty.env"), "").unwrap();
        Copy { dir }
    }

    fn path(&self, name: &str) -> String {
        self.dir.path().join(name).display().to_string()
    }

    fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = Command::cargo_bin("vendor-readiness").unwrap();
        cmd.current_dir(self.dir.path())
            .args(args)
            .arg("--catalog")
            .arg(repo_path("catalog/vendor-catalog.toml"))
            .arg("--env-file")
            .arg(self.dir.path().join("empty.env"))
            .arg("--db")
            .arg(self.dir.path().join("proofs.db"))
            .env_remove("VENDOR_READINESS_ENV_FILE");
        cmd
    }

    fn run(&self, args: &[&str]) -> (i32, String, String) {
        let out = self.cmd(args).output().unwrap();
        let code = out.status.code().unwrap_or(-1);
        (
            code,
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    }
}

#[test]
fn a_folder_is_linted_like_a_compiler_would_with_lines_in_the_original_files() {
    let copy = Copy::new();
    let (code, out, err) = copy.run(&["claims", "check", "site"]);
    assert_eq!(code, 1, "{out}{err}");
    let lines: Vec<&str> = out.lines().collect();
    // Markdown: the list items are two sentences; the fenced code is not copy.
    assert!(lines.iter().any(|l| l.starts_with("site/pricing.md:5:3: error: \u{201c}Pay online\u{201d} claims \u{201c}Self-serve checkout\u{201d}")), "{out}");
    assert!(lines.iter().any(|l| l.starts_with("site/pricing.md:6:3: error: \u{201c}SSO works out of the box\u{201d} claims \u{201c}Hands-off SSO/SCIM\u{201d}")), "{out}");
    assert!(
        !out.contains("pricing.md:9"),
        "code blocks are not checked: {out}"
    );
    // HTML: tags are not words, columns count in the original line.
    assert!(lines.iter().any(|l| l.starts_with("site/deep/hr.html:3:35: error: \u{201c}Workday every night\u{201d} claims \u{201c}Automatic HRIS sync\u{201d}")), "{out}");
    assert!(!out.contains("buy-now"), "a <style> is not copy: {out}");
    assert!(
        !out.contains("notes.rs"),
        "only the default globs are read: {out}"
    );
    assert!(!out.contains("clean.txt"), "{out}");
    assert!(out.contains("Managed private beta: not safe"), "{out}");
    assert!(
        out.contains("Broad enterprise expansion: not safe"),
        "{out}"
    );
    assert!(
        out.contains("instead: \u{201c}"),
        "the catalog's wording is suggested: {out}"
    );
}

#[test]
fn clean_copy_exits_0_and_a_negated_claim_is_a_warning() {
    let copy = Copy::new();
    let (code, out, _) = copy.run(&["claims", "check", "site/clean.txt"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.lines().all(|l| l.ends_with(": safe")), "{out}");
    let mut cmd = copy.cmd(&["claims", "check", "-"]);
    let out = cmd
        .write_stdin("We do not offer self-serve checkout.")
        .output()
        .unwrap();
    let shown = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{shown}");
    assert!(
        shown.contains("-:1:17: warning:") && shown.contains("It seems negated"),
        "{shown}"
    );
}

#[test]
fn json_lists_violations_per_file_and_a_verdict_per_motion() {
    let copy = Copy::new();
    let (code, out, _) = copy.run(&[
        "claims",
        "check",
        "--format",
        "json",
        "--motion",
        "invoice-led-paid-beta",
        "site",
    ]);
    assert_eq!(code, 1);
    let report: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["safe"], false);
    let verdicts = report["verdicts"].as_array().unwrap();
    assert_eq!(verdicts.len(), 1, "only the motion asked for");
    assert_eq!(verdicts[0]["motion"], "invoice-led-paid-beta");
    let files: Vec<&str> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        files,
        ["site/clean.txt", "site/deep/hr.html", "site/pricing.md"]
    );
    let pricing = &report["files"][2]["violations"];
    let claims: Vec<&str> = pricing
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["claim"].as_str().unwrap())
        .collect();
    assert_eq!(
        claims,
        [
            "Public checkout",
            "Enterprise identity automation without fixture proof"
        ]
    );
    assert_eq!(pricing[0]["line"], 5);
    assert_eq!(
        pricing[0]["motions"],
        serde_json::json!(["invoice-led-paid-beta"])
    );
    assert!(
        report["files"][1]["violations"]
            .as_array()
            .unwrap()
            .is_empty(),
        "no HRIS claim for this motion"
    );
}

#[test]
fn sarif_is_valid_sarif_2_1_0_with_rules_and_regions() {
    let copy = Copy::new();
    let (code, out, _) = copy.run(&["claims", "check", "--format", "sarif", "site"]);
    assert_eq!(code, 1);
    let written: Value = serde_json::from_str(&out).unwrap();
    // serde-sarif's types are generated from the OASIS SARIF 2.1.0 schema: the document must
    // parse into them, and nothing may be lost on the way back (no misnamed property).
    let parsed: serde_sarif::sarif::Sarif = serde_json::from_value(written.clone()).unwrap();
    assert_eq!(serde_json::to_value(&parsed).unwrap(), written);
    let run = &written["runs"][0];
    assert_eq!(written["version"], "2.1.0");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    for result in run["results"].as_array().unwrap() {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        let region = &result["locations"][0]["physicalLocation"]["region"];
        assert!(region["startLine"].as_u64().unwrap() >= 1);
    }
    let hr = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "automatic-hris-sync")
        .unwrap();
    assert_eq!(
        hr["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "site/deep/hr.html"
    );
    assert_eq!(
        hr["locations"][0]["physicalLocation"]["region"]["startColumn"],
        35
    );
}

#[test]
fn github_annotations_escape_what_the_workflow_syntax_reserves() {
    let copy = Copy::new();
    std::fs::write(copy.dir.path().join("a, b: c.md"), "Buy now.\n").unwrap();
    let (code, out, _) = copy.run(&[
        "claims",
        "check",
        "--format",
        "github",
        "--motion",
        "self-serve-paid-launch",
        "a, b: c.md",
    ]);
    assert_eq!(code, 1);
    assert!(out.starts_with("::error file=a%2C b%3A c.md,line=1,col=1,endLine=1,endColumn=8,title=Disallowed claim%3A Buy-now checkout::\u{201c}Buy now\u{201d} claims"), "{out}");
}

#[test]
fn globs_and_bad_input() {
    let copy = Copy::new();
    let (code, out, _) = copy.run(&["claims", "check", "site/**/*.html"]);
    assert_eq!(code, 1);
    assert!(
        out.contains("site/deep/hr.html:3") && !out.contains("pricing.md"),
        "{out}"
    );
    let (code, out, _) = copy.run(&["claims", "check", "--glob", "*.rs", "site"]);
    assert_eq!(code, 1, "--glob chooses the files in folders");
    assert!(out.contains("site/notes.rs:1:4"), "{out}");
    for (args, says) in [
        (
            vec![
                "claims",
                "check",
                "--motion",
                "self-serve-paid-lanch",
                "site",
            ],
            "did you mean \"self-serve-paid-launch\"",
        ),
        (
            vec!["claims", "check", "nowhere.md"],
            "nowhere.md: no such file or folder",
        ),
        (vec!["claims", "check", "site/**/*.pdf"], "no file matches"),
        (
            vec!["claims", "check", "--glob", "[", "site"],
            "--glob \"[\"",
        ),
        (
            vec!["claims", "check", "--format", "xml", "site"],
            "invalid value 'xml'",
        ),
    ] {
        let (code, _, err) = copy.run(&args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: {err}");
    }
    std::fs::write(copy.dir.path().join("latin1.txt"), b"caf\xe9 buy now").unwrap();
    let (code, _, err) = copy.run(&["claims", "check", "latin1.txt"]);
    assert_eq!((code, err.contains("not UTF-8")), (2, true), "{err}");
}

#[test]
fn vale_style_holds_a_rule_per_claim_whose_patterns_match_the_copy() {
    let copy = Copy::new();
    let out_dir = copy.path("styles");
    let (code, out, err) = copy.run(&["claims", "vale-style", "--out", &out_dir]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("BasedOnStyles = VendorReadiness"), "{out}");
    let style = Path::new(&out_dir).join("VendorReadiness");
    let hris = std::fs::read_to_string(style.join("automatic-hris-sync.yml")).unwrap();
    assert!(hris.contains("extends: substitution"), "{hris}");
    let cancellations = std::fs::read_to_string(
        style.join("automated-cancellations-until-stripe-proof-passes.yml"),
    )
    .unwrap();
    assert!(cancellations.contains("message: '"), "{cancellations}");
    assert_eq!(
        std::fs::read_dir(&style).unwrap().count(),
        12,
        "one file per claim"
    );
    // Vale uses Go's RE2 syntax, which these expressions keep to: the regex crate accepts the
    // same. Each rule's tokens must find the claim in copy that makes it.
    let tokens = |yaml: &str| -> Vec<String> {
        yaml.lines()
            .filter_map(|l| {
                l.trim()
                    .strip_prefix('\'')
                    .and_then(|l| l.split_once("': ").map(|(k, _)| k.replace("''", "'")))
            })
            .collect()
    };
    let matches = |yaml: &str, copy: &str| {
        tokens(yaml).iter().any(|t| {
            // Go's \w and \W are ASCII: so are the regex crate's without Unicode (`-u`).
            let re = regex::bytes::RegexBuilder::new(&format!("(?i-u){t}"))
                .size_limit(1 << 28)
                .build();
            re.unwrap().is_match(copy.as_bytes())
        })
    };
    assert!(matches(
        &hris,
        "Employee records synced with Workday every night"
    ));
    assert!(!matches(&hris, "Upload a CSV export from your HR system"));
}

/// Lines and columns were counted from the start of the file for each violation: 16 MiB of
/// dense claims ran for minutes (found by attack). One walk now: this file holds 131,073.
#[test]
fn many_violations_in_a_long_line_are_located_in_one_walk() {
    let copy = Copy::new();
    let text = format!("{}\nBuy now", "buy now ".repeat(1024 * 1024 / 8));
    std::fs::write(copy.dir.path().join("dense.txt"), text).unwrap();
    let (code, out, _) = copy.run(&[
        "claims",
        "check",
        "--format",
        "json",
        "--motion",
        "self-serve-paid-launch",
        "dense.txt",
    ]);
    assert_eq!(code, 1);
    let report: Value = serde_json::from_str(&out).unwrap();
    let found = report["files"][0]["violations"].as_array().unwrap();
    assert_eq!(found.len(), 131_073);
    let last = found.last().unwrap();
    assert_eq!(
        (last["line"].as_u64(), last["column"].as_u64()),
        (Some(2), Some(1))
    );
    let before = &found[found.len() - 2];
    assert_eq!(
        (before["line"].as_u64(), before["column"].as_u64()),
        (Some(1), Some(1024 * 1024 - 7))
    );
}
