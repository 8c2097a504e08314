//! Loads the two readiness inputs from disk: the catalog file and the environment (names only).

use crate::env_file::{parse_env_file, read_env_text, EnvFileError};
use readiness::catalog_toml::{parse_catalog, CatalogError, CatalogErrors};
use readiness::{Catalog, Environment};
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("cannot read catalog {path}: {source}")]
    ReadCatalog {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("catalog rejected:\n{0}")]
    Catalog(#[from] CatalogErrors),
    #[error(transparent)]
    EnvFile(#[from] EnvFileError),
    #[error("{0}: the env file is empty or blank (being rewritten?); a server keeps the last good inputs. To unset every variable, leave a comment line in it")]
    BlankEnvFile(PathBuf),
}

/// The shipped catalog, inside the binary: what every command reads without `--catalog`.
pub const EMBEDDED_CATALOG: &str = include_str!("../../catalog/vendor-catalog.toml");

/// The demo env file (placeholder values), inside the binary: the embedded default's variables.
pub const EMBEDDED_DEMO_ENV: &str = include_str!("../../catalog/demo.env");

/// How a catalog source is named in messages: its path, or the embedded one.
pub fn catalog_label(path: Option<&Path>) -> String {
    path.map_or_else(
        || "the shipped catalog (embedded)".to_owned(),
        |p| p.display().to_string(),
    )
}

/// Reads the catalog once (the file at `path`, or the embedded one): the validated catalog, and
/// the SHA-256 of the very bytes it was parsed from (with the file's modification time), so the
/// digest a board shows is always the digest of the catalog it was computed from.
pub fn load_catalog(path: Option<&Path>) -> Result<(Catalog, readiness::CatalogInfo), InputError> {
    load_catalog_text(path).map(|(catalog, info, _)| (catalog, info))
}

/// [`load_catalog`], with the text it was parsed from (stored once in the record, by digest).
pub fn load_catalog_text(
    path: Option<&Path>,
) -> Result<(Catalog, readiness::CatalogInfo, String), InputError> {
    let (label, info, text) = read_catalog(path)?;
    let catalog = parse_catalog(&label, &text)?;
    Ok((catalog, info, text))
}

/// The catalog at `path` (or the embedded one) with every rule of it that can never be met, as
/// located warnings (`catalog check`).
pub fn check_catalog(path: Option<&Path>) -> Result<(Catalog, Vec<CatalogError>), InputError> {
    let (label, _, text) = read_catalog(path)?;
    Ok(readiness::catalog_toml::parse_catalog_checked(
        &label, &text,
    )?)
}

/// The catalog's label in messages, what is known of its file, and its text, read once.
fn read_catalog(
    path: Option<&Path>,
) -> Result<(String, readiness::CatalogInfo, String), InputError> {
    let Some(path) = path else {
        let info = catalog_info(EMBEDDED_CATALOG.as_bytes(), None);
        let label = "vendor-catalog.toml (embedded)".to_owned();
        return Ok((label, info, EMBEDDED_CATALOG.to_owned()));
    };
    let read_error = |source| InputError::ReadCatalog {
        path: path.to_owned(),
        source,
    };
    let metadata = std::fs::metadata(path).map_err(read_error)?;
    // Read whole, never while a process holds it open to write, and only a regular file of at
    // most 4 MiB (a FIFO or device would block the read, and a reload, forever): see `lease`.
    let bytes = crate::lease::read_unwritten(path).map_err(read_error)?;
    tracing::debug!(path = %path.display(), "catalog read");
    let changed_at = metadata.modified().ok().map(time::OffsetDateTime::from);
    let info = catalog_info(&bytes, changed_at);
    let text = String::from_utf8(bytes).map_err(|e| {
        read_error(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            e.utf8_error(),
        ))
    })?;
    Ok((path.display().to_string(), info, text))
}

fn catalog_info(bytes: &[u8], changed_at: Option<time::OffsetDateTime>) -> readiness::CatalogInfo {
    use sha2::{Digest, Sha256};
    readiness::CatalogInfo {
        sha256: hex::encode(Sha256::digest(bytes)),
        changed_at,
    }
}

/// Where the variable names come from: an env file (or the embedded demo one), the process
/// environment, or both (the process wins where both set a name). Values are compared, then
/// dropped here.
#[derive(Debug, Clone, Default)]
pub struct EnvSources {
    pub env_file: Option<PathBuf>,
    pub process_env: bool,
    /// The embedded demo env file, when no env file is given (the embedded default).
    pub demo_env: bool,
    /// Refuse an env file that holds nothing but whitespace (a server, at start-up and on
    /// reload): it is most likely seen mid-rewrite (truncated, then written), and putting
    /// "nothing set" in force would be recorded for good (found by attack). A comment line in
    /// it unsets everything.
    pub refuse_blank: bool,
}

/// The env file's pairs (the embedded demo file's when asked), without the process's. Callers
/// that need values (to run proof commands, to redact, to hint at key formats) use them and drop
/// them; nothing keeps them (see `loaded`, which reads them once per run).
pub fn file_pairs(sources: &EnvSources) -> Result<Vec<(String, String)>, InputError> {
    Ok(match &sources.env_file {
        Some(path) => {
            tracing::debug!(path = %path.display(), "env file read");
            let text = read_env_text(path)?;
            if sources.refuse_blank && text.trim().is_empty() {
                return Err(InputError::BlankEnvFile(path.clone()));
            }
            parse_env_file(path, &text)?.0
        }
        None if sources.demo_env => crate::env_file::parse_env(EMBEDDED_DEMO_ENV)
            .map(|pairs| pairs.0)
            .unwrap_or_default(),
        None => Vec::new(),
    })
}

/// This process's environment as `(name, value)` pairs (entries that are not UTF-8 are skipped).
pub fn process_pairs() -> impl Iterator<Item = (String, String)> {
    std::env::vars_os().filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)))
}

/// The words a switch is set to, in the cases they are written in: never a secret.
const SWITCH_WORDS: [&str; 10] = [
    "true", "false", "yes", "no", "on", "off", "0", "1", "enabled", "disabled",
];

/// `(NAME, value)` of every `NAME=value` flag in the catalog: declared non-secret, and so is a
/// flag set to another switch word (`false`: found by attack, every "false" in evidence was
/// redacted as the value of EVERIFY_INTEGRATION_APPROVED).
pub fn public_flag_values(catalog: &Catalog) -> std::collections::HashSet<(String, String)> {
    let flags = catalog
        .systems()
        .iter()
        .flat_map(|s| s.groups.iter().flat_map(|g| g.vars.iter()))
        .filter_map(|v| match v {
            readiness::catalog::VarRequirement::Equals(name, value) => Some((name, value)),
            readiness::catalog::VarRequirement::Set(_) => None,
        });
    let mut public = std::collections::HashSet::new();
    for (name, value) in flags {
        public.insert((name.to_string(), value.clone()));
        for word in SWITCH_WORDS {
            let title = word[..1].to_uppercase() + &word[1..];
            for cased in [word.to_owned(), word.to_uppercase(), title] {
                public.insert((name.to_string(), cased));
            }
        }
    }
    public
}

/// Names of this process's environment that hold credentials of the board itself.
const OWN_SECRETS: [&str; 2] = ["VENDOR_READINESS_PUSH_TOKEN", "VENDOR_READINESS_DB"];

/// Inherited variables known to hold no secret (the shell's paths and the standard locale
/// names): every other inherited value of [`INHERITED_MIN_LEN`] characters or more is redacted
/// (found by attack: `LC_SECRET`, `EDITOR`, `TZ`, `TERM` and `RUSTUP_*` values passed before).
const NOT_SECRET: [&str; 24] = [
    "PATH",
    "HOME",
    "PWD",
    "OLDPWD",
    "SHELL",
    "USER",
    "LOGNAME",
    "LANG",
    "LANGUAGE",
    "SHLVL",
    "_",
    "LC_ALL",
    "LC_CTYPE",
    "LC_COLLATE",
    "LC_MESSAGES",
    "LC_MONETARY",
    "LC_NUMERIC",
    "LC_TIME",
    "LC_ADDRESS",
    "LC_IDENTIFICATION",
    "LC_MEASUREMENT",
    "LC_NAME",
    "LC_PAPER",
    "LC_TELEPHONE",
];
/// Shorter inherited values ("info", "1", "true") are too common to strip from evidence.
const INHERITED_MIN_LEN: usize = 8;

/// Could this inherited variable hold a secret? A command run by the same user can read this
/// process's environment (and its ancestors') through /proc, and print it as evidence: every
/// such value must be redacted, not only the env file's (found by attack: an operator's
/// GITHUB_TOKEN and PGPASSWORD were printed and stored).
fn may_be_secret(name: &str, value: &str) -> bool {
    value.len() >= INHERITED_MIN_LEN && !NOT_SECRET.contains(&name)
}

/// Every inherited `(name, value)` that may be a secret (see [`may_be_secret`]).
pub fn inherited_secrets() -> impl Iterator<Item = (String, String)> {
    process_pairs().filter(|(k, v)| may_be_secret(k, v))
}

/// Every value a receiver of evidence knows to be secret: the env file's values (`file`), the
/// catalog's variables and the board's own credentials as set in this process's environment
/// (`process`), and every other inherited value that may be a secret.
pub fn redactor_of(
    catalog: &Catalog,
    file: &[(String, String)],
    process: &[(String, String)],
) -> crate::redact::Redactor {
    let declared: std::collections::HashSet<&str> =
        catalog.var_names().map(|n| n.as_str()).collect();
    let own = process
        .iter()
        .filter(|(k, _)| declared.contains(k.as_str()) || OWN_SECRETS.contains(&k.as_str()));
    let inherited = process.iter().filter(|(k, v)| may_be_secret(k, v));
    crate::redact::Redactor::new(
        file.iter()
            .chain(own)
            .chain(inherited)
            .map(|(k, v)| (k.as_str(), v.as_str())),
        &public_flag_values(catalog),
    )
}

/// The input set of a loaded catalog and environment: what the record stores and the board is
/// computed with (the catalog by the SHA-256 of its text, the names it sees set).
pub fn input_set(
    catalog: std::sync::Arc<Catalog>,
    info: &readiness::CatalogInfo,
    environment: &Environment,
) -> std::sync::Arc<readiness::changes::InputSet> {
    std::sync::Arc::new(readiness::changes::InputSet::new(
        &info.sha256,
        catalog,
        environment,
    ))
}

/// Who records inputs in force: this process, as logs and the record name it.
pub fn recorder(what: &str) -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname").unwrap_or_default();
    format!("{what} on {} (pid {})", host.trim(), std::process::id())
}
