#!/usr/bin/env python3
"""Bulk seeder for scripts/bench.sh: about 10,000 resources over four regions, fast, in moto.

Talks to the emulator directly (the single topology), or through the benchmark's routing proxy at zero
latency (the per-region topology, ``--per-region``: one emulator per region and one for the global
services), and refuses any endpoint that is not on the loopback interface, so it never touches AWS. In
the per-region topology it also creates the Lambda execution role in every region's emulator (moto's
CreateFunction looks the role up in its own process; AWS's IAM is one global service) and each bucket,
with its tags, in its region's emulator as well as in the global one that serves S3 (moto's GetResources
lists the buckets of its own process; AWS's tagging index of a region lists that region's buckets).

Per region, for a total ``--scale`` of S resources (S / regions per region):

- EC2 instances, launched in at least eight batches of up to 100 with ``run_instances`` and
  ``TagSpecifications`` for the instance and its root volume (moto attaches one EBS volume to each
  instance, so an instance counts as two resources). Batches rotate through four tag profiles: two fully
  tagged (``agent-name``, ``agent-run-id``, ``team``), one partially tagged (``agent-name`` only) and
  one untagged;
- Lambda functions (a zip of a tiny handler; one IAM execution role), a quarter of them never tagged;
- ECS clusters with four services each, and one task definition. Clusters are always created with
  ``tags=[...]``: moto's GetResources answers HTTP 500 in a region holding a cluster created without it;
- S3 buckets in the region (LocationConstraint), a third of them never tagged.

After seeding it asks moto's GetResources, with the largest pages a client can request
(``ResourcesPerPage=100``, ``TagsPerPage=500``), what it returns per region, and writes a manifest
(``--manifest``): the counts, and the request **floor**: the fewest requests a complete audit needs,
per region and source. The floor is given twice: under AWS's documented page limits, and under the
emulator's paging (moto pages DescribeInstances by reservation and does not page DescribeVolumes or
ListFunctions), which is what a run against it can reach. It also records how many GetResources pages
moto serves to a client that sets only ``ResourcesPerPage`` (moto then applies a default TagsPerPage of
100 and closes a page before it would reach 100 tags) and to the AWS CLI's defaults.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent / "lib"))
import seedlib  # noqa: E402
from seedlib import AMI, RESEARCH, SUMMARIZER, TAG_AGENT, TAG_RUN, TRIAGE, ceil_div, kv_lower, kv_upper  # noqa: E402

seedlib.offline(fake_credentials=True)

DEFAULT_REGIONS = ("us-east-1", "us-west-2", "eu-west-1", "ap-southeast-1")
BATCH = 100
AGENTS = (RESEARCH, SUMMARIZER, TRIAGE, "code-reviewer", "data-labeler")
TEAMS = ("ml-platform", "support", "growth")
ROLE_NAME = "bench-lambda-exec"
SERVICES_PER_CLUSTER = 4


def agent_tags(i: int, profile: str) -> dict[str, str]:
    """Tags for the i-th batch or resource: "full", "partial" (agent-name only) or "none"."""
    if profile == "none":
        return {}
    agent = AGENTS[i % len(AGENTS)]
    if profile == "partial":
        return {TAG_AGENT: agent}
    return {TAG_AGENT: agent, TAG_RUN: f"run-{i:05d}", "team": TEAMS[i % len(TEAMS)]}


def moto_pages(tag_counts: list[int], resources_per_page: int, tags_per_page: int) -> int:
    """GetResources pages moto serves for resources with these tag counts (its packing rule: a page ends
    before `resources_per_page` resources, or before its tags would reach `tags_per_page`)."""
    if not tag_counts:
        return 1
    pages, resources, tags = 1, 0, 0
    for k in tag_counts:
        if resources >= resources_per_page or tags + k >= tags_per_page:
            pages, resources, tags = pages + 1, 1, k
        else:
            resources, tags = resources + 1, tags + k
    return pages


class Seeder:
    def __init__(self, endpoint: str, regions: list[str], scale: int, log: Any, per_region: bool = False) -> None:
        self.endpoint = endpoint
        self.per_region = per_region
        self.regions = regions
        self.scale = scale
        self.log = log
        self.config = seedlib.config()
        self.counts: dict[str, Counter[str]] = {r: Counter() for r in regions}
        self.bucket_tag_counts: list[int] = []

    def client(self, service: str, region: str) -> Any:
        return seedlib.client(self.endpoint, service, region, self.config)

    def mirror(self, service: str, region: str) -> Any:
        """A client whose requests go to `region`'s own emulator (the per-region topology)."""
        return seedlib.routed_client(self.endpoint, service, region, region, self.config)

    def plan(self) -> dict[str, int]:
        per_region = self.scale // len(self.regions)
        buckets = max(3, round(per_region * 0.004))
        functions = max(4, round(per_region * 0.016))
        clusters = max(1, round(per_region * 0.004))
        services = clusters * SERVICES_PER_CLUSTER
        task_definitions = 1
        instances = max(4, (per_region - buckets - functions - clusters - services - task_definitions) // 2)
        return {
            "instances": instances,
            "functions": functions,
            "clusters": clusters,
            "buckets": buckets,
        }

    def seed_iam(self) -> str:
        iam = self.client("iam", self.regions[0])
        arn = iam.create_role(RoleName=ROLE_NAME, AssumeRolePolicyDocument=seedlib.LAMBDA_TRUST_POLICY)["Role"]["Arn"]
        if self.per_region:
            for region in self.regions:
                self.mirror("iam", region).create_role(
                    RoleName=ROLE_NAME, AssumeRolePolicyDocument=seedlib.LAMBDA_TRUST_POLICY
                )
        return arn

    def seed_ec2(self, region: str, n: int) -> None:
        ec2 = self.client("ec2", region)
        c = self.counts[region]
        profiles = ("full", "full", "partial", "none")
        batch = max(1, min(BATCH, ceil_div(n, 8)))  # at least 8 batches, so every profile is present
        batch_index = 0
        left = n
        while left > 0:
            size = min(batch, left)
            profile = profiles[batch_index % len(profiles)]
            tags = agent_tags(batch_index, profile)
            kwargs: dict[str, Any] = {
                "ImageId": AMI,
                "MinCount": size,
                "MaxCount": size,
                "InstanceType": "t3.micro",
            }
            if tags:
                kwargs["TagSpecifications"] = [
                    {"ResourceType": "instance", "Tags": kv_upper(tags)},
                    {"ResourceType": "volume", "Tags": kv_upper(tags)},
                ]
            ec2.run_instances(**kwargs)
            c["instances"] += size
            c["volumes"] += size
            c["reservations"] += 1
            c[f"instances_{profile}"] += size
            if tags:
                c["tagged_instances"] += size
                c["tagged_volumes"] += size
                c["instance_tags"] += size * len(tags)
            left -= size
            batch_index += 1

    def seed_lambda(self, region: str, n: int, role_arn: str) -> None:
        lam = self.client("lambda", region)
        code = seedlib.lambda_zip()
        c = self.counts[region]
        for i in range(n):
            profile = ("full", "partial", "full", "none")[i % 4]
            kwargs: dict[str, Any] = {
                "FunctionName": f"bench-fn-{i:04d}",
                "Runtime": seedlib.LAMBDA_RUNTIME,
                "Role": role_arn,
                "Handler": seedlib.LAMBDA_HANDLER,
                "Code": {"ZipFile": code},
            }
            tags = agent_tags(i, profile)
            if tags:
                kwargs["Tags"] = tags
                c["tagged_functions"] += 1
            else:
                c["untagged_functions"] += 1
            lam.create_function(**kwargs)
            c["functions"] += 1

    def seed_ecs(self, region: str, clusters: int) -> None:
        ecs = self.client("ecs", region)
        c = self.counts[region]
        ecs.register_task_definition(
            family="bench-worker",
            containerDefinitions=[seedlib.WORKER_CONTAINER],
            tags=[],
        )
        c["task_definitions"] += 1
        for k in range(clusters):
            name = f"bench-cluster-{k:03d}"
            # Always pass tags (even empty): see the module docstring.
            cluster_tags = agent_tags(k, "full" if k % 2 == 0 else "none")
            ecs.create_cluster(clusterName=name, tags=kv_lower(cluster_tags))
            c["clusters"] += 1
            for s in range(SERVICES_PER_CLUSTER):
                service_tags = agent_tags(k * SERVICES_PER_CLUSTER + s, ("full", "partial", "full", "none")[s % 4])
                ecs.create_service(
                    cluster=name,
                    serviceName=f"svc-{s}",
                    taskDefinition="bench-worker",
                    desiredCount=0,
                    tags=kv_lower(service_tags),
                )
                c["services"] += 1
        c["services_max_per_cluster"] = SERVICES_PER_CLUSTER if clusters else 0

    def seed_s3(self, region: str, n: int) -> None:
        clients = [self.client("s3", region)]
        if self.per_region:
            clients.append(self.mirror("s3", region))
        c = self.counts[region]
        for i in range(n):
            name = f"bench-{region}-{i:04d}"
            tags = agent_tags(i, "full") if i % 3 != 2 else {}
            for s3 in clients:
                seedlib.create_bucket(s3, name, region)
                if tags:
                    s3.put_bucket_tagging(Bucket=name, Tagging={"TagSet": kv_upper(tags)})
            c["buckets"] += 1
            if tags:
                c["tagged_buckets"] += 1
                self.bucket_tag_counts.append(len(tags))
            else:
                c["untagged_buckets"] += 1

    def probe(self, region: str) -> dict[str, Any]:
        """What moto's GetResources returns in `region`, read with the largest pages allowed."""
        tagging = self.client("resourcegroupstaggingapi", region)
        tag_counts: list[int] = []
        types: Counter[str] = Counter()
        token = ""
        pages = 0
        while True:
            kwargs: dict[str, Any] = {"ResourcesPerPage": 100, "TagsPerPage": 500}
            if token:
                kwargs["PaginationToken"] = token
            page = tagging.get_resources(**kwargs)
            pages += 1
            for m in page.get("ResourceTagMappingList", []):
                tag_counts.append(len(m.get("Tags", [])))
                arn = m["ResourceARN"].split(":")
                rest = arn[5] if len(arn) > 5 else ""
                kind = "bucket" if arn[2] == "s3" else rest.split("/")[0].split(":")[0]
                types[f"{arn[2]}:{kind}"] += 1
            token = page.get("PaginationToken") or ""
            if not token:
                break
        return {
            "resources": len(tag_counts),
            "pages_at_max_page_size": pages,
            "pages_resources_per_page_100_only": moto_pages(tag_counts, 100, 100),
            "pages_cli_defaults": moto_pages(tag_counts, 50, 100),
            "by_type": dict(sorted(types.items())),
            "tags": sum(tag_counts),
        }

    def floors(self, probes: dict[str, dict[str, Any]]) -> dict[str, Any]:
        """The fewest requests a complete audit of these regions needs, per region and action. Actions are
        named as the benchmark's proxy counts them: SigV4 signing name, then the API action."""

        def per_region(aws: bool) -> dict[str, dict[str, int]]:
            out: dict[str, dict[str, int]] = {}
            for region in self.regions:
                c = self.counts[region]
                clusters, per_cluster = c["clusters"], c["services_max_per_cluster"]
                out[region] = {
                    "tagging:GetResources": max(1, ceil_div(probes[region]["resources"], 100)),
                    # Instances are listed light: ids and states, then their tags (1,000 a page on AWS;
                    # moto does not page either call).
                    "ec2:DescribeInstanceStatus": max(1, ceil_div(c["instances"], 1000)) if aws else 1,
                    "ec2:DescribeTags": max(1, ceil_div(c["instance_tags"], 1000)) if aws else 1,
                    # moto does not page DescribeVolumes or ListFunctions.
                    "ec2:DescribeVolumes": max(1, ceil_div(c["volumes"], 1000)) if aws else 1,
                    "lambda:ListFunctions": max(1, ceil_div(c["functions"], 50)) if aws else 1,
                    "ecs:ListClusters": max(1, ceil_div(clusters, 100)),
                    "ecs:DescribeClusters": ceil_div(clusters, 100),
                    "ecs:ListServices": clusters * max(1, ceil_div(per_cluster, 100)),
                    "ecs:DescribeServices": clusters * ceil_div(per_cluster, 10),
                    "autoscaling:DescribeAutoScalingGroups": 1,
                    # Functions GetResources cannot return (never tagged) need their own lookup.
                    "lambda:ListTags": c["untagged_functions"],
                    # Standalone ECS tasks: ListTasks takes one cluster (none running here, so no
                    # DescribeTasks).
                    "ecs:ListTasks": clusters,
                    # The other kinds the audit lists directly (the kill-switch's), none seeded here: one
                    # empty page each.
                    "sagemaker:ListNotebookInstances": 1,
                    "sagemaker:ListEndpoints": 1,
                    "eks:ListClusters": 1,
                    "rds:DescribeDBInstances": 1,
                    "rds:DescribeDBClusters": 1,
                    "states:ListStateMachines": 1,
                    "bedrock:ListModelCustomizationJobs": 1,
                    "bedrock:ListProvisionedModelThroughputs": 1,
                }
            return out

        total_buckets = sum(self.counts[r]["buckets"] for r in self.regions)
        untagged_buckets = sum(self.counts[r]["untagged_buckets"] for r in self.regions)
        result: dict[str, Any] = {}
        for name, aws in (("emulator", False), ("aws", True)):
            regions = per_region(aws)
            global_ = {
                "sts:GetCallerIdentity": 1,
                "iam:GetAccountAuthorizationDetails": 1,
                "s3:ListBuckets": max(1, ceil_div(total_buckets, 10_000)) if aws else 1,
                # Buckets GetResources cannot return (never tagged) need their own lookup.
                "s3:GetBucketTagging": untagged_buckets,
            }
            by_action: Counter[str] = Counter(global_)
            for actions in regions.values():
                by_action.update(actions)
            result[name] = {
                "total": sum(by_action.values()),
                "by_action": dict(sorted(by_action.items())),
                "regions": regions,
                "global": global_,
            }
        return result

    def run(self) -> dict[str, Any]:
        started = time.monotonic()
        plan = self.plan()
        role_arn = self.seed_iam()
        for region in self.regions:
            t = time.monotonic()
            self.seed_ec2(region, plan["instances"])
            self.seed_lambda(region, plan["functions"], role_arn)
            self.seed_ecs(region, plan["clusters"])
            self.seed_s3(region, plan["buckets"])
            c = self.counts[region]
            print(
                f"  {region:<15} {c['instances']:>5} instances + {c['volumes']} volumes, "
                f"{c['functions']} functions, {c['clusters']} ECS clusters + {c['services']} services, "
                f"{c['buckets']} buckets ({time.monotonic() - t:.1f} s)",
                file=self.log,
            )
        probes = {region: self.probe(region) for region in self.regions}
        for region in self.regions:
            expected = (
                self.counts[region]["tagged_instances"]
                + self.counts[region]["tagged_volumes"]
                + self.counts[region]["tagged_functions"]
                + self.counts[region]["clusters"]  # moto returns ECS clusters, services and task
                + self.counts[region]["services"]  # definitions even without tags
                + self.counts[region]["task_definitions"]
                + sum(self.counts[r]["tagged_buckets"] for r in self.regions)  # every region: moto quirk
            )
            probes[region]["expected"] = expected
            if expected != probes[region]["resources"]:
                print(
                    f"  note: GetResources returns {probes[region]['resources']} resources in {region}, "
                    f"{expected} expected from the seed",
                    file=self.log,
                )
        resources = sum(
            c["instances"] + c["volumes"] + c["functions"] + c["clusters"] + c["services"] + c["buckets"]
            for c in self.counts.values()
        )
        manifest = {
            "endpoint": self.endpoint,
            "scale": self.scale,
            "regions": self.regions,
            "resources": resources,
            "iam_roles": 1,
            "seconds": round(time.monotonic() - started, 1),
            "counts": {r: dict(sorted(c.items())) for r, c in self.counts.items()},
            "get_resources": probes,
            "floor": self.floors(probes),
        }
        print(
            f"  seeded {resources} resources (+1 IAM role) over {len(self.regions)} regions "
            f"in {manifest['seconds']} s; GetResources returns "
            + ", ".join(f"{r} {p['resources']}" for r, p in probes.items()),
            file=self.log,
        )
        return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--endpoint", required=True, help="moto's URL (loopback only)")
    parser.add_argument("--scale", type=int, default=10_000, help="total resources to aim for (default 10000)")
    parser.add_argument("--regions", default=",".join(DEFAULT_REGIONS), help="comma-separated regions")
    parser.add_argument("--manifest", help="write the manifest JSON here (default: stdout)")
    parser.add_argument(
        "--per-region",
        action="store_true",
        help="the endpoint is the benchmark's routing proxy in front of one emulator per region",
    )
    args = parser.parse_args(argv)

    seedlib.require_loopback(parser, args.endpoint)
    if args.scale < 40:
        parser.error("--scale must be at least 40")
    regions = [r for r in args.regions.split(",") if r]

    manifest = Seeder(args.endpoint, regions, args.scale, sys.stderr, args.per_region).run()
    seedlib.write_manifest(manifest, args.manifest)
    return 0


if __name__ == "__main__":
    sys.exit(main())
