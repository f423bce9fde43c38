//! Seeding AWS state in a test's own moto through the AWS SDK, and reading it back.

use aws_config::SdkConfig;

/// Tags as (key, value) pairs.
pub type Tags<'a> = &'a [(&'a str, &'a str)];

/// Launches one instance with `tags` on the instance and its volumes; returns its id.
pub async fn instance(sdk: &SdkConfig, tags: Tags<'_>) -> String {
    use aws_sdk_ec2::types::{ResourceType, Tag, TagSpecification};
    let client = aws_sdk_ec2::Client::new(sdk);
    let mut request = client
        .run_instances()
        .image_id("ami-12c6146b")
        .instance_type(aws_sdk_ec2::types::InstanceType::T3Micro)
        .min_count(1)
        .max_count(1);
    if !tags.is_empty() {
        for resource_type in [ResourceType::Instance, ResourceType::Volume] {
            let spec = tags.iter().fold(
                TagSpecification::builder().resource_type(resource_type),
                |b, (k, v)| b.tags(Tag::builder().key(*k).value(*v).build()),
            );
            request = request.tag_specifications(spec.build());
        }
    }
    let out = request.send().await.expect("run_instances in moto");
    out.instances()[0].instance_id().expect("instance id").to_string()
}

/// Removes every tag from an instance (and its volumes keep theirs).
pub async fn untag_instance(sdk: &SdkConfig, id: &str, keys: &[&str]) {
    use aws_sdk_ec2::types::Tag;
    let client = aws_sdk_ec2::Client::new(sdk);
    let mut request = client.delete_tags().resources(id);
    for key in keys {
        request = request.tags(Tag::builder().key(*key).build());
    }
    request.send().await.expect("delete_tags in moto");
}

/// Ids of the volumes attached to an instance.
pub async fn volumes_of(sdk: &SdkConfig, instance_id: &str) -> Vec<String> {
    let client = aws_sdk_ec2::Client::new(sdk);
    let out = client
        .describe_volumes()
        .filters(
            aws_sdk_ec2::types::Filter::builder()
                .name("attachment.instance-id")
                .values(instance_id)
                .build(),
        )
        .send()
        .await
        .expect("describe_volumes in moto");
    out.volumes()
        .iter()
        .filter_map(|v| v.volume_id().map(str::to_string))
        .collect()
}

/// Creates an IAM role (trusted by Lambda) with `tags`; returns its ARN.
pub async fn role(sdk: &SdkConfig, name: &str, tags: Tags<'_>) -> String {
    let client = aws_sdk_iam::Client::new(sdk);
    let trust = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
    let mut request = client
        .create_role()
        .role_name(name)
        .assume_role_policy_document(trust);
    for (k, v) in tags {
        request = request.tags(
            aws_sdk_iam::types::Tag::builder()
                .key(*k)
                .value(*v)
                .build()
                .expect("tag"),
        );
    }
    let out = request.send().await.expect("create_role in moto");
    out.role().map(|r| r.arn().to_string()).expect("role arn")
}

/// An empty zip archive: moto stores but never runs it.
const EMPTY_ZIP: [u8; 22] = [
    0x50, 0x4b, 0x05, 0x06, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
];

/// Creates a Lambda function with `tags` (none: never tagged); returns its ARN.
pub async fn function(sdk: &SdkConfig, name: &str, role_arn: &str, tags: Tags<'_>) -> String {
    let client = aws_sdk_lambda::Client::new(sdk);
    let mut request = client
        .create_function()
        .function_name(name)
        .runtime(aws_sdk_lambda::types::Runtime::Python312)
        .role(role_arn)
        .handler("index.handler")
        .code(
            aws_sdk_lambda::types::FunctionCode::builder()
                .zip_file(aws_sdk_lambda::primitives::Blob::new(EMPTY_ZIP.to_vec()))
                .build(),
        );
    for (k, v) in tags {
        request = request.tags(*k, *v);
    }
    let out = request.send().await.expect("create_function in moto");
    out.function_arn().expect("function arn").to_string()
}

/// Creates an S3 bucket, tagged when `tags` is not empty.
pub async fn bucket(sdk: &SdkConfig, name: &str, tags: Tags<'_>) {
    use aws_sdk_s3::types::{BucketLocationConstraint, CreateBucketConfiguration, Tag, Tagging};
    let client = aws_sdk_s3::Client::from_conf(
        aws_sdk_s3::config::Builder::from(sdk)
            .force_path_style(true)
            .build(),
    );
    let mut request = client.create_bucket().bucket(name);
    let region = sdk.region().map(|r| r.to_string()).unwrap_or_default();
    if region != "us-east-1" {
        request = request.create_bucket_configuration(
            CreateBucketConfiguration::builder()
                .location_constraint(BucketLocationConstraint::from(region.as_str()))
                .build(),
        );
    }
    request.send().await.expect("create_bucket in moto");
    if !tags.is_empty() {
        let tag_set = tags
            .iter()
            .map(|(k, v)| Tag::builder().key(*k).value(*v).build().expect("tag"))
            .collect();
        client
            .put_bucket_tagging()
            .bucket(name)
            .tagging(
                Tagging::builder()
                    .set_tag_set(Some(tag_set))
                    .build()
                    .expect("tagging"),
            )
            .send()
            .await
            .expect("put_bucket_tagging in moto");
    }
}

/// Creates an ECS cluster (always with a tags list: moto's GetResources fails on clusters without one)
/// and a service in it with `desired` tasks; returns the service ARN.
pub async fn ecs_service(
    sdk: &SdkConfig,
    cluster: &str,
    service: &str,
    desired: i32,
    tags: Tags<'_>,
) -> String {
    use aws_sdk_ecs::types::Tag;
    aws_sdk_ecs::Client::new(sdk)
        .create_cluster()
        .cluster_name(cluster)
        .set_tags(Some(
            tags.iter()
                .map(|(k, v)| Tag::builder().key(*k).value(*v).build())
                .collect(),
        ))
        .send()
        .await
        .expect("create_cluster in moto");
    ecs_service_in(sdk, cluster, service, desired, tags).await
}

/// Creates a service in an existing cluster; returns its ARN.
pub async fn ecs_service_in(
    sdk: &SdkConfig,
    cluster: &str,
    service: &str,
    desired: i32,
    tags: Tags<'_>,
) -> String {
    use aws_sdk_ecs::types::{ContainerDefinition, Tag};
    let client = aws_sdk_ecs::Client::new(sdk);
    client
        .register_task_definition()
        .family(service)
        .container_definitions(
            ContainerDefinition::builder()
                .name("app")
                .image("busybox")
                .memory(128)
                .build(),
        )
        .set_tags(Some(vec![]))
        .send()
        .await
        .expect("register_task_definition in moto");
    let out = client
        .create_service()
        .cluster(cluster)
        .service_name(service)
        .task_definition(service)
        .desired_count(desired)
        .set_tags(Some(
            tags.iter()
                .map(|(k, v)| Tag::builder().key(*k).value(*v).build())
                .collect(),
        ))
        .send()
        .await
        .expect("create_service in moto");
    out.service()
        .and_then(|s| s.service_arn())
        .expect("service arn")
        .to_string()
}

/// The state name of one instance (`running`, `stopped`, ...).
pub async fn instance_state(sdk: &SdkConfig, id: &str) -> String {
    let out = aws_sdk_ec2::Client::new(sdk)
        .describe_instances()
        .instance_ids(id)
        .send()
        .await
        .expect("describe");
    out.reservations()[0].instances()[0]
        .state()
        .and_then(|s| s.name())
        .map(|n| n.as_str().to_string())
        .unwrap_or_default()
}
