#!/usr/bin/env python3
"""Seed a "runaway AI agent" scenario into a running moto server.

The story
---------
Three AI agents share one AWS account and tag everything they create with
``agent-name`` (which agent) and ``agent-run-id`` (which run of it):

* ``research-agent`` is the runaway. It has several normal runs, and one run,
  ``run-loop-7f3a``, got stuck in a recursive loop and kept launching EC2
  instances in every region. It also owns an Auto Scaling group, ECS services
  (one of them behind an Application Auto Scaling target, min 1 / max 5), a
  Lambda function with 50 reserved concurrency, an IAM role carrying a
  pre-existing inline policy, an IAM user and an S3 bucket. One of its
  instances was already stopped before anything happened.
* ``log-summarizer`` is well behaved: everything it owns is fully tagged.
* ``ticket-triage`` is sloppy: some of its resources lack ``agent-run-id``
  and one instance has an *empty* ``agent-run-id`` value.

On top of that, each region holds a few resources that were never tagged,
and one instance (first region) was tagged and then had its tags removed.
IAM and S3 objects are global and are created once ("untagged" below means
"no agent-name tag"; the shared ECS cluster and task definition count as
untagged). EC2 counts in the summary are read back from moto after seeding,
so they include the ASG's instances and the root volume moto attaches to
every instance. This is the data set
``costbrake`` audits, reports on and stops in tests and in the demo.

Usage
-----
    AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing \\
        python3 scripts/seed_demo.py --endpoint-url http://127.0.0.1:5000 \\
        [--regions us-east-1,eu-west-1] [--scale N]

A JSON summary goes to stdout, a human-readable one to stderr. The script
refuses to run twice against the same server (exit code 3); reset moto with
``POST <endpoint>/moto-api/reset`` or restart it.

Only boto3, the standard library and scripts/lib/seedlib.py are used, every
client is pointed at ``--endpoint-url`` explicitly, and an endpoint that is not
on loopback is refused: the script never talks to real AWS.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent / "lib"))
import seedlib  # noqa: E402
from seedlib import (  # noqa: E402
    ECS_DESIRED_COUNT,
    LAMBDA_TRUST_POLICY,
    LOOP_RUN_ID,
    RESEARCH,
    SUMMARIZER,
    TAG_AGENT,
    TAG_RUN,
    TRIAGE,
    kv_lower,
    kv_upper,
    tag_dict,
)

# Guard against any fallback to the instance metadata service (169.254.169.254).
seedlib.offline()

from botocore.exceptions import ClientError, EndpointConnectionError  # noqa: E402

AGENTS = (RESEARCH, SUMMARIZER, TRIAGE)

DEFAULT_REGIONS = ("us-east-1", "eu-west-1")
CLUSTER_NAME = "costbrake-demo"
TASK_FAMILY = "costbrake-demo-worker"
BUCKET_PREFIX = "costbrake-demo"
UNTAGGED_ROLE = "legacy-ci-deployer"
RESEARCH_USER = "research-agent-bot"
RESEARCH_INLINE_POLICY = seedlib.EXISTING_POLICY

# Per-region count of research-agent instances launched by the loop run,
# before --scale is applied. Regions beyond the second reuse the last value.
LOOP_INSTANCES = (6, 4)

S3_READ_POLICY = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": ["s3:GetObject", "s3:ListBucket"],
                "Resource": "*",
            }
        ],
    }
)

# Sentinel meaning "do not set the agent-run-id tag at all".
NO_RUN: None = None


class AlreadySeeded(RuntimeError):
    """Raised when the target server already contains the demo data."""


# --------------------------------------------------------------------------
# Tags (their per-service shapes are seedlib's kv_upper / kv_lower / asg_tags)
# --------------------------------------------------------------------------


def agent_tags(agent: str, run_id: str | None) -> dict[str, str]:
    """Tags for an agent resource; ``run_id=None`` omits ``agent-run-id``."""
    tags = {TAG_AGENT: agent}
    if run_id is not None:
        tags[TAG_RUN] = run_id
    return tags


# --------------------------------------------------------------------------
# Bookkeeping for the summary
# --------------------------------------------------------------------------


@dataclass
class Summary:
    regions: list[str]
    scale: int
    # counts[agent][region][kind] -> n ("global" is used for IAM and S3)
    counts: dict[str, dict[str, dict[str, int]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
    )
    untagged: dict[str, dict[str, int]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(int))
    )
    runs: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    tagged_then_untagged: dict[str, str] = field(default_factory=dict)

    def add(self, agent: str, region: str, kind: str, run_id: str | None, n: int = 1) -> None:
        self.counts[agent][region][kind] += n
        if run_id:
            self.runs[agent].add(run_id)

    def add_untagged(self, region: str, kind: str, n: int = 1) -> None:
        self.untagged[region][kind] += n

    def to_json(self) -> dict[str, Any]:
        agents: dict[str, Any] = {}
        for agent in AGENTS:
            totals: dict[str, int] = defaultdict(int)
            for kinds in self.counts[agent].values():
                for kind, n in kinds.items():
                    totals[kind] += n
            agents[agent] = {
                **dict(sorted(totals.items())),
                "runs": sorted(self.runs[agent]),
                "by_region": {
                    region: dict(sorted(kinds.items()))
                    for region, kinds in sorted(self.counts[agent].items())
                },
            }
        return {
            "regions": self.regions,
            "scale": self.scale,
            "tag_keys": {"agent": TAG_AGENT, "run": TAG_RUN},
            "loop_run_id": LOOP_RUN_ID,
            "agents": agents,
            "untagged": sum(n for kinds in self.untagged.values() for n in kinds.values()),
            "untagged_by_region": {
                region: dict(sorted(kinds.items())) for region, kinds in sorted(self.untagged.items())
            },
            "tagged_then_untagged_instances": self.tagged_then_untagged,
        }

    def to_text(self) -> str:
        lines = [f"costbrake demo seeded (regions: {', '.join(self.regions)}, scale {self.scale})"]
        for agent in AGENTS:
            lines.append(f"  {agent}  runs: {', '.join(sorted(self.runs[agent]))}")
            for region, kinds in sorted(self.counts[agent].items()):
                detail = ", ".join(f"{k}={n}" for k, n in sorted(kinds.items()))
                lines.append(f"    {region:<10} {detail}")
        for region, kinds in sorted(self.untagged.items()):
            detail = ", ".join(f"{k}={n}" for k, n in sorted(kinds.items()))
            lines.append(f"  untagged {region:<10} {detail}")
        for region, iid in sorted(self.tagged_then_untagged.items()):
            lines.append(f"  tagged-then-untagged instance in {region}: {iid}")
        return "\n".join(lines)


# --------------------------------------------------------------------------
# Seeder
# --------------------------------------------------------------------------


class Seeder:
    def __init__(self, endpoint_url: str, regions: list[str], scale: int) -> None:
        self.endpoint_url = endpoint_url
        self.regions = regions
        self.scale = scale
        self.home_region = regions[0]
        self.summary = Summary(regions=regions, scale=scale)
        self.role_arns: dict[str, str] = {}
        self._config = seedlib.config(max_attempts=2, read_timeout=60, connect_timeout=5)

    def client(self, service: str, region: str) -> Any:
        return seedlib.client(self.endpoint_url, service, region, self._config)

    # -- preflight -----------------------------------------------------------

    def check_not_seeded(self) -> None:
        iam = self.client("iam", self.home_region)
        try:
            iam.get_role(RoleName=f"{RESEARCH}-exec")
        except ClientError as err:
            if err.response["Error"]["Code"] == "NoSuchEntity":
                return
            raise
        raise AlreadySeeded(
            f"role {RESEARCH}-exec already exists at {self.endpoint_url}: the demo is "
            f"already seeded. Reset moto (POST {self.endpoint_url}/moto-api/reset) "
            "or restart it, then run again."
        )

    # -- IAM (global) --------------------------------------------------------

    def seed_iam(self) -> None:
        iam = self.client("iam", self.home_region)
        for agent in AGENTS:
            run = NO_RUN  # roles outlive runs: tagged with the agent only
            role = iam.create_role(
                RoleName=f"{agent}-exec",
                AssumeRolePolicyDocument=LAMBDA_TRUST_POLICY,
                Description=f"Execution role for {agent}",
                Tags=kv_upper(agent_tags(agent, run)),
            )
            self.role_arns[agent] = role["Role"]["Arn"]
            self.summary.add(agent, "global", "iam_roles", run)

        iam.put_role_policy(
            RoleName=f"{RESEARCH}-exec",
            PolicyName=RESEARCH_INLINE_POLICY,
            PolicyDocument=S3_READ_POLICY,
        )

        iam.create_role(RoleName=UNTAGGED_ROLE, AssumeRolePolicyDocument=LAMBDA_TRUST_POLICY)
        self.summary.add_untagged("global", "iam_roles")

        iam.create_user(UserName=RESEARCH_USER, Tags=kv_upper(agent_tags(RESEARCH, NO_RUN)))
        self.summary.add(RESEARCH, "global", "iam_users", NO_RUN)

    # -- S3 (global names) ---------------------------------------------------

    def seed_s3(self) -> None:
        s3 = self.client("s3", self.home_region)
        buckets = {
            RESEARCH: ("artifacts", "run-9c01"),
            SUMMARIZER: ("summaries", "run-ls-0412"),
            TRIAGE: ("attachments", NO_RUN),
        }
        for agent, (suffix, run) in buckets.items():
            name = f"{BUCKET_PREFIX}-{agent}-{suffix}"
            seedlib.create_bucket(s3, name, self.home_region)
            s3.put_bucket_tagging(Bucket=name, Tagging={"TagSet": kv_upper(agent_tags(agent, run))})
            self.summary.add(agent, "global", "s3_buckets", run)

        seedlib.create_bucket(s3, f"{BUCKET_PREFIX}-untagged-scratch", self.home_region)
        self.summary.add_untagged("global", "s3_buckets")

    # -- EC2 -----------------------------------------------------------------

    def _ami(self, ec2: Any) -> str:
        images = ec2.describe_images(ImageIds=[seedlib.AMI]).get("Images", [])
        if images:
            return images[0]["ImageId"]
        images = ec2.describe_images(Owners=["amazon"]).get("Images", [])
        if not images:
            raise RuntimeError("moto returned no AMIs; cannot launch instances")
        return images[0]["ImageId"]

    def _run(
        self,
        ec2: Any,
        ami: str,
        count: int,
        instance_type: str,
        tags: dict[str, str] | None,
    ) -> list[str]:
        kwargs: dict[str, Any] = {
            "ImageId": ami,
            "MinCount": count,
            "MaxCount": count,
            "InstanceType": instance_type,
        }
        if tags is not None:
            kwargs["TagSpecifications"] = [
                {"ResourceType": "instance", "Tags": kv_upper(tags)},
                {"ResourceType": "volume", "Tags": kv_upper(tags)},
            ]
        resp = ec2.run_instances(**kwargs)
        return [i["InstanceId"] for i in resp["Instances"]]

    def _volume(self, ec2: Any, az: str, size: int, tags: dict[str, str] | None) -> str:
        kwargs: dict[str, Any] = {"AvailabilityZone": az, "Size": size, "VolumeType": "gp3"}
        if tags is not None:
            kwargs["TagSpecifications"] = [{"ResourceType": "volume", "Tags": kv_upper(tags)}]
        return ec2.create_volume(**kwargs)["VolumeId"]

    def seed_ec2(self, region: str, region_index: int) -> None:
        """Launch instances and volumes. Counting is left to census_ec2()."""
        ec2 = self.client("ec2", region)
        ami = self._ami(ec2)
        az = f"{region}a"
        loop_count = LOOP_INSTANCES[min(region_index, len(LOOP_INSTANCES) - 1)]

        # research-agent: two normal runs plus the recursive loop run.
        for run in ("run-9c01", "run-b2e4"):
            self._run(ec2, ami, self.scale, "m5.xlarge", agent_tags(RESEARCH, run))
        self._run(ec2, ami, loop_count * self.scale, "c5.2xlarge", agent_tags(RESEARCH, LOOP_RUN_ID))

        # research-agent: one instance already stopped before the demo starts.
        (stopped,) = self._run(ec2, ami, 1, "m5.large", agent_tags(RESEARCH, "run-5d10"))
        ec2.stop_instances(InstanceIds=[stopped])
        ec2.get_waiter("instance_stopped").wait(
            InstanceIds=[stopped], WaiterConfig={"Delay": 1, "MaxAttempts": 30}
        )

        # research-agent: detached scratch volumes left behind by the loop.
        for size in (100, 200, 500):
            self._volume(ec2, az, size, agent_tags(RESEARCH, LOOP_RUN_ID))

        # log-summarizer: fully tagged.
        self._run(ec2, ami, 2, "t3.micro", agent_tags(SUMMARIZER, "run-ls-0412"))
        self._volume(ec2, az, 20, agent_tags(SUMMARIZER, "run-ls-0412"))

        # ticket-triage: one missing agent-run-id, one with an empty value.
        self._run(ec2, ami, 1, "t3.small", agent_tags(TRIAGE, NO_RUN))
        self._run(ec2, ami, 1, "t3.small", agent_tags(TRIAGE, ""))
        self._volume(ec2, az, 50, agent_tags(TRIAGE, NO_RUN))

        # Never tagged at all.
        self._run(ec2, ami, 2, "t3.medium", None)
        self._volume(ec2, az, 30, None)

        # Tagged at creation, then tags removed (instance and its root volume).
        if region_index == 0:
            tags = agent_tags(RESEARCH, "run-9c01")
            (iid,) = self._run(ec2, ami, 1, "m5.large", tags)
            desc = ec2.describe_instances(InstanceIds=[iid])["Reservations"][0]["Instances"][0]
            volumes = [m["Ebs"]["VolumeId"] for m in desc.get("BlockDeviceMappings", [])]
            ec2.delete_tags(Resources=[iid, *volumes], Tags=[{"Key": k} for k in tags])
            self.summary.tagged_then_untagged[region] = iid

    def census_ec2(self, region: str) -> None:
        """Count instances and volumes as moto reports them (this includes ASG
        instances and the root volumes moto creates with every instance)."""
        ec2 = self.client("ec2", region)
        for page in ec2.get_paginator("describe_instances").paginate():
            for reservation in page["Reservations"]:
                for inst in reservation["Instances"]:
                    state = inst["State"]["Name"]
                    if state in ("terminated", "shutting-down"):
                        continue
                    tags = tag_dict(inst.get("Tags"))
                    agent = tags.get(TAG_AGENT)
                    if agent is None:
                        self.summary.add_untagged(region, "ec2_instances")
                        continue
                    run = tags.get(TAG_RUN)
                    self.summary.add(agent, region, "ec2_instances", run)
                    if state in ("running", "stopped"):
                        self.summary.add(agent, region, f"ec2_{state}", run)
        for page in ec2.get_paginator("describe_volumes").paginate():
            for vol in page["Volumes"]:
                tags = tag_dict(vol.get("Tags"))
                agent = tags.get(TAG_AGENT)
                if agent is None:
                    self.summary.add_untagged(region, "ebs_volumes")
                else:
                    self.summary.add(agent, region, "ebs_volumes", tags.get(TAG_RUN))

    # -- Auto Scaling (first region; us-east-1 by default) -------------------

    def seed_autoscaling(self, region: str) -> None:
        ec2 = self.client("ec2", region)
        asg = self.client("autoscaling", region)
        ami = self._ami(ec2)
        run = LOOP_RUN_ID
        name = f"{RESEARCH}-workers"
        ec2.create_launch_template(
            LaunchTemplateName=f"{RESEARCH}-lt",
            LaunchTemplateData={
                "ImageId": ami,
                "InstanceType": "c5.xlarge",
                "TagSpecifications": [
                    {"ResourceType": "volume", "Tags": kv_upper(agent_tags(RESEARCH, run))}
                ],
            },
            TagSpecifications=[
                {"ResourceType": "launch-template", "Tags": kv_upper(agent_tags(RESEARCH, run))}
            ],
        )
        asg.create_auto_scaling_group(
            AutoScalingGroupName=name,
            LaunchTemplate={"LaunchTemplateName": f"{RESEARCH}-lt", "Version": "$Latest"},
            MinSize=0,
            MaxSize=10,
            DesiredCapacity=2,
            AvailabilityZones=[f"{region}a"],
            Tags=seedlib.asg_tags(name, agent_tags(RESEARCH, run)),
        )
        self.summary.add(RESEARCH, region, "autoscaling_groups", run)
        # moto quirk: the ASG's instances get the propagated tags, but the
        # launch template's volume TagSpecifications are not applied to their
        # root volumes (real AWS applies them), so tag those volumes here.
        groups = asg.describe_auto_scaling_groups(AutoScalingGroupNames=[name])
        instance_ids = [i["InstanceId"] for g in groups["AutoScalingGroups"] for i in g["Instances"]]
        if instance_ids:
            volume_ids = [
                m["Ebs"]["VolumeId"]
                for r in ec2.describe_instances(InstanceIds=instance_ids)["Reservations"]
                for inst in r["Instances"]
                for m in inst.get("BlockDeviceMappings", [])
                if "Ebs" in m
            ]
            if volume_ids:
                ec2.create_tags(Resources=volume_ids, Tags=kv_upper(agent_tags(RESEARCH, run)))
        # Its instances show up in census_ec2() through the propagated tags.
        self.summary.add(RESEARCH, region, "asg_desired_capacity", run, 2)

    # -- ECS + Application Auto Scaling -------------------------------------

    def seed_ecs(self, region: str, region_index: int) -> None:
        ecs = self.client("ecs", region)
        # moto quirk: GetResources returns HTTP 500 for a region holding an ECS
        # cluster created without `tags`, so always pass them (even if empty).
        # The cluster and task definition are shared infrastructure: no agent tag.
        ecs.create_cluster(clusterName=CLUSTER_NAME, tags=[])
        ecs.register_task_definition(
            family=TASK_FAMILY,
            containerDefinitions=[
                {
                    "name": "worker",
                    "image": "public.ecr.aws/docker/library/busybox:latest",
                    "memory": 128,
                    "essential": True,
                }
            ],
            tags=[],
        )
        self.summary.add_untagged(region, "ecs_clusters")
        self.summary.add_untagged(region, "ecs_task_definitions")
        services: list[tuple[str, str, str | None, int]] = [
            (RESEARCH, f"{RESEARCH}-crawler", LOOP_RUN_ID, 3),
            (SUMMARIZER, f"{SUMMARIZER}-svc", "run-ls-0412", 2),
            (TRIAGE, f"{TRIAGE}-svc", NO_RUN, 2),
        ]
        if region_index == 0:
            services.insert(1, (RESEARCH, f"{RESEARCH}-indexer", "run-b2e4", 2))
        for agent, name, run, desired in services:
            ecs.create_service(
                cluster=CLUSTER_NAME,
                serviceName=name,
                taskDefinition=TASK_FAMILY,
                desiredCount=desired,
                tags=kv_lower(agent_tags(agent, run)),
            )
            self.summary.add(agent, region, "ecs_services", run)
            self.summary.add(agent, region, "ecs_desired_tasks", run, desired)

        if region_index == 0:
            self.seed_task(region)

        # The runaway's crawler scales itself: register a scalable target.
        aas = self.client("application-autoscaling", region)
        aas.register_scalable_target(
            ServiceNamespace="ecs",
            ResourceId=f"service/{CLUSTER_NAME}/{RESEARCH}-crawler",
            ScalableDimension=ECS_DESIRED_COUNT,
            MinCapacity=1,
            MaxCapacity=5,
        )
        self.summary.add(RESEARCH, region, "scalable_targets", LOOP_RUN_ID)

    def seed_task(self, region: str) -> None:
        """One job the runaway started with RunTask (Fargate, awsvpc): what a kill stops for good."""
        seedlib.hold_ecs_tasks(self.endpoint_url)
        subnet, group = seedlib.task_network(self.client("ec2", region))
        ecs = self.client("ecs", region)
        ecs.register_task_definition(
            family="crawl-job",
            networkMode="awsvpc",
            requiresCompatibilities=["FARGATE"],
            cpu="256",
            memory="512",
            containerDefinitions=[{"name": "job", "image": "public.ecr.aws/docker/library/busybox:latest", "memory": 128}],
            tags=[],
        )
        ecs.run_task(
            cluster=CLUSTER_NAME,
            taskDefinition="crawl-job",
            launchType="FARGATE",
            networkConfiguration={"awsvpcConfiguration": {"subnets": [subnet], "securityGroups": [group]}},
            overrides={"containerOverrides": [{"name": "job", "command": ["crawl", "--depth", "9"]}]},
            tags=kv_lower(agent_tags(RESEARCH, LOOP_RUN_ID)),
        )
        self.summary.add(RESEARCH, region, "ecs_tasks", LOOP_RUN_ID)

    # -- Step Functions and Bedrock --------------------------------------------

    def seed_workflows(self, region: str) -> None:
        """The runaway's workflow run and fine-tuning job: a kill stops both for good (undo lists them)."""
        sfn = self.client("stepfunctions", region)
        tags = agent_tags(RESEARCH, LOOP_RUN_ID)
        machine = sfn.create_state_machine(
            name=f"{RESEARCH}-loop",
            # Waits a day: the execution runs until it is stopped.
            definition=json.dumps({"StartAt": "Think", "States": {"Think": {"Type": "Wait", "Seconds": 86400, "End": True}}}),
            roleArn=self.role_arns[RESEARCH],
            tags=[{"key": k, "value": v} for k, v in tags.items()],
        )["stateMachineArn"]
        sfn.start_execution(stateMachineArn=machine, name=LOOP_RUN_ID, input=json.dumps({"goal": "crawl everything"}))
        self.summary.add(RESEARCH, region, "sfn_executions", LOOP_RUN_ID)
        self.client("bedrock", region).create_model_customization_job(
            jobName=f"{RESEARCH}-tune",
            customModelName=f"{RESEARCH}-tuned",
            roleArn=self.role_arns[RESEARCH],
            baseModelIdentifier="amazon.titan-text-express-v1",
            trainingDataConfig={"s3Uri": f"s3://{RESEARCH}-data/train.jsonl"},
            outputDataConfig={"s3Uri": f"s3://{RESEARCH}-data/out/"},
            hyperParameters={"epochCount": "2"},
            jobTags=kv_lower(tags),
        )
        self.summary.add(RESEARCH, region, "bedrock_jobs", LOOP_RUN_ID)

    # -- RDS -----------------------------------------------------------------

    def seed_rds(self, region: str) -> None:
        """The runaway's vector database: a kill stops it (and notes AWS's seven-day restart), undo starts it."""
        self.client("rds", region).create_db_instance(
            DBInstanceIdentifier=f"{RESEARCH}-memory",
            Engine="postgres",
            DBInstanceClass="db.r6g.large",
            AllocatedStorage=100,
            MasterUsername="agent",
            MasterUserPassword="not-a-secret-1",
            Tags=[{"Key": k, "Value": v} for k, v in agent_tags(RESEARCH, LOOP_RUN_ID).items()],
        )
        self.summary.add(RESEARCH, region, "rds_instances", LOOP_RUN_ID)

    # -- Lambda --------------------------------------------------------------

    def seed_lambda(self, region: str, region_index: int) -> None:
        lam = self.client("lambda", region)
        code = seedlib.lambda_zip()
        functions: list[tuple[str, str, str | None]] = [
            (RESEARCH, f"{RESEARCH}-fanout", LOOP_RUN_ID),
            (SUMMARIZER, f"{SUMMARIZER}-fn", "run-ls-0412"),
            (TRIAGE, f"{TRIAGE}-fn", NO_RUN),
        ]
        for agent, name, run in functions:
            lam.create_function(
                FunctionName=name,
                Runtime=seedlib.LAMBDA_RUNTIME,
                Role=self.role_arns[agent],
                Handler=seedlib.LAMBDA_HANDLER,
                Code={"ZipFile": code},
                Timeout=30,
                MemorySize=256,
                Tags=agent_tags(agent, run),
            )
            self.summary.add(agent, region, "lambda_functions", run)

        if region_index == 0:
            lam.put_function_concurrency(
                FunctionName=f"{RESEARCH}-fanout", ReservedConcurrentExecutions=50
            )
            self.summary.add(RESEARCH, region, "lambda_reserved_concurrency", LOOP_RUN_ID, 50)

    # -- driver --------------------------------------------------------------

    def run(self) -> Summary:
        self.check_not_seeded()
        self.seed_iam()
        self.seed_s3()
        for index, region in enumerate(self.regions):
            self.seed_ec2(region, index)
            if index == 0:
                self.seed_autoscaling(region)
                self.seed_rds(region)
                self.seed_workflows(region)
            self.seed_ecs(region, index)
            self.seed_lambda(region, index)
            self.census_ec2(region)
        return self.summary


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Seed the costbrake runaway-agent demo into a moto server."
    )
    parser.add_argument(
        "--endpoint-url",
        required=True,
        help="moto server URL on loopback, e.g. http://127.0.0.1:5000 (required: never real AWS)",
    )
    parser.add_argument(
        "--regions",
        default=",".join(DEFAULT_REGIONS),
        help="comma-separated regions; the first one also gets the ASG, the "
        "reserved-concurrency Lambda and the global IAM/S3 resources "
        "(default: %(default)s)",
    )
    parser.add_argument(
        "--scale",
        type=int,
        default=1,
        help="multiply the number of running research-agent EC2 instances (default: 1)",
    )
    args = parser.parse_args(argv)

    seedlib.require_loopback(parser, args.endpoint_url, "--endpoint-url")
    args.regions = [r.strip() for r in args.regions.split(",") if r.strip()]
    if not args.regions:
        parser.error("--regions must name at least one region")
    if len(set(args.regions)) != len(args.regions):
        parser.error("--regions contains duplicates")
    if args.scale < 1:
        parser.error("--scale must be >= 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    seeder = Seeder(args.endpoint_url, args.regions, args.scale)
    try:
        summary = seeder.run()
    except AlreadySeeded as err:
        print(f"seed_demo: {err}", file=sys.stderr)
        return 3
    except EndpointConnectionError as err:
        print(f"seed_demo: cannot reach moto at {args.endpoint_url}: {err}", file=sys.stderr)
        return 2
    except ClientError as err:
        op = err.operation_name
        print(f"seed_demo: {op} failed: {err}", file=sys.stderr)
        return 1
    print(summary.to_text(), file=sys.stderr)
    print(json.dumps(summary.to_json(), indent=2, sort_keys=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
