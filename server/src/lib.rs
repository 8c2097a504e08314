//! The vendor-readiness server: HTTP adapters and the CLI around the pure `readiness` engine.

pub mod board_cache;
pub mod cli;
pub mod demo;
pub mod env_file;
pub mod error;
pub mod inputs;
pub mod routes;
pub mod state;
pub mod store;

pub use routes::app;
pub use state::AppState;
