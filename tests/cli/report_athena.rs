//! `costbrake report --engine athena` against moto's Athena. moto runs no SQL: it answers each query
//! with the next result queued at `/moto-api/static/athena/query-results`, and records the query text,
//! its execution parameters and its result location, which the tests read back through the Athena API.
//! The queued results are what Athena returns for costbrake's SQL over the export that
//! `scripts/gen_cur.py` generates, built from the generator's truth; the same export read by the
//! embedded engine must give the same report.
//!
//! Where moto differs from AWS (AWS wins): moto reports 0 bytes scanned (AWS: the bytes read, billed with
//! a 10 MB minimum, which is what the cost line then shows), answers every row in one page (paging is
//! tested at the SDK level in `src/aws/athena.rs`), and implements no `GetTableMetadata` (doctor's table
//! check is tested there and in `src/doctor.rs` too).

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde_json::{Value, json};

use crate::harness::{ACCOUNT, REGION, Sandbox};
use crate::report_cur::{Export, d, rows};

/// A small export: one billing period, a few hundred line items, some Bedrock line items.
fn export() -> Export {
    Export::generate(&["--rows", "3000", "--runs", "12", "--files", "1"])
}

fn column(name: &str) -> Value {
    json!({
        "CatalogName": "hive", "SchemaName": "", "TableName": "", "Name": name, "Label": name,
        "Type": "varchar", "Precision": 0, "Scale": 0, "Nullable": "UNKNOWN", "CaseSensitive": true,
    })
}

/// A result as Athena gives it: the header row first, then the rows (`None` is NULL: no VarCharValue).
fn result(columns: &[&str], rows: &[Vec<Option<String>>]) -> Value {
    let datum = |v: &Option<String>| match v {
        Some(v) => json!({ "VarCharValue": v }),
        None => json!({}),
    };
    let mut out =
        vec![json!({ "Data": columns.iter().map(|c| json!({ "VarCharValue": c })).collect::<Vec<_>>() })];
    out.extend(
        rows.iter()
            .map(|r| json!({ "Data": r.iter().map(datum).collect::<Vec<_>>() })),
    );
    json!({ "rows": out, "column_info": columns.iter().map(|c| column(c)).collect::<Vec<_>>() })
}

/// `information_schema.columns` of a CUR 2.0 table partitioned by billing_period.
fn schema_result(with_tags: bool) -> Value {
    let mut cols: Vec<(&str, &str, &str)> = vec![
        ("bill_payer_account_id", "varchar", ""),
        ("line_item_usage_account_id", "varchar", ""),
        ("line_item_usage_start_date", "timestamp(3)", ""),
        ("line_item_product_code", "varchar", ""),
        ("line_item_resource_id", "varchar", ""),
        ("line_item_iam_principal", "varchar", ""),
        ("line_item_currency_code", "varchar", ""),
        ("line_item_unblended_cost", "double", ""),
        ("line_item_net_unblended_cost", "double", ""),
        ("resource_tags", "map(varchar, varchar)", ""),
    ];
    if with_tags {
        cols.push(("tags", "map(varchar, varchar)", ""));
    }
    cols.push(("billing_period", "varchar", "partition key"));
    let rows: Vec<Vec<Option<String>>> = cols
        .iter()
        .map(|(n, t, e)| vec![Some(n.to_string()), Some(t.to_string()), Some(e.to_string())])
        .collect();
    result(&["column_name", "data_type", "extra_info"], &rows)
}

const REPORT_COLUMNS: [&str; 5] = ["bucket", "key1", "currency", "amount", "line_items"];

/// What Athena returns for `--by run --granularity daily` over the export: per day and run, with the
/// untagged remainder of each day under NULL.
fn by_run_day(export: &Export) -> Vec<Vec<Option<String>>> {
    let mut tagged: BTreeMap<String, Decimal> = BTreeMap::new();
    let mut out = Vec::new();
    for (run, days) in export.truth["by_run_day"].as_object().expect("by_run_day") {
        for (day, amount) in days.as_object().expect("days") {
            let amount = d(amount);
            *tagged.entry(day.clone()).or_default() += amount;
            out.push(vec![
                Some(format!("{day} 00:00:00.000")),
                Some(run.clone()),
                Some("USD".into()),
                Some(amount.to_string()),
                Some("1".into()),
            ]);
        }
    }
    for (day, amount) in export.by("by_day") {
        let untagged = amount - tagged.get(&day).copied().unwrap_or_default();
        if !untagged.is_zero() {
            out.push(vec![
                Some(format!("{day} 00:00:00.000")),
                None,
                Some("USD".into()),
                Some(untagged.to_string()),
                Some("1".into()),
            ]);
        }
    }
    out
}

fn queue(sandbox: &Sandbox, results: &[Value]) {
    let status = sandbox.moto.post(
        "/moto-api/static/athena/query-results",
        &json!({ "account_id": ACCOUNT, "region": REGION, "results": results }),
    );
    assert_eq!(status, 201, "moto refused the queued Athena results");
}

fn athena(sdk: &aws_config::SdkConfig) -> aws_sdk_athena::Client {
    aws_sdk_athena::Client::new(sdk)
}

/// The queries moto recorded, oldest first: (SQL, execution parameters, result location).
async fn executions(sandbox: &Sandbox) -> Vec<(String, Vec<String>, Option<String>)> {
    let sdk = sandbox.sdk(REGION).await;
    let client = athena(&sdk);
    let ids = client
        .list_query_executions()
        .send()
        .await
        .expect("ListQueryExecutions")
        .query_execution_ids
        .unwrap_or_default();
    let mut out = Vec::new();
    for id in ids {
        let exec = client
            .get_query_execution()
            .query_execution_id(&id)
            .send()
            .await
            .expect("GetQueryExecution")
            .query_execution
            .expect("execution");
        out.push((
            exec.query.unwrap_or_default(),
            exec.execution_parameters.unwrap_or_default(),
            exec.result_configuration.and_then(|r| r.output_location),
        ));
    }
    out
}

const ATHENA_ARGS: [&str; 8] = [
    "--engine",
    "athena",
    "--athena-database",
    "cur",
    "--athena-table",
    "agents",
    "--output-location",
    "s3://athena-results/costbrake/",
];

#[tokio::test]
async fn the_athena_engine_gives_the_embedded_engines_report_with_bound_sql() {
    let sandbox = Sandbox::new();
    let export = export();
    let root = export.root.to_string_lossy().into_owned();
    let embedded = sandbox
        .test()
        .args(["report", "--source", "cur", "--cur", &root, "--period", "2026-11"])
        .args(["--granularity", "daily", "-o", "json"])
        .run()
        .json();

    queue(
        &sandbox,
        &[schema_result(true), result(&REPORT_COLUMNS, &by_run_day(&export))],
    );
    let out = sandbox
        .test()
        .args([
            "report",
            "--period",
            "2026-11",
            "--granularity",
            "daily",
            "-o",
            "json",
        ])
        .args(ATHENA_ARGS)
        .run();
    let report = out.json();
    assert_eq!(
        report["rows"], embedded["rows"],
        "the same rows, amounts and order"
    );
    assert_eq!(report["periods"], embedded["periods"]);
    assert_eq!(report["total"], embedded["total"]);
    assert_eq!(rows(&report), export.by("by_run"));
    assert_eq!(d(&report["total"]), export.total());

    // What it cost: two queries (the table's columns, then the report), each billed at the 10 MB
    // minimum because moto reports 0 bytes scanned.
    let stats = &report["requests"]["scan"]["athena"];
    assert_eq!(stats["query_ids"].as_array().map(Vec::len), Some(2), "{stats}");
    assert_eq!(stats["bytes_scanned"], 0);
    let ten_mb = Decimal::from(5 * 10) / Decimal::from(1u64 << 20);
    assert_eq!(d(&stats["cost"]), ten_mb * Decimal::from(2));
    assert_eq!(d(&report["requests"]["cost"]), ten_mb * Decimal::from(2));
    assert_eq!(report["requests"]["scan"]["engine"], "athena");
    assert!(
        out.stderr
            .contains("Athena cur.agents (workgroup primary): 2 queries, 0 B scanned ($0.000095 at $5/TB"),
        "{}",
        out.stderr
    );

    // What Athena was asked, read back from it: every value bound, none pasted into the text.
    let recorded = executions(&sandbox).await;
    assert_eq!(recorded.len(), 2);
    let (schema_sql, schema_params, _) = &recorded[0];
    assert!(schema_sql.contains("information_schema.columns"), "{schema_sql}");
    assert_eq!(schema_params, &["'cur'", "'agents'"]);
    let (sql, params, location) = &recorded[1];
    insta::assert_snapshot!(sql, @r#"
    SELECT
      CAST(date_trunc('day', line_item_usage_start_date) AS varchar) AS bucket,
      COALESCE(NULLIF(element_at(resource_tags, ?), ''), NULLIF(element_at(tags, ?), '')) AS key1,
      COALESCE(line_item_currency_code, '') AS currency,
      CAST(SUM(COALESCE(CAST(line_item_unblended_cost AS decimal(38, 10)), 0)) AS varchar) AS amount,
      COUNT(*) AS line_items
    FROM "AwsDataCatalog"."cur"."agents"
    WHERE billing_period IN (?)
      AND line_item_usage_start_date >= CAST(? AS timestamp)
      AND line_item_usage_start_date < CAST(? AS timestamp)
    GROUP BY 1, 2, 3
    "#);
    assert_eq!(
        params,
        &[
            "'user_agent_run_id'",
            "'iamPrincipal/agent-run-id'",
            "'2026-11'",
            "'2026-11-01 00:00:00'",
            "'2026-12-01 00:00:00'",
        ]
    );
    assert!(
        location
            .as_deref()
            .is_some_and(|l| l.starts_with("s3://athena-results/costbrake/")),
        "{location:?}"
    );

    // Again: the cached result, and nothing asked of Athena.
    let again = sandbox
        .test()
        .args([
            "report",
            "--period",
            "2026-11",
            "--granularity",
            "daily",
            "-o",
            "json",
        ])
        .args(ATHENA_ARGS)
        .run();
    assert_eq!(again.json()["rows"], embedded["rows"]);
    assert!(again.stderr.contains("result cached"), "{}", again.stderr);
    assert_eq!(executions(&sandbox).await.len(), 2, "no new query");
}

#[tokio::test]
async fn polling_follows_the_query_through_its_states_and_a_filter_is_bound() {
    let sandbox = Sandbox::new();
    // Each execution stays QUEUED for two GetQueryExecution calls, then RUNNING for two.
    let status = sandbox.moto.post(
        "/moto-api/state-manager/set-transition",
        &json!({ "model_name": "athena::execution", "transition": { "progression": "manual", "times": 2 } }),
    );
    assert_eq!(status, 201);
    let export = export();
    let run = export
        .by("by_run")
        .into_keys()
        .find(|r| !r.is_empty())
        .expect("a run");
    let service_rows: Vec<Vec<Option<String>>> = export.truth["by_resource_of_run"][&run]
        .as_object()
        .expect("resources")
        .iter()
        .map(|(resource, amount)| {
            vec![
                Some("2026-11-01 00:00:00.000".into()),
                Some(resource.clone()).filter(|r| !r.is_empty()),
                Some("USD".into()),
                Some(d(amount).to_string()),
                Some("2".into()),
            ]
        })
        .collect();
    queue(
        &sandbox,
        &[schema_result(false), result(&REPORT_COLUMNS, &service_rows)],
    );
    let out = sandbox
        .test()
        .args([
            "report", "--period", "2026-11", "--by", "resource", "--run", &run, "-o", "json",
        ])
        .args(["--granularity", "monthly", "--workgroup", "primary"])
        .args(ATHENA_ARGS)
        .run();
    let report = out.json();
    let want: Decimal = export.truth["by_resource_of_run"][&run]
        .as_object()
        .expect("resources")
        .values()
        .map(d)
        .sum();
    assert_eq!(d(&report["total"]), want);
    assert_eq!(d(&report["total"]), export.by("by_run")[&run]);
    let stats = &report["requests"]["scan"]["athena"];
    assert_eq!(
        stats["polls"], 8,
        "four polls a query: queued, running, running, succeeded"
    );
    assert_eq!(stats["pages"], 2);
    assert_eq!(stats["workgroup"], "primary");
    assert_eq!(
        report["requests"]["scan"]["line_items"],
        2 * service_rows.len() as u64
    );
    for state in ["queued", "running", "succeeded"] {
        assert!(
            out.stderr.contains("Athena query ") && out.stderr.contains(&format!(": {state}, ")),
            "progress shows {state}: {}",
            out.stderr
        );
    }

    let recorded = executions(&sandbox).await;
    let (sql, params, _) = &recorded[1];
    // A table without the tags column: the SQL does not name it.
    assert!(!sql.contains("element_at(tags"), "{sql}");
    assert!(sql.contains("NULLIF(line_item_resource_id, '') AS key1"), "{sql}");
    assert!(
        sql.contains("NULLIF(element_at(resource_tags, ?), '') IN (?)"),
        "{sql}"
    );
    assert!(!sql.contains(&run), "the run id is bound, not pasted: {sql}");
    assert_eq!(params.last(), Some(&format!("'{run}'")));
}

#[tokio::test]
async fn a_table_athena_does_not_know_or_a_missing_workgroup_is_a_clear_error() {
    let sandbox = Sandbox::new();
    // Nothing queued: information_schema lists no columns, as Athena does for an unknown table.
    let line = sandbox
        .test()
        .args(["report", "--period", "2026-11", "--engine", "athena"])
        .args(["--athena-database", "cur", "--athena-table", "nope"])
        .args(["--output-location", "s3://athena-results/"])
        .error_line(2);
    assert!(line.contains("Athena has no table cur.nope"), "{line}");
    assert!(line.contains("costbrake doctor"), "{line}");

    let line = sandbox
        .test()
        .args(["report", "--period", "2026-11", "--workgroup", "finops"])
        .args(ATHENA_ARGS)
        .error_line(3);
    assert!(line.contains("athena StartQueryExecution in finops"), "{line}");
    assert!(line.contains("WorkGroup does not exist"), "{line}");
}

#[test]
fn bad_athena_input_is_refused_before_any_request() {
    let sandbox = Sandbox::new();
    for (args, needle) in [
        (vec!["--engine", "athena"], "--athena-database"),
        (
            vec!["--engine", "athena", "--athena-database", "cur"],
            "--athena-table",
        ),
        (
            vec![
                "--athena-table",
                "agents",
                "--athena-database",
                "cur\"; DROP TABLE x; --",
            ],
            "not a Glue name",
        ),
        (
            vec!["--athena-table", "a b", "--athena-database", "cur"],
            "not a Glue name",
        ),
        (
            vec![
                "--athena-table",
                "t",
                "--athena-database",
                "d",
                "--workgroup",
                "a/b",
            ],
            "--workgroup",
        ),
        (
            vec![
                "--athena-table",
                "t",
                "--athena-database",
                "d",
                "--output-location",
                "bucket/x",
            ],
            "s3://",
        ),
        (
            vec![
                "--athena-table",
                "t",
                "--athena-database",
                "d",
                "--cur",
                "s3://b/p/e",
            ],
            "drop one of them",
        ),
        (vec!["--source", "ce", "--athena-table", "t"], "--source is ce"),
        (
            vec!["--workgroup", "primary", "--cur", "s3://b/p/e"],
            "--engine athena",
        ),
    ] {
        let line = sandbox
            .test()
            .args(["report", "--period", "2026-11"])
            .args(&args)
            .error_line(2);
        assert!(line.contains(needle), "{args:?}: {line}");
    }
    assert_eq!(sandbox.moto.wait_for_requests(0), 0, "nothing reached AWS");
}

#[tokio::test]
async fn doctor_checks_the_athena_workgroup_and_database() {
    let sandbox = Sandbox::new();
    let sdk = sandbox.sdk(REGION).await;
    let client = athena(&sdk);
    client
        .create_work_group()
        .name("finops")
        .configuration(
            aws_sdk_athena::types::WorkGroupConfiguration::builder()
                .result_configuration(
                    aws_sdk_athena::types::ResultConfiguration::builder()
                        .output_location("s3://athena-results/finops/")
                        .build(),
                )
                .bytes_scanned_cutoff_per_query(10_000_000_000)
                .build(),
        )
        .send()
        .await
        .expect("CreateWorkGroup");
    // moto keeps a database made by DDL, as Athena does.
    client
        .start_query_execution()
        .query_string("CREATE DATABASE cur")
        .send()
        .await
        .expect("CREATE DATABASE");

    let config = "[report.athena]\ndatabase = \"cur\"\ntable = \"agents\"\nworkgroup = \"finops\"\n";
    let out = sandbox
        .test()
        .write("costbrake.toml", config)
        .args(["doctor", "-o", "json"])
        .any_status()
        .run();
    let report = out.json();
    let check = |id: &str| -> Value {
        report["checks"]
            .as_array()
            .expect("checks")
            .iter()
            .find(|c| c["id"] == id)
            .cloned()
            .unwrap_or_else(|| panic!("no {id} check: {report}"))
    };
    let wg = check("athena-workgroup");
    assert_eq!(wg["status"], "pass", "{wg}");
    assert!(
        wg["detail"].as_str().is_some_and(
            |d| d.contains("results in s3://athena-results/finops/") && d.contains("10.0 GB scan limit")
        ),
        "{wg}"
    );
    // The database exists; moto implements no GetTableMetadata, so the table check can only report
    // that (its pass and warn cases are tested against the API's shapes in src/doctor.rs).
    let table = check("athena-table");
    assert_eq!(table["status"], "fail", "{table}");
    assert!(
        table["detail"].as_str().is_some_and(|d| d.contains("HTTP 500")),
        "{table}"
    );

    let out = sandbox
        .test()
        .write(
            "costbrake.toml",
            "[report.athena]\ndatabase = \"billing\"\ntable = \"agents\"\nworkgroup = \"nope\"\n",
        )
        .args(["doctor", "-o", "json"])
        .any_status()
        .run();
    let report = out.json();
    let checks = report["checks"].as_array().expect("checks");
    let by_id = |id: &str| {
        checks
            .iter()
            .find(|c| c["id"] == id)
            .cloned()
            .unwrap_or(Value::Null)
    };
    assert_eq!(by_id("athena-workgroup")["status"], "fail");
    assert!(
        by_id("athena-workgroup")["detail"]
            .as_str()
            .is_some_and(|d| d.contains("no workgroup nope"))
    );
    assert_eq!(by_id("athena-table")["status"], "fail");
    assert!(
        by_id("athena-table")["detail"]
            .as_str()
            .is_some_and(|d| d.contains("no database billing"))
    );
}

#[tokio::test]
async fn report_runs_from_athena_equals_the_embedded_engines() {
    let sandbox = Sandbox::new();
    let export = export();
    let root = export.root.to_string_lossy().into_owned();
    let embedded = sandbox
        .test()
        .args([
            "report", "runs", "--source", "cur", "--cur", &root, "--period", "2026-11", "-o", "json",
        ])
        .run()
        .json();
    // By agent, then run, monthly: the agent of each run from the truth; the untagged rest under NULLs.
    let agents = export.truth["agent_of_run"].as_object().expect("agent_of_run");
    let rows: Vec<Vec<Option<String>>> = export
        .by("by_run")
        .into_iter()
        .map(|(run, amount)| {
            let agent = agents.get(&run).and_then(Value::as_str).map(str::to_string);
            vec![
                Some("2026-11-01 00:00:00.000".into()),
                agent,
                Some(run).filter(|r| !r.is_empty()),
                Some("USD".into()),
                Some(amount.to_string()),
                Some("1".into()),
            ]
        })
        .collect();
    queue(
        &sandbox,
        &[
            schema_result(true),
            result(
                &["bucket", "key1", "key2", "currency", "amount", "line_items"],
                &rows,
            ),
        ],
    );
    let athena = sandbox
        .test()
        .args(["report", "runs", "--period", "2026-11", "-o", "json"])
        .args(ATHENA_ARGS)
        .run()
        .json();
    assert_eq!(
        athena["agents"], embedded["agents"],
        "the same unit economics per agent"
    );
    assert_eq!(athena["total"], embedded["total"]);
    let recorded = executions(&sandbox).await;
    assert!(recorded[1].0.contains("AS key2"), "{}", recorded[1].0);
    assert_eq!(
        &recorded[1].1[..2],
        &["'user_agent_name'", "'iamPrincipal/agent-name'"],
        "the agent tag first"
    );
}
