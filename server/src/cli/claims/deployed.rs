//! `claims check --board-url URL`: the rules a deployed board checks copy against (`GET
//! /api/claims/rules`) and the model of labelled copy it joins with them, if any (`GET
//! /api/claims/model`), so a CI job needs neither the env file nor the store and finds what the
//! board's page finds; and, either way, the words that say which rules a check used.

use crate::cli::CliError;
use readiness::claims::model::{ClaimModel, Reader};
use readiness::{ClaimChecker, ClaimRules};
use std::sync::Arc;
use std::time::Duration;

fn agent() -> ureq::Agent {
    ureq::AgentBuilder::new()
        .timeout(Duration::from_secs(20))
        .build()
}

/// The rules the board deployed at `url` (its base URL) checks copy against now, for `motions`
/// (every motion when empty): `GET /api/claims/rules`.
pub fn rules_at(url: &str, motions: &[String]) -> Result<ClaimRules, CliError> {
    let base = crate::cli::board_base_url("--board-url", url)?;
    let masked = crate::redact::mask_url(base);
    let answer = agent()
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

/// `checker` joined with the model the board deployed at `url` joins with its rules, when it
/// has one (a 404 says it has none); says which on standard error.
pub fn join_board_model(url: &str, checker: ClaimChecker) -> Result<ClaimChecker, CliError> {
    let base = crate::cli::board_base_url("--board-url", url)?;
    let masked = crate::redact::mask_url(base);
    let cannot = |why: String| {
        CliError::Remote(format!(
            "cannot read the board's claims model at {masked}: {why}"
        ))
    };
    let answer = match agent().get(&format!("{base}/api/claims/model")).call() {
        Ok(answer) => answer,
        Err(ureq::Error::Status(404, _)) => return Ok(checker),
        Err(ureq::Error::Status(code, _)) => return Err(cannot(format!("HTTP {code}"))),
        Err(ureq::Error::Transport(t)) => return Err(cannot(t.kind().to_string())),
    };
    let model: ClaimModel = serde_json::from_reader(answer.into_reader())
        .map_err(|e| cannot(format!("not a model written by `claims train`: {e}")))?;
    let sentences = model.trained.sentences;
    let reader =
        Reader::new(model, readiness::default_normalize).map_err(|e| cannot(e.to_string()))?;
    eprintln!("note: joined with the model of labelled copy the board joins with its rules (trained on {sentences} sentences; --claims-model FILE uses another)");
    Ok(checker.with_model(Arc::new(reader)))
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
