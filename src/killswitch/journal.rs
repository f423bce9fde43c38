//! The local journal: one JSON-lines file per kill or undo under the user data dir
//! (`~/.local/share/costbrake/kills/` on Linux). Each resource's prior state is appended and flushed to
//! disk **before** the resource is touched, so a crash half-way leaves a record of everything it changed.
//! The marker tags on the resources are the primary record (any on-call laptop can undo from them); the
//! journal is the second copy, and the one `kill status` reads the selector and regions of a kill from.
//! A kill over several accounts (`--accounts`) keeps one file per account, `ID@ACCOUNT.jsonl`, each
//! written by that account's part of the kill: one account's record never waits on, or mixes with,
//! another's.

use std::fs::File;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// One journal line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(tag = "event", rename_all = "kebab-case")]
pub enum Entry {
    /// The operation began.
    Start {
        id: String,
        mode: String,
        at: String,
        by: String,
        account: String,
        selector: String,
        regions: Vec<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        sandbox_account: Option<String>,
    },
    /// A resource's prior state, written before it is changed.
    Record {
        arn: String,
        kind: String,
        region: String,
        id: String,
        prior: String,
    },
    /// A step that is about to change a resource, written before its first request (undo of an SCP).
    Intent { arn: String, action: String, id: String },
    /// What happened to a resource.
    Outcome {
        arn: String,
        outcome: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        error: Option<String>,
    },
    /// The operation ended.
    Finish { at: String, done: usize, failed: usize },
}

/// An open journal file.
#[derive(Debug)]
pub struct Journal {
    path: PathBuf,
    file: Mutex<File>,
}

/// The journal directory: `kills` in [`crate::config::data_dir`].
pub fn dir() -> Result<PathBuf> {
    Ok(crate::config::data_dir("the kill journal")?.join("kills"))
}

impl Journal {
    /// Creates (or appends to) the journal of operation `id`.
    pub fn open(id: &str) -> Result<Journal> {
        Journal::open_in(&dir()?, id)
    }

    /// Creates (or appends to) `account`'s journal of operation `id`, in a kill over several accounts.
    pub fn open_for_account(id: &str, account: &str) -> Result<Journal> {
        Journal::open_in(&dir()?, &format!("{id}@{account}"))
    }

    /// The journal holds caller ARNs and resource ids: a private directory and file (0700, 0600), and a
    /// new file's directory entry synced before the first record is trusted to it.
    fn open_in(dir: &Path, id: &str) -> Result<Journal> {
        crate::files::create_private_dir(dir).map_err(|e| {
            Error::io(
                format!("creating the kill journal directory {}", dir.display()),
                e,
            )
        })?;
        let path = dir.join(format!("{id}.jsonl"));
        let (file, _created) = crate::files::open_private_append(&path)
            .map_err(|e| Error::io(format!("opening the kill journal {}", path.display()), e))?;
        Ok(Journal {
            path,
            file: Mutex::new(file),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends `entry` and flushes it to disk before returning.
    pub fn write(&self, entry: &Entry) -> Result<()> {
        self.write_all(std::slice::from_ref(entry))
    }

    /// Appends `entries` and flushes them to disk once, before returning (outcomes of a whole phase:
    /// one sync instead of one per resource).
    pub fn write_all(&self, entries: &[Entry]) -> Result<()> {
        let mut lines = Vec::new();
        for entry in entries {
            serde_json::to_writer(&mut lines, entry)
                .map_err(|e| Error::io("encoding a journal entry", e.into()))?;
            lines.push(b'\n');
        }
        let mut file = self.file.lock().unwrap_or_else(|p| p.into_inner());
        file.write_all(&lines)
            .and_then(|()| file.sync_data())
            .map_err(|e| Error::io(format!("writing the kill journal {}", self.path.display()), e))
    }
}

/// Reads the journal of operation `id`, if this machine has it: its one file, or every account's file
/// of a kill over several accounts, one after the other. Unreadable lines (a crash mid-write) are
/// skipped.
pub fn read(id: &str) -> Result<Option<Vec<Entry>>> {
    read_all_in(&dir()?, id)
}

fn read_all_in(dir: &Path, id: &str) -> Result<Option<Vec<Entry>>> {
    let mut names = vec![id.to_string()];
    let prefix = format!("{id}@");
    let mut per_account: Vec<String> = journal_names(dir)
        .unwrap_or_default()
        .into_iter()
        .filter(|name| name.starts_with(&prefix))
        .collect();
    per_account.sort();
    names.extend(per_account);
    let mut found = None::<Vec<Entry>>;
    for name in names {
        if let Some(entries) = read_in(dir, &name)? {
            found.get_or_insert_with(Vec::new).extend(entries);
        }
    }
    Ok(found)
}

fn read_in(dir: &Path, id: &str) -> Result<Option<Vec<Entry>>> {
    let path = dir.join(format!("{id}.jsonl"));
    let file = match File::open(&path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(Error::io(
                format!("reading the kill journal {}", path.display()),
                e,
            ));
        }
    };
    let entries = std::io::BufReader::new(file)
        .lines()
        .map_while(std::result::Result::ok)
        .filter_map(|line| serde_json::from_str(&line).ok())
        .collect();
    Ok(Some(entries))
}

/// What a kill's journal says of its scope, from its `Start` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KillScope {
    pub id: String,
    /// The caller's account.
    pub account: String,
    pub regions: Vec<String>,
    pub sandbox_account: Option<String>,
}

/// The kills (not undos) of `selector` (as `Selector::describe` spells it) that this machine journaled,
/// oldest first: an undo by selector reads their regions and sandbox accounts too, so that restoring an
/// agent does not depend on retyping `--regions` or `--account` at 3 a.m.
pub fn kills_of(selector: &str) -> Result<Vec<KillScope>> {
    kills_of_in(&dir()?, selector)
}

/// The journals in `dir`, by name without `.jsonl` (`ID`, or `ID@ACCOUNT` over several accounts);
/// none when there is no directory yet.
fn journal_names(dir: &Path) -> Result<Vec<String>> {
    let listing = match std::fs::read_dir(dir) {
        Ok(listing) => listing,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => {
            return Err(Error::io(
                format!("listing the kill journals in {}", dir.display()),
                e,
            ));
        }
    };
    Ok(listing
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter_map(|name| Some(name.strip_suffix(".jsonl")?.to_string()))
        .collect())
}

fn kills_of_in(dir: &Path, selector: &str) -> Result<Vec<KillScope>> {
    let mut ids: Vec<String> = journal_names(dir)?
        .into_iter()
        .filter(|id| id.starts_with("kill-"))
        .collect();
    ids.sort(); // ids start with their UTC time
    let mut kills = Vec::new();
    for id in ids {
        let start = read_in(dir, &id)?
            .and_then(|entries| entries.into_iter().find(|e| matches!(e, Entry::Start { .. })));
        if let Some(Entry::Start {
            id,
            mode,
            account,
            selector: of,
            regions,
            sandbox_account,
            ..
        }) = start
            && mode == "kill"
            && of == selector
        {
            kills.push(KillScope {
                id,
                account,
                regions,
                sandbox_account,
            });
        }
    }
    Ok(kills)
}

/// The `Start` entry of operation `id` (the first account's, over several), if this machine journaled it.
pub fn start_of(id: &str) -> Result<Option<Entry>> {
    Ok(read(id)?.and_then(|entries| entries.into_iter().find(|e| matches!(e, Entry::Start { .. }))))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn start(id: &str, mode: &str, selector: &str, sandbox_account: Option<&str>) -> Entry {
        Entry::Start {
            id: id.into(),
            mode: mode.into(),
            at: "2026-11-23T03:15:00Z".into(),
            by: "arn:aws:iam::123456789012:user/oncall".into(),
            account: "123456789012".into(),
            selector: selector.into(),
            regions: vec!["eu-west-1".into()],
            sandbox_account: sandbox_account.map(str::to_string),
        }
    }

    #[test]
    fn kills_of_a_selector_are_found_oldest_first_and_undos_and_other_selectors_are_not() {
        let dir = tempfile::tempdir().unwrap();
        let journals = [
            (
                "kill-20261123t031500z-bbbbbb",
                "kill",
                "agent-name=bot",
                Some("210987654321"),
            ),
            ("kill-20261122t031500z-aaaaaa", "kill", "agent-name=bot", None),
            (
                "kill-20261123t031600z-cccccc",
                "kill",
                "agent-name=other",
                Some("111111111111"),
            ),
            ("undo-20261123t031700z-dddddd", "undo", "agent-name=bot", None),
        ];
        for (id, mode, selector, account) in journals {
            Journal::open_in(dir.path(), id)
                .unwrap()
                .write(&start(id, mode, selector, account))
                .unwrap();
        }
        let kills = kills_of_in(dir.path(), "agent-name=bot").unwrap();
        let ids: Vec<&str> = kills.iter().map(|k| k.id.as_str()).collect();
        assert_eq!(
            ids,
            ["kill-20261122t031500z-aaaaaa", "kill-20261123t031500z-bbbbbb"]
        );
        assert_eq!(kills[1].sandbox_account.as_deref(), Some("210987654321"));
        assert_eq!(kills[1].regions, ["eu-west-1"]);
        assert!(
            kills_of_in(&dir.path().join("missing"), "agent-name=bot")
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn entries_round_trip_and_torn_lines_are_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::open_in(dir.path(), "kill-20261123t031500z-abcdef").unwrap();
        let record = Entry::Record {
            arn: "arn:aws:ec2:us-east-1:1:instance/i-1".into(),
            kind: "instance".into(),
            region: "us-east-1".into(),
            id: "i-1".into(),
            prior: "state=running".into(),
        };
        journal.write(&record).unwrap();
        std::fs::OpenOptions::new()
            .append(true)
            .open(journal.path())
            .unwrap()
            .write_all(b"{\"event\":\"outco")
            .unwrap();
        let entries = read_in(dir.path(), "kill-20261123t031500z-abcdef")
            .unwrap()
            .unwrap();
        assert_eq!(entries, vec![record]);
        assert_eq!(read_in(dir.path(), "kill-20990101t000000z-000000").unwrap(), None);
    }

    #[test]
    fn a_kill_over_accounts_keeps_a_file_per_account_and_reads_as_one() {
        let dir = tempfile::tempdir().unwrap();
        let id = "kill-20261123t031500z-abcdef";
        let record = |account: &str| Entry::Record {
            arn: format!("arn:aws:ec2:us-east-1:{account}:instance/i-1"),
            kind: "instance".into(),
            region: "us-east-1".into(),
            id: "i-1".into(),
            prior: "state=running".into(),
        };
        for account in ["222222222222", "111111111111"] {
            let journal = Journal::open_in(dir.path(), &format!("{id}@{account}")).unwrap();
            journal.write(&start(id, "kill", "agent-name=bot", None)).unwrap();
            journal.write(&record(account)).unwrap();
        }
        let entries = read_all_in(dir.path(), id).unwrap().unwrap();
        assert_eq!(entries.len(), 4);
        assert_eq!(entries[1], record("111111111111"), "accounts in id order");
        assert_eq!(entries[3], record("222222222222"));
        // Each account's file is a kill of its own for an undo by selector.
        assert_eq!(kills_of_in(dir.path(), "agent-name=bot").unwrap().len(), 2);
        assert_eq!(
            read_all_in(dir.path(), "kill-20990101t000000z-000000").unwrap(),
            None
        );
    }
}
