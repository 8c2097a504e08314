//! `vendor-readiness catalog check`: every problem of each catalog with file:line:column, as
//! text or JSON; exit 0 when every file is valid, 2 when one is not (input that cannot be used).

use super::CheckArgs;
use crate::cli::output::printable;
use crate::cli::report::{emit, Report};
use readiness::catalog_toml::CatalogError;
use serde::Serialize;
use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

pub fn run(args: &CheckArgs) -> ExitCode {
    let files: Vec<Checked> = args.files.iter().map(|f| Checked::of(f)).collect();
    let report = Checks {
        valid: files.iter().all(|f| f.valid),
        files,
    };
    emit(&report, &args.output)
}

/// Every catalog checked.
#[derive(Serialize, schemars::JsonSchema)]
pub(crate) struct Checks {
    valid: bool,
    files: Vec<Checked>,
}

/// One catalog: valid with its counts, or every problem found.
#[derive(Serialize, schemars::JsonSchema)]
struct Checked {
    file: String,
    valid: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    systems: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    motions: Option<usize>,
    problems: Vec<CatalogError>,
    /// Rules of a valid catalog that can never be met (a motion that can never move, a claim
    /// disallowed for good): the catalog is still valid.
    warnings: Vec<CatalogError>,
}

impl Checked {
    fn of(path: &Path) -> Self {
        let file = path.display().to_string();
        let (counts, problems, warnings) = match crate::inputs::check_catalog(Some(path)) {
            Ok((catalog, warnings)) => (
                Some((catalog.systems().len(), catalog.motions().len())),
                Vec::new(),
                warnings,
            ),
            Err(crate::inputs::InputError::Catalog(errors)) => (None, errors.0, Vec::new()),
            Err(other) => (None, vec![whole_file(&file, other.to_string())], Vec::new()),
        };
        Self {
            valid: counts.is_some(),
            systems: counts.map(|c| c.0),
            motions: counts.map(|c| c.1),
            file,
            problems,
            warnings,
        }
    }
}

/// A problem of the whole file (it cannot be read): no line or column.
fn whole_file(file: &str, reason: String) -> CatalogError {
    CatalogError {
        file: file.to_owned(),
        line: 0,
        column: 0,
        reason,
    }
}

/// One problem as `file:line:column: reason` (`file: reason` for the whole file).
fn line(out: &mut String, problem: &CatalogError, kind: &str) {
    let reason = printable(&problem.reason);
    let _ = match problem.line {
        0 => writeln!(out, "{}: {kind}{reason}", problem.file),
        line => writeln!(
            out,
            "{}:{line}:{}: {kind}{reason}",
            problem.file, problem.column
        ),
    };
}

impl Report for Checks {
    fn text(&self, _colour: bool) -> String {
        let mut out = String::new();
        for checked in &self.files {
            let file = &checked.file;
            if let (Some(systems), Some(motions)) = (checked.systems, checked.motions) {
                let (systems, motions) = (
                    readiness::english::counted(systems, "system", "systems"),
                    readiness::english::counted(motions, "motion", "motions"),
                );
                let _ = writeln!(out, "{file}: valid ({systems}, {motions})");
            }
            for problem in &checked.problems {
                line(&mut out, problem, "");
            }
            for warning in &checked.warnings {
                line(&mut out, warning, "warning: ");
            }
        }
        out
    }

    fn exit(&self) -> ExitCode {
        if self.valid {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(2)
        }
    }
}
