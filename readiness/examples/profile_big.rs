fn main() {
    let now = time::macros::datetime!(2026-11-26 09:00 UTC);
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(10_000);
    let (catalog, env, records) = readiness::synthetic::generate(n, 100, n * 10, 7, now);
    let latest = readiness::LatestProofs::from_records(records);
    let t = std::time::Instant::now();
    let b = readiness::evaluate(&catalog, &env, &latest, now);
    let e = t.elapsed();
    let blockers: usize = b.motions.iter().map(|m| m.blockers.len()).sum();
    let t2 = std::time::Instant::now();
    drop(b);
    eprintln!("evaluate {e:?} drop {:?} blockers {blockers}", t2.elapsed());
}
