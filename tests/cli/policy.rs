//! `costbrake policy tag-on-create`: the generated documents, snapshotted, and their limits checked on
//! the files `--out` writes.

use crate::harness::Test;

#[test]
fn the_default_scp_is_stable_minified_and_within_the_limit() {
    let out = Test::new().args(["policy", "tag-on-create", "-o", "json"]).run();
    let generated = out.json();
    assert_eq!(generated["schema"], "costbrake.policy/v1");
    insta::assert_json_snapshot!("policy_tag_on_create_scp", generated);
    let table = Test::new().args(["policy", "tag-on-create"]).run();
    insta::assert_snapshot!("policy_tag_on_create_table", table.stdout);
}

#[test]
fn the_iam_form_run_scoped_is_stable() {
    let out = Test::new()
        .args([
            "policy",
            "tag-on-create",
            "--form",
            "iam",
            "--run-scoped",
            "--services",
            "ec2,lambda",
            "--tag",
            "agent-run-id",
            "--value-pattern",
            "run-*",
            "-o",
            "json",
        ])
        .run();
    insta::assert_json_snapshot!("policy_tag_on_create_iam_run_scoped", out.json());
}

#[test]
fn out_writes_one_minified_document_per_file_within_the_limits() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out_dir = dir.path().join("p");
    let out = Test::new()
        .args([
            "policy",
            "tag-on-create",
            "--all-creates",
            "--services",
            "ec2",
            "--out",
        ])
        .arg(&out_dir)
        .run();
    assert!(out.stderr.contains("wrote "), "{}", out.stderr);
    assert!(
        out.stderr.contains("at most 5"),
        "the 5-SCP limit is named: {}",
        out.stderr
    );
    let mut files: Vec<_> = std::fs::read_dir(&out_dir)
        .expect("out dir")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    assert!(files.len() > 1, "EC2's creates need several SCPs: {files:?}");
    for file in files {
        let text = std::fs::read_to_string(&file).expect("document");
        let body = text.trim_end();
        assert!(
            body.len() <= 5120,
            "{} is {} characters",
            file.display(),
            body.len()
        );
        let doc: serde_json::Value = serde_json::from_str(body).expect("JSON");
        assert_eq!(
            body,
            doc.to_string(),
            "minified: no whitespace to count against the limit"
        );
        assert_eq!(doc["Version"], "2012-10-17");
        for statement in doc["Statement"].as_array().expect("statements") {
            // CreateImage may be denied on the image it makes; a launch never on the image it starts from.
            if statement["Action"].to_string().contains("\"ec2:RunInstances\"") {
                let resources = statement["Resource"].to_string();
                for never in [":image/", ":subnet/", ":security-group/"] {
                    assert!(!resources.contains(never), "{resources}");
                }
            }
        }
    }
}

#[test]
fn bad_policy_input_exits_2_on_one_line() {
    for (args, needle) in [
        (
            vec!["policy", "tag-on-create", "--services", "ec3"],
            "did you mean ec2",
        ),
        (
            vec!["policy", "tag-on-create", "--services", "ec2,,s3"],
            "empty entry",
        ),
        (vec!["policy", "tag-on-create", "--tag", "aws:thing"], "reserved"),
        (
            vec!["policy", "tag-on-create", "--value-pattern", ""],
            "--value-pattern",
        ),
        (vec!["policy", "tag-on-create", "--form", "xml"], "--form"),
        (vec!["policy", "tag-on-create", "-o", "csv"], "--output csv"),
    ] {
        let line = Test::new().args(args.clone()).error_line(2);
        assert!(line.contains(needle), "{args:?}: {line}");
    }
}

/// An organization with this account as its management account, an `agents` OU under the root with one
/// member account in it; returns (OU id, member account id).
async fn organization(sdk: &aws_config::SdkConfig) -> (String, String) {
    let member = crate::fixtures::seed::sandbox_account(sdk).await;
    let org = aws_sdk_organizations::Client::new(sdk);
    let root = org.list_roots().send().await.expect("roots").roots()[0]
        .id()
        .expect("root id")
        .to_string();
    let ou = org
        .create_organizational_unit()
        .parent_id(&root)
        .name("agents")
        .send()
        .await
        .expect("create OU")
        .organizational_unit()
        .and_then(|o| o.id())
        .expect("OU id")
        .to_string();
    (ou, member)
}

/// Attaches someone else's SCP `name` (a deny of iam:CreateUser) to `target`; returns its id.
async fn their_scp(org: &aws_sdk_organizations::Client, name: &str, target: &str) -> String {
    let id = org
        .create_policy()
        .name(name)
        .description("theirs")
        .content(r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:CreateUser","Resource":"*"}]}"#)
        .r#type(aws_sdk_organizations::types::PolicyType::ServiceControlPolicy)
        .send()
        .await
        .expect("their SCP")
        .policy()
        .and_then(|p| p.policy_summary())
        .and_then(|s| s.id())
        .expect("id")
        .to_string();
    org.attach_policy()
        .policy_id(&id)
        .target_id(target)
        .send()
        .await
        .expect("attach theirs");
    id
}

/// The `change` of each outcome of an attach or detach report.
fn changes_of(report: &serde_json::Value) -> Vec<String> {
    report["outcomes"]
        .as_array()
        .expect("outcomes")
        .iter()
        .filter_map(|o| o["change"].as_str().map(str::to_string))
        .collect()
}

/// The names of the SCPs attached to `target`, sorted.
async fn scps_on(sdk: &aws_config::SdkConfig, target: &str) -> Vec<String> {
    let org = aws_sdk_organizations::Client::new(sdk);
    let out = org
        .list_policies_for_target()
        .target_id(target)
        .filter(aws_sdk_organizations::types::PolicyType::ServiceControlPolicy)
        .send()
        .await
        .expect("policies for target");
    let mut names: Vec<String> = out
        .policies()
        .iter()
        .filter_map(|p| p.name().map(str::to_string))
        .collect();
    names.sort();
    names
}

#[tokio::test]
async fn attach_creates_attaches_is_idempotent_and_detach_is_exact() {
    let sandbox = crate::harness::Sandbox::new();
    let sdk = sandbox.sdk("us-east-1").await;
    let (ou, member) = organization(&sdk).await;
    let org = aws_sdk_organizations::Client::new(&sdk);
    // Someone else's SCP on the OU stays through attach and detach.
    their_scp(&org, "security-baseline", &ou).await;

    let out = sandbox
        .test()
        .args(["policy", "attach", "--target", &ou, "-o", "json"])
        .run();
    let report = out.json();
    assert_eq!(report["schema"], "costbrake.policy-apply/v1");
    assert_eq!(report["outcomes"][0]["change"], "created");
    assert!(
        report["journal"]
            .as_str()
            .is_some_and(|j| std::path::Path::new(j).exists())
    );
    let on_ou = scps_on(&sdk, &ou).await;
    assert!(
        on_ou.contains(&"costbrake-tag-on-create".to_string()),
        "{on_ou:?}"
    );
    assert!(on_ou.contains(&"security-baseline".to_string()));
    // The SCP in AWS is exactly the generated document.
    let id = report["outcomes"][0]["id"].as_str().expect("id").to_string();
    let content = org
        .describe_policy()
        .policy_id(&id)
        .send()
        .await
        .expect("describe")
        .policy()
        .and_then(|p| p.content())
        .expect("content")
        .to_string();
    let generated = crate::harness::Test::new()
        .args(["policy", "tag-on-create", "-o", "json"])
        .run()
        .json();
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&content).expect("JSON"),
        generated["documents"][0]["policy"]
    );

    // Again: nothing changes.
    let again = sandbox.test().args(["policy", "attach", "--target", &ou]).run();
    assert!(again.stdout.contains("0 changes"), "{}", again.stdout);
    // A narrower policy updates the same SCP in place.
    let narrower = sandbox
        .test()
        .args([
            "policy",
            "attach",
            "--target",
            &ou,
            "--services",
            "ec2",
            "-o",
            "json",
        ])
        .run()
        .json();
    assert_eq!(narrower["outcomes"][0]["change"], "updated");
    assert_eq!(narrower["outcomes"][0]["id"], id.as_str());

    // The same SCP on the member account too; detaching from the OU keeps it (still attached there).
    sandbox
        .test()
        .args(["policy", "attach", "--target", &member, "--services", "ec2"])
        .run();
    let detached = sandbox
        .test()
        .args(["policy", "detach", "--target", &ou, "-o", "json"])
        .run()
        .json();
    let changes = changes_of(&detached);
    assert_eq!(changes, ["detached"], "still on the member account: not deleted");
    assert_eq!(
        scps_on(&sdk, &ou).await,
        ["FullAWSAccess", "security-baseline"],
        "theirs stays, and the FullAWSAccess a new OU gets"
    );
    let detached = sandbox
        .test()
        .args(["policy", "detach", "--target", &member, "-o", "json"])
        .run()
        .json();
    let changes = changes_of(&detached);
    assert_eq!(changes, ["detached", "deleted"]);
    let left = org
        .list_policies()
        .filter(aws_sdk_organizations::types::PolicyType::ServiceControlPolicy)
        .send()
        .await
        .expect("policies");
    assert!(
        !left
            .policies()
            .iter()
            .any(|p| p.name() == Some("costbrake-tag-on-create"))
    );
}

#[tokio::test]
async fn attach_refuses_a_sixth_scp_the_management_account_and_the_root() {
    let sandbox = crate::harness::Sandbox::new();
    let sdk = sandbox.sdk("us-east-1").await;
    let (ou, _member) = organization(&sdk).await;
    let org = aws_sdk_organizations::Client::new(&sdk);
    // A new OU has FullAWSAccess; four more make five.
    for i in 1..=4 {
        their_scp(&org, &format!("other-{i}"), &ou).await;
    }
    // moto enforces no SCP count; AWS does (5 per target), and costbrake checks before acting.
    let line = sandbox
        .test()
        .args(["policy", "attach", "--target", &ou])
        .error_line(2);
    assert!(
        line.contains("FullAWSAccess") && line.contains("other-4") && line.contains("5 per target"),
        "{line}"
    );
    assert!(
        !scps_on(&sdk, &ou)
            .await
            .iter()
            .any(|n| n.starts_with("costbrake")),
        "nothing attached"
    );

    let line = sandbox
        .test()
        .args(["policy", "attach", "--target", "123456789012"])
        .error_line(2);
    assert!(line.contains("management account"), "{line}");
    let root = org.list_roots().send().await.expect("roots").roots()[0]
        .id()
        .expect("id")
        .to_string();
    let line = sandbox
        .test()
        .args(["policy", "attach", "--target", &root])
        .error_line(2);
    assert!(line.contains("--allow-root"), "{line}");
    for (args, needle) in [
        (vec!["policy", "attach", "--target", "ou-x"], "not an OU"),
        (vec!["policy", "attach"], "--target"),
        (vec!["policy", "attach", "--role", "a b"], "not an IAM role name"),
        (
            vec!["policy", "attach", "--target", &ou, "--name", "bad name"],
            "--name",
        ),
    ] {
        let line = sandbox.test().args(args.clone()).error_line(2);
        assert!(line.contains(needle), "{args:?}: {line}");
    }
}

#[tokio::test]
async fn the_iam_form_puts_inline_policies_on_a_role_and_detach_removes_only_them() {
    let sandbox = crate::harness::Sandbox::new();
    let sdk = sandbox.sdk("us-east-1").await;
    crate::fixtures::seed::role(&sdk, "agent-runner", &[]).await;
    let iam = aws_sdk_iam::Client::new(&sdk);
    iam.put_role_policy()
        .role_name("agent-runner")
        .policy_name("their-policy")
        .policy_document(r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#)
        .send()
        .await
        .expect("their policy");
    let report = sandbox
        .test()
        .args([
            "policy",
            "attach",
            "--role",
            "agent-runner",
            "--run-scoped",
            "-o",
            "json",
        ])
        .run()
        .json();
    assert_eq!(report["outcomes"][0]["change"], "created");
    let names = |out: aws_sdk_iam::operation::list_role_policies::ListRolePoliciesOutput| {
        let mut n: Vec<String> = out.policy_names().to_vec();
        n.sort();
        n
    };
    let listed = names(
        iam.list_role_policies()
            .role_name("agent-runner")
            .send()
            .await
            .expect("list"),
    );
    assert_eq!(listed, ["costbrake-tag-on-create", "their-policy"]);
    let doc = iam
        .get_role_policy()
        .role_name("agent-runner")
        .policy_name("costbrake-tag-on-create")
        .send()
        .await
        .expect("get");
    let text = doc.policy_document();
    assert!(text.contains("PrincipalTag"), "run-scoped: {text}");
    let again = sandbox
        .test()
        .args(["policy", "attach", "--role", "agent-runner", "--run-scoped"])
        .run();
    assert!(again.stdout.contains("0 changes"), "{}", again.stdout);
    sandbox
        .test()
        .args(["policy", "detach", "--role", "agent-runner"])
        .run();
    let listed = names(
        iam.list_role_policies()
            .role_name("agent-runner")
            .send()
            .await
            .expect("list"),
    );
    assert_eq!(listed, ["their-policy"]);
}

/// docs/examples/hand-written-scp.json, the usual first attempt at tag-on-create.
const HAND_WRITTEN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/examples/hand-written-scp.json");

#[test]
fn check_of_the_hand_written_example_covers_instances_only_and_exits_1() {
    let out = Test::new()
        .args(["policy", "check", HAND_WRITTEN, "--tag", "Agent-ID", "-o", "json"])
        .status(1)
        .run();
    let report = out.json();
    assert_eq!(report["schema"], "costbrake.policy-check/v1");
    let covered = |t: &str| {
        report["coverage"]
            .as_array()
            .expect("coverage")
            .iter()
            .find(|c| c["type"] == t)
            .map(|c| c["covered"] == true)
            .unwrap_or_else(|| panic!("no {t}"))
    };
    assert!(covered("ec2:instance"), "EC2 instances are covered");
    assert!(
        !covered("ec2:volume"),
        "volumes are not: the Resource names instances only"
    );
    for t in [
        "lambda:function",
        "ecs:task",
        "s3:bucket",
        "sagemaker:notebook-instance",
        "rds:db",
    ] {
        assert!(!covered(t), "{t} is not covered");
    }
    assert_eq!(report["covered"], 1);
    let table = Test::new()
        .args(["policy", "check", HAND_WRITTEN, "--tag", "Agent-ID"])
        .status(1)
        .run()
        .stdout;
    assert!(table.contains("ALLOWED: ec2:RunInstances"), "{table}");
    // CI formats.
    let sarif = Test::new()
        .args([
            "policy",
            "check",
            HAND_WRITTEN,
            "--tag",
            "Agent-ID",
            "-o",
            "sarif",
        ])
        .status(1)
        .run()
        .json();
    assert_eq!(sarif["version"], "2.1.0");
    assert!(
        sarif["runs"][0]["results"]
            .as_array()
            .is_some_and(|r| !r.is_empty())
    );
    let junit = Test::new()
        .args([
            "policy",
            "check",
            HAND_WRITTEN,
            "--tag",
            "Agent-ID",
            "-o",
            "junit",
        ])
        .status(1)
        .run()
        .stdout;
    assert!(
        junit.contains(r#"tests="18" failures="17""#),
        "18 types, 17 uncovered: {junit}"
    );
    let github = Test::new()
        .args([
            "policy",
            "check",
            HAND_WRITTEN,
            "--tag",
            "Agent-ID",
            "-o",
            "github",
        ])
        .status(1)
        .run()
        .stdout;
    assert!(
        github.contains("::error title=costbrake%3A ec2%3Avolume without Agent-ID::"),
        "{github}"
    );
}

#[test]
fn check_of_the_generated_policy_passes_and_of_its_mistakes_fails() {
    let dir = tempfile::tempdir().expect("temp dir");
    let generated = dir.path().join("generated.json");
    let out = Test::new().args(["policy", "tag-on-create", "-o", "json"]).run();
    std::fs::write(&generated, &out.stdout).expect("write");
    let ok = Test::new().args(["policy", "check"]).arg(&generated).run();
    assert!(ok.stdout.contains("36 of 36"), "{}", ok.stdout);
    // Resource "*" on RunInstances: refuses every launch, and says so.
    let star = dir.path().join("star.json");
    std::fs::write(
        &star,
        r#"{"Version":"2012-10-17","Statement":[{"Sid":"Star","Effect":"Deny","Action":"ec2:RunInstances","Resource":"*","Condition":{"Null":{"aws:RequestTag/agent-name":"true"}}}]}"#,
    )
    .expect("write");
    let out = Test::new().args(["policy", "check"]).arg(&star).status(1).run();
    assert!(out.stdout.contains("refuses every call"), "{}", out.stdout);
    let line = Test::new()
        .args(["policy", "check", "missing.json"])
        .error_line(2);
    assert!(line.contains("cannot read"), "{line}");
    let line = Test::new().args(["policy", "check"]).error_line(2);
    assert!(line.contains("--target"), "{line}");
}

#[tokio::test]
async fn check_reads_what_is_attached_to_a_target() {
    let sandbox = crate::harness::Sandbox::new();
    let sdk = sandbox.sdk("us-east-1").await;
    let (ou, _member) = organization(&sdk).await;
    sandbox
        .test()
        .args(["policy", "check", "--target", &ou])
        .status(1)
        .run();
    sandbox.test().args(["policy", "attach", "--target", &ou]).run();
    let out = sandbox.test().args(["policy", "check", "--target", &ou]).run();
    assert!(out.stdout.contains("36 of 36"), "{}", out.stdout);
}
