//! Credentials in URLs: a password in `scheme://user:password@host` and query parameters that
//! name a credential, masked wherever a URL is printed or logged.

/// `url` with the password of `scheme://user:password@host` and the value of every query
/// parameter that names a credential (`password`, `token`, `secret`, `key`…) replaced by `***`.
pub fn mask_url(url: &str) -> String {
    let (scheme, rest) = match url.split_once("://") {
        Some((scheme, rest)) => (format!("{scheme}://"), rest),
        None => (String::new(), url),
    };
    // A password may hold an unencoded '/', '?' or '#': the user part ends at the last '@'.
    let (user, rest) = match rest.rsplit_once('@') {
        // An '@' inside the query is not the end of a user part.
        Some((user, _)) if user.contains('?') && !user.contains(':') => (None, rest),
        Some((user, after)) => (Some(user), after),
        None => (None, rest),
    };
    let (authority_end, _) = rest
        .char_indices()
        .find(|(_, c)| matches!(c, '/' | '?' | '#'))
        .unwrap_or((rest.len(), ' '));
    let (host, tail) = rest.split_at(authority_end);
    // A user alone on a web URL is usually a token (`https://<token>@host`, found by attack):
    // masked; a database URL's user name is kept (it is no secret and says who connects).
    let web = scheme.starts_with("http");
    // On a web URL the whole user part is masked: `https://TOKEN:@host` is how basic-auth API
    // keys are written (found by attack, round 9).
    let authority = match user {
        Some(_) if web => format!("***@{host}"),
        Some(user) => match user.split_once(':') {
            Some((name, _)) => format!("{name}:***@{host}"),
            None => format!("{user}@{host}"),
        },
        None => host.to_owned(),
    };
    let tail = match tail.split_once('?') {
        Some((path, query)) => format!("{path}?{}", mask_query(query)),
        None => tail.to_owned(),
    };
    format!("{scheme}{authority}{tail}")
}

fn mask_query(query: &str) -> String {
    const CREDENTIAL: [&str; 7] = [
        "pass",
        "pwd",
        "token",
        "secret",
        "key",
        "auth",
        "credential",
    ];
    query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((name, _))
                if CREDENTIAL
                    .iter()
                    .any(|c| name.to_ascii_lowercase().contains(c)) =>
            {
                format!("{name}=***")
            }
            _ => pair.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("&")
}
