//! `costbrake run --print-policy`: the identity-policy statements that make a run role's creates carry
//! the run's tags. The session tags of `costbrake run` become the role session's principal tags; these
//! statements deny a create whose request tag differs from the principal's (a missing tag differs too),
//! deny removing those tags afterwards, and allow the tagging that a create with tags needs on EC2.
//!
//! Where the condition keys apply (see shared AWS facts): for `ec2:RunInstances` and `ec2:CreateVolume`
//! the request-tag keys apply to the instance and volume resources only, so those statements name them
//! (a `Resource: "*"` would also hit the image, subnet and security-group checks and deny every launch);
//! for the other creates the keys are action-level.

use serde_json::{Value, json};

/// Creates whose request tags are checked at the action level.
const CREATES: [&str; 21] = [
    "lambda:CreateFunction",
    "ecs:CreateCluster",
    "ecs:CreateService",
    "ecs:RunTask",
    "ecs:StartTask",
    "sagemaker:CreateNotebookInstance",
    "sagemaker:CreateEndpoint",
    "sagemaker:CreateTrainingJob",
    "sagemaker:CreateProcessingJob",
    "sagemaker:CreateTransformJob",
    "states:CreateStateMachine",
    "bedrock:CreateModelCustomizationJob",
    "bedrock:CreateProvisionedModelThroughput",
    "bedrock:CreateKnowledgeBase",
    "rds:CreateDBInstance",
    "rds:CreateDBCluster",
    "eks:CreateCluster",
    "eks:CreateNodegroup",
    "autoscaling:CreateAutoScalingGroup",
    "dynamodb:CreateTable",
    "sqs:CreateQueue",
];

/// Creates on EC2, whose request tags are checked on these resources only.
const EC2_CREATES: [&str; 2] = ["ec2:RunInstances", "ec2:CreateVolume"];
const EC2_RESOURCES: [&str; 2] = ["arn:aws:ec2:*:*:instance/*", "arn:aws:ec2:*:*:volume/*"];

/// Actions that remove tags.
const UNTAGS: [&str; 12] = [
    "ec2:DeleteTags",
    "lambda:UntagResource",
    "ecs:UntagResource",
    "sagemaker:DeleteTags",
    "states:UntagResource",
    "bedrock:UntagResource",
    "rds:RemoveTagsFromResource",
    "eks:UntagResource",
    "autoscaling:DeleteTags",
    "dynamodb:UntagResource",
    "sqs:UntagQueue",
    "tag:UntagResources",
];

/// The policy document for the tag keys `keys` (the agent and run keys), as JSON.
pub fn document(keys: &[&str]) -> Value {
    let mut statements = Vec::new();
    for key in keys {
        let sid = crate::policy::sid_part(key);
        let differs = json!({
            "StringNotEquals": { format!("aws:RequestTag/{key}"): format!("${{aws:PrincipalTag/{key}}}") }
        });
        statements.push(json!({
            "Sid": format!("DenyCreateWithout{sid}"),
            "Effect": "Deny",
            "Action": CREATES,
            "Resource": "*",
            "Condition": differs,
        }));
        statements.push(json!({
            "Sid": format!("DenyEc2CreateWithout{sid}"),
            "Effect": "Deny",
            "Action": EC2_CREATES,
            "Resource": EC2_RESOURCES,
            "Condition": differs,
        }));
    }
    statements.push(json!({
        "Sid": "DenyRemovingRunTags",
        "Effect": "Deny",
        "Action": UNTAGS,
        "Resource": "*",
        "Condition": { "ForAnyValue:StringEquals": { "aws:TagKeys": keys } },
    }));
    statements.push(json!({
        "Sid": "AllowTaggingOnEc2Create",
        "Effect": "Allow",
        "Action": "ec2:CreateTags",
        "Resource": "*",
        "Condition": { "StringEquals": { "ec2:CreateAction": EC2_CREATES.map(|a| a.trim_start_matches("ec2:")) } },
    }));
    json!({ "Version": "2012-10-17", "Statement": statements })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_create_named_takes_request_tags_where_the_statement_says() {
        // A negated condition on a key an action does not take always holds: the Deny would refuse it.
        let index: std::collections::BTreeMap<&str, &crate::policy::Action> = crate::policy::table()
            .services
            .values()
            .flatten()
            .map(|a| (a.action.as_str(), a))
            .collect();
        for action in CREATES {
            let entry = index
                .get(action)
                .unwrap_or_else(|| panic!("{action} is not in the action table"));
            assert!(entry.action_level, "{action} takes no action-level request tags");
        }
        for action in EC2_CREATES {
            let entry = index.get(action).expect("in the table");
            for arn in EC2_RESOURCES {
                let kind = arn
                    .rsplit(':')
                    .next()
                    .and_then(|r| r.split('/').next())
                    .expect("type");
                let receives = entry.resources.iter().any(|r| r.resource_type == kind);
                assert!(
                    receives || action == "ec2:CreateVolume" && kind == "instance",
                    "{action} on {kind}"
                );
            }
        }
    }

    #[test]
    fn every_create_must_carry_the_principals_tags() {
        let doc = document(&["agent-name", "agent-run-id"]);
        let statements = doc["Statement"].as_array().expect("statements");
        let by_sid = |sid: &str| {
            statements
                .iter()
                .find(|s| s["Sid"] == sid)
                .unwrap_or_else(|| panic!("no {sid} in {doc}"))
        };
        let run = by_sid("DenyCreateWithoutAgentRunId");
        assert_eq!(run["Effect"], "Deny");
        assert_eq!(
            run["Condition"]["StringNotEquals"]["aws:RequestTag/agent-run-id"],
            "${aws:PrincipalTag/agent-run-id}"
        );
        let ec2 = by_sid("DenyEc2CreateWithoutAgentName");
        assert_eq!(
            ec2["Resource"],
            json!(EC2_RESOURCES),
            "never Resource * for RunInstances"
        );
        assert_eq!(
            by_sid("DenyRemovingRunTags")["Condition"]["ForAnyValue:StringEquals"]["aws:TagKeys"],
            json!(["agent-name", "agent-run-id"])
        );
        assert_eq!(
            by_sid("AllowTaggingOnEc2Create")["Condition"]["StringEquals"]["ec2:CreateAction"],
            json!(["RunInstances", "CreateVolume"])
        );
        // A managed policy holds at most 6,144 characters, whitespace not counted.
        assert!(doc.to_string().len() < 6144, "{}", doc.to_string().len());
    }
}
