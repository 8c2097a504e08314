//! What `--smtp-url` may say, checked before lettre reads it: `smtp://` or `smtps://`, no
//! parameter but `tls=required`, no fragment, and credentials only where they travel encrypted
//! (or to a relay on this machine). Found by attack: `?tsl=required` (a typo) was accepted and
//! the password went out in clear text; so did `tls=opportunistic`, which anyone on the path can
//! strip.

/// Why the URL is refused, in words (never repeating it: it may hold the password).
pub fn check(url: &url::Url) -> Result<(), String> {
    if !matches!(url.scheme(), "smtp" | "smtps") {
        return Err("the scheme is smtp:// or smtps://".into());
    }
    if url.fragment().is_some() {
        return Err("an SMTP URL has no #fragment".into());
    }
    let mut starttls = false;
    for (key, value) in url.query_pairs() {
        match (key.as_ref(), value.as_ref()) {
            ("tls", "required") => starttls = true,
            ("tls", "opportunistic") => {
                return Err("tls=opportunistic can be stripped by anyone on the path: use tls=required, or smtps://".into())
            }
            ("tls", other) => return Err(format!("tls={other} is not read: say tls=required")),
            (other, _) => return Err(format!("the parameter {other:?} is not read: only tls=required is")),
        }
    }
    let credentials = !url.username().is_empty() || url.password().is_some();
    let encrypted = url.scheme() == "smtps" || starttls;
    if credentials && !encrypted && !on_this_machine(url) {
        return Err(
            "credentials over plain SMTP would travel in clear text: use smtps:// or ?tls=required"
                .into(),
        );
    }
    Ok(())
}

fn on_this_machine(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checked(text: &str) -> Result<(), String> {
        check(&url::Url::parse(text).unwrap())
    }

    #[test]
    fn only_what_is_read_and_credentials_only_encrypted() {
        for ok in [
            "smtp://127.0.0.1:2525",
            "smtp://relay.internal:25",
            "smtp://user:pw@mail.example.com:587?tls=required",
            "smtps://user:pw@mail.example.com",
            "smtp://user:pw@localhost:2525",
        ] {
            assert_eq!(checked(ok), Ok(()), "{ok}");
        }
        for bad in [
            "smtp://user:pw@mail.example.com?tsl=required",
            "smtp://user:pw@mail.example.com?tls=opportunistic",
            "smtp://mail.example.com?tls=yes",
            "smtp://mail.example.com?foo=bar",
            "smtp://mail.example.com#frag",
            "smtp://user:pw@mail.example.com",
            "smtp://user@mail.example.com",
            "http://mail.example.com",
        ] {
            let refused = checked(bad).unwrap_err();
            assert!(!refused.contains("pw@"), "{refused}");
        }
    }
}
