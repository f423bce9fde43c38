//! Progress on stderr while a command lists or changes many things, only on a terminal and never with
//! `--quiet`: the output layer's implementation of [`crate::progress::Progress`].

use std::time::Duration;

use super::Style;
use crate::progress::{NoProgress, Progress};

/// A bar on stderr.
#[derive(Debug)]
struct Bar(indicatif::ProgressBar);

impl Progress for Bar {
    fn start(&self, total: u64, what: &str) {
        self.0.set_length(total);
        self.0.set_message(what.to_string());
        self.0.enable_steady_tick(Duration::from_millis(120));
    }
    fn inc(&self) {
        self.0.inc(1);
    }
    fn finish(&self) {
        self.0.finish_and_clear();
    }
}

/// A progress bar when stderr is a terminal and not `--quiet`, else nothing.
pub fn progress(style: &Style) -> Box<dyn Progress> {
    if !style.stderr_is_terminal || style.quiet {
        return Box::new(NoProgress);
    }
    let bar = indicatif::ProgressBar::with_draw_target(Some(0), indicatif::ProgressDrawTarget::stderr());
    let template = indicatif::ProgressStyle::with_template("{spinner} {msg} {pos}/{len} calls [{elapsed}]")
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner());
    bar.set_style(template);
    Box::new(Bar(bar))
}
