//! "Vendor systems": one row per system with its status, configuration, proof and fallback;
//! a table on wide screens and cards on narrow ones (the stylesheet decides).

use crate::status::StatusBadge;
use leptos::prelude::*;
use readiness::{display_instant, Board, ProofView, SystemView};

#[component]
pub fn Systems(shown: Board) -> AnyView {
    view! {
        <section class="systems" aria-labelledby="systems-heading">
            <h2 id="systems-heading">"Vendor systems"</h2>
            <div class="table-scroll">
                <table class="systems-table">
                    <colgroup>
                        <col class="col-system"/>
                        <col class="col-status"/>
                        <col class="col-configured"/>
                        <col class="col-command"/>
                        <col class="col-missing"/>
                    </colgroup>
                    <thead>
                        <tr>
                            <th scope="col">"System"</th>
                            <th scope="col">"Status"</th>
                            <th scope="col">"Configured"</th>
                            <th scope="col">"Proof command"</th>
                            <th scope="col">"If missing"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {shown.systems.into_iter().map(|system| view! { <SystemRow system/> }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
    .into_any()
}

#[component]
fn SystemRow(system: SystemView) -> AnyView {
    let missing = system.missing.join(", ");
    view! {
        <tr data-system=system.id.to_string() data-status=system.status.as_str()>
            <th scope="row">
                <span class="system-name">{system.name.clone()}</span>
                <span class="system-meta">{system.area.clone()}" \u{00b7} owner: "{system.owner.clone()}</span>
            </th>
            <td>
                <StatusBadge status=system.status/>
                <span class="reason">{system.reason.clone()}</span>
            </td>
            <td>
                <span class="groups" data-testid="groups">
                    {format!("{}/{} groups configured", system.groups_configured, system.groups_total)}
                </span>
                {(!missing.is_empty()).then(|| view! {
                    <span class="missing">"Missing: "<code>{missing}</code></span>
                })}
            </td>
            <td>
                {if system.proof_command.is_empty() {
                    view! { <span class="no-command">"No proof command: cannot be proven."</span> }.into_any()
                } else {
                    view! { <code class="command">{system.proof_command.clone()}</code> }.into_any()
                }}
                <span class="evidence-text">{system.proof_evidence.clone()}</span>
                <LastVerified proof=system.proof.clone()/>
            </td>
            <td class="if-missing">
                {system.if_missing.clone()}
                <a class="badge-link" href=format!("/badge/system/{}.svg", system.id)>"Badge"<span class="visually-hidden">{format!(" for {}", system.name)}</span></a>
            </td>
        </tr>
    }
    .into_any()
}

#[component]
fn LastVerified(proof: Option<ProofView>) -> impl IntoView {
    let text = match &proof {
        None => "Last verified: never".to_owned(),
        Some(p) => {
            let outcome = if p.outcome == readiness::Outcome::Pass {
                "passed"
            } else {
                "failed"
            };
            let expiry = if p.expired { "expired" } else { "expires" };
            let demo = if p.source == readiness::ProofSource::Demo {
                " (demo data)"
            } else {
                ""
            };
            format!(
                "Last verified: {outcome} {}{demo}; {expiry} {}",
                display_instant(p.recorded_at),
                display_instant(p.expires_at)
            )
        }
    };
    view! { <span class="last-verified" data-testid="last-verified">{text}</span> }
}
