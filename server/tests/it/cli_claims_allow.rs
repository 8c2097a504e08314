//! Issue 23: wording a team accepted, written in the copy itself (`<!-- claims: allow "…" -->`
//! in Markdown and HTML, `# claims: allow "…"` in text), is reported as suppressed in every
//! format, never silently; it counts against no motion; a stale allowance is reported; a
//! comment that does not read so is refused with where it stands.

use crate::cli_claims::Copy;
use serde_json::Value;

const ALLOWED: &str =
    "# Pricing\n\nBuy now with your card.\n\n<!-- claims: allow \"Buy now\", \"Live SSO\" -->\n";

fn copy_with(files: &[(&str, &str)]) -> Copy {
    let copy = Copy::new();
    for (name, text) in files {
        std::fs::write(copy.path(name), text).unwrap();
    }
    copy
}

#[test]
fn an_allowed_phrase_is_a_note_a_stale_allowance_a_warning_and_the_copy_is_safe() {
    let copy = copy_with(&[("allowed.md", ALLOWED)]);
    let (code, out, _) = copy.run(&["claims", "check", "allowed.md"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("allowed.md:3:1: note: suppressed: \"Buy now\" (Self-serve checkout) is allowed by the comment at line 5"), "{out}");
    assert!(
        out.contains(
            "allowed.md:5:1: warning: the allowance \"Live SSO\" allows no phrase in this file"
        ),
        "{out}"
    );
    assert!(!out.contains("error:"), "{out}");
    assert!(out.contains("Self-serve paid launch: safe"), "{out}");
    // Without the comment the same copy fails.
    let copy = copy_with(&[("plain.md", "Buy now with your card.\n")]);
    assert_eq!(copy.run(&["claims", "check", "plain.md"]).0, 1);
}

#[test]
fn it_allows_only_its_own_words_in_its_own_file() {
    let other = "Buy now. Pay online today.\n<!-- claims: allow \"buy now\" -->\n";
    let copy = copy_with(&[("a.md", other), ("b.md", "Buy now.\n")]);
    let (code, out, _) = copy.run(&["claims", "check", "--json", "a.md", "b.md"]);
    assert_eq!(code, 1);
    let report: Value = serde_json::from_str(&out).unwrap();
    let a = &report["files"][0];
    let left: Vec<&str> = (a["violations"].as_array().unwrap().iter())
        .map(|v| v["text"].as_str().unwrap())
        .collect();
    assert!(left.iter().all(|t| *t == "Pay online"), "{a}");
    assert!(!left.is_empty(), "{a}");
    let suppressed = a["suppressed"].as_array().unwrap();
    assert!(
        suppressed
            .iter()
            .all(|s| s["text"] == "Buy now" && s["allowed_by"]["line"] == 2),
        "{a}"
    );
    assert_eq!(
        report["files"][1]["suppressed"],
        serde_json::json!([]),
        "another file is not allowed"
    );
    assert_eq!(report["files"][1]["total"], 3, "{report}");
}

#[test]
fn plain_text_takes_a_hash_comment_that_is_not_read_as_copy() {
    let copy = copy_with(&[("copy.txt", "Buy now!\n# claims: allow \"Buy now\"\n")]);
    let (code, out, _) = copy.run(&["claims", "check", "--json", "copy.txt"]);
    assert_eq!(code, 0, "{out}");
    let report: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["files"][0]["total"], 0, "{report}");
    let suppressed = report["files"][0]["suppressed"].as_array().unwrap();
    assert!(
        suppressed.iter().all(|s| s["line"] == 1),
        "the comment's own words are not copy: {report}"
    );
}

#[test]
fn sarif_marks_it_suppressed_in_source_and_github_as_a_notice() {
    let copy = copy_with(&[("allowed.md", ALLOWED)]);
    let (code, out, _) = copy.run(&["claims", "check", "--format", "sarif", "allowed.md"]);
    assert_eq!(code, 0);
    let written: Value = serde_json::from_str(&out).unwrap();
    let parsed: serde_sarif::sarif::Sarif = serde_json::from_value(written.clone()).unwrap();
    assert_eq!(serde_json::to_value(&parsed).unwrap(), written);
    let results = written["runs"][0]["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for result in results {
        assert_eq!(result["suppressions"][0]["kind"], "inSource", "{result}");
        let why = result["suppressions"][0]["justification"].as_str().unwrap();
        assert_eq!(why, "claims: allow \"Buy now\" (line 5)");
    }
    let (_, out, _) = copy.run(&["claims", "check", "--format", "github", "allowed.md"]);
    assert!(
        out.contains(
            "::notice file=allowed.md,line=3,col=1,title=Allowed claim::suppressed: \"Buy now\""
        ),
        "{out}"
    );
    assert!(
        out.contains("::warning file=allowed.md,line=5,col=1,title=Stale allowance::"),
        "{out}"
    );
    assert!(!out.contains("::error"), "{out}");
}

#[test]
fn a_claims_comment_that_does_not_read_so_is_refused_with_where() {
    let copy = copy_with(&[(
        "bad.html",
        "<p>Copy</p>\n  <!-- claims: allow Buy now -->\n",
    )]);
    let (code, out, err) = copy.run(&["claims", "check", "bad.html"]);
    assert_eq!(code, 2, "{out}");
    assert!(
        err.contains("bad.html:2:3: a claims comment reads claims: allow \"a wording\""),
        "{err}"
    );
    assert!(
        out.is_empty(),
        "nothing is reported from a run refused: {out}"
    );
}
