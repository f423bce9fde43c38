//! `costbrake sandbox` against moto's Organizations and Budgets: create, adopt and list, asserting the
//! organization's state (accounts, OUs, tags) and the budget AWS Budgets holds after each command.
//!
//! Where moto differs from AWS the test says so, and AWS wins: moto does not serve
//! DescribeSubscribersForNotification, which a second `create` reads to compare the budget's alert
//! recipients, so that run stops at the budget with nothing changed (exit 3); the budget's comparison
//! is tested at SDK level (`src/aws/budgets.rs`, `src/budgets/plan.rs`), and here that the second run
//! changes nothing in Organizations. moto also creates an account at once (`SUCCEEDED` on the first
//! answer), where AWS takes minutes.

use std::collections::BTreeMap;

use aws_sdk_organizations::Client as Orgs;
use serde_json::Value;

use crate::fixtures::seed;
use crate::harness::{ACCOUNT, Sandbox};

async fn orgs(sandbox: &Sandbox) -> Orgs {
    Orgs::new(&sandbox.sdk("us-east-1").await)
}

async fn organization(sandbox: &Sandbox) {
    orgs(sandbox)
        .await
        .create_organization()
        .feature_set(aws_sdk_organizations::types::OrganizationFeatureSet::All)
        .send()
        .await
        .expect("create organization in moto");
}

/// Everything in the organization a sandbox command may change: each account's parent and tags, and
/// every OU with its parent.
async fn org_state(
    sandbox: &Sandbox,
) -> (
    BTreeMap<String, (String, Vec<(String, String)>)>,
    Vec<(String, String)>,
) {
    let client = orgs(sandbox).await;
    let mut accounts = BTreeMap::new();
    let listed = client
        .list_accounts()
        .send()
        .await
        .expect("list accounts in moto");
    for a in listed.accounts() {
        let id = a.id().expect("an id").to_string();
        let parent = client
            .list_parents()
            .child_id(&id)
            .send()
            .await
            .expect("list parents in moto")
            .parents()[0]
            .id()
            .expect("a parent")
            .to_string();
        let mut tags: Vec<(String, String)> = client
            .list_tags_for_resource()
            .resource_id(&id)
            .send()
            .await
            .expect("tags in moto")
            .tags()
            .iter()
            .map(|t| (t.key().to_string(), t.value().to_string()))
            .collect();
        tags.sort();
        accounts.insert(id, (parent, tags));
    }
    let root = client.list_roots().send().await.expect("roots").roots()[0]
        .id()
        .expect("root id")
        .to_string();
    let mut ous = Vec::new();
    let mut queue = vec![root];
    while let Some(parent) = queue.pop() {
        let out = client
            .list_organizational_units_for_parent()
            .parent_id(&parent)
            .send()
            .await
            .expect("OUs in moto");
        for ou in out.organizational_units() {
            let id = ou.id().expect("an OU id").to_string();
            ous.push((format!("{}@{parent}", ou.name().expect("an OU name")), id.clone()));
            queue.push(id);
        }
    }
    ous.sort();
    (accounts, ous)
}

async fn budget(sandbox: &Sandbox, name: &str) -> aws_sdk_budgets::types::Budget {
    aws_sdk_budgets::Client::new(&sandbox.sdk("us-east-1").await)
        .describe_budget()
        .account_id(ACCOUNT)
        .budget_name(name)
        .show_filter_expression(true)
        .send()
        .await
        .expect("describe budget in moto")
        .budget
        .expect("the budget")
}

async fn notifications(sandbox: &Sandbox, name: &str) -> Vec<(String, f64)> {
    let out = aws_sdk_budgets::Client::new(&sandbox.sdk("us-east-1").await)
        .describe_notifications_for_budget()
        .account_id(ACCOUNT)
        .budget_name(name)
        .send()
        .await
        .expect("notifications in moto");
    let mut n: Vec<(String, f64)> = out
        .notifications()
        .iter()
        .map(|n| (n.notification_type().as_str().to_string(), n.threshold()))
        .collect();
    n.sort_by(|a, b| a.partial_cmp(b).expect("thresholds compare"));
    n
}

fn tag<'a>(tags: &'a [(String, String)], key: &str) -> Option<&'a str> {
    tags.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

#[tokio::test]
async fn create_makes_the_account_ous_tags_and_linked_account_budget_and_a_rerun_changes_nothing() {
    let sandbox = Sandbox::new();
    organization(&sandbox).await;
    let args = [
        "sandbox",
        "create",
        "team-research",
        "--email",
        "aws+team-research@example.com",
        "--budget",
        "500",
        "--owner",
        "lead@example.com",
        "-o",
        "json",
    ];
    let out = sandbox.test().args(args).run().json();
    assert_eq!(out["schema"], "costbrake.sandbox-change/v1");
    assert_eq!(out["verdict"], "create", "{out}");
    let id = out["account_id"].as_str().expect("account id").to_string();

    // The organization: the account in costbrake-sandboxes/active, tagged; the two OUs under the root.
    let (accounts, ous) = org_state(&sandbox).await;
    let names: Vec<&str> = ous
        .iter()
        .map(|(n, _)| n.split('@').next().expect("name"))
        .collect();
    assert_eq!(names, ["active", "costbrake-sandboxes", "frozen"], "{ous:?}");
    let active = &ous[0].1;
    let (parent, tags) = &accounts[&id];
    assert_eq!(parent, active, "the account is in the active OU");
    assert_eq!(tag(tags, "costbrake:sandbox"), Some("team-research"));
    assert_eq!(tag(tags, "costbrake:owner"), Some("lead@example.com"));
    assert_eq!(tag(tags, "costbrake:budget"), Some("500 USD MONTHLY"));
    assert_eq!(
        tag(tags, "costbrake:adopted-from"),
        None,
        "a new account was never elsewhere"
    );

    // The budget, in the management account, over the account's cost (not the deprecated CostFilters).
    let b = budget(&sandbox, "costbrake-sandbox-team-research").await;
    let dims = b
        .filter_expression()
        .and_then(|e| e.dimensions())
        .expect("a Dimensions filter expression");
    assert_eq!(dims.key().as_str(), "LINKED_ACCOUNT");
    assert_eq!(dims.values(), std::slice::from_ref(&id));
    assert_eq!(b.budget_limit().map(|l| l.amount()), Some("500"));
    assert_eq!(b.time_unit().as_str(), "MONTHLY");
    assert_eq!(
        notifications(&sandbox, "costbrake-sandbox-team-research").await,
        [
            ("ACTUAL".to_string(), 80.0),
            ("ACTUAL".to_string(), 100.0),
            ("FORECASTED".to_string(), 100.0)
        ]
    );

    // Again: nothing in Organizations changes. moto lacks DescribeSubscribersForNotification, so the run
    // stops at the budget, having changed nothing (on AWS it ends "unchanged").
    let before = org_state(&sandbox).await;
    let again = sandbox
        .test()
        .args(args)
        .status(3)
        .stderr_has("DescribeSubscribersForNotification")
        .stderr_has("nothing was changed")
        .run()
        .json();
    assert_eq!(again["changes"], Value::Array(vec![]), "{again}");
    assert_eq!(again["account_id"], id.as_str());
    assert_eq!(org_state(&sandbox).await, before);

    // And the list shows it with its budget.
    let list = sandbox
        .test()
        .args(["sandbox", "list", "-o", "json"])
        .run()
        .json();
    assert_eq!(list["schema"], "costbrake.sandboxes/v1");
    let s = &list["sandboxes"][0];
    assert_eq!(
        (
            &s["name"],
            &s["account_id"],
            &s["state"],
            &s["owner"],
            &s["budget"],
            &s["period"]
        ),
        (
            &Value::from("team-research"),
            &Value::from(id.as_str()),
            &Value::from("active"),
            &Value::from("lead@example.com"),
            &Value::from("500"),
            &Value::from("monthly")
        )
    );
    assert_eq!(list["sandboxes"].as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn adopt_moves_an_existing_member_account_in_and_keeps_where_it_was() {
    let sandbox = Sandbox::new();
    let sdk = sandbox.sdk("us-east-1").await;
    let member = seed::sandbox_account(&sdk).await; // an organization with the member "agent-sandbox"
    let client = orgs(&sandbox).await;
    let root = client.list_roots().send().await.expect("roots").roots()[0]
        .id()
        .expect("root")
        .to_string();
    let teams = client
        .create_organizational_unit()
        .parent_id(&root)
        .name("teams")
        .send()
        .await
        .expect("create OU")
        .organizational_unit()
        .and_then(|u| u.id())
        .expect("OU id")
        .to_string();
    client
        .move_account()
        .account_id(&member)
        .source_parent_id(&root)
        .destination_parent_id(&teams)
        .send()
        .await
        .expect("move account");

    let out = sandbox
        .test()
        .args([
            "sandbox", "adopt", &member, "--budget", "250", "--ou", &teams, "-o", "json",
        ])
        .run()
        .json();
    assert_eq!(out["verdict"], "update", "{out}");
    assert_eq!(
        out["name"], "agent-sandbox",
        "the account's own name without --name"
    );
    let (accounts, ous) = org_state(&sandbox).await;
    let parent_ou = ous
        .iter()
        .find(|(n, _)| *n == format!("costbrake-sandboxes@{teams}"))
        .map(|(_, id)| id.clone())
        .expect("costbrake-sandboxes under --ou");
    let active = ous
        .iter()
        .find(|(n, _)| *n == format!("active@{parent_ou}"))
        .map(|(_, id)| id.clone())
        .expect("active under costbrake-sandboxes");
    let (parent, tags) = &accounts[&member];
    assert_eq!(parent, &active);
    assert_eq!(tag(tags, "costbrake:sandbox"), Some("agent-sandbox"));
    assert_eq!(tag(tags, "costbrake:adopted-from"), Some(teams.as_str()));
    let b = budget(&sandbox, "costbrake-sandbox-agent-sandbox").await;
    assert_eq!(b.budget_limit().map(|l| l.amount()), Some("250"));
    // Without --owner or --notify the alerts go to the account's own email.
    let list = sandbox.test().args(["sandbox", "list", "-o", "csv"]).run();
    assert!(
        list.stdout.contains(&format!(
            "agent-sandbox,{member},sandbox@example.com,active,{active},,250,monthly"
        )),
        "{}",
        list.stdout
    );
}

#[tokio::test]
async fn bad_input_and_accounts_that_cannot_be_sandboxes_exit_2_and_create_nothing() {
    let sandbox = Sandbox::new();
    let sdk = sandbox.sdk("us-east-1").await;
    let member = seed::sandbox_account(&sdk).await;
    let before = org_state(&sandbox).await;
    let create = |name: &str, email: &str, budget: &str| {
        vec![
            "sandbox".to_string(),
            "create".into(),
            name.into(),
            "--email".into(),
            email.into(),
            "--budget".into(),
            budget.into(),
        ]
    };
    let cases: Vec<(Vec<String>, &str)> = vec![
        (
            create("team research", "a@example.com", "5"),
            "use letters, digits",
        ),
        (
            create("t", "not-an-email", "5"),
            "--email: `not-an-email` is not an email address",
        ),
        (create("t", "team@example.com", "0"), "must be greater than zero"),
        (create("t", "team@example.com", "-5"), "must be greater than zero"),
        (
            [
                create("t", "team@example.com", "5"),
                vec!["--ou".into(), "r-root".into()],
            ]
            .concat(),
            "is not an OU id",
        ),
        (
            [
                create("t", "team@example.com", "5"),
                vec!["--ou".into(), "ou-abcd-12345678".into()],
            ]
            .concat(),
            "is not an OU of this organization",
        ),
        // Every AWS account needs its own email.
        (create("t", "sandbox@example.com", "5"), "is the email of account"),
        // An account of that name that costbrake did not make is not taken over.
        (
            create("agent-sandbox", "new@example.com", "5"),
            "is not a costbrake sandbox",
        ),
        (
            ["sandbox", "adopt", ACCOUNT, "--budget", "5"]
                .map(String::from)
                .to_vec(),
            "management account, which cannot be a sandbox",
        ),
        (
            ["sandbox", "adopt", "999999999999", "--budget", "5"]
                .map(String::from)
                .to_vec(),
            "is not in this organization",
        ),
        (
            ["sandbox", "adopt", "12345", "--budget", "5"]
                .map(String::from)
                .to_vec(),
            "is not an AWS account id",
        ),
        (
            [
                "sandbox",
                "create",
                "t",
                "--email",
                "t@example.com",
                "--budget",
                "5",
                "--timeout",
                "0",
            ]
            .map(String::from)
            .to_vec(),
            "--timeout 0",
        ),
    ];
    for (args, expected) in cases {
        let line = sandbox.test().args(&args).error_line(2);
        assert!(line.contains(expected), "{args:?}: {line}");
    }
    assert_eq!(org_state(&sandbox).await, before, "nothing created");
    let _ = member;

    // Outside an organization, every sandbox command says where to run it.
    let lone = Sandbox::new();
    let line = lone.test().args(["sandbox", "list"]).error_line(2);
    assert!(line.contains("belongs to no organization"), "{line}");
}

/// The SCPs attached directly to `account`, by name.
async fn scps_of(sandbox: &Sandbox, account: &str) -> Vec<String> {
    let out = orgs(sandbox)
        .await
        .list_policies_for_target()
        .target_id(account)
        .filter(aws_sdk_organizations::types::PolicyType::ServiceControlPolicy)
        .send()
        .await
        .expect("policies in moto");
    let mut names: Vec<String> = out
        .policies()
        .iter()
        .filter_map(|p| p.name().map(str::to_string))
        .collect();
    names.sort();
    names
}

#[tokio::test]
async fn freeze_records_first_and_unfreeze_restores_the_exact_ou_and_policies() {
    let sandbox = Sandbox::new();
    let sdk = sandbox.sdk("us-east-1").await;
    let member = seed::sandbox_account(&sdk).await;
    let client = orgs(&sandbox).await;
    // The account sits in a team OU and has an SCP of its own, which must survive the freeze and thaw.
    let root = client.list_roots().send().await.expect("roots").roots()[0]
        .id()
        .expect("root")
        .to_string();
    let own = client
        .create_policy()
        .name("team-guardrails")
        .description("the team's own")
        .content(r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:CreateUser","Resource":"*"}]}"#)
        .r#type(aws_sdk_organizations::types::PolicyType::ServiceControlPolicy)
        .send()
        .await
        .expect("create policy")
        .policy()
        .and_then(|p| p.policy_summary())
        .and_then(|s| s.id())
        .expect("policy id")
        .to_string();
    client
        .attach_policy()
        .policy_id(&own)
        .target_id(&member)
        .send()
        .await
        .expect("attach policy");
    sandbox
        .test()
        .args([
            "sandbox",
            "adopt",
            &member,
            "--name",
            "team-research",
            "--budget",
            "100",
        ])
        .run();
    let adopted = org_state(&sandbox).await;
    let scps_before = scps_of(&sandbox, &member).await;
    assert_eq!(scps_before, ["FullAWSAccess", "team-guardrails"]);

    let frozen = sandbox
        .test()
        .args([
            "sandbox",
            "freeze",
            "team-research",
            "--reason",
            "budget spent",
            "-o",
            "json",
        ])
        .run()
        .json();
    assert_eq!(frozen["state"], "frozen");
    let kinds: Vec<&str> = frozen["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .filter_map(|c| c["change"].as_str())
        .collect();
    assert_eq!(
        kinds,
        ["record", "create-scp", "attach-scp", "move-account"],
        "record first: {frozen}"
    );
    let journal = frozen["changes"][0]["journal"].as_str().expect("a journal file");
    let record: Value =
        serde_json::from_str(&std::fs::read_to_string(journal).expect("the journal")).expect("JSON");
    assert_eq!(record["account_id"], member.as_str());
    assert_eq!(record["reason"], "budget spent");

    // In AWS: the freeze SCP (the listed actions, valid grammar, one SCP's size) on the account, the
    // team's SCP still there, the account in `frozen`, and the record on its tags.
    assert_eq!(
        scps_of(&sandbox, &member).await,
        ["FullAWSAccess", "costbrake-sandbox-freeze", "team-guardrails"]
    );
    let (accounts, ous) = org_state(&sandbox).await;
    let frozen_ou = ous
        .iter()
        .find(|(n, _)| n.starts_with("frozen@"))
        .map(|(_, id)| id.clone())
        .expect("the frozen OU");
    let (parent, tags) = &accounts[&member];
    assert_eq!(parent, &frozen_ou);
    assert_eq!(tag(tags, "costbrake:frozen-reason"), Some("budget spent"));
    let policies = client
        .list_policies()
        .filter(aws_sdk_organizations::types::PolicyType::ServiceControlPolicy)
        .send()
        .await
        .expect("policies");
    let freeze_id = policies
        .policies()
        .iter()
        .find(|p| p.name() == Some("costbrake-sandbox-freeze"))
        .and_then(|p| p.id())
        .expect("the freeze SCP")
        .to_string();
    let content = client
        .describe_policy()
        .policy_id(&freeze_id)
        .send()
        .await
        .expect("describe policy")
        .policy()
        .and_then(|p| p.content())
        .expect("content")
        .to_string();
    assert!(content.len() <= 5120, "{} characters", content.len());
    let doc: Value = serde_json::from_str(&content).expect("valid JSON");
    let actions = doc["Statement"][0]["Action"].as_array().expect("actions");
    for a in [
        "ec2:RunInstances",
        "lambda:CreateFunction",
        "ecs:RunTask",
        "sagemaker:Create*",
        "rds:CreateDBInstance",
    ] {
        assert!(actions.iter().any(|x| x == a), "{a} in {content}");
    }

    // Freeze again: nothing sent.
    let again = sandbox
        .test()
        .args(["sandbox", "freeze", &member, "-o", "json"])
        .run()
        .json();
    assert_eq!(again["changes"], Value::Array(vec![]), "{again}");
    let list = sandbox
        .test()
        .args(["sandbox", "list", "-o", "json"])
        .run()
        .json();
    assert_eq!(list["sandboxes"][0]["state"], "frozen");
    assert_eq!(list["sandboxes"][0]["frozen_reason"], "budget spent");

    // Unfreeze twice: exactly as adopted, the team's SCP kept, the freeze SCP gone from the organization.
    sandbox
        .test()
        .args(["sandbox", "unfreeze", "team-research"])
        .stdout_has("unfrozen")
        .run();
    sandbox
        .test()
        .args(["sandbox", "unfreeze", "team-research"])
        .stdout_has("not frozen (nothing sent)")
        .run();
    assert_eq!(org_state(&sandbox).await, adopted);
    assert_eq!(scps_of(&sandbox, &member).await, scps_before);
    let left = client
        .list_policies()
        .filter(aws_sdk_organizations::types::PolicyType::ServiceControlPolicy)
        .send()
        .await
        .expect("policies");
    assert!(
        left.policies()
            .iter()
            .all(|p| p.name() != Some("costbrake-sandbox-freeze")),
        "the freeze SCP attached to nothing is deleted"
    );
    let _ = root;
}

#[tokio::test]
async fn freeze_and_close_refuse_what_is_not_a_sandbox_and_close_closes_one() {
    let sandbox = Sandbox::new();
    let sdk = sandbox.sdk("us-east-1").await;
    let member = seed::sandbox_account(&sdk).await; // a member account that is not a sandbox
    let before = org_state(&sandbox).await;
    for (args, expected) in [
        (vec!["sandbox", "freeze", ACCOUNT], "management account"),
        (
            vec!["sandbox", "freeze", member.as_str()],
            "is not a costbrake sandbox",
        ),
        (vec!["sandbox", "freeze", "nobody"], "no sandbox named `nobody`"),
        (
            vec!["sandbox", "unfreeze", "999999999999"],
            "not in this organization",
        ),
        (
            vec!["sandbox", "close", member.as_str(), "--yes"],
            "is not a costbrake sandbox",
        ),
        (vec!["sandbox", "close", "team-x"], "needs a typed confirmation"),
        (
            vec!["sandbox", "freeze", "team-x", "--reason", " "],
            "--reason is empty",
        ),
    ] {
        let line = sandbox.test().args(&args).error_line(2);
        assert!(line.contains(expected), "{args:?}: {line}");
    }
    assert_eq!(org_state(&sandbox).await, before, "nothing changed");

    sandbox
        .test()
        .args(["sandbox", "adopt", &member, "--budget", "10"])
        .run();
    sandbox
        .test()
        .args(["sandbox", "close", "agent-sandbox", "--yes"])
        .stdout_has("closing")
        .run();
    let state = orgs(&sandbox)
        .await
        .describe_account()
        .account_id(&member)
        .send()
        .await
        .expect("describe account")
        .account()
        .and_then(|a| a.state().map(|s| s.as_str().to_string()))
        .expect("a state");
    assert_eq!(
        state, "SUSPENDED",
        "moto closes at once; AWS goes through PENDING_CLOSURE"
    );
    sandbox
        .test()
        .args(["sandbox", "close", &member, "--yes"])
        .stdout_has("already suspended (nothing sent)")
        .run();
}

/// Replaces the sandbox's budget with one whose spend AWS Budgets would report (moto tracks none).
async fn spend(sandbox: &Sandbox, name: &str, limit: &str, actual: &str) {
    let budget = format!("costbrake-sandbox-{name}");
    aws_sdk_budgets::Client::new(&sandbox.sdk("us-east-1").await)
        .delete_budget()
        .account_id(ACCOUNT)
        .budget_name(&budget)
        .send()
        .await
        .expect("delete budget in moto");
    seed::budget(sandbox, &budget, None, limit, actual, actual).await;
}

fn sandbox_verdict(report: &Value) -> (String, String) {
    let check = report["checks"]
        .as_array()
        .expect("checks")
        .iter()
        .find(|c| c["sandbox"].is_string())
        .expect("the sandbox's check");
    (
        check["sandbox"].as_str().expect("sandbox").to_string(),
        check["verdict"].as_str().expect("verdict").to_string(),
    )
}

#[tokio::test]
async fn guard_freezes_a_breached_sandbox_and_thaws_it_when_the_period_turns() {
    let sandbox = Sandbox::new();
    organization(&sandbox).await;
    let created = sandbox
        .test()
        .args([
            "sandbox",
            "create",
            "team-research",
            "--email",
            "aws+team-research@example.com",
            "--budget",
            "500",
            "-o",
            "json",
        ])
        .run()
        .json();
    let id = created["account_id"].as_str().expect("account").to_string();
    let active = org_state(&sandbox).await;
    spend(&sandbox, "team-research", "500", "612.50").await;

    // Dry run: reported, nothing changed.
    let dry = sandbox
        .test()
        .args(["guard", "--once", "-o", "json"])
        .status(1)
        .run()
        .json();
    assert_eq!(
        sandbox_verdict(&dry),
        ("team-research".into(), "would-freeze".into())
    );
    assert_eq!(org_state(&sandbox).await, active, "a dry run changes nothing");

    // Applied: frozen, by guard, with the spend in the reason.
    let applied = sandbox
        .test()
        .args(["guard", "--once", "--apply", "-o", "json"])
        .run()
        .json();
    assert_eq!(sandbox_verdict(&applied).1, "frozen");
    assert_eq!(
        scps_of(&sandbox, &id).await,
        ["FullAWSAccess", "costbrake-sandbox-freeze"]
    );
    let (accounts, _) = org_state(&sandbox).await;
    let tags = &accounts[&id].1;
    assert_eq!(tag(tags, "costbrake:frozen-by"), Some("costbrake-guard"));
    assert!(
        tag(tags, "costbrake:frozen-reason").is_some_and(|r| r.contains("612.5 of 500 USD")),
        "{tags:?}"
    );
    let again = sandbox
        .test()
        .args(["guard", "--once", "--apply", "-o", "json"])
        .run()
        .json();
    assert_eq!(sandbox_verdict(&again).1, "already-frozen");

    // The next month: the spend starts again from zero. --no-thaw keeps it frozen; a dry run says it
    // would thaw; --apply thaws it, exactly back.
    spend(&sandbox, "team-research", "500", "0").await;
    let next_month = "2099-01-01T06:00:00Z";
    let kept = sandbox
        .test()
        .env("COSTBRAKE_NOW", next_month)
        .args(["guard", "--once", "--apply", "--no-thaw", "-o", "json"])
        .run()
        .json();
    assert_eq!(sandbox_verdict(&kept).1, "kept-frozen");
    let would = sandbox
        .test()
        .env("COSTBRAKE_NOW", next_month)
        .args(["guard", "--once", "-o", "json"])
        .status(1)
        .run()
        .json();
    assert_eq!(sandbox_verdict(&would).1, "would-thaw");
    // Within the same period a sandbox guard froze stays frozen, even with its spend back under.
    let same_period = sandbox
        .test()
        .args(["guard", "--once", "--apply", "-o", "json"])
        .run()
        .json();
    assert_eq!(sandbox_verdict(&same_period).1, "within");
    assert_eq!(
        scps_of(&sandbox, &id).await,
        ["FullAWSAccess", "costbrake-sandbox-freeze"]
    );
    let thawed = sandbox
        .test()
        .env("COSTBRAKE_NOW", next_month)
        .args(["guard", "--once", "--apply", "-o", "json"])
        .run()
        .json();
    assert_eq!(sandbox_verdict(&thawed).1, "thawed");
    assert_eq!(org_state(&sandbox).await, active, "exactly as before the freeze");
    assert_eq!(scps_of(&sandbox, &id).await, ["FullAWSAccess"]);

    // A sandbox frozen by hand is the person's business: guard never thaws it.
    sandbox
        .test()
        .args(["sandbox", "freeze", "team-research", "--reason", "incident 42"])
        .run();
    let by_hand = sandbox
        .test()
        .env("COSTBRAKE_NOW", next_month)
        .args(["guard", "--once", "--apply", "-o", "json"])
        .run()
        .json();
    assert_eq!(sandbox_verdict(&by_hand).1, "within");
    assert_eq!(
        scps_of(&sandbox, &id).await,
        ["FullAWSAccess", "costbrake-sandbox-freeze"]
    );
}

/// The member account's own configuration in `region`, through the role costbrake assumes.
async fn member_sdk(sandbox: &Sandbox, account: &str, region: &str) -> aws_config::SdkConfig {
    let sdk = sandbox.sdk(region).await;
    let provider = aws_config::sts::AssumeRoleProvider::builder(format!(
        "arn:aws:iam::{account}:role/OrganizationAccountAccessRole"
    ))
    .configure(&sdk)
    .session_name("costbrake-tests")
    .build()
    .await;
    sdk.to_builder()
        .credentials_provider(aws_credential_types::provider::SharedCredentialsProvider::new(
            provider,
        ))
        .build()
}

/// `sandbox freeze --stop-running` of team-research in us-east-1, in JSON.
const STOP_RUNNING: [&str; 8] = [
    "sandbox",
    "freeze",
    "team-research",
    "--stop-running",
    "--regions",
    "us-east-1",
    "-o",
    "json",
];

#[tokio::test]
async fn freeze_stop_running_kills_inside_the_member_account_and_unfreeze_restores_it_exactly() {
    let sandbox = Sandbox::new();
    let sdk = sandbox.sdk("us-east-1").await;
    let member = seed::sandbox_account(&sdk).await;
    sandbox
        .test()
        .args([
            "sandbox",
            "adopt",
            &member,
            "--name",
            "team-research",
            "--budget",
            "100",
        ])
        .run();
    // What the team runs in its account: instances, a service, functions (the fleet helper's), seeded
    // and read back with the account's own credentials.
    let inside = member_sdk(&sandbox, &member, "us-east-1").await;
    let fleet = crate::fixtures::fleet::seed_fleet(&inside, "us-east-1", "team-bot", false).await;
    let before = crate::fixtures::state::snapshot_with(std::slice::from_ref(&inside)).await;
    let management_before = crate::fixtures::state::snapshot(&sandbox, &["us-east-1"]).await;
    assert!(
        fleet
            .instances
            .iter()
            .all(|id| before.keys().any(|k| k.contains(id.as_str()))),
        "the member's snapshot holds its instances: {before:?}"
    );
    assert!(
        !management_before
            .keys()
            .any(|k| k.contains(fleet.instances[0].as_str())),
        "and the management account's does not"
    );

    let frozen = sandbox.test().args(STOP_RUNNING).run().json();
    let stopped = &frozen["stopped"];
    assert!(stopped["done"].as_u64().is_some_and(|n| n > 0), "{frozen}");
    assert_eq!(
        (&stopped["failed"], &stopped["blocked"]),
        (&Value::from(0), &Value::from(0))
    );
    for id in &fleet.instances {
        assert_eq!(
            crate::fixtures::state::instance_state(&inside, id).await,
            "stopped",
            "{id} in the member account"
        );
    }
    let functions = aws_sdk_lambda::Client::new(&inside);
    for f in &fleet.functions {
        let concurrency = functions
            .get_function_concurrency()
            .function_name(f)
            .send()
            .await
            .expect("concurrency in moto")
            .reserved_concurrent_executions();
        assert_eq!(concurrency, Some(0), "{f} throttled");
    }
    let ecs = aws_sdk_ecs::Client::new(&inside);
    for (cluster, service) in &fleet.services {
        let desired = ecs
            .describe_services()
            .cluster(cluster)
            .services(service)
            .send()
            .await
            .expect("services in moto")
            .services()[0]
            .desired_count();
        assert_eq!(desired, 0, "{service} scaled to 0");
    }
    assert_eq!(
        crate::fixtures::state::snapshot(&sandbox, &["us-east-1"]).await,
        management_before,
        "nothing of the management account was touched"
    );

    // Freeze again: the same kill, nothing more to stop.
    let again = sandbox.test().args(STOP_RUNNING).run().json();
    assert_eq!(again["stopped"]["kill_id"], stopped["kill_id"]);
    assert_eq!(again["changes"], Value::Array(vec![]));

    // Unfreeze (twice): the member account exactly as before, read through its own credentials.
    let thawed = sandbox
        .test()
        .args(["sandbox", "unfreeze", "team-research", "-o", "json"])
        .run()
        .json();
    assert_eq!(thawed["stopped"]["kill_id"], stopped["kill_id"]);
    sandbox
        .test()
        .args(["sandbox", "unfreeze", "team-research"])
        .stdout_has("not frozen (nothing sent)")
        .run();
    let after = crate::fixtures::state::snapshot_with(std::slice::from_ref(&inside)).await;
    crate::fixtures::state::assert_same(&before, &after, "the member account after unfreeze");
}

#[tokio::test]
async fn sync_plans_checks_and_applies_the_files_sandboxes_and_keeps_the_others() {
    let sandbox = Sandbox::new();
    let sdk = sandbox.sdk("us-east-1").await;
    let member = seed::sandbox_account(&sdk).await; // "agent-sandbox", to adopt from the file
    // A sandbox made by hand, which the file does not name: listed, kept.
    sandbox
        .test()
        .args([
            "sandbox",
            "create",
            "by-hand",
            "--email",
            "aws+by-hand@example.com",
            "--budget",
            "50",
        ])
        .run();
    let file = format!(
        "[[sandboxes]]\nname = \"team-research\"\nemail = \"aws+team-research@example.com\"\nbudget = 500\n\
         owner = \"lead@example.com\"\n\n[[sandboxes]]\nname = \"agents\"\naccount_id = \"{member}\"\n\
         budget = 250\nperiod = \"quarterly\"\n"
    );
    let config = sandbox.write("costbrake.toml", &file);
    let config = config.to_str().expect("a UTF-8 path");
    let before = org_state(&sandbox).await;

    // --check: exit 1, the plan says what would change, nothing changes.
    let check = sandbox
        .test()
        .args(["--config", config, "sandbox", "sync", "--check", "-o", "json"])
        .status(1)
        .run()
        .json();
    assert_eq!(check["schema"], "costbrake.sandbox-sync/v1");
    assert_eq!(check["applied"], false);
    let verdicts: Vec<(&str, &str)> = check["sandboxes"]
        .as_array()
        .expect("sandboxes")
        .iter()
        .map(|i| {
            (
                i["name"].as_str().expect("name"),
                i["outcome"]["verdict"].as_str().expect("verdict"),
            )
        })
        .collect();
    assert_eq!(
        verdicts,
        [("team-research", "create"), ("agents", "update")],
        "{check}"
    );
    assert_eq!(check["orphans"][0]["name"], "by-hand");
    assert_eq!(org_state(&sandbox).await, before, "--check changes nothing");
    let table = sandbox
        .test()
        .args(["--config", config, "sandbox", "sync", "--check"])
        .status(1)
        .run();
    assert!(
        table
            .stdout
            .contains("sandbox team-research (account (new), active): to create"),
        "{}",
        table.stdout
    );
    assert!(table.stdout.contains("  create the account"), "{}", table.stdout);
    assert!(
        table.stdout.contains("by-hand") && table.stdout.contains("kept"),
        "{}",
        table.stdout
    );

    // Without a terminal and without --yes it refuses; with --yes it applies.
    let line = sandbox
        .test()
        .args(["--config", config, "sandbox", "sync"])
        .error_line(2);
    assert!(line.contains("--yes"), "{line}");
    sandbox
        .test()
        .args(["--config", config, "sandbox", "sync", "--yes"])
        .stdout_has("applied: 2 sandbox(es), 2 changed, 0 failed")
        .run();
    let list = sandbox
        .test()
        .args(["sandbox", "list", "-o", "json"])
        .run()
        .json();
    let names: Vec<(&str, &str)> = list["sandboxes"]
        .as_array()
        .expect("sandboxes")
        .iter()
        .map(|s| {
            (
                s["name"].as_str().expect("name"),
                s["period"].as_str().unwrap_or("-"),
            )
        })
        .collect();
    assert_eq!(
        names,
        [
            ("agents", "quarterly"),
            ("by-hand", "monthly"),
            ("team-research", "monthly")
        ]
    );
    let (accounts, _) = org_state(&sandbox).await;
    assert_eq!(tag(&accounts[&member].1, "costbrake:sandbox"), Some("agents"));

    // Bad entries name their line and key, exit 2, before any request.
    let bad = sandbox.write("bad.toml", "[[sandboxes]]\nname = \"x\"\nbudget = 5\n");
    let line = sandbox
        .test()
        .args([
            "--config",
            bad.to_str().expect("path"),
            "sandbox",
            "sync",
            "--check",
        ])
        .error_line(2);
    assert!(line.contains("line 1: sandboxes[0] (`x`): give `email"), "{line}");
    let empty = sandbox.write("empty.toml", "[tags]\nagent = \"agent-name\"\n");
    let line = sandbox
        .test()
        .args([
            "--config",
            empty.to_str().expect("path"),
            "sandbox",
            "sync",
            "--check",
        ])
        .error_line(2);
    assert!(line.contains("has no [[sandboxes]]"), "{line}");
}

#[tokio::test]
async fn close_on_a_terminal_needs_the_account_name_typed() {
    let sandbox = Sandbox::new();
    let sdk = sandbox.sdk("us-east-1").await;
    let member = seed::sandbox_account(&sdk).await; // account name "agent-sandbox"
    sandbox
        .test()
        .args([
            "sandbox",
            "adopt",
            &member,
            "--name",
            "team-research",
            "--budget",
            "10",
        ])
        .run();
    let close = ["sandbox", "close", "team-research"];
    sandbox
        .test()
        .args(close)
        .on_terminal()
        .stdin("team-research\n")
        .status(2)
        .stdout_has("Type the account name (agent-sandbox) to confirm")
        .stdout_has("not confirmed")
        .run();
    assert_eq!(
        orgs_state_of(&sdk, &member).await,
        "ACTIVE",
        "a wrong answer closes nothing"
    );
    sandbox
        .test()
        .args(close)
        .on_terminal()
        .stdin("agent-sandbox\n")
        .stdout_has("closing")
        .run();
    assert_eq!(orgs_state_of(&sdk, &member).await, "SUSPENDED");
}

async fn orgs_state_of(sdk: &aws_config::SdkConfig, account: &str) -> String {
    Orgs::new(sdk)
        .describe_account()
        .account_id(account)
        .send()
        .await
        .expect("describe account in moto")
        .account()
        .and_then(|a| a.state().map(|s| s.as_str().to_string()))
        .expect("a state")
}
