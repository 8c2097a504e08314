//! The board's model of labelled copy in the claim checker: the server reads the posted draft
//! (the page carries that reading on the form as `data-model`, text the wasm decodes), the
//! island joins it with the rules as the server does, and asks the server to read the copy
//! again when the reader pauses typing (`POST /api/claims/reading`). No weights reach the
//! browser; a sentence not read yet is left to the rules until the reading comes back.

use leptos::prelude::*;
use readiness::claims::model::Readings;
use readiness::{ClaimChecker, ClaimRules};
use std::sync::Arc;

/// The model's reading of `draft` with `rules`, when the page's board has a model: what the
/// form carries to the island, and what the island's server render joins with.
#[cfg(feature = "ssr")]
pub fn of_draft(rules: &ClaimRules, draft: &str) -> Option<Readings> {
    let page = use_context::<crate::Page>()?;
    let reader = Arc::clone(page.board_page()?.claims_model.as_ref()?);
    rules.clone().compile().with_model(reader).readings(draft)
}

#[cfg(not(feature = "ssr"))]
pub fn of_draft(_: &ClaimRules, _: &str) -> Option<Readings> {
    None
}

/// `rules` compiled for this side (the browser brings NFKC), joined with `readings` if any.
pub fn compiled(rules: ClaimRules, readings: Option<Arc<Readings>>) -> ClaimChecker {
    #[cfg(feature = "hydrate")]
    let checker = rules.compile_with(super::claim_checker::browser_nfkc);
    #[cfg(not(feature = "hydrate"))]
    let checker = rules.compile();
    match readings {
        Some(readings) => checker.with_readings(readings),
        None => checker,
    }
}

/// How long the reader pauses typing before the copy is read again.
#[cfg(feature = "hydrate")]
const PAUSE_MS: u64 = 400;

/// Asks for `copy`'s reading once the reader has paused ([`PAUSE_MS`] after the last call),
/// then hands it to `arrived`; `None` when it could not be had.
#[cfg(feature = "hydrate")]
pub fn read_later(
    copy: String,
    asked: StoredValue<u32>,
    arrived: impl Fn(Option<Readings>) + 'static,
) {
    let this = asked.get_value().wrapping_add(1);
    asked.set_value(this);
    set_timeout(
        move || {
            if asked.get_value() != this {
                return;
            }
            wasm_bindgen_futures::spawn_local(async move { arrived(fetch(copy).await) })
        },
        std::time::Duration::from_millis(PAUSE_MS),
    );
}

/// `POST /api/claims/reading` through the browser's `fetch` (a string body is sent as
/// `text/plain;charset=UTF-8`): web-sys alone, lighter in the page's script than gloo-net's
/// request and response types.
#[cfg(feature = "hydrate")]
async fn fetch(copy: String) -> Option<Readings> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_body(&copy.into());
    let sent = window().fetch_with_str_and_init("/api/claims/reading", &init);
    let response: web_sys::Response = JsFuture::from(sent).await.ok()?.unchecked_into();
    if !response.ok() {
        return None;
    }
    let text = JsFuture::from(response.text().ok()?).await.ok()?;
    Readings::decode(&text.as_string()?)
}
