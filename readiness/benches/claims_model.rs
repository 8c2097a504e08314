//! What the model of labelled copy costs a check: 1 MB of the labelled corpora's sentences
//! against the shipped catalog's 12 claims, the rules alone and the rules joined with the
//! shipped model (`catalog/claims-model.json`), which reads every sentence once; and the page's
//! way: the server writing the model's reading of the copy, and a checker joining that reading
//! (what the browser's island does, with no weights).

mod common;

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use readiness::catalog_toml::parse_catalog;
use readiness::claims::model::{ClaimModel, Reader};
use readiness::{default_normalize, ClaimRules};
use std::sync::Arc;

fn claims_with_the_model(c: &mut Criterion) {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let read = |path: &str| std::fs::read_to_string(format!("{dir}/{path}")).unwrap();
    let catalog =
        parse_catalog("vendor-catalog.toml", &read("catalog/vendor-catalog.toml")).unwrap();
    let model: ClaimModel = serde_json::from_str(&read("catalog/claims-model.json")).unwrap();
    let reader = Arc::new(Reader::new(model, default_normalize).unwrap());
    let copy = common::megabyte_of_copy(dir);
    let mut group = c.benchmark_group("claims_model");
    group.sample_size(20);
    group.throughput(Throughput::Bytes(copy.len() as u64));
    let rules = ClaimRules::every_claim(&catalog).compile();
    group.bench_function("check_1MB_rules_alone", |b| {
        b.iter(|| rules.check_at_most(black_box(&copy), 1000))
    });
    let joined = ClaimRules::every_claim(&catalog)
        .compile()
        .with_model(reader);
    group.bench_function("check_1MB_rules_and_model", |b| {
        b.iter(|| joined.check_at_most(black_box(&copy), 1000))
    });
    group.bench_function("reading_1MB_written", |b| {
        b.iter(|| joined.readings(black_box(&copy)))
    });
    let reading = Arc::new(joined.readings(&copy).unwrap());
    let from_reading = ClaimRules::every_claim(&catalog)
        .compile()
        .with_readings(reading);
    group.bench_function("check_1MB_rules_and_reading", |b| {
        b.iter(|| from_reading.check_at_most(black_box(&copy), 1000))
    });
    group.finish();
}

criterion_group!(benches, claims_with_the_model);
criterion_main!(benches);
