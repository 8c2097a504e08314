//! The rows and motion cards of the board, found once per page (and again after a swap), each
//! with the index position it shows and whether it is hidden now, so a filter change touches
//! only the elements whose visibility changes (about 1,000 calls into the DOM fewer per change
//! on a 1,000-system board).

use super::listed::Listed;
use leptos::prelude::document;
use readiness::FilterIndex;
use std::cell::RefCell;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

/// Elements of one kind, the index position each shows, and whether each is hidden now.
struct Found {
    elements: Vec<HtmlElement>,
    positions: Vec<Option<usize>>,
    hidden: Vec<bool>,
}

/// The rows: all in the table, those a filter excludes hidden; or, on a large board, listed.
enum Rows {
    Hidden(Found),
    Listed(Listed),
}

thread_local! {
    static FOUND: RefCell<Option<(Rows, Found)>> = const { RefCell::new(None) };
}

/// Forgets the elements found: the results region was replaced.
pub fn forget() {
    FOUND.with(|found| found.borrow_mut().take());
}

/// Shows the rows of `systems` and the team's cards of `motions` (positions in `index`), hides the
/// rest; a buyer's offer cards stay (the filter is about systems). A large board lists only the
/// first `listed` rows of `systems`.
pub fn show_only(index: &FilterIndex, systems: &[usize], motions: &[usize], listed: usize) {
    FOUND.with(|found| {
        let mut found = found.borrow_mut();
        let (rows, cards) = found.get_or_insert_with(|| {
            let system_ids: Vec<&str> = index.systems.iter().map(|s| s.id.as_str()).collect();
            let motion_ids = index.motions.iter().map(|m| m.id.as_str()).collect();
            let rows = match Listed::find(&system_ids) {
                Some(listed) => Rows::Listed(listed),
                None => Rows::Hidden(find(
                    ".systems-table tr[data-system]",
                    "data-system",
                    system_ids,
                )),
            };
            (
                rows,
                find(
                    ".motion-list article[data-motion]:not(.offer)",
                    "data-motion",
                    motion_ids,
                ),
            )
        });
        match rows {
            Rows::Hidden(rows) => rows.show_only(systems, index.systems.len()),
            Rows::Listed(rows) => rows.list(&systems[..listed.min(systems.len())]),
        }
        cards.show_only(motions, index.motions.len());
    });
}

fn find(selector: &str, attribute: &str, ids: Vec<&str>) -> Found {
    let mut found = Found {
        elements: Vec::new(),
        positions: Vec::new(),
        hidden: Vec::new(),
    };
    let Ok(list) = document().query_selector_all(selector) else {
        return found;
    };
    for at in 0..list.length() {
        let Some(el) = list.item(at).and_then(|n| n.dyn_into::<HtmlElement>().ok()) else {
            continue;
        };
        let id = el.get_attribute(attribute).unwrap_or_default();
        let position = position_of(&ids, &id, found.elements.len());
        found.positions.push(position);
        found.hidden.push(el.hidden());
        found.elements.push(el);
    }
    found
}

/// Where `id` stands in `ids`, looked for from `from` on first: elements come in board order,
/// like the index, so the next one is almost always there; anywhere else only if it is not.
pub fn position_of(ids: &[&str], id: &str, from: usize) -> Option<usize> {
    let ahead = ids.get(from..).unwrap_or_default();
    (ahead.iter().position(|known| *known == id))
        .map(|at| at + from)
        .or_else(|| ids.iter().position(|known| *known == id))
}

impl Found {
    fn show_only(&mut self, shown: &[usize], len: usize) {
        let mut wanted = vec![false; len];
        for &at in shown {
            wanted[at] = true;
        }
        for (at, el) in self.elements.iter().enumerate() {
            let hide = !self.positions[at].is_some_and(|p| wanted[p]);
            if hide != self.hidden[at] {
                el.set_hidden(hide);
                self.hidden[at] = hide;
            }
        }
    }
}
