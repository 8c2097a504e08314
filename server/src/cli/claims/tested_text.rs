//! `claims test`'s words: each sentence the checker got wrong, each claim's recall and
//! precision (weakest first), then the totals per file and over all files, last.

use super::super::report::{exit_when, Report};
use super::labelled::Tested;
use readiness::claims::labelled::Score;
use std::fmt::Write;
use std::process::ExitCode;

impl Report for Tested {
    fn text(&self, _colour: bool) -> String {
        let mut out = String::new();
        for file in &self.files {
            for m in &file.score.mistakes {
                let _ = writeln!(out, "{}: {:?}", file.file, m.text);
                if !m.missed.is_empty() {
                    let _ = writeln!(out, "  missed: {}", m.missed.join("; "));
                }
                if !m.false_alarms.is_empty() {
                    let _ = writeln!(out, "  false alarm: {}", m.false_alarms.join("; "));
                }
            }
        }
        by_claim(&mut out, &self.total.score);
        if self.files.is_empty() {
            let _ = writeln!(out, "no labelled sentences in the files given");
        }
        for file in self
            .files
            .iter()
            .chain((self.files.len() > 1).then_some(&self.total))
        {
            let (s, c) = (&file.score, &file.score.counts);
            let plural = if s.sentences == 1 { "" } else { "s" };
            let recall = match c.labelled() {
                0 => "recall – (no claims labelled)".to_owned(),
                all => format!(
                    "recall {:.2} ({} of {all} claims found)",
                    file.recall, c.found
                ),
            };
            let precision = match c.findings() {
                0 => "precision – (nothing found)".to_owned(),
                all => format!(
                    "precision {:.2} ({} of {all} findings right)",
                    file.precision, c.found
                ),
            };
            let _ = writeln!(
                out,
                "{}: {} sentence{plural}, {recall}, {precision}",
                file.file, s.sentences
            );
            if self.model.is_some() {
                as_verdicts_count(&mut out, &s.as_counted);
            }
        }
        let under = [
            ("recall", self.min_recall, self.total.recall),
            ("precision", self.min_precision, self.total.precision),
        ];
        for (what, min, got) in under {
            if let Some(min) = min.filter(|min| got < *min) {
                let _ = writeln!(out, "{what} {got:.2} is under the minimum {min:.2}");
            }
        }
        out
    }

    fn exit(&self) -> ExitCode {
        exit_when(self.passed)
    }
}

/// With a model, what a motion's verdict counts: the phrases the model doubts as made.
fn as_verdicts_count(out: &mut String, t: &readiness::claims::labelled::Tally) {
    let said = "as verdicts count (a phrase the model doubts still counts)";
    let _ = writeln!(out, "  {said}: {}", shares(t));
}

/// "recall 0.90 (9 of 10), precision 1.00 (9 of 9)".
fn shares(t: &readiness::claims::labelled::Tally) -> String {
    let recall = ratio("recall", t.recall(), t.found, t.labelled(), "none labelled");
    let precision = ratio(
        "precision",
        t.precision(),
        t.found,
        t.findings(),
        "none found",
    );
    format!("{recall}, {precision}")
}

/// Each claim's recall and precision over all files, weakest recall first, before the totals.
fn by_claim(out: &mut String, total: &Score) {
    let mut claims: Vec<_> = total.by_claim.iter().collect();
    claims.sort_by(|a, b| a.1.recall().total_cmp(&b.1.recall()).then(a.0.cmp(b.0)));
    if !claims.is_empty() {
        let _ = writeln!(out, "by claim, over all files:");
    }
    for (claim, t) in claims {
        let _ = writeln!(out, "  {claim}: {}", shares(t));
    }
}

/// "recall 0.90 (9 of 10)", or "recall – (none labelled)" when there is nothing to share.
fn ratio(what: &str, share: f64, part: usize, whole: usize, none: &str) -> String {
    match whole {
        0 => format!("{what} – ({none})"),
        _ => format!("{what} {share:.2} ({part} of {whole})"),
    }
}
