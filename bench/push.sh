#!/usr/bin/env bash
# Benchmark of `rel04 push` against the AWS CLI: 100 workloads on the local wa-emulator with
# 50 ms of latency per request. rel04 pushes 100 answers files at once (`rel04 push fleet/`);
# the AWS CLI makes the same updates the way a script does, one update-answer call per workload.
# Each side gets its own 100 workloads in the same starting state. Prints the wall time of each,
# the ratio, and the write calls each made (counted by the emulator). Needs python3 (the AWS CLI
# is installed from PyPI into a temporary virtualenv). Usage: bench/push.sh [N] [LATENCY_MS]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100}
latency=${2:-50}
port=${PORT:-8797}
source bench/emulator.sh awscli
aws="$work/venv/bin/aws"
writes() { requests UpdateAnswer; }

# Two fleets of N workloads, created (untimed) with one answered practice each.
fleet "$work/rel04" rel04
fleet "$work/cli" cli

# The same update for every workload: all four practices established, with notes.
for fleet in rel04 cli; do
  for f in "$work/$fleet"/*.rel04.json; do
    for bp in BP02 BP03 BP04; do "$rel04" answer "$bp" selected --notes "reviewed $bp" --file "$f" 2>/dev/null; done
  done
done

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(uname -sr); aws-cli $("$aws" --version 2>&1 | cut -d' ' -f1)"
echo "workloads: $n per side; emulator latency: ${latency} ms per request"

before=$(writes); start=$(date +%s.%N)
"$rel04" push "$work/rel04" >/dev/null 2>"$work/rel04.err"
rel04_time=$(python3 -c "import time; print(f'{time.time() - $start:.2f}')"); rel04_writes=$(( $(writes) - before ))

before=$(writes); start=$(date +%s.%N)
for f in "$work/cli"/*.rel04.json; do
  id=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["workload"]["awsWorkloadId"])' "$f")
  "$aws" wellarchitected update-answer --endpoint-url "$url" --workload-id "$id" \
    --lens-alias wellarchitected --question-id prevent-interaction-failure \
    --choice-updates '{"rel_prevent_interaction_failure_identify":{"Status":"SELECTED"},"rel_prevent_interaction_failure_loosely_coupled_system":{"Status":"SELECTED","Notes":"reviewed BP02"},"rel_prevent_interaction_failure_constant_work":{"Status":"SELECTED","Notes":"reviewed BP03"},"rel_prevent_interaction_failure_idempotent":{"Status":"SELECTED","Notes":"reviewed BP04"}}' \
    >/dev/null
done
cli_time=$(python3 -c "import time; print(f'{time.time() - $start:.2f}')"); cli_writes=$(( $(writes) - before ))

before=$(writes); start=$(date +%s.%N)
"$rel04" push "$work/rel04" >/dev/null 2>&1
again_time=$(python3 -c "import time; print(f'{time.time() - $start:.2f}')"); again_writes=$(( $(writes) - before ))

printf '%-44s %10s %12s\n' "run" "wall (s)" "write calls"
printf '%-44s %10s %12s\n' "rel04 push fleet/ (8 at a time)" "$rel04_time" "$rel04_writes"
printf '%-44s %10s %12s\n' "aws wellarchitected update-answer, per workload" "$cli_time" "$cli_writes"
printf '%-44s %10s %12s\n' "rel04 push fleet/ again (nothing changed)" "$again_time" "$again_writes"
python3 -c "print(f'ratio (AWS CLI / rel04): {$cli_time / $rel04_time:.1f}x')"
