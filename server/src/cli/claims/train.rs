//! `vendor-readiness claims train FILE... --out MODEL`: trains a model of the labelled copy
//! (`readiness::claims::model`) for the catalog's claims, with the thresholds that join it to
//! the rules chosen by cross-validation on the same copy; progress on standard error, a report
//! (text or `--json`) on standard output. `claims test --claims-model MODEL` measures it on other copy.

use super::super::files::write_file;
use super::super::report::{emit, FormatArg, Report};
use super::super::{CliError, InputArgs};
use super::labelled::{bad_labels, read_sets, share};
use clap::Args;
use readiness::claims::model::train::{train, Options, Progress};
use readiness::claims::model::Thresholds;
use readiness::ClaimRules;
use serde::Serialize;
use std::fmt::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct TrainArgs {
    #[command(flatten)]
    pub inputs: InputArgs,
    /// Labelled files (the format of `claims test`), read in order.
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
    /// Where to write the model (JSON).
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Replace the file at --out if there is one.
    #[arg(long)]
    pub force: bool,
    /// The precision the rules and the model together must reach in cross-validation; the
    /// thresholds with the best F1 at it are kept (the shipped model was trained at 0.89 on copy
    /// with many hard cases, docs/claims.md).
    #[arg(long, value_name = "SHARE", value_parser = share, default_value_t = 0.93)]
    pub precision: f64,
    #[command(flatten)]
    pub output: FormatArg,
}

/// What was trained and written.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct TrainReport {
    pub out: String,
    pub bytes: usize,
    /// Files that held sentences.
    pub files: usize,
    pub sentences: usize,
    pub catalog_sha256: String,
    /// The claims labelled in the same sentences, weighed as one, in the model's order.
    pub groups: Vec<Vec<String>>,
    pub terms: usize,
    pub thresholds: Thresholds,
    /// The precision asked for, and what cross-validation reached.
    pub precision_asked: f64,
    pub recall: f64,
    pub precision: f64,
    pub floor_met: bool,
}

pub fn run(args: &TrainArgs) -> Result<ExitCode, CliError> {
    if !args.force && args.out.exists() {
        let out = args.out.display();
        return Err(CliError::Usage(format!(
            "{out} already exists: pass --force to replace it"
        )));
    }
    let (loaded, _) = args.inputs.load()?;
    let checker = ClaimRules::every_claim(&loaded.catalog).compile();
    let sets = read_sets(&args.files)?;
    let mut examples = Vec::new();
    for (name, set) in &sets {
        examples.extend(set.examples(&checker).map_err(bad_labels(name))?);
    }
    let options = Options {
        precision: args.precision,
        ..Options::default()
    };
    let files = sets.iter().filter(|(_, s)| !s.sentence.is_empty()).count();
    eprintln!(
        "training on {} sentences from {files} files…",
        examples.len()
    );
    let mut progress = |p: Progress| {
        if p.done == p.of || p.done.is_multiple_of((p.of / 6).max(1)) {
            eprintln!("  {} of {} fits done", p.done, p.of);
        }
    };
    let sha = &loaded.info.sha256;
    let normalize = readiness::default_normalize;
    let model = train(&examples, sha, &options, normalize, &mut progress)?;
    let out = args.out.display();
    let json = serde_json::to_vec(&model)
        .map_err(|e| CliError::io(format!("cannot write {out}"))(std::io::Error::other(e)))?;
    write_file(&args.out, &json, 0o644, args.force)?;
    let report = TrainReport {
        out: args.out.display().to_string(),
        bytes: json.len(),
        files,
        sentences: model.trained.sentences,
        catalog_sha256: sha.clone(),
        groups: model.heads.iter().map(|h| h.claims.clone()).collect(),
        terms: model.vocabulary.terms.len(),
        thresholds: model.thresholds,
        precision_asked: args.precision,
        recall: model.trained.recall,
        precision: model.trained.precision,
        floor_met: model.trained.floor_met,
    };
    Ok(emit(&report, &args.output))
}

impl Report for TrainReport {
    fn text(&self, _colour: bool) -> String {
        let mut out = String::new();
        let claims: usize = self.groups.iter().map(Vec::len).sum();
        let _ = writeln!(
            out,
            "trained on {} sentences from {} file{} (catalog sha256 {})",
            self.sentences,
            self.files,
            if self.files == 1 { "" } else { "s" },
            self.catalog_sha256
        );
        let _ = writeln!(
            out,
            "{} groups of claims labelled alike ({claims} claims), {} terms",
            self.groups.len(),
            self.terms
        );
        let Thresholds { add, keep } = self.thresholds;
        let _ = writeln!(out, "a claim is added where the model gives it {add:.2} or more; a rule's finding is doubted under {keep:.2}");
        if !self.floor_met {
            let _ = writeln!(out, "no thresholds reached precision {:.2} in cross-validation: the most precise were kept", self.precision_asked);
        }
        let _ = writeln!(out, "cross-validated on the same copy, rules and model together: recall {:.2}, precision {:.2}", self.recall, self.precision);
        let _ = writeln!(out, "wrote {} ({} bytes); measure it on copy it was not trained on: vendor-readiness claims test --claims-model {} FILE...", self.out, self.bytes, self.out);
        out
    }
}
