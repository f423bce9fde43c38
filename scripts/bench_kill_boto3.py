#!/usr/bin/env python3
"""The baseline of the kill benchmark (`scripts/bench.sh kill`): a straightforward, sequential boto3
script that stops one agent's spend and undoes it, the obvious way.

    bench_kill_boto3.py kill --agent NAME --regions R1,R2 --state FILE [--record tags|file] [--endpoint URL]
    bench_kill_boto3.py undo --agent NAME --regions R1,R2 --state FILE [--record tags|file] [--endpoint URL]

``--record tags`` (the default) does the job the kill-switch issue asks of costbrake: the prior state is
recorded on each resource itself, in ``costbrake:bench-killed`` / ``costbrake:bench-prior`` tags (and in
the local file), before the resource is changed, so that any machine can undo; ``undo`` finds the killed
resources by those tags, restores them and removes the tags. ``--record file`` keeps the prior state in
the local file only and its undo reads that file and lists nothing: less than the job, kept for
reference.

``kill``, region after region, one request at a time:

- Auto Scaling: DescribeAutoScalingGroups (all pages), keep the agent's groups (tag ``agent-name``);
  record desired/min/max and suspended processes; SuspendProcesses (the processes costbrake suspends)
  and UpdateAutoScalingGroup(min 0, desired 0), group by group;
- EC2: DescribeInstances filtered on the agent's tag (all pages); record every instance's state; one
  StopInstances for the running and pending ones (batched by 1,000, the obvious use of an API that takes
  a list);
- ECS: ListClusters, ListServices per cluster, DescribeServices with tags per 10 services, keep the
  agent's; one DescribeScalableTargets for their scalable targets; per service RegisterScalableTarget
  with every suspension on (where there is a target), then UpdateService(desiredCount 0);
- Lambda: ListFunctions, ListTags per function (ListFunctions returns no tags), keep the agent's;
  per function GetFunctionConcurrency (record the value or none), PutFunctionConcurrency(0);
- SageMaker: ListNotebookInstances, ListTags per notebook (no list call returns tags), keep the agent's;
  record each status and StopNotebookInstance the InService ones; ListEndpoints, ListTags per endpoint,
  and for the agent's DescribeEndpoint and DescribeEndpointConfig, to report what keeps billing (an
  endpoint cannot be stopped, only deleted);
- EKS: ListClusters, ListNodegroups per cluster, DescribeNodegroup per node group, keep the agent's;
  record min/desired/max and UpdateNodegroupConfig(min 0, desired 0), reporting each such cluster's
  control plane as what keeps billing;
- RDS: DescribeDBClusters and DescribeDBInstances (all pages; both return the TagList), keep the
  agent's; record each status and StopDBCluster the available clusters, StopDBInstance the available
  instances that are not a cluster's members (those stop with their cluster);

- ECS tasks: ListClusters, ListTasks (RUNNING) per cluster, DescribeTasks with tags per 100, keep the
  agent's that no service started; one DescribeNetworkInterfaces for their subnets and security groups
  (what a relaunch needs); record, then per task StopTask (for good);
- Step Functions: ListStateMachines, ListTagsForResource per state machine, keep the agent's; report the
  express ones (their executions cannot be listed or stopped); per standard one ListExecutions (RUNNING),
  record, tag the state machine (an execution takes no tags), StopExecution with an `error` naming the
  kill (for good);
- Bedrock: ListModelCustomizationJobs (InProgress), ListTagsForResource per job, keep the agent's;
  record, tag, StopModelCustomizationJob (for good); ListProvisionedModelThroughputs, ListTagsForResource
  each, GetProvisionedModelThroughput for the agent's, to report what keeps billing;

then, once, IAM: ListRoles and ListUsers, ListRoleTags / ListUserTags per principal, keep the agent's;
per principal ListRolePolicies / ListUserPolicies (a policy of that name already there is left alone),
then PutRolePolicy / PutUserPolicy with a deny-all inline policy.

The prior state goes to the local JSON file ``--state`` before each service's changes (record first, act
second), and with ``--record tags`` onto each resource (one CreateTags per region and prior state for the
instances, the API takes a list; one tagging call per group, service, function and principal) before it
is changed. ``undo`` restores, in reverse: start
the instances that were running (one StartInstances per region), give services their desired counts and
scalable targets their suspension state back, put back or delete each reserved concurrency, start the
notebooks that were InService, give node groups their sizes back, start the databases that were
available, delete the deny policies it added,
and finally restore each group's sizes and resume the processes the kill
suspended; what was stopped for good (tasks, executions, jobs) it lists as not restored (with
``--record tags``: the stopped tasks by ListTasks (STOPPED) and DescribeTasks, the aborted executions of
the marked state machines by ListExecutions and DescribeExecution, the Stopping and Stopped jobs by their
tags). With ``--record tags`` it first finds, region after region, what carries the tags (groups from
DescribeAutoScalingGroups, instances from DescribeInstances filtered on the marker and agent tags, services
as in the kill, functions and notebooks by ListTags, node groups by DescribeNodegroup, databases by DescribeDBClusters
and DescribeDBInstances, principals by their
tags), and removes the tags after restoring
each resource (one DeleteTags per region for the instances).

Like every request of the benchmark, it goes through ``--endpoint`` (the latency proxy in front of the
emulator), and refuses anything but a loopback endpoint.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent / "lib"))
import seedlib  # noqa: E402
from seedlib import ECS_DESIRED_COUNT, kv_lower, kv_upper, tag_dict, tag_dict_lower  # noqa: E402

seedlib.offline()

# The processes costbrake suspends on a group.
PROCESSES = list(seedlib.GROUP_PROCESSES)
SUSPENSIONS = seedlib.SCALABLE_SUSPENSIONS
POLICY = "bench-kill-deny"
DENY = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*"}]})
TAG = seedlib.TAG_AGENT
KILLED = "costbrake:bench-killed"
PRIOR = "costbrake:bench-prior"
# What kill and undo count, per kind.
KINDS = (
    "groups", "instances", "services", "functions", "notebooks", "nodegroups", "databases", "principals",
    "tasks", "executions", "jobs",
)


def service_prior(s: dict[str, Any]) -> str:
    """A service's prior state as a tag value: desired count, then the three suspensions or `-`."""
    if s["suspended"] is None:
        return f"{s['desired']}/-"
    return f"{s['desired']}/" + "".join("1" if s["suspended"].get(k) else "0" for k in SUSPENSIONS)


class Kill:
    def __init__(self, endpoint: str | None, state_file: str, tags: bool) -> None:
        self.endpoint = endpoint
        self.state_file = state_file
        self.tags = tags
        self.state: dict[str, Any] = {"regions": {}, "iam": {"roles": {}, "users": {}}}
        # What keeps billing after the kill: the agent's endpoints and its node groups' clusters.
        self.billing: list[str] = []
        # What undo cannot restore (stopped for good), listed by undo.
        self.not_restored: list[str] = []

    def client(self, service: str, region: str) -> Any:
        # boto3's default configuration (retries included): the obvious script sets none.
        return seedlib.client(self.endpoint, service, region)

    def save(self) -> None:
        with open(self.state_file, "w", encoding="utf-8") as f:
            json.dump(self.state, f, indent=1)

    def kill(self, agent: str, regions: list[str]) -> dict[str, int]:
        done = dict.fromkeys(KINDS, 0)
        self.state["agent"] = agent
        for region in regions:
            rec: dict[str, Any] = {
                "groups": {},
                "instances": {},
                "services": {},
                "functions": {},
                "notebooks": {},
                "nodegroups": {},
                "databases": {},
                "tasks": {},
                "executions": {},
                "jobs": {},
            }
            self.state["regions"][region] = rec

            asg = self.client("autoscaling", region)
            for page in asg.get_paginator("describe_auto_scaling_groups").paginate():
                for g in page["AutoScalingGroups"]:
                    if tag_dict(g.get("Tags")).get(TAG) == agent:
                        rec["groups"][g["AutoScalingGroupName"]] = {
                            "desired": g["DesiredCapacity"],
                            "min": g["MinSize"],
                            "max": g["MaxSize"],
                            "suspended": [p["ProcessName"] for p in g.get("SuspendedProcesses", [])],
                        }
            self.save()
            for name in rec["groups"]:
                if self.tags:
                    g = rec["groups"][name]
                    prior = f"{g['desired']}/{g['min']}/{g['max']}/{'+'.join(g['suspended']) or '-'}"
                    asg.create_or_update_tags(Tags=seedlib.asg_tags(name, {KILLED: "1", PRIOR: prior}, propagate=False))
                asg.suspend_processes(AutoScalingGroupName=name, ScalingProcesses=PROCESSES)
                asg.update_auto_scaling_group(AutoScalingGroupName=name, MinSize=0, DesiredCapacity=0)
                done["groups"] += 1

            ec2 = self.client("ec2", region)
            pages = ec2.get_paginator("describe_instances").paginate(
                Filters=[{"Name": f"tag:{TAG}", "Values": [agent]}]
            )
            for page in pages:
                for res in page["Reservations"]:
                    for i in res["Instances"]:
                        rec["instances"][i["InstanceId"]] = i["State"]["Name"]
            self.save()
            if self.tags:
                by_state: dict[str, list[str]] = {}
                for i, st in rec["instances"].items():
                    by_state.setdefault(st, []).append(i)
                for st, ids in by_state.items():
                    for k in range(0, len(ids), 1000):
                        ec2.create_tags(Resources=ids[k : k + 1000], Tags=kv_upper({KILLED: "1", PRIOR: st}))
            running = [i for i, s in rec["instances"].items() if s in ("running", "pending")]
            for k in range(0, len(running), 1000):
                ec2.stop_instances(InstanceIds=running[k : k + 1000])
            done["instances"] += len(running)

            ecs = self.client("ecs", region)
            mine = []
            arn_of: dict[str, str] = {}
            for s in seedlib.ecs_services(ecs):
                if tag_dict_lower(s.get("tags")).get(TAG) == agent:
                    mine.append((s["clusterArn"].split("/")[-1], s["serviceName"], s["desiredCount"]))
                    arn_of[s["serviceName"]] = s["serviceArn"]
            targets: dict[str, Any] = {}
            if mine:
                aas = self.client("application-autoscaling", region)
                ids = [f"service/{c}/{n}" for c, n, _ in mine]
                for k in range(0, len(ids), 50):
                    for t in aas.describe_scalable_targets(ServiceNamespace="ecs", ResourceIds=ids[k : k + 50])[
                        "ScalableTargets"
                    ]:
                        targets[t["ResourceId"]] = t.get("SuspendedState", {})
            for c, n, desired in mine:
                rid = f"service/{c}/{n}"
                rec["services"][rid] = {"desired": desired, "suspended": targets.get(rid)}
            self.save()
            for c, n, _ in mine:
                rid = f"service/{c}/{n}"
                if self.tags:
                    ecs.tag_resource(
                        resourceArn=arn_of[n], tags=kv_lower({KILLED: "1", PRIOR: service_prior(rec["services"][rid])})
                    )
                if rid in targets:
                    aas.register_scalable_target(
                        ServiceNamespace="ecs",
                        ResourceId=rid,
                        ScalableDimension=ECS_DESIRED_COUNT,
                        SuspendedState={k: True for k in SUSPENSIONS},
                    )
                ecs.update_service(cluster=c, service=n, desiredCount=0)
                done["services"] += 1

            lam = self.client("lambda", region)
            for page in lam.get_paginator("list_functions").paginate():
                for f in page["Functions"]:
                    if lam.list_tags(Resource=f["FunctionArn"]).get("Tags", {}).get(TAG) != agent:
                        continue
                    name = f["FunctionName"]
                    prior = lam.get_function_concurrency(FunctionName=name).get("ReservedConcurrentExecutions")
                    rec["functions"][name] = prior
                    self.save()
                    if self.tags:
                        lam.tag_resource(
                            Resource=f["FunctionArn"], Tags={KILLED: "1", PRIOR: "none" if prior is None else str(prior)}
                        )
                    lam.put_function_concurrency(FunctionName=name, ReservedConcurrentExecutions=0)
                    done["functions"] += 1

            sm = self.client("sagemaker", region)
            for page in sm.get_paginator("list_notebook_instances").paginate():
                for n in page["NotebookInstances"]:
                    arn, name = n["NotebookInstanceArn"], n["NotebookInstanceName"]
                    if tag_dict(sm.list_tags(ResourceArn=arn)["Tags"]).get(TAG) != agent:
                        continue
                    status = n["NotebookInstanceStatus"]
                    rec["notebooks"][name] = status
                    self.save()
                    if status != "InService":
                        continue
                    if self.tags:
                        sm.add_tags(ResourceArn=arn, Tags=kv_upper({KILLED: "1", PRIOR: status}))
                    sm.stop_notebook_instance(NotebookInstanceName=name)
                    done["notebooks"] += 1
            for page in sm.get_paginator("list_endpoints").paginate():
                for e in page["Endpoints"]:
                    if tag_dict(sm.list_tags(ResourceArn=e["EndpointArn"])["Tags"]).get(TAG) != agent:
                        continue
                    described = sm.describe_endpoint(EndpointName=e["EndpointName"])
                    config = sm.describe_endpoint_config(EndpointConfigName=described["EndpointConfigName"])
                    types = {v["VariantName"]: v.get("InstanceType", "?") for v in config["ProductionVariants"]}
                    variants = ", ".join(
                        f"{v.get('CurrentInstanceCount', '?')} x {types.get(v['VariantName'], '?')} "
                        f"(variant {v['VariantName']})"
                        for v in described["ProductionVariants"]
                    )
                    self.billing.append(f"sagemaker endpoint {region}/{e['EndpointName']}: {variants}")

            eks = self.client("eks", region)
            for page in eks.get_paginator("list_clusters").paginate():
                for cluster in page["clusters"]:
                    billed = False
                    for ng_page in eks.get_paginator("list_nodegroups").paginate(clusterName=cluster):
                        for name in ng_page["nodegroups"]:
                            ng = eks.describe_nodegroup(clusterName=cluster, nodegroupName=name)["nodegroup"]
                            if ng.get("tags", {}).get(TAG) != agent:
                                continue
                            sizes = ng["scalingConfig"]
                            prior = {k: sizes[k] for k in ("minSize", "desiredSize", "maxSize")}
                            rec["nodegroups"][f"{cluster}/{name}"] = prior
                            self.save()
                            if self.tags:
                                eks.tag_resource(
                                    resourceArn=ng["nodegroupArn"],
                                    tags={KILLED: "1", PRIOR: "{minSize}/{desiredSize}/{maxSize}".format(**prior)},
                                )
                            eks.update_nodegroup_config(
                                clusterName=cluster, nodegroupName=name, scalingConfig={"minSize": 0, "desiredSize": 0}
                            )
                            done["nodegroups"] += 1
                            if not billed:
                                self.billing.append(f"eks cluster {region}/{cluster}: control plane")
                                billed = True

            rds = self.client("rds", region)
            for page in rds.get_paginator("describe_db_clusters").paginate():
                for cl in page["DBClusters"]:
                    if tag_dict(cl.get("TagList")).get(TAG) != agent:
                        continue
                    name = cl["DBClusterIdentifier"]
                    rec["databases"][f"cluster/{name}"] = cl["Status"]
                    self.save()
                    if cl["Status"] != "available":
                        continue
                    if self.tags:
                        rds.add_tags_to_resource(ResourceName=cl["DBClusterArn"], Tags=kv_upper({KILLED: "1", PRIOR: "available"}))
                    rds.stop_db_cluster(DBClusterIdentifier=name)
                    done["databases"] += 1
            for page in rds.get_paginator("describe_db_instances").paginate():
                for db in page["DBInstances"]:
                    if tag_dict(db.get("TagList")).get(TAG) != agent or db.get("DBClusterIdentifier"):
                        continue
                    name = db["DBInstanceIdentifier"]
                    rec["databases"][f"db/{name}"] = db["DBInstanceStatus"]
                    self.save()
                    if db["DBInstanceStatus"] != "available":
                        continue
                    if self.tags:
                        rds.add_tags_to_resource(ResourceName=db["DBInstanceArn"], Tags=kv_upper({KILLED: "1", PRIOR: "available"}))
                    rds.stop_db_instance(DBInstanceIdentifier=name)
                    done["databases"] += 1

            self.kill_for_good(agent, region, rec, done)

        iam = self.client("iam", regions[0])
        for kind, lister, key, tags_of, policies_of, put, tag in (
            ("roles", "list_roles", "Roles", iam.list_role_tags, iam.list_role_policies, iam.put_role_policy, iam.tag_role),
            ("users", "list_users", "Users", iam.list_user_tags, iam.list_user_policies, iam.put_user_policy, iam.tag_user),
        ):
            name_key = "RoleName" if kind == "roles" else "UserName"
            for page in iam.get_paginator(lister).paginate():
                for p in page[key]:
                    name = p[name_key]
                    tags = tag_dict(tags_of(**{name_key: name})["Tags"])
                    if tags.get(TAG) != agent:
                        continue
                    had = POLICY in policies_of(**{name_key: name})["PolicyNames"]
                    self.state["iam"][kind][name] = {"had_policy": had}
                    self.save()
                    if self.tags:
                        tag(**{name_key: name, "Tags": kv_upper({KILLED: "1", PRIOR: "had" if had else "added"})})
                    if not had:
                        put(**{name_key: name, "PolicyName": POLICY, "PolicyDocument": DENY})
                    done["principals"] += 1
        self.save()
        return done

    def kill_for_good(self, agent: str, region: str, rec: dict[str, Any], done: dict[str, int]) -> None:
        """What cannot be undone: standalone ECS tasks, Step Functions executions, Bedrock jobs; and the
        express state machines and provisioned throughput, which cannot be stopped, reported."""
        ecs = self.client("ecs", region)
        mine = [
            t
            for t in seedlib.ecs_tasks(ecs, "RUNNING")
            if tag_dict_lower(t.get("tags")).get(TAG) == agent and not t.get("startedBy", "").startswith("ecs-svc/")
        ]
        # What a relaunch needs: the network interfaces' subnets and security groups (DescribeTasks has
        # the interface ids only), one call for the region's tasks.
        enis = {d["value"]: t["taskArn"] for t in mine for a in t.get("attachments", []) for d in a.get("details", [])
                if d["name"] == "networkInterfaceId"}
        groups: dict[str, list[str]] = {}
        if enis:
            ec2 = self.client("ec2", region)
            for ni in ec2.describe_network_interfaces(NetworkInterfaceIds=list(enis))["NetworkInterfaces"]:
                groups[enis[ni["NetworkInterfaceId"]]] = [g["GroupId"] for g in ni.get("Groups", [])]
        for t in mine:
            subnets = [d["value"] for a in t.get("attachments", []) for d in a.get("details", []) if d["name"] == "subnetId"]
            rec["tasks"][t["taskArn"]] = {
                "cluster": t["clusterArn"],
                "taskDefinition": t["taskDefinitionArn"],
                "launchType": t.get("launchType"),
                "subnets": subnets,
                "securityGroups": groups.get(t["taskArn"], []),
                "overrides": t.get("overrides"),
            }
        self.save()
        for t in mine:
            if self.tags:
                family = t["taskDefinitionArn"].rsplit("/", 1)[-1]
                ecs.tag_resource(resourceArn=t["taskArn"], tags=kv_lower({KILLED: "1", PRIOR: f"RUNNING/{family}"}))
            ecs.stop_task(cluster=t["clusterArn"], task=t["taskArn"], reason="bench kill")
            done["tasks"] += 1

        sfn = self.client("stepfunctions", region)
        for page in sfn.get_paginator("list_state_machines").paginate():
            for machine in page["stateMachines"]:
                arn = machine["stateMachineArn"]
                if tag_dict_lower(sfn.list_tags_for_resource(resourceArn=arn)["tags"]).get(TAG) != agent:
                    continue
                if machine.get("type") == "EXPRESS":
                    self.billing.append(f"express state machine {region}/{machine['name']}: cannot be stopped")
                    continue
                running = [e for p in sfn.get_paginator("list_executions").paginate(stateMachineArn=arn, statusFilter="RUNNING")
                           for e in p["executions"]]
                for e in running:
                    rec["executions"][e["executionArn"]] = {"status": "RUNNING", "started": str(e["startDate"])}
                self.save()
                if running and self.tags:
                    sfn.tag_resource(resourceArn=arn, tags=[{"key": KILLED, "value": "1"}])
                for e in running:
                    # An execution takes no tags: the stop's error and cause name the kill.
                    sfn.stop_execution(executionArn=e["executionArn"], error="bench.Kill", cause="bench kill")
                    done["executions"] += 1

        bedrock = self.client("bedrock", region)
        for page in bedrock.get_paginator("list_model_customization_jobs").paginate(statusEquals="InProgress"):
            for job in page["modelCustomizationJobSummaries"]:
                if tag_dict_lower(bedrock.list_tags_for_resource(resourceARN=job["jobArn"])["tags"]).get(TAG) != agent:
                    continue
                rec["jobs"][job["jobArn"]] = {"status": "InProgress", "baseModel": job["baseModelArn"]}
                self.save()
                if self.tags:
                    bedrock.tag_resource(resourceARN=job["jobArn"], tags=kv_lower({KILLED: "1", PRIOR: "InProgress"}))
                bedrock.stop_model_customization_job(jobIdentifier=job["jobArn"])
                done["jobs"] += 1
        for pt in bedrock.list_provisioned_model_throughputs()["provisionedModelSummaries"]:
            arn = pt["provisionedModelArn"]
            if tag_dict_lower(bedrock.list_tags_for_resource(resourceARN=arn)["tags"]).get(TAG) != agent:
                continue
            got = bedrock.get_provisioned_model_throughput(provisionedModelId=arn)
            self.billing.append(
                f"provisioned throughput {region}/{got['provisionedModelName']}: {got['modelUnits']} model units, "
                f"term {got.get('commitmentDuration', 'none')}"
            )

    def for_good_from_tags(self, agent: str, region: str, done: dict[str, int]) -> None:
        """Lists what the kill stopped for good (found by its markers) as not restored."""
        ecs = self.client("ecs", region)
        for t in seedlib.ecs_tasks(ecs, "STOPPED"):
            tags = tag_dict_lower(t.get("tags"))
            if tags.get(TAG) == agent and KILLED in tags:
                self.not_restored.append(f"ecs task {t['taskArn']} ({tags[PRIOR]}): run-task to relaunch")
                done["tasks"] += 1
        sfn = self.client("stepfunctions", region)
        for page in sfn.get_paginator("list_state_machines").paginate():
            for machine in page["stateMachines"]:
                arn = machine["stateMachineArn"]
                tags = tag_dict_lower(sfn.list_tags_for_resource(resourceArn=arn)["tags"])
                if tags.get(TAG) != agent or KILLED not in tags:
                    continue
                for p in sfn.get_paginator("list_executions").paginate(stateMachineArn=arn, statusFilter="ABORTED"):
                    for e in p["executions"]:
                        d = sfn.describe_execution(executionArn=e["executionArn"])
                        if d.get("error") == "bench.Kill":
                            self.not_restored.append(f"execution {e['executionArn']} input {d.get('input')}")
                            done["executions"] += 1
        bedrock = self.client("bedrock", region)
        for status in ("Stopping", "Stopped"):
            for page in bedrock.get_paginator("list_model_customization_jobs").paginate(statusEquals=status):
                for job in page["modelCustomizationJobSummaries"]:
                    tags = tag_dict_lower(bedrock.list_tags_for_resource(resourceARN=job["jobArn"])["tags"])
                    if tags.get(TAG) == agent and KILLED in tags:
                        self.not_restored.append(f"bedrock job {job['jobArn']} on {job['baseModelArn']}")
                        done["jobs"] += 1

    def undo(self) -> dict[str, int]:
        with open(self.state_file, encoding="utf-8") as f:
            self.state = json.load(f)
        done = dict.fromkeys(KINDS, 0)
        regions = list(self.state["regions"])
        for region, rec in self.state["regions"].items():
            ec2 = self.client("ec2", region)
            running = [i for i, s in rec["instances"].items() if s in ("running", "pending")]
            for k in range(0, len(running), 1000):
                ec2.start_instances(InstanceIds=running[k : k + 1000])
            done["instances"] += len(running)

            ecs = self.client("ecs", region)
            aas = self.client("application-autoscaling", region)
            for rid, s in rec["services"].items():
                _, cluster, name = rid.split("/")
                ecs.update_service(cluster=cluster, service=name, desiredCount=s["desired"])
                if s["suspended"] is not None:
                    aas.register_scalable_target(
                        ServiceNamespace="ecs",
                        ResourceId=rid,
                        ScalableDimension=ECS_DESIRED_COUNT,
                        SuspendedState={k: bool(s["suspended"].get(k, False)) for k in SUSPENSIONS},
                    )
                done["services"] += 1

            lam = self.client("lambda", region)
            for name, prior in rec["functions"].items():
                if prior is None:
                    lam.delete_function_concurrency(FunctionName=name)
                else:
                    lam.put_function_concurrency(FunctionName=name, ReservedConcurrentExecutions=prior)
                done["functions"] += 1

            sm = self.client("sagemaker", region)
            for name, status in rec.get("notebooks", {}).items():
                if status == "InService":
                    sm.start_notebook_instance(NotebookInstanceName=name)
                    done["notebooks"] += 1

            eks = self.client("eks", region)
            for key, prior in rec.get("nodegroups", {}).items():
                cluster, name = key.split("/")
                eks.update_nodegroup_config(clusterName=cluster, nodegroupName=name, scalingConfig=prior)
                done["nodegroups"] += 1

            rds = self.client("rds", region)
            for key, status in rec.get("databases", {}).items():
                kind, name = key.split("/")
                if status != "available":
                    continue
                if kind == "cluster":
                    rds.start_db_cluster(DBClusterIdentifier=name)
                else:
                    rds.start_db_instance(DBInstanceIdentifier=name)
                done["databases"] += 1

        for region, rec in self.state["regions"].items():
            for key in ("tasks", "executions", "jobs"):
                for arn in rec.get(key, {}):
                    self.not_restored.append(f"{key[:-1]} {arn}")
                    done[key] += 1

        iam = self.client("iam", regions[0]) if regions else None
        for kind, delete, name_key in (
            ("roles", "delete_role_policy", "RoleName"),
            ("users", "delete_user_policy", "UserName"),
        ):
            for name, p in self.state["iam"][kind].items():
                if not p["had_policy"]:
                    getattr(iam, delete)(**{name_key: name, "PolicyName": POLICY})
                done["principals"] += 1

        for region, rec in self.state["regions"].items():
            asg = self.client("autoscaling", region)
            for name, g in rec["groups"].items():
                asg.update_auto_scaling_group(
                    AutoScalingGroupName=name, MinSize=g["min"], MaxSize=g["max"], DesiredCapacity=g["desired"]
                )
                resume = [p for p in PROCESSES if p not in g["suspended"]]
                if resume:
                    asg.resume_processes(AutoScalingGroupName=name, ScalingProcesses=resume)
                done["groups"] += 1
        return done

    def undo_from_tags(self, agent: str, regions: list[str]) -> dict[str, int]:
        """Finds the agent's killed resources by their tags, restores them and removes the tags."""
        done = dict.fromkeys(KINDS, 0)
        mine = {TAG: agent}
        groups: dict[str, list[tuple[str, str]]] = {}
        for region in regions:
            ec2 = self.client("ec2", region)
            ids: list[str] = []
            running: list[str] = []
            pages = ec2.get_paginator("describe_instances").paginate(
                Filters=[{"Name": f"tag:{TAG}", "Values": [agent]}, {"Name": "tag-key", "Values": [KILLED]}]
            )
            for page in pages:
                for res in page["Reservations"]:
                    for i in res["Instances"]:
                        ids.append(i["InstanceId"])
                        if tag_dict(i.get("Tags")).get(PRIOR) in ("running", "pending"):
                            running.append(i["InstanceId"])
            for k in range(0, len(running), 1000):
                ec2.start_instances(InstanceIds=running[k : k + 1000])
            for k in range(0, len(ids), 1000):
                ec2.delete_tags(Resources=ids[k : k + 1000], Tags=[{"Key": KILLED}, {"Key": PRIOR}])
            done["instances"] += len(running)

            ecs = self.client("ecs", region)
            aas = self.client("application-autoscaling", region)
            for svc in seedlib.ecs_services(ecs):
                tags = tag_dict_lower(svc.get("tags"))
                if tags.get(TAG) != agent or KILLED not in tags:
                    continue
                desired, flags = tags[PRIOR].split("/")
                c, n = svc["clusterArn"].split("/")[-1], svc["serviceName"]
                ecs.update_service(cluster=c, service=n, desiredCount=int(desired))
                if flags != "-":
                    aas.register_scalable_target(
                        ServiceNamespace="ecs",
                        ResourceId=f"service/{c}/{n}",
                        ScalableDimension=ECS_DESIRED_COUNT,
                        SuspendedState={k: f == "1" for k, f in zip(SUSPENSIONS, flags)},
                    )
                ecs.untag_resource(resourceArn=svc["serviceArn"], tagKeys=[KILLED, PRIOR])
                done["services"] += 1

            lam = self.client("lambda", region)
            for page in lam.get_paginator("list_functions").paginate():
                for f in page["Functions"]:
                    tags = lam.list_tags(Resource=f["FunctionArn"]).get("Tags", {})
                    if tags.get(TAG) != agent or KILLED not in tags:
                        continue
                    name = f["FunctionName"]
                    if tags[PRIOR] == "none":
                        lam.delete_function_concurrency(FunctionName=name)
                    else:
                        lam.put_function_concurrency(FunctionName=name, ReservedConcurrentExecutions=int(tags[PRIOR]))
                    lam.untag_resource(Resource=f["FunctionArn"], TagKeys=[KILLED, PRIOR])
                    done["functions"] += 1

            sm = self.client("sagemaker", region)
            for page in sm.get_paginator("list_notebook_instances").paginate():
                for n in page["NotebookInstances"]:
                    arn = n["NotebookInstanceArn"]
                    tags = tag_dict(sm.list_tags(ResourceArn=arn)["Tags"])
                    if tags.get(TAG) != agent or KILLED not in tags:
                        continue
                    if tags[PRIOR] == "InService":
                        sm.start_notebook_instance(NotebookInstanceName=n["NotebookInstanceName"])
                    sm.delete_tags(ResourceArn=arn, TagKeys=[KILLED, PRIOR])
                    done["notebooks"] += 1

            eks = self.client("eks", region)
            for page in eks.get_paginator("list_clusters").paginate():
                for cluster in page["clusters"]:
                    for ng_page in eks.get_paginator("list_nodegroups").paginate(clusterName=cluster):
                        for name in ng_page["nodegroups"]:
                            ng = eks.describe_nodegroup(clusterName=cluster, nodegroupName=name)["nodegroup"]
                            tags = ng.get("tags", {})
                            if tags.get(TAG) != agent or KILLED not in tags:
                                continue
                            low, desired, high = (int(x) for x in tags[PRIOR].split("/"))
                            eks.update_nodegroup_config(
                                clusterName=cluster,
                                nodegroupName=name,
                                scalingConfig={"minSize": low, "desiredSize": desired, "maxSize": high},
                            )
                            eks.untag_resource(resourceArn=ng["nodegroupArn"], tagKeys=[KILLED, PRIOR])
                            done["nodegroups"] += 1

            rds = self.client("rds", region)
            for lister, key, arn_key, id_key, start in (
                ("describe_db_clusters", "DBClusters", "DBClusterArn", "DBClusterIdentifier", "start_db_cluster"),
                ("describe_db_instances", "DBInstances", "DBInstanceArn", "DBInstanceIdentifier", "start_db_instance"),
            ):
                for page in rds.get_paginator(lister).paginate():
                    for db in page[key]:
                        tags = tag_dict(db.get("TagList"))
                        if tags.get(TAG) != agent or KILLED not in tags:
                            continue
                        if tags[PRIOR] == "available":
                            getattr(rds, start)(**{id_key: db[id_key]})
                        rds.remove_tags_from_resource(ResourceName=db[arn_key], TagKeys=[KILLED, PRIOR])
                        done["databases"] += 1

            self.for_good_from_tags(agent, region, done)

            asg = self.client("autoscaling", region)
            for page in asg.get_paginator("describe_auto_scaling_groups").paginate():
                for g in page["AutoScalingGroups"]:
                    tags = tag_dict(g.get("Tags"))
                    if tags.get(TAG) == agent and KILLED in tags:
                        groups.setdefault(region, []).append((g["AutoScalingGroupName"], tags[PRIOR]))

        iam = self.client("iam", regions[0])
        for kind, lister, key, tags_of, delete, untag in (
            ("roles", "list_roles", "Roles", iam.list_role_tags, iam.delete_role_policy, iam.untag_role),
            ("users", "list_users", "Users", iam.list_user_tags, iam.delete_user_policy, iam.untag_user),
        ):
            name_key = "RoleName" if kind == "roles" else "UserName"
            for page in iam.get_paginator(lister).paginate():
                for p in page[key]:
                    name = p[name_key]
                    tags = tag_dict(tags_of(**{name_key: name})["Tags"])
                    if tags.get(TAG) != agent or KILLED not in tags:
                        continue
                    if tags[PRIOR] == "added":
                        delete(**{name_key: name, "PolicyName": POLICY})
                    untag(**{name_key: name, "TagKeys": [KILLED, PRIOR]})
                    done["principals"] += 1

        for region, found in groups.items():
            asg = self.client("autoscaling", region)
            for name, prior in found:
                desired, low, high, suspended = prior.split("/")
                asg.update_auto_scaling_group(
                    AutoScalingGroupName=name, MinSize=int(low), MaxSize=int(high), DesiredCapacity=int(desired)
                )
                before = [] if suspended == "-" else suspended.split("+")
                resume = [p for p in PROCESSES if p not in before]
                if resume:
                    asg.resume_processes(AutoScalingGroupName=name, ScalingProcesses=resume)
                asg.delete_tags(
                    Tags=[{"ResourceId": name, "ResourceType": "auto-scaling-group", "Key": k} for k in (KILLED, PRIOR)]
                )
                done["groups"] += 1
        return done


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for p in (sub.add_parser("kill"), sub.add_parser("undo")):
        p.add_argument("--agent", required=True)
        p.add_argument("--regions", required=True)
        p.add_argument("--record", choices=("tags", "file"), default="tags",
                       help="where the prior state is kept: tags on each resource and the file (default), or the file only")
        p.add_argument("--state", required=True, help="the local JSON file of prior states")
        p.add_argument("--endpoint", default=os.environ.get("AWS_ENDPOINT_URL"))
    args = parser.parse_args(argv)
    if not args.endpoint:
        parser.error("--endpoint (or AWS_ENDPOINT_URL) is required: this script only runs against an emulator")
    seedlib.require_loopback(parser, args.endpoint)
    run = Kill(args.endpoint, args.state, tags=args.record == "tags")
    regions = [r for r in args.regions.split(",") if r]
    if args.command == "kill":
        done = run.kill(args.agent, regions)
    elif args.record == "tags":
        done = run.undo_from_tags(args.agent, regions)
    else:
        done = run.undo()
    print(json.dumps({"command": args.command, "record": args.record, "changed": done, "billing": run.billing,
                      "not_restored": run.not_restored}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
