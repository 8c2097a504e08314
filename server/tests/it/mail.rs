//! E-mail subscriptions end to end: the release of a real server process sending through a real
//! SMTP server on loopback (aiosmtpd), read as a mail client reads it: double opt-in, a burst of
//! changes as one message with RFC 8058 one-click unsubscribe, the same answer whatever the
//! address's state, retries while the relay is down, STARTTLS never downgraded, and one message
//! per change across two instances sharing PostgreSQL.

use crate::common::smtp::{Received, SmtpServer};
use crate::common::{repo_path, vendor_readiness, ServerProcess, PUSH_TOKEN};
use sha2::{Digest, Sha256};
use std::time::Duration;

const BUYER: &str = "buyer@example.com";

/// A server sending mail through `smtp_url`, storing in `db` (a path or a PostgreSQL URL).
pub(crate) fn mail_server(db: &str, smtp_url: &str) -> ServerProcess {
    mail_server_with(db, smtp_url, &[])
}

/// [`mail_server`] with more flags.
pub(crate) fn mail_server_with(db: &str, smtp_url: &str, extra: &[&str]) -> ServerProcess {
    mail_server_bursting(db, smtp_url, extra, "400")
}

/// [`mail_server_with`] whose bursts close after `burst_ms` of quiet.
pub(crate) fn mail_server_bursting(
    db: &str,
    smtp_url: &str,
    extra: &[&str],
    burst_ms: &str,
) -> ServerProcess {
    let burst_ms = burst_ms.to_owned();
    let hash = hex::encode(Sha256::digest(PUSH_TOKEN.as_bytes()));
    let (db, smtp_url) = (db.to_owned(), smtp_url.to_owned());
    let extra: Vec<String> = extra.iter().map(|s| s.to_string()).collect();
    ServerProcess::start(move |cmd| {
        cmd.args(["--db", &db, "--demo", "--push-token-sha256", &hash])
            .arg("--env-file")
            .arg(repo_path("catalog/demo.env"))
            .args([
                "--smtp-url",
                &smtp_url,
                "--mail-from",
                "Readiness board <board@example.com>",
            ])
            .args([
                "--webhook-burst-ms",
                &burst_ms,
                "--webhook-retry-base-ms",
                "200",
            ])
            .args(&extra)
            .env_remove("VENDOR_READINESS_CATALOG");
    })
}

pub(crate) fn post_form(url: &str, body: &str) -> (u16, String) {
    let answer = ureq::post(url)
        .set("content-type", "application/x-www-form-urlencoded")
        .send_string(body);
    match answer {
        Ok(r) => (r.status(), r.into_string().unwrap()),
        Err(ureq::Error::Status(code, r)) => (code, r.into_string().unwrap()),
        Err(e) => panic!("{e}"),
    }
}

pub(crate) fn get(url: &str) -> (u16, String) {
    match ureq::get(url).call() {
        Ok(r) => (r.status(), r.into_string().unwrap()),
        Err(ureq::Error::Status(code, r)) => (code, r.into_string().unwrap()),
        Err(e) => panic!("{e}"),
    }
}

pub(crate) fn is_kind(subject_start: &'static str) -> impl Fn(&Received) -> bool {
    move |m| {
        m.header("subject")
            .is_some_and(|s| s.starts_with(subject_start))
    }
}

/// The `Check your inbox` paragraph: what the subscribe answer says.
fn sent_words(page: &str) -> String {
    let start = page
        .find("data-testid=\"subscribe-sent\"")
        .expect("the sent page");
    page[start..].split("</p>").next().unwrap().to_owned()
}

pub(crate) fn subscribers(db: &str) -> serde_json::Value {
    let out = vendor_readiness()
        .args(["subscribers", "export", "--json", "--db", db])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn a_buyer_subscribes_confirms_gets_one_message_per_burst_and_unsubscribes_in_one_click() {
    let smtp = SmtpServer::start();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("board.db").display().to_string();
    let server = mail_server(&db, &smtp.url());
    let (status, board) = get(&format!("{}/", server.base));
    assert_eq!(status, 200);
    assert!(
        board.contains("href=\"#subscribe\""),
        "a link to the form near the top"
    );
    assert!(
        board.contains("data-testid=\"subscribe-form\""),
        "the board offers the form"
    );

    // Subscribing: one confirm message, and nothing else until it is followed.
    let form = "address=Buyer%40Example.com&motion=managed-private-beta&motion=no-such-motion";
    let (status, first) = post_form(&format!("{}/subscribe", server.base), form);
    assert_eq!(status, 200, "{first}");
    let confirm = smtp.wait_for(
        1,
        Duration::from_secs(30),
        is_kind("Confirm your e-mail updates"),
    );
    assert_eq!(confirm[0].header("to"), Some(BUYER));
    assert!(
        confirm[0]
            .body
            .contains("a managed private beta with our team"),
        "{}",
        confirm[0].body
    );
    server.push_core_runtime("fail");
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(
        smtp.messages().len(),
        1,
        "nothing but the confirm message before confirming"
    );
    assert_eq!(subscribers(&db)[0]["status"], "pending");

    // Following the link shows a button; only the button confirms (mail scanners open links).
    let link = confirm[0].link(&format!("{}/subscriptions/confirm?token=", server.base));
    let (status, page) = get(&link);
    assert_eq!(status, 200);
    assert!(page.contains("data-testid=\"confirm-button\""));
    assert_eq!(subscribers(&db)[0]["status"], "pending");
    let (status, page) = post_form(&link, "");
    assert_eq!(status, 200);
    assert!(page.contains("Confirmed"), "{page}");
    // The request counts never tell a confirm apart (on a quiet board: who confirmed, when).
    let (_, metrics) = get(&format!("{}/metrics", server.base));
    assert!(!metrics.contains("/subscriptions/"), "{metrics}");
    assert!(metrics.contains("(e-mail subscription pages)"), "{metrics}");
    let exported = subscribers(&db);
    assert_eq!(exported[0]["status"], "confirmed");
    assert_eq!(
        exported[0]["motions"],
        serde_json::json!(["managed-private-beta"])
    );

    // A burst of changes is one message, with one-click unsubscribe.
    // Available, gone, available again: one message, saying where it ended.
    server.push_core_runtime("pass");
    server.push_core_runtime("fail");
    server.push_core_runtime("pass");
    let changes = smtp.wait_for(1, Duration::from_secs(30), is_kind("Vendor readiness:"));
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(
        smtp.messages().len(),
        2,
        "one message for the burst: {:#?}",
        smtp.messages()
    );
    let message = &changes[0];
    let unsubscribe = format!("{}/subscriptions/unsubscribe?token=", server.base);
    let list_unsubscribe = message.header("list-unsubscribe").unwrap();
    assert!(
        list_unsubscribe.starts_with(&format!("<{unsubscribe}")),
        "{list_unsubscribe}"
    );
    assert_eq!(
        message.header("list-unsubscribe-post"),
        Some("List-Unsubscribe=One-Click")
    );
    assert!(
        message
            .body
            .contains("- Now available: a managed private beta with our team."),
        "{}",
        message.body
    );
    assert!(message
        .body
        .contains(&format!("{}/subscriptions/manage?token=", server.base)));
    // Found by attack: it read "Today: Available today: …".
    assert!(
        message
            .body
            .contains("\nWhere things stand: Available today: "),
        "{}",
        message.body
    );

    // Subscribing again says the same words.
    let (status, again) = post_form(
        &format!("{}/subscribe", server.base),
        "address=Buyer%40Example.com",
    );
    assert_eq!(status, 200);
    assert_eq!(
        sent_words(&again),
        sent_words(&first),
        "the answer never tells whether an address is subscribed"
    );
    // Within ten minutes of its confirm message, the address is sent nothing more (the note
    // "you already get updates" comes later: the store's tests cover it).
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(
        smtp.messages().len(),
        2,
        "no notice within ten minutes of the last"
    );
    assert_eq!(
        subscribers(&db)[0]["motions"],
        serde_json::json!(["managed-private-beta"]),
        "unchanged"
    );

    // RFC 8058: a POST of List-Unsubscribe=One-Click to the header's URL, nothing else.
    let one_click = list_unsubscribe.trim_matches(['<', '>']);
    let (status, page) = post_form(one_click, "List-Unsubscribe=One-Click");
    assert_eq!(status, 200);
    assert!(page.contains("data-testid=\"unsubscribed\""));
    assert_eq!(
        subscribers(&db),
        serde_json::json!([]),
        "the address is no longer kept"
    );
    let manage = message.link(&format!("{}/subscriptions/manage?token=", server.base));
    assert_eq!(get(&manage).0, 404, "the links no longer work");
}

#[test]
fn a_bad_address_is_said_on_the_form_and_a_flood_from_one_client_is_refused() {
    let smtp = SmtpServer::start();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("board.db").display().to_string();
    let server = mail_server(&db, &smtp.url());
    let url = format!("{}/subscribe", server.base);
    let (status, page) = post_form(&url, "address=not-an-address&motion=managed-private-beta");
    assert_eq!(status, 400);
    assert!(
        page.contains("does not look like an e-mail address"),
        "{page}"
    );
    assert!(
        page.contains("value=\"not-an-address\""),
        "what was typed is kept"
    );
    let mut statuses = Vec::new();
    for n in 0..12 {
        statuses.push(post_form(&url, &format!("address=flood{n}%40example.com")).0);
    }
    assert_eq!(
        statuses.iter().filter(|s| **s == 429).count(),
        3,
        "{statuses:?}"
    );
    // Nine messages at most: the tenth request of the burst was the bad address.
    smtp.wait_for(9, Duration::from_secs(30), is_kind("Confirm"));
}

#[test]
fn messages_wait_while_the_relay_is_down_and_go_out_once_it_is_back() {
    let port = crate::common::free_port();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("board.db").display().to_string();
    let server = mail_server(&db, &format!("smtp://127.0.0.1:{port}"));
    let (status, _) = post_form(
        &format!("{}/subscribe", server.base),
        "address=buyer%40example.com",
    );
    assert_eq!(
        status, 200,
        "the request is answered: the message waits in the outbox"
    );
    std::thread::sleep(Duration::from_millis(1500));
    let waiting = &subscribers(&db)[0]["messages"][0];
    assert!(waiting["attempts"].as_i64().unwrap() >= 1, "{waiting}");
    assert!(waiting["sent_at_ms"].is_null());
    let smtp = SmtpServer::start_on(Some(port));
    smtp.wait_for(1, Duration::from_secs(30), is_kind("Confirm"));
}

#[test]
fn starttls_required_is_never_downgraded_to_plain_text() {
    let smtp = SmtpServer::start();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("board.db").display().to_string();
    let url = format!("{}?tls=required", smtp.url());
    let server = mail_server(&db, &url);
    post_form(
        &format!("{}/subscribe", server.base),
        "address=buyer%40example.com",
    );
    std::thread::sleep(Duration::from_millis(2000));
    assert!(
        smtp.messages().is_empty(),
        "nothing sent to a relay without STARTTLS"
    );
    let waiting = &subscribers(&db)[0]["messages"][0];
    assert!(waiting["attempts"].as_i64().unwrap() >= 1, "{waiting}");
}

#[test]
fn two_instances_on_one_postgresql_send_each_message_once() {
    let smtp = SmtpServer::start();
    let db = crate::common::fresh_postgres_database();
    let (a, b) = (mail_server(&db, &smtp.url()), mail_server(&db, &smtp.url()));
    post_form(
        &format!("{}/subscribe", a.base),
        "address=buyer%40example.com",
    );
    let confirm = smtp.wait_for(1, Duration::from_secs(30), is_kind("Confirm"));
    let link = confirm[0].link(&format!("{}/subscriptions/confirm?token=", a.base));
    let on_b = link.replace(&a.base, &b.base);
    assert_eq!(post_form(&on_b, "").0, 200, "any instance confirms");
    a.push_core_runtime("fail");
    smtp.wait_for(1, Duration::from_secs(30), is_kind("Vendor readiness:"));
    std::thread::sleep(Duration::from_millis(3000));
    let changes: Vec<_> = smtp
        .messages()
        .into_iter()
        .filter(is_kind("Vendor readiness:"))
        .collect();
    assert_eq!(changes.len(), 1, "{changes:#?}");
}
