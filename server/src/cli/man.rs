//! `man`: the manual page on standard output, or one page per command written into a folder.

use super::{Cli, CliError, ManArgs};
use std::path::PathBuf;
use std::process::ExitCode;

/// The man page on standard output, or one page per command written into `--out-dir`, each
/// listed (found by a new operator: only the top-level command had a page).
pub(super) fn man(args: &ManArgs) -> Result<ExitCode, CliError> {
    use clap::CommandFactory;
    let Some(dir) = &args.out_dir else {
        clap_mangen::Man::new(Cli::command())
            .render(&mut std::io::stdout())
            .map_err(CliError::io("cannot write the man page"))?;
        return Ok(ExitCode::SUCCESS);
    };
    let cannot = || CliError::io(format!("cannot write the man pages in {}", dir.display()));
    std::fs::create_dir_all(dir).map_err(cannot())?;
    // As `clap_mangen::generate_to`, keeping each file's path: built first, so each page is
    // named for its whole command (`vendor-readiness-proof-add.1`).
    let mut command = Cli::command().disable_help_subcommand(true);
    command.build();
    let mut written = Vec::new();
    write_pages(command, dir, &mut written).map_err(cannot())?;
    for page in written {
        println!("{}", page.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes the page of `command` and of each of its subcommands into `dir`.
fn write_pages(
    command: clap::Command,
    dir: &std::path::Path,
    written: &mut Vec<PathBuf>,
) -> std::io::Result<()> {
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        write_pages(sub.clone(), dir, written)?;
    }
    written.push(clap_mangen::Man::new(command).generate_to(dir)?);
    Ok(())
}
