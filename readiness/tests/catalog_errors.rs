//! A bad catalog is rejected at load with file, line and reason.

use readiness::catalog_toml::{parse_catalog, CatalogError};

const PAGE: &str =
    "[page]\ntitle = \"t\"\nheadline = \"h\"\nintro = \"i\"\nmotions_intro = \"m\"\n";

fn system(id: &str) -> String {
    format!(
        "[[system]]\nid = \"{id}\"\nname = \"n\"\narea = \"a\"\nowner = \"o\"\nif_missing = \"x\"\nproof_command = \"c\"\nproof_evidence = \"e\"\n[[system.group]]\nname = \"g\"\nkind = \"runtime\"\nvars = [\"V\"]\n"
    )
}

fn errors(body: &str) -> Vec<CatalogError> {
    match parse_catalog("bad.toml", &format!("{PAGE}{body}")) {
        Ok(_) => panic!("catalog should have been rejected"),
        Err(e) => e.0,
    }
}

#[test]
fn invalid_toml_names_the_line() {
    let e = errors("[[system]\nid = 1\n");
    assert_eq!(e.len(), 1);
    assert_eq!((e[0].file.as_str(), e[0].line), ("bad.toml", 6));
    assert!(e[0].to_string().starts_with("bad.toml:6:"), "{}", e[0]);
}

/// Found by the parser property test: a key at the very end of the file with no value; the
/// TOML parser reports it with an empty message.
#[test]
fn a_key_without_a_value_at_the_end_still_gets_a_reason() {
    let e = errors(&format!("{}a=", system("a")));
    assert_eq!(e.len(), 1);
    assert_eq!((e[0].line, e[0].column), (6 + 12, 3));
    assert_eq!(
        e[0].reason,
        "invalid TOML: a value is missing or malformed here"
    );
}

#[test]
fn duplicate_system_id_points_at_the_second() {
    let e = errors(&[system("a"), system("b"), system("a")].concat());
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].line, 6 + 2 * 12 + 1, "{}", e[0]);
    assert!(
        e[0].reason.contains("duplicate system id \"a\""),
        "{}",
        e[0].reason
    );
}

#[test]
fn motion_requiring_unknown_system() {
    let body = format!("{}[[motion]]\nid = \"m\"\nname = \"M\"\nshort = \"M\"\nrequires = [{{ system = \"ghost\", at_least = \"ready\" }}]\n", system("a"));
    let e = errors(&body);
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].line, 6 + 12 + 4);
    assert!(
        e[0].reason.contains("unknown system \"ghost\""),
        "{}",
        e[0].reason
    );
}

#[test]
fn unknown_status() {
    let body = format!("{}[[motion]]\nid = \"m\"\nname = \"M\"\nshort = \"M\"\nrequires = [{{ system = \"a\", at_least = \"redy\" }}]\n", system("a"));
    let e = errors(&body);
    assert!(
        e[0].reason.contains("unknown status \"redy\""),
        "{}",
        e[0].reason
    );
    assert_eq!(e[0].line, 6 + 12 + 4);
}

#[test]
fn empty_group() {
    let e = errors(&system("a").replace("vars = [\"V\"]", "vars = []"));
    assert!(
        e[0].reason.contains("group \"g\" of system \"a\" is empty"),
        "{}",
        e[0].reason
    );
}

#[test]
fn unknown_field_is_a_typo_not_silence() {
    let e = errors(
        &system("a")
            .replace("fallback", "fallbak")
            .replace("owner = \"o\"", "owner = \"o\"\nfalback = true"),
    );
    assert!(e[0].reason.contains("falback"), "{}", e[0].reason);
}

#[test]
fn bad_ids_and_variable_names_are_all_reported() {
    let e = errors(&system("Bad Id").replace("[\"V\"]", "[\"1X\", \"OK=\"]"));
    assert_eq!(e.len(), 3, "{e:?}");
}

#[test]
fn oversized_catalog_is_refused_before_parsing() {
    // A 10 MB catalog: comment lines, so only the size check can refuse it.
    let big = "# padding\n".repeat(1024 * 1024);
    assert_eq!(big.len(), 10 * 1024 * 1024);
    let e = parse_catalog("big.toml", &big).unwrap_err().0;
    assert_eq!(e.len(), 1);
    assert!(
        e[0].reason.contains("10485760 bytes; the limit is 4194304"),
        "{}",
        e[0].reason
    );
    let at_limit = "#".repeat(readiness::catalog_toml::MAX_CATALOG_BYTES);
    let e = parse_catalog("edge.toml", &at_limit).unwrap_err().0;
    assert!(
        e[0].reason.contains("page"),
        "at the limit the file is parsed (and lacks [page]): {}",
        e[0].reason
    );
}

/// An unbounded age would let an expiry overflow the calendar (a panic, found by attack).
#[test]
fn proof_max_age_days_is_bounded_at_load() {
    for days in ["0", "3651", "4294967295"] {
        let body = system("a").replace(
            "proof_evidence = \"e\"\n",
            &format!("proof_evidence = \"e\"\nproof_max_age_days = {days}\n"),
        );
        let e = errors(&body);
        assert_eq!(e.len(), 1, "{days}: {e:?}");
        assert!(
            e[0].reason
                .contains("proof_max_age_days must be between 1 and 3650"),
            "{days}: {}",
            e[0]
        );
    }
}

/// A motion once demanded "manual fallback" of a system without one: a status it never shows.
#[test]
fn requiring_manual_fallback_of_a_system_without_one_is_refused() {
    let body = format!("{}[[motion]]\nid = \"m\"\nname = \"M\"\nshort = \"M\"\nrequires = [{{ system = \"a\", at_least = \"manual_fallback\" }}]\n", system("a"));
    let e = errors(&body);
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].line, 6 + 12 + 4);
    assert!(
        e[0].reason
            .contains("has no manual fallback (fallback = false): require configured_unproven"),
        "{}",
        e[0].reason
    );
}

/// A bad claim pattern or concept is a load error at its own line, never a silent miss.
#[test]
fn bad_patterns_and_concepts_name_their_line() {
    let body = format!(
        "[concepts]\nsso = [\"sso\"]\n\"Bad Name\" = [\"x\"]\nempty = []\n{}[[motion]]\nid = \"m\"\nname = \"M\"\nshort = \"M\"\n[[motion.claim]]\ntext = \"Hands-off SSO\"\nmatch = [\n  \"{{sso}} near {{automatic}}\",\n  \"{{sso}} near x within 50 words\",\n]\n[[motion.claim]]\ntext = \"!!!\"\n",
        system("a")
    );
    let e = errors(&body);
    let found: Vec<(usize, &str)> = e.iter().map(|e| (e.line, e.reason.as_str())).collect();
    assert_eq!(
        found,
        vec![
            (8, "concept name \"Bad Name\": use lower-case letters, digits and _, starting with a letter"),
            (9, "concept \"empty\" lists no phrase"),
            (29, "match: unknown concept {automatic}: add it to [concepts]"),
            (30, "match: \"within 50 words\": expected a number of words from 1 to 20, as in \"within 6 words\""),
            // At the `text` field, not the `[[motion.claim]]` header above it (issue 23).
            (33, "claim text: \"!!!\" has no words to match"),
        ]
    );
}

#[test]
fn a_boundary_lifted_by_an_unknown_system_is_located() {
    let body = format!(
        "{}[[boundary]]\ntext = \"t\"\nlifted_by = [\"a\", \"nope\"]\n",
        system("a")
    );
    let e = errors(&body);
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].reason, "boundary lifted by unknown system \"nope\"");
    assert_eq!(e[0].line, 6 + 12 + 2, "the lifted_by line");
}

/// Found by attack (issue 22, round 5): `for_buyers = "   "` hid the boundary from buyers and
/// `catalog check` said nothing.
#[test]
fn blank_words_for_buyers_are_refused_at_their_line() {
    let body = format!(
        "{}[[boundary]]\ntext = \"t\"\nfor_buyers = \"   \"\n",
        system("a")
    );
    let e = errors(&body);
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(
        e[0].reason.starts_with("for_buyers is empty"),
        "{}",
        e[0].reason
    );
    assert_eq!(e[0].line, 6 + 12 + 2, "the for_buyers line");
}

#[test]
fn an_owner_with_a_control_character_is_refused() {
    let body = system("a").replace("owner = \"o\"", "owner = \"Fin\\tance\"");
    let e = errors(&body);
    assert_eq!(e.len(), 1);
    assert!(
        e[0].reason.contains("has a control character"),
        "{}",
        e[0].reason
    );
}

/// Issue 26, point 4: a control character in any catalog text (a name, a claim, the page) made
/// `/feed.atom` not well-formed XML; it is refused at load with file:line, raw or escaped.
#[test]
fn a_control_character_in_any_text_is_refused_with_its_line() {
    let raw = system("a").replace("name = \"n\"", "name = \"bell\u{7}here\"");
    let e = errors(&raw);
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].line, 8, "raw, TOML refuses it: {}", e[0]);
    for (escape, code) in [
        ("\\u001b", "U+001B"),
        ("\\b", "U+0008"),
        ("\\U0000007f", "U+007F"),
        ("\\uffff", "U+FFFF"),
        ("\\ufffe", "U+FFFE"),
        ("\\u202e", "U+202E"),
    ] {
        let escaped = system("a").replace("area = \"a\"", &format!("area = \"esc{escape}here\""));
        let e = errors(&escaped);
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(e[0].line, 9, "{}", e[0]);
        assert!(e[0].reason.contains(code), "{}", e[0]);
    }
    // Tabs and line breaks in multi-line text stay allowed.
    let fine = system("a").replace("if_missing = \"x\"", "if_missing = '''two\n\tlines'''");
    assert!(parse_catalog("ok.toml", &format!("{PAGE}{fine}")).is_ok());
}
