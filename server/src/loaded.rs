//! The inputs of one run, read once (ripgrep's `LowArgs` → `HiArgs`): the catalog file read and
//! hashed once, each env source read once, and every part of a command, or of a server at
//! start-up and at each reload, handed this one value, so no two parts see two versions of a file
//! (found by review: one bundle read the catalog twice and the env file three times).

use crate::inputs::{
    file_pairs, input_set, load_catalog_text, process_pairs, redactor_of, EnvSources, InputError,
};
use crate::redact::Redactor;
use readiness::changes::InputSet;
use readiness::{Catalog, CatalogInfo, Environment};
use std::path::Path;
use std::sync::Arc;

/// The catalog and the names set, as one run sees them; no value is kept here but as the
/// redactor holds them (to take them out of what is printed, stored or served).
pub struct Loaded {
    pub catalog: Arc<Catalog>,
    /// The SHA-256 of the catalog's bytes (and the file's time).
    pub info: CatalogInfo,
    /// The catalog's text, recorded once by its digest.
    pub toml: Arc<str>,
    /// The names set (and `NAME=value` flags matched), never the values.
    pub environment: Environment,
    /// The catalog and the names set, as the record stores them.
    pub set: Arc<InputSet>,
    pub redactor: Arc<Redactor>,
}

/// The values read with the inputs, for the few that use them (key hints, proof commands'
/// environment, smoke's search for leaked secrets): use, then drop.
pub struct Values {
    /// The env file's pairs.
    pub file: Vec<(String, String)>,
    /// The pairs the names set come from: the env file's, then the process's when asked.
    pub seen: Vec<(String, String)>,
}

impl Loaded {
    /// Reads the catalog at `catalog` (the embedded one without) and the env `sources`, once.
    pub fn read(
        catalog: Option<&Path>,
        sources: &EnvSources,
    ) -> Result<(Self, Values), InputError> {
        let (catalog, info, toml) = load_catalog_text(catalog)?;
        let catalog = Arc::new(catalog);
        let file = file_pairs(sources)?;
        let process: Vec<(String, String)> = process_pairs().collect();
        let mut seen = file.clone();
        if sources.process_env {
            seen.extend(process.iter().cloned());
        }
        let pairs = seen.iter().map(|(k, v)| (k.as_str(), v.as_str()));
        let environment = Environment::from_pairs(&catalog, pairs);
        let redactor = Arc::new(redactor_of(&catalog, &file, &process));
        let set = input_set(Arc::clone(&catalog), &info, &environment);
        let loaded = Self {
            catalog,
            info,
            toml: Arc::from(toml),
            environment,
            set,
            redactor,
        };
        Ok((loaded, Values { file, seen }))
    }
}
