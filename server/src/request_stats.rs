//! Request counts and latency per route template, kept in plain atomics and found through a
//! per-thread cache, so counting a request takes no lock (prometheus-client's families and
//! histograms lock per observation, which cost a quarter of the JSON route's throughput under
//! load). Encoded at scrape time as `http_requests` and `http_request_duration_seconds`.

use prometheus_client::encoding::{
    DescriptorEncoder, EncodeLabelSet, EncodeMetric, MetricEncoder, NoLabelSet,
};
use prometheus_client::metrics::counter::ConstCounter;
use prometheus_client::metrics::MetricType;
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering::Relaxed};
use std::sync::{Arc, Mutex};

const METHODS: [&str; 4] = ["GET", "HEAD", "POST", "OTHER"];
/// Statuses counted one by one; any other lands in the last slot, labelled by its class.
const STATUSES: [u16; 18] = [
    200, 201, 204, 304, 400, 401, 403, 404, 405, 408, 409, 413, 415, 422, 429, 500, 503, 0,
];
/// Upper bounds of the latency buckets, in seconds (0.25 ms doubling to about 4 s).
const BOUNDS: [f64; 15] = [
    0.00025, 0.0005, 0.001, 0.002, 0.004, 0.008, 0.016, 0.032, 0.064, 0.128, 0.256, 0.512, 1.024,
    2.048, 4.096,
];

/// Copies of the counts, one per thread (threads beyond take them in turn), summed when read: two
/// workers counting into one would pass its cache line back and forth at every request.
const SHARDS: usize = 8;

#[derive(Default)]
pub struct RouteStats {
    shards: [Shard; SHARDS],
}

#[derive(Default)]
#[repr(align(128))]
struct Shard {
    counts: [[AtomicU64; STATUSES.len()]; METHODS.len()],
    buckets: [AtomicU64; BOUNDS.len() + 1],
    sum_nanos: AtomicU64,
}

static NEXT_SHARD: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    /// The copy of the counts this thread counts into.
    static SHARD: usize = NEXT_SHARD.fetch_add(1, Relaxed) % SHARDS;
}

impl RouteStats {
    /// The sum over the copies of `value` in each.
    fn sum(&self, value: impl Fn(&Shard) -> &AtomicU64) -> u64 {
        self.shards.iter().map(|s| value(s).load(Relaxed)).sum()
    }
}

/// Every route's stats; each thread caches the handles it has used.
#[derive(Default)]
pub struct RequestStats {
    id: u64,
    /// One entry per route template, made once and never freed (about 6 KB each: its copies).
    routes: Mutex<Vec<(Arc<str>, &'static RouteStats)>>,
}

type Handles = HashMap<u64, HashMap<Box<str>, &'static RouteStats>>;

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

thread_local! {
    /// stats id → route → handle: one lookup per request, no lock, no allocation, no refcount.
    static HANDLES: RefCell<Handles> = RefCell::new(HashMap::new());
}

impl RequestStats {
    pub fn new() -> Self {
        Self {
            id: NEXT_ID.fetch_add(1, Relaxed),
            routes: Mutex::default(),
        }
    }

    /// The stats of `route`, found without a lock after this thread's first request to it.
    pub fn handle(&self, route: &str) -> &'static RouteStats {
        HANDLES.with(|cache| {
            let mut cache = cache.borrow_mut();
            let mine = cache.entry(self.id).or_default();
            if let Some(stats) = mine.get(route) {
                return *stats;
            }
            let stats = self.shared(route);
            mine.insert(Box::from(route), stats);
            stats
        })
    }

    pub fn record(&self, route: &str, method: &str, status: u16, elapsed: std::time::Duration) {
        self.handle(route).record(method, status, elapsed);
    }
}

impl RouteStats {
    pub fn record(&self, method: &str, status: u16, elapsed: std::time::Duration) {
        let stats = &self.shards[SHARD.with(|shard| *shard)];
        let m = METHODS
            .iter()
            .position(|x| *x == method)
            .unwrap_or(METHODS.len() - 1);
        let s = STATUSES
            .iter()
            .position(|x| *x == status)
            .unwrap_or(STATUSES.len() - 1);
        stats.counts[m][s].fetch_add(1, Relaxed);
        let seconds = elapsed.as_secs_f64();
        let bucket = BOUNDS
            .iter()
            .position(|b| seconds <= *b)
            .unwrap_or(BOUNDS.len());
        stats.buckets[bucket].fetch_add(1, Relaxed);
        stats.sum_nanos.fetch_add(
            u64::try_from(elapsed.as_nanos()).unwrap_or(u64::MAX),
            Relaxed,
        );
    }
}

impl RequestStats {
    fn shared(&self, route: &str) -> &'static RouteStats {
        let mut routes = self.routes.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((_, stats)) = routes.iter().find(|(r, _)| &**r == route) {
            return stats;
        }
        let stats: &'static RouteStats = Box::leak(Box::default());
        routes.push((Arc::from(route), stats));
        stats
    }

    pub fn encode(&self, encoder: &mut DescriptorEncoder) -> Result<(), std::fmt::Error> {
        let routes = self
            .routes
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        let mut counts = encoder.encode_descriptor(
            "http_requests",
            "HTTP requests answered, by route template, method and status",
            None,
            MetricType::Counter,
        )?;
        for (route, stats) in &routes {
            for (m, method) in METHODS.iter().enumerate() {
                for (s, status) in STATUSES.iter().enumerate() {
                    let n = stats.sum(|shard| &shard.counts[m][s]);
                    if n > 0 {
                        let status = if *status == 0 {
                            "other".to_owned()
                        } else {
                            status.to_string()
                        };
                        let labels = RequestLabels {
                            route: route.to_string(),
                            method,
                            status,
                        };
                        ConstCounter::new(n).encode(counts.encode_family(&labels)?)?;
                    }
                }
            }
        }
        let mut latency = encoder.encode_descriptor(
            "http_request_duration_seconds",
            "Time to answer a request, by route template",
            None,
            MetricType::Histogram,
        )?;
        for (route, stats) in &routes {
            let labels = RouteLabels {
                route: route.to_string(),
            };
            Latency(stats).encode(latency.encode_family(&labels)?)?;
        }
        Ok(())
    }
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    route: String,
    method: &'static str,
    status: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: String,
}

/// One route's latency histogram as read now.
struct Latency<'a>(&'a RouteStats);

impl EncodeMetric for Latency<'_> {
    fn encode(&self, mut encoder: MetricEncoder) -> Result<(), std::fmt::Error> {
        let counts: Vec<u64> = (0..=BOUNDS.len())
            .map(|b| self.0.sum(|shard| &shard.buckets[b]))
            .collect();
        let buckets: Vec<(f64, u64)> = BOUNDS
            .iter()
            .copied()
            .chain([f64::MAX])
            .zip(counts.iter().copied())
            .collect();
        let sum = self.0.sum(|shard| &shard.sum_nanos) as f64 / 1e9;
        encoder.encode_histogram::<NoLabelSet>(sum, counts.iter().sum(), &buckets, None)
    }

    fn metric_type(&self) -> MetricType {
        MetricType::Histogram
    }
}

#[cfg(test)]
#[path = "request_stats_tests.rs"]
mod tests;
