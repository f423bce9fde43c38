#!/usr/bin/env python3
"""Seeder and state checker for the kill benchmark (`scripts/bench.sh kill`).

Talks to the emulator directly (the single topology), or through the benchmark's routing proxy at zero
latency (the per-region topology, ``--per-region``: one emulator per region and one for the global
services; the seeder then also creates the Lambda execution role in every region's emulator, as moto's
CreateFunction looks it up in its own process, and holds the ECS tasks in each), and refuses any endpoint
that is not on the loopback interface, so it never touches AWS. Three subcommands:

``seed``  One agent, ``research-agent``, owning about ``--scale`` resources (default 500) spread evenly
          over the regions, plus a second agent's resources and untagged ones that a kill must not touch.
          Per region, for S = scale / regions agent resources (S = 167 at the default scale):

          - EC2 instances: the rest of S after the types below (127 at S = 167), about 6 % of them stopped
            before the kill (they must stay stopped after undo);
          - Auto Scaling groups (1.8 % of S, at least 1) with 2 members each (propagated tags), desired 2,
            min 1, max 4, the first with ``AZRebalance`` already suspended: a kill suspends the group's
            processes and sets desired and min to 0 and stops its members;
          - ECS services (4.8 % of S, at least 2) in one cluster, desired 2, half of them with an
            Application Auto Scaling target;
          - Lambda functions (12 % of S, at least 2), half of them with a reserved concurrency (5, 10, ...),
            half without: "none" and "0" differ;
          - SageMaker: 2 notebook instances ``InService`` and 1 already stopped (it must stay stopped after
            undo), and an endpoint serving 2 x ml.g4dn.xlarge, which a kill cannot stop (only reports);
          - EKS: a node group (min 1, desired 2, max 4) in the cluster ``kill-bench-eks``, which a kill
            scales to 0 (max kept);
          - RDS: 2 PostgreSQL DB instances ``available`` and 1 already stopped (it must stay stopped after
            undo), and an Aurora PostgreSQL cluster with one member instance (both tagged): a kill stops
            the instances and the cluster, and leaves the member to its cluster;
          - ECS tasks no service started (3 % of S, at least 2; Fargate, awsvpc, in the agent's cluster),
            RUNNING, and one task a service started (``startedBy ecs-svc/...``), which is the service's
            business and must stay: a kill stops the first for good, undo lists them;
          - Step Functions: a standard state machine with running executions (1.8 % of S, at least 2)
            and one stopped before the kill, and an express state machine (reported, not stoppable): a
            kill stops the running executions for good;
          - Bedrock: model customization jobs InProgress (1.2 % of S, at least 2), stopped for good, and
            a provisioned throughput (2 model units, one-month term), reported;
          - and once, in IAM: roles and users (1.2 % of the scale, at least 1 of each), the first role with
            an inline policy of its own that must survive the undo.

          The second agent (``log-summarizer``) has, per region, instances (20 % of S), an Auto Scaling
          group with 1 member, 3 ECS services in its own cluster, 5 Lambda functions, a notebook
          instance, an endpoint and a node group (min 1, desired 1, max 3) in the same EKS cluster, a DB
          instance and an Aurora cluster with one member, a standalone task, a state machine with one running
          execution, a customization job, and one IAM role. Untagged, per region: instances (12 % of S), 2 ECS services, 4 never-tagged Lambda
          functions, a never-tagged notebook instance, task, state machine (one running execution) and
          customization job (plus the untagged Lambda execution role).

          With ``--sandbox-account`` it also creates an organization (this account its management
          account) and one member account, the agent's sandbox, for ``kill --account``; its id is the
          manifest's ``sandbox_account``.

          It writes a manifest (``--manifest``): what was seeded, and the **request minimum** of a kill and
          of an undo of ``research-agent`` (see ``minimum()`` below), which the benchmark compares
          costbrake's requests with.

``snapshot``  Writes the state of everything in the regions that a kill can change: every instance's
          state and tags; every group's desired/min/max, suspended processes, tags and in-service member
          count; every ECS service's desired count and tags, and every scalable target's suspended state;
          every Lambda function's reserved concurrency (or none) and tags; every notebook instance's and
          endpoint's status and tags; every node group's sizes and tags; every RDS DB instance's and
          cluster's status and tags; every ECS task's status, desired status, starter and tags; every
          state machine's type and tags and every execution's status; every customization job's and
          provisioned throughput's status and tags; every IAM role's and user's inline
          policy names and tags; and, in an organization, every service control policy and the targets it
          is attached to.

``check``  Compares two snapshots: ``--expect restored`` (equal, except for Auto Scaling group members,
          see below, and for what a kill stops for good: the agent's tasks, executions and jobs stay
          stopped, and its state machines keep their markers) or ``--expect killed`` (the agent's resources killed, everything else as before; with
          ``--sandbox-account ID``, exactly one new SCP, ``costbrake-kill-*``, attached to that account
          and to nothing else). Exits 1 with the differences.

Auto Scaling members in moto: setting a group's desired count to 0 makes moto terminate its members at
once (AWS keeps them while ``Terminate`` is suspended), a StopInstances on a terminated instance turns it
back into a stopped one, and restoring the desired count launches new members. So group members are
compared by count (in-service members per group), not by instance id, and instances carrying the
``aws:autoscaling:groupName`` tag are left out of the per-instance comparison. That is also why the
benchmark seeds a fresh emulator for each side rather than reusing one.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent / "lib"))
import seedlib  # noqa: E402
from seedlib import (  # noqa: E402
    AMI,
    ASG_MEMBER_TAG,
    ECS_DESIRED_COUNT,
    GROUP_PROCESSES,
    SCALABLE_SUSPENSIONS,
    TAG_AGENT,
    TAG_RUN,
    ceil_div,
    kv_lower,
    kv_upper,
    tag_dict,
    tag_dict_lower,
)

seedlib.offline(fake_credentials=True)

DEFAULT_REGIONS = ("us-east-1", "us-west-2", "eu-west-1")
AGENT = seedlib.RESEARCH
OTHER = seedlib.SUMMARIZER
EXEC_ROLE = "kill-bench-lambda-exec"
TRUST = seedlib.LAMBDA_TRUST_POLICY
OWN_POLICY = json.dumps(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}
)
MARKER_PREFIX = "costbrake:"
EKS_CLUSTER = "kill-bench-eks"
JOB_FAMILY = "kill-bench-job"
# A workflow that waits a day: its executions run until they are stopped.
WORKFLOW = json.dumps({"StartAt": "Wait", "States": {"Wait": {"Type": "Wait", "Seconds": 86400, "End": True}}})
# moto's account: the roles the SageMaker and EKS resources name need not exist.
ACCOUNT = "123456789012"


def client(endpoint: str, service: str, region: str) -> Any:
    return seedlib.client(endpoint, service, region, seedlib.config())


def agent_tags(agent: str, i: int) -> dict[str, str]:
    return {TAG_AGENT: agent, TAG_RUN: f"run-{i % 7:02d}", "team": "ml-platform"}


def plan(scale: int, regions: int) -> dict[str, int]:
    """How many of each resource, per region (and globally for IAM), for `scale` agent resources."""
    s = scale // regions
    groups = max(1, round(s * 0.018))
    services = max(2, round(s * 0.048))
    functions = max(2, round(s * 0.12))
    principals = max(2, round(scale * 0.012))
    roles = principals - principals // 2
    users = principals // 2
    iam_share = ceil_div(principals, regions)
    # SageMaker and EKS, per region: 3 notebooks (1 stopped), 1 endpoint, 1 node group; RDS: 3 DB
    # instances (1 stopped), an Aurora cluster and its member.
    ml = 10
    tasks = max(2, round(s * 0.03))
    executions = max(2, round(s * 0.018))
    jobs = max(2, round(s * 0.012))
    # Step Functions: a standard state machine with the running executions and one already stopped, and
    # an express one; Bedrock: the jobs and a provisioned throughput.
    workflows = tasks + 1 + executions + 1 + 2 + jobs + 1
    instances = max(4, s - groups * 3 - services - functions - iam_share - ml - workflows)
    return {
        "instances": instances,
        "stopped": max(1, round(instances * 0.06)),
        "groups": groups,
        "members": 2,
        "services": services,
        "functions": functions,
        "roles": roles,
        "users": users,
        "notebooks": 2,
        "stopped_notebooks": 1,
        "endpoints": 1,
        "nodegroups": 1,
        "databases": 2,
        "stopped_databases": 1,
        "db_clusters": 1,
        "tasks": tasks,
        "service_tasks": 1,
        "executions": executions,
        "stopped_executions": 1,
        "state_machines": 1,
        "express_machines": 1,
        "jobs": jobs,
        "throughputs": 1,
        "other_instances": max(2, round(s * 0.2)),
        "untagged_instances": max(2, round(s * 0.12)),
    }


class Seeder:
    def __init__(self, endpoint: str, regions: list[str], scale: int, log: Any, per_region: bool = False) -> None:
        self.endpoint = endpoint
        self.per_region = per_region
        self.regions = regions
        self.scale = scale
        self.plan = plan(scale, len(regions))
        self.log = log
        self.counts: dict[str, Counter[str]] = {r: Counter() for r in regions}
        self.code = seedlib.lambda_zip()

    def c(self, service: str, region: str) -> Any:
        return client(self.endpoint, service, region)

    def instances(self, region: str, n: int, tags: dict[str, str], stop: int = 0) -> list[str]:
        ec2 = self.c("ec2", region)
        ids: list[str] = []
        while len(ids) < n:
            size = min(100, n - len(ids))
            kwargs: dict[str, Any] = {"ImageId": AMI, "MinCount": size, "MaxCount": size, "InstanceType": "t3.micro"}
            if tags:
                kwargs["TagSpecifications"] = [{"ResourceType": "instance", "Tags": kv_upper(tags)}]
            ids += [i["InstanceId"] for i in ec2.run_instances(**kwargs)["Instances"]]
        if stop:
            ec2.stop_instances(InstanceIds=ids[:stop])
        return ids

    def groups(self, region: str, agent: str, n: int, members: int) -> None:
        asg = self.c("autoscaling", region)
        lc = f"{agent}-lc"
        asg.create_launch_configuration(LaunchConfigurationName=lc, ImageId=AMI, InstanceType="t3.micro")
        for k in range(n):
            name = f"{agent}-workers-{k:02d}"
            asg.create_auto_scaling_group(
                AutoScalingGroupName=name,
                LaunchConfigurationName=lc,
                MinSize=1,
                MaxSize=4,
                DesiredCapacity=members,
                AvailabilityZones=[f"{region}a"],
                Tags=seedlib.asg_tags(name, agent_tags(agent, k)),
            )
            if k == 0:
                asg.suspend_processes(AutoScalingGroupName=name, ScalingProcesses=["AZRebalance"])

    def services(self, region: str, cluster: str, tags_of: list[dict[str, str]], scalable: int) -> None:
        ecs = self.c("ecs", region)
        cluster_tags = tags_of[0] if tags_of and tags_of[0] else {}
        # Always pass tags (even empty): moto's GetResources fails in a region with an untagged cluster
        # created without the parameter.
        ecs.create_cluster(clusterName=cluster, tags=kv_lower(cluster_tags))
        for i, tags in enumerate(tags_of):
            name = f"svc-{i:02d}"
            ecs.create_service(
                cluster=cluster,
                serviceName=name,
                taskDefinition="kill-bench-worker",
                desiredCount=2,
                tags=kv_lower(tags),
            )
            if i < scalable:
                self.c("application-autoscaling", region).register_scalable_target(
                    ServiceNamespace="ecs",
                    ResourceId=f"service/{cluster}/{name}",
                    ScalableDimension=ECS_DESIRED_COUNT,
                    MinCapacity=1,
                    MaxCapacity=10,
                )

    def functions(self, region: str, prefix: str, n: int, tags: dict[str, str], reserved: int, role: str) -> None:
        lam = self.c("lambda", region)
        for i in range(n):
            name = f"{prefix}-{i:03d}"
            kwargs: dict[str, Any] = {
                "FunctionName": name,
                "Runtime": seedlib.LAMBDA_RUNTIME,
                "Role": role,
                "Handler": seedlib.LAMBDA_HANDLER,
                "Code": {"ZipFile": self.code},
            }
            if tags:
                kwargs["Tags"] = tags
            lam.create_function(**kwargs)
            if i < reserved:
                lam.put_function_concurrency(FunctionName=name, ReservedConcurrentExecutions=5 * (i + 1))

    def notebooks(self, region: str, prefix: str, n: int, tags: dict[str, str], stop: int = 0) -> None:
        sm = self.c("sagemaker", region)
        for i in range(n):
            name = f"{prefix}-{i:02d}"
            kwargs: dict[str, Any] = {
                "NotebookInstanceName": name,
                "InstanceType": "ml.t3.medium",
                "RoleArn": f"arn:aws:iam::{ACCOUNT}:role/kill-bench-sagemaker",
            }
            if tags:
                kwargs["Tags"] = kv_upper(tags)
            sm.create_notebook_instance(**kwargs)
            if i >= n - stop:
                sm.stop_notebook_instance(NotebookInstanceName=name)

    def sagemaker_endpoint(self, region: str, name: str, tags: dict[str, str]) -> None:
        sm = self.c("sagemaker", region)
        role = f"arn:aws:iam::{ACCOUNT}:role/kill-bench-sagemaker"
        sm.create_model(ModelName=name, ExecutionRoleArn=role, PrimaryContainer={"Image": "inference:latest"})
        sm.create_endpoint_config(
            EndpointConfigName=name,
            ProductionVariants=[
                {"VariantName": "AllTraffic", "ModelName": name, "InitialInstanceCount": 2, "InstanceType": "ml.g4dn.xlarge"}
            ],
        )
        sm.create_endpoint(EndpointName=name, EndpointConfigName=name, Tags=kv_upper(tags))

    def nodegroup(self, region: str, cluster: str, name: str, sizes: tuple[int, int, int], tags: dict[str, str]) -> None:
        eks = self.c("eks", region)
        if cluster not in eks.list_clusters()["clusters"]:
            eks.create_cluster(
                name=cluster,
                roleArn=f"arn:aws:iam::{ACCOUNT}:role/kill-bench-eks",
                resourcesVpcConfig={"subnetIds": ["subnet-12345678"]},
            )
        low, desired, high = sizes
        # Always with a scaling configuration: moto shares one default between node groups created
        # without one, and UpdateNodegroupConfig would change them all.
        eks.create_nodegroup(
            clusterName=cluster,
            nodegroupName=name,
            nodeRole=f"arn:aws:iam::{ACCOUNT}:role/kill-bench-nodes",
            subnets=["subnet-12345678"],
            instanceTypes=["g5.xlarge"],
            scalingConfig={"minSize": low, "desiredSize": desired, "maxSize": high},
            tags=tags,
        )

    def databases(self, region: str, prefix: str, n: int, tags: dict[str, str], stop: int = 0) -> None:
        rds = self.c("rds", region)
        for i in range(n):
            name = f"{prefix}-{i:02d}"
            rds.create_db_instance(
                DBInstanceIdentifier=name,
                Engine="postgres",
                DBInstanceClass="db.t3.medium",
                AllocatedStorage=20,
                MasterUsername="agent",
                MasterUserPassword="not-a-secret-1",
                Tags=kv_upper(tags),
            )
            if i >= n - stop:
                rds.stop_db_instance(DBInstanceIdentifier=name)

    def aurora(self, region: str, name: str, tags: dict[str, str]) -> None:
        rds = self.c("rds", region)
        rds.create_db_cluster(
            DBClusterIdentifier=name,
            Engine="aurora-postgresql",
            MasterUsername="agent",
            MasterUserPassword="not-a-secret-1",
            Tags=kv_upper(tags),
        )
        rds.create_db_instance(
            DBInstanceIdentifier=f"{name}-1",
            Engine="aurora-postgresql",
            DBInstanceClass="db.r6g.large",
            DBClusterIdentifier=name,
            Tags=kv_upper(tags),
        )

    def tasks(
        self, region: str, cluster: str, n: int, tags: dict[str, str], net: tuple[str, str], started_by: str = ""
    ) -> None:
        """`n` Fargate tasks of the job task definition in `cluster` (RunTask, one per job, as agents do)."""
        ecs = self.c("ecs", region)
        for i in range(n):
            kwargs: dict[str, Any] = {
                "cluster": cluster,
                "taskDefinition": JOB_FAMILY,
                "launchType": "FARGATE",
                "networkConfiguration": {"awsvpcConfiguration": {"subnets": [net[0]], "securityGroups": [net[1]]}},
                "overrides": {"containerOverrides": [{"name": "job", "command": ["crawl", "--page", str(i)]}]},
                "tags": kv_lower(tags),
            }
            if started_by:
                kwargs["startedBy"] = started_by
            ecs.run_task(**kwargs)

    def state_machine(
        self, region: str, name: str, tags: dict[str, str], runs: int, stop: int = 0, express: bool = False
    ) -> None:
        """A state machine with `runs` executions started, the last `stop` of them stopped again."""
        sfn = self.c("stepfunctions", region)
        kwargs: dict[str, Any] = {
            "name": name,
            "definition": WORKFLOW,
            "roleArn": f"arn:aws:iam::{ACCOUNT}:role/kill-bench-workflows",
            "tags": [{"key": k, "value": v} for k, v in tags.items()],
        }
        if express:
            kwargs["type"] = "EXPRESS"
        arn = sfn.create_state_machine(**kwargs)["stateMachineArn"]
        for i in range(runs):
            execution = sfn.start_execution(stateMachineArn=arn, name=f"{name}-{i:02d}", input=json.dumps({"page": i}))
            if i >= runs - stop:
                sfn.stop_execution(executionArn=execution["executionArn"], error="Seed", cause="stopped before the kill")

    def jobs(self, region: str, prefix: str, n: int, tags: dict[str, str]) -> None:
        """`n` Bedrock model customization jobs, InProgress."""
        bedrock = self.c("bedrock", region)
        for i in range(n):
            kwargs: dict[str, Any] = {
                "jobName": f"{prefix}-{i:02d}",
                "customModelName": f"{prefix}-{i:02d}-model",
                "roleArn": f"arn:aws:iam::{ACCOUNT}:role/kill-bench-bedrock",
                "baseModelIdentifier": "amazon.titan-text-express-v1",
                "trainingDataConfig": {"s3Uri": "s3://kill-bench-data/train.jsonl"},
                "outputDataConfig": {"s3Uri": "s3://kill-bench-data/out/"},
                "hyperParameters": {"epochCount": "2"},
            }
            if tags:
                kwargs["jobTags"] = kv_lower(tags)
            bedrock.create_model_customization_job(**kwargs)

    def throughput(self, region: str, name: str, tags: dict[str, str]) -> None:
        """A provisioned model throughput (2 model units, one-month term), which a kill only reports."""
        self.c("bedrock", region).create_provisioned_model_throughput(
            provisionedModelName=name,
            modelId=f"arn:aws:bedrock:{region}::foundation-model/amazon.titan-text-express-v1",
            modelUnits=2,
            commitmentDuration="OneMonth",
            tags=kv_lower(tags),
        )

    def iam(self) -> str:
        iam = self.c("iam", self.regions[0])
        exec_arn = iam.create_role(RoleName=EXEC_ROLE, AssumeRolePolicyDocument=TRUST)["Role"]["Arn"]
        if self.per_region:
            for region in self.regions:
                seedlib.routed_client(self.endpoint, "iam", region, region, seedlib.config()).create_role(
                    RoleName=EXEC_ROLE, AssumeRolePolicyDocument=TRUST
                )
        p = self.plan
        for k in range(p["roles"]):
            name = f"{AGENT}-role-{k:02d}"
            iam.create_role(RoleName=name, AssumeRolePolicyDocument=TRUST, Tags=kv_upper(agent_tags(AGENT, k)))
            if k == 0:
                iam.put_role_policy(RoleName=name, PolicyName=seedlib.EXISTING_POLICY, PolicyDocument=OWN_POLICY)
        for k in range(p["users"]):
            iam.create_user(UserName=f"{AGENT}-user-{k:02d}", Tags=kv_upper(agent_tags(AGENT, k)))
        iam.create_role(RoleName=f"{OTHER}-role", AssumeRolePolicyDocument=TRUST, Tags=kv_upper(agent_tags(OTHER, 0)))
        return exec_arn

    def run(self) -> dict[str, Any]:
        started = time.monotonic()
        p = self.plan
        role = self.iam()
        # moto moves a task one status further (RUNNING, DEACTIVATING, ..., STOPPED) each time it is
        # read; on AWS a task runs until it is stopped. Keep moto's tasks where they are until StopTask.
        for route in self.regions if self.per_region else [None]:
            seedlib.hold_ecs_tasks(self.endpoint, route)
        for region in self.regions:
            t = time.monotonic()
            c = self.counts[region]
            ecs = self.c("ecs", region)
            ecs.register_task_definition(
                family="kill-bench-worker",
                containerDefinitions=[seedlib.WORKER_CONTAINER],
            )
            ecs.register_task_definition(
                family=JOB_FAMILY,
                networkMode="awsvpc",
                requiresCompatibilities=["FARGATE"],
                cpu="256",
                memory="512",
                containerDefinitions=[{"name": "job", "image": "busybox", "memory": 128, "essential": True}],
            )
            net = seedlib.task_network(self.c("ec2", region))
            # The agent's standalone instances, in batches of distinct runs.
            self.instances(region, p["instances"], agent_tags(AGENT, 0), stop=p["stopped"])
            self.groups(region, AGENT, p["groups"], p["members"])
            half = p["services"] // 2
            self.services(region, f"{AGENT}-cluster", [agent_tags(AGENT, i) for i in range(p["services"])], half)
            self.functions(region, f"{AGENT}-fn", p["functions"], agent_tags(AGENT, 0), p["functions"] // 2, role)
            self.notebooks(
                region, f"{AGENT}-nb", p["notebooks"] + p["stopped_notebooks"], agent_tags(AGENT, 0), p["stopped_notebooks"]
            )
            self.sagemaker_endpoint(region, f"{AGENT}-endpoint", agent_tags(AGENT, 0))
            self.nodegroup(region, EKS_CLUSTER, f"{AGENT}-gpu", (1, 2, 4), agent_tags(AGENT, 0))
            self.databases(
                region, f"{AGENT}-db", p["databases"] + p["stopped_databases"], agent_tags(AGENT, 0), p["stopped_databases"]
            )
            self.aurora(region, f"{AGENT}-aurora", agent_tags(AGENT, 0))
            self.tasks(region, f"{AGENT}-cluster", p["tasks"], agent_tags(AGENT, 1), net)
            # A task of one of the agent's services: the service's business, not the kill's.
            self.tasks(region, f"{AGENT}-cluster", p["service_tasks"], agent_tags(AGENT, 1), net, "ecs-svc/1234567890")
            self.state_machine(
                region, f"{AGENT}-flow", agent_tags(AGENT, 2), p["executions"] + p["stopped_executions"],
                p["stopped_executions"],
            )
            self.state_machine(region, f"{AGENT}-fast", agent_tags(AGENT, 2), 0, express=True)
            self.jobs(region, f"{AGENT}-tune", p["jobs"], agent_tags(AGENT, 3))
            self.throughput(region, f"{AGENT}-pt", agent_tags(AGENT, 3))
            # The other agent's, and untagged ones.
            self.instances(region, p["other_instances"], agent_tags(OTHER, 0), stop=1)
            self.groups(region, OTHER, 1, 1)
            self.services(region, f"{OTHER}-cluster", [agent_tags(OTHER, i) for i in range(3)] + [{}, {}], 1)
            self.functions(region, f"{OTHER}-fn", 5, agent_tags(OTHER, 0), 2, role)
            self.notebooks(region, f"{OTHER}-nb", 1, agent_tags(OTHER, 0))
            self.sagemaker_endpoint(region, f"{OTHER}-endpoint", agent_tags(OTHER, 0))
            self.nodegroup(region, EKS_CLUSTER, f"{OTHER}-nodes", (1, 1, 3), agent_tags(OTHER, 0))
            self.databases(region, f"{OTHER}-db", 1, agent_tags(OTHER, 0))
            self.aurora(region, f"{OTHER}-aurora", agent_tags(OTHER, 0))
            self.instances(region, p["untagged_instances"], {})
            self.functions(region, "untagged-fn", 4, {}, 1, role)
            self.notebooks(region, "untagged-nb", 1, {})
            self.tasks(region, f"{OTHER}-cluster", 1, agent_tags(OTHER, 0), net)
            self.tasks(region, f"{OTHER}-cluster", 1, {}, net)
            self.state_machine(region, f"{OTHER}-flow", agent_tags(OTHER, 0), 1)
            self.state_machine(region, "untagged-flow", {}, 1)
            self.jobs(region, f"{OTHER}-tune", 1, agent_tags(OTHER, 0))
            self.jobs(region, "untagged-tune", 1, {})
            c.update(
                agent_instances=p["instances"],
                agent_stopped=p["stopped"],
                agent_groups=p["groups"],
                agent_members=p["groups"] * p["members"],
                agent_services=p["services"],
                agent_scalable=half,
                agent_functions=p["functions"],
                agent_reserved=p["functions"] // 2,
                other_instances=p["other_instances"],
                other_groups=1,
                other_members=1,
                other_services=3,
                other_functions=5,
                untagged_instances=p["untagged_instances"],
                untagged_services=2,
                untagged_functions=4,
                agent_notebooks=p["notebooks"],
                agent_stopped_notebooks=p["stopped_notebooks"],
                agent_endpoints=p["endpoints"],
                agent_nodegroups=p["nodegroups"],
                other_notebooks=1,
                other_endpoints=1,
                other_nodegroups=1,
                untagged_notebooks=1,
                agent_databases=p["databases"],
                agent_stopped_databases=p["stopped_databases"],
                agent_db_clusters=p["db_clusters"],
                agent_db_members=p["db_clusters"],
                other_databases=1,
                other_db_clusters=1,
                other_db_members=1,
                agent_tasks=p["tasks"],
                agent_service_tasks=p["service_tasks"],
                other_tasks=1,
                untagged_tasks=1,
                agent_state_machines=p["state_machines"],
                agent_express_machines=p["express_machines"],
                agent_executions=p["executions"],
                agent_stopped_executions=p["stopped_executions"],
                other_state_machines=1,
                untagged_state_machines=1,
                state_machines=p["state_machines"] + p["express_machines"] + 2,
                agent_jobs=p["jobs"],
                other_jobs=1,
                untagged_jobs=1,
                agent_throughputs=p["throughputs"],
                eks_clusters=1,
                nodegroups=p["nodegroups"] + 1,
                clusters=2,
                services=p["services"] + 5,
                functions=p["functions"] + 9,
                groups=p["groups"] + 1,
            )
            print(
                f"  {region:<12} {AGENT}: {p['instances']} instances ({p['stopped']} stopped), "
                f"{p['groups']} groups x {p['members']} members, {p['services']} services, "
                f"{p['functions']} functions, 3 notebooks (1 stopped), 1 endpoint, 1 node group, 3 DB instances "
                f"(1 stopped), 1 Aurora cluster, {p['tasks']} ECS tasks (+1 of a service), 2 state machines "
                f"({p['executions']} running executions, 1 stopped; 1 express), {p['jobs']} Bedrock jobs, "
                f"1 provisioned throughput; others: "
                f"{p['other_instances'] + 1 + p['untagged_instances']} instances, 1 group, 5 services, "
                f"9 functions, 2 notebooks, 1 endpoint, 1 node group, 1 DB instance, 1 Aurora cluster, 2 tasks, "
                f"2 state machines, 2 jobs ({time.monotonic() - t:.1f} s)",
                file=self.log,
            )
        agent_total = sum(
            c["agent_instances"] + c["agent_groups"] + c["agent_members"] + c["agent_services"] + c["agent_functions"]
            + c["agent_notebooks"] + c["agent_stopped_notebooks"] + c["agent_endpoints"] + c["agent_nodegroups"]
            + c["agent_databases"] + c["agent_stopped_databases"] + c["agent_db_clusters"] + c["agent_db_members"]
            + c["agent_tasks"] + c["agent_service_tasks"] + c["agent_state_machines"] + c["agent_express_machines"]
            + c["agent_executions"] + c["agent_stopped_executions"] + c["agent_jobs"] + c["agent_throughputs"]
            for c in self.counts.values()
        ) + p["roles"] + p["users"]
        pages = {r: self.tagging_pages(r) for r in self.regions}
        bedrock_indexed = {r: self.indexed(r, ["bedrock:model-customization-job", "bedrock:provisioned-model"]) for r in self.regions}
        manifest = {
            "endpoint": self.endpoint,
            "scale": self.scale,
            "regions": self.regions,
            "agent": AGENT,
            "agent_resources": agent_total,
            "plan": p,
            "iam": {"agent_roles": p["roles"], "agent_users": p["users"], "other_roles": 1, "untagged_roles": 1},
            "counts": {r: dict(sorted(c.items())) for r, c in self.counts.items()},
            "get_resources_pages": pages,
            "bedrock_indexed": bedrock_indexed,
            "seconds": round(time.monotonic() - started, 1),
        }
        manifest["minimum"] = minimum(manifest)
        print(
            f"  seeded {agent_total} resources of {AGENT} over {len(self.regions)} regions "
            f"(+ the other agent's and untagged ones) in {manifest['seconds']} s",
            file=self.log,
        )
        return manifest

    def indexed(self, region: str, types: list[str]) -> int:
        """How many resources of `types` the Tagging API returns (moto: none of Bedrock's)."""
        tagging = self.c("resourcegroupstaggingapi", region)
        pages = tagging.get_paginator("get_resources").paginate(ResourceTypeFilters=types)
        return sum(len(page["ResourceTagMappingList"]) for page in pages)

    def tagging_pages(self, region: str) -> int:
        """GetResources pages for the kill's taggable types, at the largest pages (what costbrake asks)."""
        tagging = self.c("resourcegroupstaggingapi", region)
        pages, token = 0, ""
        while True:
            kwargs: dict[str, Any] = {
                "ResourcesPerPage": 100,
                "TagsPerPage": 500,
                "ResourceTypeFilters": [
                    "ec2:instance",
                    "ecs:service",
                    "lambda:function",
                    "sagemaker:notebook-instance",
                    "sagemaker:endpoint",
                    "eks:nodegroup",
                    "rds:db",
                    "rds:cluster",
                    "ecs:task",
                    "states:stateMachine",
                    "bedrock:model-customization-job",
                    "bedrock:provisioned-model",
                ],
            }
            if token:
                kwargs["PaginationToken"] = token
            page = tagging.get_resources(**kwargs)
            pages += 1
            token = page.get("PaginationToken") or ""
            if not token:
                return pages


def minimum(m: dict[str, Any]) -> dict[str, Any]:
    """The fewest requests a kill (and an undo) of the agent needs, per action, from what was seeded.

    Discovery, per region, is the listing costbrake's inventory does for the kill's types, at the largest
    pages: it must see resources the Tagging API has not indexed yet and count the whole scope to refuse
    a match-all selector. So: GetResources pages for ec2:instance, ecs:service and lambda:function
    (probed after seeding); one DescribeInstances page (moto pages by reservation, 1,000 a page); one
    ListFunctions (moto does not page it); one ListTags per never-tagged function (GetResources cannot
    return it, ListFunctions has no tags); ECS ListClusters, DescribeClusters, and per cluster ListServices
    and one DescribeServices per 10 services; one DescribeAutoScalingGroups page. Once:
    GetCallerIdentity, and one GetAccountAuthorizationDetails page (IAM roles and users with tags and
    inline policy names).

    SageMaker and EKS, per region: one ListNotebookInstances and one ListEndpoints page, one ListTags per
    never-tagged notebook (no SageMaker list call returns tags, and GetResources cannot return it); EKS
    ListClusters, ListNodegroups per cluster and DescribeNodegroup per node group (no call lists node
    groups with their tags and sizes). RDS, per region: one DescribeDBInstances and one DescribeDBClusters
    page (both return each database's status and TagList, so no further read).

    Tasks, executions and jobs, per region: ECS ListTasks (RUNNING) per cluster and one DescribeTasks
    with tags per cluster (100 tasks a call); Step Functions ListStateMachines, and ListTagsForResource
    per never-tagged state machine (GetResources cannot return it) and per state machine of the agent's
    (its markers, which the Tagging API may not show yet); Bedrock ListModelCustomizationJobs
    (InProgress) and ListProvisionedModelThroughputs, and ListTagsForResource per job and throughput
    the Tagging API did not return (moto's returns no Bedrock resource; on AWS only the never-tagged).

    State the listing does not carry: GetFunction per selected function (ListFunctions has no reserved
    concurrency, and "none" and "0" differ; GetFunction reports it with the function's tags, which came
    from the Tagging API and, as for notebooks below, may lag behind the markers a kill set seconds ago:
    one call for both), and one DescribeScalableTargets per region (up to 50
    services a call); ListTags per selected notebook, because its tags came from the Tagging API, which
    lags behind tag changes on AWS: the costbrake markers a kill set seconds ago may not be there yet, and
    undo and a second kill must see them. For the kill's report of what keeps billing: DescribeEndpoint
    per selected endpoint (instance counts) and DescribeEndpointConfig (the instance types, which
    DescribeEndpoint does not return). Instance states, group sizes and processes, service desired counts,
    notebook statuses, node group sizes and IAM inline policy names all come with the listing, so no
    further read is counted.

    Writes, kill: per region, one CreateTags (the prior-state markers of every running instance: they share
    one prior state, so one batch) and one StopInstances; one CreateOrUpdateTags for all groups (it takes
    tags for many groups), then per group SuspendProcesses and UpdateAutoScalingGroup; per service
    TagResource and UpdateService, plus RegisterScalableTarget where there is a target; per function
    TagResource and PutFunctionConcurrency; per InService notebook AddTags and StopNotebookInstance; per
    node group TagResource and UpdateNodegroupConfig; per available DB instance AddTagsToResource and
    StopDBInstance, per cluster AddTagsToResource and StopDBCluster (its member stops with it, and gets no
    call of its own). Per IAM principal: TagRole/TagUser and
    PutRolePolicy/PutUserPolicy. Instances and notebooks stopped before the kill are left alone. For
    what is stopped for good: one DescribeNetworkInterfaces per region (the tasks' security groups, which
    a relaunch needs and DescribeTasks does not give), per task TagResource and StopTask; per state
    machine of the agent's ListExecutions (RUNNING) and TagResource (an execution takes no tags), per
    execution StopExecution; per job TagResource and StopModelCustomizationJob; and, for the report of
    what keeps billing, GetProvisionedModelThroughput per throughput (model units and term).

    Writes, undo: per region one StartInstances and one DeleteTags (batched); per group
    UpdateAutoScalingGroup and ResumeProcesses, one DeleteTags for all groups; per service UpdateService,
    UntagResource and RegisterScalableTarget where there is a target; per function PutFunctionConcurrency
    or DeleteFunctionConcurrency, and UntagResource; per notebook StartNotebookInstance and DeleteTags; per
    node group UpdateNodegroupConfig and UntagResource; per DB instance and cluster the kill stopped
    StartDBInstance or StartDBCluster and RemoveTagsFromResource; per principal DeleteRolePolicy/DeleteUserPolicy and
    UntagRole/UntagUser. What was stopped for good is listed, not restored: ListTasks (STOPPED) per
    cluster and one DescribeTasks for the region's stopped tasks; ListExecutions (ABORTED) per marked
    state machine and DescribeExecution per execution the kill stopped (its input, and the cause that
    names the kill); ListModelCustomizationJobs for Stopping and for Stopped (their tags: above).
    """
    counts, p = m["counts"], m["plan"]

    def discovery() -> Counter[str]:
        d: Counter[str] = Counter({"sts:GetCallerIdentity": 1, "iam:GetAccountAuthorizationDetails": 1})
        for r, c in counts.items():
            d["tagging:GetResources"] += m["get_resources_pages"][r]
            d["ec2:DescribeInstances"] += 1
            d["lambda:ListFunctions"] += 1
            d["lambda:ListTags"] += c["untagged_functions"]
            d["ecs:ListClusters"] += 1
            d["ecs:DescribeClusters"] += ceil_div(c["clusters"], 100)
            d["ecs:ListServices"] += c["clusters"]
            # per cluster: the agent's, and the other agent's with its untagged services
            d["ecs:DescribeServices"] += ceil_div(c["agent_services"], 10) + ceil_div(
                c["other_services"] + c["untagged_services"], 10
            )
            d["autoscaling:DescribeAutoScalingGroups"] += 1
            d["lambda:GetFunction"] += c["agent_functions"]
            d["application-autoscaling:DescribeScalableTargets"] += ceil_div(c["agent_services"], 50)
            d["sagemaker:ListNotebookInstances"] += 1
            d["sagemaker:ListEndpoints"] += 1
            d["sagemaker:ListTags"] += (
                c["untagged_notebooks"] + c["agent_notebooks"] + c["agent_stopped_notebooks"]
            )
            d["eks:ListClusters"] += 1
            d["eks:ListNodegroups"] += c["eks_clusters"]
            d["eks:DescribeNodegroup"] += c["nodegroups"]
            d["rds:DescribeDBInstances"] += 1
            d["rds:DescribeDBClusters"] += 1
            # Standalone tasks: the running ones per cluster (the scope), described with their tags.
            d["ecs:ListTasks"] += c["clusters"]
            d["ecs:DescribeTasks"] += c["clusters"]
            d["states:ListStateMachines"] += 1
            d["states:ListTagsForResource"] += c["untagged_state_machines"] + c["agent_state_machines"]
            d["bedrock:ListModelCustomizationJobs"] += 1
            d["bedrock:ListProvisionedModelThroughputs"] += 1
        return d

    kill, undo = discovery(), discovery()
    for r, c in counts.items():
        kill["ec2:CreateTags"] += 1
        kill["ec2:StopInstances"] += 1
        kill["autoscaling:CreateOrUpdateTags"] += 1
        kill["autoscaling:SuspendProcesses"] += c["agent_groups"]
        kill["autoscaling:UpdateAutoScalingGroup"] += c["agent_groups"]
        kill["ecs:TagResource"] += c["agent_services"]
        kill["ecs:UpdateService"] += c["agent_services"]
        kill["application-autoscaling:RegisterScalableTarget"] += c["agent_scalable"]
        kill["lambda:TagResource"] += c["agent_functions"]
        kill["lambda:PutFunctionConcurrency"] += c["agent_functions"]
        kill["sagemaker:AddTags"] += c["agent_notebooks"]
        kill["sagemaker:StopNotebookInstance"] += c["agent_notebooks"]
        kill["sagemaker:DescribeEndpoint"] += c["agent_endpoints"]
        kill["sagemaker:DescribeEndpointConfig"] += c["agent_endpoints"]
        kill["eks:TagResource"] += c["agent_nodegroups"]
        kill["eks:UpdateNodegroupConfig"] += c["agent_nodegroups"]
        kill["rds:AddTagsToResource"] += c["agent_databases"] + c["agent_db_clusters"]
        kill["rds:StopDBInstance"] += c["agent_databases"]
        kill["rds:StopDBCluster"] += c["agent_db_clusters"]
        # A job's or throughput's tags, where the Tagging API did not return them (the never-tagged
        # ones; moto's GetResources serves no Bedrock type at all, so all of them here): the running
        # jobs and the throughputs for the kill; for the undo the running jobs left (the other agent's
        # and the never-tagged one), the throughputs, and the agent's stopped jobs, whose markers the
        # Tagging API may not show yet.
        others_running = c["other_jobs"] + c["untagged_jobs"]
        indexed = m["bedrock_indexed"][r]
        kill["bedrock:ListTagsForResource"] += c["agent_jobs"] + others_running + c["agent_throughputs"] - indexed
        # The agent's jobs are read fresh whether indexed or not; what is indexed of the rest, at most.
        unindexed_rest = others_running + c["agent_throughputs"] - min(indexed, others_running)
        undo["bedrock:ListTagsForResource"] += unindexed_rest + c["agent_jobs"]
        kill["states:ListExecutions"] += c["agent_state_machines"]
        kill["ec2:DescribeNetworkInterfaces"] += 1
        kill["ecs:TagResource"] += c["agent_tasks"]
        kill["ecs:StopTask"] += c["agent_tasks"]
        kill["states:TagResource"] += c["agent_state_machines"]
        kill["states:StopExecution"] += c["agent_executions"]
        kill["bedrock:TagResource"] += c["agent_jobs"]
        kill["bedrock:StopModelCustomizationJob"] += c["agent_jobs"]
        kill["bedrock:GetProvisionedModelThroughput"] += c["agent_throughputs"]

        undo["ec2:StartInstances"] += 1
        undo["ec2:DeleteTags"] += 1
        undo["autoscaling:UpdateAutoScalingGroup"] += c["agent_groups"]
        undo["autoscaling:ResumeProcesses"] += c["agent_groups"]
        undo["autoscaling:DeleteTags"] += 1
        undo["ecs:UpdateService"] += c["agent_services"]
        undo["ecs:UntagResource"] += c["agent_services"]
        undo["application-autoscaling:RegisterScalableTarget"] += c["agent_scalable"]
        undo["lambda:PutFunctionConcurrency"] += c["agent_reserved"]
        undo["lambda:DeleteFunctionConcurrency"] += c["agent_functions"] - c["agent_reserved"]
        undo["lambda:UntagResource"] += c["agent_functions"]
        undo["sagemaker:StartNotebookInstance"] += c["agent_notebooks"]
        undo["sagemaker:DeleteTags"] += c["agent_notebooks"]
        undo["eks:UpdateNodegroupConfig"] += c["agent_nodegroups"]
        undo["eks:UntagResource"] += c["agent_nodegroups"]
        undo["rds:StartDBInstance"] += c["agent_databases"]
        undo["rds:StartDBCluster"] += c["agent_db_clusters"]
        # What was stopped for good, listed: the stopped tasks per cluster that has them, the aborted
        # executions of the marked state machine (each described: its input and the kill's cause), the
        # Stopping and Stopped jobs with their tags.
        undo["ecs:ListTasks"] += c["clusters"]
        undo["ecs:DescribeTasks"] += 1
        undo["states:ListExecutions"] += c["agent_state_machines"]
        undo["states:DescribeExecution"] += c["agent_executions"]
        undo["bedrock:ListModelCustomizationJobs"] += 2
        undo["rds:RemoveTagsFromResource"] += c["agent_databases"] + c["agent_db_clusters"]
    kill["iam:TagRole"] += p["roles"]
    kill["iam:PutRolePolicy"] += p["roles"]
    kill["iam:TagUser"] += p["users"]
    kill["iam:PutUserPolicy"] += p["users"]
    undo["iam:DeleteRolePolicy"] += p["roles"]
    undo["iam:UntagRole"] += p["roles"]
    undo["iam:DeleteUserPolicy"] += p["users"]
    undo["iam:UntagUser"] += p["users"]
    return {
        "kill": {"total": sum(kill.values()), "by_action": dict(sorted(kill.items()))},
        "undo": {"total": sum(undo.values()), "by_action": dict(sorted(undo.items()))},
    }


# --- snapshot and check -----------------------------------------------------------------------------------


def snapshot(endpoint: str, regions: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "instances": {},
        "groups": {},
        "services": {},
        "targets": {},
        "functions": {},
        "notebooks": {},
        "endpoints": {},
        "nodegroups": {},
        "databases": {},
        "tasks": {},
        "state_machines": {},
        "executions": {},
        "jobs": {},
        "throughputs": {},
        "iam": {},
    }
    for region in regions:
        ec2 = client(endpoint, "ec2", region)
        for page in ec2.get_paginator("describe_instances").paginate():
            for res in page["Reservations"]:
                for i in res["Instances"]:
                    out["instances"][f"{region}/{i['InstanceId']}"] = {
                        "state": i["State"]["Name"],
                        "tags": tag_dict(i.get("Tags")),
                    }
        asg = client(endpoint, "autoscaling", region)
        for page in asg.get_paginator("describe_auto_scaling_groups").paginate():
            for g in page["AutoScalingGroups"]:
                out["groups"][f"{region}/{g['AutoScalingGroupName']}"] = {
                    "desired": g["DesiredCapacity"],
                    "min": g["MinSize"],
                    "max": g["MaxSize"],
                    "suspended": sorted(s["ProcessName"] for s in g.get("SuspendedProcesses", [])),
                    "tags": tag_dict(g.get("Tags")),
                    "in_service": sum(1 for i in g.get("Instances", []) if i["LifecycleState"] == "InService"),
                }
        for s in seedlib.ecs_services(client(endpoint, "ecs", region)):
            out["services"][f"{region}/{s['serviceArn']}"] = {
                "desired": s["desiredCount"],
                "tags": tag_dict_lower(s.get("tags")),
            }
        aas = client(endpoint, "application-autoscaling", region)
        for page in aas.get_paginator("describe_scalable_targets").paginate(ServiceNamespace="ecs"):
            for t in page["ScalableTargets"]:
                out["targets"][f"{region}/{t['ResourceId']}"] = {
                    "min": t["MinCapacity"],
                    "max": t["MaxCapacity"],
                    # moto leaves SuspendedState out until it is set; AWS returns it, all false.
                    "suspended": {k: bool(t.get("SuspendedState", {}).get(k, False)) for k in SCALABLE_SUSPENSIONS},
                }
        lam = client(endpoint, "lambda", region)
        for page in lam.get_paginator("list_functions").paginate():
            for f in page["Functions"]:
                conc = lam.get_function_concurrency(FunctionName=f["FunctionName"])
                out["functions"][f"{region}/{f['FunctionName']}"] = {
                    "reserved": conc.get("ReservedConcurrentExecutions"),
                    "tags": lam.list_tags(Resource=f["FunctionArn"]).get("Tags", {}),
                }
        sm = client(endpoint, "sagemaker", region)
        for page in sm.get_paginator("list_notebook_instances").paginate():
            for n in page["NotebookInstances"]:
                out["notebooks"][f"{region}/{n['NotebookInstanceName']}"] = {
                    "status": n["NotebookInstanceStatus"],
                    "tags": tag_dict(sm.list_tags(ResourceArn=n["NotebookInstanceArn"])["Tags"]),
                }
        for page in sm.get_paginator("list_endpoints").paginate():
            for e in page["Endpoints"]:
                variants = sm.describe_endpoint(EndpointName=e["EndpointName"])["ProductionVariants"]
                out["endpoints"][f"{region}/{e['EndpointName']}"] = {
                    "status": e["EndpointStatus"],
                    "instances": {v["VariantName"]: v.get("CurrentInstanceCount") for v in variants},
                    "tags": tag_dict(sm.list_tags(ResourceArn=e["EndpointArn"])["Tags"]),
                }
        eks = client(endpoint, "eks", region)
        for cluster in eks.list_clusters()["clusters"]:
            for name in eks.list_nodegroups(clusterName=cluster)["nodegroups"]:
                ng = eks.describe_nodegroup(clusterName=cluster, nodegroupName=name)["nodegroup"]
                sizes = ng["scalingConfig"]
                out["nodegroups"][f"{region}/{cluster}/{name}"] = {
                    "min": sizes["minSize"],
                    "desired": sizes["desiredSize"],
                    "max": sizes["maxSize"],
                    "tags": ng.get("tags", {}),
                }
        rds = client(endpoint, "rds", region)
        for page in rds.get_paginator("describe_db_instances").paginate():
            for db in page["DBInstances"]:
                out["databases"][f"{region}/db/{db['DBInstanceIdentifier']}"] = {
                    "status": db["DBInstanceStatus"],
                    "tags": tag_dict(db.get("TagList")),
                }
        for page in rds.get_paginator("describe_db_clusters").paginate():
            for cl in page["DBClusters"]:
                out["databases"][f"{region}/cluster/{cl['DBClusterIdentifier']}"] = {
                    "status": cl["Status"],
                    "tags": tag_dict(cl.get("TagList")),
                }
        ecs = client(endpoint, "ecs", region)
        for status in ("RUNNING", "STOPPED"):
            for task in seedlib.ecs_tasks(ecs, status):
                out["tasks"][f"{region}/{task['taskArn']}"] = {
                    "status": task["lastStatus"],
                    "desired": task["desiredStatus"],
                    "started_by": task.get("startedBy", ""),
                    "tags": tag_dict_lower(task.get("tags")),
                }
        sfn = client(endpoint, "stepfunctions", region)
        for page in sfn.get_paginator("list_state_machines").paginate():
            for machine in page["stateMachines"]:
                arn = machine["stateMachineArn"]
                tags = tag_dict_lower(sfn.list_tags_for_resource(resourceArn=arn)["tags"])
                out["state_machines"][f"{region}/{machine['name']}"] = {"type": machine.get("type"), "tags": tags}
                if machine.get("type") == "EXPRESS":
                    continue
                for ex_page in sfn.get_paginator("list_executions").paginate(stateMachineArn=arn):
                    for e in ex_page["executions"]:
                        # An execution has no tags: it is the agent's when its state machine is.
                        out["executions"][f"{region}/{e['executionArn']}"] = {
                            "status": e["status"],
                            "agent": tags.get(TAG_AGENT),
                        }
        bedrock = client(endpoint, "bedrock", region)
        for page in bedrock.get_paginator("list_model_customization_jobs").paginate():
            for job in page["modelCustomizationJobSummaries"]:
                tags = bedrock.list_tags_for_resource(resourceARN=job["jobArn"])["tags"]
                out["jobs"][f"{region}/{job['jobName']}"] = {"status": job["status"], "tags": tag_dict_lower(tags)}
        for p in bedrock.list_provisioned_model_throughputs()["provisionedModelSummaries"]:
            tags = bedrock.list_tags_for_resource(resourceARN=p["provisionedModelArn"])["tags"]
            out["throughputs"][f"{region}/{p['provisionedModelName']}"] = {
                "status": p["status"],
                "units": p["modelUnits"],
                "tags": tag_dict_lower(tags),
            }
    iam = client(endpoint, "iam", regions[0])
    for page in iam.get_paginator("list_roles").paginate():
        for r in page["Roles"]:
            name = r["RoleName"]
            out["iam"][f"role/{name}"] = {
                "policies": sorted(iam.list_role_policies(RoleName=name)["PolicyNames"]),
                "tags": tag_dict(iam.list_role_tags(RoleName=name)["Tags"]),
            }
    for page in iam.get_paginator("list_users").paginate():
        for u in page["Users"]:
            name = u["UserName"]
            out["iam"][f"user/{name}"] = {
                "policies": sorted(iam.list_user_policies(UserName=name)["PolicyNames"]),
                "tags": tag_dict(iam.list_user_tags(UserName=name)["Tags"]),
            }
    out["scps"] = scps(client(endpoint, "organizations", regions[0]))
    return out


def scps(org: Any) -> dict[str, list[str]]:
    """Every SCP of the organization by name, with the targets it is attached to; {} without one."""
    out: dict[str, list[str]] = {}
    try:
        pages = list(org.get_paginator("list_policies").paginate(Filter="SERVICE_CONTROL_POLICY"))
    except org.exceptions.AWSOrganizationsNotInUseException:
        return out
    for page in pages:
        for p in page["Policies"]:
            targets = org.list_targets_for_policy(PolicyId=p["Id"])["Targets"]
            out[p["Name"]] = sorted(t["TargetId"] for t in targets)
    return out


def sandbox_account(endpoint: str, region: str) -> str:
    """Creates the organization and the agent's sandbox account; returns the account's id."""
    org = client(endpoint, "organizations", region)
    org.create_organization(FeatureSet="ALL")
    status = org.create_account(AccountName="agent-sandbox", Email="sandbox@example.com")["CreateAccountStatus"]
    return status["AccountId"]


def owned(entry: dict[str, Any], agent: str) -> bool:
    return entry.get("tags", {}).get(TAG_AGENT) == agent or entry.get("agent") == agent


# What a kill stops for good: after the undo these stay killed (and their markers stay, so that undo
# and status keep listing them), where everything else is as before.
IRREVERSIBLE = ("tasks", "executions", "jobs")
# Where the markers of what was stopped for good stay after an undo: an execution's state machine.
MARKED_FOR_GOOD = ("state_machines",)


def without_markers(entry: dict[str, Any]) -> dict[str, Any]:
    e = dict(entry)
    if "tags" in e:
        e["tags"] = {k: v for k, v in e["tags"].items() if not k.startswith(MARKER_PREFIX)}
    return e


def check(
    before: dict[str, Any], after: dict[str, Any], expect: str, agent: str, sandbox: str | None = None
) -> list[str]:
    """The differences that contradict `expect`; empty when the state is as expected."""
    problems: list[str] = []
    b_scps, a_scps = before.get("scps", {}), after.get("scps", {})
    if expect == "restored" or sandbox is None:
        if b_scps != a_scps:
            problems.append(f"scps: {b_scps} -> {a_scps}")
    else:
        new = {n: t for n, t in a_scps.items() if n not in b_scps}
        kept = {n: t for n, t in a_scps.items() if n in b_scps}
        if kept != b_scps:
            problems.append(f"scps other than costbrake's changed: {b_scps} -> {kept}")
        if list(new.values()) != [[sandbox]] or not all(n.startswith("costbrake-kill-") for n in new):
            problems.append(f"expected one costbrake-kill-* SCP attached to {sandbox} only, found {new}")

    def members(snap: dict[str, Any]) -> set[str]:
        return {k for k, v in snap["instances"].items() if ASG_MEMBER_TAG in v["tags"]}

    for kind in (
        "instances", "groups", "services", "targets", "functions", "notebooks", "endpoints", "nodegroups", "databases",
        "tasks", "state_machines", "executions", "jobs", "throughputs", "iam",
    ):
        b, a = before[kind], after[kind]
        skip = members(before) | members(after) if kind == "instances" else set()
        for key in sorted(set(b) | set(a)):
            if key in skip:
                continue
            if key not in a or key not in b:
                problems.append(f"{kind} {key}: {'gone' if key not in a else 'new'}")
                continue
            old, new = b[key], a[key]
            mine = owned(old, agent)
            if expect == "restored" and not (mine and kind in IRREVERSIBLE + MARKED_FOR_GOOD):
                if old != new:
                    problems.append(f"{kind} {key}: {old} -> {new}")
                continue
            if expect == "restored" and kind in MARKED_FOR_GOOD:
                if without_markers(old) != without_markers(new):
                    problems.append(f"{kind} {key}: {old} -> {new}")
                continue
            # killed: the agent's resources killed (markers aside), everything else unchanged.
            # A scalable target has no tags: it is the agent's when its service is. (Killed groups
            # have no members left in moto, so the member count is compared only when restored.)
            # What was stopped for good stays stopped after the undo: the same check as after the kill.
            target_owned = kind == "targets" and owned(service_of_target(before, key), agent)
            if not (mine or target_owned):
                if old != new:
                    problems.append(f"{kind} {key} (not the agent's) changed: {old} -> {new}")
                continue
            new = without_markers(new)
            ok = {
                "instances": lambda: new["state"] == "stopped",
                "groups": lambda: new["desired"] == 0
                and new["min"] == 0
                and set(GROUP_PROCESSES) <= set(new["suspended"]),
                "services": lambda: new["desired"] == 0,
                "targets": lambda: all(new["suspended"][k] for k in SCALABLE_SUSPENSIONS),
                "functions": lambda: new["reserved"] == 0,
                # AWS: Stopping for minutes first; moto stops at once.
                "notebooks": lambda: new["status"] in ("Stopped", "Stopping"),
                # A kill cannot stop an endpoint: it only reports it.
                "endpoints": lambda: new == without_markers(old),
                "nodegroups": lambda: (new["min"], new["desired"], new["max"]) == (0, 0, old["max"]),
                # Instances, clusters and cluster members (stopped with their cluster). AWS: stopping
                # for minutes first; moto stops at once.
                "databases": lambda: new["status"] in ("stopped", "stopping"),
                # Stopped for good: the standalone running tasks (AWS: STOPPED after DEACTIVATING and
                # STOPPING; moto holds the last status here), never a service's task nor one that was
                # stopped already.
                "tasks": lambda: new == without_markers(old)
                if old["started_by"].startswith("ecs-svc/") or old["desired"] == "STOPPED"
                else new["desired"] == "STOPPED",
                # The markers of a stop for good go on the state machine.
                "state_machines": lambda: new == without_markers(old),
                "executions": lambda: new == old if old["status"] != "RUNNING" else new["status"] == "ABORTED",
                "jobs": lambda: new == without_markers(old)
                if old["status"] != "InProgress"
                else new["status"] in ("Stopping", "Stopped"),
                # Provisioned throughput cannot be stopped: it is only reported.
                "throughputs": lambda: new == without_markers(old),
                "iam": lambda: set(old["policies"]) < set(new["policies"]),
            }[kind]()
            if not ok:
                problems.append(f"{kind} {key} (the agent's) not killed: {old} -> {new}")
    return problems


def service_of_target(snap: dict[str, Any], target_key: str) -> dict[str, Any]:
    """The service a scalable target belongs to (`region/service/CLUSTER/NAME`)."""
    region, _, rest = target_key.partition("/")
    _, cluster, name = rest.split("/")
    for key, s in snap["services"].items():
        if key.startswith(f"{region}/") and key.endswith(f":service/{cluster}/{name}"):
            return s
    return {}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("seed")
    s.add_argument("--endpoint", required=True)
    s.add_argument("--scale", type=int, default=500, help="the agent's resources in total (default 500)")
    s.add_argument("--regions", default=",".join(DEFAULT_REGIONS))
    s.add_argument("--manifest")
    s.add_argument("--sandbox-account", action="store_true", help="also an organization and a sandbox account")
    s.add_argument(
        "--per-region",
        action="store_true",
        help="the endpoint is the benchmark's routing proxy in front of one emulator per region",
    )
    n = sub.add_parser("snapshot")
    n.add_argument("--endpoint", required=True)
    n.add_argument("--regions", default=",".join(DEFAULT_REGIONS))
    n.add_argument("--out", required=True)
    k = sub.add_parser("check")
    k.add_argument("--before", required=True)
    k.add_argument("--after", required=True)
    k.add_argument("--expect", choices=("restored", "killed"), required=True)
    k.add_argument("--agent", default=AGENT)
    k.add_argument("--sandbox-account", help="the account a kill locks with an SCP")
    args = parser.parse_args(argv)

    if args.command == "check":
        before = json.load(open(args.before, encoding="utf-8"))
        after = json.load(open(args.after, encoding="utf-8"))
        problems = check(before, after, args.expect, args.agent, args.sandbox_account)
        for p in problems[:10]:
            print(f"  {p[:300]}", file=sys.stderr)
        if len(problems) > 10:
            print(f"  ... and {len(problems) - 10} more", file=sys.stderr)
        n_checked = sum(len(v) for v in before.values())
        print(f"  check {args.expect}: {n_checked} resources compared, {len(problems)} problems", file=sys.stderr)
        return 1 if problems else 0

    seedlib.require_loopback(parser, args.endpoint)
    regions = [r for r in args.regions.split(",") if r]
    if args.command == "snapshot":
        snap = snapshot(args.endpoint, regions)
        with open(args.out, "w", encoding="utf-8") as f:
            json.dump(snap, f, indent=1, sort_keys=True)
        return 0
    if args.scale < 30:
        parser.error("--scale must be at least 30")
    manifest = Seeder(args.endpoint, regions, args.scale, sys.stderr, args.per_region).run()
    if args.sandbox_account:
        manifest["sandbox_account"] = sandbox_account(args.endpoint, regions[0])
    seedlib.write_manifest(manifest, args.manifest)
    return 0


if __name__ == "__main__":
    sys.exit(main())
