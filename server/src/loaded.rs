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
use std::hash::{Hash, Hasher};
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
    /// What was read, to tell a later read apart (a hash kept in memory, never shown).
    fingerprint: u64,
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
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        (&toml, &file).hash(&mut hasher);
        let loaded = Self {
            fingerprint: hasher.finish(),
            catalog,
            info,
            toml: Arc::from(toml),
            environment,
            set,
            redactor,
        };
        Ok((loaded, Values { file, seen }))
    }

    /// [`Loaded::read`] for inputs a run records (a server starting): watched a second, then
    /// read again, until a quiet second ends with what was read. Found by attack (round 15): a writer that wrote half,
    /// held the file idle, closed it and reopened it 0.3 s later was never seen by a server
    /// started in that gap, the file's change time was old, and the half was recorded.
    pub fn read_settled(
        catalog: Option<&Path>,
        sources: &EnvSources,
    ) -> Result<(Self, Values), InputError> {
        let mut read = Self::read(catalog, sources)?;
        while let Some(newer) = read.0.changed_since(catalog, sources)? {
            tracing::info!("an input file changed within a second of being read (a save in parts?); reading it again");
            read = newer;
        }
        Ok(read)
    }

    /// The inputs read again after a watched quiet time ([`crate::lease::settle::quiet`], a second by default) in which no process wrote them or
    /// opened them to write (see [`crate::lease::written_within`]): `None` when none did and
    /// they are what this read found, else the newer read. Inputs only the binary holds (the
    /// embedded catalog, the process's environment) cannot change: no wait.
    pub fn changed_since(
        &self,
        catalog: Option<&Path>,
        sources: &EnvSources,
    ) -> Result<Option<(Self, Values)>, InputError> {
        let files: Vec<&Path> = catalog
            .into_iter()
            .chain(sources.env_file.as_deref())
            .collect();
        if files.is_empty() {
            return Ok(None);
        }
        let written = crate::lease::written_within(&files, crate::lease::settle::quiet());
        let again = Self::read(catalog, sources)?;
        Ok((written || again.0.fingerprint != self.fingerprint).then_some(again))
    }
}
