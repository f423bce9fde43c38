//! The command line itself: help, version, and bad input that must fail fast with one line and exit 2.

use crate::harness::{Test, free_port};

#[test]
fn help_is_stable() {
    let out = Test::new().arg("--help").run();
    insta::assert_snapshot!("help", out.stdout);
}

#[test]
fn kill_help_is_stable() {
    for (name, args) in [
        ("kill_help", &["kill", "--help"][..]),
        ("kill_plan_help", &["kill", "plan", "--help"][..]),
        ("kill_undo_help", &["kill", "undo", "--help"][..]),
        ("kill_status_help", &["kill", "status", "--help"][..]),
        ("guard_help", &["guard", "--help"][..]),
    ] {
        let out = Test::new().args(args).run();
        insta::assert_snapshot!(name, out.stdout);
    }
}

#[test]
fn doctor_help_is_stable() {
    let out = Test::new().args(["doctor", "--help"]).run();
    insta::assert_snapshot!("doctor_help", out.stdout);
}

#[test]
fn version_prints_the_crate_version() {
    let out = Test::new().arg("--version").run();
    assert_eq!(
        out.stdout.trim(),
        format!("costbrake {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn no_subcommand_shows_help_and_exits_2() {
    Test::new().status(2).run();
}

#[test]
fn unknown_output_format_is_one_line_exit_2() {
    let line = Test::new().args(["doctor", "--output", "xml"]).error_line(2);
    assert!(
        line.contains("xml") && line.contains("table, json, csv"),
        "{line}"
    );
}

#[test]
fn unsupported_output_format_for_a_command_is_exit_2() {
    let line = Test::new().args(["doctor", "-o", "csv"]).error_line(2);
    assert!(line.contains("use one of: table, json"), "{line}");
}

#[test]
fn endpoint_url_must_be_a_url() {
    let line = Test::new()
        .args(["doctor", "--endpoint-url", "not-a-url"])
        .error_line(2);
    assert!(line.contains("not-a-url") && line.contains("http"), "{line}");
}

#[test]
fn endpoint_url_from_the_environment_is_validated_too() {
    let line = Test::new()
        .env("AWS_ENDPOINT_URL", "not-a-url")
        .arg("doctor")
        .error_line(2);
    assert!(line.contains("AWS_ENDPOINT_URL"), "{line}");
}

#[test]
fn region_must_look_like_a_region() {
    let line = Test::new().args(["doctor", "--region", "banana"]).error_line(2);
    assert!(line.contains("us-east-1"), "{line}");
}

#[test]
fn legacy_retry_mode_is_rejected_before_the_sdk_can_panic() {
    let line = Test::new()
        .env("AWS_RETRY_MODE", "legacy")
        .arg("doctor")
        .error_line(2);
    assert!(line.contains("AWS_RETRY_MODE=standard"), "{line}");
}

#[test]
fn zero_max_attempts_is_rejected_before_the_sdk_can_panic() {
    let line = Test::new()
        .env("AWS_MAX_ATTEMPTS", "0")
        .arg("doctor")
        .error_line(2);
    assert!(line.contains("AWS_MAX_ATTEMPTS"), "{line}");
}

#[test]
fn config_with_an_unknown_key_names_the_key_and_the_file() {
    let line = Test::new()
        .write(
            "costbrake.toml",
            "[tags]\nagent = \"agent-name\"\nagnet = \"x\"\n",
        )
        .arg("doctor")
        .error_line(2);
    assert!(line.contains("agnet"), "{line}");
    assert!(
        line.contains("costbrake.toml") && line.contains("line 3"),
        "{line}"
    );
}

#[test]
fn explicit_config_that_does_not_exist_is_exit_2() {
    let line = Test::new()
        .args(["doctor", "--config", "missing.toml"])
        .error_line(2);
    assert!(
        line.contains("missing.toml") && line.contains("no such file"),
        "{line}"
    );
}

#[test]
fn unreachable_endpoint_is_an_aws_failure_with_one_error_line() {
    // A loopback port with nothing listening: the connection is refused at once.
    let endpoint = format!("http://127.0.0.1:{}", free_port());
    let out = Test::new()
        .env("AWS_MAX_ATTEMPTS", "1")
        .args(["doctor", "--endpoint-url", &endpoint])
        .status(3)
        .run();
    let err = &out.stderr;
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("costbrake: error: doctor: check `credentials` failed"),
        "{err}"
    );
    assert!(err.contains("--endpoint-url"), "{err}");
    assert!(!err.contains("panicked"));
    // The checklist is still printed, so the user sees what else is right or wrong.
    assert!(out.stdout.contains("not ready"));
}

#[test]
fn report_help_is_stable() {
    for (name, args) in [
        ("report_help", &["report", "--help"][..]),
        ("report_runs_help", &["report", "runs", "--help"][..]),
        ("run_help", &["run", "--help"][..]),
        ("run_list_help", &["run", "list", "--help"][..]),
        ("run_env_help", &["run", "env", "--help"][..]),
        (
            "policy_tag_on_create_help",
            &["policy", "tag-on-create", "--help"][..],
        ),
        ("policy_attach_help", &["policy", "attach", "--help"][..]),
        ("policy_check_help", &["policy", "check", "--help"][..]),
    ] {
        let out = Test::new().args(args).run();
        insta::assert_snapshot!(name, out.stdout);
    }
}

/// Bad input across every subcommand, typos and invisible characters first (hardening): each of these 70+
/// exits 2 with one line that names the problem, sends nothing that changes AWS, and never panics. Before, `--regions us-east-9` still put the deny policy on the agent's role,
/// `--regions ''` silently used the configured region, and an agent name with a zero-width space matched
/// nothing and reported "Nothing to change" with exit 0.
#[tokio::test]
async fn bad_input_across_every_subcommand_exits_2_on_one_line_and_changes_nothing() {
    let sandbox = crate::harness::Sandbox::new();
    let sdk = sandbox.sdk("us-east-1").await;
    let id = crate::fixtures::seed::instance(&sdk, &[("agent-name", "bot"), ("agent-run-id", "r1")]).await;
    crate::fixtures::seed::instance(&sdk, &[("agent-name", "other"), ("agent-run-id", "r2")]).await;
    let cases: &[(&[&str], &str)] = &[
        (
            &["kill", "--agent", "bot", "--regions", "us-east-9", "--yes"],
            "`us-east-9` is not an AWS region",
        ),
        (
            &["kill", "plan", "--agent", "bot", "--regions", "eu-wset-1"],
            "did you mean eu-west-1?",
        ),
        (
            &["kill", "--agent", "bot", "--regions", "", "--yes"],
            "has an empty entry",
        ),
        (
            &["kill", "--agent", "bot", "--regions", ",,", "--yes"],
            "has an empty entry",
        ),
        (
            &[
                "kill",
                "--agent",
                "bot",
                "--regions",
                "us-east-1,,eu-west-1",
                "--yes",
            ],
            "has an empty entry",
        ),
        (&["audit", "--regions", ""], "has an empty entry"),
        (
            &["audit", "--regions", "us-east-9"],
            "`us-east-9` is not an AWS region",
        ),
        (&["guard", "--once", "--regions", ",,"], "has an empty entry"),
        (
            &["kill", "--agent", "bot\u{200b}", "--yes"],
            "U+200B (zero-width space)",
        ),
        (&["kill", "--agent", "bot\n", "--yes"], "U+000A (line feed)"),
        (
            &["kill", "undo", "--run", "r1\u{1b}[31m", "--yes"],
            "U+001B (escape)",
        ),
        (&["kill", "status", "--tag", "team=a,b"], "U+002C (,)"),
        (
            &["kill", "plan", "--tag", "te\u{feff}am=x"],
            "U+FEFF (byte order mark)",
        ),
        (&["audit", "--agent", "bot\u{200b}"], "U+200B (zero-width space)"),
        (&["audit", "--require", "agent\tname"], "U+0009 (tab)"),
        (&["report", "--agent", "bot\u{200b}"], "U+200B (zero-width space)"),
        (&["report", "--run", "r1\n"], "U+000A (line feed)"),
        (
            &["audit", "--types", "ec2:instances"],
            "did you mean ec2:instance?",
        ),
        (&["audit", "--types", "lamda"], "did you mean lambda?"),
        (
            &["kill", "--agent", "bot", "--yes", "--profile", "does-not-exist"],
            "`does-not-exist` (--profile)",
        ),
        (&["doctor", "--profile", "does-not-exist"], "is not defined in"),
        // Every subcommand's other mistakes: exit 2, one line, nothing sent that changes anything.
        (&["kill", "--yes"], "empty selector"),
        (&["kill", "plan"], "empty selector"),
        (&["kill", "undo", "--yes"], "undo needs a selector"),
        (
            &["kill", "undo", "--kill-id", "banana", "--yes"],
            "is not a kill id",
        ),
        (&["kill", "--agent", "", "--yes"], "needs a non-empty value"),
        (
            &["kill", "--agent", "bo*", "--yes"],
            "wildcards are not supported",
        ),
        (&["kill", "--tag", "team", "--yes"], "is not KEY=VALUE"),
        (
            &["kill", "--tag", "costbrake:killed=x", "--yes"],
            "costbrake's own markers",
        ),
        (
            &["kill", "--tag", "a=1", "--tag", "a=2", "--yes"],
            "one tag key two values",
        ),
        (&["kill", "--tag", "aws:x=1", "--yes"], "reserved `aws:` prefix"),
        (
            &["kill", "--agent", "bot", "--account", "12", "--yes"],
            "12-digit",
        ),
        (&["kill", "--agent", "bot", "--max-resources", "0", "--yes"], ""),
        (&["kill", "--agent", "bot"], "needs a typed confirmation"),
        (
            &["kill", "--plan", "missing.json", "--yes"],
            "--plan missing.json",
        ),
        (
            &["kill", "--agent", "bot", "--run", "r1", "--tag", "x=", "--yes"],
            "needs a non-empty value",
        ),
        (&["kill", "status", "--regions", "all,,"], "has an empty entry"),
        (
            &["kill", "--agent", "bot", "-o", "sarif", "--yes"],
            "is not available",
        ),
        (&["guard", "--once", "--interval", "10s"], "shorter than a minute"),
        (&["guard", "--once", "--max-resources", "0"], ""),
        (&["guard", "--once", "-o", "sarif"], "is not available"),
        (&["audit", "--require", ""], "needs a tag key"),
        (&["audit", "--require", "aws:owner"], "reserved `aws:` prefix"),
        (&["audit", "--agent", ""], "needs a name"),
        (&["audit", "--types", "Bad Type"], "is not a resource type"),
        (&["audit", "--regions", "banana"], "--regions"),
        (&["audit", "-o", "xml"], ""),
        (&["report", "--since", "banana"], "--since"),
        (&["report", "--since", "0d"], "--since"),
        (&["report", "--period", "someday"], "--period"),
        (&["report", "--start", "2026-13-01"], ""),
        (&["report", "--end", "2026-11-01"], "--end needs --start"),
        (&["report", "--start", "2026-11-10", "--end", "2026-11-01"], ""),
        (&["report", "--by", ""], "need a name"),
        (&["report", "--top", "0"], "--top"),
        (&["report", "--cache-ttl", "forever"], "--cache-ttl"),
        (&["report", "--agent", ""], "--agent needs a value"),
        (&["report", "-o", "sarif"], "is not available"),
        (&["report", "runs", "--since", "banana"], "--since"),
        (&["budget", "create", "--agent", "bot", "--limit", "-5"], ""),
        (&["budget", "create", "--agent", "bot", "--limit", "lots"], ""),
        (&["budget", "create", "--agent", "a:b", "--limit", "5"], ""),
        (
            &[
                "budget", "create", "--agent", "bot", "--limit", "5", "--notify", "pager:x",
            ],
            "",
        ),
        (
            &[
                "budget",
                "create",
                "--agent",
                "bot",
                "--limit",
                "5",
                "--thresholds",
                "0",
            ],
            "",
        ),
        (&["budget", "show", ""], "empty"),
        (&["budget", "delete", "--agent", "bot"], "without confirmation"),
        (&["budget", "delete", "--agent", "", "--yes"], "--agent"),
        (&["budget", "sync", "--check"], "needs a costbrake.toml"),
        (&["budget", "import", "--match", "a[b"], "not a valid glob"),
        (&["budget", "import", "--write", "."], "not a file"),
        (
            &["budget", "import", "--write", "nowhere/costbrake.toml"],
            "does not exist",
        ),
        (&["doctor", "--region", "banana"], ""),
        (&["doctor", "--endpoint-url", "not-a-url"], ""),
        (&["doctor", "--color", "sometimes"], ""),
        (&["doctor", "-o", "csv"], "is not available"),
        (&["doctor", "--config", "missing.toml"], "missing.toml"),
    ];
    for (args, expected) in cases {
        let before = sandbox.moto.requests();
        let line = sandbox.test().args(*args).error_line(2);
        assert!(line.contains(expected), "{args:?}: {line}");
        assert!(line.len() > "costbrake: error: ".len() + 10, "{args:?}: {line}");
        assert!(
            !line.contains('\u{1b}') && !line.contains('\u{200b}'),
            "{args:?} echoed raw: {line:?}"
        );
        // At most the read that checks an unknown region against the enabled ones.
        let made = sandbox.moto.requests() - before;
        assert!(made <= 1, "{args:?} made {made} requests");
    }
    assert!(cases.len() >= 60, "{} bad inputs", cases.len());
    assert_eq!(crate::fixtures::state::instance_state(&sdk, &id).await, "running");
    let iam = aws_sdk_iam::Client::new(&sdk);
    let roles = iam.list_roles().send().await.unwrap();
    assert!(roles.roles().is_empty(), "nothing was created or changed in IAM");
}

/// Every JSON example in the docs parses: the example IAM policy in docs/permissions.md did not (a
/// missing `},`), and users paste it as it is.
#[test]
fn every_json_block_in_the_docs_parses() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut pages: Vec<_> = std::fs::read_dir(root.join("docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    pages.push(root.join("README.md"));
    let mut blocks = 0;
    for page in pages {
        let text = std::fs::read_to_string(&page).unwrap();
        let mut rest = text.as_str();
        while let Some(start) = rest.find("```json\n") {
            let body = &rest[start + 8..];
            let end = body.find("```").expect("a closed code block");
            if let Err(e) = serde_json::from_str::<serde_json::Value>(&body[..end]) {
                panic!("{}: a JSON block does not parse: {e}", page.display());
            }
            blocks += 1;
            rest = &body[end..];
        }
    }
    assert!(blocks >= 1, "the example policy at least");
}
