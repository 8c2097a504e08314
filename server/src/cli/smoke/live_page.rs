//! What the browser shows of the page, and whether that is the board's page made interactive:
//! on the board's own address, one `main#main` saying `data-hydrated="true"`, and every island
//! the page was served with present and saying `data-live="true"` (found by attack, issue 25: a
//! page with an island removed or renamed, or a script setting the page's mark, passed).

use serde::Deserialize;

/// The script that reads [`Seen`] in the page.
pub const LOOK: &str = "({href: location.href, \
    mains: Array.from(document.querySelectorAll('main#main'), m => m.getAttribute('data-hydrated')), \
    islands: Array.from(document.querySelectorAll('leptos-island'), i => [i.getAttribute('data-component') || '', i.getAttribute('data-live') === 'true'])})";

/// The page as the browser shows it.
#[derive(Debug, Default, Deserialize)]
pub struct Seen {
    pub href: String,
    /// `data-hydrated` of each `main#main`.
    pub mains: Vec<Option<String>>,
    /// Each `leptos-island`: its component and whether it says it is live.
    pub islands: Vec<(String, bool)>,
}

impl Seen {
    /// `Ok` when the page is the board's page made interactive, with `served` (the islands of
    /// the page as served, sorted): else what is not so yet, in words.
    pub fn interactive(&self, served: &[String]) -> Result<(), String> {
        match self.mains.as_slice() {
            [] => return Err("the browser shows no main#main: the page is not the board's".into()),
            [Some(yes)] if yes == "true" => {}
            [one] => {
                return Err(format!(
                    "main#main says data-hydrated={:?}",
                    one.as_deref().unwrap_or("")
                ))
            }
            many => {
                return Err(format!(
                    "the page has {} main#main elements, where the board has one",
                    many.len()
                ))
            }
        }
        let mut names: Vec<String> = self.islands.iter().map(|(n, _)| n.clone()).collect();
        names.sort();
        names.dedup();
        if names != served {
            return Err(format!(
                "the page shows the islands {names:?}, where it was served with {served:?}"
            ));
        }
        match self.islands.iter().find(|(_, live)| !live) {
            Some((name, _)) => Err(format!("the island {name} never said it is live")),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Seen;

    fn seen(mains: &[&str], islands: &[(&str, bool)]) -> Seen {
        Seen {
            href: String::new(),
            mains: mains.iter().map(|m| Some(m.to_string())).collect(),
            islands: islands.iter().map(|(n, l)| (n.to_string(), *l)).collect(),
        }
    }

    #[test]
    fn the_page_is_interactive_only_with_every_island_it_was_served_with_live() {
        let served = ["A_1".to_owned(), "B_2".to_owned()];
        let all = [("A_1", true), ("B_2", true)];
        assert_eq!(seen(&["true"], &all).interactive(&served), Ok(()));
        // The page's mark set while an island is not live (a script setting it).
        let one_dead = seen(&["true"], &[("A_1", true), ("B_2", false)]);
        assert!(one_dead.interactive(&served).unwrap_err().contains("B_2"));
        // An island removed (or renamed) after the page was served.
        let removed = seen(&["true"], &[("A_1", true)]);
        assert!(removed
            .interactive(&served)
            .unwrap_err()
            .contains("served with"));
        assert!(seen(&["false"], &all).interactive(&served).is_err());
        assert!(seen(&["true", "true"], &all).interactive(&served).is_err());
        assert!(seen(&[], &all).interactive(&served).is_err());
    }
}
