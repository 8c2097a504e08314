//! The inputs in force, in the store: each catalog's text once (by its SHA-256), each input set
//! once (by its digest), and every change of the set in force with its instant and who made it.
//! Only names are stored, never a value. Live instances say which set they run.

use super::StoreError;
use readiness::catalog::VarRequirement;
use readiness::changes::{InForce, InputSet};
use readiness::{Environment, VarName};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// An input set as stored.
#[derive(Debug, Clone)]
pub struct StoredInputs {
    pub id: String,
    pub catalog_sha256: String,
    pub catalog_toml: String,
    /// Names set, one per line; flags (`NAME=value` from the catalog) that matched, likewise.
    pub names: String,
    pub flags: String,
}

impl StoredInputs {
    pub fn of(set: &InputSet, catalog_toml: &str) -> Self {
        let (names, flags) = set.environment.seen_by(&set.catalog);
        let lines = |items: Vec<String>| items.join("\n");
        Self {
            id: set.id.clone(),
            catalog_sha256: set.catalog_sha256.clone(),
            catalog_toml: catalog_toml.to_owned(),
            names: lines(names.iter().map(ToString::to_string).collect()),
            flags: lines(flags.iter().map(ToString::to_string).collect()),
        }
    }
}

/// One change of the set in force.
#[derive(Debug, Clone)]
pub struct InputsEntry {
    /// Its place among the changes of the set in force (grows in commit order).
    pub seq: i64,
    pub from_ms: i64,
    pub set_id: String,
    pub recorded_by: String,
}

pub trait InputsBackend: Send + Sync {
    /// Stores the catalog and set if new and, unless `inputs` is already the set in force,
    /// records it in force from `max(now_ms, the last write's instant)`. `true` if recorded.
    fn record_inputs(
        &self,
        inputs: &StoredInputs,
        by: &str,
        now_ms: i64,
    ) -> Result<bool, StoreError>;
    /// Every change of the set in force after the one numbered `after_seq` (0: all), oldest
    /// first, and each set they name.
    fn inputs_history(
        &self,
        after_seq: i64,
    ) -> Result<(Vec<InputsEntry>, Vec<StoredInputs>), StoreError>;
    /// This instance runs `set_id` (seen now).
    fn heartbeat(&self, instance: &str, set_id: &str, now_ms: i64) -> Result<(), StoreError>;
    /// `(instance, set id)` of the instances seen since `since_ms`.
    fn live_instances(&self, since_ms: i64) -> Result<Vec<(String, String)>, StoreError>;
}

/// Catalogs parsed from the store, by SHA-256: each is parsed once per process.
#[derive(Clone, Default)]
pub struct CatalogCache(Arc<Mutex<HashMap<String, Arc<readiness::Catalog>>>>);

impl CatalogCache {
    /// The entries with their sets, parsed. An entry whose set or catalog cannot be read (written
    /// by a newer version) is left out with a log line.
    pub fn resolve(
        &self,
        entries: Vec<InputsEntry>,
        sets: Vec<StoredInputs>,
    ) -> Result<Vec<InForce>, StoreError> {
        let mut parsed: HashMap<String, Arc<InputSet>> = HashMap::new();
        for set in &sets {
            match self.input_set(set) {
                Ok(input) => {
                    parsed.insert(set.id.clone(), Arc::new(input));
                }
                Err(e) => {
                    tracing::warn!(set = %set.id, error = %e, "skipping unreadable inputs in the store")
                }
            }
        }
        let mut out = Vec::with_capacity(entries.len());
        for entry in entries {
            let Some(inputs) = parsed.get(&entry.set_id) else {
                continue;
            };
            let from = readiness::instant::from_unix_ms(entry.from_ms).map_err(|e| {
                StoreError::Corrupt {
                    id: 0,
                    reason: format!("inputs in force from {}: {e}", entry.from_ms),
                }
            })?;
            out.push(InForce {
                from,
                inputs: Arc::clone(inputs),
            });
        }
        Ok(out)
    }

    fn input_set(&self, set: &StoredInputs) -> Result<InputSet, String> {
        let catalog = self.catalog(&set.catalog_sha256, &set.catalog_toml)?;
        let names = set.names.lines().filter(|l| !l.is_empty());
        let names: Result<Vec<VarName>, _> = names.map(VarName::parse).collect();
        let flags = set.flags.lines().filter(|l| !l.is_empty());
        let flags: Result<Vec<VarRequirement>, _> = flags.map(VarRequirement::parse).collect();
        let env = Environment::from_recorded(names.map_err(|e| e.to_string())?, flags?);
        let input = InputSet::new(&set.catalog_sha256, catalog, &env);
        if input.id != set.id {
            return Err(format!("its digest is {}, not {}", input.id, set.id));
        }
        Ok(input)
    }

    fn catalog(&self, sha256: &str, toml: &str) -> Result<Arc<readiness::Catalog>, String> {
        let mut cache = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(catalog) = cache.get(sha256) {
            return Ok(Arc::clone(catalog));
        }
        let catalog = readiness::catalog_toml::parse_catalog("stored catalog", toml)
            .map_err(|e| e.to_string())?;
        let catalog = Arc::new(catalog);
        cache.insert(sha256.to_owned(), Arc::clone(&catalog));
        Ok(catalog)
    }
}
