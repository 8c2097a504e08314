//! Reading allowances: both comment forms, several wordings, where each stands, and refusals.

use super::read;

fn wordings(text: &str, plain: bool) -> Vec<(String, usize, usize)> {
    let mut searchable = text.to_owned();
    let found = read("copy", text, &mut searchable, plain).unwrap();
    found
        .into_iter()
        .map(|a| (a.wording, a.line, a.column))
        .collect()
}

#[test]
fn reads_each_wording_with_where_its_comment_stands() {
    let markdown =
        "Intro.\n  <!-- claims: allow \"Public checkout\", \"Buy now\" -->\n<!-- a note -->";
    let expected = [
        ("Public checkout".to_owned(), 2, 3),
        ("Buy now".to_owned(), 2, 3),
    ];
    assert_eq!(wordings(markdown, false), expected);
    let text = "Buy now.\n# claims: allow \"Buy now\"\n#hashtag";
    assert_eq!(wordings(text, true), [("Buy now".to_owned(), 2, 1)]);
    assert!(
        wordings(text, false).is_empty(),
        "a # line is a heading in Markdown"
    );
}

#[test]
fn in_plain_text_the_comment_is_not_copy() {
    let comment = "# claims: allow \"Buy now\"";
    let text = format!("Buy now.\n{comment}\nEnd.");
    let mut searchable = text.to_owned();
    read("copy.txt", &text, &mut searchable, true).unwrap();
    assert_eq!(searchable.len(), text.len());
    assert_eq!(
        searchable,
        format!("Buy now.\n{}\nEnd.", " ".repeat(comment.len()))
    );
}

#[test]
fn a_claims_comment_that_does_not_read_so_is_refused_with_where() {
    for bad in [
        "<!-- claims: allow Public checkout -->",
        "<!-- claims: allow \"\" -->",
        "<!-- claims: alow \"x\" -->",
        "<!-- claims: allow \"x\" y -->",
        "<!-- claims: allow -->",
    ] {
        let text = format!("Copy.\n{bad}");
        let mut searchable = text.clone();
        let error = read("a.md", &text, &mut searchable, false)
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("a.md:2:1: a claims comment reads"),
            "{bad}: {error}"
        );
    }
}
