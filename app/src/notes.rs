//! The board's notes about itself: which catalog and inputs it was computed with (the footer),
//! and that it runs on demonstration data when it does (the header).

use leptos::prelude::*;
use readiness::display_instant;

/// Which catalog and inputs the board was computed with: the catalog's digest, and the
/// recorded set of inputs (catalog and configured names) in force, since when.
pub fn catalog_note(board: &readiness::Board) -> Option<String> {
    board.catalog.as_ref().map(|c| {
        let changed = c
            .changed_at
            .map(|t| format!("in force since {}, ", display_instant(t)))
            .unwrap_or_default();
        let inputs = board
            .inputs
            .as_ref()
            .map(|i| {
                let since = if i.in_force_since <= readiness::instant::EARLIEST {
                    String::new()
                } else {
                    format!(" since {}", display_instant(i.in_force_since))
                };
                format!(
                    " Inputs (catalog and configured names) in force{since}: set {}\u{2026}",
                    i.id.chars().take(12).collect::<String>()
                )
            })
            .unwrap_or_else(|| format!(" {}", readiness::board::NO_INPUTS_RECORDED_YET));
        format!(
            "Catalog {changed}sha256 {}\u{2026}{inputs}",
            c.sha256.chars().take(12).collect::<String>()
        )
    })
}

/// Says a demo board is one, whatever was pushed to it since (`data-deployment` for tests), or
/// that demo proof records stand behind some statuses of a live one.
pub fn demo_note(board: &readiness::Board) -> Option<AnyView> {
    let text = match (board.deployment, board.demo_data) {
        (readiness::Deployment::Demo, _) => "This board runs a demonstration configuration (placeholder settings and proof records seeded at start-up): it describes no real deployment.",
        (readiness::Deployment::Live, true) => "Proof records on this board were seeded at start-up to demonstrate it; they prove nothing about a real deployment.",
        (readiness::Deployment::Live, false) => return None,
    };
    Some(
        view! {
            <p class="demo-note" data-testid="demo-note" data-deployment=board.deployment.as_str()>
                <strong>"Demo data. "</strong>
                {text}
            </p>
        }
        .into_any(),
    )
}
