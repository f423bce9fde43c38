//! RDS: DB instances and DB clusters (Aurora and Multi-AZ DB clusters) with their status, tags and
//! what decides whether they can be stopped (DescribeDBInstances and DescribeDBClusters, which return
//! each one's TagList, so the tags are as fresh as the call), and the stop, start and tagging calls the
//! kill-switch makes on them.

use aws_sdk_rds::types::Tag;

use super::listing::{Database, Listed, tag_map};
use super::{AwsContext, sdk_error};
use crate::error::Result;

/// The largest page of DescribeDBInstances and DescribeDBClusters.
const PAGE_SIZE: i32 = 100;

/// Every DB instance in `region` (Aurora cluster members included), with status, tags and the facts a
/// stop depends on; the second value counts requests.
pub async fn instances(ctx: &AwsContext, region: &str) -> Result<(Vec<Listed>, u32)> {
    let mut pages = ctx
        .rds(region)
        .describe_db_instances()
        .max_records(PAGE_SIZE)
        .into_paginator()
        .send();
    let mut out = Vec::new();
    let mut requests = 0;
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| sdk_error("rds", "DescribeDBInstances", Some(region), e))?;
        requests += 1;
        for db in page.db_instances() {
            let (Some(arn), Some(id)) = (db.db_instance_arn(), db.db_instance_identifier()) else {
                continue;
            };
            let mut listed = Listed::new(arn, id);
            listed.state = db.db_instance_status().map(str::to_string);
            listed.tags = Some(tag_map(db.tag_list().iter().map(|t| (t.key(), t.value()))));
            listed.database = Some(Database {
                engine: db.engine().unwrap_or_default().to_string(),
                cluster: db.db_cluster_identifier().map(str::to_string),
                replica_of: db
                    .read_replica_source_db_instance_identifier()
                    .or(db.read_replica_source_db_cluster_identifier())
                    .map(str::to_string),
                replicas: db.read_replica_db_instance_identifiers().len()
                    + db.read_replica_db_cluster_identifiers().len(),
                multi_az: db.multi_az().unwrap_or(false),
                engine_mode: None,
                global_cluster: None,
            });
            out.push(listed);
        }
    }
    Ok((out, requests))
}

/// Every DB cluster in `region`, with status, tags and the facts a stop depends on; the second value
/// counts requests.
pub async fn clusters(ctx: &AwsContext, region: &str) -> Result<(Vec<Listed>, u32)> {
    let mut pages = ctx
        .rds(region)
        .describe_db_clusters()
        .max_records(PAGE_SIZE)
        .into_paginator()
        .send();
    let mut out = Vec::new();
    let mut requests = 0;
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| sdk_error("rds", "DescribeDBClusters", Some(region), e))?;
        requests += 1;
        for cluster in page.db_clusters() {
            let (Some(arn), Some(id)) = (cluster.db_cluster_arn(), cluster.db_cluster_identifier()) else {
                continue;
            };
            let mut listed = Listed::new(arn, id);
            listed.state = cluster.status().map(str::to_string);
            listed.tags = Some(tag_map(cluster.tag_list().iter().map(|t| (t.key(), t.value()))));
            listed.database = Some(Database {
                engine: cluster.engine().unwrap_or_default().to_string(),
                cluster: None,
                replica_of: cluster.replication_source_identifier().map(str::to_string),
                replicas: 0,
                multi_az: cluster.multi_az().unwrap_or(false),
                engine_mode: cluster.engine_mode().map(str::to_string),
                global_cluster: cluster.global_cluster_identifier().map(str::to_string),
            });
            out.push(listed);
        }
    }
    Ok((out, requests))
}

/// Sets `tags` on a DB instance or cluster (AddTagsToResource overwrites a key that exists).
pub async fn tag(ctx: &AwsContext, region: &str, arn: &str, tags: &[(String, String)]) -> Result<()> {
    let tags = tags
        .iter()
        .map(|(k, v)| Tag::builder().key(k).value(v).build())
        .collect();
    ctx.rds(region)
        .add_tags_to_resource()
        .resource_name(arn)
        .set_tags(Some(tags))
        .send()
        .await
        .map_err(|e| sdk_error("rds", "AddTagsToResource", Some(arn), e))?;
    Ok(())
}

/// Removes the tag `keys` from a DB instance or cluster.
pub async fn untag(ctx: &AwsContext, region: &str, arn: &str, keys: &[&str]) -> Result<()> {
    ctx.rds(region)
        .remove_tags_from_resource()
        .resource_name(arn)
        .set_tag_keys(Some(keys.iter().map(|k| k.to_string()).collect()))
        .send()
        .await
        .map_err(|e| sdk_error("rds", "RemoveTagsFromResource", Some(arn), e))?;
    Ok(())
}

/// A stop or start that RDS refused because of the database's state (`InvalidDBInstanceState`, or
/// `InvalidDBClusterStateFault` for a cluster) is done when the database is already in one of `done`
/// states: a retry of a request whose answer was lost (the first attempt went through) gets that
/// refusal, and so does a second kill or undo racing the first.
async fn settled(
    ctx: &AwsContext,
    region: &str,
    id: &str,
    cluster: bool,
    result: Result<impl Sized>,
    done: &[&str],
) -> Result<()> {
    let code = if cluster {
        "InvalidDBClusterStateFault"
    } else {
        "InvalidDBInstanceState"
    };
    let err = match result {
        Ok(_) => return Ok(()),
        Err(err) if err.aws_code() == Some(code) => err,
        Err(err) => return Err(err),
    };
    let client = ctx.rds(region);
    let status = if cluster {
        client
            .describe_db_clusters()
            .db_cluster_identifier(id)
            .send()
            .await
            .ok()
            .and_then(|o| {
                o.db_clusters()
                    .first()
                    .and_then(|c| c.status().map(str::to_string))
            })
    } else {
        client
            .describe_db_instances()
            .db_instance_identifier(id)
            .send()
            .await
            .ok()
            .and_then(|o| {
                o.db_instances()
                    .first()
                    .and_then(|d| d.db_instance_status().map(str::to_string))
            })
    };
    match status {
        Some(status) if done.contains(&status.as_str()) => Ok(()),
        _ => Err(err),
    }
}

/// StopDBInstance: the instance goes `stopping`, then `stopped` (its storage and backups stay, and
/// AWS starts it again after seven days).
pub async fn stop_instance(ctx: &AwsContext, region: &str, id: &str) -> Result<()> {
    let result = ctx
        .rds(region)
        .stop_db_instance()
        .db_instance_identifier(id)
        .send()
        .await
        .map_err(|e| sdk_error("rds", "StopDBInstance", Some(id), e));
    settled(ctx, region, id, false, result, &["stopping", "stopped"]).await
}

/// StartDBInstance: the instance goes `starting`, then `available`.
pub async fn start_instance(ctx: &AwsContext, region: &str, id: &str) -> Result<()> {
    let result = ctx
        .rds(region)
        .start_db_instance()
        .db_instance_identifier(id)
        .send()
        .await
        .map_err(|e| sdk_error("rds", "StartDBInstance", Some(id), e));
    settled(ctx, region, id, false, result, &["starting", "available"]).await
}

/// StopDBCluster: the cluster and its instances go `stopping`, then `stopped` (AWS starts them again
/// after seven days).
pub async fn stop_cluster(ctx: &AwsContext, region: &str, id: &str) -> Result<()> {
    let result = ctx
        .rds(region)
        .stop_db_cluster()
        .db_cluster_identifier(id)
        .send()
        .await
        .map_err(|e| sdk_error("rds", "StopDBCluster", Some(id), e));
    settled(ctx, region, id, true, result, &["stopping", "stopped"]).await
}

/// StartDBCluster: the cluster and its instances go `starting`, then `available`.
pub async fn start_cluster(ctx: &AwsContext, region: &str, id: &str) -> Result<()> {
    let result = ctx
        .rds(region)
        .start_db_cluster()
        .db_cluster_identifier(id)
        .send()
        .await
        .map_err(|e| sdk_error("rds", "StartDBCluster", Some(id), e));
    settled(ctx, region, id, true, result, &["starting", "available"]).await
}
