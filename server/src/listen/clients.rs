//! Open connections per client address: one client may hold at most a share of the server's
//! connections (found by attack: one client holding 10,000 keep-alive connections, each used
//! every 8 s so the idle timeout never fired, left no room for anyone else).

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};

/// How many connections each client address holds now.
#[derive(Clone, Default)]
pub struct Clients(Arc<Mutex<HashMap<IpAddr, usize>>>);

/// One open connection of a client; the count drops when it does.
pub struct Held {
    clients: Clients,
    ip: IpAddr,
}

impl Clients {
    /// A slot for one more connection of `ip`, unless it holds `max` already.
    pub fn enter(&self, ip: IpAddr, max: usize) -> Option<Held> {
        let mut counts = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let count = counts.entry(ip).or_insert(0);
        if *count >= max {
            return None;
        }
        *count += 1;
        Some(Held {
            clients: self.clone(),
            ip,
        })
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        let mut counts = self.clients.0.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(count) = counts.get_mut(&self.ip) {
            *count -= 1;
            if *count == 0 {
                counts.remove(&self.ip);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_holds_at_most_its_share_and_gets_it_back() {
        let clients = Clients::default();
        let ip: IpAddr = "192.0.2.7".parse().unwrap();
        let held: Vec<Held> = (0..3).filter_map(|_| clients.enter(ip, 3)).collect();
        assert_eq!(held.len(), 3);
        assert!(clients.enter(ip, 3).is_none(), "the fourth is refused");
        assert!(
            clients.enter("192.0.2.8".parse().unwrap(), 3).is_some(),
            "others are not"
        );
        drop(held);
        assert!(
            clients.enter(ip, 3).is_some(),
            "closing gives the slots back"
        );
    }
}
