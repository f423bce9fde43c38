//! `policy check`: reads a policy (generated or hand-written) and reports, per resource type the audit
//! lists and per required tag key, whether a create of it without the tag would be denied; what each
//! statement's request-tag conditions use that an action does not support; and size problems.
//!
//! The evaluation is the part of IAM's logic that decides tag-on-create: a Deny statement applies to a
//! create when its `Action` (or `NotAction`) and `Resource` (or `NotResource`) match the action and the
//! created resource, and its condition block is true for a request that lacks the tag. A negated
//! operator (`StringNotLike`, `StringNotEquals`, ...) and every `...IfExists` operator is true when the
//! key is absent, `Null: true` is, every other operator is not. A block that also tests another key is
//! counted only when that key is another required tag's (the request is assumed to carry those right) or
//! noted as depending on it.

use serde::Serialize;
use serde_json::Value;

use super::{AUDITED_CREATES, IAM_LIMIT, SCP_MAX_CHARS, SCPS_PER_TARGET, table};
use crate::error::{Error, Result};

/// One policy document to check, and where it came from.
#[derive(Debug, Clone)]
pub struct Input {
    pub source: String,
    pub text: String,
}

/// A resource type's verdict for one tag key.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Coverage {
    #[serde(rename = "type")]
    pub resource_type: String,
    pub tag: String,
    pub covered: bool,
    /// Each create action of the type: the statement that denies it untagged, or none.
    pub actions: Vec<ActionVerdict>,
}

/// One create action's verdict.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct ActionVerdict {
    pub action: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub denied_by: Option<String>,
    /// Why a statement that names it does not count (a condition on another key, ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A problem with a statement or a document.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Problem {
    pub source: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub statement: Option<String>,
    pub message: String,
}

/// A document's size against the limit of its kind.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Size {
    pub source: String,
    /// Characters as written (SCPs count whitespace).
    pub characters: usize,
    /// Characters minified.
    pub minified: usize,
    pub limit: usize,
}

/// What `policy check` returns.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Report {
    pub schema: &'static str,
    pub tags: Vec<String>,
    pub sizes: Vec<Size>,
    pub coverage: Vec<Coverage>,
    pub problems: Vec<Problem>,
    pub covered: usize,
    pub total: usize,
}

impl Report {
    /// Complete coverage and no problem.
    pub fn passes(&self) -> bool {
        self.covered == self.total && self.problems.is_empty()
    }
}

/// The schema of [`Report`].
pub const SCHEMA: &str = "costbrake.policy-check/v1";

/// A sample ARN of each audited type, to match `Resource` patterns against.
fn sample_arn(resource_type: &str) -> String {
    let (service, kind) = resource_type.split_once(':').unwrap_or((resource_type, ""));
    let (r, a) = ("us-east-1", "123456789012");
    match resource_type {
        "s3:bucket" => "arn:aws:s3:::agent-bucket".into(),
        "iam:role" => format!("arn:aws:iam::{a}:role/agent-role"),
        "iam:user" => format!("arn:aws:iam::{a}:user/agent-user"),
        "lambda:function" => format!("arn:aws:lambda:{r}:{a}:function:agent-fn"),
        "rds:db" | "rds:cluster" => format!("arn:aws:rds:{r}:{a}:{kind}:agent-db"),
        "states:stateMachine" => format!("arn:aws:states:{r}:{a}:stateMachine:agent-flow"),
        "autoscaling:autoScalingGroup" => format!(
            "arn:aws:autoscaling:{r}:{a}:autoScalingGroup:0a1b2c3d-uuid:autoScalingGroupName/agent-asg"
        ),
        "ecs:service" => format!("arn:aws:ecs:{r}:{a}:service/agent-cluster/agent-svc"),
        "ecs:task" => format!("arn:aws:ecs:{r}:{a}:task/agent-cluster/0a1b2c3d"),
        "eks:nodegroup" => format!("arn:aws:eks:{r}:{a}:nodegroup/agent-cluster/agent-ng/0a1b2c3d"),
        _ => format!("arn:aws:{service}:{r}:{a}:{kind}/agent-thing"),
    }
}

/// IAM's wildcard match: `*` any run, `?` one character.
fn glob(pattern: &str, text: &str, ignore_case: bool) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = if ignore_case {
        (
            pattern.to_lowercase().chars().collect(),
            text.to_lowercase().chars().collect(),
        )
    } else {
        (pattern.chars().collect(), text.chars().collect())
    };
    let (mut pi, mut ti, mut star, mut mark) = (0, 0, None, 0);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == '*' {
        pi += 1;
    }
    pi == p.len()
}

/// A string or a list of strings.
fn strings(value: &Value) -> Vec<String> {
    match value {
        Value::String(s) => vec![s.clone()],
        Value::Array(items) => items
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

/// How a condition block treats a request without `tag` (and with every other required tag).
enum Verdict {
    /// True: the statement applies.
    Applies,
    /// False: it does not.
    DoesNot,
    /// It depends on a key costbrake cannot decide.
    Depends(String),
}

fn evaluate(condition: &Value, tag: &str, required: &[String]) -> Verdict {
    let Some(block) = condition.as_object() else {
        return Verdict::Applies; // no condition: the statement always applies
    };
    let mut depends = None;
    for (operator, keys) in block {
        let Some(keys) = keys.as_object() else { continue };
        let op = operator.to_ascii_lowercase();
        let set = op.starts_with("forallvalues:") || op.starts_with("foranyvalue:");
        let base = op.rsplit(':').next().unwrap_or(&op).to_string();
        let if_exists = base.ends_with("ifexists");
        let negated = base.contains("not");
        for (key, values) in keys {
            let lower = key.to_ascii_lowercase();
            let request_tag = lower
                .strip_prefix("aws:requesttag/")
                .map(|_| &key["aws:RequestTag/".len()..]);
            match request_tag {
                Some(k) if k == tag => {
                    let absent_true = if base == "null" {
                        strings(values).iter().any(|v| v == "true")
                    } else {
                        !set && (negated || if_exists)
                    };
                    if !absent_true {
                        return Verdict::DoesNot;
                    }
                }
                // Another required tag, carried right by assumption: a negated test of it is false.
                Some(k) if required.iter().any(|r| r == k) => {
                    if base == "null" || negated {
                        return Verdict::DoesNot;
                    }
                }
                _ => depends = Some(key.clone()),
            }
        }
    }
    match depends {
        Some(key) => Verdict::Depends(key),
        None => Verdict::Applies,
    }
}

/// Whether the statement names `action` (through `Action` or `NotAction`).
fn names_action(statement: &Value, action: &str) -> bool {
    if let Some(actions) = statement.get("Action") {
        strings(actions).iter().any(|p| glob(p, action, true))
    } else if let Some(not) = statement.get("NotAction") {
        !strings(not).iter().any(|p| glob(p, action, true))
    } else {
        false
    }
}

/// Whether the statement covers resource `arn` (through `Resource` or `NotResource`).
fn names_resource(statement: &Value, arn: &str) -> bool {
    if let Some(resources) = statement.get("Resource") {
        strings(resources).iter().any(|p| glob(p, arn, false))
    } else if let Some(not) = statement.get("NotResource") {
        !strings(not).iter().any(|p| glob(p, arn, false))
    } else {
        false
    }
}

/// The statements of a document, each with its id (`Sid`, else its position).
fn statements(doc: &Value) -> Vec<(String, Value)> {
    let list = match doc.get("Statement") {
        Some(Value::Array(items)) => items.clone(),
        Some(one @ Value::Object(_)) => vec![one.clone()],
        _ => Vec::new(),
    };
    list.into_iter()
        .enumerate()
        .map(|(i, s)| {
            let id = s
                .get("Sid")
                .and_then(Value::as_str)
                .map(str::to_string)
                .unwrap_or_else(|| format!("statement {}", i + 1));
            (id, s)
        })
        .collect()
}

/// Parses the inputs: a policy document, a list of them, or `policy tag-on-create -o json` output.
fn documents(inputs: &[Input]) -> Result<Vec<(String, String, Value)>> {
    let mut out = Vec::new();
    for input in inputs {
        let value: Value = serde_json::from_str(&input.text).map_err(|e| {
            Error::usage(format!(
                "{} is not a JSON policy document ({e}); give one, a JSON list of them, or `costbrake policy \
                 tag-on-create -o json` output",
                input.source
            ))
        })?;
        match &value {
            Value::Object(o) if o.contains_key("Statement") => {
                out.push((input.source.clone(), input.text.clone(), value));
            }
            Value::Object(o) if o.get("schema").and_then(Value::as_str) == Some(super::SCHEMA) => {
                for doc in o.get("documents").and_then(Value::as_array).into_iter().flatten() {
                    let name = doc["name"].as_str().unwrap_or("document");
                    let policy = doc["policy"].clone();
                    out.push((format!("{} ({name})", input.source), policy.to_string(), policy));
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    out.push((format!("{}[{i}]", input.source), item.to_string(), item.clone()));
                }
            }
            _ => {
                return Err(Error::usage(format!(
                    "{} has no Statement: not a policy document",
                    input.source
                )));
            }
        }
    }
    Ok(out)
}

/// Checks `inputs` for `tags`; `scp` chooses the SCP limits (5,120 characters, 5 per target) over IAM's.
pub fn check(inputs: &[Input], tags: &[String], scp: bool) -> Result<Report> {
    let docs = documents(inputs)?;
    let limit = if scp { SCP_MAX_CHARS } else { IAM_LIMIT };
    let mut problems = Vec::new();
    let mut sizes = Vec::new();
    for (source, text, value) in &docs {
        let minified = value.to_string().len();
        let characters = if scp { text.trim().len() } else { minified };
        if characters > limit {
            problems.push(Problem {
                source: source.clone(),
                statement: None,
                message: format!(
                    "{characters} characters, above the {limit} {} limit{}",
                    if scp { "SCP" } else { "managed policy" },
                    if scp && minified <= limit {
                        format!(" (minified it is {minified}: SCPs count whitespace)")
                    } else {
                        String::new()
                    }
                ),
            });
        }
        sizes.push(Size {
            source: source.clone(),
            characters,
            minified,
            limit,
        });
    }
    if scp && docs.len() > SCPS_PER_TARGET {
        problems.push(Problem {
            source: "all".into(),
            statement: None,
            message: format!("{} SCPs: a target holds at most {SCPS_PER_TARGET}", docs.len()),
        });
    }
    let index: std::collections::BTreeMap<&str, &super::Action> = table()
        .services
        .values()
        .flatten()
        .map(|a| (a.action.as_str(), a))
        .collect();
    // Each document's statements, with their ids, read once for both passes below.
    let parsed: Vec<(&str, Vec<(String, Value)>)> = docs
        .iter()
        .map(|(source, _, doc)| (source.as_str(), statements(doc)))
        .collect();
    // Request-tag conditions on actions that do not take request tags.
    for (source, doc_statements) in &parsed {
        for (sid, statement) in doc_statements {
            let text = statement
                .get("Condition")
                .map(Value::to_string)
                .unwrap_or_default();
            if !text.contains("aws:RequestTag/") && !text.contains("aws:TagKeys") {
                continue;
            }
            let named: Vec<&str> = index
                .keys()
                .copied()
                .filter(|a| statement.get("Action").is_some() && names_action(statement, a))
                .collect();
            for action in named {
                let entry = index[action];
                let deny = statement.get("Effect").and_then(Value::as_str) == Some("Deny");
                if !entry.takes_request_tags() {
                    problems.push(Problem {
                        source: source.to_string(),
                        statement: Some(sid.clone()),
                        message: format!(
                            "{action} takes no request tags: the condition on them {} it",
                            if deny {
                                "makes this Deny refuse every call of"
                            } else {
                                "never matches"
                            }
                        ),
                    });
                } else if deny
                    && !entry.action_level
                    && !entry.resources.iter().any(|r| r.resource_type == "image")
                    && names_resource(statement, "arn:aws:ec2:us-east-1:123456789012:image/ami-0")
                {
                    problems.push(Problem {
                        source: source.to_string(),
                        statement: Some(sid.clone()),
                        message: format!(
                            "{action} takes request tags only on {}; this statement's Resource also covers the \
                             resources it is checked against without them (images, subnets, security groups): \
                             it refuses every call",
                            entry.resources.iter().map(|r| r.resource_type.as_str()).collect::<Vec<_>>().join(", ")
                        ),
                    });
                }
            }
        }
    }
    // Coverage per audited type and tag.
    let mut coverage = Vec::new();
    for (resource_type, creates) in AUDITED_CREATES {
        let arn = sample_arn(resource_type);
        let kind = resource_type.split(':').nth(1).unwrap_or_default();
        for tag in tags {
            let mut actions = Vec::new();
            for action in *creates {
                // The create must be able to carry the tag on this type: action-level, or this type's.
                let receives = index
                    .get(action)
                    .is_some_and(|e| e.action_level || e.resources.iter().any(|r| r.resource_type == kind));
                let mut verdict = ActionVerdict {
                    action: action.to_string(),
                    denied_by: None,
                    note: (!receives)
                        .then(|| format!("{action} carries no request tags for {resource_type}")),
                };
                if receives {
                    'docs: for (source, doc_statements) in &parsed {
                        for (sid, statement) in doc_statements {
                            if statement.get("Effect").and_then(Value::as_str) != Some("Deny")
                                || !names_action(statement, action)
                                || !names_resource(statement, &arn)
                            {
                                continue;
                            }
                            match evaluate(statement.get("Condition").unwrap_or(&Value::Null), tag, tags) {
                                Verdict::Applies => {
                                    verdict.denied_by = Some(format!("{source}: {sid}"));
                                    verdict.note = None;
                                    break 'docs;
                                }
                                Verdict::Depends(key) => {
                                    verdict.note = Some(format!("{sid} also depends on {key}"));
                                }
                                Verdict::DoesNot => {}
                            }
                        }
                    }
                }
                actions.push(verdict);
            }
            let covered = actions.iter().all(|a| a.denied_by.is_some());
            coverage.push(Coverage {
                resource_type: resource_type.to_string(),
                tag: tag.clone(),
                covered,
                actions,
            });
        }
    }
    let covered = coverage.iter().filter(|c| c.covered).count();
    Ok(Report {
        schema: SCHEMA,
        tags: tags.to_vec(),
        sizes,
        total: coverage.len(),
        covered,
        coverage,
        problems,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(text: &str) -> Vec<Input> {
        vec![Input {
            source: "policy.json".into(),
            text: text.into(),
        }]
    }

    #[test]
    fn globs_match_as_iam_does() {
        assert!(glob("ec2:Run*", "ec2:RunInstances", true));
        assert!(glob("EC2:runinstances", "ec2:RunInstances", true));
        assert!(glob(
            "arn:*:ec2:*:*:instance/*",
            "arn:aws:ec2:us-east-1:1:instance/i-1",
            false
        ));
        assert!(!glob(
            "arn:*:ec2:*:*:instance/*",
            "arn:aws:ec2:us-east-1:1:volume/v-1",
            false
        ));
        assert!(glob("*", "anything", false));
        assert!(glob("a?c", "abc", false) && !glob("a?c", "abbc", false));
    }

    #[test]
    fn the_hand_written_example_covers_instances_only() {
        let text = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"ec2:RunInstances",
            "Resource":"arn:aws:ec2:*:*:instance/*",
            "Condition":{"StringNotLike":{"aws:RequestTag/Agent-ID":"*"}}}]}"#;
        let report = check(&input(text), &["Agent-ID".to_string()], true).expect("checked");
        let verdict = |t: &str| {
            report
                .coverage
                .iter()
                .find(|c| c.resource_type == t)
                .expect("type")
                .covered
        };
        assert!(verdict("ec2:instance"), "{:?}", report.coverage);
        assert!(!verdict("ec2:volume"));
        assert!(!verdict("lambda:function"));
        assert_eq!(report.covered, 1);
        assert!(!report.passes());
    }

    #[test]
    fn the_generated_policy_covers_everything_without_problems() {
        let generated = super::super::generate(&super::super::Request {
            tags: vec!["agent-name".into(), "agent-run-id".into()],
            services: super::super::audited_services(),
            all_creates: false,
            form: super::super::Form::Scp,
            value_pattern: None,
            run_scoped: None,
        })
        .expect("generated");
        let text = generated.documents[0].policy.to_string();
        let report = check(&input(&text), &generated.tags, true).expect("checked");
        assert!(
            report.passes(),
            "{:?} {:?}",
            report.problems,
            report.coverage.iter().filter(|c| !c.covered).collect::<Vec<_>>()
        );
    }

    #[test]
    fn mistakes_are_named() {
        // Resource * on RunInstances, a key an action does not support, a block that needs two tags missing.
        let text = r#"{"Version":"2012-10-17","Statement":[
            {"Sid":"Star","Effect":"Deny","Action":"ec2:RunInstances","Resource":"*",
             "Condition":{"Null":{"aws:RequestTag/agent-name":"true"}}},
            {"Sid":"Alias","Effect":"Deny","Action":"lambda:CreateAlias","Resource":"*",
             "Condition":{"Null":{"aws:RequestTag/agent-name":"true"}}},
            {"Sid":"Both","Effect":"Deny","Action":"lambda:CreateFunction","Resource":"*",
             "Condition":{"Null":{"aws:RequestTag/agent-name":"true","aws:RequestTag/agent-run-id":"true"}}}]}"#;
        let tags = vec!["agent-name".to_string(), "agent-run-id".to_string()];
        let report = check(&input(text), &tags, true).expect("checked");
        let messages: Vec<&str> = report.problems.iter().map(|p| p.message.as_str()).collect();
        assert!(
            messages.iter().any(|m| m.contains("refuses every call")),
            "{messages:?}"
        );
        assert!(
            messages
                .iter()
                .any(|m| m.contains("lambda:CreateAlias takes no request tags")),
            "{messages:?}"
        );
        let lambda = report
            .coverage
            .iter()
            .find(|c| c.resource_type == "lambda:function" && c.tag == "agent-name")
            .expect("lambda");
        assert!(
            !lambda.covered,
            "a block needing both tags missing does not deny one missing"
        );
        // A whitespace-padded SCP over the limit.
        let padded = format!(
            "{{\"Version\":\"2012-10-17\",\"Statement\":[]{}}}",
            " ".repeat(6000)
        );
        let report = check(&input(&padded), &tags, true).expect("checked");
        assert!(
            report
                .problems
                .iter()
                .any(|p| p.message.contains("SCPs count whitespace"))
        );
    }
}
