//! `costbrake kill` of SageMaker notebook instances and EKS managed node groups against moto, asserting
//! AWS state afterwards, and what keeps billing after a kill (SageMaker endpoints, EKS control planes)
//! in the plan; `audit` finds the never-tagged ones, and an unreadable service is a gap.
//!
//! Where moto differs from AWS the tests say so, and AWS wins:
//! - moto tags EKS clusters only, and removes only the first of several tag keys; AWS tags node groups
//!   and removes every key. The harness runs moto through scripts/moto_server.py, which answers as AWS
//!   does.
//! - StopNotebookInstance and StartNotebookInstance take effect at once in moto; on AWS a notebook is
//!   `Stopping` and `Pending` for minutes first.
//! - UpdateNodegroupConfig applies the new scaling configuration at once in moto and leaves the node
//!   group `ACTIVE`; on AWS it is `UPDATING` until the change is done, and EKS refuses another change
//!   meanwhile.
//!
//! So a notebook or node group in transition, which the kill-switch blocks (run the same command
//! again), cannot be produced here: the kinds' unit tests cover those steps.

use std::collections::BTreeMap;

use crate::fixtures::fleet::{MlFleet, seed_ml_fleet, tags};
use crate::fixtures::seed;
use crate::fixtures::state::{Snapshot, assert_same, crash_trials, nodegroup, notebook, snapshot};
use crate::harness::{Sandbox, Test, free_port};

const AGENT: &str = "research-agent";
const OTHER: &str = "log-summarizer";
const REGIONS: &str = "us-east-1,eu-west-1";
const BOTH: [&str; 2] = ["us-east-1", "eu-west-1"];

/// AGENT's fleet in us-east-1 (cluster `agents`, shared with OTHER) and in eu-west-1 (cluster
/// `agents-eu`), and OTHER's in us-east-1. Returns AGENT's two fleets and OTHER's.
async fn seed_two_agents(sandbox: &Sandbox) -> (MlFleet, MlFleet, MlFleet) {
    let east = sandbox.sdk("us-east-1").await;
    let west = sandbox.sdk("eu-west-1").await;
    let agent_east = seed_ml_fleet(&east, AGENT, "agents").await;
    let agent_west = seed_ml_fleet(&west, AGENT, "agents-eu").await;
    let other = seed_ml_fleet(&east, OTHER, "agents").await;
    (agent_east, agent_west, other)
}

/// `kill ... --agent AGENT` in both regions, as JSON.
fn kill<'a>(sandbox: &'a Sandbox, verb: &[&str]) -> Test<'a> {
    sandbox
        .test()
        .args(["kill"])
        .args(verb)
        .args(["--agent", AGENT, "--regions", REGIONS, "-o", "json"])
}

/// The snapshot entries of `who`'s resources.
fn of(snapshot: &Snapshot, who: &str) -> Snapshot {
    snapshot
        .iter()
        .filter(|(k, _)| k.contains(who))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

fn markers(tags: &BTreeMap<String, String>) -> (Option<&str>, Option<&str>) {
    (
        tags.get("costbrake:killed").map(String::as_str),
        tags.get("costbrake:prior").map(String::as_str),
    )
}

#[tokio::test]
async fn notebooks_stop_node_groups_scale_to_zero_and_undo_restores_them_exactly() {
    let sandbox = Sandbox::new();
    let (east, west, other) = seed_two_agents(&sandbox).await;
    let sdk = sandbox.sdk("us-east-1").await;
    let before = snapshot(&sandbox, &BOTH).await;

    // The plan says what keeps billing, in JSON and in the table: the agent's endpoints with their
    // instances and the control planes of the clusters holding its node groups, not OTHER's endpoint.
    let plan = kill(&sandbox, &["plan"]).run().json();
    let billing: Vec<(String, String, String)> = plan["billing"]
        .as_array()
        .expect("billing")
        .iter()
        .map(|b| {
            let arn = b["arn"].as_str().expect("arn");
            let id = arn.rsplit('/').next().expect("id").to_string();
            (
                b["what"].as_str().expect("what").into(),
                id,
                b["detail"].as_str().expect("detail").into(),
            )
        })
        .collect();
    let endpoint = "2 x ml.g4dn.xlarge (variant AllTraffic); delete the endpoint to stop it";
    let control_plane =
        "control plane, $0.10 per hour ($0.60 in extended support); delete the cluster to stop it";
    assert_eq!(
        billing,
        vec![
            ("eks cluster".into(), "agents-eu".into(), control_plane.into()),
            ("eks cluster".into(), "agents".into(), control_plane.into()),
            (
                "sagemaker endpoint".into(),
                west.endpoint.clone(),
                endpoint.into()
            ),
            (
                "sagemaker endpoint".into(),
                east.endpoint.clone(),
                endpoint.into()
            ),
        ],
        "{plan:#}"
    );
    let table = sandbox
        .test()
        .args(["kill", "plan", "--agent", AGENT, "--regions", REGIONS])
        .run()
        .stdout;
    for needle in [
        "Keeps billing after the kill",
        "sagemaker endpoint",
        &east.endpoint,
        "2 x ml.g4dn.xlarge (variant AllTraffic)",
        "eks cluster",
        "control plane, $0.10 per hour",
    ] {
        assert!(table.contains(needle), "{needle}: {table}");
    }
    assert!(!table.contains(&other.endpoint), "{table}");

    // Kill: the InService notebooks are stopped, the node groups at 0 with their maximum kept.
    let report = kill(&sandbox, &["--yes"]).run().json();
    assert_eq!(report["done"], 6, "4 notebooks and 2 node groups: {report:#}");
    assert_eq!(report["unchanged"], 2, "the notebooks stopped before: {report:#}");
    let kill_id = report["id"].as_str().expect("kill id").to_string();
    for name in &east.notebooks {
        let (status, tags) = notebook(&sdk, name).await;
        assert_eq!(status, "Stopped", "{name}");
        assert_eq!(markers(&tags), (Some(kill_id.as_str()), Some("status=InService")));
    }
    let (status, tags) = notebook(&sdk, &east.stopped_notebook).await;
    assert_eq!(status, "Stopped");
    assert_eq!(markers(&tags), (None, None), "left alone, so not marked");
    let (min, desired, max, _, tags) = nodegroup(&sdk, "agents", &east.nodegroup).await;
    assert_eq!((min, desired, max), (0, 0, 4));
    assert_eq!(
        markers(&tags),
        (Some(kill_id.as_str()), Some("min=1 desired=2 max=4"))
    );
    let west_sdk = sandbox.sdk("eu-west-1").await;
    let (min, desired, max, _, _) = nodegroup(&west_sdk, "agents-eu", &west.nodegroup).await;
    assert_eq!((min, desired, max), (0, 0, 4));
    let after_kill = snapshot(&sandbox, &BOTH).await;
    assert_same(&of(&before, OTHER), &of(&after_kill, OTHER), "the other agent");
    assert_same(
        &of(&before, "endpoint"),
        &of(&after_kill, "endpoint"),
        "the endpoints",
    );

    // A second kill changes nothing and keeps the original prior state.
    let again = kill(&sandbox, &["--yes"]).run().json();
    assert_eq!(again["done"], 0, "{again:#}");
    assert_same(&after_kill, &snapshot(&sandbox, &BOTH).await, "a second kill");

    // Undo twice: everything as before, the second time with nothing to change.
    for round in 1..=2 {
        let out = kill(&sandbox, &["undo", "--yes"]).run();
        if round == 2 {
            assert!(out.stderr.contains("Nothing to change"), "{}", out.stderr);
        }
        assert_same(
            &before,
            &snapshot(&sandbox, &BOTH).await,
            &format!("undo {round}"),
        );
    }
}

#[tokio::test]
async fn a_kill_crashed_half_way_is_undone_completely_and_can_be_finished() {
    let sandbox = Sandbox::new();
    seed_two_agents(&sandbox).await;
    crash_trials(&sandbox, AGENT, &BOTH).await;
}

#[tokio::test]
async fn never_tagged_notebooks_endpoints_and_node_groups_appear_in_the_audit() {
    let sandbox = Sandbox::new();
    let sdk = sandbox.sdk("us-east-1").await;
    seed::notebook(&sdk, "scratch-notebook", &[], false).await;
    seed::endpoint(&sdk, "scratch-endpoint", &[], "ml.m5.xlarge", 1).await;
    seed::eks_cluster(&sdk, "scratch").await;
    seed::nodegroup(&sdk, "scratch", "scratch-nodes", (1, 1, 2), &[]).await;
    seed::notebook(&sdk, "tagged-notebook", &tags(AGENT), false).await;
    let audit = sandbox
        .test()
        .args(["audit", "--regions", "us-east-1", "-o", "json"])
        .status(1)
        .run()
        .json();
    assert_eq!(audit["gaps"], serde_json::json!([]), "{audit:#}");
    let findings: BTreeMap<String, (String, Vec<String>)> = audit["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            let sources = f["sources"]
                .as_array()
                .expect("sources")
                .iter()
                .map(|s| s.as_str().expect("source").to_string())
                .collect();
            (
                f["id"].as_str().expect("id").into(),
                (f["type"].as_str().expect("type").into(), sources),
            )
        })
        .collect();
    for (id, resource_type, source) in [
        (
            "scratch-notebook",
            "sagemaker:notebook-instance",
            "sagemaker:ListNotebookInstances",
        ),
        (
            "scratch-endpoint",
            "sagemaker:endpoint",
            "sagemaker:ListEndpoints",
        ),
        ("scratch-nodes", "eks:nodegroup", "eks:DescribeNodegroup"),
    ] {
        assert_eq!(
            findings.get(id),
            Some(&(resource_type.to_string(), vec![source.to_string()])),
            "{id}: {audit:#}"
        );
    }
    // The tagged one carries both required tags (from the Tagging API): compliant, no finding.
    assert!(!findings.contains_key("tagged-notebook"), "{audit:#}");
}

/// `test` with SageMaker and EKS pointed at `dead`, which answers nothing, and no retries.
fn broken<'a>(test: Test<'a>, dead: &str) -> Test<'a> {
    test.env("AWS_ENDPOINT_URL_SAGEMAKER", dead)
        .env("AWS_ENDPOINT_URL_EKS", dead)
        .env("AWS_MAX_ATTEMPTS", "1")
}

#[tokio::test]
async fn an_unreadable_sagemaker_or_eks_is_a_gap_and_the_kill_changes_nothing_there() {
    let sandbox = Sandbox::new();
    seed_two_agents(&sandbox).await;
    let before = snapshot(&sandbox, &BOTH).await;
    let dead = format!("http://127.0.0.1:{}", free_port());
    let audit = broken(sandbox.test(), &dead)
        .args(["audit", "--regions", "us-east-1", "-o", "json"])
        .status(4)
        .run()
        .json();
    let failed: Vec<&str> = audit["gaps"]
        .as_array()
        .expect("gaps")
        .iter()
        .filter_map(|g| g["source"].as_str())
        .collect();
    assert_eq!(
        failed,
        [
            "sagemaker:ListNotebookInstances",
            "sagemaker:ListEndpoints",
            "eks:DescribeNodegroup"
        ],
        "{audit:#}"
    );
    // The Tagging API still returns the agent's notebooks, but without their listing their status is
    // unknown: they are left alone, the kill is partial, and a run once SageMaker answers finishes it.
    let report = broken(kill(&sandbox, &["--yes"]), &dead).status(4).run().json();
    assert_eq!(report["done"], 0, "{report:#}");
    assert!(!report["gaps"].as_array().expect("gaps").is_empty(), "{report:#}");
    assert_same(
        &before,
        &snapshot(&sandbox, &BOTH).await,
        "a kill that could not read them",
    );
    let finished = kill(&sandbox, &["--yes"]).run().json();
    assert_eq!(finished["done"], 6, "{finished:#}");
}
