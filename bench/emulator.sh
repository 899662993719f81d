# Shared by bench/push.sh and bench/status.sh (sourced, not run): builds the release binaries,
# makes a temporary folder $work with a Python virtualenv holding the PyPI package $1, starts
# wa-emulator on $port with $latency ms per request, and points the AWS settings at it.
# Sets rel04, work and url; removes $work and stops the emulator on exit.
cargo build --release --locked -p rel04 -p wa-emulator
target=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
rel04="$target/release/rel04"
work=$(mktemp -d)
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet "$1"

"$target/release/wa-emulator" --port "$port" --latency-ms "$latency" 2>"$work/emulator.log" &
emulator=$!
trap 'kill $emulator 2>/dev/null; rm -rf "$work"' EXIT
url="http://127.0.0.1:$port"
for _ in $(seq 50); do curl -sf "$url/_emulator/stats" >/dev/null && break; sleep 0.1; done

export AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
export AWS_ENDPOINT_URL_WELLARCHITECTED="$url" REL04_USER=bench@example.com

# requests [OPERATION]: the requests the emulator received so far, of one operation or of all.
requests() {
  curl -sf "$url/_emulator/stats" | python3 -c 'import json,sys
ops = json.load(sys.stdin)["operations"]
print(ops.get(sys.argv[1], {}).get("requests", 0) if len(sys.argv) > 1 else sum(o["requests"] for o in ops.values()))' "$@"
}

# fleet DIR PREFIX: N answers files in DIR (BP01 established), each pushed to a new workload
# named PREFIX-I (untimed set-up).
fleet() {
  mkdir -p "$1"
  for i in $(seq -w 1 "$n"); do
    "$rel04" init --workload "$2-$i" --file "$1/w$i.rel04.json" 2>/dev/null
    "$rel04" answer BP01 selected --file "$1/w$i.rel04.json" 2>/dev/null
  done
  "$rel04" push --create --jobs 16 "$1" >/dev/null 2>&1
}
