//! `costbrake sandbox`: isolated accounts for agents, their budgets, freezes and reach.

use super::*;

#[derive(Debug, Subcommand)]
pub enum SandboxCommand {
    /// Create a sandbox account with its budget (idempotent by name: a second run sends nothing)
    #[command(after_help = "Examples (from the organization's management account):\n  \
        costbrake sandbox create team-research --email aws+team-research@example.com --budget 500 \\\n      \
        --owner lead@example.com --notify sns:arn:aws:sns:us-east-1:123456789012:finops\n\n\
        The account goes into the `active` child of the `costbrake-sandboxes` OU (made if missing, under \
        the root or --ou), is tagged costbrake:sandbox=NAME, and gets the budget costbrake-sandbox-NAME \
        over its LINKED_ACCOUNT with alerts at 80% and 100% actual and 100% forecast.\n\n\
        Exit codes: 0 done or unchanged, 2 bad input (nothing created), 3 AWS failure, 4 partly done \
        (run the same command again to finish). See docs/sandbox.md.")]
    Create(SandboxCreateArgs),

    /// Make an existing member account a sandbox, with its budget (idempotent)
    #[command(after_help = "Examples:\n  \
        costbrake sandbox adopt 210987654321 --budget 300 --owner lead@example.com\n\n\
        The account keeps its email; it moves into the `active` OU (its former OU kept in the \
        costbrake:adopted-from tag). Exit codes as for create. See docs/sandbox.md.")]
    Adopt(SandboxAdoptArgs),

    /// List every sandbox account: state, owner, budget, actual and forecast spend
    #[command(
        after_help = "State: active, frozen (in the frozen OU), closing or closed. Budget state: \
        breached at 100% of the budget, warning from 80% or when the forecast reaches it. See docs/sandbox.md."
    )]
    List(SandboxListArgs),

    /// Freeze a sandbox: a deny-create SCP on the account and a move to the frozen OU, recorded first
    #[command(after_help = "Examples:\n  \
        costbrake sandbox freeze team-research --reason \"budget spent\"\n  \
        costbrake sandbox unfreeze team-research\n\n\
        The SCP denies the create, launch and run actions of the services agents spend on (EC2, Lambda, \
        ECS, EKS, SageMaker, Bedrock, RDS, Step Functions, ...); stopping and deleting stay allowed. The \
        prior OU and SCPs are recorded in the journal and the account's tags before anything changes. \
        Exit codes: 0 frozen (or already), 2 bad input or refused (nothing changed), 3 AWS failure. See \
        docs/sandbox.md.")]
    Freeze(SandboxFreezeArgs),

    /// Reverse a freeze exactly: costbrake's SCP detached, what --stop-running stopped restored, the
    /// account back in its OU (idempotent)
    Unfreeze(SandboxUnfreezeArgs),

    /// Close a sandbox's account (CloseAccount; asks to type the account's name, --yes for scripts)
    #[command(
        after_help = "Only costbrake sandboxes are closed; AWS keeps a closed account for 90 days, \
        when AWS Support can reopen it. See docs/sandbox.md."
    )]
    Close(SandboxCloseArgs),

    /// Make the organization match the [[sandboxes]] of costbrake.toml: plan, confirm, apply; --check for CI
    #[command(
        after_help = "Entries with `email` are created, entries with `account_id` adopted; sandboxes \
        that are not in the file are listed and kept (sync never closes an account). Exit codes: 0 in sync \
        or applied, 1 with --check when the organization differs from the file, 2 bad input or not \
        confirmed, 3 AWS failure, 4 some entries failed. See docs/sandbox.md."
    )]
    Sync(SandboxSyncArgs),
}

#[derive(Debug, Args)]
pub struct SandboxSyncArgs {
    /// Only compare: exit 1 when the organization differs from the file (for CI); nothing is changed
    #[arg(long, conflicts_with = "yes")]
    pub check: bool,

    /// Apply without asking (for scripts)
    #[arg(long)]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct SandboxFreezeArgs {
    /// The sandbox's name or its account id
    #[arg(value_name = "NAME|ID")]
    pub sandbox: String,

    /// Why, kept on the account (costbrake:frozen-reason) and shown by `sandbox list`
    #[arg(long, value_name = "TEXT", default_value = "frozen by hand")]
    pub reason: String,

    /// Also stop what already runs in the account: the kill-switch over every resource of it (IAM
    /// principals aside), with the account's own role; journaled, and undone by unfreeze
    #[arg(long)]
    pub stop_running: bool,

    #[command(flatten)]
    pub reach: SandboxReachArgs,
}

/// How `--stop-running` and its undo reach into a sandbox account.
#[derive(Debug, Args)]
pub struct SandboxReachArgs {
    /// The role assumed in the sandbox account
    #[arg(long, value_name = "NAME", default_value = "OrganizationAccountAccessRole")]
    pub role_name: String,

    /// Regions the kill covers, comma-separated, or `all` [default: kill.regions, then audit.regions in
    /// costbrake.toml, else the configured region; unfreeze: those the freeze recorded]
    #[arg(long, value_delimiter = ',', value_name = "R1,R2|all")]
    pub regions: Vec<String>,

    /// Refuse a kill that changes more resources than this [default: kill.max_resources, else 500]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub max_resources: Option<u32>,
}

#[derive(Debug, Args)]
pub struct SandboxUnfreezeArgs {
    /// The sandbox's name or its account id
    #[arg(value_name = "NAME|ID")]
    pub sandbox: String,

    #[command(flatten)]
    pub reach: SandboxReachArgs,
}

#[derive(Debug, Args)]
pub struct SandboxCloseArgs {
    /// The sandbox's name or its account id
    #[arg(value_name = "NAME|ID")]
    pub sandbox: String,

    /// Close without asking (for scripts)
    #[arg(long)]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct SandboxBudgetArgs {
    /// The budget in USD per period, e.g. 500
    #[arg(long, value_name = "USD", allow_negative_numbers = true)]
    pub budget: String,

    /// How often the budget resets
    #[arg(long, value_enum, default_value_t = PeriodArg::Monthly)]
    pub period: PeriodArg,

    /// The OU to keep the costbrake-sandboxes OU under [default: the organization's root]
    #[arg(long, value_name = "OU_ID")]
    pub ou: Option<String>,

    /// The team member who owns the sandbox (tagged, and gets the budget's alerts)
    #[arg(long, value_name = "EMAIL")]
    pub owner: Option<String>,

    /// Where the budget's alerts go besides the owner: email:ADDRESS or sns:TOPIC_ARN; repeatable
    #[arg(long, value_name = "TARGET")]
    pub notify: Vec<String>,
}

#[derive(Debug, Args)]
pub struct SandboxCreateArgs {
    /// The sandbox's name: the account's name and its costbrake:sandbox tag (letters, digits, - _ .)
    #[arg(value_name = "NAME")]
    pub name: String,

    /// The new account's root email address (every AWS account needs its own)
    #[arg(long, value_name = "ADDR")]
    pub email: String,

    #[command(flatten)]
    pub budget: SandboxBudgetArgs,

    /// How long to wait for AWS to create the account, in seconds
    #[arg(long, value_name = "SECONDS", default_value_t = 900)]
    pub timeout: u64,
}

#[derive(Debug, Args)]
pub struct SandboxAdoptArgs {
    /// The member account's 12-digit id
    #[arg(value_name = "ACCOUNT_ID")]
    pub account_id: String,

    /// The sandbox's name [default: the account's name]
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,

    #[command(flatten)]
    pub budget: SandboxBudgetArgs,
}

#[derive(Debug, Args)]
pub struct SandboxListArgs {}
