//! costbrake: see, cap and stop the AWS spend of AI agents, per agent and per run.
//!
//! The library holds all logic; the `costbrake` binary is a thin clap front over [`run`].
//!
//! Architecture (dependencies point one way: `commands → capability → aws`, `commands → output`):
//! - [`cli`] describes the command line (clap only); [`commands`] has one file per subcommand that turns
//!   its arguments into a capability's plain inputs, calls it, renders and picks the exit code.
//! - Capabilities ([`audit`], [`report`], [`killswitch`], [`budgets`], [`guard`], [`doctor`]) take inputs
//!   and an [`aws::AwsContext`] and return data; they report progress through [`progress::Progress`].
//! - [`aws`] is the only module that names `aws_sdk_*` types.
//! - [`output`] renders data (table, JSON, CSV, SARIF, ...) to stdout and messages to stderr.
//! - [`error`] holds the error type and the documented exit codes.

pub mod accounts;
pub mod agent_run;
pub mod audit;
pub mod aws;
pub mod budgets;
pub mod cli;
pub mod commands;
pub mod completions;
pub mod config;
pub mod doctor;
pub mod error;
pub mod files;
pub mod guard;
pub mod inventory;
pub mod killswitch;
pub mod output;
pub mod policy;
pub mod progress;
pub mod report;
pub mod resource_types;
pub mod sandbox;
pub mod schemas;
pub mod text;

pub use error::{Error, ExitCode, Result};

use crate::cli::{Cli, Command};
use crate::commands::Invocation;

/// Runs one command to the end on `runtime`. The binary calls this rather than polling [`run`] itself:
/// an async call tree is compiled where it is polled, so polling it here compiles it once, in this
/// crate, instead of again in the binary (a clean release build spent ~58 s on the binary otherwise).
pub fn run_blocking(runtime: &tokio::runtime::Runtime, cli: Cli) -> anyhow::Result<ExitCode> {
    runtime.block_on(run(cli))
}

/// Runs one costbrake command and returns the exit code. Errors carry their own exit code
/// (see [`Error::exit_code`]); the binary prints them once.
pub async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let inv = Invocation::new(&cli.global);
    match cli.command {
        Command::Audit(args) => commands::audit::run(args, &inv).await,
        Command::Kill(args) => commands::kill::run(*args, &inv).await,
        Command::Guard(args) => commands::guard::run(args, &inv).await,
        Command::Run(args) => commands::run::run(*args, &inv).await,
        Command::Policy(command) => commands::policy::run(command, &inv).await,
        Command::Budget(command) => commands::budget::run(command, &inv).await,
        Command::Sandbox(command) => commands::sandbox::run(command, &inv).await,
        Command::Report(args) => commands::report::run(*args, &inv).await,
        Command::Doctor(args) => commands::doctor::run(args, &inv).await,
        Command::Completions(args) => commands::completions::completions(args),
        Command::Man => commands::completions::man(),
    }
}
