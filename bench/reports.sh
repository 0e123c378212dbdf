#!/usr/bin/env bash
# The reports bench (bench/README.md, "Reports"): a private redis-server and the host in Production on free loopback
# ports, the read model seeded with 100,000 tickets and 20,000 kudos through ReportWriter, then the dashboard's data
# load timed in process and over GET /api/reports/summary. Everything it starts is stopped on exit.
#
#   bench/reports.sh                          100,000 tickets, 20,000 kudos, 30 timed loads per period
#   bench/reports.sh --tickets 10000 --runs 10
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
for tool in dotnet redis-server; do
  command -v "$tool" >/dev/null 2>&1 || { echo "bench/reports.sh needs $tool on PATH." >&2; exit 1; }
done

echo "Building the host and the bench (Release)..."
dotnet build src/Switchboard.Host/Switchboard.Host.csproj -c Release -nologo -v quiet
dotnet build bench/Switchboard.Bench/Switchboard.Bench.csproj -c Release -nologo -v quiet
host_dll=src/Switchboard.Host/bin/Release/net10.0/Switchboard.Host.dll
bench_dll=bench/Switchboard.Bench/bin/Release/net10.0/Switchboard.Bench.dll

source bench/lib.sh reports
start_redis

prefix="bench-reports:$(date +%s)-$$"
export BENCH_ADMIN_KEY
BENCH_ADMIN_KEY=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
host_port=$(free_port)
ASPNETCORE_ENVIRONMENT=Production DOTNET_ENVIRONMENT=Production \
Redis__Configuration="127.0.0.1:$redis_port" Redis__KeyPrefix="$prefix" Admin__ApiKey="$BENCH_ADMIN_KEY" Teams__Enabled=false \
Logging__LogLevel__Default=Warning \
  dotnet "$host_dll" --urls "http://127.0.0.1:$host_port" >"$work/host.log" 2>&1 &
host_pid=$!
pids+=("$host_pid")
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$host_port/readyz" >/dev/null 2>&1 && break
  kill -0 "$host_pid" 2>/dev/null || { echo "The host exited; its log:" >&2; tail -n 40 "$work/host.log" >&2; exit 1; }
  sleep 0.2
done

echo "Load before: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown); $(nproc) cores."
dotnet "$bench_dll" --reports --redis "127.0.0.1:$redis_port" --redis-prefix "$prefix" --config "$root/config" \
  --host "http://127.0.0.1:$host_port" "$@"
echo "Load after: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)."
echo "Redis: $(redis-cli -h 127.0.0.1 -p "$redis_port" info memory 2>/dev/null | grep -E '^used_memory_human' | tr -d '\r'), $(redis-cli -h 127.0.0.1 -p "$redis_port" dbsize 2>/dev/null) keys."
