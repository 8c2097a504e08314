//! SARIF 2.1.0 for code-scanning UIs: one rule per disallowed claim, one result per phrase,
//! regions in Unicode code points (the run says so), `error` or, for a phrase that seems
//! negated, `warning`.

use super::format::{message, Report};
use readiness::ClaimRules;
use serde_json::{json, Value};

pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// A rule id from a claim: lower-case words joined by `-` ("Self-serve SAML/OIDC" →
/// "self-serve-saml-oidc").
pub fn rule_id(claim: &str) -> String {
    let words: Vec<String> = claim
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    words.join("-")
}

pub fn document(rules: &ClaimRules, report: &Report) -> Value {
    let descriptors: Vec<Value> = rules
        .rules
        .iter()
        .map(|rule| {
            let lift = readiness::claims::lifted_when_sentence(&rule.lifted_by);
            let instead = rule.instead.as_deref().map(|i| format!(" Instead: {i}")).unwrap_or_default();
            json!({
                "id": rule_id(&rule.claim),
                "name": rule_id(&rule.claim),
                "shortDescription": { "text": format!("Disallowed claim: {}", rule.claim) },
                "fullDescription": { "text": format!("Sales copy may not claim \u{201c}{}\u{201d}. {lift}", rule.claim) },
                "help": { "text": format!("{lift}{instead}") },
                "defaultConfiguration": { "level": "error" },
            })
        })
        .collect();
    let mut results = Vec::new();
    for file in &report.files {
        for at in &file.violations {
            let v = at.violation;
            let index = rules
                .rules
                .iter()
                .position(|r| *r.claim == *v.claim)
                .unwrap_or(0);
            results.push(json!({
                "ruleId": rule_id(&v.claim),
                "ruleIndex": index,
                "level": if v.negated { "warning" } else { "error" },
                "message": { "text": message(v, rules) },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri(file.path) },
                        "region": {
                            "startLine": at.line,
                            "startColumn": at.column,
                            "endLine": at.end_line,
                            "endColumn": at.end_column,
                        }
                    }
                }],
            }));
        }
    }
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "vendor-readiness",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": descriptors,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    })
}

/// A relative URI reference for a path: every byte but unreserved characters and `/`
/// percent-encoded, so `#`, `?` and a leading `scheme:` stay part of the path (found by
/// attack); standard input is "stdin".
fn uri(path: &str) -> String {
    if path == "-" {
        return "stdin".to_owned();
    }
    let path = path.strip_prefix("./").unwrap_or(path).replace('\\', "/");
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}
