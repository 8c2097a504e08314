//! SARIF 2.1.0 for code-scanning UIs: one rule per disallowed claim, one result per phrase,
//! regions in Unicode code points (the run says so), `error` or, for a phrase that seems
//! negated or that the model of labelled copy doubts, `warning`.

use super::format::{message, Located, Report};
use readiness::ClaimRules;
use serde_json::json;
use serde_sarif::sarif::{
    ArtifactLocation, Location, Message, MultiformatMessageString, PhysicalLocation, Region,
    ReportingConfiguration, ReportingDescriptor, Result as SarifResult, ResultLevel, Run, Sarif,
    Suppression, Tool, ToolComponent,
};

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

pub fn document(rules: &ClaimRules, report: &Report) -> Sarif {
    let descriptors: Vec<ReportingDescriptor> = rules.rules.iter().map(descriptor).collect();
    let mut results = Vec::new();
    for file in &report.files {
        for at in &file.violations {
            results.push(result(rules, file.path, at, None));
        }
        // What the file's own comments allowed: a result suppressed in source, as SARIF says.
        for s in &file.suppressed {
            let why = format!(
                "claims: allow \"{}\" (line {})",
                s.allowed_by.wording, s.allowed_by.line
            );
            let suppression = Suppression::builder()
                .kind(json!("inSource"))
                .justification(why)
                .build();
            results.push(result(rules, file.path, &s.at, Some(suppression)));
        }
    }
    let driver = ToolComponent::builder()
        .name("vendor-readiness")
        .version(env!("CARGO_PKG_VERSION"))
        .rules(descriptors)
        .build();
    let run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .column_kind(json!("unicodeCodePoints"))
        .results(results)
        .build();
    Sarif::builder()
        .schema(SCHEMA)
        .version(json!("2.1.0"))
        .runs(vec![run])
        .build()
}

/// The result for one phrase of the file at `path` (suppressed by its comments, or not).
fn result(
    rules: &ClaimRules,
    path: &str,
    at: &Located,
    suppression: Option<Suppression>,
) -> SarifResult {
    let v = at.violation;
    let index = (rules.rules.iter())
        .position(|r| *r.claim == *v.claim)
        .unwrap_or(0);
    let region = Region::builder()
        .start_line(at.line as i64)
        .start_column(at.column as i64)
        .end_line(at.end_line as i64)
        .end_column(at.end_column as i64)
        .build();
    let location = PhysicalLocation::builder()
        .artifact_location(ArtifactLocation::builder().uri(uri(path)).build())
        .region(region)
        .build();
    let level = match v.counts() {
        true => ResultLevel::Error,
        false => ResultLevel::Warning,
    };
    let location = Location::builder().physical_location(location).build();
    let builder = SarifResult::builder()
        .rule_id(rule_id(&v.claim))
        .rule_index(index as i64)
        .level(level)
        .message(Message::builder().text(message(v, rules)).build())
        .locations(vec![location]);
    match suppression {
        Some(suppression) => builder.suppressions(vec![suppression]).build(),
        None => builder.build(),
    }
}

/// One rule per disallowed claim: what it forbids, what lifts it, what to say instead.
fn descriptor(rule: &readiness::claims::ClaimRule) -> ReportingDescriptor {
    let lift = readiness::claims::lifted_when_sentence(&rule.lifted_by);
    let instead = rule
        .instead
        .as_deref()
        .map(|i| format!(" Instead: {i}"))
        .unwrap_or_default();
    let text = |text: String| MultiformatMessageString::builder().text(text).build();
    ReportingDescriptor::builder()
        .id(rule_id(&rule.claim))
        .name(rule_id(&rule.claim))
        .short_description(text(format!("Disallowed claim: {}", rule.claim)))
        .full_description(text(format!(
            "Sales copy may not claim \u{201c}{}\u{201d}. {lift}",
            rule.claim
        )))
        .help(text(format!("{lift}{instead}")))
        .default_configuration(
            ReportingConfiguration::builder()
                .level(json!("error"))
                .build(),
        )
        .build()
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
