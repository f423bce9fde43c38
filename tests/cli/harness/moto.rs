//! A moto server per test, on a free 127.0.0.1 port, with its own request log.

use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command as StdCommand, Stdio};
use std::time::{Duration, Instant};

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
        Moto::spawn(moto_command(), &[])
    }

    /// moto with IAM enforced after `unchecked` requests (its `INITIAL_NO_AUTH_ACTION_COUNT`); the
    /// signature check is scripts/moto_server.py's fixed one.
    pub fn start_enforcing_iam(unchecked: usize) -> Moto {
        Moto::spawn(
            moto_command(),
            &[("INITIAL_NO_AUTH_ACTION_COUNT", &unchecked.to_string())],
        )
    }

    /// moto writing every request it serves (method, URL, headers, body) to `path`, one JSON object per
    /// line: for checking what was sent where moto does not keep it (AssumeRole's session tags).
    pub fn start_recording(path: &std::path::Path) -> Moto {
        let path = path.display().to_string();
        Moto::spawn(
            moto_command(),
            &[
                ("MOTO_ENABLE_RECORDING", "True"),
                ("MOTO_RECORDER_FILEPATH", &path),
            ],
        )
    }

    fn spawn((program, args): (String, Vec<String>), env: &[(&str, &str)]) -> Moto {
        let custom = std::env::var_os("COSTBRAKE_MOTO_SERVER").is_some();
        let mut last_error = String::new();
        for _ in 0..5 {
            let port = free_port();
            let log = tempfile::NamedTempFile::new().expect("moto log file");
            let mut child = StdCommand::new(&program)
                .envs(env.iter().copied())
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
                // Listening is not enough: another test's moto may have won the port, and this one is
                // about to exit with "Address already in use". Ours says it runs on the port.
                let ours = custom
                    || std::fs::read_to_string(log.path())
                        .is_ok_and(|l| l.contains(&format!("Running on http://127.0.0.1:{port}")));
                if ours && TcpStream::connect(("127.0.0.1", port)).is_ok() {
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

/// `COSTBRAKE_MOTO_SERVER`, else scripts/moto_server.py (moto with the fixes it needs to answer as AWS
/// does; see that file) when python3 can import moto.
fn moto_command() -> (String, Vec<String>) {
    if let Ok(custom) = std::env::var("COSTBRAKE_MOTO_SERVER") {
        return (custom, vec![]);
    }
    let importable = StdCommand::new("python3")
        .args(["-c", "import moto.server, flask"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if importable {
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/moto_server.py");
        return ("python3".into(), vec![script.into()]);
    }
    panic!(
        "moto is not installed for python3, and these tests need it: run scripts/test.sh, which installs \
         moto[server] with pip and then runs the tests"
    );
}

/// A port that was free a moment ago. Moto binding it may still race another test: `start` retries.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

/// The AssumeRole requests in a recording of `Moto::start_recording`, each as its form fields.
pub fn recorded_assume_roles(recording: &std::path::Path) -> Vec<Vec<(String, String)>> {
    let text = std::fs::read_to_string(recording).expect("moto's recording");
    text.lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter_map(|entry| {
            let body = entry["body"].as_str()?.to_string();
            let body = if entry["body_encoded"] == true {
                String::from_utf8(base64_decode(&body)).ok()?
            } else {
                body
            };
            let fields: Vec<(String, String)> = url::form_urlencoded::parse(body.as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect();
            fields
                .iter()
                .any(|(k, v)| k == "Action" && v == "AssumeRole")
                .then_some(fields)
        })
        .collect()
}

fn base64_decode(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let (mut buffer, mut bits) = (0u32, 0);
    for c in text.bytes().filter(|c| *c != b'=') {
        let Some(value) = ALPHABET.iter().position(|a| *a == c) else {
            continue;
        };
        buffer = (buffer << 6) | value as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    out
}
