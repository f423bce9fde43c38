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
