//! The parts of the motion view: how ready it was over time, its evidence and claims, what
//! would let it move, and its badge snippet.

use crate::status::StatusBadge;
use leptos::prelude::*;
use readiness::{Board, MotionView, SystemId};
use std::sync::Arc;

/// A system's name on `board`, or its id when the board lacks it.
fn name_of(board: &Board, id: &SystemId) -> String {
    board
        .system(id)
        .map_or_else(|| id.to_string(), |s| s.name.to_string())
}

/// How ready the motion, and each system it rests on, was over the uptime window.
#[component]
pub fn MotionUptime(motion: MotionView, board: Arc<Board>) -> impl IntoView {
    board.uptime.as_ref().and_then(|report| {
        let window = crate::over_time::Window::of(report);
        let uptime = report.motion(&motion.id)?.clone();
        let systems = motion
            .depends_on
            .iter()
            .filter_map(|id| {
                let uptime = report.system(id)?.clone();
                let name = name_of(&board, id);
                Some(view! {
                    <li><span class="uptime-system">{name}</span>
                        <crate::over_time::UptimeBar uptime window on="Ready" off="Not ready"/></li>
                })
            })
            .collect_view();
        Some(view! {
            <crate::over_time::UptimeBar uptime window on="Could move" off="Could not move"/>
            <details class="uptime-systems">
                <summary>"How ready each system it rests on was"</summary>
                <ul>{systems}</ul>
            </details>
        })
    })
}

/// The evidence the motion requires, and its claims still disallowed and lifted.
#[component]
pub fn EvidenceAndClaims(motion: MotionView, board: Arc<Board>) -> impl IntoView {
    let (lifted, still): (Vec<_>, Vec<_>) = motion.claims.iter().partition(|c| c.lifted);
    view! {
        <div class="motion-columns">
            <section aria-labelledby="evidence-heading">
                <h3 id="evidence-heading">"Required evidence"</h3>
                <ul class="checklist" data-testid="evidence">
                    {motion.required_evidence.iter().map(|e| view! { <li>{e.clone()}</li> }).collect_view()}
                </ul>
            </section>
            <section aria-labelledby="claims-heading">
                <h3 id="claims-heading">"Disallowed claims"</h3>
                <h4>"Still disallowed"</h4>
                <ul class="claims" data-testid="claims-still">
                    {still.iter().map(|c| {
                        let systems: Vec<String> = c.until_ready.iter().map(|id| name_of(&board, id)).collect();
                        let lift = readiness::claims::lifted_when(&systems);
                        view! { <li class="claim-disallowed">{c.text.clone()}<span class="claim-lift">{format!(" \u{2014} {lift}")}</span></li> }
                    }).collect_view()}
                </ul>
                <h4>"Lifted"</h4>
                {if lifted.is_empty() {
                    view! { <p class="none" data-testid="claims-lifted">"None yet."</p> }.into_any()
                } else {
                    view! {
                        <ul class="claims" data-testid="claims-lifted">
                            {lifted.iter().map(|c| view! {
                                <li class="claim-lifted">{c.text.clone()}{crate::receipt::lifted_by(&board, &c.until_ready)}</li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </section>
        </div>
    }
}

/// What would let the motion move: each blocking system, the status it must reach and what
/// it needs.
#[component]
pub fn UnlockSteps(motion: MotionView, board: Arc<Board>) -> impl IntoView {
    let steps = if motion.unlock.steps.is_empty() {
        view! { <p data-testid="unlock-none">"Nothing: no system blocks this motion."</p> }
            .into_any()
    } else {
        view! {
            <ol class="unlock-steps" data-testid="unlock">
                {motion.unlock.steps.iter().map(|step| {
                    let system = board.system(&step.system).cloned();
                    view! {
                        <li data-blocker=step.system.to_string() data-reachable=step.reachable.to_string()>
                            <strong>{step.system_name.clone()}</strong>" is "<StatusBadge status=step.from/>
                            " and must reach "<StatusBadge status=step.to/>
                            {(!step.reachable).then(|| view! { <span class="never">" \u{2014} it never can"</span> })}
                            {(!step.needs.is_empty()).then(|| view! {
                                <ul class="needs">
                                    {step.needs.iter().map(|n| view! { <li><code>{n.clone()}</code></li> }).collect_view()}
                                </ul>
                            })}
                            {system.map(|s| view! { <p class="if-missing"><span class="label">"If missing: "</span>{s.if_missing}</p> })}
                        </li>
                    }
                }).collect_view()}
            </ol>
        }.into_any()
    };
    view! {
        <section aria-labelledby="unlock-heading">
            <h3 id="unlock-heading">"What would let it move"</h3>
            {steps}
        </section>
    }
}

/// The motion's badge and its Markdown, to copy.
#[component]
pub fn BadgeSnippet(motion: MotionView, origin: String) -> impl IntoView {
    let badge = format!(
        "[![{name}]({origin}/badge/motion/{id}.svg)]({origin}/?motion={id})",
        name = motion.name,
        id = motion.id
    );
    let verdict = if motion.can_move { "can move" } else { "gated" };
    view! {
        <section class="badge-snippet" aria-labelledby="badge-heading">
            <h3 id="badge-heading">"Badge"</h3>
            <p><img src=format!("/badge/motion/{}.svg", motion.id) alt=format!("{}: {verdict}", motion.name) height="20"/></p>
            <label for="badge-markdown">"Markdown for this motion's badge"</label>
            <input id="badge-markdown" class="snippet" type="text" readonly value=badge/>
        </section>
    }
}
