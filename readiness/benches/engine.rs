//! Engine benchmarks: the seed board, generated catalogs of 1k / 10k / 100k systems (time should
//! grow linearly), reducing 1,000,000 proof records to the latest per system, and filtering.
//! Run: `cargo bench -p readiness --features synthetic`.

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use readiness::catalog_toml::parse_catalog;
use readiness::synthetic::generate;
use readiness::{evaluate, BoardFilter, Environment, LatestProofs};
use time::macros::datetime;

fn seed(c: &mut Criterion) {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../catalog/vendor-catalog.toml"
    ))
    .unwrap();
    let catalog = parse_catalog("vendor-catalog.toml", &text).unwrap();
    let env_text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../catalog/demo.env"))
            .unwrap();
    let pairs: Vec<(&str, &str)> = env_text
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('='))
        .collect();
    let environment = Environment::from_pairs(&catalog, pairs);
    let now = datetime!(2026-11-26 09:00 UTC);
    c.bench_function("evaluate/seed", |b| {
        b.iter(|| {
            evaluate(
                black_box(&catalog),
                &environment,
                &LatestProofs::default(),
                now,
            )
        })
    });
}

fn scaling(c: &mut Criterion) {
    let now = datetime!(2026-11-26 09:00 UTC);
    let mut group = c.benchmark_group("evaluate/systems");
    group.sample_size(10);
    for systems in [1_000, 10_000, 100_000] {
        let (catalog, environment, records) = generate(systems, 100, systems * 10, 42, now);
        let latest = LatestProofs::from_records(records);
        group.throughput(Throughput::Elements(systems as u64));
        group.bench_with_input(BenchmarkId::from_parameter(systems), &systems, |b, _| {
            b.iter(|| evaluate(black_box(&catalog), &environment, &latest, now))
        });
    }
    group.finish();
}

fn million_records(c: &mut Criterion) {
    let now = datetime!(2026-11-26 09:00 UTC);
    let (catalog, environment, records) = generate(10_000, 100, 1_000_000, 7, now);
    let mut group = c.benchmark_group("ten_thousand_systems");
    group.sample_size(10);
    group.bench_function("latest_of_1m_records", |b| {
        b.iter(|| LatestProofs::from_records(black_box(records.iter().cloned())))
    });
    let latest = LatestProofs::from_records(records.iter().cloned());
    group.bench_function("evaluate_100_motions", |b| {
        b.iter(|| evaluate(black_box(&catalog), &environment, &latest, now))
    });
    let board = evaluate(&catalog, &environment, &latest, now);
    let by_owner = BoardFilter::new(Some("Finance".into()), None);
    group.bench_function("filter_by_owner", |b| {
        b.iter(|| board.filtered(black_box(&by_owner)))
    });
    let by_motion = BoardFilter::new(None, Some("motion-3".into()));
    group.bench_function("filter_by_motion", |b| {
        b.iter(|| board.filtered(black_box(&by_motion)))
    });
    group.finish();
}

/// The claim checker on 2 MiB of copy that is one violation after another (the attack that
/// froze the server while de-duplication was quadratic). Target: under 50 ms.
fn claims_two_mebibytes(c: &mut Criterion) {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../catalog/vendor-catalog.toml"
    ))
    .unwrap();
    let catalog = parse_catalog("vendor-catalog.toml", &text).unwrap();
    let board = evaluate(
        &catalog,
        &Environment::default(),
        &LatestProofs::default(),
        datetime!(2026-11-26 09:00 UTC),
    );
    let rules = readiness::ClaimRules::for_motion(&board, "self-serve-paid-launch").unwrap();
    let copy = "buy now ".repeat(2 * 1024 * 1024 / 8);
    let mut group = c.benchmark_group("claims");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(copy.len() as u64));
    group.bench_function("check_2MiB_of_violations", |b| {
        b.iter(|| rules.check(black_box(&copy)))
    });
    group.finish();
}

criterion_group!(
    benches,
    seed,
    scaling,
    million_records,
    claims_two_mebibytes
);
criterion_main!(benches);
