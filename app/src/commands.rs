//! "Proof commands" and "Boundaries": the catalog's operator commands (in the operator's and
//! motion views only, and left out when the catalog has none) and out-of-scope lines.

use leptos::prelude::*;
use readiness::Board;
use std::sync::Arc;

#[component]
pub fn ProofCommands(board: Arc<Board>) -> AnyView {
    let commands = board.proof_commands.clone();
    if commands.is_empty() {
        return ().into_any();
    }
    view! {
        <section class="proof-commands" aria-labelledby="commands-heading">
            <h2 id="commands-heading">"Proof commands"</h2>
            <p>"Operators run these commands to produce evidence that can be attached to a buyer launch room without exposing secret values."</p>
            <details class="operator" open=true>
            <summary>{format!("Show the {} command{}", commands.len(), if commands.len() == 1 { "" } else { "s" })}</summary>
            <ul class="command-list">
                {commands.into_iter().map(|c| view! {
                    <li>
                        <h3>{c.name}</h3>
                        <p>{c.purpose}</p>
                        <code class="command">{c.command}</code>
                    </li>
                }).collect_view()}
            </ul>
            </details>
        </section>
    }
    .into_any()
}

#[component]
pub fn Boundaries(board: Arc<Board>) -> AnyView {
    let boundaries = board.boundary_status.clone();
    let state = move |b: &readiness::BoundaryView| -> Option<String> {
        let names: Vec<String> = b
            .lifted_by
            .iter()
            .map(|id| {
                board
                    .system(id)
                    .map_or_else(|| id.to_string(), |s| s.name.to_string())
            })
            .collect();
        // The names go after a colon: a name such as "… data-rights fixtures" read "fixtures
        // is ready" in a sentence (found by a new operator).
        let these = if names.len() == 1 {
            "this is"
        } else {
            "these are"
        };
        let names = readiness::english::and_list(&names);
        match (names.is_empty(), b.in_force) {
            (true, _) => None,
            (false, true) => Some(format!("In force until {these} ready: {names}.")),
            (false, false) => Some(format!("Lifted now that {these} ready: {names}.")),
        }
    };
    view! {
        <section class="boundaries" aria-labelledby="boundaries-heading">
            <h2 id="boundaries-heading">"Boundaries"</h2>
            <p>"What we do not do or promise yet, and what would change it."</p>
            {if boundaries.is_empty() {
                view! { <p>"The catalog lists no boundaries."</p> }.into_any()
            } else {
                view! { <ul>{boundaries.iter().map(|b| view! {
                    <li class=if b.in_force { "boundary" } else { "boundary boundary-lifted" } data-in-force=b.in_force.to_string()>
                        {b.text.clone()}
                        {state(b).map(|words| view! { <span class="boundary-state">{format!(" {words}")}</span> })}
                    </li>
                }).collect_view()}</ul> }.into_any()
            }}
        </section>
    }
    .into_any()
}
