//! What the live board's small islands show of a filter (the counts, the result sentence, why
//! nothing matched, the filter in words, the permalink), computed by one function on the server
//! and in the browser and shared through context, so both render the same `view!`.

use leptos::prelude::*;
use readiness::answer::count_sentence;
use readiness::listing::Listing;
use readiness::{BoardFilter, FilterIndex, FilterOutcome};

/// One filter's outcome on the page, as the small islands read it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Shown {
    pub outcome: FilterOutcome,
    /// How many systems the whole board has.
    pub total: usize,
    pub filtered: bool,
    /// The filter in words ("owner “Finance” and status “ready”"), empty without one.
    pub described: String,
    /// The absolute address of this view.
    pub permalink: String,
    /// Where "Clear all filters" goes (a past view stays in the past).
    pub cleared: String,
    /// How many of the rows shown are listed (a large board lists them in steps).
    pub listed: usize,
    /// While rows are left unlisted: what is listed and the way to list more, in words.
    pub more: Option<(String, String)>,
    /// The address that lists one step more (without JavaScript; the browser lists them in place).
    pub more_href: String,
}

impl Shown {
    /// `outcome` is `index` filtered by `filter`; `motion_label` is the chosen motion as the
    /// filter form names it; `href` gives a filter's address on this page (past, operator…);
    /// `listing` is how many of the rows are listed.
    pub fn of(
        index: &FilterIndex,
        filter: &BoardFilter,
        outcome: FilterOutcome,
        motion_label: Option<&str>,
        (origin, listing): (&str, Listing),
        href: impl Fn(&BoardFilter) -> String,
    ) -> Self {
        let (matched, total) = (outcome.systems.len(), index.systems.len());
        let here = href(filter);
        let joiner = if here.contains('?') { '&' } else { '?' };
        Self {
            outcome,
            total,
            filtered: !filter.is_empty(),
            described: filter.describe_with(motion_label),
            permalink: format!("{origin}{here}"),
            cleared: href(&BoardFilter::default()),
            listed: listing.listed(matched, total),
            more: listing.words(matched, total),
            more_href: format!("{here}{joiner}rows={}", listing.next().limit()),
        }
    }

    /// "Showing 3 of 7 systems."
    pub fn sentence(&self) -> String {
        count_sentence(self.outcome.systems.len(), self.total, self.filtered)
    }

    /// How many shown systems have `status`.
    pub fn count_of(&self, status: readiness::Status) -> String {
        self.outcome.summary.of(status).to_string()
    }

    /// The systems count: "3 of 7" when filtered, "7" when not.
    pub fn systems_count(&self) -> String {
        match self.filtered {
            true => format!("{} of {}", self.outcome.systems.len(), self.total),
            false => self.total.to_string(),
        }
    }
}

/// Gives the small islands `shown`: the server's page provides what it rendered, the
/// browser's live board a memo of its filter and index. Leptos carries context from an island
/// to the islands among its children.
pub fn provide_shown(shown: Memo<Shown>) {
    provide_context(shown);
}

/// What the live board provides. Outside a live board, nothing shown.
pub fn use_shown() -> Memo<Shown> {
    use_context::<Memo<Shown>>().unwrap_or_else(|| Memo::new(|_| Shown::default()))
}
