//! Request counts kept per thread, read as one sum.

use super::*;
use std::time::Duration;

/// Counts made on many threads, each into its own copy, are read as one sum.
#[test]
fn counts_from_every_thread_are_summed_when_read() {
    let stats = RequestStats::new();
    std::thread::scope(|scope| {
        for _ in 0..(SHARDS + 3) {
            scope.spawn(|| {
                for _ in 0..100 {
                    stats.record("/r", "GET", 200, Duration::from_micros(300));
                }
                stats.record("/r", "POST", 404, Duration::from_secs(9));
            });
        }
    });
    let mut text = String::new();
    let mut registry = prometheus_client::registry::Registry::default();
    registry.register_collector(Box::new(Collected(stats)));
    prometheus_client::encoding::text::encode(&mut text, &registry).unwrap();
    let line = |start: &str| {
        text.lines()
            .find(|l| l.starts_with(start))
            .map(str::to_owned)
    };
    let ok = r#"http_requests_total{route="/r",method="GET",status="200"} 1100"#;
    assert_eq!(line(ok).as_deref(), Some(ok), "{text}");
    let missing = r#"http_requests_total{route="/r",method="POST",status="404"} 11"#;
    assert_eq!(line(missing).as_deref(), Some(missing), "{text}");
    let count = r#"http_request_duration_seconds_count{route="/r"} 1111"#;
    assert_eq!(line(count).as_deref(), Some(count), "{text}");
    let fast = r#"http_request_duration_seconds_bucket{le="0.0005",route="/r"} 1100"#;
    assert_eq!(line(fast).as_deref(), Some(fast), "{text}");
    let sum = line(r#"http_request_duration_seconds_sum{route="/r"}"#).unwrap();
    assert!(sum.ends_with(" 99.33"), "{sum}");
}

struct Collected(RequestStats);

impl std::fmt::Debug for Collected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Collected")
    }
}

impl prometheus_client::collector::Collector for Collected {
    fn encode(&self, mut encoder: DescriptorEncoder) -> Result<(), std::fmt::Error> {
        self.0.encode(&mut encoder)
    }
}
