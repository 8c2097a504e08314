//! `vendor-readiness.toml`: the flags an operator would repeat on every command (`catalog`,
//! `env-file`, `db`…), read from the current folder or `--config PATH` before the command line
//! is parsed. Its keys are the long names of the flags that have an environment variable, and
//! each becomes that variable's value unless the variable is set: a flag wins over the
//! environment, which wins over the file. Relative paths count from the file's folder. Found by a
//! new operator, who repeated `--catalog --env-file --db` on every command (issue 23).

use super::{Cli, CliError};
use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// The file looked for in the current folder when `--config` is not given.
pub const DEFAULT_FILE: &str = "vendor-readiness.toml";

/// Keys whose value is a path, resolved from the file's folder (a `db` URL is left as it is).
const PATH_KEYS: [&str; 5] = ["catalog", "env-file", "db", "site-root", "claims-model"];

/// Reads the configuration named by `args` (or the default file, when present) into the
/// process environment, for variables not already set; the file used, if any. Call before any
/// thread starts.
pub fn apply(args: &[OsString]) -> Result<Option<PathBuf>, CliError> {
    let path = match given_path(args) {
        Some(path) => path,
        None if Path::new(DEFAULT_FILE).is_file() => PathBuf::from(DEFAULT_FILE),
        None => return Ok(None),
    };
    let text = std::fs::read_to_string(&path).map_err(CliError::io(format!(
        "cannot read the configuration {}",
        path.display()
    )))?;
    let table: toml::Table = toml::from_str(&text)
        .map_err(|e| CliError::Usage(format!("{}: {}", path.display(), e.message())))?;
    let variables = variables_by_key();
    let folder = path.parent().unwrap_or(Path::new("."));
    for (key, value) in &table {
        let Some(variable) = variables.get(key.as_str()) else {
            return Err(unknown_key(&path, key, &variables));
        };
        let value = match value {
            toml::Value::String(s) => s.clone(),
            toml::Value::Integer(n) => n.to_string(),
            toml::Value::Boolean(b) => b.to_string(),
            _ => {
                return Err(CliError::Usage(format!(
                    "{}: `{key}` must be a string",
                    path.display()
                )))
            }
        };
        if std::env::var_os(variable).is_none() {
            std::env::set_var(variable, resolved(key, &value, folder));
        }
    }
    Ok(Some(path))
}

/// `--config PATH` or `--config=PATH`, wherever it is on the command line.
fn given_path(args: &[OsString]) -> Option<PathBuf> {
    let mut words = args.iter().map(|a| a.to_string_lossy());
    while let Some(word) = words.next() {
        if word == "--" {
            return None;
        }
        if word == "--config" {
            return words.next().map(|p| PathBuf::from(p.as_ref()));
        }
        if let Some(path) = word.strip_prefix("--config=") {
            return Some(PathBuf::from(path));
        }
    }
    None
}

/// Every flag with an environment variable, by its long name, across all commands.
fn variables_by_key() -> BTreeMap<String, String> {
    use clap::CommandFactory;
    fn walk(command: &clap::Command, into: &mut BTreeMap<String, String>) {
        for arg in command.get_arguments() {
            if let (Some(long), Some(env)) = (arg.get_long(), arg.get_env()) {
                into.insert(long.to_owned(), env.to_string_lossy().into_owned());
            }
        }
        command.get_subcommands().for_each(|sub| walk(sub, into));
    }
    let mut variables = BTreeMap::new();
    walk(&Cli::command(), &mut variables);
    variables
}

/// A path key's relative value, from the file's folder; any other value as written.
fn resolved(key: &str, value: &str, folder: &Path) -> OsString {
    let is_path = PATH_KEYS.contains(&key) && !value.contains("://");
    match is_path && Path::new(value).is_relative() {
        true => folder.join(value).into_os_string(),
        false => value.into(),
    }
}

fn unknown_key(path: &Path, key: &str, variables: &BTreeMap<String, String>) -> CliError {
    let known = variables.keys().map(String::as_str);
    let closest = readiness::suggest::did_you_mean(key, known.clone());
    let known: Vec<&str> = known.collect();
    CliError::Usage(format!(
        "{}: unknown key `{key}`{closest}; the keys are the flags' long names: {}",
        path.display(),
        known.join(", ")
    ))
}
