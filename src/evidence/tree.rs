//! Infrastructure files as one kind of tree with line numbers: YAML and JSON (CloudFormation,
//! SAM, synthesized CDK) and HCL (Terraform) all become [`Node`]s, so a rule matches the same
//! way in each.
//!
//! YAML and JSON are read with yaml-rust2's event parser (JSON is YAML), which gives every key
//! its line and keeps CloudFormation's short tags: `!Ref X` becomes `{Ref: X}` and `!GetAtt
//! a.b` becomes `{Fn::GetAtt: a.b}`, as the long form would be. HCL is read with hcl-edit,
//! whose spans give the lines.

use std::collections::HashMap;

use hcl_edit::Span;
use hcl_edit::expr::{Expression, ObjectKey};
use hcl_edit::structure::{Body, Structure};
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, ScanError};

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

    /// True when a key or a scalar anywhere in this subtree contains `needle`.
    pub fn mentions(&self, needle: &str) -> bool {
        let mut found = false;
        self.walk(&mut |text| found |= text.contains(needle), true);
        found
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
pub fn yaml(text: &str) -> Result<Option<Node>, ParseError> {
    let mut builder = Builder::default();
    let mut parser = Parser::new_from_str(text);
    loop {
        let (event, mark) = parser.next_token().map_err(|e: ScanError| ParseError {
            line: e.marker().line(),
            column: e.marker().col() + 1,
            message: e.info().to_string(),
        })?;
        let end = matches!(event, Event::StreamEnd | Event::DocumentEnd);
        builder.on_event(event, mark);
        if let Some(message) = builder.refused.take() {
            return Err(ParseError {
                line: mark.line(),
                column: mark.col() + 1,
                message,
            });
        }
        if end || !builder.documents.is_empty() {
            break;
        }
    }
    Ok(builder.documents.into_iter().next())
}

/// Builds nodes from the parser's events.
#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    documents: Vec<Node>,
    /// Anchored nodes and their sizes.
    anchors: HashMap<usize, (Node, usize)>,
    /// Nodes made so far, aliases counted at their full size.
    nodes: usize,
    /// Why the text is refused, when it is.
    refused: Option<String>,
}

struct Frame {
    line: usize,
    anchor: usize,
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
/// Other tags (`!!str`) are YAML's own and change nothing here.
fn intrinsic(tag: &yaml_rust2::parser::Tag) -> Option<String> {
    if tag.handle != "!" || tag.suffix.is_empty() {
        return None;
    }
    Some(match tag.suffix.as_str() {
        "Ref" | "Condition" => tag.suffix.clone(),
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
        if frame.anchor > 0 {
            let size = self.nodes - frame.nodes_before;
            self.anchors.insert(frame.anchor, (node.clone(), size));
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

    fn open(&mut self, line: usize, anchor: usize, tag: Option<String>, kind: FrameKind) {
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

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        let line = mark.line();
        match event {
            Event::Scalar(text, _, anchor, tag) => {
                if !self.count(1) {
                    return;
                }
                let node = tagged(Node::scalar(line, text), tag.as_ref().and_then(intrinsic));
                if anchor > 0 {
                    self.anchors.insert(anchor, (node.clone(), 1));
                }
                self.add(node);
            }
            Event::MappingStart(anchor, tag) => self.open(
                line,
                anchor,
                tag.as_ref().and_then(intrinsic),
                FrameKind::Map {
                    entries: Vec::new(),
                    key: None,
                },
            ),
            Event::SequenceStart(anchor, tag) => self.open(
                line,
                anchor,
                tag.as_ref().and_then(intrinsic),
                FrameKind::List(Vec::new()),
            ),
            Event::MappingEnd | Event::SequenceEnd => self.close(),
            Event::Alias(id) => {
                let (node, size) = self
                    .anchors
                    .get(&id)
                    .cloned()
                    .unwrap_or_else(|| (Node::scalar(line, ""), 1));
                if self.count(size) {
                    self.add(node);
                }
            }
            Event::Nothing
            | Event::StreamStart
            | Event::StreamEnd
            | Event::DocumentStart
            | Event::DocumentEnd => {}
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
    for block in body.blocks().filter(|b| b.has_ident("resource")) {
        let labels: Vec<&str> = block.labels.iter().map(|l| l.as_str()).collect();
        if let [kind, name] = labels.as_slice() {
            let line = lines.of(block.span().map_or(0, |s| s.start));
            out.push(HclResource {
                kind: kind.to_string(),
                name: name.to_string(),
                line,
                body: body_node(&block.body, line, &lines),
            });
        }
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
        assert!(policy[0].1.mentions("deadLetterTargetArn"));
        assert_eq!(r.body.find(&["tags", "team"])[0].1.as_str(), Some("a"));
    }
}
