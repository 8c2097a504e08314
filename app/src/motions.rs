//! "Sellable motions": the computed headline and each motion's verdict, evidence, claims, blockers.

use crate::status::StatusBadge;
use leptos::prelude::*;
use readiness::{Board, MotionView};

#[component]
pub fn Motions(shown: Memo<Board>, motions_intro: String) -> AnyView {
    view! {
        <section class="motions" aria-labelledby="motions-heading">
            <h2 id="motions-heading">"Sellable motions"</h2>
            <p class="motions-headline" data-testid="motions-headline">{move || shown.with(|b| b.headline.clone())}</p>
            <p class="motions-intro">{motions_intro}</p>
            <div class="motion-list">
                {move || shown.with(|b| b.motions.iter().map(|m| view! { <Motion motion=m.clone()/> }).collect_view())}
            </div>
        </section>
    }
    .into_any()
}

#[component]
fn Motion(motion: MotionView) -> AnyView {
    let verdict = if motion.can_move { "can move" } else { "gated" };
    let heading_id = format!("motion-{}", motion.id);
    let labelled_by = heading_id.clone();
    view! {
        <article class="motion" class:motion-gated=!motion.can_move data-motion=motion.id.to_string() aria-labelledby=labelled_by>
            <header class="motion-header">
                <h3 id=heading_id>{motion.name.clone()}</h3>
                <span class=format!("verdict verdict-{}", if motion.can_move { "moves" } else { "gated" }) data-testid="verdict">
                    {verdict}
                </span>
            </header>
            <h4>"Required evidence"</h4>
            <ul class="evidence">
                {motion.required_evidence.iter().map(|e| view! { <li>{e.clone()}</li> }).collect_view()}
            </ul>
            <h4>"Disallowed claims"</h4>
            <ul class="claims">
                {motion.claims.iter().map(|c| {
                    let lifted = c.lifted;
                    view! {
                        <li class:claim-lifted=lifted data-lifted=lifted.to_string()>
                            {c.text.clone()}
                            {lifted.then(|| view! { <span class="lifted-note">" (lifted: its systems are ready)"</span> })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            {(!motion.blockers.is_empty()).then(|| view! {
                <h4>"Blocked by"</h4>
                <ul class="blockers">
                    {motion.blockers.iter().map(|b| view! {
                        <li data-blocker=b.system.to_string()>
                            <strong>{b.system_name.clone()}</strong>" is "<StatusBadge status=b.status/>
                            {format!(", needs at least {}. ", b.needs.label())}
                            <span class="if-missing">{b.if_missing.clone()}</span>
                        </li>
                    }).collect_view()}
                </ul>
            })}
        </article>
    }
    .into_any()
}
