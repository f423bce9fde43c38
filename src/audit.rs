//! `costbrake audit`: which resources escape cost attribution? A resource is non-compliant when it lacks
//! any required tag key or has an empty value for one. The audit runs over the [`inventory`], applies
//! exemptions from `costbrake.toml`, and returns a [`Report`] that says what it covered, what it could
//! not read, and what it cannot see at all. It reads only; rendering lives in `output::audit`.
//!
//! [`inventory`]: crate::inventory

use std::collections::BTreeMap;

use globset::{Glob, GlobMatcher};
use serde::Serialize;

use crate::aws::AwsContext;
use crate::config::{Exemption, RequireRule};
use crate::error::{Error, ExitCode, Result};
use crate::inventory::{self, Coverage, Gap, Inventory, Resource, Scope};
use crate::progress::Progress;

/// The JSON schema identifier of [`Report`].
pub const SCHEMA: &str = "costbrake.audit/v1";

/// What to audit and how to judge it.
#[derive(Debug, Clone)]
pub struct Options {
    /// Tag keys every resource must carry with a non-empty value.
    pub required: Vec<String>,
    /// Regions as given (`all` allowed); resolved against the account.
    pub regions: Vec<String>,
    pub types: inventory::TypeFilter,
    /// The agent tag key and the agent to restrict the audit to.
    pub agent: Option<(String, String)>,
    pub exemptions: Vec<Exemption>,
    /// Per-type keys (`[audit.require]`) over `required`; empty under `--require`.
    pub rules: Vec<RequireRule>,
    /// What `required` came from, as findings name it: `--require` or `tags.required`.
    pub required_from: &'static str,
}

/// The label of the default rule in findings and CI outputs.
pub const DEFAULT_RULE: &str = "tags.required";

/// The audit's result.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Report {
    pub schema: &'static str,
    pub account: String,
    pub required: Vec<String>,
    pub regions: Vec<String>,
    /// The `--types` filter; empty means every type.
    pub types: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agent: Option<String>,
    pub summary: Summary,
    pub findings: Vec<Finding>,
    pub exempt: Vec<Exempted>,
    pub coverage: Vec<Coverage>,
    pub gaps: Vec<Gap>,
    /// What this audit cannot see, whatever the permissions.
    pub blind_spots: Vec<String>,
    /// Under `--accounts`: every account in scope and whether it could be entered (`account` is then
    /// the caller's).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub accounts: Vec<crate::accounts::Outcome>,
    /// The `[audit.require]` rules over `required`, when there are any.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<RequireRule>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Summary {
    pub scanned: usize,
    pub compliant: usize,
    pub non_compliant: usize,
    pub exempt: usize,
    /// Non-compliant resources per required key (missing or empty).
    pub by_missing_key: BTreeMap<String, usize>,
    /// Non-compliant resources per resource type.
    pub by_type: BTreeMap<String, usize>,
    pub gaps: usize,
    /// AWS requests the audit made.
    pub requests: u32,
    /// Requests the SDK retried after throttling, a 5xx or a lost connection (not in `requests`).
    pub retried: u32,
}

/// One non-compliant resource: the resource as the inventory saw it, and what it lacks.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Finding {
    /// The account the resource is in.
    pub account: String,
    #[serde(flatten)]
    pub resource: Resource,
    /// Required keys the resource does not have.
    pub missing: Vec<String>,
    /// Required keys present with an empty value.
    pub empty: Vec<String>,
    /// The rule whose keys applied: an `[audit.require]` entry (`iam:*`), `tags.required` or
    /// `--require`.
    pub rule: String,
}

impl Finding {
    /// Missing and empty keys together.
    pub fn problem_keys(&self) -> impl Iterator<Item = &String> {
        self.missing.iter().chain(self.empty.iter())
    }
}

/// A resource left out by an exemption.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Exempted {
    pub account: String,
    pub arn: String,
    #[serde(rename = "type")]
    pub resource_type: String,
    pub region: String,
    pub reason: String,
}

impl Report {
    /// 1 with findings, the partial-failure code with gaps, unless waived.
    pub fn exit_code(&self, exit_zero: bool, allow_partial: bool) -> ExitCode {
        let mut code = ExitCode::Success;
        if !self.findings.is_empty() && !exit_zero {
            code = code.max(ExitCode::Findings);
        }
        if !self.gaps.is_empty() && !allow_partial {
            code = code.max(ExitCode::Partial);
        }
        code
    }
}

/// Compiled exemptions.
struct Exemptions(Vec<(Matcher, String)>);

enum Matcher {
    Arn(GlobMatcher),
    Type(inventory::TypeFilter),
}

impl Exemptions {
    fn compile(entries: &[Exemption]) -> Result<Self> {
        let mut compiled = Vec::new();
        for entry in entries {
            let matcher = match (&entry.arn, &entry.resource_type) {
                (Some(pattern), _) => Matcher::Arn(
                    Glob::new(pattern)
                        .map_err(|e| {
                            Error::usage(format!(
                                "audit.exempt arn `{pattern}` is not a valid glob ({e}); fix it in costbrake.toml"
                            ))
                        })?
                        .compile_matcher(),
                ),
                (None, Some(t)) => Matcher::Type(inventory::TypeFilter::new(vec![t.clone()])?),
                (None, None) => continue,
            };
            compiled.push((matcher, entry.reason.clone()));
        }
        Ok(Exemptions(compiled))
    }

    fn reason(&self, resource: &Resource) -> Option<&str> {
        self.0.iter().find_map(|(matcher, reason)| {
            let hit = match matcher {
                Matcher::Arn(glob) => glob.is_match(&resource.arn),
                Matcher::Type(filter) => filter.matches(&resource.resource_type),
            };
            hit.then_some(reason.as_str())
        })
    }
}

/// `[audit.require]`, compiled: for a resource type, the most specific rule that matches it (an exact
/// `service:type`, then a whole service, then the longest glob), else the default keys.
struct Rules<'a> {
    rules: Vec<(u8, usize, RuleMatch, &'a RequireRule)>,
    default: (&'a [String], &'a str),
}

enum RuleMatch {
    Type(inventory::TypeFilter),
    Glob(GlobMatcher),
}

impl<'a> Rules<'a> {
    fn compile(options: &'a Options) -> Result<Self> {
        let mut rules = Vec::new();
        for rule in &options.rules {
            let (rank, matcher) = if rule.types.contains(['*', '?', '[']) {
                let glob = Glob::new(&rule.types).map_err(|e| {
                    Error::usage(format!(
                        "audit.require `{}` is not a valid glob ({e}); fix it in costbrake.toml",
                        rule.types
                    ))
                })?;
                (0, RuleMatch::Glob(glob.compile_matcher()))
            } else {
                let rank = if rule.types.contains(':') { 2 } else { 1 };
                (
                    rank,
                    RuleMatch::Type(inventory::TypeFilter::new(vec![rule.types.clone()])?),
                )
            };
            rules.push((rank, rule.types.len(), matcher, rule));
        }
        // Most specific first: exact types, services, then longer globs before shorter ones.
        rules.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)));
        Ok(Rules {
            rules,
            default: (&options.required, options.required_from),
        })
    }

    /// The keys `resource_type` must carry and the rule they come from.
    fn for_type(&self, resource_type: &str) -> (&'a [String], &'a str) {
        self.rules
            .iter()
            .find(|(_, _, matcher, _)| match matcher {
                RuleMatch::Type(filter) => filter.matches(resource_type),
                RuleMatch::Glob(glob) => glob.is_match(resource_type),
            })
            .map(|(_, _, _, rule)| (rule.keys.as_slice(), rule.types.as_str()))
            .unwrap_or(self.default)
    }
}

/// Validates options that do not need AWS, so bad input fails before any request. (The command line's
/// glue checks the same first, naming its flags.)
pub fn validate(options: &Options) -> Result<()> {
    if options.required.is_empty() {
        return Err(Error::usage(
            "no required tags to audit for; set tags.required in costbrake.toml",
        ));
    }
    for key in &options.required {
        crate::config::validate_tag_key(key).map_err(|m| Error::usage(format!("required tag: {m}")))?;
    }
    for region in options.regions.iter().filter(|r| *r != "all") {
        crate::aws::parse_region(region).map_err(|m| Error::usage(format!("region: {m}")))?;
    }
    Exemptions::compile(&options.exemptions)?;
    Rules::compile(options)?;
    Ok(())
}

/// Runs the audit.
pub async fn run(ctx: &AwsContext, options: &Options, progress: &dyn Progress) -> Result<Report> {
    validate(options)?;
    let regions = inventory::resolve_regions(ctx, &options.regions).await?;
    let scope = Scope {
        regions,
        types: options.types.clone(),
        tags: options
            .agent
            .iter()
            .map(|(key, value)| (key.clone(), vec![value.clone()]))
            .collect(),
        full_instances: false,
    };
    let inventory = inventory::collect(ctx, &scope, progress).await?;
    let mut report = judge(inventory, options)?;
    report.summary.retried = ctx.retried();
    Ok(report)
}

/// The pure part: turns an inventory into findings.
pub fn judge(inventory: Inventory, options: &Options) -> Result<Report> {
    let exemptions = Exemptions::compile(&options.exemptions)?;
    let rules = Rules::compile(options)?;
    let mut findings = Vec::new();
    let mut exempt = Vec::new();
    let mut by_missing_key: BTreeMap<String, usize> = BTreeMap::new();
    let mut by_type: BTreeMap<String, usize> = BTreeMap::new();
    let scanned = inventory.resources.len();
    for resource in inventory.resources {
        if let Some(reason) = exemptions.reason(&resource) {
            exempt.push(Exempted {
                account: inventory.account.clone(),
                arn: resource.arn,
                resource_type: resource.resource_type,
                region: resource.region,
                reason: reason.to_string(),
            });
            continue;
        }
        let mut missing = Vec::new();
        let mut empty = Vec::new();
        let (required, rule) = rules.for_type(&resource.resource_type);
        for key in required {
            match resource.tags.get(key) {
                None => missing.push(key.clone()),
                Some(value) if value.trim().is_empty() => empty.push(key.clone()),
                Some(_) => {}
            }
        }
        if missing.is_empty() && empty.is_empty() {
            continue;
        }
        for key in missing.iter().chain(empty.iter()) {
            *by_missing_key.entry(key.clone()).or_default() += 1;
        }
        *by_type.entry(resource.resource_type.clone()).or_default() += 1;
        findings.push(Finding {
            account: inventory.account.clone(),
            resource,
            missing,
            empty,
            rule: rule.to_string(),
        });
    }
    let summary = Summary {
        scanned,
        compliant: scanned - findings.len() - exempt.len(),
        non_compliant: findings.len(),
        exempt: exempt.len(),
        by_missing_key,
        by_type,
        gaps: inventory.gaps.len(),
        requests: inventory.requests,
        retried: 0,
    };
    Ok(Report {
        schema: SCHEMA,
        account: inventory.account,
        required: options.required.clone(),
        regions: inventory.regions,
        types: options.types.entries().to_vec(),
        agent: options.agent.as_ref().map(|(_, v)| v.clone()),
        summary,
        findings,
        exempt,
        coverage: inventory.coverage,
        gaps: inventory.gaps,
        blind_spots: blind_spots(),
        accounts: Vec::new(),
        rules: options.rules.clone(),
    })
}

/// Runs the audit in every account of `sessions`, at once under the context's one bound; an account
/// that could not be entered, or whose audit failed, is a gap, and the others complete. The report's
/// `account` is `caller`'s, its findings, exemptions, coverage and gaps each name their account.
///
/// At most `in_flight` accounts are read at once ([`crate::accounts::accounts_in_flight`]), and each
/// account's context (its SDK clients, some 100 KB per service and region, 5 MB an account) is dropped
/// as soon as its audit is done, so memory follows the bound, not the organization's size.
pub async fn run_accounts(
    sessions: Vec<crate::accounts::Session<'_>>,
    caller: &str,
    options: &Options,
    in_flight: usize,
    progress: &dyn Progress,
) -> Result<Report> {
    validate(options)?;
    progress.start(sessions.len() as u64, "accounts");
    let outcomes: Vec<crate::accounts::Outcome> = sessions.iter().map(crate::accounts::Outcome::of).collect();
    let done = crate::aws::fan_out(sessions, in_flight, |session| async move {
        let result = match &session.ctx {
            Err(_) => None,
            Ok(ctx) => {
                let mut options = options.clone();
                options.regions = session.account.regions(&options.regions);
                Some(run_in(ctx, &options, &session.account).await)
            }
        };
        progress.inc();
        (session.account.id.clone(), session.gap(), result)
    })
    .await;
    progress.finish();
    // The caller's report of nothing, which every account's is added to.
    let nothing = Inventory {
        account: caller.to_string(),
        regions: Vec::new(),
        resources: Vec::new(),
        coverage: Vec::new(),
        gaps: Vec::new(),
        requests: 0,
    };
    let mut merged = judge(nothing, options)?;
    merged.accounts = outcomes;
    for (id, gap, result) in done {
        match result {
            None => merged.gaps.extend(gap),
            Some(Err(err)) => merged.gaps.push(crate::accounts::gap(&id, "audit", None, &err)),
            Some(Ok(report)) => merge(&mut merged, report, &id),
        }
    }
    merged.regions.sort();
    merged.regions.dedup();
    merged.summary.gaps = merged.gaps.len();
    // Each account's context counted its own retries; the caller's counts the role checks.
    Ok(merged)
}

/// One account's audit: [`run`], with the account's own region exclusions applied to `all`.
async fn run_in(ctx: &AwsContext, options: &Options, account: &crate::accounts::Account) -> Result<Report> {
    let regions = inventory::resolve_regions(ctx, &options.regions).await?;
    let options = Options {
        regions: account.without_excluded(regions),
        ..options.clone()
    };
    run(ctx, &options, &crate::progress::NoProgress).await
}

fn merge(into: &mut Report, report: Report, account: &str) {
    let s = &mut into.summary;
    s.scanned += report.summary.scanned;
    s.compliant += report.summary.compliant;
    s.non_compliant += report.summary.non_compliant;
    s.exempt += report.summary.exempt;
    s.requests += report.summary.requests;
    s.retried += report.summary.retried;
    for (k, n) in report.summary.by_missing_key {
        *s.by_missing_key.entry(k).or_default() += n;
    }
    for (k, n) in report.summary.by_type {
        *s.by_type.entry(k).or_default() += n;
    }
    into.regions.extend(report.regions);
    into.findings.extend(report.findings);
    into.exempt.extend(report.exempt);
    into.coverage.extend(report.coverage.into_iter().map(|mut c| {
        c.account = Some(account.to_string());
        c
    }));
    into.gaps.extend(report.gaps.into_iter().map(|mut g| {
        g.account = Some(account.to_string());
        g
    }));
}

fn blind_spots() -> Vec<String> {
    vec![
        "Never-tagged resources of services not listed directly (for example DynamoDB, OpenSearch, \
         SageMaker training jobs and models, EKS clusters) are invisible: the Tagging API returns only resources \
         that are or were tagged."
            .into(),
        "ECS task definitions and tasks a service started, EBS snapshots and other types are audited only \
         when they carry (or once carried) a tag."
            .into(),
        "Resources created and deleted between two audits are never seen; tag on create (an SCP or IAM deny \
         on untagged RunInstances) is the only guarantee."
            .into(),
    ]
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::inventory::Source;

    fn resource(arn: &str, tags: &[(&str, &str)]) -> Resource {
        Resource {
            arn: arn.into(),
            resource_type: inventory::resource_type(arn),
            region: "us-east-1".into(),
            id: crate::aws::tagging::arn_id(arn),
            name: None,
            state: None,
            tags: tags.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
            sources: BTreeSet::from([Source::TaggingApi]),
            root_device: None,
            sizes: None,
            database: None,
            group: None,
            service: None,
            task: None,
        }
    }

    fn options(exemptions: Vec<Exemption>) -> Options {
        Options {
            required: vec!["agent-name".into(), "agent-run-id".into()],
            regions: vec![],
            types: inventory::TypeFilter::default(),
            agent: None,
            exemptions,
            rules: Vec::new(),
            required_from: DEFAULT_RULE,
        }
    }

    fn inventory_of(resources: Vec<Resource>) -> Inventory {
        Inventory {
            account: "1".into(),
            regions: vec!["us-east-1".into()],
            resources,
            coverage: vec![],
            gaps: vec![],
            requests: 3,
        }
    }

    #[test]
    fn missing_and_empty_keys_are_reported_separately() {
        let inv = inventory_of(vec![
            resource(
                "arn:aws:ec2:us-east-1:1:instance/i-ok",
                &[("agent-name", "a"), ("agent-run-id", "r")],
            ),
            resource(
                "arn:aws:ec2:us-east-1:1:instance/i-partial",
                &[("agent-name", "a")],
            ),
            resource(
                "arn:aws:ec2:us-east-1:1:instance/i-empty",
                &[("agent-name", "a"), ("agent-run-id", " ")],
            ),
            resource("arn:aws:ec2:us-east-1:1:instance/i-none", &[]),
        ]);
        let report = judge(inv, &options(vec![])).expect("judged");
        assert_eq!(report.summary.scanned, 4);
        assert_eq!(report.summary.compliant, 1);
        assert_eq!(report.summary.non_compliant, 3);
        let by_id: BTreeMap<&str, &Finding> = report
            .findings
            .iter()
            .map(|f| (f.resource.id.as_str(), f))
            .collect();
        assert_eq!(by_id["i-partial"].missing, vec!["agent-run-id"]);
        assert!(by_id["i-partial"].empty.is_empty());
        assert_eq!(by_id["i-empty"].empty, vec!["agent-run-id"]);
        assert_eq!(by_id["i-none"].missing, vec!["agent-name", "agent-run-id"]);
        assert_eq!(report.summary.by_missing_key["agent-run-id"], 3);
        assert_eq!(report.summary.by_missing_key["agent-name"], 1);
        assert_eq!(report.exit_code(false, false), ExitCode::Findings);
        assert_eq!(report.exit_code(true, false), ExitCode::Success);
    }

    #[test]
    fn exemptions_by_arn_glob_and_type_carry_their_reason() {
        let inv = inventory_of(vec![
            resource("arn:aws:iam::1:role/legacy-ci", &[]),
            resource("arn:aws:ecs:us-east-1:1:task-definition/td:1", &[]),
            resource("arn:aws:iam::1:role/other", &[]),
        ]);
        let report = judge(
            inv,
            &options(vec![
                Exemption {
                    arn: Some("arn:aws:iam::*:role/legacy-*".into()),
                    resource_type: None,
                    reason: "owned by platform".into(),
                },
                Exemption {
                    arn: None,
                    resource_type: Some("ecs:task-definition".into()),
                    reason: "costs nothing".into(),
                },
            ]),
        )
        .expect("judged");
        assert_eq!(report.summary.exempt, 2);
        assert_eq!(report.summary.non_compliant, 1);
        assert_eq!(report.exempt[0].reason, "owned by platform");
        assert_eq!(report.exempt[1].reason, "costs nothing");
    }

    #[test]
    fn gaps_make_the_exit_code_partial_unless_allowed() {
        let mut inv = inventory_of(vec![]);
        inv.gaps.push(Gap {
            account: None,
            source: "ec2:DescribeInstanceStatus".into(),
            region: "eu-west-1".into(),
            arn: None,
            error: "denied".into(),
        });
        let report = judge(inv, &options(vec![])).expect("judged");
        assert_eq!(report.exit_code(false, false), ExitCode::Partial);
        assert_eq!(report.exit_code(false, true), ExitCode::Success);
    }

    #[test]
    fn per_type_rules_pick_the_most_specific_and_name_it() {
        let inv = inventory_of(vec![
            resource("arn:aws:iam::1:role/long-lived", &[("agent-name", "a")]),
            resource("arn:aws:ec2:us-east-1:1:instance/i-1", &[("agent-name", "a")]),
            resource("arn:aws:ec2:us-east-1:1:volume/vol-1", &[("agent-name", "a")]),
            resource("arn:aws:lambda:us-east-1:1:function:f", &[]),
        ]);
        let mut opts = options(vec![]);
        opts.rules = vec![
            RequireRule {
                types: "iam:*".into(),
                keys: vec!["agent-name".into()],
            },
            RequireRule {
                types: "ec2".into(),
                keys: vec!["agent-name".into()],
            },
            RequireRule {
                types: "ec2:instance".into(),
                keys: vec!["agent-name".into(), "agent-run-id".into()],
            },
        ];
        let report = judge(inv, &opts).expect("judged");
        let rules: BTreeMap<&str, &str> = report
            .findings
            .iter()
            .map(|f| (f.resource.id.as_str(), f.rule.as_str()))
            .collect();
        // The role needs only the agent tag (iam:*); the volume only the agent tag (the service); the
        // instance both (its exact type beats the service); the function the default list.
        assert_eq!(
            rules,
            BTreeMap::from([("i-1", "ec2:instance"), ("f", DEFAULT_RULE)])
        );
        assert_eq!(report.summary.compliant, 2);
        assert_eq!(report.rules.len(), 3);
    }

    #[test]
    fn a_bad_rule_glob_is_a_usage_error() {
        let mut opts = options(vec![]);
        opts.rules = vec![RequireRule {
            types: "iam:[".into(),
            keys: vec!["agent-name".into()],
        }];
        assert_eq!(validate(&opts).unwrap_err().exit_code(), ExitCode::Usage);
    }

    #[test]
    fn empty_required_list_is_a_usage_error() {
        let mut opts = options(vec![]);
        opts.required.clear();
        assert_eq!(validate(&opts).unwrap_err().exit_code(), ExitCode::Usage);
    }
}
