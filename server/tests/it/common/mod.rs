//! Test helpers: a state built from the shipped catalog at a fixed instant, `oneshot` requests,
//! and `spawn_app()`, the real server on an ephemeral port.
#![allow(dead_code)]

pub mod cli;
pub mod ports;
pub mod proxy;
pub mod smtp;

pub use cli::{text, vendor_readiness, CliFixture};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use server::cli::serve::ServeArgs;
use server::inputs::EnvSources;
use server::state::{AppState, ServeConfig};
use std::path::PathBuf;
use std::sync::Arc;
use time::OffsetDateTime;
use tower::ServiceExt;

pub const PUSH_TOKEN: &str = "test-push-token";

pub const NOW: OffsetDateTime = time::macros::datetime!(2026-11-26 09:00 UTC);

pub fn repo_path(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(relative)
}

/// The embedded default (shipped catalog, demo env, demo proofs) in a fresh store, at `NOW`.
pub struct TestApp {
    pub state: AppState,
    _dir: tempfile::TempDir,
}

pub fn seed_app() -> TestApp {
    seed_app_with_clock(Arc::new(|| NOW))
}

/// The model of labelled copy shipped beside the catalog (`catalog/claims-model.json`).
pub fn shipped_claims_model() -> readiness::claims::model::ClaimModel {
    let json = std::fs::read(repo_path("catalog/claims-model.json")).expect("shipped model");
    serde_json::from_slice(&json).expect("a model")
}

/// `app`, its claim checks joined with the shipped model (`serve --claims-model`).
pub fn with_claims_model(mut app: TestApp) -> TestApp {
    let model = server::claims_model::BoardModel::new(shipped_claims_model()).expect("fits");
    let model = Arc::new(model);
    let parts = app.state.parts_mut().expect("not shared yet");
    let choice = server::model_in_force::ModelChoice::Given(Arc::clone(&model));
    parts.claims_model = server::model_in_force::InForce::new(choice, Some(model));
    app
}

/// A clock that starts at `NOW` and moves only when the test says so.
#[derive(Clone, Default)]
pub struct TestClock(Arc<std::sync::atomic::AtomicI64>);

#[allow(dead_code)]
impl TestClock {
    pub fn advance(&self, by: time::Duration) {
        self.0.fetch_add(
            by.whole_milliseconds() as i64,
            std::sync::atomic::Ordering::SeqCst,
        );
    }

    pub fn clock(&self) -> server::state::Clock {
        let offset = Arc::clone(&self.0);
        Arc::new(move || {
            NOW + time::Duration::milliseconds(offset.load(std::sync::atomic::Ordering::SeqCst))
        })
    }
}

/// The shipped catalog with `edit` applied to its text (a hostile title…), demo env and proofs.
#[allow(dead_code)]
pub fn edited_catalog_app(edit: impl FnOnce(String) -> String) -> TestApp {
    let text = std::fs::read_to_string(repo_path("catalog/vendor-catalog.toml")).expect("catalog");
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("catalog.toml");
    std::fs::write(&path, edit(text)).expect("write catalog");
    // `--demo` seeds only the shipped catalog: an edited one gets the demo's record as an
    // operator would add it, so the board starts where the seed board does.
    let location = server::store::StoreLocation::Sqlite(dir.path().join("proofs.db"));
    let store = server::store::ProofStore::connect(&location).expect("store");
    store
        .insert_demo(&server::demo::demo_records(NOW))
        .expect("demo record");
    drop(store);
    app_with(Some(path), dir, Arc::new(|| NOW))
}

/// The embedded default at an instant the test moves (see [`TestClock`]).
pub fn seed_app_with_clock(clock: server::state::Clock) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    app_with(Some(repo_path("catalog/vendor-catalog.toml")), dir, clock)
}

fn app_with(
    catalog: Option<PathBuf>,
    dir: tempfile::TempDir,
    clock: server::state::Clock,
) -> TestApp {
    let inputs = ServeConfig {
        catalog,
        env: EnvSources {
            env_file: Some(repo_path("catalog/demo.env")),
            ..EnvSources::default()
        },
        db: server::store::StoreLocation::Sqlite(dir.path().join("proofs.db")),
        seed_demo: true,
        push_token: Some(server::auth::PushTokenHash::of_token(PUSH_TOKEN)),
        push_rate_per_second: std::num::NonZeroU32::new(10_000).unwrap(),
        public_origin: "http://board.test".to_owned(),
    };
    let args = ServeArgs::embedded_default();
    let leptos = args.leptos_options(&args.site());
    let state = AppState::load(&inputs, leptos, clock).expect("state loads");
    TestApp { state, _dir: dir }
}

impl TestApp {
    /// The SQLite file behind this app's store.
    pub fn db_path(&self) -> PathBuf {
        self._dir.path().join("proofs.db")
    }
}

/// Sends one request through `app()` + `oneshot`: status, headers and body bytes.
pub async fn call(
    app: &TestApp,
    request: Request<Body>,
) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let response = server::app(app.state.clone())
        .oneshot(request)
        .await
        .expect("response");
    let (status, headers) = (response.status(), response.headers().clone());
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    (status, headers, bytes.to_vec())
}

pub async fn get(app: &TestApp, uri: &str) -> (StatusCode, String, axum::http::HeaderMap) {
    let request = Request::get(uri).body(Body::empty()).expect("request");
    let (status, headers, bytes) = call(app, request).await;
    (
        status,
        String::from_utf8(bytes).expect("utf-8 body"),
        headers,
    )
}

pub async fn get_json(app: &TestApp, uri: &str) -> (StatusCode, serde_json::Value) {
    let (status, body, _) = get(app, uri).await;
    (
        status,
        serde_json::from_str(&body).unwrap_or_else(|e| panic!("{uri}: not JSON ({e}): {body}")),
    )
}

/// Sends a request with a body and headers through `app()`; returns status and JSON (or Null).
pub async fn send(
    app: &TestApp,
    method: &str,
    uri: &str,
    headers: &[(&str, &str)],
    body: impl Into<Body>,
) -> (StatusCode, serde_json::Value) {
    let mut request = Request::builder().method(method).uri(uri);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let (status, _, bytes) = call(app, request.body(body.into()).expect("request")).await;
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null),
    )
}

/// Starts the real server on 127.0.0.1:0 and returns its address; it stops with the test runtime.
pub async fn spawn_app(app: &TestApp) -> std::net::SocketAddr {
    spawn_app_with(app, server::listen::Limits::default()).await
}

/// [`spawn_app`] within other connection limits.
pub async fn spawn_app_with(app: &TestApp, limits: server::listen::Limits) -> std::net::SocketAddr {
    let listener = server::listen::bind("127.0.0.1:0".parse().unwrap()).expect("bind");
    let addr = listener.local_addr().expect("addr");
    let router = server::app(app.state.clone());
    let health = server::routes::health_only(app.state.clone());
    tokio::spawn(server::listen::serve_with(
        listener,
        router,
        health,
        std::future::pending(),
        limits,
    ));
    addr
}

/// 32 claim checks over real sockets that announce a large body and hold it back: every permit
/// to read a large body is taken while they are held.
pub async fn holding_every_large_body_permit(app: &TestApp) -> Vec<tokio::net::TcpStream> {
    use tokio::io::AsyncWriteExt;
    let addr = spawn_app(app).await;
    let head = "POST /api/claims/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n{";
    let mut held = Vec::new();
    for n in 0..32 {
        let mut stream = connect_from(&format!("127.0.0.{}", 2 + n / 8), addr).await;
        stream.write_all(head.as_bytes()).await.unwrap();
        held.push(stream);
    }
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    held
}

/// A connection to `addr` from the loopback address `from` (127.0.0.2, …): another client.
pub async fn connect_from(from: &str, addr: std::net::SocketAddr) -> tokio::net::TcpStream {
    let socket = tokio::net::TcpSocket::new_v4().expect("socket");
    socket
        .bind(format!("{from}:0").parse().expect("an address"))
        .expect("bind the client end");
    socket.connect(addr).await.expect("connect")
}

/// A plain HTTP/1.1 GET over a real socket: status line and body.
pub async fn http_get(addr: std::net::SocketAddr, path: &str) -> (u16, String) {
    http_get_from("127.0.0.1", addr, path).await
}

/// [`http_get`] from another loopback client address.
pub async fn http_get_from(from: &str, addr: std::net::SocketAddr, path: &str) -> (u16, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = connect_from(from, addr).await;
    let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.expect("write");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.expect("read");
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("status line");
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    (status, body)
}

/// A new, empty database on the test PostgreSQL (started by the test command, which sets
/// VENDOR_READINESS_TEST_POSTGRES); returns its URL.
pub fn fresh_postgres_database() -> String {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let admin = std::env::var("VENDOR_READINESS_TEST_POSTGRES").expect(
        "VENDOR_READINESS_TEST_POSTGRES is not set: run the tests with `bash scripts/test.sh`, which starts PostgreSQL",
    );
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let name = format!("vr_test_{}_{n}", std::process::id());
    let mut client =
        postgres::Client::connect(&admin, postgres::NoTls).expect("the test PostgreSQL answers");
    // A process id comes back: a database left by an earlier run of the same id goes first.
    // (Two statements: neither may run inside the transaction one query string makes.)
    client
        .batch_execute(&format!("DROP DATABASE IF EXISTS {name}"))
        .expect("drop a left-over test database");
    client
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .expect("create a test database");
    let (base, _) = admin.rsplit_once('/').expect("a URL ending in /database");
    format!("{base}/{name}")
}

/// A loopback port free now.
pub use ports::free_port;

/// A real `vendor-readiness serve` process on a free loopback port, killed when dropped.
pub struct ServerProcess {
    pub child: std::process::Child,
    pub base: String,
}

impl ServerProcess {
    /// Spawns `vendor-readiness serve --addr 127.0.0.1:<free port>` with quiet logs and no output,
    /// lets `configure` add flags, environment or output files, then waits until this process
    /// listens on the port and answers `/readyz`. Another test may take the port first: then
    /// the server exits and starts again on another port (`configure` runs again).
    pub fn start(configure: impl FnMut(&mut std::process::Command)) -> Self {
        Self::start_program(&assert_cmd::cargo::cargo_bin("vendor-readiness"), configure)
    }

    /// [`ServerProcess::start`] with the server binary at `program` (a copy another user can run).
    pub fn start_program(
        program: &std::path::Path,
        mut configure: impl FnMut(&mut std::process::Command),
    ) -> Self {
        use std::process::{Command, Stdio};
        for _ in 0..5 {
            let port = free_port();
            let mut command = Command::new(program);
            command
                .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
                .env("RUST_LOG", "warn")
                .env(cli::SETTLE_MS, "100")
                .stdout(Stdio::null())
                .stderr(Stdio::null());
            configure(&mut command);
            let mut child = command.spawn().expect("start the server");
            let within = std::time::Duration::from_secs(20);
            if let ports::Listening::Exited = ports::wait_until_listening(&mut child, port, within)
            {
                continue;
            }
            let server = Self {
                child,
                base: format!("http://127.0.0.1:{port}"),
            };
            server.wait_ready();
            return server;
        }
        panic!("the server exited on start five times: see its flags")
    }

    fn wait_ready(&self) {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while ureq::get(&format!("{}/readyz", self.base)).call().is_err() {
            assert!(
                std::time::Instant::now() < deadline,
                "the server did not become ready at {}",
                self.base
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }
}

impl ServerProcess {
    /// Pushes a record of the core runtime with `outcome` over HTTP, and checks it was stored.
    pub fn push_core_runtime(&self, outcome: &str) {
        let body = format!(r#"{{"system":"core-runtime","outcome":"{outcome}","evidence":"e"}}"#);
        let response = ureq::post(&format!("{}/api/proofs", self.base))
            .set("authorization", &format!("Bearer {PUSH_TOKEN}"))
            .set("content-type", "application/json")
            .send_string(&body)
            .unwrap();
        assert_eq!(response.status(), 201);
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

thread_local! {
    /// This test's clock (each test runs on its own thread): see [`moving_app`].
    static CLOCK: TestClock = TestClock::default();
}

/// The embedded default on a clock that [`push_later`] moves: changes need time to pass.
pub fn moving_app() -> TestApp {
    CLOCK.with(|c| seed_app_with_clock(c.clock()))
}

/// Lets `by` pass on the clock of [`moving_app`]. A write is known after every instant a board
/// already published (the store's horizon), so on a clock that never moves a write made after a
/// read at the same instant would only show once time passes: let it pass before writing.
#[allow(dead_code)]
pub fn let_time_pass(by: time::Duration) {
    CLOCK.with(|c| c.advance(by));
}

/// Pushes a record of `system` a minute after the last thing that happened (the clock moves
/// first), and checks it was stored.
pub async fn push_later(app: &TestApp, system: &str, outcome: &str) {
    CLOCK.with(|c| c.advance(time::Duration::minutes(1)));
    let auth = format!("Bearer {PUSH_TOKEN}");
    let body = format!(r#"{{"system":"{system}","outcome":"{outcome}","evidence":"e"}}"#);
    let headers = [
        ("content-type", "application/json"),
        ("authorization", auth.as_str()),
    ];
    let (status, _) = send(app, "POST", "/api/proofs", &headers, body).await;
    assert_eq!(status, StatusCode::CREATED);
}

/// The system rows a reader sees, by id, in page order: every system is rendered, those the
/// filter excludes `hidden`.
#[allow(dead_code)]
pub fn visible_rows(html: &str) -> Vec<&str> {
    html.match_indices("<tr data-system=\"")
        .filter(|(i, _)| {
            !html[*i..]
                .split('>')
                .next()
                .unwrap_or_default()
                .contains(" hidden")
        })
        .map(|(i, m)| html[i + m.len()..].split('"').next().unwrap_or_default())
        .collect()
}
