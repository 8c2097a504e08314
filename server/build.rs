//! Rebuilds the server when the site it embeds changes. rust-embed lists `target/site`'s files
//! when its macro expands and includes each one, so cargo notices a changed file but not a site
//! built after the server's first compile, nor a new file: watching the folder closes that gap.

fn main() {
    // The folder is made if missing, so that cargo has something to watch (a missing path would
    // rerun this script, and rebuild the server, on every build).
    let site = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/site");
    if let Err(error) = std::fs::create_dir_all(&site) {
        println!("cargo:warning=cannot make {}: {error}", site.display());
    }
    println!("cargo:rerun-if-changed={}", site.display());
}
