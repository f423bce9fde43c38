"""moto 5.2.1's server, with fixes where it differs from AWS in ways the AWS SDKs trip on or no test can
work around. The tests, the demo, the benchmarks and the reliability suite all run moto through it
(`python3 moto_server.py -H HOST -p PORT`, the arguments of `moto_server`). Each fix makes moto answer
as the AWS API reference says; none makes it more lenient.

1. ECS `Container.cpu` and `Container.memory` are strings in the API (RunTask, DescribeTasks); moto
   copies the container definition's integers, which the AWS SDKs refuse to deserialize ("expected a
   string"), so no SDK could describe a task that moto started.

2. With IAM enforced (`INITIAL_NO_AUTH_ACTION_COUNT`, tests/cli/permissions.rs), a request's SigV4
   signature is checked against the request exactly as it was sent. moto checks a signature by
   rebuilding the request from what its handlers parsed, and rebuilds it wrongly often enough to reject
   correctly signed requests with `SignatureDoesNotMatch`:

- a GET has no body, but for REST services such as Lambda moto hashes a payload made up from the
  request's headers (`Host=...&User-Agent=...`);
- it uses the decoded path (`/2017-03-31/tags/arn:aws:lambda:...`) where the client signed the path as
  sent (`arn%3Aaws%3Alambda...`);
- a form POST's body is re-encoded from the parsed fields, which differs from the sent bytes whenever a
  value needs escaping in a way the two encoders spell differently (a space is `%20` in the AWS SDKs
  and `+` in Python's `urlencode`): Auto Scaling's CreateOrUpdateTags with costbrake's marker is one.

AWS checks the bytes that were sent. This server keeps each request's raw path and body as they came
off the socket (a WSGI wrapper reads the body once and hands the same bytes on) and moto checks the
signature against them. The signature and every policy are still checked; S3, which moto checks
with another class, is left alone.

3. EKS tagging serves managed node groups. moto tags EKS clusters only (its docstrings say so) and
   answers TagResource, UntagResource and ListTagsForResource on a node group's ARN with
   ResourceNotFoundException, although CreateNodegroup and DescribeNodegroup keep and return a node
   group's tags. AWS tags node groups through the same three operations
   (https://docs.aws.amazon.com/eks/latest/APIReference/API_TagResource.html), which is how costbrake's
   kill-switch records a node group's prior state. Here the three find a node group by its ARN and
   change the tags DescribeNodegroup returns; clusters go through moto's own code as before.

4. EKS UntagResource removes every key it is given. moto reads only the first of the repeated
   `tagKeys` query parameters (`?tagKeys=a&tagKeys=b` removes `a` alone), for clusters too.

5. GetResources works in a region holding a SageMaker endpoint configuration. moto stores such a
   configuration's ARN as a one-element tuple (`self.arn = (arn,)`), and GetResources without a
   resource type filter (or with `sagemaker`) fails on it with HTTP 500. The ARN becomes the string it is.

10. RDS StopDBInstance and StartDBInstance refuse what AWS refuses. A DB cluster's member instance is
    stopped and started with its cluster only: the API reference says StopDBInstance does not apply to
    Aurora ("For Aurora clusters, use StopDBCluster instead",
    https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_StopDBInstance.html), and a DB instance
    that has read replicas cannot be stopped (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/
    USER_StopInstance.html, limitations). moto stops both. Here they fail with InvalidDBInstanceState,
    one of the operation's documented errors; moto's own refusals (a read replica, Multi-AZ SQL Server)
    stay as they are.

11. RDS StopDBCluster and StartDBCluster stop and start the cluster's instances too: on AWS a stopped
    Aurora cluster's instances are `stopped` and come back `available` with it
    (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-cluster-stop-start.html).
    moto changes the cluster's status only and leaves its instances `available`.
"""

import io
import sys
import threading

from botocore.awsrequest import AWSRequest
from moto import server
from moto.ecs import models as ecs_models
from moto.eks import models as eks_models
from moto.eks import responses as eks_responses
from moto.iam import access_control
from moto.rds import exceptions as rds_exceptions
from moto.rds import models as rds_models
from moto.sagemaker import models as sagemaker_models

# 1. ECS containers' cpu and memory as the strings the API returns.
_container_init = ecs_models.Container.__init__


def _container_with_string_sizes(self, *args, **kwargs):
    _container_init(self, *args, **kwargs)
    for field in ("cpu", "memory"):
        value = getattr(self, field, None)
        if value is not None and not isinstance(value, str):
            setattr(self, field, str(value))


ecs_models.Container.__init__ = _container_with_string_sizes

# 2. Signatures checked against the request as sent.

# The request being handled on this thread (werkzeug serves each request on its own thread).
_sent = threading.local()


def _keep_sent_request(app):
    def wsgi(environ, start_response):
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length > 0 else b""
        environ["wsgi.input"] = io.BytesIO(body)
        _sent.body = body
        _sent.uri = environ.get("RAW_URI") or environ.get("REQUEST_URI")
        return app(environ, start_response)

    return wsgi


def _create_aws_request(self):
    signed_headers = self._get_string_between(
        "SignedHeaders=", ",", self._headers["Authorization"]
    ).split(";")
    headers = self._create_headers_for_aws_request(signed_headers, self._headers)
    uri = getattr(_sent, "uri", None) or self._path
    request = AWSRequest(
        method=self._method, url=uri, data=getattr(_sent, "body", b""), headers=headers
    )
    request.context["timestamp"] = headers["X-Amz-Date"]
    return request


access_control.IAMRequest._create_aws_request = _create_aws_request
_run_simple = server.run_simple
server.run_simple = lambda host, port, app, **kw: _run_simple(host, port, _keep_sent_request(app), **kw)

# 3 and 4. EKS tagging of node groups, and UntagResource of every key given.

_cluster_tag_resource = eks_models.EKSBackend.tag_resource
_cluster_untag_resource = eks_models.EKSBackend.untag_resource
_cluster_list_tags = eks_models.EKSBackend.list_tags_for_resource


def _nodegroup(backend, arn):
    for cluster in backend.clusters.values():
        for nodegroup in cluster.nodegroups.values():
            if nodegroup.arn == arn:
                return nodegroup
    return None


def _tag_resource(self, resource_arn, tags):
    nodegroup = _nodegroup(self, resource_arn)
    if nodegroup is None:
        return _cluster_tag_resource(self, resource_arn, tags)
    nodegroup.tags.update(tags)


def _untag_resource(self, resource_arn, tag_keys):
    nodegroup = _nodegroup(self, resource_arn)
    if nodegroup is None:
        return _cluster_untag_resource(self, resource_arn, tag_keys)
    for key in tag_keys:
        nodegroup.tags.pop(key, None)


def _list_tags_for_resource(self, resource_arn):
    nodegroup = _nodegroup(self, resource_arn)
    if nodegroup is None:
        return _cluster_list_tags(self, resource_arn)
    return nodegroup.tags


def _untag_resource_response(self):
    # Every `tagKeys` value of the query string, where moto's _get_param returns the first one only.
    keys = list(self.querystring.get("tagKeys") or [])
    self.eks_backend.untag_resource(self._extract_arn_from_path(), keys)
    return eks_responses.EmptyResult()


eks_models.EKSBackend.tag_resource = _tag_resource
eks_models.EKSBackend.untag_resource = _untag_resource
eks_models.EKSBackend.list_tags_for_resource = _list_tags_for_resource
eks_responses.EKSResponse.untag_resource = _untag_resource_response

# 5. A SageMaker endpoint configuration's ARN as a string.

_endpoint_config_init = sagemaker_models.FakeEndpointConfig.__init__


def _endpoint_config_with_string_arn(self, *args, **kwargs):
    _endpoint_config_init(self, *args, **kwargs)
    self.arn = self.endpoint_config_arn


sagemaker_models.FakeEndpointConfig.__init__ = _endpoint_config_with_string_arn

# 10. StopDBInstance and StartDBInstance refuse cluster members, and StopDBInstance a replicas' source.
_stop_db_instance = rds_models.RDSBackend.stop_db_instance
_start_db_instance = rds_models.RDSBackend.start_db_instance


def _refuse_cluster_member(backend, identifier, verb):
    database = backend.describe_db_instances(identifier)[0]
    if isinstance(database, rds_models.DBInstanceClustered):
        raise rds_exceptions.RDSClientError(
            "InvalidDBInstanceState",
            f"DB instance {identifier} is a member of DB cluster {database.db_cluster_identifier}: "
            f"{verb} the cluster instead ({verb}DBCluster).",
        )
    return database


def _stop_db_instance_as_aws(self, db_instance_identifier, db_snapshot_identifier=None):
    database = _refuse_cluster_member(self, db_instance_identifier, "Stop")
    if database.replicas:
        raise rds_exceptions.RDSClientError(
            "InvalidDBInstanceState",
            f"DB instance {db_instance_identifier} has read replicas and cannot be stopped.",
        )
    return _stop_db_instance(self, db_instance_identifier, db_snapshot_identifier)


def _start_db_instance_as_aws(self, db_instance_identifier):
    _refuse_cluster_member(self, db_instance_identifier, "Start")
    return _start_db_instance(self, db_instance_identifier)


rds_models.RDSBackend.stop_db_instance = _stop_db_instance_as_aws
rds_models.RDSBackend.start_db_instance = _start_db_instance_as_aws

# 11. A cluster's instances stop and start with it.
_stop_db_cluster = rds_models.RDSBackend.stop_db_cluster
_start_db_cluster = rds_models.RDSBackend.start_db_cluster


def _with_members(call, status):
    def wrapped(self, cluster_identifier, *args, **kwargs):
        result = call(self, cluster_identifier, *args, **kwargs)
        for member in self.clusters[cluster_identifier].members:
            member.status = status
        return result

    return wrapped


rds_models.RDSBackend.stop_db_cluster = _with_members(_stop_db_cluster, "stopped")
rds_models.RDSBackend.start_db_cluster = _with_members(_start_db_cluster, "available")

if __name__ == "__main__":
    sys.exit(server.main())
