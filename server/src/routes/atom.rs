//! The Atom document (RFC 4287) of a list of changes, written by `atom_syndication` (the
//! rust-syndication project's crate) so escaping and element order are its concern, not ours.

use atom_syndication::{Entry, Feed, FixedDateTime, Link, Person, Text};
use readiness::changes::Change;
use readiness::Board;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

fn instant(at: OffsetDateTime) -> FixedDateTime {
    let text = at.format(&Rfc3339).unwrap_or_default();
    FixedDateTime::parse_from_rfc3339(&text).unwrap_or_default()
}

fn link(href: String, rel: &str, media: Option<&str>) -> Link {
    let mut link = Link::default();
    link.set_href(href);
    link.set_rel(rel);
    link.set_mime_type(media.map(str::to_owned));
    link
}

/// The feed at `origin/feed.atom{scope}` listing `changes` (newest first). Its `updated` is the
/// newest change's instant (with none, when the inputs in force came into force), so the
/// document (and its ETag) only changes when a change is added.
pub fn document(origin: &str, scope: &str, board: &Board, changes: &[Change]) -> String {
    let recorded = board.inputs.as_ref().map(|i| i.in_force_since);
    let updated = changes
        .first()
        .map(|c| c.at)
        .or(recorded)
        .unwrap_or(readiness::instant::EARLIEST);
    let title = match scope {
        "" => format!("{}: changes", board.page.title),
        _ => format!(
            "{}: changes ({})",
            board.page.title,
            scope.trim_start_matches('?').replace('=', " ")
        ),
    };
    let mut feed = Feed::default();
    feed.set_title(title);
    feed.set_id(format!("{origin}/feed.atom{scope}"));
    feed.set_updated(instant(updated));
    feed.set_authors(vec![Person {
        name: "Vendor readiness board".into(),
        ..Person::default()
    }]);
    feed.set_links(vec![
        link(
            format!("{origin}/feed.atom{scope}"),
            "self",
            Some("application/atom+xml"),
        ),
        // The feed keeps the record's (the team's) words: its page is the team's record.
        link(
            format!("{origin}/changes{}", team_page(scope)),
            "alternate",
            Some("text/html"),
        ),
    ]);
    let entries = changes
        .iter()
        .map(|change| {
            let mut entry = Entry::default();
            entry.set_id(format!("urn:vendor-readiness:change:{}", change.id));
            entry.set_title(Text::plain(change.text.clone()));
            entry.set_updated(instant(change.at));
            entry.set_published(Some(instant(change.at)));
            entry.set_links(vec![link(
                format!("{origin}/changes?view=operator#change-{}", change.id),
                "alternate",
                Some("text/html"),
            )]);
            entry
        })
        .collect::<Vec<_>>();
    feed.set_entries(entries);
    feed.to_string()
}

/// `scope` (`?motion=ID`, `?system=ID` or nothing) on the team's `/changes`.
fn team_page(scope: &str) -> String {
    match scope {
        "" => "?view=operator".to_owned(),
        _ => format!("{scope}&view=operator"),
    }
}
