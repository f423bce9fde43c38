//! The command line, described with clap derive. No logic lives here: `lib.rs` turns these arguments
//! into plain, validated inputs before any capability sees them, and capabilities never import clap.

use std::path::PathBuf;

use clap::{ArgAction, Args, Parser, Subcommand};

use crate::output::{ColorChoice, Format};

/// See, cap and stop the AWS spend of AI agents, per agent and per run.
#[derive(Debug, Parser)]
#[command(
    name = "costbrake",
    version,
    about,
    long_about = "See, cap and stop the AWS spend of AI agents, per agent and per run.\n\n\
        costbrake audits resources for the agent tags, reports cost by agent and run from Cost Explorer, \
        manages per-agent budgets and stops a runaway agent with an exact undo.",
    after_help = "Exit codes: 0 ok, 1 findings, 2 usage or bad input, 3 AWS failure, 4 partial failure, \
        5 local failure. See docs/exit-codes.md.",
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

/// Options every subcommand accepts.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    #[command(flatten)]
    pub aws: AwsArgs,

    #[command(flatten)]
    pub output: OutputArgs,

    #[command(flatten)]
    pub general: GeneralArgs,
}

/// Configuration and logging.
#[derive(Debug, Args)]
#[command(next_help_heading = "Global options")]
pub struct GeneralArgs {
    /// Configuration file [default: ./costbrake.toml, then the user config dir]
    #[arg(
        long,
        global = true,
        value_name = "PATH",
        env = "COSTBRAKE_CONFIG",
        hide_env_values = true
    )]
    pub config: Option<PathBuf>,

    /// More logging on stderr: -v for costbrake's steps, -vv for every AWS request
    #[arg(short, long, global = true, action = ArgAction::Count, conflicts_with = "quiet")]
    pub verbose: u8,

    /// Only errors on stderr: no progress, no summaries
    #[arg(short, long, global = true)]
    pub quiet: bool,
}

/// How to reach AWS. Unset options fall back to the AWS CLI's resolution: environment, profile, SSO.
#[derive(Debug, Args)]
#[command(next_help_heading = "AWS options")]
pub struct AwsArgs {
    /// Named profile from ~/.aws/config [env: AWS_PROFILE]
    #[arg(long, global = true, value_name = "NAME")]
    pub profile: Option<String>,

    /// Region for regional calls [env: AWS_REGION, else the profile's region]
    #[arg(long, global = true, value_name = "REGION", value_parser = crate::aws::parse_region)]
    pub region: Option<String>,

    /// Send every AWS request to this URL, e.g. a local emulator [env: AWS_ENDPOINT_URL]
    #[arg(long, global = true, value_name = "URL", value_parser = crate::aws::parse_endpoint_url)]
    pub endpoint_url: Option<url::Url>,
}

/// How to print results.
#[derive(Debug, Args)]
#[command(next_help_heading = "Output options")]
pub struct OutputArgs {
    /// Output format for results on stdout
    #[arg(
        short,
        long,
        global = true,
        value_enum,
        default_value_t = Format::Table,
        env = "COSTBRAKE_OUTPUT",
        hide_env_values = true,
        value_name = "FORMAT"
    )]
    pub output: Format,

    /// When to use colour (NO_COLOR is honoured in auto mode)
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Find resources missing required tags, for people and for CI
    #[command(
        after_help = "Exit codes: 0 compliant, 1 non-compliant resources found, 2 bad input, \
        3 AWS failure, 4 part of the scope could not be read. See docs/audit.md."
    )]
    Audit(AuditArgs),

    /// Check credentials, region, endpoint and account setup, with a verdict per line
    Doctor(DoctorArgs),

    /// Cost by run, agent, service or any tag from Cost Explorer, and what the report itself cost
    #[command(
        args_conflicts_with_subcommands = true,
        after_help = "Each Cost Explorer request (page) costs $0.01: answers are cached for report.cache_ttl \
        (default 4h) and every report says on stderr how many requests it made. Dates are UTC; --end is \
        inclusive. Exit codes: 0 ok, 2 bad input or request budget reached, 3 AWS failure. See docs/report.md."
    )]
    Report(Box<ReportArgs>),

    /// Print shell completions to stdout
    #[command(hide = true)]
    Completions(CompletionsArgs),

    /// Print the man page (roff) to stdout
    #[command(hide = true)]
    Man,
}

#[derive(Debug, Args)]
pub struct AuditArgs {
    /// A tag key every resource must carry with a non-empty value; repeatable [default: tags.required
    /// in costbrake.toml, else agent-name and agent-run-id]
    #[arg(long = "require", value_name = "KEY")]
    pub require: Vec<String>,

    /// Regions to scan, comma-separated, or `all` for every region enabled for the account [default:
    /// audit.regions in costbrake.toml, else the configured region]
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "R1,R2|all",
        env = "COSTBRAKE_REGIONS"
    )]
    pub regions: Vec<String>,

    /// Resource types to audit, comma-separated: `service` or `service:type`, e.g.
    /// ec2:instance,lambda [default: audit.types in costbrake.toml, else every type]
    #[arg(long, value_delimiter = ',', value_name = "TYPES")]
    pub types: Vec<String>,

    /// Audit only the resources of this agent (tagged with the configured agent tag)
    #[arg(long, value_name = "NAME")]
    pub agent: Option<String>,

    /// Exit 0 even when non-compliant resources are found (report without failing)
    #[arg(long)]
    pub exit_zero: bool,

    /// Do not fail with exit code 4 when part of the scope could not be read (gaps are still reported)
    #[arg(long)]
    pub allow_partial: bool,
}

#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// Activate the configured tag keys that are not active yet as cost allocation tags
    /// (ce:UpdateCostAllocationTagsStatus, from the payer account)
    #[arg(long)]
    pub activate_tags: bool,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(subcommand)]
    pub command: Option<ReportCommand>,

    /// Group by: agent-run-id (the configured run tag), agent (the configured agent tag), service,
    /// region, account, usage-type, or any tag key (tag:KEY forces a tag) [default: the run tag]
    #[arg(long, value_delimiter = ',', value_name = "KEY")]
    pub by: Vec<String>,

    /// A second grouping under --by, e.g. --then service (Cost Explorer allows two)
    #[arg(long, value_delimiter = ',', value_name = "KEY")]
    pub then: Vec<String>,

    /// Time buckets
    #[arg(long, value_enum, default_value_t = GranularityArg::Daily, value_name = "G")]
    pub granularity: GranularityArg,

    /// Only cost tagged with this run id
    #[arg(long, value_name = "ID")]
    pub run: Option<String>,

    /// Show the N costliest rows and fold the rest into one (untagged cost is always shown)
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,

    /// Also draw a horizontal bar chart of the costliest rows (table output)
    #[arg(long)]
    pub chart: bool,

    #[command(flatten)]
    pub common: ReportCommonArgs,
}

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// Unit economics per agent: runs, total, mean, median, p95 and max cost per run, runaway runs
    Runs(ReportRunsArgs),
}

#[derive(Debug, Args)]
pub struct ReportRunsArgs {
    #[command(flatten)]
    pub common: ReportCommonArgs,
}

/// Options shared by `report` and `report runs`.
#[derive(Debug, Args)]
pub struct ReportCommonArgs {
    /// The last N days (7d), weeks (2w), or since a date (2026-11-01), today included [default: 7d,
    /// 30d for `report runs`]
    #[arg(long, value_name = "AGE", conflicts_with_all = ["period", "start", "end"])]
    pub since: Option<String>,

    /// A calendar period: this-month (or mtd) or last-month
    #[arg(long, value_name = "PERIOD", conflicts_with_all = ["start", "end"])]
    pub period: Option<String>,

    /// First day, YYYY-MM-DD (UTC)
    #[arg(long, value_name = "DATE")]
    pub start: Option<String>,

    /// Last day, inclusive, YYYY-MM-DD (UTC) [default: today]
    #[arg(long, value_name = "DATE")]
    pub end: Option<String>,

    /// Cost metric
    #[arg(long, value_enum, default_value_t = MetricArg::Unblended, value_name = "METRIC")]
    pub metric: MetricArg,

    /// Only cost tagged with this agent name (the configured agent tag)
    #[arg(long, value_name = "NAME")]
    pub agent: Option<String>,

    /// Ignore cached Cost Explorer answers and fetch again
    #[arg(long)]
    pub refresh: bool,

    /// Refuse to make more than N Cost Explorer requests ($0.01 each); 0 serves only from the cache
    /// [default: report.max_requests in costbrake.toml, else no limit]
    #[arg(long, value_name = "N", env = "COSTBRAKE_MAX_REQUESTS")]
    pub max_requests: Option<u32>,

    /// How long cached answers are reused, e.g. 30m, 4h, 0 to disable [default: report.cache_ttl,
    /// else 4h]
    #[arg(long, value_name = "TTL")]
    pub cache_ttl: Option<String>,
}

/// `--granularity`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GranularityArg {
    /// One bucket per day
    Daily,
    /// One bucket per calendar month
    Monthly,
    /// One bucket per hour (opt-in in Cost Explorer; last 14 days)
    Hourly,
}

/// `--metric`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum MetricArg {
    /// What was billed, as it was billed
    Unblended,
    /// Upfront reservation and savings plan fees spread over their term
    Amortized,
    /// Unblended, after discounts
    NetUnblended,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to generate completions for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
