//! `costbrake policy tag-on-create`: the generated documents, snapshotted, and their limits checked on
//! the files `--out` writes.

use crate::harness::Test;

#[test]
fn the_default_scp_is_stable_minified_and_within_the_limit() {
    let out = Test::new().args(["policy", "tag-on-create", "-o", "json"]).run();
    let generated = out.json();
    assert_eq!(generated["schema"], "costbrake.policy/v1");
    insta::assert_json_snapshot!("policy_tag_on_create_scp", generated);
    let table = Test::new().args(["policy", "tag-on-create"]).run();
    insta::assert_snapshot!("policy_tag_on_create_table", table.stdout);
}

#[test]
fn the_iam_form_run_scoped_is_stable() {
    let out = Test::new()
        .args([
            "policy",
            "tag-on-create",
            "--form",
            "iam",
            "--run-scoped",
            "--services",
            "ec2,lambda",
            "--tag",
            "agent-run-id",
            "--value-pattern",
            "run-*",
            "-o",
            "json",
        ])
        .run();
    insta::assert_json_snapshot!("policy_tag_on_create_iam_run_scoped", out.json());
}

#[test]
fn out_writes_one_minified_document_per_file_within_the_limits() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out_dir = dir.path().join("p");
    let out = Test::new()
        .args([
            "policy",
            "tag-on-create",
            "--all-creates",
            "--services",
            "ec2",
            "--out",
        ])
        .arg(&out_dir)
        .run();
    assert!(out.stderr.contains("wrote "), "{}", out.stderr);
    assert!(
        out.stderr.contains("at most 5"),
        "the 5-SCP limit is named: {}",
        out.stderr
    );
    let mut files: Vec<_> = std::fs::read_dir(&out_dir)
        .expect("out dir")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    assert!(files.len() > 1, "EC2's creates need several SCPs: {files:?}");
    for file in files {
        let text = std::fs::read_to_string(&file).expect("document");
        let body = text.trim_end();
        assert!(
            body.len() <= 5120,
            "{} is {} characters",
            file.display(),
            body.len()
        );
        let doc: serde_json::Value = serde_json::from_str(body).expect("JSON");
        assert_eq!(
            body,
            doc.to_string(),
            "minified: no whitespace to count against the limit"
        );
        assert_eq!(doc["Version"], "2012-10-17");
        for statement in doc["Statement"].as_array().expect("statements") {
            // CreateImage may be denied on the image it makes; a launch never on the image it starts from.
            if statement["Action"].to_string().contains("\"ec2:RunInstances\"") {
                let resources = statement["Resource"].to_string();
                for never in [":image/", ":subnet/", ":security-group/"] {
                    assert!(!resources.contains(never), "{resources}");
                }
            }
        }
    }
}

#[test]
fn bad_policy_input_exits_2_on_one_line() {
    for (args, needle) in [
        (
            vec!["policy", "tag-on-create", "--services", "ec3"],
            "did you mean ec2",
        ),
        (
            vec!["policy", "tag-on-create", "--services", "ec2,,s3"],
            "empty entry",
        ),
        (vec!["policy", "tag-on-create", "--tag", "aws:thing"], "reserved"),
        (
            vec!["policy", "tag-on-create", "--value-pattern", ""],
            "--value-pattern",
        ),
        (vec!["policy", "tag-on-create", "--form", "xml"], "--form"),
        (vec!["policy", "tag-on-create", "-o", "csv"], "--output csv"),
    ] {
        let line = Test::new().args(args.clone()).error_line(2);
        assert!(line.contains(needle), "{args:?}: {line}");
    }
}
