//! The replay's side of an offer's day ([`super::awaited`]): which motions a status move, a day
//! passing or an edit may move, what was last said of each (kept while it can move, and across
//! an edit by its id and words, else its words, else its id), and the changes that say more.

use super::awaited::{awaited, day_change};
use super::due::same_system;
use super::step::Replay;
use super::Change;
use crate::catalog::{Catalog, Requirement, System};
use crate::ids::SystemId;
use crate::status::Status;
use std::collections::HashMap;
use time::OffsetDateTime;

impl Replay {
    /// System `system`'s expected day passed at `when`: the motions it keeps from moving have
    /// a system overdue now, or their own day passed.
    pub(super) fn day_passed(
        &mut self,
        system: usize,
        when: OffsetDateTime,
        out: &mut Vec<Change>,
    ) {
        let status = self.state.statuses[system];
        let mut motions: Vec<usize> = (self.requirements[system].iter())
            .filter(|&&(_, at_least)| status < at_least)
            .map(|&(m, _)| m)
            .collect();
        if status == Status::Blocked {
            let strict = self.catalog.motions().iter().enumerate();
            motions.extend(strict.filter(|(_, m)| m.no_blocked_systems).map(|(m, _)| m));
        }
        motions.sort_unstable();
        motions.dedup();
        self.days(when, &[system], &motions, out);
    }

    /// The expected days of `motions` at `at`, after `moved` (system positions) moved them: a
    /// change for each gated one whose day is not what was last said of it.
    pub(super) fn days(
        &mut self,
        at: OffsetDateTime,
        moved: &[usize],
        motions: &[usize],
        out: &mut Vec<Change>,
    ) {
        for &m in motions {
            self.awaited[m] = awaited(&self.catalog, m, &self.state.statuses, &self.blocked, at);
            let because = self.because(m, moved);
            self.say(at, m, (because, false), out);
        }
    }

    /// Says motion `m`'s day at `at` if it is gated and its day is news after what was said
    /// last ([`super::awaited::Awaited::news_after`]; `edited`: an edit moved a day it waits on).
    fn say(
        &mut self,
        at: OffsetDateTime,
        m: usize,
        (because, edited): (Vec<SystemId>, bool),
        out: &mut Vec<Change>,
    ) {
        let Some(is) = &self.awaited[m] else {
            return;
        };
        let said = self.said[m].as_ref();
        if said.is_some_and(|said| !is.news_after(said, edited)) {
            return;
        }
        out.push(day_change(at, &self.catalog, m, (said, is), because));
        self.said[m] = Some(is.clone());
    }

    /// Which of `moved` (system positions) motion `m` requires (or waits on, blocked), by id.
    pub(super) fn because(&self, m: usize, moved: &[usize]) -> Vec<SystemId> {
        let motion = &self.catalog.motions()[m];
        let systems = self.catalog.systems();
        let strict =
            |s: usize| motion.no_blocked_systems && self.state.statuses[s] == Status::Blocked;
        (moved.iter().copied())
            .filter(|&s| strict(s) || motion.requires.iter().any(|r| r.system == systems[s].id))
            .map(|s| systems[s].id.clone())
            .collect()
    }

    /// This replay (after an edit at `at`) takes what `before` said of each motion (found by
    /// [`OldMotions::position`]: an id renamed, swapped or moved in a cycle keeps its offer's),
    /// and says each day that is news after it; `because` names the systems it waits on whose
    /// day the edit gave, moved or removed.
    pub(super) fn carry_said(
        &mut self,
        at: OffsetDateTime,
        before: &Replay,
        out: &mut Vec<Change>,
    ) {
        let old = &before.catalog;
        let index = OldMotions::of(old);
        for m in 0..self.catalog.motions().len() {
            // A motion the edit lists anew is said with its listing ("not available yet, expected
            // by …"): what Replay::new took.
            if let Some(o) = index.position(&self.catalog.motions()[m]) {
                self.said[m] = before.said[o].clone();
            }
            let because = self.days_edited(old, m);
            let edited = !because.is_empty();
            self.say(at, m, (because, edited), out);
        }
    }

    /// The systems motion `m` waits on whose day differs in `old`, each matched to what it was
    /// as [`super::due`] matches it (same id and name, else same name, else same id: two ids
    /// swapped with their names and days kept move no day).
    fn days_edited(&self, old: &Catalog, m: usize) -> Vec<SystemId> {
        let day = |s: Option<&System>| s?.expected.as_ref().map(|e| e.on);
        let statuses = &self.state.statuses;
        let waiting = |r: &Requirement| {
            let at = self.catalog.system_position(&r.system)?;
            (statuses[at] < r.at_least).then(|| &self.catalog.systems()[at])
        };
        let motion = &self.catalog.motions()[m];
        (motion.requires.iter().filter_map(waiting))
            .filter(|system| day(same_system(old, system)) != day(Some(system)))
            .map(|system| system.id.clone())
            .collect()
    }
}

/// The motions before an edit, by id and by their offer's words.
struct OldMotions<'c> {
    motions: &'c [crate::catalog::Motion],
    by_id: HashMap<&'c crate::MotionId, usize>,
    by_words: HashMap<&'c str, usize>,
}

impl<'c> OldMotions<'c> {
    fn of(old: &'c Catalog) -> Self {
        let motions = old.motions();
        let by_id = motions
            .iter()
            .enumerate()
            .map(|(at, m)| (&m.id, at))
            .collect();
        let by_words = (motions.iter().enumerate())
            .map(|(at, m)| (m.offer_or_name().trim(), at))
            .collect();
        Self {
            motions,
            by_id,
            by_words,
        }
    }

    /// The position of `motion` (of the catalog after the edit) before it: the same id with
    /// the same words, else the same words (an id renamed, or two swapped: found by attack, an
    /// offer was said to come from the other offer's day), else the same id (reworded).
    fn position(&self, motion: &crate::catalog::Motion) -> Option<usize> {
        let words = motion.offer_or_name().trim();
        let by_id = self.by_id.get(&motion.id).copied();
        let same_words = |at: &usize| self.motions[*at].offer_or_name().trim() == words;
        (by_id.filter(same_words))
            .or_else(|| self.by_words.get(words).copied())
            .or(by_id)
    }
}
