//! Snapshots of real outputs: insta settings whose filters redact what changes from run to run (ids
//! moto draws at random, kill ids, hashes, the sandbox's paths and port), so that what is left is the
//! output's contract, and a change to it shows up as a diff.

use super::Sandbox;

/// Redactions every output snapshot needs. Add a test's own (dates it computed, say) with
/// `settings.add_filter`, then `settings.bind(|| insta::assert_snapshot!(..))` in the test itself: the
/// snapshot's name is taken from the module the macro is written in.
pub fn redacted(sandbox: &Sandbox) -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    // The sandbox: its temporary directory (HOME and working directory), its moto's address.
    let dir = sandbox.dir().to_string_lossy().into_owned();
    settings.add_filter(&literal(&dir), "[sandbox]");
    settings.add_filter(&literal(&sandbox.moto.endpoint), "[moto]");
    // Placeholders as wide as what they replace, so that table columns stay aligned.
    for (pattern, replacement) in [
        // EC2 ids: 17 hex digits after the prefix, in moto as in AWS.
        (r"\bi-[0-9a-f]{17}\b", "i-XXXXXXXXXXXXXXXXX"),
        (r"\bvol-[0-9a-f]{17}\b", "vol-XXXXXXXXXXXXXXXXX"),
        // A kill id: the time it started and a random suffix.
        (
            r"\bkill-\d{8}t\d{6}z-[0-9a-f]{6}\b",
            "kill-yyyymmddthhmmssz-xxxxxx",
        ),
        // Hashes and fingerprints.
        (r"\b[0-9a-f]{64}\b", "[sha256]"),
        // UUIDs (in Auto Scaling group ARNs, for one).
        (
            r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b",
            "XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX",
        ),
        // Timestamps, to the second; any fraction and offset after them go too.
        (
            r"\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?",
            "YYYY-MM-DDTHH:MM:SSZ",
        ),
    ] {
        settings.add_filter(pattern, replacement);
    }
    settings
}

/// A regular expression matching `text` literally.
fn literal(text: &str) -> String {
    text.chars().fold(String::new(), |mut out, c| {
        if "\\.+*?()|[]{}^$#&-~".contains(c) {
            out.push('\\');
        }
        out.push(c);
        out
    })
}
