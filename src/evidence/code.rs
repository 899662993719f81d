//! Application code, read line by line: comments are blanked out (strings are kept, so a URL
//! or a `#` in a string is not taken for a comment), then each code rule's pattern is tried
//! on each line. `unless` looks at the whole call the match starts, to its closing
//! parenthesis, so `requests.get(url,\n    timeout=5)` is a call with a timeout.

use std::collections::HashSet;

use super::rules::{CodeMatcher, Language};

/// The text with comments replaced by spaces, line breaks kept (so lines keep their numbers).
/// Python's triple-quoted strings (docstrings, mostly) are blanked like comments: prose about
/// `requests.get(url)` is not a call.
pub fn strip_comments(text: &str, language: Language) -> String {
    let python = language == Language::Python;
    let blank = |c: char| if c == '\n' { '\n' } else { ' ' };
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut state = State::Code;
    while let Some(c) = chars.next() {
        match state {
            State::Block => {
                if c == '*' && chars.peek() == Some(&'/') {
                    chars.next();
                    out.push_str("  ");
                    state = State::Code;
                } else {
                    out.push(blank(c));
                }
            }
            State::Triple(quote) => {
                if c == quote && two_more(&chars, quote) {
                    chars.next();
                    chars.next();
                    out.push_str("   ");
                    state = State::Code;
                } else if c == '\\' {
                    out.push(' ');
                    if let Some(next) = chars.next() {
                        out.push(blank(next));
                    }
                } else {
                    out.push(blank(c));
                }
            }
            State::String(quote) => {
                out.push(c);
                // Go's raw strings (backquotes) have no escapes.
                let raw = quote == '`' && language == Language::Go;
                if c == '\\' && !raw {
                    if let Some(next) = chars.next() {
                        out.push(next);
                    }
                } else if c == quote || (c == '\n' && quote != '`') {
                    state = State::Code;
                }
            }
            State::Code => match c {
                '"' | '\'' if python && two_more(&chars, c) => {
                    chars.next();
                    chars.next();
                    out.push_str("   ");
                    state = State::Triple(c);
                }
                '"' | '\'' | '`' => {
                    out.push(c);
                    state = State::String(c);
                }
                // Outside strings a backslash escapes the next character: a JavaScript
                // regular expression such as /\/*$/ opens no comment.
                '\\' if !python => {
                    out.push(c);
                    if let Some(next) = chars.next() {
                        out.push(next);
                    }
                }
                '#' if python => skip_line(&mut chars, &mut out),
                '/' if !python && chars.peek() == Some(&'/') => skip_line(&mut chars, &mut out),
                '/' if !python && chars.peek() == Some(&'*') => {
                    chars.next();
                    out.push_str("  ");
                    state = State::Block;
                }
                c => out.push(c),
            },
        }
    }
    out
}

/// Where the reader is.
#[derive(Clone, Copy)]
enum State {
    Code,
    /// In a string with this quote.
    String(char),
    /// In a Python triple-quoted string with this quote.
    Triple(char),
    /// In a `/* */` comment.
    Block,
}

/// The next two characters are both `quote`.
fn two_more(chars: &std::iter::Peekable<std::str::Chars<'_>>, quote: char) -> bool {
    let mut ahead = chars.clone();
    ahead.next() == Some(quote) && ahead.next() == Some(quote)
}

fn skip_line(chars: &mut std::iter::Peekable<std::str::Chars<'_>>, out: &mut String) {
    for c in chars.by_ref() {
        if c == '\n' {
            out.push('\n');
            return;
        }
    }
}

/// The 1-based lines where the matcher fires in `code` (comments already stripped); `lines`
/// is [`split_lines`] of it.
pub fn matches(
    matcher: &CodeMatcher,
    language: Language,
    code: &str,
    lines: &[(usize, &str)],
) -> Vec<usize> {
    if matcher
        .unless_file
        .as_ref()
        .is_some_and(|u| u.is_match(code))
    {
        return Vec::new();
    }
    let bound = |from: &Option<regex::Regex>| -> Option<HashSet<&str>> {
        from.as_ref().map(|r| {
            r.captures_iter(code)
                .filter_map(|c| c.get(1).map(|m| m.as_str()))
                .collect()
        })
    };
    let (bound_to, bound_not) = (
        bound(&matcher.receiver_from),
        bound(&matcher.receiver_not_from),
    );
    let mut out = Vec::new();
    for (index, &(start, line)) in lines.iter().enumerate() {
        // Captures cost more than a plain find: only rules that look at the receiver ask.
        let found: Vec<(regex::Match<'_>, Option<&str>)> =
            if bound_to.is_some() || bound_not.is_some() {
                matcher
                    .pattern
                    .captures_iter(line)
                    .filter_map(|c| Some((c.get(0)?, c.name("receiver").map(|m| m.as_str()))))
                    .collect()
            } else {
                matcher.pattern.find_iter(line).map(|m| (m, None)).collect()
            };
        for (whole, receiver) in found {
            if let (Some(names), Some(r)) = (&bound_to, receiver)
                && !names.contains(r)
            {
                continue;
            }
            if let (Some(names), Some(r)) = (&bound_not, receiver)
                && names.contains(r)
            {
                continue;
            }
            let at = start + whole.start();
            // The call's text is found only when something reads it (most matches need none).
            let call = std::cell::OnceCell::new();
            let call = || *call.get_or_init(|| call_text(code, at));
            if let Some(inside) = &matcher.unless_inside
                && inside.is_match(enclosing_call(code, at))
            {
                continue;
            }
            if declared(&line[..whole.start()])
                || (language == Language::Python && in_definition(code, at))
                || (whole.as_str().trim_end().ends_with('(')
                    && method_body_follows(language, &code[at + call().len()..]))
            {
                continue;
            }
            let dropped = matcher.unless.as_ref().is_some_and(|unless| {
                unless.is_match(call())
                    || unless.is_match(&line[whole.start()..])
                    || assigned_values(code, at, call())
                        .iter()
                        .any(|value| unless.is_match(value))
            });
            if !dropped {
                out.push(index + 1);
                break;
            }
        }
    }
    out
}

/// The match names a function being declared (`def urlopen(`, `function fetch(`), not a call.
fn declared(before: &str) -> bool {
    let before = before.trim_end();
    let word = word_start(before, |c| {
        c.is_ascii_alphanumeric() || c == '_' || c == '*'
    });
    matches!(
        &before[word..],
        "def" | "function" | "function*" | "func" | "fn"
    )
}

/// Where the last run of `word` characters at the end of `text` starts: the byte after the
/// last other character (which may be several bytes long: `"→ f(` is not cut inside `→`).
fn word_start(text: &str, word: impl Fn(char) -> bool) -> usize {
    text.char_indices()
        .rev()
        .find(|(_, c)| !word(*c))
        .map_or(0, |(i, c)| i + c.len_utf8())
}

/// The values given, earlier in the file, to the bare names a call passes on: `params` in
/// `putItem(params)`, `token` in `ClientToken: token`. The condition or the random token they
/// hold counts as the call's own.
fn assigned_values<'c>(code: &'c str, before: usize, call: &str) -> Vec<&'c str> {
    let mut out = Vec::new();
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '$';
    let bytes = call.as_bytes();
    let mut i = 0;
    let mut names = 0;
    while i < bytes.len() && names < 4 {
        if !word(bytes[i] as char) || (i > 0 && word(bytes[i - 1] as char)) {
            i += 1;
            continue;
        }
        let end = call[i..]
            .find(|c: char| !word(c))
            .map_or(call.len(), |n| i + n);
        let name = &call[i..end];
        let lead = call[..i].trim_end().chars().next_back();
        let trail = call[end..].trim_start().chars().next();
        let passed = matches!(lead, Some('(' | ',' | ':' | '='))
            && matches!(trail, None | Some(')' | ',' | '}' | '\n'));
        if passed && !name.chars().next().is_some_and(|c| c.is_ascii_digit()) {
            names += 1;
            if let Some(value) = last_assignment(&code[..before], name) {
                out.push(value);
            }
        }
        i = end;
    }
    out
}

/// The statement after the last `NAME =` (not `==`, not `=>`) in `code`: its value, up to a
/// `;` or a line break outside brackets, at most 40 lines.
pub(super) fn last_assignment<'c>(code: &'c str, name: &str) -> Option<&'c str> {
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '$';
    let at = code.rmatch_indices(name).find_map(|(at, _)| {
        // Not a parameter's default or a call's keyword argument: those follow `(` or `,`.
        let before_ok = !code[..at].chars().next_back().is_some_and(word)
            && !matches!(code[..at].trim_end().chars().next_back(), Some('(' | ','));
        let rest = code[at + name.len()..].trim_start_matches([' ', '\t']);
        let rest = rest.strip_prefix(':').map_or(rest, |typed| {
            // A type annotation: `token: str = ...`, `const p: Params = {...}`.
            typed
                .trim_start()
                .trim_start_matches(|c: char| word(c) || c == '.' || c == '<' || c == '>')
                .trim_start()
        });
        let assigns = rest.starts_with('=') && !rest.starts_with("==") && !rest.starts_with("=>");
        (before_ok && assigns).then(|| code.len() - rest.len() + 1)
    })?;
    let value = &code[at..];
    let mut depth = 0usize;
    let mut lines = 0;
    for (i, c) in value.char_indices() {
        match c {
            '(' | '{' | '[' => depth += 1,
            ')' | '}' | ']' => depth = depth.saturating_sub(1),
            ';' if depth == 0 => return Some(&value[..i]),
            '\n' => {
                lines += 1;
                if (depth == 0 && !value[..i].trim().is_empty()) || lines == 40 {
                    return Some(&value[..i]);
                }
            }
            _ => {}
        }
    }
    Some(value)
}

/// The text from the innermost call still open at `offset` (its name and opening bracket)
/// up to `offset`, looking back at most 2,000 bytes; empty when no call is open.
fn enclosing_call(code: &str, offset: usize) -> &str {
    let before = &code[..offset];
    let floor = offset.saturating_sub(2000);
    let mut depth = 0usize;
    for (i, c) in before.char_indices().rev() {
        if i < floor {
            break;
        }
        match c {
            ')' | ']' | '}' => depth += 1,
            '(' if depth == 0 => {
                let head = before[..i].trim_end();
                let name = word_start(head, |c| {
                    c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == '$'
                });
                return &before[name..];
            }
            '(' | '[' | '{' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    ""
}

/// After a parameter list, a body (`{`, or a TypeScript return type then `{`): a method being
/// defined (`async fetch(key) {`), not a call.
fn method_body_follows(language: Language, after: &str) -> bool {
    let after = after.trim_start_matches([' ', '\t']);
    match language {
        Language::Javascript => {
            after.starts_with('{')
                || (after.starts_with(':')
                    && after
                        .lines()
                        .next()
                        .is_some_and(|l| l.trim_end().ends_with('{')))
        }
        Language::Java => after.starts_with('{') || after.starts_with("throws"),
        Language::Python | Language::Go => false,
    }
}

/// The match sits in the parameter list of a Python `def` (a default, `read_timeout=60`, is not
/// a setting): the innermost parenthesis still open before it follows `def NAME`.
fn in_definition(code: &str, offset: usize) -> bool {
    let before = &code[..offset];
    let mut depth = 0usize;
    // A parameter list is a few lines at most: looking further back costs every match.
    for (i, c) in before.char_indices().rev().take(600) {
        match c {
            ')' | ']' | '}' => depth += 1,
            '(' | '[' | '{' if depth > 0 => depth -= 1,
            '(' => {
                let head = before[..i].trim_end();
                let name_start = word_start(head, |c| c.is_ascii_alphanumeric() || c == '_');
                let keyword = head[..name_start].trim_end();
                return keyword.ends_with("def")
                    && keyword[..keyword.len() - 3]
                        .chars()
                        .next_back()
                        .is_none_or(|c| !(c.is_ascii_alphanumeric() || c == '_'));
            }
            '[' | '{' => return false,
            _ => {}
        }
    }
    false
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

/// The text of the call that starts at `offset`: up to the parenthesis that closes the first
/// one opened, and on through a chain of calls (`PutItemRequest.builder().item(x).build()`,
/// `db.put({...}).promise()`); at most 40 lines on (a call that never closes is cut there).
fn call_text(code: &str, offset: usize) -> &str {
    let rest = &code[offset..];
    let mut depth = 0usize;
    let mut newlines = 0;
    let mut end = None;
    for (i, c) in rest.char_indices() {
        match c {
            '(' | '{' | '[' => depth += 1,
            ')' | '}' | ']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    end = Some(i + 1);
                    // A chain goes on with `.name(` after the call, maybe on the next line.
                    let after = rest[i + 1..].trim_start();
                    if !after.starts_with('.') || after.starts_with("..") {
                        return &rest[..=i];
                    }
                }
            }
            '\n' => {
                newlines += 1;
                if newlines == 40 {
                    return &rest[..end.unwrap_or(i)];
                }
            }
            ';' if depth == 0 && end.is_some() => return &rest[..i],
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
            anywhere: Regex::new(&format!("(?m){pattern}")).unwrap(),
            unless: unless.map(|u| Regex::new(u).unwrap()),
            unless_file: None,
            unless_inside: None,
            receiver_from: None,
            receiver_not_from: None,
        }
    }

    #[test]
    fn python_comments_and_docstrings_go_strings_stay() {
        let py = concat!(
            "x = 1  # requests.get(a)\n",
            "s = \"# not a comment\"\n",
            "'''doc: requests.get(u)\n",
            "more'''\n",
            "t = 'it\\'s'  # gone\n",
        );
        let out = strip_comments(py, Language::Python);
        assert!(!out.contains("requests") && !out.contains("gone"), "{out}");
        assert!(out.contains("\"# not a comment\""));
        assert!(out.contains("'it\\'s'"), "{out}");
        assert_eq!(out.matches('\n').count(), 5);
    }

    #[test]
    fn slash_comments_regexes_and_raw_strings() {
        let js = "const u = 'http://x'; // fetch(u)\n/* a\nrequestTimeout: 1 */ f();\n";
        let out = strip_comments(js, Language::Javascript);
        assert!(out.contains("'http://x'"));
        assert!(!out.contains("fetch") && !out.contains("requestTimeout"));
        assert!(out.contains("f();"));
        assert_eq!(out.lines().count(), 3);
        // A regular expression with an escaped slash opens no comment.
        let js = "s.replace(/\\/*$/, '');\nfetch(u);\n";
        assert!(strip_comments(js, Language::Javascript).contains("fetch(u)"));
        // Go's raw strings have no escapes: the backslash does not hide the closing quote.
        let go = "sep := `\\`\n// http.Get(u)\nx := 1\n";
        let out = strip_comments(go, Language::Go);
        assert!(!out.contains("http.Get") && out.contains("x := 1"), "{out}");
    }

    #[test]
    fn unless_reads_the_values_a_call_passes_on() {
        let m = matcher(r"\.put\s*\(", Some(r"ConditionExpression"));
        let code = "const params = {\n  TableName: t,\n  ConditionExpression: 'attribute_not_exists(id)',\n};\ndb.put(params);\nconst other = { TableName: t };\ndb.put(other);\n";
        assert_eq!(
            matches(&m, Language::Javascript, code, &split_lines(code)),
            vec![7]
        );
        let m = matcher(r"ClientToken\s*[:=]", Some(r"uuid4"));
        let code = "token = str(uuid.uuid4())\nclient.run(ClientToken=token)\nkept: str = order_id\nclient.run(ClientToken=kept)\n";
        assert_eq!(
            matches(&m, Language::Python, code, &split_lines(code)),
            vec![4]
        );
    }

    /// Text that is not ASCII just before a match (a string, an identifier) is never cut
    /// inside a character.
    #[test]
    fn non_ascii_before_a_match_is_read() {
        let m = matcher(r"\brequests\.get\s*\(", Some(r"\btimeout\s*="));
        for code in [
            "print(\"→ requests.get(url)\")\n",
            "x = prüfe(requests.get(url))\n",
            "def prüfe(a=requests.get(u)):\n    pass\n",
            "é(requests.get(u))\n",
        ] {
            assert_eq!(
                matches(&m, Language::Python, code, &split_lines(code)),
                vec![1],
                "{code}"
            );
        }
        let js = matcher(r"(?:^|[^.\w$])fetch\s*\(", None);
        let code = "console.log(\"⚠ fetch(url) failed\");\nconst x = ü(fetch(u));\n";
        assert_eq!(
            matches(&js, Language::Javascript, code, &split_lines(code)),
            vec![1, 2]
        );
    }

    #[test]
    fn unless_reads_the_whole_call() {
        let m = matcher(r"\brequests\.get\s*\(", Some(r"\btimeout\s*="));
        let code = "import requests\nrequests.get(url,\n    timeout=5)\nrequests.get(other)\n";
        assert_eq!(
            matches(&m, Language::Python, code, &split_lines(code)),
            vec![4]
        );
    }
}
