//! The plan: what a kill or undo will do, per resource. [`plan_kill`] and [`plan_undo`] are pure (each
//! kind decides its own step); [`plan`] reads the live state first and refuses match-all selections and
//! plans above the size limit before anything is changed. A dry run prints the plan an apply executes.

use serde::Serialize;
use sha2::Digest as _;

use crate::aws::AwsContext;
use crate::error::{Error, Result};
use crate::inventory::Gap;
use crate::progress::Progress;

use super::{Action, Billing, Kind, Live, MARK_KILL, Mode, Options, State, Step, kinds, read};

pub const PLAN_SCHEMA: &str = "costbrake.kill-plan/v1";

/// What a kill or undo will do.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
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
    /// The kinds it was limited to (`--types`); a saved plan keeps them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub types: Vec<String>,
    /// Irreversible steps were left out (`--no-irreversible`); a saved plan keeps it.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub skip_irreversible: bool,
    /// What the selection spends on that no kill can stop (kill plans only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub billing: Vec<Billing>,
    /// What on-call should know about the kill that no step says (kill plans only), one sentence each.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// sha256 of the selector and every step's resource, current state and action: a saved plan applies
    /// only while this still matches.
    pub hash: String,
    pub requests: u32,
    /// Requests the SDK retried after throttling, a 5xx or a lost connection (not in `requests`).
    pub retried: u32,
    /// Over several accounts (`--accounts`): every account in scope and whether it could be entered
    /// (`account` is then the caller's; each step names its own).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub accounts: Vec<crate::accounts::Outcome>,
    /// One account's part of a kill over several: journaled in a file of its own.
    #[serde(skip)]
    pub part_of_many: bool,
}

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

    /// Kill steps that cannot be undone.
    pub fn irreversible(&self) -> usize {
        self.steps.iter().filter(|s| s.irreversible).count()
    }

    /// Undo steps for what a kill stopped for good.
    pub fn not_restorable(&self) -> usize {
        self.steps
            .iter()
            .filter(|s| matches!(s.action, Action::NotRestorable { .. }))
            .count()
    }

    /// The count line: `Plan: 12 to stop (3 cannot be undone), 2 left as they are, 1 cannot be acted on.`
    pub fn summary(&self) -> String {
        let verb = match self.mode {
            Mode::Kill => "to stop",
            Mode::Undo => "to restore",
        };
        let mut counts = format!("{} {verb}", self.changes());
        if self.irreversible() > 0 {
            counts.push_str(&format!(" ({} cannot be undone)", self.irreversible()));
        }
        if self.not_restorable() > 0 {
            counts.push_str(&format!(
                ", {} stopped for good (not restorable)",
                self.not_restorable()
            ));
        }
        format!(
            "Plan: {counts}, {} left as they are, {} cannot be acted on.",
            self.steps.len() - self.changes() - self.blocked() - self.not_restorable(),
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

/// Decides, per resource, what a kill does. Pure: a re-kill keeps the original prior state.
pub fn plan_kill(live: &[Live]) -> Vec<Step> {
    live.iter()
        .map(|l| {
            let prior = l
                .markers
                .as_ref()
                .map(|m| m.prior.clone())
                .unwrap_or_else(|| l.current.clone());
            let killed_by = l.markers.as_ref().map(|m| m.kill_id.clone());
            let handler = kinds::handler(l.target.kind);
            let action = match &l.blocker {
                Some(reason) => Action::blocked(reason.clone()),
                None => handler.kill_action(l),
            };
            let mut step = step(l, prior, killed_by, action);
            step.irreversible = step.action.changes() && !handler.reversible();
            step
        })
        .collect()
}

/// Decides, per killed resource, what an undo does. Pure. Only resources carrying markers are restored.
pub fn plan_undo(live: &[Live]) -> Vec<Step> {
    live.iter()
        .filter_map(|l| {
            let markers = l.markers.as_ref()?;
            let prior = markers.prior.clone();
            let action = match &l.blocker {
                Some(reason) => Action::blocked(reason.clone()),
                None => kinds::handler(l.target.kind)
                    .undo_action(&l.current, &prior)
                    .unwrap_or_else(|| {
                        Action::blocked(
                            "the recorded prior state does not fit this resource; restore it by hand",
                        )
                    }),
            };
            Some(step(l, prior, Some(markers.kill_id.clone()), action))
        })
        .collect()
}

fn step(l: &Live, prior: State, killed_by: Option<String>, action: Action) -> Step {
    Step {
        account: None,
        change: action.describe(&l.current),
        irreversible: false,
        target: l.target.clone(),
        current: l.current.clone(),
        prior,
        killed_by,
        action,
    }
}

/// Reads the live state and builds the plan, refusing match-all selections and plans above
/// `max_resources` before anything is changed. Returns the plan and the caller's ARN.
pub async fn plan(ctx: &AwsContext, options: &Options, progress: &dyn Progress) -> Result<(Plan, String)> {
    let filter = match (options.mode, &options.selector, &options.kill_id) {
        (Mode::Kill, Some(selector), _) => read::Filter::Selector(selector),
        (Mode::Undo, _, Some(id)) => read::Filter::KillId(id),
        (Mode::Undo, Some(selector), None) => read::Filter::Undo(selector),
        (Mode::Kill, None, _) | (Mode::Undo, None, None) => {
            return Err(Error::usage(
                "a kill needs a selector, and an undo a selector or a kill id: an empty one would match \
                 everything; nothing was changed",
            ));
        }
    };
    let reading = read::read(
        ctx,
        &options.regions,
        filter,
        options.sandbox_account.as_deref(),
        &options.types,
        progress,
    )
    .await?;
    // With --types only some kinds are read: judge the selector by the inventory's tags over every kind.
    // A state machine's executions count once, as the state machine in scope that holds them.
    let selected = if options.types.is_empty() {
        let mut machines = std::collections::BTreeSet::new();
        reading
            .live
            .iter()
            .filter(|l| l.selected && l.target.kind != Kind::Account)
            .filter(|l| {
                l.target
                    .state_machine
                    .as_ref()
                    .is_none_or(|m| machines.insert(m.clone()))
            })
            .count()
    } else {
        reading.matched
    };
    let account_wide = options.selector.as_ref().is_some_and(|s| s.account.is_some());
    if options.mode == Mode::Kill && !account_wide && reading.in_scope > 1 && selected == reading.in_scope {
        return Err(Error::usage(format!(
            "the selector matches all {} resources in scope, so it would stop everything; {}",
            reading.in_scope, options.refusals.narrow
        )));
    }
    let mut steps = match options.mode {
        Mode::Kill => plan_kill(&reading.live),
        Mode::Undo => plan_undo(&reading.live),
    };
    if options.mode == Mode::Kill && reading.regions_unreadable && !options.allow_partial {
        // A typo'd or unreachable region list must not end in denying the agent's roles alone.
        for step in steps
            .iter_mut()
            .filter(|s| s.target.region == crate::inventory::GLOBAL)
        {
            if step.action.changes() {
                step.action = Action::blocked(format!(
                    "every regional listing failed, so global resources are left alone; fix the listing \
                     and run again, or {}",
                    options.refusals.partial
                ));
                step.change = step.action.describe(&step.current);
            }
        }
    }
    if options.mode == Mode::Undo && options.relaunch_tasks {
        steps
            .iter_mut()
            .filter(|s| s.target.kind == Kind::Task)
            .for_each(kinds::task::relaunch_step);
    }
    if options.skip_irreversible {
        for step in steps.iter_mut().filter(|s| s.irreversible) {
            step.irreversible = false;
            step.action = Action::keep(format!(
                "stopping it cannot be undone; left running ({})",
                options.refusals.irreversible
            ));
            step.change = step.action.describe(&step.current);
        }
    }
    let selector = match (&options.selector, &options.kill_id) {
        (Some(s), _) => s.describe(),
        (None, Some(id)) => format!("{MARK_KILL}={id}"),
        (None, None) => String::new(),
    };
    let notes = match options.mode {
        Mode::Kill => kill_notes(reading.notes, &steps),
        Mode::Undo => Vec::new(),
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
        skip_irreversible: options.skip_irreversible,
        types: options.types.clone(),
        notes,
        billing: match options.mode {
            Mode::Kill => reading.billing,
            Mode::Undo => Vec::new(),
        },
        requests: reading.requests,
        retried: ctx.retried(),
        accounts: Vec::new(),
        part_of_many: false,
    };
    if plan.changes() > options.max_resources {
        let limit = options.refusals.limit;
        return Err(Error::usage(format!(
            "the plan changes {} resources, more than {limit} {}; check the selector, then raise {limit} (or \
             kill.max_resources in costbrake.toml) if it is right",
            plan.changes(),
            options.max_resources
        )));
    }
    Ok((plan, reading.caller))
}

/// The kinds' notes, and what the plan's steps imply: the deny on the agent's principals is the only
/// brake on what bills per request (Bedrock model invocations above all), which no other step stops.
fn kill_notes(mut notes: Vec<String>, steps: &[Step]) -> Vec<String> {
    let denies = |s: &&Step| {
        matches!(s.action, Action::Principal(kinds::principal::Action::Deny))
            || matches!(
                (&s.action, &s.current),
                (
                    Action::Keep { .. },
                    State::Principal(kinds::principal::Prior { deny_policy: true })
                )
            )
    };
    let principals = steps
        .iter()
        .filter(|s| matches!(s.target.kind, Kind::Role | Kind::User))
        .filter(denies)
        .count();
    let account = steps
        .iter()
        .any(|s| s.target.kind == Kind::Account && !matches!(s.action, Action::Blocked { .. }));
    if account {
        notes.push(
            "The deny-all SCP on the sandbox account is what stops new Bedrock model invocations and \
             every other per-request call made there."
                .into(),
        );
    } else if principals > 0 {
        notes.push(format!(
            "The deny policy on the agent's {principals} IAM {} is what stops new Bedrock model \
             invocations and every other per-request call it makes; nothing else in this plan stops them.",
            if principals == 1 {
                "principal"
            } else {
                "principals"
            }
        ));
    } else if steps.iter().any(|s| s.action.changes()) {
        notes.push(
            "No IAM role or user of the agent is selected, so nothing here stops new Bedrock model \
             invocations or other per-request calls: tag the agent's role with the selector to deny it too."
                .into(),
        );
    }
    notes.sort();
    notes.dedup();
    notes
}

#[cfg(test)]
mod tests {
    use super::super::kinds::{instance, test_live};
    use super::*;

    #[test]
    fn plan_hash_changes_with_state() {
        let running = State::Instance(instance::Prior {
            state: "running".into(),
        });
        let stopped = State::Instance(instance::Prior {
            state: "stopped".into(),
        });
        let a = plan_kill(&[test_live(Kind::Instance, running, None)]);
        let b = plan_kill(&[test_live(Kind::Instance, stopped, None)]);
        assert_eq!(plan_hash(Mode::Kill, "s", &a), plan_hash(Mode::Kill, "s", &a));
        assert_ne!(plan_hash(Mode::Kill, "s", &a), plan_hash(Mode::Kill, "s", &b));
        assert_ne!(plan_hash(Mode::Kill, "s", &a), plan_hash(Mode::Kill, "t", &a));
    }

    #[test]
    fn only_marked_resources_are_restored() {
        let stopped = State::Instance(instance::Prior {
            state: "stopped".into(),
        });
        assert!(plan_undo(&[test_live(Kind::Instance, stopped, None)]).is_empty());
    }

    #[test]
    fn a_prior_state_of_another_kind_blocks_the_undo() {
        let current = State::Instance(instance::Prior {
            state: "stopped".into(),
        });
        let prior = State::Function(super::super::kinds::function::Prior { reserved: None });
        let undo = plan_undo(&[test_live(Kind::Instance, current, Some(prior))]);
        assert!(
            matches!(undo[0].action, Action::Blocked { .. }),
            "{:?}",
            undo[0].action
        );
    }

    #[test]
    fn the_plan_says_what_stops_per_request_spend() {
        use super::super::kinds::principal;
        let running = State::Instance(instance::Prior {
            state: "running".into(),
        });
        let role = |deny_policy| State::Principal(principal::Prior { deny_policy });
        let instance_only = plan_kill(&[test_live(Kind::Instance, running.clone(), None)]);
        let notes = kill_notes(vec![], &instance_only);
        assert!(notes[0].starts_with("No IAM role or user"), "{notes:?}");

        let with_roles = plan_kill(&[
            test_live(Kind::Instance, running, None),
            test_live(Kind::Role, role(false), None),
            test_live(Kind::Role, role(true), None),
        ]);
        let notes = kill_notes(
            vec!["A kind's note.".into(), "A kind's note.".into()],
            &with_roles,
        );
        assert_eq!(notes.len(), 2, "kinds' notes come once: {notes:?}");
        assert!(
            notes[1].contains("agent's 2 IAM principals is what stops new Bedrock"),
            "{notes:?}"
        );

        assert!(
            kill_notes(vec![], &[]).is_empty(),
            "nothing to stop, nothing to say"
        );
    }
}
