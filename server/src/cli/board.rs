//! The board a CLI command computes (`status`, `bundle`, `claims check`, `claims vale-style`):
//! from the record in the store, as the server computes it, with this command's own inputs only
//! where the record has none.

use super::CliError;
use crate::loaded::Loaded;
use readiness::Board;
use std::sync::Arc;
use time::OffsetDateTime;

/// The board as of `as_of` from the record in `store` (the claim checker passes an empty one
/// when there is none): the inputs then in force (this command's own, `loaded`, when none were
/// ever recorded) and the proofs then known, as the server does; with the catalog then in force.
pub fn board_from(
    loaded: &Loaded,
    store: &crate::store::ProofStore,
    as_of: OffsetDateTime,
) -> Result<(Arc<readiness::Catalog>, Board), CliError> {
    let own = &loaded.set;
    let view = store.view(own)?;
    let record = &view.record;
    let then = record.inputs_at(as_of);
    if then.id != own.id {
        // The record is the truth (as the served board): say so when this command's own
        // catalog or env file differ from the inputs then in force.
        eprintln!(
            "note: the board uses the inputs in force in the store's record at that instant (set {}…), not this command's catalog and env file (set {}…)",
            &then.id[..12.min(then.id.len())],
            &own.id[..12.min(own.id.len())]
        );
    }
    // The same board the server computes: catalog block, inputs, forecast and uptime included.
    let timeline = readiness::changes::replay(record, as_of);
    let board = crate::board_cache::complete_board(record, &timeline, as_of);
    Ok((Arc::clone(&then.catalog), board))
}
