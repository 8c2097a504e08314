//! The vendor-readiness server: HTTP adapters and the CLI around the pure `readiness` engine.

pub mod auth;
pub mod badge;
pub mod board_cache;
pub mod board_version;
pub mod cli;
pub mod clock;
pub mod conditional;
pub mod demo;
pub mod env_file;
pub mod error;
pub mod inputs;
pub mod launch_bundle;
pub mod lease;
pub mod limits;
pub mod listen;
pub mod live_inputs;
pub mod loaded;
pub mod metrics;
pub mod openapi;
pub mod page_cache;
pub mod proof_input;
pub mod redact;
pub mod reload;
pub mod request_id;
pub mod request_stats;
pub mod routes;
pub mod site;
pub mod state;
pub mod store;
pub mod store_io;
pub mod store_watch;
pub mod webhooks;
pub mod wire;

pub use routes::app;
pub use state::AppState;
