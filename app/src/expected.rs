//! "When?" on the board (issue 22): a system's expected day, or that none is given, and when a
//! motion is expected to move; the words come from `readiness::expected`, never made up here.

use leptos::prelude::*;
use readiness::expected::{ExpectedView, MotionExpected, TargetView};
use readiness::Status;

/// Under a system that is not ready: "Expected 15 January 2027 (after Stripe's review)." or
/// "No expected date given."; nothing once it is ready.
#[component]
pub fn SystemExpected(status: Status, expected: Option<ExpectedView>) -> impl IntoView {
    (status != Status::Ready).then(|| match expected {
        Some(e) => {
            let note = e.note.as_ref().map(|n| format!(" ({n})")).unwrap_or_default();
            view! {
                <span class="expected" data-overdue=e.overdue.to_string()>{format!("{}{note}.", capitalized(&e.words))}</span>
            }
            .into_any()
        }
        None => view! { <span class="expected expected-none">"No expected date given."</span> }.into_any(),
    })
}

/// Under a motion that cannot move: "Expected by 15 January 2027, waiting on Stripe billing."
#[component]
pub fn MotionExpectedLine(expected: Option<MotionExpected>) -> impl IntoView {
    expected.map(|e| {
        view! {
            <p class="expected" data-overdue=e.overdue.to_string()>{format!("{}.", capitalized(&e.words))}</p>
        }
    })
}

/// A motion's target day and how it stands: "Target 1 February 2027, at risk: expected by
/// 15 March 2027." (`data-target` says how it stands: `met`, `on_track`, `at_risk`, `missed`,
/// `unknown`).
#[component]
pub fn MotionTargetLine(target: Option<TargetView>) -> impl IntoView {
    target.map(|t| {
        view! {
            <p class="target" data-target=t.state.as_str()>{format!("{}.", capitalized(&t.words))}</p>
        }
    })
}

fn capitalized(words: &str) -> String {
    let mut chars = words.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
