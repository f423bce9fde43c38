//! `sandbox sync`: the organization made to match `[[sandboxes]]` of costbrake.toml. The plan is
//! `create`/`adopt` run read-only for every entry; applying runs them for real, going on past an entry
//! that fails. Sandboxes that are not in the file are listed, never closed: closing an account is a
//! decision for `sandbox close`.

use serde::Serialize;

use super::config::Entry;
use super::{Adopt, Create, Outcome, SCHEMA_SYNC, adopt, create, list};
use crate::aws::AwsContext;
use crate::error::Result;
use crate::progress::Progress;

/// One entry's plan (or what applying it did).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Item {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
    /// Why it cannot be planned or applied (a refusal, an AWS failure).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl Item {
    /// Whether the entry differs from the organization (or cannot be brought in line).
    pub fn differs(&self) -> bool {
        self.error.is_some()
            || self
                .outcome
                .as_ref()
                .is_some_and(|o| o.changed() || o.error.is_some())
    }

    pub fn failed(&self) -> bool {
        self.error.is_some() || self.outcome.as_ref().is_some_and(|o| o.error.is_some())
    }
}

/// A sandbox of the organization that the file does not name.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Orphan {
    pub name: String,
    pub account_id: String,
    pub state: &'static str,
}

/// The plan of `sandbox sync`, or its result once applied.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct SyncPlan {
    pub schema: &'static str,
    pub management_account: String,
    pub applied: bool,
    pub sandboxes: Vec<Item>,
    /// Kept: sync never closes an account.
    pub orphans: Vec<Orphan>,
}

impl SyncPlan {
    pub fn differs(&self) -> usize {
        self.sandboxes.iter().filter(|i| i.differs()).count()
    }

    pub fn failed(&self) -> usize {
        self.sandboxes.iter().filter(|i| i.failed()).count()
    }
}

/// Plans (`apply` false: nothing is sent but reads) or applies the file's sandboxes.
pub async fn sync(
    ctx: &AwsContext,
    entries: &[Entry],
    apply: bool,
    progress: &dyn Progress,
) -> Result<SyncPlan> {
    let listed = list(ctx).await?;
    let mut items = Vec::new();
    for entry in entries {
        let result = match &entry.account_id {
            Some(id) => {
                adopt(
                    ctx,
                    &Adopt {
                        spec: entry.spec.clone(),
                        account_id: id.clone(),
                        named: true,
                        dry: !apply,
                    },
                )
                .await
            }
            None => {
                create(
                    ctx,
                    &Create {
                        spec: entry.spec.clone(),
                        timeout: std::time::Duration::from_secs(900),
                        poll: std::time::Duration::from_secs(5),
                        dry: !apply,
                    },
                    progress,
                )
                .await
            }
        };
        items.push(match result {
            Ok(outcome) => Item {
                name: entry.spec.name.clone(),
                outcome: Some(outcome),
                error: None,
            },
            Err(err) => Item {
                name: entry.spec.name.clone(),
                outcome: None,
                error: Some(err.to_string()),
            },
        });
    }
    let orphans = listed
        .sandboxes
        .iter()
        .filter(|s| !entries.iter().any(|e| e.spec.name == s.name))
        .map(|s| Orphan {
            name: s.name.clone(),
            account_id: s.account_id.clone(),
            state: s.state,
        })
        .collect();
    Ok(SyncPlan {
        schema: SCHEMA_SYNC,
        management_account: listed.management_account,
        applied: apply,
        sandboxes: items,
        orphans,
    })
}
