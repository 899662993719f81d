//! Renderers: report values in, text out. Nothing here decides anything.
//!
//! Notes are text that users wrote, so every renderer treats them as untrusted: control
//! characters never reach a terminal, and Markdown, HTML and XML get them escaped.

pub mod ci;
pub mod evidence;
pub mod explain;
pub mod history;
pub mod html;
pub mod layout;
pub mod report;
#[cfg(feature = "sync")]
pub mod status;
#[cfg(feature = "sync")]
pub mod sync;

pub use crate::term::inert;

/// An error message as it may be printed: inert (no terminal controls); the output boundary
/// (`term::defuse`) keeps its lines from being read as CI commands.
pub fn message(text: &str) -> String {
    inert(text, true)
}

/// Escapes text for Markdown (inline, on one line: safe inside a table cell). `#`, `+`
/// and `-` start a heading or a list only at the start, so only there are they escaped.
pub fn markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, c) in inert(text, false).chars().enumerate() {
        match c {
            '#' | '+' | '-' if i == 0 => {
                out.push('\\');
                out.push(c);
            }
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '(' | ')' | '!' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes text for XML and HTML, element content and attribute values alike. Control
/// characters are not allowed in XML 1.0 at all, so they go first.
pub fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in inert(text, true).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\t' => out.push_str("&#9;"),
            // Not XML 1.0 characters even as references: dropped like the controls.
            '\u{fffe}' | '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_escape_sequences_whole() {
        assert_eq!(inert("a\u{1b}[31mred\u{1b}[0m b", false), "ared b");
        assert_eq!(inert("x\u{1b}]0;title\u{7}y", false), "xy");
        assert_eq!(inert("x\u{1b}]8;;http://evil\u{1b}\\y", false), "xy");
        assert_eq!(inert("bell\u{7}\u{9b}2J", false), "bell2J");
        assert_eq!(inert("a\u{202e}b", false), "ab");
        assert_eq!(inert("line\nnext", false), "line next");
        assert_eq!(inert("line\nnext", true), "line\nnext");
    }

    #[test]
    fn escapes_markdown() {
        assert_eq!(markdown("a|b *c* <img>"), "a\\|b \\*c\\* &lt;img&gt;");
        assert_eq!(markdown("[x](javascript:y)"), "\\[x\\]\\(javascript:y\\)");
    }

    #[test]
    fn escapes_xml() {
        assert_eq!(
            xml("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&apos;"
        );
        assert_eq!(xml("a\u{1}b\u{1b}[1mc"), "abc");
    }
}
