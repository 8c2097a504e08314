//! "Proof commands" and "Boundaries": the catalog's operator commands and out-of-scope lines.

use leptos::prelude::*;
use readiness::Board;
use std::sync::Arc;

#[component]
pub fn ProofCommands(board: Arc<Board>) -> AnyView {
    let commands = board.proof_commands.clone();
    view! {
        <section class="proof-commands" aria-labelledby="commands-heading">
            <h2 id="commands-heading">"Proof commands"</h2>
            <p class="section-lead">"Vendor readiness belongs in the launch proof bundle."</p>
            <p>"These commands produce evidence that can be attached to a buyer launch room without exposing secret values."</p>
            <ul class="command-list">
                {commands.into_iter().map(|c| view! {
                    <li>
                        <h3>{c.name}</h3>
                        <p>{c.purpose}</p>
                        <code class="command">{c.command}</code>
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
    .into_any()
}

#[component]
pub fn Boundaries(board: Arc<Board>) -> AnyView {
    let boundaries = board.boundaries.clone();
    view! {
        <section class="boundaries" aria-labelledby="boundaries-heading">
            <h2 id="boundaries-heading">"Boundaries"</h2>
            {if boundaries.is_empty() {
                view! { <p>"The catalog lists no boundaries."</p> }.into_any()
            } else {
                view! { <ul>{boundaries.into_iter().map(|b| view! { <li>{b}</li> }).collect_view()}</ul> }.into_any()
            }}
        </section>
    }
    .into_any()
}
