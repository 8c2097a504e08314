//! Which variables are set: names only. Values are compared against `NAME=value` flags, then dropped.

use crate::catalog::{Catalog, VarRequirement};
use crate::ids::VarName;
use rustc_hash::FxHashSet;

/// The names of the variables that are set (non-empty), and the catalog flags whose value matched.
/// No value is ever stored here, so nothing downstream can show one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Environment {
    set: FxHashSet<VarName>,
    matched_flags: FxHashSet<VarRequirement>,
}

impl Environment {
    /// Reads `(name, value)` pairs. A later pair for the same name replaces an earlier one.
    /// Names that are not valid variable names are ignored: no catalog can refer to them.
    pub fn from_pairs<'a>(
        catalog: &Catalog,
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Self {
        let flags: Vec<&VarRequirement> = catalog
            .systems()
            .iter()
            .flat_map(|s| s.groups.iter().flat_map(|g| g.vars.iter()))
            .filter(|v| matches!(v, VarRequirement::Equals(..)))
            .collect();
        let mut env = Environment::default();
        for (name, value) in pairs {
            let Ok(name) = VarName::parse(name) else {
                continue;
            };
            env.matched_flags.retain(|flag| flag.name() != &name);
            for flag in &flags {
                if let VarRequirement::Equals(flag_name, expected) = flag {
                    if flag_name == &name && expected == value {
                        env.matched_flags.insert((*flag).clone());
                    }
                }
            }
            if value.is_empty() {
                env.set.remove(&name);
            } else {
                env.set.insert(name);
            }
        }
        env
    }

    /// Is this requirement met: the name set and non-empty, or the flag equal to its value?
    pub fn satisfies(&self, requirement: &VarRequirement) -> bool {
        match requirement {
            VarRequirement::Set(name) => self.set.contains(name),
            VarRequirement::Equals(..) => self.matched_flags.contains(requirement),
        }
    }

    pub fn len(&self) -> usize {
        self.set.len()
    }

    /// What a catalog can tell of this environment: the names it refers to that are set, and
    /// its flags that match, both sorted. Two environments that differ only in names the catalog
    /// never mentions give the same board, so they are the same input (never a value: a flag's
    /// expected value is catalog text, not a secret).
    pub fn seen_by(&self, catalog: &Catalog) -> (Vec<VarName>, Vec<VarRequirement>) {
        let mut names: Vec<VarName> = catalog
            .var_names()
            .filter(|name| self.set.contains(*name))
            .cloned()
            .collect();
        names.sort();
        names.dedup();
        let mut flags: Vec<VarRequirement> = self.matched_flags.iter().cloned().collect();
        flags.sort_by_key(ToString::to_string);
        (names, flags)
    }

    /// An environment as recorded: the names that were set and the flags that matched.
    pub fn from_recorded(
        names: impl IntoIterator<Item = VarName>,
        flags: impl IntoIterator<Item = VarRequirement>,
    ) -> Self {
        Self {
            set: names.into_iter().collect(),
            matched_flags: flags.into_iter().collect(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.set.is_empty()
    }
}
