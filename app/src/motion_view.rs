//! The motion view for sales: verdict, evidence checklist, claims still disallowed and lifted,
//! the unlock set with what each blocking system needs, a badge snippet and the claim checker.

use crate::claim_checker::ClaimChecker;
use crate::status::StatusBadge;
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
    let name_of = |id: &readiness::SystemId| {
        board
            .system(id)
            .map_or_else(|| id.to_string(), |s| s.name.to_string())
    };
    let (lifted, still): (Vec<_>, Vec<_>) = motion.claims.iter().partition(|c| c.lifted);
    let rules = ClaimRules::for_motion(&board, motion.id.as_str()).unwrap_or(ClaimRules {
        motions: vec![],
        rules: vec![],
    });
    let badge = format!(
        "[![{name}]({origin}/badge/motion/{id}.svg)]({origin}/?motion={id})",
        name = motion.name,
        id = motion.id
    );
    view! {
        <section class=if motion.can_move { "motion-view motion-view-moves" } else { "motion-view" } data-motion=motion.id.to_string() aria-labelledby="motion-view-heading">
            // On the header, which a live update replaces (the section stays around the kept
            // claim checker: found by attack, its `data-can-move` went stale).
            <header class="motion-header" data-can-move=motion.can_move.to_string()>
                <h2 id="motion-view-heading">{motion.name.clone()}</h2>
                <Verdict can_move=motion.can_move/>
            </header>
            <p class="unlock-sentence" data-testid="unlock-sentence">{motion.unlock.sentence.clone()}</p>
            {board.uptime.as_ref().and_then(|report| {
                let window = crate::over_time::Window::of(report);
                let uptime = report.motion(&motion.id)?.clone();
                let systems = motion.depends_on.iter().filter_map(|id| {
                    let uptime = report.system(id)?.clone();
                    let name = name_of(id);
                    Some(view! {
                        <li><span class="uptime-system">{name}</span>
                            <crate::over_time::UptimeBar uptime window on="Ready" off="Not ready"/></li>
                    })
                }).collect_view();
                Some(view! {
                    <crate::over_time::UptimeBar uptime window on="Could move" off="Could not move"/>
                    <details class="uptime-systems">
                        <summary>"How ready each system it rests on was"</summary>
                        <ul>{systems}</ul>
                    </details>
                })
            })}

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
                            let systems: Vec<String> = c.until_ready.iter().map(name_of).collect();
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

            <section aria-labelledby="unlock-heading">
                <h3 id="unlock-heading">"What would let it move"</h3>
                {if motion.unlock.steps.is_empty() {
                    view! { <p data-testid="unlock-none">"Nothing: no system blocks this motion."</p> }.into_any()
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
                }}
            </section>

            <section id="claim-checker" class="claim-checker-section" aria-labelledby="checker-heading">
                <h3 id="checker-heading">"Claim checker"</h3>
                <p>"Paste draft sales copy: every phrase that makes a claim this motion may not make is highlighted, with what would lift it."</p>
                <ClaimChecker label=motion.name.to_string() rules draft=draft.unwrap_or_default() action=format!("{action}#claim-checker")/>
            </section>

            <section class="badge-snippet" aria-labelledby="badge-heading">
                <h3 id="badge-heading">"Badge"</h3>
                <p><img src=format!("/badge/motion/{}.svg", motion.id) alt=format!("{}: {}", motion.name, if motion.can_move { "can move" } else { "gated" }) height="20"/></p>
                <label for="badge-markdown">"Markdown for this motion's badge"</label>
                <input id="badge-markdown" class="snippet" type="text" readonly value=badge/>
            </section>
        </section>
    }
    .into_any()
}
