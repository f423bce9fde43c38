//! `costbrake policy tag-on-create`: resolve the tag keys and services against the configuration,
//! generate the documents, write them where `--out` says, and render the result.

use super::Invocation;
use crate::cli::{PolicyCommand, PolicyFormArg, PolicyTagArgs};
use crate::error::{Error, ExitCode};
use crate::{config, output, policy};

/// `costbrake policy ...`.
pub fn run(command: PolicyCommand, inv: &Invocation<'_>) -> anyhow::Result<ExitCode> {
    match command {
        PolicyCommand::TagOnCreate(args) => tag_on_create(args, inv),
    }
}

fn tag_on_create(args: PolicyTagArgs, inv: &Invocation<'_>) -> anyhow::Result<ExitCode> {
    output::ensure_supported::<policy::Generated>(inv.format)?;
    let config = inv.load_config()?;
    let tags = if args.tags.is_empty() {
        config.tags.required.clone()
    } else {
        args.tags.clone()
    };
    for key in &tags {
        config::validate_tag_key(key).map_err(|m| Error::usage(format!("--tag: {m}")))?;
    }
    let services: Vec<String> = if args.services.is_empty() {
        policy::audited_services()
    } else {
        args.services
            .iter()
            .map(|s| s.trim().to_ascii_lowercase())
            .collect()
    };
    if services.iter().any(String::is_empty) {
        return Err(Error::usage("--services has an empty entry; give services like ec2,lambda").into());
    }
    if let Some(pattern) = &args.value_pattern
        && (pattern.is_empty() || pattern.chars().any(char::is_control))
    {
        return Err(Error::usage(
            "--value-pattern is empty or has control characters; give a glob such as agent-*",
        )
        .into());
    }
    let request = policy::Request {
        tags,
        services,
        all_creates: args.all_creates,
        form: match args.form {
            PolicyFormArg::Scp => policy::Form::Scp,
            PolicyFormArg::Iam => policy::Form::Iam,
        },
        value_pattern: args.value_pattern.clone(),
        run_scoped: args.run_scoped.then(|| config.tags.run.clone()),
    };
    let generated = policy::generate(&request)?;
    if let Some(dir) = &args.out {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(format!("creating {}", dir.display()), e))?;
        for doc in &generated.documents {
            let path = dir.join(format!("{}.json", doc.name));
            std::fs::write(&path, format!("{}\n", doc.policy))
                .map_err(|e| Error::io(format!("writing {}", path.display()), e))?;
        }
        output::note(
            &inv.style,
            &format!(
                "wrote {} document(s) to {}",
                generated.documents.len(),
                dir.display()
            ),
        );
    }
    output::render(&generated, inv.format, &inv.style)?;
    for note in &generated.notes {
        output::warn(&inv.style, note);
    }
    Ok(ExitCode::Success)
}
