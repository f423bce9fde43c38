//! `costbrake run`: every agent run gets its id the moment it starts, and the id travels with what the
//! run does. This module holds what the wrapper decides, as plain data and pure functions: the run id and
//! its checks, the child's environment (the id variables, OpenTelemetry resource attributes and W3C
//! baggage, appended to what is there), the role session's names and tags, and the exit code of a run.
//!
//! The parts that act live in the submodules: [`ledger`] records each run on this machine, [`session`]
//! keeps the role's credentials fresh for the child through a `credential_process` profile, [`child`]
//! starts the command, forwards signals and enforces `--max-duration`, [`leftovers`] lists what a run left
//! behind, and [`policy`] writes the IAM statements that make the role's creates carry the run's tag.

use serde::{Deserialize, Serialize};

pub mod child;
pub mod ledger;
pub mod leftovers;
pub mod policy;
pub mod session;

/// The variable that always carries the run id, whatever `run.run_id_variable` says.
pub const COSTBRAKE_RUN_ID: &str = "COSTBRAKE_RUN_ID";
/// OpenTelemetry's resource attributes variable.
pub const OTEL_RESOURCE_ATTRIBUTES: &str = "OTEL_RESOURCE_ATTRIBUTES";
/// The W3C baggage variable OpenTelemetry's propagators and many agents read.
pub const BAGGAGE: &str = "BAGGAGE";
/// The attribute and baggage key of the agent's name.
pub const ATTR_AGENT: &str = "agent.name";
/// The attribute and baggage key of the run id.
pub const ATTR_RUN_ID: &str = "agent.run_id";
/// The profile name of the temporary AWS config a role run hands to its child.
pub const PROFILE: &str = "costbrake-run";
/// Exit code of a run ended by `--max-duration`, as GNU `timeout` does.
pub const TIMED_OUT: u8 = 124;

/// What to do when the child has exited.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum OnExit {
    /// List what the run left behind (the default).
    Report,
    /// Stop what the run left behind through the kill-switch (journaled, undoable).
    Kill,
    /// Nothing.
    None,
}

impl OnExit {
    pub fn parse(text: &str) -> Option<OnExit> {
        match text {
            "report" => Some(OnExit::Report),
            "kill" => Some(OnExit::Kill),
            "none" => Some(OnExit::None),
            _ => None,
        }
    }
}

/// The names a run is known by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub agent: String,
    pub run_id: String,
    /// Tag keys (`tags.agent`, `tags.run`): the session tags' keys.
    pub agent_tag: String,
    pub run_tag: String,
    /// Variable names (`run.agent_variable`, `run.run_id_variable`).
    pub agent_variable: String,
    pub run_id_variable: String,
}

/// A new run id: a random UUID (version 4).
pub fn new_run_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// Checks an agent name or run id given on the command line: it becomes a tag value, so AWS's tag rules
/// apply (at most 256 characters, letters, digits, spaces and `_ . : / = + - @`), and it may not be empty.
pub fn validate_tag_value(what: &str, value: &str) -> Result<(), String> {
    if value.trim().is_empty() {
        return Err(format!("{what} is empty; give a name such as research-agent"));
    }
    if value.chars().count() > 256 {
        return Err(format!(
            "{what} is {} characters long; a tag value has at most 256",
            value.chars().count()
        ));
    }
    if value != value.trim() {
        return Err(format!(
            "{what} `{value}` starts or ends with a space; remove it (tag matching is exact)"
        ));
    }
    crate::text::check_tag_text(what, value)
}

/// Checks an IAM role ARN: `arn:PARTITION:iam::ACCOUNT:role/[PATH/]NAME`.
pub fn validate_role_arn(arn: &str) -> Result<(), String> {
    let bad = || {
        format!(
            "`{}` is not an IAM role ARN; give one like arn:aws:iam::123456789012:role/agent-runner",
            crate::text::escape_controls(arn)
        )
    };
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let [prefix, partition, service, region, account, resource] = parts.as_slice() else {
        return Err(bad());
    };
    let name = resource.strip_prefix("role/").ok_or_else(bad)?;
    let ok = *prefix == "arn"
        && ["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b"].contains(partition)
        && *service == "iam"
        && region.is_empty()
        && account.len() == 12
        && account.chars().all(|c| c.is_ascii_digit())
        && !name.is_empty()
        && !name.ends_with('/')
        && name.len() <= 512
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+=,.@_-/".contains(c));
    if ok { Ok(()) } else { Err(bad()) }
}

/// Checks an environment variable name: letters, digits and `_`, not starting with a digit.
pub fn validate_variable_name(name: &str) -> Result<(), String> {
    let valid = !name.is_empty()
        && !name.starts_with(|c: char| c.is_ascii_digit())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if valid {
        Ok(())
    } else {
        Err(format!(
            "`{}` is not an environment variable name (letters, digits and _, not starting with a digit)",
            crate::text::escape_controls(name)
        ))
    }
}

/// The variables the child gets, as (name, value), given the value of each variable in the wrapper's
/// own environment (`current`): the id variables set, the OpenTelemetry and baggage lists appended to.
pub fn child_variables(id: &Identity, current: impl Fn(&str) -> Option<String>) -> Vec<(String, String)> {
    let entries = [(ATTR_AGENT, id.agent.as_str()), (ATTR_RUN_ID, id.run_id.as_str())];
    vec![
        (id.run_id_variable.clone(), id.run_id.clone()),
        (id.agent_variable.clone(), id.agent.clone()),
        (COSTBRAKE_RUN_ID.to_string(), id.run_id.clone()),
        (
            OTEL_RESOURCE_ATTRIBUTES.to_string(),
            append_list(current(OTEL_RESOURCE_ATTRIBUTES).as_deref(), &entries),
        ),
        (
            BAGGAGE.to_string(),
            append_list(current(BAGGAGE).as_deref(), &entries),
        ),
    ]
}

/// `existing` (a comma-separated `key=value` list, as OTEL_RESOURCE_ATTRIBUTES and BAGGAGE are) with
/// `entries` appended, their values percent-encoded. An existing entry with one of the same keys (an
/// outer `costbrake run`) is dropped, so each key appears once and names this run; every other entry is
/// kept as it was, in its order.
pub fn append_list(existing: Option<&str>, entries: &[(&str, &str)]) -> String {
    let mut items: Vec<String> = existing
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .filter(|item| {
            let key = item.split(['=', ';']).next().unwrap_or_default().trim();
            !entries.iter().any(|(k, _)| *k == key)
        })
        .map(str::to_string)
        .collect();
    items.extend(entries.iter().map(|(k, v)| format!("{k}={}", percent_encode(v))));
    items.join(",")
}

/// Percent-encodes every byte that is not a W3C baggage value octet (and `%` itself), so that spaces,
/// commas and semicolons in a tag value survive the list syntax.
pub fn percent_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        let plain =
            matches!(byte, 0x21 | 0x23..=0x24 | 0x26..=0x2B | 0x2D..=0x3A | 0x3C..=0x5B | 0x5D..=0x7E);
        if plain {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The `RoleSessionName` of a run: `costbrake-` and the run id, with the characters STS does not allow
/// replaced by `-`, at most 64 characters.
pub fn session_name(run_id: &str) -> String {
    let name = format!("costbrake-{}", sts_safe(run_id));
    name.chars().take(64).collect()
}

/// The `SourceIdentity` of a run: the run id, with the characters STS does not allow replaced by `-`,
/// at most 64 characters. AWS keeps it through every role the session assumes after, and CloudTrail logs
/// it with every action.
pub fn source_identity(run_id: &str) -> String {
    let mut id: String = sts_safe(run_id).chars().take(64).collect();
    if id.len() < 2 {
        id = format!("run-{id}");
    }
    id
}

/// `[\w+=,.@-]`: what STS allows in session names and source identities.
fn sts_safe(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "_+=,.@-".contains(c) {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// How the child ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Ending {
    /// It exited by itself with this code.
    Exited,
    /// A signal ended it (forwarded from costbrake, or sent by someone else).
    Signaled,
    /// `--max-duration` ended it.
    TimedOut,
}

/// The exit code costbrake passes on: the child's own code, 128 + the signal that ended it, or
/// [`TIMED_OUT`] when `--max-duration` ended it.
pub fn exit_code(ending: Ending, code: Option<i32>, signal: Option<i32>) -> u8 {
    match (ending, code, signal) {
        (Ending::TimedOut, _, _) => TIMED_OUT,
        (_, Some(code), _) => u8::try_from(code.rem_euclid(256)).unwrap_or(1),
        (_, None, Some(signal)) => u8::try_from(128 + signal).unwrap_or(255),
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn identity() -> Identity {
        Identity {
            agent: "research agent".into(),
            run_id: "1b4e28ba-2fa1-41d2-883f-0016d3cca427".into(),
            agent_tag: "agent-name".into(),
            run_tag: "agent-run-id".into(),
            agent_variable: "AGENT_NAME".into(),
            run_id_variable: "AGENT_RUN_ID".into(),
        }
    }

    #[test]
    fn run_ids_are_uuid_v4_and_valid_tag_values() {
        let id = new_run_id();
        let parsed = uuid::Uuid::parse_str(&id).expect("a UUID");
        assert_eq!(parsed.get_version_num(), 4);
        assert!(validate_tag_value("--run-id", &id).is_ok());
        assert_ne!(id, new_run_id());
    }

    #[test]
    fn tag_values_follow_aws_rules() {
        assert!(validate_tag_value("--agent", "research-agent").is_ok());
        assert!(validate_tag_value("--agent", "team/research agent@v2").is_ok());
        assert!(validate_tag_value("--agent", "").is_err());
        assert!(validate_tag_value("--agent", " x").is_err());
        assert!(validate_tag_value("--agent", "a;b").is_err());
        assert!(validate_tag_value("--agent", "a\u{200b}").is_err());
        assert!(validate_tag_value("--run-id", &"x".repeat(257)).is_err());
        assert!(validate_tag_value("--run-id", &"x".repeat(256)).is_ok());
    }

    #[test]
    fn role_arns_parse_by_their_parts() {
        assert!(validate_role_arn("arn:aws:iam::123456789012:role/agent-runner").is_ok());
        assert!(validate_role_arn("arn:aws-cn:iam::123456789012:role/path/to/r").is_ok());
        for bad in [
            "agent-runner",
            "arn:aws:iam::12345:role/r",
            "arn:aws:iam:us-east-1:123456789012:role/r",
            "arn:aws:iam::123456789012:user/r",
            "arn:aws:sts::123456789012:assumed-role/r/s",
            "arn:aws:iam::123456789012:role/",
            "arn:aws:iam::123456789012:role/a b",
        ] {
            assert!(validate_role_arn(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_child_gets_the_ids_and_appended_lists() {
        let current = |name: &str| match name {
            OTEL_RESOURCE_ATTRIBUTES => Some("service.name=agent,deployment.environment=prod".to_string()),
            BAGGAGE => Some("tenant=acme, agent.run_id=outer".to_string()),
            _ => None,
        };
        let vars: std::collections::BTreeMap<String, String> =
            child_variables(&identity(), current).into_iter().collect();
        assert_eq!(vars["AGENT_RUN_ID"], "1b4e28ba-2fa1-41d2-883f-0016d3cca427");
        assert_eq!(vars["COSTBRAKE_RUN_ID"], vars["AGENT_RUN_ID"]);
        assert_eq!(vars["AGENT_NAME"], "research agent");
        assert_eq!(
            vars["OTEL_RESOURCE_ATTRIBUTES"],
            "service.name=agent,deployment.environment=prod,agent.name=research%20agent,\
             agent.run_id=1b4e28ba-2fa1-41d2-883f-0016d3cca427"
        );
        assert_eq!(
            vars["BAGGAGE"],
            "tenant=acme,agent.name=research%20agent,agent.run_id=1b4e28ba-2fa1-41d2-883f-0016d3cca427",
            "the outer run's id is replaced, the rest kept"
        );
        let fresh: std::collections::BTreeMap<String, String> =
            child_variables(&identity(), |_| None).into_iter().collect();
        assert!(
            fresh["BAGGAGE"].starts_with("agent.name="),
            "{}",
            fresh["BAGGAGE"]
        );
    }

    #[test]
    fn percent_encoding_keeps_list_syntax_intact() {
        assert_eq!(percent_encode("a b,c;d=e%"), "a%20b%2Cc%3Bd=e%25");
        assert_eq!(percent_encode("é"), "%C3%A9");
    }

    #[test]
    fn session_names_and_source_identities_fit_sts() {
        let id = "1b4e28ba-2fa1-41d2-883f-0016d3cca427";
        assert_eq!(session_name(id), format!("costbrake-{id}"));
        assert_eq!(source_identity(id), id);
        assert_eq!(session_name("team run/42"), "costbrake-team-run-42");
        assert_eq!(session_name(&"x".repeat(100)).len(), 64);
        assert_eq!(
            source_identity("aws:thing"),
            "aws-thing",
            "never the reserved aws: prefix"
        );
        assert_eq!(source_identity("a"), "run-a");
    }

    #[test]
    fn exit_codes_pass_through_signals_add_128_and_timeouts_are_124() {
        assert_eq!(exit_code(Ending::Exited, Some(0), None), 0);
        assert_eq!(exit_code(Ending::Exited, Some(3), None), 3);
        assert_eq!(exit_code(Ending::Signaled, None, Some(15)), 143);
        assert_eq!(exit_code(Ending::Signaled, None, Some(9)), 137);
        assert_eq!(exit_code(Ending::TimedOut, None, Some(15)), 124);
        assert_eq!(exit_code(Ending::TimedOut, Some(0), None), 124);
    }
}
