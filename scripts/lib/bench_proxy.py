"""mitmproxy addon for the benchmarks (scripts/bench.sh, scripts/bench_kill.sh): a fixed latency on every
request, a request counter and trace, and the routing of the per-region topology.

Load it into a reverse proxy in front of the emulator:

    mitmdump --mode reverse:http://127.0.0.1:MOTO_PORT --listen-host 127.0.0.1 -p PROXY_PORT \
        -s scripts/lib/bench_proxy.py --set bench_latency_ms=50 [--set bench_routes=ROUTES.json]

Latency: every request waits ``bench_latency_ms`` milliseconds (option; default from the environment
variable ``BENCH_LATENCY_MS``, else 50) before it is forwarded. The wait is an ``asyncio.sleep`` in an
async hook, so it delays each request without holding up the others: mitmproxy serves every client
connection in its own task, and concurrent requests overlap their waits as they would over a real
network.

Routing (``bench_routes``, the path of a JSON file; unset: everything goes to the reverse-mode upstream,
the ``single`` topology): ``{"global": URL, "regions": {"us-east-1": URL, ...}, "global_services": [...]}``.
A request goes to the emulator of its SigV4 credential scope: the global one when the scope's service is
one of ``global_services`` (IAM, STS, Organizations, Budgets, Cost Explorer, S3), else its region's. A
request whose region has no emulator of its own goes to the global one and is counted under
``"unrouted"`` in ``by_upstream``. A seeder can send a request to one emulator on purpose with the header
``x-bench-route: REGION`` (or ``global``), which the proxy removes before forwarding: moto checks some
references inside its own process only (a Lambda function's execution role, the buckets its regional
tagging index lists, its ECS task state machine), so the seeders create those in the regional emulators
too.

Counting: each forwarded request is counted by ``service:Action`` (the service from the SigV4 credential
scope; the action from ``X-Amz-Target``, the query-protocol ``Action`` parameter (EC2, IAM, STS, Auto
Scaling, RDS), or the REST route for Lambda, S3, EKS and Bedrock), by region and by the emulator it went
to. Some paths are answered by the proxy itself and never reach an emulator:

    GET /__bench/counts        the counts since the last reset, as JSON
    GET /__bench/reset         the same, then zero them (and the trace)
    GET /__bench/trace         every request since the last reset, as
                               ``{"epoch": T, "trace": [[action, arrived, forwarded, answered, region], ...]}``:
                               the times in seconds since the reset, which happened at ``epoch`` (the Unix
                               time, so that a benchmark can place its own process start on the same axis)
    GET /__bench/latency?ms=N  sets the added latency (0 while seeding and taking snapshots)

The counts' JSON is ``{"total": N, "by_action": {"ec2:DescribeInstances": N, ...}, "by_region": {...},
"by_upstream": {...}, "upstream_seconds_by_action": {...}}``; the last sums, per action, the time from
forwarding a request to the end of the emulator's response (its service time plus any wait behind
concurrent requests; the added latency is not included).
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import time
from collections import Counter
from urllib.parse import parse_qs, unquote, urlparse

from mitmproxy import ctx, http

CONTROL_PREFIX = "/__bench/"
ROUTE_HEADER = "x-bench-route"

# Credential=AKID/20250101/us-east-1/ec2/aws4_request
_SCOPE = re.compile(r"Credential=[^/,]+/\d{8}/([^/,]+)/([^/,]+)/aws4_request")


def _default_latency_ms() -> int:
    try:
        return int(os.environ.get("BENCH_LATENCY_MS", "50"))
    except ValueError:
        return 50


def _lambda_action(method: str, path: str) -> str:
    """Lambda's REST routes, for the calls the benchmark makes; anything else by method and route."""
    parts = [p for p in path.split("/") if p]
    # /2015-03-31/functions/ (GET: ListFunctions, POST: CreateFunction)
    if len(parts) == 2 and parts[1] == "functions":
        return {"GET": "ListFunctions", "POST": "CreateFunction"}.get(method, f"{method} functions")
    # /2017-03-31/tags/{arn}
    if len(parts) >= 2 and parts[1] == "tags":
        return {"GET": "ListTags", "POST": "TagResource", "DELETE": "UntagResource"}.get(method, f"{method} tags")
    # /2015-03-31/functions/{name}[/...]
    if len(parts) >= 3 and parts[1] == "functions":
        if len(parts) == 3:
            return {"GET": "GetFunction", "DELETE": "DeleteFunction"}.get(method, f"{method} function")
        # /2019-09-30/functions/{name}/concurrency (GET), /2017-10-31/functions/{name}/concurrency
        if len(parts) == 4 and parts[3] == "concurrency":
            return {
                "GET": "GetFunctionConcurrency",
                "PUT": "PutFunctionConcurrency",
                "DELETE": "DeleteFunctionConcurrency",
            }.get(method, f"{method} function/concurrency")
        return f"{method} function/{parts[3]}"
    return f"{method} /{'/'.join(parts[1:2])}"


def _eks_action(method: str, path: str) -> str:
    """EKS's REST routes, for the calls the benchmark makes; anything else by method and route."""
    parts = [p for p in path.split("/") if p]
    if parts[:1] == ["tags"]:
        return {"GET": "ListTagsForResource", "POST": "TagResource", "DELETE": "UntagResource"}.get(
            method, f"{method} tags"
        )
    if parts[:1] != ["clusters"]:
        return f"{method} /{'/'.join(parts[:1])}"
    routes = {
        1: {"GET": "ListClusters", "POST": "CreateCluster"},
        2: {"GET": "DescribeCluster", "DELETE": "DeleteCluster"},
        3: {"GET": "ListNodegroups", "POST": "CreateNodegroup"},
        4: {"GET": "DescribeNodegroup", "DELETE": "DeleteNodegroup"},
    }
    if len(parts) == 5 and parts[2] == "node-groups" and parts[4] == "update-config":
        return "UpdateNodegroupConfig" if method == "POST" else f"{method} node-groups/update-config"
    if len(parts) in routes and (len(parts) < 3 or parts[2] == "node-groups"):
        return routes[len(parts)].get(method, f"{method} clusters")
    return f"{method} clusters/{'/'.join(parts[2:3])}"


def _bedrock_action(method: str, path: str) -> str:
    """Bedrock's REST routes, for the calls the benchmark makes; anything else by method and route."""
    parts = [p for p in path.split("/") if p]
    if len(parts) == 1 and parts[0] in ("listTagsForResource", "tagResource", "untagResource"):
        return parts[0][0].upper() + parts[0][1:]
    if parts[:1] == ["model-customization-jobs"]:
        if len(parts) == 1:
            return {"GET": "ListModelCustomizationJobs", "POST": "CreateModelCustomizationJob"}.get(method, method)
        if len(parts) == 3 and parts[2] == "stop":
            return "StopModelCustomizationJob" if method == "POST" else f"{method} job/stop"
        return {"GET": "GetModelCustomizationJob"}.get(method, f"{method} job")
    if parts[:1] == ["provisioned-model-throughputs"]:
        return "ListProvisionedModelThroughputs" if method == "GET" else f"{method} throughputs"
    if parts[:1] == ["provisioned-model-throughput"]:
        if len(parts) == 1:
            return "CreateProvisionedModelThroughput" if method == "POST" else f"{method} throughput"
        return {"GET": "GetProvisionedModelThroughput", "DELETE": "DeleteProvisionedModelThroughput"}.get(
            method, f"{method} throughput"
        )
    return f"{method} /{'/'.join(parts[:1])}"


def _s3_action(method: str, path: str, query: str) -> str:
    """S3's REST routes (path-style), for the calls the benchmark makes."""
    keys = {k.split("=", 1)[0] for k in query.split("&") if k}
    bucket_level = path.strip("/").count("/") == 0
    if path in ("", "/"):
        return "ListBuckets" if method == "GET" else f"{method} /"
    if bucket_level:
        for sub, name in (("tagging", "BucketTagging"), ("location", "BucketLocation"), ("policy", "BucketPolicy")):
            if sub in keys:
                return {"GET": f"Get{name}", "PUT": f"Put{name}", "DELETE": f"Delete{name}"}.get(method, method + name)
        return {"PUT": "CreateBucket", "HEAD": "HeadBucket", "GET": "ListObjects", "DELETE": "DeleteBucket"}.get(
            method, f"{method} bucket"
        )
    return f"{method} object"


def classify(request: http.Request) -> tuple[str, str, str]:
    """(service, region, action) of one AWS request."""
    service, region = "unknown", "unknown"
    match = _SCOPE.search(request.headers.get("authorization", ""))
    if match:
        region, service = match.group(1), match.group(2)

    target = request.headers.get("x-amz-target")
    if target:
        return service, region, target.rsplit(".", 1)[-1]
    # Smithy RPC v2 CBOR: /service/<Service>/operation/<Operation>
    rpc = re.match(r"^/service/[^/]+/operation/([^/?]+)", request.path)
    if rpc:
        return service, region, rpc.group(1)
    path, _, query = request.path.partition("?")
    action = parse_qs(query).get("Action", [None])[0]
    if action is None and "x-www-form-urlencoded" in request.headers.get("content-type", ""):
        body = request.get_text(strict=False) or ""
        action = parse_qs(body).get("Action", [None])[0]
    if action:
        return service, region, action
    path = unquote(path)
    if service == "lambda":
        return service, region, _lambda_action(request.method, path)
    if service == "s3":
        return service, region, _s3_action(request.method, path, query)
    if service == "eks":
        return service, region, _eks_action(request.method, path)
    if service == "bedrock":
        return service, region, _bedrock_action(request.method, path)
    return service, region, f"{request.method} {path}"


class BenchLatency:
    def __init__(self) -> None:
        self.by_action: Counter[str] = Counter()
        self.by_region: Counter[str] = Counter()
        self.by_upstream: Counter[str] = Counter()
        self.upstream: Counter[str] = Counter()
        # (action, arrived, forwarded, answered, region), seconds since the last reset: GET /__bench/trace.
        self.trace: list[tuple[str, float, float, float, str]] = []
        self.epoch = time.monotonic()
        self.epoch_unix = time.time()
        self.latency_ms: int | None = None
        # name -> (scheme, host, port); empty: the reverse-mode upstream.
        self.routes: dict[str, tuple[str, str, int]] = {}
        self.global_services: frozenset[str] = frozenset()

    def load(self, loader) -> None:  # type: ignore[no-untyped-def]
        loader.add_option(
            name="bench_latency_ms",
            typespec=int,
            default=_default_latency_ms(),
            help="Milliseconds added to every request before it is forwarded.",
        )
        loader.add_option(
            name="bench_routes",
            typespec=str,
            default="",
            help="JSON file of the per-region topology: global and per-region emulator URLs.",
        )

    def configure(self, updated: set[str]) -> None:
        if "bench_routes" not in updated:
            return
        self.routes, self.global_services = {}, frozenset()
        if not ctx.options.bench_routes:
            return
        with open(ctx.options.bench_routes, encoding="utf-8") as f:
            spec = json.load(f)
        urls = {"global": spec["global"], **spec.get("regions", {})}
        for name, url in urls.items():
            u = urlparse(url)
            self.routes[name] = (u.scheme, u.hostname or "127.0.0.1", u.port or 80)
        self.global_services = frozenset(spec.get("global_services", ()))

    def route(self, request: http.Request, service: str, region: str) -> str:
        """The emulator a request goes to (its name in the routes), and points the request at it."""
        forced = request.headers.pop(ROUTE_HEADER, None)
        if not self.routes:
            return "single"
        if forced:
            name = forced if forced in self.routes else "unrouted"
        elif service in self.global_services:
            name = "global"
        elif region in self.routes:
            name = region
        else:
            name = "unrouted"
        scheme, host, port = self.routes.get(name, self.routes["global"])
        request.scheme, request.host, request.port = scheme, host, port
        return name

    def snapshot(self) -> dict:
        return {
            "total": sum(self.by_action.values()),
            "by_action": dict(sorted(self.by_action.items())),
            "by_region": dict(sorted(self.by_region.items())),
            "by_upstream": dict(sorted(self.by_upstream.items())),
            "upstream_seconds_by_action": {k: round(v, 3) for k, v in sorted(self.upstream.items())},
        }

    async def request(self, flow: http.HTTPFlow) -> None:
        path = flow.request.path
        if path.startswith(CONTROL_PREFIX):
            body = self.snapshot()
            if path.startswith(CONTROL_PREFIX + "trace"):
                body = {
                    "epoch": self.epoch_unix,
                    "trace": [[a, round(t0, 4), round(t1, 4), round(t2, 4), r] for a, t0, t1, t2, r in self.trace],
                }
            elif path.startswith(CONTROL_PREFIX + "reset"):
                self.by_action.clear()
                self.by_region.clear()
                self.by_upstream.clear()
                self.upstream.clear()
                self.trace.clear()
                self.epoch, self.epoch_unix = time.monotonic(), time.time()
            elif path.startswith(CONTROL_PREFIX + "latency"):
                ms = parse_qs(path.partition("?")[2]).get("ms", [""])[0]
                if not ms.isdigit():
                    flow.response = http.Response.make(400, b"latency needs ?ms=N\n")
                    return
                self.latency_ms = int(ms)
                body = {"latency_ms": self.latency_ms}
            elif not path.startswith(CONTROL_PREFIX + "counts"):
                flow.response = http.Response.make(404, b"unknown bench path\n")
                return
            flow.response = http.Response.make(
                200, json.dumps(body).encode(), {"content-type": "application/json"}
            )
            return
        service, region, action = classify(flow.request)
        key = f"{service}:{action}"
        self.by_action[key] += 1
        self.by_region[region] += 1
        self.by_upstream[self.route(flow.request, service, region)] += 1
        arrived = time.monotonic()
        latency_ms = ctx.options.bench_latency_ms if self.latency_ms is None else self.latency_ms
        if latency_ms > 0:
            await asyncio.sleep(latency_ms / 1000)
        flow.metadata["bench"] = (key, region, arrived, time.monotonic())

    def response(self, flow: http.HTTPFlow) -> None:
        started = flow.metadata.get("bench")
        if started:
            key, region, arrived, t0 = started
            t1 = time.monotonic()
            self.upstream[key] += t1 - t0
            self.trace.append((key, arrived - self.epoch, t0 - self.epoch, t1 - self.epoch, region))


addons = [BenchLatency()]
