//! The clock every part of a server reads: the system's in production, a fixed or moving one in
//! tests. A leaf: the state, the metrics and the board read it without importing each other.

use std::sync::Arc;
use time::OffsetDateTime;

/// Returns the current instant; tests pass a fixed one.
pub type Clock = Arc<dyn Fn() -> OffsetDateTime + Send + Sync>;
