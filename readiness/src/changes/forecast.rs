//! The forecast: every passing proof that expires within a window, and what its expiry will do
//! (the motions it gates), read off the changes a replay of the latest proofs produces ahead.

use super::{changes, Cause, Subject};
use crate::catalog::{Catalog, Text};
use crate::environment::Environment;
use crate::ids::MotionId;
pub use crate::over_time::Upcoming;
use crate::proof::LatestProofs;
use time::{Duration, OffsetDateTime};

/// Expiries of the latest proofs in `(now, now + within]`, soonest first.
pub fn upcoming(
    catalog: &Catalog,
    env: &Environment,
    latest: &LatestProofs,
    now: OffsetDateTime,
    within: Duration,
) -> Vec<Upcoming> {
    let records: Vec<_> = catalog
        .systems()
        .iter()
        .filter_map(|s| latest.get(&s.id).filter(|r| r.recorded_at <= now).cloned())
        .collect();
    let until = now.checked_add(within).unwrap_or(crate::instant::END);
    let (_, ahead) = changes(catalog, env, &records, until);
    let ahead: Vec<_> = ahead.into_iter().filter(|c| c.at > now).collect();
    let mut out = Vec::new();
    for change in &ahead {
        let Subject::System {
            system,
            cause: Cause::ProofExpired,
            ..
        } = &change.subject
        else {
            continue;
        };
        let gates: Vec<MotionId> = ahead
            .iter()
            .filter(|c| c.at == change.at)
            .filter_map(|c| match &c.subject {
                Subject::Motion {
                    motion,
                    can_move: false,
                    because,
                    ..
                } if because.contains(system) => Some(motion.clone()),
                _ => None,
            })
            .collect();
        let name = catalog
            .system(system)
            .map_or_else(|| Text::from(system.as_str()), |s| s.name.clone());
        let names: Vec<&str> = gates
            .iter()
            .filter_map(|m| catalog.motion(m))
            .map(|m| &*m.name)
            .collect();
        let effect = match names.len() {
            0 => "no motion would be gated".to_owned(),
            1 => format!("{} would be gated", names[0]),
            _ => format!("{} would be gated", names.join(", ")),
        };
        let text = format!("{name}'s proof expires on {}: {effect}", day(change.at));
        out.push(Upcoming {
            system: system.clone(),
            system_name: name,
            expires_at: change.at,
            gates,
            text,
        });
    }
    out
}

/// `3 Dec 2026`.
fn day(at: OffsetDateTime) -> String {
    let format = time::macros::format_description!("[day padding:none] [month repr:short] [year]");
    at.format(format).unwrap_or_else(|_| at.to_string())
}
