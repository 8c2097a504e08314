//! The motion view for sales: verdict, evidence checklist, claims still disallowed and lifted,
//! the unlock set with what each blocking system needs, a badge snippet and the claim checker
//! (its parts in `motion_parts`).

use crate::claim_checker::ClaimChecker;
use crate::motion_parts::{BadgeSnippet, EvidenceAndClaims, MotionUptime, UnlockSteps};
use leptos::prelude::*;
use readiness::{Board, ClaimRules, MotionView};
use std::sync::Arc;

#[component]
pub fn Verdict(can_move: bool) -> impl IntoView {
    let (class, text) = if can_move {
        ("verdict verdict-moves", "can move")
    } else {
        ("verdict verdict-gated", "gated")
    };
    view! { <span class=class data-testid="verdict">{text}</span> }
}

#[component]
pub fn MotionDetail(
    motion: MotionView,
    board: Arc<Board>,
    draft: Option<String>,
    origin: String,
    action: String,
) -> AnyView {
    let rules = ClaimRules::for_motion(&board, motion.id.as_str()).unwrap_or(ClaimRules {
        motions: vec![],
        rules: vec![],
    });
    view! {
        <section class=if motion.can_move { "motion-view motion-view-moves" } else { "motion-view" } data-motion=motion.id.to_string() aria-labelledby="motion-view-heading">
            // On the header, which a live update replaces (the section stays around the kept
            // claim checker: found by attack, its `data-can-move` went stale).
            <header class="motion-header" data-can-move=motion.can_move.to_string()>
                <h2 id="motion-view-heading">{motion.name.clone()}</h2>
                <Verdict can_move=motion.can_move/>
            </header>
            <p class="unlock-sentence" data-testid="unlock-sentence">{motion.unlock.sentence.clone()}</p>
            <MotionUptime motion=motion.clone() board=board.clone()/>
            <EvidenceAndClaims motion=motion.clone() board=board.clone()/>
            <UnlockSteps motion=motion.clone() board=board.clone()/>

            <section id="claim-checker" class="claim-checker-section" aria-labelledby="checker-heading">
                <h3 id="checker-heading">"Claim checker"</h3>
                <p>"Paste draft sales copy: every phrase that makes a claim this motion may not make is highlighted, with what would lift it."</p>
                <ClaimChecker label=motion.name.to_string() rules draft=draft.unwrap_or_default() action=format!("{action}#claim-checker")/>
            </section>

            <BadgeSnippet motion=motion.clone() origin/>
        </section>
    }
    .into_any()
}
