//! `costbrake completions SHELL` and `costbrake man` (both hidden): the generated files that
//! `scripts/gen-completions.sh` commits.

use crate::cli::CompletionsArgs;
use crate::error::ExitCode;
use crate::{completions, output};

pub fn completions(args: CompletionsArgs) -> anyhow::Result<ExitCode> {
    output::write_stdout("writing completions to stdout", |out| {
        completions::write_completions(args.shell, out)
    })?;
    Ok(ExitCode::Success)
}

pub fn man() -> anyhow::Result<ExitCode> {
    output::write_stdout("writing the man page to stdout", completions::write_man)?;
    Ok(ExitCode::Success)
}
