//! Issue 21: ARCHITECTURE.md's code map names every source file, and names none that is gone.

use crate::common;

use common::repo_path;
use std::path::Path;

fn source_files(dir: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            source_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let relative = path.strip_prefix(repo_path("")).unwrap();
            let relative = relative.to_str().unwrap().trim_start_matches("../");
            out.push(relative.to_owned());
        }
    }
}

#[test]
fn the_code_map_names_every_source_file_and_no_other() {
    let map = std::fs::read_to_string(repo_path("ARCHITECTURE.md")).unwrap();
    let mut files = Vec::new();
    for crate_dir in ["readiness/src", "server/src", "app/src", "frontend/src"] {
        source_files(&repo_path(crate_dir), &mut files);
    }
    assert!(files.len() > 100, "{files:?}");
    let missing: Vec<&String> = files
        .iter()
        .filter(|f| !map.contains(&format!("`{f}`")))
        .collect();
    assert!(missing.is_empty(), "not in ARCHITECTURE.md: {missing:#?}");
    let listed: Vec<&str> = map
        .split('`')
        .filter(|piece| piece.ends_with(".rs") && piece.contains("/src/"))
        .collect();
    let gone: Vec<&&str> = listed
        .iter()
        .filter(|piece| !repo_path(piece).exists())
        .collect();
    assert!(gone.is_empty(), "in ARCHITECTURE.md but gone: {gone:#?}");
}
