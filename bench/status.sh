#!/usr/bin/env bash
# Benchmark of `rel04 status` on a fleet: N workloads (default 1,000) on the local wa-emulator
# with 50 ms of latency per request, against a sequential boto3 script that reads the same answers
# (one get_answer per workload, the way a script would check them). Workloads are created untimed.
# Prints the wall time of each and the requests each made (counted by the emulator).
# Needs python3 with venv and curl (boto3 is installed from PyPI into a temporary virtualenv).
# Usage: bench/status.sh [N] [LATENCY_MS]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000}
latency=${2:-50}
port=${PORT:-8798}
source bench/emulator.sh boto3
fleet "$work/fleet" svc
python3 - "$work/fleet" >"$work/ids" <<'PY'
import json, pathlib, sys
for f in sorted(pathlib.Path(sys.argv[1]).glob("*.rel04.json")):
    print(json.loads(f.read_text())["workload"]["awsWorkloadId"])
PY
cat >"$work/read.py" <<'PY'
import sys, boto3
client = boto3.client("wellarchitected")
for line in open(sys.argv[1]):
    client.get_answer(WorkloadId=line.strip(), LensAlias="wellarchitected",
                      QuestionId="prevent-interaction-failure")
PY

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(uname -sr); boto3 $("$work/venv/bin/python" -c 'import boto3; print(boto3.__version__)')"
echo "workloads: $n; emulator latency: ${latency} ms per request"

before=$(requests); start=$(date +%s.%N)
"$rel04" status "$work/fleet" --format json >"$work/status.json" 2>"$work/status.err"
rel04_time=$(python3 -c "import time; print(f'{time.time() - $start:.2f}')"); rel04_requests=$(( $(requests) - before ))
in_sync=$(python3 -c 'import json,sys; print(sum(r["state"] == "in-sync" for r in json.load(open(sys.argv[1]))))' "$work/status.json")

before=$(requests); start=$(date +%s.%N)
"$rel04" status "$work/fleet" --jobs 32 --format json >/dev/null 2>&1 || true
rel04_32_time=$(python3 -c "import time; print(f'{time.time() - $start:.2f}')"); rel04_32_requests=$(( $(requests) - before ))

before=$(requests); start=$(date +%s.%N)
"$work/venv/bin/python" "$work/read.py" "$work/ids"
py_time=$(python3 -c "import time; print(f'{time.time() - $start:.2f}')"); py_requests=$(( $(requests) - before ))

printf '%-48s %10s %10s\n' "run" "wall (s)" "requests"
printf '%-48s %10s %10s\n' "rel04 status fleet/ (16 at a time; $in_sync in-sync)" "$rel04_time" "$rel04_requests"
printf '%-48s %10s %10s\n' "rel04 status fleet/ --jobs 32" "$rel04_32_time" "$rel04_32_requests"
printf '%-48s %10s %10s\n' "boto3 get_answer, one workload after another" "$py_time" "$py_requests"
python3 -c "print(f'ratio (boto3 / rel04): {$py_time / $rel04_time:.1f}x')"
