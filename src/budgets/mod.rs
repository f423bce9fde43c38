//! `costbrake budget`: per-agent AWS Budgets, kept as code.
//!
//! Each agent gets one cost budget named `costbrake-agent-<agent>`, filtered on the agent tag with a
//! `FilterExpression` (not the legacy `CostFilters`, whose `user:KEY$VALUE` form is an easy trap and which
//! AWS deprecated in 2025), with ACTUAL notifications per threshold, an optional FORECASTED one at 100%,
//! and an optional `APPLY_IAM_POLICY` budget action. This module validates the inputs ([`Spec`]), reads
//! what AWS has ([`Observed`]), computes a plan ([`plan()`], pure) and executes exactly that plan
//! ([`apply`]). `list`/`show` report spend and a state per budget; [`list`] is also the library entry point
//! for `costbrake guard`, which acts on breached budgets.
//!
//! - [`spec`]: the validated per-agent budget spec and its parsing; pure.
//! - [`config`]: the `[[budgets]]` entries of costbrake.toml into specs; pure.
//! - `status`: `list` and `show`, each budget's spend and state.
//! - `plan`: a spec in AWS's terms and its comparison with what AWS has, into steps; pure.
//! - `sync`: reading what a plan needs and executing it: `create`, `sync`, `delete`.
//! - `import`: the account's budgets on the agent tag as `[[budgets]]` entries that `sync` finds
//!   unchanged, and why the others cannot be; merging them into a file's text (`toml_edit`).
//!
//! It owns costbrake's budgets (the `costbrake-agent-` ones) and must not touch any other: `list --all`
//! only reads them. It talks to AWS only through `crate::aws::budgets`, `crate::aws::sts` and
//! `aws::fan_out`, and only in `status` and `sync`; `spec` and `config` do no IO, so `crate::config` can
//! validate `[[budgets]]` without this module's AWS side. Rendering lives in `output::budgets` and the
//! command line in `crate::cli`, neither of which is imported here; confirmation prompts are the caller's.

pub mod config;
mod import;
mod plan;
pub mod spec;
mod status;
mod sync;

pub use config::{RawAction, RawBudget, docs, specs_from_config};
pub use import::{
    Already, Candidate, Entry, Import, ImportOptions, Imported, Skipped, entries_toml, import, judge_budget,
    judge_notifications, merge,
};
pub use plan::{BudgetPlan, Change, FieldChange, Observed, Verdict, describe_filter, plan};
pub use spec::{
    ACTION_PERCENT, Approval, DEFAULT_THRESHOLDS, DENY_POLICY, DenyIam, FORECAST_PERCENT, MAX_EMAILS,
    MAX_NAME_LEN, MAX_NOTIFICATIONS, MAX_ROLES, MAX_SNS, METRIC, NAME_PREFIX, Period, Spec, SpecInput,
    Spelling, Target, budget_name, parse_limit, parse_threshold,
};
pub use status::{
    BudgetStatus, List, Shown, ShownNotification, State, WARNING_PERCENT, account, list, show, status,
};
pub use sync::{
    Deleted, Outcome, SyncPlan, SyncSummary, apply, create, delete, find, observe, plan_only, sync_apply,
    sync_plan,
};

// The schemas of the JSON results, together: they are the versioned contract of `--format json`.
pub const SCHEMA_LIST: &str = "costbrake.budgets/v1";
pub const SCHEMA_SHOW: &str = "costbrake.budget/v1";
pub const SCHEMA_CHANGE: &str = "costbrake.budget-change/v1";
pub const SCHEMA_SYNC: &str = "costbrake.budget-sync/v1";
pub const SCHEMA_DELETE: &str = "costbrake.budget-delete/v1";
pub const SCHEMA_IMPORT: &str = "costbrake.budget-import/v1";
