#!/usr/bin/env bash
# The benchmark: builds the host and the bench in Release, starts a private redis-server and the real host
# on free loopback ports, runs the scenarios (bench/README.md), prints medians and ratios to the baseline
# and writes bench/results/latest.json. Arguments go to the bench, e.g. `bench/run.sh --runs 3 --duration 2`.
# Everything it starts is stopped on exit.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

for tool in dotnet redis-server; do
  command -v "$tool" >/dev/null 2>&1 || { echo "bench/run.sh needs $tool on PATH (redis-server: apt-get install redis-server)." >&2; exit 1; }
done

echo "Building the host and the bench (Release)..."
dotnet build src/Switchboard.Host/Switchboard.Host.csproj -c Release -nologo -v quiet
dotnet build bench/Switchboard.Bench/Switchboard.Bench.csproj -c Release -nologo -v quiet
host_dll=src/Switchboard.Host/bin/Release/net10.0/Switchboard.Host.dll
bench_dll=bench/Switchboard.Bench/bin/Release/net10.0/Switchboard.Bench.dll

work=$(mktemp -d "${TMPDIR:-/tmp}/switchboard-bench.XXXXXX")
redis_pid=""
host_pid=""
cleanup() {
  local status=$?
  for pid in "$host_pid" "$redis_pid"; do
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { dotnet "$bench_dll" --free-port; }

redis_port=$(free_port)
redis-server --bind 127.0.0.1 --port "$redis_port" --save "" --appendonly no --dir "$work" \
  --protected-mode yes --loglevel warning >"$work/redis.log" 2>&1 &
redis_pid=$!

host_port=$(free_port)
prefix="bench:$(date +%s)-$$"
ASPNETCORE_ENVIRONMENT=Development DOTNET_ENVIRONMENT=Development \
Redis__Configuration="127.0.0.1:$redis_port" Redis__KeyPrefix="$prefix" \
  dotnet "$host_dll" --urls "http://127.0.0.1:$host_port" >"$work/host.log" 2>&1 &
host_pid=$!

echo "redis-server on 127.0.0.1:$redis_port, host on http://127.0.0.1:$host_port (key prefix $prefix)"
status=0
# The bench waits for /readyz itself; a hard time limit keeps a stuck run from going on forever.
# --foreground keeps the bench in this process group, so Ctrl-C reaches it.
timeout --foreground --signal=INT --kill-after=30 "${BENCH_TIME_LIMIT:-1800}" \
  dotnet "$bench_dll" --host "http://127.0.0.1:$host_port" --redis "127.0.0.1:$redis_port" \
    --redis-prefix "$prefix" --config "$root/config" \
    --commit "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)" "$@" || status=$?
case "$status" in
  130) exit 130 ;;
  124) echo "The bench hit BENCH_TIME_LIMIT (${BENCH_TIME_LIMIT:-1800} s) and was stopped." >&2 ;;
esac

if ! kill -0 "$host_pid" 2>/dev/null; then
  echo "The host exited early; its log:" >&2
  tail -n 40 "$work/host.log" >&2
  exit 1
fi
# Failures the host swallowed (a card it could not post, a state document that kept conflicting) show only in its log.
warnings=$(grep -c -E '^(warn|fail):' "$work/host.log" || true)
echo "Host log: $warnings warning/error entries."
if [ "$warnings" -gt 0 ]; then
  grep -A1 -E '^(warn|fail):' "$work/host.log" | grep -v -E '^(warn|fail):|^--$' | sed 's/^ *//' | sort | uniq -c | sort -rn | head -n 5
fi
# What the run left in Redis: the playground keeps whole conversations in single values, which grow.
if command -v redis-cli >/dev/null 2>&1; then
  echo "Largest Redis values after the run:"
  redis-cli -h 127.0.0.1 -p "$redis_port" --memkeys 2>/dev/null | grep -E "^Biggest" | sed 's/^/  /' || true
fi
exit "$status"
