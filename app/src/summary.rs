//! The summary counts (how many systems are shown, of how many, and how many in each status),
//! each status explained where it appears.

use crate::status::StatusBadge;
use leptos::prelude::*;
use readiness::{Board, Status};

#[component]
pub fn Summary(shown: Board, team: bool) -> AnyView {
    let of_total = shown
        .filter
        .as_ref()
        .map(|f| format!(" of {}", f.total_systems));
    // "1 vendor system" on a board of one; "1 of 7 vendor systems" reads right as it is.
    let total = shown
        .filter
        .as_ref()
        .map_or(shown.summary.systems, |f| f.total_systems);
    let label = if total == 1 {
        "vendor system"
    } else {
        "vendor systems"
    };
    view! {
        <section class="summary" aria-labelledby="summary-heading">
            <h2 id="summary-heading" class="visually-hidden">"Summary"</h2>
            <ul class="summary-counts">
                <li class="count count-systems" data-testid="count-systems" data-role="count-systems">
                    <span class="count-value">{shown.summary.systems}{of_total}</span>
                    <span class="count-label">{label}</span>
                </li>
                {Status::ALL.into_iter().map(|status| view! {
                    <li class=format!("count count-{}", status.as_str()) data-testid=format!("count-{}", status.as_str()) data-role=format!("count-{}", status.as_str())>
                        <span class="count-value">{shown.summary.of(status)}</span>
                        <span class="count-label"><span class=format!("status-dot status-{}", status.as_str()) aria-hidden="true"></span>{status.label()}</span>
                    </li>
                }).collect_view()}
            </ul>
            <dl class="legend" data-testid="legend" aria-label="What each status means">
                {Status::ALL.into_iter().map(|status| view! {
                    <div><dt><StatusBadge status/></dt><dd>{if team { status.meaning() } else { status.meaning_for_buyers() }}</dd></div>
                }).collect_view()}
            </dl>
        </section>
    }
    .into_any()
}
