//! Issue 23: `catalog check` tells everything at once. A new operator's eight mistakes took
//! five runs to find (serde stops at the first; the checks across pieces ran only once each
//! piece was right). Every problem now comes in one run, each at its own field's line and
//! column, with "did you mean" for a misspelt field, word or id.

use readiness::catalog_toml::parse_catalog;

/// The problems the fixture expects: each line's, with what each must say.
fn expected(text: &str) -> Vec<(usize, &str)> {
    text.lines()
        .enumerate()
        .filter_map(|(i, line)| Some((i + 1, line.split_once("# expect: ")?.1)))
        .flat_map(|(line, said)| said.split(" | ").map(move |s| (line, s)))
        .collect()
}

#[test]
fn every_mistake_of_a_first_catalog_is_found_in_one_run_at_its_field() {
    let text = include_str!("fixtures/many-mistakes.toml");
    let errors = parse_catalog("many-mistakes.toml", text).unwrap_err().0;
    let said: Vec<String> = errors.iter().map(ToString::to_string).collect();
    let expected = expected(text);
    assert!(expected.len() >= 10);
    for (line, words) in &expected {
        let found = errors
            .iter()
            .any(|e| e.line == *line && e.reason.contains(words));
        assert!(
            found,
            "line {line} should say {words:?}:\n{}",
            said.join("\n")
        );
    }
    // Nothing else, and each problem once.
    let lines: Vec<usize> = expected.iter().map(|(line, _)| *line).collect();
    let stray: Vec<&String> = (errors.iter().zip(&said))
        .filter(|(e, _)| !lines.contains(&e.line))
        .map(|(_, s)| s)
        .collect();
    assert!(stray.is_empty(), "problems on no expected line: {stray:#?}");
    assert_eq!(errors.len(), expected.len(), "{}", said.join("\n"));
}
