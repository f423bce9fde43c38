//! Plans: what makes AWS match a spec. A spec in AWS's terms (budget definition, notifications,
//! subscribers, budget action), what AWS has for it ([`Observed`]), and their comparison ([`plan`], pure)
//! into the ordered steps `sync::apply` executes.
//!
//! It names the AWS shapes of `crate::aws::budgets` and calls nothing.

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;
use serde::Serialize;

use super::spec::{ACTION_PERCENT, Approval, FORECAST_PERCENT, METRIC, Period, Spec, Target};
use crate::aws::budgets::{
    BudgetDefinition, BudgetRecord, Filter, IamAction, Notification, Scope, Subscriber,
};

impl Target {
    /// Who AWS sends a notification to.
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
    /// The Budgets `ApprovalModel`.
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
            scope: match &self.account {
                Some(account) => Scope::LinkedAccount(account.clone()),
                None => Scope::Tag {
                    key: tag_key.into(),
                    value: self.agent.clone(),
                },
            },
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

/// What AWS has for one costbrake budget: what [`plan`] compares a spec with (`sync::observe` reads it).
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

/// One field of a budget that differs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct FieldChange {
    pub field: &'static str,
    pub from: String,
    pub to: String,
}

/// One step of a plan, in the order `apply` executes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Change {
    CreateBudget {
        #[cfg_attr(test, schemars(with = "crate::schemas::Decimal"))]
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
#[cfg_attr(test, derive(schemars::JsonSchema))]
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
#[cfg_attr(test, derive(schemars::JsonSchema))]
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
    let equals = |options: &[String]| options.is_empty() || options == ["EQUALS"];
    let (filter_ok, wanted_filter) = match &wanted.scope {
        Scope::Tag { key: want, value } => (
            matches!(&have.filter, Filter::Tag { key, values, match_options }
                if key == want && *values == [value.clone()] && equals(match_options)),
            format!("tag {want} = {value}"),
        ),
        Scope::LinkedAccount(account) => (
            matches!(&have.filter, Filter::LinkedAccount { accounts, match_options }
                if *accounts == [account.clone()] && equals(match_options)),
            format!("linked account {account}"),
        ),
    };
    if !filter_ok {
        differ("filter", describe_filter(&have.filter), wanted_filter);
    }
    differ("metrics", have.metrics.join(","), wanted.metric.clone());
    fields
}

/// A filter in words, for plans and tables.
pub fn describe_filter(filter: &Filter) -> String {
    match filter {
        Filter::None => "none (whole account)".into(),
        Filter::Tag { key, values, .. } => format!("tag {key} = {}", values.join(" | ")),
        Filter::LinkedAccount { accounts, .. } => format!("linked account {}", accounts.join(" | ")),
        Filter::LegacyTag { tag_key_values } => {
            format!("CostFilters TagKeyValue {}", tag_key_values.join(" | "))
        }
        Filter::Other { description, .. } => description.clone(),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::budgets::spec::tests::spec_with;
    use crate::budgets::spec::{DenyIam, Spelling};
    use crate::budgets::status::tests::record;

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
                    &Spelling::default(),
                )
                .expect("action"),
            );
        });
        let p = plan(&spec, "agent-name", Some(&observed_from(&spec)));
        assert_eq!(p.verdict, Verdict::Unchanged, "{:?}", p.changes);
        assert!(p.changes.is_empty());
    }

    #[test]
    fn a_sandbox_budget_is_compared_on_its_linked_account() {
        let mut spec = spec_with(|i| {
            i.notify = vec!["email:a@example.com".into()];
            i.forecast = true;
        });
        spec.account = Some("210987654321".into());
        let mut observed = observed_from(&spec);
        observed.budget.filter = Filter::LinkedAccount {
            accounts: vec!["210987654321".into()],
            match_options: vec!["EQUALS".into()],
        };
        let p = plan(&spec, "agent-name", Some(&observed));
        assert_eq!(p.verdict, Verdict::Unchanged, "{:?}", p.changes);

        // Another account, or the agent tag, is a filter change to the sandbox's account.
        for filter in [
            Filter::LinkedAccount {
                accounts: vec!["111111111111".into()],
                match_options: vec![],
            },
            Filter::Tag {
                key: "agent-name".into(),
                values: vec![spec.agent.clone()],
                match_options: vec![],
            },
        ] {
            observed.budget.filter = filter;
            let p = plan(&spec, "agent-name", Some(&observed));
            let Change::UpdateBudget { fields } = &p.changes[0] else {
                panic!("{:?}", p.changes)
            };
            assert_eq!(fields[0].field, "filter");
            assert_eq!(fields[0].to, "linked account 210987654321");
        }
        assert_eq!(
            spec.definition("agent-name").scope,
            Scope::LinkedAccount("210987654321".into())
        );
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
                    &Spelling::default(),
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
                DenyIam::new(
                    vec!["r".into()],
                    "arn:aws:iam::123456789012:role/x",
                    approval,
                    &Spelling::default(),
                )
                .expect("action"),
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
}
