#!/usr/bin/env bash
# Benchmark of `rel04 evidence` on a generated monorepo of N files (default 20,000): 200
# services, each with a SAM template, a CloudFormation JSON template, Terraform, handlers in
# Python, TypeScript, Java and Go, and files no rule reads (Markdown, package.json). Times
# rel04 with hyperfine (2 warm-up runs, 10 measured, page cache warm; JSON, the fullest output,
# and SARIF, gaps only), its peak memory with GNU time, and Checkov (from PyPI, in a temporary
# virtualenv) scanning the same templates and Terraform once, side by side in the same run.
# Needs python3 with venv, hyperfine and GNU time.
# Usage: bench/evidence.sh [N_FILES]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-20000}
cargo build --release --locked -p rel04
target=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
rel04="$target/release/rel04"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet checkov

python3 - "$work/repo" "$n" <<'PY'
import os, sys
root, n = sys.argv[1], int(sys.argv[2])
services = 200
per = n // services
template = """AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: !Sub '${{AWS::StackName}}-{i}'
      RedrivePolicy:
        deadLetterTargetArn: !GetAtt Dlq.Arn
        maxReceiveCount: 5
  Dlq:
    Type: AWS::SQS::Queue
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
      Timeout: 10
      Events:
        Work:
          Type: SQS
          Properties:
            Queue: !GetAtt Queue.Arn
            FunctionResponseTypes: [ReportBatchItemFailures]
  Schedule:
    Type: AWS::Events::Rule
    Properties:
      ScheduleExpression: rate(5 minutes)
"""
cfn_json = """{{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {{
    "Topic{i}": {{ "Type": "AWS::SNS::Topic" }},
    "Audit{i}": {{ "Type": "AWS::SQS::Queue", "Properties": {{ "MessageRetentionPeriod": 345600 }} }}
  }}
}}
"""
tf = """resource "aws_sqs_queue" "jobs_{i}" {{
  name = "jobs-{i}"
  redrive_policy = jsonencode({{
    deadLetterTargetArn = aws_sqs_queue.dlq_{i}.arn
    maxReceiveCount     = 5
  }})
}}

resource "aws_sqs_queue" "dlq_{i}" {{
  name = "jobs-{i}-dlq"
}}

resource "aws_lambda_event_source_mapping" "jobs_{i}" {{
  event_source_arn = aws_sqs_queue.jobs_{i}.arn
  function_name    = "worker-{i}"
}}

resource "aws_cloudwatch_metric_alarm" "age_{i}" {{
  alarm_name          = "jobs-{i}-age"
  metric_name         = "ApproximateAgeOfOldestMessage"
  namespace           = "AWS/SQS"
  comparison_operator = "GreaterThanThreshold"
  threshold           = 300
  evaluation_periods  = 1
  period              = 60
  statistic           = "Maximum"
}}
"""
py = """import boto3
import requests
from botocore.config import Config

# A handler of service {i}, file {j}.
client = boto3.client("dynamodb", config=Config(connect_timeout=2, read_timeout=5, retries={{"max_attempts": 3}}))


def handler(event, context):
    resp = requests.get("https://example.com/{j}", timeout=3)
    client.put_item(TableName="t", Item={{}}, ConditionExpression="attribute_not_exists(pk)")
    return resp.status_code
"""
ts = """import {{ SQSClient }} from "@aws-sdk/client-sqs";
import {{ NodeHttpHandler }} from "@smithy/node-http-handler";

// service {i}, file {j}
const sqs = new SQSClient({{
  maxAttempts: 3,
  requestHandler: new NodeHttpHandler({{ connectionTimeout: 1000, requestTimeout: 3000 }}),
}});

export const handler = async (event: unknown) => {{
  return {{ ok: true, n: {j} }};
}};
"""
java = """package svc{i};

import java.time.Duration;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;

public class Handler{j} {{
    // service {i}
    static ClientOverrideConfiguration config = ClientOverrideConfiguration.builder()
        .apiCallTimeout(Duration.ofSeconds(5))
        .build();
}}
"""
go = """package svc{i}

import (
	"net/http"
	"time"
)

// service {i}, file {j}
var client = &http.Client{{Timeout: 5 * time.Second}}

func Get{j}() (*http.Response, error) {{
	return client.Get("https://example.com/{j}")
}}
"""
other = ["# Service {i}\n\nNotes, file {j}.\n", '{{"name": "svc-{i}-{j}", "version": "1.0.0"}}\n']
made = 0
for i in range(services):
    base = os.path.join(root, f"services/svc{i:03}")
    os.makedirs(os.path.join(base, "infra"), exist_ok=True)
    os.makedirs(os.path.join(base, "src"), exist_ok=True)
    files = [("template.yaml", template, 0), ("infra/stack.json", cfn_json, 0), ("infra/main.tf", tf, 0)]
    j = 0
    while len(files) < per:
        kind = j % 6
        if kind == 0: files.append((f"src/h{j}.py", py, j))
        elif kind == 1: files.append((f"src/h{j}.ts", ts, j))
        elif kind == 2: files.append((f"src/Handler{j}.java", java, j))
        elif kind == 3: files.append((f"src/h{j}.go", go, j))
        elif kind == 4: files.append((f"docs/n{j}.md", other[0], j))
        else: files.append((f"pkg/p{j}.json", other[1], j))
        j += 1
    for name, text, j in files:
        path = os.path.join(base, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text.format(i=i, j=j))
        made += 1
print(f"generated {made} files", file=sys.stderr)
PY

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(uname -sr); $("$work/venv/bin/checkov" --version 2>/dev/null | head -1 | sed 's/^/checkov /')"
echo "files: $(find "$work/repo" -type f | wc -l) ($(find "$work/repo" -name '*.tf' -o -name '*.yaml' -o -name 'stack.json' | wc -l) templates and Terraform files)"
"$rel04" evidence "$work/repo" --format json | python3 -c 'import json,sys; s=json.load(sys.stdin)["summary"]; print("rel04 findings: %d supports, %d gaps in %d files read" % (s["supports"], s["gaps"], s["files"]))'
hyperfine --warmup 2 --runs 10 --export-markdown "$work/hyperfine.md" \
  "$rel04 evidence $work/repo --format json" "$rel04 evidence $work/repo --format sarif"
cat "$work/hyperfine.md"
for format in json sarif; do
  /usr/bin/time -f "rel04 evidence --format $format peak RSS: %M KiB, wall %e s" "$rel04" evidence "$work/repo" --format "$format" >/dev/null
done
start=$(date +%s.%N)
/usr/bin/time -f "%M" -o "$work/checkov.rss" "$work/venv/bin/checkov" -d "$work/repo" \
  --framework cloudformation terraform --quiet --compact --skip-download -o json \
  >"$work/checkov.json" 2>"$work/checkov.err" || true
checkov_time=$(python3 -c "import time; print(f'{time.time() - $start:.2f}')")
python3 - "$work/checkov.json" "$checkov_time" "$(tail -1 "$work/checkov.rss")" <<'PY'
import json, sys
reports = json.load(open(sys.argv[1]))
reports = reports if isinstance(reports, list) else [reports]
for r in reports:
    s = r.get("summary", {})
    print(f"checkov {r.get('check_type')}: {s.get('resource_count')} resources, {s.get('passed')} passed, {s.get('failed')} failed checks")
print(f"checkov (cloudformation + terraform, one run): {sys.argv[2]} s, peak RSS {sys.argv[3]} KiB")
PY
