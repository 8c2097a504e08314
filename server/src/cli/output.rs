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

pub fn parse_instant(text: &str) -> Result<time::OffsetDateTime, String> {
    time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339).map_err(|e| {
        format!("{text:?} is not an RFC 3339 instant such as 2026-11-26T09:00:00Z: {e}")
    })
}
