//! The kill-switch: stop everything one agent (or run, or tag selection) is spending on, record the prior
//! state first, and undo exactly.
//!
//! - [`selector`]: which resources (tag pairs, never empty or match-all).
//! - [`read`] reads the selected resources and their current state: the inventory, then each kind's own
//!   fresh reads.
//! - [`plan`] is pure: it turns that state into a [`Plan`], the same one a dry run prints and an apply
//!   executes.
//! - [`apply`] executes a plan: for each resource it writes the journal, then the `costbrake:*` marker tags,
//!   then acts. Record first, act second, so a crash half-way leaves everything undoable.
//! - [`status`]: what is killed right now. [`journal`]: the local record under the user data dir.
//! - [`kinds`]: one file per killable kind (its reads, prior state, kill and undo steps), registered in
//!   [`kinds::handler`]. This file holds the types they share.
//!
//! It never deletes a resource and never touches one the selector did not match (the one exception: the
//! Auto Scaling group of a selected instance has its processes suspended, or AWS would replace the
//! stopped instance). It does not render, prompt or know the command line.

pub mod apply;
pub mod fanout;
pub mod journal;
pub mod kinds;
pub mod plan;
pub mod read;
pub mod selector;
pub mod status;

use serde::Serialize;
use sha2::Digest as _;

use crate::error::{Error, Result};

pub use kinds::service::Scaling;
pub use plan::{PLAN_SCHEMA, Plan, plan, plan_hash, plan_kill, plan_undo};
pub use selector::{Selector, Term};

pub use status::{KillInForce, STATUS_SCHEMA, Status, status};

/// The tag holding the kill id on every resource a kill changed.
pub const MARK_KILL: &str = "costbrake:killed";
/// The tag holding the compact prior state ([`State::compact`]).
pub const MARK_PRIOR: &str = "costbrake:prior";
/// The tag holding who killed it (the caller ARN).
pub const MARK_BY: &str = "costbrake:killed-by";
/// Every marker key, for removal.
pub const MARKERS: [&str; 3] = [MARK_KILL, MARK_PRIOR, MARK_BY];
/// The deny-all policy document: the inline policy on IAM principals and the SCP on a sandbox account.
/// (An SCP's explicit deny wins over the `FullAWSAccess` that stays attached.)
pub const DENY_ALL: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"CostbrakeKill","Effect":"Deny","Action":"*","Resource":"*"}]}"#;

/// The resource types the kill-switch acts on. Each has its handler in [`kinds`]; the declaration order is
/// the order plans list them in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Group,
    Instance,
    Service,
    Task,
    Function,
    Notebook,
    Nodegroup,
    Database,
    DbCluster,
    Execution,
    Job,
    Role,
    User,
    Account,
}

impl Kind {
    /// Every kind, in the order the inventory is asked for them.
    pub const ALL: [Kind; 14] = [
        Kind::Instance,
        Kind::Group,
        Kind::Service,
        Kind::Task,
        Kind::Function,
        Kind::Notebook,
        Kind::Nodegroup,
        Kind::Database,
        Kind::DbCluster,
        Kind::Execution,
        Kind::Job,
        Kind::Role,
        Kind::User,
        Kind::Account,
    ];

    /// From an inventory type (`ec2:instance`).
    pub fn from_type(resource_type: &str) -> Option<Kind> {
        Kind::ALL
            .into_iter()
            .find(|k| k.listed() && k.type_name() == resource_type)
    }

    /// The inventory type (`ec2:instance`).
    pub fn type_name(self) -> &'static str {
        kinds::handler(self).info(self).type_name
    }

    /// A short label for tables read at 3 a.m.
    pub fn label(self) -> &'static str {
        kinds::handler(self).info(self).label
    }

    /// Whether the inventory lists resources of this kind (a sandbox account is named, not listed).
    pub fn listed(self) -> bool {
        kinds::handler(self).info(self).listed
    }

    /// The inventory types listed for a kill that `filter` (`service` or `service:type` entries, as
    /// `--types` takes them) names; every one when `filter` is empty.
    pub fn types_matching(filter: &[String]) -> Vec<String> {
        let filter = crate::inventory::TypeFilter::from_valid(filter.to_vec());
        Kind::types().into_iter().filter(|t| filter.matches(t)).collect()
    }

    /// The inventory types listed for a kill.
    pub fn types() -> Vec<String> {
        Kind::ALL
            .into_iter()
            .filter(|k| k.listed())
            .map(|k| k.type_name().to_string())
            .collect()
    }
}

/// Something an agent spends on that a kill cannot stop (a SageMaker endpoint, an EKS cluster's control
/// plane, Bedrock provisioned throughput): reported with the plan, so on-call knows what keeps billing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Billing {
    pub arn: String,
    pub region: String,
    /// What it is, as tables call it (`sagemaker endpoint`).
    pub what: String,
    /// What keeps billing and how it could be stopped (`2 x ml.g5.xlarge; delete the endpoint to stop it`).
    pub detail: String,
}

/// A resource the kill-switch can act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Target {
    pub arn: String,
    pub kind: Kind,
    pub region: String,
    /// The id the service's API takes (instance id, group name, function name, notebook instance name,
    /// node group name, DB instance or cluster identifier, role name, account id).
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// For ECS services and EKS node groups, the cluster; for an RDS DB instance, the DB cluster it is a
    /// member of.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cluster: Option<String>,
    /// For instances, the Auto Scaling group they belong to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// For Step Functions executions, their state machine's ARN (which carries their markers).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state_machine: Option<String>,
}

/// The costbrake markers found on a resource: it was killed before.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Markers {
    pub kill_id: String,
    pub prior: State,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
}

/// A resource as read now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Live {
    pub target: Target,
    pub current: State,
    pub markers: Option<Markers>,
    /// Why it cannot be acted on (an instance-store root device, an unreadable marker).
    pub blocker: Option<String>,
    /// Whether the selector matched it (false for an Auto Scaling group pulled in by its instances).
    pub selected: bool,
}

/// What one resource looks like, for the parts a kill changes: each kind's own prior-state type. The
/// compact form ([`State::compact`]) is the `costbrake:prior` tag value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum State {
    Instance(kinds::instance::Prior),
    Group(kinds::group::Prior),
    Service(kinds::service::Prior),
    /// Boxed: a task records how to start it again, far more than the other kinds.
    Task(Box<kinds::task::Prior>),
    Function(kinds::function::Prior),
    Notebook(kinds::notebook::Prior),
    Nodegroup(kinds::nodegroup::Prior),
    /// RDS DB instances and clusters.
    Database(kinds::database::Prior),
    Execution(kinds::execution::Prior),
    Job(kinds::job::Prior),
    Principal(kinds::principal::Prior),
    Account(kinds::account::Prior),
}

impl State {
    fn prior(&self) -> &dyn kinds::PriorState {
        match self {
            State::Instance(p) => p,
            State::Group(p) => p,
            State::Service(p) => p,
            State::Task(p) => p.as_ref(),
            State::Function(p) => p,
            State::Notebook(p) => p,
            State::Nodegroup(p) => p,
            State::Database(p) => p,
            State::Execution(p) => p,
            State::Job(p) => p,
            State::Principal(p) => p,
            State::Account(p) => p,
        }
    }

    /// The `costbrake:prior` tag value: space-separated `key=value` pairs, lists joined with `+`, only in
    /// the characters every tagging service accepts (letters, digits, spaces and `_ . : / = + - @`).
    pub fn compact(&self) -> String {
        self.prior().compact()
    }

    /// Parses a `costbrake:prior` tag value for a resource of `kind`; garbage is rejected, not guessed.
    pub fn parse(kind: Kind, value: &str) -> Option<State> {
        let fields: std::collections::BTreeMap<&str, &str> = value
            .split(' ')
            .filter(|f| !f.is_empty())
            .filter_map(|f| f.split_once('='))
            .collect();
        kinds::handler(kind).parse(&fields)
    }

    /// A short human description (`running`, `desired 3 (min 1, max 5)`, `reserved none`).
    pub fn describe(&self) -> String {
        self.prior().describe()
    }
}

/// What a step does: a kind's own action, or one of the actions every kind shares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Instance(kinds::instance::Action),
    Group(kinds::group::Action),
    Service(kinds::service::Action),
    Task(kinds::task::Action),
    Function(kinds::function::Action),
    Notebook(kinds::notebook::Action),
    Nodegroup(kinds::nodegroup::Action),
    Database(kinds::database::Action),
    Execution(kinds::execution::Action),
    Job(kinds::job::Action),
    Principal(kinds::principal::Action),
    Account(kinds::account::Action),
    /// Nothing to change, only the markers to remove (undo of a resource the kill recorded but never
    /// changed, e.g. after a crash between the two).
    ClearMarkers,
    /// Left as it is.
    Keep {
        reason: String,
    },
    /// Undo of a resource a kill stopped for good (an ECS task, a workflow execution): nothing to
    /// restore, and the reason says what would bring it back.
    NotRestorable {
        reason: String,
    },
    /// Cannot be acted on.
    Blocked {
        reason: String,
    },
}

/// The JSON form of the actions every kind shares (`{"action": "keep", "reason": ...}`).
#[derive(Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(tag = "action", rename_all = "kebab-case")]
#[cfg_attr(test, schemars(rename = "SharedAction"))]
enum Shared<'a> {
    ClearMarkers,
    Keep { reason: &'a str },
    NotRestorable { reason: &'a str },
    Blocked { reason: &'a str },
}

/// An action is serialised as its kind's action, or as one of the shared ones.
#[cfg(test)]
impl schemars::JsonSchema for Action {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Action".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let any_of = vec![
            generator.subschema_for::<kinds::instance::Action>(),
            generator.subschema_for::<kinds::group::Action>(),
            generator.subschema_for::<kinds::service::Action>(),
            generator.subschema_for::<kinds::task::Action>(),
            generator.subschema_for::<kinds::function::Action>(),
            generator.subschema_for::<kinds::notebook::Action>(),
            generator.subschema_for::<kinds::nodegroup::Action>(),
            generator.subschema_for::<kinds::database::Action>(),
            generator.subschema_for::<kinds::execution::Action>(),
            generator.subschema_for::<kinds::job::Action>(),
            generator.subschema_for::<kinds::principal::Action>(),
            generator.subschema_for::<kinds::account::Action>(),
            generator.subschema_for::<Shared<'static>>(),
        ];
        schemars::json_schema!({ "anyOf": any_of })
    }
}

impl Serialize for Action {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self {
            Action::Instance(a) => a.serialize(s),
            Action::Group(a) => a.serialize(s),
            Action::Service(a) => a.serialize(s),
            Action::Task(a) => a.serialize(s),
            Action::Function(a) => a.serialize(s),
            Action::Notebook(a) => a.serialize(s),
            Action::Nodegroup(a) => a.serialize(s),
            Action::Database(a) => a.serialize(s),
            Action::Execution(a) => a.serialize(s),
            Action::Job(a) => a.serialize(s),
            Action::Principal(a) => a.serialize(s),
            Action::Account(a) => a.serialize(s),
            Action::ClearMarkers => Shared::ClearMarkers.serialize(s),
            Action::Keep { reason } => Shared::Keep { reason }.serialize(s),
            Action::NotRestorable { reason } => Shared::NotRestorable { reason }.serialize(s),
            Action::Blocked { reason } => Shared::Blocked { reason }.serialize(s),
        }
    }
}

impl Action {
    /// Whether the step changes AWS.
    pub fn changes(&self) -> bool {
        !matches!(
            self,
            Action::Keep { .. } | Action::Blocked { .. } | Action::NotRestorable { .. }
        )
    }

    /// Left as it is, for `reason`.
    pub fn keep(reason: impl Into<String>) -> Action {
        Action::Keep {
            reason: reason.into(),
        }
    }

    /// Cannot be acted on, for `reason`.
    pub fn blocked(reason: impl Into<String>) -> Action {
        Action::Blocked {
            reason: reason.into(),
        }
    }

    /// A terraform-style description given the current state.
    pub fn describe(&self, current: &State) -> String {
        let own: &dyn kinds::KindAction = match self {
            Action::Instance(a) => a,
            Action::Group(a) => a,
            Action::Service(a) => a,
            Action::Task(a) => a,
            Action::Function(a) => a,
            Action::Notebook(a) => a,
            Action::Nodegroup(a) => a,
            Action::Database(a) => a,
            Action::Execution(a) => a,
            Action::Job(a) => a,
            Action::Principal(a) => a,
            Action::Account(a) => a,
            Action::ClearMarkers => return "nothing changed by the kill; remove markers".into(),
            Action::Keep { reason } => return format!("leave: {reason}"),
            Action::NotRestorable { reason } => return format!("not restorable: {reason}"),
            Action::Blocked { reason } => return format!("cannot act: {reason}"),
        };
        own.describe(current)
            .unwrap_or_else(|| format!("{self:?} on {}", current.describe()))
    }
}

/// One resource in a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Step {
    /// The account the resource is in, in a plan over several accounts (`--accounts`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    #[serde(flatten)]
    pub target: Target,
    pub current: State,
    /// The state recorded (kill) or restored (undo).
    pub prior: State,
    /// The kill that already holds this resource, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub killed_by: Option<String>,
    /// A kill step that cannot be undone (the resource is stopped for good).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub irreversible: bool,
    #[serde(flatten)]
    pub action: Action,
    /// [`Action::describe`], for people.
    pub change: String,
}

/// Kill or undo.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    Kill,
    Undo,
}

/// What a kill, undo or status covers.
#[derive(Debug, Clone)]
pub struct Options {
    pub mode: Mode,
    pub selector: Option<Selector>,
    pub kill_id: Option<String>,
    /// Resolved regions.
    pub regions: Vec<String>,
    pub sandbox_account: Option<String>,
    /// Larger plans are refused.
    pub max_resources: usize,
    /// How the refusals name what the caller can change.
    pub refusals: Refusals,
    /// Act on global resources (IAM principals, a sandbox account) even when every regional listing
    /// failed.
    pub allow_partial: bool,
    /// Leave alone what a kill could not undo (ECS tasks, workflow executions, customization jobs).
    pub skip_irreversible: bool,
    /// Only these kinds (`--types` entries, validated); every kind when empty.
    pub types: Vec<String>,
    /// Undo: start the ECS tasks a kill stopped again (RunTask) rather than list them.
    pub relaunch_tasks: bool,
}

/// The caller's words for what a person changes when a plan is refused: the kill-switch does not know the
/// command line.
#[derive(Debug, Clone, Copy)]
pub struct Refusals {
    /// How to narrow a selection that matches everything (`narrow it (--agent, ...) or --regions`).
    pub narrow: &'static str,
    /// What sets the size limit (`--max-resources`).
    pub limit: &'static str,
    /// What acts on global resources when every regional listing failed (`pass --allow-partial`).
    pub partial: &'static str,
    /// What left an irreversible step out of the plan (`--no-irreversible`).
    pub irreversible: &'static str,
}

/// A new kill id: `kill-YYYYMMDDTHHMMSSZ-xxxxxx`, sortable, with the time it started in it.
pub fn new_kill_id(now: jiff::Timestamp) -> String {
    let stamp = now.strftime("%Y%m%dT%H%M%SZ").to_string();
    let mut hasher = sha2::Sha256::new();
    hasher.update(format!("{now:?}{}", std::process::id()));
    let suffix = hex::encode(&hasher.finalize()[..3]);
    format!("kill-{}-{suffix}", stamp.to_ascii_lowercase())
}

/// The time in a kill id, for `kill status`.
pub fn kill_time(kill_id: &str) -> Option<jiff::Timestamp> {
    let stamp = kill_id.strip_prefix("kill-")?.get(..16)?.to_ascii_uppercase();
    jiff::civil::DateTime::strptime("%Y%m%dT%H%M%SZ", &stamp)
        .ok()?
        .to_zoned(jiff::tz::TimeZone::UTC)
        .ok()
        .map(|z| z.timestamp())
}

/// Validates a kill id given by a person.
pub fn validate_kill_id(id: &str) -> Result<()> {
    if kill_time(id).is_some() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        Ok(())
    } else {
        Err(Error::usage(format!(
            "`{id}` is not a kill id (they look like kill-20261123t031500z-a1b2c3); see `costbrake kill status`"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kill_ids_carry_their_time() {
        let now: jiff::Timestamp = "2026-11-23T03:15:00Z".parse().unwrap();
        let id = new_kill_id(now);
        assert!(id.starts_with("kill-20261123t031500z-"), "{id}");
        assert_eq!(kill_time(&id), Some(now));
        assert!(validate_kill_id(&id).is_ok());
        assert!(validate_kill_id("banana").is_err());
    }

    #[test]
    fn every_kind_has_a_handler_and_listed_kinds_round_trip_their_type() {
        for kind in Kind::ALL {
            assert!(!kind.label().is_empty());
            if kind.listed() {
                assert_eq!(Kind::from_type(kind.type_name()), Some(kind));
            }
        }
        assert_eq!(Kind::from_type("organizations:account"), None);
        assert_eq!(Kind::types().len(), 13);
    }
}
