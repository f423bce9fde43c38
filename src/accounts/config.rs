//! `[accounts]` in costbrake.toml: the role every member account is entered through, the bound over
//! accounts × regions, the accounts never visited, and per-account overrides (`[[accounts.account]]`:
//! a role ARN, an external id, a profile, regions, regions to leave out). Pure: `crate::config` reads
//! the file.

use serde::{Deserialize, Serialize};

use super::{DEFAULT_CONCURRENCY, DEFAULT_ROLE_NAME, validate_account_id};

/// `[accounts]`, validated.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Config {
    /// The role assumed in each member account, by name (`--role-name` wins).
    pub role_name: String,
    /// Listings in flight at once over every account and region of one command.
    pub concurrency: usize,
    /// Accounts never visited, even when `org` or an OU holds them.
    pub exclude: Vec<String>,
    /// Per-account overrides.
    pub overrides: Vec<Override>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            role_name: DEFAULT_ROLE_NAME.to_string(),
            concurrency: DEFAULT_CONCURRENCY,
            exclude: Vec::new(),
            overrides: Vec::new(),
        }
    }
}

impl Config {
    /// The override of `account`, if the file has one.
    pub fn override_of(&self, account: &str) -> Option<&Override> {
        self.overrides.iter().find(|o| o.id == account)
    }
}

/// One `[[accounts.account]]` entry, validated.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Override {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Assume this role instead of `arn:<partition>:iam::<id>:role/<role_name>`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role_arn: Option<String>,
    /// The `sts:ExternalId` the role's trust policy requires.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// Use this profile's credentials instead of assuming a role.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    /// This account's regions instead of the command's.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub regions: Vec<String>,
    /// Regions never visited in this account (an SCP denies them, say), even under `--regions all`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub exclude_regions: Vec<String>,
}

/// `[accounts]` as written. Unknown keys are errors.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAccounts {
    role_name: Option<String>,
    concurrency: Option<i64>,
    #[serde(default)]
    exclude: Vec<String>,
    #[serde(default)]
    account: Vec<RawOverride>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOverride {
    id: String,
    name: Option<String>,
    role_arn: Option<String>,
    external_id: Option<String>,
    profile: Option<String>,
    #[serde(default)]
    regions: Vec<String>,
    #[serde(default)]
    exclude_regions: Vec<String>,
}

/// Validates `[accounts]`; the message names the key.
pub fn from_config(raw: RawAccounts) -> Result<Config, String> {
    let mut config = Config::default();
    if let Some(name) = raw.role_name {
        validate_role_name(&name).map_err(|m| format!("accounts.role_name: {m}"))?;
        config.role_name = name;
    }
    match raw.concurrency {
        None => {}
        Some(n) if (1..=1024).contains(&n) => config.concurrency = n as usize,
        Some(n) => {
            return Err(format!(
                "accounts.concurrency is {n}; give 1 to 1024 (the default is {DEFAULT_CONCURRENCY})"
            ));
        }
    }
    for id in &raw.exclude {
        validate_account_id(id).map_err(|m| format!("accounts.exclude: {m}"))?;
    }
    config.exclude = raw.exclude;
    for (i, entry) in raw.account.into_iter().enumerate() {
        let at = |m: String| format!("accounts.account[{i}]: {m}");
        validate_account_id(&entry.id).map_err(at)?;
        if config.overrides.iter().any(|o| o.id == entry.id) {
            return Err(at(format!("account {} is listed twice", entry.id)));
        }
        if entry.role_arn.is_some() && entry.profile.is_some() {
            return Err(at(
                "give `role_arn` (assumed from the caller) or `profile` (its own credentials), not both"
                    .into(),
            ));
        }
        if let Some(arn) = &entry.role_arn {
            validate_role_arn(arn, &entry.id).map_err(at)?;
        }
        if entry.external_id.is_some() && entry.profile.is_some() {
            return Err(at("`external_id` goes with a role, not with `profile`".into()));
        }
        if let Some(id) = &entry.external_id
            && (id.len() < 2 || id.len() > 1224 || id.chars().any(char::is_whitespace))
        {
            return Err(at(
                "`external_id` must be 2 to 1224 characters without spaces (sts:ExternalId)".into(),
            ));
        }
        if let Some(profile) = &entry.profile
            && profile.trim().is_empty()
        {
            return Err(at("`profile` is empty".into()));
        }
        for region in entry.regions.iter().chain(&entry.exclude_regions) {
            if region != "all" {
                crate::aws::parse_region(region).map_err(at)?;
            }
        }
        config.overrides.push(Override {
            id: entry.id,
            name: entry.name,
            role_arn: entry.role_arn,
            external_id: entry.external_id,
            profile: entry.profile,
            regions: entry.regions,
            exclude_regions: entry.exclude_regions,
        });
    }
    Ok(config)
}

/// An IAM role name: 1 to 64 of `[A-Za-z0-9+=,.@_-]`, or a path and name (`costbrake/audit`).
pub fn validate_role_name(name: &str) -> Result<(), String> {
    let (path, last) = name.rsplit_once('/').unwrap_or(("", name));
    let valid_char = |c: char| c.is_ascii_alphanumeric() || "+=,.@_-".contains(c);
    if last.is_empty() || last.len() > 64 || !last.chars().all(valid_char) {
        return Err(format!(
            "`{}` is not an IAM role name (1 to 64 letters, digits and +=,.@_-), e.g. OrganizationAccountAccessRole",
            crate::text::escape_controls(name)
        ));
    }
    if !path.split('/').all(|p| p.chars().all(valid_char)) {
        return Err(format!(
            "`{}` has a path that is not an IAM path",
            crate::text::escape_controls(name)
        ));
    }
    Ok(())
}

fn validate_role_arn(arn: &str, account: &str) -> Result<(), String> {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let ok = parts.len() == 6
        && parts[0] == "arn"
        && parts[2] == "iam"
        && parts[3].is_empty()
        && parts[5].starts_with("role/");
    if !ok {
        return Err(format!(
            "`role_arn` `{}` is not an IAM role ARN (arn:aws:iam::{account}:role/NAME)",
            crate::text::escape_controls(arn)
        ));
    }
    if parts[4] != account {
        return Err(format!(
            "`role_arn` is in account {}, not {account}; the role must be the account's own",
            parts[4]
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, String> {
        #[derive(Deserialize)]
        struct File {
            accounts: RawAccounts,
        }
        let file: File = toml::from_str(text).map_err(|e| e.to_string())?;
        from_config(file.accounts)
    }

    #[test]
    fn overrides_are_read_and_checked() {
        let config = parse(
            r#"
            [accounts]
            role_name = "costbrake-audit"
            concurrency = 12
            exclude = ["999999999999"]
            [[accounts.account]]
            id = "111111111111"
            role_arn = "arn:aws:iam::111111111111:role/Audit"
            external_id = "ext-42"
            regions = ["eu-west-1"]
            [[accounts.account]]
            id = "222222222222"
            profile = "prod"
            exclude_regions = ["ap-east-1"]
            "#,
        )
        .expect("valid");
        assert_eq!(config.role_name, "costbrake-audit");
        assert_eq!(config.concurrency, 12);
        assert_eq!(config.exclude, ["999999999999"]);
        let one = config.override_of("111111111111").expect("listed");
        assert_eq!(one.external_id.as_deref(), Some("ext-42"));
        assert_eq!(one.regions, ["eu-west-1"]);
        assert_eq!(
            config.override_of("222222222222").unwrap().profile.as_deref(),
            Some("prod")
        );
        assert!(config.override_of("333333333333").is_none());
    }

    #[test]
    fn mistakes_name_the_key() {
        let cases = [
            ("concurrency = 0", "accounts.concurrency"),
            ("exclude = [\"12\"]", "accounts.exclude"),
            ("role_name = \"has space\"", "accounts.role_name"),
            (
                "[[accounts.account]]\nid = \"111111111111\"\nrole_arn = \"arn:aws:iam::222222222222:role/x\"",
                "not 111111111111",
            ),
            (
                "[[accounts.account]]\nid = \"111111111111\"\nprofile = \"p\"\nrole_arn = \"arn:aws:iam::111111111111:role/x\"",
                "not both",
            ),
            (
                "[[accounts.account]]\nid = \"111111111111\"\n[[accounts.account]]\nid = \"111111111111\"",
                "listed twice",
            ),
            (
                "[[accounts.account]]\nid = \"111111111111\"\nregions = [\"moon\"]",
                "accounts.account[0]",
            ),
        ];
        for (body, needle) in cases {
            let err = parse(&format!("[accounts]\n{body}")).unwrap_err();
            assert!(err.contains(needle), "{body}: {err}");
        }
        assert!(
            parse("[accounts]\nrole = \"x\"")
                .unwrap_err()
                .contains("unknown field")
        );
    }

    #[test]
    fn role_names_may_carry_a_path() {
        assert!(validate_role_name("OrganizationAccountAccessRole").is_ok());
        assert!(validate_role_name("costbrake/audit-role").is_ok());
        assert!(validate_role_name("").is_err());
        assert!(validate_role_name(&"x".repeat(65)).is_err());
    }
}
