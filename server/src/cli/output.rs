//! Terminal output helpers: colour only on a TTY (and never with NO_COLOR), JSON printing.

use readiness::Status;
use std::io::IsTerminal;

pub fn colour_enabled() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// `text` in the colour of `status` when colour is on.
pub fn status_text(status: Status, colour: bool) -> String {
    let label = status.label();
    if !colour {
        return label.to_owned();
    }
    let code = match status {
        Status::Ready => "32",
        Status::ConfiguredUnproven => "33",
        Status::ManualFallback => "36",
        Status::Blocked => "31",
    };
    format!("\u{1b}[{code}m{label}\u{1b}[0m")
}

pub fn print_json(value: &impl serde::Serialize) {
    match serde_json::to_string_pretty(value) {
        Ok(text) => println!("{text}"),
        Err(e) => eprintln!("error: cannot print JSON: {e}"),
    }
}

/// Pads `text` to `width` characters (by chars, not bytes).
pub fn pad(text: &str, width: usize) -> String {
    let len = text.chars().count();
    if len >= width {
        text.to_owned()
    } else {
        format!("{text}{}", " ".repeat(width - len))
    }
}

/// An instant flag: RFC 3339, made canonical and bounded like every instant at the edge.
pub fn parse_instant(text: &str) -> Result<time::OffsetDateTime, String> {
    readiness::parse_instant(text).map_err(|e| e.to_string())
}

/// `text` without terminal control characters (escape sequences in stored evidence must not
/// drive the reader's terminal) and without the Unicode direction controls that can make text
/// read otherwise than it is; tabs stay.
pub fn printable(text: &str) -> String {
    text.chars()
        .filter(|c| *c == '\t' || !(c.is_control() || is_direction_control(*c)))
        .collect()
}

/// A Unicode direction control: marks, embeddings, overrides and isolates (U+200E–F,
/// U+202A–E, U+2066–9), which can make text read otherwise than it is.
pub fn is_direction_control(c: char) -> bool {
    matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}
