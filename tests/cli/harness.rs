//! The test harness: a moto server per test on a free 127.0.0.1 port, and a sandboxed environment
//! (fake credentials, empty HOME, no ~/.aws, private XDG dirs) to run the real `costbrake` binary in.
//! Tests that need AWS state seed it through the AWS SDK against their own server, so tests never
//! share state and run in parallel.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command as StdCommand, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::Command;

/// The account moto answers for by default.
pub const ACCOUNT: &str = "123456789012";
/// The region tests use unless they say otherwise.
pub const REGION: &str = "us-east-1";

/// A moto server owned by one test; stopped when dropped.
pub struct Moto {
    child: Child,
    pub endpoint: String,
    /// moto's own log: a file, never an unread pipe (moto logs every request and would block once a
    /// pipe's buffer is full).
    _log: tempfile::NamedTempFile,
}

impl Moto {
    /// Starts moto_server on a free loopback port and waits until it answers.
    pub fn start() -> Moto {
        let (program, args) = moto_command();
        let mut last_error = String::new();
        for _ in 0..5 {
            let port = free_port();
            let log = tempfile::NamedTempFile::new().expect("moto log file");
            let mut child = StdCommand::new(&program)
                .args(&args)
                .args(["-H", "127.0.0.1", "-p", &port.to_string()])
                .stdin(Stdio::null())
                .stdout(log.reopen().map(Stdio::from).unwrap_or_else(|_| Stdio::null()))
                .stderr(log.reopen().map(Stdio::from).unwrap_or_else(|_| Stdio::null()))
                .spawn()
                .unwrap_or_else(|e| {
                    panic!("cannot start {program}: {e}; run scripts/test.sh, which installs moto[server]")
                });
            let deadline = Instant::now() + Duration::from_secs(60);
            loop {
                if let Ok(Some(status)) = child.try_wait() {
                    let output = std::fs::read_to_string(log.path()).unwrap_or_default();
                    let tail: Vec<&str> = output.lines().rev().take(5).collect();
                    last_error = format!("moto_server exited with {status} on port {port}: {tail:?}");
                    break;
                }
                if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                    return Moto {
                        child,
                        endpoint: format!("http://127.0.0.1:{port}"),
                        _log: log,
                    };
                }
                if Instant::now() > deadline {
                    let _ = child.kill();
                    last_error = format!("moto_server did not listen on port {port} within 60 s");
                    break;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        panic!("could not start moto: {last_error}");
    }
}

impl Moto {
    /// POSTs a JSON body to one of moto's own endpoints (e.g. `/moto-api/static/ce/cost-and-usage-results`,
    /// `/moto-api/reset`) and returns the HTTP status.
    pub fn post(&self, path: &str, body: &serde_json::Value) -> u16 {
        use std::io::{Read, Write};
        let body = body.to_string();
        let addr = self.endpoint.trim_start_matches("http://");
        let mut stream = TcpStream::connect(addr).expect("connect to moto");
        write!(
            stream,
            "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .expect("write to moto");
        // Only the status line is needed. Reading to EOF would depend on moto closing the connection,
        // which it does not always do promptly: read until the first line ends, with a timeout.
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .expect("set a read timeout");
        let mut response = Vec::new();
        let mut chunk = [0u8; 512];
        while !response.windows(2).any(|w| w == b"\r\n") {
            match stream.read(&mut chunk) {
                Ok(0) => break,
                Ok(n) => response.extend_from_slice(&chunk[..n]),
                Err(e) => panic!("no answer from moto to POST {path}: {e}"),
            }
        }
        let response = String::from_utf8_lossy(&response);
        response
            .split_whitespace()
            .nth(1)
            .and_then(|code| code.parse().ok())
            .unwrap_or_else(|| panic!("no HTTP status from moto: {response}"))
    }

    /// Queues `GetCostAndUsage` responses (each a full response as in the AWS API reference). moto
    /// binds each to the next request body it has not seen, first in first out, and answers that
    /// body with it from then on.
    pub fn queue_cost_results(&self, results: &[serde_json::Value]) {
        let status = self.post(
            "/moto-api/static/ce/cost-and-usage-results",
            &serde_json::json!({ "results": results }),
        );
        assert_eq!(status, 201, "moto refused the queued Cost Explorer results");
    }

    /// How many AWS API requests moto has logged so far (its own `/moto-api` calls excluded). moto
    /// logs a request just after answering it: callers expecting a count wait with `wait_for_requests`.
    pub fn requests(&self) -> usize {
        std::fs::read_to_string(self._log.path())
            .unwrap_or_default()
            .lines()
            .filter(|l| l.contains(" HTTP/1.1\" ") && !l.contains("/moto-api"))
            .count()
    }

    /// Waits (up to 10 s) until moto has logged at least `n` requests, then returns the count.
    pub fn wait_for_requests(&self, n: usize) -> usize {
        let deadline = Instant::now() + Duration::from_secs(10);
        while self.requests() < n && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        // A late log line would still land within this grace period.
        std::thread::sleep(Duration::from_millis(200));
        self.requests()
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `COSTBRAKE_MOTO_SERVER`, else `moto_server` on PATH, else `python3 -m moto.server`.
fn moto_command() -> (String, Vec<String>) {
    if let Ok(custom) = std::env::var("COSTBRAKE_MOTO_SERVER") {
        return (custom, vec![]);
    }
    if on_path("moto_server") {
        return ("moto_server".into(), vec![]);
    }
    let importable = StdCommand::new("python3")
        .args(["-c", "import moto.server, flask"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if importable {
        return ("python3".into(), vec!["-m".into(), "moto.server".into()]);
    }
    panic!(
        "moto_server is not installed, and these tests need it: run scripts/test.sh, which installs \
         moto[server] with pip and then runs the tests"
    );
}

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
}

/// A port that was free a moment ago. Moto binding it may still race another test: `start` retries.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

/// A sandbox: its own moto server and its own HOME, config and cache directories.
pub struct Sandbox {
    pub moto: Moto,
    dir: tempfile::TempDir,
}

impl Sandbox {
    pub fn new() -> Sandbox {
        Sandbox {
            moto: Moto::start(),
            dir: temp_home(),
        }
    }

    /// Writes a file in the working directory and returns its path.
    pub fn write(&self, name: &str, contents: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, contents).expect("write sandbox file");
        path
    }

    /// The costbrake binary, pointed at this sandbox's moto through `AWS_ENDPOINT_URL`.
    pub fn cmd(&self) -> Command {
        let mut cmd = isolated_cmd(self.dir.path());
        cmd.env("AWS_ENDPOINT_URL", &self.moto.endpoint);
        cmd
    }

    /// An SDK configuration for seeding and inspecting this sandbox's AWS state.
    pub async fn sdk(&self, region: &str) -> aws_config::SdkConfig {
        aws_config::defaults(aws_config::BehaviorVersion::latest())
            .region(aws_config::Region::new(region.to_string()))
            .endpoint_url(&self.moto.endpoint)
            .credentials_provider(aws_sdk_sts::config::Credentials::new(
                "testing",
                "testing",
                None,
                None,
                "costbrake-tests",
            ))
            .load()
            .await
    }
}

/// A temporary HOME with empty AWS config and credentials files (missing ones make the SDK warn).
pub fn temp_home() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join(".aws")).expect("mkdir .aws");
    std::fs::write(dir.path().join(".aws/config"), "").expect("write .aws/config");
    std::fs::write(dir.path().join(".aws/credentials"), "").expect("write .aws/credentials");
    dir
}

/// The costbrake binary in an empty environment rooted at `dir`, with fake credentials and no
/// endpoint: nothing from the developer's own AWS setup leaks in, and nothing reaches AWS.
pub fn isolated_cmd(dir: &Path) -> Command {
    isolated_env(Command::new(env!("CARGO_BIN_EXE_costbrake")), dir)
}

/// Python's `pty.spawn` runs a command on a pseudo-terminal, copying our stdin to it: what a test writes
/// to stdin is typed at the command's prompt. Everything the command prints arrives on stdout.
const ON_TERMINAL: &str = "import os, pty, sys; sys.exit(os.waitstatus_to_exitcode(pty.spawn(sys.argv[1:])))";

impl Sandbox {
    /// `costbrake ARGS` on a pseudo-terminal (stdin and stderr are terminals), pointed at this sandbox's
    /// moto, for commands that ask before acting.
    pub fn cmd_on_terminal(&self, args: &[&str]) -> Command {
        let mut cmd = isolated_env(Command::new("python3"), self.dir.path());
        cmd.args(["-c", ON_TERMINAL, env!("CARGO_BIN_EXE_costbrake")])
            .args(args)
            .env("AWS_ENDPOINT_URL", &self.moto.endpoint);
        cmd
    }
}

fn isolated_env(mut cmd: Command, dir: &Path) -> Command {
    cmd.env_clear()
        .current_dir(dir)
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir.join(".config"))
        .env("XDG_CACHE_HOME", dir.join(".cache"))
        .env("XDG_DATA_HOME", dir.join(".local/share"))
        .env("AWS_CONFIG_FILE", dir.join(".aws/config"))
        .env("AWS_SHARED_CREDENTIALS_FILE", dir.join(".aws/credentials"))
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_REGION", REGION)
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("NO_COLOR", "1");
    cmd
}

/// Stdout of a finished command, as text.
pub fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Stderr of a finished command, as text.
pub fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Asserts the documented shape of an error: exit `code`, exactly one stderr line starting with
/// `costbrake: error:`, and nothing on stdout. Returns the line.
pub fn assert_one_line_error(output: &std::process::Output, code: i32) -> String {
    let err = stderr(output);
    assert_eq!(output.status.code(), Some(code), "exit code; stderr: {err}");
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 1, "expected one stderr line, got: {err}");
    assert!(lines[0].starts_with("costbrake: error: "), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        output.stdout.is_empty(),
        "stdout should be empty: {}",
        stdout(output)
    );
    lines[0].to_string()
}

/// Parses stdout as JSON.
pub fn json(output: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", stdout(output)))
}
