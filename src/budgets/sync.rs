//! Writing to AWS: reading what a plan needs ([`observe`]), executing a plan ([`apply`]), and the commands
//! built on them: `budget create` (one spec), `budget sync` (the file's specs against every costbrake
//! budget) and `budget delete`. Confirmation prompts are the caller's.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::plan::{BudgetPlan, Change, Observed, Verdict, plan};
use super::spec::{NAME_PREFIX, Spec, role_arn_account};
use super::status::{account, status};
use super::{SCHEMA_CHANGE, SCHEMA_SYNC};
use crate::aws::budgets::{self as api, BudgetRecord, Notification, Subscriber};
use crate::aws::{self, AwsContext};
use crate::error::{Error, ExitCode, Result};

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

/// The result of `budget create`.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
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

/// What `create` would change for `spec` in `account`, without changing it (for `sandbox sync`'s plans).
pub async fn plan_only(ctx: &AwsContext, account: &str, spec: &Spec) -> Result<BudgetPlan> {
    let observed = match api::describe_budget(ctx, account, &spec.name).await? {
        Some(budget) => Some(observe(ctx, account, spec, budget).await?),
        None => None,
    };
    Ok(plan(spec, "", observed.as_ref()))
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
#[cfg_attr(test, derive(schemars::JsonSchema))]
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
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct SyncSummary {
    pub create: usize,
    pub update: usize,
    pub delete: usize,
    pub unchanged: usize,
    pub orphaned: usize,
}

/// `budget sync`: the file's budgets against AWS.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
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
    use crate::budgets::spec::{Approval, DenyIam, Spelling};

    /// `DescribeBudget`'s answer for research-agent's budget as costbrake writes it: a monthly USD cost
    /// budget of `limit`, filtered on the `agent-name` tag.
    fn described_budget(limit: &str) -> aws_sdk_budgets::operation::describe_budget::DescribeBudgetOutput {
        use aws_sdk_budgets::types as bt;

        let budget = bt::Budget::builder()
            .budget_name("costbrake-agent-research-agent")
            .budget_limit(
                bt::Spend::builder()
                    .amount(limit)
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
        aws_sdk_budgets::operation::describe_budget::DescribeBudgetOutput::builder()
            .budget(budget)
            .build()
    }

    /// The update path against the Budgets API (moto serves none of UpdateBudget, UpdateNotification,
    /// CreateSubscriber, DeleteSubscriber, DescribeSubscribersForNotification): what is read, then the
    /// exact requests that make AWS match, in order.
    #[tokio::test]
    async fn update_sends_update_budget_then_notification_and_subscriber_changes() {
        use aws_sdk_budgets::operation::describe_notifications_for_budget::DescribeNotificationsForBudgetOutput;
        use aws_sdk_budgets::operation::describe_subscribers_for_notification::DescribeSubscribersForNotificationOutput;
        use aws_sdk_budgets::types as bt;
        use aws_smithy_mocks::mock;
        use serde_json::json;

        let describe =
            mock!(aws_sdk_budgets::Client::describe_budget).then_output(|| described_budget("400.0"));
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
                &Spelling::default(),
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
        let describe =
            mock!(aws_sdk_budgets::Client::describe_budget).then_output(|| described_budget("500"));
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
