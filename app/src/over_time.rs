//! The board over time: "What changed" (the latest changes), "Upcoming" (proofs about to expire
//! and what that will gate), the uptime timeline of a motion, and the `/changes` page. Rendered
//! on the server only: no island, nothing added to the wasm.

use crate::page_data::{ChangeLine, ChangesPage};
use leptos::prelude::*;
use readiness::expected::display_day;
use readiness::over_time::{Segment, Uptime, FORECAST_DAYS, UPTIME_DAYS};
use readiness::{display_instant, Board};
use std::sync::Arc;

fn rfc3339(at: time::OffsetDateTime) -> String {
    at.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

fn change_item(change: ChangeLine) -> impl IntoView {
    let id = format!("change-{}", change.id);
    view! {
        <li id=id>
            <time datetime=rfc3339(change.at)>{display_instant(change.at)}</time>
            " " <span>{change.text}</span>
        </li>
    }
}

/// The latest few changes, with the way to the full timeline and the feed.
#[component]
pub fn WhatChanged(
    recent: Vec<ChangeLine>,
    /// The team's view: the record's own words, explained. The buyer's page reads offers.
    team: bool,
) -> impl IntoView {
    let empty = recent.is_empty();
    view! {
        <section id="what-changed" class="over-time" aria-labelledby="what-changed-heading">
            <h2 id="what-changed-heading">"What changed"</h2>
            {empty.then(|| view! { <p>"Nothing has changed since the record began."</p> })}
            // The record keeps the team's words: say what they mean where a buyer meets them.
            {(team && !empty).then(|| view! { <RecordWords/> })}
            <ul class="change-list" data-testid="recent-changes" data-role="recent-changes">{recent.into_iter().map(change_item).collect_view()}</ul>
            // The feed keeps the record's words: the team's, as its page.
            {match team {
                true => view! { <p><a href="/changes?view=operator">"Every change"</a> " \u{b7} " <a href="/feed.atom">"Atom feed"</a></p> }.into_any(),
                false => view! { <p><a href="/changes">"Every change"</a></p> }.into_any(),
            }}
        </section>
    }
}

/// What the record's words mean, where a buyer meets them: it keeps the team's words (motions,
/// verdicts, claims) and the four statuses.
#[component]
fn RecordWords() -> impl IntoView {
    view! {
        <p class="term">"In the team's words: a "<dfn>"motion"</dfn>" is a way of selling an offer; it "<dfn>"can move"</dfn>" when it can be sold and is "<dfn>"gated"</dfn>" until then. A system is "<em>"ready"</em>" when it is set up and recently proven, "<em>"configured unproven"</em>" when set up but not yet proven, in "<em>"manual fallback"</em>" when it is done by hand, and "<em>"blocked"</em>" when it misses what it needs."</p>
    }
}

/// Proofs that expire in the next 30 days, and what each expiry will gate.
#[component]
pub fn Upcoming(board: Arc<Board>) -> impl IntoView {
    let items = board.upcoming.clone();
    (!items.is_empty()).then(|| view! {
        <section id="upcoming" class="over-time" aria-labelledby="upcoming-heading">
            <h2 id="upcoming-heading">"Upcoming"</h2>
            <p>{format!("Passing proofs that expire in the next {FORECAST_DAYS} days unless they are proven again:")}</p>
            <ul class="change-list" data-testid="upcoming">
                {items.into_iter().map(|u| view! {
                    <li><time datetime=rfc3339(u.expires_at)>{display_instant(u.expires_at)}</time> " " <span>{u.text}</span></li>
                }).collect_view()}
            </ul>
        </section>
    })
}

/// The window an uptime bar covers: `from`, `to`, and where the record's data starts.
#[derive(Debug, Clone, Copy)]
pub struct Window {
    pub from: time::OffsetDateTime,
    pub to: time::OffsetDateTime,
    pub recorded_from: time::OffsetDateTime,
}

impl Window {
    pub fn of(report: &readiness::over_time::UptimeReport) -> Self {
        Self {
            from: report.from,
            to: report.to,
            recorded_from: report.recorded_from,
        }
    }
}

/// A motion's (or system's) share of the window, in words and as an inline SVG timeline with
/// dates under it: each stretch says its span and what started it on hover (`<title>`) and to
/// screen readers (a list); time before the record began is drawn as no data, never as down.
#[component]
pub fn UptimeBar(
    uptime: Uptime,
    window: Window,
    /// "Ready", "Could move".
    on: &'static str,
    /// "Not ready", "Could not move".
    off: &'static str,
) -> impl IntoView {
    let Window {
        from,
        to,
        recorded_from,
    } = window;
    let total = (to - from).as_seconds_f64().max(1.0);
    let percent = (uptime.share * 100.0).round();
    let words = match recorded_from > from {
        true => format!(
            "{on} {percent}% of the time since the record began on {} (no data before)",
            display_day(recorded_from.date())
        ),
        false => format!("{on} {percent}% of the last {UPTIME_DAYS} days"),
    };
    let stretch = |s: &Segment| {
        let state = match (s.recorded, s.on) {
            (false, _) => "No data (before the record began)",
            (true, true) => on,
            (true, false) => off,
        };
        let span = format!(
            "{state}: {} to {}",
            display_instant(s.from),
            display_instant(s.to)
        );
        match &s.cause {
            Some(cause) => format!("{span}, since {cause}."),
            None => format!("{span}."),
        }
    };
    let bars = uptime
        .segments
        .iter()
        .map(|s| {
            let x = ((s.from - from).as_seconds_f64() / total * 100.0).clamp(0.0, 100.0);
            let w = ((s.to - s.from).as_seconds_f64() / total * 100.0).clamp(0.0, 100.0);
            let class = match (s.recorded, s.on) {
                (false, _) => "uptime-none",
                (true, true) => "uptime-on",
                (true, false) => "uptime-off",
            };
            view! { <rect class=class x=format!("{x:.3}") y="0" width=format!("{w:.3}") height="10"><title>{stretch(s)}</title></rect> }
        })
        .collect_view();
    let listed = uptime
        .segments
        .iter()
        .map(|s| view! { <li>{stretch(s)}</li> })
        .collect_view();
    let middle = from + (to - from) / 2;
    let day = |at: time::OffsetDateTime| view! { <time datetime=rfc3339(at)>{display_day(at.date())}</time> };
    view! {
        <div class="uptime" data-testid="uptime">
            <p>{words.clone()}</p>
            <svg class="uptime-bar" viewBox="0 0 100 10" preserveAspectRatio="none" role="img" aria-label=words>{bars}</svg>
            <p class="uptime-axis" aria-hidden="true">{day(from)}{day(middle)}{day(to)}</p>
            <ol class="visually-hidden">{listed}</ol>
        </div>
    }
}

/// `/changes`: the full timeline, filterable by motion and system (a plain GET form).
#[component]
pub fn ChangesTimeline(board: Arc<Board>, page: ChangesPage) -> impl IntoView {
    let motion_options = board
        .motions
        .iter()
        .map(|m| {
            let selected = page
                .motion
                .as_deref()
                .is_some_and(|id| id.eq_ignore_ascii_case(m.id.as_str()));
            let label = if page.team {
                m.name.to_string()
            } else {
                m.offer_title()
            };
            view! { <option value=m.id.to_string() selected=selected>{label}</option> }
        })
        .collect_view();
    let system_options = board
        .systems
        .iter()
        .map(|s| {
            let selected = page
                .system
                .as_deref()
                .is_some_and(|id| id.trim().eq_ignore_ascii_case(s.id.as_str()));
            view! { <option value=s.id.to_string() selected=selected>{s.name.to_string()}</option> }
        })
        .collect_view();
    let count = match page.changes.len() {
        0 => "No change matches.".to_owned(),
        1 => "1 change.".to_owned(),
        n => format!("{n} changes, newest first."),
    };
    let title = format!("What changed \u{2014} {}", board.page.title);
    view! {
        <leptos_meta::Title text=crate::claim_checker::escape_text(&title)/>
        <SubpageHeader eyebrow=board.page.title.to_string() heading="What changed".to_owned()>
            {match page.team {
                true => view! {
                    <p>"Every change of a system's status, a motion's verdict and a claim, computed from the proof history. " <a href="/?view=operator">"The board now"</a></p>
                    <RecordWords/>
                }.into_any(),
                false => view! {
                    <p>"Every change to what you can buy and to the systems behind it, newest first. " <a href="/">"The board now"</a></p>
                }.into_any(),
            }}
        </SubpageHeader>
        <form class="filters" method="get" action="/changes">
            <label>{if page.team { "Motion " } else { "Offer " }} <select name="motion"><option value="">{if page.team { "Any motion" } else { "Any offer" }}</option>{motion_options}</select></label>
            <label>"System " <select name="system"><option value="">"Any system"</option>{system_options}</select></label>
            {page.team.then(|| view! { <input type="hidden" name="view" value="operator"/> })}
            <button type="submit">"Show"</button>
        </form>
        <div id="board-results" tabindex="-1">
            <p class="result-count" data-testid="changes-count">{count}</p>
            <ul class="change-list" data-testid="timeline">{page.changes.into_iter().map(change_item).collect_view()}</ul>
            {match page.team {
                true => view! { <p><a href=format!("/feed.atom{}", page.feed_query)>"Subscribe to these changes (Atom)"</a></p> }.into_any(),
                false => view! { <p><a href="/changes?view=operator">"The team's record of every change, in full detail"</a></p> }.into_any(),
            }}
        </div>
    }
}

/// The header of a page beside the board (the timeline, a receipt): the board's title, the theme
/// switch, the page's heading and what `children` say under it.
#[component]
pub fn SubpageHeader(eyebrow: String, heading: String, children: Children) -> impl IntoView {
    view! {
        <header class="page-header">
            <div class="header-row">
                <p class="eyebrow">{eyebrow}</p>
                <crate::theme::ThemeToggle/>
            </div>
            <h1>{heading}</h1>
            {children()}
        </header>
    }
}
