//! What `proof add`, `proof list`, `proof show` and `proof import` print: the stored records as the API
//! serves them (`wire::Proof`), as text or JSON.

use crate::cli::output::printable;
use crate::cli::report::Report;
use crate::wire::Proof;
use serde::Serialize;
use std::fmt::Write as _;

/// The record `proof add` stored.
#[derive(Serialize, schemars::JsonSchema)]
#[serde(transparent)]
pub struct Stored(pub Proof);

impl Report for Stored {
    fn text(&self, _colour: bool) -> String {
        let p = &self.0;
        let (system, outcome) = (p.system.as_str(), p.outcome.as_str());
        format!("Stored proof #{} for {system}: {outcome}.\n", p.id)
    }
}

/// The records `proof list` found, newest first (JSON: the array of records).
#[derive(Serialize, schemars::JsonSchema)]
#[serde(transparent)]
pub struct Listed {
    pub proofs: Vec<Proof>,
    /// The system asked for, if one was.
    #[serde(skip)]
    pub system: Option<String>,
    /// Every line of the evidence, not its first.
    #[serde(skip)]
    pub full: bool,
}

impl Report for Listed {
    fn text(&self, _colour: bool) -> String {
        if self.proofs.is_empty() {
            let system = self.system.as_ref().map(|s| format!(" for {s}"));
            return format!("No proof records{}.\n", system.unwrap_or_default());
        }
        let mut out = String::new();
        for p in &self.proofs {
            let at = readiness::display_instant(p.recorded_at);
            let evidence = p.details.as_ref().map_or("", |d| d.evidence.as_str());
            let _ = writeln!(
                out,
                "#{:<6} {at}  {:<24} {:<5} {:<5} {}",
                p.id,
                p.system.as_str(),
                p.outcome.as_str(),
                p.source.as_str(),
                first_line(evidence)
            );
            if self.full {
                for line in evidence.lines() {
                    let _ = writeln!(out, "        {}", printable(line));
                }
            }
        }
        out
    }
}

fn first_line(text: &str) -> String {
    let line = printable(text.lines().next().unwrap_or_default());
    if line.chars().count() > 80 {
        format!("{}\u{2026}", line.chars().take(79).collect::<String>())
    } else {
        line.to_owned()
    }
}

/// What `proof import` stored: how many records, their ids.
#[derive(Serialize, schemars::JsonSchema)]
pub struct Imported {
    pub imported: usize,
    pub ids: Vec<i64>,
    /// The file they came from.
    #[serde(skip)]
    pub file: String,
}

impl Report for Imported {
    fn text(&self, _colour: bool) -> String {
        format!(
            "Imported {} proof records from {}.\n",
            self.imported, self.file
        )
    }
}

/// What `proof show` found: the record (its evidence redacted with every value known now), the
/// system's name on the board, and what the record stands for on the board now.
#[derive(Serialize, schemars::JsonSchema)]
pub struct Shown {
    #[serde(flatten)]
    pub proof: Proof,
    /// The system's name, if the catalog still has it.
    pub name: Option<String>,
    /// What the record stands for on the board now, in the receipt page's words.
    pub standing: String,
}

impl Report for Shown {
    fn text(&self, _colour: bool) -> String {
        let p = &self.proof;
        let name = self.name.as_deref().unwrap_or(p.system.as_str());
        let mut out = format!("Proof record #{}: {name} ({})\n", p.id, p.system.as_str());
        let outcome = p.outcome.past_tense();
        let by = readiness::receipt::recorded_by(p.source);
        let at = readiness::display_instant(p.recorded_at);
        let _ = writeln!(out, "  {outcome} {at}, recorded by {by}");
        if let Some(details) = &p.details {
            if let Some(ms) = details.duration_ms {
                let _ = writeln!(out, "  took {ms} ms");
            }
            if let Some(digest) = &details.output_sha256 {
                let _ = writeln!(out, "  output SHA-256 {digest}");
            }
        }
        let _ = writeln!(out, "{}", self.standing);
        if let Some(details) = &p.details {
            out.push_str("Evidence (secret values redacted):\n");
            for line in details.evidence.lines() {
                let _ = writeln!(out, "  {}", printable(line));
            }
        }
        out
    }
}
