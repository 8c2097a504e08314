//! Reading the record for a board: the whole of it for a command that only reads, or, for the
//! server, what was written since the last read, after moving the horizon past `now`, so a
//! board publishes only what no later write can precede.

use super::{unix_ms, ProofStore, StoreError};
use std::sync::Arc;
use time::OffsetDateTime;

/// The record as read at one change counter (inputs in force, proofs as they became known,
/// without evidence), and where the read stopped.
#[derive(Debug, Clone)]
pub struct StoreView {
    pub version: i64,
    pub record: Arc<readiness::changes::Record>,
    /// The last proof record and change of inputs read: the next read starts after them.
    pub last_proof: i64,
    pub last_inputs: i64,
}

impl ProofStore {
    /// The whole record as a command that only reads sees it (no horizon: it publishes
    /// nothing, and writes nothing). `own` are the reader's inputs: in force from the beginning
    /// if none were ever recorded.
    pub fn view(&self, own: &Arc<readiness::changes::InputSet>) -> Result<StoreView, StoreError> {
        self.read(None, own, None)
    }

    /// What a board needs from the store at `now`: the horizon moved past `now` first (so every
    /// write stored after this read is known after `now`, and the board may publish everything
    /// up to `now`), then the counter (a write that commits during the read can only make it look
    /// older than the proofs, so the next check reads again; never the other way round), then
    /// what was written since `last_read` when there is one: its record extended with the new
    /// proofs and inputs, so the read costs the same on a long history. The whole record is
    /// read again when something new counts from before `last_read`'s horizon (demo data).
    pub fn view_for_board(
        &self,
        last_read: Option<&StoreView>,
        own: &Arc<readiness::changes::InputSet>,
        now: OffsetDateTime,
    ) -> Result<StoreView, StoreError> {
        // One millisecond past `now`: what is known at `now` is published by this read.
        let horizon = self.advance_horizon(unix_ms(now).saturating_add(1))?;
        self.read(last_read, own, Some(horizon))
    }

    fn read(
        &self,
        last_read: Option<&StoreView>,
        own: &Arc<readiness::changes::InputSet>,
        horizon_ms: Option<i64>,
    ) -> Result<StoreView, StoreError> {
        use readiness::changes::Record;
        let through = match horizon_ms {
            Some(ms) => readiness::instant::from_unix_ms(ms).map_err(|e| StoreError::Corrupt {
                id: 0,
                reason: format!("the store's horizon {ms}: {e}"),
            })?,
            None => readiness::instant::END,
        };
        let version = self.version()?;
        let (after_proof, after_inputs) =
            last_read.map_or((0, 0), |h| (h.last_proof, h.last_inputs));
        let (proofs, last_proof) = self.timeline_after(after_proof)?;
        let (inputs, last_inputs) = self.inputs_after(after_inputs)?;
        let view = |record: Record| StoreView {
            version,
            record: Arc::new(record),
            last_proof,
            last_inputs,
        };
        let Some(last_read) = last_read else {
            return Ok(view(Record::read(Arc::clone(own), inputs, proofs, through)));
        };
        match last_read.record.extended(inputs, proofs, through) {
            Some(record) => Ok(view(record)),
            None => {
                tracing::debug!("new records count from before those last read: reading all");
                self.read(None, own, horizon_ms)
            }
        }
    }

    /// The changes of the inputs in force after the one numbered `after_seq`, oldest first,
    /// each set's catalog parsed once, and the number of the last (`after_seq` when none).
    fn inputs_after(
        &self,
        after_seq: i64,
    ) -> Result<(Vec<readiness::changes::InForce>, i64), StoreError> {
        let (entries, sets) = self.inputs_history(after_seq)?;
        let last = entries.iter().map(|e| e.seq).fold(after_seq, i64::max);
        Ok((self.catalogs.resolve(entries, sets)?, last))
    }

    /// Every change of the inputs in force, oldest first, each set's catalog parsed once.
    pub fn inputs_in_force(&self) -> Result<Vec<readiness::changes::InForce>, StoreError> {
        Ok(self.inputs_after(0)?.0)
    }
}
