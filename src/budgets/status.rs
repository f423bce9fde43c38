//! What AWS has, as `budget list` and `budget show` report it: each budget's spend and state ([`status`],
//! pure) and the reads behind them. [`list`] is also the library entry point for `costbrake guard`, which
//! acts on breached budgets.

use rust_decimal::Decimal;
use serde::Serialize;

use super::spec::NAME_PREFIX;
use super::{SCHEMA_LIST, SCHEMA_SHOW};
use crate::aws::budgets::{self as api, BudgetRecord, Filter, Subscriber};
use crate::aws::{self, AwsContext};
use crate::error::{Error, Result};

/// `list`'s state is `warning` from this percentage of the limit actually spent.
pub const WARNING_PERCENT: u32 = 80;

/// A budget's spend state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
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
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct BudgetStatus {
    pub name: String,
    /// The agent the budget is filtered on, when it is filtered on the agent tag.
    pub agent: Option<String>,
    /// Whether costbrake manages it (its name starts with `costbrake-agent-`).
    pub managed: bool,
    /// `daily`, `monthly`, `quarterly` or `annually`.
    pub period: String,
    pub unit: Option<String>,
    #[cfg_attr(test, schemars(with = "Option<crate::schemas::Decimal>"))]
    pub limit: Option<Decimal>,
    #[cfg_attr(test, schemars(with = "Option<crate::schemas::Decimal>"))]
    pub actual: Option<Decimal>,
    #[cfg_attr(test, schemars(with = "Option<crate::schemas::Decimal>"))]
    pub forecast: Option<Decimal>,
    /// Actual spend as a percentage of the limit, one decimal.
    #[cfg_attr(test, schemars(with = "Option<crate::schemas::Decimal>"))]
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
#[cfg_attr(test, derive(schemars::JsonSchema))]
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
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct ShownNotification {
    #[serde(flatten)]
    pub notification: api::NotificationRecord,
    pub subscribers: Vec<Subscriber>,
}

/// `budget show`: one budget in full.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
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

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::budgets::spec::METRIC;

    pub(crate) fn record(name: &str, limit: &str, actual: &str, forecast: &str) -> BudgetRecord {
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
            auto_adjust: None,
            planned_limits: 0,
        }
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
}
