//! What a long-running capability reports while it lists or changes many things. Capabilities own this
//! trait and call it; the output layer implements it (a bar on a terminal, nothing elsewhere), so
//! capabilities never know how, or whether, progress is drawn.

/// Progress of a task with a known number of steps.
pub trait Progress: Sync {
    fn start(&self, total: u64, what: &str);
    fn inc(&self);
    fn finish(&self);
    /// Where a long wait stands (`account creation: IN_PROGRESS, 40 s`), for a task without steps.
    fn status(&self, _message: &str) {}
}

/// Draws nothing: for pipes, CI logs, `--quiet` and tests.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoProgress;

impl Progress for NoProgress {
    fn start(&self, _total: u64, _what: &str) {}
    fn inc(&self) {}
    fn finish(&self) {}
}
