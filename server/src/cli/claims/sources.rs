//! What `claims check` reads: files, folders (recursively, by glob), glob patterns and standard
//! input; Markdown and HTML reduced to their text with every offset kept, so line:col point at
//! the original file.

use super::super::CliError;
use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use std::io::Read;
use std::path::Path;

/// Copy over this size is refused (like the API's limit, with room for long documents).
const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;
const DEFAULT_GLOBS: [&str; 5] = ["*.md", "*.markdown", "*.html", "*.htm", "*.txt"];

pub struct Document {
    /// As given or found ("-" for standard input).
    pub path: String,
    pub text: String,
    /// `text` with markup and code blanked out, byte for byte the same length.
    pub searchable: String,
    /// The wordings its own comments accept (`claims: allow "…"`).
    pub allowances: Vec<super::allowances::Allowance>,
}

/// Every document the arguments name, in order; no arguments reads standard input.
/// Links inside a folder are followed only to files inside it unless `follow_outside`.
pub fn read_all(
    paths: &[String],
    globs: &[String],
    follow_outside: bool,
) -> Result<Vec<Document>, CliError> {
    let wanted = glob_set(
        if globs.is_empty() {
            &DEFAULT_GLOBS[..]
        } else {
            &[]
        },
        globs,
    )?;
    if paths.is_empty() {
        return Ok(vec![stdin()?]);
    }
    let mut documents: Vec<Document> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for path in paths {
        let found = if path == "-" {
            vec![stdin()?]
        } else if Path::new(path).is_dir() {
            let found = walk(Path::new(path), follow_outside, |p| {
                wanted.is_match(file_name(p))
            })?;
            if found.is_empty() {
                return Err(CliError::Usage(format!(
                    "{path}: no file to check in this folder (looked for {})",
                    if globs.is_empty() {
                        DEFAULT_GLOBS.join(", ")
                    } else {
                        globs.join(", ")
                    }
                )));
            }
            found
        } else if Path::new(path).exists() {
            vec![read_file(Path::new(path))?]
        } else if path.contains(['*', '?', '[']) {
            expand(path, follow_outside)?
        } else {
            return Err(CliError::Usage(format!("{path}: no such file or folder")));
        };
        // The same file named twice ("t/x.md ./t/x.md") is checked once.
        for doc in found {
            let key = std::fs::canonicalize(&doc.path).unwrap_or_else(|_| doc.path.clone().into());
            if doc.path == "-" || seen.insert(key) {
                documents.push(doc);
            }
        }
    }
    Ok(documents)
}

fn glob_set(defaults: &[&str], given: &[String]) -> Result<GlobSet, CliError> {
    let mut set = GlobSetBuilder::new();
    for pattern in defaults
        .iter()
        .copied()
        .chain(given.iter().map(String::as_str))
    {
        if pattern.trim().is_empty() {
            return Err(CliError::Usage(
                "--glob: a pattern cannot be empty".to_owned(),
            ));
        }
        // README.MD and index.HTML are copy too.
        let glob = GlobBuilder::new(pattern)
            .case_insensitive(true)
            .build()
            .map_err(|e| CliError::Usage(format!("--glob {pattern:?}: {e}")))?;
        set.add(glob);
    }
    set.build()
        .map_err(|e| CliError::Usage(format!("--glob: {e}")))
}

fn file_name(path: &Path) -> &Path {
    path.file_name().map_or(path, Path::new)
}

/// A glob pattern such as `docs/**/*.md`: the folder before the first wildcard, searched.
fn expand(pattern: &str, follow_outside: bool) -> Result<Vec<Document>, CliError> {
    let set = glob_set(&[], &[pattern.to_owned()])?;
    let base: Vec<&str> = pattern
        .split('/')
        .take_while(|part| !part.contains(['*', '?', '[']))
        .collect();
    let base = if base.is_empty() {
        ".".to_owned()
    } else {
        base.join("/")
    };
    let found = walk(Path::new(&base), follow_outside, |p| {
        let shown = p.strip_prefix("./").unwrap_or(p);
        set.is_match(shown) || set.is_match(p)
    })?;
    if found.is_empty() {
        return Err(CliError::Usage(format!("{pattern}: no file matches")));
    }
    Ok(found)
}

/// Files below `root` that `wanted` accepts, following symbolic links (a linked file is copy
/// too) while they stay inside `root` (anywhere with `follow_outside`); a link that loops back
/// or leads outside is said once on standard error and skipped.
fn walk(
    root: &Path,
    follow_outside: bool,
    wanted: impl Fn(&Path) -> bool,
) -> Result<Vec<Document>, CliError> {
    let inside = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_owned());
    let mut documents = Vec::new();
    let entries = walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name();
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) if e.loop_ancestor().is_some() => {
                let at = e.path().unwrap_or(root).display().to_string();
                eprintln!(
                    "warning: {}: a link loops back; skipped",
                    super::format::shown_path(&at)
                );
                continue;
            }
            Err(e) => return Err(CliError::Usage(format!("{}: {e}", root.display()))),
        };
        if !entry.file_type().is_file() || !wanted(entry.path()) {
            continue;
        }
        let real = std::fs::canonicalize(entry.path()).unwrap_or_else(|_| entry.path().to_owned());
        if !follow_outside && !real.starts_with(&inside) {
            eprintln!(
                "warning: {}: a link leads outside {}; skipped (--follow-outside checks it)",
                super::format::shown_path(&entry.path().display().to_string()),
                root.display()
            );
            continue;
        }
        documents.push(read_file(entry.path())?);
    }
    Ok(documents)
}

fn read_file(path: &Path) -> Result<Document, CliError> {
    let shown = path.display().to_string();
    // A FIFO or device named on the command line would block the read forever.
    let meta = std::fs::metadata(path).map_err(CliError::io(format!("cannot read {shown}")))?;
    if !meta.is_file() {
        return Err(CliError::Usage(format!(
            "{shown}: not a regular file (a pipe, device or socket is never read)"
        )));
    }
    let file = std::fs::File::open(path).map_err(CliError::io(format!("cannot read {shown}")))?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(CliError::io(format!("cannot read {shown}")))?;
    document(shown, bytes)
}

fn stdin() -> Result<Document, CliError> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(CliError::io("cannot read standard input"))?;
    document("-".to_owned(), bytes)
}

fn document(path: String, bytes: Vec<u8>) -> Result<Document, CliError> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(CliError::Usage(format!(
            "{path}: larger than {} MiB",
            MAX_FILE_BYTES / 1024 / 1024
        )));
    }
    let text =
        String::from_utf8(bytes).map_err(|_| CliError::Usage(format!("{path}: not UTF-8 text")))?;
    let lower = path.to_ascii_lowercase();
    let (mut searchable, plain) = if lower.ends_with(".html") || lower.ends_with(".htm") {
        (super::markup::html_text(&text), false)
    } else if lower.ends_with(".md") || lower.ends_with(".markdown") {
        (super::markup::markdown_text(&text), false)
    } else {
        (text.clone(), true)
    };
    let allowances = super::allowances::read(&path, &text, &mut searchable, plain)?;
    Ok(Document {
        path,
        text,
        searchable,
        allowances,
    })
}
