//! Prometheus metrics (`GET /metrics`, OpenMetrics text): requests and latency per route and
//! status, board recomputations, page-cache hits, proof pushes by result, store errors, catalog
//! reloads, and the board itself (one gauge per system status and per motion), read at scrape
//! time from the same snapshot every page and API answer uses. Label values are route templates
//! and catalog ids only: no value, no evidence, nothing a client chooses.

use crate::board_cache::BoardCache;
use prometheus_client::collector::Collector;
use prometheus_client::encoding::{DescriptorEncoder, EncodeLabelSet, EncodeMetric};
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::ConstGauge;
use prometheus_client::metrics::MetricType;
use prometheus_client::registry::Registry;
use std::sync::Arc;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct ResultLabels {
    pub result: &'static str,
}

/// The page cache's hit and miss counters.
#[derive(Debug, Clone)]
pub struct PageCacheCounters {
    pub hit: Counter,
    pub miss: Counter,
}

/// Every counter the server moves, and the registry that prints them.
pub struct Metrics {
    registry: Registry,
    /// Requests and latency per route (lock-free; see `request_stats`).
    pub http: Arc<crate::request_stats::RequestStats>,
    /// Current-board page requests answered from the pages kept per snapshot, and not: the two
    /// counters of the `page_cache` family, taken once (a request moves one without a lookup).
    pub page_cache: PageCacheCounters,
    pub proof_pushes: Family<ResultLabels, Counter>,
    pub store_errors: Counter,
    /// Requests answered 503 at once: the server's budget of requests in flight, or their
    /// client's share of it, was full.
    pub requests_refused_busy: Counter,
    pub catalog_reloads: Counter,
    pub catalog_reload_errors: Counter,
    pub webhook_deliveries: Family<ResultLabels, Counter>,
    /// Distinct input sets among live instances (more than 1: they disagree).
    pub input_sets_live: prometheus_client::metrics::gauge::Gauge,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Metrics")
    }
}

impl Metrics {
    pub fn new(board: &Arc<BoardCache>, clock: crate::clock::Clock) -> Self {
        let mut registry = Registry::with_prefix("vendor_readiness");
        let http = Arc::new(crate::request_stats::RequestStats::new());
        let (page_cache, proof_pushes) = (
            Family::<ResultLabels, Counter>::default(),
            Family::default(),
        );
        let (store_errors, catalog_reloads, catalog_reload_errors) =
            (Counter::default(), Counter::default(), Counter::default());
        registry.register(
            "board_recomputations",
            "Boards computed from the inputs (never per request)",
            board.recomputations().clone(),
        );
        registry.register(
            "history_replays_from_start",
            "Replays of the whole history (start-up, and a record that counts from before what was replayed); a write replays only what is new",
            board.replays_from_start().clone(),
        );
        registry.register(
            "page_cache",
            "Current-board page requests, by result (hit or miss)",
            page_cache.clone(),
        );
        // One statement each: `get_or_create` holds the family's lock until its statement ends.
        let hit = page_cache
            .get_or_create(&ResultLabels { result: "hit" })
            .clone();
        let miss = page_cache
            .get_or_create(&ResultLabels { result: "miss" })
            .clone();
        let page_cache = PageCacheCounters { hit, miss };
        registry.register("proof_pushes", "POST /api/proofs, by result (stored, replayed, unauthorized, rate_limited, rejected, error)", proof_pushes.clone());
        let input_sets_live = prometheus_client::metrics::gauge::Gauge::default();
        registry.register(
            "input_sets_live",
            "Distinct input sets (catalog and configured names) the live instances run; more than 1 means they disagree",
            input_sets_live.clone(),
        );
        registry.register(
            "store_errors",
            "Proof store operations that failed",
            store_errors.clone(),
        );
        registry.register(
            "catalog_reloads",
            "Catalog or env file edits applied without a restart",
            catalog_reloads.clone(),
        );
        registry.register(
            "catalog_reload_errors",
            "Catalog or env file edits rejected (the last good inputs stay in force)",
            catalog_reload_errors.clone(),
        );
        let webhook_deliveries = Family::<ResultLabels, Counter>::default();
        registry.register(
            "webhook_deliveries",
            "Webhook delivery attempts, by result (delivered, retry, given_up)",
            webhook_deliveries.clone(),
        );
        let requests_refused_busy = Counter::default();
        registry.register(
            "requests_refused_busy",
            "Requests answered 503 at once because the server's budget of requests in flight, or their client's share of it, was full",
            requests_refused_busy.clone(),
        );
        registry.register_collector(Box::new(BoardGauges(Arc::clone(board), clock)));
        registry.register_collector(Box::new(HttpStats(Arc::clone(&http))));
        Self {
            registry,
            http,
            page_cache,
            proof_pushes,
            store_errors,
            requests_refused_busy,
            catalog_reloads,
            catalog_reload_errors,
            webhook_deliveries,
            input_sets_live,
        }
    }

    /// The OpenMetrics text of every metric.
    pub fn render(&self) -> String {
        let mut text = String::new();
        if let Err(e) = prometheus_client::encoding::text::encode(&mut text, &self.registry) {
            tracing::error!(error = %e, "metrics did not encode");
        }
        text
    }

    /// Counts one webhook delivery attempt by how it ended.
    pub fn count_webhook(&self, attempt: crate::store::webhooks::Attempt) {
        use crate::store::webhooks::Attempt;
        let result = match attempt {
            Attempt::Delivered { .. } => "delivered",
            Attempt::Retry { .. } => "retry",
            Attempt::GiveUp { .. } => "given_up",
        };
        self.webhook_deliveries
            .get_or_create(&ResultLabels { result })
            .inc();
    }

    /// Counts one `POST /api/proofs` by the status it was answered with (200 for an idempotent
    /// replay, which is answered 201 but stores nothing).
    pub fn count_push(&self, status: u16) {
        let result = Self::push_result(status);
        self.proof_pushes
            .get_or_create(&ResultLabels { result })
            .inc();
    }

    /// The result label of a push answered with `status`.
    pub fn push_result(status: u16) -> &'static str {
        match status {
            201 => "stored",
            200 => "replayed",
            401 | 403 => "unauthorized",
            429 => "rate_limited",
            400..=499 => "rejected",
            _ => "error",
        }
    }
}

/// Requests and latency, encoded from their atomics at scrape time.
struct HttpStats(Arc<crate::request_stats::RequestStats>);

impl std::fmt::Debug for HttpStats {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("HttpStats")
    }
}

impl Collector for HttpStats {
    fn encode(&self, mut encoder: DescriptorEncoder) -> Result<(), std::fmt::Error> {
        self.0.encode(&mut encoder)
    }
}

/// The board as gauges, read from the current snapshot at scrape time (on the server's clock).
struct BoardGauges(Arc<BoardCache>, crate::clock::Clock);

impl std::fmt::Debug for BoardGauges {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BoardGauges")
    }
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct SystemStatusLabels {
    system: String,
    status: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct MotionLabels {
    motion: String,
}

impl Collector for BoardGauges {
    fn encode(&self, mut encoder: DescriptorEncoder) -> Result<(), std::fmt::Error> {
        let now = (self.1)();
        let snapshot = self.0.current(readiness::canonical(now).unwrap_or(now));
        let board = &snapshot.board;
        let mut systems = encoder.encode_descriptor(
            "system_status",
            "1 for each system's current status, 0 for the others",
            None,
            MetricType::Gauge,
        )?;
        for system in &board.systems {
            for status in readiness::Status::ALL {
                let labels = SystemStatusLabels {
                    system: system.id.as_str().to_owned(),
                    status: status.as_str(),
                };
                let value = i64::from(system.status == status);
                ConstGauge::new(value).encode(systems.encode_family(&labels)?)?;
            }
        }
        let mut motions = encoder.encode_descriptor(
            "motion_can_move",
            "1 when the motion can move, 0 while it is gated",
            None,
            MetricType::Gauge,
        )?;
        for motion in &board.motions {
            let labels = MotionLabels {
                motion: motion.id.as_str().to_owned(),
            };
            ConstGauge::new(i64::from(motion.can_move)).encode(motions.encode_family(&labels)?)?;
        }
        Ok(())
    }
}
