#!/usr/bin/env bash
# Benchmark of `rel04 push`, a re-push and `rel04 status` against a sequential boto3 script:
# N workloads (default 100) on the local wa-emulator with 50 ms of latency per request. Each
# side gets its own N workloads in the same starting state (created untimed) and makes the same
# change to every one: the three other practices established, with notes. boto3 does it the way
# a script would, one update_answer per workload, one after another (and one get_answer per
# workload to check them). Prints the wall time and the requests of each run, counted by the
# emulator. Needs python3 with venv and curl (boto3 is installed from PyPI into a temporary
# virtualenv).
# Usage: bench/push.sh [N] [LATENCY_MS]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100}
latency=${2:-50}
port=${PORT:-8797}
source bench/emulator.sh boto3
python="$work/venv/bin/python"

fleet "$work/rel04" rel04
fleet "$work/py" py
for fleet in rel04 py; do
  for f in "$work/$fleet"/*.rel04.json; do
    for bp in BP02 BP03 BP04; do "$rel04" answer "$bp" selected --notes "reviewed $bp" --file "$f" 2>/dev/null; done
  done
done
python3 - "$work/py" >"$work/ids" <<'PY'
import json, pathlib, sys
for f in sorted(pathlib.Path(sys.argv[1]).glob("*.rel04.json")):
    print(json.loads(f.read_text())["workload"]["awsWorkloadId"])
PY
cat >"$work/update.py" <<'PY'
import sys, boto3
client = boto3.client("wellarchitected")
updates = {"rel_prevent_interaction_failure_identify": {"Status": "SELECTED"}}
for bp, choice in [("BP02", "loosely_coupled_system"), ("BP03", "constant_work"), ("BP04", "idempotent")]:
    updates[f"rel_prevent_interaction_failure_{choice}"] = {"Status": "SELECTED", "Notes": f"reviewed {bp}"}
for line in open(sys.argv[1]):
    client.update_answer(WorkloadId=line.strip(), LensAlias="wellarchitected",
                         QuestionId="prevent-interaction-failure", ChoiceUpdates=updates)
PY
cat >"$work/read.py" <<'PY'
import sys, boto3
client = boto3.client("wellarchitected")
for line in open(sys.argv[1]):
    client.get_answer(WorkloadId=line.strip(), LensAlias="wellarchitected",
                      QuestionId="prevent-interaction-failure")
PY

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(uname -sr); boto3 $("$python" -c 'import boto3; print(boto3.__version__)')"
echo "workloads: $n per side; emulator latency: ${latency} ms per request"
printf '%-52s %9s %9s  %s\n' "run" "wall (s)" "requests" "of which"

# timed LABEL COMMAND...: runs the command, prints its wall time and the requests it made.
timed() {
  local label=$1; shift
  local before start took
  before=$(curl -sf "$url/_emulator/stats")
  start=$(date +%s.%N)
  "$@" >/dev/null 2>>"$work/errors" || { echo "$label failed:"; cat "$work/errors"; exit 1; }
  took=$(python3 -c "import time; print(f'{time.time() - $start:.2f}')")
  curl -sf "$url/_emulator/stats" | python3 -c '
import json, sys
before = json.loads(sys.argv[1])["operations"]
after = json.load(sys.stdin)["operations"]
made = {op: c["requests"] - before.get(op, {}).get("requests", 0) for op, c in after.items()}
made = {op: k for op, k in made.items() if k}
detail = ", ".join(f"{op} {k}" for op, k in sorted(made.items()))
print(f"{sys.argv[2]:<52} {sys.argv[3]:>9} {sum(made.values()):>9}  {detail}")' "$before" "$label" "$took"
}

timed "rel04 push fleet/ (changed, 16 at a time)" "$rel04" push "$work/rel04"
timed "boto3 update_answer, one after another" "$python" "$work/update.py" "$work/ids"
timed "rel04 push fleet/ again (nothing changed)" "$rel04" push "$work/rel04"
timed "rel04 status fleet/" "$rel04" status "$work/rel04"
timed "boto3 get_answer, one after another" "$python" "$work/read.py" "$work/ids"
