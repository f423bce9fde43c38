//! `costbrake report` and `costbrake report runs` against moto with queued Cost Explorer responses
//! shaped like AWS's (GetCostAndUsage in the AWS API reference): several pages, several periods, an
//! untagged key, estimated periods, two GroupBys; totals checked to the cent in every format; the cache,
//! the request budget, and bad input that must not reach AWS.

use rust_decimal::Decimal;
use serde_json::{Value, json};

use crate::harness::{Sandbox, modes, redacted};

fn today() -> jiff::civil::Date {
    jiff::Timestamp::now().to_zoned(jiff::tz::TimeZone::UTC).date()
}

/// `today - n` days, as `YYYY-MM-DD`.
pub(crate) fn days_ago(n: i64) -> jiff::civil::Date {
    today()
        .checked_sub(jiff::Span::new().days(n))
        .expect("date in range")
}

fn d(s: &str) -> Decimal {
    s.parse().expect("decimal")
}

/// One `ResultsByTime` entry: a day from `start`, with `(keys, amount)` groups.
pub(crate) fn day(start: jiff::civil::Date, estimated: bool, groups: &[(&[&str], &str)]) -> Value {
    let end = start.checked_add(jiff::Span::new().days(1)).expect("date");
    json!({
        "TimePeriod": {"Start": start.to_string(), "End": end.to_string()},
        "Total": {},
        "Groups": groups.iter().map(|(keys, amount)| json!({
            "Keys": keys,
            "Metrics": {"UnblendedCost": {"Amount": amount, "Unit": "USD"}}
        })).collect::<Vec<_>>(),
        "Estimated": estimated,
    })
}

/// A full GetCostAndUsage response.
pub(crate) fn response(results: Vec<Value>, next: Option<&str>) -> Value {
    let mut r = json!({
        "GroupDefinitions": [{"Type": "TAG", "Key": "agent-run-id"}],
        "ResultsByTime": results,
        "DimensionValueAttributes": [],
    });
    if let Some(token) = next {
        r["NextPageToken"] = json!(token);
    }
    r
}

/// Three days over two pages: day 1 whole on page 1, day 2 split over both pages, day 3 (today's
/// side, estimated) on page 2. Returns the responses and the exact sum of every amount.
fn three_days_two_pages(first: jiff::civil::Date) -> (Vec<Value>, Decimal) {
    let second = first.checked_add(jiff::Span::new().days(1)).expect("date");
    let third = second.checked_add(jiff::Span::new().days(1)).expect("date");
    let page1 = response(
        vec![
            day(
                first,
                false,
                &[
                    (&["agent-run-id$run-f47ac10b"], "12.3456789"),
                    (&["agent-run-id$run-loop-7f3a"], "40.10"),
                    (&["agent-run-id$"], "3.3333"),
                ],
            ),
            day(second, false, &[(&["agent-run-id$run-f47ac10b"], "1.01")]),
        ],
        Some("page-2"),
    );
    let page2 = response(
        vec![
            day(
                second,
                false,
                &[
                    (&["agent-run-id$run-loop-7f3a"], "55.55"),
                    (&["agent-run-id$"], "0.004"),
                    // Split on the first `$` only.
                    (&["agent-run-id$batch$7"], "0.99"),
                ],
            ),
            day(
                third,
                true,
                &[
                    (&["agent-run-id$run-loop-7f3a"], "61.2"),
                    (&["agent-run-id$"], "1"),
                ],
            ),
        ],
        None,
    );
    let sum = [
        "12.3456789",
        "40.10",
        "3.3333",
        "1.01",
        "55.55",
        "0.004",
        "0.99",
        "61.2",
        "1",
    ]
    .iter()
    .map(|s| d(s))
    .sum();
    (vec![page1, page2], sum)
}

pub(crate) fn range_args(first: jiff::civil::Date, last: jiff::civil::Date) -> Vec<String> {
    vec![
        "--start".into(),
        first.to_string(),
        "--end".into(),
        last.to_string(),
    ]
}

fn row<'a>(report: &'a Value, key: Option<&str>) -> &'a Value {
    report["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["keys"][0].as_str() == key)
        .unwrap_or_else(|| panic!("no row {key:?} in {report}"))
}

#[test]
fn pages_periods_and_untagged_cost_add_up_to_the_cent_in_every_format() {
    let sandbox = Sandbox::new();
    let first = days_ago(4);
    let last = days_ago(2);
    let (responses, sum) = three_days_two_pages(first);
    sandbox.moto.queue_cost_results(&responses);
    let range = range_args(first, last);

    let out = sandbox.test().args(["report", "-o", "json"]).args(&range).run();
    assert!(
        out.stderr.contains("Cost Explorer: 2 requests, $0.02"),
        "{}",
        out.stderr
    );
    let report = out.json();
    assert_eq!(report["schema"], "costbrake.report/v1");
    assert_eq!(report["currency"], "USD");
    assert_eq!(d(report["total"].as_str().expect("total")), sum);
    assert_eq!(report["requests"]["made"], 2);
    assert_eq!(report["requests"]["cost"], "0.02");

    // Three periods, merged across the pages, the last one estimated.
    let periods = report["periods"].as_array().expect("periods");
    assert_eq!(periods.len(), 3);
    assert_eq!(periods[0]["start"], first.to_string());
    assert_eq!(
        periods
            .iter()
            .map(|p| p["estimated"].as_bool())
            .collect::<Vec<_>>(),
        [Some(false), Some(false), Some(true)]
    );
    assert_eq!(report["estimated"], true);
    assert_eq!(periods[1]["total"], "57.554");

    // Rows: costliest first; every period's amount, as decimal strings.
    let keys: Vec<Option<&str>> = report["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| r["keys"][0].as_str())
        .collect();
    assert_eq!(
        keys,
        [Some("run-loop-7f3a"), Some("run-f47ac10b"), None, Some("batch$7")]
    );
    let runaway = row(&report, Some("run-loop-7f3a"));
    assert_eq!(runaway["total"], "156.85");
    assert_eq!(runaway["amounts"], json!(["40.10", "55.55", "61.2"]));
    let untagged = row(&report, None);
    assert_eq!(untagged["untagged"], true);
    assert_eq!(untagged["total"], "4.3373");
    assert_eq!(untagged["amounts"], json!(["3.3333", "0.004", "1"]));
    let row_sum: Decimal = report["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| d(r["total"].as_str().expect("row total")))
        .sum();
    assert_eq!(row_sum, sum);

    // Table: the same request again is served from the cache; the total row shows the sum to the cent.
    let table = sandbox
        .test()
        .arg("report")
        .args(&range)
        .stderr_has("Cost Explorer: 0 requests, $0.00 (cached")
        .run()
        .stdout;
    let total_line = table
        .lines()
        .find(|l| l.contains("│ total"))
        .expect("a total row");
    assert!(total_line.contains(&format!("{:.2}", sum.round_dp(2))), "{table}");
    assert!(table.contains("(untagged)"), "{table}");
    assert!(table.contains("estimated"), "{table}");
    assert!(table.contains("batch$7"), "{table}");
    assert!(!table.contains('▁'), "no sparkline when stdout is not a terminal");

    // CSV: one record per key and period; the amount column sums to the input.
    let out = sandbox.test().args(["report", "-o", "csv"]).args(&range).run();
    let mut reader = csv::Reader::from_reader(out.stdout.as_bytes());
    let headers = reader.headers().expect("headers").clone();
    assert_eq!(
        headers.iter().collect::<Vec<_>>(),
        [
            "by",
            "key",
            "untagged",
            "period_start",
            "period_end",
            "estimated",
            "amount",
            "currency"
        ]
    );
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("record")).collect();
    assert_eq!(records.len(), 4 * 3);
    let csv_sum: Decimal = records.iter().map(|r| d(&r[6])).sum();
    assert_eq!(csv_sum, sum);
    assert!(records.iter().all(|r| &r[7] == "USD"));
    assert!(records.iter().any(|r| &r[1] == "(untagged)" && &r[2] == "true"));
}

#[test]
fn an_identical_report_makes_no_request_and_refresh_fetches_again() {
    let sandbox = Sandbox::new();
    let first = days_ago(4);
    let last = days_ago(2);
    let (responses, sum) = three_days_two_pages(first);
    sandbox.moto.queue_cost_results(&responses);
    let range = range_args(first, last);
    let report = |extra: &[&str]| {
        let out = sandbox
            .test()
            .args(["report", "-o", "json"])
            .args(&range)
            .args(extra)
            .run();
        (out.json(), out.stderr)
    };

    let (first_report, _) = report(&[]);
    // STS (who is asking, for the cache key) and two pages.
    let after_first = sandbox.moto.wait_for_requests(3);
    assert_eq!(after_first, 3);

    let (second_report, err) = report(&[]);
    assert!(err.contains("Cost Explorer: 0 requests, $0.00"), "{err}");
    assert_eq!(second_report["requests"]["cached"], true);
    assert_eq!(second_report["rows"], first_report["rows"]);
    // Only the free STS call reached moto: Cost Explorer was not asked again.
    assert_eq!(sandbox.moto.wait_for_requests(after_first + 1), after_first + 1);
    // A budget of 0 requests is met by the cache.
    let (budgeted, err) = report(&["--max-requests", "0"]);
    assert!(err.contains("Cost Explorer: 0 requests"), "{err}");
    assert_eq!(budgeted["total"], first_report["total"]);

    // New data behind the same request: the cache still answers until --refresh.
    assert_eq!(sandbox.moto.post("/moto-api/reset", &json!({})), 200);
    let fresh = response(
        vec![day(first, false, &[(&["agent-run-id$run-f47ac10b"], "7.77")])],
        None,
    );
    sandbox.moto.queue_cost_results(&[fresh]);
    let (cached, _) = report(&[]);
    assert_eq!(d(cached["total"].as_str().expect("total")), sum);
    let (refreshed, err) = report(&["--refresh"]);
    assert!(err.contains("Cost Explorer: 1 request, $0.01"), "{err}");
    assert_eq!(refreshed["total"], "7.77");
    // The refreshed answer replaced the cached one.
    let (again, err) = report(&[]);
    assert!(err.contains("0 requests"), "{err}");
    assert_eq!(again["total"], "7.77");
}

/// Cached Cost Explorer answers are cost data: whatever the umask, the cache directory is 0700 and each
/// entry 0600 (they were 0755 and 0644 under umask 022), and no temporary file is left beside them.
#[test]
fn the_cost_explorer_cache_is_private_under_umask_022() {
    let sandbox = Sandbox::new();
    let first = days_ago(4);
    let (responses, _) = three_days_two_pages(first);
    sandbox.moto.queue_cost_results(&responses);
    let mut args = vec!["report".to_string(), "-o".into(), "json".into()];
    args.extend(range_args(first, days_ago(2)));
    sandbox.cmd_with_umask("022", &args).assert().success();

    let root = sandbox.dir().join(".cache/costbrake");
    let modes = modes(&root);
    let files: Vec<_> = modes.iter().filter(|(p, _)| p.is_file()).collect();
    assert_eq!(files.len(), 1, "one cached report, no temporary file: {modes:?}");
    for (path, mode) in &modes {
        let want = if path.is_dir() { 0o700 } else { 0o600 };
        assert_eq!(*mode, want, "{} is {mode:o}", path.display());
    }
}

/// The payer-level view over every member account: Cost Explorer's LINKED_ACCOUNT dimension, with no
/// fan-out (one GetCostAndUsage from the management account, no AssumeRole).
#[test]
fn by_account_groups_on_the_linked_account_dimension() {
    let sandbox = Sandbox::new();
    let first = days_ago(3);
    let mut r = response(
        vec![day(
            first,
            false,
            &[(&["111111111111"], "12.50"), (&["222222222222"], "7.50")],
        )],
        None,
    );
    r["GroupDefinitions"] = json!([{"Type": "DIMENSION", "Key": "LINKED_ACCOUNT"}]);
    sandbox.moto.queue_cost_results(&[r]);
    let report = sandbox
        .test()
        .args(["report", "--by", "account", "-o", "json"])
        .args(range_args(first, days_ago(2)))
        .run()
        .json();
    assert_eq!(report["query"]["group_by"][0]["key"], "LINKED_ACCOUNT");
    assert_eq!(report["query"]["group_by"][0]["type"], "DIMENSION");
    assert_eq!(report["total"], "20.00");
    let rows = report["rows"].as_array().expect("rows");
    assert_eq!(rows[0]["keys"], json!(["111111111111"]));
    assert_eq!(rows[0]["share"], "0.625");
    assert_eq!(rows[1]["keys"], json!(["222222222222"]));
}

#[test]
fn two_groupings_split_tag_keys_and_keep_dimension_values() {
    let sandbox = Sandbox::new();
    let first = days_ago(3);
    let mut r = response(
        vec![
            day(
                first,
                false,
                &[
                    (
                        &[
                            "agent-name$research-agent",
                            "Amazon Elastic Compute Cloud - Compute",
                        ],
                        "20.00",
                    ),
                    (&["agent-name$research-agent", "Amazon Bedrock"], "30.00"),
                    (&["agent-name$", "Amazon Simple Storage Service"], "0.25"),
                ],
            ),
            day(
                days_ago(2),
                true,
                &[(&["agent-name$ticket-triage", "AWS Lambda"], "0.75")],
            ),
        ],
        None,
    );
    r["GroupDefinitions"] =
        json!([{"Type": "TAG", "Key": "agent-name"}, {"Type": "DIMENSION", "Key": "SERVICE"}]);
    sandbox.moto.queue_cost_results(&[r]);
    let out = sandbox
        .test()
        .args(["report", "--by", "agent", "--then", "service", "-o", "json"])
        .args(range_args(first, days_ago(2)))
        .run();
    let report = out.json();
    assert_eq!(report["query"]["group_by"][0]["key"], "agent-name");
    assert_eq!(report["query"]["group_by"][1]["key"], "SERVICE");
    assert_eq!(report["total"], "51.00");
    let rows = report["rows"].as_array().expect("rows");
    assert_eq!(rows[0]["keys"], json!(["research-agent", "Amazon Bedrock"]));
    assert_eq!(rows[0]["share"], "0.5882");
    let untagged = rows.iter().find(|r| r["untagged"] == true).expect("untagged row");
    assert_eq!(untagged["keys"], json!([null, "Amazon Simple Storage Service"]));

    // CSV names both groupings on every record.
    let text = sandbox
        .test()
        .args(["report", "--by", "agent", "--then", "service", "-o", "csv"])
        .args(range_args(first, days_ago(2)))
        .any_status()
        .run()
        .stdout;
    assert!(
        text.starts_with("by,key,then,then_key,untagged,period_start,period_end,estimated,amount,currency\n"),
        "{text}"
    );
    assert!(
        text.contains("agent-name,research-agent,service,Amazon Bedrock,false,"),
        "{text}"
    );
}

#[test]
fn top_folds_the_rest_and_keeps_the_untagged_row_and_the_total() {
    let sandbox = Sandbox::new();
    let first = days_ago(4);
    let (responses, sum) = three_days_two_pages(first);
    sandbox.moto.queue_cost_results(&responses);
    let out = sandbox
        .test()
        .args(["report", "--top", "1", "-o", "json"])
        .args(range_args(first, days_ago(2)))
        .run();
    let report = out.json();
    let keys: Vec<Option<&str>> = report["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| r["keys"][0].as_str())
        .collect();
    assert_eq!(keys, [Some("run-loop-7f3a"), None]);
    assert_eq!(report["other"]["rows"], 2);
    let shown: Decimal = report["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| d(r["total"].as_str().expect("total")))
        .sum::<Decimal>()
        + d(report["other"]["total"].as_str().expect("other"));
    assert_eq!(shown, sum);

    // The same request as a table with a chart: from the cache, bars scaled to the costliest row.
    let out = sandbox
        .test()
        .args(["report", "--top", "1", "--chart"])
        .args(range_args(first, days_ago(2)))
        .run();
    let text = out.stdout;
    assert!(text.contains("(2 more)"), "{text}");
    let bars: Vec<&str> = text.lines().filter(|l| l.contains('█')).collect();
    assert_eq!(bars.len(), 2, "{text}");
    assert!(
        bars[0].starts_with("run-loop-7f3a") && bars[0].contains(&"█".repeat(40)),
        "{text}"
    );
    assert!(bars[0].ends_with("156.85 USD"), "{text}");
    assert!(
        bars[1].starts_with("(untagged)") && bars[1].ends_with("4.34 USD"),
        "{text}"
    );
}

/// One estimated month-to-date bucket by agent and run: research-agent's four runs (one of them the
/// recursive loop, 48.00 against a 3.50 median) and cost without a run id, ticket-triage's two runs, and
/// cost with neither tag.
pub(crate) fn runaway_month() -> Value {
    let mut r = response(
        vec![day(
            days_ago(5),
            true,
            &[
                (&["agent-name$research-agent", "agent-run-id$run-a1"], "2.00"),
                (&["agent-name$research-agent", "agent-run-id$run-a2"], "3.00"),
                (&["agent-name$research-agent", "agent-run-id$run-a3"], "4.00"),
                (
                    &["agent-name$research-agent", "agent-run-id$run-loop-7f3a"],
                    "48.00",
                ),
                (&["agent-name$research-agent", "agent-run-id$"], "1.50"),
                (&["agent-name$ticket-triage", "agent-run-id$t-1"], "0.40"),
                (&["agent-name$ticket-triage", "agent-run-id$t-2"], "0.60"),
                (&["agent-name$", "agent-run-id$"], "9.99"),
            ],
        )],
        None,
    );
    r["ResultsByTime"][0]["TimePeriod"]["End"] = json!(today().to_string());
    r
}

#[test]
fn runs_report_gives_unit_economics_and_flags_the_runaway_run() {
    let sandbox = Sandbox::new();
    sandbox.moto.queue_cost_results(&[runaway_month()]);
    let out = sandbox
        .test()
        .args(["report", "runs", "--since", "6d", "-o", "json"])
        .run();
    let report = out.json();
    assert_eq!(report["schema"], "costbrake.report.runs/v1");
    assert_eq!(report["query"]["granularity"], "monthly");
    assert_eq!(report["runaway_multiple"], "3");
    assert_eq!(report["total"], "69.49");
    assert_eq!(report["untagged"], "9.99");
    let research = &report["agents"][0];
    assert_eq!(research["agent"], "research-agent");
    assert_eq!(research["runs"], 4);
    assert_eq!(research["total"], "58.50");
    assert_eq!(research["mean"], "14.25");
    assert_eq!(research["median"], "3.50");
    assert_eq!(research["p95"], "48.00");
    assert_eq!(research["max"], "48.00");
    assert_eq!(research["unattributed"], "1.50");
    assert_eq!(research["runaway"][0]["run"], "run-loop-7f3a");
    assert_eq!(research["runaway"][0]["times_median"], "13.7");
    assert_eq!(research["runaway"].as_array().map(Vec::len), Some(1));
    let triage = &report["agents"][1];
    assert_eq!(
        (triage["runs"].as_u64(), triage["median"].as_str()),
        (Some(2), Some("0.50"))
    );
    assert!(triage["runaway"].as_array().expect("list").is_empty());

    // The table names the runaway run; a higher multiple from the config flags nothing.
    let table = sandbox
        .test()
        .args(["report", "runs", "--since", "6d"])
        .any_status()
        .run()
        .stdout;
    assert!(table.contains("run-loop-7f3a 48.00 (13.7x)"), "{table}");
    sandbox.write("costbrake.toml", "[report]\nrunaway_multiple = 20\n");
    let out = sandbox
        .test()
        .args(["report", "runs", "--since", "6d", "-o", "json"])
        .run();
    let report = out.json();
    assert_eq!(report["runaway_multiple"], "20");
    assert!(
        report["agents"][0]["runaway"]
            .as_array()
            .expect("list")
            .is_empty()
    );
}

#[test]
fn an_empty_tag_grouping_explains_cost_allocation_tag_activation() {
    let sandbox = Sandbox::new();
    // Nothing queued: Cost Explorer answers with no groups, as for a key that is not activated.
    let out = sandbox.test().args(["report", "--since", "7d"]).run();
    let err = out.stderr;
    assert!(err.contains("`agent-run-id`"), "{err}");
    assert!(err.contains("cost allocation tag"), "{err}");
    assert!(err.contains("costbrake doctor --activate-tags"), "{err}");
    assert!(err.contains("not retroactive"), "{err}");
    assert!(err.contains("Cost Explorer: 1 request, $0.01"), "{err}");
}

#[test]
fn the_request_budget_refuses_the_page_that_would_exceed_it() {
    let sandbox = Sandbox::new();
    let first = days_ago(4);
    let (responses, _) = three_days_two_pages(first);
    sandbox.moto.queue_cost_results(&responses);
    let line = sandbox
        .test()
        .args(["report", "--max-requests", "1"])
        .args(range_args(first, days_ago(2)))
        .error_line(2);
    assert!(
        line.contains("1 allowed ($0.01 spent), the next page needs one more; raise --max-requests"),
        "{line}"
    );
    // STS and the first page only.
    assert_eq!(sandbox.moto.wait_for_requests(2), 2);

    // Set in costbrake.toml, the budget is named as the user set it.
    let config = sandbox.write("budgeted.toml", "[report]\nmax_requests = 1\n");
    let line = sandbox
        .test()
        .args(["--config", config.to_str().unwrap(), "report", "--refresh"])
        .args(range_args(first, days_ago(2)))
        .error_line(2);
    assert!(
        line.contains("raise report.max_requests in costbrake.toml (or pass --max-requests)"),
        "{line}"
    );

    // 0 allows only the cache: nothing cached yet, so nothing is asked of Cost Explorer.
    sandbox
        .test()
        .args(["report", "--max-requests", "0", "--since", "3d"])
        .error_line(2);
    assert_eq!(sandbox.moto.wait_for_requests(5), 5, "only STS");
}

#[test]
fn bad_input_exits_2_on_one_line_without_any_request() {
    let sandbox = Sandbox::new();
    let later = days_ago(1).to_string();
    let earlier = days_ago(5).to_string();
    let cases: Vec<Vec<&str>> = vec![
        vec!["report", "--since", "banana"],
        vec!["report", "--start", &later, "--end", &earlier],
        vec!["report", "--by", "agent,service", "--then", "region"],
        vec!["report", "--by", "agent", "--then", "service,region"],
        vec!["report", "--granularity", "hourly", "--since", "20d"],
        vec!["report", "--period", "yesterday"],
        vec!["report", "--start", "2026-02-30"],
        vec!["report", "--since", "7d", "--start", &earlier],
        vec!["report", "--top", "0"],
        vec!["report", "--by", "aws:createdBy"],
        vec!["report", "--by", "agent", "--then", "agent"],
        vec!["report", "--cache-ttl", "4hours"],
        vec!["report", "--metric", "blended"],
        vec!["report", "--agent", ""],
        vec!["report", "runs", "--since", "0d"],
        vec!["report", "-o", "sarif"],
    ];
    for args in &cases {
        let line = sandbox.test().args(args).error_line(2);
        assert!(!line.contains("panicked"), "{args:?}: {line}");
    }
    sandbox.write("costbrake.toml", "[report]\nrunaway_multiple = 0.5\n");
    let line = sandbox.test().args(["report", "runs"]).error_line(2);
    assert!(line.contains("report.runaway_multiple"), "{line}");
    assert_eq!(sandbox.moto.wait_for_requests(0), 0, "no request reached moto");
}

#[test]
fn report_outputs_are_stable() {
    let sandbox = Sandbox::new();
    let first = days_ago(4);
    let (responses, _) = three_days_two_pages(first);
    sandbox.moto.queue_cost_results(&responses);
    let range = range_args(first, days_ago(2));
    // The dates move with today: each is named by how many days ago it is.
    let mut settings = redacted(&sandbox);
    for n in 0..=7 {
        settings.add_filter(&days_ago(n).to_string(), format!("[today-{n}d]"));
    }
    // The first run asks Cost Explorer, the others are answered from its cache: all print the same.
    for (name, format) in [
        ("report_json", "json"),
        ("report_table", "table"),
        ("report_csv", "csv"),
    ] {
        let out = sandbox
            .test()
            .args(["report", "--color", "never", "-o", format])
            .args(&range)
            .run();
        settings.bind(|| insta::assert_snapshot!(name, out.stdout));
    }
}
