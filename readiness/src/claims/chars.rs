//! Characters the claim checker treats specially, defined here rather than from Unicode tables
//! so that every build (server and wasm) agrees: marks and invisible characters that belong to
//! the word around them, look-alike letters, and what ends a clause or a sentence.

/// Combining marks of the blocks Latin, Greek and Cyrillic copy uses ("e" + U+0301): part of
/// the word they follow.
pub fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

/// Invisible inside a word and dropped from it: soft hyphen, zero-width space, joiners, word
/// joiner, byte-order mark, and DEL, which the CLI's markup reduction writes where an inline tag
/// or an entity stood ("on&shy;line", "buy <b>on</b>line" are one word on screen).
pub fn is_ignorable(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{7F}'
    )
}

/// The Latin letter a Cyrillic or Greek look-alike stands for ("оnline" with a Cyrillic о).
pub fn latin_look_alike(c: char) -> Option<char> {
    Some(match c {
        'а' | 'α' => 'a',
        'в' | 'β' => 'b',
        'с' | 'ϲ' => 'c',
        'ԁ' => 'd',
        'е' | 'ε' => 'e',
        'һ' => 'h',
        'і' | 'ι' => 'i',
        'ј' => 'j',
        'к' | 'κ' => 'k',
        'м' => 'm',
        'п' | 'η' => 'n',
        'о' | 'ο' => 'o',
        'р' | 'ρ' => 'p',
        'ԛ' => 'q',
        'ѕ' => 's',
        'т' | 'τ' => 't',
        'υ' => 'u',
        'ν' => 'v',
        'ԝ' | 'ω' => 'w',
        'х' | 'χ' => 'x',
        'у' | 'γ' => 'y',
        _ => return None,
    })
}

/// What a separator between words ends.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Ends {
    Nothing,
    Clause,
    /// A clause end that can close a heading: a colon or a dash ("Not automatic — …").
    Heading,
    Sentence,
}

/// What `c` ends, given the character before it and the one after it. A stop ends a sentence
/// only before a space or the end ("app.example.com" is one sentence); a dash ends a clause
/// only after a space ("self-serve" is one word pair, "fast - not slow" two clauses).
pub fn ends(before: Option<char>, c: char, after: Option<char>) -> Ends {
    let closing = |n: char| matches!(n, '"' | '\'' | ')' | ']' | '»' | '”' | '’');
    let spaced = |next: Option<char>| next.is_none_or(|n| n.is_whitespace() || closing(n));
    match c {
        '.' | '!' | '?' if spaced(after) => Ends::Sentence,
        ';' | '•' | '\u{3002}' | '\u{FF01}' | '\u{FF1F}' => Ends::Sentence,
        ',' | '(' | ')' | '|' | '·' => Ends::Clause,
        ':' | '—' | '–' => Ends::Heading,
        '-' if before.is_some_and(char::is_whitespace) => Ends::Heading,
        _ => Ends::Nothing,
    }
}
