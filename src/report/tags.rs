//! Cost allocation tags: a tag key shows up in Cost Explorer only once it is activated in the payer
//! account, about 24 h after its first billed use, and not retroactively. `doctor` uses this module to
//! say whether each configured key is active and, with `--activate-tags`, to activate them.

use serde::Serialize;

use crate::aws::AwsContext;
use crate::aws::costexplorer::{self, TagActivation, TagKeyStatus, TagUpdateError};
use crate::config::Config;
use crate::error::{Error, Result};

/// The Cost Explorer section of `doctor`.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct TagSection {
    /// Each configured key (agent, run, required) and its status; empty when it could not be read.
    pub tags: Vec<TagKeyStatus>,
    /// Keys activated by `--activate-tags` in this run.
    pub activated: Vec<String>,
    /// Keys AWS refused to activate, with its reason.
    pub refused: Vec<TagUpdateError>,
    /// Why the statuses could not be read (permissions, a member account, an emulator).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Why activation failed as a whole.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub activation_error: Option<String>,
    /// `error`, short: its kind, the call and one short reason.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_cause: Option<crate::aws::Cause>,
    /// `activation_error`, short.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub activation_error_cause: Option<crate::aws::Cause>,
}

impl TagSection {
    /// Keys that are not active (inactive, or not seen in billing data yet).
    pub fn not_active(&self) -> impl Iterator<Item = &TagKeyStatus> {
        self.tags.iter().filter(|t| t.status != TagActivation::Active)
    }
}

/// The tag keys costbrake reports by: the agent and run keys, then the required ones.
pub fn configured_keys(config: &Config) -> Vec<String> {
    let mut keys = vec![config.tags.agent.clone(), config.tags.run.clone()];
    for key in &config.tags.required {
        if !keys.contains(key) {
            keys.push(key.clone());
        }
    }
    keys
}

fn one_line(err: &Error) -> String {
    match err {
        Error::Aws(aws) => match &aws.hint {
            Some(hint) => format!("{}; {hint}", aws.detail),
            None => aws.detail.clone(),
        },
        other => other.to_string(),
    }
}

/// Reads the status of every configured key and, when `activate`, activates those not active yet.
/// Failures are recorded in the section, never returned: doctor shows the whole picture.
pub async fn check(ctx: &AwsContext, config: &Config, activate: bool) -> TagSection {
    let keys = configured_keys(config);
    let mut section = TagSection {
        tags: vec![],
        activated: vec![],
        refused: vec![],
        error: None,
        activation_error: None,
        error_cause: None,
        activation_error_cause: None,
    };
    match costexplorer::tag_statuses(ctx, &keys).await {
        Ok(tags) => section.tags = tags,
        Err(err) => {
            let mut text = one_line(&err);
            // An answer without an error code from a custom endpoint: most likely an emulator that does
            // not implement the call (moto answers HTTP 500).
            if err.aws_code().is_none() && ctx.settings().endpoint_url.value.is_some() {
                text.push_str(
                    "; the endpoint in use may not implement ce:ListCostAllocationTags (moto does not)",
                );
            }
            section.error = Some(text);
            section.error_cause = Some(crate::aws::cause(&err));
        }
    }
    if !activate {
        return section;
    }
    // Unknown statuses (the list failed): try every key, AWS says which it refuses.
    let wanted: Vec<String> = if section.error.is_some() {
        keys
    } else {
        section.not_active().map(|t| t.key.clone()).collect()
    };
    if wanted.is_empty() {
        return section;
    }
    match activate_keys(ctx, &wanted).await {
        Ok(refused) => {
            for key in &wanted {
                if refused.iter().any(|r| r.key == *key) {
                    continue;
                }
                section.activated.push(key.clone());
                if let Some(tag) = section.tags.iter_mut().find(|t| t.key == *key) {
                    tag.status = TagActivation::Active;
                }
            }
            section.refused = refused;
        }
        Err(err) => {
            section.activation_error = Some(one_line(&err));
            section.activation_error_cause = Some(crate::aws::cause(&err));
        }
    }
    section
}

async fn activate_keys(ctx: &AwsContext, keys: &[String]) -> Result<Vec<TagUpdateError>> {
    costexplorer::activate_tags(ctx, keys).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn configured_keys_come_first_and_once() {
        let mut config = Config::default();
        config.tags.required = vec!["team".into(), "agent-name".into()];
        assert_eq!(configured_keys(&config), ["agent-name", "agent-run-id", "team"]);
    }
}
