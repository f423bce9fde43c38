//! The `costbrake` binary: parse, set up logging, run, print the error once, exit with its code.
#![allow(clippy::disallowed_macros, clippy::disallowed_methods)] // the binary's edge is where printing is allowed

use clap::Parser;
use costbrake::cli::Cli;
use costbrake::{ExitCode, output};

fn main() -> std::process::ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => return clap_error(err),
    };
    let color = output::Style::detect(cli.global.output.color.into(), cli.global.general.quiet).color_stderr;
    init_tracing(cli.global.general.verbose, cli.global.general.quiet, color);
    // One thread: costbrake spawns no tasks of its own, its concurrency is futures polled together, and the
    // multi-thread scheduler's hand-offs cost ~15 % more CPU in a large audit (docs/performance.md).
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(err) => {
            output::error_line(&format!("cannot start the async runtime: {err}"), color);
            return exit(ExitCode::Local);
        }
    };
    match costbrake::run_blocking(&runtime, cli) {
        Ok(code) => exit(code),
        Err(err) if is_broken_pipe(&err) => exit(ExitCode::Success),
        Err(err) => {
            output::error_line(&format!("{err:#}"), color);
            let code = err
                .chain()
                .find_map(|e| e.downcast_ref::<costbrake::Error>())
                .map_or(ExitCode::Local, costbrake::Error::exit_code);
            exit(code)
        }
    }
}

fn exit(code: ExitCode) -> std::process::ExitCode {
    std::process::ExitCode::from(code.code())
}

/// Help and version go to stdout with exit 0; every other clap error becomes one line with exit 2.
fn clap_error(err: clap::Error) -> std::process::ExitCode {
    use clap::error::ErrorKind;
    if matches!(err.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        let _ = err.print();
        return exit(ExitCode::Success);
    }
    if err.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
        let _ = err.print();
        return exit(ExitCode::Usage);
    }
    let rendered = err.render().to_string();
    let parts: Vec<&str> = rendered
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("Usage:") && !l.starts_with("For more information"))
        .map(|l| l.strip_prefix("error: ").unwrap_or(l))
        .collect();
    output::error_line(&format!("{}; see 'costbrake --help'", parts.join("; ")), false);
    exit(ExitCode::Usage)
}

/// Logs go to stderr. `-v` shows costbrake's steps, `-vv` every AWS request; `COSTBRAKE_LOG` overrides.
fn init_tracing(verbose: u8, quiet: bool, color: bool) {
    let default = match (quiet, verbose) {
        (true, _) => "error",
        (false, 0) => "warn",
        (false, 1) => "warn,costbrake=debug",
        (false, _) => "warn,costbrake=trace,aws_sdk=debug,aws_smithy_runtime=debug,aws_config=debug",
    };
    let filter = std::env::var("COSTBRAKE_LOG")
        .ok()
        .and_then(|f| tracing_subscriber::EnvFilter::try_new(f).ok())
        .unwrap_or_else(|| tracing_subscriber::EnvFilter::new(default));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(verbose > 0)
        .with_ansi(color)
        .without_time()
        .init();
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || e.downcast_ref::<costbrake::Error>().is_some_and(|ce| {
                matches!(ce, costbrake::Error::Io { source, .. } if source.kind() == std::io::ErrorKind::BrokenPipe)
            })
    })
}
