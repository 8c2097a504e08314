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

/// What stays out of scope. The team reads every boundary in the catalog's words, in force or
/// lifted; a buyer reads those in force that the catalog words for buyers (found by attack: "Paid
/// beta is sold on invoice…" spoke the seller's words on the buyer's page).
#[component]
pub fn Boundaries(board: Arc<Board>, operator: bool) -> AnyView {
    let shown: Vec<(String, readiness::BoundaryView)> = board
        .boundary_status
        .iter()
        .filter_map(|b| match operator {
            true => Some((b.text.clone(), b.clone())),
            false if b.in_force => b.for_buyers.clone().map(|words| (words, b.clone())),
            false => None,
        })
        .collect();
    if shown.is_empty() && !operator {
        return ().into_any();
    }
    let state = move |b: &readiness::BoundaryView| boundary_state(&board, b, operator);
    let (heading, intro) = match operator {
        true => (
            "Boundaries",
            "What we do not do or promise yet, and what would change it.",
        ),
        false => (
            "Not included yet",
            "What we do not offer or promise yet, and what it waits on.",
        ),
    };
    view! {
        <section class="boundaries" aria-labelledby="boundaries-heading">
            <h2 id="boundaries-heading">{heading}</h2>
            <p>{intro}</p>
            {if shown.is_empty() {
                view! { <p>"The catalog lists no boundaries."</p> }.into_any()
            } else {
                view! { <ul>{shown.iter().map(|(words, b)| view! {
                    <li class=if b.in_force { "boundary" } else { "boundary boundary-lifted" } data-in-force=b.in_force.to_string()>
                        {words.clone()}
                        {state(b).map(|words| view! { <span class="boundary-state">{format!(" {words}")}</span> })}
                    </li>
                }).collect_view()}</ul> }.into_any()
            }}
        </section>
    }
    .into_any()
}

/// "In force until this is ready: …" (a buyer reads "Until this is ready: …"), or "Lifted now
/// that …"; nothing when no system lifts it. The names go after a colon: a name such as "…
/// data-rights fixtures" read "fixtures is ready" in a sentence (found by a new operator).
fn boundary_state(board: &Board, b: &readiness::BoundaryView, operator: bool) -> Option<String> {
    let names: Vec<String> = b
        .lifted_by
        .iter()
        .map(|id| {
            board
                .system(id)
                .map_or_else(|| id.to_string(), |s| s.name.to_string())
        })
        .collect();
    let these = if names.len() == 1 {
        "this is"
    } else {
        "these are"
    };
    let names = readiness::english::and_list(&names);
    match (names.is_empty(), b.in_force, operator) {
        (true, _, _) => None,
        (false, true, true) => Some(format!("In force until {these} ready: {names}.")),
        (false, true, false) => Some(format!("Until {these} ready: {names}.")),
        (false, false, _) => Some(format!("Lifted now that {these} ready: {names}.")),
    }
}
