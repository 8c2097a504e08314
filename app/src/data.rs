//! Where the board comes from: the server's cached board during SSR, the JSON API in the browser.

use readiness::Board;
use std::sync::Arc;

/// The server's current board, provided as context to each server render.
#[derive(Clone, Debug)]
pub struct BoardContext(pub Arc<Board>);

/// The whole (unfiltered) board. Filtering happens locally, so the browser never refetches
/// it to change a filter: during hydration it reads the copy serialized into the page.
pub async fn load_board(from_server: Option<BoardContext>) -> Result<Board, String> {
    #[cfg(feature = "ssr")]
    {
        from_server
            .map(|ctx| (*ctx.0).clone())
            .ok_or_else(|| "the board is not available".to_owned())
    }
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    {
        let _ = from_server;
        fetch_json().await
    }
    #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
    {
        let _ = from_server;
        Err("built without a data source (enable `ssr` or `hydrate`)".to_owned())
    }
}

#[cfg(all(feature = "hydrate", not(feature = "ssr")))]
async fn fetch_json() -> Result<Board, String> {
    send_wrapper::SendWrapper::new(async {
        let response = gloo_net::http::Request::get("/api/vendor-readiness")
            .send()
            .await
            .map_err(|e| format!("could not reach the board: {e}"))?;
        if !response.ok() {
            return Err(format!("the board answered HTTP {}", response.status()));
        }
        response
            .json::<Board>()
            .await
            .map_err(|e| format!("the board sent unreadable data: {e}"))
    })
    .await
}
