//! Reads what a kill, undo or status acts on: the inventory (Tagging API united with direct listing, so
//! never-indexed resources are found too), then a fresh per-service read of each selected resource, whose
//! tags are checked against the selector again (the Tagging API lags behind) and whose costbrake markers
//! say whether, when and how it was killed. EC2 instances are the exception: the inventory's
//! DescribeInstances listing has just returned their state, root device and tags, so only instances it
//! did not see are described again. The kinds are read concurrently.

use std::collections::{BTreeMap, BTreeSet};

use crate::aws::{self, AwsContext};
use crate::error::{Error, Result};
use crate::inventory::{self, Gap, Scope, TypeFilter};
use crate::output::Progress;

use super::{Kind, Live, MARK_BY, MARK_KILL, MARK_PRIOR, Markers, SCP_PREFIX, Selector, State, Target};

/// Concurrency of the per-resource reads.
const CONCURRENCY: usize = 16;

/// Which resources to read.
#[derive(Debug, Clone)]
pub enum Filter<'a> {
    /// Everything the selector matches (kill).
    Selector(&'a Selector),
    /// Killed resources the selector matches, or every killed resource (status).
    Killed(Option<&'a Selector>),
    /// Killed resources the selector matches, to restore them (undo).
    Undo(&'a Selector),
    /// The resources of one kill, to restore them (undo).
    KillId(&'a str),
}

impl Filter<'_> {
    /// Whether the read is for an undo, which sets recorded prior states.
    fn restores(&self) -> bool {
        matches!(self, Filter::Undo(_) | Filter::KillId(_))
    }
}

/// What was read.
#[derive(Debug, Clone)]
pub struct Reading {
    pub account: String,
    pub caller: String,
    pub live: Vec<Live>,
    pub gaps: Vec<Gap>,
    pub requests: u32,
    /// Resources of the kill-switch's types in scope, selected or not.
    pub in_scope: usize,
}

/// Reads the resources `filter` picks in `regions` (and the sandbox account's SCP state when given).
pub async fn read(
    ctx: &AwsContext,
    regions: &[String],
    filter: Filter<'_>,
    sandbox_account: Option<&str>,
    progress: &dyn Progress,
) -> Result<Reading> {
    let scope = Scope {
        regions: regions.to_vec(),
        types: TypeFilter::new(Kind::TYPES.iter().map(|t| t.to_string()).collect())?,
        tags: Vec::new(),
        // One DescribeInstances page per region gives every instance's root device type: no second read.
        full_instances: true,
    };
    // Who is calling is independent of the listing: ask both at once.
    let (caller, inventory) = futures::join!(
        aws::sts::caller_identity(ctx),
        inventory::collect(ctx, &scope, progress)
    );
    let (caller, inventory) = (caller?, inventory?);
    let mut requests = inventory.requests + 1;
    let mut gaps = inventory.gaps.clone();

    let picks = |tags: &BTreeMap<String, String>| match &filter {
        Filter::Selector(selector) => selector.matches(tags),
        Filter::Killed(selector) => tags.contains_key(MARK_KILL) && selector.is_none_or(|s| s.matches(tags)),
        Filter::Undo(selector) => tags.contains_key(MARK_KILL) && selector.matches(tags),
        Filter::KillId(id) => tags.get(MARK_KILL).is_some_and(|k| k == id),
    };

    // Lambda tags come from the Tagging API, which lags: markers a kill set seconds ago may not be
    // indexed yet. Undo and status therefore take a function as a candidate on its selector tags (or, for
    // a kill id, on this machine's journal) and check the markers on the fresh tags read below.
    let journaled: std::collections::BTreeSet<String> = match &filter {
        Filter::KillId(id) => super::journal::read(id)
            .ok()
            .flatten()
            .unwrap_or_default()
            .into_iter()
            .filter_map(|e| match e {
                super::journal::Entry::Record { arn, .. } => Some(arn),
                _ => None,
            })
            .collect(),
        _ => Default::default(),
    };
    let candidate = |kind: Kind, arn: &str, tags: &BTreeMap<String, String>| {
        if kind != Kind::Function {
            return picks(tags);
        }
        match &filter {
            Filter::Selector(selector) | Filter::Killed(Some(selector)) | Filter::Undo(selector) => {
                selector.matches(tags)
            }
            Filter::Killed(None) => tags.contains_key(MARK_KILL),
            Filter::KillId(id) => tags.get(MARK_KILL).is_some_and(|k| k == id) || journaled.contains(arn),
        }
    };

    let mut in_scope = 0;
    let mut targets: Vec<(Target, BTreeMap<String, String>)> = Vec::new();
    // Instances the EC2 listing just described: their state, root device and tags are fresh.
    let mut listed_instances: Vec<(String, aws::ec2::InstanceDetail)> = Vec::new();
    for resource in &inventory.resources {
        let Some(kind) = Kind::from_type(&resource.resource_type) else {
            continue;
        };
        in_scope += 1;
        if !candidate(kind, &resource.arn, &resource.tags) {
            continue;
        }
        let cluster = (kind == Kind::Service)
            .then(|| ecs_cluster(&resource.arn))
            .flatten();
        if kind == Kind::Instance
            && resource.sources.contains(&inventory::Source::Ec2Instances)
            && let (Some(state), Some(root_device)) = (&resource.state, &resource.root_device)
        {
            listed_instances.push((
                resource.region.clone(),
                aws::ec2::InstanceDetail {
                    id: resource.id.clone(),
                    state: state.clone(),
                    root_device_type: root_device.clone(),
                    tags: resource.tags.clone(),
                },
            ));
        }
        targets.push((
            Target {
                arn: resource.arn.clone(),
                kind,
                region: resource.region.clone(),
                id: resource.id.clone(),
                name: resource.name.clone(),
                cluster,
                group: None,
            },
            resource.tags.clone(),
        ));
    }

    // The kinds are independent, except Auto Scaling groups, which follow their instances: read them
    // concurrently.
    let targets = &targets;
    let picks = &picks;
    let filter = &filter;
    let resources = &inventory.resources;
    let (ec2_part, service_part, function_part, principal_part) = futures::join!(
        instances_and_groups(ctx, targets, listed_instances, picks, filter, resources),
        services(ctx, targets, picks),
        functions(ctx, targets, picks, filter.restores()),
        principals(ctx, targets),
    );
    let mut live = Vec::new();
    for (part_live, part_gaps, part_requests) in [ec2_part, service_part, function_part, principal_part] {
        live.extend(part_live);
        gaps.extend(part_gaps);
        requests += part_requests;
    }

    if let Some(account) = sandbox_account {
        requests += 1;
        let policies = aws::organizations::scps_for_target(ctx, account).await?;
        let ours = policies.iter().find(|p| p.name.starts_with(SCP_PREFIX));
        let wanted = match (&filter, ours) {
            (_, None) => matches!(filter, Filter::Selector(_)),
            (Filter::KillId(id), Some(p)) => p.name.ends_with(*id),
            (_, Some(_)) => true,
        };
        if wanted {
            let partition = aws::partition(&ctx.global_region());
            let target = Target {
                arn: format!(
                    "arn:{partition}:organizations::{}:account/{account}",
                    inventory.account
                ),
                kind: Kind::Account,
                region: inventory::GLOBAL.into(),
                id: account.to_string(),
                name: None,
                cluster: None,
                group: None,
            };
            let markers = ours.map(|p| Markers {
                kill_id: p.name.trim_start_matches(SCP_PREFIX).to_string(),
                prior: State::Account { scp: None },
                by: p.description.split(" by ").nth(1).map(str::to_string),
            });
            live.push(Live {
                target,
                current: State::Account {
                    scp: ours.map(|p| p.id.clone()),
                },
                markers,
                blocker: None,
                selected: true,
            });
        }
    }

    live.sort_by(|a, b| {
        (a.target.kind, &a.target.region, &a.target.arn).cmp(&(
            b.target.kind,
            &b.target.region,
            &b.target.arn,
        ))
    });
    Ok(Reading {
        account: inventory.account,
        caller: caller.arn,
        live,
        gaps,
        requests,
        in_scope,
    })
}

/// What one part of the read found: resources, unreadable parts, requests made.
type Part = (Vec<Live>, Vec<Gap>, u32);

/// Instances (from the listing, or described when it did not see them), then the Auto Scaling groups:
/// the selected ones and the groups of selected instances.
async fn instances_and_groups(
    ctx: &AwsContext,
    targets: &[(Target, BTreeMap<String, String>)],
    listed: Vec<(String, aws::ec2::InstanceDetail)>,
    picks: &(impl Fn(&BTreeMap<String, String>) -> bool + Sync),
    filter: &Filter<'_>,
    resources: &[inventory::Resource],
) -> Part {
    let (mut live, mut gaps, mut requests) = (Vec::new(), Vec::new(), 0);
    // Instances the listing did not describe (seen by the Tagging API only): describe them now.
    let seen: BTreeSet<(&str, &str)> = listed.iter().map(|(r, d)| (r.as_str(), d.id.as_str())).collect();
    let mut unlisted: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (t, _) in targets.iter().filter(|(t, _)| t.kind == Kind::Instance) {
        if !seen.contains(&(t.region.as_str(), t.id.as_str())) {
            unlisted.entry(t.region.clone()).or_default().push(t.id.clone());
        }
    }
    let results = aws::fan_out(unlisted, CONCURRENCY, |(region, ids)| async move {
        let result = aws::ec2::describe(ctx, &region, &ids).await;
        (region, result)
    })
    .await;
    drop(seen);
    let mut details = listed;
    for (region, result) in results {
        match result {
            Ok((described, calls)) => {
                requests += calls;
                details.extend(described.into_iter().map(|d| (region.clone(), d)));
            }
            Err(err) => gaps.push(gap("ec2:DescribeInstances", &region, err)),
        }
    }
    let mut parent_groups: BTreeSet<(String, String)> = BTreeSet::new();
    for (region, d) in details {
        let Some((mut target, _)) = find(targets, Kind::Instance, &region, &d.id) else {
            continue;
        };
        if !picks(&d.tags) {
            continue; // re-tagged since the Tagging API indexed it
        }
        target.group = d.tags.get("aws:autoscaling:groupName").cloned();
        if let Some(group) = &target.group {
            parent_groups.insert((region.clone(), group.clone()));
        }
        let blocker = (d.root_device_type == "instance-store")
            .then(|| "instance-store root device: it cannot be stopped, only terminated".to_string());
        let current = State::Instance { state: d.state };
        live.push(make_live(target, current, &d.tags, blocker, true));
    }

    let mut groups: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (t, _) in targets.iter().filter(|(t, _)| t.kind == Kind::Group) {
        groups.entry(t.region.clone()).or_default().push(t.id.clone());
    }
    for (region, name) in &parent_groups {
        let names = groups.entry(region.clone()).or_default();
        if !names.contains(name) {
            names.push(name.clone());
        }
    }
    let results = aws::fan_out(groups, CONCURRENCY, |(region, names)| async move {
        let result = aws::autoscaling::describe(ctx, &region, &names).await;
        (region, result)
    })
    .await;
    for (region, result) in results {
        match result {
            Ok((details, calls)) => {
                requests += calls;
                for d in details {
                    let selected = find(targets, Kind::Group, &region, &d.name).is_some() && picks(&d.tags);
                    let is_parent = parent_groups.contains(&(region.clone(), d.name.clone()));
                    if !selected && !is_parent {
                        continue;
                    }
                    // A parent group is read for undo/status only when a kill marked it.
                    if !selected && !matches!(filter, Filter::Selector(_)) && !d.tags.contains_key(MARK_KILL)
                    {
                        continue;
                    }
                    let target = Target {
                        arn: group_arn(resources, &region, &d.name),
                        kind: Kind::Group,
                        region: region.clone(),
                        id: d.name.clone(),
                        name: None,
                        cluster: None,
                        group: None,
                    };
                    let current = State::Group {
                        desired: d.desired,
                        min: d.min,
                        max: d.max,
                        suspended: d.suspended,
                    };
                    live.push(make_live(target, current, &d.tags, None, selected));
                }
            }
            Err(err) => gaps.push(gap("autoscaling:DescribeAutoScalingGroups", &region, err)),
        }
    }
    (live, gaps, requests)
}

/// ECS services and their scalable targets.
async fn services(
    ctx: &AwsContext,
    targets: &[(Target, BTreeMap<String, String>)],
    picks: &(impl Fn(&BTreeMap<String, String>) -> bool + Sync),
) -> Part {
    let (mut live, mut gaps, mut requests) = (Vec::new(), Vec::new(), 0);
    let mut services: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for (t, _) in targets.iter().filter(|(t, _)| t.kind == Kind::Service) {
        match &t.cluster {
            Some(cluster) => services
                .entry(t.region.clone())
                .or_default()
                .push((cluster.clone(), t.arn.clone())),
            None => live.push(Live {
                target: t.clone(),
                current: State::Service {
                    desired: 0,
                    scaling: None,
                },
                markers: None,
                blocker: Some(
                    "old-format ECS service ARN without its cluster: opt in to the long ARN format".into(),
                ),
                selected: true,
            }),
        }
    }
    let results = aws::fan_out(services, CONCURRENCY, |(region, arns)| async move {
        let described = aws::ecs::describe_services(ctx, &region, &arns).await;
        let scaling = match &described {
            Ok((details, _)) => {
                let ids: Vec<String> = details
                    .iter()
                    .map(|d| format!("service/{}/{}", d.cluster, d.name))
                    .collect();
                Some(aws::appscaling::ecs_targets(ctx, &region, &ids).await)
            }
            Err(_) => None,
        };
        (region, described, scaling)
    })
    .await;
    for (region, described, scaling) in results {
        let (details, calls) = match described {
            Ok(ok) => ok,
            Err(err) => {
                gaps.push(gap("ecs:DescribeServices", &region, err));
                continue;
            }
        };
        requests += calls;
        let targets_state = match scaling {
            Some(Ok((map, calls))) => {
                requests += calls;
                map
            }
            Some(Err(err)) => {
                gaps.push(gap(
                    "application-autoscaling:DescribeScalableTargets",
                    &region,
                    err,
                ));
                continue;
            }
            None => BTreeMap::new(),
        };
        for d in details {
            if !picks(&d.tags) {
                continue;
            }
            let Some((target, _)) = targets.iter().find(|(t, _)| t.arn == d.arn).cloned() else {
                continue;
            };
            let scaling = targets_state
                .get(&format!("service/{}/{}", d.cluster, d.name))
                .map(|s| super::Scaling {
                    scale_in_suspended: s.scale_in,
                    scale_out_suspended: s.scale_out,
                    scheduled_suspended: s.scheduled,
                });
            let current = State::Service {
                desired: d.desired,
                scaling,
            };
            live.push(make_live(target, current, &d.tags, None, true));
        }
    }
    (live, gaps, requests)
}

/// Lambda functions: fresh tags and reserved concurrency from one GetFunction each, plus a
/// GetFunctionConcurrency where GetFunction reports no reservation and the difference matters.
async fn functions(
    ctx: &AwsContext,
    targets: &[(Target, BTreeMap<String, String>)],
    picks: &(impl Fn(&BTreeMap<String, String>) -> bool + Sync),
    restoring: bool,
) -> Part {
    let (mut live, mut gaps, mut requests) = (Vec::new(), Vec::new(), 0);
    let functions: Vec<Target> = targets
        .iter()
        .filter(|(t, _)| t.kind == Kind::Function)
        .map(|(t, _)| t.clone())
        .collect();
    let results = aws::fan_out(functions, CONCURRENCY, |target| async move {
        let read = match aws::lambda::function(ctx, &target.region, &target.arn).await {
            Ok(read) => read,
            Err(err) => return (target, 1, Err(("lambda:GetFunction", err))),
        };
        let reserved = match reservation(&read, restoring) {
            Reservation::Known(reserved) => return (target, 1, Ok((read.tags, reserved))),
            Reservation::Ask => aws::lambda::reserved_concurrency(ctx, &target.region, &target.id).await,
        };
        let reserved = reserved.map_err(|err| ("lambda:GetFunctionConcurrency", err));
        (target, 2, reserved.map(|reserved| (read.tags, reserved)))
    })
    .await;
    for (target, calls, result) in results {
        requests += calls;
        match result {
            Ok((tags, reserved)) => {
                if picks(&tags) {
                    live.push(make_live(target, State::Function { reserved }, &tags, None, true));
                }
            }
            Err((source, err)) => gaps.push(Gap {
                source: source.into(),
                region: target.region.clone(),
                arn: Some(target.arn.clone()),
                error: err.to_string(),
            }),
        }
    }
    (live, gaps, requests)
}

/// Whether GetFunction settled a function's reserved concurrency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reservation {
    Known(Option<i32>),
    /// Ask GetFunctionConcurrency.
    Ask,
}

/// GetFunction reports a reservation when there is one, except that moto also omits a reservation of
/// 0, so its absence means "none" or "0". That difference decides what a kill records and whether it
/// throttles, and what status reports, so they ask GetFunctionConcurrency. Undo of a function a kill
/// marked does not: it sets the recorded prior value whichever it is, and its plan shows the kill's 0.
fn reservation(read: &aws::lambda::FunctionRead, restoring: bool) -> Reservation {
    match read.reported_reservation {
        Some(n) => Reservation::Known(Some(n)),
        None if restoring && read.tags.contains_key(MARK_KILL) && read.tags.contains_key(MARK_PRIOR) => {
            Reservation::Known(Some(0))
        }
        None => Reservation::Ask,
    }
}

/// IAM roles and users: is the deny policy there? Their tags came fresh from IAM.
async fn principals(ctx: &AwsContext, targets: &[(Target, BTreeMap<String, String>)]) -> Part {
    let (mut live, mut gaps, mut requests) = (Vec::new(), Vec::new(), 0);
    let principals: Vec<(Target, BTreeMap<String, String>)> = targets
        .iter()
        .filter(|(t, _)| matches!(t.kind, Kind::Role | Kind::User))
        .cloned()
        .collect();
    let results = aws::fan_out(principals, CONCURRENCY, |(target, tags)| async move {
        let principal = principal(&target);
        let result = aws::iam::has_inline_policy(ctx, principal, super::DENY_POLICY).await;
        (target, tags, result)
    })
    .await;
    for (target, tags, result) in results {
        requests += 1;
        match result {
            Ok(deny_policy) => live.push(make_live(
                target,
                State::Principal { deny_policy },
                &tags,
                None,
                true,
            )),
            Err(err) => gaps.push(Gap {
                source: "iam:GetRolePolicy".into(),
                region: inventory::GLOBAL.into(),
                arn: Some(target.arn.clone()),
                error: err.to_string(),
            }),
        }
    }
    (live, gaps, requests)
}

/// The IAM principal of a role or user target.
pub fn principal(target: &Target) -> aws::iam::Principal<'_> {
    match target.kind {
        Kind::User => aws::iam::Principal::User(&target.id),
        _ => aws::iam::Principal::Role(&target.id),
    }
}

fn make_live(
    target: Target,
    current: State,
    tags: &BTreeMap<String, String>,
    blocker: Option<String>,
    selected: bool,
) -> Live {
    let (markers, marker_problem) = match (tags.get(MARK_KILL), tags.get(MARK_PRIOR)) {
        (Some(kill_id), Some(prior)) => match State::parse(target.kind, prior) {
            Some(prior) => (
                Some(Markers {
                    kill_id: kill_id.clone(),
                    prior,
                    by: tags.get(MARK_BY).cloned(),
                }),
                None,
            ),
            None => (
                None,
                Some(format!(
                    "its {MARK_PRIOR} tag `{prior}` cannot be read; restore it by hand and remove the costbrake:* tags"
                )),
            ),
        },
        (Some(_), None) => (
            None,
            Some(format!(
                "it has {MARK_KILL} but no {MARK_PRIOR} tag; restore it by hand and remove the costbrake:* tags"
            )),
        ),
        _ => (None, None),
    };
    Live {
        target,
        current,
        markers,
        blocker: blocker.or(marker_problem),
        selected,
    }
}

fn find(
    targets: &[(Target, BTreeMap<String, String>)],
    kind: Kind,
    region: &str,
    id: &str,
) -> Option<(Target, BTreeMap<String, String>)> {
    targets
        .iter()
        .find(|(t, _)| t.kind == kind && t.region == region && t.id == id)
        .cloned()
}

fn group_arn(resources: &[inventory::Resource], region: &str, name: &str) -> String {
    resources
        .iter()
        .find(|r| r.resource_type == "autoscaling:autoScalingGroup" && r.region == region && r.id == name)
        .map(|r| r.arn.clone())
        .unwrap_or_else(|| format!("autoscaling:{region}:autoScalingGroupName/{name}"))
}

/// The cluster of a long-format service ARN (`...:service/CLUSTER/SERVICE`).
fn ecs_cluster(arn: &str) -> Option<String> {
    let resource = arn.splitn(6, ':').nth(5)?;
    let mut parts = resource.split('/');
    match (parts.next(), parts.next(), parts.next()) {
        (Some("service"), Some(cluster), Some(_)) => Some(cluster.to_string()),
        _ => None,
    }
}

fn gap(source: &str, region: &str, err: Error) -> Gap {
    Gap {
        source: source.to_string(),
        region: region.to_string(),
        arn: None,
        error: err.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(reserved: Option<i32>, tags: &[(&str, &str)]) -> aws::lambda::FunctionRead {
        aws::lambda::FunctionRead {
            tags: tags.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
            reported_reservation: reserved,
        }
    }

    #[test]
    fn a_reported_reservation_needs_no_second_read() {
        assert_eq!(
            reservation(&read(Some(5), &[]), false),
            Reservation::Known(Some(5))
        );
        assert_eq!(
            reservation(&read(Some(0), &[]), true),
            Reservation::Known(Some(0))
        );
    }

    #[test]
    fn an_unreported_reservation_is_asked_unless_undo_restores_a_marked_function() {
        let marked = [(MARK_KILL, "k-1"), (MARK_PRIOR, "none")];
        // Kill and status must tell "none" from 0.
        assert_eq!(reservation(&read(None, &[]), false), Reservation::Ask);
        assert_eq!(reservation(&read(None, &marked), false), Reservation::Ask);
        // Undo sets the prior value either way.
        assert_eq!(
            reservation(&read(None, &marked), true),
            Reservation::Known(Some(0))
        );
        // Unless the markers are incomplete, which the plan reports as a blocker: read it exactly.
        assert_eq!(
            reservation(&read(None, &[(MARK_KILL, "k-1")]), true),
            Reservation::Ask
        );
        assert_eq!(reservation(&read(None, &[]), true), Reservation::Ask);
    }

    #[test]
    fn cluster_comes_from_the_long_service_arn() {
        assert_eq!(
            ecs_cluster("arn:aws:ecs:us-east-1:123:service/agents/worker").as_deref(),
            Some("agents")
        );
        assert_eq!(ecs_cluster("arn:aws:ecs:us-east-1:123:service/worker"), None);
    }
}
