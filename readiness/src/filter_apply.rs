//! Applying a [`BoardFilter`] to a computed board; the same code serves the page, the JSON API and
//! the CLI. Linear in the size of the board, and an empty result always says which filter emptied it.

use crate::board::{Board, FilterInfo, MotionView, Summary, SystemView};
use crate::filter::BoardFilter;
use crate::ids::SystemId;
use crate::status::Status;
use std::collections::HashSet;

/// One filter's test of a system. `None` means the value itself names nothing (unknown owner…).
type Test<'a> = Box<dyn Fn(&SystemView) -> bool + 'a>;

impl Board {
    /// The board restricted to `filter`: systems that pass every filter set, the motions that
    /// touch them (or the chosen motion), with the summary counted over what is shown.
    /// Never adds or alters anything.
    pub fn filtered(&self, filter: &BoardFilter) -> Board {
        if filter.is_empty() {
            return self.clone();
        }
        let chosen: Option<Option<&MotionView>> = filter
            .motion
            .as_ref()
            .map(|id| self.motions.iter().find(|m| m.id.as_str() == id));
        let mut tests: Vec<(Test, String)> = Vec::new();
        let mut unknown: Option<String> = None;

        if let Some(owner) = &filter.owner {
            if !self.owners.iter().any(|k| k.eq_ignore_ascii_case(owner)) {
                unknown = Some(format!("No system is owned by \u{201c}{owner}\u{201d}."));
            }
            let owner = owner.clone();
            tests.push((
                Box::new(move |s| s.owner.eq_ignore_ascii_case(&owner)),
                format!(
                    "owner \u{201c}{}\u{201d}",
                    filter.owner.as_deref().unwrap_or_default()
                ),
            ));
        }
        if let Some(id) = &filter.motion {
            let depends: HashSet<&SystemId> = chosen
                .flatten()
                .map(|m| m.depends_on.iter().collect())
                .unwrap_or_default();
            if chosen.flatten().is_none() {
                unknown = unknown.or(Some(format!("No motion has the id \u{201c}{id}\u{201d}.")));
            }
            tests.push((
                Box::new(move |s| depends.contains(&s.id)),
                format!("motion \u{201c}{id}\u{201d}"),
            ));
        }
        if let Some(text) = &filter.status {
            match Status::parse(text) {
                Some(status) => tests.push((
                    Box::new(move |s| s.status == status),
                    format!("status \u{201c}{}\u{201d}", status.label()),
                )),
                None => {
                    unknown = unknown.or(Some(format!(
                        "\u{201c}{text}\u{201d} is not a status: use ready, configured_unproven, manual_fallback or blocked."
                    )));
                    tests.push((
                        Box::new(|_| false),
                        format!("status \u{201c}{text}\u{201d}"),
                    ));
                }
            }
        }
        if let Some(text) = &filter.text {
            let needle = text.to_lowercase();
            let by_claim = self.systems_with_claim_containing(&needle);
            tests.push((
                Box::new(move |s| by_claim.contains(&s.id) || system_mentions(s, &needle)),
                format!("text \u{201c}{text}\u{201d}"),
            ));
        }

        let systems: Vec<SystemView> = self
            .systems
            .iter()
            .filter(|s| tests.iter().all(|(test, _)| test(s)))
            .cloned()
            .collect();
        let shown: HashSet<&SystemId> = systems.iter().map(|s| &s.id).collect();
        let touches_shown = |m: &MotionView| m.depends_on.iter().any(|id| shown.contains(id));
        let motions = self
            .motions
            .iter()
            .filter(|m| match chosen {
                Some(chosen) => {
                    chosen.is_some_and(|c| c.id == m.id) && (tests.len() == 1 || touches_shown(m))
                }
                None => touches_shown(m),
            })
            .cloned()
            .collect();
        let no_match =
            unknown.or_else(|| systems.is_empty().then(|| self.why_nothing_matched(&tests)));
        Board {
            summary: Summary::count(systems.iter().map(|s| s.status)),
            filter: Some(FilterInfo {
                owner: filter.owner.clone(),
                motion: filter.motion.clone(),
                status: filter.status.clone(),
                text: filter.text.clone(),
                total_systems: self.systems.len(),
                matched_systems: systems.len(),
                no_match,
            }),
            systems,
            motions,
            // Field by field: `..self.clone()` would copy every system only to drop them.
            as_of: self.as_of,
            headline: self.headline.clone(),
            page: self.page.clone(),
            owners: self.owners.clone(),
            proof_commands: self.proof_commands.clone(),
            boundaries: self.boundaries.clone(),
            demo_data: self.demo_data,
            catalog: self.catalog.clone(),
            upcoming: self.upcoming.clone(),
            uptime: self.uptime.clone(),
        }
    }

    /// Systems named by the `until_ready` of any claim whose text or phrasings contain `needle`.
    fn systems_with_claim_containing(&self, needle: &str) -> HashSet<SystemId> {
        self.motions
            .iter()
            .flat_map(|m| &m.claims)
            .filter(|c| {
                std::iter::once(&c.text)
                    .chain(c.matches.iter())
                    .any(|t| t.to_lowercase().contains(needle))
            })
            .flat_map(|c| c.until_ready.iter().cloned())
            .collect()
    }

    /// Names the one filter that matches nothing on its own, or else says they clash together.
    fn why_nothing_matched(&self, tests: &[(Test, String)]) -> String {
        if let Some((_, name)) = tests
            .iter()
            .find(|(test, _)| !self.systems.iter().any(test))
        {
            return format!("No system matches {name}.");
        }
        let names: Vec<&str> = tests.iter().map(|(_, name)| name.as_str()).collect();
        match names.as_slice() {
            [one, two] => format!("No system matches both {one} and {two}."),
            [rest @ .., last] => {
                format!("No system matches all of {} and {last}.", rest.join(", "))
            }
            [] => "No system matches.".to_owned(),
        }
    }
}

/// Case-insensitive: `needle` is already lower-case.
fn system_mentions(system: &SystemView, needle: &str) -> bool {
    let has = |text: &str| text.to_lowercase().contains(needle);
    has(system.id.as_str())
        || has(&system.name)
        || has(&system.area)
        || has(&system.owner)
        || system
            .groups
            .iter()
            .flat_map(|g| g.vars.iter())
            .any(|v| has(v))
}
