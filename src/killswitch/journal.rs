//! The local journal: one JSON-lines file per kill or undo under the user data dir
//! (`~/.local/share/costbrake/kills/` on Linux). Each resource's prior state is appended and flushed to
//! disk **before** the resource is touched, so a crash half-way leaves a record of everything it changed.
//! The marker tags on the resources are the primary record (any on-call laptop can undo from them); the
//! journal is the second copy, and the one `kill status` reads the selector and regions of a kill from.

use std::fs::File;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// One journal line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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

/// The journal directory: `COSTBRAKE_DATA_DIR/kills` when set, else the user data dir.
pub fn dir() -> Result<PathBuf> {
    if let Some(dir) = std::env::var_os("COSTBRAKE_DATA_DIR").filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir).join("kills"));
    }
    directories::ProjectDirs::from("", "", "costbrake")
        .map(|d| d.data_dir().join("kills"))
        .ok_or_else(|| {
            Error::usage(
                "no home directory to keep the kill journal in; set COSTBRAKE_DATA_DIR to a directory",
            )
        })
}

impl Journal {
    /// Creates (or appends to) the journal of operation `id`.
    pub fn open(id: &str) -> Result<Journal> {
        Journal::open_in(&dir()?, id)
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

/// Reads the journal of operation `id`, if this machine has it. Unreadable lines (a crash mid-write) are
/// skipped.
pub fn read(id: &str) -> Result<Option<Vec<Entry>>> {
    read_in(&dir()?, id)
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

/// The `Start` entry of operation `id`, if this machine journaled it.
pub fn start_of(id: &str) -> Result<Option<Entry>> {
    Ok(read(id)?.and_then(|entries| entries.into_iter().find(|e| matches!(e, Entry::Start { .. }))))
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
