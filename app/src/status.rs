//! A status badge: the status in words and in colour, never colour alone.

use leptos::prelude::*;
use readiness::Status;

#[component]
pub fn StatusBadge(status: Status) -> impl IntoView {
    view! {
        <span class=format!("status status-{}", status.as_str()) data-status=status.as_str()>
            {status.label()}
        </span>
    }
}
