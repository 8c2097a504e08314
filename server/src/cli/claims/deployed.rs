//! `claims check --board-url URL`: the rules a deployed board checks copy against (`GET
//! /api/claims/rules`), so a CI job needs neither the env file nor the store; and, either way,
//! the words that say which rules a check used.

use crate::cli::CliError;
use readiness::ClaimRules;
use std::time::Duration;

/// The rules the board deployed at `url` (its base URL) checks copy against now, for `motions`
/// (every motion when empty): `GET /api/claims/rules`.
pub fn rules_at(url: &str, motions: &[String]) -> Result<ClaimRules, CliError> {
    let base = crate::cli::board_base_url("--board-url", url)?;
    let masked = crate::redact::mask_url(base);
    let agent = ureq::AgentBuilder::new()
        .timeout(Duration::from_secs(20))
        .build();
    let answer = agent
        .get(&format!("{base}/api/claims/rules"))
        .query("motions", &motions.join(","))
        .call()
        .map_err(|e| {
            let why = match e {
                ureq::Error::Status(422, _) => {
                    return CliError::Usage(format!(
                        "the board at {masked} has no motion among {}",
                        motions.join(", ")
                    ))
                }
                ureq::Error::Status(code, _) => format!("HTTP {code}"),
                ureq::Error::Transport(t) => t.kind().to_string(),
            };
            CliError::Remote(format!("cannot read the board's rules at {masked}: {why}"))
        })?;
    serde_json::from_reader(answer.into_reader()).map_err(|e| {
        CliError::Remote(format!(
            "the board at {masked} did not answer with claim rules: {e}"
        ))
    })
}

/// "the board deployed at URL" or "the catalog C and the proofs in the store": said on
/// standard error before the findings, so a CI log shows which rules judged the copy.
pub fn rules_source(board_url: Option<&str>, catalog: &str) -> String {
    match board_url {
        Some(url) => format!("the board deployed at {}", crate::redact::mask_url(url)),
        None => {
            format!("{catalog} and the proofs in the store (--board-url checks a deployed board's)")
        }
    }
}
