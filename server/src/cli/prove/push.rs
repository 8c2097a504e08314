//! `prove --push`: sends records to a board's `POST /api/proofs`. The token is checked first with
//! an authenticated no-op (`HEAD /api/proofs`), so a wrong token is known before any proof runs;
//! each record carries an `Idempotency-Key`, so a retry after a lost answer never stores it twice.

use super::super::CliError;
use crate::proof_input::ProofInput;
use crate::redact::mask_url;
use std::time::Duration;

/// Attempts per record when the board does not answer or answers 408/429/503.
const ATTEMPTS: u32 = 3;

pub struct Pusher {
    url: String,
    token: String,
    /// The board takes a run's duration and output digest (its `HEAD` named them): an older
    /// board refuses unknown fields, so they are sent only to one that says it takes them.
    takes_details: bool,
}

impl Pusher {
    /// Checks that `base` is a board URL that accepts `token`.
    pub fn connect(base: &str, token: &str) -> Result<Self, CliError> {
        let base = super::super::board_base_url("--push", base)?;
        let url = format!("{}/api/proofs", base.trim_end_matches("/api/proofs"));
        let mut pusher = Self {
            url,
            token: token.to_owned(),
            takes_details: false,
        };
        match ureq::head(&pusher.url)
            .set("Authorization", &format!("Bearer {}", pusher.token))
            .timeout(Duration::from_secs(30))
            .call()
        {
            Ok(answer) => {
                let named = answer.header("push-fields").unwrap_or_default();
                let fields: Vec<&str> = named.split(',').map(str::trim).collect();
                pusher.takes_details =
                    fields.contains(&"duration_ms") && fields.contains(&"output_sha256");
                Ok(pusher)
            }
            Err(ureq::Error::Status(401, _)) => Err(CliError::Usage(format!(
                "{} refused the push token (401); nothing was run",
                pusher.shown()
            ))),
            Err(ureq::Error::Status(code, _)) => Err(CliError::Remote(format!(
                "{} cannot take pushes now (HTTP {code}); nothing was run",
                pusher.shown()
            ))),
            Err(e) => Err(CliError::Remote(format!(
                "{} did not answer ({}); nothing was run",
                pusher.shown(),
                transport(&e)
            ))),
        }
    }

    fn shown(&self) -> String {
        mask_url(&self.url)
    }

    /// Pushes one record; returns the id the board stored it under. Its duration and output
    /// digest go only to a board that takes them.
    pub fn push(&self, input: &ProofInput) -> Result<Option<i64>, CliError> {
        let mut input = input.clone();
        if !self.takes_details {
            (input.duration_ms, input.output_sha256) = (None, None);
        }
        let key = idempotency_key();
        let mut last = String::new();
        for attempt in 1..=ATTEMPTS {
            let response = ureq::post(&self.url)
                .set("Authorization", &format!("Bearer {}", self.token))
                .set("Idempotency-Key", &key)
                .timeout(Duration::from_secs(30))
                .send_json(&input);
            match response {
                Ok(response) => {
                    let body: serde_json::Value = response.into_json().map_err(|e| {
                        CliError::Remote(format!("{}: unreadable answer: {e}", self.shown()))
                    })?;
                    return Ok(body["id"].as_i64());
                }
                Err(ureq::Error::Status(code @ (408 | 429 | 503), _)) => {
                    last = format!("HTTP {code}");
                }
                Err(ureq::Error::Status(code, response)) => {
                    let text = response.into_string().unwrap_or_default();
                    return Err(CliError::Remote(format!(
                        "{} refused the record: HTTP {code} {}",
                        self.shown(),
                        text.chars().take(300).collect::<String>()
                    )));
                }
                Err(e) => last = transport(&e),
            }
            if attempt < ATTEMPTS {
                std::thread::sleep(Duration::from_secs(u64::from(attempt)));
            }
        }
        Err(CliError::Remote(format!(
            "{}: the record was not acknowledged after {ATTEMPTS} attempts ({last})",
            self.shown()
        )))
    }
}

/// A transport error without the URL ureq puts in it (it may hold credentials).
fn transport(error: &ureq::Error) -> String {
    match error {
        ureq::Error::Transport(t) => t.kind().to_string(),
        ureq::Error::Status(code, _) => format!("HTTP {code}"),
    }
}

fn idempotency_key() -> String {
    use rand_core::RngCore;
    let mut bytes = [0u8; 16];
    rand_core::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}
