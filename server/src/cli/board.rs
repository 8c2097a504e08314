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
    let short = |id: &str| id.chars().take(12).collect::<String>();
    if record.before_the_record(as_of) {
        // Found by attack (round 6): the note named inputs "in force" at an instant before any.
        eprintln!(
            "note: no inputs were recorded yet at that instant; the board uses the first ones recorded in the store (set {}…)",
            short(&then.id)
        );
    } else if then.id != own.id {
        // The record is the truth (as the served board): say so when this command's own
        // catalog or env file differ from the inputs then in force.
        eprintln!(
            "note: the board uses the inputs in force in the store's record at that instant (set {}…), not this command's catalog and env file (set {}…)",
            short(&then.id),
            short(&own.id)
        );
    }
    // The same board the server computes: catalog block, inputs, forecast and uptime included.
    let timeline = readiness::changes::replay(record, as_of);
    // A command's own env file is never the embedded demo one: a demo is a store seeded so.
    let deployment = crate::board_cache::deployment_of(false, record);
    let board = crate::board_cache::complete_board(record, &timeline, as_of, deployment);
    Ok((Arc::clone(&then.catalog), board))
}
