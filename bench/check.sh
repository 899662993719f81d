#!/usr/bin/env bash
# Benchmark of `rel04 check`: one file against a bare process start, and a folder of 10,000
# answers files; peak memory of the folder run. Needs hyperfine and GNU time
# (apt-get install hyperfine time) and python3. Usage: bench/check.sh [N_FILES]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
cargo build --release --locked -p rel04
target=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
rel04="$target/release/rel04"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# One real answers file, written by rel04 itself, then copied under N workload names.
(cd "$work" && REL04_USER=bench@example.com "$rel04" init --workload bench-0 --file one.rel04.json >/dev/null 2>&1
  for bp in BP01 BP02 BP03 BP04; do REL04_USER=bench@example.com "$rel04" answer "$bp" selected --notes "evidence for $bp" --file one.rel04.json 2>/dev/null; done)
python3 - "$work" "$n" <<'PY'
import os, sys
work, n = sys.argv[1], int(sys.argv[2])
text = open(os.path.join(work, "one.rel04.json")).read()
for i in range(n):
    d = os.path.join(work, "fleet", f"team{i // 100:03d}", f"svc{i:05d}")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "rel04-answers.json"), "w") as f:
        f.write(text.replace('"bench-0"', f'"bench-{i}"'))
PY

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(uname -sr)"
echo "files: $(find "$work/fleet" -name rel04-answers.json | wc -l) answers files of $(wc -c < "$work/one.rel04.json") bytes"
# Warm the page cache, then compare side by side in one run.
"$rel04" check "$work/fleet" >/dev/null
hyperfine --warmup 3 --runs 20 -N \
  --command-name "true (bare process start)" "true" \
  --command-name "rel04 check (1 file)" "$rel04 check $work/one.rel04.json" \
  --command-name "rel04 check ($n files, folder)" "$rel04 check $work/fleet"
echo "peak memory (maximum resident set size):"
for args in "$work/one.rel04.json" "$work/fleet"; do
  /usr/bin/time -f "  %M KiB  rel04 check $(basename "$args")" "$rel04" check "$args" >/dev/null
done
