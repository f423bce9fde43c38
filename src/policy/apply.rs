//! `policy attach` and `policy detach`: the generated documents as costbrake's SCPs on a root, OU or
//! account (created or updated, then attached; idempotent), or as inline policies on an IAM role. What
//! was there before is recorded first, in the data dir's `policies/` journal; a target that would exceed
//! AWS's 5 SCPs is refused, naming the ones there; the management account (which SCPs never affect) and,
//! unless asked, the root are refused. `detach` takes off exactly costbrake's documents of that name.

use serde::Serialize;

use super::{Document, SCPS_PER_TARGET};
use crate::aws::{self, AwsContext, organizations as orgs};
use crate::error::{Error, Result};

/// Where the documents go.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(tag = "kind", content = "id", rename_all = "kebab-case")]
pub enum Target {
    Root(String),
    Ou(String),
    Account(String),
    /// An IAM role of the caller's account: inline policies.
    Role(String),
}

impl Target {
    /// Parses `--target`: `r-xxxx` (with `allow_root`), `ou-xxxx-xxxxxxxx` or a 12-digit account id.
    pub fn parse(text: &str, allow_root: bool) -> Result<Target> {
        let t = text.trim();
        let alnum =
            |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
        if let Some(rest) = t.strip_prefix("r-") {
            if !(4..=32).contains(&rest.len()) || !alnum(rest) {
                return Err(bad_target(t));
            }
            if !allow_root {
                return Err(Error::usage(format!(
                    "--target {t} is the organization's root: the SCPs would apply to every account; pass \
                     --allow-root if that is meant, or name an OU (ou-...) or account"
                )));
            }
            return Ok(Target::Root(t.to_string()));
        }
        if let Some(rest) = t.strip_prefix("ou-") {
            let parts: Vec<&str> = rest.split('-').collect();
            return match parts.as_slice() {
                [root, ou]
                    if (4..=32).contains(&root.len())
                        && (8..=32).contains(&ou.len())
                        && alnum(root)
                        && alnum(ou) =>
                {
                    Ok(Target::Ou(t.to_string()))
                }
                _ => Err(bad_target(t)),
            };
        }
        if t.len() == 12 && t.chars().all(|c| c.is_ascii_digit()) {
            return Ok(Target::Account(t.to_string()));
        }
        Err(bad_target(t))
    }

    pub fn id(&self) -> &str {
        match self {
            Target::Root(id) | Target::Ou(id) | Target::Account(id) | Target::Role(id) => id,
        }
    }
}

fn bad_target(text: &str) -> Error {
    Error::usage(format!(
        "--target `{}` is not an OU (ou-abcd-12345678), an account (12 digits) or a root (r-abcd); see \
         `aws organizations list-roots` and `list-organizational-units-for-parent`",
        crate::text::escape_controls(text)
    ))
}

/// What happened to one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Change {
    Created,
    Updated,
    /// The content was right; the attachment was missing.
    Attached,
    Unchanged,
    Detached,
    Deleted,
}

/// One document's outcome.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Outcome {
    pub name: String,
    /// The SCP's id (`p-...`); the policy name for a role.
    pub id: String,
    pub change: Change,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size: Option<usize>,
}

/// The result of an attach or detach.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Report {
    pub schema: &'static str,
    pub action: &'static str,
    pub target: Target,
    pub outcomes: Vec<Outcome>,
    /// The other SCPs on the target, which costbrake leaves alone.
    pub other_scps: Vec<String>,
    /// The record written before anything changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub journal: Option<String>,
}

impl Report {
    /// How many documents changed.
    pub fn changes(&self) -> usize {
        self.outcomes
            .iter()
            .filter(|o| o.change != Change::Unchanged)
            .count()
    }
}

/// The schema of [`Report`].
pub const SCHEMA: &str = "costbrake.policy-apply/v1";

/// The most characters of all inline policies of one role together.
pub const ROLE_INLINE_LIMIT: usize = 10_240;

/// The record written before an attach changes anything.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
struct Record<'a> {
    schema: &'static str,
    at: String,
    target: &'a Target,
    prefix: &'a str,
    /// What the target had: SCP id and name (or inline policy names).
    before: Vec<(String, String)>,
    documents: Vec<&'a str>,
}

fn write_record(record: &Record<'_>) -> Result<String> {
    let dir = crate::config::data_dir("the policy journal")?.join("policies");
    let stamp = jiff::Timestamp::now()
        .strftime("%Y%m%dT%H%M%SZ")
        .to_string()
        .to_ascii_lowercase();
    let path = dir.join(format!("attach-{stamp}-{}.json", std::process::id()));
    let bytes =
        serde_json::to_vec_pretty(record).map_err(|e| Error::io("encoding the policy record", e.into()))?;
    crate::files::write_private_atomic(&path, &bytes)
        .map_err(|e| Error::io(format!("writing the policy record {}", path.display()), e))?;
    Ok(path.display().to_string())
}

/// Whether `name` is one of costbrake's documents called `prefix`: `prefix` itself or `prefix-N`.
fn named(name: &str, prefix: &str) -> bool {
    name == prefix || name.strip_prefix(prefix).is_some_and(|r| r.starts_with('-'))
}

/// Refuses a target that SCPs do not affect: the management account.
async fn check_scp_target(ctx: &AwsContext, target: &Target) -> Result<()> {
    let caller = aws::sts::caller_identity(ctx).await?.account;
    match orgs::membership(ctx, &caller).await? {
        orgs::Membership::Standalone => Err(Error::usage(
            "this account belongs to no organization: SCPs need AWS Organizations; use --role NAME for an IAM \
             policy instead",
        )),
        orgs::Membership::Management { .. } if target.id() == caller => Err(Error::usage(format!(
            "{caller} is the organization's management account, which SCPs never affect; attach to the \
             agents' OU or accounts, or use --role NAME on the management account's agent roles"
        ))),
        orgs::Membership::Member {
            management_account_id,
            ..
        } if target.id() == management_account_id => Err(Error::usage(format!(
            "{management_account_id} is the organization's management account, which SCPs never affect"
        ))),
        _ => Ok(()),
    }
}

/// Attaches `documents` (named `prefix`, `prefix-2`, ...) to `target`.
pub async fn attach(
    ctx: &AwsContext,
    target: &Target,
    prefix: &str,
    documents: &[Document],
) -> Result<Report> {
    if let Target::Role(role) = target {
        return attach_role(ctx, role, prefix, documents).await;
    }
    check_scp_target(ctx, target).await?;
    let attached = orgs::scps_for_target(ctx, target.id()).await?;
    let is_ours = |name: &str| named(name, prefix);
    let others: Vec<String> = attached
        .iter()
        .filter(|p| !is_ours(&p.name))
        .map(|p| format!("{} ({})", p.name, p.id))
        .collect();
    if others.len() + documents.len() > SCPS_PER_TARGET {
        return Err(Error::usage(format!(
            "{} already has {} SCPs ({}); with costbrake's {} it would exceed AWS's {SCPS_PER_TARGET} per target; \
             nothing was changed; detach one, narrow --services, or attach to another level",
            target.id(),
            others.len(),
            others.join(", "),
            documents.len()
        )));
    }
    let journal = write_record(&Record {
        schema: "costbrake.policy-record/v1",
        at: jiff::Timestamp::now().to_string(),
        target,
        prefix,
        before: attached.iter().map(|p| (p.id.clone(), p.name.clone())).collect(),
        documents: documents.iter().map(|d| d.name.as_str()).collect(),
    })?;
    let existing = orgs::scps_named(ctx, prefix).await?;
    let mut outcomes = Vec::new();
    for doc in documents {
        let content = doc.policy.to_string();
        let (id, change) = match existing.iter().find(|p| p.name == doc.name) {
            Some(p) => {
                if orgs::scp_content(ctx, &p.id).await? == content {
                    (p.id.clone(), Change::Unchanged)
                } else {
                    orgs::update_scp(ctx, &p.id, &content).await?;
                    (p.id.clone(), Change::Updated)
                }
            }
            None => {
                let description = "costbrake tag-on-create: denies creates without the required tags";
                (
                    orgs::create_scp(ctx, &doc.name, description, &content).await?,
                    Change::Created,
                )
            }
        };
        let was_attached = attached.iter().any(|p| p.id == id);
        if !was_attached {
            orgs::attach_scp(ctx, target.id(), &id).await?;
        }
        let change = if change == Change::Unchanged && !was_attached {
            Change::Attached
        } else {
            change
        };
        outcomes.push(Outcome {
            name: doc.name.clone(),
            id,
            change,
            size: Some(doc.size),
        });
    }
    // costbrake's documents of this name that the new set no longer has.
    for stale in attached
        .iter()
        .filter(|p| is_ours(&p.name) && !documents.iter().any(|d| d.name == p.name))
    {
        outcomes.extend(take_off(ctx, target, &stale.id, &stale.name).await?);
    }
    Ok(Report {
        schema: SCHEMA,
        action: "attach",
        target: target.clone(),
        outcomes,
        other_scps: others,
        journal: Some(journal),
    })
}

/// Detaches the SCP from `target`, and deletes it when nothing else has it.
async fn take_off(ctx: &AwsContext, target: &Target, id: &str, name: &str) -> Result<Vec<Outcome>> {
    orgs::detach_scp(ctx, target.id(), id).await?;
    let mut out = vec![Outcome {
        name: name.to_string(),
        id: id.to_string(),
        change: Change::Detached,
        size: None,
    }];
    if !orgs::scp_attached_anywhere(ctx, id).await? {
        orgs::delete_scp(ctx, id).await?;
        out.push(Outcome {
            name: name.to_string(),
            id: id.to_string(),
            change: Change::Deleted,
            size: None,
        });
    }
    Ok(out)
}

/// Detaches costbrake's documents named `prefix` from `target` (SCPs no other target has are deleted).
pub async fn detach(ctx: &AwsContext, target: &Target, prefix: &str) -> Result<Report> {
    let is_ours = |name: &str| named(name, prefix);
    if let Target::Role(role) = target {
        let mut outcomes = Vec::new();
        for name in aws::iam::role_policy_names(ctx, role).await? {
            if is_ours(&name) {
                aws::iam::delete_inline_policy(ctx, aws::iam::Principal::Role(role), &name).await?;
                outcomes.push(Outcome {
                    id: name.clone(),
                    name,
                    change: Change::Deleted,
                    size: None,
                });
            }
        }
        return Ok(Report {
            schema: SCHEMA,
            action: "detach",
            target: target.clone(),
            outcomes,
            other_scps: Vec::new(),
            journal: None,
        });
    }
    check_scp_target(ctx, target).await?;
    let attached = orgs::scps_for_target(ctx, target.id()).await?;
    let mut outcomes = Vec::new();
    for p in attached.iter().filter(|p| is_ours(&p.name)) {
        outcomes.extend(take_off(ctx, target, &p.id, &p.name).await?);
    }
    Ok(Report {
        schema: SCHEMA,
        action: "detach",
        target: target.clone(),
        outcomes,
        other_scps: attached
            .iter()
            .filter(|p| !is_ours(&p.name))
            .map(|p| format!("{} ({})", p.name, p.id))
            .collect(),
        journal: None,
    })
}

/// The documents in place on `target`, for `policy check`: every SCP attached to it, or the role's
/// inline policies.
pub async fn read(ctx: &AwsContext, target: &Target) -> Result<Vec<super::check::Input>> {
    let mut inputs = Vec::new();
    match target {
        Target::Role(role) => {
            for name in aws::iam::role_policy_names(ctx, role).await? {
                let text = aws::iam::role_policy_document(ctx, role, &name).await?;
                inputs.push(super::check::Input {
                    source: format!("role {role}: {name}"),
                    text,
                });
            }
        }
        _ => {
            for p in orgs::scps_for_target(ctx, target.id()).await? {
                let text = orgs::scp_content(ctx, &p.id).await?;
                inputs.push(super::check::Input {
                    source: format!("{}: {} ({})", target.id(), p.name, p.id),
                    text,
                });
            }
        }
    }
    Ok(inputs)
}

/// The IAM form: inline policies on `role`, within the role's 10,240-character inline total.
async fn attach_role(ctx: &AwsContext, role: &str, prefix: &str, documents: &[Document]) -> Result<Report> {
    let is_ours = |name: &str| named(name, prefix);
    let names = aws::iam::role_policy_names(ctx, role).await?;
    let mut others_size = 0;
    let mut others = Vec::new();
    for name in names.iter().filter(|n| !is_ours(n)) {
        others_size += aws::iam::role_policy_document(ctx, role, name).await?.len();
        others.push(name.clone());
    }
    let ours: usize = documents.iter().map(|d| d.size).sum();
    if others_size + ours > ROLE_INLINE_LIMIT {
        return Err(Error::usage(format!(
            "role {role}'s inline policies would total {} characters, above IAM's {ROLE_INLINE_LIMIT} per role \
             ({others_size} in {}); nothing was changed; narrow --services",
            others_size + ours,
            if others.is_empty() {
                "none".to_string()
            } else {
                others.join(", ")
            }
        )));
    }
    let journal = write_record(&Record {
        schema: "costbrake.policy-record/v1",
        at: jiff::Timestamp::now().to_string(),
        target: &Target::Role(role.to_string()),
        prefix,
        before: names.iter().map(|n| (n.clone(), n.clone())).collect(),
        documents: documents.iter().map(|d| d.name.as_str()).collect(),
    })?;
    let mut outcomes = Vec::new();
    for doc in documents {
        let content = doc.policy.to_string();
        let change = if names.contains(&doc.name) {
            let current: Option<serde_json::Value> =
                serde_json::from_str(&aws::iam::role_policy_document(ctx, role, &doc.name).await?).ok();
            if current.as_ref() == Some(&doc.policy) {
                Change::Unchanged
            } else {
                Change::Updated
            }
        } else {
            Change::Created
        };
        if change != Change::Unchanged {
            aws::iam::put_inline_policy(ctx, aws::iam::Principal::Role(role), &doc.name, &content).await?;
        }
        outcomes.push(Outcome {
            name: doc.name.clone(),
            id: doc.name.clone(),
            change,
            size: Some(doc.size),
        });
    }
    for stale in names
        .iter()
        .filter(|n| is_ours(n) && !documents.iter().any(|d| &d.name == *n))
    {
        aws::iam::delete_inline_policy(ctx, aws::iam::Principal::Role(role), stale).await?;
        outcomes.push(Outcome {
            name: stale.clone(),
            id: stale.clone(),
            change: Change::Deleted,
            size: None,
        });
    }
    Ok(Report {
        schema: SCHEMA,
        action: "attach",
        target: Target::Role(role.to_string()),
        outcomes,
        other_scps: Vec::new(),
        journal: Some(journal),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_parse_and_the_root_needs_asking() {
        assert_eq!(
            Target::parse("ou-ab12-abcdefgh", false).expect("ou"),
            Target::Ou("ou-ab12-abcdefgh".into())
        );
        assert_eq!(
            Target::parse("210987654321", false).expect("account"),
            Target::Account("210987654321".into())
        );
        assert!(Target::parse("r-ab12", false).is_err());
        assert_eq!(
            Target::parse("r-ab12", true).expect("root"),
            Target::Root("r-ab12".into())
        );
        for bad in ["ou-ab12", "1234", "sandbox", "ou-AB12-abcdefgh", ""] {
            assert!(Target::parse(bad, true).is_err(), "{bad}");
        }
    }
}
