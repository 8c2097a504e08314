//! A seeded generator of large catalogs, environments and proof histories, for benchmarks and
//! load tests. The same seed gives the same output on every machine.

use crate::{Catalog, Environment, Outcome, ProofRecord, ProofSource, SystemId};
use time::{Duration, OffsetDateTime};

/// A small, fast, deterministic generator (SplitMix64); not for anything secret.
pub struct Seeded(u64);

impl Seeded {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..below` (`below` > 0).
    pub fn below(&mut self, below: u64) -> u64 {
        self.next_u64() % below
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

const OWNERS: [&str; 8] = [
    "Operator",
    "Finance",
    "Enterprise",
    "Customer",
    "Security",
    "Support",
    "Legal",
    "Data",
];
const STATUSES: [&str; 3] = ["manual_fallback", "configured_unproven", "ready"];

/// Catalog text (format v1) with `systems` systems and `motions` motions.
pub fn catalog_toml(systems: usize, motions: usize, seed: u64) -> String {
    let mut rng = Seeded::new(seed);
    let mut out = String::from(
        "[page]\ntitle = \"Synthetic vendor readiness\"\nheadline = \"Generated for benchmarks.\"\nintro = \"A generated catalog.\"\nmotions_intro = \"Generated motions.\"\n\n",
    );
    let mut has_fallback = Vec::with_capacity(systems);
    for i in 0..systems {
        let owner = OWNERS[rng.below(OWNERS.len() as u64) as usize];
        let fallback = rng.chance(40);
        has_fallback.push(fallback);
        out.push_str(&format!(
            "[[system]]\nid = \"sys-{i}\"\nname = \"System {i}\"\narea = \"Area {}\"\nowner = \"{owner}\"\nfallback = {}\nif_missing = \"Handle system {i} by hand.\"\nproof_command = \"npm run check:sys-{i}\"\nproof_evidence = \"Fixture output of system {i}.\"\n",
            i % 37,
            fallback
        ));
        for g in 0..1 + rng.below(3) {
            let kind = if g > 0 && rng.chance(30) {
                "fixture"
            } else {
                "runtime"
            };
            let vars: Vec<String> = (0..1 + rng.below(3))
                .map(|v| format!("\"S{i}_G{g}_V{v}\""))
                .collect();
            out.push_str(&format!(
                "[[system.group]]\nname = \"Group {g}\"\nkind = \"{kind}\"\nvars = [{}]\n",
                vars.join(", ")
            ));
        }
        out.push('\n');
    }
    for m in 0..motions {
        let requires: Vec<String> = (0..1 + rng.below(5))
            .map(|_| {
                let system = rng.below(systems as u64) as usize;
                let mut status = STATUSES[rng.below(3) as usize];
                // A system without a fallback never shows manual fallback: ask the next status.
                if status == "manual_fallback" && !has_fallback[system] {
                    status = "configured_unproven";
                }
                format!("{{ system = \"sys-{system}\", at_least = \"{status}\" }}")
            })
            .collect();
        out.push_str(&format!(
            "[[motion]]\nid = \"motion-{m}\"\nname = \"Motion {m}\"\nshort = \"Motion {m}\"\npaid = {}\nrequired_evidence = [\"Evidence A of motion {m}\", \"Evidence B of motion {m}\"]\nrequires = [{}]\nno_blocked_systems = {}\n",
            m % 5 == 0,
            requires.join(", "),
            // Exactly one motion in ten, whatever the size: each gathers every blocked system, so
            // a random count would make boards of different sizes incomparable.
            m % 10 == 0
        ));
        for c in 0..3 {
            out.push_str(&format!("[[motion.claim]]\ntext = \"Claim {c} of motion {m}\"\nuntil_ready = [\"sys-{}\"]\n", rng.below(systems as u64)));
        }
        out.push('\n');
    }
    out
}

/// The catalog, an environment in which about 70% of variables are set, and `records` proof
/// records spread over the 60 days before `now`.
pub fn generate(
    systems: usize,
    motions: usize,
    records: usize,
    seed: u64,
    now: OffsetDateTime,
) -> (Catalog, Environment, Vec<ProofRecord>) {
    let catalog = crate::catalog_toml::parse_catalog_within(
        "synthetic.toml",
        &catalog_toml(systems, motions, seed),
        usize::MAX,
    )
    .unwrap_or_else(|e| panic!("the generator wrote an invalid catalog: {e}"));
    let mut rng = Seeded::new(seed ^ 0x5EED);
    let names: Vec<String> = catalog
        .var_names()
        .map(|n| n.to_string())
        .filter(|_| rng.chance(70))
        .collect();
    let environment = Environment::from_pairs(&catalog, names.iter().map(|n| (n.as_str(), "set")));
    let ids: Vec<SystemId> = catalog.systems().iter().map(|s| s.id.clone()).collect();
    let history = (0..records)
        .map(|_| ProofRecord {
            system: ids[rng.below(ids.len() as u64) as usize].clone(),
            outcome: if rng.chance(80) {
                Outcome::Pass
            } else {
                Outcome::Fail
            },
            recorded_at: now - Duration::minutes(rng.below(60 * 24 * 60) as i64),
            evidence: String::new(),
            source: ProofSource::Cli,
        })
        .collect();
    (catalog, environment, history)
}
