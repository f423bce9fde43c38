//! The wrapped command: started with the run's environment, watched until it exits. Signals sent to
//! costbrake (SIGTERM, SIGHUP, SIGUSR1, SIGUSR2, and SIGINT and SIGQUIT when they cannot have come from a
//! terminal) are passed on; `--max-duration` ends it with SIGTERM, then SIGKILL after the grace period;
//! the role's credentials are refreshed while it runs.
//!
//! On a terminal the child shares costbrake's process group, so it can read the terminal and gets Ctrl-C
//! from it directly (costbrake does not send a second one). Elsewhere (CI, cron, a container entrypoint)
//! the child leads a process group of its own and every signal goes to the whole group, so a brake
//! reaches the processes the agent started too.

use std::ffi::OsString;
use std::io::IsTerminal as _;
use std::os::unix::process::ExitStatusExt as _;
use std::time::Duration;

use tokio::signal::unix::{SignalKind, signal};

use super::Ending;
use super::session::Refresher;
use crate::error::{Error, Result};

/// How the child ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcome {
    pub ending: Ending,
    pub code: Option<i32>,
    pub signal: Option<i32>,
}

impl Outcome {
    /// The exit code costbrake passes on.
    pub fn exit_code(&self) -> u8 {
        super::exit_code(self.ending, self.code, self.signal)
    }
}

/// A started child.
#[derive(Debug)]
pub struct Child {
    inner: tokio::process::Child,
    pid: rustix::process::Pid,
    /// It leads its own process group: signals go to the group.
    group: bool,
}

/// Why a command could not start, and the exit code a shell gives for it (127 not found, 126 not
/// executable).
#[derive(Debug)]
pub struct SpawnError {
    pub code: u8,
    pub error: Error,
}

/// Starts `command` with `vars` set (`Some`) or removed (`None`) in the inherited environment.
pub fn spawn(
    command: &[OsString],
    vars: &[(String, Option<String>)],
) -> std::result::Result<Child, SpawnError> {
    let (program, args) = command.split_first().ok_or_else(|| SpawnError {
        code: 2,
        error: Error::usage("no command to run; put it after `--`"),
    })?;
    let mut cmd = tokio::process::Command::new(program);
    cmd.args(args);
    for (name, value) in vars {
        match value {
            Some(value) => cmd.env(name, value),
            None => cmd.env_remove(name),
        };
    }
    let group = !std::io::stdin().is_terminal();
    if group {
        cmd.process_group(0);
    }
    let shown = crate::text::escape_controls(&program.to_string_lossy()).into_owned();
    let inner = cmd.spawn().map_err(|e| {
        let (code, hint) = match e.kind() {
            std::io::ErrorKind::NotFound => (127, "check the command's name and PATH"),
            std::io::ErrorKind::PermissionDenied => (126, "check that it is executable"),
            _ => (126, "check the command"),
        };
        SpawnError {
            code,
            error: Error::usage(format!("cannot start `{shown}`: {e}; {hint}")),
        }
    })?;
    let pid = inner
        .id()
        .and_then(|id| i32::try_from(id).ok())
        .and_then(rustix::process::Pid::from_raw)
        .ok_or_else(|| SpawnError {
            code: 126,
            error: Error::usage(format!("`{shown}` exited before it could be watched")),
        })?;
    Ok(Child { inner, pid, group })
}

/// Resolves at the first SIGINT or SIGTERM from now on (once the child is gone, they are costbrake's
/// own again). Never resolves when the signals cannot be listened to.
pub async fn interrupted() {
    match (signal(SignalKind::interrupt()), signal(SignalKind::terminate())) {
        (Ok(mut int), Ok(mut term)) => {
            tokio::select! {
                _ = int.recv() => {}
                _ = term.recv() => {}
            }
        }
        _ => std::future::pending().await,
    }
}

/// What the watch enforces.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_duration: Option<Duration>,
    pub grace: Duration,
}

impl Child {
    /// Sends `signal` to the child (its group when it leads one). A child already gone is not an error.
    fn send(&self, signal: rustix::process::Signal) {
        let sent = if self.group {
            rustix::process::kill_process_group(self.pid, signal)
        } else {
            rustix::process::kill_process(self.pid, signal)
        };
        match sent {
            Ok(()) | Err(rustix::io::Errno::SRCH) => {}
            Err(e) => tracing::warn!(error = %e, "could not signal the child"),
        }
    }

    /// Waits until the child exits, passing signals on, enforcing `limits` and refreshing credentials.
    /// `on_timeout` is told once when `--max-duration` ends the child.
    pub async fn watch(
        mut self,
        limits: Limits,
        mut refresher: Option<&mut Refresher<'_>>,
        on_timeout: impl Fn(Duration),
    ) -> Result<Outcome> {
        use rustix::process::Signal;
        let mut streams = Vec::new();
        for (kind, sig) in [
            (SignalKind::interrupt(), Signal::INT),
            (SignalKind::terminate(), Signal::TERM),
            (SignalKind::hangup(), Signal::HUP),
            (SignalKind::quit(), Signal::QUIT),
            (SignalKind::user_defined1(), Signal::USR1),
            (SignalKind::user_defined2(), Signal::USR2),
        ] {
            let stream = signal(kind).map_err(|e| Error::io("listening for signals", e))?;
            streams.push((stream, sig));
        }
        let started = tokio::time::Instant::now();
        let far = Duration::from_secs(100 * 365 * 86_400);
        let deadline = started + limits.max_duration.unwrap_or(far);
        let mut kill_at: Option<tokio::time::Instant> = None;
        let mut timed_out = false;
        let mut next_refresh = refresher
            .as_ref()
            .map(|r| started + r.due_in(jiff::Timestamp::now()));
        loop {
            let any_signal = futures::future::select_all(
                streams
                    .iter_mut()
                    .map(|(stream, sig)| Box::pin(async move { stream.recv().await.map(|_| *sig) })),
            );
            tokio::select! {
                status = self.inner.wait() => {
                    let status = status.map_err(|e| Error::io("waiting for the child", e))?;
                    let ending = if timed_out {
                        Ending::TimedOut
                    } else if status.signal().is_some() {
                        Ending::Signaled
                    } else {
                        Ending::Exited
                    };
                    return Ok(Outcome { ending, code: status.code(), signal: status.signal() });
                }
                (received, _, _) = any_signal => {
                    let Some(sig) = received else { continue };
                    // From a terminal, Ctrl-C and Ctrl-\ reach the whole foreground group: the child has
                    // them already, and a second one would cut its own clean-up short.
                    let from_terminal = !self.group && matches!(sig, Signal::INT | Signal::QUIT);
                    tracing::debug!(signal = sig.as_raw(), from_terminal, "signal received");
                    if !from_terminal {
                        self.send(sig);
                    }
                }
                () = tokio::time::sleep_until(deadline), if !timed_out => {
                    timed_out = true;
                    on_timeout(limits.max_duration.unwrap_or(far));
                    self.send(Signal::TERM);
                    kill_at = Some(tokio::time::Instant::now() + limits.grace);
                }
                () = tokio::time::sleep_until(kill_at.unwrap_or(deadline)), if kill_at.is_some() => {
                    kill_at = None;
                    self.send(Signal::KILL);
                }
                () = tokio::time::sleep_until(next_refresh.unwrap_or(deadline)), if next_refresh.is_some() => {
                    if let Some(r) = refresher.as_deref_mut() {
                        let wait = match r.refresh().await {
                            Ok(()) => r.due_in(jiff::Timestamp::now()),
                            Err(e) => {
                                tracing::warn!(error = %e, "could not refresh the run's role credentials; trying again in 60s");
                                Duration::from_secs(60)
                            }
                        };
                        next_refresh = Some(tokio::time::Instant::now() + wait);
                    }
                }
            }
        }
    }
}
