//! `costbrake doctor` against moto.

use crate::harness::{ACCOUNT, Sandbox};

#[test]
fn doctor_json_reports_the_account_and_settings() {
    let sandbox = Sandbox::new();
    let report = sandbox.test().args(["doctor", "-o", "json"]).run().json();
    assert_eq!(report["schema"], "costbrake.doctor/v1");
    assert_eq!(report["identity"]["account"], ACCOUNT);
    assert_eq!(report["settings"]["region"]["value"], "us-east-1");
    assert_eq!(report["settings"]["region"]["source"], "AWS_REGION");
    assert_eq!(
        report["settings"]["endpoint_url"]["value"],
        sandbox.moto.endpoint.as_str()
    );
    assert_eq!(report["settings"]["endpoint_url"]["source"], "AWS_ENDPOINT_URL");
    assert_eq!(report["config"]["tags"]["agent"], "agent-name");
    assert_eq!(report["config"]["tags"]["run"], "agent-run-id");
    // Standalone account: a warning, not a failure.
    assert_eq!(report["organization"]["role"], "standalone");
    assert_eq!(report["verdict"], "degraded");
    let checks = report["checks"].as_array().expect("checks");
    let ids: Vec<&str> = checks.iter().filter_map(|c| c["id"].as_str()).collect();
    assert_eq!(
        ids,
        ["config", "region", "endpoint", "credentials", "organization"]
    );
}

#[test]
fn doctor_table_has_a_verdict_and_no_colour_when_piped() {
    let sandbox = Sandbox::new();
    let text = sandbox.test().args(["doctor", "--color", "auto"]).run().stdout;
    assert!(text.contains(ACCOUNT), "{text}");
    assert!(text.contains("verdict: ready, with warnings"), "{text}");
    assert!(
        !text.contains('\u{1b}'),
        "no ANSI codes when stdout is not a terminal"
    );
}

#[tokio::test]
async fn doctor_recognises_the_management_account() {
    let sandbox = Sandbox::new();
    let sdk = sandbox.sdk("us-east-1").await;
    aws_sdk_organizations::Client::new(&sdk)
        .create_organization()
        .feature_set(aws_sdk_organizations::types::OrganizationFeatureSet::All)
        .send()
        .await
        .expect("create organization in moto");
    let report = sandbox.test().args(["doctor", "-o", "json"]).run().json();
    assert_eq!(report["organization"]["role"], "management");
    assert!(
        report["organization"]["organization_id"]
            .as_str()
            .is_some_and(|id| id.starts_with("o-"))
    );
    assert_eq!(report["verdict"], "ready");
}

#[test]
fn doctor_uses_the_config_file_in_the_working_directory() {
    let sandbox = Sandbox::new();
    sandbox.write(
        "costbrake.toml",
        "[tags]\nagent = \"Agent-ID\"\nrun = \"Run-ID\"\n",
    );
    let report = sandbox.test().args(["doctor", "-o", "json"]).run().json();
    assert_eq!(report["config"]["tags"]["agent"], "Agent-ID");
    assert_eq!(
        report["config"]["tags"]["required"],
        serde_json::json!(["Agent-ID", "Run-ID"])
    );
    assert!(
        report["config"]["source"]
            .as_str()
            .is_some_and(|p| p.ends_with("costbrake.toml"))
    );
}

#[test]
fn doctor_without_credentials_fails_with_a_next_step() {
    let sandbox = Sandbox::new();
    let out = sandbox
        .test()
        .env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .args(["doctor", "-o", "json"])
        .status(3)
        .run();
    let report = out.json();
    assert_eq!(report["verdict"], "failing");
    let credentials = &report["checks"][3];
    assert_eq!(credentials["id"], "credentials");
    assert_eq!(credentials["status"], "fail");
    assert!(
        credentials["fix"]
            .as_str()
            .is_some_and(|f| f.contains("aws configure")),
        "{credentials}"
    );
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
}

#[test]
fn doctor_without_a_region_fails_with_exit_2() {
    let sandbox = Sandbox::new();
    let report = sandbox
        .test()
        .env_remove("AWS_REGION")
        .args(["doctor", "-o", "json"])
        .status(2)
        .run()
        .json();
    assert_eq!(report["checks"][1]["id"], "region");
    assert_eq!(report["checks"][1]["status"], "fail");
    // STS still answered through the global region, so the rest of the picture is there.
    assert_eq!(report["identity"]["account"], ACCOUNT);
}

#[test]
fn doctor_profile_from_the_aws_config_file_is_honoured() {
    let sandbox = Sandbox::new();
    sandbox.write(".aws/config", "[profile sandbox]\nregion = eu-west-1\n");
    let report = sandbox
        .test()
        .env_remove("AWS_REGION")
        .args(["doctor", "--profile", "sandbox", "-o", "json"])
        .run()
        .json();
    assert_eq!(report["settings"]["profile"]["value"], "sandbox");
    assert_eq!(report["settings"]["profile"]["source"], "--profile");
    assert_eq!(report["settings"]["region"]["value"], "eu-west-1");
    assert_eq!(report["settings"]["region"]["source"], "profile");
}

#[test]
fn very_verbose_logs_show_the_aws_requests_on_stderr() {
    let sandbox = Sandbox::new();
    let out = sandbox
        .test()
        .args(["doctor", "-vv", "-o", "json"])
        .stderr_has("GetCallerIdentity")
        .run();
    // Logs never pollute the data on stdout.
    out.json();
}

#[test]
fn quiet_doctor_failure_still_prints_the_error_line() {
    let sandbox = Sandbox::new();
    sandbox
        .test()
        .env("AWS_RETRY_MODE", "legacy")
        .args(["doctor", "-q"])
        .error_line(2);
}

#[test]
fn doctor_cost_explorer_section_degrades_to_a_warning_where_the_tag_calls_are_not_served() {
    // moto does not serve ListCostAllocationTags (HTTP 500): doctor reports it and carries on; the
    // calls themselves are tested against the AWS API shapes in src/aws/costexplorer.rs.
    let sandbox = Sandbox::new();
    let out = sandbox
        .test()
        .args(["doctor", "-o", "json"])
        .stderr_has("cannot read the cost allocation tags")
        .run();
    let report = out.json();
    assert!(
        report["cost_explorer"]["error"]
            .as_str()
            .is_some_and(|e| e.contains("HTTP 500")),
        "{report}"
    );
    assert_eq!(report["verdict"], "degraded");

    // Asking to activate where activation is impossible fails with the AWS exit code and a next step.
    let report = sandbox
        .test()
        .args(["doctor", "--activate-tags", "-o", "json"])
        .status(3)
        .run()
        .json();
    let check = report["checks"]
        .as_array()
        .expect("checks")
        .iter()
        .find(|c| c["id"] == "cost-allocation-tags")
        .expect("activation check");
    assert_eq!(check["status"], "fail");
    assert!(
        check["fix"]
            .as_str()
            .is_some_and(|f| f.contains("ce:UpdateCostAllocationTagsStatus")),
        "{check}"
    );
}

/// Issue 20: the table showed a 300-character error, repeating itself, in one cell when the endpoint
/// lacked a call. moto lacks Cost Explorer's ListCostAllocationTags and UpdateCostAllocationTagsStatus and
/// Athena's GetTableMetadata (AWS serves all three): each row says so in a short reason, the emulator
/// note comes once below the tables, no line is wider than COLUMNS, and `-o json` keeps the whole error.
#[test]
fn doctor_table_shows_one_short_reason_per_check_and_the_emulator_note_once() {
    let sandbox = Sandbox::new();
    // moto's Athena has a `default` database; it has no GetTableMetadata, so the table check fails on it.
    sandbox.write(
        "costbrake.toml",
        "[report.athena]\ndatabase = \"default\"\ntable = \"agents\"\noutput_location = \"s3://results/\"\n",
    );
    let out = sandbox
        .test()
        .env("COLUMNS", "60")
        .args(["doctor", "--activate-tags"])
        .status(3)
        .run();
    let text = &out.stdout;
    for line in text.lines() {
        assert!(
            line.chars().count() <= 60,
            "wider than COLUMNS=60: {line:?}\n{text}"
        );
    }
    // The cells wrap at 60 columns, mid-word where need be: read a row's detail cell (the third
    // column) across its lines, without the spaces.
    let cell_of = |check: &str, n: usize| -> String {
        let column = |line: &str, n: usize| {
            let cell = line.split('┆').nth(n).unwrap_or_default();
            cell.trim().trim_end_matches('│').trim().to_string()
        };
        let mut rows = text.lines().skip_while(|l| !l.starts_with(&format!("│ {check}")));
        let mut reason = rows.next().map(|l| column(l, n)).unwrap_or_default();
        for line in rows.take_while(|l| l.starts_with('│') && column(l, 1).is_empty()) {
            reason.push_str(&column(line, n));
        }
        reason.replace(' ', "")
    };
    let squeezed = |s: &str| s.replace(' ', "");
    assert_eq!(
        cell_of("athena-table", 2),
        squeezed("endpoint does not implement athena:GetTableMetadata"),
        "{text}"
    );
    assert_eq!(
        cell_of("cost-allocatio", 2),
        squeezed("cannot activate: endpoint does not implement ce:UpdateCostAllocationTagsStatus"),
        "{text}"
    );
    assert!(!text.contains("HTTP 500"), "the short reasons only: {text}");
    assert_eq!(text.matches("note: ").count(), 1, "{text}");
    let note_at = text.find("note: ").expect("note");
    let last_table = text.rfind('╯').expect("a table");
    assert!(note_at > last_table, "the note comes below the tables: {text}");
    let note = text[note_at..]
        .lines()
        .take_while(|l| !l.starts_with("verdict:"))
        .collect::<Vec<_>>()
        .join(" ");
    for (call, what) in [
        ("athena:GetTableMetadata", "(check athena-table)"),
        (
            "ce:UpdateCostAllocationTagsStatus",
            "(check cost-allocation-tags)",
        ),
        ("ce:ListCostAllocationTags", "(the cost allocation tag table)"),
    ] {
        assert!(note.contains(&format!("{call} {what}")), "{call}: {note}");
    }
    assert!(note.contains(&sandbox.moto.endpoint), "{note}");
    // The generic "the endpoint failed to handle ..." step is not repeated on each row.
    assert!(!text.contains("failed to handle"), "{text}");
    assert_eq!(cell_of("athena-table", 3), "seethenotebelow", "{text}");

    let report = sandbox
        .test()
        .args(["doctor", "--activate-tags", "-o", "json"])
        .status(3)
        .run()
        .json();
    assert_eq!(report["schema"], "costbrake.doctor/v1");
    let check = |id: &str| -> serde_json::Value {
        report["checks"]
            .as_array()
            .expect("checks")
            .iter()
            .find(|c| c["id"] == id)
            .cloned()
            .unwrap_or_else(|| panic!("no {id} check: {report}"))
    };
    let table = check("athena-table");
    // The whole error and its next step, as before; the short form beside them.
    assert_eq!(
        table["detail"], "HTTP 500 with no error code or message",
        "{table}"
    );
    assert!(
        table["fix"]
            .as_str()
            .is_some_and(|f| f.contains("failed to handle athena:GetTableMetadata")),
        "{table}"
    );
    assert_eq!(table["cause"]["kind"], "not-implemented", "{table}");
    assert_eq!(table["cause"]["call"], "athena:GetTableMetadata", "{table}");
    assert_eq!(
        table["cause"]["reason"],
        "endpoint does not implement athena:GetTableMetadata"
    );
    let tags = check("cost-allocation-tags");
    assert!(
        tags["detail"]
            .as_str()
            .is_some_and(|d| d.contains("HTTP 500")
                && d.contains("failed to handle ce:UpdateCostAllocationTagsStatus")),
        "{tags}"
    );
    assert_eq!(
        tags["cause"]["call"], "ce:UpdateCostAllocationTagsStatus",
        "{tags}"
    );
    let section = &report["cost_explorer"];
    assert!(
        section["error"]
            .as_str()
            .is_some_and(|e| e.contains("may not implement ce:ListCostAllocationTags")),
        "{section}"
    );
    assert_eq!(section["error_cause"]["kind"], "not-implemented", "{section}");
    // Checks that passed have no cause.
    assert!(check("credentials").get("cause").is_none());
}
