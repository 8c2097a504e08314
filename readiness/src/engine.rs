//! The readiness rules: statuses per system, verdicts per motion, the summary and headline.

use crate::board::{
    Blocker, Board, ClaimView, GroupView, MotionView, ProofView, RequirementView, Summary,
    SystemView,
};
use crate::catalog::{Catalog, GroupKind, Motion, System, Text};
use crate::environment::Environment;
use crate::proof::{LatestProofs, ProofRecord, ProofSource};
use crate::status::Status;
use rustc_hash::FxHashMap;
use time::macros::format_description;
use time::{Duration, OffsetDateTime};

/// Computes the board for `catalog` given what is set in `env` and the latest `proofs`, as of `as_of`.
/// Proof records stamped after `as_of` are ignored: they did not exist yet.
pub fn evaluate(
    catalog: &Catalog,
    env: &Environment,
    proofs: &LatestProofs,
    as_of: OffsetDateTime,
) -> Board {
    let systems: Vec<SystemView> = catalog
        .systems()
        .iter()
        .map(|system| {
            let proof = proofs.get(&system.id).filter(|p| p.recorded_at <= as_of);
            system_view(system, env, proof, as_of)
        })
        .collect();
    let blocked: Vec<usize> = (0..systems.len())
        .filter(|&at| systems[at].status == Status::Blocked)
        .collect();
    let motions: Vec<MotionView> = catalog
        .motions()
        .iter()
        .map(|m| motion_view(m, catalog, &systems, &blocked))
        .collect();
    let mut owners: Vec<Text> = Vec::new();
    for system in catalog.systems() {
        if !owners.contains(&system.owner) {
            owners.push(system.owner.clone());
        }
    }
    let boundary_status = boundary_status(catalog, &systems);
    Board {
        as_of,
        headline: crate::headline::headline(&motions),
        page: catalog.page().clone(),
        summary: Summary::count(systems.iter().map(|s| s.status)),
        owners,
        demo_data: systems.iter().any(|s| {
            s.proof
                .as_ref()
                .is_some_and(|p| p.source == ProofSource::Demo)
        }),
        motions,
        systems,
        proof_commands: catalog.proof_commands().to_vec(),
        boundaries: catalog
            .boundaries()
            .iter()
            .map(|b| b.text.clone())
            .collect(),
        boundary_status,
        catalog: None,
        inputs: None,
        filter: None,
        upcoming: Vec::new(),
        uptime: None,
    }
}

/// Each boundary, in force until every system that lifts it is ready (always, if none does).
fn boundary_status(catalog: &Catalog, systems: &[SystemView]) -> Vec<crate::board::BoundaryView> {
    let ready = |id: &crate::SystemId| {
        let system = systems.iter().find(|s| &s.id == id);
        system.is_some_and(|s| s.status == crate::Status::Ready)
    };
    catalog
        .boundaries()
        .iter()
        .map(|b| crate::board::BoundaryView {
            text: b.text.clone(),
            lifted_by: b.lifted_by.clone(),
            in_force: b.lifted_by.is_empty() || !b.lifted_by.iter().all(ready),
        })
        .collect()
}

pub(crate) fn system_view(
    system: &System,
    env: &Environment,
    proof: Option<&ProofRecord>,
    as_of: OffsetDateTime,
) -> SystemView {
    let groups: Vec<GroupView> = system
        .groups
        .iter()
        .map(|group| {
            let missing: Vec<Text> = group
                .vars
                .iter()
                .zip(group.labels.iter())
                .filter(|(v, _)| !env.satisfies(v))
                .map(|(_, label)| label.clone())
                .collect();
            GroupView {
                name: group.name.clone(),
                kind: group.kind,
                configured: missing.is_empty(),
                vars: group.labels.clone(),
                missing,
            }
        })
        .collect();
    let unconfigured = |kind: GroupKind| {
        groups
            .iter()
            .filter(move |g| g.kind == kind && !g.configured)
    };
    let proof_view = proof.map(|p| {
        // Instants and ages are bounded at the edge (see `instant`); saturate all the same.
        let expires_at = p
            .recorded_at
            .checked_add(Duration::days(i64::from(system.proof_max_age_days)))
            .unwrap_or(crate::instant::END);
        ProofView {
            outcome: p.outcome,
            recorded_at: p.recorded_at,
            expires_at,
            expired: as_of >= expires_at,
            source: p.source,
        }
    });

    let (status, reason) = if unconfigured(GroupKind::Runtime).next().is_some() {
        let names = group_names(unconfigured(GroupKind::Runtime));
        if system.fallback {
            (
                Status::ManualFallback,
                format!("Runtime not configured ({names}); manual fallback applies."),
            )
        } else {
            (
                Status::Blocked,
                format!("Runtime not configured ({names}); no fallback."),
            )
        }
    } else if unconfigured(GroupKind::Fixture).next().is_some() {
        let names = group_names(unconfigured(GroupKind::Fixture));
        (
            Status::ConfiguredUnproven,
            format!("Fixture variables missing ({names})."),
        )
    } else if system.ceiling() < Status::Ready {
        (
            Status::ConfiguredUnproven,
            "No proof command in the catalog: it cannot be proven.".to_owned(),
        )
    } else {
        use crate::proof_problem::ProofProblem;
        let unproven = |reason: String| (Status::ConfiguredUnproven, reason);
        match (ProofProblem::of(proof_view.as_ref()), &proof_view) {
            (Some(ProofProblem::Missing), _) => unproven("No proof yet.".to_owned()),
            (Some(ProofProblem::Failed { at }), _) => {
                unproven(format!("Last proof failed at {}.", display_instant(at)))
            }
            (Some(ProofProblem::Expired { at }), _) => unproven(format!(
                "Proof expired {}.",
                days_ago((as_of - at).whole_days())
            )),
            (None, p) => (
                Status::Ready,
                format!(
                    "Proof passed at {}.",
                    p.as_ref()
                        .map_or_else(String::new, |p| display_instant(p.recorded_at))
                ),
            ),
        }
    };

    SystemView {
        id: system.id.clone(),
        name: system.name.clone(),
        area: system.area.clone(),
        owner: system.owner.clone(),
        status,
        ceiling: system.ceiling(),
        reason,
        groups_configured: groups.iter().filter(|g| g.configured).count(),
        groups_total: groups.len(),
        missing: groups
            .iter()
            .flat_map(|g| g.missing.iter().cloned())
            .collect(),
        groups,
        proof_command: system.proof_command.clone(),
        proof_evidence: system.proof_evidence.clone(),
        if_missing: system.if_missing.clone(),
        proof_max_age_days: system.proof_max_age_days,
        proof: proof_view,
        fallback: system.fallback,
    }
}

fn motion_view(
    motion: &Motion,
    catalog: &Catalog,
    systems: &[SystemView],
    blocked: &[usize],
) -> MotionView {
    // `systems` is in catalog order, so a catalog position indexes it. Blockers and dependencies
    // are kept by position: lookups stay constant-time however many systems there are.
    let position = |id| catalog.system_position(id);
    let mut blockers: Vec<Blocker> = Vec::new();
    let mut blocker_at: FxHashMap<usize, usize> = FxHashMap::default();
    let mut add_blocker = |at: usize, needs: Status| match blocker_at.get(&at) {
        Some(&index) => blockers[index].needs = blockers[index].needs.max(needs),
        None => {
            let system = &systems[at];
            blocker_at.insert(at, blockers.len());
            blockers.push(Blocker {
                system: system.id.clone(),
                system_name: system.name.clone(),
                status: system.status,
                needs,
                if_missing: system.if_missing.clone(),
            });
        }
    };
    // Positions, sorted and deduplicated once at the end: catalog order without a tree.
    let mut depends: Vec<usize> = Vec::new();
    for requirement in &motion.requires {
        if let Some(at) = position(&requirement.system) {
            depends.push(at);
            if systems[at].status < requirement.at_least {
                add_blocker(at, requirement.at_least);
            }
        }
    }
    if motion.no_blocked_systems {
        depends.extend_from_slice(blocked);
        for &at in blocked {
            add_blocker(at, Status::ManualFallback);
        }
    }
    let claims = motion
        .claims
        .iter()
        .map(|claim| {
            depends.extend(claim.until_ready.iter().filter_map(position));
            ClaimView {
                text: claim.text.clone(),
                lifted: !claim.until_ready.is_empty()
                    && claim.until_ready.iter().all(|id| {
                        position(id).is_some_and(|at| systems[at].status == Status::Ready)
                    }),
                until_ready: claim.until_ready.clone(),
                head: claim.head.clone(),
                matches: claim.matches.clone(),
                instead: claim.instead.clone(),
                patterns: claim.patterns.clone(),
            }
        })
        .collect();
    depends.sort_unstable();
    depends.dedup();
    let unlock = crate::unlock::unlock(&motion.name, &blockers, |id| {
        catalog.system_position(id).map(|at| &systems[at])
    });
    MotionView {
        unlock,
        id: motion.id.clone(),
        name: motion.name.clone(),
        short: motion.short.clone(),
        paid: motion.paid,
        can_move: blockers.is_empty(),
        required_evidence: motion.required_evidence.clone(),
        claims,
        blockers,
        depends_on: depends
            .into_iter()
            .map(|at| systems[at].id.clone())
            .collect(),
        requires: motion
            .requires
            .iter()
            .map(|r| RequirementView {
                system: r.system.clone(),
                at_least: r.at_least,
            })
            .collect(),
    }
}

fn group_names<'a>(groups: impl Iterator<Item = &'a GroupView>) -> String {
    groups.map(|g| &*g.name).collect::<Vec<_>>().join(", ")
}

/// `2026-11-26 08:15 UTC`: minutes are enough for a person; the JSON keeps the exact instant.
pub fn display_instant(at: OffsetDateTime) -> String {
    let Some(utc) = at.checked_to_offset(time::UtcOffset::UTC) else {
        return at.to_string();
    };
    utc.format(format_description!(
        "[year]-[month]-[day] [hour]:[minute] UTC"
    ))
    .unwrap_or_else(|_| utc.to_string())
}

fn days_ago(days: i64) -> String {
    match days {
        0 => "today".to_owned(),
        1 => "1 day ago".to_owned(),
        n => format!("{n} days ago"),
    }
}
