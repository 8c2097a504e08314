//! The budget of requests in flight: a client's share, the probes outside it, places given back.

use super::*;
use axum::body::Body;
use axum::extract::ConnectInfo;

fn from(ip: &str, path: &str) -> Request {
    let mut request = Request::builder().uri(path).body(Body::empty()).unwrap();
    let peer: std::net::SocketAddr = format!("{ip}:4000").parse().unwrap();
    request.extensions_mut().insert(ConnectInfo(peer));
    request
}

fn budget(max: usize, share: usize) -> Arc<InFlight> {
    Arc::new(InFlight::new(
        max,
        share,
        TrustedProxies::default(),
        Counter::default(),
    ))
}

#[test]
fn one_client_holds_at_most_its_share_and_others_still_get_in() {
    let budget = budget(8, 3);
    let held: Vec<_> = (0..3)
        .map(|_| budget.enter(&from("192.0.2.1", "/")).unwrap())
        .collect();
    assert!(held.iter().all(Option::is_some));
    assert!(
        budget.enter(&from("192.0.2.1", "/")).is_err(),
        "over its share"
    );
    assert!(
        budget.enter(&from("192.0.2.2", "/")).unwrap().is_some(),
        "another client"
    );
    assert_eq!(budget.refused.get(), 1);
    drop(held);
    assert!(
        budget.enter(&from("192.0.2.1", "/")).unwrap().is_some(),
        "places come back"
    );
}

#[test]
fn one_ipv6_slash_64_is_one_client() {
    let budget = budget(8, 2);
    let _a = budget.enter(&from("[2001:db8::1]", "/")).unwrap();
    let _b = budget.enter(&from("[2001:db8::2]", "/")).unwrap();
    assert!(budget.enter(&from("[2001:db8::ffff]", "/")).is_err());
    assert!(budget
        .enter(&from("[2001:db8:0:1::1]", "/"))
        .unwrap()
        .is_some());
}

#[test]
fn a_full_budget_refuses_everyone_but_the_health_probes() {
    let budget = budget(2, 2);
    let _a = budget.enter(&from("192.0.2.1", "/")).unwrap();
    let _b = budget.enter(&from("192.0.2.2", "/")).unwrap();
    assert!(budget
        .enter(&from("192.0.2.3", "/api/vendor-readiness"))
        .is_err());
    for probe in ["/healthz", "/readyz"] {
        assert!(
            matches!(budget.enter(&from("192.0.2.3", probe)), Ok(None)),
            "{probe}"
        );
    }
    assert_eq!(budget.refused.get(), 1);
}

/// Found by attack: with a fixed hash into 256 buckets, 127.0.0.234 shared 127.0.0.1's share and
/// could shut it out. The buckets now hang on a key drawn at start-up.
#[test]
fn which_clients_share_a_bucket_hangs_on_a_key_no_client_knows() {
    let (a, b): (IpAddr, IpAddr) = ("127.0.0.1".parse().unwrap(), "127.0.0.234".parse().unwrap());
    let shared = (1..=64u64)
        .filter(|&key| bucket_of(a, key) == bucket_of(b, key))
        .count();
    assert!(shared <= 1, "shared under {shared} keys of 64");
    let spread: std::collections::HashSet<usize> = (0..=255u8)
        .map(|n| bucket_of(IpAddr::from([127, 0, 0, n]), 7))
        .collect();
    assert!(
        spread.len() > 240,
        "256 addresses in {} buckets",
        spread.len()
    );
}

/// Found by attack: refusals named ids found in no log line; one line each would let a flood of
/// them flood the log. The first refusal is logged, later ones within ten seconds only counted.
#[test]
fn refusals_are_logged_at_most_once_in_ten_seconds() {
    #[derive(Clone, Default)]
    struct Lines(Arc<std::sync::Mutex<Vec<u8>>>);
    impl std::io::Write for Lines {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let lines = Lines::default();
    let writer = lines.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let budget = budget(1, 1);
    tracing::subscriber::with_default(subscriber, || {
        let _held = budget.enter(&from("192.0.2.1", "/")).unwrap();
        for _ in 0..100 {
            assert!(budget.enter(&from("192.0.2.1", "/")).is_err());
        }
    });
    assert_eq!(budget.refused.get(), 100, "each refusal is counted");
    let text = String::from_utf8(lines.0.lock().unwrap().clone()).unwrap();
    assert_eq!(text.matches("requests refused").count(), 1, "{text}");
    assert!(text.contains("refused_so_far=1"), "{text}");
}
