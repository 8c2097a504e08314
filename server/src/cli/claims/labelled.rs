//! `vendor-readiness claims test FILE...`: scores the claim checker on labelled copy (sentences
//! and the claims each makes; the format is in docs/claims.md) against every claim of the
//! catalog, as if nothing were ready: recall, precision, each miss and false alarm, per file
//! and in all, so a compliance team can measure and tune its own rules. Exit 1 under
//! `--min-recall` or `--min-precision`; 2 for a file that is not labelled copy or a label that
//! names no claim. With `--claims-model`, the rules joined with a model trained by `claims train`.

use super::super::report::{emit, FormatArg};
use super::super::{CliError, InputArgs};
use clap::Args;
use readiness::claims::labelled::{LabelError, LabelledSet, Score};
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
    pub model: super::model_arg::ModelArg,
    #[command(flatten)]
    pub output: FormatArg,
}

pub(super) fn share(text: &str) -> Result<f64, String> {
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
    /// The model joined with the rules, if one was.
    pub model: Option<String>,
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

/// Each labelled file, read and parsed in order; the `[families]` of a file serve it and every
/// file after.
pub(super) fn read_sets(files: &[PathBuf]) -> Result<Vec<(String, LabelledSet)>, CliError> {
    let mut families = std::collections::BTreeMap::new();
    let mut sets = Vec::with_capacity(files.len());
    for path in files {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(CliError::io(name.clone()))?;
        let mut set = LabelledSet::parse(&text).map_err(bad_labels(&name))?;
        families.extend(std::mem::take(&mut set.families));
        set.families = families.clone();
        sets.push((name, set));
    }
    Ok(sets)
}

/// A labelled file's problem, named by its file.
pub(super) fn bad_labels(name: &str) -> impl Fn(LabelError) -> CliError + '_ {
    move |e| CliError::Usage(format!("{name}: {e}"))
}

pub fn run(args: &TestArgs) -> Result<ExitCode, CliError> {
    let (loaded, _) = args.inputs.load()?;
    let checker = ClaimRules::every_claim(&loaded.catalog).compile();
    let catalog = super::model_arg::Catalog::of(&loaded.catalog, &loaded.info.sha256);
    let checker = args.model.attach(checker, Some(&catalog))?;
    let (mut files, mut total) = (Vec::new(), Score::default());
    for (name, set) in read_sets(&args.files)? {
        let score = set.score(&checker).map_err(bad_labels(&name))?;
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
        // Named whether given or joined by default (found by attack: the shipped model's
        // scores went unsaid).
        model: checker
            .joins_a_model()
            .then(|| match &args.model.claims_model {
                Some(path) => path.display().to_string(),
                None => "the shipped model".to_owned(),
            }),
        min_recall: args.min_recall,
        min_precision: args.min_precision,
        passed,
    };
    Ok(emit(&report, &args.output))
}
