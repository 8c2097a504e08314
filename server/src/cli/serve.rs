//! `vendor-readiness serve`: load the inputs, bind, serve until Ctrl-C or SIGTERM.

use super::CliError;
use super::InputArgs;
use crate::auth::PushTokenHash;
use crate::inputs::EnvSources;
use crate::loaded::Loaded;
use crate::state::{AppState, ServeConfig, StartError};
use clap::Args;
use leptos::config::{Env, LeptosOptions};
use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub inputs: InputArgs,
    /// Address to listen on.
    #[arg(long, env = "LEPTOS_SITE_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,
    /// Seed demo proof records (marked as demo data on the page) when the store is empty and
    /// the catalog is the shipped one, byte for byte (one's own catalog never gets any).
    #[arg(long)]
    pub demo: bool,
    /// SHA-256 (hex) of the bearer token allowed to push proofs to `POST /api/proofs`;
    /// without it pushing is disabled. Only the hash is ever given to the server.
    /// Checked after parsing, so an error never repeats the value (it may be the raw token).
    #[arg(
        long,
        env = "VENDOR_READINESS_PUSH_TOKEN_SHA256",
        hide_env_values = true,
        value_name = "HEX"
    )]
    pub push_token_sha256: Option<String>,
    /// The board's public URL (scheme and host, e.g. https://board.example.com), used in
    /// permalinks and badge snippets; default http://ADDR. Never taken from requests.
    #[arg(long, env = "VENDOR_READINESS_PUBLIC_URL", value_parser = parse_public_url)]
    pub public_url: Option<String>,
    /// Pushes accepted per second across all clients (twice as many in a burst); more get 429.
    #[arg(long, env = "VENDOR_READINESS_PUSH_RATE", default_value = "20")]
    pub push_rate_per_second: std::num::NonZeroU32,
    /// Also serve `/__bench/static`, the load script's baseline (never in production).
    #[arg(long)]
    pub bench_baseline: bool,
    /// Neither count requests nor serve `/metrics` (the load script measures what metrics cost).
    #[arg(long)]
    pub no_metrics: bool,
    /// Send e-mail updates through this SMTP relay: smtp://host:port (plain, a loopback relay),
    /// smtp://user:pass@host:587?tls=required (STARTTLS) or smtps://user:pass@host:465. The page
    /// then offers the subscribe form. The password is never printed.
    #[arg(
        long,
        env = "VENDOR_READINESS_SMTP_URL",
        hide_env_values = true,
        value_name = "URL"
    )]
    pub smtp_url: Option<String>,
    /// The sender of e-mail updates, e.g. "Readiness board <board@example.com>".
    #[arg(long, env = "VENDOR_READINESS_MAIL_FROM", requires = "smtp_url")]
    pub mail_from: Option<String>,
    /// A reverse proxy (an address or a CIDR range, repeatable) whose `X-Forwarded-For` names
    /// the client for the per-client budgets; without one, every visitor behind a proxy shares
    /// the proxy's budget. Never read from anyone else.
    #[arg(
        long = "trusted-proxy",
        env = "VENDOR_READINESS_TRUSTED_PROXIES",
        value_delimiter = ',',
        value_name = "CIDR"
    )]
    pub trusted_proxies: Vec<String>,
    /// Webhook burst window in ms: changes this close together go out as one event (tests).
    #[arg(long, hide = true, default_value = "10000")]
    pub webhook_burst_ms: u32,
    /// Webhook retry base delay in ms (tests).
    #[arg(long, hide = true, default_value = "5000")]
    pub webhook_retry_base_ms: u32,
    /// Webhook deliveries are given up after retrying this long, in ms (tests).
    #[arg(long, hide = true, default_value = "86400000")]
    pub webhook_give_up_after_ms: u32,
    /// How long a claimed webhook delivery is leased, in ms (tests).
    #[arg(long, hide = true, default_value = "60000")]
    pub webhook_lease_ms: u32,
    /// How long one webhook attempt may take, in ms (tests; the lease is always longer).
    #[arg(long, hide = true, default_value = "10000")]
    pub webhook_timeout_ms: u32,
    /// Open connections one client address may hold (behind a proxy that does not keep the
    /// client's address, raise it to the proxy's share). Connections over it, or over the
    /// server's cap, get only /healthz and /readyz.
    #[arg(
        long,
        env = "VENDOR_READINESS_MAX_CONNECTIONS_PER_CLIENT",
        default_value = "256"
    )]
    pub max_connections_per_client: usize,
    /// Open connections at most (tests; the file limit bounds it too).
    #[arg(long, hide = true, default_value = "10000")]
    pub max_connections: usize,
    /// A client must send a request's headers within this many ms (tests).
    #[arg(long, hide = true, default_value = "10000")]
    pub header_read_timeout_ms: u64,
    /// A write that makes no progress for this many ms closes the connection (tests).
    #[arg(long, hide = true, default_value = "30000")]
    pub write_timeout_ms: u64,
    /// Folder holding the built site (pkg/ with the wasm, JS and CSS); default: the site
    /// embedded in the binary when it was built.
    #[arg(long, env = "LEPTOS_SITE_ROOT")]
    pub site_root: Option<std::path::PathBuf>,
    #[command(flatten)]
    pub model: crate::cli::claims::model_arg::ModelArg,
    /// Not a flag: set for the embedded default, whose variables come from the embedded demo env.
    #[arg(skip)]
    pub demo_env: bool,
}

impl ServeArgs {
    /// What running the binary with no arguments means: the embedded default demo board.
    pub fn embedded_default() -> Self {
        ServeArgs::parse_defaults().with_embedded_defaults()
    }

    /// These flags, plus the embedded default's demo env file and demo proofs when neither a
    /// catalog nor a variable source was given: what `vendor-readiness [flags]` without a
    /// command serves. One's own catalog is never a demo (found by a new operator: the shipped
    /// catalog's demo record landed in their store).
    pub fn with_embedded_defaults(mut self) -> Self {
        let own_inputs = self.inputs.catalog.is_some()
            || self.inputs.env_file.is_some()
            || self.inputs.process_env;
        if !own_inputs {
            self.demo_env = true;
            self.demo = true;
        }
        self
    }

    fn parse_defaults() -> Self {
        use clap::{FromArgMatches, Parser};
        #[derive(Parser)]
        struct Only {
            #[command(flatten)]
            serve: ServeArgs,
        }
        let matches = <Only as clap::CommandFactory>::command().get_matches_from(["serve"]);
        match Only::from_arg_matches(&matches) {
            Ok(only) => only.serve,
            Err(e) => e.exit(),
        }
    }

    pub fn serve_config(&self) -> Result<ServeConfig, CliError> {
        let push_token = match &self.push_token_sha256 {
            None => None,
            Some(text) => Some(PushTokenHash::parse_hex(text).map_err(|_| {
                CliError::Usage(
                    "--push-token-sha256 / VENDOR_READINESS_PUSH_TOKEN_SHA256 must be 64 hex \
                     characters, the SHA-256 of the push token, not the token itself (the value \
                     given is not shown)"
                        .to_owned(),
                )
            })?),
        };
        Ok(ServeConfig {
            catalog: self.inputs.catalog.clone(),
            env: EnvSources {
                demo_env: self.demo_env,
                refuse_blank: true,
                ..self.inputs.sources()
            },
            db: self.inputs.store_location()?,
            seed_demo: self.demo,
            push_token,
            push_rate_per_second: self.push_rate_per_second,
            public_origin: self
                .public_url
                .clone()
                .unwrap_or_else(|| format!("http://{}", self.addr)),
        })
    }

    /// The SMTP relay of `--smtp-url`, sending as `--mail-from`; `None` without one.
    pub fn mailer(&self) -> Result<Option<crate::mail::Mailer>, CliError> {
        let Some(url) = &self.smtp_url else {
            return Ok(None);
        };
        let from = self.mail_from.as_deref().ok_or_else(|| {
            CliError::Usage("--smtp-url needs --mail-from (\"Board <board@example.com>\")".into())
        })?;
        let timeout = std::time::Duration::from_millis(u64::from(self.webhook_timeout_ms));
        crate::mail::Mailer::new(url, from, timeout)
            .map(Some)
            .map_err(|e| CliError::Usage(e.to_string()))
    }

    /// Where the wasm, JS and CSS are served from.
    pub fn site(&self) -> crate::site::Site {
        match &self.site_root {
            Some(root) => crate::site::Site::from_dir(root.clone()),
            None => crate::site::Site::embedded(),
        }
    }

    pub fn leptos_options(&self, site: &crate::site::Site) -> LeptosOptions {
        let root = self
            .site_root
            .as_ref()
            .map_or_else(String::new, |r| r.display().to_string());
        LeptosOptions::builder()
            .output_name("vendor-readiness")
            .site_root(root)
            .site_pkg_dir(site.pkg_dir())
            .site_addr(self.addr)
            .env(Env::PROD)
            .build()
    }
}

pub async fn run(args: ServeArgs) -> Result<ExitCode, CliError> {
    let clock: crate::state::Clock = Arc::new(time::OffsetDateTime::now_utc);
    // Before anything is opened: a bad --smtp-url stops start-up with nothing created.
    let mailer = args.mailer()?;
    let trusted_proxies =
        crate::client_ip::TrustedProxies::parse(&args.trusted_proxies).map_err(CliError::Usage)?;
    let site = args.site();
    let (inputs, options) = (args.serve_config()?, args.leptos_options(&site));
    let inputs_store = inputs.db.clone();
    let watched = inputs.clone();
    let model_arg = args.model.clone();
    let start = move || {
        let (loaded, _) = Loaded::read_settled(inputs.catalog.as_deref(), &inputs.env)
            .map_err(CliError::Input)?;
        // Before the store is opened: a bad model stops start-up with nothing created.
        let model = model_arg.board_model(&loaded.catalog, &loaded.info.sha256)?;
        let state = AppState::load_from(loaded, &inputs, options, clock).map_err(|e| match e {
            StartError::Input(e) => CliError::Input(e),
            StartError::Store(e) => CliError::Store(e),
        })?;
        Ok::<_, CliError>((state, model))
    };
    let (mut state, model) = tokio::task::spawn_blocking(start)
        .await
        .map_err(|e| CliError::Serve(format!("start-up panicked: {e}")))??;
    if !site.has_wasm() {
        tracing::warn!(site = %site.describe(), "the site has no wasm: pages are served but never become interactive (build with bash scripts/build-release.sh)");
    }
    tracing::info!(site = %site.describe(), "site files");
    let parts = state
        .parts_mut()
        .ok_or_else(|| CliError::Serve("the state was shared before it was set up".into()))?;
    parts.bench_baseline = args.bench_baseline;
    parts.metrics_on = !args.no_metrics;
    parts.site = site;
    parts.mail = mailer;
    parts.trusted_proxies = trusted_proxies;
    parts.claims_model = model;
    tracing::info!(store = %inputs_store, "proof store open");
    if state.push_token.is_some() {
        tracing::info!("pushing proofs is on (POST /api/proofs with the configured token)");
    } else {
        tracing::info!("pushing proofs is off: no --push-token-sha256 was given");
    }
    tokio::spawn(crate::store_watch::watch(state.clone()));
    tokio::spawn(crate::reload::watch(state.clone(), watched));
    let timing = crate::webhooks::Timing {
        burst: crate::webhooks::Burst(time::Duration::milliseconds(i64::from(
            args.webhook_burst_ms,
        ))),
        retry_base_ms: i64::from(args.webhook_retry_base_ms),
        give_up_after_ms: i64::from(args.webhook_give_up_after_ms),
        lease_ms: i64::from(args.webhook_lease_ms),
        send_timeout_ms: i64::from(args.webhook_timeout_ms),
    };
    tokio::spawn(crate::webhooks::run(state.clone(), timing));
    if let Some(mailer) = state.mail.clone() {
        tokio::spawn(crate::mail::run(state.clone(), mailer, timing));
    }
    // Before the socket is bound: a SIGTERM sent once `/readyz` answers is never the default
    // (found under load: the handler was installed on the shutdown future's first poll, after
    // the first connections were served, and a SIGTERM in between killed the process).
    let shutdown = shutdown_signal()?;
    let listener = crate::listen::bind(args.addr)
        .map_err(|e| CliError::Serve(format!("cannot listen on {}: {e}", args.addr)))?;
    tracing::info!(addr = %args.addr, "serving the vendor readiness board on http://{}", args.addr);
    let limits = crate::listen::Limits {
        max_connections: args.max_connections,
        per_client: args.max_connections_per_client.max(1),
        header_read_timeout: std::time::Duration::from_millis(args.header_read_timeout_ms),
        write_timeout: std::time::Duration::from_millis(args.write_timeout_ms),
    };
    let health = crate::routes::health_only(state.clone());
    let app = crate::routes::app(state);
    crate::listen::serve_with(listener, app, health, shutdown, limits).await;
    tracing::info!("stopped");
    Ok(ExitCode::SUCCESS)
}

/// Listens for Ctrl-C and SIGTERM from now on (the handlers are installed here, not when the
/// returned future is first polled); the future ends at the first of them.
fn shutdown_signal() -> Result<impl std::future::Future<Output = ()>, CliError> {
    use tokio::signal::unix::{signal, SignalKind};
    let listen = |kind: SignalKind, name: &str| {
        signal(kind).map_err(|e| CliError::Serve(format!("cannot listen for {name}: {e}")))
    };
    let mut interrupt = listen(SignalKind::interrupt(), "Ctrl-C")?;
    let mut terminate = listen(SignalKind::terminate(), "SIGTERM")?;
    Ok(async move {
        tokio::select! {
            _ = interrupt.recv() => {},
            _ = terminate.recv() => {},
        }
        tracing::info!("shutting down: finishing in-flight requests");
    })
}

/// `scheme://host[:port]`, nothing after it: the origin pages link to.
fn parse_public_url(text: &str) -> Result<String, String> {
    let expected =
        "expected http:// or https:// followed by a host, e.g. https://board.example.com";
    let url = url::Url::parse(text.trim()).map_err(|e| format!("{expected} ({e})"))?;
    if !matches!(url.scheme(), "http" | "https") || !url.has_host() {
        return Err(expected.to_owned());
    }
    let plain = url.username().is_empty()
        && url.password().is_none()
        && url.path() == "/"
        && url.query().is_none()
        && url.fragment().is_none();
    if plain {
        Ok(url.origin().ascii_serialization())
    } else {
        Err("expected only a scheme and a host (no path, query or credentials)".to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::parse_public_url;

    #[test]
    fn a_public_url_is_an_origin_and_nothing_else() {
        assert_eq!(
            parse_public_url(" https://Board.Example.com/ ").as_deref(),
            Ok("https://board.example.com")
        );
        assert_eq!(
            parse_public_url("http://127.0.0.1:3000").as_deref(),
            Ok("http://127.0.0.1:3000")
        );
        for refused in [
            "board.example.com",
            "ftp://board.example.com",
            "https://user:pass@board.example.com",
            "https://board.example.com/board",
            "https://board.example.com/?a=1",
            "https://board.example.com/#top",
            "https://",
        ] {
            assert!(parse_public_url(refused).is_err(), "{refused}");
        }
    }
}
