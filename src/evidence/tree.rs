//! Infrastructure files as one kind of tree with line numbers: YAML and JSON (CloudFormation,
//! SAM, synthesized CDK) and HCL (Terraform) all become [`Node`]s, so a rule matches the same
//! way in each.
//!
//! YAML and JSON are read with libyaml-safer's event parser (JSON is YAML), which gives every key
//! its line and keeps CloudFormation's short tags: `!Ref X` becomes `{Ref: X}` and `!GetAtt
//! a.b` becomes `{Fn::GetAtt: a.b}`, as the long form would be. HCL is read with hcl-edit,
//! whose spans give the lines.

use std::collections::HashMap;

use hcl_edit::Span;
use hcl_edit::expr::{Expression, ObjectKey};
use hcl_edit::structure::{Body, Structure};
use libyaml_safer::{EventData, Parser, ScalarStyle};

/// A value in a file, at a line.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub line: usize,
    pub value: Value,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Keys in file order; HCL blocks of one type repeat their key.
    Map(Vec<Entry>),
    List(Vec<Node>),
    /// Strings, numbers, booleans and (for HCL) any expression, as text.
    Scalar(String),
}

/// A key of a map, at its own line, and its value.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: String,
    pub line: usize,
    pub node: Node,
}

impl Node {
    fn scalar(line: usize, text: impl Into<String>) -> Node {
        Node {
            line,
            value: Value::Scalar(text.into()),
        }
    }

    /// The entries of a map (none for anything else).
    pub fn entries(&self) -> &[Entry] {
        match &self.value {
            Value::Map(entries) => entries,
            _ => &[],
        }
    }

    /// The first value of `key` in this map.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entries()
            .iter()
            .find(|e| e.key == key)
            .map(|e| &e.node)
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar(s) => Some(s),
            _ => None,
        }
    }

    /// Every place a dotted path leads to, with the line of its last key. A `*` segment
    /// matches any key; a list on the way is looked into item by item (HCL repeats blocks,
    /// YAML lists them).
    pub fn find<'a>(&'a self, path: &[&str]) -> Vec<(usize, &'a Node)> {
        let mut out = Vec::new();
        self.find_into(path, self.line, &mut out);
        out
    }

    fn find_into<'a>(&'a self, path: &[&str], line: usize, out: &mut Vec<(usize, &'a Node)>) {
        let Some((first, rest)) = path.split_first() else {
            out.push((line, self));
            return;
        };
        match &self.value {
            Value::Map(entries) => {
                for e in entries.iter().filter(|e| *first == "*" || e.key == *first) {
                    e.node.find_into(rest, e.line, out);
                }
            }
            Value::List(items) => {
                for item in items {
                    item.find_into(path, item.line, out);
                }
            }
            Value::Scalar(_) => {}
        }
    }

    /// Every scalar in this subtree.
    pub fn scalars(&self) -> Vec<&str> {
        let mut out = Vec::new();
        self.walk(&mut |text| out.push(text), false);
        out
    }

    /// Every scalar under a key named in `keys`, anywhere in this subtree.
    pub fn values_under<'a>(&'a self, keys: &[String], out: &mut Vec<&'a str>) {
        match &self.value {
            Value::Scalar(_) => {}
            Value::List(items) => items.iter().for_each(|i| i.values_under(keys, out)),
            Value::Map(entries) => {
                for e in entries {
                    if keys.contains(&e.key) {
                        out.extend(e.node.scalars());
                    }
                    e.node.values_under(keys, out);
                }
            }
        }
    }

    /// The subtree as text: each map entry as `"key": value`, each scalar as `"scalar"`, so a
    /// pattern finds `"Type": "Task"` in a YAML map, in a JSON string and in HCL alike.
    pub fn text(&self) -> String {
        let mut out = String::new();
        self.write_text(&mut out);
        out
    }

    fn write_text(&self, out: &mut String) {
        match &self.value {
            Value::Scalar(s) => {
                out.push('"');
                out.push_str(s);
                out.push_str("\"\n");
            }
            Value::List(items) => items.iter().for_each(|i| i.write_text(out)),
            Value::Map(entries) => {
                for e in entries {
                    out.push('"');
                    out.push_str(&e.key);
                    out.push_str("\": ");
                    e.node.write_text(out);
                }
            }
        }
    }

    /// Puts this subtree, every key and value, at one line (text read in from another file).
    pub fn set_line(&mut self, line: usize) {
        self.line = line;
        match &mut self.value {
            Value::Scalar(_) => {}
            Value::List(items) => items.iter_mut().for_each(|i| i.set_line(line)),
            Value::Map(entries) => {
                for e in entries {
                    e.line = line;
                    e.node.set_line(line);
                }
            }
        }
    }

    /// A Terraform value that may well be null: a bare `var.x`, or `try(..., null)` and
    /// `lookup(..., null)` (a module passing an optional input through). Setting an attribute
    /// to one of these sets nothing the module's caller did not choose.
    pub fn maybe_null(&self) -> bool {
        let Some(text) = self.as_str() else {
            return false;
        };
        let text = text.trim();
        let bare_var = text.strip_prefix("var.").is_some_and(|rest| {
            !rest.is_empty()
                && rest
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
        });
        let null_default = (text.starts_with("try(") || text.starts_with("lookup("))
            && text.trim_end_matches(')').trim_end().ends_with("null");
        bare_var || null_default
    }

    /// The line of the first key or scalar in this subtree that contains `needle`; inside a
    /// scalar of several lines (a state machine definition in a block scalar), the line of the
    /// text that holds it.
    pub fn mention_line(&self, needle: &str) -> Option<usize> {
        match &self.value {
            Value::Scalar(s) => {
                let at = s.find(needle)?;
                Some(self.line + s[..at].matches('\n').count())
            }
            Value::List(items) => items.iter().find_map(|i| i.mention_line(needle)),
            Value::Map(entries) => entries.iter().find_map(|e| {
                if e.key.contains(needle) {
                    Some(e.line)
                } else {
                    e.node.mention_line(needle)
                }
            }),
        }
    }

    fn walk<'a>(&'a self, f: &mut impl FnMut(&'a str), keys: bool) {
        match &self.value {
            Value::Scalar(s) => f(s),
            Value::List(items) => items.iter().for_each(|i| i.walk(f, keys)),
            Value::Map(entries) => {
                for e in entries {
                    if keys {
                        f(&e.key);
                    }
                    e.node.walk(f, keys);
                }
            }
        }
    }
}

/// Why a file could not be read as a tree, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Deeper than this, a file is not a template anyone wrote: refused before any recursion
/// (here or in the parser) could run out of stack.
const MAX_DEPTH: usize = 200;

/// More nodes than this, counting every alias expanded, is an alias bomb (a few lines that
/// expand to billions of nodes), not a template.
const MAX_NODES: usize = 2_000_000;

/// The first document of a YAML or JSON text.
///
/// libyaml-safer 0.3 panics where its input ends without a line break in some places (a
/// flow collection or a plain scalar on the last line): the text is given one, and any other
/// panic of the parser is caught and turned into this file's parse error, so one odd file
/// never stops a scan.
pub fn yaml(text: &str) -> Result<Option<Node>, ParseError> {
    let text: std::borrow::Cow<'_, str> = if text.ends_with('\n') {
        text.into()
    } else {
        format!("{text}\n").into()
    };
    quiet_parser_panics();
    std::panic::catch_unwind(|| parse_yaml(&text)).unwrap_or_else(|_| {
        Err(ParseError {
            line: 1,
            column: 1,
            message: "the YAML reader stopped on this file".to_string(),
        })
    })
}

/// The parser's own panics are caught and reported as the file's error: the default hook
/// would print them (with a backtrace hint) on the user's terminal first.
fn quiet_parser_panics() {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let parser = info
                .location()
                .is_some_and(|at| at.file().contains("libyaml-safer"));
            if !parser {
                default(info);
            }
        }));
    });
}

fn parse_yaml(text: &str) -> Result<Option<Node>, ParseError> {
    let mut builder = Builder::default();
    let mut input = text.as_bytes();
    let mut parser = Parser::new();
    parser.set_input_string(&mut input);
    loop {
        let event = parser.parse().map_err(|e| {
            let mark = e.problem_mark().unwrap_or_default();
            ParseError {
                line: one_based(mark.line),
                column: one_based(mark.column),
                message: match e.context() {
                    Some(context) => format!("{} {context}", e.problem()),
                    None => e.problem().to_string(),
                },
            }
        })?;
        let mut line = one_based(event.start_mark.line);
        // A block scalar's text starts on the line after its `|` or `>`.
        if let EventData::Scalar {
            style: ScalarStyle::Literal | ScalarStyle::Folded,
            ..
        } = &event.data
        {
            line += 1;
        }
        let end = matches!(
            event.data,
            EventData::StreamEnd | EventData::DocumentEnd { .. }
        );
        builder.on_event(event.data, line);
        if let Some(message) = builder.refused.take() {
            return Err(ParseError {
                line,
                column: one_based(event.start_mark.column),
                message,
            });
        }
        if end || !builder.documents.is_empty() {
            break;
        }
    }
    Ok(builder.documents.into_iter().next())
}

/// libyaml counts lines and columns from 0.
fn one_based(n: u64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX).saturating_add(1)
}

/// Builds nodes from the parser's events.
#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    documents: Vec<Node>,
    /// Anchored nodes and their sizes.
    anchors: HashMap<String, (Node, usize)>,
    /// Nodes made so far, aliases counted at their full size.
    nodes: usize,
    /// Why the text is refused, when it is.
    refused: Option<String>,
}

struct Frame {
    line: usize,
    anchor: Option<String>,
    /// Nodes made before this collection started: its size is the difference.
    nodes_before: usize,
    /// A short tag (`!If`, `!Sub`...) on the collection: it becomes a one-key map.
    tag: Option<String>,
    kind: FrameKind,
}

enum FrameKind {
    Map {
        entries: Vec<Entry>,
        key: Option<(String, usize)>,
    },
    List(Vec<Node>),
}

/// The long form of a CloudFormation short tag: `!Ref` is `Ref`, `!GetAtt` is `Fn::GetAtt`.
/// Other tags (`!!str`, which libyaml resolves to `tag:yaml.org,2002:str`) change nothing.
fn intrinsic(tag: Option<&str>) -> Option<String> {
    let suffix = tag?.strip_prefix('!')?;
    if suffix.is_empty() || suffix.starts_with('!') {
        return None;
    }
    Some(match suffix {
        "Ref" | "Condition" => suffix.to_string(),
        other => format!("Fn::{other}"),
    })
}

fn tagged(node: Node, tag: Option<String>) -> Node {
    match tag {
        Some(key) => Node {
            line: node.line,
            value: Value::Map(vec![Entry {
                key,
                line: node.line,
                node,
            }]),
        },
        None => node,
    }
}

impl Builder {
    fn add(&mut self, node: Node) {
        let Some(frame) = self.stack.last_mut() else {
            self.documents.push(node);
            return;
        };
        match &mut frame.kind {
            FrameKind::List(items) => items.push(node),
            FrameKind::Map { entries, key } => match key.take() {
                Some((key, line)) => entries.push(Entry { key, line, node }),
                None => {
                    let text = match &node.value {
                        Value::Scalar(s) => s.clone(),
                        // A complex key (`? [a, b]`): no rule looks for one.
                        _ => String::from("?"),
                    };
                    *key = Some((text, node.line));
                }
            },
        }
    }

    fn close(&mut self) {
        let Some(frame) = self.stack.pop() else {
            return;
        };
        let value = match frame.kind {
            FrameKind::Map { entries, .. } => Value::Map(entries),
            FrameKind::List(items) => Value::List(items),
        };
        let node = tagged(
            Node {
                line: frame.line,
                value,
            },
            frame.tag,
        );
        if let Some(anchor) = frame.anchor {
            let size = self.nodes - frame.nodes_before;
            self.anchors.insert(anchor, (node.clone(), size));
        }
        self.add(node);
    }

    /// Counts `n` more nodes; past the limit the text is refused.
    fn count(&mut self, n: usize) -> bool {
        self.nodes = self.nodes.saturating_add(n);
        if self.nodes > MAX_NODES {
            self.refused = Some(format!(
                "expands to more than {MAX_NODES} values through its aliases; not read"
            ));
            return false;
        }
        true
    }

    fn open(&mut self, line: usize, anchor: Option<String>, tag: Option<String>, kind: FrameKind) {
        if self.stack.len() >= MAX_DEPTH {
            self.refused = Some(format!("nests deeper than {MAX_DEPTH} levels; not read"));
            return;
        }
        self.count(1);
        self.stack.push(Frame {
            line,
            anchor,
            nodes_before: self.nodes,
            tag,
            kind,
        });
    }
}

impl Builder {
    fn on_event(&mut self, event: EventData, line: usize) {
        match event {
            EventData::Scalar {
                value, anchor, tag, ..
            } => {
                if !self.count(1) {
                    return;
                }
                let node = tagged(Node::scalar(line, value), intrinsic(tag.as_deref()));
                if let Some(anchor) = anchor {
                    self.anchors.insert(anchor, (node.clone(), 1));
                }
                self.add(node);
            }
            EventData::MappingStart { anchor, tag, .. } => self.open(
                line,
                anchor,
                intrinsic(tag.as_deref()),
                FrameKind::Map {
                    entries: Vec::new(),
                    key: None,
                },
            ),
            EventData::SequenceStart { anchor, tag, .. } => self.open(
                line,
                anchor,
                intrinsic(tag.as_deref()),
                FrameKind::List(Vec::new()),
            ),
            EventData::MappingEnd | EventData::SequenceEnd => self.close(),
            EventData::Alias { anchor } => {
                let (node, size) = self
                    .anchors
                    .get(&anchor)
                    .cloned()
                    .unwrap_or_else(|| (Node::scalar(line, ""), 1));
                if self.count(size) {
                    self.add(node);
                }
            }
            EventData::StreamStart { .. }
            | EventData::StreamEnd
            | EventData::DocumentStart { .. }
            | EventData::DocumentEnd { .. } => {}
        }
    }
}

/// Byte offsets to 1-based lines.
pub struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    pub fn new(text: &str) -> Lines {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines { starts }
    }

    pub fn of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset).max(1)
    }
}

/// A Terraform resource: `resource "TYPE" "NAME" { BODY }`.
#[derive(Debug, Clone)]
pub struct HclResource {
    pub kind: String,
    pub name: String,
    pub line: usize,
    pub body: Node,
}

/// The resources of a Terraform file.
pub fn terraform(text: &str) -> Result<Vec<HclResource>, ParseError> {
    let body = hcl_edit::parser::parse_body(text).map_err(|e| ParseError {
        line: e.location().line(),
        column: e.location().column(),
        message: e.message().to_string(),
    })?;
    let lines = Lines::new(text);
    let mut out = Vec::new();
    for block in body.blocks() {
        let labels: Vec<&str> = block.labels.iter().map(|l| l.as_str()).collect();
        // A module call is kept as a resource of type `module` that no rule matches: its
        // inputs can name a queue as a dead-letter target (`dead_letter_target_arn = ...`).
        let (kind, name) = match (block.ident.as_str(), labels.as_slice()) {
            ("resource", [kind, name]) => (kind.to_string(), name.to_string()),
            ("module", [name]) => ("module".to_string(), name.to_string()),
            _ => continue,
        };
        let line = lines.of(block.span().map_or(0, |s| s.start));
        out.push(HclResource {
            kind,
            name,
            line,
            body: body_node(&block.body, line, &lines),
        });
    }
    Ok(out)
}

pub(crate) fn body_node(body: &Body, line: usize, lines: &Lines) -> Node {
    let entries = body
        .iter()
        .map(|structure| match structure {
            Structure::Attribute(a) => {
                let line = lines.of(a.span().map_or(0, |s| s.start));
                Entry {
                    key: a.key.as_str().to_string(),
                    line,
                    node: expression(&a.value, line, lines),
                }
            }
            Structure::Block(b) => {
                let line = lines.of(b.span().map_or(0, |s| s.start));
                Entry {
                    key: b.ident.as_str().to_string(),
                    line,
                    node: body_node(&b.body, line, lines),
                }
            }
        })
        .collect();
    Node {
        line,
        value: Value::Map(entries),
    }
}

pub(crate) fn expression(expr: &Expression, line: usize, lines: &Lines) -> Node {
    let at = |e: &Expression| e.span().map_or(line, |s| lines.of(s.start));
    let value = match expr {
        Expression::String(s) => Value::Scalar(s.as_str().to_string()),
        Expression::Bool(b) => Value::Scalar(b.value().to_string()),
        Expression::Number(n) => Value::Scalar(n.to_string()),
        Expression::Array(items) => Value::List(
            items
                .iter()
                .map(|item| expression(item, at(item), lines))
                .collect(),
        ),
        Expression::Object(object) => Value::Map(
            object
                .iter()
                .map(|(key, value)| {
                    let key_text = match key {
                        ObjectKey::Ident(ident) => ident.as_str().to_string(),
                        ObjectKey::Expression(Expression::String(s)) => s.as_str().to_string(),
                        ObjectKey::Expression(other) => other.to_string().trim().to_string(),
                    };
                    let value = value.expr();
                    let line = at(value);
                    Entry {
                        key: key_text,
                        line,
                        node: expression(value, line, lines),
                    }
                })
                .collect(),
        ),
        // References, calls (`jsonencode({...})`), templates: their text, which `contains`
        // and `where` can still look into.
        other => Value::Scalar(other.to_string().trim().to_string()),
    };
    Node { line, value }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_keeps_lines_and_short_tags() {
        let text = "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: !Sub '${AWS::StackName}-q'\n      RedrivePolicy:\n        deadLetterTargetArn: !GetAtt Dlq.Arn\n";
        let doc = yaml(text).unwrap().unwrap();
        let queue = doc.get("Resources").unwrap().get("Queue").unwrap();
        assert_eq!(queue.get("Type").unwrap().as_str(), Some("AWS::SQS::Queue"));
        let found = queue.find(&["Properties", "RedrivePolicy", "deadLetterTargetArn"]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, 7);
        assert_eq!(
            found[0].1.get("Fn::GetAtt").and_then(Node::as_str),
            Some("Dlq.Arn")
        );
        let name = queue.find(&["Properties", "QueueName"]);
        assert!(name[0].1.get("Fn::Sub").is_some());
    }

    #[test]
    fn json_is_read_as_yaml_with_lines() {
        let text = "{\n  \"Resources\": {\n    \"Q\": {\n      \"Type\": \"AWS::SQS::Queue\"\n    }\n  }\n}\n";
        let doc = yaml(text).unwrap().unwrap();
        let found = doc.find(&["Resources", "*", "Type"]);
        assert_eq!(found[0].0, 4);
    }

    #[test]
    fn alias_bombs_and_deep_nesting_are_refused() {
        let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let prev = format!("*a{}", i - 1);
            bomb.push_str(&format!("a{i}: &a{i} [{}]\n", vec![prev; 10].join(", ")));
        }
        let e = yaml(&bomb).unwrap_err();
        assert!(e.message.contains("aliases"), "{e:?}");
        let deep = format!("{}x\n", "- ".repeat(100_000));
        let e = yaml(&deep).unwrap_err();
        assert!(e.message.contains("nests deeper"), "{e:?}");
        // Aliases within reason expand as written.
        let doc = yaml("a: &x {k: v}\nb: *x\n").unwrap().unwrap();
        assert_eq!(
            doc.get("b").and_then(|b| b.get("k")).and_then(Node::as_str),
            Some("v")
        );
    }

    /// Shapes CloudFormation (libyaml) accepts and yaml-rust2 refused, seen in public samples.
    #[test]
    fn what_libyaml_accepts_is_read() {
        // A flow sequence whose items and closing bracket sit at the parent key's indentation,
        // with an implicit pair holding a flow value inside it.
        let flow = concat!(
            "Resources:\n",
            "  Fn:\n",
            "    Type: AWS::Serverless::Function\n",
            "    Properties:\n",
            "      FunctionName: !Sub [\n",
            "          \"hook-${ID}\",\n",
            "          ID: !Select [2, !Split [\"/\", !Ref AWS::StackId]],\n",
            "        ]\n",
            "      Timeout: 5\n",
        );
        let doc = yaml(flow).unwrap().unwrap();
        let f = doc.find(&["Resources", "Fn", "Properties", "Timeout"]);
        assert_eq!((f[0].0, f[0].1.as_str()), (9, Some("5")));
        // A single-quoted scalar over several lines, continued at its key's indentation.
        let quoted = concat!(
            "Resources:\n",
            "  Role:\n",
            "    Type: AWS::IAM::Role\n",
            "    Properties:\n",
            "      Policy: !Sub '{\n",
            "      \"Version\": \"2012-10-17\"\n",
            "      }'\n",
            "  Q:\n",
            "    Type: AWS::SQS::Queue\n",
        );
        let doc = yaml(quoted).unwrap().unwrap();
        assert_eq!(doc.find(&["Resources", "Q", "Type"])[0].0, 9);
        // A flow mapping closed at the parent key's indentation.
        let mapping = "Outputs:\n  Url:\n    Value: {\n    \"Fn::Sub\": \"x\"\n    }\nResources:\n  T:\n    Type: AWS::SNS::Topic\n";
        let doc = yaml(mapping).unwrap().unwrap();
        assert_eq!(doc.find(&["Resources", "T", "Type"])[0].0, 8);
    }

    /// Every prefix of a template (a file cut short anywhere, without a final line break)
    /// is read or refused, never a panic that escapes.
    #[test]
    fn a_template_cut_anywhere_is_an_error_not_a_crash() {
        let text = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      Tags: [{Key: a, Value: !Sub \"${AWS::StackName}\"}]\n      Policy: |\n        x\n      Name: 'it''s'\n  T: {Type: \"AWS::SNS::Topic\", Properties: {A: [1, 2]}}\n";
        for end in 0..=text.len() {
            if let Err(e) = yaml(&text[..end]) {
                // A parse error, never the parser stopped by a panic the newline works around.
                assert_ne!(
                    e.message, "the YAML reader stopped on this file",
                    "cut at {end}"
                );
            }
        }
    }

    #[test]
    fn broken_yaml_says_where() {
        let e = yaml("a: [1, 2\nb: c\n").unwrap_err();
        assert!(e.line >= 1, "{e:?}");
    }

    #[test]
    fn terraform_resources_with_lines() {
        let text = "provider \"aws\" {}\n\nresource \"aws_sqs_queue\" \"orders\" {\n  name = \"orders\"\n  redrive_policy = jsonencode({\n    deadLetterTargetArn = aws_sqs_queue.dlq.arn\n  })\n  tags = { team = \"a\" }\n}\n";
        let resources = terraform(text).unwrap();
        assert_eq!(resources.len(), 1);
        let r = &resources[0];
        assert_eq!(
            (r.kind.as_str(), r.name.as_str(), r.line),
            ("aws_sqs_queue", "orders", 3)
        );
        let policy = r.body.find(&["redrive_policy"]);
        assert_eq!(policy[0].0, 5);
        assert_eq!(policy[0].1.mention_line("deadLetterTargetArn"), Some(6));
        assert_eq!(r.body.find(&["tags", "team"])[0].1.as_str(), Some("a"));
    }
}
