#!/usr/bin/env bash
# `rel04 evidence` on real repositories you have checked out (public samples nobody here wrote):
# for each, its commit, what was read and skipped, findings per kind, wall time (hyperfine, 2
# warm-up runs, 10 measured, page cache warm) and peak memory (GNU time), in one run.
# Needs hyperfine, GNU time and python3. The repositories are not part of rel04: check them out
# yourself (BENCHMARKS.md names the ones measured and their commits).
# Usage: bench/evidence-real.sh REPO_DIR[@COMMIT]... (the commit is read with git when the
# folder is a clone; give it after @ for a checkout without its .git)
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$#" -gt 0 ] || { echo "usage: bench/evidence-real.sh REPO_DIR[@COMMIT]..." >&2; exit 2; }
cargo build --release --locked -p rel04 --no-default-features --target-dir target/light
rel04="$PWD/target/light/release/rel04"
echo "rel04 $(git rev-parse --short HEAD); machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
for arg in "$@"; do
  repo=${arg%@*}
  commit=${arg#*@}
  [ "$commit" != "$arg" ] || commit=$(git -C "$repo" rev-parse HEAD 2>/dev/null || echo "unknown commit")
  echo "== $(basename "$repo") at $commit: $(find "$repo" -type f -not -path '*/.git/*' | wc -l) files"
  "$rel04" evidence "$repo" --format json 2>/dev/null | python3 -c '
import json, sys
d = json.load(sys.stdin); s = d["summary"]
print("read %d files (%d test), skipped %d files and %d vendored folders; %d supports, %d gaps; %d warnings"
      % (s["files"], s["testFiles"], s["skipped"], len(s["vendored"]), s["supports"], s["gaps"], len(d["warnings"])))'
  hyperfine --warmup 2 --runs 10 -N --style basic "$rel04 evidence $repo --format json" 2>/dev/null | grep -E "Time|Range"
  /usr/bin/time -f "peak RSS: %M KiB" "$rel04" evidence "$repo" --format json 2>&1 >/dev/null | tail -1
done
