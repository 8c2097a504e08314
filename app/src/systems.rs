//! "Vendor systems": one row per system with its status, configuration, proof and fallback;
//! a table on wide screens and labelled cards on narrow ones (the stylesheet decides). Every
//! system is rendered; those a filter excludes are `hidden`, so the browser can filter in place.
//! The team's detail (variable names, the proof command, what sales do while a system is missing
//! and its badge) is in the operator's and motion views only.

use crate::status::StatusBadge;
use leptos::prelude::*;
use readiness::listing::Listing;
use readiness::{display_instant, Board, ProofView, SystemView};
use std::collections::HashSet;
use std::sync::Arc;

#[component]
pub fn Systems(full: Arc<Board>, shown: Board, operator: bool, listed: usize) -> AnyView {
    let shown: HashSet<&str> = shown.systems.iter().map(|s| s.id.as_str()).collect();
    // No row shown, no table: its header alone read as a broken table (found by an operator).
    let none_shown = shown.is_empty();
    let (rows, unlisted) = rows(&full, &shown, operator, listed);
    view! {
        <section class="systems" aria-labelledby="systems-heading">
            <h2 id="systems-heading">"Vendor systems"</h2>
            {match operator {
                true => view! { <p class="term">"Each system needs groups of settings (an API key and its webhook secret are one group): "<dfn>"groups configured"</dfn>" counts those set. A "<dfn>"proof"</dfn>" is a recorded check that the system works with them. "<dfn>"Runtime"</dfn>" settings are those the system needs to run; "<dfn>"fixture"</dfn>" settings are the test accounts and data a proof uses."</p> }.into_any(),
                false => view! { <p class="term">"Each system needs groups of settings (an API key and its webhook secret are one group): "<dfn>"groups configured"</dfn>" counts those set. A "<dfn>"proof"</dfn>" is a recorded check that the system works with them; its "<em>"Receipt"</em>" is that record."</p> }.into_any(),
            }}
            <div class="table-scroll" hidden=none_shown>
                <table class="systems-table">
                    <colgroup>
                        <col class="col-system"/>
                        <col class="col-status"/>
                        <col class="col-configured"/>
                        <col class="col-command"/>
                        {operator.then(|| view! { <col class="col-missing"/> })}
                    </colgroup>
                    <thead>
                        <tr>
                            <th scope="col">"System"</th>
                            <th scope="col">"Status"</th>
                            <th scope="col">"Configured"</th>
                            <th scope="col">"Proof"</th>
                            {operator.then(|| view! { <th scope="col">"If missing"</th> })}
                        </tr>
                    </thead>
                    <tbody>
                        {rows}
                    </tbody>
                </table>
            </div>
            <crate::live::MoreRows/>
            {unlisted}
        </section>
    }
    .into_any()
}

/// The table's rows, and the rows it does not list. Every row is rendered; those a filter
/// excludes are `hidden`. On a large board ([`Listing::is_large`]) the table lists only the first
/// `listed` rows shown, and every other row waits in an inert `<template>` (parsed, never laid
/// out), from which the browser lists rows as the filter changes, without a request.
fn rows(
    full: &Board,
    shown: &HashSet<&str>,
    operator: bool,
    listed: usize,
) -> (AnyView, Option<AnyView>) {
    let row =
        |system: &SystemView, hidden| view! { <SystemRow system=system.clone() hidden operator/> };
    if !Listing::is_large(full.systems.len()) {
        let rows = full
            .systems
            .iter()
            .map(|s| row(s, !shown.contains(s.id.as_str())));
        return (rows.collect_view().into_any(), None);
    }
    let (mut table, mut unlisted) = (Vec::new(), Vec::new());
    for system in &full.systems {
        match shown.contains(system.id.as_str()) && table.len() < listed {
            true => table.push(row(system, false)),
            false => unlisted.push(row(system, false)),
        }
    }
    let unlisted =
        view! { <template id="unlisted-rows"><table><tbody>{unlisted}</tbody></table></template> };
    (table.into_any(), Some(unlisted.into_any()))
}

#[component]
fn SystemRow(system: SystemView, hidden: bool, operator: bool) -> AnyView {
    let missing = readiness::english::joined(&system.missing, ", ");
    view! {
        <tr data-system=system.id.to_string() data-status=system.status.as_str() hidden=hidden>
            <th scope="row">
                <span class="system-name">{system.name.clone()}</span>
                <span class="system-meta">{system.area.clone()}" \u{00b7} owner: "{system.owner.clone()}</span>
            </th>
            <td data-label="Status">
                <StatusBadge status=system.status/>
                <span class="reason">{if operator { system.reason.clone() } else { system.reason_for_buyers() }}</span>
                <crate::expected::SystemExpected status=system.status expected=system.expected.clone()/>
            </td>
            <td data-label="Configured">
                <span class="groups" data-testid="groups">
                    {format!("{}/{} groups configured", system.groups_configured, system.groups_total)}
                </span>
            </td>
            <td data-label="Proof">
                <LastVerified proof=system.proof.clone() uncounted=if operator { system.uncounted_pass() } else { system.uncounted_for_buyers().map(str::to_owned) } name=system.name.to_string()/>
                {operator.then(|| view! { <details class="operator" open=true>
                    <summary>"Operator detail"<span class="visually-hidden">{format!(" for {}", system.name)}</span></summary>
                    {(!missing.is_empty()).then(|| view! {
                        <p class="missing">"Missing: "<code>{missing}</code></p>
                    })}
                    {if system.proof_command.is_empty() {
                        view! { <p class="no-command">"No proof command: cannot be proven."</p> }.into_any()
                    } else {
                        view! { <p class="command-line"><span class="label">"Proof command: "</span><code class="command">{system.proof_command.clone()}</code></p> }.into_any()
                    }}
                    <p class="evidence-text">{system.proof_evidence.clone()}</p>
                </details> })}
            </td>
            // What sales do while it is missing, and a badge to embed: the team's, not the buyer's.
            {operator.then(|| view! {
                <td class="if-missing" data-label="If missing">
                    {system.if_missing.clone()}
                    <a class="badge-link" href=format!("/badge/system/{}.svg", system.id)>"Badge"<span class="visually-hidden">{format!(" for {}", system.name)}</span></a>
                </td>
            })}
        </tr>
    }
    .into_any()
}

#[component]
fn LastVerified(
    proof: Option<ProofView>,
    uncounted: Option<String>,
    name: String,
) -> impl IntoView {
    let text = match &proof {
        None => "Last verified: never".to_owned(),
        Some(p) => {
            let outcome = p.outcome.past_tense();
            let demo = if p.source == readiness::ProofSource::Demo {
                " (demo data)"
            } else {
                ""
            };
            // Only a pass expires.
            let expiry = match p.expires_at {
                Some(at) if p.expired => format!("; expired {}", display_instant(at)),
                Some(at) => format!("; expires {}", display_instant(at)),
                None => String::new(),
            };
            format!(
                "Last verified: {outcome} {}{demo}{expiry}",
                display_instant(p.recorded_at)
            )
        }
    };
    // A pass that does not make the system ready says why beside it (a QA team read
    // "blocked" next to "passed" and could not tell which was true).
    let uncounted =
        uncounted.map(|why| format!(" Passed, but {why}: this pass does not count yet."));
    let receipt = proof.and_then(|p| p.receipt).map(|id| {
        view! {
            " "<a class="receipt-link" href=format!("/proofs/{id}")>"Receipt"<span class="visually-hidden">{format!(" of the proof of {name}")}</span></a>
        }
    });
    view! {
        <span class="last-verified" data-testid="last-verified">{text}</span>
        {uncounted.map(|text| view! { <span class="uncounted" data-testid="uncounted-pass">{text}</span> })}
        {receipt}
    }
}
