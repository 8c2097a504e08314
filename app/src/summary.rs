//! The summary counts: how many systems, and how many in each status.

use leptos::prelude::*;
use readiness::{Board, Status};

#[component]
pub fn Summary(shown: Memo<Board>) -> AnyView {
    let count = move |status: Status| shown.with(|b| b.summary.of(status));
    let systems = move || shown.with(|b| b.summary.systems);
    let filtered_of = move || {
        shown.with(|b| {
            b.filter
                .as_ref()
                .map(|f| format!(" of {}", f.total_systems))
        })
    };
    view! {
        <section class="summary" aria-labelledby="summary-heading">
            <h2 id="summary-heading" class="visually-hidden">"Summary"</h2>
            <ul class="summary-counts">
                <li class="count count-systems" data-testid="count-systems">
                    <span class="count-value">{systems}{filtered_of}</span>
                    <span class="count-label">"vendor systems"</span>
                </li>
                {Status::ALL.into_iter().map(|status| view! {
                    <li class=format!("count count-{}", status.as_str()) data-testid=format!("count-{}", status.as_str())>
                        <span class="count-value">{move || count(status)}</span>
                        <span class="count-label">{status.label()}</span>
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
    .into_any()
}
