//! The served page, read once as a browser's tokenizer reads it (html5gum, the WHATWG
//! tokenizer): its start tags with their attributes, its text and its scripts. Every check of
//! the page reads these, so a page an HTML minifier rewrote (attributes unquoted or reordered,
//! single quotes, entities, comments dropped) reads as the same page. Found by attack (round
//! 24): the checks matched quoted strings, and a healthy minified page failed smoke.

use html5gum::{DefaultEmitter, Token, Tokenizer};
use std::collections::BTreeMap;

/// One start tag: its (lower-case) name and attributes, the first of any repeated one.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tag {
    pub name: String,
    attributes: BTreeMap<String, String>,
}

impl Tag {
    /// The value of the attribute `name` (lower case), if the tag has it.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.attributes.get(name).map(String::as_str)
    }

    /// Every attribute's value.
    pub fn values(&self) -> impl Iterator<Item = &str> {
        self.attributes.values().map(String::as_str)
    }

    /// Whether the attribute `name` lists `token` among its space-separated tokens, in any case
    /// (`rel`, `class`).
    pub fn has_token(&self, name: &str, token: &str) -> bool {
        self.get(name).is_some_and(|value| {
            value
                .split_ascii_whitespace()
                .any(|t| t.eq_ignore_ascii_case(token))
        })
    }
}

/// What the page holds, in order (comments, doctype and end tags other than a script's left out).
#[derive(Debug, Clone, PartialEq)]
enum Piece {
    Start(Tag),
    Text(String),
    ScriptEnd,
}

/// The page as tokens.
#[derive(Debug, Clone, Default)]
pub struct Page {
    pieces: Vec<Piece>,
}

impl Page {
    /// Reads `html` (script and style contents as raw text, as a browser reads them).
    pub fn read(html: &str) -> Page {
        let mut emitter = DefaultEmitter::default();
        emitter.naively_switch_states(true);
        let mut pieces: Vec<Piece> = Vec::new();
        // What a `<template>` holds is inert: no reader sees it, no script runs (found by
        // attack, round 25: a count inside one was read as the page's).
        let mut inert = 0usize;
        for token in Tokenizer::new_with_emitter(html, emitter).flatten() {
            let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
            match &token {
                // A declarative shadow root's template is drawn (found by attack, round 26).
                Token::StartTag(tag) if &**tag.name == b"template" && !shadow_root(tag) => {
                    inert += 1
                }
                Token::EndTag(tag) if &**tag.name == b"template" => inert -= inert.min(1),
                _ if inert == 0 => {}
                _ => continue,
            }
            if inert > 0 {
                continue;
            }
            match token {
                Token::StartTag(tag) => pieces.push(Piece::Start(Tag {
                    name: text(&tag.name),
                    attributes: (tag.attributes.iter())
                        .map(|(name, value)| (text(name), text(value)))
                        .collect(),
                })),
                Token::String(more) => match pieces.last_mut() {
                    Some(Piece::Text(so_far)) => so_far.push_str(&text(&more)),
                    _ => pieces.push(Piece::Text(text(&more))),
                },
                Token::EndTag(tag) if &**tag.name == b"script" => pieces.push(Piece::ScriptEnd),
                _ => {}
            }
        }
        Page { pieces }
    }

    /// Every start tag, in order.
    pub fn tags(&self) -> impl Iterator<Item = &Tag> {
        self.pieces.iter().filter_map(|piece| match piece {
            Piece::Start(tag) => Some(tag),
            _ => None,
        })
    }

    /// The first `name` element that `wanted` accepts.
    pub fn first(&self, name: &str, wanted: impl Fn(&Tag) -> bool) -> Option<&Tag> {
        self.tags().find(|tag| tag.name == name && wanted(tag))
    }

    /// The page's text as a reader sees it (entities decoded, tags and comments gone), scripts
    /// and styles included.
    pub fn text(&self) -> String {
        (self.pieces.iter())
            .filter_map(|piece| match piece {
                Piece::Text(text) => Some(text.as_str()),
                _ => None,
            })
            .collect()
    }

    /// The first text after the first tag `at` accepts, then the first tag `then` accepts.
    pub fn text_within(
        &self,
        at: impl Fn(&Tag) -> bool,
        then: impl Fn(&Tag) -> bool,
    ) -> Option<&str> {
        let start = self
            .pieces
            .iter()
            .position(|p| matches!(p, Piece::Start(t) if at(t)))?;
        let rest = &self.pieces[start..];
        let inner = rest
            .iter()
            .position(|p| matches!(p, Piece::Start(t) if then(t)))?;
        rest[inner..].iter().find_map(|piece| match piece {
            Piece::Text(text) => Some(text.as_str()),
            _ => None,
        })
    }

    /// Each `script` element: its tag and its text (empty for one closed at once).
    pub fn scripts(&self) -> Vec<(&Tag, &str)> {
        let mut out = Vec::new();
        for (at, piece) in self.pieces.iter().enumerate() {
            let Piece::Start(tag) = piece else { continue };
            if tag.name != "script" {
                continue;
            }
            let text = match self.pieces.get(at + 1) {
                Some(Piece::Text(text)) => text.as_str(),
                _ => "",
            };
            out.push((tag, text));
        }
        out
    }
}

/// Whether a `template` start tag declares a shadow root (its content is drawn, not inert).
fn shadow_root(tag: &html5gum::StartTag<()>) -> bool {
    (tag.attributes.keys()).any(|name| &**name == b"shadowrootmode" || &**name == b"shadowroot")
}

#[cfg(test)]
mod tests;
