//! The unlock set of a motion: the systems that must change, and the status each must reach, for
//! a gated motion to move. Every blocker breaks a rule on its own, so each step is necessary and
//! together they are sufficient: the set is minimal (and unique) under the rules.

use crate::board::{Blocker, SystemView, Unlock, UnlockStep};
use crate::catalog::Text;
use crate::english::and_list;
use crate::ids::SystemId;
use crate::status::Status;

/// `systems_by_id` finds a blocker's system view (the engine passes its catalog-order lookup).
pub(crate) fn unlock<'a>(
    motion_name: &str,
    blockers: &[Blocker],
    system_of: impl Fn(&SystemId) -> Option<&'a SystemView>,
) -> Unlock {
    let steps: Vec<UnlockStep> = blockers
        .iter()
        .map(|b| {
            let system = system_of(&b.system);
            UnlockStep {
                system: b.system.clone(),
                system_name: b.system_name.clone(),
                from: b.status,
                to: b.needs,
                needs: system.map(|s| needs(s, b.needs)).unwrap_or_default(),
                reachable: system.is_some_and(|s| s.ceiling >= b.needs),
            }
        })
        .collect();
    let reachable = steps.iter().all(|s| s.reachable);
    Unlock {
        sentence: sentence(motion_name, &steps, reachable),
        steps,
        reachable,
    }
}

/// What `system` lacks to reach `to`: the missing runtime names for leaving blocked, every
/// missing name for configured, and a passing proof for ready.
fn needs(system: &SystemView, to: Status) -> Vec<Text> {
    let mut needs: Vec<Text> = system
        .groups
        .iter()
        .filter(|g| to > Status::ManualFallback || g.kind == crate::catalog::GroupKind::Runtime)
        .flat_map(|g| g.missing.iter().cloned())
        .collect();
    if to == Status::Ready && system.status < Status::Ready {
        needs.push(if system.ceiling < Status::Ready {
            "a proof command in the catalog (it has none, so it can never be ready)".into()
        } else {
            format!("a passing proof: {}", system.proof_command).into()
        });
    }
    needs
}

fn sentence(motion: &str, steps: &[UnlockStep], reachable: bool) -> String {
    if steps.is_empty() {
        return format!("{motion} can move now.");
    }
    if !reachable {
        let never: Vec<&str> = steps
            .iter()
            .filter(|s| !s.reachable)
            .map(|s| &*s.system_name)
            .collect();
        return format!(
            "{motion} can never move under the current catalog: {} cannot become {}.",
            and_list(&never),
            steps
                .iter()
                .filter(|s| !s.reachable)
                .map(|s| s.to)
                .max()
                .unwrap_or(Status::Ready)
                .label()
        );
    }
    let phrase = |step: &UnlockStep| match (step.from, step.to) {
        (Status::Blocked, to) if to < Status::Ready => {
            ("stops being blocked", "stop being blocked")
        }
        (_, Status::Ready) => ("becomes ready", "become ready"),
        _ => ("is fully configured", "are fully configured"),
    };
    let mut parts: Vec<String> = Vec::new();
    let mut groups: Vec<((&str, &str), Vec<&str>)> = Vec::new();
    for step in steps {
        let key = phrase(step);
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, names)) => names.push(&*step.system_name),
            None => groups.push((key, vec![&*step.system_name])),
        }
    }
    for ((one, many), names) in groups {
        let verb = if names.len() == 1 { one } else { many };
        parts.push(format!("{} {verb}", and_list(&names)));
    }
    format!("{motion} moves when {}.", parts.join(" and "))
}
