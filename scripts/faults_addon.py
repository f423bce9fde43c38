"""mitmproxy addon for scripts/faults.sh: injects the faults a kill-switch meets when AWS is under load.

Loaded after scripts/lib/bench_proxy.py (which counts requests and answers /__bench/ paths) into a reverse
proxy in front of moto. Options (``--set``):

    fault_mode   off | throttle | unavailable | lost
    fault_rate   the share of requests hit, 0..1 (default 0.3)
    fault_seed   the seed of the deterministic choice (default 1)

- ``throttle``: the request is answered by the proxy with the service's real throttling error in its own
  protocol, and never reaches moto: EC2 ``RequestLimitExceeded`` (query XML, 503), IAM/STS/Auto Scaling/RDS
  ``Throttling`` (query XML, 400), the JSON services' ``ThrottlingException`` (Tagging API
  ``ThrottledException``, Cost Explorer ``LimitExceededException``, Organizations
  ``TooManyRequestsException``), Lambda ``TooManyRequestsException`` and EKS ``ThrottlingException``
  (REST JSON, 429), S3 ``SlowDown`` (REST XML, 503).
- ``unavailable``: a bare HTTP 503, not forwarded.
- ``lost``: a write (anything but Describe*/List*/Get*) is forwarded and applied by moto, then its answer
  is replaced by a 503, as when a connection drops after AWS applied a call.

Stdlib only: it runs in mitmproxy's own virtualenv.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from mitmproxy import ctx, http

# One classification of AWS requests, shared with the latency proxy's counter.
sys.path.insert(0, str(Path(__file__).resolve().parent / "lib"))
from bench_proxy import classify  # noqa: E402

READS = ("Describe", "List", "Get", "Head", "Lookup")

JSON_THROTTLE = {
    "tagging": "ThrottledException",
    "ce": "LimitExceededException",
    "organizations": "TooManyRequestsException",
}


def throttled(service: str, json_protocol: bool) -> http.Response:
    if service == "ec2":
        body = (
            '<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>RequestLimitExceeded</Code>'
            "<Message>Request limit exceeded.</Message></Error></Errors><RequestID>faults</RequestID></Response>"
        )
        return http.Response.make(503, body, {"content-type": "text/xml"})
    if json_protocol:
        code = JSON_THROTTLE.get(service, "ThrottlingException")
        body = '{"__type":"%s","message":"Rate exceeded"}' % code
        return http.Response.make(400, body, {"content-type": "application/x-amz-json-1.1"})
    if service == "lambda":
        return http.Response.make(
            429,
            '{"message":"Rate exceeded","Type":"User"}',
            {"content-type": "application/json", "x-amzn-errortype": "TooManyRequestsException"},
        )
    if service in ("eks", "bedrock"):
        # REST-JSON: the error type in a header.
        return http.Response.make(
            429,
            '{"message":"Rate exceeded"}',
            {"content-type": "application/json", "x-amzn-errortype": "ThrottlingException"},
        )
    if service == "s3":
        body = "<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>"
        return http.Response.make(503, body, {"content-type": "application/xml"})
    # The query-protocol services: IAM, STS, Auto Scaling, RDS.
    body = (
        "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message>"
        "</Error><RequestId>faults</RequestId></ErrorResponse>"
    )
    return http.Response.make(400, body, {"content-type": "text/xml"})


class Faults:
    def __init__(self) -> None:
        self.rng = random.Random(1)
        self.injected = 0

    def load(self, loader) -> None:
        loader.add_option("fault_mode", str, "off", "off | throttle | unavailable | lost")
        loader.add_option("fault_rate", str, "0.3", "share of requests hit")
        loader.add_option("fault_seed", int, 1, "seed of the deterministic choice")

    def configure(self, updated) -> None:
        if "fault_seed" in updated:
            self.rng = random.Random(ctx.options.fault_seed)

    def request(self, flow: http.HTTPFlow) -> None:
        if flow.request.path.startswith("/__bench/") or flow.response is not None:
            return
        mode = ctx.options.fault_mode
        if mode == "off" or self.rng.random() >= float(ctx.options.fault_rate):
            return
        service, _region, action = classify(flow.request)
        if mode == "throttle":
            flow.response = throttled(service, bool(flow.request.headers.get("x-amz-target")))
        elif mode == "unavailable":
            flow.response = http.Response.make(503, "Service Unavailable", {"content-type": "text/plain"})
        elif mode == "lost" and not action.startswith(READS):
            flow.metadata["fault_lost"] = True
            return
        else:
            return
        self.injected += 1

    def response(self, flow: http.HTTPFlow) -> None:
        if flow.metadata.get("fault_lost"):
            flow.response = http.Response.make(503, "Service Unavailable", {"content-type": "text/plain"})
            self.injected += 1


addons = [Faults()]
