//! The command line itself: help, version, and bad input that must fail fast with one line and exit 2.

use crate::harness::{assert_one_line_error, free_port, isolated_cmd, stdout};

fn tmp() -> tempfile::TempDir {
    crate::harness::temp_home()
}

#[test]
fn help_is_stable() {
    let dir = tmp();
    let out = isolated_cmd(dir.path()).arg("--help").output().expect("runs");
    assert!(out.status.success());
    insta::assert_snapshot!("help", stdout(&out));
}

#[test]
fn kill_help_is_stable() {
    let dir = tmp();
    for (name, args) in [
        ("kill_help", &["kill", "--help"][..]),
        ("kill_plan_help", &["kill", "plan", "--help"][..]),
        ("kill_undo_help", &["kill", "undo", "--help"][..]),
        ("kill_status_help", &["kill", "status", "--help"][..]),
        ("guard_help", &["guard", "--help"][..]),
    ] {
        let out = isolated_cmd(dir.path()).args(args).output().expect("runs");
        assert!(out.status.success(), "{args:?}");
        insta::assert_snapshot!(name, stdout(&out));
    }
}

#[test]
fn doctor_help_is_stable() {
    let dir = tmp();
    let out = isolated_cmd(dir.path())
        .args(["doctor", "--help"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    insta::assert_snapshot!("doctor_help", stdout(&out));
}

#[test]
fn version_prints_the_crate_version() {
    let dir = tmp();
    let out = isolated_cmd(dir.path()).arg("--version").output().expect("runs");
    assert!(out.status.success());
    assert_eq!(
        stdout(&out).trim(),
        format!("costbrake {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn no_subcommand_shows_help_and_exits_2() {
    let dir = tmp();
    let out = isolated_cmd(dir.path()).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn unknown_output_format_is_one_line_exit_2() {
    let dir = tmp();
    let out = isolated_cmd(dir.path())
        .args(["doctor", "--output", "xml"])
        .output()
        .expect("runs");
    let line = assert_one_line_error(&out, 2);
    assert!(
        line.contains("xml") && line.contains("table, json, csv"),
        "{line}"
    );
}

#[test]
fn unsupported_output_format_for_a_command_is_exit_2() {
    let dir = tmp();
    let out = isolated_cmd(dir.path())
        .args(["doctor", "-o", "csv"])
        .output()
        .expect("runs");
    let line = assert_one_line_error(&out, 2);
    assert!(line.contains("use one of: table, json"), "{line}");
}

#[test]
fn endpoint_url_must_be_a_url() {
    let dir = tmp();
    let out = isolated_cmd(dir.path())
        .args(["doctor", "--endpoint-url", "not-a-url"])
        .output()
        .expect("runs");
    let line = assert_one_line_error(&out, 2);
    assert!(line.contains("not-a-url") && line.contains("http"), "{line}");
}

#[test]
fn endpoint_url_from_the_environment_is_validated_too() {
    let dir = tmp();
    let out = isolated_cmd(dir.path())
        .env("AWS_ENDPOINT_URL", "not-a-url")
        .arg("doctor")
        .output()
        .expect("runs");
    let line = assert_one_line_error(&out, 2);
    assert!(line.contains("AWS_ENDPOINT_URL"), "{line}");
}

#[test]
fn region_must_look_like_a_region() {
    let dir = tmp();
    let out = isolated_cmd(dir.path())
        .args(["doctor", "--region", "banana"])
        .output()
        .expect("runs");
    let line = assert_one_line_error(&out, 2);
    assert!(line.contains("us-east-1"), "{line}");
}

#[test]
fn legacy_retry_mode_is_rejected_before_the_sdk_can_panic() {
    let dir = tmp();
    let out = isolated_cmd(dir.path())
        .env("AWS_RETRY_MODE", "legacy")
        .arg("doctor")
        .output()
        .expect("runs");
    let line = assert_one_line_error(&out, 2);
    assert!(line.contains("AWS_RETRY_MODE=standard"), "{line}");
}

#[test]
fn zero_max_attempts_is_rejected_before_the_sdk_can_panic() {
    let dir = tmp();
    let out = isolated_cmd(dir.path())
        .env("AWS_MAX_ATTEMPTS", "0")
        .arg("doctor")
        .output()
        .expect("runs");
    let line = assert_one_line_error(&out, 2);
    assert!(line.contains("AWS_MAX_ATTEMPTS"), "{line}");
}

#[test]
fn config_with_an_unknown_key_names_the_key_and_the_file() {
    let dir = tmp();
    std::fs::write(
        dir.path().join("costbrake.toml"),
        "[tags]\nagent = \"agent-name\"\nagnet = \"x\"\n",
    )
    .expect("write config");
    let out = isolated_cmd(dir.path()).arg("doctor").output().expect("runs");
    let line = assert_one_line_error(&out, 2);
    assert!(line.contains("agnet"), "{line}");
    assert!(
        line.contains("costbrake.toml") && line.contains("line 3"),
        "{line}"
    );
}

#[test]
fn explicit_config_that_does_not_exist_is_exit_2() {
    let dir = tmp();
    let out = isolated_cmd(dir.path())
        .args(["doctor", "--config", "missing.toml"])
        .output()
        .expect("runs");
    let line = assert_one_line_error(&out, 2);
    assert!(
        line.contains("missing.toml") && line.contains("no such file"),
        "{line}"
    );
}

#[test]
fn unreachable_endpoint_is_an_aws_failure_with_one_error_line() {
    let dir = tmp();
    // A loopback port with nothing listening: the connection is refused at once.
    let endpoint = format!("http://127.0.0.1:{}", free_port());
    let out = isolated_cmd(dir.path())
        .env("AWS_MAX_ATTEMPTS", "1")
        .args(["doctor", "--endpoint-url", &endpoint])
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(3),
        "stderr: {}",
        crate::harness::stderr(&out)
    );
    let err = crate::harness::stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("costbrake: error: doctor: check `credentials` failed"),
        "{err}"
    );
    assert!(err.contains("--endpoint-url"), "{err}");
    assert!(!err.contains("panicked"));
    // The checklist is still printed, so the user sees what else is right or wrong.
    assert!(stdout(&out).contains("not ready"));
}

#[test]
fn report_help_is_stable() {
    let dir = tmp();
    for (name, args) in [
        ("report_help", &["report", "--help"][..]),
        ("report_runs_help", &["report", "runs", "--help"][..]),
    ] {
        let out = isolated_cmd(dir.path()).args(args).output().expect("runs");
        assert!(out.status.success());
        insta::assert_snapshot!(name, stdout(&out));
    }
}
