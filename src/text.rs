//! Text rules shared by input validation and the output layer: AWS's tag character rules, the nearest
//! known word for a typo, and escaping control characters before anything is echoed to a terminal.

/// The characters AWS accepts in tag keys and values across services: letters, digits, spaces and
/// `_ . : / = + - @` (the `[\p{L}\p{Z}\p{N}_.:/=+\-@]*` of the AWS tagging reference).
/// <https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html>
pub fn is_tag_char(c: char) -> bool {
    c.is_alphanumeric() || (c.is_whitespace() && !c.is_control()) || "_.:/=+-@".contains(c)
}

/// The first character of `text` that no tag may contain, named by code point, e.g.
/// `U+200B (zero-width space)`.
pub fn bad_tag_char(text: &str) -> Option<String> {
    let c = text.chars().find(|c| !is_tag_char(*c))?;
    Some(describe_char(c))
}

/// Refuses a tag key or value (`what`: "--agent", "tag key `k`") with a character AWS rejects in tags,
/// naming it by code point: an invisible one would otherwise match nothing and report "nothing to do".
pub fn check_tag_text(what: &str, text: &str) -> Result<(), String> {
    match bad_tag_char(text) {
        None => Ok(()),
        Some(c) => Err(format!(
            "{what} `{}` contains {c}, which AWS does not allow in tags (letters, digits, spaces and \
             _ . : / = + - @ only); retype it",
            escape_controls(text)
        )),
    }
}

/// `U+000A (line feed)`, `U+0060 (`)`: a character shown so that an invisible one is still visible.
pub fn describe_char(c: char) -> String {
    let name = match c {
        '\n' => "line feed",
        '\r' => "carriage return",
        '\t' => "tab",
        '\u{1b}' => "escape",
        '\u{200b}' => "zero-width space",
        '\u{200c}' => "zero-width non-joiner",
        '\u{200d}' => "zero-width joiner",
        '\u{feff}' => "byte order mark",
        '\u{a0}' => "no-break space",
        c if c.is_control() => "control character",
        _ => "",
    };
    let code = format!("U+{:04X}", c as u32);
    match name {
        "" if !c.is_control() && !is_invisible(c) => format!("{code} ({c})"),
        "" => code,
        name => format!("{code} ({name})"),
    }
}

fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{feff}')
}

/// `text` with control and invisible formatting characters escaped (`\n`, `\u{1b}`), so that nothing
/// echoed to a terminal can move the cursor, recolour it or hide text.
pub fn escape_controls(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(|c| c.is_control() || is_invisible(c)) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || is_invisible(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The first `max` characters of `text` when it is longer than that (for a line or a table cell that
/// shows the rest elsewhere), else `None`.
pub fn cut(text: &str, max: usize) -> Option<String> {
    (text.chars().count() > max).then(|| text.chars().take(max).collect())
}

/// The candidate closest to `word`, if it is close enough to be the word meant.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::levenshtein(word, c), c))
        .filter(|(d, c)| *d <= (c.len().max(word.len()) / 3).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_characters_follow_aws_rules() {
        assert_eq!(bad_tag_char("research-agent_v1.2:a/b=c+d@e f"), None);
        assert_eq!(bad_tag_char("agent-ünïcode-日本"), None);
        assert_eq!(
            bad_tag_char("agent\u{200b}x").as_deref(),
            Some("U+200B (zero-width space)")
        );
        assert_eq!(bad_tag_char("a\nb").as_deref(), Some("U+000A (line feed)"));
        assert_eq!(bad_tag_char("a\u{1b}[31m").as_deref(), Some("U+001B (escape)"));
        assert_eq!(bad_tag_char("a*b").as_deref(), Some("U+002A (*)"));
        assert_eq!(bad_tag_char("a,b").as_deref(), Some("U+002C (,)"));
    }

    #[test]
    fn controls_are_escaped_and_plain_text_is_untouched() {
        assert!(matches!(
            escape_controls("plain"),
            std::borrow::Cow::Borrowed("plain")
        ));
        assert_eq!(escape_controls("a\u{1b}[31mb\n"), "a\\u{1b}[31mb\\n");
        assert_eq!(escape_controls("x\u{200b}y"), "x\\u{200b}y");
    }

    #[test]
    fn the_nearest_word_is_found_only_when_close() {
        let types = ["ec2:instance", "ec2:volume", "lambda:function"];
        assert_eq!(nearest("ec2:instances", types), Some("ec2:instance"));
        assert_eq!(nearest("lamda:function", types), Some("lambda:function"));
        assert_eq!(nearest("dynamodb:table", types), None);
    }
}
