//! Checking copy: rules compiled once, the copy's words found once, a verdict per motion.

use super::matcher::Matcher;
use super::words::Words;
use super::{Allowed, Checked, ClaimChecker, ClaimRules, Shared, Suppressed, UnknownMotion};
use super::{Evidence, Violation};
use crate::board::Board;
use std::sync::Arc;

impl ClaimRules {
    /// Compiles the rules for checking copy (NFKC from this crate's tables, when built with them).
    pub fn compile(self) -> ClaimChecker {
        ClaimChecker::new(self, super::words::default_normalize)
    }

    /// Compiles the rules with the host's NFKC (the browser's, in the wasm).
    pub fn compile_with(self, normalize: super::words::Normalize) -> ClaimChecker {
        ClaimChecker::new(self, normalize)
    }

    /// Every violation in `copy`, in order of position (compiles the rules each time).
    pub fn check(&self, copy: &str) -> Vec<Violation> {
        self.check_at_most(copy, usize::MAX).violations
    }

    /// See [`ClaimChecker::check_at_most`] (compiles the rules each time).
    pub fn check_at_most(&self, copy: &str, limit: usize) -> Checked {
        self.clone().compile().check_at_most(copy, limit)
    }
}

impl ClaimChecker {
    pub fn new(rules: ClaimRules, normalize: super::words::Normalize) -> Self {
        let matcher = Matcher::new(rules.rules.iter().map(|r| &*r.patterns), normalize);
        let shared = rules
            .rules
            .iter()
            .map(|r| Shared {
                claim: Arc::from(r.claim.as_str()),
                lifted_by: Arc::from(r.lifted_by.as_slice()),
                motions: r
                    .motions
                    .iter()
                    .map(|&m| rules.motions[m].id.clone())
                    .collect(),
                instead: r.instead.as_deref().map(Arc::from),
            })
            .collect();
        Self {
            rules,
            matcher,
            shared,
            model: None,
        }
    }

    /// The same rules, joined in every check with a model of labelled copy: the rules' phrases
    /// it doubts are listed as such (and still counted), and the claims it is sure of
    /// where no rule matched are found for their whole sentence.
    #[cfg(feature = "model")]
    pub fn with_model(self, reader: Arc<super::model::Reader>) -> Self {
        let weights = super::model::by_weights::ByWeights::new(reader);
        self.joined(super::model::in_copy::Source::Weights(weights))
    }

    /// The same rules, joined as [`Self::with_model`] with the model's reading of sentences
    /// ([`super::model::Readings`]): a sentence it has not read is left to the rules.
    pub fn with_readings(self, readings: Arc<super::model::Readings>) -> Self {
        self.joined(super::model::in_copy::Source::Readings(readings))
    }

    /// Whether a model (its weights or its reading) is joined with the rules.
    pub fn joins_a_model(&self) -> bool {
        self.model.is_some()
    }

    /// The reading this checker joins with its rules, if it joins one.
    pub fn joined_readings(&self) -> Option<Arc<super::model::Readings>> {
        self.model.as_ref()?.readings()
    }

    /// `more` of the model's reading joined from now on: added to the reading joined (or in
    /// its place, when by another model or shared).
    pub fn read_more(&mut self, more: super::model::Readings) {
        let mut readings = self.joined_readings();
        self.model = None;
        match readings.as_mut().and_then(Arc::get_mut) {
            Some(held) => held.merge(more),
            None => readings = Some(Arc::new(more)),
        }
        if let Some(readings) = readings {
            self.model = Some(self.attach(super::model::in_copy::Source::Readings(readings)));
        }
    }

    fn attach(&self, source: super::model::in_copy::Source) -> super::model::in_copy::Attached {
        super::model::in_copy::Attached::new(source, &self.rules)
    }

    fn joined(mut self, source: super::model::in_copy::Source) -> Self {
        self.model = Some(self.attach(source));
        self
    }

    /// What the model joined by [`Self::with_model`] makes of `copy`'s sentences, for a
    /// checker without the weights to join as this one does ([`Self::with_readings`]); `None`
    /// without weights.
    #[cfg(feature = "model")]
    pub fn readings(&self, copy: &str) -> Option<super::model::Readings> {
        let super::model::in_copy::Source::Weights(weights) = self.model.as_ref()?.source() else {
            return None;
        };
        let words = Words::of(copy, self.matcher.normalize());
        Some(weights.readings(&words, &self.entries(&words)))
    }

    pub fn rules(&self) -> &ClaimRules {
        &self.rules
    }

    /// The first `limit` violations in `copy`, in order of position, how many there are in all,
    /// and each checked motion's verdict: an answer to anonymous copy stays small.
    pub fn check_at_most(&self, copy: &str, limit: usize) -> Checked {
        self.check_skipping(copy, limit, |_| None)
    }

    /// [`Self::check_at_most`] with wordings the copy's author accepted: a phrase whose words
    /// are one of `allowed` is listed as suppressed and counts against no motion.
    pub fn check_allowing(&self, copy: &str, limit: usize, allowed: &Allowed) -> Checked {
        let normalize = self.matcher.normalize();
        self.check_skipping(copy, limit, |phrase| allowed.which(phrase, normalize))
    }

    /// The check, each phrase `allowed_by` names an allowance of set aside as suppressed (the
    /// browser's checker allows nothing, and so carries none of this).
    fn check_skipping(
        &self,
        copy: &str,
        limit: usize,
        allowed_by: impl Fn(&str) -> Option<usize>,
    ) -> Checked {
        let words = Words::of(copy, self.matcher.normalize());
        let mut verdicts = self.rules.clean_verdicts();
        let entries = self.entries(&words);
        let entries = match &self.model {
            Some(model) => model.read(&words, entries),
            None => entries,
        };
        let mut violations = Vec::with_capacity(entries.len().min(limit));
        let mut suppressed = Vec::new();
        // A phrase is a run of overlapping spans ("Checkout" inside "Checkout in seconds"),
        // counted once overall and per motion, and only when not negated (found by a QA team:
        // "Buy now" counted three phrases; a negated phrase counted next to "safe to use").
        let mut count = PhraseCount::new(verdicts.len());
        for entry in &entries {
            let (start, end, rule) = unpack(entry.key);
            let (from, to) = (words.list[start].start(), words.list[end - 1].end());
            let violation = || self.violation(copy, (from, to), rule, entry);
            if let Some(by) = allowed_by(&copy[from..to]) {
                suppressed.push(Suppressed {
                    by,
                    violation: violation(),
                });
                continue;
            }
            // A phrase the model doubts still counts: the model may add to a verdict, never
            // clear one (found by attack: copy padded with other topics made it doubt a real
            // claim, and every motion was called safe).
            let motions = &self.rules.rules[rule].motions;
            let doubted = entry.evidence == Evidence::DoubtedPhrase;
            count.add(
                (start, end),
                (entry.negated, doubted),
                motions,
                &mut verdicts,
            );
            if violations.len() < limit {
                violations.push(violation());
            }
        }
        Checked {
            violations,
            total: entries.len() - suppressed.len(),
            phrases: count.phrases,
            claims: count.claims,
            verdicts,
            suppressed,
        }
    }

    /// The rules' findings in `words`, sorted: every match as one number that sorts by
    /// position, longest first, then rule.
    fn entries(&self, words: &Words) -> Vec<Entry> {
        let per_rule = self.matcher.find(words);
        let mut found: Vec<u64> = Vec::with_capacity(per_rule.iter().map(Vec::len).sum());
        for (rule, spans) in per_rule.into_iter().enumerate() {
            found.extend(spans.into_iter().map(|s| pack(s.start, s.end, rule)));
        }
        found.sort_unstable();
        negations(words, &found)
    }

    /// The violation of `rule` by the copy's bytes `from..to`.
    fn violation(
        &self,
        copy: &str,
        (from, to): (usize, usize),
        rule: usize,
        entry: &Entry,
    ) -> Violation {
        let shared = &self.shared[rule];
        Violation {
            start: from,
            end: to,
            text: copy[from..to].to_owned(),
            claim: Arc::clone(&shared.claim),
            lifted_by: Arc::clone(&shared.lifted_by),
            motions: Arc::clone(&shared.motions),
            instead: shared.instead.clone(),
            negated: entry.negated,
            evidence: entry.evidence,
        }
    }
}

/// One finding before it is counted: where (packed, see [`pack`]), whether it seems negated,
/// and what it rests on.
pub(crate) struct Entry {
    pub key: u64,
    pub negated: bool,
    pub evidence: Evidence,
}

/// The rules' findings, each span's negation looked at once (rules sharing patterns find the
/// same spans).
fn negations(words: &Words, found: &[u64]) -> Vec<Entry> {
    let mut last: Option<((usize, usize), bool)> = None;
    let mut entries = Vec::with_capacity(found.len());
    for &key in found {
        let (start, end, _) = unpack(key);
        let negated = match last {
            Some((span, negated)) if span == (start, end) => negated,
            _ => super::negation::seems_negated(words, start, end),
        };
        last = Some(((start, end), negated));
        let evidence = Evidence::Phrase;
        entries.push(Entry {
            key,
            negated,
            evidence,
        });
    }
    entries
}

/// Phrases and claims found, as readers count them: overlapping spans are one phrase, and a
/// negated span makes no claim; per motion, a phrase is a violation once, or negated once, and
/// among its violations, doubted once when the model doubts every claim it makes for the motion
/// (found by attack: a phrase whose other claim the model kept was counted as doubted).
struct PhraseCount {
    phrases: usize,
    claims: usize,
    /// The current phrase: its number and where it ends, and whether it counted yet.
    phrase: Option<(usize, usize, bool)>,
    /// Per motion: the phrase it was last counted for.
    motions: Vec<Option<Counted>>,
}

/// How the current phrase was counted for one motion.
#[derive(Clone, Copy)]
struct Counted {
    number: usize,
    violation: bool,
    /// Counted as doubted: the model doubted each of its claims for the motion so far.
    doubted: bool,
    /// One of its claims for the motion was kept (not doubted): it is not doubted.
    kept: bool,
}

impl Counted {
    /// One claim of the phrase counted for the motion, doubted by the model or kept.
    fn count_doubt(&mut self, doubted: bool, verdict: &mut super::MotionVerdict) {
        match doubted {
            true if !self.doubted && !self.kept => {
                verdict.doubted += 1;
                self.doubted = true;
            }
            true => {}
            false => {
                self.kept = true;
                if self.doubted {
                    verdict.doubted -= 1;
                    self.doubted = false;
                }
            }
        }
    }
}

impl PhraseCount {
    fn new(motions: usize) -> Self {
        Self {
            phrases: 0,
            claims: 0,
            phrase: None,
            motions: vec![None; motions],
        }
    }

    /// One span of a rule of `motions`, negated or doubted by the model; spans come by
    /// position, longest first.
    fn add(
        &mut self,
        span: (usize, usize),
        (negated, doubted): (bool, bool),
        motions: &[usize],
        verdicts: &mut [super::MotionVerdict],
    ) {
        let number = self.phrase_of(span, negated);
        for &m in motions {
            let verdict = &mut verdicts[m];
            let was = self.motions[m].filter(|c| c.number == number);
            let mut now = was.unwrap_or(Counted {
                number,
                violation: false,
                doubted: false,
                kept: false,
            });
            match (was, negated) {
                (Some(c), false) if !c.violation => {
                    verdict.negated -= 1;
                    verdict.violations += 1;
                    now.violation = true;
                }
                (Some(_), _) => {}
                (None, true) => verdict.negated += 1,
                (None, false) => {
                    verdict.violations += 1;
                    now.violation = true;
                }
            }
            if !negated {
                now.count_doubt(doubted, verdict);
            }
            verdict.safe &= !now.violation;
            self.motions[m] = Some(now);
        }
    }

    /// The number of the phrase `(start, end)` belongs to, counting it (and its claim) when not
    /// negated.
    fn phrase_of(&mut self, (start, end): (usize, usize), negated: bool) -> usize {
        let (number, counted) = match self.phrase {
            Some((number, until, counted)) if start < until => {
                self.phrase = Some((number, until.max(end), counted));
                (number, counted)
            }
            Some((number, _, _)) => {
                self.phrase = Some((number + 1, end, false));
                (number + 1, false)
            }
            None => {
                self.phrase = Some((0, end, false));
                (0, false)
            }
        };
        if !negated {
            self.claims += 1;
            if !counted {
                self.phrases += 1;
                if let Some(phrase) = self.phrase.as_mut() {
                    phrase.2 = true;
                }
            }
        }
        number
    }
}

/// (start, end, rule) as `start << 32 | (255 - length) << 24 | rule`: words are counted in u32,
/// a span is at most 2 × 64 + 20 words, and a catalog has far fewer than 2^24 rules.
pub(crate) fn pack(start: usize, end: usize, rule: usize) -> u64 {
    ((start as u64) << 32) | ((255 - (end - start) as u64) << 24) | rule as u64
}

pub(crate) fn unpack(key: u64) -> (usize, usize, usize) {
    let start = (key >> 32) as usize;
    let length = 255 - ((key >> 24) & 0xff) as usize;
    (start, start + length, (key & 0xff_ffff) as usize)
}

/// Every violation of the claims `motion` may not make, in order of position in `copy`.
pub fn check_copy(
    board: &Board,
    motion: &str,
    copy: &str,
) -> Result<Vec<Violation>, UnknownMotion> {
    Ok(ClaimRules::for_motion(board, motion)?.check(copy))
}
