//! `costbrake kill` of RDS DB instances and Aurora clusters against moto, asserting AWS state
//! afterwards: available ones stopped and started again on undo (only those), cluster members left to
//! their cluster, what RDS cannot stop blocked with the reason and not attempted, AWS's seven-day
//! restart noted in the plan and undone by a second kill or `guard`, never-tagged databases in `audit`,
//! an unreachable RDS a gap.
//!
//! Where moto differs from AWS the tests say so, and AWS wins. moto stops a cluster member with
//! StopDBInstance, stops an instance that has read replicas, and leaves a stopped cluster's instances
//! `available`; AWS refuses the first two and stops the instances with their cluster. The harness runs
//! moto through scripts/moto_server.py (fixes 10 and 11), which answers as AWS does. Stops and starts
//! take effect at once in moto; on AWS a database is `stopping` or `starting` for minutes, which the
//! kind's unit tests cover (run the same kill or undo again).

use std::collections::BTreeMap;

use crate::fixtures::fleet::tags;
use crate::fixtures::seed;
use crate::fixtures::state::{Snapshot, assert_same, crash_trials, rds_cluster, rds_instance, snapshot};
use crate::harness::{Sandbox, Test, free_port};

const AGENT: &str = "research-agent";
const OTHER: &str = "log-summarizer";
const REGIONS: &str = "us-east-1,eu-west-1";
const BOTH: [&str; 2] = ["us-east-1", "eu-west-1"];

/// Seeds `agent`'s databases in one region: `<agent>-db-1` (postgres) and `<agent>-db-2` (mysql)
/// available, `<agent>-db-idle` stopped before any kill, and the Aurora cluster `<agent>-aurora` with its
/// member `<agent>-aurora-1`, both tagged.
async fn seed_databases(sandbox: &Sandbox, region: &str, agent: &str) {
    let sdk = sandbox.sdk(region).await;
    let t = tags(agent);
    seed::rds_instance(&sdk, &format!("{agent}-db-1"), "postgres", None, &t).await;
    seed::rds_instance(&sdk, &format!("{agent}-db-2"), "mysql", None, &t).await;
    let idle = format!("{agent}-db-idle");
    seed::rds_instance(&sdk, &idle, "postgres", None, &t).await;
    seed::stop_rds_instance(&sdk, &idle).await;
    seed::aurora_cluster(&sdk, &format!("{agent}-aurora"), &t, &t).await;
}

/// AGENT's databases in both regions, OTHER's in us-east-1, and a never-tagged instance.
async fn seed_two_agents(sandbox: &Sandbox) {
    for region in BOTH {
        seed_databases(sandbox, region, AGENT).await;
    }
    seed_databases(sandbox, "us-east-1", OTHER).await;
    let sdk = sandbox.sdk("us-east-1").await;
    seed::rds_instance(&sdk, "scratch-db", "postgres", None, &[]).await;
}

/// `kill ... --agent AGENT` in both regions, as JSON.
fn kill<'a>(sandbox: &'a Sandbox, verb: &[&str]) -> Test<'a> {
    sandbox
        .test()
        .args(["kill"])
        .args(verb)
        .args(["--agent", AGENT, "--regions", REGIONS, "-o", "json"])
}

/// The snapshot entries whose key contains `who`.
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

/// The plan's steps by resource id: (type, action, change).
fn steps(plan: &serde_json::Value) -> BTreeMap<String, (String, String, String)> {
    plan["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .filter(|s| s["kind"] == "database" || s["kind"] == "db-cluster")
        .map(|s| {
            let region = s["region"].as_str().expect("region");
            (
                format!("{region} {}", s["id"].as_str().expect("id")),
                (
                    s["kind"].as_str().expect("kind").to_string(),
                    s["action"].as_str().expect("action").to_string(),
                    s["change"].as_str().expect("change").to_string(),
                ),
            )
        })
        .collect()
}

#[tokio::test]
async fn available_databases_stop_and_undo_starts_exactly_those() {
    let sandbox = Sandbox::new();
    seed_two_agents(&sandbox).await;
    let sdk = sandbox.sdk("us-east-1").await;
    let before = snapshot(&sandbox, &BOTH).await;
    assert!(
        before.values().filter(|v| v.starts_with("stopped")).count() == 3,
        "the idle instances start out stopped: {before:#?}"
    );

    // The plan: stop what is available, leave the stopped one and the cluster's member, and say that AWS
    // starts them again after seven days.
    let plan = kill(&sandbox, &["plan"]).run().json();
    let planned = steps(&plan);
    for region in BOTH {
        let step = |id: &str| planned[&format!("{region} {AGENT}-{id}")].clone();
        assert_eq!(step("db-1").1, "stop", "{plan:#}");
        assert_eq!(step("db-2").1, "stop");
        assert_eq!(step("aurora").0, "db-cluster");
        assert_eq!(step("aurora").1, "stop");
        let (_, action, change) = step("db-idle");
        assert_eq!(action, "keep");
        assert!(change.contains("stays stopped after undo"), "{change}");
        let (_, action, change) = step("aurora-1");
        assert_eq!(action, "keep", "a member is never stopped on its own");
        assert!(change.contains(&format!("DB cluster {AGENT}-aurora")), "{change}");
    }
    assert_eq!(planned.len(), 10, "nothing of the other agent: {planned:#?}");
    let notes: Vec<&str> = plan["notes"]
        .as_array()
        .expect("notes")
        .iter()
        .filter_map(|n| n.as_str())
        .collect();
    assert!(
        notes.iter().any(|n| n.starts_with(
            "AWS starts a stopped RDS database again after seven days: 6 databases of this plan"
        ) && n.contains("costbrake guard --apply")),
        "{notes:?}"
    );
    let table = sandbox
        .test()
        .args(["kill", "plan", "--agent", AGENT, "--regions", REGIONS])
        .run()
        .stdout;
    for needle in ["rds db instance", "rds cluster", "after seven days"] {
        assert!(table.contains(needle), "{needle}: {table}");
    }

    // Kill: instances and the cluster stopped (its member with it), each marked with its prior status.
    let report = kill(&sandbox, &["--yes"]).run().json();
    assert_eq!(report["done"], 6, "{report:#}");
    assert_eq!(report["failed"], 0, "{report:#}");
    let kill_id = report["id"].as_str().expect("kill id").to_string();
    for id in ["db-1", "db-2"] {
        let (status, tags) = rds_instance(&sdk, &format!("{AGENT}-{id}")).await;
        assert_eq!(status, "stopped", "{id}");
        assert_eq!(markers(&tags), (Some(kill_id.as_str()), Some("status=available")));
    }
    let (status, tags) = rds_cluster(&sdk, &format!("{AGENT}-aurora")).await;
    assert_eq!(status, "stopped");
    assert_eq!(markers(&tags), (Some(kill_id.as_str()), Some("status=available")));
    let (status, tags) = rds_instance(&sdk, &format!("{AGENT}-aurora-1")).await;
    assert_eq!(status, "stopped", "stopped with its cluster");
    assert_eq!(markers(&tags), (None, None), "the member itself is not acted on");
    let (status, tags) = rds_instance(&sdk, &format!("{AGENT}-db-idle")).await;
    assert_eq!(status, "stopped");
    assert_eq!(markers(&tags), (None, None), "left alone, so not marked");
    let west = sandbox.sdk("eu-west-1").await;
    assert_eq!(rds_cluster(&west, &format!("{AGENT}-aurora")).await.0, "stopped");
    let after_kill = snapshot(&sandbox, &BOTH).await;
    assert_same(&of(&before, OTHER), &of(&after_kill, OTHER), "the other agent");
    assert_same(
        &of(&before, "scratch"),
        &of(&after_kill, "scratch"),
        "never tagged",
    );

    // A second kill changes nothing and keeps the original prior state.
    let again = kill(&sandbox, &["--yes"]).run().json();
    assert_eq!(again["done"], 0, "{again:#}");
    assert_same(&after_kill, &snapshot(&sandbox, &BOTH).await, "a second kill");

    // Undo twice: everything as before (the idle one still stopped), the second time nothing to do.
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
async fn a_database_aws_started_after_seven_days_is_stopped_again_and_undone_once() {
    let sandbox = Sandbox::new();
    seed_two_agents(&sandbox).await;
    let sdk = sandbox.sdk("us-east-1").await;
    let before = snapshot(&sandbox, &BOTH).await;
    let first = kill(&sandbox, &["--yes"]).run().json();
    let kill_id = first["id"].as_str().expect("kill id").to_string();

    // Seven days later AWS starts them again, behind costbrake's back.
    seed::start_rds_instance(&sdk, &format!("{AGENT}-db-1")).await;
    seed::start_rds_cluster(&sdk, &format!("{AGENT}-aurora")).await;
    assert_eq!(
        rds_instance(&sdk, &format!("{AGENT}-aurora-1")).await.0,
        "available"
    );

    // The same kill stops them again; the first kill still holds them, with its prior state.
    let plan = kill(&sandbox, &["plan"]).run().json();
    let again: Vec<&serde_json::Value> = plan["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .filter(|s| s["action"] == "stop")
        .collect();
    assert_eq!(again.len(), 2, "{plan:#}");
    for step in &again {
        assert_eq!(step["killed_by"], kill_id.as_str(), "{step:#}");
        assert_eq!(step["prior"]["status"], "available", "{step:#}");
    }
    let report = kill(&sandbox, &["--yes"]).run().json();
    assert_eq!(report["done"], 2, "{report:#}");
    for (status, tags) in [
        rds_instance(&sdk, &format!("{AGENT}-db-1")).await,
        rds_cluster(&sdk, &format!("{AGENT}-aurora")).await,
    ] {
        assert_eq!(status, "stopped");
        assert_eq!(
            markers(&tags),
            (Some(kill_id.as_str()), Some("status=available")),
            "the first kill's markers, unchanged"
        );
    }

    // One undo restores everything; a second has nothing left.
    kill(&sandbox, &["undo", "--yes"]).run();
    assert_same(&before, &snapshot(&sandbox, &BOTH).await, "undo");
    let out = kill(&sandbox, &["undo", "--yes"]).run();
    assert!(out.stderr.contains("Nothing to change"), "{}", out.stderr);
}

#[tokio::test]
async fn guard_stops_a_still_breached_agents_restarted_databases_again() {
    let sandbox = Sandbox::new();
    let sdk = sandbox.sdk("us-east-1").await;
    seed_databases(&sandbox, "us-east-1", AGENT).await;
    seed_databases(&sandbox, "us-east-1", OTHER).await;
    seed::agent_budget(&sandbox, AGENT, "500", "612.50", "1400").await;
    seed::agent_budget(&sandbox, OTHER, "200", "20", "40").await;
    let before = snapshot(&sandbox, &["us-east-1"]).await;
    let guard = || {
        sandbox
            .test()
            .args(["guard", "--once", "--apply", "-o", "json"])
            .run()
            .json()
    };
    let verdict = |report: &serde_json::Value| {
        report["checks"]
            .as_array()
            .expect("checks")
            .iter()
            .find(|c| c["agent"] == AGENT)
            .map(|c| c["verdict"].as_str().expect("verdict").to_string())
            .expect("the agent's check")
    };
    let first = guard();
    assert_eq!(verdict(&first), "stopped", "{first:#}");
    let db = format!("{AGENT}-db-1");
    assert_eq!(rds_instance(&sdk, &db).await.0, "stopped");
    assert_eq!(verdict(&guard()), "already-stopped");

    // AWS starts the instance again after seven days; the next guard pass stops it again.
    seed::start_rds_instance(&sdk, &db).await;
    let second = guard();
    assert_eq!(verdict(&second), "stopped", "{second:#}");
    let (status, tags) = rds_instance(&sdk, &db).await;
    assert_eq!(status, "stopped");
    assert_eq!(
        markers(&tags).1,
        Some("status=available"),
        "the first prior, kept"
    );
    let after = snapshot(&sandbox, &["us-east-1"]).await;
    assert_same(&of(&before, OTHER), &of(&after, OTHER), "the agent within budget");

    sandbox
        .test()
        .args(["kill", "undo", "--agent", AGENT, "--yes"])
        .run();
    assert_same(&before, &snapshot(&sandbox, &["us-east-1"]).await, "undo");
}

#[tokio::test]
async fn what_rds_cannot_stop_is_blocked_with_the_reason_and_never_attempted() {
    let sandbox = Sandbox::new();
    let sdk = sandbox.sdk("us-east-1").await;
    let t = tags(AGENT);
    // A source with its read replica, both the agent's.
    seed::rds_instance(&sdk, "agent-primary", "postgres", None, &t).await;
    seed::rds_replica(&sdk, "agent-replica", "agent-primary", &t).await;
    // The agent's instance in a cluster nobody tagged.
    seed::aurora_cluster(&sdk, "shared-aurora", &[], &t).await;
    // And the agent's own cluster, to be left out with --types.
    seed::aurora_cluster(&sdk, "agent-aurora", &t, &t).await;
    seed::rds_instance(&sdk, "other-db", "postgres", None, &tags(OTHER)).await;
    let before = snapshot(&sandbox, &["us-east-1"]).await;
    let kill = |types: &[&str]| {
        sandbox
            .test()
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
            .args(types)
            .any_status()
            .run()
            .json()
    };

    let reason = |report: &serde_json::Value, id: &str| {
        report["results"]
            .as_array()
            .expect("results")
            .iter()
            .find(|r| r["id"] == id)
            .map(|r| {
                (
                    r["action"].clone(),
                    r["reason"].as_str().unwrap_or("").to_string(),
                )
            })
            .unwrap_or_else(|| panic!("{id}: {report:#}"))
    };
    let report = kill(&["--types", "rds:db"]);
    assert_eq!(
        report["failed"], 0,
        "nothing attempted that RDS refuses: {report:#}"
    );
    assert_eq!(report["done"], 0, "{report:#}");
    for (id, needle) in [
        ("agent-primary", "has 1 read replica(s)"),
        ("agent-replica", "a read replica of agent-primary"),
        (
            "shared-aurora-1",
            "a member of DB cluster shared-aurora, which is not in this kill",
        ),
        (
            "agent-aurora-1",
            "a member of DB cluster agent-aurora, which is not in this kill",
        ),
    ] {
        let (action, why) = reason(&report, id);
        assert_eq!(action, "blocked", "{id}: {report:#}");
        assert!(why.contains(needle), "{id}: {why}");
    }
    assert_same(
        &before,
        &snapshot(&sandbox, &["us-east-1"]).await,
        "--types rds:db",
    );

    // With the clusters too, the agent's own cluster stops (with its member); the rest stays blocked.
    let report = kill(&["--types", "rds"]);
    assert_eq!(report["done"], 1, "{report:#}");
    assert_eq!(rds_cluster(&sdk, "agent-aurora").await.0, "stopped");
    assert_eq!(reason(&report, "agent-aurora-1").0, "keep");
    assert_eq!(reason(&report, "shared-aurora-1").0, "blocked");
    assert_eq!(rds_cluster(&sdk, "shared-aurora").await.0, "available");
    assert_eq!(rds_instance(&sdk, "agent-primary").await.0, "available");
    sandbox
        .test()
        .args([
            "kill",
            "undo",
            "--agent",
            AGENT,
            "--regions",
            "us-east-1",
            "--yes",
        ])
        .run();
    assert_same(&before, &snapshot(&sandbox, &["us-east-1"]).await, "undo");
}

#[tokio::test]
async fn a_kill_crashed_half_way_is_undone_completely_and_can_be_finished() {
    let sandbox = Sandbox::new();
    seed_two_agents(&sandbox).await;
    crash_trials(&sandbox, AGENT, &BOTH).await;
}

#[tokio::test]
async fn never_tagged_databases_appear_in_the_audit_and_types_rds_narrows_it() {
    let sandbox = Sandbox::new();
    let sdk = sandbox.sdk("us-east-1").await;
    seed::rds_instance(&sdk, "scratch-db", "postgres", None, &[]).await;
    seed::aurora_cluster(&sdk, "scratch-aurora", &[], &[]).await;
    seed::rds_instance(&sdk, "tagged-db", "postgres", None, &tags(AGENT)).await;
    seed::notebook(&sdk, "scratch-notebook", &[], false).await;
    let audit = |types: &[&str]| {
        sandbox
            .test()
            .args(["audit", "--regions", "us-east-1", "-o", "json"])
            .args(types)
            .status(1)
            .run()
            .json()
    };
    let findings = |audit: &serde_json::Value| -> BTreeMap<String, (String, Vec<String>)> {
        audit["findings"]
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
            .collect()
    };
    let all = audit(&[]);
    assert_eq!(all["gaps"], serde_json::json!([]), "{all:#}");
    let found = findings(&all);
    for (id, resource_type, source) in [
        ("scratch-db", "rds:db", "rds:DescribeDBInstances"),
        ("scratch-aurora-1", "rds:db", "rds:DescribeDBInstances"),
        ("scratch-aurora", "rds:cluster", "rds:DescribeDBClusters"),
    ] {
        assert_eq!(
            found.get(id),
            Some(&(resource_type.to_string(), vec![source.to_string()])),
            "{id}: {all:#}"
        );
    }
    assert!(!found.contains_key("tagged-db"), "compliant: {all:#}");
    assert!(found.contains_key("scratch-notebook"));
    let rds = findings(&audit(&["--types", "rds"]));
    assert_eq!(rds.len(), 3, "{rds:#?}");
    let instances = findings(&audit(&["--types", "rds:db"]));
    assert_eq!(
        instances.keys().collect::<Vec<_>>(),
        ["scratch-aurora-1", "scratch-db"],
        "{instances:#?}"
    );
}

/// `test` with RDS pointed at `dead`, which answers nothing, and no retries.
fn broken<'a>(test: Test<'a>, dead: &str) -> Test<'a> {
    test.env("AWS_ENDPOINT_URL_RDS", dead)
        .env("AWS_MAX_ATTEMPTS", "1")
}

#[tokio::test]
async fn an_unreadable_rds_is_a_gap_and_the_kill_changes_nothing_there() {
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
        ["rds:DescribeDBInstances", "rds:DescribeDBClusters"],
        "{audit:#}"
    );
    // The Tagging API still returns the agent's databases, but without their listing their status is
    // unknown: they are left alone, the kill is partial, and a run once RDS answers finishes it.
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
