//! Short fragments read with their neighbours, as a reader takes them: "Pick plan. Enter card.
//! Done." and "SSO in ten minutes. Yourself. No tickets." are one sentence to the matcher
//! (claims set 8 missed both). Only sentences closed by a full stop or "!" join: a question, a
//! `;`, a bullet or a blank line still ends one. Clauses keep their numbers, so a negation
//! reaches no further than before.

use super::words::Words;

/// The most words a sentence has to be read as a fragment of the one around it.
const FRAGMENT: usize = 5;
/// The most words of sentences joined into one: a list of a thousand fragments ("Our launch:
/// pay by card. Our launch: …") is not one sentence.
const JOINED: usize = 30;

/// A fragment is a sentence of at most [`FRAGMENT`] words with no subject pronoun and no "is",
/// "has" (see [`tells`]). Gives a fragment the sentence number of the sentence before it, and the sentence after a
/// fragment the fragment's. `stops[k]` says whether sentence `k` ended with "." or "!".
pub(super) fn join_fragments(words: &mut Words, stops: &[bool]) {
    let Some(last) = words.list.last() else {
        return;
    };
    let count = last.sentence as usize + 1;
    let mut sizes = vec![0usize; count];
    let mut told = vec![false; count];
    for word in &words.list {
        sizes[word.sentence as usize] += 1;
        told[word.sentence as usize] |= tells(words.folded(word));
    }
    let stopped = |k: usize| stops.get(k).copied().unwrap_or(false);
    let fragment = |k: usize| (1..=FRAGMENT).contains(&sizes[k]) && !told[k];
    let mut renumbered = Vec::with_capacity(count);
    let (mut current, mut joined) = (0u32, 0usize);
    for (k, &size) in sizes.iter().enumerate() {
        let room = joined + size <= JOINED;
        let joins = k > 0 && stopped(k - 1) && (fragment(k - 1) || fragment(k)) && room;
        if k > 0 && !joins {
            (current, joined) = (current + 1, 0);
        }
        joined += size;
        renumbered.push(current);
    }
    for word in &mut words.list {
        word.sentence = renumbered[word.sentence as usize];
    }
}

/// A word that makes a short sentence a statement of its own rather than a fragment: a subject
/// pronoun or a form of "be" or "have" ("We have SSO. Billing is automatic." are two).
fn tells(folded: &str) -> bool {
    matches!(
        folded,
        "i" | "we"
            | "you"
            | "it"
            | "they"
            | "he"
            | "she"
            | "is"
            | "are"
            | "was"
            | "were"
            | "has"
            | "have"
            | "had"
            | "s"
            | "re"
    )
}

#[cfg(test)]
mod tests {
    use crate::claims::words::{default_normalize, Words};

    fn sentences(text: &str) -> Vec<u32> {
        Words::of(text, default_normalize)
            .list
            .iter()
            .map(|w| w.sentence)
            .collect()
    }

    #[test]
    fn fragments_join_the_sentences_around_them() {
        assert_eq!(sentences("Pick plan. Enter card. Done."), vec![0; 5]);
        let joined = sentences("Your admin can set up single sign-on today. Yourself. No tickets.");
        assert!(joined.iter().all(|&s| s == 0));
    }

    #[test]
    fn questions_blank_lines_and_long_sentences_stay_apart() {
        assert_eq!(sentences("Can I cancel? No."), vec![0, 0, 0, 1]);
        assert_eq!(
            sentences("We have SSO. Billing is automatic."),
            vec![0, 0, 0, 1, 1, 1]
        );
        assert_eq!(
            sentences("Pick a plan.\n\nEnter your card."),
            vec![0, 0, 0, 1, 1, 1]
        );
        let list = sentences(&"Pay by card. ".repeat(20));
        assert_eq!(
            (list[0], list[29], list[30], list[59]),
            (0, 0, 1, 1),
            "30 words at most"
        );
        let long = "We sell on an order form or an invoice. Our team sets up your account for you.";
        let numbers = sentences(long);
        assert_eq!((numbers[0], numbers[numbers.len() - 1]), (0, 1));
    }
}
