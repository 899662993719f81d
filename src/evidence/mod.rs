//! `rel04 evidence`: what a repository's infrastructure and code say about REL 4, beside what
//! the team answered. Deterministic and local: the tree is walked the way ripgrep walks it
//! (the `ignore` crate: .gitignore honoured, hidden folders, `node_modules`, `target` and
//! `.terraform` skipped, in parallel), each file is read with a real parser (CloudFormation,
//! SAM and CDK templates in YAML or JSON, Terraform) or line by line (Python, JavaScript and
//! TypeScript, Java, Go), and the rules of `questions/evidence.json` say what each finding
//! means for which practice and check. Evidence informs; it never answers for the team.

// Not called by the scan yet: the lead wires them in (then the allows go).
#[allow(dead_code)]
mod cdk;
mod code;
#[allow(dead_code)]
mod modules;
pub mod rules;
pub mod tree;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc;

use ignore::{WalkBuilder, WalkState};

pub use rules::{Kind, Language, Rule, Rules};
use rules::{Matcher, ResourceMatcher};
use tree::Node;

/// Files larger than this are skipped: no template or handler is that big, generated
/// bundles and data files are.
const MAX_FILE: u64 = 4 * 1024 * 1024;

/// Folders never worth reading, ignored or not.
const SKIPPED_FOLDERS: [&str; 4] = ["node_modules", "target", ".terraform", "cdk.out.cache"];

/// One finding: a rule fired at a place.
#[derive(Debug, Clone)]
pub struct Item<'r> {
    pub rule: &'r Rule,
    /// Relative to the scanned root, with `/` separators.
    pub file: String,
    /// 1-based.
    pub line: usize,
}

/// A file that could not be read as what it looked like; never a failure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// What a scan found.
#[derive(Debug, Default)]
pub struct Evidence<'r> {
    pub items: Vec<Item<'r>>,
    pub warnings: Vec<Warning>,
    /// Files read (templates, Terraform and code; others are not counted).
    pub files: usize,
    /// Binary, too large or unreadable files left out.
    pub skipped: usize,
}

/// Supports and gaps, counted.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub support: usize,
    pub gap: usize,
}

impl Counts {
    fn add(&mut self, kind: Kind) {
        match kind {
            Kind::Support => self.support += 1,
            Kind::Gap => self.gap += 1,
        }
    }
}

impl<'r> Evidence<'r> {
    /// The items of one practice (by choice id), supports first.
    pub fn of_practice<'a>(&'a self, choice_id: &'a str) -> impl Iterator<Item = &'a Item<'r>> {
        self.items
            .iter()
            .filter(move |i| i.rule.choice_id == choice_id)
    }

    /// The items that inform one check of a practice.
    pub fn of_check<'a>(
        &'a self,
        choice_id: &'a str,
        check: &'a str,
    ) -> impl Iterator<Item = &'a Item<'r>> {
        self.of_practice(choice_id)
            .filter(move |i| i.rule.check.as_deref() == Some(check))
    }

    pub fn counts<'a>(items: impl Iterator<Item = &'a Item<'r>>) -> Counts
    where
        'r: 'a,
    {
        let mut counts = Counts::default();
        for item in items {
            counts.add(item.rule.kind);
        }
        counts
    }

    /// Counts per practice (`REL04-BP01` ...), every practice with a rule present.
    pub fn by_practice(&self, rules: &Rules) -> BTreeMap<String, Counts> {
        let mut out: BTreeMap<String, Counts> = rules
            .rules
            .iter()
            .map(|r| (r.bp.clone(), Counts::default()))
            .collect();
        for item in &self.items {
            out.entry(item.rule.bp.clone())
                .or_default()
                .add(item.rule.kind);
        }
        out
    }
}

/// What one file gave.
#[derive(Default)]
struct FileResult {
    /// (rule index, line)
    hits: Vec<(usize, usize)>,
    warnings: Vec<(usize, usize, String)>,
    /// Resources matched with the others of their unit once the walk is done: a Terraform
    /// module is every `.tf` file of its folder.
    resources: Vec<Resource>,
    read: bool,
    skipped: bool,
}

/// Walks `roots` (folders or files) and applies every rule. Paths in the result are relative
/// to their root when one root is given, else as found under each root.
pub fn scan<'r>(roots: &[PathBuf], rules: &'r Rules) -> Evidence<'r> {
    let Some((first, rest)) = roots.split_first() else {
        return Evidence::default();
    };
    let mut builder = WalkBuilder::new(first);
    for root in rest {
        builder.add(root);
    }
    builder
        .hidden(true)
        .git_ignore(true)
        .git_exclude(true)
        .git_global(false)
        .require_git(false)
        .follow_links(false)
        .threads(std::thread::available_parallelism().map_or(2, |n| n.get()))
        .filter_entry(|entry| {
            let skip = entry.file_type().is_some_and(|t| t.is_dir())
                && entry
                    .file_name()
                    .to_str()
                    .is_some_and(|name| SKIPPED_FOLDERS.contains(&name));
            !skip
        });
    let (tx, rx) = mpsc::channel::<(PathBuf, FileResult)>();
    builder.build_parallel().run(|| {
        let tx = tx.clone();
        Box::new(move |entry| {
            if let Ok(entry) = entry
                && entry.file_type().is_some_and(|t| t.is_file())
            {
                let result = read_file(entry.path(), rules);
                if result.read || result.skipped || !result.warnings.is_empty() {
                    let _ = tx.send((entry.path().to_path_buf(), result));
                }
            }
            WalkState::Continue
        })
    });
    drop(tx);
    let mut evidence = Evidence::default();
    // The resources of each unit (its folder), with the file each came from.
    let mut units: BTreeMap<PathBuf, Vec<(String, Resource)>> = BTreeMap::new();
    for (path, result) in rx {
        let file = shown(&path, roots);
        if !result.resources.is_empty() {
            let unit = units
                .entry(path.parent().map(Path::to_path_buf).unwrap_or_default())
                .or_default();
            unit.extend(result.resources.into_iter().map(|r| (file.clone(), r)));
        }
        evidence.files += usize::from(result.read);
        evidence.skipped += usize::from(result.skipped);
        for (rule, line) in result.hits {
            evidence.items.push(Item {
                rule: &rules.rules[rule],
                file: file.clone(),
                line,
            });
        }
        for (line, column, message) in result.warnings {
            evidence.warnings.push(Warning {
                file: file.clone(),
                line,
                column,
                message,
            });
        }
    }
    for unit in units.into_values() {
        let (files, resources): (Vec<String>, Vec<Resource>) = unit.into_iter().unzip();
        for (rule, at, line) in match_resources(&resources, rules) {
            evidence.items.push(Item {
                rule: &rules.rules[rule],
                file: files[at].clone(),
                line,
            });
        }
    }
    evidence.items.sort_by(|a, b| {
        (
            &a.rule.bp,
            a.rule.kind,
            &a.rule.check,
            &a.file,
            a.line,
            &a.rule.id,
        )
            .cmp(&(
                &b.rule.bp,
                b.rule.kind,
                &b.rule.check,
                &b.file,
                b.line,
                &b.rule.id,
            ))
    });
    // Two resources of one rule at one line (a Terraform module's file) are one finding.
    evidence
        .items
        .dedup_by(|a, b| a.rule.id == b.rule.id && a.file == b.file && a.line == b.line);
    evidence
        .warnings
        .sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    evidence
}

/// A path as the output shows it: relative to its root, `/`-separated.
fn shown(path: &Path, roots: &[PathBuf]) -> String {
    let relative = match roots {
        [root] if path != root.as_path() => path.strip_prefix(root).unwrap_or(path),
        [root] => Path::new(root.file_name().unwrap_or(root.as_os_str())),
        _ => path,
    };
    let text = relative.to_string_lossy().replace('\\', "/");
    text.trim_start_matches("./").to_string()
}

/// What kind of file this is, by its name.
enum FileKind {
    Template,
    Terraform,
    Code(Language),
}

fn kind_of(path: &Path) -> Option<FileKind> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    Some(match ext.as_str() {
        "tf" => FileKind::Terraform,
        "yaml" | "yml" | "json" | "template" => FileKind::Template,
        other => FileKind::Code(Language::of_extension(other)?),
    })
}

fn read_file(path: &Path, rules: &Rules) -> FileResult {
    let mut result = FileResult::default();
    let Some(kind) = kind_of(path) else {
        return result;
    };
    let too_big = std::fs::metadata(path).map(|m| m.len() > MAX_FILE);
    let bytes = match too_big {
        Ok(true) => {
            result.skipped = true;
            return result;
        }
        Ok(false) => std::fs::read(path),
        Err(e) => Err(e),
    };
    let text = match bytes {
        Ok(bytes) if bytes.iter().take(8192).any(|b| *b == 0) => {
            result.skipped = true;
            return result;
        }
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(e) => {
            result.skipped = true;
            result
                .warnings
                .push((1, 1, format!("cannot be read ({e}); skipped")));
            return result;
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    match kind {
        FileKind::Template => template(text, rules, &mut result),
        FileKind::Terraform => terraform(text, &mut result),
        FileKind::Code(language) => code_file(text, language, rules, &mut result),
    }
    result.hits.sort_unstable();
    result.hits.dedup();
    result
}

/// True when a YAML or JSON text may be a CloudFormation template: cheap, before parsing.
fn looks_like_template(text: &str) -> bool {
    text.contains("AWSTemplateFormatVersion")
        || (text.contains("Resources") && text.contains("AWS::"))
}

/// A resource of a template, a Terraform module or a CDK app, as the rules see it: CDK
/// constructs and Terraform registry modules are turned into the CloudFormation or Terraform
/// resources they create, so one rule matches all of them.
#[derive(Debug, Clone)]
pub struct Resource {
    pub kind: String,
    /// How other resources of the same unit refer to it: the logical id, `TYPE.NAME`, or the
    /// variable a construct is assigned to.
    pub reference: String,
    pub line: usize,
    pub properties: Node,
}

fn template(text: &str, rules: &Rules, result: &mut FileResult) {
    if !looks_like_template(text) {
        return;
    }
    let doc = match tree::yaml(text) {
        Ok(Some(doc)) => doc,
        Ok(None) => return,
        Err(e) => {
            result.warnings.push((
                e.line,
                e.column,
                format!(
                    "looks like a CloudFormation template but cannot be parsed ({}); skipped: fix it, or list it in .gitignore",
                    e.message
                ),
            ));
            return;
        }
    };
    let Some(resources) = doc.get("Resources") else {
        return;
    };
    result.read = true;
    let resources: Vec<Resource> = resources
        .entries()
        .iter()
        .filter_map(|entry| {
            Some(Resource {
                kind: entry.node.get("Type").and_then(Node::as_str)?.to_string(),
                reference: entry.key.clone(),
                line: entry.line,
                properties: entry.node.get("Properties").cloned().unwrap_or(Node {
                    line: entry.line,
                    value: tree::Value::Map(Vec::new()),
                }),
            })
        })
        .collect();
    for (rule, _, line) in match_resources(&resources, rules) {
        result.hits.push((rule, line));
    }
}

fn terraform(text: &str, result: &mut FileResult) {
    match tree::terraform(text) {
        Ok(parsed) => {
            result.read = true;
            result.resources = parsed
                .into_iter()
                .map(|r| Resource {
                    reference: format!("{}.{}", r.kind, r.name),
                    kind: r.kind,
                    line: r.line,
                    properties: r.body,
                })
                .collect();
        }
        Err(e) => result.warnings.push((
            e.line,
            e.column,
            format!(
                "cannot be parsed as Terraform ({}); skipped: fix it, or list it in .gitignore",
                e.message
            ),
        )),
    }
}

/// Every (rule index, resource index, line) where a resource rule fires on these resources,
/// which reach each other (one template, one Terraform module, one CDK app).
fn match_resources(resources: &[Resource], rules: &Rules) -> Vec<(usize, usize, usize)> {
    let mut hits = Vec::new();
    for (index, rule) in rules.rules.iter().enumerate() {
        for (at, r) in resources.iter().enumerate() {
            for matcher in &rule.matchers {
                let Matcher::Resource(m) = matcher else {
                    continue;
                };
                if !m.types.iter().any(|t| *t == r.kind) || referenced(m, r, resources) {
                    continue;
                }
                if let Some(line) = resource_matches(m, &r.properties, r.line) {
                    hits.push((index, at, line));
                    break;
                }
            }
        }
    }
    hits
}

/// True when another resource of the file names `r` under one of the matcher's
/// `notReferencedBy` keys.
fn referenced(m: &ResourceMatcher, r: &Resource, all: &[Resource]) -> bool {
    if m.not_referenced_by.is_empty() {
        return false;
    }
    let mut texts = Vec::new();
    for other in all.iter().filter(|o| o.reference != r.reference) {
        other
            .properties
            .values_under(&m.not_referenced_by, &mut texts);
    }
    texts.iter().any(|text| names(text, &r.reference))
}

/// `text` names `reference` as a whole word: `Dlq.Arn` names `Dlq`, `aws_sqs_queue.dlq.arn`
/// names `aws_sqs_queue.dlq`; `DlqOld` names neither.
fn names(text: &str, reference: &str) -> bool {
    let word =
        |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    text.match_indices(reference).any(|(at, _)| {
        !word(text[..at].chars().next_back()) && !word(text[at + reference.len()..].chars().next())
    })
}

/// Where the matcher fires on these properties, if it does: the line of the first `has` or
/// `where` path found, else the resource's. A `*` in a path is tried key by key, every path
/// with the same `*` taking the same key: for SAM events, one event must satisfy it all.
fn resource_matches(m: &ResourceMatcher, props: &Node, line: usize) -> Option<usize> {
    let paths = m
        .has
        .iter()
        .chain(&m.lacks)
        .chain(m.where_.iter().map(|(p, _)| p));
    if let Some(star) = paths
        .filter_map(|p| p.iter().position(|s| s == "*").map(|i| &p[..i]))
        .next()
    {
        let prefix: Vec<String> = star.to_vec();
        let mut keys: Vec<String> = props
            .find(&segments(&prefix))
            .iter()
            .flat_map(|(_, node)| node.entries().iter().map(|e| e.key.clone()))
            .collect();
        keys.dedup();
        let pick = |path: &Vec<String>, key: &str| -> Vec<String> {
            if path.len() > prefix.len()
                && path[..prefix.len()] == prefix[..]
                && path[prefix.len()] == "*"
            {
                let mut p = path.clone();
                p[prefix.len()] = key.to_string();
                p
            } else {
                path.clone()
            }
        };
        return keys.iter().find_map(|key| {
            let one = ResourceMatcher {
                has: m.has.iter().map(|p| pick(p, key)).collect(),
                lacks: m.lacks.iter().map(|p| pick(p, key)).collect(),
                where_: m
                    .where_
                    .iter()
                    .map(|(p, v)| (pick(p, key), v.clone()))
                    .collect(),
                ..m.clone()
            };
            resource_matches(&one, props, line)
        });
    }
    let mut at = None;
    for path in &m.has {
        let found = props.find(&segments(path));
        let (found_line, _) = found.first()?;
        at.get_or_insert(*found_line);
    }
    if m.lacks.iter().any(|p| !props.find(&segments(p)).is_empty()) {
        return None;
    }
    for (path, want) in &m.where_ {
        let found = props.find(&segments(path));
        let (found_line, _) = found
            .iter()
            .find(|(_, node)| node.scalars().iter().any(|s| s.to_lowercase() == *want))?;
        at.get_or_insert(*found_line);
    }
    if let Some(needle) = &m.contains
        && !props.mentions(needle)
    {
        return None;
    }
    Some(at.unwrap_or(line))
}

fn code_file(text: &str, language: Language, rules: &Rules, result: &mut FileResult) {
    let matchers: Vec<(usize, &rules::CodeMatcher)> = rules
        .rules
        .iter()
        .enumerate()
        .flat_map(|(i, r)| {
            r.matchers.iter().filter_map(move |m| match m {
                Matcher::Code(c) if c.languages.contains(&language) => Some((i, c)),
                _ => None,
            })
        })
        .collect();
    result.read = true;
    if matchers.is_empty() {
        return;
    }
    let stripped = code::strip_comments(text, language);
    let lines = code::split_lines(&stripped);
    for (index, matcher) in matchers {
        // One search of the whole file first: most patterns are nowhere in most files.
        if !matcher.anywhere.is_match(&stripped) {
            continue;
        }
        for line in code::matches(matcher, &stripped, &lines) {
            result.hits.push((index, line));
        }
    }
}

fn segments(path: &[String]) -> Vec<&str> {
    path.iter().map(String::as_str).collect()
}

/// A scan running on its own thread while the questionnaire goes on; waited for at most
/// until a deadline, so a huge repository never holds the team up.
pub struct Background {
    root: PathBuf,
    rx: mpsc::Receiver<Evidence<'static>>,
    found: Option<Evidence<'static>>,
    deadline: std::time::Instant,
    late_said: bool,
}

impl Background {
    /// Starts scanning `root`; `budget` is how long the first look may wait for it.
    pub fn start(root: PathBuf, rules: &'static Rules, budget: std::time::Duration) -> Background {
        let (tx, rx) = mpsc::channel();
        let scanned = root.clone();
        std::thread::spawn(move || {
            let _ = tx.send(scan(&[scanned], rules));
        });
        Background {
            root,
            rx,
            found: None,
            deadline: std::time::Instant::now() + budget,
            late_said: false,
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The evidence, when it is there by the deadline (or later, once it arrives). The
    /// second value is a notice to show once, when the scan runs over its time.
    pub fn get(&mut self) -> (Option<&Evidence<'static>>, Option<String>) {
        if self.found.is_none() {
            let left = self
                .deadline
                .saturating_duration_since(std::time::Instant::now());
            let got = if left.is_zero() {
                self.rx.try_recv().ok()
            } else {
                self.rx.recv_timeout(left).ok()
            };
            self.found = got;
        }
        let notice = if self.found.is_none() && !self.late_said {
            self.late_said = true;
            Some(format!(
                "The evidence scan of {} is still running; going on without it (it shows once ready).",
                self.root.display()
            ))
        } else {
            None
        };
        (self.found.as_ref(), notice)
    }
}
