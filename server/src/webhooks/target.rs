//! Where a webhook may be sent. A URL is parsed as clients read it (WHATWG: `2130706433` and
//! `0177.0.0.1` are 127.0.0.1), must be http(s) without credentials, and every address its
//! host resolves to must be public: loopback, private, link-local, shared, multicast,
//! unspecified and reserved addresses (IPv4-mapped and NAT64 forms included) are refused unless
//! the operator allowed private targets. Delivery connects only to addresses checked here.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, ToSocketAddrs};

/// A receiver URL: `http(s)://host…`, without credentials (they would be stored and shown).
pub fn parse(text: &str) -> Result<url::Url, String> {
    if text.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("the URL must not contain spaces or control characters".into());
    }
    let url = url::Url::parse(text).map_err(|e| format!("not a URL ({e})"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err("the URL must start with http:// or https://".into());
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err("the URL has no host".into());
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(
            "the URL must not carry credentials (the signature authenticates the board)".into(),
        );
    }
    Ok(url)
}

/// The addresses `host:port` resolves to that may be connected to, or why none may.
pub fn addresses(netloc: &str, allow_private: bool) -> Result<Vec<SocketAddr>, String> {
    let resolved: Vec<SocketAddr> = netloc
        .to_socket_addrs()
        .map_err(|e| format!("{netloc} does not resolve ({e})"))?
        .collect();
    if allow_private {
        return Ok(resolved);
    }
    if let Some(refused) = resolved.iter().find(|a| !is_public(a.ip())) {
        return Err(format!(
            "{netloc} resolves to {}, which is not a public address (pass --allow-private-targets to allow it)",
            refused.ip()
        ));
    }
    if resolved.is_empty() {
        return Err(format!("{netloc} resolves to no address"));
    }
    Ok(resolved)
}

/// `host:port` of a parsed URL, as the resolver is asked.
pub fn netloc(url: &url::Url) -> String {
    let port = url.port_or_known_default().unwrap_or(80);
    match url.host() {
        Some(url::Host::Ipv6(ip)) => format!("[{ip}]:{port}"),
        _ => format!("{}:{port}", url.host_str().unwrap_or_default()),
    }
}

/// Is `ip` an address on the public internet?
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => is_public_v6(v6),
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, ..] = ip.octets();
    !(ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_multicast()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_documentation()
        || a == 0
        || a >= 240
        || (a == 100 && (64..128).contains(&b))
        || (a == 192 && b == 0 && ip.octets()[2] == 0)
        || (a == 198 && (b == 18 || b == 19)))
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    if let Some(v4) = ip.to_ipv4_mapped() {
        return is_public_v4(v4);
    }
    let s = ip.segments();
    let last_v4 = || Ipv4Addr::from((u32::from(s[6]) << 16) | u32::from(s[7]));
    // Forms that carry an IPv4 address: NAT64 (64:ff9b::/96, and the local-use 64:ff9b:1::/48),
    // SIIT (::ffff:0:a.b.c.d) and 6to4 (2002:aabb:ccdd::/48): judged by that address (found by
    // attack: 64:ff9b:1::7f00:1, ::ffff:0:127.0.0.1 and 2002:7f00:1:: passed).
    if s[..6] == [0x64, 0xff9b, 0, 0, 0, 0] || s[..6] == [0, 0, 0, 0, 0xffff, 0] {
        return is_public_v4(last_v4());
    }
    if s[..2] == [0x64, 0xff9b] && s[2] == 1 {
        return false;
    }
    if s[0] == 0x2002 {
        return is_public_v4(Ipv4Addr::from((u32::from(s[1]) << 16) | u32::from(s[2])));
    }
    !(ip.is_loopback()
        || ip.is_unspecified()
        || ip.is_multicast()
        || (s[0] & 0xfe00) == 0xfc00 // unique local
        || (s[0] & 0xffc0) == 0xfe80 // link-local
        || (s[0] & 0xffc0) == 0xfec0 // site-local (deprecated, still routed inside sites)
        || s[..4] == [0x100, 0, 0, 0] // discard-only
        || (s[0] == 0x2001 && s[1] == 0) // Teredo: the address it reaches is hidden
        || s[..6] == [0, 0, 0, 0, 0, 0]
        || s[0] == 0x2001 && s[1] == 0xdb8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_of_a_private_address_is_refused() {
        for url in [
            "http://169.254.169.254/latest/meta-data",
            "http://2130706433:8080/",
            "http://0177.0.0.1/",
            "http://0x7f.1/",
            "http://127.1/",
            "http://[::1]/",
            "http://[::ffff:127.0.0.1]/",
            "http://[::ffff:10.0.0.1]/",
            "http://[64:ff9b::a9fe:a9fe]/",
            "http://[fe80::1]/",
            "http://[fd00::1]/",
            "http://0.0.0.0/",
            "http://10.1.2.3/",
            "http://172.16.0.1/",
            "http://192.168.1.1/",
            "http://100.64.0.1/",
            "http://224.0.0.1/",
            "http://localhost/",
            "http://192.0.0.1/",
            "http://[64:ff9b:1::7f00:1]/",
            "http://[::ffff:0:127.0.0.1]/",
            "http://[2002:7f00:1::]/",
            "http://[fec0::1]/",
            "http://[100::1]/",
            "http://[2001::1]/",
        ] {
            let parsed = parse(url).unwrap();
            let refused = addresses(&netloc(&parsed), false);
            assert!(refused.is_err(), "{url} → {refused:?}");
            assert!(
                addresses(&netloc(&parsed), true).is_ok(),
                "{url} with the flag"
            );
        }
    }

    #[test]
    fn public_addresses_and_plain_urls_pass() {
        let url = parse("https://93.184.215.14/hook").unwrap();
        assert!(addresses(&netloc(&url), false).is_ok());
        assert!(is_public("2606:4700::1111".parse().unwrap()));
        assert!(
            parse("HTTPS://Hooks.Example.com/").is_ok(),
            "schemes are case-insensitive"
        );
        for bad in [
            "ftp://x",
            "https://",
            "https://user:pw@x/",
            "file:///etc/passwd",
            "https://x/ y",
            "javascript:alert(1)",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}
