//! `--accounts` against moto's Organizations and STS: audit, kill, undo, status, doctor and run list
//! over member accounts, each entered through its `OrganizationAccountAccessRole` (moto creates it in
//! every account `CreateAccount` makes, as AWS does), with resources seeded in each account through
//! that role. State is asserted in each account after every command.
//!
//! Where moto differs from AWS the test says so, and AWS wins: moto hands out credentials for any role
//! ARN, the role need not exist; scripts/moto_server.py (fix 12) refuses AssumeRole of a missing role
//! with AccessDenied as AWS does, so an account whose role was deleted is the account "without the
//! role". moto does not evaluate the role's trust policy.

use std::collections::BTreeMap;

use aws_config::SdkConfig;
use serde_json::Value;

use crate::fixtures::seed;
use crate::fixtures::state::instance_state;
use crate::harness::{ACCOUNT, Moto, Sandbox, recorded_assume_roles};

const ROLE: &str = "OrganizationAccountAccessRole";

/// An organization with three member accounts; the third's role is deleted. Returns the ids, sorted.
async fn organization(sandbox: &Sandbox) -> [String; 3] {
    let orgs = aws_sdk_organizations::Client::new(&sandbox.sdk("us-east-1").await);
    orgs.create_organization()
        .feature_set(aws_sdk_organizations::types::OrganizationFeatureSet::All)
        .send()
        .await
        .expect("create organization in moto");
    let mut ids = Vec::new();
    for name in ["team-a", "team-b", "team-c"] {
        let id = orgs
            .create_account()
            .account_name(name)
            .email(format!("{name}@example.com"))
            .send()
            .await
            .expect("create account in moto")
            .create_account_status()
            .and_then(|s| s.account_id())
            .expect("moto creates the account at once")
            .to_string();
        ids.push(id);
    }
    // In id order, as costbrake reports accounts; the last one loses its role.
    ids.sort();
    let third = member(sandbox, &ids[2]).await;
    aws_sdk_iam::Client::new(&third)
        .delete_role()
        .role_name(ROLE)
        .send()
        .await
        .expect("delete the third account's role");
    [ids[0].clone(), ids[1].clone(), ids[2].clone()]
}

/// An SDK configuration acting in `account` through its organization role.
async fn member(sandbox: &Sandbox, account: &str) -> SdkConfig {
    let base = sandbox.sdk("us-east-1").await;
    let creds = aws_sdk_sts::Client::new(&base)
        .assume_role()
        .role_arn(format!("arn:aws:iam::{account}:role/{ROLE}"))
        .role_session_name("seed")
        .send()
        .await
        .expect("assume the member role in moto")
        .credentials
        .expect("credentials");
    base.to_builder()
        .credentials_provider(aws_credential_types::provider::SharedCredentialsProvider::new(
            aws_sdk_sts::config::Credentials::new(
                creds.access_key_id,
                creds.secret_access_key,
                Some(creds.session_token),
                None,
                "costbrake-tests",
            ),
        ))
        .build()
}

fn ids_of(findings: &Value, account: &str) -> Vec<String> {
    let mut ids: Vec<String> = findings
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["account"] == account)
        .map(|f| f["id"].as_str().expect("id").to_string())
        .collect();
    ids.sort();
    ids
}

#[tokio::test]
async fn an_audit_over_accounts_finds_each_accounts_resources_and_a_missing_role_is_a_gap() {
    let sandbox = Sandbox::new();
    let [a, b, c] = organization(&sandbox).await;
    let mut seeded: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for account in [&a, &b] {
        let sdk = member(&sandbox, account).await;
        let mut lacking = vec![
            seed::instance(&sdk, &[("agent-name", "bot")]).await,
            seed::instance(&sdk, &[]).await,
        ];
        seed::instance(&sdk, &[("agent-name", "bot"), ("agent-run-id", "r1")]).await;
        lacking.sort();
        seeded.insert(account.clone(), lacking);
    }
    // The caller's own account has one too: `org` includes it, entered with the caller's credentials.
    let own = seed::instance(&sandbox.sdk("us-east-1").await, &[]).await;

    let accounts = format!("{a},{b},{c}");
    let out = sandbox
        .test()
        .args([
            "audit",
            "--types",
            "ec2:instance",
            "-o",
            "json",
            "--accounts",
            &accounts,
        ])
        .status(4)
        .run();
    let report = out.json();
    for account in [&a, &b] {
        assert_eq!(ids_of(&report["findings"], account), seeded[account], "{account}");
    }
    for f in report["findings"].as_array().unwrap() {
        let arn = f["arn"].as_str().unwrap();
        assert!(
            arn.contains(&format!(":{}:", f["account"].as_str().unwrap())),
            "a finding's ARN is its account's: {arn}"
        );
    }
    assert!(
        ids_of(&report["findings"], ACCOUNT).is_empty(),
        "the caller's account was not asked for"
    );
    let gaps = report["gaps"].as_array().expect("gaps");
    assert_eq!(gaps.len(), 1, "{gaps:?}");
    assert_eq!(gaps[0]["account"], c.as_str());
    assert_eq!(gaps[0]["source"], "sts:AssumeRole");
    assert!(
        gaps[0]["error"].as_str().unwrap().contains("AccessDenied"),
        "{}",
        gaps[0]
    );
    let entered: Vec<(&str, bool)> = report["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| (x["id"].as_str().unwrap(), x["entered"].as_bool().unwrap()))
        .collect();
    assert_eq!(
        entered,
        [(a.as_str(), true), (b.as_str(), true), (c.as_str(), false)]
    );
    assert!(out.stderr.contains(&format!("account {c}")), "{}", out.stderr);
    assert_eq!(report["summary"]["non_compliant"], 4);

    // --allow-partial: the findings' exit code, not the gap's.
    sandbox
        .test()
        .args([
            "audit",
            "--types",
            "ec2:instance",
            "--allow-partial",
            "--accounts",
            &accounts,
        ])
        .status(1)
        .run();

    // `org`: every ACTIVE account, the caller's own included (no role: its own credentials).
    let org = sandbox
        .test()
        .args([
            "audit",
            "--types",
            "ec2:instance",
            "-o",
            "json",
            "--accounts",
            "org",
        ])
        .status(4)
        .run()
        .json();
    assert_eq!(ids_of(&org["findings"], ACCOUNT), [own]);
    let own_row = org["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == ACCOUNT)
        .expect("the caller's account is in `org`");
    assert_eq!(own_row["via"], "caller");
    assert_eq!(org["accounts"].as_array().unwrap().len(), 4);

    // CI formats name the account: a CSV column, SARIF properties and artifact paths, JUnit suites.
    let csv = sandbox
        .test()
        .args([
            "audit",
            "--types",
            "ec2:instance",
            "-o",
            "csv",
            "--accounts",
            &accounts,
        ])
        .status(4)
        .run()
        .stdout;
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let column = headers
        .iter()
        .position(|h| h == "account")
        .expect("an account column");
    let mut per_account: BTreeMap<String, usize> = BTreeMap::new();
    for row in reader.records() {
        *per_account.entry(row.unwrap()[column].to_string()).or_default() += 1;
    }
    assert_eq!(per_account, BTreeMap::from([(a.clone(), 2), (b.clone(), 2)]));
    let sarif: Value = serde_json::from_str(
        &sandbox
            .test()
            .args([
                "audit",
                "--types",
                "ec2:instance",
                "-o",
                "sarif",
                "--accounts",
                &accounts,
            ])
            .status(4)
            .run()
            .stdout,
    )
    .unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(results.iter().all(|r| {
        let account = r["properties"]["account"].as_str().unwrap();
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .starts_with(&format!("aws/{account}/"))
    }));
    let junit = sandbox
        .test()
        .args([
            "audit",
            "--types",
            "ec2:instance",
            "-o",
            "junit",
            "--accounts",
            &accounts,
        ])
        .status(4)
        .run()
        .stdout;
    assert!(
        junit.contains(&format!("testsuite name=\"{a} us-east-1 ec2:instance\"")),
        "{junit}"
    );
    assert!(
        junit.contains(&format!("sts:AssumeRole account {c} global")),
        "{junit}"
    );
}

#[tokio::test]
async fn one_assume_role_per_account_however_many_regions_and_sources() {
    let recording = tempfile::NamedTempFile::new().expect("recording file");
    let sandbox = Sandbox::with_moto(Moto::start_recording(recording.path()));
    let [a, b, _] = organization(&sandbox).await;
    let before = recorded_assume_roles(recording.path()).len();
    sandbox
        .test()
        .args([
            "audit",
            "--regions",
            "us-east-1,eu-west-1,ap-south-1",
            "--exit-zero",
        ])
        .args(["--accounts", &format!("{a},{b}")])
        .run();
    let mut roles: Vec<String> = recorded_assume_roles(recording.path())[before..]
        .iter()
        .filter_map(|fields| {
            fields
                .iter()
                .find(|(k, _)| k == "RoleArn")
                .map(|(_, v)| v.clone())
        })
        .collect();
    roles.sort();
    assert_eq!(
        roles,
        [
            format!("arn:aws:iam::{a}:role/{ROLE}"),
            format!("arn:aws:iam::{b}:role/{ROLE}")
        ],
        "one AssumeRole per account for 3 regions × every source"
    );
}

#[tokio::test]
async fn a_kill_over_accounts_stops_each_accounts_agent_and_undo_restores_each_exactly() {
    let sandbox = Sandbox::new();
    let [a, b, c] = organization(&sandbox).await;
    let mut bot = BTreeMap::new();
    let mut other = BTreeMap::new();
    let mut idle = BTreeMap::new();
    for account in [&a, &b] {
        let sdk = member(&sandbox, account).await;
        bot.insert(
            account.clone(),
            seed::instance(&sdk, &[("agent-name", "bot")]).await,
        );
        other.insert(
            account.clone(),
            seed::instance(&sdk, &[("agent-name", "other")]).await,
        );
        // Stopped before the kill: undo must leave it stopped.
        let stopped = seed::instance(&sdk, &[("agent-name", "bot")]).await;
        aws_sdk_ec2::Client::new(&sdk)
            .stop_instances()
            .instance_ids(&stopped)
            .send()
            .await
            .expect("stop in moto");
        idle.insert(account.clone(), stopped);
    }
    let accounts = format!("{a},{b}");

    // The size limit holds over every account together: 2 to stop, one in each, is above 1.
    let line = sandbox
        .test()
        .args(["kill", "--agent", "bot", "--yes", "--max-resources", "1"])
        .args(["--accounts", &accounts])
        .error_line(2);
    assert!(line.contains("over 2 accounts"), "{line}");
    for account in [&a, &b] {
        let sdk = member(&sandbox, account).await;
        assert_eq!(
            instance_state(&sdk, &bot[account]).await,
            "running",
            "nothing was changed"
        );
    }

    let kill = sandbox
        .test()
        .args([
            "kill",
            "--agent",
            "bot",
            "--yes",
            "-o",
            "json",
            "--accounts",
            &accounts,
        ])
        .run()
        .json();
    assert_eq!(kill["done"], 2, "{kill}");
    let id = kill["id"].as_str().expect("kill id").to_string();
    for account in [&a, &b] {
        let sdk = member(&sandbox, account).await;
        assert_eq!(instance_state(&sdk, &bot[account]).await, "stopped", "{account}");
        assert_eq!(
            instance_state(&sdk, &other[account]).await,
            "running",
            "{account}"
        );
        assert_eq!(instance_state(&sdk, &idle[account]).await, "stopped", "{account}");
        let journal = sandbox
            .dir()
            .join(format!(".local/share/costbrake/kills/{id}@{account}.jsonl"));
        let text = std::fs::read_to_string(&journal).expect("a journal per account");
        assert!(
            text.contains(&bot[account]),
            "{account}'s journal records its instance"
        );
        let other_account = if account == &a { &b } else { &a };
        assert!(
            !text.contains(&bot[other_account]),
            "and nothing of the other account's"
        );
    }

    let status = sandbox
        .test()
        .args([
            "kill",
            "status",
            "-o",
            "json",
            "--accounts",
            &format!("{accounts},{c}"),
        ])
        .status(4)
        .run()
        .json();
    assert_eq!(status["kills"][0]["kill_id"], id.as_str());
    assert_eq!(status["kills"][0]["resources"], 2);
    assert_eq!(status["gaps"][0]["account"], c.as_str());

    let undo = sandbox
        .test()
        .args([
            "kill",
            "undo",
            "--agent",
            "bot",
            "--yes",
            "-o",
            "json",
            "--accounts",
            &accounts,
        ])
        .run()
        .json();
    assert_eq!(undo["done"], 2, "{undo}");
    for account in [&a, &b] {
        let sdk = member(&sandbox, account).await;
        assert_eq!(instance_state(&sdk, &bot[account]).await, "running", "{account}");
        assert_eq!(
            instance_state(&sdk, &other[account]).await,
            "running",
            "{account}"
        );
        assert_eq!(
            instance_state(&sdk, &idle[account]).await,
            "stopped",
            "exactly the prior state"
        );
        let tags = aws_sdk_ec2::Client::new(&sdk)
            .describe_tags()
            .filters(
                aws_sdk_ec2::types::Filter::builder()
                    .name("resource-id")
                    .values(&bot[account])
                    .build(),
            )
            .send()
            .await
            .expect("tags in moto");
        assert!(
            tags.tags()
                .iter()
                .all(|t| !t.key().unwrap_or_default().starts_with("costbrake:")),
            "the markers are gone in {account}"
        );
    }
}

#[tokio::test]
async fn doctor_checks_every_accounts_role_in_one_table() {
    let sandbox = Sandbox::new();
    let [a, b, c] = organization(&sandbox).await;
    let out = sandbox
        .test()
        .args(["doctor", "-o", "json", "--accounts", &format!("{a},{b},{c}")])
        .any_status()
        .run();
    assert_eq!(out.code, Some(4), "{}", out.stderr);
    let report = out.json();
    let rows: Vec<(&str, &str)> = report["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["id"].as_str().unwrap(), r["status"].as_str().unwrap()))
        .collect();
    assert_eq!(
        rows,
        [(a.as_str(), "pass"), (b.as_str(), "pass"), (c.as_str(), "fail")]
    );
    assert_eq!(
        report["accounts"][0]["identity"],
        format!("arn:aws:sts::{a}:assumed-role/{ROLE}/costbrake")
    );
    let table = sandbox
        .test()
        .args(["doctor", "--accounts", &format!("{a},{c}")])
        .status(4)
        .run();
    assert!(table.stdout.contains("FAIL"), "{}", table.stdout);
    assert!(
        table.stderr.contains(&format!("cannot be entered: {c}")),
        "{}",
        table.stderr
    );
}

#[tokio::test]
async fn run_list_shows_the_runs_of_the_accounts_asked_for() {
    let sandbox = Sandbox::new();
    let [a, b, _] = organization(&sandbox).await;
    sandbox
        .test()
        .args(["run", "--agent", "bot", "--run-id", "r-in-a", "--on-exit", "none"])
        .args(["--role", &format!("arn:aws:iam::{a}:role/{ROLE}"), "--", "true"])
        .run();
    let listing = |accounts: &str| -> Vec<String> {
        sandbox
            .test()
            .args(["run", "list", "-o", "json", "--accounts", accounts])
            .run()
            .json()["runs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["run_id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(listing(&a), ["r-in-a"]);
    assert!(listing(&b).is_empty());
    assert_eq!(listing("org"), ["r-in-a"]);
}

#[test]
fn bad_accounts_input_is_a_one_line_usage_error_before_any_request() {
    let sandbox = Sandbox::new();
    for (args, needle) in [
        (vec!["audit", "--accounts", "12345"], "12-digit"),
        (vec!["audit", "--accounts", "org,111111111111"], "alone"),
        (vec!["audit", "--accounts", "ou:banana"], "OU id"),
        (
            vec!["kill", "--agent", "a", "--yes", "--accounts", "111111111111,"],
            "empty entry",
        ),
        (
            vec![
                "kill",
                "status",
                "--accounts",
                "111111111111",
                "--role-name",
                "no spaces",
            ],
            "--role-name",
        ),
        (vec!["doctor", "--role-name", "x"], "--accounts"),
    ] {
        let line = sandbox.test().args(&args).error_line(2);
        assert!(line.contains(needle), "{args:?}: {line}");
    }
    assert_eq!(sandbox.moto.requests(), 0, "nothing was asked of AWS");
}

#[tokio::test]
async fn per_account_overrides_choose_the_role_the_regions_and_leave_accounts_out() {
    let sandbox = Sandbox::new();
    let [a, b, c] = organization(&sandbox).await;
    // a: only eu-west-1 is read there; b: entered through a role of its own (with an external id);
    // c (no role): excluded, so no gap; the caller's account: a profile whose keys are not its own.
    let a_sdk = member(&sandbox, &a).await;
    let east = seed::instance(&a_sdk, &[("agent-name", "bot")]).await;
    let a_west = member(&sandbox, &a)
        .await
        .to_builder()
        .region(aws_config::Region::new("eu-west-1"))
        .build();
    let west = seed::instance(&a_west, &[("agent-name", "bot")]).await;
    let b_sdk = member(&sandbox, &b).await;
    aws_sdk_iam::Client::new(&b_sdk)
        .create_role()
        .role_name("costbrake-audit")
        .assume_role_policy_document(format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::{ACCOUNT}:root"}},"Action":"sts:AssumeRole","Condition":{{"StringEquals":{{"sts:ExternalId":"ext-42"}}}}}}]}}"#
        ))
        .send()
        .await
        .expect("create the audit role in b");
    let in_b = seed::instance(&b_sdk, &[]).await;
    sandbox.write(
        "costbrake.toml",
        &format!(
            r#"
[accounts]
exclude = ["{c}"]

[[accounts.account]]
id = "{a}"
name = "team a"
regions = ["eu-west-1"]

[[accounts.account]]
id = "{b}"
role_arn = "arn:aws:iam::{b}:role/costbrake-audit"
external_id = "ext-42"
"#
        ),
    );
    let report = sandbox
        .test()
        .args(["audit", "--types", "ec2:instance", "-o", "json", "--exit-zero"])
        .args(["--regions", "us-east-1", "--accounts", &format!("{a},{b},{c}")])
        .run()
        .json();
    assert_eq!(
        ids_of(&report["findings"], &a),
        [west],
        "a is read in its own regions only"
    );
    assert_eq!(ids_of(&report["findings"], &b), [in_b]);
    assert!(
        report["gaps"].as_array().unwrap().is_empty(),
        "c is left out, not a gap"
    );
    let accounts = report["accounts"].as_array().unwrap();
    assert_eq!(accounts.len(), 2);
    let b_row = accounts.iter().find(|r| r["id"] == b.as_str()).unwrap();
    assert_eq!(b_row["with"], format!("arn:aws:iam::{b}:role/costbrake-audit"));
    let a_row = accounts.iter().find(|r| r["id"] == a.as_str()).unwrap();
    assert_eq!(a_row["name"], "team a");

    // A profile is entered with its own credentials (here a member session of a), not the
    // environment's; one whose credentials belong to another account is a gap, not an audit of the
    // wrong account under the right one's name.
    let creds = aws_sdk_sts::Client::new(&sandbox.sdk("us-east-1").await)
        .assume_role()
        .role_arn(format!("arn:aws:iam::{a}:role/{ROLE}"))
        .role_session_name("profile")
        .send()
        .await
        .expect("a member session")
        .credentials
        .expect("credentials");
    sandbox.write(
        ".aws/credentials",
        &format!(
            "[team-a]\naws_access_key_id = {}\naws_secret_access_key = {}\naws_session_token = {}\n\
             [elsewhere]\naws_access_key_id = testing\naws_secret_access_key = testing\n",
            creds.access_key_id, creds.secret_access_key, creds.session_token
        ),
    );
    sandbox.write(
        "costbrake.toml",
        &format!(
            "[[accounts.account]]\nid = \"{a}\"\nprofile = \"team-a\"\n\
             [[accounts.account]]\nid = \"{b}\"\nprofile = \"elsewhere\"\n"
        ),
    );
    let out = sandbox
        .test()
        .args([
            "audit",
            "--types",
            "ec2:instance",
            "-o",
            "json",
            "--regions",
            "us-east-1",
        ])
        .args(["--accounts", &format!("{a},{b}")])
        .status(4)
        .run();
    let report = out.json();
    assert_eq!(
        ids_of(&report["findings"], &a),
        [east],
        "the profile's own account"
    );
    assert!(ids_of(&report["findings"], &b).is_empty());
    let gaps = report["gaps"].as_array().unwrap();
    assert_eq!(gaps.len(), 1, "{gaps:?}");
    assert_eq!(gaps[0]["account"], b.as_str());
    assert!(
        gaps[0]["error"]
            .as_str()
            .unwrap()
            .contains(&format!("credentials of account {ACCOUNT}")),
        "{}",
        gaps[0]
    );
}

#[tokio::test]
async fn an_ou_covers_its_accounts_through_child_ous_and_org_only_active_ones() {
    let sandbox = Sandbox::new();
    let [a, b, c] = organization(&sandbox).await;
    let orgs = aws_sdk_organizations::Client::new(&sandbox.sdk("us-east-1").await);
    let root = orgs.list_roots().send().await.expect("roots").roots()[0]
        .id()
        .expect("root id")
        .to_string();
    let ou = |parent: String, name: &'static str| {
        let orgs = orgs.clone();
        async move {
            orgs.create_organizational_unit()
                .parent_id(parent)
                .name(name)
                .send()
                .await
                .expect("create OU in moto")
                .organizational_unit()
                .and_then(|u| u.id())
                .expect("OU id")
                .to_string()
        }
    };
    let agents = ou(root.clone(), "agents").await;
    let nested = ou(agents.clone(), "research").await;
    for (account, to) in [(&a, &agents), (&b, &nested)] {
        orgs.move_account()
            .account_id(account)
            .source_parent_id(&root)
            .destination_parent_id(to)
            .send()
            .await
            .expect("move account in moto");
    }
    for account in [&a, &b] {
        seed::instance(&member(&sandbox, account).await, &[]).await;
    }
    // ou: the OU's own account and its child OU's, nothing at the root (c, the caller's).
    let report = sandbox
        .test()
        .args(["audit", "--types", "ec2:instance", "-o", "json", "--exit-zero"])
        .args(["--accounts", &format!("ou:{agents}")])
        .run()
        .json();
    let ids: Vec<&str> = report["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [a.as_str(), b.as_str()]);
    // Ids are random and sorted, so b's name is whichever Organizations gave it.
    let b_name = orgs
        .describe_account()
        .account_id(&b)
        .send()
        .await
        .expect("describe account in moto")
        .account()
        .and_then(|x| x.name())
        .expect("a name")
        .to_string();
    assert_eq!(
        report["accounts"][1]["name"],
        b_name.as_str(),
        "named from Organizations"
    );

    // `org` leaves out an account that is not ACTIVE: closing, it is neither entered nor a gap.
    orgs.close_account()
        .account_id(&c)
        .send()
        .await
        .expect("close in moto");
    let report = sandbox
        .test()
        .args(["audit", "--types", "ec2:instance", "-o", "json", "--exit-zero"])
        .args(["--accounts", "org"])
        .run()
        .json();
    let ids: Vec<&str> = report["accounts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert!(!ids.contains(&c.as_str()), "{ids:?}");
    assert!(ids.contains(&ACCOUNT) && ids.contains(&a.as_str()));
    assert!(report["gaps"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn the_typed_confirmation_names_how_many_accounts_a_kill_touches() {
    let sandbox = Sandbox::new();
    let [a, b, _] = organization(&sandbox).await;
    let mut bots = Vec::new();
    for account in [&a, &b] {
        let sdk = member(&sandbox, account).await;
        bots.push((sdk.clone(), seed::instance(&sdk, &[("agent-name", "bot")]).await));
        seed::instance(&sdk, &[("agent-name", "other")]).await;
    }
    let accounts = format!("{a},{b}");
    sandbox
        .test()
        .args(["kill", "--agent", "bot", "--accounts", &accounts])
        .on_terminal()
        .stdin("no\n")
        .status(2)
        .stdout_has("type `bot` to stop 2 resources in 2 accounts")
        .stdout_has("nothing was changed")
        .run();
    for (sdk, id) in &bots {
        assert_eq!(instance_state(sdk, id).await, "running");
    }
    sandbox
        .test()
        .args(["kill", "--agent", "bot", "--accounts", &accounts])
        .on_terminal()
        .stdin("bot\n")
        .run();
    for (sdk, id) in &bots {
        assert_eq!(instance_state(sdk, id).await, "stopped");
    }
}
