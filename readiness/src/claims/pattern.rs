//! The catalog's claim patterns: `words`, `{concept}`, `{a|b c}` and `X near Y within N words`,
//! parsed once at load with concepts resolved, so a bad pattern is a load error, never a miss.

use crate::text::Text;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Words allowed between the two sides of `near` when `within` is not given.
pub const DEFAULT_NEAR: u8 = 6;
/// The widest `within` a pattern may ask for.
pub const MAX_NEAR: u8 = 20;
/// The longest phrase, in words: the matcher's work per word of copy is bounded by it.
pub const MAX_PHRASE_WORDS: usize = 8;

/// One place in a pattern: any of these phrases (each a run of words, as the catalog wrote it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Term(pub Arc<[Text]>);

/// A parsed pattern: terms in a row, optionally near another row of terms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Pattern {
    pub terms: Vec<Term>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub near: Option<Near>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Near {
    pub terms: Vec<Term>,
    /// Most words allowed between the two sides (same sentence, either order).
    pub within: u8,
}

/// The built-in concept: nobody from the vendor's side is needed ("no sales call", "without
/// ever emailing us"), found by a rule rather than listed ([`super::unassisted`]). A catalog's own
/// concept of that name wins.
pub const NOBODY_NEEDED: &str = "nobody_needed";
/// The phrase that stands for [`NOBODY_NEEDED`] in a resolved pattern: the matcher finds it by
/// the rule, never by its words.
pub const NOBODY_NEEDED_PHRASE: &str = "{nobody_needed}";

/// Concept names and their phrases, from the catalog's `[concepts]` table.
pub type Concepts = FxHashMap<String, Arc<[Text]>>;

/// A concept name: a lower-case letter, then lower-case letters, digits and `_`.
pub fn is_concept_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// A phrase as a single term: a claim's head, or a concept's phrase.
pub fn literal(phrase: &str) -> Result<Pattern, String> {
    check_phrase(phrase)?;
    Ok(Pattern {
        terms: vec![Term(Arc::from([Text::from(phrase.trim())]))],
        near: None,
    })
}

/// Checks that a phrase has between 1 and [`MAX_PHRASE_WORDS`] words.
pub fn check_phrase(phrase: &str) -> Result<(), String> {
    match super::words::Words::of(phrase, super::words::default_normalize)
        .list
        .len()
    {
        0 => Err(format!("{phrase:?} has no words to match")),
        n if n > MAX_PHRASE_WORDS => Err(format!(
            "{phrase:?} has {n} words; a phrase has at most {MAX_PHRASE_WORDS}"
        )),
        _ => Ok(()),
    }
}

/// Parses one `match` entry, resolving `{concept}` references against `concepts`.
/// Every problem of the pattern is said at once, joined by "; " (found by an operator: a
/// pattern's second problem came only once its first was fixed).
pub fn parse(source: &str, concepts: &Concepts) -> Result<Pattern, String> {
    let (left, near) = match split_near(source) {
        Some((left, right)) => (left, Some(right)),
        None => (source, None),
    };
    let mut problems = Vec::new();
    let terms = parse_terms(left, concepts).map_err(|e| problems.push(e));
    let near = near.map(|right| {
        let (right, within) = split_within(right)
            .map_err(|e| problems.push(e))
            .unwrap_or((right, DEFAULT_NEAR));
        let terms = parse_terms(right, concepts).map_err(|e| problems.push(e));
        terms.map(|terms| Near { terms, within })
    });
    match (terms, near.transpose()) {
        (Ok(terms), Ok(near)) if problems.is_empty() => Ok(Pattern { terms, near }),
        _ => Err(problems.join("; ")),
    }
}

/// Splits at the word `near` outside braces.
fn split_near(source: &str) -> Option<(&str, &str)> {
    let mut depth = 0usize;
    for (at, c) in source.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            _ if depth == 0 && source[at..].starts_with("near") => {
                let before = source[..at].chars().next_back();
                let after = source[at + 4..].chars().next();
                if before.is_none_or(char::is_whitespace) && after.is_none_or(char::is_whitespace) {
                    return Some((&source[..at], &source[at + 4..]));
                }
            }
            _ => {}
        }
    }
    None
}

/// `Y within N words` into `Y` and N; no `within` gives [`DEFAULT_NEAR`].
fn split_within(right: &str) -> Result<(&str, u8), String> {
    let Some(at) = right.rfind(" within ") else {
        return Ok((right, DEFAULT_NEAR));
    };
    if right[at..].contains('}') {
        return Ok((right, DEFAULT_NEAR));
    }
    let rest = right[at + 8..].trim();
    let count = rest
        .strip_suffix("words")
        .or_else(|| rest.strip_suffix("word"))
        .unwrap_or(rest)
        .trim();
    match count.parse::<u8>() {
        Ok(n) if (1..=MAX_NEAR).contains(&n) => Ok((&right[..at], n)),
        _ => Err(format!(
            "\"within {rest}\": expected a number of words from 1 to {MAX_NEAR}, as in \"within 6 words\""
        )),
    }
}

/// A row of terms: bare words (each its own term) and `{...}` groups.
fn parse_terms(source: &str, concepts: &Concepts) -> Result<Vec<Term>, String> {
    let mut terms = Vec::new();
    let mut problems: Vec<String> = Vec::new();
    let mut rest = source.trim();
    while !rest.is_empty() {
        if let Some(inner) = rest.strip_prefix('{') {
            let close = inner
                .find('}')
                .ok_or_else(|| format!("{source:?}: '{{' without a closing '}}'"))?;
            if inner[..close].contains('{') {
                return Err(format!("{source:?}: braces do not nest"));
            }
            match group(&inner[..close], concepts) {
                Ok(term) => terms.push(term),
                Err(problem) => problems.push(problem),
            }
            rest = inner[close + 1..].trim_start();
        } else {
            let end = rest.find(['{', '}']).unwrap_or(rest.len());
            if rest[end..].starts_with('}') {
                return Err(format!("{source:?}: '}}' without an opening '{{'"));
            }
            let words = super::words::Words::of(&rest[..end], super::words::default_normalize);
            for word in &words.list {
                terms.push(Term(Arc::from([Text::from(
                    &rest[word.start()..word.end()],
                )])));
            }
            rest = rest[end..].trim_start();
        }
    }
    if !problems.is_empty() {
        return Err(problems.join("; "));
    }
    if terms.is_empty() {
        return Err(format!("{source:?} has no words to match"));
    }
    if terms.len() > MAX_PHRASE_WORDS {
        return Err(format!(
            "{source:?} has {} parts on one side; at most {MAX_PHRASE_WORDS}",
            terms.len()
        ));
    }
    Ok(terms)
}

/// `{name}` (a concept) or `{a|b c|name}` (each alternative a concept or a phrase).
fn group(inner: &str, concepts: &Concepts) -> Result<Term, String> {
    let alternatives: Vec<&str> = inner.split('|').map(str::trim).collect();
    let mut phrases: Vec<Text> = Vec::new();
    for alternative in &alternatives {
        if let Some(concept) = concepts.get(*alternative) {
            phrases.extend(concept.iter().cloned());
        } else if *alternative == NOBODY_NEEDED {
            phrases.push(Text::from(NOBODY_NEEDED_PHRASE));
        } else if alternatives.len() == 1 {
            return Err(match is_concept_name(alternative) {
                true => format!("unknown concept {{{alternative}}}: add it to [concepts]"),
                false => format!("{{{alternative}}} names no concept; a concept name is lower-case letters, digits and _"),
            });
        } else {
            check_phrase(alternative)?;
            phrases.push(Text::from(*alternative));
        }
    }
    Ok(Term(phrases.into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn concepts() -> Concepts {
        let mut c = Concepts::default();
        c.insert(
            "sso".into(),
            Arc::from([Text::from("sso"), Text::from("single sign-on")]),
        );
        c
    }

    #[test]
    fn near_with_groups_and_within() {
        let p = parse(
            "{sso} near {automatic|out of the box} within 3 words",
            &concepts(),
        )
        .unwrap();
        assert_eq!(p.terms.len(), 1);
        assert_eq!(p.terms[0].0.len(), 2);
        let near = p.near.unwrap();
        assert_eq!(near.within, 3);
        assert_eq!(&*near.terms[0].0[1], "out of the box");
    }

    #[test]
    fn nobody_needed_is_built_in_and_a_catalog_concept_of_its_name_wins() {
        let p = parse("{sso} near {nobody_needed}", &concepts()).unwrap();
        let near = p.near.unwrap();
        assert_eq!(&*near.terms[0].0[0], NOBODY_NEEDED_PHRASE);
        let mut own = concepts();
        own.insert(NOBODY_NEEDED.into(), Arc::from([Text::from("no call")]));
        let p = parse("{sso} near {nobody_needed}", &own).unwrap();
        assert_eq!(&*p.near.unwrap().terms[0].0[0], "no call");
    }

    #[test]
    fn bare_words_are_terms_and_near_inside_braces_is_a_word() {
        let p = parse("buy {near real time|now} checkout", &concepts()).unwrap();
        assert_eq!(p.terms.len(), 3);
        assert!(p.near.is_none());
    }

    #[test]
    fn mistakes_are_named() {
        for (bad, says) in [
            ("{ssso} setup", "unknown concept {ssso}"),
            ("{sso near x", "without a closing"),
            ("sso} x", "without an opening"),
            ("{sso} near x within 99 words", "from 1 to 20"),
            ("{sso} near ", "no words"),
            ("!!!", "no words"),
            ("{Big Thing}", "names no concept"),
        ] {
            let error = parse(bad, &concepts()).unwrap_err();
            assert!(error.contains(says), "{bad}: {error}");
        }
        // Every problem of one pattern at once (found by an operator: one per run).
        let error = parse("{ssso} x {nope} near {Big Thing} within 99", &concepts()).unwrap_err();
        for says in [
            "unknown concept {ssso}",
            "unknown concept {nope}",
            "names no concept",
            "from 1 to 20",
        ] {
            assert!(error.contains(says), "{says}: {error}");
        }
    }
}
