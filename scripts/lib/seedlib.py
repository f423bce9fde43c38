"""What the seeders and baselines under scripts/ share: the loopback guard, boto3 clients, tag shapes, the
Lambda zip, the AMI id and the names every scenario agrees on.

Used by seed_demo.py, seed_costs.py, seed_bench.py, seed_kill_bench.py and bench_kill_boto3.py, which
import it after putting this directory on ``sys.path``:

    sys.path.insert(0, str(Path(__file__).resolve().parent / "lib"))
    import seedlib

Importing it needs the standard library only (seed_costs.py uses nothing else, and a mitmproxy addon
may load it from mitmproxy's own virtualenv); boto3 and botocore are imported by the functions that
make clients.
"""

from __future__ import annotations

import functools
import io
import ipaddress
import json
import os
import zipfile
from typing import Any
from urllib.parse import urlparse

# --- names every scenario agrees on ---------------------------------------------------------------------

# The tag keys costbrake attributes cost by (src/config.rs DEFAULT_AGENT_TAG, DEFAULT_RUN_TAG) and the
# agents the scenarios tell about.
TAG_AGENT = "agent-name"
TAG_RUN = "agent-run-id"
RESEARCH = "research-agent"
SUMMARIZER = "log-summarizer"
TRIAGE = "ticket-triage"
# research-agent's runaway run in the demo (its instances, and its cost in seed_costs.py).
LOOP_RUN_ID = "run-loop-7f3a"

# An AMI in moto's bundled list, so that run_instances needs no image of its own.
AMI = "ami-12c6146b"

# The tag moto (as AWS) puts on the members of an Auto Scaling group.
ASG_MEMBER_TAG = "aws:autoscaling:groupName"
# The processes costbrake suspends on an Auto Scaling group (src/killswitch/mod.rs GROUP_PROCESSES); the
# kill benchmark's boto3 baseline suspends the same ones and its checker expects them suspended.
GROUP_PROCESSES = (
    "AZRebalance",
    "AlarmNotification",
    "HealthCheck",
    "Launch",
    "ReplaceUnhealthy",
    "ScheduledActions",
    "Terminate",
)
# An Application Auto Scaling target's suspensions (its SuspendedState), as a kill turns them all on.
SCALABLE_SUSPENSIONS = ("DynamicScalingInSuspended", "DynamicScalingOutSuspended", "ScheduledScalingSuspended")
# The scalable dimension of an ECS service's desired count.
ECS_DESIRED_COUNT = "ecs:service:DesiredCount"
# The container of the benchmarks' ECS task definitions.
WORKER_CONTAINER = {"name": "worker", "image": "busybox", "memory": 128, "essential": True}

# The trust policy of every Lambda execution role the seeders create.
LAMBDA_TRUST_POLICY = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}
        ],
    }
)
# The name of the inline policy an agent's role already has before a kill (it must survive the undo).
EXISTING_POLICY = "existing-s3-read"
LAMBDA_RUNTIME = "python3.12"
LAMBDA_HANDLER = "handler.handler"

# --- the loopback guard ---------------------------------------------------------------------------------


def is_loopback(endpoint: str) -> bool:
    """Whether `endpoint` is an http(s) URL whose host is on the loopback interface: 127.0.0.0/8, ::1 or
    localhost."""
    url = urlparse(endpoint)
    if url.scheme not in ("http", "https"):
        return False
    host = url.hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def require_loopback(parser: Any, endpoint: str, option: str = "--endpoint") -> None:
    """Exits through `parser` (an argparse.ArgumentParser) unless `endpoint` is on loopback: these scripts
    only ever talk to the emulator, never to AWS."""
    if not is_loopback(endpoint):
        parser.error(f"{option} must be an http(s) URL on loopback (127.0.0.0/8, ::1, localhost), got {endpoint!r}")


# --- boto3 clients --------------------------------------------------------------------------------------


def offline(fake_credentials: bool = False) -> None:
    """Never fall back to the instance metadata service (169.254.169.254); with `fake_credentials`, use
    moto's `testing` keys unless keys are set. Call it before making a client."""
    os.environ["AWS_EC2_METADATA_DISABLED"] = "true"
    if fake_credentials:
        os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
        os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")


def config(max_attempts: int = 3, read_timeout: int = 300, **kwargs: Any) -> Any:
    """A botocore Config for a seeder: standard retries, a long read timeout (moto can be slow to answer
    a large listing); `kwargs` as Config's (connect_timeout, ...)."""
    from botocore.config import Config

    return Config(retries={"max_attempts": max_attempts, "mode": "standard"}, read_timeout=read_timeout, **kwargs)


def client(endpoint: str, service: str, region: str, cfg: Any = None) -> Any:
    """A boto3 client of `service` in `region`, pointed at `endpoint` explicitly; `cfg` None is boto3's
    default configuration."""
    import boto3

    return boto3.client(service, region_name=region, endpoint_url=endpoint, config=cfg)


# The header the benchmarks' routing proxy (scripts/lib/bench_proxy.py) sends a request on by, to the
# emulator it names instead of the one its SigV4 scope would pick. Set after signing; the proxy removes it.
ROUTE_HEADER = "x-bench-route"


def routed_client(endpoint: str, service: str, region: str, route: str, cfg: Any = None) -> Any:
    """Like `client`, for the per-region benchmark topology: every request carries the routing header to
    the emulator `route` (a region, or ``global``). moto checks some references within its own process
    (a Lambda function's role; the buckets a region's tagging index lists), so the seeders create those
    in the regional emulators as well, through a client like this one."""
    c = client(endpoint, service, region, cfg)

    def add_route(request: Any, **_: Any) -> None:
        request.headers[ROUTE_HEADER] = route

    c.meta.events.register("before-send", add_route)
    return c


# --- tag shapes: every AWS service wants a slightly different one ---------------------------------------


def hold_ecs_tasks(endpoint: str, route: str | None = None) -> None:
    """Keeps moto's ECS tasks in their status until StopTask. moto moves a task one status further
    (RUNNING, DEACTIVATING, ..., STOPPED) each time it is read; on AWS a task runs until it is stopped.
    `route`: the emulator behind the benchmarks' routing proxy to configure (the setting is per process)."""
    import urllib.request

    if not is_loopback(endpoint):
        raise SystemExit(f"refusing to configure {endpoint}: not a loopback emulator")
    headers = {"Content-Type": "application/json"}
    if route:
        headers[ROUTE_HEADER] = route
    request = urllib.request.Request(
        f"{endpoint.rstrip('/')}/moto-api/state-manager/set-transition",
        data=json.dumps({"model_name": "ecs::task", "transition": {"progression": "manual", "times": 1000000}}).encode(),
        headers=headers,
        method="POST",
    )
    urllib.request.urlopen(request).read()


def kv_upper(tags: dict[str, str]) -> list[dict[str, str]]:
    """EC2 / IAM / S3 style: ``[{"Key": .., "Value": ..}]``."""
    return [{"Key": k, "Value": v} for k, v in tags.items()]


def kv_lower(tags: dict[str, str]) -> list[dict[str, str]]:
    """ECS style: ``[{"key": .., "value": ..}]``."""
    return [{"key": k, "value": v} for k, v in tags.items()]


def asg_tags(group: str, tags: dict[str, str], propagate: bool = True) -> list[dict[str, Any]]:
    """Auto Scaling style, for CreateAutoScalingGroup and CreateOrUpdateTags: each tag names its group."""
    return [
        {
            "Key": k,
            "Value": v,
            "PropagateAtLaunch": propagate,
            "ResourceId": group,
            "ResourceType": "auto-scaling-group",
        }
        for k, v in tags.items()
    ]


def tag_dict(tags: Any) -> dict[str, str]:
    """The ``{key: value}`` of an EC2 / IAM / Auto Scaling tag list (``Key``/``Value``); a dict (Lambda's
    shape) as it is; None as no tags."""
    return _tag_dict(tags, "Key", "Value")


def tag_dict_lower(tags: Any) -> dict[str, str]:
    """The ``{key: value}`` of an ECS tag list (``key``/``value``)."""
    return _tag_dict(tags, "key", "value")


def _tag_dict(tags: Any, key: str, value: str) -> dict[str, str]:
    if isinstance(tags, dict):
        return dict(tags)
    return {t[key]: t.get(value, "") for t in tags or []}


# --- resources ------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def lambda_zip() -> bytes:
    """The deployment package of every seeded Lambda function: one tiny handler."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("handler.py", "def handler(event, context):\n    return {'ok': True}\n")
    return buf.getvalue()


def create_bucket(s3: Any, name: str, region: str) -> None:
    """CreateBucket in `region` (us-east-1 takes no LocationConstraint, every other region needs one)."""
    kwargs: dict[str, Any] = {"Bucket": name}
    if region != "us-east-1":
        kwargs["CreateBucketConfiguration"] = {"LocationConstraint": region}
    s3.create_bucket(**kwargs)


def ecs_services(ecs: Any) -> Any:
    """Every ECS service of the client's region, with its tags: ListClusters, ListServices (all pages) per
    cluster, DescribeServices by 10 (the requests the kill benchmark's boto3 baseline is counted for)."""
    for cluster in ecs.list_clusters()["clusterArns"]:
        arns: list[str] = []
        for page in ecs.get_paginator("list_services").paginate(cluster=cluster):
            arns += page["serviceArns"]
        for k in range(0, len(arns), 10):
            yield from ecs.describe_services(cluster=cluster, services=arns[k : k + 10], include=["TAGS"])["services"]


def ecs_tasks(ecs: Any, desired: str) -> Any:
    """Every ECS task of the client's region whose desired status is `desired` (`RUNNING`, `STOPPED`),
    with its tags: ListClusters, ListTasks (all pages) per cluster, DescribeTasks by 100."""
    for cluster in ecs.list_clusters()["clusterArns"]:
        arns: list[str] = []
        for page in ecs.get_paginator("list_tasks").paginate(cluster=cluster, desiredStatus=desired):
            arns += page["taskArns"]
        for k in range(0, len(arns), 100):
            yield from ecs.describe_tasks(cluster=cluster, tasks=arns[k : k + 100], include=["TAGS"])["tasks"]


def task_network(ec2: Any) -> tuple[str, str]:
    """A new VPC's subnet and security group, for awsvpc (Fargate) tasks."""
    vpc = ec2.create_vpc(CidrBlock="10.42.0.0/16")["Vpc"]["VpcId"]
    # moto fails RunTask of an awsvpc task in a VPC without DNS hostnames; default VPCs have them.
    ec2.modify_vpc_attribute(VpcId=vpc, EnableDnsHostnames={"Value": True})
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.42.1.0/24")["Subnet"]["SubnetId"]
    group = ec2.create_security_group(GroupName="agent-jobs", Description="agent jobs", VpcId=vpc)["GroupId"]
    return subnet, group


# --- small helpers --------------------------------------------------------------------------------------


def ceil_div(n: int, d: int) -> int:
    return -(-n // d)


def write_manifest(manifest: dict[str, Any], path: str | None) -> None:
    """A seeder's manifest as indented JSON, to `path`, or to stdout when `path` is None."""
    text = json.dumps(manifest, indent=2)
    if path:
        with open(path, "w", encoding="utf-8") as f:
            f.write(text + "\n")
    else:
        print(text)
