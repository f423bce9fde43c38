//! `budget import`: the account's budgets on the agent tag as `[[budgets]]` entries, each one checked to
//! be exactly what `budget sync --check` would find unchanged, and the budgets an entry cannot express,
//! each with its reasons.
//!
//! The judgement ([`judge_budget`], [`judge_notifications`]) is pure; [`import`] does the reads (one
//! `DescribeBudgets`, then per candidate its notifications and their subscribers) through
//! `crate::aws::budgets`. Writing the entries into a file ([`merge`]) is pure text editing with
//! `toml_edit`, so the user's comments and layout survive; the caller writes the file. Budget actions are
//! neither read nor written: `sync` leaves a budget's actions alone when its entry has none, so an
//! imported budget keeps them, unmanaged.

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;
use serde::Serialize;

use super::SCHEMA_IMPORT;
use super::config::{CONFIG, entry_table};
use super::plan::{Observed, Verdict, plan};
use super::spec::{FORECAST_PERCENT, METRIC, NAME_PREFIX, Spec, SpecInput, budget_name};
use super::status::account;
use crate::aws::budgets::{self as api, BudgetRecord, Filter, Notification, Subscriber};
use crate::aws::{self, AwsContext};
use crate::error::Result;

/// What to import.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// The agent tag key (`tags.agent`).
    pub tag_key: String,
    /// `--match`: the glob as given and compiled; only budgets whose names match are read.
    pub pattern: Option<(String, globset::GlobMatcher)>,
    /// The budgets the target file already has, by name: reported, not read, not imported again.
    pub existing: BTreeSet<String>,
}

/// One budget that an entry expresses exactly.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Imported {
    pub name: String,
    pub agent: String,
    /// The entry as `[[budgets]]` holds it.
    pub entry: Entry,
    #[serde(skip)]
    pub spec: Spec,
}

/// A `[[budgets]]` entry in the file's own terms (amounts as decimal strings).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Entry {
    pub agent: String,
    #[cfg_attr(test, schemars(with = "crate::schemas::Decimal"))]
    pub limit: Decimal,
    pub period: super::Period,
    /// `email:ADDRESS` / `sns:TOPIC_ARN`.
    pub notify: Vec<String>,
    /// ACTUAL notification percentages; empty when there is nowhere to notify.
    #[cfg_attr(test, schemars(with = "Vec<crate::schemas::Decimal>"))]
    pub thresholds: Vec<Decimal>,
    pub forecast: bool,
}

impl Entry {
    fn of(spec: &Spec) -> Entry {
        let notify = spec.notify.iter().map(target_text).collect::<Vec<_>>();
        Entry {
            agent: spec.agent.clone(),
            limit: spec.limit,
            period: spec.period,
            thresholds: if notify.is_empty() {
                Vec::new()
            } else {
                spec.thresholds.clone()
            },
            notify,
            forecast: spec.forecast,
        }
    }
}

pub(super) fn target_text(t: &super::Target) -> String {
    match t {
        super::Target::Email(a) => format!("email:{a}"),
        super::Target::Sns(a) => format!("sns:{a}"),
    }
}

/// A budget on the agent tag (or named like costbrake's) that an entry cannot express.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Skipped {
    pub name: String,
    pub agent: Option<String>,
    /// Every reason found, each saying what differs and, where there is one, what to do.
    pub reasons: Vec<String>,
}

/// A budget the target file already has an entry for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Already {
    pub name: String,
    pub agent: Option<String>,
}

/// The result of `budget import`.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Import {
    pub schema: &'static str,
    pub account: String,
    pub tag_key: String,
    /// `--match`, when given.
    #[serde(rename = "match")]
    pub pattern: Option<String>,
    pub imported: Vec<Imported>,
    pub already: Vec<Already>,
    pub skipped: Vec<Skipped>,
    /// Budgets (among those `--match` selects) that neither filter on the agent tag nor carry a
    /// costbrake name: not costbrake's business.
    pub ignored: usize,
    /// The file the entries were written into (`--write`), once written.
    pub written: Option<std::path::PathBuf>,
}

/// Whether a budget is import's business, and if so what the budget alone says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Candidate {
    /// Neither on the agent tag nor named `costbrake-agent-*`.
    NotOurs,
    /// On the agent tag, but an entry cannot express it.
    Skip(Skipped),
    /// Expressible as far as the budget itself goes: the agent; the notifications decide the rest.
    Agent(String),
}

fn legacy_pair(kv: &str) -> Option<(&str, &str)> {
    kv.strip_prefix("user:").and_then(|kv| kv.split_once('$'))
}

/// Judges a budget by itself (filter, name, type, period, unit, limit, metric, auto-adjusting, planned
/// limits). Pure.
pub fn judge_budget(b: &BudgetRecord, tag_key: &str) -> Candidate {
    let named = b.name.starts_with(NAME_PREFIX);
    let mut reasons = Vec::new();
    let mut agent: Option<String> = None;
    match &b.filter {
        Filter::Tag {
            key,
            values,
            match_options,
        } if key == tag_key => {
            match values.as_slice() {
                [one] => agent = Some(one.clone()),
                [] => reasons.push(format!(
                    "filters on the agent tag `{tag_key}` without a value; an entry is one agent's budget"
                )),
                many => reasons.push(format!(
                    "filters on {} agents ({}); an entry is one agent's budget: make one budget per agent",
                    many.len(),
                    many.join(", ")
                )),
            }
            if !(match_options.is_empty() || match_options == &["EQUALS"]) {
                reasons.push(format!(
                    "matches the agent tag with {}; an entry matches it EQUALS",
                    match_options.join(", ")
                ));
            }
        }
        Filter::LegacyTag { tag_key_values }
            if tag_key_values
                .iter()
                .any(|kv| legacy_pair(kv).is_some_and(|(k, _)| k == tag_key)) =>
        {
            let values: Vec<&str> = tag_key_values
                .iter()
                .filter_map(|kv| legacy_pair(kv))
                .filter(|(k, _)| *k == tag_key)
                .map(|(_, v)| v)
                .collect();
            if let [one] = values.as_slice() {
                agent = Some((*one).to_string());
            }
            reasons.push(format!(
                "uses the legacy CostFilters ({}); an entry is always written as a FilterExpression, so \
                 `budget sync --check` would report a filter change: add the entry by hand if you want \
                 `budget sync` to rewrite the filter in place",
                tag_key_values.join(", ")
            ));
            if values.len() > 1 {
                reasons.push(format!(
                    "filters on {} agents ({}); an entry is one agent's budget",
                    values.len(),
                    values.join(", ")
                ));
            }
            if tag_key_values.len() > values.len() {
                reasons.push(
                    "filters on other tags besides the agent tag; an entry filters on the agent tag only"
                        .into(),
                );
            }
        }
        Filter::Other {
            description,
            tag_keys,
        } if tag_keys.iter().any(|k| k == tag_key) => {
            reasons.push(format!(
                "filters on more than the agent tag ({description}); an entry counts the agent tag's cost only"
            ));
        }
        other if named => reasons.push(format!(
            "is named like a costbrake budget but counts {}, not the agent tag `{tag_key}` (tags.agent in \
             costbrake.toml)",
            super::describe_filter(other)
        )),
        _ => return Candidate::NotOurs,
    }
    if agent.is_none()
        && let Some(name_agent) = b.name.strip_prefix(NAME_PREFIX)
    {
        agent = Some(name_agent.to_string());
    }
    if let Some(a) = agent.as_deref() {
        match budget_name(a) {
            Ok(expected) if expected == b.name => {}
            Ok(expected) => reasons.push(format!(
                "is named `{}`, but `budget sync` keeps agent `{a}`'s budget as `{expected}` and would create \
                 that one beside it; AWS cannot rename a budget: create `{expected}` (`costbrake budget create \
                 --agent {a} ...`) and delete this one",
                b.name
            )),
            Err(message) => reasons.push(message),
        }
    }
    if b.budget_type != "COST" {
        reasons.push(format!(
            "is a {} budget; an entry is a COST budget",
            b.budget_type
        ));
    }
    if super::Period::from_time_unit(&b.time_unit).is_none() {
        reasons.push(format!(
            "has the period {}; an entry is daily, monthly, quarterly or annually",
            b.time_unit
        ));
    }
    match b.unit.as_deref() {
        Some("USD") | None => {}
        Some(unit) => reasons.push(format!("has its limit in {unit}; an entry's limit is in USD")),
    }
    if b.planned_limits > 0 {
        reasons.push(format!(
            "has planned limits for {} periods; an entry has one fixed limit",
            b.planned_limits
        ));
    } else if b.limit.is_none_or(|l| l <= Decimal::ZERO) {
        reasons.push("has no limit above 0; an entry needs one".into());
    }
    if let Some(kind) = &b.auto_adjust {
        reasons.push(format!(
            "is auto-adjusting ({}): AWS moves its limit with past or forecast spend; an entry has a fixed \
             limit",
            kind.to_ascii_lowercase()
        ));
    }
    // A legacy budget counts by CostTypes, not Metrics: its filter reason above already covers it.
    if b.metrics != [METRIC] && !matches!(b.filter, Filter::LegacyTag { .. }) {
        let metrics = if b.metrics.is_empty() {
            "no metric".to_string()
        } else {
            b.metrics.join(", ")
        };
        reasons.push(format!("counts {metrics}; an entry counts {METRIC}"));
    }
    match agent {
        Some(a) if reasons.is_empty() => Candidate::Agent(a),
        agent => Candidate::Skip(Skipped {
            name: b.name.clone(),
            agent,
            reasons,
        }),
    }
}

/// Judges a candidate's notifications and subscribers, then builds its entry and checks that `sync`'s
/// own [`plan`] finds the budget unchanged against it. Pure. `Err` holds the reasons.
pub fn judge_notifications(
    b: &BudgetRecord,
    agent: &str,
    tag_key: &str,
    notifications: &[Notification],
    subscribers: &BTreeMap<Notification, Vec<Subscriber>>,
) -> std::result::Result<Spec, Vec<String>> {
    let mut reasons = Vec::new();
    let mut thresholds = Vec::new();
    let mut forecast = false;
    for n in notifications {
        let text = n.describe();
        if n.comparison != "GREATER_THAN" {
            reasons.push(format!(
                "has the notification `{text}`; an entry's notifications fire when spend goes over a threshold"
            ));
        }
        if n.threshold_type != "PERCENTAGE" {
            reasons.push(format!(
                "has the notification `{text}`, an absolute amount; an entry's thresholds are percentages of \
                 the limit"
            ));
        }
        match n.notification_type.as_str() {
            "ACTUAL" => thresholds.push(n.threshold.to_string()),
            "FORECASTED" if n.threshold == Decimal::from(FORECAST_PERCENT) => forecast = true,
            "FORECASTED" => reasons.push(format!(
                "has the notification `{text}`; an entry's forecast alert is at {FORECAST_PERCENT}% only \
                 (forecast = true)"
            )),
            other => reasons.push(format!(
                "has a {other} notification; an entry has ACTUAL and FORECASTED ones"
            )),
        }
    }
    if !notifications.is_empty() && thresholds.is_empty() && reasons.is_empty() {
        reasons.push(
            "has a forecast notification but none on actual spend; an entry's forecast alert comes with \
             actual-spend thresholds"
                .into(),
        );
    }
    let mut targets: Option<Vec<Subscriber>> = None;
    for n in notifications {
        let mut subs = subscribers.get(n).cloned().unwrap_or_default();
        subs.sort();
        if subs.is_empty() {
            reasons.push(format!(
                "has the notification `{}` without subscribers; an entry's notifications go to its notify \
                 targets",
                n.describe()
            ));
            continue;
        }
        match &targets {
            None => targets = Some(subs),
            Some(first) => {
                if *first != subs {
                    reasons.push(
                        "sends its notifications to different subscribers; an entry sends every notification \
                         to the same notify targets"
                            .into(),
                    );
                    break;
                }
            }
        }
    }
    let mut notify = Vec::new();
    for s in targets.unwrap_or_default() {
        match s.kind.as_str() {
            "EMAIL" => notify.push(format!("email:{}", s.address)),
            "SNS" => notify.push(format!("sns:{}", s.address)),
            other => reasons.push(format!(
                "notifies a {other} subscriber ({}); an entry notifies email: and sns: targets",
                s.address
            )),
        }
    }
    if !reasons.is_empty() {
        return Err(reasons);
    }
    let spec = Spec::new(SpecInput {
        agent: agent.to_string(),
        limit: b.limit.map(|l| l.to_string()).unwrap_or_default(),
        period: Some(b.time_unit.to_ascii_lowercase()),
        thresholds: (!notify.is_empty()).then_some(thresholds),
        notify,
        forecast,
        action: None,
        spelling: CONFIG,
    })
    .map_err(|m| vec![format!("cannot be an entry: {m}")])?;
    // The proof: sync's own comparison finds nothing to change.
    let observed = Observed {
        budget: b.clone(),
        notifications: notifications.to_vec(),
        subscribers: subscribers.clone(),
        actions: None,
    };
    let p = plan(&spec, tag_key, Some(&observed));
    if p.verdict != Verdict::Unchanged {
        return Err(vec![format!(
            "would not be unchanged under `budget sync` ({} change(s)); please report this",
            p.changes.len()
        )]);
    }
    Ok(spec)
}

/// `budget import`: reads the account's budgets and judges each one on the agent tag.
pub async fn import(ctx: &AwsContext, options: &ImportOptions) -> Result<Import> {
    let account = account(ctx).await?;
    let mut result = Import {
        schema: SCHEMA_IMPORT,
        account: account.clone(),
        tag_key: options.tag_key.clone(),
        pattern: options.pattern.as_ref().map(|(p, _)| p.clone()),
        imported: Vec::new(),
        already: Vec::new(),
        skipped: Vec::new(),
        ignored: 0,
        written: None,
    };
    let mut candidates = Vec::new();
    for b in api::describe_budgets(ctx, &account).await? {
        if let Some((_, glob)) = &options.pattern
            && !glob.is_match(&b.name)
        {
            continue;
        }
        match judge_budget(&b, &options.tag_key) {
            Candidate::NotOurs => result.ignored += 1,
            _ if options.existing.contains(&b.name) => result.already.push(Already {
                agent: super::status(&b, &options.tag_key).agent,
                name: b.name.clone(),
            }),
            Candidate::Skip(s) => result.skipped.push(s),
            Candidate::Agent(agent) => candidates.push((b, agent)),
        }
    }
    let judged = aws::fan_out(candidates, 4, |(b, agent)| {
        let account = account.clone();
        async move {
            let notifications: Vec<Notification> = api::notifications(ctx, &account, &b.name)
                .await?
                .into_iter()
                .map(|n| n.notification)
                .collect();
            let mut subscribers = BTreeMap::new();
            for n in &notifications {
                subscribers.insert(n.clone(), api::subscribers(ctx, &account, &b.name, n).await?);
            }
            let verdict = judge_notifications(&b, &agent, &options.tag_key, &notifications, &subscribers);
            Ok::<_, crate::error::Error>((b, agent, verdict))
        }
    })
    .await;
    for outcome in judged {
        let (b, agent, verdict) = outcome?;
        match verdict {
            Ok(spec) => result.imported.push(Imported {
                name: b.name,
                agent,
                entry: Entry::of(&spec),
                spec,
            }),
            Err(reasons) => result.skipped.push(Skipped {
                name: b.name,
                agent: Some(agent),
                reasons,
            }),
        }
    }
    result.imported.sort_by(|a, b| a.name.cmp(&b.name));
    result.skipped.sort_by(|a, b| a.name.cmp(&b.name));
    result.already.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(result)
}

/// The entries as TOML, as `import` prints them: `[[budgets]]` tables, each after a comment naming
/// where it came from.
pub fn entries_toml(import: &Import) -> String {
    let mut doc = toml_edit::DocumentMut::new();
    let mut array = toml_edit::ArrayOfTables::new();
    for (i, imported) in import.imported.iter().enumerate() {
        let mut table = entry_table(&imported.spec);
        let blank = if i == 0 { "" } else { "\n" };
        table
            .decor_mut()
            .set_prefix(format!("{blank}{}", origin_comment(import)));
        array.push(table);
    }
    if !array.is_empty() {
        doc.insert("budgets", toml_edit::Item::ArrayOfTables(array));
    }
    doc.to_string()
}

fn origin_comment(import: &Import) -> String {
    format!(
        "# imported from account {} by `costbrake budget import`\n",
        import.account
    )
}

/// Adds the imported entries to a costbrake.toml's text, keeping everything else as written: new
/// entries go after the file's last `[[budgets]]` entry (or at the end). With `tags_agent`, a file
/// without a `[tags]` table gets `[tags] agent = ...`, so that `sync` reads the key the entries were
/// judged by. `Err` says what is wrong with the file.
pub fn merge(text: &str, import: &Import, tags_agent: Option<&str>) -> std::result::Result<String, String> {
    let mut doc: toml_edit::DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| e.message().trim().to_string())?;
    let max_position = max_position(doc.as_table());
    if let Some(key) = tags_agent
        && !doc.contains_key("tags")
    {
        let mut tags = toml_edit::Table::new();
        tags.insert("agent", toml_edit::value(key));
        tags.set_position(Some(-1));
        tags.decor_mut()
            .set_prefix("# the agent tag key the imported budgets filter on\n");
        doc.insert("tags", toml_edit::Item::Table(tags));
    }
    let fresh = !doc.contains_key("budgets");
    if fresh {
        doc.insert(
            "budgets",
            toml_edit::Item::ArrayOfTables(toml_edit::ArrayOfTables::new()),
        );
    }
    let Some(array) = doc.get_mut("budgets").and_then(|i| i.as_array_of_tables_mut()) else {
        return Err(
            "`budgets` is not a list of [[budgets]] tables; write each budget as a [[budgets]] table".into(),
        );
    };
    let empty_before = text.trim().is_empty();
    for (i, imported) in import.imported.iter().enumerate() {
        let mut table = entry_table(&imported.spec);
        let blank = if empty_before && i == 0 { "" } else { "\n" };
        table
            .decor_mut()
            .set_prefix(format!("{blank}{}", origin_comment(import)));
        if fresh {
            // No entries yet: at the end of the file rather than between its other tables.
            table.set_position(Some(max_position + 1 + i as isize));
        }
        array.push(table);
    }
    Ok(doc.to_string())
}

fn max_position(table: &toml_edit::Table) -> isize {
    let mut max = table.position().unwrap_or(0);
    for (_, item) in table.iter() {
        match item {
            toml_edit::Item::Table(t) => max = max.max(max_position(t)),
            toml_edit::Item::ArrayOfTables(a) => {
                for t in a.iter() {
                    max = max.max(max_position(t));
                }
            }
            _ => {}
        }
    }
    max
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::budgets::status::tests::record;

    fn n(kind: &str, threshold: i64) -> Notification {
        Notification::percent_over(kind, Decimal::from(threshold))
    }

    fn email(a: &str) -> Subscriber {
        Subscriber {
            kind: "EMAIL".into(),
            address: a.into(),
        }
    }

    fn judged(
        b: &BudgetRecord,
        notifications: &[Notification],
        subs: &[Subscriber],
    ) -> std::result::Result<Spec, Vec<String>> {
        let agent = match judge_budget(b, "agent-name") {
            Candidate::Agent(a) => a,
            other => panic!("{other:?}"),
        };
        let map = notifications.iter().map(|n| (n.clone(), subs.to_vec())).collect();
        judge_notifications(b, &agent, "agent-name", notifications, &map)
    }

    fn reasons(b: &BudgetRecord) -> Vec<String> {
        match judge_budget(b, "agent-name") {
            Candidate::Skip(s) => s.reasons,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_costbrake_shaped_budget_imports_with_its_notifications() {
        let b = record("costbrake-agent-research-agent", "750.5", "0", "0");
        let spec = judged(
            &b,
            &[n("ACTUAL", 80), n("ACTUAL", 100), n("FORECASTED", 100)],
            &[email("b@example.com"), email("a@example.com")],
        )
        .expect("importable");
        assert_eq!(spec.limit, Decimal::new(7505, 1));
        assert_eq!(spec.thresholds, vec![Decimal::from(80), Decimal::from(100)]);
        assert!(spec.forecast);
        assert_eq!(spec.notify.len(), 2);
        let quiet = judged(&b, &[], &[]).expect("importable");
        assert!(quiet.notify.is_empty() && !quiet.forecast);
    }

    #[test]
    fn budgets_off_the_agent_tag_are_not_ours_unless_named_so() {
        let mut b = record("team-total", "100", "0", "0");
        b.filter = Filter::None;
        assert_eq!(judge_budget(&b, "agent-name"), Candidate::NotOurs);
        b.filter = Filter::Tag {
            key: "team".into(),
            values: vec!["x".into()],
            match_options: vec![],
        };
        assert_eq!(judge_budget(&b, "agent-name"), Candidate::NotOurs);
        b.name = "costbrake-agent-x".into();
        assert!(reasons(&b)[0].contains("counts tag team = x, not the agent tag `agent-name`"));
        // The configured key decides.
        assert!(matches!(judge_budget(&b, "team"), Candidate::Agent(a) if a == "x"));
    }

    #[test]
    fn each_reason_is_specific() {
        let base = record("costbrake-agent-a", "100", "0", "0");
        let with = |f: fn(&mut BudgetRecord)| {
            let mut b = base.clone();
            f(&mut b);
            reasons(&b).join(" | ")
        };
        type Edit = fn(&mut BudgetRecord);
        let cases: [(Edit, &str); 10] = [
            (
                |b| b.name = "agent-a-budget".into(),
                "would create that one beside it",
            ),
            (
                |b| {
                    b.filter = Filter::Tag {
                        key: "agent-name".into(),
                        values: vec!["a".into(), "b".into()],
                        match_options: vec!["EQUALS".into()],
                    }
                },
                "filters on 2 agents (a, b)",
            ),
            (
                |b| {
                    b.filter = Filter::Tag {
                        key: "agent-name".into(),
                        values: vec!["a".into()],
                        match_options: vec!["CASE_INSENSITIVE".into()],
                    }
                },
                "with CASE_INSENSITIVE",
            ),
            (
                |b| {
                    b.filter = Filter::LegacyTag {
                        tag_key_values: vec!["user:agent-name$a".into()],
                    }
                },
                "legacy CostFilters (user:agent-name$a)",
            ),
            (
                |b| {
                    b.filter = Filter::Other {
                        description: "a FilterExpression beyond one tag or linked account".into(),
                        tag_keys: vec!["agent-name".into()],
                    }
                },
                "filters on more than the agent tag",
            ),
            (|b| b.budget_type = "USAGE".into(), "is a USAGE budget"),
            (|b| b.time_unit = "CUSTOM".into(), "has the period CUSTOM"),
            (
                |b| b.auto_adjust = Some("HISTORICAL".into()),
                "is auto-adjusting (historical)",
            ),
            (|b| b.planned_limits = 12, "planned limits for 12 periods"),
            (
                |b| b.metrics = vec!["AmortizedCost".into()],
                "counts AmortizedCost",
            ),
        ];
        for (f, expected) in cases {
            let text = with(f);
            assert!(text.contains(expected), "{expected}: {text}");
        }
    }

    #[test]
    fn notifications_an_entry_cannot_hold_are_reasons() {
        let b = record("costbrake-agent-a", "100", "0", "0");
        let subs = [email("a@example.com")];
        let absolute = Notification {
            threshold_type: "ABSOLUTE_VALUE".into(),
            ..n("ACTUAL", 50)
        };
        let less = Notification {
            comparison: "LESS_THAN".into(),
            ..n("ACTUAL", 50)
        };
        for (notifications, expected) in [
            (vec![absolute], "an absolute amount"),
            (vec![less], "actual < 50%"),
            (vec![n("ACTUAL", 50), n("FORECASTED", 80)], "forecasted > 80%"),
            (vec![n("FORECASTED", 100)], "none on actual spend"),
        ] {
            let text = judged(&b, &notifications, &subs).unwrap_err().join(" | ");
            assert!(text.contains(expected), "{expected}: {text}");
        }
        // Different subscribers per notification.
        let agent = "a";
        let mut map = BTreeMap::new();
        map.insert(n("ACTUAL", 50), vec![email("a@example.com")]);
        map.insert(n("ACTUAL", 100), vec![email("b@example.com")]);
        let notifications: Vec<Notification> = map.keys().cloned().collect();
        let text = judge_notifications(&b, agent, "agent-name", &notifications, &map)
            .unwrap_err()
            .join(" | ");
        assert!(text.contains("different subscribers"), "{text}");
        // More email addresses than an entry may notify.
        let many: Vec<Subscriber> = (0..11).map(|i| email(&format!("u{i}@example.com"))).collect();
        let text = judged(&b, &[n("ACTUAL", 50)], &many).unwrap_err().join(" | ");
        assert!(
            text.contains("cannot be an entry") && text.contains("at most 10"),
            "{text}"
        );
    }

    fn import_of(specs: &[Spec]) -> Import {
        Import {
            schema: SCHEMA_IMPORT,
            account: "123456789012".into(),
            tag_key: "agent-name".into(),
            pattern: None,
            imported: specs
                .iter()
                .map(|s| Imported {
                    name: s.name.clone(),
                    agent: s.agent.clone(),
                    entry: Entry::of(s),
                    spec: s.clone(),
                })
                .collect(),
            already: vec![],
            skipped: vec![],
            ignored: 0,
            written: None,
        }
    }

    fn spec(agent: &str, limit: &str, notify: &[&str]) -> Spec {
        Spec::new(SpecInput {
            agent: agent.into(),
            limit: limit.into(),
            notify: notify.iter().map(|s| s.to_string()).collect(),
            thresholds: (!notify.is_empty()).then(|| vec!["80".into(), "100".into()]),
            forecast: !notify.is_empty(),
            ..SpecInput::default()
        })
        .expect("spec")
    }

    #[test]
    fn merged_entries_keep_the_file_and_parse_back_to_the_same_specs() {
        let file = "# team budgets\n[tags]\nagent = \"agent-name\"  # the key we tag with\n\n\
                    [[budgets]]\nagent = \"old\"   # keep me\nlimit = 5\n\n[report]\nsource = \"ce\"\n";
        let specs = [
            spec("research-agent", "49.99", &["email:oncall@example.com"]),
            spec("b", "500", &[]),
        ];
        let merged = merge(file, &import_of(&specs), None).expect("merges");
        assert!(merged.starts_with(
            "# team budgets\n[tags]\nagent = \"agent-name\"  # the key we tag with\n\n[[budgets]]\nagent = \"old\"   # keep me\nlimit = 5\n"
        ), "{merged}");
        assert!(
            merged.ends_with("[report]\nsource = \"ce\"\n"),
            "new entries go after the last one: {merged}"
        );
        let config = crate::config::parse(&merged, std::path::Path::new("costbrake.toml")).expect("valid");
        assert_eq!(config.budgets.len(), 3);
        assert_eq!(config.budgets[1], specs[0]);
        assert_eq!(config.budgets[2], specs[1]);
        assert!(merged.contains("limit = 49.99\n"), "{merged}");

        // No [[budgets]] yet: at the end; a new key is written when asked for.
        let merged = merge(
            "[report]\nsource = \"ce\"\n",
            &import_of(&specs),
            Some("Agent-ID"),
        )
        .expect("merges");
        assert!(merged.starts_with("# the agent tag key"), "{merged}");
        let config = crate::config::parse(&merged, std::path::Path::new("c.toml")).expect("valid");
        assert_eq!(config.tags.agent, "Agent-ID");
        assert_eq!(config.budgets.len(), 2);
        let printed = entries_toml(&import_of(&specs));
        assert!(
            printed.starts_with("# imported from account 123456789012"),
            "{printed}"
        );
        assert_eq!(
            crate::config::parse(&printed, std::path::Path::new("p.toml"))
                .expect("valid")
                .budgets,
            specs
        );

        let err = merge("budgets = []\n", &import_of(&specs), None).unwrap_err();
        assert!(err.contains("[[budgets]]"), "{err}");
        assert!(merge("[[budgets]\n", &import_of(&specs), None).is_err());
    }

    /// The reads moto cannot serve (DescribeSubscribersForNotification), against the Budgets API
    /// reference's request and response shapes: a budget with notifications to the same targets imports
    /// with them; one whose notifications go to different subscribers is skipped, saying so.
    #[tokio::test]
    async fn notifications_and_subscribers_are_read_and_imported() {
        use aws_sdk_budgets::operation::describe_budgets::DescribeBudgetsOutput;
        use aws_sdk_budgets::operation::describe_notifications_for_budget::DescribeNotificationsForBudgetOutput;
        use aws_sdk_budgets::operation::describe_subscribers_for_notification::DescribeSubscribersForNotificationOutput;
        use aws_sdk_budgets::types as bt;
        use aws_smithy_mocks::mock;
        use serde_json::json;

        let budget = |name: &str, agent: &str| {
            bt::Budget::builder()
                .budget_name(name)
                .budget_limit(
                    bt::Spend::builder()
                        .amount("500.0")
                        .unit("USD")
                        .build()
                        .expect("spend"),
                )
                .time_unit(bt::TimeUnit::Monthly)
                .budget_type(bt::BudgetType::Cost)
                .filter_expression(
                    bt::Expression::builder()
                        .tags(
                            bt::TagValues::builder()
                                .key("agent-name")
                                .values(agent)
                                .match_options(bt::MatchOption::Equals)
                                .build(),
                        )
                        .build(),
                )
                .metrics(bt::Metric::UnblendedCost)
                .build()
                .expect("budget")
        };
        let describe = mock!(aws_sdk_budgets::Client::describe_budgets).then_output(move || {
            DescribeBudgetsOutput::builder()
                .budgets(budget("costbrake-agent-research-agent", "research-agent"))
                .budgets(budget("costbrake-agent-split", "split"))
                .build()
        });
        let notification = |kind: bt::NotificationType, t: f64| {
            bt::Notification::builder()
                .notification_type(kind)
                .comparison_operator(bt::ComparisonOperator::GreaterThan)
                .threshold(t)
                .threshold_type(bt::ThresholdType::Percentage)
                .notification_state(bt::NotificationState::Ok)
                .build()
                .expect("notification")
        };
        let notifications =
            mock!(aws_sdk_budgets::Client::describe_notifications_for_budget).then_output(move || {
                DescribeNotificationsForBudgetOutput::builder()
                    .notifications(notification(bt::NotificationType::Actual, 80.0))
                    .notifications(notification(bt::NotificationType::Actual, 100.0))
                    .notifications(notification(bt::NotificationType::Forecasted, 100.0))
                    .build()
            });
        let subscriber = |kind: bt::SubscriptionType, address: &str| {
            bt::Subscriber::builder()
                .subscription_type(kind)
                .address(address)
                .build()
                .expect("subscriber")
        };
        let same = mock!(aws_sdk_budgets::Client::describe_subscribers_for_notification)
            .match_requests(|r| r.budget_name() == Some("costbrake-agent-research-agent"))
            .then_output(move || {
                DescribeSubscribersForNotificationOutput::builder()
                    .subscribers(subscriber(
                        bt::SubscriptionType::Sns,
                        "arn:aws:sns:us-east-1:123456789012:alerts",
                    ))
                    .subscribers(subscriber(bt::SubscriptionType::Email, "oncall@example.com"))
                    .build()
            });
        let split = mock!(aws_sdk_budgets::Client::describe_subscribers_for_notification)
            .match_requests(|r| r.budget_name() == Some("costbrake-agent-split"))
            .then_output(move || {
                DescribeSubscribersForNotificationOutput::builder()
                    .subscribers(subscriber(bt::SubscriptionType::Email, "a@example.com"))
                    .build()
            });
        let split_forecast = mock!(aws_sdk_budgets::Client::describe_subscribers_for_notification)
            .match_requests(|r| {
                r.budget_name() == Some("costbrake-agent-split")
                    && r.notification()
                        .is_some_and(|n| n.notification_type() == &bt::NotificationType::Forecasted)
            })
            .then_output(move || {
                DescribeSubscribersForNotificationOutput::builder()
                    .subscribers(subscriber(bt::SubscriptionType::Email, "b@example.com"))
                    .build()
            });
        let (ctx, captured) =
            crate::aws::budgets::tests::mocked(&[&describe, &notifications, &same, &split_forecast, &split]);
        let options = ImportOptions {
            tag_key: "agent-name".into(),
            ..ImportOptions::default()
        };
        let result = import(&ctx, &options).await.expect("import");
        assert_eq!(result.imported.len(), 1, "{:?}", result.skipped);
        let spec = &result.imported[0].spec;
        assert_eq!(spec.name, "costbrake-agent-research-agent");
        assert_eq!(spec.thresholds, vec![Decimal::from(80), Decimal::from(100)]);
        assert!(spec.forecast);
        assert_eq!(
            result.imported[0].entry.notify,
            [
                "email:oncall@example.com",
                "sns:arn:aws:sns:us-east-1:123456789012:alerts"
            ]
        );
        assert_eq!(result.skipped.len(), 1);
        assert_eq!(result.skipped[0].name, "costbrake-agent-split");
        assert!(
            result.skipped[0].reasons[0].contains("different subscribers"),
            "{:?}",
            result.skipped
        );

        let requests = captured.requests();
        let ops = captured.operations();
        assert_eq!(ops[0], "DescribeBudgets");
        assert_eq!(
            requests[0].1["ShowFilterExpression"],
            json!(true),
            "else AWS leaves the filter out"
        );
        assert_eq!(
            ops.iter()
                .filter(|o| *o == "DescribeNotificationsForBudget")
                .count(),
            2
        );
        assert_eq!(
            ops.iter()
                .filter(|o| *o == "DescribeSubscribersForNotification")
                .count(),
            6
        );
        let (_, body) = requests
            .iter()
            .find(|(t, _)| t.ends_with("DescribeSubscribersForNotification"))
            .expect("a subscribers read");
        assert_eq!(body["AccountId"], "123456789012");
        assert_eq!(
            body["Notification"],
            json!({"NotificationType": "ACTUAL", "ComparisonOperator": "GREATER_THAN", "Threshold": 80.0,
                   "ThresholdType": "PERCENTAGE"})
        );
    }
}
