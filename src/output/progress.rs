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
    fn status(&self, message: &str) {
        self.0.set_message(message.to_string());
        self.0.enable_steady_tick(Duration::from_millis(120));
    }
}

/// Status lines on stderr, one per change, for waits that a CI log should show too.
#[derive(Debug)]
struct Lines(std::sync::Mutex<String>);

impl Progress for Lines {
    fn start(&self, _total: u64, _what: &str) {}
    fn inc(&self) {}
    fn finish(&self) {}
    fn status(&self, message: &str) {
        let Ok(mut last) = self.0.lock() else { return };
        if *last != message {
            eprintln!("costbrake: {message}");
            *last = message.to_string();
        }
    }
}

/// Where a long wait stands, on stderr: a spinner on a terminal, a line per change elsewhere (CI logs),
/// nothing with `--quiet`.
pub fn waiting(style: &Style) -> Box<dyn Progress> {
    if style.quiet {
        return Box::new(NoProgress);
    }
    if style.stderr_is_terminal {
        let bar = indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::stderr());
        let template = indicatif::ProgressStyle::with_template("{spinner} {msg} [{elapsed}]")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner());
        bar.set_style(template);
        return Box::new(Bar(bar));
    }
    Box::new(Lines(std::sync::Mutex::new(String::new())))
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
