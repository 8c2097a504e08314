//! `vendor-readiness claims test FILE...`: scores the claim checker on labelled copy (sentences
//! and the claims each makes; the format is in docs/claims.md) against every claim of the
//! catalog, as if nothing were ready: recall, precision, each miss and false alarm, per file
//! and in all, so a compliance team can measure and tune its own rules. Exit 1 under
//! `--min-recall` or `--min-precision`; 2 for a file that is not labelled copy or a label that
//! names no claim.

use super::super::report::{emit, FormatArg};
use super::super::{CliError, InputArgs};
use clap::Args;
use readiness::claims::labelled::{LabelledSet, Score};
use readiness::ClaimRules;
use serde::Serialize;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct TestArgs {
    #[command(flatten)]
    pub inputs: InputArgs,
    /// Labelled files, scored in order; the `[families]` of a file serve it and every file after.
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
    /// Exit 1 when recall over all files is under this share (0 to 1).
    #[arg(long, value_name = "SHARE", value_parser = share)]
    pub min_recall: Option<f64>,
    /// Exit 1 when precision over all files is under this share (0 to 1).
    #[arg(long, value_name = "SHARE", value_parser = share)]
    pub min_precision: Option<f64>,
    #[command(flatten)]
    pub output: FormatArg,
}

fn share(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(v) if (0.0..=1.0).contains(&v) => Ok(v),
        _ => Err(format!("{text:?} is not a share from 0 to 1 (e.g. 0.9)")),
    }
}

/// The scores of labelled copy: per file with sentences, and over them all.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct Tested {
    pub files: Vec<FileScore>,
    pub total: FileScore,
    pub min_recall: Option<f64>,
    pub min_precision: Option<f64>,
    /// Whether the total meets both minimums (true when none is set).
    pub passed: bool,
}

#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct FileScore {
    /// The file, or "all files" for the total.
    pub file: String,
    pub recall: f64,
    pub precision: f64,
    #[serde(flatten)]
    pub score: Score,
}

impl FileScore {
    fn new(file: String, score: Score) -> Self {
        let (recall, precision) = (score.recall(), score.precision());
        FileScore {
            file,
            recall,
            precision,
            score,
        }
    }
}

pub fn run(args: &TestArgs) -> Result<ExitCode, CliError> {
    let (loaded, _) = args.inputs.load()?;
    let checker = ClaimRules::every_claim(&loaded.catalog).compile();
    let mut families = std::collections::BTreeMap::new();
    let (mut files, mut total) = (Vec::new(), Score::default());
    for path in &args.files {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(CliError::io(name.clone()))?;
        let bad =
            |e: readiness::claims::labelled::LabelError| CliError::Usage(format!("{name}: {e}"));
        let mut set = LabelledSet::parse(&text).map_err(bad)?;
        families.extend(std::mem::take(&mut set.families));
        set.families = families.clone();
        let score = set.score(&checker).map_err(bad)?;
        if score.sentences > 0 {
            total.add(&score);
            files.push(FileScore::new(name, score));
        }
    }
    let total = FileScore::new("all files".to_owned(), total);
    let passed = args.min_recall.is_none_or(|m| total.recall >= m)
        && args.min_precision.is_none_or(|m| total.precision >= m);
    let report = Tested {
        files,
        total,
        min_recall: args.min_recall,
        min_precision: args.min_precision,
        passed,
    };
    Ok(emit(&report, &args.output))
}
