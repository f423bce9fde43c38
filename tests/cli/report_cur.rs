//! `costbrake report --source cur` against CUR 2.0 exports that `scripts/gen_cur.py` (pyarrow) writes in
//! the real Data Exports layout and schema, uploaded to moto's S3 (or left in a local directory). Every
//! total is checked against the generator's own truth, to the cent and in fact exactly: the generator
//! rounds each line item to ten places and costbrake sums at ten places.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rust_decimal::Decimal;
use serde_json::Value;

use crate::harness::Sandbox;

const BUCKET: &str = "cur-exports";
const EXPORT: &str = "s3://cur-exports/cur/agents";

/// A generated export: its directory (holding `data/` and `metadata/`) and the truth it holds.
pub(crate) struct Export {
    _dir: tempfile::TempDir,
    pub(crate) root: PathBuf,
    pub(crate) truth: Value,
}

impl Export {
    /// Runs the generator with `args` (beyond `--out`, `--uri` and `--truth`).
    pub(crate) fn generate(args: &[&str]) -> Export {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("agents");
        let truth_path = dir.path().join("truth.json");
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/gen_cur.py");
        let out = std::process::Command::new("python3")
            .arg(&script)
            .arg("--out")
            .arg(&root)
            .args(["--uri", EXPORT])
            .arg("--truth")
            .arg(&truth_path)
            .args(args)
            .output()
            .expect("python3 runs scripts/gen_cur.py");
        assert!(
            out.status.success(),
            "gen_cur.py failed (scripts/test.sh installs pyarrow): {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let truth =
            serde_json::from_slice(&std::fs::read(&truth_path).expect("truth.json")).expect("truth json");
        Export {
            _dir: dir,
            root,
            truth,
        }
    }

    pub(crate) fn total(&self) -> Decimal {
        d(&self.truth["total"])
    }

    /// A truth table (`by_run`, `by_agent`, ...) as exact decimals.
    pub(crate) fn by(&self, table: &str) -> BTreeMap<String, Decimal> {
        decimals(&self.truth[table])
    }

    /// The files of the export, relative to its root.
    fn files(&self) -> Vec<PathBuf> {
        fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
            for entry in std::fs::read_dir(dir).expect("read_dir") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    walk(&path, out);
                } else {
                    out.push(path);
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.root, &mut out);
        out.sort();
        out
    }
}

pub(crate) fn d(v: &Value) -> Decimal {
    v.as_str()
        .unwrap_or_else(|| panic!("a decimal string, not {v}"))
        .parse()
        .expect("decimal")
}

pub(crate) fn decimals(v: &Value) -> BTreeMap<String, Decimal> {
    v.as_object()
        .expect("object")
        .iter()
        .map(|(k, v)| (k.clone(), d(v)))
        .collect()
}

fn s3(sdk: &aws_config::SdkConfig) -> aws_sdk_s3::Client {
    aws_sdk_s3::Client::from_conf(
        aws_sdk_s3::config::Builder::from(sdk)
            .force_path_style(true)
            .build(),
    )
}

/// Uploads the export under `cur/agents/` in the bucket (created in `region` unless it exists).
async fn upload(sandbox: &Sandbox, region: &str, export: &Export) {
    let sdk = sandbox.sdk(region).await;
    let client = s3(&sdk);
    if client.head_bucket().bucket(BUCKET).send().await.is_err() {
        crate::fixtures::seed::bucket(&sdk, BUCKET, &[]).await;
    }
    for path in export.files() {
        let relative = path.strip_prefix(&export.root).expect("under root");
        let key = format!("cur/agents/{}", relative.display());
        client
            .put_object()
            .bucket(BUCKET)
            .key(key)
            .body(std::fs::read(&path).expect("read file").into())
            .send()
            .await
            .expect("put_object in moto");
    }
}

/// The report's rows as `{first key: total}`, `""` for the untagged row.
pub(crate) fn rows(report: &Value) -> BTreeMap<String, Decimal> {
    report["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|row| {
            (
                row["keys"][0].as_str().unwrap_or("").to_string(),
                d(&row["total"]),
            )
        })
        .collect()
}

/// The report's per-period sums over its rows, keyed by each period's start.
fn per_period(report: &Value) -> BTreeMap<String, Decimal> {
    let periods: Vec<String> = report["periods"]
        .as_array()
        .expect("periods")
        .iter()
        .map(|p| p["start"].as_str().expect("start").to_string())
        .collect();
    let mut sums: BTreeMap<String, Decimal> = periods.iter().map(|p| (p.clone(), Decimal::ZERO)).collect();
    for row in report["rows"].as_array().expect("rows") {
        for (period, amount) in periods.iter().zip(row["amounts"].as_array().expect("amounts")) {
            *sums.get_mut(period).expect("period") += d(amount);
        }
    }
    sums
}

fn nonzero(map: BTreeMap<String, Decimal>) -> BTreeMap<String, Decimal> {
    map.into_iter().filter(|(_, v)| !v.is_zero()).collect()
}

#[tokio::test]
async fn totals_per_run_agent_service_and_account_equal_the_truth() {
    let sandbox = Sandbox::new();
    // Two files of about a megabyte, several row groups each; the bucket in another region than the CLI's.
    let export = Export::generate(&[
        "--rows",
        "24000",
        "--runs",
        "40",
        "--files",
        "2",
        "--row-group",
        "5000",
    ]);
    upload(&sandbox, "eu-west-1", &export).await;

    let report = sandbox
        .test()
        .args([
            "report", "--source", "cur", "--cur", EXPORT, "--period", "2026-11", "-o", "json",
        ])
        .run()
        .json();
    assert_eq!(report["query"]["range"]["start"], "2026-11-01");
    assert_eq!(rows(&report), export.by("by_run"), "per run, untagged as \"\"");
    assert_eq!(d(&report["total"]), export.total());
    let untagged: Vec<&Value> = report["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .filter(|r| r["untagged"] == true)
        .collect();
    assert_eq!(untagged.len(), 1, "one untagged row");
    assert_eq!(d(&untagged[0]["total"]), export.by("by_run")[""]);
    // Bedrock line items carry no resource tags: their run comes from the session tags alone.
    let bedrock_runs = export.truth["by_principal"]
        .as_object()
        .expect("principals")
        .keys()
        .filter(|p| p.contains(":assumed-role/costbrake-run/"))
        .count();
    assert!(bedrock_runs > 0, "the generator writes Bedrock line items");

    // Projection: only the needed columns' bytes are read, and the scan says so.
    let scan = &report["requests"]["scan"];
    assert_eq!(scan["files"], 2);
    assert_eq!(scan["line_items"], 24000);
    assert!(scan["row_groups"].as_u64() >= Some(4), "{scan}");
    let (read, whole) = (
        scan["bytes_read"].as_u64().expect("read"),
        scan["bytes_total"].as_u64().expect("total"),
    );
    assert!(
        read * 2 < whole,
        "projection reads well under the files: {read} of {whole}"
    );
    assert!(report["requests"]["cost"].as_str().is_some());

    for (by, table) in [
        ("agent", "by_agent"),
        ("service", "by_service"),
        ("account", "by_account"),
        ("iam-principal", "by_principal"),
    ] {
        let report = sandbox
            .test()
            .args([
                "report", "--source", "cur", "--cur", EXPORT, "--period", "2026-11", "-o", "json",
            ])
            .args(["--by", by])
            .run()
            .json();
        let mut want = export.by(table);
        if by == "iam-principal" {
            // An empty principal is no principal: the dimension's "(none)".
            if let Some(v) = want.remove("") {
                want.insert("(none)".into(), v);
            }
        }
        assert_eq!(rows(&report), want, "--by {by}");
    }

    // The table: the untagged row and the exact total to the cent.
    let table = sandbox
        .test()
        .args([
            "report", "--source", "cur", "--cur", EXPORT, "--period", "2026-11",
        ])
        .run();
    assert!(table.stdout.contains("(untagged)"), "{}", table.stdout);
    assert!(
        table.stdout.contains(&export.total().round_dp(2).to_string()),
        "{}",
        table.stdout
    );
    assert!(
        table.stderr.contains("CUR s3://cur-exports/cur/agents"),
        "{}",
        table.stderr
    );
}

#[tokio::test]
async fn hourly_daily_and_monthly_buckets_equal_the_truth() {
    let sandbox = Sandbox::new();
    let export = Export::generate(&[
        "--rows", "3000", "--runs", "12", "--period", "2026-10", "--period", "2026-11",
    ]);
    upload(&sandbox, "us-east-1", &export).await;
    let base = ["report", "--source", "cur", "--cur", EXPORT, "-o", "json"];

    let daily = sandbox
        .test()
        .args(base)
        .args(["--period", "2026-11", "--granularity", "daily"])
        .run()
        .json();
    let want_days: BTreeMap<String, Decimal> = export
        .by("by_day")
        .into_iter()
        .filter(|(k, _)| k.starts_with("2026-11"))
        .collect();
    assert_eq!(daily["periods"].as_array().map(Vec::len), Some(30));
    assert_eq!(nonzero(per_period(&daily)), want_days);

    let hourly = sandbox
        .test()
        .args(base)
        .args([
            "--start",
            "2026-11-03",
            "--end",
            "2026-11-04",
            "--granularity",
            "hourly",
        ])
        .run()
        .json();
    assert_eq!(hourly["periods"].as_array().map(Vec::len), Some(48));
    let got: BTreeMap<String, Decimal> = per_period(&hourly)
        .into_iter()
        .map(|(k, v)| (k.replace("+00:00", "Z"), v))
        .collect();
    let want_hours: BTreeMap<String, Decimal> = export
        .by("by_hour")
        .into_iter()
        .filter(|(k, _)| k.starts_with("2026-11-03") || k.starts_with("2026-11-04"))
        .collect();
    assert_eq!(nonzero(got), want_hours, "hour by hour");

    let monthly = sandbox
        .test()
        .args(base)
        .args([
            "--start",
            "2026-10-01",
            "--end",
            "2026-11-30",
            "--granularity",
            "monthly",
        ])
        .run()
        .json();
    let got: BTreeMap<String, Decimal> = per_period(&monthly)
        .into_iter()
        .map(|(k, v)| (k[..7].to_string(), v))
        .collect();
    assert_eq!(got, export.by("by_month"));
    assert_eq!(
        monthly["requests"]["scan"]["periods"],
        serde_json::json!(["2026-10", "2026-11"])
    );
}

#[tokio::test]
async fn a_run_across_two_billing_periods_costs_its_whole_spend() {
    let sandbox = Sandbox::new();
    let export = Export::generate(&[
        "--rows",
        "2000",
        "--runs",
        "20",
        "--period",
        "2026-10",
        "--period",
        "2026-11",
        "--cross-end",
    ]);
    upload(&sandbox, "us-east-1", &export).await;
    let report = sandbox
        .test()
        .args(["report", "--source", "cur", "--cur", EXPORT, "-o", "json"])
        .args([
            "--start",
            "2026-10-01",
            "--end",
            "2026-11-30",
            "--granularity",
            "monthly",
        ])
        .run()
        .json();
    assert_eq!(rows(&report), export.by("by_run"));
    // The generator starts run 0 in October's last hours and ends it in November.
    let (run, days) = export.truth["by_run_day"]
        .as_object()
        .expect("runs")
        .iter()
        .find(|(_, days)| {
            let days = days.as_object().expect("days");
            days.keys().any(|d| d.starts_with("2026-10")) && days.keys().any(|d| d.starts_with("2026-11"))
        })
        .expect("a run in both periods");
    let row = report["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["keys"][0] == run.as_str())
        .expect("the run's row");
    let by_month = |m: &str| -> Decimal {
        decimals(days)
            .into_iter()
            .filter(|(d, _)| d.starts_with(m))
            .map(|(_, v)| v)
            .sum()
    };
    assert_eq!(d(&row["amounts"][0]), by_month("2026-10"));
    assert_eq!(d(&row["amounts"][1]), by_month("2026-11"));
}

#[tokio::test]
async fn a_new_export_version_replaces_the_old_one_and_its_cached_result() {
    let sandbox = Sandbox::new();
    let first = Export::generate(&["--rows", "1500", "--runs", "8", "--files", "3", "--seed", "1"]);
    upload(&sandbox, "us-east-1", &first).await;
    let args = [
        "report", "--source", "cur", "--cur", EXPORT, "--period", "2026-11", "-o", "json",
    ];
    let report = sandbox.test().args(args).run().json();
    assert_eq!(rows(&report), first.by("by_run"));
    assert_eq!(report["requests"]["cached"], false);

    // Asked again: answered from the cache, reading only the listing and the manifest.
    let again = sandbox.test().args(args).run().json();
    assert_eq!(again["requests"]["cached"], true);
    assert_eq!(rows(&again), first.by("by_run"));
    let scan = &again["requests"]["scan"];
    assert!(
        scan["bytes_read"].as_u64() < Some(20_000),
        "only the manifest: {scan}"
    );

    // Overwrite mode: the new delivery rewrites the files and the manifest; its third file is gone
    // (two files this time), but the old one stays in the bucket and must not count.
    let second = Export::generate(&["--rows", "1000", "--runs", "6", "--files", "2", "--seed", "2"]);
    upload(&sandbox, "us-east-1", &second).await;
    let replaced = sandbox.test().args(args).run().json();
    assert_eq!(
        replaced["requests"]["cached"], false,
        "a changed manifest invalidates"
    );
    assert_eq!(rows(&replaced), second.by("by_run"));
    assert_eq!(replaced["requests"]["scan"]["files"], 2);

    // Create-new mode: each delivery in its own folder; only the manifest's files are read.
    let third = Export::generate(&[
        "--rows",
        "900",
        "--runs",
        "5",
        "--seed",
        "3",
        "--version",
        "create-new",
    ]);
    upload(&sandbox, "us-east-1", &third).await;
    let newest = sandbox.test().args(args).run().json();
    assert_eq!(rows(&newest), third.by("by_run"));
    assert_eq!(d(&newest["total"]), third.total());

    // --refresh reads again even though nothing changed.
    let refreshed = sandbox.test().args(args).arg("--refresh").run().json();
    assert_eq!(refreshed["requests"]["cached"], false);
    assert_eq!(rows(&refreshed), third.by("by_run"));
}

#[tokio::test]
async fn a_missing_tag_column_or_an_unactivated_tag_gets_a_hint() {
    let sandbox = Sandbox::new();
    let export = Export::generate(&[
        "--rows",
        "500",
        "--runs",
        "4",
        "--drop-column",
        "resource_tags",
        "--drop-column",
        "tags",
    ]);
    upload(&sandbox, "us-east-1", &export).await;
    let out = sandbox
        .test()
        .args([
            "report", "--source", "cur", "--cur", EXPORT, "--period", "2026-11", "-o", "json",
        ])
        .run();
    let report = out.json();
    // Everything is untagged, and the hint says why and what to do.
    assert_eq!(rows(&report), BTreeMap::from([(String::new(), export.total())]));
    let hints = report["hints"].to_string();
    assert!(hints.contains("no resource_tags or tags column"), "{hints}");
    assert!(
        out.stderr.contains("resource tags to the export's columns"),
        "{}",
        out.stderr
    );

    // The columns are there but the tag is not: a tag key nobody activated.
    let other = Export::generate(&["--rows", "500", "--runs", "4", "--run-tag", "job-id"]);
    upload(&sandbox, "us-east-1", &other).await;
    let out = sandbox
        .test()
        .args([
            "report", "--source", "cur", "--cur", EXPORT, "--period", "2026-11", "-o", "json",
        ])
        .run();
    let hints = out.json()["hints"].to_string();
    assert!(hints.contains("resource_tags['user_agent_run_id']"), "{hints}");
    assert!(hints.contains("tags['iamPrincipal/agent-run-id']"), "{hints}");
    assert!(hints.contains("activate `agent-run-id`"), "{hints}");
    // ... and --by tag:job-id finds it, normalised as CUR 2.0 names it (user_job_id).
    let report = sandbox
        .test()
        .args([
            "report", "--source", "cur", "--cur", EXPORT, "--period", "2026-11", "-o", "json",
        ])
        .args(["--by", "tag:job-id"])
        .run()
        .json();
    assert_eq!(rows(&report), other.by("by_run"));

    // A metric column the export lacks is an error with the fix.
    let net = Export::generate(&[
        "--rows",
        "200",
        "--runs",
        "2",
        "--drop-column",
        "line_item_net_unblended_cost",
    ]);
    upload(&sandbox, "us-east-1", &net).await;
    let line = sandbox
        .test()
        .args([
            "report", "--source", "cur", "--cur", EXPORT, "--period", "2026-11",
        ])
        .args(["--metric", "net-unblended"])
        .error_line(2);
    assert!(line.contains("no line_item_net_unblended_cost column"), "{line}");
}

#[tokio::test]
async fn a_corrupt_data_file_exits_3_naming_it_with_nothing_printed() {
    let sandbox = Sandbox::new();
    let export = Export::generate(&["--rows", "1200", "--runs", "6", "--files", "3"]);
    upload(&sandbox, "us-east-1", &export).await;
    let key = "cur/agents/data/BILLING_PERIOD=2026-11/agents-00002.snappy.parquet";
    let client = s3(&sandbox.sdk("us-east-1").await);
    // Parquet's magic at both ends, garbage between: the footer cannot be read.
    let mut bytes = b"PAR1".to_vec();
    bytes.extend(std::iter::repeat_n(0x5a, 4096));
    bytes.extend(b"\x10\x00\x00\x00PAR1");
    client
        .put_object()
        .bucket(BUCKET)
        .key(key)
        .body(bytes.into())
        .send()
        .await
        .expect("put_object");
    for format in ["table", "json", "csv"] {
        let out = sandbox
            .test()
            .args([
                "report", "--source", "cur", "--cur", EXPORT, "--period", "2026-11", "-o", format,
            ])
            .status(3)
            .run();
        assert_eq!(out.stdout, "", "nothing half-printed ({format})");
        assert!(
            out.stderr.contains(&format!("s3://{BUCKET}/{key}")),
            "names the file: {}",
            out.stderr
        );
    }

    // A truncated file (a cut-off upload) is corrupt too.
    let whole = std::fs::read(
        export
            .root
            .join("data/BILLING_PERIOD=2026-11/agents-00002.snappy.parquet"),
    )
    .expect("file");
    client
        .put_object()
        .bucket(BUCKET)
        .key(key)
        .body(whole[..whole.len() / 2].to_vec().into())
        .send()
        .await
        .expect("put_object");
    let out = sandbox
        .test()
        .args([
            "report", "--source", "cur", "--cur", EXPORT, "--period", "2026-11",
        ])
        .status(3)
        .run();
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr.contains("agents-00002.snappy.parquet"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_local_directory_and_gzipped_csv_read_the_same() {
    // No AWS at all: a downloaded export in a directory, as Parquet and as gzipped CSV.
    let sandbox = Sandbox::new();
    for format in ["parquet", "csv"] {
        let export = Export::generate(&[
            "--rows", "2500", "--runs", "10", "--files", "2", "--format", format,
        ]);
        let dir = export.root.to_str().expect("utf-8 path");
        let report = sandbox
            .test()
            .args([
                "report", "--source", "cur", "--cur", dir, "--period", "2026-11", "-o", "json",
            ])
            .env("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
            .run()
            .json();
        assert_eq!(rows(&report), export.by("by_run"), "{format}");
        assert_eq!(report["requests"]["scan"]["s3_get"], 0);
        let agents = sandbox
            .test()
            .args([
                "report", "--source", "cur", "--cur", dir, "--period", "2026-11", "-o", "json",
            ])
            .args(["--by", "agent", "--by", "service"])
            .run()
            .json();
        let mut by_agent: BTreeMap<String, Decimal> = BTreeMap::new();
        for row in agents["rows"].as_array().expect("rows") {
            *by_agent
                .entry(row["keys"][0].as_str().unwrap_or("").to_string())
                .or_default() += d(&row["total"]);
        }
        assert_eq!(by_agent, export.by("by_agent"), "{format}, two keys");
    }
}

#[tokio::test]
async fn resources_of_a_run_and_unit_economics() {
    let sandbox = Sandbox::new();
    let export = Export::generate(&["--rows", "3000", "--runs", "15"]);
    upload(&sandbox, "us-east-1", &export).await;
    let by_run = export.by("by_run");
    let (run, _) = by_run.iter().find(|(k, _)| !k.is_empty()).expect("a run");
    let report = sandbox
        .test()
        .args([
            "report", "--source", "cur", "--cur", EXPORT, "--period", "2026-11", "-o", "json",
        ])
        .args(["--by", "resource", "--run", run])
        .run()
        .json();
    let mut want = decimals(&export.truth["by_resource_of_run"][run]);
    if let Some(v) = want.remove("") {
        want.insert("(none)".into(), v);
    }
    assert_eq!(rows(&report), want, "the resources {run} paid for");
    assert_eq!(d(&report["total"]), by_run[run.as_str()]);

    // report runs: per agent, its runs' count and total.
    let runs = sandbox
        .test()
        .args([
            "report", "runs", "--source", "cur", "--cur", EXPORT, "--period", "2026-11", "-o", "json",
        ])
        .run()
        .json();
    assert_eq!(runs["schema"], "costbrake.report.runs/v1");
    let agent_of_run = export.truth["agent_of_run"].as_object().expect("agents");
    for agent in runs["agents"].as_array().expect("agents") {
        let name = agent["agent"].as_str().expect("agent");
        let mine: Vec<&String> = agent_of_run
            .iter()
            .filter(|(_, a)| a.as_str() == Some(name))
            .map(|(r, _)| r)
            .collect();
        assert_eq!(agent["runs"].as_u64(), Some(mine.len() as u64), "{name}");
        let want: Decimal = mine.iter().map(|r| by_run[r.as_str()]).sum();
        assert_eq!(d(&agent["total"]), want, "{name}");
    }
    assert_eq!(d(&runs["untagged"]), by_run[""]);
}

#[test]
fn bad_input_is_refused_before_any_read() {
    let sandbox = Sandbox::new();
    let line = sandbox
        .test()
        .args(["report", "--source", "cur", "--period", "2026-11"])
        .error_line(2);
    assert!(line.contains("--cur"), "{line}");
    let line = sandbox
        .test()
        .args([
            "report",
            "--source",
            "cur",
            "--cur",
            "https://example.com/x",
            "--period",
            "2026-11",
        ])
        .error_line(2);
    assert!(line.contains("s3://"), "{line}");
    let line = sandbox
        .test()
        .args(["report", "--by", "resource", "--since", "3d"])
        .error_line(2);
    assert!(line.contains("--source cur"), "{line}");
    let line = sandbox
        .test()
        .args([
            "report", "--source", "cur", "--cur", EXPORT, "--period", "2026-13",
        ])
        .error_line(2);
    assert!(line.contains("a month such as 2026-11"), "{line}");
    // An export folder without a manifest for the period names what it found.
    let line = sandbox
        .test()
        .args([
            "report",
            "--source",
            "cur",
            "--cur",
            sandbox.dir().to_str().expect("dir"),
            "--period",
            "2026-11",
        ])
        .error_line(2);
    assert!(line.contains("no CUR 2.0 manifest for 2026-11"), "{line}");
    assert_eq!(sandbox.moto.requests(), 0, "nothing reached AWS");
}

fn cur_check(report: &Value) -> Value {
    report["checks"]
        .as_array()
        .expect("checks")
        .iter()
        .find(|c| c["id"] == "cur-export")
        .cloned()
        .unwrap_or_else(|| panic!("a cur-export check: {report}"))
}

#[tokio::test]
async fn doctor_checks_the_configured_export() {
    let sandbox = Sandbox::new();
    sandbox.write(
        "costbrake.toml",
        &format!("[report]\nsource = \"cur\"\ncur = \"{EXPORT}\"\n"),
    );
    // Not delivered yet: a failure with the next step.
    let sdk = sandbox.sdk("us-east-1").await;
    crate::fixtures::seed::bucket(&sdk, BUCKET, &[]).await;
    let report = sandbox
        .test()
        .args(["doctor", "-o", "json"])
        .any_status()
        .run()
        .json();
    let check = cur_check(&report);
    assert_eq!(check["status"], "fail", "{check}");
    assert!(
        check["detail"].to_string().contains("no CUR 2.0 manifest"),
        "{check}"
    );

    // Two periods delivered, without caller identity: a warning naming what is missing.
    let export = Export::generate(&[
        "--rows",
        "200",
        "--runs",
        "2",
        "--period",
        "2026-10",
        "--period",
        "2026-11",
        "--files",
        "2",
        "--drop-column",
        "line_item_iam_principal",
    ]);
    upload(&sandbox, "us-east-1", &export).await;
    let report = sandbox
        .test()
        .args(["doctor", "-o", "json"])
        .any_status()
        .run()
        .json();
    let check = cur_check(&report);
    assert_eq!(check["status"], "warn", "{check}");
    let detail = check["detail"].as_str().expect("detail");
    assert!(
        detail.contains("newest delivery 2026-11 (2 parquet files), 2 billing periods"),
        "{detail}"
    );
    assert!(detail.contains("caller identity"), "{detail}");

    // Complete: a pass; the default source needs no export at all.
    let complete = Export::generate(&["--rows", "200", "--runs", "2"]);
    upload(&sandbox, "us-east-1", &complete).await;
    let check = cur_check(
        &sandbox
            .test()
            .args(["doctor", "-o", "json"])
            .any_status()
            .run()
            .json(),
    );
    assert_eq!(check["status"], "pass", "{check}");
    sandbox.write("costbrake.toml", "[report]\nsource = \"ce\"\n");
    let report = sandbox.test().args(["doctor", "-o", "json"]).run().json();
    assert!(!report.to_string().contains("cur-export"));
}
