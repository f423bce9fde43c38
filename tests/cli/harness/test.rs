//! `Test`: one run of the costbrake binary, declared as a builder (arguments, environment, files, input)
//! with the outcome it expects (exit code, stdout, stderr), then checked by `run`. After casey/just's
//! `tests/test.rs`.
//!
//! ```ignore
//! let report = sandbox.test().args(["audit", "-o", "json"]).status(1).run().json();
//! let line = Test::new().args(["doctor", "-o", "xml"]).error_line(2);
//! ```

use std::ffi::{OsStr, OsString};
use std::path::Path;

use super::sandbox::{Sandbox, isolated_cmd, temp_home};

/// One run of `costbrake`, and what it must do. Nothing runs until `run` or `error_line`.
#[must_use = "a Test does nothing until .run() or .error_line()"]
pub struct Test<'a> {
    home: Home<'a>,
    args: Vec<OsString>,
    /// Variables to set (`Some`) or remove (`None`), in order.
    env: Vec<(OsString, Option<OsString>)>,
    stdin: Option<Vec<u8>>,
    terminal: bool,
    /// The exit code expected; `None`: any.
    status: Option<i32>,
    stdout: Option<String>,
    stdout_has: Vec<String>,
    stderr_has: Vec<String>,
}

/// Where the run happens: an empty home of its own (no AWS endpoint at all), or a sandbox's, pointed at
/// its moto.
enum Home<'a> {
    Own(tempfile::TempDir),
    Sandbox(&'a Sandbox),
}

/// What a run printed, and how it exited.
#[derive(Debug)]
pub struct Output {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Output {
    /// Stdout parsed as JSON.
    #[track_caller]
    /// A costbrake document (one with a `schema` field) is validated against its committed JSON Schema.
    pub fn json(&self) -> serde_json::Value {
        let value = serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", self.stdout));
        super::schema::validate(&value);
        value
    }
}

impl Sandbox {
    /// A run in this sandbox, against its moto.
    pub fn test(&self) -> Test<'_> {
        Test::in_home(Home::Sandbox(self))
    }
}

impl Test<'static> {
    /// A run in an empty home of its own, with fake credentials and no endpoint: for what must never
    /// reach AWS (help, bad input, refused settings).
    pub fn new() -> Self {
        Test::in_home(Home::Own(temp_home()))
    }
}

impl Default for Test<'static> {
    fn default() -> Self {
        Test::new()
    }
}

impl<'a> Test<'a> {
    fn in_home(home: Home<'a>) -> Self {
        Test {
            home,
            args: Vec::new(),
            env: Vec::new(),
            stdin: None,
            terminal: false,
            status: Some(0),
            stdout: None,
            stdout_has: Vec::new(),
            stderr_has: Vec::new(),
        }
    }

    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> Self {
        self.args.push(arg.as_ref().to_owned());
        self
    }

    pub fn args(mut self, args: impl IntoIterator<Item = impl AsRef<OsStr>>) -> Self {
        self.args.extend(args.into_iter().map(|a| a.as_ref().to_owned()));
        self
    }

    pub fn env(mut self, key: impl AsRef<OsStr>, value: impl AsRef<OsStr>) -> Self {
        self.env
            .push((key.as_ref().to_owned(), Some(value.as_ref().to_owned())));
        self
    }

    /// Runs without `key` (one of the sandbox's own variables, such as `AWS_REGION`).
    pub fn env_remove(mut self, key: impl AsRef<OsStr>) -> Self {
        self.env.push((key.as_ref().to_owned(), None));
        self
    }

    /// Writes a file in the working directory (which is also HOME) before the run.
    pub fn write(self, name: &str, contents: &str) -> Self {
        let path = self.dir().join(name);
        std::fs::write(&path, contents).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
        self
    }

    /// What is typed on stdin (on a terminal, at the command's prompt).
    pub fn stdin(mut self, input: impl Into<Vec<u8>>) -> Self {
        self.stdin = Some(input.into());
        self
    }

    /// Runs on a pseudo-terminal (see `Sandbox::cmd_on_terminal`): stdin and stderr are terminals, and
    /// everything the command prints arrives on stdout.
    pub fn on_terminal(mut self) -> Self {
        self.terminal = true;
        self
    }

    /// The exit code `run` expects (0 unless told).
    pub fn status(mut self, code: i32) -> Self {
        self.status = Some(code);
        self
    }

    /// No expectation of the exit code, for a test that asserts on the output alone.
    pub fn any_status(mut self) -> Self {
        self.status = None;
        self
    }

    /// The whole of stdout, exactly.
    pub fn stdout(mut self, expected: impl Into<String>) -> Self {
        self.stdout = Some(expected.into());
        self
    }

    /// A piece stdout must contain (several calls: all of them).
    pub fn stdout_has(mut self, needle: impl Into<String>) -> Self {
        self.stdout_has.push(needle.into());
        self
    }

    /// A piece stderr must contain (several calls: all of them).
    pub fn stderr_has(mut self, needle: impl Into<String>) -> Self {
        self.stderr_has.push(needle.into());
        self
    }

    /// Runs, checks the exit code (0 unless told) and the declared stdout and stderr, and returns what
    /// was printed.
    #[track_caller]
    pub fn run(self) -> Output {
        let what = self.describe();
        let checks = (
            self.status,
            self.stdout.clone(),
            self.stdout_has.clone(),
            self.stderr_has.clone(),
        );
        let raw = self.output();
        let out = Output {
            code: raw.status.code(),
            stdout: stdout(&raw),
            stderr: stderr(&raw),
        };
        let (status, exact, stdout_has, stderr_has) = checks;
        let context = || format!("{what}\n--- stdout\n{}--- stderr\n{}", out.stdout, out.stderr);
        if let Some(status) = status {
            assert_eq!(out.code, Some(status), "exit code of {}", context());
        }
        if let Some(exact) = exact {
            assert_eq!(out.stdout, exact, "stdout of {what}");
        }
        for needle in &stdout_has {
            assert!(
                out.stdout.contains(needle.as_str()),
                "stdout lacks {needle:?}: {}",
                context()
            );
        }
        for needle in &stderr_has {
            assert!(
                out.stderr.contains(needle.as_str()),
                "stderr lacks {needle:?}: {}",
                context()
            );
        }
        out
    }

    /// Runs a command that must fail in the documented way: exit `code`, exactly one stderr line starting
    /// with `costbrake: error:`, nothing on stdout. Returns the line.
    #[track_caller]
    pub fn error_line(self, code: i32) -> String {
        assert_one_line_error(&self.output(), code)
    }

    fn dir(&self) -> &Path {
        match &self.home {
            Home::Own(dir) => dir.path(),
            Home::Sandbox(sandbox) => sandbox.dir(),
        }
    }

    fn describe(&self) -> String {
        let args: Vec<_> = self.args.iter().map(|a| a.to_string_lossy()).collect();
        format!("costbrake {}", args.join(" "))
    }

    fn output(self) -> std::process::Output {
        let mut cmd = match (&self.home, self.terminal) {
            (Home::Sandbox(sandbox), false) => {
                let mut cmd = sandbox.cmd();
                cmd.args(&self.args);
                cmd
            }
            (Home::Sandbox(sandbox), true) => sandbox.cmd_on_terminal(&self.args),
            (Home::Own(dir), false) => {
                let mut cmd = isolated_cmd(dir.path());
                cmd.args(&self.args);
                cmd
            }
            (Home::Own(_), true) => panic!("on_terminal() runs in a sandbox: use sandbox.test()"),
        };
        for (key, value) in &self.env {
            match value {
                Some(value) => cmd.env(key, value),
                None => cmd.env_remove(key),
            };
        }
        if let Some(input) = &self.stdin {
            cmd.write_stdin(input.clone());
        }
        cmd.output().expect("costbrake runs")
    }
}

/// Stdout of a finished command, as text.
fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Stderr of a finished command, as text.
fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Asserts the documented shape of an error: exit `code`, exactly one stderr line starting with
/// `costbrake: error:`, and nothing on stdout. Returns the line.
#[track_caller]
fn assert_one_line_error(output: &std::process::Output, code: i32) -> String {
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
