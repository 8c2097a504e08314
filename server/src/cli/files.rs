//! How the CLI writes a file: into a randomly named temporary file created exclusively in the
//! same folder (so a link planted at a guessable name is never followed), then renamed into
//! place (a reader never sees half a file; a link at the destination is replaced, its target
//! untouched). An existing file is replaced only when the operator asked (`--force`).

use super::CliError;
use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path` with `mode`, refusing to replace an existing file unless `replace`.
pub fn write_file(path: &Path, bytes: &[u8], mode: u32, replace: bool) -> Result<(), CliError> {
    use std::os::unix::fs::PermissionsExt;
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let context = || format!("cannot write {}", path.display());
    let mut file = tempfile::NamedTempFile::new_in(folder).map_err(CliError::io(context()))?;
    file.write_all(bytes).map_err(CliError::io(context()))?;
    file.as_file()
        .set_permissions(std::fs::Permissions::from_mode(mode))
        .map_err(CliError::io(context()))?;
    file.as_file().sync_all().map_err(CliError::io(context()))?;
    if replace {
        file.persist(path)
            .map_err(|e| CliError::io(context())(e.error))?;
        return Ok(());
    }
    file.persist_noclobber(path).map_err(|e| {
        if e.error.kind() == std::io::ErrorKind::AlreadyExists {
            CliError::Usage(format!(
                "{} already exists: pass --force to replace it",
                path.display()
            ))
        } else {
            CliError::io(context())(e.error)
        }
    })?;
    Ok(())
}
