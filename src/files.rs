//! Private files: what costbrake writes on this machine (kill journals, the Cost Explorer cache) holds
//! caller ARNs, resource ids and cost data, so its directories are created 0700 and its files 0600
//! whatever the umask, and what must survive a crash is synced: a new file's directory entry, and a
//! replaced file's data before the rename that publishes it.
//!
//! It owns no paths (callers choose them) and prints nothing.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::Path;

/// The mode of costbrake's directories.
pub const DIR_MODE: u32 = 0o700;
/// The mode of costbrake's files.
pub const FILE_MODE: u32 = 0o600;

/// Creates `dir` and its missing parents as private directories, and makes `dir` itself private if it
/// already existed with looser permissions.
pub fn create_private_dir(dir: &Path) -> io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, DIR_MODE);
    builder.create(dir)?;
    restrict(dir, DIR_MODE)
}

/// Opens `path` for appending, creating it private; when it is new, its directory entry is synced so
/// that a crash cannot lose the file itself. Returns the file and whether it was created.
pub fn open_private_append(path: &Path) -> io::Result<(File, bool)> {
    let mut options = OpenOptions::new();
    options.append(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, FILE_MODE);
    let (file, created) = match options.clone().create_new(true).open(path) {
        Ok(file) => (file, true),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => (options.open(path)?, false),
        Err(e) => return Err(e),
    };
    restrict(path, FILE_MODE)?;
    if created {
        sync_parent(path)?;
    }
    Ok((file, created))
}

/// Replaces `path` with `bytes` atomically: a private temporary file beside it, written and synced,
/// renamed over `path`, then the directory synced.
pub fn write_private_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    create_private_dir(dir)?;
    let tmp = path.with_extension(format!("tmp.{}", std::process::id()));
    let written = (|| {
        let mut options = OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, FILE_MODE);
        let mut file = options.open(&tmp)?;
        restrict(&tmp, FILE_MODE)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)?;
        sync_parent(path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

/// Checks, changing nothing, that `path` (a user's file, which may not exist yet) could be replaced:
/// the file is writable and its directory takes a new entry.
pub fn check_replaceable(path: &Path) -> io::Result<()> {
    if path.exists() {
        OpenOptions::new().write(true).open(path)?;
    }
    let probe = temporary_beside(path);
    OpenOptions::new().write(true).create_new(true).open(&probe)?;
    std::fs::remove_file(&probe)
}

fn temporary_beside(path: &Path) -> std::path::PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.costbrake-tmp.{}", std::process::id()))
}

/// Replaces a user's file (costbrake.toml) with `bytes` atomically, keeping its permissions: a temporary
/// file beside it, written and synced, then renamed over it (or, for a new file, linked into place, which
/// fails if one appeared meanwhile). Nothing is changed when the file no longer holds `expected` (`None`:
/// it must not exist), so an edit made meanwhile is never lost. A symbolic link is followed.
pub fn replace_user_file(path: &Path, expected: Option<&[u8]>, bytes: &[u8]) -> io::Result<()> {
    let path = match expected {
        Some(_) => std::fs::canonicalize(path)?,
        None => path.to_path_buf(),
    };
    let tmp = temporary_beside(&path);
    let written = (|| {
        let mut file = OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        if expected.is_some() {
            std::fs::set_permissions(&tmp, std::fs::metadata(&path)?.permissions())?;
        }
        file.write_all(bytes)?;
        file.sync_all()?;
        match expected {
            Some(old) => {
                if std::fs::read(&path)? != old {
                    return Err(io::Error::other(
                        "it changed while costbrake was working; nothing was written, run the command again",
                    ));
                }
                std::fs::rename(&tmp, &path)?;
            }
            None => std::fs::hard_link(&tmp, &path)?,
        }
        sync_parent(&path)
    })();
    let _ = std::fs::remove_file(&tmp);
    written
}

/// Sets `mode` on `path` (a no-op off Unix, where there are no such modes).
fn restrict(path: &Path, mode: u32) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if std::fs::metadata(path)?.permissions().mode() & 0o777 != mode {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))?;
        }
    }
    #[cfg(not(unix))]
    let _ = (path, mode);
    Ok(())
}

/// Syncs the directory holding `path`, so that a new or renamed entry in it survives a crash.
fn sync_parent(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        File::open(dir)?.sync_all()?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

#[cfg(test)]
#[cfg(unix)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn directories_and_files_are_private_whatever_existed_before() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("a/b");
        create_private_dir(&dir).unwrap();
        assert_eq!(mode(&dir), DIR_MODE);
        assert_eq!(mode(&root.path().join("a")), DIR_MODE);
        // An existing world-readable directory and file are tightened.
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        create_private_dir(&dir).unwrap();
        assert_eq!(mode(&dir), DIR_MODE);
        let file = dir.join("j.jsonl");
        std::fs::write(&file, "x").unwrap();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        let (_, created) = open_private_append(&file).unwrap();
        assert!(!created);
        assert_eq!(mode(&file), FILE_MODE);
        let (_, created) = open_private_append(&dir.join("new.jsonl")).unwrap();
        assert!(created);
        assert_eq!(mode(&dir.join("new.jsonl")), FILE_MODE);
    }

    #[test]
    fn user_files_are_replaced_keeping_their_mode_and_never_over_a_change() {
        let root = tempfile::tempdir().unwrap();
        let path = root.path().join("costbrake.toml");
        replace_user_file(&path, None, b"one").unwrap();
        assert!(
            replace_user_file(&path, None, b"x").is_err(),
            "a new file never replaces one"
        );
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        replace_user_file(&path, Some(b"one"), b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        assert_eq!(mode(&path), 0o640);
        let err = replace_user_file(&path, Some(b"one"), b"three").unwrap_err();
        assert!(err.to_string().contains("changed while"), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        let link = root.path().join("link.toml");
        std::os::unix::fs::symlink(&path, &link).unwrap();
        replace_user_file(&link, Some(b"two"), b"four").unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read(&path).unwrap(), b"four");
        check_replaceable(&path).unwrap();
        let names: Vec<_> = std::fs::read_dir(root.path()).unwrap().collect();
        assert_eq!(names.len(), 2, "no temporaries left: {names:?}");
    }

    #[test]
    fn atomic_writes_replace_the_file_privately_and_leave_no_temporary() {
        let root = tempfile::tempdir().unwrap();
        let path = root.path().join("cache/entry.json");
        write_private_atomic(&path, b"one").unwrap();
        write_private_atomic(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        assert_eq!(mode(&path), FILE_MODE);
        assert_eq!(mode(path.parent().unwrap()), DIR_MODE);
        let names: Vec<_> = std::fs::read_dir(path.parent().unwrap()).unwrap().collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }
}
