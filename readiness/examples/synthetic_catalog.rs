//! Prints a seeded synthetic catalog (TOML) for load and browser measurements:
//! `cargo run -p readiness --example synthetic_catalog --features synthetic -- 1000 20 > big.toml`

fn main() {
    let mut args = std::env::args().skip(1);
    let systems = args.next().and_then(|a| a.parse().ok()).unwrap_or(1000);
    let motions = args.next().and_then(|a| a.parse().ok()).unwrap_or(20);
    print!(
        "{}",
        readiness::synthetic::catalog_toml(systems, motions, 7)
    );
}
