//! A follow whose offer was lost (issue 22, attack round 9, D3): two ids swapped while the
//! followed offer got new words, so no id carries it. It is kept as `id@unix-ms`, the id it
//! stood under and the instant it was lost, never as the id alone: that id carries another
//! buyer's offer now, and the manage page ticked it.

use crate::changes::{at_instant, Changes, MotionEdit, Subject};
use std::fmt;
use time::OffsetDateTime;

/// The offer that stood under `id` until `at`, when it was lost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lost {
    pub id: String,
    pub at: OffsetDateTime,
}

impl Lost {
    /// The follow `text` if it is a lost one (`id@unix-ms`); a motion id never holds `@`.
    pub fn parse(text: &str) -> Option<Lost> {
        let (id, ms) = text.split_once('@')?;
        let ms: i64 = ms.parse().ok()?;
        let at = crate::instant::from_unix_ms(ms).ok()?;
        (!id.is_empty()).then(|| Lost {
            id: id.to_owned(),
            at,
        })
    }

    /// The words the offer had when it was lost (`None` once the history no longer holds it).
    pub fn words<'c>(&self, changes: &'c Changes) -> Option<&'c str> {
        at_instant(changes, self.at).find_map(|c| match &c.subject {
            Subject::Motion {
                motion,
                edit: Some(MotionEdit::Reworded { from, .. }),
                ..
            } if motion.as_str() == self.id => Some(from.as_str()),
            _ => None,
        })
    }
}

impl fmt::Display for Lost {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ms = self.at.unix_timestamp_nanos() / 1_000_000;
        write!(f, "{}@{ms}", self.id)
    }
}
