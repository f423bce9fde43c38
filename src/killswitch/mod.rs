//! The kill-switch: stop everything one agent (or run, or tag selection) is spending on, record the prior
//! state first, and undo exactly.
//!
//! - [`live`] reads the selected resources and their current state (through the inventory and a few
//!   per-service reads).
//! - [`plan_kill`] / [`plan_undo`] are pure: they turn that state into a [`Plan`], the same one a dry run
//!   prints and an apply executes.
//! - [`apply`] executes a plan: for each resource it writes the journal, then the `costbrake:*` marker tags,
//!   then acts. Record first, act second, so a crash half-way leaves everything undoable.
//! - [`journal`] is the local record under the user data dir.
//!
//! It never deletes a resource and never touches one the selector did not match (the one exception: the
//! Auto Scaling group of a selected instance has its processes suspended, or AWS would replace the
//! stopped instance).

pub mod apply;
pub mod journal;
pub mod live;
mod state;

use std::collections::BTreeMap;

use serde::Serialize;
use sha2::Digest as _;

use crate::error::{Error, Result};
use crate::inventory::Gap;

pub use state::{Scaling, State};

/// The tag holding the kill id on every resource a kill changed.
pub const MARK_KILL: &str = "costbrake:killed";
/// The tag holding the compact prior state ([`State::compact`]).
pub const MARK_PRIOR: &str = "costbrake:prior";
/// The tag holding who killed it (the caller ARN).
pub const MARK_BY: &str = "costbrake:killed-by";
/// Every marker key, for removal.
pub const MARKERS: [&str; 3] = [MARK_KILL, MARK_PRIOR, MARK_BY];
/// Why a kill without a selector is refused, and what to give instead.
pub const EMPTY_SELECTOR: &str =
    "an empty selector would match everything; pass --agent NAME, --run ID or --tag KEY=VALUE";
/// The inline deny-all policy put on IAM roles and users.
pub const DENY_POLICY: &str = "costbrake-kill-deny";
/// The name prefix of the deny SCPs attached to sandbox accounts.
pub const SCP_PREFIX: &str = "costbrake-kill-";
/// The Auto Scaling processes suspended so that a group neither replaces stopped instances nor launches
/// new ones (c7n#8660).
pub const GROUP_PROCESSES: [&str; 7] = [
    "AZRebalance",
    "AlarmNotification",
    "HealthCheck",
    "Launch",
    "ReplaceUnhealthy",
    "ScheduledActions",
    "Terminate",
];
/// The deny-all policy document for IAM principals.
pub const DENY_DOCUMENT: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"CostbrakeKill","Effect":"Deny","Action":"*","Resource":"*"}]}"#;

/// The resource types the kill-switch acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Group,
    Instance,
    Service,
    Function,
    Role,
    User,
    Account,
}

impl Kind {
    /// From an inventory type (`ec2:instance`).
    pub fn from_type(resource_type: &str) -> Option<Kind> {
        Some(match resource_type {
            "ec2:instance" => Kind::Instance,
            "autoscaling:autoScalingGroup" => Kind::Group,
            "ecs:service" => Kind::Service,
            "lambda:function" => Kind::Function,
            "iam:role" => Kind::Role,
            "iam:user" => Kind::User,
            _ => return None,
        })
    }

    /// The inventory type.
    pub fn type_name(self) -> &'static str {
        match self {
            Kind::Instance => "ec2:instance",
            Kind::Group => "autoscaling:autoScalingGroup",
            Kind::Service => "ecs:service",
            Kind::Function => "lambda:function",
            Kind::Role => "iam:role",
            Kind::User => "iam:user",
            Kind::Account => "organizations:account",
        }
    }

    /// A short label for tables read at 3 a.m.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Instance => "ec2 instance",
            Kind::Group => "auto scaling group",
            Kind::Service => "ecs service",
            Kind::Function => "lambda",
            Kind::Role => "iam role",
            Kind::User => "iam user",
            Kind::Account => "account (SCP)",
        }
    }

    /// The inventory types listed for a kill.
    pub const TYPES: [&'static str; 6] = [
        "ec2:instance",
        "autoscaling:autoScalingGroup",
        "ecs:service",
        "lambda:function",
        "iam:role",
        "iam:user",
    ];
}

/// Which resources a kill acts on: every tag pair must match (AND).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Selector {
    pub tags: Vec<(String, String)>,
    /// What a user must type to confirm (the agent name, run id or tag value).
    #[serde(skip)]
    pub confirm: String,
}

impl Selector {
    /// Builds a selector from `--agent`, `--run` and `--tag KEY=VALUE` (already split). Refuses an empty
    /// selector and values that would match everything.
    pub fn new(
        agent: Option<(&str, &str)>,
        run: Option<(&str, &str)>,
        tags: &[(String, String)],
    ) -> Result<Selector> {
        let mut pairs: Vec<(String, String)> = Vec::new();
        let mut confirm = None;
        for (flag, pair) in [("--agent", agent), ("--run", run)] {
            if let Some((key, value)) = pair {
                check_value(flag, value)?;
                confirm.get_or_insert_with(|| value.to_string());
                pairs.push((key.to_string(), value.to_string()));
            }
        }
        for (key, value) in tags {
            crate::config::validate_tag_key(key).map_err(|e| Error::usage(format!("--tag: {e}")))?;
            check_value(&format!("--tag {key}="), value)?;
            confirm.get_or_insert_with(|| value.clone());
            pairs.push((key.clone(), value.clone()));
        }
        if key_prefix_reserved(&pairs) {
            return Err(Error::usage(
                "--tag cannot select on costbrake's own markers (costbrake:*); use `kill undo --kill-id ID`",
            ));
        }
        pairs.sort();
        pairs.dedup();
        let mut keys: Vec<&str> = pairs.iter().map(|(k, _)| k.as_str()).collect();
        keys.dedup();
        if keys.len() != pairs.len() {
            return Err(Error::usage(
                "the selector gives one tag key two values, which nothing can match; give each key once",
            ));
        }
        let Some(confirm) = confirm else {
            return Err(Error::usage(EMPTY_SELECTOR));
        };
        Ok(Selector { tags: pairs, confirm })
    }

    pub fn matches(&self, tags: &BTreeMap<String, String>) -> bool {
        self.tags.iter().all(|(k, v)| tags.get(k) == Some(v))
    }

    /// `agent-name=research-agent,agent-run-id=r1`.
    pub fn describe(&self) -> String {
        self.tags
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(",")
    }
}

fn key_prefix_reserved(pairs: &[(String, String)]) -> bool {
    pairs.iter().any(|(k, _)| k.starts_with("costbrake:"))
}

fn check_value(flag: &str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        return Err(Error::usage(format!(
            "{flag} needs a non-empty value: an empty one would select every untagged resource"
        )));
    }
    if value.contains(['*', '?']) {
        return Err(Error::usage(format!(
            "{flag}{value}: wildcards are not supported by the kill-switch; give the exact tag value"
        )));
    }
    Ok(())
}

/// Parses `KEY=VALUE`.
pub fn parse_tag_pair(value: &str) -> std::result::Result<(String, String), String> {
    match value.split_once('=') {
        Some((k, v)) if !k.is_empty() => Ok((k.to_string(), v.to_string())),
        _ => Err(format!("`{value}` is not KEY=VALUE; e.g. --tag team=research")),
    }
}

/// A resource the kill-switch can act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Target {
    pub arn: String,
    pub kind: Kind,
    pub region: String,
    /// The id the service's API takes (instance id, group name, function name, role name, account id).
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// For ECS services, the cluster.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cluster: Option<String>,
    /// For instances, the Auto Scaling group they belong to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
}

/// The costbrake markers found on a resource: it was killed before.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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

/// What a step does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "action", rename_all = "kebab-case")]
pub enum Action {
    /// StopInstances.
    Stop,
    /// StartInstances.
    Start,
    /// Suspend processes, and with `scale`, set desired and min to 0.
    SuspendGroup { processes: Vec<String>, scale: bool },
    /// Restore desired/min/max and resume the processes the kill suspended.
    RestoreGroup {
        desired: i32,
        min: i32,
        max: i32,
        resume: Vec<String>,
    },
    /// Desired count → 0, and suspend the scalable target if there is one.
    StopService { suspend_scaling: bool },
    /// Restore the desired count and the scalable target's suspension.
    RestoreService { desired: i32, scaling: Option<Scaling> },
    /// Reserved concurrency → 0.
    Throttle,
    /// Reserved concurrency back to the recorded value, or removed.
    RestoreConcurrency { reserved: Option<i32> },
    /// Put the inline deny-all policy.
    Deny,
    /// Delete the inline deny-all policy.
    RemoveDeny,
    /// Attach a deny-all SCP to the account.
    AttachScp,
    /// Detach and delete the deny SCP.
    DetachScp { policy: String },
    /// Nothing to change, only the markers to remove (undo of a resource the kill recorded but never
    /// changed, e.g. after a crash between the two).
    ClearMarkers,
    /// Left as it is.
    Keep { reason: String },
    /// Cannot be acted on.
    Blocked { reason: String },
}

impl Action {
    /// Whether the step changes AWS.
    pub fn changes(&self) -> bool {
        !matches!(self, Action::Keep { .. } | Action::Blocked { .. })
    }

    /// A terraform-style description given the current state.
    pub fn describe(&self, current: &State) -> String {
        match (self, current) {
            (Action::Stop, State::Instance { state }) => format!("stop: {state} → stopped"),
            (Action::Start, State::Instance { state }) => format!("start: {state} → running"),
            (Action::SuspendGroup { processes, scale }, State::Group { desired, min, .. }) => {
                let mut s = format!("suspend {} processes", processes.len());
                if *scale && *min > 0 {
                    s.push_str(&format!(", scale {desired} → 0 (min {min} → 0)"));
                } else if *scale {
                    s.push_str(&format!(", scale {desired} → 0"));
                }
                s
            }
            (
                Action::RestoreGroup {
                    desired,
                    min,
                    max,
                    resume,
                },
                State::Group { desired: now, .. },
            ) => {
                let mut s = format!("scale {now} → {desired} (min {min}, max {max})");
                if !resume.is_empty() {
                    s.push_str(&format!(", resume {} processes", resume.len()));
                }
                s
            }
            (Action::StopService { suspend_scaling }, State::Service { desired, .. }) => {
                let mut s = format!("scale {desired} → 0");
                if *suspend_scaling {
                    s.push_str(", suspend autoscaling");
                }
                s
            }
            (Action::RestoreService { desired, scaling }, State::Service { desired: now, .. }) => {
                let mut s = format!("scale {now} → {desired}");
                if let Some(scaling) = scaling {
                    s.push_str(&format!(", autoscaling {}", scaling.describe()));
                }
                s
            }
            (Action::Throttle, State::Function { reserved }) => format!(
                "concurrency {} → 0",
                reserved.map(|n| n.to_string()).unwrap_or_else(|| "none".into())
            ),
            (Action::RestoreConcurrency { reserved }, State::Function { reserved: now }) => format!(
                "concurrency {} → {}",
                now.map(|n| n.to_string()).unwrap_or_else(|| "none".into()),
                reserved.map(|n| n.to_string()).unwrap_or_else(|| "none".into())
            ),
            (Action::Deny, _) => format!("attach deny policy {DENY_POLICY}"),
            (Action::RemoveDeny, _) => format!("remove deny policy {DENY_POLICY}"),
            (Action::AttachScp, _) => "attach deny-all SCP".into(),
            (Action::DetachScp { policy }, _) => format!("detach and delete SCP {policy}"),
            (Action::ClearMarkers, _) => "nothing changed by the kill; remove markers".into(),
            (Action::Keep { reason }, _) => format!("leave: {reason}"),
            (Action::Blocked { reason }, _) => format!("cannot act: {reason}"),
            (other, state) => format!("{other:?} on {}", state.describe()),
        }
    }
}

/// One resource in a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    #[serde(flatten)]
    pub target: Target,
    pub current: State,
    /// The state recorded (kill) or restored (undo).
    pub prior: State,
    /// The kill that already holds this resource, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub killed_by: Option<String>,
    #[serde(flatten)]
    pub action: Action,
    /// [`Action::describe`], for people.
    pub change: String,
}

/// Kill or undo.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    Kill,
    Undo,
}

/// What a kill or undo will do.
#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    pub schema: &'static str,
    pub mode: Mode,
    pub selector: String,
    /// The selector's tag pairs, so that a saved plan can be re-read.
    pub selector_tags: Vec<(String, String)>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kill_id: Option<String>,
    pub account: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sandbox_account: Option<String>,
    pub regions: Vec<String>,
    pub steps: Vec<Step>,
    /// Parts of the scope that could not be read: resources there are missing from the plan.
    pub gaps: Vec<Gap>,
    /// sha256 of the selector and every step's resource, current state and action: a saved plan applies
    /// only while this still matches.
    pub hash: String,
    pub requests: u32,
}

pub const PLAN_SCHEMA: &str = "costbrake.kill-plan/v1";

impl Plan {
    pub fn changes(&self) -> usize {
        self.steps.iter().filter(|s| s.action.changes()).count()
    }

    pub fn blocked(&self) -> usize {
        self.steps
            .iter()
            .filter(|s| matches!(s.action, Action::Blocked { .. }))
            .count()
    }

    /// The count line: `Plan: 12 to change, 2 left as they are, 1 cannot be acted on.`
    pub fn summary(&self) -> String {
        let verb = match self.mode {
            Mode::Kill => "to stop",
            Mode::Undo => "to restore",
        };
        format!(
            "Plan: {} {verb}, {} left as they are, {} cannot be acted on.",
            self.changes(),
            self.steps.len() - self.changes() - self.blocked(),
            self.blocked()
        )
    }
}

/// Computes the plan hash over what matters for safety: the selector and, per resource, its ARN, current
/// state and action.
pub fn plan_hash(mode: Mode, selector: &str, steps: &[Step]) -> String {
    let mut lines: Vec<String> = steps
        .iter()
        .map(|s| {
            format!(
                "{}\t{}\t{}",
                s.target.arn,
                s.current.compact(),
                serde_json::to_string(&s.action).unwrap_or_default()
            )
        })
        .collect();
    lines.sort();
    let mut hasher = sha2::Sha256::new();
    hasher.update(format!("{mode:?}\n{selector}\n"));
    for line in lines {
        hasher.update(line.as_bytes());
        hasher.update(b"\n");
    }
    format!("sha256:{}", hex::encode(hasher.finalize()))
}

/// Decides, per resource, what a kill does. Pure.
pub fn plan_kill(live: &[Live]) -> Vec<Step> {
    live.iter()
        .map(|l| {
            let prior = l
                .markers
                .as_ref()
                .map(|m| m.prior.clone())
                .unwrap_or_else(|| l.current.clone());
            let killed_by = l.markers.as_ref().map(|m| m.kill_id.clone());
            let action = match &l.blocker {
                Some(reason) => Action::Blocked {
                    reason: reason.clone(),
                },
                None => kill_action(l),
            };
            step(l, prior, killed_by, action)
        })
        .collect()
}

fn kill_action(l: &Live) -> Action {
    let held = l.markers.is_some();
    let keep = |reason: &str| Action::Keep {
        reason: reason.to_string(),
    };
    match &l.current {
        State::Instance { state } => match state.as_str() {
            "running" | "pending" => Action::Stop,
            "stopped" | "stopping" if held => keep("already stopped by this kill"),
            "stopped" | "stopping" => keep("already stopped before the kill; stays stopped after undo"),
            other => keep(&format!("{other}: nothing to stop")),
        },
        State::Group {
            desired,
            min,
            suspended,
            ..
        } => {
            let missing: Vec<String> = GROUP_PROCESSES
                .iter()
                .filter(|p| !suspended.iter().any(|s| s == *p))
                .map(|p| p.to_string())
                .collect();
            let scale = l.selected && (*desired > 0 || *min > 0);
            if missing.is_empty() && !scale {
                keep("processes suspended and scaled to 0")
            } else {
                Action::SuspendGroup {
                    processes: GROUP_PROCESSES.iter().map(|p| p.to_string()).collect(),
                    scale: l.selected,
                }
            }
        }
        State::Service { desired, scaling } => {
            let unsuspended = scaling.is_some_and(|s| s != Scaling::SUSPENDED);
            if *desired > 0 || unsuspended {
                Action::StopService {
                    suspend_scaling: scaling.is_some(),
                }
            } else {
                keep("already at 0")
            }
        }
        State::Function { reserved } => {
            if *reserved == Some(0) {
                keep(if held {
                    "already throttled by this kill"
                } else {
                    "already throttled (reserved concurrency 0)"
                })
            } else {
                Action::Throttle
            }
        }
        State::Principal { deny_policy } => {
            if *deny_policy {
                keep(if held {
                    "deny policy already attached by this kill"
                } else {
                    "a policy named costbrake-kill-deny is already attached (not by a recorded kill): left as is"
                })
            } else {
                Action::Deny
            }
        }
        State::Account { scp } => match scp {
            Some(_) => keep("a costbrake deny SCP is already attached"),
            None => Action::AttachScp,
        },
    }
}

/// Decides, per killed resource, what an undo does. Pure. Only resources carrying markers are restored.
pub fn plan_undo(live: &[Live]) -> Vec<Step> {
    live.iter()
        .filter_map(|l| {
            let markers = l.markers.as_ref()?;
            let prior = markers.prior.clone();
            let action = match &l.blocker {
                Some(reason) => Action::Blocked {
                    reason: reason.clone(),
                },
                None => undo_action(&l.current, &prior),
            };
            Some(step(l, prior, Some(markers.kill_id.clone()), action))
        })
        .collect()
}

fn undo_action(current: &State, prior: &State) -> Action {
    match (current, prior) {
        (State::Instance { state: now }, State::Instance { state: before }) => {
            let was_running = matches!(before.as_str(), "running" | "pending");
            match now.as_str() {
                _ if !was_running => Action::ClearMarkers,
                "stopped" => Action::Start,
                "stopping" => Action::Blocked {
                    reason: "still stopping; run undo again once it has stopped".into(),
                },
                "running" | "pending" => Action::ClearMarkers,
                other => Action::Keep {
                    reason: format!("{other} since the kill, not by costbrake: nothing left to restore"),
                },
            }
        }
        (
            State::Group {
                suspended: now_suspended,
                ..
            },
            State::Group {
                desired,
                min,
                max,
                suspended,
            },
        ) => {
            let resume: Vec<String> = GROUP_PROCESSES
                .iter()
                .filter(|p| !suspended.iter().any(|s| s == *p))
                .filter(|p| now_suspended.iter().any(|s| s == *p))
                .map(|p| p.to_string())
                .collect();
            Action::RestoreGroup {
                desired: *desired,
                min: *min,
                max: *max,
                resume,
            }
        }
        (State::Service { .. }, State::Service { desired, scaling }) => Action::RestoreService {
            desired: *desired,
            scaling: *scaling,
        },
        (State::Function { .. }, State::Function { reserved }) => {
            Action::RestoreConcurrency { reserved: *reserved }
        }
        (State::Principal { deny_policy: now }, State::Principal { deny_policy: before }) => {
            if *before || !*now {
                Action::ClearMarkers
            } else {
                Action::RemoveDeny
            }
        }
        (State::Account { scp: Some(policy) }, State::Account { .. }) => Action::DetachScp {
            policy: policy.clone(),
        },
        (State::Account { scp: None }, _) => Action::ClearMarkers,
        _ => Action::Blocked {
            reason: "the recorded prior state does not fit this resource; restore it by hand".into(),
        },
    }
}

fn step(l: &Live, prior: State, killed_by: Option<String>, action: Action) -> Step {
    Step {
        change: action.describe(&l.current),
        target: l.target.clone(),
        current: l.current.clone(),
        prior,
        killed_by,
        action,
    }
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

/// Validates a `--kill-id`.
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

    fn live(kind: Kind, current: State, markers: Option<State>) -> Live {
        Live {
            target: Target {
                arn: format!("arn:test:{kind:?}"),
                kind,
                region: "us-east-1".into(),
                id: "x".into(),
                name: None,
                cluster: None,
                group: None,
            },
            current,
            markers: markers.map(|prior| Markers {
                kill_id: "kill-20261123t031500z-abcdef".into(),
                prior,
                by: None,
            }),
            blocker: None,
            selected: true,
        }
    }

    #[test]
    fn selectors_refuse_empty_and_match_all() {
        assert!(Selector::new(None, None, &[]).is_err());
        assert!(Selector::new(Some(("agent-name", "")), None, &[]).is_err());
        assert!(Selector::new(Some(("agent-name", "  ")), None, &[]).is_err());
        assert!(Selector::new(Some(("agent-name", "*")), None, &[]).is_err());
        assert!(Selector::new(None, None, &[("team".into(), "res*".into())]).is_err());
        assert!(Selector::new(None, None, &[("costbrake:killed".into(), "x".into())]).is_err());
        assert!(Selector::new(None, None, &[("a".into(), "1".into()), ("a".into(), "2".into())]).is_err());
        let s = Selector::new(Some(("agent-name", "bot")), Some(("agent-run-id", "r1")), &[]).unwrap();
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
    fn kill_records_current_state_or_keeps_the_original_prior() {
        let fresh = live(Kind::Function, State::Function { reserved: Some(50) }, None);
        let again = live(
            Kind::Function,
            State::Function { reserved: Some(0) },
            Some(State::Function { reserved: None }),
        );
        let steps = plan_kill(&[fresh, again]);
        assert_eq!(steps[0].action, Action::Throttle);
        assert_eq!(steps[0].prior, State::Function { reserved: Some(50) });
        assert!(!steps[1].action.changes());
        assert_eq!(
            steps[1].prior,
            State::Function { reserved: None },
            "the original prior is kept"
        );
    }

    #[test]
    fn stopped_instances_are_left_alone_and_stay_stopped_after_undo() {
        let steps = plan_kill(&[live(
            Kind::Instance,
            State::Instance {
                state: "stopped".into(),
            },
            None,
        )]);
        assert!(!steps[0].action.changes());
        // Only resources with markers are restored.
        assert!(
            plan_undo(&[live(
                Kind::Instance,
                State::Instance {
                    state: "stopped".into()
                },
                None
            )])
            .is_empty()
        );
        let undo = plan_undo(&[live(
            Kind::Instance,
            State::Instance {
                state: "stopped".into(),
            },
            Some(State::Instance {
                state: "running".into(),
            }),
        )]);
        assert_eq!(undo[0].action, Action::Start);
    }

    #[test]
    fn undo_resumes_only_the_processes_the_kill_suspended() {
        let current = State::Group {
            desired: 0,
            min: 0,
            max: 5,
            suspended: GROUP_PROCESSES.iter().map(|p| p.to_string()).collect(),
        };
        let prior = State::Group {
            desired: 3,
            min: 1,
            max: 5,
            suspended: vec!["AZRebalance".into()],
        };
        let undo = plan_undo(&[live(Kind::Group, current, Some(prior))]);
        let Action::RestoreGroup {
            desired, min, resume, ..
        } = &undo[0].action
        else {
            panic!("{:?}", undo[0].action)
        };
        assert_eq!((*desired, *min), (3, 1));
        assert!(!resume.contains(&"AZRebalance".to_string()));
        assert_eq!(resume.len(), GROUP_PROCESSES.len() - 1);
    }

    #[test]
    fn a_deny_policy_the_user_attached_stays() {
        let kill = plan_kill(&[live(Kind::Role, State::Principal { deny_policy: true }, None)]);
        assert!(!kill[0].action.changes());
        let undo = plan_undo(&[live(
            Kind::Role,
            State::Principal { deny_policy: true },
            Some(State::Principal { deny_policy: true }),
        )]);
        assert_eq!(undo[0].action, Action::ClearMarkers);
    }

    #[test]
    fn plan_hash_changes_with_state() {
        let a = plan_kill(&[live(
            Kind::Instance,
            State::Instance {
                state: "running".into(),
            },
            None,
        )]);
        let b = plan_kill(&[live(
            Kind::Instance,
            State::Instance {
                state: "stopped".into(),
            },
            None,
        )]);
        assert_eq!(plan_hash(Mode::Kill, "s", &a), plan_hash(Mode::Kill, "s", &a));
        assert_ne!(plan_hash(Mode::Kill, "s", &a), plan_hash(Mode::Kill, "s", &b));
        assert_ne!(plan_hash(Mode::Kill, "s", &a), plan_hash(Mode::Kill, "t", &a));
    }

    #[test]
    fn kill_ids_carry_their_time() {
        let now: jiff::Timestamp = "2026-11-23T03:15:00Z".parse().unwrap();
        let id = new_kill_id(now);
        assert!(id.starts_with("kill-20261123t031500z-"), "{id}");
        assert_eq!(kill_time(&id), Some(now));
        assert!(validate_kill_id(&id).is_ok());
        assert!(validate_kill_id("banana").is_err());
    }
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
}

/// Reads the live state and builds the plan, refusing match-all selections and plans above
/// `max_resources` before anything is changed.
pub async fn plan(
    ctx: &crate::aws::AwsContext,
    options: &Options,
    progress: &dyn crate::output::Progress,
) -> Result<(Plan, String)> {
    let filter = match (options.mode, &options.selector, &options.kill_id) {
        (Mode::Kill, Some(selector), _) => live::Filter::Selector(selector),
        (Mode::Kill, None, _) => {
            return Err(Error::usage(EMPTY_SELECTOR));
        }
        (Mode::Undo, _, Some(id)) => live::Filter::KillId(id),
        (Mode::Undo, Some(selector), None) => live::Filter::Undo(selector),
        (Mode::Undo, None, None) => {
            return Err(Error::usage(
                "undo needs a selector (--agent, --run, --tag) or --kill-id ID; see `costbrake kill status`",
            ));
        }
    };
    let reading = live::read(
        ctx,
        &options.regions,
        filter,
        options.sandbox_account.as_deref(),
        progress,
    )
    .await?;
    let selected = reading
        .live
        .iter()
        .filter(|l| l.selected && l.target.kind != Kind::Account)
        .count();
    if options.mode == Mode::Kill && reading.in_scope > 1 && selected == reading.in_scope {
        return Err(Error::usage(format!(
            "the selector matches all {} resources in scope, so it would stop everything; narrow it \
             (--agent, --run, more --tag pairs) or --regions",
            reading.in_scope
        )));
    }
    let steps = match options.mode {
        Mode::Kill => plan_kill(&reading.live),
        Mode::Undo => plan_undo(&reading.live),
    };
    let selector = match (&options.selector, &options.kill_id) {
        (Some(s), _) => s.describe(),
        (None, Some(id)) => format!("{MARK_KILL}={id}"),
        (None, None) => String::new(),
    };
    let plan = Plan {
        schema: PLAN_SCHEMA,
        mode: options.mode,
        hash: plan_hash(options.mode, &selector, &steps),
        selector,
        selector_tags: options
            .selector
            .as_ref()
            .map(|s| s.tags.clone())
            .unwrap_or_default(),
        kill_id: options.kill_id.clone(),
        account: reading.account,
        sandbox_account: options.sandbox_account.clone(),
        regions: options.regions.clone(),
        steps,
        gaps: reading.gaps,
        requests: reading.requests,
    };
    if plan.changes() > options.max_resources {
        return Err(Error::usage(format!(
            "the plan changes {} resources, more than --max-resources {}; check the selector, then raise \
             --max-resources (or kill.max_resources in costbrake.toml) if it is right",
            plan.changes(),
            options.max_resources
        )));
    }
    Ok((plan, reading.caller))
}

/// One kill that is in force.
#[derive(Debug, Clone, Serialize)]
pub struct KillInForce {
    pub kill_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    /// The selector, when this machine's journal has it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub selector: Option<String>,
    pub resources: usize,
}

/// What is killed right now, and what undo would restore.
#[derive(Debug, Clone, Serialize)]
pub struct Status {
    pub schema: &'static str,
    pub account: String,
    pub regions: Vec<String>,
    pub kills: Vec<KillInForce>,
    /// What `kill undo` would do, per killed resource.
    pub steps: Vec<Step>,
    pub gaps: Vec<Gap>,
    pub requests: u32,
}

pub const STATUS_SCHEMA: &str = "costbrake.kill-status/v1";

/// Reads every killed resource (matching `selector` when given).
pub async fn status(
    ctx: &crate::aws::AwsContext,
    selector: Option<&Selector>,
    regions: &[String],
    sandbox_account: Option<&str>,
    progress: &dyn crate::output::Progress,
) -> Result<Status> {
    let reading = live::read(
        ctx,
        regions,
        live::Filter::Killed(selector),
        sandbox_account,
        progress,
    )
    .await?;
    let steps = plan_undo(&reading.live);
    let mut kills: BTreeMap<String, KillInForce> = BTreeMap::new();
    for l in &reading.live {
        let Some(m) = &l.markers else { continue };
        let entry = kills.entry(m.kill_id.clone()).or_insert_with(|| {
            let journal = journal::start_of(&m.kill_id).ok().flatten();
            let (selector, journal_by) = match journal {
                Some(journal::Entry::Start { selector, by, .. }) => (Some(selector), Some(by)),
                _ => (None, None),
            };
            KillInForce {
                kill_id: m.kill_id.clone(),
                since: kill_time(&m.kill_id).map(|t| t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()),
                by: m.by.clone().or(journal_by),
                selector,
                resources: 0,
            }
        });
        entry.resources += 1;
    }
    Ok(Status {
        schema: STATUS_SCHEMA,
        account: reading.account,
        regions: regions.to_vec(),
        kills: kills.into_values().collect(),
        steps,
        gaps: reading.gaps,
        requests: reading.requests,
    })
}
