//! E-mail updates: the subscribe form (on the board and alone at `/subscribe`) and the pages its
//! links open: confirm, manage, unsubscribed, a link that no longer works. Plain forms that work
//! without JavaScript; rendered on the server only, nothing added to the wasm.

use crate::page_data::SubscriptionPage;
use leptos::prelude::*;
use readiness::Board;
use std::sync::Arc;

/// The board's "Get e-mail updates" section.
#[component]
pub fn SubscribeSection(board: Arc<Board>) -> impl IntoView {
    view! {
        <section id="subscribe" class="subscribe" aria-labelledby="subscribe-heading">
            <h2 id="subscribe-heading">"Get e-mail updates"</h2>
            <SubscribeForm board address=String::new() chosen=Vec::new()/>
        </section>
    }
}

/// The form: an address, and the motions to follow (none chosen: the whole board).
#[component]
fn SubscribeForm(board: Arc<Board>, address: String, chosen: Vec<String>) -> impl IntoView {
    view! {
        <p>"We e-mail you when what you can buy changes, or when a date for it moves. You confirm first by a link; every message has a one-click unsubscribe."</p>
        <form class="subscribe-form" method="post" action="/subscribe" data-testid="subscribe-form">
            <label for="subscribe-address">"Your e-mail address"</label>
            <input id="subscribe-address" type="email" name="address" required autocomplete="email" value=address/>
            <MotionChoices board chosen/>
            <button type="submit">"Subscribe"</button>
        </form>
    }
}

/// One checkbox per motion; none ticked means every change of the board. `chosen_at` says which
/// board the choices were made on, so an id the catalog moved since is mapped to where its offer
/// went (found by attack: a page loaded before a swap and saved after it chose the other offer).
#[component]
fn MotionChoices(board: Arc<Board>, chosen: Vec<String>) -> impl IntoView {
    let chosen_at = (board.as_of.unix_timestamp_nanos() / 1_000_000).to_string();
    let boxes = board
        .motions
        .iter()
        .map(|m| {
            let id = m.id.to_string();
            let checked = chosen.contains(&id);
            view! {
                <label class="choice"><input type="checkbox" name="motion" value=id checked=checked/>" "{m.offer_title()}</label>
            }
        })
        .collect_view();
    view! {
        <fieldset class="motion-choices">
            <legend>"Only about (tick none for everything)"</legend>
            {boxes}
        </fieldset>
        <input type="hidden" name="chosen_at" value=chosen_at/>
    }
}

/// A subscription page.
#[component]
pub fn Subscription(board: Arc<Board>, page: SubscriptionPage) -> impl IntoView {
    let title = board.page.title.to_string();
    let (heading, body) = match page {
        SubscriptionPage::Form { address, chosen, problem } => ("Get e-mail updates", view! {
            {problem.map(|p| view! { <p class="form-problem" role="alert" data-testid="subscribe-problem">{p}</p> })}
            <SubscribeForm board=board.clone() address chosen/>
        }.into_any()),
        SubscriptionPage::Sent { address } => ("Check your inbox", view! {
            <p data-testid="subscribe-sent">"If "<strong>{address}</strong>" can be subscribed, a message with a confirm link is on its way to it. Nothing else is sent until you follow that link; without it the address is forgotten in 7 days."</p>
        }.into_any()),
        SubscriptionPage::Confirm { token, scope } => ("Confirm your e-mail updates", view! {
            <p>"You will get an e-mail when " {scope} " changes."</p>
            <form method="post" action=format!("/subscriptions/confirm?token={token}")>
                <button type="submit" data-testid="confirm-button">"Confirm"</button>
            </form>
        }.into_any()),
        SubscriptionPage::Manage { token, address, chosen, withdrawn, note } => ("Your e-mail updates", view! {
            {note.map(|n| view! { <p class="form-note" role="status" data-testid="manage-note">{n}</p> })}
            {withdrawn_note(&chosen, &withdrawn).map(|n| view! { <p class="form-note" data-testid="manage-withdrawn">{n}</p> })}
            <p data-testid="manage-address">"Sent to "<strong>{address}</strong>"."</p>
            <form method="post" action=format!("/subscriptions/manage?token={token}")>
                <MotionChoices board=board.clone() chosen/>
                <button type="submit">"Save"</button>
            </form>
            <form method="post" action=format!("/subscriptions/unsubscribe?token={token}")>
                <button type="submit" data-testid="unsubscribe-button">"Unsubscribe"</button>
            </form>
        }.into_any()),
        SubscriptionPage::Unsubscribed => ("You are unsubscribed", view! {
            <p data-testid="unsubscribed">"No more e-mail is sent to this address, and the board no longer keeps it."</p>
        }.into_any()),
        SubscriptionPage::Expired => ("This link no longer works", view! {
            <p data-testid="link-expired">"The subscription it was for was unsubscribed, or never confirmed within 7 days. You can subscribe again."</p>
        }.into_any()),
        SubscriptionPage::TooMany => ("Too many requests", view! {
            <p data-testid="too-many">"Too many subscription requests came from your network. Try again in a few minutes."</p>
        }.into_any()),
    };
    view! {
        <leptos_meta::Title text=crate::claim_checker::escape_text(&format!("{heading} \u{2014} {title}"))/>
        <crate::over_time::SubpageHeader eyebrow=title heading=heading.to_owned()>
            <p><a href="/">"The board now"</a></p>
        </crate::over_time::SubpageHeader>
        <div id="board-results" tabindex="-1" class="subscription">{body}</div>
    }
}

/// What a subscription following offers no longer listed gets, said before its choices (found
/// by attack: nothing ticked under "tick none for everything" read as everything, while it got
/// nothing).
fn withdrawn_note(chosen: &[String], withdrawn: &[String]) -> Option<String> {
    let words = readiness::english::and_list(withdrawn);
    match (withdrawn.len(), chosen.len().saturating_sub(withdrawn.len())) {
        (0, _) => None,
        (_, 0) => Some(format!(
            "You followed only what is no longer offered: {words}. No e-mail comes about it any more. Tick what you want now, or none for everything, and save; or unsubscribe."
        )),
        _ => Some(format!(
            "You also followed what is no longer offered: {words}. It is dropped when you save."
        )),
    }
}
