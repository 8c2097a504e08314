//! Applying a [`BoardFilter`] to a [`FilterIndex`], and through it to a computed board; the same
//! code serves the page, the browser, the JSON API and the CLI. Linear in the size of the board,
//! and an empty result always says which filter emptied it.

use crate::board::{Board, FilterInfo, Summary};
use crate::filter::BoardFilter;
use crate::filter_index::{FilterIndex, FilterOutcome};

/// One filter's test of a system (by position), with the filter named as a sentence would name it.
type Test<'a> = (Box<dyn Fn(usize) -> bool + 'a>, String);

impl FilterIndex {
    /// Systems that pass every filter set, the motions that touch them (or the chosen motion),
    /// and the counts over what is shown.
    pub fn apply(&self, filter: &BoardFilter) -> FilterOutcome {
        self.apply_with(filter, str::to_lowercase)
    }

    /// [`FilterIndex::apply`] with the browser's own lower-casing (no Unicode tables in the wasm).
    pub fn apply_with(&self, filter: &BoardFilter, lower: fn(&str) -> String) -> FilterOutcome {
        let chosen: Option<Option<usize>> = filter.motion.as_ref().map(|id| {
            let motions = self.motions.iter();
            motions
                .map(|m| &m.id)
                .position(|m| m.eq_ignore_ascii_case(id))
        });
        let (tests, unknown) = self.tests(filter, chosen, lower);
        let systems: Vec<usize> = (0..self.systems.len())
            .filter(|&at| tests.iter().all(|(test, _)| test(at)))
            .collect();
        let mut shown = vec![false; self.systems.len()];
        for &at in &systems {
            shown[at] = true;
        }
        let touches_shown = |at: usize| self.motions[at].systems.iter().any(|&s| shown[s]);
        let motions = (0..self.motions.len())
            .filter(|&at| match chosen {
                Some(chosen) => chosen == Some(at) && (tests.len() == 1 || touches_shown(at)),
                // Unfiltered, every motion shows, one that rests on no system too (found by
                // attack: its card vanished once the page's wasm ran).
                None => tests.is_empty() || touches_shown(at),
            })
            .collect();
        let no_match =
            unknown.or_else(|| systems.is_empty().then(|| self.why_nothing_matched(&tests)));
        FilterOutcome {
            summary: Summary::count(systems.iter().map(|&at| self.systems[at].status)),
            systems,
            motions,
            no_match,
        }
    }

    /// The tests the filter sets, and the first value that names nothing (an unknown owner…).
    fn tests<'a>(
        &'a self,
        filter: &'a BoardFilter,
        chosen: Option<Option<usize>>,
        lower: fn(&str) -> String,
    ) -> (Vec<Test<'a>>, Option<String>) {
        let systems = &self.systems;
        let mut tests: Vec<Test> = Vec::new();
        let mut unknown: Option<String> = None;
        if let Some(owner) = &filter.owner {
            if !self.owners.iter().any(|k| k.eq_ignore_ascii_case(owner)) {
                unknown = Some(format!("No system is owned by \u{201c}{owner}\u{201d}."));
            }
            tests.push((
                Box::new(move |at| systems[at].owner.eq_ignore_ascii_case(owner)),
                format!("owner \u{201c}{owner}\u{201d}"),
            ));
        }
        if let Some(id) = &filter.motion {
            let mut depends = vec![false; systems.len()];
            for &at in chosen
                .flatten()
                .map_or(&[][..], |m| &self.motions[m].systems)
            {
                depends[at] = true;
            }
            if chosen.flatten().is_none() {
                unknown = unknown.or(Some(format!("No offer has the id \u{201c}{id}\u{201d}.")));
            }
            tests.push((
                Box::new(move |at| depends[at]),
                format!("motion \u{201c}{id}\u{201d}"),
            ));
        }
        if let Some(text) = &filter.status {
            match FilterIndex::status_named(text) {
                Some(status) => tests.push((
                    Box::new(move |at| systems[at].status == status),
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
            let needle = lower(text);
            let claims: Vec<bool> = self
                .claims
                .iter()
                .map(|texts| texts.iter().any(|t| crate::english::holds(t, &needle)))
                .collect();
            tests.push((
                Box::new(move |at| {
                    let s = &systems[at];
                    s.claims.iter().any(|&c| claims.get(c) == Some(&true))
                        || s.text.iter().any(|t| crate::english::holds(t, &needle))
                }),
                format!("text \u{201c}{text}\u{201d}"),
            ));
        }
        (tests, unknown)
    }

    /// Names the one filter that matches nothing on its own, or else says they clash together.
    fn why_nothing_matched(&self, tests: &[Test]) -> String {
        if let Some((_, name)) = tests
            .iter()
            .find(|(test, _)| !(0..self.systems.len()).any(test))
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

impl Board {
    /// The board restricted to `filter` (see [`FilterIndex::apply`]). Never adds or alters anything.
    pub fn filtered(&self, filter: &BoardFilter) -> Board {
        if filter.is_empty() {
            return self.clone();
        }
        self.filtered_by(&FilterIndex::of(self), filter)
    }

    /// [`Board::filtered`] with this board's index already built (the server keeps one per
    /// computed board instead of building it for every filtered request).
    pub fn filtered_by(&self, index: &FilterIndex, filter: &BoardFilter) -> Board {
        if filter.is_empty() {
            return self.clone();
        }
        self.filtered_as(filter, &index.apply(filter))
    }

    /// The board as `filter` shows it, from the `outcome` it had on this board's index (the page
    /// computes it once for the board and for its live islands).
    pub fn filtered_as(&self, filter: &BoardFilter, outcome: &FilterOutcome) -> Board {
        if filter.is_empty() {
            return self.clone();
        }
        Board {
            summary: outcome.summary,
            filter: Some(FilterInfo {
                owner: filter.owner.clone(),
                motion: filter.motion.clone(),
                status: filter.status.clone(),
                text: filter.text.clone(),
                total_systems: self.systems.len(),
                matched_systems: outcome.systems.len(),
                no_match: outcome.no_match.clone(),
            }),
            systems: outcome
                .systems
                .iter()
                .map(|&at| self.systems[at].clone())
                .collect(),
            motions: outcome
                .motions
                .iter()
                .map(|&at| self.motions[at].clone())
                .collect(),
            // Field by field: `..self.clone()` would copy every system only to drop them.
            as_of: self.as_of,
            headline: self.headline.clone(),
            page: self.page.clone(),
            owners: self.owners.clone(),
            proof_commands: self.proof_commands.clone(),
            boundaries: self.boundaries.clone(),
            inputs: self.inputs.clone(),
            boundary_status: self.boundary_status.clone(),
            demo_data: self.demo_data,
            deployment: self.deployment,
            version: self.version.clone(),
            catalog: self.catalog.clone(),
            upcoming: self.upcoming.clone(),
            uptime: self.uptime.clone(),
        }
    }
}
