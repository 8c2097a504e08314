//! How many of a board's rows a page lists at once: every row on a board of up to
//! [`ROWS_AT_ONCE`] systems; on a larger one the first rows a filter shows, and more when the
//! reader asks (`rows=` in the address), so a page of 10,000 systems lays out 25 rows, not
//! ten thousand. The server and the browser list by this one rule.

/// The rows a large board lists before the reader asks for more, and how many more each time.
pub const ROWS_AT_ONCE: usize = 25;

/// How many rows a page lists: a whole number of [`ROWS_AT_ONCE`] steps, at least one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Listing {
    limit: usize,
}

impl Default for Listing {
    fn default() -> Self {
        Self {
            limit: ROWS_AT_ONCE,
        }
    }
}

impl Listing {
    /// The address's `rows` value on a board of `total` systems: a number, rounded up to a whole
    /// step and cut to the steps the board has; anything else lists the first step.
    pub fn asked(rows: Option<&str>, total: usize) -> Self {
        // A number too large to read asks for everything (found by attack: it listed one step).
        let number = |r: &str| match r.parse::<usize>() {
            Ok(n) => n,
            Err(_) if !r.is_empty() && r.bytes().all(|b| b.is_ascii_digit()) => usize::MAX,
            Err(_) => 0,
        };
        let asked = rows.map_or(0, |r| number(r.trim()));
        let steps = |n: usize| n.div_ceil(ROWS_AT_ONCE).max(1);
        Self {
            limit: steps(asked).min(steps(total)) * ROWS_AT_ONCE,
        }
    }

    /// Whether a board of `total` systems lists its rows in steps (a smaller one lists them all).
    pub fn is_large(total: usize) -> bool {
        total > ROWS_AT_ONCE
    }

    /// The most rows listed.
    pub fn limit(self) -> usize {
        self.limit
    }

    /// One step more.
    pub fn next(self) -> Self {
        Self {
            limit: self.limit + ROWS_AT_ONCE,
        }
    }

    /// How many of the `matched` rows of a board of `total` systems are listed.
    pub fn listed(self, matched: usize, total: usize) -> usize {
        match Self::is_large(total) {
            true => matched.min(self.limit),
            false => matched,
        }
    }

    /// While rows are left unlisted: what is listed and the way to list more, in words
    /// ("The first 25 are listed here.", "List 25 more").
    pub fn words(self, matched: usize, total: usize) -> Option<(String, String)> {
        let listed = self.listed(matched, total);
        let left = matched - listed;
        (left > 0).then(|| {
            let more = match left.min(ROWS_AT_ONCE) {
                n if n == left => format!("List the last {n}"),
                n => format!("List {n} more"),
            };
            (format!("The first {listed} are listed here."), more)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_address_is_rounded_to_whole_steps_within_the_board() {
        let limit = |rows: Option<&str>, total| Listing::asked(rows, total).limit();
        assert_eq!(limit(None, 10_000), 25);
        assert_eq!(limit(Some("200"), 10_000), 200);
        assert_eq!(limit(Some("110"), 10_000), 125);
        assert_eq!(limit(Some("0"), 10_000), 25);
        assert_eq!(limit(Some("-5"), 10_000), 25);
        assert_eq!(limit(Some("lots"), 10_000), 25);
        assert_eq!(limit(Some("999999999999"), 1_000), 1_000);
        assert_eq!(limit(Some("99999999999999999999999"), 1_000), 1_000);
        assert_eq!(limit(Some("1e9"), 1_000), 25);
        assert_eq!(limit(Some("5000"), 1_010), 1_025);
        assert_eq!(limit(Some("5000"), 7), 25);
    }

    #[test]
    fn a_small_board_lists_every_row_and_offers_no_more() {
        let first = Listing::default();
        assert!(!Listing::is_large(25));
        assert_eq!(first.listed(25, 25), 25);
        assert_eq!(first.words(7, 7), None);
    }

    #[test]
    fn a_large_board_lists_a_step_then_one_more_each_time() {
        let first = Listing::default();
        assert!(Listing::is_large(26));
        assert_eq!(first.listed(1_000, 10_000), 25);
        assert_eq!(first.listed(20, 10_000), 20);
        assert_eq!(first.words(20, 10_000), None);
        let words = |l: Listing, matched| l.words(matched, 10_000).unwrap_or_default();
        assert_eq!(
            words(first, 1_000),
            (
                "The first 25 are listed here.".into(),
                "List 25 more".into()
            )
        );
        assert_eq!(
            words(first.next(), 60),
            (
                "The first 50 are listed here.".into(),
                "List the last 10".into()
            )
        );
        assert_eq!(first.next().next().listed(60, 10_000), 60);
    }
}
