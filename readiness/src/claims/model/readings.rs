//! The model's reading of copy as data: for each sentence worth it (a claim the model is sure
//! of, or a rule's finding it keeps or doubts), where each line's chance falls against the two
//! thresholds, keyed by a hash of the sentence's folded words. The server's model writes it; a
//! checker without the weights (the browser's) joins it with its rules as the server does.

use super::join::Level;
use crate::text_form::{rows, Writer};

/// Bits of a key that number a sentence's run of levels; the hash keeps the other 44.
const RUN_BITS: u32 = 20;
const RUN_MASK: u64 = (1 << RUN_BITS) - 1;

/// The model's reading of some sentences. Kept as plain numbers (a key per sentence, sorted),
/// so the page's script sorts them with the code it already has (the bundle budget).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Readings {
    /// The claims each line of the model speaks for, in its order.
    lines: Vec<Vec<String>>,
    /// Each sentence read: the high 44 bits of its hash ([`sentence_hash`]), then the number of
    /// its run of levels; sorted, one per hash.
    keys: Vec<u64>,
    /// Each line's [`Level`] in each sentence read, a run of one per line per sentence.
    levels: Vec<Level>,
}

impl Readings {
    /// No sentence read yet, by a model of these lines.
    pub fn new(lines: Vec<Vec<String>>) -> Readings {
        Readings {
            lines,
            ..Readings::default()
        }
    }

    /// The line that speaks for `claim`, if one does.
    pub fn line_of(&self, claim: &str) -> Option<usize> {
        let speaks = |claims: &Vec<String>| claims.iter().any(|c| c == claim);
        self.lines.iter().position(speaks)
    }

    /// Sentences read.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Notes a sentence's levels, one per line (call [`Readings::settle`] after); more than a
    /// million sentences are left unread.
    pub(crate) fn note(&mut self, hash: u64, levels: &[Level]) -> Option<()> {
        let run = self.levels.len().checked_div(self.lines.len())? as u64;
        if run > RUN_MASK || levels.len() != self.lines.len() {
            return None;
        }
        self.keys.push(hash & !RUN_MASK | run);
        self.levels.extend_from_slice(levels);
        Some(())
    }

    /// Sorted by hash, one reading of each (a model reads a sentence the same way every time),
    /// the runs renumbered in that order: one form for the same readings, however noted.
    pub(crate) fn settle(&mut self) {
        self.keys.sort_unstable();
        self.keys.dedup_by_key(|k| *k & !RUN_MASK);
        let mut levels = Vec::with_capacity(self.keys.len() * self.lines.len());
        for key in &self.keys {
            levels.extend_from_slice(self.run(key & RUN_MASK));
        }
        for (run, key) in self.keys.iter_mut().enumerate() {
            *key = *key & !RUN_MASK | run as u64;
        }
        self.levels = levels;
    }

    /// The levels of run `number`: one per line.
    fn run(&self, number: u64) -> &[Level] {
        let width = self.lines.len();
        let from = number as usize * width;
        &self.levels[from..from + width]
    }

    /// Each line's level in the sentence of `hash`, if it was read.
    pub(crate) fn levels(&self, hash: u64) -> Option<&[Level]> {
        let hash = hash & !RUN_MASK;
        let at = self.keys.partition_point(|&k| k < hash);
        let key = self.keys.get(at).filter(|&&k| k & !RUN_MASK == hash)?;
        Some(self.run(key & RUN_MASK))
    }

    /// `other`'s sentences added (a reading of the same model; else `other` replaces these).
    pub fn merge(&mut self, other: Readings) {
        if other.lines != self.lines {
            *self = other;
            return;
        }
        for key in &other.keys {
            if self.note(*key, other.run(key & RUN_MASK)).is_none() {
                break;
            }
        }
        self.settle();
    }

    /// The readings in the page's text form: `L` per line with its claims, `S` per sentence
    /// with its hash (hexadecimal) and a digit per line (its [`Level`]).
    pub fn encode(&self) -> String {
        let mut out = Writer::default();
        for claims in &self.lines {
            out.row("L").list(claims);
        }
        for key in &self.keys {
            let levels = self.run(key & RUN_MASK).iter();
            let digits: String = levels.map(|&l| char::from(b'0' + l as u8)).collect();
            out.row("S")
                .text(&format!("{:x}", key & !RUN_MASK))
                .text(&digits);
        }
        out.finish()
    }

    /// Reads [`Readings::encode`]'s text back; `None` if it is not such text.
    pub fn decode(text: &str) -> Option<Readings> {
        let mut read = Readings::default();
        for (tag, mut fields) in rows(text) {
            match tag {
                "L" if read.keys.is_empty() => read.lines.push(fields.list()?),
                "S" => {
                    let hash = u64::from_str_radix(&fields.text()?, 16).ok()?;
                    let digits = fields.text()?;
                    let levels = digits
                        .bytes()
                        .map(|d| Level::from_bits(d.wrapping_sub(b'0').into()));
                    read.note(hash, &levels.collect::<Vec<_>>())?;
                }
                _ => return None,
            }
        }
        read.settle();
        Some(read)
    }
}

/// A sentence's key: FNV-1a (64 bits, the same on every platform) of its folded words.
pub(crate) fn sentence_hash<'a>(words: impl Iterator<Item = &'a str>) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for word in words {
        // 0xff never occurs in UTF-8: it parts the words.
        for byte in word.bytes().chain([0xff]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}
