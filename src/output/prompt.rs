//! Confirmation prompts: asked on stderr, answered on stdin, only when both are terminals.

use std::io::{self, BufRead, IsTerminal, Write};

/// Whether a person can be asked: stdin and stderr are both terminals.
pub fn can_prompt() -> bool {
    io::stdin().is_terminal() && io::stderr().is_terminal()
}

/// Asks on stderr and returns whether the answer typed on stdin equals `expected` exactly.
pub fn confirm_typed(question: &str, expected: &str) -> io::Result<bool> {
    let mut err = io::stderr().lock();
    write!(err, "{question} ")?;
    err.flush()?;
    let mut answer = String::new();
    io::stdin().lock().read_line(&mut answer)?;
    Ok(answer.trim() == expected)
}
