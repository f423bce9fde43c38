//! `[[sandboxes]]` in costbrake.toml: the entries as written ([`RawSandbox`]) and their validation into
//! [`Entry`]s, each error naming the entry's line and key. Pure: `crate::config` reads the file.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::spec::{Spec, SpecInput, validate_account};

/// One `[[sandboxes]]` entry as written. Unknown keys are errors.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSandbox {
    name: String,
    /// A new account's email: `sandbox sync` creates it.
    email: Option<String>,
    /// An existing member account: `sandbox sync` adopts it.
    account_id: Option<String>,
    budget: toml::Value,
    period: Option<String>,
    ou: Option<String>,
    owner: Option<String>,
    #[serde(default)]
    notify: Vec<String>,
}

/// One sandbox as the file wants it: created from `email`, or adopted from `account_id`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Entry {
    pub spec: Spec,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
}

/// Validates the `[[sandboxes]]` entries; `Err((line, message))` names the entry and key.
pub fn entries_from_config(entries: Vec<(usize, RawSandbox)>) -> Result<Vec<Entry>, (usize, String)> {
    let mut out = Vec::new();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut accounts: BTreeMap<String, usize> = BTreeMap::new();
    for (i, (line, raw)) in entries.into_iter().enumerate() {
        let at = |m: String| (line, format!("sandboxes[{i}] (`{}`): {m}", raw.name));
        let budget = match &raw.budget {
            toml::Value::Integer(n) => n.to_string(),
            toml::Value::Float(f) => f.to_string(),
            toml::Value::String(s) => s.clone(),
            _ => return Err(at("`budget` must be a number of USD, e.g. budget = 500".into())),
        };
        let account_id = match (&raw.email, &raw.account_id) {
            (Some(_), Some(_)) => {
                return Err(at(
                    "give `email` (to create the account) or `account_id` (to adopt one), not both".into(),
                ));
            }
            (None, None) => {
                return Err(at(
                    "give `email = \"...\"` to create the sandbox's account, or `account_id = \"...\"` to adopt \
                     an existing one"
                        .into(),
                ));
            }
            (_, Some(id)) => Some(validate_account(id).map_err(|m| at(format!("account_id: {m}")))?),
            (Some(_), None) => None,
        };
        let spec = Spec::new(SpecInput {
            name: raw.name.clone(),
            email: raw.email.clone(),
            budget,
            period: raw.period.clone(),
            ou: raw.ou.clone(),
            owner: raw.owner.clone(),
            notify: raw.notify.clone(),
        })
        .map_err(|m| {
            at(m.replace("--email", "email")
                .replace("--budget", "budget")
                .replace("--ou", "ou")
                .replace("--owner", "owner"))
        })?;
        if let Some(first) = seen.insert(spec.name.clone(), line) {
            return Err(at(format!(
                "sandbox `{}` is also at line {first}; keep one entry per sandbox",
                spec.name
            )));
        }
        if let Some(id) = &account_id
            && let Some(first) = accounts.insert(id.clone(), line)
        {
            return Err(at(format!("account {id} is also the sandbox at line {first}")));
        }
        out.push(Entry { spec, account_id });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(toml_text: &str) -> Vec<(usize, RawSandbox)> {
        #[derive(Deserialize)]
        struct File {
            sandboxes: Vec<RawSandbox>,
        }
        let file: File = toml::from_str(toml_text).expect("TOML");
        file.sandboxes
            .into_iter()
            .enumerate()
            .map(|(i, r)| (i + 1, r))
            .collect()
    }

    #[test]
    fn entries_create_or_adopt_and_errors_name_the_key() {
        let entries = entries_from_config(raw(
            "[[sandboxes]]\nname = \"team-a\"\nemail = \"aws+a@example.com\"\nbudget = 500\n\n\
             [[sandboxes]]\nname = \"team-b\"\naccount_id = \"210987654321\"\nbudget = 49.5\nowner = \"b@example.com\"\n",
        ))
        .expect("valid");
        assert_eq!(entries[0].account_id, None);
        assert_eq!(entries[1].account_id.as_deref(), Some("210987654321"));
        assert_eq!(entries[1].spec.budget.to_string(), "49.5");

        let err = |text: &str| entries_from_config(raw(text)).expect_err("refused").1;
        assert!(err("[[sandboxes]]\nname = \"a\"\nbudget = 5\n").contains("give `email"));
        assert!(
            err("[[sandboxes]]\nname = \"a\"\nemail = \"aws@example.com\"\naccount_id = \"210987654321\"\nbudget = 5\n")
                .contains("not both")
        );
        assert!(
            err("[[sandboxes]]\nname = \"a\"\nemail = \"x\"\nbudget = 5\n")
                .starts_with("sandboxes[0] (`a`): email:")
        );
        assert!(
            err("[[sandboxes]]\nname = \"a\"\nemail = \"aws@example.com\"\nbudget = 0\n")
                .contains("budget: limit `0`")
        );
        assert!(
            err("[[sandboxes]]\nname = \"a\"\nemail = \"aws@example.com\"\nbudget = 5\n[[sandboxes]]\nname = \"a\"\nemail = \"aws2@example.com\"\nbudget = 5\n")
                .contains("keep one entry per sandbox")
        );
    }
}
