//! A write its caller may give up on: it commits only while the caller still waits for it, so
//! "the store did not answer, nothing was recorded" is always true when it is said.

use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::Arc;

const WAITING: u8 = 0;
const COMMITTING: u8 = 1;
const ABANDONED: u8 = 2;

/// Shared by the caller (which may [`abandon`](CommitGate::abandon) at its deadline) and the
/// store (which [`enters`](CommitGate::enter_commit) just before it sends its commit). Exactly
/// one of the two wins: a write given up on rolls back; a commit on its way is waited for.
#[derive(Clone, Debug, Default)]
pub struct CommitGate(Arc<AtomicU8>);

impl CommitGate {
    /// A gate nobody will abandon (the CLI waits for its writes however long they take).
    pub fn always_open() -> Self {
        Self::default()
    }

    /// The store is about to commit: `false` when the caller already gave up, and the store
    /// must roll back instead.
    pub fn enter_commit(&self) -> bool {
        self.0
            .compare_exchange(WAITING, COMMITTING, Ordering::SeqCst, Ordering::SeqCst)
            .is_ok()
    }

    /// The caller's deadline passed: `true` when nothing will be committed; `false` when the
    /// commit is already on its way (it may have happened), so its answer must be awaited.
    pub fn abandon(&self) -> bool {
        self.0
            .compare_exchange(WAITING, ABANDONED, Ordering::SeqCst, Ordering::SeqCst)
            .is_ok()
    }

    /// What a write given up on before it committed returns (a 503: retry).
    pub fn given_up() -> super::StoreError {
        super::StoreError::Unavailable(
            "the store did not answer in time; nothing was recorded (retry)".into(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::CommitGate;

    #[test]
    fn a_write_given_up_on_never_commits() {
        let gate = CommitGate::default();
        assert!(gate.clone().abandon());
        assert!(!gate.enter_commit());
    }

    #[test]
    fn a_commit_on_its_way_cannot_be_given_up_on() {
        let gate = CommitGate::default();
        assert!(gate.enter_commit());
        assert!(!gate.abandon());
    }

    #[test]
    fn exactly_one_side_wins_a_race() {
        for _ in 0..1000 {
            let gate = CommitGate::default();
            let other = gate.clone();
            let store = std::thread::spawn(move || other.enter_commit());
            let gave_up = gate.abandon();
            let committed = store.join().unwrap();
            assert_ne!(gave_up, committed);
        }
    }
}
