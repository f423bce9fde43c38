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

pub mod audit;
pub mod aws;
mod budget_run;
pub mod budgets;
pub mod cli;
pub mod completions;
pub mod config;
pub mod doctor;
pub mod error;
pub mod guard;
pub mod inventory;
mod kill_run;
pub mod killswitch;
pub mod output;
pub mod report;
mod report_command;

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
        Command::Audit(args) => {
            output::ensure_supported::<audit::Report>(format)?;
            let config = load_config(&cli.global)?;
            // audit::run validates the options before its first request.
            let options = audit_options(args_to_audit(&args)?, &config)?;
            let ctx = aws_context(&cli.global).await?;
            let progress = output::progress(&style);
            let report = audit::run(&ctx, &options, progress.as_ref()).await?;
            output::render(&report, format, &style)?;
            for gap in &report.gaps {
                output::warn(
                    &style,
                    &format!("gap: {} in {}: {}", gap.source, gap.region, gap.error),
                );
            }
            if !matches!(format, output::Format::Table | output::Format::Github) {
                output::note(&style, &output::audit_summary(&report));
            }
            Ok(report.exit_code(args.exit_zero, args.allow_partial))
        }
        Command::Kill(args) => kill_run::kill(*args, &cli.global, format, &style).await,
        Command::Guard(args) => kill_run::guard(args, &cli.global, format, &style).await,
        Command::Budget(command) => budget_run::run(command, &cli.global, format, &style).await,
        Command::Report(args) => report_command::run(*args, &cli.global, &style).await,
        Command::Doctor(args) => {
            output::ensure_supported::<doctor::Report>(format)?;
            let config = load_config(&cli.global)?;
            let ctx = aws_context(&cli.global).await?;
            let options = doctor::Options {
                activate_tags: args.activate_tags,
            };
            let report = doctor::run_with(&ctx, &config, options).await;
            output::render(&report, format, &style)?;
            if let Some(error) = report.cost_explorer.as_ref().and_then(|s| s.error.as_ref()) {
                output::warn(&style, &format!("cannot read the cost allocation tags: {error}"));
            }
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

/// The audit's inputs from the command line, before config defaults.
struct AuditInput {
    require: Vec<String>,
    regions: Vec<String>,
    types: Vec<String>,
    agent: Option<String>,
}

fn args_to_audit(args: &cli::AuditArgs) -> Result<AuditInput> {
    if args.require.iter().any(|k| k.trim().is_empty()) {
        return Err(Error::usage(
            "--require needs a tag key, e.g. --require agent-name",
        ));
    }
    let trimmed = |v: &[String]| -> Vec<String> {
        v.iter()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()
    };
    Ok(AuditInput {
        require: trimmed(&args.require),
        regions: trimmed(&args.regions),
        types: trimmed(&args.types),
        agent: args.agent.clone(),
    })
}

/// Command-line values win; the config file fills in what is not given.
fn audit_options(input: AuditInput, config: &config::Config) -> Result<audit::Options> {
    let pick =
        |given: Vec<String>, default: &[String]| if given.is_empty() { default.to_vec() } else { given };
    if let Some(agent) = &input.agent
        && agent.trim().is_empty()
    {
        return Err(Error::usage(
            "--agent needs a name; leave it out to audit every agent",
        ));
    }
    Ok(audit::Options {
        required: pick(input.require, &config.tags.required),
        regions: pick(input.regions, &config.audit.regions),
        types: inventory::TypeFilter::new(pick(input.types, &config.audit.types))?,
        agent: input.agent.map(|a| (config.tags.agent.clone(), a)),
        exemptions: config.audit.exempt.clone(),
    })
}

pub(crate) fn load_config(global: &GlobalArgs) -> Result<config::Config> {
    config::load(&config::Lookup::standard(global.general.config.clone()))
}

pub(crate) async fn aws_context(global: &GlobalArgs) -> anyhow::Result<aws::AwsContext> {
    let options = aws::AwsOptions {
        profile: global.aws.profile.clone(),
        region: global.aws.region.clone(),
        endpoint_url: global.aws.endpoint_url.clone(),
    };
    aws::AwsContext::load(&options)
        .await
        .context("loading the AWS configuration")
}
