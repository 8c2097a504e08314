//! Sending over SMTP with lettre: `--smtp-url smtp://host:port` (plain, loopback relays),
//! `smtp://…?tls=required` (STARTTLS, never downgraded) or `smtps://…` (TLS from the start),
//! credentials in the URL. The URL is shown with its password masked, and a message is sent
//! with `List-Unsubscribe` and `List-Unsubscribe-Post` (RFC 8058) for one-click unsubscribing.

use crate::store::mail::ClaimedMail;
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::Mailbox;
use lettre::{Message, SmtpTransport, Transport};
use std::time::Duration;

/// Why mail cannot be set up or a message was not sent (never with the URL's password).
#[derive(Debug, thiserror::Error)]
pub enum SmtpError {
    #[error("--smtp-url {0}: {1}")]
    Url(String, String),
    #[error("--mail-from {0:?} is not a sender address (\"Board <board@example.com>\")")]
    From(String),
    #[error("the message could not be built: {0}")]
    Build(String),
    /// The server refused the message for good (a 5xx answer): retrying will not help.
    #[error("the SMTP server refused the message: {0}")]
    Refused(String),
    /// No answer, a broken connection or a 4xx answer: tried again later.
    #[error("the SMTP server did not take the message now: {0}")]
    NotNow(String),
}

/// An SMTP relay and the sender the board's messages come from.
#[derive(Clone)]
pub struct Mailer {
    transport: SmtpTransport,
    from: Mailbox,
    /// The URL with its password masked, for logs and `status`.
    shown: String,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Mailer({})", self.shown)
    }
}

impl Mailer {
    /// A mailer for `url` (smtp:// or smtps://) sending as `from`; each attempt may take
    /// `timeout` (connection included).
    pub fn new(url: &str, from: &str, timeout: Duration) -> Result<Self, SmtpError> {
        let shown = crate::redact::mask_url(url);
        let fail = |why: &str| SmtpError::Url(shown.clone(), why.to_owned());
        let parsed = url::Url::parse(url).map_err(|e| fail(&e.to_string()))?;
        super::smtp_url::check(&parsed).map_err(|why| fail(&why))?;
        let builder = SmtpTransport::from_url(url).map_err(|_| {
            fail("say smtp://host:port, smtp://host:port?tls=required or smtps://host:port")
        })?;
        let from: Mailbox = from.parse().map_err(|_| SmtpError::From(from.to_owned()))?;
        Ok(Self {
            transport: builder.timeout(Some(timeout)).build(),
            from,
            shown,
        })
    }

    /// The relay, its password masked.
    pub fn shown(&self) -> &str {
        &self.shown
    }

    /// Sends one claimed message to its subscriber, with its links for `origin`.
    pub fn send(&self, claimed: &ClaimedMail, origin: &str) -> Result<(), SmtpError> {
        let to: Mailbox = claimed
            .address
            .parse()
            .map_err(|_| SmtpError::Build("the stored address is not an address".into()))?;
        let links = super::compose::Links::new(origin, &claimed.token);
        let header = |name: &'static str, value: String| {
            HeaderValue::new(HeaderName::new_from_ascii_str(name), value)
        };
        let domain = self.from.email.domain().to_owned();
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(claimed.mail.subject.clone())
            // The same id on every attempt: a receiver that got it twice sees one message.
            .message_id(Some(format!("<{}@{domain}>", claimed.mail.id)))
            .header(ContentType::TEXT_PLAIN)
            .raw_header(header(
                "List-Unsubscribe",
                format!("<{}>", links.unsubscribe),
            ))
            .raw_header(header(
                "List-Unsubscribe-Post",
                "List-Unsubscribe=One-Click".to_owned(),
            ))
            // RFC 3834: an automatic message, so auto-responders stay quiet.
            .raw_header(header("Auto-Submitted", "auto-generated".to_owned()))
            .body(claimed.mail.body.clone())
            .map_err(|e| SmtpError::Build(e.to_string()))?;
        self.transport.send(&message).map(|_| ()).map_err(|e| {
            if e.is_permanent() {
                SmtpError::Refused(e.to_string())
            } else {
                SmtpError::NotNow(e.to_string())
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_url_or_sender_is_refused_without_repeating_the_password() {
        let timeout = Duration::from_secs(1);
        let secret = concat!("hunter", "2-", "smtp-pass");
        for url in [
            format!("http://user:{secret}@mail.example.com"),
            format!("smtp://user:{secret}@mail.example.com?tls=sometimes"),
        ] {
            let error = Mailer::new(&url, "Board <board@example.com>", timeout).unwrap_err();
            assert!(!error.to_string().contains(secret), "{error}");
            assert!(error.to_string().contains("--smtp-url"), "{error}");
        }
        let error = Mailer::new("smtp://127.0.0.1:2525", "not an address", timeout).unwrap_err();
        assert!(matches!(error, SmtpError::From(_)));
        let ok = Mailer::new(
            &format!("smtps://user:{secret}@mail.example.com"),
            "Board <board@example.com>",
            timeout,
        )
        .unwrap();
        assert!(!ok.shown().contains(secret) && !format!("{ok:?}").contains(secret));
    }
}
