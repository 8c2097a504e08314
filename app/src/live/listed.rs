//! The rows of a large board (`readiness::listing`): the table lists the first rows a filter
//! shows, and every other row waits in the page's inert `<template>` until a filter or "List
//! more" lists it, so a change lays out the rows listed, not the whole board, and the page holds
//! every system once (a row a change stops listing goes back to the template).

use leptos::prelude::document;
use wasm_bindgen::JsCast;
use web_sys::{DocumentFragment, HtmlElement, HtmlTemplateElement, NodeList};

/// Every row by index position, the table body that lists them, the template's content where
/// the others wait, and the positions listed now.
pub struct Listed {
    rows: Vec<Option<HtmlElement>>,
    body: HtmlElement,
    waiting: DocumentFragment,
    now: Vec<usize>,
}

impl Listed {
    /// The rows of the table and of the template, when the page has the template (a board of
    /// up to 25 systems has none: its rows are all in the table, hidden or not).
    pub fn find(ids: &[&str]) -> Option<Self> {
        let doc = document();
        let template = doc.get_element_by_id("unlisted-rows")?;
        let template = template.dyn_into::<HtmlTemplateElement>().ok()?;
        let body = doc.query_selector(".systems-table tbody").ok()??;
        let body = body.dyn_into::<HtmlElement>().ok()?;
        let mut listed = Self {
            rows: vec![None; ids.len()],
            body,
            waiting: template.content(),
            now: Vec::new(),
        };
        let selector = "tr[data-system]";
        let in_table = listed.body.query_selector_all(selector).ok()?;
        listed.now = listed.place(&in_table, ids);
        let waiting = listed.waiting.query_selector_all(selector).ok()?;
        listed.place(&waiting, ids);
        Some(listed)
    }

    /// Keeps each row of `list` at its index position; the positions found, in order (the table
    /// and the template each hold rows in board order, so each is one pass).
    fn place(&mut self, list: &NodeList, ids: &[&str]) -> Vec<usize> {
        let (mut found, mut from) = (Vec::new(), 0);
        for at in 0..list.length() {
            let Some(row) = list.item(at).and_then(|n| n.dyn_into::<HtmlElement>().ok()) else {
                continue;
            };
            let id = row.get_attribute("data-system").unwrap_or_default();
            if let Some(position) = super::rows::position_of(ids, &id, from) {
                from = position + 1;
                found.push(position);
                self.rows[position] = Some(row);
            }
        }
        found
    }

    /// Lists the rows at `positions` (in this order) and no others; the rows it stops listing
    /// go back to wait in the template (only those move: a change moves a few rows, not all).
    pub fn list(&mut self, positions: &[usize]) {
        if positions == self.now.as_slice() {
            return;
        }
        let rows = js_sys::Array::new();
        let mut listing = vec![false; self.rows.len()];
        for &at in positions {
            if let Some(row) = self.rows.get(at).and_then(Option::as_ref) {
                rows.push(row);
                listing[at] = true;
            }
        }
        self.body.replace_children_with_node(&rows);
        let leaving = js_sys::Array::new();
        for &at in self
            .now
            .iter()
            .filter(|&&at| listing.get(at) == Some(&false))
        {
            if let Some(row) = self.rows.get(at).and_then(Option::as_ref) {
                leaving.push(row);
            }
        }
        if leaving.length() > 0 {
            let _ = self.waiting.append_with_node(&leaving);
        }
        self.now = positions.to_vec();
    }
}
