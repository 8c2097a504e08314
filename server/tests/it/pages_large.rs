//! A large board's page (issue 24): the table lists the first 25 rows a filter shows, every
//! other row waits in an inert template, and "List more" asks for the next 25; a board of up
//! to 25 systems renders every row in its table as before.

use crate::common;
use common::*;

/// (ids listed in the table, ids waiting in the template), each in page order.
fn listed_and_waiting(html: &str) -> (Vec<&str>, Vec<&str>) {
    fn ids(part: &str) -> Vec<&str> {
        (part.match_indices("<tr data-system=\""))
            .map(|(i, m)| part[i + m.len()..].split('"').next().unwrap_or_default())
            .collect()
    }
    match html.split_once("<template id=\"unlisted-rows\">") {
        Some((before, after)) => {
            let (waiting, rest) = after.split_once("</template>").expect("template ends");
            assert!(
                !rest.contains("<tr data-system="),
                "rows after the template"
            );
            (ids(before), ids(waiting))
        }
        None => (ids(html), Vec::new()),
    }
}

/// Whether the "List more" line is hidden (it is always on the page: an island).
fn more_hidden(html: &str) -> bool {
    let at = html
        .find(r#"data-testid="more-rows""#)
        .expect("the more-rows line");
    let start = html[..at].rfind('<').expect("its tag");
    let tag = &html[start..at + html[at..].find('>').expect("its tag ends")];
    tag.contains(" hidden")
}

fn large_app() -> TestApp {
    edited_catalog_app(|_| readiness::synthetic::catalog_toml(1_000, 20, 7))
}

#[tokio::test]
async fn a_large_board_lists_25_rows_and_keeps_every_other_row_waiting() {
    let app = large_app();
    let (_, html, _) = get(&app, "/").await;
    let (listed, waiting) = listed_and_waiting(&html);
    assert_eq!((listed.len(), waiting.len()), (25, 975));
    let mut all: Vec<&str> = listed.iter().chain(&waiting).copied().collect();
    all.sort_unstable();
    all.dedup();
    assert_eq!(all.len(), 1_000, "each system is on the page exactly once");
    assert!(html.contains("Showing all 1000 vendor systems."));
    assert!(html.contains("The first 25 are listed here."));
    assert!(html.contains(r#"<a href="/?rows=50" data-role="more-rows">List 25 more</a>"#));
    assert!(!more_hidden(&html));

    let (_, more, _) = get(&app, "/?rows=200").await;
    let (listed_more, _) = listed_and_waiting(&more);
    assert_eq!(listed_more.len(), 200);
    assert_eq!(listed_more[..25], listed[..], "the first 25 stay first");
    assert!(more.contains(r#"href="/?rows=225""#));
    // A number between steps lists up to the next whole step.
    let (_, between, _) = get(&app, "/?rows=110").await;
    assert_eq!(listed_and_waiting(&between).0.len(), 125);
}

#[tokio::test]
async fn a_filter_lists_its_own_first_rows_and_the_last_step_says_so() {
    let app = large_app();
    // The last system waits in the template of the whole board; its own filter lists it.
    let (_, html, _) = get(&app, "/?q=sys-999").await;
    let (found, waiting) = listed_and_waiting(&html);
    assert_eq!(found, ["sys-999"]);
    assert_eq!(waiting.len(), 999);
    assert!(more_hidden(&html));

    // Every row asked for, and a few more: the whole board is listed, no link is left.
    let (_, whole, _) = get(&app, "/?rows=5000").await;
    let (listed, waiting) = listed_and_waiting(&whole);
    assert_eq!((listed.len(), waiting.len()), (1_000, 0));
    assert!(more_hidden(&whole));
    // One step short of the end: the last step names what is left.
    let (_, near, _) = get(&app, "/?rows=975").await;
    assert!(near.contains("List the last 25"));
    let (_, further, _) = get(&app, "/?rows=950").await;
    assert!(further.contains("List 25 more"));
}

#[tokio::test]
async fn a_board_of_up_to_25_systems_has_every_row_in_its_table() {
    let (_, html, _) = get(&seed_app(), "/?owner=Finance&rows=100").await;
    let (listed, waiting) = listed_and_waiting(&html);
    assert_eq!((listed.len(), waiting.len()), (7, 0));
    assert!(!html.contains("unlisted-rows"));
    assert!(more_hidden(&html));
    assert_eq!(visible_rows(&html).len(), 1, "a filter still hides rows");
}
