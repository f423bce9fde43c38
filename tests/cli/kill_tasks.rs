//! `costbrake kill` and ECS tasks a service did not start (the RunTask per job agents launch), against
//! moto: a kill stops them for good, shown apart and counted in the confirmation; `--no-irreversible`
//! leaves them; undo lists them as not restorable, or with `--relaunch-tasks` starts each again exactly
//! once, with its task definition, network, overrides and tags. A service's tasks and other agents' tasks
//! are never touched, and never-tagged tasks show in the audit.

use std::collections::BTreeMap;

use aws_config::SdkConfig;
use aws_sdk_ecs::types::{
    AwsVpcConfiguration, ContainerDefinition, ContainerOverride, NetworkConfiguration, NetworkMode, Tag,
    TaskOverride,
};

use crate::harness::Sandbox;

const AGENT: &str = "research-agent";
const OTHER: &str = "log-summarizer";
const CLUSTER: &str = "agents";

/// One task as moto reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Task {
    arn: String,
    status: String,
    definition: String,
    stopped_reason: Option<String>,
    tags: BTreeMap<String, String>,
    command: Vec<String>,
    subnet: Option<String>,
    started_by: Option<String>,
}

struct Seeded {
    subnet: String,
    group: String,
}

/// A Fargate (awsvpc) task definition, the cluster, and tasks: two of the agent's (one with a command
/// override), one of the other agent's, one the agent's service started (`startedBy ecs-svc/...`), one
/// never tagged.
async fn seed(sdk: &SdkConfig) -> Seeded {
    let ec2 = aws_sdk_ec2::Client::new(sdk);
    let vpc = ec2
        .create_vpc()
        .cidr_block("10.7.0.0/16")
        .send()
        .await
        .expect("moto answers")
        .vpc()
        .and_then(|v| v.vpc_id().map(str::to_string))
        .expect("moto answers");
    // moto 5.2.1 fails RunTask of an awsvpc task in a VPC without DNS hostnames (it reads the network
    // interface's DNS name, which it sets only then); AWS does not care. Default VPCs have them on.
    ec2.modify_vpc_attribute()
        .vpc_id(&vpc)
        .enable_dns_hostnames(
            aws_sdk_ec2::types::AttributeBooleanValue::builder()
                .value(true)
                .build(),
        )
        .send()
        .await
        .expect("moto answers");
    let subnet = ec2
        .create_subnet()
        .vpc_id(&vpc)
        .cidr_block("10.7.1.0/24")
        .send()
        .await
        .expect("moto answers")
        .subnet()
        .and_then(|s| s.subnet_id().map(str::to_string))
        .expect("moto answers");
    let group = ec2
        .create_security_group()
        .group_name("agent-tasks")
        .description("agent tasks")
        .vpc_id(&vpc)
        .send()
        .await
        .expect("moto answers")
        .group_id()
        .expect("moto answers")
        .to_string();
    let ecs = aws_sdk_ecs::Client::new(sdk);
    ecs.create_cluster()
        .cluster_name(CLUSTER)
        .set_tags(Some(vec![]))
        .send()
        .await
        .expect("moto answers");
    ecs.register_task_definition()
        .family("worker")
        .network_mode(NetworkMode::Awsvpc)
        .requires_compatibilities(aws_sdk_ecs::types::Compatibility::Fargate)
        .cpu("256")
        .memory("512")
        .container_definitions(
            // moto needs the container's memory to place a task.
            ContainerDefinition::builder()
                .name("worker")
                .image("busybox")
                .memory(128)
                .build(),
        )
        .send()
        .await
        .expect("moto answers");
    let seeded = Seeded { subnet, group };
    let tags = |agent: Option<&str>| -> Vec<Tag> {
        agent
            .map(|a| {
                vec![
                    Tag::builder().key("agent-name").value(a).build(),
                    Tag::builder().key("agent-run-id").value("run-1").build(),
                ]
            })
            .unwrap_or_default()
    };
    run(
        sdk,
        &seeded,
        tags(Some(AGENT)),
        None,
        Some(vec!["crawl", "page-7"]),
    )
    .await;
    run(sdk, &seeded, tags(Some(AGENT)), None, None).await;
    run(sdk, &seeded, tags(Some(OTHER)), None, None).await;
    run(sdk, &seeded, tags(Some(AGENT)), Some("ecs-svc/1234567890"), None).await;
    run(sdk, &seeded, tags(None), None, None).await;
    seeded
}

async fn run(
    sdk: &SdkConfig,
    seeded: &Seeded,
    tags: Vec<Tag>,
    started_by: Option<&str>,
    command: Option<Vec<&str>>,
) {
    let mut request = aws_sdk_ecs::Client::new(sdk)
        .run_task()
        .cluster(CLUSTER)
        .task_definition("worker")
        .launch_type(aws_sdk_ecs::types::LaunchType::Fargate)
        .network_configuration(
            NetworkConfiguration::builder()
                .awsvpc_configuration(
                    AwsVpcConfiguration::builder()
                        .subnets(&seeded.subnet)
                        .security_groups(&seeded.group)
                        .build()
                        .expect("moto answers"),
                )
                .build(),
        )
        .set_tags(Some(tags))
        .set_started_by(started_by.map(str::to_string));
    if let Some(command) = command {
        request = request.overrides(
            TaskOverride::builder()
                .container_overrides(
                    ContainerOverride::builder()
                        .name("worker")
                        .set_command(Some(command.iter().map(|c| c.to_string()).collect()))
                        .build(),
                )
                .build(),
        );
    }
    request.send().await.expect("run_task in moto");
}

/// Every task of the cluster, running or stopped.
async fn tasks(sdk: &SdkConfig) -> Vec<Task> {
    let ecs = aws_sdk_ecs::Client::new(sdk);
    let mut arns = Vec::new();
    for status in [
        aws_sdk_ecs::types::DesiredStatus::Running,
        aws_sdk_ecs::types::DesiredStatus::Stopped,
    ] {
        let listed = ecs
            .list_tasks()
            .cluster(CLUSTER)
            .desired_status(status)
            .send()
            .await
            .expect("moto answers");
        arns.extend(listed.task_arns().iter().cloned());
    }
    let described = ecs
        .describe_tasks()
        .cluster(CLUSTER)
        .set_tasks(Some(arns))
        .include(aws_sdk_ecs::types::TaskField::Tags)
        .send()
        .await
        .expect("moto answers");
    let mut out: Vec<Task> = described
        .tasks()
        .iter()
        .map(|t| Task {
            arn: t.task_arn().expect("moto answers").to_string(),
            status: t.last_status().unwrap_or_default().to_string(),
            definition: t.task_definition_arn().unwrap_or_default().to_string(),
            stopped_reason: t.stopped_reason().filter(|r| !r.is_empty()).map(str::to_string),
            tags: t
                .tags()
                .iter()
                .map(|t| {
                    (
                        t.key().expect("moto answers").to_string(),
                        t.value().unwrap_or_default().to_string(),
                    )
                })
                .collect(),
            command: t
                .overrides()
                .map(|o| {
                    o.container_overrides()
                        .iter()
                        .flat_map(|c| c.command().to_vec())
                        .collect()
                })
                .unwrap_or_default(),
            started_by: t.started_by().filter(|s| !s.is_empty()).map(str::to_string),
            subnet: t
                .attachments()
                .iter()
                .flat_map(|a| a.details())
                .find(|d| d.name() == Some("subnetId"))
                .and_then(|d| d.value().map(str::to_string)),
        })
        .collect();
    out.sort_by(|a, b| a.arn.cmp(&b.arn));
    out
}

fn of<'a>(tasks: &'a [Task], agent: &str) -> Vec<&'a Task> {
    tasks
        .iter()
        .filter(|t| t.tags.get("agent-name").map(String::as_str) == Some(agent))
        .collect()
}

/// moto moves a task one status further (RUNNING, DEACTIVATING, ..., STOPPED) each time it is read; on
/// AWS a task runs until it is stopped. Keeps moto's tasks where they are until StopTask.
fn hold_tasks(sandbox: &Sandbox) {
    let status = sandbox.moto.post(
        "/moto-api/state-manager/set-transition",
        &serde_json::json!({
            "model_name": "ecs::task",
            "transition": {"progression": "manual", "times": 1_000_000}
        }),
    );
    assert_eq!(status, 201, "moto's state manager");
}

#[tokio::test]
async fn tasks_are_stopped_for_good_listed_by_undo_and_relaunched_once_on_request() {
    let sandbox = Sandbox::new();
    hold_tasks(&sandbox);
    let sdk = sandbox.sdk("us-east-1").await;
    let seeded = seed(&sdk).await;
    let before = tasks(&sdk).await;
    assert_eq!(before.len(), 5);

    // The audit sees every standalone task, the never-tagged one too.
    let audit = sandbox
        .test()
        .args(["audit", "--types", "ecs:task", "-o", "json"])
        .status(1)
        .run()
        .json();
    let untagged = audit["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["type"] == "ecs:task" && f["tags"].as_object().is_some_and(|t| t.is_empty()))
        .count();
    assert_eq!(untagged, 1, "{audit}");

    // The plan shows the two tasks apart, as stopped for good; the service's task is not in it.
    let plan = sandbox
        .test()
        .args(["kill", "plan", "--agent", AGENT, "-o", "json"])
        .run()
        .json();
    let steps: Vec<&serde_json::Value> = plan["steps"]
        .as_array()
        .expect("moto answers")
        .iter()
        .filter(|s| s["kind"] == "task")
        .collect();
    assert_eq!(steps.len(), 2, "{plan}");
    assert!(
        steps
            .iter()
            .all(|s| s["irreversible"] == true && s["action"] == "stop-task"),
        "{steps:#?}"
    );
    let table = sandbox
        .test()
        .args(["kill", "plan", "--agent", AGENT, "--color", "never"])
        .run()
        .stdout;
    assert!(
        table.contains("Stopped for good (undo cannot bring these back"),
        "{table}"
    );
    assert!(table.contains("2 to stop (2 cannot be undone)"), "{table}");

    // --no-irreversible leaves them running (and, here, leaves nothing else to do).
    sandbox
        .test()
        .args(["kill", "--agent", AGENT, "--no-irreversible", "--yes"])
        .stderr_has("Nothing to change.")
        .run();
    assert_eq!(tasks(&sdk).await, before);

    // On a terminal, the confirmation says how many cannot be undone.
    sandbox
        .test()
        .args(["kill", "--agent", AGENT])
        .on_terminal()
        .stdin(format!("{AGENT}\n"))
        .stdout_has("to stop 2 resources (2 of them for good: undo cannot bring them back)")
        .run();
    let killed = tasks(&sdk).await;
    let mine = of(&killed, AGENT);
    let stopped: Vec<&&Task> = mine.iter().filter(|t| t.status == "STOPPED").collect();
    assert_eq!(stopped.len(), 2, "{mine:#?}");
    for t in &stopped {
        let reason = t.stopped_reason.as_deref().unwrap_or_default();
        assert!(reason.starts_with("costbrake kill kill-"), "{reason}");
        let prior = t
            .tags
            .get("costbrake:prior")
            .map(String::as_str)
            .unwrap_or_default();
        assert!(
            prior.starts_with("status=RUNNING taskdef=worker:1 launch=FARGATE"),
            "{t:?}"
        );
        assert!(
            t.tags["costbrake:prior"].contains(&format!("sgs={}", seeded.group)),
            "{t:?}"
        );
    }
    let service_task: Vec<&&Task> = mine
        .iter()
        .filter(|t| t.started_by.as_deref() == Some("ecs-svc/1234567890"))
        .collect();
    assert!(
        service_task.len() == 1 && service_task[0].status == "RUNNING",
        "the service's task is the service's business: {mine:#?}"
    );
    assert!(of(&killed, OTHER).iter().all(|t| t.status == "RUNNING"));

    // Status and undo list them as not restorable; undo changes nothing.
    let status = sandbox.test().args(["kill", "status", "-o", "json"]).run().json();
    let listed = status["steps"]
        .as_array()
        .expect("moto answers")
        .iter()
        .filter(|s| s["kind"] == "task" && s["action"] == "not-restorable")
        .count();
    assert_eq!(listed, 2, "{status}");
    let undo = sandbox
        .test()
        .args(["kill", "undo", "--agent", AGENT, "--yes", "-o", "json"])
        .run()
        .json();
    assert_eq!(undo["not_restored"], 2, "{undo}");
    let reasons: Vec<&str> = undo["results"]
        .as_array()
        .expect("moto answers")
        .iter()
        .filter_map(|r| r["reason"].as_str())
        .collect();
    assert!(
        reasons
            .iter()
            .all(|r| r.contains("aws ecs run-task --cluster 'agents'")
                && r.contains(&format!(
                    "subnets=[{}],securityGroups=[{}]",
                    seeded.subnet, seeded.group
                ))),
        "{reasons:#?}"
    );
    assert_eq!(
        tasks(&sdk).await,
        killed,
        "undo without --relaunch-tasks changes nothing"
    );

    // --relaunch-tasks starts each again: same definition, network, overrides and tags; once only.
    let relaunched = sandbox
        .test()
        .args([
            "kill",
            "undo",
            "--agent",
            AGENT,
            "--relaunch-tasks",
            "--yes",
            "-o",
            "json",
        ])
        .run()
        .json();
    assert_eq!(relaunched["done"], 2, "{relaunched}");
    let after = tasks(&sdk).await;
    let new: Vec<&Task> = after
        .iter()
        .filter(|t| !before.iter().any(|b| b.arn == t.arn))
        .collect();
    assert_eq!(new.len(), 2, "{after:#?}");
    for t in &new {
        assert_eq!(t.status, "RUNNING");
        assert!(t.definition.ends_with("task-definition/worker:1"), "{t:?}");
        assert_eq!(t.subnet.as_deref(), Some(seeded.subnet.as_str()));
        assert_eq!(t.tags.get("agent-name").map(String::as_str), Some(AGENT));
        assert_eq!(t.tags.get("agent-run-id").map(String::as_str), Some("run-1"));
        assert!(!t.tags.keys().any(|k| k.starts_with("costbrake:")), "{t:?}");
    }
    let commands: Vec<Vec<String>> = new.iter().map(|t| t.command.clone()).collect();
    assert!(
        commands.contains(&vec!["crawl".to_string(), "page-7".to_string()]),
        "{commands:?}"
    );
    // The stopped tasks lost their markers, so a second undo starts nothing more.
    sandbox
        .test()
        .args(["kill", "undo", "--agent", AGENT, "--relaunch-tasks", "--yes"])
        .stderr_has("Nothing to change.")
        .run();
    assert_eq!(tasks(&sdk).await.len(), 7);
}

/// A failing ECS endpoint is a gap in the audit and in a kill's plan (exit 4), never a silent skip.
#[tokio::test]
async fn an_unreachable_ecs_is_a_gap_for_tasks() {
    let sandbox = Sandbox::new();
    let dead = format!("http://127.0.0.1:{}", crate::harness::free_port());
    let audit = sandbox
        .test()
        .env("AWS_ENDPOINT_URL_ECS", &dead)
        .env("AWS_MAX_ATTEMPTS", "1")
        .args(["audit", "--types", "ecs:task", "-o", "json"])
        .status(4)
        .run()
        .json();
    let sources: Vec<&str> = audit["gaps"]
        .as_array()
        .expect("moto answers")
        .iter()
        .filter_map(|g| g["source"].as_str())
        .collect();
    assert!(sources.contains(&"ecs:DescribeTasks"), "{audit}");
    let plan = sandbox
        .test()
        .env("AWS_ENDPOINT_URL_ECS", &dead)
        .env("AWS_MAX_ATTEMPTS", "1")
        .args(["kill", "plan", "--agent", AGENT, "-o", "json"])
        .status(4)
        .run()
        .json();
    assert!(plan.to_string().contains("ecs:DescribeTasks"), "{plan}");
}

#[tokio::test]
async fn a_kill_crashed_half_way_is_finished_by_the_same_kill_and_each_task_listed_once() {
    let sandbox = Sandbox::new();
    hold_tasks(&sandbox);
    let sdk = sandbox.sdk("us-east-1").await;
    seed(&sdk).await;
    let before = tasks(&sdk).await;
    let others = |all: &[Task]| -> Vec<Task> {
        all.iter()
            .filter(|t| t.started_by.is_some() || t.tags.get("agent-name").map(String::as_str) != Some(AGENT))
            .cloned()
            .collect()
    };

    // Each stop takes its journal record, its markers and the StopTask: crash after some of them, each
    // time in a new process.
    for n in [1, 2, 4] {
        crate::fixtures::state::crashed_kill(&sandbox, AGENT, &[], n);
        assert_eq!(
            others(&tasks(&sdk).await),
            others(&before),
            "n={n}: others' tasks untouched"
        );
    }
    let finished = sandbox
        .test()
        .args(["kill", "--agent", AGENT, "--yes", "-o", "json"])
        .run()
        .json();
    assert_eq!(finished["failed"], 0, "{finished:#}");
    let after = tasks(&sdk).await;
    let mine: Vec<&Task> = after
        .iter()
        .filter(|t| t.started_by.is_none() && t.tags.get("agent-name").map(String::as_str) == Some(AGENT))
        .collect();
    assert_eq!(mine.len(), 2, "{after:#?}");
    assert!(mine.iter().all(|t| t.status == "STOPPED"), "{mine:#?}");
    assert_eq!(others(&after), others(&before));

    // Undo lists each stopped task once, as not restorable, and starts nothing.
    let undo = sandbox
        .test()
        .args(["kill", "undo", "--agent", AGENT, "--yes", "-o", "json"])
        .run()
        .json();
    assert_eq!(undo["not_restored"], 2, "{undo:#}");
    assert_eq!(tasks(&sdk).await, after);
}
