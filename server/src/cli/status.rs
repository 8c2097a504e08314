//! `vendor-readiness status`: the board in the terminal, computed now or as of a past instant.

use super::board::board_from;
use super::output::{pad, parse_instant, status_text};
use super::report::{emit, FormatArg, Report};
use super::{CliError, InputArgs};
use clap::Args;
use readiness::{display_instant, Board};
use std::process::ExitCode;
use time::OffsetDateTime;

#[derive(Debug, Args)]
pub struct StatusArgs {
    #[command(flatten)]
    pub inputs: InputArgs,
    /// As JSON, the board is the same document as GET /api/vendor-readiness.
    #[command(flatten)]
    pub output: FormatArg,
    /// Compute the board as it was at this instant (RFC 3339), from the proof history.
    #[arg(long, value_parser = parse_instant)]
    pub as_of: Option<OffsetDateTime>,
}

pub fn run(args: &StatusArgs) -> Result<ExitCode, CliError> {
    let now = OffsetDateTime::now_utc();
    let as_of = args.as_of.unwrap_or(now);
    if as_of > now {
        // As the server's `?as_of=` (found by attack: the CLI printed a board of the future).
        return Err(CliError::Usage(format!(
            "--as-of {} is in the future; the board can only be computed for an instant that has passed (the proof expiries ahead are in `upcoming`)",
            display_instant(as_of)
        )));
    }
    let (loaded, _) = args.inputs.load()?;
    let (_, board) = board_from(&loaded, &args.inputs.store_to_read()?, as_of)?;
    Ok(emit(&board, &args.output))
}

impl Report for Board {
    fn text(&self, colour: bool) -> String {
        render(self, colour)
    }
}

/// The compact table shown in a terminal: the summary, the systems, the motions, what is
/// coming.
pub fn render(board: &Board, colour: bool) -> String {
    let s = board.summary;
    let mut out = format!(
        "{} \u{2014} as of {}\n{}\n{}: {} ready, {} configured unproven, {} manual fallback, {} blocked\n\n",
        board.page.title,
        display_instant(board.as_of),
        board.headline,
        if s.systems == 1 { "1 system".to_owned() } else { format!("{} systems", s.systems) },
        s.ready,
        s.configured_unproven,
        s.manual_fallback,
        s.blocked
    );
    if board.inputs.is_none() {
        out.push_str(readiness::board::NO_INPUTS_RECORDED_YET);
        out.push_str("\n\n");
    }
    if board.systems.is_empty() {
        out.push_str("The catalog lists no systems.\n");
    }
    let widths = Widths::of(board);
    systems(&mut out, board, &widths, colour);
    out.push('\n');
    motions(&mut out, board, &widths);
    upcoming(&mut out, board);
    out
}

/// The widths of the id and owner columns.
struct Widths {
    id: usize,
    owner: usize,
}

impl Widths {
    fn of(board: &Board) -> Self {
        let widest = |lengths: Vec<usize>, least: usize| {
            lengths.into_iter().max().unwrap_or(least).max(least) + 2
        };
        Self {
            id: widest(
                board.systems.iter().map(|x| x.id.as_str().len()).collect(),
                6,
            ),
            owner: widest(
                board
                    .systems
                    .iter()
                    .map(|x| x.owner.chars().count())
                    .collect(),
                5,
            ),
        }
    }
}

/// One line a system (and its expected day, while it is not ready).
fn systems(out: &mut String, board: &Board, widths: &Widths, colour: bool) {
    if !board.systems.is_empty() {
        out.push_str(&format!(
            "{}{}{}GROUPS  REASON\n",
            pad("SYSTEM", widths.id),
            pad("OWNER", widths.owner),
            pad("STATUS", 21)
        ));
    }
    for system in &board.systems {
        let status = pad(system.status.label(), 21).replacen(
            system.status.label(),
            &status_text(system.status, colour),
            1,
        );
        out.push_str(&format!(
            "{}{}{}{:<8}{}\n",
            pad(system.id.as_str(), widths.id),
            pad(&system.owner, widths.owner),
            status,
            format!("{}/{}", system.groups_configured, system.groups_total),
            system.reason
        ));
        if let Some(expected) = &system.expected {
            out.push_str(&format!("{}{}\n", " ".repeat(widths.id), expected.words));
        }
    }
}

/// One line a motion: its verdict, what blocks it, when it is expected to move.
fn motions(out: &mut String, board: &Board, widths: &Widths) {
    let ids = board
        .motions
        .iter()
        .map(|m| m.id.as_str().chars().count() + 2);
    let width = ids.fold(widths.id + widths.owner, usize::max);
    for motion in &board.motions {
        let verdict = if motion.can_move { "can move" } else { "gated" };
        out.push_str(&format!("{}{verdict}", pad(motion.id.as_str(), width)));
        if !motion.blockers.is_empty() {
            let blockers: Vec<String> = motion
                .blockers
                .iter()
                .map(|b| {
                    format!(
                        "{} ({}, needs {})",
                        b.system,
                        b.status.label(),
                        b.needs.label()
                    )
                })
                .collect();
            out.push_str(&format!(": {}", blockers.join("; ")));
        }
        if let Some(target) = &motion.target {
            out.push_str(&format!("; {}", target.words));
        }
        if let Some(expected) = &motion.expected {
            out.push_str(&format!("; {}", expected.words));
        }
        out.push('\n');
    }
}

/// The expiries ahead, if any.
fn upcoming(out: &mut String, board: &Board) {
    if board.upcoming.is_empty() {
        return;
    }
    out.push_str(&format!(
        "\nUpcoming (next {} days):\n",
        readiness::over_time::FORECAST_DAYS
    ));
    for coming in &board.upcoming {
        out.push_str(&format!("  {}\n", coming.text));
    }
}
