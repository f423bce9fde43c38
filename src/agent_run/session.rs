//! The role session a run's child acts as. costbrake assumes the role with the run's session tags, and
//! hands the credentials to the child through a temporary AWS config whose only profile has
//! `credential_process = costbrake run credentials --file ...`: every AWS SDK and the CLI run that
//! command when their credentials near expiry, and costbrake keeps the file fresh (it assumes the role
//! again well before each session ends), so a run outlives the one-hour limit of a chained role session
//! without the child knowing. The directory is private (0700, files 0600) and removed when the run ends.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::aws::{self, AwsContext};
use crate::error::{Error, Result};

/// The credential file's content: exactly what `credential_process` must print (Version 1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(rename_all = "PascalCase")]
pub struct ProcessCredentials {
    pub version: u8,
    pub access_key_id: String,
    pub secret_access_key: String,
    pub session_token: String,
    pub expiration: String,
}

impl From<&aws::sts::SessionCredentials> for ProcessCredentials {
    fn from(c: &aws::sts::SessionCredentials) -> Self {
        ProcessCredentials {
            version: 1,
            access_key_id: c.access_key_id.clone(),
            secret_access_key: c.secret_access_key.clone(),
            session_token: c.session_token.clone(),
            expiration: c.expiration.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
        }
    }
}

/// Variables whose credentials would win over the profile's (the SDKs read the environment first):
/// removed from the child's environment when it acts as the role.
pub const SHADOWING_VARIABLES: [&str; 13] = [
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_SECURITY_TOKEN",
    "AWS_CREDENTIAL_EXPIRATION",
    "AWS_DEFAULT_PROFILE",
    "AWS_ROLE_ARN",
    "AWS_ROLE_SESSION_NAME",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    "AWS_CONTAINER_AUTHORIZATION_TOKEN",
    "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
];

/// The temporary profile of one run: its directory, config file and credential file. Dropping it
/// removes the directory.
#[derive(Debug)]
pub struct Profile {
    dir: PathBuf,
    config: PathBuf,
    credentials: PathBuf,
}

impl Profile {
    /// Writes the profile for a run into a new private directory under `parent`: the credential file
    /// first, then the config that points at it. `exe` is the costbrake binary the profile runs.
    pub fn create(
        parent: &Path,
        run_id: &str,
        exe: &Path,
        region: Option<&str>,
        first: &aws::sts::SessionCredentials,
    ) -> Result<Profile> {
        let name = format!("{}-{}", super::session_name(run_id), std::process::id());
        let dir = parent.join(name);
        crate::files::create_private_dir(&dir).map_err(|e| {
            Error::io(
                format!("creating the run's profile directory {}", dir.display()),
                e,
            )
        })?;
        let profile = Profile {
            config: dir.join("config"),
            credentials: dir.join("credentials.json"),
            dir,
        };
        profile.write_credentials(first)?;
        let mut text = format!(
            "# Written by `costbrake run` for run {run_id}; removed when the run ends.\n[profile {}]\n\
             credential_process = {} run credentials --file {}\n",
            super::PROFILE,
            shell_quote(&exe.display().to_string()),
            shell_quote(&profile.credentials.display().to_string()),
        );
        if let Some(region) = region {
            text.push_str(&format!("region = {region}\n"));
        }
        crate::files::write_private_atomic(&profile.config, text.as_bytes()).map_err(|e| {
            Error::io(
                format!("writing the run's AWS config {}", profile.config.display()),
                e,
            )
        })?;
        Ok(profile)
    }

    /// Replaces the credential file with fresh credentials (atomically: a reader sees old or new).
    pub fn write_credentials(&self, credentials: &aws::sts::SessionCredentials) -> Result<()> {
        let json = serde_json::to_vec(&ProcessCredentials::from(credentials))
            .map_err(|e| Error::io("encoding the run's credentials", e.into()))?;
        crate::files::write_private_atomic(&self.credentials, &json).map_err(|e| {
            Error::io(
                format!("writing the run's credentials {}", self.credentials.display()),
                e,
            )
        })
    }

    /// The child's environment changes: the profile set, every variable that would shadow it removed
    /// (`None`).
    pub fn variables(&self) -> Vec<(String, Option<String>)> {
        let mut vars: Vec<(String, Option<String>)> = SHADOWING_VARIABLES
            .iter()
            .map(|name| (name.to_string(), None))
            .collect();
        vars.push(("AWS_CONFIG_FILE".into(), Some(self.config.display().to_string())));
        vars.push(("AWS_PROFILE".into(), Some(super::PROFILE.into())));
        // The JavaScript SDK v2 reads ~/.aws/config only with this set.
        vars.push(("AWS_SDK_LOAD_CONFIG".into(), Some("1".into())));
        vars
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

impl Drop for Profile {
    fn drop(&mut self) {
        if let Err(e) = std::fs::remove_dir_all(&self.dir)
            && e.kind() != std::io::ErrorKind::NotFound
        {
            tracing::warn!(dir = %self.dir.display(), error = %e, "could not remove the run's profile");
        }
    }
}

/// `text` in single quotes for `sh -c` (how the Rust SDK runs `credential_process`) and for Python's
/// `shlex` (how botocore splits it): a path with spaces (`Application Support`) stays one word.
pub fn shell_quote(text: &str) -> String {
    if !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-+=:@,".contains(c))
    {
        return text.to_string();
    }
    format!("'{}'", text.replace('\'', "'\\''"))
}

/// `costbrake run credentials --file PATH`: the credentials to print, checked. A file that is missing
/// or expired means the run that wrote it is over.
pub fn read_for_process(path: &Path, now: jiff::Timestamp) -> Result<ProcessCredentials> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        let why = if e.kind() == std::io::ErrorKind::NotFound {
            "the run that wrote it has ended".to_string()
        } else {
            e.to_string()
        };
        Error::usage(format!(
            "no run credentials at {} ({why}); start the command with `costbrake run --role ARN -- ...`",
            path.display()
        ))
    })?;
    let credentials: ProcessCredentials = serde_json::from_str(&text).map_err(|e| {
        Error::usage(format!(
            "{} is not a costbrake run credential file ({e})",
            path.display()
        ))
    })?;
    let expiration: jiff::Timestamp = credentials
        .expiration
        .parse()
        .map_err(|e| Error::usage(format!("{} has an unreadable Expiration ({e})", path.display())))?;
    if expiration <= now {
        return Err(Error::usage(format!(
            "the run credentials in {} expired at {expiration}: the costbrake that refreshed them is gone; \
             start the run again",
            path.display()
        )));
    }
    Ok(credentials)
}

/// Assumes the role again before the credentials run out, and rewrites the profile's credential file.
#[derive(Debug)]
pub struct Refresher<'a> {
    pub ctx: &'a AwsContext,
    pub request: aws::sts::SessionRequest,
    pub profile: Profile,
    /// When the current credentials expire.
    pub expiration: jiff::Timestamp,
    /// The refresh period when set (`COSTBRAKE_RUN_REFRESH_SECONDS`): for tests and for tools that
    /// cache credentials for long.
    pub every: Option<Duration>,
    /// The session ARN of the latest credentials.
    pub session_arn: String,
}

impl Refresher<'_> {
    /// How long until the next refresh: half the session's remaining life, at most 30 minutes before
    /// it expires (the SDKs start refreshing 15 minutes before), or `every`.
    pub fn due_in(&self, now: jiff::Timestamp) -> Duration {
        if let Some(every) = self.every {
            return every;
        }
        let left = Duration::try_from(self.expiration.duration_since(now)).unwrap_or_default();
        let margin = (left / 2).min(Duration::from_secs(30 * 60));
        left.saturating_sub(margin).max(Duration::from_secs(30))
    }

    /// One refresh. On failure the old credentials stay until they expire; the caller tries again.
    pub async fn refresh(&mut self) -> Result<()> {
        let fresh = aws::sts::assume_role_session(self.ctx, &self.request).await?;
        self.profile.write_credentials(&fresh)?;
        self.expiration = fresh.expiration;
        self.session_arn = fresh.assumed_role_arn;
        tracing::debug!(expiration = %self.expiration, "refreshed the run's role credentials");
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn credentials(key: &str, expiration: &str) -> aws::sts::SessionCredentials {
        aws::sts::SessionCredentials {
            access_key_id: key.into(),
            secret_access_key: "secret".into(),
            session_token: "token".into(),
            expiration: expiration.parse().expect("time"),
            assumed_role_arn: "arn:aws:sts::123456789012:assumed-role/r/costbrake-x".into(),
        }
    }

    #[test]
    fn the_profile_is_private_points_at_costbrake_and_is_removed() {
        use std::os::unix::fs::PermissionsExt;
        let parent = tempfile::tempdir().expect("temp dir");
        let exe = Path::new("/opt/my tools/costbrake");
        let profile = Profile::create(
            parent.path(),
            "run 1",
            exe,
            Some("eu-west-1"),
            &credentials("ASIA1", "2030-01-01T00:00:00Z"),
        )
        .expect("profile");
        let config = std::fs::read_to_string(&profile.config).expect("config");
        assert!(config.contains("[profile costbrake-run]"), "{config}");
        assert!(
            config.contains("credential_process = '/opt/my tools/costbrake' run credentials --file "),
            "{config}"
        );
        assert!(config.contains("region = eu-west-1"), "{config}");
        let mode = |p: &Path| std::fs::metadata(p).expect("stat").permissions().mode() & 0o777;
        assert_eq!(mode(profile.dir()), 0o700);
        assert_eq!(mode(&profile.config), 0o600);
        assert_eq!(mode(&profile.credentials), 0o600);

        let now = "2026-12-02T00:00:00Z".parse().expect("time");
        let read = read_for_process(&profile.credentials, now).expect("credentials");
        assert_eq!(read.version, 1);
        assert_eq!(read.access_key_id, "ASIA1");
        assert_eq!(read.expiration, "2030-01-01T00:00:00Z");
        profile
            .write_credentials(&credentials("ASIA2", "2030-01-01T01:00:00Z"))
            .expect("rewrite");
        assert_eq!(
            read_for_process(&profile.credentials, now)
                .expect("credentials")
                .access_key_id,
            "ASIA2"
        );
        let vars = profile.variables();
        assert!(vars.contains(&("AWS_ACCESS_KEY_ID".into(), None)));
        assert!(vars.contains(&("AWS_PROFILE".into(), Some("costbrake-run".into()))));

        let (dir, file) = (profile.dir().to_path_buf(), profile.credentials.clone());
        drop(profile);
        assert!(!dir.exists());
        let err = read_for_process(&file, now).expect_err("gone");
        assert!(err.to_string().contains("has ended"), "{err}");
    }

    #[test]
    fn expired_credentials_are_refused() {
        let parent = tempfile::tempdir().expect("temp dir");
        let profile = Profile::create(
            parent.path(),
            "r",
            Path::new("costbrake"),
            None,
            &credentials("ASIA1", "2026-12-02T00:00:00Z"),
        )
        .expect("profile");
        let later = "2026-12-02T00:00:01Z".parse().expect("time");
        let err = read_for_process(&profile.credentials, later).expect_err("expired");
        assert!(err.to_string().contains("expired"), "{err}");
    }

    #[test]
    fn quoting_survives_sh_and_shlex() {
        assert_eq!(shell_quote("/usr/bin/costbrake"), "/usr/bin/costbrake");
        assert_eq!(shell_quote("/a b/c"), "'/a b/c'");
        assert_eq!(shell_quote("it's"), "'it'\\''s'");
    }
}
