"""Seeds the accounts benchmark (scripts/bench.sh accounts): an organization with N member accounts, each
created by Organizations (so each has its OrganizationAccountAccessRole, as on AWS), and the same set of
resources in every account, the management account included (the single-account baseline has the same
per-account size): per region, instances fully, partly and not tagged, and a Lambda function; per account,
an IAM role. Resources in member accounts are created through the member role, as an administrator would.

Writes a manifest: the member account ids and, per account, how many resources an audit must find and how
many of them lack a required tag.

Usage: python3 scripts/seed_accounts_bench.py --endpoint URL --accounts 30 --regions R1,R2,R3
                                              [--per-region 6] --manifest PATH
"""

from __future__ import annotations

import argparse
import io
import json
import zipfile

import boto3

MANAGEMENT = "123456789012"
TRUST = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}
        ],
    }
)


def zipped_handler() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("index.py", "def handler(event, context):\n    return 1\n")
    return buf.getvalue()


def session_for(endpoint: str, account: str | None) -> boto3.Session:
    if account is None:
        return boto3.Session(aws_access_key_id="testing", aws_secret_access_key="testing")
    sts = boto3.client(
        "sts", endpoint_url=endpoint, region_name="us-east-1",
        aws_access_key_id="testing", aws_secret_access_key="testing",
    )
    creds = sts.assume_role(
        RoleArn=f"arn:aws:iam::{account}:role/OrganizationAccountAccessRole", RoleSessionName="seed"
    )["Credentials"]
    return boto3.Session(
        aws_access_key_id=creds["AccessKeyId"],
        aws_secret_access_key=creds["SecretAccessKey"],
        aws_session_token=creds["SessionToken"],
    )


def seed_account(endpoint: str, session: boto3.Session, regions: list[str], per_region: int, code: bytes) -> dict:
    iam = session.client("iam", endpoint_url=endpoint, region_name="us-east-1")
    role = iam.create_role(
        RoleName="agent-exec", AssumeRolePolicyDocument=TRUST,
        Tags=[{"Key": "agent-name", "Value": "bot"}],
    )["Role"]["Arn"]
    resources, lacking = 1, 1  # the role lacks agent-run-id
    for region in regions:
        ec2 = session.client("ec2", endpoint_url=endpoint, region_name=region)
        for i in range(per_region):
            tags = [{"Key": "agent-name", "Value": "bot"}, {"Key": "agent-run-id", "Value": f"r{i}"}]
            if i % 3 == 1:
                tags = tags[:1]
            elif i % 3 == 2:
                tags = []
            spec = {"MinCount": 1, "MaxCount": 1, "ImageId": "ami-12c6146b", "InstanceType": "t3.micro"}
            if tags:
                spec["TagSpecifications"] = [
                    {"ResourceType": "instance", "Tags": tags},
                    {"ResourceType": "volume", "Tags": tags},
                ]
            ec2.run_instances(**spec)
            resources += 2  # the instance and its root volume
            lacking += 0 if i % 3 == 0 else 2
        lam = session.client("lambda", endpoint_url=endpoint, region_name=region)
        lam.create_function(
            FunctionName="agent-tool", Runtime="python3.12", Role=role, Handler="index.handler",
            Code={"ZipFile": code}, Tags={"agent-name": "bot", "agent-run-id": "r0"},
        )
        resources += 1
    return {"resources": resources, "non_compliant": lacking}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--accounts", type=int, default=30)
    parser.add_argument("--regions", required=True)
    parser.add_argument("--per-region", type=int, default=6)
    parser.add_argument("--manifest", required=True)
    args = parser.parse_args()
    regions = args.regions.split(",")
    code = zipped_handler()
    orgs = boto3.client(
        "organizations", endpoint_url=args.endpoint, region_name="us-east-1",
        aws_access_key_id="testing", aws_secret_access_key="testing",
    )
    orgs.create_organization(FeatureSet="ALL")
    members = []
    for n in range(args.accounts):
        status = orgs.create_account(Email=f"bench-{n}@example.com", AccountName=f"bench-{n:02d}")
        members.append(status["CreateAccountStatus"]["AccountId"])
    per_account = {}
    for account in [None, *members]:
        seeded = seed_account(args.endpoint, session_for(args.endpoint, account), regions, args.per_region, code)
        if account is not None:
            # The OrganizationAccountAccessRole Organizations created: an untagged role the audit reports.
            seeded = {"resources": seeded["resources"] + 1, "non_compliant": seeded["non_compliant"] + 1}
        per_account[account or MANAGEMENT] = seeded
    json.dump(
        {"members": members, "regions": regions, "per_account": per_account},
        open(args.manifest, "w"), indent=2,
    )
    print(f"seeded {len(members)} member accounts and the management account, "
          f"{per_account[MANAGEMENT]['resources']} resources each over {len(regions)} regions")


if __name__ == "__main__":
    main()
