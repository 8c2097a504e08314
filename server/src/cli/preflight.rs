//! `vendor-readiness preflight`: which groups an env file configures per system. Never a value:
//! for well-known key formats it says which kind of key is present, without any of its characters.

use super::output::pad;
use super::report::{emit, exit_when, FormatArg, Report};
use super::{CliError, InputArgs};
use crate::loaded::{Loaded, Values};
use clap::Args;
use readiness::catalog::GroupKind;
use readiness::{evaluate, LatestProofs};
use serde::Serialize;
use std::fmt::Write as _;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct PreflightArgs {
    #[command(flatten)]
    pub inputs: InputArgs,
    /// Count fixture groups too (by default only runtime groups).
    #[arg(long)]
    pub include_fixtures: bool,
    #[command(flatten)]
    pub output: FormatArg,
}

#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct Preflight {
    /// True when every runtime group of every system without a manual fallback is configured.
    pub ok: bool,
    pub include_fixtures: bool,
    pub systems: Vec<SystemPreflight>,
}

#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct SystemPreflight {
    pub id: String,
    pub name: String,
    pub fallback: bool,
    pub groups_configured: usize,
    pub groups_total: usize,
    pub runtime_configured: bool,
    pub missing: Vec<String>,
    /// Each unconfigured variable and why: `missing`, `empty`, or `set to a different value`
    /// (a `NAME=value` flag; which value is never said).
    pub problems: Vec<VarProblem>,
    pub hints: Vec<KeyHint>,
}

#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct VarProblem {
    pub variable: String,
    pub state: &'static str,
}

/// Why `label` (`NAME` or `NAME=value`) is not configured by `pairs`.
fn problem(label: &str, pairs: &[(String, String)]) -> VarProblem {
    let name = label.split('=').next().unwrap_or(label);
    let state = match pairs.iter().rev().find(|(k, _)| k == name) {
        None => "missing",
        Some((_, value)) if value.is_empty() => "empty",
        Some(_) => "set to a different value",
    };
    VarProblem {
        variable: name.to_owned(),
        state,
    }
}

#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct KeyHint {
    pub variable: String,
    pub note: &'static str,
}

/// What a value's well-known format says about it, as a fixed sentence. `None` when unknown.
pub fn key_hint(name: &str, value: &str) -> Option<&'static str> {
    let stripe_key = name.starts_with("STRIPE_") && name.ends_with("_KEY");
    match () {
        _ if stripe_key && (value.starts_with("sk_live_") || value.starts_with("rk_live_")) => {
            Some("Stripe live-mode key")
        }
        _ if stripe_key && (value.starts_with("sk_test_") || value.starts_with("rk_test_")) => {
            Some("Stripe test-mode key")
        }
        _ if stripe_key => Some("does not look like a Stripe secret key"),
        _ if name == "STRIPE_WEBHOOK_SECRET" && !value.starts_with("whsec_") => {
            Some("does not look like a Stripe webhook signing secret")
        }
        _ if name.starts_with("STRIPE_PRICE_") && !value.starts_with("price_") => {
            Some("does not look like a Stripe price ID")
        }
        _ if name == "RESEND_API_KEY" && !value.starts_with("re_") => {
            Some("does not look like a Resend API key")
        }
        _ => None,
    }
}

/// What the loaded inputs configure; `values` (the pairs the names come from) give key hints.
pub fn preflight(loaded: &Loaded, values: Values, include_fixtures: bool) -> Preflight {
    let (catalog, environment, pairs) = (&*loaded.catalog, &loaded.environment, values.seen);
    let board = evaluate(
        catalog,
        environment,
        &LatestProofs::default(),
        time::OffsetDateTime::now_utc(),
    );
    let mut systems = Vec::with_capacity(board.systems.len());
    for view in &board.systems {
        let counted: Vec<_> = view
            .groups
            .iter()
            .filter(|g| include_fixtures || g.kind == GroupKind::Runtime)
            .collect();
        // A group's variables as the catalog wrote them: `NAME` or a `NAME=value` flag.
        let names: Vec<&str> = view
            .groups
            .iter()
            .flat_map(|g| g.vars.iter().filter_map(|v| v.split('=').next()))
            .collect();
        let hints = pairs
            .iter()
            .filter(|(name, _)| names.contains(&name.as_str()))
            .filter(|(_, value)| !value.is_empty())
            .filter_map(|(name, value)| {
                key_hint(name, value).map(|note| KeyHint {
                    variable: name.clone(),
                    note,
                })
            })
            .collect();
        systems.push(SystemPreflight {
            id: view.id.to_string(),
            name: view.name.to_string(),
            fallback: view.fallback,
            groups_configured: counted.iter().filter(|g| g.configured).count(),
            groups_total: counted.len(),
            runtime_configured: view
                .groups
                .iter()
                .filter(|g| g.kind == GroupKind::Runtime)
                .all(|g| g.configured),
            missing: counted
                .iter()
                .flat_map(|g| g.missing.iter().map(ToString::to_string))
                .collect(),
            problems: counted
                .iter()
                .flat_map(|g| g.missing.iter().map(|label| problem(label, &pairs)))
                .collect(),
            hints,
        });
    }
    drop(pairs);
    let ok = systems.iter().all(|s| s.fallback || s.runtime_configured);
    Preflight {
        ok,
        include_fixtures,
        systems,
    }
}

pub fn run(args: &PreflightArgs) -> Result<ExitCode, CliError> {
    let (loaded, values) = args.inputs.load()?;
    Ok(emit(
        &preflight(&loaded, values, args.include_fixtures),
        &args.output,
    ))
}

impl Report for Preflight {
    fn text(&self, colour: bool) -> String {
        let mut out = String::new();
        let width = self.systems.iter().map(|s| s.id.len()).max().unwrap_or(6) + 2;
        for s in &self.systems {
            let mark = match (s.runtime_configured, s.fallback, colour) {
                (true, _, true) => "\u{1b}[32mok\u{1b}[0m  ",
                (true, _, false) => "ok  ",
                (false, true, _) => "fallback",
                (false, false, true) => "\u{1b}[31mMISSING\u{1b}[0m",
                (false, false, false) => "MISSING",
            };
            let _ = writeln!(
                out,
                "{}{} {}/{} groups configured",
                pad(&s.id, width),
                pad(mark, 8),
                s.groups_configured,
                s.groups_total
            );
            for state in ["missing", "empty", "set to a different value"] {
                let names: Vec<&str> = s
                    .problems
                    .iter()
                    .filter(|p| p.state == state)
                    .map(|p| p.variable.as_str())
                    .collect();
                if !names.is_empty() {
                    let _ = writeln!(out, "{}  {state}: {}", " ".repeat(width), names.join(", "));
                }
            }
            for hint in &s.hints {
                let _ = writeln!(
                    out,
                    "{}  {}: {}",
                    " ".repeat(width),
                    hint.variable,
                    hint.note
                );
            }
        }
        out.push_str(&self.verdict());
        out
    }

    fn exit(&self) -> ExitCode {
        exit_when(self.ok)
    }
}

impl Preflight {
    /// The last line: passed, or which systems lack what.
    fn verdict(&self) -> String {
        let failing: Vec<&str> = self
            .systems
            .iter()
            .filter(|s| !s.fallback && !s.runtime_configured)
            .map(|s| s.id.as_str())
            .collect();
        if self.ok {
            "\nPreflight passed: every system without a manual fallback has its runtime configured.\n".to_owned()
        } else {
            format!(
                "\nPreflight failed: {} {} no manual fallback and {} runtime variables.\n",
                failing.join(", "),
                if failing.len() == 1 { "has" } else { "have" },
                if failing.len() == 1 { "lacks" } else { "lack" }
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::key_hint;

    #[test]
    fn hints_name_the_kind_never_the_characters() {
        assert_eq!(
            key_hint("STRIPE_SECRET_KEY", "sk_live_abc"),
            Some("Stripe live-mode key")
        );
        assert_eq!(
            key_hint("STRIPE_SECRET_KEY", "sk_test_abc"),
            Some("Stripe test-mode key")
        );
        assert_eq!(
            key_hint("STRIPE_SECRET_KEY", "hunter2"),
            Some("does not look like a Stripe secret key")
        );
        assert_eq!(key_hint("STRIPE_WEBHOOK_SECRET", "whsec_x"), None);
        assert_eq!(
            key_hint("STRIPE_PRICE_REPORT", "prod_1"),
            Some("does not look like a Stripe price ID")
        );
        assert_eq!(key_hint("DATABASE_URL", "postgres://"), None);
    }
}
