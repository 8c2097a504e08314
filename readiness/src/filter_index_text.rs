//! The filter index in the page's text form ([`crate::text_form`]): `O` owners, then one `S` row
//! per system, `M` per motion and `C` per claim.

use crate::filter_index::{FilterIndex, IndexedMotion, IndexedSystem};
use crate::status::Status;
use crate::text_form::{rows, Writer};

impl FilterIndex {
    /// The index as text, for the page to carry to the browser.
    pub fn encode(&self) -> String {
        let mut out = Writer::default();
        out.row("O").list(&self.owners);
        for s in &self.systems {
            out.row("S")
                .text(&s.id)
                .text(&s.owner)
                .text(s.status.as_str());
            out.numbers(&s.claims).list(&s.text);
        }
        for m in &self.motions {
            out.row("M").text(&m.id).numbers(&m.systems);
        }
        for c in &self.claims {
            out.row("C").list(c);
        }
        out.finish()
    }

    /// Reads [`FilterIndex::encode`]'s text back; `None` if it is not such text (then the
    /// browser leaves filtering to the server rather than filter with a wrong table).
    pub fn decode(text: &str) -> Option<FilterIndex> {
        let mut index = FilterIndex::default();
        for (tag, mut fields) in rows(text) {
            match tag {
                "O" => index.owners = fields.list()?,
                "S" => {
                    let (id, owner, status) = (fields.text()?, fields.text()?, fields.text()?);
                    let status = Status::ALL.into_iter().find(|s| s.as_str() == status)?;
                    let (claims, text) = (fields.numbers()?, fields.list()?);
                    index.systems.push(IndexedSystem {
                        id,
                        owner,
                        status,
                        text,
                        claims,
                    });
                }
                "M" => {
                    let (id, systems) = (fields.text()?, fields.numbers()?);
                    index.motions.push(IndexedMotion { id, systems });
                }
                "C" => index.claims.push(fields.list()?),
                _ => return None,
            }
        }
        let (systems, claims) = (index.systems.len(), index.claims.len());
        let in_range = index
            .motions
            .iter()
            .all(|m| m.systems.iter().all(|&s| s < systems))
            && index
                .systems
                .iter()
                .all(|s| s.claims.iter().all(|&c| c < claims));
        in_range.then_some(index)
    }
}
