//! `vendor-readiness keygen`: an Ed25519 key pair for signing bundles; the secret key written
//! with mode 600, never through a link, and never printed.

use crate::cli::report::{emit, FormatArg, Report};
use crate::cli::CliError;
use clap::Args;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct KeygenArgs {
    /// Write the secret key here and the public key to the same path plus `.pub`.
    #[arg(long)]
    pub out: PathBuf,
    /// Replace existing key files.
    #[arg(long)]
    pub force: bool,
    /// JSON: `{secret_key, public_key}` (the files' paths, never a key).
    #[command(flatten)]
    pub output: FormatArg,
}

pub fn run_keygen(args: &KeygenArgs) -> Result<ExitCode, CliError> {
    let public_path = PathBuf::from(format!("{}.pub", args.out.display()));
    for path in [&args.out, &public_path] {
        let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
        if is_link {
            return Err(CliError::Usage(format!(
                "{} is a symbolic link; a key is never written through one",
                path.display()
            )));
        }
        if path.exists() && !args.force {
            return Err(CliError::Usage(format!(
                "{} exists; pass --force to replace it",
                path.display()
            )));
        }
    }
    let key = ed25519_dalek::SigningKey::generate(&mut rand_core::OsRng);
    write_secret(&args.out, hex::encode(key.to_bytes()).as_bytes())?;
    let public = hex::encode(key.verifying_key().as_bytes());
    crate::cli::files::write_file(&public_path, public.as_bytes(), 0o644, true)?;
    let keys = Keys {
        secret_key: args.out.display().to_string(),
        public_key: public_path.display().to_string(),
    };
    Ok(emit(&keys, &args.output))
}

/// Where the keys were written.
#[derive(Serialize, schemars::JsonSchema)]
pub(crate) struct Keys {
    secret_key: String,
    public_key: String,
}

impl Report for Keys {
    fn text(&self, _colour: bool) -> String {
        format!(
            "Wrote the secret key to {} (mode 600) and the public key to {}.\n",
            self.secret_key, self.public_key
        )
    }
}

fn write_secret(path: &Path, bytes: &[u8]) -> Result<(), CliError> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .custom_flags(nix::fcntl::OFlag::O_NOFOLLOW.bits())
        .open(path)
        .map_err(CliError::io(format!("cannot write {}", path.display())))?;
    // `mode` applies only to a new file: an existing one (--force) keeps its mode unless set.
    file.set_permissions(std::os::unix::fs::PermissionsExt::from_mode(0o600))
        .map_err(CliError::io(format!("cannot restrict {}", path.display())))?;
    file.write_all(bytes)
        .map_err(CliError::io(format!("cannot write {}", path.display())))
}
