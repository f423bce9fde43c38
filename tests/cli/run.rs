//! `costbrake run` end to end: the real binary wrapping real child processes (sh, and Python with boto3
//! as an agent would be), against moto. The child's environment, the role session it acts as, the
//! credential_process refresh, the leftovers and `--on-exit kill` with its undo, `--max-duration`,
//! signals, exit codes and the ledger are all checked on what the child saw and on AWS state.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::fixtures::state::instance_state;
use crate::harness::{Moto, Sandbox, Test, free_port, recorded_assume_roles};

/// The ledger of a sandbox, as `run list -o json` shows it.
fn runs(sandbox: &Sandbox) -> Vec<serde_json::Value> {
    let listing = sandbox.test().args(["run", "list", "-o", "json"]).run().json();
    assert_eq!(listing["schema"], "costbrake.runs/v1");
    listing["runs"].as_array().expect("runs").clone()
}

/// A Python agent that launches one EC2 instance tagged with its run's id and agent (from the
/// variables `costbrake run` gave it), writes the instance id to `launched`, then sleeps `sleep` seconds.
const LAUNCHER: &str = r#"
import os, sys, time, boto3
ec2 = boto3.client("ec2", region_name=os.environ["AWS_REGION"])
tags = [{"Key": "agent-name", "Value": os.environ["AGENT_NAME"]},
        {"Key": "agent-run-id", "Value": os.environ["AGENT_RUN_ID"]}]
out = ec2.run_instances(ImageId="ami-12c6146b", InstanceType="t3.micro", MinCount=1, MaxCount=1,
    TagSpecifications=[{"ResourceType": "instance", "Tags": tags}])
with open("launched", "w") as f:
    f.write(out["Instances"][0]["InstanceId"])
time.sleep(float(sys.argv[1]))
"#;

#[test]
fn the_child_gets_the_id_appended_otel_and_baggage_and_its_exit_code_passes_through() {
    let sandbox = Sandbox::new();
    let out = sandbox
        .test()
        .args([
            "run",
            "--agent",
            "research agent",
            "--on-exit",
            "none",
            "--",
            "sh",
            "-c",
            "printf '%s|%s|%s|%s|%s\\n' \"$AGENT_RUN_ID\" \"$AGENT_NAME\" \"$COSTBRAKE_RUN_ID\" \
             \"$OTEL_RESOURCE_ATTRIBUTES\" \"$BAGGAGE\"; exit 7",
        ])
        .env("OTEL_RESOURCE_ATTRIBUTES", "service.name=agent,team=ml")
        .env("BAGGAGE", "tenant=acme")
        .status(7)
        .run();
    let line = out.stdout.trim_end();
    let fields: Vec<&str> = line.split('|').collect();
    assert_eq!(fields.len(), 5, "{line}");
    let id = fields[0];
    let parsed = uuid::Uuid::parse_str(id).expect("the run id is a UUID");
    assert_eq!(parsed.get_version_num(), 4);
    assert_eq!(fields[1], "research agent");
    assert_eq!(fields[2], id);
    assert_eq!(
        fields[3],
        format!("service.name=agent,team=ml,agent.name=research%20agent,agent.run_id={id}"),
        "appended, not replaced"
    );
    assert_eq!(
        fields[4],
        format!("tenant=acme,agent.name=research%20agent,agent.run_id={id}")
    );
    assert!(
        out.stderr.contains(&format!("run {id} of agent research agent")),
        "the id is announced on stderr: {}",
        out.stderr
    );
    // The variable names come from [run].
    sandbox.write(
        "costbrake.toml",
        "[run]\nrun_id_variable = \"MY_RUN\"\nagent_variable = \"MY_AGENT\"\n",
    );
    let out = sandbox
        .test()
        .args([
            "run",
            "--agent",
            "a",
            "--run-id",
            "job-42",
            "--on-exit",
            "none",
            "--",
            "sh",
            "-c",
            "echo \"$MY_RUN/$MY_AGENT/${AGENT_RUN_ID:-unset}\"",
        ])
        .run();
    assert_eq!(out.stdout, "job-42/a/unset\n");

    let runs = runs(&sandbox);
    assert_eq!(runs.len(), 2);
    let first = &runs[1];
    assert_eq!(first["run_id"], id);
    assert_eq!(first["agent"], "research agent");
    assert_eq!(first["status"], "finished");
    assert_eq!(first["end"]["exit_code"], 7);
    assert_eq!(first["end"]["ending"], "exited");
    assert_eq!(first["command"][0], "sh");
    assert!(first["duration_seconds"].as_f64().is_some());
}

#[test]
fn bad_input_exits_2_with_one_line_and_starts_nothing() {
    let test = Test::new;
    let marker = "touch started";
    for (args, needle) in [
        (vec!["run", "--agent", "a", "--"], "needs a command after `--`"),
        (
            vec!["run", "--agent", "a;b", "--", "sh", "-c", marker],
            "--agent `a;b`",
        ),
        (vec!["run", "--agent", " a", "--", "sh", "-c", marker], "space"),
        (
            vec![
                "run",
                "--agent",
                "a",
                "--run-id",
                "x\u{200b}",
                "--",
                "sh",
                "-c",
                marker,
            ],
            "U+200B",
        ),
        (
            vec![
                "run",
                "--agent",
                "a",
                "--role",
                "agent-runner",
                "--",
                "sh",
                "-c",
                marker,
            ],
            "not an IAM role ARN",
        ),
        (
            vec![
                "run",
                "--agent",
                "a",
                "--on-exit",
                "explode",
                "--",
                "sh",
                "-c",
                marker,
            ],
            "--on-exit",
        ),
        (
            vec![
                "run",
                "--agent",
                "a",
                "--max-duration",
                "0s",
                "--",
                "sh",
                "-c",
                marker,
            ],
            "zero",
        ),
        (
            vec![
                "run",
                "--agent",
                "a",
                "--regions",
                "us-east-1,,x",
                "--",
                "sh",
                "-c",
                marker,
            ],
            "empty entry",
        ),
        (vec!["run", "--", "sh", "-c", marker], "--agent"),
        (
            vec!["run", "env", "--agent", "a", "--format", "github"],
            "GITHUB_ENV",
        ),
    ] {
        let line = test().args(args.clone()).error_line(2);
        assert!(line.contains(needle), "{args:?}: {line}");
    }
    // Nothing started, nothing recorded: the sandbox's own home is checked with a run that would write.
    let sandbox = Sandbox::new();
    let line = sandbox
        .test()
        .args([
            "run",
            "--agent",
            "a",
            "--role",
            "arn:aws:iam::1:role/r",
            "--",
            "sh",
            "-c",
            marker,
        ])
        .error_line(2);
    assert!(line.contains("--role"), "{line}");
    assert!(
        !sandbox.dir().join("started").exists(),
        "the command must not start"
    );
    assert!(runs(&sandbox).is_empty(), "nothing is recorded");
}

#[test]
fn a_role_that_cannot_be_assumed_fails_before_the_child_unless_optional() {
    let sandbox = Sandbox::new();
    // STS on a port nothing listens on: every AssumeRole fails, as an unreachable or refusing STS does.
    let dead = format!("http://127.0.0.1:{}", free_port());
    let args = |optional: bool| {
        let mut args = vec![
            "run",
            "--agent",
            "a",
            "--role",
            "arn:aws:iam::123456789012:role/agent-runner",
            "--on-exit",
            "none",
        ];
        if optional {
            args.push("--role-optional");
        }
        args.extend(["--", "sh", "-c", "touch started; echo \"${AWS_PROFILE:-own}\""]);
        args
    };
    let line = sandbox
        .test()
        .args(args(false))
        .env("AWS_ENDPOINT_URL_STS", &dead)
        .env("AWS_MAX_ATTEMPTS", "1")
        .error_line(3);
    assert!(line.contains("sts AssumeRole"), "{line}");
    assert!(
        line.contains("--role-optional"),
        "the line names the way out: {line}"
    );
    assert!(
        !sandbox.dir().join("started").exists(),
        "the command must not start"
    );
    assert!(runs(&sandbox).is_empty());

    let out = sandbox
        .test()
        .args(args(true))
        .env("AWS_ENDPOINT_URL_STS", &dead)
        .env("AWS_MAX_ATTEMPTS", "1")
        .run();
    assert_eq!(
        out.stdout, "own\n",
        "--role-optional runs with the caller's own credentials"
    );
    assert!(out.stderr.contains("--role-optional"), "{}", out.stderr);
}

/// The AssumeRole requests moto recorded, each as its decoded form fields.
/// The child of a role run: boto3 with no credentials of its own finds the role session through the
/// profile costbrake wrote; it then runs that profile's credential_process until a refresh has replaced
/// the credentials, and checks each answer against STS.
const ROLE_CHILD: &str = r#"
import configparser, json, os, shlex, subprocess, time, boto3
out = {"shadowed": [k for k in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY") if k in os.environ]}
out["arn"] = boto3.client("sts").get_caller_identity()["Arn"]
config = configparser.ConfigParser()
config.read(os.environ["AWS_CONFIG_FILE"])
process = config["profile costbrake-run"]["credential_process"]
out["config_mode"] = oct(os.stat(os.environ["AWS_CONFIG_FILE"]).st_mode & 0o777)
def call():
    creds = json.loads(subprocess.run(shlex.split(process), check=True, capture_output=True).stdout)
    assert creds["Version"] == 1
    sts = boto3.client("sts", aws_access_key_id=creds["AccessKeyId"],
        aws_secret_access_key=creds["SecretAccessKey"], aws_session_token=creds["SessionToken"])
    return {"key": creds["AccessKeyId"], "arn": sts.get_caller_identity()["Arn"],
            "expiration": creds["Expiration"]}
keys = [call()]
# costbrake refreshes every second here: wait (at most 60 s, for a loaded machine) for new credentials.
deadline = time.time() + 60
while True:
    time.sleep(0.5)
    latest = call()
    if latest["key"] != keys[0]["key"] or time.time() > deadline:
        keys.append(latest)
        break
out["calls"] = keys
out["profile_dir"] = os.path.dirname(os.environ["AWS_CONFIG_FILE"])
print(json.dumps(out))
"#;

#[test]
fn a_role_run_acts_as_the_tagged_session_and_its_credentials_refresh() {
    let recording = tempfile::NamedTempFile::new().expect("recording file");
    let sandbox = Sandbox::with_moto(Moto::start_recording(recording.path()));
    sandbox.write("child.py", ROLE_CHILD);
    // AWS refuses AssumeRole of a role that does not exist (scripts/moto_server.py fix 12).
    tokio::runtime::Runtime::new().expect("runtime").block_on(async {
        let sdk = sandbox.sdk("us-east-1").await;
        crate::fixtures::seed::role(&sdk, "agent-runner", &[]).await;
    });
    let role = "arn:aws:iam::123456789012:role/agent-runner";
    let out = sandbox
        .test()
        .args([
            "run",
            "--agent",
            "research-agent",
            "--run-id",
            "run-7f3a",
            "--role",
            role,
            "--on-exit",
            "none",
            "--",
            "python3",
            "child.py",
        ])
        .env("COSTBRAKE_RUN_REFRESH_SECONDS", "1")
        .run();
    let seen: serde_json::Value = serde_json::from_str(out.stdout.trim()).expect("the child's report");
    let session = "arn:aws:sts::123456789012:assumed-role/agent-runner/costbrake-run-7f3a";
    assert_eq!(seen["arn"], session, "boto3 acts as the role session");
    assert_eq!(
        seen["shadowed"],
        serde_json::json!([]),
        "no caller keys left to win over the profile"
    );
    assert_eq!(seen["config_mode"], "0o600");
    let calls = seen["calls"].as_array().expect("calls");
    assert_eq!(calls.len(), 2);
    for call in calls {
        assert_eq!(
            call["arn"], session,
            "each credential_process answer is a valid session"
        );
    }
    assert_ne!(
        calls[0]["key"], calls[1]["key"],
        "costbrake assumed the role again and rewrote the credentials while the child ran"
    );
    let profile_dir = seen["profile_dir"].as_str().expect("profile dir");
    assert!(
        !Path::new(profile_dir).exists(),
        "the temporary profile is removed at exit"
    );

    // What STS was asked: moto drops session tags, so the recorded requests are checked.
    let requests = recorded_assume_roles(recording.path());
    assert!(
        requests.len() >= 2,
        "the first AssumeRole and at least one refresh: {requests:?}"
    );
    for fields in &requests {
        let field = |name: &str| {
            fields
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str())
                .unwrap_or_else(|| panic!("no {name} in {fields:?}"))
        };
        assert_eq!(field("RoleArn"), role);
        assert_eq!(field("RoleSessionName"), "costbrake-run-7f3a");
        assert_eq!(field("SourceIdentity"), "run-7f3a");
        assert_eq!(field("Tags.member.1.Key"), "agent-name");
        assert_eq!(field("Tags.member.1.Value"), "research-agent");
        assert_eq!(field("Tags.member.2.Key"), "agent-run-id");
        assert_eq!(field("Tags.member.2.Value"), "run-7f3a");
        assert_eq!(field("TransitiveTagKeys.member.1"), "agent-name");
        assert_eq!(field("TransitiveTagKeys.member.2"), "agent-run-id");
    }

    let runs = runs(&sandbox);
    assert_eq!(runs[0]["role"], role);
    assert_eq!(runs[0]["role_session_arn"], session);
    assert_eq!(runs[0]["caller"], "arn:aws:sts::123456789012:user/moto");

    // Once the run is over its credential file is gone, and credential_process says why.
    let file = format!("{profile_dir}/credentials.json");
    let line = sandbox
        .test()
        .args(["run", "credentials", "--file", &file])
        .error_line(2);
    assert!(line.contains("has ended"), "{line}");
}

#[tokio::test]
async fn leftovers_are_listed_and_on_exit_kill_stops_them_and_undo_restores_them() {
    let sandbox = Sandbox::new();
    let sdk = sandbox.sdk("us-east-1").await;
    sandbox.write("launch.py", LAUNCHER);

    let out = sandbox
        .test()
        .args([
            "run",
            "--agent",
            "research-agent",
            "--",
            "python3",
            "launch.py",
            "0",
        ])
        .run();
    let first = std::fs::read_to_string(sandbox.dir().join("launched")).expect("launched");
    assert!(
        out.stderr.contains("left 1 resource tagged agent-run-id="),
        "the default on-exit step lists the leftovers: {}",
        out.stderr
    );
    assert!(out.stderr.contains(&first), "{}", out.stderr);
    assert!(out.stderr.contains("costbrake kill --run "), "{}", out.stderr);
    assert_eq!(
        instance_state(&sdk, &first).await,
        "running",
        "report changes nothing"
    );

    let out = sandbox
        .test()
        .args([
            "run",
            "--agent",
            "research-agent",
            "--run-id",
            "run-kill-1",
            "--on-exit",
            "kill",
            "--",
            "python3",
            "launch.py",
            "0",
        ])
        .run();
    let second = std::fs::read_to_string(sandbox.dir().join("launched")).expect("launched");
    assert_ne!(first, second);
    assert!(
        out.stderr.contains("costbrake kill undo --kill-id kill-"),
        "{}",
        out.stderr
    );
    assert_eq!(
        instance_state(&sdk, &second).await,
        "stopped",
        "--on-exit kill stopped the run's instance"
    );
    assert_eq!(
        instance_state(&sdk, &first).await,
        "running",
        "another run's instance is left alone"
    );

    let runs = runs(&sandbox);
    assert_eq!(runs[0]["run_id"], "run-kill-1");
    assert!(
        runs[0]["end"]["kill_id"]
            .as_str()
            .is_some_and(|k| k.starts_with("kill-")),
        "{}",
        runs[0]
    );
    assert_eq!(runs[1]["end"]["leftovers"], 1);

    sandbox
        .test()
        .args(["kill", "undo", "--run", "run-kill-1", "--yes"])
        .run();
    assert_eq!(instance_state(&sdk, &second).await, "running", "undo restores it");
}

#[tokio::test]
async fn max_duration_ends_a_sleeping_child_with_124_and_applies_on_exit() {
    let sandbox = Sandbox::new();
    let sdk = sandbox.sdk("us-east-1").await;
    // The run's worker exists before the brake fires (launched here, not by the child, so that a slow
    // machine cannot make the 2 s limit race the launch).
    let instance = crate::fixtures::seed::instance(
        &sdk,
        &[("agent-name", "looper"), ("agent-run-id", "weekend-loop")],
    )
    .await;
    let started = Instant::now();
    let out = sandbox
        .test()
        .args([
            "run",
            "--agent",
            "looper",
            "--run-id",
            "weekend-loop",
            "--max-duration",
            "2s",
            "--grace",
            "1s",
            "--on-exit",
            "kill",
            "--",
            "sh",
            "-c",
            "while :; do sleep 1; done",
        ])
        .status(124)
        .run();
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "ended, not waited out"
    );
    assert!(out.stderr.contains("--max-duration 2s reached"), "{}", out.stderr);
    assert_eq!(
        instance_state(&sdk, &instance).await,
        "stopped",
        "on-exit applied after the brake"
    );
    let runs = runs(&sandbox);
    assert_eq!(runs[0]["end"]["ending"], "timed-out");
    assert_eq!(runs[0]["end"]["exit_code"], 124);

    // A child that ignores SIGTERM gets SIGKILL after the grace period; still 124.
    let out = sandbox
        .test()
        .args([
            "run",
            "--agent",
            "looper",
            "--max-duration",
            "1s",
            "--grace",
            "1s",
            "--on-exit",
            "none",
            "--",
            "sh",
            "-c",
            "trap '' TERM; sleep 30",
        ])
        .status(124)
        .run();
    assert!(out.stderr.contains("SIGKILL after 1s"), "{}", out.stderr);
}

/// Starts `costbrake run` with `child` (an sh script) in the background and waits until the child wrote
/// `ready`.
fn start_run(sandbox: &Sandbox, run_id: &str, child: &str) -> std::process::Child {
    start_run_with(sandbox, run_id, "none", child, &[])
}

/// `start_run` with an `--on-exit` step and extra environment variables.
fn start_run_with(
    sandbox: &Sandbox,
    run_id: &str,
    on_exit: &str,
    child: &str,
    env: &[(&str, &str)],
) -> std::process::Child {
    let _ = std::fs::remove_file(sandbox.dir().join("ready"));
    let process = sandbox
        .process()
        .args([
            "run",
            "--agent",
            "sig",
            "--run-id",
            run_id,
            "--on-exit",
            on_exit,
            "--",
            "sh",
            "-c",
            child,
        ])
        .envs(env.iter().copied())
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start costbrake run");
    let deadline = Instant::now() + Duration::from_secs(30);
    while !sandbox.dir().join("ready").exists() {
        assert!(Instant::now() < deadline, "the child never got ready");
        std::thread::sleep(Duration::from_millis(20));
    }
    process
}

/// `start_run`, then `signal` sent to costbrake; returns costbrake's exit code.
fn signal_run(sandbox: &Sandbox, run_id: &str, child: &str, signal: &str) -> i32 {
    let mut process = start_run(sandbox, run_id, child);
    let sent = std::process::Command::new("kill")
        .args([&format!("-{signal}"), &process.id().to_string()])
        .status()
        .expect("kill");
    assert!(sent.success());
    let status = process.wait().expect("wait for costbrake");
    status.code().expect("costbrake exits, it is not killed")
}

#[test]
fn signals_are_forwarded_exit_codes_pass_through_and_the_ledger_is_complete() {
    let sandbox = Sandbox::new();
    // A child that handles the signal and exits with its own code.
    let code = signal_run(
        &sandbox,
        "sig-term-handled",
        "trap 'echo got-term > got; exit 3' TERM; touch ready; while :; do sleep 0.1; done",
        "TERM",
    );
    assert_eq!(code, 3, "costbrake exits with the child's code");
    assert_eq!(
        std::fs::read_to_string(sandbox.dir().join("got")).expect("the child saw it"),
        "got-term\n"
    );
    // Off a terminal Ctrl-C's SIGINT is forwarded too.
    let code = signal_run(
        &sandbox,
        "sig-int",
        "trap 'echo got-int > got; exit 5' INT; touch ready; while :; do sleep 0.1; done",
        "INT",
    );
    assert_eq!(code, 5);
    assert_eq!(
        std::fs::read_to_string(sandbox.dir().join("got")).expect("seen"),
        "got-int\n"
    );
    // A child the signal kills: 128 + 15, and the ledger says so.
    let code = signal_run(&sandbox, "sig-killed", "touch ready; exec sleep 30", "TERM");
    assert_eq!(code, 143);

    let runs = runs(&sandbox);
    let by_id = |id: &str| {
        runs.iter()
            .find(|r| r["run_id"] == id)
            .unwrap_or_else(|| panic!("no {id} in {runs:?}"))
            .clone()
    };
    let killed = by_id("sig-killed");
    assert_eq!(killed["status"], "finished");
    assert_eq!(killed["end"]["ending"], "signaled");
    assert_eq!(killed["end"]["signal"], 15);
    assert_eq!(killed["end"]["exit_code"], 143);
    assert_eq!(by_id("sig-term-handled")["end"]["exit_code"], 3);
    assert_eq!(by_id("sig-int")["end"]["exit_code"], 5);
}

#[test]
fn a_run_whose_costbrake_dies_is_lost_not_running() {
    let sandbox = Sandbox::new();
    let code = {
        let mut process = start_run(
            &sandbox,
            "lost-1",
            "echo $$ > ready.tmp; mv ready.tmp ready; exec sleep 5",
        );
        let listing = runs(&sandbox);
        assert_eq!(listing[0]["status"], "running", "its costbrake is alive");
        process.kill().expect("SIGKILL costbrake");
        let code = process.wait().expect("wait").code();
        // The orphaned child is this test's to end.
        let child = std::fs::read_to_string(sandbox.dir().join("ready")).expect("child pid");
        let _ = std::process::Command::new("kill").arg(child.trim()).status();
        code
    };
    assert_eq!(code, None);
    let listing = runs(&sandbox);
    assert_eq!(listing[0]["run_id"], "lost-1");
    assert_eq!(listing[0]["status"], "lost");
}

#[test]
fn run_env_prints_exports_and_writes_github_env() {
    let sandbox = Sandbox::new();
    let out = sandbox
        .test()
        .args(["run", "env", "--agent", "ci-agent", "--run-id", "gh-123"])
        .env("BAGGAGE", "tenant=acme")
        .run();
    assert!(
        out.stdout.contains("export AGENT_RUN_ID='gh-123'\n"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("export AGENT_NAME='ci-agent'\n"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("export BAGGAGE='tenant=acme,agent.name=ci-agent,agent.run_id=gh-123'\n"),
        "{}",
        out.stdout
    );
    // What a shell makes of it.
    let evaluated = std::process::Command::new("sh")
        .args([
            "-c",
            &format!(
                "{}\necho \"$COSTBRAKE_RUN_ID $OTEL_RESOURCE_ATTRIBUTES\"",
                out.stdout
            ),
        ])
        .output()
        .expect("sh");
    assert_eq!(
        String::from_utf8_lossy(&evaluated.stdout),
        "gh-123 agent.name=ci-agent,agent.run_id=gh-123\n"
    );

    let github_env = sandbox.write("github_env", "EARLIER=1\n");
    let out = sandbox
        .test()
        .args(["run", "env", "--agent", "ci-agent", "--format", "github"])
        .env("GITHUB_ENV", &github_env)
        .run();
    assert_eq!(out.stdout, "");
    let written = std::fs::read_to_string(&github_env).expect("GITHUB_ENV");
    assert!(
        written.starts_with("EARLIER=1\nAGENT_RUN_ID="),
        "appended: {written}"
    );
    assert!(written.contains("\nAGENT_NAME=ci-agent\n"), "{written}");
    let runs = runs(&sandbox);
    assert_eq!(runs.len(), 2);
    assert_eq!(runs[1]["status"], "handed-out");
}

#[test]
fn print_policy_makes_creates_carry_the_configured_tags() {
    let out = Test::new().args(["run", "--print-policy"]).run();
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).expect("a JSON policy");
    assert_eq!(doc["Version"], "2012-10-17");
    let text = doc.to_string();
    assert!(
        text.contains(r#""aws:RequestTag/agent-run-id":"${aws:PrincipalTag/agent-run-id}""#),
        "{text}"
    );
    let config = Test::new()
        .write("costbrake.toml", "[tags]\nagent = \"Agent\"\nrun = \"RunId\"\n")
        .args(["run", "--print-policy"])
        .run();
    assert!(
        config.stdout.contains("aws:RequestTag/RunId"),
        "{}",
        config.stdout
    );
    assert!(!config.stdout.contains("agent-run-id"), "{}", config.stdout);
}

#[test]
fn report_by_run_id_joins_the_ledger_start_duration_and_exit_code() {
    use crate::report::{day, days_ago, range_args, response};
    let sandbox = Sandbox::new();
    sandbox
        .test()
        .args([
            "run",
            "--agent",
            "research-agent",
            "--run-id",
            "run-cost-1",
            "--on-exit",
            "none",
            "--",
            "sh",
            "-c",
            "exit 4",
        ])
        .status(4)
        .run();
    let first = days_ago(2);
    sandbox.moto.queue_cost_results(&[response(
        vec![day(
            first,
            false,
            &[
                (&["agent-run-id$run-cost-1"], "3.72"),
                (&["agent-run-id$run-elsewhere"], "1.10"),
            ],
        )],
        None,
    )]);
    let out = sandbox
        .test()
        .args(["report", "--by", "agent-run-id", "-o", "json"])
        .args(range_args(first, first))
        .run();
    let report = out.json();
    let rows = report["rows"].as_array().expect("rows");
    let row = |id: &str| {
        rows.iter()
            .find(|r| r["keys"][0] == id)
            .unwrap_or_else(|| panic!("no {id} in {rows:?}"))
    };
    let joined = row("run-cost-1");
    assert_eq!(joined["total"], "3.72");
    assert_eq!(joined["run"]["agent"], "research-agent");
    assert_eq!(joined["run"]["exit_code"], 4);
    assert_eq!(joined["run"]["status"], "finished");
    assert!(joined["run"]["started"].as_str().is_some());
    assert!(
        row("run-elsewhere").get("run").is_none(),
        "a run this machine did not wrap has no facts"
    );

    let table = sandbox
        .test()
        .args(["report", "--by", "agent-run-id"])
        .args(range_args(first, first))
        .run()
        .stdout;
    assert!(table.contains("started") && table.contains("exit"), "{table}");
}

#[test]
fn ctrl_c_during_the_on_exit_step_ends_the_step_and_the_run_is_still_recorded() {
    let sandbox = Sandbox::new();
    // EC2 and the Tagging API answer nothing: a listener that never accepts, so the on-exit listing hangs
    // as it would on a network that has gone away.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").expect("listener");
    let silent_url = format!("http://{}", silent.local_addr().expect("address"));
    let mut process = start_run_with(
        &sandbox,
        "cut-short",
        "report",
        "touch ready",
        &[
            ("AWS_ENDPOINT_URL_EC2", &silent_url),
            ("AWS_ENDPOINT_URL_RESOURCE_GROUPS_TAGGING_API", &silent_url),
        ],
    );
    // The child has exited; costbrake is in the on-exit step, waiting on the silent endpoints.
    std::thread::sleep(Duration::from_millis(500));
    let interrupted = Instant::now();
    let sent = std::process::Command::new("kill")
        .args(["-INT", &process.id().to_string()])
        .status()
        .expect("kill");
    assert!(sent.success());
    let status = process.wait().expect("wait");
    assert!(
        interrupted.elapsed() < Duration::from_secs(10),
        "Ctrl-C ends the step promptly"
    );
    assert_eq!(status.code(), Some(0), "the run's exit code is still the child's");
    let listing = runs(&sandbox);
    assert_eq!(listing[0]["run_id"], "cut-short");
    assert_eq!(listing[0]["status"], "finished", "the end is recorded");
    assert!(listing[0]["end"].get("leftovers").is_none(), "{}", listing[0]);
    drop(silent);
}
