//! `costbrake budget`: per-agent AWS Budgets, kept as code.
//!
//! Each agent gets one cost budget named `costbrake-agent-<agent>`, filtered on the agent tag with a
//! `FilterExpression` (not the legacy `CostFilters`, whose `user:KEY$VALUE` form is an easy trap and which
//! AWS deprecated in 2025), with ACTUAL notifications per threshold, an optional FORECASTED one at 100%,
//! and an optional `APPLY_IAM_POLICY` budget action. This module validates the inputs ([`Spec`]), reads
//! what AWS has ([`Observed`]), computes a plan ([`plan`], pure) and executes exactly that plan
//! ([`apply`]). `list`/`show` report spend and a state per budget; [`list`] is also the library entry point
//! for `costbrake guard`, which acts on breached budgets.
//!
//! It talks to AWS only through `crate::aws::budgets` and `crate::aws::sts`; rendering lives in
//! `output::budgets`; confirmation prompts are the caller's.

pub mod config;
pub mod spec;

pub use config::{RawAction, RawBudget, docs, specs_from_config};
pub use spec::{
    ACTION_PERCENT, Approval, DEFAULT_THRESHOLDS, DENY_POLICY, DenyIam, FORECAST_PERCENT, MAX_EMAILS,
    MAX_NAME_LEN, MAX_NOTIFICATIONS, MAX_ROLES, MAX_SNS, METRIC, NAME_PREFIX, Period, Spec, SpecInput,
    Target, budget_name, parse_limit, parse_threshold,
};

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;
use serde::Serialize;

use self::spec::role_arn_account;
use crate::aws::budgets::{
    self as api, BudgetDefinition, BudgetRecord, Filter, IamAction, Notification, Subscriber,
};
use crate::aws::{self, AwsContext};
use crate::error::{Error, ExitCode, Result};

/// `list`'s state is `warning` from this percentage of the limit actually spent.
pub const WARNING_PERCENT: u32 = 80;

pub const SCHEMA_LIST: &str = "costbrake.budgets/v1";
pub const SCHEMA_SHOW: &str = "costbrake.budget/v1";
pub const SCHEMA_CHANGE: &str = "costbrake.budget-change/v1";
pub const SCHEMA_SYNC: &str = "costbrake.budget-sync/v1";
pub const SCHEMA_DELETE: &str = "costbrake.budget-delete/v1";

impl Target {
    fn subscriber(&self) -> Subscriber {
        match self {
            Target::Email(a) => Subscriber {
                kind: "EMAIL".into(),
                address: a.clone(),
            },
            Target::Sns(a) => Subscriber {
                kind: "SNS".into(),
                address: a.clone(),
            },
        }
    }
}

impl Approval {
    fn aws(self) -> &'static str {
        match self {
            Approval::Manual => "MANUAL",
            Approval::Automatic => "AUTOMATIC",
        }
    }
}

/// A spec in AWS's terms: what [`plan`] compares with what AWS has and `sync::apply` sends.
impl Spec {
    /// The budget itself, without notifications.
    pub fn definition(&self, tag_key: &str) -> BudgetDefinition {
        BudgetDefinition {
            name: self.name.clone(),
            limit: self.limit,
            unit: "USD".into(),
            time_unit: self.period.time_unit().into(),
            tag_key: tag_key.into(),
            tag_value: self.agent.clone(),
            metric: METRIC.into(),
        }
    }

    /// The notifications wanted, sorted; none when there is nowhere to send them.
    pub fn notifications(&self) -> Vec<Notification> {
        if self.notify.is_empty() {
            return Vec::new();
        }
        let mut out: Vec<Notification> = self
            .thresholds
            .iter()
            .map(|t| Notification::percent_over("ACTUAL", *t))
            .collect();
        if self.forecast {
            out.push(Notification::percent_over(
                "FORECASTED",
                Decimal::from(FORECAST_PERCENT),
            ));
        }
        out.sort();
        out
    }

    /// The subscribers of every notification, sorted.
    pub fn subscribers(&self) -> Vec<Subscriber> {
        let mut out: Vec<Subscriber> = self.notify.iter().map(Target::subscriber).collect();
        out.sort();
        out
    }

    /// The budget action wanted, as AWS would describe it.
    pub fn iam_action(&self) -> Option<IamAction> {
        self.action.as_ref().map(|a| IamAction {
            action_id: None,
            notification_type: "ACTUAL".into(),
            threshold: Decimal::from(ACTION_PERCENT),
            threshold_type: "PERCENTAGE".into(),
            policy_arn: a.policy_arn(),
            roles: a.roles.clone(),
            execution_role_arn: a.execution_role_arn.clone(),
            approval: a.approval.aws().into(),
            subscribers: self.subscribers(),
            status: None,
        })
    }
}

// ---------------------------------------------------------------------------------------------------
// What AWS has

/// A budget's spend state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    /// Actual below [`WARNING_PERCENT`] of the limit and forecast below the limit.
    Ok,
    /// Actual at or above [`WARNING_PERCENT`] of the limit, or forecast at or above the limit.
    Warning,
    /// Actual at or above the limit.
    Breached,
    /// No limit or no spend figure (e.g. RI or Savings Plans budgets, or auto-adjusting ones).
    Unknown,
}

impl State {
    pub fn name(self) -> &'static str {
        match self {
            State::Ok => "ok",
            State::Warning => "warning",
            State::Breached => "breached",
            State::Unknown => "unknown",
        }
    }
}

/// One budget with its spend: what `list` prints and what `guard` acts on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BudgetStatus {
    pub name: String,
    /// The agent the budget is filtered on, when it is filtered on the agent tag.
    pub agent: Option<String>,
    /// Whether costbrake manages it (its name starts with `costbrake-agent-`).
    pub managed: bool,
    /// `daily`, `monthly`, `quarterly` or `annually`.
    pub period: String,
    pub unit: Option<String>,
    pub limit: Option<Decimal>,
    pub actual: Option<Decimal>,
    pub forecast: Option<Decimal>,
    /// Actual spend as a percentage of the limit, one decimal.
    pub percent_used: Option<Decimal>,
    pub state: State,
}

/// Computes a budget's status from what `DescribeBudget(s)` returned.
pub fn status(record: &BudgetRecord, tag_key: &str) -> BudgetStatus {
    let managed = record.name.starts_with(NAME_PREFIX);
    let agent = match &record.filter {
        Filter::Tag { key, values, .. } if key == tag_key && values.len() == 1 => Some(values[0].clone()),
        Filter::LegacyTag { tag_key_values } if tag_key_values.len() == 1 => tag_key_values[0]
            .strip_prefix("user:")
            .and_then(|kv| kv.split_once('$'))
            .filter(|(k, _)| *k == tag_key)
            .map(|(_, v)| v.to_string()),
        _ => None,
    }
    .or_else(|| {
        record
            .name
            .strip_prefix(NAME_PREFIX)
            .filter(|_| managed)
            .map(str::to_string)
    });
    let measurable = matches!(record.budget_type.as_str(), "COST" | "USAGE");
    let limit = record.limit.filter(|l| *l > Decimal::ZERO);
    let percent = |amount: Option<Decimal>| match (amount, limit) {
        (Some(a), Some(l)) if measurable => Some(
            (a * Decimal::from(100) / l)
                .round_dp_with_strategy(1, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
                .normalize(),
        ),
        _ => None,
    };
    let percent_used = percent(record.actual);
    let forecast_percent = percent(record.forecast);
    let hundred = Decimal::from(100);
    let state = match percent_used {
        None => State::Unknown,
        Some(p) if p >= hundred => State::Breached,
        Some(p) if p >= Decimal::from(WARNING_PERCENT) || forecast_percent.is_some_and(|f| f >= hundred) => {
            State::Warning
        }
        Some(_) => State::Ok,
    };
    BudgetStatus {
        name: record.name.clone(),
        agent,
        managed,
        period: record.time_unit.to_ascii_lowercase(),
        unit: record.unit.clone(),
        limit: record.limit,
        actual: record.actual,
        forecast: record.forecast,
        percent_used,
        state,
    }
}

/// `budget list`: the account's budgets with spend and state.
#[derive(Debug, Clone, Serialize)]
pub struct List {
    pub schema: &'static str,
    pub account: String,
    /// Whether budgets costbrake does not manage are included (`--all`).
    pub all: bool,
    pub budgets: Vec<BudgetStatus>,
}

impl List {
    /// The budgets whose actual spend has reached their limit (what `guard` stops).
    pub fn breached(&self) -> impl Iterator<Item = &BudgetStatus> {
        self.budgets.iter().filter(|b| b.state == State::Breached)
    }
}

/// Lists budgets with one paginated `DescribeBudgets`: costbrake's only, or every budget with `all`.
/// This is the entry point `costbrake guard` uses to find breached agents.
pub async fn list(ctx: &AwsContext, tag_key: &str, all: bool) -> Result<List> {
    let account = account(ctx).await?;
    let records = api::describe_budgets(ctx, &account).await?;
    let mut budgets: Vec<BudgetStatus> = records
        .iter()
        .map(|r| status(r, tag_key))
        .filter(|s| all || s.managed)
        .collect();
    budgets.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(List {
        schema: SCHEMA_LIST,
        account,
        all,
        budgets,
    })
}

/// A notification with its subscribers, for `show`.
#[derive(Debug, Clone, Serialize)]
pub struct ShownNotification {
    #[serde(flatten)]
    pub notification: api::NotificationRecord,
    pub subscribers: Vec<Subscriber>,
}

/// `budget show`: one budget in full.
#[derive(Debug, Clone, Serialize)]
pub struct Shown {
    pub schema: &'static str,
    pub account: String,
    #[serde(flatten)]
    pub status: BudgetStatus,
    pub budget_type: String,
    pub filter: Filter,
    pub metrics: Vec<String>,
    pub notifications: Vec<ShownNotification>,
}

/// Reads one budget, its notifications and their subscribers.
pub async fn show(ctx: &AwsContext, name: &str, tag_key: &str) -> Result<Shown> {
    let account = account(ctx).await?;
    let record = api::describe_budget(ctx, &account, name)
        .await?
        .ok_or_else(|| not_found(name))?;
    let mut notifications = Vec::new();
    for n in api::notifications(ctx, &account, name).await? {
        let subscribers = api::subscribers(ctx, &account, name, &n.notification).await?;
        notifications.push(ShownNotification {
            notification: n,
            subscribers,
        });
    }
    notifications.sort_by(|a, b| a.notification.notification.cmp(&b.notification.notification));
    Ok(Shown {
        schema: SCHEMA_SHOW,
        account,
        status: status(&record, tag_key),
        budget_type: record.budget_type.clone(),
        filter: record.filter.clone(),
        metrics: record.metrics.clone(),
        notifications,
    })
}

fn not_found(name: &str) -> Error {
    let hint = if name.starts_with(NAME_PREFIX) {
        String::new()
    } else {
        format!(" or `costbrake budget show --agent {name}` for budget {NAME_PREFIX}{name}")
    };
    Error::usage(format!(
        "no budget named `{name}` in this account; see `costbrake budget list --all`{hint}"
    ))
}

/// The caller's account id (Budgets calls need it).
pub async fn account(ctx: &AwsContext) -> Result<String> {
    Ok(aws::sts::caller_identity(ctx).await?.account)
}

/// What AWS has for one costbrake budget.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Observed {
    pub budget: BudgetRecord,
    pub notifications: Vec<Notification>,
    /// Subscribers per notification; read only when the spec wants notifications (AWS has no call that
    /// returns them with the notifications, so this is one call per notification).
    pub subscribers: BTreeMap<Notification, Vec<Subscriber>>,
    /// The budget's `APPLY_IAM_POLICY` actions; read only when the spec has an action.
    pub actions: Option<Vec<IamAction>>,
}

/// Reads what `plan` needs to compare `spec` with `budget`, and nothing more.
pub async fn observe(ctx: &AwsContext, account: &str, spec: &Spec, budget: BudgetRecord) -> Result<Observed> {
    let notifications: Vec<Notification> = api::notifications(ctx, account, &budget.name)
        .await?
        .into_iter()
        .map(|n| n.notification)
        .collect();
    let mut subscribers = BTreeMap::new();
    if !spec.notifications().is_empty() {
        for n in &notifications {
            subscribers.insert(n.clone(), api::subscribers(ctx, account, &budget.name, n).await?);
        }
    }
    let actions = match &spec.action {
        Some(_) => Some(api::iam_actions(ctx, account, &budget.name).await?),
        None => None,
    };
    Ok(Observed {
        budget,
        notifications,
        subscribers,
        actions,
    })
}

// ---------------------------------------------------------------------------------------------------
// Plans

/// One field of a budget that differs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    pub field: &'static str,
    pub from: String,
    pub to: String,
}

/// One step of a plan, in the order `apply` executes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Change {
    CreateBudget {
        limit: Decimal,
        period: Period,
        notifications: Vec<Notification>,
        subscribers: Vec<Subscriber>,
    },
    UpdateBudget {
        fields: Vec<FieldChange>,
    },
    RemoveNotification {
        notification: Notification,
    },
    UpdateNotification {
        from: Notification,
        to: Notification,
    },
    AddNotification {
        notification: Notification,
        subscribers: Vec<Subscriber>,
    },
    AddSubscriber {
        notification: Notification,
        subscriber: Subscriber,
    },
    RemoveSubscriber {
        notification: Notification,
        subscriber: Subscriber,
    },
    CreateAction {
        action: IamAction,
    },
    UpdateAction {
        action_id: String,
        action: IamAction,
    },
    DeleteBudget,
}

/// What happens to one budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Create,
    Update,
    Unchanged,
    /// A costbrake budget that is not in the file, deleted by `sync --prune`.
    Delete,
    /// A costbrake budget that is not in the file, kept because `--prune` was not given.
    Orphaned,
}

impl Verdict {
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Create => "create",
            Verdict::Update => "update",
            Verdict::Unchanged => "unchanged",
            Verdict::Delete => "delete",
            Verdict::Orphaned => "orphaned",
        }
    }

    /// Whether applying the plan would change AWS.
    pub fn changes_aws(self) -> bool {
        matches!(self, Verdict::Create | Verdict::Update | Verdict::Delete)
    }
}

/// The plan for one budget.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BudgetPlan {
    pub name: String,
    pub agent: Option<String>,
    pub verdict: Verdict,
    pub changes: Vec<Change>,
    /// Why applying this budget's changes failed (`sync` goes on with the next budget).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

fn money(d: Decimal) -> String {
    d.normalize().to_string()
}

/// Compares a spec with what AWS has and returns the steps that make AWS match. Pure.
pub fn plan(spec: &Spec, tag_key: &str, observed: Option<&Observed>) -> BudgetPlan {
    let wanted = spec.definition(tag_key);
    let wanted_notifications = spec.notifications();
    let wanted_subscribers = spec.subscribers();
    let mut changes = Vec::new();
    let Some(observed) = observed else {
        changes.push(Change::CreateBudget {
            limit: spec.limit,
            period: spec.period,
            notifications: wanted_notifications,
            subscribers: wanted_subscribers,
        });
        if let Some(action) = spec.iam_action() {
            changes.push(Change::CreateAction { action });
        }
        return BudgetPlan {
            name: spec.name.clone(),
            agent: Some(spec.agent.clone()),
            verdict: Verdict::Create,
            changes,
            error: None,
        };
    };

    let fields = budget_fields(&wanted, &observed.budget);
    if !fields.is_empty() {
        changes.push(Change::UpdateBudget { fields });
    }
    changes.extend(notification_changes(
        &wanted_notifications,
        &wanted_subscribers,
        &observed.notifications,
        &observed.subscribers,
    ));
    if let (Some(want), Some(have)) = (spec.iam_action(), &observed.actions) {
        match have.iter().find(|a| a.policy_arn == want.policy_arn) {
            None => changes.push(Change::CreateAction { action: want }),
            Some(existing) => {
                let mut roles = existing.roles.clone();
                roles.sort();
                let same = roles == want.roles
                    && existing.execution_role_arn == want.execution_role_arn
                    && existing.approval == want.approval
                    && existing.threshold == want.threshold
                    && existing.threshold_type == want.threshold_type
                    && existing.notification_type == want.notification_type
                    && existing.subscribers == want.subscribers;
                if !same {
                    changes.push(Change::UpdateAction {
                        action_id: existing.action_id.clone().unwrap_or_default(),
                        action: want,
                    });
                }
            }
        }
    }
    let verdict = if changes.is_empty() {
        Verdict::Unchanged
    } else {
        Verdict::Update
    };
    BudgetPlan {
        name: spec.name.clone(),
        agent: Some(spec.agent.clone()),
        verdict,
        changes,
        error: None,
    }
}

fn budget_fields(wanted: &BudgetDefinition, have: &BudgetRecord) -> Vec<FieldChange> {
    let mut fields = Vec::new();
    let mut differ = |field: &'static str, from: String, to: String| {
        if from != to {
            fields.push(FieldChange { field, from, to });
        }
    };
    differ(
        "limit",
        have.limit.map(money).unwrap_or_else(|| "none".into()),
        money(wanted.limit),
    );
    differ(
        "unit",
        have.unit.clone().unwrap_or_else(|| "none".into()),
        wanted.unit.clone(),
    );
    differ(
        "period",
        have.time_unit.to_ascii_lowercase(),
        wanted.time_unit.to_ascii_lowercase(),
    );
    differ("budget_type", have.budget_type.clone(), "COST".into());
    let filter_ok = matches!(&have.filter, Filter::Tag { key, values, match_options }
        if *key == wanted.tag_key
            && *values == [wanted.tag_value.clone()]
            && (match_options.is_empty() || *match_options == ["EQUALS"]));
    if !filter_ok {
        differ(
            "filter",
            describe_filter(&have.filter),
            format!("tag {} = {}", wanted.tag_key, wanted.tag_value),
        );
    }
    differ("metrics", have.metrics.join(","), wanted.metric.clone());
    fields
}

/// A filter in words, for plans and tables.
pub fn describe_filter(filter: &Filter) -> String {
    match filter {
        Filter::None => "none (whole account)".into(),
        Filter::Tag { key, values, .. } => format!("tag {key} = {}", values.join(" | ")),
        Filter::LegacyTag { tag_key_values } => {
            format!("CostFilters TagKeyValue {}", tag_key_values.join(" | "))
        }
        Filter::Other { description } => description.clone(),
    }
}

fn notification_changes(
    wanted: &[Notification],
    subscribers: &[Subscriber],
    have: &[Notification],
    have_subscribers: &BTreeMap<Notification, Vec<Subscriber>>,
) -> Vec<Change> {
    let wanted_set: BTreeSet<&Notification> = wanted.iter().collect();
    let have_set: BTreeSet<&Notification> = have.iter().collect();
    let removed: Vec<&Notification> = have_set.difference(&wanted_set).copied().collect();
    let added: Vec<&Notification> = wanted_set.difference(&have_set).copied().collect();

    // A removed and an added notification of the same type become one UpdateNotification, which keeps
    // the subscribers (and the notification's history) instead of dropping and re-creating them.
    let mut updates: Vec<(&Notification, &Notification)> = Vec::new();
    let mut removes: Vec<&Notification> = Vec::new();
    let mut adds: Vec<&Notification> = Vec::new();
    for kind in ["ACTUAL", "FORECASTED"] {
        let r: Vec<&Notification> = removed
            .iter()
            .copied()
            .filter(|n| n.notification_type == kind)
            .collect();
        let a: Vec<&Notification> = added
            .iter()
            .copied()
            .filter(|n| n.notification_type == kind)
            .collect();
        let pairs = r.len().min(a.len());
        updates.extend(r.iter().copied().zip(a.iter().copied()).take(pairs));
        removes.extend(r.iter().copied().skip(pairs));
        adds.extend(a.iter().copied().skip(pairs));
    }
    removes.extend(
        removed
            .iter()
            .copied()
            .filter(|n| !matches!(n.notification_type.as_str(), "ACTUAL" | "FORECASTED")),
    );

    let mut changes = Vec::new();
    // Deletes first: a budget holds at most 10 notifications.
    for n in removes {
        changes.push(Change::RemoveNotification {
            notification: n.clone(),
        });
    }
    let mut subscriber_changes = Vec::new();
    let mut diff_subscribers = |target: &Notification, current: &[Subscriber]| {
        let current: BTreeSet<&Subscriber> = current.iter().collect();
        let want: BTreeSet<&Subscriber> = subscribers.iter().collect();
        // Additions before removals: a notification must keep at least one subscriber.
        for s in want.difference(&current) {
            subscriber_changes.push(Change::AddSubscriber {
                notification: target.clone(),
                subscriber: (*s).clone(),
            });
        }
        for s in current.difference(&want) {
            subscriber_changes.push(Change::RemoveSubscriber {
                notification: target.clone(),
                subscriber: (*s).clone(),
            });
        }
    };
    for (from, to) in &updates {
        changes.push(Change::UpdateNotification {
            from: (*from).clone(),
            to: (*to).clone(),
        });
        diff_subscribers(
            to,
            have_subscribers.get(*from).map(Vec::as_slice).unwrap_or_default(),
        );
    }
    for n in wanted_set.intersection(&have_set) {
        diff_subscribers(n, have_subscribers.get(*n).map(Vec::as_slice).unwrap_or_default());
    }
    for n in adds {
        changes.push(Change::AddNotification {
            notification: n.clone(),
            subscribers: subscribers.to_vec(),
        });
    }
    changes.extend(subscriber_changes);
    changes
}

/// Executes a plan's changes in order. `spec` is required for creates and updates.
pub async fn apply(
    ctx: &AwsContext,
    account: &str,
    plan: &BudgetPlan,
    spec: Option<&Spec>,
    tag_key: &str,
) -> Result<()> {
    let budget = plan.name.as_str();
    let need_spec = || spec.ok_or_else(|| Error::usage(format!("internal: no spec for budget `{budget}`")));
    for change in &plan.changes {
        tracing::debug!(budget, ?change, "applying");
        match change {
            Change::CreateBudget {
                notifications,
                subscribers,
                ..
            } => {
                let with: Vec<(Notification, Vec<Subscriber>)> = notifications
                    .iter()
                    .map(|n| (n.clone(), subscribers.clone()))
                    .collect();
                api::create_budget(ctx, account, &need_spec()?.definition(tag_key), &with).await?;
            }
            Change::UpdateBudget { .. } => {
                api::update_budget(ctx, account, &need_spec()?.definition(tag_key)).await?;
            }
            Change::RemoveNotification { notification } => {
                api::delete_notification(ctx, account, budget, notification).await?;
            }
            Change::UpdateNotification { from, to } => {
                api::update_notification(ctx, account, budget, from, to).await?;
            }
            Change::AddNotification {
                notification,
                subscribers,
            } => {
                api::create_notification(ctx, account, budget, notification, subscribers).await?;
            }
            Change::AddSubscriber {
                notification,
                subscriber,
            } => {
                api::create_subscriber(ctx, account, budget, notification, subscriber).await?;
            }
            Change::RemoveSubscriber {
                notification,
                subscriber,
            } => {
                api::delete_subscriber(ctx, account, budget, notification, subscriber).await?;
            }
            Change::CreateAction { action } => {
                api::create_iam_action(ctx, account, budget, action).await?;
            }
            Change::UpdateAction { action_id, action } => {
                api::update_iam_action(ctx, account, budget, action_id, action).await?;
            }
            Change::DeleteBudget => api::delete_budget(ctx, account, budget).await?,
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------------
// Commands

/// The result of `budget create`.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    pub schema: &'static str,
    pub account: String,
    #[serde(flatten)]
    pub plan: BudgetPlan,
}

/// `budget create`: creates the agent's budget, or updates it to match, or says it is unchanged.
pub async fn create(ctx: &AwsContext, spec: &Spec, tag_key: &str) -> Result<Outcome> {
    let account = account(ctx).await?;
    check_action_account(spec, &account)?;
    let observed = match api::describe_budget(ctx, &account, &spec.name).await? {
        Some(budget) => Some(observe(ctx, &account, spec, budget).await?),
        None => None,
    };
    let plan = plan(spec, tag_key, observed.as_ref());
    tracing::debug!(budget = %plan.name, verdict = plan.verdict.name(), changes = plan.changes.len(), "planned");
    apply(ctx, &account, &plan, Some(spec), tag_key).await?;
    Ok(Outcome {
        schema: SCHEMA_CHANGE,
        account,
        plan,
    })
}

/// Budget actions run with a role of the budget's own account: refuse any other before writing.
fn check_action_account(spec: &Spec, account: &str) -> Result<()> {
    if let Some(action) = &spec.action {
        let role_account = role_arn_account(&action.execution_role_arn).map_err(Error::usage)?;
        if role_account != account {
            return Err(Error::usage(format!(
                "budget `{}`: the execution role is in account {role_account} but the budget is in {account}; \
                 budget actions run with a role of the budget's own account",
                spec.name
            )));
        }
    }
    Ok(())
}

/// The result of `budget delete`.
#[derive(Debug, Clone, Serialize)]
pub struct Deleted {
    pub schema: &'static str,
    pub account: String,
    pub name: String,
    pub agent: String,
    /// False when there was no such budget.
    pub deleted: bool,
}

/// Looks a budget up before deleting it, so the caller can confirm with what exists.
pub async fn find(ctx: &AwsContext, name: &str) -> Result<(String, Option<BudgetRecord>)> {
    let account = account(ctx).await?;
    let record = api::describe_budget(ctx, &account, name).await?;
    Ok((account, record))
}

/// Deletes a budget (AWS removes its notifications, subscribers and actions with it).
pub async fn delete(ctx: &AwsContext, account: &str, name: &str) -> Result<()> {
    api::delete_budget(ctx, account, name).await
}

/// Counts per verdict.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SyncSummary {
    pub create: usize,
    pub update: usize,
    pub delete: usize,
    pub unchanged: usize,
    pub orphaned: usize,
}

/// `budget sync`: the file's budgets against AWS.
#[derive(Debug, Clone, Serialize)]
pub struct SyncPlan {
    pub schema: &'static str,
    pub account: String,
    /// Whether orphaned costbrake budgets are deleted.
    pub prune: bool,
    pub summary: SyncSummary,
    pub budgets: Vec<BudgetPlan>,
    /// Whether the plan was applied.
    pub applied: bool,
}

impl SyncPlan {
    /// Whether applying would change AWS (what `--check` fails on).
    pub fn has_changes(&self) -> bool {
        self.budgets.iter().any(|b| b.verdict.changes_aws())
    }

    /// `--check`: 1 when AWS differs from the file.
    pub fn check_exit_code(&self) -> ExitCode {
        if self.has_changes() {
            ExitCode::Findings
        } else {
            ExitCode::Success
        }
    }
}

/// Plans a sync: one `DescribeBudgets`, then per existing budget in the file its notifications (and
/// subscribers and actions where the spec has them).
pub async fn sync_plan(ctx: &AwsContext, specs: &[Spec], tag_key: &str, prune: bool) -> Result<SyncPlan> {
    let account = account(ctx).await?;
    for spec in specs {
        check_action_account(spec, &account)?;
    }
    let existing: BTreeMap<String, BudgetRecord> = api::describe_budgets(ctx, &account)
        .await?
        .into_iter()
        .filter(|b| b.name.starts_with(NAME_PREFIX))
        .map(|b| (b.name.clone(), b))
        .collect();
    let observed = aws::fan_out(specs, 4, |spec| {
        let record = existing.get(&spec.name).cloned();
        let account = account.clone();
        async move {
            match record {
                Some(budget) => observe(ctx, &account, spec, budget).await.map(Some),
                None => Ok(None),
            }
        }
    })
    .await;
    let mut budgets = Vec::new();
    for (spec, observed) in specs.iter().zip(observed) {
        budgets.push(plan(spec, tag_key, observed?.as_ref()));
    }
    let wanted: BTreeSet<&str> = specs.iter().map(|s| s.name.as_str()).collect();
    for (name, record) in &existing {
        if wanted.contains(name.as_str()) {
            continue;
        }
        let (verdict, changes) = if prune {
            (Verdict::Delete, vec![Change::DeleteBudget])
        } else {
            (Verdict::Orphaned, Vec::new())
        };
        budgets.push(BudgetPlan {
            name: name.clone(),
            agent: status(record, tag_key).agent,
            verdict,
            changes,
            error: None,
        });
    }
    budgets.sort_by(|a, b| a.name.cmp(&b.name));
    let mut summary = SyncSummary::default();
    for b in &budgets {
        *match b.verdict {
            Verdict::Create => &mut summary.create,
            Verdict::Update => &mut summary.update,
            Verdict::Delete => &mut summary.delete,
            Verdict::Unchanged => &mut summary.unchanged,
            Verdict::Orphaned => &mut summary.orphaned,
        } += 1;
    }
    Ok(SyncPlan {
        schema: SCHEMA_SYNC,
        account,
        prune,
        summary,
        budgets,
        applied: false,
    })
}

/// Applies a sync plan budget by budget. A budget that fails records its error and the others still
/// go ahead; the exit code is 0 when all succeeded, 4 (partial) when some failed, 3 when all failed.
/// Re-running the sync finishes the job: the plan is recomputed from what AWS then has.
pub async fn sync_apply(ctx: &AwsContext, plan: &mut SyncPlan, specs: &[Spec], tag_key: &str) -> ExitCode {
    let by_name: BTreeMap<&str, &Spec> = specs.iter().map(|s| (s.name.as_str(), s)).collect();
    let account = plan.account.clone();
    let (mut ok, mut failed) = (0, 0);
    for budget in plan.budgets.iter_mut().filter(|b| b.verdict.changes_aws()) {
        let spec = by_name.get(budget.name.as_str()).copied();
        match apply(ctx, &account, budget, spec, tag_key).await {
            Ok(()) => ok += 1,
            Err(err) => {
                failed += 1;
                budget.error = Some(err.to_string());
            }
        }
    }
    plan.applied = true;
    match (ok, failed) {
        (_, 0) => ExitCode::Success,
        (0, _) => ExitCode::Aws,
        _ => ExitCode::Partial,
    }
}

impl SyncPlan {
    /// The budgets whose changes failed to apply.
    pub fn failures(&self) -> impl Iterator<Item = &BudgetPlan> {
        self.budgets.iter().filter(|b| b.error.is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::budgets::spec::tests::spec_with;

    fn record(name: &str, limit: &str, actual: &str, forecast: &str) -> BudgetRecord {
        BudgetRecord {
            name: name.into(),
            budget_type: "COST".into(),
            time_unit: "MONTHLY".into(),
            limit: api::parse_amount(limit),
            unit: Some("USD".into()),
            actual: api::parse_amount(actual),
            forecast: api::parse_amount(forecast),
            filter: Filter::Tag {
                key: "agent-name".into(),
                values: vec![name.trim_start_matches(NAME_PREFIX).into()],
                match_options: vec!["EQUALS".into()],
            },
            metrics: vec![METRIC.into()],
        }
    }

    fn observed_from(spec: &Spec) -> Observed {
        let mut subscribers = BTreeMap::new();
        for n in spec.notifications() {
            subscribers.insert(n, spec.subscribers());
        }
        Observed {
            budget: record(&spec.name, &spec.limit.to_string(), "0", "0"),
            notifications: spec.notifications(),
            subscribers,
            actions: spec.iam_action().map(|mut a| {
                a.action_id = Some("id-1".into());
                vec![a]
            }),
        }
    }

    #[test]
    fn notifications_are_actual_per_threshold_and_one_forecast() {
        let spec = spec_with(|i| {
            i.notify = vec![
                "email:b@example.com".into(),
                "email:a@example.com".into(),
                "email:a@example.com".into(),
            ];
            i.thresholds = Some(vec!["100".into(), "50".into(), "50".into()]);
            i.forecast = true;
        });
        assert_eq!(
            spec.notifications(),
            vec![
                Notification::percent_over("ACTUAL", Decimal::from(50)),
                Notification::percent_over("ACTUAL", Decimal::from(100)),
                Notification::percent_over("FORECASTED", Decimal::from(100)),
            ]
        );
        assert_eq!(spec.subscribers().len(), 2);
        let quiet = spec_with(|_| {});
        assert!(quiet.notifications().is_empty(), "no targets, no notifications");
    }

    #[test]
    fn same_spec_plans_nothing() {
        let spec = spec_with(|i| {
            i.notify = vec!["email:a@example.com".into()];
            i.forecast = true;
            i.action = Some(
                DenyIam::new(
                    vec!["research-agent-exec".into()],
                    "arn:aws:iam::123456789012:role/budgets-actions",
                    Approval::Manual,
                )
                .expect("action"),
            );
        });
        let p = plan(&spec, "agent-name", Some(&observed_from(&spec)));
        assert_eq!(p.verdict, Verdict::Unchanged, "{:?}", p.changes);
        assert!(p.changes.is_empty());
    }

    #[test]
    fn missing_budget_plans_a_create_with_its_action() {
        let spec = spec_with(|i| {
            i.notify = vec!["email:a@example.com".into()];
            i.action = Some(
                DenyIam::new(
                    vec!["r".into()],
                    "arn:aws:iam::123456789012:role/x",
                    Approval::Automatic,
                )
                .expect("action"),
            );
        });
        let p = plan(&spec, "agent-name", None);
        assert_eq!(p.verdict, Verdict::Create);
        assert!(
            matches!(&p.changes[0], Change::CreateBudget { notifications, .. } if notifications.len() == 3)
        );
        assert!(
            matches!(&p.changes[1], Change::CreateAction { action } if action.approval == "AUTOMATIC"
            && action.policy_arn == "arn:aws:iam::aws:policy/AWSDenyAll")
        );
    }

    #[test]
    fn changed_limit_period_and_legacy_filter_update_the_budget() {
        let spec = spec_with(|i| {
            i.limit = "750".into();
            i.period = Some("quarterly".into());
        });
        let mut observed = observed_from(&spec_with(|_| {}));
        observed.budget.filter = Filter::LegacyTag {
            tag_key_values: vec!["user:agent-name$research-agent".into()],
        };
        let p = plan(&spec, "agent-name", Some(&observed));
        assert_eq!(p.verdict, Verdict::Update);
        let Change::UpdateBudget { fields } = &p.changes[0] else {
            panic!("{:?}", p.changes)
        };
        let names: Vec<&str> = fields.iter().map(|f| f.field).collect();
        assert_eq!(names, ["limit", "period", "filter"]);
        assert_eq!(fields[0].from, "500");
        assert_eq!(fields[0].to, "750");
    }

    #[test]
    fn notification_changes_pair_updates_and_diff_subscribers() {
        let old = spec_with(|i| {
            i.notify = vec!["email:a@example.com".into(), "email:old@example.com".into()];
            i.thresholds = Some(vec!["50".into(), "80".into(), "100".into()]);
            i.forecast = true;
        });
        let new = spec_with(|i| {
            i.notify = vec!["email:a@example.com".into(), "email:new@example.com".into()];
            i.thresholds = Some(vec!["60".into(), "80".into(), "100".into(), "120".into()]);
        });
        let p = plan(&new, "agent-name", Some(&observed_from(&old)));
        let n = |t: &str, v: i64| Notification::percent_over(t, Decimal::from(v));
        let sub = |a: &str| Subscriber {
            kind: "EMAIL".into(),
            address: a.into(),
        };
        assert_eq!(p.verdict, Verdict::Update);
        let expected = [
            Change::RemoveNotification {
                notification: n("FORECASTED", 100),
            },
            Change::UpdateNotification {
                from: n("ACTUAL", 50),
                to: n("ACTUAL", 60),
            },
            Change::AddNotification {
                notification: n("ACTUAL", 120),
                subscribers: vec![sub("a@example.com"), sub("new@example.com")],
            },
        ];
        assert_eq!(p.changes[..3], expected[..]);
        // Then, for 60 (updated from 50), 80 and 100: add new@, remove old@.
        let rest = &p.changes[3..];
        assert_eq!(rest.len(), 6, "{rest:?}");
        assert!(rest.iter().all(|c| matches!(c,
            Change::AddSubscriber { subscriber, .. } if subscriber.address == "new@example.com")
            || matches!(c, Change::RemoveSubscriber { subscriber, .. } if subscriber.address == "old@example.com")));
    }

    #[test]
    fn dropping_every_target_removes_every_notification() {
        let old = spec_with(|i| i.notify = vec!["email:a@example.com".into()]);
        let new = spec_with(|_| {});
        let p = plan(&new, "agent-name", Some(&observed_from(&old)));
        assert_eq!(p.changes.len(), 3);
        assert!(
            p.changes
                .iter()
                .all(|c| matches!(c, Change::RemoveNotification { .. }))
        );
    }

    #[test]
    fn changed_action_is_updated_in_place() {
        let action = |approval| {
            Some(
                DenyIam::new(vec!["r".into()], "arn:aws:iam::123456789012:role/x", approval).expect("action"),
            )
        };
        let old = spec_with(|i| {
            i.notify = vec!["email:a@example.com".into()];
            i.action = action(Approval::Manual);
        });
        let new = spec_with(|i| {
            i.notify = vec!["email:a@example.com".into()];
            i.action = action(Approval::Automatic);
        });
        let p = plan(&new, "agent-name", Some(&observed_from(&old)));
        assert!(
            matches!(&p.changes[..], [Change::UpdateAction { action_id, action }]
            if action_id == "id-1" && action.approval == "AUTOMATIC")
        );
    }

    #[test]
    fn state_thresholds() {
        let s = |actual: &str, forecast: &str| {
            status(
                &record("costbrake-agent-a", "100", actual, forecast),
                "agent-name",
            )
        };
        assert_eq!(s("10", "50").state, State::Ok);
        assert_eq!(s("79.9", "90").state, State::Ok);
        assert_eq!(s("80", "90").state, State::Warning);
        assert_eq!(
            s("10", "100").state,
            State::Warning,
            "forecast reaching the limit warns"
        );
        assert_eq!(s("100", "100").state, State::Breached);
        assert_eq!(s("150.25", "200").percent_used, Some(Decimal::new(1503, 1)));
        let mut r = record("other", "100", "10", "10");
        r.budget_type = "RI_UTILIZATION".into();
        assert_eq!(status(&r, "agent-name").state, State::Unknown);
        assert!(!status(&r, "agent-name").managed);
    }

    #[test]
    fn agent_is_read_from_filters_and_names() {
        let mut r = record("costbrake-agent-x", "1", "0", "0");
        assert_eq!(status(&r, "agent-name").agent.as_deref(), Some("x"));
        r.name = "team-budget".into();
        r.filter = Filter::LegacyTag {
            tag_key_values: vec!["user:agent-name$ticket-triage".into()],
        };
        assert_eq!(status(&r, "agent-name").agent.as_deref(), Some("ticket-triage"));
        r.filter = Filter::None;
        assert_eq!(status(&r, "agent-name").agent, None);
    }

    /// The update path against the Budgets API (moto serves none of UpdateBudget, UpdateNotification,
    /// CreateSubscriber, DeleteSubscriber, DescribeSubscribersForNotification): what is read, then the
    /// exact requests that make AWS match, in order.
    #[tokio::test]
    async fn update_sends_update_budget_then_notification_and_subscriber_changes() {
        use aws_sdk_budgets::operation::describe_budget::DescribeBudgetOutput;
        use aws_sdk_budgets::operation::describe_notifications_for_budget::DescribeNotificationsForBudgetOutput;
        use aws_sdk_budgets::operation::describe_subscribers_for_notification::DescribeSubscribersForNotificationOutput;
        use aws_sdk_budgets::types as bt;
        use aws_smithy_mocks::mock;
        use serde_json::json;

        let describe = mock!(aws_sdk_budgets::Client::describe_budget).then_output(|| {
            let budget = bt::Budget::builder()
                .budget_name("costbrake-agent-research-agent")
                .budget_limit(
                    bt::Spend::builder()
                        .amount("400.0")
                        .unit("USD")
                        .build()
                        .expect("spend"),
                )
                .time_unit(bt::TimeUnit::Monthly)
                .budget_type(bt::BudgetType::Cost)
                .filter_expression(
                    bt::Expression::builder()
                        .tags(
                            bt::TagValues::builder()
                                .key("agent-name")
                                .values("research-agent")
                                .match_options(bt::MatchOption::Equals)
                                .build(),
                        )
                        .build(),
                )
                .metrics(bt::Metric::UnblendedCost)
                .build()
                .expect("budget");
            DescribeBudgetOutput::builder().budget(budget).build()
        });
        let notification = |t: f64| {
            bt::Notification::builder()
                .notification_type(bt::NotificationType::Actual)
                .comparison_operator(bt::ComparisonOperator::GreaterThan)
                .threshold(t)
                .threshold_type(bt::ThresholdType::Percentage)
                .notification_state(bt::NotificationState::Ok)
                .build()
                .expect("notification")
        };
        let notifications =
            mock!(aws_sdk_budgets::Client::describe_notifications_for_budget).then_output(move || {
                DescribeNotificationsForBudgetOutput::builder()
                    .notifications(notification(50.0))
                    .notifications(notification(80.0))
                    .build()
            });
        let subscribers =
            mock!(aws_sdk_budgets::Client::describe_subscribers_for_notification).then_output(|| {
                DescribeSubscribersForNotificationOutput::builder()
                    .subscribers(
                        bt::Subscriber::builder()
                            .subscription_type(bt::SubscriptionType::Email)
                            .address("old@example.com")
                            .build()
                            .expect("subscriber"),
                    )
                    .build()
            });
        let update = mock!(aws_sdk_budgets::Client::update_budget)
            .then_output(|| aws_sdk_budgets::operation::update_budget::UpdateBudgetOutput::builder().build());
        let update_notification = mock!(aws_sdk_budgets::Client::update_notification).then_output(|| {
            aws_sdk_budgets::operation::update_notification::UpdateNotificationOutput::builder().build()
        });
        let create_subscriber = mock!(aws_sdk_budgets::Client::create_subscriber).then_output(|| {
            aws_sdk_budgets::operation::create_subscriber::CreateSubscriberOutput::builder().build()
        });
        let delete_subscriber = mock!(aws_sdk_budgets::Client::delete_subscriber).then_output(|| {
            aws_sdk_budgets::operation::delete_subscriber::DeleteSubscriberOutput::builder().build()
        });
        let (ctx, captured) = crate::aws::budgets::tests::mocked(&[
            &describe,
            &notifications,
            &subscribers,
            &update,
            &update_notification,
            &create_subscriber,
            &delete_subscriber,
        ]);

        let spec = spec_with(|i| {
            i.notify = vec!["email:new@example.com".into()];
            i.thresholds = Some(vec!["80".into(), "100".into()]);
        });
        let account = "123456789012";
        let record = api::describe_budget(&ctx, account, &spec.name)
            .await
            .expect("describe")
            .expect("exists");
        let observed = observe(&ctx, account, &spec, record).await.expect("observe");
        let p = plan(&spec, "agent-name", Some(&observed));
        assert_eq!(p.verdict, Verdict::Update);
        apply(&ctx, account, &p, Some(&spec), "agent-name")
            .await
            .expect("apply");

        assert_eq!(
            captured.operations(),
            [
                "DescribeBudget",
                "DescribeNotificationsForBudget",
                "DescribeSubscribersForNotification",
                "DescribeSubscribersForNotification",
                "UpdateBudget",
                "UpdateNotification",
                "CreateSubscriber",
                "DeleteSubscriber",
                "CreateSubscriber",
                "DeleteSubscriber",
            ]
        );
        let requests = captured.requests();
        let n = |t: f64| json!({"NotificationType": "ACTUAL", "ComparisonOperator": "GREATER_THAN", "Threshold": t, "ThresholdType": "PERCENTAGE"});
        assert_eq!(
            requests[0].1,
            json!({"AccountId": account, "BudgetName": "costbrake-agent-research-agent", "ShowFilterExpression": true})
        );
        assert_eq!(
            requests[4].1["NewBudget"]["BudgetLimit"],
            json!({"Amount": "500", "Unit": "USD"})
        );
        assert_eq!(
            requests[5].1,
            json!({"AccountId": account, "BudgetName": "costbrake-agent-research-agent",
                   "OldNotification": n(50.0), "NewNotification": n(100.0)})
        );
        assert_eq!(
            requests[6].1,
            json!({"AccountId": account, "BudgetName": "costbrake-agent-research-agent", "Notification": n(100.0),
                   "Subscriber": {"SubscriptionType": "EMAIL", "Address": "new@example.com"}})
        );
        assert_eq!(
            requests[7].1,
            json!({"AccountId": account, "BudgetName": "costbrake-agent-research-agent", "Notification": n(100.0),
                   "Subscriber": {"SubscriptionType": "EMAIL", "Address": "old@example.com"}})
        );
        assert_eq!(requests[8].1["Notification"], n(80.0));
    }

    fn deny(roles: &[&str], approval: Approval) -> Option<DenyIam> {
        Some(
            DenyIam::new(
                roles.iter().map(|r| r.to_string()).collect(),
                "arn:aws:iam::123456789012:role/costbrake-budget-actions",
                approval,
            )
            .expect("action"),
        )
    }

    /// `budget create --action` on a new budget: CreateBudget with its notifications, then
    /// CreateBudgetAction, neither served by moto's budget-action support.
    #[tokio::test]
    async fn create_with_an_action_creates_the_budget_then_the_action() {
        use aws_sdk_budgets::operation::describe_budget::DescribeBudgetError;
        use aws_sdk_budgets::types::error::NotFoundException;
        use aws_smithy_mocks::mock;
        use serde_json::json;

        let missing = mock!(aws_sdk_budgets::Client::describe_budget).then_error(|| {
            DescribeBudgetError::NotFoundException(
                NotFoundException::builder()
                    .message(
                        "Unable to get budget: costbrake-agent-research-agent - the budget doesn't exist.",
                    )
                    .build(),
            )
        });
        let create_budget = mock!(aws_sdk_budgets::Client::create_budget)
            .then_output(|| aws_sdk_budgets::operation::create_budget::CreateBudgetOutput::builder().build());
        let action = mock!(aws_sdk_budgets::Client::create_budget_action).then_output(|| {
            aws_sdk_budgets::operation::create_budget_action::CreateBudgetActionOutput::builder()
                .account_id("123456789012")
                .budget_name("costbrake-agent-research-agent")
                .action_id("a1b2c3d4-5678-90ab-cdef-EXAMPLE11111")
                .build()
                .expect("output")
        });
        let (ctx, captured) = crate::aws::budgets::tests::mocked(&[&missing, &create_budget, &action]);
        let spec = spec_with(|i| {
            i.notify = vec!["email:oncall@example.com".into()];
            i.thresholds = Some(vec!["100".into()]);
            i.action = deny(&["research-agent-exec"], Approval::Manual);
        });
        let outcome = create(&ctx, &spec, "agent-name").await.expect("create");
        assert_eq!(outcome.account, "123456789012");
        assert_eq!(outcome.plan.verdict, Verdict::Create);
        assert_eq!(
            captured.operations(),
            ["DescribeBudget", "CreateBudget", "CreateBudgetAction"]
        );
        let requests = captured.requests();
        let email = json!([{"SubscriptionType": "EMAIL", "Address": "oncall@example.com"}]);
        assert_eq!(
            requests[1].1,
            json!({
                "AccountId": "123456789012",
                "Budget": {
                    "BudgetName": "costbrake-agent-research-agent",
                    "BudgetLimit": {"Amount": "500", "Unit": "USD"},
                    "TimeUnit": "MONTHLY",
                    "BudgetType": "COST",
                    "FilterExpression": {
                        "Tags": {"Key": "agent-name", "Values": ["research-agent"], "MatchOptions": ["EQUALS"]}
                    },
                    "Metrics": ["UnblendedCost"]
                },
                "NotificationsWithSubscribers": [{
                    "Notification": {
                        "NotificationType": "ACTUAL", "ComparisonOperator": "GREATER_THAN",
                        "Threshold": 100.0, "ThresholdType": "PERCENTAGE"
                    },
                    "Subscribers": email
                }]
            })
        );
        assert_eq!(requests[2].1["ActionType"], "APPLY_IAM_POLICY");
        assert_eq!(
            requests[2].1["Definition"],
            json!({"IamActionDefinition": {"PolicyArn": "arn:aws:iam::aws:policy/AWSDenyAll", "Roles": ["research-agent-exec"]}})
        );
        assert_eq!(requests[2].1["ApprovalModel"], "MANUAL");
        assert_eq!(requests[2].1["Subscribers"], email);
    }

    /// An existing action with other roles or approval is rewritten in place with UpdateBudgetAction.
    #[tokio::test]
    async fn create_updates_a_changed_action_in_place() {
        use aws_sdk_budgets::operation::describe_budget::DescribeBudgetOutput;
        use aws_sdk_budgets::operation::describe_budget_actions_for_budget::DescribeBudgetActionsForBudgetOutput;
        use aws_sdk_budgets::operation::describe_notifications_for_budget::DescribeNotificationsForBudgetOutput;
        use aws_sdk_budgets::operation::describe_subscribers_for_notification::DescribeSubscribersForNotificationOutput;
        use aws_sdk_budgets::types as bt;
        use aws_smithy_mocks::mock;
        use serde_json::json;

        let email = || {
            bt::Subscriber::builder()
                .subscription_type(bt::SubscriptionType::Email)
                .address("oncall@example.com")
                .build()
                .expect("subscriber")
        };
        let describe = mock!(aws_sdk_budgets::Client::describe_budget).then_output(|| {
            let budget = bt::Budget::builder()
                .budget_name("costbrake-agent-research-agent")
                .budget_limit(
                    bt::Spend::builder()
                        .amount("500")
                        .unit("USD")
                        .build()
                        .expect("spend"),
                )
                .time_unit(bt::TimeUnit::Monthly)
                .budget_type(bt::BudgetType::Cost)
                .filter_expression(
                    bt::Expression::builder()
                        .tags(
                            bt::TagValues::builder()
                                .key("agent-name")
                                .values("research-agent")
                                .match_options(bt::MatchOption::Equals)
                                .build(),
                        )
                        .build(),
                )
                .metrics(bt::Metric::UnblendedCost)
                .build()
                .expect("budget");
            DescribeBudgetOutput::builder().budget(budget).build()
        });
        let notifications =
            mock!(aws_sdk_budgets::Client::describe_notifications_for_budget).then_output(|| {
                DescribeNotificationsForBudgetOutput::builder()
                    .notifications(
                        bt::Notification::builder()
                            .notification_type(bt::NotificationType::Actual)
                            .comparison_operator(bt::ComparisonOperator::GreaterThan)
                            .threshold(100.0)
                            .threshold_type(bt::ThresholdType::Percentage)
                            .build()
                            .expect("notification"),
                    )
                    .build()
            });
        let subscribers =
            mock!(aws_sdk_budgets::Client::describe_subscribers_for_notification).then_output(move || {
                DescribeSubscribersForNotificationOutput::builder()
                    .subscribers(email())
                    .build()
            });
        let actions =
            mock!(aws_sdk_budgets::Client::describe_budget_actions_for_budget).then_output(move || {
                let action = bt::Action::builder()
                    .action_id("a1b2c3d4-5678-90ab-cdef-EXAMPLE11111")
                    .budget_name("costbrake-agent-research-agent")
                    .notification_type(bt::NotificationType::Actual)
                    .action_type(bt::ActionType::Iam)
                    .action_threshold(
                        bt::ActionThreshold::builder()
                            .action_threshold_value(100.0)
                            .action_threshold_type(bt::ThresholdType::Percentage)
                            .build()
                            .expect("threshold"),
                    )
                    .definition(
                        bt::Definition::builder()
                            .iam_action_definition(
                                bt::IamActionDefinition::builder()
                                    .policy_arn("arn:aws:iam::aws:policy/AWSDenyAll")
                                    .roles("research-agent-exec")
                                    .build()
                                    .expect("iam"),
                            )
                            .build(),
                    )
                    .execution_role_arn("arn:aws:iam::123456789012:role/costbrake-budget-actions")
                    .approval_model(bt::ApprovalModel::Manual)
                    .status(bt::ActionStatus::Standby)
                    .subscribers(email())
                    .build()
                    .expect("action");
                DescribeBudgetActionsForBudgetOutput::builder()
                    .actions(action)
                    .build()
                    .expect("output")
            });
        let update = mock!(aws_sdk_budgets::Client::update_budget_action).then_output(|| {
            aws_sdk_budgets::operation::update_budget_action::UpdateBudgetActionOutput::builder()
                .account_id("123456789012")
                .budget_name("costbrake-agent-research-agent")
                .build()
                .expect("output")
        });
        let (ctx, captured) =
            crate::aws::budgets::tests::mocked(&[&describe, &notifications, &subscribers, &actions, &update]);

        let same = spec_with(|i| {
            i.notify = vec!["email:oncall@example.com".into()];
            i.thresholds = Some(vec!["100".into()]);
            i.action = deny(&["research-agent-exec"], Approval::Manual);
        });
        let outcome = create(&ctx, &same, "agent-name").await.expect("create");
        assert_eq!(
            outcome.plan.verdict,
            Verdict::Unchanged,
            "{:?}",
            outcome.plan.changes
        );

        let changed = spec_with(|i| {
            i.notify = vec!["email:oncall@example.com".into()];
            i.thresholds = Some(vec!["100".into()]);
            i.action = deny(
                &["research-agent-exec", "research-agent-tools"],
                Approval::Automatic,
            );
        });
        let outcome = create(&ctx, &changed, "agent-name").await.expect("create");
        assert_eq!(outcome.plan.verdict, Verdict::Update);
        let ops = captured.operations();
        assert_eq!(ops.last().map(String::as_str), Some("UpdateBudgetAction"));
        assert_eq!(
            ops.iter()
                .filter(|o| o.contains("Update") || o.contains("Create"))
                .count(),
            1
        );
        let (_, body) = captured.requests().pop().expect("update request");
        assert_eq!(
            body,
            json!({
                "AccountId": "123456789012",
                "BudgetName": "costbrake-agent-research-agent",
                "ActionId": "a1b2c3d4-5678-90ab-cdef-EXAMPLE11111",
                "NotificationType": "ACTUAL",
                "ActionThreshold": {"ActionThresholdValue": 100.0, "ActionThresholdType": "PERCENTAGE"},
                "Definition": {"IamActionDefinition": {
                    "PolicyArn": "arn:aws:iam::aws:policy/AWSDenyAll",
                    "Roles": ["research-agent-exec", "research-agent-tools"]
                }},
                "ExecutionRoleArn": "arn:aws:iam::123456789012:role/costbrake-budget-actions",
                "ApprovalModel": "AUTOMATIC",
                "Subscribers": [{"SubscriptionType": "EMAIL", "Address": "oncall@example.com"}]
            })
        );
    }
}
