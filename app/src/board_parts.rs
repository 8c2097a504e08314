//! The board page's larger parts: its header (the answer, freshness, past-view and filter
//! notes), the motion view or the team's tools in the results, and its footer.

use crate::page_data::PageData;
use crate::{motion_view, motions, theme};
use leptos::prelude::*;
use readiness::answer::freshness;
use readiness::{display_instant, Board, MotionView};
use std::sync::Arc;
use time::OffsetDateTime;

/// The title, the answer in the reader's words, how fresh the board is, and what it shows.
#[component]
pub fn PageHeader(page: PageData, answer: String, as_of_text: String) -> impl IntoView {
    let full = page.board.clone();
    let past = page.as_of.is_some();
    view! {
        <header class="page-header">
            <div class="header-row">
                <p class="eyebrow">{full.page.title.clone()}</p>
                <theme::ThemeToggle/>
            </div>
            <h1>{full.page.headline.clone()}</h1>
            // The buyer's answer on the public page; the seller's in the operator's and motion views.
            <p id="answer" class="answer" data-testid="answer">{answer}</p>
            <p class="freshness" data-testid="freshness">
                <span id="freshness-text">{format!("{}; board computed {as_of_text}.", freshness(&full, past))}</span>" "
                <span id="live-note" class="live-note" role="status" aria-live="polite" data-testid="live-note"></span>
            </p>
            {crate::notes::demo_note(&full)}
            {page.as_of.clone().map(|_| view! {
                <p class="history-note" data-testid="history-note">
                    <strong>"Past view. "</strong>
                    {format!("This is the board as computed at {as_of_text} from the proof history. ")}
                    <a href=page.filter.to_href()>"See the board now"</a>
                </p>
            })}
            <crate::live::ActiveFilter/>
            <p class="intro">{full.page.intro.clone()}</p>
            // Near the top, where a buyer reads: the form itself is at the end of the page.
            {(page.subscribe && !past).then(|| view! {
                <p class="subscribe-link"><a href="#subscribe">"Get an e-mail when this changes"</a></p>
            })}
        </header>
    }
}

/// A chosen motion's view; else, on the team's view, every motion and the board-wide claim
/// checker; nothing on the buyer's page.
#[component]
pub fn MotionOrTeamTools(
    chosen: Option<MotionView>,
    page: PageData,
    shown: Board,
    operator: bool,
    permalink: String,
) -> impl IntoView {
    let full: Arc<Board> = page.board.clone();
    match chosen {
        Some(motion) => view! {
            <motion_view::MotionDetail motion board=full draft=page.draft.clone() origin=page.origin.clone() action=permalink/>
        }.into_any(),
        None if !operator => ().into_any(),
        None => view! {
            <motions::Motions full=full.clone() shown operator as_of=page.as_of.clone()/>
            <section id="claim-checker" class="claim-checker-section" aria-labelledby="checker-heading">
                <h2 id="checker-heading">"Claim checker"</h2>
                <p>"Paste draft sales copy: every phrase that makes a claim some motion may not make is highlighted, with the motions it is not for, what would lift it and what to write instead; each motion gets a verdict."</p>
                <crate::claim_checker::ClaimChecker label="every motion".to_owned() rules=readiness::ClaimRules::all(&full) draft=page.draft.clone().unwrap_or_default() action=format!("{permalink}#claim-checker")/>
            </section>
        }.into_any(),
    }
}

/// When the board was computed, the permalink, the way to the other view, the catalog's note.
#[component]
pub fn PageFooter(page: PageData, operator: bool, as_of: OffsetDateTime) -> impl IntoView {
    let as_of_text = display_instant(as_of);
    let link = if operator {
        // A motion view is the team's too: the way back leaves it (found by attack: the
        // buyer's way out of a motion view led to another motion view).
        let buyers = readiness::BoardFilter {
            motion: None,
            ..page.filter.clone()
        };
        view! { <a href=buyers.page_href(page.as_of.as_deref(), false)>"Back to the buyer's view"</a> }.into_any()
    } else {
        view! { <a href=page.filter.page_href(page.as_of.as_deref(), true)>"For our sales and operations team: the claims sales may not make, the claim checker, variable names and commands"</a> }.into_any()
    };
    view! {
        <footer class="page-footer">
            <p>
                "Computed as of " <time data-testid="as-of" data-role="as-of" datetime=as_of.format(&time::format_description::well_known::Rfc3339).unwrap_or_default()>{as_of_text}</time>
                {if operator {
                    ". Statuses are computed from the vendor catalog, the names of configured variables and proof records; no secret value is shown."
                } else {
                    ", from the systems we rely on, which of them are set up, and the record of their checks."
                }}
            </p>
            <p class="permalink">"Permalink to this view: " <crate::live::Permalink/></p>
            <p class="operator-link">{link}</p>
            // The catalog's digest and the inputs' set are the team's (and an auditor's) words.
            {operator.then(|| crate::notes::catalog_note(&page.board)).flatten().map(|note| view! { <p class="catalog-note" data-testid="catalog-note">{note}</p> })}
        </footer>
    }
}
