//! AWS Budgets: budgets, their notifications and subscribers, and budget actions, as plain data.
//!
//! The Budgets endpoint is global (`budgets.amazonaws.com`, signed for us-east-1 in the `aws` partition);
//! the SDK's endpoint rules map any region of a partition onto it. Every call names the account id.
//!
//! Filters are written as `FilterExpression` + `Metrics` (the legacy `CostFilters` / `CostTypes` are
//! deprecated since 2025-04-18 and cannot be combined with them) and read back with
//! `ShowFilterExpression=true`, without which AWS leaves the expression out of the response.
//! Nothing here decides what a budget should look like: that is `crate::budgets`.

use std::str::FromStr;

use aws_sdk_budgets::types::{
    self as bt, ActionThreshold, ActionType, ApprovalModel, BudgetType, ComparisonOperator, Definition,
    Expression, IamActionDefinition, MatchOption, Metric, NotificationType, NotificationWithSubscribers,
    Spend, SubscriptionType, TagValues, ThresholdType, TimeUnit,
};
use aws_smithy_types::error::operation::BuildError;
use rust_decimal::Decimal;
use serde::Serialize;

use super::{AwsContext, sdk_error};
use crate::error::{AwsError, Error, Result};

/// The budget a caller wants: a cost budget over one tag value or one linked account, with a fixed limit
/// per period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BudgetDefinition {
    pub name: String,
    pub limit: Decimal,
    /// The currency, always `USD` for cost budgets.
    pub unit: String,
    /// `DAILY`, `MONTHLY`, `QUARTERLY` or `ANNUALLY`.
    pub time_unit: String,
    pub scope: Scope,
    /// `UnblendedCost`, `AmortizedCost`, ...: exactly one with a `FilterExpression`.
    pub metric: String,
}

/// A budget as `DescribeBudget(s)` returned it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct BudgetRecord {
    pub name: String,
    /// `COST`, `USAGE`, `RI_UTILIZATION`, ...
    pub budget_type: String,
    pub time_unit: String,
    #[cfg_attr(test, schemars(with = "Option<crate::schemas::Decimal>"))]
    pub limit: Option<Decimal>,
    pub unit: Option<String>,
    #[cfg_attr(test, schemars(with = "Option<crate::schemas::Decimal>"))]
    pub actual: Option<Decimal>,
    #[cfg_attr(test, schemars(with = "Option<crate::schemas::Decimal>"))]
    pub forecast: Option<Decimal>,
    pub filter: Filter,
    pub metrics: Vec<String>,
    /// `AutoAdjustData.AutoAdjustType` (`HISTORICAL` or `FORECAST`) of an auto-adjusting budget.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auto_adjust: Option<String>,
    /// How many periods have a planned limit of their own (`PlannedBudgetLimits`); 0 for a fixed limit.
    #[serde(skip_serializing_if = "is_zero")]
    pub planned_limits: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// What cost a budget written by costbrake counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// `FilterExpression { Tags: { Key, Values: [value], MatchOptions: [EQUALS] } }`: an agent's budget.
    Tag { key: String, value: String },
    /// `FilterExpression { Dimensions: { Key: LINKED_ACCOUNT, Values: [id], MatchOptions: [EQUALS] } }`:
    /// a sandbox account's budget, in the management account.
    LinkedAccount(String),
}

/// How a budget selects its cost.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Filter {
    /// No filter: the whole account.
    None,
    /// `FilterExpression { Tags: { Key, Values, MatchOptions } }`.
    Tag {
        key: String,
        values: Vec<String>,
        match_options: Vec<String>,
    },
    /// `FilterExpression { Dimensions: { Key: LINKED_ACCOUNT, Values, MatchOptions } }`.
    LinkedAccount {
        accounts: Vec<String>,
        match_options: Vec<String>,
    },
    /// Legacy `CostFilters { TagKeyValue: ["user:KEY$VALUE"] }`.
    LegacyTag { tag_key_values: Vec<String> },
    /// Anything else (services, accounts, nested expressions), described for display.
    Other {
        description: String,
        /// The tag keys the filter names anywhere (legacy keys without their `user:` prefix), so that a
        /// caller can tell a filter on the agent tag *and* something else from one on other things.
        #[serde(skip_serializing_if = "Vec::is_empty")]
        tag_keys: Vec<String>,
    },
}

/// A notification: its identity is the whole tuple (AWS has no notification id).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Notification {
    /// `ACTUAL` or `FORECASTED`.
    pub notification_type: String,
    /// `GREATER_THAN`, `LESS_THAN` or `EQUAL_TO`.
    pub comparison: String,
    #[cfg_attr(test, schemars(with = "crate::schemas::Decimal"))]
    pub threshold: Decimal,
    /// `PERCENTAGE` or `ABSOLUTE_VALUE`.
    pub threshold_type: String,
}

impl Notification {
    /// For people: `actual > 80%`, `forecasted > 500 USD`.
    pub fn describe(&self) -> String {
        let op = match self.comparison.as_str() {
            "GREATER_THAN" => ">",
            "LESS_THAN" => "<",
            "EQUAL_TO" => "=",
            other => other,
        };
        let unit = if self.threshold_type == "PERCENTAGE" {
            "%"
        } else {
            " USD"
        };
        format!(
            "{} {op} {}{unit}",
            self.notification_type.to_ascii_lowercase(),
            self.threshold
        )
    }

    /// The `GREATER_THAN x PERCENTAGE` notification costbrake creates.
    pub fn percent_over(notification_type: &str, threshold: Decimal) -> Self {
        Notification {
            notification_type: notification_type.to_string(),
            comparison: "GREATER_THAN".to_string(),
            threshold,
            threshold_type: "PERCENTAGE".to_string(),
        }
    }
}

/// A notification as read back, with its alarm state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct NotificationRecord {
    #[serde(flatten)]
    pub notification: Notification,
    /// `OK` or `ALARM`.
    pub state: Option<String>,
}

/// Who a notification goes to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Subscriber {
    /// `EMAIL` or `SNS`.
    pub kind: String,
    pub address: String,
}

/// An `APPLY_IAM_POLICY` budget action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct IamAction {
    /// Set by AWS; `None` for an action not created yet.
    pub action_id: Option<String>,
    /// `ACTUAL` or `FORECASTED`.
    pub notification_type: String,
    #[cfg_attr(test, schemars(with = "crate::schemas::Decimal"))]
    pub threshold: Decimal,
    pub threshold_type: String,
    pub policy_arn: String,
    pub roles: Vec<String>,
    pub execution_role_arn: String,
    /// `MANUAL` or `AUTOMATIC`.
    pub approval: String,
    pub subscribers: Vec<Subscriber>,
    /// `STANDBY`, `PENDING`, `EXECUTION_SUCCESS`, ...; `None` for an action not created yet.
    pub status: Option<String>,
}

fn build_error(operation: &'static str, err: BuildError) -> Error {
    AwsError {
        service: "budgets",
        operation,
        scope: None,
        code: None,
        detail: format!("could not build the request: {err}"),
        hint: Some("this is a costbrake bug; please report it".into()),
    }
    .into()
}

/// Parses an AWS amount string. AWS sends up to ~45 digits (`604.4560000000000172803993336856365203857421875`),
/// more than a `Decimal` holds, so the fraction is cut to 10 digits first.
pub(crate) fn parse_amount(text: &str) -> Option<Decimal> {
    let text = text.trim();
    let cut = match text.split_once('.') {
        Some((whole, frac)) if frac.len() > 10 => format!("{whole}.{}", &frac[..10]),
        _ => text.to_string(),
    };
    Decimal::from_str(&cut).ok().map(|d| d.normalize())
}

/// A threshold as AWS sends it (a double) as a decimal: `80.0` is `80`, `33.3` stays `33.3`.
fn threshold_decimal(value: f64) -> Decimal {
    Decimal::from_str(&value.to_string())
        .unwrap_or_default()
        .normalize()
}

fn threshold_f64(value: Decimal) -> f64 {
    value.to_string().parse().unwrap_or_default()
}

fn spend(operation: &'static str, amount: Decimal, unit: &str) -> Result<Spend> {
    Spend::builder()
        .amount(amount.normalize().to_string())
        .unit(unit)
        .build()
        .map_err(|e| build_error(operation, e))
}

fn sdk_budget(operation: &'static str, def: &BudgetDefinition) -> Result<bt::Budget> {
    let filter = match &def.scope {
        Scope::Tag { key, value } => Expression::builder()
            .tags(
                TagValues::builder()
                    .key(key)
                    .values(value)
                    .match_options(MatchOption::Equals)
                    .build(),
            )
            .build(),
        Scope::LinkedAccount(account) => Expression::builder()
            .dimensions(
                bt::ExpressionDimensionValues::builder()
                    .key(bt::Dimension::LinkedAccount)
                    .values(account)
                    .match_options(MatchOption::Equals)
                    .build()
                    .map_err(|e| build_error(operation, e))?,
            )
            .build(),
    };
    bt::Budget::builder()
        .budget_name(&def.name)
        .budget_limit(spend(operation, def.limit, &def.unit)?)
        .time_unit(TimeUnit::from(def.time_unit.as_str()))
        .budget_type(BudgetType::Cost)
        .filter_expression(filter)
        .metrics(Metric::from(def.metric.as_str()))
        .build()
        .map_err(|e| build_error(operation, e))
}

fn sdk_notification(operation: &'static str, n: &Notification) -> Result<bt::Notification> {
    bt::Notification::builder()
        .notification_type(NotificationType::from(n.notification_type.as_str()))
        .comparison_operator(ComparisonOperator::from(n.comparison.as_str()))
        .threshold(threshold_f64(n.threshold))
        .threshold_type(ThresholdType::from(n.threshold_type.as_str()))
        .build()
        .map_err(|e| build_error(operation, e))
}

fn sdk_subscriber(operation: &'static str, s: &Subscriber) -> Result<bt::Subscriber> {
    bt::Subscriber::builder()
        .subscription_type(SubscriptionType::from(s.kind.as_str()))
        .address(&s.address)
        .build()
        .map_err(|e| build_error(operation, e))
}

fn from_sdk_notification(n: &bt::Notification) -> NotificationRecord {
    NotificationRecord {
        notification: Notification {
            notification_type: n.notification_type().as_str().to_string(),
            comparison: n.comparison_operator().as_str().to_string(),
            threshold: threshold_decimal(n.threshold()),
            // AWS documents PERCENTAGE as the default when the field is absent.
            threshold_type: n
                .threshold_type()
                .map_or("PERCENTAGE", |t| t.as_str())
                .to_string(),
        },
        state: n.notification_state().map(|s| s.as_str().to_string()),
    }
}

fn from_sdk_subscriber(s: &bt::Subscriber) -> Subscriber {
    Subscriber {
        kind: s.subscription_type().as_str().to_string(),
        address: s.address().to_string(),
    }
}

#[allow(deprecated)] // CostFilters: read to recognise budgets written in the legacy form.
fn from_sdk_budget(b: &bt::Budget) -> BudgetRecord {
    let filter = match (b.filter_expression(), b.cost_filters()) {
        (Some(expr), _) => describe_expression(expr),
        (None, Some(filters)) if !filters.is_empty() => match filters.get("TagKeyValue") {
            Some(values) if filters.len() == 1 => Filter::LegacyTag {
                tag_key_values: values.clone(),
            },
            _ => {
                let mut keys: Vec<&String> = filters.keys().collect();
                keys.sort();
                Filter::Other {
                    description: format!(
                        "CostFilters on {}",
                        keys.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(", ")
                    ),
                    tag_keys: legacy_tag_keys(
                        filters.get("TagKeyValue").map(Vec::as_slice).unwrap_or_default(),
                    ),
                }
            }
        },
        _ => Filter::None,
    };
    let calculated = b.calculated_spend();
    BudgetRecord {
        name: b.budget_name().to_string(),
        budget_type: b.budget_type().as_str().to_string(),
        time_unit: b.time_unit().as_str().to_string(),
        limit: b.budget_limit().and_then(|s| parse_amount(s.amount())),
        unit: b.budget_limit().map(|s| s.unit().to_string()),
        actual: calculated
            .and_then(|c| c.actual_spend())
            .and_then(|s| parse_amount(s.amount())),
        forecast: calculated
            .and_then(|c| c.forecasted_spend())
            .and_then(|s| parse_amount(s.amount())),
        filter,
        metrics: b.metrics().iter().map(|m| m.as_str().to_string()).collect(),
        auto_adjust: b
            .auto_adjust_data()
            .map(|a| a.auto_adjust_type().as_str().to_string()),
        planned_limits: b.planned_budget_limits().map_or(0, |p| p.len()),
    }
}

/// The tag keys of legacy `TagKeyValue` entries (`user:KEY$VALUE`), sorted and deduplicated.
fn legacy_tag_keys(values: &[String]) -> Vec<String> {
    let mut keys: Vec<String> = values
        .iter()
        .map(|kv| {
            let kv = kv.strip_prefix("user:").unwrap_or(kv);
            kv.split_once('$').map_or(kv, |(k, _)| k).to_string()
        })
        .collect();
    keys.sort();
    keys.dedup();
    keys
}

/// Every tag key an expression names, at any depth.
fn expression_tag_keys(expr: &Expression, out: &mut Vec<String>) {
    if let Some(key) = expr.tags().and_then(|t| t.key()) {
        out.push(key.to_string());
    }
    for e in expr.and().iter().chain(expr.or()) {
        expression_tag_keys(e, out);
    }
    if let Some(e) = expr.not() {
        expression_tag_keys(e, out);
    }
}

fn describe_expression(expr: &Expression) -> Filter {
    let is_only_tags = expr.and().is_empty()
        && expr.or().is_empty()
        && expr.not().is_none()
        && expr.dimensions().is_none()
        && expr.cost_categories().is_none();
    let is_only_dimensions = expr.and().is_empty()
        && expr.or().is_empty()
        && expr.not().is_none()
        && expr.tags().is_none()
        && expr.cost_categories().is_none();
    if let Some(d) = expr.dimensions().filter(|_| is_only_dimensions)
        && d.key() == &bt::Dimension::LinkedAccount
    {
        return Filter::LinkedAccount {
            accounts: d.values().to_vec(),
            match_options: d.match_options().iter().map(|m| m.as_str().to_string()).collect(),
        };
    }
    match expr.tags() {
        Some(tags) if is_only_tags => Filter::Tag {
            key: tags.key().unwrap_or_default().to_string(),
            values: tags.values().to_vec(),
            match_options: tags
                .match_options()
                .iter()
                .map(|m| m.as_str().to_string())
                .collect(),
        },
        _ => {
            let mut tag_keys = Vec::new();
            expression_tag_keys(expr, &mut tag_keys);
            tag_keys.sort();
            tag_keys.dedup();
            Filter::Other {
                description: "a FilterExpression beyond one tag or linked account".to_string(),
                tag_keys,
            }
        }
    }
}

/// Every budget of the account (`DescribeBudgets`, all pages, with filter expressions).
pub async fn describe_budgets(ctx: &AwsContext, account: &str) -> Result<Vec<BudgetRecord>> {
    let mut pages = ctx
        .budgets()
        .describe_budgets()
        .account_id(account)
        .show_filter_expression(true)
        .max_results(1000)
        .into_paginator()
        .send();
    let mut out = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| sdk_error("budgets", "DescribeBudgets", Some(account), e))?;
        out.extend(page.budgets().iter().map(from_sdk_budget));
    }
    Ok(out)
}

/// One budget, or `None` when it does not exist.
pub async fn describe_budget(ctx: &AwsContext, account: &str, name: &str) -> Result<Option<BudgetRecord>> {
    let result = ctx
        .budgets()
        .describe_budget()
        .account_id(account)
        .budget_name(name)
        .show_filter_expression(true)
        .send()
        .await;
    match result {
        Ok(out) => Ok(out.budget().map(from_sdk_budget)),
        Err(err) if err.as_service_error().is_some_and(|e| e.is_not_found_exception()) => Ok(None),
        Err(err) => Err(sdk_error("budgets", "DescribeBudget", Some(name), err)),
    }
}

/// The notifications of a budget (all pages).
pub async fn notifications(ctx: &AwsContext, account: &str, budget: &str) -> Result<Vec<NotificationRecord>> {
    let mut pages = ctx
        .budgets()
        .describe_notifications_for_budget()
        .account_id(account)
        .budget_name(budget)
        .max_results(100)
        .into_paginator()
        .send();
    let mut out = Vec::new();
    while let Some(page) = pages.next().await {
        let page =
            page.map_err(|e| sdk_error("budgets", "DescribeNotificationsForBudget", Some(budget), e))?;
        out.extend(page.notifications().iter().map(from_sdk_notification));
    }
    Ok(out)
}

/// The subscribers of one notification (all pages).
pub async fn subscribers(
    ctx: &AwsContext,
    account: &str,
    budget: &str,
    notification: &Notification,
) -> Result<Vec<Subscriber>> {
    const OP: &str = "DescribeSubscribersForNotification";
    let mut pages = ctx
        .budgets()
        .describe_subscribers_for_notification()
        .account_id(account)
        .budget_name(budget)
        .notification(sdk_notification(OP, notification)?)
        .max_results(100)
        .into_paginator()
        .send();
    let mut out = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| sdk_error("budgets", OP, Some(budget), e))?;
        out.extend(page.subscribers().iter().map(from_sdk_subscriber));
    }
    out.sort();
    Ok(out)
}

/// Creates a budget with its notifications and their subscribers in one call.
pub async fn create_budget(
    ctx: &AwsContext,
    account: &str,
    def: &BudgetDefinition,
    notifications: &[(Notification, Vec<Subscriber>)],
) -> Result<()> {
    const OP: &str = "CreateBudget";
    let mut request = ctx
        .budgets()
        .create_budget()
        .account_id(account)
        .budget(sdk_budget(OP, def)?);
    for (notification, subscribers) in notifications {
        let mut with =
            NotificationWithSubscribers::builder().notification(sdk_notification(OP, notification)?);
        for s in subscribers {
            with = with.subscribers(sdk_subscriber(OP, s)?);
        }
        request = request.notifications_with_subscribers(with.build().map_err(|e| build_error(OP, e))?);
    }
    request
        .send()
        .await
        .map_err(|e| sdk_error("budgets", OP, Some(&def.name), e))?;
    Ok(())
}

/// Replaces a budget's definition (`UpdateBudget`). Not served by moto.
pub async fn update_budget(ctx: &AwsContext, account: &str, def: &BudgetDefinition) -> Result<()> {
    const OP: &str = "UpdateBudget";
    ctx.budgets()
        .update_budget()
        .account_id(account)
        .new_budget(sdk_budget(OP, def)?)
        .send()
        .await
        .map_err(|e| sdk_error("budgets", OP, Some(&def.name), e))?;
    Ok(())
}

/// Deletes a budget, its notifications, subscribers and actions.
pub async fn delete_budget(ctx: &AwsContext, account: &str, name: &str) -> Result<()> {
    ctx.budgets()
        .delete_budget()
        .account_id(account)
        .budget_name(name)
        .send()
        .await
        .map_err(|e| sdk_error("budgets", "DeleteBudget", Some(name), e))?;
    Ok(())
}

/// Adds a notification with its subscribers.
pub async fn create_notification(
    ctx: &AwsContext,
    account: &str,
    budget: &str,
    notification: &Notification,
    subscribers: &[Subscriber],
) -> Result<()> {
    const OP: &str = "CreateNotification";
    let mut request = ctx
        .budgets()
        .create_notification()
        .account_id(account)
        .budget_name(budget)
        .notification(sdk_notification(OP, notification)?);
    for s in subscribers {
        request = request.subscribers(sdk_subscriber(OP, s)?);
    }
    request
        .send()
        .await
        .map_err(|e| sdk_error("budgets", OP, Some(budget), e))?;
    Ok(())
}

/// Removes a notification and its subscribers.
pub async fn delete_notification(
    ctx: &AwsContext,
    account: &str,
    budget: &str,
    notification: &Notification,
) -> Result<()> {
    const OP: &str = "DeleteNotification";
    ctx.budgets()
        .delete_notification()
        .account_id(account)
        .budget_name(budget)
        .notification(sdk_notification(OP, notification)?)
        .send()
        .await
        .map_err(|e| sdk_error("budgets", OP, Some(budget), e))?;
    Ok(())
}

/// Changes a notification in place, keeping its subscribers. Not served by moto.
pub async fn update_notification(
    ctx: &AwsContext,
    account: &str,
    budget: &str,
    old: &Notification,
    new: &Notification,
) -> Result<()> {
    const OP: &str = "UpdateNotification";
    ctx.budgets()
        .update_notification()
        .account_id(account)
        .budget_name(budget)
        .old_notification(sdk_notification(OP, old)?)
        .new_notification(sdk_notification(OP, new)?)
        .send()
        .await
        .map_err(|e| sdk_error("budgets", OP, Some(budget), e))?;
    Ok(())
}

/// Adds one subscriber to a notification. Not served by moto.
pub async fn create_subscriber(
    ctx: &AwsContext,
    account: &str,
    budget: &str,
    notification: &Notification,
    subscriber: &Subscriber,
) -> Result<()> {
    const OP: &str = "CreateSubscriber";
    ctx.budgets()
        .create_subscriber()
        .account_id(account)
        .budget_name(budget)
        .notification(sdk_notification(OP, notification)?)
        .subscriber(sdk_subscriber(OP, subscriber)?)
        .send()
        .await
        .map_err(|e| sdk_error("budgets", OP, Some(budget), e))?;
    Ok(())
}

/// Removes one subscriber from a notification. Not served by moto.
pub async fn delete_subscriber(
    ctx: &AwsContext,
    account: &str,
    budget: &str,
    notification: &Notification,
    subscriber: &Subscriber,
) -> Result<()> {
    const OP: &str = "DeleteSubscriber";
    ctx.budgets()
        .delete_subscriber()
        .account_id(account)
        .budget_name(budget)
        .notification(sdk_notification(OP, notification)?)
        .subscriber(sdk_subscriber(OP, subscriber)?)
        .send()
        .await
        .map_err(|e| sdk_error("budgets", OP, Some(budget), e))?;
    Ok(())
}

/// The `APPLY_IAM_POLICY` actions of a budget (`DescribeBudgetActionsForBudget`, all pages). Actions of
/// other types are left out. Not served by moto.
pub async fn iam_actions(ctx: &AwsContext, account: &str, budget: &str) -> Result<Vec<IamAction>> {
    const OP: &str = "DescribeBudgetActionsForBudget";
    let mut pages = ctx
        .budgets()
        .describe_budget_actions_for_budget()
        .account_id(account)
        .budget_name(budget)
        .into_paginator()
        .send();
    let mut out = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| sdk_error("budgets", OP, Some(budget), e))?;
        for action in page.actions() {
            if action.action_type() != &ActionType::Iam {
                continue;
            }
            let Some(iam) = action.definition().and_then(|d| d.iam_action_definition()) else {
                continue;
            };
            let mut subscribers: Vec<Subscriber> =
                action.subscribers().iter().map(from_sdk_subscriber).collect();
            subscribers.sort();
            out.push(IamAction {
                action_id: Some(action.action_id().to_string()),
                notification_type: action.notification_type().as_str().to_string(),
                threshold: action
                    .action_threshold()
                    .map(|t| threshold_decimal(t.action_threshold_value()))
                    .unwrap_or_default(),
                threshold_type: action
                    .action_threshold()
                    .map_or("PERCENTAGE", |t| t.action_threshold_type().as_str())
                    .to_string(),
                policy_arn: iam.policy_arn().to_string(),
                roles: iam.roles().to_vec(),
                execution_role_arn: action.execution_role_arn().to_string(),
                approval: action.approval_model().as_str().to_string(),
                subscribers,
                status: Some(action.status().as_str().to_string()),
            });
        }
    }
    Ok(out)
}

fn iam_definition(operation: &'static str, action: &IamAction) -> Result<(ActionThreshold, Definition)> {
    let threshold = ActionThreshold::builder()
        .action_threshold_value(threshold_f64(action.threshold))
        .action_threshold_type(ThresholdType::from(action.threshold_type.as_str()))
        .build()
        .map_err(|e| build_error(operation, e))?;
    let mut iam = IamActionDefinition::builder().policy_arn(&action.policy_arn);
    for role in &action.roles {
        iam = iam.roles(role);
    }
    let definition = Definition::builder()
        .iam_action_definition(iam.build().map_err(|e| build_error(operation, e))?)
        .build();
    Ok((threshold, definition))
}

/// Creates an `APPLY_IAM_POLICY` action; returns its id. Not served by moto.
pub async fn create_iam_action(
    ctx: &AwsContext,
    account: &str,
    budget: &str,
    action: &IamAction,
) -> Result<String> {
    const OP: &str = "CreateBudgetAction";
    let (threshold, definition) = iam_definition(OP, action)?;
    let mut request = ctx
        .budgets()
        .create_budget_action()
        .account_id(account)
        .budget_name(budget)
        .notification_type(NotificationType::from(action.notification_type.as_str()))
        .action_type(ActionType::Iam)
        .action_threshold(threshold)
        .definition(definition)
        .execution_role_arn(&action.execution_role_arn)
        .approval_model(ApprovalModel::from(action.approval.as_str()));
    for s in &action.subscribers {
        request = request.subscribers(sdk_subscriber(OP, s)?);
    }
    let out = request
        .send()
        .await
        .map_err(|e| sdk_error("budgets", OP, Some(budget), e))?;
    Ok(out.action_id().to_string())
}

/// Rewrites an existing action (`UpdateBudgetAction`). Not served by moto.
pub async fn update_iam_action(
    ctx: &AwsContext,
    account: &str,
    budget: &str,
    action_id: &str,
    action: &IamAction,
) -> Result<()> {
    const OP: &str = "UpdateBudgetAction";
    let (threshold, definition) = iam_definition(OP, action)?;
    let mut request = ctx
        .budgets()
        .update_budget_action()
        .account_id(account)
        .budget_name(budget)
        .action_id(action_id)
        .notification_type(NotificationType::from(action.notification_type.as_str()))
        .action_threshold(threshold)
        .definition(definition)
        .execution_role_arn(&action.execution_role_arn)
        .approval_model(ApprovalModel::from(action.approval.as_str()));
    for s in &action.subscribers {
        request = request.subscribers(sdk_subscriber(OP, s)?);
    }
    request
        .send()
        .await
        .map_err(|e| sdk_error("budgets", OP, Some(budget), e))?;
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
    //! Request shapes of the calls moto does not serve, checked against the AWS Budgets API reference
    //! (`budgets-2016-10-20`): the JSON body actually sent and the `X-Amz-Target` operation.

    use std::sync::{Arc, Mutex};

    use aws_sdk_budgets::operation::create_budget_action::CreateBudgetActionOutput;
    use aws_sdk_budgets::operation::describe_budget_actions_for_budget::DescribeBudgetActionsForBudgetOutput;
    use aws_sdk_budgets::operation::update_budget::UpdateBudgetOutput;
    use aws_smithy_mocks::{MockResponseInterceptor, RuleMode, create_mock_http_client, mock};
    use aws_smithy_runtime_api::box_error::BoxError;
    use aws_smithy_runtime_api::client::interceptors::Intercept;
    use aws_smithy_runtime_api::client::interceptors::context::BeforeTransmitInterceptorContextRef;
    use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
    use aws_smithy_types::config_bag::ConfigBag;
    use serde_json::{Value, json};

    use super::*;

    /// Every request as sent: (X-Amz-Target, JSON body).
    #[derive(Debug, Clone, Default)]
    pub(crate) struct Captured(pub Arc<Mutex<Vec<(String, Value)>>>);

    impl Captured {
        pub(crate) fn requests(&self) -> Vec<(String, Value)> {
            self.0.lock().map(|v| v.clone()).unwrap_or_default()
        }

        /// The operation names in order (`UpdateBudget`, ...).
        pub(crate) fn operations(&self) -> Vec<String> {
            self.requests()
                .into_iter()
                .map(|(target, _)| target.rsplit('.').next().unwrap_or_default().to_string())
                .collect()
        }
    }

    impl Intercept for Captured {
        fn name(&self) -> &'static str {
            "Captured"
        }

        fn read_before_transmit(
            &self,
            context: &BeforeTransmitInterceptorContextRef<'_>,
            _runtime_components: &RuntimeComponents,
            _cfg: &mut ConfigBag,
        ) -> std::result::Result<(), BoxError> {
            let request = context.request();
            let target = request
                .headers()
                .get("x-amz-target")
                .unwrap_or_default()
                .to_string();
            let body = request
                .body()
                .bytes()
                .and_then(|b| serde_json::from_slice(b).ok())
                .unwrap_or(Value::Null);
            if let Ok(mut v) = self.0.lock() {
                v.push((target, body));
            }
            Ok(())
        }
    }

    /// A context whose Budgets client answers from `rules` and records every request, and whose STS
    /// says the caller is in account 123456789012.
    pub(crate) fn mocked(rules: &[&aws_smithy_mocks::Rule]) -> (AwsContext, Captured) {
        let captured = Captured::default();
        let interceptor = captured.clone();
        // mock_client! needs the SDK's `test-util` feature; this is the same client without it.
        let mocks = rules.iter().fold(
            MockResponseInterceptor::new().rule_mode(RuleMode::MatchAny),
            |m, r| m.with_rule(r),
        );
        let config = aws_sdk_budgets::Config::builder()
            .behavior_version(aws_config::BehaviorVersion::latest())
            .region(aws_config::Region::new("us-east-1"))
            .credentials_provider(aws_sdk_budgets::config::Credentials::new(
                "test", "test", None, None, "test",
            ))
            .http_client(create_mock_http_client())
            .interceptor(mocks)
            .interceptor(interceptor)
            .build();
        let client = aws_sdk_budgets::Client::from_conf(config);
        let ctx = AwsContext::for_tests();
        ctx.set_client("budgets", client);
        let sts = mock!(aws_sdk_sts::Client::get_caller_identity).then_output(|| {
            aws_sdk_sts::operation::get_caller_identity::GetCallerIdentityOutput::builder()
                .account("123456789012")
                .arn("arn:aws:iam::123456789012:user/tests")
                .user_id("AIDATESTS")
                .build()
        });
        let sts_config = aws_sdk_sts::Config::builder()
            .behavior_version(aws_config::BehaviorVersion::latest())
            .region(aws_config::Region::new("us-east-1"))
            .credentials_provider(aws_sdk_sts::config::Credentials::new(
                "test", "test", None, None, "test",
            ))
            .http_client(create_mock_http_client())
            .interceptor(MockResponseInterceptor::new().with_rule(&sts))
            .build();
        ctx.set_client("sts", aws_sdk_sts::Client::from_conf(sts_config));
        (ctx, captured)
    }

    fn definition() -> BudgetDefinition {
        BudgetDefinition {
            name: "costbrake-agent-research-agent".into(),
            limit: Decimal::new(75050, 2),
            unit: "USD".into(),
            time_unit: "QUARTERLY".into(),
            scope: Scope::Tag {
                key: "agent-name".into(),
                value: "research-agent".into(),
            },
            metric: "UnblendedCost".into(),
        }
    }

    fn deny_action() -> IamAction {
        IamAction {
            action_id: None,
            notification_type: "ACTUAL".into(),
            threshold: Decimal::from(100),
            threshold_type: "PERCENTAGE".into(),
            policy_arn: "arn:aws:iam::aws:policy/AWSDenyAll".into(),
            roles: vec!["research-agent-exec".into()],
            execution_role_arn: "arn:aws:iam::123456789012:role/budgets-actions".into(),
            approval: "MANUAL".into(),
            subscribers: vec![Subscriber {
                kind: "EMAIL".into(),
                address: "oncall@example.com".into(),
            }],
            status: None,
        }
    }

    #[tokio::test]
    async fn update_budget_sends_the_whole_new_budget_with_a_filter_expression() {
        let rule = mock!(aws_sdk_budgets::Client::update_budget)
            .then_output(|| UpdateBudgetOutput::builder().build());
        let (ctx, captured) = mocked(&[&rule]);
        update_budget(&ctx, "123456789012", &definition())
            .await
            .expect("update");
        let requests = captured.requests();
        assert_eq!(requests.len(), 1);
        assert_eq!(requests[0].0, "AWSBudgetServiceGateway.UpdateBudget");
        assert_eq!(
            requests[0].1,
            json!({
                "AccountId": "123456789012",
                "NewBudget": {
                    "BudgetName": "costbrake-agent-research-agent",
                    "BudgetLimit": {"Amount": "750.5", "Unit": "USD"},
                    "TimeUnit": "QUARTERLY",
                    "BudgetType": "COST",
                    "FilterExpression": {
                        "Tags": {"Key": "agent-name", "Values": ["research-agent"], "MatchOptions": ["EQUALS"]}
                    },
                    "Metrics": ["UnblendedCost"]
                }
            })
        );
    }

    #[tokio::test]
    async fn a_sandbox_budget_is_updated_over_its_linked_account_and_read_back_as_one() {
        // A new --budget on a sandbox's second `create` is an UpdateBudget, which moto lacks: the
        // request shape is the API reference's (Expression.Dimensions, Key LINKED_ACCOUNT).
        let rule = mock!(aws_sdk_budgets::Client::update_budget)
            .then_output(|| UpdateBudgetOutput::builder().build());
        let (ctx, captured) = mocked(&[&rule]);
        let sandbox = BudgetDefinition {
            name: "costbrake-sandbox-team-research".into(),
            time_unit: "MONTHLY".into(),
            limit: Decimal::from(600),
            scope: Scope::LinkedAccount("210987654321".into()),
            ..definition()
        };
        update_budget(&ctx, "123456789012", &sandbox)
            .await
            .expect("update");
        assert_eq!(
            captured.requests()[0].1["NewBudget"]["FilterExpression"],
            json!({"Dimensions": {"Key": "LINKED_ACCOUNT", "Values": ["210987654321"], "MatchOptions": ["EQUALS"]}})
        );
        let budget = sdk_budget("CreateBudget", &sandbox).expect("a budget");
        assert_eq!(
            from_sdk_budget(&budget).filter,
            Filter::LinkedAccount {
                accounts: vec!["210987654321".into()],
                match_options: vec!["EQUALS".into()],
            }
        );
    }

    #[tokio::test]
    async fn create_budget_action_sends_an_apply_iam_policy_definition() {
        let rule = mock!(aws_sdk_budgets::Client::create_budget_action).then_output(|| {
            CreateBudgetActionOutput::builder()
                .account_id("123456789012")
                .budget_name("costbrake-agent-research-agent")
                .action_id("a1b2c3d4-5678-90ab-cdef-EXAMPLE11111")
                .build()
                .expect("output")
        });
        let (ctx, captured) = mocked(&[&rule]);
        let id = create_iam_action(
            &ctx,
            "123456789012",
            "costbrake-agent-research-agent",
            &deny_action(),
        )
        .await
        .expect("create action");
        assert_eq!(id, "a1b2c3d4-5678-90ab-cdef-EXAMPLE11111");
        let requests = captured.requests();
        assert_eq!(requests[0].0, "AWSBudgetServiceGateway.CreateBudgetAction");
        assert_eq!(
            requests[0].1,
            json!({
                "AccountId": "123456789012",
                "BudgetName": "costbrake-agent-research-agent",
                "NotificationType": "ACTUAL",
                "ActionType": "APPLY_IAM_POLICY",
                "ActionThreshold": {"ActionThresholdValue": 100.0, "ActionThresholdType": "PERCENTAGE"},
                "Definition": {
                    "IamActionDefinition": {
                        "PolicyArn": "arn:aws:iam::aws:policy/AWSDenyAll",
                        "Roles": ["research-agent-exec"]
                    }
                },
                "ExecutionRoleArn": "arn:aws:iam::123456789012:role/budgets-actions",
                "ApprovalModel": "MANUAL",
                "Subscribers": [{"SubscriptionType": "EMAIL", "Address": "oncall@example.com"}]
            })
        );
    }

    #[tokio::test]
    async fn budget_actions_are_read_back_as_iam_actions_only() {
        let rule = mock!(aws_sdk_budgets::Client::describe_budget_actions_for_budget).then_output(|| {
            let iam = bt::Action::builder()
                .action_id("a1b2c3d4-5678-90ab-cdef-EXAMPLE11111")
                .budget_name("costbrake-agent-research-agent")
                .notification_type(NotificationType::Actual)
                .action_type(ActionType::Iam)
                .action_threshold(
                    ActionThreshold::builder()
                        .action_threshold_value(100.0)
                        .action_threshold_type(ThresholdType::Percentage)
                        .build()
                        .expect("threshold"),
                )
                .definition(
                    Definition::builder()
                        .iam_action_definition(
                            IamActionDefinition::builder()
                                .policy_arn("arn:aws:iam::aws:policy/AWSDenyAll")
                                .roles("research-agent-exec")
                                .build()
                                .expect("iam"),
                        )
                        .build(),
                )
                .execution_role_arn("arn:aws:iam::123456789012:role/budgets-actions")
                .approval_model(ApprovalModel::Manual)
                .status(bt::ActionStatus::Standby)
                .subscribers(
                    bt::Subscriber::builder()
                        .subscription_type(SubscriptionType::Email)
                        .address("oncall@example.com")
                        .build()
                        .expect("subscriber"),
                )
                .build()
                .expect("action");
            let ssm = bt::Action::builder()
                .action_id("a1b2c3d4-5678-90ab-cdef-EXAMPLE22222")
                .budget_name("costbrake-agent-research-agent")
                .notification_type(NotificationType::Actual)
                .action_type(ActionType::Ssm)
                .execution_role_arn("arn:aws:iam::123456789012:role/budgets-actions")
                .approval_model(ApprovalModel::Auto)
                .status(bt::ActionStatus::Standby)
                .subscribers(
                    bt::Subscriber::builder()
                        .subscription_type(SubscriptionType::Email)
                        .address("oncall@example.com")
                        .build()
                        .expect("subscriber"),
                )
                .build()
                .expect("action");
            DescribeBudgetActionsForBudgetOutput::builder()
                .actions(iam)
                .actions(ssm)
                .build()
                .expect("output")
        });
        let (ctx, captured) = mocked(&[&rule]);
        let actions = iam_actions(&ctx, "123456789012", "costbrake-agent-research-agent")
            .await
            .expect("actions");
        let mut expected = deny_action();
        expected.action_id = Some("a1b2c3d4-5678-90ab-cdef-EXAMPLE11111".into());
        expected.status = Some("STANDBY".into());
        assert_eq!(actions, vec![expected]);
        assert_eq!(
            captured.requests()[0].1,
            json!({"AccountId": "123456789012", "BudgetName": "costbrake-agent-research-agent"})
        );
    }

    #[test]
    fn long_aws_amounts_parse() {
        assert_eq!(
            parse_amount("604.4560000000000172803993336856365203857421875"),
            Some(Decimal::new(604456, 3))
        );
        assert_eq!(parse_amount("500"), Some(Decimal::from(500)));
        assert_eq!(parse_amount("500.00"), Some(Decimal::from(500)));
        assert_eq!(parse_amount("nope"), None);
    }

    #[test]
    fn thresholds_round_trip_through_doubles() {
        assert_eq!(threshold_decimal(80.0), Decimal::from(80));
        assert_eq!(threshold_decimal(33.3), Decimal::new(333, 1));
        assert_eq!(threshold_f64(Decimal::new(333, 1)), 33.3);
    }
}
