//! What a viewer asked to see: owner, motion, status and free text, as read from a URL query.

use serde::{Deserialize, Serialize};

/// What a viewer asked to see. Empty or blank values mean "any". Values are kept as typed:
/// an owner, motion or status that does not exist is explained by [`crate::Board::filtered`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BoardFilter {
    pub owner: Option<String>,
    pub motion: Option<String>,
    /// A status as spelled in JSON and URLs (`configured_unproven`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Free text matched against system, area, owner, variable names and claims.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// Longest filter value kept; longer input is cut (it cannot match a catalog value anyway).
const MAX_VALUE_CHARS: usize = 200;

/// Trimmed, cut to [`MAX_VALUE_CHARS`], control characters dropped (a NUL has no place in a
/// filter, nor in the page that repeats it: found by attack).
fn clean(value: Option<String>) -> Option<String> {
    value
        .map(|v| {
            v.chars()
                .filter(|c| !c.is_control())
                .collect::<String>()
                .trim()
                .chars()
                .take(MAX_VALUE_CHARS)
                .collect::<String>()
        })
        .filter(|v| !v.is_empty())
}

/// The URL query keys, in the order a permalink writes them.
pub const QUERY_KEYS: [&str; 4] = ["owner", "motion", "status", "q"];

impl BoardFilter {
    pub fn new(owner: Option<String>, motion: Option<String>) -> Self {
        Self {
            owner: clean(owner),
            motion: clean(motion),
            ..Self::default()
        }
    }

    pub fn with_status(mut self, status: Option<String>) -> Self {
        self.status = clean(status);
        self
    }

    pub fn with_text(mut self, text: Option<String>) -> Self {
        self.text = clean(text);
        self
    }

    /// Reads `owner`, `motion`, `status` and `q` from decoded query pairs; other keys are ignored
    /// and, when a key repeats, the last value wins (as a form's last field would).
    pub fn from_pairs<K: AsRef<str>, V: Into<String>>(
        pairs: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        let mut values: [Option<String>; 4] = Default::default();
        for (key, value) in pairs {
            if let Some(at) = QUERY_KEYS.iter().position(|k| *k == key.as_ref()) {
                values[at] = Some(value.into());
            }
        }
        let [owner, motion, status, text] = values;
        Self::new(owner, motion).with_status(status).with_text(text)
    }

    pub fn is_empty(&self) -> bool {
        self.owner.is_none()
            && self.motion.is_none()
            && self.status.is_none()
            && self.text.is_none()
    }

    /// The filters that are set, as (query key, value), in permalink order.
    pub fn active(&self) -> Vec<(&'static str, &str)> {
        [&self.owner, &self.motion, &self.status, &self.text]
            .into_iter()
            .zip(QUERY_KEYS)
            .filter_map(|(value, key)| value.as_deref().map(|v| (key, v)))
            .collect()
    }

    /// The filters set, in words: "owner “Finance” and status “blocked”"; empty when none.
    pub fn describe(&self) -> String {
        self.describe_with(None)
    }

    /// [`BoardFilter::describe`] with the motion called by its name when the board has it
    /// (found by a new operator: "motion “self-serve-paid-launch”" (an offer since issue 22) on a phone).
    pub fn describe_with(&self, motion_name: Option<&str>) -> String {
        let names = ["owner", "offer", "status", "text"];
        let motion = motion_name
            .map(str::to_owned)
            .or_else(|| self.motion.clone());
        // A status in the words its option reads, never its id (found by attack: "status
        // “manual_fallback”").
        let status = (self.status.as_deref()).map(|s| {
            crate::FilterIndex::status_named(s)
                .map_or(s, |s| s.label())
                .to_owned()
        });
        let parts: Vec<String> = [&self.owner, &motion, &status, &self.text]
            .into_iter()
            .zip(names)
            .filter_map(|(value, name)| {
                value
                    .as_deref()
                    .map(|v| format!("{name} \u{201c}{v}\u{201d}"))
            })
            .collect();
        crate::english::and_list(&parts)
    }

    /// `owner=Finance&motion=invoice-led-paid-beta`, percent-encoded, empty when nothing is set.
    pub fn to_query(&self) -> String {
        self.active()
            .into_iter()
            .map(|(key, value)| format!("{key}={}", encode(value)))
            .fold(String::new(), |mut query, pair| {
                if !query.is_empty() {
                    query.push('&');
                }
                query.push_str(&pair);
                query
            })
    }

    /// The page's address for this filter: `/` or `/?owner=...`.
    pub fn to_href(&self) -> String {
        self.to_href_at(None)
    }

    /// The page's address for this filter, as of a past instant when `as_of` is given
    /// (`/?owner=Finance&as_of=2026-11-01T09%3A00%3A00Z`): the permalink of a past view.
    pub fn to_href_at(&self, as_of: Option<&str>) -> String {
        let mut query = self.to_query();
        if let Some(as_of) = as_of {
            if !query.is_empty() {
                query.push('&');
            }
            query.push_str("as_of=");
            query.push_str(&encode(as_of));
        }
        if query.is_empty() {
            "/".to_owned()
        } else {
            format!("/?{query}")
        }
    }

    /// Whether a `view` query value asks for operator detail unfolded (`view=operator`, any case).
    pub fn is_operator_view(value: &str) -> bool {
        value.trim().eq_ignore_ascii_case("operator")
    }

    /// The page's address: [`BoardFilter::to_href_at`], then `view=operator` when operator
    /// detail is unfolded. The one spelling of a permalink, for the server and the browser.
    pub fn page_href(&self, as_of: Option<&str>, operator: bool) -> String {
        let href = self.to_href_at(as_of);
        match (operator, href.as_str()) {
            (false, _) => href,
            (true, "/") => "/?view=operator".to_owned(),
            (true, _) => format!("{href}&view=operator"),
        }
    }
}

fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(byte as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_values_mean_any() {
        let filter = BoardFilter::new(Some("  ".into()), Some(String::new()))
            .with_status(Some(" ".into()))
            .with_text(Some("\t".into()));
        assert!(filter.is_empty());
        assert_eq!(filter.to_query(), "");
        assert_eq!(filter.to_href(), "/");
    }

    #[test]
    fn query_is_percent_encoded_in_permalink_order() {
        let filter = BoardFilter::from_pairs([
            ("q", "sk & co"),
            ("status", "blocked"),
            ("utm", "x"),
            ("owner", "R&D team"),
            ("motion", "self-serve"),
        ]);
        assert_eq!(
            filter.to_query(),
            "owner=R%26D+team&motion=self-serve&status=blocked&q=sk+%26+co"
        );
    }

    #[test]
    fn a_past_view_keeps_its_instant_in_the_permalink() {
        let filter = BoardFilter::new(Some("Finance".into()), None);
        assert_eq!(
            filter.to_href_at(Some("2026-11-01T09:00:00+01:00")),
            "/?owner=Finance&as_of=2026-11-01T09%3A00%3A00%2B01%3A00"
        );
        assert_eq!(
            BoardFilter::default().to_href_at(Some("2026-11-01T09:00:00Z")),
            "/?as_of=2026-11-01T09%3A00%3A00Z"
        );
    }

    #[test]
    fn control_characters_are_dropped() {
        let filter = BoardFilter::from_pairs([("q", "\u{0}"), ("owner", "Fin\u{0}ance\u{7}")]);
        assert_eq!(filter.text, None);
        assert_eq!(filter.owner.as_deref(), Some("Finance"));
    }

    #[test]
    fn the_operator_view_follows_the_filters() {
        let filter = BoardFilter::new(Some("Finance".into()), None);
        assert_eq!(
            filter.page_href(None, true),
            "/?owner=Finance&view=operator"
        );
        assert_eq!(
            BoardFilter::default().page_href(None, true),
            "/?view=operator"
        );
        assert_eq!(
            BoardFilter::default().page_href(Some("2026-11-01T00:00:00Z"), false),
            "/?as_of=2026-11-01T00%3A00%3A00Z"
        );
    }

    #[test]
    fn last_repeated_key_wins() {
        let filter = BoardFilter::from_pairs([("owner", "A"), ("owner", "B")]);
        assert_eq!(filter.owner.as_deref(), Some("B"));
    }

    #[test]
    fn overlong_values_are_cut() {
        let filter = BoardFilter::new(Some("x".repeat(10_000)), None);
        assert_eq!(filter.owner.map(|o| o.len()), Some(MAX_VALUE_CHARS));
    }
}
