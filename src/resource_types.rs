//! The resource types costbrake knows, named as the Resource Groups Tagging API and
//! [`crate::inventory::resource_type`] name them (`service:type`, the ARN's resource part up to its first
//! `/` or `:`), so that a typo in `--types` or `audit.types` (`ec2:instances`) is refused with the nearest
//! one instead of scanning nothing and passing CI.

/// Types the audit and the kill-switch deal with, and the taggable types agents commonly create.
pub const KNOWN: &[&str] = &[
    "aoss:collection",
    "athena:datacatalog",
    "athena:workgroup",
    "autoscaling:autoScalingGroup",
    "batch:compute-environment",
    "batch:job-definition",
    "batch:job-queue",
    "batch:scheduling-policy",
    "bedrock:agent",
    "bedrock:agent-alias",
    "bedrock:application-inference-profile",
    "bedrock:custom-model",
    "bedrock:evaluation-job",
    "bedrock:flow",
    "bedrock:guardrail",
    "bedrock:knowledge-base",
    "bedrock:model-customization-job",
    "bedrock:model-import-job",
    "bedrock:model-invocation-job",
    "bedrock:prompt",
    "bedrock:provisioned-model",
    "cloudformation:stack",
    "cloudformation:stackset",
    "cloudwatch:alarm",
    "codebuild:project",
    "dynamodb:table",
    "ec2:capacity-reservation",
    "ec2:dedicated-host",
    "ec2:elastic-ip",
    "ec2:fleet",
    "ec2:image",
    "ec2:instance",
    "ec2:internet-gateway",
    "ec2:key-pair",
    "ec2:launch-template",
    "ec2:natgateway",
    "ec2:network-interface",
    "ec2:placement-group",
    "ec2:route-table",
    "ec2:security-group",
    "ec2:snapshot",
    "ec2:spot-instances-request",
    "ec2:subnet",
    "ec2:transit-gateway",
    "ec2:volume",
    "ec2:vpc",
    "ec2:vpc-endpoint",
    "ecr:repository",
    "ecs:capacity-provider",
    "ecs:cluster",
    "ecs:container-instance",
    "ecs:service",
    "ecs:task",
    "ecs:task-definition",
    "ecs:task-set",
    "eks:addon",
    "eks:cluster",
    "eks:fargateprofile",
    "eks:nodegroup",
    "elasticache:cluster",
    "elasticache:replicationgroup",
    "elasticache:serverlesscache",
    "elasticache:snapshot",
    "elasticfilesystem:access-point",
    "elasticfilesystem:file-system",
    "elasticloadbalancing:listener",
    "elasticloadbalancing:loadbalancer",
    "elasticloadbalancing:targetgroup",
    "elasticmapreduce:cluster",
    "es:domain",
    "events:event-bus",
    "events:rule",
    "firehose:deliverystream",
    "glue:crawler",
    "glue:database",
    "glue:job",
    "glue:session",
    "glue:table",
    "glue:trigger",
    "glue:workflow",
    "iam:instance-profile",
    "iam:oidc-provider",
    "iam:policy",
    "iam:role",
    "iam:user",
    "kafka:cluster",
    "kendra:index",
    "kinesis:stream",
    "kms:key",
    "lambda:code-signing-config",
    "lambda:event-source-mapping",
    "lambda:function",
    "lambda:layer",
    "logs:log-group",
    "memorydb:cluster",
    "mq:broker",
    "rds:cluster",
    "rds:cluster-snapshot",
    "rds:db",
    "rds:db-proxy",
    "rds:snapshot",
    "redshift-serverless:namespace",
    "redshift-serverless:workgroup",
    "redshift:cluster",
    "s3:accesspoint",
    "s3:bucket",
    "sagemaker:app",
    "sagemaker:cluster",
    "sagemaker:domain",
    "sagemaker:endpoint",
    "sagemaker:endpoint-config",
    "sagemaker:experiment",
    "sagemaker:feature-group",
    "sagemaker:hyper-parameter-tuning-job",
    "sagemaker:inference-component",
    "sagemaker:model",
    "sagemaker:model-package",
    "sagemaker:model-package-group",
    "sagemaker:notebook-instance",
    "sagemaker:pipeline",
    "sagemaker:processing-job",
    "sagemaker:project",
    "sagemaker:space",
    "sagemaker:training-job",
    "sagemaker:transform-job",
    "sagemaker:user-profile",
    "scheduler:schedule",
    "secretsmanager:secret",
    "sns:topic",
    "sqs:queue",
    "ssm:document",
    "ssm:parameter",
    "states:activity",
    "states:execution",
    "states:stateMachine",
];

/// Services whose ARNs carry no usable type segment, known as whole services only.
const SERVICES_ONLY: &[&str] = &[
    "apigateway",
    "apprunner",
    "emr-serverless",
    "lightsail",
    "opensearch",
];

/// Refuses a `service` or `service:type` that costbrake does not know, naming the nearest known one.
pub fn check(value: &str) -> Result<(), String> {
    let known = match value.split_once(':') {
        Some(_) => KNOWN.contains(&value),
        None => {
            SERVICES_ONLY.contains(&value)
                || KNOWN
                    .iter()
                    .any(|t| t.split_once(':').is_some_and(|(s, _)| s == value))
        }
    };
    if known {
        return Ok(());
    }
    let services = KNOWN
        .iter()
        .filter_map(|t| t.split_once(':').map(|(s, _)| s))
        .chain(SERVICES_ONLY.iter().copied());
    let nearest = if value.contains(':') {
        crate::text::nearest(value, KNOWN.iter().copied())
    } else {
        crate::text::nearest(value, services)
    };
    let hint = nearest.map(|n| format!("did you mean {n}? ")).unwrap_or_default();
    Err(format!(
        "`{}` is not a resource type costbrake knows; {hint}types are `service` or `service:type` as the \
         Tagging API names them, e.g. ec2:instance or lambda (docs/audit.md lists them)",
        crate::text::escape_controls(value)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_types_are_sorted_unique_and_follow_the_inventory_naming() {
        let mut sorted = KNOWN.to_vec();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted, KNOWN);
        for kind in crate::killswitch::Kind::types() {
            assert!(KNOWN.contains(&kind.as_str()), "{kind}");
        }
    }

    #[test]
    fn typos_name_the_nearest_type() {
        assert!(check("ec2:instance").is_ok());
        assert!(check("lambda").is_ok());
        assert!(check("apigateway").is_ok());
        let err = check("ec2:instances").unwrap_err();
        assert!(err.contains("did you mean ec2:instance?"), "{err}");
        let err = check("lamda").unwrap_err();
        assert!(err.contains("did you mean lambda?"), "{err}");
        assert!(check("frobnicator:widget").is_err());
    }
}
