//! Terraform registry modules read as the resources their inputs create: `module "orders" {
//! source = "terraform-aws-modules/sqs/aws" create_dlq = true }` is an `aws_sqs_queue` with a
//! `redrive_policy`, so the resource rules of `questions/evidence.json` apply to it unchanged.
//!
//! Which modules, and what each input becomes, is data: the `terraformModules` section of
//! `questions/constructs.json` (read with the CDK constructs by [`super::cdk`]), written from
//! the modules' own `main.tf` and `variables.tf`. Every resource a module block creates has the
//! reference `module.NAME`, so `module.orders.queue_arn` elsewhere names it.

use hcl_edit::Span;

use super::Resource;
use super::cdk::{self, TfModule};
use super::tree::{self, Entry, Lines, Node, Value};

/// The resources the registry modules of a Terraform file create, in file order. Nothing for
/// a file that does not parse (the Terraform reader warns about it) or uses no module the table
/// knows. A submodule (`//modules/alias`) is another module and is not read, except the
/// `//wrappers` every terraform-aws-modules module has: each of its `items` (over `defaults`)
/// is one instance of the module.
pub fn resources(text: &str) -> Vec<Resource> {
    let Ok(table) = cdk::table() else {
        return Vec::new();
    };
    let Ok(body) = hcl_edit::parser::parse_body(text) else {
        return Vec::new();
    };
    let lines = Lines::new(text);
    let mut out = Vec::new();
    for block in body.blocks().filter(|b| b.has_ident("module")) {
        let [label] = block.labels.as_slice() else {
            continue;
        };
        let line = lines.of(block.span().map_or(0, |s| s.start));
        let inputs = tree::body_node(&block.body, line, &lines);
        let Some(source) = inputs.get("source").and_then(Node::as_str) else {
            continue;
        };
        let (base, sub) = registry_source(source);
        let Some(module) = table.terraform_modules.iter().find(|m| m.source == base) else {
            continue;
        };
        let reference = format!("module.{}", label.as_str());
        match sub.as_deref() {
            None => instance(module, &inputs, line, &reference, &mut out),
            Some("wrappers") => {
                let defaults = inputs.get("defaults").map_or(&[][..], Node::entries);
                for item in inputs.get("items").map_or(&[][..], Node::entries) {
                    let merged = over(item.node.entries(), defaults, item.line);
                    instance(module, &merged, item.line, &reference, &mut out);
                }
            }
            Some(_) => {}
        }
    }
    out
}

/// `entries` with the `defaults` they do not set.
fn over(entries: &[Entry], defaults: &[Entry], line: usize) -> Node {
    let mut all = entries.to_vec();
    all.extend(
        defaults
            .iter()
            .filter(|d| !entries.iter().any(|e| e.key == d.key))
            .cloned(),
    );
    Node {
        line,
        value: Value::Map(all),
    }
}

/// The registry address of a module source and its submodule, whatever the spelling:
/// `terraform-aws-modules/sqs/aws`, `registry.terraform.io/terraform-aws-modules/sqs/aws`,
/// `git::https://github.com/terraform-aws-modules/terraform-aws-sqs.git?ref=v4.2.0`; a
/// `//wrappers` after any of them is the submodule.
fn registry_source(source: &str) -> (String, Option<String>) {
    let source = source.trim();
    const GITHUB: &str = "github.com/terraform-aws-modules/terraform-aws-";
    if let Some(at) = source.find(GITHUB) {
        let rest = &source[at + GITHUB.len()..];
        let name_end = rest.find(['.', '/', '?']).unwrap_or(rest.len());
        let name = &rest[..name_end];
        let after = rest[name_end..].trim_start_matches(".git");
        let sub = after.strip_prefix("//").map(|s| {
            s.split('?')
                .next()
                .unwrap_or(s)
                .trim_end_matches('/')
                .to_string()
        });
        return (format!("terraform-aws-modules/{name}/aws"), sub);
    }
    let source = source
        .strip_prefix("registry.terraform.io/")
        .unwrap_or(source);
    match source.split_once("//") {
        Some((base, sub)) => (
            base.trim_end_matches('/').to_string(),
            Some(
                sub.split('?')
                    .next()
                    .unwrap_or(sub)
                    .trim_end_matches('/')
                    .to_string(),
            ),
        ),
        None => (source.to_string(), None),
    }
}

/// True, false, or unknown (an expression: `var.enabled`).
fn flag(node: Option<&Node>) -> Option<Option<bool>> {
    let node = node?;
    Some(match node.as_str().map(|s| s.trim().to_ascii_lowercase()) {
        Some(s) if s == "true" => Some(true),
        Some(s) if s == "false" => Some(false),
        _ => None,
    })
}

/// The resources one instance of a module creates from its `inputs`.
fn instance(
    module: &TfModule,
    inputs: &Node,
    line: usize,
    reference: &str,
    out: &mut Vec<Resource>,
) {
    for r in &module.resources {
        // An input set to an expression may be true: the resource is counted, as the team
        // wrote it to be created at least sometimes.
        let created = r
            .when
            .iter()
            .all(|(input, wanted)| match flag(inputs.get(input)) {
                Some(Some(value)) => value == *wanted,
                Some(None) => true,
                None => module.defaults.get(input).copied().unwrap_or(false) == *wanted,
            });
        if !created {
            continue;
        }
        let Some(each) = &r.each else {
            out.push(Resource {
                kind: r.kind.clone(),
                reference: reference.to_string(),
                line,
                properties: cdk::map_props(inputs, &r.properties, line),
                handler: None,
            });
            continue;
        };
        for (at, item) in items(inputs.get(each)) {
            out.push(Resource {
                kind: r.kind.clone(),
                reference: reference.to_string(),
                line: at,
                properties: cdk::map_props(item, &r.properties, at),
                handler: None,
            });
        }
    }
}

/// The entries of a map input, each at its key's line; an entry holding a list (the
/// eventbridge module's `targets = { rule = [ {...}, {...} ] }`) gives one per item.
fn items(node: Option<&Node>) -> Vec<(usize, &Node)> {
    let mut out = Vec::new();
    let Some(node) = node else {
        return out;
    };
    match &node.value {
        Value::Map(entries) => {
            for e in entries {
                match &e.node.value {
                    Value::List(list) => out.extend(list.iter().map(|i| (i.line, i))),
                    _ => out.push((e.line, &e.node)),
                }
            }
        }
        Value::List(list) => out.extend(list.iter().map(|i| (i.line, i))),
        Value::Scalar(_) => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(r: &Resource, path: &str) -> Option<(usize, String)> {
        let segments: Vec<&str> = path.split('.').collect();
        let found = r.properties.find(&segments);
        let (line, node) = found.first()?;
        Some((*line, node.scalars().join(" ")))
    }

    const MAIN: &str = r#"module "orders" {
  source  = "terraform-aws-modules/sqs/aws"
  version = "~> 4.0"

  name       = "orders.fifo"
  fifo_queue = true
  content_based_deduplication = true
  create_dlq = true
}

module "audit" {
  source = "terraform-aws-modules/sqs/aws"
  name   = "audit"
}

module "worker" {
  source = "terraform-aws-modules/lambda/aws"

  function_name          = "worker"
  dead_letter_target_arn = module.audit_dlq.queue_arn

  create_async_event_config    = true
  destination_on_failure       = module.audit.queue_arn
  maximum_event_age_in_seconds = 3600

  event_source_mapping = {
    orders = {
      event_source_arn        = module.orders.queue_arn
      function_response_types = ["ReportBatchItemFailures"]
    }
    kafka = {
      topics = ["payments"]
    }
  }
}

module "bus" {
  source = "git::https://github.com/terraform-aws-modules/terraform-aws-eventbridge.git?ref=v3.0.0"

  bus_name = "shop"
  rules = {
    nightly = {
      schedule_expression = "rate(1 day)"
    }
  }
  targets = {
    nightly = [
      {
        name            = "run-report"
        arn             = module.worker.lambda_function_arn
        dead_letter_arn = module.audit.queue_arn
      }
    ]
  }
}

module "off" {
  source = "terraform-aws-modules/sqs/aws"
  create = false
}

module "alias" {
  source = "terraform-aws-modules/lambda/aws//modules/alias"
}
"#;

    #[test]
    fn registry_modules_become_their_resources() {
        let found = resources(MAIN);
        let summary: Vec<(&str, &str, usize)> = found
            .iter()
            .map(|r| (r.kind.as_str(), r.reference.as_str(), r.line))
            .collect();
        assert_eq!(
            summary,
            [
                ("aws_sqs_queue", "module.orders", 1),
                ("aws_sqs_queue", "module.audit", 11),
                ("aws_lambda_function", "module.worker", 16),
                (
                    "aws_lambda_function_event_invoke_config",
                    "module.worker",
                    16
                ),
                ("aws_lambda_event_source_mapping", "module.worker", 27),
                ("aws_lambda_event_source_mapping", "module.worker", 31),
                ("aws_cloudwatch_event_bus", "module.bus", 37),
                ("aws_cloudwatch_event_rule", "module.bus", 42),
                ("aws_cloudwatch_event_target", "module.bus", 48),
            ]
        );
        assert_eq!(at(&found[0], "redrive_policy").map(|a| a.0), Some(8));
        assert_eq!(at(&found[0], "fifo_queue"), Some((6, "true".into())));
        assert_eq!(
            at(&found[0], "content_based_deduplication"),
            Some((7, "true".into()))
        );
        assert!(at(&found[1], "redrive_policy").is_none());
        assert_eq!(
            at(&found[2], "dead_letter_config.target_arn"),
            Some((20, "module.audit_dlq.queue_arn".into()))
        );
        assert_eq!(
            at(&found[3], "destination_config.on_failure.destination"),
            Some((23, "module.audit.queue_arn".into()))
        );
        assert_eq!(
            at(&found[3], "maximum_event_age_in_seconds"),
            Some((24, "3600".into()))
        );
        assert_eq!(
            at(&found[4], "function_response_types"),
            Some((29, "ReportBatchItemFailures".into()))
        );
        assert_eq!(at(&found[5], "topics"), Some((32, "payments".into())));
        assert_eq!(
            at(&found[7], "schedule_expression"),
            Some((43, "rate(1 day)".into()))
        );
        assert_eq!(
            at(&found[8], "dead_letter_config.arn"),
            Some((51, "module.audit.queue_arn".into()))
        );
    }

    #[test]
    fn async_config_needs_its_switch_and_wrappers_are_instances() {
        let text = "module \"f\" {\n  source = \"terraform-aws-modules/lambda/aws\"\n  destination_on_failure = \"arn:x\"\n  create_layer = true\n}\nmodule \"queues\" {\n  source = \"terraform-aws-modules/sqs/aws//wrappers\"\n  defaults = { create_dlq = true }\n  items = {\n    a = { name = \"a\" }\n    b = { create_dlq = false }\n  }\n}\n";
        let found = resources(text);
        let summary: Vec<(&str, usize)> = found.iter().map(|r| (r.kind.as_str(), r.line)).collect();
        assert_eq!(summary, [("aws_sqs_queue", 10), ("aws_sqs_queue", 11)]);
        assert!(at(&found[0], "redrive_policy").is_some());
        assert!(at(&found[1], "redrive_policy").is_none());
    }

    #[test]
    fn sources_are_read_in_every_spelling() {
        for (source, base, sub) in [
            (
                "terraform-aws-modules/sqs/aws",
                "terraform-aws-modules/sqs/aws",
                None,
            ),
            (
                "registry.terraform.io/terraform-aws-modules/sqs/aws//wrappers",
                "terraform-aws-modules/sqs/aws",
                Some("wrappers"),
            ),
            (
                "git::https://github.com/terraform-aws-modules/terraform-aws-lambda.git//modules/alias?ref=v7.0.0",
                "terraform-aws-modules/lambda/aws",
                Some("modules/alias"),
            ),
            (
                "github.com/terraform-aws-modules/terraform-aws-eventbridge",
                "terraform-aws-modules/eventbridge/aws",
                None,
            ),
        ] {
            let (b, s) = registry_source(source);
            assert_eq!((b.as_str(), s.as_deref()), (base, sub), "{source}");
        }
        assert!(resources("module \"x\" {\n  source = \"./local\"\n}\n").is_empty());
        assert!(resources("module \"x\" { source = ").is_empty());
    }

    /// The fixture the end-to-end tests read gives what its EXPECTED.md lists.
    #[test]
    fn fixture_modules_give_the_expected_resources() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/evidence/modules/main.tf"
        );
        let found = resources(&std::fs::read_to_string(path).unwrap());
        let summary: Vec<(&str, &str, usize)> = found
            .iter()
            .map(|r| (r.kind.as_str(), r.reference.as_str(), r.line))
            .collect();
        assert_eq!(
            summary,
            [
                ("aws_sqs_queue", "module.orders", 5),
                ("aws_sqs_queue", "module.audit", 15),
                ("aws_sqs_queue", "module.failures", 22),
                ("aws_lambda_function", "module.worker", 29),
                (
                    "aws_lambda_function_event_invoke_config",
                    "module.worker",
                    29
                ),
                ("aws_lambda_event_source_mapping", "module.worker", 45),
                ("aws_lambda_event_source_mapping", "module.worker", 49),
                ("aws_cloudwatch_event_bus", "module.events", 56),
                ("aws_cloudwatch_event_rule", "module.events", 63),
                ("aws_cloudwatch_event_rule", "module.events", 67),
                ("aws_cloudwatch_event_target", "module.events", 74),
            ]
        );
    }
}
