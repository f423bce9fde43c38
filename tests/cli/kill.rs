//! `costbrake kill` against moto, asserting AWS state afterwards: kill then undo restores every resource
//! exactly, twice over, after crashes half-way, and refusals change nothing.

use crate::fixtures::fleet::{seed_one_of_each, seed_two_agents, tags};
use crate::fixtures::seed;
use crate::fixtures::state::{Snapshot, assert_same, costbrake_scps, instance_state, reserved, snapshot};
use crate::harness::{Sandbox, Test, modes, redacted};

const AGENT: &str = "research-agent";
const OTHER: &str = "log-summarizer";
const REGIONS: &str = "us-east-1,eu-west-1";

/// `kill --agent AGENT` in both regions, confirmed, as JSON.
fn kill(sandbox: &Sandbox) -> Test<'_> {
    sandbox.test().args([
        "kill",
        "--agent",
        AGENT,
        "--regions",
        REGIONS,
        "--yes",
        "-o",
        "json",
    ])
}

/// `kill undo --agent AGENT` in both regions, confirmed, as JSON.
fn undo(sandbox: &Sandbox) -> Test<'_> {
    sandbox.test().args([
        "kill",
        "undo",
        "--agent",
        AGENT,
        "--regions",
        REGIONS,
        "--yes",
        "-o",
        "json",
    ])
}

/// `kill status` in both regions, as JSON.
fn kill_status(sandbox: &Sandbox) -> Test<'_> {
    sandbox
        .test()
        .args(["kill", "status", "--regions", REGIONS, "-o", "json"])
}

/// A kill of AGENT that crashes after `n` steps (COSTBRAKE_FAULT_CRASH_AFTER); returns its exit code.
fn crashed_kill(sandbox: &Sandbox, n: u32) -> Option<i32> {
    sandbox
        .test()
        .env("COSTBRAKE_FAULT_CRASH_AFTER", n.to_string())
        .args(["kill", "--agent", AGENT, "--regions", REGIONS, "--yes"])
        .any_status()
        .run()
        .code
}

#[tokio::test]
async fn kill_stops_only_the_agent_and_undo_restores_the_exact_prior_state() {
    let sandbox = Sandbox::new();
    let (fleet, other) = seed_two_agents(&sandbox, AGENT, OTHER).await;
    let sdk = sandbox.sdk("us-east-1").await;
    let before = snapshot(&sandbox, &["us-east-1", "eu-west-1"]).await;
    let bystanders: Snapshot = before
        .iter()
        .filter(|(k, v)| v.contains(OTHER) || k.contains(OTHER))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    assert!(bystanders.len() >= 8, "{bystanders:#?}");

    let out = kill(&sandbox).run();
    let report = out.json();
    assert_eq!(report["schema"], "costbrake.kill-result/v1");
    assert_eq!(report["failed"], 0);
    let kill_id = report["id"].as_str().unwrap().to_string();
    assert!(
        out.stderr
            .contains(&format!("undo: costbrake kill undo --kill-id {kill_id}"))
    );

    // Everything of the agent is stopped...
    for id in &fleet.instances {
        assert_eq!(instance_state(&sdk, id).await, "stopped", "{id}");
    }
    for f in &fleet.functions {
        assert_eq!(reserved(&sdk, f).await, Some(0), "{f}");
    }
    let ecs = aws_sdk_ecs::Client::new(&sdk);
    for (cluster, service) in &fleet.services {
        let d = ecs
            .describe_services()
            .cluster(cluster)
            .services(service)
            .send()
            .await
            .unwrap();
        assert_eq!(d.services()[0].desired_count(), 0, "{service}");
    }
    let aas = aws_sdk_applicationautoscaling::Client::new(&sdk);
    let targets = aas
        .describe_scalable_targets()
        .service_namespace(aws_sdk_applicationautoscaling::types::ServiceNamespace::Ecs)
        .resource_ids(format!("service/{}/{}", fleet.services[0].0, fleet.services[0].1))
        .send()
        .await
        .unwrap();
    let state = targets.scalable_targets()[0]
        .suspended_state()
        .expect("suspended state");
    assert_eq!(state.dynamic_scaling_in_suspended(), Some(true));
    assert_eq!(state.dynamic_scaling_out_suspended(), Some(true));
    assert_eq!(state.scheduled_scaling_suspended(), Some(true));
    let groups = aws_sdk_autoscaling::Client::new(&sdk)
        .describe_auto_scaling_groups()
        .auto_scaling_group_names(fleet.group.as_deref().unwrap())
        .send()
        .await
        .unwrap();
    let group = &groups.auto_scaling_groups()[0];
    assert_eq!(
        (group.desired_capacity(), group.min_size(), group.max_size()),
        (Some(0), Some(0), Some(4))
    );
    assert_eq!(group.suspended_processes().len(), 7);
    let iam = aws_sdk_iam::Client::new(&sdk);
    let policies = iam
        .list_role_policies()
        .role_name(&fleet.roles[0])
        .send()
        .await
        .unwrap();
    let mut names = policies.policy_names().to_vec();
    names.sort();
    assert_eq!(names, ["costbrake-kill-deny", "existing-s3-read"]);
    let policy = iam
        .get_user_policy()
        .user_name(&fleet.users[0])
        .policy_name("costbrake-kill-deny")
        .send()
        .await
        .unwrap();
    let document = urlencoding_decode(policy.policy_document());
    assert!(
        document.contains(r#""Effect":"Deny""#) && document.contains(r#""Action":"*""#),
        "{document}"
    );
    // ...the prior state is recorded on the resource itself...
    let lambda_tags = aws_sdk_lambda::Client::new(&sdk)
        .list_tags()
        .resource(
            aws_sdk_lambda::Client::new(&sdk)
                .get_function()
                .function_name(&fleet.functions[0])
                .send()
                .await
                .unwrap()
                .configuration()
                .unwrap()
                .function_arn()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    let lambda_tags = lambda_tags.tags().unwrap();
    assert_eq!(lambda_tags.get("costbrake:killed"), Some(&kill_id));
    assert_eq!(
        lambda_tags.get("costbrake:prior").map(String::as_str),
        Some("reserved=50")
    );
    // ...the pre-stopped instance was left alone (no markers)...
    let stopped = aws_sdk_ec2::Client::new(&sdk)
        .describe_instances()
        .instance_ids(&fleet.stopped[0])
        .send()
        .await
        .unwrap();
    assert!(
        stopped.reservations()[0].instances()[0]
            .tags()
            .iter()
            .all(|t| !t.key().unwrap_or("").starts_with("costbrake:"))
    );
    // ...and the other agent runs on, untouched.
    let during = snapshot(&sandbox, &["us-east-1", "eu-west-1"]).await;
    for (k, v) in &bystanders {
        if !v.contains("aws:autoscaling:groupName") {
            assert_eq!(during.get(k), Some(v), "{k} of the other agent changed");
        }
    }
    for id in &other.instances {
        assert_eq!(instance_state(&sdk, id).await, "running");
    }

    // Status shows the kill, by whom, and what undo would restore.
    let status = kill_status(&sandbox).run().json();
    assert_eq!(status["kills"][0]["kill_id"], kill_id.as_str());
    assert!(
        status["kills"][0]["by"].as_str().unwrap().starts_with("arn:aws:"),
        "{status}"
    );
    assert_eq!(status["kills"][0]["selector"], "agent-name=research-agent");
    let undo_actions: Vec<&str> = status["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["action"].as_str().unwrap())
        .collect();
    assert!(
        undo_actions.contains(&"start") && undo_actions.contains(&"restore-concurrency"),
        "{undo_actions:?}"
    );

    undo(&sandbox).run();
    let after = snapshot(&sandbox, &["us-east-1", "eu-west-1"]).await;
    assert_same(&before, &after, "kill then undo");
    // "none" and "0" differ: the function without a reservation has none again.
    assert_eq!(reserved(&sdk, &fleet.functions[1]).await, None);
    assert_eq!(reserved(&sdk, &fleet.functions[0]).await, Some(50));

    // Nothing is killed any more.
    let status = kill_status(&sandbox).any_status().run();
    assert_eq!(status.json()["kills"].as_array().unwrap().len(), 0);
}

/// IAM policy documents come back URL-encoded.
fn urlencoding_decode(s: &str) -> String {
    url::form_urlencoded::parse(format!("x={s}").as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

#[tokio::test]
async fn kill_twice_then_undo_twice_restores_the_original_state() {
    let sandbox = Sandbox::new();
    seed_two_agents(&sandbox, AGENT, OTHER).await;
    let before = snapshot(&sandbox, &["us-east-1", "eu-west-1"]).await;

    let first = kill(&sandbox).run().json();
    let first_id = first["id"].as_str().unwrap().to_string();
    let after_first = snapshot(&sandbox, &["us-east-1", "eu-west-1"]).await;

    let second = kill(&sandbox).run();
    let report = second.json();
    assert_eq!(report["done"], 0, "a second kill changes nothing: {report}");
    assert!(second.stderr.contains("Nothing to change"));
    assert_same(
        &after_first,
        &snapshot(&sandbox, &["us-east-1", "eu-west-1"]).await,
        "second kill",
    );
    // The markers still name the first kill and its prior state.
    let kills = kill_status(&sandbox).any_status().run().json()["kills"].clone();
    assert_eq!(kills.as_array().unwrap().len(), 1);
    assert_eq!(kills[0]["kill_id"], first_id.as_str());

    for round in 1..=2 {
        let out = undo(&sandbox).any_status().run();
        assert_eq!(out.code, Some(0), "undo {round}: {}", out.stderr);
        if round == 2 {
            assert!(out.stderr.contains("Nothing to change"), "{}", out.stderr);
        }
        assert_same(
            &before,
            &snapshot(&sandbox, &["us-east-1", "eu-west-1"]).await,
            "undo",
        );
    }
}

#[tokio::test]
async fn a_kill_interrupted_half_way_is_undone_completely_and_can_be_finished() {
    let sandbox = Sandbox::new();
    seed_two_agents(&sandbox, AGENT, OTHER).await;
    let before = snapshot(&sandbox, &["us-east-1", "eu-west-1"]).await;
    for n in [0, 1, 2, 5, 9, 17, 30] {
        // A crash at step n...
        assert_ne!(
            crashed_kill(&sandbox, n),
            Some(0),
            "n={n}: the process was meant to die half-way"
        );
        // ...then undo restores everything it touched.
        let out = undo(&sandbox).any_status().run();
        assert_eq!(out.code, Some(0), "undo after crash at {n}: {}", out.stderr);
        assert_same(
            &before,
            &snapshot(&sandbox, &["us-east-1", "eu-west-1"]).await,
            &format!("crash at {n}"),
        );
    }
    // A crashed kill run again finishes the job, keeping the prior state it recorded first.
    assert_ne!(crashed_kill(&sandbox, 7), Some(0));
    kill(&sandbox).run();
    undo(&sandbox).run();
    assert_same(
        &before,
        &snapshot(&sandbox, &["us-east-1", "eu-west-1"]).await,
        "crash, kill again, undo",
    );
}

#[tokio::test]
async fn refusals_change_nothing() {
    let sandbox = Sandbox::new();
    seed_two_agents(&sandbox, AGENT, OTHER).await;
    let before = snapshot(&sandbox, &["us-east-1", "eu-west-1"]).await;
    let refused = |args: &[&str], needle: &str| {
        let line = sandbox.test().args(args).error_line(2);
        assert!(line.contains(needle), "{args:?}: {line}");
    };
    refused(&["kill", "--yes"], "empty selector");
    refused(&["kill", "plan"], "empty selector");
    refused(&["kill", "--agent", "", "--yes"], "non-empty");
    refused(&["kill", "--agent", "*", "--yes"], "wildcards");
    refused(&["kill", "--tag", "agent-name=*", "--yes"], "wildcards");
    refused(&["kill", "--tag", "nonsense", "--yes"], "KEY=VALUE");
    refused(&["kill", "--tag", "costbrake:killed=x", "--yes"], "markers");
    refused(&["kill", "undo", "--yes"], "--kill-id");
    refused(&["kill", "undo", "--kill-id", "banana", "--yes"], "not a kill id");
    refused(
        &["kill", "--agent", AGENT, "--account", "12", "--yes"],
        "12-digit",
    );
    // No terminal and no --yes.
    refused(&["kill", "--agent", AGENT, "--regions", REGIONS], "--yes");
    refused(&["kill", "undo", "--agent", AGENT], "--yes");
    // --max-resources below the plan size.
    refused(
        &[
            "kill",
            "--agent",
            AGENT,
            "--regions",
            REGIONS,
            "--max-resources",
            "3",
            "--yes",
        ],
        "--max-resources",
    );
    assert_same(
        &before,
        &snapshot(&sandbox, &["us-east-1", "eu-west-1"]).await,
        "refusals",
    );
}

#[tokio::test]
async fn a_selector_matching_everything_in_scope_is_refused() {
    let sandbox = Sandbox::new();
    let sdk = sandbox.sdk("us-east-1").await;
    let a = seed::instance(&sdk, &[("agent-name", "a"), ("env", "prod")]).await;
    let b = seed::instance(&sdk, &[("agent-name", "b"), ("env", "prod")]).await;
    let line = sandbox
        .test()
        .args(["kill", "--tag", "env=prod", "--yes"])
        .error_line(2);
    assert!(line.contains("matches all 2 resources"), "{line}");
    // Narrowing the kinds does not hide that the selector matches everything.
    let line = sandbox
        .test()
        .args(["kill", "--tag", "env=prod", "--types", "ec2", "--yes"])
        .error_line(2);
    assert!(line.contains("matches all 2 resources"), "{line}");
    assert_eq!(instance_state(&sdk, &a).await, "running");
    assert_eq!(instance_state(&sdk, &b).await, "running");
    // One agent of the two is fine.
    sandbox.test().args(["kill", "--agent", "a", "--yes"]).run();
    assert_eq!(instance_state(&sdk, &a).await, "stopped");
    assert_eq!(instance_state(&sdk, &b).await, "running");
}

#[tokio::test]
async fn a_saved_plan_applies_exactly_and_a_stale_one_is_refused() {
    let sandbox = Sandbox::new();
    let sdk = sandbox.sdk("us-east-1").await;
    let mine = seed::instance(&sdk, &tags(AGENT)).await;
    let later = seed::instance(&sdk, &tags(AGENT)).await;
    let theirs = seed::instance(&sdk, &tags(OTHER)).await;
    let plan_path = sandbox.write("plan.json", "");
    let out = sandbox
        .test()
        .args(["kill", "plan", "--agent", AGENT, "--out"])
        .arg(&plan_path)
        .run();
    let table = out.stdout;
    assert!(
        table.contains(&mine) && table.contains("stop: running → stopped"),
        "{table}"
    );
    assert!(table.contains("Plan: 2 to stop"), "{table}");
    let plan: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&plan_path).unwrap()).unwrap();
    crate::harness::validate_schema(&plan);
    assert!(plan["hash"].as_str().unwrap().starts_with("sha256:"));

    // Someone stops one instance by hand: the plan is stale.
    aws_sdk_ec2::Client::new(&sdk)
        .stop_instances()
        .instance_ids(&later)
        .send()
        .await
        .unwrap();
    let line = sandbox
        .test()
        .args(["kill", "--yes", "--plan"])
        .arg(&plan_path)
        .error_line(2);
    assert!(line.contains("stale"), "{line}");
    assert_eq!(instance_state(&sdk, &mine).await, "running", "nothing changed");

    // Start it again: the live state matches the plan, which applies.
    aws_sdk_ec2::Client::new(&sdk)
        .start_instances()
        .instance_ids(&later)
        .send()
        .await
        .unwrap();
    sandbox
        .test()
        .args(["kill", "--yes", "--plan"])
        .arg(&plan_path)
        .run();
    assert_eq!(instance_state(&sdk, &mine).await, "stopped");
    assert_eq!(instance_state(&sdk, &later).await, "stopped");
    assert_eq!(instance_state(&sdk, &theirs).await, "running");
}

#[tokio::test]
async fn dry_run_asks_ec2_and_changes_nothing() {
    let sandbox = Sandbox::new();
    let sdk = sandbox.sdk("us-east-1").await;
    let mine = seed::instance(&sdk, &tags(AGENT)).await;
    seed::instance(&sdk, &tags(OTHER)).await;
    sandbox
        .test()
        .args(["kill", "--agent", AGENT, "--dry-run"])
        .stderr_has("StopInstances in us-east-1 would succeed")
        .stdout_has("Plan: 1 to stop")
        .run();
    assert_eq!(instance_state(&sdk, &mine).await, "running");
}

#[tokio::test]
async fn an_unreadable_service_is_reported_as_partial_and_a_rerun_finishes_the_job() {
    let sandbox = Sandbox::new();
    let sdk = sandbox.sdk("us-east-1").await;
    let mine = seed::instance(&sdk, &tags(AGENT)).await;
    seed::instance(&sdk, &tags(OTHER)).await;
    let role = seed::role(&sdk, "fn-role", &[]).await;
    seed::function(&sdk, "research-fn", &role, &tags(AGENT)).await;
    // Lambda unreachable: a closed port on loopback.
    let dead = format!("http://127.0.0.1:{}", crate::harness::free_port());
    let out = sandbox
        .test()
        .env("AWS_ENDPOINT_URL_LAMBDA", &dead)
        .env("AWS_MAX_ATTEMPTS", "1")
        .args(["kill", "--agent", AGENT, "--yes", "-o", "json"])
        .status(4)
        .stderr_has("gap: 2 reads in us-east-1 failed (lambda:ListFunctions, lambda:GetFunction, 1 resource)")
        .run();
    assert!(!out.json()["gaps"].as_array().unwrap().is_empty());
    assert_eq!(
        instance_state(&sdk, &mine).await,
        "stopped",
        "the rest was still stopped"
    );
    assert_eq!(reserved(&sdk, "research-fn").await, None);

    let out = sandbox
        .test()
        .args(["kill", "--agent", AGENT, "--yes", "-o", "json"])
        .run();
    assert_eq!(reserved(&sdk, "research-fn").await, Some(0));
    assert_eq!(out.json()["done"], 1, "only the function was left to do");
}

#[tokio::test]
async fn an_unreadable_ec2_listing_names_describe_instances_and_changes_nothing() {
    let sandbox = Sandbox::new();
    let sdk = sandbox.sdk("us-east-1").await;
    let mine = seed::instance(&sdk, &tags(AGENT)).await;
    seed::instance(&sdk, &tags(OTHER)).await;
    let dead = format!("http://127.0.0.1:{}", crate::harness::free_port());
    let out = sandbox
        .test()
        .env("AWS_ENDPOINT_URL_EC2", &dead)
        .env("AWS_MAX_ATTEMPTS", "1")
        .args(["kill", "plan", "--agent", AGENT, "-o", "json"])
        .status(4)
        .run();
    let gaps = out.json()["gaps"].as_array().unwrap().clone();
    // The kill lists instances with DescribeInstances (it needs their root device type), not the
    // audit's DescribeInstanceStatus: the gap names the call that failed.
    assert!(
        gaps.iter().any(|g| g["source"] == "ec2:DescribeInstances"),
        "{gaps:?}"
    );
    assert!(
        !gaps.iter().any(|g| g["source"] == "ec2:DescribeInstanceStatus"),
        "{gaps:?}"
    );
    assert_eq!(instance_state(&sdk, &mine).await, "running");
}

#[tokio::test]
async fn a_deny_policy_the_user_attached_themselves_stays_after_undo() {
    let sandbox = Sandbox::new();
    let sdk = sandbox.sdk("us-east-1").await;
    seed::instance(&sdk, &tags(OTHER)).await;
    seed::role(&sdk, "locked-agent-role", &tags(AGENT)).await;
    let iam = aws_sdk_iam::Client::new(&sdk);
    iam.put_role_policy()
        .role_name("locked-agent-role")
        .policy_name("costbrake-kill-deny")
        .policy_document(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*"}]}"#,
        )
        .send()
        .await
        .unwrap();
    sandbox.test().args(["kill", "--agent", AGENT, "--yes"]).run();
    sandbox
        .test()
        .args(["kill", "undo", "--agent", AGENT, "--yes"])
        .run();
    let policy = iam
        .get_role_policy()
        .role_name("locked-agent-role")
        .policy_name("costbrake-kill-deny")
        .send()
        .await
        .expect("the user's own policy is still there");
    assert!(urlencoding_decode(policy.policy_document()).contains("s3:*"));
}

#[tokio::test]
async fn a_sandbox_account_gets_a_deny_scp_and_undo_removes_it() {
    let sandbox = Sandbox::new();
    let sdk = sandbox.sdk("us-east-1").await;
    seed::instance(&sdk, &tags(AGENT)).await;
    seed::instance(&sdk, &tags(OTHER)).await;
    let account = seed::sandbox_account(&sdk).await;
    let org = aws_sdk_organizations::Client::new(&sdk);
    let scps = |org: aws_sdk_organizations::Client, account: String| async move {
        org.list_policies_for_target()
            .target_id(account)
            .filter(aws_sdk_organizations::types::PolicyType::ServiceControlPolicy)
            .send()
            .await
            .unwrap()
            .policies()
            .iter()
            .filter_map(|p| p.name().map(str::to_string))
            .collect::<Vec<_>>()
    };
    let initial = scps(org.clone(), account.clone()).await;

    let out = sandbox
        .test()
        .args([
            "kill",
            "--agent",
            AGENT,
            "--account",
            &account,
            "--yes",
            "-o",
            "json",
        ])
        .run();
    let kill_id = out.json()["id"].as_str().unwrap().to_string();
    let attached = scps(org.clone(), account.clone()).await;
    assert!(
        attached.contains(&format!("costbrake-kill-{kill_id}")),
        "{attached:?}"
    );

    sandbox
        .test()
        .args(["kill", "undo", "--kill-id", &kill_id, "--yes"])
        .run();
    assert_eq!(scps(org.clone(), account.clone()).await, initial);
}

/// At 3 a.m. `kill undo --agent A` must restore what `kill --agent A --regions R --account ID` stopped
/// without retyping either: this machine's journal knows the kill's regions and sandbox account.
#[tokio::test]
async fn undo_by_agent_covers_the_regions_and_sandbox_account_its_kill_journaled() {
    let sandbox = Sandbox::new();
    let west = sandbox.sdk("eu-west-1").await;
    let east = sandbox.sdk("us-east-1").await;
    let stopped = seed::instance(&west, &tags(AGENT)).await;
    seed::instance(&west, &tags(OTHER)).await;
    let account = seed::sandbox_account(&east).await;
    let org = aws_sdk_organizations::Client::new(&east);
    sandbox
        .test()
        .args(["kill", "--agent", AGENT, "--regions", "eu-west-1"])
        .args(["--account", &account, "--yes"])
        .run();
    assert_eq!(instance_state(&west, &stopped).await, "stopped");
    assert_eq!(costbrake_scps(&east).await.len(), 1);

    sandbox
        .test()
        .args(["kill", "undo", "--agent", AGENT, "--yes"])
        .stderr_has(format!(
            "undo also covers eu-west-1, sandbox account {account}, from this machine's kill journal"
        ))
        .run();
    assert_eq!(instance_state(&west, &stopped).await, "running");
    assert_eq!(costbrake_scps(&east).await, Vec::<String>::new());

    // Kills of the agent in two sandbox accounts: one undo reads one account, so it asks which.
    let second = org
        .create_account()
        .account_name("agent-sandbox-2")
        .email("sandbox2@example.com")
        .send()
        .await
        .unwrap()
        .create_account_status()
        .and_then(|s| s.account_id())
        .unwrap()
        .to_string();
    for id in [&account, &second] {
        sandbox
            .test()
            .args(["kill", "--agent", AGENT, "--regions", "eu-west-1"])
            .args(["--account", id, "--yes"])
            .run();
    }
    let line = sandbox
        .test()
        .args(["kill", "undo", "--agent", AGENT, "--yes"])
        .error_line(2);
    assert!(
        line.contains(&account) && line.contains(&second) && line.contains("--account ID"),
        "{line}"
    );
    assert_eq!(
        costbrake_scps(&east).await.len(),
        2,
        "the refusal changed nothing"
    );
    for id in [&account, &second] {
        sandbox
            .test()
            .args(["kill", "undo", "--agent", AGENT, "--account", id, "--yes"])
            .run();
    }
    assert_eq!(costbrake_scps(&east).await, Vec::<String>::new());
    assert_eq!(instance_state(&west, &stopped).await, "running");
}

#[tokio::test]
async fn on_a_terminal_the_agent_name_must_be_typed() {
    let sandbox = Sandbox::new();
    let sdk = sandbox.sdk("us-east-1").await;
    let mine = seed::instance(&sdk, &tags(AGENT)).await;
    seed::instance(&sdk, &tags(OTHER)).await;
    sandbox
        .test()
        .args(["kill", "--agent", AGENT])
        .on_terminal()
        .stdin("yes\n")
        .status(2)
        .stdout_has(format!("type `{AGENT}` to stop 1 resources"))
        .stdout_has("nothing was changed")
        .run();
    assert_eq!(instance_state(&sdk, &mine).await, "running");

    sandbox
        .test()
        .args(["kill", "--agent", AGENT])
        .on_terminal()
        .stdin(format!("{AGENT}\n"))
        .run();
    assert_eq!(instance_state(&sdk, &mine).await, "stopped");

    sandbox
        .test()
        .args(["kill", "undo", "--agent", AGENT])
        .on_terminal()
        .stdin(format!("{AGENT}\n"))
        .run();
    assert_eq!(instance_state(&sdk, &mine).await, "running");
}

#[tokio::test]
async fn kill_plan_outputs_are_stable() {
    let sandbox = Sandbox::new();
    seed_one_of_each(&sandbox, AGENT, OTHER).await;
    for (name, format) in [("kill_plan_json", "json"), ("kill_plan_table", "table")] {
        let out = sandbox
            .test()
            .args(["kill", "plan", "--agent", AGENT, "--regions", REGIONS])
            .args(["--color", "never", "-o", format])
            .run();
        redacted(&sandbox).bind(|| insta::assert_snapshot!(name, out.stdout));
    }
}

/// Journals hold caller ARNs and resource ids: whatever the umask, their directory is 0700 and every
/// journal file 0600 (they were 0755 and 0644 under umask 022).
#[tokio::test]
async fn journal_files_are_private_under_umask_022() {
    let sandbox = Sandbox::new();
    let sdk = sandbox.sdk("us-east-1").await;
    let id = seed::instance(&sdk, &tags(AGENT)).await;
    seed::instance(&sdk, &tags(OTHER)).await;
    let args = [
        "kill",
        "--agent",
        AGENT,
        "--regions",
        "us-east-1",
        "--yes",
        "-o",
        "json",
    ];
    let out = sandbox.cmd_with_umask("022", args).assert().success();
    let report: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    crate::harness::validate_schema(&report);
    assert_eq!(report["done"], 1, "{report}");
    assert_eq!(instance_state(&sdk, &id).await, "stopped");
    let undo = [
        "kill",
        "undo",
        "--agent",
        AGENT,
        "--regions",
        "us-east-1",
        "--yes",
    ];
    sandbox.cmd_with_umask("022", undo).assert().success();

    let root = sandbox.dir().join(".local/share/costbrake");
    let modes = modes(&root);
    let files: Vec<_> = modes.iter().filter(|(p, _)| p.is_file()).collect();
    assert_eq!(files.len(), 2, "the kill's and the undo's journals: {modes:?}");
    for (path, mode) in &modes {
        let want = if path.is_dir() { 0o700 } else { 0o600 };
        assert_eq!(*mode, want, "{} is {mode:o}", path.display());
    }
}

/// Crash trials with a sandbox account (hardening): a kill with `--account` aborted before each of its
/// first 15 changes, and an undo before each of its first 10, each time its journal deleted, then
/// `kill undo --account`. Before, a crash between
/// CreatePolicy and AttachPolicy left a deny-all SCP that no undo found, and undo still exited 0. Now
/// undo finds costbrake's SCPs by name in the organization: no prior state is lost and no costbrake SCP
/// is left, whichever change the crash came before.
#[tokio::test]
async fn a_crashed_sandbox_kill_without_its_journal_leaves_no_orphaned_scp_after_undo() {
    let sandbox = Sandbox::new();
    let sdk = sandbox.sdk("us-east-1").await;
    let mine = seed::instance(&sdk, &tags(AGENT)).await;
    seed::instance(&sdk, &tags(OTHER)).await;
    let account = seed::sandbox_account(&sdk).await;
    let journals = sandbox.dir().join(".local/share/costbrake/kills");
    // `kill` or `kill undo` of the agent with the sandbox account, crashing after `crash` changes if given.
    let run = |verb: &[&str], crash: Option<u32>| {
        let mut test = sandbox.test().args(["kill"]).args(verb).args([
            "--agent",
            AGENT,
            "--regions",
            "us-east-1",
            "--account",
            &account,
            "--yes",
        ]);
        if let Some(n) = crash {
            test = test
                .env("COSTBRAKE_FAULT_CRASH_AFTER", n.to_string())
                .any_status();
        }
        test.run().code
    };
    // One instance (record, tag, stop), then the account (record, mark, CreatePolicy, AttachPolicy).
    for n in 0..=14 {
        let code = run(&[], Some(n));
        let _ = std::fs::remove_dir_all(&journals);
        run(&["undo"], None);
        assert_eq!(
            costbrake_scps(&sdk).await,
            Vec::<String>::new(),
            "crash after {n} (exit {code:?})"
        );
        assert_eq!(instance_state(&sdk, &mine).await, "running", "crash after {n}");
    }
    // Undo crashing before each of its first changes (intent, detach, delete, start, untag), then finished
    // by a second undo without any journal.
    for n in 0..=9 {
        run(&[], None);
        let code = run(&["undo"], Some(n));
        let _ = std::fs::remove_dir_all(&journals);
        run(&["undo"], None);
        assert_eq!(
            costbrake_scps(&sdk).await,
            Vec::<String>::new(),
            "undo crash after {n} (exit {code:?})"
        );
        assert_eq!(
            instance_state(&sdk, &mine).await,
            "running",
            "undo crash after {n}"
        );
    }
    // And a kill that finished is undone the same way without its journal.
    run(&[], None);
    assert_eq!(costbrake_scps(&sdk).await.len(), 1);
    let _ = std::fs::remove_dir_all(&journals);
    run(&["undo"], None);
    assert_eq!(costbrake_scps(&sdk).await, Vec::<String>::new());
}

/// Every regional listing failing (hardening): the agent's IAM role is left alone unless
/// `--allow-partial` says otherwise. Before, a kill whose regions could not be read (a typo'd region, an
/// unreachable endpoint) still tagged the role and put the deny policy on it, and nothing else.
#[tokio::test]
async fn a_kill_that_cannot_read_any_region_leaves_global_resources_alone_unless_allowed() {
    let sandbox = Sandbox::new();
    let sdk = sandbox.sdk("us-east-1").await;
    seed::role(&sdk, "research-agent-exec", &tags(AGENT)).await;
    seed::role(&sdk, "other-exec", &tags(OTHER)).await;
    let dead = format!("http://127.0.0.1:{}", crate::harness::free_port());
    let regional = [
        "AWS_ENDPOINT_URL_EC2",
        "AWS_ENDPOINT_URL_ECS",
        "AWS_ENDPOINT_URL_LAMBDA",
        "AWS_ENDPOINT_URL_AUTO_SCALING",
        "AWS_ENDPOINT_URL_APPLICATION_AUTO_SCALING",
        "AWS_ENDPOINT_URL_RESOURCE_GROUPS_TAGGING_API",
        "AWS_ENDPOINT_URL_S3",
    ];
    let kill = |extra: &[&str]| {
        let mut test = sandbox
            .test()
            .env("AWS_MAX_ATTEMPTS", "1")
            .args([
                "kill",
                "--agent",
                AGENT,
                "--regions",
                "us-east-1",
                "--yes",
                "-o",
                "json",
            ])
            .args(extra)
            .status(4);
        for var in regional {
            test = test.env(var, &dead);
        }
        test.run().json()
    };
    let iam = aws_sdk_iam::Client::new(&sdk);
    let inline = |role: &'static str| {
        let iam = iam.clone();
        async move {
            iam.list_role_policies()
                .role_name(role)
                .send()
                .await
                .unwrap()
                .policy_names()
                .to_vec()
        }
    };

    let report = kill(&[]);
    assert_eq!(report["done"], 0, "{report}");
    assert_eq!(report["blocked"], 1, "{report}");
    assert!(
        inline("research-agent-exec").await.is_empty(),
        "no deny policy without --allow-partial"
    );

    let report = kill(&["--allow-partial"]);
    assert_eq!(report["done"], 1, "{report}");
    assert_eq!(
        inline("research-agent-exec").await,
        vec!["costbrake-kill-deny".to_string()]
    );
    assert!(inline("other-exec").await.is_empty());
}

/// `--types` limits a kill to some kinds; a typo or a kind a kill does not act on is refused on one line.
#[tokio::test]
async fn types_limit_the_kinds_a_kill_acts_on() {
    let sandbox = Sandbox::new();
    seed_one_of_each(&sandbox, AGENT, OTHER).await;
    let east = sandbox.sdk("us-east-1").await;
    let plan = sandbox
        .test()
        .args(["kill", "plan", "--agent", AGENT, "--regions", REGIONS])
        .args(["--types", "lambda,ec2:instance", "-o", "json"])
        .run()
        .json();
    let mut kinds: Vec<&str> = plan["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["kind"].as_str().unwrap())
        .collect();
    kinds.dedup();
    // The Auto Scaling group of a selected instance comes too: stopped alone, AWS would replace it.
    assert_eq!(kinds, ["group", "instance", "function"], "{plan}");
    assert_eq!(plan["types"], serde_json::json!(["lambda", "ec2:instance"]));

    let killed = sandbox
        .test()
        .args([
            "kill",
            "--agent",
            AGENT,
            "--regions",
            REGIONS,
            "--types",
            "lambda",
        ])
        .args(["--yes", "-o", "json"])
        .run()
        .json();
    assert!(
        killed["results"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["kind"] == "function"),
        "{killed}"
    );
    assert_eq!(reserved(&east, &format!("{AGENT}-fanout")).await, Some(0));
    let instances = aws_sdk_ec2::Client::new(&east)
        .describe_instances()
        .send()
        .await
        .unwrap();
    assert!(
        instances
            .reservations()
            .iter()
            .flat_map(|r| r.instances())
            .all(|i| i.state().and_then(|s| s.name()).map(|n| n.as_str()) == Some("running")),
        "instances are not in --types lambda"
    );

    for (bad, says) in [
        ("ec2:instances", "ec2:instance"),
        ("s3", "a kill does not act on it"),
        (",", "--types is empty"),
    ] {
        let line = sandbox
            .test()
            .args(["kill", "--agent", AGENT, "--types", bad, "--yes"])
            .error_line(2);
        assert!(line.contains(says), "{bad}: {line}");
    }
}

/// A region's Auto Scaling groups are marked in one CreateOrUpdateTags: each must still get its own
/// prior state (not the first group's), none propagated to new instances, and undo must restore each.
#[tokio::test]
async fn groups_marked_together_keep_each_their_own_prior_state() {
    let sandbox = Sandbox::new();
    let sdk = sandbox.sdk("us-east-1").await;
    let asg = aws_sdk_autoscaling::Client::new(&sdk);
    asg.create_launch_configuration()
        .launch_configuration_name("lc")
        .image_id("ami-12c6146b")
        .instance_type("t3.micro")
        .send()
        .await
        .expect("launch configuration");
    let sizes = [("g-small", 1, 0, 3), ("g-mid", 2, 1, 4), ("g-big", 3, 2, 5)];
    for (name, desired, min, max) in sizes {
        let mut request = asg
            .create_auto_scaling_group()
            .auto_scaling_group_name(name)
            .launch_configuration_name("lc")
            .min_size(min)
            .max_size(max)
            .desired_capacity(desired)
            .availability_zones("us-east-1a");
        for (k, v) in tags(AGENT) {
            request = request.tags(
                aws_sdk_autoscaling::types::Tag::builder()
                    .key(k)
                    .value(v)
                    .propagate_at_launch(false)
                    .resource_id(name)
                    .resource_type("auto-scaling-group")
                    .build(),
            );
        }
        request.send().await.expect("create asg");
    }
    // Something else in scope, so that the selector does not match everything.
    seed::instance(&sdk, &tags(OTHER)).await;
    let before = snapshot(&sandbox, &["us-east-1"]).await;

    let args = ["--agent", AGENT, "--regions", "us-east-1", "--yes", "-o", "json"];
    let report = sandbox.test().arg("kill").args(args).run().json();
    assert_eq!(report["failed"], 0, "{report:#}");
    let groups = asg
        .describe_auto_scaling_groups()
        .auto_scaling_group_names("g-small")
        .auto_scaling_group_names("g-mid")
        .auto_scaling_group_names("g-big")
        .send()
        .await
        .unwrap();
    assert_eq!(groups.auto_scaling_groups().len(), 3);
    for g in groups.auto_scaling_groups() {
        let name = g.auto_scaling_group_name().unwrap();
        let (_, desired, min, max) = sizes.iter().find(|s| s.0 == name).copied().unwrap();
        assert_eq!((g.desired_capacity(), g.min_size()), (Some(0), Some(0)), "{name}");
        let prior = g
            .tags()
            .iter()
            .find(|t| t.key() == Some("costbrake:prior"))
            .unwrap_or_else(|| panic!("{name} has no prior-state marker"));
        assert_eq!(prior.propagate_at_launch(), Some(false), "{name}");
        let value = prior.value().unwrap();
        assert!(
            value.contains(&format!("desired={desired} "))
                && value.contains(&format!("min={min} "))
                && value.contains(&format!("max={max} ")),
            "{name}: {value}"
        );
    }

    let report = sandbox.test().args(["kill", "undo"]).args(args).run().json();
    assert_eq!(report["failed"], 0, "{report:#}");
    assert_same(&before, &snapshot(&sandbox, &["us-east-1"]).await, "after undo");
}
