//! The live board's small islands: each renders one part of a filter's outcome from the
//! [`Shown`] the live board provides, with the same `view!` on the server and in the browser.
//! None has props (no JSON decoder in the wasm), so a swapped-in page's copy of one is simply
//! replaced by the live one (`swap.rs`). Every reactive value is read through [`read`] with a
//! plain function, so the wasm holds one reactive text and one reactive flag, not one per use.

use super::shown::{use_shown, Shown};
use leptos::prelude::*;
use readiness::Status;

/// The islands below, by component name.
#[cfg(feature = "hydrate")]
pub const NAMES: [&str; 6] = [
    "ActiveFilter",
    "MoreRows",
    "NoMatch",
    "Permalink",
    "ResultCount",
    "SummaryCounts",
];

/// Marks the island live in the browser (see [`crate::dom::island_live`]) and gives what the
/// live board shows.
fn start(_name: &'static str) -> Memo<Shown> {
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| crate::dom::island_live(_name));
    use_shown()
}

/// A reactive read of what is shown, of one type whatever `part` reads.
fn read<T: 'static>(
    shown: Memo<Shown>,
    part: fn(&Shown) -> T,
) -> impl Fn() -> T + Copy + Send + Sync {
    move || shown.with(part)
}

/// "Showing 3 of 7 vendor systems.", said to screen readers as it changes.
#[island]
pub fn ResultCount() -> impl IntoView {
    let shown = start("ResultCount");
    view! {
        <p id="result-count" class="result-count" role="status" aria-live="polite" data-testid="result-count">
            {read(shown, Shown::sentence)}
        </p>
    }
}

/// The filter in words, under the headline; hidden without one.
#[island]
pub fn ActiveFilter() -> impl IntoView {
    let shown = start("ActiveFilter");
    view! {
        <p id="active-filter" class="active-filter" data-testid="active-filter" hidden=read(shown, |s| s.described.is_empty())>
            "Filtered by "<span id="active-filter-words">{read(shown, |s| s.described.clone())}</span>"."
        </p>
    }
}

/// How many systems are shown, of how many, and how many in each status.
#[island]
pub fn SummaryCounts() -> impl IntoView {
    let shown = start("SummaryCounts");
    let counts = Status::ALL.map(|status| {
        let count: fn(&Shown) -> String = match status {
            Status::Ready => |s| s.count_of(Status::Ready),
            Status::ConfiguredUnproven => |s| s.count_of(Status::ConfiguredUnproven),
            Status::ManualFallback => |s| s.count_of(Status::ManualFallback),
            Status::Blocked => |s| s.count_of(Status::Blocked),
        };
        view! {
            <li class=format!("count count-{}", status.as_str()) data-testid=format!("count-{}", status.as_str()) data-role=format!("count-{}", status.as_str())>
                <span class="count-value">{read(shown, count)}</span>
                <span class="count-label"><span class=format!("status-dot status-{}", status.as_str()) aria-hidden="true"></span>{status.label()}</span>
            </li>
        }
    });
    view! {
        <ul class="summary-counts">
            <li class="count count-systems" data-testid="count-systems" data-role="count-systems">
                <span class="count-value">{read(shown, Shown::systems_count)}</span>
                // "1 vendor system" on a board of one; "1 of 7 vendor systems" reads right as it is.
                <span class="count-label">{read(shown, |s| match s.total {
                    1 => "vendor system".to_owned(),
                    _ => "vendor systems".to_owned(),
                })}</span>
            </li>
            {counts}
        </ul>
    }
}

/// Why nothing matched, and the way out; hidden while something does.
#[island]
pub fn NoMatch() -> impl IntoView {
    let shown = start("NoMatch");
    view! {
        <section id="no-match" class="no-match" data-testid="no-match" aria-labelledby="no-match-heading" hidden=read(shown, |s| s.outcome.no_match.is_none())>
            <h2 id="no-match-heading">"Nothing matches these filters"</h2>
            <p id="no-match-reason">{read(shown, |s| s.outcome.no_match.clone().unwrap_or_default())}</p>
            <p><a href=read(shown, |s| s.cleared.clone()) data-role="clear-filters">"Clear all filters"</a></p>
        </section>
    }
}

/// The absolute address of this view, as a link.
#[island]
pub fn Permalink() -> impl IntoView {
    let shown = start("Permalink");
    let link = read(shown, |s| s.permalink.clone());
    view! { <a href=link data-testid="permalink" data-role="permalink">{link}</a> }
}

/// On a large board, how many of the rows shown are listed, and a link that lists more (the
/// browser lists them in place; without JavaScript the link asks the server for them); hidden
/// while every row shown is listed, as on every board of up to 25 systems.
#[island]
pub fn MoreRows() -> impl IntoView {
    let shown = start("MoreRows");
    view! {
        <p class="more-rows" data-testid="more-rows" hidden=read(shown, |s| s.more.is_none())>
            {read(shown, |s| s.more.as_ref().map(|m| m.0.clone()).unwrap_or_default())}" "
            <a href=read(shown, |s| s.more_href.clone()) data-role="more-rows">{read(shown, |s| s.more.as_ref().map(|m| m.1.clone()).unwrap_or_default())}</a>
        </p>
    }
}
