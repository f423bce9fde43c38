//! `costbrake doctor`: is this machine ready to use costbrake against this account? It resolves the
//! settings, asks STS who the caller is and Organizations where the account sits, and returns a
//! checklist with a verdict per line. It returns data; `output::doctor` renders it. It changes nothing.

use serde::Serialize;

use crate::aws::organizations::Membership;
use crate::aws::sts::CallerIdentity;
use crate::aws::{self, AwsContext, Settings};
use crate::aws::{Cause, ErrorKind};
use crate::config::Config;
use crate::error::{Error, ExitCode};
use crate::report::tags::TagSection;

/// What `doctor` may change.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// `--activate-tags`: activate the configured keys as cost allocation tags.
    pub activate_tags: bool,
}

/// The JSON schema identifier of [`Report`]; bumped on breaking changes.
pub const SCHEMA: &str = "costbrake.doctor/v1";

/// Everything `doctor` found.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Report {
    pub schema: &'static str,
    pub identity: Option<CallerIdentity>,
    pub settings: Settings,
    pub config: Config,
    pub organization: Option<Membership>,
    /// Cost Explorer: is each configured tag key an active cost allocation tag? `None` without
    /// credentials.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cost_explorer: Option<TagSection>,
    pub checks: Vec<Check>,
    pub verdict: Verdict,
    /// `doctor --accounts`: whether each account's role exists and can be assumed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub accounts: Vec<AccountCheck>,
}

/// One account of `doctor --accounts`: the way in, and whether it works.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct AccountCheck {
    /// The account, how it is entered, and why not.
    #[serde(flatten)]
    pub account: crate::accounts::Outcome,
    pub status: Status,
    /// Why the account could not be entered, short (the full text is `error`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cause: Option<Cause>,
    /// Who costbrake is in the account (the assumed role session).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identity: Option<String>,
}

/// One line of the checklist.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Check {
    /// A stable identifier scripts can match on.
    pub id: &'static str,
    pub status: Status,
    /// What was found; for a check that failed on an error, the whole error.
    pub detail: String,
    /// What to do about it, for warnings and failures.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
    /// For a check that failed or warned on an error: its kind, the call, and one short reason.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cause: Option<Cause>,
    /// Whether `fix` is the error's own generic next step rather than one written for this check.
    #[serde(skip)]
    fix_is_generic: bool,
    /// The exit code this check contributes when it fails.
    #[serde(skip)]
    exit: ExitCode,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pass,
    Warn,
    Fail,
    Skip,
}

/// The overall verdict.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Every check passed.
    Ready,
    /// Usable, with warnings worth reading.
    Degraded,
    /// Something must be fixed before costbrake can work.
    Failing,
}

impl Check {
    fn pass(id: &'static str, detail: impl Into<String>) -> Self {
        Check {
            id,
            status: Status::Pass,
            detail: detail.into(),
            fix: None,
            cause: None,
            fix_is_generic: false,
            exit: ExitCode::Success,
        }
    }

    fn warn(id: &'static str, detail: impl Into<String>, fix: impl Into<String>) -> Self {
        Check {
            id,
            status: Status::Warn,
            detail: detail.into(),
            fix: Some(fix.into()),
            cause: None,
            fix_is_generic: false,
            exit: ExitCode::Success,
        }
    }

    fn fail(id: &'static str, detail: impl Into<String>, fix: Option<String>, exit: ExitCode) -> Self {
        Check {
            id,
            status: Status::Fail,
            detail: detail.into(),
            fix,
            cause: None,
            fix_is_generic: false,
            exit,
        }
    }

    fn skip(id: &'static str, detail: impl Into<String>) -> Self {
        Check {
            id,
            status: Status::Skip,
            detail: detail.into(),
            fix: None,
            cause: None,
            fix_is_generic: false,
            exit: ExitCode::Success,
        }
    }

    /// [`Check::from_error`], for the renderer's tests.
    #[cfg(test)]
    pub(crate) fn from_error_for_tests(id: &'static str, err: &Error) -> Self {
        Check::from_error(id, err)
    }

    #[cfg(test)]
    fn exit_code_for_tests(&self) -> ExitCode {
        self.exit
    }

    fn from_error(id: &'static str, err: &Error) -> Self {
        let (detail, fix) = match err {
            Error::Aws(aws) => (aws.detail.clone(), aws.hint.clone()),
            other => (other.to_string(), None),
        };
        let fix_is_generic = fix.is_some();
        Check::fail(id, detail, fix, err.exit_code())
            .with_cause(Some(aws::cause(err)))
            .generic_fix(fix_is_generic)
    }

    fn with_cause(mut self, cause: Option<Cause>) -> Self {
        self.cause = cause;
        self
    }

    fn generic_fix(mut self, generic: bool) -> Self {
        self.fix_is_generic = generic;
        self
    }

    /// Whether the check failed on a call the endpoint does not implement and `fix` only says so: one
    /// note for the whole report says it better than the same words on every such check.
    pub fn fix_is_unimplemented_hint(&self) -> bool {
        self.fix_is_generic
            && self
                .cause
                .as_ref()
                .is_some_and(|c| c.kind == ErrorKind::NotImplemented)
    }

    /// What a table cell shows: the short reason of an error, else what was found.
    pub fn summary(&self) -> &str {
        self.cause.as_ref().map_or(&self.detail, |c| &c.reason)
    }
}

impl Report {
    /// The exit code: success unless a check failed, then the most severe failing check's code.
    pub fn exit_code(&self) -> ExitCode {
        worst_exit(&self.checks)
    }

    /// The first failing check, for the one-line error summary.
    pub fn first_failure(&self) -> Option<&Check> {
        self.checks.iter().find(|c| c.status == Status::Fail)
    }
}

/// Runs every check. AWS failures become failing checks, never an early return, so the user sees the
/// whole picture in one run.
pub async fn run(ctx: &AwsContext, config: &Config) -> Report {
    run_with(ctx, config, Options::default()).await
}

/// [`run`], with the options that change something.
pub async fn run_with(ctx: &AwsContext, config: &Config, options: Options) -> Report {
    let mut checks = Vec::new();
    let settings = ctx.settings().clone();

    checks.push(match &config.source {
        Some(path) => Check::pass("config", format!("using {}", path.display())),
        None => Check::pass(
            "config",
            format!(
                "no costbrake.toml found; built-in defaults (agent tag `{}`, run tag `{}`)",
                config.tags.agent, config.tags.run
            ),
        ),
    });

    checks.push(match ctx.region() {
        Some(region) => Check::pass("region", format!("{region} (from {})", settings.region.source)),
        None => Check::fail(
            "region",
            "no region configured",
            Some("pass --region, set AWS_REGION, or set `region` in your profile".into()),
            ExitCode::Usage,
        ),
    });

    checks.push(match &settings.endpoint_url.value {
        Some(url) => Check::pass(
            "endpoint",
            format!(
                "all requests go to {url} (from {}), not to AWS",
                settings.endpoint_url.source
            ),
        ),
        None => Check::pass("endpoint", "AWS's public endpoints"),
    });

    let identity = match aws::sts::caller_identity(ctx).await {
        Ok(identity) => {
            checks.push(Check::pass(
                "credentials",
                format!("account {} as {}", identity.account, identity.arn),
            ));
            Some(identity)
        }
        Err(err) => {
            checks.push(Check::from_error("credentials", &err));
            None
        }
    };

    let organization = match &identity {
        None => {
            checks.push(Check::skip("organization", "skipped: no valid credentials"));
            None
        }
        Some(identity) => match aws::organizations::membership(ctx, &identity.account).await {
            Ok(membership) => {
                checks.push(organization_check(&membership));
                Some(membership)
            }
            Err(err @ Error::Aws(_)) if err.aws_code().is_some() => {
                // AWS answered (denied, unsupported): costbrake works; only the sandbox SCP kill is unavailable.
                let detail = match &err {
                    Error::Aws(aws) => aws.detail.as_str(),
                    _ => "",
                };
                checks.push(
                    Check::warn(
                        "organization",
                        format!("cannot read the organization: {detail}"),
                        "grant organizations:DescribeOrganization to see whether sandbox-account SCP kills are possible",
                    )
                    .with_cause(Some(aws::cause(&err).prefixed("cannot read the organization"))),
                );
                None
            }
            Err(err) => {
                checks.push(Check::from_error("organization", &err));
                None
            }
        },
    };

    // Only with credentials; an unreadable section (no permission, not the payer account, an emulator)
    // is reported in the section and as a warning on stderr, and adds no check.
    let cost_explorer = match &identity {
        Some(_) => Some(crate::report::tags::check(ctx, config, options.activate_tags).await),
        None => None,
    };
    if let Some(section) = &cost_explorer {
        checks.extend(cost_allocation_check(section, options.activate_tags));
    }
    checks.extend(cur_export_check(ctx, config).await);
    checks.extend(athena_checks(ctx, config).await);

    let verdict = verdict_of(&checks);

    Report {
        schema: SCHEMA,
        identity,
        settings,
        config: config.clone(),
        organization,
        cost_explorer,
        checks,
        verdict,
        accounts: Vec::new(),
    }
}

fn verdict_of(checks: &[Check]) -> Verdict {
    if checks.iter().any(|c| c.status == Status::Fail) {
        Verdict::Failing
    } else if checks.iter().any(|c| c.status == Status::Warn) {
        Verdict::Degraded
    } else {
        Verdict::Ready
    }
}

/// `doctor --accounts`: one row per account (its role assumed once and checked with
/// `GetCallerIdentity` when it was entered), and the `accounts` check over all of them.
pub async fn add_accounts(report: &mut Report, sessions: &[crate::accounts::Session<'_>]) {
    for session in sessions {
        let mut account = crate::accounts::Outcome::of(session);
        let (status, identity, cause) = match &session.ctx {
            Ok(ctx) => match aws::sts::caller_identity(ctx).await {
                Ok(identity) => (Status::Pass, Some(identity.arn), None),
                Err(err) => {
                    account.error = Some(err.to_string());
                    (Status::Fail, None, Some(aws::cause(&err)))
                }
            },
            Err(err) => (Status::Fail, None, Some(aws::cause(err))),
        };
        report.accounts.push(AccountCheck {
            account,
            status,
            cause,
            identity,
        });
    }
    let failed: Vec<&str> = report
        .accounts
        .iter()
        .filter(|a| a.status == Status::Fail)
        .map(|a| a.account.id.as_str())
        .collect();
    let total = report.accounts.len();
    report.checks.push(if failed.is_empty() {
        Check::pass(
            "accounts",
            format!("{total} account(s): every one can be entered"),
        )
    } else {
        Check::fail(
            "accounts",
            format!(
                "{} of {total} account(s) cannot be entered: {}",
                failed.len(),
                failed.join(", ")
            ),
            Some(format!(
                "create the role in each (trusting this account; see {}), name another with --role-name, or \
                 leave them out with accounts.exclude",
                crate::accounts::DOCS
            )),
            ExitCode::Partial,
        )
    });
    report.verdict = verdict_of(&report.checks);
}

/// The `cur-export` check, when costbrake.toml names a CUR export (`[report] cur`) or makes it the
/// source: the export has a delivery, and its definition includes what the reports use.
async fn cur_export_check(ctx: &AwsContext, config: &Config) -> Option<Check> {
    const ID: &str = "cur-export";
    use crate::config::ReportSource;
    use crate::report::cur;
    let Some(uri) = &config.report.cur else {
        return (config.report.source == ReportSource::Cur).then(|| {
            Check::fail(
                ID,
                "[report] source is \"cur\" but no export is named",
                Some(
                    "set `cur = \"s3://BUCKET/PREFIX/EXPORT_NAME\"` under [report] in costbrake.toml".into(),
                ),
                ExitCode::Usage,
            )
        });
    };
    let location = match cur::Location::parse(uri) {
        Ok(location) => location,
        Err(err) => return Some(Check::from_error(ID, &err)),
    };
    let ctx = matches!(location, cur::Location::S3 { .. }).then_some(ctx);
    Some(match cur::inspect(ctx, &location).await {
        Err(err) => Check::from_error(ID, &err),
        Ok(info) => {
            let detail = format!(
                "{}: newest delivery {} ({} {} file{}), {} billing period{} delivered",
                info.export,
                info.latest,
                info.data_files,
                if info.format == "csv" {
                    "gzipped CSV"
                } else {
                    info.format.as_str()
                },
                if info.data_files == 1 { "" } else { "s" },
                info.periods.len(),
                if info.periods.len() == 1 { "" } else { "s" },
            );
            if info.missing.is_empty() {
                Check::pass(ID, detail)
            } else {
                Check::warn(
                    ID,
                    format!("{detail}; it lacks {}", info.missing.join(", ")),
                    "edit the export in Billing → Data Exports: include resource IDs and caller identity \
                     (IAM principal) allocation data, and keep the resource_tags and tags columns",
                )
            }
        }
    })
}

/// The columns a report reads from a CUR 2.0 table, whatever it groups by.
const ATHENA_REQUIRED: [&str; 3] = [
    "line_item_usage_start_date",
    "line_item_unblended_cost",
    "line_item_currency_code",
];

/// The `athena-workgroup` and `athena-table` checks, when costbrake.toml names an Athena table
/// (`[report.athena]`) or makes Athena the engine: the workgroup exists, is enabled and has a place for
/// results; the database and table exist and the table has what the reports read.
async fn athena_checks(ctx: &AwsContext, config: &Config) -> Vec<Check> {
    use crate::aws::athena;
    use crate::report::cur::athena::{PARTITION, Target};
    let conf = &config.report.athena;
    if !conf.is_configured() && config.report.engine != crate::config::ReportEngine::Athena {
        return Vec::new();
    }
    let target = match Target::new(
        conf.catalog.clone(),
        conf.database.clone(),
        conf.table.clone(),
        conf.workgroup.clone(),
        conf.output_location.clone(),
    ) {
        Ok(target) => target,
        Err(err) => return vec![Check::from_error("athena-table", &err)],
    };
    let mut checks = Vec::new();

    const WG: &str = "athena-workgroup";
    let name = target.workgroup.clone().unwrap_or_else(|| "primary".into());
    checks.push(match athena::work_group(ctx, &name).await {
        Err(err) => Check::from_error(WG, &err),
        Ok(None) => Check::fail(
            WG,
            format!("no workgroup {name} in {}", ctx.region().unwrap_or("this region")),
            Some("create it (Athena console → Workgroups) or set report.athena.workgroup to one that exists".into()),
            ExitCode::Aws,
        ),
        Ok(Some(wg)) if !wg.enabled => Check::fail(
            WG,
            format!("the workgroup {name} is disabled"),
            Some("enable it (Athena console → Workgroups → Edit), or use another".into()),
            ExitCode::Aws,
        ),
        Ok(Some(wg)) => {
            let results = if wg.enforced || target.output_location.is_none() {
                wg.output_location.clone()
            } else {
                target.output_location.clone()
            };
            let limit = wg
                .bytes_cutoff
                .map(|b| format!(", a {} scan limit a query", crate::report::cur::human_bytes(b)))
                .unwrap_or_default();
            match (results, wg.managed_results) {
                (None, false) => Check::fail(
                    WG,
                    format!("the workgroup {name} has no query result location"),
                    Some(
                        "set report.athena.output_location = \"s3://BUCKET/PREFIX/\" (or pass --output-location), \
                         or give the workgroup a result location"
                            .into(),
                    ),
                    ExitCode::Usage,
                ),
                (location, _) => {
                    let detail = format!(
                        "{name}: enabled, results in {}{limit}",
                        location.as_deref().unwrap_or("Athena-managed storage")
                    );
                    if wg.enforced
                        && target.output_location.is_some()
                        && target.output_location != wg.output_location
                    {
                        Check::warn(
                            WG,
                            format!("{detail}; it enforces its settings, so report.athena.output_location is ignored"),
                            "drop report.athena.output_location, or turn off \"Override client-side settings\"",
                        )
                    } else {
                        Check::pass(WG, detail)
                    }
                }
            }
        }
    });

    const TABLE: &str = "athena-table";
    checks.push(
        match athena::database_exists(ctx, &target.catalog, &target.database).await {
            Err(err) => Check::from_error(TABLE, &err),
            Ok(false) => Check::fail(
                TABLE,
                format!("no database {} in the catalog {}", target.database, target.catalog),
                Some("check report.athena.database (and report.athena.catalog); see docs/report.md for the table's setup".into()),
                ExitCode::Aws,
            ),
            Ok(true) => match athena::table(ctx, &target.catalog, &target.database, &target.table).await {
                Err(err) => Check::from_error(TABLE, &err),
                Ok(None) => Check::fail(
                    TABLE,
                    format!("no table {} in the database {}", target.table, target.database),
                    Some("check report.athena.table; docs/report.md shows how to create it over the export".into()),
                    ExitCode::Aws,
                ),
                Ok(Some(table)) => {
                    let has = |c: &str| table.columns.iter().chain(&table.partition_keys).any(|(n, _)| n == c);
                    let missing: Vec<&str> = ATHENA_REQUIRED.iter().copied().filter(|c| !has(c)).collect();
                    let detail = format!(
                        "{}: {} columns{}",
                        target.name(),
                        table.columns.len(),
                        table
                            .location
                            .as_deref()
                            .map(|l| format!(" over {l}"))
                            .unwrap_or_default()
                    );
                    if !missing.is_empty() {
                        Check::fail(
                            TABLE,
                            format!("{detail}; it lacks {}: not a CUR 2.0 table", missing.join(", ")),
                            Some("point report.athena.table at the table over the CUR 2.0 export".into()),
                            ExitCode::Aws,
                        )
                    } else {
                        let mut lacks = Vec::new();
                        if !has("resource_tags") {
                            lacks.push("no resource_tags column (every line item is untagged)");
                        }
                        if !has("tags") {
                            lacks.push("no tags column (Bedrock's session tags are not counted)");
                        }
                        if !table.partition_keys.iter().any(|(n, _)| n == PARTITION) {
                            lacks.push("no billing_period partition (every report scans the whole table)");
                        }
                        if lacks.is_empty() {
                            Check::pass(TABLE, format!("{detail}, partitioned by billing_period"))
                        } else {
                            Check::warn(
                                TABLE,
                                format!("{detail}; {}", lacks.join("; ")),
                                "recreate the table over the export's data/ with billing_period as its partition \
                                 key and every column (docs/report.md, \"The Athena table\")",
                            )
                        }
                    }
                }
            },
        },
    );
    checks
}

/// The `cost-allocation-tags` check: pass when every configured key is active, a warning naming the
/// fix otherwise, a failure when `--activate-tags` could not activate them.
fn cost_allocation_check(section: &TagSection, activating: bool) -> Option<Check> {
    const ID: &str = "cost-allocation-tags";
    if activating && (section.activation_error.is_some() || !section.refused.is_empty()) {
        let (detail, cause) = match &section.activation_error {
            Some(error) => (
                format!("could not activate the tag keys: {error}"),
                section
                    .activation_error_cause
                    .clone()
                    .map(|c| c.prefixed("cannot activate")),
            ),
            None => (
                section
                    .refused
                    .iter()
                    .map(|r| format!("`{}` refused: {} {}", r.key, r.code, r.message))
                    .collect::<Vec<_>>()
                    .join("; "),
                Some(refused_cause(&section.refused)),
            ),
        };
        return Some(Check::fail(
            ID,
            detail,
            Some(
                "activate from the payer (management) account with ce:UpdateCostAllocationTagsStatus; a key \
                 can be activated about 24 h after its first billed use"
                    .into(),
            ),
            ExitCode::Aws,
        )
        .with_cause(cause));
    }
    if section.error.is_some() {
        return None;
    }
    let not_active: Vec<String> = section
        .not_active()
        .map(|t| match t.status {
            crate::aws::costexplorer::TagActivation::NotFound => {
                format!("`{}` (not seen in billing yet)", t.key)
            }
            _ => format!("`{}` (inactive)", t.key),
        })
        .collect();
    if not_active.is_empty() {
        let keys: Vec<&str> = section.tags.iter().map(|t| t.key.as_str()).collect();
        let activated = if section.activated.is_empty() {
            String::new()
        } else {
            format!(
                " ({} activated now; cost shows up by tag from now on, not retroactively)",
                section.activated.len()
            )
        };
        return Some(Check::pass(
            ID,
            format!("active cost allocation tags: {}{activated}", keys.join(", ")),
        ));
    }
    Some(Check::warn(
        ID,
        format!(
            "not active as cost allocation tags: {}; reports by these keys come back empty or untagged",
            not_active.join(", ")
        ),
        "run `costbrake doctor --activate-tags` in the payer account (activation is not retroactive; a new key \
         appears about 24 h after its first billed use)",
    ))
}

/// The short form of the keys AWS refused to activate: how many, and each key with its code.
fn refused_cause(refused: &[crate::aws::costexplorer::TagUpdateError]) -> Cause {
    let keys: Vec<String> = refused
        .iter()
        .map(|r| format!("`{}` ({})", r.key, r.code))
        .collect();
    let reason = format!("{} key(s) refused: {}", refused.len(), keys.join(", "));
    Cause::new(
        ErrorKind::Aws,
        Some("ce:UpdateCostAllocationTagsStatus".into()),
        &reason,
    )
}

fn worst_exit(checks: &[Check]) -> ExitCode {
    checks
        .iter()
        .filter(|c| c.status == Status::Fail)
        .fold(ExitCode::Success, |acc, c| acc.max(c.exit))
}

fn organization_check(membership: &Membership) -> Check {
    match membership {
        Membership::Management { organization_id } => Check::pass(
            "organization",
            format!("management account of {organization_id}: sandbox-account SCP kills are available"),
        ),
        Membership::Member {
            organization_id,
            management_account_id,
        } => Check::warn(
            "organization",
            format!("member account of {organization_id} (management account {management_account_id})"),
            "attach sandbox SCPs from the management account or a delegated administrator",
        ),
        Membership::Standalone => Check::warn(
            "organization",
            "not part of an AWS Organization",
            "sandbox-account SCP kills need AWS Organizations; everything else works",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// doctor's Athena checks over answers shaped as in the Athena API reference (moto has no
    /// `GetTableMetadata`): a workgroup without a result location, a table without `tags` or a
    /// `billing_period` partition, and a table that is not a CUR table at all.
    #[tokio::test]
    async fn athena_checks_explain_what_the_table_and_workgroup_lack() {
        use aws_sdk_athena::types::{Column, TableMetadata, WorkGroup, WorkGroupConfiguration};
        use aws_smithy_mocks::mock;
        let wg = mock!(aws_sdk_athena::Client::get_work_group)
            .match_requests(|r| r.work_group() == Some("primary"))
            .then_output(|| {
                aws_sdk_athena::operation::get_work_group::GetWorkGroupOutput::builder()
                    .work_group(
                        WorkGroup::builder()
                            .name("primary")
                            .state(aws_sdk_athena::types::WorkGroupState::Enabled)
                            .configuration(WorkGroupConfiguration::builder().build())
                            .build()
                            .expect("workgroup"),
                    )
                    .build()
            });
        let db = mock!(aws_sdk_athena::Client::get_database)
            .then_output(|| aws_sdk_athena::operation::get_database::GetDatabaseOutput::builder().build());
        let columns = |names: &'static [&'static str]| {
            move || {
                let mut table = TableMetadata::builder().name("agents");
                for n in names {
                    table = table.columns(
                        Column::builder()
                            .name(*n)
                            .r#type("string")
                            .build()
                            .expect("column"),
                    );
                }
                aws_sdk_athena::operation::get_table_metadata::GetTableMetadataOutput::builder()
                    .table_metadata(table.build().expect("table"))
                    .build()
            }
        };
        let table = mock!(aws_sdk_athena::Client::get_table_metadata).then_output(columns(&[
            "line_item_usage_start_date",
            "line_item_unblended_cost",
            "line_item_currency_code",
            "resource_tags",
        ]));
        let ctx = crate::aws::athena::tests::mocked(&[&wg, &db, &table]);
        let mut config = Config::default();
        config.report.athena.database = Some("cur".into());
        config.report.athena.table = Some("agents".into());
        let checks = athena_checks(&ctx, &config).await;
        assert_eq!(checks[0].id, "athena-workgroup");
        assert_eq!(checks[0].status, Status::Fail, "{:?}", checks[0]);
        assert!(checks[0].detail.contains("no query result location"));
        assert_eq!(checks[0].exit_code_for_tests(), ExitCode::Usage);
        assert_eq!(checks[1].id, "athena-table");
        assert_eq!(checks[1].status, Status::Warn, "{:?}", checks[1]);
        assert!(
            checks[1].detail.contains("no tags column"),
            "{}",
            checks[1].detail
        );
        assert!(
            checks[1].detail.contains("no billing_period partition"),
            "{}",
            checks[1].detail
        );

        let wg = mock!(aws_sdk_athena::Client::get_work_group).then_output(|| {
            aws_sdk_athena::operation::get_work_group::GetWorkGroupOutput::builder()
                .work_group(WorkGroup::builder().name("primary").build().expect("workgroup"))
                .build()
        });
        let db = mock!(aws_sdk_athena::Client::get_database)
            .then_output(|| aws_sdk_athena::operation::get_database::GetDatabaseOutput::builder().build());
        let not_cur = mock!(aws_sdk_athena::Client::get_table_metadata).then_output(columns(&["id", "name"]));
        let ctx = crate::aws::athena::tests::mocked(&[&wg, &db, &not_cur]);
        config.report.athena.output_location = Some("s3://results/".into());
        let checks = athena_checks(&ctx, &config).await;
        assert_eq!(checks[0].status, Status::Pass, "{:?}", checks[0]);
        assert!(checks[0].detail.contains("results in s3://results/"));
        assert_eq!(checks[1].status, Status::Fail);
        assert!(
            checks[1].detail.contains("not a CUR 2.0 table"),
            "{}",
            checks[1].detail
        );
    }

    #[test]
    fn failing_checks_decide_the_exit_code() {
        let mut checks = vec![Check::pass("a", "ok"), Check::warn("b", "meh", "fix")];
        assert_eq!(worst_exit(&checks), ExitCode::Success);
        checks.push(Check::fail("d", "unreachable", None, ExitCode::Aws));
        assert_eq!(worst_exit(&checks), ExitCode::Aws);
        checks.push(Check::fail("c", "no region", None, ExitCode::Usage));
        assert_eq!(worst_exit(&checks), ExitCode::Usage);
    }

    fn section(statuses: &[(&str, crate::aws::costexplorer::TagActivation)]) -> TagSection {
        TagSection {
            tags: statuses
                .iter()
                .map(|(key, status)| crate::aws::costexplorer::TagKeyStatus {
                    key: key.to_string(),
                    status: *status,
                    last_used: None,
                })
                .collect(),
            activated: vec![],
            refused: vec![],
            error: None,
            activation_error: None,
            error_cause: None,
            activation_error_cause: None,
        }
    }

    #[test]
    fn cost_allocation_tags_pass_warn_or_fail() {
        use crate::aws::costexplorer::{TagActivation, TagUpdateError};
        let active = section(&[
            ("agent-name", TagActivation::Active),
            ("agent-run-id", TagActivation::Active),
        ]);
        let check = cost_allocation_check(&active, false).expect("check");
        assert_eq!(check.status, Status::Pass);

        let inactive = section(&[
            ("agent-name", TagActivation::Active),
            ("agent-run-id", TagActivation::NotFound),
        ]);
        let check = cost_allocation_check(&inactive, false).expect("check");
        assert_eq!(check.status, Status::Warn);
        assert!(
            check.detail.contains("`agent-run-id` (not seen in billing yet)"),
            "{}",
            check.detail
        );
        assert!(
            check
                .fix
                .as_deref()
                .is_some_and(|f| f.contains("--activate-tags"))
        );

        let mut refused = inactive.clone();
        refused.refused.push(TagUpdateError {
            key: "agent-run-id".into(),
            code: "TagKeysNotFoundException".into(),
            message: "not found".into(),
        });
        let check = cost_allocation_check(&refused, true).expect("check");
        assert_eq!((check.status, check.exit), (Status::Fail, ExitCode::Aws));

        let mut unreadable = section(&[]);
        unreadable.error = Some("AccessDeniedException: no".into());
        assert!(cost_allocation_check(&unreadable, false).is_none());
    }

    #[test]
    fn standalone_account_is_a_warning_not_a_failure() {
        let check = organization_check(&Membership::Standalone);
        assert_eq!(check.status, Status::Warn);
        assert!(check.fix.is_some());
    }
}
