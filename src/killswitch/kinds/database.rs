//! RDS DB instances and DB clusters (Aurora, and Multi-AZ DB clusters): a kill stops an `available`
//! one (StopDBInstance, StopDBCluster; storage, backups and snapshots keep billing), and undo starts it
//! again, only if it was `available` before the kill: a database stopped before stays stopped.
//!
//! - A member instance of a cluster cannot be stopped on its own (StopDBInstance refuses it): it is
//!   stopped and started with its cluster, so the plan leaves it to the cluster, or blocks it with the
//!   reason when the cluster is not in the kill.
//! - What RDS cannot stop is blocked with AWS's reason, never attempted: a read replica or an instance
//!   with read replicas, a Multi-AZ SQL Server instance
//!   (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_StopInstance.html), a cluster of an
//!   Aurora global database, a cross-Region replica cluster, Aurora Serverless v1
//!   (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-cluster-stop-start.html).
//! - A database on its way somewhere (`stopping`, `starting`, `backing-up`, `modifying`, ...) is
//!   blocked until it gets there: run the same kill or undo again.
//! - AWS starts a stopped database again after seven days. The plan says so (a note), and a kill of a
//!   database that carries markers but is `available` again stops it again, keeping the prior state the
//!   first kill recorded, which is what `costbrake guard --apply` does for a still-breached agent.
//!
//! Status, tags and what decides a stop come from the inventory's DescribeDBInstances and
//! DescribeDBClusters (their TagList is fresh): no second read.

use std::collections::BTreeMap;

use futures::future::LocalBoxFuture;
use serde::Serialize;

use crate::aws::{self, AwsContext};
use crate::error::Result;
use crate::inventory::{Resource, Source};

use super::super::apply::Run;
use super::super::read::{Candidate, Filter, Part, ReadCx, make_live};
use super::super::{Action as StepAction, Kind, Live, MARKERS, State, Step, Target};
use super::{Handler, Info, KindAction, PriorState, Undone, foreign};

/// The status of a database that runs (and bills for its instance hours).
const AVAILABLE: &str = "available";
const STOPPED: &str = "stopped";
const STOPPING: &str = "stopping";

/// Statuses a database leaves by itself: wait, then run the same command again.
const TRANSITIONS: [&str; 20] = [
    "backing-up",
    "configuring-enhanced-monitoring",
    "configuring-iam-database-auth",
    "configuring-log-exports",
    "converting-to-vpc",
    "creating",
    "failing-over",
    "maintenance",
    "migrating",
    "modifying",
    "moving-to-vpc",
    "promoting",
    "rebooting",
    "renaming",
    "resetting-master-credentials",
    "starting",
    "storage-optimization",
    "update-iam-db-auth",
    "upgrading",
    STOPPING,
];

/// A database's prior state: its status (`available`, `stopped`, ...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Prior {
    pub status: String,
}

impl PriorState for Prior {
    fn compact(&self) -> String {
        format!("status={}", self.status)
    }

    fn describe(&self) -> String {
        self.status.clone()
    }
}

/// What a kill or undo does to a DB instance or cluster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(tag = "action", rename_all = "kebab-case")]
#[cfg_attr(test, schemars(rename = "DatabaseAction"))]
pub enum Action {
    /// StopDBInstance, or StopDBCluster for a cluster (its member instances stop with it).
    Stop,
    /// StartDBInstance, or StartDBCluster for a cluster (its member instances start with it).
    Start,
}

impl KindAction for Action {
    fn describe(&self, current: &State) -> Option<String> {
        let State::Database(Prior { status }) = current else {
            return None;
        };
        Some(match self {
            Action::Stop => format!("stop: {status} → stopped"),
            Action::Start => format!("start: {status} → available"),
        })
    }
}

/// The handler of [`Kind::Database`] and [`Kind::DbCluster`].
#[derive(Debug)]
pub struct Databases;

impl Handler for Databases {
    fn kinds(&self) -> &'static [Kind] {
        &[Kind::Database, Kind::DbCluster]
    }

    fn info(&self, kind: Kind) -> Info {
        match kind {
            Kind::DbCluster => Info {
                type_name: "rds:cluster",
                label: "rds cluster",
                listed: true,
            },
            _ => Info {
                type_name: "rds:db",
                label: "rds db instance",
                listed: true,
            },
        }
    }

    fn parse(&self, fields: &BTreeMap<&str, &str>) -> Option<State> {
        let status = fields.get("status")?;
        let valid = !status.is_empty()
            && status.chars().all(|c| c.is_ascii_lowercase() || c == '-')
            && !status.starts_with('-')
            && !status.ends_with('-');
        valid.then(|| {
            State::Database(Prior {
                status: status.to_string(),
            })
        })
    }

    fn target(&self, kind: Kind, resource: &Resource) -> Target {
        Target {
            // A member instance names its cluster: it is stopped and started with it.
            cluster: match kind {
                Kind::Database => resource.database.as_ref().and_then(|d| d.cluster.clone()),
                _ => None,
            },
            ..super::target(kind, resource)
        }
    }

    fn read<'a>(&'a self, cx: &'a ReadCx<'a>, _before: &'a [Live]) -> LocalBoxFuture<'a, Result<Part>> {
        Box::pin(async move { Ok(read(cx)) })
    }

    fn kill_action(&self, l: &Live) -> StepAction {
        let State::Database(Prior { status }) = &l.current else {
            return StepAction::blocked("internal: not a database state");
        };
        if let (Kind::Database, Some(cluster)) = (l.target.kind, &l.target.cluster) {
            return StepAction::keep(format!(
                "a member of DB cluster {cluster}, which this kill stops (and undo starts) with its instances"
            ));
        }
        let marked = l.markers.is_some();
        match status.as_str() {
            AVAILABLE => StepAction::Database(Action::Stop),
            STOPPED | STOPPING if marked => StepAction::keep("already stopped by this kill"),
            STOPPED => StepAction::keep("already stopped before the kill; stays stopped after undo"),
            "starting" if marked => StepAction::blocked(
                "starting again since the kill (AWS starts a stopped database after seven days); wait until \
                 it is available, then run the same kill again",
            ),
            "deleting" => StepAction::keep("being deleted: nothing to stop"),
            s if TRANSITIONS.contains(&s) => StepAction::blocked(format!(
                "{s}: RDS stops only an available database; wait until it is available or stopped, then run \
                 the same kill again"
            )),
            other => StepAction::blocked(format!(
                "{other}: RDS cannot stop a database in this state, and it may keep billing; repair it (see \
                 the RDS console's events) or delete it"
            )),
        }
    }

    fn undo_action(&self, current: &State, prior: &State) -> Option<StepAction> {
        let (State::Database(Prior { status: now }), State::Database(Prior { status: before })) =
            (current, prior)
        else {
            return None;
        };
        Some(match now.as_str() {
            _ if before != AVAILABLE => StepAction::ClearMarkers,
            STOPPED => StepAction::Database(Action::Start),
            AVAILABLE | "starting" => StepAction::ClearMarkers,
            s if TRANSITIONS.contains(&s) => StepAction::blocked(format!(
                "still {s}; RDS starts only a stopped database: run the same undo again once it has stopped"
            )),
            other => StepAction::keep(format!(
                "{other} since the kill, not by costbrake: nothing left to restore"
            )),
        })
    }

    fn mark<'a>(
        &'a self,
        ctx: &'a AwsContext,
        target: &'a Target,
        tags: &'a [(String, String)],
    ) -> LocalBoxFuture<'a, Result<()>> {
        Box::pin(aws::rds::tag(ctx, &target.region, &target.arn, tags))
    }

    fn unmark<'a>(&'a self, ctx: &'a AwsContext, target: &'a Target) -> LocalBoxFuture<'a, Result<()>> {
        Box::pin(aws::rds::untag(ctx, &target.region, &target.arn, &MARKERS))
    }

    fn kill<'a>(&'a self, run: &'a Run<'a>, step: &'a Step) -> LocalBoxFuture<'a, Result<()>> {
        Box::pin(async move {
            let t = &step.target;
            let StepAction::Database(Action::Stop) = &step.action else {
                return Err(foreign(&step.action));
            };
            run.change();
            match t.kind {
                Kind::DbCluster => aws::rds::stop_cluster(run.ctx, &t.region, &t.id).await,
                _ => aws::rds::stop_instance(run.ctx, &t.region, &t.id).await,
            }
        })
    }

    fn undo<'a>(&'a self, run: &'a Run<'a>, step: &'a Step) -> LocalBoxFuture<'a, Result<Undone>> {
        Box::pin(async move {
            let t = &step.target;
            let StepAction::Database(Action::Start) = &step.action else {
                return Err(foreign(&step.action));
            };
            run.change();
            match t.kind {
                Kind::DbCluster => aws::rds::start_cluster(run.ctx, &t.region, &t.id).await?,
                _ => aws::rds::start_instance(run.ctx, &t.region, &t.id).await?,
            }
            Ok(Undone::Unmark)
        })
    }
}

/// Why RDS refuses to stop this instance or cluster, from what its listing said; `None` when it can be
/// stopped. A cluster member is not judged here: it follows its cluster.
pub(crate) fn unstoppable(kind: Kind, db: &aws::Database) -> Option<String> {
    let instance_guide = "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_StopInstance.html";
    let cluster_guide =
        "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-cluster-stop-start.html";
    if kind == Kind::DbCluster {
        if let Some(global) = &db.global_cluster {
            return Some(format!(
                "a member of Aurora global database {global}: RDS cannot stop a cluster of a global database \
                 ({cluster_guide}); it keeps billing until it is removed from the global database or deleted"
            ));
        }
        if db.engine_mode.as_deref() == Some("serverless") {
            return Some(format!(
                "Aurora Serverless v1: RDS cannot stop it ({cluster_guide}); it pauses itself when idle if \
                 auto-pause is on, else it keeps billing its capacity units"
            ));
        }
        if let Some(source) = &db.replica_of {
            return Some(format!(
                "a cross-Region read replica of {source}: RDS cannot stop a replica cluster \
                 ({cluster_guide}); promote or delete it"
            ));
        }
        return None;
    }
    if let Some(source) = &db.replica_of {
        return Some(format!(
            "a read replica of {source}: RDS cannot stop a read replica ({instance_guide}); it keeps \
             billing until it is promoted and stopped, or deleted"
        ));
    }
    if db.replicas > 0 {
        return Some(format!(
            "it has {} read replica(s): RDS cannot stop a DB instance that has read replicas \
             ({instance_guide}); delete or promote the replicas first",
            db.replicas
        ));
    }
    if db.multi_az && db.engine.starts_with("sqlserver") {
        return Some(format!(
            "a Multi-AZ SQL Server instance: RDS cannot stop it ({instance_guide}); it keeps billing until \
             it is converted to Single-AZ or deleted"
        ));
    }
    None
}

/// The candidates as the inventory's DescribeDBInstances and DescribeDBClusters returned them (status,
/// tags and stop facts are fresh), what RDS would refuse to stop, and for a kill the note that AWS
/// starts stopped databases again after seven days. A database the RDS listing did not return is gone,
/// or the listing failed and its gap says so.
fn read(cx: &ReadCx<'_>) -> Part {
    let mut part = Part::default();
    let kill = matches!(cx.filter, Filter::Selector(_));
    // The clusters this read acts on: their members are left to them.
    let clusters: Vec<(&str, &str)> = cx
        .of(&[Kind::DbCluster])
        .filter(|c| listed(cx, c).is_some())
        .map(|c| (c.target.region.as_str(), c.target.id.as_str()))
        .collect();
    for c in cx.of(&[Kind::Database, Kind::DbCluster]) {
        let Some((db, status)) = listed(cx, c) else {
            continue;
        };
        let kind = c.target.kind;
        let blocker = match (&c.target.cluster, kind) {
            (Some(cluster), Kind::Database)
                if status != STOPPED && !clusters.contains(&(c.target.region.as_str(), cluster.as_str())) =>
            {
                Some(format!(
                    "a member of DB cluster {cluster}, which is not in this kill: RDS stops a cluster's \
                     instances only with the cluster (StopDBCluster); give the cluster the agent's tags or \
                     stop it with `aws rds stop-db-cluster --db-cluster-identifier {cluster}`"
                ))
            }
            (Some(_), Kind::Database) => None,
            _ => unstoppable(kind, db),
        };
        let current = State::Database(Prior {
            status: status.clone(),
        });
        part.live.push(make_live(
            c.target.clone(),
            current,
            &c.resource.tags,
            blocker,
            true,
        ));
    }
    if kill {
        let held = part
            .live
            .iter()
            .filter(|l| l.blocker.is_none())
            .filter(|l| l.markers.is_some() || matches!(Databases.kill_action(l), StepAction::Database(_)))
            .count();
        if held > 0 {
            part.notes.push(seven_days(held));
        }
    }
    part
}

/// A candidate's stop facts and status from the RDS listing, when it returned it and the filter picks
/// it.
fn listed<'r>(cx: &ReadCx<'_>, c: &Candidate<'r>) -> Option<(&'r aws::Database, &'r String)> {
    let r = c.resource;
    let source = match c.target.kind {
        Kind::DbCluster => Source::RdsClusters,
        _ => Source::RdsInstances,
    };
    let (true, Some(db), Some(status)) = (r.sources.contains(&source), &r.database, &r.state) else {
        return None;
    };
    cx.picks(&r.tags).then_some((db, status))
}

/// The note on AWS's seven-day restart, for `n` databases stopped (or held stopped) by the plan.
fn seven_days(n: usize) -> String {
    let (what, them) = if n == 1 {
        ("1 database".to_string(), "it")
    } else {
        (format!("{n} databases"), "them")
    };
    format!(
        "AWS starts a stopped RDS database again after seven days: {what} of this plan; keep `costbrake \
         guard --apply` running (or schedule `costbrake guard --once --apply`, or run the same kill again) \
         to stop {them} again."
    )
}

#[cfg(test)]
mod tests {
    use super::super::super::plan::{plan_kill, plan_undo};
    use super::super::test_live;
    use super::*;

    fn db(status: &str) -> State {
        State::Database(Prior {
            status: status.into(),
        })
    }

    fn member(status: &str, cluster: &str) -> Live {
        let mut l = test_live(Kind::Database, db(status), None);
        l.target.cluster = Some(cluster.into());
        l
    }

    #[test]
    fn kill_stops_only_what_is_available_and_blocks_what_is_on_its_way() {
        let steps = plan_kill(&[
            test_live(Kind::Database, db("available"), None),
            test_live(Kind::DbCluster, db("available"), None),
            test_live(Kind::Database, db("stopped"), None),
            test_live(Kind::Database, db("stopped"), Some(db("available"))),
            test_live(Kind::Database, db("stopping"), None),
            test_live(Kind::Database, db("starting"), None),
            test_live(Kind::DbCluster, db("backing-up"), None),
            test_live(Kind::Database, db("modifying"), None),
            test_live(Kind::Database, db("storage-full"), None),
            test_live(Kind::Database, db("deleting"), None),
        ]);
        assert_eq!(steps[0].action, StepAction::Database(Action::Stop));
        assert_eq!(steps[0].prior, db("available"));
        assert_eq!(steps[1].action, StepAction::Database(Action::Stop));
        let StepAction::Keep { reason } = &steps[2].action else {
            panic!("{:?}", steps[2].action)
        };
        assert!(reason.contains("stays stopped after undo"), "{reason}");
        assert_eq!(steps[3].prior, db("available"), "the original prior is kept");
        assert!(!steps[3].action.changes());
        for blocked in &steps[4..8] {
            let StepAction::Blocked { reason } = &blocked.action else {
                panic!("{:?}", blocked.action)
            };
            assert!(reason.contains("run the same kill again"), "{reason}");
        }
        let StepAction::Blocked { reason } = &steps[8].action else {
            panic!("{:?}", steps[8].action)
        };
        assert!(reason.contains("storage-full"), "{reason}");
        assert!(matches!(steps[9].action, StepAction::Keep { .. }));
    }

    #[test]
    fn a_database_aws_started_again_is_stopped_again_with_the_first_prior_kept() {
        // Killed (markers with the prior `available`), then started by AWS after seven days.
        let restarted = test_live(Kind::Database, db("available"), Some(db("available")));
        let cluster = test_live(Kind::DbCluster, db("available"), Some(db("available")));
        let steps = plan_kill(&[restarted, cluster]);
        for step in &steps {
            assert_eq!(step.action, StepAction::Database(Action::Stop));
            assert_eq!(step.prior, db("available"));
            assert_eq!(
                step.killed_by.as_deref(),
                Some("kill-20261123t031500z-abcdef"),
                "the first kill keeps it: its markers are not rewritten"
            );
        }
        // Still starting: wait for it.
        let starting = test_live(Kind::Database, db("starting"), Some(db("available")));
        let StepAction::Blocked { reason } = &plan_kill(&[starting])[0].action else {
            panic!("a starting database cannot be stopped")
        };
        assert!(reason.contains("seven days"), "{reason}");
    }

    #[test]
    fn cluster_members_are_left_to_their_cluster() {
        let steps = plan_kill(&[member("available", "agents-aurora")]);
        let StepAction::Keep { reason } = &steps[0].action else {
            panic!("{:?}", steps[0].action)
        };
        assert!(reason.contains("agents-aurora"), "{reason}");
        assert!(!steps[0].action.changes(), "never a StopDBInstance of a member");
    }

    #[test]
    fn undo_starts_only_what_was_available_and_waits_for_a_stopping_one() {
        let undo = |kind: Kind, now: &str, before: &str| {
            plan_undo(&[test_live(kind, db(now), Some(db(before)))])
                .remove(0)
                .action
        };
        assert_eq!(
            undo(Kind::Database, "stopped", "available"),
            StepAction::Database(Action::Start)
        );
        assert_eq!(
            undo(Kind::DbCluster, "stopped", "available"),
            StepAction::Database(Action::Start)
        );
        assert_eq!(
            undo(Kind::Database, "stopped", "stopped"),
            StepAction::ClearMarkers
        );
        assert_eq!(
            undo(Kind::Database, "available", "available"),
            StepAction::ClearMarkers
        );
        let StepAction::Blocked { reason } = undo(Kind::Database, "stopping", "available") else {
            panic!("a stopping database cannot be started")
        };
        assert!(reason.contains("run the same undo again"), "{reason}");
        assert!(matches!(
            undo(Kind::Database, "deleting", "available"),
            StepAction::Keep { .. }
        ));
    }

    #[test]
    fn compact_form_round_trips_and_garbage_is_rejected() {
        for kind in [Kind::Database, Kind::DbCluster] {
            for status in ["available", "stopped", "backing-up"] {
                let s = db(status);
                assert_eq!(s.compact(), format!("status={status}"));
                assert_eq!(State::parse(kind, &s.compact()), Some(s));
            }
            for bad in [
                "status=",
                "status=Available",
                "status=-x",
                "status=a_b",
                "state=available",
            ] {
                assert_eq!(State::parse(kind, bad), None, "{bad}");
            }
        }
    }

    #[test]
    fn what_rds_cannot_stop_is_named_with_the_reason() {
        let base = aws::Database {
            engine: "postgres".into(),
            ..aws::Database::default()
        };
        assert_eq!(unstoppable(Kind::Database, &base), None);
        let replica = aws::Database {
            replica_of: Some("main-db".into()),
            ..base.clone()
        };
        assert!(unstoppable(Kind::Database, &replica).is_some_and(|r| r.contains("read replica of main-db")));
        let source = aws::Database {
            replicas: 2,
            ..base.clone()
        };
        assert!(unstoppable(Kind::Database, &source).is_some_and(|r| r.contains("2 read replica")));
        let multi_az = aws::Database {
            multi_az: true,
            ..base.clone()
        };
        assert_eq!(
            unstoppable(Kind::Database, &multi_az),
            None,
            "Multi-AZ Postgres stops"
        );
        let sql_server = aws::Database {
            engine: "sqlserver-se".into(),
            multi_az: true,
            ..base.clone()
        };
        assert!(unstoppable(Kind::Database, &sql_server).is_some_and(|r| r.contains("SQL Server")));
        let aurora = aws::Database {
            engine: "aurora-postgresql".into(),
            engine_mode: Some("provisioned".into()),
            ..base.clone()
        };
        assert_eq!(unstoppable(Kind::DbCluster, &aurora), None);
        for (blocked, needle) in [
            (
                aws::Database {
                    global_cluster: Some("g".into()),
                    ..aurora.clone()
                },
                "global database g",
            ),
            (
                aws::Database {
                    engine_mode: Some("serverless".into()),
                    ..aurora.clone()
                },
                "Serverless v1",
            ),
            (
                aws::Database {
                    replica_of: Some("arn:aws:rds:eu-west-1:1:cluster:src".into()),
                    ..aurora.clone()
                },
                "cross-Region read replica",
            ),
        ] {
            assert!(
                unstoppable(Kind::DbCluster, &blocked).is_some_and(|r| r.contains(needle)),
                "{needle}"
            );
        }
    }

    #[test]
    fn the_seven_day_note_counts_the_databases() {
        assert!(seven_days(1).contains("1 database of this plan"));
        assert!(seven_days(3).contains("3 databases of this plan"));
        assert!(seven_days(3).contains("costbrake guard --apply"));
    }
}
