//! What smoke's reader types into the page's islands, and what a working board answers, worked
//! out by the engine from the board's JSON and the catalog: real searches (a system's name, then
//! one of its variables: exactly the systems the board's own filter finds must stay on screen),
//! copy making two claims the board still disallows (both must be found), then plain copy (found
//! clean). Found by attack: a search missing real matches, a checker calling all copy safe and an
//! island answering once passed probes typing text that matched nothing (round 23); a search of
//! names alone and a checker knowing one claim passed one query each (round 24).

use readiness::{Board, BoardFilter, Catalog, ClaimRules, FilterIndex};

/// Copy a working claim checker finds clean, for any catalog whose rules find nothing in it.
const PLAIN_COPY: &str = "Smoke check: plain words.";

/// What the reader types, and what must answer it.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Reading {
    /// Texts searched for, each with the ids of the systems a working search shows, sorted.
    pub searches: Vec<(String, Vec<String>)>,
    /// Copy typed in the claim checker, and the (still disallowed) claims it must find there.
    pub claims: Option<(String, Vec<String>)>,
    /// Copy in which a working checker finds no disallowed claim.
    pub clean: Option<String>,
}

/// The reading of `board` (as its JSON says), with claim patterns from `catalog`, the one the
/// board was checked against.
pub fn reading(board: &Board, catalog: &Catalog) -> Reading {
    let rules = ClaimRules::every_claim(catalog).compile();
    let finds = |copy: &str, claims: &[&str]| {
        let found = rules.check_at_most(copy, usize::MAX).violations;
        let found_one = |claim: &&str| found.iter().any(|v| &*v.claim == *claim && !v.negated);
        claims.iter().all(found_one)
    };
    // Each claim the board disallows, with copy the engine finds it in.
    let mut typeable: Vec<(&str, &str)> = Vec::new();
    for claim in board
        .motions
        .iter()
        .flat_map(|m| &m.claims)
        .filter(|c| !c.lifted)
    {
        let copy = [&*claim.head, &*claim.text]
            .into_iter()
            .find(|copy| finds(copy, &[&claim.text]));
        if let Some(copy) = copy.filter(|_| !typeable.iter().any(|(c, _)| *c == &*claim.text)) {
            typeable.push((&claim.text, copy));
        }
    }
    let claims = match typeable.as_slice() {
        [] => None,
        [(claim, copy)] => Some((format!("{copy}."), vec![claim.to_string()])),
        [(first, a), .., (last, b)] => {
            let copy = format!("{a}. {b}.");
            let both = finds(&copy, &[first, last]);
            let one = (format!("{a}."), vec![first.to_string()]);
            Some(match both {
                true => (copy, vec![first.to_string(), last.to_string()]),
                false => one,
            })
        }
    };
    let clean = rules.check_at_most(PLAIN_COPY, 1).violations.is_empty();
    Reading {
        searches: searches(board),
        claims,
        clean: clean.then(|| PLAIN_COPY.to_owned()),
    }
}

/// The system name that, searched for, keeps the fewest systems on screen; then a variable name
/// (or else an owner) that the board's filter finds, so search is tried beyond names.
fn searches(board: &Board) -> Vec<(String, Vec<String>)> {
    let index = FilterIndex::of(board);
    let found = |text: &str| {
        let filter = BoardFilter::new(None, None).with_text(Some(text.to_owned()));
        let at = index.apply(&filter).systems.into_iter();
        let mut ids: Vec<String> = at.map(|at| board.systems[at].id.to_string()).collect();
        ids.sort();
        (text.to_owned(), ids)
    };
    let names = board.systems.iter().map(|s| found(&s.name));
    let mut out: Vec<_> = names.min_by_key(|(_, ids)| ids.len()).into_iter().collect();
    let variables = board
        .systems
        .iter()
        .flat_map(|s| s.groups.iter().flat_map(|g| g.vars.iter()));
    let others = variables.chain(board.systems.iter().map(|s| &s.owner));
    out.extend(
        others
            .map(|text| found(text))
            .find(|(_, ids)| !ids.is_empty()),
    );
    out
}

#[cfg(test)]
mod tests;
