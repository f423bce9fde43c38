//! A sandbox as wanted, validated without AWS: everything Organizations or Budgets would reject (an
//! account name, an email, a budget of zero, an OU id) is refused here, before the first request, so that
//! bad input creates nothing.

use std::collections::BTreeSet;

use rust_decimal::Decimal;
use serde::Serialize;

use super::BUDGET_PREFIX;
use crate::budgets::{self, MAX_EMAILS, MAX_SNS, Period, Target};

/// The longest sandbox name: Organizations' account names take at most 50 characters.
pub const MAX_NAME: usize = 50;
/// ACTUAL notifications of a sandbox budget, in percent of the limit (and a FORECASTED one at 100).
pub const THRESHOLDS: [u32; 2] = [80, 100];

/// One sandbox as wanted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Spec {
    /// The sandbox's name: the account name, the `costbrake:sandbox` tag value, and the budget's suffix.
    pub name: String,
    /// The new account's root email (`create` only; `adopt` keeps the account's own).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// The budget per period, in USD.
    #[cfg_attr(test, schemars(with = "crate::schemas::Decimal"))]
    pub budget: Decimal,
    pub period: Period,
    /// The OU that holds `costbrake-sandboxes`; the organization's root when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ou: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// Where the budget's alerts go besides the owner (sorted, each once).
    pub notify: Vec<Target>,
}

/// A sandbox's inputs before validation, as the command line or `[[sandboxes]]` give them.
#[derive(Debug, Clone, Default)]
pub struct SpecInput {
    pub name: String,
    pub email: Option<String>,
    pub budget: String,
    pub period: Option<String>,
    pub ou: Option<String>,
    pub owner: Option<String>,
    pub notify: Vec<String>,
}

impl Spec {
    /// Validates everything that can be checked without AWS. Errors say which input and what to do.
    pub fn new(input: SpecInput) -> Result<Spec, String> {
        validate_name(&input.name)?;
        let email = input
            .email
            .as_deref()
            .map(|e| validate_email(e, "--email"))
            .transpose()?;
        let budget = budgets::parse_limit(&input.budget).map_err(|m| format!("--budget: {m}"))?;
        let period = match &input.period {
            Some(p) => p.parse()?,
            None => Period::Monthly,
        };
        let ou = input.ou.as_deref().map(validate_ou).transpose()?;
        let owner = input
            .owner
            .as_deref()
            .map(|e| validate_email(e, "--owner"))
            .transpose()?;
        let notify: BTreeSet<Target> = input
            .notify
            .iter()
            .map(|t| t.parse())
            .collect::<Result<_, String>>()?;
        let spec = Spec {
            name: input.name,
            email,
            budget,
            period,
            ou,
            owner,
            notify: notify.into_iter().collect(),
        };
        let targets = spec.targets(None);
        let emails = targets.iter().filter(|t| matches!(t, Target::Email(_))).count();
        let topics = targets.len() - emails;
        if emails > MAX_EMAILS {
            return Err(format!(
                "{emails} email addresses get the budget's alerts (the owner and --notify); AWS allows at most \
                 {MAX_EMAILS}: use an SNS topic for more"
            ));
        }
        if topics > MAX_SNS {
            return Err(format!(
                "{topics} SNS topics given; AWS allows at most {MAX_SNS} per notification"
            ));
        }
        Ok(spec)
    }

    /// The budget's name, `costbrake-sandbox-<name>`.
    pub fn budget_name(&self) -> String {
        format!("{BUDGET_PREFIX}{}", self.name)
    }

    /// Who gets the budget's alerts: `--notify` and the owner, or else the account's own email (AWS needs
    /// at least one subscriber per notification, and the account's root email is the team's).
    fn targets(&self, account_email: Option<&str>) -> Vec<Target> {
        let mut targets: BTreeSet<Target> = self.notify.iter().cloned().collect();
        if let Some(owner) = &self.owner {
            targets.insert(Target::Email(owner.clone()));
        }
        if targets.is_empty()
            && let Some(email) = account_email.filter(|e| !e.is_empty())
        {
            targets.insert(Target::Email(email.to_string()));
        }
        targets.into_iter().collect()
    }

    /// The budget of this sandbox once its account is known: a cost budget in the management account over
    /// `LINKED_ACCOUNT = account`, with ACTUAL alerts at 80 % and 100 % and a FORECASTED one at 100 %.
    pub fn budget_spec(&self, account: &str, account_email: &str) -> budgets::Spec {
        budgets::Spec {
            agent: self.name.clone(),
            name: self.budget_name(),
            limit: self.budget,
            period: self.period,
            notify: self.targets(Some(account_email)),
            thresholds: THRESHOLDS.iter().map(|t| Decimal::from(*t)).collect(),
            forecast: true,
            action: None,
            account: Some(account.to_string()),
        }
    }

    /// The `costbrake:budget` tag value: `500 USD MONTHLY`.
    pub fn budget_tag(&self) -> String {
        format!("{} USD {}", self.budget.normalize(), self.period.time_unit())
    }
}

/// A sandbox name: the account's name in Organizations, a tag value and part of a budget name, so
/// letters, digits, `-`, `_` and `.`, starting with a letter or digit, at most 50 characters.
pub fn validate_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("the sandbox name is empty; give one such as team-research".into());
    }
    if name.chars().count() > MAX_NAME {
        return Err(format!(
            "sandbox name `{name}` is longer than {MAX_NAME} characters, the most an AWS account name takes"
        ));
    }
    if !name.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        return Err(format!(
            "sandbox name `{name}` must start with a letter or digit, e.g. team-research"
        ));
    }
    if let Some(c) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || "-_.".contains(*c)))
    {
        return Err(format!(
            "sandbox name `{}` contains `{}`; use letters, digits, - _ and . only",
            name.escape_debug(),
            c.escape_debug()
        ));
    }
    Ok(())
}

/// An email address as Organizations takes it for an account: 6 to 64 characters, one `@`, a dot in
/// the domain, no spaces.
pub fn validate_email(address: &str, flag: &str) -> Result<String, String> {
    let bad = |why: &str| format!("{flag}: `{address}` {why}; give an address such as team@example.com");
    let (local, domain) = address
        .split_once('@')
        .ok_or_else(|| bad("is not an email address"))?;
    if address.len() < 6 || address.len() > 64 {
        return Err(bad(
            "must be 6 to 64 characters long, as AWS accounts' emails are",
        ));
    }
    let ok = !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && address.is_ascii()
        && !address.chars().any(|c| c.is_whitespace() || c.is_control());
    if ok {
        Ok(address.to_string())
    } else {
        Err(bad("is not an email address AWS accepts"))
    }
}

/// An OU id: `ou-` then 4 to 32 lowercase letters or digits (the root's suffix), `-`, and 8 to 32 more.
pub fn validate_ou(id: &str) -> Result<String, String> {
    let bad = || {
        format!(
            "--ou: `{id}` is not an OU id; give one such as ou-ab12-cd34ef56 (see `aws organizations list-organizational-units-for-parent`)"
        )
    };
    let rest = id.strip_prefix("ou-").ok_or_else(bad)?;
    let (root, unit) = rest.split_once('-').ok_or_else(bad)?;
    let part = |s: &str, min: usize| {
        (min..=32).contains(&s.len()) && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
    };
    if part(root, 4) && part(unit, 8) {
        Ok(id.to_string())
    } else {
        Err(bad())
    }
}

/// An account id: 12 digits.
pub fn validate_account(id: &str) -> Result<String, String> {
    if id.len() == 12 && id.chars().all(|c| c.is_ascii_digit()) {
        Ok(id.to_string())
    } else {
        Err(format!(
            "`{id}` is not an AWS account id; give the 12 digits, e.g. 123456789012"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(name: &str) -> SpecInput {
        SpecInput {
            name: name.into(),
            email: Some("team-research@example.com".into()),
            budget: "500".into(),
            ..SpecInput::default()
        }
    }

    #[test]
    fn a_valid_sandbox_gets_its_budget_over_its_linked_account() {
        let spec = Spec::new(SpecInput {
            owner: Some("lead@example.com".into()),
            notify: vec!["sns:arn:aws:sns:us-east-1:123456789012:alerts".into()],
            ..input("team-research")
        })
        .expect("valid");
        assert_eq!(spec.budget_tag(), "500 USD MONTHLY");
        let budget = spec.budget_spec("210987654321", "root@example.com");
        assert_eq!(budget.name, "costbrake-sandbox-team-research");
        assert_eq!(budget.account.as_deref(), Some("210987654321"));
        assert_eq!(budget.thresholds, vec![Decimal::from(80), Decimal::from(100)]);
        assert!(budget.forecast);
        assert_eq!(
            budget.notify,
            vec![
                Target::Email("lead@example.com".into()),
                Target::Sns("arn:aws:sns:us-east-1:123456789012:alerts".into())
            ],
            "the owner and --notify, not the account's email"
        );
    }

    #[test]
    fn without_owner_or_notify_the_alerts_go_to_the_account_email() {
        let spec = Spec::new(input("team-research")).expect("valid");
        let budget = spec.budget_spec("210987654321", "root@example.com");
        assert_eq!(budget.notify, vec![Target::Email("root@example.com".into())]);
    }

    #[test]
    fn what_aws_would_reject_is_refused_with_the_fix() {
        let bad = |i: SpecInput| Spec::new(i).expect_err("refused");
        assert!(bad(input("")).contains("empty"));
        assert!(bad(input("team research")).contains("contains ` `"));
        assert!(bad(input("-team")).contains("start with a letter"));
        assert!(bad(input(&"x".repeat(51))).contains("longer than 50"));
        assert!(
            bad(SpecInput {
                budget: "0".into(),
                ..input("t")
            })
            .contains("--budget: limit `0` must be greater than zero")
        );
        assert!(
            bad(SpecInput {
                email: Some("not-an-email".into()),
                ..input("t")
            })
            .starts_with("--email: `not-an-email` is not an email address")
        );
        assert!(
            bad(SpecInput {
                email: Some("a@b.c".into()),
                ..input("t")
            })
            .contains("6 to 64")
        );
        assert!(
            bad(SpecInput {
                ou: Some("r-abcd".into()),
                ..input("t")
            })
            .starts_with("--ou: `r-abcd` is not an OU id")
        );
        assert!(
            bad(SpecInput {
                period: Some("weekly".into()),
                ..input("t")
            })
            .contains("not a budget period")
        );
        assert_eq!(validate_ou("ou-ab12-cd34ef56"), Ok("ou-ab12-cd34ef56".into()));
        assert!(validate_account("12345678901").is_err());
    }
}
