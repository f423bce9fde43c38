//! `sandbox create` and `sandbox adopt`: make the organization hold a sandbox as its spec says, and
//! converge when part of it is there already. Each step reads first and writes only what differs, so the
//! same command again sends nothing, and a run after one that failed half-way (the account made, its
//! budget not) finishes the job.

use std::time::{Duration, Instant};

use serde::Serialize;

use super::spec::{Spec, validate_name};
use super::{
    ACTIVE_OU, FROZEN_OU, Ous, PARENT_OU, SCHEMA_CHANGE, TAG_BUDGET, TAG_OWNER, TAG_SANDBOX,
    management_account,
};
use crate::aws::AwsContext;
use crate::aws::organizations::{self as orgs, Account, CreateStatus};
use crate::budgets::{self, BudgetPlan, Verdict};
use crate::error::{AwsError, Error, Result};
use crate::progress::Progress;

/// The tag an adopted account keeps its former OU in, so that it can be put back by hand.
pub const TAG_ADOPTED_FROM: &str = "costbrake:adopted-from";

/// What `sandbox create` needs besides the spec.
#[derive(Debug, Clone)]
pub struct Create {
    pub spec: Spec,
    /// How long to wait for AWS to make the account.
    pub timeout: Duration,
    /// How often to ask where the creation stands.
    pub poll: Duration,
    /// Read only: say what would change (`sandbox sync` plans and `--check`).
    pub dry: bool,
}

/// What `sandbox adopt` needs: the spec (its email unused) and the account.
#[derive(Debug, Clone)]
pub struct Adopt {
    pub spec: Spec,
    pub account_id: String,
    /// Whether `spec.name` was given (`--name`); else the sandbox takes the account's own name.
    pub named: bool,
    /// Read only: say what would change.
    pub dry: bool,
}

/// One change made (or found unnecessary) on the way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(tag = "change", rename_all = "kebab-case")]
pub enum Change {
    /// `CreateAccount`, then waited for.
    CreateAccount { request_id: String, seconds: u64 },
    /// A creation already under way (an earlier run was interrupted), waited for.
    AwaitAccount { request_id: String, seconds: u64 },
    /// `CreateOrganizationalUnit`.
    CreateOu {
        name: String,
        id: String,
        parent: String,
    },
    /// `MoveAccount`.
    MoveAccount { from: String, to: String },
    /// `TagResource` on the account, with the keys set.
    TagAccount { keys: Vec<String> },
}

/// The result of `sandbox create` or `sandbox adopt`.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Outcome {
    pub schema: &'static str,
    /// `create` or `adopt`.
    pub command: &'static str,
    pub management_account: String,
    pub name: String,
    pub account_id: String,
    pub email: String,
    /// `active`, or `frozen` for a frozen sandbox (create and adopt never unfreeze one).
    pub state: &'static str,
    pub ous: Ous,
    /// Created, updated or unchanged: whether anything was sent.
    pub verdict: Verdict,
    pub changes: Vec<Change>,
    /// The budget's own plan (its verdict and changes), applied.
    pub budget: Option<BudgetPlan>,
    /// What failed after the changes above, and how to finish (exit 4).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// A plan (`sandbox sync`'s): the changes are what would be sent; nothing was.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub planned: bool,
}

impl Outcome {
    /// Whether anything was sent to AWS.
    pub fn changed(&self) -> bool {
        !self.changes.is_empty() || self.budget.as_ref().is_some_and(|b| b.verdict.changes_aws())
    }
}

/// `sandbox create NAME --email ADDR --budget USD`: the account (made and waited for, unless it exists),
/// the costbrake OUs, the account in `active`, its tags and its budget.
pub async fn create(ctx: &AwsContext, create: &Create, progress: &dyn Progress) -> Result<Outcome> {
    let spec = &create.spec;
    let email = spec
        .email
        .clone()
        .ok_or_else(|| Error::usage("internal: sandbox create needs --email"))?;
    let management = management_account(ctx).await?;
    check_ou(ctx, spec).await?;
    let accounts = orgs::accounts(ctx).await?;
    let mut changes = Vec::new();
    let account = match existing(ctx, &accounts, &spec.name).await? {
        Some(account) => account,
        None => {
            if let Some(taken) = accounts
                .iter()
                .find(|a| a.email.eq_ignore_ascii_case(&email) && !closed(a))
            {
                return Err(Error::usage(format!(
                    "--email {email} is the email of account {} ({}); every AWS account needs its own: give \
                     another, or `costbrake sandbox adopt {}` to make that account the sandbox",
                    taken.id, taken.name, taken.id
                )));
            }
            if create.dry {
                return Ok(planned_account(spec, &management, &email));
            }
            let started = Instant::now();
            let pending = orgs::creations_in_progress(ctx)
                .await?
                .into_iter()
                .find(|c| c.account_name == spec.name);
            let (status, resumed) = match pending {
                Some(status) => (status, true),
                None => {
                    let tags = vec![
                        (TAG_SANDBOX.to_string(), spec.name.clone()),
                        (TAG_BUDGET.to_string(), spec.budget_tag()),
                    ];
                    let tags = match &spec.owner {
                        Some(owner) => [tags, vec![(TAG_OWNER.to_string(), owner.clone())]].concat(),
                        None => tags,
                    };
                    (orgs::create_account(ctx, &spec.name, &email, &tags).await?, false)
                }
            };
            let request_id = status.request_id.clone();
            let id = wait(ctx, status, create, progress).await?;
            let seconds = started.elapsed().as_secs();
            changes.push(if resumed {
                Change::AwaitAccount { request_id, seconds }
            } else {
                Change::CreateAccount { request_id, seconds }
            });
            orgs::account(ctx, &id).await?.ok_or_else(|| {
                Error::from(AwsError {
                    service: "organizations",
                    operation: "DescribeAccount",
                    scope: Some(id.clone()),
                    code: None,
                    detail: "the account just created is not in the organization".into(),
                    hint: Some("run the same command again".into()),
                })
            })?
        }
    };
    let run = Converge {
        command: "create",
        spec,
        management: &management,
        dry: create.dry,
    };
    Ok(converge(ctx, run, account, None, changes).await)
}

/// `sandbox adopt ACCOUNT_ID --budget USD`: an existing member account becomes a sandbox, named `spec.name`.
pub async fn adopt(ctx: &AwsContext, adopt: &Adopt) -> Result<Outcome> {
    let mut spec = adopt.spec.clone();
    let management = management_account(ctx).await?;
    if adopt.account_id == management {
        return Err(Error::usage(format!(
            "account {management} is the organization's management account, which cannot be a sandbox: SCPs \
             do not apply to it, so it could never be frozen; adopt a member account"
        )));
    }
    check_ou(ctx, &spec).await?;
    let account = orgs::account(ctx, &adopt.account_id).await?.ok_or_else(|| {
        Error::usage(format!(
            "account {} is not in this organization; see `aws organizations list-accounts`",
            adopt.account_id
        ))
    })?;
    if closed(&account) {
        return Err(Error::usage(format!(
            "account {} ({}) is {}; a closed account cannot be a sandbox",
            account.id, account.name, account.state
        )));
    }
    if !adopt.named {
        spec.name = adopted_name(&account.name).map_err(|why| {
            Error::usage(format!(
                "account {} is named `{}`: {why}",
                account.id, account.name
            ))
        })?;
    }
    let tags = orgs::tags(ctx, &account.id).await?;
    if let Some((_, other)) = tags.iter().find(|(k, v)| k == TAG_SANDBOX && *v != spec.name) {
        return Err(Error::usage(format!(
            "account {} is sandbox `{other}` already; adopt it under that name, or remove its {TAG_SANDBOX} tag first",
            account.id
        )));
    }
    if let Some(named) = orgs::accounts(ctx)
        .await?
        .into_iter()
        .find(|a| a.id != account.id && a.name == spec.name && !closed(a))
    {
        let other = orgs::tags(ctx, &named.id).await?;
        if other.iter().any(|(k, v)| k == TAG_SANDBOX && *v == spec.name) {
            return Err(Error::usage(format!(
                "sandbox `{}` is account {} already; give this one another name with --name",
                spec.name, named.id
            )));
        }
    }
    let run = Converge {
        command: "adopt",
        spec: &spec,
        management: &management,
        dry: adopt.dry,
    };
    Ok(converge(ctx, run, account, Some(tags), Vec::new()).await)
}

/// The name an adopted account gets without `--name`: its own, when it makes a valid sandbox name.
fn adopted_name(account_name: &str) -> std::result::Result<String, String> {
    validate_name(account_name)
        .map(|()| account_name.to_string())
        .map_err(|why| format!("{why}; give the sandbox a name with --name"))
}

fn closed(account: &Account) -> bool {
    matches!(account.state.as_str(), "SUSPENDED" | "PENDING_CLOSURE")
}

/// `--ou` must be an OU of the organization.
async fn check_ou(ctx: &AwsContext, spec: &Spec) -> Result<()> {
    if let Some(ou) = &spec.ou
        && orgs::ou(ctx, ou).await?.is_none()
    {
        return Err(Error::usage(format!(
            "--ou {ou} is not an OU of this organization; see `aws organizations \
             list-organizational-units-for-parent`"
        )));
    }
    Ok(())
}

/// The sandbox `name` among the organization's open accounts: the one tagged with it. An account that
/// has the name but not the tag is someone else's, and is refused rather than taken over.
async fn existing(ctx: &AwsContext, accounts: &[Account], name: &str) -> Result<Option<Account>> {
    let named: Vec<&Account> = accounts.iter().filter(|a| a.name == name && !closed(a)).collect();
    for account in &named {
        let tags = orgs::tags(ctx, &account.id).await?;
        if tags.iter().any(|(k, v)| k == TAG_SANDBOX && v == name) {
            return Ok(Some((*account).clone()));
        }
    }
    if let Some(account) = named.first() {
        return Err(Error::usage(format!(
            "account {} is already named `{name}` but is not a costbrake sandbox; make it one with \
             `costbrake sandbox adopt {} --budget USD`, or choose another name",
            account.id, account.id
        )));
    }
    Ok(None)
}

/// Waits for a `CreateAccount` request to finish; returns the new account's id.
async fn wait(
    ctx: &AwsContext,
    mut status: CreateStatus,
    create: &Create,
    progress: &dyn Progress,
) -> Result<String> {
    let started = Instant::now();
    loop {
        match status.state.as_str() {
            "SUCCEEDED" => {
                progress.finish();
                return status.account_id.clone().ok_or_else(|| {
                    Error::from(AwsError {
                        service: "organizations",
                        operation: "DescribeCreateAccountStatus",
                        scope: Some(status.request_id.clone()),
                        code: None,
                        detail: "SUCCEEDED without an account id".into(),
                        hint: Some("run the same command again".into()),
                    })
                });
            }
            "FAILED" => {
                progress.finish();
                let reason = status
                    .failure_reason
                    .clone()
                    .unwrap_or_else(|| "no reason given".into());
                return Err(AwsError {
                    service: "organizations",
                    operation: "CreateAccount",
                    scope: Some(create.spec.name.clone()),
                    code: Some(reason.clone()),
                    detail: format!("the account was not created: {reason}"),
                    hint: Some(failure_hint(&reason)),
                }
                .into());
            }
            _ => {}
        }
        let waited = started.elapsed();
        if waited >= create.timeout {
            progress.finish();
            return Err(AwsError {
                service: "organizations",
                operation: "DescribeCreateAccountStatus",
                scope: Some(status.request_id.clone()),
                code: None,
                detail: format!(
                    "account `{}` is still being created after {} s",
                    create.spec.name,
                    waited.as_secs()
                ),
                hint: Some(
                    "AWS goes on creating it: run the same command again to wait for it and finish the sandbox"
                        .into(),
                ),
            }
            .into());
        }
        progress.status(&format!(
            "creating account `{}` ({}, request {})",
            create.spec.name, status.state, status.request_id
        ));
        tokio::time::sleep(create.poll.min(create.timeout.saturating_sub(waited))).await;
        status = orgs::create_status(ctx, &status.request_id).await?;
    }
}

/// What to do about a `CreateAccount` failure reason (the API reference's `FailureReason` values).
fn failure_hint(reason: &str) -> String {
    match reason {
        "EMAIL_ALREADY_EXISTS" => "another AWS account has this email; give another --email".into(),
        "ACCOUNT_LIMIT_EXCEEDED" => {
            "the organization has as many accounts as its quota allows; close unused ones or ask AWS \
             Support for a higher quota"
                .into()
        }
        "INVALID_EMAIL" | "INVALID_ADDRESS" => "AWS rejected the email; give another --email".into(),
        "CONCURRENT_ACCOUNT_MODIFICATION" => {
            "another change to the organization was under way; run the same command again".into()
        }
        "INTERNAL_FAILURE" => "AWS failed internally; run the same command again".into(),
        "GOVCLOUD_ACCOUNT_ALREADY_EXISTS"
        | "MISSING_BUSINESS_VALIDATION"
        | "MISSING_PAYMENT_INSTRUMENT"
        | "PENDING_BUSINESS_VALIDATION"
        | "INVALID_IDENTITY_FOR_BUSINESS_VALIDATION" => {
            "the management account's billing or business details block new accounts; see the Organizations \
             console"
                .into()
        }
        _ => "see the CreateAccountStatus FailureReason in the Organizations API reference".into(),
    }
}

/// The plan of a sandbox whose account does not exist yet: everything is to be made.
fn planned_account(spec: &Spec, management: &str, email: &str) -> Outcome {
    let budget = budgets::plan(&spec.budget_spec(NEW, email), "", None);
    Outcome {
        schema: SCHEMA_CHANGE,
        command: "create",
        management_account: management.to_string(),
        name: spec.name.clone(),
        account_id: NEW.into(),
        email: email.to_string(),
        state: "active",
        ous: Ous {
            parent: String::new(),
            active: String::new(),
            frozen: String::new(),
        },
        verdict: Verdict::Create,
        changes: vec![Change::CreateAccount {
            request_id: NEW.into(),
            seconds: 0,
        }],
        budget: Some(budget),
        error: None,
        planned: true,
    }
}

/// The id of what a plan would make.
const NEW: &str = "(new)";

/// The costbrake OUs under `spec.ou` (or the root), created where missing (in a dry run, planned).
async fn ensure_ous(ctx: &AwsContext, spec: &Spec, changes: &mut Vec<Change>, dry: bool) -> Result<Ous> {
    let top = match &spec.ou {
        Some(ou) => ou.clone(),
        None => orgs::root(ctx).await?,
    };
    let parent = ensure_ou(ctx, &top, PARENT_OU, changes, dry).await?;
    let children = if parent == NEW {
        Vec::new()
    } else {
        orgs::ous_under(ctx, &parent).await?
    };
    let child = |name: &str| children.iter().find(|u| u.name == name).map(|u| u.id.clone());
    let active = match child(ACTIVE_OU) {
        Some(id) => id,
        None => create_ou(ctx, &parent, ACTIVE_OU, changes, dry).await?,
    };
    let frozen = match child(FROZEN_OU) {
        Some(id) => id,
        None => create_ou(ctx, &parent, FROZEN_OU, changes, dry).await?,
    };
    Ok(Ous {
        parent,
        active,
        frozen,
    })
}

async fn ensure_ou(
    ctx: &AwsContext,
    parent: &str,
    name: &str,
    changes: &mut Vec<Change>,
    dry: bool,
) -> Result<String> {
    match orgs::ous_under(ctx, parent)
        .await?
        .into_iter()
        .find(|u| u.name == name)
    {
        Some(ou) => Ok(ou.id),
        None => create_ou(ctx, parent, name, changes, dry).await,
    }
}

async fn create_ou(
    ctx: &AwsContext,
    parent: &str,
    name: &str,
    changes: &mut Vec<Change>,
    dry: bool,
) -> Result<String> {
    if dry {
        changes.push(Change::CreateOu {
            name: name.to_string(),
            id: NEW.into(),
            parent: parent.to_string(),
        });
        return Ok(NEW.into());
    }
    let ou = orgs::create_ou(ctx, parent, name).await?;
    changes.push(Change::CreateOu {
        name: name.to_string(),
        id: ou.id.clone(),
        parent: parent.to_string(),
    });
    Ok(ou.id)
}

/// The steps every sandbox goes through once its account exists: OUs, the account's OU, its tags, its
/// budget. A failure stops there and is reported with what was done before it.
/// Which command converges, for what, and whether only to plan.
struct Converge<'a> {
    command: &'static str,
    spec: &'a Spec,
    management: &'a str,
    dry: bool,
}

async fn converge(
    ctx: &AwsContext,
    run: Converge<'_>,
    account: Account,
    tags: Option<Vec<(String, String)>>,
    mut changes: Vec<Change>,
) -> Outcome {
    let Converge {
        command,
        spec,
        management,
        dry,
    } = run;
    let mut outcome = Outcome {
        schema: SCHEMA_CHANGE,
        command,
        management_account: management.to_string(),
        name: spec.name.clone(),
        account_id: account.id.clone(),
        email: account.email.clone(),
        state: "active",
        ous: Ous {
            parent: String::new(),
            active: String::new(),
            frozen: String::new(),
        },
        verdict: Verdict::Unchanged,
        changes: Vec::new(),
        budget: None,
        error: None,
        planned: dry,
    };
    let result = async {
        outcome.ous = ensure_ous(ctx, spec, &mut changes, dry).await?;
        let current = orgs::parent(ctx, &account.id).await?;
        let tags = match tags {
            Some(tags) => tags,
            None => orgs::tags(ctx, &account.id).await?,
        };
        let mut wanted = vec![
            (TAG_SANDBOX.to_string(), spec.name.clone()),
            (TAG_BUDGET.to_string(), spec.budget_tag()),
        ];
        if let Some(owner) = &spec.owner {
            wanted.push((TAG_OWNER.to_string(), owner.clone()));
        }
        if current == outcome.ous.frozen {
            outcome.state = "frozen";
        } else if current != outcome.ous.active {
            // An adopted account's former place, so that it can be put back by hand; a new one has none.
            if command == "adopt" && !tags.iter().any(|(k, _)| k == TAG_ADOPTED_FROM) {
                wanted.push((TAG_ADOPTED_FROM.to_string(), current.clone()));
            }
            if !dry {
                orgs::move_account(ctx, &account.id, &current, &outcome.ous.active).await?;
            }
            changes.push(Change::MoveAccount {
                from: current,
                to: outcome.ous.active.clone(),
            });
        }
        let missing: Vec<(String, String)> = wanted.into_iter().filter(|w| !tags.contains(w)).collect();
        if !missing.is_empty() {
            if !dry {
                orgs::tag(ctx, &account.id, &missing).await?;
            }
            changes.push(Change::TagAccount {
                keys: missing.into_iter().map(|(k, _)| k).collect(),
            });
        }
        let wanted = spec.budget_spec(&account.id, &account.email);
        outcome.budget = Some(if dry {
            budgets::plan_only(ctx, management, &wanted).await?
        } else {
            budgets::create(ctx, &wanted, "").await?.plan
        });
        Ok::<(), Error>(())
    }
    .await;
    outcome.changes = changes;
    if let Err(err) = result {
        outcome.error = Some(format!(
            "{err} ({}); run the same command again to finish the sandbox",
            if outcome.changed() {
                "the changes listed were made"
            } else {
                "nothing was changed"
            }
        ));
    }
    outcome.verdict = match (outcome.changed(), command) {
        (false, _) => Verdict::Unchanged,
        (true, "create")
            if outcome
                .changes
                .iter()
                .any(|c| matches!(c, Change::CreateAccount { .. })) =>
        {
            Verdict::Create
        }
        (true, _) => Verdict::Update,
    };
    outcome
}

#[cfg(test)]
mod tests {
    use aws_sdk_organizations::operation::describe_create_account_status::DescribeCreateAccountStatusOutput;
    use aws_sdk_organizations::types::{CreateAccountFailureReason, CreateAccountState, CreateAccountStatus};
    use aws_smithy_mocks::{MockResponseInterceptor, RuleMode, create_mock_http_client, mock};

    use super::*;
    use crate::progress::NoProgress;

    /// A context whose Organizations client answers DescribeCreateAccountStatus from `states`, in order.
    /// moto answers SUCCEEDED at once and never FAILED, so the wait is tested here, against the API
    /// reference's shapes (CreateAccountStatus: Id, AccountName, State, AccountId, FailureReason).
    fn answering(states: Vec<(CreateAccountState, Option<CreateAccountFailureReason>)>) -> AwsContext {
        let mut sequence = mock!(aws_sdk_organizations::Client::describe_create_account_status).sequence();
        for (state, reason) in states {
            sequence = sequence.output(move || {
                let mut status = CreateAccountStatus::builder()
                    .id("car-0123456789abcdef")
                    .account_name("team-research")
                    .state(state.clone());
                if state == CreateAccountState::Succeeded {
                    status = status.account_id("210987654321");
                }
                if let Some(reason) = &reason {
                    status = status.failure_reason(reason.clone());
                }
                DescribeCreateAccountStatusOutput::builder()
                    .create_account_status(status.build())
                    .build()
            });
        }
        let rule = sequence.build();
        let config = aws_sdk_organizations::Config::builder()
            .behavior_version(aws_config::BehaviorVersion::latest())
            .region(aws_config::Region::new("us-east-1"))
            .credentials_provider(aws_sdk_organizations::config::Credentials::new(
                "test", "test", None, None, "test",
            ))
            .http_client(create_mock_http_client())
            .interceptor(
                MockResponseInterceptor::new()
                    .rule_mode(RuleMode::Sequential)
                    .with_rule(&rule),
            )
            .build();
        let ctx = AwsContext::for_tests();
        ctx.set_client("organizations", aws_sdk_organizations::Client::from_conf(config));
        ctx
    }

    fn request(timeout_ms: u64) -> Create {
        Create {
            spec: Spec::new(crate::sandbox::SpecInput {
                name: "team-research".into(),
                email: Some("aws+team-research@example.com".into()),
                budget: "500".into(),
                ..Default::default()
            })
            .expect("valid"),
            timeout: Duration::from_millis(timeout_ms),
            poll: Duration::from_millis(1),
            dry: false,
        }
    }

    fn started() -> CreateStatus {
        CreateStatus {
            request_id: "car-0123456789abcdef".into(),
            account_name: "team-research".into(),
            state: "IN_PROGRESS".into(),
            account_id: None,
            failure_reason: None,
        }
    }

    #[tokio::test]
    async fn a_creation_is_polled_until_it_succeeds() {
        let ctx = answering(vec![
            (CreateAccountState::InProgress, None),
            (CreateAccountState::Succeeded, None),
        ]);
        let id = wait(&ctx, started(), &request(10_000), &NoProgress)
            .await
            .expect("created");
        assert_eq!(id, "210987654321");
    }

    #[tokio::test]
    async fn a_failed_creation_says_why_and_what_to_do() {
        let ctx = answering(vec![(
            CreateAccountState::Failed,
            Some(CreateAccountFailureReason::EmailAlreadyExists),
        )]);
        let err = wait(&ctx, started(), &request(10_000), &NoProgress)
            .await
            .expect_err("failed");
        assert_eq!(err.aws_code(), Some("EMAIL_ALREADY_EXISTS"));
        assert!(err.to_string().contains("give another --email"), "{err}");
    }

    #[tokio::test]
    async fn a_creation_that_takes_too_long_times_out_with_the_way_to_go_on() {
        let ctx = answering(vec![(CreateAccountState::InProgress, None); 50]);
        let err = wait(&ctx, started(), &request(20), &NoProgress)
            .await
            .expect_err("timed out");
        assert!(err.to_string().contains("still being created"), "{err}");
        assert!(err.to_string().contains("run the same command again"), "{err}");
    }

    #[test]
    fn failures_say_what_to_do() {
        assert!(failure_hint("EMAIL_ALREADY_EXISTS").contains("another --email"));
        assert!(failure_hint("ACCOUNT_LIMIT_EXCEEDED").contains("quota"));
        assert!(failure_hint("SOMETHING_NEW").contains("API reference"));
    }

    #[test]
    fn an_adopted_account_keeps_its_name_when_it_is_a_valid_sandbox_name() {
        assert_eq!(adopted_name("team-research"), Ok("team-research".into()));
        assert!(
            adopted_name("Team Research")
                .expect_err("a space")
                .contains("--name")
        );
    }
}
