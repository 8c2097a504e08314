//! Setting a catalog file's shape problems aside, so the rest of it is checked in the same run:
//! each repair removes, replaces or inserts text, and every position of the repaired text maps
//! back to the file's own. A position inside what a repair wrote maps to none: a problem found
//! there is the placeholder's, never the operator's.

use std::ops::Range;

/// One change to the file's text.
#[derive(Debug, Clone)]
pub(crate) struct Repair {
    at: Range<usize>,
    with: String,
    /// A `key = value` of an inline table: its comma goes with it.
    inline_entry: bool,
}

impl Repair {
    pub(crate) fn insert(at: usize, text: String) -> Self {
        Self::replace(at..at, text)
    }

    pub(crate) fn replace(at: Range<usize>, text: String) -> Self {
        Self {
            at,
            with: text,
            inline_entry: false,
        }
    }

    /// Removes the `key = value` at `at` (with its comma, in an inline table).
    pub(crate) fn remove_entry(at: Range<usize>, inline: bool) -> Self {
        Self {
            at,
            with: String::new(),
            inline_entry: inline,
        }
    }

    /// What it changes in `text`: an inline entry's span grown to the comma before it, or
    /// else the one after it.
    fn span_in(&self, text: &str) -> Range<usize> {
        let Range { start, end } = self.at.clone();
        if !self.inline_entry || end > text.len() {
            return self.at.clone();
        }
        let before = text[..start].trim_end();
        if before.ends_with(',') {
            return before.len() - 1..end;
        }
        let after = &text[end..];
        match after.trim_start().strip_prefix(',') {
            Some(rest) => start..text.len() - rest.len(),
            None => start..end,
        }
    }
}

/// A text with repairs applied, and where each one was.
pub(crate) struct Repaired {
    pub(crate) text: String,
    /// Each repair's span in the original text and the length of what it wrote, in order.
    edits: Vec<(Range<usize>, usize)>,
}

/// `text` with `repairs` applied; a repair overlapping an earlier one is left out.
pub(crate) fn repaired<'r>(text: &str, repairs: impl IntoIterator<Item = &'r Repair>) -> Repaired {
    let mut spans: Vec<(Range<usize>, &str)> = repairs
        .into_iter()
        .map(|r| (r.span_in(text), r.with.as_str()))
        .filter(|(span, _)| span.start <= span.end && span.end <= text.len())
        .filter(|(span, _)| text.is_char_boundary(span.start) && text.is_char_boundary(span.end))
        .collect();
    spans.sort_by_key(|(span, _)| (span.start, span.end));
    let (mut out, mut edits, mut done) = (String::with_capacity(text.len()), Vec::new(), 0);
    for (span, with) in spans {
        if span.start < done {
            continue;
        }
        out.push_str(&text[done..span.start]);
        out.push_str(with);
        edits.push((span.clone(), with.len()));
        done = span.end;
    }
    out.push_str(&text[done..]);
    Repaired { text: out, edits }
}

impl Repaired {
    /// Where `at` (a position in the repaired text) is in the original, or `None` inside what a
    /// repair wrote.
    pub(crate) fn original(&self, at: usize) -> Option<usize> {
        let mut shift: isize = 0;
        for (span, written) in &self.edits {
            let start = span.start.checked_add_signed(shift)?;
            if at < start {
                break;
            }
            if at < start + written {
                return None;
            }
            shift += *written as isize - span.len() as isize;
        }
        at.checked_add_signed(-shift)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_map_back_around_removals_replacements_and_insertions() {
        let text = "a = 1\nownr = 2\nb = { x = 1, y = 2 }\nc = 3\n";
        let y = text.find("y =").unwrap();
        let repairs = [
            Repair::remove_entry(6..14, false),
            Repair::remove_entry(y..y + 5, true),
            Repair::insert(text.find("c =").unwrap(), "d = \"\"\n".into()),
        ];
        let fixed = repaired(text, &repairs);
        assert_eq!(fixed.text, "a = 1\n\nb = { x = 1 }\nd = \"\"\nc = 3\n");
        let at = |s: &str| fixed.text.find(s).unwrap();
        assert_eq!(fixed.original(at("b =")), text.find("b ="));
        assert_eq!(fixed.original(at("c =")), text.find("c ="));
        assert_eq!(fixed.original(at("d =")), None, "what a repair wrote");
        assert_eq!(fixed.original(0), Some(0));
    }
}
