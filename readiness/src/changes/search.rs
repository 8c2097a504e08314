//! Binary searches in the persistent vectors the record and its changes are kept in.

use std::cmp::Ordering;
use time::OffsetDateTime;

/// The changes recorded at the instant `at`, in their order (found by a binary search).
pub fn at_instant(
    changes: &super::Changes,
    at: OffsetDateTime,
) -> impl Iterator<Item = &super::Change> {
    let start = partition_point(changes, |c| c.at < at);
    let same = changes.focus().narrow(start..).into_iter();
    same.take_while(move |c| c.at == at)
}

/// The first index whose item fails `pred`, in a vector where `pred` holds for a prefix.
pub fn partition_point<T: Clone>(items: &imbl::Vector<T>, pred: impl Fn(&T) -> bool) -> usize {
    let found = items.binary_search_by(|item| {
        if pred(item) {
            Ordering::Less
        } else {
            Ordering::Greater
        }
    });
    found.unwrap_or_else(|at| at)
}
