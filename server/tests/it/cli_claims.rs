//! `vendor-readiness claims check` on files, folders and globs in every format, and
//! `claims vale-style`: real files, the real binary, the shipped catalog with nothing proven.

use crate::common;
use assert_cmd::Command;
use common::repo_path;
use serde_json::Value;
use std::path::Path;

pub(crate) struct Copy {
    dir: tempfile::TempDir,
}

const MARKDOWN: &str = "# Pricing\n\nTalk to sales.\n\n- Pay online with your card\n- SSO works out of the box\n\n```\nbuy now (code is not copy)\n```\n";
const HTML: &str = "<html><head><style>.buy-now{}</style></head><body>\n<p>Our team <b>onboards</b> you.</p>\n<p>Employee records sync with <em>Workday</em> every night.</p></body></html>\n";
const CLEAN: &str = "We invoice annually; our team sets up SSO with you.\n";

impl Copy {
    pub(crate) fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("site/deep")).unwrap();
        std::fs::write(dir.path().join("site/pricing.md"), MARKDOWN).unwrap();
        std::fs::write(dir.path().join("site/deep/hr.html"), HTML).unwrap();
        std::fs::write(dir.path().join("site/clean.txt"), CLEAN).unwrap();
        std::fs::write(dir.path().join("site/notes.rs"), "// buy now\n").unwrap();
        std::fs::write(dir.path().join("empty.env"), "").unwrap();
        Copy { dir }
    }

    pub(crate) fn path(&self, name: &str) -> String {
        self.dir.path().join(name).display().to_string()
    }

    pub(crate) fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = common::vendor_readiness();
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

    pub(crate) fn run(&self, args: &[&str]) -> (i32, String, String) {
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
    assert!(lines.iter().any(|l| l.starts_with("site/deep/hr.html:3:35: error: \u{201c}Workday</em> every night\u{201d} claims \u{201c}Automatic HRIS sync\u{201d}")), "{out}");
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

/// Found by an operator (issue 23): the shipped catalog states the checkout rule under one
/// name per motion, and a phrase was listed once per motion. One finding per phrase names
/// every claim it makes and the motions that may not make each.
#[test]
fn a_phrase_is_one_finding_naming_every_motion_it_is_not_allowed_for() {
    let copy = Copy::new();
    let out = copy
        .cmd(&["claims", "check", "-"])
        .write_stdin("Buy now and start today.")
        .output()
        .unwrap();
    let shown = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1), "{shown}");
    let findings: Vec<&str> = shown.lines().filter(|l| l.starts_with("-:")).collect();
    assert_eq!(findings.len(), 1, "{shown}");
    assert_eq!(
        findings[0],
        "-:1:1: error: \u{201c}Buy now\u{201d} claims \u{201c}Self-serve checkout\u{201d} (Managed private beta), \
         \u{201c}Public checkout\u{201d} (Invoice-led paid beta) and \u{201c}Buy-now checkout\u{201d} (Self-serve paid launch), \
         which they may not make (lifted when this is ready: Stripe self-serve billing; instead: \
         \u{201c}Buy on an order form or invoice; our team sets up your account.\u{201d})."
    );
    for motion in [
        "Managed private beta",
        "Invoice-led paid beta",
        "Self-serve paid launch",
    ] {
        let line = format!("{motion}: not safe: 1 phrase makes a claim it may not make");
        assert!(shown.contains(&line), "{shown}");
    }
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
    // The built-in {nobody_needed} is a rule in the checker and an expression here.
    assert!(matches(
        &hris,
        "HiBob changes reach Thesmios with no human in the loop"
    ));
    assert!(!matches(&hris, "HiBob changes reach Thesmios overnight"));
}

/// Lines and columns were counted from the start of the file for each violation, and every
/// violation was listed: 16 MiB of dense claims ran for minutes and SARIF for 256 KiB took
/// 470 MB (found by attack). One walk now, and at most 1,000 listed per file, like the API.
#[test]
fn many_violations_are_counted_and_the_first_thousand_located() {
    let copy = Copy::new();
    let text = format!("{}\nBuy now", "buy now ".repeat(1024 * 1024 / 8));
    std::fs::write(copy.dir.path().join("dense.txt"), text).unwrap();
    let args = [
        "claims",
        "check",
        "--motion",
        "self-serve-paid-launch",
        "dense.txt",
    ];
    let (code, out, _) = copy.run(&[&args[..2], &["--format", "json"], &args[2..]].concat());
    assert_eq!(code, 1);
    let report: Value = serde_json::from_str(&out).unwrap();
    let file = &report["files"][0];
    assert_eq!(
        (file["total"].as_u64(), file["truncated"].as_bool()),
        (Some(131_073), Some(true))
    );
    let found = file["violations"].as_array().unwrap();
    assert_eq!(found.len(), 1000);
    let last = found.last().unwrap();
    assert_eq!(
        (last["line"].as_u64(), last["column"].as_u64()),
        (Some(1), Some(999 * 8 + 1))
    );
    assert_eq!(report["verdicts"][0]["violations"], 131_073);
    let (_, text, _) = copy.run(&args);
    assert!(
        text.contains("dense.txt: and 130073 more (the first 1000 are listed)"),
        "{}",
        &text[text.len() - 300..]
    );
}

/// Found by attack: markup that hid a claim, or made one up.
#[test]
fn markup_reads_as_a_reader_sees_it() {
    let copy = Copy::new();
    let html = "<p>Ch&#101;ckout</p><p>buy <span>on</span>line</p><p>check&shy;out</p>\n<img alt=\"Pay online with Visa\" src=x>\n<p>Buy<!-- x -->online later</p><pre>buy now</pre>\n";
    std::fs::write(copy.dir.path().join("m.html"), html).unwrap();
    let md = "\u{feff}Buy now\n\n*check*out\n\n| buy | online |\n";
    std::fs::write(copy.dir.path().join("m.md"), md).unwrap();
    let (_, out, _) = copy.run(&[
        "claims",
        "check",
        "--format",
        "json",
        "--motion",
        "self-serve-paid-launch",
        "m.html",
        "m.md",
    ]);
    let report: Value = serde_json::from_str(&out).unwrap();
    let found = |file: usize| -> Vec<(u64, u64, String)> {
        report["files"][file]["violations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| {
                (
                    v["line"].as_u64().unwrap(),
                    v["column"].as_u64().unwrap(),
                    v["text"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    assert_eq!(
        found(0),
        [
            (1, 4, "Ch&#101;ckout".to_owned()),
            (1, 24, "buy <span>on</span>line".to_owned()),
            (1, 54, "check&shy;out".to_owned()),
            (2, 11, "Pay online".to_owned()),
        ],
        "entities and inline tags join words, alt text is copy, a comment and <pre> are not"
    );
    assert_eq!(
        found(1),
        [(1, 1, "Buy now".to_owned()), (3, 2, "check*out".to_owned())],
        "a byte-order mark is no column, emphasis joins, table cells are apart"
    );
}

/// Found by attack: folders that read nothing passed, linked files were skipped, the same file
/// counted thrice, and a file name could print its own lines.
#[test]
fn folders_links_names_and_duplicates() {
    let copy = Copy::new();
    let dir = copy.dir.path();
    std::fs::create_dir_all(dir.join("empty")).unwrap();
    let (code, _, err) = copy.run(&["claims", "check", "empty"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("empty: no file to check in this folder"),
        "{err}"
    );
    std::fs::create_dir_all(dir.join("linked")).unwrap();
    std::os::unix::fs::symlink(dir.join("site/pricing.md"), dir.join("linked/p.md")).unwrap();
    std::fs::write(dir.join("linked/README.MD"), "Buy now.\n").unwrap();
    let (code, out, _) = copy.run(&[
        "claims",
        "check",
        "--format",
        "json",
        "linked",
        "./linked/p.md",
        "linked/../linked/p.md",
    ]);
    assert_eq!(code, 1);
    let report: Value = serde_json::from_str(&out).unwrap();
    let paths: Vec<&str> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    // The link in linked/ leads out of it (to site/): the folder walk skips it, and the file
    // named on the command line is read, once.
    assert_eq!(
        paths,
        ["linked/README.MD", "./linked/p.md"],
        "upper-case files are read, a file named twice once"
    );
    let (code, _, err) = copy.run(&["claims", "check", "--glob", "", "site"]);
    assert_eq!(code, 2, "{err}");
    let name = "a\n::error::x\u{1b}[31m #?.md";
    std::fs::write(dir.join(name), "Buy now.\n").unwrap();
    let (_, text, _) = copy.run(&[
        "claims",
        "check",
        "--motion",
        "self-serve-paid-launch",
        name,
    ]);
    assert!(
        text.lines().all(|l| !l.starts_with("::")) && !text.contains('\u{1b}'),
        "{text}"
    );
    let (_, github, _) = copy.run(&[
        "claims",
        "check",
        "--format",
        "github",
        "--motion",
        "self-serve-paid-launch",
        name,
    ]);
    assert_eq!(github.lines().count(), 1, "{github}");
    assert!(!github.contains('\u{1b}'), "{github}");
    let (_, sarif, _) = copy.run(&[
        "claims",
        "check",
        "--format",
        "sarif",
        "--motion",
        "self-serve-paid-launch",
        name,
    ]);
    let sarif: Value = serde_json::from_str(&sarif).unwrap();
    let uri = &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
        ["artifactLocation"]["uri"];
    assert_eq!(uri, "a%0A%3A%3Aerror%3A%3Ax%1B%5B31m%20%23%3F.md");
}

/// Issue 26, point 4: a link in a checked folder that leads outside it is skipped (its lines
/// would be printed into a CI log) unless --follow-outside; a FIFO named on the command line is
/// refused at once instead of blocking forever.
#[test]
fn links_out_of_the_folder_and_pipes_are_not_read() {
    let copy = Copy::new();
    let dir = copy.dir.path();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("secret.md"),
        "Buy now. PRIVATE-LINE-42\n",
    )
    .unwrap();
    std::fs::create_dir_all(dir.join("docs")).unwrap();
    std::fs::write(dir.join("docs/own.md"), "Buy now.\n").unwrap();
    std::os::unix::fs::symlink(outside.path().join("secret.md"), dir.join("docs/leak.md")).unwrap();
    std::os::unix::fs::symlink(outside.path(), dir.join("docs/elsewhere")).unwrap();
    let (code, out, err) = copy.run(&["claims", "check", "docs"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        !out.contains("PRIVATE-LINE-42") && !err.contains("PRIVATE-LINE-42"),
        "{out}"
    );
    assert!(err.contains("leads outside docs"), "{err}");
    // It reads no store (there is none here) and creates none: it says so.
    assert!(err.contains("no store at"), "{err}");
    assert!(!dir.join("proofs.db").exists());
    let (_, out, _) = copy.run(&["claims", "check", "--follow-outside", "docs"]);
    assert!(out.contains("secret.md"), "{out}");

    let fifo = dir.join("pipe.md");
    nix::unistd::mkfifo(&fifo, nix::sys::stat::Mode::S_IRWXU).unwrap();
    let started = std::time::Instant::now();
    let out = copy
        .cmd(&["claims", "check", "pipe.md"])
        .timeout(std::time::Duration::from_secs(10))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a regular file"));
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
}

/// Issue 23: a CI job checks copy against the deployed board's rules (its JSON), with neither
/// the env file nor the store; the findings are those of a check made with the board's own
/// inputs, and the check says which rules it used.
#[test]
fn copy_is_checked_against_a_deployed_board_without_env_file_or_store() {
    let copy = Copy::new();
    let db = copy.dir.path().join("served.db");
    // Nothing configured, nothing proven: the claims stay disallowed.
    let env = copy.dir.path().join("served.env");
    std::fs::write(&env, "UNRELATED_NAME=1\n").unwrap();
    let server = common::ServerProcess::start(|cmd| {
        cmd.arg("--catalog")
            .arg(repo_path("catalog/vendor-catalog.toml"))
            .arg("--env-file")
            .arg(&env)
            .arg("--db")
            .arg(&db);
    });
    let site = copy.path("site");
    let remote = common::vendor_readiness()
        .current_dir(copy.dir.path())
        .args([
            "claims",
            "check",
            "--json",
            "--board-url",
            &server.base,
            &site,
        ])
        .env_remove("VENDOR_READINESS_ENV_FILE")
        .env_remove("VENDOR_READINESS_CATALOG")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&remote.stderr);
    assert!(
        stderr.contains(&format!(
            "the rules of the board deployed at {}",
            server.base
        )),
        "{stderr}"
    );
    assert!(
        !copy.dir.path().join("vendor-readiness.db").exists(),
        "no store made or read"
    );
    let remote: Value = serde_json::from_slice(&remote.stdout).unwrap();
    assert!(remote["total"].as_u64() > Some(0), "{remote}");
    drop(server);
    let local = common::vendor_readiness()
        .args(["claims", "check", "--json", &site, "--catalog"])
        .arg(repo_path("catalog/vendor-catalog.toml"))
        .arg("--env-file")
        .arg(&env)
        .arg("--db")
        .arg(&db)
        .output()
        .unwrap();
    let local: Value = serde_json::from_slice(&local.stdout).unwrap();
    assert_eq!(remote, local);
    // A board that does not answer is an error that names it, credentials masked.
    let (code, _, err) = copy.run(&[
        "claims",
        "check",
        "--board-url",
        "http://u:pw@127.0.0.1:9",
        &site,
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("cannot read the board's rules at http://***@127.0.0.1:9"),
        "{err}"
    );
}

/// Issue 23: `claims test` scores the checker on labelled copy, so a compliance team can
/// measure its own rules: every miss and false alarm, recall and precision, and exit 1 under a
/// minimum asked for.
#[test]
fn labelled_copy_is_scored_with_each_miss_and_false_alarm() {
    let labelled = r#"
[families]
checkout = ["Self-serve checkout", "Public checkout", "Buy-now checkout"]

[[sentence]]
text = "Buy now with your card on our website."
claims = ["checkout"]

[[sentence]]
text = "Our team sends an order form."
claims = ["Card-backed activation"]

[[sentence]]
text = "Pay online by card and start today."
claims = []
"#;
    let copy = Copy::new();
    std::fs::write(copy.dir.path().join("set.toml"), labelled).unwrap();
    // The rules alone, as a compliance team measures its own rules.
    let (code, out, err) = copy.run(&["claims", "test", "set.toml", "--no-claims-model"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        err.contains("note: the rules alone (--no-claims-model)"),
        "{err}"
    );
    assert!(
        out.contains(
            "set.toml: \"Our team sends an order form.\"\n  missed: Card-backed activation\n"
        ),
        "{out}"
    );
    assert!(
        out.contains("set.toml: \"Pay online by card and start today.\"\n  false alarm: "),
        "{out}"
    );
    let json: Value = serde_json::from_str(
        &copy
            .run(&["claims", "test", "set.toml", "--json", "--no-claims-model"])
            .1,
    )
    .unwrap();
    let total = &json["total"];
    assert_eq!(
        (total["found"].as_u64(), total["missed"].as_u64()),
        (Some(3), Some(1)),
        "{json}"
    );
    assert_eq!(total["recall"], 0.75, "{json}");
    assert!(total["false_alarms"].as_u64().unwrap() >= 1, "{json}");
    // Each claim's own counts: the activation missed, each checkout claim found once.
    let by_claim = &total["by_claim"];
    assert_eq!(by_claim["Card-backed activation"]["missed"], 1, "{json}");
    assert_eq!(by_claim["Card-backed activation"]["found"], 0, "{json}");
    assert_eq!(by_claim["Public checkout"]["found"], 1, "{json}");
    assert!(
        out_by_claim(&copy)
            .contains("  Card-backed activation: recall 0.00 (0 of 1), precision – (none found)\n"),
        "{}",
        out_by_claim(&copy)
    );
    let (code, out, _) = copy.run(&[
        "claims",
        "test",
        "set.toml",
        "--min-recall",
        "0.9",
        "--no-claims-model",
    ]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("recall 0.75 is under the minimum 0.90"),
        "{out}"
    );
    // A file of no sentences is said to be so, not left blank.
    std::fs::write(copy.dir.path().join("empty.toml"), "").unwrap();
    let (code, out, _) = copy.run(&["claims", "test", "empty.toml"]);
    assert_eq!(
        (code, out.as_str()),
        (0, "no labelled sentences in the files given\n")
    );
}

/// `claims test`'s text for the set: the per-claim lines come before the totals, weakest first.
fn out_by_claim(copy: &Copy) -> String {
    let out = copy
        .run(&["claims", "test", "set.toml", "--no-claims-model"])
        .1;
    let claims = out
        .find("by claim, over all files:\n")
        .expect("a by-claim block");
    let total = out.find("set.toml: 3 sentences").expect("the totals");
    assert!(claims < total, "{out}");
    out[claims..total].to_owned()
}

/// A label naming no claim of the catalog, and a file that is not labelled copy, are bad input
/// (exit 2) naming the file, with the closest claim when it is a typo.
#[test]
fn a_label_naming_no_claim_and_a_file_that_is_not_labelled_copy_are_refused() {
    let copy = Copy::new();
    let typo = "[[sentence]]\ntext = \"Pay online.\"\nclaims = [\"Public chekout\"]\n";
    std::fs::write(copy.dir.path().join("typo.toml"), typo).unwrap();
    let (code, _, err) = copy.run(&["claims", "test", "typo.toml"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("typo.toml: sentence 1: \"Public chekout\" is neither a claim of the catalog nor a family (did you mean `Public checkout`?)"), "{err}");
    std::fs::write(
        copy.dir.path().join("other.toml"),
        "[[sentence]]\ntext = \"x\"\nfamilies = []\n",
    )
    .unwrap();
    let (code, _, err) = copy.run(&["claims", "test", "other.toml"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("other.toml: ") && err.contains("unknown field `families`"),
        "{err}"
    );
    let (code, _, err) = copy.run(&["claims", "test", "typo.toml", "--min-precision", "1.5"]);
    assert_eq!(code, 2, "{err}");
}
