//! Reads what a kill, undo or status acts on: the inventory (Tagging API united with direct listing, so
//! never-indexed resources are found too), then each kind's fresh reads of its candidates
//! ([`super::kinds::Handler::read`]), whose tags are checked against the selector again (the Tagging API
//! lags behind) and whose costbrake markers say whether, when and how it was killed. The kinds are read
//! concurrently; a kind that follows another (Auto Scaling groups follow their instances) reads after it.

use std::collections::{BTreeMap, BTreeSet};

use crate::aws::{self, AwsContext};
use crate::error::{Error, Result};
use crate::inventory::{self, Gap, Resource, Scope, TypeFilter};
use crate::progress::Progress;

use super::kinds::{self, Handler};
use super::{Billing, Kind, Live, MARK_BY, MARK_KILL, MARK_PRIOR, Markers, Selector, State, Target};

/// Concurrency of the per-resource reads.
pub(crate) const CONCURRENCY: usize = 16;

/// A resource's tags.
pub type Tags = BTreeMap<String, String>;

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
    pub fn restores(&self) -> bool {
        matches!(self, Filter::Undo(_) | Filter::KillId(_))
    }

    /// Whether a resource with these (fresh) tags is to be read.
    pub fn picks(&self, tags: &Tags) -> bool {
        match self {
            Filter::Selector(selector) => selector.matches(tags),
            Filter::Killed(selector) => {
                tags.contains_key(MARK_KILL) && selector.is_none_or(|s| s.matches(tags))
            }
            Filter::Undo(selector) => tags.contains_key(MARK_KILL) && selector.matches(tags),
            Filter::KillId(id) => tags.get(MARK_KILL).is_some_and(|k| k == id),
        }
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
    /// Of those, how many the selector matches by the inventory's tags, whatever `--types` asked for.
    pub matched: usize,
    /// Every region's listing failed: nothing regional was seen and each region has a gap.
    pub regions_unreadable: bool,
    /// What the selection spends on that no kill can stop.
    pub billing: Vec<Billing>,
    /// What on-call should know about the kill that no step says (sorted, each once).
    pub notes: Vec<String>,
}

/// What one kind's read found: resources, unreadable parts, requests made.
#[derive(Debug, Default)]
pub struct Part {
    pub live: Vec<Live>,
    pub gaps: Vec<Gap>,
    pub requests: u32,
    /// What the selection spends on here that a kill cannot stop.
    pub billing: Vec<Billing>,
    /// What on-call should know about killing this kind that no step says (a database that AWS starts
    /// again after seven days), one sentence each.
    pub notes: Vec<String>,
}

impl Part {
    pub(crate) fn extend(&mut self, other: Part) {
        self.live.extend(other.live);
        self.gaps.extend(other.gaps);
        self.requests += other.requests;
        self.billing.extend(other.billing);
        self.notes.extend(other.notes);
    }
}

/// An inventory resource that may be read: its target and where it came from.
#[derive(Debug, Clone)]
pub struct Candidate<'a> {
    pub target: Target,
    pub resource: &'a Resource,
}

impl Candidate<'_> {
    /// The tags the inventory saw (possibly stale: the Tagging API lags).
    pub fn tags(&self) -> &Tags {
        &self.resource.tags
    }
}

/// What every kind's read gets.
pub struct ReadCx<'a> {
    pub ctx: &'a AwsContext,
    pub candidates: &'a [Candidate<'a>],
    /// The whole inventory, selected or not.
    pub resources: &'a [Resource],
    pub filter: &'a Filter<'a>,
    /// The account the inventory was read in.
    pub account: &'a str,
    /// The sandbox member account named for its SCP, if any.
    pub sandbox_account: Option<&'a str>,
    /// The regions read.
    pub regions: &'a [String],
    /// The inventory types of the kinds asked for (`--types`).
    pub wanted: &'a [String],
}

impl<'a> ReadCx<'a> {
    /// The candidates of `kinds`.
    pub fn of(&self, kinds: &'a [Kind]) -> impl Iterator<Item = &'a Candidate<'a>> + 'a {
        self.candidates.iter().filter(|c| kinds.contains(&c.target.kind))
    }

    /// The candidate of `kind` with this id in `region`.
    pub fn find(&self, kind: Kind, region: &str, id: &str) -> Option<&'a Candidate<'a>> {
        self.candidates
            .iter()
            .find(|c| c.target.kind == kind && c.target.region == region && c.target.id == id)
    }

    /// Whether a resource with these fresh tags is to be read.
    pub fn picks(&self, tags: &Tags) -> bool {
        self.filter.picks(tags)
    }

    /// Whether `--types` asked for `kind` (for reads that do not start from its candidates).
    pub fn wants(&self, kind: Kind) -> bool {
        self.wanted.iter().any(|t| t == kind.type_name())
    }
}

impl std::fmt::Debug for ReadCx<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReadCx")
            .field("candidates", &self.candidates.len())
            .field("filter", self.filter)
            .finish_non_exhaustive()
    }
}

/// Reads the resources `filter` picks in `regions` (and the sandbox account's SCP state when given), of
/// the kinds `types` names (every kind when empty). Every kind is still listed: whether a selector
/// matches everything is judged over the whole scope, not over the kinds asked for.
pub async fn read(
    ctx: &AwsContext,
    regions: &[String],
    filter: Filter<'_>,
    sandbox_account: Option<&str>,
    types: &[String],
    progress: &dyn Progress,
) -> Result<Reading> {
    // The kinds' own types, and what their reads report as billing on after a kill (never acted on).
    // Every kind is listed whatever `types` asks for (see above).
    let mut listed: Vec<String> = Kind::ALL
        .into_iter()
        .filter(|k| k.listed())
        .map(|k| {
            kinds::handler(k)
                .listed_from()
                .unwrap_or(k.type_name())
                .to_string()
        })
        .collect();
    listed.extend(
        kinds::handlers()
            .iter()
            .flat_map(|h| h.billing_types())
            .map(|t| t.to_string()),
    );
    let scope = Scope {
        regions: regions.to_vec(),
        types: TypeFilter::new(listed)?,
        tags: Vec::new(),
        // One DescribeInstances page per region gives every instance's root device type: no second read.
        full_instances: true,
    };
    // The inventory asked who is calling (once per run; its count holds that request).
    let inventory = inventory::collect(ctx, &scope, progress).await?;
    let caller = aws::sts::caller_identity(ctx).await?;
    let mut requests = inventory.requests;
    let mut gaps = inventory.gaps.clone();
    let regions_unreadable = !regions.is_empty()
        && !inventory.resources.iter().any(|r| r.region != inventory::GLOBAL)
        && regions
            .iter()
            .all(|region| gaps.iter().any(|g| &g.region == region));

    // Tags of some kinds come from the Tagging API, which lags: markers a kill set seconds ago may not be
    // indexed yet. Undo and status therefore take such a resource as a candidate on its selector tags
    // (or, for a kill id, on this machine's journal) and check the markers on the fresh tags read later.
    let journaled: BTreeSet<String> = match &filter {
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
    let candidate = |handler: &dyn Handler, arn: &str, tags: &Tags| {
        if !handler.tags_lag() {
            return filter.picks(tags);
        }
        match &filter {
            Filter::Selector(selector) | Filter::Killed(Some(selector)) | Filter::Undo(selector) => {
                selector.matches(tags)
            }
            Filter::Killed(None) => tags.contains_key(MARK_KILL),
            Filter::KillId(id) => tags.get(MARK_KILL).is_some_and(|k| k == id) || journaled.contains(arn),
        }
    };

    let wanted = Kind::types_matching(types);
    let mut in_scope = 0;
    let mut matched = 0;
    let mut candidates: Vec<Candidate<'_>> = Vec::new();
    for resource in &inventory.resources {
        // A state machine is in scope as what holds its executions (its kind's `listed_from`).
        let Some(kind) = Kind::from_type(&resource.resource_type).or_else(|| {
            Kind::ALL.into_iter().find(|k| {
                k.listed() && kinds::handler(*k).listed_from() == Some(resource.resource_type.as_str())
            })
        }) else {
            continue;
        };
        in_scope += 1;
        if let Filter::Selector(selector) = &filter
            && selector.matches(&resource.tags)
        {
            matched += 1;
        }
        let handler = kinds::handler(kind);
        if wanted.contains(&resource.resource_type) && candidate(handler, &resource.arn, &resource.tags) {
            candidates.push(Candidate {
                target: handler.target(kind, resource),
                resource,
            });
        }
    }

    let cx = ReadCx {
        ctx,
        candidates: &candidates,
        resources: &inventory.resources,
        filter: &filter,
        account: &inventory.account,
        sandbox_account,
        regions,
        wanted: &wanted,
    };
    // Every kind that follows no other starts at once; its followers read after it, with its results.
    let handlers = kinds::handlers();
    let chains = handlers.iter().filter(|h| h.follows().is_none()).map(|root| {
        let (cx, handlers) = (&cx, &handlers);
        async move {
            let mut part = root.read(cx, &[]).await?;
            for follower in handlers
                .iter()
                .filter(|h| h.follows().is_some_and(|k| root.kinds().contains(&k)))
            {
                let next = follower.read(cx, &part.live).await?;
                part.extend(next);
            }
            Ok::<Part, Error>(part)
        }
    });
    let mut live = Vec::new();
    let mut billing = Vec::new();
    let mut notes = Vec::new();
    for part in futures::future::join_all(chains).await {
        let part = part?;
        live.extend(part.live);
        gaps.extend(part.gaps);
        requests += part.requests;
        billing.extend(part.billing);
        notes.extend(part.notes);
    }
    notes.sort();
    notes.dedup();
    billing.sort_by(|a, b| (&a.what, &a.region, &a.arn).cmp(&(&b.what, &b.region, &b.arn)));

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
        matched,
        regions_unreadable,
        billing,
        notes,
    })
}

/// A live resource from its fresh tags: the markers, or why they cannot be trusted.
pub fn make_live(
    target: Target,
    current: State,
    tags: &Tags,
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

/// A part of the scope that could not be read: `source` is the IAM action of the call that failed.
pub fn gap(source: &str, region: &str, arn: Option<&str>, err: Error) -> Gap {
    Gap {
        account: None,
        source: source.to_string(),
        region: region.to_string(),
        arn: arn.map(str::to_string),
        error: err.to_string(),
    }
}
