//! The claim checker: a textarea that posts to the server without JavaScript, and an island that
//! re-checks the copy in the browser (the same `ClaimChecker` as the server) as you type, with a
//! verdict for each motion checked.

use crate::claim_reading::{compiled, of_draft};
use leptos::either::Either;
use leptos::prelude::*;
use readiness::claims::model::Readings;
use readiness::{Checked, ClaimRules};
use std::sync::Arc;

/// How many violations are listed; a count says how many more there are.
const LISTED: usize = 200;
/// Characters of copy shown on each side of a violating phrase.
const CONTEXT_CHARS: usize = 40;

#[component]
pub fn ClaimChecker(
    /// What the copy is checked for ("Managed private beta", "every motion").
    label: String,
    rules: ClaimRules,
    draft: String,
    action: String,
) -> AnyView {
    let problem = use_context::<crate::Page>().and_then(|page| {
        page.board_page()
            .and_then(|data| data.draft_problem.clone())
    });
    let encoded = rules.encode();
    // The board's model's reading of the draft (an empty one for no draft): on the form for the
    // island, which joins it with the rules; absent when the board checks with its rules alone.
    let readings = of_draft(&rules, &draft);
    let model = readings.as_ref().map(Readings::encode);
    provide_context(CheckerInput {
        rules,
        draft: draft.clone(),
        readings,
    });
    view! {
        {problem.map(|p| view! { <p class="checker-problem" role="alert" data-testid="checker-problem">{p}</p> })}
        <form class="claim-checker" method="post" action=action data-rules=encoded data-model=model>
            <label for="claim-copy">{format!("Draft copy for {label}")}</label>
            // Tachys writes a textarea's text child unescaped: set it as escaped HTML instead, so
            // a draft holding `</textarea><h1>` stays text (found by attack).
            <textarea id="claim-copy" name="copy" rows="6" spellcheck="true" inner_html=escape_text(&draft)></textarea>
            <button type="submit">"Check copy"</button>
        </form>
        <ClaimResults/>
    }
    .into_any()
}

/// `text` with `&`, `<` and `>` written as entities, for raw-HTML text content.
pub fn escape_text(text: &str) -> String {
    html_escape::encode_text(text).into_owned()
}

/// What the claim checker checks against and the draft it starts from: given to the island's
/// server render as context, and read by the browser from the page (`data-rules` on the form, as
/// [`ClaimRules::encode`] text, and the textarea), so the island has no props to deserialize and
/// the wasm carries no JSON decoder.
#[derive(Clone)]
struct CheckerInput {
    rules: ClaimRules,
    draft: String,
    /// The board's model's reading of the draft (`data-model`); `None`: the rules alone.
    readings: Option<Readings>,
}

#[cfg(not(feature = "hydrate"))]
fn checker_input() -> Option<CheckerInput> {
    use_context::<CheckerInput>()
}

#[cfg(feature = "hydrate")]
fn checker_input() -> Option<CheckerInput> {
    use wasm_bindgen::JsCast;
    let textarea = document()
        .get_element_by_id("claim-copy")?
        .dyn_into::<web_sys::HtmlTextAreaElement>()
        .ok()?;
    let form = textarea.closest("form").ok()??;
    let model = form.get_attribute("data-model");
    Some(CheckerInput {
        rules: ClaimRules::decode(&form.get_attribute("data-rules")?)?,
        // What the server rendered, so hydration matches; the effect below takes what it holds now.
        draft: textarea.default_value().ok()?,
        readings: match model {
            Some(text) => Some(Readings::decode(&text)?),
            None => None,
        },
    })
}

/// The results, rendered on the server for the posted draft and live in the browser.
#[island]
pub fn ClaimResults() -> impl IntoView {
    #[cfg(feature = "hydrate")]
    Effect::new(|_| crate::dom::island_live("ClaimResults"));
    let Some(CheckerInput {
        rules,
        draft,
        readings,
    }) = checker_input()
    else {
        // Never check against no rules: that would call any copy safe.
        return Either::Left(view! {
            <div class="claim-results" data-testid="claim-results">
                <p class="checker-problem">"The claim checker could not read its rules: reload the page, or use Check copy."</p>
            </div>
        });
    };
    let (copy, set_copy) = signal(draft);
    // The rules, joined with the model's reading of the copy so far when the board has a model.
    let checker = StoredValue::new(Live {
        checker: compiled(rules, readings.map(Arc::new)),
        unread: false,
    });
    // Bumped when a live update brings new rules (a proof lifted or brought back a claim), or
    // the model's reading of new sentences arrives.
    let rules_changed = Trigger::new();
    #[cfg(feature = "hydrate")]
    let asked = StoredValue::new(0u32);
    #[cfg(feature = "hydrate")]
    let read = move |text: String| {
        if checker.with_value(|c| c.checker.joined_readings().is_none()) {
            return;
        }
        crate::claim_reading::read_later(text, asked, move |arrived| {
            checker.update_value(|live| {
                live.unread = arrived.is_none();
                if let Some(arrived) = arrived {
                    live.checker.read_more(arrived);
                }
            });
            rules_changed.notify();
        });
    };
    #[cfg(feature = "hydrate")]
    {
        let renewed = window_event_listener_untyped(crate::dom::RULES_CHANGED, move |_| {
            if let Some(input) = checker_input() {
                checker.update_value(|live| {
                    let joined = live.checker.joined_readings();
                    live.checker = compiled(input.rules, joined);
                });
                rules_changed.notify();
            }
        });
        on_cleanup(move || renewed.remove());
    }
    // Only the listed violations are built; the rest are counted (2 MiB of copy holds 262,144).
    let found = Memo::new(move |_| {
        rules_changed.track();
        copy.with(|c| checker.with_value(|live| live.checker.check_at_most(c, LISTED)))
    });
    let typed = move |value: String| {
        #[cfg(feature = "hydrate")]
        if copy.with_untracked(|c| *c != value) {
            read(value.clone());
        }
        set_copy.set(value);
    };
    Effect::new(move |_| {
        // The browser may restore the textarea's text on back/forward: start from what it holds.
        if let Some(value) = crate::dom::textarea_value("claim-copy") {
            typed(value);
        }
    });
    let handle = window_event_listener(leptos::ev::input, move |ev| {
        if let Some(value) = crate::dom::input_value_if(&ev, "claim-copy") {
            typed(value);
        }
    });
    on_cleanup(move || handle.remove());

    Either::Right(view! {
        <div class="claim-results" aria-live="polite" data-testid="claim-results">
            // Tracks the trigger too: a reading that could not be had changes no finding (the
            // memo holds), only what the results say.
            {move || { rules_changed.track(); copy.with(|text| found.with(|found| checker.with_value(|live| results(text, found, live)))) }}
        </div>
    })
}

/// The island's checker, and whether the model's reading of the latest copy could not be had.
struct Live {
    checker: readiness::ClaimChecker,
    unread: bool,
}

/// Concrete views (`Either`, never `AnyView`): each `into_any` type brings its own copies of
/// tachys's render functions into the wasm, about 8 KB brotli for these (issue 21: the bundle
/// budget).
fn results(copy: &str, checked: &Checked, live: &Live) -> impl IntoView {
    let rules = live.checker.rules();
    let found = &checked.violations;
    if copy.trim().is_empty() {
        return Either::Left(
            view! { <p class="checker-idle">"Paste or type draft copy above to check it."</p> },
        );
    }
    // The paragraph is data-testid="checker-clean" or data-testid="checker-count" (chosen here;
    // the contract test reads these names). One shape for every answer (one template in the
    // wasm): the count or "clean", the
    // verdicts, the findings (negated ones only, found by a QA team: "1 phrase makes 3
    // disallowed claims" next to "safe to use"), and how many more there are.
    let (class, testid, words) = match (checked.phrases, found.is_empty()) {
        (0, false) => (
            "checker-clean",
            "checker-clean",
            "No phrase in this copy counts against a motion, but some are listed for you to check."
                .to_owned(),
        ),
        (0, true) if rules.motions.len() == 1 => (
            "checker-clean",
            "checker-clean",
            "No phrase in this copy makes a claim this motion may not make.".to_owned(),
        ),
        (0, true) => (
            "checker-clean",
            "checker-clean",
            "No phrase in this copy makes a claim any motion may not make.".to_owned(),
        ),
        _ => ("checker-found", "checker-count", checked.count_words()),
    };
    // Said in the same paragraph: one more element would cost the page's script more.
    let words = match live.unread {
        true => words + " The model of labelled copy could not read the latest changes (no answer from the board, or a draft over 2 MiB): the rules alone checked them.",
        false => words,
    };
    let more = checked.total.saturating_sub(found.len());
    Either::Right(view! {
        <p class=class data-testid=testid>{words}</p>
        {verdict_list(checked)}
        {(!found.is_empty()).then(|| violation_list(copy, found, rules))}
        {(more > 0).then(|| view! { <p>{format!("and {more} more.")}</p> })}

    })
}

/// Each finding in its context, with the claim, the motions it is not for, what lifts it and
/// what to say instead; one that seems negated says so.
fn violation_list(copy: &str, found: &[readiness::Violation], rules: &ClaimRules) -> impl IntoView {
    let name_of = |id: &String| {
        rules
            .motions
            .iter()
            .find(|m| &m.id == id)
            .map_or(id.clone(), |m| m.name.clone())
    };
    view! {
        <ol class="violations">
            {found.iter().map(|v| {
                let (before, after) = context(copy, v);
                let lift = readiness::claims::lifted_when_sentence(&v.lifted_by);
                let motions = match rules.motions.len() {
                    1 => String::new(),
                    _ => format!(" Not for: {}.", v.motions.iter().map(name_of).collect::<Vec<_>>().join(", ")),
                };
                view! {
                    <li class=class_of(v) data-claim=v.claim.to_string()>
                        <q class="violation-context">{before}<mark>{v.text.clone()}</mark>{after}</q>
                        <span class="violation-claim">{format!(" claims \u{201c}{}\u{201d}.{motions} {lift}", v.claim)}</span>
                        {v.instead.as_ref().map(|i| view! { <span class="violation-instead">{format!(" Instead: \u{201c}{i}\u{201d}")}</span> })}
                        {(!v.note().is_empty()).then(|| view! { <span class="violation-note" data-testid=if v.negated { "negated-note" } else { "model-note" }>{v.note()}</span> })}
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}

/// A finding's class: a rule's phrase, one that seems negated, one the model of labelled copy
/// doubts, or a sentence the model found a claim in.
fn class_of(v: &readiness::Violation) -> &'static str {
    use readiness::claims::Evidence;
    match (v.negated, v.evidence) {
        (true, _) => "violation violation-negated",
        (false, Evidence::DoubtedPhrase) => "violation violation-doubted",
        (false, Evidence::Sentence) => "violation violation-sentence",
        (false, Evidence::Phrase) => "violation",
    }
}

/// One line per motion checked: may the copy be used for it? Also for the one motion of a
/// motion view (found by a QA team: it had no verdict and no `data-safe`).
fn verdict_list(checked: &Checked) -> Option<impl IntoView> {
    (!checked.verdicts.is_empty()).then(|| {
        view! {
            <ul class="checker-verdicts" data-testid="checker-verdicts">
                {checked.verdicts.iter().map(|v| {
                    let text = match (v.safe, v.violations) {
                        (true, _) => "safe to use".to_owned(),
                        (false, 1) => "not safe: 1 phrase".to_owned(),
                        (false, n) => format!("not safe: {n} phrases"),
                    };
                    // As the CLI says it: a phrase the model doubts is never silent (found by
                    // attack: "safe to use" beside it).
                    let doubted = match (v.negated, v.doubted) {
                        (0, 0) => String::new(),
                        (0, n) => format!(" ({n} doubted by the model of labelled copy, to check)"),
                        (n, 0) => format!(" ({n} seemingly negated to check)"),
                        (n, d) => format!(" ({n} seemingly negated, {d} doubted by the model of labelled copy, to check)"),
                    };
                    view! {
                        <li class=if v.safe { "checker-safe" } else { "checker-unsafe" } data-motion=v.motion.clone() data-safe=v.safe.to_string()>
                            <strong>{v.name.clone()}</strong>{format!(": {text}{doubted}")}
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
    })
}

/// Up to [`CONTEXT_CHARS`] characters of copy before and after a violation, cut between words
/// (found by an operator: snippets started "…nless and quick"); "…" marks a cut.
fn context(copy: &str, v: &readiness::Violation) -> (String, String) {
    let (head, tail) = (&copy[..v.start], &copy[v.end..]);
    let before = match head.char_indices().rev().nth(CONTEXT_CHARS - 1) {
        Some((at, _)) if at > 0 => {
            let (cut, kept) = head.split_at(at);
            let whole = match cut.ends_with(char::is_whitespace) {
                true => kept,
                false => kept
                    .split_once(char::is_whitespace)
                    .map_or("", |(_, rest)| rest),
            };
            format!("\u{2026}{}", whole.trim_start())
        }
        _ => head.to_owned(),
    };
    let after = match tail.char_indices().nth(CONTEXT_CHARS) {
        Some((at, _)) => {
            let (kept, cut) = tail.split_at(at);
            let whole = match cut.starts_with(char::is_whitespace) {
                true => kept,
                false => kept
                    .rsplit_once(char::is_whitespace)
                    .map_or("", |(rest, _)| rest),
            };
            format!("{}\u{2026}", whole.trim_end())
        }
        None => tail.to_owned(),
    };
    (before, after)
}

/// NFKC by the browser, for the claim checker in the wasm.
#[cfg(feature = "hydrate")]
pub(crate) fn browser_nfkc(word: &str, out: &mut String) {
    let normal = js_sys::JsString::from(word).normalize("NFKC");
    out.push_str(&String::from(normal));
}
