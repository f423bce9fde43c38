//! `costbrake kill` and Step Functions executions and Bedrock model customization jobs, against moto: a
//! kill stops the agent's running executions (ABORTED, with costbrake's error and cause) and its
//! `InProgress` customization jobs for good; `--no-irreversible` leaves them; `--types` narrows the kill
//! to one service; a second kill changes nothing; undo and status list them as not restorable and change
//! nothing. Another agent's state machines and jobs are never touched, never-tagged ones show in the
//! audit, and an unreachable Step Functions or Bedrock endpoint is a gap (exit 4), never a silent skip.

use aws_config::SdkConfig;

use crate::harness::Sandbox;

const AGENT: &str = "research-agent";
const OTHER: &str = "log-summarizer";
const ROLE: &str = "arn:aws:iam::123456789012:role/agent-workflows";

/// A state machine that waits a day: its executions run until stopped.
const DEFINITION: &str = r#"{"StartAt":"Wait","States":{"Wait":{"Type":"Wait","Seconds":86400,"End":true}}}"#;

fn agent_tags(agent: Option<&str>) -> Vec<(&'static str, String)> {
    agent
        .map(|a| {
            vec![
                ("agent-name", a.to_string()),
                ("agent-run-id", "run-1".to_string()),
            ]
        })
        .unwrap_or_default()
}

/// A state machine tagged for `agent` (or never tagged) with `runs` executions started; its ARN.
pub(crate) async fn state_machine(sdk: &SdkConfig, name: &str, agent: Option<&str>, runs: usize) -> String {
    let sfn = aws_sdk_sfn::Client::new(sdk);
    let tags = agent_tags(agent)
        .into_iter()
        .map(|(k, v)| aws_sdk_sfn::types::Tag::builder().key(k).value(v).build())
        .collect();
    let arn = sfn
        .create_state_machine()
        .name(name)
        .definition(DEFINITION)
        .role_arn(ROLE)
        .set_tags(Some(tags))
        .send()
        .await
        .expect("moto answers")
        .state_machine_arn()
        .to_string();
    for run in 0..runs {
        sfn.start_execution()
            .state_machine_arn(&arn)
            .name(format!("{name}-{run}"))
            .input(format!(r#"{{"page":{run}}}"#))
            .send()
            .await
            .expect("moto answers");
    }
    arn
}

/// A customization job tagged for `agent` (or never tagged), `InProgress`.
pub(crate) async fn job(sdk: &SdkConfig, name: &str, agent: Option<&str>) {
    let tags = agent_tags(agent)
        .into_iter()
        .map(|(k, v)| {
            aws_sdk_bedrock::types::Tag::builder()
                .key(k)
                .value(v)
                .build()
                .expect("key and value")
        })
        .collect();
    aws_sdk_bedrock::Client::new(sdk)
        .create_model_customization_job()
        .job_name(name)
        .custom_model_name(format!("{name}-model"))
        .role_arn(ROLE)
        .base_model_identifier("amazon.titan-text-express-v1")
        .training_data_config(
            aws_sdk_bedrock::types::TrainingDataConfig::builder()
                .s3_uri("s3://agent-data/train.jsonl")
                .build(),
        )
        .output_data_config(
            aws_sdk_bedrock::types::OutputDataConfig::builder()
                .s3_uri("s3://agent-data/out/")
                .build()
                .expect("s3 uri"),
        )
        .hyper_parameters("epochCount", "2")
        .set_job_tags(Some(tags))
        .send()
        .await
        .expect("moto answers");
}

/// One execution as moto reports it: (name, status, error, cause).
pub(crate) type Execution = (String, String, Option<String>, Option<String>);

/// Every execution of the state machine, sorted by name.
pub(crate) async fn executions(sdk: &SdkConfig, machine: &str) -> Vec<Execution> {
    let sfn = aws_sdk_sfn::Client::new(sdk);
    let listed = sfn
        .list_executions()
        .state_machine_arn(machine)
        .send()
        .await
        .expect("moto answers");
    let mut out = Vec::new();
    for e in listed.executions() {
        let d = sfn
            .describe_execution()
            .execution_arn(e.execution_arn())
            .send()
            .await
            .expect("moto answers");
        out.push((
            d.name().unwrap_or_default().to_string(),
            d.status().as_str().to_string(),
            d.error().map(str::to_string),
            d.cause().map(str::to_string),
        ));
    }
    out.sort();
    out
}

pub(crate) async fn job_status(sdk: &SdkConfig, name: &str) -> String {
    aws_sdk_bedrock::Client::new(sdk)
        .get_model_customization_job()
        .job_identifier(name)
        .send()
        .await
        .expect("moto answers")
        .status()
        .map(|s| s.as_str().to_string())
        .unwrap_or_default()
}

/// The state of everything seeded: each state machine's executions and each job's status.
async fn state(sdk: &SdkConfig, machines: &[String]) -> (Vec<Vec<Execution>>, Vec<String>) {
    let mut runs = Vec::new();
    for m in machines {
        runs.push(executions(sdk, m).await);
    }
    let mut jobs = Vec::new();
    for j in ["crawl-tune", "summary-tune", "orphan-tune"] {
        jobs.push(job_status(sdk, j).await);
    }
    (runs, jobs)
}

fn steps<'a>(doc: &'a serde_json::Value, kind: &str) -> Vec<&'a serde_json::Value> {
    doc["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .filter(|s| s["kind"] == kind)
        .collect()
}

#[tokio::test]
async fn executions_and_jobs_are_stopped_for_good_and_listed_by_undo() {
    let sandbox = Sandbox::new();
    let sdk = sandbox.sdk("us-east-1").await;
    let machines = vec![
        state_machine(&sdk, "crawler", Some(AGENT), 2).await,
        state_machine(&sdk, "summarizer", Some(OTHER), 1).await,
        state_machine(&sdk, "orphan", None, 1).await,
    ];
    job(&sdk, "crawl-tune", Some(AGENT)).await;
    job(&sdk, "summary-tune", Some(OTHER)).await;
    job(&sdk, "orphan-tune", None).await;
    // What a kill cannot stop: an EXPRESS state machine and provisioned throughput of the agent's.
    let express = aws_sdk_sfn::Client::new(&sdk)
        .create_state_machine()
        .name("crawler-fast")
        .definition(DEFINITION)
        .role_arn(ROLE)
        .r#type(aws_sdk_sfn::types::StateMachineType::Express)
        .tags(
            aws_sdk_sfn::types::Tag::builder()
                .key("agent-name")
                .value(AGENT)
                .build(),
        )
        .send()
        .await
        .expect("moto answers")
        .state_machine_arn()
        .to_string();
    let throughput = aws_sdk_bedrock::Client::new(&sdk)
        .create_provisioned_model_throughput()
        .provisioned_model_name("crawl-pt")
        .model_id("arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-express-v1")
        .model_units(2)
        .commitment_duration(aws_sdk_bedrock::types::CommitmentDuration::OneMonth)
        .tags(
            aws_sdk_bedrock::types::Tag::builder()
                .key("agent-name")
                .value(AGENT)
                .build()
                .expect("key and value"),
        )
        .send()
        .await
        .expect("moto answers")
        .provisioned_model_arn()
        .to_string();
    let before = state(&sdk, &machines).await;
    assert!(before.0.iter().flatten().all(|e| e.1 == "RUNNING"), "{before:?}");
    assert!(before.1.iter().all(|s| s == "InProgress"), "{before:?}");

    // The audit sees the never-tagged state machine and job.
    let audit = sandbox
        .test()
        .args(["audit", "--types", "states,bedrock", "-o", "json"])
        .status(1)
        .run()
        .json();
    for kind in ["states:stateMachine", "bedrock:model-customization-job"] {
        let untagged: Vec<&serde_json::Value> = audit["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .filter(|f| f["type"] == kind && f["tags"].as_object().is_some_and(|t| t.is_empty()))
            .collect();
        assert_eq!(untagged.len(), 1, "{kind}: {audit:#}");
    }

    // The plan: the agent's two running executions and its job, stopped for good.
    let plan = sandbox
        .test()
        .args(["kill", "plan", "--agent", AGENT, "-o", "json"])
        .run()
        .json();
    let runs = steps(&plan, "execution");
    assert_eq!(runs.len(), 2, "{plan:#}");
    assert!(
        runs.iter()
            .all(|s| s["irreversible"] == true && s["action"] == "stop-execution"),
        "{runs:#?}"
    );
    let jobs = steps(&plan, "job");
    assert_eq!(jobs.len(), 1, "{plan:#}");
    assert!(
        jobs[0]["irreversible"] == true && jobs[0]["action"] == "stop-job",
        "{jobs:#?}"
    );

    // Both are listed as what keeps billing, and nothing acts on them.
    let billing = plan["billing"].as_array().expect("billing");
    let express_billing = billing
        .iter()
        .find(|b| b["arn"] == express.as_str())
        .unwrap_or_else(|| panic!("the EXPRESS state machine keeps billing: {plan:#}"));
    assert_eq!(express_billing["what"], "sfn express state machine");
    let throughput_billing = billing
        .iter()
        .find(|b| b["arn"] == throughput.as_str())
        .unwrap_or_else(|| panic!("the provisioned throughput keeps billing: {plan:#}"));
    assert_eq!(throughput_billing["what"], "bedrock provisioned throughput");
    let detail = throughput_billing["detail"].as_str().unwrap_or_default();
    assert!(
        detail.contains("2 model units") && detail.contains("OneMonth"),
        "{detail}"
    );
    assert!(
        plan["steps"]
            .as_array()
            .expect("steps")
            .iter()
            .all(|s| s["arn"] != express.as_str() && s["arn"] != throughput.as_str()),
        "{plan:#}"
    );

    // --no-irreversible leaves them (and, here, leaves nothing else to do).
    sandbox
        .test()
        .args(["kill", "--agent", AGENT, "--no-irreversible", "--yes"])
        .stderr_has("Nothing to change.")
        .run();
    assert_eq!(state(&sdk, &machines).await, before);

    // --types states stops the executions only.
    sandbox
        .test()
        .args(["kill", "--agent", AGENT, "--types", "states", "--yes"])
        .run();
    let after_states = state(&sdk, &machines).await;
    for (name, status, error, cause) in &after_states.0[0] {
        assert_eq!(status, "ABORTED", "{name}");
        assert_eq!(error.as_deref(), Some("costbrake.Kill"), "{name}");
        let cause = cause.as_deref().unwrap_or_default();
        assert!(cause.contains("kill-"), "the cause names the kill: {cause}");
    }
    assert_eq!(after_states.0[1..], before.0[1..], "others' executions untouched");
    assert_eq!(after_states.1, before.1, "no job touched by --types states");

    // --types bedrock stops the job.
    sandbox
        .test()
        .args(["kill", "--agent", AGENT, "--types", "bedrock", "--yes"])
        .run();
    let killed = state(&sdk, &machines).await;
    assert_eq!(killed.0, after_states.0);
    assert!(
        matches!(killed.1[0].as_str(), "Stopping" | "Stopped"),
        "{killed:?}"
    );
    assert_eq!(killed.1[1..], before.1[1..], "others' jobs untouched");

    // A second kill has nothing left to stop.
    sandbox
        .test()
        .args(["kill", "--agent", AGENT, "--yes"])
        .stderr_has("Nothing to change.")
        .run();
    let twice = state(&sdk, &machines).await;
    assert_eq!(twice.0, killed.0);
    assert!(matches!(twice.1[0].as_str(), "Stopping" | "Stopped"));
    assert_eq!(twice.1[1..], before.1[1..]);

    // Status and undo list them as not restorable; undo changes nothing.
    let status = sandbox.test().args(["kill", "status", "-o", "json"]).run().json();
    let listed = status["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .filter(|s| (s["kind"] == "execution" || s["kind"] == "job") && s["action"] == "not-restorable")
        .count();
    assert_eq!(listed, 3, "{status:#}");
    let undo = sandbox
        .test()
        .args(["kill", "undo", "--agent", AGENT, "--yes", "-o", "json"])
        .run()
        .json();
    assert_eq!(undo["not_restored"], 3, "{undo:#}");
    let reasons: Vec<&str> = undo["results"]
        .as_array()
        .expect("results")
        .iter()
        .filter_map(|r| r["reason"].as_str())
        .collect();
    for run in 0..2 {
        assert!(
            reasons.iter().any(|r| r.contains(&format!(
                "aws stepfunctions start-execution --state-machine-arn '{}' --input '{{\"page\":{run}}}'",
                machines[0]
            ))),
            "undo says how to run each execution's input again: {reasons:#?}"
        );
    }
    assert!(
        reasons.iter().any(|r| r.contains("aws bedrock")),
        "undo says how to train again: {reasons:#?}"
    );
    let undone = state(&sdk, &machines).await;
    assert_eq!(undone.0, killed.0, "undo restarts no execution");
    assert!(matches!(undone.1[0].as_str(), "Stopping" | "Stopped"));
    assert_eq!(undone.1[1..], before.1[1..]);
}

/// A failing Step Functions or Bedrock endpoint is a gap in the audit and in a kill's plan (exit 4).
#[tokio::test]
async fn an_unreachable_step_functions_or_bedrock_is_a_gap() {
    let sandbox = Sandbox::new();
    let dead = format!("http://127.0.0.1:{}", crate::harness::free_port());
    for (endpoint, source) in [
        ("AWS_ENDPOINT_URL_SFN", "states:ListStateMachines"),
        ("AWS_ENDPOINT_URL_BEDROCK", "bedrock:ListModelCustomizationJobs"),
    ] {
        let audit = sandbox
            .test()
            .env(endpoint, &dead)
            .env("AWS_MAX_ATTEMPTS", "1")
            .args(["audit", "--types", "states,bedrock", "-o", "json"])
            .status(4)
            .run()
            .json();
        let sources: Vec<&str> = audit["gaps"]
            .as_array()
            .expect("gaps")
            .iter()
            .filter_map(|g| g["source"].as_str())
            .collect();
        assert!(sources.contains(&source), "{audit:#}");
        let plan = sandbox
            .test()
            .env(endpoint, &dead)
            .env("AWS_MAX_ATTEMPTS", "1")
            .args(["kill", "plan", "--agent", AGENT, "-o", "json"])
            .status(4)
            .run()
            .json();
        assert!(plan.to_string().contains(source), "{plan:#}");
    }
}

#[tokio::test]
async fn a_kill_crashed_half_way_is_finished_by_the_same_kill_and_every_stop_is_listed_once() {
    let sandbox = Sandbox::new();
    let sdk = sandbox.sdk("us-east-1").await;
    let machines = vec![
        state_machine(&sdk, "crawler", Some(AGENT), 3).await,
        state_machine(&sdk, "summarizer", Some(OTHER), 1).await,
        state_machine(&sdk, "orphan", None, 1).await,
    ];
    job(&sdk, "crawl-tune", Some(AGENT)).await;
    job(&sdk, "summary-tune", Some(OTHER)).await;
    job(&sdk, "orphan-tune", None).await;
    let before = state(&sdk, &machines).await;

    // Each stop takes its journal record, its markers (on the state machine or the job) and the stop:
    // crash after a few of them, each time in a new process, as a killed on-call laptop would.
    for n in [1, 2, 4] {
        crate::fixtures::state::crashed_kill(&sandbox, AGENT, &[], n);
        let now = state(&sdk, &machines).await;
        assert_eq!(now.0[1..], before.0[1..], "n={n}: others' executions untouched");
        assert_eq!(now.1[1..], before.1[1..], "n={n}: others' jobs untouched");
    }
    // The same command finishes the kill: every running execution of the agent's stopped once, with
    // costbrake's error, and its job stopped.
    let finished = sandbox
        .test()
        .args(["kill", "--agent", AGENT, "--yes", "-o", "json"])
        .run()
        .json();
    assert_eq!(finished["failed"], 0, "{finished:#}");
    let after = state(&sdk, &machines).await;
    assert_eq!(after.0[0].len(), 3);
    for (name, status, error, cause) in &after.0[0] {
        assert_eq!(status, "ABORTED", "{name}");
        assert_eq!(error.as_deref(), Some("costbrake.Kill"), "{name}");
        assert!(
            cause.as_deref().is_some_and(|c| c.contains("kill-")),
            "{name}: {cause:?}"
        );
    }
    assert!(matches!(after.1[0].as_str(), "Stopping" | "Stopped"), "{after:?}");
    assert_eq!(after.0[1..], before.0[1..]);
    assert_eq!(after.1[1..], before.1[1..]);

    // Undo lists each of the four stops as not restorable, once, and changes nothing.
    let undo = sandbox
        .test()
        .args(["kill", "undo", "--agent", AGENT, "--yes", "-o", "json"])
        .run()
        .json();
    assert_eq!(undo["not_restored"], 4, "{undo:#}");
    assert_eq!(state(&sdk, &machines).await, after);
}
