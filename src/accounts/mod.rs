//! `--accounts`: the accounts a command runs in, and the way into each. A selection names account ids,
//! `org` (every ACTIVE member of the organization) or `ou:ou-xxxx` (every ACTIVE account under an OU,
//! recursively); [`resolve`] turns it into [`Account`]s with their access from `[accounts]` (the
//! caller's own credentials in the caller's account, else a role by name or ARN, or a profile), and
//! [`connect`] enters each one once: one `AssumeRole` per account per run, its credentials cached and
//! refreshed before they expire by the SDK's identity cache, under the same bound as the listings.
//!
//! An account that cannot be entered is not an error: its [`Session`] carries the reason, the
//! capabilities report it as a gap, and every other account completes (c7n-org #6738, #7211).

pub mod config;

use serde::Serialize;

use crate::aws::{self, AwsContext};
use crate::error::{Error, Result};
use crate::inventory::Gap;

pub use config::{Config, Override};

/// The role assumed in a member account unless `--role-name` or `accounts.role_name` names another: the
/// one Organizations creates in every account it creates.
pub const DEFAULT_ROLE_NAME: &str = "OrganizationAccountAccessRole";

/// Listings in flight at once over every account and region of one command (`accounts.concurrency`).
pub const DEFAULT_CONCURRENCY: usize = 256;

/// Listings one account runs at once in each region (the inventory's per-region bound), for
/// [`accounts_in_flight`].
const ACCOUNT_WIDTH: usize = 16;

/// How many accounts are read at once under a bound of `concurrency` listings: enough to keep the bound
/// busy, and no more, since each account's SDK clients (about 100 KB per service and region, 5 MB an
/// account) live until its reads are done.
pub fn accounts_in_flight(concurrency: usize) -> usize {
    (concurrency / ACCOUNT_WIDTH).max(1)
}

/// The role session name, so that CloudTrail in each member account names costbrake.
pub const SESSION_NAME: &str = "costbrake";

/// Where the access of member accounts is documented, for error hints.
pub const DOCS: &str = "docs/configuration.md#accounts";

/// `--accounts` as given: ids, `org`, `ou:` ids.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    pub ids: Vec<String>,
    pub org: bool,
    pub ous: Vec<String>,
}

impl Selection {
    /// Parses `ID,ID,...`, `org`, or `ou:ou-xxxx[,ou:...]` (ids and OUs may be mixed).
    pub fn parse(text: &str) -> std::result::Result<Selection, String> {
        let mut selection = Selection::default();
        let shown = crate::text::escape_controls(text);
        for entry in text.split(',').map(str::trim) {
            if entry.is_empty() {
                return Err(format!(
                    "--accounts `{shown}` has an empty entry; give ids like 111122223333,444455556666, `org`, or \
                     ou:ou-ab12-cd34ef56"
                ));
            }
            if entry == "org" {
                selection.org = true;
            } else if let Some(ou) = entry.strip_prefix("ou:") {
                validate_ou_id(ou)?;
                selection.ous.push(ou.to_string());
            } else {
                validate_account_id(entry).map_err(|m| format!("--accounts: {m}"))?;
                selection.ids.push(entry.to_string());
            }
        }
        if selection.org && (!selection.ids.is_empty() || !selection.ous.is_empty()) {
            return Err(
                "--accounts: `org` already means every account of the organization; give it alone".into(),
            );
        }
        selection.ids.sort();
        selection.ids.dedup();
        selection.ous.sort();
        selection.ous.dedup();
        Ok(selection)
    }

    /// Whether resolving it asks Organizations.
    pub fn needs_organizations(&self) -> bool {
        self.org || !self.ous.is_empty()
    }
}

/// A 12-digit account id.
pub fn validate_account_id(id: &str) -> std::result::Result<(), String> {
    if id.len() == 12 && id.chars().all(|c| c.is_ascii_digit()) {
        Ok(())
    } else {
        Err(format!(
            "`{}` is not a 12-digit AWS account id",
            crate::text::escape_controls(id)
        ))
    }
}

/// An OU id: `ou-` then 4 to 32 lowercase letters or digits (the root's id), `-`, 8 to 32 more.
fn validate_ou_id(id: &str) -> std::result::Result<(), String> {
    let valid = id
        .strip_prefix("ou-")
        .and_then(|rest| rest.split_once('-'))
        .is_some_and(|(root, ou)| {
            let part = |s: &str, min: usize| {
                (min..=32).contains(&s.len())
                    && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
            };
            part(root, 4) && part(ou, 8)
        });
    if valid {
        Ok(())
    } else {
        Err(format!(
            "--accounts: `ou:{}` is not an OU id (ou:ou-ab12-cd34ef56); see `aws organizations \
             list-organizational-units-for-parent`",
            crate::text::escape_controls(id)
        ))
    }
}

/// How costbrake enters an account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(tag = "via", rename_all = "kebab-case")]
pub enum Access {
    /// The caller's own account: its credentials as they are, no role.
    Caller,
    /// AssumeRole from the caller.
    Role {
        role_arn: String,
        #[serde(skip)]
        external_id: Option<String>,
    },
    /// A profile's own credentials (`[[accounts.account]] profile`).
    Profile { profile: String },
}

impl Access {
    /// `role arn:...`, `profile NAME`, `caller`: for tables.
    pub fn describe(&self) -> String {
        match self {
            Access::Caller => "caller's credentials".into(),
            Access::Role { role_arn, .. } => role_arn.clone(),
            Access::Profile { profile } => format!("profile {profile}"),
        }
    }
}

/// One account in scope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Account {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(flatten)]
    pub access: Access,
    /// Its own regions (`[[accounts.account]] regions`); empty: the command's.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub regions: Vec<String>,
    /// Regions never visited in it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub exclude_regions: Vec<String>,
}

impl Account {
    /// The regions to visit in this account: its own, else `given`, less its exclusions. (`all` is
    /// resolved later, in the account, and the exclusions applied again.)
    pub fn regions(&self, given: &[String]) -> Vec<String> {
        let base = if self.regions.is_empty() {
            given
        } else {
            &self.regions
        };
        base.iter()
            .filter(|r| !self.exclude_regions.contains(r))
            .cloned()
            .collect()
    }

    /// `regions` (resolved) without this account's exclusions.
    pub fn without_excluded(&self, regions: Vec<String>) -> Vec<String> {
        regions
            .into_iter()
            .filter(|r| !self.exclude_regions.contains(r))
            .collect()
    }
}

/// The accounts `selection` names, in id order, each with its access. Refuses a selection that comes
/// to no account (an empty OU, every account excluded): a command would otherwise succeed having read
/// or stopped nothing.
pub async fn resolve(
    ctx: &AwsContext,
    selection: &Selection,
    config: &Config,
    role_name: &str,
) -> Result<Vec<Account>> {
    let caller = aws::sts::caller_identity(ctx).await?;
    let mut found: Vec<(String, Option<String>)> =
        selection.ids.iter().map(|id| (id.clone(), None)).collect();
    if selection.org {
        for account in aws::organizations::accounts(ctx)
            .await
            .map_err(|e| organizations_hint(e, "--accounts org"))?
        {
            if account.state == "ACTIVE" {
                found.push((account.id, Some(account.name)));
            }
        }
    }
    for ou in &selection.ous {
        for account in accounts_under_ou(ctx, ou).await? {
            if account.state == "ACTIVE" {
                found.push((account.id, Some(account.name)));
            }
        }
    }
    found.sort();
    found.dedup_by(|a, b| a.0 == b.0);
    let partition = aws::partition(&ctx.global_region());
    let accounts: Vec<Account> = found
        .into_iter()
        .filter(|(id, _)| !config.exclude.contains(id))
        .map(|(id, org_name)| {
            let over = config.override_of(&id);
            let access = match over {
                Some(Override {
                    profile: Some(profile),
                    ..
                }) => Access::Profile {
                    profile: profile.clone(),
                },
                Some(Override {
                    role_arn: Some(arn),
                    external_id,
                    ..
                }) => Access::Role {
                    role_arn: arn.clone(),
                    external_id: external_id.clone(),
                },
                _ if id == caller.account => Access::Caller,
                _ => Access::Role {
                    role_arn: format!("arn:{partition}:iam::{id}:role/{role_name}"),
                    external_id: over.and_then(|o| o.external_id.clone()),
                },
            };
            Account {
                name: over.and_then(|o| o.name.clone()).or(org_name),
                access,
                regions: over.map(|o| o.regions.clone()).unwrap_or_default(),
                exclude_regions: over.map(|o| o.exclude_regions.clone()).unwrap_or_default(),
                id,
            }
        })
        .collect();
    if accounts.is_empty() {
        return Err(Error::usage(
            "--accounts comes to no account (every one is excluded, inactive or outside the OU); nothing was \
             read or changed",
        ));
    }
    Ok(accounts)
}

/// Every account under `ou`, through its child OUs (ListAccountsForParent, ListOrganizationalUnitsForParent).
async fn accounts_under_ou(ctx: &AwsContext, ou: &str) -> Result<Vec<aws::organizations::Account>> {
    let mut pending = vec![ou.to_string()];
    let mut out = Vec::new();
    while let Some(parent) = pending.pop() {
        let (accounts, children) = futures::join!(
            aws::organizations::accounts_under(ctx, &parent),
            aws::organizations::ous_under(ctx, &parent)
        );
        let what = format!("--accounts ou:{ou}");
        out.extend(accounts.map_err(|e| organizations_hint(e, &what))?);
        pending.extend(
            children
                .map_err(|e| organizations_hint(e, &what))?
                .into_iter()
                .map(|c| c.id),
        );
    }
    Ok(out)
}

fn organizations_hint(err: Error, what: &str) -> Error {
    match err.aws_code() {
        Some("AWSOrganizationsNotInUseException") | Some("AccessDeniedException") => Error::usage(format!(
            "{what} reads the organization, and this caller cannot ({err}); run it from the management \
             account (or a delegated administrator), or list the account ids"
        )),
        _ => err,
    }
}

/// The way into one account: its context, or why there is none.
#[derive(Debug)]
pub struct Session<'a> {
    pub account: Account,
    pub ctx: std::result::Result<Entered<'a>, Error>,
}

/// An account's context: the caller's own, or one made for the account.
#[derive(Debug)]
pub enum Entered<'a> {
    Caller(&'a AwsContext),
    Own(Box<AwsContext>),
}

impl std::ops::Deref for Entered<'_> {
    type Target = AwsContext;
    fn deref(&self) -> &AwsContext {
        match self {
            Entered::Caller(ctx) => ctx,
            Entered::Own(ctx) => ctx,
        }
    }
}

impl Session<'_> {
    /// The gap an account that could not be entered leaves.
    pub fn gap(&self) -> Option<Gap> {
        let err = self.ctx.as_ref().err()?;
        let (source, arn) = match &self.account.access {
            Access::Role { role_arn, .. } => ("sts:AssumeRole", Some(role_arn.clone())),
            Access::Profile { .. } => ("profile", None),
            Access::Caller => ("sts:GetCallerIdentity", None),
        };
        Some(gap(&self.account.id, source, arn, err))
    }
}

/// The gap a whole account leaves when `source` failed there (entering it, or its reads as a whole).
pub fn gap(account: &str, source: &str, arn: Option<String>, err: &Error) -> Gap {
    Gap {
        account: Some(account.to_string()),
        source: source.to_string(),
        region: crate::inventory::GLOBAL.to_string(),
        arn,
        error: err.to_string(),
    }
}

/// Enters every account, `concurrency` at a time: each role is assumed once (checked with one
/// `GetCallerIdentity`), and its credentials are refreshed before they expire for as long as the
/// command runs. An account that cannot be entered carries the reason.
pub async fn connect<'a>(
    base: &'a AwsContext,
    accounts: Vec<Account>,
    concurrency: usize,
) -> Vec<Session<'a>> {
    aws::fan_out(accounts, concurrency, |account| async move {
        let ctx = match &account.access {
            Access::Caller => Ok(Entered::Caller(base)),
            Access::Role {
                role_arn,
                external_id,
            } => base
                .assume_role_with(
                    role_arn,
                    SESSION_NAME,
                    external_id.as_deref(),
                    &format!(
                        "check that the role exists in account {} and trusts the caller (see {DOCS}), or \
                         name another with --role-name",
                        account.id
                    ),
                )
                .await
                .map(|c| Entered::Own(Box::new(c))),
            Access::Profile { profile } => match base.with_profile(profile).await {
                Ok(ctx) => check_profile_account(ctx, &account.id).await,
                Err(e) => Err(e),
            },
        };
        Session { account, ctx }
    })
    .await
}

/// A profile's credentials must belong to the account they are listed for: otherwise the command would
/// act in the wrong account under the right one's name.
async fn check_profile_account<'a>(ctx: AwsContext, account: &str) -> Result<Entered<'a>> {
    let identity = aws::sts::caller_identity(&ctx).await?;
    if identity.account != account {
        return Err(Error::usage(format!(
            "the profile listed for account {account} has credentials of account {}; fix \
             [[accounts.account]] in costbrake.toml",
            identity.account
        )));
    }
    Ok(Entered::Own(Box::new(ctx)))
}

/// One account's outcome, for every multi-account output.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Outcome {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `caller`, `role` or `profile`.
    pub via: &'static str,
    /// The role ARN or profile name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub with: Option<String>,
    /// Whether costbrake got in.
    pub entered: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl Outcome {
    pub fn of(session: &Session<'_>) -> Outcome {
        let (via, with) = match &session.account.access {
            Access::Caller => ("caller", None),
            Access::Role { role_arn, .. } => ("role", Some(role_arn.clone())),
            Access::Profile { profile } => ("profile", Some(profile.clone())),
        };
        Outcome {
            id: session.account.id.clone(),
            name: session.account.name.clone(),
            via,
            with,
            entered: session.ctx.is_ok(),
            error: session.ctx.as_ref().err().map(|e| e.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selections_parse_ids_org_and_ous() {
        let s = Selection::parse("111111111111, 222222222222").unwrap();
        assert_eq!(s.ids, ["111111111111", "222222222222"]);
        assert!(!s.needs_organizations());
        let s = Selection::parse("org").unwrap();
        assert!(s.org && s.needs_organizations());
        let s = Selection::parse("ou:ou-ab12-cd34ef56,333333333333").unwrap();
        assert_eq!(s.ous, ["ou-ab12-cd34ef56"]);
        assert_eq!(s.ids, ["333333333333"]);
        for (bad, needle) in [
            ("", "empty entry"),
            ("111111111111,", "empty entry"),
            ("12345", "12-digit"),
            ("org,111111111111", "alone"),
            ("ou:r-ab12", "not an OU id"),
            ("ou:ou-AB12-cd34ef56", "not an OU id"),
        ] {
            let err = Selection::parse(bad).unwrap_err();
            assert!(err.contains(needle), "{bad}: {err}");
        }
    }

    #[test]
    fn an_accounts_regions_are_its_own_less_its_exclusions() {
        let account = Account {
            id: "111111111111".into(),
            name: None,
            access: Access::Caller,
            regions: vec![],
            exclude_regions: vec!["eu-west-1".into()],
        };
        let given = vec!["us-east-1".to_string(), "eu-west-1".to_string()];
        assert_eq!(account.regions(&given), ["us-east-1"]);
        let own = Account {
            regions: vec!["ap-south-1".into()],
            ..account.clone()
        };
        assert_eq!(own.regions(&given), ["ap-south-1"]);
        assert_eq!(account.without_excluded(given), ["us-east-1"]);
    }
}
