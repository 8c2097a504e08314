//! The summary: the counts (an island of the live board, [`crate::live::SummaryCounts`]) and
//! what each status means.

use crate::status::StatusBadge;
use leptos::prelude::*;
use readiness::Status;

#[component]
pub fn Summary(team: bool) -> AnyView {
    view! {
        <section class="summary" aria-labelledby="summary-heading">
            <h2 id="summary-heading" class="visually-hidden">"Summary"</h2>
            <crate::live::SummaryCounts/>
            <dl class="legend" data-testid="legend" aria-label="What each status means">
                {Status::ALL.into_iter().map(|status| view! {
                    <div><dt><StatusBadge status/></dt><dd>{if team { status.meaning() } else { status.meaning_for_buyers() }}</dd></div>
                }).collect_view()}
            </dl>
        </section>
    }
    .into_any()
}
