//! `/proofs/{id}`: one stored proof record, its receipt: the system, outcome, instant, who
//! recorded it, the output's digest and the evidence (redacted by the server), and what it stands
//! for on the board now. Rendered on the server only: no island, nothing added to the wasm.

use crate::page_data::ReceiptPage;
use leptos::prelude::*;
use readiness::{display_instant, Board};
use std::sync::Arc;

/// The receipt of one proof record.
#[component]
pub fn Receipt(board: Arc<Board>, receipt: ReceiptPage) -> impl IntoView {
    let name = receipt
        .system_name
        .clone()
        .unwrap_or_else(|| receipt.system.clone());
    // "Passed" or "Failed": the domain's word, as the start of a field.
    let word = receipt.outcome.past_tense();
    let outcome = word[..1].to_ascii_uppercase() + &word[1..];
    let title = format!("Proof record {} \u{2014} {}", receipt.id, board.page.title);
    let duration = receipt.duration_ms.map(|ms| match ms {
        0..1000 => format!("{ms} ms"),
        _ => format!("{:.1} s", ms as f64 / 1000.0),
    });
    let changes = format!("/changes?system={}", receipt.system);
    let json = format!("/api/proofs/{}", receipt.id);
    view! {
        <leptos_meta::Title text=crate::claim_checker::escape_text(&title)/>
        <crate::over_time::SubpageHeader eyebrow=board.page.title.to_string() heading=format!("Proof record {}: {name}", receipt.id)>
            <p class="standing" data-testid="receipt-standing">{receipt.standing.clone()}</p>
        </crate::over_time::SubpageHeader>
        <div id="board-results" tabindex="-1" class="receipt">
            <dl class="receipt-fields" data-testid="receipt">
                <dt>"System"</dt>
                <dd>{name.clone()}" ("<code>{receipt.system.clone()}</code>")"</dd>
                <dt>"Outcome"</dt>
                <dd data-testid="receipt-outcome">{outcome}</dd>
                <dt>"Recorded"</dt>
                <dd>{display_instant(receipt.recorded_at)}</dd>
                <dt>"Recorded by"</dt>
                <dd>{readiness::receipt::recorded_by(receipt.source)}</dd>
                {duration.map(|d| view! { <dt>"Duration"</dt><dd>{d}</dd> })}
                {receipt.output_sha256.clone().map(|digest| view! {
                    <dt>"Output digest (SHA-256)"</dt><dd><code class="digest">{digest}</code></dd>
                })}
            </dl>
            <h2>"What the check wrote"</h2>
            <p>"As recorded, with every secret value the board knows replaced by a marker naming its setting."</p>
            <pre class="evidence" data-testid="receipt-evidence">{receipt.evidence.clone()}</pre>
            <p>
                <a href="/">"The board now"</a>" \u{00b7} "
                // Only while the catalog has the system: `/changes?system=` knows no other.
                {receipt.system_name.is_some().then(|| view! {
                    <a href=changes>{format!("What changed for {name}")}</a>" \u{00b7} "
                })}
                <a href=json>"This record as JSON"</a>
            </p>
        </div>
    }
}

/// " — lifted by Stripe billing and Okta SSO": each system named with a link to the receipt of
/// the proof that made it ready (a lifted claim says which proofs lifted it).
pub fn lifted_by(board: &Board, systems: &[readiness::SystemId]) -> impl IntoView + use<> {
    let count = systems.len();
    let links = systems
        .iter()
        .enumerate()
        .map(|(at, id)| {
            let view = board.system(id);
            let name = view.map_or_else(|| id.to_string(), |s| s.name.to_string());
            let receipt = view.and_then(|s| s.proof.as_ref()).and_then(|p| p.receipt);
            let joint = match (at, count - at) {
                (0, _) => "",
                (_, 1) => " and ",
                _ => ", ",
            };
            let named = match receipt {
                Some(id) => {
                    view! { <a class="receipt-link" href=format!("/proofs/{id}")>{name}</a> }
                        .into_any()
                }
                None => name.into_any(),
            };
            view! { {joint}{named} }
        })
        .collect_view();
    view! { <span class="claim-lift">" \u{2014} lifted by "{links}</span> }
}
