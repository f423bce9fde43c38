//! The validated per-agent budget spec: agent and budget names, limit, period, notification targets and
//! thresholds, and the `deny-iam` budget action, checked without AWS ([`Spec::new`]).
//!
//! Pure: no IO, and nothing from `crate::aws` but `aws::parse_region`, which checks the shape of a region
//! name (an SNS topic ARN holds one). How a spec looks in AWS's terms (budget definition, notifications,
//! action) is in `plan.rs`, so that this file needs none of the AWS types.

use std::collections::BTreeSet;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::aws::parse_region;

/// Every costbrake budget's name starts with this; `list` and `sync` own exactly these budgets.
pub const NAME_PREFIX: &str = "costbrake-agent-";
/// The longest budget name AWS accepts.
pub const MAX_NAME_LEN: usize = 100;
/// Default ACTUAL notification thresholds, in percent of the limit.
pub const DEFAULT_THRESHOLDS: [u32; 3] = [50, 80, 100];
/// The FORECASTED notification (`--forecast`) fires when the forecast passes this percentage.
pub const FORECAST_PERCENT: u32 = 100;
/// Budget actions fire when actual spend passes this percentage.
pub const ACTION_PERCENT: u32 = 100;
/// The AWS managed policy a `deny-iam` action attaches: it denies every action. AWS maintains it in every
/// account, so costbrake creates no policy and needs no IAM write permission of its own.
pub const DENY_POLICY: &str = "AWSDenyAll";
/// The cost metric of every costbrake budget (a `FilterExpression` needs exactly one).
pub const METRIC: &str = "UnblendedCost";
/// AWS's limits: notifications per budget, email and SNS subscribers per notification, roles per action.
pub const MAX_NOTIFICATIONS: usize = 10;
pub const MAX_EMAILS: usize = 10;
pub const MAX_SNS: usize = 1;
pub const MAX_ROLES: usize = 100;

/// How often a budget resets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Period {
    Daily,
    Monthly,
    Quarterly,
    Annually,
}

impl Period {
    /// The Budgets `TimeUnit`.
    pub fn time_unit(self) -> &'static str {
        match self {
            Period::Daily => "DAILY",
            Period::Monthly => "MONTHLY",
            Period::Quarterly => "QUARTERLY",
            Period::Annually => "ANNUALLY",
        }
    }
}

impl Period {
    /// As costbrake.toml and the command line spell it: `daily`, `monthly`, ...
    pub fn name(self) -> &'static str {
        match self {
            Period::Daily => "daily",
            Period::Monthly => "monthly",
            Period::Quarterly => "quarterly",
            Period::Annually => "annually",
        }
    }

    /// The period of a Budgets `TimeUnit`; `None` for `CUSTOM` and anything else.
    pub fn from_time_unit(unit: &str) -> Option<Period> {
        [
            Period::Daily,
            Period::Monthly,
            Period::Quarterly,
            Period::Annually,
        ]
        .into_iter()
        .find(|p| p.time_unit() == unit)
    }
}

impl FromStr for Period {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "daily" => Ok(Period::Daily),
            "monthly" => Ok(Period::Monthly),
            "quarterly" => Ok(Period::Quarterly),
            "annually" => Ok(Period::Annually),
            other => Err(format!(
                "`{other}` is not a budget period; use daily, monthly, quarterly or annually"
            )),
        }
    }
}

/// Where notifications go: `email:ADDRESS` or `sns:TOPIC_ARN`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(tag = "type", content = "address", rename_all = "lowercase")]
pub enum Target {
    Email(String),
    Sns(String),
}

impl FromStr for Target {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        let s = s.trim();
        if let Some(address) = s.strip_prefix("email:") {
            validate_email(address)?;
            Ok(Target::Email(address.to_string()))
        } else if let Some(arn) = s.strip_prefix("sns:") {
            validate_sns_arn(arn)?;
            Ok(Target::Sns(arn.to_string()))
        } else {
            Err(format!(
                "`{s}` is not a notification target; use email:ADDRESS or sns:TOPIC_ARN"
            ))
        }
    }
}

fn validate_email(address: &str) -> std::result::Result<(), String> {
    let bad = || format!("`{address}` is not an email address; use email:name@example.com");
    let (local, domain) = address.split_once('@').ok_or_else(bad)?;
    let ok = !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && address.len() <= 254
        && !address.chars().any(|c| c.is_whitespace() || c.is_control());
    if ok { Ok(()) } else { Err(bad()) }
}

fn validate_sns_arn(arn: &str) -> std::result::Result<(), String> {
    let bad = || format!("`{arn}` is not an SNS topic ARN; use sns:arn:aws:sns:REGION:ACCOUNT_ID:TOPIC_NAME");
    let parts: Vec<&str> = arn.split(':').collect();
    let [scheme, partition, service, region, account, topic] = parts.as_slice() else {
        return Err(bad());
    };
    let ok = *scheme == "arn"
        && partition.starts_with("aws")
        && *service == "sns"
        && parse_region(region).is_ok()
        && account.len() == 12
        && account.chars().all(|c| c.is_ascii_digit())
        && !topic.is_empty()
        && topic.len() <= 256
        && topic
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok { Ok(()) } else { Err(bad()) }
}

/// Checks an agent name and returns its budget name. The agent is a tag value (at most 256 characters)
/// and `costbrake-agent-<agent>` must be a valid budget name: at most 100 characters, no `:` or `\`,
/// no `/action/`.
pub fn budget_name(agent: &str) -> std::result::Result<String, String> {
    if agent.trim().is_empty() {
        return Err("the agent name is empty; give the agent's tag value, e.g. research-agent".into());
    }
    if agent.trim() != agent {
        return Err(format!(
            "agent `{agent}` has leading or trailing spaces; remove them"
        ));
    }
    if let Some(c) = agent.chars().find(|c| matches!(c, ':' | '\\') || c.is_control()) {
        return Err(format!(
            "agent `{}` contains `{}`, which AWS does not allow in a budget name",
            agent.escape_debug(),
            c.escape_debug()
        ));
    }
    // The agent is also a tag value: letters, digits, spaces and `_ . : / = + - @` only.
    if let Some(c) = agent
        .chars()
        .find(|c| !(c.is_alphanumeric() || *c == ' ' || "_./=+-@".contains(*c)))
    {
        return Err(format!(
            "agent `{agent}` contains `{c}`, which a tag value cannot hold (letters, digits, spaces and _ . / = + - @)"
        ));
    }
    let name = format!("{NAME_PREFIX}{agent}");
    if name.contains("/action/") {
        return Err(format!(
            "agent `{agent}` contains `/action/`, which AWS does not allow in a budget name"
        ));
    }
    if name.to_ascii_lowercase().contains("<script>") {
        return Err(format!("agent `{agent}` is not allowed in a budget name"));
    }
    if name.chars().count() > MAX_NAME_LEN {
        return Err(format!(
            "agent `{agent}` is too long: the budget name `{NAME_PREFIX}...` may have at most {MAX_NAME_LEN} \
             characters, so the agent at most {}",
            MAX_NAME_LEN - NAME_PREFIX.len()
        ));
    }
    Ok(name)
}

/// Parses a budget limit in USD: a positive decimal number such as `500` or `49.99`.
pub fn parse_limit(text: &str) -> std::result::Result<Decimal, String> {
    let text = text.trim();
    let plain = !text.is_empty()
        && text.chars().all(|c| c.is_ascii_digit() || c == '.' || c == '-')
        && text.matches('.').count() <= 1;
    let value = if plain { Decimal::from_str(text).ok() } else { None };
    match value {
        Some(v) if v > Decimal::ZERO => Ok(v.normalize()),
        Some(_) => Err(format!(
            "limit `{text}` must be greater than zero; give a USD amount such as 500"
        )),
        None => Err(format!(
            "limit `{text}` is not a number; give a USD amount such as 500 or 49.99"
        )),
    }
}

/// How a budget's inputs are spelt where they came from (the command line's flags, or costbrake.toml's
/// keys), so that an error shows the fix in the user's own terms. The default is neutral.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spelling {
    /// Example thresholds, e.g. `--thresholds 50,80,100`.
    pub thresholds: &'static str,
    /// How to add a notification target, e.g. `--notify email:ADDRESS or sns:TOPIC_ARN`.
    pub notify: &'static str,
    /// How to name the agent's role, e.g. `--role ROLE_NAME`.
    pub role: &'static str,
    /// How to give the execution role, e.g. `--execution-role arn:aws:iam::ACCOUNT_ID:role/NAME`.
    pub execution_role: &'static str,
}

impl Default for Spelling {
    fn default() -> Spelling {
        Spelling {
            thresholds: "thresholds 50, 80, 100",
            notify: "a target email:ADDRESS or sns:TOPIC_ARN",
            role: "a role name",
            execution_role: "an execution role arn:aws:iam::ACCOUNT_ID:role/NAME",
        }
    }
}

/// Parses a notification threshold in percent of the limit: greater than 0, at most 1,000,000 (AWS's cap).
pub fn parse_threshold(text: &str, spelling: &Spelling) -> std::result::Result<Decimal, String> {
    let text = text.trim().trim_end_matches('%');
    match Decimal::from_str(text) {
        Ok(v) if v > Decimal::ZERO && v <= Decimal::from(1_000_000) => Ok(v.normalize()),
        Ok(_) => Err(format!(
            "threshold `{text}` must be a percentage above 0 and at most 1000000, e.g. {}",
            spelling.thresholds
        )),
        Err(_) => Err(format!(
            "threshold `{text}` is not a number; give percentages of the limit, e.g. {}",
            spelling.thresholds
        )),
    }
}

/// The approval model of a budget action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Approval {
    /// AWS waits for someone to approve the action in the console or with `ExecuteBudgetAction`.
    Manual,
    /// AWS applies the policy as soon as the threshold is passed.
    Automatic,
}

/// A `deny-iam` budget action: attach [`DENY_POLICY`] to these roles at [`ACTION_PERCENT`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct DenyIam {
    /// Role names (not ARNs), sorted.
    pub roles: Vec<String>,
    /// The role AWS Budgets assumes to attach the policy; it must trust `budgets.amazonaws.com` and be in
    /// the budget's account.
    pub execution_role_arn: String,
    pub approval: Approval,
}

impl DenyIam {
    /// Validates role names and the execution role ARN.
    pub fn new(
        roles: Vec<String>,
        execution_role_arn: &str,
        approval: Approval,
        spelling: &Spelling,
    ) -> std::result::Result<Self, String> {
        let roles: BTreeSet<String> = roles.into_iter().map(|r| r.trim().to_string()).collect();
        if roles.is_empty() {
            return Err(format!(
                "a deny-iam action needs at least one role: {} (the agent's IAM role)",
                spelling.role
            ));
        }
        if roles.len() > MAX_ROLES {
            return Err(format!(
                "a budget action takes at most {MAX_ROLES} roles, got {}",
                roles.len()
            ));
        }
        for role in &roles {
            let ok = !role.is_empty()
                && role.len() <= 64
                && role
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+=,.@_-".contains(c));
            if !ok {
                return Err(format!(
                    "`{role}` is not an IAM role name; give the name, not the ARN: {}",
                    spelling.role
                ));
            }
        }
        role_arn_account(execution_role_arn).map_err(|m| format!("{m}; give {}", spelling.execution_role))?;
        Ok(DenyIam {
            roles: roles.into_iter().collect(),
            execution_role_arn: execution_role_arn.to_string(),
            approval,
        })
    }

    /// The deny policy's ARN in the execution role's partition.
    pub fn policy_arn(&self) -> String {
        let partition = self.execution_role_arn.split(':').nth(1).unwrap_or("aws");
        format!("arn:{partition}:iam::aws:policy/{DENY_POLICY}")
    }
}

/// The account of an IAM role ARN, after checking its shape.
pub(super) fn role_arn_account(arn: &str) -> std::result::Result<&str, String> {
    let bad = || {
        format!(
            "`{arn}` is not an IAM role ARN (arn:aws:iam::ACCOUNT_ID:role/NAME, a role that trusts \
             budgets.amazonaws.com)"
        )
    };
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let [scheme, partition, service, region, account, resource] = parts.as_slice() else {
        return Err(bad());
    };
    let ok = *scheme == "arn"
        && partition.starts_with("aws")
        && *service == "iam"
        && region.is_empty()
        && account.len() == 12
        && account.chars().all(|c| c.is_ascii_digit())
        && resource.strip_prefix("role/").is_some_and(|r| {
            let name = r.rsplit('/').next().unwrap_or_default();
            !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+=,.@_-".contains(c))
        });
    if ok { Ok(account) } else { Err(bad()) }
}

/// One agent's budget as wanted: validated, normalised (targets and thresholds sorted, deduplicated).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Spec {
    pub agent: String,
    /// `costbrake-agent-<agent>`.
    pub name: String,
    /// In USD.
    #[cfg_attr(test, schemars(with = "crate::schemas::Decimal"))]
    pub limit: Decimal,
    pub period: Period,
    pub notify: Vec<Target>,
    /// ACTUAL notification thresholds in percent; used only when there is somewhere to notify.
    #[cfg_attr(test, schemars(with = "Vec<crate::schemas::Decimal>"))]
    pub thresholds: Vec<Decimal>,
    /// A FORECASTED notification at [`FORECAST_PERCENT`].
    pub forecast: bool,
    pub action: Option<DenyIam>,
    /// A sandbox account's budget: counts that linked account's cost instead of the agent tag's; `agent`
    /// is then the sandbox's name and `name` `costbrake-sandbox-<name>` (see `crate::sandbox`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
}

/// A spec's inputs before validation, as the command line or `[[budgets]]` give them.
#[derive(Debug, Clone, Default)]
pub struct SpecInput {
    pub agent: String,
    pub limit: String,
    pub period: Option<String>,
    pub notify: Vec<String>,
    /// `None`: [`DEFAULT_THRESHOLDS`].
    pub thresholds: Option<Vec<String>>,
    pub forecast: bool,
    pub action: Option<DenyIam>,
    /// How the inputs are spelt where they came from, for the errors.
    pub spelling: Spelling,
}

impl Spec {
    /// Validates everything that can be checked without AWS. Errors say which input and what to do.
    pub fn new(input: SpecInput) -> std::result::Result<Spec, String> {
        let name = budget_name(&input.agent)?;
        let limit = parse_limit(&input.limit)?;
        let period = match &input.period {
            Some(p) => p.parse()?,
            None => Period::Monthly,
        };
        let notify: BTreeSet<Target> = input
            .notify
            .iter()
            .map(|t| t.parse())
            .collect::<std::result::Result<_, String>>()?;
        let emails = notify.iter().filter(|t| matches!(t, Target::Email(_))).count();
        let topics = notify.iter().filter(|t| matches!(t, Target::Sns(_))).count();
        if emails > MAX_EMAILS {
            return Err(format!(
                "{emails} email addresses given; AWS allows at most {MAX_EMAILS} per notification (use an SNS topic \
                 for more)"
            ));
        }
        if topics > MAX_SNS {
            return Err(format!(
                "{topics} SNS topics given; AWS allows at most {MAX_SNS} per notification"
            ));
        }
        let explicit_thresholds = input.thresholds.is_some();
        let thresholds: BTreeSet<Decimal> = match &input.thresholds {
            Some(list) => list
                .iter()
                .map(|t| parse_threshold(t, &input.spelling))
                .collect::<std::result::Result<_, String>>()?,
            None => DEFAULT_THRESHOLDS.iter().map(|t| Decimal::from(*t)).collect(),
        };
        if explicit_thresholds && thresholds.is_empty() {
            return Err(format!(
                "thresholds is empty; give percentages, e.g. {}",
                input.spelling.thresholds
            ));
        }
        if notify.is_empty() && (explicit_thresholds || input.forecast) {
            return Err(format!(
                "thresholds and forecast alerts need somewhere to go: add {}",
                input.spelling.notify
            ));
        }
        let count = thresholds.len() + usize::from(input.forecast);
        if !notify.is_empty() && count > MAX_NOTIFICATIONS {
            return Err(format!(
                "{count} notifications requested ({} thresholds{}); AWS allows at most {MAX_NOTIFICATIONS} per budget",
                thresholds.len(),
                if input.forecast { " + forecast" } else { "" }
            ));
        }
        if input.action.is_some() && notify.is_empty() {
            return Err(format!(
                "a budget action needs at least one notification target, which AWS tells when the action \
                 runs: add {}",
                input.spelling.notify
            ));
        }
        Ok(Spec {
            agent: input.agent,
            name,
            limit,
            period,
            notify: notify.into_iter().collect(),
            thresholds: thresholds.into_iter().collect(),
            forecast: input.forecast,
            action: input.action,
            account: None,
        })
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn input(agent: &str) -> SpecInput {
        SpecInput {
            agent: agent.into(),
            limit: "500".into(),
            ..SpecInput::default()
        }
    }

    pub(crate) fn spec_with(f: impl FnOnce(&mut SpecInput)) -> Spec {
        let mut i = input("research-agent");
        f(&mut i);
        Spec::new(i).expect("valid spec")
    }

    #[test]
    fn names_follow_the_budget_name_rules() {
        assert_eq!(
            budget_name("research-agent").as_deref(),
            Ok("costbrake-agent-research-agent")
        );
        assert!(budget_name("").is_err());
        assert!(budget_name("a:b").unwrap_err().contains("`:`"));
        assert!(budget_name("a\\b").is_err());
        assert!(budget_name("x/action/y").unwrap_err().contains("/action/"));
        assert!(budget_name(&"a".repeat(84)).is_ok());
        assert!(budget_name(&"a".repeat(85)).unwrap_err().contains("at most 84"));
        assert!(budget_name(" padded").is_err());
        assert!(budget_name("a*b").unwrap_err().contains("tag value"));
        assert!(budget_name("bot@team/v1.2_x+y=z").is_ok());
    }

    #[test]
    fn limits_must_be_positive_numbers() {
        assert_eq!(parse_limit("500"), Ok(Decimal::from(500)));
        assert_eq!(parse_limit("49.990"), Ok(Decimal::new(4999, 2)));
        for bad in ["0", "-5", "0.00", "abc", "", "1e3", "5.5.5", "$5"] {
            assert!(parse_limit(bad).is_err(), "{bad}");
        }
        assert!(parse_limit("-5").unwrap_err().contains("greater than zero"));
    }

    #[test]
    fn targets_are_validated() {
        assert_eq!(
            "email:oncall@example.com".parse::<Target>(),
            Ok(Target::Email("oncall@example.com".into()))
        );
        assert!(
            "sns:arn:aws:sns:us-east-1:123456789012:budget-alerts"
                .parse::<Target>()
                .is_ok()
        );
        for bad in [
            "oncall@example.com",
            "email:oncall",
            "email:@example.com",
            "email:a b@example.com",
            "sns:budget-alerts",
            "sns:arn:aws:sns:us-east-1:1234:t",
            "sns:arn:aws:sqs:us-east-1:123456789012:q",
            "slack:#alerts",
        ] {
            assert!(bad.parse::<Target>().is_err(), "{bad}");
        }
    }

    #[test]
    fn periods_parse_case_insensitively() {
        assert_eq!("Quarterly".parse::<Period>(), Ok(Period::Quarterly));
        assert!("weekly".parse::<Period>().unwrap_err().contains("daily, monthly"));
    }

    #[test]
    fn notification_limits_are_enforced() {
        let mut i = input("a");
        i.notify = (0..11).map(|n| format!("email:u{n}@example.com")).collect();
        assert!(Spec::new(i).unwrap_err().contains("at most 10"));
        let mut i = input("a");
        i.notify = vec![
            "sns:arn:aws:sns:us-east-1:123456789012:a".into(),
            "sns:arn:aws:sns:us-east-1:123456789012:b".into(),
        ];
        assert!(Spec::new(i).unwrap_err().contains("at most 1"));
        let mut i = input("a");
        i.notify = vec!["email:a@example.com".into()];
        i.thresholds = Some((1..=10).map(|t| (t * 10).to_string()).collect());
        i.forecast = true;
        assert!(Spec::new(i).unwrap_err().contains("11 notifications"));
        let mut i = input("a");
        i.forecast = true;
        i.spelling.notify = "notify = [\"email:ADDRESS\"]";
        let err = Spec::new(i).unwrap_err();
        assert!(err.ends_with("add notify = [\"email:ADDRESS\"]"), "{err}");
    }

    #[test]
    fn execution_role_must_be_a_role_arn() {
        assert!(
            DenyIam::new(
                vec!["r".into()],
                "arn:aws:iam::123456789012:role/path/x",
                Approval::Manual,
                &Spelling::default()
            )
            .is_ok()
        );
        for bad in [
            "x",
            "arn:aws:iam::123:role/x",
            "arn:aws:iam::123456789012:user/x",
            "arn:aws:s3:::b",
        ] {
            assert!(
                DenyIam::new(vec!["r".into()], bad, Approval::Manual, &Spelling::default()).is_err(),
                "{bad}"
            );
        }
        assert!(
            DenyIam::new(
                vec![],
                "arn:aws:iam::123456789012:role/x",
                Approval::Manual,
                &Spelling::default()
            )
            .is_err()
        );
        assert!(
            DenyIam::new(
                vec!["arn:aws:iam::1:role/r".into()],
                "arn:aws:iam::123456789012:role/x",
                Approval::Manual,
                &Spelling::default()
            )
            .is_err()
        );
        let a = DenyIam::new(
            vec!["r".into()],
            "arn:aws-cn:iam::123456789012:role/x",
            Approval::Manual,
            &Spelling::default(),
        )
        .expect("cn");
        assert_eq!(a.policy_arn(), "arn:aws-cn:iam::aws:policy/AWSDenyAll");
    }
}
