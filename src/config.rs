//! `costbrake.toml`: which tag keys identify an agent and a run, which tags an audit requires, and the
//! sections later capabilities add. Finding, parsing and validating the file lives here; nothing here
//! talks to AWS. Every key is documented in `docs/configuration.md`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The default tag key that names the agent owning a resource.
pub const DEFAULT_AGENT_TAG: &str = "agent-name";
/// The default tag key that names the run (one prompt's fan-out) a resource belongs to.
pub const DEFAULT_RUN_TAG: &str = "agent-run-id";
/// The file name looked up in the working directory and in the user config directory.
pub const FILE_NAME: &str = "costbrake.toml";
/// Where the configuration keys are documented, for error messages.
const DOCS: &str = "docs/configuration.md";

/// The resolved configuration: the file's values with defaults filled in.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Config {
    /// The file the values came from; `None` when built-in defaults are in force.
    pub source: Option<PathBuf>,
    pub tags: TagConfig,
    pub audit: AuditConfig,
    pub kill: KillConfig,
    /// `[[budgets]]`: per-agent budgets for `costbrake budget sync`, validated.
    pub budgets: Vec<crate::budgets::spec::Spec>,
    /// `[[sandboxes]]`: sandbox accounts for `costbrake sandbox sync`, validated.
    pub sandboxes: Vec<crate::sandbox::config::Entry>,
    pub report: ReportConfig,
    pub run: RunConfig,
    /// `[accounts]`: how `--accounts` enters member accounts.
    pub accounts: crate::accounts::Config,
}

/// `[run]`: the defaults of `costbrake run`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct RunConfig {
    /// The role every run assumes unless `--role` names another (none: the child keeps the caller's
    /// credentials).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// The variable that carries the run id to the child (default `AGENT_RUN_ID`).
    pub run_id_variable: String,
    /// The variable that carries the agent's name to the child (default `AGENT_NAME`).
    pub agent_variable: String,
    /// Default `--on-exit`: `report` (default), `kill` or `none`.
    pub on_exit: crate::agent_run::OnExit,
    /// Default `--max-duration` in seconds (none: no limit).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_duration_seconds: Option<u64>,
    /// Default `--grace` in seconds: how long a child has between SIGTERM and SIGKILL (default 10).
    pub grace_seconds: u64,
    /// How long each assumed-role session lasts, in seconds (default 3600, the most a chained role gets).
    pub session_seconds: u64,
}

/// The default `run.run_id_variable`.
pub const DEFAULT_RUN_ID_VARIABLE: &str = "AGENT_RUN_ID";
/// The default `run.agent_variable`.
pub const DEFAULT_AGENT_VARIABLE: &str = "AGENT_NAME";

impl Default for RunConfig {
    fn default() -> Self {
        RunConfig {
            role: None,
            run_id_variable: DEFAULT_RUN_ID_VARIABLE.to_string(),
            agent_variable: DEFAULT_AGENT_VARIABLE.to_string(),
            on_exit: crate::agent_run::OnExit::Report,
            max_duration_seconds: None,
            grace_seconds: 10,
            session_seconds: 3600,
        }
    }
}

/// `[report]`: the defaults of `costbrake report`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct ReportConfig {
    /// `report runs` flags a run costing more than this multiple of its agent's median (default 3).
    #[serde(with = "rust_decimal::serde::str")]
    #[cfg_attr(test, schemars(with = "crate::schemas::Decimal"))]
    pub runaway_multiple: rust_decimal::Decimal,
    /// How long a cached Cost Explorer answer is reused, in seconds (default 4 h; 0 disables the cache).
    pub cache_ttl_seconds: u64,
    /// Default `--max-requests`: the most Cost Explorer requests one report may make.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_requests: Option<u32>,
    /// Default `--source`: `ce` (Cost Explorer) or `cur` (the Cost and Usage Report).
    pub source: ReportSource,
    /// Default `--cur`: the CUR 2.0 export, `s3://BUCKET/PREFIX/EXPORT_NAME` or a local directory.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cur: Option<String>,
    /// Default `--engine` for the CUR: `embedded` or `athena`.
    pub engine: ReportEngine,
    /// `[report.athena]`: the table and workgroup of `--engine athena`.
    pub athena: AthenaConfig,
}

/// How `report --source cur` reads the export.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum ReportEngine {
    /// costbrake streams the export's files itself.
    #[default]
    Embedded,
    /// Athena runs the query over a table on the export.
    Athena,
}

/// `[report.athena]`: defaults of `--athena-database`, `--athena-table`, `--athena-catalog`,
/// `--workgroup` and `--output-location`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct AthenaConfig {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub table: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub catalog: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workgroup: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output_location: Option<String>,
}

impl AthenaConfig {
    /// Whether the Athena engine has a table to query.
    pub fn is_configured(&self) -> bool {
        self.database.is_some() && self.table.is_some()
    }
}

/// Where `report` reads cost from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum ReportSource {
    /// Cost Explorer's `GetCostAndUsage` ($0.01 a request).
    #[default]
    Ce,
    /// The CUR 2.0 export (AWS Data Exports), read by costbrake itself.
    Cur,
}

/// The default `report.runaway_multiple`.
pub const DEFAULT_RUNAWAY_MULTIPLE: rust_decimal::Decimal =
    rust_decimal::Decimal::from_parts(3, 0, 0, false, 0);
/// The default `report.cache_ttl`: Cost Explorer refreshes its data about three times a day.
pub const DEFAULT_CACHE_TTL_SECONDS: u64 = 4 * 3600;

impl Default for ReportConfig {
    fn default() -> Self {
        ReportConfig {
            runaway_multiple: DEFAULT_RUNAWAY_MULTIPLE,
            cache_ttl_seconds: DEFAULT_CACHE_TTL_SECONDS,
            max_requests: None,
            source: ReportSource::Ce,
            cur: None,
            engine: ReportEngine::Embedded,
            athena: AthenaConfig::default(),
        }
    }
}

/// `[kill]`: the kill-switch's safety limits and default scope.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct KillConfig {
    /// Plans changing more resources are refused unless `--max-resources` is raised (default 500).
    pub max_resources: usize,
    /// Default `--regions` (empty: `audit.regions`, else the configured region).
    pub regions: Vec<String>,
}

/// The default of `kill.max_resources`.
pub const DEFAULT_MAX_RESOURCES: usize = 500;

impl Default for KillConfig {
    fn default() -> Self {
        KillConfig {
            max_resources: DEFAULT_MAX_RESOURCES,
            regions: Vec::new(),
        }
    }
}

/// `[audit]`: the default scope of `costbrake audit` and what it ignores.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct AuditConfig {
    /// Default `--regions` (empty: the configured region).
    pub regions: Vec<String>,
    /// Default `--types` (empty: every type the sources see).
    pub types: Vec<String>,
    /// Resources to leave out, each with the reason reported in the output.
    pub exempt: Vec<Exemption>,
    /// `[audit.require]`: per resource type (a type, a service or a glob), the keys it must carry
    /// instead of `tags.required`.
    pub require: Vec<RequireRule>,
}

/// One `[audit.require]` entry: the types it covers and the keys they must carry.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct RequireRule {
    /// `ec2:instance`, `iam` or a glob such as `iam:*`.
    pub types: String,
    pub keys: Vec<String>,
}

/// One `[[audit.exempt]]` entry: an ARN glob or a resource type, and why.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Exemption {
    /// A glob over ARNs (`*` matches any run of characters, `?` one), e.g. `arn:aws:iam::*:role/legacy-*`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    /// A resource type (`ecs:task-definition`) or a whole service (`ecs`).
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub resource_type: Option<String>,
    /// Why it is exempt; shown in every output format.
    pub reason: String,
}

/// Tag keys costbrake attributes cost and resources by.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct TagConfig {
    /// Tag key naming the agent (default `agent-name`).
    pub agent: String,
    /// Tag key naming the run (default `agent-run-id`).
    pub run: String,
    /// Tag keys every resource must carry with a non-empty value (default: the agent and run keys).
    pub required: Vec<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            source: None,
            tags: TagConfig {
                agent: DEFAULT_AGENT_TAG.to_string(),
                run: DEFAULT_RUN_TAG.to_string(),
                required: vec![DEFAULT_AGENT_TAG.to_string(), DEFAULT_RUN_TAG.to_string()],
            },
            audit: AuditConfig::default(),
            kill: KillConfig::default(),
            budgets: Vec::new(),
            sandboxes: Vec::new(),
            report: ReportConfig::default(),
            run: RunConfig::default(),
            accounts: crate::accounts::Config::default(),
        }
    }
}

/// The file as written. Unknown keys are errors so that a typo never silently falls back to a default.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    tags: RawTags,
    #[serde(default)]
    audit: RawAudit,
    #[serde(default)]
    kill: RawKill,
    #[serde(default)]
    budgets: Vec<toml::Spanned<crate::budgets::config::RawBudget>>,
    #[serde(default)]
    sandboxes: Vec<toml::Spanned<crate::sandbox::config::RawSandbox>>,
    #[serde(default)]
    report: RawReport,
    #[serde(default)]
    run: RawRun,
    #[serde(default)]
    accounts: crate::accounts::config::RawAccounts,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRun {
    role: Option<String>,
    run_id_variable: Option<String>,
    agent_variable: Option<String>,
    on_exit: Option<String>,
    max_duration: Option<String>,
    grace: Option<String>,
    session_duration: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReport {
    runaway_multiple: Option<toml::Value>,
    cache_ttl: Option<String>,
    max_requests: Option<i64>,
    source: Option<String>,
    cur: Option<String>,
    engine: Option<String>,
    athena: Option<RawAthena>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAthena {
    database: Option<String>,
    table: Option<String>,
    catalog: Option<String>,
    workgroup: Option<String>,
    output_location: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawKill {
    max_resources: Option<i64>,
    #[serde(default)]
    regions: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAudit {
    #[serde(default)]
    regions: Vec<String>,
    #[serde(default)]
    types: Vec<String>,
    #[serde(default)]
    exempt: Vec<RawExemption>,
    #[serde(default)]
    require: BTreeMap<String, Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExemption {
    arn: Option<String>,
    #[serde(rename = "type")]
    resource_type: Option<String>,
    reason: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTags {
    agent: Option<String>,
    run: Option<String>,
    required: Option<Vec<String>>,
}

/// Where to look for the configuration file.
#[derive(Debug, Clone, Default)]
pub struct Lookup {
    /// `--config` or `COSTBRAKE_CONFIG`: must exist.
    pub explicit: Option<PathBuf>,
    /// The working directory, searched for `costbrake.toml`.
    pub cwd: Option<PathBuf>,
    /// The user configuration directory, searched for `costbrake.toml`.
    pub user_dir: Option<PathBuf>,
}

impl Lookup {
    /// The usual lookup: the explicit path, `./costbrake.toml`, then the user config directory
    /// (`$XDG_CONFIG_HOME/costbrake` on Linux, `~/Library/Application Support/costbrake` on macOS).
    pub fn standard(explicit: Option<PathBuf>) -> Self {
        Lookup {
            explicit,
            cwd: std::env::current_dir().ok(),
            user_dir: directories::ProjectDirs::from("", "", "costbrake")
                .map(|d| d.config_dir().to_path_buf()),
        }
    }

    /// The file that will be read, if any.
    fn resolve(&self) -> Result<Option<PathBuf>> {
        if let Some(path) = &self.explicit {
            if !path.is_file() {
                return Err(Error::Config {
                    path: path.clone(),
                    message: "no such file; check --config or COSTBRAKE_CONFIG".to_string(),
                });
            }
            return Ok(Some(path.clone()));
        }
        let candidates = [&self.cwd, &self.user_dir];
        Ok(candidates
            .into_iter()
            .flatten()
            .map(|dir| dir.join(FILE_NAME))
            .find(|p| p.is_file()))
    }
}

/// Where costbrake keeps what it records on this machine (kill journals, sandbox records, the run
/// ledger): `COSTBRAKE_DATA_DIR` when set, else the user data dir (`$XDG_DATA_HOME/costbrake` on Linux).
/// `what` names the record for the error when there is neither.
pub fn data_dir(what: &str) -> Result<PathBuf> {
    if let Some(dir) = std::env::var_os("COSTBRAKE_DATA_DIR").filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("", "", "costbrake")
        .map(|d| d.data_dir().to_path_buf())
        .ok_or_else(|| {
            Error::usage(format!(
                "no home directory to keep {what} in; set COSTBRAKE_DATA_DIR to a directory"
            ))
        })
}

/// Finds and loads the configuration; built-in defaults when no file is found.
pub fn load(lookup: &Lookup) -> Result<Config> {
    match lookup.resolve()? {
        Some(path) => {
            let text = std::fs::read_to_string(&path).map_err(|e| Error::Config {
                path: path.clone(),
                message: format!("cannot read it: {e}"),
            })?;
            parse(&text, &path)
        }
        None => Ok(Config::default()),
    }
}

/// Parses and validates the text of a configuration file.
pub fn parse(text: &str, path: &Path) -> Result<Config> {
    let config_error = |message: String| Error::Config {
        path: path.to_path_buf(),
        message,
    };
    let raw: RawConfig = toml::from_str(text).map_err(|e| {
        let location = e
            .span()
            .map(|span| {
                let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
                format!("line {line}: ")
            })
            .unwrap_or_default();
        let message = e.message().trim().replace('\n', " ");
        config_error(format!("{location}{message}; fix it (see {DOCS})"))
    })?;

    let agent = raw.tags.agent.unwrap_or_else(|| DEFAULT_AGENT_TAG.to_string());
    let run = raw.tags.run.unwrap_or_else(|| DEFAULT_RUN_TAG.to_string());
    let required = raw
        .tags
        .required
        .unwrap_or_else(|| vec![agent.clone(), run.clone()]);
    for (key, value) in [("tags.agent", &agent), ("tags.run", &run)] {
        validate_tag_key(value).map_err(|m| config_error(format!("{key}: {m}")))?;
    }
    if agent == run {
        return Err(config_error(format!(
            "tags.agent and tags.run are both `{agent}`; they must differ"
        )));
    }
    for key in &required {
        validate_tag_key(key).map_err(|m| config_error(format!("tags.required: {m}")))?;
    }
    for region in &raw.audit.regions {
        crate::aws::parse_region(region).map_err(|m| config_error(format!("audit.regions: {m}")))?;
    }
    for resource_type in &raw.audit.types {
        validate_resource_type(resource_type).map_err(|m| config_error(format!("audit.types: {m}")))?;
    }
    let max_resources = match raw.kill.max_resources {
        None => DEFAULT_MAX_RESOURCES,
        Some(n) if n >= 1 => n as usize,
        Some(n) => {
            return Err(config_error(format!(
                "kill.max_resources is {n}; it must be at least 1 (the default is {DEFAULT_MAX_RESOURCES})"
            )));
        }
    };
    for region in &raw.kill.regions {
        crate::aws::parse_region(region).map_err(|m| config_error(format!("kill.regions: {m}")))?;
    }
    let mut exempt = Vec::new();
    for (i, entry) in raw.audit.exempt.into_iter().enumerate() {
        let at = format!("audit.exempt[{i}]");
        let reason = entry
            .reason
            .filter(|r| !r.trim().is_empty())
            .ok_or_else(|| config_error(format!("{at}: a `reason` is required; say why it is exempt")))?;
        match (&entry.arn, &entry.resource_type) {
            (Some(_), Some(_)) | (None, None) => {
                return Err(config_error(format!(
                    "{at}: give exactly one of `arn` (a glob) or `type`"
                )));
            }
            (Some(arn), None) if arn.trim().is_empty() => {
                return Err(config_error(format!("{at}: `arn` is empty")));
            }
            (None, Some(t)) => {
                validate_resource_type(t).map_err(|m| config_error(format!("{at}: {m}")))?;
            }
            _ => {}
        }
        exempt.push(Exemption {
            arn: entry.arn,
            resource_type: entry.resource_type,
            reason,
        });
    }
    let budget_entries = raw
        .budgets
        .into_iter()
        .map(|entry| {
            let line = text[..entry.span().start.min(text.len())].matches('\n').count() + 1;
            (line, entry.into_inner())
        })
        .collect();
    let budgets = crate::budgets::config::specs_from_config(budget_entries).map_err(|(line, message)| {
        config_error(format!(
            "line {line}: {message}; fix it (see {})",
            crate::budgets::config::docs()
        ))
    })?;
    let sandbox_entries = raw
        .sandboxes
        .into_iter()
        .map(|entry| {
            let line = text[..entry.span().start.min(text.len())].matches('\n').count() + 1;
            (line, entry.into_inner())
        })
        .collect();
    let sandboxes =
        crate::sandbox::config::entries_from_config(sandbox_entries).map_err(|(line, message)| {
            config_error(format!("line {line}: {message}; fix it (see docs/sandbox.md)"))
        })?;
    let report = parse_report(raw.report).map_err(config_error)?;
    let run_config = parse_run(raw.run).map_err(config_error)?;
    let accounts = crate::accounts::config::from_config(raw.accounts)
        .map_err(|m| config_error(format!("{m}; fix it (see {})", crate::accounts::DOCS)))?;
    Ok(Config {
        source: Some(path.to_path_buf()),
        tags: TagConfig {
            agent,
            run,
            required: dedup(required),
        },
        audit: AuditConfig {
            regions: raw.audit.regions,
            types: raw.audit.types,
            exempt,
            require: parse_require(raw.audit.require).map_err(config_error)?,
        },
        kill: KillConfig {
            max_resources,
            regions: raw.kill.regions,
        },
        budgets,
        sandboxes,
        report,
        run: run_config,
        accounts,
    })
}

/// `[audit.require]`: each key a type, a service or a glob over types; each value a non-empty list of
/// valid tag keys.
fn parse_require(raw: BTreeMap<String, Vec<String>>) -> std::result::Result<Vec<RequireRule>, String> {
    let mut rules = Vec::new();
    for (types, keys) in raw {
        let at = format!("audit.require.\"{}\"", crate::text::escape_controls(&types));
        if types.contains(['*', '?', '[']) {
            globset::Glob::new(&types).map_err(|e| format!("{at}: not a valid glob ({e})"))?;
        } else {
            validate_resource_type(&types).map_err(|m| format!("{at}: {m}"))?;
        }
        if keys.is_empty() {
            return Err(format!(
                "{at}: give at least one tag key, e.g. [\"agent-name\"], or leave the type out"
            ));
        }
        for key in &keys {
            validate_tag_key(key).map_err(|m| format!("{at}: {m}"))?;
        }
        rules.push(RequireRule {
            types,
            keys: dedup(keys),
        });
    }
    Ok(rules)
}

fn parse_run(raw: RawRun) -> std::result::Result<RunConfig, String> {
    let mut run = RunConfig::default();
    if let Some(role) = raw.role {
        crate::agent_run::validate_role_arn(&role).map_err(|m| format!("run.role: {m}"))?;
        run.role = Some(role);
    }
    for (key, given, slot) in [
        (
            "run.run_id_variable",
            raw.run_id_variable,
            &mut run.run_id_variable,
        ),
        ("run.agent_variable", raw.agent_variable, &mut run.agent_variable),
    ] {
        if let Some(name) = given {
            crate::agent_run::validate_variable_name(&name).map_err(|m| format!("{key}: {m}"))?;
            *slot = name;
        }
    }
    if run.run_id_variable == run.agent_variable {
        return Err(format!(
            "run.run_id_variable and run.agent_variable are both `{}`; they must differ",
            run.run_id_variable
        ));
    }
    if let Some(on_exit) = raw.on_exit {
        run.on_exit = crate::agent_run::OnExit::parse(&on_exit)
            .ok_or_else(|| format!("run.on_exit `{on_exit}` is not one of report, kill, none"))?;
    }
    let positive = |key: &str, text: &str| -> std::result::Result<u64, String> {
        parse_positive_duration(text)
            .map(|d| d.as_secs())
            .map_err(|m| format!("{key}: {m}"))
    };
    if let Some(text) = raw.max_duration {
        run.max_duration_seconds = Some(positive("run.max_duration", &text)?);
    }
    if let Some(text) = raw.grace {
        run.grace_seconds = positive("run.grace", &text)?;
    }
    if let Some(text) = raw.session_duration {
        let seconds = positive("run.session_duration", &text)?;
        if !(900..=43_200).contains(&seconds) {
            return Err(format!(
                "run.session_duration: {seconds}s is outside what STS allows (15m to 12h; a chained role gets at most 1h)"
            ));
        }
        run.session_seconds = seconds;
    }
    Ok(run)
}

fn parse_report(raw: RawReport) -> std::result::Result<ReportConfig, String> {
    let mut report = ReportConfig::default();
    if let Some(number) = raw.runaway_multiple {
        // An integer or a float: `3` and `3.0` both read as 3.
        let value = match number {
            toml::Value::Integer(i) => Some(rust_decimal::Decimal::from(i)),
            toml::Value::Float(f) if f.is_finite() => rust_decimal::Decimal::try_from(f).ok(),
            _ => None,
        };
        report.runaway_multiple = value
            .filter(|v| *v > rust_decimal::Decimal::ONE && *v <= rust_decimal::Decimal::from(1000))
            .map(|v| v.normalize())
            .ok_or_else(|| {
                "report.runaway_multiple: must be a number above 1 and at most 1000, e.g. 3.0".to_string()
            })?;
    }
    if let Some(ttl) = raw.cache_ttl {
        report.cache_ttl_seconds = parse_duration(&ttl)
            .map_err(|m| format!("report.cache_ttl: {m}"))?
            .as_secs();
    }
    if let Some(max) = raw.max_requests {
        report.max_requests = Some(u32::try_from(max).map_err(|_| {
            format!("report.max_requests: `{max}` must be a whole number from 0 (cache only) up")
        })?);
    }
    if let Some(source) = raw.source {
        report.source = match source.as_str() {
            "ce" => ReportSource::Ce,
            "cur" => ReportSource::Cur,
            other => return Err(format!("report.source: `{other}` is not one of ce, cur")),
        };
    }
    if let Some(cur) = raw.cur {
        if cur.trim().is_empty() || (cur.contains("://") && !cur.starts_with("s3://")) {
            return Err(format!(
                "report.cur: `{cur}` must be s3://BUCKET/PREFIX/EXPORT_NAME or a local directory"
            ));
        }
        report.cur = Some(cur);
    }
    if let Some(engine) = raw.engine {
        report.engine = match engine.as_str() {
            "embedded" => ReportEngine::Embedded,
            "athena" => ReportEngine::Athena,
            other => return Err(format!("report.engine: `{other}` is not one of embedded, athena")),
        };
    }
    if let Some(athena) = raw.athena {
        let name = |key: &str, v: Option<String>| -> std::result::Result<Option<String>, String> {
            match v {
                Some(v) if v.trim().is_empty() => Err(format!("report.athena.{key}: must not be empty")),
                other => Ok(other),
            }
        };
        report.athena = AthenaConfig {
            database: name("database", athena.database)?,
            table: name("table", athena.table)?,
            catalog: name("catalog", athena.catalog)?,
            workgroup: name("workgroup", athena.workgroup)?,
            output_location: name("output_location", athena.output_location)?,
        };
        if let Some(location) = &report.athena.output_location
            && !location.starts_with("s3://")
        {
            return Err(format!(
                "report.athena.output_location: `{location}` must be an S3 location, s3://BUCKET/PREFIX/"
            ));
        }
    }
    if report.engine == ReportEngine::Athena && !report.athena.is_configured() {
        return Err(
            "report.engine = \"athena\" needs the table: set report.athena.database and report.athena.table"
                .to_string(),
        );
    }
    Ok(report)
}

/// Parses a duration longer than zero such as `2s`, `30m`, `2h` or `1d` (whole units only), for limits
/// where 0 means nothing sensible.
pub fn parse_positive_duration(text: &str) -> std::result::Result<std::time::Duration, String> {
    let hint = "use a whole number with a unit, e.g. 30s, 30m, 2h or 1d";
    match parse_duration(text) {
        Ok(d) if !d.is_zero() => Ok(d),
        Ok(_) => Err(format!("`{text}` is zero; {hint}")),
        Err(_) => Err(format!(
            "`{}` is not a duration of at most a year; {hint}",
            crate::text::escape_controls(text)
        )),
    }
}

/// Parses a duration such as `4h`, `90m`, `1d`, `3600s` or `0` (whole units only).
pub fn parse_duration(text: &str) -> std::result::Result<std::time::Duration, String> {
    let hint = "use a whole number with a unit, e.g. 30m, 4h or 1d (0 disables the cache)";
    let t = text.trim();
    if t == "0" {
        return Ok(std::time::Duration::ZERO);
    }
    let (number, unit) = t.split_at(t.len().saturating_sub(1));
    let n: u64 = number
        .parse()
        .map_err(|_| format!("`{text}` is not a duration; {hint}"))?;
    let seconds = match unit {
        "s" => Some(n),
        "m" => n.checked_mul(60),
        "h" => n.checked_mul(3600),
        "d" => n.checked_mul(86_400),
        _ => None,
    }
    .filter(|s| *s <= 366 * 86_400)
    .ok_or_else(|| format!("`{text}` is not a duration of at most a year; {hint}"))?;
    Ok(std::time::Duration::from_secs(seconds))
}

/// Checks a resource type filter: `service` or `service:type`, as the Tagging API spells them
/// (`ec2:instance`, `lambda:function`, `autoscaling:autoScalingGroup`).
pub fn validate_resource_type(value: &str) -> std::result::Result<(), String> {
    let mut parts = value.splitn(2, ':');
    let service = parts.next().unwrap_or_default();
    let kind = parts.next();
    let service_ok = !service.is_empty()
        && service
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    let kind_ok = kind.is_none_or(|k| {
        !k.is_empty()
            && k.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    });
    if service_ok && kind_ok {
        crate::resource_types::check(value)
    } else {
        Err(format!(
            "`{value}` is not a resource type; use `service` or `service:type`, e.g. ec2:instance or lambda"
        ))
    }
}

/// Checks a tag key against AWS's rules: 1-128 characters, not starting with `aws:`.
pub fn validate_tag_key(key: &str) -> std::result::Result<(), String> {
    if key.trim().is_empty() {
        return Err("a tag key cannot be empty".to_string());
    }
    if key.chars().count() > 128 {
        return Err(format!("tag key `{key}` is longer than 128 characters"));
    }
    if key.to_ascii_lowercase().starts_with("aws:") {
        return Err(format!(
            "tag key `{key}` uses the reserved `aws:` prefix; pick another key"
        ));
    }
    crate::text::check_tag_text("tag key", key)
}

fn dedup(keys: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::BTreeSet::new();
    keys.into_iter().filter(|k| seen.insert(k.clone())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str) -> Result<Config> {
        parse(text, Path::new("costbrake.toml"))
    }

    #[test]
    fn audit_require_maps_types_to_their_keys() {
        let config = parse_str(
            "[audit.require]\n\"iam:*\" = [\"agent-name\"]\nlambda = [\"agent-name\", \"agent-run-id\"]\n",
        )
        .expect("valid");
        let rules: Vec<(&str, usize)> = config
            .audit
            .require
            .iter()
            .map(|r| (r.types.as_str(), r.keys.len()))
            .collect();
        assert_eq!(rules, [("iam:*", 1), ("lambda", 2)]);
        for (bad, needle) in [
            ("\"iam:*\" = []", "at least one tag key"),
            ("\"ec2:instances\" = [\"a\"]", "audit.require"),
            ("\"iam:[\" = [\"a\"]", "not a valid glob"),
            ("\"iam:*\" = [\"\"]", "audit.require"),
        ] {
            let err = parse_str(&format!("[audit.require]\n{bad}\n"))
                .unwrap_err()
                .to_string();
            assert!(err.contains(needle), "{bad}: {err}");
        }
    }

    #[test]
    fn empty_file_gives_defaults() {
        let config = parse_str("").expect("empty config parses");
        assert_eq!(config.tags, Config::default().tags);
        assert_eq!(config.source.as_deref(), Some(Path::new("costbrake.toml")));
    }

    #[test]
    fn required_defaults_to_the_configured_keys() {
        let config = parse_str("[tags]\nagent = \"Agent-ID\"\nrun = \"Run-ID\"\n").expect("parses");
        assert_eq!(config.tags.required, vec!["Agent-ID", "Run-ID"]);
    }

    #[test]
    fn explicit_required_list_is_kept_and_deduplicated() {
        let config = parse_str("[tags]\nrequired = [\"team\", \"agent-name\", \"team\"]\n").expect("parses");
        assert_eq!(config.tags.required, vec!["team", "agent-name"]);
    }

    #[test]
    fn unknown_key_names_the_key_the_line_and_the_file() {
        let err = parse_str("[tags]\nagent = \"a\"\nrunn = \"b\"\n").unwrap_err();
        let text = err.to_string();
        assert!(text.contains("costbrake.toml"), "{text}");
        assert!(text.contains("runn"), "{text}");
        assert!(text.contains("line 3"), "{text}");
        assert!(!text.contains('\n'), "{text}");
    }

    #[test]
    fn unknown_section_is_an_error() {
        let err = parse_str("[tagz]\nagent = \"a\"\n").unwrap_err();
        assert!(err.to_string().contains("tagz"), "{err}");
    }

    #[test]
    fn reserved_and_empty_keys_are_rejected() {
        assert!(parse_str("[tags]\nagent = \"aws:foo\"\n").is_err());
        assert!(parse_str("[tags]\nrequired = [\"\"]\n").is_err());
        assert!(parse_str("[tags]\nagent = \"x\"\nrun = \"x\"\n").is_err());
    }

    #[test]
    fn audit_section_parses_exemptions_and_scope() {
        let config = parse_str(
            "[audit]\nregions = [\"us-east-1\"]\ntypes = [\"ec2:instance\", \"lambda\"]\n\
             [[audit.exempt]]\narn = \"arn:aws:iam::*:role/legacy-*\"\nreason = \"owned by platform\"\n\
             [[audit.exempt]]\ntype = \"ecs:task-definition\"\nreason = \"costs nothing\"\n",
        )
        .expect("parses");
        assert_eq!(config.audit.regions, vec!["us-east-1"]);
        assert_eq!(config.audit.types, vec!["ec2:instance", "lambda"]);
        assert_eq!(config.audit.exempt.len(), 2);
        assert_eq!(
            config.audit.exempt[1].resource_type.as_deref(),
            Some("ecs:task-definition")
        );
    }

    #[test]
    fn exemptions_need_a_reason_and_one_matcher() {
        let err = parse_str("[[audit.exempt]]\ntype = \"ec2\"\n").unwrap_err();
        assert!(err.to_string().contains("reason"), "{err}");
        let err = parse_str("[[audit.exempt]]\nreason = \"x\"\n").unwrap_err();
        assert!(err.to_string().contains("exactly one"), "{err}");
        let err = parse_str("[[audit.exempt]]\ntype = \"EC2 Instance\"\nreason = \"x\"\n").unwrap_err();
        assert!(err.to_string().contains("not a resource type"), "{err}");
    }

    #[test]
    fn resource_types_are_validated() {
        for ok in [
            "ec2",
            "ec2:instance",
            "autoscaling:autoScalingGroup",
            "ecs:task-definition",
        ] {
            assert!(validate_resource_type(ok).is_ok(), "{ok}");
        }
        for bad in ["", ":instance", "ec2:", "EC2", "ec2 instance"] {
            assert!(validate_resource_type(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn budgets_section_parses_into_validated_specs() {
        let config = parse_str(
            "[tags]\nagent = \"Agent-ID\"\n\n[[budgets]]\nagent = \"research-agent\"\nlimit = 500\n\
             period = \"quarterly\"\nnotify = [\"email:oncall@example.com\"]\nthresholds = [80, 100]\n\
             forecast = true\n[budgets.action]\ntype = \"deny-iam\"\nroles = [\"research-agent-exec\"]\n\
             execution_role = \"arn:aws:iam::123456789012:role/budgets-actions\"\napproval = \"automatic\"\n\n\
             [[budgets]]\nagent = \"log-summarizer\"\nlimit = 49.5\n",
        )
        .expect("parses");
        assert_eq!(config.budgets.len(), 2);
        let first = &config.budgets[0];
        assert_eq!(first.name, "costbrake-agent-research-agent");
        assert_eq!(first.period, crate::budgets::spec::Period::Quarterly);
        assert_eq!(first.notifications().len(), 3);
        let action = first.action.as_ref().expect("action");
        assert_eq!(action.approval, crate::budgets::spec::Approval::Automatic);
        assert_eq!(config.budgets[1].limit.to_string(), "49.5");
    }

    #[test]
    fn budgets_section_errors_name_the_entry_key_and_line() {
        let err = parse_str("[[budgets]]\nagent = \"a\"\nlimit = 5\nnotfy = []\n").unwrap_err();
        let text = err.to_string();
        assert!(text.contains("notfy") && text.contains("line 4"), "{text}");
        let err = parse_str("\n[[budgets]]\nagent = \"a\"\nlimit = 0\n").unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains("budgets[0]") && text.contains("greater than zero"),
            "{text}"
        );
        assert!(!text.contains('\n'), "{text}");
        let err = parse_str(
            "[[budgets]]\nagent = \"a\"\nlimit = 5\nnotify = [\"email:a@example.com\"]\n\
             [budgets.action]\ntype = \"stop-ec2\"\nroles = [\"r\"]\nexecution_role = \"x\"\n",
        )
        .unwrap_err();
        assert!(err.to_string().contains("deny-iam"), "{err}");
    }

    #[test]
    fn explicit_missing_file_is_an_error() {
        let lookup = Lookup {
            explicit: Some(PathBuf::from("/nonexistent/costbrake.toml")),
            ..Lookup::default()
        };
        let err = load(&lookup).unwrap_err();
        assert!(err.to_string().contains("no such file"), "{err}");
    }

    #[test]
    fn cwd_file_wins_over_user_dir() {
        let cwd = tempfile::tempdir().expect("tempdir");
        let user = tempfile::tempdir().expect("tempdir");
        std::fs::write(cwd.path().join(FILE_NAME), "[tags]\nagent = \"from-cwd\"\n").expect("write");
        std::fs::write(user.path().join(FILE_NAME), "[tags]\nagent = \"from-user\"\n").expect("write");
        let lookup = Lookup {
            explicit: None,
            cwd: Some(cwd.path().to_path_buf()),
            user_dir: Some(user.path().to_path_buf()),
        };
        assert_eq!(load(&lookup).expect("loads").tags.agent, "from-cwd");
        std::fs::remove_file(cwd.path().join(FILE_NAME)).expect("remove");
        assert_eq!(load(&lookup).expect("loads").tags.agent, "from-user");
    }

    #[test]
    fn report_section_parses_and_validates() {
        let config = parse_str("[report]\nrunaway_multiple = 2.5\ncache_ttl = \"30m\"\nmax_requests = 5\n")
            .expect("parses");
        assert_eq!(config.report.runaway_multiple.to_string(), "2.5");
        assert_eq!(config.report.cache_ttl_seconds, 1800);
        assert_eq!(config.report.max_requests, Some(5));
        let cur = parse_str("[report]\nsource = \"cur\"\ncur = \"s3://bills/cur/agents\"\n").expect("cur");
        assert_eq!(cur.report.source, ReportSource::Cur);
        assert_eq!(cur.report.cur.as_deref(), Some("s3://bills/cur/agents"));
        assert_eq!(Config::default().report.source, ReportSource::Ce);
        let athena = parse_str(
            "[report]\nsource = \"cur\"\nengine = \"athena\"\n[report.athena]\ndatabase = \"cur\"\ntable = \"agents\"\nworkgroup = \"finops\"\noutput_location = \"s3://results/athena/\"\n",
        )
        .expect("athena");
        assert_eq!(athena.report.engine, ReportEngine::Athena);
        assert_eq!(athena.report.athena.table.as_deref(), Some("agents"));
        assert_eq!(athena.report.athena.workgroup.as_deref(), Some("finops"));
        let dotted =
            parse_str("[report]\nathena.database = \"cur\"\nathena.table = \"t\"\n").expect("dotted");
        assert!(dotted.report.athena.is_configured());
        assert_eq!(dotted.report.engine, ReportEngine::Embedded);
        let int = parse_str("[report]\nrunaway_multiple = 4\n").expect("integer multiple");
        assert_eq!(int.report.runaway_multiple.to_string(), "4");
        assert_eq!(Config::default().report.runaway_multiple.to_string(), "3");
        for bad in [
            "runaway_multiple = 1.0",
            "runaway_multiple = -2",
            "runaway_multiple = \"3\"",
            "runaway_multiple = nan",
            "cache_ttl = \"4 hours\"",
            "cache_ttl = 4",
            "max_requests = -1",
            "max_request = 3",
            "source = \"athena\"",
            "cur = \"https://example.com/x\"",
            "engine = \"duckdb\"",
            "engine = \"athena\"",
            "athena.output_location = \"results/\"",
            "athena.table = \"\"",
            "athena.tabel = \"t\"",
        ] {
            let err = parse_str(&format!("[report]\n{bad}\n")).unwrap_err();
            let key = bad.split(' ').next().unwrap_or_default();
            assert!(
                err.to_string().contains(key) || err.to_string().contains("line 2"),
                "{bad}: {err}"
            );
            assert!(!err.to_string().contains('\n'), "{bad}: {err}");
        }
    }

    #[test]
    fn durations_need_a_unit() {
        assert_eq!(parse_duration("4h").expect("4h").as_secs(), 14_400);
        assert_eq!(parse_duration("0").expect("0").as_secs(), 0);
        assert_eq!(parse_duration("1d").expect("1d").as_secs(), 86_400);
        for bad in ["", "4", "h", "4hours", "-1h", "999d"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
    }
}
