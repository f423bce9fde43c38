"""moto's server with one change, for `scripts/bench.sh --moto-tag-index` only: an EC2 resource's tags
are looked up by its id instead of by scanning every tag of the region.

moto 5.2.1 answers `TaggedEC2Resource.get_tags()` with `describe_tags(filters={"resource-id": [id]})`,
which walks the region's whole tag store and matches each resource id against a regular expression.
Every instance or volume a DescribeInstances / DescribeVolumes renders pays that walk, so listing N
tagged resources costs O(N^2): 2.7 s of moto CPU for one region's 1,199 volumes. AWS does not slow down
like that. The replacement returns the same list (same keys, values, order and resource type) from the
same store in O(tags of the resource). Nothing else in moto changes beyond the fixes of
scripts/moto_server.py, which it serves too. Run as `python3 moto_tag_index.py
-H HOST -p PORT`, the arguments of `moto_server`.
"""

import sys

import moto_server  # noqa: F401  (its fixes, applied on import)
from moto.ec2.models import core
from moto.ec2.utils import EC2_PREFIX_TO_RESOURCE, get_prefix


def get_tags(self):
    if not self.id:
        return []
    tags = self.ec2_backend.tags.get(self.id) or {}
    resource_type = EC2_PREFIX_TO_RESOURCE.get(get_prefix(self.id), "")
    return [
        {"resource_id": self.id, "key": key, "value": value, "resource_type": resource_type}
        for key, value in tags.items()
    ]


core.TaggedEC2Resource.get_tags = get_tags

if __name__ == "__main__":
    sys.exit(moto_server.server.main())
