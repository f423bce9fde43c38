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
