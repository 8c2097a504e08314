//! Entry point of the `vendor-readiness` binary.

use server::cli::{self, Cli};
use std::process::ExitCode;

/// mimalloc: per-thread free lists, where glibc's malloc and free (with its consolidation of
/// freed chunks) took ~12 % of the server's CPU answering the board (issue 24).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A command whose output is cut off (`| head`) ends quietly, as Unix tools do, instead of
/// panicking on the write. Not for the server, which must survive clients that go away.
fn restore_sigpipe() {
    use nix::sys::signal::{signal, SigHandler, Signal};
    // SAFETY: called before any thread is started; SIG_DFL is a valid disposition for SIGPIPE.
    unsafe {
        let _ = signal(Signal::SIGPIPE, SigHandler::SigDfl);
    }
}

/// Logs to standard error, as text or JSON lines.
fn init_logging(format: cli::LogFormat) {
    // The PostgreSQL driver logs every query's parameters (evidence, keys) at debug: never below
    // info, whatever RUST_LOG asks.
    let quiet = ["tokio_postgres=info", "postgres=info"];
    let mut filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    for directive in quiet.iter().filter_map(|d| d.parse().ok()) {
        filter = filter.add_directive(directive);
    }
    // Colours only for a terminal, and never with NO_COLOR set (found by a new operator: log
    // files and journald kept the escape codes).
    use std::io::IsTerminal;
    let colour = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(colour)
        .with_writer(std::io::stderr);
    match format {
        cli::LogFormat::Text => builder.init(),
        cli::LogFormat::Json => builder.json().flatten_event(true).init(),
    }
}

fn main() -> ExitCode {
    // Before any thread starts: it sets the environment variables the file names.
    let arguments: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    let settings = match cli::config::apply(&arguments) {
        Ok(settings) => settings,
        Err(e) => {
            eprintln!("error: {e}");
            return e.exit_code();
        }
    };
    let cli = Cli::parse_args();
    server::lease::settle::set_quiet(std::time::Duration::from_millis(cli.settle_ms));
    init_logging(cli.log_format);
    if let Some(file) = settings {
        tracing::debug!(file = %file.display(), "settings read");
    }
    if !matches!(cli.command, None | Some(cli::Command::Serve(_))) {
        restore_sigpipe();
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let code = match runtime.block_on(cli::run(cli)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            e.exit_code()
        }
    };
    // A reload still waiting for a writer to let go of an input file must not hold the exit.
    runtime.shutdown_timeout(std::time::Duration::from_secs(5));
    code
}
