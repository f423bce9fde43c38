//! `[[budgets]]` in costbrake.toml: the entries as written ([`RawBudget`]) and their validation into
//! [`Spec`]s, each error naming the entry's line and key.
//!
//! Pure like `spec.rs`: no IO, nothing from `crate::aws`. `crate::config` reads the file and hands the
//! entries here.

use std::collections::BTreeMap;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::Deserialize;

use super::spec::{Approval, DenyIam, Spec, SpecInput, Spelling};

const DOCS: &str = "docs/budgets.md";

/// One `[[budgets]]` entry as written. Unknown keys are errors.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBudget {
    agent: String,
    limit: toml::Value,
    period: Option<String>,
    #[serde(default)]
    notify: Vec<String>,
    thresholds: Option<Vec<toml::Value>>,
    #[serde(default)]
    forecast: bool,
    action: Option<RawAction>,
}

/// `[budgets.action]`: the budget action, as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAction {
    #[serde(rename = "type")]
    kind: String,
    roles: Vec<String>,
    execution_role: String,
    approval: Option<String>,
}

fn action_from_config(raw: &RawAction) -> std::result::Result<DenyIam, String> {
    if raw.kind != "deny-iam" {
        return Err(format!(
            "action.type `{}` is not supported; the only action is `deny-iam`",
            raw.kind
        ));
    }
    let approval = match raw.approval.as_deref().map(str::trim) {
        None | Some("manual") => Approval::Manual,
        Some("automatic") => Approval::Automatic,
        Some(other) => {
            return Err(format!(
                "action.approval `{other}` is not an approval model; use manual or automatic"
            ));
        }
    };
    DenyIam::new(raw.roles.clone(), &raw.execution_role, approval, &CONFIG)
        .map_err(|m| format!("action: {m}"))
}

/// How a `[[budgets]]` entry spells its inputs, for the errors.
pub(super) const CONFIG: Spelling = Spelling {
    thresholds: "thresholds = [50, 80, 100]",
    notify: "notify = [\"email:ADDRESS\"] (or \"sns:TOPIC_ARN\")",
    role: "roles = [\"ROLE_NAME\"] in [budgets.action]",
    execution_role: "execution_role = \"arn:aws:iam::ACCOUNT_ID:role/NAME\" in [budgets.action]",
};

/// Validates the `[[budgets]]` entries; `Err((line, message))` names the entry and key.
pub fn specs_from_config(
    entries: Vec<(usize, RawBudget)>,
) -> std::result::Result<Vec<Spec>, (usize, String)> {
    let mut specs: Vec<Spec> = Vec::new();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for (i, (line, raw)) in entries.into_iter().enumerate() {
        let at = |m: String| (line, format!("budgets[{i}] (agent `{}`): {m}", raw.agent));
        let number = |v: &toml::Value| match v {
            toml::Value::Integer(n) => Some(n.to_string()),
            toml::Value::Float(f) => Some(f.to_string()),
            toml::Value::String(s) => Some(s.clone()),
            _ => None,
        };
        let limit =
            number(&raw.limit).ok_or_else(|| at("`limit` must be a number, e.g. limit = 500".into()))?;
        let thresholds = match &raw.thresholds {
            Some(list) => Some(
                list.iter()
                    .map(|v| {
                        number(v).ok_or_else(|| at("`thresholds` must be numbers, e.g. [50, 80, 100]".into()))
                    })
                    .collect::<std::result::Result<Vec<_>, _>>()?,
            ),
            None => None,
        };
        let action = raw
            .action
            .as_ref()
            .map(action_from_config)
            .transpose()
            .map_err(at)?;
        let spec = Spec::new(SpecInput {
            agent: raw.agent.clone(),
            limit,
            period: raw.period.clone(),
            notify: raw.notify.clone(),
            thresholds,
            forecast: raw.forecast,
            action,
            spelling: CONFIG,
        })
        .map_err(at)?;
        if let Some(first) = seen.insert(spec.agent.clone(), line) {
            return Err(at(format!(
                "agent `{}` already has a budget at line {first}; keep one entry per agent",
                spec.agent
            )));
        }
        specs.push(spec);
    }
    Ok(specs)
}

/// A TOML number that reads back as exactly `d`: an integer, else a float whose shortest form is `d`,
/// else a string (which `limit` and `thresholds` also accept).
fn number(d: Decimal) -> toml_edit::Value {
    let d = d.normalize();
    if d.scale() == 0
        && let Ok(i) = i64::try_from(d)
    {
        return i.into();
    }
    match d.to_string().parse::<f64>() {
        Ok(f) if Decimal::from_str(&f.to_string()).ok() == Some(d) => f.into(),
        _ => d.to_string().into(),
    }
}

/// A spec as the `[[budgets]]` table that [`specs_from_config`] reads back into the same spec: the keys in
/// the order the docs show them, `period` always written, `thresholds` and `forecast` only with `notify`.
/// The budget action, if any, is left out (`budget import` imports none).
pub fn entry_table(spec: &Spec) -> toml_edit::Table {
    let mut t = toml_edit::Table::new();
    t.insert("agent", toml_edit::value(spec.agent.as_str()));
    t.insert("limit", toml_edit::Item::Value(number(spec.limit)));
    t.insert("period", toml_edit::value(spec.period.name()));
    if !spec.notify.is_empty() {
        let notify: toml_edit::Array = spec.notify.iter().map(super::import::target_text).collect();
        t.insert("notify", toml_edit::value(notify));
        let thresholds: toml_edit::Array = spec.thresholds.iter().map(|d| number(*d)).collect();
        t.insert("thresholds", toml_edit::value(thresholds));
        if spec.forecast {
            t.insert("forecast", toml_edit::value(true));
        }
    }
    t
}

/// Where budgets are documented, for error messages.
pub fn docs() -> &'static str {
    DOCS
}

#[cfg(test)]
mod tests {
    use rust_decimal::Decimal;

    use super::*;

    #[test]
    fn config_entries_are_validated_with_their_line() {
        let raw = |agent: &str, limit: toml::Value| RawBudget {
            agent: agent.into(),
            limit,
            period: None,
            notify: vec![],
            thresholds: None,
            forecast: false,
            action: None,
        };
        let specs = specs_from_config(vec![
            (3, raw("a", toml::Value::Integer(5))),
            (7, raw("b", toml::Value::Float(2.5))),
        ])
        .expect("valid");
        assert_eq!(specs[1].limit, Decimal::new(25, 1));
        let (line, msg) = specs_from_config(vec![(9, raw("a", toml::Value::Integer(-1)))]).unwrap_err();
        assert_eq!(line, 9);
        assert!(
            msg.contains("budgets[0]") && msg.contains("greater than zero"),
            "{msg}"
        );
        let (line, msg) = specs_from_config(vec![
            (2, raw("a", toml::Value::Integer(1))),
            (5, raw("a", toml::Value::Integer(2))),
        ])
        .unwrap_err();
        assert_eq!(line, 5);
        assert!(msg.contains("line 2"), "{msg}");
    }

    /// An entry's errors show the fix as costbrake.toml spells it, never as a command-line flag.
    #[test]
    fn config_errors_name_the_keys_not_the_flags() {
        let entry = |f: fn(&mut RawBudget)| {
            let mut raw = RawBudget {
                agent: "a".into(),
                limit: toml::Value::Integer(5),
                period: None,
                notify: vec![],
                thresholds: None,
                forecast: false,
                action: None,
            };
            f(&mut raw);
            specs_from_config(vec![(1, raw)]).unwrap_err().1
        };
        let cases = [
            (
                entry(|r| r.thresholds = Some(vec![])),
                "thresholds = [50, 80, 100]",
            ),
            (
                entry(|r| r.thresholds = Some(vec![toml::Value::Integer(0)])),
                "thresholds = [50, 80, 100]",
            ),
            (entry(|r| r.forecast = true), "notify = [\"email:ADDRESS\"]"),
            (
                entry(|r| {
                    r.notify = vec!["email:a@example.com".into()];
                    r.action = Some(RawAction {
                        kind: "deny-iam".into(),
                        roles: vec![],
                        execution_role: "arn:aws:iam::123456789012:role/x".into(),
                        approval: None,
                    });
                }),
                "roles = [\"ROLE_NAME\"] in [budgets.action]",
            ),
            (
                entry(|r| {
                    r.notify = vec!["email:a@example.com".into()];
                    r.action = Some(RawAction {
                        kind: "deny-iam".into(),
                        roles: vec!["agent".into()],
                        execution_role: "not-an-arn".into(),
                        approval: None,
                    });
                }),
                "execution_role = \"arn:aws:iam::ACCOUNT_ID:role/NAME\" in [budgets.action]",
            ),
        ];
        for (msg, fix) in cases {
            assert!(msg.contains(fix) && !msg.contains("--"), "{msg}");
        }
    }
}
