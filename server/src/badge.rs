//! Shields-style SVG badges for a system's status or a motion's verdict, from the same `Board`.
//! The status is written out in the badge text, never carried by colour alone.

use readiness::{Board, Status};

/// Label, message and message colour of a badge.
pub struct Badge {
    pub label: String,
    pub message: String,
    pub colour: &'static str,
}

impl Badge {
    pub fn for_system(board: &Board, id: &str) -> Option<Badge> {
        let system = board.systems.iter().find(|s| s.id.as_str() == id)?;
        Some(Badge {
            label: system.name.to_string(),
            message: system.status.label().to_owned(),
            colour: status_colour(system.status),
        })
    }

    pub fn for_motion(board: &Board, id: &str) -> Option<Badge> {
        let motion = board.motions.iter().find(|m| m.id.as_str() == id)?;
        let (message, colour) = if motion.can_move {
            ("can move", status_colour(Status::Ready))
        } else {
            ("gated", status_colour(Status::Blocked))
        };
        Some(Badge {
            label: motion.name.to_string(),
            message: message.to_owned(),
            colour,
        })
    }

    /// The badge as an SVG document, sized from the text (about 6.5 px per character at 11 px).
    pub fn to_svg(&self) -> String {
        let width = |text: &str| 10 + (text.chars().count() as u32 * 65).div_ceil(10);
        let (left, right) = (width(&self.label), width(&self.message));
        let total = left + right;
        let escape = html_escape::encode_double_quoted_attribute;
        let (label, message) = (escape(&self.label), escape(&self.message));
        format!(
            r##"<svg xmlns="http://www.w3.org/2000/svg" width="{total}" height="20" role="img" aria-label="{label}: {message}"><title>{label}: {message}</title><linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient><clipPath id="r"><rect width="{total}" height="20" rx="3" fill="#fff"/></clipPath><g clip-path="url(#r)"><rect width="{left}" height="20" fill="#555"/><rect x="{left}" width="{right}" height="20" fill="{colour}"/><rect width="{total}" height="20" fill="url(#s)"/></g><g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11"><text x="{lx}" y="14">{label}</text><text x="{mx}" y="14">{message}</text></g></svg>"##,
            colour = self.colour,
            lx = left / 2,
            mx = left + right / 2,
        )
    }
}

/// Dark enough for white text at WCAG AA.
fn status_colour(status: Status) -> &'static str {
    match status {
        Status::Ready => "#1e7a3c",
        Status::ConfiguredUnproven => "#8a5300",
        Status::ManualFallback => "#1d4b8f",
        Status::Blocked => "#b3261e",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_sized() {
        let badge = Badge {
            label: "R&D <beta>".into(),
            message: "ready".into(),
            colour: "#1e7a3c",
        };
        let svg = badge.to_svg();
        assert!(svg.contains("R&amp;D &lt;beta&gt;: ready"));
        assert!(!svg.contains("<beta>"));
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
    }
}
