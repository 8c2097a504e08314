//! The offers on the whole board. Buyers read each motion as an offer in the catalog's words:
//! available now or not yet, and when. The operator's view (`?view=operator`) reads them as
//! sales motions: the computed headline, what a motion is, each verdict with its disallowed
//! claims and blockers, and a link to its motion view. Every card is rendered; those a filter
//! excludes are `hidden`.

use crate::status::StatusBadge;
use leptos::prelude::*;
use readiness::{Board, BoardFilter, MotionView};
use std::collections::HashSet;

#[component]
pub fn Motions(
    full: std::sync::Arc<Board>,
    shown: Board,
    operator: bool,
    /// The past instant a past view shows (`as_of`): cards say how it stood then, links stay then.
    as_of: Option<String>,
) -> AnyView {
    let shown: HashSet<&str> = shown.motions.iter().map(|m| m.id.as_str()).collect();
    let cards = full
        .motions
        .iter()
        .map(|m| {
            // A buyer's offers stay whatever the systems' filter shows (found by attack: a
            // status filter emptied "What you can buy" under "Available today: …").
            let hidden = operator && !shown.contains(m.id.as_str());
            let as_of = as_of.clone();
            if operator {
                view! { <Motion motion=m.clone() hidden as_of/> }.into_any()
            } else {
                view! { <Offer motion=m.clone() hidden past=as_of.is_some()/> }.into_any()
            }
        })
        .collect_view();
    if !operator {
        // A catalog without motions offers nothing: the answer says so, no empty heading.
        if full.motions.is_empty() {
            return ().into_any();
        }
        return view! {
            <section class="motions offers" aria-labelledby="motions-heading">
                <h2 id="motions-heading">"What you can buy"</h2>
                <div class="motion-list">{cards}</div>
            </section>
        }
        .into_any();
    }
    view! {
        <section class="motions" aria-labelledby="motions-heading">
            <h2 id="motions-heading">"Sellable motions"</h2>
            <p class="motions-headline" data-testid="motions-headline">{full.headline.clone()}</p>
            <p class="term">"A "<dfn>"motion"</dfn>" is "{readiness::status::MOTION_MEANING}"."</p>
            <div class="motion-list">{cards}</div>
        </section>
    }
    .into_any()
}

/// A buyer's card: the offer, whether it can be had now, and if not, when it is expected.
#[component]
fn Offer(motion: MotionView, hidden: bool, past: bool) -> AnyView {
    let heading_id = format!("motion-{}", motion.id);
    let labelled_by = heading_id.clone();
    view! {
        <article class=if motion.can_move { "motion offer" } else { "motion motion-gated offer" } data-motion=motion.id.to_string() data-can-move=motion.can_move.to_string() aria-labelledby=labelled_by hidden=hidden>
            <header class="motion-header">
                <h3 id=heading_id>{motion.offer_title()}</h3>
                <span class=if motion.can_move { "availability availability-now" } else { "availability" } data-testid="availability">{motion.availability(past)}</span>
            </header>
            <crate::expected::MotionExpectedLine expected=motion.expected.clone()/>
        </article>
    }
    .into_any()
}

/// The seller's card: verdict, what would let it move, its claims and blockers.
#[component]
fn Motion(motion: MotionView, hidden: bool, as_of: Option<String>) -> AnyView {
    let heading_id = format!("motion-{}", motion.id);
    let labelled_by = heading_id.clone();
    let href =
        BoardFilter::new(None, Some(motion.id.to_string())).page_href(as_of.as_deref(), false);
    view! {
        <article class=if motion.can_move { "motion" } else { "motion motion-gated" } data-motion=motion.id.to_string() data-can-move=motion.can_move.to_string() aria-labelledby=labelled_by hidden=hidden>
            <header class="motion-header">
                <h3 id=heading_id>{motion.name.clone()}</h3>
                <crate::motion_view::Verdict can_move=motion.can_move/>
            </header>
            <p class="unlock-sentence" data-testid="unlock-sentence">{motion.unlock.sentence.clone()}</p>
            <crate::expected::MotionTargetLine target=motion.target.clone()/>
            <crate::expected::MotionExpectedLine expected=motion.expected.clone()/>
            <details class="motion-more">
            <summary>{more_summary(&motion)}</summary>
            <h4>"Disallowed claims"</h4>
            <ul class="claims">
                {motion.claims.iter().map(|c| view! {
                    <li class=if c.lifted { "claim-lifted" } else { "claim-disallowed" } data-lifted=c.lifted.to_string()>
                        {c.text.clone()}
                        {c.lifted.then(|| view! { <span class="lifted-note">{if c.until_ready.len() == 1 { " (lifted: its system is ready)" } else { " (lifted: its systems are ready)" }}</span> })}
                    </li>
                }).collect_view()}
            </ul>
            {(!motion.blockers.is_empty()).then(|| view! {
                <h4>"Blocked by"</h4>
                <ul class="blockers">
                    {motion.blockers.iter().map(|b| view! {
                        <li data-blocker=b.system.to_string()>
                            <strong>{b.system_name.clone()}</strong>" is "<StatusBadge status=b.status/>
                            {format!(", needs at least {}.", b.needs.label())}
                        </li>
                    }).collect_view()}
                </ul>
            })}
            </details>
            <p class="motion-open"><a href=href>"Open the motion view and claim checker"<span class="visually-hidden">{format!(" for {}", motion.name)}</span></a></p>
        </article>
    }
    .into_any()
}

/// "3 disallowed claims, 2 blocking systems": what the folded part of a card holds, counted.
fn more_summary(motion: &MotionView) -> String {
    let counted = readiness::english::counted;
    let still = motion.claims.iter().filter(|c| !c.lifted).count();
    format!(
        "{}, {}",
        counted(still, "disallowed claim", "disallowed claims"),
        counted(motion.blockers.len(), "blocking system", "blocking systems")
    )
}
