//! The test harness: a moto server per test on a free 127.0.0.1 port (`moto`), and a sandboxed
//! environment (fake credentials, empty HOME, no ~/.aws, private XDG dirs) to run the real `costbrake`
//! binary in (`sandbox`). Tests that need AWS state seed it through the AWS SDK against their own server,
//! so tests never share state and run in parallel.

mod moto;
mod sandbox;

pub use moto::free_port;
pub use sandbox::{Sandbox, isolated_cmd, temp_home};

/// The account moto answers for by default.
pub const ACCOUNT: &str = "123456789012";
/// The region tests use unless they say otherwise.
pub const REGION: &str = "us-east-1";

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
