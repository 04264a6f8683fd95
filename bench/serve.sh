#!/usr/bin/env bash
# Load on `verisim serve`: CLIENTS concurrent clients post 512x512 JPEGs for SECONDS (default 32
# clients, 120 s) against a fresh server with the default detector on this machine, each waiting
# for its verdict before the next post; prints the statuses (only 202 and 429 are acceptable), the
# jobs done per second, p50/p99 latencies and the server's resident memory at the half-way point
# and at the end. Not a test.
#
#   bench/serve.sh [CLIENTS] [SECONDS] [SERVE_OPTION...]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
clients="${1:-32}"
seconds="${2:-120}"
shift $(($# < 2 ? $# : 2))
data="$(mktemp -d)"
port=$((20000 + RANDOM % 20000))
"$root/verisim" --version >/dev/null # builds the tool if needed
key=$("$root/verisim" keys create --name bench --data-dir "$data" | awk 'END {print $NF}')
"$root/verisim" serve --port "$port" --data-dir "$data" "$@" >"$data/serve.log" 2>&1 &
launcher=$!
trap 'kill "$launcher" 2>/dev/null || true; wait "$launcher" 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$port/api/v1/openapi.json" >/dev/null && break
  sleep 0.5
done
pid=$(pgrep -f -- "--data-dir $data" | head -n 1)
echo "server pid $pid on port $port; $clients clients for $seconds s"
java "$root/bench/ServeLoad.java" "http://127.0.0.1:$port" "$key" "$clients" "$seconds" "$pid"
