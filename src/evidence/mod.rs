//! `rel04 evidence`: what a repository's infrastructure and code say about REL 4, beside what
//! the team answered. Deterministic and local: the tree is walked the way ripgrep walks it
//! (the `ignore` crate: .gitignore and .ignore honoured, hidden folders skipped, in
//! parallel), vendored dependencies and build output are left out and named ([`walk`]), and
//! test code is told apart by its path. Each file is read with a real parser (CloudFormation,
//! SAM and CDK templates in YAML or JSON with libyaml, Serverless Framework resources,
//! Terraform) or line by line (Python, JavaScript and TypeScript, Java, Go; inline Lambda code
//! too). CDK app source and Terraform registry modules become the resources they create
//! ([`cdk`], [`modules`]), and resources are matched with the others of their unit (a
//! template, a Terraform module's folder, a CDK app) so a dead-letter queue is known as one.
//! The rules of `questions/evidence.json` say what each finding means for which practice and
//! check. Evidence informs; it never answers for the team.

mod cdk;
mod code;
mod modules;
pub mod rules;
pub mod tree;
mod walk;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc;

use ignore::{WalkBuilder, WalkState};

pub use rules::{Kind, Language, Rule, Rules};
use rules::{Matcher, ResourceMatcher};
use tree::Node;
pub use walk::{Scope, Vendored};

/// Files larger than this are skipped: no template or handler is that big, generated
/// bundles and data files are.
const MAX_FILE: u64 = 4 * 1024 * 1024;

/// One finding: a rule fired at a place.
#[derive(Debug, Clone)]
pub struct Item<'r> {
    pub rule: &'r Rule,
    /// Relative to the scanned root, with `/` separators.
    pub file: String,
    /// 1-based.
    pub line: usize,
    /// Application or test code, by the file's path.
    pub scope: Scope,
}

/// A file that could not be read as what it looked like; never a failure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// A folder the walk did not read, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedFolder {
    /// As paths are shown.
    pub folder: String,
    pub why: Vendored,
    /// For a Lambda layer: the `template:line` that names it.
    pub named_in: Option<String>,
}

/// What was read and what was not.
#[derive(Debug, Default, Clone)]
pub struct Summary {
    /// Files read (templates, Terraform and code; others are not counted), tests included.
    pub files: usize,
    /// Of those, test code.
    pub test_files: usize,
    pub too_large: usize,
    pub binary: usize,
    pub unreadable: usize,
    /// Templates and Terraform that could not be parsed (each also a warning).
    pub unparsable: usize,
    /// Vendored folders and build output, not read.
    pub vendored: Vec<SkippedFolder>,
}

impl Summary {
    /// Files looked at but not read.
    pub fn skipped_files(&self) -> usize {
        self.too_large + self.binary + self.unreadable + self.unparsable
    }
}

/// What a scan found.
#[derive(Debug, Default)]
pub struct Evidence<'r> {
    pub items: Vec<Item<'r>>,
    pub warnings: Vec<Warning>,
    pub summary: Summary,
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

    /// Keeps the items `keep` accepts (test code, a kind, a rule...); the summary stays.
    pub fn retain(&mut self, keep: impl Fn(&Item<'r>) -> bool) {
        self.items.retain(|i| keep(i));
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

/// Why a file was read but gave nothing, or was not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Skip {
    #[default]
    None,
    TooLarge,
    Binary,
    Unreadable,
    Unparsable,
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
    /// Folders a template or a CDK app names as a Lambda layer's content, relative to
    /// `layer_base` (the template's folder, the CDK app's), with the line that names each.
    layers: Vec<(String, usize)>,
    layer_base: Option<PathBuf>,
    /// The folder whose resources reach each other: the file's own folder, or a CDK app's
    /// (the nearest one with a `cdk.json`).
    unit: Option<PathBuf>,
    read: bool,
    skip: Skip,
}

/// How a scan reads a tree.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Read vendored folders and build output too.
    pub read_all: bool,
}

/// Walks `roots` (folders or files) and applies every rule. Paths in the result are relative
/// to their root when one root is given, else as found under each root.
pub fn scan<'r>(roots: &[PathBuf], rules: &'r Rules, options: Options) -> Evidence<'r> {
    let Some((first, rest)) = roots.split_first() else {
        return Evidence::default();
    };
    let mut builder = WalkBuilder::new(first);
    for root in rest {
        builder.add(root);
    }
    let skipped_folders = walk::SkippedFolders::default();
    let seen = skipped_folders.clone();
    builder
        .hidden(false)
        .git_ignore(true)
        .git_exclude(true)
        .git_global(false)
        .require_git(false)
        .follow_links(false)
        .threads(std::thread::available_parallelism().map_or(2, |n| n.get()))
        .filter_entry(move |entry| walk::keep(entry, options.read_all, &seen));
    let (tx, rx) = mpsc::channel::<(PathBuf, FileResult)>();
    builder.build_parallel().run(|| {
        let tx = tx.clone();
        Box::new(move |entry| {
            if let Ok(entry) = entry
                && entry.file_type().is_some_and(|t| t.is_file())
            {
                let result = read_file(entry.path(), rules);
                if result.read || result.skip != Skip::None || !result.warnings.is_empty() {
                    let _ = tx.send((entry.path().to_path_buf(), result));
                }
            }
            WalkState::Continue
        })
    });
    drop(tx);
    let mut files: Vec<(PathBuf, FileResult)> = rx.into_iter().collect();
    let mut evidence = Evidence::default();
    // A broken construct table reads no CDK app or registry module: said, never silent.
    if let Err(e) = cdk::check() {
        evidence.warnings.push(Warning {
            file: "questions/constructs.json".to_string(),
            line: 1,
            column: 1,
            message: format!(
                "the embedded construct table is broken (a defect in rel04): {e}; CDK apps and registry modules were not read"
            ),
        });
    }
    let mut vendored: Vec<(PathBuf, Vendored, Option<String>)> = skipped_folders
        .take()
        .into_iter()
        .map(|(path, why)| (path, why, None))
        .collect();
    if !options.read_all {
        let layers = layer_folders(&files, roots);
        files.retain(|(path, _)| {
            let Some((folder, named)) = layers.iter().find(|(folder, _)| path.starts_with(folder))
            else {
                return true;
            };
            if !vendored.iter().any(|(f, _, _)| f == folder) {
                vendored.push((folder.clone(), Vendored::LambdaLayer, Some(named.clone())));
            }
            false
        });
    }
    // The resources of each unit (its folder), with the file each came from.
    let mut units: BTreeMap<PathBuf, Vec<(String, Scope, Resource)>> = BTreeMap::new();
    for (path, result) in files {
        let file = shown(&path, roots);
        // Test or not, by the path below its own root: a checkout under `/home/me/tests/`
        // is not all tests, whatever the number of roots.
        let below = roots
            .iter()
            .find_map(|root| path.strip_prefix(root).ok())
            .filter(|p| !p.as_os_str().is_empty())
            .or_else(|| path.file_name().map(Path::new))
            .unwrap_or(&path);
        let scope = Scope::of(below);
        let counts = &mut evidence.summary;
        if result.read {
            counts.files += 1;
            counts.test_files += usize::from(scope == Scope::Test);
        }
        match result.skip {
            Skip::None => {}
            Skip::TooLarge => counts.too_large += 1,
            Skip::Binary => counts.binary += 1,
            Skip::Unreadable => counts.unreadable += 1,
            Skip::Unparsable => counts.unparsable += 1,
        }
        if !result.resources.is_empty() {
            let unit =
                units
                    .entry(result.unit.clone().unwrap_or_else(|| {
                        path.parent().map(Path::to_path_buf).unwrap_or_default()
                    }))
                    .or_default();
            unit.extend(
                result
                    .resources
                    .into_iter()
                    .map(|r| (file.clone(), scope, r)),
            );
        }
        for (rule, line) in result.hits {
            evidence.items.push(Item {
                rule: &rules.rules[rule],
                file: file.clone(),
                line,
                scope,
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
        let mut places = Vec::with_capacity(unit.len());
        let mut resources = Vec::with_capacity(unit.len());
        for (file, scope, resource) in unit {
            places.push((file, scope));
            resources.push(resource);
        }
        for (rule, at, line) in match_resources(&resources, rules) {
            let (file, scope) = &places[at];
            evidence.items.push(Item {
                rule: &rules.rules[rule],
                file: file.clone(),
                line,
                scope: *scope,
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
    let mut vendored: Vec<SkippedFolder> = vendored
        .into_iter()
        .map(|(path, why, named)| SkippedFolder {
            folder: shown(&path, roots),
            why,
            named_in: named,
        })
        .collect();
    vendored.sort_by(|a, b| a.folder.cmp(&b.folder));
    evidence.summary.vendored = vendored;
    evidence
}

/// The folders templates name as Lambda layer content, each with `template:line`, longest
/// first so a file is charged to its closest layer.
fn layer_folders(files: &[(PathBuf, FileResult)], roots: &[PathBuf]) -> Vec<(PathBuf, String)> {
    let mut out: Vec<(PathBuf, String)> = Vec::new();
    for (path, result) in files {
        let Some(base) = result.layer_base.as_deref().or(path.parent()) else {
            continue;
        };
        for (uri, line) in &result.layers {
            let folder = lexical_join(base, uri);
            // A layer that is the template's own folder (or above it) is the project itself.
            if base.starts_with(&folder) {
                continue;
            }
            out.push((folder, format!("{}:{line}", shown(path, roots))));
        }
    }
    out.sort_by_key(|(folder, _)| std::cmp::Reverse(folder.components().count()));
    out
}

/// `base` joined with a relative `path`, `.` and `..` resolved without touching the disk.
fn lexical_join(base: &Path, path: &str) -> PathBuf {
    let mut out = base.to_path_buf();
    for part in path.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            part => out.push(part),
        }
    }
    out
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
            result.skip = Skip::TooLarge;
            return result;
        }
        Ok(false) => std::fs::read(path),
        Err(e) => Err(e),
    };
    let text = match bytes {
        Ok(bytes) if bytes.iter().take(8192).any(|b| *b == 0) => {
            result.skip = Skip::Binary;
            return result;
        }
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(e) => {
            result.skip = Skip::Unreadable;
            result
                .warnings
                .push((1, 1, format!("cannot be read ({e}); skipped")));
            return result;
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    match kind {
        FileKind::Template => template(path, text, rules, &mut result),
        FileKind::Terraform => terraform(text, &mut result),
        FileKind::Code(language) => {
            code_file(text, language, rules, &mut result);
            cdk_app(path, text, language, &mut result);
        }
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
    /// The function's handler code, when the template says where it is and it could be read.
    pub handler: Option<String>,
}

fn template(path: &Path, text: &str, rules: &Rules, result: &mut FileResult) {
    if !looks_like_template(text) {
        return;
    }
    let doc = match tree::yaml(text) {
        Ok(Some(doc)) => doc,
        Ok(None) => return,
        Err(e) => {
            unparsable(
                result,
                &e,
                "looks like a CloudFormation template but cannot be parsed",
            );
            return;
        }
    };
    // A Serverless Framework file keeps CloudFormation under `resources.Resources`.
    let Some(resources) = doc
        .get("Resources")
        .or_else(|| doc.get("resources").and_then(|r| r.get("Resources")))
    else {
        return;
    };
    result.read = true;
    result.layers = layers(resources);
    let global_runtime = doc
        .find(&["Globals", "Function", "Runtime"])
        .first()
        .and_then(|(_, n)| n.as_str());
    inline_code(resources, global_runtime, text, rules, result);
    let resources: Vec<Resource> = resources
        .entries()
        .iter()
        .filter_map(|entry| {
            let kind = entry.node.get("Type").and_then(Node::as_str)?.to_string();
            let mut properties = entry.node.get("Properties").cloned().unwrap_or(Node {
                line: entry.line,
                value: tree::Value::Map(Vec::new()),
            });
            if kind == "AWS::Serverless::StateMachine" {
                definition_file(path, &mut properties);
            }
            let handler = match kind.as_str() {
                "AWS::Serverless::Function" => handler_code(path, &properties, &doc),
                _ => None,
            };
            Some(Resource {
                kind,
                reference: entry.key.clone(),
                line: entry.line,
                properties,
                handler,
            })
        })
        .collect();
    for (rule, _, line) in match_resources(&resources, rules) {
        result.hits.push((rule, line));
    }
}

/// The code of a SAM function's handler: `CodeUri` (or `Globals.Function.CodeUri`) and the
/// module part of `Handler` (`app.lambda_handler` is `app.py`, `src/app.handler` is
/// `src/app.js` or `.mjs`, `.cjs`, `.ts`), or its `InlineCode`. `None` when it is elsewhere.
fn handler_code(template: &Path, properties: &Node, doc: &Node) -> Option<String> {
    if let Some(inline) = properties.get("InlineCode").and_then(Node::as_str) {
        return Some(inline.to_string());
    }
    let global = |key: &str| {
        doc.find(&["Globals", "Function", key])
            .first()
            .and_then(|(_, n)| n.as_str().map(str::to_string))
    };
    let local = |key: &str| {
        properties
            .get(key)
            .and_then(Node::as_str)
            .map(str::to_string)
    };
    let uri = local("CodeUri").or_else(|| global("CodeUri"))?;
    let handler = local("Handler").or_else(|| global("Handler"))?;
    if uri.contains("://") {
        return None;
    }
    let (module, _) = handler.rsplit_once('.')?;
    let base = lexical_join(template.parent()?, &uri);
    let module = module.replace('\\', "/");
    let stems = [module.clone(), module.replace('.', "/")];
    for stem in stems {
        for ext in ["py", "js", "mjs", "cjs", "ts"] {
            let file = lexical_join(&base, &format!("{stem}.{ext}"));
            let small = std::fs::metadata(&file).is_ok_and(|m| m.is_file() && m.len() <= MAX_FILE);
            if small && let Ok(text) = std::fs::read_to_string(&file) {
                return Some(text);
            }
        }
    }
    None
}

/// A SAM state machine's `DefinitionUri` file (ASL in JSON or YAML beside the template) read
/// in as its `Definition`, every line of it at the `DefinitionUri` key's line: the rules see
/// the states wherever they are written.
fn definition_file(template: &Path, properties: &mut Node) {
    let Some((line, uri)) = properties
        .find(&["DefinitionUri"])
        .first()
        .and_then(|(line, n)| Some((*line, n.as_str()?.to_string())))
    else {
        return;
    };
    if uri.contains("://") || properties.get("Definition").is_some() {
        return;
    }
    let Some(folder) = template.parent() else {
        return;
    };
    let file = lexical_join(folder, &uri);
    let small = std::fs::metadata(&file).is_ok_and(|m| m.is_file() && m.len() <= MAX_FILE);
    let Some(mut definition) = small
        .then(|| std::fs::read_to_string(&file).ok())
        .flatten()
        .and_then(|text| tree::yaml(&text).ok().flatten())
    else {
        return;
    };
    definition.set_line(line);
    if let tree::Value::Map(entries) = &mut properties.value {
        entries.push(tree::Entry {
            key: "Definition".to_string(),
            line,
            node: definition,
        });
    }
}

/// A file skipped because it does not parse: counted, and a warning at its place that says
/// so and how to leave it out for good (ripgrep's `.ignore`, which the walk honours).
fn unparsable(result: &mut FileResult, e: &tree::ParseError, what: &str) {
    result.skip = Skip::Unparsable;
    result.warnings.push((
        e.line,
        e.column,
        format!(
            "{what} ({}); skipped: fix it, or name it in a .ignore file to leave it out",
            e.message
        ),
    ));
}

/// The local folders a template's Lambda layers are made of, as committed: SAM's `ContentUri`
/// (unless `sam build` installs the layer's packages, `Metadata.BuildMethod`), or a plain
/// `Content` path (`aws cloudformation package` uploads it), with their lines.
fn layers(resources: &Node) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    for entry in resources.entries() {
        let key = match entry.node.get("Type").and_then(Node::as_str) {
            // With a BuildMethod, `sam build` installs the packages elsewhere (.aws-sam/):
            // the folder holds the team's own shared code, which is read.
            Some("AWS::Serverless::LayerVersion")
                if entry.node.find(&["Metadata", "BuildMethod"]).is_empty() =>
            {
                "ContentUri"
            }
            Some("AWS::Lambda::LayerVersion") => "Content",
            _ => continue,
        };
        for (line, node) in entry.node.find(&["Properties", key]) {
            if let Some(uri) = node.as_str()
                && !uri.contains("://")
                && !uri.is_empty()
            {
                out.push((uri.to_string(), line));
            }
        }
    }
    out
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
                    handler: None,
                })
                .collect();
            // Registry modules (terraform-aws-modules/sqs/aws...) as the resources they make.
            result.resources.extend(modules::resources(text));
        }
        Err(e) => unparsable(result, &e, "cannot be parsed as Terraform"),
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
                if !m.types.contains(&r.kind) || referenced(m, r, resources) {
                    continue;
                }
                if let Some(line) = resource_matches(m, &r.properties, r.handler.as_deref(), r.line)
                {
                    hits.push((index, at, line));
                    break;
                }
            }
        }
    }
    hits
}

/// True when another resource of the unit names `r` under one of the matcher's
/// `notReferencedBy` keys (on the types a key is limited to, if any).
fn referenced(m: &ResourceMatcher, r: &Resource, all: &[Resource]) -> bool {
    if m.not_referenced_by.is_empty() {
        return false;
    }
    let mut texts = Vec::new();
    for other in all.iter().filter(|o| o.reference != r.reference) {
        let keys: Vec<String> = m
            .not_referenced_by
            .iter()
            .filter(|k| k.on.is_empty() || k.on.contains(&other.kind))
            .filter(|k| {
                k.where_.iter().all(|(path, want)| {
                    other
                        .properties
                        .find(&segments(path))
                        .iter()
                        .any(|(_, n)| n.scalars().iter().any(|s| s.to_lowercase() == *want))
                })
            })
            .map(|k| k.key.clone())
            .collect();
        other.properties.values_under(&keys, &mut texts);
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
fn resource_matches(
    m: &ResourceMatcher,
    props: &Node,
    handler: Option<&str>,
    line: usize,
) -> Option<usize> {
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
            // A key that is itself `*` would stand for every key again, for ever.
            .filter(|k| k != "*")
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
            resource_matches(&one, props, handler, line)
        });
    }
    let mut at = None;
    for path in &m.has {
        let found = props.find(&segments(path));
        let (found_line, _) = found.iter().find(|(_, node)| !node.maybe_null())?;
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
    for (path, unwanted) in &m.not {
        let found = props.find(&segments(path));
        if found
            .iter()
            .any(|(_, node)| node.scalars().iter().any(|s| s.to_lowercase() == *unwanted))
        {
            return None;
        }
    }
    if let (Some(wanted), Some(code)) = (&m.handler_mentions, handler)
        && !wanted.is_match(code)
    {
        return None;
    }
    if let Some((count, pattern)) = &m.at_least
        && pattern.find_iter(&props.text()).count() < *count
    {
        return None;
    }
    if let Some(needle) = &m.contains {
        let found = props.mention_line(needle)?;
        at.get_or_insert(found);
    }
    Some(at.unwrap_or(line))
}

fn code_file(text: &str, language: Language, rules: &Rules, result: &mut FileResult) {
    result.read = true;
    result.hits.extend(code_hits(text, language, rules));
}

/// CDK app source: its constructs as the resources they make, matched with the rest of the
/// app's (the folder with `cdk.json`, else the file's own folder) once the walk is done.
fn cdk_app(path: &Path, text: &str, language: Language, result: &mut FileResult) {
    let resources = cdk::resources(text, language);
    if resources.is_empty() {
        return;
    }
    let app = path
        .ancestors()
        .skip(1)
        .take(8)
        .find(|dir| dir.join("cdk.json").is_file())
        .map(Path::to_path_buf);
    for r in &resources {
        if r.kind == "AWS::Lambda::LayerVersion"
            && let Some((line, uri)) = r
                .properties
                .find(&["ContentUri"])
                .first()
                .and_then(|(line, n)| Some((*line, n.as_str()?)))
        {
            result.layers.push((uri.to_string(), line));
        }
    }
    result.layer_base = app.clone();
    result.unit = app;
    let mut resources = resources;
    for r in &mut resources {
        resolve_names(&mut r.properties, text);
    }
    result.resources = resources;
}

/// A prop that is a bare name (`dead_letter_queue=dead_letter`, `queue: this.dlq`) also
/// carries the value the file assigns to that name, so a dead-letter queue passed through a
/// variable (`dead_letter = sqs.DeadLetterQueue(queue=dlq, ...)`) is still named.
fn resolve_names(node: &mut Node, text: &str) {
    match &mut node.value {
        tree::Value::Scalar(s) => {
            let name = s
                .trim()
                .trim_start_matches("self.")
                .trim_start_matches("this.");
            let bare = !name.is_empty()
                && name.len() < 100
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$');
            if bare && let Some(value) = code::last_assignment(text, name) {
                let value = value.trim();
                if !value.is_empty() && value.len() < 2048 {
                    s.push_str(" = ");
                    s.push_str(value);
                }
            }
        }
        tree::Value::List(items) => items.iter_mut().for_each(|i| resolve_names(i, text)),
        tree::Value::Map(entries) => entries
            .iter_mut()
            .for_each(|e| resolve_names(&mut e.node, text)),
    }
}

/// (rule index, 1-based line) of every code rule that fires in `text`.
fn code_hits(text: &str, language: Language, rules: &Rules) -> Vec<(usize, usize)> {
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
    let mut hits = Vec::new();
    if matchers.is_empty() {
        return hits;
    }
    let stripped = code::strip_comments(text, language);
    let lines = code::split_lines(&stripped);
    for (index, matcher) in matchers {
        // One search of the whole file first: most patterns are nowhere in most files.
        if !matcher.anywhere.is_match(&stripped) {
            continue;
        }
        for line in code::matches(matcher, language, &stripped, &lines) {
            hits.push((index, line));
        }
    }
    hits
}

/// Lambda code written inside a template (`Code.ZipFile`, SAM's `InlineCode`) is code like any
/// other: read in its runtime's language, each finding at the template line that holds it.
/// `global_runtime` is SAM's `Globals.Function.Runtime`, for functions that name none.
fn inline_code(
    resources: &Node,
    global_runtime: Option<&str>,
    template_text: &str,
    rules: &Rules,
    result: &mut FileResult,
) {
    let json = template_text.trim_start().starts_with('{');
    for entry in resources.entries() {
        let path: &[&str] = match entry.node.get("Type").and_then(Node::as_str) {
            Some("AWS::Lambda::Function") => &["Properties", "Code", "ZipFile"],
            Some("AWS::Serverless::Function") => &["Properties", "InlineCode"],
            _ => continue,
        };
        let runtime = entry
            .node
            .find(&["Properties", "Runtime"])
            .first()
            .and_then(|(_, n)| n.as_str())
            .or(global_runtime);
        let Some(language) = runtime.and_then(runtime_language) else {
            continue;
        };
        for (_, code) in entry.node.find(path) {
            // `!Sub |` keeps the text as its first (or only) value.
            let code = code
                .get("Fn::Sub")
                .map(|sub| match &sub.value {
                    tree::Value::List(items) => items.first().unwrap_or(sub),
                    _ => sub,
                })
                .unwrap_or(code);
            let Some(text) = code.as_str() else {
                continue;
            };
            // A block scalar's lines are the template's own; a quoted string (JSON's, or a
            // YAML "...\n...") holds its line breaks as escapes, all on the key's line.
            let physical = !json && second_line_follows(template_text, code.line, text);
            for (rule, line) in code_hits(text, language, rules) {
                let at = if physical {
                    code.line + line - 1
                } else {
                    code.line
                };
                result.hits.push((rule, at));
            }
        }
    }
}

/// True when the template's line after `line` (1-based) holds the code's second line: the
/// code is written out line by line in the template (a block scalar), not as one string.
fn second_line_follows(template: &str, line: usize, code: &str) -> bool {
    let Some(second) = code.lines().nth(1).map(str::trim).filter(|l| !l.is_empty()) else {
        // One line of code: its line is the key's either way.
        return true;
    };
    template
        .lines()
        .nth(line)
        .is_some_and(|l| l.trim() == second)
}

/// The language of a Lambda runtime name (`python3.12`, `nodejs20.x`, `java21`, `go1.x`).
fn runtime_language(runtime: &str) -> Option<Language> {
    let runtime = runtime.to_ascii_lowercase();
    Some(if runtime.starts_with("python") {
        Language::Python
    } else if runtime.starts_with("nodejs") {
        Language::Javascript
    } else if runtime.starts_with("java") {
        Language::Java
    } else if runtime.starts_with("go") {
        Language::Go
    } else {
        return None;
    })
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
            let mut found = scan(&[scanned], rules, Options::default());
            found.retain(|i| i.scope == Scope::App);
            let _ = tx.send(found);
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
