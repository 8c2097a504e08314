//! What a release gate expects of a served board (`--expect-gated`, `--expect-can-move`,
//! `--expect-status`, `--expect-deployment`), each a check of its own that says what the board
//! says instead; the deployment mode is always reported.

use super::report::{check, Check};
use clap::Args;
use readiness::{Board, Deployment, MotionId, Status, SystemId};

/// What a release gate expects of the board, each a check of its own.
#[derive(Debug, Args)]
pub struct Expectations {
    /// A motion that must be gated (repeatable).
    #[arg(long = "expect-gated", value_name = "MOTION", value_parser = motion_id)]
    pub gated: Vec<MotionId>,
    /// A motion that must be able to move (repeatable).
    #[arg(long = "expect-can-move", value_name = "MOTION", value_parser = motion_id)]
    pub can_move: Vec<MotionId>,
    /// A system's status, e.g. `stripe-billing=blocked` (repeatable).
    #[arg(long = "expect-status", value_name = "SYSTEM=STATUS", value_parser = system_status)]
    pub status: Vec<(SystemId, Status)>,
    /// The deployment mode the board must say: `live` (production is not a demo) or `demo`.
    #[arg(long = "expect-deployment", value_name = "MODE", value_parser = deployment)]
    pub deployment: Option<Deployment>,
}

fn motion_id(text: &str) -> Result<MotionId, String> {
    MotionId::parse(text).map_err(|e| e.to_string())
}

fn system_status(text: &str) -> Result<(SystemId, Status), String> {
    let (id, status) = text
        .split_once('=')
        .ok_or("give SYSTEM=STATUS, e.g. stripe-billing=blocked")?;
    let id = SystemId::parse(id).map_err(|e| e.to_string())?;
    let status = Status::ALL
        .into_iter()
        .find(|s| s.as_str() == status)
        .ok_or_else(|| format!("unknown status {status:?}: one of ready, configured_unproven, manual_fallback, blocked"))?;
    Ok((id, status))
}

fn deployment(text: &str) -> Result<Deployment, String> {
    match text {
        "live" => Ok(Deployment::Live),
        "demo" => Ok(Deployment::Demo),
        _ => Err(format!("unknown deployment mode {text:?}: live or demo")),
    }
}

/// One check per expectation the operator gave; an id the board does not have fails, naming it.
pub fn expectation_checks(board: &Board, says_mode: bool, expect: &Expectations) -> Vec<Check> {
    let mut out = Vec::new();
    let motion = |id: &readiness::MotionId| board.motion(id);
    for (id, can_move) in expect
        .gated
        .iter()
        .map(|id| (id, false))
        .chain(expect.can_move.iter().map(|id| (id, true)))
    {
        let word = if can_move { "can move" } else { "is gated" };
        let name = format!("motion {id} {word}");
        out.push(match motion(id) {
            Some(m) => check(&name, m.can_move == can_move, verdict(m.can_move)),
            None => check(&name, false, "the board has no such motion"),
        });
    }
    for (id, status) in &expect.status {
        let name = format!("system {id} is {}", status.as_str());
        out.push(match board.systems.iter().find(|s| &s.id == id) {
            Some(s) => check(
                &name,
                s.status == *status,
                format!("it is {}", s.status.as_str()),
            ),
            None => check(&name, false, "the board has no such system"),
        });
    }
    let mode = board.deployment.as_str();
    out.push(match (expect.deployment, says_mode) {
        // Found by attack: a JSON without the field read as "live" and passed the gate.
        (Some(wanted), false) => check(
            &format!("the board is a {} deployment", wanted.as_str()),
            false,
            "the board does not say its deployment mode (its JSON has no `deployment`)",
        ),
        (Some(wanted), true) => check(
            &format!("the board is a {} deployment", wanted.as_str()),
            board.deployment == wanted,
            format!("it says {mode}"),
        ),
        (None, true) => check(
            &format!("the board says it is a {mode} deployment"),
            true,
            mode,
        ),
        (None, false) => check(
            "the board says its deployment mode",
            false,
            "its JSON has no `deployment`",
        ),
    });
    out
}

fn verdict(can_move: bool) -> &'static str {
    if can_move {
        "it can move"
    } else {
        "it is gated"
    }
}
