//! The claim rules in the page's text form ([`crate::text_form`]), as the claim checker island
//! receives them: `M` per motion, `R` per rule, each followed by its `P` patterns.

use super::{ClaimRule, ClaimRules, MotionRef, Near, Pattern, Term};
use crate::text_form::{rows, Writer};

impl ClaimRules {
    /// The rules as text, for the page to carry to the browser.
    pub fn encode(&self) -> String {
        let mut out = Writer::default();
        for m in &self.motions {
            out.row("M").text(&m.id).text(&m.name);
        }
        for rule in &self.rules {
            out.row("R").text(&rule.claim).list(&rule.instead);
            out.list(&rule.lifted_by).numbers(&rule.motions);
            for pattern in rule.patterns.iter() {
                let within = pattern.near.as_ref().map(|n| n.within.to_string());
                out.row("P").list(&within).numbers(&[pattern.terms.len()]);
                let near = pattern.near.iter().flat_map(|n| &n.terms);
                for term in pattern.terms.iter().chain(near) {
                    out.list(term.0.iter());
                }
            }
        }
        out.finish()
    }

    /// Reads [`ClaimRules::encode`]'s text back; `None` if it is not such text.
    pub fn decode(text: &str) -> Option<ClaimRules> {
        let mut motions = Vec::new();
        let mut rules: Vec<(ClaimRule, Vec<Pattern>)> = Vec::new();
        for (tag, mut fields) in rows(text) {
            match tag {
                "M" => motions.push(MotionRef {
                    id: fields.text()?,
                    name: fields.text()?,
                }),
                "R" => rules.push((
                    ClaimRule {
                        claim: fields.text()?,
                        instead: fields.list()?.pop(),
                        lifted_by: fields.list()?,
                        motions: fields.numbers()?,
                        patterns: Vec::new().into(),
                    },
                    Vec::new(),
                )),
                "P" => rules.last_mut()?.1.push(pattern(fields)?),
                _ => return None,
            }
        }
        let known = |rule: &ClaimRule| rule.motions.iter().all(|&m| m < motions.len());
        let rules = rules
            .into_iter()
            .map(|(rule, patterns)| {
                let patterns = patterns.into();
                known(&rule).then_some(ClaimRule { patterns, ..rule })
            })
            .collect::<Option<_>>()?;
        Some(ClaimRules { motions, rules })
    }
}

fn pattern(mut fields: crate::text_form::Fields) -> Option<Pattern> {
    let within: Option<u8> = match fields.list()?.pop() {
        Some(n) => Some(n.parse().ok()?),
        None => None,
    };
    let main = *fields.numbers()?.first()?;
    let mut terms: Vec<Term> = fields
        .lists()?
        .into_iter()
        .map(|phrases| Term(phrases.into_iter().map(Into::into).collect()))
        .collect();
    if main > terms.len() {
        return None;
    }
    let near_terms = terms.split_off(main);
    let near = within.map(|within| Near {
        terms: near_terms,
        within,
    });
    Some(Pattern { terms, near })
}
