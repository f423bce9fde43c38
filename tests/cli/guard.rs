//! `costbrake guard` against moto: a breached budget's agent is stopped (dry run first), the others are
//! not, and the kill is undoable like any other.

use crate::fixtures::seed;
use crate::fixtures::state::instance_state;
use crate::harness::Sandbox;

#[tokio::test]
async fn guard_stops_only_breached_agents_dry_run_first_and_undo_restores() {
    let sandbox = Sandbox::new();
    let sdk = sandbox.sdk("us-east-1").await;
    let runaway = seed::instance(&sdk, &[("agent-name", "research-agent")]).await;
    let calm = seed::instance(&sdk, &[("agent-name", "log-summarizer")]).await;
    let warned = seed::instance(&sdk, &[("agent-name", "ticket-triage")]).await;
    seed::agent_budget(&sandbox, "research-agent", "500", "612.50", "1400").await;
    seed::agent_budget(&sandbox, "log-summarizer", "200", "20", "40").await;
    seed::agent_budget(&sandbox, "ticket-triage", "100", "90", "120").await;

    // Dry run: reports, exits 1, changes nothing.
    let out = sandbox
        .test()
        .args(["guard", "--once", "-o", "json"])
        .status(1)
        .run();
    let report = out.json();
    assert_eq!(report["schema"], "costbrake.guard/v1");
    let checks = report["checks"].as_array().unwrap();
    let verdict = |agent: &str| {
        checks
            .iter()
            .find(|c| c["agent"] == agent)
            .map(|c| c["verdict"].as_str().unwrap().to_string())
            .unwrap()
    };
    assert_eq!(verdict("research-agent"), "would-stop");
    assert_eq!(verdict("log-summarizer"), "within");
    assert_eq!(verdict("ticket-triage"), "within", "a warning is not a breach");
    assert_eq!(instance_state(&sdk, &runaway).await, "running");

    // Apply: the breached agent only.
    let table = sandbox.test().args(["guard", "--once", "--apply"]).run().stdout;
    assert!(table.contains("stopped 1 resources"), "{table}");
    assert!(table.contains("costbrake kill undo --kill-id kill-"), "{table}");
    assert_eq!(instance_state(&sdk, &runaway).await, "stopped");
    assert_eq!(instance_state(&sdk, &calm).await, "running");
    assert_eq!(instance_state(&sdk, &warned).await, "running");

    // A second pass finds it already stopped.
    let out = sandbox
        .test()
        .args(["guard", "--once", "--apply", "-o", "json"])
        .run();
    let report = out.json();
    let again = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["agent"] == "research-agent")
        .unwrap();
    assert_eq!(again["verdict"], "already-stopped");

    // The guard's kill is an ordinary, journaled kill: status names it, undo restores it.
    let status = sandbox
        .test()
        .args(["kill", "status", "-o", "json"])
        .any_status()
        .run()
        .json();
    assert!(
        status["kills"][0]["by"]
            .as_str()
            .unwrap()
            .ends_with("via costbrake-guard"),
        "{status}"
    );
    sandbox
        .test()
        .args(["kill", "undo", "--agent", "research-agent", "--yes"])
        .run();
    assert_eq!(instance_state(&sdk, &runaway).await, "running");
}

#[tokio::test]
async fn guard_with_no_breach_exits_0_and_bad_intervals_exit_2() {
    let sandbox = Sandbox::new();
    let sdk = sandbox.sdk("us-east-1").await;
    seed::instance(&sdk, &[("agent-name", "log-summarizer")]).await;
    seed::agent_budget(&sandbox, "log-summarizer", "200", "20", "40").await;
    sandbox
        .test()
        .args(["guard", "--once"])
        .stdout_has("1 budgets, 0 breached")
        .run();
    for bad in ["10s", "banana", "5d"] {
        let line = sandbox.test().args(["guard", "--interval", bad]).error_line(2);
        assert!(line.contains("--interval"), "{line}");
    }
}
