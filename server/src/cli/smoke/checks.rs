//! The checks `smoke` makes of a served board against the catalog: it runs this catalog, lists
//! every system and motion on page and JSON, and its counts agree with each other and the page.

use super::page::Page;
use super::report::{check, Check};
use readiness::board::Summary;
use readiness::{Board, Catalog, Status};

/// The checks that read the board JSON, in order (skipped, by these names, without it).
pub const BOARD_CHECKS: [&str; 4] = [
    "the board runs this catalog",
    "every catalog system and motion is in page and JSON",
    "JSON counts agree with its systems",
    "page counts agree with the JSON",
];

/// The served board against this catalog (`label` names it) and the served page.
pub fn board_checks(
    board: &Board,
    catalog: &Catalog,
    local_digest: &str,
    label: &str,
    page: &Page,
) -> Vec<Check> {
    let text = page.text();
    let served = board.catalog.as_ref().map_or("none", |c| c.sha256.as_str());
    let runs = format!("the board's catalog sha256 is {served}, {label} is {local_digest}");
    let listed = |id: &str| {
        board.systems.iter().any(|s| s.id.as_str() == id)
            || board.motions.iter().any(|m| m.id.as_str() == id)
    };
    let systems = catalog.systems().iter().map(|s| (s.id.as_str(), &s.name));
    let motions = catalog.motions().iter().map(|m| (m.id.as_str(), &m.name));
    let missing: Vec<&str> = systems
        .chain(motions)
        .filter(|(id, name)| !listed(id) || !text.contains(name.as_ref() as &str))
        .map(|(id, _)| id)
        .collect();
    let summary = board.summary;
    let recounted = Summary::count(board.systems.iter().map(|s| s.status));
    // Against the board's own systems: whether they are this catalog's is the first check's.
    let consistent = recounted == summary && summary.systems == board.systems.len();
    let on_page = |status: Option<Status>| {
        let (key, n) = status.map_or(("systems", summary.systems), |s| {
            (s.as_str(), summary.of(s))
        });
        page_count(page, key) == Some(n as u64)
    };
    let page_agrees = on_page(None) && Status::ALL.into_iter().all(|s| on_page(Some(s)));
    let [catalog_check, listed_check, counts_check, page_check] = BOARD_CHECKS;
    vec![
        check(catalog_check, served == local_digest, runs),
        check(
            listed_check,
            missing.is_empty(),
            format!("missing: {missing:?}"),
        ),
        check(
            counts_check,
            consistent,
            format!(
                "the summary says {}; its systems count {}",
                counts(&summary),
                counts(&recounted)
            ),
        ),
        check(page_check, page_agrees, "data-role count-* values"),
    ]
}

/// "7 systems: 1 ready, 1 configured unproven, 3 manual fallback, 2 blocked".
fn counts(summary: &Summary) -> String {
    let each: Vec<String> = Status::ALL
        .into_iter()
        .map(|s| format!("{} {}", summary.of(s), s.label()))
        .collect();
    let systems = readiness::english::counted(summary.systems, "system", "systems");
    format!("{systems}: {}", each.join(", "))
}

/// The number shown for `count-<key>` on the page (the first number in its value).
pub fn page_count(page: &Page, key: &str) -> Option<u64> {
    let role = format!("count-{key}");
    let value = page.text_within(
        |tag| tag.get("data-role") == Some(role.as_str()),
        |tag| tag.has_token("class", "count-value"),
    )?;
    let digits: String = (value.trim_start().chars())
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by a helper's audit (issue 23): a board on another catalog failed "JSON counts
    /// agree with its systems" although they agreed (compared with this catalog's length), and
    /// said so as `Summary { systems: 1, … }`.
    #[test]
    fn counts_agree_on_a_board_of_another_catalog() {
        let shipped =
            readiness::catalog_toml::parse_catalog("c.toml", crate::inputs::EMBEDDED_CATALOG)
                .unwrap();
        let board = readiness::evaluate(
            &shipped,
            &readiness::Environment::default(),
            &readiness::LatestProofs::default(),
            time::OffsetDateTime::UNIX_EPOCH,
        );
        let other = readiness::catalog_toml::parse_catalog(
            "starter.toml",
            include_str!("../../../../catalog/starter.toml"),
        )
        .unwrap();
        let checks = board_checks(&board, &other, "sha", "starter.toml", &Page::read(""));
        let counts = checks.iter().find(|c| c.name == BOARD_CHECKS[2]).unwrap();
        assert!(counts.passed, "{counts:?}");
        assert_eq!(
            super::counts(&board.summary),
            "7 systems: 0 ready, 0 configured unproven, 3 manual fallback, 4 blocked"
        );
    }

    #[test]
    fn reads_page_counts() {
        let html = r#"<li data-role="count-ready" class="count"><span class="count-value">12<!> of 7</span>"#;
        let minified =
            "<li class=count data-role=count-ready><span class=count-value>12 of 7</span>";
        for html in [html, minified] {
            assert_eq!(page_count(&Page::read(html), "ready"), Some(12), "{html}");
            assert_eq!(page_count(&Page::read(html), "blocked"), None, "{html}");
        }
    }
}
