//! IAM: roles and users with their tags, from `GetAccountAuthorizationDetails` (ListRoles does not return
//! tags; this returns up to 1,000 principals with tags a page). The Tagging API does not serve IAM roles.

use aws_sdk_iam::types::EntityType;

use super::listing::{Listed, tag_map};
use super::{AwsContext, sdk_error};
use crate::error::Result;

/// Roles and users, with tags. AWS service-linked roles (`/aws-service-role/`) are left out: AWS owns them.
pub async fn roles_and_users(ctx: &AwsContext) -> Result<(Vec<Listed>, u32)> {
    let mut pages = ctx
        .iam()
        .get_account_authorization_details()
        .filter(EntityType::Role)
        .filter(EntityType::User)
        .max_items(1000)
        .into_paginator()
        .send();
    let mut out = Vec::new();
    let mut count = 0;
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| sdk_error("iam", "GetAccountAuthorizationDetails", None, e))?;
        count += 1;
        for role in page.role_detail_list() {
            if role.path().is_some_and(|p| p.starts_with("/aws-service-role/")) {
                continue;
            }
            let (Some(arn), Some(name)) = (role.arn(), role.role_name()) else {
                continue;
            };
            let mut listed = Listed::new(arn, name);
            listed.tags = Some(tag_map(
                role.tags().iter().map(|t| (Some(t.key()), Some(t.value()))),
            ));
            out.push(listed);
        }
        for user in page.user_detail_list() {
            let (Some(arn), Some(name)) = (user.arn(), user.user_name()) else {
                continue;
            };
            let mut listed = Listed::new(arn, name);
            listed.tags = Some(tag_map(
                user.tags().iter().map(|t| (Some(t.key()), Some(t.value()))),
            ));
            out.push(listed);
        }
    }
    Ok((out, count))
}

/// An IAM principal the kill-switch acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Principal<'a> {
    Role(&'a str),
    User(&'a str),
}

impl Principal<'_> {
    fn name(&self) -> &str {
        match self {
            Principal::Role(n) | Principal::User(n) => n,
        }
    }
}

/// Whether the principal has an inline policy called `policy`.
pub async fn has_inline_policy(ctx: &AwsContext, principal: Principal<'_>, policy: &str) -> Result<bool> {
    let client = ctx.iam();
    let result = match principal {
        Principal::Role(name) => client
            .get_role_policy()
            .role_name(name)
            .policy_name(policy)
            .send()
            .await
            .map(|_| ())
            .map_err(|e| sdk_error("iam", "GetRolePolicy", Some(name), e)),
        Principal::User(name) => client
            .get_user_policy()
            .user_name(name)
            .policy_name(policy)
            .send()
            .await
            .map(|_| ())
            .map_err(|e| sdk_error("iam", "GetUserPolicy", Some(name), e)),
    };
    match result {
        Ok(()) => Ok(true),
        Err(err) if err.aws_code() == Some("NoSuchEntity") => Ok(false),
        Err(err) => Err(err),
    }
}

/// The names of the role's inline policies (`ListRolePolicies`, all pages).
pub async fn role_policy_names(ctx: &AwsContext, role: &str) -> Result<Vec<String>> {
    let mut pages = ctx
        .iam()
        .list_role_policies()
        .role_name(role)
        .into_paginator()
        .send();
    let mut names = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| sdk_error("iam", "ListRolePolicies", Some(role), e))?;
        names.extend(page.policy_names().iter().cloned());
    }
    Ok(names)
}

/// The document of the role's inline policy `policy`, URL-decoded as IAM returns it encoded.
pub async fn role_policy_document(ctx: &AwsContext, role: &str, policy: &str) -> Result<String> {
    let out = ctx
        .iam()
        .get_role_policy()
        .role_name(role)
        .policy_name(policy)
        .send()
        .await
        .map_err(|e| sdk_error("iam", "GetRolePolicy", Some(role), e))?;
    let raw = out.policy_document();
    Ok(
        url::form_urlencoded::parse(format!("d={}", raw.replace('+', "%2B")).as_bytes())
            .next()
            .map(|(_, v)| v.into_owned())
            .unwrap_or_else(|| raw.to_string()),
    )
}

/// Puts the inline policy `policy` with `document`.
pub async fn put_inline_policy(
    ctx: &AwsContext,
    principal: Principal<'_>,
    policy: &str,
    document: &str,
) -> Result<()> {
    let client = ctx.iam();
    match principal {
        Principal::Role(name) => client
            .put_role_policy()
            .role_name(name)
            .policy_name(policy)
            .policy_document(document)
            .send()
            .await
            .map(|_| ())
            .map_err(|e| sdk_error("iam", "PutRolePolicy", Some(name), e)),
        Principal::User(name) => client
            .put_user_policy()
            .user_name(name)
            .policy_name(policy)
            .policy_document(document)
            .send()
            .await
            .map(|_| ())
            .map_err(|e| sdk_error("iam", "PutUserPolicy", Some(name), e)),
    }
}

/// Deletes the inline policy `policy`; one that is already gone is not an error.
pub async fn delete_inline_policy(ctx: &AwsContext, principal: Principal<'_>, policy: &str) -> Result<()> {
    let client = ctx.iam();
    let result = match principal {
        Principal::Role(name) => client
            .delete_role_policy()
            .role_name(name)
            .policy_name(policy)
            .send()
            .await
            .map(|_| ())
            .map_err(|e| sdk_error("iam", "DeleteRolePolicy", Some(name), e)),
        Principal::User(name) => client
            .delete_user_policy()
            .user_name(name)
            .policy_name(policy)
            .send()
            .await
            .map(|_| ())
            .map_err(|e| sdk_error("iam", "DeleteUserPolicy", Some(name), e)),
    };
    match result {
        Err(err) if err.aws_code() == Some("NoSuchEntity") => Ok(()),
        other => other,
    }
}

/// Sets `tags` on the principal.
pub async fn tag(ctx: &AwsContext, principal: Principal<'_>, tags: &[(String, String)]) -> Result<()> {
    let tags = tags
        .iter()
        .map(|(k, v)| {
            aws_sdk_iam::types::Tag::builder()
                .key(k)
                .value(v)
                .build()
                .map_err(|e| crate::error::Error::usage(format!("IAM tag {k}: {e}")))
        })
        .collect::<Result<Vec<_>>>()?;
    let client = ctx.iam();
    let name = principal.name();
    match principal {
        Principal::Role(_) => client
            .tag_role()
            .role_name(name)
            .set_tags(Some(tags))
            .send()
            .await
            .map(|_| ())
            .map_err(|e| sdk_error("iam", "TagRole", Some(name), e)),
        Principal::User(_) => client
            .tag_user()
            .user_name(name)
            .set_tags(Some(tags))
            .send()
            .await
            .map(|_| ())
            .map_err(|e| sdk_error("iam", "TagUser", Some(name), e)),
    }
}

/// Removes the tag `keys` from the principal.
pub async fn untag(ctx: &AwsContext, principal: Principal<'_>, keys: &[&str]) -> Result<()> {
    let keys: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
    let client = ctx.iam();
    let name = principal.name();
    match principal {
        Principal::Role(_) => client
            .untag_role()
            .role_name(name)
            .set_tag_keys(Some(keys))
            .send()
            .await
            .map(|_| ())
            .map_err(|e| sdk_error("iam", "UntagRole", Some(name), e)),
        Principal::User(_) => client
            .untag_user()
            .user_name(name)
            .set_tag_keys(Some(keys))
            .send()
            .await
            .map(|_| ())
            .map_err(|e| sdk_error("iam", "UntagUser", Some(name), e)),
    }
}
