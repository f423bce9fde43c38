//! The committed completions and man page must match what the binary generates.

use std::path::Path;

use crate::harness::isolated_cmd;

const STALE: &str = "is stale: run scripts/gen-completions.sh and commit the result";

fn generated(args: &[&str]) -> Vec<u8> {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = isolated_cmd(dir.path()).args(args).output().expect("runs");
    assert!(out.status.success(), "costbrake {args:?} failed");
    out.stdout
}

#[test]
fn committed_completions_are_fresh() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (shell, file) in [
        ("bash", "costbrake.bash"),
        ("zsh", "_costbrake"),
        ("fish", "costbrake.fish"),
        ("powershell", "_costbrake.ps1"),
        ("elvish", "costbrake.elv"),
    ] {
        let path = root.join("completions").join(file);
        let committed = std::fs::read(&path).unwrap_or_default();
        assert!(
            committed == generated(&["completions", shell]),
            "{} {STALE}",
            path.display()
        );
    }
}

#[test]
fn committed_man_page_is_fresh() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/costbrake.1");
    let committed = std::fs::read(&path).unwrap_or_default();
    assert!(committed == generated(&["man"]), "{} {STALE}", path.display());
}

#[test]
fn completions_know_the_subcommands() {
    let bash = String::from_utf8(generated(&["completions", "bash"])).expect("utf-8");
    assert!(bash.contains("doctor"));
    assert!(bash.contains("--endpoint-url"));
}
