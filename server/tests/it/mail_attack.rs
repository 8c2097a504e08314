//! E-mail subscriptions as an attacker met them (issue 22): a relay slow enough to outlast a
//! lease, the same answer after the same time for a new and a known address, forms that cannot
//! be read, a flood's `Retry-After`, links a click tracker rewrote, and SMTP URLs that would
//! send the password in clear text.

use crate::common::smtp::SmtpServer;
use crate::common::vendor_readiness;
use crate::mail::{get, is_kind, mail_server, mail_server_with, post_form, subscribers};
use std::io::{BufRead, BufReader, Write};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// An SMTP relay that waits `delay` before each reply, and counts the messages it accepted.
fn slow_relay(delay: Duration) -> (u16, Arc<AtomicUsize>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let accepted = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&accepted);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let counter = Arc::clone(&counter);
            std::thread::spawn(move || converse(stream, delay, &counter));
        }
    });
    (port, accepted)
}

fn converse(stream: std::net::TcpStream, delay: Duration, accepted: &AtomicUsize) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut writer = stream;
    let mut reply = |text: &str| {
        std::thread::sleep(delay);
        writer.write_all(format!("{text}\r\n").as_bytes())
    };
    if reply("220 slow.test ESMTP").is_err() {
        return;
    }
    let mut line = String::new();
    while reader.read_line(&mut line).unwrap_or(0) > 0 {
        let command = line.to_ascii_uppercase();
        let answered = if command.starts_with("DATA") {
            let _ = reply("354 go ahead");
            let mut body = String::new();
            while reader.read_line(&mut body).unwrap_or(0) > 0 && !body.ends_with("\r\n.\r\n") {}
            accepted.fetch_add(1, Ordering::SeqCst);
            reply("250 accepted")
        } else if command.starts_with("QUIT") {
            let _ = reply("221 bye");
            return;
        } else {
            reply("250 ok")
        };
        if answered.is_err() {
            return;
        }
        line.clear();
    }
}

/// Found by attack: the send timeout bounds each reply, not the exchange, so a slow relay
/// outlasted the lease; the other instance sent the message again, and the first one's "sent"
/// was refused, over and over.
#[test]
fn a_relay_slower_than_the_lease_still_gets_each_message_once_from_two_instances() {
    let (port, accepted) = slow_relay(Duration::from_millis(950));
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("board.db").display().to_string();
    let url = format!("smtp://127.0.0.1:{port}");
    let flags = ["--webhook-lease-ms", "1500", "--webhook-timeout-ms", "1000"];
    let a = mail_server_with(&db, &url, &flags);
    let _b = mail_server_with(&db, &url, &flags);
    assert_eq!(
        post_form(
            &format!("{}/subscribe", a.base),
            "address=slow%40example.com"
        )
        .0,
        200
    );
    let deadline = Instant::now() + Duration::from_secs(20);
    while accepted.load(Ordering::SeqCst) == 0 {
        assert!(Instant::now() < deadline, "the relay got nothing");
        std::thread::sleep(Duration::from_millis(100));
    }
    std::thread::sleep(Duration::from_secs(9));
    assert_eq!(accepted.load(Ordering::SeqCst), 1, "sent once");
    let message = &subscribers(&db)[0]["messages"][0];
    assert!(
        message["sent_at_ms"].is_i64(),
        "recorded as sent: {message}"
    );
}

/// Found by attack: a new address was answered in 1 ms, a known one in 0.5 ms.
#[test]
fn a_new_and_a_known_address_are_answered_after_the_same_time() {
    let smtp = SmtpServer::start();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("board.db").display().to_string();
    let server = mail_server(&db, &smtp.url());
    let url = format!("{}/subscribe", server.base);
    for _ in 0..2 {
        let started = Instant::now();
        assert_eq!(post_form(&url, "address=same%40example.com").0, 200);
        assert!(
            started.elapsed() >= Duration::from_millis(300),
            "{:?}",
            started.elapsed()
        );
    }
}

#[test]
fn forms_that_cannot_be_read_are_said_on_the_page_and_floods_are_told_when_to_come_back() {
    let smtp = SmtpServer::start();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("board.db").display().to_string();
    let server = mail_server(&db, &smtp.url());
    let url = format!("{}/subscribe", server.base);
    let (status, page) = post_form(&url, "address=m%FF%40example.com");
    assert_eq!(status, 400);
    assert!(
        page.contains("could not be read") && page.contains("subscribe-form"),
        "{page}"
    );
    let (status, page) = post_form(&url, &format!("address={}", "a".repeat(20_000)));
    assert_eq!(status, 413);
    assert!(
        page.contains("over 16 KiB") && page.contains("subscribe-form"),
        "{page}"
    );
    assert_eq!(subscribers(&db), serde_json::json!([]), "nothing stored");
    let mut last = None;
    for n in 0..10 {
        last = Some(ureq::post(&url).send_string(&format!("address=flood{n}%40example.com")));
    }
    match last.unwrap() {
        Err(ureq::Error::Status(429, response)) => {
            assert_eq!(response.header("retry-after"), Some("60"));
        }
        other => panic!("not refused: {:?}", other.map(|r| r.status())),
    }
}

/// Found by attack: a click tracker's `&utm_source=…` made every link a 400.
#[test]
fn a_link_a_click_tracker_rewrote_still_works() {
    let smtp = SmtpServer::start();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("board.db").display().to_string();
    let server = mail_server(&db, &smtp.url());
    let (status, page) = post_form(
        &format!("{}/subscribe", server.base),
        "address=buyer%40example.com",
    );
    assert_eq!(status, 200, "{page}");
    let confirm = smtp.wait_for(1, Duration::from_secs(30), is_kind("Confirm"));
    let link = confirm[0].link(&format!("{}/subscriptions/confirm?token=", server.base));
    let (status, page) = get(&format!("{link}&utm_source=newsletter"));
    assert_eq!(status, 200);
    assert!(page.contains("confirm-button"));
}

/// Found by attack: `?tsl=required` (a typo) was accepted and the password went out in clear.
#[test]
fn an_smtp_url_that_would_send_the_password_in_clear_is_refused_at_start() {
    let password = concat!("s3cr3t", "PW", "-smtp");
    for url in [
        format!("smtp://user:{password}@mail.example.com?tsl=required"),
        format!("smtp://user:{password}@mail.example.com"),
        format!("smtp://user:{password}@mail.example.com?tls=opportunistic"),
    ] {
        let out = vendor_readiness()
            .args(["serve", "--addr", "127.0.0.1:0", "--smtp-url", &url])
            .args(["--mail-from", "Board <board@example.com>"])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.contains("--smtp-url") && !stderr.contains(password),
            "{stderr}"
        );
    }
}
