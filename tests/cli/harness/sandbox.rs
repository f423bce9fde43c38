//! The sandboxed environment the real `costbrake` binary runs in: fake credentials, an empty HOME with
//! empty AWS config files, private XDG directories, and (in a `Sandbox`) its own moto server.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

use super::REGION;
use super::moto::Moto;

/// A sandbox: its own moto server and its own HOME, config and cache directories.
pub struct Sandbox {
    pub moto: Moto,
    dir: tempfile::TempDir,
    /// The access key `sdk` signs with: moto's `testing` unless a test sets one (see `sign_as`).
    credentials: std::sync::Mutex<(String, String)>,
}

impl Sandbox {
    pub fn new() -> Sandbox {
        Sandbox::with_moto(Moto::start())
    }

    /// A sandbox around a moto started by the caller.
    pub fn with_moto(moto: Moto) -> Sandbox {
        Sandbox {
            moto,
            dir: temp_home(),
            credentials: std::sync::Mutex::new(("testing".into(), "testing".into())),
        }
    }

    /// From now on `sdk` signs with this access key: with moto's IAM enforcement on, the default
    /// `testing` key belongs to no user and is refused, so a test seeds and inspects as an IAM user.
    pub fn sign_as(&self, (id, secret): &(String, String)) {
        *self.credentials.lock().expect("credentials") = (id.clone(), secret.clone());
    }

    /// The working directory, which is also HOME.
    pub fn dir(&self) -> &Path {
        self.dir.path()
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
        let (id, secret) = self.credentials.lock().expect("credentials").clone();
        aws_config::defaults(aws_config::BehaviorVersion::latest())
            .region(aws_config::Region::new(region.to_string()))
            .endpoint_url(&self.moto.endpoint)
            .credentials_provider(aws_sdk_sts::config::Credentials::new(
                id,
                secret,
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

impl Sandbox {
    /// The costbrake binary as a `std::process::Command`, pointed at this sandbox's moto: for tests
    /// that start it and act while it runs (signals).
    pub fn process(&self) -> std::process::Command {
        let cmd = isolated_env(Command::new(env!("CARGO_BIN_EXE_costbrake")), self.dir.path());
        let mut std_cmd = std::process::Command::new(cmd.get_program());
        std_cmd.current_dir(self.dir.path()).env_clear();
        for (key, value) in cmd.get_envs() {
            if let Some(value) = value {
                std_cmd.env(key, value);
            }
        }
        std_cmd.env("AWS_ENDPOINT_URL", &self.moto.endpoint);
        std_cmd
    }
}

/// Python's `pty.spawn` runs a command on a pseudo-terminal, copying our stdin to it: what a test writes
/// to stdin is typed at the command's prompt. Everything the command prints arrives on stdout.
const ON_TERMINAL: &str = "import os, pty, sys; sys.exit(os.waitstatus_to_exitcode(pty.spawn(sys.argv[1:])))";

impl Sandbox {
    /// `costbrake ARGS` on a pseudo-terminal (stdin and stderr are terminals), pointed at this sandbox's
    /// moto, for commands that ask before acting.
    pub fn cmd_on_terminal(&self, args: impl IntoIterator<Item = impl AsRef<OsStr>>) -> Command {
        let mut cmd = isolated_env(Command::new("python3"), self.dir.path());
        cmd.args(["-c", ON_TERMINAL, env!("CARGO_BIN_EXE_costbrake")])
            .args(args)
            .env("AWS_ENDPOINT_URL", &self.moto.endpoint);
        cmd
    }
}

impl Sandbox {
    /// `costbrake ARGS` started with this umask (through `sh`), pointed at this sandbox's moto: for
    /// checking the modes of the files costbrake creates.
    pub fn cmd_with_umask(&self, umask: &str, args: impl IntoIterator<Item = impl AsRef<OsStr>>) -> Command {
        let mut cmd = isolated_env(Command::new("sh"), self.dir.path());
        cmd.args([
            "-c",
            "umask \"$0\" && exec \"$@\"",
            umask,
            env!("CARGO_BIN_EXE_costbrake"),
        ])
        .args(args)
        .env("AWS_ENDPOINT_URL", &self.moto.endpoint);
        cmd
    }
}

/// The permission bits of every file and directory below `root`, root included, by path.
pub fn modes(root: &Path) -> Vec<(PathBuf, u32)> {
    use std::os::unix::fs::PermissionsExt;
    let mut found = vec![(root.to_path_buf(), 0)];
    let mut i = 0;
    while i < found.len() {
        let path = found[i].0.clone();
        let meta = std::fs::metadata(&path).expect("stat");
        found[i].1 = meta.permissions().mode() & 0o777;
        if meta.is_dir() {
            for entry in std::fs::read_dir(&path).expect("read dir") {
                found.push((entry.expect("dir entry").path(), 0));
            }
        }
        i += 1;
    }
    found
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
