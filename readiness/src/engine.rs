//! The readiness rules: statuses per system, verdicts per motion, the summary and headline.

use crate::board::{
    Blocker, Board, ClaimView, GroupView, MotionView, ProofView, RequirementView, Summary,
    SystemView,
};
use crate::catalog::{Catalog, GroupKind, Motion, System, Text};
use crate::environment::Environment;
use crate::instant::display_instant;
use crate::proof::{LatestProofs, ProofRecord, ProofSource};
use crate::status::Status;
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
            let mut view = system_view(system, env, proof, as_of);
            if let Some(shown) = view.proof.as_mut() {
                shown.receipt = proofs.receipt(&system.id);
            }
            view
        })
        .collect();
    let blocked: Vec<usize> = (0..systems.len())
        .filter(|&at| systems[at].status == Status::Blocked)
        .collect();
    let motions: Vec<MotionView> = catalog
        .motions()
        .iter()
        .map(|m| {
            let mut view = motion_view(m, catalog, &systems, &blocked);
            view.target = crate::expected::motion_target(
                m.target,
                view.can_move,
                view.expected.as_ref(),
                as_of,
            );
            view
        })
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
        deployment: crate::board::Deployment::Live,
        version: None,
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
            for_buyers: b.for_buyers.clone(),
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
    let groups = groups_of(system, env);
    let proof = proof.map(|p| proof_view(system, p, as_of));
    let (status, reason) = status_of(system, &groups, proof.as_ref(), as_of);
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
        proof,
        fallback: system.fallback,
        expected: crate::expected::system_expected(system.expected.as_ref(), status, as_of),
    }
}

/// Each variable group of `system` with the names `env` does not satisfy.
fn groups_of(system: &System, env: &Environment) -> Vec<GroupView> {
    let group_view = |group: &crate::catalog::Group| {
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
    };
    system.groups.iter().map(group_view).collect()
}

/// The newest proof as the board shows it: when a pass expires, and whether it has at `as_of`.
/// A failed proof has no expiry (found by a QA team: "failed …; expires …").
fn proof_view(system: &System, proof: &ProofRecord, as_of: OffsetDateTime) -> ProofView {
    // Instants and ages are bounded at the edge (see `instant`); saturate all the same.
    let expires_at = (proof.outcome == crate::proof::Outcome::Pass).then(|| {
        proof
            .recorded_at
            .checked_add(Duration::days(i64::from(system.proof_max_age_days)))
            .unwrap_or(crate::instant::END)
    });
    ProofView {
        outcome: proof.outcome,
        recorded_at: proof.recorded_at,
        expires_at,
        expired: expires_at.is_some_and(|at| as_of >= at),
        source: proof.source,
        receipt: None,
    }
}

/// The status rule, and its reason in words: an unconfigured runtime blocks (or falls back),
/// missing fixtures or no proof command leave it unproven, and only a fresh passing proof makes
/// it ready ([`ProofProblem`](crate::proof_problem::ProofProblem) says why not).
fn status_of(
    system: &System,
    groups: &[GroupView],
    proof: Option<&ProofView>,
    as_of: OffsetDateTime,
) -> (Status, String) {
    use crate::proof_problem::ProofProblem;
    let unconfigured = |kind: GroupKind| {
        groups
            .iter()
            .filter(move |g| g.kind == kind && !g.configured)
    };
    let unproven = |reason: String| (Status::ConfiguredUnproven, reason);
    if unconfigured(GroupKind::Runtime).next().is_some() {
        let names = group_names(unconfigured(GroupKind::Runtime));
        return if system.fallback {
            let reason = format!("Runtime not configured ({names}); manual fallback applies.");
            (Status::ManualFallback, reason)
        } else {
            let reason = format!("Runtime not configured ({names}); no fallback.");
            (Status::Blocked, reason)
        };
    }
    if unconfigured(GroupKind::Fixture).next().is_some() {
        let names = group_names(unconfigured(GroupKind::Fixture));
        return unproven(format!("Fixture settings missing ({names})."));
    }
    if system.ceiling() < Status::Ready {
        return unproven("No proof command in the catalog: it cannot be proven.".to_owned());
    }
    match (ProofProblem::of(proof), proof) {
        (Some(ProofProblem::Missing), _) | (None, None) => unproven("No proof yet.".to_owned()),
        (Some(ProofProblem::Failed { at }), _) => {
            unproven(format!("Last proof failed at {}.", display_instant(at)))
        }
        (Some(ProofProblem::Expired { at }), _) => {
            let ago = days_ago((as_of - at).whole_days());
            unproven(format!("Proof expired {ago}."))
        }
        (None, Some(p)) => {
            let at = display_instant(p.recorded_at);
            (Status::Ready, format!("Proof passed at {at}."))
        }
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
    let position = |id: &crate::ids::SystemId| catalog.system_position(id);
    let (blockers, mut depends) = blockers_of(motion, systems, blocked, position);
    let claims = motion
        .claims
        .iter()
        .map(|claim| {
            depends.extend(claim.until_ready.iter().filter_map(position));
            claim_view(claim, systems, position)
        })
        .collect();
    depends.sort_unstable();
    depends.dedup();
    let unlock = crate::unlock::unlock(&motion.name, &blockers, |id| {
        catalog.system_position(id).map(|at| &systems[at])
    });
    let waited: Vec<&SystemView> = blockers
        .iter()
        .filter_map(|b| position(&b.system).map(|at| &systems[at]))
        .collect();
    MotionView {
        expected: crate::expected::motion_expected(&blockers, &waited),
        target: None,
        unlock,
        id: motion.id.clone(),
        name: motion.name.clone(),
        short: motion.short.clone(),
        // Written as it reads inside a sentence; the name stands in as written (found by
        // attack: lowering its first letter made "Okta SSO" read "okta SSO").
        offer: motion.offer_or_name().clone(),
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

/// What keeps `motion` from moving (each system once, needing the most asked of it), and the
/// positions of the systems its verdict rests on (unsorted, with repeats).
fn blockers_of(
    motion: &Motion,
    systems: &[SystemView],
    blocked: &[usize],
    position: impl Fn(&crate::ids::SystemId) -> Option<usize>,
) -> (Vec<Blocker>, Vec<usize>) {
    let mut depends: Vec<usize> = motion
        .requires
        .iter()
        .filter_map(|r| position(&r.system))
        .collect();
    if motion.no_blocked_systems {
        depends.extend_from_slice(blocked);
    }
    let waits = crate::waits::waits_on(motion, blocked, &position, |at| systems[at].status);
    let blockers = (waits.into_iter())
        .map(|(at, needs)| {
            let system = &systems[at];
            Blocker {
                system: system.id.clone(),
                system_name: system.name.clone(),
                status: system.status,
                needs,
                if_missing: system.if_missing.clone(),
            }
        })
        .collect();
    (blockers, depends)
}

/// A claim as the board shows it: lifted once every system it waits on is ready.
fn claim_view(
    claim: &crate::catalog::Claim,
    systems: &[SystemView],
    position: impl Fn(&crate::ids::SystemId) -> Option<usize>,
) -> ClaimView {
    ClaimView {
        text: claim.text.clone(),
        lifted: !claim.until_ready.is_empty()
            && claim
                .until_ready
                .iter()
                .all(|id| position(id).is_some_and(|at| systems[at].status == Status::Ready)),
        until_ready: claim.until_ready.clone(),
        head: claim.head.clone(),
        matches: claim.matches.clone(),
        instead: claim.instead.clone(),
        patterns: claim.patterns.clone(),
    }
}

fn group_names<'a>(groups: impl Iterator<Item = &'a GroupView>) -> String {
    groups.map(|g| &*g.name).collect::<Vec<_>>().join(", ")
}

fn days_ago(days: i64) -> String {
    match days {
        0 => "today".to_owned(),
        1 => "1 day ago".to_owned(),
        n => format!("{n} days ago"),
    }
}
