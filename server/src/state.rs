//! What every request handler shares: the board cache, the proof store, the Leptos options, a clock.

use crate::auth::PushTokenHash;
use crate::board_cache::BoardCache;
use crate::error::AppError;
use crate::inputs::{EnvSources, InputError};
use crate::loaded::Loaded;
use crate::redact::Redactor;
use crate::store::{ProofStore, StoreError};
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use std::path::PathBuf;
use std::sync::Arc;
use time::OffsetDateTime;

/// How long a push's answer waits for the board to show the record.
pub(crate) const READ_BACK_WAIT: std::time::Duration = std::time::Duration::from_secs(2);

/// How long a request that needs the store's answer (a readiness probe, a past view beyond what
/// was published) waits for it before saying it has none.
pub const STORE_ANSWER_WITHIN: std::time::Duration = std::time::Duration::from_secs(2);

/// How long a push waits for the store to answer its write: longer than a lock may be waited
/// for (5 s on either backend, which answers "busy" itself), shorter than a client's patience.
pub(crate) const WRITE_ANSWER_WITHIN: std::time::Duration = std::time::Duration::from_secs(8);

pub use crate::clock::Clock;

/// What every request handler shares, behind one `Arc`: a request clones one reference count,
/// not a dozen `Arc`s and the Leptos options' strings (issue 24: cloning and dropping the state
/// per request was ~13 % of the server's CPU under load).
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

impl From<Shared> for AppState {
    fn from(shared: Shared) -> Self {
        Self(Arc::new(shared))
    }
}

impl AppState {
    /// The shared parts, to change before the state is handed to the router (`None` once it
    /// was cloned).
    pub fn parts_mut(&mut self) -> Option<&mut Shared> {
        Arc::get_mut(&mut self.0)
    }
}

/// The parts of [`AppState`].
pub struct Shared {
    pub board: Arc<BoardCache>,
    pub store: ProofStore,
    pub leptos: LeptosOptions,
    pub clock: Clock,
    /// The SHA-256 of the token that may push proofs; `None` disables pushing.
    pub push_token: Option<PushTokenHash>,
    /// Serve the load script's static baseline route (`serve --bench-baseline`).
    pub bench_baseline: bool,
    /// The shared rate limit of `POST /api/proofs`.
    pub push_limit: crate::limits::PushRateLimit,
    /// The configured public origin (see [`ServeConfig::public_origin`]).
    pub public_origin: Arc<str>,
    /// Failed authentications per client address.
    pub failed_auth_limit: crate::limits::ClientLimit,
    /// Permits for CPU-heavy work (claim checks of large copy), one per core: such work runs on
    /// blocking threads, never on the async workers, and never more of it at once than cores.
    pub cpu_permits: Arc<tokio::sync::Semaphore>,
    /// Every secret value this server knows, removed from pushed evidence before it is stored.
    /// Replaced with the env file on a reload (see [`AppState::redactor`]).
    pub redactor: Arc<std::sync::RwLock<Arc<Redactor>>>,
    /// One read of the store at a time: a push's read-back and the watcher's never both run.
    pub sync_lock: Arc<tokio::sync::Mutex<()>>,
    /// The wasm, JS and CSS (embedded, or `--site-root`).
    pub site: crate::site::Site,
    /// What `GET /metrics` reports.
    pub metrics: Arc<crate::metrics::Metrics>,
    /// Whether requests are counted and `/metrics` is served (`serve --no-metrics` turns it off).
    pub metrics_on: bool,
    /// This instance's id and the input sets live instances run.
    pub live_inputs: crate::live_inputs::LiveInputs,
    /// The SMTP relay when e-mail updates are on (`serve --smtp-url`); `None`: no subscribe form.
    pub mail: Option<crate::mail::Mailer>,
    /// Subscribe requests per client address.
    pub subscribe_limit: crate::limits::ClientLimit,
    /// The proxies whose `X-Forwarded-For` names the client (`--trusted-proxy`).
    pub trusted_proxies: crate::client_ip::TrustedProxies,
    /// Confirm requests per client address: a budget of their own, so a flood of subscribes
    /// from one network never keeps a buyer there from confirming (found by attack).
    pub confirm_limit: crate::limits::ClientLimit,
    /// The model of labelled copy joined with the claim rules in every check, for the catalog
    /// in force (`serve --claims-model`, the shipped model by default); none: the rules alone.
    pub claims_model: crate::model_in_force::InForce,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos.clone()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Input(#[from] InputError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// How `serve` was started: what it reads (catalog, env sources, store) and how it serves.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// The catalog file; `None` for the shipped catalog embedded in the binary.
    pub catalog: Option<PathBuf>,
    pub env: EnvSources,
    pub db: crate::store::StoreLocation,
    pub seed_demo: bool,
    pub push_token: Option<PushTokenHash>,
    /// Pushes accepted per second (twice as many in a burst).
    pub push_rate_per_second: std::num::NonZeroU32,
    /// The board's public origin (`https://board.example.com`), used in permalinks and badge
    /// snippets; never taken from a request's `Host` header.
    pub public_origin: String,
}

impl AppState {
    /// Loads the catalog and environment, opens the store, seeds demo data if asked, computes the board.
    pub fn load(
        inputs: &ServeConfig,
        leptos: LeptosOptions,
        clock: Clock,
    ) -> Result<Self, StartError> {
        let (loaded, _) = Loaded::read(inputs.catalog.as_deref(), &inputs.env)?;
        Self::load_from(loaded, inputs, leptos, clock)
    }

    /// [`AppState::load`] with the inputs already read (a server reads them settled: see
    /// [`Loaded::read_settled`]).
    pub fn load_from(
        loaded: Loaded,
        inputs: &ServeConfig,
        leptos: LeptosOptions,
        clock: Clock,
    ) -> Result<Self, StartError> {
        let store = ProofStore::connect(&inputs.db)?.with_clock(Arc::clone(&clock));
        let now = clock();
        if inputs.seed_demo {
            use crate::demo::Seeded;
            match crate::demo::seed_if_empty(&store, &loaded.info.sha256, now)? {
                Seeded::Records(n) => {
                    tracing::info!(records = n, "seeded demo proof records into an empty store")
                }
                Seeded::StoreNotEmpty => {}
                Seeded::NotTheShippedCatalog => tracing::warn!(
                    "--demo seeds the shipped catalog's demo records, and this catalog is not the shipped one: nothing was seeded"
                ),
            }
        }
        let set = Arc::clone(&loaded.set);
        if store.put_in_force(&set, &loaded.toml, &crate::inputs::recorder("serve"))? {
            tracing::info!(inputs = %set.id, "this instance's inputs are now in force in the record");
        }
        // After the record: these inputs are in force from an instant at or before this one.
        let now = clock();
        let view = store.view_for_board(None, &set, now)?;
        tracing::info!(
            systems = loaded.catalog.systems().len(),
            motions = loaded.catalog.motions().len(),
            variables_set = loaded.environment.len(),
            proofs = view.record.proofs().len(),
            inputs = %set.id,
            pushing = inputs.push_token.is_some(),
            "inputs loaded"
        );
        let redactor = Arc::clone(&loaded.redactor);
        // The demo configuration stays a demo whatever is pushed to it (issue 25).
        let deployment = crate::board_cache::deployment_of(inputs.env.demo_env, &view.record);
        let board = Arc::new(BoardCache::new(loaded, view, now, deployment));
        let metrics = Arc::new(crate::metrics::Metrics::new(&board, Arc::clone(&clock)));
        Ok(Self::from(Shared {
            metrics,
            metrics_on: true,
            board,
            store,
            leptos,
            clock,
            push_token: inputs.push_token,
            push_limit: crate::limits::PushRateLimit::per_second(inputs.push_rate_per_second),
            bench_baseline: false,
            public_origin: Arc::from(inputs.public_origin.as_str()),
            failed_auth_limit: crate::limits::ClientLimit::per_second(
                std::num::NonZeroU32::MIN.saturating_add(4),
            ),
            cpu_permits: Arc::new(tokio::sync::Semaphore::new(
                std::thread::available_parallelism().map_or(2, |n| n.get()),
            )),
            redactor: Arc::new(std::sync::RwLock::new(redactor)),
            sync_lock: Arc::new(tokio::sync::Mutex::new(())),
            site: crate::site::Site::embedded(),
            live_inputs: crate::live_inputs::LiveInputs::default(),
            mail: None,
            subscribe_limit: crate::limits::ClientLimit::subscriptions(),
            confirm_limit: crate::limits::ClientLimit::subscriptions(),
            trusted_proxies: crate::client_ip::TrustedProxies::default(),
            claims_model: crate::model_in_force::InForce::rules_alone(),
        }))
    }

    /// Every secret value this server knows now (the env file may have been reloaded).
    pub fn redactor(&self) -> Arc<Redactor> {
        Arc::clone(&self.redactor.read().unwrap_or_else(|p| p.into_inner()))
    }

    /// The clock's instant in canonical form (UTC, whole milliseconds), as every stored instant.
    pub fn now(&self) -> OffsetDateTime {
        let now = (self.clock)();
        readiness::canonical(now).unwrap_or(now)
    }

    /// Runs CPU-heavy `work` on a blocking thread once a core is free. Requests wait for a
    /// permit (bounded by the request time limit), so a burst of heavy requests queues instead
    /// of starving the async workers that answer everyone else.
    /// Small work (under a millisecond, such as checking a paragraph of copy): run on a blocking
    /// thread without waiting for a CPU permit, so a queue of 2 MiB checks does not delay a
    /// sentence typed on the page (found by attack: 3.4 s behind six big checks).
    pub async fn cpu_small<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, AppError> {
        Ok(tokio::task::spawn_blocking(work).await?)
    }

    pub async fn cpu<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, AppError> {
        let permit = Arc::clone(&self.cpu_permits)
            .acquire_owned()
            .await
            .map_err(|_| AppError::Internal("the CPU pool is closed".into()))?;
        Ok(tokio::task::spawn_blocking(move || {
            let out = work();
            drop(permit);
            out
        })
        .await?)
    }
}
