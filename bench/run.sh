#!/usr/bin/env bash
# The benchmark (bench/README.md). Builds the host and the bench in Release, installs the peers (bench/peers.sh),
# starts on free loopback ports: a private redis-server; the host in Development for the host scenarios; the host
# in Production twice, Teams only and Slack only, with Redis and authentication on, configured for the fake
# platform API the bench serves; the botbuilder and Bolt peers. Then runs the bench, which prints medians and
# ratios and writes bench/results/latest.json. Everything it starts is stopped on exit.
#
#   bench/run.sh                 host scenarios + Teams and Slack turn suites against the peers (about 8 minutes)
#   bench/run.sh --quick         the same, short (1-2 minutes)
#   bench/run.sh --long          the long run: 400,000 turns per Switchboard host, memory sampled each second
#   bench/run.sh --no-peers      without node: Switchboard only, no ratios to the peers
# Other arguments go to the bench, e.g. `bench/run.sh --scenarios teams --connections 32`.
# Environment variables set by the caller reach the hosts (e.g. a product setting to try).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

peers=1
long=0
args=()
for arg in "$@"; do
  case "$arg" in
    --no-peers) peers=0 ;;
    --long) long=1; args+=(--long-turns 400000) ;;
    --long-turns) long=1; args+=("$arg") ;;
    *) args+=("$arg") ;;
  esac
done
time_limit=${BENCH_TIME_LIMIT:-$([ "$long" = 1 ] && echo 3600 || echo 1800)}

for tool in dotnet redis-server; do
  command -v "$tool" >/dev/null 2>&1 || { echo "bench/run.sh needs $tool on PATH (redis-server: apt-get install redis-server)." >&2; exit 1; }
done

echo "Building the host and the bench (Release)..."
dotnet build src/Switchboard.Host/Switchboard.Host.csproj -c Release -nologo -v quiet
dotnet build bench/Switchboard.Bench/Switchboard.Bench.csproj -c Release -nologo -v quiet
host_dll=src/Switchboard.Host/bin/Release/net10.0/Switchboard.Host.dll
bench_dll=bench/Switchboard.Bench/bin/Release/net10.0/Switchboard.Bench.dll
[ "$peers" = 1 ] && bench/peers.sh

source bench/lib.sh bench
secret() { head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n'; }

start_redis

stamp="$(date +%s)-$$"
prefix="bench:$stamp"
platform_port=$(free_port)
platform="http://127.0.0.1:$platform_port"

# Development host for the host scenarios (playground on, no platform credentials).
host_port=$(free_port)
ASPNETCORE_ENVIRONMENT=Development DOTNET_ENVIRONMENT=Development \
Redis__Configuration="127.0.0.1:$redis_port" Redis__KeyPrefix="$prefix" \
  dotnet "$host_dll" --urls "http://127.0.0.1:$host_port" >"$work/host.log" 2>&1 &
host_pid=$!
pids+=("$host_pid")

# Per-run secrets, shared by the hosts, the peers and the bench (the bench reads the BENCH_* ones).
export BENCH_TEAMS_APP_ID
BENCH_TEAMS_APP_ID=$(cat /proc/sys/kernel/random/uuid)
export BENCH_SLACK_SIGNING_SECRET
BENCH_SLACK_SIGNING_SECRET=$(secret)
app_password=$(secret)
bot_token="xoxb-bench-$(secret)"
admin_key=$(secret)
tenant=6e1c3f27-4b8a-4d2e-9a51-0c7b2d9e8f10 # BenchIdentities.TenantId

# Production hosts, one per platform so each has its own process to measure, as each peer does.
teams_port=$(free_port)
ASPNETCORE_ENVIRONMENT=Production DOTNET_ENVIRONMENT=Production \
Redis__Configuration="127.0.0.1:$redis_port" Redis__KeyPrefix="$prefix:teams" Admin__ApiKey="$admin_key" \
MicrosoftAppType=MultiTenant MicrosoftAppId="$BENCH_TEAMS_APP_ID" MicrosoftAppPassword="$app_password" \
Teams__OpenIdMetadataUrl="$platform/v1/.well-known/openidconfiguration" \
Teams__EmulatorOpenIdMetadataUrl="$platform/aad/v2.0/.well-known/openid-configuration" \
Teams__TokenEndpoint="$platform/{tenant}/oauth2/v2.0/token" \
Teams__TrustedServiceHosts__0="$platform" Teams__AllowedTenants__0="$tenant" \
  dotnet "$host_dll" --urls "http://127.0.0.1:$teams_port" >"$work/teams-host.log" 2>&1 &
teams_pid=$!
pids+=("$teams_pid")

slack_port=$(free_port)
ASPNETCORE_ENVIRONMENT=Production DOTNET_ENVIRONMENT=Production \
Redis__Configuration="127.0.0.1:$redis_port" Redis__KeyPrefix="$prefix:slack" Admin__ApiKey="$admin_key" \
Teams__Enabled=false \
Slack__SigningSecret="$BENCH_SLACK_SIGNING_SECRET" Slack__BotToken="$bot_token" Slack__ApiBaseUrl="$platform/slack/api/" \
  dotnet "$host_dll" --urls "http://127.0.0.1:$slack_port" >"$work/slack-host.log" 2>&1 &
slack_pid=$!
pids+=("$slack_pid")

targets=(--target "switchboard-teams=http://127.0.0.1:$teams_port@$teams_pid"
         --target "switchboard-slack=http://127.0.0.1:$slack_port@$slack_pid")
if [ "$peers" = 1 ]; then
  botbuilder_port=$(free_port)
  PORT=$botbuilder_port BENCH_PLATFORM_URL=$platform NODE_ENV=production \
  MICROSOFT_APP_ID="$BENCH_TEAMS_APP_ID" MICROSOFT_APP_PASSWORD="$app_password" \
    node bench/peers/botbuilder-bot.js >"$work/botbuilder.log" 2>&1 &
  botbuilder_pid=$!
  pids+=("$botbuilder_pid")
  bolt_port=$(free_port)
  PORT=$bolt_port BENCH_PLATFORM_URL=$platform NODE_ENV=production \
  SLACK_SIGNING_SECRET="$BENCH_SLACK_SIGNING_SECRET" SLACK_BOT_TOKEN="$bot_token" \
  SLACK_BOT_USER_ID=U0BENCHBOT SLACK_BOT_ID=B0BENCHBOT \
    node bench/peers/bolt-app.js >"$work/bolt.log" 2>&1 &
  bolt_pid=$!
  pids+=("$bolt_pid")
  targets+=(--target "botbuilder=http://127.0.0.1:$botbuilder_port@$botbuilder_pid"
            --target "bolt=http://127.0.0.1:$bolt_port@$bolt_pid")
fi

echo "redis-server on 127.0.0.1:$redis_port; hosts: development :$host_port, teams :$teams_port, slack :$slack_port" \
     "$([ "$peers" = 1 ] && echo "; peers: botbuilder :$botbuilder_port, bolt :$bolt_port"); fake platform $platform"
status=0
# The bench waits for every server itself; a hard time limit keeps a stuck run from going on forever.
# --foreground keeps the bench in this process group, so Ctrl-C reaches it.
timeout --foreground --signal=INT --kill-after=30 "$time_limit" \
  dotnet "$bench_dll" --host "http://127.0.0.1:$host_port" --redis "127.0.0.1:$redis_port" \
    --redis-prefix "$prefix" --config "$root/config" \
    --commit "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)" \
    --platform-port "$platform_port" --redis-pid "$redis_pid" "${targets[@]}" "${args[@]}" || status=$?
case "$status" in
  130) exit 130 ;;
  124) echo "The bench hit the time limit ($time_limit s; BENCH_TIME_LIMIT) and was stopped." >&2 ;;
esac

# What the servers logged: failures they swallowed (a card they could not post) show only there.
report_log() {
  local name=$1 pid=$2 log=$3 pattern=$4
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "$name exited early; its log:" >&2
    tail -n 40 "$log" >&2
    status=1
    return
  fi
  local count
  count=$(grep -c -E "$pattern" "$log" || true)
  echo "$name log: $count warning/error entries, $(wc -l <"$log") lines, $(wc -c <"$log") bytes."
  if [ "$count" -gt 0 ]; then
    grep -A1 -E "$pattern" "$log" | grep -v -E "$pattern|^--$" | sed 's/^ *//' | sort | uniq -c | sort -rn | head -n 5
  fi
  # Which categories write most: logging on the hot path costs CPU in every turn.
  grep -E '^(info|warn|fail|dbug): ' "$log" | cut -d'[' -f1 | sort | uniq -c | sort -rn | head -n 3 | sed 's/^/  most logged: /' || true
  if [ -n "${BENCH_KEEP_LOGS:-}" ]; then
    mkdir -p bench/results/logs
    cp "$log" "bench/results/logs/$(basename "$log")"
  fi
}
report_log "Host (development)" "$host_pid" "$work/host.log" '^(warn|fail):'
report_log "Host (teams)" "$teams_pid" "$work/teams-host.log" '^(warn|fail):'
report_log "Host (slack)" "$slack_pid" "$work/slack-host.log" '^(warn|fail):'
if [ "$peers" = 1 ]; then
  report_log "botbuilder" "$botbuilder_pid" "$work/botbuilder.log" 'failed|Error'
  report_log "bolt" "$bolt_pid" "$work/bolt.log" 'bolt-app: |Error'
fi
# What the run left in Redis: the playground keeps whole conversations in single values, which grow.
if command -v redis-cli >/dev/null 2>&1; then
  echo "Redis after the run: $(redis-cli -h 127.0.0.1 -p "$redis_port" info memory 2>/dev/null | grep -E '^used_memory_human' | tr -d '\r'), $(redis-cli -h 127.0.0.1 -p "$redis_port" dbsize 2>/dev/null) keys. Largest values:"
  redis-cli -h 127.0.0.1 -p "$redis_port" --memkeys 2>/dev/null | grep -E "^Biggest" | sed 's/^/  /' || true
fi
exit "$status"
