//! `costbrake budget`: budgets as code, their actions and approvals.

use super::*;

#[derive(Debug, Subcommand)]
pub enum BudgetCommand {
    /// Create or update an agent's cost budget (idempotent: same arguments change nothing)
    #[command(after_help = "Examples:\n  \
        costbrake budget create --agent research-agent --limit 500 \\\n      \
        --notify email:oncall@example.com --forecast\n  \
        costbrake budget create --agent research-agent --limit 500 \\\n      \
        --notify sns:arn:aws:sns:us-east-1:123456789012:alerts \\\n      \
        --action deny-iam --role research-agent-exec \\\n      \
        --execution-role arn:aws:iam::123456789012:role/budgets-actions\n\n\
        See docs/budgets.md.")]
    Create(BudgetCreateArgs),

    /// List budgets with limit, actual and forecast spend, percentage used and state
    #[command(
        after_help = "State: breached when actual spend reaches the limit, warning from 80% of the limit or \
        when the forecast reaches it, ok below, unknown without a limit or spend. See docs/budgets.md."
    )]
    List(BudgetListArgs),

    /// Show one budget with its notifications and subscribers
    Show(BudgetShowArgs),

    /// Delete an agent's budget (asks to confirm; --yes for scripts)
    Delete(BudgetDeleteArgs),

    /// Make AWS match the [[budgets]] in costbrake.toml: plan, confirm, apply; --check for CI
    #[command(
        after_help = "Exit codes: 0 in sync or applied, 1 with --check when AWS differs from the file, 2 bad \
        input or not confirmed, 3 AWS failure. See docs/budgets.md."
    )]
    Sync(BudgetSyncArgs),

    /// Print, or merge into costbrake.toml, the [[budgets]] entries of the account's budgets on the agent tag
    #[command(after_help = "Examples:\n  \
        costbrake budget import                                # print the entries (TOML) on stdout\n  \
        costbrake budget import --match 'costbrake-agent-research-*'\n  \
        costbrake budget import --write costbrake.toml && costbrake budget sync --check\n\n\
        Each entry is checked to be one that `budget sync --check` finds unchanged; budgets an entry cannot \
        express are listed on stderr with the reasons. See docs/budgets.md.")]
    Import(BudgetImportArgs),
}

/// How often a budget resets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PeriodArg {
    Daily,
    Monthly,
    Quarterly,
    Annually,
}

/// A budget action costbrake can create.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum BudgetActionArg {
    /// Attach the AWS managed AWSDenyAll policy to --role at 100% of the limit
    DenyIam,
}

/// Who approves a budget action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ApprovalArg {
    /// Someone approves it in the console or with ExecuteBudgetAction
    Manual,
    /// AWS applies it as soon as the threshold is passed
    Automatic,
}

#[derive(Debug, Args)]
pub struct BudgetCreateArgs {
    /// The agent (its agent tag value); the budget is named costbrake-agent-NAME
    #[arg(long, value_name = "NAME")]
    pub agent: String,

    /// The limit in USD per period, e.g. 500 or 49.99
    #[arg(long, value_name = "USD", allow_negative_numbers = true)]
    pub limit: String,

    /// How often the budget resets
    #[arg(long, value_enum, default_value_t = PeriodArg::Monthly)]
    pub period: PeriodArg,

    /// Where notifications go: email:ADDRESS or sns:TOPIC_ARN; repeatable (at most 10 emails, 1 topic)
    #[arg(long, value_name = "TARGET")]
    pub notify: Vec<String>,

    /// ACTUAL spend notifications, in percent of the limit [default: 50,80,100]
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "P1,P2",
        allow_negative_numbers = true
    )]
    pub thresholds: Option<Vec<String>>,

    /// Also notify when the forecast passes 100% of the limit
    #[arg(long)]
    pub forecast: bool,

    /// Create a budget action that acts at 100% of the limit
    #[arg(long, value_enum, value_name = "ACTION", requires_all = ["roles", "execution_role"])]
    pub action: Option<BudgetActionArg>,

    /// IAM role name the action's deny policy is attached to; repeatable (at most 100)
    #[arg(long = "role", value_name = "ROLE_NAME", requires = "action")]
    pub roles: Vec<String>,

    /// Role ARN AWS Budgets assumes to run the action (trusts budgets.amazonaws.com, same account)
    #[arg(long, value_name = "ARN", requires = "action")]
    pub execution_role: Option<String>,

    /// Who approves the action
    #[arg(long, value_enum, default_value_t = ApprovalArg::Manual, requires = "action")]
    pub approval: ApprovalArg,
}

#[derive(Debug, Args)]
pub struct BudgetListArgs {
    /// Every budget of the account, not only costbrake's (costbrake-agent-*)
    #[arg(long)]
    pub all: bool,
}

#[derive(Debug, Args)]
pub struct BudgetShowArgs {
    /// The budget's name, e.g. costbrake-agent-research-agent
    #[arg(
        value_name = "NAME",
        required_unless_present = "agent",
        conflicts_with = "agent"
    )]
    pub name: Option<String>,

    /// The agent whose budget to show
    #[arg(long, value_name = "NAME")]
    pub agent: Option<String>,
}

#[derive(Debug, Args)]
pub struct BudgetDeleteArgs {
    /// The agent whose budget (costbrake-agent-NAME) to delete
    #[arg(long, value_name = "NAME")]
    pub agent: String,

    /// Delete without asking (required when there is no terminal to confirm on)
    #[arg(long, short = 'y')]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct BudgetSyncArgs {
    /// Only compare: exit 1 when AWS differs from the file, change nothing (for CI)
    #[arg(long, conflicts_with = "yes")]
    pub check: bool,

    /// Apply without asking (required when there is no terminal to confirm on)
    #[arg(long, short = 'y')]
    pub yes: bool,

    /// Also delete costbrake budgets (costbrake-agent-*) that are not in the file
    #[arg(long)]
    pub prune: bool,
}

#[derive(Debug, Args)]
pub struct BudgetImportArgs {
    /// Only budgets whose names match this glob, e.g. 'costbrake-agent-research-*'
    #[arg(long = "match", value_name = "GLOB")]
    pub pattern: Option<String>,

    /// Merge the entries into FILE (created if missing), keeping its comments and entries
    #[arg(long, value_name = "FILE")]
    pub write: Option<PathBuf>,
}
