//! The page reads the same however an HTML minifier wrote it.

use super::Page;

/// The board's head and counts as the server writes them, and as a minifier rewrites them:
/// attributes unquoted, reordered and single-quoted, comments dropped, entities for text.
const WRITTEN: &str = r#"<link rel="stylesheet" href="/pkg/a.css"><link rel="preload" href="/pkg/a.wasm" as="fetch"><script type="module" nonce="n1">go("</p>")</script><!-- <main id="main" data-hydrated="true"> --><main id="main"><li data-role="count-ready" class="count"><span class="count-value">12<!> of 7</span></li><p>Stripe &amp; Co</p></main>"#;
const MINIFIED: &str = r#"<link href=/pkg/a.css rel=stylesheet><link as=fetch href='/pkg/a.wasm' rel=preload><script nonce=n1 type=module>go("</p>")</script><main id=main><li class=count data-role=count-ready><span class="count  count-value">12 of 7</span></li><p>Stripe &#38; Co</p></main>"#;

#[test]
fn a_minified_page_reads_as_the_page_written() {
    for html in [WRITTEN, MINIFIED] {
        let page = Page::read(html);
        let link = |rel| page.first("link", |t| t.has_token("rel", rel));
        assert_eq!(
            link("stylesheet").and_then(|t| t.get("href")),
            Some("/pkg/a.css"),
            "{html}"
        );
        assert_eq!(
            link("preload").and_then(|t| t.get("as")),
            Some("fetch"),
            "{html}"
        );
        let scripts = page.scripts();
        assert_eq!(scripts.len(), 1, "{html}");
        assert_eq!(scripts[0].0.get("nonce"), Some("n1"));
        assert_eq!(scripts[0].1, r#"go("</p>")"#, "a script's text is raw");
        let main = page.first("main", |t| t.get("id") == Some("main"));
        assert_eq!(
            main.and_then(|t| t.get("data-hydrated")),
            None,
            "comments are not tags"
        );
        let count = page.text_within(
            |t| t.get("data-role") == Some("count-ready"),
            |t| t.has_token("class", "count-value"),
        );
        assert!(count.is_some_and(|c| c.starts_with("12")), "{count:?}");
        assert!(page.text().contains("Stripe & Co"), "{}", page.text());
    }
}

#[test]
fn a_page_that_is_not_html_reads_as_nothing_but_text() {
    let page = Page::read("{\"not\": \"html\"}");
    assert_eq!(page.tags().count(), 0);
    assert!(page.scripts().is_empty());
    assert_eq!(page.text(), "{\"not\": \"html\"}");
}

#[test]
fn what_a_template_holds_is_not_the_page() {
    let html = "<template><li data-role=count-ready><span class=count-value>9</span></li><script type=module>x()</script></template><li data-role=count-ready><span class=count-value>3</span>";
    let page = Page::read(html);
    let count = page.text_within(
        |t| t.get("data-role") == Some("count-ready"),
        |t| t.has_token("class", "count-value"),
    );
    assert_eq!(count, Some("3"));
    assert!(page.scripts().is_empty());
    assert!(page.first("template", |_| true).is_none());
}

/// Found by attack (round 26): a declarative shadow root's template is drawn, so it is read.
#[test]
fn a_shadow_roots_template_is_the_page() {
    let page =
        Page::read("<div><template shadowrootmode=open><p>Shown &amp; read</p></template></div>");
    assert_eq!(page.text(), "Shown & read");
}
