//! `costbrake audit` against moto: what it finds, what it covers, and every output format parsed back.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::fixtures::seed;
use crate::harness::{Sandbox, free_port, redacted};

const FULL: seed::Tags<'static> = &[("agent-name", "research-agent"), ("agent-run-id", "run-1")];

/// The findings of an audit's JSON, by resource id.
fn findings(report: &Value) -> Vec<&Value> {
    report["findings"]
        .as_array()
        .expect("findings array")
        .iter()
        .collect()
}

fn finding<'a>(report: &'a Value, id: &str) -> Option<&'a Value> {
    findings(report).into_iter().find(|f| f["id"] == id)
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_string)).collect())
        .unwrap_or_default()
}

#[tokio::test]
async fn finds_partial_empty_never_tagged_and_tagged_then_untagged_resources() {
    let sandbox = Sandbox::new();
    let sdk = sandbox.sdk("us-east-1").await;
    let compliant = seed::instance(&sdk, FULL).await;
    let partial = seed::instance(&sdk, &[("agent-name", "research-agent")]).await;
    let empty = seed::instance(&sdk, &[("agent-name", "ticket-triage"), ("agent-run-id", "")]).await;
    let never = seed::instance(&sdk, &[]).await;
    let untagged_later = seed::instance(&sdk, FULL).await;
    seed::untag_instance(&sdk, &untagged_later, &["agent-name", "agent-run-id"]).await;

    let out = sandbox
        .test()
        .args(["audit", "--types", "ec2:instance", "-o", "json"])
        .status(1)
        .run();
    let report = out.json();
    assert_eq!(report["schema"], "costbrake.audit/v1");
    assert_eq!(report["summary"]["scanned"], 5);
    assert_eq!(report["summary"]["compliant"], 1);
    assert_eq!(report["summary"]["non_compliant"], 4);
    assert!(finding(&report, &compliant).is_none());

    let p = finding(&report, &partial).expect("partially tagged instance reported");
    assert_eq!(strings(&p["missing"]), ["agent-run-id"]);
    assert_eq!(strings(&p["empty"]), Vec::<String>::new());

    let e = finding(&report, &empty).expect("empty-valued instance reported");
    assert_eq!(strings(&e["empty"]), ["agent-run-id"]);
    assert!(strings(&e["missing"]).is_empty());

    // Never tagged: invisible to the Tagging API, found by the direct EC2 listing alone.
    let n = finding(&report, &never).expect("never-tagged instance reported");
    assert_eq!(strings(&n["missing"]), ["agent-name", "agent-run-id"]);
    assert_eq!(strings(&n["sources"]), ["ec2:DescribeInstanceStatus"]);
    assert_eq!(n["state"], "running");

    let u = finding(&report, &untagged_later).expect("tagged-then-untagged instance reported");
    assert_eq!(strings(&u["missing"]), ["agent-name", "agent-run-id"]);

    assert_eq!(report["summary"]["by_missing_key"]["agent-run-id"], 4);
    assert_eq!(report["summary"]["by_missing_key"]["agent-name"], 2);
    assert!(report["gaps"].as_array().expect("gaps").is_empty());
    assert!(!report["blind_spots"].as_array().expect("blind spots").is_empty());
}

#[tokio::test]
async fn lambda_functions_and_buckets_without_tags_are_found_by_direct_listing() {
    let sandbox = Sandbox::new();
    let sdk = sandbox.sdk("us-east-1").await;
    let role = seed::role(&sdk, "agent-exec", FULL).await;
    seed::function(&sdk, "tagged-fn", &role, FULL).await;
    seed::function(&sdk, "never-tagged-fn", &role, &[]).await;
    seed::bucket(&sdk, "tagged-bucket", FULL).await;
    seed::bucket(&sdk, "untagged-bucket", &[]).await;

    let out = sandbox
        .test()
        .args(["audit", "--types", "lambda,s3,iam", "-o", "json"])
        .status(1)
        .run();
    let report = out.json();
    let ids: BTreeSet<&str> = findings(&report)
        .iter()
        .filter_map(|f| f["id"].as_str())
        .collect();
    assert_eq!(ids, BTreeSet::from(["never-tagged-fn", "untagged-bucket"]));
    let f = finding(&report, "never-tagged-fn").expect("function");
    assert_eq!(f["type"], "lambda:function");
    assert_eq!(strings(&f["sources"]), ["lambda:ListFunctions"]);
    assert_eq!(
        report["summary"]["scanned"], 5,
        "two functions, two buckets, one role"
    );
}

#[tokio::test]
async fn ecs_services_and_ebs_volumes_are_audited_with_their_own_tags() {
    let sandbox = Sandbox::new();
    let sdk = sandbox.sdk("us-east-1").await;
    seed::ecs_service(&sdk, "agents", "crawler", 2, FULL).await;
    seed::ecs_service(&sdk, "scratch", "adhoc", 1, &[]).await;
    let bare = seed::instance(&sdk, &[]).await;
    let bare_volumes = seed::volumes_of(&sdk, &bare).await;
    let tagged = seed::instance(&sdk, FULL).await;
    let tagged_volumes = seed::volumes_of(&sdk, &tagged).await;
    assert!(!bare_volumes.is_empty() && !tagged_volumes.is_empty());

    let out = sandbox
        .test()
        .args([
            "audit",
            "--types",
            "ecs:cluster,ecs:service,ec2:volume",
            "-o",
            "json",
        ])
        .status(1)
        .run();
    let report = out.json();
    assert!(
        finding(&report, "crawler").is_none(),
        "tagged service is compliant"
    );
    assert!(
        finding(&report, "agents").is_none(),
        "tagged cluster is compliant"
    );
    let adhoc = finding(&report, "adhoc").expect("untagged service");
    assert_eq!(adhoc["type"], "ecs:service");
    assert_eq!(adhoc["state"], "desired 1");
    assert_eq!(
        finding(&report, "scratch").expect("cluster created with tags=[]")["type"],
        "ecs:cluster"
    );
    for volume in &bare_volumes {
        assert_eq!(
            finding(&report, volume).expect("untagged volume")["type"],
            "ec2:volume"
        );
    }
    for volume in &tagged_volumes {
        assert!(
            finding(&report, volume).is_none(),
            "volume tagged at launch is compliant"
        );
    }
    // Task definitions and instances are outside --types.
    assert!(
        findings(&report)
            .iter()
            .all(|f| f["type"] != "ecs:task-definition" && f["type"] != "ec2:instance")
    );
}

#[tokio::test]
async fn an_agent_audit_spends_no_request_on_other_agents_functions() {
    let sandbox = Sandbox::new();
    let sdk = sandbox.sdk("us-east-1").await;
    let role = seed::role(&sdk, "exec", &[]).await;
    seed::function(&sdk, "mine", &role, &[("agent-name", "research-agent")]).await;
    seed::function(
        &sdk,
        "theirs",
        &role,
        &[("agent-name", "log-summarizer"), ("agent-run-id", "r")],
    )
    .await;
    seed::function(&sdk, "nobodys", &role, &[]).await;
    let out = sandbox
        .test()
        .args([
            "audit",
            "--agent",
            "research-agent",
            "--types",
            "lambda",
            "-o",
            "json",
        ])
        .status(1)
        .run();
    let report = out.json();
    assert_eq!(report["summary"]["scanned"], 1);
    assert_eq!(
        strings(&finding(&report, "mine").expect("mine")["missing"]),
        ["agent-run-id"]
    );
    // GetCallerIdentity, GetResources (filtered), ListFunctions; no ListTags per function.
    assert_eq!(report["summary"]["requests"], 3, "{report:#}");
}

#[tokio::test]
async fn several_regions_are_scanned_and_s3_buckets_are_counted_once() {
    let sandbox = Sandbox::new();
    let east = sandbox.sdk("us-east-1").await;
    let west = sandbox.sdk("eu-west-1").await;
    let east_id = seed::instance(&east, &[]).await;
    let west_id = seed::instance(&west, &[("agent-name", "a")]).await;
    seed::bucket(&east, "shared-artifacts", FULL).await;

    let out = sandbox
        .test()
        .args([
            "audit",
            "--regions",
            "us-east-1,eu-west-1",
            "--types",
            "ec2:instance,s3",
            "-o",
            "json",
        ])
        .status(1)
        .run();
    let report = out.json();
    assert_eq!(strings(&report["regions"]), ["eu-west-1", "us-east-1"]);
    assert_eq!(finding(&report, &east_id).expect("east")["region"], "us-east-1");
    assert_eq!(finding(&report, &west_id).expect("west")["region"], "eu-west-1");
    // moto returns the bucket from both regional Tagging API endpoints; it is one resource.
    assert_eq!(report["summary"]["scanned"], 3, "{report:#}");
    let coverage = report["coverage"].as_array().expect("coverage");
    let tagging: Vec<&Value> = coverage
        .iter()
        .filter(|c| c["source"] == "tag:GetResources")
        .collect();
    assert_eq!(tagging.len(), 2);

    // One region only: the other region's instance is out of scope.
    let out = sandbox
        .test()
        .args([
            "audit",
            "--regions",
            "eu-west-1",
            "--types",
            "ec2:instance",
            "-o",
            "json",
        ])
        .any_status()
        .run();
    let report = out.json();
    assert!(finding(&report, &east_id).is_none());
    assert!(finding(&report, &west_id).is_some());
}

#[tokio::test]
async fn regions_all_means_every_region_enabled_for_the_account() {
    let sandbox = Sandbox::new();
    let far = sandbox.sdk("ap-southeast-2").await;
    let id = seed::instance(&far, &[]).await;
    let out = sandbox
        .test()
        .args([
            "audit",
            "--regions",
            "all",
            "--types",
            "ec2:instance",
            "-o",
            "json",
        ])
        .any_status()
        .run();
    // moto's GetResources answers HTTP 500 in a few regions where some of its backends do not exist
    // (ap-east-1, cn-north-1, ...); AWS would not. Those are gaps (exit 4); every other region is read.
    assert!(matches!(out.code, Some(1 | 4)), "stderr: {}", out.stderr);
    let report = out.json();
    let regions = strings(&report["regions"]);
    assert!(regions.len() > 10, "{regions:?}");
    for gap in report["gaps"].as_array().expect("gaps") {
        assert_eq!(gap["source"], "tag:GetResources", "{gap}");
        assert!(
            gap["error"].as_str().is_some_and(|e| e.contains("HTTP 500")),
            "{gap}"
        );
    }
    assert!(regions.contains(&"ap-southeast-2".to_string()));
    assert_eq!(
        finding(&report, &id).expect("found in a region the CLI never names")["region"],
        "ap-southeast-2"
    );
}

#[tokio::test]
async fn exemptions_leave_resources_out_with_their_reason() {
    let sandbox = Sandbox::new();
    let sdk = sandbox.sdk("us-east-1").await;
    seed::role(&sdk, "legacy-ci-deployer", &[]).await;
    seed::role(&sdk, "new-untagged-role", &[]).await;
    sandbox.write(
        "costbrake.toml",
        "[[audit.exempt]]\narn = \"arn:aws:iam::*:role/legacy-*\"\nreason = \"owned by the platform team\"\n",
    );
    let out = sandbox
        .test()
        .args(["audit", "--types", "iam:role", "-o", "json"])
        .status(1)
        .run();
    let report = out.json();
    assert_eq!(report["summary"]["exempt"], 1);
    assert_eq!(report["exempt"][0]["reason"], "owned by the platform team");
    assert!(
        report["exempt"][0]["arn"]
            .as_str()
            .is_some_and(|a| a.ends_with("role/legacy-ci-deployer"))
    );
    assert!(finding(&report, "new-untagged-role").is_some());
    assert!(finding(&report, "legacy-ci-deployer").is_none());
}

#[tokio::test]
async fn a_compliant_account_exits_zero_and_exit_zero_waives_findings() {
    let sandbox = Sandbox::new();
    let sdk = sandbox.sdk("us-east-1").await;
    seed::instance(&sdk, FULL).await;
    sandbox
        .test()
        .args(["audit", "--types", "ec2"])
        .stdout_has("0 non-compliant")
        .run();

    seed::instance(&sdk, &[]).await;
    sandbox
        .test()
        .args(["audit", "--types", "ec2", "--exit-zero"])
        .stdout_has("non-compliant")
        .run();
}

#[tokio::test]
async fn agent_and_required_keys_narrow_the_audit() {
    let sandbox = Sandbox::new();
    let sdk = sandbox.sdk("us-east-1").await;
    let mine = seed::instance(&sdk, &[("agent-name", "research-agent")]).await;
    let other = seed::instance(&sdk, &[("agent-name", "log-summarizer")]).await;
    let out = sandbox
        .test()
        .args([
            "audit",
            "--agent",
            "research-agent",
            "--types",
            "ec2:instance",
            "-o",
            "json",
        ])
        .any_status()
        .run();
    let report = out.json();
    assert!(finding(&report, &mine).is_some());
    assert!(finding(&report, &other).is_none());
    assert_eq!(report["agent"], "research-agent");

    let out = sandbox
        .test()
        .args([
            "audit",
            "--require",
            "agent-name",
            "--types",
            "ec2:instance",
            "-o",
            "json",
        ])
        .run(); // 0: only agent-name is required now
    assert_eq!(strings(&out.json()["required"]), ["agent-name"]);
}

#[tokio::test]
async fn an_empty_account_costs_one_request_per_source() {
    let sandbox = Sandbox::new();
    let out = sandbox.test().args(["audit", "-o", "json"]).run();
    let report = out.json();
    // STS + one page each: GetResources, DescribeInstanceStatus and DescribeTags, DescribeVolumes,
    // ListFunctions, ListClusters (once for services and tasks: the run lists a region's clusters once),
    // DescribeAutoScalingGroups, ListNotebookInstances, ListEndpoints, EKS ListClusters,
    // DescribeDBInstances, DescribeDBClusters, ListStateMachines, ListModelCustomizationJobs,
    // ListProvisionedModelThroughputs, GetAccountAuthorizationDetails, ListBuckets.
    assert_eq!(report["summary"]["requests"], 18, "{report:#}");
    let sources: BTreeSet<String> = report["coverage"]
        .as_array()
        .expect("coverage")
        .iter()
        .filter_map(|c| c["source"].as_str().map(str::to_string))
        .collect();
    assert_eq!(sources.len(), 17);
}

#[tokio::test]
async fn an_unreachable_service_is_a_gap_and_never_a_clean_pass() {
    let sandbox = Sandbox::new();
    let sdk = sandbox.sdk("us-east-1").await;
    seed::instance(&sdk, FULL).await;
    let dead = format!("http://127.0.0.1:{}", free_port());
    let out = sandbox
        .test()
        .env("AWS_ENDPOINT_URL_EC2", &dead)
        .env("AWS_MAX_ATTEMPTS", "1")
        .args(["audit", "-o", "json"])
        .status(4) // partial failure
        // One line for the region, however many of its reads failed (hardening).
        .stderr_has("gap: 2 reads in us-east-1 failed (ec2:DescribeInstanceStatus, ec2:DescribeVolumes)")
        .run();
    assert_eq!(out.stderr.matches("gap:").count(), 1, "{}", out.stderr);
    let report = out.json();
    let gaps = report["gaps"].as_array().expect("gaps");
    let failed: BTreeSet<&str> = gaps.iter().filter_map(|g| g["source"].as_str()).collect();
    assert_eq!(
        failed,
        BTreeSet::from(["ec2:DescribeInstanceStatus", "ec2:DescribeVolumes"])
    );
    assert!(gaps.iter().all(|g| g["region"] == "us-east-1"));

    sandbox
        .test()
        .env("AWS_ENDPOINT_URL_EC2", &dead)
        .env("AWS_MAX_ATTEMPTS", "1")
        .args(["audit", "--allow-partial"])
        .stdout_has("GAP")
        .run();
}

#[test]
fn bad_audit_input_fails_before_any_request() {
    let sandbox = Sandbox::new();
    for (args, needle) in [
        (vec!["audit", "--types", "EC2 Instance"], "not a resource type"),
        (vec!["audit", "--require", "aws:createdBy"], "reserved"),
        (vec!["audit", "--regions", "banana"], "not an AWS region"),
        (vec!["audit", "--agent", ""], "--agent needs a name"),
        (vec!["audit", "--require", ""], "--require needs a tag key"),
    ] {
        let line = sandbox.test().args(&args).error_line(2);
        assert!(line.contains(needle), "{args:?}: {line}");
    }
}

/// A small mixed account for the format tests: 1 compliant, 2 non-compliant instances, 1 exempt role.
async fn mixed_account(sandbox: &Sandbox) {
    let sdk = sandbox.sdk("us-east-1").await;
    seed::instance(&sdk, FULL).await;
    seed::instance(&sdk, &[("agent-name", "a")]).await;
    seed::instance(&sdk, &[("agent-name", "b"), ("agent-run-id", "")]).await;
    seed::role(&sdk, "legacy-role", &[]).await;
    sandbox.write(
        "costbrake.toml",
        "[audit]\ntypes = [\"ec2:instance\", \"iam:role\"]\n\n\
         [[audit.exempt]]\narn = \"*:role/legacy-*\"\nreason = \"legacy\"\n",
    );
}

#[tokio::test]
async fn csv_and_ndjson_parse_back() {
    let sandbox = Sandbox::new();
    mixed_account(&sandbox).await;
    let out = sandbox.test().args(["audit", "-o", "csv"]).status(1).run();
    let mut reader = csv::Reader::from_reader(out.stdout.as_bytes());
    let headers = reader.headers().expect("headers").clone();
    assert_eq!(&headers[0], "region");
    assert_eq!(&headers[6], "missing");
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert_eq!(rows.len(), 2);
    assert!(rows.iter().any(|r| &r[6] == "agent-run-id"));
    assert!(rows.iter().any(|r| &r[7] == "agent-run-id"));

    let out = sandbox.test().args(["audit", "-o", "ndjson"]).any_status().run();
    let lines: Vec<Value> = out
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    let kinds: Vec<&str> = lines.iter().filter_map(|l| l["kind"].as_str()).collect();
    assert_eq!(kinds, ["finding", "finding", "exempt", "summary"]);
    assert_eq!(lines[3]["summary"]["non_compliant"], 2);
}

#[tokio::test]
async fn sarif_has_the_fields_code_scanning_requires() {
    let sandbox = Sandbox::new();
    mixed_account(&sandbox).await;
    let out = sandbox.test().args(["audit", "-o", "sarif"]).status(1).run();
    let sarif = out.json();
    assert_eq!(sarif["version"], "2.1.0");
    assert!(
        sarif["$schema"]
            .as_str()
            .is_some_and(|s| s.contains("sarif-2.1.0"))
    );
    let run = &sarif["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "costbrake");
    let rules: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .filter_map(|r| r["id"].as_str())
        .collect();
    assert_eq!(rules, ["CB001", "CB002"]);
    let results = run["results"].as_array().expect("results");
    assert_eq!(results.len(), 2, "one missing, one empty");
    for result in results {
        let rule = result["ruleId"].as_str().expect("ruleId");
        assert!(rules.contains(&rule));
        assert!(result["message"]["text"].as_str().is_some_and(|t| !t.is_empty()));
        let location = &result["locations"][0]["physicalLocation"];
        assert!(
            location["artifactLocation"]["uri"]
                .as_str()
                .is_some_and(|u| u.starts_with("aws/"))
        );
        assert_eq!(location["region"]["startLine"], 1);
        assert_eq!(
            result["partialFingerprints"]["costbrakeResource/v1"]
                .as_str()
                .map(str::len),
            Some(64)
        );
    }
    // Fingerprints are stable across runs.
    let again = sandbox
        .test()
        .args(["audit", "-o", "sarif"])
        .any_status()
        .run()
        .json();
    assert_eq!(again["runs"][0]["results"], run["results"]);
}

#[tokio::test]
async fn junit_is_well_formed_xml_with_one_failure_per_finding() {
    use quick_xml::events::Event;
    let sandbox = Sandbox::new();
    mixed_account(&sandbox).await;
    let out = sandbox.test().args(["audit", "-o", "junit"]).status(1).run();
    let mut reader = quick_xml::Reader::from_reader(out.stdout.as_bytes());
    let (mut testcases, mut failures, mut skipped) = (0, 0, 0);
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf).expect("well-formed XML") {
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                b"testcase" => testcases += 1,
                b"failure" => failures += 1,
                b"skipped" => skipped += 1,
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    assert_eq!(failures, 2);
    assert_eq!(skipped, 1);
    assert!(
        testcases >= 4,
        "2 findings, 1 compliant summary, 1 exempt: {testcases}"
    );
    assert!(
        out.stdout
            .contains(r#"<testsuites name="costbrake audit" tests="4" failures="2" errors="0">"#)
    );
}

#[tokio::test]
async fn github_format_annotates_and_writes_the_step_summary() {
    let sandbox = Sandbox::new();
    mixed_account(&sandbox).await;
    let summary = sandbox.write("step-summary.md", "");
    let out = sandbox
        .test()
        .env("GITHUB_STEP_SUMMARY", &summary)
        .args(["audit", "-o", "github"])
        .status(1)
        .run();
    let text = out.stdout;
    let annotations: Vec<&str> = text.lines().filter(|l| l.starts_with("::error title=")).collect();
    assert_eq!(annotations.len(), 2, "{text}");
    assert!(
        annotations
            .iter()
            .all(|a| a.contains("costbrake%3A untagged ec2%3Ainstance::")),
        "{text}"
    );
    let md = std::fs::read_to_string(&summary).expect("summary written");
    assert!(md.contains("## costbrake audit: ❌ not compliant"), "{md}");
    assert!(md.contains("| 4 | 2 | 1 | 1 | 0 |"), "{md}");
}

#[tokio::test]
async fn table_groups_findings_and_states_coverage() {
    let sandbox = Sandbox::new();
    mixed_account(&sandbox).await;
    let out = sandbox.test().args(["audit"]).status(1).run();
    let text = out.stdout;
    assert!(text.contains("agent-run-id (empty)"), "{text}");
    assert!(
        text.contains("ec2:DescribeInstanceStatus"),
        "coverage table: {text}"
    );
    assert!(text.contains("exempt: 1 resource(s): legacy"), "{text}");
    assert!(
        text.contains(
            "scanned 4 resource(s) in 1 region(s) and global services: 2 non-compliant, 1 compliant, 1 exempt"
        ),
        "{text}"
    );
}

#[test]
fn the_demo_scenario_audits_as_documented() {
    let sandbox = Sandbox::new();
    let seeded = std::process::Command::new("python3")
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/seed_demo.py"))
        .args([
            "--endpoint-url",
            &sandbox.moto.endpoint,
            "--regions",
            "us-east-1,eu-west-1",
        ])
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .output()
        .expect("seed script runs");
    assert!(
        seeded.status.success(),
        "{}",
        String::from_utf8_lossy(&seeded.stderr)
    );
    let seed: Value = serde_json::from_slice(&seeded.stdout).expect("seed summary");
    let out = sandbox
        .test()
        .args(["audit", "--regions", "us-east-1,eu-west-1", "-o", "json"])
        .status(1)
        .run();
    let report = out.json();
    let untagged_instance = seed["tagged_then_untagged_instances"]["us-east-1"]
        .as_str()
        .expect("seeded");
    assert!(
        finding(&report, untagged_instance).is_some(),
        "tagged-then-untagged instance found"
    );
    assert!(finding(&report, "costbrake-demo-untagged-scratch").is_some());
    assert!(finding(&report, "legacy-ci-deployer").is_some());
    assert!(report["gaps"].as_array().expect("gaps").is_empty());
}

/// A small fleet with one resource of each kind of finding, so that no two findings differ only by an id
/// moto draws at random (outputs sort by ARN): a compliant instance and a partly tagged one; a tagged,
/// a never-tagged and an empty-valued function; an untagged bucket; the functions' tagged role and an
/// exempt legacy role.
async fn one_of_each_finding(sandbox: &Sandbox) {
    let sdk = sandbox.sdk("us-east-1").await;
    seed::instance(&sdk, FULL).await;
    seed::instance(&sdk, &[("agent-name", "research-agent")]).await;
    let role = seed::role(&sdk, "agent-exec", FULL).await;
    seed::function(&sdk, "tagged-fn", &role, FULL).await;
    seed::function(&sdk, "never-tagged-fn", &role, &[]).await;
    seed::function(
        &sdk,
        "empty-run-fn",
        &role,
        &[("agent-name", "ticket-triage"), ("agent-run-id", "")],
    )
    .await;
    seed::bucket(&sdk, "untagged-bucket", &[]).await;
    seed::role(&sdk, "legacy-role", &[]).await;
    sandbox.write(
        "costbrake.toml",
        "[audit]\ntypes = [\"ec2:instance\", \"lambda\", \"s3\", \"iam:role\"]\n\n\
         [[audit.exempt]]\narn = \"*:role/legacy-*\"\nreason = \"legacy\"\n",
    );
}

#[tokio::test]
async fn audit_outputs_are_stable() {
    let sandbox = Sandbox::new();
    one_of_each_finding(&sandbox).await;
    for (name, format) in [
        ("audit_json", "json"),
        ("audit_sarif", "sarif"),
        ("audit_table", "table"),
        ("audit_junit", "junit"),
        ("audit_csv", "csv"),
    ] {
        let out = sandbox
            .test()
            .args(["audit", "--color", "never", "-o", format])
            .status(1)
            .run();
        redacted(&sandbox).bind(|| insta::assert_snapshot!(name, out.stdout));
    }
}

/// `[audit.require]` as docs/audit.md suggests it: long-lived types need the agent tag only, per-run
/// resources both. An IAM role without a run id passes; an EC2 instance without one fails, and every CI
/// format names the rule that applied.
#[tokio::test]
async fn per_type_rules_spare_long_lived_roles_and_name_the_rule_in_ci_outputs() {
    let sandbox = Sandbox::new();
    let sdk = sandbox.sdk("us-east-1").await;
    seed::role(&sdk, "agent-exec", &[("agent-name", "bot")]).await;
    let instance = seed::instance(&sdk, &[("agent-name", "bot")]).await;
    sandbox.write(
        "costbrake.toml",
        "[audit.require]\n\"iam:*\" = [\"agent-name\"]\n\"ec2:instance\" = [\"agent-name\", \"agent-run-id\"]\n",
    );
    let args = ["audit", "--types", "iam:role,ec2:instance"];
    let report = sandbox
        .test()
        .args(args)
        .args(["-o", "json"])
        .status(1)
        .run()
        .json();
    let findings = report["findings"].as_array().expect("findings");
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0]["id"], instance.as_str());
    assert_eq!(findings[0]["rule"], "ec2:instance");
    assert_eq!(findings[0]["missing"], serde_json::json!(["agent-run-id"]));
    assert_eq!(report["rules"][0]["types"], "ec2:instance");

    let sarif: Value = serde_json::from_str(
        &sandbox
            .test()
            .args(args)
            .args(["-o", "sarif"])
            .status(1)
            .run()
            .stdout,
    )
    .expect("SARIF");
    let result = &sarif["runs"][0]["results"][0];
    assert_eq!(result["properties"]["rule"], "ec2:instance");
    assert!(
        result["message"]["text"]
            .as_str()
            .unwrap()
            .contains("(rule ec2:instance)")
    );
    let junit = sandbox
        .test()
        .args(args)
        .args(["-o", "junit"])
        .status(1)
        .run()
        .stdout;
    assert!(junit.contains("(rule ec2:instance)"), "{junit}");
    let github = sandbox
        .test()
        .args(args)
        .args(["-o", "github"])
        .status(1)
        .run()
        .stdout;
    assert!(github.contains("rule ec2:instance"), "{github}");

    // --require overrides every rule: the role is judged by it too.
    let report = sandbox
        .test()
        .args(args)
        .args(["-o", "json", "--require", "agent-run-id"])
        .status(1)
        .run()
        .json();
    assert_eq!(report["findings"].as_array().unwrap().len(), 2);
    assert!(
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["rule"] == "--require")
    );

    // A rule naming no known type is refused before any request.
    sandbox.write(
        "costbrake.toml",
        "[audit.require]\n\"ec2:instances\" = [\"agent-name\"]\n",
    );
    let line = sandbox.test().args(args).error_line(2);
    assert!(line.contains("audit.require"), "{line}");
}
