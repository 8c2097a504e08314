//! `bare-axum ADDR ROUTE=FILE:TYPE…`: serves each file's bytes at its route with its content
//! type and nothing else (no middleware, no state), the baseline the board is measured against.

use axum::http::header::CONTENT_TYPE;
use axum::routing::get;
use axum::Router;

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let addr = args.next().expect("usage: bare-axum ADDR ROUTE=FILE:TYPE...");
    let mut app = Router::new();
    for spec in args {
        let (route, rest) = spec.split_once('=').expect("ROUTE=FILE:TYPE");
        let (file, kind) = rest.rsplit_once(':').expect("ROUTE=FILE:TYPE");
        let bytes = axum::body::Bytes::from(std::fs::read(file).expect("read the body"));
        let kind: &'static str = Box::leak(kind.to_owned().into_boxed_str());
        app = app.route(route, get(move || async move { ([(CONTENT_TYPE, kind)], bytes) }));
    }
    let listener = tokio::net::TcpListener::bind(&addr).await.expect("bind");
    axum::serve(listener, app).await.expect("serve");
}
