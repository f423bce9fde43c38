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
