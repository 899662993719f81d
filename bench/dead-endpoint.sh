#!/usr/bin/env bash
# Time to fail against a dead endpoint (a port nothing listens on): push, status and pull of
# 1 file and of 100 files, each file bound to a workload id so every command has a request to
# make. Goal: under 5 s each. Needs python3 and GNU time; builds the release binary.
# Usage: bench/dead-endpoint.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked -p rel04
target=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
rel04="$target/release/rel04"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1 HOME="$work"
for n in 1 100; do
  mkdir -p "$work/$n"
  for i in $(seq 1 "$n"); do
    "$rel04" init --workload "dead-$i" --file "$work/$n/w$i.rel04.json" >/dev/null 2>&1
  done
  python3 - "$work/$n" <<'PY'
import json, pathlib, sys
for i, p in enumerate(sorted(pathlib.Path(sys.argv[1]).glob("*.rel04.json"))):
    d = json.loads(p.read_text())
    d["workload"]["awsWorkloadId"] = f"{i:032x}"
    d["workload"]["awsRegion"] = "us-east-1"
    p.write_text(json.dumps(d, indent=2) + "\n")
PY
  for cmd in "push $work/$n" "status $work/$n" "pull --file $work/$n/w1.rel04.json"; do
    [ "$n" = 1 ] || [ "${cmd%% *}" != pull ] || continue
    /usr/bin/time -f "$n file(s): rel04 ${cmd%% *}: %e s, exit %x" "$rel04" $cmd --endpoint-url "http://127.0.0.1:$port" >/dev/null 2>"$work/err" || true
    tail -1 "$work/err"
  done
done
