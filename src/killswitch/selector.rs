//! Which resources a kill acts on: tag pairs that must all match. A selector is never empty and never
//! matches by wildcard; how each pair was given (for messages) is the caller's business, passed in as
//! each [`Term`]'s label.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::error::{Error, Result};

/// Which resources a kill acts on: every tag pair must match (AND).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Selector {
    pub tags: Vec<(String, String)>,
    /// What a user must type to confirm (the first term's value: the agent name, run id or tag value).
    #[serde(skip)]
    pub confirm: String,
    /// Every resource of this (sandbox) account, whatever its tags: only `sandbox freeze
    /// --stop-running` makes such a selector, where the account boundary is the selection.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
}

/// One `key = value` condition, with how the person gave it.
#[derive(Debug, Clone, Copy)]
pub struct Term<'a> {
    /// How messages name this condition (`--agent`, `--tag`).
    pub label: &'a str,
    pub key: &'a str,
    pub value: &'a str,
    /// Whether the person chose the key too (a free `KEY=VALUE` pair), so it is validated and shown.
    pub key_given: bool,
}

impl Selector {
    /// Builds a selector from its terms. Refuses empty values, wildcards, costbrake's own marker keys, one
    /// key with two values, and no terms at all.
    pub fn new(terms: &[Term<'_>]) -> Result<Selector> {
        let mut pairs: Vec<(String, String)> = Vec::new();
        for term in terms {
            let label = if term.key_given {
                crate::config::validate_tag_key(term.key)
                    .map_err(|e| Error::usage(format!("{}: {e}", term.label)))?;
                format!("{} {}=", term.label, term.key)
            } else {
                term.label.to_string()
            };
            check_value(&label, term.value)?;
            crate::text::check_tag_text(label.trim_end_matches('='), term.value).map_err(Error::usage)?;
            if term.key_given && term.key.starts_with("costbrake:") {
                return Err(Error::usage(format!(
                    "{} cannot select on costbrake's own markers (costbrake:*); use `kill undo --kill-id ID`",
                    term.label
                )));
            }
            pairs.push((term.key.to_string(), term.value.to_string()));
        }
        let Some(confirm) = terms.first().map(|t| t.value.to_string()) else {
            return Err(Error::usage(
                "a selector needs at least one tag pair: an empty one would match everything",
            ));
        };
        pairs.sort();
        pairs.dedup();
        let mut keys: Vec<&str> = pairs.iter().map(|(k, _)| k.as_str()).collect();
        keys.dedup();
        if keys.len() != pairs.len() {
            return Err(Error::usage(
                "the selector gives one tag key two values, which nothing can match; give each key once",
            ));
        }
        Ok(Selector {
            tags: pairs,
            confirm,
            account: None,
        })
    }

    /// Every resource of sandbox account `account`: for `sandbox freeze --stop-running`, run with that
    /// account's own credentials. The match-all refusal does not apply: the account is the selection.
    pub fn whole_account(account: &str) -> Selector {
        Selector {
            tags: Vec::new(),
            confirm: account.to_string(),
            account: Some(account.to_string()),
        }
    }

    pub fn matches(&self, tags: &BTreeMap<String, String>) -> bool {
        self.tags.iter().all(|(k, v)| tags.get(k) == Some(v))
    }

    /// `agent-name=research-agent,agent-run-id=r1`.
    pub fn describe(&self) -> String {
        if let Some(account) = &self.account {
            return format!("every resource of sandbox account {account}");
        }
        self.tags
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(",")
    }
}

fn check_value(label: &str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        return Err(Error::usage(format!(
            "{label} needs a non-empty value: an empty one would select every untagged resource"
        )));
    }
    if value.contains(['*', '?']) {
        return Err(Error::usage(format!(
            "{label}{value}: wildcards are not supported by the kill-switch; give the exact tag value"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term<'a>(label: &'a str, key: &'a str, value: &'a str) -> Term<'a> {
        Term {
            label,
            key,
            value,
            key_given: label == "--tag",
        }
    }

    #[test]
    fn selectors_refuse_empty_and_match_all() {
        assert!(Selector::new(&[]).is_err());
        assert!(Selector::new(&[term("--agent", "agent-name", "")]).is_err());
        assert!(Selector::new(&[term("--agent", "agent-name", "  ")]).is_err());
        assert!(Selector::new(&[term("--agent", "agent-name", "*")]).is_err());
        assert!(Selector::new(&[term("--tag", "team", "res*")]).is_err());
        assert!(Selector::new(&[term("--tag", "costbrake:killed", "x")]).is_err());
        assert!(Selector::new(&[term("--tag", "a", "1"), term("--tag", "a", "2")]).is_err());
        let s = Selector::new(&[
            term("--agent", "agent-name", "bot"),
            term("--run", "agent-run-id", "r1"),
        ])
        .unwrap();
        assert_eq!(s.confirm, "bot");
        assert_eq!(s.describe(), "agent-name=bot,agent-run-id=r1");
        let tags: BTreeMap<String, String> = [("agent-name", "bot"), ("agent-run-id", "r1")]
            .map(|(k, v)| (k.into(), v.into()))
            .into();
        assert!(s.matches(&tags));
        let other: BTreeMap<String, String> = [("agent-name".to_string(), "bot".to_string())].into();
        assert!(!s.matches(&other));
    }

    #[test]
    fn messages_name_the_term_as_the_caller_labelled_it() {
        let err = Selector::new(&[term("--tag", "team", "")]).unwrap_err();
        assert!(
            err.to_string().starts_with("--tag team= needs a non-empty value"),
            "{err}"
        );
        let err = Selector::new(&[term("--run", "agent-run-id", "r*")]).unwrap_err();
        assert!(err.to_string().starts_with("--runr*: wildcards"), "{err}");
    }
}
