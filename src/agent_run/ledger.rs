//! The run ledger: one line per event of each `costbrake run` on this machine, in `runs/ledger.jsonl`
//! under the data dir. A run writes its `start` record before the child starts and its `end` record
//! after the child has exited and the on-exit step is done; each record is one append, synced to disk
//! before costbrake goes on, so that a crash loses at most the record being written. Readers skip a
//! line a crash cut short, and a start without an end is a run still going, or one whose costbrake was
//! killed (told apart by whether that costbrake process is still alive).
//!
//! The file is private (0600 in a 0700 directory): it holds commands, caller ARNs and role sessions.

use std::collections::BTreeMap;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{Ending, OnExit};
use crate::error::{Error, Result};

/// The ledger's file name in its directory.
const FILE: &str = "ledger.jsonl";

/// One line of the ledger.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(tag = "record", rename_all = "kebab-case")]
pub enum Record {
    /// Written before the child starts (or when `run env` hands an id out).
    Start(Start),
    /// Written once the child has exited and the on-exit step is done.
    End(End),
}

/// A run's start.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Start {
    pub run_id: String,
    pub agent: String,
    /// The command and its arguments; empty for ids handed out by `run env`.
    pub command: Vec<String>,
    pub started: jiff::Timestamp,
    /// The costbrake process supervising the run.
    pub pid: u32,
    /// The caller's ARN, when AWS answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caller: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// The assumed-role session the child acted as.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_session_arn: Option<String>,
    /// `run` (a wrapped command) or `env` (an id handed out by `run env`).
    pub via: String,
}

/// A run's end.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct End {
    pub run_id: String,
    pub ended: jiff::Timestamp,
    pub ending: Ending,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signal: Option<i32>,
    /// What costbrake itself exited with.
    pub exit_code: u8,
    pub on_exit: OnExit,
    /// Resources tagged with the run id still there after the exit; `None` when not looked up.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leftovers: Option<usize>,
    /// The kill `--on-exit kill` ran.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kill_id: Option<String>,
}

/// The ledger's directory: `runs` in the data dir.
pub fn dir() -> Result<PathBuf> {
    Ok(crate::config::data_dir("the run ledger")?.join("runs"))
}

/// Appends `record` to the ledger in `dir` and syncs it to disk.
pub fn append(dir: &Path, record: &Record) -> Result<()> {
    crate::files::create_private_dir(dir)
        .map_err(|e| Error::io(format!("creating the run ledger directory {}", dir.display()), e))?;
    let path = dir.join(FILE);
    let mut line = serde_json::to_vec(record).map_err(|e| Error::io("encoding a ledger record", e.into()))?;
    line.push(b'\n');
    let (mut file, _created) = crate::files::open_private_append(&path)
        .map_err(|e| Error::io(format!("opening the run ledger {}", path.display()), e))?;
    // One write of the whole line: appends from runs going on at once do not interleave.
    file.write_all(&line)
        .and_then(|()| file.sync_data())
        .map_err(|e| Error::io(format!("writing the run ledger {}", path.display()), e))
}

/// What the ledger knows of one run.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Run {
    #[serde(flatten)]
    pub start: Start,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<End>,
    /// `finished`, `running` (its costbrake is alive), `lost` (its costbrake died before the end
    /// record), or `handed-out` (an id from `run env`, which has no end).
    pub status: String,
    /// Seconds from start to end, once ended.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration_seconds: Option<f64>,
    /// The account the run acted in: its role session's, else its role's, else its caller's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
}

/// Every run in the ledger of `dir`, oldest first, with `alive` telling whether a costbrake pid still
/// runs. Lines a crash cut short are skipped.
pub fn read(dir: &Path, alive: impl Fn(u32) -> bool) -> Result<Vec<Run>> {
    let path = dir.join(FILE);
    let file = match std::fs::File::open(&path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(format!("reading the run ledger {}", path.display()), e)),
    };
    let mut starts: Vec<Start> = Vec::new();
    let mut ends: BTreeMap<String, End> = BTreeMap::new();
    for line in std::io::BufReader::new(file).lines() {
        let line = line.map_err(|e| Error::io(format!("reading the run ledger {}", path.display()), e))?;
        match serde_json::from_str::<Record>(&line) {
            Ok(Record::Start(start)) => starts.push(start),
            Ok(Record::End(end)) => {
                ends.insert(end.run_id.clone(), end);
            }
            Err(e) => tracing::debug!(error = %e, "skipping an unreadable ledger line"),
        }
    }
    Ok(starts
        .into_iter()
        .map(|start| {
            let end = ends.remove(&start.run_id);
            let status = match (&end, start.via.as_str()) {
                (Some(_), _) => "finished",
                (None, "env") => "handed-out",
                (None, _) if alive(start.pid) => "running",
                (None, _) => "lost",
            };
            let duration_seconds = end.as_ref().map(|e| {
                let span = e.ended.duration_since(start.started);
                (span.as_secs_f64() * 10.0).round() / 10.0
            });
            let account = [&start.role_session_arn, &start.role, &start.caller]
                .into_iter()
                .flatten()
                .find_map(|arn| {
                    arn.split(':')
                        .nth(4)
                        .filter(|a| !a.is_empty())
                        .map(str::to_string)
                });
            Run {
                account,
                status: status.to_string(),
                start,
                end,
                duration_seconds,
            }
        })
        .collect())
}

/// The runs of the ledger, newest first, as `run list` shows them.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Listing {
    pub schema: &'static str,
    pub ledger: String,
    pub runs: Vec<Run>,
    /// `run list --accounts`: only the runs that acted in these accounts.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub accounts: Vec<String>,
}

/// The schema name of [`Listing`].
pub const LISTING_SCHEMA: &str = "costbrake.runs/v1";

/// The runs of `agent` (every agent when `None`), newest first, at most `limit`.
pub fn list(dir: &Path, agent: Option<&str>, limit: usize, alive: impl Fn(u32) -> bool) -> Result<Listing> {
    list_in(dir, agent, &[], limit, alive)
}

/// [`list`], only the runs that acted in one of `accounts` (every account when empty).
pub fn list_in(
    dir: &Path,
    agent: Option<&str>,
    accounts: &[String],
    limit: usize,
    alive: impl Fn(u32) -> bool,
) -> Result<Listing> {
    let mut runs = read(dir, alive)?;
    runs.retain(|r| agent.is_none_or(|a| r.start.agent == a));
    runs.retain(|r| accounts.is_empty() || r.account.as_ref().is_some_and(|a| accounts.contains(a)));
    runs.reverse();
    runs.truncate(limit);
    Ok(Listing {
        schema: LISTING_SCHEMA,
        ledger: dir.join(FILE).display().to_string(),
        runs,
        accounts: accounts.to_vec(),
    })
}

/// Whether process `pid` is alive on this machine (signal 0 reaches it, or it exists as another user's).
pub fn process_alive(pid: u32) -> bool {
    let Some(pid) = i32::try_from(pid).ok().and_then(rustix::process::Pid::from_raw) else {
        return false;
    };
    match rustix::process::test_kill_process(pid) {
        Ok(()) => true,
        Err(e) => e == rustix::io::Errno::PERM,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn start(id: &str, agent: &str, at: &str, pid: u32) -> Record {
        Record::Start(Start {
            run_id: id.into(),
            agent: agent.into(),
            command: vec!["python3".into(), "agent.py".into()],
            started: at.parse().expect("time"),
            pid,
            caller: Some("arn:aws:iam::123456789012:user/ci".into()),
            role: None,
            role_session_arn: None,
            via: "run".into(),
        })
    }

    fn end(id: &str, at: &str, code: i32) -> Record {
        Record::End(End {
            run_id: id.into(),
            ended: at.parse().expect("time"),
            ending: Ending::Exited,
            code: Some(code),
            signal: None,
            exit_code: code as u8,
            on_exit: OnExit::Report,
            leftovers: Some(0),
            kill_id: None,
        })
    }

    #[test]
    fn runs_join_their_end_and_a_torn_line_is_skipped() {
        let dir = tempfile::tempdir().expect("temp dir");
        append(dir.path(), &start("r1", "a", "2026-12-02T10:00:00Z", 10)).expect("append");
        append(dir.path(), &start("r2", "b", "2026-12-02T10:01:00Z", 11)).expect("append");
        append(dir.path(), &start("r3", "a", "2026-12-02T10:02:00Z", 12)).expect("append");
        append(dir.path(), &end("r1", "2026-12-02T10:00:42.5Z", 3)).expect("append");
        // A crash mid-write leaves half a line.
        let mut file = std::fs::OpenOptions::new()
            .append(true)
            .open(dir.path().join(FILE))
            .expect("open");
        file.write_all(b"{\"record\":\"end\",\"run_id\":\"r2\",\"end")
            .expect("write");

        let runs = read(dir.path(), |pid| pid == 12).expect("read");
        let status: Vec<(&str, &str)> = runs
            .iter()
            .map(|r| (r.start.run_id.as_str(), r.status.as_str()))
            .collect();
        assert_eq!(status, [("r1", "finished"), ("r2", "lost"), ("r3", "running")]);
        assert_eq!(runs[0].duration_seconds, Some(42.5));
        assert_eq!(runs[0].end.as_ref().and_then(|e| e.code), Some(3));

        let listing = list(dir.path(), Some("a"), 10, |_| false).expect("list");
        let ids: Vec<&str> = listing.runs.iter().map(|r| r.start.run_id.as_str()).collect();
        assert_eq!(ids, ["r3", "r1"], "newest first, one agent");
        assert_eq!(list(dir.path(), None, 1, |_| false).expect("list").runs.len(), 1);
    }

    #[test]
    fn the_ledger_is_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("temp dir");
        let runs = dir.path().join("runs");
        append(&runs, &start("r1", "a", "2026-12-02T10:00:00Z", 10)).expect("append");
        let mode = |p: &Path| std::fs::metadata(p).expect("stat").permissions().mode() & 0o777;
        assert_eq!(mode(&runs), 0o700);
        assert_eq!(mode(&runs.join(FILE)), 0o600);
    }

    #[test]
    fn this_process_is_alive() {
        assert!(process_alive(std::process::id()));
        assert!(!process_alive(0));
    }
}
