#!/usr/bin/env bash
# Benchmark of `rel04 report --format html`: 1,000 workloads rendered into one page, outside
# a git repository and inside one with three commits per file (each page draws its history),
# beside the JSON and table reports of the same files. Needs hyperfine (apt-get install
# hyperfine), git and python3. Usage: bench/html.sh [N_WORKLOADS]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000}
cargo build --release --locked -p rel04
target=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
rel04="$target/release/rel04"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

(cd "$work" && REL04_USER=bench@example.com "$rel04" init --workload template-0 --file one.rel04.json >/dev/null 2>&1)
python3 - "$work" "$n" <<'PY'
import json, os, random, sys
work, n = sys.argv[1], int(sys.argv[2])
random.seed(4)
base = json.load(open(os.path.join(work, "one.rel04.json")))
checks = {"rel_prevent_interaction_failure_identify": ["timeouts", "bounded-retries"],
          "rel_prevent_interaction_failure_loosely_coupled_system": ["async-handoff", "back-pressure"]}
notes = ["", "Timeouts on every client, see ADR-12", "Queue in front of the ledger since Q3",
         "Refunds still lack idempotency keys; tracked in PAY-1432"]
for i in range(n):
    f = json.loads(json.dumps(base))
    f["workload"]["name"] = f"service-{i:04d}"
    f["workload"]["description"] = f"service-{i:04d}: reliability review of REL 4"
    for pid, p in f["practices"].items():
        p["status"] = random.choice(["selected", "selected", "unselected", "not-applicable", "unanswered"])
        if p["status"] == "not-applicable":
            p["reason"] = "out-of-scope"
        p["notes"] = random.choice(notes)
        p["answeredBy"] = "bench@example.com"
        p["answeredAt"] = f"2026-0{random.randint(1, 9)}-1{random.randint(0, 9)}T10:00:00Z"
        for c in checks.get(pid, []):
            p["checks"][c] = random.choice(["yes", "no", "unsure"])
    d = os.path.join(work, "fleet", f"team{i // 100:02d}", f"svc{i:04d}")
    os.makedirs(d, exist_ok=True)
    json.dump(f, open(os.path.join(d, "rel04-answers.json"), "w"), indent=2)
PY
# The same files in a repository, each changed in three commits.
cp -r "$work/fleet" "$work/repo"
(cd "$work/repo" && git init -q && git add -A && git -c user.name=b -c user.email=b@example.com commit -qm one
  for round in 2 3; do
    python3 - <<'PY'
import json, glob
for path in glob.glob("**/rel04-answers.json", recursive=True):
    f = json.load(open(path))
    p = f["practices"]["rel_prevent_interaction_failure_constant_work"]
    p["status"] = "selected" if p["status"] != "selected" else "unselected"
    json.dump(f, open(path, "w"), indent=2)
PY
    git -c user.name=b -c user.email=b@example.com commit -qam "round $round"
  done)

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(uname -sr)"
"$rel04" report "$work/fleet" --format html --out "$work/fleet.html" 2>/dev/null
"$rel04" report "$work/repo" --format html --out "$work/repo.html" 2>/dev/null
echo "page size: $(wc -c < "$work/fleet.html") bytes without history, $(wc -c < "$work/repo.html") bytes with history"
hyperfine --warmup 2 --runs 10 -N \
  --command-name "report --format json ($n files)" "$rel04 report $work/fleet --format json" \
  --command-name "report, table ($n files)" "$rel04 report $work/fleet" \
  --command-name "report --format html ($n files, no git)" "$rel04 report $work/fleet --format html --out $work/a.html" \
  --command-name "report --format html ($n files, 3 commits each)" "$rel04 report $work/repo --format html --out $work/b.html"
