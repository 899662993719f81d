//! Application code, read line by line: comments are blanked out (strings are kept, so a URL
//! or a `#` in a string is not taken for a comment), then each code rule's pattern is tried
//! on each line. `unless` looks at the whole call the match starts, to its closing
//! parenthesis, so `requests.get(url,\n    timeout=5)` is a call with a timeout.

use super::rules::{CodeMatcher, Language};

/// The text with comments replaced by spaces, line breaks kept (so lines keep their numbers).
pub fn strip_comments(text: &str, language: Language) -> String {
    let hash_comments = language == Language::Python;
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    // Inside a string: its quote, and whether it is a Python triple-quoted one.
    let mut string: Option<(char, bool)> = None;
    let mut block = false;
    while let Some(c) = chars.next() {
        if block {
            if c == '*' && chars.peek() == Some(&'/') {
                chars.next();
                out.push_str("  ");
                block = false;
            } else {
                out.push(if c == '\n' { '\n' } else { ' ' });
            }
            continue;
        }
        if let Some((quote, triple)) = string {
            out.push(c);
            match c {
                '\\' => {
                    if let Some(next) = chars.next() {
                        out.push(next);
                    }
                }
                '\n' if !triple && quote != '`' => string = None,
                c if c == quote => {
                    if !triple {
                        string = None;
                    } else if chars.peek() == Some(&quote) {
                        out.push(quote);
                        chars.next();
                        if chars.peek() == Some(&quote) {
                            out.push(quote);
                            chars.next();
                            string = None;
                        }
                    }
                }
                _ => {}
            }
            continue;
        }
        match c {
            '"' | '\'' | '`' => {
                let triple = hash_comments && c != '`' && {
                    let mut ahead = chars.clone();
                    ahead.next() == Some(c) && ahead.next() == Some(c)
                };
                out.push(c);
                if triple {
                    chars.next();
                    chars.next();
                    out.push(c);
                    out.push(c);
                }
                string = Some((c, triple));
            }
            '#' if hash_comments => skip_line(&mut chars, &mut out),
            '/' if !hash_comments && chars.peek() == Some(&'/') => skip_line(&mut chars, &mut out),
            '/' if !hash_comments && chars.peek() == Some(&'*') => {
                chars.next();
                out.push_str("  ");
                block = true;
            }
            c => out.push(c),
        }
    }
    out
}

fn skip_line(chars: &mut std::iter::Peekable<std::str::Chars<'_>>, out: &mut String) {
    for c in chars.by_ref() {
        if c == '\n' {
            out.push('\n');
            return;
        }
    }
}

/// The 1-based lines where the matcher fires in `code` (comments already stripped).
pub fn matches(matcher: &CodeMatcher, code: &str, lines: &[(usize, &str)]) -> Vec<usize> {
    let mut out = Vec::new();
    for &(start, line) in lines {
        for found in matcher.pattern.find_iter(line) {
            let dropped = matcher
                .unless
                .as_ref()
                .is_some_and(|unless| unless.is_match(call_text(code, start + found.start())));
            if !dropped {
                out.push(line_number(code, start));
                break;
            }
        }
    }
    out
}

/// Each line of `code` with its byte offset.
pub fn split_lines(code: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in code.split('\n') {
        out.push((start, line));
        start += line.len() + 1;
    }
    out
}

fn line_number(code: &str, offset: usize) -> usize {
    code[..offset].matches('\n').count() + 1
}

/// The text of the call that starts at `offset`: up to the parenthesis that closes the first
/// one opened, at most 40 lines on (a call that never closes is cut there).
fn call_text(code: &str, offset: usize) -> &str {
    let rest = &code[offset..];
    let mut depth = 0usize;
    let mut newlines = 0;
    for (i, c) in rest.char_indices() {
        match c {
            '(' | '{' | '[' => depth += 1,
            ')' | '}' | ']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return &rest[..=i];
                }
            }
            '\n' => {
                newlines += 1;
                if newlines == 40 {
                    return &rest[..i];
                }
            }
            _ => {}
        }
    }
    rest
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    fn matcher(pattern: &str, unless: Option<&str>) -> CodeMatcher {
        CodeMatcher {
            languages: vec![Language::Python],
            pattern: Regex::new(pattern).unwrap(),
            unless: unless.map(|u| Regex::new(u).unwrap()),
        }
    }

    #[test]
    fn comments_go_strings_stay() {
        let py = "x = 1  # requests.get(a)\ns = \"# not a comment\"\n'''doc # still doc'''\n";
        let out = strip_comments(py, Language::Python);
        assert!(!out.contains("requests"));
        assert!(out.contains("\"# not a comment\""));
        assert!(out.contains("still doc"));
        assert_eq!(out.matches('\n').count(), 3);
        let js = "const u = 'http://x'; // fetch(u)\n/* a\nrequestTimeout: 1 */ f();\n";
        let out = strip_comments(js, Language::Javascript);
        assert!(out.contains("'http://x'"));
        assert!(!out.contains("fetch") && !out.contains("requestTimeout"));
        assert!(out.contains("f();"));
        assert_eq!(out.lines().count(), 3);
    }

    #[test]
    fn unless_reads_the_whole_call() {
        let m = matcher(r"\brequests\.get\s*\(", Some(r"\btimeout\s*="));
        let code = "import requests\nrequests.get(url,\n    timeout=5)\nrequests.get(other)\n";
        assert_eq!(matches(&m, code, &split_lines(code)), vec![4]);
    }
}
