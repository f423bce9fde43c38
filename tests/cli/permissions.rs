//! docs/permissions.md's example policy, enforced: moto started with its IAM switch on
//! (`INITIAL_NO_AUTH_ACTION_COUNT`: after that many requests every request is checked against the
//! caller's policies) runs each command as a user holding exactly that policy.
//!
//! Where moto differs from AWS the test says so, and AWS wins: moto names an action after the request's
//! SigV4 signing name and operation (`tagging:GetResources`, `budgets:DescribeBudgets`), where IAM uses
//! `tag:GetResources`, `budgets:ViewBudget` and `budgets:ModifyBudget`, so the test user also holds moto's
//! names for the calls made; and moto
//! 5.2.1 checks a GET's signature against a payload made up from its headers, rejecting every correctly
//! signed Lambda request, so moto runs through scripts/moto_server.py, which hashes the body that
//! was sent, as AWS does. With IAM enforced moto's default `testing` key belongs to no user: the tests
//! seed and read AWS state back as an `admin` user.

use crate::fixtures::fleet::{seed_fleet, seed_ml_fleet};
use crate::fixtures::seed;
use crate::fixtures::state::{
    assert_same, costbrake_scps, instance_state, nodegroup, notebook, rds_cluster, rds_instance, snapshot,
};
use crate::harness::{Moto, Sandbox, Test};

/// Requests moto serves before it starts enforcing IAM: enough for the set-up, then used up on purpose.
const UNCHECKED: usize = 200;

/// The example policy of docs/permissions.md.
fn documented_policy() -> serde_json::Value {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/permissions.md"))
        .expect("moto answers");
    let start = text.find("```json\n").expect("the example policy") + 8;
    let end = start + text[start..].find("```").expect("moto answers");
    serde_json::from_str(&text[start..end]).expect("the example policy parses")
}

/// The policy in the "IAM permissions" section of the docs page `page` (`audit.md`, `sandbox.md`).
fn page_policy(page: &str) -> serde_json::Value {
    let path = format!("{}/docs/{page}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("the docs page");
    let section = &text[text.find("## IAM permissions").expect("the permissions section")..];
    let start = section.find("```json\n").expect("the page's policy") + 8;
    let end = start + section[start..].find("```").expect("the policy's end");
    serde_json::from_str(&section[start..end]).expect("the page's policy parses")
}

/// Creates user `name` with `policy` (plus moto's action-name aliases) and returns its access key.
async fn user(iam: &aws_sdk_iam::Client, name: &str, mut policy: serde_json::Value) -> (String, String) {
    policy["Statement"]
        .as_array_mut()
        .expect("moto answers")
        .push(serde_json::json!({
            "Sid": "MotoActionNames",
            "Effect": "Allow",
            "Action": [
                "tagging:GetResources",
                "budgets:DescribeBudgets",
                "budgets:DescribeBudget",
                "budgets:CreateBudget",
                "budgets:DescribeNotificationsForBudget"
            ],
            "Resource": "*"
        }));
    iam.create_user()
        .user_name(name)
        .send()
        .await
        .expect("moto answers");
    iam.put_user_policy()
        .user_name(name)
        .policy_name("costbrake")
        .policy_document(policy.to_string())
        .send()
        .await
        .expect("moto answers");
    let key = iam
        .create_access_key()
        .user_name(name)
        .send()
        .await
        .expect("moto answers");
    let key = key.access_key().expect("moto answers");
    (
        key.access_key_id().to_string(),
        key.secret_access_key().to_string(),
    )
}

/// docs/permissions.md's policy without the statement whose `Sid` is `sid`.
fn documented_policy_without(sid: &str) -> serde_json::Value {
    let mut policy = documented_policy();
    policy["Statement"]
        .as_array_mut()
        .expect("statements")
        .retain(|s| s["Sid"] != sid);
    policy
}

/// Uses up moto's unchecked requests: from then on it checks every request's policy, and `sdk`'s
/// `testing` key, which belongs to no user, is refused.
async fn enforce(sdk: &aws_config::SdkConfig) {
    let sts = aws_sdk_sts::Client::new(sdk);
    let mut burnt = 0;
    while sts.get_caller_identity().send().await.is_ok() {
        burnt += 1;
        assert!(burnt <= UNCHECKED, "moto never started checking IAM");
    }
}

fn as_user<'a>(test: Test<'a>, (id, secret): &(String, String)) -> Test<'a> {
    test.env("AWS_ACCESS_KEY_ID", id)
        .env("AWS_SECRET_ACCESS_KEY", secret)
        .env("AWS_MAX_ATTEMPTS", "1")
}

#[tokio::test]
async fn the_documented_policy_is_enough_for_each_command_and_missing_actions_are_named() {
    let sandbox = Sandbox::with_moto(Moto::start_enforcing_iam(UNCHECKED));
    let sdk = sandbox.sdk("us-east-1").await;
    let iam = aws_sdk_iam::Client::new(&sdk);
    let full = user(&iam, "costbrake-ops", documented_policy()).await;
    let limited = user(
        &iam,
        "costbrake-limited",
        documented_policy_without("CostbrakeRead"),
    )
    .await;
    let tags = [("agent-name", "bot"), ("agent-run-id", "r1")];
    seed::instance(&sdk, &tags).await;
    seed::instance(&sdk, &[("agent-name", "bot")]).await;
    enforce(&sdk).await;

    // Everything these commands call is in the documented policy.
    as_user(sandbox.test(), &full).args(["doctor"]).run();
    let audit = as_user(sandbox.test(), &full)
        .args([
            "audit",
            "--types",
            "ec2,ecs,autoscaling,sagemaker,eks,rds,iam,s3",
            "-o",
            "json",
        ])
        .status(1) // findings: the second instance lacks the run tag, the users both tags
        .run()
        .json();
    assert_eq!(audit["gaps"], serde_json::json!([]), "{audit}");
    let coverage = audit["coverage"].as_array().expect("coverage");
    assert!(
        coverage.len() >= 9 && coverage.iter().all(|c| c["ok"] == true),
        "{audit}"
    );
    as_user(sandbox.test(), &full)
        .args(["budget", "list", "-o", "json"])
        .run();
    as_user(sandbox.test(), &full)
        .args(["report", "-o", "json"])
        .run();
    as_user(sandbox.test(), &full)
        .args(["report", "runs", "-o", "json"])
        .run();

    // Without the read statement, the audit is partial and names the IAM action to grant.
    let partial = as_user(sandbox.test(), &limited)
        .args(["audit", "--types", "ec2", "-o", "json"])
        .status(4)
        .stderr_has("is not authorized to perform: ec2:DescribeInstance")
        .run()
        .json();
    let errors: Vec<&str> = partial["gaps"]
        .as_array()
        .expect("gaps")
        .iter()
        .filter_map(|g| g["error"].as_str())
        .collect();
    assert!(
        errors
            .iter()
            .any(|e| e.contains("the caller lacks permission ec2:DescribeInstanceStatus; grant it")),
        "{errors:?}"
    );
}

#[tokio::test]
async fn the_sandbox_pages_policy_is_enough_for_every_sandbox_command() {
    let sandbox = Sandbox::with_moto(Moto::start_enforcing_iam(UNCHECKED));
    let sdk = sandbox.sdk("us-east-1").await;
    let iam = aws_sdk_iam::Client::new(&sdk);
    let admin = user(&iam, "costbrake-platform", page_policy("sandbox.md")).await;
    let member = seed::sandbox_account(&sdk).await;
    enforce(&sdk).await;

    as_user(sandbox.test(), &admin)
        .args([
            "sandbox",
            "create",
            "team-research",
            "--email",
            "aws+team-research@example.com",
            "--budget",
            "500",
        ])
        .run();
    as_user(sandbox.test(), &admin)
        .args(["sandbox", "adopt", &member, "--budget", "100"])
        .run();
    let list = as_user(sandbox.test(), &admin)
        .args(["sandbox", "list", "-o", "json"])
        .run()
        .json();
    assert_eq!(list["sandboxes"].as_array().map(Vec::len), Some(2), "{list}");
    for args in [
        ["sandbox", "freeze", "team-research"].as_slice(),
        &["sandbox", "unfreeze", "team-research"],
        &["sandbox", "close", "team-research", "--yes"],
    ] {
        as_user(sandbox.test(), &admin).args(args).run();
    }
}

#[tokio::test]
async fn a_sandbox_create_that_fails_half_way_exits_4_and_the_same_command_finishes_it() {
    let sandbox = Sandbox::with_moto(Moto::start_enforcing_iam(UNCHECKED));
    let sdk = sandbox.sdk("us-east-1").await;
    let iam = aws_sdk_iam::Client::new(&sdk);
    let full = user(&iam, "costbrake-platform", page_policy("sandbox.md")).await;
    // The same policy, with the budget write denied: the account gets made, its budget does not.
    let mut denied = page_policy("sandbox.md");
    denied["Statement"]
        .as_array_mut()
        .expect("statements")
        .push(serde_json::json!({
            "Effect": "Deny",
            "Action": ["budgets:ModifyBudget", "budgets:CreateBudget"],
            "Resource": "*"
        }));
    let limited = user(&iam, "costbrake-no-budgets", denied).await;
    aws_sdk_organizations::Client::new(&sdk)
        .create_organization()
        .feature_set(aws_sdk_organizations::types::OrganizationFeatureSet::All)
        .send()
        .await
        .expect("create organization");
    enforce(&sandbox.sdk("us-east-1").await).await;
    let args = [
        "sandbox",
        "create",
        "team-research",
        "--email",
        "aws+team-research@example.com",
        "--budget",
        "500",
        "-o",
        "json",
    ];
    let half = as_user(sandbox.test(), &limited)
        .args(args)
        .status(4)
        .stderr_has("run the same command again to finish the sandbox")
        .run()
        .json();
    assert_eq!(half["verdict"], "create", "{half}");
    let id = half["account_id"]
        .as_str()
        .expect("the account was made")
        .to_string();
    assert!(
        half["error"].as_str().is_some_and(|e| e.contains("CreateBudget")),
        "{half}"
    );

    let finished = as_user(sandbox.test(), &full).args(args).run().json();
    assert_eq!(
        finished["account_id"],
        id.as_str(),
        "the same account, not a second one"
    );
    assert_eq!(finished["budget"]["verdict"], "create", "{finished}");
    let changes: Vec<&str> = finished["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .filter_map(|c| c["change"].as_str())
        .collect();
    assert!(!changes.contains(&"create-account"), "{finished}");
}

#[tokio::test]
async fn the_audit_pages_policy_is_enough_for_an_audit_of_every_type() {
    let sandbox = Sandbox::with_moto(Moto::start_enforcing_iam(UNCHECKED));
    let sdk = sandbox.sdk("us-east-1").await;
    let iam = aws_sdk_iam::Client::new(&sdk);
    let auditor = user(&iam, "costbrake-ci", page_policy("audit.md")).await;
    // One of every kind the audit lists directly, so that each listing's calls are made.
    seed_fleet(&sdk, "us-east-1", "bot", true).await;
    seed_ml_fleet(&sdk, "bot", "bot-eks").await;
    enforce(&sdk).await;

    // Every type the audit lists by default, each listing allowed: no gaps, every source read.
    let audit = as_user(sandbox.test(), &auditor)
        .args(["audit", "-o", "json"])
        .status(1)
        .run()
        .json();
    assert_eq!(audit["gaps"], serde_json::json!([]), "{audit}");
    let coverage = audit["coverage"].as_array().expect("coverage");
    assert!(
        !coverage.is_empty() && coverage.iter().all(|c| c["ok"] == true),
        "{audit}"
    );
}

#[tokio::test]
async fn the_documented_policy_is_enough_to_plan_kill_check_undo_and_guard() {
    let sandbox = Sandbox::with_moto(Moto::start_enforcing_iam(UNCHECKED));
    let sdk = sandbox.sdk("us-east-1").await;
    let iam = aws_sdk_iam::Client::new(&sdk);
    let admin = user(
        &iam,
        "admin",
        serde_json::json!({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]
        }),
    )
    .await;
    let ops = user(&iam, "costbrake-ops", documented_policy()).await;
    let reader = user(
        &iam,
        "costbrake-reader",
        documented_policy_without("CostbrakeKill"),
    )
    .await;
    let fleet = seed_fleet(&sdk, "us-east-1", "bot", true).await;
    let ml = seed_ml_fleet(&sdk, "bot", "agents").await;
    let bot = [("agent-name", "bot"), ("agent-run-id", "r1")];
    seed::rds_instance(&sdk, "bot-db", "postgres", None, &bot).await;
    seed::aurora_cluster(&sdk, "bot-aurora", &bot, &bot).await;
    let account = seed::sandbox_account(&sdk).await;
    seed::agent_budget(&sandbox, "bot", "100", "250", "400").await;
    enforce(&sdk).await;
    sandbox.sign_as(&admin);
    let sdk = sandbox.sdk("us-east-1").await;
    let before = snapshot(&sandbox, &["us-east-1"]).await;
    let kill = ["kill", "--agent", "bot", "--regions", "us-east-1", "--yes"];
    let account_args = ["--account", account.as_str(), "-o", "json"];

    // Reads only: the plan and the status, and a user who may only read cannot kill.
    let plan = as_user(sandbox.test(), &reader)
        .args(["kill", "plan", "--agent", "bot", "--regions", "us-east-1"])
        .args(account_args)
        .run()
        .json();
    assert_eq!(plan["gaps"], serde_json::json!([]), "{plan}");
    // The endpoint described (DescribeEndpoint, DescribeEndpointConfig) and the cluster's control plane.
    assert_eq!(plan["billing"].as_array().map(Vec::len), Some(2), "{plan}");
    as_user(sandbox.test(), &reader)
        .args(["kill", "status", "--regions", "us-east-1", "-o", "json"])
        .run();
    let refused = as_user(sandbox.test(), &reader)
        .args(kill)
        .args(["-o", "json"])
        .status(4)
        .run()
        .json();
    let errors: Vec<&str> = refused["results"]
        .as_array()
        .expect("results")
        .iter()
        .filter_map(|r| r["error"].as_str())
        .collect();
    // moto answers a refused call of a JSON service (Lambda, ECS, IAM's tagging) with an XML body the
    // SDK cannot read, where AWS sends a JSON AccessDeniedException: costbrake names the action either way.
    assert!(errors.len() >= 8, "{refused}");
    assert!(
        errors
            .iter()
            .all(|e| e.contains("lack") && e.contains("permission ")),
        "{errors:#?}"
    );
    for action in [
        "ec2:CreateTags",
        "lambda:TagResource",
        "ecs:TagResource",
        "sagemaker:AddTags",
        "eks:TagResource",
        "rds:AddTagsToResource",
        "iam:TagRole",
    ] {
        assert!(errors.iter().any(|e| e.contains(action)), "{action}: {errors:#?}");
    }
    assert_same(
        &before,
        &snapshot(&sandbox, &["us-east-1"]).await,
        "a kill without the kill statement",
    );

    // The documented policy: kill (with the sandbox account's SCP), status, undo.
    let killed = as_user(sandbox.test(), &ops)
        .args(kill)
        .args(account_args)
        .run()
        .json();
    assert_eq!(killed["gaps"], serde_json::json!([]), "{killed}");
    for id in &fleet.instances {
        assert_eq!(instance_state(&sdk, id).await, "stopped");
    }
    for name in &ml.notebooks {
        assert_eq!(notebook(&sdk, name).await.0, "Stopped", "{name}");
    }
    let (min, desired, max, _, _) = nodegroup(&sdk, &ml.cluster, &ml.nodegroup).await;
    assert_eq!((min, desired, max), (0, 0, 4));
    assert_eq!(rds_instance(&sdk, "bot-db").await.0, "stopped");
    assert_eq!(rds_cluster(&sdk, "bot-aurora").await.0, "stopped");
    assert_eq!(
        costbrake_scps(&sdk).await.len(),
        1,
        "the sandbox account's deny SCP"
    );
    let status = as_user(sandbox.test(), &ops)
        .args(["kill", "status", "--regions", "us-east-1"])
        .args(account_args)
        .run()
        .json();
    assert!(status.to_string().contains("costbrake-kill-"), "{status}");
    as_user(sandbox.test(), &ops)
        .args([
            "kill",
            "undo",
            "--agent",
            "bot",
            "--regions",
            "us-east-1",
            "--yes",
        ])
        .run();
    assert_same(
        &before,
        &snapshot(&sandbox, &["us-east-1"]).await,
        "kill then undo",
    );
    assert_eq!(
        costbrake_scps(&sdk).await,
        Vec::<String>::new(),
        "undo deletes the SCP"
    );

    // guard: the dry run reads, --apply stops the breached agent, and undo restores it.
    as_user(sandbox.test(), &ops)
        .args(["guard", "--once", "--regions", "us-east-1"])
        .status(1)
        .run();
    assert_same(
        &before,
        &snapshot(&sandbox, &["us-east-1"]).await,
        "guard's dry run",
    );
    as_user(sandbox.test(), &ops)
        .args(["guard", "--once", "--apply", "--regions", "us-east-1"])
        .run();
    for id in &fleet.instances {
        assert_eq!(instance_state(&sdk, id).await, "stopped");
    }
    as_user(sandbox.test(), &ops)
        .args([
            "kill",
            "undo",
            "--agent",
            "bot",
            "--regions",
            "us-east-1",
            "--yes",
        ])
        .run();
    assert_same(
        &before,
        &snapshot(&sandbox, &["us-east-1"]).await,
        "guard then undo",
    );
}

/// The documented policy covers Step Functions executions and Bedrock customization jobs: a kill stops
/// them, status and undo read them; without the kill statement the kill is refused, naming the actions.
#[tokio::test]
async fn the_documented_policy_is_enough_to_stop_executions_and_customization_jobs() {
    use crate::kill_sfn_bedrock::{executions, job, job_status, state_machine};
    let sandbox = Sandbox::with_moto(Moto::start_enforcing_iam(UNCHECKED));
    let sdk = sandbox.sdk("us-east-1").await;
    let iam = aws_sdk_iam::Client::new(&sdk);
    let admin = user(
        &iam,
        "admin",
        serde_json::json!({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]
        }),
    )
    .await;
    let ops = user(&iam, "costbrake-ops", documented_policy()).await;
    let reader = user(
        &iam,
        "costbrake-reader",
        documented_policy_without("CostbrakeKill"),
    )
    .await;
    let machine = state_machine(&sdk, "crawler", Some("bot"), 2).await;
    state_machine(&sdk, "summarizer", Some("other-bot"), 1).await;
    job(&sdk, "crawl-tune", Some("bot")).await;
    job(&sdk, "summary-tune", Some("other-bot")).await;
    enforce(&sdk).await;
    sandbox.sign_as(&admin);
    let sdk = sandbox.sdk("us-east-1").await;
    let kill = [
        "kill",
        "--agent",
        "bot",
        "--regions",
        "us-east-1",
        "--yes",
        "-o",
        "json",
    ];

    let audit = as_user(sandbox.test(), &reader)
        .args([
            "audit",
            "--types",
            "states,bedrock",
            "--regions",
            "us-east-1",
            "-o",
            "json",
        ])
        .run()
        .json();
    assert_eq!(audit["gaps"], serde_json::json!([]), "{audit}");
    let plan = as_user(sandbox.test(), &reader)
        .args([
            "kill",
            "plan",
            "--agent",
            "bot",
            "--regions",
            "us-east-1",
            "-o",
            "json",
        ])
        .run()
        .json();
    assert_eq!(plan["gaps"], serde_json::json!([]), "{plan}");
    let refused = as_user(sandbox.test(), &reader).args(kill).status(4).run().json();
    let errors = refused.to_string();
    for action in ["states:TagResource", "bedrock:TagResource"] {
        assert!(errors.contains(action), "{action}: {refused:#}");
    }
    assert!(executions(&sdk, &machine).await.iter().all(|e| e.1 == "RUNNING"));
    assert_eq!(job_status(&sdk, "crawl-tune").await, "InProgress");

    let killed = as_user(sandbox.test(), &ops).args(kill).run().json();
    assert_eq!(killed["failed"], 0, "{killed:#}");
    assert!(
        executions(&sdk, &machine).await.iter().all(|e| e.1 == "ABORTED"),
        "{killed:#}"
    );
    assert!(matches!(
        job_status(&sdk, "crawl-tune").await.as_str(),
        "Stopping" | "Stopped"
    ));
    assert_eq!(job_status(&sdk, "summary-tune").await, "InProgress");
    let status = as_user(sandbox.test(), &ops)
        .args(["kill", "status", "--regions", "us-east-1", "-o", "json"])
        .run()
        .json();
    assert_eq!(status["gaps"], serde_json::json!([]), "{status}");
    let undo = as_user(sandbox.test(), &ops)
        .args([
            "kill",
            "undo",
            "--agent",
            "bot",
            "--regions",
            "us-east-1",
            "--yes",
            "-o",
            "json",
        ])
        .run()
        .json();
    assert_eq!(undo["not_restored"], 3, "{undo:#}");
}
