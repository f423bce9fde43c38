//! docs/permissions.md's example policy, enforced: moto started with its IAM switch on
//! (`INITIAL_NO_AUTH_ACTION_COUNT`: after that many requests every request is checked against the
//! caller's policies) runs each command as a user holding exactly that policy.
//!
//! Where moto differs from AWS the test says so, and AWS wins: moto names an action after the request's
//! SigV4 signing name and operation (`tagging:GetResources`, `budgets:DescribeBudgets`), where IAM uses
//! `tag:GetResources` and `budgets:ViewBudget`, so the test user also holds those two aliases; and moto
//! rejects every signed Lambda request with `SignatureDoesNotMatch` once the switch is on, so the
//! commands that must list Lambda (kill, kill plan, kill status) cannot be checked this way.

use crate::fixtures::seed;
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

/// Creates user `name` with `policy` (plus moto's action-name aliases) and returns its access key.
async fn user(iam: &aws_sdk_iam::Client, name: &str, mut policy: serde_json::Value) -> (String, String) {
    policy["Statement"]
        .as_array_mut()
        .expect("moto answers")
        .push(serde_json::json!({
            "Sid": "MotoActionNames",
            "Effect": "Allow",
            "Action": ["tagging:GetResources", "budgets:DescribeBudgets"],
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

fn as_user<'a>(test: Test<'a>, (id, secret): &(String, String)) -> Test<'a> {
    test.env("AWS_ACCESS_KEY_ID", id)
        .env("AWS_SECRET_ACCESS_KEY", secret)
        .env("AWS_MAX_ATTEMPTS", "1")
}

#[tokio::test]
async fn the_documented_policy_is_enough_for_each_command_and_missing_actions_are_named() {
    let sandbox = Sandbox::with_moto(Moto::start_with_env(&[(
        "INITIAL_NO_AUTH_ACTION_COUNT",
        &UNCHECKED.to_string(),
    )]));
    let sdk = sandbox.sdk("us-east-1").await;
    let iam = aws_sdk_iam::Client::new(&sdk);
    let full = user(&iam, "costbrake-ops", documented_policy()).await;
    let mut reads_only = documented_policy();
    reads_only["Statement"]
        .as_array_mut()
        .unwrap()
        .retain(|s| s["Sid"] != "CostbrakeRead");
    let limited = user(&iam, "costbrake-limited", reads_only).await;
    let tags = [("agent-name", "bot"), ("agent-run-id", "r1")];
    seed::instance(&sdk, &tags).await;
    seed::instance(&sdk, &[("agent-name", "bot")]).await;
    // Use up the unchecked requests: from now on moto checks every request's policy.
    let sts = aws_sdk_sts::Client::new(&sdk);
    let mut burnt = 0;
    while sts.get_caller_identity().send().await.is_ok() {
        burnt += 1;
        assert!(burnt <= UNCHECKED, "moto never started checking IAM");
    }

    // Everything these commands call is in the documented policy.
    as_user(sandbox.test(), &full).args(["doctor"]).run();
    let audit = as_user(sandbox.test(), &full)
        .args(["audit", "--types", "ec2,ecs,autoscaling,iam,s3", "-o", "json"])
        .status(1) // findings: the second instance lacks the run tag, the users both tags
        .run()
        .json();
    assert_eq!(audit["gaps"], serde_json::json!([]), "{audit}");
    let coverage = audit["coverage"].as_array().expect("coverage");
    assert!(
        coverage.len() >= 6 && coverage.iter().all(|c| c["ok"] == true),
        "{audit}"
    );
    as_user(sandbox.test(), &full)
        .args(["budget", "list", "-o", "json"])
        .run();
    as_user(sandbox.test(), &full)
        .args(["report", "-o", "json"])
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
