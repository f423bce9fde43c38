//! costbrake: see, cap and stop the AWS spend of AI agents, per agent and per run.
//!
//! The library holds all logic; the `costbrake` binary is a thin clap front over [`run`].
//!
//! Architecture (dependencies point one way):
//! - [`cli`] describes the command line; [`run`] turns it into plain, validated inputs.
//! - Capabilities ([`doctor`], ...) take inputs and an [`aws::AwsContext`] and return data.
//! - [`aws`] is the only module that names `aws_sdk_*` types.
//! - [`output`] renders data (table, JSON, CSV) to stdout and messages to stderr.
//! - [`error`] holds the error type and the documented exit codes.

pub mod aws;
pub mod cli;
pub mod completions;
pub mod config;
pub mod doctor;
pub mod error;
pub mod output;

pub use error::{Error, ExitCode, Result};

use anyhow::Context as _;

use crate::cli::{Cli, Command, GlobalArgs};
use crate::output::Style;

/// Runs one costbrake command and returns the exit code. Errors carry their own exit code
/// (see [`Error::exit_code`]); the binary prints them once.
pub async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let style = Style::detect(cli.global.output.color, cli.global.general.quiet);
    let format = cli.global.output.output;
    match cli.command {
        Command::Completions(args) => {
            completions::write_completions(args.shell, &mut std::io::stdout().lock())
                .map_err(|e| Error::io("writing completions to stdout", e))?;
            Ok(ExitCode::Success)
        }
        Command::Man => {
            completions::write_man(&mut std::io::stdout().lock())
                .map_err(|e| Error::io("writing the man page to stdout", e))?;
            Ok(ExitCode::Success)
        }
        Command::Doctor(_args) => {
            output::ensure_supported::<doctor::Report>(format)?;
            let config = load_config(&cli.global)?;
            let ctx = aws_context(&cli.global).await?;
            let report = doctor::run(&ctx, &config).await;
            output::render(&report, format, &style)?;
            if let Some(failure) = report.first_failure() {
                let fix = failure
                    .fix
                    .as_deref()
                    .map(|f| format!("; {f}"))
                    .unwrap_or_default();
                output::error_line(
                    &format!("doctor: check `{}` failed: {}{fix}", failure.id, failure.detail),
                    style.color_stderr,
                );
            }
            Ok(report.exit_code())
        }
    }
}

fn load_config(global: &GlobalArgs) -> Result<config::Config> {
    config::load(&config::Lookup::standard(global.general.config.clone()))
}

async fn aws_context(global: &GlobalArgs) -> anyhow::Result<aws::AwsContext> {
    let options = aws::AwsOptions {
        profile: global.aws.profile.clone(),
        region: global.aws.region.clone(),
        endpoint_url: global.aws.endpoint_url.clone(),
    };
    aws::AwsContext::load(&options)
        .await
        .context("loading the AWS configuration")
}
