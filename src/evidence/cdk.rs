//! CDK app source (TypeScript and JavaScript, Python, Java) read as the CloudFormation
//! resources its constructs create, so the resource rules of `questions/evidence.json` apply
//! to it unchanged: `new sqs.Queue(this, 'Q', { deadLetterQueue: { queue: dlq } })` becomes an
//! `AWS::SQS::Queue` whose `RedrivePolicy.deadLetterTargetArn` names `dlq`.
//!
//! What each construct becomes is data, `questions/constructs.json` (its `constructs`,
//! `namespaces` and `l1JsonProperties`; its `terraformModules` are read by
//! [`super::modules`]): no construct has Rust code of its own. L1 constructs (`CfnQueue`) need no
//! entry: their props are CloudFormation's, PascalCased.
//!
//! The source is read by a small tolerant scanner, not a parser: tokens (strings, template
//! literals and comments understood, so a `(` in a string is not a bracket), brackets paired,
//! then construct calls found by name through the file's imports. It never fails: what it
//! cannot read is left out. Its work is bounded by the file's size.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::OnceLock;

use regex::Regex;
use serde::Deserialize;

use super::Resource;
use super::rules::Language;
use super::tree::{Entry, Node, Value};

const EMBEDDED: &str = include_str!("../../questions/constructs.json");

/// A prop's value text longer than this is cut: no reference or setting is that long, and a
/// construct inside a construct inside another would otherwise copy the same text again and
/// again.
const MAX_SCALAR: usize = 2048;

/// Value nesting deeper than this is kept as text.
const MAX_DEPTH: usize = 48;

/// Not a token.
const NONE: usize = usize::MAX;

// ---------------------------------------------------------------------------------------------
// The table

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RawFile {
    schema_version: u32,
    namespaces: Vec<RawNamespace>,
    l1_json_properties: Vec<String>,
    constructs: Vec<RawConstruct>,
    terraform_modules: Vec<RawTfModule>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RawNamespace {
    module: String,
    cloud_formation: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RawConstruct {
    module: String,
    class: String,
    #[serde(rename = "type")]
    kind: String,
    /// For people reading the table.
    #[allow(dead_code)]
    note: Option<String>,
    args: Option<Vec<String>>,
    #[serde(default)]
    methods: Vec<RawMethod>,
    #[serde(default)]
    props: Vec<RawProp>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RawMethod {
    name: String,
    receiver: Option<String>,
    args: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RawProp {
    from: String,
    to: String,
    #[serde(default)]
    values: BTreeMap<String, Option<String>>,
    value: Option<String>,
    #[serde(default)]
    capture: Vec<String>,
    case: Option<Case>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Case {
    Pascal,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RawTfModule {
    source: String,
    #[allow(dead_code)]
    note: Option<String>,
    #[serde(default)]
    defaults: BTreeMap<String, bool>,
    resources: Vec<RawTfResource>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RawTfResource {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    when: Vec<String>,
    each: Option<String>,
    #[serde(default)]
    properties: Vec<RawProp>,
}

/// `questions/constructs.json`, checked and ready.
#[derive(Debug)]
pub(crate) struct Table {
    constructs: Vec<Construct>,
    /// (canonical module, class) to its construct.
    by_class: HashMap<(String, String), usize>,
    /// A method name (camelCase) to (construct, method).
    by_method: HashMap<String, (usize, usize)>,
    /// Canonical module to its CloudFormation namespace (`AWS::SQS`), for L1 constructs.
    namespaces: HashMap<String, String>,
    l1_json: Vec<String>,
    pub(crate) terraform_modules: Vec<TfModule>,
}

#[derive(Debug)]
struct Construct {
    class: String,
    kind: String,
    args: Vec<String>,
    methods: Vec<Method>,
    props: Vec<Prop>,
}

#[derive(Debug)]
struct Method {
    receiver: Option<String>,
    args: Vec<String>,
}

/// One property mapping: the value at `from` in what was written goes to `to` in the resource.
#[derive(Debug)]
pub(crate) struct Prop {
    from: Vec<String>,
    to: Vec<String>,
    /// A scalar's value (lowercased) to what it becomes; `None` drops it.
    values: BTreeMap<String, Option<String>>,
    /// What any value becomes.
    value: Option<String>,
    /// The first group of the first regex that matches a scalar; none matching drops it.
    capture: Vec<Regex>,
    pascal: bool,
}

/// A Terraform registry module: the resources its inputs create.
#[derive(Debug)]
pub(crate) struct TfModule {
    /// `terraform-aws-modules/sqs/aws`.
    pub(crate) source: String,
    pub(crate) defaults: BTreeMap<String, bool>,
    pub(crate) resources: Vec<TfResource>,
}

#[derive(Debug)]
pub(crate) struct TfResource {
    pub(crate) kind: String,
    /// (input, wanted): the resource exists when each input is (or defaults to) its value.
    pub(crate) when: Vec<(String, bool)>,
    /// One resource per entry of this map input.
    pub(crate) each: Option<String>,
    pub(crate) properties: Vec<Prop>,
}

/// The embedded table, checked once.
pub(crate) fn table() -> Result<&'static Table, String> {
    static TABLE: OnceLock<Result<Table, String>> = OnceLock::new();
    TABLE
        .get_or_init(|| parse_table(EMBEDDED))
        .as_ref()
        .map_err(|e| format!("questions/constructs.json is broken (a defect in rel04): {e}"))
}

/// Checks the embedded construct and module table: `Err` names the broken entry. Scanning
/// with a broken table finds no CDK or module resources: `scan` says so in a warning.
pub fn check() -> Result<(), String> {
    table().map(|_| ())
}

/// The canonical name of a CDK module, the same from every language: `aws-cdk-lib/aws-sqs`,
/// `@aws-cdk/aws-sqs`, Python's `aws_sqs` and Java's `sqs` are all `sqs`;
/// `aws-lambda-event-sources` and Java's `lambda.eventsources` are `lambdaeventsources`; an
/// `-alpha` suffix is dropped (the construct moves to the stable module unchanged).
fn canon(module: &str) -> String {
    let mut m = module.trim().to_ascii_lowercase();
    for prefix in ["aws-cdk-lib/", "@aws-cdk/", "aws-", "aws_"] {
        if let Some(rest) = m.strip_prefix(prefix) {
            m = rest.to_string();
        }
    }
    for suffix in ["-alpha", "_alpha", ".alpha"] {
        if let Some(rest) = m.strip_suffix(suffix) {
            m = rest.to_string();
        }
    }
    m.retain(|c| !matches!(c, '-' | '_' | '.'));
    m
}

fn is_ident(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn path_of(text: &str) -> Result<Vec<String>, String> {
    let path: Vec<String> = text.split('.').map(String::from).collect();
    if path.iter().any(|s| s.trim().is_empty() || s.trim() != s) {
        return Err(format!("path {text:?} has an empty or padded segment"));
    }
    Ok(path)
}

fn prop(raw: RawProp) -> Result<Prop, String> {
    let fail = |what: String| format!("prop {} -> {}: {what}", raw.from, raw.to);
    let from = path_of(&raw.from).map_err(&fail)?;
    let to = path_of(&raw.to).map_err(&fail)?;
    if raw.value.is_some() && (!raw.capture.is_empty() || !raw.values.is_empty()) {
        return Err(fail(
            "value is alone: no values or capture beside it".into(),
        ));
    }
    if let Some(key) = raw.values.keys().find(|k| k.to_lowercase() != **k) {
        return Err(fail(format!("values key {key:?} must be lowercase")));
    }
    if raw.case.is_some() && raw.capture.is_empty() {
        return Err(fail("case applies to a capture; there is none".into()));
    }
    let capture = raw
        .capture
        .iter()
        .map(|p| match Regex::new(p) {
            Ok(re) if re.captures_len() >= 2 => Ok(re),
            Ok(_) => Err(fail(format!("capture {p:?} has no group"))),
            Err(e) => Err(fail(format!("capture {p:?}: {e}"))),
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Prop {
        from,
        to,
        values: raw.values,
        value: raw.value,
        capture,
        pascal: raw.case == Some(Case::Pascal),
    })
}

fn args_of(names: Vec<String>, what: &str) -> Result<Vec<String>, String> {
    if names.iter().any(|a| !is_ident(a)) {
        return Err(format!("{what}: every arg is a name"));
    }
    if names.iter().filter(|a| *a == "props").count() > 1 {
        return Err(format!("{what}: props appears twice"));
    }
    Ok(names)
}

/// Reads and checks a table; errors name the entry.
pub(crate) fn parse_table(text: &str) -> Result<Table, String> {
    let raw: RawFile = serde_json::from_str(text).map_err(|e| e.to_string())?;
    if raw.schema_version != 1 {
        return Err(format!("schemaVersion {} is not 1", raw.schema_version));
    }
    let mut namespaces = HashMap::new();
    for ns in raw.namespaces {
        let module = canon(&ns.module);
        let ok = ns
            .cloud_formation
            .strip_prefix("AWS::")
            .is_some_and(|rest| {
                !rest.is_empty() && rest.chars().all(|c| c.is_ascii_alphanumeric())
            });
        if module.is_empty() || !ok {
            return Err(format!(
                "namespace {}: the module and an AWS::Name are needed",
                ns.module
            ));
        }
        if namespaces.insert(module, ns.cloud_formation).is_some() {
            return Err(format!("namespace {} appears twice", ns.module));
        }
    }
    let mut table = Table {
        constructs: Vec::new(),
        by_class: HashMap::new(),
        by_method: HashMap::new(),
        namespaces,
        l1_json: raw.l1_json_properties,
        terraform_modules: Vec::new(),
    };
    for c in raw.constructs {
        let name = format!("construct {} {}", c.module, c.class);
        let module = canon(&c.module);
        if module.is_empty()
            || !is_ident(&c.class)
            || !c.class.starts_with(|ch: char| ch.is_ascii_uppercase())
        {
            return Err(format!("{name}: a module and a class name are needed"));
        }
        if !c.kind.starts_with("AWS::") || c.kind.split("::").any(str::is_empty) {
            return Err(format!(
                "{name}: type {:?} is not AWS::Service::Resource",
                c.kind
            ));
        }
        let args = args_of(
            c.args
                .unwrap_or_else(|| vec!["scope".into(), "id".into(), "props".into()]),
            &name,
        )?;
        let props = c
            .props
            .into_iter()
            .map(prop)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| format!("{name}: {e}"))?;
        let index = table.constructs.len();
        let mut methods = Vec::new();
        for (at, m) in c.methods.into_iter().enumerate() {
            if !is_ident(&m.name) || m.name.contains('_') {
                return Err(format!(
                    "{name}: method {:?} is not a camelCase name",
                    m.name
                ));
            }
            if m.receiver.as_deref().is_some_and(|r| !is_ident(r)) {
                return Err(format!("{name}: method {}: the receiver is a name", m.name));
            }
            if table
                .by_method
                .insert(m.name.clone(), (index, at))
                .is_some()
            {
                return Err(format!(
                    "{name}: method {} is another construct's too",
                    m.name
                ));
            }
            methods.push(Method {
                receiver: m.receiver,
                args: args_of(m.args, &format!("{name}: method {}", m.name))?,
            });
        }
        if table
            .by_class
            .insert((module, c.class.clone()), index)
            .is_some()
        {
            return Err(format!("{name} appears twice"));
        }
        table.constructs.push(Construct {
            class: c.class,
            kind: c.kind,
            args,
            methods,
            props,
        });
    }
    for m in raw.terraform_modules {
        let name = format!("terraform module {}", m.source);
        if m.source.split('/').count() != 3 || m.source.split('/').any(str::is_empty) {
            return Err(format!("{name}: the source is NAMESPACE/NAME/PROVIDER"));
        }
        if table.terraform_modules.iter().any(|t| t.source == m.source) {
            return Err(format!("{name} appears twice"));
        }
        if m.resources.is_empty() {
            return Err(format!("{name}: creates no resource"));
        }
        let mut resources = Vec::new();
        for r in m.resources {
            let what = format!("{name}: resource {}", r.kind);
            if r.kind.is_empty()
                || !r
                    .kind
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            {
                return Err(format!("{what}: the type is a Terraform resource type"));
            }
            let mut when = Vec::new();
            for input in r.when {
                let (input, wanted) = match input.strip_prefix('!') {
                    Some(rest) => (rest.to_string(), false),
                    None => (input, true),
                };
                if !m.defaults.contains_key(&input) {
                    return Err(format!("{what}: when {input} has no default"));
                }
                when.push((input, wanted));
            }
            if r.each.as_deref().is_some_and(|e| !is_ident(e)) {
                return Err(format!("{what}: each names an input"));
            }
            let properties = r
                .properties
                .into_iter()
                .map(prop)
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| format!("{what}: {e}"))?;
            resources.push(TfResource {
                kind: r.kind,
                when,
                each: r.each,
                properties,
            });
        }
        table.terraform_modules.push(TfModule {
            source: m.source,
            defaults: m.defaults,
            resources,
        });
    }
    Ok(table)
}

impl Prop {
    /// What a value written at `from` becomes, if anything.
    fn apply(&self, node: &Node, line: usize) -> Option<Node> {
        let scalar = |text: String| Node {
            line,
            value: Value::Scalar(text),
        };
        match &node.value {
            // An empty map or list is the default: it sets nothing.
            Value::Map(e) if e.is_empty() => None,
            Value::List(i) if i.is_empty() => None,
            Value::Scalar(text) => {
                if let Some(v) = self.values.get(&text.trim().to_lowercase()) {
                    return v.clone().map(scalar);
                }
                if let Some(v) = &self.value {
                    return Some(scalar(v.clone()));
                }
                if !self.capture.is_empty() {
                    let found = self
                        .capture
                        .iter()
                        .find_map(|re| re.captures(text).and_then(|c| c.get(1)))?;
                    let text = found.as_str();
                    return Some(scalar(if self.pascal {
                        pascal(text)
                    } else {
                        text.to_string()
                    }));
                }
                Some(node.clone())
            }
            _ => {
                if let Some(v) = &self.value {
                    return Some(scalar(v.clone()));
                }
                if !self.capture.is_empty() {
                    return None;
                }
                Some(node.clone())
            }
        }
    }
}

/// The resource properties `mappings` make of what was written (`raw`, a map); `line` is the
/// resource's. Each property is at the line of the key it came from.
pub(crate) fn map_props(raw: &Node, mappings: &[Prop], line: usize) -> Node {
    let mut out = Node {
        line,
        value: Value::Map(Vec::new()),
    };
    for m in mappings {
        let from: Vec<&str> = m.from.iter().map(String::as_str).collect();
        for (at, node) in raw.find(&from) {
            if let Some(value) = m.apply(node, at) {
                insert(&mut out, &m.to, at, value);
            }
        }
    }
    out
}

/// Puts `node` at `path` in a map, making the maps on the way; a map meeting a map merges,
/// otherwise the first value put stays.
fn insert(out: &mut Node, path: &[String], line: usize, node: Node) {
    let Some((first, rest)) = path.split_first() else {
        return;
    };
    let Value::Map(entries) = &mut out.value else {
        return;
    };
    let at = entries.iter().position(|e| e.key == *first);
    if rest.is_empty() {
        match at {
            Some(at) => {
                if let (Value::Map(have), Value::Map(more)) =
                    (&mut entries[at].node.value, node.value)
                {
                    have.extend(more);
                }
            }
            None => entries.push(Entry {
                key: first.clone(),
                line,
                node,
            }),
        }
        return;
    }
    let at = at.unwrap_or_else(|| {
        entries.push(Entry {
            key: first.clone(),
            line,
            node: Node {
                line,
                value: Value::Map(Vec::new()),
            },
        });
        entries.len() - 1
    });
    insert(&mut entries[at].node, rest, line, node);
}

/// `max_receive_count` is `maxReceiveCount`: Python's props, as the other languages spell them.
fn camel(snake: &str) -> String {
    if !snake.contains('_') || snake.starts_with('_') {
        return snake.to_string();
    }
    let mut out = String::with_capacity(snake.len());
    for (i, part) in snake.split('_').enumerate() {
        if i == 0 {
            out.push_str(part);
        } else {
            out.push_str(&upper_first(part));
        }
    }
    out
}

/// `approximate_age_of_oldest_message` and `approximateAgeOfOldestMessage` are
/// `ApproximateAgeOfOldestMessage`.
fn pascal(text: &str) -> String {
    text.split('_').map(upper_first).collect()
}

fn upper_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

// ---------------------------------------------------------------------------------------------
// Tokens

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok {
    Ident,
    /// A string; `inner` is its content.
    Str,
    Num,
    Punct(u8),
}

#[derive(Debug, Clone, Copy)]
struct Token {
    tok: Tok,
    start: usize,
    end: usize,
    line: usize,
    inner: (usize, usize),
}

/// The tokens of a source text. Comments are skipped, strings are one token (Python's prefixes
/// and triple quotes, Java's text blocks, JavaScript's template literals with `${}` inside),
/// every other character is a token of its own. Token bounds fall on ASCII bytes, so slicing
/// the text at them is safe.
fn lex(text: &str, language: Language) -> Vec<Token> {
    let b = text.as_bytes();
    let n = b.len();
    let python = language == Language::Python;
    let js = language == Language::Javascript;
    let mut out: Vec<Token> = Vec::new();
    let mut i = 0;
    let mut line = 1;
    while i < n {
        let c = b[i];
        match c {
            b'\n' => {
                line += 1;
                i += 1;
            }
            b' ' | b'\t' | b'\r' | 0x0b | 0x0c => i += 1,
            b'#' if python => {
                while i < n && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if !python && b.get(i + 1) == Some(&b'/') => {
                while i < n && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if !python && b.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i < n && !(b[i] == b'*' && b.get(i + 1) == Some(&b'/')) {
                    if b[i] == b'\n' {
                        line += 1;
                    }
                    i += 1;
                }
                i = (i + 2).min(n);
            }
            b'"' | b'\'' | b'`' if c != b'`' || js => {
                let first = line;
                let mut start = i;
                // Python's r"", f"", b"": the prefix was read as a name just before.
                if python
                    && let Some(last) = out.last()
                    && last.tok == Tok::Ident
                    && last.end == i
                    && is_string_prefix(&text[last.start..last.end])
                {
                    start = last.start;
                    out.pop();
                }
                let (inner, end) = string(b, i, language, &mut line);
                out.push(Token {
                    tok: Tok::Str,
                    start,
                    end,
                    line: first,
                    inner,
                });
                i = end;
            }
            b'0'..=b'9' => {
                let start = i;
                while i < n && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] == b'.') {
                    i += 1;
                }
                out.push(Token {
                    tok: Tok::Num,
                    start,
                    end: i,
                    line,
                    inner: (start, i),
                });
            }
            c if c == b'_' || c == b'$' || c.is_ascii_alphabetic() || c >= 0x80 => {
                let start = i;
                while i < n
                    && (b[i] == b'_'
                        || b[i] == b'$'
                        || b[i].is_ascii_alphanumeric()
                        || b[i] >= 0x80)
                {
                    i += 1;
                }
                out.push(Token {
                    tok: Tok::Ident,
                    start,
                    end: i,
                    line,
                    inner: (start, i),
                });
            }
            _ => {
                out.push(Token {
                    tok: Tok::Punct(c),
                    start: i,
                    end: i + 1,
                    line,
                    inner: (i, i + 1),
                });
                i += 1;
            }
        }
    }
    out
}

fn is_string_prefix(s: &str) -> bool {
    matches!(
        s.to_ascii_lowercase().as_str(),
        "r" | "u" | "b" | "f" | "br" | "rb" | "fr" | "rf"
    )
}

/// The string starting at `i` (its quote): (content range, end).
fn string(b: &[u8], i: usize, language: Language, line: &mut usize) -> ((usize, usize), usize) {
    let n = b.len();
    let q = b[i];
    let triple = (language == Language::Python || (language == Language::Java && q == b'"'))
        && b.get(i + 1) == Some(&q)
        && b.get(i + 2) == Some(&q);
    if triple {
        let s = i + 3;
        let mut j = s;
        while j < n {
            match b[j] {
                b'\\' => {
                    if b.get(j + 1) == Some(&b'\n') {
                        *line += 1;
                    }
                    j += 2;
                    continue;
                }
                b'\n' => *line += 1,
                x if x == q && b.get(j + 1) == Some(&q) && b.get(j + 2) == Some(&q) => {
                    return ((s, j), j + 3);
                }
                _ => {}
            }
            j += 1;
        }
        return ((s.min(n), n), n);
    }
    if q == b'`' {
        return template(b, i, line);
    }
    let mut j = i + 1;
    while j < n {
        match b[j] {
            b'\\' => {
                if b.get(j + 1) == Some(&b'\n') {
                    *line += 1;
                }
                j += 2;
            }
            x if x == q => return ((i + 1, j), j + 1),
            // Unterminated: the string ends with its line.
            b'\n' => return ((i + 1, j), j),
            _ => j += 1,
        }
    }
    ((i + 1, n), n)
}

/// A template literal: `${...}` may hold code with braces, strings and templates of its own.
fn template(b: &[u8], i: usize, line: &mut usize) -> ((usize, usize), usize) {
    enum Frame {
        Template,
        Code(u32),
    }
    const MAX_FRAMES: usize = 64;
    let n = b.len();
    let s = i + 1;
    let mut stack = vec![Frame::Template];
    let mut j = s;
    while j < n {
        let c = b[j];
        if c == b'\n' {
            *line += 1;
        }
        match stack.last_mut() {
            Some(Frame::Template) => match c {
                b'\\' => {
                    if b.get(j + 1) == Some(&b'\n') {
                        *line += 1;
                    }
                    j += 2;
                    continue;
                }
                b'`' => {
                    stack.pop();
                    if stack.is_empty() {
                        return ((s, j), j + 1);
                    }
                }
                b'$' if b.get(j + 1) == Some(&b'{') => {
                    if stack.len() < MAX_FRAMES {
                        stack.push(Frame::Code(0));
                    }
                    j += 2;
                    continue;
                }
                _ => {}
            },
            Some(Frame::Code(depth)) => match c {
                b'{' => *depth += 1,
                b'}' => {
                    if *depth == 0 {
                        stack.pop();
                    } else {
                        *depth -= 1;
                    }
                }
                b'`' if stack.len() < MAX_FRAMES => stack.push(Frame::Template),
                b'\'' | b'"' => {
                    j += 1;
                    while j < n && b[j] != c && b[j] != b'\n' {
                        j += if b[j] == b'\\' { 2 } else { 1 };
                    }
                    if j < n && b[j] == b'\n' {
                        continue;
                    }
                }
                _ => {}
            },
            None => break,
        }
        j += 1;
    }
    ((s, n), n)
}

// ---------------------------------------------------------------------------------------------
// Imports

/// What a file's imports make of names.
#[derive(Debug, Default)]
struct Aliases {
    /// A name for a module: `sqs` for `aws-cdk-lib/aws-sqs`.
    modules: HashMap<String, String>,
    /// A name for a class: `Queue` (or its alias) for (module, `Queue`).
    classes: HashMap<String, (String, String)>,
    /// Names of the whole library: `cdk` in `cdk.aws_sqs.Queue`.
    roots: HashSet<String>,
    /// Java's `import software.amazon.awscdk.services.sqs.*`.
    wildcards: Vec<String>,
}

impl Aliases {
    fn is_empty(&self) -> bool {
        self.modules.is_empty()
            && self.classes.is_empty()
            && self.roots.is_empty()
            && self.wildcards.is_empty()
    }
}

/// What a construct call makes.
#[derive(Debug, Clone)]
enum Target {
    /// An entry of the table.
    Construct(usize),
    /// An L1 construct: its CloudFormation type and class.
    L1(String, String),
}

// ---------------------------------------------------------------------------------------------
// The scanner

struct Scan<'a> {
    text: &'a str,
    language: Language,
    t: Vec<Token>,
    /// For a bracket, the index of its partner (NONE when unpaired).
    pair: Vec<usize>,
    /// For each token, the bracket it is in (NONE at the top).
    parent: Vec<usize>,
    table: &'a Table,
    aliases: Aliases,
    /// Work done (tokens looked at, bytes copied) and the most allowed.
    work: usize,
    budget: usize,
}

/// The resources a CDK app source file's constructs create. Nothing unless the file imports
/// the CDK (`aws-cdk-lib` or `@aws-cdk/...` in JavaScript and TypeScript, `aws_cdk` in Python,
/// `software.amazon.awscdk` in Java). Never fails, never panics; work is linear-ish in the
/// text's size.
pub fn resources(text: &str, language: Language) -> Vec<Resource> {
    let marker = match language {
        Language::Javascript => text.contains("aws-cdk-lib") || text.contains("@aws-cdk/"),
        Language::Python => text.contains("aws_cdk"),
        Language::Java => text.contains("software.amazon.awscdk"),
        Language::Go => false,
    };
    if !marker {
        return Vec::new();
    }
    let Ok(table) = table() else {
        return Vec::new();
    };
    let t = lex(text, language);
    let (pair, parent) = pairs(&t);
    let mut scan = Scan {
        text,
        language,
        t,
        pair,
        parent,
        table,
        aliases: Aliases::default(),
        work: 0,
        budget: text.len().saturating_mul(32).saturating_add(1 << 20),
    };
    scan.imports();
    if scan.aliases.is_empty() {
        return Vec::new();
    }
    scan.constructs()
}

/// Pairs brackets. A closing bracket pairs with the nearest open one of its kind among the last
/// few open; the ones it skips stay unpaired (a stray bracket in code the lexer misread does
/// not unpair the rest of the file).
fn pairs(t: &[Token]) -> (Vec<usize>, Vec<usize>) {
    let mut pair = vec![NONE; t.len()];
    let mut parent = vec![NONE; t.len()];
    let mut stack: Vec<usize> = Vec::new();
    for (k, token) in t.iter().enumerate() {
        parent[k] = stack.last().copied().unwrap_or(NONE);
        let Tok::Punct(c) = token.tok else {
            continue;
        };
        let open = match c {
            b'(' | b'[' | b'{' => {
                stack.push(k);
                continue;
            }
            b')' => b'(',
            b']' => b'[',
            b'}' => b'{',
            _ => continue,
        };
        let found = stack
            .iter()
            .rev()
            .take(32)
            .position(|&o| t[o].tok == Tok::Punct(open));
        if let Some(back) = found {
            let at = stack.len() - 1 - back;
            let o = stack[at];
            stack.truncate(at);
            pair[o] = k;
            pair[k] = o;
            parent[k] = stack.last().copied().unwrap_or(NONE);
        }
    }
    (pair, parent)
}

impl<'a> Scan<'a> {
    fn ident(&self, k: usize) -> Option<&'a str> {
        let t = self.t.get(k)?;
        (t.tok == Tok::Ident).then(|| &self.text[t.start..t.end])
    }

    fn is(&self, k: usize, c: u8) -> bool {
        self.t.get(k).is_some_and(|t| t.tok == Tok::Punct(c))
    }

    fn string(&self, k: usize) -> Option<&'a str> {
        let t = self.t.get(k)?;
        (t.tok == Tok::Str).then(|| &self.text[t.inner.0..t.inner.1])
    }

    /// The partner of the bracket at `k`.
    fn partner(&self, k: usize) -> Option<usize> {
        self.pair.get(k).copied().filter(|&p| p != NONE)
    }

    /// The source text of tokens `a..b`, trimmed and cut to [`MAX_SCALAR`].
    fn source(&mut self, a: usize, b: usize) -> String {
        if a >= b || b > self.t.len() {
            return String::new();
        }
        let text = self.text[self.t[a].start..self.t[b - 1].end].trim();
        let mut end = text.len().min(MAX_SCALAR);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        self.work += end;
        text[..end].to_string()
    }

    /// `a.b.c` from `k`: its names and the token after it.
    fn qualified(&self, k: usize) -> (Vec<&'a str>, usize) {
        let mut parts = Vec::new();
        let Some(first) = self.ident(k) else {
            return (parts, k);
        };
        parts.push(first);
        let mut j = k + 1;
        while parts.len() < 8 && self.is(j, b'.') {
            match self.ident(j + 1) {
                Some(name) => {
                    parts.push(name);
                    j += 2;
                }
                None => break,
            }
        }
        (parts, j)
    }

    /// Splits tokens `a..b` at their top-level commas.
    fn split(&mut self, a: usize, b: usize) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut start = a;
        let mut k = a;
        while k < b {
            self.work += 1;
            if let Tok::Punct(b'(' | b'[' | b'{') = self.t[k].tok
                && let Some(close) = self.partner(k)
                && close < b
            {
                k = close + 1;
                continue;
            }
            if self.is(k, b',') {
                out.push((start, k));
                start = k + 1;
            }
            k += 1;
        }
        if start < b {
            out.push((start, b));
        }
        out
    }

    // -- imports -------------------------------------------------------------------------------

    fn imports(&mut self) {
        for k in 0..self.t.len() {
            match self.language {
                Language::Javascript => {
                    if self.ident(k) == Some("import") && !self.after_dot(k) {
                        self.js_import(k);
                    } else if self.ident(k) == Some("require") && self.is(k + 1, b'(') {
                        self.js_require(k);
                    }
                }
                Language::Python => {
                    let first_on_line = k == 0 || self.t[k - 1].line != self.t[k].line;
                    if self.ident(k) == Some("from") && first_on_line {
                        self.py_from(k);
                    } else if self.ident(k) == Some("import") && first_on_line {
                        self.py_import(k);
                    }
                }
                Language::Java => {
                    if self.ident(k) == Some("import") {
                        self.java_import(k);
                    }
                }
                Language::Go => {}
            }
        }
    }

    fn after_dot(&self, k: usize) -> bool {
        k > 0 && self.is(k - 1, b'.')
    }

    /// A JavaScript module specifier: Some(None) for the library, Some(Some(module)) for one of
    /// its modules, None for anything else.
    fn js_module(spec: &str) -> Option<Option<String>> {
        if spec == "aws-cdk-lib" {
            return Some(None);
        }
        if spec.starts_with("aws-cdk-lib/") || spec.starts_with("@aws-cdk/") {
            return Some(Some(canon(spec)));
        }
        None
    }

    /// Binds a namespace name (`* as sqs`, a default import, `const sqs = require(...)`).
    fn bind_namespace(&mut self, name: &str, module: &Option<String>) {
        match module {
            None => {
                self.aliases.roots.insert(name.to_string());
            }
            Some(m) => {
                self.aliases.modules.insert(name.to_string(), m.clone());
            }
        }
    }

    /// Binds a named import (`{ Queue as Q }`, `{ aws_sqs as sqs }`).
    fn bind_named(&mut self, imported: &str, local: &str, module: &Option<String>) {
        match module {
            None if imported.starts_with("aws_") => {
                self.aliases
                    .modules
                    .insert(local.to_string(), canon(imported));
            }
            None => {}
            Some(m) => {
                self.aliases
                    .classes
                    .insert(local.to_string(), (m.clone(), imported.to_string()));
            }
        }
    }

    /// Names in braces: `{ A, B as C, type D }` or, destructuring, `{ A, B: C }`.
    fn named_list(&mut self, open: usize, module: &Option<String>) {
        let Some(close) = self.partner(open) else {
            return;
        };
        for (s, e) in self.split(open + 1, close) {
            let mut s = s;
            if self.ident(s) == Some("type") && self.ident(s + 1).is_some() {
                s += 1;
            }
            let Some(imported) = self.ident(s) else {
                continue;
            };
            let local = if e > s + 2 && (self.ident(s + 1) == Some("as") || self.is(s + 1, b':')) {
                self.ident(s + 2)
            } else {
                Some(imported)
            };
            if let Some(local) = local {
                self.bind_named(imported, local, module);
            }
        }
    }

    fn js_import(&mut self, k: usize) {
        // The clause runs to `from 'module'`.
        let mut from = None;
        let mut j = k + 1;
        while j < self.t.len() && j < k + 400 && !self.is(j, b';') {
            if self.ident(j) == Some("from") && self.string(j + 1).is_some() {
                from = Some(j);
                break;
            }
            if self.string(j).is_some() && j == k + 1 {
                return;
            }
            j = match self.partner(j) {
                Some(p) if p > j => p + 1,
                _ => j + 1,
            };
        }
        let Some(from) = from else {
            return;
        };
        let Some(module) = self.string(from + 1).and_then(Self::js_module) else {
            return;
        };
        let mut i = k + 1;
        if self.ident(i) == Some("type") {
            i += 1;
        }
        while i < from {
            if self.is(i, b'*') && self.ident(i + 1) == Some("as") {
                if let Some(name) = self.ident(i + 2) {
                    self.bind_namespace(name, &module);
                }
                i += 3;
            } else if self.is(i, b'{') {
                self.named_list(i, &module);
                i = self.partner(i).map_or(from, |p| p + 1);
            } else if let Some(name) = self.ident(i) {
                self.bind_namespace(name, &module);
                i += 1;
            } else {
                i += 1;
            }
        }
    }

    fn js_require(&mut self, k: usize) {
        let Some(module) = self.string(k + 2).and_then(Self::js_module) else {
            return;
        };
        if k < 2 || !self.is(k - 1, b'=') {
            return;
        }
        let before = k - 2;
        if let Some(name) = self.ident(before) {
            self.bind_namespace(name, &module);
        } else if self.is(before, b'}')
            && let Some(open) = self.partner(before)
        {
            self.named_list(open, &module);
        }
    }

    /// `from aws_cdk import aws_sqs as sqs, (multi-line lists)`, `from aws_cdk.aws_sqs import Queue`.
    fn py_from(&mut self, k: usize) {
        let (parts, next) = self.qualified(k + 1);
        if parts.first() != Some(&"aws_cdk") || self.ident(next) != Some("import") {
            return;
        }
        let module = (parts.len() > 1).then(|| canon(&parts[1..].join("_")));
        let (a, b) = if self.is(next + 1, b'(') {
            match self.partner(next + 1) {
                Some(close) => (next + 2, close),
                None => return,
            }
        } else {
            let line = self.t[next].line;
            let mut end = next + 1;
            while end < self.t.len() && self.t[end].line == line {
                end += 1;
            }
            (next + 1, end)
        };
        for (s, e) in self.split(a, b) {
            if self.is(s, b'*') {
                if let Some(m) = &module {
                    self.aliases.wildcards.push(m.clone());
                }
                continue;
            }
            let Some(imported) = self.ident(s) else {
                continue;
            };
            let local = if e > s + 2 && self.ident(s + 1) == Some("as") {
                self.ident(s + 2).unwrap_or(imported)
            } else {
                imported
            };
            self.bind_named(imported, local, &module);
        }
    }

    /// `import aws_cdk as cdk`, `import aws_cdk.aws_sqs as sqs`.
    fn py_import(&mut self, k: usize) {
        let line = self.t[k].line;
        let mut end = k + 1;
        while end < self.t.len() && self.t[end].line == line {
            end += 1;
        }
        for (s, e) in self.split(k + 1, end) {
            let (parts, next) = self.qualified(s);
            if parts.first() != Some(&"aws_cdk") {
                continue;
            }
            let alias = (next + 1 < e && self.ident(next) == Some("as"))
                .then(|| self.ident(next + 1))
                .flatten();
            match (parts.len(), alias) {
                (1, alias) => {
                    self.aliases
                        .roots
                        .insert(alias.unwrap_or("aws_cdk").to_string());
                }
                (_, Some(alias)) => {
                    let module = canon(&parts[1..].join("_"));
                    self.aliases.modules.insert(alias.to_string(), module);
                }
                (_, None) => {
                    self.aliases.roots.insert("aws_cdk".to_string());
                }
            }
        }
    }

    /// `import software.amazon.awscdk.services.sqs.Queue;` and `...services.sqs.*;`.
    fn java_import(&mut self, k: usize) {
        let mut s = k + 1;
        if self.ident(s) == Some("static") {
            return;
        }
        let mut parts = Vec::new();
        let mut wildcard = false;
        while let Some(name) = self.ident(s) {
            parts.push(name);
            if !self.is(s + 1, b'.') || parts.len() > 12 {
                break;
            }
            if self.is(s + 2, b'*') {
                wildcard = true;
                break;
            }
            s += 2;
        }
        if parts.len() < 5 || parts[..4] != ["software", "amazon", "awscdk", "services"] {
            return;
        }
        let rest = &parts[4..];
        if wildcard {
            self.aliases.wildcards.push(canon(&rest.join(".")));
            return;
        }
        let Some((class, module)) = rest.split_last() else {
            return;
        };
        if module.is_empty() || !class.starts_with(|c: char| c.is_ascii_uppercase()) {
            return;
        }
        self.aliases.classes.insert(
            class.to_string(),
            (canon(&module.join(".")), class.to_string()),
        );
    }

    // -- constructs ----------------------------------------------------------------------------

    fn lookup(&self, module: &str, class: &str) -> Option<Target> {
        if let Some(&i) = self
            .table
            .by_class
            .get(&(module.to_string(), class.to_string()))
        {
            return Some(Target::Construct(i));
        }
        let resource = class.strip_prefix("Cfn").filter(|r| !r.is_empty())?;
        let ns = self.table.namespaces.get(module)?;
        Some(Target::L1(format!("{ns}::{resource}"), class.to_string()))
    }

    /// What a qualified name is, and how many of its names it took.
    fn resolve(&self, parts: &[&str]) -> Option<(Target, usize)> {
        let first = *parts.first()?;
        if let Some((module, class)) = self.aliases.classes.get(first) {
            return Some((self.lookup(module, class)?, 1));
        }
        if let Some(module) = self.aliases.modules.get(first) {
            return Some((self.lookup(module, parts.get(1)?)?, 2));
        }
        if self.aliases.roots.contains(first) {
            let module = canon(parts.get(1)?);
            return Some((self.lookup(&module, parts.get(2)?)?, 3));
        }
        if self.language == Language::Java && first.starts_with(|c: char| c.is_ascii_uppercase()) {
            return self
                .aliases
                .wildcards
                .iter()
                .find_map(|m| self.lookup(m, first))
                .map(|t| (t, 1));
        }
        None
    }

    /// The construct a whole qualified name names (every name used).
    fn construct_named(&self, parts: &[&str]) -> Option<Target> {
        match self.resolve(parts) {
            Some((target, used)) if used == parts.len() => Some(target),
            _ => None,
        }
    }

    fn constructs(&mut self) -> Vec<Resource> {
        let mut out = Vec::new();
        let python = self.language == Language::Python;
        for k in 0..self.t.len() {
            if self.work > self.budget {
                break;
            }
            // `new X(...)` (JavaScript, Java).
            if !python && self.ident(k) == Some("new") {
                let (parts, p) = self.qualified(k + 1);
                if self.is(p, b'(')
                    && let Some(target) = self.construct_named(&parts)
                    && let Some(r) = self.call(k, target, p, false)
                {
                    out.push(r);
                }
                continue;
            }
            // `X(...)` (Python) and `X.Builder.create(...)` (Java).
            if self.ident(k).is_some()
                && !self.after_dot(k)
                && !(k > 0 && self.ident(k - 1) == Some("new"))
            {
                let (parts, p) = self.qualified(k);
                if python && self.is(p, b'(') {
                    if let Some(target) = self.construct_named(&parts)
                        && let Some(r) = self.call(k, target, p, false)
                    {
                        out.push(r);
                    }
                } else if self.language == Language::Java
                    && parts.len() >= 3
                    && parts[parts.len() - 2..] == ["Builder", "create"]
                    && self.is(p, b'(')
                    && let Some(target) = self.construct_named(&parts[..parts.len() - 2])
                    && let Some(r) = self.call(k, target, p, true)
                {
                    out.push(r);
                }
            }
            // `receiver.createAlarm(...)` and the other methods that make a construct.
            if self.is(k, b'.')
                && let Some(name) = self.ident(k + 1)
                && self.is(k + 2, b'(')
            {
                let name = if python {
                    camel(name)
                } else {
                    name.to_string()
                };
                if let Some(&(c, m)) = self.table.by_method.get(&name)
                    && let Some(r) = self.method(k, c, m)
                {
                    out.push(r);
                }
            }
        }
        out
    }

    /// A construct call: `start` is its first token, `open` its `(`.
    fn call(
        &mut self,
        start: usize,
        target: Target,
        open: usize,
        builder: bool,
    ) -> Option<Resource> {
        let close = self.partner(open)?;
        let names = match &target {
            Target::Construct(i) => self.table.constructs[*i].args.clone(),
            Target::L1(..) => vec!["scope".into(), "id".into(), "props".into()],
        };
        let mut raw = Vec::new();
        let id = self.arguments(open + 1, close, &names, &mut raw);
        if builder {
            self.chain(close + 1, &mut raw);
        }
        Some(self.resource(start, self.t[start].line, target, raw, id))
    }

    /// A method that makes a construct: `dot` is the `.` before its name.
    fn method(&mut self, dot: usize, c: usize, m: usize) -> Option<Resource> {
        let open = dot + 2;
        let close = self.partner(open)?;
        let method = &self.table.constructs[c].methods[m];
        let (names, receiver) = (method.args.clone(), method.receiver.clone());
        let mut raw = Vec::new();
        let start = self.receiver_start(dot);
        if let Some(receiver) = receiver
            && start < dot
        {
            let text = self.source(start, dot);
            raw.push(Entry {
                key: receiver,
                line: self.t[dot + 1].line,
                node: Node {
                    line: self.t[dot + 1].line,
                    value: Value::Scalar(text),
                },
            });
        }
        let id = self.arguments(open + 1, close, &names, &mut raw);
        Some(self.resource(start, self.t[dot + 1].line, Target::Construct(c), raw, id))
    }

    /// Where the receiver of the method call at `dot` starts: `queue.metricX()` in
    /// `queue.metricX().createAlarm(...)`. `dot` itself when there is none.
    fn receiver_start(&self, dot: usize) -> usize {
        let mut s = dot;
        let mut i = dot;
        for _ in 0..64 {
            if i == 0 {
                break;
            }
            let p = i - 1;
            match self.t[p].tok {
                Tok::Punct(b')' | b']') => match self.partner(p) {
                    Some(o) => {
                        s = o;
                        i = o;
                    }
                    None => break,
                },
                Tok::Ident => {
                    s = p;
                    if p > 0 && self.is(p - 1, b'.') {
                        i = p - 1;
                    } else {
                        break;
                    }
                }
                Tok::Punct(b'!') if self.language == Language::Javascript => i = p,
                _ => break,
            }
        }
        s
    }

    /// Reads call arguments into `raw` by the names positional arguments have (`props` spreads
    /// its map; `scope` is dropped); Python's keyword arguments are props. Returns the id.
    fn arguments(
        &mut self,
        a: usize,
        b: usize,
        names: &[String],
        raw: &mut Vec<Entry>,
    ) -> Option<String> {
        let mut id = None;
        let mut position = 0;
        for (s, e) in self.split(a, b) {
            if let Some((key, v)) = self.keyword(s, e) {
                let node = self.value(v, e, 0);
                raw.push(Entry {
                    key: camel(key),
                    line: self.t[s].line,
                    node,
                });
                continue;
            }
            let Some(name) = names.get(position) else {
                continue;
            };
            position += 1;
            match name.as_str() {
                "scope" => {}
                "id" => {
                    id = Some(match self.string(s) {
                        Some(text) if e == s + 1 => text.to_string(),
                        _ => self.source(s, e),
                    });
                }
                "props" => {
                    let node = self.value(s, e, 0);
                    if let Value::Map(entries) = node.value {
                        raw.extend(entries);
                    }
                }
                other => {
                    let node = self.value(s, e, 0);
                    raw.push(Entry {
                        key: other.to_string(),
                        line: self.t[s].line,
                        node,
                    });
                }
            }
        }
        id
    }

    /// Python's `name=value` in `s..e`: the name and where the value starts.
    fn keyword(&self, s: usize, e: usize) -> Option<(&'a str, usize)> {
        if self.language != Language::Python || e < s + 3 || !self.is(s + 1, b'=') {
            return None;
        }
        let doubled = self.is(s + 2, b'=') && self.t[s + 2].start == self.t[s + 1].end;
        (!doubled).then_some((self.ident(s)?, s + 2))
    }

    /// Java's builder chain from `k`: `.name(value)` up to `.build()`; returns the token after.
    fn chain(&mut self, mut k: usize, raw: &mut Vec<Entry>) -> usize {
        while self.is(k, b'.')
            && let Some(name) = self.ident(k + 1)
            && self.is(k + 2, b'(')
            && let Some(close) = self.partner(k + 2)
        {
            self.work += 1;
            if name == "build" {
                return close + 1;
            }
            let node = self.value(k + 3, close, 1);
            raw.push(Entry {
                key: name.to_string(),
                line: self.t[k + 1].line,
                node,
            });
            k = close + 1;
        }
        k
    }

    fn resource(
        &mut self,
        start: usize,
        line: usize,
        target: Target,
        raw: Vec<Entry>,
        id: Option<String>,
    ) -> Resource {
        let raw = Node {
            line,
            value: Value::Map(raw),
        };
        let (kind, class, properties) = match target {
            Target::Construct(i) => {
                let c = &self.table.constructs[i];
                (
                    c.kind.clone(),
                    c.class.clone(),
                    map_props(&raw, &c.props, line),
                )
            }
            Target::L1(kind, class) => {
                let mut props = raw;
                pascal_keys(&mut props, &self.table.l1_json);
                (kind, class, props)
            }
        };
        // A construct no variable holds cannot be named by another's props: its reference is
        // its class and line, never its construct id (`'Queue'` would match the words of
        // every other `sqs.Queue(` in the app).
        let _ = id;
        let reference = self
            .assigned(start)
            .map(str::to_string)
            .unwrap_or_else(|| format!("{class}@{line}"));
        Resource {
            kind,
            reference,
            line,
            properties,
            handler: None,
        }
    }

    /// The variable the expression starting at `start` is assigned to: `dlq` in `const dlq =`,
    /// `this.dlq =`, `self.dlq: sqs.Queue =`, `Queue dlq =`. Not a keyword argument
    /// (`queue=sqs.Queue(...)` in a call) nor a comparison.
    fn assigned(&self, start: usize) -> Option<&'a str> {
        let eq = start.checked_sub(1)?;
        if !self.is(eq, b'=') {
            return None;
        }
        let before = eq.checked_sub(1)?;
        if let Tok::Punct(c) = self.t[before].tok
            && b"=!<>+-*/%&|^?:".contains(&c)
            && self.t[before].end == self.t[eq].start
        {
            return None;
        }
        match self.parent[eq] {
            NONE => {}
            p if self.language != Language::Python && self.is(p, b'{') => {}
            _ => return None,
        }
        let candidate = self.ident(before)?;
        // A type annotation on the same line (`const q: sqs.IQueue =`): the name is before `:`.
        let line = self.t[eq].line;
        let mut k = before;
        while k > 0 && before - k < 24 {
            k -= 1;
            if self.t[k].line != line {
                break;
            }
            match self.t[k].tok {
                Tok::Punct(b':') => return self.ident(k.checked_sub(1)?).or(Some(candidate)),
                Tok::Ident | Tok::Punct(b'.' | b'<' | b'>' | b'[' | b']' | b'|' | b'?' | b',') => {}
                _ => break,
            }
        }
        Some(candidate)
    }

    // -- values --------------------------------------------------------------------------------

    /// The value in tokens `a..b`: an object or dict is a map, an array a list, a struct
    /// (Python's `sqs.DeadLetterQueue(queue=dlq)`, Java's `X.builder()...build()`, JavaScript's
    /// `new cloudwatch.Metric({...})`) a map, a string its content, anything else its text.
    fn value(&mut self, a: usize, b: usize, depth: usize) -> Node {
        self.work += 1;
        let mut b = b.min(self.t.len());
        let line = self.t.get(a).map_or(1, |t| t.line);
        let scalar = |text: String| Node {
            line,
            value: Value::Scalar(text),
        };
        if a >= b {
            return scalar(String::new());
        }
        // TypeScript's `as const`, `as X`.
        if self.language == Language::Javascript
            && b >= a + 3
            && self.ident(b - 2) == Some("as")
            && self.ident(b - 1).is_some()
        {
            b -= 2;
        }
        if depth > MAX_DEPTH || self.work > self.budget {
            let text = self.source(a, b);
            return scalar(text);
        }
        if b == a + 1
            && let Some(text) = self.string(a)
        {
            return scalar(text.to_string());
        }
        let whole = |s: &Self, c: u8| s.is(a, c) && s.partner(a) == Some(b - 1);
        if whole(self, b'{') {
            let entries = self.object(a + 1, b - 1, depth);
            return Node {
                line,
                value: Value::Map(entries),
            };
        }
        if whole(self, b'[') {
            let items = self
                .split(a + 1, b - 1)
                .into_iter()
                .map(|(s, e)| self.value(s, e, depth + 1))
                .collect();
            return Node {
                line,
                value: Value::List(items),
            };
        }
        if let Some(entries) = self.structure(a, b, depth) {
            return Node {
                line,
                value: Value::Map(entries),
            };
        }
        let text = self.source(a, b);
        scalar(text)
    }

    /// A struct value spelled as a call, as a map; None for anything else (constructs too:
    /// they are resources of their own, and their text names them).
    fn structure(&mut self, a: usize, b: usize, depth: usize) -> Option<Vec<Entry>> {
        let python = self.language == Language::Python;
        let java = self.language == Language::Java;
        if !python && self.ident(a) == Some("new") {
            let (parts, p) = self.qualified(a + 1);
            if !self.is(p, b'(')
                || self.partner(p) != Some(b - 1)
                || self.construct_named(&parts).is_some()
            {
                return None;
            }
            let args = self.split(p + 1, b - 1);
            if let [(s, e)] = args.as_slice()
                && self.is(*s, b'{')
                && self.partner(*s) == Some(e - 1)
            {
                return Some(self.object(s + 1, e - 1, depth));
            }
            return None;
        }
        self.ident(a)?;
        let (parts, p) = self.qualified(a);
        let close = self.partner(p).filter(|_| self.is(p, b'('))?;
        if python && close == b - 1 && self.construct_named(&parts).is_none() {
            let args = self.split(p + 1, close);
            if args.is_empty() || args.iter().any(|&(s, e)| self.keyword(s, e).is_none()) {
                return None;
            }
            let mut entries = Vec::new();
            for (s, e) in args {
                let (key, v) = self.keyword(s, e)?;
                let node = self.value(v, e, depth + 1);
                entries.push(Entry {
                    key: camel(key),
                    line: self.t[s].line,
                    node,
                });
            }
            return Some(entries);
        }
        if java && parts.last() == Some(&"builder") && close == p + 1 {
            let mut entries = Vec::new();
            let end = self.chain(close + 1, &mut entries);
            return (end == b).then_some(entries);
        }
        if java && parts == ["Map", "of"] && close == b - 1 {
            let args = self.split(p + 1, close);
            if !args.len().is_multiple_of(2) {
                return None;
            }
            let mut entries = Vec::new();
            for kv in args.chunks(2) {
                let [(ks, ke), (vs, ve)] = kv else {
                    return None;
                };
                let key = self.string(*ks).filter(|_| *ke == ks + 1)?.to_string();
                let node = self.value(*vs, *ve, depth + 1);
                entries.push(Entry {
                    key,
                    line: self.t[*ks].line,
                    node,
                });
            }
            return Some(entries);
        }
        None
    }

    /// The entries of an object or dict literal (between its braces): `key: value`, quoted
    /// keys, shorthand `{ dlq }`; spreads, computed keys and methods are left out.
    fn object(&mut self, a: usize, b: usize, depth: usize) -> Vec<Entry> {
        let mut entries = Vec::new();
        for (s, e) in self.split(a, b) {
            let key = match self.t[s].tok {
                Tok::Ident | Tok::Num => &self.text[self.t[s].start..self.t[s].end],
                Tok::Str => &self.text[self.t[s].inner.0..self.t[s].inner.1],
                Tok::Punct(_) => continue,
            };
            if e > s + 1 && self.is(s + 1, b':') {
                let node = self.value(s + 2, e, depth + 1);
                entries.push(Entry {
                    key: key.to_string(),
                    line: self.t[s].line,
                    node,
                });
            } else if e == s + 1 && self.t[s].tok == Tok::Ident {
                entries.push(Entry {
                    key: key.to_string(),
                    line: self.t[s].line,
                    node: Node {
                        line: self.t[s].line,
                        value: Value::Scalar(key.to_string()),
                    },
                });
            }
        }
        entries
    }
}

/// L1 props are CloudFormation's in camelCase: PascalCase them, except inside JSON-typed
/// properties (a `RedrivePolicy`'s `deadLetterTargetArn` is spelled so in CloudFormation too).
fn pascal_keys(node: &mut Node, json: &[String]) {
    match &mut node.value {
        Value::Map(entries) => {
            for e in entries {
                e.key = upper_first(&e.key);
                if !json.contains(&e.key) {
                    pascal_keys(&mut e.node, json);
                }
            }
        }
        Value::List(items) => items.iter_mut().for_each(|i| pascal_keys(i, json)),
        Value::Scalar(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (kind, reference, line) of each resource.
    fn summary(found: &[Resource]) -> Vec<(String, String, usize)> {
        found
            .iter()
            .map(|r| (r.kind.clone(), r.reference.clone(), r.line))
            .collect()
    }

    fn get<'a>(found: &'a [Resource], reference: &str) -> &'a Resource {
        found
            .iter()
            .find(|r| r.reference == reference)
            .unwrap_or_else(|| panic!("no {reference} in {:#?}", summary(found)))
    }

    /// The line and scalar text at a dotted property path.
    fn at(r: &Resource, path: &str) -> Option<(usize, String)> {
        let segments: Vec<&str> = path.split('.').collect();
        let found = r.properties.find(&segments);
        let (line, node) = found.first()?;
        Some((*line, node.scalars().join(" ")))
    }

    #[test]
    fn the_shipped_table_loads() {
        let t = table().unwrap();
        assert!(t.constructs.len() >= 40, "{}", t.constructs.len());
        assert!(
            t.by_class
                .contains_key(&("sqs".to_string(), "Queue".to_string()))
        );
        assert!(t.by_class.contains_key(&(
            "lambdaeventsources".to_string(),
            "SqsEventSource".to_string()
        )));
        assert!(t.by_method.contains_key("createAlarm"));
        assert_eq!(t.terraform_modules.len(), 3);
        check().unwrap();
    }

    #[test]
    fn a_broken_table_names_the_entry() {
        let base = |construct: &str| {
            format!(
                r#"{{"schemaVersion": 1, "namespaces": [], "l1JsonProperties": [], "constructs": [{construct}], "terraformModules": []}}"#
            )
        };
        let e = parse_table(&base(
            r#"{"module": "aws-sqs", "class": "Queue", "type": "SQS"}"#,
        ))
        .unwrap_err();
        assert!(
            e.contains("construct aws-sqs Queue") && e.contains("type"),
            "{e}"
        );
        let e = parse_table(&base(
            r#"{"module": "aws-sqs", "class": "Queue", "type": "AWS::SQS::Queue", "props": [{"from": "a", "to": "B", "capture": ["("]}]}"#,
        ))
        .unwrap_err();
        assert!(
            e.contains("construct aws-sqs Queue") && e.contains("capture"),
            "{e}"
        );
        let e = parse_table(&base(
            r#"{"module": "aws-sqs", "class": "Queue", "type": "AWS::SQS::Queue", "unknown": 1}"#,
        ))
        .unwrap_err();
        assert!(e.contains("unknown"), "{e}");
        let twice = r#"{"module": "aws-sqs", "class": "Queue", "type": "AWS::SQS::Queue"}"#;
        let e = parse_table(&base(&format!("{twice}, {twice}"))).unwrap_err();
        assert!(e.contains("appears twice"), "{e}");
        let e = parse_table(
            r#"{"schemaVersion": 1, "namespaces": [], "l1JsonProperties": [], "constructs": [], "terraformModules": [{"source": "a/b/c", "resources": [{"type": "aws_x", "when": ["create"]}]}]}"#,
        )
        .unwrap_err();
        assert!(
            e.contains("terraform module a/b/c") && e.contains("no default"),
            "{e}"
        );
    }

    #[test]
    fn module_names_agree_across_languages() {
        for (a, b) in [
            ("aws-cdk-lib/aws-sqs", "sqs"),
            ("@aws-cdk/aws-lambda-event-sources", "lambda.eventsources"),
            ("aws_lambda_event_sources", "lambdaeventsources"),
            ("@aws-cdk/aws-scheduler-alpha", "scheduler.alpha"),
            ("aws_lambda_python_alpha", "lambda.python.alpha"),
        ] {
            assert_eq!(canon(a), canon(b), "{a} {b}");
        }
        assert_eq!(camel("max_receive_count"), "maxReceiveCount");
        assert_eq!(
            pascal("approximate_age_of_oldest_message"),
            "ApproximateAgeOfOldestMessage"
        );
    }

    const TS: &str = r#"import * as cdk from 'aws-cdk-lib';
import { Construct } from 'constructs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { aws_lambda as lambda, Duration } from 'aws-cdk-lib';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';

export class OrdersStack extends cdk.Stack {
  constructor(scope: Construct, id: string, props?: cdk.StackProps) {
    super(scope, id, props);
    // new sqs.Queue(this, 'Commented') is not a queue
    const dlq = new sqs.Queue(this, 'OrdersDlq', { retentionPeriod: Duration.days(14) });
    this.orders = new sqs.Queue(this, 'Orders', {
      fifo: true,
      contentBasedDeduplication: true,
      deadLetterQueue: {
        queue: dlq,
        maxReceiveCount: 3,
      },
    });
    const fn = new lambda.Function(this, 'Handler', {
      runtime: lambda.Runtime.NODEJS_20_X,
      code: lambda.Code.fromAsset(`${__dirname}/handler`),
      handler: 'index.handler',
      maxEventAge: Duration.hours(1),
    });
    fn.addEventSource(new SqsEventSource(this.orders, { reportBatchItemFailures: true }));
    const rule = new events.Rule(this, 'Nightly', {
      schedule: events.Schedule.rate(Duration.minutes(5)),
    });
    rule.addTarget(new targets.LambdaFunction(fn, { deadLetterQueue: dlq }));
    this.orders
      .metricApproximateAgeOfOldestMessage()
      .createAlarm(this, 'OrdersAge', { threshold: 300, evaluationPeriods: 1 });
    new cdk.aws_sqs.CfnQueue(this, 'Raw', { redrivePolicy: { deadLetterTargetArn: dlq.queueArn } });
  }
}
"#;

    #[test]
    fn typescript_constructs_become_resources() {
        let found = resources(TS, Language::Javascript);
        assert_eq!(
            summary(&found),
            [
                ("AWS::SQS::Queue", "dlq", 14),
                ("AWS::SQS::Queue", "orders", 15),
                ("AWS::Serverless::Function", "fn", 23),
                ("AWS::Lambda::EventSourceMapping", "SqsEventSource@29", 29),
                ("AWS::Events::Rule", "rule", 30),
                ("AWS::Events::Rule::Target", "LambdaFunction@33", 33),
                ("AWS::CloudWatch::Alarm", "Alarm@36", 36),
                ("AWS::SQS::Queue", "CfnQueue@37", 37),
            ]
            .map(|(k, r, l)| (k.to_string(), r.to_string(), l))
        );
        let orders = get(&found, "orders");
        assert_eq!(at(orders, "FifoQueue"), Some((16, "true".into())));
        assert_eq!(
            at(orders, "ContentBasedDeduplication"),
            Some((17, "true".into()))
        );
        assert_eq!(at(orders, "RedrivePolicy").map(|a| a.0), Some(18));
        assert_eq!(
            at(orders, "RedrivePolicy.deadLetterTargetArn"),
            Some((19, "dlq".into()))
        );
        let fn_ = get(&found, "fn");
        assert_eq!(
            at(fn_, "EventInvokeConfig.MaximumEventAgeInSeconds"),
            Some((27, "Duration.hours(1)".into()))
        );
        let esm = get(&found, "SqsEventSource@29");
        assert_eq!(
            at(esm, "FunctionResponseTypes"),
            Some((29, "ReportBatchItemFailures".into()))
        );
        assert_eq!(
            at(esm, "EventSourceArn").map(|a| a.1),
            Some("this.orders".into())
        );
        let rule = get(&found, "rule");
        assert_eq!(
            at(rule, "ScheduleExpression"),
            Some((31, "events.Schedule.rate(Duration.minutes(5))".into()))
        );
        let target = get(&found, "LambdaFunction@33");
        assert_eq!(at(target, "DeadLetterConfig.Arn"), Some((33, "dlq".into())));
        assert!(at(target, "Arn").is_none());
        let alarm = get(&found, "Alarm@36");
        assert_eq!(
            at(alarm, "MetricName"),
            Some((36, "ApproximateAgeOfOldestMessage".into()))
        );
        let raw = get(&found, "CfnQueue@37");
        assert_eq!(
            at(raw, "RedrivePolicy.deadLetterTargetArn"),
            Some((37, "dlq.queueArn".into()))
        );
    }

    #[test]
    fn unqualified_and_required_classes_resolve() {
        let text = "const { Queue } = require('aws-cdk-lib/aws-sqs');\nconst cw = require('aws-cdk-lib/aws-cloudwatch');\nimport { Queue as Q2 } from '@aws-cdk/aws-sqs';\nconst a = new Queue(this, 'A');\nconst b = new Q2(this, 'B', { deadLetterQueue: { queue: a, maxReceiveCount: 5 } });\nnew cw.Alarm(this, 'Al', { metric: new cw.Metric({ namespace: 'AWS/SQS', metricName: 'ApproximateNumberOfMessagesVisible' }), threshold: 1 });\nconst c: sqs.IQueue = new Queue(this, 'C');\n";
        let found = resources(text, Language::Javascript);
        assert_eq!(
            summary(&found),
            [
                ("AWS::SQS::Queue", "a", 4),
                ("AWS::SQS::Queue", "b", 5),
                ("AWS::CloudWatch::Alarm", "Alarm@6", 6),
                ("AWS::SQS::Queue", "c", 7),
            ]
            .map(|(k, r, l)| (k.to_string(), r.to_string(), l))
        );
        assert_eq!(
            at(&found[2], "MetricName").map(|a| a.1),
            Some("ApproximateNumberOfMessagesVisible".into())
        );
    }

    const PY: &str = r#"from aws_cdk import (
    Duration,
    Stack,
    aws_lambda as _lambda,
    aws_sqs as sqs,
)
from aws_cdk.aws_lambda_event_sources import SqsEventSource
from constructs import Construct


class WorkerStack(Stack):
    def __init__(self, scope: Construct, construct_id: str, **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)
        self.dlq = sqs.Queue(self, "WorkerDlq")
        queue = sqs.Queue(
            self,
            "Work",
            dead_letter_queue=sqs.DeadLetterQueue(max_receive_count=3, queue=self.dlq),
        )
        worker = _lambda.Function(
            self,
            "Worker",
            runtime=_lambda.Runtime.PYTHON_3_12,
            handler="app.handler",
            code=_lambda.Code.from_asset("src/worker"),
            on_failure=destinations.SqsDestination(self.dlq),
        )
        worker.add_event_source(SqsEventSource(queue, batch_size=10))
        queue.metric_approximate_age_of_oldest_message().create_alarm(
            self, "WorkAge", threshold=600, evaluation_periods=2
        )
"#;

    #[test]
    fn python_constructs_become_resources() {
        let found = resources(PY, Language::Python);
        assert_eq!(
            summary(&found),
            [
                ("AWS::SQS::Queue", "dlq", 14),
                ("AWS::SQS::Queue", "queue", 15),
                ("AWS::Serverless::Function", "worker", 20),
                ("AWS::Lambda::EventSourceMapping", "SqsEventSource@28", 28),
                ("AWS::CloudWatch::Alarm", "Alarm@29", 29),
            ]
            .map(|(k, r, l)| (k.to_string(), r.to_string(), l))
        );
        let queue = get(&found, "queue");
        assert_eq!(at(queue, "RedrivePolicy").map(|a| a.0), Some(18));
        assert_eq!(
            at(queue, "RedrivePolicy.deadLetterTargetArn"),
            Some((18, "self.dlq".into()))
        );
        let worker = get(&found, "worker");
        assert_eq!(
            at(
                worker,
                "EventInvokeConfig.DestinationConfig.OnFailure.Destination"
            ),
            Some((26, "destinations.SqsDestination(self.dlq)".into()))
        );
        let esm = get(&found, "SqsEventSource@28");
        assert!(at(esm, "FunctionResponseTypes").is_none());
        assert_eq!(at(esm, "BatchSize"), Some((28, "10".into())));
        let alarm = get(&found, "Alarm@29");
        assert_eq!(
            at(alarm, "MetricName"),
            Some((29, "ApproximateAgeOfOldestMessage".into()))
        );
    }

    const JAVA: &str = r#"package com.example;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueProps;
import software.amazon.awscdk.services.lambda.eventsources.*;
import software.constructs.Construct;

public class BillingStack extends Stack {
    public BillingStack(final Construct scope, final String id) {
        super(scope, id);
        Queue dlq = Queue.Builder.create(this, "BillingDlq").build();
        Queue billing = Queue.Builder.create(this, "Billing")
                .deadLetterQueue(DeadLetterQueue.builder()
                        .queue(dlq)
                        .maxReceiveCount(3)
                        .build())
                .build();
        Queue audit = new Queue(this, "Audit", QueueProps.builder()
                .fifo(true)
                .contentBasedDeduplication(true)
                .build());
        handler.addEventSource(new SqsEventSource(billing, SqsEventSourceProps.builder()
                .reportBatchItemFailures(true)
                .build()));
    }
}
"#;

    #[test]
    fn java_constructs_become_resources() {
        let found = resources(JAVA, Language::Java);
        assert_eq!(
            summary(&found),
            [
                ("AWS::SQS::Queue", "dlq", 14),
                ("AWS::SQS::Queue", "billing", 15),
                ("AWS::SQS::Queue", "audit", 21),
                ("AWS::Lambda::EventSourceMapping", "SqsEventSource@25", 25),
            ]
            .map(|(k, r, l)| (k.to_string(), r.to_string(), l))
        );
        let billing = get(&found, "billing");
        assert_eq!(at(billing, "RedrivePolicy").map(|a| a.0), Some(16));
        assert_eq!(
            at(billing, "RedrivePolicy.deadLetterTargetArn"),
            Some((17, "dlq".into()))
        );
        let audit = get(&found, "audit");
        assert_eq!(at(audit, "FifoQueue"), Some((22, "true".into())));
        assert_eq!(
            at(audit, "ContentBasedDeduplication"),
            Some((23, "true".into()))
        );
        let esm = get(&found, "SqsEventSource@25");
        assert_eq!(
            at(esm, "FunctionResponseTypes"),
            Some((26, "ReportBatchItemFailures".into()))
        );
        assert_eq!(
            at(esm, "EventSourceArn").map(|a| a.1),
            Some("billing".into())
        );
    }

    #[test]
    fn files_that_are_not_cdk_give_nothing() {
        let text = "import * as sqs from './my-sqs';\nconst q = new sqs.Queue(this, 'Q');\n";
        assert!(resources(text, Language::Javascript).is_empty());
        let text = "from myapp import aws_sqs as sqs\nq = sqs.Queue(self, 'Q')\n";
        assert!(resources(text, Language::Python).is_empty());
        assert!(resources("package main\n", Language::Go).is_empty());
    }

    #[test]
    fn strings_and_comments_hide_brackets() {
        let text = "import * as sqs from 'aws-cdk-lib/aws-sqs';\n/* new sqs.Queue(this, 'X') */\nconst s = `${ '}' } ) new sqs.Queue(this, 'T') ${`nested ${1}`}`;\nconst q = new sqs.Queue(this, 'Q', { queueName: 'a)b}c', fifo: true });\n";
        let found = resources(text, Language::Javascript);
        assert_eq!(
            summary(&found),
            [("AWS::SQS::Queue".to_string(), "q".to_string(), 4)]
        );
        assert_eq!(
            at(&found[0], "QueueName").map(|a| a.1),
            Some("a)b}c".into())
        );
    }

    /// Random text, CDK-shaped text cut anywhere and bracket soup: never a panic, and the
    /// work stays bounded.
    #[test]
    fn garbage_never_panics() {
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let alphabet: Vec<char> = "new sqs.Queue(this,'Q',{a:[b]})=`${}`\"'#/*\\\n .é_\u{1F600}import from aws_cdk aws-cdk-lib software.amazon.awscdk.services.sqs.Queue Builder create build builder() createAlarm kw=1 :=".chars().collect();
        let samples = [TS, PY, JAVA];
        for round in 0..600 {
            let text: String = if round % 3 == 0 {
                let len = (next() % 400) as usize;
                (0..len)
                    .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                    .collect()
            } else {
                let sample = samples[(next() % 3) as usize];
                let cut = (next() as usize) % (sample.len() + 1);
                let mut end = cut;
                while !sample.is_char_boundary(end) {
                    end -= 1;
                }
                let mut t = sample[..end].to_string();
                t.push_str(&sample[end..].chars().rev().collect::<String>());
                t
            };
            for language in [Language::Javascript, Language::Python, Language::Java] {
                let header = "import * as sqs from 'aws-cdk-lib/aws-sqs';\nfrom aws_cdk import aws_sqs as sqs\nimport software.amazon.awscdk.services.sqs.*;\n";
                let _ = resources(&format!("{header}{text}"), language);
            }
        }
        // Deep nesting and long chains finish quickly.
        let deep = format!(
            "import * as sqs from 'aws-cdk-lib/aws-sqs';\n{}{}",
            "new sqs.Queue(this, 'Q', { a: [".repeat(3000),
            "]})".repeat(3000)
        );
        let started = std::time::Instant::now();
        let found = resources(&deep, Language::Javascript);
        assert!(!found.is_empty());
        let brackets = format!(
            "import * as sqs from 'aws-cdk-lib/aws-sqs';\n{}",
            "({[".repeat(20000)
        );
        let _ = resources(&brackets, Language::Javascript);
        assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
    }

    /// The fixture apps the end-to-end tests read give what their EXPECTED.md lists.
    #[test]
    fn fixture_apps_give_the_expected_resources() {
        let base = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/evidence/cdk/");
        for (file, language, expected) in [
            (
                "ts/lib/orders-stack.ts",
                Language::Javascript,
                &[
                    ("AWS::SQS::Queue", "ordersDlq", 20),
                    ("AWS::SQS::Queue", "ordersQueue", 24),
                    ("AWS::SQS::Queue", "auditQueue", 33),
                    ("AWS::Serverless::Function", "processOrder", 35),
                    ("AWS::Lambda::EventSourceMapping", "SqsEventSource@43", 43),
                    ("AWS::Kinesis::Stream", "clickStream", 49),
                    (
                        "AWS::Lambda::EventSourceMapping",
                        "KinesisEventSource@51",
                        51,
                    ),
                    ("AWS::Events::Rule", "nightly", 58),
                    ("AWS::Events::Rule::Target", "LambdaFunction@61", 61),
                    ("AWS::CloudWatch::Alarm", "Alarm@65", 65),
                    ("AWS::StepFunctions::StateMachine", "StateMachine@67", 67),
                    ("AWS::Lambda::LayerVersion", "LayerVersion@72", 72),
                ][..],
            ),
            ("ts/bin/app.ts", Language::Javascript, &[][..]),
            (
                "python/stacks/worker_stack.py",
                Language::Python,
                &[
                    ("AWS::SQS::Queue", "jobs_dlq", 21),
                    ("AWS::SQS::Queue", "jobs", 23),
                    ("AWS::SNS::Topic", "notices", 34),
                    ("AWS::Serverless::Function", "worker", 36),
                    ("AWS::Lambda::EventSourceMapping", "SqsEventSource@46", 46),
                    ("AWS::Events::Rule", "Rule@48", 48),
                    ("AWS::Events::Rule::Target", "LambdaFunction@52", 52),
                    ("AWS::CloudWatch::Alarm", "Alarm@55", 55),
                ][..],
            ),
            ("python/app.py", Language::Python, &[][..]),
            (
                "java/src/main/java/com/example/BillingStack.java",
                Language::Java,
                &[
                    ("AWS::SQS::Queue", "invoicesDlq", 21),
                    ("AWS::SQS::Queue", "invoices", 25),
                    ("AWS::SQS::Queue", "ledger", 33),
                    ("AWS::Serverless::Function", "billing", 38),
                    ("AWS::Lambda::EventSourceMapping", "SqsEventSource@45", 45),
                    ("AWS::ElasticLoadBalancingV2::TargetGroup", "api", 49),
                ][..],
            ),
        ] {
            let text = std::fs::read_to_string(format!("{base}{file}")).unwrap();
            let found = resources(&text, language);
            let want: Vec<(String, String, usize)> = expected
                .iter()
                .map(|(k, r, l)| (k.to_string(), r.to_string(), *l))
                .collect();
            assert_eq!(summary(&found), want, "{file}");
        }
    }
}
