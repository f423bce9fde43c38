//! `costbrake policy tag-on-create`, `attach`, `detach`: resolve the tag keys, services and target
//! against the configuration (every input error before the first AWS request), generate the documents,
//! write or apply them, and render the result.

use super::Invocation;
use crate::cli::{
    PolicyAttachArgs, PolicyCheckArgs, PolicyCommand, PolicyDetachArgs, PolicyFormArg, PolicyGenArgs,
    PolicyTagArgs, PolicyTargetArgs,
};
use crate::error::{Error, ExitCode, Result};
use crate::{config, output, policy};

/// `costbrake policy ...`.
pub async fn run(command: PolicyCommand, inv: &Invocation<'_>) -> anyhow::Result<ExitCode> {
    match command {
        PolicyCommand::TagOnCreate(args) => tag_on_create(args, inv),
        PolicyCommand::Attach(args) => attach(args, inv).await,
        PolicyCommand::Detach(args) => detach(args, inv).await,
        PolicyCommand::Check(args) => check(args, inv).await,
    }
}

fn tag_on_create(args: PolicyTagArgs, inv: &Invocation<'_>) -> anyhow::Result<ExitCode> {
    output::ensure_supported::<policy::Generated>(inv.format)?;
    let config = inv.load_config()?;
    let form = match args.form {
        PolicyFormArg::Scp => policy::Form::Scp,
        PolicyFormArg::Iam => policy::Form::Iam,
    };
    let generated = policy::generate(&request(&args.generate, form, &config)?)?;
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

/// `--tag` keys, else the configured required tags; each one a key AWS accepts.
fn required_tags(given: &[String], config: &config::Config) -> Result<Vec<String>> {
    let tags = if given.is_empty() {
        config.tags.required.clone()
    } else {
        given.to_vec()
    };
    for key in &tags {
        config::validate_tag_key(key).map_err(|m| Error::usage(format!("--tag: {m}")))?;
    }
    Ok(tags)
}

/// The generation request of the flags, validated.
fn request(args: &PolicyGenArgs, form: policy::Form, config: &config::Config) -> Result<policy::Request> {
    let tags = required_tags(&args.tags, config)?;
    let services: Vec<String> = if args.services.is_empty() {
        policy::audited_services()
    } else {
        args.services
            .iter()
            .map(|s| s.trim().to_ascii_lowercase())
            .collect()
    };
    if services.iter().any(String::is_empty) {
        return Err(Error::usage(
            "--services has an empty entry; give services like ec2,lambda",
        ));
    }
    if let Some(pattern) = &args.value_pattern
        && (pattern.is_empty() || pattern.chars().any(char::is_control))
    {
        return Err(Error::usage(
            "--value-pattern is empty or has control characters; give a glob such as agent-*",
        ));
    }
    Ok(policy::Request {
        tags,
        services,
        all_creates: args.all_creates,
        form,
        value_pattern: args.value_pattern.clone(),
        run_scoped: args.run_scoped.then(|| config.tags.run.clone()),
    })
}

fn target(args: &PolicyTargetArgs, allow_root: bool) -> Result<policy::apply::Target> {
    match (&args.target, &args.role) {
        (Some(target), None) => policy::apply::Target::parse(target, allow_root),
        (None, Some(role)) => {
            let valid = !role.is_empty()
                && role.len() <= 64
                && role
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+=,.@_-".contains(c));
            if valid {
                Ok(policy::apply::Target::Role(role.clone()))
            } else {
                Err(Error::usage(format!(
                    "--role `{}` is not an IAM role name (letters, digits and +=,.@_-, at most 64)",
                    crate::text::escape_controls(role)
                )))
            }
        }
        _ => Err(Error::usage("give one of --target ID or --role NAME")),
    }
}

fn check_name(name: &str) -> Result<()> {
    let valid = !name.is_empty()
        && name.len() <= 120
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+=,.@_-".contains(c));
    if valid {
        Ok(())
    } else {
        Err(Error::usage(format!(
            "--name `{}` is not a policy name (letters, digits and +=,.@_-, at most 120)",
            crate::text::escape_controls(name)
        )))
    }
}

async fn attach(args: PolicyAttachArgs, inv: &Invocation<'_>) -> anyhow::Result<ExitCode> {
    output::ensure_supported::<policy::apply::Report>(inv.format)?;
    let config = inv.load_config()?;
    let target = target(&args.target, args.allow_root)?;
    check_name(&args.name)?;
    let form = match target {
        policy::apply::Target::Role(_) => policy::Form::Iam,
        _ => policy::Form::Scp,
    };
    let mut generated = policy::generate(&request(&args.generate, form, &config)?)?;
    policy::rename(&mut generated.documents, &args.name);
    let ctx = inv.aws_context().await?;
    let report = policy::apply::attach(&ctx, &target, &args.name, &generated.documents).await?;
    output::render(&report, inv.format, &inv.style)?;
    Ok(ExitCode::Success)
}

async fn detach(args: PolicyDetachArgs, inv: &Invocation<'_>) -> anyhow::Result<ExitCode> {
    output::ensure_supported::<policy::apply::Report>(inv.format)?;
    let target = target(&args.target, args.allow_root)?;
    check_name(&args.name)?;
    let ctx = inv.aws_context().await?;
    let report = policy::apply::detach(&ctx, &target, &args.name).await?;
    output::render(&report, inv.format, &inv.style)?;
    Ok(ExitCode::Success)
}

async fn check(args: PolicyCheckArgs, inv: &Invocation<'_>) -> anyhow::Result<ExitCode> {
    output::ensure_supported::<policy::check::Report>(inv.format)?;
    let config = inv.load_config()?;
    let tags = required_tags(&args.tags, &config)?;
    let (inputs, scp) = if !args.files.is_empty() {
        let mut inputs = Vec::new();
        for path in &args.files {
            let text = std::fs::read_to_string(path).map_err(|e| {
                Error::usage(format!("cannot read {}: {e}; give a policy file", path.display()))
            })?;
            inputs.push(policy::check::Input {
                source: path.display().to_string(),
                text,
            });
        }
        (inputs, !args.iam)
    } else if args.target.is_some() || args.role.is_some() {
        let target = target(
            &PolicyTargetArgs {
                target: args.target.clone(),
                role: args.role.clone(),
            },
            true,
        )?;
        let ctx = inv.aws_context().await?;
        let scp = !matches!(target, policy::apply::Target::Role(_));
        (policy::apply::read(&ctx, &target).await?, scp)
    } else {
        return Err(Error::usage("give policy files, --target ID or --role NAME to check").into());
    };
    let report = policy::check::check(&inputs, &tags, scp)?;
    output::render(&report, inv.format, &inv.style)?;
    Ok(if report.passes() {
        ExitCode::Success
    } else {
        ExitCode::Findings
    })
}
