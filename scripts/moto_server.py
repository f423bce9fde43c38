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

6. Step Functions StopExecution keeps its `error` and `cause`, which DescribeExecution then returns
   (https://docs.aws.amazon.com/step-functions/latest/apireference/API_StopExecution.html,
   API_DescribeExecution.html). moto drops both, so nothing could tell who stopped an execution and why;
   costbrake's kill names itself there, since an execution cannot carry tags.

7. Step Functions state machines keep their `type`. moto ignores CreateStateMachine's `type` (every
   state machine is STANDARD) and ListStateMachines omits the required `type`
   (https://docs.aws.amazon.com/step-functions/latest/apireference/API_StateMachineListItem.html). Here
   the type is kept and returned by ListStateMachines and DescribeStateMachine, and ListExecutions of an
   EXPRESS state machine fails with `StateMachineTypeNotSupported`, as on AWS
   (https://docs.aws.amazon.com/step-functions/latest/apireference/API_ListExecutions.html).

8. Bedrock provisioned model throughput is served: CreateProvisionedModelThroughput,
   GetProvisionedModelThroughput, ListProvisionedModelThroughputs and DeleteProvisionedModelThroughput,
   with tags through TagResource and ListTagsForResource, in the shapes of the API reference
   (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_ListProvisionedModelThroughputs.html).
   moto answers none of them, so every kill-switch read would have had a gap for Bedrock. A new
   throughput is InService at once (AWS: Creating first).

9. Bedrock model customization jobs' times are ISO 8601 timestamps
   (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_ModelCustomizationJobSummary.html). moto
   writes `2026-12-02 08:00:00` (local time, no `T`, no offset), which the AWS SDKs refuse to read, so no
   SDK could list a job that moto created. A stopped job goes `Stopping`, as on AWS, and stays there
   (AWS: `Stopped` some minutes later), which is the state a kill leaves it in.

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

12. STS AssumeRole refuses a role that does not exist, as AWS does ("User: ... is not authorized to
    perform: sts:AssumeRole on resource: ...", AccessDenied, HTTP 403;
    https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html). moto hands out credentials
    for any role ARN ("the role does not need to exist"), so no test could see an account whose role is
    missing. The role's trust policy is still not evaluated (moto does not), only that it exists.
"""

import io
import json
import sys
import threading
from datetime import datetime, timezone

from botocore.awsrequest import AWSRequest
from moto import server
from moto.ecs import models as ecs_models
from moto.eks import models as eks_models
from moto.eks import responses as eks_responses
from moto.iam import access_control
from moto.rds import exceptions as rds_exceptions
from moto.rds import models as rds_models
from moto.bedrock import models as bedrock_models
from moto.bedrock import responses as bedrock_responses
from moto.bedrock.exceptions import ResourceNotFoundException as BedrockNotFound
from moto.core.exceptions import AWSError
from moto.moto_api._internal import mock_random
from moto.sagemaker import models as sagemaker_models
from moto.stepfunctions import models as sfn_models
from moto.stepfunctions import responses as sfn_responses
from moto.sts import responses as sts_responses
from xml.sax.saxutils import escape as xml_escape

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
# 6. StopExecution's error and cause kept.


def _stop_execution_with_cause(self, execution_arn, error=None, cause=None):
    execution = next((x for x in self.executions if x.execution_arn == execution_arn), None)
    if not execution:
        raise sfn_models.ExecutionDoesNotExist("Execution Does Not Exist: '" + execution_arn + "'")
    execution.stop()
    execution.error = error
    execution.cause = cause
    return execution


def _backend_stop_execution(self, execution_arn, error=None, cause=None):
    self._validate_execution_arn(execution_arn)
    state_machine = self._get_state_machine_for_execution(execution_arn)
    return state_machine.stop_execution(execution_arn, error, cause)


def _stop_execution_response(self):
    execution = self.stepfunction_backend.stop_execution(
        self._get_param("executionArn"), self._get_param("error"), self._get_param("cause")
    )
    return sfn_responses.ActionResult({"stopDate": execution.stop_date})


sfn_models.StateMachine.stop_execution = _stop_execution_with_cause
sfn_models.StepFunctionBackend.stop_execution = _backend_stop_execution
sfn_responses.StepFunctionResponse.stop_execution = _stop_execution_response

# 7. A state machine's type kept, and ListExecutions refused for EXPRESS ones.


class StateMachineTypeNotSupported(AWSError):
    TYPE = "StateMachineTypeNotSupported"
    STATUS = 400


_create_state_machine_response = sfn_responses.StepFunctionResponse.create_state_machine
_list_executions_response = sfn_responses.StepFunctionResponse.list_executions


def _create_state_machine_with_type(self):
    result = _create_state_machine_response(self)
    machine_type = self._get_param("type") or "STANDARD"
    for machine in self.stepfunction_backend.state_machines:
        if machine.name == self._get_param("name"):
            machine.type = machine_type
    return result


def _list_state_machines_with_type(self):
    results, next_token = self.stepfunction_backend.list_state_machines(
        max_results=self._get_int_param("maxResults"), next_token=self._get_param("nextToken")
    )
    machines = [
        {
            "creationDate": sm.creation_date,
            "name": sm.name,
            "stateMachineArn": sm.arn,
            "type": getattr(sm, "type", "STANDARD"),
        }
        for sm in results
    ]
    return sfn_responses.ActionResult({"stateMachines": machines, "nextToken": next_token})


def _list_executions_of_standard_only(self):
    machine = self.stepfunction_backend.describe_state_machine(self._get_param("stateMachineArn"))
    if getattr(machine, "type", "STANDARD") == "EXPRESS":
        raise StateMachineTypeNotSupported("This operation is not supported by this type of state machine")
    return _list_executions_response(self)


sfn_responses.StepFunctionResponse.create_state_machine = _create_state_machine_with_type
sfn_responses.StepFunctionResponse.list_state_machines = _list_state_machines_with_type
sfn_responses.StepFunctionResponse.list_executions = _list_executions_of_standard_only

# 8. Bedrock provisioned model throughput.


def _iso(when):
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def _throughputs(backend):
    if not hasattr(backend, "provisioned_models"):
        backend.provisioned_models = {}
    return backend.provisioned_models


def _throughput(backend, identifier):
    for model in _throughputs(backend).values():
        if identifier in (model["provisionedModelArn"], model["provisionedModelName"]):
            return model
    raise BedrockNotFound(f"Provisioned model {identifier} not found")


_bedrock_list_arns = bedrock_models.BedrockBackend._list_arns
bedrock_models.BedrockBackend._list_arns = lambda self: _bedrock_list_arns(self) + list(_throughputs(self))


def _create_throughput(self):
    params = json.loads(self.body or "{}")
    backend = self.bedrock_backend
    model_id = mock_random.get_random_string(length=12, lower_case=True)
    arn = f"arn:aws:bedrock:{self.region}:{self.current_account}:provisioned-model/{model_id}"
    now = datetime.now(timezone.utc)
    model = {
        "provisionedModelName": params["provisionedModelName"],
        "provisionedModelArn": arn,
        "modelArn": params["modelId"],
        "desiredModelArn": params["modelId"],
        "foundationModelArn": params["modelId"],
        "modelUnits": params["modelUnits"],
        "desiredModelUnits": params["modelUnits"],
        "status": "InService",
        "creationTime": _iso(now),
        "lastModifiedTime": _iso(now),
    }
    term = params.get("commitmentDuration")
    if term:
        model["commitmentDuration"] = term
        days = 30 if term == "OneMonth" else 182
        model["commitmentExpirationTime"] = _iso(datetime.fromtimestamp(now.timestamp() + days * 86400, timezone.utc))
    _throughputs(backend)[arn] = model
    if params.get("tags"):
        backend.tag_resource(arn, params["tags"])
    return json.dumps({"provisionedModelArn": arn})


def _get_throughput(self):
    identifier = bedrock_responses.unquote(self.path.split("/provisioned-model-throughput/")[-1])
    return json.dumps(_throughput(self.bedrock_backend, identifier))


def _list_throughputs(self):
    summaries = [dict(m) for m in _throughputs(self.bedrock_backend).values()]
    return json.dumps({"provisionedModelSummaries": summaries})


def _delete_throughput(self):
    identifier = bedrock_responses.unquote(self.path.split("/provisioned-model-throughput/")[-1])
    model = _throughput(self.bedrock_backend, identifier)
    del _throughputs(self.bedrock_backend)[model["provisionedModelArn"]]
    return json.dumps({})


bedrock_responses.BedrockResponse.create_provisioned_model_throughput = _create_throughput
bedrock_responses.BedrockResponse.get_provisioned_model_throughput = _get_throughput
bedrock_responses.BedrockResponse.list_provisioned_model_throughputs = _list_throughputs
bedrock_responses.BedrockResponse.delete_provisioned_model_throughput = _delete_throughput

# 9. Bedrock customization jobs' times as ISO 8601, and Stopping before Stopped.

_job_init = bedrock_models.ModelCustomizationJob.__init__


def _job_with_iso_times(self, *args, **kwargs):
    _job_init(self, *args, **kwargs)
    now = _iso(datetime.now(timezone.utc))
    self.creation_time = self.last_modified_time = now
    self.end_time = None


def _stop_job_stopping_first(self, job_identifier):
    job = self.model_customization_jobs.get(job_identifier)
    if job is None:
        raise BedrockNotFound(f"Model customization job {job_identifier} not found")
    if job.status == "InProgress":
        job.status = "Stopping"
        job.last_modified_time = _iso(datetime.now(timezone.utc))


bedrock_models.ModelCustomizationJob.__init__ = _job_with_iso_times
bedrock_models.BedrockBackend.stop_model_customization_job = _stop_job_stopping_first

# 12. AssumeRole of a role that does not exist is refused, in STS's error shape, with HTTP 403.
_assume_role_response = sts_responses.TokenResponse.assume_role


def _missing_role(role_arn, region):
    from moto.iam.models import iam_backends
    from moto.utilities.utils import get_partition

    parts = (role_arn or "").split(":", 5)
    if len(parts) != 6 or parts[2] != "iam" or not parts[5].startswith("role/"):
        return False
    account, name = parts[4], parts[5].rsplit("/", 1)[-1]
    iam = iam_backends[account][get_partition(region)]
    return not any(role.name == name for role in iam.roles.values())


def _assume_existing_role(self):
    role_arn = self._get_param("RoleArn")
    if _missing_role(role_arn, self.region):
        message = (
            f"User: arn:aws:iam::{self.current_account}:root is not authorized to perform: "
            f"sts:AssumeRole on resource: {role_arn}"
        )
        body = (
            '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type>'
            f"<Code>AccessDenied</Code><Message>{xml_escape(message)}</Message></Error>"
            f"<RequestId>{mock_random.uuid4()}</RequestId></ErrorResponse>"
        )
        return 403, {"status": 403, "Content-Type": "text/xml"}, body
    return _assume_role_response(self)


sts_responses.TokenResponse.assume_role = _assume_existing_role

if __name__ == "__main__":
    sys.exit(server.main())
