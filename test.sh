#!/usr/bin/env bash
# Runs every test. Installs what the tests need (redis-server, redis-cli, chromium) with apt when missing and
# running as root; otherwise says exactly what to install.
# COVERAGE=1 ./test.sh also collects line coverage (coverlet) and prints a summary per assembly.
set -euo pipefail
cd "$(dirname "$0")"

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
# redis-cli creates the local cluster the Redis tests run against; it ships in redis-tools.
command -v redis-cli >/dev/null 2>&1 || missing+=(redis-tools)
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing ${missing[*]} with apt-get..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "The tests need: ${missing[*]}. Install them with: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi
if ! command -v dotnet >/dev/null 2>&1; then
  echo "The tests need the .NET 10 SDK (dotnet) on PATH." >&2
  exit 1
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build Bot.sln -c Release -nologo -v quiet
# The benchmark is not a test, but it must keep building with the code it measures.
dotnet build bench/Switchboard.Bench -c Release -nologo -v quiet

log=$(mktemp)
coverage=$(mktemp -d)
trap 'rm -rf "$log" "$coverage"' EXIT
collect=()
if [ "${COVERAGE:-0}" = "1" ]; then
  # The shared fakes and fixtures are not what is measured.
  collect=(--collect:"XPlat Code Coverage" --results-directory "$coverage" --
           "DataCollectionRunSettings.DataCollectors.DataCollector.Configuration.Exclude=[Switchboard.Testing]*")
fi
status=0
dotnet test Bot.sln -c Release --no-build -nologo "${collect[@]}" 2>&1 | tee "$log" || status=$?

# One closing line for the whole run, summed over the test assemblies.
awk '/(Passed|Failed)! +- +Failed: +[0-9]+, +Passed: +[0-9]+, +Skipped: +[0-9]+/ {
       gsub(",", ""); for (i = 1; i <= NF; i++) {
         if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) } }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"

if [ "${COVERAGE:-0}" = "1" ]; then
  # Each test assembly writes its own report; a line counts as covered when any of them ran it.
  find "$coverage" -name coverage.cobertura.xml -print0 | xargs -0 awk '
    /<package / { match($0, /name="[^"]*"/); package = substr($0, RSTART + 6, RLENGTH - 7) }
    /<class / { match($0, /filename="[^"]*"/); file = substr($0, RSTART + 10, RLENGTH - 11) }
    /<line / {
      match($0, /number="[0-9]+"/); key = package SUBSEP file SUBSEP substr($0, RSTART + 8, RLENGTH - 9)
      match($0, /hits="[0-9]+"/); hits = substr($0, RSTART + 6, RLENGTH - 7) + 0
      if (!(key in seen)) { seen[key] = 1; lines[package]++ }
      if (hits > 0 && !(key in ran)) { ran[key] = 1; covered[package]++ }
    }
    END {
      for (p in lines) { printf "1 %-24s %5.1f%% of %d lines\n", p, 100 * covered[p] / lines[p], lines[p]; all += lines[p]; hit += covered[p] }
      if (all > 0) printf "2 %-24s %5.1f%% of %d lines\n", "all", 100 * hit / all, all
    }' | sort | cut -c3-
fi
exit $status
