//! Who a request comes from, for the budgets kept per client (failed authentications,
//! subscriptions, confirms): the connection's peer or, when the peer is a proxy the operator
//! trusts (`--trusted-proxy CIDR`), the nearest address in `X-Forwarded-For` that is not one of
//! those proxies. A header from anyone else is never read, so a client cannot choose the budget
//! it spends (found by attack: behind a reverse proxy every visitor shared one budget, and one
//! of them could stop everyone subscribing).

use axum::extract::ConnectInfo;
use axum::http::{Extensions, HeaderMap};
use ipnet::IpNet;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;

/// The networks of the proxies whose `X-Forwarded-For` is believed.
#[derive(Clone, Debug, Default)]
pub struct TrustedProxies(Arc<[IpNet]>);

impl TrustedProxies {
    /// `CIDR`s (`10.0.0.0/8`) or single addresses; what is not one is refused, named.
    pub fn parse(items: &[String]) -> Result<Self, String> {
        let nets = items
            .iter()
            .map(|item| {
                let item = item.trim();
                item.parse::<IpNet>()
                    .or_else(|_| item.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| format!("--trusted-proxy {item:?} is not an address or a CIDR range (10.0.0.0/8)"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self(nets.into()))
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|net| net.contains(&ip))
    }

    /// The client of a request with these headers: its connection's peer (given with the request,
    /// or the one [`crate::listen`] holds in scope), or the nearest hop its trusted proxy names.
    pub fn client(&self, headers: &HeaderMap, extensions: &Extensions) -> IpAddr {
        let given = extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|info| info.0);
        let peer = given
            .or_else(crate::listen::peer)
            .map_or(IpAddr::V4(Ipv4Addr::LOCALHOST), |addr| {
                addr.ip().to_canonical()
            });
        if !self.trusts(peer) {
            return peer;
        }
        // From the nearest hop back, the first that is not a trusted proxy is the client; hops
        // beyond it are the client's own words and never read (found by attack: one unreadable
        // hop a client put first made the whole header be thrown away, and the client was
        // charged to the proxy's share). An unreadable hop before any client: the proxy's word
        // is not clear, so its own address is taken.
        // Hops are split as bytes: a byte that is not ASCII in the client's part of the header
        // spoils only its own hop (found by a third attack: it spoiled the whole header).
        let nearest_first = headers
            .get_all("x-forwarded-for")
            .iter()
            .rev()
            .flat_map(|value| value.as_bytes().rsplit(|b| *b == b','));
        let mut outermost = peer;
        for hop in nearest_first {
            let hop = std::str::from_utf8(hop).unwrap_or("?");
            match hop.trim().parse::<IpAddr>() {
                Ok(ip) if self.trusts(ip.to_canonical()) => outermost = ip.to_canonical(),
                Ok(ip) => return ip.to_canonical(),
                Err(_) => return peer,
            }
        }
        // Every hop a trusted proxy: the farthest of them.
        outermost
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(peer: &str, forwarded: &[&str]) -> (HeaderMap, Extensions) {
        let mut headers = HeaderMap::new();
        for value in forwarded {
            headers.append("x-forwarded-for", value.parse().unwrap());
        }
        let mut extensions = Extensions::new();
        extensions.insert(ConnectInfo(
            format!("{peer}:4000").parse::<SocketAddr>().unwrap(),
        ));
        (headers, extensions)
    }

    #[test]
    fn only_a_trusted_proxy_is_believed_and_the_nearest_untrusted_hop_is_the_client() {
        let trusted = TrustedProxies::parse(&["10.0.0.0/8".into(), "192.0.2.7".into()]).unwrap();
        let client = |peer, hops: &[&str]| {
            let (headers, extensions) = request(peer, hops);
            trusted.client(&headers, &extensions).to_string()
        };
        assert_eq!(
            client("203.0.113.9", &["198.51.100.1"]),
            "203.0.113.9",
            "not a proxy: its header is not read"
        );
        assert_eq!(client("10.1.2.3", &["198.51.100.1"]), "198.51.100.1");
        assert_eq!(
            client("10.1.2.3", &["6.6.6.6, 198.51.100.1, 192.0.2.7"]),
            "198.51.100.1",
            "a spoofed first hop is not taken"
        );
        assert_eq!(
            client("10.1.2.3", &["6.6.6.6", "198.51.100.1"]),
            "198.51.100.1",
            "several headers are one list"
        );
        assert_eq!(client("10.1.2.3", &["not-an-ip"]), "10.1.2.3");
        assert_eq!(
            client("10.1.2.3", &["junk, 198.51.100.7"]),
            "198.51.100.7",
            "a client's unreadable first hop does not hide it"
        );
        assert_eq!(
            client("10.1.2.3", &["1.2.3.4:80, [2001:db8::1]:443, 203.0.113.5"]),
            "203.0.113.5"
        );
        assert_eq!(client("10.1.2.3", &["198.51.100.7, junk"]), "10.1.2.3");
        let mut headers = HeaderMap::new();
        let forged = axum::http::HeaderValue::from_bytes("é1, 198.51.100.66".as_bytes()).unwrap();
        headers.insert("x-forwarded-for", forged);
        let (_, extensions) = request("10.1.2.3", &[]);
        assert_eq!(
            trusted.client(&headers, &extensions).to_string(),
            "198.51.100.66",
            "a byte that is not ASCII spoils its own hop only"
        );
        assert_eq!(client("10.1.2.3", &["10.9.9.9, 192.0.2.7"]), "10.9.9.9");
        assert_eq!(client("10.1.2.3", &[]), "10.1.2.3");
        assert!(TrustedProxies::parse(&["10.0.0.0/33".into()]).is_err());
        assert_eq!(
            TrustedProxies::default()
                .client(&HeaderMap::new(), &Extensions::new())
                .to_string(),
            "127.0.0.1"
        );
    }
}
