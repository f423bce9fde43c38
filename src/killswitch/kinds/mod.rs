//! One file per killable kind, each owning its reads, its prior-state type, its kill and undo steps and
//! their unit tests, behind one [`Handler`] trait; [`handler`] is the one table that registers them.
//!
//! Adding a kind: a new file here implementing [`Handler`] (plus its `src/aws/` adapter), a variant in
//! [`Kind`], [`State`] and [`Action`], and its line in [`handler`]. The compiler points at each place:
//! every match over [`Kind`] is exhaustive.

pub mod account;
pub mod database;
pub mod execution;
pub mod function;
pub mod group;
pub mod instance;
pub mod job;
pub mod nodegroup;
pub mod notebook;
pub mod principal;
pub mod service;
pub mod task;

use std::collections::BTreeMap;

use futures::future::LocalBoxFuture;

use crate::aws::AwsContext;
use crate::error::Result;
use crate::inventory::Resource;

use super::apply::Run;
use super::read::{Part, ReadCx};
use super::{Action, Kind, Live, State, Step, Target};

/// The handler of `kind`: the registry.
pub fn handler(kind: Kind) -> &'static dyn Handler {
    match kind {
        Kind::Instance => &instance::Instances,
        Kind::Group => &group::Groups,
        Kind::Service => &service::Services,
        Kind::Task => &task::Tasks,
        Kind::Function => &function::Functions,
        Kind::Notebook => &notebook::Notebooks,
        Kind::Nodegroup => &nodegroup::Nodegroups,
        Kind::Database | Kind::DbCluster => &database::Databases,
        Kind::Execution => &execution::Executions,
        Kind::Job => &job::Jobs,
        Kind::Role | Kind::User => &principal::Principals,
        Kind::Account => &account::Accounts,
    }
}

/// Every handler once, in the order their reads are started (and their gaps reported).
pub fn handlers() -> Vec<&'static dyn Handler> {
    Kind::ALL
        .into_iter()
        .filter(|kind| handler(*kind).kinds().first() == Some(kind))
        .map(handler)
        .collect()
}

/// The plain target of an inventory resource.
pub fn target(kind: Kind, resource: &Resource) -> Target {
    Target {
        arn: resource.arn.clone(),
        kind,
        region: resource.region.clone(),
        id: resource.id.clone(),
        name: resource.name.clone(),
        cluster: None,
        group: None,
        state_machine: None,
    }
}

/// What tables and the inventory call a kind.
#[derive(Debug, Clone, Copy)]
pub struct Info {
    /// The inventory type (`ec2:instance`).
    pub type_name: &'static str,
    /// A short label for tables (`ec2 instance`).
    pub label: &'static str,
    /// Whether the inventory lists it (a sandbox account is named by the user instead).
    pub listed: bool,
}

/// When a kind is acted on, relative to the others. Undo runs the phases in reverse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Phase {
    /// Before everything else on a kill (Auto Scaling groups, or AWS replaces stopped instances).
    First,
    /// With the other independent kinds, concurrently (beside the First ones of the region).
    Together,
    /// After the First ones of their region on a kill, before them on an undo (EC2 instances, which
    /// their Auto Scaling groups would replace).
    AfterFirst,
    /// After everything else on a kill (the SCP, which may deny the calls before it).
    Last,
}

/// What an undo step left to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Undone {
    /// Restored; the markers are to be removed next.
    Unmark,
    /// Restored, and nothing carries markers.
    Done,
}

/// A killable kind.
pub trait Handler: Sync {
    /// The kinds this handler serves (roles and users share one).
    fn kinds(&self) -> &'static [Kind];

    /// How `kind` (one this handler serves) is named.
    fn info(&self, kind: Kind) -> Info;

    /// Parses this kind's compact prior state (the `costbrake:prior` tag's `key=value` fields).
    fn parse(&self, fields: &BTreeMap<&str, &str>) -> Option<State>;

    /// The kind whose reads this one's follow, getting their results (groups follow their instances).
    fn follows(&self) -> Option<Kind> {
        None
    }

    /// Inventory types this kind's read looks at besides its own: what keeps billing after a kill and is
    /// reported in [`Part::billing`], never acted on (SageMaker endpoints).
    fn billing_types(&self) -> &'static [&'static str] {
        &[]
    }

    /// The inventory type whose resources hold this kind's targets, for a kind whose targets are never
    /// inventory resources themselves and carry no tags (Step Functions executions, read from their
    /// state machines): the inventory lists that type instead of this kind's, the kind's read selects
    /// those resources by their tags and lists the targets in them, and its [`Handler::mark`] puts the
    /// markers where it can find them again (on the state machine, and in the stop's own cause).
    fn listed_from(&self) -> Option<&'static str> {
        None
    }

    /// Whether the Tagging API's tags may lag for this kind, so that undo and status take candidates on
    /// their selector tags and check the markers on the fresh tags the read returns.
    fn tags_lag(&self) -> bool {
        false
    }

    /// The target of an inventory resource of this kind.
    fn target(&self, kind: Kind, resource: &Resource) -> Target {
        target(kind, resource)
    }

    /// Reads the current state of this kind's candidates; `before` holds what the kind it follows read.
    fn read<'a>(&'a self, cx: &'a ReadCx<'a>, before: &'a [Live]) -> LocalBoxFuture<'a, Result<Part>>;

    /// What a kill does to a resource that is not blocked.
    fn kill_action(&self, live: &Live) -> Action;

    /// What an undo does to a marked resource that is not blocked; `None` when the recorded prior state
    /// does not fit this kind.
    fn undo_action(&self, current: &State, prior: &State) -> Option<Action>;

    fn phase(&self) -> Phase {
        Phase::Together
    }

    /// Whether undo can bring back what a kill of this kind changes; `false` for what is stopped for good
    /// (ECS tasks, workflow executions, customization jobs): plans show those apart, the confirmation
    /// counts them, and `--no-irreversible` leaves them alone.
    fn reversible(&self) -> bool {
        true
    }

    /// Whether kills and undos of this kind go a region at a time ([`Handler::apply_region`]) rather
    /// than resource by resource.
    fn batches(&self) -> bool {
        false
    }

    /// Kills or undoes `steps` of one region in batches; only called when [`Handler::batches`].
    fn apply_region<'a>(
        &'a self,
        run: &'a Run<'a>,
        region: &'a str,
        steps: &'a [&'a Step],
    ) -> LocalBoxFuture<'a, Vec<(String, Option<String>)>> {
        let _ = (run, region);
        let unsupported = steps
            .iter()
            .map(|s| {
                (
                    s.target.arn.clone(),
                    Some("internal: this kind is not batched".into()),
                )
            })
            .collect();
        Box::pin(async move { unsupported })
    }

    /// Sets the marker tags on a resource.
    fn mark<'a>(
        &'a self,
        ctx: &'a AwsContext,
        target: &'a Target,
        tags: &'a [(String, String)],
    ) -> LocalBoxFuture<'a, Result<()>>;

    /// Removes the marker tags from a resource.
    fn unmark<'a>(&'a self, ctx: &'a AwsContext, target: &'a Target) -> LocalBoxFuture<'a, Result<()>>;

    /// Executes a kill step (its markers are already set).
    fn kill<'a>(&'a self, run: &'a Run<'a>, step: &'a Step) -> LocalBoxFuture<'a, Result<()>>;

    /// Executes an undo step other than [`Action::ClearMarkers`].
    fn undo<'a>(&'a self, run: &'a Run<'a>, step: &'a Step) -> LocalBoxFuture<'a, Result<Undone>>;
}

/// A kind's prior-state type.
pub trait PriorState {
    /// The `costbrake:prior` tag value.
    fn compact(&self) -> String;
    /// A short description for people.
    fn describe(&self) -> String;
}

/// A kind's own actions.
pub trait KindAction: std::fmt::Debug {
    /// A terraform-style description given the current state; `None` when the state is of another kind.
    fn describe(&self, current: &State) -> Option<String>;
}

/// An action that is not this kind's, for the kill and undo functions of a handler.
pub(crate) fn foreign(action: &Action) -> crate::Error {
    crate::Error::usage(format!("internal: {action:?} is not an action of this kind"))
}

/// A live resource for unit tests.
#[cfg(test)]
pub(crate) fn test_live(kind: Kind, current: State, markers: Option<State>) -> Live {
    Live {
        target: Target {
            arn: format!("arn:test:{kind:?}"),
            kind,
            region: "us-east-1".into(),
            id: "x".into(),
            name: None,
            cluster: None,
            group: None,
            state_machine: None,
        },
        current,
        markers: markers.map(|prior| super::Markers {
            kill_id: "kill-20261123t031500z-abcdef".into(),
            prior,
            by: None,
        }),
        blocker: None,
        selected: true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_handler_is_listed_once() {
        // Roles and users share one handler, and so do RDS instances and clusters.
        assert_eq!(handlers().len(), Kind::ALL.len() - 2);
    }
}
