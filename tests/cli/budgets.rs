//! `costbrake budget` against moto: create, idempotent re-create, list with spend, show, delete, sync
//! plan/apply/check, and bad input that must create nothing. The calls moto does not serve (UpdateBudget,
//! subscribers, budget actions) are tested at SDK level in `src/budgets/sync.rs` and `src/aws/budgets.rs`.

use aws_sdk_budgets::types::{Budget, BudgetType, MatchOption, Metric, TimeUnit};
use serde_json::Value;

use crate::fixtures::seed;
use crate::harness::{ACCOUNT, Sandbox, Test, redacted};

async fn client(sandbox: &Sandbox) -> aws_sdk_budgets::Client {
    aws_sdk_budgets::Client::new(&sandbox.sdk("us-east-1").await)
}

/// Every budget in the sandbox's moto, by name.
async fn budgets(sandbox: &Sandbox) -> Vec<Budget> {
    let mut out = client(sandbox)
        .await
        .describe_budgets()
        .account_id(ACCOUNT)
        .show_filter_expression(true)
        .send()
        .await
        .expect("describe_budgets in moto")
        .budgets
        .unwrap_or_default();
    out.sort_by(|a, b| a.budget_name().cmp(b.budget_name()));
    out
}

fn names(budgets: &[Budget]) -> Vec<&str> {
    budgets.iter().map(|b| b.budget_name()).collect()
}

#[tokio::test]
async fn create_writes_a_filter_expression_budget_and_the_same_create_changes_nothing() {
    let sandbox = Sandbox::new();
    let args = [
        "budget",
        "create",
        "--agent",
        "research-agent",
        "--limit",
        "500",
        "--period",
        "quarterly",
        "-o",
        "json",
    ];
    let created = sandbox.test().args(args).run().json();
    assert_eq!(created["schema"], "costbrake.budget-change/v1");
    assert_eq!(created["name"], "costbrake-agent-research-agent");
    assert_eq!(created["verdict"], "create");

    let stored = budgets(&sandbox).await;
    assert_eq!(names(&stored), ["costbrake-agent-research-agent"]);
    let b = &stored[0];
    assert_eq!(
        b.budget_limit().map(|s| (s.amount(), s.unit())),
        Some(("500", "USD"))
    );
    assert_eq!(b.time_unit(), &TimeUnit::Quarterly);
    assert_eq!(b.budget_type(), &BudgetType::Cost);
    let tags = b
        .filter_expression()
        .and_then(|e| e.tags())
        .expect("a tag FilterExpression");
    assert_eq!(
        tags.key(),
        Some("agent-name"),
        "plain tag key: no `user:` prefix in a FilterExpression"
    );
    assert_eq!(tags.values(), ["research-agent"]);
    assert_eq!(tags.match_options(), [MatchOption::Equals]);
    assert_eq!(b.metrics(), [Metric::UnblendedCost]);
    #[allow(deprecated)]
    let legacy = b.cost_filters().is_none_or(|f| f.is_empty());
    assert!(legacy, "no legacy CostFilters alongside the FilterExpression");

    let again = sandbox.test().args(args).run().json();
    assert_eq!(again["verdict"], "unchanged");
    assert_eq!(again["changes"], Value::Array(vec![]));
    assert_eq!(budgets(&sandbox).await, stored, "nothing changed in AWS");

    sandbox
        .test()
        .args(&args[..args.len() - 2])
        .stdout("costbrake-agent-research-agent: unchanged (nothing sent)\n")
        .run();
}

#[tokio::test]
async fn create_with_targets_adds_actual_notifications_per_threshold_and_a_forecast() {
    let sandbox = Sandbox::new();
    let text = sandbox
        .test()
        .args([
            "budget",
            "create",
            "--agent",
            "log-summarizer",
            "--limit",
            "49.99",
            "--notify",
            "email:oncall@example.com",
            "--notify",
            "sns:arn:aws:sns:us-east-1:123456789012:budget-alerts",
            "--thresholds",
            "75,100",
            "--forecast",
        ])
        .run()
        .stdout;
    assert!(
        text.starts_with("costbrake-agent-log-summarizer: created\n"),
        "{text}"
    );
    assert!(
        text.contains("actual > 75%, actual > 100%, forecasted > 100%"),
        "{text}"
    );

    let notifications = client(&sandbox)
        .await
        .describe_notifications_for_budget()
        .account_id(ACCOUNT)
        .budget_name("costbrake-agent-log-summarizer")
        .send()
        .await
        .expect("notifications in moto");
    let mut got: Vec<(String, String, f64, String)> = notifications
        .notifications()
        .iter()
        .map(|n| {
            (
                n.notification_type().as_str().to_string(),
                n.comparison_operator().as_str().to_string(),
                n.threshold(),
                n.threshold_type()
                    .map(|t| t.as_str().to_string())
                    .unwrap_or_default(),
            )
        })
        .collect();
    got.sort_by(|a, b| a.partial_cmp(b).expect("comparable"));
    let pct = |t: &str, v: f64| {
        (
            t.to_string(),
            "GREATER_THAN".to_string(),
            v,
            "PERCENTAGE".to_string(),
        )
    };
    assert_eq!(
        got,
        [
            pct("ACTUAL", 75.0),
            pct("ACTUAL", 100.0),
            pct("FORECASTED", 100.0)
        ]
    );
    let stored = budgets(&sandbox).await;
    assert_eq!(stored[0].budget_limit().map(|s| s.amount()), Some("49.99"));
}

#[tokio::test]
async fn changed_arguments_need_update_budget_which_moto_lacks_and_fail_on_one_line() {
    let sandbox = Sandbox::new();
    let create = |limit: &str| {
        sandbox
            .test()
            .args(["budget", "create", "--agent", "ticket-triage", "--limit", limit])
    };
    create("200").run();
    let line = create("300").error_line(3);
    assert!(
        line.contains("budgets UpdateBudget in costbrake-agent-ticket-triage")
            && line.contains("check that it implements UpdateBudget"),
        "{line}"
    );
    let stored = budgets(&sandbox).await;
    assert_eq!(stored[0].budget_limit().map(|s| s.amount()), Some("200"));
}

/// Budgets in every state: four agents' (breached, warning by spend, warning by forecast, ok) and a
/// team budget that costbrake does not manage.
async fn four_agents_and_a_team(sandbox: &Sandbox) {
    seed::agent_budget(sandbox, "research-agent", "500", "612.5", "900").await;
    seed::agent_budget(sandbox, "log-summarizer", "200", "170", "190").await;
    seed::agent_budget(sandbox, "ticket-triage", "100", "10", "100").await;
    seed::agent_budget(sandbox, "idle", "100", "1.25", "2").await;
    seed::budget(sandbox, "team-total", None, "10000", "4000", "8000").await;
}

#[tokio::test]
async fn list_reports_limit_spend_percentage_and_state() {
    let sandbox = Sandbox::new();
    four_agents_and_a_team(&sandbox).await;

    let list = sandbox.test().args(["budget", "list", "-o", "json"]).run().json();
    assert_eq!(list["schema"], "costbrake.budgets/v1");
    assert_eq!(list["account"], ACCOUNT);
    let rows: Vec<(String, String, String, String, String, String)> = list["budgets"]
        .as_array()
        .expect("budgets")
        .iter()
        .map(|b| {
            let s = |k: &str| b[k].as_str().unwrap_or_default().to_string();
            (
                s("agent"),
                s("limit"),
                s("actual"),
                s("forecast"),
                s("percent_used"),
                s("state"),
            )
        })
        .collect();
    let row = |a: &str, l: &str, ac: &str, f: &str, p: &str, st: &str| {
        (a.into(), l.into(), ac.into(), f.into(), p.into(), st.into())
    };
    assert_eq!(
        rows,
        [
            row("idle", "100", "1.25", "2", "1.3", "ok"),
            row("log-summarizer", "200", "170", "190", "85", "warning"),
            row("research-agent", "500", "612.5", "900", "122.5", "breached"),
            row("ticket-triage", "100", "10", "100", "10", "warning"),
        ],
        "only costbrake's budgets, sorted by name; the forecast reaching the limit warns"
    );

    let all = sandbox
        .test()
        .args(["budget", "list", "--all", "-o", "json"])
        .run()
        .json();
    let team = all["budgets"]
        .as_array()
        .expect("budgets")
        .iter()
        .find(|b| b["name"] == "team-total")
        .expect("--all includes other budgets");
    assert_eq!(team["managed"], false);
    assert_eq!(team["agent"], Value::Null);
    assert_eq!(team["state"], "ok");

    let text = sandbox.test().args(["budget", "list"]).any_status().run().stdout;
    assert!(text.contains("breached") && text.contains("122.5%"), "{text}");
    assert!(
        text.contains("4 budget(s) in account 123456789012: 1 breached, 2 warning, 1 ok"),
        "{text}"
    );

    let csv = sandbox
        .test()
        .args(["budget", "list", "-o", "csv"])
        .any_status()
        .run()
        .stdout;
    assert!(
        csv.contains(
            "costbrake-agent-research-agent,research-agent,monthly,500,612.5,900,122.5,breached,true"
        ),
        "{csv}"
    );
}

#[tokio::test]
async fn show_prints_one_budget_by_name_or_agent() {
    let sandbox = Sandbox::new();
    seed::agent_budget(&sandbox, "research-agent", "500", "612.5", "900").await;
    let by_agent = sandbox
        .test()
        .args(["budget", "show", "--agent", "research-agent", "-o", "json"])
        .run()
        .json();
    let by_name = sandbox
        .test()
        .args(["budget", "show", "costbrake-agent-research-agent", "-o", "json"])
        .run()
        .json();
    assert_eq!(by_agent, by_name);
    assert_eq!(by_agent["schema"], "costbrake.budget/v1");
    assert_eq!(by_agent["state"], "breached");
    assert_eq!(by_agent["percent_used"], "122.5");
    assert_eq!(by_agent["filter"]["kind"], "tag");
    assert_eq!(by_agent["filter"]["key"], "agent-name");
    assert_eq!(by_agent["notifications"], Value::Array(vec![]));

    let line = sandbox
        .test()
        .args(["budget", "show", "--agent", "nobody"])
        .error_line(2);
    assert!(
        line.contains("no budget named `costbrake-agent-nobody`"),
        "{line}"
    );
}

#[tokio::test]
async fn delete_refuses_without_a_terminal_and_deletes_with_yes() {
    let sandbox = Sandbox::new();
    seed::agent_budget(&sandbox, "research-agent", "500", "0", "0").await;
    seed::agent_budget(&sandbox, "log-summarizer", "200", "0", "0").await;

    let line = sandbox
        .test()
        .args(["budget", "delete", "--agent", "research-agent"])
        .error_line(2);
    assert!(line.contains("--yes"), "{line}");
    assert_eq!(budgets(&sandbox).await.len(), 2, "nothing deleted");

    let deleted = sandbox
        .test()
        .args([
            "budget",
            "delete",
            "--agent",
            "research-agent",
            "--yes",
            "-o",
            "json",
        ])
        .run()
        .json();
    assert_eq!(deleted["deleted"], true);
    assert_eq!(deleted["name"], "costbrake-agent-research-agent");
    assert_eq!(
        names(&budgets(&sandbox).await),
        ["costbrake-agent-log-summarizer"],
        "only that agent's budget"
    );

    let again = sandbox
        .test()
        .args([
            "budget",
            "delete",
            "--agent",
            "research-agent",
            "--yes",
            "-o",
            "json",
        ])
        .stderr_has("nothing deleted")
        .run();
    assert_eq!(again.json()["deleted"], false);
}

#[tokio::test]
async fn bad_input_exits_2_on_one_line_and_creates_nothing() {
    let sandbox = Sandbox::new();
    let base = ["budget", "create", "--agent", "research-agent"];
    let cases: &[(&[&str], &str)] = &[
        (&["--limit", "0"], "greater than zero"),
        (&["--limit", "-5"], "greater than zero"),
        (&["--limit", "lots"], "not a number"),
        (&["--limit", "5", "--period", "weekly"], "weekly"),
        (
            &["--limit", "5", "--notify", "email:not-an-address"],
            "not an email address",
        ),
        (
            &["--limit", "5", "--notify", "oncall@example.com"],
            "email:ADDRESS or sns:TOPIC_ARN",
        ),
        (
            &["--limit", "5", "--notify", "sns:arn:aws:sns:us-east-1:12:alerts"],
            "not an SNS topic ARN",
        ),
        (&["--limit", "5", "--forecast"], "--notify"),
        (
            &[
                "--limit",
                "5",
                "--notify",
                "email:a@example.com",
                "--thresholds",
                "50,0",
            ],
            "above 0",
        ),
        (
            &[
                "--limit",
                "5",
                "--notify",
                "email:a@example.com",
                "--action",
                "deny-iam",
                "--role",
                "r",
            ],
            "--execution-role",
        ),
        (
            &[
                "--limit",
                "5",
                "--notify",
                "email:a@example.com",
                "--action",
                "deny-iam",
                "--role",
                "r",
                "--execution-role",
                "arn:aws:iam::123456789012:user/not-a-role",
            ],
            "not an IAM role ARN",
        ),
    ];
    for (extra, expected) in cases {
        let mut args: Vec<&str> = base.to_vec();
        args.extend_from_slice(extra);
        let line = sandbox.test().args(&args).error_line(2);
        assert!(line.contains(expected), "{args:?}: {line}");
    }
    let many: Vec<String> = (0..11)
        .map(|i| format!("--notify=email:user{i}@example.com"))
        .collect();
    let mut args: Vec<&str> = vec!["budget", "create", "--agent", "a", "--limit", "5"];
    args.extend(many.iter().map(String::as_str));
    assert!(sandbox.test().args(&args).error_line(2).contains("at most 10"));
    let long = "a".repeat(85);
    for agent in ["bad:name", "x/action/y", "star*agent", long.as_str(), ""] {
        let line = sandbox
            .test()
            .args(["budget", "create", "--agent", agent, "--limit", "5"])
            .error_line(2);
        assert!(
            line.contains("agent") || line.contains("budget name"),
            "{agent}: {line}"
        );
    }
    // The execution role must be in the budget's account (checked after STS, before any write).
    let line = sandbox
        .test()
        .args([
            "budget",
            "create",
            "--agent",
            "a",
            "--limit",
            "5",
            "--notify",
            "email:a@example.com",
            "--action",
            "deny-iam",
            "--role",
            "r",
            "--execution-role",
            "arn:aws:iam::111111111111:role/budgets",
        ])
        .error_line(2);
    assert!(line.contains("account 111111111111"), "{line}");
    assert!(budgets(&sandbox).await.is_empty(), "no budget was created");
}

const SYNC_FILE: &str = r#"
[[budgets]]
agent = "research-agent"
limit = 500

[[budgets]]
agent = "log-summarizer"
limit = 200

[[budgets]]
agent = "ticket-triage"
limit = 100.5
period = "daily"
"#;

fn verdicts(plan: &Value) -> Vec<(String, String)> {
    plan["budgets"]
        .as_array()
        .expect("budgets")
        .iter()
        .map(|b| {
            (
                b["name"]
                    .as_str()
                    .unwrap_or_default()
                    .trim_start_matches("costbrake-agent-")
                    .to_string(),
                b["verdict"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[tokio::test]
async fn sync_plans_checks_applies_and_prunes() {
    let sandbox = Sandbox::new();
    sandbox.write("costbrake.toml", SYNC_FILE);
    sandbox
        .test()
        .args(["budget", "create", "--agent", "log-summarizer", "--limit", "200"])
        .run();
    seed::agent_budget(&sandbox, "retired", "50", "0", "0").await;
    seed::budget(&sandbox, "team-total", None, "10000", "0", "0").await;

    // --check: the plan, exit 1 on drift, nothing changed.
    let plan = sandbox
        .test()
        .args(["budget", "sync", "--check", "-o", "json"])
        .status(1)
        .run()
        .json();
    assert_eq!(plan["schema"], "costbrake.budget-sync/v1");
    assert_eq!(plan["applied"], false);
    assert_eq!(
        verdicts(&plan),
        pairs(&[
            ("log-summarizer", "unchanged"),
            ("research-agent", "create"),
            ("retired", "orphaned"),
            ("ticket-triage", "create"),
        ]),
        "team-total is not costbrake's and is never touched"
    );
    assert_eq!(plan["summary"]["create"], 2);
    assert_eq!(plan["summary"]["orphaned"], 1);
    assert_eq!(budgets(&sandbox).await.len(), 3);

    // No terminal, no --yes: refuse before any request.
    let line = sandbox.test().args(["budget", "sync"]).error_line(2);
    assert!(line.contains("--yes") && line.contains("--check"), "{line}");
    assert_eq!(budgets(&sandbox).await.len(), 3);

    // Apply with --prune: creates the two, deletes the orphan.
    let applied = sandbox
        .test()
        .args(["budget", "sync", "--yes", "--prune", "-o", "json"])
        .run()
        .json();
    assert_eq!(applied["applied"], true);
    assert_eq!(applied["summary"]["delete"], 1);
    let stored = budgets(&sandbox).await;
    assert_eq!(
        names(&stored),
        [
            "costbrake-agent-log-summarizer",
            "costbrake-agent-research-agent",
            "costbrake-agent-ticket-triage",
            "team-total"
        ]
    );
    let triage = &stored[2];
    assert_eq!(triage.budget_limit().map(|s| s.amount()), Some("100.5"));
    assert_eq!(triage.time_unit(), &TimeUnit::Daily);

    // In sync now.
    sandbox
        .test()
        .args(["budget", "sync", "--check"])
        .stdout_has("plan: 0 to create, 0 to update, 0 to delete, 3 unchanged")
        .run();

    // Drift: the file raises a limit.
    sandbox.write("costbrake.toml", &SYNC_FILE.replace("limit = 200", "limit = 250"));
    let plan = sandbox
        .test()
        .args(["budget", "sync", "--check", "-o", "json"])
        .status(1)
        .run()
        .json();
    let summarizer = plan["budgets"]
        .as_array()
        .expect("budgets")
        .iter()
        .find(|b| b["agent"] == "log-summarizer")
        .expect("planned");
    assert_eq!(summarizer["verdict"], "update");
    assert_eq!(
        summarizer["changes"][0]["fields"],
        serde_json::json!([{"field": "limit", "from": "200", "to": "250"}])
    );
}

#[tokio::test]
async fn budgets_section_errors_name_the_key_line_and_file() {
    let sandbox = Sandbox::new();
    sandbox.write(
        "costbrake.toml",
        "[[budgets]]\nagent = \"a\"\nlimit = 5\n\n[[budgets]]\nagent = \"b\"\nlimt = 5\n",
    );
    let line = sandbox.test().args(["budget", "sync", "--check"]).error_line(2);
    assert!(
        line.contains("costbrake.toml") && line.contains("limt") && line.contains("line 7"),
        "{line}"
    );

    sandbox.write(
        "costbrake.toml",
        "[[budgets]]\nagent = \"a\"\nlimit = 5\n\n[[budgets]]\nagent = \"b\"\nlimit = -1\n",
    );
    let line = sandbox.test().args(["budget", "sync", "--check"]).error_line(2);
    assert!(
        line.contains("line 5") && line.contains("budgets[1]") && line.contains("greater than zero"),
        "{line}"
    );

    sandbox.write(
        "costbrake.toml",
        "[[budgets]]\nagent = \"a\"\nlimit = 5\nperiod = \"weekly\"\n",
    );
    let line = sandbox.test().args(["budget", "sync", "--check"]).error_line(2);
    assert!(line.contains("weekly") && line.contains("line 1"), "{line}");
    assert!(budgets(&sandbox).await.is_empty());
}

#[test]
fn budget_help_is_stable() {
    for (name, args) in [
        ("budget_help", &["budget", "--help"][..]),
        ("budget_create_help", &["budget", "create", "--help"][..]),
        ("budget_list_help", &["budget", "list", "--help"][..]),
        ("budget_sync_help", &["budget", "sync", "--help"][..]),
        ("budget_import_help", &["budget", "import", "--help"][..]),
        ("budget_delete_help", &["budget", "delete", "--help"][..]),
    ] {
        let out = Test::new().args(args).run();
        insta::assert_snapshot!(name, out.stdout);
    }
}

#[tokio::test]
async fn delete_on_a_terminal_needs_the_agent_name_typed() {
    let sandbox = Sandbox::new();
    seed::agent_budget(&sandbox, "research-agent", "500", "0", "0").await;
    let delete = ["budget", "delete", "--agent", "research-agent"];

    sandbox
        .test()
        .args(delete)
        .on_terminal()
        .stdin("yes\n")
        .status(2)
        .stdout_has("Type the agent name (research-agent) to confirm")
        .stdout_has("not confirmed")
        .run();
    assert_eq!(budgets(&sandbox).await.len(), 1, "a wrong answer deletes nothing");

    sandbox
        .test()
        .args(delete)
        .on_terminal()
        .stdin("research-agent\n")
        .stdout_has("costbrake-agent-research-agent: deleted")
        .run();
    assert!(budgets(&sandbox).await.is_empty());
}

#[tokio::test]
async fn sync_on_a_terminal_shows_the_plan_and_applies_on_yes() {
    let sandbox = Sandbox::new();
    sandbox.write("costbrake.toml", SYNC_FILE);

    sandbox
        .test()
        .args(["budget", "sync"])
        .on_terminal()
        .stdin("no\n")
        .status(2)
        .stdout_has("plan: 3 to create, 0 to update, 0 to delete, 0 unchanged")
        .stdout_has("Type yes")
        .run();
    assert!(
        budgets(&sandbox).await.is_empty(),
        "not confirmed, nothing created"
    );

    sandbox
        .test()
        .args(["budget", "sync"])
        .on_terminal()
        .stdin("yes\n")
        .stdout_has("applied: 3 created, 0 updated, 0 deleted")
        .run();
    assert_eq!(budgets(&sandbox).await.len(), 3);
}

/// One budget's failure does not stop the others: exit 4, the failure named on stderr and in the JSON.
/// moto's missing UpdateBudget stands in for any AWS failure here.
#[tokio::test]
async fn sync_goes_on_past_a_failed_budget_and_exits_partial() {
    let sandbox = Sandbox::new();
    seed::agent_budget(&sandbox, "log-summarizer", "150", "0", "0").await;
    sandbox.write("costbrake.toml", SYNC_FILE);

    let plan = sandbox
        .test()
        .args(["budget", "sync", "--yes", "-o", "json"])
        .status(4)
        .stderr_has("costbrake-agent-log-summarizer: budgets UpdateBudget")
        .run()
        .json();
    let failed: Vec<&Value> = plan["budgets"]
        .as_array()
        .expect("budgets")
        .iter()
        .filter(|b| b.get("error").is_some())
        .collect();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0]["name"], "costbrake-agent-log-summarizer");
    assert_eq!(
        names(&budgets(&sandbox).await),
        [
            "costbrake-agent-log-summarizer",
            "costbrake-agent-research-agent",
            "costbrake-agent-ticket-triage"
        ],
        "the creates went ahead"
    );
}

#[tokio::test]
async fn the_filter_uses_the_configured_agent_tag_key() {
    let sandbox = Sandbox::new();
    sandbox.write(
        "costbrake.toml",
        "[tags]\nagent = \"Agent-ID\"\nrun = \"Run-ID\"\n",
    );
    sandbox
        .test()
        .args(["budget", "create", "--agent", "research-agent", "--limit", "5"])
        .run();
    let stored = budgets(&sandbox).await;
    let tags = stored[0]
        .filter_expression()
        .and_then(|e| e.tags())
        .expect("tag filter");
    assert_eq!(tags.key(), Some("Agent-ID"));
    let list = sandbox.test().args(["budget", "list", "-o", "json"]).run().json();
    assert_eq!(list["budgets"][0]["agent"], "research-agent");
}

#[tokio::test]
async fn budget_list_outputs_are_stable() {
    let sandbox = Sandbox::new();
    four_agents_and_a_team(&sandbox).await;
    for (name, args) in [
        ("budget_list_json", &["-o", "json"][..]),
        ("budget_list_table", &["-o", "table"][..]),
        ("budget_list_csv", &["-o", "csv"][..]),
        ("budget_list_all_table", &["--all", "-o", "table"][..]),
    ] {
        let out = sandbox
            .test()
            .args(["budget", "list", "--color", "never"])
            .args(args)
            .run();
        redacted(&sandbox).bind(|| insta::assert_snapshot!(name, out.stdout));
    }
}

/// Creates `budget` as given (not through costbrake): budgets made by hand, by another tool, or in the
/// console.
async fn create_raw(sandbox: &Sandbox, budget: aws_sdk_budgets::types::builders::BudgetBuilder) {
    client(sandbox)
        .await
        .create_budget()
        .account_id(ACCOUNT)
        .budget(budget.build().expect("budget"))
        .send()
        .await
        .expect("create_budget in moto");
}

fn usd(amount: &str) -> aws_sdk_budgets::types::Spend {
    aws_sdk_budgets::types::Spend::builder()
        .amount(amount)
        .unit("USD")
        .build()
        .expect("spend")
}

/// A monthly USD cost budget named `name`, filtered with a `FilterExpression` on `key` = `values`.
fn on_tag(name: &str, key: &str, values: &[&str]) -> aws_sdk_budgets::types::builders::BudgetBuilder {
    use aws_sdk_budgets::types::{Expression, TagValues};
    Budget::builder()
        .budget_name(name)
        .budget_limit(usd("100"))
        .time_unit(TimeUnit::Monthly)
        .budget_type(BudgetType::Cost)
        .filter_expression(
            Expression::builder()
                .tags(
                    TagValues::builder()
                        .key(key)
                        .set_values(Some(values.iter().map(|v| v.to_string()).collect()))
                        .match_options(MatchOption::Equals)
                        .build(),
                )
                .build(),
        )
        .metrics(Metric::UnblendedCost)
}

fn skipped_reasons(import: &Value) -> Vec<(String, String)> {
    import["skipped"]
        .as_array()
        .expect("skipped")
        .iter()
        .map(|s| {
            let reasons: Vec<&str> = s["reasons"]
                .as_array()
                .expect("reasons")
                .iter()
                .filter_map(Value::as_str)
                .collect();
            (
                s["name"].as_str().unwrap_or_default().to_string(),
                reasons.join(" | "),
            )
        })
        .collect()
}

const IMPORT_FILE: &str = "# Budgets of the agents team. Reviewed in #finops.\n\
[tags]\n\
agent = \"agent-name\"   # what our agents are tagged with\n\
\n\
[[budgets]]\n\
agent = \"log-summarizer\"\n\
limit = 49.99   # agreed 2026-11\n\
period = \"quarterly\"\n\
\n\
[report]\n\
source = \"ce\"\n";

#[tokio::test]
async fn import_writes_entries_that_sync_check_finds_unchanged_and_says_why_it_skips_the_others() {
    let sandbox = Sandbox::new();
    // costbrake's own, and one made outside costbrake in the same shape.
    sandbox
        .test()
        .args([
            "budget",
            "create",
            "--agent",
            "log-summarizer",
            "--limit",
            "49.99",
            "--period",
            "quarterly",
        ])
        .run();
    sandbox
        .test()
        .args([
            "budget",
            "create",
            "--agent",
            "ticket-triage",
            "--limit",
            "100.5",
            "--period",
            "daily",
        ])
        .run();
    seed::agent_budget(&sandbox, "research-agent", "500", "12", "40").await;
    // Not on the agent tag at all: not import's business.
    seed::budget(&sandbox, "team-total", None, "10000", "0", "0").await;
    create_raw(&sandbox, on_tag("team-cost-center", "cost-center", &["ml"])).await;
    // On the agent tag, but an entry cannot express them.
    #[allow(deprecated)] // the legacy form is exactly what this budget is made with
    let legacy = Budget::builder()
        .budget_name("costbrake-agent-legacy-bot")
        .budget_limit(usd("50"))
        .time_unit(TimeUnit::Monthly)
        .budget_type(BudgetType::Cost)
        .cost_filters("TagKeyValue", vec!["user:agent-name$legacy-bot".to_string()]);
    create_raw(&sandbox, legacy).await;
    create_raw(
        &sandbox,
        on_tag(
            "research-team",
            "agent-name",
            &["research-agent", "ticket-triage"],
        ),
    )
    .await;
    create_raw(&sandbox, on_tag("scraper-monthly", "agent-name", &["scraper"])).await;
    create_raw(
        &sandbox,
        on_tag("costbrake-agent-amortized", "agent-name", &["amortized"])
            .set_metrics(Some(vec![Metric::AmortizedCost])),
    )
    .await;
    create_raw(
        &sandbox,
        on_tag("costbrake-agent-auto", "agent-name", &["auto"]).auto_adjust_data(
            aws_sdk_budgets::types::AutoAdjustData::builder()
                .auto_adjust_type(aws_sdk_budgets::types::AutoAdjustType::Historical)
                .historical_options(
                    aws_sdk_budgets::types::HistoricalOptions::builder()
                        .budget_adjustment_period(6)
                        .build()
                        .expect("historical options"),
                )
                .build()
                .expect("auto adjust"),
        ),
    )
    .await;
    create_raw(
        &sandbox,
        on_tag("costbrake-agent-usage", "agent-name", &["usage"]).budget_type(BudgetType::Usage),
    )
    .await;
    // Planned limits per period (keys are the periods' start times in epoch seconds); no BudgetLimit,
    // as the API reference describes a planned budget.
    let mut planned = on_tag("costbrake-agent-planned", "agent-name", &["planned"]).set_budget_limit(None);
    for (start, amount) in [("1780272000", "100"), ("1782864000", "150")] {
        planned = planned.planned_budget_limits(start, usd(amount));
    }
    create_raw(&sandbox, planned).await;
    let before = budgets(&sandbox).await;
    let file = sandbox.write("costbrake.toml", IMPORT_FILE);

    let out = sandbox
        .test()
        .args(["budget", "import", "--write", "costbrake.toml"])
        .stdout(
            "costbrake-agent-research-agent: added to costbrake.toml\n\
             costbrake-agent-ticket-triage: added to costbrake.toml\n",
        )
        .stderr_has("costbrake-agent-log-summarizer: already in costbrake.toml; not imported again")
        .stderr_has(
            "2 budget(s) imported, 1 already in costbrake.toml, 7 not importable, 2 other budget(s) not on \
             the agent tag `agent-name` (account 123456789012), written to costbrake.toml",
        )
        .run();
    assert!(
        out.stderr
            .contains("warning: scraper-monthly (agent scraper) not imported: it is named `scraper-monthly`"),
        "{}",
        out.stderr
    );
    let written = std::fs::read_to_string(&file).expect("read");
    assert!(
        written.starts_with(&IMPORT_FILE[..IMPORT_FILE.find("[report]").expect("report")]),
        "the file's comments, layout and entries are kept:\n{written}"
    );
    assert!(
        written.contains(
            "\n# imported from account 123456789012 by `costbrake budget import`\n[[budgets]]\n\
             agent = \"research-agent\"\nlimit = 500\nperiod = \"monthly\"\n"
        ),
        "{written}"
    );
    assert!(
        written.contains("agent = \"ticket-triage\"\nlimit = 100.5\nperiod = \"daily\"\n"),
        "{written}"
    );
    assert!(written.ends_with("[report]\nsource = \"ce\"\n"), "{written}");
    assert_eq!(written.matches("log-summarizer").count(), 1, "not duplicated");

    // The round trip: the file now matches AWS.
    let plan = sandbox
        .test()
        .args([
            "budget",
            "sync",
            "--check",
            "--config",
            "costbrake.toml",
            "-o",
            "json",
        ])
        .run()
        .json();
    let unchanged: Vec<String> = verdicts(&plan)
        .into_iter()
        .filter(|(_, v)| v == "unchanged")
        .map(|(a, _)| a)
        .collect();
    assert_eq!(unchanged, ["log-summarizer", "research-agent", "ticket-triage"]);
    assert_eq!(plan["summary"]["create"], 0);
    assert_eq!(plan["summary"]["update"], 0);
    assert_eq!(budgets(&sandbox).await, before, "import only reads");

    // Again: nothing to add, the file is left as it is.
    sandbox
        .test()
        .args(["budget", "import", "--write", "costbrake.toml"])
        .stdout("")
        .stderr_has("0 budget(s) imported, 3 already in costbrake.toml")
        .run();
    assert_eq!(std::fs::read_to_string(&file).expect("read"), written);

    // Every skipped budget with its specific reason.
    sandbox.write("empty.toml", "");
    let json = sandbox
        .test()
        .args(["budget", "import", "--config", "empty.toml", "-o", "json"])
        .run()
        .json();
    assert_eq!(json["schema"], "costbrake.budget-import/v1");
    assert_eq!(json["ignored"], 2);
    let reasons = skipped_reasons(&json);
    let expected = [
        (
            "costbrake-agent-amortized",
            "counts AmortizedCost; an entry counts UnblendedCost",
        ),
        ("costbrake-agent-auto", "is auto-adjusting (historical)"),
        (
            "costbrake-agent-legacy-bot",
            "uses the legacy CostFilters (user:agent-name$legacy-bot)",
        ),
        (
            "costbrake-agent-planned",
            "has planned limits for 2 periods; an entry has one fixed limit",
        ),
        (
            "costbrake-agent-usage",
            "is a USAGE budget; an entry is a COST budget",
        ),
        (
            "research-team",
            "filters on 2 agents (research-agent, ticket-triage)",
        ),
        (
            "scraper-monthly",
            "would create that one beside it; AWS cannot rename a budget",
        ),
    ];
    assert_eq!(reasons.len(), expected.len(), "{reasons:?}");
    for ((name, reason), (want_name, want)) in reasons.iter().zip(expected) {
        assert_eq!(name, want_name);
        assert!(reason.contains(want), "{name}: {reason}");
    }
    let imported: Vec<&str> = json["imported"]
        .as_array()
        .expect("imported")
        .iter()
        .filter_map(|i| i["name"].as_str())
        .collect();
    assert_eq!(
        imported,
        [
            "costbrake-agent-log-summarizer",
            "costbrake-agent-research-agent",
            "costbrake-agent-ticket-triage"
        ]
    );
    assert_eq!(json["imported"][0]["entry"]["limit"], "49.99");
    assert_eq!(json["imported"][0]["entry"]["period"], "quarterly");
}

#[tokio::test]
async fn import_prints_toml_filters_by_match_and_uses_the_configured_tag_key() {
    let sandbox = Sandbox::new();
    sandbox.write(
        "costbrake.toml",
        "[tags]\nagent = \"Agent-ID\"\nrun = \"Run-ID\"\n",
    );
    for (agent, limit) in [("alpha", "10"), ("alpine", "20"), ("beta", "30")] {
        sandbox
            .test()
            .args(["budget", "create", "--agent", agent, "--limit", limit])
            .run();
    }
    // On the default key, which this configuration does not use: not on the agent tag.
    seed::agent_budget(&sandbox, "other-key", "5", "0", "0").await;

    let printed = sandbox
        .test()
        .args(["budget", "import", "--match", "costbrake-agent-al*"])
        .stderr_has("2 budget(s) imported")
        .run()
        .stdout;
    assert_eq!(
        printed,
        "# imported from account 123456789012 by `costbrake budget import`\n[[budgets]]\nagent = \"alpha\"\n\
         limit = 10\nperiod = \"monthly\"\n\n\
         # imported from account 123456789012 by `costbrake budget import`\n[[budgets]]\nagent = \"alpine\"\n\
         limit = 20\nperiod = \"monthly\"\n"
    );
    let json = sandbox
        .test()
        .args(["budget", "import", "--match", "*other*", "-o", "json"])
        .run()
        .json();
    assert_eq!(json["match"], "*other*");
    assert_eq!(json["tag_key"], "Agent-ID");
    let reasons = skipped_reasons(&json);
    assert_eq!(reasons.len(), 1);
    assert!(
        reasons[0]
            .1
            .contains("counts tag agent-name = other-key, not the agent tag `Agent-ID`"),
        "{reasons:?}"
    );

    // A new file names the key, so that `sync --config` on it reads the same one.
    sandbox
        .test()
        .args([
            "budget",
            "import",
            "--match",
            "costbrake-agent-al*",
            "--write",
            "agents/new.toml",
        ])
        .error_line(2);
    std::fs::create_dir(sandbox.dir().join("agents")).expect("mkdir");
    sandbox
        .test()
        .args([
            "budget",
            "import",
            "--match",
            "costbrake-agent-al*",
            "--write",
            "agents/new.toml",
        ])
        .run();
    let written = std::fs::read_to_string(sandbox.dir().join("agents/new.toml")).expect("written");
    assert!(written.contains("[tags]\nagent = \"Agent-ID\"\n"), "{written}");
    let plan = sandbox
        .test()
        .args([
            "budget",
            "sync",
            "--check",
            "--config",
            "agents/new.toml",
            "-o",
            "json",
        ])
        .run()
        .json();
    assert_eq!(
        verdicts(&plan),
        pairs(&[
            ("alpha", "unchanged"),
            ("alpine", "unchanged"),
            ("beta", "orphaned"),
            ("other-key", "orphaned")
        ]),
        "a costbrake-named budget on another key is still sync's (orphaned), never import's"
    );
}

#[tokio::test]
async fn import_bad_input_exits_2_on_one_line_and_changes_nothing() {
    let sandbox = Sandbox::new();
    seed::agent_budget(&sandbox, "research-agent", "500", "0", "0").await;
    let broken = "# mine\n[[budgets]\nagent = \"x\"\n";
    sandbox.write("broken.toml", broken);
    sandbox.write("invalid.toml", "[[budgets]]\nagent = \"x\"\nlimit = -1\n");
    sandbox.write("inline.toml", "budgets = []\n");
    std::fs::create_dir(sandbox.dir().join("a-dir")).expect("mkdir");
    let before = sandbox.moto.requests();
    let cases: &[(&[&str], &str)] = &[
        (
            &["--match", "costbrake-[agent"],
            "--match `costbrake-[agent` is not a valid glob",
        ),
        (&["--write", "broken.toml"], "broken.toml"),
        (&["--write", "invalid.toml"], "greater than zero"),
        (&["--write", "a-dir"], "not a file"),
        (
            &["--write", "missing/costbrake.toml"],
            "does not exist; create it",
        ),
        (&["-o", "csv"], "use one of: table, json"),
    ];
    for (args, expected) in cases {
        let line = sandbox
            .test()
            .args(["budget", "import"])
            .args(*args)
            .error_line(2);
        assert!(line.contains(expected), "{args:?}: {line}");
    }
    assert_eq!(sandbox.moto.requests(), before, "nothing was asked of AWS");
    assert_eq!(
        std::fs::read_to_string(sandbox.dir().join("broken.toml")).expect("read"),
        broken
    );

    // A file that is valid TOML but has no place for [[budgets]] tables: refused after the reads, untouched.
    let line = sandbox
        .test()
        .args(["budget", "import", "--write", "inline.toml"])
        .error_line(2);
    assert!(line.contains("[[budgets]]"), "{line}");
    assert_eq!(
        std::fs::read_to_string(sandbox.dir().join("inline.toml")).expect("read"),
        "budgets = []\n"
    );
    let names: Vec<String> = std::fs::read_dir(sandbox.dir())
        .expect("ls")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("costbrake-tmp"))
        .collect();
    assert!(names.is_empty(), "no temporary files left: {names:?}");
}
