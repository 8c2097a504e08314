//! Catalog text shared with every board computed from it: a leaf every module may name.

use std::sync::Arc;

/// Cloning is a reference count, so a board of 10,000 systems does not copy 10,000 names,
/// owners and "if missing" texts.
pub type Text = Arc<str>;
