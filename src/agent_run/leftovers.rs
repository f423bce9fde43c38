//! What a run left behind: the resources tagged with its id that still exist once its command has
//! exited, from the inventory (the Tagging API and the direct listings, so a resource that lost its
//! other tags is still found). Terminated and deleted resources, which the Tagging API keeps showing for
//! a while, are not leftovers.

use serde::Serialize;

use crate::aws::AwsContext;
use crate::error::Result;
use crate::inventory::{self, Gap, Resource};
use crate::progress::Progress;

/// States of resources that are gone (or going) and cost nothing more.
const GONE: [&str; 6] = [
    "terminated",
    "shutting-down",
    "deleted",
    "deleting",
    "inactive",
    "draining",
];

/// The leftovers of one run.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Leftovers {
    pub schema: &'static str,
    pub run_id: String,
    pub run_tag: String,
    pub regions: Vec<String>,
    pub resources: Vec<Resource>,
    pub gaps: Vec<Gap>,
    pub requests: u32,
}

/// The schema name of [`Leftovers`].
pub const SCHEMA: &str = "costbrake.run-leftovers/v1";

/// Lists the resources tagged `run_tag=run_id` in `regions` that are not gone.
pub async fn find(
    ctx: &AwsContext,
    run_tag: &str,
    run_id: &str,
    regions: &[String],
    progress: &dyn Progress,
) -> Result<Leftovers> {
    let scope = inventory::Scope {
        regions: regions.to_vec(),
        tags: vec![(run_tag.to_string(), vec![run_id.to_string()])],
        ..Default::default()
    };
    let found = inventory::collect(ctx, &scope, progress).await?;
    // The inventory applies the scope's tag filter to every source.
    let resources = found
        .resources
        .into_iter()
        .filter(|r| !is_gone(r.state.as_deref()))
        .collect();
    Ok(Leftovers {
        schema: SCHEMA,
        run_id: run_id.to_string(),
        run_tag: run_tag.to_string(),
        regions: found.regions,
        resources,
        gaps: found.gaps,
        requests: found.requests,
    })
}

fn is_gone(state: Option<&str>) -> bool {
    state.is_some_and(|s| GONE.iter().any(|g| s.eq_ignore_ascii_case(g)))
}

#[cfg(test)]
mod tests {
    #[test]
    fn gone_states_are_not_leftovers() {
        assert!(super::is_gone(Some("terminated")));
        assert!(super::is_gone(Some("INACTIVE")));
        assert!(!super::is_gone(Some("running")));
        assert!(!super::is_gone(Some("stopped")));
        assert!(!super::is_gone(None));
    }
}
