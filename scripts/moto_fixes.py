"""moto's server with the fixes costbrake's tests and benchmarks need where moto 5.2.1 departs from AWS in
a way no test can work around. Each fix makes moto answer as AWS does; nothing else in moto changes.

1. EKS tagging serves managed node groups. moto tags EKS clusters only (its docstrings say so) and
   answers TagResource, UntagResource and ListTagsForResource on a node group's ARN with
   ResourceNotFoundException, although CreateNodegroup and DescribeNodegroup keep and return a node
   group's tags. AWS tags node groups through the same three operations
   (https://docs.aws.amazon.com/eks/latest/APIReference/API_TagResource.html), which is how costbrake's
   kill-switch records a node group's prior state. Here the three find a node group by its ARN and
   change the tags DescribeNodegroup returns; clusters go through moto's own code as before.
2. EKS UntagResource removes every key it is given. moto reads only the first of the repeated
   `tagKeys` query parameters (`?tagKeys=a&tagKeys=b` removes `a` alone), for clusters too.
3. GetResources works in a region holding a SageMaker endpoint configuration. moto stores such a
   configuration's ARN as a one-element tuple (`self.arn = (arn,)`), and GetResources without a
   resource type filter (or with `sagemaker`) fails on it with HTTP 500. The ARN becomes the string it is.

Importing the module applies the fixes (scripts/moto_signed_body.py and scripts/moto_tag_index.py
import it, so that each serves them too); running it starts moto's server: `python3 moto_fixes.py -H
HOST -p PORT`, the arguments of `moto_server`.
"""

import sys

from moto.eks import models as eks_models
from moto.eks import responses as eks_responses
from moto.sagemaker import models as sagemaker_models

# 1 and 2: EKS tagging.

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

# 3: a SageMaker endpoint configuration's ARN.

_endpoint_config_init = sagemaker_models.FakeEndpointConfig.__init__


def _endpoint_config_with_string_arn(self, *args, **kwargs):
    _endpoint_config_init(self, *args, **kwargs)
    self.arn = self.endpoint_config_arn


sagemaker_models.FakeEndpointConfig.__init__ = _endpoint_config_with_string_arn

if __name__ == "__main__":
    from moto.server import main

    sys.exit(main())
