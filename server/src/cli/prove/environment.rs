//! What a proof command sees: a cleared environment holding the env file's variables, the
//! catalog's declared variables found in this process's environment, a small allowlist (PATH,
//! HOME, LANG, LC_*, TZ, TMPDIR) and the names the operator passes with `--pass-env`. Nothing
//! else of the operator's shell (tokens, database URLs) ever reaches the command or its evidence.
//!
//! `NAME=<placeholder>` in a proof command means "NAME comes from the env file": it is rewritten
//! to `NAME="$NAME"`, so the value travels in the environment and never in the command text.

use super::super::CliError;
use crate::inputs::process_pairs;
use readiness::Catalog;
use std::collections::{BTreeMap, HashSet};

/// Names of the operator's environment every proof command may see: the standard locale
/// names only (an `LC_*` of any other name is not a locale, and SSH forwards `LC_*` freely).
const ALLOWED: [&str; 14] = [
    "PATH",
    "HOME",
    "LANG",
    "LANGUAGE",
    "TZ",
    "TMPDIR",
    "LC_ALL",
    "LC_CTYPE",
    "LC_COLLATE",
    "LC_MESSAGES",
    "LC_MONETARY",
    "LC_NUMERIC",
    "LC_TIME",
    "LC_PAPER",
];

fn allowed(name: &str) -> bool {
    ALLOWED.contains(&name)
}

/// The proof commands' environment (sorted by name) and the pairs whose values must be redacted.
pub struct CommandEnv {
    pub vars: Vec<(String, String)>,
    pub secrets: Vec<(String, String)>,
}

pub fn command_env(
    catalog: &Catalog,
    env_file: Vec<(String, String)>,
    pass_env: &[String],
) -> Result<CommandEnv, CliError> {
    let declared: HashSet<&str> = catalog.var_names().map(|n| n.as_str()).collect();
    let process: BTreeMap<String, String> = process_pairs().collect();
    for name in pass_env {
        if !process.contains_key(name) {
            return Err(CliError::Usage(format!(
                "--pass-env {name}: {name} is not set in this environment"
            )));
        }
    }
    let mut vars: BTreeMap<String, String> = process
        .into_iter()
        .filter(|(k, _)| allowed(k) || declared.contains(k.as_str()) || pass_env.contains(k))
        .collect();
    let mut secrets: Vec<(String, String)> = vars
        .iter()
        .filter(|(k, _)| !allowed(k))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    for (name, value) in env_file {
        secrets.push((name.clone(), value.clone()));
        vars.insert(name, value);
    }
    Ok(CommandEnv {
        vars: vars.into_iter().collect(),
        secrets,
    })
}

/// Rewrites each `NAME=<placeholder>` to `NAME="$NAME"`; fails naming every NAME that `vars`
/// lacks, since the command cannot run without them.
pub fn fill_placeholders(command: &str, vars: &[(String, String)]) -> Result<String, String> {
    let mut out = String::with_capacity(command.len());
    let mut missing = Vec::new();
    let mut rest = command;
    while let Some(at) = rest.find("=<") {
        let name_start = rest[..at]
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .map_or(0, |i| i + 1);
        let Some(close) = rest[at..].find('>') else {
            break;
        };
        let name = &rest[name_start..at];
        let placeholder = &rest[at + 2..at + close];
        let is_placeholder = !name.is_empty()
            && !placeholder.is_empty()
            && !placeholder.contains(char::is_whitespace)
            && readiness::VarName::parse(name).is_ok();
        if !is_placeholder {
            out.push_str(&rest[..at + 2]);
            rest = &rest[at + 2..];
            continue;
        }
        if !vars.iter().any(|(k, v)| k == name && !v.is_empty()) {
            missing.push(name.to_owned());
        }
        out.push_str(&rest[..name_start]);
        out.push_str(&format!("{name}=\"${name}\""));
        rest = &rest[at + close + 1..];
    }
    out.push_str(rest);
    if missing.is_empty() {
        Ok(out)
    } else {
        Err(format!(
            "missing {} (the proof command takes {} from the env file)",
            missing.join(", "),
            if missing.len() == 1 { "it" } else { "them" }
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(names: &[&str]) -> Vec<(String, String)> {
        names
            .iter()
            .map(|n| ((*n).to_owned(), "v".to_owned()))
            .collect()
    }

    #[test]
    fn placeholders_become_references_to_the_environment() {
        let command = "STRIPE_WEBHOOK_SECRET=<webhook-secret> URL=https://x.example npm run check";
        assert_eq!(
            fill_placeholders(command, &vars(&["STRIPE_WEBHOOK_SECRET"])).unwrap(),
            "STRIPE_WEBHOOK_SECRET=\"$STRIPE_WEBHOOK_SECRET\" URL=https://x.example npm run check"
        );
    }

    #[test]
    fn every_missing_placeholder_is_named() {
        let command = "A=<a> B=<b> C=<c> run";
        assert_eq!(
            fill_placeholders(command, &vars(&["B"])).unwrap_err(),
            "missing A, C (the proof command takes them from the env file)"
        );
    }

    #[test]
    fn comparisons_and_redirects_are_left_alone() {
        for command in ["test 1 -le 2 && cat <in >out", "x=<a b> y", "echo a=<"] {
            assert_eq!(fill_placeholders(command, &[]).unwrap(), command);
        }
    }
}
