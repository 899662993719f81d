#!/usr/bin/env bash
# The cost of installing rel04 for CI: a cold release build of the light binary (no AWS SDK,
# `--no-default-features`) beside the full one, each in an empty target folder, with the size
# of each binary. Usage: bench/build.sh
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(uname -sr), $(cargo --version)"
cargo fetch --locked >/dev/null 2>&1
for build in light full; do
  flags=""
  [ "$build" = light ] && flags="--no-default-features"
  start=$(date +%s.%N)
  cargo build --release --locked -p rel04 $flags --target-dir "$work/$build" >/dev/null 2>&1
  end=$(date +%s.%N)
  size=$(stat -c %s "$work/$build/release/rel04")
  awk -v b="$build" -v s="$start" -v e="$end" -v z="$size" -v v="$("$work/$build/release/rel04" --version)" \
    'BEGIN { printf "%s build: %.0f s, binary %.1f MB, %s\n", b, e - s, z / 1000000, v }'
done
